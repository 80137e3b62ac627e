//! File hygiene: private modes at creation, atomic durable replacement, and the
//! writer lock.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Mode of every file in a store.
pub(crate) const FILE_MODE: u32 = 0o600;
/// Mode of the store directory.
pub(crate) const DIR_MODE: u32 = 0o700;

/// Create a new file with mode 0600, failing if it exists, write and fsync it.
pub(crate) fn write_new_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// fsync a directory so that renames and creations in it are durable.
pub(crate) fn sync_dir(path: &Path) -> io::Result<()> {
    File::open(path)?.sync_all()
}

/// Write `bytes` to a temp file beside `target`, fsync it, and return it
/// ready to be renamed. The temp file is removed if dropped unpersisted.
pub(crate) fn stage(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let tmp = stage_unsynced(dir, name, bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// As [`stage`], without the fsync: for a caller that fsyncs it together
/// with others ([`sync_all_at_once`]) before it renames anything that names it.
pub(crate) fn stage_unsynced(
    dir: &Path,
    name: &str,
    bytes: &[u8],
) -> io::Result<tempfile::NamedTempFile> {
    // tempfile creates the file 0600 with O_EXCL.
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    Ok(tmp)
}

/// fsync every file and directory of `paths` at the same time, one thread
/// each (the first on this one): the journal commits them together, so the
/// wait is about that of one fsync instead of their sum. The first error wins.
pub(crate) fn sync_all_at_once(paths: &[&Path]) -> io::Result<()> {
    let Some((first, rest)) = paths.split_first() else {
        return Ok(());
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = rest
            .iter()
            .map(|p| scope.spawn(move || File::open(p)?.sync_all()))
            .collect();
        let here = File::open(first).and_then(|f| f.sync_all());
        let others = handles.into_iter().map(|h| {
            h.join()
                .unwrap_or_else(|_| Err(io::Error::other("an fsync thread panicked")))
        });
        std::iter::once(here)
            .chain(others)
            .collect::<io::Result<Vec<()>>>()
            .map(drop)
    })
}

/// Atomically replace `dir/name` with `bytes`: temp file, fsync, rename, fsync dir.
pub(crate) fn replace(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    let tmp = stage(dir, name, bytes)?;
    tmp.persist(dir.join(name)).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// Point `dir/name` at the same bytes as `existing`, atomically: a hard link
/// (no data written) renamed into place, or a copy where links are not possible.
pub(crate) fn replace_with_link(dir: &Path, existing: &Path, name: &str) -> io::Result<()> {
    let tmp_name = dir.join(format!(".{name}.link.tmp"));
    let _ = fs::remove_file(&tmp_name);
    match fs::hard_link(existing, &tmp_name) {
        Ok(()) => {
            let renamed = fs::rename(&tmp_name, dir.join(name));
            // When `name` already is a link to `existing` (the backup made
            // the manifest too, at a write that removed something), rename
            // does nothing and succeeds (POSIX): the temp link stays behind.
            let _ = fs::remove_file(&tmp_name);
            renamed
        }
        Err(_) => {
            let bytes = fs::read(existing)?;
            let tmp = stage(dir, name, &bytes)?;
            tmp.persist(dir.join(name)).map(drop).map_err(|e| e.error)
        }
    }
}

/// The exclusive writer lock on a store's `lock` file, released on drop.
#[derive(Debug)]
pub(crate) struct WriteLock {
    _file: File,
}

/// Take the exclusive lock on `path`, waiting up to `timeout`.
/// Returns `Ok(None)` when it could not be had in time.
///
/// The file is opened without following a symbolic link (`O_NOFOLLOW`) and
/// without blocking on a FIFO or device (`O_NONBLOCK`), and refused unless it
/// is a regular file: a link planted there must not make sesame create or
/// open a file elsewhere.
pub(crate) fn lock(path: &Path, timeout: Duration) -> io::Result<Option<WriteLock>> {
    use rustix::fs::OFlags;
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(FILE_MODE)
        .custom_flags((OFlags::NOFOLLOW | OFlags::NONBLOCK).bits() as i32)
        .open(path)?;
    if !file.metadata()?.file_type().is_file() {
        return Err(io::Error::other(
            "not a regular file (remove it; sesame creates its lock files itself)",
        ));
    }
    let start = Instant::now();
    let mut pause = Duration::from_millis(2);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Some(WriteLock { _file: file })),
            Err(fs::TryLockError::WouldBlock) => {}
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
        if start.elapsed() >= timeout {
            return Ok(None);
        }
        sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

/// Create `dir` and its parents, the last one private (0700), unless it exists.
pub(crate) fn private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(DIR_MODE)
        .create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};

    #[test]
    fn a_batch_of_fsyncs_reports_the_first_failure() {
        let dir = tempfile::tempdir().unwrap();
        let staged = stage_unsynced(dir.path(), "m", b"x").unwrap();
        sync_all_at_once(&[dir.path(), staged.path()]).unwrap();
        let gone = dir.path().join("gone");
        let err = sync_all_at_once(&[staged.path(), &gone]).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn modes_and_replace() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("s");
        fs::DirBuilder::new().mode(DIR_MODE).create(&sub).unwrap();
        assert_eq!(
            fs::metadata(&sub).unwrap().permissions().mode() & 0o777,
            0o700
        );
        write_new_private(&sub.join("f"), b"one").unwrap();
        assert!(write_new_private(&sub.join("f"), b"two").is_err());
        assert_eq!(
            fs::metadata(sub.join("f")).unwrap().permissions().mode() & 0o777,
            0o600
        );
        replace(&sub, "f", b"three").unwrap();
        assert_eq!(fs::read(sub.join("f")).unwrap(), b"three");
        assert_eq!(
            fs::metadata(sub.join("f")).unwrap().permissions().mode() & 0o777,
            0o600
        );
        replace_with_link(&sub, &sub.join("f"), "g").unwrap();
        assert_eq!(fs::read(sub.join("g")).unwrap(), b"three");
        let leftovers: Vec<_> = fs::read_dir(&sub)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }

    #[test]
    fn lock_times_out_while_held() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("lock");
        let held = lock(&p, Duration::from_millis(10)).unwrap();
        assert!(held.is_some());
        assert!(lock(&p, Duration::from_millis(30)).unwrap().is_none());
        drop(held);
        assert!(lock(&p, Duration::from_millis(30)).unwrap().is_some());
    }

    #[test]
    fn lock_refuses_a_link_and_a_directory_and_leaves_the_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        fs::write(&target, b"keep").unwrap();
        let link = dir.path().join("lock");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(lock(&link, Duration::from_millis(10)).is_err());
        assert_eq!(fs::read(&target).unwrap(), b"keep");
        let dangling = dir.path().join("audit.lock");
        std::os::unix::fs::symlink(dir.path().join("absent"), &dangling).unwrap();
        assert!(lock(&dangling, Duration::from_millis(10)).is_err());
        assert!(!dir.path().join("absent").exists());
        fs::create_dir(dir.path().join("d")).unwrap();
        assert!(lock(&dir.path().join("d"), Duration::from_millis(10)).is_err());
    }
}
