//! Who else may write or read the files sesame trusts (SECURITY.md, "Keys and
//! files"), checked before a command reads or writes anything of a store.
//!
//! - **Personal files** (`identity.age`, the audit log, the `lock` and
//!   `audit.lock` files) and the **store directory**: another user able to
//!   write them (a group or world write bit, or another owner than you or
//!   root) could replace what sesame reads or runs, so they are refused (exit
//!   5, naming the path and the `chmod` that fixes it). A personal file that
//!   others can *read* gets a one-line warning (not with `-q`): the identity
//!   is only as strong as the password then, and the log names every secret.
//! - **Shared files** (`recipients`, `manifest`, `manifest.bak`, the `vault/`
//!   directory of a signed store; `vault.age`, `vault.age.bak` before it) are meant
//!   to be readable (a git checkout makes them 0644): only a write bit for
//!   others, or a foreign owner, is refused. `vault.age.bak` is a hard link to
//!   the previous `vault.age`, so it carries that file's mode.
//! - **Lock files** must be regular files: a symbolic link there is refused
//!   (and [`crate::vault::fsutil::lock`] opens them with `O_NOFOLLOW`, so a
//!   link planted after this check is refused too).
//!
//! The local state directory has its own check in `state.rs`. Parent
//! directories of the store are not checked.

use std::fs::{self, Metadata};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::error::{Error, Result};
use crate::vault::Store;

/// Files only their owner should be able to write or read.
const PERSONAL: &[&str] = &[
    crate::vault::IDENTITY_FILE,
    crate::audit::LOG_FILE,
    crate::audit::ROTATED_FILE,
];
/// Lock files: personal, and never a symbolic link.
const LOCKS: &[&str] = &[crate::vault::LOCK_FILE, crate::audit::LOCK_FILE];
/// Files meant to be shared (a git checkout of the store): checked for
/// writability by others only.
const SHARED: &[&str] = &[
    crate::vault::RECIPIENTS_FILE,
    crate::vault::VAULT_FILE,
    crate::vault::BACKUP_FILE,
    // Store format 2 (issue 12); its bucket files are checked by digest.
    crate::vault::v2::MANIFEST_FILE,
    crate::vault::v2::MANIFEST_BACKUP,
    crate::vault::v2::BUCKET_DIR,
];

/// Check the store's directory and files. Returns the warnings to print
/// (files others can read); refuses (exit 5) what others can write.
pub(crate) fn check_store(store: &Store) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    let dir = store.dir();
    if let Some(meta) = stat(dir, true)? {
        writable_by_others(dir, &meta, "700")?;
    }
    // A team store's personal directory: as private as a store's.
    if store.is_team()
        && let Some(meta) = stat(&store.personal_dir(), true)?
    {
        writable_by_others(&store.personal_dir(), &meta, "700")?;
    }
    for name in LOCKS {
        let path = store.path(name);
        if let Some(meta) = stat(&path, false)? {
            if !meta.file_type().is_file() {
                return Err(not_regular(&path, &meta));
            }
            writable_by_others(&path, &meta, "600")?;
        }
    }
    for name in PERSONAL {
        let path = store.path(name);
        // The audit log is opened with O_NOFOLLOW: a link there is refused
        // now rather than at the first append. identity.age may be a link.
        let follow = *name == crate::vault::IDENTITY_FILE;
        if let Some(meta) = stat(&path, follow)? {
            // A directory, link, FIFO or device where the identity or the
            // audit log belongs would fail (or block) later: refused now,
            // exit 5. (The rotated log is only ever renamed onto; a failure
            // there is the append's, reported as such.)
            if !meta.file_type().is_file() && *name != crate::audit::ROTATED_FILE {
                return Err(not_regular(&path, &meta));
            }
            if !follow && meta.file_type().is_symlink() {
                return Err(not_regular(&path, &meta));
            }
            writable_by_others(&path, &meta, "600")?;
            if meta.mode() & 0o044 != 0 {
                warnings.push(format!(
                    "{} can be read by other users; run `chmod 600 {}`",
                    shown(&path),
                    quoted(&path)
                ));
            }
        }
    }
    for name in SHARED {
        let path = store.path(name);
        if let Some(meta) = stat(&path, true)? {
            writable_by_others(&path, &meta, "go-w")?;
        }
    }
    Ok(warnings)
}

/// The metadata of `path` (following a symbolic link or not), or `None`
/// when there is nothing there.
fn stat(path: &Path, follow: bool) -> Result<Option<Metadata>> {
    let meta = if follow {
        fs::metadata(path)
    } else {
        fs::symlink_metadata(path)
    };
    match meta {
        Ok(m) => Ok(Some(m)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io {
            context: format!("could not check the permissions of {}", shown(path)),
            source,
        }),
    }
}

/// Refuse `path` when a user other than you (or root) owns it, or when its
/// group or others may write it; `chmod` is the mode that fixes it.
fn writable_by_others(path: &Path, meta: &Metadata, chmod: &str) -> Result<()> {
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me && meta.uid() != 0 {
        return Err(Error::Unsafe {
            path: path.to_path_buf(),
            reason: format!(
                "belongs to user {} and not to you, so they can change it; use a store of your own",
                meta.uid()
            ),
        });
    }
    let mode = meta.mode();
    if mode & 0o022 != 0 {
        let who = if mode & 0o002 != 0 {
            "every user"
        } else {
            "its group"
        };
        return Err(Error::Unsafe {
            path: path.to_path_buf(),
            reason: format!(
                "can be written by {who} (mode {:03o}); run `chmod {chmod} {}`",
                mode & 0o777,
                quoted(path)
            ),
        });
    }
    Ok(())
}

fn not_regular(path: &Path, meta: &Metadata) -> Error {
    let what = if meta.file_type().is_symlink() {
        "a symbolic link"
    } else if meta.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    };
    Error::Unsafe {
        path: path.to_path_buf(),
        reason: format!(
            "is {what}, where sesame keeps a file of its own (it never follows links there); remove it (`rm {}`) and sesame creates it afresh",
            quoted(path)
        ),
    }
}

/// `path` made safe to print on a terminal.
fn shown(path: &Path) -> String {
    crate::escape::escaped(&path.to_string_lossy()).into_owned()
}

/// `path` as a shell word: as it is when that is safe, else single-quoted;
/// then made safe for a terminal.
pub(crate) fn quoted(path: &Path) -> String {
    let text = path.to_string_lossy();
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%=".contains(c));
    if plain && !text.is_empty() {
        return shown(path);
    }
    let word = format!("'{}'", text.replace('\'', "'\\''"));
    crate::escape::escaped(&word).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn chmod(path: &Path, mode: u32) {
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn writable_refused_readable_warned_shared_readable_fine() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("store");
        fs::create_dir(&dir).unwrap();
        chmod(&dir, 0o700);
        let store = Store::at(&dir);
        for (name, mode) in [
            ("identity.age", 0o600),
            ("vault.age", 0o644),
            ("recipients", 0o644),
            ("lock", 0o600),
        ] {
            fs::write(dir.join(name), b"x").unwrap();
            chmod(&dir.join(name), mode);
        }
        assert!(check_store(&store).unwrap().is_empty());

        chmod(&dir.join("identity.age"), 0o640);
        let warnings = check_store(&store).unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("chmod 600"), "{warnings:?}");

        chmod(&dir.join("identity.age"), 0o666);
        let err = check_store(&store).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::exit::CORRUPT);
        assert!(err.to_string().contains("every user"), "{err}");
        chmod(&dir.join("identity.age"), 0o600);

        chmod(&dir.join("vault.age"), 0o664);
        let err = check_store(&store).unwrap_err().to_string();
        assert!(
            err.contains("its group") && err.contains("chmod go-w"),
            "{err}"
        );
        chmod(&dir.join("vault.age"), 0o644);

        chmod(&dir, 0o777);
        let err = check_store(&store).unwrap_err().to_string();
        assert!(err.contains("chmod 700"), "{err}");
        chmod(&dir, 0o700);

        fs::remove_file(dir.join("lock")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("elsewhere"), dir.join("lock")).unwrap();
        let err = check_store(&store).unwrap_err().to_string();
        assert!(err.contains("symbolic link"), "{err}");
    }

    #[test]
    fn quoting_for_the_shell() {
        assert_eq!(quoted(Path::new("/a/b.c")), "/a/b.c");
        assert_eq!(quoted(Path::new("/a b/it's")), "'/a b/it'\\''s'");
        assert_eq!(quoted(Path::new("/a\u{1b}b")), "'/a\\eb'");
    }
}
