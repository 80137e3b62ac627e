//! `sesame remove`: delete a secret and its history.

use super::{Context, Intent, Output, Run, ask};
use crate::audit::{Action, Target};
use crate::cli::RemoveArgs;
use crate::error::Result;
use crate::lifecycle;

impl Run for RemoveArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Remove, [self.name.as_str()])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        ask::require_confirmation(
            ctx,
            self.force,
            &format!(
                "removing '{}' deletes it and every version for good",
                self.name
            ),
            &format!("Remove {} and every version of it for good?", self.name),
            &format!("sesame remove {} --force", self.name),
        )?;
        let mut tx = ctx.begin_names(&[self.name.as_str()])?;
        lifecycle::lookup(&tx.vault, &self.name)?;
        tx.vault.secrets.remove(&self.name);
        // The backup would still hold the removed values: commit replaces it.
        tx.commit()?;
        ctx.audit_written(Action::Remove, &[Target::name(&self.name)])?;
        if ctx.json {
            out.json(&serde_json::json!({ "removed": self.name }))?;
        } else {
            out.note(&format!("Removed {}.", self.name));
        }
        Ok(())
    }
}
