//! `sesame env`: print the selected secrets for other tools.

use std::io::IsTerminal;
use std::path::PathBuf;

use zeroize::Zeroizing;

use super::{Context, Intent, Output, Run};
use crate::audit::Action;
use crate::cli::{EnvArgs, EnvFormat};
use crate::error::{Error, Result};
use crate::inject::format::{self, Var};

impl Run for EnvArgs {
    fn intent(&self) -> Option<Intent> {
        super::run::intent(Action::Env, &self.select)
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let fmt = if ctx.json {
            EnvFormat::Json
        } else {
            self.format
        };
        // Every flag is checked before the store is unlocked.
        let github_env = self.check(fmt)?;
        let sel = super::run::select(ctx, &self.select, out)?;
        refuse_files(&sel.items)?;
        ctx.audit(Action::Env, &super::run::targets(&sel))?;
        // On a terminal, a value that could drive it is shown escaped (as
        // `get` does); into a pipe or a file, or with --raw, the bytes.
        let escape = !self.raw && std::io::stdout().is_terminal();
        let shown = |text: &str| -> Zeroizing<String> {
            let mut s = Zeroizing::new(String::with_capacity(4 * text.len()));
            if escape {
                crate::escape::escape_lines_into(text, &mut s);
            } else {
                s.push_str(text);
            }
            s
        };
        let vars: Vec<Var<'_>> = sel
            .items
            .iter()
            .map(|i| Var {
                name: &i.var,
                // A plain value of an env file has no secret behind it.
                secret: if i.name.is_empty() {
                    "an env file"
                } else {
                    &i.name
                },
                value: i.value.expose(),
            })
            .collect();
        match fmt {
            EnvFormat::Dotenv => {
                let text = format::dotenv(&vars)?;
                let hazards = format::interpolation_hazards(&vars);
                if !hazards.is_empty() {
                    out.warn(&format!(
                        "{} contain '${{', which dotenv readers that interpolate more than python-dotenv (docker compose) may expand",
                        hazards.join(", ")
                    ));
                }
                out.raw(shown(&text).as_bytes())
            }
            EnvFormat::Shell => out.raw(shown(&format::shell(&vars)?).as_bytes()),
            EnvFormat::Fish => out.raw(shown(&format::fish(&vars)?).as_bytes()),
            EnvFormat::Json => out.raw(format::json(&vars)?.as_bytes()),
            EnvFormat::K8s => out.raw(
                shown(&format::k8s(
                    self.name.as_deref().unwrap_or_default(),
                    self.namespace.as_deref(),
                    &vars,
                )?)
                .as_bytes(),
            ),
            EnvFormat::Github => {
                let entries = format::github_env(&vars)?;
                // Masks first, so that no value can reach the log unmasked.
                out.raw(shown(&format::github_masks(&vars)).as_bytes())?;
                out.flush()?;
                if let Some(path) = github_env {
                    format::append_github_env(&path, &entries)?;
                }
                out.note(&format!("Added {} variables to $GITHUB_ENV.", vars.len()));
                Ok(())
            }
        }
    }
}

/// `env` prints values; a file hand-over (`file = true` in sesame.toml) has
/// no file to point to once sesame has exited, and printing the file's
/// contents where a path belongs breaks the program that reads it.
fn refuse_files(items: &[crate::inject::select::Injection]) -> Result<()> {
    let files: Vec<&str> = items
        .iter()
        .filter(|i| i.file)
        .map(|i| i.var.as_str())
        .collect();
    let Some(first) = items.iter().find(|i| i.file) else {
        return Ok(());
    };
    Err(Error::usage(
        format!(
            "{} {} handed over as a file (file = true in sesame.toml), which `env` cannot do: no file outlives it",
            files.join(", "),
            if files.len() == 1 { "is" } else { "are" },
        ),
        format!(
            "use `sesame run -- CMD`, which writes a private file and removes it after CMD, or print the value inline with `-s {}={}`",
            first.name, first.var
        ),
    ))
}

impl EnvArgs {
    /// The flags that only some formats take, checked for `fmt`; for `github`,
    /// the file that `$GITHUB_ENV` names.
    fn check(&self, fmt: EnvFormat) -> Result<Option<PathBuf>> {
        if let Some(f) = self.select.files.first() {
            return Err(Error::usage(
                format!(
                    "-f {f} asks for a file hand-over, which `env` cannot do: no file outlives it"
                ),
                "use `sesame run -f … -- CMD`, which writes a private file and removes it after CMD, or -s to print the value inline",
            ));
        }
        if fmt != EnvFormat::K8s && (self.name.is_some() || self.namespace.is_some()) {
            return Err(Error::usage(
                "--name and --namespace are for --format k8s",
                "add --format k8s or leave them out",
            ));
        }
        if fmt == EnvFormat::K8s {
            let name = self.name.as_deref().ok_or_else(|| {
                Error::usage(
                    "--format k8s needs --name",
                    "e.g. --format k8s --name myapp",
                )
            })?;
            format::check_k8s_name(name, false)?;
            if let Some(ns) = &self.namespace {
                format::check_k8s_name(ns, true)?;
            }
        }
        if fmt != EnvFormat::Github {
            return Ok(None);
        }
        std::env::var_os("GITHUB_ENV")
            .filter(|v| !v.is_empty())
            .map(|v| Some(PathBuf::from(v)))
            .ok_or_else(|| {
                Error::usage(
                    "GITHUB_ENV is not set, so --format github has nowhere to write",
                    "use it inside a GitHub Actions step, or choose another --format",
                )
            })
    }
}
