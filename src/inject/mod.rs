//! `run`, `env` and `import`: secrets into processes and other tools, never
//! into logs.
//!
//! - [`project`]: the project file `sesame.toml`.
//! - [`select`]: which secrets, as which variables (project file and flags).
//! - [`child`]: the child's environment, `exec`, or spawn with signal
//!   forwarding and reaping.
//! - `pump`: the child's output copied through the masker.
//! - [`handover`]: values handed over as private files.
//! - [`mask`]: streaming masking of values and their encodings.
//! - [`format`]: `env` output formats.
//! - [`dotenv`]: reading dotenv files for `import`.
//!
//! Nothing here prints or reads the terminal; the commands do.

pub mod child;
pub mod dotenv;
pub mod format;
pub mod handover;
pub mod mask;
pub mod project;
mod pump;
pub mod select;
