//! sesame's integration tests: one binary (each file under `tests/` would
//! otherwise be its own binary linking the whole crate), a module per area.
//! Every test drives the real `sesame` binary on real files in a sandbox of its
//! own (`util::Sandbox`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

/// The harness: sandboxes, the binary, skipping or failing on missing programs.
mod util;

/// `sesame audit`: what is recorded, tampering caught, rotation.
mod audit;
/// Completion scripts loaded in real bash, zsh and fish.
mod completions;
/// Generated completions and man pages match the clap definitions.
mod docs;
/// Damaged files refused, concurrent and killed writers, the reference `age` CLI.
mod durability;
/// `sesame env` read back by sh, python-dotenv and JSON; `import`.
mod env;
/// Every user-facing error text, pinned in tests/snapshots/errors/.
mod errors;
/// The everyday commands: set, get, list, show, generate, remove, init.
mod everyday;
/// The fuzz corpora and crash reproducers replayed (issue 19).
mod fuzz_corpora;
/// Regressions from security reviews.
mod hardening;
/// Versions, rotation, grace periods, expiry, revocation, rollback, status.
mod lifecycle;
/// Generated inputs: the audit chain, import and the env formats against their readers.
mod properties;
/// CI identities, sealed recipient lists, SSH keys.
mod recipients;
/// `sesame run`: child processes, signals, masking, file hand-over.
mod run;
/// `sesame scan` and the git hook.
mod scan;
/// The unlock cache in the kernel keyring, `passwd`, `rekey`.
mod unlock;
