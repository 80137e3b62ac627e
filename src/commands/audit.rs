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

/// One line per key `verify` could not check, and what covers its records.
fn other_keys(report: &crate::audit::Report, out: &mut Output) -> Result<()> {
    use crate::escape::escaped;
    for o in &report.other_keys {
        // Read from the log, which others can write: escaped.
        let who = o.member.as_ref().map_or_else(
            || "no member named".to_owned(),
            |m| match &m.name {
                Some(n) => format!(
                    "member {} ({}, id {})",
                    escaped(n),
                    escaped(&m.role),
                    escaped(&m.id)
                ),
                None => format!("member {} ({})", escaped(&m.id), escaped(&m.role)),
            },
        );
        out.line(&format!(
            "  key {}: {} records ({}–{}), naming {who}",
            escaped(&o.key),
            o.records,
            o.first_seq,
            o.last_seq
        ))?;
    }
    if !report.other_keys.is_empty() {
        let tail = report.other_after_last_checked;
        out.note(&format!(
            "Each member's records are MACed with a key derived from that member's own identity: verify with that identity to check them. Here they are checked as links of the chain only{}",
            if tail == 0 {
                ", and a later record this identity authenticated covers them all: none was changed since.".to_owned()
            } else {
                format!(
                    "; the last {tail} of them come after the last record this identity authenticated, so nothing checked here covers them."
                )
            }
        ));
    }
    Ok(())
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
    } else if !report.other_keys.is_empty() {
        format!(
            "audit log chain intact: {} records ({}–{}) in {}; {} checked by MAC with this identity, {} authenticated with other members' keys (not checkable here)",
            report.records,
            report.first_seq,
            report.last_seq,
            report.files.join(", "),
            report.checked,
            report.other_keys.iter().map(|o| o.records).sum::<u64>(),
        )
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
    other_keys(&report, out)?;
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
    let rows: Vec<Row> = selected.iter().map(|r| row(r)).collect();
    table(out, &rows)
}

/// One record as shown: five aligned cells and the SECRETS cell, whose parts
/// are kept apart so that a terminal can cut the list to fit.
struct Row {
    cells: [String; 5],
    /// `name@version`, each once, escaped.
    secrets: Vec<String>,
    /// ` → program`, escaped, or empty.
    program: String,
}

impl Row {
    /// The SECRETS cell in full.
    fn secrets_cell(&self) -> String {
        self.fit(usize::MAX)
    }

    /// The SECRETS cell in at most `room` characters where it can be: as many
    /// secrets as fit, then `…+N more`, then the program.
    fn fit(&self, room: usize) -> String {
        let full = format!("{}{}", self.secrets.join(","), self.program);
        if full.is_empty() {
            return "-".into();
        }
        if full.chars().count() <= room {
            return full;
        }
        let mut best = None;
        let mut shown = String::new();
        for k in 0..self.secrets.len() {
            if k > 0 {
                shown.push_str(&self.secrets[k - 1]);
                shown.push(',');
            }
            let cut = format!("{shown}…+{} more{}", self.secrets.len() - k, self.program);
            if cut.chars().count() > room {
                break;
            }
            best = Some(cut);
        }
        // Not even one name and the program fit: cut the text itself.
        best.unwrap_or_else(|| {
            let mut t: String = full.chars().take(room.saturating_sub(1)).collect();
            t.push('…');
            t
        })
    }
}

/// The columns of the terminal stdout is, or `None` in a pipe.
fn terminal_columns() -> Option<usize> {
    use std::io::IsTerminal;
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return None;
    }
    rustix::termios::tcgetwinsize(&stdout)
        .ok()
        .map(|w| usize::from(w.ws_col))
        .filter(|&c| c > 0)
}

/// The records as aligned columns, SECRETS last (cut to the width left on a
/// terminal, in full in a pipe); a failure's action and outcome in the
/// failure colour.
fn table(out: &mut Output, rows: &[Row]) -> Result<()> {
    let header = ["TIME", "ACTION", "OUTCOME", "BY", "MEMBER"].map(String::from);
    let mut widths = header.clone().map(|h| h.len());
    for r in rows {
        for (w, c) in widths.iter_mut().zip(&r.cells) {
            *w = (*w).max(c.chars().count());
        }
    }
    // Never less than a name and its `…+N more`, even on a narrow terminal.
    let room = terminal_columns().map(|cols| {
        cols.saturating_sub(widths.iter().map(|w| w + 2).sum())
            .max(24)
    });
    let header_row = (header, "SECRETS".to_owned());
    let body = rows.iter().map(|r| {
        let secrets = room.map_or_else(|| r.secrets_cell(), |room| r.fit(room));
        (r.cells.clone(), secrets)
    });
    for (cells, secrets) in std::iter::once(header_row).chain(body) {
        let mut line = String::new();
        // A failure stands out: its action and outcome in the failure colour.
        let failed = cells[2] != "ok" && cells[2] != "OUTCOME";
        for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
            let cell = format!("{c:<w$}");
            if failed && (i == 1 || i == 2) {
                line.push_str(&out.paint.paint(crate::color::BAD, &cell));
            } else {
                line.push_str(&cell);
            }
            line.push_str("  ");
        }
        line.push_str(&secrets);
        // Every cell was escaped in `row`; the colour is ours.
        out.styled_line(line.trim_end())?;
    }
    Ok(())
}

fn row(r: &Record) -> Row {
    let esc = |c: &str| crate::escape::escaped(c).into_owned();
    let time = r
        .time
        .parse::<jiff::Timestamp>()
        .map(time::show)
        .unwrap_or_else(|_| r.time.clone());
    let mut action = r.action.clone();
    if let Some(c) = &r.command {
        action.push_str(&format!(" ({c})"));
    }
    let mut secrets: Vec<String> = Vec::with_capacity(r.secrets.len());
    for s in &r.secrets {
        let one = esc(&match s.version {
            Some(v) => format!("{}@{v}", s.name),
            None => s.name.clone(),
        });
        // Older records list a secret once per variable (NAME and NAME#id).
        if !secrets.contains(&one) {
            secrets.push(one);
        }
    }
    let program = match &r.program {
        Some(p) if secrets.is_empty() => esc(&format!("→ {p}")),
        Some(p) => esc(&format!(" → {p}")),
        None => String::new(),
    };
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
    Row {
        cells: [time, action, r.outcome.clone(), by, member].map(|c| esc(&c)),
        secrets,
        program,
    }
}

#[cfg(test)]
mod tests {
    use super::Row;

    #[test]
    fn the_secrets_cell_is_cut_to_the_room_left_with_how_many_more() {
        let r = Row {
            cells: Default::default(),
            secrets: (0..50).map(|i| format!("app/s{i:02}@1")).collect(),
            program: " → deploy".into(),
        };
        assert_eq!(r.secrets_cell().chars().count(), 50 * 10 - 1 + 9);
        let cut = r.fit(40);
        assert_eq!(cut, "app/s00@1,app/s01@1,…+48 more → deploy");
        assert!(cut.chars().count() <= 40);
        assert_eq!(r.fit(5), "app/…");
        let none = Row {
            cells: Default::default(),
            secrets: vec![],
            program: String::new(),
        };
        assert_eq!(none.fit(3), "-");
    }
}
