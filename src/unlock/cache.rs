//! Unlock source 3: the unwrapped identity, cached in the OS credential store
//! for a while (ARCHITECTURE.md, "Unlocking").
//!
//! - **Linux**: the kernel's user keyring, one `user` key per store, with a
//!   timeout that the kernel itself enforces (`keyctl_set_timeout`): once it
//!   runs out the key is unreadable even if sesame never runs again. Measured on
//!   the project machine, the `keyring` crate's keyutils store fails in a shell
//!   without a session keyring of its own (CI, containers) and cannot set a
//!   timeout, so `linux-keyutils` is used directly. The key keeps the kernel's
//!   default permissions: only a process that *possesses* it (one whose session
//!   keyring reaches the user keyring, as every login shell's does) may read it;
//!   other processes of the same user may see only that it exists.
//! - **macOS, Windows**: the Keychain or Credential Manager through the
//!   `keyring` crate; these cannot expire an entry, so the expiry is stored in
//!   the entry and checked on every read, and an expired entry is deleted.
//! - Elsewhere there is no cache, and unlocking falls through to the prompt.
//!
//! Each store has its own entry, named after a hash of its canonical path, so
//! two stores never share one. The entry holds its expiry and the identity:
//! `sesame-cache 1\n<expiry, unix seconds>\n<AGE-SECRET-KEY-1…>\n`. Reading it
//! never extends it. Every failure here is reported as [`Unavailable`] for the
//! caller to mention and move on: caching must never fail a command.
//!
//! Who can read the cached unlock while it lasts: SECURITY.md, "Keys and files".

use std::fmt;
use std::path::Path;
use std::time::Duration;

use age::secrecy::ExposeSecret;
use jiff::Timestamp;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

#[cfg(target_os = "linux")]
use super::session;
use crate::crypto::Identity;

/// The default for how long an unlock is cached.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15 * 60);

const MAGIC: &str = "sesame-cache 1";

/// Why the credential store could not be used (for `-v`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unavailable(pub(crate) String);

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An unlock found in the cache.
#[derive(Debug)]
pub(crate) struct Cached {
    /// The identities that were cached.
    pub(crate) identities: Vec<Identity>,
    /// When the entry expires.
    pub(crate) expires: Timestamp,
}

/// The cache entry of one store.
#[derive(Debug, Clone)]
pub struct Cache {
    name: String,
}

impl Cache {
    /// The entry for the store in `dir` (canonicalized, so that `./s` and
    /// `/home/me/s` are the same store and a different directory never is).
    pub fn for_store(dir: &Path) -> Self {
        let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        let digest = Sha256::digest(canonical.as_os_str().as_encoded_bytes());
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        Cache {
            name: format!("sesame:{hex}"),
        }
    }

    /// The entry's name in the credential store (not secret).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Cache `identities` for `ttl` (at least one second).
    pub(crate) fn put(
        &self,
        identities: &[Identity],
        ttl: Duration,
    ) -> Result<Timestamp, Unavailable> {
        let secs = ttl.as_secs().max(1);
        let expires = Timestamp::now()
            .checked_add(jiff::SignedDuration::from_secs(secs as i64))
            .map_err(|e| Unavailable(format!("timeout out of range: {e}")))?;
        let mut payload = Zeroizing::new(format!("{MAGIC}\n{}\n", expires.as_second()));
        for id in identities {
            payload.push_str(id.secret_string().expose_secret());
            payload.push('\n');
        }
        backend::put(&self.name, payload.as_bytes(), secs)?;
        Ok(expires)
    }

    /// The cached unlock, if there is a live one. Never extends it.
    pub(crate) fn get(&self) -> Result<Option<Cached>, Unavailable> {
        let Some(bytes) = backend::get(&self.name)? else {
            return Ok(None);
        };
        match parse(&bytes) {
            Some(c) if c.expires > Timestamp::now() => Ok(Some(c)),
            Some(_) => {
                // Expired (only possible where the store cannot expire entries).
                let _ = backend::forget(&self.name);
                Ok(None)
            }
            None => {
                // Not ours, or damaged: never trusted, removed, and unlocking
                // goes on to the next source as if nothing was cached.
                let _ = backend::forget(&self.name);
                Ok(None)
            }
        }
    }

    /// Forget the cached unlock. Returns whether there was one.
    pub(crate) fn forget(&self) -> Result<bool, Unavailable> {
        backend::forget(&self.name)
    }
}

fn parse(bytes: &[u8]) -> Option<Cached> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut lines = text.lines();
    if lines.next()? != MAGIC {
        return None;
    }
    let expires = Timestamp::from_second(lines.next()?.parse().ok()?).ok()?;
    let identities = lines
        .filter(|l| !l.is_empty())
        .map(Identity::parse)
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    if identities.is_empty() {
        return None;
    }
    Some(Cached {
        identities,
        expires,
    })
}

#[cfg(target_os = "linux")]
mod backend {
    //! The kernel keyrings: the identity, encrypted, in the user keyring; the
    //! key that decrypts it in this login session's keyring, readable only by
    //! a process that possesses that session keyring (module docs of
    //! [`super::session`]).

    use age::secrecy::ExposeSecret;
    use linux_keyutils::{Key, KeyError, KeyPermissions, KeyRing, KeyRingIdentifier, Permission};
    use zeroize::Zeroizing;

    use super::session;
    use super::{MAGIC, Unavailable};
    use crate::crypto::{self, Identity};

    fn why(what: &str, e: KeyError) -> Unavailable {
        let hint = match e {
            KeyError::OperationNotSupported => " (kernel built without keyrings?)",
            KeyError::AccessDenied | KeyError::PermissionDenied => {
                " (this session's keyring does not reach the user keyring, e.g. after `keyctl new_session`, or a container policy forbids keyrings)"
            }
            KeyError::QuotaExceeded => " (the user's key quota is full: see /proc/key-users)",
            _ => "",
        };
        Unavailable(format!("kernel keyring: {what}: {e:?}{hint}"))
    }

    fn user_ring() -> Result<KeyRing, Unavailable> {
        KeyRing::from_special_id(KeyRingIdentifier::User, true)
            .map_err(|e| why("no user keyring", e))
    }

    /// What an entry holds until its timeout is known to be set.
    pub(crate) const PLACEHOLDER: &[u8] = b"sesame-cache pending";

    /// The wrapping key's name in the session keyring, for the entry `name`.
    fn key_name(name: &str) -> String {
        format!("{name}:key")
    }

    fn gone(e: &KeyError) -> bool {
        matches!(
            e,
            KeyError::KeyDoesNotExist
                | KeyError::KeyExpired
                | KeyError::KeyRevoked
                | KeyError::KeyRejected
        )
    }

    /// Add `secret` as key `name` to `ring`, with a timeout of `secs` and, when
    /// given, the permissions `perms`. The kernel offers no way to create a key
    /// with a timeout, and replacing a user key's payload makes it permanent
    /// again (measured: `/proc/keys` shows `perm` after an update). So the key
    /// is first created holding nothing secret, its permissions and timeout
    /// set — which also proves that we may — and only then given `secret`,
    /// with the timeout set again at once.
    fn add_timed(
        ring: &KeyRing,
        name: &str,
        secret: &[u8],
        secs: u64,
        perms: Option<KeyPermissions>,
    ) -> Result<Key, Unavailable> {
        let secs = usize::try_from(secs).unwrap_or(usize::MAX);
        let key = ring
            .add_key(name, PLACEHOLDER)
            .map_err(|e| why("could not add the key", e))?;
        let result = (|| {
            if let Some(p) = perms {
                key.set_perms(p)
                    .map_err(|e| why("could not restrict the key", e))?;
            }
            key.set_timeout(secs)
                .map_err(|e| why("could not set the key's timeout", e))?;
            key.update(&secret)
                .map_err(|e| why("could not write the key", e))?;
            key.set_timeout(secs)
                .map_err(|e| why("could not set the key's timeout", e))
        })();
        if let Err(e) = result {
            // Never leave a secret behind without an expiry.
            let _ = key.update(&PLACEHOLDER);
            discard(ring, key);
            return Err(e);
        }
        Ok(key)
    }

    /// Remove a key just added. A process that does not possess the ring may
    /// not invalidate the key, but may unlink it (write permission on the
    /// ring), after which the kernel frees it.
    fn discard(ring: &KeyRing, key: Key) {
        if key.invalidate().is_err() {
            let _ = ring.unlink_key(key);
        }
    }

    /// Only a possessor may do anything with the wrapping key, not even see
    /// it: no permission for the user, group or others.
    fn possessor_only() -> KeyPermissions {
        let mut p = KeyPermissions::new();
        p.set_posessor_perms(Permission::ALL);
        p
    }

    pub(crate) fn put(name: &str, payload: &[u8], secs: u64) -> Result<(), Unavailable> {
        let session = session::own()?;
        session::can_contain()?;
        let user = user_ring()?;
        // The user keyring must be ours to possess to set the entry's timeout;
        // a login session links it (pam_keyinit), `keyctl session -` does not.
        session.link_keyring(user).map_err(|e| {
            why(
                "could not link the user keyring into the session keyring",
                e,
            )
        })?;
        let _ = forget(name);
        let wrap = Identity::generate();
        let wrapped = crypto::encrypt(payload, &[wrap.recipient()])
            .map_err(|e| Unavailable(format!("could not wrap the unlock: {e}")))?;
        let secret = wrap.secret_string();
        let key = add_timed(
            &session,
            &key_name(name),
            secret.expose_secret().as_bytes(),
            secs,
            Some(possessor_only()),
        )?;
        if let Err(e) = add_timed(&user, name, &wrapped, secs, None) {
            discard(&session, key);
            return Err(e);
        }
        Ok(())
    }

    fn read(key: Key) -> Result<Option<Zeroizing<Vec<u8>>>, KeyError> {
        let mut buf = Zeroizing::new(vec![0u8; 16 * 1024]);
        match key.read(&mut *buf) {
            Ok(n) if buf.get(..n) == Some(PLACEHOLDER) => Ok(None),
            Ok(n) if n <= buf.len() => {
                buf.truncate(n);
                Ok(Some(buf))
            }
            Ok(_) => Ok(Some(Zeroizing::new(Vec::new()))),
            Err(e) if gone(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Remove an entry `name` that earlier builds left in the user keyring
    /// in the clear (`sesame-cache 1\n…AGE-SECRET-KEY…`), readable by any
    /// process that links the user keyring. Best effort, on every read.
    fn purge_plaintext(name: &str) {
        let Ok(user) = user_ring() else { return };
        let Ok(key) = user.search(name) else { return };
        // The whole payload (a read into a shorter buffer copies nothing on
        // recent kernels); only its head is looked at.
        let mut buf = Zeroizing::new(vec![0u8; 16 * 1024]);
        if key.read(&mut *buf).is_ok_and(|n| {
            buf.get(..n)
                .is_some_and(|b| b.starts_with(MAGIC.as_bytes()))
        }) && key.invalidate().is_err()
        {
            let _ = user.unlink_key(key);
        }
    }

    pub(crate) fn get(name: &str) -> Result<Option<Zeroizing<Vec<u8>>>, Unavailable> {
        purge_plaintext(name);
        // Without a session keyring of our own nothing is ever cached (put
        // says why); there is nothing to read.
        let Ok(session) = session::own() else {
            return Ok(None);
        };
        let key = match session.search(&key_name(name)) {
            Ok(k) => k,
            Err(e) if gone(&e) => return Ok(None),
            Err(e) => return Err(why("could not search the session keyring", e)),
        };
        let Some(secret) = read(key).map_err(|e| why("could not read the key", e))? else {
            return Ok(None);
        };
        let Some(wrap) = std::str::from_utf8(&secret)
            .ok()
            .and_then(|s| Identity::parse(s).ok())
        else {
            return Ok(None);
        };
        let blob = match user_ring()?.search(name) {
            Ok(b) => b,
            Err(e) if gone(&e) => return Ok(None),
            Err(e) => return Err(why("could not search the user keyring", e)),
        };
        let Some(wrapped) = read(blob).map_err(|e| why("could not read the key", e))? else {
            return Ok(None);
        };
        // Another session cached the store since (its own key wraps it now),
        // or the entry is not ours: not an unlock for this session.
        Ok(crypto::decrypt(&wrapped, &[wrap]).ok())
    }

    pub(crate) fn forget(name: &str) -> Result<bool, Unavailable> {
        let mut had = false;
        if let Ok(session) = session::own()
            && let Ok(key) = session.search(&key_name(name))
        {
            had |= key.invalidate().is_ok();
        }
        let user = user_ring()?;
        match user.search(name) {
            Ok(key) => {
                key.invalidate()
                    .map_err(|e| why("could not remove the key", e))?;
                had = true;
            }
            Err(e) if gone(&e) => {}
            Err(e) => return Err(why("could not search the user keyring", e)),
        }
        Ok(had)
    }
}

#[cfg(any(target_os = "macos", target_os = "windows"))]
mod backend {
    //! The Keychain (macOS) or Credential Manager (Windows), via `keyring`.
    //! Neither can expire an entry; `Cache::get` checks the stored expiry.

    use zeroize::Zeroizing;

    use super::Unavailable;

    const SERVICE: &str = "sesame";

    fn entry(name: &str) -> Result<keyring::Entry, Unavailable> {
        keyring::Entry::new(SERVICE, name)
            .map_err(|e| Unavailable(format!("credential store: {e}")))
    }

    pub(crate) fn put(name: &str, payload: &[u8], _secs: u64) -> Result<(), Unavailable> {
        let text = std::str::from_utf8(payload)
            .map_err(|_| Unavailable("credential store: payload is not text".into()))?;
        entry(name)?
            .set_password(text)
            .map_err(|e| Unavailable(format!("credential store: could not save: {e}")))
    }

    pub(crate) fn get(name: &str) -> Result<Option<Zeroizing<Vec<u8>>>, Unavailable> {
        match entry(name)?.get_password() {
            Ok(text) => Ok(Some(Zeroizing::new(
                Zeroizing::new(text).as_bytes().to_vec(),
            ))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(Unavailable(format!(
                "credential store: could not read: {e}"
            ))),
        }
    }

    pub(crate) fn forget(name: &str) -> Result<bool, Unavailable> {
        match entry(name)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(Unavailable(format!(
                "credential store: could not delete: {e}"
            ))),
        }
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
mod backend {
    //! No credential store on this platform.

    use zeroize::Zeroizing;

    use super::Unavailable;

    fn none() -> Unavailable {
        Unavailable("no credential store is supported on this platform".into())
    }

    pub(crate) fn put(_name: &str, _payload: &[u8], _secs: u64) -> Result<(), Unavailable> {
        Err(none())
    }

    pub(crate) fn get(_name: &str) -> Result<Option<Zeroizing<Vec<u8>>>, Unavailable> {
        Err(none())
    }

    pub(crate) fn forget(_name: &str) -> Result<bool, Unavailable> {
        Err(none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_per_store_and_stable() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        assert_ne!(
            Cache::for_store(a.path()).name(),
            Cache::for_store(b.path()).name()
        );
        let dotted = a.path().join(".");
        assert_eq!(
            Cache::for_store(a.path()).name(),
            Cache::for_store(&dotted).name()
        );
    }

    #[test]
    fn payload_round_trips_and_rejects_strangers() {
        let id = Identity::generate();
        let text = format!(
            "{MAGIC}\n{}\n{}\n",
            Timestamp::now().as_second() + 60,
            id.secret_string().expose_secret()
        );
        let c = parse(text.as_bytes()).unwrap();
        assert_eq!(c.identities[0].public(), id.public());
        assert!(parse(b"hello").is_none());
        assert!(parse(format!("{MAGIC}\nsoon\n").as_bytes()).is_none());
    }
}
