//! Rollback: an older value becomes current again, as a new version.

use jiff::Timestamp;

use crate::error::{Error, Result};
use crate::lifecycle::{live, lookup};
use crate::vault::model::{State, Vault};

/// Make a new active version holding the value (and key id) of version `to`,
/// or of the newest live previous version. Returns (new version, source version).
pub(crate) fn rollback(
    vault: &mut Vault,
    name: &str,
    to: Option<u32>,
    now: Timestamp,
) -> Result<(u32, u32)> {
    let secret = lookup(vault, name)?;
    let current = secret.current().map(|v| v.n);
    let target = match to {
        Some(n) => n,
        None => secret
            .versions
            .iter()
            .rev()
            .find(|v| {
                v.state == State::Previous
                    && v.value.is_some()
                    && v.grace_until.is_none_or(|g| g > now)
            })
            .map(|v| v.n)
            .ok_or_else(|| {
                Error::usage(
                    format!("'{name}' has no earlier value that is still valid"),
                    format!("see `sesame show {name}`; store a value with `sesame set {name}`"),
                )
            })?,
    };
    if Some(target) == current {
        return Err(Error::usage(
            format!("version {target} is already the current version of '{name}'"),
            format!("pick an earlier one with --to N (see `sesame show {name}`)"),
        ));
    }
    // The same checks as `get --version`: not revoked, not past its grace, not expired.
    let (v, value) = live(vault, name, Some(target), now)?;
    let (value, id) = (value.clone(), v.id.clone());
    let max_versions = vault.max_versions;
    let secret = vault
        .secrets
        .get_mut(name)
        .ok_or_else(|| Error::NotFound { name: name.into() })?;
    let n = secret.push_value(value, id, now, max_versions);
    Ok((n, target))
}
