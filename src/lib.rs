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
/// not turn a finished command into exit 101 after it wrote the store.
#[macro_export]
macro_rules! stderr_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod cli;
pub mod commands;
pub mod completion;
mod config;
pub mod crypto;
pub mod error;
/// Entry points for the fuzz targets (`fuzz/`) and their replay in `cargo test`.
#[doc(hidden)]
pub mod fuzzing;
pub mod hardening;
mod inject;
mod lifecycle;
pub mod man;
mod memlock;
mod name;
mod process;
mod scan;
mod state;
pub mod time;
pub mod unlock;
mod value;
pub mod vault;

pub use error::{Error, Result};
