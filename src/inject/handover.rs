//! File hand-over (`-f`, `file = true`): a value written to a private file
//! whose path the child gets instead of the value.
//!
//! For PEM keys and JSON credentials that programs want as a path, and to keep
//! a value out of `/proc/PID/environ`. The directory is fresh and 0700, each
//! file 0600, on a memory file system when there is one (`$XDG_RUNTIME_DIR`,
//! else `/dev/shm`, else the temp dir), and it is removed when the
//! [`HandOver`] is dropped: after the child has exited, including when sesame
//! was asked to stop by a signal that it forwarded. Only SIGKILL of sesame
//! itself leaves it behind (on a tmpfs, gone at reboot).

use std::ffi::OsString;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::select::Injection;
use crate::error::{IoContext, Result};
use crate::value::SecretValue;

/// A private directory of handed-over values, removed on drop.
#[derive(Debug)]
pub(crate) struct HandOver {
    dir: TempDir,
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
    /// Create the private directory.
    pub(crate) fn create() -> Result<HandOver> {
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
        Ok(HandOver { dir })
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write `value` to a new 0600 file named after `var`, exactly as stored
    /// (a legacy armoured key gets its last newline back: `value::file_suffix`);
    /// returns its path.
    pub(crate) fn write(&self, var: &str, value: &SecretValue) -> Result<PathBuf> {
        let path = self.dir.path().join(var);
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

    /// Remove the directory now, reporting failure.
    pub(crate) fn close(self) -> Result<()> {
        let p = self.dir.path().to_owned();
        self.dir
            .close()
            .context(|| format!("could not remove {}", p.display()))
    }
}

/// Variable and what the child gets in it.
type Vars = Vec<(String, OsString)>;

/// The variables `items` put in the child's environment: each value, or for
/// a file item the path of its hand-over file. The directory is created only
/// when an item needs it, and must outlive the child.
pub(crate) fn injected(items: &[Injection]) -> Result<(Option<HandOver>, Vars)> {
    let handover = if items.iter().any(|i| i.file) {
        Some(HandOver::create()?)
    } else {
        None
    };
    let mut injected = Vec::with_capacity(items.len());
    for item in items {
        let value = match (&handover, item.file) {
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
        let h = HandOver::create().unwrap();
        let p = h
            .write("KEY", &SecretValue::new("pem-bytes".into()))
            .unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "pem-bytes");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
            assert_eq!(
                fs::metadata(h.path()).unwrap().permissions().mode() & 0o777,
                0o700
            );
        }
        let dir = h.path().to_owned();
        drop(h);
        assert!(!dir.exists());
    }
}
