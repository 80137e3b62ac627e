//! Shell completion, in one place: the scripts that `sesame completions SHELL`
//! prints and `completions/` holds ([`completion`]), and the hidden
//! `sesame __complete names PREFIX` they call back for secret names ([`names`]).
//!
//! `tests/docs.rs` checks the committed scripts against [`completion`];
//! `tests/completions.rs` loads them in real bash, zsh and fish.

pub mod names;
mod script;

pub use script::{SHELLS, command_paths, completion, completion_file_name, completion_for, find};
