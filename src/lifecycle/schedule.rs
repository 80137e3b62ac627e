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
pub(crate) fn rotation_due(secret: &Secret) -> Option<Timestamp> {
    let age = secret.policy.max_age?;
    let current = secret.current()?;
    time::add_secs(current.created, age).ok()
}

/// The latest removal of a member (`member remove`), or withdrawal of its
/// access to a prefix covering `name` (`member access --remove`), made after
/// the current value of `secret` was stored: that member could read it, so
/// it is due for rotation from then (git history keeps the old ciphertext).
/// (time, why)
pub(crate) fn exposed_to(
    vault: &Vault,
    name: &str,
    secret: &Secret,
) -> Option<(Timestamp, String)> {
    let signed = vault.signed.as_deref()?;
    let current = secret.current()?;
    signed
        .members
        .list
        .members
        .iter()
        .flat_map(|m| {
            let who = || m.name.clone().unwrap_or_else(|| m.id.clone());
            let removed = m
                .removed
                .filter(|r| current.created <= *r && m.access_covers(name))
                .map(|r| {
                    (
                        r,
                        format!("its value was readable by removed member {}", who()),
                    )
                });
            let withdrawn = m
                .withdrawn
                .iter()
                .filter(|w| {
                    current.created <= w.at
                        && crate::vault::scopes::covers(&w.prefix, name)
                        && !m.access_covers(name)
                })
                .map(move |w| {
                    (
                        w.at,
                        format!(
                            "its value was readable by {} before their access to it was taken away",
                            who()
                        ),
                    )
                });
            removed.into_iter().chain(withdrawn)
        })
        .max_by_key(|(r, _)| *r)
}

/// Say who could read each `exposed` item's value.
fn explain_exposures(items: &mut [StatusItem], vault: &Vault) {
    for i in items.iter_mut().filter(|i| i.state == "exposed") {
        i.reason = vault
            .secrets
            .get(&i.name)
            .and_then(|s| exposed_to(vault, &i.name, s))
            .map(|(_, why)| why);
    }
}

/// Previous versions of `secret` whose grace period has ended by `now` and
/// that still hold a value: (version, deadline).
pub(crate) fn grace_ended(secret: &Secret, now: Timestamp) -> Vec<(u32, Timestamp)> {
    secret
        .versions
        .iter()
        .filter(|v| v.state == State::Previous && v.value.is_some())
        .filter_map(|v| v.grace_until.filter(|g| *g <= now).map(|g| (v.n, g)))
        .collect()
}

/// What `rotate --due` will do.
#[derive(Debug, Default, Serialize)]
pub(crate) struct DuePlan {
    /// Secrets past their max age with a rotate command or generator.
    pub(crate) rotate: Vec<Due>,
    /// Secrets past their max age that need a person (no way to make a value).
    pub(crate) manual: Vec<Due>,
    /// Previous versions whose grace period has ended: to be revoked.
    pub(crate) finish: Vec<GraceEnd>,
}

/// A secret past its max age.
#[derive(Debug, Serialize)]
pub(crate) struct Due {
    pub(crate) name: String,
    /// When rotation became due.
    pub(crate) due: String,
    /// `rotate-command` or `generator`, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) source: Option<&'static str>,
    /// Why, when not (only) its max age: a removed member could read it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) reason: Option<String>,
}

/// A previous version whose grace period has ended.
#[derive(Debug, Serialize)]
pub(crate) struct GraceEnd {
    pub(crate) name: String,
    pub(crate) version: u32,
    /// When its grace period ended.
    pub(crate) ended: String,
}

/// Work out what `rotate --due` has to do at `now`.
pub(crate) fn due_plan(vault: &Vault, now: Timestamp) -> DuePlan {
    let mut plan = DuePlan::default();
    for (name, secret) in &vault.secrets {
        let aged = rotation_due(secret).filter(|d| *d <= now);
        let exposed = exposed_to(vault, name, secret);
        let due = match (aged, &exposed) {
            (Some(a), Some((e, _))) => Some(a.min(*e)),
            (a, e) => a.or(e.as_ref().map(|(t, _)| *t)),
        };
        if let Some(due) = due {
            let item = Due {
                name: name.clone(),
                due: time::show(due),
                source: source_of(secret),
                reason: exposed.map(|(_, why)| why),
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
pub(crate) struct StatusItem {
    pub(crate) name: String,
    /// `merge-conflict`, `expired`, `overdue`, `grace-ended`, `expiring`, `due-soon`, `in-grace`, `stale` or `no-policy`.
    pub(crate) state: &'static str,
    /// The time that matters (expiry, due date, grace deadline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) when: Option<String>,
    /// The version concerned, for grace periods.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) version: Option<u32>,
    /// Whether it makes `status` exit 8.
    pub(crate) attention: bool,
    /// Why, for `exposed`: the removed member who could read it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) reason: Option<String>,
    #[serde(skip)]
    at: Option<Timestamp>,
}

impl StatusItem {
    /// The time that matters, exactly.
    pub(crate) fn at(&self) -> Option<Timestamp> {
        self.at
    }

    /// Order of severity (lower first).
    fn rank(&self) -> u8 {
        match self.state {
            "merge-conflict" | "expired" => 0,
            "exposed" | "overdue" => 1,
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
pub(crate) struct Status {
    /// How many secrets with a live value were looked at.
    pub(crate) checked: usize,
    /// The look-ahead window, like `14d`.
    pub(crate) within: String,
    /// What needs attention or is coming up, most urgent first.
    pub(crate) items: Vec<StatusItem>,
    /// How many items make `status` exit 8.
    pub(crate) attention: usize,
}

/// Look at every secret with a live value at `now`: what is expired, expiring
/// within `within` seconds, past or near its max age, in or past a grace period,
/// and (listed; counted only when `strict`) what has no expiry and no max age.
///
/// With `stale`, secrets read by no `get`, `run` or `env` (per the audit log's
/// last reads) for that long, counted from their creation when never read, are
/// listed as `stale`: candidates for revocation. They do not make `status` exit 8.
pub(crate) fn status(
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
            reason: None,
            at,
        });
    };
    for (name, secret) in &vault.secrets {
        if !secret.has_live_version() {
            continue;
        }
        checked += 1;
        // A merge kept two concurrent changes (issue 15): someone must look.
        if secret.conflict.is_some() {
            push(name, "merge-conflict", None, None, true);
        }
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
        if let Some((when, _)) = exposed_to(vault, name, secret) {
            push(name, "exposed", Some(when), None, true);
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
    explain_exposures(&mut items, vault);
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

#[cfg(test)]
mod tests {
    use jiff::SignedDuration;

    use super::*;
    use crate::value::SecretValue;
    use crate::vault::model::{Charset, GeneratorSpec};

    const DAY: u64 = 86_400;

    /// The one "now" of these tests.
    fn now() -> Timestamp {
        "2030-06-01T12:00:00Z".parse().unwrap()
    }

    /// `now` moved by `secs` (negative: earlier).
    fn at(secs: i64) -> Timestamp {
        now().checked_add(SignedDuration::from_secs(secs)).unwrap()
    }

    fn days(n: i64) -> i64 {
        n * 86_400
    }

    /// A secret whose one value was stored at `created`.
    fn stored(created: Timestamp) -> Secret {
        let mut s = Secret::new(created);
        s.push_value(SecretValue::new("v1".into()), None, created, 10);
        s
    }

    /// A secret whose first value (a day old) was replaced at `rotated`, as
    /// rotation leaves it: version 1 previous until `grace_until`.
    fn rotated(rotated: Timestamp, grace_until: Timestamp) -> Secret {
        let mut s = stored(
            rotated
                .checked_sub(SignedDuration::from_secs(days(1)))
                .unwrap(),
        );
        s.versions[0].grace_until = Some(grace_until);
        s.push_value(SecretValue::new("v2".into()), None, rotated, 10);
        s
    }

    fn with_max_age(mut s: Secret, secs: u64) -> Secret {
        s.policy.max_age = Some(secs);
        s
    }

    fn expiring(mut s: Secret, when: Timestamp) -> Secret {
        s.policy.expires = Some(when);
        s
    }

    fn vault(secrets: Vec<(&str, Secret)>) -> Vault {
        let mut v = Vault::default();
        for (name, s) in secrets {
            v.secrets.insert(name.into(), s);
        }
        v
    }

    fn states(st: &Status) -> Vec<(&str, &str)> {
        st.items
            .iter()
            .map(|i| (i.name.as_str(), i.state))
            .collect()
    }

    #[test]
    fn rotation_is_due_max_age_after_the_current_version() {
        assert_eq!(rotation_due(&stored(at(-10))), None, "no max age");
        let mut s = with_max_age(stored(at(-10)), 5);
        assert_eq!(rotation_due(&s), Some(at(-5)));
        // Counted from the current version, not from the secret's creation.
        s.push_value(SecretValue::new("v2".into()), None, at(-1), 10);
        assert_eq!(rotation_due(&s), Some(at(4)));
    }

    #[test]
    fn grace_ends_at_its_deadline_for_values_not_yet_revoked() {
        assert_eq!(grace_ended(&rotated(at(-60), at(-1)), now()), [(1, at(-1))]);
        assert_eq!(grace_ended(&rotated(at(-60), now()), now()), [(1, now())]);
        assert!(grace_ended(&rotated(at(-60), at(1)), now()).is_empty());
        let mut wiped = rotated(at(-60), at(-1));
        wiped.versions[0].value = None;
        wiped.versions[0].state = State::Revoked;
        assert!(grace_ended(&wiped, now()).is_empty());
    }

    #[test]
    fn due_plan_sorts_what_is_due_by_how_it_can_be_rotated() {
        let generated = |s: Secret| {
            let mut s = s;
            s.policy.generator = Some(GeneratorSpec::Chars {
                charset: Charset::Hex,
                length: 24,
                prefix: String::new(),
            });
            s
        };
        let commanded = |s: Secret| {
            let mut s = s;
            s.policy.rotate_command = Some("echo cmd-new".into());
            s
        };
        let v = vault(vec![
            ("auto/gen", generated(with_max_age(stored(at(-2)), 1))),
            ("auto/cmd", commanded(with_max_age(stored(at(-2)), 1))),
            ("manual/one", with_max_age(stored(at(-2)), 1)),
            ("fresh", with_max_age(stored(at(-2)), 90 * DAY)),
            ("on/the/dot", generated(with_max_age(stored(at(-2)), 2))),
            ("db/pass", rotated(at(-60), at(-1))),
            ("db/other", rotated(at(-60), at(1))),
        ]);
        let plan = due_plan(&v, now());
        let rotate: Vec<_> = plan
            .rotate
            .iter()
            .map(|d| (d.name.as_str(), d.source))
            .collect();
        assert_eq!(
            rotate,
            [
                ("auto/cmd", Some("rotate-command")),
                ("auto/gen", Some("generator")),
                ("on/the/dot", Some("generator")),
            ]
        );
        assert_eq!(plan.rotate[0].due, time::show(at(-1)));
        let manual: Vec<_> = plan
            .manual
            .iter()
            .map(|d| (d.name.as_str(), d.source))
            .collect();
        assert_eq!(manual, [("manual/one", None)]);
        let finish: Vec<_> = plan
            .finish
            .iter()
            .map(|g| (g.name.as_str(), g.version, g.ended.clone()))
            .collect();
        assert_eq!(finish, [("db/pass", 1, time::show(at(-1)))]);
        assert!(due_plan(&v, at(-2)).rotate.is_empty(), "nothing due yet");
    }

    #[test]
    fn status_lists_every_state_most_urgent_first() {
        let mut revoked = stored(at(-60));
        revoked.versions[0].value = None;
        revoked.versions[0].state = State::Revoked;
        let v = vault(vec![
            ("a/expired", expiring(stored(at(-60)), at(-1))),
            ("b/on-the-dot", expiring(stored(at(-60)), now())),
            ("c/expiring", expiring(stored(at(-60)), at(days(3)))),
            ("d/later", expiring(stored(at(-60)), at(days(30)))),
            ("e/overdue", with_max_age(stored(at(-2)), 1)),
            ("f/due-soon", with_max_age(stored(at(-60)), 2 * DAY)),
            (
                "g/in-grace",
                with_max_age(rotated(at(-60), at(60)), 90 * DAY),
            ),
            (
                "h/grace-ended",
                with_max_age(rotated(at(-60), at(-60)), 90 * DAY),
            ),
            ("i/none", stored(at(-60))),
            ("j/revoked", revoked),
        ]);
        let st = status(&v, now(), 14 * DAY, false, None).unwrap();
        assert_eq!(
            states(&st),
            [
                ("a/expired", "expired"),
                ("b/on-the-dot", "expired"),
                ("e/overdue", "overdue"),
                ("h/grace-ended", "grace-ended"),
                ("c/expiring", "expiring"),
                ("f/due-soon", "due-soon"),
                ("g/in-grace", "in-grace"),
                ("i/none", "no-policy"),
            ]
        );
        assert_eq!(
            st.checked, 9,
            "a secret with no live value is not looked at"
        );
        assert_eq!(st.within, "14d");
        assert_eq!(st.attention, 4);
        let ended = &st.items[3];
        assert_eq!((ended.version, ended.at()), (Some(1), Some(at(-60))));
        assert_eq!(ended.when.as_deref(), Some(time::show(at(-60)).as_str()));
        let grace = &st.items[6];
        assert_eq!((grace.version, grace.attention), (Some(1), false));

        // A shorter window leaves out what is further off; strict counts no-policy.
        let st = status(&v, now(), DAY, true, None).unwrap();
        assert!(!states(&st).contains(&("c/expiring", "expiring")));
        assert!(!states(&st).contains(&("f/due-soon", "due-soon")));
        assert_eq!(st.attention, 5);
        assert_eq!(st.within, "1d");
        // A longer one takes in the max age of 90 days too.
        let st = status(&v, now(), 100 * DAY, false, None).unwrap();
        assert!(states(&st).contains(&("d/later", "expiring")));
        assert!(states(&st).contains(&("g/in-grace", "due-soon")));
    }

    #[test]
    fn stale_secrets_are_listed_but_need_no_attention() {
        let v = vault(vec![
            ("read/lately", stored(at(-days(40)))),
            ("read/long-ago", stored(at(-days(40)))),
            ("never/read", stored(at(-days(40)))),
            ("new", stored(at(-days(1)))),
            ("recreated", stored(at(-days(1)))),
        ]);
        let reads = BTreeMap::from([
            ("read/lately".to_owned(), at(-days(1))),
            ("read/long-ago".to_owned(), at(-days(35))),
            // A read of an earlier secret of that name does not count.
            ("recreated".to_owned(), at(-days(60))),
        ]);
        let st = status(&v, now(), DAY, false, Some((30 * DAY, &reads))).unwrap();
        let stale: Vec<_> = st
            .items
            .iter()
            .filter(|i| i.state == "stale")
            .map(|i| (i.name.as_str(), i.at()))
            .collect();
        assert_eq!(
            stale,
            [
                ("never/read", Some(at(-days(40)))),
                ("read/long-ago", Some(at(-days(35)))),
            ]
        );
        assert_eq!(st.attention, 0);
    }
}
