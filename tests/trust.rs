//! Local trust (issue 13): project files approved by content, control
//! characters escaped, each attack tried through the real binary.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::util::{PASSWORD, Sandbox, contains, on_terminal, stderr_of};

const VALUE: &str = "tok-9f8e7d6c5b4a-value";

fn sandbox() -> Sandbox {
    let sb = Sandbox::init();
    sb.set("app/dev/token", VALUE);
    sb
}

/// Bytes that must never reach a terminal raw.
fn assert_no_raw_controls(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for c in ['\u{1b}', '\u{9b}', '\u{202e}', '\u{7}', '\u{200b}'] {
        assert!(!text.contains(c), "{what} holds {c:?} raw: {text:?}");
    }
}

/// A cloned repository `repo/` (with `.git`) whose `sesame.toml` maps TOKEN.
fn cloned_repo(sb: &Sandbox) -> PathBuf {
    let repo = sb.dir.path().join("repo");
    fs::create_dir_all(repo.join(".git")).unwrap();
    fs::write(
        repo.join("sesame.toml"),
        "[env]\nTOKEN = \"app/dev/token\"\n",
    )
    .unwrap();
    repo
}

/// `run -- sh -c 'echo $TOKEN; touch ran'` in `dir`: (output, whether it ran).
fn run_in(sb: &Sandbox, dir: &Path, extra: &[&str]) -> (std::process::Output, bool) {
    let marker = sb.dir.path().join("ran");
    let _ = fs::remove_file(&marker);
    let script = format!(
        "echo \"TOKEN=${{TOKEN-unset}}\"; touch '{}'",
        marker.display()
    );
    let mut args = vec!["run", "--no-mask"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--", "sh", "-c", &script]);
    let out = sb.cmd().current_dir(dir).args(&args).output().unwrap();
    (out, marker.exists())
}

#[test]
fn an_unapproved_project_file_injects_nothing_and_says_how_to_approve() {
    let sb = sandbox();
    let repo = cloned_repo(&sb);
    let (out, ran) = run_in(&sb, &repo, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(!ran, "the command ran with an unapproved project file");
    assert!(!contains(&out.stdout, VALUE.as_bytes()));
    let err = stderr_of(&out);
    assert!(!err.contains(VALUE), "{err}");
    assert!(err.contains("TOKEN <- app/dev/token"), "{err}");
    let canonical = repo.canonicalize().unwrap().join("sesame.toml");
    let sha = sha256_hex(&fs::read(&canonical).unwrap());
    assert!(
        err.contains(&format!(
            "sesame allow --sha256 {sha} {}",
            canonical.display()
        )),
        "{err}"
    );
    // `env` too.
    sb.cmd()
        .current_dir(&repo)
        .args(["env"])
        .assert()
        .code(2)
        .stdout("");

    // Approved: used, and said so on stderr (not with -q).
    sb.cmd()
        .current_dir(&repo)
        .args(["allow"])
        .assert()
        .success();
    let (out, ran) = run_in(&sb, &repo, &[]);
    assert!(ran && out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("TOKEN={VALUE}\n")
    );
    assert!(
        stderr_of(&out).contains(&format!("using {} ([env])", canonical.display())),
        "{}",
        stderr_of(&out)
    );
    let (out, _) = run_in(&sb, &repo, &["-q"]);
    assert_eq!(stderr_of(&out), "");

    // One changed byte is a new file.
    fs::write(
        repo.join("sesame.toml"),
        "[env]\nTOKEN = \"app/dev/token\"\nHOME = \"app/dev/token\"\n",
    )
    .unwrap();
    let (out, ran) = run_in(&sb, &repo, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!ran);
    assert!(stderr_of(&out).contains("HOME <- app/dev/token"));

    // The listing tells approved from changed; deny withdraws.
    let listed = sb.ok(["allow", "--list"]);
    assert!(listed.starts_with("changed"), "{listed}");
    sb.ok(["allow", repo.to_str().unwrap()]);
    let listed = sb.json(["allow", "--list"]);
    assert_eq!(listed["projects"][0]["status"], "approved");
    assert_eq!(listed["projects"][0]["path"], canonical.to_str().unwrap());
    sb.cmd()
        .current_dir(&repo)
        .args(["deny"])
        .assert()
        .success();
    let (out, ran) = run_in(&sb, &repo, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!ran);
}

#[test]
fn the_search_stops_at_the_repository_root() {
    let sb = sandbox();
    // An approved file above the repository is not the repository's.
    fs::write(
        sb.dir.path().join("sesame.toml"),
        "[env]\nTOKEN = \"app/dev/token\"\n",
    )
    .unwrap();
    sb.ok(["allow"]);
    let repo = sb.dir.path().join("repo");
    let sub = repo.join("src");
    fs::create_dir_all(&sub).unwrap();
    fs::create_dir_all(repo.join(".git")).unwrap();
    let (out, ran) = run_in(&sb, &sub, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!ran);
    assert!(stderr_of(&out).contains("no secrets selected"));
    // Without the .git, the search goes on up to it.
    fs::remove_dir(repo.join(".git")).unwrap();
    let (out, ran) = run_in(&sb, &sub, &[]);
    assert!(ran, "{}", stderr_of(&out));
}

fn running_as_root() -> bool {
    rustix_uid() == 0
}

fn rustix_uid() -> u32 {
    let out = std::process::Command::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

#[test]
fn a_project_file_others_can_write_or_own_is_refused() {
    let sb = sandbox();
    let repo = cloned_repo(&sb);
    let file = repo.join("sesame.toml");
    sb.ok(["allow", file.to_str().unwrap()]);
    fs::set_permissions(&file, fs::Permissions::from_mode(0o666)).unwrap();
    let (out, ran) = run_in(&sb, &repo, &[]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert!(!ran);
    assert!(
        stderr_of(&out).contains("chmod go-w"),
        "{}",
        stderr_of(&out)
    );
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
    assert!(run_in(&sb, &repo, &[]).1);

    if !running_as_root() {
        eprintln!("skipped the other-owner cases: they need root to chown");
        return;
    }
    // A file another user owns, as in a sticky shared directory.
    // It is skipped with a warning naming it: not used, and no obstacle to -s.
    std::os::unix::fs::chown(&file, Some(4242), None).unwrap();
    let (out, ran) = run_in(&sb, &repo, &[]);
    assert!(!ran);
    let err = stderr_of(&out);
    assert!(
        err.contains("skipped") && err.contains("belongs to user 4242"),
        "{err}"
    );
    assert!(!contains(&out.stdout, VALUE.as_bytes()));
    let (out, ran) = run_in(&sb, &repo, &["-s", "app/dev/token=TOKEN"]);
    assert!(ran && out.status.success(), "{}", stderr_of(&out));
    // The same for a directory or a link another user owns there.
    fs::remove_file(&file).unwrap();
    fs::create_dir(&file).unwrap();
    std::os::unix::fs::chown(&file, Some(4242), None).unwrap();
    let (out, ran) = run_in(&sb, &repo, &["-s", "app/dev/token=TOKEN"]);
    assert!(ran && out.status.success(), "{}", stderr_of(&out));
    fs::remove_dir(&file).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", &file).unwrap();
    std::os::unix::fs::lchown(&file, Some(4242), None).unwrap();
    let (out, ran) = run_in(&sb, &repo, &["-s", "app/dev/token=TOKEN"]);
    assert!(ran && out.status.success(), "{}", stderr_of(&out));
    fs::remove_file(&file).unwrap();
    fs::write(&file, "[env]\nTOKEN = \"app/dev/token\"\n").unwrap();
    std::os::unix::fs::chown(&file, Some(4242), None).unwrap();
    sb.cmd()
        .args(["allow", file.to_str().unwrap()])
        .assert()
        .code(5);

    // A directory another user owns ends the search before it.
    std::os::unix::fs::chown(&file, Some(0), None).unwrap();
    let theirs = repo.join("theirs");
    let mine = theirs.join("mine");
    fs::create_dir_all(&mine).unwrap();
    fs::remove_dir(repo.join(".git")).unwrap();
    std::os::unix::fs::chown(&theirs, Some(4242), None).unwrap();
    let (out, ran) = run_in(&sb, &mine, &[]);
    assert!(!ran, "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("no secrets selected"));

    // A directory others may write (sticky, as /tmp) ends it too: a
    // sesame.toml dropped there is never read.
    std::os::unix::fs::chown(&theirs, Some(0), None).unwrap();
    fs::set_permissions(&theirs, fs::Permissions::from_mode(0o1777)).unwrap();
    fs::write(
        theirs.join("sesame.toml"),
        "[env]\nTOKEN = \"app/dev/token\"\n",
    )
    .unwrap();
    let (out, ran) = run_in(&sb, &mine, &[]);
    assert!(!ran, "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("no secrets selected"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn ci_pins_the_exact_file_by_its_hash() {
    let sb = sandbox();
    let repo = cloned_repo(&sb);
    let sha = {
        let out = std::process::Command::new("sha256sum")
            .arg(repo.join("sesame.toml"))
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()[..64].to_owned()
    };
    let with_pin = |pin: &str| {
        let marker = sb.dir.path().join("ran");
        let _ = fs::remove_file(&marker);
        let out = sb
            .cmd()
            .current_dir(&repo)
            .env("SESAME_PROJECT_SHA256", pin)
            .args(["run", "--no-mask", "--", "sh", "-c"])
            .arg(format!(
                "echo \"${{TOKEN-unset}} ${{SESAME_PROJECT_SHA256-gone}}\"; touch '{}'",
                marker.display()
            ))
            .output()
            .unwrap();
        (out, marker.exists())
    };
    let (out, ran) = with_pin(&sha);
    assert!(ran, "{}", stderr_of(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{VALUE} gone\n")
    );
    let (out, ran) = with_pin(&"0".repeat(64));
    assert_eq!(out.status.code(), Some(2));
    assert!(!ran);
    assert!(stderr_of(&out).contains(&sha), "{}", stderr_of(&out));
    let (out, ran) = with_pin("yes");
    assert_eq!(out.status.code(), Some(2));
    assert!(!ran);
}

#[test]
fn control_characters_in_a_project_file_are_escaped_in_the_error() {
    let sb = sandbox();
    let repo = cloned_repo(&sb);
    for text in [
        "[env]\n\"X\u{1b}]52;c;aGVsbG8=\u{7}\" = \"app/dev/token\"\n",
        "[env]\n\"A\u{1b}[2J\" = \"app/dev/token\"\n",
        "[env]\nA = \"app/dev/\u{202e}token\"\n",
        "[profile.\"p\u{9b}2J\".env]\nA = \"app/dev/token\"\n",
    ] {
        fs::write(repo.join("sesame.toml"), text).unwrap();
        for args in [
            &["run", "--", "true"][..],
            &["allow"],
            &["run", "-p", "p\u{9b}2J", "--", "true"],
        ] {
            let out = sb.cmd().current_dir(&repo).args(args).output().unwrap();
            assert_no_raw_controls("stderr", &out.stderr);
            assert_no_raw_controls("stdout", &out.stdout);
        }
    }
}

#[test]
fn names_and_program_names_are_escaped_everywhere() {
    let sb = sandbox();
    // A secret name and a program name with terminal controls.
    let out = sb
        .cmd()
        .args(["get", "evil\u{1b}[2J/\u{202e}x"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_no_raw_controls("get's error", &out.stderr);
    let out = sb
        .cmd()
        .args([
            "run",
            "-s",
            "app/dev/token",
            "--",
            "no-such-\u{1b}]52;c;aGk=\u{7}prog",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(127));
    assert_no_raw_controls("run's error", &out.stderr);
    // The audit table: the record of that program hides nothing around it.
    let table = sb.cmd().args(["audit"]).output().unwrap();
    assert!(table.status.success());
    assert_no_raw_controls("audit", &table.stdout);
    assert!(
        String::from_utf8_lossy(&table.stdout).contains("no-such-\\e]52;c;aGk=\\x07prog"),
        "{}",
        String::from_utf8_lossy(&table.stdout)
    );
    let json = sb.cmd().args(["audit", "--json"]).output().unwrap();
    assert_no_raw_controls("audit --json", &json.stdout);
    assert!(String::from_utf8_lossy(&json.stdout).contains("\\u001b]52"));
}

#[test]
fn get_escapes_a_value_on_a_terminal_and_pipes_the_bytes() {
    let sb = sandbox();
    let hostile = "before\u{1b}]52;c;aGk=\u{7}after\u{202e}";
    sb.set("app/dev/hostile", hostile);
    // Into a pipe: the bytes.
    assert_eq!(sb.ok(["get", "-n", "app/dev/hostile"]), hostile);
    let Some(out) = on_terminal(&sb, "get app/dev/hostile", &format!("{PASSWORD}\n")) else {
        return;
    };
    assert_no_raw_controls("get on a terminal", &out.stdout);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("before\\e]52;c;aGk=\\x07after\\u{202e}"),
        "{:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    let Some(out) = on_terminal(&sb, "get --raw app/dev/hostile", &format!("{PASSWORD}\n")) else {
        return;
    };
    assert!(contains(&out.stdout, hostile.as_bytes()));

    // Lines stay lines: a multi-line value is escaped line by line, so a key
    // with a stray control character is still readable as a key.
    sb.set(
        "app/dev/pem",
        "-----BEGIN KEY-----\nab\u{1b}[2Jcd\n-----END KEY-----\n",
    );
    let Some(out) = on_terminal(&sb, "get app/dev/pem", &format!("{PASSWORD}\n")) else {
        return;
    };
    assert_no_raw_controls("a multi-line value on a terminal", &out.stdout);
    let shown = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
    assert!(
        shown.contains("-----BEGIN KEY-----\nab\\e[2Jcd\n-----END KEY-----"),
        "{shown:?}"
    );
}

#[test]
fn completion_offers_profiles_of_an_approved_project_file_only() {
    let sb = sandbox();
    let repo = cloned_repo(&sb);
    fs::write(
        repo.join("sesame.toml"),
        "[env]\nA = \"app/dev/token\"\n[profile.prod.env]\nA = \"app/dev/token\"\n",
    )
    .unwrap();
    let complete = || {
        let out = sb
            .cmd_locked()
            .current_dir(&repo)
            .args(["__complete", "profiles", "--", "p"])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(complete(), "", "an unapproved file offers nothing");
    sb.cmd().current_dir(&repo).arg("allow").assert().success();
    // Approvals are sealed with the identity: no unlock, nothing offered.
    assert_eq!(complete(), "", "offered without an unlock");
    let out = sb
        .cmd_locked()
        .env("SESAME_IDENTITY", sb.identity())
        .current_dir(&repo)
        .args(["__complete", "profiles", "--", "p"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "prod\n");
}

/// Lower-case hex SHA-256 of `bytes` (via the `sha256sum` a user would run).
fn sha256_hex(bytes: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_owned()
}

/// The attack of the review: a program run under `sesame run` (a
/// repository's Makefile) rewrites sesame.toml and writes its own approval
/// into the local state. The record is sealed, so nothing is injected.
#[test]
fn a_child_cannot_forge_an_approval() {
    let sb = sandbox();
    let repo = cloned_repo(&sb);
    sb.cmd().current_dir(&repo).arg("allow").assert().success();
    let record = sb.home.join(".local/state/sesame/projects");
    let sealed = fs::read(&record).unwrap();
    assert!(sealed.starts_with(b"sesame-sealed-1 "), "not sealed");
    let canonical = repo.canonicalize().unwrap().join("sesame.toml");
    let hostile = b"[env]\nTOKEN = \"app/dev/token\"\nEXTRA = \"app/dev/token\"\n";
    let forge = |bytes: &[u8]| fs::write(&record, bytes).unwrap();
    let json = format!(
        "{{\"version\":1,\"approved\":[{{\"path\":\"{}\",\"sha256\":\"{}\"}}]}}\n",
        canonical.display(),
        sha256_hex(hostile)
    );
    fs::write(repo.join("sesame.toml"), hostile).unwrap();
    // 1. the old unsealed shape: exit 2, told to approve again.
    forge(json.as_bytes());
    let (out, ran) = run_in(&sb, &repo, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(!ran && !contains(&out.stdout, VALUE.as_bytes()));
    assert!(
        stderr_of(&out).contains("earlier sesame"),
        "{}",
        stderr_of(&out)
    );
    // 2. a sealed shape with a tag it cannot compute: exit 5.
    let head_end = sealed.iter().position(|&b| b == b'\n').unwrap();
    let mut fake = sealed[..=head_end].to_vec();
    fake.extend_from_slice(json.as_bytes());
    forge(&fake);
    let (out, ran) = run_in(&sb, &repo, &[]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert!(!ran && !contains(&out.stdout, VALUE.as_bytes()));
    // The user re-approves after reading; an unsealed record is replaced.
    forge(json.as_bytes());
    sb.cmd().current_dir(&repo).arg("allow").assert().success();
    let (out, ran) = run_in(&sb, &repo, &[]);
    assert!(ran && out.status.success(), "{}", stderr_of(&out));
}

#[test]
fn a_link_to_an_approved_project_file_does_not_borrow_its_approval() {
    let sb = sandbox();
    // The user's own project, approved.
    let mine = sb.dir.path().join("mine");
    fs::create_dir_all(mine.join(".git")).unwrap();
    fs::write(
        mine.join("sesame.toml"),
        "[env]\nTOKEN = \"app/dev/token\"\n",
    )
    .unwrap();
    sb.cmd().current_dir(&mine).arg("allow").assert().success();
    // A hostile repository whose sesame.toml links to it.
    let theirs = sb.dir.path().join("theirs");
    fs::create_dir_all(theirs.join(".git")).unwrap();
    std::os::unix::fs::symlink("../mine/sesame.toml", theirs.join("sesame.toml")).unwrap();
    let (out, ran) = run_in(&sb, &theirs, &[]);
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert!(!ran);
    assert!(stderr_of(&out).contains("symbolic link"));
    assert!(!contains(&out.stdout, VALUE.as_bytes()));
}

#[test]
fn allow_sha256_approves_only_the_content_reviewed() {
    let sb = sandbox();
    let repo = cloned_repo(&sb);
    let reviewed = sha256_hex(&fs::read(repo.join("sesame.toml")).unwrap());
    // Changed between the refusal and the approval: nothing is approved.
    fs::write(
        repo.join("sesame.toml"),
        "[env]\nTOKEN = \"app/dev/token\"\nEVIL = \"app/dev/token\"\n",
    )
    .unwrap();
    let out = sb
        .cmd()
        .current_dir(&repo)
        .args(["allow", "--sha256", &reviewed])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("has changed"),
        "{}",
        stderr_of(&out)
    );
    let (out, ran) = run_in(&sb, &repo, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!ran);
    // The exact command of the refusal approves the file as shown.
    let err = stderr_of(&out);
    let hint = err
        .split("run `")
        .nth(1)
        .unwrap()
        .split('`')
        .next()
        .unwrap();
    assert!(hint.starts_with("sesame allow --sha256 "), "{hint}");
    let args: Vec<&str> = hint.split(' ').skip(1).collect();
    sb.cmd().current_dir(&repo).args(&args).assert().success();
    let (out, ran) = run_in(&sb, &repo, &[]);
    assert!(ran && out.status.success(), "{}", stderr_of(&out));
}

/// `env` (every format) on a terminal escapes what a value could drive it
/// with; into a pipe it prints the bytes, and JSON is always `\uXXXX`.
#[test]
fn env_escapes_values_on_a_terminal_and_json_always() {
    let sb = sandbox();
    let hostile = "before\u{1b}]52;c;aGk=\u{7}after\u{202e}zw\u{200b}tag\u{e0041}";
    sb.set("app/dev/hostile", hostile);
    // Into a pipe: the bytes (shell quoting keeps them).
    let piped = sb.ok(["env", "--format", "shell", "-s", "app/dev/hostile=H"]);
    assert!(piped.contains(hostile), "{piped:?}");
    // JSON: the same value, never a raw control, bidi or invisible character.
    let out = sb
        .cmd()
        .args(["env", "--format", "json", "-s", "app/dev/hostile=H"])
        .output()
        .unwrap();
    assert_no_raw_controls("env --format json", &out.stdout);
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{e0041}'));
    let parsed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(parsed["H"], hostile);
    for format in ["shell", "dotenv", "fish", "json"] {
        let Some(out) = on_terminal(
            &sb,
            &format!("env --format {format} -s app/dev/hostile=H"),
            &format!("{PASSWORD}\n"),
        ) else {
            return;
        };
        assert_no_raw_controls(&format!("env --format {format} on a terminal"), &out.stdout);
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains('\u{e0041}'),
            "{format}"
        );
    }
    let Some(out) = on_terminal(
        &sb,
        "env --raw --format shell -s app/dev/hostile=H",
        &format!("{PASSWORD}\n"),
    ) else {
        return;
    };
    assert!(contains(&out.stdout, hostile.as_bytes()));
}

/// Local state inside a git work tree or inside the store is refused (exit
/// 5): a checkout or a shared store must not carry this machine's records.
#[test]
fn local_state_inside_a_repository_or_the_store_is_refused() {
    let sb = sandbox();
    let repo = cloned_repo(&sb);
    for state in [repo.join("st"), sb.store.join("st")] {
        let out = sb
            .cmd()
            .current_dir(&repo)
            .env("XDG_STATE_HOME", &state)
            .arg("allow")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains("XDG_STATE_HOME outside"),
            "{}",
            stderr_of(&out)
        );
        assert!(!state.exists(), "state written at {}", state.display());
    }
    // A record others can read is used, with a warning.
    sb.cmd().current_dir(&repo).arg("allow").assert().success();
    let record = sb.home.join(".local/state/sesame/projects");
    fs::set_permissions(&record, fs::Permissions::from_mode(0o644)).unwrap();
    let (out, ran) = run_in(&sb, &repo, &[]);
    assert!(ran, "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("can be read by other users"),
        "{}",
        stderr_of(&out)
    );
}
