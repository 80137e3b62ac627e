//! `sesame pin --admin FINGERPRINT`: trust a signed store on this machine for
//! a key that is a bare member (an SSH key added with `recipients add`), after
//! checking its member list against an admin fingerprint given out of band.

use super::{Context, Output, Run};
use crate::cli::PinArgs;
use crate::error::{Error, Result};
use crate::unlock;
use crate::vault::team;

impl Run for PinArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let admin = team::parse_fingerprint(&self.admin)?;
        ctx.store.require()?;
        let path = self
            .key
            .or_else(|| std::env::var_os(unlock::ENV_IDENTITY_FILE).map(Into::into))
            .ok_or_else(|| {
                Error::usage(
                    "which key? none was given",
                    "pass --key PATH (your SSH private key or age identity file), or set SESAME_IDENTITY_FILE",
                )
            })?;
        let identities = unlock::identities_in_file(&path, ctx.prompt())?;
        let identity = identities.first().ok_or(Error::NoUnlockSource)?;
        ctx.store.pin_for(&admin, identity)?;
        out.note(&format!(
            "Pinned {} for {}: this key now reads it here.",
            crate::escape::escaped(&ctx.store.dir().display().to_string()),
            crate::escape::escaped(&path.display().to_string())
        ));
        Ok(())
    }
}
