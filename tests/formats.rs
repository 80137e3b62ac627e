//! `sesame env` formats against their real readers: every character 1–255 (as
//! a value of its own and all in one value) and values built to break out of
//! quotes, through fish, sh, bash, dash, zsh, `set -a; .`, python-dotenv and
//! `sesame import`. Nothing may run (marker files), and everything must read
//! back byte for byte, or be refused (exit 2) naming the variable, never the
//! value.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use crate::util::{Sandbox, require_program, strict};

/// Payloads that run `touch` in a reader that lets a value out of its quotes.
const PAYLOADS: &[&str] = &[
    "; touch X; echo \\",
    "x\\'; touch Y #",
    "$(touch Z)",
    "`touch W`",
    "\"; touch Q; \"",
    "'; touch R; '",
    "a\ntouch N\nb",
    "'\\''; touch S; '\\''",
    "\\\"; touch T; \\\"",
    "$IFS$(touch U)",
    "${HOME}/x",
    "${NOT_SET_ANYWHERE:-fallback}",
    "a${}b",
];

/// Every value under test, by variable: each character 1–255 alone, all of
/// them in one value, the mixtures each format can hold, and [`PAYLOADS`].
fn values() -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    let all: String = (1u32..=255).filter_map(char::from_u32).collect();
    for c in all.chars() {
        v.insert(format!("C{:03}", u32::from(c)), c.to_string());
    }
    v.insert("ALL".into(), all.clone());
    // The mixtures dotenv can hold: without `$` and backticks, or without `'`.
    v.insert("ALL_NO_EXPANSION".into(), all.replace(['\r', '$', '`'], ""));
    v.insert("ALL_NO_QUOTE".into(), all.replace(['\r', '\''], ""));
    v.insert("WIDE".into(), "€ 😀 \u{2028} ünï".into());
    for (i, p) in PAYLOADS.iter().enumerate() {
        v.insert(format!("P{i}"), (*p).to_owned());
    }
    v
}

/// Whether the dotenv format refuses `value` (README, "env --format"): a
/// carriage return, a NUL, a final backslash, or `$`/backtick with a `'` or
/// a `\\`, or a `${…}` that python-dotenv expands (even in single quotes).
fn dotenv_refuses(value: &str) -> bool {
    let expands = value.contains(['$', '`']);
    let interpolated = ["${HOME}", "${NOT_SET_ANYWHERE:-", "${}"]
        .iter()
        .any(|p| value.contains(p));
    value.contains(['\r', '\0'])
        || value.ends_with('\\')
        || interpolated
        || (expands && (value.contains('\'') || value.contains("\\\\")))
}

/// A dotenv file that `sesame import` reads as `values` (double quotes, the
/// escapes it shares with python-dotenv; unquoted for the few values ending
/// in a backslash, which would escape the closing quote).
fn import_file(values: &BTreeMap<String, String>) -> String {
    let mut text = String::new();
    for (k, v) in values {
        if v.ends_with('\\') {
            assert!(!v.contains(['\n', '\r', '#']) && !v.starts_with(' '), "{k}");
            text.push_str(&format!("{k}={v}\n"));
            continue;
        }
        text.push_str(k);
        text.push_str("=\"");
        for c in v.chars() {
            match c {
                '\\' => text.push_str("\\\\"),
                '"' => text.push_str("\\\""),
                '\r' => text.push_str("\\r"),
                '\n' => text.push_str("\\n"),
                c => text.push(c),
            }
        }
        text.push_str("\"\n");
    }
    text
}

/// A sandbox holding [`values`] as `f/<VAR>`, each remembering its variable.
fn stored() -> Sandbox {
    let sb = Sandbox::init();
    let file = sb.dir.path().join("in.env");
    fs::write(&file, import_file(&values())).unwrap();
    sb.cmd()
        .args(["import", "--no-interpolate", "--prefix", "f"])
        .arg(&file)
        .assert()
        .success();
    sb
}

/// `env --format FORMAT` of the secrets for `vars`, written to `file`.
fn env_to(sb: &Sandbox, format: &str, vars: &[&String], file: &Path) {
    let mut cmd = sb.cmd();
    cmd.args(["env", "--format", format]);
    for v in vars {
        cmd.args(["-s", &format!("f/{v}")]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    fs::write(file, out.stdout).unwrap();
}

/// A reader: a program and its arguments, run in `dir`, that loads `file`
/// and then execs the dump of the variables' bytes.
struct Reader {
    what: String,
    argv: Vec<String>,
}

const DUMP: &str = "import json, os, sys\nprint(json.dumps({k: os.environb[k.encode()].hex() for k in sys.argv[1:] if k.encode() in os.environb}))";

/// The values that `reader` leaves in the environment of a program it runs,
/// as bytes; asserting that nothing ran in `dir` (its only file is `file`).
fn read_back(
    reader: &Reader,
    dir: &Path,
    file: &Path,
    vars: &[&String],
) -> BTreeMap<String, Vec<u8>> {
    let mut argv = reader.argv.clone();
    argv.extend(vars.iter().map(|v| v.to_string()));
    let out = Command::new(&argv[0])
        .args(&argv[1..])
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("LANG", "C.UTF-8")
        .env("LC_ALL", "C.UTF-8")
        .env("XDG_CONFIG_HOME", dir.join(".cfg"))
        .env("XDG_DATA_HOME", dir.join(".data"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        reader.what,
        String::from_utf8_lossy(&out.stderr)
    );
    let left: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && Path::new(n) != file.file_name().unwrap())
        .collect();
    assert!(
        left.is_empty(),
        "{}: a value ran code, it made {left:?}",
        reader.what
    );
    let got: BTreeMap<String, String> = serde_json::from_slice(&out.stdout).unwrap();
    got.into_iter()
        .map(|(k, hex)| {
            let bytes = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect();
            (k, bytes)
        })
        .collect()
}

fn have(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
}

/// The shells among sh, bash, dash and zsh that are installed (zsh and dash
/// are required under SESAME_TEST_STRICT=1).
fn shells() -> Vec<&'static str> {
    let mut found = vec!["sh"];
    for sh in ["bash", "dash", "zsh"] {
        if have(sh) {
            found.push(sh);
        } else if strict() {
            panic!("{sh} is required (reads env output) and SESAME_TEST_STRICT=1");
        } else {
            eprintln!("SKIPPED: {sh} not found (reads env output)");
        }
    }
    found
}

fn python_dump() -> Vec<String> {
    vec!["python3".into(), "-c".into(), DUMP.into()]
}

/// Load `file` with `reader` and compare every variable in `vars` byte for byte.
fn check(sb: &Sandbox, format: &str, reader: &Reader, vars: &[&String], name: &str) {
    let want = values();
    let dir = sb.dir.path().join(format!(
        "read-{}",
        reader.what.replace([' ', '/', ';'], "_")
    ));
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    env_to(sb, format, vars, &file);
    let got = read_back(reader, &dir, &file, vars);
    for v in vars {
        assert_eq!(
            got.get(*v).map(Vec::as_slice),
            Some(want[*v].as_bytes()),
            "{format} through {}: {v}",
            reader.what
        );
    }
    fs::remove_dir_all(&dir).unwrap();
}

fn sh_reader(sh: &str, load: &str, file: &str) -> Reader {
    let mut argv = vec![sh.to_owned(), "-c".into()];
    argv.push(format!("{load} ./{file} && exec \"$0\" \"$@\""));
    argv.extend(python_dump());
    Reader {
        what: format!("{sh} {load}"),
        argv,
    }
}

#[test]
fn shell_format_reads_back_exactly_in_every_posix_shell_and_runs_nothing() {
    if !require_program("python3", "dumps the environment a shell exports") {
        return;
    }
    let sb = stored();
    let all = values();
    let vars: Vec<&String> = all.keys().collect();
    for sh in shells() {
        check(&sb, "shell", &sh_reader(sh, ".", "x.sh"), &vars, "x.sh");
        // eval "$(sesame env --format shell)" as the help shows.
        let eval = Reader {
            what: format!("{sh} eval"),
            argv: [sh, "-c", "eval \"$(cat ./x.sh)\" && exec \"$0\" \"$@\""]
                .iter()
                .map(|s| s.to_string())
                .chain(python_dump())
                .collect(),
        };
        check(&sb, "shell", &eval, &vars, "x.sh");
    }
}

#[test]
fn fish_format_reads_back_exactly_in_fish_and_runs_nothing() {
    if !require_program("python3", "dumps the environment fish exports")
        || !require_program("fish", "reads --format fish")
    {
        return;
    }
    let sb = stored();
    let all = values();
    let vars: Vec<&String> = all.keys().collect();
    let reader = |load: &str| Reader {
        what: format!("fish {load}"),
        argv: ["fish", "-c", load, "--"]
            .iter()
            .map(|s| s.to_string())
            .chain(python_dump())
            .collect(),
    };
    check(
        &sb,
        "fish",
        &reader("source ./x.fish; and exec $argv"),
        &vars,
        "x.fish",
    );
    check(
        &sb,
        "fish",
        &reader("cat ./x.fish | source; and exec $argv"),
        &vars,
        "x.fish",
    );
}

#[test]
fn shell_format_sourced_by_fish_runs_nothing() {
    // The shell format is for POSIX shells, but fish sourcing it by mistake
    // must not run a value: no backslash is ever inside its quotes. fish's
    // `export` splits values at line breaks, so only values without one are
    // compared.
    if !require_program("python3", "dumps the environment fish exports")
        || !require_program("fish", "sources the shell format")
    {
        return;
    }
    let sb = stored();
    let all = values();
    let vars: Vec<&String> = all
        .iter()
        .filter(|(_, v)| !v.contains('\n'))
        .map(|(k, _)| k)
        .collect();
    let reader = Reader {
        what: "fish source (shell format)".into(),
        argv: ["fish", "-c", "source ./x.sh; and exec $argv", "--"]
            .iter()
            .map(|s| s.to_string())
            .chain(python_dump())
            .collect(),
    };
    check(&sb, "shell", &reader, &vars, "x.sh");
    let multi: Vec<&String> = all
        .iter()
        .filter(|(_, v)| v.contains('\n'))
        .map(|(k, _)| k)
        .collect();
    let dir = sb.dir.path().join("fish-multi");
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("x.sh");
    env_to(&sb, "shell", &multi, &file);
    read_back(&reader, &dir, &file, &multi);
}

#[test]
fn dotenv_format_reads_back_exactly_with_set_a_dot_and_python_dotenv() {
    if !require_program("python3", "dumps the environment and runs python-dotenv") {
        return;
    }
    let sb = stored();
    let all = values();
    let vars: Vec<&String> = all
        .iter()
        .filter(|(_, v)| !dotenv_refuses(v))
        .map(|(k, _)| k)
        .collect();
    assert!(vars.len() > 250, "only {} values to read back", vars.len());
    for sh in shells() {
        check(
            &sb,
            "dotenv",
            &sh_reader(sh, "set -a; .", "x.env"),
            &vars,
            "x.env",
        );
    }
    let has_dotenv = Command::new("python3")
        .args(["-c", "import dotenv"])
        .status()
        .is_ok_and(|s| s.success());
    if has_dotenv {
        let reader = Reader {
            what: "python-dotenv".into(),
            argv: vec![
                "python3".into(),
                "-c".into(),
                format!(
                    "import os, sys\nfrom dotenv import load_dotenv\nassert load_dotenv('x.env', override=True)\nexec({DUMP:?})"
                ),
            ],
        };
        check(&sb, "dotenv", &reader, &vars, "x.env");
    } else if strict() {
        panic!("python-dotenv is required and SESAME_TEST_STRICT=1");
    } else {
        eprintln!("SKIPPED: python-dotenv not installed (pip install python-dotenv)");
    }
    // sesame's own reader.
    let file = sb.dir.path().join("back.env");
    env_to(&sb, "dotenv", &vars, &file);
    sb.cmd()
        .args(["import", "--no-interpolate", "--prefix", "back"])
        .arg(&file)
        .assert()
        .success();
    for v in &vars {
        assert_eq!(sb.get(&format!("back/{v}")), all[*v], "import {v}");
    }
}

#[test]
fn dotenv_refuses_what_no_line_can_hold_naming_the_variable_not_the_value() {
    let sb = stored();
    let all = values();
    let refused: Vec<(&String, &String)> = all.iter().filter(|(_, v)| dotenv_refuses(v)).collect();
    // A carriage return, a backslash alone, all characters, and the payload
    // ending in a backslash at least.
    for must in ["C013", "C092", "ALL", "P0", "P10", "P11", "P12"] {
        assert!(refused.iter().any(|(k, _)| *k == must), "{must}");
    }
    for (var, value) in refused {
        let out = sb
            .cmd()
            .args(["env", "--format", "dotenv", "-s", &format!("f/{var}")])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{var}");
        assert!(out.stdout.is_empty(), "{var}: printed {:?}", out.stdout);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("the value of {var} ")),
            "{var}: {err}"
        );
        if value.chars().count() > 2 {
            assert!(
                !err.contains(value.as_str()),
                "{var}: the value is in {err}"
            );
        }
    }
}
