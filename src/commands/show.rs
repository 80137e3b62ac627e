//! `sesame show`: metadata and version history, never a value.

use super::{Context, Intent, Output, Run};
use crate::audit::{Action, Target};
use crate::cli::ShowArgs;
use crate::error::Result;
use crate::lifecycle;
use crate::lifecycle::generate;

impl Run for ShowArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Show, [self.name.as_str()])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let vault = ctx.load()?;
        let s = lifecycle::lookup(&vault, &self.name)?;
        // Metadata only: recorded as an access, not as a read of the value.
        ctx.audit(Action::Show, &[Target::name(&self.name)])?;
        let info = lifecycle::info(&self.name, s, crate::time::now());
        let versions = lifecycle::versions(s);
        if ctx.json {
            return out.json(&serde_json::json!({ "secret": info, "versions": versions }));
        }
        let mut rows: Vec<(&str, String)> =
            vec![("name", self.name.clone()), ("state", info.state.into())];
        if let Some(d) = info.description {
            rows.push(("description", d.into()));
        }
        if !info.tags.is_empty() {
            rows.push(("tags", info.tags.join(", ")));
        }
        rows.push(("env", info.env.clone()));
        rows.push(("created", info.created.clone()));
        rows.push(("updated", info.updated.clone()));
        if let Some(e) = &info.expires {
            rows.push(("expires", e.clone()));
        }
        if let Some(a) = &info.max_age {
            let due = info
                .rotation_due
                .as_deref()
                .map(|d| format!(" (rotation due {d})"))
                .unwrap_or_default();
            rows.push(("max age", format!("{a}{due}")));
        }
        if let Some(g) = info.generator {
            rows.push(("generator", generate::describe(g)));
        }
        if let Some(sc) = info.scopes {
            rows.push(("scopes", sc.into()));
        }
        if info.rotate_command {
            rows.push(("rotate", "by command".into()));
        }
        if info.revoke_command {
            rows.push(("revoke", "by command".into()));
        }
        for (k, v) in rows {
            let v = if k == "state" {
                out.paint.paint(crate::color::state_style(&v), &v)
            } else {
                v
            };
            out.line(&format!("{k:<12} {v}"))?;
        }
        out.line("versions")?;
        for v in versions.iter().rev() {
            let state = out.paint.paint(
                crate::color::state_style(v.state),
                &format!("{:<8}", v.state),
            );
            let mut line = format!("  {:>3}  {state}  {}", v.version, v.created);
            if let Some(id) = v.id {
                line.push_str(&format!("  id {id}"));
            }
            if let Some(g) = &v.grace_until {
                line.push_str(&format!("  grace until {g}"));
            }
            if let Some(r) = &v.revoked {
                line.push_str(&format!("  revoked {r}"));
            }
            out.line(&line)?;
        }
        Ok(())
    }
}
