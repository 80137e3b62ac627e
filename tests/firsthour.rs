//! What a new user trips on in the first hour (issue 17): keys handed over as
//! files, confirmations, refusals that point to the right command, messages.

use std::fs;
use std::process::Command;

use predicates::prelude::*;

use crate::util::{PASSWORD, Sandbox, on_terminal, on_terminal_in, require_program, stderr_of};

/// `program ARGS` succeeds; its stdout.
fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        stderr_of(&out)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Hand `name` over as a file to `sh -c SCRIPT` (the path in $KEY); its stdout.
fn with_key_file(sb: &Sandbox, name: &str, script: &str) -> std::process::Output {
    sb.cmd()
        .args([
            "run",
            "--no-mask",
            "-f",
            &format!("{name}=KEY"),
            "--",
            "sh",
            "-c",
            script,
        ])
        .output()
        .unwrap()
}

#[test]
fn an_ssh_key_set_from_its_file_loads_from_the_hand_over() {
    if !require_program("ssh-keygen", "to load a handed-over OpenSSH key") {
        return;
    }
    let sb = Sandbox::init();
    let key = sb.dir.path().join("id_ed25519");
    let key_s = key.to_str().unwrap();
    tool(
        "ssh-keygen",
        &["-q", "-t", "ed25519", "-N", "", "-C", "t", "-f", key_s],
    );
    let bytes = fs::read(&key).unwrap();
    assert!(bytes.ends_with(b"-----\n"));
    sb.cmd()
        .args(["set", "ssh/deploy/key"])
        .pipe_stdin(&key)
        .unwrap()
        .assert()
        .success();
    // Stored byte for byte: `get -n` and `get` (no second newline) give the file back.
    assert_eq!(sb.get("ssh/deploy/key").as_bytes(), &bytes[..]);
    assert_eq!(sb.ok(["get", "ssh/deploy/key"]).as_bytes(), &bytes[..]);
    let out = with_key_file(
        &sb,
        "ssh/deploy/key",
        "cat \"$KEY\"; ssh-keygen -y -f \"$KEY\"",
    );
    assert!(out.status.success(), "{}", stderr_of(&out));
    let public = fs::read_to_string(key.with_extension("pub")).unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let (handed, derived) = stdout.split_at(bytes.len());
    assert_eq!(
        handed.as_bytes(),
        &bytes[..],
        "-f hands over exactly the stored bytes"
    );
    assert_eq!(
        derived.split_whitespace().take(2).collect::<Vec<_>>(),
        public.split_whitespace().take(2).collect::<Vec<_>>()
    );
}

#[test]
fn a_pem_key_loads_in_openssl_and_a_legacy_one_gets_its_newline_back() {
    if !require_program("openssl", "to load a handed-over PEM key") {
        return;
    }
    let sb = Sandbox::init();
    let pem = tool("openssl", &["genpkey", "-algorithm", "ed25519"]);
    assert!(pem.ends_with("-----END PRIVATE KEY-----\n"));
    sb.set("tls/key", &pem);
    assert_eq!(sb.get("tls/key"), pem);
    // As stored before the newline rule: the last newline gone.
    sb.set("tls/legacy", pem.trim_end_matches('\n'));
    assert_eq!(sb.get("tls/legacy"), pem.trim_end_matches('\n'));
    for name in ["tls/key", "tls/legacy"] {
        let out = with_key_file(&sb, name, "openssl pkey -in \"$KEY\" && cat \"$KEY\"");
        assert!(out.status.success(), "{name}: {}", stderr_of(&out));
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            format!("{pem}{pem}"),
            "{name}"
        );
    }
}

#[test]
fn a_single_line_loses_one_newline_and_several_lines_none() {
    let sb = Sandbox::init();
    for (i, (input, stored)) in [
        ("tok\n", "tok"),
        ("tok\r\n", "tok"),
        ("tok", "tok"),
        ("{\"a\": 1}\n", "{\"a\": 1}"),
        ("a\nb\n", "a\nb\n"),
        ("a\nb", "a\nb"),
        ("tok\n\n", "tok\n\n"),
    ]
    .into_iter()
    .enumerate()
    {
        sb.set(&format!("nl/v{i}"), input);
        assert_eq!(sb.get(&format!("nl/v{i}")), stored, "{input:?}");
    }
    // A rotate command's output follows the same rule.
    sb.ok([
        "rotate",
        "nl/v0",
        "--command",
        "printf 'l1\\nl2\\n'",
        "--grace",
        "0",
    ]);
    assert_eq!(sb.get("nl/v0"), "l1\nl2\n");
}

/// `get > file` gives back the file `set < file` stored: a newline after a
/// single-line value, a multi-line one as stored (a legacy armoured key with
/// its newline back); on a terminal a newline after any value without one.
#[test]
fn get_into_a_file_gives_back_the_file_that_was_stored() {
    let sb = Sandbox::init();
    let pem = "-----BEGIN KEY-----\nabc\n-----END KEY-----";
    for (input, printed) in [
        ("tok\n", "tok\n".to_owned()),
        ("tok", "tok\n".to_owned()),
        ("a\nb", "a\nb".to_owned()),
        ("a\nb\n", "a\nb\n".to_owned()),
        (pem, format!("{pem}\n")),
    ] {
        sb.set("f", input);
        let out = sb.cmd().args(["get", "f"]).output().unwrap();
        assert_eq!(String::from_utf8(out.stdout).unwrap(), printed, "{input:?}");
    }
    sb.set("f", "a\nb");
    let Some(out) = on_a_terminal(&sb, "get f", "") else {
        return;
    };
    // (Shown escaped there, `a\nb`, as a value with control characters is.)
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(shown.ends_with("b\r\n"), "{shown:?}");
}

/// `sesame ARGS` on a terminal, unlocked by the password, `typed` at it;
/// `None` (skip) without `script`.
fn on_a_terminal(sb: &Sandbox, args: &str, typed: &str) -> Option<std::process::Output> {
    let with_password = format!("env SESAME_PASSWORD='{PASSWORD}'");
    on_terminal_in(sb, &with_password, args, typed)
}

#[test]
fn revoke_asks_on_a_terminal_and_needs_yes_without_one() {
    let sb = Sandbox::init();
    sb.set("gh/token", "ghp_first");
    sb.set("gh/token", "ghp_second");
    let before = sb.snapshot();
    // No terminal: refused before anything is unlocked or changed.
    sb.fails(["revoke", "gh/token"], 2, "no terminal to confirm on")
        .stderr(predicates::str::contains("sesame revoke gh/token --yes"));
    sb.fails(["revoke", "gh/token", "--previous"], 2, "--previous --yes");
    assert_eq!(sb.snapshot(), before);
    let Some(out) = on_a_terminal(&sb, "revoke gh/token", "n\n") else {
        return;
    };
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains("Revoke gh/token versions 1, 2 and wipe their values for good? [y/N]"),
        "{shown}"
    );
    assert!(
        shown.contains("not confirmed — nothing was changed"),
        "{shown}"
    );
    assert_eq!(sb.snapshot(), before);
    let out = on_a_terminal(&sb, "revoke gh/token --version 1", "y\n").unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("Revoke gh/token version 1 and wipe its value")
    );
    sb.exits(["get", "--version", "1", "gh/token"], 6);
    assert_eq!(sb.get("gh/token"), "ghp_second");
    sb.ok(["revoke", "gh/token", "--yes"]);
    sb.exits(["get", "gh/token"], 6);
}

#[test]
fn remove_asks_on_a_terminal_too() {
    let sb = Sandbox::init();
    sb.set("old/key", "v");
    sb.fails(["remove", "old/key"], 2, "sesame remove old/key --force");
    let Some(out) = on_a_terminal(&sb, "remove old/key", "no\n") else {
        return;
    };
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(sb.get("old/key"), "v");
    let out = on_a_terminal(&sb, "rm old/key", "yes\n").unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    sb.exits(["get", "old/key"], 4);
}

#[test]
fn generate_refuses_an_existing_name_and_points_to_rotate() {
    let sb = Sandbox::init();
    sb.set("gh/token", "ghp_real_token_value");
    let before = sb.snapshot();
    sb.fails(["generate", "gh/token"], 2, "exists already")
        .stderr(predicates::str::contains("sesame rotate gh/token"))
        .stderr(predicates::str::contains("--force"));
    assert_eq!(sb.snapshot(), before);
    assert_eq!(sb.get("gh/token"), "ghp_real_token_value");
    sb.ok(["generate", "gh/token", "--force"]);
    assert_ne!(sb.get("gh/token"), "ghp_real_token_value");
    assert_eq!(
        sb.ok(["get", "-n", "--version", "1", "gh/token"]),
        "ghp_real_token_value"
    );
}

#[test]
fn env_refuses_file_hand_overs_and_prints_nothing() {
    let sb = Sandbox::init();
    sb.set("gcp/dev/sa", "{\"type\": \"service_account\"}\n");
    sb.set("app/token", "tok");
    sb.fails(["env", "-f", "gcp/dev/sa=CREDS"], 2, "file hand-over")
        .stdout("")
        .stderr(predicates::str::contains("sesame run"));
    fs::write(
        sb.dir.path().join("sesame.toml"),
        "[env]\nTOKEN = \"app/token\"\nCREDS = { secret = \"gcp/dev/sa\", file = true }\n",
    )
    .unwrap();
    sb.ok(["allow"]); // issue 13: a project file is used once approved
    sb.fails(["env"], 2, "CREDS is handed over as a file")
        .stdout("")
        .stderr(predicates::str::contains("-s gcp/dev/sa=CREDS"))
        .stderr(predicates::str::contains("service_account").not());
    // The hint works: -s wins over the project's line for that variable.
    let out = sb.ok(["env", "-s", "gcp/dev/sa=CREDS"]);
    assert!(
        out.contains("CREDS='{\"type\": \"service_account\"}'"),
        "{out}"
    );
    assert!(out.contains("TOKEN='tok'"), "{out}");
    // run hands it over as a file, as before.
    let out = sb.ok(["run", "--no-mask", "--", "sh", "-c", "cat \"$CREDS\""]);
    assert_eq!(out, "{\"type\": \"service_account\"}");
}

#[test]
fn an_empty_piped_value_points_to_the_prompt_which_works() {
    let sb = Sandbox::init();
    sb.cmd()
        .args(["set", "gh/token"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "run `sesame set gh/token` in a terminal",
        ))
        .stderr(predicates::str::contains("printf").not());
    let Some(out) = on_a_terminal(&sb, "set gh/token", "ghp_typed\nghp_typed\n") else {
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(sb.get("gh/token"), "ghp_typed");
}

#[test]
fn dates_and_years_are_accepted_as_people_write_them() {
    let sb = Sandbox::init();
    sb.set_with("a", ["--expires", "2027-01-31"], "v");
    assert_eq!(
        sb.json(["show", "a"])["secret"]["expires"],
        "2027-01-31T00:00:00Z"
    );
    sb.set_with("b", ["--expires", "2027-01-31 09:30"], "v");
    assert_eq!(
        sb.json(["show", "b"])["secret"]["expires"],
        "2027-01-31T09:30:00Z"
    );
    sb.set_with("c", ["--expires", "1y", "--max-age", "6mo"], "v");
    let c = sb.json(["show", "c"]);
    assert_eq!(c["secret"]["max_age"], "180d", "{c}");
    sb.ok(["edit", "a", "--max-age", "1y"]);
    assert_eq!(sb.json(["show", "a"])["secret"]["max_age"], "365d");
    sb.fails(
        ["set", "d", "--expires", "2027-02-30"],
        2,
        "give a date (2027-01-31)",
    );
}

#[test]
fn import_overwrite_skips_unchanged_values_and_counts_in_english() {
    let sb = Sandbox::init();
    let env = sb.dir.path().join("app.env");
    fs::write(&env, "TOKEN=one\n").unwrap();
    sb.cmd()
        .args(["import", env.to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicates::str::contains("Imported 1 secret."));
    fs::write(&env, "TOKEN=one\nOTHER=two\n").unwrap();
    let before = sb.snapshot();
    sb.cmd()
        .args(["import", env.to_str().unwrap(), "--overwrite"])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "Imported 1 secret; 1 already held the same value and got no new version.",
        ));
    assert_ne!(sb.snapshot(), before);
    assert_eq!(
        sb.json(["show", "TOKEN"])["versions"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Nothing new at all: nothing is written.
    let before = sb.snapshot();
    let report = sb.json(["import", env.to_str().unwrap(), "--overwrite"]);
    assert_eq!(report["imported"], serde_json::json!([]));
    assert_eq!(report["unchanged"], serde_json::json!(["TOKEN", "OTHER"]));
    assert_eq!(sb.snapshot(), before);
    fs::write(&env, "TOKEN=three\n").unwrap();
    sb.ok(["import", env.to_str().unwrap(), "--overwrite"]);
    assert_eq!(sb.get("TOKEN"), "three");
}

#[test]
fn an_import_parse_error_names_the_file() {
    let sb = Sandbox::init();
    let env = sb.dir.path().join("broken.env");
    fs::write(&env, "GOOD=1\nBAD='unterminated\n").unwrap();
    sb.fails(
        ["import", env.to_str().unwrap()],
        2,
        "broken.env line 2: cannot parse",
    );
    sb.cmd()
        .args(["import", "-"])
        .write_stdin("A=1\n0BAD=2\n")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "stdin line 2: the key is not a valid",
        ));
}

#[test]
fn import_from_a_terminal_says_how_to_end() {
    let sb = Sandbox::init();
    let Some(out) = on_a_terminal(&sb, "import -", "TYPED=typed-value\n\x04") else {
        return;
    };
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(shown.contains("end with Ctrl-D"), "{shown}");
    assert_eq!(sb.get("TYPED"), "typed-value");
}

#[test]
fn a_typo_at_the_password_prompt_gets_three_tries_and_keeps_a_piped_value() {
    let sb = Sandbox::init();
    let typed = format!("wrong-one\n\n{PASSWORD}\n");
    let Some(out) = on_terminal_in(&sb, "printf piped-value |", "set k", &typed) else {
        return;
    };
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(
        shown.contains("wrong password; try again (2 tries left)"),
        "{shown}"
    );
    assert!(
        shown.contains("the password is empty; try again (1 try left)"),
        "{shown}"
    );
    assert_eq!(sb.get("k"), "piped-value");
    sb.cmd_locked().arg("lock").assert().success();
    let out = on_terminal(&sb, "get k", "a\nb\nc\nd\n").unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{shown}");
    assert!(shown.contains("typed wrong three times"), "{shown}");
    assert!(
        !shown.contains("SESAME_PASSWORD"),
        "the hint names the prompt: {shown}"
    );
    assert_eq!(shown.matches("Master password for").count(), 3, "{shown}");
}

#[test]
fn init_asks_again_on_a_mismatch_warns_about_weak_choices_and_caches() {
    let sb = Sandbox::new();
    let typed = "\nfirst-choice\nsecond-choice\nshort\nshort\n";
    let Some(out) = on_terminal(&sb, "init --work-factor 10", typed) else {
        return;
    };
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(
        shown.contains("the two passwords differ; choose it again"),
        "{shown}"
    );
    assert!(shown.contains("a password of 5 characters"), "{shown}");
    assert!(
        shown.contains("work factor 10 makes each guess 256× cheaper"),
        "{shown}"
    );
    // The typed password unlocks, and was cached like any prompt's.
    sb.cmd()
        .env("SESAME_PASSWORD", "short")
        .args(["set", "k"])
        .write_stdin("v")
        .assert()
        .success();
    if crate::util::unlock_can_be_cached() {
        sb.cmd_locked()
            .args(["unlock", "--check"])
            .assert()
            .success();
        sb.cmd_locked().arg("lock").assert().success();
    }
}

#[test]
fn passwd_keeps_the_work_factor_unless_told() {
    let sb = Sandbox::init();
    let passwd = |new: &str, extra: &[&str]| {
        let out = sb
            .cmd()
            .env("SESAME_PASSWORD", crate::util::PASSWORD)
            .env("SESAME_NEW_PASSWORD", new)
            .args(["--json", "passwd"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["work_factor"].clone()
    };
    assert_eq!(passwd(PASSWORD, &[]), 10);
    assert_eq!(passwd(PASSWORD, &["--work-factor", "11"]), 11);
    assert_eq!(passwd(PASSWORD, &[]), 11);
}

#[test]
fn unlock_while_unlocked_never_shortens_the_cache() {
    if !crate::util::unlock_can_be_cached() {
        return;
    }
    let sb = Sandbox::init();
    sb.ok(["unlock", "--timeout", "1h"]);
    sb.cmd()
        .args(["unlock", "--timeout", "1m"])
        .assert()
        .success()
        .stderr(predicates::str::contains("longer than asked"));
    let check: serde_json::Value = serde_json::from_slice(
        &sb.cmd_locked()
            .args(["--json", "unlock", "--check"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(check["expires_in"].as_u64().unwrap() > 3000, "{check}");
    // A longer one does replace it.
    sb.ok(["unlock", "--timeout", "2h"]);
    let check: serde_json::Value = serde_json::from_slice(
        &sb.cmd_locked()
            .args(["--json", "unlock", "--check"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(check["expires_in"].as_u64().unwrap() > 3700, "{check}");
    sb.cmd_locked().arg("lock").assert().success();
}

#[test]
fn every_missing_secret_is_named_at_once_with_its_line_and_profile() {
    let sb = Sandbox::init();
    sb.set("myapp/prod/present", "p");
    sb.set("myapp/prod/revoked", "r");
    sb.ok(["revoke", "myapp/prod/revoked", "--yes"]);
    fs::write(
        sb.dir.path().join("sesame.toml"),
        "[env]\nA = \"myapp/dev/a\"\n\n[profile.prod.env]\nPRESENT = \"myapp/prod/present\"\nDB_URL = \"myapp/prod/db_url\"\nOLD = \"myapp/prod/revoked\"\nAPI_KEY = { secret = \"myapp/prod/api_key\", file = true }\n",
    )
    .unwrap();
    sb.ok(["allow"]); // issue 13: a project file is used once approved
    for cmd in ["run", "env"] {
        let mut args = vec![cmd, "--profile", "prod"];
        if cmd == "run" {
            args.extend(["--", "true"]);
        }
        // -q: only the error, not which project file was used (issue 13).
        args.insert(1, "-q");
        let out = sb.cmd().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(4), "{cmd}");
        assert!(out.stdout.is_empty());
        let err = stderr_of(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        for part in [
            "3 selected secrets cannot be handed out",
            "'myapp/prod/api_key' is missing (API_KEY, ",
            "sesame.toml:8 [profile.prod.env])",
            "'myapp/prod/db_url' is missing (DB_URL, ",
            "sesame.toml:6 [profile.prod.env])",
            "'myapp/prod/revoked' is revoked (OLD, ",
            "sesame.toml:7 [profile.prod.env])",
        ] {
            assert!(err.contains(part), "{cmd}: {part}: {err}");
        }
        assert!(!err.contains("present"), "{err}");
    }
    // Only revoked ones: exit 6. One from the project still names its line.
    sb.set("myapp/prod/db_url", "d");
    sb.set("myapp/prod/api_key", "k");
    sb.fails(
        ["run", "--profile", "prod", "--", "true"],
        6,
        "secret 'myapp/prod/revoked' is revoked (OLD, ",
    )
    .stderr(predicates::str::contains(
        "sesame.toml:7 [profile.prod.env])",
    ));
    // A flag's own secret keeps its own error.
    sb.fails(
        ["run", "--no-project", "-s", "nope/x=X", "--", "true"],
        4,
        "no secret named 'nope/x'",
    );
    // Missing secrets named without =VAR are reported together too, with the
    // project file's missing lines.
    for args in [
        &[
            "run",
            "-q",
            "--no-project",
            "-s",
            "nope/a",
            "-s",
            "nope/b",
            "--",
            "true",
        ][..],
        &["env", "-q", "--no-project", "-s", "nope/a", "-s", "nope/b"][..],
    ] {
        let out = sb.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(4), "{args:?}");
        let err = stderr_of(&out);
        for part in [
            "2 selected secrets cannot be handed out",
            "'nope/a' is missing (NOPE_A, -s)",
            "'nope/b' is missing (NOPE_B, -",
        ] {
            assert!(err.contains(part), "{part}: {err}");
        }
    }
    sb.set("myapp/prod/revoked", "again");
    fs::write(
        sb.dir.path().join("sesame.toml"),
        "[env]\nA = \"myapp/dev/a\"\n",
    )
    .unwrap();
    sb.ok(["allow"]);
    let out = sb
        .cmd()
        .args([
            "run",
            "-q",
            "-s",
            "nope/a",
            "-s",
            "myapp/prod/present",
            "--",
            "true",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = stderr_of(&out);
    for part in [
        "2 selected secrets cannot be handed out",
        "'myapp/dev/a' is missing (A, ",
        "sesame.toml:2 [env])",
        "'nope/a' is missing (NOPE_A, -s)",
    ] {
        assert!(err.contains(part), "{part}: {err}");
    }
}

#[test]
fn status_after_an_import_shows_the_expired_secret_not_twenty_no_policy_rows() {
    let sb = Sandbox::init();
    let lines: String = (0..20).map(|i| format!("VAR_{i}=value-{i}\n")).collect();
    sb.cmd()
        .args(["import", "-"])
        .write_stdin(lines)
        .assert()
        .success();
    sb.set_with("old/token", ["--expires", "2001-02-03"], "t");
    let out = sb.cmd().arg("status").output().unwrap();
    assert_eq!(out.status.code(), Some(8));
    let table = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(table.lines().count(), 2, "{table}");
    assert!(
        table.contains("expired") && table.contains("old/token"),
        "{table}"
    );
    assert!(stderr_of(&out).contains("Not shown: 20 with no expiry or max age"));
    let all = sb.cmd().args(["status", "--all"]).output().unwrap();
    assert_eq!(String::from_utf8(all.stdout).unwrap().lines().count(), 22);
}

#[test]
fn the_audit_table_is_short_narrow_and_names_what_a_failed_run_missed() {
    let sb = Sandbox::init();
    sb.set_with("aws/deploy", ["--id", "AKIAEXAMPLE"], "secret");
    fs::write(
        sb.dir.path().join("sesame.toml"),
        "[env]\nKEY = \"aws/deploy\"\nKEY_ID = \"aws/deploy#id\"\n",
    )
    .unwrap();
    sb.ok(["allow"]); // issue 13: a project file is used once approved
    sb.ok(["run", "--", "true"]);
    let last: serde_json::Value =
        serde_json::from_str(sb.ok(["--json", "audit", "--limit", "1"]).trim()).unwrap();
    assert_eq!(
        last["secrets"],
        serde_json::json!([{"name": "aws/deploy", "version": 1}])
    );
    // A failed run records the secret it was missing.
    fs::write(
        sb.dir.path().join("sesame.toml"),
        "[env]\nKEY = \"aws/deploy\"\nDB = \"db/missing\"\n",
    )
    .unwrap();
    sb.ok(["allow"]); // issue 13: a project file is used once approved
    sb.exits(["run", "--", "true"], 4);
    let last: serde_json::Value =
        serde_json::from_str(sb.ok(["--json", "audit", "--limit", "1"]).trim()).unwrap();
    assert_eq!(last["outcome"], "not-found");
    assert!(last["secrets"].to_string().contains("db/missing"), "{last}");
    // SECRETS is the last column; the table shows the last 50 records.
    for _ in 0..60 {
        sb.ok(["get", "aws/deploy"]);
    }
    let out = sb.cmd().arg("audit").output().unwrap();
    let table = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(table.lines().count(), 51, "{table}");
    assert!(
        table
            .lines()
            .next()
            .unwrap()
            .ends_with("BY                     SECRETS")
            || table
                .lines()
                .next()
                .unwrap()
                .trim_end()
                .ends_with("SECRETS")
    );
    assert!(
        stderr_of(&out).contains("Showing the last 50 of"),
        "{}",
        stderr_of(&out)
    );
    assert!(sb.ok(["audit", "--limit", "0"]).lines().count() > 60);
}

#[test]
fn scan_reports_a_place_once_and_keeps_its_notes_quiet() {
    let sb = Sandbox::init();
    sb.set("db/password", "hunter2-long-password");
    sb.set("db/password", "changed-password-value");
    sb.ok(["rollback", "db/password", "--to", "1"]);
    sb.set("db/port", "5432");
    sb.set("gone/token", "revoked-token-value");
    sb.ok(["revoke", "gone/token", "--yes"]);
    fs::write(
        sb.dir.path().join("config.txt"),
        "pw = hunter2-long-password\nport = 5432\n",
    )
    .unwrap();
    let out = sb.cmd().arg("scan").output().unwrap();
    assert_eq!(out.status.code(), Some(8));
    // Versions 1 and 3 hold the same value: one finding, the newest version.
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "config.txt:1:6: db/password (plain)\n"
    );
    let err = stderr_of(&out);
    assert!(
        err.contains("Not searched (shorter than 6 characters"),
        "{err}"
    );
    assert!(
        !err.contains("generate") && !err.contains("warning"),
        "{err}"
    );
    assert!(!err.contains("revoked"), "{err}");
    let verbose = sb.cmd().args(["-v", "scan"]).output().unwrap();
    assert!(stderr_of(&verbose).contains("1 revoked value not searchable"));
    assert_eq!(sb.cmd().args(["-q", "scan"]).output().unwrap().stderr, b"");
}

#[test]
fn help_and_messages_point_to_the_right_place() {
    let sb = Sandbox::init();
    sb.set("app/dev/token", "v");
    sb.fails(["get", "app/dev/tokn"], 4, "did you mean 'app/dev/token'?");
    sb.fails(
        ["get", "nothing/like/it"],
        4,
        "no secret named 'nothing/like/it' — see `sesame list`",
    );
    // A usage error names the subcommand's help, global flags before it or not.
    sb.fails(
        ["--quiet", "init", "--work-factor", "30"],
        2,
        "see `sesame init --help`",
    );
    sb.fails(
        ["recipients", "add", "--label"],
        2,
        "sesame recipients add --help",
    );
    let get_help = sb.ok(["get", "--help"]);
    assert!(
        !get_help.contains("$(sesame get"),
        "no secret in curl's argv: {get_help}"
    );
    assert!(get_help.contains("curl -H @-"), "{get_help}");
    let (own, global) = get_help.split_once("Global options:").unwrap();
    assert!(
        own.contains("--no-newline") && !own.contains("--store"),
        "{own}"
    );
    assert!(
        global.contains("--store") && global.contains("--no-color"),
        "{global}"
    );
    assert!(
        sb.ok(["show", "--help"])
            .contains("Examples:\n  sesame show ")
    );
}

#[test]
fn list_finds_by_pattern_and_long_shows_state_expiry_and_description() {
    let sb = Sandbox::init();
    sb.set_with(
        "stripe/prod/secret_key",
        ["-d", "live key", "--expires", "2030-05-01"],
        "v",
    );
    sb.set("stripe/dev/secret_key", "v");
    sb.set("aws/prod/deploy", "v");
    assert_eq!(
        sb.ok(["list", "STRIPE"]),
        "stripe/dev/secret_key\nstripe/prod/secret_key\n"
    );
    assert_eq!(
        sb.ok(["list", "*/prod/*"]),
        "aws/prod/deploy\nstripe/prod/secret_key\n"
    );
    assert_eq!(sb.ok(["ls", "s?ripe/d*"]), "stripe/dev/secret_key\n");
    assert_eq!(sb.ok(["list", "nothing"]), "");
    let long = sb.ok(["list", "--long", "stripe"]);
    assert_eq!(
        long,
        "stripe/dev/secret_key   active   -\nstripe/prod/secret_key  active   2030-05-01  live key\n"
    );
    let Some(out) = on_a_terminal(&sb, "list -l", "") else {
        return;
    };
    let shown = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    assert!(
        shown.contains("stripe/\n  dev/\n    secret_key  active   -\n  prod/\n    secret_key  active   2030-05-01  live key\n"),
        "{shown}"
    );
}

#[test]
fn move_keeps_history_and_policy_and_warns_about_the_project_file() {
    let sb = Sandbox::init();
    sb.set_with(
        "app/dev/token",
        ["--max-age", "90d", "-d", "the token", "--id", "pub1"],
        "one",
    );
    sb.set("app/dev/token", "two");
    sb.set("other", "x");
    fs::write(
        sb.dir.path().join("sesame.toml"),
        "[env]\nTOKEN = \"app/dev/token\"\n\n[profile.ci.env]\nTOKEN_ID = \"app/dev/token#id\"\n",
    )
    .unwrap();
    let before = sb.json(["show", "app/dev/token"]);
    sb.cmd()
        .args(["mv", "app/dev/token", "app/prod/api_token"])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "sesame.toml:2 [env] still maps TOKEN to 'app/dev/token'",
        ))
        .stderr(predicates::str::contains(
            "sesame.toml:5 [profile.ci.env] still maps TOKEN_ID",
        ))
        .stderr(predicates::str::contains(
            "now injected as PROD_API_TOKEN, not DEV_TOKEN",
        ));
    sb.exits(["get", "app/dev/token"], 4);
    let after = sb.json(["show", "app/prod/api_token"]);
    assert_eq!(after["versions"], before["versions"]);
    assert_eq!(after["secret"]["max_age"], "90d");
    assert_eq!(after["secret"]["description"], "the token");
    assert_eq!(
        sb.ok(["get", "-n", "--version", "1", "app/prod/api_token"]),
        "one"
    );
    // The new name must be free; nothing changes otherwise.
    let snap = sb.snapshot();
    sb.fails(
        ["move", "app/prod/api_token", "other"],
        2,
        "'other' exists already",
    );
    sb.fails(["move", "nope", "free"], 4, "no secret named 'nope'");
    assert_eq!(sb.snapshot(), snap);
    let records = sb.ok(["--json", "audit", "--action", "move"]);
    let first: serde_json::Value = serde_json::from_str(records.lines().next().unwrap()).unwrap();
    assert_eq!(first["outcome"], "ok");
    assert_eq!(first["secrets"][1]["name"], "app/prod/api_token");
}

#[test]
fn copy_makes_a_new_secret_of_the_current_value_without_the_commands() {
    let sb = Sandbox::init();
    sb.set_with(
        "stripe/test/key",
        [
            "--revoke-command",
            "true",
            "-t",
            "stripe",
            "--expires",
            "2031-01-01",
        ],
        "first",
    );
    sb.set("stripe/test/key", "current");
    sb.ok(["cp", "stripe/test/key", "stripe/ci/key"]);
    assert_eq!(sb.get("stripe/ci/key"), "current");
    let copy = sb.json(["show", "stripe/ci/key"]);
    assert_eq!(copy["versions"].as_array().unwrap().len(), 1, "{copy}");
    assert_eq!(copy["secret"]["tags"], serde_json::json!(["stripe"]));
    assert_eq!(copy["secret"]["expires"], "2031-01-01T00:00:00Z");
    assert!(copy["secret"].get("revoke_command").is_none(), "{copy}");
    assert_eq!(sb.get("stripe/test/key"), "current");
    sb.fails(
        ["copy", "stripe/test/key", "stripe/ci/key"],
        2,
        "exists already",
    );
}

/// Run `sesame ARGS` on a terminal (unlocked by the password), wait until it
/// shows `cue`, then type `typed`; everything the terminal showed after the
/// cue, and the exit status. `None` (skip) without `script`.
fn type_after(sb: &Sandbox, args: &str, cue: &str, typed: &str) -> Option<(String, bool)> {
    use std::io::{Read, Write};
    use std::process::Stdio;
    if !require_program("script", "to give sesame a terminal") {
        return None;
    }
    let mut cmd = Command::new("setsid");
    cmd.args(["-w", "script", "-qec"])
        .arg(format!(
            "env SESAME_PASSWORD='{PASSWORD}' {} {args}",
            crate::util::sesame_bin().display()
        ))
        .arg("/dev/null");
    sb.isolate(&mut cmd);
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    while !String::from_utf8_lossy(&seen).contains(cue) {
        let n = stdout.read(&mut buf).unwrap();
        assert!(
            n > 0,
            "no cue {cue:?} in {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buf[..n]);
    }
    // The prompt is up, and echo went off before it was written.
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(typed.as_bytes()).unwrap();
    let mut rest = Vec::new();
    stdout.read_to_end(&mut rest).unwrap();
    drop(stdin);
    let ok = child.wait().unwrap().success();
    Some((String::from_utf8_lossy(&rest).into_owned(), ok))
}

#[test]
fn set_m_reads_a_pasted_multi_line_value_until_ctrl_d_without_showing_it() {
    let sb = Sandbox::init();
    let pem = "-----BEGIN KEY-----\nc2VjcmV0LWxpbmU=\n-----END KEY-----\n";
    let cue = "(it is not shown):";
    let Some((shown, ok)) = type_after(&sb, "set -m tls/key", cue, &format!("{pem}\x04")) else {
        return;
    };
    assert!(ok, "{shown}");
    assert!(!shown.contains("c2VjcmV0"), "the paste was shown: {shown}");
    assert!(shown.contains("Read 55 bytes on 3 lines."), "{shown}");
    assert_eq!(sb.get("tls/key"), pem);
    let (_, ok) = type_after(&sb, "set -m one/line", cue, "single-value\n\x04").unwrap();
    assert!(ok);
    assert_eq!(sb.get("one/line"), "single-value");
}

#[test]
fn set_m_keeps_a_pasted_line_longer_than_the_terminals_line_limit_whole() {
    // Canonical mode keeps 4095 bytes of a line and drops the rest silently.
    let sb = Sandbox::init();
    let long = "x".repeat(5000);
    let typed = format!("{long}\nsecond line\n\x04");
    let Some((shown, ok)) = type_after(&sb, "set -m long/line", "(it is not shown):", &typed)
    else {
        return;
    };
    assert!(ok, "{shown}");
    assert!(shown.contains("Read 5013 bytes on 2 lines."), "{shown}");
    assert_eq!(sb.get("long/line"), format!("{long}\nsecond line\n"));
    // Ctrl-C cancels: nothing is stored.
    let (shown, ok) = type_after(&sb, "set -m cancelled", "(it is not shown):", "abc\x03").unwrap();
    assert!(!ok, "{shown}");
    sb.fails(["get", "cancelled"], 4, "cancelled");
}

#[test]
fn colour_on_a_terminal_only_and_never_against_the_user() {
    let sb = Sandbox::init();
    sb.set_with("old/token", ["--expires", "2001-02-03"], "t");
    sb.set("fresh", "f");
    const ESC: &str = "\u{1b}[";
    // In a pipe: none, unless CLICOLOR_FORCE; NO_COLOR and --no-color win over it.
    let piped = sb.cmd().arg("status").output().unwrap();
    assert!(!String::from_utf8_lossy(&piped.stdout).contains(ESC));
    let forced = sb
        .cmd()
        .env("CLICOLOR_FORCE", "1")
        .arg("status")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&forced.stdout).contains(&format!("{ESC}1m{ESC}31mexpired")));
    for (var, flag) in [("NO_COLOR", None), ("SESAME_IGNORED", Some("--no-color"))] {
        let out = sb
            .cmd()
            .env("CLICOLOR_FORCE", "1")
            .env(var, "1")
            .args(flag)
            .args(["status", "--all"])
            .output()
            .unwrap();
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains(ESC),
            "{var} {flag:?}"
        );
        assert!(!stderr_of(&out).contains(ESC));
    }
    // On a terminal: status, show, errors.
    let Some(out) = on_a_terminal(&sb, "status", "") else {
        return;
    };
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains(&format!("{ESC}1m{ESC}31mexpired")),
        "{shown:?}"
    );
    let shown =
        String::from_utf8_lossy(&on_a_terminal(&sb, "show fresh", "").unwrap().stdout).into_owned();
    assert!(shown.contains(&format!("{ESC}32mactive")), "{shown:?}");
    let shown =
        String::from_utf8_lossy(&on_a_terminal(&sb, "get nope", "").unwrap().stdout).into_owned();
    assert!(
        shown.contains(&format!("{ESC}1m{ESC}31msesame:{ESC}0m no secret")),
        "{shown:?}"
    );
    let plain = on_a_terminal(&sb, "--no-color show fresh", "").unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains(ESC));
}

/// An expiry that is not in the future is stored (it records when a
/// credential died) with a warning that the secret is expired at once.
#[test]
fn an_expiry_in_the_past_warns_that_the_secret_is_expired_at_once() {
    let sb = Sandbox::init();
    for (name, when) in [("p/date", "2020-01-01"), ("p/zero", "0d")] {
        sb.cmd()
            .args(["set", name, "--expires", when])
            .write_stdin("v")
            .assert()
            .success()
            .stderr(predicates::str::contains(
                "is not in the future: the secret is expired at once",
            ));
        sb.exits(["get", name], 6);
    }
    sb.set("p/later", "v");
    sb.cmd()
        .args(["edit", "p/later", "--expires", "2020-01-01"])
        .assert()
        .success()
        .stderr(predicates::str::contains("expired at once"));
    sb.cmd()
        .args(["edit", "p/later", "--expires", "1d"])
        .assert()
        .success()
        .stderr(predicates::str::contains("warning").not());
    sb.get("p/later");
}
