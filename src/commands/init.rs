//! `sesame init`: create the store.

use super::{Context, Intent, Output, Run};
use crate::audit::Action;
use crate::cli::InitArgs;
use crate::error::{Error, Result};
use crate::unlock;

impl Run for InitArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Init, [])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        if ctx.store.exists() {
            return Err(Error::StoreExists {
                path: ctx.store.dir().to_path_buf(),
            });
        }
        let pw = unlock::new_password(ctx.unlock_env(), ctx.prompt(), "master password")?;
        let identity = ctx.store.init(&pw, self.work_factor)?;
        ctx.use_audit_identity(&identity);
        ctx.audit_written(Action::Init, &[])?;
        if ctx.json {
            out.json(&serde_json::json!({
                "store": ctx.store.dir(),
                "recipient": identity.public(),
                "work_factor": self.work_factor,
            }))?;
        } else {
            out.note(&format!(
                "Created a store at {} (recipient {}).",
                ctx.store.dir().display(),
                identity.public()
            ));
            out.note("Keep the master password safe: without it the secrets cannot be recovered.");
        }
        Ok(())
    }
}
