//! Scanning git: the blobs staged in the index (`--staged`) and every blob
//! reachable from a set of revisions (`--history`).
//!
//! git's own plumbing does the work, through `std::process::Command`: `git
//! ls-files -s` or `git rev-list --objects` list the blobs, and one `git
//! cat-file --batch` streams their contents, which go through the same search
//! as files. No git library: the plumbing is stable, already installed where
//! there is a repository, and reads every object format and extension git
//! itself reads.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};

use super::{Collector, Location, Matcher, Report};
use crate::error::{Error, IoContext, Result};

/// `git` with a locale and pager that cannot change its output, started
/// where it cannot reach the cached unlock.
fn git() -> Result<Command> {
    crate::unlock::keep_from_children()?;
    let mut c = Command::new("git");
    // A repository's config can make git run programs (core.fsmonitor, filters):
    // none of them may see the master password or an identity.
    crate::hardening::strip_sesame_env(&mut c);
    c.env("LC_ALL", "C")
        .env("GIT_PAGER", "cat")
        .arg("-c")
        .arg("core.quotePath=false");
    Ok(c)
}

/// Run git to completion and return its stdout.
fn output(cmd: &mut Command, what: &str) -> Result<Vec<u8>> {
    let out = cmd.stdin(Stdio::null()).output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::Other(format!("git is not installed — {what} needs git on PATH"))
        } else {
            Error::Other(format!(
                "could not run git: {e} — check your git installation"
            ))
        }
    })?;
    if !out.status.success() {
        return Err(git_failed(what, &out.stderr));
    }
    Ok(out.stdout)
}

fn git_failed(what: &str, stderr: &[u8]) -> Error {
    let msg = String::from_utf8_lossy(stderr);
    let first = msg.lines().next().unwrap_or("").trim();
    let first = first.strip_prefix("fatal: ").unwrap_or(first);
    if first.contains("not a git repository") {
        Error::Other(format!(
            "{what}: not inside a git repository — run it from your repository's working tree"
        ))
    } else if ["bad revision", "unknown revision", "ambiguous argument"]
        .iter()
        .any(|m| first.contains(m))
    {
        Error::usage(
            format!("{what}: {first}"),
            "give revisions that exist, e.g. main, HEAD~20..HEAD or v1.0..main",
        )
    } else {
        Error::Other(format!(
            "{what}: git failed: {first} — check the repository"
        ))
    }
}

/// One blob to search, and the paths it appears at.
pub(crate) struct Blob {
    pub(crate) oid: String,
    pub(crate) paths: Vec<String>,
}

/// Scan the blobs staged in the index: what `git commit` would record. With
/// `pathspecs`, only those (relative to the current directory, as git takes them).
pub(crate) fn scan_staged(
    pathspecs: &[String],
    matcher: &Matcher,
    collector: Collector<'_>,
) -> Result<Report> {
    let mut cmd = git()?;
    cmd.args(["ls-files", "--stage", "-z", "--full-name", "--"]);
    if pathspecs.is_empty() {
        cmd.arg(":/");
    } else {
        cmd.args(pathspecs);
    }
    let out = output(&mut cmd, "scan --staged")?;
    let mut blobs: Vec<Blob> = Vec::new();
    let mut by_oid: HashMap<String, usize> = HashMap::new();
    for entry in out.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        // <mode> SP <oid> SP <stage> TAB <path>
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut fields = meta.split(' ');
        let (Some(mode), Some(oid)) = (fields.next(), fields.next()) else {
            continue;
        };
        if mode == "160000" {
            continue; // a submodule: its commit, not a blob
        }
        let ix = *by_oid.entry(oid.to_owned()).or_insert_with(|| {
            blobs.push(Blob {
                oid: oid.to_owned(),
                paths: Vec::new(),
            });
            blobs.len() - 1
        });
        blobs[ix].paths.push(path.to_owned());
    }
    cat_blobs(&blobs, matcher, &collector)?;
    Ok(collector.finish())
}

/// Scan every blob reachable from `range` (any `git rev-list` arguments; all refs
/// when `None`), naming for each finding the commit that introduced the blob.
pub(crate) fn scan_history(
    range: Option<&str>,
    matcher: &Matcher,
    collector: Collector<'_>,
) -> Result<Report> {
    let revs: Vec<String> = match range {
        None => vec!["--all".into()],
        Some(r) => {
            if r.trim().is_empty() || r.starts_with('-') {
                return Err(Error::usage(
                    format!("'{r}' is not a revision range"),
                    "give revisions like main, HEAD~20..HEAD or v1.0..main",
                ));
            }
            r.split_whitespace().map(str::to_owned).collect()
        }
    };
    let mut cmd = git()?;
    cmd.args(["rev-list", "--objects", "--filter=object:type=blob"])
        .args(&revs)
        .arg("--");
    let out = output(&mut cmd, "scan --history")?;
    let mut blobs = Vec::new();
    for line in out.split(|&b| b == b'\n') {
        let line = String::from_utf8_lossy(line);
        // Blobs are `<oid> <path>`; commits (always listed) have no path.
        if let Some((oid, path)) = line.split_once(' ') {
            blobs.push(Blob {
                oid: oid.to_owned(),
                paths: vec![path.to_owned()],
            });
        }
    }
    cat_blobs(&blobs, matcher, &collector)?;
    let mut report = collector.finish();
    // Only when something was found: one walk of the log names the commit that
    // introduced each blob, so a clean history is read once.
    let wanted: HashSet<String> = report
        .findings
        .iter()
        .map(|f| &f.location)
        .chain(report.noisy.iter().map(|n| &n.first))
        .filter_map(|l| l.blob.clone())
        .collect();
    if !wanted.is_empty() {
        let intro = introducing_commits(&revs, &wanted)?;
        let fill = |l: &mut Location| {
            if let Some((commit, path)) = l.blob.as_ref().and_then(|b| intro.get(b)) {
                l.commit = Some(commit.clone());
                l.path.clone_from(path);
            }
        };
        report
            .findings
            .iter_mut()
            .for_each(|f| fill(&mut f.location));
        report.noisy.iter_mut().for_each(|n| fill(&mut n.first));
        report.findings.sort_by(|a, b| a.location.cmp(&b.location));
    }
    Ok(report)
}

/// For each wanted blob, the oldest commit (in log order) whose diff adds it,
/// and the path it was added at.
fn introducing_commits(
    revs: &[String],
    wanted: &HashSet<String>,
) -> Result<HashMap<String, (String, String)>> {
    let mut cmd = git()?;
    cmd.args([
        "log",
        "--format=%x01%H",
        "--raw",
        "--no-abbrev",
        "--no-renames",
    ])
    .args(revs)
    .arg("--");
    let out = output(&mut cmd, "scan --history")?;
    let mut intro = HashMap::new();
    let mut commit = String::new();
    for line in out.split(|&b| b == b'\n') {
        let line = String::from_utf8_lossy(line);
        if let Some(c) = line.strip_prefix('\u{1}') {
            commit = c.to_owned();
        } else if let Some(raw) = line.strip_prefix(':') {
            // :<mode> <mode> <old> <new> <status>\t<path>
            let Some((meta, path)) = raw.split_once('\t') else {
                continue;
            };
            if let Some(new) = meta.split(' ').nth(3)
                && wanted.contains(new)
            {
                // The log runs newest first: the last one seen is the oldest.
                intro.insert(new.to_owned(), (commit.clone(), path.to_owned()));
            }
        }
    }
    Ok(intro)
}

/// Stream the blobs through one `git cat-file --batch` and search each.
fn cat_blobs(blobs: &[Blob], matcher: &Matcher, collector: &Collector<'_>) -> Result<()> {
    if blobs.is_empty() {
        return Ok(());
    }
    let mut child = git()?
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context(|| "could not run git cat-file".into())?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return Err(Error::Other(
            "git cat-file has no pipes — this is a bug".into(),
        ));
    };
    // git answers as it reads: feed it from a thread so neither side blocks.
    let oids: Vec<String> = blobs.iter().map(|b| b.oid.clone()).collect();
    let feeder = std::thread::spawn(move || -> std::io::Result<()> {
        let mut w = std::io::BufWriter::new(&mut stdin);
        for oid in &oids {
            writeln!(w, "{oid}")?;
        }
        w.flush()
    });
    let result = read_batch(
        blobs,
        BufReader::with_capacity(1 << 16, stdout),
        matcher,
        collector,
    );
    let fed = feeder.join();
    finish(child, result, fed)
}

/// Read `git cat-file --batch`'s answers for `blobs`, in order, and search
/// each blob's contents. `pub(crate)` for the fuzz target (`crate::fuzzing`).
pub(crate) fn read_batch(
    blobs: &[Blob],
    mut out: impl BufRead,
    matcher: &Matcher,
    collector: &Collector<'_>,
) -> Result<()> {
    let mut buf = matcher.buffer();
    let mut header = String::new();
    for blob in blobs {
        header.clear();
        out.read_line(&mut header)
            .context(|| "could not read from git cat-file".into())?;
        // <oid> <type> <size>, or <oid> missing
        let mut fields = header.split_whitespace();
        let (_, kind, size) = (fields.next(), fields.next(), fields.next());
        let Some(size) = size.and_then(|s| s.parse::<u64>().ok()) else {
            collector.error(
                blob.paths.first().cloned().unwrap_or_default(),
                format!(
                    "git has no object {} ({})",
                    blob.oid,
                    kind.unwrap_or("missing")
                ),
            );
            continue;
        };
        let mut hits = Vec::new();
        let read = matcher
            .search((&mut out).take(size), &mut buf, |h| hits.push(h))
            .context(|| "could not read from git cat-file".into())?;
        if read != size {
            return Err(Error::Other(
                "git cat-file stopped early — check the repository with `git fsck`".into(),
            ));
        }
        let mut nl = [0u8; 1];
        out.read_exact(&mut nl)
            .context(|| "could not read from git cat-file".into())?;
        for path in &blob.paths {
            collector.searched(size);
            for h in &hits {
                collector.hit(h.needle, || Location {
                    path: path.clone(),
                    line: h.line,
                    column: h.column,
                    commit: None,
                    blob: Some(blob.oid.clone()),
                });
            }
        }
    }
    Ok(())
}

fn finish(
    child: Child,
    result: Result<()>,
    fed: std::thread::Result<std::io::Result<()>>,
) -> Result<()> {
    let out = child
        .wait_with_output()
        .context(|| "could not wait for git cat-file".into())?;
    result?;
    if !out.status.success() {
        return Err(git_failed("git cat-file", &out.stderr));
    }
    match fed {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(Error::Other(format!(
            "could not write to git cat-file: {e} — check the repository"
        ))),
        Err(_) => Err(Error::Other(
            "the git cat-file feeder panicked — this is a bug".into(),
        )),
    }
}
