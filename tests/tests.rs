//! sesame's integration tests: one binary (each file under `tests/` would
//! otherwise be its own binary linking the whole crate), a module per area.
//! Every test drives the real `sesame` binary on real files in a sandbox of its
//! own (`util::Sandbox`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

/// The harness: sandboxes, the binary, skipping or failing on missing programs.
mod util;

/// Stored rotate/revoke commands run only when written here or approved.
mod approval;
/// `sesame audit`: what is recorded, tampering caught, rotation.
mod audit;
/// `get -c`: the clipboard under Xvfb, read back with xclip; OSC 52.
mod clipboard;
/// Completion scripts loaded in real bash, zsh and fish.
mod completions;
/// The git and docker credential helpers through git and docker (issue 18).
mod credhelpers;
/// Generated completions and man pages match the clap definitions.
mod docs;
/// Damaged files refused, concurrent and killed writers, the reference `age` CLI.
mod durability;
/// `edit --value`: a scripted editor, real vim and nano.
mod editvalue;
/// `sesame env` read back by sh, python-dotenv and JSON; `import`.
mod env;
/// Every user-facing error text, pinned in tests/snapshots/errors/.
mod errors;
/// The everyday commands: set, get, list, show, generate, remove, init.
mod everyday;
/// What a new user trips on in the first hour (issue 17).
mod firsthour;
/// `env` formats through fish, sh, bash, dash, zsh, `set -a; .`, python-dotenv.
mod formats;
/// The fuzz corpora and crash reproducers replayed (issue 19).
mod fuzz_corpora;
/// Regressions from security reviews.
mod hardening;
/// `import --from` other managers: pass, passage, Bitwarden, CSV (issue 18).
mod importers;
/// Templates (`inject`), `run --env-file`, `aws-credentials` with botocore (issue 18).
mod inject;
/// Versions, rotation, grace periods, expiry, revocation, rollback, status.
mod lifecycle;
/// Team stores: init, join, members, nothing personal in git (issue 15).
mod members;
/// Who may write the store and its personal files; lock files that are links;
/// a write stored but not recorded.
mod permissions;
/// `import --write-project` and `init-project`: .env to `run` in two commands.
mod project_setup;
/// Generated inputs: the audit chain, import and the env formats against their readers.
mod properties;
/// `run --mask` on a terminal, through a pseudo-terminal (issue 18).
mod pty;
/// CI identities, sealed recipient lists, SSH keys.
mod recipients;
/// `sesame run`: child processes, signals, masking, file hand-over.
mod run;
/// `sesame scan` and the git hook.
mod scan;
/// Access by prefix (issue 16): limited keys, their files, merges.
mod scopes;
/// Store format 2: signatures, roles, CI tokens, freshness, upgrade (issue 12).
mod signed;
/// OpenSSH private keys as identities (`SESAME_IDENTITY_FILE=~/.ssh/id_ed25519`).
mod sshident;
/// Team stores through git: merges, the drivers, `team resolve`, `sync` (issue 15).
mod team;
/// Local trust: approved project files, escaped output, children without the unlock.
mod trust;
/// The unlock cache in the kernel keyring, `passwd`, `rekey`.
mod unlock;
