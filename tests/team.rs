//! Team stores through git (issue 15, merges): three members with their own
//! homes, keys and passwords (the owner, an admin, made the store with `team
//! init`; alice and bob, writers, joined with `team join` and were added with
//! `member add`), clones of one bare remote, merges through `sync`, git's
//! merge driver (registered by `init`/`join`), `team resolve`, and a clone
//! without the driver.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

use crate::util::*;

/// The store's directory inside each clone.
const STORE: &str = "team";

struct Member {
    name: &'static str,
    home: PathBuf,
    work: PathBuf,
    /// SESAME_PASSWORD (or SESAME_IDENTITY for a CI token).
    unlock: (&'static str, String),
}

impl Member {
    fn store(&self) -> PathBuf {
        self.work.join(STORE)
    }

    fn env<'c>(&self, c: &'c mut Command, unlocked: bool) -> &'c mut Command {
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("XDG_DATA_HOME", self.home.join(".local/share"))
            .env("XDG_STATE_HOME", self.home.join(".local/state"))
            .env("LANG", "C.UTF-8")
            .env("SESAME_STORE", self.store())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", self.name)
            .env("GIT_AUTHOR_EMAIL", format!("{}@example.com", self.name))
            .env("GIT_COMMITTER_NAME", self.name)
            .env("GIT_COMMITTER_EMAIL", format!("{}@example.com", self.name))
            .current_dir(&self.work);
        if unlocked {
            c.env(self.unlock.0, &self.unlock.1);
        }
        c
    }

    /// `sesame ARGS` as this member, unlocked, no terminal.
    fn sesame(&self, args: &[&str], stdin: &str) -> Output {
        let mut c = Command::new("setsid");
        c.arg("-w").arg(sesame_bin()).args(args);
        self.env(&mut c, true);
        output_with_stdin(&mut c, stdin.as_bytes())
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.sesame(args, "");
        assert_success(&out);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn set(&self, name: &str, value: &str) {
        assert_success(&self.sesame(&["set", name], value));
    }

    fn get(&self, name: &str) -> String {
        self.ok(&["get", name]).trim_end().to_owned()
    }

    /// git as this member types it (with the unlock in the environment, as a
    /// user's shell would have it, unless `unlocked` is false).
    fn git_with(&self, args: &[&str], unlocked: bool) -> Output {
        let mut c = Command::new("git");
        c.args(args).stdin(std::process::Stdio::null());
        self.env(&mut c, unlocked);
        c.output().unwrap()
    }

    fn git(&self, args: &[&str]) -> String {
        let out = self.git_with(args, true);
        assert_success(&out);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    fn commit_all(&self, msg: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", msg]);
    }

    fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"])
    }
}

struct Team {
    _dir: TempDir,
    remote: PathBuf,
    owner: Member,
    alice: Member,
    bob: Member,
    /// The owner's admin fingerprint, for `team join --admin`.
    fingerprint: String,
}

/// Forget the drivers `team init`/`join` registered: a clone where they
/// are not (the committed `.gitattributes` still applies).
fn unregister(m: &Member) {
    m.git(&["config", "--local", "--remove-section", "merge.sesame"]);
    m.git(&["config", "--local", "--remove-section", "diff.sesame"]);
    let _ = fs::remove_file(m.work.join(".git/info/attributes"));
}

/// `team join` as `m`: the join request it prints.
fn join(m: &Member, fingerprint: &str) -> String {
    let out = m.ok(&[
        "team",
        "join",
        "--admin",
        fingerprint,
        "--name",
        m.name,
        "--work-factor",
        "10",
    ]);
    let request = out.trim().to_owned();
    assert!(request.starts_with("SESAME-JOIN-1"), "{out}");
    request
}

/// A member with a password of their own.
fn person(dir: &Path, name: &'static str) -> Member {
    member(
        dir,
        name,
        ("SESAME_PASSWORD", format!("{name}-{PASSWORD}-team")),
    )
}

fn clone(remote: &Path, m: &Member) {
    assert_success(
        &Command::new("git")
            .args(["clone", "-q"])
            .arg(remote)
            .arg(&m.work)
            .output()
            .unwrap(),
    );
}

fn member(dir: &Path, name: &'static str, unlock: (&'static str, String)) -> Member {
    let home = dir.join(format!("{name}-home"));
    fs::create_dir_all(&home).unwrap();
    Member {
        name,
        home,
        work: dir.join(name),
        unlock,
    }
}

fn token(owner: &Member, name: &str) -> String {
    let t = owner.ok(&["recipients", "add", "--generate-ci", name, "--write"]);
    let t = t.trim().to_owned();
    assert!(t.starts_with("SESAME-CI-1"), "{t}");
    t
}

/// The owner makes the team store (`team init`) and pushes it; alice and
/// bob clone it, join, and are added by the owner; then all three pull.
/// Without `drivers`, every clone forgets the drivers `init`/`join` registered.
fn team(drivers: bool) -> Option<Team> {
    if !require_program("git", "team stores are shared through git") {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let remote = dir.path().join("remote.git");
    let owner = person(dir.path(), "owner");
    fs::create_dir_all(&owner.work).unwrap();
    assert_success(
        &Command::new("git")
            .args(["init", "-q", "--bare", "-b", "main"])
            .arg(&remote)
            .output()
            .unwrap(),
    );
    owner.git(&["init", "-q", "-b", "main"]);
    let made = owner.ok(&[
        "team",
        "init",
        "--name",
        "owner",
        "--no-recovery",
        "--work-factor",
        "10",
    ]);
    let fingerprint = made.lines().next().unwrap().trim().to_owned();
    owner.set("shared/base", "base-value");
    owner.commit_all("the team store");
    owner.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    owner.git(&["push", "-q", "-u", "origin", "main"]);
    let alice = person(dir.path(), "alice");
    let bob = person(dir.path(), "bob");
    for m in [&alice, &bob] {
        clone(&remote, m);
        let request = join(m, &fingerprint);
        owner.ok(&["member", "add", m.name, &request]);
    }
    owner.commit_all("alice and bob join");
    owner.git(&["push", "-q"]);
    for m in [&owner, &alice, &bob] {
        if m.name != "owner" {
            m.git(&["pull", "-q"]);
        }
        if !drivers {
            unregister(m);
        }
        clean(m);
    }
    Some(Team {
        _dir: dir,
        remote,
        owner,
        alice,
        bob,
        fingerprint,
    })
}

/// The store id, from the manifest.
fn store_id(m: &Member) -> String {
    let v: serde_json::Value =
        serde_json::from_slice(&fs::read(m.store().join("manifest")).unwrap()).unwrap();
    v["header"]["store_id"].as_str().unwrap().to_owned()
}

/// The bucket a name falls in (SECURITY.md: SHA-256(store id, 0, name) mod 64).
fn bucket(store_id: &str, name: &str) -> u64 {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update(store_id.as_bytes());
    h.update([0]);
    h.update(name.as_bytes());
    let d = h.finalize();
    u64::from_be_bytes(d[..8].try_into().unwrap()) % 64
}

/// Two names in different buckets (from each other and from `shared/base`).
fn two_names(id: &str) -> (String, String) {
    let taken = bucket(id, "shared/base");
    let a = (0..)
        .map(|i| format!("app/a{i}"))
        .find(|n| bucket(id, n) != taken)
        .unwrap();
    let b = (0..)
        .map(|i| format!("app/b{i}"))
        .find(|n| bucket(id, n) != taken && bucket(id, n) != bucket(id, &a))
        .unwrap();
    (a, b)
}

/// No conflict marker in any file of the work tree's store, ever.
fn no_markers(m: &Member) {
    for (name, bytes) in snapshot(&m.store()) {
        for marker in [&b"<<<<<<<"[..], b">>>>>>>", b"|||||||"] {
            assert!(
                !contains(&bytes, marker),
                "{}: conflict marker in {name}",
                m.name
            );
        }
    }
    let vault = m.store().join("vault");
    for (name, bytes) in snapshot(&vault) {
        assert!(!contains(&bytes, b"<<<<<<<"), "marker in vault/{name}");
    }
}

/// `git status` shows nothing of the store left behind.
fn clean(m: &Member) {
    let st = m.git(&["status", "--porcelain", "--ignored", "-uall"]);
    assert!(st.is_empty(), "{}: {st}", m.name);
}

#[test]
fn different_secrets_merge_through_plain_git_pull() {
    let Some(t) = team(true) else { return };
    let (a, b) = two_names(&store_id(&t.alice));
    t.alice.set(&a, "alice-value");
    t.alice.commit_all("alice");
    t.alice.git(&["push", "-q"]);
    t.bob.set(&b, "bob-value");
    t.bob.commit_all("bob");
    let pulled = t
        .bob
        .git_with(&["pull", "-q", "--no-rebase", "--no-edit"], true);
    assert_success(&pulled);
    no_markers(&t.bob);
    clean(&t.bob);
    // A merge commit with two parents, whose manifest lists both sides.
    let parents = t.bob.git(&["rev-list", "--parents", "-n", "1", "HEAD"]);
    assert_eq!(parents.split(' ').count(), 3, "{parents}");
    assert_eq!(t.bob.get(&a), "alice-value");
    assert_eq!(t.bob.get(&b), "bob-value");
    assert_eq!(t.bob.get("shared/base"), "base-value");
    t.bob.git(&["push", "-q"]);
    // Alice fast-forwards and reads both, as does the owner.
    t.alice.git(&["pull", "-q", "--no-rebase"]);
    assert_eq!(t.alice.get(&b), "bob-value");
    t.owner.git(&["pull", "-q", "--no-rebase"]);
    assert_eq!(t.owner.get(&a), "alice-value");
    assert_eq!(t.owner.get(&b), "bob-value");
}

#[test]
fn different_secrets_merge_through_git_pull_rebase() {
    let Some(t) = team(true) else { return };
    let (a, b) = two_names(&store_id(&t.alice));
    t.alice.set(&a, "alice-value");
    t.alice.commit_all("alice");
    t.alice.git(&["push", "-q"]);
    t.bob.set(&b, "bob-value");
    t.bob.commit_all("bob");
    let pulled = t.bob.git_with(&["pull", "-q", "--rebase"], true);
    assert_success(&pulled);
    no_markers(&t.bob);
    assert_eq!(t.bob.get(&a), "alice-value");
    assert_eq!(t.bob.get(&b), "bob-value");
}

/// Alice and bob both set `db/password`; bob merges.
fn same_secret_on_both_sides(t: &Team) {
    t.alice.set("db/password", "from-alice");
    t.alice.commit_all("alice");
    t.alice.git(&["push", "-q"]);
    t.bob.set("db/password", "from-bob");
    t.bob.commit_all("bob");
}

#[test]
fn the_same_secret_on_both_sides_stops_git_and_resolve_keeps_both_values() {
    let Some(t) = team(true) else { return };
    same_secret_on_both_sides(&t);
    let before = fs::read(t.bob.store().join("manifest")).unwrap();
    let pulled = t
        .bob
        .git_with(&["pull", "-q", "--no-rebase", "--no-edit"], true);
    assert!(!pulled.status.success(), "git merged without new files?");
    let err = String::from_utf8_lossy(&pulled.stderr);
    assert!(err.contains("team resolve"), "{err}");
    let out = String::from_utf8_lossy(&pulled.stdout);
    assert!(out.contains("CONFLICT"), "{out}");
    // git left ours, whole: no markers, nothing half-written.
    assert_eq!(fs::read(t.bob.store().join("manifest")).unwrap(), before);
    no_markers(&t.bob);
    let resolved = t.bob.sesame(&["team", "resolve"], "");
    assert_success(&resolved);
    assert!(
        stderr_of(&resolved).contains("db/password"),
        "{}",
        stderr_of(&resolved)
    );
    t.bob.git(&["commit", "-q", "--no-edit"]);
    clean(&t.bob);
    no_markers(&t.bob);
    let current = t.bob.get("db/password");
    assert!(
        current == "from-alice" || current == "from-bob",
        "{current}"
    );
    let other = if current == "from-alice" {
        "from-bob"
    } else {
        "from-alice"
    };
    // Both values kept: the other one is a previous version.
    let shown = t.bob.sesame(&["--json", "show", "db/password"], "");
    assert_success(&shown);
    let doc: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let versions = doc["versions"].as_array().unwrap();
    // New on both sides: one version each, the loser's numbered after.
    assert_eq!(versions.len(), 2, "{doc}");
    let last = versions
        .iter()
        .map(|v| v["version"].as_u64().unwrap())
        .max()
        .unwrap();
    assert_eq!(t.bob.get_version("db/password", last), other);
    // Flagged: status names it and exits 8.
    let status = t.bob.sesame(&["status"], "");
    assert_eq!(status.status.code(), Some(8), "{}", stderr_of(&status));
    let table = String::from_utf8_lossy(&status.stdout);
    assert!(
        table.contains("merge-conflict") && table.contains("db/password"),
        "{table}"
    );
    // Both authors still verify: nobody re-signed the other's value.
    let shown = t.bob.ok(&["show", "db/password"]);
    assert!(shown.contains("alice") && shown.contains("bob"), "{shown}");
    assert!(!shown.to_lowercase().contains("forged"), "{shown}");
    // Setting the value settles it.
    t.bob.set("db/password", "agreed");
    let status = t.bob.sesame(&["status"], "");
    assert!(!String::from_utf8_lossy(&status.stdout).contains("merge-conflict"));
}

impl Member {
    fn get_version(&self, name: &str, n: u64) -> String {
        self.ok(&["get", name, "--version", &n.to_string()])
            .trim_end()
            .to_owned()
    }
}

#[test]
fn merging_is_the_same_whoever_merges() {
    let Some(t) = team(true) else { return };
    same_secret_on_both_sides(&t);
    // Alice merges bob's branch, bob merges alice's, each with resolve.
    t.bob.git(&["push", "-q", "origin", "HEAD:refs/heads/bob"]);
    t.alice.git(&["fetch", "-q", "origin"]);
    let _ = t
        .alice
        .git_with(&["merge", "-q", "--no-edit", "origin/bob"], true);
    assert_success(&t.alice.sesame(&["team", "resolve"], ""));
    t.bob.git(&["fetch", "-q", "origin"]);
    let _ = t
        .bob
        .git_with(&["merge", "-q", "--no-edit", "origin/main"], true);
    assert_success(&t.bob.sesame(&["team", "resolve"], ""));
    assert_eq!(t.alice.get("db/password"), t.bob.get("db/password"));
    let show = |m: &Member| {
        let mut v: serde_json::Value =
            serde_json::from_str(&m.ok(&["--json", "show", "db/password"])).unwrap();
        v.as_object_mut().unwrap().remove("updated");
        v
    };
    assert_eq!(show(&t.alice), show(&t.bob));
}

#[test]
fn without_an_unlock_the_driver_fails_cleanly_and_resolve_finishes() {
    let Some(t) = team(true) else { return };
    let (a, b) = two_names(&store_id(&t.alice));
    t.alice.set(&a, "alice-value");
    t.alice.commit_all("alice");
    t.alice.git(&["push", "-q"]);
    t.bob.set(&b, "bob-value");
    t.bob.commit_all("bob");
    let pulled = t
        .bob
        .git_with(&["pull", "-q", "--no-rebase", "--no-edit"], false);
    assert!(!pulled.status.success());
    let err = String::from_utf8_lossy(&pulled.stderr);
    let ours: Vec<&str> = err.lines().filter(|l| l.starts_with("sesame")).collect();
    assert_eq!(ours.len(), 1, "{err}");
    assert!(ours[0].contains("locked"), "{err}");
    no_markers(&t.bob);
    assert_success(&t.bob.sesame(&["team", "resolve"], ""));
    t.bob.git(&["commit", "-q", "--no-edit"]);
    clean(&t.bob);
    assert_eq!(t.bob.get(&a), "alice-value");
    assert_eq!(t.bob.get(&b), "bob-value");
}

#[test]
fn a_clone_without_the_driver_never_gets_conflict_markers() {
    let Some(t) = team(false) else { return };
    same_secret_on_both_sides(&t);
    let before = fs::read(t.bob.store().join("manifest")).unwrap();
    let pulled = t
        .bob
        .git_with(&["pull", "-q", "--no-rebase", "--no-edit"], true);
    assert!(!pulled.status.success());
    no_markers(&t.bob);
    assert_eq!(fs::read(t.bob.store().join("manifest")).unwrap(), before);
    assert_success(&t.bob.sesame(&["team", "resolve"], ""));
    t.bob.git(&["commit", "-q", "--no-edit"]);
    no_markers(&t.bob);
    let v = t.bob.get("db/password");
    assert!(v == "from-alice" || v == "from-bob");
    // Rebase too.
    t.alice.set("db/password", "alice-2");
    t.alice.commit_all("alice 2");
    t.alice.git(&["pull", "-q", "--rebase"]);
    no_markers(&t.alice);
}

#[test]
fn a_revocation_wins_over_a_concurrent_change() {
    let Some(t) = team(true) else { return };
    t.owner.git(&["pull", "-q"]);
    // The owner revokes the only value; alice concurrently adds a new one.
    assert_success(&t.owner.sesame(&["revoke", "shared/base", "--yes"], ""));
    t.owner.commit_all("revoke");
    t.owner.git(&["push", "-q"]);
    t.alice.set("shared/base", "alice-new");
    t.alice.commit_all("alice");
    let _ = t
        .alice
        .git_with(&["pull", "-q", "--no-rebase", "--no-edit"], true);
    if t.alice.git(&["ls-files", "-u"]).is_empty() {
        // merged by the driver
    } else {
        assert_success(&t.alice.sesame(&["team", "resolve"], ""));
        t.alice.git(&["commit", "-q", "--no-edit"]);
    }
    no_markers(&t.alice);
    let old = t
        .alice
        .sesame(&["get", "shared/base", "--version", "1"], "");
    assert_eq!(old.status.code(), Some(6), "{}", stderr_of(&old));
    assert!(!contains(&old.stdout, b"base-value"));
    assert_eq!(t.alice.get("shared/base"), "alice-new");
    // The wiped value is in no bucket the merged manifest names.
    let manifest = fs::read_to_string(t.alice.store().join("manifest")).unwrap();
    assert!(!manifest.contains("base-value"));
}

#[test]
fn sync_merges_commits_and_pushes() {
    let Some(t) = team(true) else { return };
    let (a, b) = two_names(&store_id(&t.alice));
    t.alice.set(&a, "alice-value");
    assert_success(&t.alice.sesame(&["sync"], ""));
    t.bob.set(&b, "bob-value");
    t.bob.set("db/password", "from-bob");
    let synced = t.bob.sesame(&["sync"], "");
    assert_success(&synced);
    clean(&t.bob);
    assert_eq!(t.bob.get(&a), "alice-value");
    // Same secret on both sides through sync: no stop, both kept.
    t.alice.set("db/password", "from-alice");
    let synced = t.alice.sesame(&["sync"], "");
    assert_success(&synced);
    clean(&t.alice);
    no_markers(&t.alice);
    assert_eq!(t.alice.get(&b), "bob-value");
    let status = t.alice.sesame(&["status"], "");
    assert!(String::from_utf8_lossy(&status.stdout).contains("merge-conflict"));
    // Alice's audit log records her merge and the secret it flagged.
    let audit = t.alice.ok(&["audit"]);
    assert!(
        audit
            .lines()
            .any(|l| l.contains("merge") && l.contains("db/password")),
        "{audit}"
    );
    // Everyone ends on the same commit and the same values.
    assert_success(&t.bob.sesame(&["sync"], ""));
    assert_success(&t.owner.sesame(&["sync"], ""));
    assert_eq!(t.bob.head(), t.alice.head());
    assert_eq!(t.owner.head(), t.alice.head());
    assert_eq!(t.owner.get("db/password"), t.bob.get("db/password"));
    // Nothing new: nothing changes.
    let head = t.bob.head();
    assert_success(&t.bob.sesame(&["sync"], ""));
    assert_eq!(t.bob.head(), head);
    // git never saw a SESAME_* variable: a hook would have.
    let remote_log = Command::new("git")
        .args(["--git-dir"])
        .arg(&t.remote)
        .args(["log", "--oneline", "main"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&remote_log.stdout).lines().count() >= 4);
}

#[test]
fn git_run_by_sync_never_sees_a_secret_in_its_environment() {
    let Some(t) = team(true) else { return };
    let hook = t.alice.work.join(".git/hooks/pre-push");
    let seen = t.alice.work.join("../env-seen");
    fs::write(
        &hook,
        format!("#!/bin/sh\nenv > '{}'\nexit 0\n", seen.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();
    t.alice.set("x/y", "some-value-here");
    assert_success(&t.alice.sesame(&["sync"], ""));
    let env = fs::read_to_string(&seen).unwrap();
    assert!(!env.contains("SESAME_"), "{env}");
    assert!(!env.contains(&t.alice.unlock.1), "the token reached git");
}

/// Mallory can push but holds no key of the store.
fn mallory_pushes(t: &Team, change: impl FnOnce(&Path)) {
    let dir = t._dir.path().join("mallory");
    assert_success(
        &Command::new("git")
            .args(["clone", "-q"])
            .arg(&t.remote)
            .arg(&dir)
            .output()
            .unwrap(),
    );
    change(&dir.join(STORE));
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=m", "-c", "user.email=m@example.com"])
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert_success(&out);
    };
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "routine update"]);
    git(&["push", "-q"]);
}

fn refused_sync(m: &Member) {
    let head = m.head();
    let before = snapshot(&m.store());
    let out = m.sesame(&["sync"], "");
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert_eq!(m.head(), head, "something was merged");
    assert_eq!(snapshot(&m.store()), before);
    assert!(m.git(&["ls-files", "-u"]).is_empty());
}

#[test]
fn a_rogue_commit_adding_a_member_is_refused_by_sync() {
    let Some(t) = team(true) else { return };
    let stranger = sesame::crypto::Identity::generate();
    let key = {
        use age::secrecy::ExposeSecret;
        stranger.secret_string().expose_secret().to_owned()
    };
    mallory_pushes(&t, |store| {
        // Mallory signs a manifest with a member list naming herself.
        let path = store.join("manifest");
        let mut v: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        let me = v["members"]["list"]["members"][1].clone();
        let mut added = me.clone();
        added["id"] = "00ff00ff00ff00ff".into();
        added["recipient"] = stranger.public().into();
        v["members"]["list"]["members"]
            .as_array_mut()
            .unwrap()
            .push(added);
        fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
        let forged = sesame::vault::forge_manifest(&fs::read(&path).unwrap(), &key, &[]).unwrap();
        fs::write(&path, forged).unwrap();
    });
    refused_sync(&t.bob);
}

#[test]
fn a_rogue_commit_replacing_vault_data_is_refused_by_sync() {
    let Some(t) = team(true) else { return };
    mallory_pushes(&t, |store| {
        // A file the current manifest names (others are old, never read).
        let v: serde_json::Value =
            serde_json::from_slice(&fs::read(store.join("manifest")).unwrap()).unwrap();
        let (_, d) = v["header"]["buckets"]
            .as_object()
            .unwrap()
            .iter()
            .next()
            .unwrap();
        let file = store.join(format!("vault/{}.age", d.as_str().unwrap()));
        let mut bytes = fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        fs::write(&file, bytes).unwrap();
    });
    refused_sync(&t.alice);
}

#[test]
fn the_diff_driver_shows_names_and_authors_never_values() {
    let Some(t) = team(true) else { return };
    t.alice.set("api/token", "value-never-shown-1");
    t.alice.commit_all("alice");
    t.alice.set("api/token", "value-never-shown-2");
    let diff = t.alice.git(&["diff"]);
    assert!(diff.contains("api/token"), "{diff}");
    assert!(diff.contains("generation"), "{diff}");
    assert!(diff.contains("alice"), "{diff}");
    assert!(!diff.contains("value-never-shown"), "{diff}");
    t.alice.commit_all("alice 2");
    let log = t.alice.git(&["log", "-p"]);
    assert!(log.contains("api/token"), "{log}");
    assert!(log.contains("v2 active"), "{log}");
    assert!(!log.contains("value-never-shown"), "{log}");
    // Locked: only the public facts.
    let locked = t.alice.git_with(&["log", "-p"], false);
    assert_success(&locked);
    let text = String::from_utf8_lossy(&locked.stdout);
    assert!(
        text.contains("generation") && text.contains("buckets:"),
        "{text}"
    );
    assert!(text.contains("members"), "{text}");
    assert!(!text.contains("api/token"), "{text}");
    assert!(!text.contains("value-never-shown"), "{text}");
}

#[test]
fn a_member_removed_on_one_side_gets_nothing_from_the_merge() {
    let Some(t) = team(true) else { return };
    let (a, _) = two_names(&store_id(&t.alice));
    t.owner.git(&["pull", "-q"]);
    // The owner removes bob; alice, concurrently, stores a new secret.
    assert_success(&t.owner.sesame(&["recipients", "remove", "bob"], ""));
    assert_success(&t.owner.sesame(&["sync"], ""));
    t.alice.set(&a, "after-bob-left");
    let synced = t.alice.sesame(&["sync"], "");
    assert_success(&synced);
    no_markers(&t.alice);
    assert_eq!(t.alice.get(&a), "after-bob-left");
    // The merged list is the owner's, as signed: bob is revoked in it, and no
    // bucket of the merged manifest is encrypted to him.
    let listed = t.alice.ok(&["--json", "recipients", "list"]);
    assert!(!listed.contains("\"bob\""), "{listed}");
    t.bob.git(&["pull", "-q", "--no-rebase", "--no-edit"]);
    let out = t.bob.sesame(&["get", &a], "");
    assert!(!out.status.success(), "a removed member read the merge");
    assert!(!contains(&out.stdout, b"after-bob-left"));
    assert_success(&t.owner.sesame(&["sync"], ""));
    assert_eq!(t.owner.get(&a), "after-bob-left");
}

#[test]
fn a_rogue_commit_pulled_with_plain_git_is_never_merged_by_the_driver() {
    let Some(t) = team(true) else { return };
    mallory_pushes(&t, |store| {
        // A value "changed" with the reference format: the manifest's digest
        // of a bucket replaced, signed by nobody the store trusts.
        let path = store.join("manifest");
        let text = fs::read_to_string(&path).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let (_, d) = v["header"]["buckets"]
            .as_object()
            .unwrap()
            .iter()
            .next()
            .unwrap();
        let d = d.as_str().unwrap().to_owned();
        let fake = "ab".repeat(32);
        fs::write(&path, text.replace(&d, &fake)).unwrap();
        fs::copy(
            store.join(format!("vault/{d}.age")),
            store.join(format!("vault/{fake}.age")),
        )
        .unwrap();
    });
    // Bob has a change of his own, so git needs the driver for the manifest.
    t.bob.set("bob/own", "bob-value");
    t.bob.commit_all("bob");
    let before = fs::read(t.bob.store().join("manifest")).unwrap();
    let pulled = t
        .bob
        .git_with(&["pull", "-q", "--no-rebase", "--no-edit"], true);
    assert!(!pulled.status.success());
    assert!(
        String::from_utf8_lossy(&pulled.stderr).contains("signature"),
        "{}",
        String::from_utf8_lossy(&pulled.stderr)
    );
    assert_eq!(fs::read(t.bob.store().join("manifest")).unwrap(), before);
    no_markers(&t.bob);
    // And resolve refuses it too (exit 5), writing nothing.
    let out = t.bob.sesame(&["team", "resolve"], "");
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert_eq!(fs::read(t.bob.store().join("manifest")).unwrap(), before);
}

#[test]
fn the_diff_driver_escapes_what_a_manifest_holds() {
    let sb = Sandbox::init();
    sb.set("x", "value-x");
    let mut v: serde_json::Value =
        serde_json::from_slice(&fs::read(sb.file("manifest")).unwrap()).unwrap();
    v["members"]["list"]["members"][0]["name"] = "\u{1b}]0;owned\u{7}\u{1b}[31mevil".into();
    let file = sb.dir.path().join("crafted");
    fs::write(&file, serde_json::to_vec(&v).unwrap()).unwrap();
    for unlocked in [false, true] {
        let mut c = if unlocked { sb.cmd() } else { sb.cmd_locked() };
        let out = c.args(["team", "diff-driver"]).arg(&file).output().unwrap();
        assert_success(&out);
        assert!(
            !out.stdout.contains(&0x1b),
            "{:?}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(!contains(&out.stdout, b"value-x"));
    }
}

#[test]
fn member_lists_changed_on_both_sides_are_joined_only_by_an_admin() {
    let Some(t) = team(true) else { return };
    // A second admin's laptop, its own home and clone.
    let laptop = person(t._dir.path(), "laptop");
    clone(&t.remote, &laptop);
    let request = join(&laptop, &t.fingerprint);
    t.owner
        .ok(&["member", "add", "laptop", &request, "--role", "admin"]);
    t.owner.commit_all("a second admin");
    t.owner.git(&["push", "-q"]);
    laptop.git(&["pull", "-q"]);
    // Here carol joins; on the laptop, bob leaves.
    let carol = token(&t.owner, "carol");
    t.owner.commit_all("carol joins");
    t.owner.git(&["push", "-q"]);
    assert_success(&laptop.sesame(&["member", "remove", "bob"], ""));
    laptop.commit_all("bob leaves");
    // A writer cannot sign the two lists together: refused, nothing written.
    t.alice.git(&["fetch", "-q"]);
    t.alice.git(&["pull", "-q"]);
    laptop.git(&["push", "-q", "origin", "HEAD:refs/heads/laptop"]);
    t.alice.git(&["fetch", "-q", "origin"]);
    let merged = t
        .alice
        .git_with(&["merge", "-q", "--no-edit", "origin/laptop"], true);
    assert!(!merged.status.success());
    let out = t.alice.sesame(&["team", "resolve"], "");
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("only an admin"),
        "{}",
        stderr_of(&out)
    );
    t.alice.git(&["merge", "--abort"]);
    // The admin's laptop syncs: carol stays, bob stays out.
    assert_success(&laptop.sesame(&["sync"], ""));
    no_markers(&laptop);
    let list = laptop.ok(&["--json", "recipients", "list"]);
    assert!(list.contains("carol"), "{list}");
    assert!(!list.contains("\"bob\""), "{list}");
    let mut c = Command::new("setsid");
    c.arg("-w").arg(sesame_bin()).args(["get", "shared/base"]);
    laptop.env(&mut c, false).env("SESAME_IDENTITY", &carol);
    let got = c.output().unwrap();
    assert_success(&got);
    assert_eq!(String::from_utf8_lossy(&got.stdout).trim(), "base-value");
    t.bob.git(&["pull", "-q"]);
    let out = t.bob.sesame(&["get", "shared/base"], "");
    assert!(!out.status.success(), "bob still reads after leaving");
}
