//! `sesame move` and `sesame copy`: a secret under a new name.

use super::{Context, Intent, Output, Run};
use crate::audit::{Action, Target};
use crate::cli::{CopyArgs, MoveArgs};
use crate::error::Result;
use crate::inject::project::{Project, split_id};
use crate::lifecycle;
use crate::lifecycle::trust::{self, Approvals, Kind};
use crate::vault::model::Secret;

impl Run for MoveArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Move, [self.from.as_str(), self.to.as_str()])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        crate::name::validate(&self.to)?;
        let mut tx = ctx.begin()?;
        let original = lifecycle::lookup(&tx.vault, &self.from)?;
        // A signed store re-signs a renamed secret's policy under the mover's
        // key, which other machines then take as the author: a rename must not
        // launder a stored command this machine never trusted.
        let trust = ctx.trust_for(&tx.vault)?;
        for kind in [Kind::Rotate, Kind::Revoke] {
            if let Some(text) = kind.of(original) {
                trust.check(original, &self.from, kind, text)?;
            }
        }
        let var_before = lifecycle::env_var(&self.from, original);
        lifecycle::rename(&mut tx.vault, &self.from, &self.to)?;
        let moved = lifecycle::lookup(&tx.vault, &self.to)?;
        let var_after = lifecycle::env_var(&self.to, moved);
        // Before the write: if the records cannot be kept, nothing is renamed.
        let carried = carry_trust(ctx, &self.from, &self.to, moved)?;
        tx.commit()?;
        if let Some(mut approvals) = carried
            && let Err(e) =
                trust::store_id(&ctx.store).and_then(|id| approvals.forget(&id, &self.from))
        {
            out.warn(&format!(
                "the approvals of '{}' could not be removed from this machine's records: {e}",
                self.from
            ));
        }
        ctx.audit(
            Action::Move,
            &[Target::name(&self.from), Target::name(&self.to)],
        )?;
        if var_before != var_after {
            out.warn(&format!(
                "{} is now injected as {var_after}, not {var_before}; `sesame edit {} --env {var_before}` keeps the old variable",
                self.to, self.to
            ));
        }
        warn_project_maps(out, &self.from, &self.to);
        if ctx.json {
            return out.json(&serde_json::json!({ "moved": self.from, "to": self.to }));
        }
        out.note(&format!("Moved {} to {}.", self.from, self.to));
        Ok(())
    }
}

impl Run for CopyArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Copy, [self.from.as_str(), self.to.as_str()])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        crate::name::validate(&self.to)?;
        let mut tx = ctx.begin()?;
        let from_version = lifecycle::lookup(&tx.vault, &self.from)?
            .current()
            .map(|v| v.n);
        let n = lifecycle::copy(&mut tx.vault, &self.from, &self.to, crate::time::now())?;
        tx.commit()?;
        let from = match from_version {
            Some(v) => Target::version(&self.from, v),
            None => Target::name(&self.from),
        };
        ctx.audit(Action::Copy, &[from, Target::version(&self.to, n)])?;
        if ctx.json {
            return out
                .json(&serde_json::json!({ "copied": self.from, "to": self.to, "version": n }));
        }
        out.note(&format!(
            "Copied {} to {} (version {n}).",
            self.from, self.to
        ));
        Ok(())
    }
}

/// Give the new name the records of the stored commands that were trusted
/// under the old one (only those: a rename never approves a command). The
/// records, to forget the old name's once the rename is stored; `None` when
/// the secret has no stored command.
fn carry_trust(ctx: &Context, from: &str, to: &str, moved: &Secret) -> Result<Option<Approvals>> {
    if moved.policy.rotate_command.is_none() && moved.policy.revoke_command.is_none() {
        return Ok(None);
    }
    let mut approvals = ctx.approvals()?;
    approvals.carry(&trust::store_id(&ctx.store)?, from, to, moved)?;
    Ok(Some(approvals))
}

/// Warn about each line of this project's sesame.toml that still maps `from`:
/// a rename changes nothing else silently.
fn warn_project_maps(out: &Output, from: &str, to: &str) {
    let Ok(cwd) = std::env::current_dir() else {
        return;
    };
    let Ok(Some(project)) = Project::find(&cwd) else {
        return;
    };
    let tables = std::iter::once((None, &project.env)).chain(
        project
            .profiles
            .iter()
            .map(|(name, m)| (Some(name.as_str()), m)),
    );
    for (profile, mappings) in tables {
        for m in mappings {
            if split_id(&m.secret).is_ok_and(|(n, _)| n == from) {
                let line = project
                    .lines
                    .get(&(profile.map(str::to_owned), m.var.clone()))
                    .map_or(String::new(), |l| format!(":{l}"));
                let table = profile.map_or("[env]".to_owned(), |p| format!("[profile.{p}.env]"));
                out.warn(&format!(
                    "{}{line} {table} still maps {} to '{from}'; change it to '{to}'",
                    project.path.display(),
                    m.var
                ));
            }
        }
    }
}
