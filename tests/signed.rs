//! Store format 2 (issue 12): attacks made on the files directly, each refused
//! with exit 5, the store byte-identical and no value printed; roles, CI
//! tokens, authorship, freshness, `upgrade`, and the reference `age` CLI.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use crate::util::*;

/// Every file of the store, its buckets included (less the audit log).
fn everything(sb: &Sandbox) -> BTreeMap<String, Vec<u8>> {
    let mut files = sb.snapshot();
    let vault = sb.store.join("vault");
    if vault.is_dir() {
        for (name, bytes) in snapshot(&vault) {
            files.insert(format!("vault/{name}"), bytes);
        }
    }
    files
}

/// The bucket files of the store.
fn buckets(sb: &Sandbox) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(sb.store.join("vault"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The file name of the one bucket the current manifest names.
fn current_bucket(sb: &Sandbox) -> String {
    let names = sb.buckets_of("manifest");
    assert_eq!(names.len(), 1, "{names:?}");
    names[0].file_name().unwrap().to_string_lossy().into_owned()
}

/// `sesame ARGS` fails with exit 5, names `needle`, prints no `secret`, and
/// leaves every file of the store as it was.
fn refused(sb: &Sandbox, args: &[&str], needle: &str, secret: &str) {
    let before = everything(sb);
    let out = sb
        .cmd()
        .args(args)
        .write_stdin("new-value")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{args:?}: {stderr}");
    assert!(stderr.contains(needle), "{args:?}: {stderr}");
    assert!(
        !contains(&out.stdout, secret.as_bytes()),
        "{args:?} printed the value"
    );
    assert!(!stderr.contains(secret), "{args:?} printed the value");
    assert_eq!(everything(sb), before, "{args:?} changed the store");
}

fn age_available() -> bool {
    require_program("age", "building store files the way an attacker would")
}

/// Encrypt `plain` with the reference age CLI to the store's recipients file.
fn age_encrypt(sb: &Sandbox, plain: &str) -> Vec<u8> {
    let mut cmd = Command::new("age");
    cmd.arg("-R").arg(sb.file("recipients"));
    let out = output_with_stdin(&mut cmd, plain.as_bytes());
    assert_success(&out);
    out.stdout
}

fn age_decrypt(key: &str, file: &Path) -> String {
    let plain = age_open(key, file).expect("age opens the file with the store's key");
    String::from_utf8(plain).unwrap()
}

#[test]
fn a_new_store_is_signed_and_age_alone_opens_its_buckets() {
    let sb = Sandbox::init();
    assert!(sb.file("manifest").is_file());
    assert!(!sb.file("vault.age").exists());
    sb.set("db/password", "hunter2-value");
    assert_eq!(sb.get("db/password"), "hunter2-value");
    let names = buckets(&sb);
    assert_eq!(names.len(), 1, "{names:?}");
    if !age_available() {
        return;
    }
    let plain = age_decrypt(&sb.identity(), &sb.store.join("vault").join(&names[0]));
    assert!(plain.starts_with("{\"format\":2,"), "{plain}");
    assert!(plain.contains("hunter2-value") && plain.contains("db/password"));
}

#[test]
fn a_value_changed_and_reencrypted_to_the_recipients_is_refused() {
    if !age_available() {
        return;
    }
    let sb = Sandbox::init();
    sb.set("token", "real-value");
    let name = current_bucket(&sb);
    let forged = age_encrypt(
        &sb,
        r#"{"format":2,"secrets":{"token":{"created":"2024-01-01T00:00:00Z","updated":"2024-01-01T00:00:00Z","versions":[{"n":1,"value":"attacker-value","created":"2024-01-01T00:00:00Z","state":"active"}]}}}"#,
    );
    // In place: the digest no longer matches the signed manifest.
    let path = sb.store.join("vault").join(&name);
    fs::write(&path, &forged).unwrap();
    refused(&sb, &["get", "token"], "does not match", "attacker-value");
    refused(&sb, &["set", "token"], "does not match", "attacker-value");
    // Under its own digest, the manifest edited to name it: the header's
    // signature fails.
    fs::remove_file(&path).unwrap();
    let digest = sha256_hex(&forged);
    fs::write(
        sb.store.join("vault").join(format!("{digest}.age")),
        &forged,
    )
    .unwrap();
    let old = name.trim_end_matches(".age");
    let manifest = fs::read_to_string(sb.file("manifest")).unwrap();
    fs::write(sb.file("manifest"), manifest.replace(old, &digest)).unwrap();
    refused(
        &sb,
        &["get", "token"],
        "signature does not verify",
        "attacker-value",
    );
    refused(
        &sb,
        &["list"],
        "signature does not verify",
        "attacker-value",
    );
}

#[test]
fn a_recipient_added_to_the_member_list_is_refused() {
    let sb = Sandbox::init();
    sb.set("token", "real-value");
    let manifest = fs::read_to_string(sb.file("manifest")).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let list = json["members"]["list"]["members"].as_array_mut().unwrap();
    let mut attacker = list[0].clone();
    attacker["recipient"] = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p".into();
    attacker["id"] = "0123456789abcdef".into();
    list.push(attacker);
    fs::write(
        sb.file("manifest"),
        serde_json::to_vec_pretty(&json).unwrap(),
    )
    .unwrap();
    refused(&sb, &["get", "token"], "member list", "real-value");
    refused(&sb, &["set", "token"], "member list", "real-value");
    refused(
        &sb,
        &[
            "recipients",
            "add",
            "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
        ],
        "member list",
        "real-value",
    );
}

/// `recipients add --generate-ci` and its token (stdout).
fn ci_token(sb: &Sandbox, extra: &[&str]) -> String {
    let mut args = vec!["recipients", "add", "--generate-ci", "ci"];
    args.extend_from_slice(extra);
    let token = sb.ok(args).trim().to_owned();
    assert!(token.starts_with("SESAME-CI-1"), "{token}");
    token
}

fn as_key(sb: &Sandbox, key: &str) -> assert_cmd::Command {
    let mut c = sb.cmd_locked();
    c.env("SESAME_IDENTITY", key);
    c
}

#[test]
fn a_ci_token_reads_and_a_reader_cannot_write() {
    let sb = Sandbox::init();
    sb.set("token", "real-value");
    let ci = ci_token(&sb, &[]);
    let listed = sb.json(["recipients", "list"]);
    assert_eq!(listed[0]["role"], "admin", "{listed}");
    assert_eq!(listed[1]["role"], "reader", "{listed}");
    let got = as_key(&sb, &ci).args(["get", "token"]).output().unwrap();
    assert_success(&got);
    assert_eq!(String::from_utf8_lossy(&got.stdout).trim(), "real-value");
    let before = everything(&sb);
    let out = as_key(&sb, &ci)
        .args(["set", "token"])
        .write_stdin("ci-value")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("reader"), "{}", stderr_of(&out));
    assert_eq!(everything(&sb), before);
    // CI keeps no state: nothing was written under its home.
    assert!(
        !sb.home
            .join(".local/state/sesame")
            .read_dir()
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().contains("ci")),
    );
}

#[test]
fn a_reader_key_writing_straight_into_the_files_is_refused_on_the_next_read() {
    let sb = Sandbox::init();
    sb.set("token", "real-value");
    let ci = ci_token(&sb, &[]);
    // The reader signs a manifest itself: what it could do with its key alone.
    let manifest = fs::read(sb.file("manifest")).unwrap();
    let forged = sesame::vault::forge_manifest(&manifest, &ci, &[]).unwrap();
    fs::write(sb.file("manifest"), forged).unwrap();
    refused(&sb, &["get", "token"], "reader", "real-value");
    let out = as_key(&sb, &ci).args(["get", "token"]).output().unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert!(!contains(&out.stdout, b"real-value"));
}

#[test]
fn a_writer_can_set_values_but_never_a_stored_command() {
    let sb = Sandbox::init();
    sb.set("token", "real-value");
    let w = ci_token(&sb, &["--write"]);
    let set = as_key(&sb, &w)
        .args(["set", "token"])
        .write_stdin("from-ci")
        .output()
        .unwrap();
    assert_success(&set);
    assert_eq!(sb.get("token"), "from-ci");
    let shown = sb.ok(["show", "token"]);
    assert!(shown.contains("by ci (writer"), "{shown}");
    let before = everything(&sb);
    let out = as_key(&sb, &w)
        .args([
            "edit",
            "token",
            "--max-age",
            "1s",
            "--rotate-command",
            "id > OWNED; echo x",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("only an admin"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(everything(&sb), before);
}

#[test]
fn a_writer_planting_a_command_straight_into_a_bucket_is_refused() {
    if !age_available() {
        return;
    }
    let sb = Sandbox::init();
    sb.set("token", "real-value");
    let w = ci_token(&sb, &["--write"]);
    let name = current_bucket(&sb);
    let plain = age_decrypt(&sb.identity(), &sb.store.join("vault").join(&name));
    let mut json: serde_json::Value = serde_json::from_str(&plain).unwrap();
    json["secrets"]["token"]["policy"] =
        serde_json::json!({"max_age": 1, "rotate_command": "id > OWNED; echo x"});
    let forged = age_encrypt(&sb, &json.to_string());
    let digest = sha256_hex(&forged);
    fs::write(
        sb.store.join("vault").join(format!("{digest}.age")),
        &forged,
    )
    .unwrap();
    let manifest = fs::read(sb.file("manifest")).unwrap();
    let old = name.trim_end_matches(".age").to_owned();
    let resigned = sesame::vault::forge_manifest(&manifest, &w, &[(old, digest)]).unwrap();
    fs::write(sb.file("manifest"), resigned).unwrap();
    refused(
        &sb,
        &["get", "token"],
        "stored command for 'token'",
        "real-value",
    );
    refused(
        &sb,
        &["rotate", "--due"],
        "stored command for 'token'",
        "real-value",
    );
    assert!(!sb.dir.path().join("OWNED").exists());
}

#[test]
fn an_older_store_restored_is_refused_outside_git() {
    let sb = Sandbox::init();
    sb.set("token", "first");
    let old = everything(&sb);
    sb.set("token", "second");
    sb.set("other", "x");
    // Restore every file as it was (buckets of the old state included).
    for (name, bytes) in &old {
        fs::write(sb.store.join(name), bytes).unwrap();
    }
    refused(&sb, &["get", "token"], "accept-rollback", "first");
    refused(
        &sb,
        &["set", "token"],
        "does not descend from generation",
        "first",
    );
    // Knowingly accepted: audited, then usable.
    sb.ok(["accept-rollback"]);
    assert_eq!(sb.get("token"), "first");
    let log = sb.ok(["audit", "--action", "accept-rollback"]);
    assert!(log.contains("accept-rollback"), "{log}");
}

#[test]
fn an_older_store_inside_a_git_work_tree_is_a_warning_for_reads() {
    let sb = Sandbox::init();
    fs::create_dir(sb.dir.path().join(".git")).unwrap();
    sb.set("token", "first");
    let old = everything(&sb);
    sb.set("token", "second");
    for (name, bytes) in &old {
        fs::write(sb.store.join(name), bytes).unwrap();
    }
    let out = sb.cmd().args(["get", "token"]).output().unwrap();
    assert_success(&out);
    assert!(stderr_of(&out).contains("warning"), "{}", stderr_of(&out));
    refused(&sb, &["set", "token"], "accept-rollback", "first");
}

#[test]
fn a_different_store_at_a_known_path_is_refused() {
    let sb = Sandbox::init();
    sb.set("token", "mine");
    // Another store, made elsewhere, that lists this store's key as a reader.
    let other = Sandbox::init();
    let own_key = fs::read_to_string(sb.file("recipients"))
        .unwrap()
        .lines()
        .find(|l| l.starts_with("age1"))
        .unwrap()
        .to_owned();
    other.ok(["recipients", "add", &own_key]);
    other.set("token", "theirs");
    fs::remove_dir_all(sb.store.join("vault")).unwrap();
    for name in ["manifest", "manifest.bak", "recipients"] {
        fs::copy(other.file(name), sb.file(name)).unwrap();
    }
    fs::create_dir(sb.store.join("vault")).unwrap();
    for name in buckets(&other) {
        fs::copy(
            other.store.join("vault").join(&name),
            sb.store.join("vault").join(&name),
        )
        .unwrap();
    }
    refused(&sb, &["get", "token"], "belongs to store", "theirs");
}

#[test]
fn format_1_where_format_2_was_seen_is_refused() {
    if !age_available() {
        return;
    }
    let sb = Sandbox::init();
    sb.set("token", "mine");
    // The signed files replaced by an unsigned vault built from the public
    // recipients (identity.age kept: the owner's password still opens it).
    fs::remove_dir_all(sb.store.join("vault")).unwrap();
    fs::remove_file(sb.file("manifest")).unwrap();
    fs::remove_file(sb.file("manifest.bak")).unwrap();
    let forged = age_encrypt(
        &sb,
        r#"{"format":1,"secrets":{"token":{"created":"2024-01-01T00:00:00Z","updated":"2024-01-01T00:00:00Z","versions":[{"n":1,"value":"planted","created":"2024-01-01T00:00:00Z","state":"active"}]}}}"#,
    );
    fs::write(sb.file("vault.age"), forged).unwrap();
    refused(&sb, &["get", "token"], "unsigned", "planted");
    refused(&sb, &["list"], "unsigned", "planted");
    refused(&sb, &["upgrade", "--yes"], "unsigned", "planted");
}

#[test]
fn upgrade_shows_what_it_signs_and_changes_nothing_when_declined() {
    if !age_available() {
        return;
    }
    let sb = Sandbox::new();
    sb.ok(["init", "--work-factor", "10", "--format-1"]);
    // A forged format-1 vault: built from the public recipients alone, with a
    // planted command.
    let forged = age_encrypt(
        &sb,
        r#"{"format":1,"recipients":[{"key":"RECIPIENT"}],"secrets":{"token":{"policy":{"max_age":1,"rotate_command":"id > OWNED"},"created":"2024-01-01T00:00:00Z","updated":"2024-01-01T00:00:00Z","versions":[{"n":1,"value":"planted","created":"2024-01-01T00:00:00Z","state":"active"}]}}}"#
            .replace(
                "RECIPIENT",
                fs::read_to_string(sb.file("recipients"))
                    .unwrap()
                    .lines()
                    .find(|l| l.starts_with("age1"))
                    .unwrap(),
            )
            .as_str(),
    );
    fs::write(sb.file("vault.age"), forged).unwrap();
    let before = everything(&sb);
    let out = sb.cmd().args(["upgrade"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("id > OWNED"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(everything(&sb), before);
    if let Some(out) = on_terminal(&sb, "upgrade", &format!("{PASSWORD}\nno\n")) {
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("id > OWNED"), "{text}");
        assert!(text.contains("declined"), "{text}");
        assert_eq!(everything(&sb), before);
    }
    // Accepted: signed, vault.age gone, values kept, and the signed store is
    // what this path holds from now on.
    sb.ok(["upgrade", "--yes"]);
    assert!(!sb.file("vault.age").exists() && sb.file("manifest").is_file());
    assert_eq!(sb.get("token"), "planted");
    let shown = sb.ok(["show", "token"]);
    assert!(shown.contains("policy by"), "{shown}");
}

#[test]
fn a_removed_writer_replaying_an_old_member_list_is_refused() {
    let sb = Sandbox::init();
    sb.set("token", "real-value");
    let w = ci_token(&sb, &["--write"]);
    let with_writer: serde_json::Value =
        serde_json::from_slice(&fs::read(sb.file("manifest")).unwrap()).unwrap();
    sb.ok(["recipients", "remove", "ci"]);
    // The removed writer takes the current header, the old member list that
    // an admin signed while it was a member, and a generation far ahead (so
    // that descent is by generation alone), and signs it.
    let mut now: serde_json::Value =
        serde_json::from_slice(&fs::read(sb.file("manifest")).unwrap()).unwrap();
    now["members"] = with_writer["members"].clone();
    let generation = now["header"]["generation"].as_u64().unwrap();
    now["header"]["generation"] = (generation + 100).into();
    let bytes = serde_json::to_vec(&now).unwrap();
    let forged = sesame::vault::forge_manifest(&bytes, &w, &[]).unwrap();
    fs::write(sb.file("manifest"), forged).unwrap();
    refused(
        &sb,
        &["get", "token"],
        "older than generation",
        "real-value",
    );
    refused(
        &sb,
        &["set", "token"],
        "older than generation",
        "real-value",
    );
}

#[test]
fn show_names_the_author_of_each_version_and_of_the_policy() {
    let sb = Sandbox::init();
    sb.set_with("token", ["--rotate-command", "echo new"], "v1");
    let w = ci_token(&sb, &["--write"]);
    as_key(&sb, &w)
        .args(["set", "token"])
        .write_stdin("v2")
        .assert()
        .success();
    let json = sb.json(["show", "token"]);
    let authors = &json["authors"];
    assert!(
        authors["policy"].as_str().unwrap().contains("admin"),
        "{json}"
    );
    assert!(
        authors["versions"]["1"].as_str().unwrap().contains("admin"),
        "{json}"
    );
    assert!(
        authors["versions"]["2"]
            .as_str()
            .unwrap()
            .contains("ci (writer"),
        "{json}"
    );
    // The owner's next write carries both through unchanged.
    sb.set("token", "v3");
    let json = sb.json(["show", "token"]);
    assert!(
        json["authors"]["versions"]["2"]
            .as_str()
            .unwrap()
            .contains("writer"),
        "{json}"
    );
}

#[test]
fn store_files_are_never_read_through_a_symlink() {
    let sb = Sandbox::init();
    sb.set("token", "real-value");
    let bucket = sb.buckets_of("manifest").remove(0);
    let elsewhere = sb.dir.path().join("elsewhere.age");
    fs::rename(&bucket, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &bucket).unwrap();
    refused(&sb, &["get", "token"], "symlink", "real-value");
    fs::remove_file(&bucket).unwrap();
    fs::rename(&elsewhere, &bucket).unwrap();
    let manifest = sb.dir.path().join("manifest-elsewhere");
    fs::rename(sb.file("manifest"), &manifest).unwrap();
    std::os::unix::fs::symlink(&manifest, sb.file("manifest")).unwrap();
    refused(&sb, &["get", "token"], "symlink", "real-value");
}

#[test]
fn readers_need_no_lock_while_writers_replace_buckets() {
    let sb = Sandbox::init();
    sb.set("token", "v0");
    std::thread::scope(|s| {
        let writer = s.spawn(|| {
            for i in 1..=25 {
                sb.set("token", &format!("v{i}"));
            }
        });
        let mut reads = 0;
        while !writer.is_finished() {
            let out = sb.cmd().args(["get", "token"]).output().unwrap();
            assert_success(&out);
            assert!(String::from_utf8_lossy(&out.stdout).starts_with('v'));
            reads += 1;
        }
        writer.join().unwrap();
        assert!(reads > 0);
    });
}

#[test]
fn only_an_admin_changes_the_members() {
    let sb = Sandbox::init();
    sb.set("token", "real-value");
    let w = ci_token(&sb, &["--write"]);
    let before = everything(&sb);
    for args in [
        vec![
            "recipients",
            "add",
            "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
        ],
        vec!["recipients", "remove", "ci"],
    ] {
        let out = as_key(&sb, &w).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{args:?}: {}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains("only an admin"),
            "{}",
            stderr_of(&out)
        );
        assert_eq!(everything(&sb), before, "{args:?}");
    }
    let out = as_key(&sb, &w)
        .env("SESAME_NEW_PASSWORD", "takeover")
        .args(["rekey", "--work-factor", "10"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert_eq!(everything(&sb), before);
}

#[test]
fn a_token_for_another_store_is_refused() {
    let sb = Sandbox::init();
    sb.set("token", "real-value");
    let other = Sandbox::init();
    let foreign = ci_token(&other, &[]);
    // Its key is made a member here too (by recipient only): still refused,
    // the token's store id and admins are another store's.
    let id = sesame::crypto::Identity::parse(&foreign).unwrap();
    sb.ok(["recipients", "add", &id.public()]);
    let out = as_key(&sb, &foreign)
        .args(["get", "token"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert!(!contains(&out.stdout, b"real-value"));
}

#[test]
fn upgrade_accepted_on_the_terminal_signs_the_store() {
    let sb = Sandbox::new();
    sb.ok(["init", "--work-factor", "10", "--format-1"]);
    sb.set_with("db", ["--rotate-command", "echo rotated"], "v1");
    let Some(out) = on_terminal(&sb, "upgrade", &format!("{PASSWORD}\nyes\n")) else {
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("echo rotated"), "{text}");
    assert!(sb.file("manifest").is_file(), "{text}");
    assert!(!sb.file("vault.age").exists());
    assert_eq!(sb.get("db"), "v1");
    // Upgraded once: nothing more to do, and the old format is refused here now.
    let again = sb.cmd().args(["upgrade"]).output().unwrap();
    assert_success(&again);
}

#[test]
fn a_command_the_owners_key_signed_runs_without_a_local_record() {
    let sb = Sandbox::init();
    sb.set_with("token", ["--rotate-command", "echo rotated-value"], "v1");
    // This machine's "written here" records gone (another laptop of the same
    // owner, say): the signature still names the owner's key.
    let state = sb.home.join(".local/state/sesame");
    for entry in fs::read_dir(&state).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("commands")
        {
            fs::remove_file(path).unwrap();
        }
    }
    let shown = sb.ok(["show", "token"]);
    assert!(!shown.contains("NOT approved"), "{shown}");
    sb.ok(["rotate", "token"]);
    assert_eq!(sb.get("token"), "rotated-value");
}

/// ISSUE 12, "`show` and `audit` name the author": each record a key
/// authenticates names the member that key is (`audit --json`: `member`;
/// the table: MEMBER), the owner's as the admin, a CI writer's by its name.
#[test]
fn audit_names_the_member_that_made_each_record() {
    let sb = Sandbox::init();
    sb.set("token", "owner-value");
    // The member is inside what the MAC covers: changed, the line fails.
    let log = fs::read_to_string(sb.file("audit.log")).unwrap();
    assert!(log.contains(r#""role":"admin""#), "{log}");
    sb.ok(["audit", "verify"]);
    fs::write(
        sb.file("audit.log"),
        log.replace(r#""role":"admin""#, r#""role":"reader""#),
    )
    .unwrap();
    let out = sb.cmd().args(["audit", "verify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    fs::write(sb.file("audit.log"), &log).unwrap();
    let w = ci_token(&sb, &["--write"]);
    let set = as_key(&sb, &w)
        .args(["set", "token"])
        .write_stdin("from-ci")
        .output()
        .unwrap();
    assert_success(&set);
    let records: Vec<serde_json::Value> = sb
        .ok(["audit", "--json", "--action", "set"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[0]["member"]["role"], "admin", "{records:?}");
    assert_eq!(records[1]["member"]["name"], "ci", "{records:?}");
    assert_eq!(records[1]["member"]["role"], "writer", "{records:?}");
    // The ids are those `show` names as the versions' signed authors.
    let shown = sb.ok(["show", "token"]);
    for r in &records {
        let id = r["member"]["id"].as_str().unwrap();
        assert!(id.len() == 16 && shown.contains(id), "{id} in {shown}");
    }
    assert_ne!(records[0]["member"]["id"], records[1]["member"]["id"]);
    let table = sb.ok(["audit", "--action", "set"]);
    let rows: Vec<&str> = table.lines().collect();
    assert!(rows[0].contains("MEMBER"), "{table}");
    assert!(rows[2].contains("ci (writer)"), "{table}");
    assert!(rows[1].contains("admin"), "{table}");
}

#[test]
fn list_merges_many_buckets_in_order_and_checks_each_digest() {
    // `list` reads names and metadata only, bucket by bucket on several
    // threads, and merges the buckets as it prints: the order, the filters
    // and the refusal of a replaced bucket must be those of a whole read.
    let sb = Sandbox::init();
    let names: Vec<String> = (0..60)
        .map(|i| format!("K{:02}_{}", (i * 37) % 60, i))
        .collect();
    let env: String = names.iter().map(|n| format!("{n}=value-{n}\n")).collect();
    sb.cmd()
        .args(["import", "-", "--prefix", "app/"])
        .write_stdin(env)
        .assert()
        .success();
    sb.cmd()
        .args(["revoke", "--yes", "app/K00_0"])
        .assert()
        .success();
    let mut expected: Vec<String> = names.iter().map(|n| format!("app/{n}")).collect();
    expected.sort();
    let all = sb.ok(["list", "--all"]);
    assert_eq!(
        all,
        expected
            .iter()
            .map(|n| format!("{n}\n"))
            .collect::<String>()
    );
    let live = sb.ok(["list"]);
    assert!(
        !live.contains("app/K00_0\n") && live.lines().count() == 59,
        "{live}"
    );
    assert_eq!(sb.ok(["list", "--prefix", "app/K59"]), "app/K59_47\n");
    assert!(!sb.ok(["list", "--json"]).contains("value-"));
    let files = sb.buckets_of("manifest");
    assert!(
        files.len() > 16,
        "{} buckets: not the parallel read",
        files.len()
    );
    // One bucket's file replaced by another, valid, bucket of the same store.
    fs::copy(&files[1], &files[0]).unwrap();
    refused(&sb, &["list"], "does not match", "value-");
}

/// ISSUE 12 (round 3): a writer CI token's records are MACed with its own
/// key. `audit verify` by the owner checks the owner's records, counts the
/// token's as chained but not checkable here and names their member; the
/// token checks its own. Tampering stays caught either way.
#[test]
fn audit_verify_checks_its_own_records_and_reports_other_members() {
    let sb = Sandbox::init();
    sb.set("token", "owner-value");
    let w = ci_token(&sb, &["--write"]);
    for v in ["ci-1", "ci-2"] {
        let set = as_key(&sb, &w)
            .args(["set", "token"])
            .write_stdin(v)
            .output()
            .unwrap();
        assert_success(&set);
    }
    // The token's records are the last ones: nothing the owner signed covers them.
    let out = sb.cmd().args(["audit", "verify"]).output().unwrap();
    assert_success(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = stderr_of(&out);
    assert!(stdout.contains("audit log chain intact"), "{stdout}");
    assert!(stdout.contains("naming member ci (writer, id "), "{stdout}");
    assert!(
        stderr.contains("nothing checked here covers them"),
        "{stderr}"
    );
    let report = sb.json(["audit", "verify"]);
    assert_eq!(report["intact"], true, "{report}");
    assert_eq!(
        report["other_keys"].as_array().unwrap().len(),
        1,
        "{report}"
    );
    let other = &report["other_keys"][0];
    assert_eq!(other["member"]["role"], "writer", "{report}");
    assert_eq!(other["records"], 2, "{report}");
    // The owner's `audit verify` records themselves appended: now covered.
    assert_eq!(report["other_after_last_checked"], 0, "{report}");
    let own = report["checked"].as_u64().unwrap();
    assert!(own >= 3, "{report}");
    // The token checks its own records and counts the owner's.
    let mine = as_key(&sb, &w)
        .args(["--json", "audit", "verify"])
        .output()
        .unwrap();
    assert_success(&mine);
    let mine: serde_json::Value = serde_json::from_slice(&mine.stdout).unwrap();
    assert_eq!(mine["checked"], 2, "{mine}");
    assert_eq!(mine["other_keys"][0]["member"]["role"], "admin", "{mine}");
    // A token's record changed: its MAC can't be checked here, but the
    // chain (or the head sealed into the manifest) breaks at that line.
    let log = fs::read_to_string(sb.file("audit.log")).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.contains("\"name\":\"ci\""))
        .unwrap();
    let mut edited: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    edited[i] = edited[i].replace("\"pid\":", "\"pid\":1");
    fs::write(sb.file("audit.log"), edited.join("\n") + "\n").unwrap();
    let out = sb.cmd().args(["audit", "verify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    let at = format!("audit.log line {}", i + 1);
    assert!(stderr_of(&out).contains(&at), "{}", stderr_of(&out));
    // The token finds the same line.
    let out = as_key(&sb, &w).args(["audit", "verify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains(&at), "{}", stderr_of(&out));
}
