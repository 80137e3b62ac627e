//! The store: a directory of age files (ARCHITECTURE.md, "The store format").
//!
//! Reading needs no lock: `vault.age` is only ever replaced by an atomic rename,
//! so a reader sees the old or the new file, never half of one. Writing is a
//! [`Transaction`]: take the exclusive lock, read the vault afresh, change it,
//! and commit (temp file, fsync, backup, rename, fsync the directory).
//!
//! What each file of the store can and cannot be trusted for, and what is not
//! yet checked (writers are not authenticated): SECURITY.md.

pub(crate) mod format;
pub(crate) mod fsutil;
pub(crate) mod merge;
pub(crate) mod model;
pub(crate) mod pins;
pub(crate) mod scopes;
pub(crate) mod signed;
pub(crate) mod team;
pub(crate) mod v2;

#[doc(hidden)]
pub use signed::{
    forge_manifest, forge_manifest_graft, forge_manifest_sealed, forge_manifest_sealing,
};

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use age::secrecy::SecretString;

use crate::crypto::{self, DecryptFailure, Identity, Recipient};
use crate::error::{Error, IoContext, Result};
use model::HeldValues;
pub(crate) use model::{SealedRecipient, Vault};

/// The identity, wrapped with the master password.
pub(crate) const IDENTITY_FILE: &str = "identity.age";
/// Who the vault is encrypted to.
pub(crate) const RECIPIENTS_FILE: &str = "recipients";
/// The encrypted payload.
pub(crate) const VAULT_FILE: &str = "vault.age";
/// The previous payload.
pub(crate) const BACKUP_FILE: &str = "vault.age.bak";
/// The file writers lock.
pub(crate) const LOCK_FILE: &str = "lock";

/// How long a writer waits for the lock by default.
pub(crate) const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// A store directory.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    /// A team store's personal directory (identity, audit log, locks,
    /// backup): outside the git work tree, see [`team_personal_dir`].
    personal: std::cell::RefCell<Option<PathBuf>>,
    lock_timeout: Duration,
    /// Warnings for the user from reading the store (an old manifest inside
    /// a git work tree); the command prints them.
    warnings: std::cell::RefCell<Vec<String>>,
}

impl Store {
    /// The store at `dir` (which may not exist yet).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        Store {
            personal: std::cell::RefCell::new(team_personal_dir(&dir)),
            dir,
            lock_timeout: DEFAULT_LOCK_TIMEOUT,
            warnings: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// Wait this long for the writer lock before giving up (exit 7).
    pub(crate) fn with_lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// A file of the store (a personal one in the personal directory of a
    /// team store).
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        match &*self.personal.borrow() {
            Some(p) if is_personal(name) => p.join(name),
            _ => self.dir.join(name),
        }
    }

    /// Where the personal files are: the store directory itself, or a team
    /// store's personal directory.
    pub(crate) fn personal_dir(&self) -> PathBuf {
        self.personal
            .borrow()
            .clone()
            .unwrap_or_else(|| self.dir.clone())
    }

    /// Whether this is a team store (shared files only in its directory).
    pub(crate) fn is_team(&self) -> bool {
        self.personal.borrow().is_some()
    }

    /// This store treated as the team store with personal directory
    /// `personal` (`team init` and `team join`, before it is recognised).
    pub(crate) fn with_personal(self, personal: PathBuf) -> Self {
        self.set_personal(personal);
        self
    }

    /// As `with_personal`, in place: the store just became a team store.
    pub(crate) fn set_personal(&self, personal: PathBuf) {
        *self.personal.borrow_mut() = Some(personal);
    }

    /// Whether a store has been created here.
    pub(crate) fn exists(&self) -> bool {
        self.path(IDENTITY_FILE).exists()
            || self.path(VAULT_FILE).exists()
            || self.path(v2::MANIFEST_FILE).exists()
    }

    /// A warning for the user (printed by the command).
    pub(crate) fn warn(&self, msg: String) {
        self.warnings.borrow_mut().push(msg);
    }

    /// The warnings gathered so far, taken.
    pub(crate) fn take_warnings(&self) -> Vec<String> {
        std::mem::take(&mut *self.warnings.borrow_mut())
    }

    /// Fail with "run `sesame init`" unless a store exists here.
    pub(crate) fn require(&self) -> Result<()> {
        if self.path(VAULT_FILE).is_file() || self.is_signed() {
            return Ok(());
        }
        Err(Error::NoStore {
            path: self.dir.clone(),
        })
    }

    /// Create a store: a new identity wrapped with `passphrase`, an empty vault
    /// encrypted to it. Either the whole store appears or nothing does.
    pub(crate) fn init(
        &self,
        passphrase: &SecretString,
        work_factor: u8,
        signed: bool,
    ) -> Result<Identity> {
        if self.exists() {
            return Err(Error::StoreExists {
                path: self.dir.clone(),
            });
        }
        let identity = Identity::generate();
        let wrapped = crypto::wrap_identity(&identity, passphrase, work_factor)
            .context(|| "could not wrap the new identity".into())?;
        let store_id = signed::new_store_id().context(|| "could not draw a store id".into())?;
        let manifest = v2::first_manifest(&identity, &store_id);
        let (recipients, data, data_file) = if signed {
            let bytes = manifest.to_bytes();
            let recipients = render_recipients(&v2::recipients_of(&manifest.members));
            (recipients, bytes, v2::MANIFEST_FILE)
        } else {
            let (recipients, vault) = first_vault(&identity)?;
            (recipients, vault, VAULT_FILE)
        };
        let files: [(&str, &[u8]); 4] = [
            (RECIPIENTS_FILE, recipients.as_bytes()),
            (LOCK_FILE, b""),
            (data_file, &data),
            (IDENTITY_FILE, &wrapped),
        ];

        let parent = match self.dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).context(|| format!("could not create {}", parent.display()))?;
        let staging = stage(&parent, &files)?;
        if self.empty_or_missing()? {
            // rename(2) replaces an empty directory atomically.
            let staged = staging.keep();
            fs::rename(&staged, &self.dir)
                .inspect_err(|_| {
                    let _ = fs::remove_dir_all(&staged);
                })
                .context(|| format!("could not create the store at {}", self.dir.display()))?;
        } else {
            self.move_in(staging.path(), &files)?;
        }
        fsutil::sync_dir(&self.dir).context(|| "could not sync the store".into())?;
        let _ = fsutil::sync_dir(&parent);
        if signed {
            v2::pin_new(self, &identity, &manifest)?;
        }
        Ok(identity)
    }

    /// Whether the store directory is absent or holds nothing (so a staged
    /// store can replace it whole).
    fn empty_or_missing(&self) -> Result<bool> {
        match fs::read_dir(&self.dir) {
            Ok(mut entries) => Ok(entries.next().is_none()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(true),
            Err(e) => Err(e).context(|| format!("could not read {}", self.dir.display())),
        }
    }

    /// Move the staged files into a directory with other files in it (a git
    /// checkout, say) one by one, identity.age last, so a store is complete or absent.
    fn move_in(&self, staging: &Path, files: &[(&str, &[u8])]) -> Result<()> {
        if let Some((name, _)) = files
            .iter()
            .find(|(n, _)| *n != LOCK_FILE && self.path(n).exists())
        {
            return Err(Error::corrupt(
                self.path(name),
                "in the way: the directory holds part of a store",
            ));
        }
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&self.dir, fs::Permissions::from_mode(fsutil::DIR_MODE))
            .context(|| format!("could not make {} private", self.dir.display()))?;
        for (name, _) in files {
            let target = self.path(name);
            fs::rename(staging.join(name), &target)
                .context(|| format!("could not create {}", target.display()))?;
        }
        Ok(())
    }

    /// Read `identity.age`.
    pub(crate) fn read_identity_file(&self) -> Result<Vec<u8>> {
        self.require()?;
        let p = self.path(IDENTITY_FILE);
        fs::read(&p).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound if self.is_team() => Error::Auth {
                what: format!(
                    "this machine has no key for the team store {}",
                    self.dir.display()
                ),
                hint: "join it: `sesame team join --admin FINGERPRINT` (ask an admin for the fingerprint), or set SESAME_IDENTITY_FILE to your key".into(),
            },
            io::ErrorKind::NotFound => Error::corrupt(&p, "missing"),
            _ => Error::Io {
                context: format!("could not read {}", p.display()),
                source: e,
            },
        })
    }

    /// Unwrap the store's identity with the master password.
    pub fn unwrap_identity(&self, passphrase: &SecretString) -> Result<Identity> {
        let path = self.path(IDENTITY_FILE);
        let bytes = self.read_identity_file()?;
        crypto::unwrap_identity(&bytes, passphrase).map_err(|f| match f {
            DecryptFailure::WrongPassphrase => Error::WrongPassword { path, typed: false },
            other => failure(other, path),
        })
    }

    /// The recipients the vault is encrypted to.
    pub fn recipients(&self) -> Result<Vec<Recipient>> {
        let p = self.path(RECIPIENTS_FILE);
        let text = fs::read_to_string(&p).context(|| format!("could not read {}", p.display()))?;
        let list = crypto::parse_recipients(&text).map_err(|e| Error::corrupt(&p, e))?;
        if list.is_empty() {
            return Err(Error::corrupt(
                &p,
                "empty (it must list at least the store's own key)",
            ));
        }
        Ok(list)
    }

    /// Decrypt and parse the vault (format 2: verified first).
    pub(crate) fn load(&self, identities: &[Identity]) -> Result<Vault> {
        self.require()?;
        if self.is_signed() {
            return self.load_signed(identities, None, v2::Parse::All);
        }
        v2::refuse_downgrade(self, identities)?;
        let path = self.path(VAULT_FILE);
        let bytes = fs::read(&path).context(|| format!("could not read {}", path.display()))?;
        self.decode(&bytes, identities)
    }

    /// Decrypt and parse names and metadata only, no values (`list`): a
    /// version's value is an empty stand-in, and signatures of versions are
    /// not read. The result must not be written back or handed out.
    pub(crate) fn load_metadata(&self, identities: &[Identity]) -> Result<v2::Listing> {
        self.require()?;
        if self.is_signed() {
            return self.list_signed(identities);
        }
        v2::refuse_downgrade(self, identities)?;
        let path = self.path(VAULT_FILE);
        let bytes = fs::read(&path).context(|| format!("could not read {}", path.display()))?;
        let plain = self.decrypt(&bytes, identities)?;
        let mut vault = format::decode_metadata(&plain, &path).map(unsigned)?;
        let runs = vec![std::mem::take(&mut vault.secrets)];
        Ok(v2::Listing { vault, runs })
    }

    /// Decrypt the vault and parse only the secrets `wanted` accepts: the fast
    /// path for reads of a few secrets. The result must not be written back.
    pub(crate) fn load_selected(
        &self,
        identities: &[Identity],
        wanted: &dyn Fn(&str) -> bool,
    ) -> Result<Vault> {
        self.require()?;
        if self.is_signed() {
            return self.load_signed(identities, None, v2::Parse::Selected(wanted));
        }
        v2::refuse_downgrade(self, identities)?;
        let path = self.path(VAULT_FILE);
        let bytes = fs::read(&path).context(|| format!("could not read {}", path.display()))?;
        let plain = self.decrypt(&bytes, identities)?;
        format::decode_selected(&plain, &path, wanted).map(unsigned)
    }

    /// Read only the named secrets: in a format-2 store, only their buckets
    /// are decrypted (the fast path of `get`).
    pub(crate) fn load_names(&self, identities: &[Identity], names: &[&str]) -> Result<Vault> {
        self.require()?;
        if self.is_signed() {
            return self.load_signed(identities, Some(names), v2::Parse::All);
        }
        self.load_selected(identities, &|n| names.contains(&n))
    }

    fn decode(&self, bytes: &[u8], identities: &[Identity]) -> Result<Vault> {
        let plain = self.decrypt(bytes, identities)?;
        format::decode(&plain, &self.path(VAULT_FILE)).map(unsigned)
    }

    fn decrypt(
        &self,
        bytes: &[u8],
        identities: &[Identity],
    ) -> Result<zeroize::Zeroizing<Vec<u8>>> {
        let path = self.path(VAULT_FILE);
        crypto::decrypt(bytes, identities).map_err(|f| match f {
            DecryptFailure::NoMatchingKey => {
                // The store's own key (first in the file) always is a recipient;
                // if it cannot open the file, the file is what is wrong. Any other
                // key may simply not be sealed yet (appended to the file by hand).
                let own = self
                    .recipients()
                    .unwrap_or_default()
                    .first()
                    .is_some_and(|r| identities.iter().any(|i| i.public() == r.to_string()));
                if own {
                    Error::corrupt(
                        &path,
                        "damaged or was tampered with (no recipient stanza opens)",
                    )
                } else {
                    Error::NotRecipient { path: path.clone() }
                }
            }
            other => failure(other, path.clone()),
        })
    }

    /// Start a write: take the lock, then read the vault as it is now.
    ///
    /// Refuses (exit 5) when the plain `recipients` file lists other keys than
    /// the list sealed inside the vault: encrypting to a key someone slipped into
    /// the file would hand them every secret.
    pub(crate) fn begin<'a>(&'a self, identities: &'a [Identity]) -> Result<Transaction<'a>> {
        let tx = self.begin_unchecked(identities)?;
        tx.check_recipients()?;
        Ok(tx)
    }

    /// As `begin`, reading only what writing `names` needs: in a format-2
    /// store, their buckets (`set`'s fast path).
    pub(crate) fn begin_names<'a>(
        &'a self,
        identities: &'a [Identity],
        names: &[&str],
    ) -> Result<Transaction<'a>> {
        let tx = self.begin_with(identities, Some(names))?;
        tx.check_recipients()?;
        Ok(tx)
    }

    /// Start a write without comparing the recipients file to the sealed list:
    /// for `recipients add/remove`, which are how a difference is settled
    /// (through `Context::begin_unchecked`, which seals the audit head).
    pub(crate) fn begin_unchecked<'a>(
        &'a self,
        identities: &'a [Identity],
    ) -> Result<Transaction<'a>> {
        self.begin_with(identities, None)
    }

    fn begin_with<'a>(
        &'a self,
        identities: &'a [Identity],
        names: Option<&[&str]>,
    ) -> Result<Transaction<'a>> {
        self.require()?;
        if self.is_team() {
            let personal = self.personal_dir();
            fsutil::private_dir(&personal)
                .context(|| format!("could not create {}", personal.display()))?;
        }
        let lock = fsutil::lock(&self.path(LOCK_FILE), self.lock_timeout)
            .context(|| format!("could not open {}", self.path(LOCK_FILE).display()))?
            .ok_or_else(|| Error::Busy {
                path: self.dir.clone(),
            })?;
        self.sweep_temp_files();
        if self.is_signed() {
            let (vault, state) = self.begin_signed(identities, names)?;
            let mut tx = Transaction {
                store: self,
                identities,
                _lock: lock,
                held: vault.held_values(),
                sealed_keys: Vec::new(),
                vault,
                rewrite_recipients: false,
                size_hint: 0,
                v2: Some(Box::new(state)),
            };
            tx.sealed_keys = tx.recipients()?.into_iter().map(|r| r.key).collect();
            return Ok(tx);
        }
        v2::refuse_downgrade(self, identities)?;
        let path = self.path(VAULT_FILE);
        let old = fs::read(&path).context(|| format!("could not read {}", path.display()))?;
        let plain = self.decrypt(&old, identities)?;
        let vault = unsigned(format::decode(&plain, &path)?);
        let mut tx = Transaction {
            store: self,
            identities,
            _lock: lock,
            held: vault.held_values(),
            sealed_keys: Vec::new(),
            vault,
            rewrite_recipients: false,
            size_hint: plain.len(),
            v2: None,
        };
        tx.sealed_keys = tx.recipients()?.into_iter().map(|r| r.key).collect();
        Ok(tx)
    }

    /// Take the writer lock and replace `identity.age` with `wrapped` (an
    /// identity wrapped with a new password), atomically. `passwd` uses this.
    pub(crate) fn replace_identity_file(&self, wrapped: &[u8]) -> Result<()> {
        self.require()?;
        let _lock = fsutil::lock(&self.path(LOCK_FILE), self.lock_timeout)
            .context(|| format!("could not open {}", self.path(LOCK_FILE).display()))?
            .ok_or_else(|| Error::Busy {
                path: self.dir.clone(),
            })?;
        fsutil::replace(&self.personal_dir(), IDENTITY_FILE, wrapped)
            .context(|| format!("could not replace {}", self.path(IDENTITY_FILE).display()))
    }
}

/// Files of a member, never shared: in a team store they live in the personal
/// directory, so no command makes one appear in `git status`.
pub(crate) fn is_personal(name: &str) -> bool {
    name == IDENTITY_FILE
        || name == LOCK_FILE
        || name == v2::MANIFEST_BACKUP
        || name.starts_with("audit.")
}

/// The personal directory of the team store with id `store_id`:
/// `$XDG_DATA_HOME/sesame/teams/<store id>/`.
pub(crate) fn personal_dir_for(store_id: &str) -> Option<PathBuf> {
    let valid = store_id.len() == 32 && signed::unhex::<16>(store_id).is_some();
    valid.then(|| dirs::data_dir().map(|d| d.join("sesame").join("teams").join(store_id)))?
}

/// Whether `dir` is a team store, and where its personal files are: a signed
/// store whose directory holds no `identity.age`, or one in a git work tree
/// whose store id has a personal directory here (a stray `identity.age`
/// pushed into a team store is then never read; the single-user store a team
/// store was made from, with the same id, stays as it was). The id is read
/// without checking signatures: it only says where to look; every command
/// verifies the manifest against the pins.
fn team_personal_dir(dir: &Path) -> Option<PathBuf> {
    let manifest = dir.join(v2::MANIFEST_FILE);
    if !manifest.is_file() {
        return None;
    }
    let personal = v2::unverified_store_id(&manifest).and_then(|id| personal_dir_for(&id));
    let has_identity = dir.join(IDENTITY_FILE).exists();
    if has_identity && !v2::in_git_work_tree(dir) {
        return None;
    }
    match personal {
        Some(p) if p.is_dir() => Some(p),
        // A store this machine joined whose manifest now names another store
        // (a rogue commit): its own personal directory, so that the manifest
        // is checked against this member's pins, and refused.
        other => team::joined_at(dir).or(other.filter(|_| !has_identity)),
    }
}

/// The recipients file and the encrypted empty vault of a new store, both
/// naming `identity` as the only (own) recipient.
fn first_vault(identity: &Identity) -> Result<(String, Vec<u8>)> {
    let sealed = vec![SealedRecipient {
        key: identity.public(),
        label: None,
    }];
    let recipients = render_recipients(&sealed);
    let vault = Vault {
        recipients: Some(sealed),
        ..Vault::default()
    };
    let vault = crypto::encrypt(&format::encode(&vault, 0), &[identity.recipient()])
        .context(|| "could not encrypt the new vault".into())?;
    Ok((recipients, vault))
}

/// A format-1 vault as read: it authenticates nothing, so whatever author
/// fields it holds (anyone could have written them) are dropped.
fn unsigned(mut vault: Vault) -> Vault {
    for secret in vault.secrets.values_mut() {
        secret.policy_author = None;
        secret.policy_signature = None;
        for v in &mut secret.versions {
            v.author = None;
            v.signature = None;
        }
    }
    vault
}

/// Build the store in a private temp directory beside it, to be moved in.
fn stage(parent: &Path, files: &[(&str, &[u8])]) -> Result<tempfile::TempDir> {
    use std::os::unix::fs::PermissionsExt;
    let staging = tempfile::Builder::new()
        .prefix(".sesame-init.")
        .permissions(fs::Permissions::from_mode(fsutil::DIR_MODE))
        .tempdir_in(parent)
        .context(|| format!("could not create a directory in {}", parent.display()))?;
    for (name, bytes) in files {
        let p = staging.path().join(name);
        fsutil::write_new_private(&p, bytes)
            .context(|| format!("could not write {}", p.display()))?;
    }
    fsutil::sync_dir(staging.path()).context(|| "could not sync the new store".into())?;
    Ok(staging)
}

impl Store {
    /// Wrap `identity` with a new password and replace `identity.age` (`passwd`).
    pub(crate) fn rewrap_identity(
        &self,
        identity: &Identity,
        passphrase: &SecretString,
        work_factor: u8,
    ) -> Result<()> {
        let wrapped = crypto::wrap_identity(identity, passphrase, work_factor)
            .context(|| "could not wrap the identity".into())?;
        self.replace_identity_file(&wrapped)
    }

    /// Whether one of `identities` is the store's own key (first in the
    /// recipients file). A quick check before asking for anything; `rekey`
    /// checks again against the sealed list under the lock.
    pub(crate) fn is_own(&self, identities: &[Identity]) -> Result<bool> {
        if self.is_signed() {
            let opened = self.open_signed(identities)?;
            let members = &opened.manifest.members;
            return Ok(identities.iter().any(|i| {
                members
                    .member(signed::Signer::derive(i).id())
                    .is_some_and(|m| !m.revoked && m.role == signed::Role::Admin)
            }));
        }
        let list = self.recipients()?;
        Ok(list
            .first()
            .is_some_and(|own| identities.iter().any(|i| i.public() == own.to_string())))
    }

    /// Replace the store's own identity with a new one wrapped with
    /// `passphrase`, and re-encrypt the vault (and its backup) to it and the
    /// other recipients. Returns the old own key, the new identity and how
    /// many other recipients there are.
    ///
    /// Done in three durable steps so that a crash at any point leaves a store
    /// that its `identity.age` opens: the vault is first encrypted to the new
    /// and the old key, then `identity.age` is replaced, then the old key is
    /// dropped and the backup overwritten.
    pub(crate) fn rekey(
        &self,
        identities: &[Identity],
        passphrase: &SecretString,
        work_factor: u8,
    ) -> Result<(String, Identity, usize)> {
        if self.is_signed() {
            return self.rekey_signed(identities, passphrase, work_factor);
        }
        let mut tx = self.begin(identities)?;
        let list = tx.recipients()?;
        let Some(own) = list.first().cloned() else {
            return Err(Error::corrupt(
                self.path(RECIPIENTS_FILE),
                "empty (it must list at least the store's own key)",
            ));
        };
        // Only the owner may replace identity.age: a CI key can read and write
        // secrets, but must not be able to lock the owner out.
        if !identities.iter().any(|i| i.public() == own.key) {
            return Err(not_owner());
        }
        let new = Identity::generate();
        let wrapped = crypto::wrap_identity(&new, passphrase, work_factor)
            .context(|| "could not wrap the new identity".into())?;
        let entry = SealedRecipient {
            key: new.public(),
            label: own.label.clone(),
        };
        let others: Vec<SealedRecipient> = list.iter().skip(1).cloned().collect();

        let mut both = vec![entry.clone(), own.clone()];
        both.extend(others.iter().cloned());
        tx.set_recipients(both);
        tx.write()?;
        tx.replace_identity_file(&wrapped)?;
        let mut after = vec![entry];
        after.extend(others.iter().cloned());
        tx.set_recipients(after);
        // The old key is gone from the list: this write scrubs the backup too.
        tx.write()?;
        Ok((own.key, new, others.len()))
    }
}

impl Store {
    /// `rekey` of a format-2 store: the new key becomes an admin member (first),
    /// the buckets are encrypted to it and the old key, `identity.age` is
    /// replaced, then the old key is marked revoked in the member list (its
    /// signatures stop counting) and everything is signed and encrypted anew.
    fn rekey_signed(
        &self,
        identities: &[Identity],
        passphrase: &SecretString,
        work_factor: u8,
    ) -> Result<(String, Identity, usize)> {
        let mut tx = self.begin(identities)?;
        let Some(state) = tx.v2.as_mut() else {
            return Err(Error::Other("not a signed store".into()));
        };
        if !state.signer_is_admin() {
            return Err(not_owner());
        }
        let Some(old) = state.me().cloned() else {
            return Err(not_owner());
        };
        let new = Identity::generate();
        let wrapped = crypto::wrap_identity(&new, passphrase, work_factor)
            .context(|| "could not wrap the new identity".into())?;
        let new_signer = signed::Signer::derive(&new);
        state.add_member(
            signed::Member::for_signer(&new_signer, new.public(), signed::Role::Admin, old.name),
            true,
        )?;
        tx.rewrite_recipients = true;
        tx.write()?;
        tx.replace_identity_file(&wrapped)?;
        if let Some(state) = tx.v2.as_mut() {
            state.revoke_member(&old.id);
            state.set_signer(new_signer);
        }
        // The old key is gone from the list: this write scrubs the backup too.
        tx.write()?;
        let others = tx.recipients()?.len().saturating_sub(1);
        Ok((old.recipient, new, others))
    }
}

/// `rekey` by a key that is not the store's own.
pub(crate) fn not_owner() -> Error {
    Error::Auth {
        what: "rekey needs the store's own identity, and this unlock used another key".into(),
        hint: "unset SESAME_IDENTITY / SESAME_IDENTITY_FILE and unlock with the master password"
            .into(),
    }
}

/// The recipients file for a sealed list: a header, then each key, its label
/// as a comment line above it. Full-line comments only, so that the reference
/// `age -R recipients` reads the file as it is.
pub(crate) fn render_recipients(list: &[SealedRecipient]) -> String {
    let mut out = String::from(
        "# Recipients the vault is encrypted to, one per line; the first is this store's own key.\n\
         # Change them with `sesame recipients add/remove`: sesame refuses to write while this\n\
         # file differs from the list sealed inside vault.age.\n",
    );
    for r in list {
        if let Some(label) = &r.label {
            out.push_str("# ");
            out.push_str(&label.replace(['\n', '\r'], " "));
            out.push('\n');
        }
        out.push_str(&r.key);
        out.push('\n');
    }
    out
}

/// Keys in the file but not sealed, and keys sealed but not in the file.
fn differences(file: &[String], sealed: &[String]) -> (Vec<String>, Vec<String>) {
    let unsealed = file
        .iter()
        .filter(|k| !sealed.contains(k))
        .cloned()
        .collect();
    let missing = sealed
        .iter()
        .filter(|k| !file.contains(k))
        .cloned()
        .collect();
    (unsealed, missing)
}

impl Store {
    /// Remove temp files that a writer killed mid-write left behind. Only called
    /// under the writer lock, when no other writer can be using one.
    fn sweep_temp_files(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') && name.ends_with(".tmp") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

fn failure(f: DecryptFailure, path: PathBuf) -> Error {
    match f {
        DecryptFailure::WrongPassphrase => Error::WrongPassword { path, typed: false },
        DecryptFailure::NoMatchingKey => Error::NotRecipient { path },
        DecryptFailure::ExcessiveWork(n) => Error::corrupt(
            path,
            format!(
                "protected with scrypt work factor {n}, more than the {} sesame accepts",
                crypto::MAX_WORK_FACTOR
            ),
        ),
        DecryptFailure::Damaged(why) => Error::corrupt(path, why),
    }
}

/// A write in progress: holds the lock until committed or dropped.
///
/// It notes at `begin` which versions hold a value and which keys are sealed,
/// so that `commit` itself knows when the write wiped a value or removed a
/// recipient; then the backup gets the new vault too, and no file of the store
/// keeps what was taken out.
#[derive(Debug)]
pub(crate) struct Transaction<'a> {
    store: &'a Store,
    identities: &'a [Identity],
    _lock: fsutil::WriteLock,
    /// The vault as read under the lock; change it, then commit.
    pub(crate) vault: Vault,
    held: HeldValues,
    sealed_keys: Vec<String>,
    rewrite_recipients: bool,
    size_hint: usize,
    /// Format 2: the verified manifest, the signer, what was read.
    pub(crate) v2: Option<Box<v2::V2>>,
}

impl Transaction<'_> {
    /// The sealed recipient list; for a vault written before lists were sealed,
    /// the recipients file (sealed at the next commit).
    pub(crate) fn recipients(&self) -> Result<Vec<SealedRecipient>> {
        if let Some(state) = &self.v2 {
            return Ok(v2::recipients_of(&state.members));
        }
        if let Some(list) = &self.vault.recipients {
            return Ok(list.clone());
        }
        Ok(self
            .store
            .recipients()?
            .iter()
            .map(|r| SealedRecipient {
                key: r.to_string(),
                label: None,
            })
            .collect())
    }

    /// Replace the recipient list: sealed in the vault and written to the
    /// recipients file at commit.
    pub(crate) fn set_recipients(&mut self, list: Vec<SealedRecipient>) {
        if let Some(state) = &mut self.v2 {
            state.set_recipients(&list);
        }
        self.vault.recipients = Some(list);
        self.rewrite_recipients = true;
    }

    /// Keys in the recipients file but not in the sealed list, and the reverse.
    pub(crate) fn recipient_differences(&self) -> Result<(Vec<String>, Vec<String>)> {
        let file: Vec<String> = self
            .store
            .recipients()?
            .iter()
            .map(ToString::to_string)
            .collect();
        let sealed: Vec<String> = self.recipients()?.into_iter().map(|r| r.key).collect();
        Ok(differences(&file, &sealed))
    }

    /// The plain recipients file of the store.
    pub(crate) fn recipients_path(&self) -> PathBuf {
        self.store.path(RECIPIENTS_FILE)
    }

    fn check_recipients(&self) -> Result<()> {
        let (unsealed, missing) = self.recipient_differences()?;
        if unsealed.is_empty() && missing.is_empty() {
            return Ok(());
        }
        Err(Error::RecipientsChanged {
            path: self.store.path(RECIPIENTS_FILE),
            unsealed,
            missing,
        })
    }

    /// Encrypt and write the vault; the replaced one becomes `vault.age.bak`,
    /// unless this write wiped a value or removed a recipient: then the backup
    /// is the new vault too.
    pub(crate) fn commit(mut self) -> Result<()> {
        self.write()
    }

    /// Whether writing `list` as the recipients takes out something the
    /// backup would keep: a value held at `begin`, or a key sealed then.
    fn wipes(&self, list: &[SealedRecipient]) -> bool {
        self.held.any_gone_from(&self.vault)
            || self
                .sealed_keys
                .iter()
                .any(|k| !list.iter().any(|r| &r.key == k))
    }

    /// Write the vault now and keep the transaction (and its lock) open: the
    /// step of `commit`, and of `rekey`'s several durable steps.
    fn write(&mut self) -> Result<()> {
        let store = self.store;
        let dir = store.dir();
        let list = self.recipients()?;
        if self.v2.is_some() {
            let scrub = self.wipes(&list);
            if let Some(state) = &mut self.v2 {
                v2::write_signed(store, self.identities, &mut self.vault, state, scrub)?;
            }
            self.vault.recipients = Some(list.clone());
            if self.rewrite_recipients {
                fsutil::replace(dir, RECIPIENTS_FILE, render_recipients(&list).as_bytes())
                    .context(|| {
                        format!("could not write {}", store.path(RECIPIENTS_FILE).display())
                    })?;
            }
            return Ok(());
        }
        let recipients: Vec<Recipient> = list
            .iter()
            .map(|r| Recipient::parse(&r.key))
            .collect::<Result<_, _>>()
            .map_err(|e| {
                Error::corrupt(
                    store.path(VAULT_FILE),
                    format!("seals a bad recipient: {e}"),
                )
            })?;
        if recipients.is_empty() {
            return Err(Error::corrupt(
                store.path(RECIPIENTS_FILE),
                "empty (it must list at least the store's own key)",
            ));
        }
        // A vault from before sealing gets the list it is encrypted to sealed now.
        if self.vault.recipients.is_none() {
            self.vault.recipients = Some(list.clone());
        }
        let scrub = self.wipes(&list);
        let plain = format::encode(&self.vault, self.size_hint);
        let sealed = crypto::encrypt(&plain, &recipients)
            .context(|| "could not encrypt the vault".into())?;
        let io_ctx = || format!("could not write the vault in {}", dir.display());
        let staged = fsutil::stage(dir, VAULT_FILE, &sealed).context(io_ctx)?;
        let vault_path = store.path(VAULT_FILE);
        if !scrub {
            // The file about to be replaced becomes the backup: a hard link, no copy.
            fsutil::replace_with_link(dir, &vault_path, BACKUP_FILE).context(io_ctx)?;
        }
        staged
            .persist(&vault_path)
            .map_err(|e| e.error)
            .context(io_ctx)?;
        if scrub {
            fsutil::replace_with_link(dir, &vault_path, BACKUP_FILE).context(io_ctx)?;
        }
        if self.rewrite_recipients {
            // After the vault: a crash in between leaves a difference that the
            // next write reports, never a vault that its listed keys cannot open.
            fsutil::replace(dir, RECIPIENTS_FILE, render_recipients(&list).as_bytes())
                .context(|| format!("could not write {}", store.path(RECIPIENTS_FILE).display()))?;
        }
        fsutil::sync_dir(dir).context(io_ctx)?;
        Ok(())
    }

    /// Replace `identity.age` under this transaction's lock (`rekey`).
    fn replace_identity_file(&self, wrapped: &[u8]) -> Result<()> {
        fsutil::replace(&self.store.personal_dir(), IDENTITY_FILE, wrapped).context(|| {
            format!(
                "could not replace {}",
                self.store.path(IDENTITY_FILE).display()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::SecretValue;

    /// `write` commits one change and says whether the backup kept the
    /// previous vault (`false`: it got the new one, scrubbed).
    #[test]
    fn commit_scrubs_the_backup_exactly_when_a_value_or_recipient_goes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join("store"));
        pins::use_state_dir(&dir.path().join("state"));
        let own = store
            .init(&SecretString::from("pw".to_owned()), 1, true)
            .unwrap();
        let ids = std::slice::from_ref(&own);
        let now = jiff::Timestamp::now();
        let write = |change: &dyn Fn(&mut Transaction<'_>)| -> bool {
            let before = fs::read(store.path(v2::MANIFEST_FILE)).unwrap();
            let mut tx = store.begin(ids).unwrap();
            tx.vault.max_versions = 2;
            change(&mut tx);
            tx.commit().unwrap();
            let backup = fs::read(store.path(v2::MANIFEST_BACKUP)).unwrap();
            if backup == before {
                return true;
            }
            assert_eq!(backup, fs::read(store.path(v2::MANIFEST_FILE)).unwrap());
            false
        };
        let push = |name: &'static str, value: &'static str| {
            move |tx: &mut Transaction<'_>| {
                let max = tx.vault.max_versions;
                tx.vault
                    .secrets
                    .entry(name.into())
                    .or_insert_with(|| model::Secret::new(now))
                    .push_value(SecretValue::new(value.into()), None, now, max);
            }
        };
        assert!(write(&push("a", "one")), "a new value");
        assert!(write(&push("a", "two")), "a second, within max_versions");
        assert!(!write(&push("a", "three")), "one dropped past max_versions");
        assert!(write(&push("b", "x")), "another secret");
        assert!(
            !write(&|tx| {
                let v = &mut tx.vault.secrets.get_mut("a").unwrap().versions[0];
                v.state = model::State::Revoked;
                v.value = None;
            }),
            "a value revoked"
        );
        assert!(
            !write(&|tx| {
                tx.vault.secrets.remove("b");
            }),
            "a secret removed"
        );
        let other = SealedRecipient {
            key: Identity::generate().public(),
            label: None,
        };
        let with_other = {
            let mut list = store.begin(ids).unwrap().recipients().unwrap();
            list.push(other);
            list
        };
        let only_own = with_other[..1].to_vec();
        assert!(
            write(&|tx| tx.set_recipients(with_other.clone())),
            "a recipient added"
        );
        assert!(
            !write(&|tx| tx.set_recipients(only_own.clone())),
            "a recipient removed"
        );
        assert!(write(&|_| ()), "nothing changed");
    }

    #[test]
    fn rendered_recipients_parse_back_and_differences_name_keys() {
        let a = Identity::generate().public();
        let b = Identity::generate().public();
        let list = vec![
            SealedRecipient {
                key: a.clone(),
                label: None,
            },
            SealedRecipient {
                key: b.clone(),
                label: Some("ci\nsneaky-line".into()),
            },
        ];
        let text = render_recipients(&list);
        let parsed: Vec<String> = crypto::parse_recipients(&text)
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(parsed, vec![a.clone(), b.clone()]);
        let (unsealed, missing) = differences(std::slice::from_ref(&a), &[a.clone(), b.clone()]);
        assert!(unsealed.is_empty());
        assert_eq!(missing, vec![b.clone()]);
        let (unsealed, missing) = differences(&[a.clone(), b.clone()], &[a]);
        assert_eq!(unsealed, vec![b]);
        assert!(missing.is_empty());
    }
}
