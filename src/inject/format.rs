//! `sesame env` output formats: dotenv, POSIX shell, JSON, GitHub Actions and
//! a Kubernetes Secret manifest.
//!
//! Every encoder is exact: dotenv output reads back identically with
//! python-dotenv and `sesame import`, shell output with any POSIX `sh`, for
//! every character a value can hold. All output is returned in zeroizing
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
    pub(crate) value: &'a str,
}

/// `VAR='value'` lines that python-dotenv (and `sesame import`) read back
/// exactly.
///
/// Single quotes are used where possible (`\` and `'` escaped as `\\` and
/// `\'`, newlines literal). A value holding a carriage return needs double
/// quotes (`\r`), because Python reads text files with universal newlines. A
/// value ending in a backslash cannot be quoted at all in python-dotenv's
/// grammar (`\'` before the closing quote escapes it), so it is written
/// unquoted when that is exact, and is an error otherwise.
pub(crate) fn dotenv(vars: &[Var<'_>]) -> Result<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::new());
    for v in vars {
        out.push_str(v.name);
        out.push('=');
        let value = v.value;
        if !value.ends_with('\\') {
            let (quote, double) = if value.contains('\r') {
                ('"', true)
            } else {
                ('\'', false)
            };
            out.push(quote);
            for c in value.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\'' if !double => out.push_str("\\'"),
                    '"' if double => out.push_str("\\\""),
                    '\r' => out.push_str("\\r"),
                    c => out.push(c),
                }
            }
            out.push(quote);
        } else if unquoted_is_exact(value) {
            out.push_str(value);
        } else {
            return Err(Error::usage(
                format!(
                    "the value of {} ends with a backslash and has spaces, quotes, '#' or line breaks, which the dotenv format cannot hold exactly",
                    v.name
                ),
                "use --format json or shell, or hand it over with `sesame run -f`",
            ));
        }
        out.push('\n');
    }
    Ok(out)
}

fn unquoted_is_exact(value: &str) -> bool {
    let first_ok = value
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace() && c != '\'' && c != '"');
    let last_ok = value.chars().last().is_some_and(|c| !c.is_whitespace());
    let mut prev_space = false;
    for c in value.chars() {
        if c == '\n' || c == '\r' || (c == '#' && prev_space) {
            return false;
        }
        prev_space = c.is_whitespace() || ('\x1c'..='\x1f').contains(&c);
    }
    first_ok && last_ok
}

/// Variables whose value contains `${`, which python-dotenv, docker compose
/// and `sesame import` expand when they read a dotenv file.
pub(crate) fn interpolation_hazards<'a>(vars: &[Var<'a>]) -> Vec<&'a str> {
    vars.iter()
        .filter(|v| v.value.contains("${"))
        .map(|v| v.name)
        .collect()
}

/// `export VAR='value'` lines for a POSIX shell: single quotes keep every byte
/// literal; a `'` is written as `'\''`. NUL cannot be in a shell string.
pub(crate) fn shell(vars: &[Var<'_>]) -> Result<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::new());
    for v in vars {
        if v.value.contains('\0') {
            return Err(Error::usage(
                format!(
                    "the value of {} contains a NUL byte, which a shell variable cannot hold",
                    v.name
                ),
                "use --format json",
            ));
        }
        out.push_str("export ");
        out.push_str(v.name);
        out.push_str("='");
        out.push_str(&v.value.replace('\'', "'\\''"));
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
    let mut text = serde_json::to_string_pretty(&map)
        .map_err(|e| Error::Other(format!("could not encode JSON: {e}")))?;
    text.push('\n');
    Ok(Zeroizing::new(text))
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
            .map(|(n, v)| Var { name: n, value: v })
            .collect()
    }

    #[test]
    fn dotenv_quoting() {
        let text = dotenv(&vars(&[
            ("A", "it's a \\ test\nline2"),
            ("B", "x\ry\"z"),
            ("C", "dir\\"),
        ]))
        .unwrap();
        assert_eq!(
            *text,
            "A='it\\'s a \\\\ test\nline2'\nB=\"x\\ry\\\"z\"\nC=dir\\\n"
        );
        assert!(dotenv(&vars(&[("A", "a #b\\")])).is_err());
        assert_eq!(*dotenv(&vars(&[("A", "a b\\")])).unwrap(), "A=a b\\\n");
    }

    #[test]
    fn shell_quoting() {
        let text = shell(&vars(&[("A", "it's")])).unwrap();
        assert_eq!(*text, "export A='it'\\''s'\n");
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
