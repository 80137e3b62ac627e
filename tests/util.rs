//! Shared test harness: every test gets its own temp directory, a store in it,
//! an environment with no `SESAME_*` leaking in from outside, and no controlling
//! terminal (commands run under `setsid`), so nothing can ever wait on a prompt.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use tempfile::TempDir;

/// The master password of test stores.
pub const PASSWORD: &str = "correct horse battery staple";

/// Path of the binary under test.
pub fn sesame_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_sesame"))
}

/// Whether `SESAME_TEST_STRICT=1`: missing outside programs fail instead of skip.
pub fn strict() -> bool {
    std::env::var("SESAME_TEST_STRICT").is_ok_and(|v| v == "1")
}

/// Whether `program` is on PATH. When it is not: panic under strict mode,
/// otherwise print why the test is skipped and return false.
pub fn require_program(program: &str, why: &str) -> bool {
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
        .unwrap_or(false);
    if !found {
        if strict() {
            panic!("{program} is required ({why}) and SESAME_TEST_STRICT=1");
        }
        eprintln!("SKIPPED: {program} not found ({why})");
    }
    found
}

/// One isolated world: a temp dir with `home/` and `store/` in it.
pub struct Sandbox {
    /// The temp dir (removed on drop).
    pub dir: TempDir,
    /// The store directory (`SESAME_STORE`).
    pub store: PathBuf,
    /// `HOME` for the commands.
    pub home: PathBuf,
}

impl Sandbox {
    /// A sandbox with no store yet.
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("sesame-test.")
            .tempdir()
            .unwrap();
        let home = dir.path().join("home");
        fs::create_dir(&home).unwrap();
        let store = dir.path().join("store");
        Sandbox { dir, store, home }
    }

    /// A sandbox with a store created by `init --work-factor 10`.
    pub fn init() -> Self {
        let sb = Sandbox::new();
        sb.cmd()
            .args(["init", "--work-factor", "10"])
            .assert()
            .success();
        sb
    }

    /// `sesame` with a clean environment, the store, the password, no terminal.
    pub fn cmd(&self) -> Command {
        let mut c = self.cmd_locked();
        c.env("SESAME_PASSWORD", PASSWORD);
        c
    }

    /// `sesame` with a clean environment and no way to unlock.
    pub fn cmd_locked(&self) -> Command {
        let mut c = std::process::Command::new("setsid");
        c.arg("-w").arg(sesame_bin());
        self.isolate(&mut c);
        Command::from_std(c)
    }

    /// Give `c` this sandbox's clean environment: PATH, HOME and XDG dirs in
    /// the sandbox, the store, nothing else (no `SESAME_*` from outside).
    pub fn isolate<'c>(&self, c: &'c mut std::process::Command) -> &'c mut std::process::Command {
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("XDG_DATA_HOME", self.home.join(".local/share"))
            .env("XDG_STATE_HOME", self.home.join(".local/state"))
            .env("LANG", "C.UTF-8")
            .env("SESAME_STORE", &self.store)
            .current_dir(self.dir.path())
    }

    /// Store `value` under `name` (through stdin).
    pub fn set(&self, name: &str, value: &str) {
        self.cmd()
            .args(["set", name])
            .write_stdin(value)
            .assert()
            .success();
    }

    /// Store `value` under `name` with `options` (`--expires 1h`, `--id ID`,
    /// `--rotate-command PATH`…) after the name.
    pub fn set_with<I, S>(&self, name: &str, options: I, value: &str)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd()
            .args(["set", name])
            .args(options)
            .write_stdin(value)
            .assert()
            .success();
    }

    /// `sesame ARGS…`, asserting it exits with `code`; chain more on the
    /// returned assertion (`.stderr(…)`).
    pub fn exits<I, S>(&self, args: I, code: i32) -> Assert
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd().args(args).assert().code(code)
    }

    /// `sesame ARGS…` with `stdin`, asserting it exits with `code`.
    pub fn exits_given<I, S>(&self, args: I, stdin: &str, code: i32) -> Assert
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd().args(args).write_stdin(stdin).assert().code(code)
    }

    /// `sesame ARGS…`, asserting it exits with `code` and says `needle` on stderr.
    pub fn fails<I, S>(&self, args: I, code: i32, needle: &str) -> Assert
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.exits(args, code)
            .stderr(predicates::str::contains(needle))
    }

    /// The value of `name` as `get -n` prints it.
    pub fn get(&self, name: &str) -> String {
        let out = self.cmd().args(["get", "-n", name]).output().unwrap();
        assert!(
            out.status.success(),
            "get {name} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// `sesame ARGS…` and its stdout, asserting success.
    pub fn ok<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        stdout_ok(self.cmd().args(args))
    }

    /// `sesame --json ARGS…`, asserting success, its stdout parsed.
    pub fn json<I, S>(&self, args: I) -> serde_json::Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        serde_json::from_str(&stdout_ok(self.cmd().arg("--json").args(args))).unwrap()
    }

    /// A file of the store.
    pub fn file(&self, name: &str) -> PathBuf {
        self.store.join(name)
    }

    /// Every file of the store and its bytes (to prove nothing changed),
    /// less the append-only audit log, which records failures too.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        let mut files = snapshot(&self.store);
        files.retain(|name, _| !name.starts_with("audit."));
        // A signed store's buckets (issue 12).
        if self.store.join("vault").is_dir() {
            for (name, bytes) in snapshot(&self.store.join("vault")) {
                files.insert(format!("vault/{name}"), bytes);
            }
        }
        files
    }

    /// The bucket files (`vault/<sha256>.age`) the signed manifest `which`
    /// (`manifest` or `manifest.bak`) names.
    pub fn buckets_of(&self, which: &str) -> Vec<PathBuf> {
        let text = fs::read_to_string(self.file(which)).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        json["header"]["buckets"]
            .as_object()
            .unwrap()
            .values()
            .map(|d| {
                self.store
                    .join("vault")
                    .join(format!("{}.age", d.as_str().unwrap()))
            })
            .collect()
    }

    /// The plaintext of every bucket `which` (`manifest` or `manifest.bak`)
    /// names, one after the other, decrypted with the store's key.
    pub fn decrypted(&self, which: &str) -> Vec<u8> {
        let id = sesame::crypto::Identity::parse(&self.identity()).unwrap();
        let mut out = Vec::new();
        for path in self.buckets_of(which) {
            let bytes = fs::read(&path).unwrap();
            let plain = sesame::crypto::decrypt(&bytes, std::slice::from_ref(&id)).unwrap();
            out.extend_from_slice(&plain);
        }
        out
    }

    /// The age identity of the store, unwrapped (for `SESAME_IDENTITY`).
    pub fn identity(&self) -> String {
        let bytes = fs::read(self.file("identity.age")).unwrap();
        let pw = age::secrecy::SecretString::from(PASSWORD.to_owned());
        let id = sesame::crypto::unwrap_identity(&bytes, &pw).unwrap();
        use age::secrecy::ExposeSecret;
        id.secret_string().expose_secret().to_owned()
    }
}

/// Every regular file under `dir` and its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            out.insert(
                entry.file_name().to_string_lossy().into_owned(),
                fs::read(entry.path()).unwrap(),
            );
        }
    }
    out
}

/// Run `cmd` with `input` on its stdin; its stdout and stderr are collected.
pub fn output_with_stdin(cmd: &mut std::process::Command, input: &[u8]) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// Run `sesame ARGS` on a pseudo-terminal (util-linux `script`), typing `input`
/// at it: the only way to exercise the real password prompt and what sesame does
/// when its output is a terminal. `None` (the test is skipped) without `script`.
pub fn on_terminal(sb: &Sandbox, args: &str, input: &str) -> Option<std::process::Output> {
    on_terminal_in(sb, "", args, input)
}

/// As [`on_terminal`], with `wrapper` (a command line) in front of sesame.
pub fn on_terminal_in(
    sb: &Sandbox,
    wrapper: &str,
    args: &str,
    input: &str,
) -> Option<std::process::Output> {
    if !require_program("script", "to give sesame a terminal") {
        return None;
    }
    let mut cmd = std::process::Command::new("setsid");
    cmd.args(["-w", "script", "-qec"])
        .arg(format!("{wrapper} {} {args}", sesame_bin().display()))
        .arg("/dev/null");
    sb.isolate(&mut cmd);
    Some(output_with_stdin(&mut cmd, input.as_bytes()))
}

/// Run `cmd` and return its stdout as text, asserting it succeeded (its
/// status and stderr shown when not).
pub fn stdout_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert_success(&out);
    String::from_utf8(out.stdout).unwrap()
}

/// Assert that the command behind `out` succeeded, showing its stderr when not.
pub fn assert_success(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "failed ({:?}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Poll `done` every 20 ms until it holds, failing after `limit`: waiting for
/// a condition instead of sleeping for a guess.
pub fn wait_until(limit: Duration, what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A command's stderr as text.
pub fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Whether `needle` occurs anywhere in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether sesame can cache an unlock here (issue 13): `keyctl` is installed
/// and this process has a session keyring of its own, not the user's default
/// one (`.ci/run` runs the tests under `keyctl session -`, as a login session
/// would be). Otherwise print why and return false (panic under
/// SESAME_TEST_STRICT=1).
pub fn unlock_can_be_cached() -> bool {
    if !require_program("keyctl", "to cache an unlock in the kernel keyring") {
        return false;
    }
    let session = std::process::Command::new("keyctl")
        .args(["rdescribe", "@s"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let own = session.starts_with("keyring;") && !session.contains(";_uid_ses.");
    if !own {
        if strict() {
            panic!(
                "no session keyring of our own ({session:?}): run the tests under `keyctl session -` (SESAME_TEST_STRICT=1)"
            );
        }
        eprintln!(
            "SKIPPED: no session keyring of our own ({session:?}); run under `keyctl session -`"
        );
    }
    own
}

/// `len` characters of base64-like text without line breaks, the same for the
/// same `seed` (xorshift): a large value that is not a repeated pattern.
pub fn base64_like(len: usize, mut seed: u64) -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            char::from(alphabet[(seed % 64) as usize])
        })
        .collect()
}

/// The plaintext of `file` decrypted by the reference `age` CLI with the
/// identity `key` (AGE-SECRET-KEY-1…), or `None` when it does not open.
pub fn age_open(key: &str, file: &Path) -> Option<Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let kf = dir.path().join("key.txt");
    fs::write(&kf, format!("{key}\n")).unwrap();
    let out = std::process::Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&kf)
        .arg(file)
        .output()
        .unwrap();
    out.status.success().then_some(out.stdout)
}

/// SHA-256 of `bytes` in hex (how the store names its bucket files).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
