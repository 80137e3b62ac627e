//! A log in a temporary store, and the appends the unit tests repeat.

use std::fs;

use super::{Action, Appended, Entry, Key, LOG_FILE, Log, Target, Who};
use crate::crypto::Identity;
use crate::vault::Store;

pub(super) fn setup() -> (tempfile::TempDir, Log, Key, Who) {
    let dir = tempfile::tempdir().unwrap();
    let log = Log::new(&Store::at(dir.path()));
    let key = Key::derive(&Identity::generate());
    (dir, log, key, alice())
}

/// User `alice` on host `box`, process 42.
pub(super) fn alice() -> Who {
    Who {
        user: "alice".into(),
        host: "box".into(),
        pid: 42,
        member: None,
    }
}

/// A `get` of version 1 of `name`.
pub(super) fn get(log: &Log, key: Option<&Key>, who: &Who, name: &str) -> Appended {
    let t = [Target::version(name, 1)];
    let e = Entry::ok(Action::Get, &t);
    log.append(&e, key, who).unwrap()
}

/// A `get` that could not unlock: recorded without a key.
pub(super) fn failed(log: &Log, who: &Who) -> Appended {
    let e = Entry {
        action: Action::UnlockFailed,
        secrets: &[],
        outcome: "wrong-password",
        command: Some(Action::Get),
        program: None,
    };
    log.append(&e, None, who).unwrap()
}

pub(super) fn read_lines(log: &Log) -> Vec<String> {
    fs::read_to_string(log.path(LOG_FILE))
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}
