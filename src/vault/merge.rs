//! The three-way merge of a signed store (issue 15): base, ours and theirs
//! manifests, each verified first, merged bucket by bucket and secret by
//! secret (SECURITY.md, "What a merge trusts").
//!
//! - A bucket changed on one side only is taken from that side as it is (the
//!   same file, named by its digest): no decryption, no new file.
//! - A bucket changed on both sides is decrypted on all three and merged
//!   secret by secret: changes to different secrets never conflict; the same
//!   secret changed on both keeps both values (the side with the higher signed
//!   generation, then the higher manifest digest, current; never a clock); a
//!   revoked version stays revoked; removed on one side and changed on the
//!   other is kept. Both of those are flagged in the secret (`status`).
//! - Every version and policy keeps its author's signature; the merging member
//!   signs only the merged manifest (two parents). The member list is one
//!   side's, as an admin signed it; only an admin may sign a union of two.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use zeroize::Zeroizing;

use super::model::{Secret, State, Version};
use super::signed::{self, Manifest, ManifestBody, Member, Role, SignedMembers, Signer};
use super::{Store, format, v2};
use crate::crypto::{self, Identity, Recipient};
use crate::error::{Error, Result};

/// Where a merge finds a bucket file by its digest (the work tree, git's
/// objects); `None` when it is nowhere. What it returns is checked against
/// the digest.
pub(crate) type Fetch<'a> = &'a dyn Fn(&str) -> Result<Option<Vec<u8>>>;

/// The three manifests of a merge, as bytes from git.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Inputs<'a> {
    /// The common ancestor's; `None` when both sides added the store.
    pub(crate) base: Option<&'a [u8]>,
    pub(crate) ours: &'a [u8],
    pub(crate) theirs: &'a [u8],
}

/// How the result came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Both sides hold the same manifest.
    Same,
    /// Ours already holds everything of theirs.
    Ours,
    /// Theirs descends from ours: taken as it is (a fast-forward).
    Theirs,
    /// A new manifest with both as parents.
    Merged,
}

/// The result of a merge.
#[derive(Debug)]
pub(crate) struct Merged {
    pub(crate) outcome: Outcome,
    /// The manifest file to write.
    pub(crate) manifest: Vec<u8>,
    /// New bucket files (`<digest>.age`, bytes) the manifest names.
    pub(crate) files: Vec<(String, Vec<u8>)>,
    /// Secrets that kept two concurrent changes (see `Secret::conflict`).
    pub(crate) flagged: Vec<String>,
}

/// One verified side.
struct Side {
    manifest: Manifest,
    digest: String,
}

impl Side {
    fn h(&self) -> &ManifestBody {
        &self.manifest.header
    }

    /// Higher signed generation, then higher digest: who is current when
    /// both changed the same secret. Never a writer's clock.
    fn rank(&self) -> (u64, &str) {
        (self.h().generation, &self.digest)
    }

    /// Whether this side is `digest` or lists it among its ancestors.
    fn holds(&self, digest: &str) -> bool {
        self.digest == digest
            || self
                .h()
                .parents
                .iter()
                .chain(&self.h().ancestors)
                .any(|d| d == digest)
    }

    /// Who this side encrypted the scope with `prefix` to.
    fn readers<'a>(&'a self, prefix: &'a str) -> BTreeSet<&'a str> {
        readers(&self.manifest.members, prefix)
    }
}

/// Who the scope with `prefix` is encrypted to under `members`.
fn readers<'a>(members: &'a SignedMembers, prefix: &'a str) -> BTreeSet<&'a str> {
    members
        .readers_of(prefix)
        .map(|m| m.recipient.as_str())
        .collect()
}

/// The seals of a side: (scope prefix, seal id).
fn seals_of(side: &Side) -> Vec<(&str, String)> {
    side.h()
        .seals
        .iter()
        .map(|(p, s)| (p.as_str(), s.id()))
        .collect()
}

/// Refused: side `which` holds the files of `prefix` under a seal not made
/// over the one they replace.
fn rolled_back(store: &Store, which: &str, prefix: &str) -> Error {
    let shown = super::scopes::shown(prefix);
    untrusted(
        label(store, which),
        format!(
            "holds the files of {shown} under a seal not made over the earlier one: older files were put back by someone without access to them"
        ),
    )
}

/// Refused: both sides changed what `prefix` holds and this key may not
/// write it, so it cannot merge it.
fn no_access(prefix: &str) -> Error {
    let shown = if prefix.is_empty() {
        "names outside every prefix with access of its own".to_owned()
    } else {
        format!("names under {prefix}")
    };
    Error::Auth {
        what: format!("both sides changed {shown}, which this key may not write, so it cannot merge them"),
        hint: "nothing was merged; a member with access to them must merge: push your branch for them (`git push origin HEAD:NAME`), or drop your commits (`git reset --hard @{upstream}`) and make your change again".into(),
    }
}

fn label(store: &Store, which: &str) -> PathBuf {
    PathBuf::from(format!(
        "{} ({which})",
        store.path(v2::MANIFEST_FILE).display()
    ))
}

fn untrusted(path: PathBuf, reason: String) -> Error {
    Error::Untrusted {
        path,
        reason,
        hint: "; nothing was merged: the change was made without a key this machine trusts".into(),
    }
}

/// The three verified sides of a merge.
struct Sides<'a> {
    base: Option<&'a Side>,
    ours: &'a Side,
    theirs: &'a Side,
}

impl<'a> Sides<'a> {
    /// Every bucket number any side names.
    fn buckets(&self) -> BTreeSet<u32> {
        let mut all: BTreeSet<u32> = self.ours.h().buckets.keys().copied().collect();
        all.extend(self.theirs.h().buckets.keys());
        if let Some(b) = self.base {
            all.extend(b.h().buckets.keys());
        }
        all
    }

    /// The side bucket `b` comes from (the one that changed it, ours when
    /// neither or both made it the same) and its file there (none: empty);
    /// no side when both changed it differently.
    fn pick(&self, b: u32) -> (Option<&'a Side>, Option<&'a String>) {
        let x0 = self.base.and_then(|s| s.h().buckets.get(&b));
        let x1 = self.ours.h().buckets.get(&b);
        let x2 = self.theirs.h().buckets.get(&b);
        if x1 == x2 || x2 == x0 {
            (Some(self.ours), x1)
        } else if x1 == x0 {
            (Some(self.theirs), x2)
        } else {
            (None, None)
        }
    }
}

impl Store {
    /// Merge `inputs` as the member `identities` unlock. With `fetch`, a
    /// bucket changed on both sides (or that must be encrypted to a changed
    /// member list) is decrypted and written anew; without (`git`'s merge
    /// driver, which cannot add files to the merge), such a merge fails and
    /// nothing is written.
    pub(crate) fn merge(
        &self,
        identities: &[Identity],
        inputs: Inputs<'_>,
        fetch: Option<Fetch<'_>>,
    ) -> Result<Merged> {
        let (ours, theirs, base) = self.verify_sides(identities, inputs)?;
        let simple = |outcome, bytes: &[u8]| Merged {
            outcome,
            manifest: bytes.to_vec(),
            files: Vec::new(),
            flagged: Vec::new(),
        };
        if ours.digest == theirs.digest {
            return Ok(simple(Outcome::Same, inputs.ours));
        }
        if theirs.holds(&ours.digest) {
            // A fast-forward: every scope of theirs sealed over ours' seal.
            let mine = seals_of(&ours);
            if let Some(p) = theirs
                .manifest
                .rolled_back(mine.iter().map(|(p, i)| (*p, i.as_str())))
            {
                return Err(rolled_back(self, "theirs", p));
            }
            // A writer may sign over any admin-signed list: not an older one.
            if theirs.manifest.members.list.generation < ours.manifest.members.list.generation {
                return Err(untrusted(
                    label(self, "theirs"),
                    "has a member list older than ours: an old list was replayed (a removed member coming back?)".into(),
                ));
            }
            return Ok(simple(Outcome::Theirs, inputs.theirs));
        }
        if ours.holds(&theirs.digest) {
            return Ok(simple(Outcome::Ours, inputs.ours));
        }
        let members = merge_members(base.as_ref(), &ours, &theirs, identities)?;
        let signer = Self::signer_for(identities, &members)?;
        match members.member(signer.id()) {
            Some(m) if !m.revoked && m.role != Role::Reader => {}
            _ => {
                return Err(Error::Auth {
                    what: "this key may not write the store, so it cannot sign a merge".into(),
                    hint: "merge as a writer or an admin of the store".into(),
                });
            }
        }
        self.merge_diverged(
            identities,
            base.as_ref(),
            &ours,
            &theirs,
            members,
            &signer,
            fetch,
        )
    }

    /// Parse and verify the three manifests: the store id and admins this
    /// machine trusts (through ours), signatures, and descent from the base.
    fn verify_sides(
        &self,
        identities: &[Identity],
        inputs: Inputs<'_>,
    ) -> Result<(Side, Side, Option<Side>)> {
        let parse = |bytes: &[u8], which: &str| -> Result<Side> {
            let manifest =
                Manifest::parse(bytes).map_err(|r| Error::corrupt(label(self, which), r))?;
            Ok(Side {
                manifest,
                digest: signed::digest(bytes),
            })
        };
        let ours = parse(inputs.ours, "ours")?;
        let theirs = parse(inputs.theirs, "theirs")?;
        let base = inputs.base.map(|b| parse(b, "base")).transpose()?;
        let (store_id, admins, pins) = self.trust(identities, &ours.manifest, &ours.digest)?;
        // As when the store is opened: a member's pins follow introductions
        // made by admins removed since (`SignedMembers::trusted`).
        let follow = pins.is_some();
        for (side, which) in [
            (Some(&ours), "ours"),
            (Some(&theirs), "theirs"),
            (base.as_ref(), "base"),
        ] {
            let Some(side) = side else { continue };
            side.manifest
                .check_with(&store_id, &admins, follow)
                .map_err(|r| untrusted(label(self, which), r))?;
        }
        if let Some(b) = &base {
            for (side, which) in [(&ours, "ours"), (&theirs, "theirs")] {
                if !signed::descends(&side.digest, side.h(), &b.digest, b.h().generation) {
                    return Err(untrusted(
                        label(self, which),
                        format!(
                            "holds generation {}, which does not descend from the common ancestor (generation {}): an older manifest was put back",
                            side.h().generation,
                            b.h().generation
                        ),
                    ));
                }
                if side.manifest.members.list.generation < b.manifest.members.list.generation {
                    return Err(untrusted(
                        label(self, which),
                        "has a member list older than the common ancestor's: an old list was replayed".into(),
                    ));
                }
            }
        }
        // Each scope's seal on each side was made over the common ancestor's:
        // no prefix's older files put back by a writer of another (SECURITY.md,
        // "Access by prefix"). What this machine saw need not be on theirs'
        // branch; the merged manifest is checked against it when read.
        if let Some(b) = &base {
            let at_base = seals_of(b);
            for (side, which) in [(&ours, "ours"), (&theirs, "theirs")] {
                let seen = at_base.iter().map(|(p, i)| (*p, i.as_str()));
                if let Some(p) = side.manifest.rolled_back(seen) {
                    return Err(rolled_back(self, which, p));
                }
            }
        }
        if ours.h().bucket_count != theirs.h().bucket_count
            || base
                .as_ref()
                .is_some_and(|b| b.h().bucket_count != ours.h().bucket_count)
        {
            return Err(Error::corrupt(
                label(self, "theirs"),
                "spreads secrets over another number of buckets",
            ));
        }
        Ok((ours, theirs, base))
    }

    /// Both sides changed: merge bucket by bucket, sign the new manifest.
    /// When the sides spread names over different scopes (access was
    /// granted to a new prefix on one of them), merge name by name instead.
    #[allow(clippy::too_many_arguments)] // the verified sides and what signs
    fn merge_diverged(
        &self,
        identities: &[Identity],
        base: Option<&Side>,
        ours: &Side,
        theirs: &Side,
        members: SignedMembers,
        signer: &Signer,
        fetch: Option<Fetch<'_>>,
    ) -> Result<Merged> {
        let sides = Sides { base, ours, theirs };
        let layout = members.layout(ours.h().bucket_count);
        let relaid = moved_names_changed(&sides, &members);
        let mut buckets = BTreeMap::new();
        let mut files = Vec::new();
        let mut flagged = Vec::new();
        let no_fetch = || {
            Error::Other(
                "this merge needs new vault files, which git's merge driver cannot add — run `sesame team resolve`".into(),
            )
        };
        let me = members.member(signer.id());
        let mut merged_scopes: Vec<(u32, BTreeMap<String, Secret>)> = Vec::new();
        if relaid {
            let fetch = fetch.ok_or_else(no_fetch)?;
            if let Some(p) = layout.prefixes().find(|p| !me.is_some_and(|m| m.writes(p))) {
                return Err(no_access(p));
            }
            let all = |s: &Side| s.h().buckets.keys().copied().collect::<Vec<u32>>();
            let (merged, f) =
                self.merge_buckets(identities, &sides, &all, None, fetch, &members)?;
            flagged.extend(f);
            let store_id = &ours.h().store_id;
            let mut by_bucket: BTreeMap<u32, BTreeMap<String, Secret>> = BTreeMap::new();
            for (name, secret) in merged {
                by_bucket
                    .entry(layout.bucket_of(store_id, &name))
                    .or_default()
                    .insert(name, secret);
            }
            merged_scopes.extend(by_bucket);
        } else {
            for b in sides.buckets() {
                let (pick, file) = sides.pick(b);
                let prefix = layout.prefix_at(b).unwrap_or("");
                if let (Some(side), Some(d)) = (pick, file)
                    && side.readers(prefix) == readers(&members, prefix)
                {
                    buckets.insert(b, d.clone());
                    continue;
                }
                if pick.is_some() && file.is_none() {
                    continue;
                }
                let fetch = fetch.ok_or_else(no_fetch)?;
                if !me.is_some_and(|m| m.writes(prefix)) {
                    return Err(no_access(prefix));
                }
                let one = |_: &Side| vec![b];
                let (merged, f) =
                    self.merge_buckets(identities, &sides, &one, pick, fetch, &members)?;
                flagged.extend(f);
                merged_scopes.push((b, merged));
            }
        }
        let store_id = &ours.h().store_id;
        for (b, merged) in merged_scopes {
            for (name, secret) in &merged {
                signed::check_policy(&members, store_id, name, secret)
                    .map_err(|r| untrusted(label(self, "merged"), r))?;
            }
            if merged.is_empty() {
                continue;
            }
            let prefix = layout.prefix_at(b).unwrap_or("");
            let (d, bytes) = seal_bucket(&merged, &members, prefix)?;
            buckets.insert(b, d.clone());
            files.push((format!("{d}.age"), bytes));
        }
        let mut header = merged_header(base, ours, theirs, buckets);
        if self.is_team() {
            // A team store seals no audit head in the shared manifest: each
            // member's audit log is personal (SECURITY.md, "Team stores").
            header.audit = None;
        }
        header.seals = merged_seals(&header, &[ours, theirs], &members, signer)?;
        let manifest = Manifest::sign(header, members, signer);
        Ok(Merged {
            outcome: Outcome::Merged,
            manifest: manifest.to_bytes(),
            files,
            flagged,
        })
    }

    /// The secrets of the buckets `which` names on each side after the
    /// merge: one side's (to be encrypted anew), or (`pick` none) the three
    /// merged; and the names flagged.
    fn merge_buckets(
        &self,
        identities: &[Identity],
        sides: &Sides<'_>,
        which: &dyn Fn(&Side) -> Vec<u32>,
        pick: Option<&Side>,
        fetch: Fetch<'_>,
        members: &SignedMembers,
    ) -> Result<(BTreeMap<String, Secret>, Vec<String>)> {
        let read = |s: &Side, label: &str| -> Result<BTreeMap<String, Secret>> {
            let mut all = BTreeMap::new();
            for b in which(s) {
                all.extend(self.fetch_bucket(identities, s, label, b, fetch)?);
            }
            Ok(all)
        };
        if let Some(side) = pick {
            let mut merged = read(side, "one side")?;
            let mut flagged = Vec::new();
            let unseen = unseen_removals(members, side);
            let from_side = merged.clone();
            flag_unseen(&mut merged, &from_side, &unseen, &mut flagged);
            return Ok((merged, flagged));
        }
        let b0 = match sides.base {
            Some(s) => read(s, "base")?,
            None => BTreeMap::new(),
        };
        let (o, t) = (read(sides.ours, "ours")?, read(sides.theirs, "theirs")?);
        let ours_wins = sides.ours.rank() > sides.theirs.rank();
        let (mut merged, mut flagged) = merge_secrets(&b0, &o, &t, ours_wins);
        for (side, secrets) in [(sides.ours, &o), (sides.theirs, &t)] {
            let unseen = unseen_removals(members, side);
            flag_unseen(&mut merged, secrets, &unseen, &mut flagged);
        }
        Ok((merged, flagged))
    }

    /// Bucket `b` of `side`, fetched, checked against its digest, decrypted.
    fn fetch_bucket(
        &self,
        identities: &[Identity],
        side: &Side,
        which: &str,
        b: u32,
        fetch: Fetch<'_>,
    ) -> Result<BTreeMap<String, Secret>> {
        let Some(d) = side.h().buckets.get(&b) else {
            return Ok(BTreeMap::new());
        };
        let path = self.path(v2::BUCKET_DIR).join(format!("{d}.age ({which})"));
        let bytes = fetch(d)?.ok_or_else(|| {
            Error::corrupt(
                &path,
                "missing from the work tree and from git, although the signed manifest names it",
            )
        })?;
        let (secrets, _) = v2::open_bucket(
            &path,
            &bytes,
            &side.manifest,
            identities,
            b,
            v2::Parse::All,
            false,
        )?;
        Ok(secrets)
    }
}

impl Store {
    /// Write a merge's result into the store directory: the new bucket files
    /// first (fsynced), then the manifest (the commit point), then the
    /// `recipients` mirror of its member list. Returns the paths written,
    /// relative to the store.
    pub(crate) fn write_merged(&self, merged: &Merged) -> Result<Vec<String>> {
        use super::fsutil;
        let dir = self.dir();
        let io_ctx = |e: std::io::Error| Error::Io {
            context: format!("could not write the merged store in {}", dir.display()),
            source: e,
        };
        // As every write: under the writer lock (wherever the store keeps it).
        let _lock = fsutil::lock(&self.path(super::LOCK_FILE), self.lock_timeout)
            .map_err(io_ctx)?
            .ok_or_else(|| Error::Busy {
                path: dir.to_path_buf(),
            })?;
        let bucket_dir = self.path(v2::BUCKET_DIR);
        if !bucket_dir.is_dir() {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .mode(fsutil::DIR_MODE)
                .create(&bucket_dir)
                .map_err(io_ctx)?;
        }
        let mut written = Vec::new();
        for (name, bytes) in &merged.files {
            let staged = fsutil::stage(&bucket_dir, name, bytes).map_err(io_ctx)?;
            staged
                .persist(bucket_dir.join(name))
                .map_err(|e| io_ctx(e.error))?;
            written.push(format!("{}/{name}", v2::BUCKET_DIR));
        }
        fsutil::sync_dir(&bucket_dir).map_err(io_ctx)?;
        // The manifest merged over becomes the backup, as at every commit
        // (`manifest.bak`: in a team store, in the personal directory).
        let manifest_path = dir.join(v2::MANIFEST_FILE);
        if manifest_path.is_file() {
            fsutil::replace_with_link(&self.personal_dir(), &manifest_path, v2::MANIFEST_BACKUP)
                .map_err(io_ctx)?;
        }
        fsutil::replace(dir, v2::MANIFEST_FILE, &merged.manifest).map_err(io_ctx)?;
        written.push(v2::MANIFEST_FILE.to_owned());
        let m = Manifest::parse(&merged.manifest)
            .map_err(|r| Error::corrupt(self.path(v2::MANIFEST_FILE), r))?;
        let recipients = super::render_recipients(&v2::recipients_of(&m.members));
        fsutil::replace(dir, super::RECIPIENTS_FILE, recipients.as_bytes()).map_err(io_ctx)?;
        written.push(super::RECIPIENTS_FILE.to_owned());
        Ok(written)
    }
}

impl Store {
    /// Parse and verify a manifest from git (not the store's own file):
    /// the store id and admins this machine trusts, the signatures.
    pub(crate) fn verify_manifest(
        &self,
        identities: &[Identity],
        bytes: &[u8],
    ) -> Result<Manifest> {
        let m = Manifest::parse(bytes).map_err(|r| Error::corrupt(label(self, "from git"), r))?;
        let (store_id, admins, _) = self.trust(identities, &m, &signed::digest(bytes))?;
        m.check(&store_id, &admins)
            .map_err(|r| untrusted(label(self, "from git"), r))?;
        Ok(m)
    }

    /// The secrets of bucket `b` of a verified `manifest`, from `bytes`.
    pub(crate) fn open_bucket_bytes(
        &self,
        manifest: &Manifest,
        identities: &[Identity],
        b: u32,
        bytes: &[u8],
    ) -> Result<BTreeMap<String, Secret>> {
        let d = manifest.header.buckets.get(&b).cloned().unwrap_or_default();
        let path = self.path(v2::BUCKET_DIR).join(format!("{d}.age"));
        Ok(v2::open_bucket(&path, bytes, manifest, identities, b, v2::Parse::All, false)?.0)
    }
}

/// Whether a bucket-by-bucket merge could lose a change: a side that lacks
/// a scope of the merged member list (granted on the other side) changed a
/// bucket of the scope above it, where names now under the new scope lived
/// on that side. Those must be merged name by name. (Bucket numbers keep
/// their meaning across the sides: a new scope takes new numbers.)
fn moved_names_changed(sides: &Sides<'_>, members: &SignedMembers) -> bool {
    let layout = members.layout(sides.ours.h().bucket_count);
    let Some(base) = sides.base else {
        return [sides.ours, sides.theirs]
            .iter()
            .any(|s| s.manifest.members.list.scopes != members.list.scopes);
    };
    [sides.ours, sides.theirs].iter().any(|side| {
        let mine = &side.manifest.members.list.scopes;
        // A scope of this side renumbered by the merge: its files are read
        // by this side's numbers and laid out anew.
        if mine.iter().any(|s| !layout.scopes.contains(s)) {
            return true;
        }
        let new: Vec<&str> = layout
            .scopes
            .iter()
            .filter(|s| !mine.contains(s))
            .map(|s| s.prefix.as_str())
            .collect();
        if new.is_empty() {
            return false;
        }
        let (h, b0) = (side.h(), base.h());
        let changed = h
            .buckets
            .keys()
            .chain(b0.buckets.keys())
            .filter(|b| h.buckets.get(b) != b0.buckets.get(b));
        changed
            .filter_map(|&b| layout.prefix_at(b))
            .any(|p| new.iter().any(|s| *s != p && super::scopes::covers(p, s)))
    })
}

/// The seals of a merged `header`: for each scope, the seal of a side whose
/// files of it the merge kept as they were (and whose sealer may still
/// write it), else a new one by `signer`, who must be able to write it.
fn merged_seals(
    header: &ManifestBody,
    sides: &[&Side],
    members: &SignedMembers,
    signer: &Signer,
) -> Result<BTreeMap<String, super::scopes::Seal>> {
    let layout = members.layout(header.bucket_count);
    let me = members.member(signer.id());
    if layout.scopes.is_empty()
        && sides.iter().all(|s| s.h().seals.is_empty())
        && me.is_some_and(|m| m.writes(""))
    {
        return Ok(BTreeMap::new());
    }
    let mut seals = BTreeMap::new();
    for prefix in layout.prefixes() {
        let range = layout.range_of(prefix);
        let kept = sides.iter().find_map(|s| {
            let h = s.h();
            let same = s.manifest.layout().range_of(prefix) == range
                && header
                    .buckets
                    .range(range.clone())
                    .eq(h.buckets.range(range.clone()))
                && (!prefix.is_empty()
                    || (h.max_versions, h.bucket_count)
                        == (header.max_versions, header.bucket_count));
            h.seals.get(prefix).filter(|seal| {
                same && members
                    .member(&seal.author)
                    .is_some_and(|m| m.writes(prefix))
            })
        });
        let seal = match kept {
            Some(seal) => seal.clone(),
            None if me.is_some_and(|m| m.writes(prefix)) => {
                let before: Vec<&super::scopes::Seal> = sides
                    .iter()
                    .filter_map(|s| s.h().seals.get(prefix))
                    .collect();
                signed::seal(signer, header, &layout, prefix, &before)
            }
            None => return Err(no_access(prefix)),
        };
        seals.insert(prefix.to_owned(), seal);
    }
    Ok(seals)
}

/// Encrypt a merged bucket of the scope with `prefix` to its readers; its
/// digest and bytes.
fn seal_bucket(
    secrets: &BTreeMap<String, Secret>,
    members: &SignedMembers,
    prefix: &str,
) -> Result<(String, Vec<u8>)> {
    let list: Vec<(&String, &Secret)> = secrets.iter().collect();
    let plain = format::encode_bucket(&list);
    let recipients: Vec<Recipient> = members
        .readers_of(prefix)
        .map(|m| Recipient::parse(&m.recipient))
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| Error::Other(format!("the member list names a bad recipient: {e}")))?;
    let sealed = crypto::encrypt(&plain, &recipients).map_err(|e| Error::Io {
        context: "could not encrypt the merged vault".into(),
        source: e,
    })?;
    Ok((signed::digest(&sealed), sealed))
}

/// The merged header: both sides as parents, one generation past the higher.
fn merged_header(
    base: Option<&Side>,
    ours: &Side,
    theirs: &Side,
    buckets: BTreeMap<u32, String>,
) -> ManifestBody {
    let mut ancestors = Vec::new();
    let mut seen = HashSet::new();
    let (o, t) = (ours.h(), theirs.h());
    for d in o
        .parents
        .iter()
        .chain(&t.parents)
        .chain(&o.ancestors)
        .chain(&t.ancestors)
    {
        if seen.insert(d.clone()) {
            ancestors.push(d.clone());
        }
    }
    ancestors.truncate(signed::ANCESTRY);
    let max_versions = match base {
        Some(b) if b.h().max_versions == o.max_versions => t.max_versions,
        _ => o.max_versions,
    };
    ManifestBody {
        format: signed::FORMAT,
        store_id: o.store_id.clone(),
        generation: o.generation.max(t.generation) + 1,
        parents: vec![ours.digest.clone(), theirs.digest.clone()],
        ancestors,
        bucket_count: o.bucket_count,
        buckets,
        max_versions,
        audit: o.audit.clone(),
        members_digest: String::new(),
        author: String::new(),
        seals: BTreeMap::new(),
    }
}

/// The member list of the merge: one side's, signed as it is, when the other
/// did not change it or both hold the same; otherwise (both changed it) the
/// union, revoked where either revoked, signed anew by an admin only.
fn merge_members(
    base: Option<&Side>,
    ours: &Side,
    theirs: &Side,
    identities: &[Identity],
) -> Result<SignedMembers> {
    let (l0, l1, l2) = (
        base.map(|b| &b.manifest.members),
        &ours.manifest.members,
        &theirs.manifest.members,
    );
    if l1 == l2 || Some(l2) == l0 {
        return Ok(l1.clone());
    }
    if Some(l1) == l0 {
        return Ok(l2.clone());
    }
    let signer = Store::signer_for(identities, l1)?;
    let admin_in = |l: &SignedMembers| {
        l.member(signer.id())
            .is_some_and(|m| !m.revoked && m.role == Role::Admin)
    };
    if !admin_in(l1) || !admin_in(l2) {
        return Err(Error::Auth {
            what: "both sides changed the member list, and only an admin may sign the two together"
                .into(),
            hint:
                "ask an admin to run `sesame sync` (or `sesame team resolve`); nothing was merged"
                    .into(),
        });
    }
    let (win, lose) = if ours.rank() > theirs.rank() {
        (l1, l2)
    } else {
        (l2, l1)
    };
    let mut list: Vec<Member> = win.list.members.clone();
    for m in &lose.list.members {
        match list.iter_mut().find(|x| x.id == m.id) {
            Some(x) => {
                x.revoked |= m.revoked;
                // The later removal: every value stored before it, on either
                // side, was encrypted to the member (the exposure marks).
                x.removed = x.removed.max(m.removed);
                for w in &m.withdrawn {
                    if !x.withdrawn.contains(w) {
                        x.withdrawn.push(w.clone());
                    }
                }
            }
            None => list.push(m.clone()),
        }
    }
    let mut body = win.list.clone();
    body.members = list;
    // Both sides' introductions of admins, so each side's pins still follow.
    for i in &lose.list.introductions {
        if !body.introductions.contains(i) {
            body.introductions.push(i.clone());
        }
    }
    // Both sides' scopes. A prefix given files on both sides at once keeps
    // the winner's numbers; one given them on the losing side only, over
    // numbers the winner used, gets new ones past every scope. Either way
    // the losing side's names are then merged name by name
    // (`moved_names_changed`), by this admin.
    for sc in &lose.list.scopes {
        if body.scopes.iter().any(|x| x.prefix == sc.prefix) {
            continue;
        }
        let mut sc = sc.clone();
        let overlaps = body
            .scopes
            .iter()
            .any(|x| sc.base < x.base + x.count && x.base < sc.base + sc.count);
        if overlaps {
            let root = ours.h().bucket_count;
            sc.base = super::scopes::Layout {
                root_count: root,
                scopes: &body.scopes,
            }
            .end();
        }
        body.scopes.push(sc);
    }
    body.scopes.sort_by(|a, b| a.prefix.cmp(&b.prefix));
    let layout = super::scopes::Layout {
        root_count: 0,
        scopes: &body.scopes,
    };
    layout.check().map_err(|_| Error::Other(
        "the two sides' prefixes with access of their own cannot be laid out together (the member list is damaged); nothing was merged".into(),
    ))?;
    body.generation = l1.list.generation.max(l2.list.generation) + 1;
    Ok(SignedMembers::sign(body, &signer))
}

/// Whether two secrets (or absences) are the same, values included. The
/// serialized copies are zeroized.
fn same(a: Option<&Secret>, b: Option<&Secret>) -> bool {
    let ser = |s: &Secret| Zeroizing::new(serde_json::to_vec(s).unwrap_or_default());
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => ser(a) == ser(b),
        _ => false,
    }
}

/// Merge the secrets of one bucket; `ours_wins` says whose value is current
/// when both changed one. Returns the secrets and the names flagged.
pub(crate) fn merge_secrets(
    base: &BTreeMap<String, Secret>,
    ours: &BTreeMap<String, Secret>,
    theirs: &BTreeMap<String, Secret>,
    ours_wins: bool,
) -> (BTreeMap<String, Secret>, Vec<String>) {
    let names: BTreeSet<&String> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    let mut out = BTreeMap::new();
    let mut flagged = Vec::new();
    for name in names {
        let (b, o, t) = (base.get(name), ours.get(name), theirs.get(name));
        let (w, l) = if ours_wins { (o, t) } else { (t, o) };
        if let Some((s, flag)) = merge_secret(b, w, l) {
            if flag {
                flagged.push(name.clone());
            }
            out.insert(name.clone(), s);
        }
    }
    (out, flagged)
}

/// One secret: `win` is the side whose change is current when both changed.
/// The flag says this merge kept two concurrent changes.
fn merge_secret(
    base: Option<&Secret>,
    win: Option<&Secret>,
    lose: Option<&Secret>,
) -> Option<(Secret, bool)> {
    if same(win, lose) || same(base, lose) {
        return win.map(|s| (s.clone(), false));
    }
    if same(base, win) {
        return lose.map(|s| (s.clone(), false));
    }
    let (w, l) = match (win, lose) {
        (Some(w), Some(l)) => (w, l),
        (Some(kept), None) | (None, Some(kept)) => {
            let mut s = kept.clone();
            s.conflict = Some(
                "removed on one side of a merge and changed on the other: kept; remove it again if it should go".into(),
            );
            return Some((s, true));
        }
        (None, None) => return None,
    };
    let no_versions: &[Version] = &[];
    let bv = base.map_or(no_versions, |b| &b.versions[..]);
    let (versions, both) = merge_versions(bv, &w.versions, &l.versions);
    let policy_of = |s: &Secret| {
        (
            s.policy.clone(),
            s.policy_author.clone(),
            s.policy_signature.clone(),
        )
    };
    let (policy, policy_author, policy_signature) =
        three(base.map(policy_of).as_ref(), &policy_of(w), &policy_of(l)).clone();
    let mut conflict = three(base.map(|b| &b.conflict), &w.conflict, &l.conflict).clone();
    if both {
        let current = versions
            .iter()
            .rev()
            .find(|v| v.state == State::Active)
            .map_or(0, |v| v.n);
        conflict = Some(format!(
            "changed on both sides of a merge: version {current} is current, the other value is kept as a previous version (`sesame show`); set the right value to settle it"
        ));
    }
    Some((
        Secret {
            description: three(base.map(|b| &b.description), &w.description, &l.description)
                .clone(),
            tags: three(base.map(|b| &b.tags), &w.tags, &l.tags).clone(),
            env: three(base.map(|b| &b.env), &w.env, &l.env).clone(),
            policy,
            created: w.created.min(l.created),
            updated: w.updated.max(l.updated),
            versions,
            policy_author,
            policy_signature,
            conflict,
        },
        both,
    ))
}

/// The three-way rule for one field: the side that changed it, or `win`'s
/// when both did.
fn three<'a, T: PartialEq>(base: Option<&'a T>, win: &'a T, lose: &'a T) -> &'a T {
    if win == lose || base == Some(lose) {
        win
    } else if base == Some(win) {
        lose
    } else {
        win
    }
}

/// What identifies a version across copies: the number its signature covers,
/// when it was made, who made it.
type Key = (u32, i128, Option<String>);

fn key(v: &Version) -> Key {
    (
        v.signed_n.unwrap_or(v.n),
        v.created.as_nanosecond(),
        v.author.clone(),
    )
}

/// How far along a version's life is: a revoked (wiped) copy wins over a
/// replaced one, which wins over an active one.
fn stage(v: &Version) -> u8 {
    if v.value.is_none() || v.state == State::Revoked {
        2
    } else if v.state == State::Previous {
        1
    } else {
        0
    }
}

/// Merge two version lists: kept where both keep it (the copy further along
/// its life: a wiped value never comes back), dropped where one side dropped
/// a base version, new ones of both sides kept. When both sides added
/// versions, the loser's come after with new numbers (the number signed is
/// kept in `signed_n`) and are no longer active. Returns whether both added.
fn merge_versions(base: &[Version], win: &[Version], lose: &[Version]) -> (Vec<Version>, bool) {
    let in_base: HashSet<Key> = base.iter().map(key).collect();
    let lose_by: HashMap<Key, &Version> = lose.iter().map(|v| (key(v), v)).collect();
    let win_keys: HashSet<Key> = win.iter().map(key).collect();
    let mut out: Vec<Version> = Vec::new();
    let mut win_added = false;
    for v in win {
        let k = key(v);
        match lose_by.get(&k) {
            Some(l) => out.push(match stage(v).cmp(&stage(l)) {
                Ordering::Less => (*l).clone(),
                _ => v.clone(),
            }),
            None if !in_base.contains(&k) => {
                win_added = true;
                out.push(v.clone());
            }
            None => {}
        }
    }
    let lose_new: Vec<&Version> = lose
        .iter()
        .filter(|v| !win_keys.contains(&key(v)) && !in_base.contains(&key(v)))
        .collect();
    let both = win_added && !lose_new.is_empty();
    let mut next = out.iter().map(|v| v.n).max().unwrap_or(0);
    let used: HashSet<u32> = out.iter().map(|v| v.n).collect();
    for v in lose_new {
        let mut v = v.clone();
        if both || used.contains(&v.n) {
            if both && v.state == State::Active {
                v.state = State::Previous;
            }
            next = next.max(v.n).saturating_add(1);
            v.signed_n = Some(v.signed_n.unwrap_or(v.n));
            v.n = next;
        }
        out.push(v);
    }
    // Numbers stay unique (a copy renumbered by an earlier merge on one side
    // only could meet another): a repeated one moves past the top.
    out.sort_by(|a, b| a.n.cmp(&b.n).then_with(|| key(a).cmp(&key(b))));
    let mut spare = out.iter().map(|v| v.n).max().unwrap_or(0);
    let mut seen = HashSet::new();
    for v in &mut out {
        if !seen.insert(v.n) {
            spare = spare.saturating_add(1);
            v.signed_n = Some(v.signed_n.unwrap_or(v.n));
            v.n = spare;
        }
    }
    out.sort_by_key(|v| v.n);
    (out, both)
}

#[cfg(test)]
mod tests;

/// Members the merged list removed whom `side` still counted (not removed,
/// not revoked there), with the removal time: a value `side` stored after
/// that time was encrypted to them all the same.
fn unseen_removals(members: &SignedMembers, side: &Side) -> Vec<(jiff::Timestamp, String)> {
    members
        .list
        .members
        .iter()
        .filter_map(|m| {
            let removed = m.removed?;
            let there = side
                .manifest
                .members
                .list
                .members
                .iter()
                .find(|x| x.id == m.id)?;
            (!there.revoked && there.removed.is_none())
                .then(|| (removed, m.name.clone().unwrap_or_else(|| m.id.clone())))
        })
        .collect()
}

/// Flag each merged secret whose current value came from `from_side` (the
/// same creation time and signature) and was stored there after a removal
/// that side had not seen: `status` lists it until a new value is stored
/// (SECURITY.md, "What a merge trusts").
fn flag_unseen(
    merged: &mut BTreeMap<String, Secret>,
    from_side: &BTreeMap<String, Secret>,
    unseen: &[(jiff::Timestamp, String)],
    flagged: &mut Vec<String>,
) {
    if unseen.is_empty() {
        return;
    }
    for (name, secret) in merged.iter_mut() {
        let Some(cur) = secret.current() else {
            continue;
        };
        let came = from_side.get(name).is_some_and(|s| {
            s.versions
                .iter()
                .any(|v| v.created == cur.created && v.signature == cur.signature)
        });
        let Some((_, who)) = unseen.iter().find(|(r, _)| cur.created > *r) else {
            continue;
        };
        if came {
            secret.conflict = Some(format!(
                "stored on a branch where {who} was still a member, after their removal: their key can read it, rotate it"
            ));
            if !flagged.contains(name) {
                flagged.push(name.clone());
            }
        }
    }
}
