//! [`Log`]: appending to the chain, rotating, and the head a vault write seals.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;

use super::hex::sha256_hex;
use super::line::{format_line, seq_of};
use super::tail::{Backward, Tail};
use super::{Action, DEFAULT_MAX_BYTES, Entry, Key, LOCK_FILE, LOG_FILE, ROTATED_FILE, Who};
use crate::error::{Error, IoContext, Result};
use crate::vault::model::AuditSeal;
use crate::vault::{Store, fsutil};

/// The audit log of a store.
#[derive(Debug, Clone)]
pub struct Log {
    dir: PathBuf,
    max_bytes: u64,
    lock_timeout: Duration,
    make_dir: bool,
}

/// The head of the log: its last record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    pub(crate) seq: u64,
    /// SHA-256 of its line, hex.
    pub(crate) hash: String,
}

/// What an append found and did.
#[derive(Debug, Default)]
pub struct Appended {
    /// The new record's sequence number.
    pub(crate) seq: u64,
    /// When the key was used: the times of the `unlock-failed` records since
    /// the last authenticated one (which this append now covers), oldest first.
    pub(crate) failed_unlocks: Vec<String>,
    /// Whether the log was rotated first.
    pub(crate) rotated: bool,
}

impl Log {
    pub fn new(store: &Store) -> Self {
        Log {
            dir: store.personal_dir(),
            // A team member's personal directory is made on first use (a CI
            // job's first `get` on a fresh runner).
            make_dir: store.is_team(),
            max_bytes: DEFAULT_MAX_BYTES,
            lock_timeout: Duration::from_secs(10),
        }
    }

    /// Rotate past `bytes` instead of 10 MiB (`DEFAULT_MAX_BYTES`).
    pub fn with_max_bytes(mut self, bytes: u64) -> Self {
        self.max_bytes = bytes.max(1);
        self
    }

    /// A file of the log.
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn lock(&self) -> Result<fsutil::WriteLock> {
        if self.make_dir {
            crate::vault::fsutil::private_dir(&self.dir)
                .context(|| format!("could not create {}", self.dir.display()))?;
        }
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
        let mut len = file.metadata().context(ctx)?.len();
        let mut tail = if len > 0 {
            Tail::read(&file, len, key.is_some()).context(ctx)?
        } else {
            self.rotated_tail(key.is_some()).context(ctx)?
        };
        let mut appended = Appended {
            failed_unlocks: if key.is_some() {
                std::mem::take(&mut tail.failed_unlocks)
            } else {
                Vec::new()
            },
            ..Appended::default()
        };
        // A last line claiming the largest sequence number was not written by
        // sesame: refuse rather than overflow.
        if tail.seq >= u64::MAX - 1 {
            return Err(Error::Tampered {
                path: self.path(LOG_FILE),
                line: 0,
                why: "ends with an impossible record number: the log was edited".into(),
            });
        }
        let now = Timestamp::now();
        let mut buf = Vec::with_capacity(512);
        let line_len = format_line(entry, tail.seq + 1, &tail.hash, key, who, now).len() as u64 + 1;
        // Rotate only with the key: the marker that starts the new file must be
        // authenticated, or anyone could restart the chain.
        if let Some(key) = key
            && len > 0
            && tail.complete
            && len + line_len > self.max_bytes
        {
            drop(file);
            file = self.rotate().context(ctx)?;
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
        buf.extend_from_slice(&format_line(entry, seq, &tail.hash, key, who, now));
        buf.push(b'\n');
        write_or_undo(&mut file, &buf, len).context(ctx)?;
        appended.seq = seq;
        Ok(appended)
    }

    /// Rename `audit.log` to `audit.log.1` (replacing an older one) and open
    /// a new, empty `audit.log`.
    fn rotate(&self) -> io::Result<File> {
        let path = self.path(LOG_FILE);
        fs::rename(&path, self.path(ROTATED_FILE))?;
        fsutil::sync_dir(&self.dir)?;
        open_log(&path)
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
    pub(crate) fn head(&self) -> Result<Option<Head>> {
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
    pub(crate) fn seal(&self, old: Option<&AuditSeal>) -> Result<Option<AuditSeal>> {
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
    pub(crate) fn set_aside(&self, why: &str) -> Result<Vec<PathBuf>> {
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

    /// The files of the log that exist, oldest first, with their bytes.
    pub(super) fn files(&self) -> Result<Vec<(PathBuf, Vec<u8>)>> {
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

/// One write(2) on a file opened with O_APPEND: parallel appenders (and we
/// hold the lock anyway) never interleave. A short write is cut back off to
/// `len`, so a line is whole or absent.
fn write_or_undo(file: &mut File, buf: &[u8], len: u64) -> io::Result<()> {
    match file.write(buf) {
        Ok(n) if n == buf.len() => Ok(()),
        Ok(_) => {
            let _ = file.set_len(len);
            Err(io::Error::new(io::ErrorKind::WriteZero, "short write"))
        }
        Err(e) => {
            let _ = file.set_len(len);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::super::testing::{failed, get, read_lines, setup};
    use super::*;
    use crate::audit::{GENESIS, Target};

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
        let other = Key::derive(&crate::crypto::Identity::generate());
        let err = log.verify(&[other], None).unwrap_err();
        assert!(err.to_string().contains("another identity"), "{err}");
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
}
