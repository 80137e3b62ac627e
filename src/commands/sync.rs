//! `sesame sync`: commit the store's own changes, fetch, verify what
//! arrived, merge it in-process, commit and push (README, "Teams").

use super::{Context, Output, Run};
use crate::cli::SyncArgs;
use crate::error::{Error, Result};
use crate::team::git::Repo;
use crate::vault::merge::{Inputs, Outcome};
use crate::vault::signed::{self, Manifest};
use crate::vault::v2;

impl Run for SyncArgs {
    fn intent(&self) -> Option<super::Intent> {
        super::Intent::new(crate::audit::Action::Merge, [])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        ctx.store.require()?;
        // Unlock first: git runs outside the session keyring that holds the
        // cached unlock, and so does sesame from the first git on.
        let identities = ctx.identities()?;
        let repo = Repo::of_store(ctx.store.dir())?;
        if repo.commit("MERGE_HEAD")?.is_some() {
            return Err(Error::usage(
                "a git merge is in progress",
                "finish it (`sesame team resolve`, then `git commit`) or `git merge --abort`",
            ));
        }
        let committed = commit_own(&repo)?;
        let upstream = repo
            .ok(&["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"])
            .map_err(|_| {
                Error::usage(
                    "this branch has no upstream to sync with",
                    "push it once with `git push -u origin BRANCH`",
                )
            })?;
        let (remote, branch) = upstream.split_once('/').ok_or_else(|| {
            Error::usage(
                format!("the upstream {upstream} is not a remote branch"),
                "set one with `git branch --set-upstream-to origin/BRANCH`",
            )
        })?;
        repo.ok(&["fetch", "-q", remote])?;
        let ours = repo.commit("HEAD")?.ok_or_else(|| {
            Error::usage("the repository has no commit yet", "commit the store first")
        })?;
        let theirs = repo
            .commit("@{u}")?
            .ok_or_else(|| Error::Other(format!("{upstream} is gone after the fetch")))?;
        let base = repo.merge_base(&ours, &theirs)?;
        let mut what = String::from("nothing new");
        if theirs != ours && base.as_deref() != Some(&theirs) {
            what = merge_upstream(ctx, identities, &repo, &ours, &theirs, base.as_deref())?;
        }
        let head = repo.commit("HEAD")?.unwrap_or_default();
        let pushed = !self.no_push && head != theirs;
        if pushed {
            repo.ok(&["push", "-q", remote, &format!("HEAD:refs/heads/{branch}")])?;
        }
        if ctx.json {
            return out.json(&serde_json::json!({
                "committed": committed,
                "merged": what,
                "pushed": pushed,
            }));
        }
        out.note(&format!(
            "Synced with {upstream}: {what}{}{}.",
            if committed {
                "; committed the store's changes"
            } else {
                ""
            },
            if pushed { "; pushed" } else { "" }
        ));
        Ok(())
    }
}

/// Commit what changed in the store's directory (nothing else); whether
/// there was anything.
fn commit_own(repo: &Repo) -> Result<bool> {
    let dir = if repo.store.is_empty() {
        "."
    } else {
        &repo.store
    };
    repo.ok(&["add", "-A", "--", dir])?;
    let quiet = repo.run(&["diff", "--cached", "--quiet", "--", dir])?;
    if quiet.status.success() {
        return Ok(false);
    }
    repo.ok(&["commit", "-q", "-m", "sesame: store changes", "--", dir])?;
    Ok(true)
}

/// Verify the store as `theirs` holds it and merge it into HEAD (`ours`):
/// a fast-forward when ours is behind, else a merge commit whose store is
/// merged here and whose other files git merges (any conflict there stops
/// the sync, the merge aborted).
fn merge_upstream(
    ctx: &Context,
    identities: &[crate::crypto::Identity],
    repo: &Repo,
    ours: &str,
    theirs: &str,
    base: Option<&str>,
) -> Result<String> {
    let path = repo.rel(v2::MANIFEST_FILE);
    let t_bytes = repo.blob(theirs, &path)?.ok_or_else(|| {
        Error::usage(
            format!("the upstream branch holds no {path}"),
            "push the store first, or sync the branch that holds it",
        )
    })?;
    let o_bytes = repo
        .blob(ours, &path)?
        .ok_or_else(|| Error::Other(format!("HEAD holds no {path}: commit the store first")))?;
    let b_bytes = match base {
        Some(b) => repo.blob(b, &path)?,
        None => None,
    };
    check_buckets(ctx, repo, theirs, &t_bytes)?;
    let revs: Vec<String> = [Some(ours), Some(theirs), base]
        .into_iter()
        .flatten()
        .map(str::to_owned)
        .collect();
    let fetch = |d: &str| repo.find_bucket(d, &revs);
    let inputs = Inputs {
        base: b_bytes.as_deref(),
        ours: &o_bytes,
        theirs: &t_bytes,
    };
    let merged = ctx.store.merge(identities, inputs, Some(&fetch))?;
    if base == Some(ours) {
        repo.ok(&["merge", "--ff-only", "-q", theirs])?;
        return Ok("fast-forwarded".into());
    }
    // The store's manifest is merged here, never by a driver or as text.
    let _ = repo.run(&[
        "-c",
        "merge.sesame.driver=false",
        "merge",
        "--no-ff",
        "--no-commit",
        "-q",
        theirs,
    ])?;
    let conflicts = repo.ok(&["diff", "--name-only", "--diff-filter=U"])?;
    let ours_only = [path.clone(), repo.rel(crate::vault::RECIPIENTS_FILE)];
    if let Some(other) = conflicts
        .lines()
        .find(|l| !ours_only.iter().any(|p| p == l))
    {
        let _ = repo.run(&["merge", "--abort"]);
        return Err(Error::usage(
            format!("git could not merge {other}, outside the store"),
            "merge that by hand (`git pull`), then run `sesame sync` again; nothing was merged",
        ));
    }
    super::team_resolve::stage_merged(&ctx.store, repo, &merged)?;
    repo.ok(&["commit", "-q", "--no-edit"])?;
    super::team_resolve::audit_merge(ctx, &merged)?;
    Ok(if merged.outcome == Outcome::Merged {
        format!("merged ({})", super::team_resolve::describe(&merged))
    } else {
        "merged".into()
    })
}

/// Every vault file the upstream manifest names is in its commit with the
/// digest the manifest signs: a file replaced without a key is refused.
fn check_buckets(ctx: &Context, repo: &Repo, rev: &str, manifest: &[u8]) -> Result<()> {
    let m = Manifest::parse(manifest)
        .map_err(|r| Error::corrupt(ctx.store.path(v2::MANIFEST_FILE), r))?;
    let digests: Vec<&String> = m.header.buckets.values().collect();
    let specs: Vec<String> = digests
        .iter()
        .map(|d| format!("{rev}:{}", repo.rel(&format!("vault/{d}.age"))))
        .collect();
    for (d, got) in digests.iter().zip(repo.blobs(&specs)?) {
        if got.as_deref().map(signed::digest).as_deref() != Some(d.as_str()) {
            return Err(Error::Untrusted {
                path: ctx.store.path(v2::BUCKET_DIR).join(format!("{d}.age")),
                reason: format!(
                    "is missing from {} or does not match its digest in the signed manifest (it was replaced without a key)",
                    &rev[..rev.len().min(12)]
                ),
                hint: "; nothing was merged or pushed".into(),
            });
        }
    }
    Ok(())
}
