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
        let typed = !ctx.unlock_env().has_password();
        let pw = unlock::new_password(ctx.unlock_env(), ctx.prompt(), "master password")?;
        super::passwd::warn_weak(out, &pw, self.work_factor);
        let identity = ctx.store.init(&pw, self.work_factor, !self.format_1)?;
        ctx.use_audit_identity(&identity);
        ctx.audit_written(Action::Init, &[])?;
        if typed {
            // As after any prompt: the next commands need no password for a while.
            ctx.cache_after_prompt(std::slice::from_ref(&identity));
        }
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
