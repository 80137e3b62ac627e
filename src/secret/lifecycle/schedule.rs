//! The schedule that `rotate --due` and `status` read: expiry, max age and
//! grace deadlines, all worked out against a `now` the caller gives.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Serialize;

use super::rotate::source_of;
use crate::error::Result;
use crate::time;
use crate::vault::model::{Secret, State, Vault};

/// When rotation of `secret` is due: its current version's creation plus max age.
pub fn rotation_due(secret: &Secret) -> Option<Timestamp> {
    let age = secret.policy.max_age?;
    let current = secret.current()?;
    time::add_secs(current.created, age).ok()
}

/// Previous versions of `secret` whose grace period has ended by `now` and
/// that still hold a value: (version, deadline).
pub fn grace_ended(secret: &Secret, now: Timestamp) -> Vec<(u32, Timestamp)> {
    secret
        .versions
        .iter()
        .filter(|v| v.state == State::Previous && v.value.is_some())
        .filter_map(|v| v.grace_until.filter(|g| *g <= now).map(|g| (v.n, g)))
        .collect()
}

/// What `rotate --due` will do.
#[derive(Debug, Default, Serialize)]
pub struct DuePlan {
    /// Secrets past their max age with a rotate command or generator.
    pub rotate: Vec<Due>,
    /// Secrets past their max age that need a person (no way to make a value).
    pub manual: Vec<Due>,
    /// Previous versions whose grace period has ended: to be revoked.
    pub finish: Vec<GraceEnd>,
}

/// A secret past its max age.
#[derive(Debug, Serialize)]
pub struct Due {
    /// The secret.
    pub name: String,
    /// When rotation became due.
    pub due: String,
    /// `rotate-command` or `generator`, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'static str>,
}

/// A previous version whose grace period has ended.
#[derive(Debug, Serialize)]
pub struct GraceEnd {
    /// The secret.
    pub name: String,
    /// The version.
    pub version: u32,
    /// When its grace period ended.
    pub ended: String,
}

/// Work out what `rotate --due` has to do at `now`.
pub fn due_plan(vault: &Vault, now: Timestamp) -> DuePlan {
    let mut plan = DuePlan::default();
    for (name, secret) in &vault.secrets {
        if let Some(due) = rotation_due(secret).filter(|d| *d <= now) {
            let item = Due {
                name: name.clone(),
                due: time::show(due),
                source: source_of(secret),
            };
            if item.source.is_some() {
                plan.rotate.push(item);
            } else {
                plan.manual.push(item);
            }
        }
        for (version, ended) in grace_ended(secret, now) {
            plan.finish.push(GraceEnd {
                name: name.clone(),
                version,
                ended: time::show(ended),
            });
        }
    }
    plan
}

/// One line of `status`.
#[derive(Debug, Serialize)]
pub struct StatusItem {
    /// The secret.
    pub name: String,
    /// `expired`, `overdue`, `grace-ended`, `expiring`, `due-soon`, `in-grace`, `stale` or `no-policy`.
    pub state: &'static str,
    /// The time that matters (expiry, due date, grace deadline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// The version concerned, for grace periods.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// Whether it makes `status` exit 8.
    pub attention: bool,
    #[serde(skip)]
    at: Option<Timestamp>,
}

impl StatusItem {
    /// The time that matters, exactly.
    pub fn at(&self) -> Option<Timestamp> {
        self.at
    }

    /// Order of severity (lower first).
    fn rank(&self) -> u8 {
        match self.state {
            "expired" => 0,
            "overdue" => 1,
            "grace-ended" => 2,
            "expiring" => 3,
            "due-soon" => 4,
            "in-grace" => 5,
            _ => 6,
        }
    }
}

/// The report of `status`.
#[derive(Debug, Serialize)]
pub struct Status {
    /// How many secrets with a live value were looked at.
    pub checked: usize,
    /// The look-ahead window, like `14d`.
    pub within: String,
    /// What needs attention or is coming up, most urgent first.
    pub items: Vec<StatusItem>,
    /// How many items make `status` exit 8.
    pub attention: usize,
}

/// Look at every secret with a live value at `now`: what is expired, expiring
/// within `within` seconds, past or near its max age, in or past a grace period,
/// and (listed; counted only when `strict`) what has no expiry and no max age.
///
/// With `stale`, secrets read by no `get`, `run` or `env` (per the audit log's
/// last reads) for that long, counted from their creation when never read, are
/// listed as `stale`: candidates for revocation. They do not make `status` exit 8.
pub fn status(
    vault: &Vault,
    now: Timestamp,
    within: u64,
    strict: bool,
    stale: Option<(u64, &BTreeMap<String, Timestamp>)>,
) -> Result<Status> {
    let horizon = time::add_secs(now, within)?;
    let mut items = Vec::new();
    let mut checked = 0;
    let mut push = |name: &str, state, at: Option<Timestamp>, version, attention| {
        items.push(StatusItem {
            name: name.to_owned(),
            state,
            when: at.map(time::show),
            version,
            attention,
            at,
        });
    };
    for (name, secret) in &vault.secrets {
        if !secret.has_live_version() {
            continue;
        }
        checked += 1;
        match secret.policy.expires {
            Some(e) if e <= now => push(name, "expired", Some(e), None, true),
            Some(e) if e <= horizon => push(name, "expiring", Some(e), None, false),
            _ => {}
        }
        match rotation_due(secret) {
            Some(d) if d <= now => push(name, "overdue", Some(d), None, true),
            Some(d) if d <= horizon => push(name, "due-soon", Some(d), None, false),
            _ => {}
        }
        for v in &secret.versions {
            if v.state != State::Previous || v.value.is_none() {
                continue;
            }
            match v.grace_until {
                Some(g) if g <= now => push(name, "grace-ended", Some(g), Some(v.n), true),
                Some(g) => push(name, "in-grace", Some(g), Some(v.n), false),
                None => {}
            }
        }
        if let Some((age, reads)) = stale {
            let last = reads
                .get(name)
                .copied()
                .unwrap_or(secret.created)
                .max(secret.created);
            if time::add_secs(last, age).is_ok_and(|t| t <= now) {
                push(name, "stale", Some(last), None, false);
            }
        }
        if secret.policy.expires.is_none() && secret.policy.max_age.is_none() {
            push(name, "no-policy", None, None, strict);
        }
    }
    items.sort_by(|a, b| {
        (a.rank(), a.at, &a.name, a.version).cmp(&(b.rank(), b.at, &b.name, b.version))
    });
    let attention = items.iter().filter(|i| i.attention).count();
    Ok(Status {
        checked,
        within: time::format_duration(within),
        items,
        attention,
    })
}
