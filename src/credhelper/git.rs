//! git's credential-helper protocol (gitcredentials(7), git-credential(1)):
//! `key=value` lines on stdin up to a blank line or the end; keys this does
//! not know (`wwwauth[]`, `capability[]`, …) are ignored, as the protocol says.
//!
//! A credential for `protocol://[user@]host[/path]` is the secret
//! `git/PROTOCOL/HOST[/PATH…]` whose key id (`set --id`) is the user name, or
//! `git/PROTOCOL/HOST[/PATH…]/USER` when one host has several users; each part
//! goes through [`super::segment`] (so `host:8443` is `host_8443`). A path is
//! sent only with `credential.useHttpPath`; then the host's own secrets are
//! tried after the path's.

use crate::error::{Error, Result};
use crate::value::SecretValue;

/// One request from git.
#[derive(Default)]
pub(crate) struct Request {
    pub(crate) protocol: Option<String>,
    pub(crate) host: Option<String>,
    pub(crate) path: Option<String>,
    pub(crate) username: Option<String>,
    pub(crate) password: Option<SecretValue>,
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("protocol", &self.protocol)
            .field("host", &self.host)
            .field("path", &self.path)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .finish()
    }
}

fn refused(what: &str) -> Error {
    Error::usage(
        format!("git sent a credential request sesame cannot read: {what}"),
        "nothing was read or written; git's credential protocol is key=value lines of UTF-8 text",
    )
}

/// Parse what git wrote on stdin. A line without `=` is refused, as git
/// itself refuses it; a later key replaces an earlier one.
pub(crate) fn parse(input: &[u8]) -> Result<Request> {
    if input.len() > super::MAX_INPUT {
        return Err(refused("it is longer than 64 KiB"));
    }
    let text = std::str::from_utf8(input).map_err(|_| refused("it is not UTF-8"))?;
    let mut req = Request::default();
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            break;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(refused("a line has no '='"));
        };
        if value.contains('\0') {
            return Err(refused("a value holds a NUL byte"));
        }
        let text = || Some(value.to_owned()).filter(|v| !v.is_empty());
        match key {
            "protocol" => req.protocol = text(),
            "host" => req.host = text(),
            "path" => req.path = text(),
            "username" => req.username = text(),
            "password" => req.password = Some(SecretValue::new(value.to_owned())),
            _ => {}
        }
    }
    Ok(req)
}

impl Request {
    /// `git/PROTOCOL/HOST` (the host lowercased: host names are
    /// case-insensitive, paths are not) and, with a path, `Some` of
    /// `git/PROTOCOL/HOST/PATH…` (`None` inside when it makes no valid name).
    fn host_and_path(&self) -> Option<(String, Option<Option<String>>)> {
        let (Some(protocol), Some(host)) = (&self.protocol, &self.host) else {
            return None;
        };
        let protocol = super::segment(protocol)?;
        let host = super::segment(&host.to_ascii_lowercase())?;
        let host = format!("git/{protocol}/{host}");
        let with_path = match &self.path {
            None => None,
            Some(path) => match super::join(&host, path) {
                Some(p) if p == host => None, // only slashes: no path
                p => Some(p),
            },
        };
        Some((host, with_path))
    }

    /// `git/PROTOCOL/HOST/PATH…` (with a path) first, then `git/PROTOCOL/HOST`.
    fn bases(&self) -> Vec<String> {
        let Some((host, with_path)) = self.host_and_path() else {
            return Vec::new();
        };
        let mut bases: Vec<String> = with_path.flatten().into_iter().collect();
        if crate::name::validate(&host).is_ok() {
            bases.push(host);
        }
        bases
    }

    /// For each base, `BASE/USER` (when git names a user), then `BASE`.
    fn names_of(&self, bases: Vec<String>) -> Vec<String> {
        let user = self.username.as_deref().and_then(super::segment);
        let mut names = Vec::new();
        for base in bases {
            if let Some(user) = &user
                && let Some(name) = super::join(&base, user)
            {
                names.push(name);
            }
            names.push(base);
        }
        names
    }

    /// The secrets that may hold this credential, most specific first.
    pub(crate) fn candidates(&self) -> Vec<String> {
        self.names_of(self.bases())
    }

    /// The secrets `store` may change: with a path (`credential.useHttpPath`)
    /// only the path's own, so a per-repository token never replaces the
    /// host's credential; none when the path makes no valid name.
    pub(crate) fn store_candidates(&self) -> Vec<String> {
        match self.host_and_path() {
            None => Vec::new(),
            Some((_, Some(with_path))) => self.names_of(with_path.into_iter().collect()),
            Some(_) => self.candidates(),
        }
    }

    /// Whether a secret whose key id is `id` may answer: git named no user,
    /// or the same one, or the secret names none.
    pub(crate) fn accepts(&self, id: Option<&str>) -> bool {
        match (&self.username, id) {
            (Some(user), Some(id)) => user == id,
            _ => true,
        }
    }

    /// Where `store` puts a credential none of [`Request::store_candidates`]
    /// holds: the most specific base when it is free, else that base and the user.
    pub(crate) fn new_name(&self, taken: &dyn Fn(&str) -> bool) -> Option<String> {
        let base = match self.host_and_path()? {
            (_, Some(with_path)) => with_path?,
            (host, None) => Some(host).filter(|h| crate::name::validate(h).is_ok())?,
        };
        if !taken(&base) {
            return Some(base);
        }
        let user = super::segment(self.username.as_deref()?)?;
        super::join(&base, &user).filter(|n| !taken(n))
    }
}

/// The answer to `get`: `username=` (when known), `password=` and, for a
/// secret with an expiry, `password_expiry_utc=` (git 2.41 and later).
/// A user name or value git could not read back (a newline, a carriage
/// return, a NUL) is refused.
pub(crate) fn answer(
    username: Option<&str>,
    password: &SecretValue,
    expires: Option<i64>,
    out: &mut zeroize::Zeroizing<Vec<u8>>,
) -> std::result::Result<(), &'static str> {
    // git drops a `\r` before each line's end: a value holding one would
    // reach the server changed.
    let bad = |s: &str| s.contains(['\n', '\r', '\0']);
    if username.is_some_and(bad) {
        return Err("its key id (the user name) holds a line break or carriage return");
    }
    if bad(password.expose()) {
        return Err(
            "its value holds a line break or carriage return, which git's protocol cannot carry",
        );
    }
    if let Some(u) = username {
        out.extend_from_slice(b"username=");
        out.extend_from_slice(u.as_bytes());
        out.push(b'\n');
    }
    out.extend_from_slice(b"password=");
    out.extend_from_slice(password.expose().as_bytes());
    out.push(b'\n');
    if let Some(t) = expires {
        out.extend_from_slice(format!("password_expiry_utc={t}\n").as_bytes());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_requests() {
        let r = parse(b"protocol=https\nhost=git.example.com:8443\nusername=a@b\nwwwauth[]=Basic\n\nhost=ignored\n").unwrap();
        assert_eq!(
            r.candidates(),
            [
                "git/https/git.example.com_8443/a_b",
                "git/https/git.example.com_8443"
            ]
        );
        let r = parse(b"protocol=https\nhost=h\npath=org/repo.git\n").unwrap();
        assert_eq!(r.candidates(), ["git/https/h/org/repo.git", "git/https/h"]);
        assert_eq!(
            r.new_name(&|_| false).as_deref(),
            Some("git/https/h/org/repo.git")
        );
        assert!(
            parse(b"protocol=https\nhost=h\n")
                .unwrap()
                .new_name(&|_| true)
                .is_none()
        );
        assert!(parse(b"host=h\n").unwrap().candidates().is_empty());
        assert!(parse(b"nonsense\n").is_err());
        assert!(parse(b"\xff=1\n").is_err());
    }
}
