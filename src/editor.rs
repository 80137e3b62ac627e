//! `edit --value`: the value in `$VISUAL`/`$EDITOR`, through a private file
//! that never touches a disk.
//!
//! - The file sits in a fresh 0700 directory on a memory file system
//!   (`$XDG_RUNTIME_DIR`, else `/dev/shm`, each only when `statfs` says tmpfs or
//!   ramfs). With neither, sesame refuses: a value written to a disk can't be
//!   taken back (journals, SSD remapping), so no fallback to the temp dir.
//! - The editor's own copies are kept in that directory: vim (and nvim) get
//!   `directory`, `backupdir` and `undodir` set to it before the file is opened
//!   (`-c` commands run after the user's vimrc, and the file is opened by the
//!   last of them), and `-i NONE` so that no viminfo/shada records registers or
//!   search strings; nano runs with `--ignorercfiles` (no search history,
//!   position log or backups from a nanorc) and `--backupdir` there; every
//!   editor gets `TMPDIR` there.
//! - When the editor ends, however it ends (exits, crashes, is killed), every
//!   file in the directory is overwritten with zeros and removed, then the
//!   directory ([`Scratch`]'s `Drop`). SIGTERM, SIGHUP and SIGQUIT sent to
//!   sesame are passed on to the editor, and the clean-up still runs; Ctrl-C
//!   goes to the editor alone. Only SIGKILL of sesame leaves the directory
//!   behind (on a tmpfs: gone at reboot).
//!
//! The editor command is run by `sh -c` (with `exec`), as git does, so `EDITOR="code --wait"`
//! works; the file's path and the options above are arguments, never part of
//! the shell text.

use std::ffi::OsString;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};

use crate::error::{Error, IoContext, Result};
use crate::process::{self, Event, Exit, Scope, Signals, Supervisor};
use crate::value::SecretValue;

/// A private directory on a memory file system, wiped and removed on drop.
#[derive(Debug)]
pub(crate) struct Scratch {
    dir: PathBuf,
}

/// `statfs` magic numbers of memory file systems (linux/magic.h).
#[cfg(target_os = "linux")]
const MEMORY_FS: [u64; 2] = [0x0102_1994 /* tmpfs */, 0x8584_58f6 /* ramfs */];

/// Whether `dir` is a directory on a memory file system that we may write.
fn in_memory(dir: &Path) -> bool {
    let usable = fs::metadata(dir).is_ok_and(|m| m.is_dir())
        && rustix::fs::access(
            dir,
            rustix::fs::Access::WRITE_OK | rustix::fs::Access::EXEC_OK,
        )
        .is_ok();
    #[cfg(target_os = "linux")]
    {
        // f_type is a signed or unsigned word depending on the architecture;
        // the magic numbers fit in 32 bits either way.
        #[allow(clippy::unnecessary_cast)]
        let is_memory =
            |st: rustix::fs::StatFs| MEMORY_FS.contains(&(st.f_type as u64 & 0xffff_ffff));
        usable && rustix::fs::statfs(dir).is_ok_and(is_memory)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = usable;
        false
    }
}

impl Scratch {
    /// A fresh 0700 directory on a memory file system.
    pub(crate) fn create() -> Result<Scratch> {
        let candidates = std::env::var_os("XDG_RUNTIME_DIR")
            .map(PathBuf::from)
            .filter(|d| d.is_absolute())
            .into_iter()
            .chain([PathBuf::from("/dev/shm")]);
        let Some(base) = candidates.into_iter().find(|d| in_memory(d)) else {
            return Err(Error::Other(
                "no memory file system for the editor's file ($XDG_RUNTIME_DIR and /dev/shm are missing or on a disk), and a value written to a disk can't be wiped — nothing was changed; store the new value with `sesame set NAME` instead".into(),
            ));
        };
        let dir = tempfile::Builder::new()
            .prefix("sesame-edit-")
            .tempdir_in(&base)
            .context(|| format!("could not create a private directory in {}", base.display()))?
            // Removed by our own Drop, which wipes first.
            .keep();
        let scratch = Scratch { dir };
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&scratch.dir, fs::Permissions::from_mode(0o700))
            .context(|| format!("could not make {} private", scratch.dir.display()))?;
        Ok(scratch)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.dir
    }

    /// Write `bytes` to a new 0600 file `name` in the directory.
    pub(crate) fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf> {
        use std::os::unix::fs::OpenOptionsExt;
        let path = self.dir.join(name);
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .context(|| format!("could not create {}", path.display()))?;
        f.write_all(bytes)
            .context(|| format!("could not write {}", path.display()))?;
        Ok(path)
    }
}

/// Overwrite every regular file under `dir` with zeros (best effort: an
/// editor that saved by renaming left the old pages to the kernel).
fn wipe(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            wipe(&path);
        } else if kind.is_file() {
            let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
            if let Ok(mut f) = OpenOptions::new().write(true).open(&path) {
                let zeros = [0u8; 4096];
                let mut left = len;
                while left > 0 {
                    let n = left.min(zeros.len() as u64) as usize;
                    if f.write_all(&zeros[..n]).is_err() {
                        break;
                    }
                    left -= n as u64;
                }
                let _ = f.sync_data();
            }
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        wipe(&self.dir);
        if let Err(e) = fs::remove_dir_all(&self.dir) {
            crate::stderr_line!(
                "sesame: warning: could not remove {}: {e} — remove it by hand",
                self.dir.display()
            );
        }
    }
}

/// The editor the user asked for: `$VISUAL`, `$EDITOR`, else `vi`.
fn editor_command() -> OsString {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(std::env::var_os)
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| OsString::from("vi"))
}

/// Which editor family the command names, by the file its first word resolves to.
#[derive(Debug, PartialEq, Eq)]
enum Family {
    Vim,
    Nano,
    Other,
}

fn family(command: &OsString) -> Family {
    let text = command.to_string_lossy();
    let Some(first) = text.split_whitespace().next() else {
        return Family::Other;
    };
    let found = if first.contains('/') {
        Some(PathBuf::from(first))
    } else {
        std::env::var_os("PATH").and_then(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join(first))
                .find(|c| c.is_file())
        })
    };
    let resolved = found.and_then(|p| fs::canonicalize(p).ok());
    let name = resolved
        .as_deref()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| first.to_owned());
    if ["vim", "nvim", "gvim", "mvim"]
        .iter()
        .any(|v| name.starts_with(v))
    {
        Family::Vim
    } else if name.starts_with("nano") || name.starts_with("rnano") {
        Family::Nano
    } else {
        Family::Other
    }
}

/// Escape a path for a vim command line (`:set dir=…`, `:edit …`).
fn vim_escape(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        if matches!(
            c,
            ' ' | '\t' | '\\' | ',' | '|' | '"' | '%' | '#' | '[' | '{'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The arguments that go before (or, for vim, instead of) the file.
fn editor_args(family: &Family, dir: &Path, file: &Path) -> Vec<OsString> {
    match family {
        Family::Vim => {
            let d = vim_escape(dir);
            vec![
                "-i".into(),
                "NONE".into(),
                "-c".into(),
                format!("set directory={d}// backupdir={d}// undodir={d}//").into(),
                "-c".into(),
                format!("edit {}", vim_escape(file)).into(),
            ]
        }
        Family::Nano => vec![
            "--ignorercfiles".into(),
            "--backupdir".into(),
            dir.into(),
            file.into(),
        ],
        Family::Other => vec![file.into()],
    }
}

/// Run the editor on `file` (in `scratch`) and wait for it, however it ends.
/// `Ok` only when it exited with status 0 and sesame was not asked to stop.
pub(crate) fn run_editor(scratch: &Scratch, file: &Path) -> Result<()> {
    let command = editor_command();
    let fam = family(&command);
    // `exec`, so that the editor itself gets the signals passed on (and its
    // end is seen as it is); not before an assignment (`FOO=1 vim`).
    let first = command.to_string_lossy();
    let mut shell_text = OsString::new();
    if !first
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .contains('=')
    {
        shell_text.push("exec ");
    }
    shell_text.push(&command);
    shell_text.push(" \"$@\"");
    let mut cmd = Command::new("/bin/sh");
    cmd.arg("-c")
        .arg(&shell_text)
        .arg("sesame-editor")
        .args(editor_args(&fam, scratch.path(), file))
        .env_clear()
        .envs(process::inherited_env())
        .env("TMPDIR", scratch.path());
    let mut signals = Signals::new(&[SIGINT, SIGTERM, SIGHUP, SIGQUIT])
        .context(|| "could not set up signal handling".into())?;
    let mut editor = Supervisor::spawn(&mut cmd, Scope::Process, &mut signals)
        .context(|| "could not start /bin/sh for the editor".into())?;
    let mut stopped = None;
    let exit = loop {
        match editor
            .next()
            .context(|| "could not wait for the editor".into())?
        {
            // The terminal sent Ctrl-C to the editor too; it decides.
            Event::Signal(SIGINT) => {}
            Event::Signal(sig) => {
                stopped = Some(sig);
                editor.forward(sig);
            }
            Event::Exited(exit) | Event::Killed(exit) => break exit,
        }
    };
    let shown = String::from_utf8_lossy(command.as_encoded_bytes()).into_owned();
    if let Some(sig) = stopped {
        return Err(Error::Other(format!(
            "sesame was stopped (signal {sig}) while the editor ran — nothing was stored; the editor's files were wiped"
        )));
    }
    match exit {
        Exit::Code(0) => Ok(()),
        // A shell reports a child killed by signal N as 128+N.
        Exit::Code(code @ 129..=192) => Err(Error::Other(format!(
            "the editor '{shown}' was killed by signal {} — nothing was stored; its files were wiped",
            code - 128
        ))),
        Exit::Code(127) => Err(Error::Other(format!(
            "the editor '{shown}' was not found — nothing was stored; set VISUAL or EDITOR to an editor on PATH"
        ))),
        Exit::Code(code) => Err(Error::Other(format!(
            "the editor '{shown}' exited with status {code} — nothing was stored (vim's :cq ends like this)"
        ))),
        Exit::Signal(sig) => Err(Error::Other(format!(
            "the editor '{shown}' was killed by signal {sig} — nothing was stored; its files were wiped"
        ))),
        Exit::Unknown => Err(Error::Other(format!(
            "the editor '{shown}' ended in an unknown way — nothing was stored"
        ))),
    }
}

/// A file name for the value: the last part of the secret's name when it is
/// plain (so that `config.json` gets the editor's JSON mode), else `value`.
pub(crate) fn file_name(secret: &str) -> String {
    let last = secret.rsplit('/').next().unwrap_or_default();
    let plain = !last.is_empty()
        && !last.starts_with('.')
        && last
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if plain {
        last.to_owned()
    } else {
        "value".into()
    }
}

/// Edit `value` in the user's editor; the new text (newline rule applied),
/// or `None` when it is unchanged.
pub(crate) fn edit_value(secret: &str, value: &SecretValue) -> Result<Option<SecretValue>> {
    let scratch = Scratch::create()?;
    let mut initial = zeroize::Zeroizing::new(value.expose().as_bytes().to_vec());
    initial.extend_from_slice(crate::value::file_suffix(value));
    let file = scratch.write(&file_name(secret), &initial)?;
    run_editor(&scratch, &file)?;
    let bytes = zeroize::Zeroizing::new(
        fs::read(&file).context(|| format!("could not read the edited file {}", file.display()))?,
    );
    let text = std::str::from_utf8(crate::value::input_bytes(&bytes)).map_err(|_| {
        Error::usage(
            "the edited value is not UTF-8 text",
            "nothing was stored; store binary data encoded, e.g. `base64 < key.bin | sesame set NAME`",
        )
    })?;
    if bytes[..] == initial[..] {
        return Ok(None);
    }
    if text.is_empty() {
        return Err(Error::usage(
            format!("the edited value for '{secret}' is empty"),
            "nothing was stored; to delete the secret, use `sesame remove`",
        ));
    }
    if text == value.expose() {
        return Ok(None);
    }
    Ok(Some(SecretValue::new(text.to_owned())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_plain_or_value() {
        assert_eq!(file_name("app/config.json"), "config.json");
        assert_eq!(file_name("app/.hidden"), "value");
        assert_eq!(file_name("a/b c"), "value");
        assert_eq!(file_name("key"), "key");
    }

    #[test]
    fn vim_paths_are_escaped() {
        assert_eq!(vim_escape(Path::new("/a b/c,d")), "/a\\ b/c\\,d");
    }

    #[test]
    fn scratch_is_wiped_and_removed() {
        let Ok(s) = Scratch::create() else {
            return; // no tmpfs here
        };
        let p = s.write("v", b"secret").unwrap();
        let dir = s.path().to_owned();
        assert_eq!(fs::read(&p).unwrap(), b"secret");
        drop(s);
        assert!(!dir.exists());
    }
}
