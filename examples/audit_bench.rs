//! Driver for `bench/audit.sh`: fills an audit log fast and times appends
//! in-process, with exactly the work `sesame get` adds for its record.
//!
//!     audit_bench fill   STORE N   # append N authenticated `get` records
//!     audit_bench append STORE N   # time N appends, each with its per-process setup
//!
//! The store is unlocked with SESAME_PASSWORD.

use std::error::Error;
use std::time::{Duration, Instant};

use age::secrecy::SecretString;
use sesame::audit::{Action, Entry, Key, Log, Target, Who};
use sesame::vault::Store;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (mode, dir, n) = match args.as_slice() {
        [_, mode, dir, n] => (mode.as_str(), dir, n.parse::<usize>()?),
        _ => return Err("usage: audit_bench fill|append STORE N".into()),
    };
    let store = Store::at(dir);
    let pw = SecretString::from(std::env::var("SESAME_PASSWORD")?);
    let identity = store.unwrap_identity(&pw)?;
    match mode {
        "fill" => {
            // No rotation: the point is one long chain for `verify`.
            let log = Log::new(&store).with_max_bytes(u64::MAX);
            let key = Key::derive(&identity);
            let who = Who::current();
            let start = Instant::now();
            for i in 0..n {
                let t = [Target::version(format!("bench/app{}/secret", i % 1000), 1)];
                log.append(&Entry::ok(Action::Get, &t), Some(&key), &who)?;
            }
            eprintln!("filled {n} records in {:.2?}", start.elapsed());
        }
        "append" => {
            let log = Log::new(&store);
            let mut times = Vec::with_capacity(n);
            for _ in 0..n {
                let start = Instant::now();
                // What one `get` pays: who, the recipients to pick the key,
                // HKDF, then lock + tail read + one write.
                let who = Who::current();
                let recipients = store.recipients()?;
                let key = recipients
                    .iter()
                    .any(|r| r.to_string() == identity.public())
                    .then(|| Key::derive(&identity));
                let t = [Target::version("bench/app/secret", 1)];
                log.append(&Entry::ok(Action::Get, &t), key.as_ref(), &who)?;
                times.push(start.elapsed());
            }
            times.sort_unstable();
            let mean = times.iter().sum::<Duration>() / n.max(1) as u32;
            let pct = |p: usize| times[(times.len() * p / 100).min(times.len() - 1)];
            println!("| append, in-process ({n} runs) | mean | median | p99 | max |");
            println!("| --- | --- | --- | --- | --- |");
            println!(
                "| one `get` record incl. setup | {:.1} µs | {:.1} µs | {:.1} µs | {:.1} µs |",
                micros(mean),
                micros(pct(50)),
                micros(pct(99)),
                micros(times[times.len() - 1])
            );
        }
        other => return Err(format!("unknown mode {other}").into()),
    }
    Ok(())
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}
