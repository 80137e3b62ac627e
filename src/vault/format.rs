//! The payload inside `vault.age`: UTF-8 JSON with `"format": 1` first.
//!
//! JSON and not TOML because it parses 10,000 secrets in a fraction of the time
//! (ARCHITECTURE.md, "The store format"). A payload from a newer sesame is refused, never
//! rewritten. Parse errors report only line and column: serde's messages can
//! quote input, and the input is full of secret values.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::model::{AuditSeal, SealedRecipient, Secret, Vault};
use crate::error::{Error, Result};

/// The payload format this build writes into a format-1 `vault.age`.
pub(crate) const FORMAT: u64 = 1;
/// The newest payload format this build reads: 2 is a bucket of a signed
/// store (`{"format":2,"secrets":{…}}`, see `encode_bucket`).
pub(crate) const NEWEST: u64 = super::signed::FORMAT;

#[derive(Serialize)]
struct PayloadOut<'a> {
    format: u64,
    max_versions: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    recipients: Option<&'a [SealedRecipient]>,
    secrets: &'a BTreeMap<String, Secret>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audit: Option<&'a AuditSeal>,
}

// No `#[serde(flatten)]`: it buffers the whole document and costs several times
// the parse; the fields are listed again instead.
#[derive(Deserialize)]
struct PayloadIn {
    // `format` is checked before parsing, by `check_format`.
    #[serde(default = "default_max_versions")]
    max_versions: u32,
    #[serde(default)]
    recipients: Option<Vec<SealedRecipient>>,
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
///
/// `size_hint` is the length of the payload as it was read: with room for it
/// and a little more, the buffer never grows, which saves time and leaves no
/// unzeroed copy of a smaller buffer behind.
pub(crate) fn encode(vault: &Vault, size_hint: usize) -> Zeroizing<Vec<u8>> {
    let capacity = size_hint.max(vault.secrets.len() * 320) + 64 * 1024;
    let mut out = Zeroizing::new(Vec::with_capacity(capacity));
    let payload = PayloadOut {
        format: FORMAT,
        max_versions: vault.max_versions,
        recipients: vault.recipients.as_deref(),
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

/// Serialize the secrets of one bucket of a format-2 store. The buffer is
/// zeroized when dropped.
pub(crate) fn encode_bucket(secrets: &[(&String, &Secret)]) -> Zeroizing<Vec<u8>> {
    struct Map<'a, 'b>(&'b [(&'a String, &'a Secret)]);
    impl Serialize for Map<'_, '_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(self.0.iter().map(|(k, v)| (*k, *v)))
        }
    }
    #[derive(Serialize)]
    struct Bucket<'a, 'b> {
        format: u64,
        secrets: Map<'a, 'b>,
    }
    let mut out = Zeroizing::new(Vec::with_capacity(secrets.len() * 400 + 1024));
    let bucket = Bucket {
        format: NEWEST,
        secrets: Map(secrets),
    };
    // As in `encode`: plain structs into memory cannot fail.
    if serde_json::to_writer(&mut *out, &bucket).is_err() {
        unreachable!("serializing a bucket into memory cannot fail");
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

/// Validate the payload as UTF-8 once, so that the JSON parser need not check
/// every string again (a tenth of the parse time at 10,000 secrets).
fn text<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a str> {
    std::str::from_utf8(bytes)
        .map_err(|_| Error::corrupt(path, "not a valid sesame payload (not UTF-8)"))
}

fn check_format(bytes: &[u8], path: &Path) -> Result<()> {
    // serde's derived structs also read JSON arrays (`[1]` as format 1), which
    // the partial parser of `get` refuses: only an object is a payload.
    if !bytes.trim_ascii_start().starts_with(b"{") {
        return Err(Error::corrupt(
            path,
            "not a valid sesame payload (not a JSON object)",
        ));
    }
    let found = format_of(bytes, path)?;
    if found > NEWEST {
        return Err(Error::NewerFormat {
            path: path.to_path_buf(),
            found,
            supported: NEWEST,
        });
    }
    if found == 0 {
        return Err(Error::corrupt(
            path,
            "not a valid sesame payload (format 0)",
        ));
    }
    Ok(())
}

/// Parse only the secrets whose names `wanted` accepts, skipping the others
/// without building them (a `get` on 10,000 secrets parses one). The result is
/// a partial view for reading: it is never written back (writes go through a
/// `Transaction`, which parses everything).
pub(crate) fn decode_selected(
    bytes: &[u8],
    path: &Path,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<Vault> {
    decode_partial(bytes, path, wanted, false)
}

/// Parse every secret's names and metadata, not its values: each value is
/// checked as JSON and skipped, and a version that had one holds an empty
/// stand-in, so that "has a live value" still reads true (the fast path of
/// `list`). A partial view for reading, never written back, never printed
/// as values.
pub(crate) fn decode_metadata(bytes: &[u8], path: &Path) -> Result<Vault> {
    decode_partial(bytes, path, &|_| true, true)
}

/// A version as `decode_metadata` reads it: no value, author or signature.
#[derive(Deserialize)]
struct VersionMeta {
    n: u32,
    #[serde(default)]
    value: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    id: Option<String>,
    #[serde(with = "crate::time::rfc3339")]
    created: jiff::Timestamp,
    state: super::model::State,
    #[serde(default, with = "crate::time::rfc3339::option")]
    grace_until: Option<jiff::Timestamp>,
    #[serde(default, with = "crate::time::rfc3339::option")]
    revoked: Option<jiff::Timestamp>,
}

/// A secret as `decode_metadata` reads it (the fields of `Secret`, with
/// `VersionMeta` versions).
#[derive(Deserialize)]
struct SecretMeta {
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    env: Option<String>,
    #[serde(default)]
    policy: super::model::Policy,
    #[serde(with = "crate::time::rfc3339")]
    created: jiff::Timestamp,
    #[serde(with = "crate::time::rfc3339")]
    updated: jiff::Timestamp,
    versions: Vec<VersionMeta>,
    #[serde(default)]
    policy_author: Option<String>,
    #[serde(default)]
    policy_signature: Option<String>,
    #[serde(default)]
    conflict: Option<String>,
}

impl From<SecretMeta> for Secret {
    fn from(m: SecretMeta) -> Self {
        let versions = m
            .versions
            .into_iter()
            .map(|v| super::model::Version {
                n: v.n,
                value: v
                    .value
                    .map(|_| crate::value::SecretValue::new(String::new())),
                id: v.id,
                created: v.created,
                state: v.state,
                grace_until: v.grace_until,
                revoked: v.revoked,
                author: None,
                signature: None,
                signed_n: None,
            })
            .collect();
        Secret {
            description: m.description,
            tags: m.tags,
            env: m.env,
            policy: m.policy,
            created: m.created,
            updated: m.updated,
            versions,
            policy_author: m.policy_author,
            policy_signature: m.policy_signature,
            conflict: m.conflict,
        }
    }
}

fn decode_partial(
    bytes: &[u8],
    path: &Path,
    wanted: &dyn Fn(&str) -> bool,
    metadata: bool,
) -> Result<Vault> {
    use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
    use std::borrow::Cow;
    use std::fmt;

    struct Secrets<'f>(&'f dyn Fn(&str) -> bool, bool);
    impl<'de> DeserializeSeed<'de> for Secrets<'_> {
        type Value = BTreeMap<String, Secret>;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for Secrets<'_> {
        type Value = BTreeMap<String, Secret>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map of secrets")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(name) = map.next_key::<Cow<'de, str>>()? {
                if (self.0)(&name) {
                    let secret: Secret = if self.1 {
                        map.next_value::<SecretMeta>()?.into()
                    } else {
                        map.next_value()?
                    };
                    out.insert(name.into_owned(), secret);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(out)
        }
    }

    struct Payload<'f>(&'f dyn Fn(&str) -> bool, bool);
    impl<'de> Visitor<'de> for Payload<'_> {
        type Value = Vault;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a sesame payload")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut vault = Vault::default();
            while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                match key.as_ref() {
                    "max_versions" => vault.max_versions = map.next_value()?,
                    "secrets" => vault.secrets = map.next_value_seed(Secrets(self.0, self.1))?,
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(vault)
        }
    }

    check_format(bytes, path)?;
    let mut de = serde_json::Deserializer::from_str(text(bytes, path)?);
    let vault = serde::Deserializer::deserialize_map(&mut de, Payload(wanted, metadata))
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| syntax(path, &e))?;
    Ok(vault)
}

/// Parse a decrypted payload.
pub(crate) fn decode(bytes: &[u8], path: &Path) -> Result<Vault> {
    check_format(bytes, path)?;
    let payload: PayloadIn =
        serde_json::from_str(text(bytes, path)?).map_err(|e| syntax(path, &e))?;
    Ok(Vault {
        max_versions: payload.max_versions,
        secrets: payload.secrets,
        recipients: payload.recipients,
        audit: payload.audit,
        signed: None,
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
        let bytes = encode(&v, 0);
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
        assert!(!String::from_utf8_lossy(&encode(&v, 0)).contains("audit"));
        v.audit = Some(AuditSeal {
            seq: 7,
            head: "ab".repeat(32),
        });
        let back = decode(&encode(&v, 0), Path::new("v")).unwrap();
        assert_eq!(back.audit, v.audit);
        let old = decode(br#"{"format":1,"secrets":{}}"#, Path::new("v")).unwrap();
        assert_eq!(old.audit, None);
    }

    #[test]
    fn only_an_object_is_a_payload() {
        // Found by fuzzing (issue 19): `decode` read `[1]` as a vault, `decode_selected` did not.
        let p = Path::new("v");
        for bad in [&b"[1]"[..], b" [1, 10]", b"1", b"\"x\""] {
            let e = decode(bad, p).err().unwrap();
            assert!(matches!(e, Error::Corrupt { .. }), "{e}");
            assert!(decode_selected(bad, p, &|_| true).is_err());
        }
        assert!(decode(b" {\"format\":1}", p).is_ok());
    }

    #[test]
    fn metadata_is_the_whole_parse_without_values_or_version_signatures() {
        // Every field of `Secret` and `Version` set: a field `SecretMeta`
        // forgets shows here as a difference.
        let t = "2026-01-02T03:04:05Z";
        let payload = format!(
            r#"{{"format":2,"secrets":{{"a/b":{{"description":"d","tags":["t"],"env":"E",
            "policy":{{"expires":"{t}","max_age":60,"generator":{{"kind":"chars","charset":"hex","length":16}},
            "rotate_command":"r","revoke_command":"k","scopes":"s"}},
            "created":"{t}","updated":"{t}","policy_author":"m1","policy_signature":"ps",
            "versions":[{{"n":1,"id":"AKIA","created":"{t}","state":"revoked","revoked":"{t}",
            "author":"m1","signature":"sig"}},
            {{"n":2,"value":"hunter2\\u0041","created":"{t}","state":"previous",
            "grace_until":"{t}","author":"m2","signature":"sig2"}},
            {{"n":3,"value":"v3","created":"{t}","state":"active"}}]}}}}}}"#
        );
        let p = Path::new("v");
        let mut whole = decode(payload.as_bytes(), p).unwrap();
        let meta = decode_metadata(payload.as_bytes(), p).unwrap();
        for v in whole
            .secrets
            .values_mut()
            .flat_map(|s| s.versions.iter_mut())
        {
            v.value = v.value.take().map(|_| SecretValue::new(String::new()));
            v.author = None;
            v.signature = None;
        }
        let json = |v: &Vault| serde_json::to_string(&v.secrets).unwrap();
        assert_eq!(json(&meta), json(&whole));
        assert!(!json(&meta).contains("hunter2"));
        let s = &meta.secrets["a/b"];
        assert!(s.has_live_version());
        assert_eq!(s.current().map(|v| v.n), Some(3));
        assert!(decode_metadata(br#"{"format":2,"secrets":{"a":1}}"#, p).is_err());
    }

    #[test]
    fn newer_format_is_refused() {
        let err = decode(br#"{"format":3,"secrets":{}}"#, Path::new("v")).unwrap_err();
        assert!(matches!(err, Error::NewerFormat { found: 3, .. }));
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
