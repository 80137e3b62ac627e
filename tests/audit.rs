//! The audit log through the real binary: what is recorded, that it never holds
//! a value, that `audit verify` catches every kind of tampering, parallel
//! appends, rotation and the failed-unlock notice.

use std::fs;
use std::process::Output;

use crate::util::{PASSWORD, Sandbox, contains};
use predicates::prelude::*;
use serde_json::Value;

/// Every record of the store's log (both files), oldest first.
fn records(sb: &Sandbox) -> Vec<Value> {
    let mut out = Vec::new();
    for f in ["audit.log.1", "audit.log"] {
        if let Ok(text) = fs::read_to_string(sb.file(f)) {
            out.extend(text.lines().map(|l| serde_json::from_str(l).unwrap()));
        }
    }
    out
}

fn log_lines(sb: &Sandbox) -> Vec<String> {
    fs::read_to_string(sb.file("audit.log"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

fn write_lines(sb: &Sandbox, lines: &[String]) {
    let mut text = lines.join("\n");
    text.push('\n');
    fs::write(sb.file("audit.log"), text).unwrap();
}

fn verify(sb: &Sandbox) -> Output {
    sb.cmd().args(["audit", "verify"]).output().unwrap()
}

fn assert_intact(sb: &Sandbox) {
    let out = verify(sb);
    assert!(
        out.status.success(),
        "verify failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("intact"));
}

/// `audit verify` exits 5 and names `line` of audit.log.
fn assert_tampered(sb: &Sandbox, line: usize, why: &str) {
    let out = verify(sb);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{why}: {err}");
    assert!(
        err.contains(&format!("audit.log line {line} ")),
        "{why}: should name line {line}: {err}"
    );
}

/// A store with a few records and a vault write after them (which seals the head).
fn busy_store() -> Sandbox {
    let sb = Sandbox::init();
    sb.set("app/db", "db-value-1");
    sb.get("app/db");
    sb.get("app/db");
    sb.set("app/api", "api-value-1");
    sb.get("app/api");
    sb.get("app/db");
    sb
}

#[test]
fn actions_are_recorded_with_names_versions_and_outcomes() {
    let sb = Sandbox::init();
    a_day_of_commands(&sb);
    let expect = [
        ("init", "", "ok"),
        ("set", "stripe/prod/key@1", "ok"),
        ("set", "stripe/prod/key@2", "ok"),
        ("generate", "gh/token@1", "ok"),
        ("get", "stripe/prod/key@2", "ok"),
        ("get", "stripe/prod/key@1", "ok"),
        ("list", "", "ok"),
        ("show", "gh/token", "ok"),
        ("get", "missing/one", "not-found"),
        ("unlock-failed", "gh/token", "wrong-password"),
        ("remove", "gh/token", "ok"),
    ];
    let expect: Vec<(String, String, String)> = expect
        .iter()
        .map(|(a, s, o)| (a.to_string(), s.to_string(), o.to_string()))
        .collect();
    assert_eq!(summary(&records(&sb)), expect);
    assert_intact(&sb);
}

#[test]
fn every_record_says_who_where_and_when() {
    let sb = Sandbox::init();
    a_day_of_commands(&sb);
    let recs = records(&sb);
    for (i, r) in recs.iter().enumerate() {
        assert_eq!(r["seq"], i as u64 + 1);
        assert!(!r["user"].as_str().unwrap().is_empty());
        assert!(!r["host"].as_str().unwrap().is_empty());
        assert!(r["pid"].as_u64().unwrap() > 0);
        let t = r["time"].as_str().unwrap();
        assert!(
            t.ends_with('Z') && t.contains('.'),
            "UTC with fractions: {t}"
        );
        assert!(t.parse::<jiff::Timestamp>().is_ok(), "RFC 3339: {t}");
    }
    let failed = &recs[9];
    assert_eq!(failed["command"], "get");
    assert!(failed["mac"].is_null(), "written without the key");
    assert!(recs[8]["mac"].is_string());
}

#[test]
fn no_value_password_or_key_is_ever_in_the_log() {
    let sb = Sandbox::init();
    let generated = a_day_of_commands(&sb);
    let mut log = fs::read(sb.file("audit.log")).unwrap();
    log.extend(fs::read(sb.file("audit.log.1")).unwrap_or_default());
    let identity = sb.identity();
    for secret in [
        "sk_live_VALUE_ONE",
        "sk_live_VALUE_TWO",
        generated.as_str(),
        PASSWORD,
        "a wrong password",
        identity.as_str(),
        identity.trim_start_matches("AGE-SECRET-KEY-1"),
    ] {
        assert!(!contains(&log, secret.as_bytes()), "{secret} is in the log");
    }
}

/// Each record as (action, secrets as `name@version` joined by commas, outcome).
fn summary(recs: &[Value]) -> Vec<(String, String, String)> {
    recs.iter()
        .map(|r| {
            let secrets = r["secrets"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| match s.get("version") {
                    Some(v) => format!("{}@{v}", s["name"].as_str().unwrap()),
                    None => s["name"].as_str().unwrap().to_owned(),
                })
                .collect::<Vec<_>>()
                .join(",");
            (
                r["action"].as_str().unwrap().to_owned(),
                secrets,
                r["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Set, generate, read, list, show, miss, fail to unlock and remove, in that
/// order; returns the generated value.
fn a_day_of_commands(sb: &Sandbox) -> String {
    sb.set("stripe/prod/key", "sk_live_VALUE_ONE");
    sb.set("stripe/prod/key", "sk_live_VALUE_TWO");
    let generated = sb.ok(["generate", "gh/token", "--length", "32", "--print"]);
    let generated = generated.trim().to_owned();
    assert_eq!(generated.len(), 32);
    assert_eq!(sb.get("stripe/prod/key"), "sk_live_VALUE_TWO");
    sb.ok(["get", "--version", "1", "stripe/prod/key"]);
    sb.ok(["list"]);
    sb.ok(["show", "gh/token"]);
    sb.exits(["get", "missing/one"], 4);
    sb.cmd()
        .env("SESAME_PASSWORD", "a wrong password")
        .args(["get", "gh/token"])
        .assert()
        .code(3);
    sb.ok(["remove", "--force", "gh/token"]);
    generated
}

#[test]
fn verify_passes_untouched_and_catches_a_changed_character() {
    let sb = busy_store();
    assert_intact(&sb);
    let original = log_lines(&sb);
    // Record 3 is a `get app/db`: point it at another secret.
    let mut lines = original.clone();
    assert!(lines[2].contains("\"app/db\""));
    lines[2] = lines[2].replacen("app/db", "app/dc", 1);
    write_lines(&sb, &lines);
    assert_tampered(&sb, 3, "one character changed");

    // The same in the version number, and in the outcome.
    let mut lines = original.clone();
    lines[2] = lines[2].replacen("\"version\":1", "\"version\":2", 1);
    write_lines(&sb, &lines);
    assert_tampered(&sb, 3, "version changed");
    let mut lines = original.clone();
    lines[5] = lines[5].replacen("\"pid\":", "\"pid\":1", 1);
    write_lines(&sb, &lines);
    assert_tampered(&sb, 6, "pid changed");

    write_lines(&sb, &original);
    assert_intact(&sb);
}

#[test]
fn verify_catches_swapped_and_deleted_lines() {
    let sb = busy_store();
    let original = log_lines(&sb);
    let mut lines = original.clone();
    lines.swap(3, 4);
    write_lines(&sb, &lines);
    assert_tampered(&sb, 4, "two lines swapped");

    let mut lines = original.clone();
    lines.remove(2);
    write_lines(&sb, &lines);
    assert_tampered(&sb, 3, "a line deleted");

    // The first line deleted: the log must start at record 1.
    let mut lines = original.clone();
    lines.remove(0);
    write_lines(&sb, &lines);
    assert_tampered(&sb, 1, "the first line deleted");

    // A line inserted (a copy of another).
    let mut lines = original.clone();
    lines.insert(5, original[2].clone());
    write_lines(&sb, &lines);
    assert_tampered(&sb, 6, "a line inserted");
}

#[test]
fn verify_catches_truncation_before_the_sealed_head() {
    let sb = busy_store();
    // The second `set` sealed the head before it: records 1..=4.
    let original = log_lines(&sb);
    assert_eq!(original.len(), 7);
    write_lines(&sb, &original[..3]);
    let out = verify(&sb);
    assert_eq!(out.status.code(), Some(5));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("sealed record 4"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Truncated and regrown past the seal with new records: still caught.
    write_lines(&sb, &original[..3]);
    sb.get("app/db");
    sb.get("app/db");
    sb.get("app/db");
    let out = verify(&sb);
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sealed into the vault"));
    // A later vault write keeps the old seal, so the evidence stays.
    sb.set("app/other", "other-value");
    assert_eq!(verify(&sb).status.code(), Some(5));
    // The whole log deleted.
    fs::remove_file(sb.file("audit.log")).unwrap();
    let out = verify(&sb);
    assert_eq!(out.status.code(), Some(5));

    // Cutting lines after the sealed head is not detectable by the seal (only
    // the lines since the last vault write): verify passes.
    let sb = busy_store();
    let original = log_lines(&sb);
    write_lines(&sb, &original[..5]);
    assert_intact(&sb);
}

#[test]
fn failed_unlocks_are_chained_covered_and_announced_once() {
    let sb = busy_store();
    let when = four_failed_unlocks(&sb);
    // The next successful command says so, once, on stderr.
    sb.cmd()
        .args(["get", "app/db"])
        .assert()
        .success()
        .stdout("db-value-1\n")
        .stderr(predicate::str::contains("4 failed unlock attempts"))
        .stderr(predicate::str::contains(when));
    sb.cmd()
        .args(["get", "app/db"])
        .assert()
        .success()
        .stderr(predicate::str::contains("failed unlock").not());
    assert_intact(&sb);
}

#[test]
fn an_unauthenticated_line_cannot_claim_a_success() {
    let sb = busy_store();
    four_failed_unlocks(&sb);
    let mut lines = log_lines(&sb);
    let i = lines
        .iter()
        .position(|l| l.contains("unlock-failed"))
        .unwrap();
    lines[i] = lines[i].replace("\"outcome\":\"wrong-password\"", "\"outcome\":\"ok\"");
    write_lines(&sb, &lines);
    assert_tampered(&sb, i + 1, "a keyless line claiming a success");
}

/// Three wrong passwords and a stranger's key, each a failed unlock recorded
/// without a MAC; returns the time of the last as sesame shows it.
fn four_failed_unlocks(sb: &Sandbox) -> String {
    for _ in 0..3 {
        sb.cmd()
            .env("SESAME_PASSWORD", "guess")
            .args(["get", "app/db"])
            .assert()
            .code(3);
    }
    // A stranger's key that is not a recipient: a failed unlock too.
    let stranger = {
        use age::secrecy::ExposeSecret;
        let id = sesame::crypto::Identity::generate();
        id.secret_string().expose_secret().to_owned()
    };
    sb.cmd_locked()
        .env("SESAME_IDENTITY", &stranger)
        .args(["get", "app/db"])
        .assert()
        .code(3);
    let recs = records(sb);
    let tail: Vec<_> = recs[recs.len() - 4..].iter().collect();
    assert!(tail.iter().all(|r| r["action"] == "unlock-failed"));
    assert!(tail.iter().all(|r| r["mac"].is_null()));
    assert_eq!(tail[3]["outcome"], "not-recipient");
    let when: jiff::Timestamp = tail[3]["time"].as_str().unwrap().parse().unwrap();
    sesame::time::show(when)
}

#[test]
fn twenty_parallel_gets_leave_twenty_intact_lines() {
    let sb = Sandbox::init();
    sb.set("shared/key", "parallel-value");
    let before = records(&sb).len();
    let outputs: Vec<Output> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..20)
            .map(|_| s.spawn(|| sb.cmd().args(["get", "shared/key"]).output().unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for o in &outputs {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(o.stdout, b"parallel-value\n");
    }
    let text = fs::read_to_string(sb.file("audit.log")).unwrap();
    assert!(text.ends_with('\n'));
    let recs = records(&sb);
    assert_eq!(recs.len(), before + 20);
    let gets: Vec<_> = recs[before..].iter().collect();
    assert!(gets.iter().all(|r| r["action"] == "get"));
    let mut pids: Vec<u64> = gets.iter().map(|r| r["pid"].as_u64().unwrap()).collect();
    pids.sort_unstable();
    pids.dedup();
    assert_eq!(pids.len(), 20, "one line per process");
    assert_intact(&sb);
}

#[test]
fn rotation_carries_the_chain_and_verify_follows_it() {
    let sb = rotated_log();
    assert!(sb.file("audit.log.1").exists());
    assert!(fs::metadata(sb.file("audit.log")).unwrap().len() <= 4000);
    assert!(fs::metadata(sb.file("audit.log.1")).unwrap().len() <= 4000);
    let first = log_lines(&sb)[0].clone();
    assert!(first.contains("\"action\":\"log-rotated\""), "{first}");
    let recs = records(&sb);
    for w in recs.windows(2) {
        assert_eq!(
            w[1]["seq"].as_u64().unwrap(),
            w[0]["seq"].as_u64().unwrap() + 1
        );
    }
    let report = sb.json(["audit", "verify"]);
    assert_eq!(report["intact"], true);
    assert_eq!(
        report["files"],
        serde_json::json!(["audit.log.1", "audit.log"])
    );
}

#[test]
fn a_deleted_rotated_log_file_is_caught() {
    let sb = rotated_log();
    fs::remove_file(sb.file("audit.log.1")).unwrap();
    assert_tampered(&sb, 1, "rotated file deleted");
}

#[test]
fn a_changed_line_of_the_rotated_log_file_is_caught_there() {
    let sb = rotated_log();
    let text = fs::read_to_string(sb.file("audit.log.1")).unwrap();
    let changed = text.replacen("rot/a", "rot/x", 1);
    fs::write(sb.file("audit.log.1"), changed).unwrap();
    let out = verify(&sb);
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("audit.log.1 line"));
    fs::write(sb.file("audit.log.1"), text).unwrap();
    assert_intact(&sb);
}

/// A store whose log, limited to 4000 bytes, has rotated once (41 commands).
fn rotated_log() -> Sandbox {
    let sb = Sandbox::init();
    sb.set("rot/a", "rotation-value");
    let small = |c: &mut assert_cmd::Command| {
        c.env("SESAME_AUDIT_MAX_BYTES", "4000");
    };
    for i in 0..40 {
        let mut c = sb.cmd();
        small(&mut c);
        c.args(["get", "rot/a"]).assert().success();
        if i == 20 {
            let mut c = sb.cmd();
            small(&mut c);
            c.args(["set", "rot/b"])
                .write_stdin("second")
                .assert()
                .success();
        }
    }
    sb
}

/// [`busy_store`] and then a `get app/api` with a wrong password: 8 records.
fn busy_store_with_a_failed_get() -> Sandbox {
    let sb = busy_store();
    sb.cmd()
        .env("SESAME_PASSWORD", "nope")
        .args(["get", "app/api"])
        .assert()
        .code(3);
    sb
}

#[test]
fn audit_lists_every_record_oldest_first_and_never_a_value() {
    let sb = busy_store_with_a_failed_get();
    let table = sb.ok(["audit"]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("TIME"));
    assert_eq!(lines.len(), 1 + 8);
    assert!(lines[1].contains("init"));
    assert!(lines[8].contains("unlock-failed (get)"), "newest last");
    assert!(!contains(table.as_bytes(), b"value-1"));
}

#[test]
fn audit_filters_by_secret_action_limit_and_time() {
    let sb = busy_store_with_a_failed_get();
    let api = sb.ok(["audit", "--secret", "app/api"]);
    assert_eq!(api.lines().count(), 1 + 3);
    let gets = sb.ok(["--json", "audit", "--action", "get", "--limit", "2"]);
    let gets: Vec<Value> = gets
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(gets.len(), 2);
    assert_eq!(gets[1]["secrets"][0]["name"], "app/db");
    assert_eq!(gets[0]["secrets"][0]["name"], "app/api");
    assert_eq!(sb.ok(["audit", "--since", "1h"]).lines().count(), 9);
}

#[test]
fn audit_refuses_an_unknown_action_or_time() {
    let sb = busy_store();
    sb.exits(["audit", "--action", "dance"], 2);
    sb.exits(["audit", "--since", "soon"], 2);
}

#[test]
fn reading_the_log_needs_no_password_and_is_not_recorded() {
    let sb = busy_store();
    let n = records(&sb).len();
    sb.cmd_locked().args(["audit"]).assert().success();
    assert_eq!(records(&sb).len(), n);
}

#[test]
fn verify_with_a_wrong_password_is_a_failed_unlock() {
    let sb = busy_store();
    sb.cmd()
        .env("SESAME_PASSWORD", "nope")
        .args(["audit", "verify"])
        .assert()
        .code(3);
    let recs = records(&sb);
    let last = recs.last().unwrap();
    assert_eq!(last["action"], "unlock-failed");
    assert_eq!(last["command"], "audit-verify");
    assert_intact(&sb);
}

#[test]
fn a_torn_last_line_is_reported_and_later_appends_stay_whole() {
    let sb = busy_store();
    let mut text = fs::read_to_string(sb.file("audit.log")).unwrap();
    text.push_str("{\"seq\":8,\"time\":\"20");
    fs::write(sb.file("audit.log"), &text).unwrap();
    sb.get("app/db");
    let out = verify(&sb);
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 8 "));
    // The line after the torn one is whole and readable.
    let line = log_lines(&sb)[8].clone();
    let v: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["action"], "get");
    assert_eq!(v["seq"], 9);
}

#[test]
fn a_read_that_cannot_be_recorded_hands_nothing_out() {
    let sb = Sandbox::init();
    sb.set("x/y", "unrecorded-value");
    // Something that cannot be appended to, even by root: a directory. It
    // is refused up front now (exit 5, review of issue 13); the failure of
    // an append itself is `permissions::a_write_whose_audit_record_fails…`.
    fs::remove_file(sb.file("audit.log")).unwrap();
    fs::create_dir(sb.file("audit.log")).unwrap();
    let out = sb.cmd().args(["get", "x/y"]).output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(out.stdout.is_empty(), "the value was handed out unrecorded");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("audit.log is a directory"), "{err}");
    assert!(!err.contains("unrecorded-value"));
}

#[test]
fn a_bad_size_limit_is_a_usage_error() {
    let sb = Sandbox::init();
    for bad in ["0", "-1", "ten"] {
        sb.cmd()
            .env("SESAME_AUDIT_MAX_BYTES", bad)
            .args(["list"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("SESAME_AUDIT_MAX_BYTES"));
    }
}

#[test]
fn reset_sets_a_damaged_log_aside_and_verify_passes_again() {
    let sb = busy_store();
    let original = log_lines(&sb);
    write_lines(&sb, &original[..2]);
    assert_eq!(verify(&sb).status.code(), Some(5));
    sb.cmd().args(["audit", "reset"]).assert().code(2);
    sb.cmd()
        .env("SESAME_PASSWORD", "nope")
        .args(["audit", "reset", "--force"])
        .assert()
        .code(3);
    assert_eq!(verify(&sb).status.code(), Some(5));
    sb.ok(["audit", "reset", "--force"]);
    let aside: Vec<String> = fs::read_dir(&sb.store)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("audit.log.broken-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    let first: Value = serde_json::from_str(&log_lines(&sb)[0]).unwrap();
    assert_eq!(first["action"], "audit-reset");
    assert_eq!(first["seq"], 1);
    assert_intact(&sb);
    sb.get("app/db");
    assert_intact(&sb);
}

#[test]
fn the_identity_and_the_password_sign_with_the_same_key() {
    let sb = busy_store();
    sb.cmd_locked()
        .env("SESAME_IDENTITY", sb.identity())
        .args(["get", "app/db"])
        .assert()
        .success();
    let recs = records(&sb);
    let last = recs.last().unwrap();
    assert_eq!(last["action"], "get");
    assert!(last["mac"].is_string());
    assert_eq!(last["key"], recs[0]["key"]);
    // And it verifies with the identity alone.
    sb.cmd_locked()
        .env("SESAME_IDENTITY", sb.identity())
        .args(["audit", "verify"])
        .assert()
        .success();
}

#[test]
fn status_lists_secrets_nobody_read_as_stale() {
    let sb = Sandbox::init();
    sb.set("used/often", "value-often-123");
    sb.set("never/read", "value-never-456");
    sb.set("read/once", "value-once-789");
    sb.get("read/once");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    // Read now: not stale. The others were last touched over 1 s ago.
    sb.get("used/often");
    let out = sb
        .cmd()
        .args(["--json", "status", "--stale", "1s"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stale: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["state"] == "stale")
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(stale, ["never/read", "read/once"], "{json}");
    // Stale secrets are candidates, not failures: no attention items, exit 0.
    assert_eq!(out.status.code(), Some(0));
    // `--stale 0` turns the check off.
    let off = sb.ok(["--json", "status", "--stale", "0"]);
    assert!(!off.contains("\"stale\""), "{off}");
}

#[test]
fn passwd_and_rekey_keep_the_log_verifiable() {
    let sb = Sandbox::init();
    sb.set("a", "value-aaa-111");
    sb.get("a");
    // passwd: same identity, same MAC key; the record is authenticated.
    sb.cmd()
        .env("SESAME_NEW_PASSWORD", "second password here")
        .arg("passwd")
        .assert()
        .success();
    let second = |sb: &Sandbox| {
        let mut c = sb.cmd_locked();
        c.env("SESAME_PASSWORD", "second password here");
        c
    };
    second(&sb).args(["audit", "verify"]).assert().success();
    // rekey: a new identity cannot check lines MACed by the old one, so the
    // log is set aside and a new chain starts under the new identity.
    second(&sb)
        .env("SESAME_NEW_PASSWORD", "third password here")
        .arg("rekey")
        .assert()
        .success();
    let mut third = sb.cmd_locked();
    third.env("SESAME_PASSWORD", "third password here");
    third.args(["audit", "verify"]).assert().success();
    let log = fs::read_to_string(sb.file("audit.log")).unwrap();
    assert!(log.contains("\"action\":\"rekey\""), "{log}");
    let archived: Vec<String> = fs::read_dir(&sb.store)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("audit.log.pre-rekey-"))
        .collect();
    assert_eq!(archived.len(), 1, "{archived:?}");
}

/// A `run` of 50 secrets: on a 160-column terminal every row of the table
/// fits (the SECRETS cell cut with `…+N more`); in a pipe it is whole.
#[test]
fn the_secrets_cell_is_cut_to_a_terminals_width_and_whole_in_a_pipe() {
    let sb = Sandbox::init();
    let lines: String = (0..50)
        .map(|i| format!("APP_SECRET_{i:02}=v{i}\n"))
        .collect();
    sb.cmd()
        .args(["import", "-", "--prefix", "app/"])
        .write_stdin(lines)
        .assert()
        .success();
    sb.ok(["run", "--no-project", "--prefix", "app/", "--", "true"]);
    let piped = sb.ok(["audit", "--action", "run"]);
    let row = piped.lines().last().unwrap();
    assert!(row.len() > 500, "{row}");
    assert!(!row.contains("more"), "{row}");

    let wrapper = format!("stty cols 160; env SESAME_PASSWORD='{PASSWORD}'");
    let Some(out) = crate::util::on_terminal_in(&sb, &wrapper, "audit --action run", "") else {
        return;
    };
    assert!(out.status.success());
    let shown = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = shown.lines().map(|l| l.trim_end_matches('\r')).collect();
    assert_eq!(rows.len(), 2, "{shown}");
    for r in &rows {
        assert!(r.chars().count() <= 160, "{} chars: {r}", r.chars().count());
    }
    assert!(rows[1].contains("more → true"), "{}", rows[1]);
}

/// Every wrong password typed at the prompt is a failed unlock in the log:
/// two before the right one (no warning to the one who typed them), three
/// in a row; the next command's warning counts the three.
#[test]
fn each_wrong_password_typed_at_the_prompt_is_recorded() {
    let sb = Sandbox::init();
    sb.set("a", "value-a");
    let failed = |sb: &Sandbox| {
        records(sb)
            .iter()
            .filter(|r| r["action"] == "unlock-failed")
            .inspect(|r| assert_eq!(r["outcome"], "wrong-password"))
            .count()
    };
    let typed = format!("bad-1\nbad-2\n{PASSWORD}\n");
    let Some(out) = crate::util::on_terminal(&sb, "get a", &typed) else {
        return;
    };
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(!shown.contains("failed unlock"), "{shown}");
    assert_eq!(failed(&sb), 2);

    sb.ok(["lock"]); // the right password was cached: ask again
    let out = crate::util::on_terminal(&sb, "get a", "b1\nb2\nb3\n").unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(failed(&sb), 5);
    sb.cmd()
        .args(["get", "a"])
        .assert()
        .success()
        .stderr(predicate::str::contains("3 failed unlock attempts"));
}
