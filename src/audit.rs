//! The audit log: one JSON line per access in `audit.log`, chained so that it
//! cannot be edited unnoticed.
//!
//! # What a line holds
//!
//! ```text
//! {"seq":7,"time":"2026-11-23T16:40:01.123456Z","action":"get",
//!  "secrets":[{"name":"github/ci/token","version":3}],"outcome":"ok",
//!  "user":"alice","host":"box","pid":4242,
//!  "prev":"<sha-256 of line 6>","key":"<key id>","mac":"<hmac-sha-256>"}
//! ```
//!
//! (one line on disk). `run` adds `"program"` (argv\[0\], never the arguments);
//! `unlock-failed` adds `"command"`, the command that tried. Never a value, a
//! password or a key: only names, version numbers and outcome codes.
//!
//! # The chain
//!
//! * `seq` counts records from 1, across rotations.
//! * `prev` is the SHA-256 of the previous line's bytes (without its newline);
//!   the first record has 64 zeros. This plain hash chain needs no key, so a
//!   line can always be appended, even by a command that failed to unlock.
//! * `mac` is HMAC-SHA-256 over the line's bytes as written up to the `mac`
//!   field, closed with `}` (i.e. the line without `,"mac":…`). Its key is
//!   derived with HKDF-SHA-256 from the age identity that unlocked the store
//!   (the first one that is a recipient of the vault), so only the identity's
//!   holder can write it. `key` names which identity (a short id derived
//!   from the MAC key, not the public key) so that `verify` can say so when a
//!   line was written with another one.
//! * A line written without the key (a failed unlock) has `"mac":null`. It is
//!   covered by the next authenticated line: that line's MAC covers its own
//!   `prev`, which is the hash of the unauthenticated line, which holds the
//!   hash of the one before, and so on. A line recording a success always has
//!   a MAC; `verify` rejects one that does not.
//! * Nothing after the last authenticated line is protected by a MAC, and the
//!   end of any chain can be cut off. So every vault write seals the log's
//!   head (`seq` and SHA-256 of the last line) into the encrypted payload:
//!   `verify` fails when the log ends before the sealed record or that record
//!   differs. Truncation is therefore caught back to the last vault write.
//!
//! # Rotation
//!
//! When an authenticated append would take `audit.log` past the size limit,
//! the file is renamed to `audit.log.1` (replacing an older one) and the new
//! `audit.log` starts with a `log-rotated` record whose `prev` is the hash of
//! the last line of `audit.log.1`: the chain carries over and `verify` follows
//! it through both files. The oldest retained file may start with a
//! `log-rotated` record whose predecessor was discarded; any other start than
//! record 1 or such a marker means lines were removed from the front.
//!
//! # Concurrency and cost
//!
//! An append takes an exclusive lock on `audit.lock` (not the store's `lock`,
//! which writers hold for a whole transaction: `get` never waits for them),
//! reads the tail of the log to chain to it, and writes the line with one
//! `write(2)` on a file opened with `O_APPEND`. A short write is undone with
//! `ftruncate`, so a line is whole or absent. Appends are not fsynced: a crash
//! may lose the last lines, which the sealed head then reports.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::crypto::Identity;
use crate::error::{Error, IoContext, Result};
use crate::vault::model::AuditSeal;
use crate::vault::{Store, fsutil};

/// The log.
pub const LOG_FILE: &str = "audit.log";
/// The log before the last rotation.
pub const ROTATED_FILE: &str = "audit.log.1";
/// The file appenders lock (short holds only).
pub const LOCK_FILE: &str = "audit.lock";
/// Rotate `audit.log` when an append would take it past this many bytes.
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// The `prev` of the very first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const HKDF_SALT: &[u8] = b"sesame audit log v1";
const HKDF_INFO: &[u8] = b"hmac-sha256 key";
const MAC_NULL: &[u8] = b",\"mac\":null}";
const MAC_OPEN: &[u8] = b",\"mac\":\"";

type HmacSha256 = Hmac<Sha256>;

/// What a record says was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Action {
    /// `init`
    Init,
    /// `set`
    Set,
    /// `get`
    Get,
    /// `list`
    List,
    /// `show`
    Show,
    /// `generate`
    Generate,
    /// `edit`
    Edit,
    /// `rotate`
    Rotate,
    /// `rollback`
    Rollback,
    /// `revoke`
    Revoke,
    /// `remove`
    Remove,
    /// `run`
    Run,
    /// `env`
    Env,
    /// `import`
    Import,
    /// `recipients add/remove`
    Recipients,
    /// `passwd`
    Passwd,
    /// `rekey`
    Rekey,
    /// `unlock` (caching the identity)
    Unlock,
    /// `lock` (forgetting the cached identity)
    Lock,
    /// A command that could not unlock the store (wrong password, bad key).
    UnlockFailed,
    /// `audit verify`
    AuditVerify,
    /// The first record of a new `audit.log` after rotation.
    LogRotated,
    /// `audit reset`: the old log was set aside, this starts a new one.
    AuditReset,
}

const ACTIONS: [(Action, &str); 23] = [
    (Action::Init, "init"),
    (Action::Set, "set"),
    (Action::Get, "get"),
    (Action::List, "list"),
    (Action::Show, "show"),
    (Action::Generate, "generate"),
    (Action::Edit, "edit"),
    (Action::Rotate, "rotate"),
    (Action::Rollback, "rollback"),
    (Action::Revoke, "revoke"),
    (Action::Remove, "remove"),
    (Action::Run, "run"),
    (Action::Env, "env"),
    (Action::Import, "import"),
    (Action::Recipients, "recipients"),
    (Action::Passwd, "passwd"),
    (Action::Rekey, "rekey"),
    (Action::Unlock, "unlock"),
    (Action::Lock, "lock"),
    (Action::UnlockFailed, "unlock-failed"),
    (Action::AuditVerify, "audit-verify"),
    (Action::LogRotated, "log-rotated"),
    (Action::AuditReset, "audit-reset"),
];

impl Action {
    /// The name written in the log.
    pub fn as_str(self) -> &'static str {
        ACTIONS
            .iter()
            .find(|(a, _)| *a == self)
            .map_or("unknown", |(_, s)| s)
    }

    /// The action with this name.
    pub fn parse(name: &str) -> Option<Action> {
        ACTIONS.iter().find(|(_, s)| *s == name).map(|(a, _)| *a)
    }

    /// Every action name, for help and error messages.
    pub fn names() -> impl Iterator<Item = &'static str> {
        ACTIONS.iter().map(|(_, s)| *s)
    }

    /// Whether the action hands out values (what counts as a read for `status --stale`).
    pub fn hands_out_values(self) -> bool {
        matches!(self, Action::Get | Action::Run | Action::Env)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome code of a success.
pub const OK: &str = "ok";

/// The outcome code recorded for a failed command: a stable word, never the
/// error message (messages carry paths and hints, and are not a format).
pub fn outcome_of(err: &Error) -> &'static str {
    match err {
        Error::WrongPassword { .. } => "wrong-password",
        Error::NotRecipient { .. } => "not-recipient",
        Error::Auth { .. } => "bad-credential",
        Error::NoUnlockSource => "no-unlock-source",
        Error::NotFound { .. } | Error::NoSuchVersion { .. } => "not-found",
        Error::NotLive { .. } => "not-live",
        Error::Corrupt { .. } | Error::NewerFormat { .. } | Error::Tampered { .. } => "corrupt",
        Error::Busy { .. } => "busy",
        Error::Usage { .. } => "usage",
        _ => "error",
    }
}

/// A secret a record is about, with the version involved when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// The secret's name.
    pub name: String,
    /// The version number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

impl Target {
    /// A secret and the version involved.
    pub fn version(name: impl Into<String>, n: u32) -> Self {
        Target {
            name: name.into(),
            version: Some(n),
        }
    }

    /// A secret, no particular version.
    pub fn name(name: impl Into<String>) -> Self {
        Target {
            name: name.into(),
            version: None,
        }
    }
}

/// One thing to record.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// What was done.
    pub action: Action,
    /// To which secrets.
    pub secrets: &'a [Target],
    /// [`OK`] or an [`outcome_of`] code.
    pub outcome: &'a str,
    /// For `unlock-failed`: the command that tried.
    pub command: Option<Action>,
    /// For `run`: the program's name (argv\[0\] only).
    pub program: Option<&'a str>,
}

impl<'a> Entry<'a> {
    /// A successful `action` on `secrets`.
    pub fn ok(action: Action, secrets: &'a [Target]) -> Self {
        Entry {
            action,
            secrets,
            outcome: OK,
            command: None,
            program: None,
        }
    }

    /// With the program's name, for `run`: pass argv\[0\] only, never the arguments.
    pub fn program(mut self, argv0: &'a str) -> Self {
        self.program = Some(argv0);
        self
    }
}

/// Who is acting: user, host and process.
#[derive(Debug, Clone)]
pub struct Who {
    /// The user name (from the password database, else `$USER`, else `uid N`).
    pub user: String,
    /// The host name.
    pub host: String,
    /// The process id.
    pub pid: u32,
}

impl Who {
    /// This process.
    pub fn current() -> Self {
        let uid = rustix::process::getuid().as_raw();
        let user = user_name(uid)
            .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
            .unwrap_or_else(|| format!("uid {uid}"));
        let host = rustix::system::uname()
            .nodename()
            .to_string_lossy()
            .into_owned();
        Who {
            user,
            host,
            pid: std::process::id(),
        }
    }
}

fn user_name(uid: u32) -> Option<String> {
    let passwd = fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        let id: u32 = f.nth(1)?.parse().ok()?;
        (id == uid && !name.is_empty()).then(|| name.to_owned())
    })
}

/// The MAC key of one identity. `Debug` shows only its id.
pub struct Key {
    /// HMAC with the key absorbed, cloned per line (saves two blocks a line).
    /// The raw key bytes are zeroized as soon as this is built.
    state: HmacSha256,
    id: String,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "audit::Key({})", self.id)
    }
}

impl Key {
    /// HKDF-SHA-256 of the identity's secret key: a key for nothing else.
    pub fn derive(identity: &Identity) -> Key {
        use age::secrecy::ExposeSecret;
        let secret = identity.secret_string();
        let hk = Hkdf::<Sha256>::new(Some(HKDF_SALT), secret.expose_secret().as_bytes());
        let mut bytes = Zeroizing::new([0u8; 32]);
        // HKDF-SHA-256 can expand up to 255 * 32 bytes; 32 always succeeds.
        if hk.expand(HKDF_INFO, &mut *bytes).is_err() {
            unreachable!("HKDF-SHA-256 expands to 32 bytes");
        }
        // HMAC takes keys of any length: new_from_slice cannot fail.
        let state = match HmacSha256::new_from_slice(&*bytes) {
            Ok(m) => m,
            Err(_) => unreachable!("HMAC accepts any key length"),
        };
        let mut m = state.clone();
        m.update(b"sesame audit key id");
        let id = hex(&m.finalize().into_bytes()[..6]);
        Key { state, id }
    }

    /// A short id naming this key in the log (derived from the key, reveals nothing).
    pub fn id(&self) -> &str {
        &self.id
    }

    fn mac(&self) -> HmacSha256 {
        self.state.clone()
    }
}

/// The head of the log: its last record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// Its sequence number.
    pub seq: u64,
    /// SHA-256 of its line, hex.
    pub hash: String,
}

/// What an append found and did.
#[derive(Debug, Default)]
pub struct Appended {
    /// The new record's sequence number.
    pub seq: u64,
    /// When the key was used: the times of the `unlock-failed` records since
    /// the last authenticated one (which this append now covers), oldest first.
    pub failed_unlocks: Vec<String>,
    /// Whether the log was rotated first.
    pub rotated: bool,
}

/// A record as read back for people and for `status`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    /// Sequence number.
    pub seq: u64,
    /// UTC, RFC 3339.
    pub time: String,
    /// Action name.
    pub action: String,
    /// Secrets involved.
    #[serde(default)]
    pub secrets: Vec<Target>,
    /// `ok` or a failure code.
    pub outcome: String,
    /// For `unlock-failed`: the command that tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// For `run`: the program.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    /// User name.
    #[serde(default)]
    pub user: String,
    /// Host name.
    #[serde(default)]
    pub host: String,
    /// Process id.
    #[serde(default)]
    pub pid: u32,
    /// Hash of the previous line.
    #[serde(default)]
    pub prev: String,
    /// Key id, when authenticated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The MAC, when authenticated.
    #[serde(default)]
    pub mac: Option<String>,
}

/// What `verify` found on an intact log.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Records checked.
    pub records: u64,
    /// The first record's sequence number (0 when empty).
    pub first_seq: u64,
    /// The last record's sequence number (0 when empty).
    pub last_seq: u64,
    /// The files checked, oldest first.
    pub files: Vec<String>,
    /// The record the vault sealed, when there is a seal.
    pub sealed_seq: Option<u64>,
    /// Whether the sealed record was found and matched (false when rotated away).
    pub sealed_checked: bool,
    /// Unauthenticated records after the last authenticated one (failed
    /// unlocks not yet covered by a MAC).
    pub unauthenticated_tail: u64,
}

/// The audit log of a store.
#[derive(Debug, Clone)]
pub struct Log {
    dir: PathBuf,
    max_bytes: u64,
    lock_timeout: Duration,
}

impl Log {
    /// The log of `store`.
    pub fn new(store: &Store) -> Self {
        Log {
            dir: store.dir().to_path_buf(),
            max_bytes: DEFAULT_MAX_BYTES,
            lock_timeout: Duration::from_secs(10),
        }
    }

    /// Rotate past `bytes` instead of [`DEFAULT_MAX_BYTES`].
    pub fn with_max_bytes(mut self, bytes: u64) -> Self {
        self.max_bytes = bytes.max(1);
        self
    }

    /// A file of the log.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn lock(&self) -> Result<fsutil::WriteLock> {
        let p = self.path(LOCK_FILE);
        fsutil::lock(&p, self.lock_timeout)
            .context(|| format!("could not open {}", p.display()))?
            .ok_or_else(|| Error::Busy {
                path: self.dir.clone(),
            })
    }

    /// Append one record, authenticated with `key` when given.
    pub fn append(&self, entry: &Entry<'_>, key: Option<&Key>, who: &Who) -> Result<Appended> {
        let _lock = self.lock()?;
        let path = self.path(LOG_FILE);
        let ctx = || format!("could not write the audit log {}", path.display());
        let mut file = open_log(&path).context(ctx)?;
        let len = file.metadata().context(ctx)?.len();
        let mut tail = if len > 0 {
            Tail::read(&file, len, key.is_some()).context(ctx)?
        } else {
            self.rotated_tail(key.is_some()).context(ctx)?
        };
        let mut buf = Vec::with_capacity(512);
        let mut appended = Appended {
            failed_unlocks: if key.is_some() {
                std::mem::take(&mut tail.failed_unlocks)
            } else {
                Vec::new()
            },
            ..Appended::default()
        };
        let now = Timestamp::now();
        let mut len = len;
        // A last line claiming the largest sequence number was not written by
        // sesame: refuse rather than overflow.
        if tail.seq >= u64::MAX - 1 {
            return Err(Error::Tampered {
                path: self.path(LOG_FILE),
                line: 0,
                why: "ends with an impossible record number: the log was edited".into(),
            });
        }
        let line_len = format_line(entry, tail.seq + 1, &tail.hash, key, who, now).len() as u64 + 1;
        // Rotate only with the key: the marker that starts the new file must be
        // authenticated, or anyone could restart the chain.
        if let Some(key) = key
            && len > 0
            && tail.complete
            && len + line_len > self.max_bytes
        {
            drop(file);
            let rotated = self.path(ROTATED_FILE);
            fs::rename(&path, &rotated).context(ctx)?;
            fsutil::sync_dir(&self.dir).context(ctx)?;
            file = open_log(&path).context(ctx)?;
            len = file.metadata().context(ctx)?.len();
            let marker = Entry::ok(Action::LogRotated, &[]);
            let line = format_line(&marker, tail.seq + 1, &tail.hash, Some(key), who, now);
            tail = Tail {
                seq: tail.seq + 1,
                hash: sha256_hex(&line),
                complete: true,
                failed_unlocks: Vec::new(),
            };
            buf.extend_from_slice(&line);
            buf.push(b'\n');
            appended.rotated = true;
        }
        if !tail.complete {
            // A torn last line (a crash mid-write): end it, so ours stands alone;
            // `verify` reports the torn one.
            buf.push(b'\n');
        }
        let seq = tail.seq + 1;
        let line = format_line(entry, seq, &tail.hash, key, who, now);
        buf.extend_from_slice(&line);
        buf.push(b'\n');
        // One write(2) with O_APPEND: parallel appenders (and we hold the lock
        // anyway) never interleave. A short write is cut back off.
        match file.write(&buf) {
            Ok(n) if n == buf.len() => {}
            Ok(_) => {
                let _ = file.set_len(len);
                return Err(io::Error::new(io::ErrorKind::WriteZero, "short write")).context(ctx);
            }
            Err(e) => {
                let _ = file.set_len(len);
                return Err(e).context(ctx);
            }
        }
        appended.seq = seq;
        Ok(appended)
    }

    /// The tail of `audit.log.1`, for an empty `audit.log` after rotation.
    fn rotated_tail(&self, keyed: bool) -> io::Result<Tail> {
        match File::open(self.path(ROTATED_FILE)) {
            Ok(f) => {
                let len = f.metadata()?.len();
                Tail::read(&f, len, keyed)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Tail::empty()),
            Err(e) => Err(e),
        }
    }

    /// The log's last record, or `None` for an empty log.
    pub fn head(&self) -> Result<Option<Head>> {
        let _lock = self.lock()?;
        let path = self.path(LOG_FILE);
        let ctx = || format!("could not read the audit log {}", path.display());
        let tail = match File::open(&path) {
            Ok(f) => {
                let len = f.metadata().context(ctx)?.len();
                if len > 0 {
                    Tail::read(&f, len, false).context(ctx)?
                } else {
                    self.rotated_tail(false).context(ctx)?
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                self.rotated_tail(false).context(ctx)?
            }
            Err(e) => return Err(e).context(ctx),
        };
        Ok((tail.seq > 0).then_some(Head {
            seq: tail.seq,
            hash: tail.hash,
        }))
    }

    /// The seal a vault write should carry, given the one it has: the current
    /// head, unless the log no longer holds the old sealed record as sealed
    /// (it was truncated or rewritten), in which case the old seal is kept so
    /// that `verify` keeps reporting it.
    pub fn seal(&self, old: Option<&AuditSeal>) -> Result<Option<AuditSeal>> {
        let Some(head) = self.head()? else {
            return Ok(old.cloned());
        };
        let new = AuditSeal {
            seq: head.seq,
            head: head.hash,
        };
        let Some(old) = old else {
            return Ok(Some(new));
        };
        if new.seq < old.seq {
            return Ok(Some(old.clone()));
        }
        match self.hash_of(old.seq)? {
            Some(h) if h != old.head => Ok(Some(old.clone())),
            _ => Ok(Some(new)),
        }
    }

    /// Move `audit.log` and `audit.log.1` aside (`….broken-<time>`), so that a
    /// new log starts at record 1. Returns the new names.
    pub fn set_aside(&self, why: &str) -> Result<Vec<PathBuf>> {
        let _lock = self.lock()?;
        let stamp = Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
        let mut moved = Vec::new();
        for name in [ROTATED_FILE, LOG_FILE] {
            let from = self.path(name);
            if !from.exists() {
                continue;
            }
            let to = self.path(&format!("{name}.{why}-{stamp}"));
            fs::rename(&from, &to)
                .context(|| format!("could not move {} aside", from.display()))?;
            moved.push(to);
        }
        fsutil::sync_dir(&self.dir).context(|| format!("could not sync {}", self.dir.display()))?;
        Ok(moved)
    }

    /// SHA-256 of the line holding record `seq`, reading back from the end
    /// (the sealed record is usually near it).
    fn hash_of(&self, seq: u64) -> Result<Option<String>> {
        let _lock = self.lock()?;
        for name in [LOG_FILE, ROTATED_FILE] {
            let path = self.path(name);
            let ctx = || format!("could not read the audit log {}", path.display());
            let file = match File::open(&path) {
                Ok(f) => f,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e).context(ctx),
            };
            let len = file.metadata().context(ctx)?.len();
            let mut back = Backward::new(&file, len).context(ctx)?;
            while let Some(line) = back.next_line().context(ctx)? {
                match seq_of(&line) {
                    Some(s) if s == seq => return Ok(Some(sha256_hex(&line))),
                    Some(s) if s < seq => return Ok(None),
                    _ => {}
                }
            }
        }
        Ok(None)
    }

    /// Every readable record, oldest first, and how many lines could not be read.
    pub fn records(&self) -> Result<(Vec<Record>, usize)> {
        let mut out = Vec::new();
        let mut bad = 0;
        for (_, bytes) in self.files()? {
            for line in lines(&bytes) {
                match serde_json::from_slice::<Record>(line) {
                    Ok(r) => out.push(r),
                    Err(_) => bad += 1,
                }
            }
        }
        Ok((out, bad))
    }

    /// The files of the log that exist, oldest first, with their bytes.
    fn files(&self) -> Result<Vec<(PathBuf, Vec<u8>)>> {
        // Under the lock, so that a rotation never happens between the two reads.
        let _lock = self.lock()?;
        let mut out = Vec::new();
        for name in [ROTATED_FILE, LOG_FILE] {
            let path = self.path(name);
            match fs::read(&path) {
                Ok(b) => out.push((path, b)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(e)
                        .context(|| format!("could not read the audit log {}", path.display()));
                }
            }
        }
        Ok(out)
    }

    /// Check the whole chain with `keys` and the head sealed in the vault.
    /// Fails with [`Error::Tampered`] (exit 5) naming the first bad line.
    pub fn verify(&self, keys: &[Key], seal: Option<&AuditSeal>) -> Result<Report> {
        let files = self.files()?;
        let mut report = Report::default();
        let mut prev: Option<(u64, [u8; 32])> = None;
        let mut sealed_found = false;
        let mut last_line: Option<(PathBuf, u64)> = None;
        for (path, bytes) in &files {
            report.files.push(
                path.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into()),
            );
            let is_current = path.ends_with(LOG_FILE);
            let complete = bytes.is_empty() || bytes.ends_with(b"\n");
            let n_lines = bytes.split(|b| *b == b'\n').count() as u64;
            // Numbered as in the file (blank lines count, and are skipped).
            for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
                let lineno = i as u64 + 1;
                if line.is_empty() {
                    continue;
                }
                let bad = |why: String| Error::Tampered {
                    path: path.clone(),
                    line: lineno,
                    why,
                };
                if !complete && lineno == n_lines {
                    return Err(bad("is incomplete (no newline at the end)".into()));
                }
                let (body_end, mac) = split_mac(line).ok_or_else(|| {
                    bad("is not a record sesame wrote (it does not end with a mac field)".into())
                })?;
                let rec: Check<'_> = serde_json::from_slice(line).map_err(|_| {
                    bad("is not a valid audit record (not the JSON sesame writes)".into())
                })?;
                if rec.mac != mac.map(|m| std::str::from_utf8(m).unwrap_or_default()) {
                    return Err(bad("has a malformed mac field".into()));
                }
                match &prev {
                    None => {
                        let genesis = rec.seq == 1 && rec.prev == GENESIS;
                        let marker = rec.action == Action::LogRotated.as_str() && mac.is_some();
                        if !(genesis || marker) {
                            return Err(bad(format!(
                                "is record {} but the log must start at record 1 or a rotation marker: lines were removed from the start",
                                rec.seq
                            )));
                        }
                        if marker && is_current {
                            // Rotation renames a non-empty log: audit.log.1 must hold it.
                            return Err(bad(format!(
                                "marks a rotation but {ROTATED_FILE} is missing or empty: the rotated log was deleted"
                            )));
                        }
                    }
                    Some((pseq, phash)) => {
                        if Some(rec.seq) != pseq.checked_add(1) {
                            return Err(bad(format!(
                                "is record {} where record {} should follow record {pseq}: lines were deleted, inserted or reordered",
                                rec.seq,
                                pseq.saturating_add(1)
                            )));
                        }
                        if unhex32(rec.prev.as_bytes()).as_ref() != Some(phash) {
                            return Err(bad(format!(
                                "(record {}) does not chain to the line before it: that line was changed, or lines were removed or reordered",
                                rec.seq
                            )));
                        }
                    }
                }
                match mac {
                    Some(m) => {
                        let id = rec.key.unwrap_or_default();
                        let key = keys.iter().find(|k| k.id == id).ok_or_else(|| {
                            bad(format!(
                                "(record {}) was authenticated with another identity (key id {id}): verify with that identity (SESAME_IDENTITY / SESAME_IDENTITY_FILE)",
                                rec.seq
                            ))
                        })?;
                        let tag = unhex32(m).ok_or_else(|| bad("has a malformed mac".into()))?;
                        let mut h = key.mac();
                        h.update(&line[..body_end]);
                        h.update(b"}");
                        if h.verify_slice(&tag).is_err() {
                            return Err(bad(format!(
                                "(record {}) fails its MAC check: the line was changed",
                                rec.seq
                            )));
                        }
                        report.unauthenticated_tail = 0;
                    }
                    None => {
                        if rec.outcome == OK {
                            return Err(bad(format!(
                                "(record {}) records a success without a MAC: the line was altered",
                                rec.seq
                            )));
                        }
                        report.unauthenticated_tail += 1;
                    }
                }
                let hash: [u8; 32] = Sha256::digest(line).into();
                if let Some(s) = seal
                    && s.seq == rec.seq
                {
                    if s.head != hex(&hash) {
                        return Err(bad(format!(
                            "(record {}) is not the record sealed into the vault: the log was truncated and rewritten",
                            rec.seq
                        )));
                    }
                    sealed_found = true;
                }
                if report.records == 0 {
                    report.first_seq = rec.seq;
                }
                report.records += 1;
                report.last_seq = rec.seq;
                prev = Some((rec.seq, hash));
                last_line = Some((path.clone(), lineno));
            }
        }
        if let Some(s) = seal {
            report.sealed_seq = Some(s.seq);
            report.sealed_checked = sealed_found;
            if s.seq > report.last_seq {
                return Err(match last_line {
                    Some((path, line)) => Error::Tampered {
                        path,
                        line,
                        why: format!(
                            "ends the log at record {} but the vault sealed record {}: the log was truncated",
                            report.last_seq, s.seq
                        ),
                    },
                    None => Error::Tampered {
                        path: self.path(LOG_FILE),
                        line: 1,
                        why: format!(
                            "is missing (the log is empty) but the vault sealed record {}: the log was deleted",
                            s.seq
                        ),
                    },
                });
            }
        }
        Ok(report)
    }
}

/// When each secret was last handed out (`get`, `run`, `env` succeeded),
/// according to the log (both files). For `status --stale`.
pub fn last_reads(store: &Store) -> Result<BTreeMap<String, Timestamp>> {
    // Only lines whose action hands out values matter. They are picked by a
    // substring search before any parsing, and parsed into borrowed fields:
    // a log of big `rotate --due` lines cost `status` a third of its time when
    // every line was parsed into a full Record.
    #[derive(Deserialize)]
    struct Read<'a> {
        #[serde(borrow)]
        time: &'a str,
        #[serde(borrow)]
        outcome: &'a str,
        #[serde(borrow, default)]
        secrets: Vec<Name<'a>>,
    }
    #[derive(Deserialize)]
    struct Name<'a> {
        #[serde(borrow)]
        name: std::borrow::Cow<'a, str>,
    }
    let wanted: Vec<String> = Action::names()
        .filter(|n| Action::parse(n).is_some_and(Action::hands_out_values))
        .map(|n| format!("\"action\":\"{n}\""))
        .collect();
    let finders: Vec<memchr::memmem::Finder<'_>> = wanted
        .iter()
        .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
        .collect();
    let mut out: BTreeMap<String, Timestamp> = BTreeMap::new();
    for (_, bytes) in Log::new(store).files()? {
        for line in bytes.split(|b| *b == b'\n') {
            if !finders.iter().any(|f| f.find(line).is_some()) {
                continue;
            }
            let Ok(r) = serde_json::from_slice::<Read<'_>>(line) else {
                continue;
            };
            if r.outcome != OK {
                continue;
            }
            let Ok(t) = r.time.parse::<Timestamp>() else {
                continue;
            };
            for s in r.secrets {
                match out.get_mut(s.name.as_ref()) {
                    Some(e) if t > *e => *e = t,
                    Some(_) => {}
                    None => {
                        out.insert(s.name.into_owned(), t);
                    }
                }
            }
        }
    }
    Ok(out)
}

/// The fields `verify` reads, borrowed.
#[derive(Deserialize)]
struct Check<'a> {
    seq: u64,
    #[serde(borrow)]
    action: &'a str,
    #[serde(borrow)]
    outcome: &'a str,
    #[serde(borrow)]
    prev: &'a str,
    #[serde(borrow, default)]
    key: Option<&'a str>,
    #[serde(borrow)]
    mac: Option<&'a str>,
}

/// What an append needs from the end of the log.
#[derive(Debug)]
struct Tail {
    seq: u64,
    hash: String,
    complete: bool,
    failed_unlocks: Vec<String>,
}

#[derive(Deserialize)]
struct Peek {
    seq: u64,
    action: String,
    time: String,
    mac: Option<String>,
}

impl Tail {
    fn empty() -> Self {
        Tail {
            seq: 0,
            hash: GENESIS.into(),
            complete: true,
            failed_unlocks: Vec::new(),
        }
    }

    /// Read lines backwards from the end: the last one's hash and sequence
    /// number and, when `keyed`, the failed unlocks after the last
    /// authenticated record.
    fn read(file: &File, len: u64, keyed: bool) -> io::Result<Tail> {
        let mut back = Backward::new(file, len)?;
        let complete = back.complete;
        let Some(last) = back.next_line()? else {
            return Ok(Tail::empty());
        };
        let mut tail = Tail {
            seq: 0,
            hash: sha256_hex(&last),
            complete,
            failed_unlocks: Vec::new(),
        };
        let mut skipped = 0u64;
        let mut line = Some(last);
        let mut seq_known = false;
        let mut scanning = keyed;
        while let Some(l) = line {
            let peek = serde_json::from_slice::<Peek>(&l).ok();
            if !seq_known {
                match peek.as_ref().map(|p| p.seq).or_else(|| seq_of(&l)) {
                    Some(s) => {
                        tail.seq = s + skipped;
                        seq_known = true;
                    }
                    None => skipped += 1,
                }
            }
            if scanning {
                match &peek {
                    Some(p) if p.mac.is_none() => {
                        if p.action == Action::UnlockFailed.as_str() {
                            tail.failed_unlocks.push(p.time.clone());
                        }
                    }
                    _ => scanning = false,
                }
            }
            if seq_known && !scanning {
                break;
            }
            line = back.next_line()?;
        }
        if !seq_known {
            tail.seq = skipped;
        }
        tail.failed_unlocks.reverse();
        Ok(tail)
    }
}

/// Lines of a file from the end, read in chunks.
struct Backward<'f> {
    file: &'f File,
    /// File offset of `buf[0]`.
    pos: u64,
    buf: Vec<u8>,
    complete: bool,
}

impl<'f> Backward<'f> {
    const CHUNK: u64 = 8192;

    fn new(file: &'f File, len: u64) -> io::Result<Self> {
        let mut b = Backward {
            file,
            pos: len,
            buf: Vec::new(),
            complete: true,
        };
        b.fill()?;
        if b.buf.last() == Some(&b'\n') {
            b.buf.pop();
        } else if !b.buf.is_empty() {
            b.complete = false;
        }
        Ok(b)
    }

    /// Prepend the chunk before `pos`. Returns false at the start of the file.
    fn fill(&mut self) -> io::Result<bool> {
        if self.pos == 0 {
            return Ok(false);
        }
        let start = self.pos.saturating_sub(Self::CHUNK);
        let mut chunk = vec![0u8; (self.pos - start) as usize];
        self.file.read_exact_at(&mut chunk, start)?;
        chunk.extend_from_slice(&self.buf);
        self.buf = chunk;
        self.pos = start;
        Ok(true)
    }

    fn next_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        loop {
            if let Some(i) = self.buf.iter().rposition(|b| *b == b'\n') {
                let line = self.buf.split_off(i + 1);
                self.buf.pop();
                if line.is_empty() {
                    continue;
                }
                return Ok(Some(line));
            }
            if !self.fill()? {
                if self.buf.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(std::mem::take(&mut self.buf)));
            }
        }
    }
}

fn open_log(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .mode(fsutil::FILE_MODE)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)
}

#[derive(Serialize)]
struct LineOut<'a> {
    seq: u64,
    time: String,
    action: &'static str,
    secrets: &'a [Target],
    outcome: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    command: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    program: Option<&'a str>,
    user: &'a str,
    host: &'a str,
    pid: u32,
    prev: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<&'a str>,
}

/// One line, without its newline.
fn format_line(
    entry: &Entry<'_>,
    seq: u64,
    prev: &str,
    key: Option<&Key>,
    who: &Who,
    now: Timestamp,
) -> Vec<u8> {
    let out = LineOut {
        seq,
        time: format!("{now:.6}"),
        action: entry.action.as_str(),
        secrets: entry.secrets,
        outcome: entry.outcome,
        command: entry.command.map(Action::as_str),
        program: entry.program,
        user: &who.user,
        host: &who.host,
        pid: who.pid,
        prev,
        key: key.map(Key::id),
    };
    let mut line = Vec::with_capacity(320);
    // Serializing plain strings and numbers into a Vec cannot fail.
    if serde_json::to_writer(&mut line, &out).is_err() {
        unreachable!("serializing an audit line into memory cannot fail");
    }
    line.pop(); // the closing brace: the mac field goes before it
    match key {
        Some(key) => {
            let mut m = key.mac();
            m.update(&line);
            m.update(b"}");
            line.extend_from_slice(MAC_OPEN);
            line.extend_from_slice(hex(&m.finalize().into_bytes()).as_bytes());
            line.extend_from_slice(b"\"}");
        }
        None => line.extend_from_slice(MAC_NULL),
    }
    line
}

/// Where the authenticated part of a line ends, and its MAC's hex bytes
/// (`None` for `"mac":null`). `None` when the line does not end with a mac field.
fn split_mac(line: &[u8]) -> Option<(usize, Option<&[u8]>)> {
    if line.ends_with(MAC_NULL) {
        return Some((line.len() - MAC_NULL.len(), None));
    }
    let rest = line.strip_suffix(b"\"}")?;
    if rest.len() < 64 {
        return None;
    }
    let (head, mac) = rest.split_at(rest.len() - 64);
    let body = head.strip_suffix(MAC_OPEN)?;
    Some((body.len(), Some(mac)))
}

/// The sequence number from the prefix sesame writes (`{"seq":N,`).
fn seq_of(line: &[u8]) -> Option<u64> {
    let rest = line.strip_prefix(b"{\"seq\":")?;
    let end = rest.iter().position(|b| !b.is_ascii_digit())?;
    std::str::from_utf8(&rest[..end]).ok()?.parse().ok()
}

/// Non-empty lines of a file.
fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    bytes.split(|b| *b == b'\n').filter(|l| !l.is_empty())
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// 64 lower-case hex digits as 32 bytes.
fn unhex32(text: &[u8]) -> Option<[u8; 32]> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        }
    }
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (o, p) in out.iter_mut().zip(text.chunks_exact(2)) {
        *o = (nibble(p[0])? << 4) | nibble(p[1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, Log, Key, Who) {
        let dir = tempfile::tempdir().unwrap();
        let log = Log::new(&Store::at(dir.path()));
        let key = Key::derive(&Identity::generate());
        let who = Who {
            user: "alice".into(),
            host: "box".into(),
            pid: 42,
        };
        (dir, log, key, who)
    }

    #[test]
    fn run_records_the_program_name() {
        let (_d, log, key, who) = setup();
        let t = [Target::version("a", 2)];
        log.append(
            &Entry::ok(Action::Run, &t).program("deploy.sh"),
            Some(&key),
            &who,
        )
        .unwrap();
        let (recs, bad) = log.records().unwrap();
        assert_eq!(bad, 0);
        assert_eq!(recs[0].program.as_deref(), Some("deploy.sh"));
        assert_eq!(recs[0].action, "run");
        assert_eq!(recs[0].secrets, t);
        log.verify(std::slice::from_ref(&key), None).unwrap();
    }

    fn get(log: &Log, key: Option<&Key>, who: &Who, name: &str) -> Appended {
        let t = [Target::version(name, 1)];
        let e = Entry::ok(Action::Get, &t);
        log.append(&e, key, who).unwrap()
    }

    fn failed(log: &Log, who: &Who) -> Appended {
        let e = Entry {
            action: Action::UnlockFailed,
            secrets: &[],
            outcome: "wrong-password",
            command: Some(Action::Get),
            program: None,
        };
        log.append(&e, None, who).unwrap()
    }

    fn read_lines(log: &Log) -> Vec<String> {
        fs::read_to_string(log.path(LOG_FILE))
            .unwrap()
            .lines()
            .map(String::from)
            .collect()
    }

    #[test]
    fn actions_round_trip_by_name() {
        for name in Action::names() {
            assert_eq!(Action::parse(name).unwrap().as_str(), name);
        }
        assert!(Action::parse("dance").is_none());
        assert!(Action::Get.hands_out_values() && !Action::Show.hands_out_values());
    }

    #[test]
    fn keys_are_per_identity_and_never_printed() {
        let id = Identity::generate();
        let (a, b) = (Key::derive(&id), Key::derive(&id));
        assert_eq!(a.id(), b.id());
        let tag = |k: &Key| k.mac().chain_update(b"x").finalize().into_bytes();
        assert_eq!(tag(&a), tag(&b));
        let other = Key::derive(&Identity::generate());
        assert_ne!(a.id(), other.id());
        let dbg = format!("{a:?}");
        assert_eq!(dbg, format!("audit::Key({})", a.id()));
        assert_eq!(a.id().len(), 12);
    }

    #[test]
    fn lines_chain_and_verify() {
        let (_d, log, key, who) = setup();
        assert_eq!(log.head().unwrap(), None);
        get(&log, Some(&key), &who, "a");
        get(&log, Some(&key), &who, "b");
        let lines = read_lines(&log);
        assert!(lines[0].contains(&format!("\"prev\":\"{GENESIS}\"")));
        assert!(lines[1].contains(&format!("\"prev\":\"{}\"", sha256_hex(lines[0].as_bytes()))));
        let head = log.head().unwrap().unwrap();
        assert_eq!(head.seq, 2);
        assert_eq!(head.hash, sha256_hex(lines[1].as_bytes()));
        let report = log.verify(std::slice::from_ref(&key), None).unwrap();
        assert_eq!(
            (report.records, report.first_seq, report.last_seq),
            (2, 1, 2)
        );
        // Another identity cannot check (or forge) them.
        let other = Key::derive(&Identity::generate());
        let err = log.verify(&[other], None).unwrap_err();
        assert!(err.to_string().contains("another identity"), "{err}");
    }

    #[test]
    fn keyless_lines_are_covered_by_the_next_keyed_one() {
        let (_d, log, key, who) = setup();
        get(&log, Some(&key), &who, "a");
        assert!(failed(&log, &who).failed_unlocks.is_empty());
        failed(&log, &who);
        let report = log.verify(std::slice::from_ref(&key), None).unwrap();
        assert_eq!(report.unauthenticated_tail, 2);
        // The tail is not yet protected by a MAC: an edit to the last line passes…
        let lines = read_lines(&log);
        let mut edited = lines.clone();
        edited[2] = edited[2].replace("\"pid\":42", "\"pid\":43");
        fs::write(log.path(LOG_FILE), edited.join("\n") + "\n").unwrap();
        assert!(log.verify(std::slice::from_ref(&key), None).is_ok());
        fs::write(log.path(LOG_FILE), lines.join("\n") + "\n").unwrap();
        // …until a keyed line covers it, which also reports the failures.
        let appended = get(&log, Some(&key), &who, "a");
        assert_eq!(appended.failed_unlocks.len(), 2);
        let report = log.verify(std::slice::from_ref(&key), None).unwrap();
        assert_eq!(report.unauthenticated_tail, 0);
        let mut lines = read_lines(&log);
        lines[2] = lines[2].replace("\"pid\":42", "\"pid\":43");
        fs::write(log.path(LOG_FILE), lines.join("\n") + "\n").unwrap();
        let err = log.verify(std::slice::from_ref(&key), None).unwrap_err();
        assert!(matches!(err, Error::Tampered { line: 4, .. }), "{err}");
    }

    #[test]
    fn the_seal_catches_truncation_and_is_kept_when_the_log_was_rewritten() {
        let (_d, log, key, who) = setup();
        for n in ["a", "b", "c"] {
            get(&log, Some(&key), &who, n);
        }
        let seal = log.seal(None).unwrap().unwrap();
        assert_eq!(seal.seq, 3);
        get(&log, Some(&key), &who, "d");
        assert!(
            log.verify(std::slice::from_ref(&key), Some(&seal))
                .unwrap()
                .sealed_checked
        );
        let lines = read_lines(&log);
        fs::write(log.path(LOG_FILE), lines[..2].join("\n") + "\n").unwrap();
        let err = log
            .verify(std::slice::from_ref(&key), Some(&seal))
            .unwrap_err();
        assert!(err.to_string().contains("truncated"), "{err}");
        // Regrown past the seal with other lines: the new seal keeps the old one.
        for n in ["x", "y", "z"] {
            get(&log, Some(&key), &who, n);
        }
        assert_eq!(log.seal(Some(&seal)).unwrap(), Some(seal.clone()));
        assert!(log.verify(std::slice::from_ref(&key), Some(&seal)).is_err());
        // An intact log moves the seal forward.
        fs::write(log.path(LOG_FILE), lines.join("\n") + "\n").unwrap();
        let new = log.seal(Some(&seal)).unwrap().unwrap();
        assert_eq!(new.seq, 4);
    }

    #[test]
    fn rotation_carries_the_chain() {
        let (_d, log, key, who) = setup();
        let log = log.with_max_bytes(1500);
        let mut rotated = 0;
        for i in 0..30 {
            if get(&log, Some(&key), &who, &format!("s{i}")).rotated {
                rotated += 1;
            }
            // Keyless lines never rotate (the marker must be authenticated).
            failed(&log, &who);
        }
        assert!(rotated >= 2, "{rotated}");
        let report = log.verify(std::slice::from_ref(&key), None).unwrap();
        assert_eq!(report.files, ["audit.log.1", "audit.log"]);
        assert_eq!(report.last_seq, 60 + rotated);
        assert!(read_lines(&log)[0].contains("log-rotated"));
        // After a rotation that left an empty audit.log, appends chain to audit.log.1.
        fs::rename(log.path(LOG_FILE), log.path(ROTATED_FILE)).unwrap();
        get(&log, Some(&key), &who, "after");
        log.verify(std::slice::from_ref(&key), None).unwrap();
    }

    #[test]
    fn last_reads_takes_the_latest_successful_hand_out() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let line = |seq: u64, time: &str, action: &str, outcome: &str, name: &str| {
            format!(
                "{{\"seq\":{seq},\"time\":\"{time}\",\"action\":\"{action}\",\"secrets\":[{{\"name\":\"{name}\"}}],\"outcome\":\"{outcome}\",\"user\":\"u\",\"host\":\"h\",\"pid\":1,\"prev\":\"\",\"mac\":null}}\n"
            )
        };
        let text = [
            line(1, "2026-01-01T00:00:00Z", "get", "ok", "a"),
            line(2, "2026-03-01T00:00:00Z", "get", "ok", "a"),
            line(3, "2026-04-01T00:00:00Z", "get", "not-live", "a"),
            line(4, "2026-05-01T00:00:00Z", "set", "ok", "a"),
            line(5, "2026-02-01T00:00:00Z", "run", "ok", "b"),
            line(6, "2026-06-01T00:00:00Z", "show", "ok", "c"),
            line(7, "2026-06-02T00:00:00Z", "env", "ok", "d"),
        ]
        .concat();
        let (old, new) = text.split_at(text.find("{\"seq\":5").unwrap());
        fs::write(dir.path().join(ROTATED_FILE), old).unwrap();
        fs::write(dir.path().join(LOG_FILE), format!("{new}not json\n")).unwrap();
        let reads = last_reads(&store).unwrap();
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        assert_eq!(reads.len(), 3);
        assert_eq!(reads["a"], t("2026-03-01T00:00:00Z"));
        assert_eq!(reads["b"], t("2026-02-01T00:00:00Z"));
        assert_eq!(reads["d"], t("2026-06-02T00:00:00Z"));
        assert!(!reads.contains_key("c"));
        // No log at all: nothing was read.
        let empty = tempfile::tempdir().unwrap();
        assert!(last_reads(&Store::at(empty.path())).unwrap().is_empty());
    }

    #[test]
    fn mac_field_parsing() {
        let m = "a".repeat(64);
        let line = format!("{{\"seq\":1,\"mac\":\"{m}\"}}");
        assert_eq!(split_mac(line.as_bytes()), Some((8, Some(m.as_bytes()))));
        assert_eq!(split_mac(b"{\"seq\":1,\"mac\":null}"), Some((8, None)));
        assert_eq!(split_mac(b"{\"seq\":1}"), None);
        assert_eq!(split_mac(b"{\"seq\":1,\"mac\":\"ab\"}"), None);
        assert_eq!(seq_of(b"{\"seq\":123,\"x\":1}"), Some(123));
        assert_eq!(seq_of(b"{\"x\":1}"), None);
        let h = "0a".repeat(31) + "ff";
        let mut want = [10u8; 32];
        want[31] = 255;
        assert_eq!(unhex32(h.as_bytes()), Some(want));
        assert_eq!(unhex32(b"0aff"), None);
        assert_eq!(unhex32(("0g".repeat(32)).as_bytes()), None);
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
