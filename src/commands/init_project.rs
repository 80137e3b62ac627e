//! `sesame init-project`, and the project file of `import --write-project`:
//! a new `sesame.toml` in the working directory, approved as written
//! (`inject::scaffold`), never one over an existing file.

use std::path::{Path, PathBuf};

use super::{Context, Intent, Output, Run};
use crate::audit::Action;
use crate::cli::InitProjectArgs;
use crate::error::{Error, Result};
use crate::inject::scaffold;
use crate::lifecycle;
use crate::name;

impl Run for InitProjectArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::List, [])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let prefix = match self.prefix.as_deref().map(|p| p.trim_end_matches('/')) {
            Some("") | None => String::new(),
            Some(p) => {
                name::validate(p)?;
                format!("{p}/")
            }
        };
        let vault = ctx.load()?;
        // Names and metadata only, as `list`: no value is handed out.
        ctx.audit(Action::List, &[])?;
        let now = crate::time::now();
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut left_out = Vec::new();
        for (n, s) in vault.secrets.range(prefix.clone()..) {
            if !n.starts_with(&prefix) {
                break;
            }
            // As `run --prefix` selects (`inject::select`): live values only.
            if !s.has_live_version() || s.is_expired(now) || s.current().is_none() {
                left_out.push(n.clone());
                continue;
            }
            let var = lifecycle::env_var(n, s);
            if let Some((_, other)) = pairs.iter().find(|(v, _)| *v == var) {
                return Err(Error::usage(
                    format!("'{other}' and '{n}' would both be {var}"),
                    format!("give one its own variable: sesame edit {n} --env VAR"),
                ));
            }
            pairs.push((var, n.clone()));
        }
        if pairs.is_empty() {
            return Err(Error::NotFound {
                name: format!("{prefix}*"),
            });
        }
        if !left_out.is_empty() {
            out.warn(&format!(
                "left out (revoked or expired): {}",
                left_out.join(", ")
            ));
        }
        let n = pairs.len();
        let path =
            prepare(self.profile.as_deref(), pairs, "init-project", HINT)?.write(ctx, HINT)?;
        if ctx.json {
            return out.json(&serde_json::json!({
                "project": path.to_string_lossy(),
                "variables": n,
            }));
        }
        out.note(&written_note(&path, n, self.profile.as_deref()));
        Ok(())
    }
}

/// What happened and what to do when a project file is in the way.
const HINT: &str = "nothing was written; add the lines above to it, then `sesame allow`";

/// A project file ready to be written in the working directory.
pub(super) struct Prepared {
    dir: PathBuf,
    profile: Option<String>,
    pairs: Vec<(String, String)>,
    text: String,
}

/// The text mapping `pairs` (variable, secret), checked; refused (exit 2,
/// after printing the lines to add) when `run` would find a project file
/// here or above already.
pub(super) fn prepare(
    profile: Option<&str>,
    pairs: Vec<(String, String)>,
    by: &str,
    done: &str,
) -> Result<Prepared> {
    if let Some(p) = profile
        && (p.is_empty()
            || !p
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b)))
    {
        return Err(Error::usage(
            format!("'{p}' is not a valid profile name"),
            "use letters, digits, '_', '.' and '-', like prod",
        ));
    }
    let text = scaffold::render(profile, &pairs, by)?;
    let dir = std::env::current_dir().map_err(|e| {
        Error::usage(
            format!("cannot read the working directory: {e}"),
            "cd to the project's directory",
        )
    })?;
    let prepared = Prepared {
        dir,
        profile: profile.map(str::to_owned),
        pairs,
        text,
    };
    if let Some(existing) = scaffold::existing(&prepared.dir)? {
        prepared.print_lines(&existing);
        return Err(scaffold::exists_error(&existing, done));
    }
    Ok(prepared)
}

impl Prepared {
    /// Write and approve it; `done` says what already happened, for the
    /// refusal when a file appeared meanwhile.
    pub(super) fn write(self, ctx: &Context, done: &str) -> Result<PathBuf> {
        let key = crate::state::StateKey::derive(ctx.me()?);
        match scaffold::write_and_approve(&self.dir, &self.text, &key)? {
            Some(path) => Ok(path),
            None => {
                let path = self.dir.join(crate::inject::project::PROJECT_FILE);
                self.print_lines(&path);
                Err(scaffold::exists_error(&path, done))
            }
        }
    }

    fn print_lines(&self, existing: &Path) {
        crate::stderr_line!("sesame: the lines to add to {}:", existing.display());
        for line in scaffold::table_lines(self.profile.as_deref(), &self.pairs).lines() {
            crate::stderr_line!("  {line}");
        }
    }
}

/// What was written, and what to do next.
pub(super) fn written_note(path: &Path, n: usize, profile: Option<&str>) -> String {
    let run = match profile {
        Some(p) => format!("sesame run --profile {p} -- CMD"),
        None => "sesame run -- CMD".to_owned(),
    };
    format!(
        "Wrote {} ({}) and approved it on this machine; `{run}` now injects them.",
        path.display(),
        super::import::count(n, "variable")
    )
}
