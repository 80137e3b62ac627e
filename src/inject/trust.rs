//! Which project files this machine's user has approved, by content.
//!
//! A `sesame.toml` decides which secrets reach which program, and a cloned
//! repository (or a pull request) can hold any `sesame.toml` it likes. So a
//! project file is used only once its user has read it and approved it, as
//! `direnv allow` and `mise trust` do: an approval is the file's canonical path
//! and the SHA-256 of its bytes, kept in the local state file `projects`
//! (`crate::state`), never in the project. The record is sealed with the
//! [`StateKey`] of the identity that unlocks the store, so a program that can
//! write the state directory (a repository's Makefile under `sesame run`)
//! cannot add an approval: checking one needs the unlock. A changed byte is a
//! new file that needs a new approval. [`Project::load`] hashes the bytes it parses, so what
//! was approved is exactly what is acted on.
//!
//! For CI, where nobody can approve interactively, `SESAME_PROJECT_SHA256`
//! pins the one file content to use; there is deliberately no switch that
//! trusts whatever file is there, since a pull-request branch can edit it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::project::{Mapping, Project, hex};
use crate::error::{Error, Result};
use crate::escape::escaped;
use crate::state::{State, StateKey};

/// The local state record of approvals.
const RECORD: &str = "projects";

/// Pins the SHA-256 (hex) of the one project file to use, for CI.
pub(crate) const ENV_PROJECT_SHA256: &str = "SESAME_PROJECT_SHA256";

/// One approved file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Approval {
    /// Canonical path.
    pub(crate) path: String,
    /// SHA-256 of its bytes, lower-case hex.
    pub(crate) sha256: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    version: u32,
    approved: Vec<Approval>,
}

/// The approvals of this machine's user.
#[derive(Debug)]
pub(crate) struct Approvals<'k> {
    state: State,
    key: &'k StateKey,
    list: Vec<Approval>,
    /// The record on disk is an unsealed one from an earlier sesame: it
    /// approves nothing (anyone could have written it), and the next
    /// approval replaces it.
    pub(crate) unsealed: bool,
}

impl<'k> Approvals<'k> {
    /// Read the approvals sealed with `key` (none yet: an empty list).
    pub(crate) fn load(key: &'k StateKey) -> Result<Approvals<'k>> {
        Approvals::load_from(State::locate()?, key)
    }

    fn load_from(state: State, key: &'k StateKey) -> Result<Approvals<'k>> {
        let path = state.dir().join(RECORD);
        let mut unsealed = false;
        let list = match state.read(RECORD)? {
            // An unsealed record (JSON from an earlier sesame, or a forgery
            // in that shape) is never trusted; a sealed one must check.
            Some(bytes) if !State::is_sealed(&bytes) => {
                unsealed = true;
                Vec::new()
            }
            Some(_) => match state.read_sealed(RECORD, key)? {
                None => Vec::new(),
                Some(bytes) => {
                    let record: Record =
                        serde_json::from_slice(&bytes).map_err(|e| Error::Corrupt {
                            path: path.clone(),
                            reason: format!("not a list of approvals ({e})"),
                        })?;
                    valid(record.approved, &path)?
                }
            },
            None => Vec::new(),
        };
        Ok(Approvals {
            state,
            key,
            list,
            unsealed,
        })
    }

    /// Every approval, in the order given.
    pub(crate) fn list(&self) -> &[Approval] {
        &self.list
    }

    /// Whether `project` (its path and the hash of the bytes read) is approved.
    pub(crate) fn approves(&self, project: &Project) -> bool {
        self.approves_file(&project.path, &project.sha256)
    }

    /// Whether the file at `path` (a project file or an env file) with the
    /// bytes hashed to `sha256` is approved.
    pub(crate) fn approves_file(&self, path: &Path, sha256: &[u8; 32]) -> bool {
        let Some(path) = path.to_str() else {
            return false;
        };
        let sha = hex(sha256);
        self.list.iter().any(|a| a.path == path && a.sha256 == sha)
    }

    /// Approve `project` as read; an earlier approval of the same path is
    /// replaced. Returns whether anything changed.
    pub(crate) fn allow(&mut self, project: &Project) -> Result<bool> {
        self.allow_file(&project.path, &project.sha256)
    }

    /// Approve the file at `path` with the bytes hashed to `sha256`, as
    /// [`Approvals::allow`] does a project file.
    pub(crate) fn allow_file(&mut self, path: &Path, sha256: &[u8; 32]) -> Result<bool> {
        if self.approves_file(path, sha256) {
            return Ok(false);
        }
        let path = utf8_path(path)?;
        self.list.retain(|a| a.path != path);
        self.list.push(Approval {
            path,
            sha256: hex(sha256),
        });
        self.save()?;
        Ok(true)
    }

    /// Withdraw the approval of `path`. Returns whether there was one.
    pub(crate) fn deny(&mut self, path: &Path) -> Result<bool> {
        let path = utf8_path(path)?;
        let before = self.list.len();
        self.list.retain(|a| a.path != path);
        if self.list.len() == before {
            return Ok(false);
        }
        self.save()?;
        Ok(true)
    }

    fn save(&self) -> Result<()> {
        let record = Record {
            version: 1,
            approved: self.list.clone(),
        };
        let mut bytes = serde_json::to_vec_pretty(&record)
            .map_err(|e| Error::Other(format!("could not format the approvals: {e}")))?;
        bytes.push(b'\n');
        self.state.replace_sealed(RECORD, &bytes, self.key)
    }
}

/// The approvals as read, each checked: a SHA-256 is 64 lower-case hex
/// digits and a path is absolute (a record that says otherwise is corrupt).
fn valid(list: Vec<Approval>, record: &Path) -> Result<Vec<Approval>> {
    for a in &list {
        let hex_ok = a.sha256.len() == 64
            && a.sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !hex_ok || !a.path.starts_with('/') {
            return Err(Error::Corrupt {
                path: record.to_owned(),
                reason: format!(
                    "an approval of {} is not a path and a SHA-256",
                    escaped(&a.path)
                ),
            });
        }
    }
    Ok(list)
}

fn utf8_path(path: &Path) -> Result<String> {
    path.to_str().map(str::to_owned).ok_or_else(|| {
        Error::usage(
            format!("{} is not a UTF-8 path", escaped(&path.to_string_lossy())),
            "move the project to a directory whose path is UTF-8 text",
        )
    })
}

/// The pin of `SESAME_PROJECT_SHA256`, when set.
pub(crate) fn pin() -> Result<Option<String>> {
    let Some(v) = std::env::var_os(ENV_PROJECT_SHA256).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let v = v.to_string_lossy().trim().to_ascii_lowercase();
    if v.len() != 64 || !v.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::usage(
            format!("{ENV_PROJECT_SHA256} must be 64 hex digits (a SHA-256)"),
            "set it to the output of `sha256sum sesame.toml`, or unset it",
        ));
    }
    Ok(Some(v))
}

/// Whether `project` may be used: pinned by `SESAME_PROJECT_SHA256` (which,
/// when set, is the only thing that counts) or approved in the record sealed
/// with `key`. `Ok(false)` also when that record is an old unsealed one
/// ([`refusal`] says to approve again).
pub(crate) fn allowed(project: &Project, key: &StateKey) -> Result<bool> {
    if let Some(pinned) = pin()? {
        if hex(&project.sha256) == pinned {
            return Ok(true);
        }
        return Err(Error::usage(
            format!(
                "{} does not have the SHA-256 that {ENV_PROJECT_SHA256} pins (it has {})",
                escaped(&project.path.to_string_lossy()),
                hex(&project.sha256)
            ),
            "nothing was injected; review the file and update the pin, or pass --no-project",
        ));
    }
    Ok(Approvals::load(key)?.approves(project))
}

/// Whether the approvals record is an unsealed one from an earlier sesame
/// (for the refusal's hint); false when it can't be read.
pub(crate) fn record_is_unsealed() -> bool {
    State::locate()
        .and_then(|s| s.read(RECORD))
        .ok()
        .flatten()
        .is_some_and(|b| !State::is_sealed(&b))
}

/// The refusal of an unapproved `project` (exit 2): the lines to print
/// first (what it would inject for `profile`), and the error naming the
/// command that approves it.
pub(crate) fn refusal(project: &Project, profile: Option<&str>) -> (Vec<String>, Error) {
    let shown = escaped(&project.path.to_string_lossy()).to_string();
    let mut lines = Vec::new();
    if record_is_unsealed() {
        lines.push(
            "sesame: the approvals on this machine are from an earlier sesame (not sealed), \
             so none counts any more: approve your project files again"
                .to_owned(),
        );
    }
    lines.push(format!(
        "sesame: {shown} is not approved (new, or changed since it was approved); it would inject:"
    ));
    lines.extend(injects(project, profile).lines().map(str::to_owned));
    let error = Error::usage(
        format!("{shown} is not approved, so nothing was injected"),
        format!(
            "read it, then run `sesame allow --sha256 {} {}` (or pass --no-project)",
            hex(&project.sha256),
            shell_quoted(&project.path)
        ),
    );
    (lines, error)
}

/// What `project` injects for `profile` (all tables when `None` and there
/// are profiles), one `  VAR <- secret` line each, escaped.
pub(crate) fn injects(project: &Project, profile: Option<&str>) -> String {
    let mut out = String::new();
    let mut table = |title: &str, mappings: &[Mapping]| {
        let _ = writeln!(out, "  {}", escaped(title));
        if mappings.is_empty() {
            out.push_str("    (nothing)\n");
        }
        for m in mappings {
            let file = if m.file { " (as a file)" } else { "" };
            let _ = writeln!(
                out,
                "    {} <- {}{file}",
                escaped(&m.var),
                escaped(&m.secret)
            );
        }
    };
    match profile.and_then(|p| project.profiles.get(p).map(|m| (p, m))) {
        Some((p, m)) => table(&format!("[profile.{p}.env]"), m),
        None => {
            table("[env]", &project.env);
            if profile.is_none() {
                for (p, m) in &project.profiles {
                    table(&format!("[profile.{p}.env]"), m);
                }
            }
        }
    }
    out
}

/// `path` as a shell word: bare when it is plain, else single-quoted.
pub(crate) fn shell_quoted(path: &Path) -> String {
    let s = path.to_string_lossy();
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-+,:@%".contains(&b))
    {
        return s.into_owned();
    }
    format!("'{}'", escaped(&s).replace('\'', "'\\''"))
}

/// The project file for `allow`/`deny`: `path` (a file or a directory that
/// holds one), or the one `run` would use from the working directory.
pub(crate) fn target(path: Option<&Path>) -> Result<PathBuf> {
    let cwd = std::env::current_dir().map_err(|e| {
        Error::usage(
            format!("cannot read the working directory: {e}"),
            "cd to an existing directory, or name the file",
        )
    })?;
    match path {
        Some(p) if p.is_dir() => Ok(p.join(super::project::PROJECT_FILE)),
        Some(p) => Ok(p.to_owned()),
        None => Project::locate(&cwd)?.ok_or_else(|| {
            Error::usage(
                format!(
                    "no {} here or above (up to the repository root)",
                    super::project::PROJECT_FILE
                ),
                "name the file: sesame allow PATH",
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approval_is_by_path_and_exact_content() {
        let tmp = tempfile::tempdir().unwrap();
        let state = State::at(tmp.path().join("state"));
        let key = StateKey::derive(&crate::crypto::Identity::generate());
        let mut a = Approvals::load_from(state.clone(), &key).unwrap();
        let p = Project::parse(Path::new("/p/sesame.toml"), "[env]\nA = \"x/a\"\n").unwrap();
        assert!(!a.approves(&p));
        assert!(a.allow(&p).unwrap());
        assert!(!a.allow(&p).unwrap());
        let a = Approvals::load_from(state.clone(), &key).unwrap();
        assert!(a.approves(&p));
        let changed = Project::parse(Path::new("/p/sesame.toml"), "[env]\nA = \"x/b\"\n").unwrap();
        assert!(!a.approves(&changed));
        let moved = Project::parse(Path::new("/q/sesame.toml"), "[env]\nA = \"x/a\"\n").unwrap();
        assert!(!a.approves(&moved));
        let mut a = Approvals::load_from(state.clone(), &key).unwrap();
        assert!(a.allow(&changed).unwrap());
        assert_eq!(a.list().len(), 1, "a new approval replaces the old one");
        assert!(a.deny(Path::new("/p/sesame.toml")).unwrap());
        assert!(
            !Approvals::load_from(state.clone(), &key)
                .unwrap()
                .approves(&changed)
        );
    }

    #[test]
    fn unsealed_forged_or_malformed_records_approve_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let state = State::at(tmp.path().join("state"));
        let key = StateKey::derive(&crate::crypto::Identity::generate());
        let p = Project::parse(Path::new("/p/sesame.toml"), "[env]\nA = \"x/a\"\n").unwrap();
        let forged = format!(
            "{{\"version\":1,\"approved\":[{{\"path\":\"/p/sesame.toml\",\"sha256\":\"{}\"}}]}}\n",
            hex(&p.sha256)
        );
        state.replace(RECORD, forged.as_bytes()).unwrap();
        let a = Approvals::load_from(state.clone(), &key).unwrap();
        assert!(
            a.unsealed && !a.approves(&p),
            "an unsealed record is never trusted"
        );
        let mut a = Approvals::load_from(state.clone(), &key).unwrap();
        assert!(
            a.allow(&p).unwrap(),
            "approving again replaces the old record"
        );
        assert!(
            Approvals::load_from(state.clone(), &key)
                .unwrap()
                .approves(&p)
        );
        let other = StateKey::derive(&crate::crypto::Identity::generate());
        assert!(Approvals::load_from(state.clone(), &other).is_err());
        let bad = br#"{"version":1,"approved":[{"path":"/p/sesame.toml","sha256":"\u00e9"}]}"#;
        state.replace_sealed(RECORD, bad, &key).unwrap();
        assert!(
            Approvals::load_from(state, &key).is_err(),
            "a short SHA-256 is refused"
        );
    }

    #[test]
    fn listing_and_quoting_escape_what_they_show() {
        let p = Project::parse(
            Path::new("/p/sesame.toml"),
            "[env]\nA = \"x/a\"\n[profile.prod.env]\nB = { secret = \"x/b\", file = true }\n",
        )
        .unwrap();
        let all = injects(&p, None);
        assert!(
            all.contains("A <- x/a") && all.contains("B <- x/b (as a file)"),
            "{all}"
        );
        assert!(!injects(&p, Some("prod")).contains("A <- x/a"));
        assert_eq!(shell_quoted(Path::new("/a/b.toml")), "/a/b.toml");
        assert_eq!(shell_quoted(Path::new("/a b/it's")), "'/a b/it'\\''s'");
        assert_eq!(shell_quoted(Path::new("/a\u{1b}[2J")), "'/a\\e[2J'");
    }
}
