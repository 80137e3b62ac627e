//! `sesame scan`: find stored values in files, the git index or git history.

use std::path::PathBuf;
use std::time::Instant;

use super::{Context, Output, Run};
use crate::cli::ScanArgs;
use crate::error::{Error, Result, exit};
use crate::escape::escaped;
use crate::scan::{self, Collector, Matcher, Needles, Report};

impl Run for ScanArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let vault = ctx.load()?;
        for name in &self.exclude {
            if !vault.secrets.contains_key(name) {
                return Err(Error::NotFound { name: name.clone() });
            }
        }
        let mut needles = Needles::from_vault(&vault, &self.exclude);
        drop(vault);
        let started = Instant::now();
        if needles.is_empty() {
            let report = Collector::new(&needles).finish();
            warn_skipped(out, &report);
            if ctx.json {
                out.json(&report)?;
            }
            out.note(
                "nothing to search for: the store holds no active or previous value of 6 characters or more",
            );
            return Ok(());
        }
        let report = {
            let matcher = Matcher::new(&mut needles)?;
            let collector = Collector::new(&needles);
            if self.staged {
                let specs: Vec<String> = self
                    .paths
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                scan::git::scan_staged(&specs, &matcher, collector)?
            } else if let Some(range) = &self.history {
                let range = (!range.is_empty()).then_some(range.as_str());
                scan::git::scan_history(range, &matcher, collector)?
            } else {
                let roots = if self.paths.is_empty() {
                    vec![PathBuf::from(".")]
                } else {
                    self.paths.clone()
                };
                let opts = scan::tree::TreeOptions {
                    no_ignore: self.no_ignore,
                    threads: 0,
                };
                scan::tree::scan(&roots, &opts, &matcher, collector)?
            }
        };
        print(ctx, out, &report, started)?;
        if report.found() {
            out.flush()?;
            return Err(Error::Exit(exit::ATTENTION));
        }
        if !report.errors.is_empty() {
            return Err(Error::Other(format!(
                "{} could not be read — see the warnings above; fix their permissions or leave them out",
                plural(report.errors.len() as u64, "file", "files")
            )));
        }
        Ok(())
    }
}

fn print(ctx: &Context, out: &mut Output, r: &Report, started: Instant) -> Result<()> {
    for e in &r.errors {
        if e.path.is_empty() {
            out.warn(&e.error);
        } else {
            out.warn(&format!("cannot read {}: {}", e.path, e.error));
        }
    }
    warn_skipped(out, r);
    print_report(ctx, out, r, started)
}

/// Short values (a port, a log level) are configuration more often than
/// secrets: a note, not a warning, and no advice to replace them.
fn warn_skipped(out: &Output, r: &Report) {
    if !r.windowed.is_empty() {
        let mut names: Vec<String> = r.windowed.iter().map(describe).collect();
        names.dedup();
        out.warn(&format!(
            "searched for by windows of 64 KiB (values over 1 MiB): {} — a copy of a part shorter than 128 KiB may be missed",
            names.join(", ")
        ));
    }
    if !r.skipped.is_empty() {
        let mut names: Vec<String> = r.skipped.iter().map(|s| describe(&s.value)).collect();
        names.dedup();
        out.note(&format!(
            "Not searched (shorter than {} characters, they would match by chance): {}",
            scan::needles::MIN_CHARS,
            names.join(", ")
        ));
    }
}

fn print_report(ctx: &Context, out: &mut Output, r: &Report, started: Instant) -> Result<()> {
    if ctx.json {
        out.json(r)?;
    } else {
        for f in &r.findings {
            let name = escaped(&describe(&f.value)).into_owned();
            let name = out.paint.paint(crate::color::BAD, &name);
            // A path is anything a repository holds: escaped, then coloured.
            let location = escaped(&f.location.to_string()).into_owned();
            out.styled_line(&format!("{location}: {name} ({})", f.form.as_str()))?;
        }
        for n in &r.noisy {
            out.line(&format!(
                "{}: {} (noisy: found in {} places, only the first is shown)",
                n.first,
                describe(&n.value),
                n.count
            ))?;
        }
    }
    let secrets = {
        let mut names: Vec<&str> = r
            .findings
            .iter()
            .map(|f| f.value.secret.as_str())
            .chain(r.noisy.iter().map(|n| n.value.secret.as_str()))
            .collect();
        names.sort_unstable();
        names.dedup();
        names.len() as u64
    };
    let found = if r.found() {
        format!(
            "{} of {}",
            plural(
                r.findings.len() as u64 + r.noisy.iter().map(|n| n.count).sum::<u64>(),
                "finding",
                "findings"
            ),
            plural(secrets, "secret", "secrets")
        )
    } else {
        "nothing found".into()
    };
    // Said once in the docs and with -v, not on every run.
    let revoked = if r.revoked > 0 && ctx.verbose {
        format!(
            " ({} not searchable: wiped when revoked)",
            plural(r.revoked as u64, "revoked value", "revoked values")
        )
    } else {
        String::new()
    };
    out.note(&format!(
        "scanned {} ({:.1} MB) in {:.2} s: {found}{revoked}",
        plural(r.files, "file", "files"),
        r.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}

/// `name`, or `name (previous v2)` for a value that is no longer current.
fn describe(v: &scan::ValueRef) -> String {
    if v.state == "active" {
        v.secret.clone()
    } else {
        format!("{} [{} v{}]", v.secret, v.state, v.version)
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
