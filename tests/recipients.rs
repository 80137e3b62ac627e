//! Recipients: CI identities, sealed lists, SSH keys, removal.

use std::fs;
use std::process::Command as StdCommand;

use crate::util::{Sandbox, require_program, stderr_of, stdout_ok};

fn fresh_key() -> (String, String) {
    let id = sesame::crypto::Identity::generate();
    use age::secrecy::ExposeSecret;
    (id.public(), id.secret_string().expose_secret().to_owned())
}

/// A store holding "deploy/token" and a CI identity labelled
/// "github-actions": its secret key and what `recipients add` said on stderr.
fn with_ci_key() -> (Sandbox, String, String) {
    let sb = Sandbox::init();
    sb.set("deploy/token", "ci-can-read-this");
    let out = sb
        .cmd()
        .args(["recipients", "add", "--generate-ci", "github-actions"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let key = String::from_utf8(out.stdout.clone()).unwrap();
    (sb, key.trim().to_owned(), stderr_of(&out))
}

#[test]
fn generate_ci_prints_a_key_that_is_nowhere_in_the_store() {
    let (sb, key, said) = with_ci_key();
    // A token: the key, the store id and the admins' keys (store format 2).
    assert!(key.starts_with("SESAME-CI-1"), "{key}");
    assert!(said.contains("SESAME_IDENTITY"));
    let id = sesame::crypto::Identity::parse(&key).unwrap();
    use age::secrecy::ExposeSecret;
    let secret = id.secret_string().expose_secret().to_owned();
    for (name, bytes) in sb.snapshot() {
        assert!(!crate::util::contains(&bytes, key.as_bytes()), "{name}");
        assert!(!crate::util::contains(&bytes, secret.as_bytes()), "{name}");
    }
}

#[test]
fn a_ci_key_alone_opens_the_vault() {
    let (sb, key, _) = with_ci_key();
    // No password, no keyring: the key alone opens it.
    let out =
        stdout_ok(
            sb.cmd_locked()
                .env("SESAME_IDENTITY", &key)
                .args(["get", "-n", "deploy/token"]),
        );
    assert_eq!(out, "ci-can-read-this");
    // ... and as a file.
    let kf = sb.dir.path().join("ci.key");
    fs::write(&kf, format!("# ci\n{key}\n")).unwrap();
    sb.cmd_locked()
        .env("SESAME_IDENTITY_FILE", &kf)
        .args(["get", "deploy/token"])
        .assert()
        .success();
}

#[test]
fn recipients_list_names_the_ci_key_by_its_label() {
    let (sb, _, _) = with_ci_key();
    let listed = sb.ok(["recipients", "list"]);
    assert!(listed.contains("github-actions"), "{listed}");
    let json = sb.json(["recipients", "list"]);
    assert_eq!(json[1]["label"], "github-actions");
    assert_eq!(json[0]["own"], true);
}

#[test]
fn a_removed_ci_key_opens_nothing_not_even_the_backup() {
    let (sb, key, _) = with_ci_key();
    // Remove it by label: a warning that says to rotate.
    let out = sb
        .cmd()
        .args(["recipients", "remove", "github-actions"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("copies") && err.contains("rotate"), "{err}");

    get_as(&sb, &key, "deploy/token").code(3);
    // Not even the backup opens with it.
    let ci = sesame::crypto::Identity::parse(&key).unwrap();
    for bucket in sb.buckets_of("manifest.bak") {
        let bak = fs::read(bucket).unwrap();
        assert!(sesame::crypto::decrypt(&bak, std::slice::from_ref(&ci)).is_err());
    }
    assert_eq!(sb.get("deploy/token"), "ci-can-read-this");
}

/// `get NAME` opened by the identity `secret` alone.
fn get_as(sb: &Sandbox, secret: &str, name: &str) -> assert_cmd::assert::Assert {
    sb.cmd_locked()
        .env("SESAME_IDENTITY", secret)
        .args(["get", name])
        .assert()
}

/// A store holding "a", with a fresh key appended to its recipients file by
/// hand (after `comment`, a line of its own when not empty): the key's
/// public and secret halves.
fn with_a_key_appended_by_hand(sb: &Sandbox, comment: &str) -> (String, String) {
    sb.set("a", "1");
    let (intruder, intruder_secret) = fresh_key();
    let path = sb.file("recipients");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(&format!("{comment}{intruder}\n"));
    fs::write(&path, &text).unwrap();
    (intruder, intruder_secret)
}

/// `set NAME` refused with exit 5 naming `key`; its stderr.
fn set_refused_naming(sb: &Sandbox, name: &str, key: &str) -> String {
    let out = sb
        .cmd()
        .args(["set", name])
        .write_stdin("2")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains(key), "{err}");
    err
}

#[test]
fn a_key_appended_by_hand_blocks_writes() {
    let sb = Sandbox::init();
    let (intruder, intruder_secret) = with_a_key_appended_by_hand(&sb, "");
    let snap = sb.snapshot();
    let err = set_refused_naming(&sb, "b", &intruder);
    assert!(err.contains("recipients add"), "{err}");
    assert_eq!(sb.snapshot(), snap, "nothing may be written");
    // Reading still works, and `list` shows the key as not sealed.
    assert_eq!(sb.get("a"), "1");
    let listed = sb.ok(["recipients", "list"]);
    assert!(listed.contains("NOT SEALED"), "{listed}");
    // The intruder never received the vault.
    get_as(&sb, &intruder_secret, "a").code(3);
}

#[test]
fn a_key_appended_by_hand_gets_the_vault_once_confirmed() {
    let sb = Sandbox::init();
    let (intruder, intruder_secret) = with_a_key_appended_by_hand(&sb, "");
    // Confirming it is a deliberate act.
    sb.ok(["recipients", "add", &intruder, "--label", "bob"]);
    sb.set("b", "2");
    let id = sesame::crypto::Identity::parse(&intruder_secret).unwrap();
    for bucket in sb.buckets_of("manifest") {
        let bytes = fs::read(bucket).unwrap();
        assert!(sesame::crypto::decrypt(&bytes, std::slice::from_ref(&id)).is_ok());
    }
    // sesame itself reads a signed store only with keys it can check the
    // signatures against: a bare key has none (a CI token carries them).
    get_as(&sb, &intruder_secret, "b").code(5);
}

#[test]
fn adding_another_key_does_not_settle_one_appended_by_hand() {
    let sb = Sandbox::init();
    with_a_key_appended_by_hand(&sb, "# helpful colleague\n");
    let (other, _) = fresh_key();
    sb.exits(["recipients", "add", &other], 5);
}

#[test]
fn a_key_appended_by_hand_can_be_rejected() {
    let sb = Sandbox::init();
    let (intruder, intruder_secret) = with_a_key_appended_by_hand(&sb, "# helpful colleague\n");
    sb.ok(["recipients", "remove", &intruder]);
    assert!(
        !fs::read_to_string(sb.file("recipients"))
            .unwrap()
            .contains(&intruder)
    );
    sb.set("b", "2");
    get_as(&sb, &intruder_secret, "b").code(3);
}

#[test]
fn a_sealed_key_deleted_by_hand_blocks_writes() {
    let sb = Sandbox::init();
    let (other, _) = fresh_key();
    sb.ok(["recipients", "add", &other]);
    let path = sb.file("recipients");
    let text = fs::read_to_string(&path).unwrap().replace(&other, "");
    fs::write(&path, text).unwrap();
    set_refused_naming(&sb, "c", &other);
}

#[test]
fn bad_keys_and_the_own_key_are_refused_without_changes() {
    let sb = Sandbox::init();
    sb.set("a", "1");
    let snap = sb.snapshot();
    for bad in [
        "age1notakey",
        "ssh-dss AAAAB3NzaC1kc3M= x",
        "nonexistent-file.txt",
    ] {
        let out = sb.cmd().args(["recipients", "add", bad]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr_of(&out));
    }
    let (_, secret) = fresh_key();
    let f = sb.dir.path().join("keys.txt");
    fs::write(&f, format!("{secret}\n")).unwrap();
    let out = sb
        .cmd()
        .args(["recipients", "add"])
        .arg(&f)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !stderr_of(&out).contains(&secret),
        "never echo a secret key"
    );

    let own = sb.json(["recipients", "list"])[0]["key"]
        .as_str()
        .unwrap()
        .to_owned();
    sb.exits(["recipients", "remove", &own], 2);
    sb.exits(["recipients", "remove", "nobody"], 2);
    assert_eq!(sb.snapshot(), snap);
}

#[test]
fn ssh_keys_and_key_files_interoperate_with_age() {
    if !require_program("ssh-keygen", "to make SSH keys")
        || !require_program("age", "the reference age CLI decrypts the vault")
    {
        return;
    }
    let sb = Sandbox::init();
    sb.set("shared/secret", "for-the-ssh-user");
    let ed = sb.dir.path().join("id_ed25519");
    let rsa = sb.dir.path().join("id_rsa");
    for (path, kind) in [(&ed, "ed25519"), (&rsa, "rsa")] {
        let st = StdCommand::new("ssh-keygen")
            .args([
                "-q",
                "-t",
                kind,
                "-N",
                "",
                "-C",
                &format!("{kind}@test"),
                "-f",
            ])
            .arg(path)
            .status()
            .unwrap();
        assert!(st.success());
    }
    // One key on the command line (its comment becomes the label), one from a file.
    let ed_pub = fs::read_to_string(ed.with_extension("pub")).unwrap();
    sb.ok(["recipients", "add", ed_pub.trim()]);
    let keys_file = sb.dir.path().join("team.keys");
    fs::write(
        &keys_file,
        format!(
            "# team\n{}",
            fs::read_to_string(rsa.with_extension("pub")).unwrap()
        ),
    )
    .unwrap();
    sb.cmd()
        .args(["recipients", "add"])
        .arg(&keys_file)
        .assert()
        .success();
    let listed = sb.ok(["recipients", "list"]);
    assert!(listed.contains("ed25519@test"), "{listed}");
    assert!(listed.contains("ssh-rsa "), "{listed}");

    for key in [&ed, &rsa] {
        let out = StdCommand::new("age")
            .args(["-d", "-i"])
            .arg(key)
            .arg(sb.buckets_of("manifest").remove(0))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        assert!(crate::util::contains(&out.stdout, b"for-the-ssh-user"));
    }
    // The recipients file is one the reference CLI reads as it is.
    let out = StdCommand::new("age")
        .arg("-R")
        .arg(sb.file("recipients"))
        .arg("-o")
        .arg(sb.dir.path().join("check.age"))
        .arg(sb.file("recipients"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}

/// The store's audit log as lines (each with its newline).
fn log_lines(sb: &Sandbox) -> Vec<String> {
    fs::read_to_string(sb.file("audit.log"))
        .unwrap()
        .lines()
        .map(|l| format!("{l}\n"))
        .collect()
}

/// With the log cut back to its first `keep` lines, `audit verify` exits 5
/// and names the sealed record `sealed`.
fn cut_log_is_caught(sb: &Sandbox, lines: &[String], keep: usize, sealed: usize) {
    fs::write(sb.file("audit.log"), lines[..keep].concat()).unwrap();
    sb.fails(["audit", "verify"], 5, &format!("sealed record {sealed}"));
}

/// init (1), set (2; it sealed record 1), get (3), get (4), then `recipients
/// add` of a fresh key, which seals record 4 and records itself as 5; the key.
fn four_records_and_a_recipient_added(sb: &Sandbox) -> String {
    sb.set("a", "1");
    sb.get("a");
    sb.get("a");
    let (key, _) = fresh_key();
    sb.ok(["recipients", "add", &key]);
    key
}

/// `recipients add/remove` write the vault, so they seal the audit log's head
/// like every other write: cutting the log back past them is caught.
#[test]
fn recipients_add_seals_the_audit_head() {
    let sb = Sandbox::init();
    four_records_and_a_recipient_added(&sb);
    let after_add = log_lines(&sb);
    assert_eq!(after_add.len(), 5);
    assert!(after_add[4].contains("\"recipients\""), "{}", after_add[4]);
    sb.ok(["audit", "verify"]);
    // The last two records cut: only the seal `recipients add` made shows it.
    cut_log_is_caught(&sb, &after_add, 3, 4);
}

#[test]
fn recipients_remove_seals_the_audit_head() {
    let sb = Sandbox::init();
    let key = four_records_and_a_recipient_added(&sb);
    // It seals record 6 (a get).
    sb.get("a");
    sb.ok(["recipients", "remove", &key]);
    let after_remove = log_lines(&sb);
    assert_eq!(after_remove.len(), 7);
    cut_log_is_caught(&sb, &after_remove, 5, 6);
}
