//! The life of a secret in the vault: storing a version with its metadata,
//! handing out a live value (never a revoked or expired one), editing metadata,
//! generating values, rotation (with a grace period during which the previous
//! value stays valid), revocation (values wiped, the revoke command run),
//! rollback, and the schedule that `rotate --due` and `status` read (expiry,
//! max age, grace deadlines).
//!
//! - this file: storing, reading and describing secrets and their versions;
//! - `meta`: metadata and policy changes (keep, clear or set each field);
//! - `generate`: random values from the OS CSPRNG;
//! - `command`: running the user's rotate and revoke commands;
//! - `rotate`: rotation, where the new value comes from, and `rotate --due`;
//! - `revoke`: revoking versions, wiping their values;
//! - `rollback`: an older value made current again;
//! - `schedule`: what is due, expired or in grace at a given time;
//! - `trust`: which stored commands may run here (written here or approved).
//!
//! Rotate and revoke commands are the user's shell commands, run with `sh -c`.
//! Values reach them only through their environment (never argv, which any user
//! can read in `ps`), and a rotate command hands its new value back on stdout.
//! Everything here works on a [`Vault`] in memory; the caller commits it. The
//! module never prints: what happened comes back as data for `commands` to show.

mod command;
pub(crate) mod generate;
mod meta;
mod rename;
mod revoke;
mod rollback;
mod rotate;
mod schedule;
pub(crate) mod trust;

pub(crate) use command::{
    ENV_CURRENT_ID, ENV_CURRENT_VALUE, ENV_REVOKED_ID, ENV_REVOKED_VALUE, ENV_REVOKED_VERSION,
    ENV_SECRET_NAME,
};
pub(crate) use meta::{Change, Meta};
pub(crate) use rename::{copy, rename};
pub(crate) use revoke::{Revoked, Which, revoke_version, select};
pub(crate) use rollback::rollback;
pub(crate) use rotate::{
    Failed, NewValue, RotateOptions, Rotated, rotate_due, rotate_each, source_of, validate_id,
};
pub(crate) use schedule::{Due, Status, StatusItem, due_plan, status};

use jiff::Timestamp;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::time;
use crate::value::SecretValue;
use crate::vault::model::{GeneratorSpec, Secret, State, Vault, Version};

/// The secret called `name`, or exit 4.
pub(crate) fn lookup<'a>(vault: &'a Vault, name: &str) -> Result<&'a Secret> {
    vault.secrets.get(name).ok_or_else(|| Error::NotFound {
        name: name.to_owned(),
    })
}

/// Store `value` as a new version of `name` (creating it if needed), apply the
/// metadata, and keep the generator for rotation. Returns the version number.
pub(crate) fn put(
    vault: &mut Vault,
    name: &str,
    value: SecretValue,
    meta: &Meta,
    generator: Option<GeneratorSpec>,
    now: Timestamp,
) -> Result<u32> {
    put_version(vault, name, value, None, meta, generator, now)
}

/// As [`put`], with a non-secret key id on the new version (`set --id`).
pub(crate) fn put_version(
    vault: &mut Vault,
    name: &str,
    value: SecretValue,
    id: Option<String>,
    meta: &Meta,
    generator: Option<GeneratorSpec>,
    now: Timestamp,
) -> Result<u32> {
    crate::name::validate(name)?;
    meta.validate()?;
    if let Some(id) = &id {
        validate_id(id)?;
    }
    let max_versions = vault.max_versions;
    let created = !vault.secrets.contains_key(name);
    let secret = vault
        .secrets
        .entry(name.to_owned())
        .or_insert_with(|| Secret::new(now));
    meta.apply(secret, created);
    if let Some(g) = generator {
        secret.policy.generator = Some(g);
    }
    Ok(secret.push_value(value, id, now, max_versions))
}

/// The version of `name` that may be handed out now: the current one, or
/// version `n`. Revoked and expired values are refused (exit 6).
pub(crate) fn live<'a>(
    vault: &'a Vault,
    name: &str,
    version: Option<u32>,
    now: Timestamp,
) -> Result<(&'a Version, &'a SecretValue)> {
    let secret = lookup(vault, name)?;
    if let Some(expires) = secret.policy.expires.filter(|e| *e <= now) {
        return Err(Error::NotLive {
            name: name.to_owned(),
            why: format!("expired at {}", time::show(expires)),
            hint: format!(
                "store a new value (`sesame set {name}`) or move the expiry (`sesame edit {name} --expires …`)"
            ),
        });
    }
    let v = match version {
        Some(n) => secret.version(n).ok_or_else(|| Error::NoSuchVersion {
            name: name.to_owned(),
            version: n,
        })?,
        None => secret.current().ok_or_else(|| Error::NotLive {
            name: name.to_owned(),
            why: "is revoked".into(),
            hint: format!("store a new value with `sesame set {name}`"),
        })?,
    };
    if let Some(end) = v
        .grace_until
        .filter(|g| v.state == State::Previous && *g <= now)
    {
        return Err(Error::NotLive {
            name: name.to_owned(),
            why: format!(
                "version {} was replaced and its grace period ended at {}",
                v.n,
                time::show(end)
            ),
            hint: format!(
                "use the current version; `sesame rotate --due` revokes it for good (see `sesame show {name}`)"
            ),
        });
    }
    match (&v.value, v.state) {
        (Some(value), State::Active | State::Previous) => Ok((v, value)),
        _ => Err(Error::NotLive {
            name: name.to_owned(),
            why: format!("version {} is revoked", v.n),
            hint: format!("its value was wiped; see `sesame show {name}`"),
        }),
    }
}

/// Change the metadata and policy of `name`, never its value.
pub(crate) fn edit(vault: &mut Vault, name: &str, meta: &Meta, now: Timestamp) -> Result<()> {
    meta.validate()?;
    let secret = vault.secrets.get_mut(name).ok_or_else(|| Error::NotFound {
        name: name.to_owned(),
    })?;
    meta.apply(secret, false);
    secret.updated = now;
    Ok(())
}

/// What a reference such as `aws/prod/deploy#id` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    /// The value (`NAME`).
    Value,
    /// The current version's key id (`NAME#id`).
    Id,
}

/// Split `NAME` or `NAME#id` into the secret's name and the field asked for.
pub(crate) fn split_ref(reference: &str) -> Result<(&str, Field)> {
    match reference.split_once('#') {
        None => Ok((reference, Field::Value)),
        Some((name, "id")) => Ok((name, Field::Id)),
        Some((_, other)) => Err(Error::usage(
            format!(
                "'{}' asks for '#{}', which secrets do not have",
                crate::error::shown(reference),
                crate::error::shown(other)
            ),
            "write NAME for the value or NAME#id for its key id",
        )),
    }
}

/// The key id of the version of `name` that may be handed out now (the same
/// checks as [`live`]: never from a revoked or expired secret).
pub(crate) fn live_id<'a>(
    vault: &'a Vault,
    name: &str,
    version: Option<u32>,
    now: Timestamp,
) -> Result<&'a str> {
    let (v, _) = live(vault, name, version, now)?;
    v.id.as_deref().ok_or_else(|| {
        Error::usage(
            format!("version {} of '{name}' has no key id", v.n),
            format!("store one with `sesame set {name} --id ID` or rotate with a command that prints {{\"id\": …, \"value\": …}}"),
        )
    })
}

/// Metadata of one secret as shown by `list --json` and `show`: never a value.
#[derive(Debug, Serialize)]
pub(crate) struct Info<'a> {
    pub(crate) name: &'a str,
    /// `active`, `expired` or `revoked`.
    pub(crate) state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<&'a str>,
    pub(crate) tags: &'a [String],
    /// The variable it is injected as.
    pub(crate) env: String,
    /// The current version number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) version: Option<u32>,
    /// The current version's key id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<&'a str>,
    pub(crate) created: String,
    /// When last changed.
    pub(crate) updated: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) expires: Option<String>,
    /// Max age, like `90d`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) max_age: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) rotation_due: Option<String>,
    /// The generator, described.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) generator: Option<&'a GeneratorSpec>,
    /// Entropy of the generator in bits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) entropy_bits: Option<f64>,
    /// Free text: what the credential may do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) scopes: Option<&'a str>,
    /// Whether a rotate command is set (the command itself may hold tokens).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) rotate_command: bool,
    /// Whether a revoke command is set.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub(crate) revoke_command: bool,
}

/// One version's metadata: never its value.
#[derive(Debug, Serialize)]
pub(crate) struct VersionInfo<'a> {
    pub(crate) version: u32,
    /// `active`, `previous` or `revoked`.
    pub(crate) state: &'static str,
    /// When stored.
    pub(crate) created: String,
    /// Key id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<&'a str>,
    /// End of the grace period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) grace_until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) revoked: Option<String>,
}

/// The variable a secret is injected as.
pub(crate) fn env_var(name: &str, secret: &Secret) -> String {
    secret
        .env
        .clone()
        .unwrap_or_else(|| crate::name::default_env_var(name))
}

/// Describe a secret's metadata.
pub(crate) fn info<'a>(name: &'a str, secret: &'a Secret, now: Timestamp) -> Info<'a> {
    let current = secret.current();
    let state = if !secret.has_live_version() {
        "revoked"
    } else if secret.is_expired(now) {
        "expired"
    } else {
        "active"
    };
    let rotation_due = match (secret.policy.max_age, current) {
        (Some(age), Some(v)) => time::add_secs(v.created, age).ok().map(time::show),
        _ => None,
    };
    Info {
        name,
        state,
        description: secret.description.as_deref(),
        tags: &secret.tags,
        env: env_var(name, secret),
        version: current.map(|v| v.n),
        id: current.and_then(|v| v.id.as_deref()),
        created: time::show(secret.created),
        updated: time::show(secret.updated),
        expires: secret.policy.expires.map(time::show),
        max_age: secret.policy.max_age.map(time::format_duration),
        rotation_due,
        generator: secret.policy.generator.as_ref(),
        entropy_bits: secret
            .policy
            .generator
            .as_ref()
            .map(|g| generate::entropy_bits(g).floor()),
        scopes: secret.policy.scopes.as_deref(),
        rotate_command: secret.policy.rotate_command.is_some(),
        revoke_command: secret.policy.revoke_command.is_some(),
    }
}

/// Describe each version, oldest first.
pub(crate) fn versions(secret: &Secret) -> Vec<VersionInfo<'_>> {
    secret
        .versions
        .iter()
        .map(|v| VersionInfo {
            version: v.n,
            state: v.state.as_str(),
            created: time::show(v.created),
            id: v.id.as_deref(),
            grace_until: v.grace_until.map(time::show),
            revoked: v.revoked.map(time::show),
        })
        .collect()
}

/// A variable of an imported dotenv file, to be stored as the secret `name`
/// with `env` as its variable.
pub(crate) struct Import {
    pub(crate) name: String,
    /// The variable (a dotenv import); none from other managers.
    pub(crate) env: Option<String>,
    pub(crate) value: SecretValue,
    /// The key id of the new version (a user name, from other managers).
    pub(crate) id: Option<String>,
    /// The description (a URL, from other managers).
    pub(crate) description: Option<String>,
}

/// A stored import: the secret, its variable, the version made (or, when
/// `unchanged`, the current version that already held the value).
pub(crate) struct Imported {
    pub(crate) name: String,
    pub(crate) env: Option<String>,
    pub(crate) version: u32,
    pub(crate) unchanged: bool,
}

/// Store every entry of an import as a new version, or none of them: unless
/// `overwrite`, a name that exists already refuses the whole import. An entry
/// whose value is the secret's current one already is left as it is.
pub(crate) fn import(
    vault: &mut Vault,
    entries: Vec<Import>,
    overwrite: bool,
    default_max_age: Option<u64>,
    now: Timestamp,
) -> Result<Vec<Imported>> {
    if !overwrite {
        let existing: Vec<&str> = entries
            .iter()
            .filter(|e| vault.secrets.contains_key(&e.name))
            .map(|e| e.name.as_str())
            .collect();
        if !existing.is_empty() {
            return Err(Error::usage(
                format!("these secrets exist already: {}", existing.join(", ")),
                "nothing was imported; pass --overwrite to add new versions, or --prefix P",
            ));
        }
    }
    let mut imported = Vec::with_capacity(entries.len());
    for entry in entries {
        let Import {
            name,
            env,
            value,
            id,
            description,
        } = entry;
        // With --overwrite, a value that is current already gets no new version.
        let current = vault.secrets.get(&name).and_then(|s| s.current());
        if let Some(v) = current
            && v.value
                .as_ref()
                .is_some_and(|held| held.expose() == value.expose())
            && (id.is_none() || v.id == id)
        {
            let version = v.n;
            imported.push(Imported {
                name,
                env,
                version,
                unchanged: true,
            });
            continue;
        }
        let meta = Meta {
            env: env.clone().map_or(Change::Keep, Change::Set),
            description: description.map_or(Change::Keep, Change::Set),
            default_max_age,
            ..Meta::default()
        };
        let version = put_version(vault, &name, value, id, &meta, None, now)?;
        imported.push(Imported {
            name,
            env,
            version,
            unchanged: false,
        });
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_id_references() {
        assert_eq!(
            split_ref("aws/prod/deploy").unwrap(),
            ("aws/prod/deploy", Field::Value)
        );
        assert_eq!(
            split_ref("aws/prod/deploy#id").unwrap(),
            ("aws/prod/deploy", Field::Id)
        );
        assert!(split_ref("aws/prod/deploy#value").is_err());

        let now = time::now();
        let mut vault = Vault::default();
        let meta = Meta::default();
        let v = || SecretValue::new("s".into());
        put_version(&mut vault, "a", v(), Some("AKIA1".into()), &meta, None, now).unwrap();
        put(&mut vault, "b", v(), &meta, None, now).unwrap();
        assert_eq!(live_id(&vault, "a", None, now).unwrap(), "AKIA1");
        assert!(matches!(
            live_id(&vault, "b", None, now),
            Err(Error::Usage { .. })
        ));
        assert!(matches!(
            live_id(&vault, "c", None, now),
            Err(Error::NotFound { .. })
        ));
        vault.secrets.get_mut("a").unwrap().policy.expires = Some(now);
        assert!(matches!(
            live_id(&vault, "a", None, now),
            Err(Error::NotLive { .. })
        ));
    }
}
