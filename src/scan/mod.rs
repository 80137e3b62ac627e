//! Leak scanning: find the vault's own values where they must not be.
//!
//! Pattern scanners (gitleaks, detect-secrets) guess secrets from their shape;
//! sesame knows the exact values, so it searches for every copy of them,
//! encoded copies included ([`needles`]), with no false positives. Three sources
//! feed the same search ([`search`]): a directory tree walked in parallel
//! ([`tree`]), the blobs staged in the git index, and every blob of a git
//! history ([`git`]). Results are collected into a [`Report`] that names the
//! secret, the form and the place, and never holds a value.
//!
//! A value that turns up in more than [`NOISY`] places is reported once, as
//! noisy, instead of thousands of times.

pub(crate) mod git;
pub(crate) mod hook;
pub(crate) mod needles;
pub(crate) mod search;
pub(crate) mod tree;

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

pub(crate) use needles::{Form, Needles, Skipped, ValueRef};
pub(crate) use search::Matcher;

/// A value found in more places than this is reported once, as noisy.
pub(crate) const NOISY: u64 = 1000;

/// Where something was found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub(crate) struct Location {
    /// The file's path (in the repository for `--staged` and `--history`).
    pub(crate) path: String,
    /// 1-based line.
    pub(crate) line: u64,
    /// 1-based byte column.
    pub(crate) column: u64,
    /// The commit that introduced the blob (`--history` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) commit: Option<String>,
    /// The blob's object id (`--staged` and `--history` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) blob: Option<String>,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(c) = &self.commit {
            write!(f, "{}:", &c[..c.len().min(12)])?;
        }
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

/// One occurrence of a stored value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Finding {
    #[serde(flatten)]
    pub(crate) location: Location,
    /// Which value (never the value itself).
    #[serde(flatten)]
    pub(crate) value: ValueRef,
    pub(crate) form: Form,
}

/// A value found in too many places to list.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Noisy {
    #[serde(flatten)]
    pub(crate) value: ValueRef,
    /// In how many places.
    pub(crate) count: u64,
    /// The first place (in path order).
    pub(crate) first: Location,
}

/// A file or blob that could not be read.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReadError {
    pub(crate) path: String,
    pub(crate) error: String,
}

/// The outcome of a scan.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Report {
    /// Every occurrence of a value, sorted by place (noisy values left out).
    pub(crate) findings: Vec<Finding>,
    /// Values found in more than [`NOISY`] places.
    pub(crate) noisy: Vec<Noisy>,
    /// Values not searched for.
    pub(crate) skipped: Vec<Skipped>,
    /// Values over 1 MiB, searched for by windows of 64 KiB.
    pub(crate) windowed: Vec<ValueRef>,
    /// Revoked versions: their values are wiped and cannot be searched for.
    pub(crate) revoked: usize,
    /// Files or blobs that could not be read.
    pub(crate) errors: Vec<ReadError>,
    /// Files or blobs searched.
    pub(crate) files: u64,
    /// Bytes searched.
    pub(crate) bytes: u64,
}

impl Report {
    /// Whether any value was found (noisy ones included: they are there).
    pub(crate) fn found(&self) -> bool {
        !self.findings.is_empty() || !self.noisy.is_empty()
    }
}

/// Gathers hits from any number of threads.
#[derive(Debug)]
pub(crate) struct Collector<'a> {
    needles: &'a Needles,
    counts: Vec<AtomicU64>,
    findings: Mutex<Vec<(usize, Finding)>>,
    errors: Mutex<Vec<ReadError>>,
    files: AtomicU64,
    bytes: AtomicU64,
}

impl<'a> Collector<'a> {
    /// An empty collector for these needles.
    pub(crate) fn new(needles: &'a Needles) -> Self {
        Collector {
            needles,
            counts: needles.values.iter().map(|_| AtomicU64::new(0)).collect(),
            findings: Mutex::new(Vec::new()),
            errors: Mutex::new(Vec::new()),
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
        }
    }

    /// Record a hit of needle `needle` at `location`. Past [`NOISY`] hits of a
    /// value only its count grows, so memory stays bounded.
    pub(crate) fn hit(&self, needle: usize, location: impl Fn() -> Location) {
        for label in self.needles.labels(needle) {
            let seen = self.counts[label.value].fetch_add(1, Ordering::Relaxed);
            if seen <= NOISY {
                let f = Finding {
                    location: location(),
                    value: self.needles.values[label.value].clone(),
                    form: label.form,
                };
                lock(&self.findings).push((label.value, f));
            }
        }
    }

    /// Record a file searched.
    pub(crate) fn searched(&self, bytes: u64) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Record a file that could not be read.
    pub(crate) fn error(&self, path: String, error: String) {
        lock(&self.errors).push(ReadError { path, error });
    }

    /// The report: findings sorted, noisy values folded into one entry each.
    pub(crate) fn finish(self) -> Report {
        let counts: Vec<u64> = self.counts.into_iter().map(|c| c.into_inner()).collect();
        let mut all = self
            .findings
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        // Newest version first within a place, so that versions holding the
        // same value (a rollback, an unchanged import) are one finding: the
        // newest.
        all.sort_by(|a, b| {
            (&a.1.location, &a.1.value.secret, a.1.form)
                .cmp(&(&b.1.location, &b.1.value.secret, b.1.form))
                .then(b.1.value.version.cmp(&a.1.value.version))
        });
        all.dedup_by(|later, kept| {
            later.1.location == kept.1.location
                && later.1.value.secret == kept.1.value.secret
                && later.1.form == kept.1.form
        });
        let mut noisy: Vec<Noisy> = Vec::new();
        let mut findings = Vec::new();
        for (v, f) in all {
            if counts[v] <= NOISY {
                findings.push(f);
            } else if !noisy.iter().any(|n| n.value == f.value) {
                noisy.push(Noisy {
                    value: f.value,
                    count: counts[v],
                    first: f.location,
                });
            }
        }
        let mut errors = self.errors.into_inner().unwrap_or_else(|e| e.into_inner());
        errors.sort_by(|a, b| a.path.cmp(&b.path));
        Report {
            findings,
            noisy,
            skipped: self.needles.skipped.clone(),
            windowed: self.needles.windowed.clone(),
            revoked: self.needles.revoked,
            errors,
            files: self.files.into_inner(),
            bytes: self.bytes.into_inner(),
        }
    }
}

/// A poisoned lock only means another thread panicked; the data is still a list.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
