//! Fuzzing entry points for issue 18's input formats (the credential-helper
//! protocols and the importers' parsers), for the fuzz targets in `fuzz/` and
//! their replay in `tests/fuzz_corpora.rs` (`sesame::fuzzing`, which the lead
//! may merge this into). Not part of sesame's interface.
//!
//! Properties: no panic; an error is a usage error (exit 2) on one line with no
//! control character; every name made from outside text is a valid secret name
//! under its prefix; CSV renders back to the same rows; an import plan never
//! has two items of one name.

use crate::credhelper::{docker, git};
use crate::error::{Error, exit};
use crate::importers::{self, bitwarden, csv};

#[track_caller]
fn usage_line(e: &Error) {
    assert_eq!(e.exit_code(), exit::USAGE, "{e}");
    let text = e.to_string();
    assert!(!text.chars().any(char::is_control), "{text:?}");
}

#[track_caller]
fn valid_under(name: &str, prefix: &str) {
    assert!(crate::name::validate(name).is_ok(), "invalid name {name:?}");
    assert!(name.starts_with(prefix), "{name:?} is not under {prefix}");
}

/// A git credential request: parsed, its candidate and new names.
pub fn git_credential(data: &[u8]) {
    let req = match git::parse(data) {
        Ok(r) => r,
        Err(e) => return usage_line(&e),
    };
    for name in req.candidates() {
        valid_under(&name, "git/");
    }
    if let Some(name) = req.new_name(&|_| false) {
        valid_under(&name, "git/");
    }
    if let Some(name) = req.new_name(&|_| true) {
        panic!("a new name when every name is taken: {name}");
    }
}

/// docker's inputs: a server URL (get, erase) and the JSON of `store`.
pub fn docker_credential(data: &[u8]) {
    match docker::parse_url(data) {
        Ok(url) => {
            if let Some(name) = docker::server_name(&url) {
                valid_under(&name, "docker/");
            }
        }
        Err(e) => usage_line(&e),
    }
    match docker::parse_store(data) {
        Ok(c) => valid_under(
            &docker::server_name(&c.server_url).unwrap_or_default(),
            "docker/",
        ),
        Err(e) => usage_line(&e),
    }
}

/// Render rows as CSV, every field quoted.
fn render(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let fields: Vec<String> = row
            .iter()
            .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
            .collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// A CSV export: parsed, rendered back and parsed again to the same rows;
/// then read with each preset and planned.
pub fn import_csv(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let table = match csv::parse(text) {
        Ok(t) => t,
        Err(e) => return usage_line(&e),
    };
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|(_, r)| r.iter().map(|f| f.as_str().to_owned()).collect())
        .collect();
    let again = csv::parse(&render(&rows)).map(|t| {
        t.rows
            .iter()
            .map(|(_, r)| r.iter().map(|f| f.as_str().to_owned()).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    });
    assert_eq!(
        again.ok().as_ref(),
        Some(&rows),
        "CSV renders back the same"
    );
    for (map, keepass) in [
        (csv::onepassword(), false),
        (csv::keepassxc(), true),
        (csv::lastpass(), false),
    ] {
        let Ok(table) = csv::parse(text) else {
            return;
        };
        match csv::entries(table, &map, keepass) {
            Ok(entries) => plan(entries),
            Err(e) => usage_line(&e),
        }
    }
}

/// Bitwarden's JSON export: read and planned.
pub fn import_bitwarden(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match bitwarden::entries(text) {
        Ok(entries) => plan(entries),
        Err(e) => usage_line(&e),
    }
}

/// A decrypted pass entry: its first line the password, the rest the notes.
pub fn pass_entry(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = std::path::Path::new("/store/dir/entry.gpg");
    let e = importers::pass::entry(std::path::Path::new("/store"), path, text);
    let password = e.password.as_ref().map(|p| p.expose().len()).unwrap_or(0);
    let notes = e.notes.as_ref().map(|n| n.expose().len()).unwrap_or(0);
    assert!(
        password + notes <= text.len(),
        "an entry holds more than its text"
    );
    plan(vec![e]);
}

/// An import plan: names valid and distinct, or a one-line usage error.
fn plan(entries: Vec<importers::Entry>) {
    match importers::plan(entries, Some("fuzz")) {
        Ok((items, _)) => {
            let mut seen = std::collections::HashSet::new();
            for i in &items {
                valid_under(&i.name, "fuzz/");
                assert!(seen.insert(i.name.as_str()), "{} planned twice", i.name);
            }
        }
        Err(e) => usage_line(&e),
    }
}
