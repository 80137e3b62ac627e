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

use crate::util::{Sandbox, contains, wait_until};
use predicates::prelude::*;
use serde_json::Value;

/// Write an executable shell script into the sandbox and return its path.
fn script(sb: &Sandbox, name: &str, body: &str) -> String {
    let p = sb.dir.path().join(name);
    fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
    p.display().to_string()
}

/// A rotate script that records its environment and command line into
/// `<name>.env` / `<name>.argv` and prints `$NEXT_VALUE` (read from a file, so
/// the test can change it), or fails when the file `fail` exists.
fn recording_rotate(sb: &Sandbox) -> String {
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

/// A revoke script that appends its environment to `revoke.env`, prints the
/// version it revoked, and fails when the file `fail-revoke` exists.
fn recording_revoke(sb: &Sandbox) -> String {
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

/// Create (empty) or fill the file `name` in the sandbox, which the recording
/// scripts read.
fn put(sb: &Sandbox, name: &str, text: &str) {
    fs::write(sb.dir.path().join(name), text).unwrap();
}

fn read(sb: &Sandbox, file: &str) -> String {
    fs::read_to_string(sb.dir.path().join(file)).unwrap_or_default()
}

/// The version numbers `show` lists for `name`.
fn versions(sb: &Sandbox, name: &str) -> Vec<u64> {
    sb.json(["show", name])["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_u64().unwrap())
        .collect()
}

/// Every store file's bytes, and the decrypted buckets of the manifest and
/// its backup, must not contain `needle`.
fn assert_nowhere(sb: &Sandbox, needle: &str) {
    for (file, bytes) in sb.snapshot() {
        assert!(
            !contains(&bytes, needle.as_bytes()),
            "{file} holds the value"
        );
    }
    for file in ["manifest", "manifest.bak"] {
        assert!(
            !decrypted_holds(sb, file, needle),
            "decrypted {file} holds the value"
        );
    }
}

/// Whether the decrypted buckets of `manifest` or `manifest.bak` hold
/// `needle` (to show the check above can fail).
fn decrypted_holds(sb: &Sandbox, file: &str, needle: &str) -> bool {
    contains(&sb.decrypted(file), needle.as_bytes())
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

/// Wait (up to 5 s) until the process whose pid is in `pidfile` is gone.
fn assert_gone_soon(pidfile: &std::path::Path, what: &str) {
    let pid = fs::read_to_string(pidfile).unwrap();
    wait_until(Duration::from_secs(5), &format!("{what} {pid}"), || {
        !alive(&pid)
    });
}

/// `rotate NAME --stdin` with `value`.
fn printf_rotate(sb: &Sandbox, name: &str, value: &str) {
    sb.cmd()
        .args(["rotate", name, "--stdin"])
        .write_stdin(value)
        .assert()
        .success();
}

/// "svc/api" with id pub-1 and the recording rotate script, rotated from
/// "old-value-111" to "new-value-222" with a grace of 1h.
fn rotated_by_the_recording_script(sb: &Sandbox) {
    let rot = recording_rotate(sb);
    sb.set_with(
        "svc/api",
        ["--id", "pub-1", "--rotate-command", &rot],
        "old-value-111",
    );
    put(sb, "next", "new-value-222\n");
    sb.cmd()
        .args(["rotate", "svc/api", "--grace", "1h"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Rotated svc/api (version 2"));
}

#[test]
fn a_rotate_command_gets_the_value_in_its_env_never_in_argv() {
    let sb = Sandbox::init();
    rotated_by_the_recording_script(&sb);
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
}

#[test]
fn after_a_rotation_the_previous_version_stays_in_grace() {
    let sb = Sandbox::init();
    rotated_by_the_recording_script(&sb);
    assert_eq!(sb.get("svc/api"), "new-value-222");
    assert_eq!(
        sb.ok(["get", "-n", "--version", "1", "svc/api"]),
        "old-value-111"
    );
    let show = sb.json(["show", "svc/api"]);
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
    let status = sb.json(["status"]);
    assert_eq!(status["items"][0]["state"], "in-grace");
    assert_eq!(status["items"][0]["version"], 1);
}

#[test]
fn rotate_command_json_output_sets_key_id() {
    let sb = Sandbox::init();
    sb.set("aws/prod/deploy", "secret-one");
    sb.ok([
        "rotate",
        "aws/prod/deploy",
        "--command",
        r#"printf '{"id": "AKIANEW2", "value": "secret-%s"}\n' two"#,
    ]);
    assert_eq!(sb.get("aws/prod/deploy"), "secret-two");
    let list = sb.json(["list"]);
    assert_eq!(list[0]["id"], "AKIANEW2");
    let get = sb.json(["get", "aws/prod/deploy"]);
    assert_eq!(get["id"], "AKIANEW2");
    assert!(sb.ok(["show", "aws/prod/deploy"]).contains("id AKIANEW2"));
}

#[test]
fn set_id_is_shown_by_list_and_show() {
    let sb = Sandbox::init();
    sb.set_with(
        "stripe/live",
        ["--id", "pk_live_abc", "--scopes", "charges:write"],
        "sk_live_secret",
    );
    let list = sb.json(["list"]);
    assert_eq!(list[0]["id"], "pk_live_abc");
    assert_eq!(list[0]["scopes"], "charges:write");
    let show = sb.ok(["show", "stripe/live"]);
    assert!(show.contains("id pk_live_abc"), "{show}");
    assert!(show.contains("charges:write"), "{show}");
    assert!(!show.contains("sk_live_secret"));
}

#[test]
fn an_id_of_two_lines_is_refused() {
    let sb = Sandbox::init();
    sb.exits_given(["set", "x", "--id", "two\nlines"], "v", 2);
}

/// A secret "svc/api" holding "keep-me" with the recording rotate script, and
/// the store as it was then.
fn with_rotate_command(sb: &Sandbox) -> BTreeMap<String, Vec<u8>> {
    let rot = recording_rotate(sb);
    sb.set_with("svc/api", ["--rotate-command", &rot], "keep-me");
    sb.snapshot()
}

/// The store is as `before` and svc/api still "keep-me".
fn assert_unchanged(sb: &Sandbox, before: &BTreeMap<String, Vec<u8>>) {
    assert_eq!(&sb.snapshot(), before);
    assert_eq!(sb.get("svc/api"), "keep-me");
}

#[test]
fn a_failing_rotate_command_changes_nothing() {
    let sb = Sandbox::init();
    let before = with_rotate_command(&sb);
    put(&sb, "fail", "");
    put(&sb, "next", "never-stored");
    sb.fails(
        ["rotate", "svc/api"],
        1,
        "rotate command of 'svc/api' failed (exit status 3)",
    )
    .stderr(predicate::str::contains("provider said no"))
    .stderr(predicate::str::contains("never-stored").not());
    assert_unchanged(&sb, &before);
}

#[test]
fn a_rotate_command_that_prints_nothing_changes_nothing() {
    let sb = Sandbox::init();
    let before = with_rotate_command(&sb);
    put(&sb, "next", "");
    sb.fails(["rotate", "svc/api"], 1, "printed nothing");
    assert_unchanged(&sb, &before);
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
    sb.fails(
        ["rotate", "svc/api", "--timeout", "1s", "--command", &slow],
        1,
        "did not finish within 1s",
    );
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(sb.snapshot(), before);
    assert_gone_soon(
        &pidfile,
        "the command's background child survived the timeout:",
    );
    assert_eq!(sb.get("svc/api"), "keep-me");
}

#[test]
fn malformed_json_from_a_rotate_command_is_never_echoed() {
    let sb = Sandbox::init();
    let before = with_rotate_command(&sb);
    sb.exits(
        [
            "rotate",
            "svc/api",
            "--command",
            r#"echo '{"value": "leaky-123", "oops": 1}'"#,
        ],
        1,
    )
    .stderr(predicate::str::contains("leaky-123").not());
    assert_unchanged(&sb, &before);
}

#[test]
fn rotate_without_a_command_or_generator_says_to_use_stdin() {
    let sb = Sandbox::init();
    sb.set("plain", "v1");
    sb.fails(["rotate", "plain"], 2, "no rotate command and no generator")
        .stderr(predicate::str::contains("--stdin"));
}

#[test]
fn rotate_stdin_with_grace_0_revokes_the_previous_version_at_once() {
    let sb = Sandbox::init();
    sb.set("plain", "v1");
    sb.cmd()
        .args(["rotate", "plain", "--stdin", "--grace", "0", "--id", "id-2"])
        .write_stdin("v2\n")
        .assert()
        .success();
    assert_eq!(sb.get("plain"), "v2");
    assert_eq!(sb.json(["get", "plain"])["id"], "id-2");
    sb.exits(["get", "--version", "1", "plain"], 6);
}

/// A generated secret "gen": 24 hex characters.
fn generated(sb: &Sandbox) -> String {
    sb.ok(["generate", "gen", "--length", "24", "--charset", "hex"]);
    sb.get("gen")
}

#[test]
fn rotate_generates_a_new_value_with_the_same_generator() {
    let sb = Sandbox::init();
    let first = generated(&sb);
    sb.ok(["rotate", "gen"]);
    let second = sb.get("gen");
    assert_ne!(first, second);
    assert_eq!(second.len(), 24);
    assert!(second.chars().all(|c| c.is_ascii_hexdigit()));
}

#[test]
fn rotate_command_wins_over_the_generator() {
    let sb = Sandbox::init();
    generated(&sb);
    sb.ok(["rotate", "gen", "--command", "echo from-command"]);
    assert_eq!(sb.get("gen"), "from-command");
}

#[test]
fn rotate_with_a_missing_name_fails_before_anything_runs() {
    let sb = Sandbox::init();
    generated(&sb);
    let before = sb.snapshot();
    sb.exits(["rotate", "gen", "nope"], 4);
    assert_eq!(sb.snapshot(), before);
}

#[test]
fn grace_period_ends_and_rotate_due_revokes_with_the_command() {
    let sb = Sandbox::init();
    let rev = recording_revoke(&sb);
    sb.ok(["generate", "db/pass", "--revoke-command", &rev]);
    let old = sb.get("db/pass");
    // The value during its grace period: after_a_rotation_the_previous_version_stays_in_grace.
    sb.ok(["rotate", "db/pass", "--grace", "1s"]);
    a_second_after(Instant::now());
    sb.fails(
        ["get", "--version", "1", "db/pass"],
        6,
        "grace period ended",
    );
    sb.exits(["status"], 8)
        .stdout(predicate::str::contains("grace-ended"));
    assert!(
        decrypted_holds(&sb, "manifest", &old),
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
    sb.exits(["status"], 0);
    let show = sb.json(["show", "db/pass"]);
    assert_eq!(show["versions"][0]["state"], "revoked");
}

/// "gh/token" (id ghp_pub, the recording revoke script) with two versions,
/// and "other" beside it.
fn with_two_token_versions(sb: &Sandbox) {
    let rev = recording_revoke(sb);
    sb.set_with(
        "gh/token",
        ["--id", "ghp_pub", "--revoke-command", &rev],
        "ghp_first_value_0001",
    );
    sb.set("gh/token", "ghp_second_value_0002");
    sb.set("other", "unrelated");
}

#[test]
fn revoke_wipes_the_value_from_every_file_of_the_store() {
    let sb = Sandbox::init();
    with_two_token_versions(&sb);
    // Before: the backup holds the older payload with both values.
    assert!(decrypted_holds(
        &sb,
        "manifest.bak",
        "ghp_second_value_0002"
    ));

    sb.cmd()
        .args(["revoke", "gh/token", "--yes"])
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
}

#[test]
fn a_revoked_secret_is_refused_and_listed_only_with_all() {
    let sb = Sandbox::init();
    with_two_token_versions(&sb);
    sb.ok(["revoke", "gh/token", "--yes"]);
    sb.fails(["get", "gh/token"], 6, "revoked");
    sb.exits(["get", "--version", "1", "gh/token"], 6);
    assert_eq!(sb.ok(["list"]), "other\n");
    assert_eq!(sb.ok(["list", "--all"]), "gh/token\nother\n");
    let show = sb.json(["show", "gh/token"]);
    assert_eq!(show["secret"]["state"], "revoked");
    assert_eq!(show["versions"][1]["state"], "revoked");
    assert!(show["versions"][1]["revoked"].is_string());
    assert_eq!(sb.get("other"), "unrelated");
}

#[test]
fn revoking_a_revoked_secret_again_has_nothing_to_revoke() {
    let sb = Sandbox::init();
    with_two_token_versions(&sb);
    sb.ok(["revoke", "gh/token", "--yes"]);
    sb.fails(["revoke", "gh/token", "--yes"], 2, "nothing to revoke");
}

/// "k" (the recording revoke script) with versions "value-one" and
/// "value-two", and a revoke command that now fails.
fn with_a_failing_revoke_command(sb: &Sandbox) {
    let rev = recording_revoke(sb);
    sb.set_with("k", ["--revoke-command", &rev], "value-one");
    sb.set("k", "value-two");
    put(sb, "fail-revoke", "");
}

#[test]
fn a_failing_revoke_command_changes_nothing() {
    let sb = Sandbox::init();
    with_a_failing_revoke_command(&sb);
    let before = sb.snapshot();
    sb.fails(
        ["revoke", "k", "--previous", "--yes"],
        1,
        "revoke command of 'k' failed",
    )
    .stderr(predicate::str::contains("--force"));
    assert_eq!(sb.snapshot(), before);
    assert_eq!(sb.ok(["get", "-n", "--version", "1", "k"]), "value-one");
}

#[test]
fn force_revokes_in_spite_of_a_failing_revoke_command() {
    let sb = Sandbox::init();
    with_a_failing_revoke_command(&sb);
    sb.cmd()
        .args(["revoke", "k", "--previous", "--force"])
        .assert()
        .success()
        .stderr(predicate::str::contains("ignored: --force"));
    assert_nowhere(&sb, "value-one");
    assert_eq!(sb.get("k"), "value-two");
    sb.fails(
        ["revoke", "k", "--version", "1", "--yes"],
        2,
        "already revoked",
    );
}

/// Secrets past their max age of 1s — one generated, one with a rotate
/// command that logs to `ran`, one rotated by hand — and one fresh; returns
/// the generated value.
fn with_secrets_due(sb: &Sandbox) -> String {
    let d = sb.dir.path().display().to_string();
    sb.ok(["generate", "auto/gen", "--max-age", "1s"]);
    let log_and_print = format!("echo \"$SESAME_SECRET_NAME\" >> {d}/ran; echo cmd-new");
    sb.set_with(
        "auto/cmd",
        ["--max-age", "1s", "--rotate-command", &log_and_print],
        "cmd-old",
    );
    sb.set_with("manual/one", ["--max-age", "1s"], "by-hand");
    let created = Instant::now();
    sb.set_with("fresh", ["--max-age", "90d"], "fresh-v");
    let gen_before = sb.get("auto/gen");
    a_second_after(created);
    gen_before
}

#[test]
fn rotate_due_dry_run_shows_the_plan_and_changes_nothing() {
    let sb = Sandbox::init();
    with_secrets_due(&sb);
    let before = sb.snapshot();
    let out = sb
        .exits(["rotate", "--due", "--dry-run"], 8)
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
        .exits(["--json", "rotate", "--due", "--dry-run"], 8)
        .get_output()
        .stdout
        .clone();
    let plan: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(plan["rotate"].as_array().unwrap().len(), 2);
    assert_eq!(plan["manual"][0]["name"], "manual/one");
    assert_eq!(sb.snapshot(), before);
}

#[test]
fn rotate_due_rotates_what_it_can_and_names_what_is_left_for_a_person() {
    let sb = Sandbox::init();
    let gen_before = with_secrets_due(&sb);
    sb.exits(["rotate", "--due"], 8)
        .stderr(predicate::str::contains("Rotated auto/gen"))
        .stderr(predicate::str::contains("Rotated auto/cmd"))
        .stderr(predicate::str::contains("manual/one was due for rotation"));
    assert_eq!(read(&sb, "ran"), "auto/cmd\n");
    assert_ne!(sb.get("auto/gen"), gen_before);
    assert_eq!(sb.get("auto/cmd"), "cmd-new");
    assert_eq!(sb.get("manual/one"), "by-hand");
    assert_eq!(sb.get("fresh"), "fresh-v");
    // The rotated ones have a new version; the old one stays valid for the grace period.
    let show = sb.json(["show", "auto/cmd"]);
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
    sb.set_with("k", ["--revoke-command", &rev], "good-key");
    printf_rotate(&sb, "k", "broken-key");
    sb.ok(["rollback", "k"]);
    assert_eq!(sb.get("k"), "good-key");
    // Version 1 holds the value version 3 now uses: wiping it must not revoke
    // the credential at the provider.
    let out = sb.json(["revoke", "k", "--version", "1", "--yes"]);
    assert_eq!(out["revoked"][0]["still_used_by"], 3);
    assert!(!read(&sb, "revoke.env").contains("good-key"));
    assert_eq!(sb.get("k"), "good-key");
    sb.ok(["revoke", "k", "--version", "2", "--yes"]);
    assert!(read(&sb, "revoke.env").contains("SESAME_REVOKED_VALUE=broken-key\n"));
}

/// "k" set to "one", "two", "three" (versions 1 to 3).
fn with_three_versions() -> Sandbox {
    let sb = Sandbox::init();
    for v in ["one", "two", "three"] {
        sb.set("k", v);
    }
    sb
}

#[test]
fn rollback_makes_the_previous_value_current_again() {
    let sb = with_three_versions();
    sb.ok(["rollback", "k"]);
    assert_eq!(sb.get("k"), "two");
    let show = sb.json(["show", "k"]);
    assert_eq!(show["versions"].as_array().unwrap().len(), 4);
    assert_eq!(show["versions"][3]["state"], "active");
}

#[test]
fn rollback_to_makes_a_given_version_current_as_a_new_one() {
    let sb = with_three_versions();
    sb.ok(["rollback", "k"]);
    sb.ok(["rollback", "k", "--to", "1"]);
    assert_eq!(sb.get("k"), "one");
    assert_eq!(sb.json(["get", "k"])["version"], 5);
}

#[test]
fn rollback_refuses_the_current_a_missing_and_a_revoked_version() {
    let sb = with_three_versions();
    sb.ok(["rollback", "k"]);
    sb.ok(["rollback", "k", "--to", "1"]);
    sb.fails(
        ["rollback", "k", "--to", "5"],
        2,
        "already the current version",
    );
    sb.exits(["rollback", "k", "--to", "42"], 4);
    sb.ok(["revoke", "k", "--version", "2", "--yes"]);
    sb.fails(["rollback", "k", "--to", "2"], 6, "revoked");
    sb.exits(["rollback", "nope"], 4);
}

#[test]
fn expiry_is_enforced_with_its_time() {
    let sb = Sandbox::init();
    sb.set_with("short", ["--expires", "1h"], "short-lived");
    sb.set("long", "long-lived");
    assert_eq!(sb.get("short"), "short-lived");
    sb.exits(["status"], 0)
        .stdout(predicate::str::contains("expiring"));
    // An expiry in the past, as an RFC 3339 time: the same as waiting for it.
    sb.ok(["edit", "short", "--expires", "2001-02-03T04:05:06Z"]);
    sb.fails(
        ["get", "short"],
        6,
        "secret 'short' expired at 2001-02-03T04:05:06Z",
    )
    .stdout(predicate::str::is_empty());
    sb.exits(["status"], 8)
        .stdout(predicate::str::contains("expired"))
        .stdout(predicate::str::contains("ago)"));
    assert_eq!(sb.json(["list"])[1]["state"], "expired");
    // Moving the expiry brings it back.
    sb.ok(["edit", "short", "--expires", "never"]);
    assert_eq!(sb.get("short"), "short-lived");
}

/// a/policy (max age 90d), b/soon (expires in 3d) and c/none (no policy).
fn with_policies() -> Sandbox {
    let sb = Sandbox::init();
    sb.set_with("a/policy", ["--max-age", "90d"], "x");
    sb.set_with("b/soon", ["--expires", "3d"], "x");
    sb.set("c/none", "x");
    sb
}

#[test]
fn status_shows_what_needs_attention_within_the_window() {
    let sb = with_policies();
    sb.exits(["status"], 0)
        .stdout(predicate::str::contains("STATE"))
        .stdout(predicate::str::contains("expiring     b/soon"))
        .stdout(predicate::str::contains("c/none").not())
        .stdout(predicate::str::contains("a/policy").not())
        .stderr(predicate::str::contains(
            "Not shown: 1 with no expiry or max age (`sesame status --all` lists them).",
        ));
    sb.exits(["status", "--all"], 0)
        .stdout(predicate::str::contains("no-policy    c/none"));
    sb.exits(["status", "--strict"], 8)
        .stdout(predicate::str::contains("no-policy    c/none"));
    sb.exits(["status", "--within", "1d"], 0)
        .stdout(predicate::str::contains("b/soon").not());
}

#[test]
fn status_strict_exits_8() {
    let sb = with_policies();
    sb.exits(["status", "--strict"], 8);
}

#[test]
fn status_json_counts_and_lists_every_state() {
    let sb = with_policies();
    let out = sb
        .exits(["--json", "status", "--within", "100d"], 0)
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
}

#[test]
fn status_within_refuses_what_is_not_a_duration() {
    let sb = with_policies();
    sb.exits(["status", "--within", "soon"], 2);
}

/// "e" holding "the-value", tagged prod and ci.
fn tagged() -> Sandbox {
    let sb = Sandbox::init();
    sb.set_with("e", ["--tag", "prod", "--tag", "ci"], "the-value");
    sb
}

#[test]
fn edit_changes_policy_never_the_value() {
    let sb = tagged();
    let before = sb.json(["show", "e"]);
    let info = sb.json([
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
    ]);
    assert_eq!(info["description"], "deploy key");
    assert_eq!(info["tags"], serde_json::json!(["prod"]));
    assert_eq!(info["max_age"], "30d");
    assert_eq!(info["scopes"], "repo:read");
    assert_eq!(info["rotate_command"], true);
    assert_eq!(sb.get("e"), "the-value");
    let after = sb.json(["show", "e"]);
    assert_eq!(
        before["versions"], after["versions"],
        "edit touched the versions"
    );
}

#[test]
fn edit_with_empty_values_clears_the_rotate_command_and_max_age() {
    let sb = tagged();
    sb.ok([
        "edit",
        "e",
        "--rotate-command",
        "echo new",
        "--max-age",
        "30d",
    ]);
    sb.ok(["edit", "e", "--rotate-command", "", "--max-age", "0"]);
    let info = sb.json(["show", "e"]);
    assert!(info["secret"].get("rotate_command").is_none());
    assert!(info["secret"].get("max_age").is_none());
}

#[test]
fn edit_refuses_nothing_to_change_and_a_missing_name() {
    let sb = tagged();
    sb.fails(["edit", "e"], 2, "nothing to change");
    sb.exits(["edit", "nope", "--tag", "x"], 4);
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
    assert!(decrypted_holds(&sb, "manifest", "version-one-aaa"));
    run(&["set", "k"], "version-three-ccc");
    assert_eq!(versions(&sb, "k"), [2, 3]);
    assert_eq!(
        sb.json(["show", "k"])["secret"]["max_age"],
        "30d",
        "default_max_age applies to new secrets"
    );
    // The dropped version's value is gone from every file, the backup included.
    assert_nowhere(&sb, "version-one-aaa");
    // grace = 0: rotation revokes the previous value at once.
    run(&["rotate", "k", "--stdin"], "version-four-ddd");
    assert_nowhere(&sb, "version-three-ccc");
    // An explicit --max-age still wins, and existing secrets keep theirs.
    run(&["set", "j", "--max-age", "1d"], "x");
    assert_eq!(sb.json(["show", "j"])["secret"]["max_age"], "1d");
}

/// `sesame ARGS` with `v` on stdin and `config` as SESAME_CONFIG, asserting
/// it exits with `code`.
fn with_config(
    sb: &Sandbox,
    config: &std::path::Path,
    args: &[&str],
    code: i32,
) -> assert_cmd::assert::Assert {
    sb.cmd()
        .env("SESAME_CONFIG", config)
        .args(args)
        .write_stdin("v")
        .assert()
        .code(code)
}

#[test]
fn a_config_error_names_the_file_and_line() {
    let sb = Sandbox::init();
    let cfg = write_config(&sb, "# sesame\nmax_versions = 3\ngrace = 12\n");
    with_config(&sb, &cfg, &["set", "k"], 2).stderr(predicate::str::contains(format!(
        "{}, line 3",
        cfg.display()
    )));
}

#[test]
fn a_config_duration_that_is_not_one_names_the_line() {
    let sb = Sandbox::init();
    let cfg = write_config(&sb, "grace = \"later\"\n");
    with_config(&sb, &cfg, &["rotate", "k", "--stdin"], 2)
        .stderr(predicate::str::contains("line 1"))
        .stderr(predicate::str::contains("'later' is not a duration"));
}

#[test]
fn an_unknown_config_key_is_ignored_with_a_warning() {
    let sb = Sandbox::init();
    let cfg = write_config(&sb, "from_the_future = true\nmax_versions = 3\n");
    with_config(&sb, &cfg, &["set", "k"], 0).stderr(predicate::str::contains(
        "unknown key 'from_the_future' ignored",
    ));
}

#[test]
fn a_missing_config_file_named_by_sesame_config_is_an_error() {
    let sb = Sandbox::init();
    let missing = sb.dir.path().join("missing.toml");
    with_config(&sb, &missing, &["set", "k"], 1).stderr(predicate::str::contains("missing.toml"));
}

#[test]
fn the_config_file_in_its_default_location_is_read() {
    let sb = Sandbox::init();
    // The default location: $XDG_CONFIG_HOME/sesame/config.toml.
    let dir = sb.home.join(".config/sesame");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("config.toml"), "max_versions = [\n").unwrap();
    sb.exits_given(["set", "k"], "v", 2)
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
}

#[test]
fn rotate_needs_either_due_or_names_never_both() {
    let sb = Sandbox::new();
    sb.exits(["rotate", "--due", "some/name"], 2);
    sb.exits(["rotate"], 2);
}

/// `rotate k --command SCRIPT` under `setsid`, interrupted (SIGINT) once the
/// script has created `started`; its output, and how long it took to end
/// after the interrupt.
fn interrupted_rotate(
    sb: &Sandbox,
    script: &str,
    started: &std::path::Path,
) -> (std::process::Output, Duration) {
    let child = std::process::Command::new("setsid")
        .arg("-w")
        .arg(crate::util::sesame_bin())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &sb.home)
        .env("XDG_CONFIG_HOME", sb.home.join(".config"))
        .env("SESAME_STORE", &sb.store)
        .env("SESAME_PASSWORD", crate::util::PASSWORD)
        .args(["rotate", "k", "--command", script])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    wait_until(Duration::from_secs(30), "the command never started", || {
        started.exists()
    });
    // setsid execs in place (the test process is no group leader): this is sesame.
    let pid = rustix::process::Pid::from_raw(i32::try_from(child.id()).unwrap()).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::INT).unwrap();
    let t = Instant::now();
    let out = child.wait_with_output().unwrap();
    (out, t.elapsed())
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
    let (out, took) = interrupted_rotate(&sb, &slow, &started);
    assert!(took < Duration::from_secs(15), "{took:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("was interrupted (signal 2)"), "{stderr}");
    assert_eq!(sb.snapshot(), before);
    assert_gone_soon(&pidfile, "the command's child outlived the interrupt:");
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
    sb.set_with(
        "bad/cmd",
        ["--max-age", "1s", "--rotate-command", "exit 7"],
        "bad-old",
    );
    let created = Instant::now();
    let old = sb.get("ok/gen");
    a_second_after(created);
    let out = sb
        .fails(
            ["--json", "rotate", "--due"],
            8,
            "rotate command of 'bad/cmd' failed (exit status 7)",
        )
        .get_output()
        .stdout
        .clone();
    let report: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(report["rotated"][0]["name"], "ok/gen");
    assert_eq!(report["failed"][0]["name"], "bad/cmd");
    assert_ne!(sb.get("ok/gen"), old);
    assert_eq!(sb.get("bad/cmd"), "bad-old");
    assert_eq!(versions(&sb, "bad/cmd").len(), 1);
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
    assert_eq!(versions(&sb, "k").len(), 3);
    sb.ok(["revoke", "k", "--previous", "--yes"]);
    rotate("four");
    assert_eq!(
        versions(&sb, "k"),
        [3, 4],
        "revoked versions are dropped again"
    );
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
    let (out, _) = interrupted_rotate(&sb, &script, &started);
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
    sb.ok([
        "rotate",
        "k",
        "--command",
        "echo new-value",
        "--timeout",
        "18446744073709551615s",
    ]);
    assert_eq!(sb.get("k"), "new-value");
}

/// A stored rotate command runs in `/`, never the caller's working
/// directory: `./rotate.sh` in a hostile checkout is not what runs (review
/// of issue 13). `--command`, typed by the caller, runs where they are.
#[test]
fn stored_commands_run_in_the_root_directory_not_the_callers() {
    let sb = Sandbox::init();
    let hostile = sb.dir.path().join("checkout");
    fs::create_dir_all(&hostile).unwrap();
    let marker = sb.dir.path().join("hostile-ran");
    fs::write(
        hostile.join("rotate.sh"),
        format!(
            "#!/bin/sh\ntouch '{}'\necho hostile-value\n",
            marker.display()
        ),
    )
    .unwrap();
    fs::set_permissions(hostile.join("rotate.sh"), fs::Permissions::from_mode(0o755)).unwrap();
    sb.set_with("svc/pwd", ["--rotate-command", "pwd"], "old-value");
    sb.cmd()
        .current_dir(&hostile)
        .args(["rotate", "svc/pwd"])
        .assert()
        .success();
    assert_eq!(sb.ok(["get", "svc/pwd"]), "/\n");
    sb.set_with("svc/rel", ["--rotate-command", "./rotate.sh"], "old-value");
    sb.cmd()
        .current_dir(&hostile)
        .args(["rotate", "svc/rel"])
        .assert()
        .failure();
    assert!(!marker.exists(), "the checkout's ./rotate.sh ran");
    assert_eq!(sb.ok(["get", "svc/rel"]), "old-value\n");
    sb.cmd()
        .current_dir(&hostile)
        .args(["rotate", "svc/pwd", "--command", "pwd"])
        .assert()
        .success();
    assert_eq!(
        sb.ok(["get", "svc/pwd"]),
        format!("{}\n", hostile.canonicalize().unwrap().display())
    );
}
