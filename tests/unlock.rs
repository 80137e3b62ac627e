//! Cached unlock through the real kernel keyring, `passwd` and `rekey`.
//!
//! Every command runs without a terminal (`setsid`), so `cmd_locked()` can only
//! open the store through the cache: a success there proves the cache worked.

use std::process::Command as StdCommand;
use std::thread::sleep;
use std::time::Duration;

use crate::util::{
    PASSWORD, Sandbox, contains, on_terminal, on_terminal_in, require_program, stderr_of, strict,
};

/// Whether the kernel user keyring is usable here; when it is not, print why
/// and skip (panic under SESAME_TEST_STRICT=1).
fn keyring_available() -> bool {
    if !require_program("keyctl", "to probe the kernel keyring") {
        return false;
    }
    let probe = format!("sesame-test-probe-{}", std::process::id());
    let added = StdCommand::new("keyctl")
        .args(["add", "user", &probe, "x", "@u"])
        .output();
    let mut ok = matches!(&added, Ok(o) if o.status.success());
    if ok {
        let id = String::from_utf8_lossy(&added.as_ref().unwrap().stdout)
            .trim()
            .to_owned();
        // Reading it back needs the user keyring to be possessed (reachable from
        // the session keyring), as sesame's own reads do.
        ok = StdCommand::new("keyctl")
            .args(["print", &id])
            .output()
            .is_ok_and(|o| o.status.success() && o.stdout.starts_with(b"x"));
        let _ = StdCommand::new("keyctl").args(["invalidate", &id]).status();
    }
    if !ok {
        if strict() {
            panic!("the kernel user keyring is not usable ({added:?}) and SESAME_TEST_STRICT=1");
        }
        eprintln!("SKIPPED: the kernel user keyring is not usable here ({added:?})");
    }
    ok
}

#[test]
fn unlock_then_use_without_password_then_lock() {
    if !keyring_available() {
        return;
    }
    let sb = Sandbox::init();
    sb.set("api/token", "tok-123");

    // Locked: no password, no terminal, nothing cached.
    sb.cmd_locked().args(["get", "api/token"]).assert().code(3);
    sb.cmd_locked().args(["unlock", "--check"]).assert().code(3);

    sb.cmd()
        .args(["unlock", "--timeout", "5m"])
        .assert()
        .success();
    let out = sb
        .cmd_locked()
        .args(["get", "-n", "api/token"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(out.stdout, b"tok-123");
    // Writes work from the cache too.
    sb.cmd_locked()
        .args(["set", "api/other"])
        .write_stdin("v2")
        .assert()
        .success();

    let out = sb
        .cmd_locked()
        .args(["--json", "unlock", "--check"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["unlocked"], true);
    let left = v["expires_in"].as_u64().unwrap();
    assert!(left > 250 && left <= 300, "{left}");

    sb.cmd_locked().arg("lock").assert().success();
    sb.cmd_locked().args(["unlock", "--check"]).assert().code(3);
    sb.cmd_locked().args(["get", "api/token"]).assert().code(3);
    // Locking twice is fine.
    sb.cmd_locked().arg("lock").assert().success();
}

#[test]
fn the_kernel_expires_the_cache_and_reading_never_extends_it() {
    if !keyring_available() {
        return;
    }
    let sb = Sandbox::init();
    sb.set("a", "1");
    sb.cmd()
        .args(["unlock", "--timeout", "5s"])
        .assert()
        .success();
    // Times are measured from just after the unlock, so a slow machine cannot
    // push a read past the expiry and fail the test for the wrong reason.
    let t0 = std::time::Instant::now();
    // Read it twice while it lives: neither read may push the expiry back.
    for at in [1000, 2000] {
        sleep(Duration::from_millis(at).saturating_sub(t0.elapsed()));
        if t0.elapsed() < Duration::from_millis(4000) {
            sb.cmd_locked().args(["get", "a"]).assert().success();
        }
    }
    if t0.elapsed() < Duration::from_millis(4000) {
        sb.cmd_locked()
            .args(["unlock", "--check"])
            .assert()
            .success();
    }
    sleep(Duration::from_millis(5600).saturating_sub(t0.elapsed()));
    sb.cmd_locked().args(["get", "a"]).assert().code(3);
    sb.cmd_locked().args(["unlock", "--check"]).assert().code(3);
}

#[test]
fn two_stores_never_share_a_cache() {
    if !keyring_available() {
        return;
    }
    let one = Sandbox::init();
    let two = Sandbox::init();
    one.set("x", "from-one");
    two.set("x", "from-two");
    one.cmd()
        .args(["unlock", "--timeout", "1m"])
        .assert()
        .success();
    assert_eq!(
        one.cmd_locked()
            .args(["get", "-n", "x"])
            .output()
            .unwrap()
            .stdout,
        b"from-one"
    );
    two.cmd_locked().args(["get", "x"]).assert().code(3);
    two.cmd_locked()
        .args(["unlock", "--check"])
        .assert()
        .code(3);
    // Locking the second leaves the first alone.
    two.cmd_locked().arg("lock").assert().success();
    one.cmd_locked().args(["get", "x"]).assert().success();
    one.cmd_locked().arg("lock").assert().success();
}

#[test]
fn foreign_or_stale_cache_entries_are_never_used() {
    if !keyring_available() {
        return;
    }
    let sb = Sandbox::init();
    sb.set("a", "1");
    let name = sesame::unlock::Cache::for_store(&sb.store)
        .name()
        .to_owned();
    // Something else put an entry under this store's name: ignored and removed.
    let st = StdCommand::new("keyctl")
        .args(["add", "user", &name, "AGE-SECRET-KEY-1-not-ours", "@u"])
        .output()
        .unwrap();
    assert!(st.status.success());
    let out = sb.cmd_locked().args(["get", "a"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let found = StdCommand::new("keyctl")
        .args(["search", "@u", "user", &name])
        .output()
        .unwrap();
    assert!(
        !found.status.success(),
        "the foreign entry was left in place"
    );

    // A store re-created at the same path does not inherit the old cache.
    sb.cmd()
        .args(["unlock", "--timeout", "1m"])
        .assert()
        .success();
    std::fs::remove_dir_all(&sb.store).unwrap();
    sb.cmd()
        .args(["init", "--work-factor", "10"])
        .assert()
        .success();
    sb.set("a", "new store");
    let out = sb.cmd_locked().args(["get", "a"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr_of(&out).contains("no terminal"),
        "{}",
        stderr_of(&out)
    );
    sb.cmd_locked().args(["unlock", "--check"]).assert().code(3);
}

#[test]
fn unlock_refuses_bad_timeouts_and_wrong_passwords() {
    let sb = Sandbox::init();
    sb.cmd().args(["unlock", "--timeout", "0"]).assert().code(2);
    sb.cmd()
        .args(["unlock", "--timeout", "soon"])
        .assert()
        .code(2);
    sb.cmd()
        .args(["unlock", "--timeout", "90d"])
        .assert()
        .code(2);
    sb.cmd()
        .env("SESAME_PASSWORD", "wrong")
        .args(["unlock", "--timeout", "1m"])
        .assert()
        .code(3);
    sb.cmd_locked().args(["unlock", "--check"]).assert().code(3);
}

#[test]
fn a_successful_prompt_caches_the_unlock_unless_disabled() {
    if !keyring_available() {
        return;
    }
    let sb = Sandbox::init();
    sb.set("k", "prompted-value");
    let Some(out) = on_terminal(&sb, "get -n k", &format!("{PASSWORD}\n")) else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(contains(&out.stdout, b"prompted-value"));
    // Now cached for the default 15 minutes: no terminal needed.
    let out = sb
        .cmd_locked()
        .args(["--json", "unlock", "--check"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let left = v["expires_in"].as_u64().unwrap();
    assert!(left > 14 * 60 && left <= 15 * 60, "{left}");
    sb.cmd_locked().arg("lock").assert().success();

    // A wrong password caches nothing.
    let out = on_terminal(&sb, "get k", "not the password\n").unwrap();
    assert!(!out.status.success());
    sb.cmd_locked().args(["unlock", "--check"]).assert().code(3);

    // cache_timeout = 0 in the config disables caching after a prompt.
    let conf = sb.home.join(".config/sesame");
    std::fs::create_dir_all(&conf).unwrap();
    std::fs::write(conf.join("config.toml"), "cache_timeout = 0\n").unwrap();
    let out = on_terminal(&sb, "get k", &format!("{PASSWORD}\n")).unwrap();
    assert!(out.status.success());
    sb.cmd_locked().args(["unlock", "--check"]).assert().code(3);
    // ... and `unlock` without --timeout says so.
    sb.cmd().arg("unlock").assert().code(2);

    std::fs::write(conf.join("config.toml"), "cache_timeout = \"2m\"\n").unwrap();
    sb.cmd().arg("unlock").assert().success();
    let out = sb
        .cmd_locked()
        .args(["--json", "unlock", "--check"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["expires_in"].as_u64().unwrap() <= 120);
    sb.cmd_locked().arg("lock").assert().success();
}

#[test]
fn when_caching_fails_the_command_still_works_and_says_so_once() {
    if !keyring_available() {
        return;
    }
    let sb = Sandbox::init();
    sb.set("k", "still-works");
    // A fresh anonymous session keyring does not reach the user keyring, so the
    // kernel refuses sesame's keyring calls there.
    let Some(out) = on_terminal_in(
        &sb,
        "keyctl session -",
        "get -n k",
        &format!("{PASSWORD}\n"),
    ) else {
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}");
    assert!(text.contains("still-works"), "{text}");
    assert_eq!(text.matches("not cached").count(), 1, "say it once: {text}");
    assert!(text.contains("-v shows why"), "{text}");

    let out = on_terminal_in(
        &sb,
        "keyctl session -",
        "-v get -n k",
        &format!("{PASSWORD}\n"),
    )
    .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}");
    assert!(text.contains("kernel keyring:"), "{text}");
    // And nothing was cached, nor left behind without an expiry: a session that
    // may add to the user keyring but not time or remove keys must not leave one.
    sb.cmd_locked().args(["unlock", "--check"]).assert().code(3);
    let name = sesame::unlock::Cache::for_store(&sb.store)
        .name()
        .to_owned();
    let keys = std::fs::read_to_string("/proc/keys").unwrap_or_default();
    let left: Vec<&str> = keys.lines().filter(|l| l.contains(&name)).collect();
    assert!(
        left.iter().all(|l| !l.contains(" perm ")),
        "a key without expiry was left: {left:?}"
    );
}

#[test]
fn passwd_changes_the_password_and_keeps_the_data() {
    let sb = Sandbox::init();
    sb.set("db/password", "s3cret");
    let before = std::fs::read(sb.file("vault.age")).unwrap();
    let old_identity = sb.identity();
    let use_keyring = keyring_available();
    if use_keyring {
        sb.cmd()
            .args(["unlock", "--timeout", "5m"])
            .assert()
            .success();
    }

    // A wrong current password changes nothing.
    let snap = sb.snapshot();
    sb.cmd()
        .env("SESAME_PASSWORD", "wrong")
        .env("SESAME_NEW_PASSWORD", "new pass")
        .args(["passwd", "--work-factor", "10"])
        .assert()
        .code(3);
    assert_eq!(sb.snapshot(), snap);
    // No new password and no terminal: exit 3, names the variables.
    let out = sb
        .cmd()
        .args(["passwd", "--work-factor", "10"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr_of(&out).contains("SESAME_NEW_PASSWORD"));
    assert_eq!(sb.snapshot(), snap);

    sb.cmd()
        .env("SESAME_NEW_PASSWORD", "a brand new password")
        .args(["passwd", "--work-factor", "10"])
        .assert()
        .success();

    // Old password: exit 3. New one: the same data.
    sb.cmd().args(["get", "db/password"]).assert().code(3);
    let out = sb
        .cmd()
        .env("SESAME_PASSWORD", "a brand new password")
        .args(["get", "-n", "db/password"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(out.stdout, b"s3cret");
    // Same identity, vault untouched.
    assert_eq!(std::fs::read(sb.file("vault.age")).unwrap(), before);
    sb.cmd_locked()
        .env("SESAME_IDENTITY", &old_identity)
        .args(["get", "db/password"])
        .assert()
        .success();
    if use_keyring {
        // The cache was cleared.
        sb.cmd_locked().args(["unlock", "--check"]).assert().code(3);
        sb.cmd_locked()
            .args(["get", "db/password"])
            .assert()
            .code(3);
    }
    // The reference age CLI opens the new identity.age with the new password
    // (it reads the passphrase from a terminal only, so check it through sesame's
    // library instead when run here).
    let wrapped = std::fs::read(sb.file("identity.age")).unwrap();
    let pw = age::secrecy::SecretString::from("a brand new password".to_owned());
    assert!(sesame::crypto::unwrap_identity(&wrapped, &pw).is_ok());
}

#[test]
fn rekey_retires_the_old_identity_and_keeps_every_value() {
    let sb = Sandbox::init();
    let values: Vec<(String, String)> = (0..20)
        .map(|i| (format!("app/key{i}"), format!("value-{i}-{}", i * 7919)))
        .collect();
    for (n, v) in &values {
        sb.set(n, v);
    }
    // A CI recipient must survive the rekey.
    let ci = sb.ok(["recipients", "add", "--generate-ci", "ci"]);
    let ci = ci.trim().to_owned();
    let old_identity = sb.identity();
    // A CI key may read and write, but not take the store over.
    let snap = sb.snapshot();
    sb.cmd_locked()
        .env("SESAME_IDENTITY", &ci)
        .env("SESAME_NEW_PASSWORD", "takeover")
        .args(["rekey", "--work-factor", "10"])
        .assert()
        .code(3);
    assert_eq!(sb.snapshot(), snap);
    let use_keyring = keyring_available();
    if use_keyring {
        sb.cmd()
            .args(["unlock", "--timeout", "5m"])
            .assert()
            .success();
    }

    let out = sb
        .cmd()
        .env("SESAME_NEW_PASSWORD", "after rekey")
        .args(["rekey", "--work-factor", "10"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));

    // The old identity opens neither the vault nor its backup.
    sb.cmd_locked()
        .env("SESAME_IDENTITY", &old_identity)
        .args(["get", "app/key0"])
        .assert()
        .code(3);
    let old = sesame::crypto::Identity::parse(&old_identity).unwrap();
    for f in ["vault.age", "vault.age.bak"] {
        let bytes = std::fs::read(sb.file(f)).unwrap();
        assert!(
            sesame::crypto::decrypt(&bytes, std::slice::from_ref(&old)).is_err(),
            "{f} still opens with the old identity"
        );
    }
    // The old password no longer works; the new one does, every value intact.
    sb.cmd().args(["get", "app/key0"]).assert().code(3);
    for (n, v) in &values {
        let out = sb
            .cmd()
            .env("SESAME_PASSWORD", "after rekey")
            .args(["get", "-n", n])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        assert_eq!(String::from_utf8(out.stdout).unwrap(), *v);
    }
    // The new identity is a new key, and the recipients file names it first.
    let new_pw = age::secrecy::SecretString::from("after rekey".to_owned());
    let new =
        sesame::crypto::unwrap_identity(&std::fs::read(sb.file("identity.age")).unwrap(), &new_pw)
            .unwrap();
    assert_ne!(new.public(), old.public());
    let recipients = std::fs::read_to_string(sb.file("recipients")).unwrap();
    let keys: Vec<&str> = recipients
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    assert_eq!(keys.len(), 2, "{recipients}");
    assert_eq!(keys[0], new.public());
    assert!(!recipients.contains(&old.public()));
    // The CI key still works.
    sb.cmd_locked()
        .env("SESAME_IDENTITY", &ci)
        .args(["get", "app/key3"])
        .assert()
        .success();
    if use_keyring {
        sb.cmd_locked().args(["unlock", "--check"]).assert().code(3);
    }
}
