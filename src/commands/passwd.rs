//! `sesame passwd`: re-wrap the same identity with a new master password.

use super::{Context, Intent, Output, Run};
use crate::audit::Action;
use crate::cli::PasswdArgs;
use crate::error::{Error, Result};
use crate::unlock::{self, ENV_NEW_PASSWORD, ENV_NEW_PASSWORD_FILE, UnlockEnv};

/// The new password for `passwd` and `rekey`: `SESAME_NEW_PASSWORD[_FILE]` or
/// asked twice on the terminal.
pub(super) fn new_password(ctx: &Context) -> Result<age::secrecy::SecretString> {
    let env = UnlockEnv::new_password_from_process();
    if env.password()?.is_none() && !ctx.prompt().available() {
        return Err(Error::Auth {
            what: "no terminal to ask for the new master password".into(),
            hint: format!(
                "set {ENV_NEW_PASSWORD_FILE} (or {ENV_NEW_PASSWORD}) to it, or run in a terminal"
            ),
        });
    }
    unlock::new_password(&env, ctx.prompt(), "master password")
}

/// Forget the cached unlock after the identity or its password changed.
pub(super) fn clear_cache(ctx: &Context, out: &Output) {
    match unlock::forget(&ctx.store) {
        Ok(true) => out.note("The cached unlock was cleared."),
        Ok(false) => {}
        Err(why) => ctx.cache_unavailable(&why),
    }
}

impl Run for PasswdArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Passwd, [])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        // The current password, proven afresh: never the cache or an identity variable.
        let identity = unlock::unlock_password(&ctx.store, ctx.unlock_env(), ctx.prompt())?;
        let pw = new_password(ctx)?;
        ctx.store
            .rewrap_identity(&identity, &pw, self.work_factor)?;
        clear_cache(ctx, out);
        ctx.audit_written_with(Action::Passwd, &[], std::slice::from_ref(&identity))?;
        if ctx.json {
            return out.json(&serde_json::json!({
                "changed": true,
                "recipient": identity.public(),
                "work_factor": self.work_factor,
            }));
        }
        out.note(&format!(
            "Changed the master password of {}; the old one no longer opens it.",
            ctx.store.dir().display()
        ));
        Ok(())
    }
}
