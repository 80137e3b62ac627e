//! `sesame scan` and `sesame hook` through the real binary, on real git
//! repositories built here, with a real `git commit` running the hook.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::{PASSWORD, Sandbox, contains, require_program};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

/// A value with characters that base64, URL and hex encodings all change.
const LEAK: &str = "sk_test_Zq8vN3pL0wXy7+/=Kd";
const OTHER: &str = "ghp_unrelatedValue1234567890";
/// A value whose base64 has `+` and `/`, so its base64url differs.
const JWT_KEY: &str = "jwt~~~signing???>>>key";

fn hex_upper(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02X}")).collect()
}

/// A sandbox with a store holding `LEAK` and `OTHER`, and an empty git repo.
struct World {
    sb: Sandbox,
    repo: PathBuf,
}

impl World {
    fn new() -> Option<World> {
        if !require_program("git", "scan tests build git repositories") {
            return None;
        }
        let sb = Sandbox::init();
        sb.set("stripe/test/key", LEAK);
        sb.set("github/token", OTHER);
        sb.set("jwt/key", JWT_KEY);
        let repo = sb.dir.path().join("repo");
        fs::create_dir(&repo).unwrap();
        let w = World { sb, repo };
        w.git(&["init", "-q", "-b", "main"]);
        w.git(&["config", "user.name", "Test"]);
        w.git(&["config", "user.email", "test@example.com"]);
        w.git(&["config", "commit.gpgsign", "false"]);
        Some(w)
    }

    fn git_cmd(&self) -> std::process::Command {
        let mut c = std::process::Command::new("git");
        c.current_dir(&self.repo)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.sb.home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("LANG", "C")
            .env("SESAME_STORE", &self.sb.store)
            .env("SESAME_PASSWORD", PASSWORD);
        c
    }

    fn git(&self, args: &[&str]) -> String {
        let out = self.git_cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn write(&self, path: &str, text: &str) {
        let p = self.repo.join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    fn commit(&self, msg: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--no-verify", "-m", msg]);
    }

    /// `sesame ARGS` in the repository: (exit code, stdout, stderr), after
    /// checking that no form of the value appears in either stream.
    fn scan(&self, args: &[&str]) -> (i32, String, String) {
        let out = self
            .sb
            .cmd()
            .current_dir(&self.repo)
            .args(args)
            .output()
            .unwrap();
        assert_no_value(&out);
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }
}

fn assert_no_value(out: &Output) {
    for stream in [&out.stdout, &out.stderr] {
        for form in [
            LEAK.to_owned(),
            OTHER.to_owned(),
            JWT_KEY.to_owned(),
            URL_SAFE_NO_PAD.encode(JWT_KEY),
            STANDARD.encode(LEAK),
            hex_upper(LEAK),
            hex_upper(LEAK).to_lowercase(),
        ] {
            assert!(
                !contains(stream, form.as_bytes()),
                "a value leaked into the output: {}",
                String::from_utf8_lossy(stream)
            );
        }
    }
}

#[test]
fn clean_tree_exits_zero() {
    let Some(w) = World::new() else { return };
    w.write("src/main.rs", "fn main() { println!(\"hello\"); }\n");
    w.write(".env.example", "STRIPE_KEY=sk_test_replace_me\n");
    w.commit("clean");
    let (code, stdout, stderr) = w.scan(&["scan"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("nothing found"), "{stderr}");
}

#[test]
fn finds_every_form_and_skips_ignored_files() {
    let Some(w) = leaky_world() else { return };
    let (code, stdout, stderr) = w.scan(&["scan"]);
    assert_eq!(code, 8, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "blob.bin:2:1: github/token (plain)",
            "config/settings.py:2:8: stripe/test/key (plain)",
            "dump.hex:1:1: stripe/test/key (hex)",
            "jwt.txt:1:9: jwt/key (base64url)",
            "jwt.txt:2:9: stripe/test/key (base64)",
            "k8s/secret0.yaml:2:8: stripe/test/key (base64)",
            "k8s/secret1.yaml:2:11: stripe/test/key (base64)",
            "k8s/secret2.yaml:2:12: stripe/test/key (base64)",
            "logs/access.log:2:13: stripe/test/key (url)",
        ],
        "{stdout}"
    );
    assert!(!stdout.contains("secrets.local"));
}

#[test]
fn no_ignore_scans_ignored_files_and_a_path_limits_the_walk() {
    let Some(w) = leaky_world() else { return };
    let (code, stdout, _) = w.scan(&["scan", "--no-ignore", "secrets.local"]);
    assert_eq!(code, 8);
    assert_eq!(stdout, "secrets.local:1:1: stripe/test/key (plain)\n");
}

#[test]
fn exclude_leaves_a_secret_out() {
    let Some(w) = leaky_world() else { return };
    let (code, stdout, _) = w.scan(&["scan", "--exclude", "stripe/test/key"]);
    assert_eq!(code, 8);
    assert_eq!(
        stdout,
        "blob.bin:2:1: github/token (plain)\njwt.txt:1:9: jwt/key (base64url)\n"
    );
}

#[test]
fn json_is_one_document_naming_secret_place_and_form() {
    let Some(w) = leaky_world() else { return };
    let (code, stdout, _) = w.scan(&["--json", "scan", "config"]);
    assert_eq!(code, 8);
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let f = &doc["findings"][0];
    assert_eq!(f["path"], "config/settings.py");
    assert_eq!(f["line"], 2);
    assert_eq!(f["column"], 8);
    assert_eq!(f["secret"], "stripe/test/key");
    assert_eq!(f["version"], 1);
    assert_eq!(f["form"], "plain");
    assert_eq!(doc["files"], 1);
}

/// A repository with the secrets leaked in every form sesame recognises, in
/// text and binary files, and once in a git-ignored file; committed.
fn leaky_world() -> Option<World> {
    let w = World::new()?;
    // Plain, inside a line.
    w.write(
        "config/settings.py",
        &format!("DEBUG = True\nKEY = '{LEAK}'\n"),
    );
    // Base64 of a whole .env file: the value sits at an arbitrary alignment.
    for (i, prefix) in ["", "A=", "AB="].iter().enumerate() {
        let blob = STANDARD.encode(format!("{prefix}{LEAK}\nX=1\n"));
        w.write(
            &format!("k8s/secret{i}.yaml"),
            &format!("data:\n  env: {blob}\n"),
        );
    }
    // URL-safe base64 without padding, as in a JWT; a value whose base64 has
    // no `+` or `/` looks the same in both alphabets and is reported as base64.
    w.write(
        "jwt.txt",
        &format!(
            "{}\n{}\n",
            URL_SAFE_NO_PAD.encode(format!("{{\"k\":\"{JWT_KEY}\"}}")),
            URL_SAFE_NO_PAD.encode(format!("{{\"k\":\"{LEAK}\"}}"))
        ),
    );
    // Upper-case hex.
    w.write("dump.hex", &format!("{}\n", hex_upper(LEAK)));
    // URL-encoded in a query string; and in a binary file.
    w.write(
        "logs/access.log",
        "GET /?a=1\nGET /cb?key=sk_test_Zq8vN3pL0wXy7%2B%2F%3DKd HTTP/1.1\n",
    );
    let mut bin = vec![0u8, 159, 146, 150, 0, 10];
    bin.extend_from_slice(OTHER.as_bytes());
    fs::write(w.repo.join("blob.bin"), bin).unwrap();
    // Ignored: never reported.
    w.write(".gitignore", "secrets.local\n");
    w.write("secrets.local", &format!("{LEAK}\n"));
    w.commit("leaks");
    Some(w)
}

#[test]
fn previous_values_are_found_and_short_ones_skipped() {
    let Some(w) = World::new() else { return };
    w.sb.set("stripe/test/key", "sk_test_the_new_value_987");
    w.sb.set("tiny", "ab12");
    w.write("old.txt", &format!("x\n\n  {LEAK}\nab12 ab12\n"));
    let (code, stdout, stderr) = w.scan(&["scan"]);
    assert_eq!(code, 8);
    assert_eq!(
        stdout,
        "old.txt:3:3: stripe/test/key [previous v1] (plain)\n"
    );
    assert!(
        stderr
            .contains("Not searched (shorter than 6 characters, they would match by chance): tiny"),
        "{stderr}"
    );
}

#[test]
fn a_value_in_thousands_of_places_is_reported_once() {
    let Some(w) = World::new() else { return };
    w.write("many.log", &format!("token={OTHER}\n").repeat(1500));
    w.write("one.txt", LEAK);
    let (code, stdout, _) = w.scan(&["scan"]);
    assert_eq!(code, 8);
    assert_eq!(
        stdout,
        "one.txt:1:1: stripe/test/key (plain)\n\
         many.log:1:7: github/token (noisy: found in 1500 places, only the first is shown)\n"
    );
    let (_, stdout, _) = w.scan(&["--json", "scan"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 1);
    assert_eq!(doc["noisy"][0]["count"], 1500);
    assert_eq!(doc["noisy"][0]["secret"], "github/token");
}

#[test]
fn unreadable_files_are_reported_and_counted() {
    let Some(w) = World::new() else { return };
    w.write("ok.txt", "nothing here\n");
    w.write("locked.txt", "nothing either\n");
    let locked = w.repo.join("locked.txt");
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::File::open(&locked).is_err() {
        let (code, stdout, stderr) = w.scan(&["scan"]);
        assert_eq!(code, 1, "{stderr}");
        assert_eq!(stdout, "");
        assert!(stderr.contains("cannot read locked.txt"), "{stderr}");
        assert!(stderr.contains("1 file could not be read"), "{stderr}");
    }
    // Root reads a mode-000 file; nobody reads address 0 of a process. This file
    // opens but fails on read, after the other files were searched.
    let mem = Path::new("/proc/self/mem");
    if !mem.exists() {
        eprintln!("SKIPPED: no /proc/self/mem to fail a read with");
        return;
    }
    w.write("leak.txt", LEAK);
    let (code, stdout, stderr) = w.scan(&["scan", "/proc/self/mem", "ok.txt"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("cannot read /proc/self/mem"), "{stderr}");
    assert!(stderr.contains("1 file could not be read"), "{stderr}");
    // A finding outweighs an unreadable file: exit 8, with the warning.
    let (code, stdout, stderr) = w.scan(&["scan", "/proc/self/mem", "leak.txt"]);
    assert_eq!(code, 8, "{stderr}");
    assert_eq!(stdout, "leak.txt:1:1: stripe/test/key (plain)\n");
    assert!(stderr.contains("cannot read /proc/self/mem"), "{stderr}");
}

#[test]
fn staged_scans_the_index_not_the_working_tree() {
    let Some(w) = World::new() else { return };
    w.write("app.conf", "key = placeholder\n");
    w.commit("base");
    // Stage a leak, then clean the working copy: only the index holds it.
    w.write("app.conf", &format!("key = {LEAK}\n"));
    w.git(&["add", "app.conf"]);
    w.write("app.conf", "key = placeholder\n");

    let (code, stdout, stderr) = w.scan(&["scan"]);
    assert_eq!(code, 0, "working tree is clean: {stdout}{stderr}");
    let (code, stdout, _) = w.scan(&["scan", "--staged"]);
    assert_eq!(code, 8);
    assert_eq!(stdout, "app.conf:1:7: stripe/test/key (plain)\n");

    // From a subdirectory the whole index is still scanned, with repo paths.
    fs::create_dir(w.repo.join("sub")).unwrap();
    let out =
        w.sb.cmd()
            .current_dir(w.repo.join("sub"))
            .args(["scan", "--staged"])
            .output()
            .unwrap();
    assert_eq!(out.status.code(), Some(8));
    assert_eq!(out.stdout, b"app.conf:1:7: stripe/test/key (plain)\n");
}

#[test]
fn history_finds_a_leak_that_was_deleted() {
    let Some(w) = World::new() else { return };
    w.write("README", "hello\n");
    w.commit("first");
    w.write("deploy/.env", &format!("A=1\nSTRIPE_KEY={LEAK}\n"));
    w.commit("oops");
    let leak_commit = w.git(&["rev-parse", "HEAD"]).trim().to_owned();
    fs::remove_file(w.repo.join("deploy/.env")).unwrap();
    w.commit("remove the key");

    assert_eq!(w.scan(&["scan"]).0, 0);
    assert_eq!(w.scan(&["scan", "--staged"]).0, 0);
    let (code, stdout, stderr) = w.scan(&["scan", "--history"]);
    assert_eq!(code, 8, "{stderr}");
    assert_eq!(
        stdout,
        format!(
            "{}:deploy/.env:2:12: stripe/test/key (plain)\n",
            &leak_commit[..12]
        )
    );
    let (_, stdout, _) = w.scan(&["--json", "scan", "--history"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["findings"][0]["commit"], leak_commit.as_str());

    // A range that leaves the leaking commit out is clean.
    let (code, stdout, _) = w.scan(&["scan", "--history=HEAD~1..HEAD"]);
    assert_eq!(code, 0, "{stdout}");
    // A revision that does not exist is a usage error.
    let (code, _, stderr) = w.scan(&["scan", "--history=nope..HEAD"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("bad revision 'nope..HEAD'"), "{stderr}");
    // Options are not revision ranges.
    let (code, _, stderr) = w.scan(&["scan", "--history=--output=x"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn git_scans_outside_a_repository_fail_clearly() {
    let Some(w) = World::new() else { return };
    let out =
        w.sb.cmd()
            .current_dir(&w.sb.home)
            .env("GIT_CEILING_DIRECTORIES", w.sb.dir.path())
            .args(["scan", "--staged"])
            .output()
            .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not inside a git repository"), "{err}");
}

fn commit_count(w: &World) -> usize {
    w.git(&["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .unwrap()
}

/// `git commit` through the hook: whether it succeeded, and its stderr.
fn try_commit(w: &World, msg: &str) -> (bool, String) {
    let out = w
        .git_cmd()
        .args(["commit", "-q", "-m", msg])
        .output()
        .unwrap();
    assert_no_value(&out);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A repository with one commit and sesame's pre-commit hook installed
/// (checked to scan what is staged); and the hook's path.
fn with_hook() -> Option<(World, PathBuf)> {
    let w = World::new()?;
    w.write("README", "hello\n");
    w.commit("first");
    let (code, _, stderr) = w.scan(&["hook", "install"]);
    assert_eq!(code, 0, "{stderr}");
    let hook = w.repo.join(".git/hooks/pre-commit");
    assert!(fs::read_to_string(&hook).unwrap().contains("scan --staged"));
    Some((w, hook))
}

/// Stage config.yml with a value from the environment and commit it.
fn commit_clean_config(w: &World) {
    w.write("config.yml", "token: from-the-environment\n");
    w.git(&["add", "config.yml"]);
    let (ok, stderr) = try_commit(w, "clean");
    assert!(ok, "{stderr}");
}

#[test]
fn the_hook_blocks_a_leaking_commit() {
    let Some((w, _)) = with_hook() else { return };
    w.write("config.yml", &format!("token: {}\n", hex_upper(LEAK)));
    w.git(&["add", "config.yml"]);
    let (ok, stderr) = try_commit(&w, "leak");
    assert!(!ok, "the hook let a leak through");
    assert!(
        stderr.contains("config.yml:1:8: stripe/test/key (hex)"),
        "{stderr}"
    );
    assert!(stderr.contains("commit blocked"), "{stderr}");
    assert_eq!(commit_count(&w), 1);
}

#[test]
fn the_hook_lets_a_clean_commit_through() {
    let Some((w, _)) = with_hook() else { return };
    commit_clean_config(&w);
    assert_eq!(commit_count(&w), 2);
}

#[test]
fn the_hook_scans_the_temporary_index_of_commit_a() {
    let Some((w, _)) = with_hook() else { return };
    commit_clean_config(&w);
    // `git commit -a` stages into a temporary index (GIT_INDEX_FILE): the hook
    // must scan that one, not .git/index.
    w.write("config.yml", &format!("token: {LEAK}\n"));
    let out = w
        .git_cmd()
        .args(["commit", "-q", "-a", "-m", "leak via -a"])
        .output()
        .unwrap();
    assert_no_value(&out);
    assert!(!out.status.success(), "commit -a let a leak through");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("config.yml:1:8: stripe/test/key (plain)"),
        "{stderr}"
    );
    assert_eq!(commit_count(&w), 2);
}

#[test]
fn hook_uninstall_removes_the_hook() {
    let Some((w, hook)) = with_hook() else { return };
    let (code, _, _) = w.scan(&["hook", "uninstall"]);
    assert_eq!(code, 0);
    assert!(!hook.exists());
}

#[test]
fn hook_respects_existing_hooks_and_hooks_path() {
    let Some(w) = World::new() else { return };
    w.git(&["config", "core.hooksPath", "githooks"]);
    let theirs = "#!/bin/sh\necho their hook\n";
    w.write("githooks/pre-commit", theirs);

    let (code, _, stderr) = w.scan(&["hook", "install"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("already exists and is not sesame's"),
        "{stderr}"
    );
    assert_eq!(read(&w.repo.join("githooks/pre-commit")), theirs);

    let (code, _, stderr) = w.scan(&["hook", "install", "--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("pre-commit.sesame-backup"), "{stderr}");
    assert_eq!(
        read(&w.repo.join("githooks/pre-commit.sesame-backup")),
        theirs
    );
    assert!(read(&w.repo.join("githooks/pre-commit")).contains("scan --staged"));
    assert!(!w.repo.join(".git/hooks/pre-commit").exists());

    // The hook in core.hooksPath is the one git runs.
    w.write("leak.txt", LEAK);
    w.git(&["add", "leak.txt"]);
    let (ok, _) = try_commit(&w, "leak");
    assert!(!ok);

    let (code, _, stderr) = w.scan(&["hook", "uninstall"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(read(&w.repo.join("githooks/pre-commit")), theirs);
    assert!(!w.repo.join("githooks/pre-commit.sesame-backup").exists());

    // Uninstall leaves a hook that is not ours alone.
    let (code, _, stderr) = w.scan(&["hook", "uninstall"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("not sesame's hook"), "{stderr}");
    assert_eq!(read(&w.repo.join("githooks/pre-commit")), theirs);
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap()
}

#[test]
fn a_store_with_nothing_searchable_says_so() {
    let sb = Sandbox::init();
    sb.set("pin", "1234");
    fs::write(sb.dir.path().join("notes.txt"), "pin 1234\n").unwrap();
    let out = sb.cmd().args(["scan"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, b"");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Not searched (shorter than 6 characters, they would match by chance): pin"),
        "{err}"
    );
    assert!(err.contains("nothing to search for"), "{err}");
    assert!(!err.contains("1234"), "{err}");
}

#[test]
fn scan_needs_the_store_unlocked() {
    let sb = Sandbox::init();
    sb.set("api/key", "a-long-enough-value");
    let out = sb.cmd_locked().args(["scan"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot unlock"));
}

/// A value over 1 MiB (a bundle handed over with `-f`) is searched for by
/// windows of 64 KiB with a warning, as `run` masks it: its whole copy and a
/// part of 200 KB are found; a small value beside it still is.
#[test]
fn a_value_over_a_mebibyte_is_searched_for_by_windows_with_a_warning() {
    let sb = Sandbox::init();
    let value = crate::util::base64_like(1_200_000, 0x9e37_79b9_7f4a_7c15);
    sb.set("app/bundle", &value);
    sb.set("stripe/test/key", LEAK);
    let dir = sb.dir.path().join("tree");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("whole.txt"), format!("x\n{value}\n")).unwrap();
    fs::write(dir.join("part.txt"), &value[300_000..500_000]).unwrap();
    fs::write(dir.join("b64.txt"), STANDARD.encode(&value[..400_000])).unwrap();
    fs::write(dir.join("small.txt"), format!("k={LEAK}\n")).unwrap();
    fs::write(dir.join("clean.txt"), &value[..60_000]).unwrap();
    let out = sb.cmd().args(["scan"]).arg(&dir).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(8),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("searched for by windows of 64 KiB") && stderr.contains("app/bundle"),
        "{stderr}"
    );
    for (file, form) in [
        ("whole.txt:2:1", "app/bundle (plain)"),
        ("part.txt", "app/bundle (plain)"),
        ("b64.txt", "app/bundle (base64)"),
        ("small.txt:1:3", "stripe/test/key (plain)"),
    ] {
        assert!(
            stdout.lines().any(|l| l.contains(file) && l.contains(form)),
            "{file} {form}: {stdout}"
        );
    }
    assert!(!stdout.contains("clean.txt"), "{stdout}");
    assert!(
        !contains(stdout.as_bytes(), &value.as_bytes()[..40]),
        "a value was printed"
    );
}

/// base64 wrapped at 76 columns (coreutils `base64` of `user:TOKEN`): each
/// line holding enough of the value is one finding.
#[test]
fn wrapped_base64_is_found_once_per_line() {
    let sb = Sandbox::init();
    let token = format!("{}{}", "T0k3n-".repeat(10), "Zz9+/".repeat(6));
    assert_eq!(token.len(), 90);
    sb.set("git/token", &token);
    let dir = sb.dir.path().join("tree");
    fs::create_dir(&dir).unwrap();
    let encoded = STANDARD.encode(format!("x-access-token:{token}"));
    let wrapped: Vec<&str> = encoded
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    assert_eq!(wrapped.len(), 2);
    fs::write(dir.join("trace.log"), format!("{}\n", wrapped.join("\n"))).unwrap();
    let out = sb.cmd().args(["scan"]).arg(&dir).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(8),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let found: Vec<&str> = stdout.lines().collect();
    assert_eq!(found.len(), 2, "{stdout}");
    assert!(
        found[0].contains("trace.log:1:") && found[0].ends_with("git/token (base64)"),
        "{stdout}"
    );
    assert!(
        found[1].contains("trace.log:2:1: git/token (base64)"),
        "{stdout}"
    );
}
