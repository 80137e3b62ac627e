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

/// Passwords shorter than this get a warning.
const SHORT_PASSWORD: usize = 10;

/// Warn about a new password or work factor that makes guessing from a copy
/// of identity.age cheap. Nothing is refused: the choice is the user's.
pub(super) fn warn_weak(out: &Output, pw: &age::secrecy::SecretString, work_factor: u8) {
    use age::secrecy::ExposeSecret;
    let chars = pw.expose_secret().chars().count();
    if chars < SHORT_PASSWORD {
        out.warn(&format!(
            "a password of {chars} characters can be guessed offline by whoever copies identity.age; four or more random words are better"
        ));
    }
    let default = crate::crypto::DEFAULT_WORK_FACTOR;
    if work_factor < default {
        out.warn(&format!(
            "work factor {work_factor} makes each guess {}× cheaper than the default {default}; use it for tests only",
            1u64 << (default - work_factor)
        ));
    }
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
        ctx.record_wrong_tries();
        // The current work factor stays unless --work-factor changes it.
        let work_factor = match self.work_factor {
            Some(n) => n,
            None => ctx
                .store
                .read_identity_file()
                .ok()
                .and_then(|bytes| crate::crypto::work_factor(&bytes))
                .unwrap_or(crate::crypto::DEFAULT_WORK_FACTOR),
        };
        let pw = new_password(ctx)?;
        warn_weak(out, &pw, work_factor);
        ctx.store.rewrap_identity(&identity, &pw, work_factor)?;
        clear_cache(ctx, out);
        ctx.audit_written_with(Action::Passwd, &[], std::slice::from_ref(&identity))?;
        if ctx.json {
            return out.json(&serde_json::json!({
                "changed": true,
                "recipient": identity.public(),
                "work_factor": work_factor,
            }));
        }
        out.note(&format!(
            "Changed the master password of {}; the old one no longer opens it.",
            ctx.store.dir().display()
        ));
        Ok(())
    }
}
