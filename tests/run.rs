//! `sesame run` with real child processes, real signals, real pipes and a real
//! pseudo-terminal.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{
    PASSWORD, Sandbox, contains, on_terminal_in, require_program, sesame_bin, stderr_of, stdout_ok,
    wait_until,
};
use base64::Engine;
use rustix::process::Signal;

const VALUE: &str = "hunter2-Secret/Value+42";

/// A shell loop that keeps a script alive for up to 20 s in short sleeps, so
/// that a trap runs soon after its signal.
const STAY_UP: &str = "i=0; while [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done";

fn sandbox() -> Sandbox {
    let sb = Sandbox::init();
    sb.set("app/dev/token", VALUE);
    sb
}

/// `run -s app/dev/token -- sh -c SCRIPT`: masked unless on a terminal.
fn run_default(script: &str) -> [&str; 7] {
    ["run", "-s", "app/dev/token", "--", "sh", "-c", script]
}

/// `run MODE -s app/dev/token -- sh -c SCRIPT`.
fn run_sh<'a>(mode: &'a str, script: &'a str) -> [&'a str; 8] {
    ["run", mode, "-s", "app/dev/token", "--", "sh", "-c", script]
}

/// What the command of `run MODE -s app/dev/token -- sh -c SCRIPT` prints.
fn printed(sb: &Sandbox, mode: &str, script: &str) -> String {
    let out = sb.cmd().args(run_sh(mode, script)).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// `sesame` started directly (no `setsid` wrapper), so that its pid is
/// sesame's own and signals and statuses are not relayed by anything else.
fn direct(sb: &Sandbox) -> Command {
    let mut c = Command::new(sesame_bin());
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &sb.home)
        .env("LANG", "C.UTF-8")
        .env("SESAME_STORE", &sb.store)
        .env("SESAME_PASSWORD", PASSWORD)
        .current_dir(sb.dir.path())
        .stdin(Stdio::null());
    c
}

/// `sesame ARGS` started [`direct`]ly in the background, its stdout to `stdout`.
fn spawn(sb: &Sandbox, args: &[&str], stdout: Stdio) -> Guard {
    Guard(direct(sb).args(args).stdout(stdout).spawn().unwrap())
}

/// Wait until the file at `path` holds a whole line (the writer has finished).
fn wait_for(path: &Path) {
    wait_until(
        Duration::from_secs(20),
        &format!("a line in {}", path.display()),
        || fs::read_to_string(path).is_ok_and(|t| t.ends_with('\n')),
    );
}

/// A spawned process that is killed if the test fails before it is waited for.
struct Guard(std::process::Child);

impl Drop for Guard {
    fn drop(&mut self) {
        if self.0.try_wait().ok().flatten().is_none() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

impl std::ops::Deref for Guard {
    type Target = std::process::Child;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Guard {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

/// Wait (up to 20 s) for `child` to exit; on a timeout the [`Guard`] kills it.
fn wait_timeout(child: &mut std::process::Child) -> std::process::ExitStatus {
    let mut status = None;
    wait_until(Duration::from_secs(20), "sesame exits", || {
        status = child.try_wait().unwrap();
        status.is_some()
    });
    status.unwrap()
}

fn signal(pid: u32, sig: Signal) {
    let pid = rustix::process::Pid::from_raw(i32::try_from(pid).unwrap()).unwrap();
    rustix::process::kill_process(pid, sig).unwrap();
}

#[test]
fn exit_codes_pass_through_in_exec_and_spawn_mode() {
    let sb = sandbox();
    for mode in ["--no-mask", "--mask"] {
        sb.exits(run_sh(mode, "exit 7"), 7);
        sb.exits(["run", mode, "-s", "app/dev/token", "--", "true"], 0);
    }
}

#[test]
fn a_command_that_does_not_exist_exits_127_like_in_a_shell() {
    let sb = sandbox();
    sb.fails(
        ["run", "-s", "app/dev/token", "--", "no-such-command-xyz"],
        127,
        "no-such-command-xyz",
    );
}

#[test]
fn a_child_in_its_own_session_is_still_reaped() {
    let sb = sandbox();
    if !require_program("setsid", "moves the child to its own session") {
        return;
    }
    sb.cmd()
        .args([
            "run",
            "--mask",
            "-s",
            "app/dev/token",
            "--",
            "setsid",
            "sh",
            "-c",
            "exit 5",
        ])
        .timeout(Duration::from_secs(20))
        .assert()
        .code(5);
}

/// The status of `sesame run MODE` of a command that kills itself with SIGKILL.
fn status_of_a_child_killed_by_sigkill(mode: &str) -> std::process::ExitStatus {
    let sb = sandbox();
    direct(&sb)
        .args(run_sh(mode, "kill -KILL $$"))
        .status()
        .unwrap()
}

#[test]
fn in_spawn_mode_a_child_killed_by_sigkill_gives_137() {
    let st = status_of_a_child_killed_by_sigkill("--mask");
    assert_eq!(st.code(), Some(137), "128+9");
}

#[test]
fn in_exec_mode_a_child_killed_by_sigkill_is_sesame_killed_by_it() {
    // Exec mode: sesame *is* the child, so the status is the signal itself.
    use std::os::unix::process::ExitStatusExt;
    let st = status_of_a_child_killed_by_sigkill("--no-mask");
    assert_eq!(st.signal(), Some(9));
}

/// `run --mask` of a script that sets `traps` (`{log}` in them stands for the
/// path of a log file) and stays up, started once the traps are set; and the
/// log's path.
fn started_with_traps(sb: &Sandbox, traps: &str) -> (Guard, PathBuf) {
    let log = sb.dir.path().join("log");
    let ready = sb.dir.path().join("ready");
    let script = format!(
        "{}; echo up > {}; {STAY_UP}",
        traps.replace("{log}", &log.display().to_string()),
        ready.display()
    );
    let child = spawn(sb, &run_sh("--mask", &script), Stdio::null());
    wait_for(&ready);
    (child, log)
}

#[test]
fn sigterm_reaches_the_child_once_and_its_code_comes_back() {
    let sb = sandbox();
    let (mut child, hits) = started_with_traps(&sb, "trap 'echo TERM >> {log}; exit 42' TERM");
    signal(child.id(), Signal::TERM);
    let st = wait_timeout(&mut child);
    assert_eq!(st.code(), Some(42));
    assert_eq!(
        fs::read_to_string(&hits).unwrap(),
        "TERM\n",
        "delivered exactly once"
    );
}

#[test]
fn other_signals_are_forwarded() {
    let sb = sandbox();
    let (mut child, log) = started_with_traps(
        &sb,
        "trap 'echo USR1 >> {log}' USR1; trap 'echo HUP >> {log}; exit 3' HUP",
    );
    signal(child.id(), Signal::USR1);
    wait_for(&log);
    signal(child.id(), Signal::HUP);
    let st = wait_timeout(&mut child);
    assert_eq!(st.code(), Some(3));
    assert_eq!(fs::read_to_string(&log).unwrap(), "USR1\nHUP\n");
}

#[test]
fn sesame_variables_never_reach_the_child() {
    let sb = sandbox();
    for mode in ["--no-mask", "--mask"] {
        let env = stdout_ok(
            sb.cmd()
                .env("SESAME_IDENTITY_FILE", "/nonexistent-but-not-used")
                .env_remove("SESAME_IDENTITY_FILE")
                .env("SESAME_LOCK_TIMEOUT", "5")
                .args(["run", mode, "-s", "app/dev/token", "--", "env"]),
        );
        assert!(!env.contains("SESAME_"), "{mode}: {env}");
        assert!(!env.contains(PASSWORD), "{mode}");
        assert!(env.lines().any(|l| l.starts_with("DEV_TOKEN=")), "{mode}");
        assert!(
            env.lines().any(|l| l.starts_with("PATH=")),
            "inherited variables stay"
        );
    }
}

/// What `$DEV_TOKEN` is in a child of `sesame run OPTION` started with
/// `DEV_TOKEN=inherited` in its environment.
fn dev_token_over_inherited(sb: &Sandbox, option: &str) -> String {
    let out = sb
        .cmd()
        .env("DEV_TOKEN", "inherited")
        .args(run_sh(option, "printf %s \"$DEV_TOKEN\""))
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn secrets_override_inherited_variables() {
    let sb = sandbox();
    assert_eq!(dev_token_over_inherited(&sb, "--no-mask"), VALUE);
}

#[test]
fn no_override_keeps_inherited_variables() {
    let sb = sandbox();
    assert_eq!(dev_token_over_inherited(&sb, "--no-override"), "inherited");
}

#[test]
fn output_is_masked_in_stdout_and_stderr_including_split_writes() {
    let sb = sandbox();
    let (head, tail) = VALUE.split_at(9);
    let script = format!(
        "echo \"out $DEV_TOKEN\"; echo \"err $DEV_TOKEN\" >&2; printf 'split {head}'; sleep 0.4; printf '{tail} done\\n'"
    );
    let out = sb.cmd().args(run_default(&script)).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stdout, "out ***\nsplit *** done\n");
    assert!(stderr.contains("err ***\n"), "{stderr}");
    assert!(!contains(stderr.as_bytes(), VALUE.as_bytes()));
}

#[test]
fn mask_labels_name_the_secret() {
    let sb = sandbox();
    assert_eq!(
        printed(&sb, "--mask-label", "echo $DEV_TOKEN"),
        "[masked:app/dev/token]\n"
    );
}

#[test]
fn a_line_appears_at_once_while_the_child_keeps_running() {
    let sb = sandbox();
    let mut child = spawn(
        &sb,
        &run_default("echo first line $DEV_TOKEN; sleep 3"),
        Stdio::piped(),
    );
    let mut stdout = child.stdout.take().unwrap();
    let start = Instant::now();
    let mut buf = [0u8; 64];
    let n = stdout.read(&mut buf).unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "the line was held back"
    );
    assert_eq!(&buf[..n], b"first line ***\n");
    wait_timeout(&mut child);
}

#[test]
fn encoded_forms_are_masked() {
    let sb = sandbox();
    let v = VALUE.as_bytes();
    let forms = [
        base64::engine::general_purpose::STANDARD.encode(v),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v),
        v.iter().map(|b| format!("{b:02x}")).collect::<String>(),
        v.iter().map(|b| format!("{b:02X}")).collect::<String>(),
        "hunter2-Secret%2FValue%2B42".to_owned(),
        serde_json::to_string(VALUE)
            .unwrap()
            .trim_matches('"')
            .to_owned(),
        serde_json::to_string("tab\tand \"quote\" ✓ value")
            .unwrap()
            .trim_matches('"')
            .to_owned(),
    ];
    sb.set("app/dev/json", "tab\tand \"quote\" ✓ value");
    let mut args: Vec<String> = [
        "run",
        "-s",
        "app/dev/token",
        "-s",
        "app/dev/json",
        "--",
        "sh",
        "-c",
        "printf '<%s>\\n' \"$@\"",
        "sh",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(forms.iter().cloned());
    let out = sb.cmd().args(&args).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout, "<***>\n".repeat(forms.len()), "{stdout}");
    // Sanity: the forms really are different texts.
    assert!(forms.iter().all(|f| !f.contains(VALUE) || f == VALUE));
}

#[test]
fn binary_output_passes_through_unchanged() {
    let sb = sandbox();
    let data: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    let file = sb.dir.path().join("bin");
    fs::write(&file, &data).unwrap();
    let out = sb
        .cmd()
        .args(["run", "-s", "app/dev/token", "--", "cat"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, data);
}

#[test]
fn no_mask_shows_values() {
    let sb = sandbox();
    assert_eq!(
        printed(&sb, "--no-mask", "echo $DEV_TOKEN"),
        format!("{VALUE}\n")
    );
}

#[test]
fn short_values_are_not_masked_and_are_named() {
    let sb = sandbox();
    sb.set("app/dev/pin", "1234");
    let out = sb
        .cmd()
        .args([
            "run",
            "-s",
            "app/dev/pin",
            "-s",
            "app/dev/token",
            "--",
            "sh",
            "-c",
            "echo $DEV_PIN",
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "1234\n");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("app/dev/pin") && stderr.contains("not masked"),
        "{stderr}"
    );
}

/// What the terminal shows of `sesame ARGS`, unlocked by the password;
/// `None` (skip) without `script`.
fn shown_on_a_terminal(sb: &Sandbox, args: &str) -> Option<String> {
    let with_password = format!("env SESAME_PASSWORD='{PASSWORD}'");
    let out = on_terminal_in(sb, &with_password, args, "")?;
    assert!(out.status.success(), "{}", stderr_of(&out));
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn not_masked_on_a_terminal() {
    let sb = sandbox();
    let Some(shown) =
        shown_on_a_terminal(&sb, "run -s app/dev/token -- sh -c 'echo tty $DEV_TOKEN'")
    else {
        return;
    };
    assert!(shown.contains(&format!("tty {VALUE}")), "{shown:?}");
}

#[test]
fn masked_on_a_terminal_when_forced() {
    let sb = sandbox();
    let Some(shown) = shown_on_a_terminal(
        &sb,
        "run --mask -s app/dev/token -- sh -c 'echo tty $DEV_TOKEN'",
    ) else {
        return;
    };
    assert!(shown.contains("tty ***"), "{shown:?}");
    assert!(!shown.contains(VALUE), "{shown:?}");
}

/// A sandbox that also holds a JSON credential file's text as `gcp/dev/sa`.
fn with_credentials_file() -> Sandbox {
    let sb = sandbox();
    sb.set(
        "gcp/dev/sa",
        "{\n  \"private_key\": \"-----BEGIN KEY-----\\nabc\"\n}",
    );
    sb
}

#[test]
fn file_hand_over_is_a_private_memory_file_never_on_disk() {
    let sb = with_credentials_file();
    for mask in ["--no-mask", "--mask"] {
        let stdout = stdout_ok(sb.cmd().args([
            "run",
            mask,
            "-f",
            "gcp/dev/sa=CREDS",
            "--",
            "sh",
            "-c",
            "echo \"$CREDS\"; readlink \"$CREDS\"; ls -lL \"$CREDS\" | cut -c1-10; cat \"$CREDS\"",
        ]));
        let mut lines = stdout.lines();
        let path = lines.next().unwrap();
        assert!(path.starts_with("/dev/fd/"), "{stdout}");
        // An anonymous memory file: no directory, nothing to remove.
        assert!(
            lines.next().unwrap().starts_with("/memfd:sesame-CREDS"),
            "{stdout}"
        );
        assert_eq!(lines.next(), Some("-rw-------"));
        let rest = lines.collect::<Vec<_>>().join("\n");
        if mask == "--no-mask" {
            assert_eq!(rest, sb.get("gcp/dev/sa"));
        }
    }
}

#[test]
fn a_handed_over_ssh_key_is_read_by_ssh_keygen() {
    if !crate::util::require_program("ssh-keygen", "to read a handed-over key") {
        return;
    }
    let sb = sandbox();
    let key = sb.dir.path().join("id_ed25519");
    let made = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "handed-over", "-f"])
        .arg(&key)
        .status()
        .unwrap();
    assert!(made.success());
    // The key ends with a newline, which OpenSSH needs: sent with one more, as
    // `set` drops one trailing newline from stdin.
    let mut text = fs::read_to_string(&key).unwrap();
    text.push('\n');
    sb.set("ssh/deploy", &text);
    let public = fs::read_to_string(key.with_extension("pub")).unwrap();
    for mask in ["--no-mask", "--mask"] {
        let out = stdout_ok(sb.cmd().args([
            "run",
            mask,
            "-f",
            "ssh/deploy=KEY",
            "--",
            "sh",
            "-c",
            "ssh-keygen -y -f \"$KEY\"",
        ]));
        assert_eq!(
            out.split_whitespace().nth(1),
            public.split_whitespace().nth(1),
            "{mask}"
        );
    }
}

#[test]
fn file_hand_over_from_the_project_file() {
    let sb = with_credentials_file();
    project_file(
        &sb,
        "[env]\nCREDS = { secret = \"gcp/dev/sa\", file = true }\n",
    );
    let out = sb.ok(["run", "--", "sh", "-c", "cat \"$CREDS\" | head -1"]);
    assert_eq!(out, "{\n");
}

#[test]
fn file_hand_over_leaves_nothing_behind_whatever_signal_ends_sesame() {
    for sig in [Signal::TERM, Signal::ALARM, Signal::USR1, Signal::KILL] {
        let sb = sandbox();
        let ready = sb.dir.path().join("ready");
        let script = format!(
            "{{ echo \"$F\"; readlink \"$F\"; echo $$; }} > {r}.tmp; mv {r}.tmp {r}; {STAY_UP}",
            r = ready.display()
        );
        let hand_over = [
            "run",
            "--mask",
            "-f",
            "app/dev/token=F",
            "--",
            "sh",
            "-c",
            &script,
        ];
        let mut child = spawn(&sb, &hand_over, Stdio::inherit());
        wait_for(&ready);
        let said = fs::read_to_string(&ready).unwrap();
        let mut lines = said.lines();
        let path = PathBuf::from(lines.next().unwrap());
        assert!(path.starts_with("/dev/fd/"), "{said}");
        // Not a file on any file system: nothing can be left behind.
        assert!(lines.next().unwrap().starts_with("/memfd:"), "{said}");
        let shell: u32 = lines.next().unwrap().parse().unwrap();
        signal(child.id(), sig);
        let st = wait_timeout(&mut child);
        assert!(!st.success(), "{sig:?}");
        // A signal sesame does not forward leaves the child running: stop it.
        let _ = rustix::process::kill_process(
            rustix::process::Pid::from_raw(i32::try_from(shell).unwrap()).unwrap(),
            Signal::KILL,
        );
    }
}

/// Where memory files can't be opened by path (no `/dev/fd`: here a private
/// mount namespace with an empty `/dev`), `-f` falls back to a file in a
/// private directory. Every catchable signal that would end sesame is caught
/// while it exists: forwarded, and the directory removed (review of issue 13).
#[test]
fn file_hand_over_fallback_is_removed_on_every_catchable_fatal_signal() {
    let probe = Command::new("unshare")
        .args(["-m", "sh", "-c", "mount -t tmpfs none /dev"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        // A privilege, not a package: skipped (with the reason) even when strict.
        eprintln!("SKIPPED: cannot hide /dev/fd (unshare -m and mount need root)");
        return;
    }
    for sig in [
        Signal::ALARM,
        Signal::VTALARM,
        Signal::XCPU,
        Signal::PROF,
        Signal::XFSZ,
        Signal::SYS,
        Signal::IO,
        Signal::POWER,
        Signal::TERM,
    ] {
        let sb = sandbox();
        let runtime = sb.dir.path().join("runtime");
        fs::create_dir(&runtime).unwrap();
        fs::set_permissions(
            &runtime,
            std::os::unix::fs::PermissionsExt::from_mode(0o700),
        )
        .unwrap();
        let ready = sb.dir.path().join("ready");
        let script = format!(
            "{{ echo \"$F\"; echo $$; }} > {r}.tmp; mv {r}.tmp {r}; {STAY_UP}",
            r = ready.display()
        );
        let mut child = Guard(
            Command::new("unshare")
                .args([
                    "-m",
                    "sh",
                    "-c",
                    "mount -t tmpfs none /dev && mknod -m 666 /dev/null c 1 3 && exec \"$0\" \"$@\"",
                ])
                .arg(sesame_bin())
                .args(["run", "-f", "app/dev/token=F", "--", "sh", "-c", &script])
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("HOME", &sb.home)
                .env("SESAME_STORE", &sb.store)
                .env("SESAME_PASSWORD", PASSWORD)
                .env("XDG_RUNTIME_DIR", &runtime)
                .current_dir(sb.dir.path())
                .stdin(Stdio::null())
                .spawn()
                .unwrap(),
        );
        wait_for(&ready);
        let said = fs::read_to_string(&ready).unwrap();
        let mut lines = said.lines();
        let path = PathBuf::from(lines.next().unwrap());
        assert!(path.starts_with(&runtime), "not the fallback: {said}");
        assert!(path.is_file());
        let shell: u32 = lines.next().unwrap().parse().unwrap();
        signal(child.id(), sig);
        let st = wait_timeout(&mut child);
        assert!(!st.success(), "{sig:?}");
        let left: Vec<_> = fs::read_dir(&runtime).unwrap().collect();
        assert!(left.is_empty(), "{sig:?} left {left:?} behind");
        let _ = rustix::process::kill_process(
            rustix::process::Pid::from_raw(i32::try_from(shell).unwrap()).unwrap(),
            Signal::KILL,
        );
    }
}

/// Write `text` as `sesame.toml` in the sandbox (the directory commands run
/// in), and approve it when it parses.
fn project_file(sb: &Sandbox, text: &str) {
    fs::write(sb.dir.path().join("sesame.toml"), text).unwrap();
    let _ = sb.cmd().args(["allow"]).output().unwrap();
}

/// A project `proj/sesame.toml` (TOKEN; a `prod` profile with another TOKEN
/// and EXTRA), and the subdirectory `proj/src/deep` to run from.
fn with_project_profiles(sb: &Sandbox) -> PathBuf {
    sb.set("app/prod/token", "prod-token-value");
    sb.set("other/secret", "other-secret-value");
    let project = sb.dir.path().join("proj");
    let sub = project.join("src/deep");
    fs::create_dir_all(&sub).unwrap();
    fs::write(
        project.join("sesame.toml"),
        "[env]\nTOKEN = \"app/dev/token\"\n\n[profile.prod.env]\nTOKEN = \"app/prod/token\"\nEXTRA = \"other/secret\"\n",
    )
    .unwrap();
    sb.ok(["allow", project.to_str().unwrap()]);
    sub
}

/// `$TOKEN|$EXTRA` as a child of `run --no-mask EXTRA_ARGS` in `dir` sees them.
fn token_and_extra(sb: &Sandbox, dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["run", "--no-mask"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--", "sh", "-c", "echo \"$TOKEN|${EXTRA-unset}\""]);
    stdout_ok(sb.cmd().current_dir(dir).args(&args))
}

/// In a fresh [`with_project_profiles`] sandbox, `run --no-mask EXTRA` from
/// the subdirectory shows `$TOKEN|$EXTRA` as `want`.
fn from_the_subdirectory_sees(extra: &[&str], want: &str) {
    let sb = sandbox();
    let sub = with_project_profiles(&sb);
    assert_eq!(token_and_extra(&sb, &sub, extra), want);
}

#[test]
fn project_file_is_found_from_a_subdirectory() {
    from_the_subdirectory_sees(&[], &format!("{VALUE}|unset\n"));
}

#[test]
fn a_profile_replaces_and_adds_variables() {
    from_the_subdirectory_sees(
        &["--profile", "prod"],
        "prod-token-value|other-secret-value\n",
    );
}

#[test]
fn dash_s_wins_over_the_project_file_for_the_same_variable() {
    from_the_subdirectory_sees(&["-s", "other/secret=TOKEN"], "other-secret-value|unset\n");
}

#[test]
fn no_project_leaves_the_project_file_out() {
    from_the_subdirectory_sees(
        &["--no-project", "-s", "app/prod/token=TOKEN"],
        "prod-token-value|unset\n",
    );
}

#[test]
fn an_unknown_profile_is_an_error_naming_the_known_ones() {
    let sb = sandbox();
    let sub = with_project_profiles(&sb);
    sb.cmd()
        .current_dir(&sub)
        .args(["run", "--profile", "staging", "--", "true"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("prod"));
}

#[test]
fn bad_selection_is_an_error_and_nothing_runs() {
    let sb = sandbox();
    sb.set_with(
        "old/token",
        ["--expires", "2001-01-01T00:00:00Z"],
        "expired-value",
    );
    let marker = sb.dir.path().join("ran");
    let touch = format!("touch {}", marker.display());
    let run = |args: &[&str], code: i32, needle: &str| {
        let mut all = vec!["run"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--", "sh", "-c", &touch]);
        sb.fails(&all, code, needle);
        assert!(!marker.exists(), "the child ran for {args:?}");
    };
    run(&["-s", "no/such"], 4, "no/such");
    run(&["-s", "old/token"], 6, "old/token");
    run(&["-s", "app/dev/token=1BAD"], 2, "1BAD");
    run(&["-s", "app/dev/token#id=ID"], 2, "app/dev/token");
    run(&[], 2, "no secrets selected");
    project_file(&sb, "[env]\nA = \"app/dev/token\"\nB = [1\n");
    run(&[], 2, "sesame.toml:3");
    project_file(&sb, "[env]\nA = \"app/dev/token\"\nB = \"missing/one\"\n");
    run(&[], 4, "missing/one");
}

#[test]
fn prefix_and_all_select_live_secrets() {
    let sb = sandbox();
    sb.set("app/dev/db-url", "postgres://db-value");
    sb.set_with(
        "app/dev/old",
        ["--expires", "2001-01-01T00:00:00Z"],
        "expired-value",
    );
    let out = sb
        .cmd()
        .args([
            "run",
            "--no-mask",
            "--prefix",
            "app/dev/",
            "--",
            "sh",
            "-c",
            "echo \"$DEV_TOKEN $DEV_DB_URL ${DEV_OLD-none}\"",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{VALUE} postgres://db-value none\n")
    );
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("app/dev/old")
    );
}

/// The children of `pid` (Linux `/proc/PID/task/PID/children`).
fn children(pid: u32) -> Vec<u32> {
    fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .unwrap_or_default()
        .split_whitespace()
        .map(|p| p.parse().unwrap())
        .collect()
}

#[test]
fn as_pid_1_it_reaps_orphans_and_forwards_signals() {
    let sb = sandbox();
    if !require_program("unshare", "runs sesame as PID 1 of a new PID namespace") {
        return;
    }
    let probe = Command::new("unshare")
        .args(["--pid", "--fork", "--kill-child", "true"])
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        assert!(
            !crate::util::strict(),
            "unshare --pid needs root (or user namespaces)"
        );
        eprintln!("SKIPPED: unshare --pid is not permitted here");
        return;
    }
    let d = sb.dir.path();
    let script = format!(
        "echo $PPID > {d}/ppid; sh -c 'sleep 0.2 &'; trap 'echo TERM >> {d}/hits; exit 42' TERM; echo up > {d}/ready; {STAY_UP}",
        d = d.display()
    );
    let mut unshare = Command::new("unshare");
    unshare
        .args(["--pid", "--fork", "--kill-child"])
        .arg(sesame_bin())
        .args(run_sh("--mask", &script))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &sb.home)
        .env("SESAME_STORE", &sb.store)
        .env("SESAME_PASSWORD", PASSWORD)
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    let mut child = Guard(unshare.spawn().unwrap());
    wait_for(&d.join("ready"));
    assert_eq!(
        fs::read_to_string(d.join("ppid")).unwrap().trim(),
        "1",
        "sesame is PID 1"
    );
    let sesame = children(child.id());
    assert_eq!(sesame.len(), 1);
    let sesame = sesame[0];
    // The orphaned `sleep` was handed to sesame; once it exits (0.2 s) it must
    // be reaped, not left as a zombie: only the command itself stays a child.
    wait_until(Duration::from_secs(10), "orphans are reaped", || {
        children(sesame).len() == 1
    });
    signal(sesame, Signal::TERM);
    let st = wait_timeout(&mut child);
    assert_eq!(st.code(), Some(42));
    assert_eq!(fs::read_to_string(d.join("hits")).unwrap(), "TERM\n");
}

/// The pid of `sesame run MODE … -- sh -c 'echo $$'` and the pid its command
/// printed.
fn pid_and_command_pid(sb: &Sandbox, mode: &str) -> (String, String) {
    let child = direct(sb)
        .args(run_sh(mode, "echo $$"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let out = child.wait_with_output().unwrap();
    (
        pid.to_string(),
        String::from_utf8(out.stdout).unwrap().trim().to_owned(),
    )
}

#[test]
fn without_masking_sesame_execs_the_command() {
    let sb = sandbox();
    let (sesame, command) = pid_and_command_pid(&sb, "--no-mask");
    assert_eq!(command, sesame, "no wrapper process");
}

#[test]
fn with_masking_sesame_stays_as_the_parent() {
    let sb = sandbox();
    let (sesame, command) = pid_and_command_pid(&sb, "--mask");
    assert_ne!(command, sesame);
}

#[test]
fn a_closed_pipe_ends_the_child_like_without_sesame() {
    let sb = sandbox();
    // `head` exits after two lines; `yes` must then die of SIGPIPE through
    // sesame's closed pipe (status 141), not run forever, and nothing panics.
    let script = format!(
        "{} run --mask -s app/dev/token -- yes line | head -n 2; echo \"status ${{PIPESTATUS[0]}}\"",
        sesame_bin().display()
    );
    let mut child = Guard(
        Command::new("bash")
            .args(["-c", &script])
            .env("SESAME_STORE", &sb.store)
            .env("SESAME_PASSWORD", PASSWORD)
            .env("HOME", &sb.home)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let st = wait_timeout(&mut child);
    assert!(st.success());
    let mut stdout = String::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(stdout, "line\nline\nstatus 141\n", "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_held_possible_start_of_a_value_is_shown_when_the_pipe_goes_quiet() {
    let sb = sandbox();
    let start_of_value = &VALUE[..5];
    let script = format!("printf 'prompt> {start_of_value}'; sleep 4");
    let mut child = spawn(&sb, &run_default(&script), Stdio::piped());
    let mut stdout = child.stdout.take().unwrap();
    let start = Instant::now();
    let mut seen = Vec::new();
    let mut buf = [0u8; 64];
    while !contains(&seen, start_of_value.as_bytes()) {
        let n = stdout.read(&mut buf).unwrap();
        assert!(n > 0, "EOF before the tail was shown: {seen:?}");
        seen.extend_from_slice(&buf[..n]);
    }
    let waited = start.elapsed();
    assert!(
        waited < Duration::from_millis(3500),
        "held until the child exited ({waited:?})"
    );
    assert_eq!(seen, format!("prompt> {start_of_value}").as_bytes());
    wait_timeout(&mut child);
}

/// `aws/prod/deploy` with a key id, and a project file that injects both.
fn with_key_id() -> Sandbox {
    let sb = sandbox();
    sb.set_with(
        "aws/prod/deploy",
        ["--id", "AKIAIOSFODNN7EXAMPLE"],
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    );
    project_file(
        &sb,
        "[env]\nAWS_ACCESS_KEY_ID = \"aws/prod/deploy#id\"\nAWS_SECRET_ACCESS_KEY = \"aws/prod/deploy\"\n",
    );
    sb
}

#[test]
fn key_ids_are_injected_with_name_hash_id() {
    let sb = with_key_id();
    // Masked output: the secret is masked, the key id (not secret) is not.
    let both = "echo \"$AWS_ACCESS_KEY_ID $AWS_SECRET_ACCESS_KEY\"";
    let out = sb.ok(["run", "--", "sh", "-c", both]);
    assert_eq!(out, "AKIAIOSFODNN7EXAMPLE ***\n");
}

#[test]
fn env_prints_key_ids_with_name_hash_id() {
    let sb = with_key_id();
    let out = sb.ok([
        "env",
        "-s",
        "aws/prod/deploy#id=KEY_ID",
        "--no-project",
        "--format",
        "shell",
    ]);
    assert_eq!(out, "export KEY_ID='AKIAIOSFODNN7EXAMPLE'\n");
}

#[test]
fn name_hash_id_of_a_version_without_an_id_is_an_error_and_nothing_runs() {
    let sb = with_key_id();
    sb.set("aws/prod/deploy", "a-new-secret-without-id");
    sb.fails(["run", "--", "true"], 2, "aws/prod/deploy")
        .stderr(predicates::str::contains("key id"));
}

#[test]
fn run_env_and_import_are_in_the_audit_log() {
    let sb = sandbox();
    sb.ok(run_default("echo secret-arg-not-logged"));
    sb.ok(["env", "-s", "app/dev/token"]);
    sb.cmd()
        .args(["import", "-", "--prefix", "imp"])
        .write_stdin("A=imported-value\n")
        .assert()
        .success();
    // One JSON object a line.
    let text = sb.ok(["--json", "audit"]);
    for line in text.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
    for action in ["\"run\"", "\"env\"", "\"import\""] {
        assert!(text.contains(action), "{action} missing: {text}");
    }
    assert!(
        text.contains("app/dev/token") && text.contains("imp/A"),
        "{text}"
    );
    assert!(
        text.contains("\"sh\""),
        "the program's name is recorded: {text}"
    );
    assert!(
        !text.contains("secret-arg-not-logged"),
        "arguments are never recorded"
    );
    assert!(!text.contains(VALUE));
    sb.ok(["audit", "verify"]);
}

#[test]
fn the_command_keeps_its_argv0() {
    let sb = sandbox();
    for mode in ["--mask", "--no-mask"] {
        let out = sb.ok(run_sh(mode, "cat /proc/$$/cmdline"));
        assert!(out.starts_with("sh\0-c\0"), "{mode}: {out:?}");
    }
}

/// An executable `my-tool` in a directory of its own, and a PATH that holds
/// that directory first.
fn with_my_tool(sb: &Sandbox) -> (PathBuf, String) {
    let bin = sb.dir.path().join("bin");
    fs::create_dir(&bin).unwrap();
    let tool = bin.join("my-tool");
    fs::write(&tool, "#!/bin/sh\necho my-tool ran\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&tool, fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    (tool, path)
}

#[test]
fn the_command_is_looked_up_in_the_childs_path() {
    let sb = sandbox();
    let (_, path) = with_my_tool(&sb);
    let out = sb
        .cmd()
        .env("PATH", &path)
        .args(["run", "--mask", "-s", "app/dev/token", "--", "my-tool"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "my-tool ran\n");
}

#[test]
fn a_command_found_but_not_executable_exits_126_like_in_a_shell() {
    let sb = sandbox();
    let (tool, path) = with_my_tool(&sb);
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&tool, fs::Permissions::from_mode(0o644)).unwrap();
    sb.cmd()
        .env("PATH", &path)
        .args(["run", "--mask", "-s", "app/dev/token", "--", "my-tool"])
        .assert()
        .code(126);
}

/// The child for [`new_forms_are_masked_across_any_write_splits`]: it reads the
/// value from its environment, writes every form in pieces cut at seeded random
/// places with pauses (under the one-second flush delay) between them, and
/// lists the forms in `forms.json` (beside the masked output, not through it).
const WRITE_IN_PIECES: &str = r#"
import base64, json, os, random, sys, time, urllib.parse
v = os.environ["PW"]
b = v.encode()
forms = [base64.b64encode(p + b).decode() for p in (b"user:", b"u:", b"us:")]
forms += [base64.urlsafe_b64encode(p + b).decode().rstrip("=") for p in (b"admin:", b"ab:", b"a:")]
forms.append(urllib.parse.quote(v, safe="").lower())
forms.append(json.dumps(v).replace("/", "\\/")[1:-1])
forms.append("'" + v.replace("'", "'\\''") + "'")
json.dump(forms, open(sys.argv[1], "w"))
rng = random.Random(int(sys.argv[2]))
for f in forms:
    line = ("Authorization: Basic " + f + "\n").encode()
    cuts = sorted(rng.sample(range(1, len(line)), 3))
    for a, z in zip([0] + cuts, cuts + [len(line)]):
        sys.stdout.buffer.write(line[a:z])
        sys.stdout.flush()
        time.sleep(0.03)
"#;

#[test]
fn new_forms_are_masked_across_any_write_splits() {
    if !require_program("python3", "writes the forms in pieces") {
        return;
    }
    let sb = Sandbox::init();
    let value = "pa'ss/w0rd+x y\"é";
    sb.set_with("app/pw", ["--env", "PW"], &format!("{value}\n"));
    let list = sb.dir.path().join("forms.json");
    for seed in 0..4 {
        let out = sb
            .cmd()
            .args([
                "run",
                "--mask",
                "-s",
                "app/pw",
                "--",
                "python3",
                "-c",
                WRITE_IN_PIECES,
            ])
            .arg(&list)
            .arg(seed.to_string())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let forms: Vec<String> = serde_json::from_slice(&fs::read(&list).unwrap()).unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(stdout.lines().count(), forms.len(), "{stdout}");
        for (line, form) in stdout.lines().zip(&forms) {
            assert!(line.contains("***"), "seed {seed}: {line}");
            assert!(!line.contains(form.as_str()), "seed {seed}: {line}");
        }
        assert!(!stdout.contains(value), "{stdout}");
    }
    // bash -x prints a value with a quote as 'pa'\''ss…'.
    if require_program("bash", "prints a traced command") {
        let out = sb
            .cmd()
            .args([
                "run",
                "--mask",
                "-s",
                "app/pw",
                "--",
                "bash",
                "-xc",
                ": \"$PW\"",
            ])
            .output()
            .unwrap();
        let stderr = stderr_of(&out);
        assert!(stderr.contains("+ : '***'\n"), "{stderr}");
        assert!(!stderr.contains("ss/w0rd"), "{stderr}");
    }
}

#[test]
fn a_value_over_a_mebibyte_is_masked_by_windows_with_a_warning() {
    let sb = Sandbox::init();
    // 1.5 MB of base64-like text without line breaks.
    let value = crate::util::base64_like(1_500_000, 0x2545_f491_4f6c_dd1d);
    sb.set_with("app/bundle", ["--env", "BUNDLE"], &format!("{value}\n"));
    let out = sb
        .cmd()
        .args(["run", "--mask", "-f", "app/bundle", "--", "sh", "-c"])
        .arg("cat \"$BUNDLE\"; echo; head -c 300000 \"$BUNDLE\" | tail -c 200000")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains("masked by windows of 64 KiB") && stderr.contains("app/bundle"),
        "{stderr}"
    );
    // The whole value is 23 windows; the 200 KB part holds at least two.
    let stdout = String::from_utf8(out.stdout).unwrap();
    let first = stdout.lines().next().unwrap();
    assert_eq!(
        first,
        "***".repeat(23),
        "{}",
        &first[..first.len().min(200)]
    );
    let part = &stdout[first.len() + 1..];
    assert!(part.matches("***").count() >= 2, "{}", part.len());
    assert!(part.len() < 200_000 - 2 * 65_536 + 10, "{}", part.len());
}

#[test]
fn a_held_tail_is_written_when_a_grandchild_keeps_the_pipe_open() {
    let sb = sandbox();
    // The start of the value, not the value: held, then shown, never dropped,
    // although the child exits at once and a grandchild keeps stdout open.
    let start_of_value = &VALUE[..5];
    let script = format!("printf 'status: {start_of_value}'; sleep 4 & exit 0");
    let out = sb.cmd().args(run_default(&script)).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("status: {start_of_value}")
    );
}

#[test]
fn values_that_overlap_in_the_output_are_masked_as_one_run() {
    let sb = Sandbox::init();
    sb.set_with("app/user", ["--env", "U"], "deploy-user-2024\n");
    sb.set_with("app/pass", ["--env", "P"], "user-2024-S3cr3tPassw0rd\n");
    for script in [
        "printf 'login deploy-%s\\n' \"$P\"",
        "printf 'login %s-S3cr3tPassw0rd\\n' \"$U\"",
    ] {
        let out = sb
            .cmd()
            .args([
                "run", "--mask", "-s", "app/user", "-s", "app/pass", "--", "sh", "-c", script,
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        assert_eq!(String::from_utf8(out.stdout).unwrap(), "login ***\n");
    }
}

#[test]
fn a_kubeconfig_handed_over_masks_its_secrets_not_its_structure() {
    let sb = Sandbox::init();
    let kubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    \
        certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\n    \
        server: https://10.0.0.1:6443\n  name: prod\nusers:\n- name: admin\n  user:\n    \
        token: eyJhbGciOiJSUzI1NiIsImtpZCI6IkpXVCJ9\ncurrent-context: prod\n";
    sb.set_with("k8s/prod", ["--env", "KUBECONFIG"], kubeconfig);
    let script = "printf 'apiVersion: v1\\nkind: ConfigMap\\nusers:\\n- name: admin\\n'; \
        grep -e token -e certificate \"$KUBECONFIG\"";
    let out = sb
        .cmd()
        .args(["run", "--mask", "-f", "k8s/prod", "--", "sh", "-c", script])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "apiVersion: v1\nkind: ConfigMap\nusers:\n- name: admin\n    \
         certificate-authority-data: ***\n    token: ***\n"
    );
}

/// The everyday variants of the forms (review of issue 14): wrapped base64 and
/// hex as coreutils, openssl and xxd print them, bash/zsh `printf %q`, bash
/// `export -p`, dash `export -p`, Python's `quote` and `shlex.quote`, Go's and
/// .NET's JSON, JavaScript's `encodeURIComponent`.
#[test]
fn everyday_variants_of_the_forms_are_masked() {
    let sb = Sandbox::init();
    // 90 characters, with the characters the escapes differ on.
    let token: String = format!(
        "{}a'b$c\"d`e!f(g)h*i/j<k>l&m+n%o-qr{}",
        "T0k3n".repeat(8),
        "Zz9".repeat(6)
    );
    assert_eq!(token.len(), 90);
    sb.set_with("app/tok", ["--env", "T"], &format!("{token}\n"));
    let mut cases: Vec<(&str, &str, String)> = vec![
        (
            "base64",
            "base64",
            "printf 'x-access-token:%s' \"$T\" | base64".into(),
        ),
        (
            "openssl",
            "openssl",
            "printf 'x-access-token:%s' \"$T\" | openssl base64".into(),
        ),
        ("xxd", "xxd", "printf 'token=%s' \"$T\" | xxd -p".into()),
        (
            "bash %q",
            "bash",
            "bash -c 'printf \"%q\\n\" \"$T\"'".into(),
        ),
        (
            "bash export -p",
            "bash",
            "bash -c 'export -p' | grep ' T='".into(),
        ),
        (
            "dash export -p",
            "dash",
            "dash -c 'export -p' | grep ' T='".into(),
        ),
        ("zsh %q", "zsh", "zsh -c 'printf \"%q\\n\" \"$T\"'".into()),
    ];
    let py = [
        (
            "quote",
            "import os, urllib.parse; print(urllib.parse.quote(os.environ['T']))",
        ),
        (
            "shlex",
            "import os, shlex; print(shlex.quote(os.environ['T']))",
        ),
        (
            "encodeURIComponent",
            "import os, urllib.parse; print(urllib.parse.quote(os.environ['T'], safe=\"!'()*~\"))",
        ),
        (
            "go json",
            "import os, json; print(json.dumps(os.environ['T'], ensure_ascii=False).replace('<', '\\\\u003c').replace('>', '\\\\u003e').replace('&', '\\\\u0026'))",
        ),
        (
            ".net json",
            "import os; print(''.join(c if c.isalnum() or c in ' !#$%()*,-./:;=?@[]^_{|}~' else '\\\\u%04X' % ord(c) for c in os.environ['T']))",
        ),
    ];
    for (what, code) in py {
        cases.push((what, "python3", format!("python3 -c {}", shell_quote(code))));
    }
    for (what, program, script) in cases {
        if !require_program(program, "prints a form of the value") {
            continue;
        }
        let out = sb
            .cmd()
            .args(["run", "--mask", "-s", "app/tok", "--", "sh", "-c", &script])
            .output()
            .unwrap();
        assert!(out.status.success(), "{what}: {}", stderr_of(&out));
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.contains("***"), "{what}: {stdout}");
        // Nothing of the value is left but a few characters at the edges of
        // a wrapped line or of the run.
        for line in stdout.lines() {
            for run in line.split("***") {
                let bare = run.trim_start_matches(['x', 'A', '-']);
                assert!(
                    !bare.contains("T0k3nT0k3n")
                        && !bare.contains("Zz9Zz9")
                        && !bare.contains("VDBrM25UMGszb")
                        && !bare.contains("54306b336e54306b336e"),
                    "{what}: {stdout}"
                );
            }
        }
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}
