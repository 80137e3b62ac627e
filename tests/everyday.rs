//! The everyday commands through the real binary, real files and real age.

use crate::util::{PASSWORD, Sandbox, contains};
use predicates::prelude::*;

/// What `set` is sent for value `v`: a single line loses one trailing newline,
/// so it gets one more than the value has; several lines are stored as they are.
fn input_of(v: &str) -> String {
    if v.contains('\n') {
        v.to_string()
    } else {
        format!("{v}\n")
    }
}

#[test]
fn values_round_trip_exactly() {
    let sb = Sandbox::init();
    let values = [
        "plain",
        "ünïcödé ✓ 🔑",
        "quotes ' and \" and `back`",
        "$HOME and $(echo no) and ${X}",
        "  spaces around  ",
        "multi\nline\nvalue",
        "two lines\nand a trailing newline\n",
        "tab\there\\backslash",
    ];
    for (i, v) in values.iter().enumerate() {
        let input = input_of(v);
        sb.cmd()
            .args(["set", &format!("rt/v{i}")])
            .write_stdin(input)
            .assert()
            .success();
    }
    for (i, v) in values.iter().enumerate() {
        assert_eq!(sb.get(&format!("rt/v{i}")), *v, "value {i}");
        let out = sb.ok(["get", &format!("rt/v{i}")]);
        // What was sent comes back: a newline after a single line, several
        // lines as they are.
        assert_eq!(out, input_of(v), "get gives back what set read");
    }
}

#[test]
fn set_adds_versions_and_get_reads_them() {
    let sb = Sandbox::init();
    sb.set("api/key", "one");
    sb.set("api/key", "two");
    assert_eq!(sb.get("api/key"), "two");
    assert_eq!(sb.ok(["get", "-n", "--version", "1", "api/key"]), "one");
    sb.cmd()
        .args(["get", "--version", "9", "api/key"])
        .assert()
        .code(4);
    let json: serde_json::Value =
        serde_json::from_str(&sb.ok(["--json", "show", "api/key"])).unwrap();
    assert_eq!(json["versions"].as_array().unwrap().len(), 2);
    assert_eq!(json["versions"][0]["state"], "previous");
    assert_eq!(json["versions"][1]["state"], "active");
}

#[test]
fn a_value_as_an_argument_is_a_usage_error() {
    let sb = Sandbox::init();
    sb.cmd()
        .args(["set", "x", "hunter2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("never taken as arguments"))
        .stderr(predicate::str::contains("hunter2").not());
}

#[test]
fn wrong_password_exits_3_and_changes_nothing() {
    let sb = Sandbox::init();
    sb.set("a", "value-a");
    let before = sb.snapshot();
    let log_before = std::fs::read_to_string(sb.file("audit.log")).unwrap();
    assert_eq!(log_before.matches("unlock-failed").count(), 0);
    for args in [vec!["get", "a"], vec!["set", "a"], vec!["list"]] {
        sb.cmd()
            .env("SESAME_PASSWORD", "not the password")
            .args(&args)
            .write_stdin("new")
            .assert()
            .code(3)
            .stderr(predicate::str::contains("wrong password"));
    }
    // Only the audit log changed: three `unlock-failed` records.
    assert_eq!(sb.snapshot(), before);
    let log = std::fs::read_to_string(sb.file("audit.log")).unwrap();
    assert_eq!(log.matches("\"action\":\"unlock-failed\"").count(), 3);
}

#[test]
fn no_password_and_no_terminal_fails_at_once() {
    let sb = Sandbox::init();
    let start = std::time::Instant::now();
    sb.cmd_locked()
        .args(["get", "a"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("SESAME_PASSWORD_FILE"))
        .stderr(predicate::str::contains("SESAME_IDENTITY"));
    // Generous bound against a hang, not a performance target.
    assert!(start.elapsed().as_secs() < 5);
}

/// A store holding "a" = "x1", and `get a` on it with no password but the
/// variable `var` set to `value`.
fn get_a_with(var: &str, value: impl FnOnce(&Sandbox) -> String) -> assert_cmd::assert::Assert {
    let sb = Sandbox::init();
    sb.set("a", "x1");
    let value = value(&sb);
    sb.cmd_locked().env(var, value).args(["get", "a"]).assert()
}

/// Write `text` into a file in `sb` and return its path.
fn file_holding(sb: &Sandbox, name: &str, text: &str) -> String {
    let path = sb.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn the_password_file_is_used() {
    get_a_with("SESAME_PASSWORD_FILE", |sb| {
        file_holding(sb, "pw", &format!("{PASSWORD}\n"))
    })
    .success()
    .stdout("x1\n");
}

#[test]
fn an_empty_password_file_is_refused() {
    get_a_with("SESAME_PASSWORD_FILE", |sb| file_holding(sb, "pw", ""))
        .code(3)
        .stderr(predicate::str::contains("empty"));
}

#[test]
fn the_identity_unlocks_without_a_password() {
    get_a_with("SESAME_IDENTITY", Sandbox::identity)
        .success()
        .stdout("x1\n");
}

#[test]
fn an_identity_file_unlocks_without_a_password() {
    get_a_with("SESAME_IDENTITY_FILE", |sb| {
        let key = sb.identity();
        file_holding(sb, "key.txt", &format!("# created: test\n{key}\n"))
    })
    .success()
    .stdout("x1\n");
}

#[test]
fn a_key_that_is_not_a_recipient_exits_3_and_is_never_echoed() {
    get_a_with("SESAME_IDENTITY", |_| {
        "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ".to_owned()
    })
    .code(3)
    .stderr(predicate::str::contains("QQQQ").not());
}

#[test]
fn missing_store_says_to_run_init() {
    let sb = Sandbox::new();
    for args in [vec!["get", "a"], vec!["list"], vec!["set", "a"]] {
        sb.cmd()
            .args(&args)
            .write_stdin("v")
            .assert()
            .code(1)
            .stderr(predicate::str::contains("sesame init"));
    }
    assert!(!sb.store.exists());
}

#[test]
fn init_creates_private_files() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::init();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&sb.store), 0o700);
    for f in [
        "identity.age",
        "recipients",
        "manifest",
        "lock",
        "audit.log",
        "audit.lock",
    ] {
        assert_eq!(mode(&sb.file(f)), 0o600, "{f}");
    }
}

#[test]
fn init_refuses_to_run_twice_and_leaves_nothing_behind() {
    let sb = Sandbox::init();
    let before = sb.snapshot();
    sb.fails(["init", "--work-factor", "10"], 1, "already exists");
    assert_eq!(sb.snapshot(), before);
    // No staging directory was left beside the store.
    let leftovers: Vec<_> = std::fs::read_dir(sb.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".sesame"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn init_refuses_work_factors_above_22() {
    let sb = Sandbox::new();
    sb.exits(["init", "--work-factor", "23"], 2);
    assert!(!sb.store.exists());
}

#[test]
fn bad_names_are_refused() {
    let sb = Sandbox::init();
    for name in [
        "a b",
        "../x",
        "/abs",
        "a//b",
        "",
        "a/",
        "x/../y",
        "tab\there",
    ] {
        sb.cmd()
            .args(["set", name])
            .write_stdin("v")
            .assert()
            .code(2)
            .stderr(predicate::str::contains("not a valid secret name"));
        sb.cmd().args(["generate", name]).assert().code(2);
    }
    assert_eq!(sb.ok(["list"]), "");
}

#[test]
fn list_is_sorted_and_filters() {
    let sb = Sandbox::init();
    for n in ["b/two", "a/one", "c/three", "b/one"] {
        sb.set(n, "value-123");
    }
    sb.cmd()
        .args(["set", "b/tagged", "--tag", "prod"])
        .write_stdin("v")
        .assert()
        .success();
    assert_eq!(sb.ok(["list"]), "a/one\nb/one\nb/tagged\nb/two\nc/three\n");
    assert_eq!(
        sb.ok(["list", "--prefix", "b/"]),
        "b/one\nb/tagged\nb/two\n"
    );
    assert_eq!(sb.ok(["list", "--tag", "prod"]), "b/tagged\n");
    let json = sb.ok(["list", "--json"]);
    assert!(!json.contains("value-123"));
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed.as_array().unwrap().len(), 5);
    assert_eq!(parsed[0]["name"], "a/one");
    assert_eq!(parsed[0]["env"], "A_ONE");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let sb = Sandbox::init();
    // 1 MiB: far more than a pipe buffer, so the writer really meets EPIPE.
    sb.set("big", &"x".repeat(1 << 20));
    let script = format!(
        "'{}' get big | head -c1 >/dev/null; exit ${{PIPESTATUS[0]}}",
        crate::util::sesame_bin().display()
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .env("SESAME_STORE", &sb.store)
        .env("SESAME_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?} {stderr}", out.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn show_reports_metadata_and_never_the_value() {
    let sb = Sandbox::init();
    sb.cmd()
        .args([
            "generate",
            "stripe/prod/secret_key",
            "--length",
            "40",
            "--prefix",
            "sk_live_",
            "--max-age",
            "90d",
            "--description",
            "live key",
            "--print",
        ])
        .assert()
        .success();
    let value = sb.get("stripe/prod/secret_key");
    assert!(value.starts_with("sk_live_") && value.len() == 48);
    let show = sb.ok(["show", "stripe/prod/secret_key"]);
    assert!(show.contains("238 bits"), "{show}");
    assert!(show.contains("PROD_SECRET_KEY"));
    assert!(show.contains("live key"));
    assert!(!show.contains(&value[8..]));
    let json = sb.ok(["--json", "show", "stripe/prod/secret_key"]);
    assert!(!json.contains(&value[8..]));
    // And nothing reveals it without --print.
    let out = sb.ok(["generate", "other"]);
    assert_eq!(out, "");
    assert!(!contains(&sb.snapshot()["recipients"], value.as_bytes()));
}

#[test]
fn generate_every_charset() {
    let sb = Sandbox::init();
    type Case = (&'static str, fn(char) -> bool, f64);
    let cases: [Case; 8] = [
        ("alnum", |c| c.is_ascii_alphanumeric(), 5.954),
        ("alpha", |c| c.is_ascii_alphabetic(), 5.700),
        ("digits", |c| c.is_ascii_digit(), 3.321),
        (
            "hex",
            |c| c.is_ascii_digit() || ('a'..='f').contains(&c),
            4.0,
        ),
        (
            "base32",
            |c| c.is_ascii_uppercase() || ('2'..='7').contains(&c),
            5.0,
        ),
        (
            "base64",
            |c| c.is_ascii_alphanumeric() || c == '+' || c == '/',
            6.0,
        ),
        (
            "base64url",
            |c| c.is_ascii_alphanumeric() || c == '-' || c == '_',
            6.0,
        ),
        ("ascii", |c| c.is_ascii_graphic(), 6.554),
    ];
    for (charset, ok, bits_per_char) in cases {
        let name = format!("gen/{charset}");
        let printed = sb.ok([
            "generate",
            &name,
            "--charset",
            charset,
            "--length",
            "64",
            "--print",
        ]);
        let value = printed.strip_suffix('\n').unwrap();
        assert_eq!(value.chars().count(), 64, "{charset}: {value:?}");
        assert!(value.chars().all(ok), "{charset}: {value:?}");
        assert_eq!(sb.get(&name), value);
        let json = sb.json(["show", &name]);
        let bits = json["secret"]["entropy_bits"].as_f64().unwrap();
        assert!(
            (bits - (64.0 * bits_per_char).floor()).abs() <= 1.0,
            "{charset}: {bits}"
        );
    }
}

/// `generate gen/default` and the value it made.
fn generate_default(sb: &Sandbox) -> String {
    sb.ok(["generate", "gen/default"]);
    sb.get("gen/default")
}

#[test]
fn generate_makes_32_alphanumeric_characters_by_default() {
    let sb = Sandbox::init();
    let v = generate_default(&sb);
    assert_eq!(v.len(), 32);
    assert!(v.chars().all(|c| c.is_ascii_alphanumeric()));
}

#[test]
fn generate_words_from_the_list_with_the_separator() {
    let sb = Sandbox::init();
    // Six words, with the separator, and 77 bits.
    sb.ok(["generate", "gen/words", "--words", "6", "--separator", " "]);
    let words = sb.get("gen/words");
    assert!(words.split(' ').count() >= 6, "{words}");
    assert!(
        words
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == ' ' || c == '-')
    );
    assert!(sb.ok(["show", "gen/words"]).contains("77 bits"));
}

#[test]
fn generating_again_makes_a_new_version_with_a_new_value() {
    let sb = Sandbox::init();
    let v = generate_default(&sb);
    sb.ok(["generate", "gen/default", "--force"]);
    assert_ne!(sb.get("gen/default"), v);
    assert_eq!(sb.ok(["get", "-n", "--version", "1", "gen/default"]), v);
}

#[test]
fn generate_refuses_a_length_or_charset_out_of_range() {
    let sb = Sandbox::init();
    sb.exits(["generate", "gen/x", "--length", "0"], 2);
    sb.exits(["generate", "gen/x", "--charset", "emoji"], 2);
}

#[test]
fn an_expired_secret_is_not_handed_out() {
    let sb = Sandbox::init();
    sb.set_with("short/lived", ["--expires", "1h"], "soon-gone");
    assert_eq!(sb.get("short/lived"), "soon-gone");
    // The clock cannot be moved; the expiry can (no need to wait it out).
    sb.ok(["edit", "short/lived", "--expires", "2001-02-03T04:05:06Z"]);
    sb.fails(["get", "short/lived"], 6, "short/lived")
        .stdout("")
        .stderr(predicate::str::contains("expired at"));
    let json: serde_json::Value = serde_json::from_str(&sb.ok(["list", "--json"])).unwrap();
    assert_eq!(json[0]["state"], "expired");
}

#[test]
fn the_store_flag_wins_over_the_environment() {
    let sb = Sandbox::init();
    let other = sb.dir.path().join("other-store");
    sb.cmd()
        .args([
            "--store",
            other.to_str().unwrap(),
            "init",
            "--work-factor",
            "10",
        ])
        .assert()
        .success();
    sb.cmd()
        .args(["--store", other.to_str().unwrap(), "set", "only/here"])
        .write_stdin("v")
        .assert()
        .success();
    assert_eq!(sb.ok(["list"]), "");
    assert_eq!(
        sb.ok(["--store", other.to_str().unwrap(), "list"]),
        "only/here\n"
    );
}

#[test]
fn json_output_for_writes_and_reads() {
    let sb = Sandbox::init();
    let set = sb.exits_given(["--json", "set", "j/one"], "json-value", 0);
    let out: serde_json::Value = serde_json::from_slice(&set.get_output().stdout).unwrap();
    assert_eq!(out["name"], "j/one");
    assert_eq!(out["version"], 1);
    assert_eq!(sb.json(["get", "j/one"])["value"], "json-value");
}

#[test]
fn quiet_writes_say_nothing_on_stderr() {
    let sb = Sandbox::init();
    sb.exits_given(["-q", "set", "j/two"], "v", 0).stderr("");
}

#[test]
fn usage_errors_are_one_line_with_exit_2() {
    let sb = Sandbox::new();
    for args in [
        vec!["gett"],
        vec!["get"],
        vec!["generate", "x", "--length", "abc"],
        vec!["--bogus", "list"],
        vec!["init", "--work-factor", "30"],
    ] {
        let out = sb.cmd().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("sesame: ") && err.contains(" — "), "{err}");
    }
    // --help and --version are not errors.
    sb.cmd()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage:"));
    sb.cmd().arg("--version").assert().success();
    assert!(!sb.store.exists(), "help touched the store");
}
