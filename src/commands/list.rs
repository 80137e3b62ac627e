//! `sesame list`: names, sorted; metadata with `--json`, never values.

use super::{Context, Intent, Output, Run};
use crate::audit::Action;
use crate::cli::ListArgs;
use crate::error::Result;
use crate::lifecycle;

impl Run for ListArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::List, [])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let vault = ctx.load()?;
        // Names and metadata only: recorded as an access, not as a read of values.
        ctx.audit(Action::List, &[])?;
        let now = crate::time::now();
        let prefix = self.prefix.as_deref().unwrap_or("");
        let selected = vault
            .secrets
            .range(prefix.to_owned()..)
            .take_while(|(name, _)| name.starts_with(prefix))
            .filter(|(_, s)| self.tags.iter().all(|t| s.tags.contains(t)))
            .filter(|(_, s)| self.all || s.has_live_version());
        if ctx.json {
            let infos: Vec<_> = selected.map(|(n, s)| lifecycle::info(n, s, now)).collect();
            return out.json(&infos);
        }
        for (name, _) in selected {
            out.line(name)?;
        }
        Ok(())
    }
}
