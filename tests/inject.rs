//! Issue 18, part two: `sesame inject` templates (read back by python's json
//! and yaml and by sh, bash, dash and zsh), `run --env-file` (python-dotenv's
//! reading, approval, masking, precedence) and `aws-credentials` resolved by
//! botocore through `credential_process`.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{
    PASSWORD, Sandbox, contains, on_terminal, require_program, sesame_bin, stderr_of, stdout_ok,
    strict,
};

/// A value that needs every escape: quotes, a backslash, `$(…)`, a
/// backtick, a tab, control characters, a line break, non-ASCII, U+0085 and
/// U+2028 (line breaks to YAML).
const WEIRD: &str =
    "it's \"q\" \\ $(touch pwned) `id` $HOME\t\u{1}\u{7f} é ☃ \u{85}\u{2028} end\nsecond line";

fn store() -> Sandbox {
    let sb = Sandbox::init();
    sb.set("app/db", "db-value-1234");
    sb.set_with(
        "aws/prod/deploy",
        ["--id", "AKIAEXAMPLE123"],
        "secret-key-abcdef",
    );
    sb.set("weird", WEIRD);
    sb
}

fn write(sb: &Sandbox, name: &str, text: &str) -> PathBuf {
    let p = sb.dir.path().join(name);
    fs::write(&p, text).unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Whether python3 can import `module` (skipped, or a failure when strict).
fn python_has(module: &str, package: &str) -> bool {
    if !require_program("python3", "reads what sesame wrote") {
        return false;
    }
    let ok = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            !strict(),
            "{package} is required (pip install {package}) and SESAME_TEST_STRICT=1"
        );
        eprintln!("SKIPPED: {package} not installed (pip install {package})");
    }
    ok
}

/// `python3 -c CODE FILE`'s stdout, parsed as JSON.
fn python_json(code: &str, file: &Path) -> serde_json::Value {
    let out = Command::new("python3")
        .args(["-c", code, s(file)])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn audit_actions(sb: &Sandbox) -> Vec<String> {
    fs::read_to_string(sb.file("audit.log"))
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["action"].as_str().unwrap().to_owned()
        })
        .collect()
}

// --- inject ---

#[test]
fn inject_renders_references_and_leaves_other_braces() {
    let sb = store();
    let tpl = write(
        &sb,
        "app.conf.tpl",
        "db = {{ sesame://app/db }}\nkey_id={{sesame://aws/prod/deploy#id}}\nhelm: {{ .Values.x }} {{ sesame://app/db }}\n",
    );
    let out = sb.ok(["inject", "-i", s(&tpl)]);
    assert_eq!(
        out,
        "db = db-value-1234\nkey_id=AKIAEXAMPLE123\nhelm: {{ .Values.x }} db-value-1234\n"
    );
    // From stdin too, and recorded as an inject.
    let piped = stdout_ok(
        sb.cmd()
            .arg("inject")
            .write_stdin("x={{ sesame://app/db }}"),
    );
    assert_eq!(piped, "x=db-value-1234");
    assert_eq!(audit_actions(&sb).last().unwrap(), "inject");
}

#[test]
fn inject_writes_a_private_file_atomically() {
    let sb = store();
    let tpl = write(&sb, "t", "v={{ sesame://app/db }}\n");
    let target = write(&sb, "out.conf", "old contents\n");
    fs::set_permissions(&target, fs::Permissions::from_mode(0o644)).unwrap();
    let ino_before = fs::metadata(&target).unwrap().ino();
    let out = sb
        .cmd()
        .args(["inject", "-i", s(&tpl), "-o", s(&target)])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    assert_eq!(fs::read_to_string(&target).unwrap(), "v=db-value-1234\n");
    let meta = fs::metadata(&target).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert_ne!(
        meta.ino(),
        ino_before,
        "a new file renamed over the old one"
    );
    // No temporary file is left beside it.
    let names: Vec<String> = fs::read_dir(sb.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn inject_reports_every_unusable_reference_at_once_and_writes_nothing() {
    let sb = store();
    sb.set_with("old/key", ["--expires", "1s"], "expired-value-xyz");
    sb.set("gone/key", "revoked-value-xyz");
    sb.ok(["revoke", "gone/key", "--yes", "--force"]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let tpl = write(
        &sb,
        "t",
        "a={{ sesame://app/db }}\nb={{ sesame://no/such }}\nc={{ sesame://gone/key | json }}\nd={{ sesame://old/key }}\ne={{ sesame://no/such }}\n",
    );
    let target = write(&sb, "out", "untouched\n");
    let out = sb
        .cmd()
        .args(["inject", "-i", s(&tpl), "-o", s(&target)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "a missing one makes it exit 4");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("3 references cannot be rendered"), "{err}");
    assert!(err.contains("'no/such' is missing (lines 2, 5)"), "{err}");
    assert!(err.contains("'gone/key' is revoked (line 3)"), "{err}");
    assert!(err.contains("'old/key' expired at"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    for v in ["db-value", "expired-value", "revoked-value"] {
        assert!(!err.contains(v));
    }
    assert_eq!(fs::read_to_string(&target).unwrap(), "untouched\n");
    // Only revoked or expired: exit 6.
    let tpl = write(&sb, "t2", "{{ sesame://gone/key }}{{ sesame://old/key }}");
    sb.exits(["inject", "-i", s(&tpl)], 6).stdout("");
}

#[test]
fn inject_refuses_a_malformed_template_naming_the_place() {
    let sb = store();
    let tpl = write(
        &sb,
        "t",
        "ok {{ sesame://app/db }}\n  x {{ sesame://app/db | base64 }}\n",
    );
    let target = sb.dir.path().join("never");
    sb.fails(
        ["inject", "-i", s(&tpl), "-o", s(&target)],
        2,
        "line 2, column 5: unknown filter 'base64' in the reference to 'app/db'",
    );
    assert!(!target.exists());
    let tpl = write(&sb, "t", "{{ sesame://app/db\n}}");
    sb.fails(
        ["inject", "-i", s(&tpl)],
        2,
        "is not closed with }} on its line",
    );
}

#[test]
fn json_and_yaml_filters_read_back_exactly() {
    let sb = store();
    let tpl = write(
        &sb,
        "t",
        "{\"v\": {{ sesame://weird | json }}, \"id\": {{ sesame://aws/prod/deploy#id | json }}}\n",
    );
    let json = write(&sb, "out.json", "");
    sb.ok(["inject", "-i", s(&tpl), "-o", s(&json)]);
    let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v["v"], WEIRD);
    assert_eq!(v["id"], "AKIAEXAMPLE123");
    if python_has("json", "python3") {
        let back = python_json(
            "import json,sys; print(json.dumps(json.load(open(sys.argv[1]))['v']))",
            &json,
        );
        assert_eq!(back, WEIRD, "python's json");
    }
    if python_has("yaml", "pyyaml") {
        let tpl = write(
            &sb,
            "t.yaml",
            "app:\n  v: {{ sesame://weird | yaml }}\n  list: [{{ sesame://weird|yaml }}]\n",
        );
        let yaml = write(&sb, "out.yaml", "");
        sb.ok(["inject", "-i", s(&tpl), "-o", s(&yaml)]);
        let back = python_json(
            "import json,sys,yaml; d=yaml.safe_load(open(sys.argv[1], encoding='utf-8'))['app']; print(json.dumps([d['v'], d['list'][0]]))",
            &yaml,
        );
        assert_eq!(back, serde_json::json!([WEIRD, WEIRD]), "python's yaml");
    }
}

#[test]
fn shell_filter_is_one_literal_word_in_every_shell() {
    let sb = store();
    let tpl = write(
        &sb,
        "t",
        "V={{ sesame://weird | shell }}\nprintf %s \"$V\"\n",
    );
    let script = write(&sb, "script.sh", "");
    sb.ok(["inject", "-i", s(&tpl), "-o", s(&script)]);
    let mut ran = 0;
    for shell in ["sh", "bash", "dash", "zsh"] {
        if !require_program(shell, "reads `| shell` words") {
            continue;
        }
        let out = Command::new(shell)
            .arg(s(&script))
            .current_dir(sb.dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), WEIRD, "{shell}");
        ran += 1;
    }
    assert!(ran > 0);
    assert!(
        !sb.dir.path().join("pwned").exists(),
        "nothing in the value ran"
    );
}

#[test]
fn inject_prints_to_a_terminal_only_when_asked() {
    let sb = store();
    let tpl = write(&sb, "t", "v={{ sesame://app/db }}\n");
    let Some(out) = on_terminal(&sb, &format!("inject -i {}", s(&tpl)), "") else {
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains("not printing the rendered secrets to the terminal"),
        "{text}"
    );
    assert!(!text.contains("db-value-1234"), "{text}");
}

#[test]
fn inject_fails_inside_run_with_exit_3() {
    let sb = store();
    let tpl = write(&sb, "t", "v={{ sesame://app/db }}\n");
    let out = sb
        .cmd()
        .args(["run", "-s", "app/db=DB", "--"])
        .arg(sesame_bin())
        .args(["--store", s(&sb.store), "inject", "-i", s(&tpl)])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// --- run --env-file ---

const ENV_FILE: &str = "\
# the app's variables
export DATABASE_URL=sesame://app/db
AWS_ACCESS_KEY_ID='sesame://aws/prod/deploy#id'
AWS_SECRET_ACCESS_KEY=\"sesame://aws/prod/deploy\"
PORT=3000 # a comment
GREETING=\"two\\nlines\"
NOT_A_REF='x sesame://app/db'
";

/// The child's view of `vars`, as JSON, from `sesame run ARGS -- python3`.
fn child_env(sb: &Sandbox, args: &[&str], vars: &[&str]) -> serde_json::Value {
    let code =
        format!("import json,os; print(json.dumps({{k: os.environ.get(k) for k in {vars:?}}}))");
    let out =
        stdout_ok(
            sb.cmd()
                .arg("run")
                .args(args)
                .args(["--no-mask", "--", "python3", "-c", &code]),
        );
    serde_json::from_str(&out).unwrap()
}

#[test]
fn env_file_references_resolve_and_plain_values_pass_through() {
    if !require_program("python3", "reads the child's environment") {
        return;
    }
    let sb = store();
    let f = write(&sb, ".env", ENV_FILE);
    sb.ok(["allow", s(&f)]);
    let got = child_env(
        &sb,
        &["--env-file", s(&f)],
        &[
            "DATABASE_URL",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "PORT",
            "GREETING",
            "NOT_A_REF",
        ],
    );
    assert_eq!(
        got,
        serde_json::json!({
            "DATABASE_URL": "db-value-1234",
            "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE123",
            "AWS_SECRET_ACCESS_KEY": "secret-key-abcdef",
            "PORT": "3000",
            "GREETING": "two\nlines",
            "NOT_A_REF": "x sesame://app/db",
        })
    );
    // The plain values are what python-dotenv reads from the same file.
    if python_has("dotenv", "python-dotenv") {
        let dotenv = python_json(
            "import json,sys,dotenv; print(json.dumps(dotenv.dotenv_values(sys.argv[1])))",
            &f,
        );
        for k in ["PORT", "GREETING", "NOT_A_REF"] {
            assert_eq!(dotenv[k], got[k], "{k}");
        }
        assert_eq!(dotenv["DATABASE_URL"], "sesame://app/db");
    }
}

#[test]
fn env_file_secrets_are_masked_and_plain_values_are_not() {
    let sb = store();
    let f = write(&sb, ".env", "DB=sesame://app/db\nPORT=3000\n");
    sb.ok(["allow", s(&f)]);
    let out = stdout_ok(sb.cmd().args([
        "run",
        "--env-file",
        s(&f),
        "--",
        "sh",
        "-c",
        "echo \"db=$DB port=$PORT\"",
    ]));
    assert_eq!(out, "db=*** port=3000\n");
    // The audit record names the secret handed out, and nothing for PORT.
    let log = fs::read_to_string(sb.file("audit.log")).unwrap();
    let run: serde_json::Value = serde_json::from_str(log.lines().last().unwrap()).unwrap();
    assert_eq!(run["action"], "run");
    let text = run.to_string();
    assert!(text.contains("app/db"), "{text}");
    assert!(!text.contains("\"\"") && !text.contains("3000"), "{text}");
}

#[test]
fn an_env_file_with_references_needs_approval_by_content() {
    let sb = store();
    let f = write(&sb, "cloned.env", "TOKEN=sesame://aws/prod/deploy\n");
    let marker = sb.dir.path().join("ran");
    let run = |sb: &Sandbox| {
        sb.cmd()
            .args(["run", "--env-file", s(&f), "--", "touch", s(&marker)])
            .output()
            .unwrap()
    };
    let out = run(&sb);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is not approved (new, or changed since it was approved); it would inject:"),
        "{err}"
    );
    assert!(err.contains("TOKEN <- aws/prod/deploy"), "{err}");
    assert!(err.contains("sesame allow --sha256 "), "{err}");
    assert!(!marker.exists(), "nothing ran");
    // Approved as it is: it runs.
    sb.ok(["allow", s(&f)]);
    assert!(run(&sb).status.success());
    assert!(marker.exists());
    fs::remove_file(&marker).unwrap();
    let listed = sb.json(["allow", "--list"]);
    assert!(
        listed.to_string().contains("\"status\":\"approved\""),
        "{listed}"
    );
    // Withdrawn, refused; approved again.
    sb.ok(["deny", s(&f)]);
    assert_eq!(run(&sb).status.code(), Some(2));
    sb.ok(["allow", s(&f)]);
    assert!(run(&sb).status.success());
    fs::remove_file(&marker).unwrap();
    // Changed by someone else: refused again.
    fs::write(&f, "TOKEN=sesame://app/db\n").unwrap();
    assert_eq!(run(&sb).status.code(), Some(2));
    assert!(!marker.exists());
    // `--sha256` approves only the content reviewed.
    sb.fails(
        ["allow", "--sha256", &"0".repeat(64), s(&f)],
        2,
        "has changed",
    );
    // In CI: pinned by its SHA-256.
    let sha = sha256_hex(&fs::read(&f).unwrap());
    let out = sb
        .cmd()
        .env(
            "SESAME_ENV_FILE_SHA256",
            format!("{},{sha}", "1".repeat(64)),
        )
        .args(["run", "--env-file", s(&f), "--", "touch", s(&marker)])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(marker.exists());
    // A file without references is only variables: no approval needed.
    let plain = write(&sb, "plain.env", "PORT=3000\n");
    sb.ok(["run", "--env-file", s(&plain), "--no-mask", "--", "true"]);
    // A link does not borrow the approval of the file it points to.
    let link = sb.dir.path().join("link.env");
    std::os::unix::fs::symlink(&f, &link).unwrap();
    sb.fails(
        ["run", "--env-file", s(&link), "--", "true"],
        2,
        "is a symbolic link",
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    use std::io::Write;
    let mut child = Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_owned()
}

#[test]
fn every_unusable_reference_in_an_env_file_is_reported_before_anything_runs() {
    let sb = store();
    sb.set("gone/key", "revoked-value-xyz");
    sb.ok(["revoke", "gone/key", "--yes", "--force"]);
    let f = write(
        &sb,
        ".env",
        "A=sesame://app/db\nB=sesame://no/such\nC=sesame://gone/key\n",
    );
    sb.ok(["allow", s(&f)]);
    let marker = sb.dir.path().join("ran");
    let out = sb
        .cmd()
        .args(["run", "--env-file", s(&f), "--", "touch", s(&marker)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2 selected secrets cannot be handed out"),
        "{err}"
    );
    assert!(err.contains("'no/such' is missing (B, "), "{err}");
    assert!(err.contains(".env:2)"), "{err}");
    assert!(err.contains("'gone/key' is revoked (C, "), "{err}");
    assert!(!marker.exists());
    // A malformed reference is an error, not text.
    let bad = write(&sb, "bad.env", "A=1\nB=sesame://Bad Name\n");
    sb.fails(
        ["run", "--env-file", s(&bad), "--", "true"],
        2,
        "line 2 (B):",
    );
}

#[test]
fn precedence_project_then_env_files_then_prefix_then_flags() {
    if !require_program("python3", "reads the child's environment") {
        return;
    }
    let sb = store();
    sb.set_with("p/one", ["--env", "ONE"], "from-prefix");
    let repo = sb.dir.path().join("repo");
    fs::create_dir_all(repo.join(".git")).unwrap();
    fs::write(
        repo.join("sesame.toml"),
        "[env]\nONE = \"app/db\"\nTWO = \"app/db\"\nTHREE = \"app/db\"\n",
    )
    .unwrap();
    let f1 = repo.join("a.env");
    fs::write(
        &f1,
        "TWO=from-file-a\nTHREE=from-file-a\nFOUR=from-file-a\n",
    )
    .unwrap();
    let f2 = repo.join("b.env");
    fs::write(&f2, "THREE=from-file-b\n").unwrap();
    sb.cmd().current_dir(&repo).arg("allow").assert().success();
    let code = "import json,os; print(json.dumps([os.environ.get(k) for k in ['ONE','TWO','THREE','FOUR']]))";
    let out = stdout_ok(sb.cmd().current_dir(&repo).args([
        "run",
        "--env-file",
        "a.env",
        "--env-file",
        "b.env",
        "--no-mask",
        "--",
        "python3",
        "-c",
        code,
    ]));
    let got: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        got,
        serde_json::json!(["db-value-1234", "from-file-a", "from-file-b", "from-file-a"])
    );
    // --prefix over the files, -s over everything.
    let out = stdout_ok(sb.cmd().current_dir(&repo).args([
        "run",
        "--env-file",
        "a.env",
        "--prefix",
        "p/",
        "-s",
        "app/db=FOUR",
        "--no-mask",
        "--",
        "python3",
        "-c",
        code,
    ]));
    let got: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        got,
        serde_json::json!(["from-prefix", "from-file-a", "from-file-a", "db-value-1234"])
    );
}

#[test]
fn env_prints_an_env_file_resolved() {
    let sb = store();
    let f = write(&sb, ".env", "DB=sesame://app/db\nPORT=3000\n");
    sb.ok(["allow", s(&f)]);
    let out = sb.ok(["env", "--no-project", "--env-file", s(&f)]);
    assert_eq!(out, "DB='db-value-1234'\nPORT='3000'\n");
}

// --- aws-credentials ---

#[test]
fn aws_credentials_prints_the_credential_process_json() {
    let sb = store();
    let out = sb.ok(["aws-credentials", "aws/prod/deploy"]);
    assert_eq!(
        out,
        "{\"Version\":1,\"AccessKeyId\":\"AKIAEXAMPLE123\",\"SecretAccessKey\":\"secret-key-abcdef\"}\n"
    );
    // A session token and an expiry, when stored.
    sb.set("aws/prod/deploy/session_token", "session-token-xyz");
    sb.ok([
        "edit",
        "aws/prod/deploy",
        "--expires",
        "2099-01-02T03:04:05Z",
    ]);
    let v: serde_json::Value =
        serde_json::from_str(&sb.ok(["aws-credentials", "aws/prod/deploy"])).unwrap();
    assert_eq!(v["SessionToken"], "session-token-xyz");
    assert_eq!(v["Expiration"], "2099-01-02T03:04:05Z");
    assert_eq!(audit_actions(&sb).last().unwrap(), "get");
}

#[test]
fn aws_credentials_refuses_what_it_cannot_hand_out() {
    let sb = store();
    sb.fails(
        ["aws-credentials", "app/db"],
        2,
        "'app/db' has no key id, which is the access key id",
    );
    sb.exits(["aws-credentials", "no/such"], 4);
    sb.ok(["revoke", "aws/prod/deploy", "--yes", "--force"]);
    sb.exits(["aws-credentials", "aws/prod/deploy"], 6)
        .stdout("");
}

#[test]
fn aws_credentials_fails_inside_run_with_exit_3() {
    let sb = store();
    let out = sb
        .cmd()
        .args(["run", "-s", "app/db=DB", "--"])
        .arg(sesame_bin())
        .args([
            "--store",
            s(&sb.store),
            "aws-credentials",
            "aws/prod/deploy",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("secret-key"));
}

/// botocore (the AWS SDK for Python, under the AWS CLI) resolving a profile
/// whose `credential_process` is sesame: no network, only the credential chain.
#[test]
fn botocore_resolves_a_profile_through_credential_process() {
    if !python_has("botocore", "botocore") {
        return;
    }
    let sb = store();
    sb.set("aws/prod/deploy/session_token", "session-token-xyz");
    sb.ok([
        "edit",
        "aws/prod/deploy",
        "--expires",
        "2099-01-02T03:04:05Z",
    ]);
    let config = write(
        &sb,
        "aws-config",
        &format!(
            "[profile prod]\ncredential_process = {} aws-credentials aws/prod/deploy\n",
            sesame_bin().display()
        ),
    );
    let code = "import json, botocore.session\n\
                s = botocore.session.Session(profile='prod')\n\
                c = s.get_credentials()\n\
                f = c.get_frozen_credentials()\n\
                print(json.dumps([c.method, f.access_key, f.secret_key, f.token, str(getattr(c, '_expiry_time', None))]))";
    let mut cmd = Command::new("python3");
    sb.isolate(&mut cmd)
        .env("SESAME_PASSWORD", PASSWORD)
        .env("AWS_CONFIG_FILE", &config)
        .env("AWS_SHARED_CREDENTIALS_FILE", sb.dir.path().join("none"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .args(["-c", code]);
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        got,
        serde_json::json!([
            "custom-process",
            "AKIAEXAMPLE123",
            "secret-key-abcdef",
            "session-token-xyz",
            "2099-01-02 03:04:05+00:00"
        ])
    );
}

/// The integrations from a shell that is unlocked (the cached unlock, no
/// password in the environment), and never from a program `sesame run`
/// started, even one that links the user keyring into its session.
#[test]
fn from_an_unlocked_shell_and_never_from_a_child_of_run() {
    if !crate::util::unlock_can_be_cached() {
        return;
    }
    let sb = store();
    sb.ok(["unlock", "--timeout", "5m"]);
    let out = stdout_ok(sb.cmd_locked().args(["aws-credentials", "aws/prod/deploy"]));
    assert!(out.contains("\"AccessKeyId\":\"AKIAEXAMPLE123\""), "{out}");
    let out = stdout_ok(
        sb.cmd_locked()
            .arg("inject")
            .write_stdin("{{ sesame://app/db }}"),
    );
    assert_eq!(out, "db-value-1234");
    for (what, input) in [
        ("aws-credentials aws/prod/deploy", ""),
        ("inject", "{{ sesame://app/db }}"),
    ] {
        let script = format!(
            "keyctl link @u @s >/dev/null 2>&1; printf %s '{input}' | {} --store {} {what}",
            sesame_bin().display(),
            sb.store.display()
        );
        let out = sb
            .cmd_locked()
            .args([
                "run",
                "-s",
                "app/db=DB",
                "--no-mask",
                "--",
                "sh",
                "-c",
                &script,
            ])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(3),
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            !stdout.contains("secret-key-abcdef") && !stdout.contains("db-value"),
            "{stdout}"
        );
    }
    sb.cmd_locked().arg("lock").assert().success();
}

// --- the filters over generated values ---

/// Values made of the pieces that break quoting.
fn filter_value() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        Just("v"),
        Just(" "),
        Just("\t"),
        Just("\n"),
        Just("\r"),
        Just("'"),
        Just("\""),
        Just("\\"),
        Just("${A}"),
        Just("$(id)"),
        Just("`id`"),
        Just("#"),
        Just(": "),
        Just("- "),
        Just("{{ sesame://p/v0 }}"),
        Just("\u{1}"),
        Just("\u{7f}"),
        Just("\0"),
        Just("\u{1b}[0m"),
        Just("é€😀"),
        Just("\u{85}"),
        Just("\u{a0}"),
        Just("\u{2028}"),
        Just("\u{feff}"),
    ];
    proptest::collection::vec(piece, 1..8).prop_map(|p| p.concat())
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
}

/// Render `template` with `inject`: `None` when refused with exit 2.
fn render(sb: &Sandbox, template: &str) -> Option<Vec<u8>> {
    let out = sb
        .cmd()
        .arg("inject")
        .write_stdin(template)
        .output()
        .unwrap();
    match out.status.code() {
        Some(0) => Some(out.stdout),
        Some(2) => None,
        other => panic!(
            "inject exited {other:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// Every value through `| json` and `| yaml` read back by python's json and
/// PyYAML, and through `| shell` by sh, dash, bash and zsh: exactly the
/// stored value, or (`| shell` only, for a NUL) a refusal.
#[test]
fn filters_read_back_exactly_for_generated_values() {
    use proptest::test_runner::{Config, TestRunner};
    if !python_has("yaml", "pyyaml") {
        return;
    }
    let shells: Vec<&str> = ["sh", "dash", "bash", "zsh"]
        .into_iter()
        .filter(|s| on_path(s))
        .collect();
    let sb = Sandbox::init();
    let mut runner = TestRunner::new(Config {
        cases: 16,
        failure_persistence: None,
        max_shrink_iters: 32,
        ..Config::default()
    });
    let values = proptest::collection::vec(filter_value(), 1..4);
    runner
        .run(&values, |values| {
            // What sesame holds is the truth (`set` drops one trailing
            // newline); a value it refuses (empty once that is dropped, as
            // "\r" is) is left out.
            let mut stored = Vec::new();
            for v in &values {
                let name = format!("p/v{}", stored.len());
                let ok = sb
                    .cmd()
                    .args(["set", &name])
                    .write_stdin(format!("{v}\n"))
                    .output()
                    .unwrap()
                    .status
                    .success();
                if ok {
                    stored.push(sb.get(&name));
                }
            }
            if stored.is_empty() {
                return Ok(());
            }
            let refs = |filter: &str, sep: &str| -> String {
                (0..stored.len())
                    .map(|i| format!("{{{{ sesame://p/v{i} | {filter} }}}}"))
                    .collect::<Vec<_>>()
                    .join(sep)
            };
            let want = serde_json::json!(stored);
            let json = render(&sb, &format!("[{}]\n", refs("json", ", "))).expect("json renders");
            let yaml = render(&sb, &format!("- {}\n", refs("yaml", "\n- "))).expect("yaml renders");
            for (code, bytes) in [
                ("import json,sys; print(json.dumps(json.load(open(sys.argv[1], encoding='utf-8'))))", json),
                ("import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))))", yaml),
            ] {
                let file = sb.dir.path().join("rendered");
                fs::write(&file, &bytes).unwrap();
                let got = python_json(code, &file);
                proptest::prop_assert_eq!(&got, &want, "{}", String::from_utf8_lossy(&bytes));
            }
            let vars: Vec<String> = (0..stored.len())
                .map(|i| format!("V{i}={{{{ sesame://p/v{i} | shell }}}}"))
                .collect();
            let Some(script) = render(&sb, &(vars.join("\n") + "\n")) else {
                proptest::prop_assert!(stored.iter().any(|v| v.contains('\0')), "refused without a NUL");
                return Ok(());
            };
            let file = sb.dir.path().join("vars.sh");
            fs::write(&file, &script).unwrap();
            for shell in &shells {
                for (i, v) in stored.iter().enumerate() {
                    let out = Command::new(shell)
                        .arg("-c")
                        .arg(format!(". {}; printf %s \"$V{i}\"", file.display()))
                        .env_clear()
                        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                        .env("LANG", "C.UTF-8")
                        .output()
                        .unwrap();
                    proptest::prop_assert_eq!(String::from_utf8_lossy(&out.stdout), v.as_str(), "{}", shell);
                }
            }
            Ok(())
        })
        .unwrap();
}

/// The approval covers what the file says: a value that becomes a reference
/// only through `${…}` expansion (or a reference whose name comes from the
/// environment) is refused, so the environment can't pick what is injected.
#[test]
fn an_env_file_reference_made_by_expansion_is_refused() {
    let sb = store();
    for text in [
        "X=${REF:-sesame://app/db}\n",
        "X=sesame://${WHICH}\n",
        "X=\"${REF}\"\n",
    ] {
        let f = write(&sb, ".env-x", text);
        // Approved as written (whatever `allow` makes of it).
        let _ = sb.cmd().args(["allow", s(&f)]).output().unwrap();
        let out = sb
            .cmd()
            .env("REF", "sesame://weird")
            .env("WHICH", "weird")
            .args([
                "run",
                "--env-file",
                s(&f),
                "--",
                "sh",
                "-c",
                "printf %s \"$X\"",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}: {}", stderr_of(&out));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("expansion is refused"),
            "{text}: {}",
            stderr_of(&out)
        );
        assert!(
            !contains(&out.stdout, b"it's"),
            "{text}: a value was injected"
        );
    }
}

/// `-o` never replaces a symbolic link or a non-regular file; `-o -` is stdout.
#[test]
fn inject_output_is_a_regular_file_or_stdout() {
    let sb = store();
    let tpl = write(&sb, "t", "v={{ sesame://app/db }}\n");
    let target = write(&sb, "real.conf", "old\n");
    let link = sb.dir.path().join("link.conf");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = sb
        .cmd()
        .args(["inject", "-i", s(&tpl), "-o", s(&link)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), "old\n");
    let out = sb
        .cmd()
        .args(["inject", "-i", s(&tpl), "-o", "/dev/null"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let out = sb
        .cmd()
        .current_dir(sb.dir.path())
        .args(["inject", "-i", s(&tpl), "-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(out.stdout, b"v=db-value-1234\n");
    assert!(!sb.dir.path().join("-").exists());
}

#[test]
fn inject_dash_o_dash_is_stdout() {
    let sb = store();
    let tpl = write(&sb, "t", "v={{ sesame://app/db }}\n");
    let out = sb.ok(["inject", "-i", s(&tpl), "-o", "-"]);
    assert_eq!(out, "v=db-value-1234\n");
    assert!(
        !sb.dir.path().join("-").exists() && !Path::new("-").exists(),
        "no file named '-'"
    );
    // Still refused on a terminal without --terminal, as with no -o.
    if let Some(out) = on_terminal(&sb, &format!("inject -i {} -o -", s(&tpl)), "") {
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert!(!text.contains("db-value-1234"), "{text}");
    }
}

#[test]
fn a_single_missing_reference_gets_a_did_you_mean() {
    let sb = store();
    let tpl = write(&sb, "t", "a={{ sesame://app/dbb }}\n");
    let out = sb.cmd().args(["inject", "-i", s(&tpl)]).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("'app/dbb' is missing (line 1); did you mean 'app/db'?"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    // `#id` of a misspelt name too.
    let tpl = write(&sb, "t2", "k={{ sesame://aws/prod/deplo#id }}\n");
    sb.fails(
        ["inject", "-i", s(&tpl)],
        4,
        "did you mean 'aws/prod/deploy'?",
    );
    // Nothing close: no suggestion.
    let tpl = write(&sb, "t3", "x={{ sesame://zzz/nothing/near }}\n");
    let out = sb.cmd().args(["inject", "-i", s(&tpl)]).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("did you mean"));
    // Two failures: each is named, none guessed at.
    let tpl = write(&sb, "t4", "{{ sesame://app/dbb }}{{ sesame://weirdd }}");
    let out = sb.cmd().args(["inject", "-i", s(&tpl)]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("2 references cannot be rendered"), "{err}");
    assert!(!err.contains("did you mean"), "{err}");

    // The same in an env file for run.
    let f = write(&sb, ".env", "A=sesame://app/dbb\nB=plain\n");
    sb.ok(["allow", s(&f)]);
    let marker = sb.dir.path().join("ran");
    let out = sb
        .cmd()
        .args(["run", "--env-file", s(&f), "--", "touch", s(&marker)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("'app/dbb' is missing (A, "), "{err}");
    assert!(err.contains("did you mean 'app/db'?"), "{err}");
    assert!(!err.contains("db-value"), "{err}");
    assert!(!marker.exists());
}

#[test]
fn allow_help_says_it_approves_env_files() {
    let sb = Sandbox::new();
    let help = sb.ok(["allow", "--help"]);
    assert!(help.contains("or an env file, to approve"), "{help}");
    assert!(help.contains("sesame allow .env.sesame"), "{help}");
    assert!(help.contains("SESAME_ENV_FILE_SHA256"), "{help}");
    let help = sb.ok(["deny", "--help"]);
    assert!(help.contains("sesame deny .env.sesame"), "{help}");
}
