//! `sesame unlock`: cache the unlocked identity in the OS credential store;
//! `--check`: tell whether it is cached and for how long.

use std::time::Duration;

use super::{Context, Intent, Output, Run};
use crate::audit::Action;
use crate::cli::UnlockArgs;
use crate::error::{Error, Result};
use crate::time::{self, Timeout};
use crate::unlock::{self, Source};

/// Kernel timeouts are plain seconds; a cache longer than this is a mistake.
const MAX_TIMEOUT_SECS: u64 = 30 * 86_400;

impl Run for UnlockArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Unlock, [])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        ctx.store.require()?;
        if self.check {
            return check(ctx, out);
        }
        let ttl = timeout(ctx, self.timeout)?;
        // Never from the cache: `unlock` proves the password (or key) afresh.
        let u = unlock::unlock_with(&ctx.store, ctx.unlock_env(), ctx.prompt(), false)?;
        // The key must really open this vault before it is remembered.
        ctx.store.load(&u.identities)?;
        if u.identities.iter().any(crate::crypto::Identity::is_ssh) {
            return Err(Error::Usage {
                what: "an SSH key is never cached (it did open the store)".into(),
                hint: "keep SESAME_IDENTITY_FILE set: the key is read, and its passphrase asked, on every run".into(),
            });
        }
        // Unlocking again never shortens a longer cached unlock.
        let wanted = time::add_secs(time::now(), ttl.as_secs())?;
        let longer = match unlock::cached(&ctx.store) {
            Ok(Some(c)) => match c.source {
                Source::Cache(until) if until > wanted => Some(until),
                _ => None,
            },
            _ => None,
        };
        let expires = match longer {
            Some(until) => until,
            None => unlock::remember(&ctx.store, &u.identities, ttl).map_err(|why| {
                Error::Other(format!(
                    "could not cache the unlock: {why} — nothing was cached; commands will ask for the password, or set SESAME_PASSWORD_FILE"
                ))
            })?,
        };
        let ttl = match longer {
            Some(until) => Duration::from_secs(
                until
                    .as_second()
                    .saturating_sub(time::now().as_second())
                    .max(0) as u64,
            ),
            None => ttl,
        };
        ctx.audit_with(Action::Unlock, &[], &u.identities)?;
        if ctx.json {
            return out.json(&serde_json::json!({
                "unlocked": true,
                "store": ctx.store.dir(),
                "expires": time::show(expires),
                "expires_in": ttl.as_secs(),
            }));
        }
        if longer.is_some() {
            out.note(&format!(
                "{} stays unlocked for {} (until {}), longer than asked; `sesame lock` forgets it sooner.",
                ctx.store.dir().display(),
                time::format_duration(ttl.as_secs()),
                time::show(expires)
            ));
            return Ok(());
        }
        out.note(&format!(
            "Unlocked {} for {} (until {}); `sesame lock` forgets it sooner.",
            ctx.store.dir().display(),
            time::format_duration(ttl.as_secs()),
            time::show(expires)
        ));
        Ok(())
    }
}

fn timeout(ctx: &Context, arg: Option<Timeout>) -> Result<Duration> {
    let ttl = match arg {
        Some(Timeout(t)) => t,
        None => {
            let ttl = ctx.config()?.cache_timeout();
            if ttl.is_zero() {
                return Err(Error::usage(
                    "caching is disabled (cache_timeout = 0 in the config file)",
                    "pass --timeout DUR to unlock anyway",
                ));
            }
            ttl
        }
    };
    if ttl.as_secs() > MAX_TIMEOUT_SECS {
        return Err(Error::usage(
            format!(
                "a timeout of {} is too long",
                time::format_duration(ttl.as_secs())
            ),
            "pick at most 30d; a long-lived key for machines is a CI identity (`sesame recipients add --generate-ci NAME`)",
        ));
    }
    Ok(ttl)
}

fn check(ctx: &Context, out: &mut Output) -> Result<()> {
    let cached = match unlock::cached(&ctx.store) {
        Ok(c) => c,
        Err(why) => {
            ctx.cache_unavailable(&why);
            None
        }
    };
    let Some(Source::Cache(expires)) = cached.map(|u| u.source) else {
        if ctx.json {
            out.json(&serde_json::json!({ "unlocked": false, "store": ctx.store.dir() }))?;
        }
        return Err(Error::Locked {
            path: ctx.store.dir().to_path_buf(),
        });
    };
    let left = expires
        .as_second()
        .saturating_sub(time::now().as_second())
        .max(0) as u64;
    if ctx.json {
        return out.json(&serde_json::json!({
            "unlocked": true,
            "store": ctx.store.dir(),
            "expires": time::show(expires),
            "expires_in": left,
        }));
    }
    out.line(&format!(
        "unlocked for {} more (until {})",
        time::format_duration(left),
        time::show(expires)
    ))
}
