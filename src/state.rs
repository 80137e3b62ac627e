//! This machine's own record of what its user trusts and has seen: approved
//! project files, approved stored commands, the last store generation seen.
//!
//! It lives under `$XDG_STATE_HOME/sesame/` (`~/.local/state/sesame/` when the
//! variable is unset; the platform's local data directory where there is no
//! state directory), never inside a store or a git tree, so that nothing a
//! shared file can hold decides what this machine trusts. The directory is
//! 0700 and every file in it 0600; a directory or file that another user can
//! write is refused (SECURITY.md, "Keys and files"). Files are replaced
//! atomically (temp file, fsync, rename), so a crash leaves the old record or
//! the new one, never half of either.
//!
//! Each kind of record has its own file, named by the module that owns it
//! (for instance `projects` for approved project files): see [`State::read`]
//! and [`State::replace`]. What a file holds is that module's business.
//! Records that must not be forged by another program (approved commands, the
//! last generation seen) are sealed with [`StateKey`], an HMAC key derived from
//! the identity that unlocked the store: [`State::read_sealed`] and
//! [`State::replace_sealed`].

// The approvals and freshness records that use this land with issues 12 and 13.
#![allow(dead_code)]

use std::fs::{self, DirBuilder, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::crypto::Identity;
use crate::error::{Error, Result};
use crate::vault::fsutil;

type HmacSha256 = Hmac<Sha256>;

/// The key that seals this machine's records: HKDF-SHA-256 of the identity's
/// secret, a key for nothing else. `Debug` shows nothing of it.
pub(crate) struct StateKey {
    mac: HmacSha256,
}

impl std::fmt::Debug for StateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StateKey(***)")
    }
}

impl StateKey {
    pub(crate) fn derive(identity: &Identity) -> StateKey {
        use age::secrecy::ExposeSecret;
        let secret = identity.secret_string();
        let hk = Hkdf::<Sha256>::new(
            Some(b"sesame local state v1"),
            secret.expose_secret().as_bytes(),
        );
        let mut bytes = Zeroizing::new([0u8; 32]);
        // HKDF-SHA-256 can expand up to 255 * 32 bytes; 32 always succeeds.
        if hk.expand(b"hmac-sha256 key", &mut *bytes).is_err() {
            unreachable!("HKDF-SHA-256 expands to 32 bytes");
        }
        let mac = match HmacSha256::new_from_slice(&*bytes) {
            Ok(m) => m,
            Err(_) => unreachable!("HMAC accepts any key length"),
        };
        StateKey { mac }
    }

    /// The tag of record file `name` holding `payload` (the name is bound in,
    /// so one sealed file can't be passed off as another).
    fn tag(&self, name: &str, payload: &[u8]) -> [u8; 32] {
        let mut m = self.mac.clone();
        m.update(name.as_bytes());
        m.update(&[0]);
        m.update(payload);
        m.finalize().into_bytes().into()
    }
}

/// First line of a sealed record: this, then the tag in hex.
const SEAL_PREFIX: &str = "sesame-sealed-1 ";

/// The local state directory of this machine's user.
#[derive(Debug, Clone)]
pub(crate) struct State {
    dir: PathBuf,
}

impl State {
    /// The state directory named by the environment (not created yet).
    pub(crate) fn locate() -> Result<State> {
        let base = dirs::state_dir()
            .or_else(dirs::data_local_dir)
            .ok_or_else(|| {
                Error::Other("no local state directory: set XDG_STATE_HOME or HOME".to_string())
            })?;
        let state = State::at(base.join("sesame"));
        state.check_place()?;
        Ok(state)
    }

    /// Refuse (exit 5) a state directory inside a git work tree (below your
    /// home directory: a home kept in git is allowed) or inside the store:
    /// a checkout or a shared store could then carry this machine's records.
    fn check_place(&self) -> Result<()> {
        let real = real_path(&self.dir);
        let home = dirs::home_dir().map(|h| real_path(&h));
        let refuse = |reason: String| Error::Unsafe {
            path: self.dir.clone(),
            reason,
        };
        for dir in real.ancestors() {
            if home.as_deref() == Some(dir) {
                break;
            }
            if fs::symlink_metadata(dir.join(".git")).is_ok() {
                return Err(refuse(format!(
                    "is inside the git work tree {}, which a repository could fill with records; set XDG_STATE_HOME outside it",
                    dir.display()
                )));
            }
        }
        let store = std::env::var_os(crate::commands::ENV_STORE)
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| crate::commands::default_store_dir().ok());
        if let Some(store) = store.map(|s| real_path(&s))
            && real.starts_with(&store)
        {
            return Err(refuse(format!(
                "is inside the store {}, which others can write; set XDG_STATE_HOME outside it",
                store.display()
            )));
        }
        Ok(())
    }

    /// A state directory at `dir` (tests, and [`State::locate`]).
    pub(crate) fn at(dir: impl Into<PathBuf>) -> State {
        State { dir: dir.into() }
    }

    /// Where the directory is.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// The bytes of record file `name`, or `None` when it does not exist yet.
    /// Refused when the directory or the file can be written by another user.
    pub(crate) fn read(&self, name: &str) -> Result<Option<Vec<u8>>> {
        if !self.dir.exists() {
            return Ok(None);
        }
        check_private(&self.dir, true)?;
        let path = self.dir.join(name);
        let mut file = match OpenOptions::new()
            .read(true)
            .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
            .open(&path)
        {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_error(&path, e)),
        };
        let meta = file.metadata().map_err(|e| io_error(&path, e))?;
        check_mode(&path, &meta, false)?;
        if meta.mode() & 0o044 != 0 {
            static WARNED: std::sync::Once = std::sync::Once::new();
            WARNED.call_once(|| {
                crate::stderr_line!(
                    "sesame: warning: {} can be read by other users; run `chmod 600 {}`",
                    path.display(),
                    path.display()
                );
            });
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|e| io_error(&path, e))?;
        Ok(Some(bytes))
    }

    /// Replace record file `name` with `bytes`, atomically and durably,
    /// creating the directory (0700) first if needed.
    pub(crate) fn replace(&self, name: &str, bytes: &[u8]) -> Result<()> {
        self.create()?;
        fsutil::replace(&self.dir, name, bytes).map_err(|e| io_error(&self.dir.join(name), e))
    }

    /// Whether `bytes` (a record file as read) has the shape of a sealed
    /// record; whether its tag checks is [`State::read_sealed`]'s business.
    pub(crate) fn is_sealed(bytes: &[u8]) -> bool {
        bytes.starts_with(SEAL_PREFIX.as_bytes())
    }

    /// The payload of sealed record `name`, or `None` when it does not exist.
    /// A record whose tag does not check (another program wrote it, or another
    /// identity sealed it) is refused, exit 5.
    pub(crate) fn read_sealed(&self, name: &str, key: &StateKey) -> Result<Option<Vec<u8>>> {
        let Some(bytes) = self.read(name)? else {
            return Ok(None);
        };
        let path = self.dir.join(name);
        let forged = || Error::Unsafe {
            path: path.clone(),
            reason: "was not sealed by your identity (another program wrote it, or a \
                     different identity unlocked this store); remove it to start afresh"
                .to_string(),
        };
        let newline = bytes.iter().position(|&b| b == b'\n').ok_or_else(forged)?;
        let head = std::str::from_utf8(&bytes[..newline]).map_err(|_| forged())?;
        let hex = head.strip_prefix(SEAL_PREFIX).ok_or_else(forged)?;
        let payload = &bytes[newline + 1..];
        let mut got = [0u8; 32];
        if hex.len() != 64 {
            return Err(forged());
        }
        for (i, byte) in got.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| forged())?;
        }
        // Constant time: the tag of another file must not be found byte by byte.
        let mut m = key.mac.clone();
        m.update(name.as_bytes());
        m.update(&[0]);
        m.update(payload);
        m.verify_slice(&got).map_err(|_| forged())?;
        Ok(Some(payload.to_vec()))
    }

    /// Replace sealed record `name` with `payload`, tagged with `key`.
    pub(crate) fn replace_sealed(&self, name: &str, payload: &[u8], key: &StateKey) -> Result<()> {
        let bytes = self.sealed_bytes(name, payload, key);
        self.replace(name, &bytes)
    }

    /// As `replace_sealed`, without waiting for the rename to reach the disk
    /// (the file itself is fsynced first): after a crash the record is the
    /// new one or the previous one, never half of either. For records where
    /// the previous one is a safe fallback (the last manifest seen: an older
    /// one still has the newer store among its descendants).
    pub(crate) fn replace_sealed_relaxed(
        &self,
        name: &str,
        payload: &[u8],
        key: &StateKey,
    ) -> Result<()> {
        self.create()?;
        let bytes = self.sealed_bytes(name, payload, key);
        let path = self.dir.join(name);
        fsutil::stage(&self.dir, name, &bytes)
            .and_then(|tmp| tmp.persist(&path).map(drop).map_err(|e| e.error))
            .map_err(|e| io_error(&path, e))
    }

    fn sealed_bytes(&self, name: &str, payload: &[u8], key: &StateKey) -> Vec<u8> {
        let tag = key.tag(name, payload);
        let mut bytes = Vec::with_capacity(SEAL_PREFIX.len() + 65 + payload.len());
        bytes.extend_from_slice(SEAL_PREFIX.as_bytes());
        for b in tag {
            bytes.extend_from_slice(format!("{b:02x}").as_bytes());
        }
        bytes.push(b'\n');
        bytes.extend_from_slice(payload);
        bytes
    }

    /// Create the directory (and its parents) if missing, 0700; check it.
    fn create(&self) -> Result<()> {
        if !self.dir.exists() {
            DirBuilder::new()
                .recursive(true)
                .mode(fsutil::DIR_MODE)
                .create(&self.dir)
                .map_err(|e| io_error(&self.dir, e))?;
            // `recursive` applies the mode to every directory it creates, but
            // the umask may have narrowed it further; set it exactly.
            fs::set_permissions(&self.dir, fs::Permissions::from_mode(fsutil::DIR_MODE))
                .map_err(|e| io_error(&self.dir, e))?;
        }
        check_private(&self.dir, true)
    }
}

/// Refuse `path` when another user could write it (exit 5, with the `chmod`
/// that fixes it) or when it belongs to another user.
fn check_private(path: &Path, is_dir: bool) -> Result<()> {
    let meta = fs::symlink_metadata(path).map_err(|e| io_error(path, e))?;
    check_mode(path, &meta, is_dir)
}

fn check_mode(path: &Path, meta: &fs::Metadata, is_dir: bool) -> Result<()> {
    let own = rustix::process::geteuid().as_raw();
    if meta.uid() != own {
        return Err(Error::Unsafe {
            path: path.to_path_buf(),
            reason: format!("belongs to user {} and not to you", meta.uid()),
        });
    }
    if meta.mode() & 0o022 != 0 {
        let mode = if is_dir { "700" } else { "600" };
        return Err(Error::Unsafe {
            path: path.to_path_buf(),
            reason: format!(
                "can be written by other users; run `chmod {mode} {}`",
                path.display()
            ),
        });
    }
    Ok(())
}

/// `path` with its existing part resolved (links, `..`), the rest as given.
fn real_path(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut at = path;
    loop {
        if let Ok(real) = at.canonicalize() {
            return rest.iter().rev().fold(real, |p, c| p.join(c));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                at = parent;
            }
            _ => return path.to_owned(),
        }
    }
}

fn io_error(path: &Path, source: io::Error) -> Error {
    Error::Io {
        context: format!("could not use sesame's local state at {}", path.display()),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_private_and_refuse_group_writable() {
        let tmp = tempfile::tempdir().unwrap();
        let state = State::at(tmp.path().join("a/b/sesame"));
        assert_eq!(state.read("projects").unwrap(), None);
        state.replace("projects", b"one").unwrap();
        assert_eq!(
            state.read("projects").unwrap().as_deref(),
            Some(&b"one"[..])
        );
        let dir_mode = fs::metadata(state.dir()).unwrap().mode() & 0o777;
        let file_mode = fs::metadata(state.dir().join("projects")).unwrap().mode() & 0o777;
        assert_eq!((dir_mode, file_mode), (0o700, 0o600));

        fs::set_permissions(
            state.dir().join("projects"),
            fs::Permissions::from_mode(0o620),
        )
        .unwrap();
        let err = state.read("projects").unwrap_err();
        assert_eq!(err.exit_code(), crate::error::exit::CORRUPT);
        assert!(err.to_string().contains("chmod 600"), "{err}");
    }

    #[test]
    fn sealed_records_refuse_another_key_a_changed_byte_and_another_name() {
        let tmp = tempfile::tempdir().unwrap();
        let state = State::at(tmp.path().join("sesame"));
        let key = StateKey::derive(&Identity::generate());
        state
            .replace_sealed("commands", b"approved x", &key)
            .unwrap();
        assert_eq!(
            state.read_sealed("commands", &key).unwrap().as_deref(),
            Some(&b"approved x"[..])
        );
        assert_eq!(state.read_sealed("missing", &key).unwrap(), None);
        let other = StateKey::derive(&Identity::generate());
        assert_eq!(
            state
                .read_sealed("commands", &other)
                .unwrap_err()
                .exit_code(),
            crate::error::exit::CORRUPT
        );
        let path = state.dir().join("commands");
        let mut bytes = fs::read(&path).unwrap();
        *bytes.last_mut().unwrap() ^= 1;
        fs::write(&path, &bytes).unwrap();
        assert!(state.read_sealed("commands", &key).is_err());
        state
            .replace_sealed("commands", b"approved x", &key)
            .unwrap();
        fs::copy(&path, state.dir().join("seen")).unwrap();
        assert!(state.read_sealed("seen", &key).is_err());
        assert!(format!("{key:?}").contains("***"));
    }
}
