//! The hidden prompt on the controlling terminal.
//!
//! It talks to `/dev/tty`, never to stdin/stdout, so that `sesame get x | cmd`
//! and `printf … | sesame set x` still prompt for the password where needed.

use std::fs::OpenOptions;
use std::io;

use age::secrecy::{ExposeSecret, SecretString};

use crate::error::{Error, Result};

/// Something that can ask a person for a secret.
pub(crate) trait Prompt {
    /// Whether there is anyone to ask.
    fn available(&self) -> bool;
    /// Ask, with echo off.
    fn ask(&self, prompt: &str) -> Result<SecretString>;
    /// Told that an answer was a wrong password, so that the audit log can
    /// count every wrong try (`rejections`).
    fn rejected(&self) {}
    /// How many answers were wrong passwords so far.
    fn rejections(&self) -> u32 {
        0
    }
}

/// No one to ask (shell completion, git's drivers, the credential helpers'
/// callers): unlocking falls through to `NoUnlockSource` without the cache,
/// a password or an identity variable.
pub(crate) struct NoPrompt;

impl Prompt for NoPrompt {
    fn available(&self) -> bool {
        false
    }

    fn ask(&self, _prompt: &str) -> Result<SecretString> {
        Err(Error::NoUnlockSource)
    }
}

/// The controlling terminal.
#[derive(Debug, Default)]
pub(crate) struct Terminal {
    rejected: std::cell::Cell<u32>,
}

impl Prompt for Terminal {
    fn available(&self) -> bool {
        OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .is_ok()
    }

    fn ask(&self, prompt: &str) -> Result<SecretString> {
        rpassword::prompt_password(crate::escape::escaped(prompt).as_ref())
            .map(SecretString::from)
            .map_err(|e| match e.kind() {
                io::ErrorKind::Interrupted | io::ErrorKind::UnexpectedEof => Error::Auth {
                    what: "the prompt was cancelled".into(),
                    hint: "nothing was changed".into(),
                },
                _ => Error::Auth {
                    what: format!("could not read from the terminal: {e}"),
                    hint: "set SESAME_PASSWORD_FILE instead".into(),
                },
            })
    }

    fn rejected(&self) {
        self.rejected.set(self.rejected.get().saturating_add(1));
    }

    fn rejections(&self) -> u32 {
        self.rejected.get()
    }
}

/// Compare two secrets in constant time (for a given length).
pub(crate) fn same(a: &SecretString, b: &SecretString) -> bool {
    let (a, b) = (a.expose_secret().as_bytes(), b.expose_secret().as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
