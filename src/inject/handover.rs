//! File hand-over (`-f`, `file = true`): a value given to the child as a
//! path it can open instead of the value itself.
//!
//! For PEM keys and JSON credentials that programs want as a path, and to keep
//! a value out of `/proc/PID/environ`.
//!
//! On Linux the value never touches a file system: it is written to an
//! anonymous memory file (`memfd_create`, mode 0600) that the child inherits
//! as an open descriptor, and the path it gets is `/dev/fd/N`. Nothing is
//! left to remove however sesame ends, even on SIGKILL: the memory goes when
//! the last process holding the descriptor exits. Programs open it as any
//! file (`ssh-keygen -y -f "$KEY"` is tested). A program that closes the
//! descriptors it inherits, or hands the path to a process that does not
//! inherit them (`sudo`, a daemon started elsewhere), cannot open it.
//!
//! Elsewhere, or where memory files are refused (a seccomp policy), the value
//! goes to a file in a fresh 0700 directory, on a memory file system when
//! there is one (`$XDG_RUNTIME_DIR`, else `/dev/shm`, else the temp dir),
//! removed when the [`HandOver`] is dropped: after the child has exited,
//! including when sesame was stopped by a signal it forwards. SIGKILL of
//! sesame leaves that directory behind.

use std::ffi::OsString;
use std::fs::{self, OpenOptions};
use std::io::Write;
#[cfg(target_os = "linux")]
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::select::Injection;
use crate::error::{IoContext, Result};
use crate::value::SecretValue;

/// Where the handed-over values are.
#[derive(Debug)]
enum Backing {
    /// Memory files, kept open (and inheritable) until the child has started.
    #[cfg(target_os = "linux")]
    Memory(Vec<OwnedFd>),
    /// A private directory, removed on drop.
    Dir(TempDir),
}

/// The handed-over values of one run.
#[derive(Debug)]
pub(crate) struct HandOver {
    backing: Backing,
}

/// Where the directory goes: the first usable of `$XDG_RUNTIME_DIR`,
/// `/dev/shm` and the temp dir.
pub(crate) fn base_dir() -> PathBuf {
    let usable = |p: &Path| {
        fs::metadata(p).is_ok_and(|m| m.is_dir())
            && rustix::fs::access(
                p,
                rustix::fs::Access::WRITE_OK | rustix::fs::Access::EXEC_OK,
            )
            .is_ok()
    };
    if let Some(d) = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from)
        && d.is_absolute()
        && usable(&d)
    {
        return d;
    }
    let shm = Path::new("/dev/shm");
    if usable(shm) {
        return shm.to_owned();
    }
    std::env::temp_dir()
}

impl HandOver {
    /// Memory files where the system has them, else a private directory.
    pub(crate) fn create() -> Result<HandOver> {
        #[cfg(target_os = "linux")]
        if memfd_usable() {
            return Ok(HandOver {
                backing: Backing::Memory(Vec::new()),
            });
        }
        HandOver::in_directory()
    }

    /// A private directory (also where memory files are available: tests).
    pub(crate) fn in_directory() -> Result<HandOver> {
        let base = base_dir();
        let dir = tempfile::Builder::new()
            .prefix("sesame-")
            .tempdir_in(&base)
            .context(|| format!("could not create a private directory in {}", base.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700))
                .context(|| format!("could not make {} private", dir.path().display()))?;
        }
        Ok(HandOver {
            backing: Backing::Dir(dir),
        })
    }

    /// Whether something is left on a file system to remove after the child.
    pub(crate) fn needs_cleanup(&self) -> bool {
        matches!(self.backing, Backing::Dir(_))
    }

    /// The directory, when there is one.
    #[cfg(test)]
    pub(crate) fn dir(&self) -> Option<&Path> {
        match &self.backing {
            Backing::Dir(d) => Some(d.path()),
            #[cfg(target_os = "linux")]
            Backing::Memory(_) => None,
        }
    }

    /// Hand over `value` for `var`; returns the path the child opens.
    pub(crate) fn write(&mut self, var: &str, value: &SecretValue) -> Result<PathBuf> {
        match &mut self.backing {
            #[cfg(target_os = "linux")]
            Backing::Memory(fds) => {
                let fd = memfd(var, value)?;
                let path = PathBuf::from(format!("/dev/fd/{}", fd.as_raw_fd()));
                fds.push(fd);
                Ok(path)
            }
            Backing::Dir(dir) => write_file(dir.path(), var, value),
        }
    }

    /// Remove what is left on the file system now, reporting failure.
    pub(crate) fn close(self) -> Result<()> {
        match self.backing {
            Backing::Dir(dir) => {
                let p = dir.path().to_owned();
                dir.close()
                    .context(|| format!("could not remove {}", p.display()))
            }
            #[cfg(target_os = "linux")]
            Backing::Memory(_) => Ok(()),
        }
    }
}

/// Write `value` to a new 0600 file named after `var` in `dir`.
fn write_file(dir: &Path, var: &str, value: &SecretValue) -> Result<PathBuf> {
    let path = dir.join(var);
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(&path)
        .context(|| format!("could not create {}", path.display()))?;
    f.write_all(value.expose().as_bytes())
        .and_then(|()| f.write_all(crate::value::file_suffix(value)))
        .context(|| format!("could not write {}", path.display()))?;
    Ok(path)
}

/// Whether this system gives memory files and `/dev/fd` to open them by.
#[cfg(target_os = "linux")]
fn memfd_usable() -> bool {
    Path::new("/dev/fd").is_dir()
        && rustix::fs::memfd_create("sesame-probe", rustix::fs::MemfdFlags::CLOEXEC).is_ok()
}

/// A memory file holding `value`, mode 0600, at offset 0, inheritable by
/// the child (never on descriptors 0–2, which are the child's stdio).
#[cfg(target_os = "linux")]
fn memfd(var: &str, value: &SecretValue) -> Result<OwnedFd> {
    use rustix::fs::{MemfdFlags, Mode, fchmod, memfd_create};
    use rustix::io::{FdFlags, fcntl_dupfd_cloexec, fcntl_setfd};
    let what = || format!("could not hand over {var} in memory");
    let fd = memfd_create(format!("sesame-{var}"), MemfdFlags::CLOEXEC)
        .map_err(std::io::Error::from)
        .context(what)?;
    let fd = fcntl_dupfd_cloexec(&fd, 3)
        .map_err(std::io::Error::from)
        .context(what)?;
    fchmod(&fd, Mode::RUSR | Mode::WUSR)
        .map_err(std::io::Error::from)
        .context(what)?;
    let mut file = fs::File::from(fd);
    // Exactly as stored (a legacy armoured key gets its last newline back:
    // `value::file_suffix`).
    file.write_all(value.expose().as_bytes())
        .and_then(|()| file.write_all(crate::value::file_suffix(value)))
        .context(what)?;
    let fd = OwnedFd::from(file);
    // Inherited across exec from here on: the child opens /dev/fd/N.
    fcntl_setfd(&fd, FdFlags::empty())
        .map_err(std::io::Error::from)
        .context(what)?;
    Ok(fd)
}

/// Variable and what the child gets in it.
type Vars = Vec<(String, OsString)>;

/// The variables `items` put in the child's environment: each value, or for
/// a file item the path of its hand-over file. The directory is created only
/// when an item needs it, and must outlive the child.
pub(crate) fn injected(items: &[Injection]) -> Result<(Option<HandOver>, Vars)> {
    let mut handover = if items.iter().any(|i| i.file) {
        Some(HandOver::create()?)
    } else {
        None
    };
    let mut injected = Vec::with_capacity(items.len());
    for item in items {
        let value = match (&mut handover, item.file) {
            (Some(h), true) => h.write(&item.var, &item.value)?.into_os_string(),
            _ => OsString::from(item.value.expose()),
        };
        injected.push((item.var.clone(), value));
    }
    Ok((handover, injected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_files_removed_on_drop() {
        let mut h = HandOver::in_directory().unwrap();
        let p = h
            .write("KEY", &SecretValue::new("pem-bytes".into()))
            .unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "pem-bytes");
        let dir = h.dir().unwrap().to_owned();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
            assert_eq!(
                fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
                0o700
            );
        }
        assert!(h.needs_cleanup());
        drop(h);
        assert!(!dir.exists());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn memory_files_open_by_path_and_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let mut h = HandOver::create().unwrap();
        if h.needs_cleanup() {
            eprintln!("skipped: no memory files here");
            return;
        }
        let p = h
            .write("KEY", &SecretValue::new("pem-bytes".into()))
            .unwrap();
        assert!(p.starts_with("/dev/fd/"), "{}", p.display());
        // Opened twice, from the start each time.
        assert_eq!(fs::read_to_string(&p).unwrap(), "pem-bytes");
        assert_eq!(fs::read_to_string(&p).unwrap(), "pem-bytes");
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(!h.needs_cleanup() && h.dir().is_none());
    }
}
