//! Properties over generated inputs (issue 19), through the real binary, with
//! bounded cases so that `cargo test` stays fast:
//!
//! - the audit chain: any single change to a valid log before its last sealed
//!   record is reported by `audit verify` (exit 5);
//! - `import` against python-dotenv on generated dotenv files: what sesame
//!   stores is what `dotenv_values` reads, or sesame refuses (exit 2) a file
//!   python-dotenv reads only in part (it skips a statement it cannot parse,
//!   with a warning) or whose keys are not variable names;
//! - the `env` formats read back by python-dotenv, sh, dash, bash, zsh and fish:
//!   exactly the stored values, or a refusal (exit 2).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use crate::util::{Sandbox, assert_success, require_program, strict};

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 64,
        ..Config::default()
    })
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
}

// ---------------------------------------------------------------- audit chain

/// One change to a log.
#[derive(Debug, Clone)]
enum Change {
    /// XOR a byte before the end of the sealed line with a non-zero mask.
    Flip(Index, u8),
    /// Swap a line up to the sealed one with any other line.
    Swap(Index, Index),
    Drop(Index),
    Duplicate(Index),
    /// Cut the file before the end of the sealed line.
    Truncate(Index),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (any::<Index>(), 1u8..=255).prop_map(|(i, m)| Change::Flip(i, m)),
        (any::<Index>(), any::<Index>()).prop_map(|(i, j)| Change::Swap(i, j)),
        any::<Index>().prop_map(Change::Drop),
        any::<Index>().prop_map(Change::Duplicate),
        any::<Index>().prop_map(Change::Truncate),
    ]
}

/// `log` with `change` applied; `sealed` is the index of the sealed line.
/// `None` when the change leaves the bytes as they were (swapping equal lines).
fn apply(log: &[u8], sealed: usize, change: &Change) -> Option<Vec<u8>> {
    let lines: Vec<&[u8]> = log.split_inclusive(|b| *b == b'\n').collect();
    let sealed_end: usize = lines[..=sealed].iter().map(|l| l.len()).sum();
    let upto = |i: &Index| i.index(sealed + 1);
    let mut out: Vec<&[u8]> = lines.clone();
    let bytes = match change {
        Change::Flip(at, mask) => {
            let mut b = log.to_vec();
            b[at.index(sealed_end)] ^= mask;
            return Some(b);
        }
        Change::Truncate(at) => return Some(log[..at.index(sealed_end)].to_vec()),
        Change::Swap(i, j) => {
            let (i, j) = (upto(i), j.index(lines.len()));
            if lines[i] == lines[j] {
                return None;
            }
            out.swap(i, j);
            out
        }
        Change::Drop(i) => {
            out.remove(upto(i));
            out
        }
        Change::Duplicate(i) => {
            let i = upto(i);
            out.insert(i, lines[i]);
            out
        }
    };
    Some(bytes.concat())
}

/// A store whose log has unauthenticated lines (failed unlocks), a sealed
/// record in the middle and an unsealed tail after it.
fn store_with_sealed_log() -> (Sandbox, Vec<u8>, usize) {
    let sb = Sandbox::init();
    let wrong = |sb: &Sandbox| {
        sb.cmd_locked()
            .env("SESAME_PASSWORD", "wrong")
            .args(["get", "app/a"])
            .assert()
            .code(3);
    };
    sb.set("app/a", "first-value");
    sb.get("app/a");
    wrong(&sb);
    sb.get("app/a");
    sb.set("app/b", "second-value");
    wrong(&sb);
    sb.set("app/c", "third-value");
    sb.get("app/b");
    wrong(&sb);
    let report = sb.json(["audit", "verify"]);
    let sealed_seq = report["sealed_seq"].as_u64().unwrap();
    assert!(
        sealed_seq < report["last_seq"].as_u64().unwrap(),
        "{report}"
    );
    let log = fs::read(sb.store.join("audit.log")).unwrap();
    let prefix = format!("{{\"seq\":{sealed_seq},");
    let sealed = log
        .split(|b| *b == b'\n')
        .position(|l| l.starts_with(prefix.as_bytes()))
        .unwrap();
    (sb, log, sealed)
}

#[test]
fn any_change_before_the_seal_is_reported() {
    let (sb, log, sealed) = store_with_sealed_log();
    let path = sb.store.join("audit.log");
    runner(48)
        .run(&change(), |c| {
            let Some(changed) = apply(&log, sealed, &c) else {
                return Ok(());
            };
            fs::write(&path, &changed).unwrap();
            let out = sb.cmd().args(["audit", "verify"]).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            prop_assert_eq!(out.status.code(), Some(5), "{:?} passed: {}", c, stderr);
            prop_assert!(stderr.contains("audit.log"), "{}", stderr);
            Ok(())
        })
        .unwrap();
    // The intact log still verifies, and the tail after the seal is the
    // documented exception: cutting it off is not detectable.
    fs::write(&path, &log).unwrap();
    sb.ok(["audit", "verify"]);
    let end: usize = log
        .split_inclusive(|b| *b == b'\n')
        .take(sealed + 1)
        .map(<[u8]>::len)
        .sum();
    fs::write(&path, &log[..end]).unwrap();
    sb.ok(["audit", "verify"]);
}

// ---------------------------------------------------------------- python-dotenv

fn python_has_dotenv() -> bool {
    if !require_program("python3", "reads dotenv files with python-dotenv") {
        return false;
    }
    let ok = Command::new("python3")
        .args(["-c", "import dotenv"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            !strict(),
            "python-dotenv is required (pip install python-dotenv) and SESAME_TEST_STRICT=1"
        );
        eprintln!("SKIPPED: python-dotenv not installed (pip install python-dotenv)");
    }
    ok
}

/// What python-dotenv reads from `path`, and whether it warned that it could
/// not parse a statement (and skipped it).
fn python_dotenv(sb: &Sandbox, path: &Path) -> (BTreeMap<String, Option<String>>, bool) {
    let out = Command::new("python3")
        .args([
            "-c",
            "import json, sys\nfrom dotenv import dotenv_values\nprint(json.dumps(dotenv_values(sys.argv[1])))",
        ])
        .arg(path)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &sb.home)
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    assert_success(&out);
    let warned = String::from_utf8_lossy(&out.stderr).contains("could not parse statement");
    (serde_json::from_slice(&out.stdout).unwrap(), warned)
}

/// A piece of a value: characters that matter to dotenv parsers.
fn value_text(quoted: bool) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("a"),
        Just("Z9"),
        Just(" "),
        Just("\t"),
        Just("#"),
        Just(" #"),
        Just("'"),
        Just("\""),
        Just("\\"),
        Just("\\n"),
        Just("\\'"),
        Just("\\\""),
        Just("$"),
        Just("${A}"),
        Just("${NOPE:-dflt}"),
        Just("${HOME}"),
        Just("="),
        Just("é€"),
        Just("`x`"),
    ];
    let newline = if quoted { 1 } else { 0 };
    proptest::collection::vec(prop_oneof![20 => piece, newline => Just("\n")], 0..6)
        .prop_map(|p| p.concat())
}

/// One line (or statement) of a dotenv file.
fn dotenv_line() -> impl Strategy<Value = String> {
    let key = prop_oneof![Just("A"), Just("B_2"), Just("_C"), Just("lower"), Just("D")];
    let around = prop_oneof![Just(""), Just(" "), Just("\t")];
    prop_oneof![
        (key.clone(), around.clone(), value_text(false))
            .prop_map(|(k, s, v)| format!("{k}{s}={s}{v}")),
        (key.clone(), value_text(true)).prop_map(|(k, v)| format!("{k}='{v}'")),
        (key.clone(), value_text(true)).prop_map(|(k, v)| format!("{k}=\"{v}\"")),
        (key.clone(), value_text(false)).prop_map(|(k, v)| format!("export {k}={v}")),
        value_text(false).prop_map(|v| format!("# {v}")),
        Just(String::new()),
        key.prop_map(String::from),
    ]
}

fn dotenv_file() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(dotenv_line(), 1..6),
        any::<bool>(),
    )
        .prop_map(|(lines, crlf)| {
            let nl = if crlf { "\r\n" } else { "\n" };
            lines.join(nl) + nl
        })
}

#[test]
fn import_agrees_with_python_dotenv() {
    if !python_has_dotenv() {
        return;
    }
    let sb = Sandbox::init();
    let file = sb.dir.path().join("generated.env");
    let case = std::cell::Cell::new(0);
    runner(40)
        .run(&dotenv_file(), |text| {
            case.set(case.get() + 1);
            let case = case.get();
            fs::write(&file, &text).unwrap();
            let (py, warned) = python_dotenv(&sb, &file);
            let prefix = format!("case{case}");
            let out = sb
                .cmd()
                .args(["import", "--prefix", &prefix])
                .arg(&file)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let wanted: BTreeMap<&String, &String> = py
                .iter()
                .filter_map(|(k, v)| v.as_ref().filter(|v| !v.is_empty()).map(|v| (k, v)))
                .collect();
            match out.status.code() {
                Some(0) => {
                    prop_assert!(!warned, "python-dotenv skipped a statement sesame read");
                    let json = sb.json(["env", "--prefix", &format!("{prefix}/")]);
                    let got: BTreeMap<String, String> = serde_json::from_value(json).unwrap();
                    let got: BTreeMap<&String, &String> = got.iter().collect();
                    prop_assert_eq!(got, wanted);
                }
                Some(2) => {
                    // A refusal is right when python-dotenv's reading is partial
                    // or has no value to store or keys that are no variable names.
                    let bad_key = py.keys().any(|k| {
                        !k.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                            || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    });
                    prop_assert!(
                        warned || bad_key || wanted.is_empty(),
                        "sesame refused a file python-dotenv reads in full: {}",
                        stderr
                    );
                    prop_assert_eq!(stderr.lines().count(), 1, "{}", stderr);
                }
                other => {
                    return Err(TestCaseError::fail(format!("exit {other:?}: {stderr}")));
                }
            }
            Ok(())
        })
        .unwrap();
}

// ---------------------------------------------------------------- env formats

/// A value to store: characters that matter to shells and dotenv readers;
/// with `braces`, also `${A}`, which python-dotenv expands.
fn env_value(braces: bool) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("v"),
        Just(" "),
        Just("\t"),
        Just("\n"),
        Just("\r"),
        Just("'"),
        Just("\""),
        Just("\\"),
        Just("$"),
        Just(if braces { "${A}" } else { "{A}" }),
        Just("$(id)"),
        Just("`id`"),
        Just("!"),
        Just("#"),
        Just("*"),
        Just("~"),
        Just("%s"),
        Just("\u{1}"),
        Just("\0"),
        Just("\u{1b}[0m"),
        Just("é€😀"),
        Just("\u{a0}"),
        Just("\u{2028}"),
        Just("-n"),
    ];
    proptest::collection::vec(piece, 1..8).prop_map(|p| p.concat())
}

/// What a reader program got for each variable.
type ReadBack = BTreeMap<String, String>;

fn read_shell(shell: &str, script: &Path, vars: &[String]) -> Result<ReadBack, String> {
    let mut back = ReadBack::new();
    for var in vars {
        let code = if shell == "fish" {
            format!("source {}; printf %s \"${var}\"", script.display())
        } else {
            format!(". {}; printf %s \"${var}\"", script.display())
        };
        let out = Command::new(shell)
            .arg("-c")
            .arg(code)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("LANG", "C.UTF-8")
            .output()
            .unwrap();
        if !out.status.success() {
            return Err(format!("{shell}: {}", String::from_utf8_lossy(&out.stderr)));
        }
        back.insert(
            var.clone(),
            String::from_utf8(out.stdout).map_err(|e| e.to_string())?,
        );
    }
    Ok(back)
}

fn read_python(sb: &Sandbox, file: &Path) -> ReadBack {
    let (py, _) = python_dotenv(sb, file);
    py.into_iter()
        .map(|(k, v)| (k, v.unwrap_or_default()))
        .collect()
}

/// Values the formats got wrong, with the reader: for the report.
fn check_formats(sb: &Sandbox, values: &[String], formats: &[(&str, Vec<&str>)]) -> Vec<String> {
    let vars: Vec<String> = (0..values.len()).map(|i| format!("V{i}")).collect();
    let want: ReadBack = vars.iter().cloned().zip(values.iter().cloned()).collect();
    let mut wrong = Vec::new();
    for (format, readers) in formats {
        let out = sb
            .cmd()
            .args(["env", "--prefix", "p/", "--format", format])
            .output()
            .unwrap();
        match out.status.code() {
            Some(0) => {}
            Some(2) => continue, // refused: allowed
            other => {
                wrong.push(format!("{format}: exit {other:?}"));
                continue;
            }
        }
        let file = sb.dir.path().join(format!("out.{format}"));
        fs::write(&file, &out.stdout).unwrap();
        for reader in readers {
            let got = match *reader {
                "python-dotenv" => Ok(read_python(sb, &file)),
                shell => read_shell(shell, &file, &vars),
            };
            match got {
                Ok(got) if got == want => {}
                Ok(got) => wrong.push(format!("{format} read by {reader}: {got:?} for {want:?}")),
                Err(e) => wrong.push(format!("{format} read by {reader} failed: {e}")),
            }
        }
    }
    wrong
}

/// The shells on this machine (bash and zsh required under strict mode).
fn shells() -> Vec<&'static str> {
    let shells: Vec<&str> = ["sh", "dash", "bash", "zsh"]
        .into_iter()
        .filter(|s| on_path(s))
        .collect();
    if strict() {
        for s in ["bash", "zsh"] {
            assert!(
                shells.contains(&s),
                "{s} is required and SESAME_TEST_STRICT=1"
            );
        }
    }
    shells
}

/// Store `values` as `p/v0`… (variables `V0`…) and return what sesame holds:
/// `set` drops one trailing newline (`\n` or `\r\n`), so what `get -n`
/// prints is the truth the readers must agree with. A value that `set`
/// refuses (empty once the newline is dropped) is left out.
fn store_values(sb: &Sandbox, values: &[String]) -> Vec<String> {
    for i in 0..4 {
        let _ = sb
            .cmd()
            .args(["remove", "--force", &format!("p/v{i}")])
            .output();
    }
    let mut stored = Vec::new();
    for v in values {
        let i = stored.len();
        let out = sb
            .cmd()
            .args(["set", &format!("p/v{i}"), "--env", &format!("V{i}")])
            .write_stdin(format!("{v}\n"))
            .output()
            .unwrap();
        if out.status.success() {
            stored.push(sb.get(&format!("p/v{i}")));
        }
    }
    stored
}

/// Generated values through `formats`, each read back by its readers.
fn formats_round_trip(braces: bool, formats: &[(&str, Vec<&str>)]) {
    let sb = Sandbox::init();
    let values = proptest::collection::vec(env_value(braces), 1..4);
    runner(20)
        .run(&values, |values| {
            let stored = store_values(&sb, &values);
            if stored.is_empty() {
                return Ok(());
            }
            let wrong = check_formats(&sb, &stored, formats);
            prop_assert!(wrong.is_empty(), "{:#?}", wrong);
            Ok(())
        })
        .unwrap();
}

#[test]
fn shell_format_reads_back_exactly_in_every_shell() {
    formats_round_trip(true, &[("shell", shells())]);
}

#[test]
fn dotenv_format_reads_back_exactly_in_python_dotenv() {
    if python_has_dotenv() {
        formats_round_trip(false, &[("dotenv", vec!["python-dotenv"])]);
    }
}

/// python-dotenv's `dotenv_values()` expands `${A}` even in single quotes, so
/// such a value is refused (exit 2); every other value reads back exactly.
#[test]
fn dotenv_format_with_references_reads_back_or_is_refused() {
    if python_has_dotenv() {
        formats_round_trip(true, &[("dotenv", vec!["python-dotenv"])]);
    }
}

/// `--format fish` read back by fish itself.
#[test]
fn fish_format_reads_back_exactly_in_fish() {
    let sb = Sandbox::init();
    sb.set("p/v0", "x");
    let out = sb
        .cmd()
        .args(["env", "--prefix", "p/", "--format", "fish"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    if require_program("fish", "reads --format fish") {
        formats_round_trip(true, &[("fish", vec!["fish"])]);
    }
}
