//! `sesame rekey`: a new identity, the vault re-encrypted to it.

use super::passwd::{clear_cache, new_password};
use super::{Context, Intent, Output, Run};
use crate::audit::Action;
use crate::cli::RekeyArgs;
use crate::error::Result;

impl Run for RekeyArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Rekey, [])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let identities = ctx.identities()?;
        // Check the vault opens, and that this is the owner, before asking for more.
        ctx.store.load(identities)?;
        if !ctx.store.is_own(identities)? {
            return Err(crate::vault::not_owner());
        }
        let pw = new_password(ctx)?;
        super::passwd::warn_weak(out, &pw, self.work_factor);
        let (old, new, others) = ctx.store.rekey(identities, &pw, self.work_factor)?;
        clear_cache(ctx, out);
        // The log's lines are authenticated by a key derived from the old
        // identity, which may have leaked (that is why one rekeys) and which the
        // new identity cannot check: set the log aside and start a new chain,
        // sealed in the vault, under the new identity.
        let log = ctx.audit_log();
        let moved = log.set_aside("pre-rekey")?;
        let new_ids = std::slice::from_ref(&new);
        ctx.audit_written_with(Action::Rekey, &[], new_ids)?;
        let mut tx = ctx.store.begin(new_ids)?;
        tx.vault.audit = log.seal(None)?;
        tx.commit()?;
        for m in &moved {
            out.note(&format!(
                "The audit log so far was set aside as {}.",
                m.display()
            ));
        }
        if ctx.json {
            return out.json(&serde_json::json!({
                "old_recipient": old,
                "recipient": new.public(),
                "other_recipients": others,
                "work_factor": self.work_factor,
            }));
        }
        out.note(&format!(
            "Rekeyed {}: new identity {}, the vault re-encrypted to it{}.",
            ctx.store.dir().display(),
            new.public(),
            match others {
                0 => String::new(),
                1 => " and 1 other recipient".into(),
                n => format!(" and {n} other recipients"),
            }
        ));
        out.note(&format!(
            "The old identity ({old}) no longer opens the vault. Values it could read may have been copied: rotate them (`sesame rotate`)."
        ));
        if ctx.store.is_signed() && others > 0 {
            out.note("CI tokens (SESAME-CI-1…) trust the old key, which is revoked now: make new ones with `sesame recipients add --generate-ci NAME` and remove the old keys.");
        }
        Ok(())
    }
}
