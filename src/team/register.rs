//! A team store's place in its git repository (TEAMGIT: the interface with
//! the merge side): the repository's root, and the registration of the merge
//! and diff drivers in the repository's own config and `info/attributes`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, IoContext, Result};

/// `git` with nothing of sesame in its environment, unable to reach the
/// cached unlock (a repository's config can make git run programs).
fn git(dir: &Path) -> Result<Command> {
    crate::unlock::keep_from_children()?;
    let mut c = Command::new("git");
    crate::hardening::strip_sesame_env(&mut c);
    c.env("LC_ALL", "C").arg("-C").arg(dir);
    Ok(c)
}

/// Run git and return its trimmed stdout; `what` names it in errors.
fn run(mut c: Command, what: &str) -> Result<String> {
    let out = c
        .stdin(std::process::Stdio::null())
        .output()
        .context(|| format!("could not run git to {what} (is git installed?)"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(Error::Other(format!(
            "git could not {what}: {}",
            err.lines().next().unwrap_or("").trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The root of the git work tree holding `dir` (which need not exist yet:
/// its nearest existing ancestor is asked).
pub(crate) fn repo_root(dir: &Path) -> Result<PathBuf> {
    let abs =
        std::path::absolute(dir).context(|| format!("could not resolve {}", dir.display()))?;
    let existing = abs
        .ancestors()
        .find(|d| d.is_dir())
        .unwrap_or(Path::new("/"))
        .to_path_buf();
    let mut c = git(&existing)?;
    c.args(["rev-parse", "--show-toplevel"]);
    let out = c
        .stdin(std::process::Stdio::null())
        .output()
        .context(|| "could not run git (is it installed?)".into())?;
    if !out.status.success() {
        return Err(Error::usage(
            format!("{} is not inside a git work tree", dir.display()),
            "a team store lives in a git repository: `git init` (or clone one) first",
        ));
    }
    Ok(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

/// Register sesame's merge and diff drivers for the team store at `store` in
/// the repository at `repo` (both idempotent): the local `.git/config`, and
/// `info/attributes`, which only this clone reads and which names the driver
/// for the store's `manifest`.
pub fn register_git(repo: &Path, store: &Path) -> Result<()> {
    let exe = std::env::current_exe().context(|| "could not find sesame's own path".into())?;
    let exe = shell_quote(&exe.to_string_lossy());
    let settings = [
        ("merge.sesame.name", "sesame store merge".to_owned()),
        (
            "merge.sesame.driver",
            format!("{exe} team merge-driver %O %A %B %P"),
        ),
        ("diff.sesame.textconv", format!("{exe} team diff-driver")),
    ];
    for (key, value) in &settings {
        let mut c = git(repo)?;
        c.args(["config", "--local", key, value]);
        run(c, "register sesame's merge driver")?;
    }
    let root =
        std::fs::canonicalize(repo).context(|| format!("could not resolve {}", repo.display()))?;
    let store = std::fs::canonicalize(store)
        .context(|| format!("could not resolve {}", store.display()))?;
    let rel = store.strip_prefix(&root).map_err(|_| {
        Error::usage(
            format!(
                "{} is not inside the repository {}",
                store.display(),
                root.display()
            ),
            "put the team store inside the git work tree",
        )
    })?;
    let rel = rel.to_string_lossy().replace(' ', "[[:space:]]");
    let prefix = if rel.is_empty() {
        String::new()
    } else {
        format!("{rel}/")
    };
    let line = format!("/{prefix}manifest merge=sesame diff=sesame");
    let mut c = git(repo)?;
    c.args(["rev-parse", "--git-path", "info/attributes"]);
    let path = PathBuf::from(run(c, "find the repository's info/attributes")?);
    let path = if path.is_relative() {
        root.join(path)
    } else {
        path
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(e).context(|| format!("could not read {}", path.display()));
        }
    };
    if text.lines().any(|l| l.trim() == line) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .context(|| format!("could not create {}", parent.display()))?;
    }
    let mut new = text;
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    new.push_str(&line);
    new.push('\n');
    std::fs::write(&path, new).context(|| format!("could not write {}", path.display()))
}

/// `text` quoted for the `sh -c` git runs a driver through.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_survive_the_shell() {
        assert_eq!(shell_quote("/a b/it's"), r"'/a b/it'\''s'");
    }
}
