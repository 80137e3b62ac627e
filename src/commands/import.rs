//! `sesame import`: store the variables of a dotenv file.

use super::{Context, Intent, Output, Run};
use crate::audit::{Action, Target};
use crate::cli::ImportArgs;
use crate::error::{Error, Result};
use crate::inject::dotenv;
use crate::lifecycle::{self, Change, Meta};
use crate::name;
use crate::value::SecretValue;

impl Run for ImportArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Import, [])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let prefix = match self.prefix.as_deref().map(|p| p.trim_end_matches('/')) {
            Some("") | None => None,
            Some(p) => {
                name::validate(p)?;
                Some(p.to_owned())
            }
        };
        ctx.store.require()?;
        let text = dotenv::read_source(&self.file)?;
        let mut bindings = dotenv::parse(&dotenv::normalize_newlines(&text))?;
        if !self.no_interpolate {
            dotenv::interpolate(&mut bindings, &|n: &str| {
                if n.starts_with("SESAME_") {
                    None
                } else {
                    std::env::var(n).ok()
                }
            });
        }

        let mut plan: Vec<(String, String, SecretValue)> = Vec::new();
        let mut skipped = Vec::new();
        for b in bindings {
            // A line without `=` is read as a bare key, and such a line is often a
            // value (the second line of an unquoted PEM key, a pasted token): no
            // message may quote the key text, only its line number.
            let bad = |what: &str| {
                Error::usage(
                    format!(
                        "line {}: the key is not a valid {what} (it is not shown: it may be a value)",
                        b.line
                    ),
                    "nothing was imported; fix that line (a multi-line value must be quoted)",
                )
            };
            name::validate_env_var(&b.key).map_err(|_| bad("environment variable name"))?;
            let full = match &prefix {
                Some(p) => format!("{p}/{}", b.key),
                None => b.key.clone(),
            };
            name::validate(&full).map_err(|_| bad("secret name"))?;
            plan.retain(|(k, _, _)| *k != b.key);
            skipped.retain(|k| *k != b.key);
            match b.value {
                Some(v) if !v.is_empty() => {
                    plan.push((b.key, full, SecretValue::new(v.to_string())))
                }
                // `KEY=` names a key; a bare line may be a value: its number only.
                Some(_) => skipped.push(b.key),
                None => skipped.push(format!("line {} (no '=')", b.line)),
            }
        }
        if plan.is_empty() {
            return Err(Error::usage(
                format!(
                    "{} has no KEY=value lines with a value",
                    self.file.display()
                ),
                "nothing was imported",
            ));
        }

        let default_max_age = ctx.config()?.default_max_age;
        let mut tx = ctx.begin()?;
        if !self.overwrite {
            let existing: Vec<&str> = plan
                .iter()
                .filter(|(_, n, _)| tx.vault.secrets.contains_key(n))
                .map(|(_, n, _)| n.as_str())
                .collect();
            if !existing.is_empty() {
                return Err(Error::usage(
                    format!("these secrets exist already: {}", existing.join(", ")),
                    "nothing was imported; pass --overwrite to add new versions, or --prefix P",
                ));
            }
        }
        let now = crate::time::now();
        let mut imported = Vec::with_capacity(plan.len());
        for (key, full, value) in plan {
            let meta = Meta {
                env: Change::Set(key.clone()),
                default_max_age,
                ..Meta::default()
            };
            let version = lifecycle::put(&mut tx.vault, &full, value, &meta, None, now)?;
            imported.push((full, key, version));
        }
        tx.commit()?;
        let targets: Vec<Target> = imported
            .iter()
            .map(|(n, _, v)| Target::version(n, *v))
            .collect();
        ctx.audit(Action::Import, &targets)?;

        if ctx.json {
            let list: Vec<_> = imported
                .iter()
                .map(|(n, k, v)| serde_json::json!({ "name": n, "env": k, "version": v }))
                .collect();
            out.json(&serde_json::json!({ "imported": list, "skipped": skipped }))?;
        } else {
            out.note(&format!("Imported {} secrets.", imported.len()));
        }
        if !skipped.is_empty() {
            out.warn(&format!("skipped (no value): {}", skipped.join(", ")));
        }
        Ok(())
    }
}
