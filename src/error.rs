//! One error type for the whole library.
//!
//! Every variant knows its exit code (ARCHITECTURE.md, "Exit codes") and renders as one line
//! of the form `<what happened> — <what to do>`; `main` prefixes `sesame: `.
//! No variant ever carries a secret value: only names, paths and causes.

use std::io;
use std::path::PathBuf;

/// Text from a file or an argument, fit to quote in a one-line message:
/// control and other unprintable characters (a newline, an escape sequence, a
/// bidi override) are shown escaped (`\n`, `\u{1b}`), so that hostile input can
/// neither split the error nor drive the terminal. Found by fuzzing (issue 19).
pub(crate) fn shown(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\\' | '\'' | '"' => c.to_string(),
            c => c.escape_debug().to_string(),
        })
        .collect()
}

/// The exit codes of the command-line contract.
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// Any other failure.
    pub const FAILURE: u8 = 1;
    /// Usage error.
    pub const USAGE: u8 = 2;
    /// Authentication failed or no way to unlock.
    pub const AUTH: u8 = 3;
    /// Secret not found.
    pub const NOT_FOUND: u8 = 4;
    /// Store unreadable, corrupted or tampered.
    pub const CORRUPT: u8 = 5;
    /// Secret revoked or expired where a live value was needed.
    pub const NOT_LIVE: u8 = 6;
    /// Store busy.
    pub const BUSY: u8 = 7;
    /// `status` or `scan` found something that needs attention; a stored
    /// command is not approved.
    pub const ATTENTION: u8 = 8;
}

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, each with the exit code the user sees.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Bad arguments or input that the user must change.
    #[error("{what} — {hint}")]
    Usage {
        what: String,
        /// What to do instead.
        hint: String,
    },

    /// The store directory has no store in it.
    #[error("no store at {} — run `sesame init` to create one, or pass --store DIR / set SESAME_STORE", path.display())]
    NoStore {
        /// The directory that was looked at.
        path: PathBuf,
    },

    /// `init` found a store already there.
    #[error("a store already exists at {} — nothing was changed; use `sesame passwd` to change its password", path.display())]
    StoreExists {
        /// The store directory.
        path: PathBuf,
    },

    /// The master password did not open `identity.age`.
    #[error("wrong password for {} — {}", path.display(), if *typed {
        "it was typed wrong three times; nothing was changed: run the command again"
    } else {
        "try again, or check SESAME_PASSWORD / SESAME_PASSWORD_FILE"
    })]
    WrongPassword {
        /// The identity file.
        path: PathBuf,
        /// Whether it was typed at the prompt (the hint then names the prompt,
        /// not the variables).
        typed: bool,
    },

    /// None of the given identities is a recipient of the vault.
    #[error("this identity cannot open {} — it is not among the vault's recipients; check SESAME_IDENTITY / SESAME_IDENTITY_FILE", path.display())]
    NotRecipient {
        /// The vault file.
        path: PathBuf,
    },

    /// No unlock source and no terminal to ask on.
    #[error(
        "cannot unlock the store: no terminal to ask for the password and no cached unlock — set SESAME_PASSWORD_FILE (or SESAME_PASSWORD), or SESAME_IDENTITY / SESAME_IDENTITY_FILE, or run `sesame unlock` in a terminal first"
    )]
    NoUnlockSource,

    /// An authentication input that is unusable (empty password, bad key).
    #[error("{what} — {hint}")]
    Auth {
        what: String,
        /// What to do instead.
        hint: String,
    },

    /// The named secret does not exist.
    #[error("no secret named '{name}' — see `sesame list`")]
    NotFound { name: String },

    /// The named secret does not exist, and one with a similar name does.
    #[error("no secret named '{name}' — did you mean '{similar}'? (see `sesame list`)")]
    NotFoundSimilar {
        name: String,
        /// The closest stored name.
        similar: String,
    },

    /// The named version does not exist.
    #[error("secret '{name}' has no version {version} — see `sesame show {name}`")]
    NoSuchVersion {
        name: String,
        /// The version asked for.
        version: u32,
    },

    /// A store file is damaged, truncated or was tampered with.
    #[error("{} is {reason} — nothing was written; restore it from a backup (manifest.bak or vault.age.bak hold the previous state)", path.display())]
    Corrupt {
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },

    /// The audit log fails its integrity check.
    #[error("{} line {line} {why} — keep a copy of the log for investigation; `sesame audit` still lists it", path.display())]
    Tampered {
        /// The log file.
        path: PathBuf,
        /// The first bad line, counted from 1 in that file.
        line: u64,
        /// What is wrong with it.
        why: String,
    },

    /// A file or directory sesame must trust can be written by someone else
    /// (or belongs to someone else), so nothing in it can be trusted.
    #[error("{} {reason} — nothing was read from it or written", path.display())]
    Unsafe {
        path: PathBuf,
        /// Who else can write it, and the command that fixes it.
        reason: String,
    },

    // --- store format 2 (issue 12): authenticity and freshness ---
    /// A store file fails its signature, role or freshness check: written by
    /// a key this machine does not trust for it, or an older copy restored.
    #[error("{} {reason} — nothing was decrypted or written{hint}", path.display())]
    Untrusted {
        /// The file that failed.
        path: PathBuf,
        /// What failed.
        reason: String,
        /// What to do, with its leading "; ", or empty.
        hint: String,
    },

    /// The store was written by a newer sesame.
    #[error("{} was created by a newer sesame (format {found}, this one reads {supported}) — upgrade sesame; nothing was changed", path.display())]
    NewerFormat {
        path: PathBuf,
        /// The format number found.
        found: u64,
        /// The newest format this build reads.
        supported: u64,
    },

    /// A secret is revoked or expired where a live value was needed.
    #[error("secret '{name}' {why} — {hint}")]
    NotLive {
        name: String,
        /// Revoked, expired at …
        why: String,
        /// What to do.
        hint: String,
    },

    /// A stored rotate or revoke command that this machine's key did not
    /// write and the user has not approved: it is not run.
    #[error(
        "the {kind} command of '{name}' was not written with this machine's key nor approved here: `{}` — nothing was run; read it, then approve it with `sesame allow --secret {name}`",
        crate::escape::escaped(command)
    )]
    NotApproved {
        name: String,
        /// `rotate` or `revoke`.
        kind: &'static str,
        /// The command's text (shown escaped).
        command: String,
    },

    /// The plain recipients file lists other keys than the vault has sealed.
    #[error("{} differs from the recipients sealed in the vault ({}) — nothing was written; if you added these keys, confirm each with `sesame recipients add KEY`; otherwise restore the file (`sesame recipients list` shows the sealed list)", path.display(), recipient_diff(unsealed, missing))]
    RecipientsChanged {
        /// The recipients file.
        path: PathBuf,
        /// Keys in the file that are not sealed.
        unsealed: Vec<String>,
        /// Sealed keys missing from the file.
        missing: Vec<String>,
    },

    /// The store is not unlocked (`unlock --check`).
    #[error("the store at {} is locked — run `sesame unlock` to unlock it for a while", path.display())]
    Locked {
        /// The store directory.
        path: PathBuf,
    },

    /// The writer lock could not be taken in time.
    #[error("the store at {} is busy: another sesame is writing — try again in a moment", path.display())]
    Busy {
        /// The store directory.
        path: PathBuf,
    },

    /// An I/O failure, with what was being done.
    #[error("{context}: {source} — {}", io_hint(source))]
    Io {
        /// What sesame was doing.
        context: String,
        #[source]
        source: io::Error,
    },

    /// The program given to `run` could not be started.
    #[error("could not run '{program}': {source} — {}", spawn_hint(source))]
    Spawn {
        program: String,
        #[source]
        source: io::Error,
    },

    /// Secrets selected for `run` or `env` that cannot be handed out, all of
    /// them at once, each with where it was selected. Exit 4 when one is
    /// missing, else 6.
    #[error("{what} — {hint}")]
    Unavailable {
        what: String,
        hint: String,
        /// Whether any of them does not exist.
        missing: bool,
        /// The name, when a single missing secret is the only failure: the
        /// closest stored name is then suggested, as for `get`.
        lone_missing: Option<String>,
    },

    /// Anything else, already phrased as `<what> — <what to do>`.
    #[error("{0}")]
    Other(String),

    /// Exit with this code and print nothing more: the command already said
    /// what there was to say (`status` and `scan` exit 8 after their report).
    #[error("exit status {0}")]
    Exit(u8),
}

fn recipient_diff(unsealed: &[String], missing: &[String]) -> String {
    let mut parts = Vec::new();
    if !unsealed.is_empty() {
        parts.push(format!("not sealed: {}", unsealed.join(", ")));
    }
    if !missing.is_empty() {
        parts.push(format!(
            "sealed but missing from the file: {}",
            missing.join(", ")
        ));
    }
    parts.join("; ")
}

fn spawn_hint(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::NotFound => "check the name and PATH (the command runs without a shell)",
        io::ErrorKind::PermissionDenied => "check that it is executable",
        _ => "nothing was run",
    }
}

fn io_hint(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "check the file's owner and permissions",
        io::ErrorKind::StorageFull => "free some disk space; the store was left as it was",
        io::ErrorKind::NotFound => "check the path",
        _ => "the store was left as it was",
    }
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage { .. } => exit::USAGE,
            Error::WrongPassword { .. }
            | Error::NotRecipient { .. }
            | Error::NoUnlockSource
            | Error::Locked { .. }
            | Error::Auth { .. } => exit::AUTH,
            Error::NotFound { .. } | Error::NoSuchVersion { .. } => exit::NOT_FOUND,
            Error::NotFoundSimilar { .. } => exit::NOT_FOUND,
            Error::Unavailable { missing: true, .. } => exit::NOT_FOUND,
            Error::Unavailable { missing: false, .. } => exit::NOT_LIVE,
            // As shells do: 127 for a command not found, 126 for one that cannot run.
            Error::Spawn { source, .. } if source.kind() == io::ErrorKind::NotFound => 127,
            Error::Spawn { .. } => 126,
            Error::Corrupt { .. }
            | Error::NewerFormat { .. }
            | Error::RecipientsChanged { .. }
            | Error::Tampered { .. }
            | Error::Unsafe { .. }
            | Error::Untrusted { .. } => exit::CORRUPT,
            Error::NotLive { .. } => exit::NOT_LIVE,
            Error::NotApproved { .. } => exit::ATTENTION,
            Error::Busy { .. } => exit::BUSY,
            Error::NoStore { .. }
            | Error::StoreExists { .. }
            | Error::Io { .. }
            | Error::Other(_) => exit::FAILURE,
            Error::Exit(code) => *code,
        }
    }

    /// Whether `main` should exit without printing this error (see [`Error::Exit`]).
    pub fn is_silent(&self) -> bool {
        matches!(self, Error::Exit(_))
    }

    pub(crate) fn usage(what: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Usage {
            what: what.into(),
            hint: hint.into(),
        }
    }

    /// A store file that is damaged.
    pub(crate) fn corrupt(path: impl Into<PathBuf>, reason: impl Into<String>) -> Self {
        Error::Corrupt {
            path: path.into(),
            reason: reason.into(),
        }
    }

    /// A clap usage error as one line: what clap said, and its tip or where
    /// the help is. (clap's own rendering spans five lines.)
    pub fn from_clap(e: &clap::Error) -> Self {
        Error::from_clap_in(e, "sesame")
    }

    /// As [`Error::from_clap`], pointing to `command --help` (`sesame get`) when
    /// clap's message names no command of its own.
    pub fn from_clap_in(e: &clap::Error, command: &str) -> Self {
        let text = e.render().to_string();
        let mut what = String::new();
        let mut hint = None;
        let mut usage = None;
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if let Some(first) = line.strip_prefix("error: ") {
                what.push_str(first.trim_end_matches(':'));
            } else if let Some(tip) = line.strip_prefix("tip: ") {
                hint = Some(tip.to_owned());
            } else if let Some(u) = line.strip_prefix("Usage: ") {
                usage = Some(u.to_owned());
            } else if !line.starts_with("For more information") && usage.is_none() {
                what.push_str(if what.ends_with(':') { " " } else { ": " });
                what.push_str(line);
            }
        }
        let command: String = usage
            .as_deref()
            .unwrap_or(command)
            .split_whitespace()
            .take_while(|w| !w.starts_with(['[', '<', '-']))
            .collect::<Vec<_>>()
            .join(" ");
        let hint = hint.unwrap_or_else(|| format!("see `{command} --help`"));
        Error::usage(what, hint)
    }

    /// Whether this is a closed pipe on stdout, which is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// Attach what was being done to an I/O error.
pub(crate) trait IoContext<T> {
    /// Wrap the error with a description, computed only on failure.
    fn context<F: FnOnce() -> String>(self, f: F) -> Result<T>;
}

impl<T> IoContext<T> for io::Result<T> {
    fn context<F: FnOnce() -> String>(self, f: F) -> Result<T> {
        self.map_err(|source| Error::Io {
            context: f(),
            source,
        })
    }
}
