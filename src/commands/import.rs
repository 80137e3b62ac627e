//! `sesame import`: store the variables of a dotenv file.

use std::io::IsTerminal;
use std::path::Path;

use super::{Context, Intent, Output, Run};
use crate::audit::{Action, Target};
use crate::cli::ImportArgs;
use crate::error::{Error, Result};
use crate::inject::dotenv;
use crate::lifecycle;
use crate::name;
use crate::value::SecretValue;

impl Run for ImportArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Import, [])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        // Other managers' stores and exports (issue 18).
        if self.from != crate::cli::ImportFrom::Dotenv || self.map.is_some() {
            return super::import_from::run(self, ctx, out);
        }
        let Some(file) = self.file.clone() else {
            return Err(Error::usage(
                "import needs a dotenv file, or - for stdin",
                "e.g. `sesame import .env`, or --from FORMAT for another manager's store or export",
            ));
        };
        let prefix = prefix(self.prefix.as_deref())?;
        ctx.store.require()?;
        let bindings = bindings(&file, !self.no_interpolate)?;
        let shown = if file == Path::new("-") {
            "stdin".into()
        } else {
            file.display().to_string()
        };
        let (plan, skipped) = plan(bindings, prefix.as_deref(), &shown)?;
        if plan.is_empty() {
            return Err(Error::usage(
                format!("{} has no KEY=value lines with a value", file.display()),
                "nothing was imported",
            ));
        }

        // Before anything is stored: the text to write, and no file in its way.
        let project = if self.write_project {
            let pairs: Vec<(String, String)> = plan
                .iter()
                .filter_map(|i| Some((i.env.clone()?, i.name.clone())))
                .collect();
            let by = "import --write-project";
            Some(super::init_project::prepare(
                self.profile.as_deref(),
                pairs,
                by,
                "nothing was imported; add the lines above to it, import without --write-project, then `sesame allow`",
            )?)
        } else {
            None
        };

        let default_max_age = ctx.config()?.default_max_age;
        let mut tx = ctx.begin()?;
        let now = crate::time::now();
        let imported =
            lifecycle::import(&mut tx.vault, plan, self.overwrite, default_max_age, now)?;
        let targets: Vec<Target> = imported
            .iter()
            .filter(|i| !i.unchanged)
            .map(|i| Target::version(&i.name, i.version))
            .collect();
        if !targets.is_empty() {
            tx.commit()?;
            ctx.audit_written(Action::Import, &targets)?;
        }
        let written = match project {
            Some(p) => Some(p.write(
                ctx,
                "the secrets were imported; add the lines above to it, then `sesame allow`",
            )?),
            None => None,
        };
        let written = written.as_deref().map(|p| (p, self.profile.as_deref()));
        report(ctx, out, &imported, &skipped, written)
    }
}

/// `--prefix`, checked, without its trailing slashes (empty: none).
pub(super) fn prefix(given: Option<&str>) -> Result<Option<String>> {
    match given.map(|p| p.trim_end_matches('/')) {
        Some("") | None => Ok(None),
        Some(p) => {
            name::validate(p)?;
            Ok(Some(p.to_owned()))
        }
    }
}

/// The file's bindings, with `${VAR}` filled in from the environment unless
/// `--no-interpolate` (never from sesame's own `SESAME_` variables).
fn bindings(file: &Path, interpolate: bool) -> Result<Vec<dotenv::Binding>> {
    if file == Path::new("-") && std::io::stdin().is_terminal() {
        crate::stderr_line!(
            "sesame: reading KEY=value lines from the terminal; end with Ctrl-D (Ctrl-C to cancel)"
        );
    }
    let text = dotenv::read_source(file)?;
    let shown = if file == Path::new("-") {
        "stdin".into()
    } else {
        file.display().to_string()
    };
    let mut bindings = dotenv::parse(&dotenv::normalize_newlines(&text)).map_err(|e| match e {
        Error::Usage { what, hint } => Error::Usage {
            what: format!("{shown} {what}"),
            hint,
        },
        other => other,
    })?;
    if interpolate {
        let env = |n: &str| {
            if n.starts_with("SESAME_") {
                None
            } else {
                std::env::var(n).ok()
            }
        };
        dotenv::interpolate(&mut bindings, &env, text.len())?;
    }
    Ok(bindings)
}

/// What to store (a later binding of a key replaces an earlier one) and what
/// is skipped for want of a value. One invalid key refuses the whole file.
fn plan(
    bindings: Vec<dotenv::Binding>,
    prefix: Option<&str>,
    shown: &str,
) -> Result<(Vec<lifecycle::Import>, Vec<String>)> {
    // Whether each binding is its key's last: only that one is stored or
    // skipped (found linear where removing earlier ones was quadratic; issue 19).
    let mut later = std::collections::HashSet::new();
    let mut last = vec![false; bindings.len()];
    for (i, b) in bindings.iter().enumerate().rev() {
        last[i] = later.insert(b.key.as_str());
    }
    let mut plan: Vec<lifecycle::Import> = Vec::new();
    let mut skipped = Vec::new();
    for (b, last) in bindings.into_iter().zip(last) {
        // A line without `=` is read as a bare key, and such a line is often a
        // value (the second line of an unquoted PEM key, a pasted token): no
        // message may quote the key text, only its line number.
        let bad = |what: &str| {
            Error::usage(
                format!(
                    "{shown} line {}: the key is not a valid {what} (it is not shown: it may be a value)",
                    b.line
                ),
                "nothing was imported; fix that line (a multi-line value must be quoted)",
            )
        };
        name::validate_env_var(&b.key).map_err(|_| bad("environment variable name"))?;
        let full = match prefix {
            Some(p) => format!("{p}/{}", b.key),
            None => b.key.clone(),
        };
        name::validate(&full).map_err(|_| bad("secret name"))?;
        match b.value {
            // A bare line's note stays even when the key comes again.
            None => skipped.push(format!("line {} (no '=')", b.line)),
            _ if !last => {}
            Some(v) if !v.is_empty() => plan.push(lifecycle::Import {
                name: full,
                env: Some(b.key),
                value: SecretValue::new(v.to_string()),
                id: None,
                description: None,
            }),
            // `KEY=` names a key; a bare line may be a value: its number only.
            Some(_) => skipped.push(b.key),
        }
    }
    Ok((plan, skipped))
}

/// What was stored, as JSON or a count; skipped keys as a warning either way.
pub(super) fn report(
    ctx: &Context,
    out: &mut Output,
    imported: &[lifecycle::Imported],
    skipped: &[String],
    project: Option<(&Path, Option<&str>)>,
) -> Result<()> {
    if ctx.json {
        let list: Vec<_> = imported
            .iter()
            .filter(|i| !i.unchanged)
            .map(|i| serde_json::json!({ "name": i.name, "env": i.env, "version": i.version }))
            .collect();
        let unchanged: Vec<&str> = imported
            .iter()
            .filter(|i| i.unchanged)
            .map(|i| i.name.as_str())
            .collect();
        out.json(&serde_json::json!({
            "imported": list,
            "unchanged": unchanged,
            "skipped": skipped,
            "project": project.map(|(p, _)| p.to_string_lossy()),
        }))?;
    } else {
        let changed = imported.iter().filter(|i| !i.unchanged).count();
        let same = imported.len() - changed;
        let mut note = format!("Imported {}.", count(changed, "secret"));
        if same > 0 {
            note = format!(
                "Imported {}; {} already held the same value and got no new version.",
                count(changed, "secret"),
                same
            );
        }
        out.note(&note);
        if let Some((p, profile)) = project {
            out.note(&super::init_project::written_note(
                p,
                imported.len(),
                profile,
            ));
        }
    }
    if !skipped.is_empty() {
        out.warn(&format!("skipped (no value): {}", skipped.join(", ")));
    }
    Ok(())
}

/// `1 secret`, `2 secrets`.
pub(crate) fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
