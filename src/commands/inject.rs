//! `sesame inject` (templates), and the env files of `run --env-file` and
//! `env --env-file`: reading them, their approval, and `allow FILE` for them.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use super::{Context, Intent, Output, Run};
use crate::audit::{Action, Target};
use crate::cli::InjectArgs;
use crate::error::{Error, IoContext, Result};
use crate::escape::escaped;
use crate::inject::envfile::{self, EnvFile, EnvValue};
use crate::inject::project::hex;
use crate::inject::template::{self, Reference};
use crate::inject::trust::{self, Approvals};
use crate::lifecycle;
use crate::state::StateKey;
use crate::value::SecretValue;

impl Run for InjectArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Inject, [])
    }

    fn run(mut self, ctx: &Context, out: &mut Output) -> Result<()> {
        // `-o -` is stdout, as `-i -` is stdin.
        if self.output.as_deref() == Some(Path::new("-")) {
            self.output = None;
        }
        // Before the store is unlocked: where the output goes.
        if let Some(path) = &self.output {
            check_target(path)?;
        }
        if self.output.is_none() && !self.terminal && std::io::stdout().is_terminal() {
            return Err(Error::usage(
                "not printing the rendered secrets to the terminal",
                "write them to a file (-o FILE, or > FILE), or pass --terminal to see them here",
            ));
        }
        let text = read_template(self.input.as_deref())?;
        let tpl = template::parse(&text).map_err(|e| in_file(e, self.input.as_deref()))?;
        let rendered = if tpl.refs.is_empty() {
            tpl.render(&[])?
        } else {
            let names: Vec<&str> = unique(tpl.refs.iter().map(|r| r.name.as_str()));
            ctx.audit.set_intent_secrets(&names);
            let vault = ctx.load_names(&names)?;
            let (values, targets) = resolve(&vault, &tpl.refs)?;
            let values: Vec<&str> = values.iter().map(SecretValue::expose).collect();
            let rendered = tpl.render(&values)?;
            // Recorded before anything is written: no record, no value.
            ctx.audit(Action::Inject, &targets)?;
            rendered
        };
        match &self.output {
            Some(path) => write_atomic(path, rendered.as_bytes()),
            None => out.raw(rendered.as_bytes()),
        }
    }
}

/// The template's text: `-i FILE`, or stdin (`-` too).
fn read_template(input: Option<&Path>) -> Result<String> {
    let mut text = String::new();
    match input {
        Some(p) if p != Path::new("-") => {
            std::fs::File::open(p)
                .and_then(|mut f| f.read_to_string(&mut text))
                .context(|| format!("could not read {}", p.display()))?;
        }
        _ => {
            if std::io::stdin().is_terminal() {
                crate::stderr_line!(
                    "sesame: reading the template from the terminal; end with Ctrl-D (Ctrl-C to cancel)"
                );
            }
            std::io::stdin()
                .lock()
                .read_to_string(&mut text)
                .context(|| "could not read the template from stdin (is it UTF-8 text?)".into())?;
        }
    }
    Ok(text)
}

/// A template error with the file's name in front.
fn in_file(e: Error, input: Option<&Path>) -> Error {
    let shown = match input {
        Some(p) if p != Path::new("-") => escaped(&p.to_string_lossy()).to_string(),
        _ => "stdin".to_owned(),
    };
    match e {
        Error::Usage { what, hint } => Error::Usage {
            what: format!("{shown} {what}"),
            hint,
        },
        other => other,
    }
}

/// Each item once, in order of first appearance.
fn unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

/// The value (or key id) of every reference, and what was handed out for the
/// audit log; every reference that cannot be rendered is named in one error.
fn resolve(
    vault: &crate::vault::Vault,
    refs: &[Reference],
) -> Result<(Vec<SecretValue>, Vec<Target>)> {
    let now = crate::time::now();
    let mut values = Vec::with_capacity(refs.len());
    let mut targets: Vec<Target> = Vec::new();
    let mut failed = Failed::new();
    let mut first: BTreeMap<String, usize> = BTreeMap::new();
    let mut other: Option<Error> = None;
    for r in refs {
        let got = lifecycle::live(vault, &r.name, None, now).and_then(|(version, value)| {
            let value = if r.id {
                SecretValue::new(lifecycle::live_id(vault, &r.name, None, now)?.to_owned())
            } else {
                value.clone()
            };
            Ok((version.n, value))
        });
        match got {
            Ok((n, value)) => {
                let t = Target::version(&r.name, n);
                if !targets.contains(&t) {
                    targets.push(t);
                }
                values.push(value);
            }
            Err(e @ (Error::NotFound { .. } | Error::NotLive { .. })) => {
                let shown = r.shown();
                let order = *first.entry(shown.clone()).or_insert(r.line);
                let (why, missing) = match &e {
                    Error::NotLive { why, .. } => (why.clone(), false),
                    _ => ("is missing".to_owned(), true),
                };
                failed
                    .entry((order, shown))
                    .or_insert((why, Vec::new(), missing))
                    .1
                    .push(r.line);
                values.push(SecretValue::new(String::new()));
            }
            Err(e) => {
                // A reference sesame cannot serve (`#id` of a version without
                // one): reported after the missing ones, which the user must
                // fix first anyway.
                if other.is_none() {
                    other = Some(match e {
                        Error::Usage { what, hint } => Error::Usage {
                            what: format!("line {}: {what}", r.line),
                            hint: format!("{hint}; nothing was written"),
                        },
                        e => e,
                    });
                }
                values.push(SecretValue::new(String::new()));
            }
        }
    }
    if failed.is_empty() {
        return match other {
            Some(e) => Err(e),
            None => Ok((values, targets)),
        };
    }
    Err(unavailable(&failed))
}

/// Failed references as written → (why, lines, whether missing), in the
/// order of their first line.
type Failed = BTreeMap<(usize, String), (String, Vec<usize>, bool)>;

/// One error naming every reference that cannot be rendered, with its lines.
fn unavailable(failed: &Failed) -> Error {
    let missing = failed.values().any(|(_, _, m)| *m);
    let parts: Vec<String> = failed
        .iter()
        .map(|((_, shown), (why, lines, _))| {
            let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
            let word = if lines.len() == 1 { "line" } else { "lines" };
            format!("'{shown}' {why} ({word} {})", lines.join(", "))
        })
        .collect();
    let what = if parts.len() == 1 {
        format!("secret {}", parts[0])
    } else {
        format!(
            "{} references cannot be rendered: {}",
            parts.len(),
            parts.join("; ")
        )
    };
    let lone_missing = match failed.iter().next() {
        Some(((_, shown), (_, _, true))) if failed.len() == 1 => {
            Some(shown.trim_end_matches("#id").to_owned())
        }
        _ => None,
    };
    Error::Unavailable {
        what,
        hint: "nothing was written; store each with `sesame set NAME`, or change the template"
            .into(),
        missing,
        lone_missing,
    }
}

/// `-o PATH` must be a regular file or nothing yet: a rename over a
/// symbolic link would replace the link (a dotfile linked into a dotfiles
/// repository silently stops being one), and over a device or a FIFO
/// (`/dev/stdout` as root) would put the secrets in a new file there.
fn check_target(path: &Path) -> Result<()> {
    let shown = || escaped(&path.to_string_lossy()).into_owned();
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::usage(
            format!("{} is a symbolic link", shown()),
            "give -o the file it points to (the link would be replaced by a file), or write to stdout; nothing was written",
        )),
        Ok(m) if m.is_dir() => Err(Error::usage(
            format!("{} is a directory", shown()),
            "give -o a file name; nothing was written",
        )),
        Ok(m) if !m.is_file() => Err(Error::usage(
            format!("{} is not a regular file", shown()),
            "write to stdout instead (leave out -o, or -o -); nothing was written",
        )),
        _ => Ok(()),
    }
}

/// Write `bytes` to `path` as a new 0600 file renamed over it: a reader sees
/// the old file or the new one, never a part.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
        Error::usage(
            format!("{} names no file", escaped(&path.to_string_lossy())),
            "give -o a file name (UTF-8)",
        )
    })?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.is_dir() {
        return Err(Error::usage(
            format!("{} is a directory", escaped(&path.to_string_lossy())),
            "give -o a file name; nothing was written",
        ));
    }
    crate::vault::fsutil::replace(dir, name, bytes)
        .context(|| format!("could not write {}; it was left as it was", path.display()))
}

/// The `--env-file`s, each read once; those with references must be
/// approved on this machine (or pinned in `SESAME_ENV_FILE_SHA256`), else
/// nothing is injected (exit 2) and what the file would inject is listed.
pub(super) fn env_files(ctx: &Context, paths: &[PathBuf]) -> Result<Vec<EnvFile>> {
    let env = |n: &str| std::env::var(n).ok();
    let files = paths
        .iter()
        .map(|p| EnvFile::load(p, &env))
        .collect::<Result<Vec<_>>>()?;
    let asking: Vec<&EnvFile> = files.iter().filter(|f| f.has_references()).collect();
    if asking.is_empty() {
        return Ok(files);
    }
    if let Some(pins) = envfile::pins()? {
        if let Some(f) = asking.iter().find(|f| !pins.contains(&hex(&f.sha256))) {
            return Err(Error::usage(
                format!(
                    "{} does not have a SHA-256 that {} pins (it has {})",
                    escaped(&f.path.to_string_lossy()),
                    envfile::ENV_FILE_SHA256,
                    hex(&f.sha256)
                ),
                "nothing was injected; review the file and update the pin",
            ));
        }
        return Ok(files);
    }
    // Approvals are sealed with the unlocking identity (run unlocks anyway).
    ctx.store.require()?;
    let key = StateKey::derive(ctx.me()?);
    let approvals = Approvals::load(&key)?;
    if let Some(f) = asking
        .iter()
        .find(|f| !approvals.approves_file(&f.path, &f.sha256))
    {
        let shown = escaped(&f.path.to_string_lossy()).to_string();
        crate::stderr_line!(
            "sesame: {shown} is not approved (new, or changed since it was approved); it would inject:"
        );
        for line in injects(f).lines() {
            crate::stderr_line!("{line}");
        }
        return Err(Error::usage(
            format!("{shown} is not approved, so nothing was injected"),
            format!(
                "read it, then run `sesame allow --sha256 {} {}`",
                hex(&f.sha256),
                trust::shell_quoted(&f.path)
            ),
        ));
    }
    Ok(files)
}

/// What an env file injects from the store, one `  VAR <- secret` line each,
/// and how many plain values it passes through.
fn injects(f: &EnvFile) -> String {
    let mut out = String::new();
    let mut plain = 0;
    for e in &f.entries {
        match &e.value {
            EnvValue::Reference(n, id) => {
                let id = if *id { "#id" } else { "" };
                out.push_str(&format!("    {} <- {n}{id}\n", e.var));
            }
            EnvValue::Plain(_) => plain += 1,
        }
    }
    if plain > 0 {
        let s = if plain == 1 { "" } else { "s" };
        out.push_str(&format!("    and {plain} plain value{s}, passed through\n"));
    }
    out
}

/// The secrets the env files refer to.
pub(super) fn referenced(files: &[EnvFile]) -> impl Iterator<Item = &str> {
    files
        .iter()
        .flat_map(|f| &f.entries)
        .filter_map(|e| match &e.value {
            EnvValue::Reference(n, _) => Some(n.as_str()),
            EnvValue::Plain(_) => None,
        })
}

/// Whether `allow PATH` names an env file rather than a project file: a file
/// not called `sesame.toml`.
pub(super) fn is_env_file(path: Option<&Path>) -> bool {
    path.is_some_and(|p| {
        !p.is_dir()
            && p.file_name()
                .is_some_and(|n| n != crate::inject::project::PROJECT_FILE)
    })
}

/// The SHA-256 (hex) of an env file as `run --env-file` reads it, for
/// `allow --list` (`None` when it cannot be read).
pub(super) fn env_file_sha256(path: &Path) -> Option<String> {
    EnvFile::load(path, &|_| None)
        .ok()
        .filter(|f| f.path == path)
        .map(|f| hex(&f.sha256))
}

/// `allow [--sha256 HEX] FILE` for an env file: approve it as it is now.
pub(super) fn allow_env_file(
    ctx: &Context,
    out: &mut Output,
    path: &Path,
    want: Option<&str>,
) -> Result<()> {
    let f = EnvFile::load(path, &|n| std::env::var(n).ok())?;
    let sha = hex(&f.sha256);
    let shown = escaped(&f.path.to_string_lossy()).to_string();
    if let Some(want) = want
        && !want.trim().eq_ignore_ascii_case(&sha)
    {
        return Err(Error::usage(
            format!(
                "{shown} has changed: its SHA-256 is {sha}, not {}; nothing was approved",
                escaped(want.trim())
            ),
            format!(
                "read it again, then approve it with `sesame allow --sha256 {sha} {}`",
                trust::shell_quoted(&f.path)
            ),
        ));
    }
    ctx.store.require()?;
    let key = StateKey::derive(ctx.me()?);
    let mut approvals = Approvals::load(&key)?;
    let changed = approvals.allow_file(&f.path, &f.sha256)?;
    if ctx.json {
        return out.json(&serde_json::json!({
            "path": f.path.to_string_lossy(),
            "sha256": sha,
            "approved": true,
            "was_approved": !changed,
        }));
    }
    out.note(&format!(
        "{} {shown} (SHA-256 {sha}); it injects:",
        if changed {
            "Approved"
        } else {
            "Already approved:"
        },
    ));
    for line in injects(&f).lines() {
        out.note(line);
    }
    Ok(())
}
