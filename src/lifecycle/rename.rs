//! Renaming and copying secrets.

use jiff::Timestamp;

use super::{Change, Meta, lookup, put_version};
use crate::error::{Error, Result};
use crate::vault::model::Vault;

/// Refuse `to` when it is taken; check both names.
fn check_names(vault: &Vault, from: &str, to: &str, verb: &str) -> Result<()> {
    crate::name::validate(to)?;
    lookup(vault, from)?;
    if vault.secrets.contains_key(to) {
        return Err(Error::usage(
            format!("cannot {verb} '{from}' to '{to}': '{to}' exists already"),
            format!("nothing was changed; pick another name, or `sesame remove {to}` first"),
        ));
    }
    Ok(())
}

/// Give `from` the name `to`, with every version, its policy and metadata.
pub(crate) fn rename(vault: &mut Vault, from: &str, to: &str) -> Result<()> {
    check_names(vault, from, to, "move")?;
    let secret = vault
        .secrets
        .remove(from)
        .ok_or_else(|| Error::NotFound { name: from.into() })?;
    vault.secrets.insert(to.to_owned(), secret);
    Ok(())
}

/// Make `to` a new secret holding `from`'s current value (as version 1, with
/// its key id), description, tags, expiry, max age, scopes and generator. Not
/// copied: older versions, the variable (`to` gets its own) and the rotate and
/// revoke commands, which act on the provider's credential that `from` owns.
pub(crate) fn copy(vault: &mut Vault, from: &str, to: &str, now: Timestamp) -> Result<u32> {
    check_names(vault, from, to, "copy")?;
    let (value, id, meta, generator) = {
        let (version, value) = super::live(vault, from, None, now)?;
        let source = lookup(vault, from)?;
        let meta = Meta {
            description: Change::from_flag(source.description.clone(), Some),
            tags: source.tags.clone(),
            expires: Change::from_flag(source.policy.expires, Some),
            max_age: Change::from_flag(source.policy.max_age, Some),
            scopes: Change::from_flag(source.policy.scopes.clone(), Some),
            ..Meta::default()
        };
        (
            value.clone(),
            version.id.clone(),
            meta,
            source.policy.generator.clone(),
        )
    };
    put_version(vault, to, value, id, &meta, generator, now)
}
