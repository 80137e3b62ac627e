//! Stored rotate/revoke commands run only when this machine's key wrote them
//! or the user approved them (`sesame allow --secret`).

use std::fs;

use crate::util::{PASSWORD, Sandbox, on_terminal_in, stderr_of};

/// A format-1 store with `gh/token` and a CI key (a recipient that can
/// write, as every recipient of a format-1 store can). In a signed store a CI
/// key cannot write a command at all (tests/signed.rs); approvals still guard
/// format-1 stores and commands other admins signed.
fn with_ci_key() -> (Sandbox, String) {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["init", "--work-factor", "10", "--format-1"])
        .assert()
        .success();
    sb.set("gh/token", "v1");
    let out = sb
        .cmd()
        .args(["recipients", "add", "--generate-ci", "ci"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    (sb, String::from_utf8(out.stdout).unwrap().trim().to_owned())
}

/// `sesame ARGS` unlocked with the CI key only.
fn as_ci(sb: &Sandbox, key: &str, args: &[&str]) -> std::process::Output {
    sb.cmd_locked()
        .env("SESAME_IDENTITY", key)
        .args(args)
        .output()
        .unwrap()
}

/// ISSUE 12, attack 2: a CI key plants a rotate command; the owner's
/// `rotate --due` must not run it until the owner approves it.
#[test]
fn a_command_planted_by_a_ci_key_does_not_run_until_approved() {
    let (sb, key) = with_ci_key();
    sb.set("other", "o1");
    sb.cmd()
        .args([
            "edit",
            "other",
            "--max-age",
            "1s",
            "--rotate-command",
            "echo fresh",
        ])
        .assert()
        .success();
    let owned = sb.dir.path().join("OWNED");
    let planted = format!("id > {}; echo x", owned.display());
    let out = as_ci(
        &sb,
        &key,
        &[
            "edit",
            "gh/token",
            "--max-age",
            "1s",
            "--rotate-command",
            &planted,
        ],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    std::thread::sleep(std::time::Duration::from_millis(1100));

    let out = sb
        .cmd()
        .args(["rotate", "--due", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", stderr_of(&out));
    let plan = String::from_utf8_lossy(&out.stdout);
    assert!(
        plan.lines()
            .any(|l| l.starts_with("rotate  gh/token") && l.contains("NOT APPROVED")),
        "{plan}"
    );
    assert!(
        plan.lines()
            .any(|l| l.starts_with("rotate  other") && !l.contains("NOT APPROVED")),
        "{plan}"
    );

    let out = sb.cmd().args(["rotate", "--due"]).output().unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains(
            "the rotate command of 'gh/token' was not written with this machine's key nor approved"
        ) && err.contains(&planted)
            && err.contains("sesame allow --secret gh/token"),
        "{err}"
    );
    assert!(!owned.exists(), "the planted command ran");
    // The owner's own command ran: the others are rotated.
    assert_eq!(sb.get("other"), "fresh");
    assert_eq!(sb.get("gh/token"), "v1");

    // `show` says so.
    let shown = sb.ok(["show", "gh/token"]);
    assert!(shown.contains("NOT approved"), "{shown}");
    let json = sb.json(["show", "gh/token"]);
    assert_eq!(json["commands"][0]["trust"], "not-approved");
    assert_eq!(json["commands"][0]["command"], planted.as_str());
    let own = sb.json(["show", "other"]);
    assert_eq!(own["commands"][0]["trust"], "own");

    // `rotate NAME` refuses it too, exit 8, nothing changed.
    let before = sb.snapshot();
    sb.fails(["rotate", "gh/token"], 8, "nothing was run");
    assert_eq!(sb.snapshot(), before);
    assert!(!owned.exists());

    // Approved, it runs.
    sb.cmd()
        .args(["allow", "--secret", "gh/token", "--yes"])
        .assert()
        .success()
        .stderr(predicates::str::contains(&planted));
    assert_eq!(
        sb.json(["show", "gh/token"])["commands"][0]["trust"],
        "approved"
    );
    sb.cmd().args(["rotate", "--due"]).assert().success();
    assert!(owned.exists(), "the approved command did not run");
    assert_eq!(sb.get("gh/token"), "x");
}

#[test]
fn a_changed_command_needs_a_new_approval_and_deny_withdraws_one() {
    let (sb, key) = with_ci_key();
    let marker = sb.dir.path().join("ran");
    let first = format!("echo one >> {}; echo new1", marker.display());
    let out = as_ci(&sb, &key, &["edit", "gh/token", "--rotate-command", &first]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    sb.exits(["rotate", "gh/token"], 8);
    sb.ok(["allow", "--secret", "gh/token", "--yes"]);
    sb.ok(["rotate", "gh/token"]);
    assert_eq!(sb.get("gh/token"), "new1");

    // The CI key changes the text: the approval of the old text does not carry.
    let second = format!("echo two >> {}; echo new2", marker.display());
    let out = as_ci(
        &sb,
        &key,
        &["edit", "gh/token", "--rotate-command", &second],
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    sb.fails(["rotate", "gh/token"], 8, &second);
    assert_eq!(fs::read_to_string(&marker).unwrap(), "one\n");

    // The owner's own edit counts as approval of what the owner wrote.
    let third = format!("echo three >> {}; echo new3", marker.display());
    sb.ok(["edit", "gh/token", "--rotate-command", &third]);
    sb.ok(["rotate", "gh/token"]);
    assert_eq!(sb.get("gh/token"), "new3");

    // `deny` withdraws it, `allow --list` shows what is left.
    let listed = sb.json(["allow", "--list"]);
    assert_eq!(listed["commands"][0]["secret"], "gh/token");
    assert_eq!(listed["commands"][0]["how"], "written");
    sb.ok(["deny", "--secret", "gh/token"]);
    sb.exits(["rotate", "gh/token"], 8);
    assert_eq!(
        fs::read_to_string(&marker).unwrap(),
        "one\nthree\n",
        "only approved texts ran"
    );
}

#[test]
fn an_unapproved_revoke_command_never_runs_and_force_wipes_without_it() {
    let (sb, key) = with_ci_key();
    let marker = sb.dir.path().join("revoked");
    let cmd = format!("touch {}", marker.display());
    let out = as_ci(&sb, &key, &["edit", "gh/token", "--revoke-command", &cmd]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let before = sb.snapshot();
    sb.fails(
        ["revoke", "gh/token", "--yes"],
        8,
        "the revoke command of 'gh/token'",
    );
    assert_eq!(sb.snapshot(), before);
    sb.cmd()
        .args(["revoke", "gh/token", "--force"])
        .assert()
        .success()
        .stderr(predicates::str::contains("ignored: --force"));
    assert!(!marker.exists(), "the unapproved revoke command ran");
    sb.exits(["get", "gh/token"], 6);
}

/// The approvals file is sealed with a key derived from the identity: one
/// written or changed by another program is refused, and nothing runs.
#[test]
fn a_forged_approvals_file_is_refused() {
    let (sb, key) = with_ci_key();
    let marker = sb.dir.path().join("ran");
    let cmd = format!("touch {}; echo new", marker.display());
    let out = as_ci(&sb, &key, &["edit", "gh/token", "--rotate-command", &cmd]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    // The owner approves something, so that the file exists; then it is altered.
    sb.set_with("x", ["--rotate-command", "echo y"], "1");
    let state = sb.home.join(".local/state/sesame");
    let files: Vec<_> = fs::read_dir(&state)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("commands-")
        })
        .collect();
    assert!(!files.is_empty());
    // Whichever file is the owner's: rewrite each with a forged record for
    // gh/token, keeping the seal line (the tag no longer matches).
    for f in &files {
        let text = fs::read_to_string(f).unwrap();
        let (seal, body) = text.split_once('\n').unwrap();
        let forged = body.replace("\"secret\": \"x\"", "\"secret\": \"gh/token\"");
        fs::write(f, format!("{seal}\n{forged}")).unwrap();
    }
    let before = sb.snapshot();
    sb.fails(["rotate", "gh/token"], 5, "was not sealed by your identity");
    assert_eq!(sb.snapshot(), before);
    assert!(!marker.exists());
    // A file made up whole (no seal at all) is refused the same way.
    for f in &files {
        fs::write(f, "{\"version\":1,\"commands\":[]}").unwrap();
    }
    sb.fails(["rotate", "gh/token"], 5, "was not sealed by your identity");
    assert!(!marker.exists());
}

#[test]
fn allow_shows_the_command_escaped_and_asks_on_a_terminal() {
    let (sb, key) = with_ci_key();
    let marker = sb.dir.path().join("ran");
    // A carriage return and a bidi override would hide the real command.
    let cmd = format!(
        "touch {}; echo v #\r\u{202e}echo harmless",
        marker.display()
    );
    let out = as_ci(&sb, &key, &["edit", "gh/token", "--rotate-command", &cmd]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    // No terminal and no --yes: refused, nothing recorded.
    sb.fails(["allow", "--secret", "gh/token"], 2, "--yes");
    sb.exits(["rotate", "gh/token"], 8);

    let unlocked = format!("env SESAME_PASSWORD='{PASSWORD}'");
    let Some(out) = on_terminal_in(&sb, &unlocked, "allow --secret gh/token", "n\n") else {
        return;
    };
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("\\r\\u{202e}echo harmless"), "{said}");
    assert!(!said.contains('\u{202e}'), "{said}");
    sb.exits(["rotate", "gh/token"], 8);
    assert!(!marker.exists());

    let Some(out) = on_terminal_in(&sb, &unlocked, "allow --secret gh/token", "y\n") else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    sb.ok(["rotate", "gh/token"]);
    assert!(marker.exists());
}

/// A rename keeps the trust of the owner's own command, and only that: a
/// command a CI key planted stays unapproved under the new name, and the old
/// name's approval does not wait for a secret planted under it.
#[test]
fn a_rename_carries_the_trust_of_commands_trusted_under_the_old_name_only() {
    let (sb, key) = with_ci_key();
    sb.ok(["edit", "gh/token", "--rotate-command", "echo own"]);
    sb.ok(["mv", "gh/token", "gh/renamed"]);
    assert_eq!(
        sb.json(["show", "gh/renamed"])["commands"][0]["trust"],
        "own"
    );
    sb.ok(["rotate", "gh/renamed"]);
    assert_eq!(sb.get("gh/renamed"), "own");

    // The old name's record went with it: the same text planted there is not trusted.
    sb.cmd_locked()
        .env("SESAME_IDENTITY", &key)
        .args(["set", "gh/token", "--rotate-command", "echo own"])
        .write_stdin("planted")
        .assert()
        .success();
    sb.exits(["rotate", "gh/token"], 8);

    // A secret holding a command not trusted here is not renamed at all (in a
    // signed store the rename would re-sign it under the mover's key); once
    // approved, the approval moves with it.
    let marker = sb.dir.path().join("ran");
    let planted = format!("touch {}; echo x", marker.display());
    sb.set("ci/key", "v1");
    let out = as_ci(&sb, &key, &["edit", "ci/key", "--rotate-command", &planted]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let before = sb.snapshot();
    sb.fails(["mv", "ci/key", "ci/moved"], 8, &planted);
    assert_eq!(sb.snapshot(), before);
    assert!(!marker.exists(), "the planted command ran");
    sb.ok(["allow", "--secret", "ci/key", "--yes"]);
    sb.ok(["mv", "ci/key", "ci/moved"]);
    assert_eq!(
        sb.json(["show", "ci/moved"])["commands"][0]["trust"],
        "approved"
    );
}
