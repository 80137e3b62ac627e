//! sesame: a local-first command-line secret manager.
//!
//! Secrets live in a store of standard age files (see `vault`), are unlocked
//! with a master password or an age identity (see `unlock`), and leave sesame
//! only through `get`, `env`, `run` and `--print`. The binary in `main.rs` is a
//! thin shell around [`commands::run`].

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod audit;
pub mod cli;
pub mod commands;
pub mod config;
pub mod crypto;
pub mod docs;
pub mod error;
pub mod hardening;
pub mod inject;
pub mod memlock;
pub mod scan;
pub mod secret;
pub mod time;
pub mod unlock;
pub mod value;
pub mod vault;

pub use error::{Error, Result};
