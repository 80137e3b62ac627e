//! Nothing is ever lost: damaged files are refused without being written over,
//! concurrent writers all land, a writer killed at any instant leaves a store
//! that opens with every acknowledged write, and the reference `age` CLI alone
//! recovers everything.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{
    PASSWORD, Sandbox, assert_success, contains, require_program, sesame_bin, wait_until,
};
use predicates::prelude::*;

fn flip_bit(path: &std::path::Path, at: usize) {
    let mut bytes = std::fs::read(path).unwrap();
    let at = at.min(bytes.len() - 1);
    bytes[at] ^= 0x04;
    std::fs::write(path, bytes).unwrap();
}

/// With a damaged file in place: `read` exits 5 saying `says`, a write exits
/// 5 too, and the store stays byte for byte as it was (`case` names the damage).
fn assert_refused_as_damaged(sb: &Sandbox, read: &[&str], says: &str, case: &str) {
    let before = sb.snapshot();
    sb.fails(read, 5, says);
    // A write to the same secret (a signed store reads only its bucket).
    sb.exits_given(["set", "a"], "new", 5);
    assert_eq!(sb.snapshot(), before, "{case}: the store changed");
}

#[test]
fn a_flipped_bit_anywhere_in_the_vault_exits_5_and_nothing_writes_over_it() {
    let sb = Sandbox::init();
    sb.set("a", &"v".repeat(200_000)); // several age chunks
    let bucket = sb.buckets_of("manifest").remove(0);
    let len = std::fs::metadata(&bucket).unwrap().len() as usize;
    let clean = std::fs::read(&bucket).unwrap();
    // The header line, a recipient stanza, the header MAC, the payload, the end.
    for at in [3, 60, 120, 200, len / 2, len - 1] {
        std::fs::write(&bucket, &clean).unwrap();
        flip_bit(&bucket, at);
        assert_refused_as_damaged(&sb, &["get", "a"], "vault/", &format!("bit {at}"));
    }
    std::fs::write(&bucket, &clean).unwrap();
    // The manifest: its JSON, or what its signatures cover.
    let manifest = std::fs::read(sb.file("manifest")).unwrap();
    for at in [
        0,
        manifest.len() / 3,
        manifest.len() / 2,
        manifest.len() - 3,
    ] {
        std::fs::write(sb.file("manifest"), &manifest).unwrap();
        flip_bit(&sb.file("manifest"), at);
        assert_refused_as_damaged(&sb, &["get", "a"], "manifest", &format!("bit {at}"));
    }
}

#[test]
fn a_truncated_vault_exits_5_and_stays_as_it_is() {
    let sb = Sandbox::init();
    sb.set("a", &"v".repeat(100_000));
    for file in [sb.buckets_of("manifest").remove(0), sb.file("manifest")] {
        let clean = std::fs::read(&file).unwrap();
        for keep in [0, 10, clean.len() / 2, clean.len() - 1] {
            std::fs::write(&file, &clean[..keep]).unwrap();
            assert_refused_as_damaged(&sb, &["list"], "", &format!("truncated to {keep}"));
        }
        std::fs::write(&file, &clean).unwrap();
    }
}

#[test]
fn a_damaged_identity_exits_5_not_wrong_password() {
    let sb = Sandbox::init();
    sb.set("a", "x");
    let id = std::fs::read_to_string(sb.file("identity.age")).unwrap();
    // Break the armor (a character outside base64) and truncate it.
    std::fs::write(sb.file("identity.age"), id.replacen('A', "*", 1)).unwrap();
    sb.cmd().args(["get", "a"]).assert().code(5);
    std::fs::write(sb.file("identity.age"), &id[..id.len() / 2]).unwrap();
    sb.cmd().args(["get", "a"]).assert().code(5);
    std::fs::write(sb.file("identity.age"), &id).unwrap();
    assert_eq!(sb.get("a"), "x");
}

/// Encrypt `plaintext` to the store's recipient with the reference age CLI.
fn age_encrypt_to_store(sb: &Sandbox, plaintext: &str) -> Vec<u8> {
    let out = crate::util::output_with_stdin(
        Command::new("age")
            .args(["-e", "-R"])
            .arg(sb.file("recipients")),
        plaintext.as_bytes(),
    );
    assert_success(&out);
    out.stdout
}

#[test]
fn a_vault_from_a_newer_sesame_is_refused_and_not_rewritten() {
    if !require_program("age", "encrypting a payload the way another tool would") {
        return;
    }
    let sb = Sandbox::init();
    sb.set("a", "x");
    // A bucket from a newer sesame (never made by this one, so also unsigned).
    let newer = age_encrypt_to_store(&sb, r#"{"format":3,"secrets":{},"future":true}"#);
    let bucket = sb.buckets_of("manifest").remove(0);
    let clean = std::fs::read(&bucket).unwrap();
    std::fs::write(&bucket, &newer).unwrap();
    assert_refused_as_damaged(&sb, &["list"], "", "a newer bucket");
    std::fs::write(&bucket, &clean).unwrap();
    // A manifest from a newer sesame.
    let manifest = std::fs::read_to_string(sb.file("manifest")).unwrap();
    std::fs::write(
        sb.file("manifest"),
        manifest.replacen("\"format\": 2", "\"format\": 3", 1),
    )
    .unwrap();
    assert_refused_as_damaged(&sb, &["list"], "newer sesame", "a newer format");
}

#[test]
fn a_busy_store_exits_7() {
    if !require_program("flock", "holding the store lock from outside") {
        return;
    }
    let sb = Sandbox::init();
    // -o: only flock itself holds the lock, so killing it releases the lock.
    let mut holder = Command::new("flock")
        .arg("-o")
        .arg(sb.file("lock"))
        .args(["sleep", "30"])
        .spawn()
        .unwrap();
    wait_until(Duration::from_secs(10), "flock holds the lock", || {
        // `flock -n` exits 1 when another holds the lock.
        Command::new("flock")
            .arg("-n")
            .arg(sb.file("lock"))
            .arg("true")
            .status()
            .is_ok_and(|s| s.code() == Some(1))
    });
    let before = sb.snapshot();
    sb.cmd()
        .env("SESAME_LOCK_TIMEOUT", "0.5")
        .args(["set", "x"])
        .write_stdin("v")
        .assert()
        .code(7)
        .stderr(predicate::str::contains("busy"));
    // Reads need no lock.
    sb.cmd().args(["list"]).assert().success();
    holder.kill().unwrap();
    holder.wait().unwrap();
    assert_eq!(sb.snapshot(), before);
    sb.set("x", "v");
}

/// `sesame set NAME` on the store at `store`, opened with the identity `key`,
/// started with `value` written to its stdin (closed), its stderr to `stderr`.
fn start_set(
    store: &std::path::Path,
    key: &str,
    name: &str,
    value: &str,
    stderr: Stdio,
) -> std::process::Child {
    let mut child = Command::new(sesame_bin())
        .env_clear()
        .env("SESAME_STORE", store)
        .env("SESAME_IDENTITY", key)
        .args(["set", name])
        .stdin(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(value.as_bytes())
        .unwrap();
    child
}

#[test]
fn concurrent_writers_lose_nothing() {
    let sb = Sandbox::init();
    let key = sb.identity();
    let threads: Vec<_> = (0..6)
        .map(|p| {
            let store = sb.store.clone();
            let key = key.clone();
            std::thread::spawn(move || {
                for s in 0..8 {
                    let name = format!("p{p}/s{s}");
                    let value = format!("value-{p}-{s}");
                    let child = start_set(&store, &key, &name, &value, Stdio::piped());
                    assert_success(&child.wait_with_output().unwrap());
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let names = sb.ok(["list"]);
    assert_eq!(names.lines().count(), 48, "{names}");
    for p in 0..6 {
        for s in 0..8 {
            assert_eq!(sb.get(&format!("p{p}/s{s}")), format!("value-{p}-{s}"));
        }
    }
}

#[test]
fn a_writer_killed_at_random_moments_never_breaks_the_store() {
    let sb = Sandbox::init();
    let key = sb.identity();
    // Padding makes each write take long enough for kills to land mid-write.
    sb.set("padding", &"p".repeat(2_000_000));
    // Time one write, then kill at delays from 0 to 1.5× that: before, during
    // and after the commit.
    let writer = |name: &str| start_set(&sb.store, &key, name, "acknowledged", Stdio::null());
    let start = Instant::now();
    assert!(writer("calibrate").wait().unwrap().success());
    let span = start.elapsed().as_micros() as u64 * 3 / 2;
    let mut acknowledged = Vec::new();
    let mut seed = std::process::id() as u64 ^ 0x9e37_79b9_7f4a_7c15;
    let mut killed_mid_write = 0;
    for i in 0..40 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let delay = Duration::from_micros((seed >> 33) % span.max(1));
        let name = format!("crash/k{i}");
        let mut child = writer(&name);
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if start.elapsed() >= delay {
                break None;
            }
            std::thread::sleep(Duration::from_micros(200));
        };
        match status {
            Some(s) if s.success() => acknowledged.push(name),
            Some(s) => panic!("writer failed on its own: {s:?}"),
            None => {
                child.kill().unwrap();
                let s = child.wait().unwrap();
                if s.success() {
                    acknowledged.push(name);
                } else {
                    killed_mid_write += 1;
                }
            }
        }
        // The store always opens, and every acknowledged write is there.
        let list = sb.ok(["list"]);
        for a in &acknowledged {
            assert!(list.lines().any(|l| l == a), "lost {a}");
        }
    }
    eprintln!(
        "{} writes acknowledged, {killed_mid_write} killed mid-write",
        acknowledged.len()
    );
    assert!(
        killed_mid_write > 0,
        "no kill landed mid-write; the test proved nothing"
    );
    // Temp files from killed writers are swept by the next writer.
    sb.set("final", "x");
    let stray: Vec<_> = sb
        .snapshot()
        .into_keys()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn the_backup_holds_the_previous_vault() {
    let sb = Sandbox::init();
    sb.set("a", "first");
    let first = std::fs::read(sb.file("manifest")).unwrap();
    sb.set("b", "second");
    assert_eq!(std::fs::read(sb.file("manifest.bak")).unwrap(), first);
    // Its buckets are kept beside the new ones.
    assert!(contains(&sb.decrypted("manifest.bak"), b"first"));
    assert!(!contains(&sb.decrypted("manifest.bak"), b"second"));
}

/// "gone" holding "remove-me-value", and "other" beside it.
fn with_a_value_to_remove() -> Sandbox {
    let sb = Sandbox::init();
    sb.set("gone", "remove-me-value");
    sb.set("other", "x");
    sb
}

#[test]
fn remove_needs_force_and_an_existing_name() {
    let sb = with_a_value_to_remove();
    sb.exits(["remove", "gone"], 2);
    sb.exits(["remove", "nope", "--force"], 4);
}

#[test]
fn remove_force_scrubs_the_value_from_the_vault_and_its_backup() {
    let sb = with_a_value_to_remove();
    sb.ok(["remove", "gone", "--force"]);
    sb.exits(["get", "gone"], 4);
    // Neither the vault nor its backup still opens to the removed value.
    for f in ["manifest", "manifest.bak"] {
        let plain = decrypted(&sb, f);
        assert!(
            contains(&plain, b"\"other\""),
            "{f} did not decrypt to the vault"
        );
        assert!(!contains(&plain, b"remove-me-value"), "{f}");
    }
}

/// Run `age -d` on a pseudo-terminal (age reads passphrases only from a
/// terminal), typing the password once the prompt is up.
fn age_decrypt_with_passphrase(file: &std::path::Path, out: &std::path::Path) {
    let cmd = format!("age -d -o '{}' '{}'", out.display(), file.display());
    let mut child = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Type only once the prompt is up: age may discard what was typed before.
    let mut shown = child.stdout.take().unwrap();
    let (prompted, prompt) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 256];
        while let Ok(n @ 1..) = shown.read(&mut buf) {
            seen.extend_from_slice(&buf[..n]);
            if contains(&seen, b"passphrase") {
                let _ = prompted.send(());
                seen.clear();
            }
        }
    });
    prompt
        .recv_timeout(Duration::from_secs(30))
        .expect("age never prompted for the passphrase");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(format!("{PASSWORD}\n").as_bytes()).unwrap();
    drop(stdin);
    wait_until(Duration::from_secs(30), "age hung", || {
        child.try_wait().unwrap().is_some()
    });
}

#[test]
fn the_reference_age_cli_recovers_every_secret() {
    if !require_program("age", "interoperability with the reference age CLI")
        || !require_program("script", "a pseudo-terminal for age's passphrase prompt")
    {
        return;
    }
    let sb = Sandbox::init();
    sb.set("github/ci/token", "ghp_interop \"quoted\" ✓");
    let key_file = sb.dir.path().join("key.txt");
    age_decrypt_with_passphrase(&sb.file("identity.age"), &key_file);
    let key = std::fs::read_to_string(&key_file).unwrap();
    assert!(
        key.trim().starts_with("AGE-SECRET-KEY-1"),
        "age did not print the key"
    );
    let out = Command::new("age")
        .args(["-d", "-i"])
        .arg(&key_file)
        .arg(sb.buckets_of("manifest").remove(0))
        .output()
        .unwrap();
    assert_success(&out);
    let payload: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(payload["format"], 2);
    let versions = &payload["secrets"]["github/ci/token"]["versions"];
    assert_eq!(versions[0]["value"], "ghp_interop \"quoted\" ✓");
}

/// The decrypted buckets `which` (`manifest` or `manifest.bak`) names, and,
/// for the manifest, every bucket file left in `vault/` (none may keep what
/// was removed).
fn decrypted(sb: &Sandbox, which: &str) -> Vec<u8> {
    let mut plain = sb.decrypted(which);
    if which == "manifest" {
        let id = sesame::crypto::Identity::parse(&sb.identity()).unwrap();
        for entry in std::fs::read_dir(sb.store.join("vault")).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            plain.extend_from_slice(
                &sesame::crypto::decrypt(&bytes, std::slice::from_ref(&id)).unwrap(),
            );
        }
    }
    plain
}

/// On a store where `DB_PASS` has three versions and `max_versions = 3`, the
/// command `args` (with `stdin`) drops or wipes a value: after it, neither
/// the buckets of `manifest` nor those of `manifest.bak` hold version 1's value. (`recipients
/// remove` is in recipients.rs: the backup no longer opens with the key.)
fn leaves_no_dropped_value_in_the_backup(args: &[&str], stdin: &str) {
    const FIRST: &str = "first-value-1111";
    let sb = Sandbox::init();
    let config = sb.dir.path().join("config.toml");
    std::fs::write(&config, "max_versions = 3\n").unwrap();
    std::fs::write(sb.dir.path().join("fourth.env"), "DB_PASS=fourth-value\n").unwrap();
    let run = |args: &[&str], stdin: &str| {
        let out = sb
            .cmd()
            .env("SESAME_CONFIG", &config)
            .current_dir(&sb.store)
            .args(args)
            .write_stdin(stdin)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&["set", "DB_PASS"], FIRST);
    run(&["set", "DB_PASS"], "second-value");
    run(&["set", "DB_PASS"], "third-value");
    run(&["set", "other"], "unrelated");
    // A write that drops nothing keeps the previous vault as the backup,
    // version 1's value included: the check below can fail.
    assert!(contains(&decrypted(&sb, "manifest.bak"), FIRST.as_bytes()));

    run(args, stdin);
    for file in ["manifest", "manifest.bak"] {
        let plain = decrypted(&sb, file);
        assert!(contains(&plain, b"\"other\""), "{file} is no vault");
        assert!(!contains(&plain, FIRST.as_bytes()), "{file} holds it");
    }
}

#[test]
fn set_past_max_versions_leaves_no_dropped_value_in_the_backup() {
    leaves_no_dropped_value_in_the_backup(&["set", "DB_PASS"], "fourth-value");
}

#[test]
fn generate_past_max_versions_leaves_no_dropped_value_in_the_backup() {
    leaves_no_dropped_value_in_the_backup(&["generate", "DB_PASS", "--force"], "");
}

#[test]
fn import_overwrite_past_max_versions_leaves_no_dropped_value_in_the_backup() {
    leaves_no_dropped_value_in_the_backup(&["import", "--overwrite", "../fourth.env"], "");
}

#[test]
fn rollback_past_max_versions_leaves_no_dropped_value_in_the_backup() {
    leaves_no_dropped_value_in_the_backup(&["rollback", "DB_PASS", "--to", "2"], "");
}

#[test]
fn rotate_past_max_versions_leaves_no_dropped_value_in_the_backup() {
    leaves_no_dropped_value_in_the_backup(
        &["rotate", "DB_PASS", "--stdin", "--grace", "1h"],
        "fourth-value",
    );
}

#[test]
fn revoke_leaves_no_revoked_value_in_the_backup() {
    leaves_no_dropped_value_in_the_backup(&["revoke", "DB_PASS", "--version", "1", "--yes"], "");
}

#[test]
fn remove_leaves_no_removed_value_in_the_backup() {
    leaves_no_dropped_value_in_the_backup(&["remove", "DB_PASS", "--force"], "");
}

/// A secret whose every value was revoked keeps metadata that can matter (a
/// description, scopes, a stored command): removing it scrubs the backup too.
#[test]
fn removing_a_secret_without_values_scrubs_its_metadata_from_the_backup() {
    const MARK: &str = "db-for-acme-corp";
    let sb = Sandbox::init();
    sb.set_with("old/db", ["--description", MARK], "v1");
    sb.ok(["revoke", "old/db", "--force"]);
    sb.set("other", "v");
    // A write that removes nothing keeps the previous vault as the backup.
    assert!(contains(&decrypted(&sb, "manifest.bak"), MARK.as_bytes()));
    sb.ok(["remove", "old/db", "--force"]);
    for file in ["manifest", "manifest.bak"] {
        assert!(
            !contains(&decrypted(&sb, file), MARK.as_bytes()),
            "{file} still describes the removed secret"
        );
    }
}

/// A write after one that removed something (whose backup is the manifest
/// itself, the same file) leaves no temporary link behind: renaming a link
/// over another link to the same file does nothing (POSIX), and the first
/// crash test caught the leftover once in CI.
#[test]
fn a_write_after_a_removal_leaves_no_temporary_file() {
    let sb = Sandbox::init();
    sb.set("x", "a");
    sb.ok(["rm", "x", "--force"]);
    sb.set("y", "b");
    let stray: Vec<_> = sb
        .snapshot()
        .into_keys()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}
