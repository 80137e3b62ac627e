//! `sesame rotate`: new values for named secrets, or for everything due.

use super::{Context, Intent, Output, Run, read_value};
use crate::audit::{Action, Target};
use crate::cli::RotateArgs;
use crate::error::{Error, Result};
use crate::lifecycle::trust::Kind;
use crate::lifecycle::{self, Failed, NewValue, Revoked, RotateOptions, Rotated};

use crate::time;

impl Run for RotateArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Rotate, self.names.iter().map(String::as_str))
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let timeout = self.timeout.0;
        let grace = match self.grace {
            Some(g) => g.0,
            None => ctx.config()?.grace_or_default(),
        };
        if self.due {
            return due(ctx, out, (grace, timeout), self.dry_run);
        }
        if self.stdin && self.names.len() != 1 {
            return Err(Error::usage(
                "--stdin gives one value, so it rotates exactly one secret",
                "name one secret, e.g. `… | sesame rotate NAME --stdin`",
            ));
        }
        for name in &self.names {
            crate::name::validate(name)?;
        }
        if self.dry_run {
            return self.plan(ctx, out);
        }
        if let Some(id) = &self.id {
            lifecycle::validate_id(id)?;
        }
        let given = if self.stdin {
            ctx.store.require()?;
            Some(NewValue {
                value: read_value(
                    ctx,
                    &self.names[0],
                    &format!("rotate {} --stdin", self.names[0]),
                )?,
                id: self.id.clone(),
            })
        } else {
            None
        };
        let now = time::now();
        let mut tx = ctx.begin()?;
        // Which stored commands may run here.
        let trust = ctx.trust_for(&tx.vault)?;
        let opts = RotateOptions {
            grace,
            timeout,
            trust: &trust,
        };
        let (done, failed) = lifecycle::rotate_each(
            &mut tx.vault,
            &self.names,
            given,
            self.command.as_deref(),
            opts,
            now,
        )?;
        commit(ctx, tx, &done, &[])?;
        report(ctx, out, &done, &[], &[], &[])?;
        failures(out, failed)
    }
}

impl RotateArgs {
    /// `rotate --dry-run NAME…`: where each new value would come from.
    fn plan(&self, ctx: &Context, out: &mut Output) -> Result<()> {
        let vault = ctx.load()?;
        let mut plan = Vec::new();
        for name in &self.names {
            let s = lifecycle::lookup(&vault, name)?;
            let from = if self.stdin {
                "stdin"
            } else if self.command.is_some() {
                "command"
            } else {
                lifecycle::source_of(s).ok_or_else(|| no_source(name))?
            };
            plan.push(serde_json::json!({ "name": name, "source": from }));
        }
        if ctx.json {
            return out.json(&serde_json::json!({ "dry_run": true, "rotate": plan }));
        }
        for p in &plan {
            out.line(&format!(
                "would rotate {} (from {})",
                p["name"].as_str().unwrap_or(""),
                p["source"].as_str().unwrap_or("")
            ))?;
        }
        Ok(())
    }
}

/// A single failed rotation is the command's error; several are each warned
/// about and summed up in one.
fn failures(out: &Output, failed: Vec<Error>) -> Result<()> {
    let mut failed = failed.into_iter();
    match (failed.next(), failed.len()) {
        (None, _) => Ok(()),
        (Some(e), 0) => Err(e),
        (Some(first), _) => {
            out.warn(&first.to_string());
            for e in failed {
                out.warn(&e.to_string());
            }
            Err(Error::Other(
                "some rotations failed (see above); the others were stored".into(),
            ))
        }
    }
}

fn no_source(name: &str) -> Error {
    Error::usage(
        format!("'{name}' has no rotate command and no generator"),
        format!(
            "give `--command CMD` or `--stdin`, or store one with `sesame edit {name} --rotate-command CMD`"
        ),
    )
}

/// Write the vault if anything changed (commit replaces the backup too when a
/// value was wiped: revoked, or dropped beyond max_versions).
fn commit(
    ctx: &Context,
    tx: crate::vault::Transaction<'_>,
    rotated: &[Rotated],
    revoked: &[Revoked],
) -> Result<()> {
    if rotated.is_empty() && revoked.is_empty() {
        return Ok(());
    }
    tx.commit()?;
    if !rotated.is_empty() {
        let targets: Vec<Target> = rotated
            .iter()
            .map(|r| Target::version(&r.name, r.version))
            .collect();
        ctx.audit_written(Action::Rotate, &targets)?;
    }
    if !revoked.is_empty() {
        let targets: Vec<Target> = revoked
            .iter()
            .map(|r| Target::version(&r.name, r.version))
            .collect();
        ctx.audit_written(Action::Revoke, &targets)?;
    }
    Ok(())
}

fn report(
    ctx: &Context,
    out: &mut Output,
    rotated: &[Rotated],
    revoked: &[Revoked],
    manual: &[lifecycle::Due],
    failed: &[Failed],
) -> Result<()> {
    for r in rotated {
        if let Some(w) = &r.warning {
            out.warn(w);
        }
    }
    for f in failed {
        out.warn(&f.error);
    }
    if ctx.json {
        return out.json(&serde_json::json!({
            "rotated": rotated,
            "revoked": revoked,
            "manual": manual,
            "failed": failed,
        }));
    }
    for r in rotated {
        let after = match (&r.grace_until, r.revoked_previous, r.previous) {
            (Some(g), _, Some(p)) => format!("; version {p} stays valid until {g}"),
            (_, true, Some(p)) => format!("; version {p} revoked"),
            _ => String::new(),
        };
        out.note(&format!(
            "Rotated {} (version {}, from its {}{after}).",
            r.name,
            r.version,
            r.source.replace('-', " ")
        ));
    }
    for r in revoked {
        out.note(&format!(
            "Revoked {} version {} (grace period over).",
            r.name, r.version
        ));
        if let Some(why) = &r.forced {
            out.warn(why);
        }
    }
    for m in manual {
        let why = m
            .reason
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        out.warn(&format!(
            "{} was due for rotation on {}{why} and has no rotate command or generator — rotate it by hand (`… | sesame rotate {} --stdin`)",
            m.name, m.due, m.name
        ));
    }
    Ok(())
}

/// `rotate --due`.
fn due(
    ctx: &Context,
    out: &mut Output,
    (grace, timeout): (u64, std::time::Duration),
    dry_run: bool,
) -> Result<()> {
    let now = time::now();
    if dry_run {
        return due_dry_run(ctx, out, now);
    }
    let mut tx = ctx.begin()?;
    let trust = ctx.trust_for(&tx.vault)?;
    let opts = RotateOptions {
        grace,
        timeout,
        trust: &trust,
    };
    let plan = lifecycle::due_plan(&tx.vault, now);
    let done = lifecycle::rotate_due(&mut tx.vault, &plan, opts, now);
    commit(ctx, tx, &done.rotated, &done.revoked)?;
    report(
        ctx,
        out,
        &done.rotated,
        &done.revoked,
        &plan.manual,
        &done.failed,
    )?;
    if !ctx.json
        && done.rotated.is_empty()
        && done.revoked.is_empty()
        && plan.manual.is_empty()
        && done.failed.is_empty()
    {
        out.note("Nothing is due.");
    }
    if plan.manual.is_empty() && done.failed.is_empty() {
        Ok(())
    } else {
        Err(Error::Exit(crate::error::exit::ATTENTION))
    }
}

/// `rotate --due --dry-run`: what is due, changing nothing. A stored
/// command that is not approved here is named (it would not run), and makes
/// the exit status 8 as a secret needing a person does.
fn due_dry_run(ctx: &Context, out: &mut Output, now: jiff::Timestamp) -> Result<()> {
    let vault = ctx.load()?;
    let plan = lifecycle::due_plan(&vault, now);
    let trust = ctx.trust_for(&vault)?;
    let blocked = |name: &str, kind: Kind| {
        vault.secrets.get(name).is_some_and(|s| {
            kind.of(s)
                .is_some_and(|t| !trust.standing(s, name, kind, t).runs())
        })
    };
    let mut not_approved: Vec<&str> = plan
        .rotate
        .iter()
        .filter(|d| blocked(&d.name, Kind::Rotate))
        .map(|d| d.name.as_str())
        .chain(
            plan.finish
                .iter()
                .filter(|g| blocked(&g.name, Kind::Revoke))
                .map(|g| g.name.as_str()),
        )
        .collect();
    not_approved.sort_unstable();
    not_approved.dedup();
    if ctx.json {
        let mut json = serde_json::to_value(&plan).map_err(|e| {
            Error::Other(format!(
                "could not describe the plan ({e}) — nothing was changed"
            ))
        })?;
        json["not_approved"] = serde_json::json!(not_approved);
        out.json(&json)?;
    } else {
        let mark = |name: &str| {
            if not_approved.contains(&name) {
                format!("  NOT APPROVED, will not run: see `sesame show {name}`")
            } else {
                String::new()
            }
        };
        for d in &plan.rotate {
            out.line(&format!(
                "rotate  {}  (due {}, from its {}){}",
                d.name,
                d.due,
                d.source.unwrap_or("").replace('-', " "),
                mark(&d.name)
            ))?;
        }
        for g in &plan.finish {
            out.line(&format!(
                "revoke  {} version {}  (grace period ended {}){}",
                g.name,
                g.version,
                g.ended,
                mark(&g.name)
            ))?;
        }
        for d in &plan.manual {
            out.line(&format!(
                "by hand {}  (due {}, no rotate command or generator)",
                d.name, d.due
            ))?;
        }
        if plan.rotate.is_empty() && plan.finish.is_empty() && plan.manual.is_empty() {
            out.note("Nothing is due.");
        }
    }
    if plan.manual.is_empty() && not_approved.is_empty() {
        Ok(())
    } else {
        Err(Error::Exit(crate::error::exit::ATTENTION))
    }
}
