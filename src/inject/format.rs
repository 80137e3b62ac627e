//! `sesame env` output formats: dotenv, POSIX shell, fish, JSON, GitHub Actions and
//! a Kubernetes Secret manifest.
//!
//! Every encoder is exact or refuses: dotenv output reads back identically
//! with python-dotenv, `sesame import` and a shell's `set -a; . ./file`;
//! shell output with sh, bash, dash and zsh; fish output with fish; for every
//! character a value can hold, except where a format has no way to write it
//! (then the error names the variable and why, never the value). Nothing in a
//! value is ever run by the reader. All output is returned in zeroizing
//! buffers.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

use crate::error::{Error, IoContext, Result};

/// One variable and its value, as the formats see it.
pub(crate) struct Var<'a> {
    /// The variable.
    pub(crate) name: &'a str,
    /// The secret it holds (for errors; not secret).
    pub(crate) secret: &'a str,
    pub(crate) value: &'a str,
}

/// `VAR='value'` or `VAR="value"` lines that python-dotenv (and `sesame
/// import`) read back exactly and that a POSIX shell reads back exactly too
/// with `set -a; . ./file`, without running anything.
///
/// Single quotes when the value has no `'` and no `\\` (python-dotenv would
/// undo that escape; a shell keeps it); else double quotes with `\` and `"`
/// escaped as `\\` and `\"` (the only escapes both read alike), when the value
/// has no `$` and no backtick (a shell expands them in double quotes,
/// python-dotenv has no escape for them). A value that fits neither, or holds
/// a carriage return, a NUL, a final backslash or a `${…}` that python-dotenv
/// would expand, is refused: see
/// [`dotenv_refusal`].
pub(crate) fn dotenv(vars: &[Var<'_>]) -> Result<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::new());
    for v in vars {
        let value = v.value;
        if let Some(why) = dotenv_refusal(value) {
            return Err(Error::usage(
                format!(
                    "the value of {} ({}) {why}, so no dotenv line reads back the same in python-dotenv and in a shell's `set -a; .`",
                    v.name, v.secret
                ),
                "use --format json, shell or fish, or hand it over with `sesame run -f`",
            ));
        }
        out.push_str(v.name);
        out.push('=');
        if !value.contains('\'') && !value.contains("\\\\") {
            out.push('\'');
            out.push_str(value);
            out.push('\'');
        } else {
            out.push('"');
            for c in value.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '"' => out.push_str("\\\""),
                    c => out.push(c),
                }
            }
            out.push('"');
        }
        out.push('\n');
    }
    Ok(out)
}

/// Why `value` has no dotenv line that python-dotenv and a POSIX shell both
/// read back exactly, or None when it has one.
fn dotenv_refusal(value: &str) -> Option<&'static str> {
    if value.contains('\r') {
        // Python reads text files with universal newlines; a shell has no
        // escape for it inside quotes that python-dotenv shares.
        return Some("holds a carriage return, which python-dotenv reads as a line break");
    }
    if value.contains('\0') {
        return Some("holds a NUL byte, which a shell variable cannot hold");
    }
    if value.ends_with('\\') {
        // python-dotenv takes `\'` or `\"` before the closing quote as an
        // escaped quote; unquoted, a shell joins the next line.
        return Some(
            "ends with a backslash, which python-dotenv takes as escaping the closing quote",
        );
    }
    if python_dotenv_expands(value) {
        // python-dotenv (interpolate=True, its default) expands `${NAME}` and
        // `${NAME:-default}` even inside single quotes, and has no escape
        // for `$`.
        return Some("holds `${…}`, which python-dotenv expands even in single quotes");
    }
    let expands = value.contains(['$', '`']);
    if expands && value.contains('\'') {
        return Some("holds a single quote and a `$` or backtick");
    }
    if expands && value.contains("\\\\") {
        return Some("holds two backslashes in a row and a `$` or backtick");
    }
    None
}

/// Whether python-dotenv's interpolation (`\$\{([^}:]*)(:-[^}]*)?\}`) would
/// match somewhere in `value`.
fn python_dotenv_expands(value: &str) -> bool {
    value.match_indices("${").any(|(i, _)| {
        let rest = &value[i + 2..];
        match rest.find([':', '}']) {
            Some(j) if rest[j..].starts_with('}') => true,
            Some(j) => rest[j..].starts_with(":-") && rest[j + 2..].contains('}'),
            None => false,
        }
    })
}

/// Variables whose value contains `${`, which python-dotenv, docker compose
/// and `sesame import` expand when they read a dotenv file.
pub(crate) fn interpolation_hazards<'a>(vars: &[Var<'a>]) -> Vec<&'a str> {
    vars.iter()
        .filter(|v| v.value.contains("${"))
        .map(|v| v.name)
        .collect()
}

/// Single-quote `value` for POSIX shells and fish alike: `'` is written
/// as `'\''` and `\` as `'\\'`, so no backslash is ever inside quotes (fish
/// reads `\'` and `\\` as escapes there, a POSIX shell does not).
fn quote_posix(value: &str, out: &mut String) {
    out.push('\'');
    for c in value.chars() {
        match c {
            '\'' => out.push_str("'\\''"),
            '\\' => out.push_str("'\\\\'"),
            c => out.push(c),
        }
    }
    out.push('\'');
}

/// Refuse a value a shell variable cannot hold.
fn no_nul(v: &Var<'_>, instead: &str) -> Result<()> {
    if v.value.contains('\0') {
        return Err(Error::usage(
            format!(
                "the value of {} ({}) contains a NUL byte, which a shell variable cannot hold",
                v.name, v.secret
            ),
            instead,
        ));
    }
    Ok(())
}

/// `export VAR='value'` lines for sh, bash, dash and zsh, to `eval` or `.`:
/// single quotes keep every byte literal (see [`quote_posix`]). Sourced by
/// fish, they run nothing either, though fish's `export` splits values at
/// line breaks: use [`fish`] there.
pub(crate) fn shell(vars: &[Var<'_>]) -> Result<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::new());
    for v in vars {
        no_nul(v, "use --format json")?;
        out.push_str("export ");
        out.push_str(v.name);
        out.push('=');
        quote_posix(v.value, &mut out);
        out.push('\n');
    }
    Ok(out)
}

/// `set -gx VAR 'value'` lines for fish's `source`: in fish's single quotes
/// only `\\` and `\'` are escapes, so `\` and `'` are written so and every
/// other character (line breaks too) is literal.
pub(crate) fn fish(vars: &[Var<'_>]) -> Result<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::new());
    for v in vars {
        no_nul(v, "use --format json")?;
        out.push_str("set -gx ");
        out.push_str(v.name);
        out.push_str(" '");
        for c in v.value.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\'' => out.push_str("\\'"),
                c => out.push(c),
            }
        }
        out.push_str("'\n");
    }
    Ok(out)
}

/// A JSON object of variables to values.
pub(crate) fn json(vars: &[Var<'_>]) -> Result<Zeroizing<String>> {
    let map: serde_json::Map<String, serde_json::Value> = vars
        .iter()
        .map(|v| {
            (
                v.name.to_owned(),
                serde_json::Value::String(v.value.to_owned()),
            )
        })
        .collect();
    let text = Zeroizing::new(
        serde_json::to_string_pretty(&map)
            .map_err(|e| Error::Other(format!("could not encode JSON: {e}")))?,
    );
    // Control, bidi and invisible characters as `\uXXXX` (the same JSON
    // value), so that none reaches a terminal raw (SECURITY.md).
    let mut out = Zeroizing::new(String::with_capacity(3 * text.len() + 1));
    crate::escape::json_escape_into(&text, &mut out);
    out.push('\n');
    Ok(out)
}

/// Escape data of a GitHub workflow command.
fn github_escape(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// `::add-mask::` commands for every value (and for every line of a
/// multi-line value, as GitHub masks line by line).
pub(crate) fn github_masks(vars: &[Var<'_>]) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::new());
    for v in vars {
        let mut add = |s: &str| {
            out.push_str("::add-mask::");
            out.push_str(&github_escape(s));
            out.push('\n');
        };
        add(v.value);
        if v.value.contains(['\n', '\r']) {
            for line in v.value.lines().filter(|l| !l.trim().is_empty()) {
                add(line);
            }
        }
    }
    out
}

/// The `$GITHUB_ENV` entries: `VAR<<DELIM` / value / `DELIM`, each with a
/// fresh random delimiter that does not occur in the value.
pub(crate) fn github_env(vars: &[Var<'_>]) -> Result<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::new());
    for v in vars {
        let delimiter = loop {
            let mut bytes = [0u8; 16];
            getrandom::getrandom(&mut bytes)
                .map_err(|e| Error::Other(format!("no randomness from the OS: {e} — try again")))?;
            let d: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            let d = format!("ghadelimiter_{d}");
            if !v.value.contains(&d) {
                break d;
            }
        };
        out.push_str(&format!("{}<<{delimiter}\n", v.name));
        out.push_str(v.value);
        out.push_str(&format!("\n{delimiter}\n"));
    }
    Ok(out)
}

/// Append `text` to the `$GITHUB_ENV` file.
pub(crate) fn append_github_env(path: &Path, text: &str) -> Result<()> {
    let mut f = OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .context(|| format!("could not open GITHUB_ENV file {}", path.display()))?;
    f.write_all(text.as_bytes())
        .context(|| format!("could not write GITHUB_ENV file {}", path.display()))
}

/// Check a Kubernetes object name (RFC 1123 subdomain) or, with `label`,
/// a namespace (RFC 1123 label).
pub(crate) fn check_k8s_name(name: &str, label: bool) -> Result<()> {
    let max = if label { 63 } else { 253 };
    let ok = !name.is_empty()
        && name.len() <= max
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || (b == b'.' && !label)
        })
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(Error::usage(
            format!(
                "'{name}' is not a valid Kubernetes {}",
                if label { "namespace" } else { "object name" }
            ),
            "use lower-case letters, digits and '-' (and '.' in names), starting and ending with a letter or digit",
        ))
    }
}

/// A Kubernetes `Secret` manifest (YAML) with the values base64-encoded.
pub(crate) fn k8s(
    name: &str,
    namespace: Option<&str>,
    vars: &[Var<'_>],
) -> Result<Zeroizing<String>> {
    check_k8s_name(name, false)?;
    if let Some(ns) = namespace {
        check_k8s_name(ns, true)?;
    }
    let mut out = Zeroizing::new(String::new());
    out.push_str("apiVersion: v1\nkind: Secret\nmetadata:\n");
    out.push_str(&format!("  name: {name}\n"));
    if let Some(ns) = namespace {
        out.push_str(&format!("  namespace: {ns}\n"));
    }
    out.push_str("type: Opaque\ndata:\n");
    for v in vars {
        out.push_str(&format!("  {}: {}\n", v.name, STANDARD.encode(v.value)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars<'a>(pairs: &'a [(&'a str, &'a str)]) -> Vec<Var<'a>> {
        pairs
            .iter()
            .map(|(n, v)| Var {
                name: n,
                secret: n,
                value: v,
            })
            .collect()
    }

    #[test]
    fn dotenv_quoting() {
        let text = dotenv(&vars(&[
            ("A", "plain $HOME `x` \\n"),
            ("B", "it's a \\\\ \"test\"\nline2"),
        ]))
        .unwrap();
        assert_eq!(
            *text,
            "A='plain $HOME `x` \\n'\nB=\"it's a \\\\\\\\ \\\"test\\\"\nline2\"\n"
        );
        for bad in [
            "x\ry",
            "dir\\",
            "it's $5",
            "a\\\\b`c`",
            "nul\0",
            "${HOME}/x",
            "a${}b",
            "${X:-fallback}",
        ] {
            let e = dotenv(&vars(&[("A", bad)])).unwrap_err().to_string();
            assert!(e.contains("the value of A (A) "), "{e}");
            assert!(!e.contains(bad), "{e}");
        }
    }

    #[test]
    fn what_python_dotenv_would_expand() {
        for yes in ["${A}", "x${}y", "${A:-}", "${A:-b c}", "$${A}"] {
            assert!(python_dotenv_expands(yes), "{yes}");
        }
        for no in ["${A", "${A:b}", "$A", "${:x}", "{A}", "$ {A}"] {
            assert!(!python_dotenv_expands(no), "{no}");
        }
    }

    #[test]
    fn shell_and_fish_quoting() {
        let text = shell(&vars(&[("A", "it's \\ x")])).unwrap();
        assert_eq!(*text, "export A='it'\\''s '\\\\' x'\n");
        let text = fish(&vars(&[("A", "it's \\ x")])).unwrap();
        assert_eq!(*text, "set -gx A 'it\\'s \\\\ x'\n");
        assert!(shell(&vars(&[("A", "a\0")])).is_err());
        assert!(fish(&vars(&[("A", "a\0")])).is_err());
    }

    #[test]
    fn github_and_k8s() {
        let masks = github_masks(&vars(&[("A", "l1\nl2%")]));
        assert_eq!(
            *masks,
            "::add-mask::l1%0Al2%25\n::add-mask::l1\n::add-mask::l2%\n".replace("l2%\n", "l2%25\n")
        );
        let env = github_env(&vars(&[("A", "v")])).unwrap();
        let lines: Vec<&str> = env.lines().collect();
        assert!(lines[0].starts_with("A<<ghadelimiter_"));
        assert_eq!(lines[1], "v");
        assert_eq!(lines[2], &lines[0][3..]);
        let y = k8s("my-app", Some("prod"), &vars(&[("A", "v")])).unwrap();
        assert!(y.contains("  name: my-app\n  namespace: prod\n") && y.contains("  A: dg==\n"));
        assert!(k8s("My_App", None, &[]).is_err());
    }
}
