//! `sesame rollback`: an earlier value becomes current again, as a new version.

use super::{Context, Intent, Output, Run};
use crate::audit::{Action, Target};
use crate::cli::RollbackArgs;
use crate::error::Result;
use crate::lifecycle;

impl Run for RollbackArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Rollback, [self.name.as_str()])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let mut tx = ctx.begin_names(&[self.name.as_str()])?;
        let (n, from) =
            lifecycle::rollback(&mut tx.vault, &self.name, self.to, crate::time::now())?;
        tx.commit()?;
        ctx.audit_written(Action::Rollback, &[Target::version(&self.name, n)])?;
        if ctx.json {
            out.json(&serde_json::json!({ "name": self.name, "version": n, "from": from }))?;
        } else {
            out.note(&format!(
                "Rolled {} back to the value of version {from} (now version {n}).",
                self.name
            ));
        }
        Ok(())
    }
}
