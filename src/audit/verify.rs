//! `verify`: every line of both files checked in order (its structure, the
//! start of the chain, the link to the line before, the MAC, the sealed
//! head), then the end of the log against the seal. The first failure is an
//! [`Error::Tampered`] naming the file and line.

use std::path::{Path, PathBuf};

use hmac::Mac;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::hex::{hex, unhex32};
use super::line::split_mac;
use super::{Action, GENESIS, Key, LOG_FILE, Log, OK, ROTATED_FILE};
use crate::error::{Error, Result};
use crate::vault::model::AuditSeal;

/// What `verify` found on an intact log.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Report {
    /// Records checked.
    pub(crate) records: u64,
    /// The first record's sequence number (0 when empty).
    pub(crate) first_seq: u64,
    /// The last record's sequence number (0 when empty).
    pub(crate) last_seq: u64,
    /// The files checked, oldest first.
    pub(crate) files: Vec<String>,
    /// The record the vault sealed, when there is a seal.
    pub(crate) sealed_seq: Option<u64>,
    /// Whether the sealed record was found and matched (false when rotated away).
    pub(crate) sealed_checked: bool,
    /// Unauthenticated records after the last authenticated one (failed
    /// unlocks not yet covered by a MAC).
    pub(crate) unauthenticated_tail: u64,
    /// Records whose MAC this command checked (with its own keys).
    pub(crate) checked: u64,
    /// Records authenticated with keys this command does not hold (another
    /// member's, such as a CI token's): chained, their MACs not checkable
    /// here. One entry per key, in order of first appearance.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) other_keys: Vec<OtherKey>,
    /// Of those, the records after the last one this command checked by MAC:
    /// nothing this identity authenticated covers them.
    pub(crate) other_after_last_checked: u64,
}

/// The records of one key that `verify` cannot check.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct OtherKey {
    /// The key id the records name.
    pub(crate) key: String,
    /// The member the records name themselves as (their own claim: only
    /// that key's holder can check it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) member: Option<super::entry::Member>,
    pub(crate) records: u64,
    pub(crate) first_seq: u64,
    pub(crate) last_seq: u64,
}

impl Log {
    /// Check the whole chain with `keys` and the head sealed in the vault.
    /// Fails with [`Error::Tampered`] (exit 5) naming the first bad line.
    pub(crate) fn verify(&self, keys: &[Key], seal: Option<&AuditSeal>) -> Result<Report> {
        let mut walk = Walk {
            keys,
            seal,
            report: Report::default(),
            prev: None,
            sealed_found: false,
            last_line: None,
            first_other: None,
        };
        for (path, bytes) in &self.files()? {
            walk.report.files.push(
                path.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into()),
            );
            walk.file(path, bytes)?;
        }
        walk.finish(self.path(LOG_FILE))
    }
}

/// Why a line fails: the text that follows "FILE line N" in the error.
type Why = String;

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
    #[serde(default)]
    member: Option<super::entry::Member>,
}

/// A line that has the shape sesame writes.
struct Line<'l> {
    rec: Check<'l>,
    /// What the MAC covers, without the closing `}`.
    body: &'l [u8],
    /// The MAC's hex digits; `None` for `"mac":null`.
    mac: Option<&'l [u8]>,
}

/// What the checks carry from one line to the next.
struct Walk<'a> {
    keys: &'a [Key],
    seal: Option<&'a AuditSeal>,
    report: Report,
    /// The sequence number and SHA-256 of the last line checked.
    prev: Option<(u64, [u8; 32])>,
    sealed_found: bool,
    /// Where the last line checked is, to name it when the log ends too early.
    last_line: Option<(PathBuf, u64)>,
    /// Where the first record of another key is, and its seq and key id.
    first_other: Option<(PathBuf, u64, u64, String)>,
}

impl Walk<'_> {
    /// Check the lines of one file, numbered as in the file (blank lines
    /// count, and are skipped).
    fn file(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        let is_current = path.ends_with(LOG_FILE);
        let complete = bytes.is_empty() || bytes.ends_with(b"\n");
        let n_lines = bytes.split(|b| *b == b'\n').count() as u64;
        for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
            let lineno = i as u64 + 1;
            if line.is_empty() {
                continue;
            }
            let torn = !complete && lineno == n_lines;
            let others = self.report.other_after_last_checked;
            self.line(line, torn, is_current)
                .map_err(|why| Error::Tampered {
                    path: path.to_path_buf(),
                    line: lineno,
                    why,
                })?;
            if self.first_other.is_none() && self.report.other_after_last_checked > others {
                let o = &self.report.other_keys[0];
                let at = (path.to_path_buf(), lineno, o.first_seq, o.key.clone());
                self.first_other = Some(at);
            }
            self.last_line = Some((path.to_path_buf(), lineno));
        }
        Ok(())
    }

    /// Every check of one line, in order.
    fn line(&mut self, bytes: &[u8], torn: bool, is_current: bool) -> Result<(), Why> {
        if torn {
            return Err("is incomplete (no newline at the end)".into());
        }
        let line = parse(bytes)?;
        let rec = &line.rec;
        match self.prev {
            None => check_start(rec, line.mac.is_some(), is_current)?,
            Some((pseq, phash)) => check_link(rec, pseq, &phash)?,
        }
        match line.mac {
            Some(_) if !self.holds_key(rec) => self.other_key(rec),
            Some(mac) => {
                check_mac(self.keys, rec, line.body, mac)?;
                self.report.unauthenticated_tail = 0;
                self.report.checked += 1;
                self.report.other_after_last_checked = 0;
            }
            None => {
                if rec.outcome == OK {
                    return Err(format!(
                        "(record {}) records a success without a MAC: the line was altered",
                        rec.seq
                    ));
                }
                self.report.unauthenticated_tail += 1;
            }
        }
        let hash: [u8; 32] = Sha256::digest(bytes).into();
        self.check_seal(rec.seq, &hash)?;
        if self.report.records == 0 {
            self.report.first_seq = rec.seq;
        }
        self.report.records += 1;
        self.report.last_seq = rec.seq;
        self.prev = Some((rec.seq, hash));
        Ok(())
    }

    /// Whether the line names a key this command holds. The others' lines
    /// are counted, not failed: each member's records are MACed with a key
    /// derived from that member's own identity.
    fn holds_key(&self, rec: &Check<'_>) -> bool {
        self.keys.is_empty()
            || rec
                .key
                .is_none_or(|id| self.keys.iter().any(|k| k.id() == id))
    }

    /// Note a record authenticated with another key.
    fn other_key(&mut self, rec: &Check<'_>) {
        let key = rec.key.unwrap_or_default();
        let others = &mut self.report.other_keys;
        let i = match others.iter().position(|o| o.key == key) {
            Some(i) => i,
            None => {
                others.push(OtherKey {
                    key: key.to_owned(),
                    member: rec.member.clone(),
                    first_seq: rec.seq,
                    ..OtherKey::default()
                });
                others.len() - 1
            }
        };
        if others[i].member.is_none() {
            others[i].member.clone_from(&rec.member);
        }
        others[i].records += 1;
        others[i].last_seq = rec.seq;
        self.report.other_after_last_checked += 1;
    }

    /// The record the vault sealed, when this is it, must be the line sealed.
    fn check_seal(&mut self, seq: u64, hash: &[u8; 32]) -> Result<(), Why> {
        if let Some(s) = self.seal
            && s.seq == seq
        {
            if s.head != hex(hash) {
                return Err(format!(
                    "(record {seq}) is not the record sealed into the vault: the log was truncated and rewritten"
                ));
            }
            self.sealed_found = true;
        }
        Ok(())
    }

    /// The log must reach the record the vault sealed: a shorter one was cut.
    /// Records of other keys pass only beside records this command checked:
    /// a log of which it checked none was written by another identity.
    fn finish(mut self, log_file: PathBuf) -> Result<Report> {
        if self.report.checked == 0
            && let Some((path, line, seq, key)) = self.first_other.take()
        {
            return Err(Error::Tampered {
                path,
                line,
                why: format!(
                    "(record {seq}) was authenticated with another identity (key id {}), and this identity authenticated no record of the log: verify with that identity (SESAME_IDENTITY / SESAME_IDENTITY_FILE)",
                    // Read from the line: escaped, found by fuzzing (issue 19).
                    crate::error::shown(&key)
                ),
            });
        }
        let Some(s) = self.seal else {
            return Ok(self.report);
        };
        self.report.sealed_seq = Some(s.seq);
        self.report.sealed_checked = self.sealed_found;
        if s.seq <= self.report.last_seq {
            return Ok(self.report);
        }
        Err(match self.last_line {
            Some((path, line)) => Error::Tampered {
                path,
                line,
                why: format!(
                    "ends the log at record {} but the vault sealed record {}: the log was truncated",
                    self.report.last_seq, s.seq
                ),
            },
            None => Error::Tampered {
                path: log_file,
                line: 1,
                why: format!(
                    "is missing (the log is empty) but the vault sealed record {}: the log was deleted",
                    s.seq
                ),
            },
        })
    }
}

/// The line as sesame writes it: its JSON, ending with a mac field that
/// agrees with the parsed one.
fn parse(line: &[u8]) -> Result<Line<'_>, Why> {
    let (body_end, mac) = split_mac(line).ok_or_else(|| {
        "is not a record sesame wrote (it does not end with a mac field)".to_owned()
    })?;
    let rec: Check<'_> = serde_json::from_slice(line)
        .map_err(|_| "is not a valid audit record (not the JSON sesame writes)".to_owned())?;
    if rec.mac != mac.map(|m| std::str::from_utf8(m).unwrap_or_default()) {
        return Err("has a malformed mac field".into());
    }
    Ok(Line {
        rec,
        body: &line[..body_end],
        mac,
    })
}

/// The first line checked: record 1, or an authenticated rotation marker
/// in `audit.log.1` (whose predecessor was discarded).
fn check_start(rec: &Check<'_>, authenticated: bool, is_current: bool) -> Result<(), Why> {
    let genesis = rec.seq == 1 && rec.prev == GENESIS;
    let marker = rec.action == Action::LogRotated.as_str() && authenticated;
    if !(genesis || marker) {
        return Err(format!(
            "is record {} but the log must start at record 1 or a rotation marker: lines were removed from the start",
            rec.seq
        ));
    }
    if marker && is_current {
        // Rotation renames a non-empty log: audit.log.1 must hold it.
        return Err(format!(
            "marks a rotation but {ROTATED_FILE} is missing or empty: the rotated log was deleted"
        ));
    }
    Ok(())
}

/// Every later line: the next sequence number, and `prev` the hash of the
/// line before.
fn check_link(rec: &Check<'_>, pseq: u64, phash: &[u8; 32]) -> Result<(), Why> {
    if Some(rec.seq) != pseq.checked_add(1) {
        return Err(format!(
            "is record {} where record {} should follow record {pseq}: lines were deleted, inserted or reordered",
            rec.seq,
            pseq.saturating_add(1)
        ));
    }
    if unhex32(rec.prev.as_bytes()).as_ref() != Some(phash) {
        return Err(format!(
            "(record {}) does not chain to the line before it: that line was changed, or lines were removed or reordered",
            rec.seq
        ));
    }
    Ok(())
}

/// The MAC over `body`, with the key the line's `key` field names.
fn check_mac(keys: &[Key], rec: &Check<'_>, body: &[u8], mac: &[u8]) -> Result<(), Why> {
    let id = rec.key.unwrap_or_default();
    let key = keys.iter().find(|k| k.id() == id).ok_or_else(|| {
        format!(
            "(record {}) was authenticated with another identity (key id {}): verify with that identity (SESAME_IDENTITY / SESAME_IDENTITY_FILE)",
            rec.seq,
            // Read from the line: escaped, found by fuzzing (issue 19).
            crate::error::shown(id)
        )
    })?;
    let tag = unhex32(mac).ok_or_else(|| "has a malformed mac".to_owned())?;
    let mut h = key.mac();
    h.update(body);
    h.update(b"}");
    if h.verify_slice(&tag).is_err() {
        return Err(format!(
            "(record {}) fails its MAC check: the line was changed",
            rec.seq
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::super::testing::{failed, get, read_lines, setup};
    use super::*;

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
    fn a_key_id_from_the_line_is_shown_escaped() {
        // Found by fuzzing (issue 19): the key id of a hostile line reached the
        // error raw, with its control characters.
        let (_d, log, key, who) = setup();
        get(&log, Some(&key), &who, "a");
        let lines = read_lines(&log);
        let line = lines[0].replacen(
            &format!("\"key\":\"{}\"", key.id()),
            // Raw: JSON lets DEL and C1 controls (U+009B is CSI) stand unescaped.
            "\"key\":\"\u{9b}2J\u{7f}\"",
            1,
        );
        fs::write(log.path(LOG_FILE), line + "\n").unwrap();
        let err = log.verify(std::slice::from_ref(&key), None).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("key id \\u{9b}2J\\u{7f})"), "{text}");
        assert!(!text.chars().any(char::is_control), "{text:?}");
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
}
