//! The git pre-commit hook that runs `sesame scan --staged`.
//!
//! The hook goes where git looks for hooks (`git rev-parse --git-path hooks`,
//! which honours `core.hooksPath`). A hook that is not ours is never replaced
//! silently: `install` refuses, and with `--force` moves it aside to
//! `pre-commit.sesame-backup` first; `uninstall` removes only a hook that
//! carries our marker line and puts the backup back.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, IoContext, Result};

/// The line that marks a hook as written by sesame.
pub(crate) const MARKER: &str = "# sesame pre-commit hook";

/// The name of the backup of a hook that was replaced.
pub(crate) const BACKUP: &str = "pre-commit.sesame-backup";

/// What `install` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Installed {
    /// No hook was there.
    New,
    /// Our own hook was there and was rewritten.
    Updated,
    /// Another hook was there and was moved to this backup.
    Replaced {
        /// Where the other hook is now.
        backup: PathBuf,
    },
}

/// What `uninstall` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Uninstalled {
    /// There was no pre-commit hook.
    Absent,
    /// Our hook was removed.
    Removed,
    /// Our hook was removed and the backup put back in its place.
    Restored,
}

/// The directory git runs hooks from, absolute.
pub(crate) fn hooks_dir() -> Result<PathBuf> {
    crate::unlock::keep_from_children()?;
    let mut git = Command::new("git");
    crate::hardening::strip_sesame_env(&mut git);
    let out = git
        .args(["rev-parse", "--path-format=absolute", "--git-path", "hooks"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            Error::Other(format!(
                "could not run git: {e} — the hook needs git on PATH"
            ))
        })?;
    if !out.status.success() {
        return Err(Error::Other(
            "not inside a git repository — run `sesame hook` from your repository's working tree"
                .into(),
        ));
    }
    Ok(PathBuf::from(
        String::from_utf8_lossy(&out.stdout).trim_end(),
    ))
}

/// The hook's text: run this sesame (by absolute path, falling back to `sesame`
/// on PATH if it has moved) on the staged blobs.
pub(crate) fn script(exe: &Path) -> String {
    let quoted = exe.display().to_string().replace('\'', r"'\''");
    format!(
        "#!/bin/sh\n\
         {MARKER}: blocks a commit whose staged files hold a value stored in sesame.\n\
         # Written by `sesame hook install`; `sesame hook uninstall` removes it.\n\
         # To commit anyway, once, when you are sure: git commit --no-verify\n\
         sesame='{quoted}'\n\
         [ -x \"$sesame\" ] || sesame=sesame\n\
         \"$sesame\" scan --staged\n\
         status=$?\n\
         if [ \"$status\" -eq 8 ]; then\n\
         \x20 echo 'sesame: commit blocked: the staged files above hold stored secret values; unstage them, or rotate the secret' >&2\n\
         fi\n\
         exit \"$status\"\n"
    )
}

/// Whether the file at `path` is a hook that sesame wrote.
fn is_ours(path: &Path) -> Result<bool> {
    let text = fs::read(path).context(|| format!("could not read {}", path.display()))?;
    Ok(String::from_utf8_lossy(&text)
        .lines()
        .any(|l| l.starts_with(MARKER)))
}

/// Write the pre-commit hook into `dir`. Returns the hook's path and what was done.
pub(crate) fn install(dir: &Path, exe: &Path, force: bool) -> Result<(PathBuf, Installed)> {
    let hook = dir.join("pre-commit");
    let mut done = Installed::New;
    if fs::symlink_metadata(&hook).is_ok() {
        if is_ours(&hook).unwrap_or(false) {
            done = Installed::Updated;
        } else if !force {
            return Err(Error::Other(format!(
                "{} already exists and is not sesame's — nothing was changed; \
                 add `sesame scan --staged` to it yourself, or pass --force to replace it (it is kept as {BACKUP})",
                hook.display()
            )));
        } else {
            let backup = dir.join(BACKUP);
            if fs::symlink_metadata(&backup).is_ok() {
                return Err(Error::Other(format!(
                    "{} already exists — nothing was changed; move it away first so that no hook is lost",
                    backup.display()
                )));
            }
            fs::rename(&hook, &backup)
                .context(|| format!("could not move {} aside", hook.display()))?;
            done = Installed::Replaced { backup };
        }
    }
    fs::create_dir_all(dir).context(|| format!("could not create {}", dir.display()))?;
    write_executable(&hook, script(exe).as_bytes())?;
    Ok((hook, done))
}

/// Remove our pre-commit hook from `dir`, restoring the backup if there is one.
pub(crate) fn uninstall(dir: &Path) -> Result<(PathBuf, Uninstalled)> {
    let hook = dir.join("pre-commit");
    if fs::symlink_metadata(&hook).is_err() {
        return Ok((hook, Uninstalled::Absent));
    }
    if !is_ours(&hook)? {
        return Err(Error::Other(format!(
            "{} is not sesame's hook — it was left alone; edit it yourself",
            hook.display()
        )));
    }
    fs::remove_file(&hook).context(|| format!("could not remove {}", hook.display()))?;
    let backup = dir.join(BACKUP);
    if fs::symlink_metadata(&backup).is_ok() {
        fs::rename(&backup, &hook).context(|| format!("could not restore {}", backup.display()))?;
        return Ok((hook, Uninstalled::Restored));
    }
    Ok((hook, Uninstalled::Removed))
}

fn write_executable(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o755);
    }
    let mut f = opts
        .open(path)
        .context(|| format!("could not write {}", path.display()))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .context(|| format!("could not write {}", path.display()))?;
    // An existing file keeps its mode on open: make sure git can run it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o755))
            .context(|| format!("could not make {} executable", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_quotes_the_path() {
        let s = script(Path::new("/opt/it's/sesame"));
        assert!(s.contains(r"sesame='/opt/it'\''s/sesame'"));
        assert!(s.lines().any(|l| l.starts_with(MARKER)));
    }

    #[test]
    fn install_refuses_then_backs_up_then_restores() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("pre-commit"), "#!/bin/sh\necho theirs\n").unwrap();
        assert!(install(d, Path::new("/bin/sesame"), false).is_err());
        let (_, done) = install(d, Path::new("/bin/sesame"), true).unwrap();
        assert_eq!(
            done,
            Installed::Replaced {
                backup: d.join(BACKUP)
            }
        );
        let (_, again) = install(d, Path::new("/bin/sesame"), false).unwrap();
        assert_eq!(again, Installed::Updated);
        let (_, un) = uninstall(d).unwrap();
        assert_eq!(un, Uninstalled::Restored);
        assert_eq!(
            fs::read_to_string(d.join("pre-commit")).unwrap(),
            "#!/bin/sh\necho theirs\n"
        );
        assert!(uninstall(d).is_err(), "theirs is left alone");
    }
}
