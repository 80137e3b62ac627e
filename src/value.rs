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

/// The newline rule for values read from stdin or a command's output: a
/// single-line value loses one trailing newline (`echo "$TOKEN" | sesame set`);
/// a multi-line value (a PEM or SSH key, JSON) is kept byte for byte, because
/// programs reading it from a file may need its last newline.
pub(crate) fn input_bytes(bytes: &[u8]) -> &[u8] {
    let body = if let Some(b) = bytes.strip_suffix(b"\r\n") {
        b
    } else if let Some(b) = bytes.strip_suffix(b"\n") {
        b
    } else {
        return bytes;
    };
    if body.contains(&b'\n') { bytes } else { body }
}

/// What a file hand-over writes after the stored value: nothing, except that
/// a multi-line value whose last line is a PEM or OpenSSH armour end
/// (`-----END …-----`) without a newline gets one. Values stored before the
/// newline rule lost it, and OpenSSL and OpenSSH refuse such keys.
pub(crate) fn file_suffix(value: &SecretValue) -> &'static [u8] {
    let text = value.expose();
    let ends_armour = text.contains('\n')
        && !text.ends_with('\n')
        && text.rsplit('\n').next().is_some_and(|last| {
            let last = last.trim_end_matches('\r');
            last.len() > 14 && last.starts_with("-----END ") && last.ends_with("-----")
        });
    if ends_armour { b"\n" } else { b"" }
}

/// What `get` prints after the value (the newline rule's inverse, so that
/// `sesame set K < file` then `sesame get K > file` gives the file back): a
/// newline after a single-line value, nothing after one ending with a
/// newline, and after a multi-line value without one only what a file
/// hand-over adds ([`file_suffix`]) — unless `terminal`, where the next
/// prompt must start on a line of its own.
pub(crate) fn get_suffix(value: &SecretValue, terminal: bool) -> &'static [u8] {
    let text = value.expose();
    if text.ends_with('\n') {
        b""
    } else if terminal || !text.contains('\n') {
        b"\n"
    } else {
        file_suffix(value)
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
    fn one_trailing_newline_goes_only_from_a_single_line() {
        let cases: [(&[u8], &[u8]); 8] = [
            (b"tok\n", b"tok"),
            (b"tok\r\n", b"tok"),
            (b"tok", b"tok"),
            (b"tok\n\n", b"tok\n\n"),
            (b"a\nb\n", b"a\nb\n"),
            (b"a\nb", b"a\nb"),
            (b"\n", b""),
            (b"", b""),
        ];
        for (input, kept) in cases {
            assert_eq!(input_bytes(input), kept, "{input:?}");
        }
    }

    #[test]
    fn get_gives_back_the_file_that_set_stored() {
        let files: [&[u8]; 7] = [
            b"tok\n",
            b"a\nb",
            b"a\nb\n",
            b"{\n}\n\n",
            b"\n",
            b"tok",
            b"",
        ];
        for file in files {
            let stored = SecretValue::new(String::from_utf8(input_bytes(file).to_vec()).unwrap());
            let mut got = stored.expose().as_bytes().to_vec();
            got.extend_from_slice(get_suffix(&stored, false));
            // A one-line file without a final newline gains one.
            let want = if file.contains(&b'\n') {
                file.to_vec()
            } else {
                [file, b"\n"].concat()
            };
            assert_eq!(got, want, "{file:?}");
            assert!(get_suffix(&stored, true) == b"\n" || stored.expose().ends_with('\n'));
        }
    }

    #[test]
    fn a_legacy_armoured_key_gets_its_newline_back_in_a_file() {
        let v = |s: &str| SecretValue::new(s.into());
        let pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQ\n-----END PRIVATE KEY-----";
        assert_eq!(file_suffix(&v(pem)), b"\n");
        assert_eq!(file_suffix(&v(&format!("{pem}\n"))), b"");
        assert_eq!(
            file_suffix(&v("-----END PRIVATE KEY-----")),
            b"",
            "one line"
        );
        assert_eq!(file_suffix(&v("a\nb")), b"");
        assert_eq!(file_suffix(&v("a\n-----END -----")), b"", "no label");
    }

    #[test]
    fn serde_round_trip_is_exact() {
        let v = SecretValue::new("a \"b\" \n $c ü".into());
        let json = serde_json::to_string(&v).unwrap();
        let back: SecretValue = serde_json::from_str(&json).unwrap();
        assert_eq!(back.expose(), v.expose());
    }
}
