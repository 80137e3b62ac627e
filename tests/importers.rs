//! `import --from`: pass (a real store made with gpg and pass), passage (made
//! with the age CLI), Bitwarden's JSON export and the CSV exports of 1Password,
//! KeePassXC and LastPass, and any CSV with --map (issue 18).

use std::path::Path;
use std::process::Command;

use predicates::prelude::*;

use crate::util::{Sandbox, assert_success, output_with_stdin, require_program};

/// `sesame import ARGS` with `env`, asserting success; its stdout and stderr.
fn import(sb: &Sandbox, args: &[&str], env: &[(&str, &Path)]) -> (String, String) {
    let mut c = sb.cmd();
    c.arg("import").args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    assert_success(&out);
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn key_id(sb: &Sandbox, name: &str) -> serde_json::Value {
    sb.json(["show", name])["versions"][0]["id"].clone()
}

#[test]
fn pass_store_made_with_gpg_and_pass() {
    if !require_program("gpg", "to make and read a pass store")
        || !require_program("pass", "to make a pass store")
    {
        return;
    }
    let sb = Sandbox::init();
    let gnupg = sb.dir.path().join("gnupg");
    std::fs::create_dir(&gnupg).unwrap();
    std::fs::set_permissions(&gnupg, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    let store = sb.dir.path().join("password-store");
    let tool = |program: &str| {
        let mut c = Command::new(program);
        sb.isolate(&mut c)
            .env("GNUPGHOME", &gnupg)
            .env("PASSWORD_STORE_DIR", &store);
        c
    };
    assert_success(
        &tool("gpg")
            .args(["--batch", "--passphrase", "", "--quick-gen-key"])
            .args([
                "sesame test <test@example.com>",
                "default",
                "default",
                "never",
            ])
            .output()
            .unwrap(),
    );
    assert_success(
        &tool("pass")
            .args(["init", "test@example.com"])
            .output()
            .unwrap(),
    );
    let entry = "hunter2\nlogin: alice\nurl: https://mail.example.com\nsecurity question: blue\n";
    assert_success(&output_with_stdin(
        tool("pass").args(["insert", "-m", "Email/work mail"]),
        entry.as_bytes(),
    ));
    assert_success(&output_with_stdin(
        tool("pass").args(["insert", "-m", "bank"]),
        b"0nly-line\n",
    ));
    let (stdout, stderr) = import(
        &sb,
        &["--from", "pass", "--prefix", "personal"],
        &[("GNUPGHOME", &gnupg), ("PASSWORD_STORE_DIR", &store)],
    );
    assert!(stdout.is_empty());
    assert!(
        !stderr.contains("hunter2") && !stderr.contains("0nly"),
        "{stderr}"
    );
    assert_eq!(sb.get("personal/Email/work_mail"), "hunter2");
    assert_eq!(
        sb.get("personal/Email/work_mail/notes"),
        &entry["hunter2\n".len()..]
    );
    assert_eq!(key_id(&sb, "personal/Email/work_mail"), "alice");
    assert_eq!(
        sb.json(["show", "personal/Email/work_mail"])["secret"]["description"],
        "https://mail.example.com"
    );
    assert_eq!(sb.get("personal/bank"), "0nly-line");
    assert_eq!(
        sb.ok(["list"]).lines().count(),
        3,
        "no notes for a one-line entry"
    );
}

#[test]
fn passage_store_made_with_age() {
    if !require_program("age", "to make a passage store")
        || !require_program("age-keygen", "to make a passage identity")
    {
        return;
    }
    let sb = Sandbox::init();
    let ids = sb.dir.path().join("identities");
    assert_success(
        &Command::new("age-keygen")
            .arg("-o")
            .arg(&ids)
            .output()
            .unwrap(),
    );
    let text = std::fs::read_to_string(&ids).unwrap();
    let recipient = text
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_owned();
    let store = sb.dir.path().join("passage");
    std::fs::create_dir_all(store.join("ci")).unwrap();
    let out = output_with_stdin(
        Command::new("age")
            .args(["-r", &recipient, "-o"])
            .arg(store.join("ci/deploy key.age")),
        b"tok-123\nline two\n",
    );
    assert_success(&out);
    import(
        &sb,
        &["--from", "passage", store.to_str().unwrap()],
        &[("PASSAGE_IDENTITIES_FILE", &ids)],
    );
    assert_eq!(sb.get("ci/deploy_key"), "tok-123");
    assert_eq!(sb.get("ci/deploy_key/notes"), "line two\n");
    // Another identity: refused, nothing stored.
    let other = Sandbox::init();
    let wrong = sb.dir.path().join("wrong");
    assert_success(
        &Command::new("age-keygen")
            .arg("-o")
            .arg(&wrong)
            .output()
            .unwrap(),
    );
    other
        .cmd()
        .env("PASSAGE_IDENTITIES_FILE", &wrong)
        .args(["import", "--from", "passage", store.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("does not decrypt"));
    assert_eq!(other.ok(["list"]), "");
}

const BITWARDEN: &str = r#"{
  "encrypted": false,
  "folders": [{"id": "f1", "name": "Work/Cloud"}],
  "items": [
    {"id": "i1", "folderId": "f1", "type": 1, "name": "AWS console", "notes": "first\n  second\n",
     "login": {"username": "ops@example.com", "password": "aws-pw", "totp": "JBSWY3DPEHPK3PXP",
               "uris": [{"match": null, "uri": "https://console.aws.amazon.com"}]},
     "fields": [{"name": "account id", "value": "123456789012", "type": 0}]},
    {"id": "i2", "folderId": null, "type": 2, "name": "Recovery codes", "notes": "a1\nb2",
     "secureNote": {"type": 0}},
    {"id": "i3", "folderId": null, "type": 3, "name": "Visa",
     "card": {"cardholderName": "A", "number": "4111111111111111", "code": "123"}}
  ]
}"#;

#[test]
fn bitwarden_json_export() {
    let sb = Sandbox::init();
    let file = sb.dir.path().join("bw.json");
    std::fs::write(&file, BITWARDEN).unwrap();
    let (stdout, stderr) = import(&sb, &["--from", "bitwarden", file.to_str().unwrap()], &[]);
    assert!(stdout.is_empty());
    assert!(
        !stderr.contains("aws-pw") && !stderr.contains("4111"),
        "{stderr}"
    );
    assert_eq!(sb.get("Work/Cloud/AWS_console"), "aws-pw");
    assert_eq!(key_id(&sb, "Work/Cloud/AWS_console"), "ops@example.com");
    assert_eq!(sb.get("Work/Cloud/AWS_console/notes"), "first\n  second\n");
    assert_eq!(sb.get("Work/Cloud/AWS_console/totp"), "JBSWY3DPEHPK3PXP");
    assert_eq!(
        sb.get("Work/Cloud/AWS_console/fields/account_id"),
        "123456789012"
    );
    assert_eq!(sb.get("Recovery_codes"), "a1\nb2");
    let card: serde_json::Value = serde_json::from_str(&sb.get("Visa")).unwrap();
    assert_eq!(card["number"], "4111111111111111");
    // Imported twice: the names exist, nothing changes.
    let before = sb.snapshot();
    sb.cmd()
        .args(["import", "--from", "bitwarden", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("exist already"));
    assert_eq!(before, sb.snapshot());
    // An encrypted export is refused.
    std::fs::write(
        &file,
        r#"{"encrypted": true, "encKeyValidation_DO_NOT_EDIT": "x"}"#,
    )
    .unwrap();
    sb.cmd()
        .args(["import", "--from", "bitwarden", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("encrypted Bitwarden export"));
}

#[test]
fn csv_presets_and_map() {
    let sb = Sandbox::init();
    let write = |name: &str, text: &str| {
        let p = sb.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_owned()
    };
    let op = write(
        "1p.csv",
        "Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes\r\n\
         GitHub,https://github.com,octo,\"p,w\"\"1\",,false,false,,\"two\r\nlines\"\r\n",
    );
    import(
        &sb,
        &["--from", "1password-csv", &op, "--prefix", "op"],
        &[],
    );
    assert_eq!(sb.get("op/GitHub"), "p,w\"1");
    assert_eq!(sb.get("op/GitHub/notes"), "two\r\nlines");
    assert_eq!(key_id(&sb, "op/GitHub"), "octo");

    let kp = write(
        "kp.csv",
        "\"Group\",\"Title\",\"Username\",\"Password\",\"URL\",\"Notes\",\"TOTP\",\"Icon\",\"Last Modified\",\"Created\"\n\
         \"Root/Servers\",\"db 1\",\"root\",\"kp-pw\",\"\",\"\",\"\",\"0\",\"2024-01-01\",\"2024-01-01\"\n",
    );
    import(&sb, &["--from", "keepassxc-csv", &kp], &[]);
    assert_eq!(sb.get("Servers/db_1"), "kp-pw");

    let lp = write(
        "lp.csv",
        "url,username,password,totp,extra,name,grouping,fav\n\
         https://x.example,bob,lp-pw,,,X site,Shared\\Team,0\n\
         http://sn,,,,\"note line 1\nnote line 2\",Wifi,,0\n",
    );
    import(&sb, &["--from", "lastpass-csv", &lp, "--prefix", "lp"], &[]);
    assert_eq!(sb.get("lp/Shared/Team/X_site"), "lp-pw");
    assert_eq!(sb.get("lp/Wifi"), "note line 1\nnote line 2");

    let any = write("any.csv", "Service;x,Secret,Login\nmail,m-pw,me\n");
    import(
        &sb,
        &[
            "--from",
            "csv",
            &any,
            "--map",
            "name=Service;x,value=secret,username=Login",
            "--prefix",
            "c",
        ],
        &[],
    );
    assert_eq!(sb.get("c/mail"), "m-pw");
    assert_eq!(key_id(&sb, "c/mail"), "me");
}

#[test]
fn all_or_nothing_and_no_value_in_errors() {
    let sb = Sandbox::init();
    let clash = sb.dir.path().join("clash.csv");
    std::fs::write(
        &clash,
        "Title,Password\nmy site,secret-1\nmy_site,secret-2\nok,secret-3\n",
    )
    .unwrap();
    let before = sb.snapshot();
    let out = sb
        .cmd()
        .args(["import", "--from", "1password-csv"])
        .arg(&clash)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("my_site (line 2 (my site), line 3 (my_site))"),
        "{err}"
    );
    assert!(!err.contains("secret-"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert_eq!(before, sb.snapshot());

    let broken = sb.dir.path().join("broken.csv");
    std::fs::write(&broken, "Title,Password\nx,\"zz-value-zz\n").unwrap();
    sb.cmd()
        .args(["import", "--from", "1password-csv"])
        .arg(&broken)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("line 2"))
        .stderr(predicates::str::contains("zz-value-zz").not());
    sb.cmd()
        .args(["import", "--from", "csv"])
        .arg(&broken)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--map"));
    assert_eq!(before, sb.snapshot());
}

/// An export cannot plant a secret the credential helpers serve (a folder
/// `git/https` and an item `github.com`) unless a --prefix puts it elsewhere.
#[test]
fn exports_cannot_plant_helper_names() {
    let sb = Sandbox::init();
    let file = sb.dir.path().join("bw.json");
    std::fs::write(
        &file,
        r#"{"encrypted": false, "folders": [{"id": "f1", "name": "git/https"}],
  "items": [{"id": "i1", "folderId": "f1", "type": 1, "name": "github.com",
             "login": {"username": "mallory", "password": "planted-pw"}}]}"#,
    )
    .unwrap();
    let before = sb.snapshot();
    let out = sb
        .cmd()
        .args(["import", "--from", "bitwarden"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("git/https/github.com") && err.contains("--prefix"),
        "{err}"
    );
    assert!(!err.contains("planted-pw"), "{err}");
    assert_eq!(before, sb.snapshot());
    for csv in [
        "Title,Password\ndocker/r.io,x\n",
        "Title,Password\nAWS/prod,x\n",
    ] {
        let f = sb.dir.path().join("e.csv");
        std::fs::write(&f, csv).unwrap();
        sb.cmd()
            .args(["import", "--from", "1password-csv"])
            .arg(&f)
            .assert()
            .code(2);
    }
    assert_eq!(before, sb.snapshot());
    // Under a prefix it is an ordinary secret.
    sb.cmd()
        .args(["import", "--from", "bitwarden", "--prefix", "bw"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(sb.get("bw/git/https/github.com"), "planted-pw");
}

/// A passage (or pass) entry that is a link: imported when it leads to an
/// entry of the same store, refused (never skipped unsaid) when it leads out.
#[test]
fn linked_entries_are_imported_or_refused() {
    if !require_program("age", "to make a passage store")
        || !require_program("age-keygen", "to make a passage identity")
    {
        return;
    }
    let sb = Sandbox::init();
    let ids = sb.dir.path().join("identities");
    assert_success(
        &Command::new("age-keygen")
            .arg("-o")
            .arg(&ids)
            .output()
            .unwrap(),
    );
    let text = std::fs::read_to_string(&ids).unwrap();
    let recipient = text
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_owned();
    let store = sb.dir.path().join("passage");
    std::fs::create_dir_all(store.join("ci")).unwrap();
    let age = |path: &Path| {
        assert_success(&output_with_stdin(
            Command::new("age").args(["-r", &recipient, "-o"]).arg(path),
            b"tok-123\n",
        ))
    };
    age(&store.join("ci/deploy.age"));
    std::os::unix::fs::symlink("deploy.age", store.join("ci/alias.age")).unwrap();
    let outside = sb.dir.path().join("outside.age");
    age(&outside);
    std::os::unix::fs::symlink(&outside, store.join("ci/out.age")).unwrap();
    let before = sb.snapshot();
    let out = sb
        .cmd()
        .env("PASSAGE_IDENTITIES_FILE", &ids)
        .args(["import", "--from", "passage"])
        .arg(&store)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("out.age") && err.contains("link"), "{err}");
    assert_eq!(before, sb.snapshot());
    std::fs::remove_file(store.join("ci/out.age")).unwrap();
    import(
        &sb,
        &["--from", "passage", store.to_str().unwrap()],
        &[("PASSAGE_IDENTITIES_FILE", &ids)],
    );
    assert_eq!(sb.get("ci/deploy"), "tok-123");
    assert_eq!(sb.get("ci/alias"), "tok-123");
}
