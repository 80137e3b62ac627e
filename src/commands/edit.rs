//! `sesame edit`: change metadata and policy, never the value.

use super::{Context, Intent, Output, Run, meta};
use crate::audit::{Action, Target};
use crate::cli::EditArgs;
use crate::error::{Error, Result};
use crate::lifecycle;

impl Run for EditArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Edit, [self.name.as_str()])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let mut meta = meta(&self.meta, out)?;
        meta.untags = self.untags.clone();
        if meta.is_empty() {
            return Err(Error::usage(
                "nothing to change",
                format!(
                    "give at least one flag, e.g. `sesame edit {} --max-age 90d` (see `sesame edit --help`)",
                    self.name
                ),
            ));
        }
        let now = crate::time::now();
        let mut tx = ctx.begin_names(&[self.name.as_str()])?;
        lifecycle::edit(&mut tx.vault, &self.name, &meta, now)?;
        let s = lifecycle::lookup(&tx.vault, &self.name)?;
        let info = serde_json::to_value(lifecycle::info(&self.name, s, now)).map_err(|e| {
            Error::Other(format!(
                "could not describe the secret ({e}) — it was not changed"
            ))
        })?;
        ctx.note_written(&tx.vault, &self.name, &meta)?;
        tx.commit()?;
        ctx.audit_written(Action::Edit, &[Target::name(&self.name)])?;
        if ctx.json {
            out.json(&info)?;
        } else {
            out.note(&format!("Updated {}.", self.name));
        }
        Ok(())
    }
}
