//! Documentation generated from the clap definitions in [`crate::cli`]: shell
//! completion scripts, and the hand-written parts of the man pages.
//!
//! `sesame completions SHELL` prints [`completion`]; the same text is committed
//! under `completions/`, and the man pages under `man/` are rendered (with
//! clap_mangen, a dev-dependency) by `tests/docs.rs` from [`crate::cli`] plus the
//! sections here. That test fails with a diff when the committed files are
//! stale; `SESAME_UPDATE_GENERATED=1 cargo test --test docs` rewrites them.
//! Nothing is generated in `build.rs`.
//!
//! Secret names are completed in bash, zsh and fish: an argument whose value
//! name is `NAME` or `NAMES` (see [`is_secret_name`]) calls back into
//! `sesame __complete names PREFIX` (see [`crate::commands::complete`]), which
//! prints names only when the store opens without a prompt.

use clap::builder::PossibleValuesParser;
use clap::{Arg, Command, CommandFactory};
use clap_complete::Shell;

use crate::cli::Cli;
use crate::commands::complete::COMMAND as COMPLETE_COMMAND;
use crate::error::exit;
use crate::unlock;

/// The name of the binary, as completed and documented.
pub const BIN: &str = "sesame";

/// Placed as the only "possible value" of secret-name arguments before a
/// script is generated, then replaced by each shell's call to `__complete`.
const MARKER: &str = "__sesame_secret_name__";

/// Whether `arg` takes secret names, by the convention of [`crate::cli`]: its
/// value name (or, without one, its id upper-cased) is `NAME` or `NAMES`.
pub fn is_secret_name(arg: &Arg) -> bool {
    if !arg.get_action().takes_values() {
        return false;
    }
    let name = match arg.get_value_names() {
        Some([one]) => one.to_string(),
        Some(_) => return false,
        None => arg.get_id().as_str().to_uppercase(),
    };
    name == "NAME" || name == "NAMES"
}

/// Every visible command, as its path of subcommand names from the root: `[]`
/// for `sesame` itself, `["get"]`, and nested ones like `["recipients", "add"]`.
/// The `help` subcommand clap adds is left out.
pub fn command_paths(cmd: &Command) -> Vec<Vec<String>> {
    fn walk(cmd: &Command, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        for sub in cmd.get_subcommands() {
            if sub.is_hide_set() || sub.get_name() == "help" {
                continue;
            }
            path.push(sub.get_name().to_owned());
            walk(sub, path, out);
            path.pop();
        }
    }
    let mut out = Vec::new();
    walk(cmd, &mut Vec::new(), &mut out);
    out
}

/// The command at `path` below `cmd`, if there is one.
pub fn find<'a>(cmd: &'a Command, path: &[String]) -> Option<&'a Command> {
    path.iter()
        .try_fold(cmd, |c, name| c.find_subcommand(name.as_str()))
}

/// Give every secret-name argument the marker as its only possible value.
fn mark_secret_names(cmd: Command) -> Command {
    cmd.mut_args(|a| {
        if is_secret_name(&a) {
            a.value_parser(PossibleValuesParser::new([MARKER]))
        } else {
            a
        }
    })
    .mut_subcommands(mark_secret_names)
}

/// The completion script for `shell`, exactly as `sesame completions SHELL`
/// prints it and as committed under `completions/`.
pub fn completion(shell: Shell) -> String {
    completion_for(Cli::command(), shell)
}

/// The completion script of any command line named `sesame` (tests use this to
/// check nested subcommands and secret-name options before sesame has them).
pub fn completion_for(cmd: Command, shell: Shell) -> String {
    let dynamic = matches!(shell, Shell::Bash | Shell::Zsh | Shell::Fish);
    let mut cmd = if dynamic { mark_secret_names(cmd) } else { cmd };
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, BIN, &mut buf);
    // clap_complete writes only UTF-8 built from our own help texts.
    let script = String::from_utf8_lossy(&buf).into_owned();
    match shell {
        Shell::Bash => bash(script),
        Shell::Zsh => zsh(script),
        Shell::Fish => fish(script, &cmd),
        _ => script,
    }
}

/// The file name each script is committed (and installed) under.
pub fn completion_file_name(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => "sesame.bash",
        Shell::Zsh => "_sesame",
        Shell::Fish => "sesame.fish",
        Shell::Elvish => "sesame.elv",
        Shell::PowerShell => "_sesame.ps1",
        // `Shell` is non-exhaustive; a new shell gets a name when it is added.
        _ => "sesame.unknown",
    }
}

/// The shells scripts are generated for.
pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::Elvish,
    Shell::PowerShell,
];

fn header(comment: &str) -> String {
    format!(
        "\n{comment} Secret names, added by sesame to clap's script: `sesame {COMPLETE_COMMAND} names PREFIX`\n\
         {comment} prints them only when the store opens without a prompt, else nothing.\n"
    )
}

fn bash(script: String) -> String {
    // The marker sits in the word lists that compgen filters (positionals) and in
    // `compgen -W "MARKER"` (options): a command substitution works in both.
    let mut script = script.replace(MARKER, "$(_sesame_secret_names \"${cur}\")");
    script.push_str(&header("#"));
    script.push_str(&format!(
        "_sesame_secret_names() {{\n    \
             [[ \"$1\" == -* ]] && return 0\n    \
             command {BIN} {COMPLETE_COMMAND} names -- \"$1\" 2>/dev/null\n\
         }}\n"
    ));
    script
}

fn zsh(script: String) -> String {
    let script = script.replace(&format!("({MARKER})"), "_sesame_secret_names");
    let function = format!(
        "{}(( $+functions[_sesame_secret_names] )) ||\n\
         _sesame_secret_names() {{\n    \
             [[ \"$PREFIX\" == -* ]] && return 1\n    \
             local -a names\n    \
             names=(${{(f)\"$(command {BIN} {COMPLETE_COMMAND} names -- \"$PREFIX\" 2>/dev/null)\"}})\n    \
             _wanted secret-names expl 'secret name' compadd -a names\n\
         }}\n\n",
        header("#").trim_start()
    );
    // The function must exist before the last lines call `_sesame`.
    let tail = "if [ \"$funcstack[1]\" = \"_sesame\" ]; then";
    match script.find(tail) {
        Some(at) => format!("{}{function}{}", &script[..at], &script[at..]),
        None => format!("{script}\n{function}"),
    }
}

fn fish(script: String, cmd: &Command) -> String {
    // Options: clap writes the marker as their only value.
    let mut script = script.replace(
        &format!("\"{MARKER}\\t''\""),
        "\"(__fish_sesame_secret_names)\"",
    );
    script.push_str(&header("#"));
    script.push_str(&format!(
        "function __fish_sesame_secret_names\n    \
             set -l token (commandline -ct)\n    \
             string match -q -- '-*' $token; and return\n    \
             command {BIN} {COMPLETE_COMMAND} names -- $token 2>/dev/null\n\
         end\n"
    ));
    // Positionals: clap's fish script does not complete them, so add one line per
    // command that takes a secret name (its aliases count too).
    let mut cmd = cmd.clone();
    cmd.build();
    for path in command_paths(&cmd) {
        let Some(sub) = find(&cmd, &path) else {
            continue;
        };
        if !sub
            .get_positionals()
            .any(|a| !a.is_hide_set() && is_secret_name(a))
        {
            continue;
        }
        let names = |c: &Command| c.get_name_and_visible_aliases().join(" ");
        let condition = match path.as_slice() {
            [_] => format!("__fish_sesame_using_subcommand {}", names(sub)),
            [first, _] => {
                let parent = cmd
                    .find_subcommand(first.as_str())
                    .map_or(String::new(), names);
                format!(
                    "__fish_sesame_using_subcommand {parent}; and __fish_seen_subcommand_from {}",
                    names(sub)
                )
            }
            // clap's fish script stops at two levels too.
            _ => continue,
        };
        script.push_str(&format!(
            "complete -c {BIN} -n \"{condition}\" -f -a \"(__fish_sesame_secret_names)\"\n"
        ));
    }
    script
}

/// An environment variable sesame reads, for the man page's ENVIRONMENT section.
#[derive(Debug, Clone, Copy)]
pub struct EnvVar {
    /// Its name.
    pub name: &'static str,
    /// What it does, one paragraph.
    pub text: &'static str,
}

/// Every environment variable sesame reads (tests check that none is missing).
pub const ENVIRONMENT: &[EnvVar] = &[
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
        text: "A file of age identities, one per line, used like SESAME_IDENTITY.",
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
        name: crate::secret::lifecycle::ENV_SECRET_NAME,
        text: "Set by sesame for rotate and revoke commands: the secret's name.",
    },
    EnvVar {
        name: crate::secret::lifecycle::ENV_CURRENT_VALUE,
        text: "Set by sesame for rotate commands: the value being replaced (a provider \
               usually needs the old key to mint a new one).",
    },
    EnvVar {
        name: crate::secret::lifecycle::ENV_CURRENT_ID,
        text: "Set by sesame for rotate commands: the current key id (empty if none).",
    },
    EnvVar {
        name: crate::secret::lifecycle::ENV_REVOKED_VALUE,
        text: "Set by sesame for revoke commands: the value being revoked.",
    },
    EnvVar {
        name: crate::secret::lifecycle::ENV_REVOKED_ID,
        text: "Set by sesame for revoke commands: its key id (empty if none).",
    },
    EnvVar {
        name: crate::secret::lifecycle::ENV_REVOKED_VERSION,
        text: "Set by sesame for revoke commands: its version number.",
    },
    EnvVar {
        name: crate::commands::ENV_AUDIT_MAX_BYTES,
        text: "Size in bytes past which audit.log is rotated to audit.log.1 (overrides \
               audit_max_bytes in the config file; default 10 MiB).",
    },
    EnvVar {
        name: "NO_COLOR",
        text: "When set and not empty, never use colour (as --no-color).",
    },
];

/// The store's files, for the man page's FILES section (DESIGN "Store format").
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
        "recipients",
        "The public keys the vault is encrypted to, one per line, # comments allowed: the \
         store's own first, then team members or CI keys.",
    ),
    (
        "vault.age",
        "The secrets and their history, JSON encrypted to every recipient. \
         age -d -i key.txt vault.age prints it.",
    ),
    (
        "vault.age.bak",
        "The previous vault.age, kept by every write.",
    ),
    (
        "lock",
        "The file writers hold an exclusive lock on, so that writes never interleave.",
    ),
];

/// Exit statuses, for the man pages' EXIT STATUS section (DESIGN "Exit codes").
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
        "Store unreadable, corrupted or tampered with (nothing was written).",
    ),
    (
        exit::NOT_LIVE,
        "Secret revoked or expired where a live value was needed.",
    ),
    (exit::BUSY, "Store busy: the lock was not obtained in time."),
    (
        exit::ATTENTION,
        "status or scan found something that needs attention.",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_name_arguments_are_found_by_value_name() {
        let cmd = Cli::command();
        let marked: Vec<String> = command_paths(&cmd)
            .iter()
            .flat_map(|p| {
                let c = find(&cmd, p).unwrap();
                c.get_arguments()
                    .filter(|a| is_secret_name(a))
                    .map(move |a| format!("{} {}", p.join(" "), a.get_id()))
            })
            .collect();
        for expected in ["get name", "show name", "remove name", "set name"] {
            assert!(
                marked.iter().any(|m| m == expected),
                "{expected} in {marked:?}"
            );
        }
        assert!(!marked.iter().any(|m| m.starts_with("list")), "{marked:?}");
        assert!(!marked.iter().any(|m| m.starts_with("completions")));
    }

    #[test]
    fn no_marker_survives_in_any_script() {
        for shell in SHELLS {
            let script = completion(shell);
            assert!(
                !script.contains(MARKER),
                "{shell}: marker left in the script"
            );
        }
        assert!(completion(Shell::Bash).contains("_sesame_secret_names \"${cur}\""));
        assert!(completion(Shell::Zsh).contains(":_sesame_secret_names"));
    }
}
