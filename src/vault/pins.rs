//! What this machine trusts and last saw of each format-2 store, by canonical
//! path: the store id, the admins' verifying keys, and the last manifest
//! (digest and generation). Kept in sesame's local state (`crate::state`),
//! sealed with a key derived from the identity, never read from a store.
//!
//! One record file per identity (`stores-<member id>`): a record sealed by one
//! identity cannot be checked by another, and CI keys keep no record at all.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::signed::{Manifest, Signer};
use crate::crypto::Identity;
use crate::error::{Error, Result};
use crate::state::{State, StateKey};

thread_local! {
    /// Unit tests point the state elsewhere than the user's own.
    static STATE_DIR: std::cell::RefCell<Option<PathBuf>> = const { std::cell::RefCell::new(None) };
}

/// Use `dir` as the local state directory on this thread (unit tests).
#[cfg(test)]
pub(crate) fn use_state_dir(dir: &Path) {
    STATE_DIR.with(|d| *d.borrow_mut() = Some(dir.to_path_buf()));
}

/// What this machine pinned for one store path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Pin {
    /// The format last seen here (2 once signed: format 1 is refused after).
    pub(crate) format: u64,
    pub(crate) store_id: String,
    /// Verifying keys (hex) of the admins a member list must be signed by.
    pub(crate) admins: Vec<String>,
    /// The last manifest seen: its SHA-256 and generation.
    pub(crate) seen_digest: String,
    pub(crate) seen_generation: u64,
    /// The generation of the member list in it: an older list (one that a
    /// revoked member could replay to come back) is refused.
    #[serde(default)]
    pub(crate) members_generation: u64,
    /// Each scope's seal as last seen (scope prefix, "" for root): a later
    /// manifest must hold it or one made over it (`Seal::descends`), else a
    /// scope's older files were put back by a writer of another.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) seals: BTreeMap<String, SeenSeal>,
}

/// A seal as a pin remembers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SeenSeal {
    pub(crate) id: String,
}

impl Pin {
    /// The seals seen: (scope prefix, seal id).
    pub(crate) fn seen_seals(&self) -> impl Iterator<Item = (&str, &str)> {
        self.seals.iter().map(|(p, s)| (p.as_str(), s.id.as_str()))
    }

    /// The pin of a verified manifest whose file has SHA-256 `digest`.
    pub(crate) fn of(manifest: &Manifest, digest: &str) -> Pin {
        Pin {
            format: super::signed::FORMAT,
            store_id: manifest.header.store_id.clone(),
            admins: manifest.members.admin_keys(),
            seen_digest: digest.to_owned(),
            seen_generation: manifest.header.generation,
            members_generation: manifest.members.list.generation,
            seals: manifest
                .header
                .seals
                .iter()
                .map(|(p, s)| {
                    let seen = SeenSeal { id: s.id() };
                    (p.clone(), seen)
                })
                .collect(),
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    stores: BTreeMap<String, Pin>,
}

/// The pins of one identity, opened for one store path.
#[derive(Debug)]
pub(crate) struct Pins {
    state: State,
    key: StateKey,
    name: String,
    path: String,
    record: Record,
}

/// The canonical form of a store directory, as pins are keyed.
pub(crate) fn canonical(dir: &Path) -> PathBuf {
    std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
}

impl Pins {
    /// The record of `identity` (signing as `signer`), for the store at `dir`.
    pub(crate) fn open(identity: &Identity, signer: &Signer, dir: &Path) -> Result<Pins> {
        let state = match STATE_DIR.with(|d| d.borrow().clone()) {
            Some(d) => State::at(d),
            None => State::locate()?,
        };
        let key = StateKey::derive(identity);
        let name = format!("stores-{}", signer.id());
        let record = match state.read_sealed(&name, &key)? {
            None => Record::default(),
            Some(bytes) => serde_json::from_slice(&bytes).map_err(|_| Error::Unsafe {
                path: state.dir().join(&name),
                reason: "is not a record this sesame can read; remove it to start afresh"
                    .to_string(),
            })?,
        };
        Ok(Pins {
            state,
            key,
            name,
            path: canonical(dir).to_string_lossy().into_owned(),
            record,
        })
    }

    /// The pin of this store path, if any.
    pub(crate) fn get(&self) -> Option<&Pin> {
        self.record.stores.get(&self.path)
    }

    /// Record `pin` for this store path, durably (skipped when unchanged).
    pub(crate) fn set(&mut self, pin: Pin) -> Result<()> {
        if self.get() == Some(&pin) {
            return Ok(());
        }
        self.record.stores.insert(self.path.clone(), pin);
        let bytes = serde_json::to_vec_pretty(&self.record)
            .map_err(|e| Error::Other(format!("could not record the store's pin: {e}")))?;
        // Relaxed: losing this write in a crash leaves the previous record,
        // which the store still descends from.
        self.state
            .replace_sealed_relaxed(&self.name, &bytes, &self.key)
    }
}
