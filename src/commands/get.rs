//! `sesame get`: print a live value.

use super::{Context, Intent, Output, Run};
use crate::audit::{Action, Target};
use crate::cli::GetArgs;
use crate::error::Result;
use crate::lifecycle;

impl Run for GetArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Get, [self.name.as_str()])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let vault = ctx.load_names(&[self.name.as_str()])?;
        let (version, value) =
            lifecycle::live(&vault, &self.name, self.version, crate::time::now())?;
        ctx.audit(Action::Get, &[Target::version(&self.name, version.n)])?;
        if ctx.json {
            // Borrowed fields: `json!` would copy the value into a String that
            // is freed without being zeroized.
            #[derive(serde::Serialize)]
            struct Got<'a> {
                name: &'a str,
                version: u32,
                id: Option<&'a str>,
                value: &'a str,
            }
            return out.json(&Got {
                name: &self.name,
                version: version.n,
                id: version.id.as_deref(),
                value: value.expose(),
            });
        }
        out.raw(value.expose().as_bytes())?;
        if !self.no_newline && !value.expose().ends_with('\n') {
            out.raw(b"\n")?;
        }
        Ok(())
    }
}
