//! The store: a directory of age files (DESIGN "Store format").
//!
//! Reading needs no lock: `vault.age` is only ever replaced by an atomic rename,
//! so a reader sees the old or the new file, never half of one. Writing is a
//! [`Transaction`]: take the exclusive lock, read the vault afresh, change it,
//! and commit (temp file, fsync, backup, rename, fsync the directory).

pub mod format;
pub mod fsutil;
pub mod model;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use age::secrecy::SecretString;

use crate::crypto::{self, DecryptFailure, Identity, Recipient};
use crate::error::{Error, IoContext, Result};
pub use model::Vault;

/// The identity, wrapped with the master password.
pub const IDENTITY_FILE: &str = "identity.age";
/// Who the vault is encrypted to.
pub const RECIPIENTS_FILE: &str = "recipients";
/// The encrypted payload.
pub const VAULT_FILE: &str = "vault.age";
/// The previous payload.
pub const BACKUP_FILE: &str = "vault.age.bak";
/// The file writers lock.
pub const LOCK_FILE: &str = "lock";

/// How long a writer waits for the lock by default.
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// A store directory.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    lock_timeout: Duration,
}

impl Store {
    /// The store at `dir` (which may not exist yet).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Store {
            dir: dir.into(),
            lock_timeout: DEFAULT_LOCK_TIMEOUT,
        }
    }

    /// Wait this long for the writer lock before giving up (exit 7).
    pub fn with_lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    /// The store directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A file of the store.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Whether a store has been created here.
    pub fn exists(&self) -> bool {
        self.path(IDENTITY_FILE).exists() || self.path(VAULT_FILE).exists()
    }

    /// Fail with "run `sesame init`" unless a store exists here.
    pub fn require(&self) -> Result<()> {
        if self.path(VAULT_FILE).is_file() {
            return Ok(());
        }
        Err(Error::NoStore {
            path: self.dir.clone(),
        })
    }

    /// Create a store: a new identity wrapped with `passphrase`, an empty vault
    /// encrypted to it. Either the whole store appears or nothing does.
    pub fn init(&self, passphrase: &SecretString, work_factor: u8) -> Result<Identity> {
        if self.exists() {
            return Err(Error::StoreExists {
                path: self.dir.clone(),
            });
        }
        let identity = Identity::generate();
        let wrapped = crypto::wrap_identity(&identity, passphrase, work_factor)
            .context(|| "could not wrap the new identity".into())?;
        let recipients = format!(
            "# Recipients the vault is encrypted to, one per line. The first is this store's own identity.\n{}\n",
            identity.public()
        );
        let vault = crypto::encrypt(
            &format::encode(&Vault::default(), 0),
            &[identity.recipient()],
        )
        .context(|| "could not encrypt the new vault".into())?;

        let parent = match self.dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).context(|| format!("could not create {}", parent.display()))?;
        // Build the store in a private temp directory beside it, then move it in.
        use std::os::unix::fs::PermissionsExt;
        let staging = tempfile::Builder::new()
            .prefix(".sesame-init.")
            .permissions(fs::Permissions::from_mode(fsutil::DIR_MODE))
            .tempdir_in(&parent)
            .context(|| format!("could not create a directory in {}", parent.display()))?;
        let files: [(&str, &[u8]); 4] = [
            (RECIPIENTS_FILE, recipients.as_bytes()),
            (LOCK_FILE, b""),
            (VAULT_FILE, &vault),
            (IDENTITY_FILE, &wrapped),
        ];
        for (name, bytes) in files {
            let p = staging.path().join(name);
            fsutil::write_new_private(&p, bytes)
                .context(|| format!("could not write {}", p.display()))?;
        }
        fsutil::sync_dir(staging.path()).context(|| "could not sync the new store".into())?;

        let empty_or_missing = match fs::read_dir(&self.dir) {
            Ok(mut entries) => entries.next().is_none(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => true,
            Err(e) => {
                return Err(e).context(|| format!("could not read {}", self.dir.display()));
            }
        };
        if empty_or_missing {
            // rename(2) replaces an empty directory atomically.
            let staged = staging.keep();
            fs::rename(&staged, &self.dir)
                .inspect_err(|_| {
                    let _ = fs::remove_dir_all(&staged);
                })
                .context(|| format!("could not create the store at {}", self.dir.display()))?;
        } else {
            // A directory with other files in it (a git checkout, say): move the
            // files in one by one, identity.age last, so a store is complete or absent.
            if let Some((name, _)) = files
                .iter()
                .find(|(n, _)| *n != LOCK_FILE && self.path(n).exists())
            {
                return Err(Error::corrupt(
                    self.path(name),
                    "in the way: the directory holds part of a store",
                ));
            }
            fs::set_permissions(&self.dir, fs::Permissions::from_mode(fsutil::DIR_MODE))
                .context(|| format!("could not make {} private", self.dir.display()))?;
            for (name, _) in files {
                let target = self.path(name);
                fs::rename(staging.path().join(name), &target)
                    .context(|| format!("could not create {}", target.display()))?;
            }
        }
        fsutil::sync_dir(&self.dir).context(|| "could not sync the store".into())?;
        let _ = fsutil::sync_dir(&parent);
        Ok(identity)
    }

    /// Read `identity.age`.
    pub fn read_identity_file(&self) -> Result<Vec<u8>> {
        self.require()?;
        let p = self.path(IDENTITY_FILE);
        fs::read(&p).map_err(|e| match e.kind() {
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
            DecryptFailure::WrongPassphrase => Error::WrongPassword { path },
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

    /// Decrypt and parse the vault.
    pub fn load(&self, identities: &[Identity]) -> Result<Vault> {
        self.require()?;
        let path = self.path(VAULT_FILE);
        let bytes = fs::read(&path).context(|| format!("could not read {}", path.display()))?;
        self.decode(&bytes, identities)
    }

    /// Decrypt the vault and parse only the secrets `wanted` accepts: the fast
    /// path for reads of a few secrets. The result must not be written back.
    pub fn load_selected(
        &self,
        identities: &[Identity],
        wanted: &dyn Fn(&str) -> bool,
    ) -> Result<Vault> {
        self.require()?;
        let path = self.path(VAULT_FILE);
        let bytes = fs::read(&path).context(|| format!("could not read {}", path.display()))?;
        let plain = self.decrypt(&bytes, identities)?;
        format::decode_selected(&plain, &path, wanted)
    }

    fn decode(&self, bytes: &[u8], identities: &[Identity]) -> Result<Vault> {
        let plain = self.decrypt(bytes, identities)?;
        format::decode(&plain, &self.path(VAULT_FILE))
    }

    fn decrypt(
        &self,
        bytes: &[u8],
        identities: &[Identity],
    ) -> Result<zeroize::Zeroizing<Vec<u8>>> {
        let path = self.path(VAULT_FILE);
        crypto::decrypt(bytes, identities).map_err(|f| match f {
            DecryptFailure::NoMatchingKey => {
                // Our own key always is a recipient; if the key in hand is listed
                // and still cannot open the file, the file is what is wrong.
                let listed = self
                    .recipients()
                    .unwrap_or_default()
                    .iter()
                    .any(|r| identities.iter().any(|i| i.public() == r.to_string()));
                if listed {
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
    pub fn begin<'a>(&'a self, identities: &'a [Identity]) -> Result<Transaction<'a>> {
        self.require()?;
        let lock = fsutil::lock(&self.path(LOCK_FILE), self.lock_timeout)
            .context(|| format!("could not open {}", self.path(LOCK_FILE).display()))?
            .ok_or_else(|| Error::Busy {
                path: self.dir.clone(),
            })?;
        self.sweep_temp_files();
        let path = self.path(VAULT_FILE);
        let old = fs::read(&path).context(|| format!("could not read {}", path.display()))?;
        let plain = self.decrypt(&old, identities)?;
        let vault = format::decode(&plain, &path)?;
        Ok(Transaction {
            store: self,
            _lock: lock,
            vault,
            size_hint: plain.len(),
        })
    }
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
        DecryptFailure::WrongPassphrase => Error::WrongPassword { path },
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
#[derive(Debug)]
pub struct Transaction<'a> {
    store: &'a Store,
    _lock: fsutil::WriteLock,
    /// The vault as read under the lock; change it, then commit.
    pub vault: Vault,
    size_hint: usize,
}

impl Transaction<'_> {
    /// Encrypt and write the vault; the replaced one becomes `vault.age.bak`.
    pub fn commit(self) -> Result<()> {
        self.write(false)
    }

    /// As `commit`, but the backup gets the new vault too, so that no file of the
    /// store holds what was removed (revoked or deleted values).
    pub fn commit_scrubbing_backup(self) -> Result<()> {
        self.write(true)
    }

    fn write(self, scrub: bool) -> Result<()> {
        let store = self.store;
        let dir = store.dir();
        let recipients = store.recipients()?;
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
        fsutil::sync_dir(dir).context(io_ctx)?;
        Ok(())
    }
}
