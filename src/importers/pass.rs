//! pass (`~/.password-store`, files `NAME.gpg` decrypted by the `gpg` program)
//! and passage (`~/.passage/store`, files `NAME.age`, decrypted here with the
//! identities in `~/.passage/identities`).
//!
//! A pass entry's first line is the password; the lines after it are kept
//! byte for byte as its notes, and a `login:`, `username:` or `user:` line
//! among them also gives the user name, a `url:` line the URL.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use zeroize::Zeroizing;

use super::Entry;
use crate::crypto::Identity;
use crate::error::{Error, IoContext, Result};
use crate::value::SecretValue;

/// Largest decrypted entry read.
const MAX_ENTRY: usize = 1024 * 1024;

/// Every file ending in `ext` under `dir` (not following links to
/// directories, skipping dot-directories such as `.git`), sorted. A link
/// ending in `ext` (pass users link one entry under two names) is taken when
/// it leads to a regular file inside `dir`, and refused otherwise, never
/// skipped unsaid.
fn files(dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    let root =
        std::fs::canonicalize(dir).context(|| format!("could not read {}", dir.display()))?;
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let read = std::fs::read_dir(&d).context(|| format!("could not read {}", d.display()))?;
        for entry in read {
            let entry = entry.context(|| format!("could not read {}", d.display()))?;
            let path = entry.path();
            let kind = entry
                .file_type()
                .context(|| format!("could not read {}", path.display()))?;
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if kind.is_dir() && !hidden {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                if kind.is_symlink() && !link_inside(&root, &path) {
                    return Err(Error::usage(
                        format!(
                            "{} is a link to something other than an entry of this store",
                            path.display()
                        ),
                        "nothing was imported; replace the link with the file it should be, or remove it",
                    ));
                }
                if kind.is_file() || kind.is_symlink() {
                    out.push(path);
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Whether the link `path` leads to a regular file under `root` (canonical).
fn link_inside(root: &Path, path: &Path) -> bool {
    std::fs::canonicalize(path).is_ok_and(|target| {
        target.starts_with(root) && std::fs::metadata(&target).is_ok_and(|m| m.is_file())
    })
}

/// An entry from its decrypted text and its path under the store.
pub(crate) fn entry(dir: &Path, file: &Path, text: &str) -> Entry {
    let rel = file.strip_prefix(dir).unwrap_or(file).with_extension("");
    let rel = rel.to_string_lossy().into_owned();
    let (folder, name) = match rel.rsplit_once('/') {
        Some((f, n)) => (f.to_owned(), n.to_owned()),
        None => (String::new(), rel.clone()),
    };
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let first = first.strip_suffix('\r').unwrap_or(first);
    let field = |keys: &[&str]| {
        rest.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            keys.contains(&k.trim().to_ascii_lowercase().as_str())
                .then(|| v.trim().to_owned())
        })
    };
    Entry {
        origin: rel.clone(),
        folder,
        name,
        password: Some(SecretValue::new(first.to_owned())),
        username: field(&["login", "username", "user"]),
        url: field(&["url"]),
        notes: Some(SecretValue::new(rest.to_owned())),
        ..Entry::default()
    }
}

fn not_text(file: &Path) -> Error {
    Error::usage(
        format!("{} does not decrypt to UTF-8 text", file.display()),
        "nothing was imported; sesame stores text (move that entry aside, or store it base64-encoded)",
    )
}

/// The entries of a pass store, each decrypted by `gpg --decrypt` (which may
/// ask for its passphrase through gpg-agent). One that fails stops the import.
pub(crate) fn pass(dir: &Path) -> Result<Vec<Entry>> {
    let list = files(dir, "gpg")?;
    crate::unlock::keep_from_children()?;
    let mut out = Vec::with_capacity(list.len());
    for file in list {
        let bytes = gpg_decrypt(&file)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| not_text(&file))?;
        out.push(entry(dir, &file, text));
    }
    Ok(out)
}

fn gpg_decrypt(file: &Path) -> Result<Zeroizing<Vec<u8>>> {
    let failed = |why: String| {
        Error::usage(
            format!("gpg could not decrypt {}: {why}", file.display()),
            "nothing was imported; check that `gpg --decrypt` works for it (its key, gpg-agent)",
        )
    };
    let mut child = Command::new("gpg")
        .args(["--quiet", "--batch", "--decrypt", "--"])
        .arg(file)
        .env_clear()
        .envs(crate::process::inherited_env())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| failed(format!("gpg could not be run ({e})")))?;
    // Sized up front: a growing buffer would free unzeroized copies.
    let mut bytes = Zeroizing::new(Vec::with_capacity(MAX_ENTRY + 1));
    if let Some(stdout) = child.stdout.take() {
        stdout
            .take(MAX_ENTRY as u64 + 1)
            .read_to_end(&mut bytes)
            .context(|| format!("could not read what gpg decrypted of {}", file.display()))?;
    }
    let status = child.wait().context(|| "could not wait for gpg".into())?;
    if !status.success() {
        return Err(failed(format!("it exited with {status}")));
    }
    if bytes.len() > MAX_ENTRY {
        return Err(failed("it is over 1 MiB".into()));
    }
    Ok(bytes)
}

/// The entries of a passage store, decrypted with the age identities in
/// `identities` (`~/.passage/identities`).
pub(crate) fn passage(dir: &Path, identities: &Path) -> Result<Vec<Entry>> {
    let text = Zeroizing::new(std::fs::read_to_string(identities).map_err(|e| {
        Error::usage(
            format!(
                "could not read the passage identities {}: {e}",
                identities.display()
            ),
            "nothing was imported; set PASSAGE_IDENTITIES_FILE to the file of age identities",
        )
    })?);
    let keys = Identity::parse_file(&text).map_err(|why| {
        Error::usage(
            format!("{}: {why}", identities.display()),
            "nothing was imported; passage identities are AGE-SECRET-KEY-1… lines",
        )
    })?;
    let mut out = Vec::new();
    for file in files(dir, "age")? {
        let bytes =
            std::fs::read(&file).context(|| format!("could not read {}", file.display()))?;
        let plain = crate::crypto::decrypt(&bytes, &keys).map_err(|_| {
            Error::usage(
                format!(
                    "{} does not decrypt with the identities in {}",
                    file.display(),
                    identities.display()
                ),
                "nothing was imported; check PASSAGE_IDENTITIES_FILE",
            )
        })?;
        let text = std::str::from_utf8(&plain).map_err(|_| not_text(&file))?;
        out.push(entry(dir, &file, text));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_and_notes() {
        let e = entry(
            Path::new("/s"),
            Path::new("/s/web/site.gpg"),
            "pw\nlogin: me\nurl: https://x\n",
        );
        assert_eq!((e.folder.as_str(), e.name.as_str()), ("web", "site"));
        assert_eq!(e.password.unwrap().expose(), "pw");
        assert_eq!(e.username.as_deref(), Some("me"));
        assert_eq!(e.url.as_deref(), Some("https://x"));
        assert_eq!(e.notes.unwrap().expose(), "login: me\nurl: https://x\n");
    }
}
