//! `sesame env` output read back by the real consumers (sh, python-dotenv, a
//! JSON parser) and `sesame import` compared value by value with python-dotenv.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

use crate::util::{Sandbox, assert_success, require_program, stdout_ok, strict};
use base64::Engine;

/// Values that break naive quoting. None contains `${`, which python-dotenv
/// expands (see `interpolation_is_python_dotenv_s`).
fn tricky() -> Vec<(&'static str, String)> {
    vec![
        ("PLAIN", "plain-value".into()),
        ("QUOTES", "it's \"quoted\" `back` 'single'".into()),
        ("BACKSLASH", "a\\b\\\\c\\'d\\\"e\\n".into()),
        ("ENDS_BACKSLASH", "C:\\path\\".into()),
        (
            "MULTILINE",
            "-----BEGIN KEY-----\nabc\ndef\n-----END KEY-----".into(),
        ),
        ("CR", "carriage\rreturn\r\nwindows".into()),
        ("HASH", "value # not a comment".into()),
        ("SPACES", "  leading and trailing  ".into()),
        ("DOLLAR", "$HOME $(id) `id` $1".into()),
        ("UNICODE", "ünïcödé ✓ 🔑 \u{2028}".into()),
        ("CONTROL", "bell\x07 tab\t vt\x0b ff\x0c esc\x1b".into()),
        ("EQUALS", "a=b=c".into()),
    ]
}

/// [`tricky`] by variable name.
fn tricky_map() -> BTreeMap<String, String> {
    tricky()
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
}

/// Store every [`tricky`] value as `rt/<var>` with its variable name.
fn store_tricky(sb: &Sandbox) {
    for (var, value) in tricky() {
        // `set` drops one trailing newline from a single line only.
        let name = format!("rt/{}", var.to_lowercase());
        let nl = if value.contains('\n') { "" } else { "\n" };
        sb.set_with(&name, ["--env", var], &format!("{value}{nl}"));
    }
}

fn python_has_dotenv() -> bool {
    if !require_program("python3", "reads dotenv output with python-dotenv") {
        return false;
    }
    let ok = Command::new("python3")
        .args(["-c", "import dotenv"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        if strict() {
            panic!(
                "python-dotenv is required (pip install python-dotenv) and SESAME_TEST_STRICT=1"
            );
        }
        eprintln!("SKIPPED: python-dotenv not installed (pip install python-dotenv)");
    }
    ok
}

/// `dotenv_values(path)` as python-dotenv loads it, in `sb`'s environment.
fn python_dotenv(
    sb: &Sandbox,
    path: &std::path::Path,
    interpolate: bool,
) -> BTreeMap<String, Option<String>> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import json, sys\nfrom dotenv import dotenv_values\nprint(json.dumps(dotenv_values(sys.argv[1], interpolate=sys.argv[2] == '1')))",
        ])
        .arg(path)
        .arg(if interpolate { "1" } else { "0" })
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &sb.home)
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    assert_success(&out);
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn shell_format_round_trips_every_byte_through_sh() {
    let sb = Sandbox::init();
    // Every character 1–255 (bytes 1–127 and the two-byte forms of 128–255)
    // and multi-byte characters with other lead bytes.
    let mut all: String = (1u32..=255).filter_map(char::from_u32).collect();
    all.push_str("€ 😀 '\\''");
    sb.set_with("rt/all", ["--env", "ALL"], &all); // several lines: kept as they are
    store_tricky(&sb);
    let script = sb.ok(["env", "--prefix", "rt/", "--format", "shell"]);
    let file = sb.dir.path().join("env.sh");
    fs::write(&file, &script).unwrap();
    let mut shells = vec!["sh"];
    for extra in ["bash", "dash", "zsh"] {
        if std::env::var_os("PATH")
            .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(extra).is_file()))
        {
            shells.push(extra);
        }
    }
    let mut expected = tricky();
    expected.push(("ALL", all));
    for sh in shells {
        for (var, value) in &expected {
            let out = Command::new(sh)
                .arg("-c")
                .arg(format!(". {}; printf %s \"${var}\"", file.display()))
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{sh}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(String::from_utf8(out.stdout).unwrap(), *value, "{sh} {var}");
        }
    }
}

#[test]
fn json_format_round_trips_through_a_json_parser() {
    let sb = Sandbox::init();
    store_tricky(&sb);
    let json: BTreeMap<String, String> =
        serde_json::from_str(&sb.ok(["env", "--prefix", "rt/", "--format", "json"])).unwrap();
    assert_eq!(json, tricky_map());
}

#[test]
fn json_flag_means_format_json() {
    let sb = Sandbox::init();
    store_tricky(&sb);
    let again: BTreeMap<String, String> =
        serde_json::from_str(&sb.ok(["--json", "env", "--prefix", "rt/"])).unwrap();
    assert_eq!(again, tricky_map());
}

/// The [`tricky`] values that the dotenv format holds (tests/formats.rs has
/// the refused ones): not a carriage return, a final backslash, or a `'`
/// beside a backtick.
fn dotenv_tricky() -> BTreeMap<String, String> {
    let mut map = tricky_map();
    for refused in ["CR", "ENDS_BACKSLASH", "QUOTES"] {
        map.remove(refused);
    }
    map
}

/// The [`dotenv_tricky`] values as `env` prints them in dotenv format, in `.env`.
fn tricky_dotenv(sb: &Sandbox) -> PathBuf {
    store_tricky(sb);
    let mut args = vec!["env".to_owned()];
    for var in dotenv_tricky().keys() {
        args.extend(["-s".to_owned(), format!("rt/{}", var.to_lowercase())]);
    }
    let text = sb.ok(args);
    let file = sb.dir.path().join(".env");
    fs::write(&file, &text).unwrap();
    file
}

#[test]
fn dotenv_format_is_read_back_identically_by_import() {
    let sb = Sandbox::init();
    let file = tricky_dotenv(&sb);
    sb.cmd()
        .args(["import"])
        .arg(&file)
        .args(["--prefix", "back"])
        .assert()
        .success();
    for (var, value) in &dotenv_tricky() {
        assert_eq!(sb.get(&format!("back/{var}")), *value, "import {var}");
    }
}

#[test]
fn dotenv_format_is_read_back_by_python_dotenv() {
    if !python_has_dotenv() {
        return;
    }
    let sb = Sandbox::init();
    let file = tricky_dotenv(&sb);
    let got = python_dotenv(&sb, &file, true);
    let got: BTreeMap<String, String> = got.into_iter().map(|(k, v)| (k, v.unwrap())).collect();
    assert_eq!(got, dotenv_tricky());
}

#[test]
fn interpolation_is_python_dotenv_s() {
    // python-dotenv expands ${VAR} even inside single quotes and has no escape
    // for `$`: the dotenv format refuses such a value (exit 2, naming the
    // variable, not the value); the shell format reads it back exactly.
    let sb = Sandbox::init();
    sb.set_with("x/tpl", ["--env", "TPL"], "${HOME}/x");
    let out = sb.cmd().args(["env", "-s", "x/tpl"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("TPL") && err.contains("python-dotenv"),
        "{err}"
    );
    assert!(!err.contains("${HOME}/x"), "{err}");
    let script = sb.ok(["env", "-s", "x/tpl", "--format", "shell"]);
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("{script}\nprintf %s \"$TPL\""))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "${HOME}/x");
    // A `${` that python-dotenv leaves alone is written, and reads back.
    sb.set_with("x/half", ["--env", "HALF"], "${HOME:x}");
    let file = sb.dir.path().join(".env");
    fs::write(&file, sb.ok(["env", "-s", "x/half"])).unwrap();
    if python_has_dotenv() {
        assert_eq!(
            python_dotenv(&sb, &file, true)["HALF"].as_deref(),
            Some("${HOME:x}")
        );
    }
}

const TRICKY_ENV: &str = r#"# a comment
export EXPORTED=exported value
UNQUOTED=  value with spaces   # inline comment
HASH_NO_SPACE=abc#def
SINGLE='single \'quoted\' \\ \n literal'
DOUBLE="double \"quoted\" \\ \n \t escapes \x"
MULTI="first line
second line"
MULTI_SINGLE='a
b'
EMPTY_QUOTES=""
   INDENTED=indented
SPACE_AROUND = spaced
KEY_WITH_EQUALS=a=b=c
INTERP=${EXPORTED}/x
DEFAULT=${NOT_SET_ANYWHERE:-fallback}
FROM_HOME=${HOME}
DUP=first
DUP=second
UNICODE=ünïcödé ✓
CRLF=windows
TRAILING_SPACE_QUOTED='  keep  '
"#;

/// [`TRICKY_ENV`] (with one CRLF line) in `tricky.env`, imported under
/// `imp/`; the file and the import's JSON report.
fn imported_tricky_env(sb: &Sandbox) -> (PathBuf, serde_json::Value) {
    let file = sb.dir.path().join("tricky.env");
    fs::write(
        &file,
        TRICKY_ENV.replace("CRLF=windows\n", "CRLF=windows\r\n"),
    )
    .unwrap();
    let out = stdout_ok(
        sb.cmd()
            .args(["--json", "import", "--prefix", "imp"])
            .arg(&file),
    );
    (file, serde_json::from_str(&out).unwrap())
}

#[test]
fn import_skips_empty_values_and_reads_every_form_of_line() {
    let sb = Sandbox::init();
    let (_, report) = imported_tricky_env(&sb);
    assert_eq!(report["skipped"], serde_json::json!(["EMPTY_QUOTES"]));
    // Known answers, so the test means something without Python too.
    let home = sb.home.display().to_string();
    for (key, value) in [
        ("EXPORTED", "exported value"),
        ("UNQUOTED", "value with spaces"),
        ("HASH_NO_SPACE", "abc#def"),
        ("SINGLE", "single 'quoted' \\ \\n literal"),
        ("DOUBLE", "double \"quoted\" \\ \n \t escapes \\x"),
        ("MULTI", "first line\nsecond line"),
        ("INDENTED", "indented"),
        ("SPACE_AROUND", "spaced"),
        ("KEY_WITH_EQUALS", "a=b=c"),
        ("INTERP", "exported value/x"),
        ("DEFAULT", "fallback"),
        ("FROM_HOME", home.as_str()),
        ("DUP", "second"),
        ("CRLF", "windows"),
        ("TRAILING_SPACE_QUOTED", "  keep  "),
    ] {
        assert_eq!(sb.get(&format!("imp/{key}")), value, "{key}");
    }
}

#[test]
fn an_imported_secret_remembers_its_variable() {
    let sb = Sandbox::init();
    imported_tricky_env(&sb);
    let env = sb.ok([
        "run",
        "--no-mask",
        "-s",
        "imp/SPACE_AROUND",
        "--",
        "sh",
        "-c",
        "printf %s \"$SPACE_AROUND\"",
    ]);
    assert_eq!(env, "spaced");
}

#[test]
fn import_matches_python_dotenv_value_by_value() {
    if !python_has_dotenv() {
        return;
    }
    let sb = Sandbox::init();
    let (file, _) = imported_tricky_env(&sb);
    let py = python_dotenv(&sb, &file, true);
    let mut compared = 0;
    for (key, value) in py {
        match value.as_deref() {
            None | Some("") => assert!(
                sb.cmd()
                    .args(["get", &format!("imp/{key}")])
                    .output()
                    .unwrap()
                    .status
                    .code()
                    == Some(4)
            ),
            Some(v) => {
                assert_eq!(sb.get(&format!("imp/{key}")), v, "{key}");
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 17);
}

#[test]
fn malformed_or_clashing_imports_store_nothing() {
    let sb = Sandbox::init();
    sb.set("imp/EXISTING", "old-value");
    let before = sb.snapshot();
    for (text, needle) in [
        ("GOOD=1\nALSO=2\nBAD LINE\n", "line 3"),
        ("GOOD=1\nQ='never closed\nX=1\n", "line 2"),
        ("GOOD=1\nBAD-KEY=1\n", "line 2"),
        ("GOOD=1\nEXISTING=new\n", "imp/EXISTING"),
    ] {
        sb.exits_given(["import", "-", "--prefix", "imp"], text, 2)
            .stderr(predicates::str::contains(needle));
        assert_eq!(sb.snapshot(), before, "{text:?} changed the store");
    }
}

#[test]
fn import_overwrite_replaces_a_value_as_a_new_version() {
    let sb = Sandbox::init();
    sb.set("imp/EXISTING", "old-value");
    sb.cmd()
        .args(["import", "-", "--prefix", "imp", "--overwrite"])
        .write_stdin("GOOD=1-value\nEXISTING=new-value\n")
        .assert()
        .success();
    assert_eq!(sb.get("imp/EXISTING"), "new-value");
    assert_eq!(
        sb.ok(["get", "-n", "--version", "1", "imp/EXISTING"]),
        "old-value"
    );
}

#[test]
fn github_format_needs_github_env() {
    let sb = Sandbox::init();
    store_tricky(&sb);
    sb.fails(
        ["env", "--prefix", "rt/", "--format", "github"],
        2,
        "GITHUB_ENV",
    );
}

#[test]
fn github_format_masks_and_writes_github_env() {
    let sb = Sandbox::init();
    store_tricky(&sb);
    let gh = sb.dir.path().join("github_env");
    fs::write(&gh, "EARLIER=1\n").unwrap();
    let stdout = stdout_ok(
        sb.cmd()
            .env("GITHUB_ENV", &gh)
            .args(["env", "--prefix", "rt/", "--format", "github"]),
    );
    assert!(
        stdout.lines().all(|l| l.starts_with("::add-mask::")),
        "{stdout}"
    );
    assert!(stdout.contains("::add-mask::plain-value\n"));
    assert!(stdout.contains("::add-mask::-----BEGIN KEY-----%0Aabc%0Adef%0A-----END KEY-----\n"));
    assert!(stdout.contains("::add-mask::abc\n"));
    // Parse $GITHUB_ENV the way the runner does: NAME<<DELIM … DELIM.
    let text = fs::read_to_string(&gh).unwrap();
    let mut lines = text.split('\n');
    assert_eq!(lines.next(), Some("EARLIER=1"));
    let mut got = BTreeMap::new();
    while let Some(head) = lines.next() {
        if head.is_empty() {
            continue;
        }
        let (name, delim) = head.split_once("<<").unwrap();
        let mut value = Vec::new();
        for l in lines.by_ref() {
            if l == delim {
                break;
            }
            value.push(l);
        }
        got.insert(name.to_owned(), value.join("\n"));
    }
    assert_eq!(got, tricky_map());
}

#[test]
fn k8s_format_needs_a_valid_name() {
    let sb = Sandbox::init();
    store_tricky(&sb);
    let k8s = ["env", "--prefix", "rt/", "--format", "k8s"];
    sb.exits(k8s, 2);
    sb.exits(k8s.iter().chain(&["--name", "Bad_Name"]), 2);
}

#[test]
fn k8s_format_is_a_secret_manifest() {
    let sb = Sandbox::init();
    store_tricky(&sb);
    let yaml = sb.ok([
        "env",
        "--prefix",
        "rt/",
        "--format",
        "k8s",
        "--name",
        "myapp",
        "--namespace",
        "prod",
    ]);
    assert!(yaml.starts_with("apiVersion: v1\nkind: Secret\nmetadata:\n  name: myapp\n  namespace: prod\ntype: Opaque\ndata:\n"));
    for (var, value) in tricky() {
        let line = yaml
            .lines()
            .find(|l| l.starts_with(&format!("  {var}: ")))
            .unwrap();
        let b64 = line.split(": ").nth(1).unwrap();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        assert_eq!(String::from_utf8(decoded).unwrap(), value);
    }
}
