//! sesame: a local-first command-line secret manager.
//!
//! Secrets live in a store of standard age files (see `vault`), are unlocked
//! with a master password or an age identity (see `unlock`), and leave sesame
//! only through `get`, `env`, `run` and `--print`. The binary in `main.rs` is a
//! thin shell around [`commands::run`].

#![forbid(unsafe_code)]
// The public items exist for main.rs, examples/ and tests/, not for other
// crates; the docs are read with --document-private-items, where links from
// those items into private modules resolve.
#![allow(rustdoc::private_intra_doc_links)]

pub mod audit;
/// `eprintln!` that never panics: a closed stderr (`sesame … 2>&1 | true`) must
/// not turn a finished command into exit 101 after it wrote the store. The
/// line is escaped ([`escape`]): every message may hold a name, a path or a
/// command from somewhere else, and none may drive the terminal.
#[macro_export]
macro_rules! stderr_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = ::std::format!($($arg)*);
        let _ = writeln!(std::io::stderr(), "{}", $crate::escaped_line(&line));
    }};
}

/// A message line on stderr made of our own `prefix` (which may hold colour)
/// and `msg` escaped as by [`stderr_line!`]; never panics.
pub fn stderr_styled(prefix: &str, msg: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{prefix} {}", escape::escaped(msg));
}

/// [`stderr_line!`]'s escaping, for the binary's own messages.
#[doc(hidden)]
pub fn escaped_line(line: &str) -> std::borrow::Cow<'_, str> {
    escape::escaped(line)
}

pub mod cli;
pub mod clipboard;
pub mod color;
pub mod commands;
pub mod completion;
mod config;
mod credhelper;
pub mod crypto;
mod editor;
pub mod error;
mod escape;
// Store format 2's parsers for the fuzz targets (issue 12; merged into
// `fuzzing` with issue 19).
/// Entry points for the fuzz targets (`fuzz/`) and their replay in `cargo test`.
#[doc(hidden)]
pub mod fuzzing;
#[doc(hidden)]
pub mod fuzzing_12;
/// Issue 18's parsers for the fuzz targets (credential helpers, importers).
#[doc(hidden)]
pub mod fuzzing_18;
// Templates and env files (issue 18).
#[doc(hidden)]
pub mod fuzzing_inject;
pub mod hardening;
mod importers;
mod inject;
mod lifecycle;
pub mod man;
mod memlock;
mod name;
mod perms;
mod process;
mod scan;
mod state;
mod team;
pub mod time;
pub mod unlock;
mod value;
pub mod vault;

pub use error::{Error, Result};

/// The pty helper (`sesame __pty-exec …`, see `process::pty`), which `main`
/// hands over to before anything else.
#[doc(hidden)]
pub use process::pty::{HELPER as PTY_HELPER, helper_main as pty_helper_main};
