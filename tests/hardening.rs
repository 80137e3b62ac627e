//! Regressions from a security review of the merged tree: each test fails on
//! the code as it was before the fix named in its comment.

use std::fs;
use std::process::Command;

use crate::util::{PASSWORD, Sandbox, require_program};
use predicates::prelude::*;

/// `leaky.env` holding `text`, in a fresh store's sandbox.
fn with_env_file(text: &str) -> (Sandbox, std::path::PathBuf) {
    let sb = Sandbox::init();
    let file = sb.dir.path().join("leaky.env");
    fs::write(&file, text).unwrap();
    (sb, file)
}

/// `import` read a bare line (an unquoted PEM continuation, a pasted token) as
/// a key and quoted it in its error or its "skipped" warning.
#[test]
fn import_never_quotes_a_line_that_may_be_a_value_in_its_error() {
    let (sb, file) = with_env_file("A=1\nKEY=-----BEGIN\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU+/abc\n");
    sb.cmd()
        .arg("import")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 3"))
        .stderr(predicate::str::contains("b3BlbnNzaC1rZXktdjEAAAAABG5vbmU").not());
}

/// As above, for the warning of a line `import` skips.
#[test]
fn import_never_quotes_a_line_that_may_be_a_value_in_its_warning() {
    let (sb, file) = with_env_file("A=value-one\nsk_live_51Habcdefghijklmnop\n");
    sb.cmd()
        .args(["import", "--prefix", "t"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains("line 2"))
        .stderr(predicate::str::contains("sk_live_51Habcdefghijklmnop").not());
}

/// `scan --staged` ran git with the whole environment: a repository's config
/// can make git run programs, which then saw SESAME_PASSWORD.
#[test]
fn git_never_sees_the_password() {
    if !require_program("git", "scan --staged runs git") {
        return;
    }
    let sb = Sandbox::init();
    sb.set("a", "value-for-scan-123");
    let repo = sb.dir.path().join("repo");
    fs::create_dir(&repo).unwrap();
    let git = |args: &[&str]| {
        assert!(
            Command::new("git")
                .args(args)
                .current_dir(&repo)
                .output()
                .unwrap()
                .status
                .success()
        );
    };
    git(&["init", "-q"]);
    // A `git` first on PATH that records its environment, then runs the real one.
    let real = String::from_utf8(
        Command::new("sh")
            .args(["-c", "command -v git"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let bin = sb.dir.path().join("bin");
    fs::create_dir(&bin).unwrap();
    let seen = sb.dir.path().join("git-env");
    let wrapper = bin.join("git");
    fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nenv >> '{}'\nexec '{}' \"$@\"\n",
            seen.display(),
            real.trim()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&wrapper, fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    sb.cmd()
        .env("PATH", path)
        .current_dir(&repo)
        .args(["scan", "--staged"])
        .assert()
        .success();
    let env = fs::read_to_string(&seen).unwrap();
    assert!(env.contains("PATH="), "the wrapper did not run");
    assert!(!env.contains(PASSWORD), "git saw the master password");
    assert!(!env.contains("SESAME_"), "git saw a SESAME_ variable");
}

/// `eprintln!` panicked when stderr was a closed pipe: exit 101 after the
/// store had been written, so a retrying script rotated twice.
#[test]
fn a_closed_stderr_does_not_turn_success_into_a_crash() {
    let sb = Sandbox::init();
    // A pipe whose reader is gone before sesame starts: every write is EPIPE.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut c = Command::new(crate::util::sesame_bin());
    c.args(["set", "closed/stderr"]);
    sb.isolate(&mut c)
        .env("SESAME_PASSWORD", PASSWORD)
        .stderr(writer);
    let out = crate::util::output_with_stdin(&mut c, b"v");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(sb.get("closed/stderr"), "v");
}

/// A grace period too long to add to now failed only after the rotate command
/// had run, throwing away the credential it had minted.
#[test]
fn an_impossible_grace_fails_before_the_rotate_command_runs() {
    let sb = Sandbox::init();
    sb.set("tok", "old-value-1");
    let minted = sb.dir.path().join("minted");
    let cmd = format!("echo minted >> '{}'; echo new-value-2", minted.display());
    sb.cmd()
        .args([
            "rotate",
            "tok",
            "--command",
            &cmd,
            "--grace",
            "999999999999d",
        ])
        .assert()
        .code(2);
    assert!(!minted.exists(), "the rotate command ran");
    assert_eq!(sb.get("tok"), "old-value-1");
}

/// `SESAME_LOCK_TIMEOUT=inf` panicked in Duration::from_secs_f64.
#[test]
fn an_infinite_lock_timeout_is_a_usage_error() {
    let sb = Sandbox::init();
    for t in ["inf", "1e300", "NaN", "-1"] {
        sb.cmd()
            .env("SESAME_LOCK_TIMEOUT", t)
            .arg("list")
            .assert()
            .code(2)
            .stderr(predicate::str::contains("SESAME_LOCK_TIMEOUT"));
    }
}

/// `recipients add --generate-ci NAME | head -0` sealed the key, then failed
/// (or, on a closed pipe, exited 0) without showing it: a recipient nobody can use.
#[test]
fn a_ci_key_that_cannot_be_printed_is_not_added() {
    let sb = Sandbox::init();
    let before = fs::read(sb.file("recipients")).unwrap();
    // Stdout on /dev/full (ENOSPC), then on a pipe with no reader (EPIPE).
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let outs: [std::process::Stdio; 2] =
        [fs::File::create("/dev/full").unwrap().into(), writer.into()];
    for stdout in outs {
        let mut c = Command::new(crate::util::sesame_bin());
        c.args(["recipients", "add", "--generate-ci", "ci-test"]);
        sb.isolate(&mut c)
            .env("SESAME_PASSWORD", PASSWORD)
            .stdout(stdout);
        let out = c.output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was added"));
        assert_eq!(
            fs::read(sb.file("recipients")).unwrap(),
            before,
            "the key was added"
        );
    }
}

/// Failures on a damaged store appended to the audit log being investigated.
#[test]
fn a_damaged_store_appends_nothing_to_the_audit_log() {
    let sb = Sandbox::init();
    sb.set("a", "x");
    let bucket = sb.buckets_of("manifest").remove(0);
    let mut v = fs::read(&bucket).unwrap();
    let last = v.len() - 1;
    v[last] ^= 1;
    fs::write(&bucket, v).unwrap();
    let log = fs::read(sb.file("audit.log")).unwrap();
    sb.cmd().args(["get", "a"]).assert().code(5);
    assert_eq!(fs::read(sb.file("audit.log")).unwrap(), log);
}
