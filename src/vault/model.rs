//! The in-memory model: secrets, their versions, metadata and policy.
//!
//! These types are what the rest of sesame works with. `format.rs` owns how they
//! are laid out on disk; the model itself knows nothing of files or encryption.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::value::SecretValue;

/// How many versions a secret keeps unless configured otherwise (as Vault KV).
pub(crate) const DEFAULT_MAX_VERSIONS: u32 = 10;

/// Every secret of a store, by name (sorted, so listing is free).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Vault {
    /// Versions kept per secret; older ones are dropped.
    #[serde(default = "default_max_versions")]
    pub(crate) max_versions: u32,
    #[serde(default)]
    pub(crate) secrets: BTreeMap<String, Secret>,
    /// The recipients the vault is encrypted to, sealed inside it so that a key
    /// added to the plain `recipients` file by hand is noticed. `None` in a vault
    /// written before recipients were sealed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) recipients: Option<Vec<SealedRecipient>>,
    /// The audit log's head when the vault was last written (see `audit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) audit: Option<AuditSeal>,
    /// Format 2: the store id and the verified member list the vault was read
    /// under, to name authors (`show`). `None` for a format-1 vault.
    #[serde(skip)]
    pub(crate) signed: Option<std::sync::Arc<Signed>>,
}

/// The store id and verified member list of a format-2 vault.
#[derive(Debug, Clone)]
pub(crate) struct Signed {
    pub(crate) store_id: String,
    pub(crate) members: super::signed::SignedMembers,
}

/// What the vault holds when a write begins: every secret by name, each of its
/// versions by number, and which of them hold a value (never the values
/// themselves). Its commit compares, so that a write which removed a secret, a
/// version or a value scrubs the backup too, whatever command made it.
///
/// Flat, in three buffers rather than a map of strings: it is taken on every
/// write, and with 1,000 secrets a clone per name cost more than the rest.
#[derive(Debug, Default)]
pub(crate) struct HeldValues {
    /// The names of the secrets, one after the other, in the vault's (sorted)
    /// order.
    names: String,
    /// For each secret: where its name ends in `names` and where its versions
    /// end in `versions`.
    ends: Vec<(usize, usize)>,
    /// Each version's number and whether it holds a value, secret after secret.
    versions: Vec<(u32, bool)>,
}

impl Vault {
    /// The secrets, versions and values held now.
    pub(crate) fn held_values(&self) -> HeldValues {
        let mut held = HeldValues {
            names: String::with_capacity(self.secrets.len() * 32),
            ends: Vec::with_capacity(self.secrets.len()),
            versions: Vec::with_capacity(self.secrets.len()),
        };
        for (name, s) in &self.secrets {
            held.versions
                .extend(s.versions.iter().map(|v| (v.n, v.value.is_some())));
            held.names.push_str(name);
            held.ends.push((held.names.len(), held.versions.len()));
        }
        held
    }
}

impl HeldValues {
    /// Whether anything held is gone from `vault`: a secret removed, a version
    /// dropped past `max_versions`, a value revoked or wiped. (Metadata of a
    /// removed secret or version can be sensitive too: a description, a key id,
    /// a stored command.)
    ///
    /// One pass, relying on the orders: secrets by name (a `BTreeMap`) and
    /// versions by number (oldest first). Were versions ever out of order, a
    /// held one would be reported gone: a needless scrub, never a missed one.
    pub(crate) fn any_gone_from(&self, vault: &Vault) -> bool {
        let mut now = vault.secrets.iter().peekable();
        let (mut name_start, mut versions_start) = (0, 0);
        for &(name_end, versions_end) in &self.ends {
            let name = self.names.get(name_start..name_end).unwrap_or_default();
            let held = self
                .versions
                .get(versions_start..versions_end)
                .unwrap_or_default();
            (name_start, versions_start) = (name_end, versions_end);
            while now.next_if(|(n, _)| n.as_str() < name).is_some() {}
            let Some((_, secret)) = now.next_if(|(n, _)| n.as_str() == name) else {
                return true;
            };
            let mut versions = secret.versions.iter();
            for &(n, had_value) in held {
                if !versions
                    .by_ref()
                    .find(|v| v.n >= n)
                    .is_some_and(|v| v.n == n && (v.value.is_some() || !had_value))
                {
                    return true;
                }
            }
        }
        false
    }
}

/// One recipient as sealed in the payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SealedRecipient {
    /// The public key in canonical form (`age1…`, or `ssh-ed25519 AAAA…` without comment).
    pub(crate) key: String,
    /// A name for people: the CI system, the team member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) label: Option<String>,
}

/// The audit log's head as sealed into the payload by every vault write, so
/// that truncating the log back past it is caught by `audit verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct AuditSeal {
    /// The sequence number of the log's last record at the time.
    pub(crate) seq: u64,
    /// SHA-256 of that record's line, in hex.
    pub(crate) head: String,
}

fn default_max_versions() -> u32 {
    DEFAULT_MAX_VERSIONS
}

impl Default for Vault {
    fn default() -> Self {
        Vault {
            max_versions: DEFAULT_MAX_VERSIONS,
            secrets: BTreeMap::new(),
            recipients: None,
            audit: None,
            signed: None,
        }
    }
}

/// One named secret and its history.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Secret {
    /// Free text for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    /// Labels to select by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) tags: Vec<String>,
    /// The environment variable it is injected as, when not the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) env: Option<String>,
    /// Expiry, rotation and generation rules.
    #[serde(default, skip_serializing_if = "Policy::is_empty")]
    pub(crate) policy: Policy,
    /// When the secret was first stored.
    #[serde(with = "crate::time::rfc3339")]
    pub(crate) created: Timestamp,
    /// When anything about it last changed.
    #[serde(with = "crate::time::rfc3339")]
    pub(crate) updated: Timestamp,
    /// Oldest first; the last live one is current.
    pub(crate) versions: Vec<Version>,
    /// Format 2: the member who last changed the policy, and their signature
    /// over (store id, name, policy). Carried unchanged until the policy changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) policy_author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) policy_signature: Option<String>,
    /// Format 2: set by a merge that kept two concurrent values (or a secret
    /// removed on one side and changed on the other): what happened, for
    /// `status`. The next value stored settles it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) conflict: Option<String>,
}

/// Rules that govern a secret's life.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Policy {
    /// No value is handed out after this time.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::rfc3339::option"
    )]
    pub(crate) expires: Option<Timestamp>,
    /// Rotation is due this many seconds after the current version was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) max_age: Option<u64>,
    /// How to make a new value, kept for rotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) generator: Option<GeneratorSpec>,
    /// A shell command whose stdout is the new value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) rotate_command: Option<String>,
    /// A shell command run when a version is revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) revoke_command: Option<String>,
    /// Free text: what the credential may do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) scopes: Option<String>,
}

impl Policy {
    /// Whether no rule is set.
    pub(crate) fn is_empty(&self) -> bool {
        *self == Policy::default()
    }
}

/// The state of one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum State {
    /// The current value.
    Active,
    /// Replaced, still valid until its grace deadline.
    Previous,
    /// Wiped; metadata only.
    Revoked,
}

impl State {
    /// The word shown to people and in JSON.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            State::Active => "active",
            State::Previous => "previous",
            State::Revoked => "revoked",
        }
    }
}

/// One value a secret has had.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Version {
    /// 1, 2, 3… never reused.
    pub(crate) n: u32,
    /// The value; `None` once revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) value: Option<SecretValue>,
    /// A non-secret key id (an AWS access key id, a token's public prefix).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<String>,
    /// When this version was stored.
    #[serde(with = "crate::time::rfc3339")]
    pub(crate) created: Timestamp,
    /// Active, previous or revoked.
    pub(crate) state: State,
    /// For a previous version: when it stops being valid.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::rfc3339::option"
    )]
    pub(crate) grace_until: Option<Timestamp>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::time::rfc3339::option"
    )]
    pub(crate) revoked: Option<Timestamp>,
    /// Format 2: the member who stored it, and their signature over (store id,
    /// name, number, creation time, key id, SHA-256 of the value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) signature: Option<String>,
    /// Format 2: the number the signature covers, when a merge renumbered
    /// this version (two members stored the same number concurrently).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) signed_n: Option<u32>,
}

/// How a value was generated, so that rotation can make the next one alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(crate) enum GeneratorSpec {
    /// Random characters from a named set.
    Chars {
        charset: Charset,
        /// How many characters (the prefix not counted).
        length: u32,
        /// Fixed text put in front (`sk_live_`).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        prefix: String,
    },
    /// Random words from the built-in list.
    Words {
        /// How many words.
        count: u32,
        /// What goes between them.
        separator: String,
        /// Fixed text put in front.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        prefix: String,
    },
}

/// The character sets `generate` draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Charset {
    /// A–Z, a–z, 0–9.
    Alnum,
    /// A–Z, a–z.
    Alpha,
    /// 0–9.
    Digits,
    /// 0–9, a–f.
    Hex,
    /// RFC 4648 base32: A–Z, 2–7.
    Base32,
    /// RFC 4648 base64: A–Z, a–z, 0–9, `+`, `/`.
    Base64,
    /// RFC 4648 base64url: A–Z, a–z, 0–9, `-`, `_`.
    Base64url,
    /// Printable ASCII with symbols, no space.
    Ascii,
}

impl Secret {
    /// A new secret with no versions yet.
    pub(crate) fn new(now: Timestamp) -> Self {
        Secret {
            description: None,
            tags: Vec::new(),
            env: None,
            policy: Policy::default(),
            created: now,
            updated: now,
            versions: Vec::new(),
            policy_author: None,
            policy_signature: None,
            conflict: None,
        }
    }

    /// The current version: the newest active one.
    pub(crate) fn current(&self) -> Option<&Version> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.state == State::Active)
    }

    pub(crate) fn version(&self, n: u32) -> Option<&Version> {
        self.versions.iter().find(|v| v.n == n)
    }

    /// Whether any version still holds a value that may be handed out.
    pub(crate) fn has_live_version(&self) -> bool {
        self.versions
            .iter()
            .any(|v| v.value.is_some() && v.state != State::Revoked)
    }

    /// Whether the secret is past its expiry at `now`.
    pub(crate) fn is_expired(&self, now: Timestamp) -> bool {
        self.policy.expires.is_some_and(|e| e <= now)
    }

    /// Add a new active version holding `value`; the previous active one becomes
    /// `previous` with no deadline (rotation sets a grace deadline on it).
    /// Drops the oldest versions beyond `max_versions`, wiping their values.
    pub(crate) fn push_value(
        &mut self,
        value: SecretValue,
        id: Option<String>,
        now: Timestamp,
        max_versions: u32,
    ) -> u32 {
        for v in &mut self.versions {
            if v.state == State::Active {
                v.state = State::Previous;
            }
        }
        // The payload is authenticated, so n never nears u32::MAX; saturate anyway.
        let n = self.versions.last().map_or(1, |v| v.n.saturating_add(1));
        self.versions.push(Version {
            n,
            value: Some(value),
            id,
            created: now,
            state: State::Active,
            grace_until: None,
            revoked: None,
            author: None,
            signature: None,
            signed_n: None,
        });
        let keep = usize::try_from(max_versions.max(1)).unwrap_or(usize::MAX);
        let mut excess = self.versions.len().saturating_sub(keep);
        if excess > 0 {
            // Oldest first. A replaced value with a grace deadline is still
            // valid at its provider until `rotate --due` revokes it (running the
            // revoke command): dropping it now would lose the only handle on
            // it, so it stays, beyond max_versions, until it is revoked.
            // Dropping a Version drops its SecretValue, which zeroizes it.
            self.versions.retain(|v| {
                let awaiting_revocation =
                    v.state == State::Previous && v.value.is_some() && v.grace_until.is_some();
                // The version just pushed is the only active one: never dropped.
                if excess == 0 || awaiting_revocation || v.n == n {
                    return true;
                }
                excess -= 1;
                false
            });
        }
        self.updated = now;
        self.conflict = None;
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_numbered_and_capped() {
        let now = Timestamp::now();
        let mut s = Secret::new(now);
        for i in 0..13 {
            s.push_value(SecretValue::new(format!("v{i}")), None, now, 10);
        }
        assert_eq!(s.versions.len(), 10);
        assert_eq!(s.versions[0].n, 4);
        assert_eq!(s.current().map(|v| v.n), Some(13));
        assert_eq!(
            s.versions
                .iter()
                .filter(|v| v.state == State::Active)
                .count(),
            1
        );
    }

    #[test]
    fn held_values_notice_every_way_a_value_goes() {
        let now = Timestamp::now();
        let mut vault = Vault {
            max_versions: 2,
            ..Vault::default()
        };
        for name in ["a", "b", "c"] {
            let mut s = Secret::new(now);
            s.push_value(SecretValue::new(format!("{name}1")), None, now, 2);
            s.push_value(SecretValue::new(format!("{name}2")), None, now, 2);
            vault.secrets.insert(name.into(), s);
        }
        let held = vault.held_values();
        let gone = |change: &dyn Fn(&mut Vault)| {
            let mut v = vault.clone();
            change(&mut v);
            held.any_gone_from(&v)
        };
        assert!(!gone(&|_| ()));
        // Secrets added before, between and after the others; a version
        // added within max_versions; metadata edited.
        assert!(!gone(&|v| {
            for name in ["0", "bb", "d"] {
                let mut s = Secret::new(now);
                s.push_value(SecretValue::new("new".into()), None, now, 2);
                v.secrets.insert(name.into(), s);
            }
            v.secrets.insert("empty".into(), Secret::new(now));
            if let Some(s) = v.secrets.get_mut("a") {
                s.tags.push("edited".into());
                s.push_value(SecretValue::new("a3".into()), None, now, 3);
            }
        }));
        // Dropped past max_versions.
        assert!(gone(&|v| {
            if let Some(s) = v.secrets.get_mut("a") {
                s.push_value(SecretValue::new("a3".into()), None, now, 2);
            }
        }));
        // Revoked: metadata kept, value wiped.
        assert!(gone(&|v| {
            if let Some(s) = v.secrets.get_mut("b") {
                s.versions[0].state = State::Revoked;
                s.versions[0].value = None;
            }
        }));
        // Removed.
        assert!(gone(&|v| {
            v.secrets.remove("c");
        }));
        // A secret or version that holds no value any more still has
        // metadata (description, key id, stored commands): removing or
        // dropping it counts too.
        let mut wiped = vault.clone();
        for v in &mut wiped.secrets.get_mut("b").unwrap().versions {
            (v.state, v.value) = (State::Revoked, None);
        }
        let held = wiped.held_values();
        let mut removed = wiped.clone();
        removed.secrets.remove("b");
        assert!(held.any_gone_from(&removed));
        let mut dropped = wiped.clone();
        dropped.secrets.get_mut("b").unwrap().versions.remove(0);
        assert!(held.any_gone_from(&dropped));
        assert!(!held.any_gone_from(&wiped));
    }

    #[test]
    fn values_awaiting_revocation_are_not_dropped() {
        let now = Timestamp::now();
        let mut s = Secret::new(now);
        s.push_value(SecretValue::new("v1".into()), None, now, 2);
        s.versions[0].state = State::Previous;
        s.versions[0].grace_until = Some(now);
        s.push_value(SecretValue::new("v2".into()), None, now, 2);
        s.push_value(SecretValue::new("v3".into()), None, now, 2);
        let ns: Vec<u32> = s.versions.iter().map(|v| v.n).collect();
        assert_eq!(
            ns,
            [1, 3],
            "v1 awaits revocation; v2 (no deadline) is dropped"
        );
    }
}
