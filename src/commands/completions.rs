//! `sesame completions SHELL`: print the completion script generated from the
//! clap definitions (see [`crate::completion`]). Runs before any
//! [`super::Context`] exists, so it never touches the store, keyring or a prompt.

use super::Output;
use crate::cli::CompletionsArgs;
use crate::completion;
use crate::error::Result;

impl CompletionsArgs {
    /// Print the script on stdout.
    pub(crate) fn print(&self, out: &mut Output) -> Result<()> {
        out.raw(completion::completion(self.shell).as_bytes())
    }
}
