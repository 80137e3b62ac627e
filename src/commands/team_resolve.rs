//! `sesame team resolve`, and git's drivers for a store's manifest: the
//! hidden `team merge-driver %O %A %B %P` and `team diff-driver FILE`.

use std::path::{Path, PathBuf};

use super::{Context, Output, Run};
use crate::cli::{Cli, Command, DiffDriverArgs, MergeDriverArgs, TeamCommand, TeamResolveArgs};
use crate::error::{Error, IoContext, Result};
use crate::team::git::Repo;
use crate::unlock::NoPrompt;
use crate::vault::merge::{Inputs, Merged, Outcome};
use crate::vault::{Store, v2};

/// git runs the drivers at the top of the work tree: the merge driver names
/// the manifest's path (%P), so its store is that file's directory; the diff
/// driver gets only a copy of the file, so its store is the one in the work
/// tree with the same store id (or `--store`, `SESAME_STORE` as usual).
pub(crate) fn store_of_driver(cli: &mut Cli) {
    let Command::Team(team) = &cli.command else {
        return;
    };
    let found = match team {
        TeamCommand::MergeDriver(MergeDriverArgs {
            path: Some(path), ..
        }) => std::env::current_dir()
            .ok()
            .and_then(|cwd| cwd.join(path).parent().map(Path::to_path_buf)),
        TeamCommand::DiffDriver(a) if cli.store.is_none() => store_with_id_of(&a.file),
        _ => None,
    };
    if found.is_some() {
        cli.store = found;
    }
}

/// The store under the working directory (three levels down at most)
/// whose manifest names the same store id as `file`.
fn store_with_id_of(file: &Path) -> Option<PathBuf> {
    let id = store_id(&std::fs::read(file).ok()?)?;
    let mut dirs = vec![std::env::current_dir().ok()?];
    for _ in 0..3 {
        let mut next = Vec::new();
        for d in &dirs {
            if std::fs::read(d.join(v2::MANIFEST_FILE))
                .ok()
                .and_then(|b| store_id(&b))
                .is_some_and(|i| i == id)
            {
                return Some(d.clone());
            }
            let Ok(entries) = std::fs::read_dir(d) else {
                continue;
            };
            next.extend(
                entries
                    .flatten()
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()) && e.file_name() != ".git")
                    .map(|e| e.path()),
            );
        }
        dirs = next;
    }
    None
}

fn store_id(manifest: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(manifest).ok()?;
    v["header"]["store_id"].as_str().map(str::to_owned)
}

/// Unlock without asking anyone (cached, password or identity variables).
fn unlock_quietly(ctx: &Context) -> Result<Vec<crate::crypto::Identity>> {
    let u = crate::unlock::unlock(&ctx.store, ctx.unlock_env(), &NoPrompt)?;
    Ok(u.identities)
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).context(|| format!("could not read {}", path.display()))
}

impl Run for MergeDriverArgs {
    /// git's merge driver: merge in place into %A, or fail (non-zero, one
    /// line) leaving %A as it was, so that git reports a conflict.
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        ctx.store.require()?;
        let base = read(&self.base)?;
        let ours = read(&self.ours)?;
        let theirs = read(&self.theirs)?;
        let identities = unlock_quietly(ctx).map_err(|e| match e {
            Error::NoUnlockSource => Error::Other(
                "the store is locked, so git's merge driver cannot merge it — run `sesame unlock` and then `sesame team resolve`".into(),
            ),
            other => other,
        })?;
        let inputs = Inputs {
            base: (!base.is_empty()).then_some(&base[..]),
            ours: &ours,
            theirs: &theirs,
        };
        let merged = ctx.store.merge(&identities, inputs, None)?;
        if merged.outcome != Outcome::Ours && merged.outcome != Outcome::Same {
            std::fs::write(&self.ours, &merged.manifest)
                .context(|| format!("could not write {}", self.ours.display()))?;
        }
        out.note(&format!(
            "sesame: merged the store's manifest ({})",
            describe(&merged)
        ));
        Ok(())
    }
}

/// A few words on what a merge did.
pub(crate) fn describe(merged: &Merged) -> String {
    let what = match merged.outcome {
        Outcome::Same => "both sides the same".to_owned(),
        Outcome::Ours => "ours already held theirs".to_owned(),
        Outcome::Theirs => "theirs descends from ours".to_owned(),
        Outcome::Merged => format!("{} new vault file(s)", merged.files.len()),
    };
    if merged.flagged.is_empty() {
        what
    } else {
        format!(
            "{what}; kept both values of {} (see `sesame status`)",
            merged.flagged.join(", ")
        )
    }
}

impl Run for TeamResolveArgs {
    fn intent(&self) -> Option<super::Intent> {
        super::Intent::new(crate::audit::Action::Merge, [])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        ctx.store.require()?;
        // Unlock before git runs: git is started outside the session keyring.
        let identities = ctx.identities()?;
        let repo = Repo::of_store(ctx.store.dir())?;
        let manifest = repo.rel(v2::MANIFEST_FILE);
        let staged = repo.ok(&["ls-files", "-u", "--", &manifest])?;
        if staged.is_empty() {
            out.note(&format!(
                "Nothing to resolve: git has no conflict in {manifest}."
            ));
            return Ok(());
        }
        let stages = repo.blobs(&[
            format!(":1:{manifest}"),
            format!(":2:{manifest}"),
            format!(":3:{manifest}"),
        ])?;
        let (Some(ours), Some(theirs)) = (&stages[1], &stages[2]) else {
            return Err(Error::usage(
                format!(
                    "git holds {manifest} on one side of the merge only (removed on the other)"
                ),
                "keep the side you want with `git checkout --ours` or `--theirs` and `git add` it",
            ));
        };
        let revs = repo.merge_revisions()?;
        let fetch = |d: &str| repo.find_bucket(d, &revs);
        let inputs = Inputs {
            base: stages[0].as_deref(),
            ours,
            theirs,
        };
        let merged = ctx.store.merge(identities, inputs, Some(&fetch))?;
        let written = stage_merged(&ctx.store, &repo, &merged)?;
        audit_merge(ctx, &merged)?;
        if ctx.json {
            return out.json(&serde_json::json!({
                "merged": true,
                "files": written,
                "flagged": merged.flagged,
            }));
        }
        out.note(&format!(
            "Merged {manifest}: {}. Staged with `git add`; now `git commit` (or `git rebase --continue`).",
            describe(&merged)
        ));
        Ok(())
    }
}

/// Record a merge written, naming the secrets it flagged.
pub(crate) fn audit_merge(ctx: &Context, merged: &Merged) -> Result<()> {
    let flagged: Vec<crate::audit::Target> = merged
        .flagged
        .iter()
        .map(crate::audit::Target::name)
        .collect();
    ctx.audit(crate::audit::Action::Merge, &flagged)
}

/// Write a merge into the store and `git add` what it wrote.
pub(crate) fn stage_merged(store: &Store, repo: &Repo, merged: &Merged) -> Result<Vec<String>> {
    let written: Vec<String> = store
        .write_merged(merged)?
        .iter()
        .map(|f| repo.rel(f))
        .collect();
    let mut args = vec!["add", "--"];
    args.extend(written.iter().map(String::as_str));
    repo.ok(&args)?;
    Ok(written)
}

impl Run for DiffDriverArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let bytes = read(&self.file)?;
        let identities = if ctx.store.is_signed() {
            unlock_quietly(ctx).ok()
        } else {
            None
        };
        let text = crate::team::diff::render(&ctx.store, &bytes, identities.as_deref())?;
        out.raw(text.as_bytes())?;
        out.flush()
    }
}
