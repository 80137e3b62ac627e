//! `run --env-file FILE` (and `env --env-file`): a dotenv file whose values
//! may be references to secrets, `sesame://NAME` or `sesame://NAME#id`.
//!
//! The file is read as python-dotenv reads it (`super::dotenv`, the reader of
//! `import`), `${VAR}` expanded from earlier keys and the environment (never
//! from `SESAME_*`). A value that is exactly a reference after that is
//! resolved from the store; any other value passes through as it is. A value
//! that starts with `sesame://` but is not a valid reference is an error, not
//! text (a typo must not reach a program as a literal).
//!
//! A file that holds a reference asks for secrets to be given to the command,
//! as a `sesame.toml` does, and a cloned repository can hold any such file: it
//! is used only when its content is approved on this machine (`sesame allow
//! FILE`, the same sealed record as project files, `super::trust`) or pinned
//! in `SESAME_ENV_FILE_SHA256`. A file without references needs neither. The
//! file is read once and what was hashed is what is parsed.

use std::fs::{self, OpenOptions};
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::dotenv;
use super::template::SCHEME;
use crate::error::{Error, IoContext, Result};
use crate::escape::escaped;
use crate::lifecycle::{self, Field};
use crate::name;
use crate::value::SecretValue;

/// Pins the SHA-256 (hex) of the env files to use, for CI: a list separated
/// by commas or spaces.
pub(crate) const ENV_FILE_SHA256: &str = "SESAME_ENV_FILE_SHA256";

/// The most an env file may hold.
const MAX_LEN: u64 = 4 << 20;

/// What one variable of the file holds.
#[derive(Debug)]
pub(crate) enum EnvValue {
    /// `sesame://NAME` or `sesame://NAME#id`: the name and whether `#id`.
    Reference(String, bool),
    /// Any other value, passed through (not masked: it is not a secret of the store).
    Plain(SecretValue),
}

/// One `KEY=value` line.
#[derive(Debug)]
pub(crate) struct EnvEntry {
    pub(crate) var: String,
    /// The line it starts on (1-based).
    pub(crate) line: usize,
    pub(crate) value: EnvValue,
}

/// A read env file.
#[derive(Debug)]
pub(crate) struct EnvFile {
    /// The real path (its directory's links resolved).
    pub(crate) path: PathBuf,
    /// SHA-256 of the bytes that were parsed.
    pub(crate) sha256: [u8; 32],
    /// Every binding with a value, in file order (a later one of the same
    /// variable wins, as in python-dotenv).
    pub(crate) entries: Vec<EnvEntry>,
}

impl EnvFile {
    /// Whether any value is a reference (then the file must be approved).
    pub(crate) fn has_references(&self) -> bool {
        self.entries
            .iter()
            .any(|e| matches!(e.value, EnvValue::Reference(..)))
    }

    /// Read, hash and parse `path` once. `env` gives `${VAR}` its values.
    pub(crate) fn load(path: &Path, env: &dyn Fn(&str) -> Option<String>) -> Result<EnvFile> {
        let (path, bytes) = read(path)?;
        let sha256: [u8; 32] = Sha256::digest(&bytes[..]).into();
        let shown = escaped(&path.to_string_lossy()).to_string();
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            Error::usage(
                format!("{shown} is not UTF-8 text (byte {})", e.valid_up_to()),
                "convert it to UTF-8; nothing was run",
            )
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let entries = parse(text, env).map_err(|e| match e {
            Error::Usage { what, hint } => Error::Usage {
                what: format!("{shown} {what}"),
                hint: hint.replace("nothing was imported", "nothing was run"),
            },
            other => other,
        })?;
        Ok(EnvFile {
            path,
            sha256,
            entries,
        })
    }
}

/// The file's real path and its bytes. The last component must be the file
/// itself, not a link (a link could borrow another file's approval, as for
/// project files).
fn read(path: &Path) -> Result<(PathBuf, Zeroizing<Vec<u8>>)> {
    let name = path.file_name().ok_or_else(|| {
        Error::usage(
            format!("{} names no file", escaped(&path.to_string_lossy())),
            "name a dotenv file: --env-file .env",
        )
    })?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let real = parent
        .canonicalize()
        .context(|| format!("could not read {}", path.display()))?
        .join(name);
    let mut file = OpenOptions::new()
        .read(true)
        .custom_flags((rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOFOLLOW).bits() as i32)
        .open(&real)
        .map_err(|e| {
            if fs::symlink_metadata(&real).is_ok_and(|m| m.file_type().is_symlink()) {
                return Error::usage(
                    format!(
                        "{} is a symbolic link; --env-file takes the file itself",
                        escaped(&real.to_string_lossy())
                    ),
                    "name the file the link points to (an approval holds for one path)",
                );
            }
            Error::Io {
                context: format!("could not read {}", real.display()),
                source: e,
            }
        })?;
    let meta = file
        .metadata()
        .context(|| format!("could not read {}", real.display()))?;
    if !meta.is_file() {
        return Err(Error::usage(
            format!("{} is not a regular file", escaped(&real.to_string_lossy())),
            "name a dotenv file: --env-file .env",
        ));
    }
    // Sized up front: a growing buffer would free unzeroed copies of values.
    let mut bytes = Zeroizing::new(Vec::with_capacity(meta.len().min(MAX_LEN) as usize + 1));
    (&mut file)
        .take(MAX_LEN + 1)
        .read_to_end(&mut bytes)
        .context(|| format!("could not read {}", real.display()))?;
    if bytes.len() as u64 > MAX_LEN {
        return Err(Error::usage(
            format!(
                "{} is larger than {} MiB",
                escaped(&real.to_string_lossy()),
                MAX_LEN >> 20
            ),
            "an env file maps variables to values or references; check what it is",
        ));
    }
    Ok((real, bytes))
}

/// Parse dotenv text (python-dotenv's grammar and `${VAR}` expansion) into
/// entries; a bare `KEY` line (no `=`) is skipped, as `load_dotenv` does.
pub(crate) fn parse(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Vec<EnvEntry>> {
    let text = dotenv::normalize_newlines(text);
    let mut bindings = dotenv::parse(&text)?;
    let env = |n: &str| {
        if n.starts_with("SESAME_") {
            None
        } else {
            env(n)
        }
    };
    // What the file says before `${…}` is expanded: a reference must be
    // written there as it is, so that the approved bytes say which secrets
    // go where (the environment can't turn a plain value into a reference).
    let written: Vec<Option<Zeroizing<String>>> =
        bindings.iter().map(|b| b.value.clone()).collect();
    dotenv::interpolate(&mut bindings, &env, text.len())?;
    let mut out = Vec::with_capacity(bindings.len());
    for (b, written) in bindings.into_iter().zip(written) {
        let Some(value) = b.value else { continue };
        let written = written.as_deref().map(String::as_str).unwrap_or("");
        if (value.starts_with(SCHEME) || written.starts_with(SCHEME)) && written != value.as_str() {
            return Err(Error::usage(
                format!(
                    "line {} ({}): a reference made or changed by ${{…}} expansion is refused",
                    b.line, b.key
                ),
                "write sesame://NAME in the file itself (the approval covers what the file says); nothing was run",
            ));
        }
        // A key is never quoted back: a bare line read as a key may be a value.
        name::validate_env_var(&b.key).map_err(|_| {
            Error::usage(
                format!(
                    "line {}: the key is not a valid environment variable name (it is not shown: it may be a value)",
                    b.line
                ),
                "nothing was run; fix that line (a multi-line value must be quoted)",
            )
        })?;
        let value = match value.strip_prefix(SCHEME) {
            Some(reference) => {
                let bad = |e: Error| match e {
                    Error::Usage { what, .. } => Error::usage(
                        format!("line {} ({}): {what}", b.line, b.key),
                        "write sesame://NAME or sesame://NAME#id; nothing was run",
                    ),
                    other => other,
                };
                let (n, field) = lifecycle::split_ref(reference).map_err(bad)?;
                name::validate(n).map_err(bad)?;
                EnvValue::Reference(n.to_owned(), field == Field::Id)
            }
            None => EnvValue::Plain(SecretValue::new(value.to_string())),
        };
        out.push(EnvEntry {
            var: b.key,
            line: b.line,
            value,
        });
    }
    Ok(out)
}

/// The pins of `SESAME_ENV_FILE_SHA256`, when set.
pub(crate) fn pins() -> Result<Option<Vec<String>>> {
    let Some(v) = std::env::var_os(ENV_FILE_SHA256).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let v = v.to_string_lossy().to_ascii_lowercase();
    let list: Vec<String> = v
        .split([',', ' ', '\n', '\t'])
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if list.is_empty()
        || list
            .iter()
            .any(|h| h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Err(Error::usage(
            format!("{ENV_FILE_SHA256} must be SHA-256s (64 hex digits each, separated by commas)"),
            "set it to the output of `sha256sum FILE`, or unset it",
        ));
    }
    Ok(Some(list))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(text: &str) -> Vec<(String, String)> {
        parse(text, &|n| (n == "HOME").then(|| "/home/x".to_owned()))
            .unwrap()
            .into_iter()
            .map(|e| {
                let v = match e.value {
                    EnvValue::Reference(n, id) => format!("ref {n}{}", if id { " id" } else { "" }),
                    EnvValue::Plain(v) => v.expose().to_owned(),
                };
                (e.var, v)
            })
            .collect()
    }

    #[test]
    fn references_and_plain_values() {
        assert_eq!(
            entries(
                "# app\nexport DB=sesame://app/db\nKEY_ID='sesame://aws/deploy#id'\n\
                 PORT=3000 # comment\nURL=\"x sesame://no\"\nBARE\nHOME_DIR=${HOME}\n"
            ),
            [
                ("DB".into(), "ref app/db".into()),
                ("KEY_ID".into(), "ref aws/deploy id".into()),
                ("PORT".into(), "3000".into()),
                ("URL".into(), "x sesame://no".into()),
                ("HOME_DIR".into(), "/home/x".into()),
            ]
        );
        // A reference only ${…} would make is refused: the approval covers
        // what the file says, not what the environment makes of it.
        let e = parse("REF=${NOPE:-sesame://app/db}\n", &|_| None).unwrap_err();
        assert!(e.to_string().contains("expansion is refused"), "{e}");
    }

    #[test]
    fn bad_references_and_keys_name_the_line() {
        for (text, says) in [
            ("A=1\nB=sesame://bad name\n", "line 2 (B):"),
            ("A=sesame://x#key\n", "line 1 (A): 'x#key' asks for '#key'"),
            ("A=sesame://\n", "line 1 (A):"),
            ("1A=x\n", "line 1: the key is not a valid"),
            ("A='open\n", "line 1: cannot parse"),
        ] {
            let e = parse(text, &|_| None).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{text}");
            assert!(e.to_string().contains(says), "{text}: {e}");
        }
    }

    #[test]
    fn sesame_variables_are_not_expanded() {
        let got = parse("A=${SESAME_PASSWORD:-none}", &|_| Some("leak".into())).unwrap();
        assert!(matches!(&got[0].value, EnvValue::Plain(v) if v.expose() == "none"));
    }
}
