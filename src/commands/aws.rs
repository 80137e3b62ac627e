//! `sesame aws-credentials NAME`: a secret as the JSON of AWS's
//! `credential_process` (long-lived keys; no STS or MFA sessions).
//!
//! The secret's value is the secret access key and its current version's key
//! id (`set --id`) the access key id, so rotation (`rotate`, with a command
//! that prints `{"id": …, "value": …}`) keeps both together. A session token,
//! when there is one, is the secret `NAME/session_token`; `Expiration` is the
//! earlier of the two secrets' expiries (`--expires`), which the AWS SDKs use
//! to ask again in time.

use jiff::Timestamp;
use zeroize::Zeroizing;

use super::{Context, Intent, Output, Run};
use crate::audit::{Action, Target};
use crate::cli::AwsCredentialsArgs;
use crate::error::{Error, Result};
use crate::inject::template::json_string;
use crate::lifecycle;
use crate::vault::Vault;

/// The companion secret holding a session token: `NAME/session_token`.
fn token_name(name: &str) -> String {
    format!("{name}/session_token")
}

impl Run for AwsCredentialsArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Get, [self.name.as_str()])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        crate::name::validate(&self.name)?;
        let token = token_name(&self.name);
        let vault = ctx.load_names(&[self.name.as_str(), token.as_str()])?;
        let now = crate::time::now();
        let (version, secret_key) = lifecycle::live(&vault, &self.name, None, now)?;
        let key_id = lifecycle::live_id(&vault, &self.name, None, now).map_err(|_| {
            Error::usage(
                format!(
                    "'{}' has no key id, which is the access key id",
                    self.name
                ),
                format!(
                    "store the pair again: printf %s \"$SECRET_ACCESS_KEY\" | sesame set {} --id AKIA…",
                    self.name
                ),
            )
        })?;
        let mut targets = vec![Target::version(&self.name, version.n)];
        let session = match lifecycle::live(&vault, &token, None, now) {
            Ok((v, value)) => {
                targets.push(Target::version(&token, v.n));
                Some(value)
            }
            Err(Error::NotFound { .. }) => None,
            Err(e) => return Err(e),
        };
        let expiration = expiration(&vault, &[&self.name, &token]);
        let size = 128
            + 6 * (key_id.len() + secret_key.expose().len())
            + session.map_or(0, |s| 6 * s.expose().len() + 20);
        // Sized up front: a growing buffer would free unzeroed copies.
        let mut json = Zeroizing::new(String::with_capacity(size));
        json.push_str("{\"Version\":1,\"AccessKeyId\":");
        json_string(key_id, &mut json);
        json.push_str(",\"SecretAccessKey\":");
        json_string(secret_key.expose(), &mut json);
        if let Some(s) = session {
            json.push_str(",\"SessionToken\":");
            json_string(s.expose(), &mut json);
        }
        if let Some(at) = expiration {
            json.push_str(",\"Expiration\":");
            json_string(&at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(), &mut json);
        }
        json.push_str("}\n");
        // Recorded before anything is printed: no record, no value.
        ctx.audit(Action::Get, &targets)?;
        out.raw(json.as_bytes())
    }
}

/// The earliest expiry among the `names` that exist.
fn expiration(vault: &Vault, names: &[&str]) -> Option<Timestamp> {
    names
        .iter()
        .filter_map(|n| vault.secrets.get(*n))
        .filter_map(|s| s.policy.expires)
        .min()
}
