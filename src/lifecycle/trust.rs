//! Which stored rotate and revoke commands may run on this machine.
//!
//! A stored command is text in the vault, and whoever can write the vault (a
//! CI key with `--write`, anyone who can write the store's files while the
//! store is format 1) can put text there that the owner's `rotate --due`
//! would run through `sh -c`. So a stored command runs only when it is
//! trusted here:
//!
//! - **own**: this machine's key wrote it. When `set`, `edit` or `generate`
//!   store a command, a "written here" record is kept in this machine's local
//!   state; format 2 will also know a command's signed author
//!   ([`command_author_is_self`]);
//! - **approved**: the user read it and approved it (`sesame allow --secret`).
//!
//! Each record is keyed by the SHA-256 of (store id, secret, rotate|revoke,
//! exact text) — [`digest`] — so a changed text, another secret or another
//! store needs a new approval. The records live in the local state directory
//! (`state.rs`), one file per identity, sealed with a key derived from that
//! identity, so that no other program (nor another identity) can forge one.
//!
//! A command that is neither never runs: `rotate` and `revoke` refuse it with
//! [`Error::NotApproved`] (exit 8), `rotate --due` names it among the failures
//! and exits 8 after doing the rest, and `revoke --force` wipes the value
//! without running it.

use std::path::Path;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::crypto::Identity;
use crate::error::{Error, Result};
use crate::state::{State, StateKey};
use crate::vault::Store;
use crate::vault::model::Secret;

/// Which stored command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    Rotate,
    Revoke,
}

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Rotate => "rotate",
            Kind::Revoke => "revoke",
        }
    }

    /// `secret`'s stored command of this kind.
    pub(crate) fn of(self, secret: &Secret) -> Option<&str> {
        match self {
            Kind::Rotate => secret.policy.rotate_command.as_deref(),
            Kind::Revoke => secret.policy.revoke_command.as_deref(),
        }
    }
}

/// How a record came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum How {
    /// This machine's key stored the command (`set`, `edit`, `generate`).
    Written,
    /// The user approved it (`allow --secret`).
    Approved,
}

/// Whether a stored command may run here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Standing {
    /// Written by this machine's key.
    Own,
    /// Approved by the user.
    Approved,
    /// Neither: it does not run.
    NotApproved,
}

impl Standing {
    pub(crate) fn runs(self) -> bool {
        self != Standing::NotApproved
    }

    /// As `show` prints it.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Standing::Own => "yours (written with this machine's key)",
            Standing::Approved => "approved on this machine",
            Standing::NotApproved => "NOT approved: it will not run",
        }
    }
}

/// The id of the store, which approvals are bound to.
///
/// A signed store (format 2) has its own id, in its manifest (verified against
/// this machine's pins whenever the store is read, which every command that
/// runs a stored command does first). Format 1 has none: it is derived here
/// from the store's canonical path and its own key (the first line of
/// `recipients`), so that approvals made for one store never count for another.
pub(crate) fn store_id(store: &Store) -> Result<String> {
    if let Some(id) = store.signed_store_id()? {
        return Ok(id);
    }
    let dir = store.dir();
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let own = store
        .recipients()?
        .first()
        .map(ToString::to_string)
        .unwrap_or_default();
    let mut h = Sha256::new();
    field(&mut h, b"sesame format-1 store id");
    field(&mut h, canonical.as_os_str().as_encoded_bytes());
    field(&mut h, own.as_bytes());
    Ok(hex(&h.finalize()))
}

/// Whether the signed author of `secret`'s `kind` command is `me` (this
/// machine's identity, as its member id).
///
/// In a signed store (format 2) a policy holding a command is read only when
/// its author is a non-revoked admin whose signature over it verifies
/// (`vault::signed::check_policy`), so the recorded author is the signer. A
/// format-1 vault records no author (sesame clears the fields when it reads
/// one), so there a command counts as this machine's own only through its
/// "written here" record.
pub(crate) fn command_author_is_self(secret: &Secret, kind: Kind, me: &str) -> bool {
    kind.of(secret).is_some() && secret.policy_author.as_deref() == Some(me)
}

/// The key of an approval: SHA-256 over the store id, the secret's name, the
/// kind and the exact text, each length-prefixed (so no two tuples collide).
pub(crate) fn digest(store_id: &str, secret: &str, kind: Kind, text: &str) -> String {
    let mut h = Sha256::new();
    field(&mut h, b"sesame stored command v1");
    field(&mut h, store_id.as_bytes());
    field(&mut h, secret.as_bytes());
    field(&mut h, kind.as_str().as_bytes());
    field(&mut h, text.as_bytes());
    hex(&h.finalize())
}

fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_be_bytes());
    h.update(bytes);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One record: a command of a secret of a store, written here or approved.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Record {
    /// [`digest`] of the command.
    pub(crate) digest: String,
    /// [`store_id`].
    pub(crate) store: String,
    /// Where the store was when the record was made (shown by `allow --list`).
    pub(crate) store_path: String,
    pub(crate) secret: String,
    pub(crate) kind: Kind,
    pub(crate) how: How,
    /// When, RFC 3339.
    pub(crate) at: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordFile {
    version: u32,
    commands: Vec<Record>,
}

/// This identity's records of trusted commands, read from the local state.
#[derive(Debug)]
pub(crate) struct Approvals {
    state: State,
    key: StateKey,
    file: String,
    records: Vec<Record>,
}

impl Approvals {
    /// Read the records `identity` sealed in `state` (none yet: empty). A file
    /// whose seal does not check is refused (exit 5).
    pub(crate) fn open(state: State, identity: &Identity) -> Result<Approvals> {
        // One file per identity: another key's records are not this one's to
        // read (or to refuse as forged).
        let id = hex(&Sha256::digest(identity.public().as_bytes())[..8]);
        let file = format!("commands-{id}");
        let key = StateKey::derive(identity);
        let records = match state.read_sealed(&file, &key)? {
            None => Vec::new(),
            Some(bytes) => {
                let parsed: RecordFile =
                    serde_json::from_slice(&bytes).map_err(|e| Error::Unsafe {
                        path: state.dir().join(&file),
                        reason: format!(
                            "is sealed but not readable ({e}); remove it to start afresh"
                        ),
                    })?;
                parsed.commands
            }
        };
        Ok(Approvals {
            state,
            key,
            file,
            records,
        })
    }

    /// Every record, for `allow --list`.
    pub(crate) fn records(&self) -> &[Record] {
        &self.records
    }

    /// Trust `text` as `secret`'s `kind` command in store `store_id` (at
    /// `store_path`), replacing any earlier record for that command, and save.
    #[allow(clippy::too_many_arguments)] // one record's fields, named at the call
    pub(crate) fn record(
        &mut self,
        store_id: &str,
        store_path: &Path,
        secret: &str,
        kind: Kind,
        text: &str,
        how: How,
        now: Timestamp,
    ) -> Result<()> {
        self.records
            .retain(|r| !(r.store == store_id && r.secret == secret && r.kind == kind));
        self.records.push(Record {
            digest: digest(store_id, secret, kind, text),
            store: store_id.to_owned(),
            store_path: store_path.to_string_lossy().into_owned(),
            secret: secret.to_owned(),
            kind,
            how,
            at: now.to_string(),
        });
        self.save()
    }

    /// A rename: give `to` a copy of each record that `from`'s current
    /// commands (in `secret`, the secret being renamed) have in store
    /// `store_id`, with the same standing. Only a command trusted under the old
    /// name gets a record, so a rename never approves anything; the old
    /// name's records are left for [`Approvals::forget`] once the rename is
    /// stored. How many were carried.
    pub(crate) fn carry(
        &mut self,
        store_id: &str,
        from: &str,
        to: &str,
        secret: &Secret,
    ) -> Result<usize> {
        let mut carried = Vec::new();
        for kind in [Kind::Rotate, Kind::Revoke] {
            let Some(text) = kind.of(secret) else {
                continue;
            };
            let old = digest(store_id, from, kind, text);
            if let Some(r) = self.records.iter().find(|r| r.digest == old) {
                carried.push(Record {
                    digest: digest(store_id, to, kind, text),
                    secret: to.to_owned(),
                    ..r.clone()
                });
            }
        }
        if carried.is_empty() {
            return Ok(0);
        }
        for r in &carried {
            self.records
                .retain(|o| !(o.store == r.store && o.secret == r.secret && o.kind == r.kind));
        }
        let n = carried.len();
        self.records.extend(carried);
        self.save()?;
        Ok(n)
    }

    /// Forget every record for `secret` in store `store_id`; how many there were.
    pub(crate) fn forget(&mut self, store_id: &str, secret: &str) -> Result<usize> {
        let before = self.records.len();
        self.records
            .retain(|r| !(r.store == store_id && r.secret == secret));
        let gone = before - self.records.len();
        if gone > 0 {
            self.save()?;
        }
        Ok(gone)
    }

    fn save(&self) -> Result<()> {
        let file = RecordFile {
            version: 1,
            commands: self.records.clone(),
        };
        let bytes = serde_json::to_vec_pretty(&file).map_err(|e| {
            Error::Other(format!(
                "could not encode the approvals ({e}) — nothing was recorded"
            ))
        })?;
        self.state.replace_sealed(&self.file, &bytes, &self.key)
    }

    /// What is trusted in store `store_id`, for the commands to consult.
    pub(crate) fn trust(&self, store_id: &str) -> Trust {
        Trust {
            store_id: store_id.to_owned(),
            trusted: self
                .records
                .iter()
                .filter(|r| r.store == store_id)
                .map(|r| (r.digest.clone(), r.how))
                .collect(),
            me: None,
        }
    }
}

/// What this machine trusts in one store: asked before a stored command runs.
#[derive(Debug, Default)]
pub(crate) struct Trust {
    store_id: String,
    trusted: Vec<(String, How)>,
    /// This machine's identity (its member id), for [`command_author_is_self`].
    me: Option<String>,
}

impl Trust {
    /// With `me` as this machine's identity (for signed authorship).
    pub(crate) fn with_identity(mut self, me: &Identity) -> Trust {
        self.me = Some(crate::vault::signed::Signer::derive(me).id().to_owned());
        self
    }

    /// Whether `text`, `secret`'s (`name`) `kind` command, may run here.
    pub(crate) fn standing(&self, secret: &Secret, name: &str, kind: Kind, text: &str) -> Standing {
        if self
            .me
            .as_ref()
            .is_some_and(|me| command_author_is_self(secret, kind, me))
        {
            return Standing::Own;
        }
        let d = digest(&self.store_id, name, kind, text);
        match self.trusted.iter().find(|(t, _)| *t == d) {
            Some((_, How::Written)) => Standing::Own,
            Some((_, How::Approved)) => Standing::Approved,
            None => Standing::NotApproved,
        }
    }

    /// `Ok` when the command may run; [`Error::NotApproved`] when not.
    pub(crate) fn check(&self, secret: &Secret, name: &str, kind: Kind, text: &str) -> Result<()> {
        if self.standing(secret, name, kind, text).runs() {
            return Ok(());
        }
        Err(Error::NotApproved {
            name: name.to_owned(),
            kind: kind.as_str(),
            command: text.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_binds_every_field() {
        let d = digest("s", "a", Kind::Rotate, "x");
        assert_ne!(d, digest("s2", "a", Kind::Rotate, "x"));
        assert_ne!(d, digest("s", "b", Kind::Rotate, "x"));
        assert_ne!(d, digest("s", "a", Kind::Revoke, "x"));
        assert_ne!(d, digest("s", "a", Kind::Rotate, "x "));
        // Length prefixes: moving a byte between fields changes the digest.
        assert_ne!(
            digest("ab", "c", Kind::Rotate, "x"),
            digest("a", "bc", Kind::Rotate, "x")
        );
    }

    #[test]
    fn records_decide_and_a_changed_text_is_not_approved() {
        let tmp = tempfile::tempdir().unwrap();
        let state = State::at(tmp.path().join("sesame"));
        let me = Identity::generate();
        let now = Timestamp::now();
        let secret = Secret::new(now);
        let mut a = Approvals::open(state.clone(), &me).unwrap();
        a.record(
            "S",
            Path::new("/s"),
            "n",
            Kind::Rotate,
            "./mint",
            How::Approved,
            now,
        )
        .unwrap();
        a.record(
            "S",
            Path::new("/s"),
            "n",
            Kind::Revoke,
            "./burn",
            How::Written,
            now,
        )
        .unwrap();
        let t = Approvals::open(state.clone(), &me).unwrap().trust("S");
        assert_eq!(
            t.standing(&secret, "n", Kind::Rotate, "./mint"),
            Standing::Approved
        );
        assert_eq!(
            t.standing(&secret, "n", Kind::Revoke, "./burn"),
            Standing::Own
        );
        assert_eq!(
            t.standing(&secret, "n", Kind::Rotate, "./mint2"),
            Standing::NotApproved
        );
        assert_eq!(
            t.standing(&secret, "m", Kind::Rotate, "./mint"),
            Standing::NotApproved
        );
        let other_store = Approvals::open(state.clone(), &me).unwrap().trust("T");
        assert!(
            other_store
                .check(&secret, "n", Kind::Rotate, "./mint")
                .is_err()
        );
        // Another identity has its own (empty) file, not an error.
        let other = Approvals::open(state.clone(), &Identity::generate()).unwrap();
        assert!(other.records().is_empty());
        // A new text for the same command replaces the record.
        let mut a = Approvals::open(state.clone(), &me).unwrap();
        a.record(
            "S",
            Path::new("/s"),
            "n",
            Kind::Rotate,
            "./mint2",
            How::Written,
            now,
        )
        .unwrap();
        assert_eq!(a.records().len(), 2);
        let t = a.trust("S");
        assert!(!t.standing(&secret, "n", Kind::Rotate, "./mint").runs());
        assert_eq!(a.forget("S", "n").unwrap(), 2);
    }

    #[test]
    fn a_rename_carries_only_what_the_old_name_had() {
        let tmp = tempfile::tempdir().unwrap();
        let me = Identity::generate();
        let now = Timestamp::now();
        let mut secret = Secret::new(now);
        secret.policy.rotate_command = Some("./mint".into());
        secret.policy.revoke_command = Some("./planted".into());
        let mut a = Approvals::open(State::at(tmp.path().join("sesame")), &me).unwrap();
        let p = Path::new("/s");
        a.record("S", p, "old", Kind::Rotate, "./mint", How::Written, now)
            .unwrap();
        // A record for another text of the revoke command does not count.
        a.record("S", p, "old", Kind::Revoke, "./burn", How::Approved, now)
            .unwrap();
        assert_eq!(a.carry("S", "old", "new", &secret).unwrap(), 1);
        let t = a.trust("S");
        assert_eq!(
            t.standing(&secret, "new", Kind::Rotate, "./mint"),
            Standing::Own
        );
        assert_eq!(
            t.standing(&secret, "new", Kind::Revoke, "./planted"),
            Standing::NotApproved
        );
        assert_eq!(a.carry("T", "old", "new", &secret).unwrap(), 0);
    }
}
