//! Store format 2 on disk (ARCHITECTURE.md, "The store format (version 2)"):
//! the signed `manifest` is checked against this machine's pins before any
//! bucket `vault/<sha256>.age` is read, each bucket must hash to its entry,
//! and a write commits by replacing the manifest alone.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::model::{SealedRecipient, Secret, Signed, Vault};
use super::pins::{Pin, Pins};
use super::signed::{
    self, Manifest, ManifestBody, Member, MembersBody, Role, SignedMembers, Signer,
};
use super::{Store, format, fsutil, scopes};
use crate::crypto::{self, DecryptFailure, Identity, Recipient};
use crate::error::{Error, IoContext, Result};

/// The signed header and member list.
pub(crate) const MANIFEST_FILE: &str = "manifest";
/// The previous manifest (with its buckets), as `vault.age.bak` was.
pub(crate) const MANIFEST_BACKUP: &str = "manifest.bak";
/// The directory of bucket files.
pub(crate) const BUCKET_DIR: &str = "vault";

/// Why a bucket the manifest names could not be read: it is not there.
const VANISHED: &str = "missing, although the signed manifest names it";

/// The largest manifest read (a member list of many thousands fits).
const MAX_MANIFEST: u64 = 16 << 20;
/// The largest bucket read.
const MAX_BUCKET: u64 = 1 << 30;

/// Read a store file that anyone who can write the store may have replaced:
/// never through a symlink (it could point at a device or a file of someone
/// else), and at most `limit` bytes (a larger file is refused, not read).
fn read_store_file(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() || meta.len() > limit {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "not a regular file of a size sesame reads",
        ));
    }
    let mut out = Vec::with_capacity(meta.len() as usize);
    file.take(limit).read_to_end(&mut out)?;
    Ok(out)
}

/// A store file that could not be read: one that is a symlink, not a regular
/// file or too large is refused as tampered (exit 5); anything else is I/O.
fn store_file_error(path: &Path, e: io::Error) -> Error {
    let odd = e.kind() == io::ErrorKind::InvalidData
        || e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error());
    if odd {
        return Error::corrupt(
            path,
            "not a regular file sesame reads (a symlink, a device, or too large)",
        );
    }
    Error::Io {
        context: format!("could not read {}", path.display()),
        source: e,
    }
}

/// A manifest read from the store and verified.
#[derive(Debug)]
pub(crate) struct Opened {
    pub(crate) manifest: Manifest,
    /// SHA-256 of the manifest file.
    pub(crate) digest: String,
    /// This machine's pins for the store; `None` under a CI token.
    pins: Option<Pins>,
    /// The generation this machine last saw, when this manifest does not
    /// descend from it (a rollback, or another branch).
    stale: Option<u64>,
}

/// What a format-2 write carries besides the vault.
#[derive(Debug)]
pub(crate) struct V2 {
    opened: Opened,
    /// Who signs this write.
    signer: Signer,
    /// The member list as it will be written.
    pub(crate) members: SignedMembers,
    pub(crate) members_changed: bool,
    /// Buckets read so far; a write rewrites only these.
    loaded: BTreeSet<u32>,
    /// SHA-256 of each loaded bucket's plaintext as last written or read.
    plain: BTreeMap<u32, String>,
    /// The policy digest of each loaded secret with a policy, as read.
    policies: BTreeMap<String, String>,
    /// Versions read without an author (written by hand, or before authorship
    /// was recorded): never signed by a later write.
    unsigned: BTreeSet<(String, u32)>,
    /// No manifest yet (`upgrade`): nothing to back up or descend from.
    first: bool,
}

fn untrusted(path: &Path, reason: impl Into<String>, hint: &str) -> Error {
    Error::Untrusted {
        path: path.to_path_buf(),
        reason: reason.into(),
        hint: if hint.is_empty() {
            String::new()
        } else {
            format!("; {hint}")
        },
    }
}

/// A manifest that does not parse: from a newer sesame (its `format` says
/// so), or damaged.
fn newer_or_corrupt(path: &Path, bytes: &[u8], why: String) -> Error {
    let found = serde_json::from_slice::<serde_json::Value>(bytes)
        .ok()
        .and_then(|v| v["header"]["format"].as_u64());
    match found {
        Some(found) if found > signed::FORMAT => Error::NewerFormat {
            path: path.to_path_buf(),
            found,
            supported: signed::FORMAT,
        },
        // The parser's reasons read "has …", "names …" (or "not …"): as
        // "manifest is a manifest that names …".
        _ if why.starts_with("not ") => Error::corrupt(path, why),
        _ => Error::corrupt(path, format!("a manifest that {why}")),
    }
}

/// `Auth` error for a key that may not do what it tried.
fn not_allowed(what: &str, hint: &str) -> Error {
    Error::Auth {
        what: what.into(),
        hint: hint.into(),
    }
}

/// Whether `dir` is inside a git work tree (where checking out an older
/// commit is normal, so an old manifest is a warning, not a refusal).
pub(crate) fn in_git_work_tree(dir: &Path) -> bool {
    let dir = super::pins::canonical(dir);
    dir.ancestors().any(|d| d.join(".git").exists())
}

/// The store id a manifest file names, unverified (to find a team store's
/// personal directory); `None` when it cannot be read.
pub(crate) fn unverified_store_id(path: &Path) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Head {
        store_id: String,
    }
    #[derive(serde::Deserialize)]
    struct File {
        header: Head,
    }
    let bytes = read_store_file(path, MAX_MANIFEST).ok()?;
    serde_json::from_slice::<File>(&bytes)
        .ok()
        .map(|f| f.header.store_id)
}

impl Store {
    /// The id in a signed store's manifest (not verified here: for keying
    /// this machine's records of a store that every command verifies when it
    /// reads it); `None` for a format-1 store.
    pub(crate) fn signed_store_id(&self) -> Result<Option<String>> {
        if !self.is_signed() {
            return Ok(None);
        }
        let path = self.path(MANIFEST_FILE);
        let bytes = read_store_file(&path, MAX_MANIFEST).map_err(|e| store_file_error(&path, e))?;
        let m = Manifest::parse(&bytes).map_err(|e| newer_or_corrupt(&path, &bytes, e))?;
        Ok(Some(m.header.store_id))
    }

    /// Whether this is a format-2 (signed) store.
    pub(crate) fn is_signed(&self) -> bool {
        self.path(MANIFEST_FILE).is_file()
    }

    /// Read and verify the manifest: store id and admins pinned on this
    /// machine (or carried by a CI token), member list signed by a pinned
    /// admin, header signed by a non-revoked writer or admin.
    pub(crate) fn open_signed(&self, identities: &[Identity]) -> Result<Opened> {
        // A writer on this machine can commit, and record its manifest as the
        // last seen, between this read of the manifest and of the pins: the
        // manifest read then looks older than the last seen. Read it again
        // (twice at most) before saying so; a read that finds nothing wrong,
        // the usual case, costs nothing more.
        let older = |r: &Result<Opened>| match r {
            Ok(o) => o.stale.is_some(),
            Err(e) => matches!(e, Error::Untrusted { .. }),
        };
        let mut opened = self.open_signed_with(identities, false);
        for _ in 0..2 {
            if !older(&opened) {
                break;
            }
            opened = self.open_signed_with(identities, false);
        }
        opened
    }

    /// As `open_signed`; `accepting` (`accept-rollback`) lets an older member
    /// list through, knowingly.
    fn open_signed_with(&self, identities: &[Identity], accepting: bool) -> Result<Opened> {
        let path = self.path(MANIFEST_FILE);
        let bytes = read_store_file(&path, MAX_MANIFEST).map_err(|e| store_file_error(&path, e))?;
        let digest = signed::digest(&bytes);
        let manifest = Manifest::parse(&bytes).map_err(|e| newer_or_corrupt(&path, &bytes, e))?;
        let (store_id, admins, pins) = self.trust(identities, &manifest, &digest)?;
        let follow = pins.is_some();
        manifest
            .check_with(&store_id, &admins, follow)
            .map_err(|r| {
                untrusted(
                    &path,
                    r,
                    "the store was changed by someone without a key you trust",
                )
            })?;
        if let Some(pin) = pins.as_ref().and_then(Pins::get)
            && manifest.members.list.generation < pin.members_generation
            && !accepting
        {
            return Err(untrusted(
                &path,
                format!(
                    "has member list generation {}, older than generation {} this machine saw: an old list was replayed (a removed member coming back?)",
                    manifest.members.list.generation, pin.members_generation
                ),
                "restore the store from a backup or from git",
            ));
        }
        let stale = pins.as_ref().and_then(Pins::get).and_then(|pin| {
            (!signed::descends(
                &digest,
                &manifest.header,
                &pin.seen_digest,
                pin.seen_generation,
            ))
            .then_some(pin.seen_generation)
        });
        // A manifest that descends from the last one seen may still carry
        // one scope's files as sealed earlier: put back by a writer of
        // another scope (a whole older manifest is `stale`, above).
        if let Some(pin) = pins.as_ref().and_then(Pins::get)
            && !accepting
            && stale.is_none()
            && let Some(prefix) = manifest.rolled_back(pin.seen_seals())
        {
            let shown = scopes::shown(prefix);
            return Err(untrusted(
                &path,
                format!(
                    "has the files of {shown} under a seal that was not made over the one this machine saw: older files were put back by someone without access to them (or this machine missed more than 64 changes of them)"
                ),
                "restore the store from a backup or from git; if you trust it as it is, `sesame accept-rollback` accepts it (audited)",
            ));
        }
        Ok(Opened {
            manifest,
            digest,
            pins,
            stale,
        })
    }

    /// The store id and admin keys to check the manifest against.
    pub(super) fn trust(
        &self,
        identities: &[Identity],
        manifest: &Manifest,
        digest: &str,
    ) -> Result<(String, Vec<String>, Option<Pins>)> {
        if let Some(ci) = identities.iter().find_map(Identity::ci_pins) {
            return Ok((ci.store_id.clone(), ci.admins.clone(), None));
        }
        let identity = identities.first().ok_or_else(|| Error::NotRecipient {
            path: self.path(MANIFEST_FILE),
        })?;
        let signer = Signer::derive(identity);
        let mut pins = Pins::open(identity, &signer, self.dir())?;
        if let Some(pin) = pins.get() {
            return Ok((pin.store_id.clone(), pin.admins.clone(), Some(pins)));
        }
        // A key the store is not even encrypted to: say so, as for format 1.
        if !manifest
            .recipients()
            .any(|m| identities.iter().any(|i| i.public() == m.recipient))
        {
            return Err(Error::NotRecipient {
                path: self.path(MANIFEST_FILE),
            });
        }
        // First sight of this store by this key on this machine: trust only a
        // member list this very key signed (nobody else can make one).
        let list = &manifest.members;
        let own = list
            .member(&list.list.signer)
            .and_then(|m| m.verify_key.as_deref())
            == Some(signer.verify_key());
        if !own {
            return Err(untrusted(
                &self.path(MANIFEST_FILE),
                "is a signed store this machine holds no pin for, and your key did not sign its member list",
                "unlock with the CI token `recipients add --generate-ci` printed (SESAME-CI-1…), or with an admin's identity; a key added with `recipients add` (an SSH key): `sesame pin --admin FINGERPRINT` once",
            ));
        }
        pins.set(Pin::of(manifest, digest))?;
        Ok((
            manifest.header.store_id.clone(),
            list.admin_keys(),
            Some(pins),
        ))
    }

    /// After a verified read: refuse or warn about a manifest that does not
    /// descend from the last one seen, or record it as the last one seen.
    fn note_freshness(&self, opened: &mut Opened, writing: bool) -> Result<()> {
        let h = &opened.manifest.header;
        if let Some(seen) = opened.stale {
            let what = format!(
                "holds generation {} and does not descend from generation {seen}, the last this machine saw: an older copy was restored, or another branch checked out",
                h.generation
            );
            let hint = "if that is what you meant, `sesame accept-rollback` accepts it (audited)";
            if writing || !in_git_work_tree(self.dir()) {
                return Err(untrusted(&self.path(MANIFEST_FILE), what, hint));
            }
            self.warn(format!(
                "{} {what}; {hint}",
                self.path(MANIFEST_FILE).display()
            ));
            return Ok(());
        }
        if let Some(pins) = &mut opened.pins {
            pins.set(Pin::of(&opened.manifest, &opened.digest))?;
        }
        Ok(())
    }

    /// `accept-rollback`: take the store as it is now as the last one seen.
    pub(crate) fn accept_current(&self, identities: &[Identity]) -> Result<(u64, Option<u64>)> {
        let mut opened = self.open_signed_with(identities, true)?;
        let was = opened.stale;
        opened.stale = None;
        self.note_freshness(&mut opened, true)?;
        Ok((opened.manifest.header.generation, was))
    }

    /// Read the secrets of format-2 store: all of them, or those in the
    /// buckets of `names`, parsed as `parse` says.
    pub(crate) fn load_signed(
        &self,
        identities: &[Identity],
        names: Option<&[&str]>,
        parse: Parse<'_>,
    ) -> Result<Vault> {
        let (manifest, runs) = self.read_runs(identities, names, parse)?;
        let mut all: Vec<(String, Secret)> = runs.into_iter().flatten().collect();
        if let Some(names) = names {
            all.retain(|(n, _)| names.contains(&n.as_str()));
        }
        Ok(vault_of(&manifest, sorted_map(all)))
    }

    /// Names and metadata of every secret, as one sorted run per bucket
    /// (`list`: merged as they are printed, never moved into one map).
    pub(crate) fn list_signed(&self, identities: &[Identity]) -> Result<Listing> {
        let (manifest, runs) = self.read_runs(identities, None, Parse::Metadata)?;
        Ok(Listing {
            vault: vault_of(&manifest, BTreeMap::new()),
            runs,
        })
    }

    /// The verified manifest and the buckets read, each a sorted map.
    fn read_runs(
        &self,
        identities: &[Identity],
        names: Option<&[&str]>,
        parse: Parse<'_>,
    ) -> Result<(Manifest, Vec<BTreeMap<String, Secret>>)> {
        // Readers take no lock: two writes committed while this one read can
        // have removed the buckets of the manifest it read. Read again, once.
        match self.read_runs_once(identities, names, parse) {
            Err(Error::Corrupt { reason, .. }) if reason == VANISHED => {
                self.read_runs_once(identities, names, parse)
            }
            other => other,
        }
    }

    fn read_runs_once(
        &self,
        identities: &[Identity],
        names: Option<&[&str]>,
        parse: Parse<'_>,
    ) -> Result<(Manifest, Vec<BTreeMap<String, Secret>>)> {
        let mut opened = self.open_signed(identities)?;
        self.note_freshness(&mut opened, false)?;
        let buckets = readable_buckets(&opened.manifest, identities, names);
        let dir = self.path(BUCKET_DIR);
        let metadata = matches!(parse, Parse::Metadata);
        let runs = match parse {
            Parse::All | Parse::Metadata if buckets.len() > 16 => {
                read_in_parallel(&dir, &opened.manifest, identities, &buckets, metadata)?
            }
            _ => buckets
                .iter()
                .map(|&b| {
                    read_bucket(&dir, &opened.manifest, identities, b, parse, false).map(|r| r.0)
                })
                .collect::<Result<_>>()?,
        };
        Ok((opened.manifest, runs))
    }

    /// The signer among `identities`: the first that is a member able to write,
    /// else the first member, else the first identity.
    pub(super) fn signer_for(identities: &[Identity], members: &SignedMembers) -> Result<Signer> {
        let signers: Vec<Signer> = identities.iter().map(Signer::derive).collect();
        let pick = |roles: &[Role]| {
            signers.iter().position(|s| {
                members
                    .member(s.id())
                    .is_some_and(|m| !m.revoked && roles.contains(&m.role))
            })
        };
        let i = pick(&[Role::Admin])
            .or_else(|| pick(&[Role::Writer]))
            .or_else(|| pick(&[Role::Reader]))
            .unwrap_or(0);
        signers
            .into_iter()
            .nth(i)
            .ok_or_else(|| Error::Other("no identity to sign with".into()))
    }

    /// Start a format-2 write under the lock held by the caller: verify, refuse
    /// a stale manifest, check the key may write, and read the buckets of
    /// `names` (all buckets when `None`).
    pub(crate) fn begin_signed(
        &self,
        identities: &[Identity],
        names: Option<&[&str]>,
    ) -> Result<(Vault, V2)> {
        let mut opened = self.open_signed(identities)?;
        self.note_freshness(&mut opened, true)?;
        let signer = Self::signer_for(identities, &opened.manifest.members)?;
        let me = opened.manifest.members.member(signer.id()).cloned();
        match &me {
            Some(m) if !m.revoked && m.role != Role::Reader => {}
            Some(m) if !m.revoked => {
                return Err(not_allowed(
                    "this key is a reader of the store: it may read secrets, not write them",
                    "ask an admin for a writer key (`sesame recipients add --generate-ci NAME --write`)",
                ));
            }
            _ => {
                return Err(not_allowed(
                    "this key may not write the store (it is not a member who can sign, or it was revoked)",
                    "unlock with the store's own identity (the master password)",
                ));
            }
        }
        let h = &opened.manifest.header;
        let layout = opened.manifest.layout();
        let me = me.filter(|m| !m.revoked);
        let writes = |prefix: &str| me.as_ref().is_some_and(|m| m.writes(prefix));
        let buckets: BTreeSet<u32> = match names {
            Some(names) => {
                if let Some(n) = names.iter().find(|n| !writes(layout.prefix_of(n))) {
                    return Err(not_allowed(
                        &format!("this key has no access to '{n}': its access covers other names"),
                        "nothing was changed; ask an admin for access (`sesame member access`)",
                    ));
                }
                names
                    .iter()
                    .map(|n| layout.bucket_of(&h.store_id, n))
                    .collect()
            }
            None => layout
                .prefixes()
                .filter(|p| writes(p))
                .flat_map(|p| layout.range_of(p))
                .collect(),
        };
        let members = opened.manifest.members.clone();
        let mut v2 = V2 {
            opened,
            signer,
            members,
            members_changed: false,
            loaded: BTreeSet::new(),
            plain: BTreeMap::new(),
            policies: BTreeMap::new(),
            unsigned: BTreeSet::new(),
            first: false,
        };
        let mut secrets = BTreeMap::new();
        for b in buckets {
            self.load_into(identities, &mut v2, &mut secrets, b)?;
        }
        let vault = vault_of(&v2.opened.manifest, secrets);
        Ok((vault, v2))
    }

    /// Read bucket `b` into `secrets` (keeping what `secrets` already holds)
    /// and note it as loaded.
    fn load_into(
        &self,
        identities: &[Identity],
        v2: &mut V2,
        secrets: &mut BTreeMap<String, Secret>,
        b: u32,
    ) -> Result<()> {
        let (got, plain) = read_bucket(
            &self.path(BUCKET_DIR),
            &v2.opened.manifest,
            identities,
            b,
            Parse::All,
            true,
        )?;
        let store_id = &v2.opened.manifest.header.store_id;
        for (name, secret) in got {
            for v in secret.versions.iter().filter(|v| v.author.is_none()) {
                v2.unsigned.insert((name.clone(), v.n));
            }
            if !secret.policy.is_empty() {
                v2.policies.insert(
                    name.clone(),
                    signed::policy_digest(store_id, &name, &secret.policy),
                );
            }
            secrets.entry(name).or_insert(secret);
        }
        v2.loaded.insert(b);
        v2.plain.insert(b, plain);
        Ok(())
    }
}

/// Which scopes (by prefix, "" for root) `identities` can open, as the
/// member list says. A key that is no member at all is let try every bucket,
/// so that it gets "not a recipient" rather than an empty store.
pub(crate) fn readable_scopes<'a>(
    manifest: &'a Manifest,
    identities: &'a [Identity],
) -> impl Fn(&str) -> bool + 'a {
    // Nobody's access is limited (most stores): no key to derive.
    let limited = manifest.recipients().any(|m| m.access.is_some());
    let publics: Vec<String> = if limited {
        identities.iter().map(Identity::public).collect()
    } else {
        Vec::new()
    };
    let mine: Vec<&Member> = manifest
        .recipients()
        .filter(|m| publics.contains(&m.recipient))
        .collect();
    move |prefix: &str| mine.is_empty() || mine.iter().any(|m| m.reads(prefix))
}

/// The buckets of `names` (every bucket when `None`) that `identities` can
/// read, in order. What a key's access does not cover is not read: its
/// names are unknown to it, as if they did not exist (never an error).
fn readable_buckets(
    manifest: &Manifest,
    identities: &[Identity],
    names: Option<&[&str]>,
) -> Vec<u32> {
    let h = &manifest.header;
    let layout = manifest.layout();
    let readable = readable_scopes(manifest, identities);
    let buckets: BTreeSet<u32> = match names {
        Some(names) => names
            .iter()
            .map(|n| layout.bucket_of(&h.store_id, n))
            .collect(),
        None => h.buckets.keys().copied().collect(),
    };
    buckets
        .into_iter()
        .filter(|&b| layout.prefix_at(b).is_some_and(&readable))
        .collect()
}

/// How much of each secret a read parses.
#[derive(Clone, Copy)]
pub(crate) enum Parse<'a> {
    /// Everything (what a write starts from).
    All,
    /// Everything of the secrets the function accepts; the others skipped.
    Selected(&'a dyn Fn(&str) -> bool),
    /// Names and metadata, no values (`format::decode_metadata`): for
    /// `list`, which prints nothing of a version's value or signature.
    Metadata,
}

/// One bucket's secrets, parsed as `parse` says, and the SHA-256 of its
/// plaintext when `want_digest`. Every secret's policy is checked.
fn read_bucket(
    bucket_dir: &Path,
    manifest: &Manifest,
    identities: &[Identity],
    bucket: u32,
    parse: Parse<'_>,
    want_digest: bool,
) -> Result<(BTreeMap<String, Secret>, String)> {
    let Some(d) = manifest.header.buckets.get(&bucket) else {
        return Ok((BTreeMap::new(), String::new()));
    };
    let path = bucket_dir.join(format!("{d}.age"));
    let bytes = match read_store_file(&path, MAX_BUCKET) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(Error::corrupt(&path, VANISHED));
        }
        Err(e) => return Err(store_file_error(&path, e)),
    };
    open_bucket(
        &path,
        &bytes,
        manifest,
        identities,
        bucket,
        parse,
        want_digest,
    )
}

/// Check, decrypt and decode the file `bytes` of `bucket` (read from `path`,
/// or from git for a merge): its SHA-256 is the one `manifest` names, each
/// secret belongs in it, each stored command is signed by an admin.
pub(super) fn open_bucket(
    path: &Path,
    bytes: &[u8],
    manifest: &Manifest,
    identities: &[Identity],
    bucket: u32,
    parse: Parse<'_>,
    want_digest: bool,
) -> Result<(BTreeMap<String, Secret>, String)> {
    let path = path.to_path_buf();
    let Some(d) = manifest.header.buckets.get(&bucket) else {
        return Ok((BTreeMap::new(), String::new()));
    };
    if signed::digest(bytes) != *d {
        return Err(untrusted(
            &path,
            "does not match its digest in the signed manifest (it was replaced or damaged)",
            "restore it from a backup, or from git",
        ));
    }
    let layout = manifest.layout();
    let prefix = layout.prefix_at(bucket).unwrap_or("");
    let plain = crypto::decrypt(bytes, identities).map_err(|f| match f {
        DecryptFailure::NoMatchingKey => {
            let member = manifest
                .members
                .readers_of(prefix)
                .any(|m| identities.iter().any(|i| i.public() == m.recipient));
            if member {
                Error::corrupt(&path, "damaged (no recipient stanza opens)")
            } else {
                Error::NotRecipient { path: path.clone() }
            }
        }
        other => super::failure(other, path.clone()),
    })?;
    let mut vault = match parse {
        Parse::Selected(f) => format::decode_selected(&plain, &path, f)?,
        Parse::All => format::decode(&plain, &path)?,
        Parse::Metadata => format::decode_metadata(&plain, &path)?,
    };
    let store_id = &manifest.header.store_id;
    let mut shadowed = Vec::new();
    for (name, secret) in &vault.secrets {
        if layout.bucket_of(store_id, name) != bucket {
            // A name whose prefix got bucket files of its own after this
            // bucket was written (access granted to it) lives there now:
            // this copy is left behind, and dropped when the bucket is
            // written next. Its readers can read the new place too.
            let narrower = layout.prefix_of(name);
            if narrower.len() > prefix.len() && scopes::covers(prefix, narrower) {
                shadowed.push(name.clone());
                continue;
            }
            return Err(untrusted(
                &path,
                format!("holds '{name}', which belongs in another bucket"),
                "",
            ));
        }
        signed::check_policy(&manifest.members, store_id, name, secret)
            .map_err(|r| untrusted(&path, r, "ask an admin to set the command again"))?;
    }
    for name in &shadowed {
        vault.secrets.remove(name);
    }
    let plain_digest = match (want_digest, shadowed.is_empty()) {
        (false, _) => String::new(),
        (true, true) => signed::digest(&plain),
        // What writing the bucket as read would produce: unchanged, it is
        // not rewritten just to drop what it left behind.
        (true, false) => signed::digest(&format::encode_bucket(
            &vault.secrets.iter().collect::<Vec<_>>(),
        )),
    };
    Ok((vault.secrets, plain_digest))
}

/// Read whole buckets on every core (a `list` of 10,000 secrets decrypts and
/// parses 64 files); the first error wins, as in order.
fn read_in_parallel(
    dir: &Path,
    manifest: &Manifest,
    identities: &[Identity],
    buckets: &[u32],
    metadata: bool,
) -> Result<Vec<BTreeMap<String, Secret>>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, 8);
    let chunk = buckets.len().div_ceil(threads).max(1);
    let results: Vec<Result<Vec<BTreeMap<String, Secret>>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = buckets
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let parse = if metadata {
                        Parse::Metadata
                    } else {
                        Parse::All
                    };
                    part.iter()
                        .map(|&b| {
                            read_bucket(dir, manifest, identities, b, parse, false).map(|r| r.0)
                        })
                        .collect::<Result<Vec<_>>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::Other("a reading thread panicked".into())))
            })
            .collect()
    });
    let mut out = Vec::with_capacity(buckets.len());
    for r in results {
        out.extend(r?);
    }
    Ok(out)
}

/// What `list` reads: the store's vault without secrets (members, seal),
/// and the secrets' metadata as sorted runs, one per bucket.
pub(crate) struct Listing {
    pub(crate) vault: Vault,
    pub(crate) runs: Vec<BTreeMap<String, Secret>>,
}

impl Listing {
    /// Every secret from `start` on, in name order: a merge of the runs by
    /// reference, through a heap of each run's next name. Each name enters
    /// the heap with its first 16 bytes as a number, so that most of the
    /// comparisons need not read the names themselves.
    pub(crate) fn from<'a>(
        &'a self,
        start: &str,
    ) -> impl Iterator<Item = (&'a String, &'a Secret)> + 'a {
        use std::cmp::Reverse;
        use std::ops::Bound;
        fn key(name: &str) -> u128 {
            let mut b = [0u8; 16];
            let n = name.len().min(16);
            b[..n].copy_from_slice(&name.as_bytes()[..n]);
            u128::from_be_bytes(b)
        }
        let mut runs: Vec<_> = self
            .runs
            .iter()
            .map(|r| r.range::<str, _>((Bound::Included(start), Bound::Unbounded)))
            .collect();
        let mut heads: Vec<Option<(&'a String, &'a Secret)>> =
            runs.iter_mut().map(Iterator::next).collect();
        let mut heap: std::collections::BinaryHeap<Reverse<(u128, &'a str, usize)>> = heads
            .iter()
            .enumerate()
            .filter_map(|(i, h)| h.map(|(n, _)| Reverse((key(n), n.as_str(), i))))
            .collect();
        std::iter::from_fn(move || {
            let Reverse((_, _, i)) = heap.pop()?;
            let out = heads[i].take();
            heads[i] = runs[i].next();
            if let Some((n, _)) = heads[i] {
                heap.push(Reverse((key(n), n.as_str(), i)));
            }
            out
        })
    }
}

/// The secrets as a map, each moved once. `collect` would sort the pairs
/// themselves: 64 sorted runs of ~350-byte pairs merged in six passes were a
/// sixth of a `list` of 10,000 secrets. Sorting their positions instead
/// leaves the map a sorted input, which it builds in one pass.
fn sorted_map(all: Vec<(String, Secret)>) -> BTreeMap<String, Secret> {
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_unstable_by(|&a, &b| all[a].0.cmp(&all[b].0));
    let mut slots: Vec<Option<(String, Secret)>> = all.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// The in-memory vault of a verified manifest and the secrets read.
fn vault_of(manifest: &Manifest, secrets: BTreeMap<String, Secret>) -> Vault {
    Vault {
        max_versions: manifest.header.max_versions,
        secrets,
        recipients: Some(recipients_of(&manifest.members)),
        audit: manifest.header.audit.clone(),
        signed: Some(Arc::new(Signed {
            store_id: manifest.header.store_id.clone(),
            members: manifest.members.clone(),
        })),
    }
}

/// The recipients list of a member list: non-revoked members, in order.
pub(crate) fn recipients_of(members: &SignedMembers) -> Vec<SealedRecipient> {
    members
        .list
        .members
        .iter()
        .filter(|m| !m.revoked)
        .map(|m| SealedRecipient {
            key: m.recipient.clone(),
            label: m.name.clone(),
        })
        .collect()
}

impl V2 {
    /// Make the member list match `list` (the recipients after `recipients
    /// add/remove` or `rekey`): members not in it are revoked, keys new to it
    /// become reader members that cannot sign, labels follow.
    pub(crate) fn set_recipients(&mut self, list: &[SealedRecipient]) {
        for m in &mut self.members.list.members {
            if !m.revoked && !list.iter().any(|r| r.key == m.recipient) {
                m.revoked = true;
            }
        }
        for r in list {
            let existing = self
                .members
                .list
                .members
                .iter_mut()
                .filter(|m| m.recipient == r.key)
                .min_by_key(|m| m.revoked);
            match existing {
                Some(m) => {
                    m.revoked = false;
                    m.name.clone_from(&r.label);
                }
                None => self
                    .members
                    .list
                    .members
                    .push(Member::recipient_only(r.key.clone(), r.label.clone())),
            }
        }
        self.members_changed = true;
    }

    /// Add (or replace, by recipient) a member; the new one goes `first` for
    /// the store's own key.
    pub(crate) fn add_member(&mut self, mut member: Member, first: bool) -> Result<Member> {
        if let Some(a) = &mut member.access {
            scopes::normalize(a);
            if member.role == Role::Admin {
                return Err(Error::usage(
                    "an admin has all access: --access is for writers and readers",
                    "leave --access out, or give another role; nothing was changed",
                ));
            }
            self.ensure_scopes(a)?;
        }
        if member.role == Role::Admin
            && let Some(key) = member.verify_key.as_deref()
        {
            let intro = signed::Introduction::new(&self.signer, self.store_id(), key);
            let intros = &mut self.members.list.introductions;
            intros.retain(|i| i.key != key);
            intros.push(intro);
        }
        let list = &mut self.members.list.members;
        list.retain(|m| m.recipient != member.recipient);
        if first {
            list.insert(0, member.clone());
        } else {
            list.push(member.clone());
        }
        self.members_changed = true;
        Ok(member)
    }

    /// The one member not revoked called `name` (or with that id).
    pub(crate) fn find_member(&self, name: &str) -> Result<Member> {
        self.members.find(name).cloned()
    }

    /// Give every prefix in `access` bucket files of its own, if it has none
    /// yet: a new scope, whose names move there at this write.
    fn ensure_scopes(&mut self, access: &[String]) -> Result<()> {
        let root = self.opened.manifest.header.bucket_count;
        for prefix in access {
            scopes::check_prefix(prefix).map_err(|e| Error::usage(e, "nothing was changed"))?;
            let scopes = &self.members.list.scopes;
            if let Err(at) = scopes.binary_search_by(|s| s.prefix.cmp(prefix)) {
                let base = self.members.layout(root).end();
                if scopes.len() >= scopes::MAX_SCOPES {
                    return Err(Error::usage(
                        "this store has as many prefixes with access of their own as it can hold",
                        "grant broader prefixes; nothing was changed",
                    ));
                }
                self.members.list.scopes.insert(
                    at,
                    scopes::Scope {
                        prefix: prefix.clone(),
                        base,
                        count: scopes::SCOPE_BUCKETS,
                    },
                );
            }
        }
        Ok(())
    }

    /// Set the access of member `id` (`None`: all), recording at `now` what
    /// it loses; returns the member as changed.
    pub(crate) fn set_access(
        &mut self,
        id: &str,
        access: Option<Vec<String>>,
        now: jiff::Timestamp,
    ) -> Result<Member> {
        let access = access.map(|mut a| {
            scopes::normalize(&mut a);
            a
        });
        if let Some(a) = &access {
            self.ensure_scopes(a)?;
        }
        let mut out = None;
        for m in self.members.list.members.iter_mut().filter(|m| m.id == id) {
            let lost: Vec<String> = match (&m.access, &access) {
                (_, None) => Vec::new(),
                (None, Some(_)) => vec![String::new()],
                (Some(old), Some(new)) => old
                    .iter()
                    .filter(|q| !new.iter().any(|p| scopes::covers(p, q)))
                    .cloned()
                    .collect(),
            };
            m.withdrawn.extend(
                lost.into_iter()
                    .map(|prefix| scopes::Withdrawal { prefix, at: now }),
            );
            m.access.clone_from(&access);
            out = Some(m.clone());
        }
        self.members_changed = true;
        out.ok_or_else(|| Error::Other(format!("no member with id {id}")))
    }

    /// Mark the member `id` revoked: it receives nothing from the next write
    /// on, and its signatures stop counting.
    pub(crate) fn revoke_member(&mut self, id: &str) {
        for m in &mut self.members.list.members {
            if m.id == id {
                m.revoked = true;
            }
        }
        self.members_changed = true;
    }

    /// The scopes (by prefix) whose readers this write changes, new scopes
    /// included: all of their buckets are encrypted anew.
    pub(crate) fn rekeyed_scopes(&self) -> BTreeSet<String> {
        if !self.members_changed {
            return BTreeSet::new();
        }
        let (was, now) = (&self.opened.manifest.members, &self.members);
        let readers = |m: &SignedMembers, p: &str| -> BTreeSet<String> {
            m.readers_of(p).map(|m| m.recipient.clone()).collect()
        };
        let old = self.opened.manifest.layout();
        now.layout(self.opened.manifest.header.bucket_count)
            .prefixes()
            .filter(|p| {
                self.first || old.range_of(p).is_empty() || readers(was, p) != readers(now, p)
            })
            .map(str::to_owned)
            .collect()
    }

    /// The member this write signs as.
    pub(crate) fn me(&self) -> Option<&Member> {
        self.members.member(self.signer.id())
    }

    /// Sign from now on with `signer` (`rekey`, after the new key is a member).
    pub(crate) fn set_signer(&mut self, signer: Signer) {
        self.signer = signer;
    }

    /// The store id.
    pub(crate) fn store_id(&self) -> &str {
        &self.opened.manifest.header.store_id
    }

    /// The admins' verifying keys as written next (for a CI token).
    pub(crate) fn admin_keys(&self) -> Vec<String> {
        self.members.admin_keys()
    }

    /// Whether the signer is an admin of the list as it stands.
    pub(crate) fn signer_is_admin(&self) -> bool {
        self.members
            .member(self.signer.id())
            .is_some_and(|m| !m.revoked && m.role == Role::Admin)
    }
}

/// A brand-new format-2 store's manifest: `identity` its only member, admin.
pub(crate) fn first_manifest(identity: &Identity, store_id: &str) -> Manifest {
    let signer = Signer::derive(identity);
    let members = SignedMembers::sign(
        MembersBody {
            format: signed::FORMAT,
            store_id: store_id.to_owned(),
            generation: 1,
            members: vec![Member::for_signer(
                &signer,
                identity.public(),
                Role::Admin,
                None,
            )],
            signer: String::new(),
            introductions: Vec::new(),
            scopes: Vec::new(),
        },
        &signer,
    );
    Manifest::sign(
        ManifestBody {
            format: signed::FORMAT,
            store_id: store_id.to_owned(),
            generation: 1,
            parents: Vec::new(),
            ancestors: Vec::new(),
            bucket_count: signed::DEFAULT_BUCKETS,
            buckets: BTreeMap::new(),
            max_versions: super::model::DEFAULT_MAX_VERSIONS,
            audit: None,
            members_digest: String::new(),
            author: String::new(),
            seals: BTreeMap::new(),
        },
        members,
        &signer,
    )
}

/// Pin a store this machine just created or upgraded.
pub(crate) fn pin_new(store: &Store, identity: &Identity, manifest: &Manifest) -> Result<()> {
    let signer = Signer::derive(identity);
    let mut pins = Pins::open(identity, &signer, store.dir())?;
    pins.set(Pin::of(manifest, &signed::digest(&manifest.to_bytes())))
}

/// A V2 state for `upgrade`: the first manifest, nothing loaded, all to write.
pub(crate) fn upgrade_state(identity: &Identity, manifest: Manifest) -> V2 {
    let members = manifest.members.clone();
    let count = manifest.header.bucket_count;
    V2 {
        opened: Opened {
            digest: String::new(),
            manifest,
            pins: None,
            stale: None,
        },
        signer: Signer::derive(identity),
        members,
        members_changed: true,
        loaded: (0..count).collect(),
        plain: BTreeMap::new(),
        policies: BTreeMap::new(),
        unsigned: BTreeSet::new(),
        first: true,
    }
}

/// Refuse a format-1 store where this machine has seen a signed one.
pub(crate) fn refuse_downgrade(store: &Store, identities: &[Identity]) -> Result<()> {
    let Some(identity) = identities.first() else {
        return Ok(());
    };
    if identity.ci_pins().is_some() {
        return Err(untrusted(
            &store.path(super::VAULT_FILE),
            "is an unsigned (format 1) store, and this CI token is for a signed one",
            "",
        ));
    }
    let signer = Signer::derive(identity);
    let pins = Pins::open(identity, &signer, store.dir())?;
    if pins.get().is_some() {
        return Err(untrusted(
            &store.path(super::VAULT_FILE),
            "is an unsigned (format 1) store where this machine has seen a signed (format 2) one: an unsigned copy replaced it",
            "restore the signed store from a backup or from git",
        ));
    }
    Ok(())
}

/// Commit a format-2 write: sign, write the changed buckets, replace the
/// manifest (the commit point), tidy the backup and unreferenced buckets.
/// `scrub`: the write removed something, so the backup gets the new state.
pub(crate) fn write_signed(
    store: &Store,
    identities: &[Identity],
    vault: &mut Vault,
    v2: &mut V2,
    scrub: bool,
) -> Result<()> {
    let admin = v2.signer_is_admin();
    if v2.members_changed && !admin && !v2.first {
        return Err(not_allowed(
            "only an admin of the store can change who it is encrypted to",
            "unlock with the store's own identity (the master password)",
        ));
    }
    let (store_id, count) = (
        v2.opened.manifest.header.store_id.clone(),
        v2.opened.manifest.header.bucket_count,
    );
    // A scope whose readers change must be encrypted anew, all of its
    // buckets; a new scope takes its names from the scope that held them;
    // a secret may land in a bucket not read yet: read those first.
    let mut wanted = BTreeSet::new();
    let changed = v2.rekeyed_scopes();
    {
        let (old, new) = (v2.opened.manifest.layout(), v2.members.layout(count));
        for p in &changed {
            wanted.extend(new.range_of(p));
            if old.range_of(p).is_empty() {
                wanted.extend(old.range_of(old.prefix_of(p)));
            }
        }
        wanted.extend(vault.secrets.keys().map(|n| new.bucket_of(&store_id, n)));
    }
    {
        // A name outside this key's access (an import, a rename): refused
        // before its bucket, which the key cannot open, is read.
        let (layout, me) = (v2.members.layout(count), v2.me().filter(|m| !m.revoked));
        if wanted.iter().any(|&b| {
            let p = layout.prefix_at(b).unwrap_or("");
            !v2.loaded.contains(&b) && !me.is_some_and(|m| m.writes(p))
        }) {
            return Err(outside_access());
        }
    }
    for b in wanted.difference(&v2.loaded.clone()) {
        let in_old = v2.opened.manifest.layout().prefix_at(*b).is_some();
        if in_old {
            store.load_into(identities, v2, &mut vault.secrets, *b)?;
        } else {
            v2.loaded.insert(*b);
        }
    }
    sign_changes(v2, vault, admin)?;
    let (buckets, plain_now, written) = write_buckets(store, vault, v2, &changed)?;
    let manifest = next_manifest(vault, v2, buckets)?;
    let digest = commit_manifest(store, &manifest, scrub, &written)?;
    if let Some(pins) = &mut v2.opened.pins {
        pins.set(Pin::of(&manifest, &digest))?;
    }
    v2.plain.extend(plain_now);
    v2.members = manifest.members.clone();
    v2.opened.manifest = manifest;
    v2.opened.digest = digest;
    v2.members_changed = false;
    v2.first = false;
    vault.signed = Some(Arc::new(Signed {
        store_id,
        members: v2.members.clone(),
    }));
    Ok(())
}

/// Encrypt and write every loaded bucket whose plaintext changed (every one
/// of a scope in `rekeyed`, whose readers changed), each under its SHA-256
/// and to its scope's readers, not yet fsynced (`commit_manifest` does,
/// before the commit). Returns the new bucket map, the plaintext digests
/// written and the files written.
#[allow(clippy::type_complexity)] // three results of one pass, each named above
fn write_buckets(
    store: &Store,
    vault: &Vault,
    v2: &V2,
    rekeyed: &BTreeSet<String>,
) -> Result<(BTreeMap<u32, String>, BTreeMap<u32, String>, Vec<PathBuf>)> {
    let h = &v2.opened.manifest.header;
    let (old, layout) = (
        v2.opened.manifest.layout(),
        v2.members.layout(h.bucket_count),
    );
    let moved = old.scopes != layout.scopes;
    let mut by_bucket: BTreeMap<u32, Vec<(&String, &Secret)>> = BTreeMap::new();
    // Names a new scope took from a bucket, by the bucket they were in.
    let mut left: BTreeMap<u32, Vec<(&String, &Secret)>> = BTreeMap::new();
    for (name, secret) in &vault.secrets {
        let b = layout.bucket_of(&h.store_id, name);
        by_bucket.entry(b).or_default().push((name, secret));
        if moved {
            let was = old.bucket_of(&h.store_id, name);
            if was != b {
                left.entry(was).or_default().push((name, secret));
            }
        }
    }
    let bucket_dir = store.path(BUCKET_DIR);
    if !bucket_dir.is_dir() {
        use std::os::unix::fs::DirBuilderExt;
        fs::DirBuilder::new()
            .mode(fsutil::DIR_MODE)
            .create(&bucket_dir)
            .context(|| format!("could not create {}", bucket_dir.display()))?;
    }
    let io_ctx = || format!("could not write the vault in {}", store.dir().display());
    let mut buckets = h.buckets.clone();
    let mut plain_now = BTreeMap::new();
    let mut written = Vec::new();
    let mut recipients: BTreeMap<&str, Vec<Recipient>> = BTreeMap::new();
    let me = v2.me().filter(|m| !m.revoked);
    for &b in &v2.loaded {
        let prefix = layout.prefix_at(b).unwrap_or("");
        let list = by_bucket.get(&b).map_or(&[][..], Vec::as_slice);
        let plain = format::encode_bucket(list);
        let pd = signed::digest(&plain);
        let same = |pd: &String| v2.plain.get(&b) == Some(pd);
        let unchanged = same(&pd)
            // Only names a new scope took: the file stays, they are left
            // behind in it (read as moved, dropped at its next write).
            || left.get(&b).is_some_and(|gone| {
                let mut was: Vec<(&String, &Secret)> = list.iter().chain(gone).copied().collect();
                was.sort_by(|x, y| x.0.cmp(y.0));
                same(&signed::digest(&format::encode_bucket(&was)))
            });
        let present = buckets.contains_key(&b);
        if !rekeyed.contains(prefix) && unchanged && (present || list.is_empty()) {
            continue;
        }
        if list.is_empty() && !present {
            continue;
        }
        if !me.is_some_and(|m| m.writes(prefix)) {
            return Err(outside_access());
        }
        if list.is_empty() {
            buckets.remove(&b);
            plain_now.insert(b, String::new());
            continue;
        }
        if !recipients.contains_key(prefix) {
            let r = v2
                .members
                .readers_of(prefix)
                .map(|m| Recipient::parse(&m.recipient))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| {
                    Error::corrupt(
                        store.path(MANIFEST_FILE),
                        format!("names a bad recipient: {e}"),
                    )
                })?;
            recipients.insert(prefix, r);
        }
        let sealed = crypto::encrypt(&plain, &recipients[prefix])
            .context(|| "could not encrypt the vault".into())?;
        let d = signed::digest(&sealed);
        let name = format!("{d}.age");
        // Named by its digest: a file left half-written by a crash never
        // matches the digest a manifest names, and is refused if read.
        let staged = fsutil::stage_unsynced(&bucket_dir, &name, &sealed).context(io_ctx)?;
        staged
            .persist(bucket_dir.join(&name))
            .map_err(|e| e.error)
            .context(io_ctx)?;
        written.push(bucket_dir.join(&name));
        buckets.insert(b, d);
        plain_now.insert(b, pd);
    }
    if !written.is_empty() {
        written.push(bucket_dir);
    }
    Ok((buckets, plain_now, written))
}

/// A write that would change another prefix's files than this key's.
fn outside_access() -> Error {
    not_allowed(
        "this write would change secrets outside this key's access",
        "nothing was changed; ask an admin, or a member with access to them",
    )
}

/// The next manifest: one generation on, descending from the one read,
/// signed by this write's signer (the member list too, when it changed),
/// with a new seal over each scope whose files changed.
fn next_manifest(vault: &Vault, v2: &V2, buckets: BTreeMap<u32, String>) -> Result<Manifest> {
    let old = &v2.opened.manifest.header;
    let members = if v2.members_changed {
        let mut body = v2.members.list.clone();
        let admins = v2.members.admin_keys();
        body.introductions.retain(|i| admins.contains(&i.key));
        body.generation = v2.opened.manifest.members.list.generation + u64::from(!v2.first);
        SignedMembers::sign(body, &v2.signer)
    } else {
        v2.opened.manifest.members.clone()
    };
    let (parents, ancestors) = if v2.first {
        (Vec::new(), Vec::new())
    } else {
        let mut anc: Vec<String> = old.parents.iter().chain(&old.ancestors).cloned().collect();
        anc.truncate(signed::ANCESTRY);
        (vec![v2.opened.digest.clone()], anc)
    };
    let mut header = ManifestBody {
        format: signed::FORMAT,
        store_id: old.store_id.clone(),
        generation: if v2.first { 1 } else { old.generation + 1 },
        parents,
        ancestors,
        bucket_count: old.bucket_count,
        buckets,
        max_versions: vault.max_versions,
        audit: vault.audit.clone(),
        members_digest: String::new(),
        author: String::new(),
        seals: BTreeMap::new(),
    };
    header.seals = reseal(&header, &v2.opened.manifest, &members, &v2.signer)?;
    Ok(Manifest::sign(header, members, &v2.signer))
}

/// The seals of `header`, written over `before`: each scope's old seal
/// when its files did not change and its sealer may still write it, else a
/// new one by `signer`. None while the store has no scopes and the signer
/// has all access (the header's signature covers everything then).
pub(super) fn reseal(
    header: &ManifestBody,
    before: &Manifest,
    members: &SignedMembers,
    signer: &Signer,
) -> Result<BTreeMap<String, scopes::Seal>> {
    let was = &before.header;
    let layout = members.layout(header.bucket_count);
    let me = members.member(signer.id());
    let unlimited = me.is_some_and(|m| m.writes(""));
    if layout.scopes.is_empty() && was.seals.is_empty() && unlimited {
        return Ok(BTreeMap::new());
    }
    let old = before.layout();
    let mut seals = BTreeMap::new();
    for prefix in layout.prefixes() {
        let range = layout.range_of(prefix);
        let same_files = old.range_of(prefix) == range
            && header
                .buckets
                .range(range.clone())
                .eq(was.buckets.range(range))
            && (!prefix.is_empty()
                || (header.max_versions, header.bucket_count)
                    == (was.max_versions, was.bucket_count));
        let kept = was
            .seals
            .get(prefix)
            .filter(|s| same_files && members.member(&s.author).is_some_and(|m| m.writes(prefix)));
        let seal = match kept {
            Some(s) => s.clone(),
            None if me.is_some_and(|m| m.writes(prefix)) => {
                let before: Vec<&scopes::Seal> = was.seals.get(prefix).into_iter().collect();
                signed::seal(signer, header, &layout, prefix, &before)
            }
            None => return Err(outside_access()),
        };
        seals.insert(prefix.to_owned(), seal);
    }
    Ok(seals)
}

/// Replace the manifest atomically (the commit point), keeping the old one
/// as `manifest.bak` unless `scrub` (then the backup is the new one too), and
/// remove buckets neither names. Returns the new manifest's digest.
///
/// Before the rename, `written` (the new buckets and `vault/`) and the staged
/// manifest are fsynced together; after it, the store directory: nothing the
/// new manifest names can be missing after a crash, and a write reported
/// done survives one (ARCHITECTURE.md, "Durability of a signed write").
fn commit_manifest(
    store: &Store,
    manifest: &Manifest,
    scrub: bool,
    written: &[PathBuf],
) -> Result<String> {
    let dir = store.dir();
    let io_ctx = || format!("could not write the vault in {}", dir.display());
    let bytes = manifest.to_bytes();
    let manifest_path = store.path(MANIFEST_FILE);
    let had = manifest_path.is_file();
    let staged = fsutil::stage_unsynced(dir, MANIFEST_FILE, &bytes).context(io_ctx)?;
    let mut to_sync: Vec<&Path> = written.iter().map(PathBuf::as_path).collect();
    to_sync.push(staged.path());
    fsutil::sync_all_at_once(&to_sync).context(io_ctx)?;
    let personal = store.personal_dir();
    if had && !scrub {
        fsutil::replace_with_link(&personal, &manifest_path, MANIFEST_BACKUP).context(io_ctx)?;
    }
    staged
        .persist(&manifest_path)
        .map_err(|e| e.error)
        .context(io_ctx)?;
    if !had || scrub {
        fsutil::replace_with_link(&personal, &manifest_path, MANIFEST_BACKUP).context(io_ctx)?;
    }
    // A team store's backup is in the personal directory, which is not
    // fsynced: a crash can lose the new backup's name, leaving the previous
    // backup, never the commit (that is the store directory's rename).
    fsutil::sync_dir(dir).context(io_ctx)?;
    collect_garbage(store, manifest);
    Ok(signed::digest(&bytes))
}

/// Sign what this write adds or changes: new versions, changed policies. A
/// policy with a stored command may be signed by an admin only.
fn sign_changes(v2: &mut V2, vault: &mut Vault, admin: bool) -> Result<()> {
    let store_id = v2.opened.manifest.header.store_id.clone();
    let count = v2.opened.manifest.header.bucket_count;
    let members = v2.members.clone();
    let layout = members.layout(count);
    for (name, secret) in &mut vault.secrets {
        if !v2.loaded.contains(&layout.bucket_of(&store_id, name)) {
            continue;
        }
        let now = (!secret.policy.is_empty())
            .then(|| signed::policy_digest(&store_id, name, &secret.policy));
        let author_ok = secret
            .policy_author
            .as_deref()
            .and_then(|a| v2.members.member(a))
            .is_some_and(|m| !m.revoked);
        let changed = now.as_ref() != v2.policies.get(name) || !author_ok;
        let commands =
            secret.policy.rotate_command.is_some() || secret.policy.revoke_command.is_some();
        if changed && commands && !admin {
            return Err(not_allowed(
                &format!(
                    "only an admin of the store can set or change the stored commands of '{name}'; this key is a writer"
                ),
                "nothing was changed; ask an admin to set the rotate or revoke command",
            ));
        }
        let found = |n: u32| v2.unsigned.contains(&(name.clone(), n));
        signed::sign_secret(&v2.signer, &store_id, name, secret, changed, &found);
        match now {
            Some(d) => v2.policies.insert(name.clone(), d),
            None => v2.policies.remove(name),
        };
    }
    Ok(())
}

/// Remove bucket files neither the manifest nor its backup names. Failures
/// are left for the next write: an unreferenced file is never read.
fn collect_garbage(store: &Store, manifest: &Manifest) {
    let mut keep: BTreeSet<String> = manifest.header.buckets.values().cloned().collect();
    match fs::read(store.path(MANIFEST_BACKUP))
        .ok()
        .and_then(|b| Manifest::parse(&b).ok())
    {
        Some(bak) => keep.extend(bak.header.buckets.values().cloned()),
        None if store.path(MANIFEST_BACKUP).exists() => return,
        None => {}
    }
    let Ok(entries) = fs::read_dir(store.path(BUCKET_DIR)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let referenced = name.strip_suffix(".age").is_some_and(|d| keep.contains(d));
        if !referenced {
            let _ = fs::remove_file(entry.path());
        }
    }
}

impl super::Transaction<'_> {
    /// `upgrade`: write this format-1 vault as a new format-2 store signed by
    /// the store's own key (which must be among the identities), pin it, and
    /// remove `vault.age` and its backup. The other sealed recipients become
    /// reader members that cannot sign.
    pub(crate) fn upgrade_to_signed(mut self) -> Result<String> {
        if self.v2.is_some() {
            return Err(Error::Other(
                "the store is already signed (format 2)".into(),
            ));
        }
        let list = self.recipients()?;
        let own = list
            .first()
            .and_then(|o| self.identities.iter().find(|i| i.public() == o.key))
            .ok_or_else(super::not_owner)?;
        let store = self.store;
        let store_id = signed::new_store_id().context(|| "could not draw a store id".into())?;
        let mut state = upgrade_state(own, first_manifest(own, &store_id));
        if let Some(first) = state.members.list.members.first_mut() {
            first.name = list.first().and_then(|o| o.label.clone());
        }
        for r in list.iter().skip(1) {
            state
                .members
                .list
                .members
                .push(Member::recipient_only(r.key.clone(), r.label.clone()));
        }
        write_signed(store, self.identities, &mut self.vault, &mut state, false)?;
        pin_new(store, own, &state.opened.manifest)?;
        let recipients = super::render_recipients(&recipients_of(&state.members));
        let dir = store.dir();
        fsutil::replace(dir, super::RECIPIENTS_FILE, recipients.as_bytes()).context(|| {
            format!(
                "could not write {}",
                store.path(super::RECIPIENTS_FILE).display()
            )
        })?;
        for old in [super::VAULT_FILE, super::BACKUP_FILE] {
            match fs::remove_file(store.path(old)) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(e)
                        .context(|| format!("could not remove {}", store.path(old).display()));
                }
            }
        }
        fsutil::sync_dir(dir).context(|| "could not sync the store".into())?;
        Ok(store_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::SecretValue;
    use age::secrecy::SecretString;

    #[test]
    fn a_stored_command_is_signed_by_its_admin_author_and_checked_on_read() {
        let dir = tempfile::tempdir().unwrap();
        super::super::pins::use_state_dir(&dir.path().join("state"));
        let store = Store::at(dir.path().join("store"));
        let own = store
            .init(&SecretString::from("pw".to_owned()), 1, true)
            .unwrap();
        let ids = std::slice::from_ref(&own);
        let now = jiff::Timestamp::now();
        let mut tx = store.begin(ids).unwrap();
        let mut s = Secret::new(now);
        s.push_value(SecretValue::new("v".into()), None, now, 10);
        s.policy.rotate_command = Some("echo new".into());
        tx.vault.secrets.insert("a".into(), s);
        tx.commit().unwrap();
        let vault = store.load(ids).unwrap();
        let me = Signer::derive(&own);
        assert_eq!(vault.secrets["a"].policy_author.as_deref(), Some(me.id()));
        let signed = vault.signed.as_deref().unwrap();
        assert!(matches!(
            signed::policy_author(&signed.members, &signed.store_id, "a", &vault.secrets["a"]),
            signed::Authorship::By(m) if m.id == me.id()
        ));
    }
}
