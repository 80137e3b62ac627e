//! `sesame allow` and `sesame deny`: what this machine trusts a file others
//! can write for. A secret's stored rotate/revoke commands (`--secret`) are
//! here ([`secret`]); project files (`PATH`) too ([`project`], [`deny_project`]).
//!
//! The records live in `lifecycle::trust` (which commands run) and
//! `inject::trust` (which project files are used) on top of `state.rs`
//! (local files); this file asks and prints.

use std::fs::OpenOptions;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use super::{Context, Intent, Output, Run};
use crate::audit::{Action, Target};
use crate::cli::{AllowArgs, DenyArgs};
use crate::crypto::Identity;
use crate::error::{Error, IoContext, Result};
use crate::escape::escaped;
use crate::inject::project::{Project, hex};
use crate::inject::trust as projects;
use crate::lifecycle::trust::{self, Approvals, How, Kind, Trust};
use crate::lifecycle::{self, Change, Meta};
use crate::state::{State, StateKey};
use crate::vault::Vault;

impl Context {
    /// The identity this machine's records are sealed with: the first that
    /// unlocked the store.
    pub(crate) fn me(&self) -> Result<&Identity> {
        self.identities()?.first().ok_or_else(|| Error::Auth {
            what: "no identity unlocked the store".into(),
            hint: "check SESAME_IDENTITY / SESAME_IDENTITY_FILE".into(),
        })
    }

    /// This machine's records of trusted commands (unlocks the store).
    pub(crate) fn approvals(&self) -> Result<Approvals> {
        Approvals::open(State::locate()?, self.me()?)
    }

    /// Which stored commands of this store may run here (unlocks the store).
    pub(crate) fn trust(&self) -> Result<Trust> {
        let id = trust::store_id(&self.store)?;
        Ok(self.approvals()?.trust(&id).with_identity(self.me()?))
    }

    /// As [`Context::trust`], without reading the local state when no secret
    /// of `vault` has a stored command (there is nothing to trust then).
    pub(crate) fn trust_for(&self, vault: &Vault) -> Result<Trust> {
        let any = vault
            .secrets
            .values()
            .any(|s| s.policy.rotate_command.is_some() || s.policy.revoke_command.is_some());
        if any {
            self.trust()
        } else {
            Ok(Trust::default())
        }
    }

    /// Record that this machine's key wrote the commands of `name` that
    /// `meta` sets, as they now stand in `vault`. Called before the write is
    /// committed: if the record cannot be kept, nothing is written.
    pub(crate) fn note_written(&self, vault: &Vault, name: &str, meta: &Meta) -> Result<()> {
        let set = |c: &Change<String>| matches!(c, Change::Set(_));
        let kinds: Vec<Kind> = [
            (Kind::Rotate, set(&meta.rotate_command)),
            (Kind::Revoke, set(&meta.revoke_command)),
        ]
        .into_iter()
        .filter_map(|(k, s)| s.then_some(k))
        .collect();
        if kinds.is_empty() {
            return Ok(());
        }
        let secret = lifecycle::lookup(vault, name)?;
        let id = trust::store_id(&self.store)?;
        let mut approvals = self.approvals()?;
        for kind in kinds {
            if let Some(text) = kind.of(secret) {
                let now = crate::time::now();
                approvals.record(&id, self.store.dir(), name, kind, text, How::Written, now)?;
            }
        }
        Ok(())
    }
}

impl Run for AllowArgs {
    fn intent(&self) -> Option<Intent> {
        self.secret
            .as_deref()
            .and_then(|s| Intent::new(Action::Allow, [s]))
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        if self.list {
            return list(ctx, out);
        }
        match &self.secret {
            Some(name) => secret(ctx, out, name, self.yes),
            // An env file of `--env-file` (issue 18): any file not named sesame.toml.
            None if super::inject::is_env_file(self.path.as_deref()) => {
                let path = self.path.as_deref().unwrap_or(std::path::Path::new("."));
                super::inject::allow_env_file(ctx, out, path, self.sha256.as_deref())
            }
            None => project(ctx, out, &self),
        }
    }
}

impl Run for DenyArgs {
    fn intent(&self) -> Option<Intent> {
        self.secret
            .as_deref()
            .and_then(|s| Intent::new(Action::Deny, [s]))
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        match &self.secret {
            Some(name) => deny_secret(ctx, out, name),
            None => deny_project(ctx, out, self.path.as_deref()),
        }
    }
}

/// `allow [--sha256 HEX] [PATH]`: approve a project file as it is now
/// (or only if it still has the SHA-256 `HEX`), showing what it injects.
/// No question: the listing is what the refusal already showed.
fn project(ctx: &Context, out: &mut Output, args: &AllowArgs) -> Result<()> {
    let path = projects::target(args.path.as_deref())?;
    let project = Project::load(&path)?;
    let sha = hex(&project.sha256);
    let shown = escaped(&project.path.to_string_lossy()).to_string();
    if let Some(want) = &args.sha256
        && !want.trim().eq_ignore_ascii_case(&sha)
    {
        return Err(Error::usage(
            format!(
                "{shown} has changed: its SHA-256 is {sha}, not {}; nothing was approved",
                escaped(want.trim())
            ),
            format!(
                "read it again (`sesame run` shows what it injects), then approve it with `sesame allow --sha256 {sha} {}`",
                projects::shell_quoted(&project.path)
            ),
        ));
    }
    ctx.store.require()?;
    let key = StateKey::derive(ctx.me()?);
    let mut approvals = projects::Approvals::load(&key)?;
    if approvals.unsealed {
        out.warn(
            "the approvals of an earlier sesame (not sealed) are dropped; approve your other project files again",
        );
    }
    let changed = approvals.allow(&project)?;
    if ctx.json {
        return out.json(&serde_json::json!({
            "path": project.path.to_string_lossy(),
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
    for line in projects::injects(&project, None).lines() {
        out.note(line);
    }
    Ok(())
}

/// `deny [PATH]`: withdraw a project file's approval.
fn deny_project(ctx: &Context, out: &mut Output, path: Option<&Path>) -> Result<()> {
    let path = projects::target(path)?;
    // The approval names the real path; a file that is gone is named as given.
    let path = path.canonicalize().unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(&path))
            .unwrap_or(path)
    });
    ctx.store.require()?;
    let key = StateKey::derive(ctx.me()?);
    let had = projects::Approvals::load(&key)?.deny(&path)?;
    if ctx.json {
        return out.json(&serde_json::json!({
            "path": path.to_string_lossy(),
            "was_approved": had,
        }));
    }
    let shown = escaped(&path.to_string_lossy()).to_string();
    out.note(&if had {
        format!("{shown} is no longer approved.")
    } else {
        format!("{shown} was not approved.")
    });
    Ok(())
}

/// One approved project file, for `allow --list`.
#[derive(serde::Serialize)]
struct ListedProject<'a> {
    path: &'a str,
    sha256: &'a str,
    /// `approved` (the file is as approved), `changed`, or `missing`.
    status: &'static str,
}

fn listed_projects<'a>(approvals: &'a projects::Approvals<'_>) -> Vec<ListedProject<'a>> {
    approvals
        .list()
        .iter()
        .map(|a| ListedProject {
            path: &a.path,
            sha256: &a.sha256,
            status: if super::inject::is_env_file(Some(Path::new(&a.path))) {
                // An env file (`run --env-file`, issue 18) is not TOML.
                match super::inject::env_file_sha256(Path::new(&a.path)) {
                    Some(sha) if sha == a.sha256 => "approved",
                    None if !Path::new(&a.path).exists() => "missing",
                    _ => "changed",
                }
            } else {
                match Project::load(Path::new(&a.path)) {
                    Ok(p) if hex(&p.sha256) == a.sha256 && p.path.to_str() == Some(&a.path) => {
                        "approved"
                    }
                    Err(_) if !Path::new(&a.path).exists() => "missing",
                    _ => "changed",
                }
            },
        })
        .collect()
}

/// `allow --secret NAME`: show the commands not yet trusted, ask, record.
fn secret(ctx: &Context, out: &mut Output, name: &str, yes: bool) -> Result<()> {
    crate::name::validate(name)?;
    let vault = ctx.load_selected(&|n| n == name)?;
    let s = lifecycle::lookup(&vault, name)?;
    let commands: Vec<(Kind, &str)> = [Kind::Rotate, Kind::Revoke]
        .into_iter()
        .filter_map(|k| k.of(s).map(|t| (k, t)))
        .collect();
    if commands.is_empty() {
        return Err(Error::usage(
            format!("'{name}' has no rotate or revoke command"),
            format!("nothing to approve; see `sesame show {name}`"),
        ));
    }
    let trust = ctx.trust()?;
    let pending: Vec<(Kind, &str)> = commands
        .iter()
        .copied()
        .filter(|(k, t)| !trust.standing(s, name, *k, t).runs())
        .collect();
    if pending.is_empty() {
        ctx.audit(Action::Allow, &[Target::name(name)])?;
        return done(ctx, out, name, &[]);
    }
    let mut listing = format!(
        "The stored commands of '{name}' in {} (run through `sh -c` as you, with the secret's values in their environment):\n",
        escaped(&ctx.store.dir().to_string_lossy())
    );
    for (kind, text) in &pending {
        listing.push_str(&format!("  {}: {}\n", kind.as_str(), escaped(text)));
    }
    if !yes {
        if !ctx.prompt().available() {
            return Err(Error::usage(
                format!("no terminal to ask whether to approve the commands of '{name}'"),
                format!(
                    "read them with `sesame show {name}`, then run `sesame allow --secret {name} --yes`"
                ),
            ));
        }
        if !confirm(&format!(
            "{listing}Approve and let them run on this machine? [y/N] "
        ))? {
            return Err(Error::Other(format!(
                "the commands of '{name}' were not approved — nothing was recorded; they will not run"
            )));
        }
    } else {
        out.note(listing.trim_end());
    }
    let id = trust::store_id(&ctx.store)?;
    let mut approvals = ctx.approvals()?;
    let now = crate::time::now();
    for (kind, text) in &pending {
        approvals.record(&id, ctx.store.dir(), name, *kind, text, How::Approved, now)?;
    }
    ctx.audit(Action::Allow, &[Target::name(name)])?;
    let kinds: Vec<&str> = pending.iter().map(|(k, _)| k.as_str()).collect();
    done(ctx, out, name, &kinds)
}

fn done(ctx: &Context, out: &mut Output, name: &str, kinds: &[&str]) -> Result<()> {
    if ctx.json {
        return out.json(&serde_json::json!({ "secret": name, "approved": kinds }));
    }
    if kinds.is_empty() {
        out.note(&format!(
            "The commands of '{name}' are already trusted here; nothing to approve."
        ));
    } else {
        out.note(&format!(
            "Approved the {} command{} of '{name}' on this machine.",
            kinds.join(" and "),
            if kinds.len() == 1 { "" } else { "s" }
        ));
    }
    Ok(())
}

/// Ask `question` on the terminal; true for "y" or "yes".
fn confirm(question: &str) -> Result<bool> {
    let tty = OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .context(|| "could not open the terminal".into())?;
    (&tty)
        .write_all(question.as_bytes())
        .context(|| "could not write to the terminal".into())?;
    let mut line = String::new();
    BufReader::new(&tty)
        .read_line(&mut line)
        .context(|| "could not read from the terminal".into())?;
    Ok(matches!(
        line.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// `deny --secret NAME`: forget this store's records for NAME's commands.
fn deny_secret(ctx: &Context, out: &mut Output, name: &str) -> Result<()> {
    crate::name::validate(name)?;
    ctx.store.require()?;
    let id = trust::store_id(&ctx.store)?;
    let mut approvals = ctx.approvals()?;
    let gone = approvals.forget(&id, name)?;
    ctx.audit(Action::Deny, &[Target::name(name)])?;
    if ctx.json {
        return out.json(&serde_json::json!({ "secret": name, "withdrawn": gone }));
    }
    if gone == 0 {
        out.note(&format!("Nothing was approved for '{name}' here."));
    } else {
        out.note(&format!(
            "The commands of '{name}' are no longer trusted here: they will not run until approved again."
        ));
    }
    Ok(())
}

/// `allow --list`: what this machine trusts: project files, then stored
/// commands for every store (both records are sealed: this unlocks).
fn list(ctx: &Context, out: &mut Output) -> Result<()> {
    let key = StateKey::derive(ctx.me()?);
    let project_approvals = projects::Approvals::load(&key)?;
    if project_approvals.unsealed {
        out.warn("the project approvals on this machine are from an earlier sesame (not sealed) and count for nothing: approve the files again");
    }
    let project_rows = listed_projects(&project_approvals);
    let approvals = ctx.approvals()?;
    let mut records = approvals.records().to_vec();
    records.sort_by(|a, b| (&a.store_path, &a.secret).cmp(&(&b.store_path, &b.secret)));
    if ctx.json {
        return out.json(&serde_json::json!({ "projects": project_rows, "commands": records }));
    }
    for r in &project_rows {
        // Records are checked on reading (64 hex digits), and characters
        // are taken, never a byte range: no record can make this panic.
        let short: String = r.sha256.chars().take(12).collect();
        out.line(&format!("{:<8}  {short}  {}", r.status, escaped(r.path)))?;
    }
    if records.is_empty() && project_rows.is_empty() {
        out.note("Nothing is approved on this machine: no project file, no stored command.");
        return Ok(());
    }
    for r in &records {
        let how = match r.how {
            How::Written => "written here",
            How::Approved => "approved",
        };
        out.line(&format!(
            "{:<6}  {}  {how:<12}  {}  {}",
            r.kind.as_str(),
            escaped(&r.secret),
            r.at,
            escaped(&r.store_path)
        ))?;
    }
    Ok(())
}
