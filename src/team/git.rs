//! git as sesame runs it for a team store: plumbing through
//! `std::process::Command`, with the user's environment less every `SESAME_*`
//! variable, a fixed locale, and only after sesame left the session keyring
//! that holds a cached unlock (`unlock::keep_from_children`): whatever a
//! repository's config makes git run (hooks, filters, credential helpers)
//! never sees a password, an identity or the cache.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::error::{Error, Result};

/// The largest blob read from git (as the largest bucket read from a store).
const MAX_BLOB: u64 = 1 << 30;

/// A repository and the store inside its work tree.
#[derive(Debug, Clone)]
pub(crate) struct Repo {
    /// The work tree's top level.
    pub(crate) root: PathBuf,
    /// The store directory relative to `root`, with `/` separators ("" at
    /// the top).
    pub(crate) store: String,
}

/// `git` in `dir`, started where it cannot reach the cached unlock.
pub(crate) fn git(dir: &Path) -> Result<Command> {
    crate::unlock::keep_from_children()?;
    let mut c = Command::new("git");
    crate::hardening::strip_sesame_env(&mut c);
    c.current_dir(dir)
        .env("LC_ALL", "C")
        .env("GIT_PAGER", "cat")
        .arg("-c")
        .arg("core.quotePath=false");
    Ok(c)
}

fn spawn_error(e: &std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::NotFound {
        Error::Other("git is not installed — team stores need git on PATH".into())
    } else {
        Error::Other(format!(
            "could not run git: {e} — check your git installation"
        ))
    }
}

/// Run git; its output, whatever its status.
pub(crate) fn run(dir: &Path, args: &[&str]) -> Result<Output> {
    git(dir)?
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| spawn_error(&e))
}

/// Run git and require success; its stdout, trimmed.
pub(crate) fn ok(dir: &Path, args: &[&str]) -> Result<String> {
    let out = run(dir, args)?;
    if !out.status.success() {
        return Err(failed(args, &out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// git's first line of complaint, as one line of ours.
pub(crate) fn failed(args: &[&str], stderr: &[u8]) -> Error {
    let msg = String::from_utf8_lossy(stderr);
    let first = msg
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let first = first.strip_prefix("fatal: ").unwrap_or(first);
    Error::Other(format!(
        "`git {}` failed: {first} — fix that and run it again",
        args.first().copied().unwrap_or("")
    ))
}

impl Repo {
    /// The repository whose work tree holds `store_dir`.
    pub(crate) fn of_store(store_dir: &Path) -> Result<Repo> {
        let dir = crate::vault::pins::canonical(store_dir);
        let out = run(&dir, &["rev-parse", "--show-toplevel"])?;
        if !out.status.success() {
            return Err(Error::usage(
                format!("the store {} is not inside a git work tree", dir.display()),
                "team stores are shared through git: put the store in a repository",
            ));
        }
        let root = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        let root = crate::vault::pins::canonical(&root);
        let rel = dir.strip_prefix(&root).map_err(|_| {
            Error::usage(
                format!(
                    "the store {} is not inside its git work tree",
                    dir.display()
                ),
                "give the store's path inside the repository",
            )
        })?;
        let store = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        Ok(Repo { root, store })
    }

    /// The path of `file` of the store, relative to the top level.
    pub(crate) fn rel(&self, file: &str) -> String {
        if self.store.is_empty() {
            file.to_owned()
        } else {
            format!("{}/{file}", self.store)
        }
    }

    pub(crate) fn ok(&self, args: &[&str]) -> Result<String> {
        ok(&self.root, args)
    }

    pub(crate) fn run(&self, args: &[&str]) -> Result<Output> {
        run(&self.root, args)
    }

    /// The commit `rev` names, if it exists.
    pub(crate) fn commit(&self, rev: &str) -> Result<Option<String>> {
        let spec = format!("{rev}^{{commit}}");
        let out = self.run(&["rev-parse", "-q", "--verify", &spec])?;
        Ok(out
            .status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned()))
    }

    /// The blobs `specs` (`REV:PATH` each) name, through one `git cat-file
    /// --batch`; `None` for each that does not exist or is not a blob.
    pub(crate) fn blobs(&self, specs: &[String]) -> Result<Vec<Option<Vec<u8>>>> {
        if specs.is_empty() {
            return Ok(Vec::new());
        }
        let mut child = git(&self.root)?
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| spawn_error(&e))?;
        let mut input = String::new();
        for s in specs {
            input.push_str(s);
            input.push('\n');
        }
        let mut stdin = child.stdin.take().ok_or_else(|| gone("stdin"))?;
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(input.as_bytes());
        });
        let stdout = child.stdout.take().ok_or_else(|| gone("stdout"))?;
        let mut reader = BufReader::new(stdout);
        let mut out = Vec::with_capacity(specs.len());
        for _ in specs {
            let mut head = String::new();
            if reader.read_line(&mut head).map_err(|e| io_err(&e))? == 0 {
                return Err(gone("its answer"));
            }
            let parts: Vec<&str> = head.split_whitespace().collect();
            match parts.as_slice() {
                [_, kind, size] => {
                    let size: u64 = size.parse().map_err(|_| gone("a size"))?;
                    if size > MAX_BLOB {
                        // Anyone who can push can make one: skipped, not read.
                        std::io::copy(&mut (&mut reader).take(size + 1), &mut std::io::sink())
                            .map_err(|e| io_err(&e))?;
                        out.push(None);
                        continue;
                    }
                    let mut body = vec![0; size as usize + 1];
                    reader.read_exact(&mut body).map_err(|e| io_err(&e))?;
                    body.truncate(size as usize);
                    out.push((*kind == "blob").then_some(body));
                }
                _ => out.push(None),
            }
        }
        let _ = writer.join();
        let _ = child.wait();
        Ok(out)
    }

    /// The blob at `rev:path`, if any.
    pub(crate) fn blob(&self, rev: &str, path: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.blobs(&[format!("{rev}:{path}")])?.pop().flatten())
    }

    /// The revisions a merge in progress can hold a store file in: the
    /// heads of a merge, rebase or cherry-pick, the commit fetched, and
    /// their merge bases with HEAD (where the base's files are).
    pub(crate) fn merge_revisions(&self) -> Result<Vec<String>> {
        let mut revs = Vec::new();
        let mut heads: Vec<String> = [
            "HEAD",
            "MERGE_HEAD",
            "REBASE_HEAD",
            "CHERRY_PICK_HEAD",
            "ORIG_HEAD",
            "FETCH_HEAD",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        // `git merge` names the commits it merges in GITHEAD_<oid>.
        for (k, _) in std::env::vars_os() {
            if let Some(oid) = k.to_str().and_then(|k| k.strip_prefix("GITHEAD_")) {
                heads.push(oid.to_owned());
            }
        }
        for h in heads {
            if let Some(c) = self.commit(&h)? {
                if !revs.contains(&c) {
                    revs.push(c.clone());
                }
                for extra in [
                    format!("{c}^"),
                    self.merge_base("HEAD", &c)?.unwrap_or_default(),
                ] {
                    if let Some(e) = self.commit(&extra)?
                        && !revs.contains(&e)
                    {
                        revs.push(e);
                    }
                }
            }
        }
        Ok(revs)
    }

    /// The best common ancestor of two commits.
    pub(crate) fn merge_base(&self, a: &str, b: &str) -> Result<Option<String>> {
        let out = self.run(&["merge-base", a, b])?;
        Ok(out
            .status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
            .filter(|s| !s.is_empty()))
    }

    /// Bucket files by their digests, as [`Repo::find_bucket`] finds one,
    /// with one walk of the history for all those found nowhere else.
    pub(crate) fn find_buckets(
        &self,
        digests: &[&String],
        revs: &[String],
    ) -> Result<std::collections::HashMap<String, Vec<u8>>> {
        use crate::vault::signed::digest;
        let mut found = std::collections::HashMap::new();
        let path = |d: &str| self.rel(&format!("vault/{d}.age"));
        let mut specs = Vec::new();
        for d in digests {
            match std::fs::read(self.root.join(path(d))) {
                Ok(bytes) if digest(&bytes) == **d => {
                    found.insert((*d).clone(), bytes);
                }
                _ => specs.extend(revs.iter().map(|r| format!("{r}:{}", path(d)))),
            }
        }
        for b in self.blobs(&specs)?.into_iter().flatten() {
            let d = digest(&b);
            if digests.iter().any(|x| **x == d) {
                found.insert(d, b);
            }
        }
        let missing: Vec<String> = digests
            .iter()
            .filter(|d| !found.contains_key(d.as_str()))
            .map(|d| path(d))
            .collect();
        if missing.is_empty() {
            return Ok(found);
        }
        let vault = self.rel("vault");
        let out = self.run(&["rev-list", "--objects", "--all", "--", &vault])?;
        let text = String::from_utf8_lossy(&out.stdout);
        let mut oids: Vec<String> = text
            .lines()
            .filter_map(|l| l.split_once(' '))
            .filter(|(_, p)| missing.iter().any(|m| m == p))
            .map(|(oid, _)| oid.to_owned())
            .collect();
        oids.dedup();
        for b in self.blobs(&oids)?.into_iter().flatten() {
            found.insert(digest(&b), b);
        }
        Ok(found)
    }

    /// A bucket file by its digest: from the work tree, else from one of
    /// `revs`, else from anywhere in the history. The caller checks the
    /// digest; here it only has to be found.
    pub(crate) fn find_bucket(&self, digest: &str, revs: &[String]) -> Result<Option<Vec<u8>>> {
        let path = self.rel(&format!("vault/{digest}.age"));
        if let Ok(bytes) = std::fs::read(self.root.join(&path))
            && crate::vault::signed::digest(&bytes) == digest
        {
            return Ok(Some(bytes));
        }
        let specs: Vec<String> = revs.iter().map(|r| format!("{r}:{path}")).collect();
        for b in self.blobs(&specs)?.into_iter().flatten() {
            if crate::vault::signed::digest(&b) == digest {
                return Ok(Some(b));
            }
        }
        // Anywhere in the history: the one walk that always finds it.
        let out = self.run(&["rev-list", "--objects", "--all", "--", &path])?;
        let text = String::from_utf8_lossy(&out.stdout);
        let oids: Vec<String> = text
            .lines()
            .filter_map(|l| l.split_once(' '))
            .filter(|(_, p)| *p == path)
            .map(|(oid, _)| oid.to_owned())
            .collect();
        for b in self.blobs(&oids)?.into_iter().flatten() {
            if crate::vault::signed::digest(&b) == digest {
                return Ok(Some(b));
            }
        }
        Ok(None)
    }
}

fn gone(what: &str) -> Error {
    Error::Other(format!(
        "`git cat-file` ended before giving {what} — check the repository with `git fsck`"
    ))
}

fn io_err(e: &std::io::Error) -> Error {
    Error::Other(format!("could not read from `git cat-file`: {e}"))
}
