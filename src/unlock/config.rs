//! The one setting unlocking reads from the config file: `cache_timeout`.
//!
//! A minimal loader until the shared config module lands: it reads
//! `~/.config/sesame/config.toml` (the platform's config directory) and looks
//! only at `cache_timeout`, a duration (`"15m"`, `"1h"`) or a number of seconds;
//! `0` disables caching after a prompt. Other keys are left to their owners.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::time;

use super::cache::DEFAULT_TIMEOUT;

/// The config file, if the platform has a config directory.
pub fn config_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("sesame").join("config.toml"))
}

/// How long a prompt's unlock is cached: `cache_timeout`, default 15 minutes.
pub fn cache_timeout() -> Result<Duration> {
    let Some(path) = config_path() else {
        return Ok(DEFAULT_TIMEOUT);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(DEFAULT_TIMEOUT),
        Err(e) => {
            return Err(Error::usage(
                format!("could not read {}: {e}", path.display()),
                "fix its permissions or remove it",
            ));
        }
    };
    parse(&text).map_err(|why| {
        Error::usage(
            format!("{}: {why}", path.display()),
            "set cache_timeout to a duration like \"15m\" or \"1h\", or 0 to disable caching",
        )
    })
}

fn parse(text: &str) -> std::result::Result<Duration, String> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| format!("not valid TOML ({})", e.message()))?;
    match table.get("cache_timeout") {
        None => Ok(DEFAULT_TIMEOUT),
        Some(toml::Value::Integer(n)) if *n >= 0 => Ok(Duration::from_secs(*n as u64)),
        Some(toml::Value::String(s)) => time::parse_duration(s)
            .map(Duration::from_secs)
            .map_err(|_| format!("cache_timeout = \"{s}\" is not a duration")),
        Some(other) => Err(format!(
            "cache_timeout is a {}, not a duration",
            other.type_str()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_seconds_and_defaults() {
        assert_eq!(parse("").unwrap(), DEFAULT_TIMEOUT);
        assert_eq!(parse("cache_timeout = \"1h\"").unwrap().as_secs(), 3600);
        assert_eq!(parse("cache_timeout = 90").unwrap().as_secs(), 90);
        assert_eq!(parse("cache_timeout = 0").unwrap().as_secs(), 0);
        assert!(parse("cache_timeout = \"soon\"").is_err());
        assert!(parse("cache_timeout = -1").is_err());
        assert!(parse("cache_timeout = [").is_err());
    }
}
