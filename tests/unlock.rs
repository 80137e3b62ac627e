//! Cached unlock through the real kernel keyring, `passwd` and `rekey`.
//!
//! Every command runs without a terminal (`setsid`), so `cmd_locked()` can only
//! open the store through the cache: a success there proves the cache worked.

use std::process::Command as StdCommand;
use std::thread::sleep;
use std::time::Duration;

use crate::util::{
    PASSWORD, Sandbox, contains, on_terminal, on_terminal_in, require_program, stderr_of,
    stdout_ok, strict,
};

/// Whether the kernel user keyring is usable here; when it is not, print why
/// and skip (panic under SESAME_TEST_STRICT=1).
fn keyring_available() -> bool {
    if !require_program("keyctl", "to probe the kernel keyring") {
        return false;
    }
    // Unique per call: tests run in parallel threads of one process.
    static PROBES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = PROBES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let probe = format!("sesame-test-probe-{}-{n}", std::process::id());
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
        return false;
    }
    // sesame caches only in a session keyring of the process's own, never in
    // the user's default session keyring (.ci/run runs the tests under
    // `keyctl session -`, as a login session would).
    let session = StdCommand::new("keyctl")
        .args(["rdescribe", "@s"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    if !session.starts_with("keyring;") || session.contains(";_uid_ses.") {
        if strict() {
            panic!(
                "the tests have no session keyring of their own ({session:?}); run them under `keyctl session -` (SESAME_TEST_STRICT=1)"
            );
        }
        eprintln!(
            "SKIPPED: no session keyring of our own ({session:?}); run under `keyctl session -`"
        );
        return false;
    }
    true
}

/// `sesame ARGS` (cache only), asserting it exits with `code`.
fn locked_exits(sb: &Sandbox, args: &[&str], code: i32) {
    sb.cmd_locked().args(args).assert().code(code);
}

/// Nothing unlocks the store without a password: `unlock --check` says 3.
fn assert_locked(sb: &Sandbox) {
    locked_exits(sb, &["unlock", "--check"], 3);
}

/// `unlock --timeout TIMEOUT` with the password.
fn unlock(sb: &Sandbox, timeout: &str) {
    sb.ok(["unlock", "--timeout", timeout]);
}

/// Seconds left on the cache, as `--json unlock --check` reports them
/// (asserting it is unlocked).
fn seconds_left(sb: &Sandbox) -> u64 {
    let v = serde_json::from_str::<serde_json::Value>(&stdout_ok(
        sb.cmd_locked().args(["--json", "unlock", "--check"]),
    ))
    .unwrap();
    assert_eq!(v["unlocked"], true);
    v["expires_in"].as_u64().unwrap()
}

/// A store holding "api/token", or `None` (skip) without a usable keyring.
fn keyring_store() -> Option<Sandbox> {
    if !keyring_available() {
        return None;
    }
    let sb = Sandbox::init();
    sb.set("api/token", "tok-123");
    Some(sb)
}

#[test]
fn without_password_terminal_or_cache_nothing_opens() {
    let Some(sb) = keyring_store() else { return };
    locked_exits(&sb, &["get", "api/token"], 3);
    assert_locked(&sb);
}

#[test]
fn after_unlock_reads_and_writes_need_no_password() {
    let Some(sb) = keyring_store() else { return };
    unlock(&sb, "5m");
    let out = stdout_ok(sb.cmd_locked().args(["get", "-n", "api/token"]));
    assert_eq!(out, "tok-123");
    // Writes work from the cache too.
    sb.cmd_locked()
        .args(["set", "api/other"])
        .write_stdin("v2")
        .assert()
        .success();
}

#[test]
fn unlock_check_reports_the_time_left() {
    let Some(sb) = keyring_store() else { return };
    unlock(&sb, "5m");
    let left = seconds_left(&sb);
    assert!(left > 250 && left <= 300, "{left}");
}

#[test]
fn lock_forgets_the_cache_and_may_run_twice() {
    let Some(sb) = keyring_store() else { return };
    unlock(&sb, "5m");
    sb.cmd_locked().arg("lock").assert().success();
    assert_locked(&sb);
    locked_exits(&sb, &["get", "api/token"], 3);
    // Locking twice is fine.
    sb.cmd_locked().arg("lock").assert().success();
}

#[test]
fn the_kernel_expires_the_cache_and_reading_never_extends_it() {
    let Some(sb) = keyring_store() else { return };
    unlock(&sb, "5s");
    // Times are measured from just after the unlock, so a slow machine cannot
    // push a read past the expiry and fail the test for the wrong reason.
    let t0 = std::time::Instant::now();
    // Read it twice while it lives: neither read may push the expiry back.
    for at in [1000, 2000] {
        sleep(Duration::from_millis(at).saturating_sub(t0.elapsed()));
        if t0.elapsed() < Duration::from_millis(4000) {
            sb.cmd_locked()
                .args(["get", "api/token"])
                .assert()
                .success();
        }
    }
    if t0.elapsed() < Duration::from_millis(4000) {
        sb.cmd_locked()
            .args(["unlock", "--check"])
            .assert()
            .success();
    }
    sleep(Duration::from_millis(5600).saturating_sub(t0.elapsed()));
    locked_exits(&sb, &["get", "api/token"], 3);
    assert_locked(&sb);
}

#[test]
fn two_stores_never_share_a_cache() {
    let Some(one) = keyring_store() else { return };
    let two = Sandbox::init();
    one.set("x", "from-one");
    two.set("x", "from-two");
    unlock(&one, "1m");
    assert_eq!(
        stdout_ok(one.cmd_locked().args(["get", "-n", "x"])),
        "from-one"
    );
    locked_exits(&two, &["get", "x"], 3);
    assert_locked(&two);
    // Locking the second leaves the first alone.
    two.cmd_locked().arg("lock").assert().success();
    one.cmd_locked().args(["get", "x"]).assert().success();
    one.cmd_locked().arg("lock").assert().success();
}

/// The name of `sb`'s entry in the kernel keyring.
fn cache_name(sb: &Sandbox) -> String {
    sesame::unlock::Cache::for_store(&sb.store)
        .name()
        .to_owned()
}

#[test]
fn a_foreign_entry_under_the_stores_name_is_ignored() {
    let Some(sb) = keyring_store() else { return };
    sb.cmd_locked().arg("lock").assert().success();
    let name = cache_name(&sb);
    // A plain identity under the store's name (what sesame 0.1 cached) is
    // never read as one: only what this session's key decrypts counts.
    let st = StdCommand::new("keyctl")
        .args([
            "add",
            "user",
            &name,
            &format!("sesame-cache 1\n4102444800\n{}\n", sb.identity()),
            "@u",
        ])
        .output()
        .unwrap();
    assert!(st.status.success());
    let out = sb.cmd_locked().args(["get", "api/token"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    // That read removed it: a child linking @u can no longer read it.
    let found = StdCommand::new("keyctl")
        .args(["search", "@u", "user", &name])
        .output()
        .unwrap();
    assert!(
        !found.status.success(),
        "the plaintext entry outlived a cache read"
    );
    // `lock` removes one too.
    let st = StdCommand::new("keyctl")
        .args([
            "add",
            "user",
            &name,
            &format!("sesame-cache 1\n4102444800\n{}\n", sb.identity()),
            "@u",
        ])
        .output()
        .unwrap();
    assert!(st.status.success());
    sb.cmd_locked().arg("lock").assert().success();
    let found = StdCommand::new("keyctl")
        .args(["search", "@u", "user", &name])
        .output()
        .unwrap();
    assert!(
        !found.status.success(),
        "the foreign entry was left in place"
    );
}

#[test]
fn a_store_re_created_at_the_same_path_does_not_inherit_the_cache() {
    let Some(sb) = keyring_store() else { return };
    unlock(&sb, "1m");
    std::fs::remove_dir_all(&sb.store).unwrap();
    sb.ok(["init", "--work-factor", "10"]);
    sb.set("api/token", "new store");
    let out = sb.cmd_locked().args(["get", "api/token"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr_of(&out).contains("no terminal"),
        "{}",
        stderr_of(&out)
    );
    assert_locked(&sb);
}

#[test]
fn unlock_refuses_bad_timeouts() {
    let sb = Sandbox::init();
    for timeout in ["0", "soon", "90d"] {
        sb.exits(["unlock", "--timeout", timeout], 2);
    }
}

#[test]
fn unlock_with_a_wrong_password_caches_nothing() {
    let sb = Sandbox::init();
    sb.cmd()
        .env("SESAME_PASSWORD", "wrong")
        .args(["unlock", "--timeout", "1m"])
        .assert()
        .code(3);
    assert_locked(&sb);
}

/// A store holding "k", and the text a terminal shows of `sesame ARGS` when
/// `typed` is typed at its prompt; `None` (skip) without a usable keyring or
/// without `script`.
fn prompted(args: &str, typed: &str) -> Option<(Sandbox, std::process::Output)> {
    if !keyring_available() {
        return None;
    }
    let sb = Sandbox::init();
    sb.set("k", "prompted-value");
    let out = on_terminal(&sb, args, typed)?;
    Some((sb, out))
}

/// Write `text` as the config file in its default location.
fn write_user_config(sb: &Sandbox, text: &str) {
    let conf = sb.home.join(".config/sesame");
    std::fs::create_dir_all(&conf).unwrap();
    std::fs::write(conf.join("config.toml"), text).unwrap();
}

/// As [`prompted`] with `get -n k` and the right password, after `config`
/// is written as the config file.
fn prompted_with_config(config: &str) -> Option<(Sandbox, std::process::Output)> {
    if !keyring_available() {
        return None;
    }
    let sb = Sandbox::init();
    sb.set("k", "prompted-value");
    write_user_config(&sb, config);
    let out = on_terminal(&sb, "get -n k", &format!("{PASSWORD}\n"))?;
    Some((sb, out))
}

#[test]
fn a_successful_prompt_caches_the_unlock_for_15_minutes() {
    let Some((sb, out)) = prompted("get -n k", &format!("{PASSWORD}\n")) else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(contains(&out.stdout, b"prompted-value"));
    // Now cached for the default 15 minutes: no terminal needed.
    let left = seconds_left(&sb);
    assert!(left > 14 * 60 && left <= 15 * 60, "{left}");
    sb.cmd_locked().arg("lock").assert().success();
}

#[test]
fn a_wrong_password_at_the_prompt_caches_nothing() {
    let Some((sb, out)) = prompted("get k", "not the password\n") else {
        return;
    };
    assert!(!out.status.success());
    assert_locked(&sb);
}

#[test]
fn cache_timeout_0_in_the_config_disables_caching_after_a_prompt() {
    let Some((sb, out)) = prompted_with_config("cache_timeout = 0\n") else {
        return;
    };
    assert!(out.status.success());
    assert_locked(&sb);
    // ... and `unlock` without --timeout says so.
    sb.exits(["unlock"], 2);
}

#[test]
fn cache_timeout_in_the_config_is_the_default_of_unlock() {
    if !keyring_available() {
        return;
    }
    let sb = Sandbox::init();
    write_user_config(&sb, "cache_timeout = \"2m\"\n");
    sb.cmd().arg("unlock").assert().success();
    assert!(seconds_left(&sb) <= 120);
    sb.cmd_locked().arg("lock").assert().success();
}

/// `sesame ARGS` as a terminal shows it inside a fresh anonymous session
/// keyring that sesame may not write, so the kernel refuses sesame's
/// keyring calls there; `None` (skip) without a keyring or `script`.
fn with_caching_refused(args: &str) -> Option<(Sandbox, String)> {
    if !keyring_available() {
        return None;
    }
    let sb = Sandbox::init();
    sb.set("k", "still-works");
    // Possessor: view, read, search, link, setattr; no write.
    let wrapper = "keyctl session - sh -c 'keyctl setperm @s 0x3b000000 && exec \"$0\" \"$@\"'";
    let out = on_terminal_in(&sb, wrapper, args, &format!("{PASSWORD}\n"))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}");
    Some((sb, text))
}

#[test]
fn when_caching_fails_the_command_still_works_and_says_so_once() {
    let Some((_sb, text)) = with_caching_refused("get -n k") else {
        return;
    };
    assert!(text.contains("still-works"), "{text}");
    assert_eq!(text.matches("not cached").count(), 1, "say it once: {text}");
    assert!(text.contains("-v shows why"), "{text}");
}

#[test]
fn when_caching_fails_verbose_says_why_and_nothing_is_left_behind() {
    let Some((sb, text)) = with_caching_refused("-v get -n k") else {
        return;
    };
    assert!(text.contains("kernel keyring:"), "{text}");
    // And nothing was cached, nor left behind without an expiry: a session that
    // may add to the user keyring but not time or remove keys must not leave one.
    assert_locked(&sb);
    let name = cache_name(&sb);
    let keys = std::fs::read_to_string("/proc/keys").unwrap_or_default();
    let left: Vec<&str> = keys.lines().filter(|l| l.contains(&name)).collect();
    assert!(
        left.iter().all(|l| !l.contains(" perm ")),
        "a key without expiry was left: {left:?}"
    );
}

/// A store holding "db/password", unlocked through the cache when the
/// keyring is usable (the bool says whether).
fn unlocked_when_possible() -> (Sandbox, bool) {
    let sb = Sandbox::init();
    sb.set("db/password", "s3cret");
    let use_keyring = keyring_available();
    if use_keyring {
        unlock(&sb, "5m");
    }
    (sb, use_keyring)
}

#[test]
fn passwd_with_a_wrong_current_password_changes_nothing() {
    let (sb, _) = unlocked_when_possible();
    let snap = sb.snapshot();
    sb.cmd()
        .env("SESAME_PASSWORD", "wrong")
        .env("SESAME_NEW_PASSWORD", "new pass")
        .args(["passwd", "--work-factor", "10"])
        .assert()
        .code(3);
    assert_eq!(sb.snapshot(), snap);
}

#[test]
fn passwd_without_a_new_password_or_terminal_names_the_variable() {
    let (sb, _) = unlocked_when_possible();
    let snap = sb.snapshot();
    sb.fails(["passwd", "--work-factor", "10"], 3, "SESAME_NEW_PASSWORD");
    assert_eq!(sb.snapshot(), snap);
}

#[test]
fn passwd_changes_the_password_and_keeps_the_data() {
    let (sb, use_keyring) = unlocked_when_possible();
    let before = std::fs::read(sb.file("manifest")).unwrap();
    let old_identity = sb.identity();
    sb.cmd()
        .env("SESAME_NEW_PASSWORD", "a brand new password")
        .args(["passwd", "--work-factor", "10"])
        .assert()
        .success();

    // Old password: exit 3. New one: the same data.
    sb.exits(["get", "db/password"], 3);
    let out = stdout_ok(
        sb.cmd()
            .env("SESAME_PASSWORD", "a brand new password")
            .args(["get", "-n", "db/password"]),
    );
    assert_eq!(out, "s3cret");
    // Same identity, vault untouched.
    assert_eq!(std::fs::read(sb.file("manifest")).unwrap(), before);
    sb.cmd_locked()
        .env("SESAME_IDENTITY", &old_identity)
        .args(["get", "db/password"])
        .assert()
        .success();
    if use_keyring {
        // The cache was cleared.
        assert_locked(&sb);
        locked_exits(&sb, &["get", "db/password"], 3);
    }
    // The reference age CLI opens the new identity.age with the new password
    // (it reads the passphrase from a terminal only, so check it through sesame's
    // library instead when run here).
    let wrapped = std::fs::read(sb.file("identity.age")).unwrap();
    let pw = age::secrecy::SecretString::from("a brand new password".to_owned());
    assert!(sesame::crypto::unwrap_identity(&wrapped, &pw).is_ok());
}

/// A store of 20 values and a CI recipient: the values, the CI identity and
/// the store's own identity.
fn twenty_values_and_a_ci_key() -> (Sandbox, Vec<(String, String)>, String, String) {
    let sb = Sandbox::init();
    let values: Vec<(String, String)> = (0..20)
        .map(|i| (format!("app/key{i}"), format!("value-{i}-{}", i * 7919)))
        .collect();
    // One import writes them all: `app/` and each variable name.
    let dotenv: String = values
        .iter()
        .map(|(n, v)| format!("{}={v}\n", n.trim_start_matches("app/")))
        .collect();
    sb.exits_given(["import", "-", "--prefix", "app"], &dotenv, 0);
    let ci = sb.ok(["recipients", "add", "--generate-ci", "ci"]);
    let ci = ci.trim().to_owned();
    let old_identity = sb.identity();
    (sb, values, ci, old_identity)
}

/// `rekey` to the password "after rekey", asserting success.
fn rekey(sb: &Sandbox) {
    stdout_ok(sb.cmd().env("SESAME_NEW_PASSWORD", "after rekey").args([
        "rekey",
        "--work-factor",
        "10",
    ]));
}

#[test]
fn a_ci_key_cannot_rekey_the_store() {
    let (sb, _, ci, _) = twenty_values_and_a_ci_key();
    let snap = sb.snapshot();
    sb.cmd_locked()
        .env("SESAME_IDENTITY", &ci)
        .env("SESAME_NEW_PASSWORD", "takeover")
        .args(["rekey", "--work-factor", "10"])
        .assert()
        .code(3);
    assert_eq!(sb.snapshot(), snap);
}

#[test]
fn rekey_retires_the_old_identity_and_password() {
    let (sb, _, _, old_identity) = twenty_values_and_a_ci_key();
    let use_keyring = keyring_available();
    if use_keyring {
        unlock(&sb, "5m");
    }
    rekey(&sb);
    // The old identity opens neither the vault nor its backup.
    sb.cmd_locked()
        .env("SESAME_IDENTITY", &old_identity)
        .args(["get", "app/key0"])
        .assert()
        .code(3);
    let old = sesame::crypto::Identity::parse(&old_identity).unwrap();
    for f in ["manifest", "manifest.bak"] {
        for bucket in sb.buckets_of(f) {
            let bytes = std::fs::read(&bucket).unwrap();
            assert!(
                sesame::crypto::decrypt(&bytes, std::slice::from_ref(&old)).is_err(),
                "{} still opens with the old identity",
                bucket.display()
            );
        }
    }
    // The old password no longer works.
    sb.exits(["get", "app/key0"], 3);
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
    if use_keyring {
        assert_locked(&sb);
    }
}

#[test]
fn rekey_keeps_every_value_and_the_ci_key() {
    let (sb, values, ci, _) = twenty_values_and_a_ci_key();
    rekey(&sb);
    // The new password opens every value intact.
    for (n, v) in &values {
        let out = stdout_ok(
            sb.cmd()
                .env("SESAME_PASSWORD", "after rekey")
                .args(["get", "-n", n]),
        );
        assert_eq!(out, *v);
    }
    // The CI key still receives every bucket, but its token pins the old
    // admin key, which is revoked now (it may have leaked): refused until a
    // new token is made.
    let token = sesame::crypto::Identity::parse(&ci).unwrap();
    for bucket in sb.buckets_of("manifest") {
        let bytes = std::fs::read(&bucket).unwrap();
        assert!(sesame::crypto::decrypt(&bytes, std::slice::from_ref(&token)).is_ok());
    }
    sb.cmd_locked()
        .env("SESAME_IDENTITY", &ci)
        .args(["get", "app/key3"])
        .assert()
        .code(5);
    let fresh = stdout_ok(sb.cmd().env("SESAME_PASSWORD", "after rekey").args([
        "recipients",
        "add",
        "--generate-ci",
        "ci-2",
    ]));
    sb.cmd_locked()
        .env("SESAME_IDENTITY", fresh.trim())
        .args(["get", "app/key3"])
        .assert()
        .success();
}

/// The attack of issue 13: a program that `sesame run` starts (a cloned
/// repository's Makefile) re-links the user keyring into its session and
/// asks sesame for a secret while the parent shell is unlocked. It gets exit
/// 3 and nothing else: the key that unwraps the cached unlock is in the
/// parent's session keyring, possessor-only, and the child was started in a
/// new session keyring. Every step is checked with keyctl.
#[test]
fn a_child_of_run_cannot_use_the_cached_unlock() {
    let Some(sb) = keyring_store() else { return };
    let bin = crate::util::sesame_bin();
    let name = cache_name(&sb);
    let child = format!(
        r#"keyctl link @u @s >/dev/null 2>&1
echo "child session: $(keyctl rdescribe @s)"
keyctl search @s user '{name}:key' >/dev/null 2>&1 && echo "FOUND the key"
keyctl print "$PARENT_KEY" >/dev/null 2>&1 && echo "READ the key"
keyctl link "$PARENT_KEY" @s 2>/dev/null && echo "LINKED the key"
keyctl link "$PARENT_SESSION" @s 2>/dev/null && echo "LINKED the parent's session"
'{bin}' --store '{store}' get api/token; echo "child get: $?"
'{bin}' --store '{store}' env --all --no-project; echo "child env: $?""#,
        bin = bin.display(),
        store = sb.store.display(),
    );
    let parent = format!(
        r#"'{bin}' unlock >/dev/null 2>&1 || exit 9
keyctl search @s user '{name}:key' >/dev/null || {{ echo "no key in the parent's session"; exit 9; }}
echo "key perms: $(keyctl rdescribe %user:'{name}:key' | cut -d';' -f4)"
PARENT_KEY="$(keyctl search @s user '{name}:key')"; export PARENT_KEY
PARENT_SESSION="$(keyctl show @s | sed -n 2p | awk '{{print $1}}')"; export PARENT_SESSION
env -u SESAME_PASSWORD '{bin}' get api/token; echo "parent get: $?"
env -u SESAME_PASSWORD '{bin}' run -s api/token -- sh -c "$CHILD"
env -u SESAME_PASSWORD '{bin}' get api/token; echo "parent again: $?""#,
        bin = bin.display(),
        name = name,
    );
    let mut cmd = StdCommand::new("keyctl");
    cmd.args(["session", "-", "sh", "-c", &parent]);
    sb.isolate(&mut cmd)
        .env("SESAME_PASSWORD", PASSWORD)
        .env("CHILD", &child);
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{text}\n{err}");
    assert!(
        text.contains("key perms: 3f000000"),
        "possessor-only: {text}"
    );
    assert!(text.contains("tok-123\nparent get: 0"), "{text}\n{err}");
    assert!(text.contains("child get: 3"), "{text}\n{err}");
    assert!(text.contains("child env: 3"), "{text}\n{err}");
    assert!(
        !text.contains("FOUND") && !text.contains("READ") && !text.contains("LINKED"),
        "{text}"
    );
    assert_eq!(
        text.matches("tok-123").count(),
        2,
        "only the parent's gets: {text}"
    );
    assert!(
        text.contains("parent again: 0"),
        "the parent stays unlocked: {text}"
    );
    sb.cmd_locked().arg("lock").assert().success();
}
