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
//! It is found from the working directory upwards (like `.git`). A profile is a
//! complete set: `--profile prod` does not also inject the default `[env]`, so a
//! development-only secret never leaks into a production run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

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
    /// Where it was found.
    pub(crate) path: PathBuf,
    /// `[env]`.
    pub(crate) env: Vec<Mapping>,
    /// `[profile.NAME.env]`.
    pub(crate) profiles: BTreeMap<String, Vec<Mapping>>,
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
    /// The nearest `sesame.toml` in `start` or a directory above it.
    pub(crate) fn find(start: &Path) -> Result<Option<Project>> {
        for dir in start.ancestors() {
            let path = dir.join(PROJECT_FILE);
            if path.is_file() {
                return Project::load(&path).map(Some);
            }
        }
        Ok(None)
    }

    /// Read and check one project file.
    pub(crate) fn load(path: &Path) -> Result<Project> {
        let text = std::fs::read_to_string(path)
            .context(|| format!("could not read {}", path.display()))?;
        Project::parse(path, &text)
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
            env,
            profiles,
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
