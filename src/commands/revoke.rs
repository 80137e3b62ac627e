//! `sesame revoke`: run the revoke command, then wipe values from every file.

use super::{Context, Intent, Output, Run, ask};
use crate::audit::{Action, Target};
use crate::cli::RevokeArgs;
use crate::error::{Error, Result};
use crate::lifecycle::{self, Which};
use crate::time;

impl Run for RevokeArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Revoke, [self.name.as_str()])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let timeout = self.timeout.0;
        let which = match (self.version, self.previous) {
            (Some(n), _) => Which::Version(n),
            (None, true) => Which::Previous,
            (None, false) => Which::All,
        };
        let now = time::now();
        if !(self.yes || self.force) {
            self.confirm(ctx, which)?;
        }
        let mut tx = ctx.begin_names(&[self.name.as_str()])?;
        let trust = ctx.trust_for(&tx.vault)?;
        let secret = tx
            .vault
            .secrets
            .get_mut(&self.name)
            .ok_or_else(|| Error::NotFound {
                name: self.name.clone(),
            })?;
        let picked = lifecycle::select(secret, &self.name, which)?;
        let mut done = Vec::new();
        let mut failed = None;
        for n in picked {
            match lifecycle::revoke_version(
                secret,
                &self.name,
                n,
                self.force,
                (timeout, &trust),
                now,
            ) {
                Ok(r) => done.push(r),
                Err(e) => {
                    // Versions already revoked by their command stay revoked: the
                    // provider has done it; the rest are left as they were.
                    failed = Some(e);
                    break;
                }
            }
        }
        if !done.is_empty() {
            // Commit replaces the backup too, so no file of the store keeps the values.
            tx.commit()?;
            let targets: Vec<Target> = done
                .iter()
                .map(|r| Target::version(&self.name, r.version))
                .collect();
            ctx.audit_written(Action::Revoke, &targets)?;
        }
        for r in &done {
            if let Some(why) = &r.forced {
                out.warn(&format!("{why} (ignored: --force)"));
            }
            if let Some(by) = r.still_used_by {
                out.note(&format!(
                    "Version {} holds the same value as version {by}, which is still live: its copy was wiped, the revoke command was not run.",
                    r.version
                ));
            }
        }
        if let Some(e) = failed {
            return Err(e);
        }
        if ctx.json {
            out.json(&serde_json::json!({ "name": self.name, "revoked": done }))?;
        } else {
            let list: Vec<String> = done.iter().map(|r| r.version.to_string()).collect();
            out.note(&format!(
                "Revoked {} version{} {}; the value{} wiped.",
                self.name,
                if list.len() == 1 { "" } else { "s" },
                list.join(", "),
                if list.len() == 1 { " is" } else { "s are" },
            ));
        }
        Ok(())
    }
}

impl RevokeArgs {
    /// Ask on the terminal which versions go; without one, `--yes` is needed
    /// (checked before unlocking: nothing to ask, nothing to decrypt).
    fn confirm(&self, ctx: &Context, which: Which) -> Result<()> {
        let mut again = format!("sesame revoke {}", self.name);
        match which {
            Which::Version(n) => again.push_str(&format!(" --version {n}")),
            Which::Previous => again.push_str(" --previous"),
            Which::All => {}
        }
        again.push_str(" --yes");
        let what = format!("revoking '{}' wipes values for good", self.name);
        if !ctx.prompt().available() {
            return ask::require_confirmation(ctx, false, &what, "", &again);
        }
        let vault = ctx.load_selected(&|n| n == self.name)?;
        let secret = lifecycle::lookup(&vault, &self.name)?;
        let picked = lifecycle::select(secret, &self.name, which)?;
        let list: Vec<String> = picked.iter().map(u32::to_string).collect();
        let question = format!(
            "Revoke {} version{} {} and wipe {} for good?",
            self.name,
            if list.len() == 1 { "" } else { "s" },
            list.join(", "),
            if list.len() == 1 {
                "its value"
            } else {
                "their values"
            },
        );
        ask::require_confirmation(ctx, false, &what, &question, &again)
    }
}
