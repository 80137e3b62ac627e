//! The completion scripts, generated from the clap definitions in
//! [`crate::cli`] by clap_complete, with secret names added for bash, zsh and
//! fish: an argument whose value name is `NAME` or `NAMES` (see
//! [`is_secret_name`]) calls back into `sesame __complete names PREFIX` (see
//! [`super::names`]).

use clap::builder::PossibleValuesParser;
use clap::{Arg, Command, CommandFactory};
use clap_complete::Shell;

use super::names::COMMAND as COMPLETE_COMMAND;
use crate::cli::Cli;

/// The name of the binary, as completed and documented.
pub(crate) const BIN: &str = "sesame";

/// Placed as the only "possible value" of secret-name arguments before a
/// script is generated, then replaced by each shell's call to `__complete`.
const MARKER: &str = "__sesame_secret_name__";

/// Whether `arg` takes secret names, by the convention of [`crate::cli`]: its
/// value name (or, without one, its id upper-cased) is `NAME` or `NAMES`.
pub(crate) fn is_secret_name(arg: &Arg) -> bool {
    if !arg.get_action().takes_values() {
        return false;
    }
    let name = match arg.get_value_names() {
        Some([one]) => one.to_string(),
        Some(_) => return false,
        None => arg.get_id().as_str().to_uppercase(),
    };
    // `-s NAME[=VAR]`: the name comes first, and is what TAB completes.
    name == "NAME" || name == "NAMES" || name == "NAME[=VAR]"
}

/// Placed as the only "possible value" of `--profile`, then replaced by each
/// shell's call to `__complete profiles`.
const PROFILE_MARKER: &str = "__sesame_profile__";

/// Whether `arg` takes a profile of sesame.toml (value name `PROFILE`).
pub(crate) fn is_profile(arg: &Arg) -> bool {
    arg.get_action().takes_values()
        && matches!(arg.get_value_names(), Some([one]) if one.as_str() == "PROFILE")
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
        } else if is_profile(&a) {
            a.value_parser(PossibleValuesParser::new([PROFILE_MARKER]))
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
    let mut script = script
        .replace(MARKER, "$(_sesame_secret_names \"${cur}\")")
        .replace(PROFILE_MARKER, "$(_sesame_profiles \"${cur}\")");
    script.push_str(&header("#"));
    script.push_str(&format!(
        "_sesame_secret_names() {{\n    \
             [[ \"$1\" == -* ]] && return 0\n    \
             command {BIN} {COMPLETE_COMMAND} names -- \"$1\" 2>/dev/null\n\
         }}\n\
         _sesame_profiles() {{\n    \
             command {BIN} {COMPLETE_COMMAND} profiles -- \"$1\" 2>/dev/null\n\
         }}\n"
    ));
    script
}

fn zsh(script: String) -> String {
    let script = script
        .replace(&format!("({MARKER})"), "_sesame_secret_names")
        .replace(&format!("({PROFILE_MARKER})"), "_sesame_profiles");
    let function = format!(
        "{}(( $+functions[_sesame_secret_names] )) ||\n\
         _sesame_secret_names() {{\n    \
             [[ \"$PREFIX\" == -* ]] && return 1\n    \
             local -a names\n    \
             names=(${{(f)\"$(command {BIN} {COMPLETE_COMMAND} names -- \"$PREFIX\" 2>/dev/null)\"}})\n    \
             _wanted secret-names expl 'secret name' compadd -a names\n\
         }}\n\n\
         (( $+functions[_sesame_profiles] )) ||\n\
         _sesame_profiles() {{\n    \
             local -a names\n    \
             names=(${{(f)\"$(command {BIN} {COMPLETE_COMMAND} profiles -- \"$PREFIX\" 2>/dev/null)\"}})\n    \
             _wanted profiles expl 'profile' compadd -a names\n\
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
    let mut script = script
        .replace(
            &format!("\"{MARKER}\\t''\""),
            "\"(__fish_sesame_secret_names)\"",
        )
        .replace(
            &format!("\"{PROFILE_MARKER}\\t''\""),
            "\"(__fish_sesame_profiles)\"",
        );
    script.push_str(&header("#"));
    script.push_str(&format!(
        "function __fish_sesame_profiles\n    \
             command {BIN} {COMPLETE_COMMAND} profiles -- (commandline -ct) 2>/dev/null\n\
         end\n"
    ));
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
        for expected in [
            "get name",
            "show name",
            "remove name",
            "set name",
            "run secrets",
            "env files",
        ] {
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
                !script.contains(MARKER) && !script.contains(PROFILE_MARKER),
                "{shell}: marker left in the script"
            );
        }
        assert!(completion(Shell::Bash).contains("_sesame_secret_names \"${cur}\""));
        assert!(completion(Shell::Zsh).contains(":_sesame_secret_names"));
    }
}
