//! Metadata and policy changes asked for on the command line (`set`, `generate`,
//! `edit`, `import`): each optional field is kept, cleared or set, one way.

use jiff::Timestamp;

use crate::error::{Error, Result};
use crate::name;
use crate::vault::model::Secret;

/// What happens to one optional field of a secret.
///
/// The command line says "clear" in a field's own way (`--expires never`,
/// `--max-age 0`, an empty `--scopes ''`); `commands::meta` maps each to
/// [`Change::Clear`] once, so nothing past it knows those spellings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum Change<T> {
    /// Leave the field as it is (the flag was not given).
    #[default]
    Keep,
    /// Remove the field's value.
    Clear,
    /// Give the field this value.
    Set(T),
}

impl<T> Change<T> {
    /// The change a flag asks for: an absent flag keeps the field; a given one
    /// becomes `Set` of what `value` makes of it, or `Clear` when that is `None`.
    pub(crate) fn from_flag<U>(flag: Option<U>, value: impl FnOnce(U) -> Option<T>) -> Self {
        match flag.map(value) {
            None => Change::Keep,
            Some(None) => Change::Clear,
            Some(Some(v)) => Change::Set(v),
        }
    }

    /// Whether the field is left alone.
    pub(crate) fn is_keep(&self) -> bool {
        matches!(self, Change::Keep)
    }

    /// The new value, if one is set.
    pub(crate) fn value(&self) -> Option<&T> {
        match self {
            Change::Set(v) => Some(v),
            Change::Keep | Change::Clear => None,
        }
    }

    fn apply(&self, field: &mut Option<T>)
    where
        T: Clone,
    {
        match self {
            Change::Keep => {}
            Change::Clear => *field = None,
            Change::Set(v) => *field = Some(v.clone()),
        }
    }
}

/// Metadata and policy given on the command line.
#[derive(Debug, Default, Clone)]
pub(crate) struct Meta {
    pub(crate) description: Change<String>,
    /// Tags to add.
    pub(crate) tags: Vec<String>,
    /// Tags to remove.
    pub(crate) untags: Vec<String>,
    /// The environment variable it is injected as (cleared: the default name).
    pub(crate) env: Change<String>,
    pub(crate) expires: Change<Timestamp>,
    /// Max age in seconds.
    pub(crate) max_age: Change<u64>,
    /// What the credential may do.
    pub(crate) scopes: Change<String>,
    pub(crate) rotate_command: Change<String>,
    pub(crate) revoke_command: Change<String>,
    /// Max age given to a secret created now when `max_age` is kept
    /// (the config's `default_max_age`; 0 is none).
    pub(crate) default_max_age: Option<u64>,
}

impl Meta {
    /// Check what the user typed.
    pub(crate) fn validate(&self) -> Result<()> {
        if let Some(var) = self.env.value() {
            name::validate_env_var(var)?;
        }
        for tag in self.tags.iter().chain(&self.untags) {
            if tag.is_empty() || tag.chars().any(|c| c.is_whitespace() || c == ',') {
                return Err(Error::usage(
                    format!("'{tag}' is not a valid tag"),
                    "tags are single words without spaces or commas",
                ));
            }
        }
        Ok(())
    }

    /// Change `secret`; `created` says it was made for this change, so that it
    /// gets the default max age unless one was asked for.
    pub(super) fn apply(&self, secret: &mut Secret, created: bool) {
        self.description.apply(&mut secret.description);
        for tag in &self.tags {
            if !secret.tags.contains(tag) {
                secret.tags.push(tag.clone());
            }
        }
        secret.tags.retain(|t| !self.untags.contains(t));
        secret.tags.sort();
        self.env.apply(&mut secret.env);
        let policy = &mut secret.policy;
        self.expires.apply(&mut policy.expires);
        if created && self.max_age.is_keep() {
            policy.max_age = self.default_max_age.filter(|a| *a > 0);
        } else {
            self.max_age.apply(&mut policy.max_age);
        }
        self.scopes.apply(&mut policy.scopes);
        self.rotate_command.apply(&mut policy.rotate_command);
        self.revoke_command.apply(&mut policy.revoke_command);
    }

    /// Whether nothing would change (an `edit` with no flags).
    pub(crate) fn is_empty(&self) -> bool {
        self.description.is_keep()
            && self.tags.is_empty()
            && self.untags.is_empty()
            && self.env.is_keep()
            && self.expires.is_keep()
            && self.max_age.is_keep()
            && self.scopes.is_keep()
            && self.rotate_command.is_keep()
            && self.revoke_command.is_keep()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time;

    fn secret() -> Secret {
        let mut s = Secret::new(time::now());
        s.description = Some("old".into());
        s.env = Some("OLD_VAR".into());
        s.policy.expires = Some(time::now());
        s.policy.max_age = Some(60);
        s.policy.scopes = Some("read".into());
        s.policy.rotate_command = Some("./mint".into());
        s.policy.revoke_command = Some("./burn".into());
        s
    }

    #[test]
    fn a_flag_becomes_keep_clear_or_set() {
        let nonzero = |n: u64| (n > 0).then_some(n);
        assert_eq!(Change::from_flag(None, nonzero), Change::Keep);
        assert_eq!(Change::from_flag(Some(0), nonzero), Change::Clear);
        assert_eq!(Change::from_flag(Some(5), nonzero), Change::Set(5));
        assert!(Change::<u8>::default().is_keep());
        assert_eq!(Change::Set(1).value(), Some(&1));
        assert_eq!(Change::<u8>::Clear.value(), None);
    }

    #[test]
    fn keep_leaves_every_field_as_it_was() {
        let mut s = secret();
        let before = (s.description.clone(), s.env.clone(), s.policy.clone());
        let meta = Meta::default();
        assert!(meta.is_empty());
        meta.apply(&mut s, false);
        assert_eq!(
            (s.description.clone(), s.env.clone(), s.policy.clone()),
            before
        );
    }

    #[test]
    fn clear_empties_and_set_replaces() {
        let mut s = secret();
        let clear = Meta {
            description: Change::Clear,
            env: Change::Clear,
            expires: Change::Clear,
            max_age: Change::Clear,
            scopes: Change::Clear,
            rotate_command: Change::Clear,
            revoke_command: Change::Clear,
            ..Meta::default()
        };
        assert!(!clear.is_empty());
        clear.apply(&mut s, false);
        assert_eq!((&s.description, &s.env), (&None, &None));
        assert_eq!(s.policy, Default::default());

        let when = time::add_secs(time::now(), 3_600).unwrap();
        let set = Meta {
            description: Change::Set("new".into()),
            env: Change::Set("NEW_VAR".into()),
            expires: Change::Set(when),
            max_age: Change::Set(90),
            scopes: Change::Set("write".into()),
            rotate_command: Change::Set("./mint2".into()),
            revoke_command: Change::Set("./burn2".into()),
            tags: vec!["b".into(), "a".into()],
            ..Meta::default()
        };
        set.apply(&mut s, false);
        assert_eq!(s.description.as_deref(), Some("new"));
        assert_eq!(s.env.as_deref(), Some("NEW_VAR"));
        assert_eq!(s.policy.expires, Some(when));
        assert_eq!(s.policy.max_age, Some(90));
        assert_eq!(s.policy.scopes.as_deref(), Some("write"));
        assert_eq!(s.policy.rotate_command.as_deref(), Some("./mint2"));
        assert_eq!(s.policy.revoke_command.as_deref(), Some("./burn2"));
        assert_eq!(s.tags, ["a", "b"]);
        let untag = Meta {
            untags: vec!["a".into()],
            ..Meta::default()
        };
        untag.apply(&mut s, false);
        assert_eq!(s.tags, ["b"]);
    }

    #[test]
    fn a_new_secret_gets_the_default_max_age_unless_one_is_asked_for() {
        let with_default = |max_age| Meta {
            max_age,
            default_max_age: Some(7),
            ..Meta::default()
        };
        let applied = |meta: Meta, created| {
            let mut s = Secret::new(time::now());
            meta.apply(&mut s, created);
            s.policy.max_age
        };
        assert_eq!(applied(with_default(Change::Keep), true), Some(7));
        assert_eq!(applied(with_default(Change::Clear), true), None);
        assert_eq!(applied(with_default(Change::Set(9)), true), Some(9));
        assert_eq!(applied(with_default(Change::Keep), false), None);
        let zero = Meta {
            default_max_age: Some(0),
            ..Meta::default()
        };
        assert_eq!(applied(zero, true), None);
    }

    #[test]
    fn validate_refuses_bad_tags_and_variables() {
        let tag = |t: &str| Meta {
            tags: vec![t.into()],
            ..Meta::default()
        };
        assert!(tag("prod").validate().is_ok());
        for bad in ["", "two words", "a,b"] {
            assert!(tag(bad).validate().is_err(), "{bad:?}");
        }
        let env = |v: &str| Meta {
            env: Change::Set(v.into()),
            ..Meta::default()
        };
        assert!(env("GOOD_VAR").validate().is_ok());
        assert!(env("1BAD").validate().is_err());
        assert!(env("").validate().is_err());
    }
}
