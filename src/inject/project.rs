//! The project file `sesame.toml`: which secrets a project's commands need, as
//! which variables, per profile.
//!
//! ```toml
//! [env]                                   # the default profile
//! DATABASE_URL = "myapp/dev/database_url"
//! GOOGLE_APPLICATION_CREDENTIALS = { secret = "gcp/dev/sa", file = true }
//!
//! [profile.prod.env]                      # `--profile prod` uses this table instead
//! DATABASE_URL = "myapp/prod/database_url"
//! AWS_ACCESS_KEY_ID = "aws/prod/deploy#id"   # the current version's key id
//! AWS_SECRET_ACCESS_KEY = "aws/prod/deploy"
//! ```
//!
//! It is found from the working directory upwards, stopping at the repository
//! root (the directory holding `.git`) and before a directory that belongs to
//! another user. A profile is a complete set: `--profile prod` does not also
//! inject the default `[env]`, so a development-only secret never leaks into a
//! production run.
//!
//! A project file decides which secrets reach which program, and it often comes
//! from a cloned repository, so it is read exactly once: the file is opened,
//! checked (owned by you or root, not writable by others), read, hashed, and
//! those same bytes are parsed. Whether it may be used is decided from that
//! hash by [`super::trust`].

use std::collections::BTreeMap;
use std::fs::{self, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, IoContext, Result};
use crate::lifecycle;
use crate::name;

/// The file name looked for.
pub(crate) const PROJECT_FILE: &str = "sesame.toml";

/// One `VAR = …` line of the project file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mapping {
    pub(crate) var: String,
    /// The secret's name, possibly with `#id`.
    pub(crate) secret: String,
    /// Hand over as a file whose path is in `var`.
    pub(crate) file: bool,
}

/// A parsed `sesame.toml`.
#[derive(Debug, Clone)]
pub(crate) struct Project {
    /// Where it was found (canonical when it was read from disk).
    pub(crate) path: PathBuf,
    /// SHA-256 of the bytes that were parsed.
    pub(crate) sha256: [u8; 32],
    /// `[env]`.
    pub(crate) env: Vec<Mapping>,
    /// `[profile.NAME.env]`.
    pub(crate) profiles: BTreeMap<String, Vec<Mapping>>,
    /// The line of each `VAR = …`, by profile (`None`: `[env]`) and variable,
    /// for messages that point into the file.
    pub(crate) lines: BTreeMap<(Option<String>, String), usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProject {
    #[serde(default)]
    env: BTreeMap<String, RawEntry>,
    #[serde(default)]
    profile: BTreeMap<String, RawProfile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    #[serde(default)]
    env: BTreeMap<String, RawEntry>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawEntry {
    Name(String),
    Table(RawTable),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    secret: String,
    #[serde(default)]
    file: bool,
}

impl Project {
    /// The nearest `sesame.toml` in `start` or a directory above it, read and
    /// checked (not yet approved: see [`super::trust`]). The search stops
    /// after the directory holding `.git`, and before a directory that
    /// belongs to another user than you or root or that others may write (a
    /// sticky shared directory such as `/tmp`); a `sesame.toml` that another
    /// user owns ends it too, skipped with a warning.
    pub(crate) fn find(start: &Path) -> Result<Option<Project>> {
        match Project::locate(start)? {
            Some(path) => Project::load(&path).map(Some),
            None => Ok(None),
        }
    }

    /// Where [`Project::find`] would read the project file, if anywhere.
    pub(crate) fn locate(start: &Path) -> Result<Option<PathBuf>> {
        let own = rustix::process::geteuid().as_raw();
        let ours = |uid: u32| uid == own || uid == 0;
        for dir in start.ancestors() {
            let Ok(meta) = fs::metadata(dir) else {
                return Ok(None);
            };
            // Others may put a file here (sticky or not): not a project's.
            if !ours(meta.uid()) || meta.mode() & 0o1002 != 0 {
                return Ok(None);
            }
            let path = dir.join(PROJECT_FILE);
            if let Ok(m) = fs::symlink_metadata(&path) {
                if !ours(m.uid()) {
                    crate::stderr_line!(
                        "sesame: warning: skipped {}: it belongs to user {}, not to you, so it is not a project file of yours (the search for sesame.toml stops here)",
                        path.display(),
                        m.uid()
                    );
                    return Ok(None);
                }
                return Ok(Some(path));
            }
            if fs::symlink_metadata(dir.join(".git")).is_ok() {
                return Ok(None);
            }
        }
        Ok(None)
    }

    /// Read one project file once: open it, check who owns and may write
    /// it, read and hash the bytes, and parse those same bytes.
    ///
    /// The file itself may not be a symbolic link: an approval names a real
    /// path, and a link in a hostile repository to a project you approved
    /// would otherwise borrow that approval for its own commands.
    pub(crate) fn load(path: &Path) -> Result<Project> {
        let name = path.file_name().ok_or_else(|| {
            Error::usage(
                format!("{} names no file", path.display()),
                "name a sesame.toml or the directory holding it",
            )
        })?;
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let canonical = parent
            .canonicalize()
            .context(|| format!("could not read {}", path.display()))?
            .join(name);
        let mut file = OpenOptions::new()
            .read(true)
            .custom_flags(
                (rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOFOLLOW).bits() as i32,
            )
            .open(&canonical)
            .map_err(|e| {
                if fs::symlink_metadata(&canonical).is_ok_and(|m| m.file_type().is_symlink()) {
                    return Error::Unsafe {
                        path: canonical.clone(),
                        reason: "is a symbolic link, and a project file must be the file itself \
                                 (a link could borrow another project's approval)"
                            .to_owned(),
                    };
                }
                Error::Io {
                    context: format!("could not read {}", canonical.display()),
                    source: e,
                }
            })?;
        let meta = file
            .metadata()
            .context(|| format!("could not read {}", canonical.display()))?;
        check_owner(&canonical, &meta)?;
        let mut bytes = Vec::new();
        // A project file is a few lines; a huge one is a mistake or an attack.
        (&mut file)
            .take(MAX_LEN + 1)
            .read_to_end(&mut bytes)
            .context(|| format!("could not read {}", canonical.display()))?;
        if bytes.len() as u64 > MAX_LEN {
            return Err(Error::usage(
                format!("{} is larger than {MAX_LEN} bytes", canonical.display()),
                "a project file maps variables to secret names; check what it is",
            ));
        }
        let sha256: [u8; 32] = Sha256::digest(&bytes).into();
        let text = std::str::from_utf8(&bytes).map_err(|_| {
            Error::usage(
                format!("{} is not UTF-8 text", canonical.display()),
                "fix the project file",
            )
        })?;
        let mut project = Project::parse(&canonical, text)?;
        project.sha256 = sha256;
        Ok(project)
    }

    /// Parse project-file text; `path` is only used in messages.
    pub(crate) fn parse(path: &Path, text: &str) -> Result<Project> {
        let raw: RawProject = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            let msg = crate::error::shown(&e.message().trim().replace('\n', " "));
            let at = match line {
                Some(l) => format!("{}:{l}", path.display()),
                None => path.display().to_string(),
            };
            Error::usage(
                format!("{at}: {msg}"),
                "fix the project file; entries look like VAR = \"secret/name\" or VAR = { secret = \"secret/name\", file = true }",
            )
        })?;
        let convert = |table: BTreeMap<String, RawEntry>, section: &str| -> Result<Vec<Mapping>> {
            table
                .into_iter()
                .map(|(var, entry)| {
                    let (secret, file) = match entry {
                        RawEntry::Name(s) => (s, false),
                        RawEntry::Table(t) => (t.secret, t.file),
                    };
                    let bad = |e: Error| {
                        Error::usage(
                            format!(
                                "{}: [{}] {}: {}",
                                path.display(),
                                crate::error::shown(section),
                                crate::error::shown(&var),
                                short(&e)
                            ),
                            "fix the project file",
                        )
                    };
                    name::validate_env_var(&var).map_err(bad)?;
                    split_id(&secret).map_err(bad)?;
                    Ok(Mapping { var, secret, file })
                })
                .collect()
        };
        let env = convert(raw.env, "env")?;
        let mut profiles = BTreeMap::new();
        for (name, p) in raw.profile {
            let section = format!("profile.{name}.env");
            profiles.insert(name, convert(p.env, &section)?);
        }
        Ok(Project {
            path: path.to_owned(),
            sha256: Sha256::digest(text.as_bytes()).into(),
            env,
            profiles,
            lines: lines(text),
        })
    }

    /// The mappings of a profile (`None`: the default `[env]`).
    pub(crate) fn mappings(&self, profile: Option<&str>) -> Result<&[Mapping]> {
        match profile {
            None => Ok(&self.env),
            Some(p) => self.profiles.get(p).map(Vec::as_slice).ok_or_else(|| {
                let known: Vec<String> = self
                    .profiles
                    .keys()
                    .map(|k| crate::error::shown(k))
                    .collect();
                Error::usage(
                    format!(
                        "{} has no profile '{}'",
                        self.path.display(),
                        crate::error::shown(p)
                    ),
                    if known.is_empty() {
                        "add a [profile.NAME.env] table".to_owned()
                    } else {
                        format!("its profiles are: {}", known.join(", "))
                    },
                )
            }),
        }
    }
}

/// The largest project file read.
const MAX_LEN: u64 = 1 << 20;

/// Refuse a project file that is not a regular file, belongs to another user
/// than you or root, or that another user may write (exit 5).
fn check_owner(path: &Path, meta: &fs::Metadata) -> Result<()> {
    let own = rustix::process::geteuid().as_raw();
    let reason = if !meta.is_file() {
        "is not a regular file".to_owned()
    } else if meta.uid() != own && meta.uid() != 0 {
        format!(
            "belongs to user {} and not to you, so it is not used as a project file",
            meta.uid()
        )
    } else if meta.mode() & 0o022 != 0 {
        format!(
            "can be written by other users, so it is not used as a project file; run `chmod go-w {}`",
            path.display()
        )
    } else {
        return Ok(());
    };
    Err(Error::Unsafe {
        path: path.to_owned(),
        reason,
    })
}

/// Lower-case hex of a SHA-256.
pub(crate) fn hex(digest: &[u8; 32]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where each `VAR = …` is, by profile and variable (from the text already
/// parsed above, so nothing here can fail: what cannot be found has no line).
fn lines(text: &str) -> BTreeMap<(Option<String>, String), usize> {
    use toml::de::{DeTable, DeValue};
    let mut out = BTreeMap::new();
    let Ok(root) = DeTable::parse(text) else {
        return out;
    };
    let line_at = |at: usize| text[..at.min(text.len())].matches('\n').count() + 1;
    let mut add = |profile: Option<&str>, table: &DeTable<'_>| {
        for (var, _) in table.iter() {
            let key = (profile.map(str::to_owned), var.get_ref().to_string());
            out.insert(key, line_at(var.span().start));
        }
    };
    let root = root.get_ref();
    if let Some(DeValue::Table(env)) = root.get("env").map(|v| v.get_ref()) {
        add(None, env);
    }
    if let Some(DeValue::Table(profiles)) = root.get("profile").map(|v| v.get_ref()) {
        for (name, p) in profiles.iter() {
            if let DeValue::Table(p) = p.get_ref()
                && let Some(DeValue::Table(env)) = p.get("env").map(|v| v.get_ref())
            {
                add(Some(name.get_ref()), env);
            }
        }
    }
    out
}

/// The part of an error message before the hint.
fn short(e: &Error) -> String {
    let s = e.to_string();
    s.split(" — ").next().unwrap_or(&s).to_owned()
}

/// Split `name#id` into the secret name and whether the key id is wanted;
/// checks the name.
pub(crate) fn split_id(reference: &str) -> Result<(&str, bool)> {
    let (name, field) = lifecycle::split_ref(reference)?;
    name::validate(name)?;
    Ok((name, field == lifecycle::Field::Id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_env_and_profiles() {
        let p = Project::parse(
            Path::new("sesame.toml"),
            r#"
[env]
A = "x/a"
F = { secret = "x/f", file = true }

[profile.prod.env]
A = "prod/a"
KEY_ID = "aws/deploy#id"
"#,
        )
        .unwrap();
        assert_eq!(p.env.len(), 2);
        assert!(
            p.env
                .iter()
                .any(|m| m.var == "F" && m.file && m.secret == "x/f")
        );
        assert_eq!(p.lines[&(None, "F".to_owned())], 4);
        assert_eq!(p.lines[&(Some("prod".to_owned()), "KEY_ID".to_owned())], 8);
        let prod = p.mappings(Some("prod")).unwrap();
        assert!(
            prod.iter()
                .any(|m| m.var == "KEY_ID" && m.secret == "aws/deploy#id")
        );
        assert!(
            p.mappings(Some("nope"))
                .unwrap_err()
                .to_string()
                .contains("prod")
        );
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = Project::parse(Path::new("/p/sesame.toml"), "[env]\nA = \"ok/a\"\nB = \n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("/p/sesame.toml:3:"), "{e}");
        let e = Project::parse(Path::new("s.toml"), "[env]\n\"A-B\" = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("A-B"), "{e}");
        let e = Project::parse(Path::new("s.toml"), "[env]\nA = \"x#key\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("#key"), "{e}");
        assert!(Project::parse(Path::new("s.toml"), "[envs]\n").is_err());
    }

    #[test]
    fn errors_show_control_characters_escaped() {
        // Found by fuzzing (issue 19): a profile name or key with a control
        // character (TOML escapes allow any) reached the one-line error.
        for text in [
            "[profile.\"a \\b\".env]\nX = { secret = \"s+\" }\n",
            "[env]\n\"A\\u001b[31m\" = \"x\"\n",
            "[env]\nA = \"x\\ny\"\n",
            "[env]\n\"A\\u0007\" = 1\n",
        ] {
            let e = Project::parse(Path::new("s.toml"), text)
                .unwrap_err()
                .to_string();
            assert!(!e.chars().any(char::is_control), "{e:?}");
        }
    }
}
