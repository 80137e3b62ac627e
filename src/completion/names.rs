//! `sesame __complete names [--] [PREFIX]`: the hidden call-back of the bash,
//! zsh and fish completion scripts (see [`super::completion`]).
//!
//! It prints the stored secret names that start with PREFIX, one a line, when
//! the store opens without asking anyone, through the same
//! [`unlock::unlock`] as every command but with a prompt that is never
//! available, and without the password variables: `SESAME_IDENTITY` /
//! `SESAME_IDENTITY_FILE`, or the cached unlock of `sesame unlock`. The
//! password would cost a scrypt derivation (about 2 s and 256 MiB) per TAB;
//! completion is meant to cost nothing, so a password alone completes no names.
//!
//! Otherwise (locked, no store, wrong password, damaged file) it prints nothing
//! and exits 0: completing a word never prompts and never prints an error.
//!
//! `__complete profiles` offers the profiles of the project file only when
//! that file is approved (or pinned): an unapproved `sesame.toml` is hashed to
//! find that out, and nothing in it is used.
//!
//! It is not a clap subcommand, so that no completion script, `--help` or man
//! page offers it: `main` hands it over before parsing, as clap_complete's own
//! dynamic engine does.

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

use crate::error::{Result, exit};
use crate::unlock::{self, NoPrompt, UnlockEnv};
use crate::vault::Store;

/// The hidden command word (`sesame __complete …`).
pub const COMMAND: &str = "__complete";

/// Run `sesame __complete ARGS…` (`args` is what follows `__complete`).
pub fn run(args: &[OsString]) -> ExitCode {
    let mut words = args.iter();
    let kind = words.next();
    if kind.is_some_and(|k| k == "profiles") {
        let prefix = words
            .find(|w| *w != "--")
            .and_then(|w| w.to_str())
            .unwrap_or("");
        print_lines(profiles(prefix));
        return ExitCode::SUCCESS;
    }
    if kind.is_none_or(|kind| kind != "names") {
        crate::stderr_line!(
            "sesame: {COMMAND} is internal to the completion scripts — use `sesame {COMMAND} names [--] [PREFIX]`"
        );
        return ExitCode::from(exit::USAGE);
    }
    let rest: Vec<&OsString> = words.skip_while(|w| *w == "--").collect();
    let prefix = match rest.as_slice() {
        [] => "",
        // Names are ASCII: a prefix that is not UTF-8 matches none.
        [one] => match one.to_str() {
            Some(p) => p,
            None => return ExitCode::SUCCESS,
        },
        _ => {
            crate::stderr_line!("sesame: {COMMAND} names takes one PREFIX — quote it");
            return ExitCode::from(exit::USAGE);
        }
    };
    // Flags are completed by the scripts themselves; no unlock for them.
    if !prefix.starts_with('-') {
        let names = names(prefix).unwrap_or_default();
        let mut out = io::stdout().lock();
        // A name no valid store holds (control characters) is never offered.
        for name in names
            .iter()
            .filter(|n| !n.chars().any(crate::escape::is_unsafe))
        {
            // A closed pipe only means the shell stopped listening.
            if writeln!(out, "{name}").is_err() {
                break;
            }
        }
        let _ = out.flush();
    }
    ExitCode::SUCCESS
}

/// One item a line on stdout; a closed pipe only means the shell stopped listening.
fn print_lines(items: Vec<String>) {
    let mut out = io::stdout().lock();
    for item in items {
        if writeln!(out, "{item}").is_err() {
            break;
        }
    }
    let _ = out.flush();
}

/// The profiles of the sesame.toml found from the working directory up,
/// starting with `prefix`, when that file is approved as it is (issue 13).
/// Approvals are sealed with the identity, so this needs an unlock without a
/// prompt (the cache, or SESAME_IDENTITY*); without one, nothing is offered. A
/// name with anything but `[A-Za-z0-9._-]` is left out: a hostile project file
/// must not put escapes on the terminal.
fn profiles(prefix: &str) -> Vec<String> {
    let Ok(cwd) = std::env::current_dir() else {
        return Vec::new();
    };
    let Ok(Some(project)) = crate::inject::project::Project::find(&cwd) else {
        return Vec::new();
    };
    let Some(key) = quiet_key() else {
        return Vec::new();
    };
    if !crate::inject::trust::allowed(&project, &key).unwrap_or(false) {
        return Vec::new();
    }
    project
        .profiles
        .keys()
        .filter(|p| p.starts_with(prefix))
        .filter(|p| {
            p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        })
        .cloned()
        .collect()
}

/// The key of the local approvals, if the store unlocks without a prompt.
fn quiet_key() -> Option<crate::state::StateKey> {
    let store = Store::at(store_dir().ok()?);
    store.require().ok()?;
    let unlocked = unlock::unlock(
        &store,
        &UnlockEnv::from_process().without_password(),
        &NoPrompt,
    )
    .ok()?;
    unlocked
        .identities
        .first()
        .map(crate::state::StateKey::derive)
}

fn store_dir() -> Result<std::path::PathBuf> {
    match std::env::var_os(crate::commands::ENV_STORE).filter(|d| !d.is_empty()) {
        Some(d) => Ok(d.into()),
        None => crate::commands::default_store_dir(),
    }
}

/// The names starting with `prefix`, if the store opens without a prompt.
fn names(prefix: &str) -> Result<Vec<String>> {
    let store = Store::at(store_dir()?);
    store.require()?;
    let unlocked = unlock::unlock(
        &store,
        &UnlockEnv::from_process().without_password(),
        &NoPrompt,
    )?;
    // Only the matching secrets are parsed; the rest are skipped unbuilt.
    let vault = store.load_selected(&unlocked.identities, &|name| name.starts_with(prefix))?;
    Ok(vault
        .secrets
        .range(prefix.to_owned()..)
        .take_while(|(name, _)| name.starts_with(prefix))
        .map(|(name, _)| name.clone())
        .collect())
}
