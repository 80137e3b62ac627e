//! The payload inside `vault.age`: UTF-8 JSON with `"format": 1` first.
//!
//! JSON and not TOML because it parses 10,000 secrets in a fraction of the time
//! (DESIGN "Store format"). A payload from a newer sesame is refused, never
//! rewritten. Parse errors report only line and column: serde's messages can
//! quote input, and the input is full of secret values.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::model::{AuditSeal, Secret, Vault};
use crate::error::{Error, Result};

/// The payload format this build writes and the newest it reads.
pub const FORMAT: u64 = 1;

#[derive(Serialize)]
struct PayloadOut<'a> {
    format: u64,
    max_versions: u32,
    secrets: &'a BTreeMap<String, Secret>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audit: Option<&'a AuditSeal>,
}

// No `#[serde(flatten)]`: it buffers the whole document and costs several times
// the parse; the fields are listed again instead.
#[derive(Deserialize)]
struct PayloadIn {
    format: u64,
    #[serde(default = "default_max_versions")]
    max_versions: u32,
    #[serde(default)]
    secrets: BTreeMap<String, Secret>,
    #[serde(default)]
    audit: Option<AuditSeal>,
}

fn default_max_versions() -> u32 {
    super::model::DEFAULT_MAX_VERSIONS
}

#[derive(Deserialize)]
struct Head {
    format: u64,
}

/// Serialize a vault. The buffer is zeroized when dropped.
pub fn encode(vault: &Vault) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(256 + vault.secrets.len() * 192));
    let payload = PayloadOut {
        format: FORMAT,
        max_versions: vault.max_versions,
        secrets: &vault.secrets,
        audit: vault.audit.as_ref(),
    };
    // Serializing these types cannot fail: every map key is a String and no
    // Serialize impl here returns an error. Writing into a Vec cannot fail either.
    if serde_json::to_writer(&mut *out, &payload).is_err() {
        unreachable!("serializing the vault model into memory cannot fail");
    }
    out
}

/// The format number, read cheaply from the prefix sesame always writes.
fn format_of(bytes: &[u8], path: &Path) -> Result<u64> {
    const PREFIX: &[u8] = b"{\"format\":";
    if let Some(rest) = bytes.strip_prefix(PREFIX) {
        let digits: Vec<u8> = rest
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .copied()
            .collect();
        if let Some(n) = std::str::from_utf8(&digits)
            .ok()
            .and_then(|d| d.parse().ok())
        {
            return Ok(n);
        }
    }
    serde_json::from_slice::<Head>(bytes)
        .map(|h| h.format)
        .map_err(|e| syntax(path, &e))
}

fn syntax(path: &Path, e: &serde_json::Error) -> Error {
    Error::corrupt(
        path,
        format!(
            "not a valid sesame payload ({:?} error at line {}, column {})",
            e.classify(),
            e.line(),
            e.column()
        )
        .to_lowercase(),
    )
}

/// Parse a decrypted payload.
pub fn decode(bytes: &[u8], path: &Path) -> Result<Vault> {
    let found = format_of(bytes, path)?;
    if found > FORMAT {
        return Err(Error::NewerFormat {
            path: path.to_path_buf(),
            found,
            supported: FORMAT,
        });
    }
    if found == 0 {
        return Err(Error::corrupt(
            path,
            "not a valid sesame payload (format 0)",
        ));
    }
    let payload: PayloadIn = serde_json::from_slice(bytes).map_err(|e| syntax(path, &e))?;
    debug_assert_eq!(payload.format, found);
    Ok(Vault {
        max_versions: payload.max_versions,
        secrets: payload.secrets,
        audit: payload.audit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::SecretValue;

    #[test]
    fn format_comes_first_and_round_trips() {
        let mut v = Vault::default();
        let now = jiff::Timestamp::now();
        let mut s = Secret::new(now);
        s.push_value(SecretValue::new("x\"y".into()), None, now, 10);
        v.secrets.insert("a/b".into(), s);
        let bytes = encode(&v);
        assert!(bytes.starts_with(b"{\"format\":1,"));
        let back = decode(&bytes, Path::new("v")).unwrap();
        assert_eq!(
            back.secrets["a/b"]
                .current()
                .unwrap()
                .value
                .as_ref()
                .unwrap()
                .expose(),
            "x\"y"
        );
    }

    #[test]
    fn the_audit_seal_round_trips_and_is_optional() {
        let mut v = Vault::default();
        assert!(!String::from_utf8_lossy(&encode(&v)).contains("audit"));
        v.audit = Some(AuditSeal {
            seq: 7,
            head: "ab".repeat(32),
        });
        let back = decode(&encode(&v), Path::new("v")).unwrap();
        assert_eq!(back.audit, v.audit);
        let old = decode(br#"{"format":1,"secrets":{}}"#, Path::new("v")).unwrap();
        assert_eq!(old.audit, None);
    }

    #[test]
    fn newer_format_is_refused() {
        let err = decode(br#"{"format":2,"secrets":{}}"#, Path::new("v")).unwrap_err();
        assert!(matches!(err, Error::NewerFormat { found: 2, .. }));
        let err = decode(br#"{ "secrets":{}, "format": 7 }"#, Path::new("v")).unwrap_err();
        assert!(matches!(err, Error::NewerFormat { found: 7, .. }));
    }

    #[test]
    fn parse_errors_never_quote_values() {
        let err = decode(
            br#"{"format":1,"secrets":{"a":{"versions":"hunter2-secret"}}}"#,
            Path::new("v"),
        )
        .unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }
}
