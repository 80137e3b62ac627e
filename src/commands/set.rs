//! `sesame set`: store a value read from stdin or a hidden prompt.

use super::{Context, Intent, Output, Run, meta, read_value_from};
use crate::audit::{Action, Target};
use crate::cli::SetArgs;
use crate::error::{Error, Result};
use crate::lifecycle;
use crate::name;

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
        let mut meta = meta(&self.meta, out)?;
        if let Some(id) = &self.id {
            lifecycle::validate_id(id)?;
        }
        ctx.store.require()?;
        meta.default_max_age = ctx.config()?.default_max_age;
        let value = read_value_from(
            ctx,
            &self.name,
            &format!("set {}", self.name),
            self.multiline,
        )?;
        let mut tx = ctx.begin_names(&[self.name.as_str()])?;
        let n = lifecycle::put_version(
            &mut tx.vault,
            &self.name,
            value,
            self.id.clone(),
            &meta,
            None,
            crate::time::now(),
        )?;
        ctx.note_written(&tx.vault, &self.name, &meta)?;
        tx.commit()?;
        ctx.audit_written(Action::Set, &[Target::version(&self.name, n)])?;
        if ctx.json {
            out.json(&serde_json::json!({ "name": self.name, "version": n, "id": self.id }))?;
        } else {
            out.note(&format!("Stored {} (version {n}).", self.name));
        }
        Ok(())
    }
}
