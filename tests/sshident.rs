//! `SESAME_IDENTITY_FILE=~/.ssh/id_ed25519`: OpenSSH private keys made by the
//! real `ssh-keygen` open a store that lists their public key as a recipient.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use crate::util::{Sandbox, on_terminal_in, require_program, stderr_of};

/// `ssh-keygen -t KIND -N PASSPHRASE` into the sandbox; `extra` adds options.
fn keygen(sb: &Sandbox, name: &str, kind: &str, passphrase: &str, extra: &[&str]) -> PathBuf {
    let path = sb.dir.path().join(name);
    let st = StdCommand::new("ssh-keygen")
        .args(["-q", "-t", kind, "-N", passphrase, "-C", name])
        .args(extra)
        .arg("-f")
        .arg(&path)
        .status()
        .unwrap();
    assert!(st.success());
    path
}

/// A store holding `team/token`, with `key`'s public half added as a recipient.
/// Format 1 here; a signed store needs `sesame pin` first (the test at the end).
fn store_for(keys: &[&Path]) -> Sandbox {
    let sb = Sandbox::new();
    sb.ok(["init", "--work-factor", "10", "--format-1"]);
    sb.set("team/token", "tok-123");
    for key in keys {
        let public = fs::read_to_string(key.with_extension("pub")).unwrap();
        sb.ok(["recipients", "add", public.trim()]);
    }
    sb
}

fn with_key(sb: &Sandbox, key: &Path) -> assert_cmd::Command {
    let mut c = sb.cmd_locked();
    c.env("SESAME_IDENTITY_FILE", key);
    c
}

fn ssh_keygen() -> bool {
    require_program("ssh-keygen", "to make SSH keys")
}

#[test]
fn ed25519_and_rsa_keys_open_the_store_and_write_to_it() {
    if !ssh_keygen() {
        return;
    }
    let probe = Sandbox::new();
    let ed = keygen(&probe, "id_ed25519", "ed25519", "", &[]);
    let rsa = keygen(&probe, "id_rsa", "rsa", "", &["-b", "3072"]);
    let pem = keygen(&probe, "id_pem", "rsa", "", &["-m", "PEM", "-b", "2048"]);
    let sb = store_for(&[&ed, &rsa, &pem]);
    for key in [&ed, &rsa, &pem] {
        let out = with_key(&sb, key)
            .args(["get", "team/token"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            key.display(),
            stderr_of(&out)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim_end(), "tok-123");
    }
    // A write by the SSH key, read back with the master password.
    with_key(&sb, &ed)
        .args(["set", "team/new"])
        .write_stdin("from-ssh")
        .assert()
        .success();
    assert_eq!(sb.get("team/new"), "from-ssh");
}

#[test]
fn a_key_that_is_not_a_recipient_opens_nothing() {
    if !ssh_keygen() {
        return;
    }
    let sb = Sandbox::init();
    sb.set("team/token", "tok-123");
    let stranger = keygen(&sb, "id_ed25519", "ed25519", "", &[]);
    let out = with_key(&sb, &stranger)
        .args(["get", "team/token"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(out.stdout.is_empty());
    assert!(
        stderr_of(&out).contains("not among the vault's recipients"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn the_audit_key_of_an_ssh_identity_survives_a_new_passphrase() {
    if !ssh_keygen() {
        return;
    }
    let probe = Sandbox::new();
    let ed = keygen(&probe, "id_ed25519", "ed25519", "", &[]);
    let sb = store_for(&[&ed]);
    with_key(&sb, &ed)
        .args(["set", "team/a"])
        .write_stdin("1")
        .assert()
        .success();
    // The same key, now protected (the file changes, the key does not)…
    let st = StdCommand::new("ssh-keygen")
        .args(["-q", "-p", "-P", "", "-N", "new pass phrase", "-f"])
        .arg(&ed)
        .status()
        .unwrap();
    assert!(st.success());
    // … and back without one: the audit key derived from it is the same, so
    // the records it wrote still verify.
    let st = StdCommand::new("ssh-keygen")
        .args(["-q", "-p", "-P", "new pass phrase", "-N", "", "-f"])
        .arg(&ed)
        .status()
        .unwrap();
    assert!(st.success());
    with_key(&sb, &ed)
        .args(["set", "team/b"])
        .write_stdin("2")
        .assert()
        .success();
    let key_of = |name: &str| -> String {
        let log = fs::read_to_string(sb.file("audit.log")).unwrap();
        log.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .find(|v| v["action"] == "set" && v["secrets"][0]["name"] == name)
            .and_then(|v| v["key"].as_str().map(str::to_owned))
            .unwrap_or_else(|| panic!("no keyed set record for {name}: {log}"))
    };
    assert_eq!(key_of("team/a"), key_of("team/b"));
    assert_ne!(key_of("team/a"), key_of("team/token"));
}

#[test]
fn a_passphrase_is_asked_on_the_terminal_with_retries() {
    if !ssh_keygen() {
        return;
    }
    let probe = Sandbox::new();
    let ed = keygen(&probe, "id_ed25519", "ed25519", "ed pass phrase", &[]);
    let rsa = keygen(&probe, "id_rsa", "rsa", "rsa pass phrase", &["-b", "2048"]);
    let sb = store_for(&[&ed, &rsa]);
    for (key, pass) in [(&ed, "ed pass phrase"), (&rsa, "rsa pass phrase")] {
        let wrapper = format!("env SESAME_IDENTITY_FILE={}", key.display());
        let Some(out) =
            on_terminal_in(&sb, &wrapper, "get team/token", &format!("wrong\n{pass}\n"))
        else {
            return;
        };
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            stderr_of(&out)
        );
        assert!(out.status.success(), "{all}");
        assert!(all.contains("Passphrase for the SSH key"), "{all}");
        assert!(
            all.contains("wrong passphrase; try again (2 tries left)"),
            "{all}"
        );
        assert!(all.contains("tok-123"), "{all}");
        // Three wrong answers end it (exit 3), saying why.
        let out = on_terminal_in(&sb, &wrapper, "get team/token", "a\nb\nc\n").unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            stderr_of(&out)
        );
        assert_eq!(out.status.code(), Some(3), "{all}");
        assert!(all.contains("wrong passphrase for the SSH key"), "{all}");
        assert!(!all.contains("tok-123"), "{all}");
    }
}

#[test]
fn a_protected_key_without_a_terminal_is_a_clear_error() {
    if !ssh_keygen() {
        return;
    }
    let probe = Sandbox::new();
    let ed = keygen(&probe, "id_ed25519", "ed25519", "pass phrase", &[]);
    let sb = store_for(&[&ed]);
    let out = with_key(&sb, &ed)
        .args(["get", "team/token"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(out.stdout.is_empty());
    let err = stderr_of(&out);
    assert!(
        err.contains("is protected by a passphrase, and there is no terminal to ask it"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn unusable_keys_are_named_plainly() {
    if !ssh_keygen() {
        return;
    }
    let sb = Sandbox::init();
    sb.set("team/token", "tok-123");
    let ed = keygen(&sb, "id_ed25519", "ed25519", "", &[]);
    let ec = keygen(&sb, "id_ecdsa", "ecdsa", "", &[]);
    let old = keygen(
        &sb,
        "id_old",
        "rsa",
        "old pass phrase",
        &["-m", "PEM", "-b", "2048"],
    );
    for (key, needle) in [
        (
            ed.with_extension("pub"),
            "is an SSH public key; SESAME_IDENTITY_FILE needs the private key",
        ),
        (
            ec,
            "is an SSH key of type ecdsa-sha2-nistp256, which age cannot use",
        ),
        (old, "old encrypted PEM format"),
    ] {
        let out = with_key(&sb, &key)
            .args(["get", "team/token"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
        assert!(stderr_of(&out).contains(needle), "{}", stderr_of(&out));
        assert!(
            !stderr_of(&out).contains("PRIVATE KEY"),
            "{}",
            stderr_of(&out)
        );
    }
}

#[test]
fn unlock_never_caches_an_ssh_key() {
    if !ssh_keygen() {
        return;
    }
    let probe = Sandbox::new();
    let ed = keygen(&probe, "id_ed25519", "ed25519", "", &[]);
    let sb = store_for(&[&ed]);
    let out = with_key(&sb, &ed).args(["unlock"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("an SSH key is never cached"),
        "{}",
        stderr_of(&out)
    );
}

/// On a signed (format 2) store: the SSH key added with `recipients add`
/// is refused until `sesame pin --admin FINGERPRINT` checks the member list
/// against the admin's fingerprint; then it reads, and still cannot write
/// (a bare recipient signs nothing). A wrong fingerprint pins nothing.
#[test]
fn a_signed_store_reads_with_an_ssh_key_once_pinned() {
    if !ssh_keygen() {
        return;
    }
    let sb = Sandbox::new();
    sb.ok(["init", "--work-factor", "10"]);
    sb.set("team/token", "tok-123");
    let key = keygen(&sb, "id_ed25519", "ed25519", "", &[]);
    let public = fs::read_to_string(key.with_extension("pub")).unwrap();
    sb.ok(["recipients", "add", public.trim()]);
    let admin = sb.json(["member", "list"])[0]["fingerprint"]
        .as_str()
        .unwrap()
        .to_owned();

    let out = with_key(&sb, &key)
        .args(["get", "team/token"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("sesame pin --admin"),
        "{}",
        stderr_of(&out)
    );
    assert!(out.stdout.is_empty());

    let wrong = "ab".repeat(32);
    let out = sb
        .cmd_locked()
        .args(["pin", "--admin", &wrong, "--key"])
        .arg(&key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    let out = with_key(&sb, &key)
        .args(["get", "team/token"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(5),
        "a wrong fingerprint pinned: {}",
        stderr_of(&out)
    );

    let out = sb
        .cmd_locked()
        .args(["pin", "--admin", &admin, "--key"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let out = with_key(&sb, &key)
        .args(["get", "team/token"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim_end(), "tok-123");
    let out = with_key(&sb, &key)
        .args(["set", "team/other"])
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
}
