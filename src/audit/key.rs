//! The MAC key of the log, derived from the identity that unlocked the store.

use std::fmt;

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::hex::hex;
use crate::crypto::Identity;

const HKDF_SALT: &[u8] = b"sesame audit log v1";
const HKDF_INFO: &[u8] = b"hmac-sha256 key";

pub(super) type HmacSha256 = Hmac<Sha256>;

/// The MAC key of one identity. `Debug` shows only its id.
pub struct Key {
    /// HMAC with the key absorbed, cloned per line (saves two blocks a line).
    /// The raw key bytes are zeroized as soon as this is built.
    state: HmacSha256,
    id: String,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "audit::Key({})", self.id)
    }
}

impl Key {
    /// HKDF-SHA-256 of the identity's secret key: a key for nothing else.
    pub fn derive(identity: &Identity) -> Key {
        use age::secrecy::ExposeSecret;
        let secret = identity.secret_string();
        let hk = Hkdf::<Sha256>::new(Some(HKDF_SALT), secret.expose_secret().as_bytes());
        let mut bytes = Zeroizing::new([0u8; 32]);
        // HKDF-SHA-256 can expand up to 255 * 32 bytes; 32 always succeeds.
        if hk.expand(HKDF_INFO, &mut *bytes).is_err() {
            unreachable!("HKDF-SHA-256 expands to 32 bytes");
        }
        // HMAC takes keys of any length: new_from_slice cannot fail.
        let state = match HmacSha256::new_from_slice(&*bytes) {
            Ok(m) => m,
            Err(_) => unreachable!("HMAC accepts any key length"),
        };
        let mut m = state.clone();
        m.update(b"sesame audit key id");
        let id = hex(&m.finalize().into_bytes()[..6]);
        Key { state, id }
    }

    /// A short id naming this key in the log (derived from the key, reveals nothing).
    pub(crate) fn id(&self) -> &str {
        &self.id
    }

    /// A fresh HMAC for one line.
    pub(super) fn mac(&self) -> HmacSha256 {
        self.state.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_per_identity_and_never_printed() {
        let id = Identity::generate();
        let (a, b) = (Key::derive(&id), Key::derive(&id));
        assert_eq!(a.id(), b.id());
        let tag = |k: &Key| k.mac().chain_update(b"x").finalize().into_bytes();
        assert_eq!(tag(&a), tag(&b));
        let other = Key::derive(&Identity::generate());
        assert_ne!(a.id(), other.id());
        let dbg = format!("{a:?}");
        assert_eq!(dbg, format!("audit::Key({})", a.id()));
        assert_eq!(a.id().len(), 12);
    }
}
