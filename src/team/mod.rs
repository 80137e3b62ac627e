//! Team stores shared through git (issue 15): the store's place in its
//! repository and the registration of sesame's git drivers (`register.rs`),
//! git's plumbing as sesame runs it (`git.rs`), the text `git diff` shows of
//! a manifest (`diff.rs`). The merge itself is `vault::merge`.

pub(crate) mod diff;
pub(crate) mod git;
pub(crate) mod register;

pub(crate) use register::register_git;
pub(crate) use register::repo_root;

use age::secrecy::SecretString;

use crate::error::{Error, Result};
use crate::unlock::Prompt;

/// No one to ask: git runs the drivers, and a password prompt for every
/// file of `git log -p` would be no help. Unlocking falls through to
/// `NoUnlockSource` without the cache, a password or an identity variable.
pub(crate) struct NoPrompt;

impl Prompt for NoPrompt {
    fn available(&self) -> bool {
        false
    }

    fn ask(&self, _prompt: &str) -> Result<SecretString> {
        Err(Error::NoUnlockSource)
    }
}
