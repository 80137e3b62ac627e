//! `sesame upgrade` (format 1 → 2) and `sesame accept-rollback`.

use super::{Context, Intent, Output, Run};
use crate::audit::Action;
use crate::cli::{AcceptRollbackArgs, UpgradeArgs};
use crate::error::{Error, Result};
use crate::escape::escaped;
use crate::vault::Vault;

impl Run for UpgradeArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Upgrade, [])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        ctx.store.require()?;
        if ctx.store.is_signed() {
            out.note(&format!(
                "{} is already signed (format 2); nothing to do.",
                ctx.store.dir().display()
            ));
            return Ok(());
        }
        let tx = ctx.begin()?;
        show(&tx.vault, &tx.recipients()?);
        if !self.yes {
            if !ctx.prompt().available() {
                return Err(Error::usage(
                    "no terminal to ask whether to sign this",
                    "read the list above and run `sesame upgrade --yes`; nothing was changed",
                ));
            }
            use age::secrecy::ExposeSecret;
            let answer = ctx
                .prompt()
                .ask("Sign these with your key and upgrade the store? Type yes: ")?;
            if answer.expose_secret().trim() != "yes" {
                return Err(Error::usage(
                    "upgrade declined",
                    "nothing was changed; the store stays format 1",
                ));
            }
        }
        let store_id = tx.upgrade_to_signed()?;
        ctx.audit(Action::Upgrade, &[])?;
        if ctx.json {
            return out.json(&serde_json::json!({ "store_id": store_id, "format": 2 }));
        }
        out.note(&format!(
            "Upgraded {} to the signed format 2 (store id {store_id}). CI keys made before must be made again with `sesame recipients add --generate-ci NAME` (the new token lets CI check signatures).",
            ctx.store.dir().display()
        ));
        Ok(())
    }
}

/// What upgrading signs: the recipients and every stored command, escaped.
fn show(vault: &Vault, recipients: &[crate::vault::SealedRecipient]) {
    crate::stderr_line!("The store will be encrypted to, and trust, these recipients:");
    for (i, r) in recipients.iter().enumerate() {
        let own = if i == 0 {
            " (this store's own key: admin)"
        } else {
            " (reader)"
        };
        let label = r
            .label
            .as_deref()
            .map(|l| format!(" {}", escaped(l)))
            .unwrap_or_default();
        crate::stderr_line!("  {}{label}{own}", r.key);
    }
    let mut any = false;
    for (name, s) in &vault.secrets {
        for (kind, cmd) in [
            ("rotate", &s.policy.rotate_command),
            ("revoke", &s.policy.revoke_command),
        ] {
            if let Some(cmd) = cmd {
                if !any {
                    crate::stderr_line!(
                        "Stored commands it will sign as yours (they run on `rotate`/`revoke`):"
                    );
                    any = true;
                }
                crate::stderr_line!("  {} {kind}: {}", escaped(name), escaped(cmd));
            }
        }
    }
    if !any {
        crate::stderr_line!("No stored rotate or revoke commands.");
    }
}

impl Run for AcceptRollbackArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::AcceptRollback, [])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        ctx.store.require()?;
        if !ctx.store.is_signed() {
            return Err(Error::usage(
                "this store is not signed (format 1): it keeps no record of what was seen",
                "run `sesame upgrade` first",
            ));
        }
        let (generation, was) = ctx.store.accept_current(ctx.identities()?)?;
        ctx.audit(Action::AcceptRollback, &[])?;
        match was {
            Some(seen) => out.note(&format!(
                "Accepted generation {generation} of {} (this machine had seen generation {seen}).",
                ctx.store.dir().display()
            )),
            None => out.note(&format!(
                "Generation {generation} of {} already descends from what this machine saw; nothing to accept.",
                ctx.store.dir().display()
            )),
        }
        Ok(())
    }
}
