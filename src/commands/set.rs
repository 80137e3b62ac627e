//! `sesame set`: store a value read from stdin or a hidden prompt.

use super::{Context, Intent, Output, Run, meta, read_value};
use crate::audit::{Action, Target};
use crate::cli::SetArgs;
use crate::error::{Error, Result};
use crate::secret::{self, name};

impl Run for SetArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Set, [self.name.as_str()])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        if self.value.is_some() {
            return Err(Error::usage(
                "values are never taken as arguments (they would be kept in shell history and shown by ps)",
                format!(
                    "pipe it instead: printf %s \"$VALUE\" | sesame set {}",
                    self.name
                ),
            ));
        }
        name::validate(&self.name)?;
        let meta = meta(&self.meta)?;
        ctx.store.require()?;
        let value = read_value(ctx, &self.name)?;
        let mut tx = ctx.begin()?;
        let n = secret::put(
            &mut tx.vault,
            &self.name,
            value,
            &meta,
            None,
            crate::time::now(),
        )?;
        tx.commit()?;
        ctx.audit(Action::Set, &[Target::version(&self.name, n)])?;
        if ctx.json {
            out.json(&serde_json::json!({ "name": self.name, "version": n }))?;
        } else {
            out.note(&format!("Stored {} (version {n}).", self.name));
        }
        Ok(())
    }
}
