//! Store format 2: the signed manifest, its member list, and the keys that
//! sign them (ARCHITECTURE.md, "The store format (version 2)"; SECURITY.md).
//!
//! The manifest is the one file a write commits: it names every bucket file by
//! its SHA-256, and carries the member list signed by an admin. Signatures are
//! Ed25519 over a domain string and the canonical JSON of the signed part (the
//! part re-serialized by this module, so spacing or field order in the file
//! change nothing that is checked). Everything here is parsing and checking of
//! plain bytes: no file is read, nothing is decrypted.

use std::collections::BTreeMap;

use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::model::{AuditSeal, Policy, Secret, Version};
use super::scopes::{self, Layout, Scope, Seal, Withdrawal};
use crate::crypto::Identity;

/// The format number of a signed store.
pub(crate) const FORMAT: u64 = 2;
/// How many buckets a new store spreads its secrets over.
pub(crate) const DEFAULT_BUCKETS: u32 = 64;
/// How many earlier manifest digests a manifest lists (see [`descends`]).
pub(crate) const ANCESTRY: usize = 64;

const MANIFEST_DOMAIN: &[u8] = b"sesame manifest v2\n";
const MEMBERS_DOMAIN: &[u8] = b"sesame members v2\n";
const VERSION_DOMAIN: &[u8] = b"sesame version v2\n";
const POLICY_DOMAIN: &[u8] = b"sesame policy v2\n";
const INTRO_DOMAIN: &[u8] = b"sesame admin intro v1\n";
const SEAL_DOMAIN: &[u8] = b"sesame scope seal v1\n";

/// Lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// Hex back to bytes; `None` unless exactly `N` bytes of lower-case hex.
pub(crate) fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let t = text.as_bytes();
    if t.len() != 2 * N {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = (nibble(t[2 * i])? << 4) | nibble(t[2 * i + 1])?;
    }
    Some(out)
}

/// SHA-256 in hex: the digest of a file, a member list, a value.
pub(crate) fn digest(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// A member's id: the first 8 bytes of SHA-256 of its verifying key (or of its
/// recipient, for a member that cannot sign), in hex.
pub(crate) fn member_id(key: &str) -> String {
    digest(key.as_bytes())[..16].to_owned()
}

/// A member's signing key: Ed25519 whose seed is HKDF-SHA-256 of the age
/// identity's secret, so one secret gives both decrypting and signing.
/// `Debug` shows only the id.
pub(crate) struct Signer {
    key: SigningKey,
    verify_hex: String,
    id: String,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Signer({})", self.id)
    }
}

impl Signer {
    pub(crate) fn derive(identity: &Identity) -> Signer {
        use age::secrecy::ExposeSecret;
        let secret = identity.secret_string();
        let hk = Hkdf::<Sha256>::new(
            Some(b"sesame signing key v1"),
            secret.expose_secret().as_bytes(),
        );
        let mut seed = Zeroizing::new([0u8; 32]);
        // HKDF-SHA-256 can expand up to 255 * 32 bytes; 32 always succeeds.
        if hk.expand(b"ed25519 seed", &mut *seed).is_err() {
            unreachable!("HKDF-SHA-256 expands to 32 bytes");
        }
        let key = SigningKey::from_bytes(&seed);
        let verify_hex = hex(key.verifying_key().as_bytes());
        let id = member_id(&verify_hex);
        Signer {
            key,
            verify_hex,
            id,
        }
    }

    /// The member id of this key.
    pub(crate) fn id(&self) -> &str {
        &self.id
    }

    /// The verifying key, in hex.
    pub(crate) fn verify_key(&self) -> &str {
        &self.verify_hex
    }

    fn sign(&self, domain: &[u8], body: &[u8]) -> String {
        let mut msg = Vec::with_capacity(domain.len() + body.len());
        msg.extend_from_slice(domain);
        msg.extend_from_slice(body);
        hex(&self.key.sign(&msg).to_bytes())
    }
}

/// Check `signature` (hex) by `verify_key` (hex) over `domain` and `body`.
fn verify(verify_key: &str, domain: &[u8], body: &[u8], signature: &str) -> bool {
    let (Some(key), Some(sig)) = (unhex::<32>(verify_key), unhex::<64>(signature)) else {
        return false;
    };
    let Ok(key) = VerifyingKey::from_bytes(&key) else {
        return false;
    };
    let mut msg = Vec::with_capacity(domain.len() + body.len());
    msg.extend_from_slice(domain);
    msg.extend_from_slice(body);
    key.verify(&msg, &Signature::from_bytes(&sig)).is_ok()
}

/// What a member may do. Enforced when the files are read, not by the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Role {
    /// Changes the member list and stored commands; everything a writer can.
    Admin,
    /// Signs manifests: stores values and metadata, never stored commands.
    Writer,
    /// Decrypts; signs nothing that verifies.
    Reader,
}

impl Role {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Writer => "writer",
            Role::Reader => "reader",
        }
    }
}

/// One member of a store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Member {
    /// [`member_id`] of its verifying key (or of its recipient).
    pub(crate) id: String,
    /// A name for people (the CI system, the laptop).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    pub(crate) role: Role,
    /// The age recipient (or SSH key) every bucket is encrypted to.
    pub(crate) recipient: String,
    /// The Ed25519 verifying key in hex; `None` for a key that cannot sign
    /// (a plain age or SSH recipient).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) verify_key: Option<String>,
    /// A revoked member receives nothing and its signatures no longer count.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) revoked: bool,
    /// When an admin removed the member (`member remove`/`replace`): every
    /// value current before then could be read by it and is due for rotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) removed: Option<jiff::Timestamp>,
    /// The name prefixes the member may read (and write, as a writer);
    /// `None`: all of them. Admins always have all access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) access: Option<Vec<String>>,
    /// Access taken away, and when: what it covered is due for rotation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) withdrawn: Vec<Withdrawal>,
}

impl Member {
    /// A member for `signer`'s identity.
    pub(crate) fn for_signer(
        signer: &Signer,
        recipient: String,
        role: Role,
        name: Option<String>,
    ) -> Member {
        Member {
            id: signer.id().to_owned(),
            name,
            role,
            recipient,
            verify_key: Some(signer.verify_key().to_owned()),
            revoked: false,
            removed: None,
            access: None,
            withdrawn: Vec::new(),
        }
    }

    /// A member with only a recipient: it can decrypt, never sign.
    pub(crate) fn recipient_only(recipient: String, name: Option<String>) -> Member {
        Member {
            id: member_id(&recipient),
            name,
            role: Role::Reader,
            recipient,
            verify_key: None,
            revoked: false,
            removed: None,
            access: None,
            withdrawn: Vec::new(),
        }
    }

    /// Whether the member can read the secret `name`, or open the buckets
    /// of the scope with prefix `name` ("" for the root scope): not revoked,
    /// and an admin, or unlimited, or granted it or a prefix above it.
    pub(crate) fn reads(&self, name: &str) -> bool {
        // A granted prefix never covers the root's "" (it is never empty).
        !self.revoked && self.access_covers(name)
    }

    /// Whether the member may change (and seal) the scope with `prefix`.
    pub(crate) fn writes(&self, prefix: &str) -> bool {
        self.role != Role::Reader && self.verify_key.is_some() && self.reads(prefix)
    }

    /// Whether the member's access covers `name`, revoked or not.
    pub(crate) fn access_covers(&self, name: &str) -> bool {
        self.role == Role::Admin
            || self
                .access
                .as_ref()
                .is_none_or(|a| a.iter().any(|q| scopes::covers(q, name)))
    }

    fn can_sign_as(&self, roles: &[Role]) -> Option<&str> {
        if self.revoked || !roles.contains(&self.role) {
            return None;
        }
        self.verify_key.as_deref()
    }
}

/// The signed part of the member list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MembersBody {
    pub(crate) format: u64,
    pub(crate) store_id: String,
    /// Raised by one at every change.
    pub(crate) generation: u64,
    pub(crate) members: Vec<Member>,
    /// The id of the admin who signed it.
    pub(crate) signer: String,
    /// How each admin added later was vouched for by an admin before it, so
    /// that a reader who pinned only the earlier admins follows the change
    /// (pins follow admin-signed changes, through any number of them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) introductions: Vec<Introduction>,
    /// The prefixes with bucket files of their own (sorted by prefix): see
    /// `vault::scopes`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) scopes: Vec<Scope>,
}

/// Admin `by` (verifying key) vouches that `key` is an admin of the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Introduction {
    pub(crate) key: String,
    pub(crate) by: String,
    pub(crate) signature: String,
}

fn intro_body(store_id: &str, key: &str) -> Vec<u8> {
    [store_id.as_bytes(), &[0], key.as_bytes()].concat()
}

impl Introduction {
    /// `signer` vouches for admin key `key` of store `store_id`.
    pub(crate) fn new(signer: &Signer, store_id: &str, key: &str) -> Introduction {
        Introduction {
            key: key.to_owned(),
            by: signer.verify_key().to_owned(),
            signature: signer.sign(INTRO_DOMAIN, &intro_body(store_id, key)),
        }
    }
}

/// The member list and an admin's signature over it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignedMembers {
    pub(crate) list: MembersBody,
    pub(crate) signature: String,
}

/// The signed header of the store: everything a reader must trust before it
/// decrypts anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ManifestBody {
    pub(crate) format: u64,
    pub(crate) store_id: String,
    /// One more than the parent's.
    pub(crate) generation: u64,
    /// The digests of the manifest(s) this one was written over (two for a
    /// merge; none for the first).
    pub(crate) parents: Vec<String>,
    /// Earlier manifest digests, newest first, at most [`ANCESTRY`]
    /// (the parents' own parents and so on).
    #[serde(default)]
    pub(crate) ancestors: Vec<String>,
    /// How many buckets secrets are spread over (fixed at creation).
    pub(crate) bucket_count: u32,
    /// Bucket number → SHA-256 of its file `vault/<digest>.age`. Empty
    /// buckets have no file and no entry.
    pub(crate) buckets: BTreeMap<u32, String>,
    pub(crate) max_versions: u32,
    #[serde(default)]
    pub(crate) audit: Option<AuditSeal>,
    /// SHA-256 of the canonical signed member list below.
    pub(crate) members_digest: String,
    /// The id of the member who signed this manifest.
    pub(crate) author: String,
    /// Scope prefix ("" for root) → the seal over its buckets, by a member
    /// who may write it. Required for every scope once the store has one.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) seals: BTreeMap<String, Seal>,
}

/// The whole `manifest` file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Manifest {
    pub(crate) header: ManifestBody,
    pub(crate) members: SignedMembers,
    pub(crate) signature: String,
}

fn canonical<T: Serialize>(value: &T) -> Vec<u8> {
    // Serializing these plain structs into memory cannot fail.
    serde_json::to_vec(value).unwrap_or_else(|_| unreachable!("plain structs serialize"))
}

impl SignedMembers {
    /// Sign `list` with `signer` (who must be one of its admins).
    pub(crate) fn sign(mut list: MembersBody, signer: &Signer) -> SignedMembers {
        signer.id().clone_into(&mut list.signer);
        let signature = signer.sign(MEMBERS_DOMAIN, &canonical(&list));
        SignedMembers { list, signature }
    }

    /// SHA-256 of the canonical list and signature.
    pub(crate) fn digest(&self) -> String {
        digest(&canonical(self))
    }

    /// The member with this id.
    pub(crate) fn member(&self, id: &str) -> Option<&Member> {
        self.list.members.iter().find(|m| m.id == id)
    }

    /// The one member not revoked called `name` (or with that id).
    pub(crate) fn find(&self, name: &str) -> crate::error::Result<&Member> {
        use crate::error::Error;
        let found: Vec<&Member> = self
            .list
            .members
            .iter()
            .filter(|m| !m.revoked && (m.name.as_deref() == Some(name) || m.id == name))
            .collect();
        match found.as_slice() {
            [one] => Ok(one),
            [] => Err(Error::usage(
                format!("no member is called '{name}'"),
                "see `sesame member list`; nothing was changed",
            )),
            _ => Err(Error::usage(
                format!("{} members are called '{name}'", found.len()),
                "name the member by its id (`sesame member list`); nothing was changed",
            )),
        }
    }

    /// Where each secret lives, with `root_count` buckets for the root scope.
    pub(crate) fn layout(&self, root_count: u32) -> Layout<'_> {
        Layout {
            root_count,
            scopes: &self.list.scopes,
        }
    }

    /// Who the buckets of the scope with `prefix` are encrypted to.
    pub(crate) fn readers_of<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a Member> {
        self.list.members.iter().filter(move |m| m.reads(prefix))
    }

    /// The members that are not revoked: who every bucket is encrypted to.
    pub(crate) fn recipients_now(&self) -> impl Iterator<Item = &Member> {
        self.list.members.iter().filter(|m| !m.revoked)
    }

    /// The verifying keys of the non-revoked admins.
    pub(crate) fn admin_keys(&self) -> Vec<String> {
        self.list
            .members
            .iter()
            .filter_map(|m| m.can_sign_as(&[Role::Admin]).map(str::to_owned))
            .collect()
    }

    /// The pinned keys and every admin of this list introduced, directly or
    /// through other introduced admins, by one of them. Unless
    /// `follow_revoked`, an introducer must still be an admin of this list: a
    /// CI token, which pins the admins once, stops at a rekey (the old key
    /// may have leaked) until a new token is made; a member's pins, which
    /// move with every list read, follow it.
    fn trusted(&self, pinned: &[String], follow_revoked: bool) -> Vec<String> {
        let admins = self.admin_keys();
        let mut trusted: Vec<String> = pinned.to_vec();
        loop {
            let before = trusted.len();
            for i in &self.list.introductions {
                if !trusted.contains(&i.key)
                    && admins.contains(&i.key)
                    && trusted.contains(&i.by)
                    && (follow_revoked || admins.contains(&i.by))
                    && verify(
                        &i.by,
                        INTRO_DOMAIN,
                        &intro_body(&self.list.store_id, &i.key),
                        &i.signature,
                    )
                {
                    trusted.push(i.key.clone());
                }
            }
            if trusted.len() == before {
                return trusted;
            }
        }
    }

    /// Check the signature: by a non-revoked admin of the list whose key is
    /// among `pinned`, or introduced by one of them.
    pub(crate) fn check(&self, pinned: &[String]) -> Result<(), String> {
        self.check_with(pinned, false)
    }

    /// As `check`; `follow_revoked`: see [`SignedMembers::trusted`].
    pub(crate) fn check_with(&self, pinned: &[String], follow_revoked: bool) -> Result<(), String> {
        let signer = self
            .member(&self.list.signer)
            .and_then(|m| m.can_sign_as(&[Role::Admin]))
            .ok_or("has a member list not signed by one of its admins")?;
        if !self
            .trusted(pinned, follow_revoked)
            .iter()
            .any(|k| k == signer)
        {
            return Err(
                "has a member list signed by a key this machine never trusted for this store"
                    .into(),
            );
        }
        if !verify(
            signer,
            MEMBERS_DOMAIN,
            &canonical(&self.list),
            &self.signature,
        ) {
            return Err("has a member list whose signature does not verify".into());
        }
        Ok(())
    }
}

impl Manifest {
    /// Parse a manifest file (no signature checked yet).
    pub(crate) fn parse(bytes: &[u8]) -> Result<Manifest, String> {
        let m: Manifest = serde_json::from_slice(bytes).map_err(|e| {
            format!(
                "not a valid sesame manifest ({:?} error at line {}, column {})",
                e.classify(),
                e.line(),
                e.column()
            )
            .to_lowercase()
        })?;
        if m.header.format != FORMAT || m.members.list.format != FORMAT {
            return Err(format!(
                "not a format-{FORMAT} manifest (format {})",
                m.header.format
            ));
        }
        if m.header.bucket_count == 0 || m.header.bucket_count > 65_536 {
            return Err("has an impossible bucket count".into());
        }
        let layout = m.layout();
        layout.check()?;
        if m.header
            .buckets
            .keys()
            .any(|&b| layout.prefix_at(b).is_none())
            || m.header.buckets.values().any(|d| unhex::<32>(d).is_none())
        {
            return Err("names a bucket that cannot exist".into());
        }
        for member in m.members.list.members.iter().filter(|x| !x.revoked) {
            for p in member.access.iter().flatten() {
                if layout.range_of(p).is_empty() {
                    return Err(format!(
                        "grants access to '{p}', which has no bucket files of its own"
                    ));
                }
            }
        }
        Ok(m)
    }

    /// Sign `header` (whose `members_digest` and `author` are set here).
    pub(crate) fn sign(mut header: ManifestBody, members: SignedMembers, signer: &Signer) -> Self {
        header.members_digest = members.digest();
        signer.id().clone_into(&mut header.author);
        let signature = signer.sign(MANIFEST_DOMAIN, &canonical(&header));
        Manifest {
            header,
            members,
            signature,
        }
    }

    /// The file's bytes.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self)
            .unwrap_or_else(|_| unreachable!("plain structs serialize"));
        v.push(b'\n');
        v
    }

    /// Check everything a reader needs before decrypting: the store id, the
    /// member list signed by a pinned admin, the manifest signed by a
    /// non-revoked writer or admin of that list. `Err` says what failed.
    pub(crate) fn check(&self, store_id: &str, pinned_admins: &[String]) -> Result<(), String> {
        self.check_with(store_id, pinned_admins, false)
    }

    /// As `check`, following introductions by admins revoked since
    /// (`follow_revoked`, for a member's pins: see [`SignedMembers::trusted`]).
    pub(crate) fn check_with(
        &self,
        store_id: &str,
        pinned_admins: &[String],
        follow_revoked: bool,
    ) -> Result<(), String> {
        let h = &self.header;
        if h.store_id != store_id {
            return Err(format!(
                "belongs to store {}, not to store {store_id} that this machine (or the CI token) trusts here",
                h.store_id
            ));
        }
        if self.members.list.store_id != h.store_id {
            return Err("has a member list of another store".into());
        }
        self.members.check_with(pinned_admins, follow_revoked)?;
        if self.members.digest() != h.members_digest {
            return Err("has a member list its header does not name".into());
        }
        let author = self
            .members
            .member(&h.author)
            .ok_or("is signed by a key that is not a member")?;
        let key = author
            .can_sign_as(&[Role::Admin, Role::Writer])
            .ok_or_else(|| {
                format!(
                    "is signed by member {} ({}), who may not write",
                    author.id,
                    if author.revoked {
                        "revoked"
                    } else {
                        author.role.as_str()
                    }
                )
            })?;
        if !verify(key, MANIFEST_DOMAIN, &canonical(h), &self.signature) {
            return Err("has a header whose signature does not verify".into());
        }
        self.check_seals(author)
    }

    /// The first scope (prefix) whose seal here was not made over `seen`'s
    /// (prefix → id and seq of a seal seen earlier): its files were put back
    /// from an older manifest.
    pub(crate) fn rolled_back<'a>(
        &self,
        seen: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Option<&'a str> {
        seen.into_iter()
            .find(|(p, id)| self.header.seals.get(*p).is_some_and(|s| !s.descends(id)))
            .map(|(p, _)| p)
    }

    /// Where each secret of this store lives.
    pub(crate) fn layout(&self) -> Layout<'_> {
        self.members.layout(self.header.bucket_count)
    }

    /// Each scope's buckets are sealed by a member who may write that scope.
    /// A store without scopes and seals is sealed by its header's author,
    /// who must then have all access.
    fn check_seals(&self, author: &Member) -> Result<(), String> {
        let h = &self.header;
        let layout = self.layout();
        if layout.scopes.is_empty() && h.seals.is_empty() {
            if !author.writes("") {
                return Err(format!(
                    "is signed by member {}, whose access is limited to some prefixes, without seals",
                    author.id
                ));
            }
            return Ok(());
        }
        if let Some(p) = h.seals.keys().find(|p| !layout.prefixes().any(|q| q == *p)) {
            return Err(format!("seals '{p}', which is no scope of the store"));
        }
        for prefix in layout.prefixes() {
            let shown = scopes::shown(prefix);
            let seal = h
                .seals
                .get(prefix)
                .ok_or_else(|| format!("has no seal over the files of {shown}"))?;
            let sealer = self
                .members
                .member(&seal.author)
                .filter(|m| m.writes(prefix))
                .ok_or_else(|| {
                    format!(
                        "has the files of {shown} sealed by a key that may not write them (member {})",
                        seal.author
                    )
                })?;
            let key = sealer.verify_key.as_deref().unwrap_or("");
            if seal.generation > h.generation
                || !verify(
                    key,
                    SEAL_DOMAIN,
                    &seal_body(h, &layout, prefix, (seal.generation, &seal.ancestors)),
                    &seal.signature,
                )
            {
                return Err(format!(
                    "has a seal over the files of {shown} that does not verify (they were changed by a key without access to them)"
                ));
            }
        }
        Ok(())
    }

    /// The recipients every bucket is encrypted to: non-revoked members.
    pub(crate) fn recipients(&self) -> impl Iterator<Item = &Member> {
        self.members.list.members.iter().filter(|m| !m.revoked)
    }
}

/// Whether a manifest (`digest`, `header`) descends from the one this machine
/// last saw (`seen_digest` at `seen_generation`): it is that one, or lists it
/// among its parents and ancestors, or — when more writes happened since than
/// the ancestry holds — its generation is at least [`ANCESTRY`] higher.
pub(crate) fn descends(
    digest: &str,
    header: &ManifestBody,
    seen_digest: &str,
    seen_generation: u64,
) -> bool {
    if digest == seen_digest {
        return true;
    }
    if header.generation <= seen_generation {
        return false;
    }
    header
        .parents
        .iter()
        .chain(&header.ancestors)
        .any(|d| d == seen_digest)
        || header.generation >= seen_generation.saturating_add(ANCESTRY as u64)
}

/// What a seal signs: the store, the scope, the generation it was sealed at,
/// and each of its buckets' digests (for the root scope also the bucket
/// count and `max_versions`, which only a member with all access may change).
fn seal_body(
    h: &ManifestBody,
    layout: &Layout<'_>,
    prefix: &str,
    (generation, ancestors): (u64, &[String]),
) -> Vec<u8> {
    let mut out = Vec::with_capacity(2048);
    for part in [
        h.store_id.as_str(),
        prefix,
        &generation.to_string(),
        &ancestors.join(","),
    ] {
        out.extend_from_slice(part.as_bytes());
        out.push(0);
    }
    if prefix.is_empty() {
        out.extend_from_slice(format!("{}\0{}\0", h.bucket_count, h.max_versions).as_bytes());
    }
    for (b, d) in h.buckets.range(layout.range_of(prefix)) {
        out.extend_from_slice(format!("{b}:{d}\0").as_bytes());
    }
    out
}

/// Seal the scope with `prefix` of `header` (its buckets as they stand) at
/// the header's generation, replacing the seals `before` (none for a new
/// scope; both sides' at a merge).
pub(crate) fn seal(
    signer: &Signer,
    h: &ManifestBody,
    layout: &Layout<'_>,
    prefix: &str,
    before: &[&Seal],
) -> Seal {
    let ancestors = Seal::successor_of(before);
    let body = seal_body(h, layout, prefix, (h.generation, &ancestors));
    Seal {
        generation: h.generation,
        ancestors,
        author: signer.id().to_owned(),
        signature: signer.sign(SEAL_DOMAIN, &body),
    }
}

/// Which bucket a secret lives in: SHA-256 of the store id and the name.
pub(crate) fn bucket_of(store_id: &str, name: &str, count: u32) -> u32 {
    let mut h = Sha256::new();
    h.update(store_id.as_bytes());
    h.update([0]);
    h.update(name.as_bytes());
    let d = h.finalize();
    let n = u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]);
    (n % u64::from(count.max(1))) as u32
}

fn version_body(store_id: &str, name: &str, v: &Version) -> Option<Vec<u8>> {
    let value = v.value.as_ref()?;
    let mut out = Vec::with_capacity(160);
    for part in [
        store_id,
        name,
        &v.signed_n.unwrap_or(v.n).to_string(),
        &v.created.to_string(),
        v.id.as_deref().unwrap_or(""),
        &digest(value.expose().as_bytes()),
    ] {
        out.extend_from_slice(part.as_bytes());
        out.push(0);
    }
    Some(out)
}

fn policy_body(store_id: &str, name: &str, p: &Policy) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(store_id.as_bytes());
    out.push(0);
    out.extend_from_slice(name.as_bytes());
    out.push(0);
    out.extend_from_slice(&canonical(p));
    out
}

/// The digest a policy signature covers (to notice a changed policy).
pub(crate) fn policy_digest(store_id: &str, name: &str, p: &Policy) -> String {
    digest(&policy_body(store_id, name, p))
}

/// Sign what this write adds to `secret`: versions without an author (except
/// those `found_unsigned` says were already in the store so: signing them
/// would claim someone else's value), and the policy when `policy_changed`.
pub(crate) fn sign_secret(
    signer: &Signer,
    store_id: &str,
    name: &str,
    secret: &mut Secret,
    policy_changed: bool,
    found_unsigned: &dyn Fn(u32) -> bool,
) {
    for v in &mut secret.versions {
        if v.author.is_none()
            && !found_unsigned(v.n)
            && let Some(body) = version_body(store_id, name, v)
        {
            v.author = Some(signer.id().to_owned());
            v.signature = Some(signer.sign(VERSION_DOMAIN, &body));
        }
    }
    if secret.policy.is_empty() {
        secret.policy_author = None;
        secret.policy_signature = None;
    } else if policy_changed || secret.policy_author.is_none() {
        secret.policy_author = Some(signer.id().to_owned());
        secret.policy_signature =
            Some(signer.sign(POLICY_DOMAIN, &policy_body(store_id, name, &secret.policy)));
    }
}

/// Whether the policy of `secret` may be trusted: a policy with a rotate or
/// revoke command must be signed by a non-revoked admin. `Err` says why not.
pub(crate) fn check_policy(
    members: &SignedMembers,
    store_id: &str,
    name: &str,
    secret: &Secret,
) -> Result<(), String> {
    let p = &secret.policy;
    if p.rotate_command.is_none() && p.revoke_command.is_none() {
        return Ok(());
    }
    let author = secret
        .policy_author
        .as_deref()
        .and_then(|a| members.member(a));
    let Some(author) = author else {
        return Err(format!(
            "holds a stored command for '{name}' that no member signed"
        ));
    };
    let Some(key) = author.can_sign_as(&[Role::Admin]) else {
        return Err(format!(
            "holds a stored command for '{name}' written by member {} ({}), and only admins may write commands",
            author.id,
            if author.revoked {
                "revoked"
            } else {
                author.role.as_str()
            }
        ));
    };
    let sig = secret.policy_signature.as_deref().unwrap_or("");
    if !verify(key, POLICY_DOMAIN, &policy_body(store_id, name, p), sig) {
        return Err(format!(
            "holds a stored command for '{name}' whose signature does not verify"
        ));
    }
    Ok(())
}

/// Who wrote a version, as far as its signature shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Authorship {
    /// Signed by this member (its name, if any, and id).
    By(Member),
    /// No value left to check the signature against (revoked), or none recorded.
    Unknown,
    /// A signature is claimed and does not verify.
    Forged,
}

/// The author of version `v` of secret `name`.
pub(crate) fn version_author(
    members: &SignedMembers,
    store_id: &str,
    name: &str,
    v: &Version,
) -> Authorship {
    let (Some(author), Some(sig)) = (v.author.as_deref(), v.signature.as_deref()) else {
        return Authorship::Unknown;
    };
    let Some(member) = members.member(author) else {
        return Authorship::Forged;
    };
    let Some(body) = version_body(store_id, name, v) else {
        return Authorship::By(member.clone());
    };
    match member.verify_key.as_deref() {
        Some(key) if verify(key, VERSION_DOMAIN, &body, sig) => Authorship::By(member.clone()),
        _ => Authorship::Forged,
    }
}

/// The author of a policy, when it is signed and verifies.
pub(crate) fn policy_author(
    members: &SignedMembers,
    store_id: &str,
    name: &str,
    secret: &Secret,
) -> Authorship {
    let (Some(author), Some(sig)) = (
        secret.policy_author.as_deref(),
        secret.policy_signature.as_deref(),
    ) else {
        return Authorship::Unknown;
    };
    let Some(member) = members.member(author) else {
        return Authorship::Forged;
    };
    match member.verify_key.as_deref() {
        Some(key)
            if verify(
                key,
                POLICY_DOMAIN,
                &policy_body(store_id, name, &secret.policy),
                sig,
            ) =>
        {
            Authorship::By(member.clone())
        }
        _ => Authorship::Forged,
    }
}

const JOIN_DOMAIN: &[u8] = b"sesame join v1\n";
/// How a join request starts.
pub(crate) const JOIN_PREFIX: &str = "SESAME-JOIN-1";
/// The longest join request read (a long SSH RSA key fits many times).
const MAX_JOIN: usize = 16 << 10;

/// What a join request asks: that the key pair behind `recipient` and
/// `verify_key` become member `name` of store `store_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct JoinBody {
    pub(crate) store_id: String,
    pub(crate) name: String,
    pub(crate) recipient: String,
    pub(crate) verify_key: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JoinFile {
    request: JoinBody,
    signature: String,
}

/// A member's name: what people type in `member remove NAME`.
pub(crate) fn check_member_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "'{}' is not a member name: 1 to 64 letters, digits, '-', '_', '.' or '@'",
            name.escape_debug()
        ))
    }
}

/// The join request of `signer` (self-signed), as `team join` prints it.
pub(crate) fn join_request(signer: &Signer, body: &JoinBody) -> String {
    use base64::Engine as _;
    let file = JoinFile {
        request: body.clone(),
        signature: signer.sign(JOIN_DOMAIN, &canonical(body)),
    };
    let mut out = String::from(JOIN_PREFIX);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode_string(canonical(&file), &mut out);
    out
}

/// Parse a join request and check it: the self-signature by its verifying
/// key, a valid name, recipient and key. `Err` says what is wrong, never
/// echoing more than a name.
pub(crate) fn parse_join_request(text: &str) -> Result<JoinBody, String> {
    use base64::Engine as _;
    let text = text.trim();
    if text.len() > MAX_JOIN {
        return Err("is too long to be a join request".into());
    }
    let Some(b64) = text.strip_prefix(JOIN_PREFIX) else {
        return Err(format!(
            "does not start with {JOIN_PREFIX} (`sesame team join` prints it)"
        ));
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(b64)
        .map_err(|_| "is damaged (copy it whole, on one line)".to_owned())?;
    let file: JoinFile = serde_json::from_slice(&bytes)
        .map_err(|_| "is damaged (copy it whole, on one line)".to_owned())?;
    let body = file.request;
    check_member_name(&body.name)?;
    if unhex::<16>(&body.store_id).is_none() {
        return Err("names no valid store id".into());
    }
    crate::crypto::Recipient::parse(&body.recipient)
        .map_err(|_| "holds no valid age or SSH recipient".to_owned())?;
    if !verify(
        &body.verify_key,
        JOIN_DOMAIN,
        &canonical(&body),
        &file.signature,
    ) {
        return Err("is not signed by its own key (it was altered)".into());
    }
    Ok(body)
}

/// A new random store id: 16 bytes in hex.
pub(crate) fn new_store_id() -> std::io::Result<String> {
    let mut b = [0u8; 16];
    getrandom::getrandom(&mut b).map_err(std::io::Error::other)?;
    Ok(hex(&b))
}

/// What anyone holding a member's key can do to a manifest, for the tests of
/// the verifier (tests/signed.rs): replace bucket digests and sign a header
/// descending from it (the next generation) with that key. It needs the key;
/// it bypasses nothing.
#[doc(hidden)]
pub fn forge_manifest(
    manifest: &[u8],
    identity: &str,
    replace: &[(String, String)],
) -> Result<Vec<u8>, String> {
    let mut m = Manifest::parse(manifest)?;
    let id = Identity::parse(identity).map_err(str::to_owned)?;
    for (old, new) in replace {
        for d in m.header.buckets.values_mut() {
            if d == old {
                new.clone_into(d);
            }
        }
    }
    let mut header = m.header.clone();
    header.generation += 1;
    header.ancestors = m
        .header
        .parents
        .iter()
        .chain(&m.header.ancestors)
        .cloned()
        .collect();
    header.ancestors.truncate(ANCESTRY);
    header.parents = vec![digest(manifest)];
    Ok(Manifest::sign(header, m.members, &Signer::derive(&id)).to_bytes())
}

/// What a writer limited to other prefixes can do without any key to the
/// scope `prefix`: put back that scope's files and seal from the `older`
/// manifest of the same store into `manifest`, and sign the result as the
/// next generation (tests/scopes.rs: the rollback of one prefix).
#[doc(hidden)]
pub fn forge_manifest_graft(
    manifest: &[u8],
    older: &[u8],
    identity: &str,
    prefix: &str,
) -> Result<Vec<u8>, String> {
    let (m, old) = (Manifest::parse(manifest)?, Manifest::parse(older)?);
    let mut header = m.header.clone();
    let range = m.layout().range_of(prefix);
    header.buckets.retain(|b, _| !range.contains(b));
    header.buckets.extend(
        old.header
            .buckets
            .range(range)
            .map(|(b, d)| (*b, d.clone())),
    );
    if let Some(s) = old.header.seals.get(prefix) {
        header.seals.insert(prefix.to_owned(), s.clone());
        // A seal is never from a later generation than its header.
        header.generation = header.generation.max(s.generation);
    }
    let grafted = Manifest { header, ..m };
    // `forge_manifest` names `grafted` as the parent: name the real one.
    let mut f = Manifest::parse(&forge_manifest(&grafted.to_bytes(), identity, &[])?)?;
    f.header.parents = vec![digest(manifest)];
    let id = Identity::parse(identity).map_err(str::to_owned)?;
    Ok(Manifest::sign(f.header, f.members, &Signer::derive(&id)).to_bytes())
}

/// As [`forge_manifest`], and then what such a key would do next: seal
/// every scope of the store anew with it (tests/scopes.rs: a writer limited
/// to one prefix re-sealing the files of another).
#[doc(hidden)]
pub fn forge_manifest_sealed(
    manifest: &[u8],
    identity: &str,
    replace: &[(String, String)],
) -> Result<Vec<u8>, String> {
    forge_manifest_sealing(manifest, identity, replace, None)
}

/// As [`forge_manifest_sealed`], sealing only the scopes in `only` ("" is the
/// root) when given: what a limited writer can do honestly for its own scopes
/// (tests/scopes.rs: names of another prefix smuggled into its own files).
#[doc(hidden)]
pub fn forge_manifest_sealing(
    manifest: &[u8],
    identity: &str,
    replace: &[(String, String)],
    only: Option<&[&str]>,
) -> Result<Vec<u8>, String> {
    let forged = Manifest::parse(&forge_manifest(manifest, identity, replace)?)?;
    let signer = Signer::derive(&Identity::parse(identity).map_err(str::to_owned)?);
    let mut header = forged.header.clone();
    let layout = forged.layout();
    for p in layout.prefixes() {
        if only.is_some_and(|o| !o.contains(&p)) {
            continue;
        }
        let before: Vec<&Seal> = forged.header.seals.get(p).into_iter().collect();
        let s = seal(&signer, &header, &layout, p, &before);
        header.seals.insert(p.to_owned(), s);
    }
    Ok(Manifest::sign(header, forged.members.clone(), &signer).to_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(signer: &Signer, extra: Vec<Member>) -> MembersBody {
        let mut members = vec![Member::for_signer(
            signer,
            "age1own".into(),
            Role::Admin,
            None,
        )];
        members.extend(extra);
        MembersBody {
            format: FORMAT,
            store_id: "s1".into(),
            generation: 1,
            members,
            signer: String::new(),
            introductions: Vec::new(),
            scopes: Vec::new(),
        }
    }

    fn header() -> ManifestBody {
        ManifestBody {
            format: FORMAT,
            store_id: "s1".into(),
            generation: 1,
            parents: vec![],
            ancestors: vec![],
            bucket_count: 4,
            buckets: BTreeMap::new(),
            max_versions: 10,
            audit: None,
            members_digest: String::new(),
            author: String::new(),
            seals: BTreeMap::new(),
        }
    }

    #[test]
    fn a_signed_manifest_checks_and_every_forgery_fails() {
        let admin = Signer::derive(&Identity::generate());
        let writer = Signer::derive(&Identity::generate());
        let reader = Signer::derive(&Identity::generate());
        let members = SignedMembers::sign(
            list(
                &admin,
                vec![
                    Member::for_signer(&writer, "age1w".into(), Role::Writer, None),
                    Member::for_signer(&reader, "age1r".into(), Role::Reader, None),
                ],
            ),
            &admin,
        );
        let pins = vec![admin.verify_key().to_owned()];
        let m = Manifest::sign(header(), members.clone(), &writer);
        let back = Manifest::parse(&m.to_bytes()).unwrap();
        back.check("s1", &pins).unwrap();
        assert!(back.check("s2", &pins).unwrap_err().contains("store"));
        assert!(back.check("s1", &[writer.verify_key().into()]).is_err());

        let by_reader = Manifest::sign(header(), members.clone(), &reader);
        assert!(by_reader.check("s1", &pins).unwrap_err().contains("reader"));

        let mut changed = m.clone();
        changed.header.generation = 9;
        assert!(changed.check("s1", &pins).is_err());

        // The writer signs a member list making itself admin: not pinned.
        let mut promoted = list(&admin, vec![]);
        promoted.members[0].role = Role::Writer;
        promoted.members.push(Member::for_signer(
            &writer,
            "age1w".into(),
            Role::Admin,
            None,
        ));
        let self_signed = SignedMembers::sign(promoted, &writer);
        let m2 = Manifest::sign(header(), self_signed, &writer);
        assert!(m2.check("s1", &pins).unwrap_err().contains("never trusted"));
    }

    /// A store with scope `app` (buckets 4..12 past a root of 4) and a writer
    /// limited to it; the header sealed as a write by `by` would seal it.
    fn scoped(admin: &Signer, limited: &Signer, by: &Signer, buckets: &[(u32, char)]) -> Manifest {
        let mut w = Member::for_signer(limited, "age1l".into(), Role::Writer, None);
        w.access = Some(vec!["app".into()]);
        let mut body = list(admin, vec![w]);
        body.scopes = vec![Scope {
            prefix: "app".into(),
            base: 4,
            count: 8,
        }];
        let members = SignedMembers::sign(body, admin);
        let mut h = header();
        for &(b, c) in buckets {
            h.buckets.insert(b, c.to_string().repeat(64));
        }
        let layout = members.layout(h.bucket_count);
        for p in ["", "app"] {
            h.seals.insert(p.into(), seal(by, &h, &layout, p, &[]));
        }
        Manifest::sign(h, members, by)
    }

    #[test]
    fn each_scope_is_sealed_by_a_key_that_may_write_it() {
        let admin = Signer::derive(&Identity::generate());
        let limited = Signer::derive(&Identity::generate());
        let pins = vec![admin.verify_key().to_owned()];
        let by_admin = scoped(&admin, &limited, &admin, &[(0, 'a'), (5, 'b')]);
        Manifest::parse(&by_admin.to_bytes())
            .unwrap()
            .check("s1", &pins)
            .unwrap();

        // The limited writer changes its own scope: it re-seals that one and
        // keeps the admin's seal over the root.
        let mut h = by_admin.header.clone();
        h.buckets.insert(6, "c".repeat(64));
        h.generation = 2;
        let layout = by_admin.members.layout(h.bucket_count);
        h.seals
            .insert("app".into(), seal(&limited, &h, &layout, "app", &[]));
        let own = Manifest::sign(h.clone(), by_admin.members.clone(), &limited);
        own.check("s1", &pins).unwrap();

        // It changes a root bucket: the admin's seal no longer verifies.
        let mut root = h.clone();
        root.buckets.insert(0, "d".repeat(64));
        let changed = Manifest::sign(root.clone(), by_admin.members.clone(), &limited);
        assert!(
            changed
                .check("s1", &pins)
                .unwrap_err()
                .contains("does not verify")
        );
        // It seals the root itself: not a key that may write it.
        root.seals
            .insert(String::new(), seal(&limited, &root, &layout, "", &[]));
        let resealed = Manifest::sign(root.clone(), by_admin.members.clone(), &limited);
        assert!(
            resealed
                .check("s1", &pins)
                .unwrap_err()
                .contains("may not write")
        );
        // It empties the root, or drops the root's seal.
        let mut emptied = h.clone();
        emptied.buckets.remove(&0);
        let emptied = Manifest::sign(emptied, by_admin.members.clone(), &limited);
        assert!(emptied.check("s1", &pins).is_err());
        let mut unsealed = h.clone();
        unsealed.seals.remove("");
        let unsealed = Manifest::sign(unsealed, by_admin.members.clone(), &limited);
        assert!(unsealed.check("s1", &pins).unwrap_err().contains("no seal"));
        // A seal over a scope that does not exist.
        let mut odd = h.clone();
        odd.seals
            .insert("other".into(), seal(&admin, &odd, &layout, "other", &[]));
        let odd = Manifest::sign(odd, by_admin.members.clone(), &limited);
        assert!(odd.check("s1", &pins).unwrap_err().contains("no scope"));
    }

    #[test]
    fn a_limited_writer_cannot_write_a_store_without_seals() {
        let admin = Signer::derive(&Identity::generate());
        let limited = Signer::derive(&Identity::generate());
        let mut w = Member::for_signer(&limited, "age1l".into(), Role::Writer, None);
        w.access = Some(Vec::new());
        let members = SignedMembers::sign(list(&admin, vec![w]), &admin);
        let m = Manifest::sign(header(), members, &limited);
        let err = m.check("s1", &[admin.verify_key().to_owned()]).unwrap_err();
        assert!(err.contains("limited"), "{err}");
    }

    #[test]
    fn a_prefix_granted_without_files_of_its_own_is_refused() {
        let admin = Signer::derive(&Identity::generate());
        let limited = Signer::derive(&Identity::generate());
        let mut w = Member::for_signer(&limited, "age1l".into(), Role::Reader, None);
        w.access = Some(vec!["app".into()]);
        let members = SignedMembers::sign(list(&admin, vec![w]), &admin);
        let m = Manifest::sign(header(), members, &admin);
        let err = Manifest::parse(&m.to_bytes()).unwrap_err();
        assert!(err.contains("no bucket files"), "{err}");
    }

    #[test]
    fn an_admin_introduced_by_a_pinned_one_is_followed_and_no_other() {
        let alice = Signer::derive(&Identity::generate());
        let carol = Signer::derive(&Identity::generate());
        let dave = Signer::derive(&Identity::generate());
        let mut body = list(
            &alice,
            vec![
                Member::for_signer(&carol, "age1c".into(), Role::Admin, None),
                Member::for_signer(&dave, "age1d".into(), Role::Admin, None),
            ],
        );
        let pins = vec![alice.verify_key().to_owned()];
        // Signed by dave, whom nobody introduced: refused.
        assert!(
            SignedMembers::sign(body.clone(), &dave)
                .check(&pins)
                .is_err()
        );
        // alice introduces carol, carol introduces dave: followed.
        body.introductions = vec![
            Introduction::new(&carol, "s1", dave.verify_key()),
            Introduction::new(&alice, "s1", carol.verify_key()),
        ];
        SignedMembers::sign(body.clone(), &dave)
            .check(&pins)
            .unwrap();
        // An introduction for another store, or by an unpinned key, counts for nothing.
        body.introductions = vec![Introduction::new(&alice, "s2", dave.verify_key())];
        assert!(
            SignedMembers::sign(body.clone(), &dave)
                .check(&pins)
                .is_err()
        );
        body.introductions = vec![Introduction::new(&carol, "s1", dave.verify_key())];
        assert!(
            SignedMembers::sign(body.clone(), &dave)
                .check(&pins)
                .is_err()
        );
        // A rekey: alice, revoked, introduced carol. A member's pins follow;
        // a CI token's (strict) do not.
        let mut rekeyed = body.clone();
        rekeyed.members[0].revoked = true;
        rekeyed.introductions = vec![Introduction::new(&alice, "s1", carol.verify_key())];
        let signed = SignedMembers::sign(rekeyed, &carol);
        signed.check_with(&pins, true).unwrap();
        assert!(signed.check(&pins).is_err());
        // An introduced key that is no admin of the list is not trusted.
        body.members[2].role = Role::Writer;
        body.introductions = vec![Introduction::new(&alice, "s1", dave.verify_key())];
        assert!(SignedMembers::sign(body, &dave).check(&pins).is_err());
    }

    #[test]
    fn join_requests_verify_and_any_change_breaks_them() {
        let id = Identity::generate();
        let signer = Signer::derive(&id);
        let body = JoinBody {
            store_id: "ab".repeat(16),
            name: "bob".into(),
            recipient: id.public(),
            verify_key: signer.verify_key().to_owned(),
        };
        let req = join_request(&signer, &body);
        assert_eq!(parse_join_request(&req).unwrap(), body);
        let mut other = body.clone();
        other.name = "mallory".into();
        let forged = join_request(&Signer::derive(&Identity::generate()), &other);
        let mut file: serde_json::Value = {
            use base64::Engine as _;
            let b = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(forged.strip_prefix(JOIN_PREFIX).unwrap())
                .unwrap();
            serde_json::from_slice(&b).unwrap()
        };
        file["request"]["verify_key"] = serde_json::json!(signer.verify_key());
        let tampered = {
            use base64::Engine as _;
            format!(
                "{JOIN_PREFIX}{}",
                base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .encode(serde_json::to_vec(&file).unwrap())
            )
        };
        assert!(
            parse_join_request(&tampered)
                .unwrap_err()
                .contains("not signed")
        );
        assert!(parse_join_request("SESAME-JOIN-1!!").is_err());
        assert!(parse_join_request("hello").is_err());
    }

    #[test]
    fn descent_follows_parents_ancestors_and_generation() {
        let mut h = header();
        h.generation = 5;
        h.parents = vec!["p".into()];
        h.ancestors = vec!["a".into()];
        assert!(descends("d", &h, "d", 5));
        assert!(descends("d", &h, "p", 4));
        assert!(descends("d", &h, "a", 3));
        assert!(!descends("d", &h, "x", 4));
        assert!(!descends("d", &h, "p", 5), "same generation, other digest");
        h.generation = 4 + ANCESTRY as u64;
        assert!(descends("d", &h, "x", 4));
    }

    #[test]
    fn buckets_spread_and_stay_in_range() {
        let mut seen = std::collections::BTreeSet::new();
        for i in 0..1000 {
            let b = bucket_of("s", &format!("name/{i}"), 64);
            assert!(b < 64);
            seen.insert(b);
        }
        assert_eq!(seen.len(), 64);
    }

    #[test]
    fn parse_refuses_unknown_fields_and_other_formats() {
        let admin = Signer::derive(&Identity::generate());
        let members = SignedMembers::sign(list(&admin, vec![]), &admin);
        let m = Manifest::sign(header(), members, &admin);
        let text = String::from_utf8(m.to_bytes()).unwrap();
        assert!(
            Manifest::parse(text.replace("\"format\": 2", "\"format\": 3").as_bytes()).is_err()
        );
        let extra = text.replacen('{', "{\"x\":1,", 1);
        assert!(Manifest::parse(extra.as_bytes()).is_err());
        assert!(Manifest::parse(b"\xff").is_err());
    }
}
