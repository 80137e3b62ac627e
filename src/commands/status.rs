//! `sesame status`: what needs attention; exit 8 when something does.

use jiff::Timestamp;

use super::{Context, Output, Run};
use crate::cli::StatusArgs;
use crate::error::{Error, Result, exit};
use crate::lifecycle;
use crate::time;

/// "in 3d4h" or "2h5m ago": the two largest units of the distance from `now`.
fn relative(when: Timestamp, now: Timestamp) -> String {
    let past = when <= now;
    let mut secs = (when.as_second() - now.as_second()).unsigned_abs();
    let mut short = String::with_capacity(8);
    let mut parts = 0;
    for (size, unit) in [(86_400, 'd'), (3_600, 'h'), (60, 'm'), (1, 's')] {
        if parts < 2 && secs >= size {
            short.push_str(&(secs / size).to_string());
            short.push(unit);
            secs %= size;
            parts += 1;
        }
    }
    if short.is_empty() {
        short.push_str("0s");
    }
    if past {
        format!("{short} ago")
    } else {
        format!("in {short}")
    }
}

impl Run for StatusArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let within = self.within.0;
        let vault = ctx.load()?;
        let now = time::now();
        let stale = self.stale.0;
        let reads = if stale > 0 {
            Some(crate::audit::last_reads(&ctx.store)?)
        } else {
            None
        };
        let report = lifecycle::status(
            &vault,
            now,
            within,
            self.strict,
            reads.as_ref().map(|r| (stale, r)),
        )?;
        // One write for the whole report: with thousands of rows, a write per
        // line (stdout is line-buffered) costs more than everything else.
        if ctx.json {
            let doc = serde_json::to_string_pretty(&report).map_err(|e| {
                Error::Other(format!(
                    "could not encode the report ({e}) — please report this"
                ))
            })?;
            out.json_text(&doc)?;
        } else {
            print_table(out, &report, self.all, now)?;
        }
        if report.attention > 0 {
            return Err(Error::Exit(exit::ATTENTION));
        }
        Ok(())
    }
}

/// Rows that only inform (no policy, not read lately) and wait for `--all`.
fn informative(i: &lifecycle::StatusItem) -> bool {
    !i.attention && matches!(i.state, "no-policy" | "stale")
}

/// The table of what needs attention or has a date coming, a line on what it
/// left out, and the summary. One write for the whole table: with thousands
/// of rows, a write per line (stdout is line-buffered) costs more than
/// everything else.
fn print_table(
    out: &mut Output,
    report: &lifecycle::Status,
    all: bool,
    now: Timestamp,
) -> Result<()> {
    use std::fmt::Write as _;
    let shown: Vec<&lifecycle::StatusItem> = report
        .items
        .iter()
        .filter(|i| all || !informative(i))
        .collect();
    if !shown.is_empty() {
        let mut table = String::with_capacity(64 * (shown.len() + 1));
        let width = shown
            .iter()
            .map(|i| label(i).chars().count())
            .max()
            .unwrap_or(0)
            .max(6);
        // Writing into a String cannot fail.
        let _ = writeln!(table, "{:<12} {:<width$}  WHEN", "STATE", "SECRET");
        for i in &shown {
            let name = label(i);
            let when = match (&i.when, i.at()) {
                (Some(w), Some(t)) => format!("{w} ({})", relative(t, now)),
                _ => "-".into(),
            };
            let state = out.paint.paint(
                crate::color::state_style(i.state),
                &format!("{:<12}", i.state),
            );
            let why = i
                .reason
                .as_deref()
                .map(|r| format!("  ({r})"))
                .unwrap_or_default();
            let _ = writeln!(table, "{state} {name:<width$}  {when}{why}");
        }
        out.raw(table.as_bytes())?;
    }
    if shown.len() < report.items.len() {
        let count = |state: &str| {
            report
                .items
                .iter()
                .filter(|i| i.state == state && informative(i))
                .count()
        };
        let mut parts = Vec::new();
        match count("no-policy") {
            0 => {}
            n => parts.push(format!("{n} with no expiry or max age")),
        }
        match count("stale") {
            0 => {}
            n => parts.push(format!("{n} not read lately")),
        }
        out.note(&format!(
            "Not shown: {} (`sesame status --all` lists them).",
            parts.join(", ")
        ));
    }
    out.note(&match report.attention {
        0 => format!(
            "{} secret{} checked; nothing needs attention.",
            report.checked,
            if report.checked == 1 { "" } else { "s" }
        ),
        n => format!(
            "{n} item{} need{} attention ({} secrets checked).",
            if n == 1 { "" } else { "s" },
            if n == 1 { "s" } else { "" },
            report.checked
        ),
    });
    Ok(())
}

/// A row's secret, escaped (before the widths are measured and the states
/// painted), with its version when the row is about one.
fn label(i: &lifecycle::StatusItem) -> String {
    let name = crate::escape::escaped(&i.name);
    match i.version {
        Some(v) => format!("{name} (v{v})"),
        None => name.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times() {
        let now = Timestamp::from_second(1_000_000).unwrap();
        let t = |s: i64| Timestamp::from_second(1_000_000 + s).unwrap();
        assert_eq!(relative(t(3 * 86_400 + 4 * 3600 + 5), now), "in 3d4h");
        assert_eq!(relative(t(-(2 * 3600 + 5 * 60 + 1)), now), "2h5m ago");
        assert_eq!(relative(t(30), now), "in 30s");
        assert_eq!(relative(t(0), now), "0s ago");
    }
}
