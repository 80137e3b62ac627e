//! `sesame completions SHELL` and the scripts in `completions/`, loaded the way
//! README says to install them, in real bash (with bash-completion), zsh (with
//! compinit, driven through a pseudo-terminal by zsh's own zpty) and fish; and
//! the hidden `sesame __complete names` that completes secret names.
//!
//! Which subcommands a prefix completes to is read from the clap definitions,
//! so the tests keep working as commands are added (`sesame r` → run, rotate,
//! revoke, remove, rm, …).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::util::{Sandbox, require_program, sesame_bin};
use clap::CommandFactory;
use sesame::cli::Cli;

const SHELLS: [&str; 5] = ["bash", "zsh", "fish", "elvish", "powershell"];

const NAMES: [&str; 4] = [
    "github/ci/token",
    "github/app/key",
    "stripe/prod/secret_key",
    "aws/prod/secret",
];

/// The script for `shell` as generated now. (`tests/docs.rs` checks that the
/// committed files in `completions/` are the same, and rewrites them under
/// `SESAME_UPDATE_GENERATED=1`; testing the generated text here keeps this
/// file green while they are being updated.)
fn script(shell: &str) -> String {
    sesame::completion::completion(shell.parse().unwrap())
}

/// Visible subcommand names and aliases starting with `prefix`, from clap.
fn subcommands_starting_with(prefix: &str) -> BTreeSet<String> {
    let cmd = Cli::command();
    let found: BTreeSet<String> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .flat_map(|s| s.get_name_and_visible_aliases())
        .filter(|n| n.starts_with(prefix))
        .map(str::to_owned)
        .collect();
    assert!(found.contains("remove"), "{found:?}");
    found
}

fn names_starting_with(prefix: &str) -> BTreeSet<String> {
    NAMES
        .iter()
        .filter(|n| n.starts_with(prefix))
        .map(|n| n.to_string())
        .collect()
}

/// A store holding `NAMES`, and the identity that opens it.
fn store_with_names() -> (Sandbox, String) {
    let sb = Sandbox::init();
    for n in NAMES {
        sb.set(n, "v");
    }
    let id = sb.identity();
    (sb, id)
}

/// A shell (or any program) with a clean environment, `sesame` on PATH, the
/// sandbox's HOME and store, under `timeout` so that nothing can hang.
fn shell(sb: &Sandbox, program: &str) -> Command {
    let bin_dir = sesame_bin().parent().unwrap().to_owned();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let mut c = Command::new("timeout");
    c.args(["60", program])
        .env_clear()
        .env("PATH", path)
        .env("HOME", &sb.home)
        .env("XDG_CONFIG_HOME", sb.home.join(".config"))
        .env("XDG_DATA_HOME", sb.home.join(".local/share"))
        .env("LANG", "C.UTF-8")
        .env("TERM", "xterm")
        .env("SESAME_STORE", &sb.store)
        .current_dir(sb.dir.path())
        .stdin(Stdio::null());
    c
}

/// Install the script for `shell` where README says, under the sandbox's
/// HOME, unless a test installed another one there first.
fn install(sb: &Sandbox, rel: &str, shell: &str) -> PathBuf {
    let path = sb.home.join(rel);
    if !path.exists() {
        install_text(sb, rel, &script(shell));
    }
    path
}

fn install_text(sb: &Sandbox, rel: &str, text: &str) {
    let path = sb.home.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
}

fn lines(out: &Output) -> BTreeSet<String> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

fn check(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what}: {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---------------------------------------------------------------- the command

#[test]
fn completions_prints_the_generated_script_without_touching_anything() {
    let sb = Sandbox::new();
    for shell in SHELLS {
        // A store that does not exist, no HOME, unusable settings: none is read.
        let out = sb
            .cmd_locked()
            .args(["completions", shell])
            .env_remove("HOME")
            .env("SESAME_STORE", sb.dir.path().join("nowhere"))
            .env("SESAME_LOCK_TIMEOUT", "not a number")
            .env("SESAME_PASSWORD_FILE", "/nonexistent")
            .output()
            .unwrap();
        check(&out, shell);
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            script(shell),
            "`sesame completions {shell}` differs from sesame::completion::completion"
        );
        assert!(!sb.dir.path().join("nowhere").exists());
    }
    sb.cmd()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("tcsh"));
}

#[test]
fn completions_never_prompts_on_a_terminal() {
    if !require_program("script", "to give sesame a terminal") {
        return;
    }
    let sb = Sandbox::init();
    // `script` gives the command a controlling terminal; a prompt would show in
    // its transcript (and wait for input until `timeout`).
    for args in ["completions bash", "__complete names gi"] {
        let out = shell(&sb, "script")
            .args(["-qec", &format!("sesame {args}"), "/dev/null"])
            .output()
            .unwrap();
        check(&out, args);
        let text = String::from_utf8_lossy(&out.stdout);
        // The prompt's words ("Master password for …"), not any "password": the
        // bash script itself offers `import --from 1password-csv`.
        assert!(
            !text.to_lowercase().contains("password for"),
            "{args}: {text}"
        );
    }
}

// ------------------------------------------------------------- __complete

#[test]
fn complete_names_prints_names_when_the_store_opens_without_a_prompt() {
    let (sb, id) = store_with_names();
    let pw_file = sb.dir.path().join("pw");
    fs::write(&pw_file, format!("{}\n", crate::util::PASSWORD)).unwrap();
    let id_file = sb.dir.path().join("id.txt");
    fs::write(&id_file, format!("{id}\n")).unwrap();
    let sources: [(&str, &std::ffi::OsStr); 2] = [
        ("SESAME_IDENTITY", id.as_ref()),
        ("SESAME_IDENTITY_FILE", id_file.as_ref()),
    ];
    // A password alone completes nothing: it would cost a scrypt per TAB.
    for (var, value) in [
        ("SESAME_PASSWORD_FILE", pw_file.as_os_str()),
        ("SESAME_PASSWORD", crate::util::PASSWORD.as_ref()),
    ] {
        let out = sb
            .cmd_locked()
            .args(["__complete", "names", "--", "gi"])
            .env(var, value)
            .output()
            .unwrap();
        assert!(out.status.success(), "{var}");
        assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{var}");
    }
    for (var, value) in sources {
        for (args, prefix) in [
            (vec!["names", "--", "gi"], "gi"),
            (vec!["names", "github/c"], "github/c"),
            (vec!["names"], ""),
            (vec!["names", "--", "zzz"], "zzz"),
        ] {
            let out = sb
                .cmd_locked()
                .arg("__complete")
                .args(&args)
                .env(var, value)
                .output()
                .unwrap();
            check(&out, var);
            assert_eq!(lines(&out), names_starting_with(prefix), "{var} {args:?}");
            assert!(out.stderr.is_empty());
        }
    }
}

#[test]
fn complete_names_prints_nothing_and_no_error_when_it_cannot_open_the_store() {
    let (sb, _) = store_with_names();
    let cases: [(&str, Option<(&str, &str)>); 4] = [
        ("locked", None),
        ("wrong password", Some(("SESAME_PASSWORD", "wrong"))),
        (
            "bad identity",
            Some(("SESAME_IDENTITY", "AGE-SECRET-KEY-1XYZ")),
        ),
        (
            "missing password file",
            Some(("SESAME_PASSWORD_FILE", "/nonexistent")),
        ),
    ];
    for (what, env) in cases {
        let mut c = sb.cmd_locked();
        c.args(["__complete", "names", "--", "gi"]);
        if let Some((k, v)) = env {
            c.env(k, v);
        }
        let out = c.output().unwrap();
        check(&out, what);
        assert!(
            out.stderr.is_empty(),
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{what}: {:?}", lines(&out));
    }
}

#[test]
fn complete_names_prints_nothing_without_a_store_or_for_a_flag() {
    let (sb, _) = store_with_names();
    // No store at all, and a flag being completed: nothing, exit 0.
    let empty = Sandbox::new();
    let out = empty
        .cmd()
        .args(["__complete", "names", "gi"])
        .output()
        .unwrap();
    check(&out, "no store");
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    let out = sb
        .cmd()
        .args(["__complete", "names", "--", "--js"])
        .output()
        .unwrap();
    check(&out, "flag");
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

#[test]
fn misuse_of_the_completion_protocol_is_a_usage_error() {
    let sb = Sandbox::new();
    sb.exits(["__complete"], 2);
    sb.exits(["__complete", "names", "a", "b"], 2);
}

#[test]
fn the_completion_protocol_is_no_subcommand_help_or_a_script_offers() {
    let sb = Sandbox::new();
    let help = sb.ok(["--help"]);
    assert!(!help.contains("__complete"));
    for shell in SHELLS {
        let offered = script(shell)
            .lines()
            .filter(|l| {
                l.contains("__complete")
                    && !l.contains("__complete names")
                    && !l.contains("__complete profiles")
            })
            .filter(|l| !l.trim_start().starts_with('#'))
            .count();
        assert_eq!(
            offered, 0,
            "the {shell} script offers __complete as a command"
        );
    }
}

// -------------------------------------------------------------------- bash

/// Complete `words` (the last one is being completed) in bash, with the
/// script installed for bash-completion's on-demand loading.
fn bash_complete(sb: &Sandbox, env: &[(&str, &str)], words: &[&str]) -> Output {
    install(
        sb,
        ".local/share/bash-completion/completions/sesame",
        "bash",
    );
    let script = r#"
        source /usr/share/bash-completion/bash_completion || exit 90
        __load_completion sesame || { echo "bash-completion did not load sesame" >&2; exit 91; }
        spec=$(complete -p sesame) || exit 92
        echo "SPEC:$spec" >&2
        fn=${spec##*-F }; fn=${fn%% *}
        COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
        COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        COMPREPLY=()
        "$fn" sesame "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf '%s\n' "${COMPREPLY[@]}"
    "#;
    let mut c = shell(sb, "bash");
    c.args(["--norc", "--noprofile", "-c", script, "bash"])
        .args(words);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    check(&out, &format!("bash {words:?}"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("SPEC:complete ") && err.contains(" sesame"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "bash printed errors: {err}");
    out
}

fn bash_available() -> bool {
    require_program("bash", "to test the bash completion script")
        && (Path::new("/usr/share/bash-completion/bash_completion").exists() || {
            assert!(
                !crate::util::strict(),
                "bash-completion is required (SESAME_TEST_STRICT=1)"
            );
            eprintln!("SKIPPED: bash-completion is not installed");
            false
        })
}

#[test]
fn bash_completes_subcommands() {
    if !bash_available() {
        return;
    }
    let sb = Sandbox::new();
    let out = bash_complete(&sb, &[], &["sesame", "r"]);
    assert_eq!(lines(&out), subcommands_starting_with("r"));
    let out = bash_complete(&sb, &[], &["sesame", "get", "--no-"]);
    assert_eq!(
        lines(&out),
        BTreeSet::from(["--no-newline".into(), "--no-color".into()])
    );
    let out = bash_complete(&sb, &[], &["sesame", "completions", "z"]);
    assert_eq!(lines(&out), BTreeSet::from(["zsh".to_owned()]));
}

#[test]
fn bash_completes_secret_names_only_when_unlocked() {
    if !bash_available() {
        return;
    }
    let (sb, id) = store_with_names();
    let unlocked = [("SESAME_IDENTITY", id.as_str())];
    for (words, prefix) in [
        (&["sesame", "get", "gi"][..], "gi"),
        (&["sesame", "show", "github/c"][..], "github/c"),
        (&["sesame", "rm", "st"][..], "st"),
        (
            &[
                "sesame",
                "--store",
                sb.store.to_str().unwrap(),
                "get",
                "aws/",
            ][..],
            "aws/",
        ),
    ] {
        let out = bash_complete(&sb, &unlocked, words);
        assert_eq!(lines(&out), names_starting_with(prefix), "{words:?}");
    }
    // A password alone completes nothing (it would cost a scrypt per TAB).
    let out = bash_complete(
        &sb,
        &[("SESAME_PASSWORD", crate::util::PASSWORD)],
        &["sesame", "get", "st"],
    );
    assert!(lines(&out).is_empty(), "{:?}", lines(&out));
    // Not where no secret name goes.
    let out = bash_complete(&sb, &unlocked, &["sesame", "list", "gi"]);
    assert!(lines(&out).is_empty(), "{:?}", lines(&out));
    // Locked: no names, no error (bash_complete fails on any stderr).
    let out = bash_complete(&sb, &[], &["sesame", "get", "gi"]);
    assert!(lines(&out).is_empty(), "{:?}", lines(&out));
}

// --------------------------------------------------------------------- zsh

/// Type each line and TAB in an interactive zsh (through zpty), with the
/// script on fpath and compinit run, and return the command line after each
/// completion and everything zsh showed.
fn zsh_complete(sb: &Sandbox, env: &[(&str, &str)], typed: &[&str]) -> (Vec<String>, String) {
    install(sb, ".zfunc/_sesame", "zsh");
    let out_file = sb.dir.path().join("zsh-buffers");
    let driver = r#"
        zmodload zsh/zpty || exit 90
        out=$1; shift
        : > $out
        zpty z 'zsh -f -i'
        zpty -w z "PS1='> '; LISTMAX=1000; fpath=(\$HOME/.zfunc \$fpath); autoload -Uz compinit; compinit -u -d \$HOME/.zcompdump"
        zpty -w z "show-buffer() { print -r -- \"\$BUFFER\" >> $out; BUFFER=''; }; zle -N show-buffer; bindkey '^X' show-buffer"
        n=0
        for line in "$@"; do
            zpty -w -n z "$line"$'\t\x18'
            (( n++ ))
            for i in {1..300}; do (( $(wc -l < $out) >= n )) && break; sleep 0.05; done
        done
        screen=''
        while zpty -r -t z chunk; do screen+=$chunk; done
        zpty -d z
        print -r -- "$screen"
    "#;
    let mut c = shell(sb, "zsh");
    c.args(["-f", "-c", driver, "zsh"])
        .arg(&out_file)
        .args(typed);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    check(&out, "zsh");
    let buffers: Vec<String> = fs::read_to_string(&out_file)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        buffers.len(),
        typed.len(),
        "zsh completed {buffers:?} for {typed:?}"
    );
    (
        buffers,
        strip_escapes(&String::from_utf8_lossy(&out.stdout)),
    )
}

/// The terminal's text without its escape sequences (ESC [ … final byte).
fn strip_escapes(screen: &str) -> String {
    let mut out = String::new();
    let mut chars = screen.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.next_if_eq(&'[').is_some() {
                while chars.next().is_some_and(|c| !('@'..='~').contains(&c)) {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn zsh_loads_the_script_with_compinit() {
    if !require_program("zsh", "to test the zsh completion script") {
        return;
    }
    let sb = Sandbox::new();
    let dir = install(&sb, ".zfunc/_sesame", "zsh");
    let dir = dir.parent().unwrap().to_str().unwrap();
    // Autoloaded from fpath, as README installs it, and sourced directly.
    let script = format!(
        "fpath=({dir} $fpath); autoload -Uz compinit; compinit -u -d $HOME/.zcompdump; \
         print -r -- \"fpath:${{_comps[sesame]}}\"; \
         source {dir}/_sesame; print -r -- \"sourced:${{_comps[sesame]}}\"; \
         whence -w _sesame_secret_names"
    );
    let out = shell(&sb, "zsh")
        .args(["-f", "-c", &script])
        .output()
        .unwrap();
    check(&out, "zsh");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("fpath:_sesame"), "{text}");
    assert!(text.contains("sourced:_sesame"), "{text}");
    assert!(text.contains("_sesame_secret_names: function"), "{text}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// [`store_with_names`] and its identity, or `None` (skip) without zsh.
fn zsh_store() -> Option<(Sandbox, String)> {
    if !require_program("zsh", "to test the zsh completion script") {
        return None;
    }
    Some(store_with_names())
}

#[test]
fn zsh_completes_subcommands_and_secret_names() {
    let Some((sb, id)) = zsh_store() else { return };
    let (buffers, screen) = zsh_complete(
        &sb,
        &[("SESAME_IDENTITY", &id)],
        &[
            "sesame sho",
            "sesame get gi",
            "sesame get github/c",
            "sesame rm st",
            "sesame show github/",
        ],
    );
    assert_eq!(buffers[0], "sesame show ");
    // Two names share `github/`: zsh inserts the common part...
    assert_eq!(buffers[1], "sesame get github/");
    assert_eq!(buffers[2], "sesame get github/ci/token ");
    assert_eq!(buffers[3], "sesame rm stripe/prod/secret_key ");
    // ...and lists both when nothing more can be inserted.
    assert_eq!(buffers[4], "sesame show github/");
    let (_, listed) = screen.split_once("sesame show github/").unwrap();
    for n in names_starting_with("github/") {
        assert!(listed.contains(&n), "{n} not listed:\n{screen}");
    }
}

#[test]
fn zsh_lists_the_subcommands_a_prefix_leaves_open() {
    let Some((sb, _)) = zsh_store() else { return };
    let (buffers, screen) = zsh_complete(&sb, &[], &["sesame r"]);
    assert_eq!(buffers[0], "sesame r");
    let (_, listed) = screen.split_once("sesame r").unwrap();
    let listed: BTreeSet<&str> = listed.split_whitespace().collect();
    for sub in subcommands_starting_with("r") {
        assert!(
            listed.contains(sub.as_str()),
            "{sub} not listed for `sesame r`:\n{screen}"
        );
    }
}

#[test]
fn zsh_inserts_and_asks_nothing_when_the_store_is_locked() {
    let Some((sb, _)) = zsh_store() else { return };
    let (buffers, screen) = zsh_complete(&sb, &[], &["sesame get gi"]);
    assert_eq!(buffers[0], "sesame get gi");
    assert!(!screen.to_lowercase().contains("password"), "{screen}");
    assert!(!screen.contains("sesame:"), "{screen}");
}

// -------------------------------------------------------------------- fish

fn fish_complete(sb: &Sandbox, env: &[(&str, &str)], line: &str) -> Output {
    install(sb, ".config/fish/completions/sesame.fish", "fish");
    let mut c = shell(sb, "fish");
    c.args(["-c", &format!("complete -C '{line}'")]);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    check(&out, &format!("fish {line}"));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn fish_completes_subcommands_and_secret_names() {
    if !require_program("fish", "to test the fish completion script") {
        return;
    }
    let (sb, id) = store_with_names();
    let out = fish_complete(&sb, &[], "sesame r");
    assert_eq!(lines(&out), subcommands_starting_with("r"));
    let unlocked = [("SESAME_IDENTITY", id.as_str())];
    for (line, prefix) in [
        ("sesame get gi", "gi"),
        ("sesame show github/c", "github/c"),
        ("sesame rm st", "st"),
        ("sesame get ", ""),
    ] {
        let out = fish_complete(&sb, &unlocked, line);
        assert_eq!(lines(&out), names_starting_with(prefix), "{line}");
    }
    // Locked: no names and no files either, no error.
    let out = fish_complete(&sb, &[], "sesame get gi");
    assert!(lines(&out).is_empty(), "{:?}", lines(&out));
    // Not where no secret name goes.
    let out = fish_complete(&sb, &unlocked, "sesame list gi");
    assert!(lines(&out).is_empty(), "{:?}", lines(&out));
}

// ------------------------------------------ commands sesame does not have yet

/// The command line plus the kinds of command other work adds (`rotate NAME…`,
/// `audit --secret NAME`, `recipients add`, `run --profile PROFILE`), under
/// names no real command will take: a positional of many names, an option
/// taking a name, a nested command taking a name, and an option whose value is
/// not a secret name.
fn future_cli() -> clap::Command {
    use clap::{Arg, ArgAction, Command};
    Cli::command()
        .subcommand(
            Command::new("x-many").about("Many names").arg(
                Arg::new("names")
                    .action(ArgAction::Append)
                    .num_args(1..)
                    .required(true),
            ),
        )
        .subcommand(
            Command::new("x-option")
                .about("A name as an option's value")
                .arg(Arg::new("secret").long("secret").value_name("NAME")),
        )
        .subcommand(
            Command::new("x-nested").about("Nested").subcommand(
                Command::new("show")
                    .about("Show")
                    .arg(Arg::new("name").required(true)),
            ),
        )
        .subcommand(
            Command::new("x-other")
                .about("No names")
                .arg(Arg::new("profile").long("profile").value_name("PROFILE")),
        )
}

/// Install the scripts of `future_cli()` for all three shells.
fn future_sandbox() -> (Sandbox, String) {
    use clap_complete::Shell;
    let (sb, id) = store_with_names();
    let cli = future_cli();
    install_text(
        &sb,
        ".local/share/bash-completion/completions/sesame",
        &sesame::completion::completion_for(cli.clone(), Shell::Bash),
    );
    install_text(
        &sb,
        ".zfunc/_sesame",
        &sesame::completion::completion_for(cli.clone(), Shell::Zsh),
    );
    install_text(
        &sb,
        ".config/fish/completions/sesame.fish",
        &sesame::completion::completion_for(cli, Shell::Fish),
    );
    (sb, id)
}

const FUTURE_CASES: [(&str, &str); 5] = [
    ("sesame x-many gi", "gi"),
    ("sesame x-many github/ci/token st", "st"),
    ("sesame x-option --secret gi", "gi"),
    ("sesame x-nested show st", "st"),
    ("sesame x-other --profile gi", "(none)"),
];

#[test]
fn new_commands_get_name_completion_in_bash() {
    if !bash_available() {
        return;
    }
    let (sb, id) = future_sandbox();
    for (line, prefix) in FUTURE_CASES {
        let words: Vec<&str> = line.split(' ').collect();
        let out = bash_complete(&sb, &[("SESAME_IDENTITY", &id)], &words);
        assert_eq!(lines(&out), names_starting_with(prefix), "{line}");
    }
    let out = bash_complete(&sb, &[], &["sesame", "x-"]);
    assert_eq!(lines(&out).len(), 4, "{:?}", lines(&out));
}

#[test]
fn new_commands_get_name_completion_in_fish() {
    if !require_program("fish", "to test the fish completion script") {
        return;
    }
    let (sb, id) = future_sandbox();
    for (line, prefix) in FUTURE_CASES {
        let out = fish_complete(&sb, &[("SESAME_IDENTITY", &id)], line);
        assert_eq!(lines(&out), names_starting_with(prefix), "{line}");
    }
}

#[test]
fn new_commands_get_name_completion_in_zsh() {
    if !require_program("zsh", "to test the zsh completion script") {
        return;
    }
    let (sb, id) = future_sandbox();
    let (buffers, _) = zsh_complete(
        &sb,
        &[("SESAME_IDENTITY", &id)],
        &[
            "sesame x-many aw",
            "sesame x-many github/ci/token st",
            "sesame x-option --secret aw",
            "sesame x-nested show st",
            "sesame x-other --profile aw",
        ],
    );
    assert_eq!(
        buffers,
        [
            "sesame x-many aws/prod/secret ",
            "sesame x-many github/ci/token stripe/prod/secret_key ",
            "sesame x-option --secret aws/prod/secret ",
            "sesame x-nested show stripe/prod/secret_key ",
            "sesame x-other --profile aw",
        ]
    );
}

#[test]
fn complete_names_through_the_cached_unlock() {
    let (sb, _) = store_with_names();
    let unlocked = sb
        .cmd()
        .args(["unlock", "--timeout", "1m"])
        .output()
        .unwrap();
    if !unlocked.status.success() {
        assert!(
            !crate::util::strict(),
            "the kernel keyring is needed under SESAME_TEST_STRICT=1: {}",
            String::from_utf8_lossy(&unlocked.stderr)
        );
        eprintln!("SKIPPED: no usable kernel keyring for the unlock cache");
        return;
    }
    let out = sb
        .cmd_locked()
        .args(["__complete", "names", "--", "gi"])
        .output()
        .unwrap();
    sb.cmd_locked().arg("lock").assert().success();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(lines(&out), names_starting_with("gi"));
}

// ------------------------------------------------ -s, -f and --profile (issue 17)

/// A sesame.toml with profiles `prod` and `preview` (and one no shell should
/// ever see: its name holds an escape sequence).
fn with_profiles(sb: &Sandbox) {
    std::fs::write(
        sb.dir.path().join("sesame.toml"),
        "[env]\nA = \"a/b\"\n[profile.prod.env]\nA = \"a/b\"\n[profile.preview.env]\nA = \"a/b\"\n[profile.\"p\\u001b[31m\".env]\nA = \"a/b\"\n",
    )
    .unwrap();
    // Profiles are completed only from an approved project file (issue 13).
    sb.cmd().arg("allow").assert().success();
}

#[test]
fn bash_completes_names_after_s_and_f_and_profiles_after_profile() {
    if !bash_available() {
        return;
    }
    let (sb, id) = store_with_names();
    with_profiles(&sb);
    let unlocked = [("SESAME_IDENTITY", id.as_str())];
    for words in [
        &["sesame", "run", "-s", "gi"][..],
        &["sesame", "env", "-f", "gi"],
        &["sesame", "env", "--secret", "gi"],
    ] {
        let out = bash_complete(&sb, &unlocked, words);
        assert_eq!(lines(&out), names_starting_with("gi"), "{words:?}");
    }
    for words in [
        &["sesame", "run", "--profile", "p"][..],
        &["sesame", "env", "-p", "pr"],
    ] {
        // Approvals are sealed: profiles need a prompt-free unlock.
        assert!(lines(&bash_complete(&sb, &[], words)).is_empty());
        let out = bash_complete(&sb, &unlocked, words);
        assert_eq!(
            lines(&out),
            BTreeSet::from(["prod".to_owned(), "preview".to_owned()]),
            "{words:?}"
        );
    }
}

#[test]
fn fish_completes_names_after_s_and_f_and_profiles_after_profile() {
    if !require_program("fish", "to test the fish completion script") {
        return;
    }
    let (sb, id) = store_with_names();
    with_profiles(&sb);
    let unlocked = [("SESAME_IDENTITY", id.as_str())];
    for line in ["sesame run -s gi", "sesame env -f gi"] {
        let out = fish_complete(&sb, &unlocked, line);
        assert_eq!(lines(&out), names_starting_with("gi"), "{line}");
    }
    let out = fish_complete(&sb, &unlocked, "sesame run --profile p");
    assert_eq!(
        lines(&out),
        BTreeSet::from(["prod".to_owned(), "preview".to_owned()])
    );
}

#[test]
fn zsh_completes_names_after_s_and_profiles_after_profile() {
    let Some((sb, id)) = zsh_store() else { return };
    with_profiles(&sb);
    let (buffers, _) = zsh_complete(
        &sb,
        &[("SESAME_IDENTITY", &id)],
        &[
            "sesame run -s github/c",
            "sesame env -f stri",
            "sesame run --profile pro",
        ],
    );
    assert_eq!(buffers[0], "sesame run -s github/ci/token ");
    assert_eq!(buffers[1], "sesame env -f stripe/prod/secret_key ");
    assert_eq!(buffers[2], "sesame run --profile prod ");
}
