//! Writing a new `sesame.toml` (`import --write-project`, `init-project`):
//! the TOML text for a list of mappings, written once, never over an
//! existing file, and approved as exactly the bytes written.
//!
//! The text is parsed back with [`Project::parse`] before anything is
//! written, and must give exactly the mappings asked for, so a name the
//! quoting here got wrong is an error, never a file that means something else.

use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::project::{Mapping, PROJECT_FILE, Project};
use super::trust::Approvals;
use crate::error::{Error, IoContext, Result};

/// Mode of a written project file: others read it (it holds names, not
/// values) but only you write it, as `Project::load` requires.
const MODE: u32 = 0o644;

/// The text of a project file mapping each `(var, secret)` in `[env]`, or in
/// `[profile.PROFILE.env]`, checked by parsing it back.
pub(crate) fn render(
    profile: Option<&str>,
    pairs: &[(String, String)],
    by: &str,
) -> Result<String> {
    let mut text = format!(
        "# Which secrets `sesame run` hands to this project's commands, as which variables.\n\
         # Written by `sesame {by}`. Values stay in the store; this file holds names only.\n\n"
    );
    text.push_str(&table_lines(profile, pairs));
    let parsed = Project::parse(Path::new(PROJECT_FILE), &text)?;
    let got = parsed.mappings(profile)?;
    let mut want: Vec<Mapping> = pairs
        .iter()
        .map(|(var, secret)| Mapping {
            var: var.clone(),
            secret: secret.clone(),
            file: false,
        })
        .collect();
    want.sort_by(|a, b| a.var.cmp(&b.var));
    let others =
        parsed.env.len() + parsed.profiles.values().map(Vec::len).sum::<usize>() - got.len();
    if got != want.as_slice() || others != 0 {
        return Err(Error::Other(
            "the project file written would not map exactly the imported variables (a bug: nothing was written)".into(),
        ));
    }
    Ok(text)
}

/// The table header and one `VAR = "secret"` line per pair, sorted by variable.
pub(crate) fn table_lines(profile: Option<&str>, pairs: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = pairs.iter().collect();
    sorted.sort();
    let mut text = match profile {
        None => "[env]\n".to_owned(),
        Some(p) => format!("[profile.{}.env]\n", key(p)),
    };
    for (var, secret) in sorted {
        text.push_str(&format!("{} = {}\n", key(var), string(secret)));
    }
    text
}

/// A TOML key: bare when it may be, else a basic string.
fn key(k: &str) -> String {
    if !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        k.to_owned()
    } else {
        string(k)
    }
}

/// A TOML basic string, with `"`, `\` and control characters escaped.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The project file `run` would use from `dir`, if there is one already.
pub(crate) fn existing(dir: &Path) -> Result<Option<PathBuf>> {
    let here = dir.join(PROJECT_FILE);
    if fs::symlink_metadata(&here).is_ok() {
        return Ok(Some(here));
    }
    Project::locate(dir)
}

/// The refusal when a project file exists already (exit 2), naming it;
/// `hint` says what happened and what to do.
pub(crate) fn exists_error(path: &Path, hint: &str) -> Error {
    Error::usage(
        format!("{} exists already and was not changed", path.display()),
        hint.to_owned(),
    )
}

/// Write `text` as `dir/sesame.toml`, mode 0644, atomically and never over
/// an existing file, then approve exactly those bytes on this machine.
/// Returns the file's canonical path, or `None` when the name was taken
/// meanwhile (nothing written then).
pub(crate) fn write_and_approve(
    dir: &Path,
    text: &str,
    key: &crate::state::StateKey,
) -> Result<Option<PathBuf>> {
    let dir = dir
        .canonicalize()
        .context(|| format!("could not read {}", dir.display()))?;
    // `run` does not look in a directory of another user (`Project::locate`).
    let own = rustix::process::geteuid().as_raw();
    let owner = fs::metadata(&dir)
        .context(|| format!("could not read {}", dir.display()))?
        .uid();
    if owner != own && owner != 0 {
        return Err(Error::usage(
            format!(
                "{} belongs to another user, so `sesame run` would not use a project file there",
                dir.display()
            ),
            "nothing was written; cd to a directory of your own",
        ));
    }
    let path = dir.join(PROJECT_FILE);
    let failed = || format!("could not write {}", path.display());
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{PROJECT_FILE}."))
        .suffix(".tmp")
        .tempfile_in(&dir)
        .context(failed)?;
    tmp.write_all(text.as_bytes()).context(failed)?;
    tmp.as_file()
        .set_permissions(fs::Permissions::from_mode(MODE))
        .context(failed)?;
    tmp.as_file().sync_all().context(failed)?;
    // A hard link (or RENAME_NOREPLACE): fails when the name is taken.
    match tmp.persist_noclobber(&path) {
        Ok(_) => {}
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => return Ok(None),
        Err(e) => {
            return Err(Error::Io {
                context: failed(),
                source: e.error,
            });
        }
    }
    File::open(&dir)
        .and_then(|d| d.sync_all())
        .context(failed)?;
    // Approve the bytes written (parsed here, not read back from disk).
    let project = Project::parse(&path, text)?;
    Approvals::load(key)?.allow(&project)?;
    Ok(Some(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn renders_what_parses_back_to_the_same_mappings() {
        let p = pairs(&[("DB_URL", "app/dev/DB_URL"), ("_x9", "a.b/c-d_e")]);
        let text = render(None, &p, "import").unwrap();
        assert!(
            text.contains("\n[env]\nDB_URL = \"app/dev/DB_URL\"\n_x9 = \"a.b/c-d_e\"\n"),
            "{text}"
        );
        let text = render(Some("prod stage"), &p, "import").unwrap();
        assert!(text.contains("[profile.\"prod stage\".env]\n"), "{text}");
        let back = Project::parse(Path::new("s"), &text).unwrap();
        assert!(back.env.is_empty());
        assert_eq!(back.profiles["prod stage"].len(), 2);
    }

    #[test]
    fn keys_and_strings_are_quoted_as_toml_needs() {
        assert_eq!(key("A_1"), "A_1");
        assert_eq!(key("a.b"), "\"a.b\"");
        assert_eq!(key(""), "\"\"");
        assert_eq!(string("a\"b\\c\u{1b}"), "\"a\\\"b\\\\c\\u001B\"");
        let t: toml::Table =
            toml::from_str(&format!("{} = {}", key("x.\"y"), string("q\"\\\n"))).unwrap();
        assert_eq!(t["x.\"y"].as_str(), Some("q\"\\\n"));
    }

    #[test]
    fn an_invalid_variable_is_refused_before_anything_is_written() {
        assert!(render(None, &pairs(&[("1BAD", "x")]), "import").is_err());
    }
}
