//! Team stores (issue 15): a signed store in a git work tree holding only
//! what every member shares (`manifest`, `vault/`, `recipients`,
//! `.gitattributes`), each member's personal files (identity, audit log,
//! locks, `manifest.bak`) in `$XDG_DATA_HOME/sesame/teams/<store id>/`
//! (ARCHITECTURE.md, "Team stores"; SECURITY.md, "Team stores").

use std::fs;
use std::path::Path;

use age::secrecy::SecretString;

use super::pins::{Pin, Pins};
use super::signed::{
    self, JoinBody, Manifest, ManifestBody, Member, MembersBody, Role, SignedMembers, Signer,
};
use super::{
    IDENTITY_FILE, LOCK_FILE, RECIPIENTS_FILE, Store, Transaction, fsutil, render_recipients, v2,
};
use crate::crypto::{self, Identity};
use crate::error::{Error, IoContext, Result};

/// The committed `.gitattributes` of a team store: git never merges or diffs
/// a store file as text where the driver is not registered (`-merge` keeps
/// ours and reports a conflict: never conflict markers). `recipients` is a
/// mirror that `sync` and `team resolve` rewrite from the merged member list.
pub(crate) const GITATTRIBUTES: &str = "\
# Written by `sesame team init`: no text merge of store files, ever.
manifest -merge diff=sesame
vault/*.age -merge -diff -text
recipients -merge
";

/// The name given to the recovery admin that `team init` makes.
pub(crate) const RECOVERY_NAME: &str = "recovery";

/// What `team init` made.
#[derive(Debug)]
pub(crate) struct Created {
    pub(crate) identity: Identity,
    /// The recovery admin's key, printed once; `None` with `--no-recovery`.
    pub(crate) recovery: Option<Identity>,
    pub(crate) store_id: String,
}

/// An admin's fingerprint, as `team init` prints and `team join --admin`
/// takes it: the Ed25519 verifying key in hex.
pub(crate) fn fingerprint(signer: &Signer) -> String {
    signer.verify_key().to_owned()
}

/// A fingerprint as the user typed it: 64 hex digits, spaces and colons
/// allowed between them.
pub(crate) fn parse_fingerprint(text: &str) -> Result<String> {
    let clean: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | ':'))
        .collect::<String>()
        .to_ascii_lowercase();
    if signed::unhex::<32>(&clean).is_none() {
        return Err(Error::usage(
            "--admin takes an admin's fingerprint: 64 hex digits, as `sesame team init` or `sesame member list` print it",
            "ask the admin for it over a channel you trust (not the repository)",
        ));
    }
    Ok(clean)
}

/// Create the personal directory (0700), refusing one that holds an
/// identity already.
fn make_personal(personal: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(fsutil::DIR_MODE)
        .create(personal)
        .context(|| format!("could not create {}", personal.display()))?;
    if personal.join(IDENTITY_FILE).exists() {
        return Err(Error::StoreExists {
            path: personal.to_path_buf(),
        });
    }
    Ok(())
}

/// Write a shared file of a new team store (mode 0644: a git checkout has it).
fn write_shared(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    let io_ctx = || format!("could not write {}", path.display());
    fsutil::replace(dir, name, bytes).context(io_ctx)?;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).context(io_ctx)
}

/// The file in a personal directory naming the store directory it is for.
const STORE_PATH: &str = "store-path";

/// Note in `personal` (made if need be) which store directory it is for, so
/// that a manifest naming another store id there is still checked against
/// this member's pins (and refused), not taken for a store never joined.
fn note_store_path(personal: &Path, store: &Path) -> Result<()> {
    fsutil::private_dir(personal).context(|| format!("could not create {}", personal.display()))?;
    let path = super::pins::canonical(store);
    fsutil::replace(personal, STORE_PATH, path.as_os_str().as_encoded_bytes())
        .context(|| format!("could not write {}", personal.join(STORE_PATH).display()))
}

/// The personal directory of a team store this machine joined at `dir`,
/// found by its note of the store's path.
pub(crate) fn joined_at(dir: &Path) -> Option<std::path::PathBuf> {
    let teams = dirs::data_dir()?.join("sesame").join("teams");
    let want = super::pins::canonical(dir);
    fs::read_dir(teams).ok()?.flatten().find_map(|e| {
        let noted = fs::read(e.path().join(STORE_PATH)).ok()?;
        (noted == want.as_os_str().as_encoded_bytes()).then(|| e.path())
    })
}

/// Write `identity.age` and `lock` into a new personal directory.
fn write_personal(personal: &Path, wrapped: &[u8]) -> Result<()> {
    for (name, bytes) in [(LOCK_FILE, &b""[..]), (IDENTITY_FILE, wrapped)] {
        let p = personal.join(name);
        fsutil::write_new_private(&p, bytes)
            .context(|| format!("could not write {}", p.display()))?;
    }
    fsutil::sync_dir(personal).context(|| format!("could not sync {}", personal.display()))
}

impl Store {
    /// `team init` from scratch: a new signed store in this (shared)
    /// directory, its admin `name` with a new identity wrapped with
    /// `passphrase` in the personal directory, and (`recovery`) a second
    /// admin whose key is printed once.
    pub(crate) fn init_team(
        &self,
        passphrase: &SecretString,
        work_factor: u8,
        name: &str,
        recovery: bool,
    ) -> Result<Created> {
        if self.path(v2::MANIFEST_FILE).exists() {
            return Err(Error::StoreExists {
                path: self.dir().to_path_buf(),
            });
        }
        let store_id = signed::new_store_id().context(|| "could not draw a store id".into())?;
        let personal = super::personal_dir_for(&store_id).ok_or_else(|| {
            Error::usage("no data directory is known (HOME is unset?)", "set HOME")
        })?;
        make_personal(&personal)?;
        let identity = Identity::generate();
        let wrapped = crypto::wrap_identity(&identity, passphrase, work_factor)
            .context(|| "could not wrap the new identity".into())?;
        let signer = Signer::derive(&identity);
        let mut members = vec![Member::for_signer(
            &signer,
            identity.public(),
            Role::Admin,
            Some(name.to_owned()),
        )];
        let recovery = recovery.then(Identity::generate);
        if let Some(r) = &recovery {
            members.push(Member::for_signer(
                &Signer::derive(r),
                r.public(),
                Role::Admin,
                Some(RECOVERY_NAME.to_owned()),
            ));
        }
        let manifest = new_manifest(&signer, &store_id, members);
        fs::create_dir_all(self.dir())
            .context(|| format!("could not create {}", self.dir().display()))?;
        write_personal(&personal, &wrapped)?;
        let list = v2::recipients_of(&manifest.members);
        write_shared(self.dir(), ".gitattributes", GITATTRIBUTES.as_bytes())?;
        write_shared(
            self.dir(),
            RECIPIENTS_FILE,
            render_recipients(&list).as_bytes(),
        )?;
        write_shared(self.dir(), v2::MANIFEST_FILE, &manifest.to_bytes())?;
        fsutil::sync_dir(self.dir()).context(|| "could not sync the store".into())?;
        note_store_path(&personal, self.dir())?;
        let store = Store::at(self.dir()).with_personal(personal);
        v2::pin_new(&store, &identity, &manifest)?;
        Ok(Created {
            identity,
            recovery,
            store_id,
        })
    }

    /// `team init --from STORE`: copy the single-user signed store `from`
    /// (already verified by the caller with `identities`, whose first is its
    /// own admin key) into this directory as a team store. The store id,
    /// every secret, version, author signature and policy stay as they are;
    /// `identity.age` moves (a copy, same password) to the personal directory.
    pub(crate) fn team_from(&self, from: &Store, identity: &Identity) -> Result<String> {
        let bytes = fs::read(from.path(v2::MANIFEST_FILE))
            .context(|| format!("could not read {}", from.path(v2::MANIFEST_FILE).display()))?;
        let manifest =
            Manifest::parse(&bytes).map_err(|r| Error::corrupt(from.path(v2::MANIFEST_FILE), r))?;
        let store_id = manifest.header.store_id.clone();
        let personal = super::personal_dir_for(&store_id).ok_or_else(|| {
            Error::usage("no data directory is known (HOME is unset?)", "set HOME")
        })?;
        if self.path(v2::MANIFEST_FILE).exists() {
            return Err(Error::StoreExists {
                path: self.dir().to_path_buf(),
            });
        }
        make_personal(&personal)?;
        let wrapped = from.read_identity_file()?;
        fs::create_dir_all(self.dir().join(v2::BUCKET_DIR))
            .context(|| format!("could not create {}", self.dir().display()))?;
        for d in manifest.header.buckets.values() {
            let name = format!("{d}.age");
            let data = fs::read(from.path(v2::BUCKET_DIR).join(&name))
                .context(|| format!("could not read bucket {name}"))?;
            write_shared(&self.dir().join(v2::BUCKET_DIR), &name, &data)?;
        }
        write_personal(&personal, &wrapped)?;
        write_shared(self.dir(), ".gitattributes", GITATTRIBUTES.as_bytes())?;
        let list = v2::recipients_of(&manifest.members);
        write_shared(
            self.dir(),
            RECIPIENTS_FILE,
            render_recipients(&list).as_bytes(),
        )?;
        write_shared(self.dir(), v2::MANIFEST_FILE, &bytes)?;
        fsutil::sync_dir(self.dir()).context(|| "could not sync the store".into())?;
        note_store_path(&personal, self.dir())?;
        let store = Store::at(self.dir()).with_personal(personal);
        let signer = Signer::derive(identity);
        let mut pins = Pins::open(identity, &signer, store.dir())?;
        pins.set(Pin::of(&manifest, &signed::digest(&bytes)))?;
        Ok(store_id)
    }

    /// The store's manifest (and its bytes), its member list checked to be
    /// signed by the admin whose fingerprint is `admin` or by one that admin
    /// introduced: the repository or a copy alone proves nothing.
    fn checked_by(&self, admin: &str) -> Result<(Manifest, Vec<u8>)> {
        let path = self.dir().join(v2::MANIFEST_FILE);
        let bytes = fs::read(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::NoStore {
                path: self.dir().to_path_buf(),
            },
            _ => Error::Io {
                context: format!("could not read {}", path.display()),
                source: e,
            },
        })?;
        let manifest = Manifest::parse(&bytes).map_err(|r| Error::corrupt(&path, r))?;
        let store_id = manifest.header.store_id.clone();
        // The member list must be signed by that admin, or by an admin it
        // introduced (directly or through others).
        manifest
            .check_with(&store_id, &[admin.to_owned()], true)
            .map_err(|r| {
                let list = &manifest.members;
                let signer = list
                    .member(&list.list.signer)
                    .and_then(|m| m.verify_key.as_deref())
                    .unwrap_or("no member");
                let reason = if r.contains("never trusted") {
                    format!(
                        "has a member list signed by {signer}, not by the admin whose fingerprint you gave nor by one that admin introduced"
                    )
                } else {
                    r
                };
                Error::Untrusted {
                    path: path.clone(),
                    reason,
                    hint: "; check the fingerprint with the admin over a channel you trust (anyone with push access can change the repository)".into(),
                }
            })?;
        Ok((manifest, bytes))
    }

    /// `sesame pin`: trust this signed store for `identity`, a bare member
    /// (an SSH key added with `recipients add`), once its member list is
    /// checked against the admin fingerprint given out of band.
    pub(crate) fn pin_for(&self, admin: &str, identity: &Identity) -> Result<()> {
        let (manifest, bytes) = self.checked_by(admin)?;
        let public = identity.public();
        if !manifest
            .members
            .recipients_now()
            .any(|m| m.recipient == public)
        {
            return Err(Error::usage(
                format!("{public} is not a member of this store"),
                "ask an admin to run `sesame recipients add` with your public key first",
            ));
        }
        let signer = Signer::derive(identity);
        let mut pins = Pins::open(identity, &signer, self.dir())?;
        pins.set(Pin::of(&manifest, &signed::digest(&bytes)))
    }

    /// `team join`: check that the member list is signed by the admin whose
    /// fingerprint was given out of band (the repository alone proves
    /// nothing), write `identity` wrapped with `wrap` (password, work factor)
    /// in the personal directory (`None`: it is there already), pin the
    /// store, and return the join request.
    pub(crate) fn join_team(
        &self,
        admin: &str,
        name: &str,
        identity: &Identity,
        wrap: Option<(&SecretString, u8)>,
    ) -> Result<String> {
        let (manifest, bytes) = self.checked_by(admin)?;
        let store_id = manifest.header.store_id.clone();
        let personal = super::personal_dir_for(&store_id).ok_or_else(|| {
            Error::usage("no data directory is known (HOME is unset?)", "set HOME")
        })?;
        if let Some((passphrase, work_factor)) = wrap {
            make_personal(&personal)?;
            let wrapped = crypto::wrap_identity(identity, passphrase, work_factor)
                .context(|| "could not wrap the new identity".into())?;
            write_personal(&personal, &wrapped)?;
        }
        note_store_path(&personal, self.dir())?;
        let store = Store::at(self.dir()).with_personal(personal);
        let signer = Signer::derive(identity);
        let mut pins = Pins::open(identity, &signer, store.dir())?;
        if pins.get().is_none() {
            pins.set(Pin::of(&manifest, &signed::digest(&bytes)))?;
        }
        self.set_personal(store.personal_dir());
        Ok(signed::join_request(
            &signer,
            &JoinBody {
                store_id,
                name: name.to_owned(),
                recipient: identity.public(),
                verify_key: signer.verify_key().to_owned(),
            },
        ))
    }
}

/// A team store's first manifest, signed by `signer` (its first admin).
fn new_manifest(signer: &Signer, store_id: &str, members: Vec<Member>) -> Manifest {
    let members = SignedMembers::sign(
        MembersBody {
            format: signed::FORMAT,
            store_id: store_id.to_owned(),
            generation: 1,
            members,
            signer: String::new(),
            introductions: Vec::new(),
            scopes: Vec::new(),
        },
        signer,
    );
    Manifest::sign(
        ManifestBody {
            format: signed::FORMAT,
            store_id: store_id.to_owned(),
            generation: 1,
            parents: Vec::new(),
            ancestors: Vec::new(),
            bucket_count: signed::DEFAULT_BUCKETS,
            buckets: Default::default(),
            max_versions: super::model::DEFAULT_MAX_VERSIONS,
            audit: None,
            members_digest: String::new(),
            author: String::new(),
            seals: std::collections::BTreeMap::new(),
        },
        members,
        signer,
    )
}

/// What `member remove` and `replace` did.
#[derive(Debug)]
pub(crate) struct Removed {
    pub(crate) member: Member,
    /// The secrets with a value current at the removal: due for rotation.
    pub(crate) exposed: Vec<String>,
}

impl Transaction<'_> {
    fn team_state(&mut self) -> Result<&mut v2::V2> {
        self.rewrite_recipients = true;
        self.v2.as_deref_mut().ok_or_else(|| {
            Error::usage(
                "members belong to signed stores",
                "run `sesame upgrade` first, or make a team store with `sesame team init`",
            )
        })
    }

    /// `member add`: the member a checked join request asks for.
    pub(crate) fn add_member_from(
        &mut self,
        request: &JoinBody,
        role: Role,
        access: Option<Vec<String>>,
    ) -> Result<Member> {
        let state = self.team_state()?;
        if request.store_id != state.store_id() {
            return Err(Error::usage(
                format!(
                    "this join request is for store {}, not this one ({})",
                    request.store_id,
                    state.store_id()
                ),
                "ask for a request made with `sesame team join` in this store's repository",
            ));
        }
        let id = signed::member_id(&request.verify_key);
        let taken = state.members.list.members.iter().find(|m| {
            !m.revoked && (m.id == id || m.name.as_deref() == Some(request.name.as_str()))
        });
        if let Some(m) = taken {
            return Err(Error::usage(
                format!(
                    "member '{}' ({}) is already in the store",
                    m.name.as_deref().unwrap_or("unnamed"),
                    m.id
                ),
                "pick another name, or `sesame member replace NAME REQUEST` to give a member a new key",
            ));
        }
        let member = Member {
            id,
            name: Some(request.name.clone()),
            role,
            recipient: request.recipient.clone(),
            verify_key: Some(request.verify_key.clone()),
            revoked: false,
            removed: None,
            access,
            withdrawn: Vec::new(),
        };
        state.add_member(member, false)
    }

    /// `team init --from`: give this key's member `name` when it has none (a
    /// single-user store's admin has no name; `member remove` goes by names).
    pub(crate) fn name_me(&mut self, name: &str) -> Result<bool> {
        let state = self.team_state()?;
        let Some(id) = state
            .me()
            .filter(|m| m.name.is_none())
            .map(|m| m.id.clone())
        else {
            self.rewrite_recipients = false;
            return Ok(false);
        };
        for m in &mut state.members.list.members {
            if m.id == id {
                m.name = Some(name.to_owned());
            }
        }
        state.members_changed = true;
        // A team store seals no audit head (SECURITY.md, "Team stores").
        self.vault.audit = None;
        Ok(true)
    }

    /// `member remove`: revoke the member called `name` (or with that id) and
    /// note when, so every value current now is due for rotation.
    pub(crate) fn remove_member(&mut self, name: &str, now: jiff::Timestamp) -> Result<Removed> {
        let state = self.team_state()?;
        let member = state.find_member(name)?;
        let admins_left = state
            .members
            .list
            .members
            .iter()
            .filter(|m| !m.revoked && m.role == Role::Admin && m.id != member.id)
            .count();
        if member.role == Role::Admin && admins_left == 0 {
            return Err(Error::usage(
                format!("'{name}' is the last admin"),
                "add another admin first (`sesame member add NAME REQUEST --role admin`)",
            ));
        }
        if state.me().is_some_and(|m| m.id == member.id) {
            return Err(Error::usage(
                "a member cannot remove itself",
                "ask another admin to remove you",
            ));
        }
        for m in &mut state.members.list.members {
            if m.id == member.id {
                m.revoked = true;
                m.removed = Some(now);
            }
        }
        state.members_changed = true;
        let exposed = self.live_names(|n| member.reads(n));
        Ok(Removed { member, exposed })
    }

    /// The names with a live value that `covered` accepts.
    fn live_names(&self, covered: impl Fn(&str) -> bool) -> Vec<String> {
        self.vault
            .secrets
            .iter()
            .filter(|(n, s)| s.has_live_version() && covered(n))
            .map(|(n, _)| n.clone())
            .collect()
    }

    /// The access of the member called `name` (or with that id).
    pub(crate) fn member_access(&mut self, name: &str) -> Result<Option<Vec<String>>> {
        Ok(self.team_state()?.find_member(name)?.access)
    }

    /// `member access`: give the member called `name` (or with that id)
    /// `access` (`None`: all). Prefixes it loses are recorded as withdrawn
    /// at `now`; returns the member as changed and the live secrets it
    /// could read and no longer can (due for rotation).
    pub(crate) fn set_member_access(
        &mut self,
        name: &str,
        access: Option<Vec<String>>,
        now: jiff::Timestamp,
    ) -> Result<(Member, Vec<String>)> {
        let state = self.team_state()?;
        let member = state.find_member(name)?;
        if member.role == Role::Admin && access.is_some() {
            return Err(Error::usage(
                format!("'{name}' is an admin, and admins have all access"),
                "nothing was changed; an admin's access cannot be limited",
            ));
        }
        let before = member.clone();
        let after = state.set_access(&member.id, access, now)?;
        let lost = self.live_names(|n| before.reads(n) && !after.reads(n));
        Ok((after, lost))
    }
}
