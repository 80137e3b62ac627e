//! `sesame show`: metadata and version history, never a value.

use super::{Context, Intent, Output, Run};
use crate::audit::{Action, Target};
use crate::cli::ShowArgs;
use crate::error::Result;
use crate::lifecycle;
use crate::lifecycle::generate;
use crate::lifecycle::trust::{Kind, Standing, Trust};
use crate::vault::model::Secret;

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
        let trust = ctx.trust_for(&vault)?;
        let commands = stored_commands(s, &self.name, &trust);
        if ctx.json {
            return out.json(&serde_json::json!({
                "secret": info,
                "versions": versions,
                "commands": commands,
            }));
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
        for c in &commands {
            rows.push((c.kind.as_str(), describe(c, &self.name)));
        }
        for (k, v) in rows {
            // Values from the vault (a description, a command) are escaped
            // before the state is coloured; the line is then printed as is.
            let v = crate::escape::escaped(&v).into_owned();
            let v = if k == "state" {
                out.paint.paint(crate::color::state_style(&v), &v)
            } else {
                v
            };
            out.styled_line(&format!("{k:<12} {v}"))?;
        }
        out.line("versions")?;
        for v in versions.iter().rev() {
            let state = out.paint.paint(
                crate::color::state_style(v.state),
                &format!("{:<8}", v.state),
            );
            let mut line = format!("  {:>3}  {state}  {}", v.version, v.created);
            if let Some(id) = v.id {
                line.push_str(&format!("  id {}", crate::escape::escaped(id)));
            }
            if let Some(g) = &v.grace_until {
                line.push_str(&format!("  grace until {g}"));
            }
            if let Some(r) = &v.revoked {
                line.push_str(&format!("  revoked {r}"));
            }
            out.styled_line(&line)?;
        }
        Ok(())
    }
}

/// A stored command of a secret and whether it may run on this machine.
#[derive(serde::Serialize)]
struct Stored<'a> {
    kind: Kind,
    command: &'a str,
    trust: Standing,
}

/// The secret's stored commands, with their standing here (a command that is
/// not approved never runs; `show` says so).
fn stored_commands<'a>(s: &'a Secret, name: &str, trust: &Trust) -> Vec<Stored<'a>> {
    [Kind::Rotate, Kind::Revoke]
        .into_iter()
        .filter_map(|kind| {
            kind.of(s).map(|command| Stored {
                kind,
                command,
                trust: trust.standing(s, name, kind, command),
            })
        })
        .collect()
}

fn describe(c: &Stored<'_>, name: &str) -> String {
    let mut line = format!(
        "by command `{}` — {}",
        crate::escape::escaped(c.command),
        c.trust.describe()
    );
    if !c.trust.runs() {
        line.push_str(&format!(" (read it, then `sesame allow --secret {name}`)"));
    }
    line
}
