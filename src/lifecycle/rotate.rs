//! Rotation: a new value from stdin, a command or the generator becomes the
//! active version; the one it replaces stays valid for a grace period.
//! `rotate --due` is carried out here too: ended grace periods finished, due
//! secrets rotated.

use std::time::Duration;

use jiff::Timestamp;
use serde::Serialize;

use super::command::{self, ENV_CURRENT_ID, ENV_CURRENT_VALUE, ENV_SECRET_NAME};
use super::revoke::{Revoked, revoke_version};
use super::schedule::DuePlan;
use super::trust::{Kind, Trust};
use crate::error::{Error, Result};
use crate::lifecycle::{generate, lookup};
use crate::time;
use crate::value::SecretValue;
use crate::vault::model::{Secret, Vault, Version};

/// Longest key id accepted.
const MAX_ID_LEN: usize = 512;

/// A new value and its key id.
#[derive(Debug)]
pub(crate) struct NewValue {
    pub(crate) value: SecretValue,
    /// The non-secret key id, if the source gave one.
    pub(crate) id: Option<String>,
}

/// Where `rotate` takes the new value from, in order of precedence.
#[derive(Debug)]
pub(crate) enum Source {
    /// Given by the caller (read from stdin).
    Given(NewValue),
    /// This shell command's stdout (`--command`).
    Command(String),
    /// The secret's stored rotate command, else its generator.
    Stored,
}

/// Check a key id: non-secret, one line of printable text.
pub(crate) fn validate_id(id: &str) -> Result<()> {
    if id.is_empty() || id.len() > MAX_ID_LEN || id.chars().any(char::is_control) {
        return Err(Error::usage(
            "a key id must be one line of printable text, 1 to 512 bytes",
            "give the public part only, e.g. an AWS access key id (AKIA…)",
        ));
    }
    Ok(())
}

/// Turn a rotate command's stdout into a value: the text (less one trailing
/// newline when it is a single line: `value::input_bytes`), or a JSON object `{"id": …, "value": …}`.
fn parse_output(bytes: &[u8]) -> std::result::Result<NewValue, &'static str> {
    let text = std::str::from_utf8(crate::value::input_bytes(bytes))
        .map_err(|_| "printed something that is not UTF-8 text")?;
    if text.is_empty() {
        return Err("printed nothing");
    }
    if text.trim_start().starts_with('{') {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Pair {
            value: SecretValue,
            #[serde(default)]
            id: Option<String>,
        }
        /// Whether an object has a "value" key, without keeping anything.
        #[derive(serde::Deserialize)]
        struct Probe {
            value: Option<serde::de::IgnoredAny>,
        }
        match serde_json::from_str::<Pair>(text) {
            Ok(pair) => {
                if pair.value.is_empty() {
                    return Err("printed an empty \"value\"");
                }
                if pair
                    .id
                    .as_deref()
                    .is_some_and(|id| validate_id(id).is_err())
                {
                    return Err("printed an \"id\" that is not one line of printable text");
                }
                return Ok(NewValue {
                    value: pair.value,
                    id: pair.id.filter(|i| !i.is_empty()),
                });
            }
            // An object with a "value" key meant to be a pair and is malformed.
            // (A serde error could quote the value: say only what was wrong.)
            Err(_) if serde_json::from_str::<Probe>(text).is_ok_and(|p| p.value.is_some()) => {
                return Err(
                    "printed a JSON object with \"value\" that is not {\"id\": \"…\", \"value\": \"…\"} (strings only)",
                );
            }
            // Any other text, JSON credentials included, is the value itself.
            Err(_) => {}
        }
    }
    Ok(NewValue {
        value: SecretValue::new(text.to_owned()),
        id: None,
    })
}

/// Run a rotate command for `name` whose current version is `current`.
/// `stored`: the command comes from the vault (runs in `/`, see `run_shell`).
fn run_rotate_command(
    script: &str,
    name: &str,
    current: Option<&Version>,
    stored: bool,
    timeout: Duration,
) -> Result<NewValue> {
    let value = current
        .and_then(|v| v.value.as_ref())
        .map_or("", |v| v.expose());
    let id = current.and_then(|v| v.id.as_deref()).unwrap_or("");
    let env = [
        (ENV_SECRET_NAME, name),
        (ENV_CURRENT_VALUE, value),
        (ENV_CURRENT_ID, id),
    ];
    let nothing = "nothing was changed; run the command by hand to see why, or raise --timeout";
    let out = command::run_shell(script, &env, true, stored, timeout).map_err(|f| {
        Error::Other(format!(
            "the rotate command of '{name}' {} — {nothing}",
            command::describe(&f)
        ))
    })?;
    parse_output(&out)
        .map_err(|why| Error::Other(format!("the rotate command of '{name}' {why} — {nothing}")))
}

/// What one rotation did.
#[derive(Debug, Serialize)]
pub(crate) struct Rotated {
    pub(crate) name: String,
    /// The new version's number.
    pub(crate) version: u32,
    /// The new version's key id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<String>,
    /// The version it replaced, if there was a live one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) previous: Option<u32>,
    /// Until when the replaced version stays valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) grace_until: Option<String>,
    /// Whether the replaced version was revoked at once (grace 0).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) revoked_previous: bool,
    /// Where the value came from: `stdin`, `command`, `rotate-command`, `generator`.
    pub(crate) source: &'static str,
    /// Versions dropped because of `max_versions` (their values wiped).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) dropped: Vec<u32>,
    /// A revoke that failed after the rotation (grace 0), left for `rotate --due`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) warning: Option<String>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct RotateOptions<'t> {
    /// How long the replaced value stays valid; 0 revokes it at once.
    pub(crate) grace: u64,
    /// How long a command may run.
    pub(crate) timeout: Duration,
    /// Which stored commands may run (the others are refused, not run).
    pub(crate) trust: &'t Trust,
}

/// Which source `rotate` would use for `secret`, or why there is none.
pub(crate) fn source_of(secret: &Secret) -> Option<&'static str> {
    if secret.policy.rotate_command.is_some() {
        Some("rotate-command")
    } else if secret.policy.generator.is_some() {
        Some("generator")
    } else {
        None
    }
}

/// The new value for `name` from `source`, and the name of where it came from.
fn new_value(
    secret: &Secret,
    name: &str,
    source: Source,
    opts: RotateOptions<'_>,
) -> Result<(NewValue, &'static str)> {
    let timeout = opts.timeout;
    let current = secret.current();
    Ok(match source {
        Source::Given(v) => (v, "stdin"),
        Source::Command(script) => (
            run_rotate_command(&script, name, current, false, timeout)?,
            "command",
        ),
        Source::Stored => match (&secret.policy.rotate_command, &secret.policy.generator) {
            (Some(script), _) => {
                // A stored command runs only when written here or approved.
                opts.trust.check(secret, name, Kind::Rotate, script)?;
                (
                    run_rotate_command(script, name, current, true, timeout)?,
                    "rotate-command",
                )
            }
            (None, Some(spec)) => (
                NewValue {
                    value: generate::generate(spec)?,
                    id: None,
                },
                "generator",
            ),
            (None, None) => {
                return Err(Error::usage(
                    format!(
                        "'{name}' has no rotate command and no generator, so there is no way to make a new value"
                    ),
                    format!(
                        "pipe one in (`… | sesame rotate {name} --stdin`), give `--command CMD`, or store one with `sesame edit {name} --rotate-command CMD`"
                    ),
                ));
            }
        },
    })
}

/// Rotate `name`: make a new value from `source`, store it as the new active
/// version, and keep the old one valid as `previous` for `opts.grace` seconds
/// (0: revoke it now). A source that fails changes nothing.
pub(crate) fn rotate(
    vault: &mut Vault,
    name: &str,
    source: Source,
    opts: RotateOptions<'_>,
    now: Timestamp,
) -> Result<Rotated> {
    // Before any command runs: a deadline that cannot be computed must not
    // throw away a credential a provider has already issued.
    let grace_until = time::add_secs(now, opts.grace)?;
    let (new, from) = new_value(lookup(vault, name)?, name, source, opts)?;
    let max_versions = vault.max_versions;
    let secret = vault
        .secrets
        .get_mut(name)
        .ok_or_else(|| Error::NotFound { name: name.into() })?;
    let previous = secret.current().map(|v| v.n);
    // The deadline goes on before the push, so that max_versions never drops
    // the value being replaced while it is still valid (see push_value).
    if let Some(v) = secret.versions.iter_mut().find(|v| Some(v.n) == previous) {
        v.grace_until = Some(grace_until);
    }
    let before: Vec<u32> = secret.versions.iter().map(|v| v.n).collect();
    let id = new.id.clone();
    let n = secret.push_value(new.value, new.id, now, max_versions);
    let dropped = before
        .into_iter()
        .filter(|b| secret.version(*b).is_none())
        .collect();
    let mut rotated = Rotated {
        name: name.to_owned(),
        version: n,
        id,
        previous: None,
        grace_until: None,
        revoked_previous: false,
        source: from,
        dropped,
        warning: None,
    };
    if let Some(p) = previous.filter(|p| secret.version(*p).is_some()) {
        rotated.previous = Some(p);
        if opts.grace == 0 {
            match revoke_version(secret, name, p, false, (opts.timeout, opts.trust), now) {
                Ok(_) => rotated.revoked_previous = true,
                Err(e) => rotated.warning = Some(e.to_string()),
            }
        } else {
            rotated.grace_until = Some(time::show(grace_until));
        }
    }
    Ok(rotated)
}

/// Rotate each of `names` in turn: from `given` (stdin) for the first, else
/// from `command`, else from its stored rotate command or generator. Every
/// name must exist before any command runs; a rotation that fails leaves the
/// others standing, and its error comes back beside them.
pub(crate) fn rotate_each(
    vault: &mut Vault,
    names: &[String],
    mut given: Option<NewValue>,
    command: Option<&str>,
    opts: RotateOptions<'_>,
    now: Timestamp,
) -> Result<(Vec<Rotated>, Vec<Error>)> {
    for name in names {
        lookup(vault, name)?;
    }
    let mut done: Vec<Rotated> = Vec::new();
    let mut failed: Vec<Error> = Vec::new();
    for name in names {
        let source = match (given.take(), command) {
            (Some(new), _) => Source::Given(new),
            (None, Some(cmd)) => Source::Command(cmd.to_owned()),
            (None, None) => Source::Stored,
        };
        match rotate(vault, name, source, opts, now) {
            Ok(r) => done.push(r),
            Err(e) => failed.push(e),
        }
    }
    Ok((done, failed))
}

/// A rotation or revocation of `rotate --due` that did not happen, and why.
#[derive(Debug, Serialize)]
pub(crate) struct Failed {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u32>,
    pub(crate) error: String,
}

/// What `rotate --due` did.
#[derive(Debug, Default)]
pub(crate) struct DueDone {
    pub(crate) rotated: Vec<Rotated>,
    pub(crate) revoked: Vec<Revoked>,
    pub(crate) failed: Vec<Failed>,
}

/// Carry out `plan`: finish ended grace periods first (a rotation may drop
/// old versions), then rotate what is due. A failure leaves the rest standing.
pub(crate) fn rotate_due(
    vault: &mut Vault,
    plan: &DuePlan,
    opts: RotateOptions<'_>,
    now: Timestamp,
) -> DueDone {
    let mut done = DueDone::default();
    for g in &plan.finish {
        let Some(secret) = vault.secrets.get_mut(&g.name) else {
            continue;
        };
        match revoke_version(
            secret,
            &g.name,
            g.version,
            false,
            (opts.timeout, opts.trust),
            now,
        ) {
            Ok(r) => done.revoked.push(r),
            Err(e) => done.failed.push(Failed {
                name: g.name.clone(),
                version: Some(g.version),
                error: e.to_string(),
            }),
        }
    }
    for d in &plan.rotate {
        match rotate(vault, &d.name, Source::Stored, opts, now) {
            Ok(r) => done.rotated.push(r),
            Err(e) => done.failed.push(Failed {
                name: d.name.clone(),
                version: None,
                error: e.to_string(),
            }),
        }
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_parsing() {
        let v = parse_output(b"abc\n").unwrap();
        assert_eq!(v.value.expose(), "abc");
        assert!(v.id.is_none());
        // Several lines (an empty one included) are kept as they are.
        let v = parse_output(b"abc\n\n").unwrap();
        assert_eq!(v.value.expose(), "abc\n\n");
        let v = parse_output(br#"{"id": "AKIA1", "value": "s3cr3t"}"#).unwrap();
        assert_eq!(
            (v.id.as_deref(), v.value.expose()),
            (Some("AKIA1"), "s3cr3t")
        );
        assert!(parse_output(b"").is_err());
        assert!(parse_output(b"\n").is_err());
        let e = parse_output(br#"{"value": "s3cr3t", "extra": 1}"#).unwrap_err();
        assert!(!e.contains("s3cr3t"));
        // JSON without a "value" key (a service-account file) is a value itself.
        let v = parse_output(br#"{"type": "service_account", "id": "x"}"#).unwrap();
        assert!(v.value.expose().contains("service_account"));
        assert!(v.id.is_none());
        assert!(parse_output(br#"{"value": 5}"#).is_err());
    }
}
