//! The type every secret value lives in.
//!
//! `SecretValue` zeroizes its bytes when dropped and never shows them through
//! `Debug`; there is deliberately no `Display`. The only way out is `expose()`,
//! which the handful of places that hand values out (`get`, `env`, `run`,
//! `--print`) call explicitly.
//!
//! Why values never reach argv, `Debug` or an error: SECURITY.md.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

/// A secret value: UTF-8 text, zeroized on drop, redacted in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct SecretValue(Zeroizing<String>);

impl SecretValue {
    /// Wrap a string (which is moved, not copied).
    pub(crate) fn new(value: String) -> Self {
        SecretValue(Zeroizing::new(value))
    }

    /// The value itself. Call only where the value is meant to leave sesame.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl Serialize for SecretValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SecretValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(SecretValue::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let v = SecretValue::new("hunter2-very-secret".into());
        assert_eq!(format!("{v:?}"), "***");
        assert_eq!(format!("{:?}", Some(&v)), "Some(***)");
    }

    #[test]
    fn serde_round_trip_is_exact() {
        let v = SecretValue::new("a \"b\" \n $c ü".into());
        let json = serde_json::to_string(&v).unwrap();
        let back: SecretValue = serde_json::from_str(&json).unwrap();
        assert_eq!(back.expose(), v.expose());
    }
}
