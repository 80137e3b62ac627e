//! Fuzzing entry points for store format 2 (issue 12), for the fuzz targets
//! of issue 19 (`sesame::fuzzing`, which the lead merges this section into).
//! Not part of sesame's interface.
//!
//! Each feeds `data` to the real parser of a file an attacker can write (the
//! manifest and its member list) or of a string a user pastes (a CI token),
//! and checks: no panic; what parses renders and parses back the same; a
//! signature check on what parses returns an answer (no panic) and never
//! accepts a manifest this file did not sign.

use crate::crypto::Identity;
use crate::vault::signed::{self, Manifest, SignedMembers};

/// The manifest parser (header, member list, signatures), then the checks a
/// reader makes, against keys that signed nothing here: they must refuse.
pub fn manifest(data: &[u8]) {
    let Ok(m) = Manifest::parse(data) else {
        return;
    };
    let again = Manifest::parse(&m.to_bytes());
    assert_eq!(
        again.as_ref().ok(),
        Some(&m),
        "a parsed manifest renders back the same"
    );
    let stranger = "00".repeat(32);
    assert!(
        m.check(&m.header.store_id, &[stranger]).is_err(),
        "a manifest checked against a key that signed nothing must be refused"
    );
    let _ = signed::descends("x", &m.header, "y", m.header.generation);
    let _ = m.recipients().count();
}

/// The member list alone (as a JSON object), and its signature check.
pub fn member_list(data: &[u8]) {
    let Ok(list) = serde_json::from_slice::<SignedMembers>(data) else {
        return;
    };
    let keys = list.admin_keys();
    // Keys taken from the list itself: the check may pass or fail, never panic.
    let _ = list.check(&keys);
    let _ = list.digest();
}

/// A signature in hex as the verifier reads it, over an arbitrary header.
pub fn signature(data: &[u8]) {
    // Split the bytes, not the text: a cut inside a character would panic in
    // the harness, not in sesame (found by this target: fuzz/crashes/signature).
    let (key, sig) = data.split_at(data.len() / 2);
    let _ = signed::unhex::<32>(&String::from_utf8_lossy(key));
    let _ = signed::unhex::<64>(&String::from_utf8_lossy(sig));
}

/// A CI token or identity as `SESAME_IDENTITY` gives it.
pub fn ci_token(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(id) = Identity::parse(text)
        && let Some(pins) = id.ci_pins()
    {
        let back = Identity::parse(&id.ci_token(pins)).map(|i| i.ci_pins().cloned());
        assert_eq!(
            back.ok().flatten().as_ref(),
            Some(pins),
            "a token renders back the same"
        );
    }
}

/// Issue 16's layout of scopes: where a name lives. The first line holds
/// names (separated by spaces), every further line a prefix given bucket
/// files of its own. Checks, for every valid name: it lives in a bucket of
/// the longest prefix covering it (or of the root), and no two scopes claim
/// that bucket. Then the whole input as a manifest, whose scopes must pass
/// the same check when it parses.
pub fn scopes(data: &[u8]) {
    use crate::vault::scopes::{Layout, SCOPE_BUCKETS, Scope, check_prefix, covers};
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let names: Vec<&str> = lines.next().unwrap_or("").split(' ').collect();
    let mut prefixes: Vec<&str> = lines.filter(|p| check_prefix(p).is_ok()).collect();
    prefixes.sort_unstable();
    prefixes.dedup();
    prefixes.truncate(512);
    let scopes: Vec<Scope> = (0u32..)
        .zip(&prefixes)
        .map(|(i, p)| Scope {
            prefix: (*p).to_owned(),
            // Bases in reverse: ranges need not follow the prefixes' order.
            base: 64 + (512 - i) * SCOPE_BUCKETS,
            count: SCOPE_BUCKETS,
        })
        .collect();
    let layout = Layout {
        root_count: 64,
        scopes: &scopes,
    };
    assert!(layout.check().is_ok(), "a layout made by the rules checks");
    let parsed = Manifest::parse(data).ok();
    let layouts = std::iter::once(layout).chain(parsed.as_ref().map(Manifest::layout));
    for layout in layouts {
        for name in names.iter().filter(|n| crate::name::validate(n).is_ok()) {
            let (prefix, b) = (layout.prefix_of(name), layout.bucket_of("s", name));
            assert!(
                covers(prefix, name),
                "a name lives under its scope's prefix"
            );
            assert_eq!(
                layout.prefix_at(b),
                Some(prefix),
                "its bucket is its scope's"
            );
            assert!(layout.range_of(prefix).contains(&b));
            for s in layout.scopes.iter().filter(|s| covers(&s.prefix, name)) {
                assert!(s.prefix.len() <= prefix.len(), "the longest prefix wins");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_points_take_garbage_and_real_files() {
        for f in [manifest, member_list, signature, ci_token] {
            f(b"");
            f(b"{}");
            f(b"\xff\xfe");
            f(b"SESAME-CI-1eyJ9");
        }
        let id = Identity::generate();
        let m = crate::vault::v2::first_manifest(&id, "s");
        manifest(&m.to_bytes());
        member_list(&serde_json::to_vec(&m.members).unwrap());
        let token = id.ci_token(&crate::crypto::CiPins {
            store_id: "s".into(),
            admins: vec!["ab".repeat(32)],
        });
        ci_token(token.as_bytes());
    }
}
