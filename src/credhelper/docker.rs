//! docker's credential-helper protocol (github.com/docker/docker-credential-helpers):
//! `get` and `erase` read a server URL on stdin, `store` a JSON object
//! `{ServerURL, Username, Secret}`, `list` nothing; `get` answers that object,
//! `list` `{URL: user, …}`. A credential docker asks for that is not stored is
//! the text [`NOT_FOUND`] on stdout and exit 1, which the docker CLI reads as
//! "not logged in".
//!
//! The credential for a registry is the secret `docker/HOST[/PATH…]` (the URL
//! without its scheme and trailing `/`, each part through [`super::segment`]),
//! its key id the user name (none when docker sends an empty one) and its
//! description the URL as docker sent it. The host is lowercased.

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::value::SecretValue;

/// What docker's helpers print for a credential they do not hold.
pub(crate) const NOT_FOUND: &str = "credentials not found in native keychain";

/// The credential `store` receives.
#[derive(Deserialize)]
pub(crate) struct Credentials {
    #[serde(rename = "ServerURL")]
    pub(crate) server_url: String,
    #[serde(rename = "Username")]
    pub(crate) username: String,
    #[serde(rename = "Secret")]
    pub(crate) secret: SecretValue,
}

fn refused(what: &str) -> Error {
    Error::usage(
        format!("docker sent a credential sesame cannot read: {what}"),
        "nothing was stored",
    )
}

/// Parse `store`'s JSON.
pub(crate) fn parse_store(input: &[u8]) -> Result<Credentials> {
    if input.len() > super::MAX_INPUT {
        return Err(refused("it is longer than 64 KiB"));
    }
    let creds: Credentials = serde_json::from_slice(input)
        .map_err(|_| refused("it is not a JSON object with ServerURL, Username and Secret"))?;
    if server_name(&creds.server_url).is_none() {
        return Err(refused("its ServerURL names no registry"));
    }
    if creds.secret.is_empty() {
        return Err(refused("its Secret is empty"));
    }
    Ok(creds)
}

/// The server URL `get` and `erase` read: the text less surrounding space.
pub(crate) fn parse_url(input: &[u8]) -> Result<String> {
    if input.len() > super::MAX_INPUT {
        return Err(refused("it is longer than 64 KiB"));
    }
    let text = std::str::from_utf8(input).map_err(|_| refused("it is not UTF-8"))?;
    let url = text.trim();
    if url.is_empty() || url.contains(['\n', '\0']) {
        return Err(refused("it is not one server URL"));
    }
    Ok(url.to_owned())
}

/// A URL without its scheme and trailing slashes, its host lowercased (host
/// names are case-insensitive, paths are not): two URLs docker treats as one
/// registry compare equal this way.
pub(crate) fn normal(url: &str) -> String {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url)
        .trim_end_matches('/');
    match rest.split_once('/') {
        Some((host, path)) => format!("{}/{path}", host.to_ascii_lowercase()),
        None => rest.to_ascii_lowercase(),
    }
}

/// The secret of a registry URL, or `None` when it names none.
pub(crate) fn server_name(url: &str) -> Option<String> {
    let rest = normal(url);
    if rest.split('/').all(str::is_empty) {
        return None;
    }
    super::join("docker", &rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_names() {
        assert_eq!(
            server_name("https://index.docker.io/v1/").as_deref(),
            Some("docker/index.docker.io/v1")
        );
        assert_eq!(
            server_name("localhost:5000").as_deref(),
            Some("docker/localhost_5000")
        );
        assert_eq!(server_name("https://"), None);
        assert_eq!(normal("https://r.io/"), normal("r.io"));
        assert_eq!(normal("https://R.io/A"), "r.io/A");
        assert!(parse_store(br#"{"ServerURL":"r.io","Username":"u","Secret":"s"}"#).is_ok());
        assert!(parse_store(br#"{"ServerURL":"r.io","Username":"u","Secret":""}"#).is_err());
        assert!(parse_url(b"  r.io\n").is_ok_and(|u| u == "r.io"));
    }
}
