//! `sesame get`: print a live value.

use super::{Context, Output, Run};
use crate::cli::GetArgs;
use crate::error::Result;
use crate::secret;

impl Run for GetArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let vault = ctx.load_selected(&|name| name == self.name)?;
        let (version, value) = secret::live(&vault, &self.name, self.version, crate::time::now())?;
        if ctx.json {
            return out.json(&serde_json::json!({
                "name": self.name,
                "version": version.n,
                "id": version.id,
                "value": value.expose(),
            }));
        }
        out.raw(value.expose().as_bytes())?;
        if !self.no_newline {
            out.raw(b"\n")?;
        }
        Ok(())
    }
}
