//! Revocation: the revoke command runs, then the value is wiped; the version
//! keeps its metadata.

use std::time::Duration;

use jiff::Timestamp;
use serde::Serialize;

use super::command::{
    self, ENV_REVOKED_ID, ENV_REVOKED_VALUE, ENV_REVOKED_VERSION, ENV_SECRET_NAME,
};
use super::trust::{Kind, Trust};
use crate::error::{Error, Result};
use crate::vault::model::{Secret, State, Version};

/// Run the revoke command for version `v` of `name`.
fn run_revoke_command(script: &str, name: &str, v: &Version, timeout: Duration) -> Result<()> {
    let value = v.value.as_ref().map_or("", |x| x.expose());
    let n = v.n.to_string();
    let env = [
        (ENV_SECRET_NAME, name),
        (ENV_REVOKED_VALUE, value),
        (ENV_REVOKED_ID, v.id.as_deref().unwrap_or("")),
        (ENV_REVOKED_VERSION, n.as_str()),
    ];
    command::run_shell(script, &env, false, true, timeout).map(drop).map_err(|f| {
        Error::Other(format!(
            "the revoke command of '{name}' {} for version {} — nothing was changed; fix it, or pass --force to wipe the value anyway",
            command::describe(&f),
            v.n
        ))
    })
}

/// Which versions `revoke` acts on.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Which {
    /// Every version that still holds a value.
    All,
    /// Every previous version that still holds a value.
    Previous,
    Version(u32),
}

/// One revoked version.
#[derive(Debug, Serialize)]
pub(crate) struct Revoked {
    pub(crate) name: String,
    pub(crate) version: u32,
    /// Whether the revoke command ran and succeeded.
    pub(crate) command: bool,
    /// The same value is still held by this live version (after a rollback),
    /// so the revoke command was not run: the credential is still in use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) still_used_by: Option<u32>,
    /// With `--force`: the revoke command's failure, ignored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) forced: Option<String>,
}

/// The version numbers `which` selects, or an error saying why there are none.
pub(crate) fn select(secret: &Secret, name: &str, which: Which) -> Result<Vec<u32>> {
    let holding = |v: &&Version| v.value.is_some() && v.state != State::Revoked;
    let picked: Vec<u32> = match which {
        Which::All => secret
            .versions
            .iter()
            .filter(holding)
            .map(|v| v.n)
            .collect(),
        Which::Previous => secret
            .versions
            .iter()
            .filter(holding)
            .filter(|v| v.state == State::Previous)
            .map(|v| v.n)
            .collect(),
        Which::Version(n) => {
            let v = secret.version(n).ok_or_else(|| Error::NoSuchVersion {
                name: name.into(),
                version: n,
            })?;
            if v.state == State::Revoked || v.value.is_none() {
                return Err(Error::usage(
                    format!("version {n} of '{name}' is already revoked"),
                    format!("nothing to do; see `sesame show {name}`"),
                ));
            }
            vec![n]
        }
    };
    if picked.is_empty() {
        let what = match which {
            Which::Previous => "no previous version holding a value",
            _ => "no version holding a value",
        };
        return Err(Error::usage(
            format!("'{name}' has {what}"),
            format!("nothing to revoke; see `sesame show {name}`"),
        ));
    }
    Ok(picked)
}

/// Revoke version `n` of `secret`: run its revoke command (unless none is
/// set), then wipe the value. If the command fails, or is not trusted here
/// (`trust`: then it is not run), nothing changes unless `force`.
pub(crate) fn revoke_version(
    secret: &mut Secret,
    name: &str,
    n: u32,
    force: bool,
    (timeout, trust): (Duration, &Trust),
    now: Timestamp,
) -> Result<Revoked> {
    let v = secret.version(n).ok_or_else(|| Error::NoSuchVersion {
        name: name.into(),
        version: n,
    })?;
    // After a rollback two versions hold the same value: revoking the older
    // one must not revoke the credential the current one still uses.
    let still_used_by = secret
        .versions
        .iter()
        .find(|o| o.n != n && o.state != State::Revoked && o.value.is_some() && o.value == v.value)
        .map(|o| o.n);
    let mut revoked = Revoked {
        name: name.to_owned(),
        version: n,
        command: false,
        still_used_by,
        forced: None,
    };
    if let (Some(script), None) = (&secret.policy.revoke_command, still_used_by) {
        let ran = trust
            .check(secret, name, Kind::Revoke, script)
            .and_then(|()| run_revoke_command(script, name, v, timeout));
        match ran {
            Ok(()) => revoked.command = true,
            Err(e) if force => revoked.forced = Some(e.to_string()),
            Err(e) => return Err(e),
        }
    }
    if let Some(v) = secret.versions.iter_mut().find(|v| v.n == n) {
        // Dropping the SecretValue zeroizes it.
        v.value = None;
        v.state = State::Revoked;
        v.grace_until = None;
        v.revoked = Some(now);
    }
    secret.updated = now;
    Ok(revoked)
}
