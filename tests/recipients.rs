//! Recipients: CI identities, sealed lists, SSH keys, removal.

use std::fs;
use std::process::Command as StdCommand;

use crate::util::{Sandbox, require_program, stderr_of};

fn fresh_key() -> (String, String) {
    let id = sesame::crypto::Identity::generate();
    use age::secrecy::ExposeSecret;
    (id.public(), id.secret_string().expose_secret().to_owned())
}

#[test]
fn ci_identity_opens_the_vault_until_removed() {
    let sb = Sandbox::init();
    sb.set("deploy/token", "ci-can-read-this");
    let out = sb
        .cmd()
        .args(["recipients", "add", "--generate-ci", "github-actions"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let key = String::from_utf8(out.stdout.clone()).unwrap();
    let key = key.trim();
    assert!(key.starts_with("AGE-SECRET-KEY-1"), "{key}");
    assert!(stderr_of(&out).contains("SESAME_IDENTITY"));
    // The secret key is nowhere in the store.
    for (name, bytes) in sb.snapshot() {
        assert!(!crate::util::contains(&bytes, key.as_bytes()), "{name}");
    }

    // No password, no keyring: the key alone opens it.
    let out = sb
        .cmd_locked()
        .env("SESAME_IDENTITY", key)
        .args(["get", "-n", "deploy/token"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(out.stdout, b"ci-can-read-this");
    // ... and as a file.
    let kf = sb.dir.path().join("ci.key");
    fs::write(&kf, format!("# ci\n{key}\n")).unwrap();
    sb.cmd_locked()
        .env("SESAME_IDENTITY_FILE", &kf)
        .args(["get", "deploy/token"])
        .assert()
        .success();

    let listed = sb.ok(["recipients", "list"]);
    assert!(listed.contains("github-actions"), "{listed}");
    let json: serde_json::Value =
        serde_json::from_str(&sb.ok(["--json", "recipients", "list"])).unwrap();
    assert_eq!(json[1]["label"], "github-actions");
    assert_eq!(json[0]["own"], true);

    // Remove it by label: a warning that says to rotate.
    let out = sb
        .cmd()
        .args(["recipients", "remove", "github-actions"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("copies") && err.contains("rotate"), "{err}");

    sb.cmd_locked()
        .env("SESAME_IDENTITY", key)
        .args(["get", "deploy/token"])
        .assert()
        .code(3);
    // Not even the backup opens with it.
    let ci = sesame::crypto::Identity::parse(key).unwrap();
    let bak = fs::read(sb.file("vault.age.bak")).unwrap();
    assert!(sesame::crypto::decrypt(&bak, &[ci]).is_err());
    assert_eq!(sb.get("deploy/token"), "ci-can-read-this");
}

#[test]
fn a_key_appended_by_hand_blocks_writes_until_confirmed() {
    let sb = Sandbox::init();
    sb.set("a", "1");
    let (intruder, intruder_secret) = fresh_key();
    let path = sb.file("recipients");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(&format!("{intruder}\n"));
    fs::write(&path, &text).unwrap();
    let snap = sb.snapshot();

    let out = sb
        .cmd()
        .args(["set", "b"])
        .write_stdin("2")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains(&intruder), "{err}");
    assert!(err.contains("recipients add"), "{err}");
    assert_eq!(sb.snapshot(), snap, "nothing may be written");
    // Reading still works, and `list` shows the key as not sealed.
    assert_eq!(sb.get("a"), "1");
    let listed = sb.ok(["recipients", "list"]);
    assert!(listed.contains("NOT SEALED"), "{listed}");
    // The intruder never received the vault.
    sb.cmd_locked()
        .env("SESAME_IDENTITY", &intruder_secret)
        .args(["get", "a"])
        .assert()
        .code(3);

    // Confirming it is a deliberate act.
    sb.ok(["recipients", "add", &intruder, "--label", "bob"]);
    sb.set("b", "2");
    sb.cmd_locked()
        .env("SESAME_IDENTITY", &intruder_secret)
        .args(["get", "b"])
        .assert()
        .success();
}

#[test]
fn a_key_appended_by_hand_can_be_rejected() {
    let sb = Sandbox::init();
    sb.set("a", "1");
    let (intruder, intruder_secret) = fresh_key();
    let path = sb.file("recipients");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(&format!("# helpful colleague\n{intruder}\n"));
    fs::write(&path, &text).unwrap();

    // Adding some other key does not settle the unsealed one.
    let (other, _) = fresh_key();
    sb.cmd()
        .args(["recipients", "add", &other])
        .assert()
        .code(5);

    sb.ok(["recipients", "remove", &intruder]);
    assert!(!fs::read_to_string(&path).unwrap().contains(&intruder));
    sb.set("b", "2");
    sb.cmd_locked()
        .env("SESAME_IDENTITY", &intruder_secret)
        .args(["get", "b"])
        .assert()
        .code(3);
    // A sealed key deleted from the file by hand blocks writes too.
    sb.ok(["recipients", "add", &other]);
    let text = fs::read_to_string(&path).unwrap().replace(&other, "");
    fs::write(&path, text).unwrap();
    let out = sb
        .cmd()
        .args(["set", "c"])
        .write_stdin("3")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(stderr_of(&out).contains(&other));
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

    let own = sb.ok(["--json", "recipients", "list"]);
    let own: serde_json::Value = serde_json::from_str(&own).unwrap();
    let own = own[0]["key"].as_str().unwrap().to_owned();
    sb.cmd()
        .args(["recipients", "remove", &own])
        .assert()
        .code(2);
    sb.cmd()
        .args(["recipients", "remove", "nobody"])
        .assert()
        .code(2);
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
            .arg(sb.file("vault.age"))
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

/// `recipients add/remove` write the vault, so they seal the audit log's head
/// like every other write: cutting the log back past them is caught.
#[test]
fn recipients_add_and_remove_seal_the_audit_head() {
    let sb = Sandbox::init();
    let log = sb.file("audit.log");
    let lines = || -> Vec<String> {
        fs::read_to_string(&log)
            .unwrap()
            .lines()
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let verify = || sb.cmd().args(["audit", "verify"]).output().unwrap();
    // init (1), set (2; it sealed record 1), get (3), get (4).
    sb.set("a", "1");
    sb.get("a");
    sb.get("a");
    let (key, _) = fresh_key();
    // It seals record 4, then records itself as 5.
    sb.ok(["recipients", "add", &key]);
    let after_add = lines();
    assert_eq!(after_add.len(), 5);
    assert!(after_add[4].contains("\"recipients\""), "{}", after_add[4]);
    assert!(verify().status.success());

    // The last two records cut: only the seal `recipients add` made shows it.
    fs::write(&log, after_add[..3].concat()).unwrap();
    let out = verify();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("sealed record 4"),
        "{}",
        stderr_of(&out)
    );

    // The same for `recipients remove`: it seals record 6 (a get).
    fs::write(&log, after_add.concat()).unwrap();
    sb.get("a");
    sb.ok(["recipients", "remove", &key]);
    let after_remove = lines();
    assert_eq!(after_remove.len(), 7);
    fs::write(&log, after_remove[..5].concat()).unwrap();
    let out = verify();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("sealed record 6"),
        "{}",
        stderr_of(&out)
    );
}
