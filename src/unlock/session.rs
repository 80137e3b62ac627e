//! Keeping the cached unlock from every program sesame starts (Linux).
//!
//! The cached identity sits in the user keyring only encrypted; the key that
//! decrypts it is a `user` key in this login session's keyring whose
//! permissions give nothing to the user, the group or others, only to a
//! *possessor*: a process whose session keyring holds it. Re-linking the
//! user keyring (`keyctl link @u @s`) gains nothing, since the key is not
//! there; the session keyring itself grants others view and read only, not
//! link or search (measured with `keyctl rdescribe`, also as root).
//!
//! Every program sesame starts (the child of `run`, rotate and revoke
//! commands, git) would inherit sesame's session keyring and so possess the
//! key. So before it starts one, sesame moves itself into a new, empty
//! session keyring ([`leave`]). The kernel lets a process replace its own
//! session keyring only through `keyctl(KEYCTL_JOIN_SESSION_KEYRING)`, which
//! neither the standard library nor `linux-keyutils` offers and sesame
//! forbids itself unsafe code for; `keyctl new_session` (keyutils) does it
//! for its parent: it joins a new anonymous session keyring and hands it to
//! sesame (`KEYCTL_SESSION_TO_PARENT`), which sesame checks afterwards. Where
//! `keyctl` is not installed, or the process has no session keyring of its
//! own (only the user's default session keyring, shared by every process of
//! the user that has none: cron jobs, many containers), sesame does not cache
//! the unlock at all, and `-v` says why.
//!
//! What remains (SECURITY.md): any process of the same user that is *not*
//! started by sesame and shares the login session (another program started
//! from the same shell) possesses the key, as any such process can use an
//! ssh-agent; and a process of the same user can read another's memory where
//! ptrace is allowed.

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use linux_keyutils::{KeyRing, KeyRingIdentifier};

use super::Unavailable;
use crate::error::{Error, Result};

/// The outcome of [`leave`], done once per process.
static LEFT: OnceLock<std::result::Result<(), String>> = OnceLock::new();

/// Where `keyctl` may be: root's directories only, never `$PATH`.
const KEYCTL: [&str; 4] = [
    "/usr/bin/keyctl",
    "/bin/keyctl",
    "/usr/sbin/keyctl",
    "/sbin/keyctl",
];

/// This process's own session keyring; refused when it has only the user's
/// default session keyring, which every process of the user without a
/// session keyring of its own shares.
pub(crate) fn own() -> std::result::Result<KeyRing, Unavailable> {
    let ring = KeyRing::from_special_id(KeyRingIdentifier::Session, false)
        .map_err(|e| Unavailable(format!("kernel keyring: no session keyring: {e:?}")))?;
    let meta = ring
        .metadata()
        .map_err(|e| Unavailable(format!("kernel keyring: session keyring: {e:?}")))?;
    if meta.get_description().starts_with("_uid_ses.") {
        return Err(Unavailable(
            "this process has no session keyring of its own, only your default session \
             keyring, which every process of yours without one shares; the unlock is cached \
             only in a login session (or under `keyctl session -`)"
                .to_owned(),
        ));
    }
    Ok(ring)
}

/// The `keyctl` program: in a system directory, owned by root, writable by
/// nobody else.
fn keyctl() -> Option<&'static Path> {
    KEYCTL.iter().map(Path::new).find(|p| {
        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.uid() == 0 && m.mode() & 0o022 == 0)
    })
}

/// Whether sesame can start programs in a new session keyring here.
pub(crate) fn can_contain() -> std::result::Result<(), Unavailable> {
    keyctl().map(|_| ()).ok_or_else(|| {
        Unavailable(
            "keyctl (package keyutils) is not installed: sesame starts every program in a \
             new session keyring with `keyctl new_session`, so that none can reach the \
             cached unlock"
                .to_owned(),
        )
    })
}

/// Move this process into a new, empty session keyring before it starts a
/// program, so that the program cannot possess the cached unlock's key.
/// Done once per process. Fails closed: whenever this process has a session
/// keyring of its own (a login session, where an earlier sesame may have put
/// the possessor-only key, whether or not this process used it) and cannot
/// leave it, the program is not started.
pub(crate) fn leave() -> Result<()> {
    LEFT.get_or_init(leave_now).clone().map_err(|why| {
        Error::Other(format!(
            "did not start the program: it would share this login session's keyring, where a cached unlock can be reached ({why}) — install keyutils, or run `sesame lock` and start it outside sesame"
        ))
    })
}

fn leave_now() -> std::result::Result<(), String> {
    let Ok(before) = own() else {
        // Only the user's shared default session keyring: sesame never
        // caches there (`own` refuses it), so there is nothing to keep.
        return Ok(());
    };
    let Some(keyctl) = keyctl() else {
        // Without keyctl no sesame could have cached an unlock here (caching
        // needs it); unless one did before keyctl went away.
        return match holds_sesame_key(&before) {
            Ok(false) => Ok(()),
            Ok(true) => Err(
                "keyctl is not installed, and the session keyring holds a cached unlock".to_owned(),
            ),
            Err(e) => Err(format!("keyctl is not installed, and {e}")),
        };
    };
    let status = Command::new(keyctl)
        .arg("new_session")
        .env_clear()
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let after = KeyRing::from_special_id(KeyRingIdentifier::Session, false).ok();
    match status {
        _ if after.is_some_and(|a| a != before) => Ok(()),
        Ok(s) => Err(format!("`keyctl new_session` ended with {s}")),
        Err(e) => Err(format!("could not run keyctl: {e}")),
    }
}

/// Whether `ring` links a wrapping key of sesame's cache (`sesame:…:key`).
fn holds_sesame_key(ring: &KeyRing) -> std::result::Result<bool, String> {
    let links = ring
        .get_links(4096)
        .map_err(|e| format!("the session keyring could not be listed: {e:?}"))?;
    Ok(links.iter().filter_map(|l| l.as_key()).any(|k| {
        k.metadata().map_or(true, |m| {
            let d = m.get_description();
            d.starts_with("sesame:") && d.ends_with(":key")
        })
    }))
}
