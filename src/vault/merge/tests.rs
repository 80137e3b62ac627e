use super::*;
use crate::value::SecretValue;
use jiff::Timestamp;
use proptest::prelude::*;

fn t(s: i64) -> Timestamp {
    Timestamp::from_second(1_700_000_000 + s).unwrap()
}

fn with(values: &[(&str, i64)]) -> Secret {
    let mut s = Secret::new(t(0));
    for (v, at) in values {
        s.push_value(SecretValue::new((*v).to_owned()), None, t(*at), 10);
    }
    s
}

fn set(s: &Secret, v: &str, at: i64, by: &str) -> Secret {
    let mut s = s.clone();
    s.push_value(SecretValue::new(v.to_owned()), None, t(at), 10);
    if let Some(last) = s.versions.last_mut() {
        last.author = Some(by.to_owned());
    }
    s
}

fn map(items: &[(&str, &Secret)]) -> BTreeMap<String, Secret> {
    items
        .iter()
        .map(|(n, s)| ((*n).to_owned(), (*s).clone()))
        .collect()
}

fn current(s: &Secret) -> String {
    s.current()
        .and_then(|v| v.value.as_ref())
        .map(|v| v.expose().to_owned())
        .unwrap_or_default()
}

fn values(s: &Secret) -> Vec<(u32, Option<String>, State)> {
    s.versions
        .iter()
        .map(|v| {
            (
                v.n,
                v.value.as_ref().map(|x| x.expose().to_owned()),
                v.state,
            )
        })
        .collect()
}

#[test]
fn changes_to_different_secrets_never_conflict() {
    let a = with(&[("a1", 1)]);
    let base = map(&[("a", &a)]);
    let ours = map(&[("a", &a), ("b", &with(&[("b1", 2)]))]);
    let theirs = map(&[("a", &set(&a, "a2", 3, "w")), ("c", &with(&[("c1", 2)]))]);
    for wins in [true, false] {
        let (m, flagged) = merge_secrets(&base, &ours, &theirs, wins);
        assert!(flagged.is_empty());
        assert_eq!(m.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(current(&m["a"]), "a2");
        assert_eq!(current(&m["b"]), "b1");
        assert!(m.values().all(|s| s.conflict.is_none()));
    }
}

#[test]
fn the_same_secret_changed_on_both_sides_keeps_both_values() {
    let a = with(&[("a1", 1)]);
    let base = map(&[("a", &a)]);
    let ours = map(&[("a", &set(&a, "ours", 5, "o"))]);
    // Theirs is "older" by the clock: the clock decides nothing.
    let theirs = map(&[("a", &set(&a, "theirs", 2, "t"))]);
    let (m, flagged) = merge_secrets(&base, &ours, &theirs, false);
    assert_eq!(flagged, ["a"]);
    let s = &m["a"];
    assert_eq!(current(s), "theirs");
    let all = values(s);
    assert_eq!(all.len(), 3, "{all:?}");
    assert!(
        all.iter()
            .any(|(_, v, st)| v.as_deref() == Some("ours") && *st == State::Previous)
    );
    // The renumbered version keeps the number its signature covers.
    let moved = s.versions.iter().find(|v| v.signed_n.is_some()).unwrap();
    assert_eq!(moved.signed_n, Some(2));
    assert_eq!(moved.n, 3);
    assert!(s.conflict.as_deref().unwrap().contains("both sides"));
    let (m2, _) = merge_secrets(&base, &ours, &theirs, true);
    assert_eq!(current(&m2["a"]), "ours");
}

#[test]
fn a_revocation_wins_over_a_concurrent_change() {
    let a = with(&[("old", 1)]);
    let base = map(&[("a", &a)]);
    let mut revoked = a.clone();
    revoked.versions[0].value = None;
    revoked.versions[0].state = State::Revoked;
    let ours = map(&[("a", &revoked)]);
    // Theirs changed metadata only, and the other way round a new value.
    let mut described = a.clone();
    described.description = Some("db".into());
    for theirs in [
        map(&[("a", &described)]),
        map(&[("a", &set(&a, "new", 4, "t"))]),
    ] {
        for wins in [true, false] {
            let (m, _) = merge_secrets(&base, &ours, &theirs, wins);
            let v1 = &m["a"].versions[0];
            assert!(v1.value.is_none(), "the wiped value came back");
            assert_eq!(v1.state, State::Revoked);
        }
    }
    let (m, _) = merge_secrets(&base, &ours, &map(&[("a", &described)]), false);
    assert_eq!(m["a"].description.as_deref(), Some("db"));
}

#[test]
fn removed_on_one_side_and_changed_on_the_other_is_kept_and_flagged() {
    let a = with(&[("a1", 1)]);
    let base = map(&[("a", &a)]);
    let ours = BTreeMap::new();
    let theirs = map(&[("a", &set(&a, "a2", 3, "t"))]);
    for wins in [true, false] {
        let (m, flagged) = merge_secrets(&base, &ours, &theirs, wins);
        assert_eq!(flagged, ["a"]);
        assert_eq!(current(&m["a"]), "a2");
        assert!(m["a"].conflict.as_deref().unwrap().contains("removed"));
    }
    // Removed on one side, untouched on the other: removed.
    let (m, flagged) = merge_secrets(&base, &ours, &base, true);
    assert!(m.is_empty() && flagged.is_empty());
}

#[test]
fn a_later_value_settles_the_flag() {
    let a = with(&[("a1", 1)]);
    let base = map(&[("a", &a)]);
    let (m, _) = merge_secrets(
        &base,
        &map(&[("a", &set(&a, "x", 2, "o"))]),
        &map(&[("a", &set(&a, "y", 2, "t"))]),
        true,
    );
    let settled = set(&m["a"], "z", 9, "o");
    assert!(settled.conflict.is_none());
}

/// What a member may do to a secret on a branch.
#[derive(Debug, Clone)]
enum Op {
    Set(u8, i64),
    RevokeFirst,
    Describe(u8),
    Tag(u8),
    Remove,
}

fn apply(s: Option<&Secret>, ops: &[Op], by: &str) -> Option<Secret> {
    let mut s = s.cloned();
    for op in ops {
        match op {
            Op::Set(v, at) => {
                let base = s.unwrap_or_else(|| Secret::new(t(0)));
                s = Some(set(&base, &format!("{by}{v}"), *at, by));
            }
            Op::RevokeFirst => {
                if let Some(v) = s.as_mut().and_then(|s| s.versions.first_mut()) {
                    v.value = None;
                    v.state = State::Revoked;
                }
            }
            Op::Describe(d) => {
                if let Some(s) = s.as_mut() {
                    s.description = Some(format!("d{d}"));
                }
            }
            Op::Tag(g) => {
                if let Some(s) = s.as_mut() {
                    s.tags.push(format!("t{g}"));
                }
            }
            Op::Remove => s = None,
        }
    }
    s
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(
        prop_oneof![
            4 => (0u8..4, 0i64..4).prop_map(|(v, at)| Op::Set(v, at)),
            1 => Just(Op::RevokeFirst),
            2 => (0u8..3).prop_map(Op::Describe),
            1 => (0u8..3).prop_map(Op::Tag),
            1 => Just(Op::Remove),
        ],
        0..4,
    )
}

fn text(m: &BTreeMap<String, Secret>) -> String {
    serde_json::to_string(m).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Merging is commutative in content: who merges does not change what
    /// the store holds; and a wiped value never comes back.
    #[test]
    fn merges_are_commutative_and_never_revive_a_wiped_value(
        base_ops in ops(), o_ops in ops(), t_ops in ops(), ours_wins: bool,
    ) {
        let names = ["a", "b"];
        let mut base = BTreeMap::new();
        let (mut ours, mut theirs) = (BTreeMap::new(), BTreeMap::new());
        for (i, n) in names.iter().enumerate() {
            let b = apply(None, &base_ops[..base_ops.len().min(i + 2)], "b");
            let o = apply(b.as_ref(), &o_ops, "o");
            let t = apply(b.as_ref(), &t_ops[(i % 2).min(t_ops.len())..], "t");
            for (m, s) in [(&mut base, b), (&mut ours, o), (&mut theirs, t)] {
                if let Some(s) = s { m.insert((*n).to_owned(), s); }
            }
        }
        let (m1, f1) = merge_secrets(&base, &ours, &theirs, ours_wins);
        let (m2, f2) = merge_secrets(&base, &theirs, &ours, !ours_wins);
        prop_assert_eq!(text(&m1), text(&m2));
        prop_assert_eq!(f1, f2);
        for (name, s) in &m1 {
            let mut ns = HashSet::new();
            prop_assert!(s.versions.iter().all(|v| ns.insert(v.n)), "numbers repeat: {name}");
            prop_assert!(s.versions.windows(2).all(|w| w[0].n < w[1].n));
            prop_assert!(s.versions.iter().filter(|v| v.state == State::Active).count() <= 2);
            for side in [&ours, &theirs] {
                let Some(other) = side.get(name) else { continue };
                for wiped in other.versions.iter().filter(|v| v.value.is_none()) {
                    let k = key(wiped);
                    prop_assert!(
                        s.versions.iter().filter(|v| key(v) == k).all(|v| v.value.is_none()),
                        "a wiped value came back in {name}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_renumbered_version_still_verifies() {
    let id = crate::crypto::Identity::generate();
    let signer = Signer::derive(&id);
    let mut s = with(&[("v", 1)]);
    signed::sign_secret(&signer, "s1", "a", &mut s, false, &|_| false);
    let members = SignedMembers::sign(
        signed::MembersBody {
            format: signed::FORMAT,
            store_id: "s1".into(),
            generation: 1,
            members: vec![Member::for_signer(&signer, id.public(), Role::Admin, None)],
            signer: String::new(),
            introductions: Vec::new(),
            scopes: Vec::new(),
        },
        &signer,
    );
    let v = &mut s.versions[0];
    v.signed_n = Some(v.n);
    v.n = 7;
    assert!(matches!(
        signed::version_author(&members, "s1", "a", v),
        signed::Authorship::By(_)
    ));
}

/// A side whose member list is `list` with `change` applied, signed by `by`.
fn side_with(base: &Manifest, by: &Signer, change: impl FnOnce(&mut signed::MembersBody)) -> Side {
    let mut list = base.members.list.clone();
    change(&mut list);
    list.generation += 1;
    let members = SignedMembers::sign(list, by);
    let mut header = base.header.clone();
    header.generation += 1;
    let manifest = Manifest::sign(header, members, by);
    let digest = signed::digest(&manifest.to_bytes());
    Side { manifest, digest }
}

#[test]
fn member_lists_changed_on_both_sides_keep_removals_and_introductions() {
    let alice = crate::crypto::Identity::generate();
    let a = Signer::derive(&alice);
    let keys: Vec<(crate::crypto::Identity, Signer)> = (0..4)
        .map(|_| {
            let i = crate::crypto::Identity::generate();
            let s = Signer::derive(&i);
            (i, s)
        })
        .collect();
    let member = |k: usize, role| Member::for_signer(&keys[k].1, keys[k].0.public(), role, None);
    let mut base = v2::first_manifest(&alice, "s1");
    let mut list = base.members.list.clone();
    list.members.push(member(0, Role::Writer)); // bob
    list.members.push(member(1, Role::Writer)); // carol
    base = Manifest::sign(base.header.clone(), SignedMembers::sign(list, &a), &a);
    let bob = keys[0].1.id().to_owned();
    let carol = keys[1].1.id().to_owned();
    let remove = |l: &mut signed::MembersBody, id: &str, at: i64| {
        for m in l.members.iter_mut().filter(|m| m.id == id) {
            m.revoked = true;
            m.removed = Some(t(at));
        }
    };
    // Ours removes bob at 10 and introduces admin dave; theirs removes bob
    // at 30 and carol at 20 and introduces admin erin.
    let ours = side_with(&base, &a, |l| {
        remove(l, &bob, 10);
        l.members.push(member(2, Role::Admin));
        l.introductions
            .push(signed::Introduction::new(&a, "s1", keys[2].1.verify_key()));
    });
    let theirs = side_with(&base, &a, |l| {
        remove(l, &bob, 30);
        remove(l, &carol, 20);
        l.members.push(member(3, Role::Admin));
        l.introductions
            .push(signed::Introduction::new(&a, "s1", keys[3].1.verify_key()));
    });
    let base = Side {
        digest: signed::digest(&base.to_bytes()),
        manifest: base,
    };
    for (o, th) in [(&ours, &theirs), (&theirs, &ours)] {
        let merged = merge_members(Some(&base), o, th, std::slice::from_ref(&alice)).unwrap();
        let get = |id: &str| merged.member(id).unwrap().clone();
        assert!(get(&bob).revoked && get(&carol).revoked);
        // Every value stored before the later removal was readable by bob.
        assert_eq!(get(&bob).removed, Some(t(30)));
        assert_eq!(get(&carol).removed, Some(t(20)));
        let introduced: BTreeSet<&str> = merged
            .list
            .introductions
            .iter()
            .map(|i| i.key.as_str())
            .collect();
        assert_eq!(
            introduced,
            BTreeSet::from([keys[2].1.verify_key(), keys[3].1.verify_key()])
        );
        assert!(merged.check(&[a.verify_key().to_owned()]).is_ok());
    }
}
