//! The user's configuration file: `~/.config/sesame/config.toml` (the platform's
//! config directory), or the file named by `SESAME_CONFIG`.
//!
//! Every key is optional (`#[serde(default)]`), so a missing file is the same as
//! an empty one, and features add their keys here without touching each other.
//! A key this build does not know is reported as a warning, not an error: a
//! config written for a newer sesame must not lock an older one out of its
//! secrets. A file that is not valid TOML, or a known key with a value of the
//! wrong type, is an error that names the file and the line.
//!
//! ```toml
//! max_versions = 10       # versions kept per secret
//! default_max_age = "90d" # rotation due this long after each new value
//! grace = "1d"            # how long `rotate` keeps the previous value valid
//! cache_timeout = "15m"   # how long an unlock stays cached (0: never cache)
//! audit_max_bytes = 10485760  # audit.log is rotated to audit.log.1 past this size
//! mask_on_terminal = true # `run` masks on a terminal too (through a pty), as --mask
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::time;

/// Environment variable: the config file to read instead of the default.
pub(crate) const ENV_CONFIG: &str = "SESAME_CONFIG";

/// How long a rotated-out value stays valid when neither `--grace` nor the
/// config says otherwise: a day gives every deployment time to pick up the
/// new value before the old one stops working.
pub(crate) const DEFAULT_GRACE: u64 = 86_400;

/// The settings, as written in the file. Durations are kept as text and
/// checked by [`parse`], so that a typo is reported with its line.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Config {
    /// Versions kept per secret; older ones are dropped and their values wiped.
    pub(crate) max_versions: Option<u32>,
    /// Max age given to new secrets that do not set one (`90d`).
    pub(crate) default_max_age: Option<String>,
    /// Default grace period of `rotate` (`1d`; `0` revokes at once).
    pub(crate) grace: Option<String>,
    /// How long an unlock stays cached: a duration (`"15m"`) or seconds; 0 disables.
    pub(crate) cache_timeout: Option<toml::Value>,
    /// Size at which `audit.log` is rotated to `audit.log.1` (default 10 MiB).
    pub(crate) audit_max_bytes: Option<u64>,
    /// Whether `run` masks output that goes to a terminal too (through a
    /// pseudo-terminal), as `--mask` does; `--no-mask` still turns it off.
    pub(crate) mask_on_terminal: Option<bool>,
    /// Keys this build does not know (reported by [`Loaded::warnings`]).
    #[serde(flatten)]
    pub(crate) unknown: BTreeMap<String, toml::Value>,
}

/// A loaded config with its durations resolved.
#[derive(Debug, Clone, Default)]
pub(crate) struct Loaded {
    pub(crate) raw: Config,
    /// `default_max_age` in seconds (`None` or 0: none).
    pub(crate) default_max_age: Option<u64>,
    /// `grace` in seconds.
    pub(crate) grace: Option<u64>,
    /// `cache_timeout` in seconds (`None`: the default, 15 minutes).
    pub(crate) cache_timeout: Option<u64>,
    /// Things worth telling the user that do not stop the command.
    pub(crate) warnings: Vec<String>,
}

impl Loaded {
    /// How long an unlock stays cached: `cache_timeout`, else 15 minutes.
    pub(crate) fn cache_timeout(&self) -> std::time::Duration {
        self.cache_timeout
            .map(std::time::Duration::from_secs)
            .unwrap_or(crate::unlock::cache::DEFAULT_TIMEOUT)
    }

    /// The grace period of `rotate` when `--grace` is not given.
    pub(crate) fn grace_or_default(&self) -> u64 {
        self.grace.unwrap_or(DEFAULT_GRACE)
    }
}

/// Where the config file is: `SESAME_CONFIG`, else `<config dir>/sesame/config.toml`.
pub(crate) fn path() -> Option<PathBuf> {
    match std::env::var_os(ENV_CONFIG) {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => dirs::config_dir().map(|d| d.join("sesame").join("config.toml")),
    }
}

/// Read the config file. A missing default file is an empty config; a missing
/// file named by `SESAME_CONFIG` is an error (the user asked for it).
pub(crate) fn load() -> Result<Loaded> {
    let explicit = std::env::var_os(ENV_CONFIG).is_some_and(|p| !p.is_empty());
    let Some(p) = path() else {
        return Ok(Loaded::default());
    };
    match fs::read_to_string(&p) {
        Ok(text) => parse(&text, &p),
        Err(e) if e.kind() == io::ErrorKind::NotFound && !explicit => Ok(Loaded::default()),
        Err(e) => Err(Error::Io {
            context: format!("could not read the config file {}", p.display()),
            source: e,
        }),
    }
}

/// Parse config text read from `path`.
pub(crate) fn parse(text: &str, path: &Path) -> Result<Loaded> {
    let raw: Config = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        let at = line.map(|l| format!(", line {l}")).unwrap_or_default();
        Error::Usage {
            what: format!(
                "{}{at}: {}",
                path.display(),
                crate::error::shown(&e.message().trim_end().replace('\n', " "))
            ),
            hint: "fix the config file (see `sesame help` and the README's Configuration)".into(),
        }
    })?;
    let bad = |key: &str, why: String| {
        let line = text
            .lines()
            .position(|l| l.trim_start().starts_with(key))
            .map(|i| format!(", line {}", i + 1))
            .unwrap_or_default();
        Error::usage(
            format!("{}{line}: {key}: {why}", path.display()),
            "fix the config file (durations look like 90d, 12h, 30m, 0)",
        )
    };
    let duration = |key: &str, v: &Option<String>| -> Result<Option<u64>> {
        v.as_deref()
            .map(|d| {
                time::parse_duration(d).map_err(|_| {
                    bad(
                        key,
                        format!("'{}' is not a duration", crate::error::shown(d)),
                    )
                })
            })
            .transpose()
    };
    let default_max_age = duration("default_max_age", &raw.default_max_age)?.filter(|s| *s > 0);
    let grace = duration("grace", &raw.grace)?;
    let cache_timeout = match &raw.cache_timeout {
        None => None,
        Some(toml::Value::Integer(n)) if *n >= 0 => Some(*n as u64),
        Some(toml::Value::String(d)) => duration("cache_timeout", &Some(d.clone()))?,
        Some(other) => {
            return Err(bad(
                "cache_timeout",
                format!("a {} is not a duration", other.type_str()),
            ));
        }
    };
    if raw.audit_max_bytes == Some(0) {
        return Err(bad("audit_max_bytes", "must be at least 1".into()));
    }
    if raw.max_versions == Some(0) {
        return Err(bad("max_versions", "must be at least 1".into()));
    }
    let warnings = raw
        .unknown
        .keys()
        .map(|k| {
            format!(
                "{}: unknown key '{}' ignored",
                path.display(),
                crate::error::shown(k)
            )
        })
        .collect();
    Ok(Loaded {
        raw,
        default_max_age,
        grace,
        cache_timeout,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_durations_and_unknown_keys() {
        let c = parse(
            "max_versions = 3\ndefault_max_age = \"90d\"\ngrace = \"0\"\nfuture_key = 1\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(c.raw.max_versions, Some(3));
        assert_eq!(c.default_max_age, Some(90 * 86_400));
        assert_eq!(c.grace, Some(0));
        assert_eq!(c.warnings.len(), 1);
        assert!(c.warnings[0].contains("future_key"));
    }

    #[test]
    fn mask_on_terminal_is_a_boolean() {
        let p = Path::new("c.toml");
        let on = parse("mask_on_terminal = true\n", p).unwrap();
        assert_eq!(on.raw.mask_on_terminal, Some(true));
        assert!(on.warnings.is_empty());
        assert_eq!(parse("", p).unwrap().raw.mask_on_terminal, None);
        let e = parse("mask_on_terminal = \"yes\"\n", p)
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 1"), "{e}");
    }

    #[test]
    fn cache_timeout_takes_durations_and_seconds() {
        let p = Path::new("c.toml");
        let t = |text: &str| parse(text, p).map(|l| l.cache_timeout().as_secs());
        assert_eq!(t("").unwrap(), 15 * 60);
        assert_eq!(t("cache_timeout = \"1h\"").unwrap(), 3600);
        assert_eq!(t("cache_timeout = 90").unwrap(), 90);
        assert_eq!(t("cache_timeout = 0").unwrap(), 0);
        assert!(t("cache_timeout = \"soon\"").is_err());
        assert!(t("cache_timeout = -1").is_err());
        assert!(t("cache_timeout = [").is_err());
        assert!(
            parse("cache_timeout = \"1h\"", p)
                .unwrap()
                .warnings
                .is_empty()
        );
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = parse(
            "grace = \"1d\"\nmax_versions = \"ten\"\n",
            Path::new("/x/c.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("/x/c.toml, line 2"), "{e}");
        let e = parse("\n\nmax_versions = = 3\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 3"), "{e}");
        let e = parse("# c\ngrace = \"soon\"\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2") && e.contains("grace"), "{e}");
    }

    #[test]
    fn messages_show_control_characters_escaped() {
        // Issue 19: text from the file is quoted escaped, never raw.
        let e = parse("grace = \"1\\n\\u001b[2J\"\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(!e.chars().any(char::is_control), "{e:?}");
        assert!(e.contains("'1\\n\\u{1b}[2J' is not a duration"), "{e}");
        let c = parse("\"odd\\rkey\" = 1\n", Path::new("c.toml")).unwrap();
        assert_eq!(c.warnings, ["c.toml: unknown key 'odd\\rkey' ignored"]);
    }
}
