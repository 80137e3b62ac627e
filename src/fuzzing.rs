//! One entry point per parser of outside input, for the fuzz targets in
//! `fuzz/` and for replaying their corpora in `cargo test`
//! (`tests/fuzz_corpora.rs`). Not part of sesame's interface.
//!
//! Each function feeds `data` to the real parser, as sesame reads it from a file,
//! a pipe or another program, and checks the properties of issue 19: no panic;
//! every error is one of the exit codes the input can cause (ARCHITECTURE.md,
//! "Exit codes"); what parses renders and parses back the same where sesame has
//! a renderer. A broken property panics, which the fuzzer reports as a crash.
//! The allocation bound (16× the input plus 64 MiB) is checked by the fuzz
//! targets' counting allocator, [`alloc_budget`] says how much.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use age::secrecy::SecretString;

use crate::audit::{Action, Entry, Key, Log, Target, Who};
use crate::crypto::{self, DecryptFailure, Identity};
use crate::error::{Error, exit};
use crate::vault::Store;
use crate::vault::format;
use crate::vault::model::{AuditSeal, SealedRecipient};

/// The identity the fuzzing entry points decrypt and authenticate with
/// (a throw-away key made for this file, never used for anything else).
pub const IDENTITY: &str =
    "AGE-SECRET-KEY-18XTVLJMFSRY5VXEHS9392SNVUCHT9YSWJQQYHPEYM86HEM3KXFYS5H05WA";
/// The master password of `identity.age` inputs.
pub const PASSWORD: &str = "fuzzing";
/// scrypt work factors above this are not unwrapped (a fuzzing time budget:
/// each step doubles the time and memory of one execution); the header is
/// still parsed. sesame itself accepts up to 22.
pub const FUZZ_MAX_WORK_FACTOR: u8 = 12;

/// The most a parser may allocate at once for an input of `len` bytes.
pub fn alloc_budget(len: usize) -> usize {
    len.saturating_mul(16).saturating_add(64 << 20)
}

fn identity() -> &'static Identity {
    static ID: OnceLock<Identity> = OnceLock::new();
    ID.get_or_init(|| match Identity::parse(IDENTITY) {
        Ok(id) => id,
        Err(e) => panic!("the fuzzing identity does not parse: {e}"),
    })
}

/// Panic unless `e` exits with one of `codes`.
#[track_caller]
fn exits(e: &Error, codes: &[u8]) {
    assert!(
        codes.contains(&e.exit_code()),
        "error exits {} (expected one of {codes:?}): {e}",
        e.exit_code()
    );
}

/// A one-line message with no control character: what the user sees on
/// stderr, which may be a terminal.
#[track_caller]
fn one_line(e: &Error) {
    let text = e.to_string();
    assert!(
        !text.chars().any(char::is_control),
        "error of more than one line or with a control character: {text:?}"
    );
}

/// The payload inside `vault.age` (format 1 JSON): `decode`, the partial
/// `decode_selected` of `get`, and `encode` → `decode` round trips.
pub fn vault_payload(data: &[u8]) {
    let path = Path::new("vault.age");
    let full = format::decode(data, path);
    let all = format::decode_selected(data, path, &|_| true);
    let none = format::decode_selected(data, path, &|_| false);
    for r in [&full, &all, &none] {
        if let Err(e) = r {
            exits(e, &[exit::CORRUPT]);
            one_line(e);
        }
    }
    let Ok(vault) = full else {
        return;
    };
    // What the full parse accepts, the partial one accepts, with the same secrets.
    let Ok(selected) = all else {
        panic!("decode accepted a payload that decode_selected refused");
    };
    assert!(
        none.is_ok(),
        "decode_selected(none) refused a valid payload"
    );
    let once = format::encode(&vault, data.len());
    let mut also = vault.clone();
    also.secrets = selected.secrets;
    assert_eq!(
        *format::encode(&also, 0),
        *once,
        "decode_selected read other secrets than decode"
    );
    let back = match format::decode(&once, path) {
        Ok(v) => v,
        Err(e) => panic!("an encoded vault does not decode: {e}"),
    };
    assert_eq!(
        *format::encode(&back, 0),
        *once,
        "encode → decode is not stable"
    );
}

/// `vault.age` and `identity.age` as age files: the header, armor and payload
/// parsers. Every failure is a `DecryptFailure`, each of which the store maps
/// to exit 3 or 5 (`vault::failure`); a decrypted payload goes on to
/// [`vault_payload`].
pub fn age_file(data: &[u8]) {
    match crypto::decrypt(data, std::slice::from_ref(identity())) {
        Ok(plain) => vault_payload(&plain),
        Err(f) => decrypt_failure(f),
    }
    if costly_scrypt(data) {
        return;
    }
    let password = SecretString::from(PASSWORD.to_owned());
    match crypto::unwrap_identity(data, &password) {
        Ok(id) => assert!(id.public().starts_with("age1")),
        Err(f) => decrypt_failure(f),
    }
}

fn decrypt_failure(f: DecryptFailure) {
    // The reason is quoted in the one-line error.
    if let DecryptFailure::Damaged(why) = &f {
        assert!(!why.chars().any(char::is_control), "{why:?}");
    }
}

/// Whether the file (armored or not) names a scrypt work factor above
/// [`FUZZ_MAX_WORK_FACTOR`] in a `-> scrypt SALT N` stanza line.
fn costly_scrypt(data: &[u8]) -> bool {
    use std::io::Read;
    let mut plain = Vec::new();
    let mut armor = age::armor::ArmoredReader::new(data);
    // A read error leaves what was read; age will refuse the rest anyway.
    let _ = armor.by_ref().take(64 << 10).read_to_end(&mut plain);
    [data, &plain[..]].iter().any(|bytes| {
        bytes.split(|b| *b == b'\n').any(|line| {
            line.strip_prefix(b"-> scrypt ")
                .and_then(|rest| rest.rsplit(|b| *b == b' ').next())
                .and_then(|wf| std::str::from_utf8(wf).ok())
                .is_some_and(|wf| wf.parse::<u8>().is_ok_and(|n| n > FUZZ_MAX_WORK_FACTOR))
        })
    })
}

/// The plain identity file (`SESAME_IDENTITY_FILE`) and the `recipients` file,
/// which renders (`render_recipients`) and parses back to the same keys.
pub fn identity_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return; // both are read with read_to_string: not UTF-8 is an I/O error
    };
    if let Ok(keys) = Identity::parse_file(text) {
        assert!(!keys.is_empty());
    }
    let list = match crypto::parse_recipients(text) {
        Ok(list) => list,
        Err(e) => {
            assert!(!e.chars().any(char::is_control), "{e:?}");
            return;
        }
    };
    let sealed: Vec<SealedRecipient> = list
        .iter()
        .zip(text.lines())
        .map(|(r, line)| SealedRecipient {
            key: r.to_string(),
            label: crypto::Recipient::ssh_comment(line),
        })
        .collect();
    let rendered = crate::vault::render_recipients(&sealed);
    let again = match crypto::parse_recipients(&rendered) {
        Ok(l) => l,
        Err(e) => panic!("rendered recipients do not parse: {e}"),
    };
    let keys = |l: &[crypto::Recipient]| l.iter().map(ToString::to_string).collect::<Vec<_>>();
    assert_eq!(keys(&again), keys(&list), "recipients do not round-trip");
}

/// The project file, `sesame.toml`.
pub fn project_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match crate::inject::project::Project::parse(Path::new("sesame.toml"), text) {
        Ok(p) => {
            for m in p.env.iter().chain(p.profiles.values().flatten()) {
                assert!(crate::name::validate_env_var(&m.var).is_ok());
                assert!(crate::inject::project::split_id(&m.secret).is_ok());
            }
            for name in p.profiles.keys() {
                assert!(p.mappings(Some(name)).is_ok());
            }
        }
        Err(e) => {
            exits(&e, &[exit::USAGE]);
            one_line(&e);
        }
    }
}

/// A dotenv file as `import` reads it: UTF-8 with an optional BOM, newlines
/// normalised, parsed, then `${VAR}` interpolated.
pub fn dotenv_import(data: &[u8]) {
    use crate::inject::dotenv;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match dotenv::parse(&dotenv::normalize_newlines(text)) {
        Ok(mut bindings) => {
            let lookup = |n: &str| (n == "HOME").then(|| "/home/fuzz".to_owned());
            if let Err(e) = dotenv::interpolate(&mut bindings, &lookup, data.len()) {
                exits(&e, &[exit::USAGE]);
                one_line(&e);
            }
        }
        Err(e) => {
            exits(&e, &[exit::USAGE]);
            one_line(&e);
        }
    }
}

/// The user's config file.
pub fn config_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match crate::config::parse(text, Path::new("config.toml")) {
        Ok(c) => {
            let _ = c.cache_timeout();
            let _ = c.grace_or_default();
        }
        Err(e) => {
            exits(&e, &[exit::USAGE]);
            one_line(&e);
        }
    }
}

/// Durations, times and `--expires` as typed on the command line, and the
/// RFC 3339 timestamps of the payload and the audit log: the fast parser
/// agrees with jiff, and formatting parses back.
pub fn time_values(data: &[u8]) {
    use crate::time::{self, Expiry, Secs, Timeout, When, rfc3339};
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(secs) = time::parse_duration(text) {
        let shown = time::format_duration(secs);
        assert_eq!(time::parse_duration(&shown).ok(), Some(secs), "{shown}");
    }
    let _ = text.parse::<Secs>();
    let _ = text.parse::<Timeout>();
    let _ = text.parse::<When>();
    if let Ok(Expiry::At(t)) = text.parse::<Expiry>() {
        let _ = time::show(t);
    }
    if let Some(fast) = rfc3339::parse_fast(text) {
        let slow = text.parse::<jiff::Timestamp>().ok();
        assert_eq!(Some(fast), slow, "parse_fast disagrees with jiff");
    }
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        let out = rfc3339::format(t);
        let back = rfc3339::parse_fast(&out).or_else(|| out.parse().ok());
        assert_eq!(back, Some(t), "{out} does not parse back");
    }
}

/// Secret names, `NAME#id` references and environment variable names; a
/// valid name's default variable is a valid variable name.
pub fn names(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match crate::name::validate(text) {
        Ok(()) => {
            let var = crate::name::default_env_var(text);
            assert!(
                crate::name::validate_env_var(&var).is_ok(),
                "{text} gives {var}"
            );
        }
        Err(e) => {
            exits(&e, &[exit::USAGE]);
            one_line(&e);
        }
    }
    if let Err(e) = crate::name::validate_env_var(text) {
        exits(&e, &[exit::USAGE]);
        one_line(&e);
    }
    if let Err(e) = crate::inject::project::split_id(text) {
        exits(&e, &[exit::USAGE]);
    }
}

/// The output of `git cat-file --batch` as `scan --staged/--history` reads it,
/// for three requested blobs, searched for two values.
pub fn git_cat_file(data: &[u8]) {
    use crate::scan::{Collector, Matcher, Needles, ValueRef, git};
    static SEARCH: OnceLock<(Needles, Matcher)> = OnceLock::new();
    let (needles, matcher) = SEARCH.get_or_init(|| {
        let mut needles = Needles::default();
        for (i, v) in ["hunter2hunter2", "s3cr3t-t0ken/with+base64=="]
            .iter()
            .enumerate()
        {
            let r = ValueRef {
                secret: format!("fuzz/{i}"),
                version: 1,
                state: "active",
            };
            needles.add(r, v);
        }
        match Matcher::new(&mut needles) {
            Ok(m) => (needles, m),
            Err(e) => panic!("no matcher for two needles: {e}"),
        }
    });
    let blobs: Vec<git::Blob> = ["a", "b", "c"]
        .iter()
        .map(|p| git::Blob {
            oid: format!("{:0>40}", p),
            paths: vec![(*p).to_owned()],
        })
        .collect();
    let collector = Collector::new(needles);
    match git::read_batch(&blobs, data, matcher, &collector) {
        Ok(()) => {
            let report = collector.finish();
            assert!(report.files <= blobs.len() as u64);
            assert!(report.bytes <= data.len() as u64);
        }
        Err(e) => {
            exits(&e, &[exit::FAILURE]);
            one_line(&e);
        }
    }
}

thread_local! {
    /// A store directory for the audit log, one per thread (the replay in
    /// `cargo test` runs tests in parallel).
    static AUDIT_DIR: tempfile::TempDir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("no temporary directory: {e}"),
    };
}

/// The bytes after the first 0xFF are `audit.log`, those before it
/// `audit.log.1` (without 0xFF, all of it is `audit.log`).
fn split_log(data: &[u8]) -> (Option<&[u8]>, &[u8]) {
    match data.iter().position(|b| *b == 0xFF) {
        Some(i) => (Some(&data[..i]), &data[i + 1..]),
        None => (None, data),
    }
}

/// The audit log: `verify` over both files (with no seal, the head as seal,
/// and a seal past the end, which must fail), the readers of `audit` and
/// `status`, and an append, after which an intact log still verifies.
pub fn audit_log(data: &[u8]) {
    AUDIT_DIR.with(|d| audit_log_in(d.path(), data));
}

fn audit_log_in(dir: &Path, data: &[u8]) {
    let (rotated, current) = split_log(data);
    let write = |name: &str, bytes: Option<&[u8]>| {
        let p: PathBuf = dir.join(name);
        let r = match bytes {
            Some(b) => std::fs::write(&p, b),
            None => std::fs::remove_file(&p).or(Ok(())),
        };
        if let Err(e) = r {
            panic!("cannot write {}: {e}", p.display());
        }
    };
    write(crate::audit::ROTATED_FILE, rotated);
    write(crate::audit::LOG_FILE, Some(current));
    let store = Store::at(dir);
    let log = Log::new(&store);
    let key = Key::derive(identity());
    let keys = std::slice::from_ref(&key);
    let verified = log.verify(keys, None);
    if let Err(e) = &verified {
        exits(e, &[exit::CORRUPT]);
        one_line(e);
    }
    let _ = log.records();
    let _ = crate::audit::last_reads(&store);
    let head = log.head();
    let seal = log.seal(None);
    if let Ok(report) = verified {
        let Ok(Some(seal)) = seal else {
            assert_eq!(report.records, 0, "an intact log without a head");
            return;
        };
        assert_eq!(seal.seq, report.last_seq);
        assert!(matches!(head, Ok(Some(_))));
        if let Err(e) = log.verify(keys, Some(&seal)) {
            panic!("an intact log fails against its own head: {e}");
        }
        let past = AuditSeal {
            seq: seal.seq.saturating_add(1),
            head: seal.head.clone(),
        };
        if seal.seq < u64::MAX {
            assert!(log.verify(keys, Some(&past)).is_err(), "truncation missed");
        }
        append_and_verify(&log, &key, &seal);
    }
}

fn append_and_verify(log: &Log, key: &Key, seal: &AuditSeal) {
    if seal.seq == u64::MAX {
        return;
    }
    let who = Who {
        user: "fuzz".into(),
        host: "box".into(),
        pid: 1,
        member: None,
    };
    let t = [Target::version("fuzz/a", 1)];
    match log.append(&Entry::ok(Action::Get, &t), Some(key), &who) {
        Ok(_) => {
            if let Err(e) = log.verify(std::slice::from_ref(key), Some(seal)) {
                panic!("an append to an intact log broke it: {e}");
            }
        }
        Err(e) => exits(&e, &[exit::FAILURE, exit::CORRUPT]),
    }
}

/// A valid audit log of `records` records (every `keyless`-th without a MAC,
/// as a failed unlock writes it; 0 for none), authenticated with
/// [`IDENTITY`]: seeds for the corpus and the chain property test.
pub fn audit_sample(records: usize, keyless: usize) -> Vec<u8> {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("no temporary directory: {e}"),
    };
    let log = Log::new(&Store::at(dir.path()));
    let key = Key::derive(identity());
    let who = Who {
        user: "alice".into(),
        host: "box".into(),
        pid: 42,
        member: None,
    };
    for i in 1..=records {
        let t = [Target::version(format!("app/s{}", i % 3), 1)];
        let r = if keyless > 0 && i % keyless == 0 {
            let e = Entry {
                action: Action::UnlockFailed,
                secrets: &[],
                outcome: "wrong-password",
                command: Some(Action::Get),
                program: None,
            };
            log.append(&e, None, &who)
        } else {
            log.append(&Entry::ok(Action::Get, &t), Some(&key), &who)
        };
        if let Err(e) = r {
            panic!("cannot append to a fresh log: {e}");
        }
    }
    match std::fs::read(log.path(crate::audit::LOG_FILE)) {
        Ok(b) => b,
        Err(e) => panic!("cannot read the log back: {e}"),
    }
}

/// The masker (issue 14's property as a long run): `data` is values and an
/// output stream. Its first byte picks how many values (1–3); each value is the
/// next 6–37 bytes (length from the following byte), taken as UTF-8 lossily;
/// the rest is the child's output, with each value's forms spliced in at
/// positions the output's own bytes pick, then cut into writes at positions
/// they pick too. Checked: streaming equals masking at once, and no form of
/// any value is left.
pub fn masker(data: &[u8]) {
    use crate::inject::mask::{MaskValue, Masker};
    use crate::scan::needles;
    let Some((&n, mut rest)) = data.split_first() else {
        return;
    };
    let mut values = Vec::new();
    for _ in 0..(n % 3 + 1) {
        let Some((&len, tail)) = rest.split_first() else {
            return;
        };
        let len = 6 + usize::from(len % 32);
        if tail.len() < len {
            return;
        }
        let v = String::from_utf8_lossy(&tail[..len]).into_owned();
        // A value holding the mask itself (`***`) can be re-made by masking
        // another value next to a part of it, which is no leak (found by this
        // target: fuzz/crashes/masker).
        if v.chars().count() < 6 || v.contains('*') {
            return;
        }
        values.push(v);
        rest = &tail[len..];
    }
    let mv: Vec<MaskValue> = values
        .iter()
        .map(|v| MaskValue {
            name: "fuzz",
            value: v,
        })
        .collect();
    let Ok(prepared) = Masker::prepare(&mv, false) else {
        return;
    };
    let Some(m) = prepared.masker else {
        return;
    };
    // The stream: the rest of the input, with forms of the values spliced in.
    let mut stream = Vec::with_capacity(rest.len() * 2);
    for (i, chunk) in rest.chunks(16).enumerate() {
        stream.extend_from_slice(chunk);
        let v = &values[i % values.len()];
        let forms = needles::forms(v);
        if let Some((_, f)) = forms.get(usize::from(chunk[0]) % forms.len().max(1)) {
            stream.extend_from_slice(f);
        }
    }
    let mut whole = Vec::new();
    m.mask_all(&stream, &mut whole);
    let mut cut: Vec<usize> = rest
        .iter()
        .map(|&b| usize::from(b) * stream.len() / 256)
        .collect();
    cut.push(0);
    cut.push(stream.len());
    cut.sort_unstable();
    let mut s = m.stream();
    let mut streamed = Vec::new();
    for w in cut.windows(2) {
        s.feed(&stream[w[0]..w[1]], &mut streamed);
    }
    s.flush(&mut streamed);
    assert!(
        streamed == whole,
        "streamed output differs from masking at once"
    );
    for v in &values {
        for (_, f) in needles::forms(v) {
            assert!(
                !whole.windows(f.len()).any(|w| w == &f[..]),
                "a form of a value is left in the output"
            );
        }
    }
}

pub use crate::fuzzing_12::{ci_token, manifest, member_list, scopes, signature};

/// The join request parser (`member add`, issue 15): no panic; what it
/// accepts has a valid member name, store id, recipient and verifying key;
/// a refusal is one line that does not echo the input.
pub fn join_request(data: &[u8]) {
    use crate::vault::signed;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match signed::parse_join_request(text) {
        Ok(body) => {
            assert!(
                signed::check_member_name(&body.name).is_ok(),
                "a bad name accepted"
            );
            assert!(
                signed::unhex::<16>(&body.store_id).is_some(),
                "a bad store id accepted"
            );
            assert!(
                crate::crypto::Recipient::parse(&body.recipient).is_ok(),
                "a bad recipient accepted"
            );
            assert!(
                signed::unhex::<32>(&body.verify_key).is_some(),
                "a bad key accepted"
            );
        }
        Err(e) => {
            assert!(!e.contains('\n'), "a refusal is one line: {e:?}");
            // An echo is told by a marker added to the input: no fixed
            // message holds it (the input itself may be a message's text).
            let marked = format!("{text}Zq9xK");
            if let Err(e) = signed::parse_join_request(&marked) {
                assert!(!e.contains("Zq9xK"), "a refusal does not echo the request");
            }
        }
    }
}
