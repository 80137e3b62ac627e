//! The git and docker credential helpers (issue 18), through real git
//! (`git credential fill/approve/reject`, `git ls-remote` against a local HTTP
//! server asking for basic auth) and the docker protocol (the binary called as
//! `docker-credential-sesame` through a link, and the docker CLI's own
//! `docker login`/`logout` against a local fake registry).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::util::{Sandbox, assert_success, output_with_stdin, require_program, sesame_bin};

/// `git` in the sandbox, no user or system config, no prompt, sesame as the
/// only credential helper (with `flags`), unlocked by SESAME_IDENTITY.
fn git(sb: &Sandbox, flags: &str) -> Command {
    let mut c = Command::new("git");
    sb.isolate(&mut c)
        .env("SESAME_IDENTITY", sb.identity())
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(["-c", "credential.helper="])
        .arg("-c")
        .arg(format!(
            "credential.helper=!'{}' git-credential {flags}",
            sesame_bin().display()
        ));
    c
}

fn credential(sb: &Sandbox, flags: &str, action: &str, input: &str) -> std::process::Output {
    output_with_stdin(
        git(sb, flags).args(["credential", action]),
        input.as_bytes(),
    )
}

/// The versions of `name` (`show --json`), or None when it does not exist.
fn versions(sb: &Sandbox, name: &str) -> Option<usize> {
    let out = sb.cmd().args(["--json", "show", name]).output().unwrap();
    out.status.success().then(|| {
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["versions"].as_array().unwrap().len()
    })
}

#[test]
fn git_fill_answers_from_the_store() {
    if !require_program("git", "the client of the credential helper") {
        return;
    }
    let sb = Sandbox::init();
    sb.set_with(
        "git/https/git.example.com_8443",
        ["--id", "alice@example.com"],
        "s3cret",
    );
    sb.set_with(
        "git/https/git.example.com_8443/bob",
        ["--id", "bob"],
        "bobs-token",
    );
    let out = credential(
        &sb,
        "",
        "fill",
        "protocol=https\nhost=git.example.com:8443\n\n",
    );
    assert_success(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("username=alice@example.com\npassword=s3cret\n"),
        "{text}"
    );
    // A second user on the same host: the secret named after them.
    let out = credential(
        &sb,
        "",
        "fill",
        "url=https://bob@git.example.com:8443/x.git\n\n",
    );
    assert_success(&out);
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("password=bobs-token\n")
    );
    // A user the store has nothing for: no answer, so git (no prompt) fails.
    let out = credential(
        &sb,
        "",
        "fill",
        "url=https://carol@git.example.com:8443\n\n",
    );
    assert!(!out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("s3cret"));
    // Another host: nothing.
    let out = credential(&sb, "", "fill", "url=https://elsewhere.example\n\n");
    assert!(!out.status.success());
}

#[test]
fn git_helper_prints_only_the_answer_and_ignores_unknown_keys() {
    let sb = Sandbox::init();
    sb.set_with(
        "git/https/h",
        ["--id", "u", "--expires", "2099-01-01"],
        "pw",
    );
    let out = sb
        .cmd_locked()
        .env("SESAME_IDENTITY", sb.identity())
        .args(["git-credential", "get"])
        .write_stdin(
            "capability[]=authtype\nprotocol=https\nhost=h\nwwwauth[]=Basic realm=x\nfuture=1\n\n",
        )
        .output()
        .unwrap();
    assert_success(&out);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "username=u\npassword=pw\npassword_expiry_utc=4070908800\n"
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // An operation git may add later is ignored, as gitcredentials(7) says.
    sb.cmd_locked()
        .args(["git-credential", "frobnicate"])
        .write_stdin("protocol=https\nhost=h\n")
        .assert()
        .success()
        .stdout("");
}

#[test]
fn git_approve_stores_only_when_allowed_and_only_once() {
    if !require_program("git", "the client of the credential helper") {
        return;
    }
    let sb = Sandbox::init();
    let cred = "protocol=https\nhost=h.example\nusername=bob\npassword=pw-1\n\n";
    assert_success(&credential(&sb, "", "approve", cred));
    assert_eq!(
        versions(&sb, "git/https/h.example"),
        None,
        "stored without --allow-store"
    );

    let out = credential(&sb, "--allow-store", "approve", cred);
    assert_success(&out);
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert_eq!(versions(&sb, "git/https/h.example"), Some(1));
    assert_eq!(sb.get("git/https/h.example"), "pw-1");
    let show = sb.json(["show", "git/https/h.example"]);
    assert_eq!(show["versions"][0]["id"], "bob", "{show}");
    // git approves after every successful use: no new version each time.
    assert_success(&credential(&sb, "--allow-store", "approve", cred));
    assert_eq!(versions(&sb, "git/https/h.example"), Some(1));
    // A changed password is a new version; another user gets a name of their own.
    let changed = cred.replace("pw-1", "pw-2");
    assert_success(&credential(&sb, "--allow-store", "approve", &changed));
    assert_eq!(versions(&sb, "git/https/h.example"), Some(2));
    let carol = "protocol=https\nhost=h.example\nusername=carol\npassword=c\n\n";
    assert_success(&credential(&sb, "--allow-store", "approve", carol));
    assert_eq!(sb.get("git/https/h.example/carol"), "c");
    assert_eq!(sb.get("git/https/h.example"), "pw-2");
}

#[test]
fn git_reject_erases_nothing_unless_allowed() {
    if !require_program("git", "the client of the credential helper") {
        return;
    }
    let sb = Sandbox::init();
    sb.set_with("git/https/h", ["--id", "u"], "good");
    let reject = |flags: &str, pw: &str| {
        let input = format!("protocol=https\nhost=h\nusername=u\npassword={pw}\n\n");
        assert_success(&credential(&sb, flags, "reject", &input));
    };
    // git sends erase after any 401, an outage's included: kept.
    reject("", "good");
    assert_eq!(sb.get("git/https/h"), "good");
    // Opted in, but git rejected another password than the one stored: kept.
    reject("--allow-erase", "stale");
    assert_eq!(sb.get("git/https/h"), "good");
    // git rejects without sending a password (`git credential reject` fed
    // only the host): not the credential stored, so kept with its history.
    for input in [
        "protocol=https\nhost=h\n\n",
        "protocol=https\nhost=h\nusername=u\n\n",
    ] {
        assert_success(&credential(&sb, "--allow-erase", "reject", input));
        assert_eq!(sb.get("git/https/h"), "good", "{input:?}");
    }
    reject("--allow-erase", "good");
    assert_eq!(versions(&sb, "git/https/h"), None);
}

#[test]
fn git_helper_inside_sesame_run_exits_3() {
    let sb = Sandbox::init();
    sb.set_with("git/https/h", ["--id", "u"], "pw");
    // SESAME_STORE does not reach the child either: the store is named.
    let script = format!(
        "printf 'protocol=https\\nhost=h\\n\\n' | '{}' --store '{}' git-credential get; echo rc=$?",
        sesame_bin().display(),
        sb.store.display()
    );
    let out = sb
        .cmd_locked()
        .env("SESAME_IDENTITY", sb.identity())
        .args(["run", "-s", "git/https/h=X", "--", "sh", "-c", &script])
        .output()
        .unwrap();
    assert_success(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("rc=3"), "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot unlock"));
}

/// A helper with no way to unlock (a locked shell, every git fetch inside
/// `sesame run`) is not a failed unlock: nothing in the audit log, no
/// warning from the next command.
#[test]
fn locked_helpers_record_no_failed_unlock() {
    let sb = Sandbox::init();
    sb.set_with("git/https/h", ["--id", "u"], "pw");
    sb.set_with("docker/r.io", ["--id", "u"], "pw");
    for (args, input) in [
        (["git-credential", "get"], "protocol=https\nhost=h\n\n"),
        (["docker-credential", "get"], "r.io\n"),
    ] {
        let out = sb
            .cmd_locked()
            .args(args)
            .write_stdin(input)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("cannot unlock"));
    }
    let audit = sb.cmd().arg("audit").output().unwrap();
    assert_success(&audit);
    let log = String::from_utf8_lossy(&audit.stdout);
    assert!(!log.contains("unlock-failed"), "{log}");
    let list = sb.cmd().arg("list").output().unwrap();
    assert_success(&list);
    let err = String::from_utf8_lossy(&list.stderr);
    assert!(!err.contains("failed unlock"), "{err}");
}

/// `sesame git-credential ACTION`, unlocked, fed `input`.
fn helper(sb: &Sandbox, args: &[&str], input: &str) -> std::process::Output {
    sb.cmd_locked()
        .env("SESAME_IDENTITY", sb.identity())
        .args(["git-credential"])
        .args(args)
        .write_stdin(input)
        .output()
        .unwrap()
}

/// With `credential.useHttpPath` git sends the path: a per-repository token
/// gets a name of its own and leaves the host's credential alone.
#[test]
fn git_store_with_a_path_keeps_the_host_credential() {
    let sb = Sandbox::init();
    sb.set_with("git/https/h", ["--id", "u"], "host-wide");
    let input = "protocol=https\nhost=h\npath=org/repo.git\nusername=u\npassword=repo-token\n\n";
    assert_success(&helper(&sb, &["--allow-store", "store"], input));
    assert_eq!(sb.get("git/https/h"), "host-wide");
    assert_eq!(versions(&sb, "git/https/h"), Some(1));
    assert_eq!(sb.get("git/https/h/org/repo.git"), "repo-token");
    // Stored again (git approves after each use): no new version.
    assert_success(&helper(&sb, &["--allow-store", "store"], input));
    assert_eq!(versions(&sb, "git/https/h/org/repo.git"), Some(1));
    // Without a path the host's credential is still the one changed.
    let host = "protocol=https\nhost=h\nusername=u\npassword=host-2\n\n";
    assert_success(&helper(&sb, &["--allow-store", "store"], host));
    assert_eq!(sb.get("git/https/h"), "host-2");
    assert_eq!(sb.get("git/https/h/org/repo.git"), "repo-token");
}

/// git drops a carriage return before the newline of each answer line: a
/// value holding one would reach the server cut short, so it is refused.
#[test]
fn git_get_refuses_a_carriage_return() {
    let sb = Sandbox::init();
    sb.set_with("git/https/h", ["--id", "u"], "pw\rx");
    let out = helper(&sb, &["get"], "protocol=https\nhost=h\n\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line break") && !err.contains("pw"), "{err}");
}

/// Host names are case-insensitive; paths are not.
#[test]
fn helpers_match_host_names_in_any_case() {
    let sb = Sandbox::init();
    sb.set_with("git/https/example.com", ["--id", "u"], "pw");
    let out = helper(&sb, &["get"], "protocol=https\nhost=EXAMPLE.Com\n\n");
    assert_success(&out);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "username=u\npassword=pw\n"
    );
    let input = "protocol=https\nhost=Other.ORG\nusername=u\npassword=p2\n\n";
    assert_success(&helper(&sb, &["--allow-store", "store"], input));
    assert_eq!(sb.get("git/https/other.org"), "p2");

    let bin = docker_link(&sb);
    let store = r#"{"ServerURL":"https://R.example/","Username":"u","Secret":"tok"}"#;
    assert_success(&docker_helper(&sb, &bin, "store", store));
    assert_eq!(sb.get("docker/r.example"), "tok");
    let out = docker_helper(&sb, &bin, "get", "r.EXAMPLE\n");
    assert_success(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"Secret\":\"tok\""));
}

/// `docker login` to a registry with a token and no user sends an empty
/// Username: stored with no key id.
#[test]
fn docker_store_with_an_empty_username() {
    let sb = Sandbox::init();
    let bin = docker_link(&sb);
    let store = r#"{"ServerURL":"r.example","Username":"","Secret":"tok"}"#;
    let out = docker_helper(&sb, &bin, "store", store);
    assert_success(&out);
    assert_eq!(sb.get("docker/r.example"), "tok");
    let out = docker_helper(&sb, &bin, "get", "r.example\n");
    assert_success(&out);
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["Username"], "");
    assert_eq!(got["Secret"], "tok");
    // The same again is no new version.
    assert_success(&docker_helper(&sb, &bin, "store", store));
    assert_eq!(versions(&sb, "docker/r.example"), Some(1));
}

/// A local HTTP server that wants basic auth `user:password`; its port.
fn http_server(dir: &Path, user: &str, password: &str) -> Option<(Child, u16)> {
    if !require_program("python3", "a local HTTP server asking for basic auth") {
        return None;
    }
    let script = dir.join("server.py");
    std::fs::write(
        &script,
        r#"import base64, http.server, sys
want = "Basic " + base64.b64encode(sys.argv[1].encode()).decode()
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.headers.get("Authorization") == want:
            body = b"{}" if self.path.startswith("/v2") else b""
            self.send_response(200)
            self.send_header("Content-Type", "application/json" if body else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
"#,
    )
    .unwrap();
    let mut child = Command::new("python3")
        .arg(&script)
        .arg(format!("{user}:{password}"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    Some((child, line.trim().parse().unwrap()))
}

#[test]
fn git_ls_remote_authenticates_through_the_helper() {
    if !require_program("git", "the client of the credential helper") {
        return;
    }
    let sb = Sandbox::init();
    let Some((mut server, port)) = http_server(sb.dir.path(), "u", "right") else {
        return;
    };
    let url = format!("http://127.0.0.1:{port}/repo.git");
    let host = format!("git/http/127.0.0.1_{port}");
    sb.set_with(&host, ["--id", "u"], "wrong");
    // A wrong password: git says so, and (no --allow-erase) the secret stays.
    let out = git(&sb, "").args(["ls-remote", &url]).output().unwrap();
    assert!(!out.status.success());
    assert_eq!(sb.get(&host), "wrong");
    sb.set_with(&host, ["--id", "u"], "right");
    let out = git(&sb, "--allow-store")
        .args(["ls-remote", &url])
        .output()
        .unwrap();
    server.kill().unwrap();
    server.wait().unwrap();
    assert_success(&out);
    assert_eq!(
        versions(&sb, &host),
        Some(2),
        "the approval added no version"
    );
}

/// A directory holding `docker-credential-sesame`, a link to the binary.
fn docker_link(sb: &Sandbox) -> PathBuf {
    let bin = sb.dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(sesame_bin(), bin.join("docker-credential-sesame")).unwrap();
    bin
}

fn docker_helper(sb: &Sandbox, bin: &Path, action: &str, input: &str) -> std::process::Output {
    let mut c = Command::new(bin.join("docker-credential-sesame"));
    sb.isolate(&mut c)
        .env("SESAME_IDENTITY", sb.identity())
        .arg(action);
    output_with_stdin(&mut c, input.as_bytes())
}

#[test]
fn docker_protocol_through_the_link() {
    let sb = Sandbox::init();
    let bin = docker_link(&sb);
    let out = docker_helper(&sb, &bin, "get", "https://registry.example.com:5000/\n");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(out.stdout, b"credentials not found in native keychain\n");

    let creds = r#"{"ServerURL":"https://registry.example.com:5000","Username":"deploy","Secret":"t0k\"en"}"#;
    let out = docker_helper(&sb, &bin, "store", creds);
    assert_success(&out);
    assert!(out.stdout.is_empty());
    assert_eq!(sb.get("docker/registry.example.com_5000"), "t0k\"en");
    assert_success(&docker_helper(&sb, &bin, "store", creds));
    assert_eq!(versions(&sb, "docker/registry.example.com_5000"), Some(1));

    let out = docker_helper(&sb, &bin, "get", "registry.example.com:5000");
    assert_success(&out);
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["Username"], "deploy");
    assert_eq!(got["Secret"], "t0k\"en");
    assert_eq!(got["ServerURL"], "registry.example.com:5000");

    let out = docker_helper(&sb, &bin, "list", "");
    assert_success(&out);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        list,
        serde_json::json!({"https://registry.example.com:5000": "deploy"})
    );

    assert_success(&docker_helper(
        &sb,
        &bin,
        "erase",
        "https://registry.example.com:5000",
    ));
    assert_eq!(versions(&sb, "docker/registry.example.com_5000"), None);
    let out = docker_helper(&sb, &bin, "erase", "https://registry.example.com:5000");
    assert_eq!(out.status.code(), Some(1));
    // Bad input: one line on stderr, nothing stored.
    let out = docker_helper(&sb, &bin, "store", "{not json");
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).trim().contains('\n'));
    let out = docker_helper(&sb, &bin, "version", "");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("docker-credential-sesame"));
}

#[test]
fn docker_cli_logs_in_and_out_through_the_helper() {
    // Where the docker CLI is installed (issue 18): CI does not install it, so
    // this one skips even under SESAME_TEST_STRICT=1.
    let on_path = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("docker").is_file()));
    if !on_path {
        eprintln!("SKIPPED: docker not found (the docker CLI as the helper's client)");
        return;
    }
    let sb = Sandbox::init();
    let bin = docker_link(&sb);
    let Some((mut server, port)) = http_server(sb.dir.path(), "u2", "tok2") else {
        return;
    };
    let config = sb.dir.path().join("docker");
    std::fs::create_dir(&config).unwrap();
    std::fs::write(config.join("config.json"), r#"{"credsStore":"sesame"}"#).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let docker = |args: &[&str], input: &str| {
        let mut c = Command::new("docker");
        sb.isolate(&mut c)
            .env("PATH", &path)
            .env("DOCKER_CONFIG", &config)
            .env("SESAME_IDENTITY", sb.identity())
            .args(args);
        output_with_stdin(&mut c, input.as_bytes())
    };
    let registry = format!("127.0.0.1:{port}");
    let out = docker(
        &["login", "-u", "u2", "--password-stdin", &registry],
        "tok2\n",
    );
    server.kill().unwrap();
    server.wait().unwrap();
    assert_success(&out);
    let name = format!("docker/127.0.0.1_{port}");
    assert_eq!(sb.get(&name), "tok2");
    let config_text = std::fs::read_to_string(config.join("config.json")).unwrap();
    assert!(!config_text.contains("tok2"), "{config_text}");
    assert_success(&docker(&["logout", &registry], ""));
    assert_eq!(versions(&sb, &name), None);
}
