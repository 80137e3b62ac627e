//! `sesame audit`: list the audit log; `sesame audit verify`: check it.

use super::{Context, Intent, Output, Run};
use crate::audit::{Action, Record};
use crate::cli::{AuditArgs, AuditCommand};
use crate::error::Result;
use crate::time;

impl Run for AuditArgs {
    fn intent(&self) -> Option<Intent> {
        // Reading the log is not recorded (it holds no values); verifying
        // unlocks the identity, so it is.
        match self.command {
            Some(AuditCommand::Verify) => Intent::new(Action::AuditVerify, []),
            Some(AuditCommand::Reset { .. }) => Intent::new(Action::AuditReset, []),
            None => None,
        }
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        match self.command {
            Some(AuditCommand::Verify) => verify(ctx, out),
            Some(AuditCommand::Reset { force }) => reset(force, ctx, out),
            None => list(&self, ctx, out),
        }
    }
}

fn verify(ctx: &Context, out: &mut Output) -> Result<()> {
    let vault = ctx.load()?;
    let keys = ctx.audit_keys()?;
    let report = ctx.audit_log().verify(&keys, vault.audit.as_ref())?;
    ctx.audit(Action::AuditVerify, &[])?;
    if ctx.json {
        let mut doc = serde_json::to_value(&report).map_err(|e| {
            crate::Error::Other(format!("could not format the report: {e} — report a bug"))
        })?;
        doc["intact"] = true.into();
        return out.json(&doc);
    }
    let mut line = if report.records == 0 {
        "audit log intact: empty".to_owned()
    } else {
        format!(
            "audit log intact: {} records ({}–{}) in {}",
            report.records,
            report.first_seq,
            report.last_seq,
            report.files.join(", ")
        )
    };
    match (report.sealed_seq, report.sealed_checked) {
        (Some(s), true) => line.push_str(&format!(
            "; the head sealed in the vault (record {s}) matches"
        )),
        (Some(s), false) => line.push_str(&format!(
            "; the head sealed in the vault (record {s}) was rotated away"
        )),
        (None, _) => {}
    }
    out.line(&line)?;
    if report.unauthenticated_tail > 0 {
        out.note(&format!(
            "The last {} records (failed unlocks) are chained but not yet covered by a MAC: the next successful command covers them.",
            report.unauthenticated_tail
        ));
    }
    Ok(())
}

fn reset(force: bool, ctx: &Context, out: &mut Output) -> Result<()> {
    if !force {
        return Err(crate::Error::usage(
            "`audit reset` sets the audit log aside and starts a new one",
            "investigate first (`sesame audit verify`), then run `sesame audit reset --force`",
        ));
    }
    let mut tx = ctx.begin()?;
    let log = ctx.audit_log();
    let moved = log.set_aside("broken")?;
    ctx.audit(Action::AuditReset, &[])?;
    tx.vault.audit = log.seal(None)?;
    tx.commit()?;
    let names: Vec<String> = moved.iter().map(|p| p.display().to_string()).collect();
    if ctx.json {
        return out.json(&serde_json::json!({ "moved": names }));
    }
    if names.is_empty() {
        out.note("There was no audit log; a new one was started.");
    } else {
        out.note(&format!(
            "Set aside {}; a new audit log was started and sealed.",
            names.join(", ")
        ));
    }
    Ok(())
}

/// Rows the table shows when neither --limit nor --since is given.
const DEFAULT_ROWS: usize = 50;

fn list(args: &AuditArgs, ctx: &Context, out: &mut Output) -> Result<()> {
    ctx.store.require()?;
    let (records, unreadable) = ctx.audit_log().records()?;
    if unreadable > 0 {
        out.warn(&format!(
            "{unreadable} lines of the audit log could not be read — run `sesame audit verify`"
        ));
    }
    let cutoff = args.since.map(|secs| {
        time::now()
            .checked_sub(jiff::SignedDuration::from_secs(
                i64::try_from(secs.0).unwrap_or(i64::MAX),
            ))
            .unwrap_or(jiff::Timestamp::MIN)
    });
    let selected: Vec<&Record> = records
        .iter()
        .filter(|r| args.action.as_deref().is_none_or(|a| r.action == a))
        .filter(|r| {
            args.secret
                .as_deref()
                .is_none_or(|n| r.secrets.iter().any(|s| s.name == n))
        })
        .filter(|r| cutoff.is_none_or(|c| r.time.parse::<jiff::Timestamp>().is_ok_and(|t| t >= c)))
        .collect();
    // The table shows the latest records unless --limit or --since says
    // otherwise (--limit 0: all); --json gives every record asked for.
    let limit = match (args.limit, args.since, ctx.json) {
        (Some(0), _, _) => None,
        (Some(n), _, _) => Some(n),
        (None, None, false) => Some(DEFAULT_ROWS),
        (None, _, _) => None,
    };
    let skip = limit.map_or(0, |n| selected.len().saturating_sub(n));
    if skip > 0 && args.limit.is_none() {
        out.note(&format!(
            "Showing the last {DEFAULT_ROWS} of {} records; --limit N or --since DUR shows more (--limit 0: all).",
            selected.len()
        ));
    }
    let selected = &selected[skip..];
    if ctx.json {
        for r in selected {
            let line = serde_json::to_string(r).map_err(|e| {
                crate::Error::Other(format!("could not format a record: {e} — report a bug"))
            })?;
            out.json_text(&line)?;
        }
        return Ok(());
    }
    let rows: Vec<[String; 6]> = selected.iter().map(|r| row(r)).collect();
    table(out, &rows)
}

/// The records as aligned columns, SECRETS last; a failure's action and
/// outcome in the failure colour.
fn table(out: &mut Output, rows: &[[String; 6]]) -> Result<()> {
    let header = ["TIME", "ACTION", "OUTCOME", "BY", "MEMBER", "SECRETS"].map(String::from);
    let mut widths = header.clone().map(|h| h.len());
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    for r in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        // A failure stands out: its action and outcome in the failure colour.
        let failed = r[2] != "ok" && r[2] != "OUTCOME";
        for (i, (c, w)) in r.iter().zip(widths).enumerate() {
            if i + 1 == r.len() {
                line.push_str(c);
            } else {
                let cell = format!("{c:<w$}");
                if failed && (i == 1 || i == 2) {
                    line.push_str(&out.paint.paint(crate::color::BAD, &cell));
                } else {
                    line.push_str(&cell);
                }
                line.push_str("  ");
            }
        }
        // Every cell was escaped in `row`; the colour is ours.
        out.styled_line(line.trim_end())?;
    }
    Ok(())
}

fn row(r: &Record) -> [String; 6] {
    let time = r
        .time
        .parse::<jiff::Timestamp>()
        .map(time::show)
        .unwrap_or_else(|_| r.time.clone());
    let mut action = r.action.clone();
    if let Some(c) = &r.command {
        action.push_str(&format!(" ({c})"));
    }
    let mut shown: Vec<String> = Vec::with_capacity(r.secrets.len());
    for s in &r.secrets {
        let one = match s.version {
            Some(v) => format!("{}@{v}", s.name),
            None => s.name.clone(),
        };
        // Older records list a secret once per variable (NAME and NAME#id).
        if !shown.contains(&one) {
            shown.push(one);
        }
    }
    let mut secrets = shown.join(",");
    if let Some(p) = &r.program {
        if !secrets.is_empty() {
            secrets.push(' ');
        }
        secrets.push_str(&format!("→ {p}"));
    }
    if secrets.is_empty() {
        secrets.push('-');
    }
    let by = format!("{}@{} [{}]", r.user, r.host, r.pid);
    // Signed stores: the member whose key authenticated the record.
    let member = match &r.member {
        Some(m) => match &m.name {
            Some(name) => format!("{name} ({})", m.role),
            None => format!("{} {}", m.role, m.id),
        },
        None => "-".to_owned(),
    };
    // SECRETS last: a long list then runs on at the end of its own line
    // instead of widening every row. Escaped cell by cell, so that the widths
    // are those shown and no record (a program name is anything) can hide
    // the ones around it.
    [time, action, r.outcome.clone(), by, member, secrets]
        .map(|c| crate::escape::escaped(&c).into_owned())
}
