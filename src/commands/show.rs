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
        let vault = ctx.load_names(&[self.name.as_str()])?;
        let s = lifecycle::lookup(&vault, &self.name)?;
        // Metadata only: recorded as an access, not as a read of the value.
        ctx.audit(Action::Show, &[Target::name(&self.name)])?;
        let info = lifecycle::info(&self.name, s, crate::time::now());
        let versions = lifecycle::versions(s);
        let authors = authors(&vault, &self.name, s);
        if ctx.json {
            let by_version: std::collections::BTreeMap<String, &str> = authors
                .versions
                .iter()
                .map(|(n, a)| (n.to_string(), a.as_str()))
                .collect();
            return out.json(&serde_json::json!({
                "secret": info,
                "versions": versions,
                "authors": { "policy": authors.policy, "versions": by_version },
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
        if info.rotate_command {
            rows.push(("rotate", "by command".into()));
        }
        if info.revoke_command {
            rows.push(("revoke", "by command".into()));
        }
        if let Some(p) = &authors.policy {
            rows.push(("policy by", p.clone()));
        }
        for (k, v) in rows {
            out.line(&format!("{k:<12} {v}"))?;
        }
        out.line("versions")?;
        for v in versions.iter().rev() {
            let mut line = format!("  {:>3}  {:<8}  {}", v.version, v.state, v.created);
            if let Some(id) = v.id {
                line.push_str(&format!("  id {id}"));
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
            out.line(&line)?;
        }
        Ok(())
    }
}

/// Who wrote the policy and each version, as their signatures show (a signed
/// store only).
struct Authors {
    policy: Option<String>,
    versions: Vec<(u32, String)>,
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
