//! `sesame lock`: forget the cached unlock.

use super::{Context, Output, Run};
use crate::cli::LockArgs;
use crate::error::Result;
use crate::unlock;

impl Run for LockArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let had = match unlock::forget(&ctx.store) {
            Ok(had) => had,
            Err(why) => {
                // No credential store: nothing can be cached, so the store is locked.
                ctx.cache_unavailable(&why);
                false
            }
        };
        if ctx.json {
            return out.json(&serde_json::json!({ "locked": true, "was_unlocked": had }));
        }
        out.note(if had {
            "Locked: the cached unlock is gone; the next command asks for the password."
        } else {
            "Nothing was cached; the store is locked."
        });
        Ok(())
    }
}
