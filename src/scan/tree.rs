//! Scanning directory trees: a parallel walk with the `ignore` crate (the one
//! ripgrep uses), so `.gitignore`, `.ignore` and git's excludes are honoured
//! exactly as ripgrep honours them. Hidden files are searched (a `.env` is the
//! first place a key leaks to); `.git/` is not (its objects are compressed,
//! and `--history` reads them properly).

use std::fs::File;
use std::path::{Path, PathBuf};

use ignore::{DirEntry, WalkBuilder, WalkState};

use super::{Collector, Location, Matcher, Report};
use crate::error::{Error, Result};

/// How to walk.
#[derive(Debug, Clone, Default)]
pub(crate) struct TreeOptions {
    /// Search ignored files too.
    pub(crate) no_ignore: bool,
    /// Worker threads (0: one per CPU).
    pub(crate) threads: usize,
}

/// Search every file under `roots` (files or directories).
pub(crate) fn scan(
    roots: &[PathBuf],
    opts: &TreeOptions,
    matcher: &Matcher,
    collector: Collector<'_>,
) -> Result<Report> {
    let Some((first, rest)) = roots.split_first() else {
        return Ok(collector.finish());
    };
    check_roots(roots)?;
    let builder = walker(first, rest, opts);
    // `sesame scan` with no path shows `src/x`, as ripgrep does, not `./src/x`.
    let strip_dot = roots.len() == 1 && roots[0] == Path::new(".");
    let c = &collector;
    builder.build_parallel().run(|| {
        let mut buf = matcher.buffer();
        Box::new(move |entry| visit(entry, matcher, &mut buf, c, strip_dot))
    });
    Ok(collector.finish())
}

/// Refuse a root that cannot be read at all, before anything is searched.
fn check_roots(roots: &[PathBuf]) -> Result<()> {
    for root in roots {
        if let Err(e) = std::fs::symlink_metadata(root) {
            return Err(Error::usage(
                format!("cannot scan {}: {e}", root.display()),
                "check the path",
            ));
        }
    }
    Ok(())
}

/// The walk: hidden files included, `.git/` left out, ignore files honoured
/// unless `--no-ignore`.
fn walker(first: &Path, rest: &[PathBuf], opts: &TreeOptions) -> WalkBuilder {
    let mut builder = WalkBuilder::new(first);
    for r in rest {
        builder.add(r);
    }
    builder
        .hidden(false)
        .threads(opts.threads)
        .skip_stdout(true)
        .filter_entry(|e| e.file_name() != ".git");
    if opts.no_ignore {
        builder
            .ignore(false)
            .git_ignore(false)
            .git_global(false)
            .git_exclude(false)
            .parents(false);
    }
    builder
}

/// Search one entry of the walk if it is a file; errors are collected, never fatal.
fn visit(
    entry: std::result::Result<DirEntry, ignore::Error>,
    matcher: &Matcher,
    buf: &mut Vec<u8>,
    c: &Collector<'_>,
    strip_dot: bool,
) -> WalkState {
    let entry = match entry {
        Ok(e) => e,
        Err(e) => {
            let path = match &e {
                ignore::Error::WithPath { path, .. } => path.display().to_string(),
                _ => String::new(),
            };
            c.error(path, e.to_string());
            return WalkState::Continue;
        }
    };
    if !entry.file_type().is_some_and(|t| t.is_file()) {
        return WalkState::Continue;
    }
    let path = entry.path();
    let shown = || {
        let p = if strip_dot {
            path.strip_prefix(".").unwrap_or(path)
        } else {
            path
        };
        p.display().to_string()
    };
    let result = File::open(path).and_then(|file| {
        matcher.search(file, buf, |hit| {
            c.hit(hit.needle, || Location {
                path: shown(),
                commit: None,
                blob: None,
                line: hit.line,
                column: hit.column,
            })
        })
    });
    match result {
        Ok(bytes) => c.searched(bytes),
        Err(e) => c.error(shown(), e.to_string()),
    }
    WalkState::Continue
}
