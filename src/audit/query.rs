//! Reading records back: every record for `audit`, and the last hand-out of
//! each secret for `status --stale`.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Deserialize;

use super::line::lines;
use super::{Action, Log, OK, Record};
use crate::error::Result;
use crate::vault::Store;

impl Log {
    /// Every readable record, oldest first, and how many lines could not be read.
    pub(crate) fn records(&self) -> Result<(Vec<Record>, usize)> {
        let mut out = Vec::new();
        let mut bad = 0;
        for (_, bytes) in self.files()? {
            for line in lines(&bytes) {
                match serde_json::from_slice::<Record>(line) {
                    Ok(r) => out.push(r),
                    Err(_) => bad += 1,
                }
            }
        }
        Ok((out, bad))
    }
}

/// When each secret was last handed out (`get`, `run`, `env` succeeded),
/// according to the log (both files). For `status --stale`.
pub(crate) fn last_reads(store: &Store) -> Result<BTreeMap<String, Timestamp>> {
    // Only lines whose action hands out values matter. They are picked by a
    // substring search before any parsing, and parsed into borrowed fields:
    // a log of big `rotate --due` lines cost `status` a third of its time when
    // every line was parsed into a full Record.
    #[derive(Deserialize)]
    struct Read<'a> {
        #[serde(borrow)]
        time: &'a str,
        #[serde(borrow)]
        outcome: &'a str,
        #[serde(borrow, default)]
        secrets: Vec<Name<'a>>,
    }
    #[derive(Deserialize)]
    struct Name<'a> {
        #[serde(borrow)]
        name: std::borrow::Cow<'a, str>,
    }
    let wanted: Vec<String> = Action::names()
        .filter(|n| Action::parse(n).is_some_and(Action::hands_out_values))
        .map(|n| format!("\"action\":\"{n}\""))
        .collect();
    let finders: Vec<memchr::memmem::Finder<'_>> = wanted
        .iter()
        .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
        .collect();
    let mut out: BTreeMap<String, Timestamp> = BTreeMap::new();
    for (_, bytes) in Log::new(store).files()? {
        for line in bytes.split(|b| *b == b'\n') {
            if !finders.iter().any(|f| f.find(line).is_some()) {
                continue;
            }
            let Ok(r) = serde_json::from_slice::<Read<'_>>(line) else {
                continue;
            };
            if r.outcome != OK {
                continue;
            }
            let Ok(t) = r.time.parse::<Timestamp>() else {
                continue;
            };
            for s in r.secrets {
                match out.get_mut(s.name.as_ref()) {
                    Some(e) if t > *e => *e = t,
                    Some(_) => {}
                    None => {
                        out.insert(s.name.into_owned(), t);
                    }
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::audit::{LOG_FILE, ROTATED_FILE};

    #[test]
    fn last_reads_takes_the_latest_successful_hand_out() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path());
        let line = |seq: u64, time: &str, action: &str, outcome: &str, name: &str| {
            format!(
                "{{\"seq\":{seq},\"time\":\"{time}\",\"action\":\"{action}\",\"secrets\":[{{\"name\":\"{name}\"}}],\"outcome\":\"{outcome}\",\"user\":\"u\",\"host\":\"h\",\"pid\":1,\"prev\":\"\",\"mac\":null}}\n"
            )
        };
        let text = [
            line(1, "2026-01-01T00:00:00Z", "get", "ok", "a"),
            line(2, "2026-03-01T00:00:00Z", "get", "ok", "a"),
            line(3, "2026-04-01T00:00:00Z", "get", "not-live", "a"),
            line(4, "2026-05-01T00:00:00Z", "set", "ok", "a"),
            line(5, "2026-02-01T00:00:00Z", "run", "ok", "b"),
            line(6, "2026-06-01T00:00:00Z", "show", "ok", "c"),
            line(7, "2026-06-02T00:00:00Z", "env", "ok", "d"),
        ]
        .concat();
        let (old, new) = text.split_at(text.find("{\"seq\":5").unwrap());
        fs::write(dir.path().join(ROTATED_FILE), old).unwrap();
        fs::write(dir.path().join(LOG_FILE), format!("{new}not json\n")).unwrap();
        let reads = last_reads(&store).unwrap();
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        assert_eq!(reads.len(), 3);
        assert_eq!(reads["a"], t("2026-03-01T00:00:00Z"));
        assert_eq!(reads["b"], t("2026-02-01T00:00:00Z"));
        assert_eq!(reads["d"], t("2026-06-02T00:00:00Z"));
        assert!(!reads.contains_key("c"));
        // No log at all: nothing was read.
        let empty = tempfile::tempdir().unwrap();
        assert!(last_reads(&Store::at(empty.path())).unwrap().is_empty());
    }
}
