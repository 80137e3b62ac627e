//! Access by name prefix (issue 16): which bucket files a member can open,
//! enforced by encryption (SECURITY.md, "Access by prefix").
//!
//! The member list (signed by an admin) carries the *scopes*: name prefixes,
//! each with a range of bucket numbers of its own. A secret lives in the
//! scope of the longest prefix that covers its name (the *root* scope, the
//! first `bucket_count` buckets, when none does), and each scope's buckets
//! are encrypted to the members whose access covers its prefix: admins,
//! members without an access list, and members granted that prefix or one
//! above it. So a member with access to `myapp/prod` holds no key to any
//! other file, and sees no other name.
//!
//! The manifest header carries one *seal* per scope: a signature over that
//! scope's bucket digests by a member who may write it. A writer limited to
//! one prefix signs the header (as every writer does), but cannot seal another
//! scope, so it cannot change, replace or roll back another prefix's files.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// How many buckets a scope spreads its secrets over (a scope is usually
/// one application's or environment's secrets, not thousands).
pub(crate) const SCOPE_BUCKETS: u32 = 8;
/// The most scopes a member list may define.
pub(crate) const MAX_SCOPES: usize = 4096;

/// A prefix with bucket files of its own: bucket numbers `base..base+count`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Scope {
    pub(crate) prefix: String,
    pub(crate) base: u32,
    pub(crate) count: u32,
}

/// Access to `prefix` taken from a member at `at`: every value under it that
/// was current then could be read by it, and is due for rotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Withdrawal {
    pub(crate) prefix: String,
    pub(crate) at: jiff::Timestamp,
}

/// How many earlier seals of its scope a seal names (see [`Seal::descends`]).
pub(crate) const SEAL_ANCESTRY: usize = 64;

/// A member's signature over one scope's bucket digests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Seal {
    /// The manifest generation at which the scope last changed.
    pub(crate) generation: u64,
    /// The ids of the seals of this scope it replaces and theirs before,
    /// newest first, at most [`SEAL_ANCESTRY`]: signed, so that a seal put
    /// back from an older manifest is told from a newer one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) ancestors: Vec<String>,
    /// The member id of who sealed it.
    pub(crate) author: String,
    pub(crate) signature: String,
}

impl Seal {
    /// A short id: SHA-256 of the signature, 16 hex digits.
    pub(crate) fn id(&self) -> String {
        let mut d = super::signed::digest(self.signature.as_bytes());
        d.truncate(16);
        d
    }

    /// The `ancestors` of a seal replacing `before` (one seal, or both
    /// sides' at a merge).
    pub(crate) fn successor_of(before: &[&Seal]) -> Vec<String> {
        let mut ancestors: Vec<String> = before.iter().map(|s| s.id()).collect();
        for s in before {
            for a in &s.ancestors {
                if !ancestors.contains(a) {
                    ancestors.push(a.clone());
                }
            }
        }
        ancestors.truncate(SEAL_ANCESTRY);
        ancestors
    }

    /// Whether this seal is the one with id `seen` or was made over it: it
    /// names it among its ancestors. A seal further on than its ancestors
    /// reach is not taken on its word: a genuine seal of an abandoned line
    /// (or of the single-user store a team store was made from) would pass
    /// that way; `accept-rollback` takes it knowingly.
    pub(crate) fn descends(&self, seen: &str) -> bool {
        self.id() == seen || self.ancestors.iter().any(|a| a == seen)
    }
}

/// Whether access to `prefix` covers `name`: whole segments only
/// (`myapp/prod` covers `myapp/prod` and `myapp/prod/db`, never
/// `myapp/production`). The empty prefix (the root scope) covers everything.
pub(crate) fn covers(prefix: &str, name: &str) -> bool {
    prefix.is_empty()
        || name
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// A scope's prefix for people: the root scope has none.
pub(crate) fn shown(prefix: &str) -> &str {
    if prefix.is_empty() {
        "the root scope (names under no prefix with access of its own)"
    } else {
        prefix
    }
}

/// Check an access prefix as typed or read: a valid secret name, so it
/// matches whole segments (no empty segment, no leading or trailing `/`).
pub(crate) fn check_prefix(prefix: &str) -> Result<(), String> {
    if prefix.is_empty() {
        return Err("an access prefix cannot be empty (leave --access out for all access)".into());
    }
    crate::name::validate(prefix).map_err(|e| match e {
        crate::error::Error::Usage { what, .. } => {
            what.replace("valid secret name", "valid access prefix")
        }
        other => other.to_string(),
    })?;
    Ok(())
}

/// Sort an access list and drop each prefix another one in it covers
/// (`myapp` makes `myapp/prod` redundant): no scope is made for nothing.
pub(crate) fn normalize(access: &mut Vec<String>) {
    access.sort();
    access.dedup();
    let all = access.clone();
    access.retain(|p| !all.iter().any(|q| q != p && covers(q, p)));
}

/// Where each secret lives: the root scope's bucket count and the scopes
/// (sorted by prefix, as the member list keeps them).
#[derive(Clone, Copy)]
pub(crate) struct Layout<'a> {
    pub(crate) root_count: u32,
    pub(crate) scopes: &'a [Scope],
}

impl<'a> Layout<'a> {
    /// The scope of `name`: the longest prefix covering it; `None` is root.
    pub(crate) fn scope_of(&self, name: &str) -> Option<&'a Scope> {
        if self.scopes.is_empty() {
            return None;
        }
        let mut end = name.len();
        loop {
            let candidate = &name[..end];
            if let Ok(i) = self
                .scopes
                .binary_search_by(|s| s.prefix.as_str().cmp(candidate))
            {
                return Some(&self.scopes[i]);
            }
            end = candidate.rfind('/')?;
        }
    }

    /// The prefix of the scope of `name` ("" for root).
    pub(crate) fn prefix_of(&self, name: &str) -> &'a str {
        self.scope_of(name).map_or("", |s| s.prefix.as_str())
    }

    /// The bucket `name` lives in.
    pub(crate) fn bucket_of(&self, store_id: &str, name: &str) -> u32 {
        match self.scope_of(name) {
            None => super::signed::bucket_of(store_id, name, self.root_count),
            Some(s) => s.base + super::signed::bucket_of(store_id, name, s.count),
        }
    }

    /// The prefix of the scope bucket `b` belongs to ("" for root); `None`
    /// when no scope has it.
    pub(crate) fn prefix_at(&self, b: u32) -> Option<&'a str> {
        if b < self.root_count {
            return Some("");
        }
        self.scopes
            .iter()
            .find(|s| s.base <= b && b - s.base < s.count)
            .map(|s| s.prefix.as_str())
    }

    /// The bucket numbers of the scope with `prefix` ("" for root).
    pub(crate) fn range_of(&self, prefix: &str) -> Range<u32> {
        if prefix.is_empty() {
            return 0..self.root_count;
        }
        self.scopes
            .iter()
            .find(|s| s.prefix == prefix)
            .map_or(0..0, |s| s.base..s.base + s.count)
    }

    /// Every scope's prefix, root ("") first.
    pub(crate) fn prefixes(&self) -> impl Iterator<Item = &'a str> + 'a {
        std::iter::once("").chain(self.scopes.iter().map(|s| s.prefix.as_str()))
    }

    /// One past the highest bucket number in use.
    pub(crate) fn end(&self) -> u32 {
        self.scopes
            .iter()
            .map(|s| s.base + s.count)
            .max()
            .unwrap_or(0)
            .max(self.root_count)
    }

    /// Check the scopes as read: valid prefixes, sorted and unique, each
    /// range past the root's and overlapping no other.
    pub(crate) fn check(&self) -> Result<(), String> {
        if self.scopes.len() > MAX_SCOPES {
            return Err("defines more scopes than sesame reads".into());
        }
        let mut ranges: Vec<Range<u64>> = Vec::with_capacity(self.scopes.len());
        for (i, s) in self.scopes.iter().enumerate() {
            check_prefix(&s.prefix).map_err(|e| format!("has a bad scope: {e}"))?;
            if i > 0 && self.scopes[i - 1].prefix >= s.prefix {
                return Err("has scopes out of order or twice".into());
            }
            let end = u64::from(s.base) + u64::from(s.count);
            if s.count == 0 || s.count > 1024 || s.base < self.root_count || end > 1 << 20 {
                return Err(format!(
                    "has an impossible bucket range for scope '{}'",
                    s.prefix
                ));
            }
            ranges.push(u64::from(s.base)..end);
        }
        ranges.sort_by_key(|r| r.start);
        if ranges.windows(2).any(|w| w[0].end > w[1].start) {
            return Err("has scopes whose buckets overlap".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(prefix: &str, base: u32) -> Scope {
        Scope {
            prefix: prefix.into(),
            base,
            count: SCOPE_BUCKETS,
        }
    }

    #[test]
    fn prefixes_cover_whole_segments_only() {
        assert!(covers("myapp/prod", "myapp/prod"));
        assert!(covers("myapp/prod", "myapp/prod/db"));
        assert!(!covers("myapp/prod", "myapp/production/db"));
        assert!(!covers("myapp/prod", "myapp"));
        assert!(covers("", "anything"));
    }

    #[test]
    fn a_name_lives_in_the_longest_scope_covering_it() {
        let scopes = vec![scope("a", 64), scope("a/b", 72), scope("c", 80)];
        let l = Layout {
            root_count: 64,
            scopes: &scopes,
        };
        l.check().unwrap();
        assert_eq!(l.prefix_of("a/b/x"), "a/b");
        assert_eq!(l.prefix_of("a/bc"), "a");
        assert_eq!(l.prefix_of("a"), "a");
        assert_eq!(l.prefix_of("ab"), "");
        assert_eq!(l.prefix_of("c/d/e/f"), "c");
        let b = l.bucket_of("s", "a/b/x");
        assert!((72..80).contains(&b));
        assert_eq!(l.prefix_at(b), Some("a/b"));
        assert!(l.bucket_of("s", "zz") < 64);
        assert_eq!(l.prefix_at(90), None);
        assert_eq!(l.end(), 88);
    }

    #[test]
    fn an_access_list_keeps_only_the_broadest_prefixes() {
        let mut a: Vec<String> = ["b/c", "a/x", "a", "b/c", "bc"].map(String::from).to_vec();
        normalize(&mut a);
        assert_eq!(a, ["a", "b/c", "bc"]);
    }

    #[test]
    fn bad_layouts_are_refused() {
        let overlap = vec![scope("a", 64), scope("b", 70)];
        let unsorted = vec![scope("b", 64), scope("a", 72)];
        let inside_root = vec![scope("a", 10)];
        let bad_prefix = vec![scope("a/", 64)];
        for s in [&overlap, &unsorted, &inside_root, &bad_prefix] {
            let l = Layout {
                root_count: 64,
                scopes: s,
            };
            assert!(l.check().is_err());
        }
        assert!(check_prefix("x/").is_err());
        assert!(check_prefix("/x").is_err());
        assert!(check_prefix("a b").is_err());
        assert!(check_prefix("").is_err());
        assert!(check_prefix("myapp/prod").is_ok());
    }
}
