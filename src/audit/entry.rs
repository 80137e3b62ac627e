//! What goes into a record ([`Entry`], [`Target`], [`Who`], the outcome
//! code) and what comes back out of one ([`Record`]).

use std::fs;

use serde::{Deserialize, Serialize};

use super::Action;
use crate::error::Error;

/// The outcome code of a success.
pub(crate) const OK: &str = "ok";

/// The outcome code recorded for a failed command: a stable word, never the
/// error message (messages carry paths and hints, and are not a format).
pub(crate) fn outcome_of(err: &Error) -> &'static str {
    match err {
        Error::WrongPassword { .. } => "wrong-password",
        Error::NotRecipient { .. } => "not-recipient",
        Error::Auth { .. } => "bad-credential",
        Error::NoUnlockSource => "no-unlock-source",
        Error::NotFound { .. } | Error::NoSuchVersion { .. } | Error::NotFoundSimilar { .. } => {
            "not-found"
        }
        Error::NotLive { .. } => "not-live",
        Error::Unavailable { missing: true, .. } => "not-found",
        Error::Unavailable { missing: false, .. } => "not-live",
        Error::Corrupt { .. } | Error::NewerFormat { .. } | Error::Tampered { .. } => "corrupt",
        Error::Untrusted { .. } => "untrusted",
        Error::Busy { .. } => "busy",
        Error::Usage { .. } => "usage",
        Error::NotApproved { .. } => "not-approved",
        _ => "error",
    }
}

/// A secret a record is about, with the version involved when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub(crate) name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) version: Option<u32>,
}

impl Target {
    /// A secret and the version involved.
    pub fn version(name: impl Into<String>, n: u32) -> Self {
        Target {
            name: name.into(),
            version: Some(n),
        }
    }

    /// A secret, no particular version.
    pub(crate) fn name(name: impl Into<String>) -> Self {
        Target {
            name: name.into(),
            version: None,
        }
    }
}

/// One thing to record.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub(crate) action: Action,
    pub(crate) secrets: &'a [Target],
    /// [`OK`] or an [`outcome_of`] code.
    pub(crate) outcome: &'a str,
    /// For `unlock-failed`: the command that tried.
    pub(crate) command: Option<Action>,
    /// For `run`: the program's name (argv\[0\] only).
    pub(crate) program: Option<&'a str>,
}

impl<'a> Entry<'a> {
    /// A successful `action` on `secrets`.
    pub fn ok(action: Action, secrets: &'a [Target]) -> Self {
        Entry {
            action,
            secrets,
            outcome: OK,
            command: None,
            program: None,
        }
    }

    /// With the program's name, for `run`: pass argv\[0\] only, never the arguments.
    pub(crate) fn program(mut self, argv0: &'a str) -> Self {
        self.program = Some(argv0);
        self
    }
}

/// Who is acting: user, host and process.
#[derive(Debug, Clone)]
pub struct Who {
    /// From the password database, else `$USER`, else `uid N`.
    pub(crate) user: String,
    pub(crate) host: String,
    pub(crate) pid: u32,
    /// In a signed store: the member whose key the record is authenticated
    /// with, as the member list the command verified names it.
    pub(crate) member: Option<Member>,
}

/// A member of a signed store as a record names it (issue 12: `audit` names
/// the author).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Member {
    /// The member id (`sesame recipients`, `show`).
    pub(crate) id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    /// admin, writer or reader.
    pub(crate) role: String,
}

impl Who {
    pub fn current() -> Self {
        let uid = rustix::process::getuid().as_raw();
        let user = user_name(uid)
            .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
            .unwrap_or_else(|| format!("uid {uid}"));
        let host = rustix::system::uname()
            .nodename()
            .to_string_lossy()
            .into_owned();
        Who {
            user,
            host,
            pid: std::process::id(),
            member: None,
        }
    }
}

fn user_name(uid: u32) -> Option<String> {
    let passwd = fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        let id: u32 = f.nth(1)?.parse().ok()?;
        (id == uid && !name.is_empty()).then(|| name.to_owned())
    })
}

/// A record as read back for people and for `status`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Record {
    pub(crate) seq: u64,
    /// UTC, RFC 3339.
    pub(crate) time: String,
    pub(crate) action: String,
    #[serde(default)]
    pub(crate) secrets: Vec<Target>,
    /// `ok` or a failure code.
    pub(crate) outcome: String,
    /// For `unlock-failed`: the command that tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) command: Option<String>,
    /// For `run`: the program.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) program: Option<String>,
    #[serde(default)]
    pub(crate) user: String,
    #[serde(default)]
    pub(crate) host: String,
    #[serde(default)]
    pub(crate) pid: u32,
    /// In a signed store: the member the record was made as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) member: Option<Member>,
    /// Hash of the previous line.
    #[serde(default)]
    pub(crate) prev: String,
    /// Key id, when authenticated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) key: Option<String>,
    /// The MAC, when authenticated.
    #[serde(default)]
    pub(crate) mac: Option<String>,
}
