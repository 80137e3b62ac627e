//! The hand-written parts of the man pages: ENVIRONMENT, FILES, EXIT STATUS,
//! EXAMPLES and SEE ALSO. The pages under `man/` are rendered from
//! [`crate::cli`] plus these sections by `tests/docs.rs` (with clap_mangen, a
//! dev-dependency), one page per [`crate::completion::command_paths`] entry;
//! that test fails with a diff when the committed pages are stale, and
//! `SESAME_UPDATE_GENERATED=1 cargo test --test tests docs::` rewrites them.
//! Nothing is generated in `build.rs`.

use crate::error::exit;
use crate::unlock;

/// An environment variable sesame reads, for the man page's ENVIRONMENT section.
#[derive(Debug, Clone, Copy)]
pub struct EnvVar {
    pub name: &'static str,
    /// What it does, one paragraph.
    pub text: &'static str,
}

/// Every environment variable sesame reads (tests check that none is missing).
pub const ENVIRONMENT: &[EnvVar] = &[
    EnvVar {
        name: "SESAME_TEST_CLIPBOARD_SECONDS",
        text: "Debug builds only (the test suite): how long get -c holds the clipboard \
               instead of 45 s. A release build ignores it.",
    },
    EnvVar {
        name: crate::commands::ENV_STORE,
        text: "The store directory, as --store DIR. Default: the user's data directory's \
               sesame folder, e.g. ~/.local/share/sesame.",
    },
    EnvVar {
        name: unlock::ENV_IDENTITY,
        text: "An age identity (AGE-SECRET-KEY-1...) that is a recipient of the vault; it \
               unlocks the store without a password (CI). Checked first.",
    },
    EnvVar {
        name: unlock::ENV_IDENTITY_FILE,
        text: "A file of age identities, one per line, used like SESAME_IDENTITY; or an OpenSSH ssh-ed25519 or ssh-rsa private key (a passphrase is asked on the terminal).",
    },
    EnvVar {
        name: unlock::ENV_PASSWORD_FILE,
        text: "A file holding the master password (one trailing newline is dropped). \
               Also the new password for init.",
    },
    EnvVar {
        name: unlock::ENV_PASSWORD,
        text: "The master password itself; discouraged (other processes of the user may \
               read it), but what CI systems offer. Also the new password for init.",
    },
    EnvVar {
        name: unlock::ENV_NEW_PASSWORD_FILE,
        text: "A file holding the new master password for passwd.",
    },
    EnvVar {
        name: unlock::ENV_NEW_PASSWORD,
        text: "The new master password for passwd.",
    },
    EnvVar {
        name: crate::commands::ENV_LOCK_TIMEOUT,
        text: "Seconds a writer waits for the store's lock before giving up with exit \
               status 7 (default 10).",
    },
    EnvVar {
        name: crate::config::ENV_CONFIG,
        text: "The config file to read instead of ~/.config/sesame/config.toml.",
    },
    EnvVar {
        name: crate::lifecycle::ENV_SECRET_NAME,
        text: "Set by sesame for rotate and revoke commands: the secret's name.",
    },
    EnvVar {
        name: crate::lifecycle::ENV_CURRENT_VALUE,
        text: "Set by sesame for rotate commands: the value being replaced (a provider \
               usually needs the old key to mint a new one).",
    },
    EnvVar {
        name: crate::lifecycle::ENV_CURRENT_ID,
        text: "Set by sesame for rotate commands: the current key id (empty if none).",
    },
    EnvVar {
        name: crate::lifecycle::ENV_REVOKED_VALUE,
        text: "Set by sesame for revoke commands: the value being revoked.",
    },
    EnvVar {
        name: crate::lifecycle::ENV_REVOKED_ID,
        text: "Set by sesame for revoke commands: its key id (empty if none).",
    },
    EnvVar {
        name: crate::lifecycle::ENV_REVOKED_VERSION,
        text: "Set by sesame for revoke commands: its version number.",
    },
    EnvVar {
        name: crate::commands::ENV_AUDIT_MAX_BYTES,
        text: "Size in bytes past which audit.log is rotated to audit.log.1 (overrides \
               audit_max_bytes in the config file; default 10 MiB).",
    },
    EnvVar {
        name: crate::inject::trust::ENV_PROJECT_SHA256,
        text: "For CI: the SHA-256 (hex, as sha256sum prints it) of the one sesame.toml \
               that run and env may use without an approval. When set, any other \
               content is refused, approved or not.",
    },
    EnvVar {
        name: crate::inject::envfile::ENV_FILE_SHA256,
        text: "For CI: the SHA-256s (hex, separated by commas) of the --env-file files \
               holding sesame:// references that run and env may use without an \
               approval. When set, any other content is refused, approved or not.",
    },
    EnvVar {
        name: "NO_COLOR",
        text: "When set and not empty, never use colour (as --no-color).",
    },
    EnvVar {
        name: "CLICOLOR_FORCE",
        text: "When set and not 0, use colour even when the output is not a terminal \
               (NO_COLOR and --no-color still win).",
    },
];

/// The store's files, for the man page's FILES section (ARCHITECTURE.md, "The store format").
pub const FILES: &[(&str, &str)] = &[
    (
        "~/.local/share/sesame/",
        "The default store directory (the platform's data directory elsewhere), mode 0700; \
         every file in it is 0600.",
    ),
    (
        "identity.age",
        "The store's age X25519 identity, encrypted with the master password (scrypt). \
         age -d identity.age prints the key.",
    ),
    (
        "manifest",
        "The signed header of the store (format 2): the store id, its generation and \
         parents, the SHA-256 of every bucket file, and the member list (recipients, \
         verifying keys, roles) signed by an admin. Checked against the keys pinned on \
         this machine before anything is decrypted.",
    ),
    (
        "vault/*.age",
        "The buckets: the secrets and their history, JSON encrypted to every member not \
         revoked, each file named by its SHA-256. age -d -i key.txt vault/FILE.age \
         prints one.",
    ),
    (
        "manifest.bak",
        "The previous manifest (its buckets are kept); after a write that removed a \
         secret, a version, a value or a recipient, the current one, so that no file \
         keeps what was removed.",
    ),
    (
        "recipients",
        "The members' public keys, one per line, # comments allowed: for people and \
         age -R; sesame trusts the signed member list, not this file.",
    ),
    (
        "vault.age, vault.age.bak",
        "A store made before format 2 (until sesame upgrade signs it).",
    ),
    (
        "$XDG_STATE_HOME/sesame/stores-*",
        "This machine's pins (store id, admin keys) and the last manifest seen of each \
         signed store, sealed with a key derived from the identity.",
    ),
    (
        "lock",
        "The file writers hold an exclusive lock on, so that writes never interleave. \
         It and audit.lock must be regular files (never a symbolic link).",
    ),
    (
        "~/.local/state/sesame/",
        "This machine's local state ($XDG_STATE_HOME/sesame), mode 0700: commands-* \
         holds the stored commands approved (sesame allow) or written here, sealed \
         with a key derived from the identity.",
    ),
    (
        "~/.local/state/sesame/projects",
        "This machine's approvals of project files (sesame allow): each file's real path \
         and the SHA-256 of its bytes. Under $XDG_STATE_HOME when set; 0600 in a 0700 \
         directory, refused when another user can write either.",
    ),
];

/// Exit statuses, for the man pages' EXIT STATUS section (ARCHITECTURE.md, "Exit codes").
pub const EXIT_STATUS: &[(u8, &str)] = &[
    (exit::OK, "Success."),
    (exit::FAILURE, "Any other failure."),
    (exit::USAGE, "Usage error."),
    (
        exit::AUTH,
        "Authentication failed, or no way to unlock the store.",
    ),
    (exit::NOT_FOUND, "Secret not found."),
    (
        exit::CORRUPT,
        "Store unreadable, corrupted or tampered with, or writable by other users \
         (nothing was written).",
    ),
    (
        exit::NOT_LIVE,
        "Secret revoked or expired where a live value was needed.",
    ),
    (exit::BUSY, "Store busy: the lock was not obtained in time."),
    (
        exit::ATTENTION,
        "status or scan found something that needs attention; a stored rotate or revoke \
         command is not approved on this machine (rotate, revoke).",
    ),
];

/// The last line of EXIT STATUS, for codes not in the table.
pub const EXIT_STATUS_OTHER: &str =
    "run exits with its child's status, and 128+N when the child died of signal N.";

/// Examples for `sesame(1)`: (command line, what it does).
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "sesame init",
        "Create the store and choose a master password.",
    ),
    (
        "sesame generate stripe/prod/secret_key --length 40 --prefix sk_live_ --max-age 90d",
        "Store a fresh random value, to be rotated within 90 days.",
    ),
    (
        "printf %s \"$TOKEN\" | sesame set github/ci/token",
        "Store a value read from stdin; never pass it as an argument.",
    ),
    (
        "curl -H \"Authorization: Bearer $(sesame get -n github/ci/token)\" https://api.github.com/user",
        "Use a value in a command without it reaching shell history.",
    ),
    (
        "sesame list --prefix stripe/ --json",
        "Names and metadata as JSON, never values.",
    ),
    (
        "SESAME_IDENTITY_FILE=ci-key.txt sesame get deploy/token",
        "Unlock with an age identity instead of the password (CI).",
    ),
    (
        "sesame completions bash > ~/.local/share/bash-completion/completions/sesame",
        "Install tab completion for bash.",
    ),
];

/// The date the man pages carry (`.TH`): bump it with the version.
pub const MAN_DATE: &str = "2026-11-23";

/// Pages outside sesame for SEE ALSO: (name, section).
pub const SEE_ALSO: &[(&str, &str)] = &[("age", "1"), ("age-keygen", "1")];
