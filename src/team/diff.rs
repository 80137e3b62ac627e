//! `team diff-driver`: a manifest as text for `git diff` and `git log -p`
//! (git's textconv). Without an unlock: the public facts of the file
//! (generation, parents, author, members, bucket digests). Unlocked, after
//! the manifest verifies: each secret's name, versions, metadata, key ids and
//! authors as well. Never a value, nor a digest of one.

use std::fmt::Write as _;

use crate::crypto::Identity;
use crate::error::Result;
use crate::team::git::Repo;
use crate::vault::Store;
use crate::vault::model::{Secret, State};
use crate::vault::signed::{self, Authorship, Manifest, SignedMembers};

/// The text for `bytes`, a manifest as git holds it.
pub(crate) fn render(
    store: &Store,
    bytes: &[u8],
    identities: Option<&[Identity]>,
) -> Result<String> {
    let mut t = String::new();
    let m = match Manifest::parse(bytes) {
        Ok(m) => m,
        Err(why) => {
            let _ = writeln!(t, "not a sesame manifest: {why}");
            return Ok(escape_lines(&t));
        }
    };
    public_facts(&mut t, &m);
    let Some(ids) = identities else {
        let _ = writeln!(
            t,
            "(locked: signatures not checked; unlock to check them and see the secrets' names and versions)"
        );
        return Ok(escape_lines(&t));
    };
    let verified = match store.verify_manifest(ids, bytes) {
        Ok(v) => v,
        Err(e) => {
            let _ = writeln!(t, "NOT VERIFIED, secrets not shown: {e}");
            return Ok(escape_lines(&t));
        }
    };
    let repo = Repo::of_store(store.dir()).ok();
    let revs = match &repo {
        Some(r) => r.merge_revisions().unwrap_or_default(),
        None => Vec::new(),
    };
    let digests: Vec<&String> = verified.header.buckets.values().collect();
    let mut files = match &repo {
        Some(r) => r.find_buckets(&digests, &revs)?,
        None => std::collections::HashMap::new(),
    };
    let readable = crate::vault::v2::readable_scopes(&verified, ids);
    let layout = verified.layout();
    for (&b, d) in &verified.header.buckets {
        // What this key's access does not cover shows as files only.
        if !layout.prefix_at(b).is_some_and(&readable) {
            continue;
        }
        let bytes = files
            .remove(d)
            .or_else(|| std::fs::read(store.path("vault").join(format!("{d}.age"))).ok());
        let Some(bytes) = bytes else {
            let _ = writeln!(t, "bucket {b}: file {d}.age not found");
            continue;
        };
        match store.open_bucket_bytes(&verified, ids, b, &bytes) {
            Ok(secrets) => {
                for (name, s) in &secrets {
                    secret(&mut t, &verified, name, s);
                }
            }
            Err(e) => {
                let _ = writeln!(t, "bucket {b}: {e}");
            }
        }
    }
    Ok(escape_lines(&t))
}

fn escape_lines(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for line in t.lines() {
        out.push_str(&crate::escape::escaped(line));
        out.push('\n');
    }
    out
}

fn who(members: &SignedMembers, id: &str) -> String {
    match members.member(id) {
        Some(m) => format!(
            "{} ({}{}{})",
            m.name.as_deref().unwrap_or(&m.id),
            m.role.as_str(),
            if m.name.is_some() { ", " } else { "" },
            if m.name.is_some() { &m.id[..] } else { "" },
        ),
        None => format!("{id} (not a member)"),
    }
}

fn public_facts(t: &mut String, m: &Manifest) {
    let h = &m.header;
    let _ = writeln!(t, "sesame store {} generation {}", h.store_id, h.generation);
    let short: Vec<&str> = h.parents.iter().map(|p| &p[..p.len().min(12)]).collect();
    let _ = writeln!(
        t,
        "parents: {}",
        if short.is_empty() {
            "none".into()
        } else {
            short.join(" ")
        }
    );
    let _ = writeln!(t, "signed by: {}", who(&m.members, &h.author));
    let _ = writeln!(t, "max versions: {}", h.max_versions);
    let l = &m.members.list;
    let _ = writeln!(
        t,
        "members (list generation {}, signed by {}):",
        l.generation,
        who(&m.members, &l.signer)
    );
    for x in &l.members {
        let _ = writeln!(
            t,
            "  {} {} {}{} {}{}",
            x.id,
            x.role.as_str(),
            x.name.as_deref().unwrap_or("-"),
            if x.revoked { " REVOKED" } else { "" },
            x.recipient,
            x.access
                .as_ref()
                .map(|a| format!(" access: {}", a.join(" ")))
                .unwrap_or_default()
        );
    }
    let _ = writeln!(t, "buckets:");
    for (b, d) in &h.buckets {
        let _ = writeln!(t, "  {b:>3} {d}");
    }
}

fn secret(t: &mut String, m: &Manifest, name: &str, s: &Secret) {
    let store_id = &m.header.store_id;
    let _ = writeln!(t, "secret {name}");
    if let Some(c) = &s.conflict {
        let _ = writeln!(t, "  CONFLICT: {c}");
    }
    if let Some(d) = &s.description {
        let _ = writeln!(t, "  description: {d}");
    }
    if !s.tags.is_empty() {
        let _ = writeln!(t, "  tags: {}", s.tags.join(", "));
    }
    if let Some(e) = &s.env {
        let _ = writeln!(t, "  env: {e}");
    }
    if !s.policy.is_empty() {
        let policy = serde_json::to_string(&s.policy).unwrap_or_default();
        let by = match signed::policy_author(&m.members, store_id, name, s) {
            Authorship::By(a) => who(&m.members, &a.id),
            Authorship::Unknown => "unsigned".into(),
            Authorship::Forged => "FORGED signature".into(),
        };
        let _ = writeln!(t, "  policy: {policy} (by {by})");
    }
    for v in &s.versions {
        let state = match (v.state, v.value.is_some()) {
            (State::Revoked, _) | (_, false) => "revoked",
            (State::Active, _) => "active",
            (State::Previous, _) => "previous",
        };
        let by = match signed::version_author(&m.members, store_id, name, v) {
            Authorship::By(a) => who(&m.members, &a.id),
            Authorship::Unknown => "unknown".into(),
            Authorship::Forged => "FORGED signature".into(),
        };
        let _ = writeln!(
            t,
            "  v{} {state} created {}{} by {by}",
            v.n,
            v.created,
            v.id.as_deref()
                .map(|i| format!(" key id {i}"))
                .unwrap_or_default(),
        );
    }
}
