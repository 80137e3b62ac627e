//! `run`, `env` and `import`: secrets into processes and other tools, never
//! into logs.
//!
//! - [`project`]: the project file `sesame.toml`.
//! - [`trust`]: which project files this user approved, by content.
//! - [`select`]: which secrets, as which variables (project file and flags).
//! - [`child`]: the child's environment, `exec`, or spawn with signal
//!   forwarding and reaping.
//! - `pump`: the child's output copied through the masker.
//! - [`terminal`]: masking on a terminal, the child on a pseudo-terminal
//!   that sesame relays (the one place here that reads the terminal).
//! - [`handover`]: values handed over as private files.
//! - [`mask`]: streaming masking of values and their encodings.
//! - [`format`](mod@format): `env` output formats.
//! - [`dotenv`]: reading dotenv files for `import`.
//! - [`envfile`]: `--env-file`, dotenv files whose values may be references.
//! - [`template`]: `inject`'s templates, `{{ sesame://NAME }}`.
//!
//! Nothing here prints or reads the terminal; the commands do.

pub(crate) mod child;
pub(crate) mod dotenv;
pub(crate) mod envfile;
pub(crate) mod format;
pub(crate) mod handover;
pub(crate) mod mask;
pub(crate) mod project;
mod pump;
pub(crate) mod scaffold;
pub(crate) mod select;
pub(crate) mod template;
pub(crate) mod terminal;
pub(crate) mod trust;
