//! `sesame run`: run a command with the selected secrets in its environment.

use std::io::{self, IsTerminal};
use std::sync::Arc;

use super::{Context, Intent, Output, Run};
use crate::audit::{Action, Entry, Target};
use crate::cli::{RunArgs, SelectArgs};
use crate::error::{Error, Result};
use crate::inject::child::{self, Masking, Spec};
use crate::inject::handover;
use crate::inject::mask::{LARGE, MIN_MASK_LEN, MaskValue, Masker, WINDOW};
use crate::inject::project::{Project, split_id};
use crate::inject::select::{self, Pick, Request, Selection};
use crate::inject::{terminal, trust};
use crate::state::StateKey;

/// Resolve the selection flags (shared with `env`): check them, find the
/// project file, unlock, and resolve against the vault.
pub(super) fn select(ctx: &Context, args: &SelectArgs, out: &Output) -> Result<Selection> {
    let parse = |v: &[String]| v.iter().map(|s| Pick::parse(s)).collect::<Result<Vec<_>>>();
    let secrets = parse(&args.secrets)?;
    let files = parse(&args.files)?;
    let project = if args.no_project {
        None
    } else {
        let cwd = std::env::current_dir().map_err(|e| {
            Error::usage(
                format!("cannot read the working directory to look for sesame.toml: {e}"),
                "cd to an existing directory, or pass --no-project",
            )
        })?;
        Project::find(&cwd)?
    };
    if let Some(p) = &project {
        // Approvals are sealed with the unlocking identity: checking one
        // unlocks the store (run and env do anyway).
        ctx.store.require()?;
        let key = StateKey::derive(ctx.me()?);
        if !trust::allowed(p, &key)? {
            let (lines, error) = trust::refusal(p, args.profile.as_deref());
            for line in lines {
                crate::stderr_line!("{line}");
            }
            return Err(error);
        }
        out.note(&format!(
            "sesame: using {} ({})",
            crate::escape::escaped(&p.path.to_string_lossy()),
            match args.profile.as_deref() {
                Some(name) => format!("profile {name}"),
                None => "[env]".to_owned(),
            }
        ));
    }
    let env_files = super::inject::env_files(ctx, &args.env_files)?;
    // Decode only the secrets that can be selected (fast with big stores).
    let mut names: std::collections::BTreeSet<&str> = secrets
        .iter()
        .chain(&files)
        .filter_map(|p| split_id(&p.name).ok().map(|(n, _)| n))
        .collect();
    if let Some(m) = project
        .as_ref()
        .and_then(|p| p.mappings(args.profile.as_deref()).ok())
    {
        names.extend(
            m.iter()
                .filter_map(|m| split_id(&m.secret).ok().map(|(n, _)| n)),
        );
    }
    names.extend(super::inject::referenced(&env_files));
    // A failure (a missing secret) is recorded with every name selected.
    ctx.audit
        .set_intent_secrets(&names.iter().copied().collect::<Vec<_>>());
    let vault = if args.all {
        ctx.load()?
    } else {
        let prefix = args.prefix.as_deref();
        ctx.load_selected(&|n: &str| names.contains(n) || prefix.is_some_and(|p| n.starts_with(p)))?
    };
    let req = Request {
        project: project.as_ref(),
        profile: args.profile.as_deref(),
        env_files: &env_files,
        prefix: args.prefix.as_deref(),
        all: args.all,
        secrets,
        files,
    };
    let sel = select::resolve(&vault, &req, crate::time::now())?;
    if !sel.skipped.is_empty() {
        out.note(&format!(
            "sesame: left out (revoked or expired): {}",
            sel.skipped.join(", ")
        ));
    }
    Ok(sel)
}

/// The secrets named by `-s`/`-f`, for the audit record of a failure.
pub(super) fn intent(action: Action, args: &SelectArgs) -> Option<Intent> {
    Intent::new(
        action,
        args.secrets
            .iter()
            .chain(&args.files)
            .map(|s| s.split(['=', '#']).next().unwrap_or(s)),
    )
}

/// What was handed out, for the audit log.
/// Each secret once, however many variables (`NAME` and `NAME#id`) it fills.
pub(super) fn targets(sel: &Selection) -> Vec<Target> {
    let mut out: Vec<Target> = Vec::with_capacity(sel.items.len());
    // A plain value of an env file (no name) is no secret of the store.
    for i in sel.items.iter().filter(|i| !i.name.is_empty()) {
        let t = Target::version(&i.name, i.version);
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

impl Run for RunArgs {
    fn intent(&self) -> Option<Intent> {
        intent(Action::Run, &self.select)
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let mut command = self.command.into_iter();
        let program = command.next().ok_or_else(|| {
            Error::usage(
                "no command given",
                "put it after --: sesame run -- CMD ARGS…",
            )
        })?;
        let sel = select(ctx, &self.select, out)?;
        // The config turns masking on for terminals too; --no-mask wins.
        let on_terminal =
            self.mask || (!self.no_mask && ctx.config()?.raw.mask_on_terminal == Some(true));
        let masking = masking(on_terminal, self.no_mask);
        let masker = masker(&sel, masking, self.mask_label, out)?;
        let (handover, injected) = handover::injected(&sel.items)?;
        // Recorded before anything is handed out; on failure nothing runs.
        // Only the program's name, never its arguments.
        let argv0 = program.to_string_lossy().into_owned();
        ctx.audit_entry(&Entry::ok(Action::Run, &targets(&sel)).program(&argv0))?;
        let spec = Spec {
            program,
            args: command.collect(),
            env: child::child_env(std::env::vars_os(), injected, self.no_override)?,
        };
        drop(sel);
        out.flush()?;

        let cleanup = handover
            .as_ref()
            .is_some_and(handover::HandOver::needs_cleanup);
        if masker.is_none() && !cleanup {
            // Nothing to do after the command starts: become it.
            return Err(child::exec(&spec));
        }
        let code = match masker {
            // Masking for a terminal: the command gets a terminal of its own
            // (not in a background job, which may not set the terminal's mode:
            // that one masks through a pipe).
            Some(m) if masking.stdout && io::stdout().is_terminal() && child::in_foreground() => {
                terminal::supervise(&spec, m, masking, cleanup)
            }
            masker => child::supervise(&spec, masker, masking, cleanup),
        };
        if let Some(Err(e)) = handover.map(handover::HandOver::close) {
            out.warn(&e.to_string());
        }
        match code? {
            0 => Ok(()),
            code => Err(Error::Exit(code)),
        }
    }
}

/// Which streams to mask: `--mask` (or `mask_on_terminal` in the config)
/// forces it, `--no-mask` turns it off, and by default a stream is masked
/// unless it is a terminal.
fn masking(mask: bool, no_mask: bool) -> Masking {
    let auto = |terminal: bool| if no_mask { false } else { mask || !terminal };
    Masking {
        stdout: auto(io::stdout().is_terminal()),
        stderr: auto(io::stderr().is_terminal()),
    }
}

/// The masker over the selected secret values, when a stream is masked;
/// values too short to mask safely are named in a warning.
fn masker(
    sel: &Selection,
    masking: Masking,
    labels: bool,
    out: &Output,
) -> Result<Option<Arc<Masker>>> {
    if !(masking.stdout || masking.stderr) {
        return Ok(None);
    }
    let values: Vec<MaskValue<'_>> = sel
        .items
        .iter()
        .filter(|i| i.secret)
        .map(|i| MaskValue {
            name: &i.name,
            value: i.value.expose(),
        })
        .collect();
    let prepared = Masker::prepare(&values, labels)?;
    if !prepared.short.is_empty() {
        out.warn(&format!(
            "not masked (shorter than {MIN_MASK_LEN} characters): {}",
            prepared.short.join(", ")
        ));
    }
    if !prepared.windowed.is_empty() {
        out.warn(&format!(
            "masked by windows of {} KiB (values over {} MiB): {} — a part of the value shorter than {} KiB may show unmasked",
            WINDOW >> 10,
            LARGE >> 20,
            prepared.windowed.join(", "),
            2 * (WINDOW >> 10)
        ));
    }
    Ok(prepared.masker.map(Arc::new))
}
