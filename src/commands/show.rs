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
        let vault = ctx.load_names(&[self.name.as_str()])?;
        let s = lifecycle::lookup(&vault, &self.name)?;
        // Metadata only: recorded as an access, not as a read of the value.
        ctx.audit(Action::Show, &[Target::name(&self.name)])?;
        let info = lifecycle::info(&self.name, s, crate::time::now());
        let versions = lifecycle::versions(s);
        let authors = authors(&vault, &self.name, s);
        let trust = ctx.trust_for(&vault)?;
        let commands = stored_commands(s, &self.name, &trust);
        if ctx.json {
            return out.json(&serde_json::json!({
                "secret": info,
                "versions": versions,
                "commands": commands,
                "authors": authors.json(),
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
        if let Some(p) = &authors.policy {
            rows.push(("policy by", p.clone()));
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
        print_versions(out, &versions, &authors)
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

/// The version history, newest first, each with its author when signed.
fn print_versions(
    out: &mut Output,
    versions: &[lifecycle::VersionInfo<'_>],
    authors: &Authors,
) -> Result<()> {
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
        if let Some((_, a)) = authors.versions.iter().find(|(n, _)| *n == v.version) {
            line.push_str(&format!("  by {a}"));
        }
        out.styled_line(&line)?;
    }
    Ok(())
}

/// Who wrote the policy and each version, as their signatures show (a signed
/// store only).
struct Authors {
    policy: Option<String>,
    versions: Vec<(u32, String)>,
}

impl Authors {
    /// `{"policy": …, "versions": {"N": …}}` for `--json`.
    fn json(&self) -> serde_json::Value {
        let versions: serde_json::Map<String, serde_json::Value> = self
            .versions
            .iter()
            .map(|(n, a)| (n.to_string(), a.as_str().into()))
            .collect();
        serde_json::json!({ "policy": self.policy, "versions": versions })
    }
}

fn authors(vault: &crate::vault::Vault, name: &str, s: &crate::vault::model::Secret) -> Authors {
    use crate::vault::signed::{self, Authorship};
    let Some(signed) = vault.signed.as_deref() else {
        return Authors {
            policy: None,
            versions: Vec::new(),
        };
    };
    let say = |a: Authorship| match a {
        Authorship::By(m) => {
            let name = m
                .name
                .as_deref()
                .map(|n| format!("{} ", crate::escape::escaped(n)))
                .unwrap_or_default();
            let revoked = if m.revoked { ", revoked" } else { "" };
            Some(format!("{name}({} {}{revoked})", m.role.as_str(), m.id))
        }
        Authorship::Unknown => None,
        Authorship::Forged => Some("UNVERIFIED (its signature does not check)".into()),
    };
    let policy = if s.policy.is_empty() {
        None
    } else {
        say(signed::policy_author(
            &signed.members,
            &signed.store_id,
            name,
            s,
        ))
    };
    let versions = s
        .versions
        .iter()
        .filter_map(|v| {
            say(signed::version_author(
                &signed.members,
                &signed.store_id,
                name,
                v,
            ))
            .map(|a| (v.n, a))
        })
        .collect();
    Authors { policy, versions }
}
