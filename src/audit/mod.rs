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
//!
//! # Where each part lives
//!
//! [`Action`] names what was done; [`Entry`] is what a command records and
//! `Record` what a reader gets back. `key` derives the MAC key, `line` writes
//! a line and takes one apart, `log` appends and rotates, `tail` reads a file
//! from its end, `verify` checks the chain, `query` serves `audit` and
//! `status`.
//!
//! What the log proves and what it cannot (a writer holding a store key can
//! write records too): SECURITY.md, "Keys and files".

mod action;
mod entry;
mod hex;
mod key;
mod line;
mod log;
mod query;
mod tail;
#[cfg(test)]
mod testing;
mod verify;

pub use action::Action;
pub use entry::{Entry, Target, Who};
pub(crate) use entry::{Member, OK, Record, outcome_of};
pub use key::Key;

pub use log::{Appended, Log};
pub(crate) use query::last_reads;
pub(crate) use verify::Report;

pub(crate) const LOG_FILE: &str = "audit.log";
/// The log before the last rotation.
pub(crate) const ROTATED_FILE: &str = "audit.log.1";
/// The file appenders lock (short holds only).
pub(crate) const LOCK_FILE: &str = "audit.lock";
/// Rotate `audit.log` when an append would take it past this many bytes.
pub(crate) const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// The `prev` of the very first record.
pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
