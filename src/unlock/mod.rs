//! Where the identity comes from (ARCHITECTURE.md, "Unlocking"). In order, the first
//! source present wins:
//!
//! 1. `SESAME_IDENTITY` / `SESAME_IDENTITY_FILE`: an age identity, no password;
//! 2. `SESAME_PASSWORD_FILE` / `SESAME_PASSWORD`: decrypts `identity.age`;
//! 3. a cached unlock in the OS credential store ([`cache`]), written by
//!    `sesame unlock` and after every successful prompt;
//! 4. a hidden prompt on the controlling terminal.
//!
//! With none of them, unlocking fails at once (exit 3) and names the variables.

pub(crate) mod cache;
pub(crate) mod prompt;
#[cfg(target_os = "linux")]
pub(crate) mod session;

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use age::secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::crypto::Identity;
use crate::crypto::ssh::{self, SshError, SshKey};
use crate::error::{Error, Result};
use crate::memlock::MemLock;
use crate::vault::Store;
pub use cache::Cache;
pub(crate) use cache::Unavailable;
pub(crate) use prompt::{NoPrompt, Prompt, Terminal};

/// An age identity, as a string.
pub(crate) const ENV_IDENTITY: &str = "SESAME_IDENTITY";
/// A file holding age identities.
pub(crate) const ENV_IDENTITY_FILE: &str = "SESAME_IDENTITY_FILE";
/// A file holding the master password.
pub(crate) const ENV_PASSWORD_FILE: &str = "SESAME_PASSWORD_FILE";
/// The master password itself (discouraged).
pub(crate) const ENV_PASSWORD: &str = "SESAME_PASSWORD";
/// A file holding the new password for `passwd`.
pub(crate) const ENV_NEW_PASSWORD_FILE: &str = "SESAME_NEW_PASSWORD_FILE";
/// The new password for `passwd`.
pub(crate) const ENV_NEW_PASSWORD: &str = "SESAME_NEW_PASSWORD";

/// Which source unlocked the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// `SESAME_IDENTITY`.
    IdentityEnv,
    /// `SESAME_IDENTITY_FILE`.
    IdentityFile(PathBuf),
    /// `SESAME_PASSWORD_FILE`.
    PasswordFile(PathBuf),
    /// `SESAME_PASSWORD`.
    PasswordEnv,
    /// The OS credential store, cached until the given time.
    Cache(jiff::Timestamp),
    /// The terminal prompt.
    Prompt,
}

/// The unlocked identities and where they came from.
#[derive(Debug)]
pub(crate) struct Unlocked {
    /// Keys that may open the vault.
    pub(crate) identities: Vec<Identity>,
    /// Where they came from.
    pub(crate) source: Source,
    /// Why the cache could not be read, when it was tried and failed.
    pub(crate) cache_problem: Option<Unavailable>,
}

/// The unlock-related environment, read once. `Debug` shows which variables
/// are set, never their contents (a password, an identity).
#[derive(Default, Clone)]
pub(crate) struct UnlockEnv {
    identity: Option<OsString>,
    identity_file: Option<OsString>,
    password_file: Option<OsString>,
    password: Option<OsString>,
}

impl std::fmt::Debug for UnlockEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set = |v: &Option<OsString>| if v.is_some() { "***" } else { "unset" };
        f.debug_struct("UnlockEnv")
            .field("identity", &set(&self.identity))
            .field("identity_file", &self.identity_file)
            .field("password_file", &self.password_file)
            .field("password", &set(&self.password))
            .finish()
    }
}

fn non_empty(v: Option<OsString>) -> Option<OsString> {
    v.filter(|s| !s.is_empty())
}

impl UnlockEnv {
    /// The same without the password variables: only sources that cost no
    /// scrypt derivation remain (identity variables, the cache).
    pub(crate) fn without_password(mut self) -> Self {
        self.password = None;
        self.password_file = None;
        self
    }

    /// Read the variables from the process environment.
    pub(crate) fn from_process() -> Self {
        UnlockEnv {
            identity: non_empty(std::env::var_os(ENV_IDENTITY)),
            identity_file: non_empty(std::env::var_os(ENV_IDENTITY_FILE)),
            password_file: non_empty(std::env::var_os(ENV_PASSWORD_FILE)),
            password: non_empty(std::env::var_os(ENV_PASSWORD)),
        }
    }

    /// Read the `passwd` variables (`SESAME_NEW_PASSWORD[_FILE]`) as password sources.
    pub(crate) fn new_password_from_process() -> Self {
        UnlockEnv {
            password_file: non_empty(std::env::var_os(ENV_NEW_PASSWORD_FILE)),
            password: non_empty(std::env::var_os(ENV_NEW_PASSWORD)),
            ..Default::default()
        }
    }

    /// Whether a password variable is set (else a new password is typed).
    pub(crate) fn has_password(&self) -> bool {
        self.password_file.is_some() || self.password.is_some()
    }

    /// A password given by the environment (file first), if any.
    pub(crate) fn password(&self) -> Result<Option<(SecretString, Source)>> {
        if let Some(path) = &self.password_file {
            let path = PathBuf::from(path);
            let pw = read_password_file(&path)?;
            return Ok(Some((pw, Source::PasswordFile(path))));
        }
        if let Some(pw) = &self.password {
            let pw = pw.to_str().ok_or_else(|| Error::Auth {
                what: format!("{ENV_PASSWORD} is not valid UTF-8"),
                hint: "set it to the master password as text".into(),
            })?;
            return Ok(Some((
                checked(SecretString::from(pw.to_owned()))?,
                Source::PasswordEnv,
            )));
        }
        Ok(None)
    }
}

/// Refuse an empty password; lock the accepted one into RAM where allowed.
fn checked(pw: SecretString) -> Result<SecretString> {
    if pw.expose_secret().is_empty() {
        return Err(Error::Auth {
            what: "the password is empty".into(),
            hint: "enter the master password (an empty one is never accepted)".into(),
        });
    }
    // Kept locked until the process exits (sesame is short-lived, and a page
    // left locked after the password is zeroized and freed costs nothing).
    MemLock::lock(pw.expose_secret()).keep();
    Ok(pw)
}

/// Read a password file: its contents less one trailing newline.
fn read_password_file(path: &Path) -> Result<SecretString> {
    let bytes = Zeroizing::new(fs::read(path).map_err(|e| Error::Auth {
        what: format!("could not read the password file {}: {e}", path.display()),
        hint: format!("check {ENV_PASSWORD_FILE}"),
    })?);
    let text = std::str::from_utf8(&bytes).map_err(|_| Error::Auth {
        what: format!("the password file {} is not UTF-8 text", path.display()),
        hint: format!("check {ENV_PASSWORD_FILE}"),
    })?;
    let text = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(text);
    checked(SecretString::from(text.to_owned()))
}

fn identity_error(what: String) -> Error {
    Error::Auth {
        what,
        hint: format!(
            "set {ENV_IDENTITY} to an AGE-SECRET-KEY-1… line, or {ENV_IDENTITY_FILE} to a file of them or to an OpenSSH private key (ssh-ed25519, ssh-rsa)"
        ),
    }
}

/// Unlock `store` from the first source available.
pub(crate) fn unlock(store: &Store, env: &UnlockEnv, prompt: &dyn Prompt) -> Result<Unlocked> {
    unlock_with(store, env, prompt, true)
}

/// Unlock from the identity variables, if one is set. The prompt asks for the
/// passphrase of an SSH key file.
fn from_identity_env(env: &UnlockEnv, prompt: &dyn Prompt) -> Result<Option<Unlocked>> {
    if let Some(key) = &env.identity {
        let key = Zeroizing::new(key.to_str().unwrap_or_default().to_owned());
        let identity = Identity::parse(&key)
            .map_err(|why| identity_error(format!("{ENV_IDENTITY} is {why}")))?;
        return Ok(Some(Unlocked {
            identities: vec![identity],
            source: Source::IdentityEnv,
            cache_problem: None,
        }));
    }
    if let Some(path) = &env.identity_file {
        let path = PathBuf::from(path);
        let text = Zeroizing::new(
            fs::read_to_string(&path)
                .map_err(|e| identity_error(format!("could not read {}: {e}", path.display())))?,
        );
        let identities = if text.trim_start().starts_with("ssh-") {
            return Err(identity_error(format!(
                "{} is an SSH public key; {ENV_IDENTITY_FILE} needs the private key (the file without .pub)",
                path.display()
            )));
        } else if ssh::looks_like(&text) {
            vec![ssh_identity(&path, &text, prompt)?]
        } else {
            Identity::parse_file(&text)
                .map_err(|why| identity_error(format!("{}: {why}", path.display())))?
        };
        return Ok(Some(Unlocked {
            identities,
            source: Source::IdentityFile(path),
            cache_problem: None,
        }));
    }
    Ok(None)
}

/// The identities of a key file (an OpenSSH private key, or an age identity
/// file), as `SESAME_IDENTITY_FILE` reads it: `team join --ssh-key`.
pub(crate) fn identities_in_file(path: &Path, prompt: &dyn Prompt) -> Result<Vec<Identity>> {
    let env = UnlockEnv {
        identity_file: Some(path.as_os_str().to_owned()),
        ..UnlockEnv::default()
    };
    from_identity_env(&env, prompt)?
        .map(|u| u.identities)
        .ok_or(Error::NoUnlockSource)
}

/// An OpenSSH private key file as the identity; a passphrase is asked on the
/// terminal, up to [`PROMPT_TRIES`] times.
fn ssh_identity(path: &Path, text: &str, prompt: &dyn Prompt) -> Result<Identity> {
    let name = path.display();
    let unusable = |e: SshError| match e {
        SshError::WrongPassphrase => Error::Auth {
            what: format!("wrong passphrase for the SSH key {name}"),
            hint: "type the passphrase the key was protected with (ssh-keygen -p changes it)"
                .into(),
        },
        SshError::Unusable(why) => identity_error(format!("{name} {why}")),
    };
    let key = SshKey::parse(text).map_err(unusable)?;
    if !key.is_encrypted() {
        let (id, recipient, secret) = key.decrypt(None).map_err(unusable)?;
        return Ok(Identity::from_ssh(id, recipient, secret));
    }
    if !prompt.available() {
        return Err(Error::Auth {
            what: format!(
                "the SSH key {name} is protected by a passphrase, and there is no terminal to ask it"
            ),
            hint: format!(
                "run in a terminal, or set {ENV_IDENTITY_FILE} to a key without a passphrase or an age identity"
            ),
        });
    }
    let ask = format!("Passphrase for the SSH key {name}: ");
    for tries in 1..=PROMPT_TRIES {
        let pw = prompt.ask(&ask)?;
        match key.decrypt(Some(&pw)) {
            Ok((id, recipient, secret)) => return Ok(Identity::from_ssh(id, recipient, secret)),
            Err(SshError::WrongPassphrase) if tries < PROMPT_TRIES => {
                let left = PROMPT_TRIES - tries;
                crate::stderr_line!(
                    "sesame: wrong passphrase; try again ({left} {} left)",
                    if left == 1 { "try" } else { "tries" }
                );
            }
            Err(e) => return Err(unusable(e)),
        }
    }
    Err(unusable(SshError::WrongPassphrase))
}

/// Unlock `store`; `use_cache: false` skips source 3 (for `sesame unlock`,
/// which proves the password afresh).
pub(crate) fn unlock_with(
    store: &Store,
    env: &UnlockEnv,
    prompt: &dyn Prompt,
    use_cache: bool,
) -> Result<Unlocked> {
    if let Some(u) = from_identity_env(env, prompt)? {
        return Ok(u);
    }
    // Fail before any scrypt work if there is no store.
    store.require()?;
    if let Some((pw, source)) = env.password()? {
        let identity = store.unwrap_identity(&pw)?;
        return Ok(Unlocked {
            identities: vec![identity],
            source,
            cache_problem: None,
        });
    }
    let mut cache_problem = None;
    if use_cache {
        match cached(store) {
            Ok(Some(u)) => return Ok(u),
            Ok(None) => {}
            Err(e) => cache_problem = Some(e),
        }
    }
    let identity = prompt_password(store, prompt)?;
    Ok(Unlocked {
        identities: vec![identity],
        source: Source::Prompt,
        cache_problem,
    })
}

/// Unlock with the master password only (environment or prompt), never an
/// identity variable or the cache: for `passwd`, which must prove the password.
pub(crate) fn unlock_password(
    store: &Store,
    env: &UnlockEnv,
    prompt: &dyn Prompt,
) -> Result<Identity> {
    store.require()?;
    if let Some((pw, _)) = env.password()? {
        return store.unwrap_identity(&pw);
    }
    prompt_password(store, prompt)
}

/// How many times the prompt asks before giving up (as sudo and gpg do).
pub(crate) const PROMPT_TRIES: u32 = 3;

/// Ask for the master password, up to [`PROMPT_TRIES`] times: a typo must not
/// end the command (and lose a value piped to it).
fn prompt_password(store: &Store, prompt: &dyn Prompt) -> Result<Identity> {
    if !prompt.available() {
        return Err(Error::NoUnlockSource);
    }
    let ask = format!("Master password for {}: ", store.dir().display());
    let mut tries = 1;
    loop {
        let answer = checked(prompt.ask(&ask)?).and_then(|pw| store.unwrap_identity(&pw));
        if matches!(answer, Err(Error::WrongPassword { .. })) {
            prompt.rejected();
        }
        let what = match answer {
            Ok(identity) => return Ok(identity),
            Err(Error::WrongPassword { path, .. }) if tries == PROMPT_TRIES => {
                return Err(Error::WrongPassword { path, typed: true });
            }
            Err(Error::WrongPassword { .. }) => "wrong password",
            Err(Error::Auth { .. }) if tries < PROMPT_TRIES => "the password is empty",
            Err(e) => return Err(e),
        };
        let left = PROMPT_TRIES - tries;
        crate::stderr_line!(
            "sesame: {what}; try again ({left} {} left)",
            if left == 1 { "try" } else { "tries" }
        );
        tries += 1;
    }
}

/// The store's live cached unlock, if any. An entry whose keys are not among
/// the store's recipients (the store was re-created or rekeyed) is dropped.
pub(crate) fn cached(store: &Store) -> std::result::Result<Option<Unlocked>, Unavailable> {
    let cache = Cache::for_store(store.dir());
    let Some(c) = cache.get()? else {
        return Ok(None);
    };
    let listed: Vec<String> = store
        .recipients()
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect();
    if !c.identities.iter().any(|i| listed.contains(&i.public())) {
        let _ = cache.forget();
        return Ok(None);
    }
    Ok(Some(Unlocked {
        identities: c.identities,
        source: Source::Cache(c.expires),
        cache_problem: None,
    }))
}

/// Cache an unlock of `store` for `ttl`; returns when it expires. An SSH key
/// is never cached: its file is read again on every run.
pub(crate) fn remember(
    store: &Store,
    identities: &[Identity],
    ttl: std::time::Duration,
) -> std::result::Result<jiff::Timestamp, Unavailable> {
    if identities.iter().any(Identity::is_ssh) {
        return Err(Unavailable(format!(
            "an SSH key is not cached; {ENV_IDENTITY_FILE} is read on every run"
        )));
    }
    Cache::for_store(store.dir()).put(identities, ttl)
}

/// Forget the cached unlock of `store`. Returns whether there was one.
pub(crate) fn forget(store: &Store) -> std::result::Result<bool, Unavailable> {
    Cache::for_store(store.dir()).forget()
}

/// Before sesame starts any program: make sure it cannot reach the cached
/// unlock (on Linux, [`session::leave`]; elsewhere see SECURITY.md).
pub(crate) fn keep_from_children() -> Result<()> {
    #[cfg(target_os = "linux")]
    return session::leave();
    #[cfg(not(target_os = "linux"))]
    Ok(())
}

/// A new master password: from the environment, or asked twice on the terminal.
pub(crate) fn new_password(
    env: &UnlockEnv,
    prompt: &dyn Prompt,
    what: &str,
) -> Result<SecretString> {
    if let Some((pw, _)) = env.password()? {
        return Ok(pw);
    }
    if !prompt.available() {
        return Err(Error::Auth {
            what: format!("no terminal to ask for the {what}"),
            hint: format!(
                "set {ENV_PASSWORD_FILE} (or {ENV_PASSWORD}) to it, or run in a terminal"
            ),
        });
    }
    for left in (0..PROMPT_TRIES).rev() {
        let first = match checked(prompt.ask(&format!("New {what}: "))?) {
            Ok(pw) => pw,
            Err(_) if left > 0 => {
                crate::stderr_line!("sesame: an empty password is never accepted; choose one");
                continue;
            }
            Err(e) => return Err(e),
        };
        let second = prompt.ask(&format!("Repeat the {what}: "))?;
        if prompt::same(&first, &second) {
            return Ok(first);
        }
        if left > 0 {
            crate::stderr_line!("sesame: the two passwords differ; choose it again");
        }
    }
    Err(Error::Auth {
        what: "the two passwords differed three times".into(),
        hint: "nothing was changed; run the command again".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_file_drops_one_newline_and_refuses_empty() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pw");
        fs::write(&p, "pass word\n\n").unwrap();
        assert_eq!(
            read_password_file(&p).unwrap().expose_secret(),
            "pass word\n"
        );
        fs::write(&p, "\n").unwrap();
        assert!(matches!(read_password_file(&p), Err(Error::Auth { .. })));
    }
}
