//! Team stores (issue 15, members): real git repositories, each member in a
//! sandbox of their own (HOME, identity, password), `git status` checked
//! after every command so that no personal file ever shows up in it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::*;

/// One member: a sandbox whose store is `repo/.sesame` in their clone.
pub(crate) struct Member {
    pub(crate) sb: Sandbox,
    pub(crate) repo: PathBuf,
}

fn git_ok(sb: &Sandbox, dir: &Path, args: &[&str]) -> String {
    let mut c = Command::new("git");
    sb.isolate(&mut c)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .args(args);
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

impl Member {
    /// A member whose clone of `origin` (or, with `None`, a new repository)
    /// is `repo/`.
    pub(crate) fn new(origin: Option<&Path>) -> Member {
        let mut sb = Sandbox::new();
        let repo = sb.dir.path().join("repo");
        match origin {
            Some(o) => {
                git_ok(
                    &sb,
                    sb.dir.path(),
                    &["clone", "-q", &o.to_string_lossy(), "repo"],
                );
            }
            None => {
                git_ok(&sb, sb.dir.path(), &["init", "-q", "-b", "main", "repo"]);
            }
        }
        sb.store = repo.join(".sesame");
        Member { sb, repo }
    }

    pub(crate) fn git(&self, args: &[&str]) -> String {
        git_ok(&self.sb, &self.repo, args)
    }

    /// `sesame ARGS` with the password and stdin, asserting `code`; then the
    /// check that nothing personal is in the work tree.
    pub(crate) fn run(&self, args: &[&str], stdin: &str, code: i32) -> std::process::Output {
        let out = self
            .sb
            .cmd()
            .args(args)
            .write_stdin(stdin)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "sesame {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.nothing_personal(args);
        out
    }

    pub(crate) fn ok(&self, args: &[&str]) -> String {
        String::from_utf8(self.run(args, "", 0).stdout).unwrap()
    }

    /// `git status --porcelain --ignored` names only shared store files,
    /// and no personal file exists anywhere in the work tree.
    fn nothing_personal(&self, after: &[&str]) {
        let status = self.git(&["status", "--porcelain", "--ignored", "-uall"]);
        for line in status.lines() {
            let path = line[3..].trim_matches('"');
            let shared = ["manifest", "recipients", ".gitattributes"]
                .iter()
                .any(|f| path == format!(".sesame/{f}"))
                || (path.starts_with(".sesame/vault/") && path.ends_with(".age"));
            assert!(shared, "after {after:?}, git status shows {line:?}");
        }
        let mut stack = vec![self.repo.clone()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let e = e.unwrap();
                let name = e.file_name().to_string_lossy().into_owned();
                if name == ".git" {
                    continue;
                }
                assert!(
                    !["identity.age", "lock", "manifest.bak"].contains(&name.as_str())
                        && !name.starts_with("audit."),
                    "after {after:?}: personal file {} in the work tree",
                    e.path().display()
                );
                if e.file_type().unwrap().is_dir() {
                    stack.push(e.path());
                }
            }
        }
    }

    pub(crate) fn commit_and_push(&self, msg: &str) {
        self.git(&["add", "-A", "."]);
        self.git(&["commit", "-q", "-m", msg]);
        self.git(&["push", "-q", "origin", "HEAD"]);
    }

    pub(crate) fn pull(&self) {
        self.git(&["pull", "-q", "--no-rebase", "origin", "main"]);
    }
}

/// A bare origin repository in its own temp dir.
pub(crate) fn origin() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("origin.git");
    let out = Command::new("git")
        .args(["init", "-q", "--bare", "-b", "main"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    (dir, path)
}

/// Alice makes the team store and pushes it: (alice, fingerprint, recovery key).
pub(crate) fn founded(origin: &Path) -> (Member, String, String) {
    let alice = Member::new(None);
    alice.git(&["remote", "add", "origin", &origin.to_string_lossy()]);
    let out = alice.ok(&["team", "init", "--name", "alice", "--work-factor", "10"]);
    let mut lines = out.lines();
    let fingerprint = lines.next().unwrap().to_owned();
    let recovery = lines.next().unwrap().to_owned();
    assert_eq!(fingerprint.len(), 64, "{out}");
    assert!(recovery.starts_with("AGE-SECRET-KEY-1"), "{out}");
    alice.commit_and_push("team store");
    (alice, fingerprint, recovery)
}

/// `member` joins with `fingerprint` and returns the join request.
pub(crate) fn join(member: &Member, name: &str, fingerprint: &str) -> String {
    let out = member.ok(&[
        "team",
        "join",
        "--admin",
        fingerprint,
        "--name",
        name,
        "--work-factor",
        "10",
    ]);
    let request = out.trim().to_owned();
    assert!(request.starts_with("SESAME-JOIN-1"), "{out}");
    request
}

pub(crate) fn have_git() -> bool {
    require_program("git", "team stores live in git repositories")
}

#[test]
fn two_laptops_from_init_to_a_removed_member() {
    if !have_git() {
        return;
    }
    let (_o, origin) = origin();
    let (alice, fingerprint, _) = founded(&origin);
    // The drivers are registered and the committed attributes keep git's
    // text merge away from every store file.
    let attrs = fs::read_to_string(alice.repo.join(".sesame/.gitattributes")).unwrap();
    assert!(attrs.contains("\nmanifest -merge diff=sesame\n"), "{attrs}");
    assert!(
        attrs.contains("\nvault/*.age -merge -diff -text\n"),
        "{attrs}"
    );
    assert!(attrs.contains("\nrecipients -merge\n"), "{attrs}");
    assert!(
        alice
            .git(&["config", "--local", "merge.sesame.driver"])
            .contains("team merge-driver %O %A %B %P")
    );
    let info = fs::read_to_string(alice.repo.join(".git/info/attributes")).unwrap();
    assert!(
        info.contains("/.sesame/manifest merge=sesame diff=sesame"),
        "{info}"
    );

    alice.run(&["set", "db/password"], "hunter2", 0);
    alice.run(&["generate", "api/token", "--length", "24"], "", 0);
    alice.commit_and_push("two secrets");

    let bob = Member::new(Some(&origin));
    let request = join(&bob, "bob", &fingerprint);
    // Not a member yet: bob cannot read.
    bob.run(&["get", "db/password"], "", 3);
    // Joining again prints the same request (and changes nothing).
    assert_eq!(join(&bob, "bob", &fingerprint), request);

    alice.run(&["member", "add", "bob", &request], "", 0);
    // CI: a token that carries the store id and the admins' keys.
    let token = alice.ok(&["recipients", "add", "--generate-ci", "deploy"]);
    alice.commit_and_push("add bob and CI");
    let ci = Member::new(Some(&origin));
    let out = ci
        .sb
        .cmd_locked()
        .env("SESAME_IDENTITY", token.trim())
        .args(["get", "-n", "db/password"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, b"hunter2");
    ci.nothing_personal(&["get (CI)"]);
    assert!(
        ci.sb.home.join(".local/share/sesame/teams").is_dir(),
        "the CI job's log is its own"
    );
    bob.pull();
    assert_eq!(bob.ok(&["get", "-n", "db/password"]), "hunter2");

    // bob writes; alice sees bob named as the author.
    bob.run(&["set", "bob/key"], "bobs-value", 0);
    bob.commit_and_push("bob's secret");
    alice.pull();
    assert_eq!(alice.ok(&["get", "-n", "bob/key"]), "bobs-value");
    let show = alice.ok(&["show", "bob/key"]);
    assert!(show.contains("bob"), "{show}");
    // Each member's audit log holds that member's actions, and verifies.
    let bobs = bob.ok(&["--json", "audit"]);
    let alices = alice.ok(&["--json", "audit"]);
    assert!(
        bobs.contains("bob/key") && !bobs.contains("api/token"),
        "{bobs}"
    );
    assert!(
        alices.contains("api/token") && alices.contains("\"get\""),
        "{alices}"
    );
    let sets_of = |log: &str| -> Vec<String> {
        log.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|r| r["action"] == "set")
            .map(|r| r["secrets"][0]["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(sets_of(&bobs), ["bob/key"]);
    assert_eq!(sets_of(&alices), ["db/password"]);
    bob.ok(&["audit", "verify"]);
    alice.ok(&["audit", "verify"]);
    // A writer may not change the member list.
    let carol = Member::new(Some(&origin));
    let out = carol.run(&["get", "db/password"], "", 3);
    assert!(String::from_utf8_lossy(&out.stderr).contains("sesame team join --admin"));
    let carol_request = join(&carol, "carol", &fingerprint);
    bob.run(&["member", "add", "carol", &carol_request], "", 3);

    let list = alice.sb.json(["member", "list"]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alice", "recovery", "bob", "deploy"]);
    assert_eq!(list[0]["fingerprint"], fingerprint.as_str());
    assert_eq!(list[2]["role"], "writer");
    assert_eq!(list[3]["role"], "reader");

    // Removal: bob's key opens nothing new, and what he could read is due.
    alice.run(&["member", "remove", "bob"], "", 0);
    let status = alice.run(&["status"], "", 8);
    let text = String::from_utf8_lossy(&status.stdout);
    for name in ["db/password", "api/token", "bob/key"] {
        assert!(
            text.lines().any(|l| l.starts_with("exposed")
                && l.contains(name)
                && l.contains("removed member bob")),
            "{text}"
        );
    }
    // rotate --due rotates the generated one; the others need a person.
    let rotated = alice.run(&["rotate", "--due"], "", 8);
    let err = String::from_utf8_lossy(&rotated.stderr);
    assert!(err.contains("Rotated api/token"), "{err}");
    assert!(
        err.contains("db/password was due") && err.contains("removed member bob"),
        "{err}"
    );
    alice.run(&["rotate", "db/password", "--stdin"], "new-hunter", 0);
    alice.run(&["rotate", "bob/key", "--stdin"], "new-bob", 0);
    let after = alice.run(&["status"], "", 0);
    assert!(!String::from_utf8_lossy(&after.stdout).contains("exposed"));
    alice.commit_and_push("remove bob, rotate");
    bob.pull();
    bob.run(&["get", "db/password"], "", 3);
    bob.run(&["set", "x"], "y", 3);
    let members = alice.sb.json(["member", "list"]);
    assert_eq!(members[2]["revoked"], true);
    assert!(members[2]["removed"].is_string());
}

#[test]
fn joining_trusts_only_the_fingerprint_given_out_of_band() {
    if !have_git() {
        return;
    }
    let (_o, origin) = origin();
    let (_alice, fingerprint, _) = founded(&origin);
    let bob = Member::new(Some(&origin));
    let wrong = "ab".repeat(32);
    let out = bob.run(
        &[
            "team",
            "join",
            "--admin",
            &wrong,
            "--name",
            "bob",
            "--work-factor",
            "10",
        ],
        "",
        5,
    );
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("not by the admin whose fingerprint you gave")
    );
    assert!(!bob.sb.home.join(".local/share/sesame/teams").exists());
    bob.run(
        &["team", "join", "--admin", "not-hex", "--name", "bob"],
        "",
        2,
    );

    // Mallory, with push access and no key of the store, replaces the member
    // list with one of her own: nobody who pinned alice accepts it.
    let mallory = Member::new(Some(&origin));
    let scratch = Member::new(None);
    scratch.ok(&[
        "team",
        "init",
        "--name",
        "alice",
        "--work-factor",
        "10",
        "--no-recovery",
    ]);
    fs::copy(
        scratch.repo.join(".sesame/manifest"),
        mallory.repo.join(".sesame/manifest"),
    )
    .unwrap();
    mallory.commit_and_push("rogue member list");
    let carol = Member::new(Some(&origin));
    carol.run(
        &[
            "team",
            "join",
            "--admin",
            &fingerprint,
            "--name",
            "carol",
            "--work-factor",
            "10",
        ],
        "",
        5,
    );
}

#[test]
fn a_rogue_commit_is_refused_by_members() {
    if !have_git() {
        return;
    }
    let (_o, origin) = origin();
    let (alice, _, _) = founded(&origin);
    alice.run(&["set", "db/password"], "hunter2", 0);
    alice.commit_and_push("secret");
    // Someone with push access makes a store of their own and pushes its
    // manifest over alice's: her next read refuses it, exit 5.
    let mallory = Member::new(Some(&origin));
    let scratch = Member::new(None);
    scratch.ok(&[
        "team",
        "init",
        "--name",
        "mallory",
        "--work-factor",
        "10",
        "--no-recovery",
    ]);
    fs::copy(
        scratch.repo.join(".sesame/manifest"),
        mallory.repo.join(".sesame/manifest"),
    )
    .unwrap();
    mallory.commit_and_push("rogue");
    alice.pull();
    let out = alice.run(&["get", "db/password"], "", 5);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("belongs to store"), "{err}");
    alice.run(&["set", "db/password"], "evil", 5);
}

#[test]
fn the_recovery_key_makes_a_new_laptop_an_admin() {
    if !have_git() {
        return;
    }
    let (_o, origin) = origin();
    let (alice, fingerprint, recovery) = founded(&origin);
    alice.run(&["set", "db/password"], "hunter2", 0);
    alice.commit_and_push("secret");
    drop(alice); // the laptop is lost, and her identity with it

    let new = Member::new(Some(&origin));
    let out = new.run(
        &[
            "team",
            "join",
            "--admin",
            &fingerprint,
            "--recover",
            "--name",
            "alice",
            "--work-factor",
            "10",
        ],
        &recovery,
        0,
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("SESAME-JOIN-1"));
    assert_eq!(new.ok(&["get", "-n", "db/password"]), "hunter2");
    // An admin again: it replaces alice's lost key with a new one.
    let laptop = Member::new(Some(&origin));
    let request = join(&laptop, "alice", &fingerprint);
    new.run(&["member", "replace", "alice", &request], "", 0);
    new.commit_and_push("alice's new laptop");
    laptop.pull();
    assert_eq!(laptop.ok(&["get", "-n", "db/password"]), "hunter2");
    // A bad key on stdin is refused before anything is written.
    let other = Member::new(Some(&origin));
    other.run(
        &[
            "team",
            "join",
            "--admin",
            &fingerprint,
            "--recover",
            "--name",
            "x",
        ],
        "not a key",
        2,
    );
}

#[test]
fn a_single_user_store_moves_into_a_team_with_its_history() {
    if !have_git() {
        return;
    }
    let single = Sandbox::init();
    single.set("db/password", "v1");
    single.set("db/password", "v2");
    single.set_with(
        "api/token",
        [
            "--description",
            "from the old store",
            "--rotate-command",
            "echo new",
        ],
        "tok",
    );
    let member = Member::new(None);
    // Same HOME, so the old store's pins and password are at hand.
    let team = {
        let mut sb = Sandbox::new();
        sb.home = single.home.clone();
        sb.store = member.repo.join(".sesame");
        Member {
            sb,
            repo: member.repo.clone(),
        }
    };
    let from = single.store.to_string_lossy().into_owned();
    let out = team.ok(&["team", "init", "--from", &from, "--name", "alice"]);
    assert_eq!(
        out.lines().count(),
        1,
        "a fingerprint, no recovery key: {out}"
    );
    assert_eq!(team.ok(&["get", "-n", "db/password"]), "v2");
    let show = team.sb.json(["show", "db/password"]);
    assert_eq!(show["versions"].as_array().unwrap().len(), 2, "{show}");
    let token = team.sb.json(["show", "api/token"]);
    let text = token.to_string();
    assert!(
        text.contains("from the old store") && text.contains("echo new"),
        "{text}"
    );
    assert!(text.contains("\"authors\""), "{text}");
    team.run(&["set", "new/one"], "n", 0);
    let members = team.sb.json(["member", "list"]);
    assert_eq!(members[0]["name"], "alice", "{members}");
    // The old store is left as it was.
    assert_eq!(single.get("db/password"), "v2");
    single.exits(["get", "new/one"], 4);
}

#[test]
fn a_tampered_join_request_is_refused() {
    if !have_git() {
        return;
    }
    let (_o, origin) = origin();
    let (alice, fingerprint, _) = founded(&origin);
    let bob = Member::new(Some(&origin));
    let request = join(&bob, "bob", &fingerprint);
    // The name is part of what the request's key signed.
    alice.run(&["member", "add", "mallory", &request], "", 2);
    let mut bytes = request.into_bytes();
    let n = bytes.len() - 10;
    bytes[n] = if bytes[n] == b'A' { b'B' } else { b'A' };
    let bad = String::from_utf8(bytes).unwrap();
    alice.run(&["member", "add", "bob", &bad], "", 2);
    alice.run(&["member", "remove", "alice"], "", 2);
    alice.run(&["member", "remove", "nobody"], "", 2);
}

/// Copy the shared store files of `from`'s work tree over `to`'s, as anyone
/// with push access can.
fn copy_store(from: &Member, to: &Member) {
    let (src, dst) = (from.repo.join(".sesame"), to.repo.join(".sesame"));
    fs::copy(src.join("manifest"), dst.join("manifest")).unwrap();
    fs::create_dir_all(dst.join("vault")).unwrap();
    for e in fs::read_dir(src.join("vault")).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), dst.join("vault").join(e.file_name())).unwrap();
    }
}

#[test]
fn pins_follow_admin_signed_changes_and_drop_a_removed_admin() {
    if !have_git() {
        return;
    }
    let (_o, origin) = origin();
    let (alice, fingerprint, _) = founded(&origin);
    alice.run(&["set", "db/password"], "hunter2", 0);
    let bob = Member::new(Some(&origin));
    let carol = Member::new(Some(&origin));
    let dave = Member::new(Some(&origin));
    alice.commit_and_push("secret");
    for (m, name) in [(&bob, "bob"), (&carol, "carol"), (&dave, "dave")] {
        m.pull();
        let request = join(m, name, &fingerprint);
        let role = if name == "carol" { "admin" } else { "writer" };
        let request_file = alice.sb.dir.path().join(format!("{name}.req"));
        fs::write(&request_file, &request).unwrap();
        alice.run(
            &[
                "member",
                "add",
                name,
                &request_file.to_string_lossy(),
                "--role",
                role,
            ],
            "",
            0,
        );
    }
    alice.commit_and_push("bob, carol (admin), dave");
    // carol, introduced by alice, removes dave; bob, who has not read since
    // he joined (he pinned alice alone), follows: alice vouched for carol.
    carol.pull();
    carol.run(&["member", "remove", "dave"], "", 0);
    carol.commit_and_push("carol removes dave");
    bob.pull();
    assert_eq!(bob.ok(&["get", "-n", "db/password"]), "hunter2");
    // alice rekeys: her new key signs from now on, and bob follows again.
    alice.pull();
    let out = alice
        .sb
        .cmd()
        .env("SESAME_NEW_PASSWORD", "another long password")
        .args(["rekey", "--work-factor", "10"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    alice.nothing_personal(&["rekey"]);
    alice.commit_and_push("alice rekeyed");
    bob.pull();
    assert_eq!(bob.ok(&["get", "-n", "db/password"]), "hunter2");

    // alice (new key, new password) removes carol; carol, on her copy from
    // before, signs a member list letting mallory in: refused by everyone
    // who saw the removal.
    carol.pull();
    carol.ok(&["get", "-n", "db/password"]);
    let mallory = Member::new(Some(&origin));
    let mallory_request = join(&mallory, "mallory", &fingerprint);
    let new_alice = |args: &[&str], code: i32| {
        let out = alice
            .sb
            .cmd()
            .env("SESAME_PASSWORD", "another long password")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    new_alice(&["member", "remove", "carol"], 0);
    alice.commit_and_push("remove carol");
    bob.pull();
    bob.ok(&["get", "-n", "db/password"]);
    carol.run(
        &[
            "member",
            "add",
            "mallory",
            &mallory_request,
            "--role",
            "admin",
        ],
        "",
        0,
    );
    copy_store(&carol, &alice);
    copy_store(&carol, &bob);
    let out = new_alice(&["get", "db/password"], 5);
    assert!(String::from_utf8_lossy(&out.stderr).contains("never trusted"));
    bob.run(&["get", "db/password"], "", 5);
}

#[test]
fn an_identity_file_pushed_into_a_joined_store_is_never_read() {
    if !have_git() {
        return;
    }
    let (_o, origin) = origin();
    let (alice, _, _) = founded(&origin);
    alice.run(&["set", "db/password"], "hunter2", 0);
    // Someone pushes an identity.age of their own (and no .gitattributes):
    // alice's sesame still takes hers from her personal directory.
    let planted = Sandbox::init();
    fs::copy(
        planted.store.join("identity.age"),
        alice.repo.join(".sesame/identity.age"),
    )
    .unwrap();
    fs::remove_file(alice.repo.join(".sesame/.gitattributes")).unwrap();
    let out = alice
        .sb
        .cmd()
        .args(["get", "-n", "db/password"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, b"hunter2");
}

#[test]
fn an_ssh_key_is_a_members_identity() {
    if !have_git() || !require_program("ssh-keygen", "makes the member's SSH key") {
        return;
    }
    let (_o, origin) = origin();
    let (alice, fingerprint, _) = founded(&origin);
    alice.run(&["set", "db/password"], "hunter2", 0);
    alice.commit_and_push("secret");
    let bob = Member::new(Some(&origin));
    let key = bob.sb.home.join("id_ed25519");
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "bob@laptop", "-f"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(out.status.success());
    let key = key.to_string_lossy().into_owned();
    let out = bob.run(
        &[
            "team",
            "join",
            "--admin",
            &fingerprint,
            "--name",
            "bob",
            "--ssh-key",
            &key,
        ],
        "",
        0,
    );
    let request = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    // No password-wrapped identity: the SSH key is the identity.
    let teams = bob.sb.home.join(".local/share/sesame/teams");
    if let Ok(dirs) = fs::read_dir(&teams) {
        for d in dirs {
            assert!(!d.unwrap().path().join("identity.age").exists());
        }
    }
    alice.run(&["member", "add", "bob", &request], "", 0);
    alice.commit_and_push("add bob (SSH)");
    bob.pull();
    let as_bob = |args: &[&str], stdin: &str| {
        let out = bob
            .sb
            .cmd_locked()
            .env("SESAME_IDENTITY_FILE", &key)
            .args(args)
            .write_stdin(stdin)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        bob.nothing_personal(args);
        out.stdout
    };
    assert_eq!(as_bob(&["get", "-n", "db/password"], ""), b"hunter2");
    as_bob(&["set", "bob/ssh"], "from-ssh");
    bob.commit_and_push("bob writes with his SSH key");
    alice.pull();
    assert_eq!(alice.ok(&["get", "-n", "bob/ssh"]), "from-ssh");
    assert!(alice.ok(&["show", "bob/ssh"]).contains("bob"));
    let members = alice.sb.json(["member", "list"]);
    assert!(
        members[2]["recipient"]
            .as_str()
            .unwrap()
            .starts_with("ssh-ed25519 ")
    );
}

#[test]
fn a_clone_without_the_driver_never_gets_conflict_markers() {
    if !have_git() {
        return;
    }
    let (_o, origin) = origin();
    let (alice, _, _) = founded(&origin);
    alice.run(&["set", "base"], "b", 0);
    alice.commit_and_push("base");
    // A clone where sesame never ran: only the committed .gitattributes.
    let plain = Member::new(Some(&origin));
    // alice's second clone (same HOME, same key) writes on another branch.
    let clone = Member::new(Some(&origin));
    let second = {
        let mut sb = Sandbox::new();
        sb.home = alice.sb.home.clone();
        sb.store = clone.repo.join(".sesame");
        Member {
            sb,
            repo: clone.repo.clone(),
        }
    };
    second.git(&["checkout", "-q", "-b", "other"]);
    second.run(&["set", "from/other"], "o", 0);
    second.git(&["add", "-A", "."]);
    second.git(&["commit", "-q", "-m", "other"]);
    second.git(&["push", "-q", "origin", "other"]);
    alice.run(&["set", "from/main"], "m", 0);
    alice.commit_and_push("main");
    plain.git(&["fetch", "-q", "origin"]);
    plain.git(&["checkout", "-q", "-B", "main", "origin/main"]);
    let mut c = Command::new("git");
    plain
        .sb
        .isolate(&mut c)
        .current_dir(&plain.repo)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .args(["merge", "--no-edit", "origin/other"]);
    let out = c.output().unwrap();
    assert!(!out.status.success(), "the manifests differ: git must stop");
    let manifest = fs::read(plain.repo.join(".sesame/manifest")).unwrap();
    assert!(!contains(&manifest, b"<<<<<<<") && !contains(&manifest, b">>>>>>>"));
    for e in fs::read_dir(plain.repo.join(".sesame/vault")).unwrap() {
        let bytes = fs::read(e.unwrap().path()).unwrap();
        assert!(!contains(&bytes, b"<<<<<<<"));
    }
    // Ours is kept whole, and still verifies for its member.
    let ours = alice.git(&["show", "main:.sesame/manifest"]);
    assert_eq!(String::from_utf8(manifest).unwrap(), ours);
}

/// Three members of a real team store (alice admin, bob writer, carol
/// reader): changes merged through `sync` and through plain `git pull` with
/// the driver, nothing personal in `git status` after any of it, then carol
/// removed on one side while bob writes on the other, merged, and
/// `rotate --due` rotating what carol could read.
#[test]
fn three_members_merge_then_a_removal_is_rotated_after_the_merge() {
    if !have_git() {
        return;
    }
    let (_o, origin) = origin();
    let (alice, fingerprint, _) = founded(&origin);
    alice.git(&["branch", "-q", "--set-upstream-to=origin/main"]);
    alice.run(&["generate", "shared/token", "--length", "24"], "", 0);
    alice.commit_and_push("a secret");
    let bob = Member::new(Some(&origin));
    let carol = Member::new(Some(&origin));
    let to_bob = join(&bob, "bob", &fingerprint);
    let to_carol = join(&carol, "carol", &fingerprint);
    alice.run(&["member", "add", "bob", &to_bob], "", 0);
    alice.run(
        &["member", "add", "carol", &to_carol, "--role", "reader"],
        "",
        0,
    );
    alice.commit_and_push("bob and carol");
    for m in [&bob, &carol] {
        m.pull();
        m.nothing_personal(&["git pull"]);
    }
    // `sync` commits as the user git knows.
    for m in [&alice, &bob, &carol] {
        m.git(&["config", "user.name", "t"]);
        m.git(&["config", "user.email", "t@example.com"]);
    }
    let token = carol.ok(&["get", "-n", "shared/token"]);

    // Different secrets at once, merged by sync on both sides.
    bob.run(&["set", "app/bob"], "from-bob", 0);
    bob.run(&["sync"], "", 0);
    alice.run(&["set", "app/alice"], "from-alice", 0);
    alice.run(&["sync"], "", 0);
    bob.run(&["sync"], "", 0);
    assert_eq!(bob.ok(&["get", "-n", "app/alice"]), "from-alice");
    assert_eq!(alice.ok(&["get", "-n", "app/bob"]), "from-bob");

    // Plain git: bob pushes, alice commits her own change and pulls; the
    // driver (registered by `team init`) merges, or `team resolve` finishes.
    bob.run(&["set", "app/bob2"], "from-bob-2", 0);
    bob.commit_and_push("bob again");
    alice.run(&["set", "app/alice2"], "from-alice-2", 0);
    alice.git(&["add", "-A", "."]);
    alice.git(&["commit", "-q", "-m", "alice again"]);
    let mut c = Command::new("git");
    alice
        .sb
        .isolate(&mut c)
        .current_dir(&alice.repo)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .args(["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"]);
    if !c.output().unwrap().status.success() {
        alice.run(&["team", "resolve"], "", 0);
        alice.git(&["commit", "-q", "--no-edit"]);
    }
    alice.nothing_personal(&["git pull"]);
    assert_eq!(alice.ok(&["get", "-n", "app/bob2"]), "from-bob-2");
    alice.git(&["push", "-q", "origin", "HEAD"]);
    bob.pull();
    assert_eq!(bob.ok(&["get", "-n", "app/alice2"]), "from-alice-2");

    // carol removed by alice while bob writes another secret; both sync.
    bob.run(&["set", "app/bob3"], "from-bob-3", 0);
    alice.run(&["member", "remove", "carol"], "", 0);
    alice.run(&["sync"], "", 0);
    bob.run(&["sync"], "", 0);
    alice.run(&["sync"], "", 0);
    let status = alice.run(&["status"], "", 8);
    let text = String::from_utf8_lossy(&status.stdout);
    for name in ["shared/token", "app/bob", "app/alice"] {
        assert!(
            text.lines().any(|l| l.starts_with("exposed")
                && l.contains(name)
                && l.contains("removed member carol")),
            "{name}: {text}"
        );
    }
    alice.run(&["rotate", "--due"], "", 8);
    assert_ne!(alice.ok(&["get", "-n", "shared/token"]), token);
    alice.run(&["sync"], "", 0);
    carol.pull();
    carol.run(&["get", "shared/token"], "", 3);
}

/// Issue 15's scenario with three real members (alice admin, bob and carol
/// writers; separate HOMEs, identities and passwords): concurrent changes to
/// different secrets, to the same secret, and a revocation against a change,
/// merged through `sync`; nothing personal ever in the work tree.
#[test]
fn three_members_merge_concurrent_changes_through_sync() {
    if !have_git() {
        return;
    }
    let (_o, alice, bob, carol) = three_writers();

    // Different secrets, written at the same time: no conflict.
    bob.run(&["set", "app/bob"], "from-bob", 0);
    carol.run(&["set", "app/carol"], "from-carol", 0);
    bob.run(&["sync"], "", 0);
    carol.run(&["sync"], "", 0);
    alice.run(&["sync"], "", 0);
    assert_eq!(alice.ok(&["get", "-n", "app/bob"]), "from-bob");
    assert_eq!(alice.ok(&["get", "-n", "app/carol"]), "from-carol");

    // The same secret on both sides: both values kept, flagged.
    bob.run(&["sync"], "", 0);
    carol.run(&["sync"], "", 0);
    bob.run(&["set", "app/shared"], "bob-says", 0);
    carol.run(&["set", "app/shared"], "carol-says", 0);
    bob.run(&["sync"], "", 0);
    carol.run(&["sync"], "", 0);
    let versions = carol.sb.json(["show", "app/shared"])["versions"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(versions, 2);
    let values: Vec<String> = ["1", "2"]
        .iter()
        .map(|n| carol.ok(&["get", "-n", "app/shared", "--version", n]))
        .collect();
    assert!(
        values.contains(&"bob-says".to_owned()) && values.contains(&"carol-says".to_owned()),
        "{values:?}"
    );
    let status = carol.run(&["status"], "", 8);
    assert!(String::from_utf8_lossy(&status.stdout).contains("merge-conflict"));

    // A revocation against a concurrent change: the wiped value never comes back.
    alice.run(&["sync"], "", 0);
    bob.run(&["sync"], "", 0);
    alice.run(&["revoke", "db/password", "--yes"], "", 0);
    bob.run(&["set", "db/password"], "bobs-new", 0);
    alice.run(&["sync"], "", 0);
    bob.run(&["sync"], "", 0);
    alice.run(&["sync"], "", 0);
    // The revoked version stays wiped on every side; the value set
    // concurrently is a new value and is kept (SECURITY.md, "What a merge trusts").
    for m in [&alice, &bob] {
        let out = m.run(&["get", "-n", "db/password", "--version", "1"], "", 6);
        assert!(out.stdout.is_empty());
        assert_eq!(m.ok(&["get", "-n", "db/password"]), "bobs-new");
    }
    let shown = alice.ok(&["--json", "show", "db/password"]);
    assert!(!shown.contains("hunter2"));
}

/// A writer who had not pulled a member's removal stores a value: it was
/// encrypted to the removed member, so the merge flags it until rotated.
#[test]
fn a_value_stored_concurrently_with_a_removal_is_flagged_by_the_merge() {
    if !have_git() {
        return;
    }
    let (_o, alice, bob, _carol) = three_writers();
    // alice removes carol and pushes; bob, not yet pulled, stores a value.
    alice.run(&["member", "remove", "carol"], "", 0);
    alice.run(&["rotate", "db/password", "--stdin"], "rotated", 0);
    alice.run(&["sync"], "", 0);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    bob.run(&["set", "app/late"], "carol-could-read-this", 0);
    bob.run(&["sync"], "", 0);
    let status = bob.run(&["status"], "", 8);
    let table = String::from_utf8_lossy(&status.stdout);
    assert!(
        table
            .lines()
            .any(|l| l.contains("app/late") && l.contains("merge-conflict")),
        "{table}"
    );
    // Rotating it (a new value, encrypted without carol) settles it.
    bob.run(&["rotate", "app/late", "--stdin"], "fresh", 0);
    let after = bob.sb.cmd().args(["status"]).output().unwrap();
    let table = String::from_utf8_lossy(&after.stdout);
    assert!(
        !table
            .lines()
            .any(|l| l.contains("app/late") && l.contains("merge-conflict")),
        "{table}"
    );
}

/// alice (admin, holding `db/password` = hunter2), bob and carol (writers),
/// each in a clone of one origin with its upstream set, all pulled, and git
/// knowing who commits for `sync`. The first element keeps the origin alive.
pub(crate) fn three_writers() -> (tempfile::TempDir, Member, Member, Member) {
    let (o, origin) = origin();
    let (alice, fingerprint, _) = founded(&origin);
    alice.git(&["branch", "-q", "--set-upstream-to=origin/main"]);
    alice.run(&["set", "db/password"], "hunter2", 0);
    alice.commit_and_push("a secret");
    let bob = Member::new(Some(&origin));
    let carol = Member::new(Some(&origin));
    let bob_request = join(&bob, "bob", &fingerprint);
    let carol_request = join(&carol, "carol", &fingerprint);
    alice.run(&["member", "add", "bob", &bob_request], "", 0);
    alice.run(&["member", "add", "carol", &carol_request], "", 0);
    alice.commit_and_push("bob and carol");
    for m in [&alice, &bob, &carol] {
        if !std::ptr::eq(m, &alice) {
            m.pull();
        }
        m.git(&["config", "user.name", "t"]);
        m.git(&["config", "user.email", "t@example.com"]);
    }
    (o, alice, bob, carol)
}
