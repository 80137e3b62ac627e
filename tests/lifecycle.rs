//! The life of a secret through the real binary: versions, key ids, rotation by
//! real shell scripts, a grace period and max age ending in real time,
//! revocation wiping every file of the store, rollback, status and the config
//! file. What is due, expired or in grace at a given time is worked out in
//! `lifecycle::lifecycle::schedule`, and tested there with a fixed clock.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::util::{Sandbox, contains};
use predicates::prelude::*;
use serde_json::Value;

/// Write an executable shell script into the sandbox and return its path.
fn script(sb: &Sandbox, name: &str, body: &str) -> PathBuf {
    let p = sb.dir.path().join(name);
    fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
    p
}

/// A rotate script that records its environment and command line into
/// `<name>.env` / `<name>.argv` and prints `$NEXT_VALUE` (read from a file, so
/// the test can change it), or fails when the file `fail` exists.
fn recording_rotate(sb: &Sandbox) -> PathBuf {
    let d = sb.dir.path().display();
    script(
        sb,
        "rotate.sh",
        &format!(
            r#"env > {d}/rotate.env
tr '\0' ' ' < /proc/$$/cmdline > {d}/rotate.argv
tr '\0' ' ' < /proc/$PPID/cmdline >> {d}/rotate.argv
[ -e {d}/fail ] && {{ echo 'provider said no' >&2; exit 3; }}
cat {d}/next"#
        ),
    )
}

fn recording_revoke(sb: &Sandbox) -> PathBuf {
    let d = sb.dir.path().display();
    script(
        sb,
        "revoke.sh",
        &format!(
            r#"env >> {d}/revoke.env
echo "revoked $SESAME_REVOKED_VERSION"
[ -e {d}/fail-revoke ] && exit 1
exit 0"#
        ),
    )
}

fn read(sb: &Sandbox, file: &str) -> String {
    fs::read_to_string(sb.dir.path().join(file)).unwrap_or_default()
}

fn json(sb: &Sandbox, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&sb.ok(all)).unwrap()
}

/// Every store file's bytes, and the decrypted plaintext of vault.age and
/// vault.age.bak, must not contain `needle`.
fn assert_nowhere(sb: &Sandbox, needle: &str) {
    for (file, bytes) in sb.snapshot() {
        assert!(
            !contains(&bytes, needle.as_bytes()),
            "{file} holds the value"
        );
    }
    let id = sesame::crypto::Identity::parse(&sb.identity()).unwrap();
    for file in ["vault.age", "vault.age.bak"] {
        let bytes = fs::read(sb.file(file)).unwrap();
        let plain = sesame::crypto::decrypt(&bytes, std::slice::from_ref(&id)).unwrap();
        assert!(
            !contains(&plain, needle.as_bytes()),
            "decrypted {file} holds the value"
        );
    }
}

/// Whether decrypted vault.age or vault.age.bak holds `needle` (to show the
/// check above can fail).
fn decrypted_holds(sb: &Sandbox, file: &str, needle: &str) -> bool {
    let id = sesame::crypto::Identity::parse(&sb.identity()).unwrap();
    let bytes = fs::read(sb.file(file)).unwrap();
    let plain = sesame::crypto::decrypt(&bytes, std::slice::from_ref(&id)).unwrap();
    contains(&plain, needle.as_bytes())
}

/// Wait out a max age or grace of 1s set by a command that returned at
/// `since`: it counted from its own `now`, before that.
fn a_second_after(since: Instant) {
    sleep((since + Duration::from_millis(1050)).saturating_duration_since(Instant::now()));
}

fn alive(pid: &str) -> bool {
    let status = fs::read_to_string(format!("/proc/{}/status", pid.trim())).unwrap_or_default();
    // A zombie has exited; only a running or sleeping process counts.
    !status.is_empty() && !status.contains("State:\tZ")
}

#[test]
fn rotate_command_gets_env_not_argv_and_previous_stays_in_grace() {
    let sb = Sandbox::init();
    let rot = recording_rotate(&sb);
    sb.cmd()
        .args(["set", "svc/api", "--id", "pub-1", "--rotate-command"])
        .arg(&rot)
        .write_stdin("old-value-111")
        .assert()
        .success();
    fs::write(sb.dir.path().join("next"), "new-value-222\n").unwrap();
    sb.cmd()
        .args(["rotate", "svc/api", "--grace", "1h"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Rotated svc/api (version 2"));
    let env = read(&sb, "rotate.env");
    assert!(env.contains("SESAME_SECRET_NAME=svc/api\n"), "{env}");
    assert!(
        env.contains("SESAME_CURRENT_VALUE=old-value-111\n"),
        "{env}"
    );
    assert!(env.contains("SESAME_CURRENT_ID=pub-1\n"), "{env}");
    assert!(
        !env.contains("SESAME_PASSWORD"),
        "the master password leaked: {env}"
    );
    assert!(!env.contains("SESAME_STORE"), "{env}");
    let argv = read(&sb, "rotate.argv");
    assert!(argv.contains("rotate.sh"), "{argv}");
    assert!(!argv.contains("old-value-111"), "{argv}");

    assert_eq!(sb.get("svc/api"), "new-value-222");
    assert_eq!(
        sb.ok(["get", "-n", "--version", "1", "svc/api"]),
        "old-value-111"
    );
    let show = json(&sb, &["show", "svc/api"]);
    assert_eq!(show["versions"][0]["state"], "previous");
    assert_eq!(show["versions"][0]["id"], "pub-1");
    assert!(show["versions"][0]["grace_until"].is_string());
    assert_eq!(show["versions"][1]["state"], "active");
    assert!(
        show["versions"][1].get("id").is_none(),
        "a plain value has no id"
    );
    let text = sb.ok(["show", "svc/api"]);
    assert!(text.contains("grace until"), "{text}");
    assert!(text.contains("id pub-1"), "{text}");
    let status = json(&sb, &["status"]);
    assert_eq!(status["items"][0]["state"], "in-grace");
    assert_eq!(status["items"][0]["version"], 1);
}

#[test]
fn rotate_command_json_output_sets_key_id() {
    let sb = Sandbox::init();
    sb.set("aws/prod/deploy", "secret-one");
    sb.cmd()
        .args([
            "rotate",
            "aws/prod/deploy",
            "--command",
            r#"printf '{"id": "AKIANEW2", "value": "secret-%s"}\n' two"#,
        ])
        .assert()
        .success();
    assert_eq!(sb.get("aws/prod/deploy"), "secret-two");
    let list = json(&sb, &["list"]);
    assert_eq!(list[0]["id"], "AKIANEW2");
    let get = json(&sb, &["get", "aws/prod/deploy"]);
    assert_eq!(get["id"], "AKIANEW2");
    assert!(sb.ok(["show", "aws/prod/deploy"]).contains("id AKIANEW2"));
}

#[test]
fn set_id_is_shown_by_list_and_show() {
    let sb = Sandbox::init();
    sb.cmd()
        .args([
            "set",
            "stripe/live",
            "--id",
            "pk_live_abc",
            "--scopes",
            "charges:write",
        ])
        .write_stdin("sk_live_secret")
        .assert()
        .success();
    let list = json(&sb, &["list"]);
    assert_eq!(list[0]["id"], "pk_live_abc");
    assert_eq!(list[0]["scopes"], "charges:write");
    let show = sb.ok(["show", "stripe/live"]);
    assert!(show.contains("id pk_live_abc"), "{show}");
    assert!(show.contains("charges:write"), "{show}");
    assert!(!show.contains("sk_live_secret"));
    sb.cmd()
        .args(["set", "x", "--id", "two\nlines"])
        .write_stdin("v")
        .assert()
        .code(2);
}

/// A secret "svc/api" holding "keep-me" with the recording rotate script, and
/// the store as it was then.
fn with_rotate_command(sb: &Sandbox) -> BTreeMap<String, Vec<u8>> {
    let rot = recording_rotate(sb);
    sb.cmd()
        .args(["set", "svc/api", "--rotate-command"])
        .arg(&rot)
        .write_stdin("keep-me")
        .assert()
        .success();
    sb.snapshot()
}

#[test]
fn a_failing_rotate_command_changes_nothing() {
    let sb = Sandbox::init();
    let before = with_rotate_command(&sb);
    fs::write(sb.dir.path().join("fail"), "").unwrap();
    fs::write(sb.dir.path().join("next"), "never-stored").unwrap();
    sb.cmd()
        .args(["rotate", "svc/api"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "rotate command of 'svc/api' failed (exit status 3)",
        ))
        .stderr(predicate::str::contains("provider said no"))
        .stderr(predicate::str::contains("never-stored").not());
    assert_eq!(sb.snapshot(), before);
    assert_eq!(sb.get("svc/api"), "keep-me");
}

#[test]
fn a_rotate_command_that_prints_nothing_changes_nothing() {
    let sb = Sandbox::init();
    let before = with_rotate_command(&sb);
    fs::write(sb.dir.path().join("next"), "").unwrap();
    sb.cmd()
        .args(["rotate", "svc/api"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("printed nothing"));
    assert_eq!(sb.snapshot(), before);
    assert_eq!(sb.get("svc/api"), "keep-me");
}

#[test]
fn a_slow_rotate_command_is_stopped_with_all_it_started() {
    let sb = Sandbox::init();
    let before = with_rotate_command(&sb);
    let pidfile = sb.dir.path().join("bg.pid");
    let slow = format!(
        "sleep 60 & echo $! > {}; sleep 60; echo too-late",
        pidfile.display()
    );
    let start = Instant::now();
    sb.cmd()
        .args(["rotate", "svc/api", "--timeout", "1s", "--command", &slow])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did not finish within 1s"));
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(sb.snapshot(), before);
    let pid = fs::read_to_string(&pidfile).unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while alive(&pid) && Instant::now() < deadline {
        sleep(Duration::from_millis(50));
    }
    assert!(
        !alive(&pid),
        "the command's background child {pid} survived the timeout"
    );
    assert_eq!(sb.get("svc/api"), "keep-me");
}

#[test]
fn malformed_json_from_a_rotate_command_is_never_echoed() {
    let sb = Sandbox::init();
    let before = with_rotate_command(&sb);
    sb.cmd()
        .args([
            "rotate",
            "svc/api",
            "--command",
            r#"echo '{"value": "leaky-123", "oops": 1}'"#,
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("leaky-123").not());
    assert_eq!(sb.snapshot(), before);
    assert_eq!(sb.get("svc/api"), "keep-me");
}

#[test]
fn rotate_sources_in_order_and_a_helpful_error_without_one() {
    let sb = Sandbox::init();
    sb.set("plain", "v1");
    sb.cmd()
        .args(["rotate", "plain"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no rotate command and no generator",
        ))
        .stderr(predicate::str::contains("--stdin"));
    sb.cmd()
        .args(["rotate", "plain", "--stdin", "--grace", "0", "--id", "id-2"])
        .write_stdin("v2\n")
        .assert()
        .success();
    assert_eq!(sb.get("plain"), "v2");
    assert_eq!(json(&sb, &["get", "plain"])["id"], "id-2");
    // Grace 0: the previous version is revoked at once.
    sb.cmd()
        .args(["get", "--version", "1", "plain"])
        .assert()
        .code(6);

    sb.ok(["generate", "gen", "--length", "24", "--charset", "hex"]);
    let first = sb.get("gen");
    sb.ok(["rotate", "gen"]);
    let second = sb.get("gen");
    assert_ne!(first, second);
    assert_eq!(second.len(), 24);
    assert!(second.chars().all(|c| c.is_ascii_hexdigit()));
    // --command wins over the generator.
    sb.ok(["rotate", "gen", "--command", "echo from-command"]);
    assert_eq!(sb.get("gen"), "from-command");
    // A missing name fails before anything runs.
    let before = sb.snapshot();
    sb.cmd().args(["rotate", "gen", "nope"]).assert().code(4);
    assert_eq!(sb.snapshot(), before);
}

#[test]
fn grace_period_ends_and_rotate_due_revokes_with_the_command() {
    let sb = Sandbox::init();
    let rev = recording_revoke(&sb);
    sb.cmd()
        .args(["generate", "db/pass", "--revoke-command"])
        .arg(&rev)
        .assert()
        .success();
    let old = sb.get("db/pass");
    // The value during its grace period: rotate_command_gets_env_not_argv_and_previous_stays_in_grace.
    sb.ok(["rotate", "db/pass", "--grace", "1s"]);
    a_second_after(Instant::now());
    sb.cmd()
        .args(["get", "--version", "1", "db/pass"])
        .assert()
        .code(6)
        .stderr(predicate::str::contains("grace period ended"));
    sb.cmd()
        .args(["status"])
        .assert()
        .code(8)
        .stdout(predicate::str::contains("grace-ended"));
    assert!(
        decrypted_holds(&sb, "vault.age", &old),
        "the check below must be able to fail"
    );

    sb.cmd()
        .args(["rotate", "--due"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Revoked db/pass version 1"));
    let env = read(&sb, "revoke.env");
    assert!(
        env.contains(&format!("SESAME_REVOKED_VALUE={old}\n")),
        "{env}"
    );
    assert!(env.contains("SESAME_REVOKED_VERSION=1\n"), "{env}");
    assert!(!env.contains("SESAME_PASSWORD"), "{env}");
    assert_nowhere(&sb, &old);
    sb.cmd().args(["status"]).assert().code(0);
    let show = json(&sb, &["show", "db/pass"]);
    assert_eq!(show["versions"][0]["state"], "revoked");
}

#[test]
fn revoke_wipes_the_value_from_every_file_of_the_store() {
    let sb = Sandbox::init();
    let rev = recording_revoke(&sb);
    sb.cmd()
        .args(["set", "gh/token", "--id", "ghp_pub", "--revoke-command"])
        .arg(&rev)
        .write_stdin("ghp_first_value_0001")
        .assert()
        .success();
    sb.set("gh/token", "ghp_second_value_0002");
    sb.set("other", "unrelated");
    // Before: the backup holds the older payload with both values.
    assert!(decrypted_holds(
        &sb,
        "vault.age.bak",
        "ghp_second_value_0002"
    ));

    sb.cmd()
        .args(["revoke", "gh/token"])
        .assert()
        .success()
        // The revoke command's stdout goes to stderr: stdout stays data.
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("revoked 1"));
    let env = read(&sb, "revoke.env");
    assert!(
        env.contains("SESAME_REVOKED_VALUE=ghp_first_value_0001\n"),
        "{env}"
    );
    assert!(env.contains("SESAME_REVOKED_ID=ghp_pub\n"), "{env}");
    assert!(
        env.contains("SESAME_REVOKED_VALUE=ghp_second_value_0002\n"),
        "{env}"
    );
    assert_nowhere(&sb, "ghp_first_value_0001");
    assert_nowhere(&sb, "ghp_second_value_0002");

    sb.cmd()
        .args(["get", "gh/token"])
        .assert()
        .code(6)
        .stderr(predicate::str::contains("revoked"));
    sb.cmd()
        .args(["get", "--version", "1", "gh/token"])
        .assert()
        .code(6);
    assert_eq!(sb.ok(["list"]), "other\n");
    assert_eq!(sb.ok(["list", "--all"]), "gh/token\nother\n");
    let show = json(&sb, &["show", "gh/token"]);
    assert_eq!(show["secret"]["state"], "revoked");
    assert_eq!(show["versions"][1]["state"], "revoked");
    assert!(show["versions"][1]["revoked"].is_string());
    assert_eq!(sb.get("other"), "unrelated");
    sb.cmd()
        .args(["revoke", "gh/token"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing to revoke"));
}

#[test]
fn a_failing_revoke_command_changes_nothing_unless_forced() {
    let sb = Sandbox::init();
    let rev = recording_revoke(&sb);
    sb.cmd()
        .args(["set", "k", "--revoke-command"])
        .arg(&rev)
        .write_stdin("value-one")
        .assert()
        .success();
    sb.set("k", "value-two");
    fs::write(sb.dir.path().join("fail-revoke"), "").unwrap();
    let before = sb.snapshot();
    sb.cmd()
        .args(["revoke", "k", "--previous"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("revoke command of 'k' failed"))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(sb.snapshot(), before);
    assert_eq!(sb.ok(["get", "-n", "--version", "1", "k"]), "value-one");

    sb.cmd()
        .args(["revoke", "k", "--previous", "--force"])
        .assert()
        .success()
        .stderr(predicate::str::contains("ignored: --force"));
    assert_nowhere(&sb, "value-one");
    assert_eq!(sb.get("k"), "value-two");
    sb.cmd()
        .args(["revoke", "k", "--version", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already revoked"));
}

#[test]
fn rotate_due_dry_run_changes_nothing_then_due_rotates() {
    let sb = Sandbox::init();
    let d = sb.dir.path().display().to_string();
    sb.ok(["generate", "auto/gen", "--max-age", "1s"]);
    sb.cmd()
        .args(["set", "auto/cmd", "--max-age", "1s", "--rotate-command"])
        .arg(format!(
            "echo \"$SESAME_SECRET_NAME\" >> {d}/ran; echo cmd-new"
        ))
        .write_stdin("cmd-old")
        .assert()
        .success();
    sb.cmd()
        .args(["set", "manual/one", "--max-age", "1s"])
        .write_stdin("by-hand")
        .assert()
        .success();
    let created = Instant::now();
    sb.cmd()
        .args(["set", "fresh", "--max-age", "90d"])
        .write_stdin("fresh-v")
        .assert()
        .success();
    let gen_before = sb.get("auto/gen");
    a_second_after(created);

    let before = sb.snapshot();
    let out = sb
        .cmd()
        .args(["rotate", "--due", "--dry-run"])
        .assert()
        .code(8)
        .get_output()
        .stdout
        .clone();
    let plan = String::from_utf8(out).unwrap();
    assert!(plan.contains("rotate  auto/cmd"), "{plan}");
    assert!(plan.contains("rotate  auto/gen"), "{plan}");
    assert!(plan.contains("by hand manual/one"), "{plan}");
    assert!(!plan.contains("fresh"), "{plan}");
    assert_eq!(sb.snapshot(), before, "--dry-run changed the store");
    assert!(
        !sb.dir.path().join("ran").exists(),
        "--dry-run ran a command"
    );
    let out = sb
        .cmd()
        .args(["--json", "rotate", "--due", "--dry-run"])
        .assert()
        .code(8)
        .get_output()
        .stdout
        .clone();
    let plan: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(plan["rotate"].as_array().unwrap().len(), 2);
    assert_eq!(plan["manual"][0]["name"], "manual/one");
    assert_eq!(sb.snapshot(), before);

    sb.cmd()
        .args(["rotate", "--due"])
        .assert()
        .code(8)
        .stderr(predicate::str::contains("Rotated auto/gen"))
        .stderr(predicate::str::contains("Rotated auto/cmd"))
        .stderr(predicate::str::contains("manual/one was due for rotation"));
    assert_eq!(read(&sb, "ran"), "auto/cmd\n");
    assert_ne!(sb.get("auto/gen"), gen_before);
    assert_eq!(sb.get("auto/cmd"), "cmd-new");
    assert_eq!(sb.get("manual/one"), "by-hand");
    assert_eq!(sb.get("fresh"), "fresh-v");
    // The rotated ones have a new version; the old one stays valid for the grace period.
    let show = json(&sb, &["show", "auto/cmd"]);
    assert_eq!(show["versions"][0]["state"], "previous");
    assert!(show["versions"][0]["grace_until"].is_string());
    assert_eq!(show["versions"][1]["state"], "active");
    // By hand, then nothing is left for a person.
    printf_rotate(&sb, "manual/one", "by-hand-2");
    assert_eq!(sb.get("manual/one"), "by-hand-2");
}

#[test]
fn revoking_a_version_rolled_back_to_keeps_the_credential() {
    let sb = Sandbox::init();
    let rev = recording_revoke(&sb);
    sb.cmd()
        .args(["set", "k", "--revoke-command"])
        .arg(&rev)
        .write_stdin("good-key")
        .assert()
        .success();
    printf_rotate(&sb, "k", "broken-key");
    sb.ok(["rollback", "k"]);
    assert_eq!(sb.get("k"), "good-key");
    // Version 1 holds the value version 3 now uses: wiping it must not revoke
    // the credential at the provider.
    let out = json(&sb, &["revoke", "k", "--version", "1"]);
    assert_eq!(out["revoked"][0]["still_used_by"], 3);
    assert!(!read(&sb, "revoke.env").contains("good-key"));
    assert_eq!(sb.get("k"), "good-key");
    sb.ok(["revoke", "k", "--version", "2"]);
    assert!(read(&sb, "revoke.env").contains("SESAME_REVOKED_VALUE=broken-key\n"));
}

fn printf_rotate(sb: &Sandbox, name: &str, value: &str) {
    sb.cmd()
        .args(["rotate", name, "--stdin"])
        .write_stdin(value)
        .assert()
        .success();
}

#[test]
fn rollback_makes_an_older_value_current_again() {
    let sb = Sandbox::init();
    for v in ["one", "two", "three"] {
        sb.set("k", v);
    }
    sb.ok(["rollback", "k"]);
    assert_eq!(sb.get("k"), "two");
    let show = json(&sb, &["show", "k"]);
    assert_eq!(show["versions"].as_array().unwrap().len(), 4);
    assert_eq!(show["versions"][3]["state"], "active");
    sb.ok(["rollback", "k", "--to", "1"]);
    assert_eq!(sb.get("k"), "one");
    assert_eq!(json(&sb, &["get", "k"])["version"], 5);
    sb.cmd()
        .args(["rollback", "k", "--to", "5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already the current version"));
    sb.cmd()
        .args(["rollback", "k", "--to", "42"])
        .assert()
        .code(4);
    sb.ok(["revoke", "k", "--version", "2"]);
    sb.cmd()
        .args(["rollback", "k", "--to", "2"])
        .assert()
        .code(6)
        .stderr(predicate::str::contains("revoked"));
    sb.cmd().args(["rollback", "nope"]).assert().code(4);
}

#[test]
fn expiry_is_enforced_with_its_time() {
    let sb = Sandbox::init();
    sb.cmd()
        .args(["set", "short", "--expires", "1h"])
        .write_stdin("short-lived")
        .assert()
        .success();
    sb.set("long", "long-lived");
    assert_eq!(sb.get("short"), "short-lived");
    sb.cmd()
        .args(["status"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("expiring"));
    // An expiry in the past, as an RFC 3339 time: the same as waiting for it.
    sb.ok(["edit", "short", "--expires", "2001-02-03T04:05:06Z"]);
    sb.cmd()
        .args(["get", "short"])
        .assert()
        .code(6)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "secret 'short' expired at 2001-02-03T04:05:06Z",
        ));
    sb.cmd()
        .args(["status"])
        .assert()
        .code(8)
        .stdout(predicate::str::contains("expired"))
        .stdout(predicate::str::contains("ago)"));
    assert_eq!(json(&sb, &["list"])[1]["state"], "expired");
    // Moving the expiry brings it back.
    sb.ok(["edit", "short", "--expires", "never"]);
    assert_eq!(sb.get("short"), "short-lived");
}

#[test]
fn status_reports_table_json_and_strict() {
    let sb = Sandbox::init();
    sb.cmd()
        .args(["set", "a/policy", "--max-age", "90d"])
        .write_stdin("x")
        .assert()
        .success();
    sb.cmd()
        .args(["set", "b/soon", "--expires", "3d"])
        .write_stdin("x")
        .assert()
        .success();
    sb.set("c/none", "x");
    sb.cmd()
        .args(["status"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("STATE"))
        .stdout(predicate::str::contains("expiring     b/soon"))
        .stdout(predicate::str::contains("no-policy    c/none"))
        .stdout(predicate::str::contains("a/policy").not());
    sb.cmd()
        .args(["status", "--within", "1d"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("b/soon").not());
    sb.cmd().args(["status", "--strict"]).assert().code(8);
    let out = sb
        .cmd()
        .args(["--json", "status", "--within", "100d"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let st: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(st["checked"], 3);
    assert_eq!(st["within"], "100d");
    assert_eq!(st["attention"], 0);
    let states: Vec<&str> = st["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["expiring", "due-soon", "no-policy"]);
    sb.cmd()
        .args(["status", "--within", "soon"])
        .assert()
        .code(2);
}

#[test]
fn edit_changes_policy_never_the_value() {
    let sb = Sandbox::init();
    sb.cmd()
        .args(["set", "e", "--tag", "prod", "--tag", "ci"])
        .write_stdin("the-value")
        .assert()
        .success();
    let before = json(&sb, &["show", "e"]);
    let info = json(
        &sb,
        &[
            "edit",
            "e",
            "--description",
            "deploy key",
            "--untag",
            "ci",
            "--max-age",
            "30d",
            "--scopes",
            "repo:read",
            "--rotate-command",
            "echo new",
        ],
    );
    assert_eq!(info["description"], "deploy key");
    assert_eq!(info["tags"], serde_json::json!(["prod"]));
    assert_eq!(info["max_age"], "30d");
    assert_eq!(info["scopes"], "repo:read");
    assert_eq!(info["rotate_command"], true);
    assert_eq!(sb.get("e"), "the-value");
    let after = json(&sb, &["show", "e"]);
    assert_eq!(
        before["versions"], after["versions"],
        "edit touched the versions"
    );
    sb.ok(["edit", "e", "--rotate-command", "", "--max-age", "0"]);
    let info = json(&sb, &["show", "e"]);
    assert!(info["secret"].get("rotate_command").is_none());
    assert!(info["secret"].get("max_age").is_none());
    sb.cmd()
        .args(["edit", "e"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing to change"));
    sb.cmd()
        .args(["edit", "nope", "--tag", "x"])
        .assert()
        .code(4);
}

fn write_config(sb: &Sandbox, text: &str) -> PathBuf {
    let p = sb.dir.path().join("config.toml");
    fs::write(&p, text).unwrap();
    p
}

#[test]
fn config_file_sets_max_versions_default_max_age_and_grace() {
    let sb = Sandbox::init();
    let cfg = write_config(
        &sb,
        "max_versions = 2\ndefault_max_age = \"30d\"\ngrace = \"0\"\n",
    );
    let run = |args: &[&str], stdin: &str| {
        sb.cmd()
            .env("SESAME_CONFIG", &cfg)
            .args(args)
            .write_stdin(stdin)
            .assert()
            .success();
    };
    run(&["set", "k"], "version-one-aaa");
    run(&["set", "k"], "version-two-bbb");
    assert!(decrypted_holds(&sb, "vault.age", "version-one-aaa"));
    run(&["set", "k"], "version-three-ccc");
    let show = json(&sb, &["show", "k"]);
    let ns: Vec<u64> = show["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_u64().unwrap())
        .collect();
    assert_eq!(ns, [2, 3]);
    assert_eq!(
        show["secret"]["max_age"], "30d",
        "default_max_age applies to new secrets"
    );
    // The dropped version's value is gone from every file, the backup included.
    assert_nowhere(&sb, "version-one-aaa");
    // grace = 0: rotation revokes the previous value at once.
    run(&["rotate", "k", "--stdin"], "version-four-ddd");
    assert_nowhere(&sb, "version-three-ccc");
    // An explicit --max-age still wins, and existing secrets keep theirs.
    run(&["set", "j", "--max-age", "1d"], "x");
    assert_eq!(json(&sb, &["show", "j"])["secret"]["max_age"], "1d");
}

#[test]
fn config_errors_name_the_file_and_line_and_unknown_keys_warn() {
    let sb = Sandbox::init();
    let cfg = write_config(&sb, "# sesame\nmax_versions = 3\ngrace = 12\n");
    sb.cmd()
        .env("SESAME_CONFIG", &cfg)
        .args(["set", "k"])
        .write_stdin("v")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}, line 3",
            cfg.display()
        )));
    let cfg = write_config(&sb, "grace = \"later\"\n");
    sb.cmd()
        .env("SESAME_CONFIG", &cfg)
        .args(["rotate", "k", "--stdin"])
        .write_stdin("v")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 1"))
        .stderr(predicate::str::contains("'later' is not a duration"));
    let cfg = write_config(&sb, "from_the_future = true\nmax_versions = 3\n");
    sb.cmd()
        .env("SESAME_CONFIG", &cfg)
        .args(["set", "k"])
        .write_stdin("v")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "unknown key 'from_the_future' ignored",
        ));
    sb.cmd()
        .env("SESAME_CONFIG", sb.dir.path().join("missing.toml"))
        .args(["set", "k"])
        .write_stdin("v")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing.toml"));
    // The default location: $XDG_CONFIG_HOME/sesame/config.toml.
    let dir = sb.home.join(".config/sesame");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("config.toml"), "max_versions = [\n").unwrap();
    sb.cmd()
        .args(["set", "k"])
        .write_stdin("v")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("config.toml, line"));
}

#[test]
fn help_documents_the_lifecycle_commands() {
    let sb = Sandbox::new();
    for cmd in ["rotate", "revoke", "edit", "rollback", "status"] {
        sb.cmd()
            .args([cmd, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Examples:"));
    }
    sb.cmd()
        .args(["rotate", "--help"])
        .assert()
        .stdout(predicate::str::contains("SESAME_CURRENT_VALUE"));
    sb.cmd()
        .args(["rotate", "--due", "some/name"])
        .assert()
        .code(2);
    sb.cmd().args(["rotate"]).assert().code(2);
}

/// Start `rotate k --command` with `background` (a command run with `&`) in
/// the script, interrupt sesame once the script is running, and check that it
/// stops at once with nothing changed, and that the background child is gone.
fn interrupt_leaves_nothing(background: &str) {
    let sb = Sandbox::init();
    sb.set("k", "unchanged");
    let before = sb.snapshot();
    let pidfile = sb.dir.path().join("bg.pid");
    let started = sb.dir.path().join("started");
    let slow = format!(
        "{background} & echo $! > {}; touch {}; wait; echo too-late",
        pidfile.display(),
        started.display()
    );
    let child = std::process::Command::new("setsid")
        .arg("-w")
        .arg(crate::util::sesame_bin())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &sb.home)
        .env("XDG_CONFIG_HOME", sb.home.join(".config"))
        .env("SESAME_STORE", &sb.store)
        .env("SESAME_PASSWORD", crate::util::PASSWORD)
        .args(["rotate", "k", "--command", &slow])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !started.exists() && Instant::now() < deadline {
        sleep(Duration::from_millis(20));
    }
    assert!(started.exists(), "the command never started");
    // setsid execs in place (the test process is no group leader): this is sesame.
    let pid = rustix::process::Pid::from_raw(i32::try_from(child.id()).unwrap()).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::INT).unwrap();
    let t = Instant::now();
    let out = child.wait_with_output().unwrap();
    assert!(t.elapsed() < Duration::from_secs(15), "{:?}", t.elapsed());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("was interrupted (signal 2)"), "{stderr}");
    assert_eq!(sb.snapshot(), before);
    let pid = fs::read_to_string(&pidfile).unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while alive(&pid) && Instant::now() < deadline {
        sleep(Duration::from_millis(50));
    }
    assert!(
        !alive(&pid),
        "the command's child {pid} outlived the interrupt"
    );
}

/// The background child (which, started with `&` by a script, ignores SIGINT)
/// holds the command's stdout open.
#[test]
fn an_interrupt_stops_the_command_and_changes_nothing() {
    interrupt_leaves_nothing("sleep 60");
}

/// The background child holds nothing of sesame's: the script ends at the
/// interrupt and leaves it behind.
#[test]
fn an_interrupt_stops_what_the_command_left_running() {
    interrupt_leaves_nothing("sleep 60 >/dev/null");
}

#[test]
fn rotate_due_keeps_what_succeeded_when_a_command_fails() {
    let sb = Sandbox::init();
    sb.ok(["generate", "ok/gen", "--max-age", "1s"]);
    sb.cmd()
        .args([
            "set",
            "bad/cmd",
            "--max-age",
            "1s",
            "--rotate-command",
            "exit 7",
        ])
        .write_stdin("bad-old")
        .assert()
        .success();
    let created = Instant::now();
    let old = sb.get("ok/gen");
    a_second_after(created);
    let out = sb
        .cmd()
        .args(["--json", "rotate", "--due"])
        .assert()
        .code(8)
        .stderr(predicate::str::contains(
            "rotate command of 'bad/cmd' failed (exit status 7)",
        ))
        .get_output()
        .stdout
        .clone();
    let report: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["rotated"][0]["name"], "ok/gen");
    assert_eq!(report["failed"][0]["name"], "bad/cmd");
    assert_ne!(sb.get("ok/gen"), old);
    assert_eq!(sb.get("bad/cmd"), "bad-old");
    assert_eq!(
        json(&sb, &["show", "bad/cmd"])["versions"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn max_versions_never_drops_a_value_still_in_its_grace_period() {
    let sb = Sandbox::init();
    let cfg = write_config(&sb, "max_versions = 2\n");
    let rotate = |value: &str| {
        sb.cmd()
            .env("SESAME_CONFIG", &cfg)
            .args(["rotate", "k", "--stdin", "--grace", "1h"])
            .write_stdin(value)
            .assert()
            .success();
    };
    sb.set("k", "one");
    rotate("two");
    rotate("three");
    // 1 and 2 are both still valid (in grace): kept beyond max_versions.
    assert_eq!(sb.ok(["get", "-n", "--version", "1", "k"]), "one");
    assert_eq!(
        json(&sb, &["show", "k"])["versions"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    sb.ok(["revoke", "k", "--previous"]);
    rotate("four");
    let show = json(&sb, &["show", "k"]);
    let ns: Vec<u64> = show["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_u64().unwrap())
        .collect();
    assert_eq!(ns, [3, 4], "revoked versions are dropped again");
}

/// A rotate command that cleans up when interrupted (deletes the key it just
/// minted, say) gets to finish, output and all: sesame keeps reading and
/// throwing away what it prints instead of closing the pipe under it.
#[test]
fn an_interrupted_command_finishes_its_cleanup() {
    let sb = Sandbox::init();
    sb.set("k", "unchanged");
    let started = sb.dir.path().join("started");
    let cleaned = sb.dir.path().join("cleaned");
    let script = format!(
        "trap 'sleep 0.2; echo cleaning up; echo more; touch {}; exit 3' INT; touch {}; while :; do sleep 0.05; done",
        cleaned.display(),
        started.display()
    );
    let child = std::process::Command::new("setsid")
        .arg("-w")
        .arg(crate::util::sesame_bin())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &sb.home)
        .env("SESAME_STORE", &sb.store)
        .env("SESAME_PASSWORD", crate::util::PASSWORD)
        .args(["rotate", "k", "--command", &script])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !started.exists() && Instant::now() < deadline {
        sleep(Duration::from_millis(20));
    }
    assert!(started.exists(), "the command never started");
    let pid = rustix::process::Pid::from_raw(i32::try_from(child.id()).unwrap()).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::INT).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("was interrupted (signal 2)"), "{stderr}");
    assert!(cleaned.exists(), "the command's cleanup was cut short");
    assert_eq!(sb.get("k"), "unchanged");
}

/// A timeout longer than the clock can count means no deadline, not a panic.
#[test]
fn a_timeout_beyond_the_clock_is_no_deadline() {
    let sb = Sandbox::init();
    sb.set("k", "old");
    sb.cmd()
        .args([
            "rotate",
            "k",
            "--command",
            "echo new-value",
            "--timeout",
            "18446744073709551615s",
        ])
        .assert()
        .success();
    assert_eq!(sb.get("k"), "new-value");
}
