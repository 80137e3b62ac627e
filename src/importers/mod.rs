//! `import --from FORMAT`: other password managers' stores and exports read
//! into entries, and entries into secrets (README, "Importing from other
//! managers"). Everything is read and checked before anything is stored; the
//! command then stores all of it in one write, or nothing.
//!
//! The rule for names: the folder path and the entry's name, joined by `/`,
//! each `/`-separated part through [`crate::credhelper::segment`] (characters
//! other than letters, digits, `.`, `_`, `-` become `_`; empty parts dropped).
//! An entry keeps: the password as `NAME` (with the user name as its key id and
//! the URL as its description); notes (multi-line, byte for byte) as
//! `NAME/notes`, or as `NAME` itself when there is no password; a TOTP secret as
//! `NAME/totp`; custom fields as `NAME/fields/FIELD`. Two entries that map to one
//! name refuse the import, naming both.

pub(crate) mod bitwarden;
pub(crate) mod csv;
pub(crate) mod pass;

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::value::SecretValue;

/// One entry of another manager, as read.
#[derive(Default)]
pub(crate) struct Entry {
    /// Where it came from, for messages (a file, `line 4`, an item's name).
    pub(crate) origin: String,
    /// The folder path, `/`-separated.
    pub(crate) folder: String,
    pub(crate) name: String,
    pub(crate) password: Option<SecretValue>,
    pub(crate) username: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) notes: Option<SecretValue>,
    pub(crate) totp: Option<SecretValue>,
    pub(crate) fields: Vec<(String, SecretValue)>,
}

/// A secret to store (`Debug` shows no value: `SecretValue`).
#[derive(Debug)]
pub(crate) struct Item {
    pub(crate) name: String,
    pub(crate) value: SecretValue,
    /// The user name, as the version's key id.
    pub(crate) id: Option<String>,
    /// The URL, as the description.
    pub(crate) description: Option<String>,
    pub(crate) origin: String,
}

fn present(v: Option<SecretValue>) -> Option<SecretValue> {
    v.filter(|v| !v.is_empty())
}

/// The secret name of a folder and a name (see the module's rule).
pub(crate) fn name_of(prefix: Option<&str>, folder: &str, name: &str) -> Option<String> {
    let path = format!("{folder}/{name}");
    // An entry with no name and no folder is no name, not the prefix itself.
    if path.split('/').all(str::is_empty) {
        return None;
    }
    let joined = crate::credhelper::join(prefix.unwrap_or("x"), &path)?;
    match prefix {
        Some(_) => Some(joined),
        None => joined.strip_prefix("x/").map(str::to_owned),
    }
}

/// Every entry as the secrets it makes; entries with nothing to store are
/// returned by origin. A name two entries make, a name no entry may have, or
/// a user name that cannot be a key id refuses the whole import.
pub(crate) fn plan(entries: Vec<Entry>, prefix: Option<&str>) -> Result<(Vec<Item>, Vec<String>)> {
    let mut items = Vec::new();
    let mut empty = Vec::new();
    let mut invalid = Vec::new();
    for e in entries {
        let Some(base) = name_of(prefix, &e.folder, &e.name) else {
            invalid.push(e.origin);
            continue;
        };
        let password = present(e.password);
        let notes = present(e.notes);
        if password.is_none() && notes.is_none() && e.totp.is_none() && e.fields.is_empty() {
            empty.push(e.origin);
            continue;
        }
        if let Some(u) = e.username.as_deref().filter(|u| !u.is_empty()) {
            crate::lifecycle::validate_id(u).map_err(|_| {
                Error::usage(
                    format!(
                        "{}: the user name is not one line of up to 512 bytes",
                        e.origin
                    ),
                    "nothing was imported; fix it in the export",
                )
            })?;
        }
        let id = e.username.filter(|u| !u.is_empty());
        let description = e
            .url
            .filter(|u| !u.is_empty() && !u.contains(char::is_control));
        let mut push = |name: Option<String>, value: SecretValue, main: bool| match name {
            Some(name) => items.push(Item {
                name,
                value,
                id: if main { id.clone() } else { None },
                description: if main { description.clone() } else { None },
                origin: e.origin.clone(),
            }),
            None => invalid.push(e.origin.clone()),
        };
        let sub = |leaf: &str| crate::credhelper::join(&base, leaf);
        match (password, notes) {
            (Some(p), notes) => {
                push(Some(base.clone()), p, true);
                if let Some(n) = notes {
                    push(sub("notes"), n, false);
                }
            }
            (None, Some(n)) => push(Some(base.clone()), n, true),
            (None, None) => {}
        }
        if let Some(t) = present(e.totp) {
            push(sub("totp"), t, false);
        }
        for (field, value) in e.fields {
            if !value.is_empty() {
                push(
                    sub(&format!("fields/{}", field.replace('/', "_"))),
                    value,
                    false,
                );
            }
        }
    }
    if !invalid.is_empty() {
        return Err(Error::usage(
            format!(
                "these entries give no valid secret name (empty, or over 256 bytes): {}",
                invalid.join(", ")
            ),
            "nothing was imported; rename them in the other manager, or use a shorter --prefix",
        ));
    }
    refuse_collisions(&items)?;
    Ok((items, empty))
}

/// Two entries that would be stored under one name.
fn refuse_collisions(items: &[Item]) -> Result<()> {
    let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for i in items {
        by_name.entry(&i.name).or_default().push(&i.origin);
    }
    let clashes: Vec<String> = by_name
        .into_iter()
        .filter(|(_, o)| o.len() > 1)
        .map(|(n, o)| format!("{n} ({})", o.join(", ")))
        .collect();
    if clashes.is_empty() {
        return Ok(());
    }
    Err(Error::usage(
        format!(
            "several entries map to one secret name: {}",
            clashes.join("; ")
        ),
        "nothing was imported; rename one of each in the other manager (or import them in parts with --prefix)",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(folder: &str, name: &str, pw: &str) -> Entry {
        Entry {
            origin: name.into(),
            folder: folder.into(),
            name: name.into(),
            password: Some(SecretValue::new(pw.into())),
            ..Entry::default()
        }
    }

    #[test]
    fn names_and_collisions() {
        assert_eq!(
            name_of(None, "Work/Mail", "My Bank").as_deref(),
            Some("Work/Mail/My_Bank")
        );
        assert_eq!(name_of(Some("lp"), "", "a:b").as_deref(), Some("lp/a_b"));
        assert_eq!(name_of(None, "", ""), None);
        assert_eq!(name_of(Some("p"), "/", ""), None);
        let (items, _) = plan(vec![entry("", "a b", "1"), entry("", "c", "2")], None).unwrap();
        assert_eq!(items.len(), 2);
        let e = plan(vec![entry("", "a b", "1"), entry("", "a_b", "2")], None).unwrap_err();
        assert!(e.to_string().contains("a_b (a b, a_b)"), "{e}");
        let (items, empty) = plan(vec![entry("", "x", "")], None).unwrap();
        assert!(items.is_empty() && empty == ["x"]);
    }
}
