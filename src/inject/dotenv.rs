//! Reading dotenv files with the semantics of python-dotenv (1.x), so that
//! `sesame import` stores exactly what a Python program would have loaded.
//!
//! The grammar follows python-dotenv's `parser.py` rule by rule: comments,
//! `export ` prefixes, unquoted values with inline comments after whitespace,
//! single quotes (only `\\` and `\'` are escapes), double quotes (`\\ \' \"
//! \a \b \f \n \r \t \v`), quoted values spanning lines, and python-dotenv's
//! way of finding the closing quote (a quote preceded by a backslash does not
//! close; with no other quote left, the last one does). Like Python reading a
//! text file, `\r\n` and lone `\r` become `\n` first. `${VAR}` and
//! `${VAR:-default}` are expanded afterwards, from earlier keys of the file and
//! then the environment, as `dotenv_values()` does.
//!
//! Unlike python-dotenv, which warns and skips, an unparsable statement is an
//! error naming its line: an import is all or nothing.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use zeroize::Zeroizing;

use crate::error::{Error, IoContext, Result};

/// One `KEY=value` binding. `Debug` never shows the value, nor the key (a
/// bare line read as a key may be a value).
pub(crate) struct Binding {
    pub(crate) key: String,
    /// The value; `None` for a bare `KEY` line (python-dotenv's `None`).
    pub(crate) value: Option<Zeroizing<String>>,
    /// The line the binding starts on (1-based).
    pub(crate) line: usize,
}

impl std::fmt::Debug for Binding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Binding")
            .field("line", &self.line)
            .field("value", &self.value.as_ref().map(|_| "***"))
            .finish_non_exhaustive()
    }
}

/// Read a dotenv file, or stdin for `-`, as UTF-8.
pub(crate) fn read_source(path: &Path) -> Result<Zeroizing<String>> {
    // Sized up front: a growing buffer would free unzeroed copies of values.
    let mut bytes = Zeroizing::new(Vec::with_capacity(64 * 1024));
    if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context(|| "could not read stdin".into())?;
    } else {
        let mut f =
            std::fs::File::open(path).context(|| format!("could not open {}", path.display()))?;
        f.read_to_end(&mut bytes)
            .context(|| format!("could not read {}", path.display()))?;
    }
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        Error::usage(
            format!(
                "{} is not UTF-8 text (byte {})",
                path.display(),
                e.valid_up_to()
            ),
            "convert it to UTF-8; nothing was imported",
        )
    })?;
    // A UTF-8 byte order mark is not part of the first key.
    Ok(Zeroizing::new(
        text.strip_prefix('\u{feff}').unwrap_or(text).to_owned(),
    ))
}

/// Python's `\s` for `str` patterns (a superset of ASCII whitespace).
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Python's `[^\S\r\n]`: whitespace other than line breaks.
fn hspace(c: char) -> bool {
    py_space(c) && c != '\r' && c != '\n'
}

/// Universal newlines: what Python's text mode reads.
pub(crate) fn normalize_newlines(text: &str) -> Zeroizing<String> {
    Zeroizing::new(text.replace("\r\n", "\n").replace('\r', "\n"))
}

struct Reader<'a> {
    s: &'a str,
    pos: usize,
    /// A position already counted, and the line it is on: each statement's
    /// line is counted on from the last one, not from the start (counting from
    /// the start made a 1 MB file take minutes; issue 19).
    counted: (usize, usize),
}

impl Reader<'_> {
    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }
    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }
    fn skip_while(&mut self, f: impl Fn(char) -> bool) -> usize {
        let start = self.pos;
        let n: usize = self
            .rest()
            .chars()
            .take_while(|&c| f(c))
            .map(char::len_utf8)
            .sum();
        self.pos += n;
        self.pos - start
    }
    fn line_at(&mut self, pos: usize) -> usize {
        let (from, line) = if pos >= self.counted.0 {
            self.counted
        } else {
            (0, 1)
        };
        let line = line + memchr::memchr_iter(b'\n', &self.s.as_bytes()[from..pos]).count();
        self.counted = (pos, line);
        line
    }
}

/// Parse dotenv text (already newline-normalised). Errors name the line.
pub(crate) fn parse(text: &str) -> Result<Vec<Binding>> {
    let mut r = Reader {
        s: text,
        pos: 0,
        counted: (0, 1),
    };
    let mut out = Vec::new();
    loop {
        r.skip_while(py_space);
        if r.pos >= r.s.len() {
            break;
        }
        let line = r.line_at(r.pos);
        match binding(&mut r) {
            Some(Some((key, value))) => out.push(Binding { key, value, line }),
            Some(None) => {}
            None => {
                return Err(Error::usage(
                    format!("line {line}: cannot parse this statement"),
                    "nothing was imported; fix the line (KEY=value, KEY='value' or KEY=\"value\")",
                ));
            }
        }
    }
    Ok(out)
}

type Parsed = Option<(String, Option<Zeroizing<String>>)>;

/// One statement; `None` when it does not parse, `Some(None)` for a comment.
fn binding(r: &mut Reader<'_>) -> Option<Parsed> {
    // `(?:export[^\S\r\n]+)?`
    if let Some(after) = r.rest().strip_prefix("export")
        && after.starts_with(hspace)
    {
        r.pos += "export".len();
        r.skip_while(hspace);
    }
    let key = match r.peek() {
        Some('#') => None,
        Some('\'') => {
            // `'([^']+)'`
            let body = &r.rest()[1..];
            let end = body.find('\'')?;
            if end == 0 {
                return None;
            }
            let key = body[..end].to_owned();
            r.pos += end + 2;
            Some(key)
        }
        _ => {
            // `([^=\#\s]+)`
            let start = r.pos;
            if r.skip_while(|c| c != '=' && c != '#' && !py_space(c)) == 0 {
                return None;
            }
            Some(r.s[start..r.pos].to_owned())
        }
    };
    r.skip_while(hspace);
    let value = if r.peek() == Some('=') {
        r.pos += 1;
        r.skip_while(hspace);
        Some(value(r)?)
    } else {
        None
    };
    // `(?:[^\S\r\n]*#[^\r\n]*)?`
    let save = r.pos;
    r.skip_while(hspace);
    if r.peek() == Some('#') {
        r.skip_while(|c| c != '\n' && c != '\r');
    } else {
        r.pos = save;
    }
    // `[^\S\r\n]*(?:\r\n|\n|\r|$)`
    r.skip_while(hspace);
    match r.peek() {
        None => {}
        Some('\n') | Some('\r') => {
            if r.rest().starts_with("\r\n") {
                r.pos += 2;
            } else {
                r.pos += 1;
            }
        }
        Some(_) => return None,
    }
    Some(key.map(|k| (k, value)))
}

fn value(r: &mut Reader<'_>) -> Option<Zeroizing<String>> {
    match r.peek() {
        Some(q @ ('\'' | '"')) => {
            let body_start = r.pos + 1;
            let body = &r.s[body_start..];
            let end = closing_quote(body, q)?;
            let raw = &body[..end];
            r.pos = body_start + end + 1;
            Some(if q == '\'' {
                unescape(raw, |c| matches!(c, '\\' | '\''))
            } else {
                unescape(raw, |c| {
                    matches!(
                        c,
                        '\\' | '\'' | '"' | 'a' | 'b' | 'f' | 'n' | 'r' | 't' | 'v'
                    )
                })
            })
        }
        None | Some('\n') | Some('\r') => Some(Zeroizing::new(String::new())),
        Some(_) => {
            // `([^\r\n]*)`, then `re.sub(r"\s+#.*", "", part).rstrip()`
            let start = r.pos;
            r.skip_while(|c| c != '\n' && c != '\r');
            let part = &r.s[start..r.pos];
            let mut cut = part.len();
            let mut run_start = None;
            for (i, c) in part.char_indices() {
                if py_space(c) {
                    run_start.get_or_insert(i);
                } else {
                    if c == '#'
                        && let Some(s) = run_start
                    {
                        cut = s;
                        break;
                    }
                    run_start = None;
                }
            }
            Some(Zeroizing::new(
                part[..cut].trim_end_matches(py_space).to_owned(),
            ))
        }
    }
}

/// Where python-dotenv's `q((?:\\q|[^q])*)q` closes: the first quote not
/// preceded by a backslash, else (by backtracking) the last quote of all.
fn closing_quote(body: &str, q: char) -> Option<usize> {
    let mut prev = None;
    for (i, c) in body.char_indices() {
        if c == q && prev != Some('\\') {
            return Some(i);
        }
        prev = Some(c);
    }
    body.rfind(q)
}

fn unescape(raw: &str, is_escape: impl Fn(char) -> bool) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(raw.len()));
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&n) = chars.peek()
            && is_escape(n)
        {
            chars.next();
            out.push(match n {
                'a' => '\x07',
                'b' => '\x08',
                'f' => '\x0c',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'v' => '\x0b',
                other => other,
            });
            continue;
        }
        out.push(c);
    }
    out
}

/// How much longer than the file its values may grow by `${VAR}` expansion.
/// Each line may repeat an earlier value many times, so without a bound a
/// file of a few hundred bytes expands to gigabytes (issue 19's fuzzing).
pub(crate) const EXPANSION_ALLOWANCE: usize = 1 << 20;

/// Expand `${NAME}` and `${NAME:-default}` in every value, in file order, from
/// the values before it and then `env` (python-dotenv's `override=True`).
/// Refused (exit 2) when the values together grow past `source_len` plus
/// [`EXPANSION_ALLOWANCE`] bytes.
pub(crate) fn interpolate(
    bindings: &mut [Binding],
    env: &dyn Fn(&str) -> Option<String>,
    source_len: usize,
) -> Result<()> {
    let limit = source_len.saturating_add(EXPANSION_ALLOWANCE);
    let mut total = 0usize;
    // The latest value of each key so far.
    let mut seen: HashMap<String, Option<Zeroizing<String>>> = HashMap::new();
    for b in bindings.iter_mut() {
        if let Some(v) = &b.value {
            let lookup = |name: &str| -> Option<String> {
                match seen.get(name) {
                    Some(value) => Some(value.as_ref().map(|v| v.to_string()).unwrap_or_default()),
                    None => env(name),
                }
            };
            let expanded = expand(v, &lookup, limit.saturating_sub(total)).ok_or_else(|| {
                Error::usage(
                    format!(
                        "line {}: ${{…}} references expand the values to more than {} MiB past the file's size",
                        b.line,
                        EXPANSION_ALLOWANCE >> 20
                    ),
                    "nothing was imported; use --no-interpolate, or fewer references to long values",
                )
            })?;
            total += expanded.len();
            b.value = Some(expanded);
        }
        seen.insert(b.key.clone(), b.value.clone());
    }
    Ok(())
}

/// `value` expanded, or `None` when it would be longer than `room` bytes.
fn expand(
    value: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
    room: usize,
) -> Option<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::with_capacity(value.len().min(room)));
    let mut i = 0;
    while i < value.len() {
        let rest = &value[i..];
        if let Some(inner) = rest.strip_prefix("${") {
            // `\$\{([^}:]*)(?::-([^}]*))?\}`
            let name_len = inner.find(['}', ':']).unwrap_or(inner.len());
            let name = &inner[..name_len];
            let after = &inner[name_len..];
            let parsed = if after.starts_with('}') {
                Some((None, 2 + name_len + 1))
            } else if let Some(d) = after.strip_prefix(":-") {
                d.find('}')
                    .map(|e| (Some(&d[..e]), 2 + name_len + 2 + e + 1))
            } else {
                None
            };
            if let Some((default, len)) = parsed {
                let found = Zeroizing::new(lookup(name));
                let v = found.as_deref().unwrap_or(default.unwrap_or(""));
                if out.len() + v.len() > room {
                    return None;
                }
                out.push_str(v);
                i += len;
                continue;
            }
        }
        let c = rest.chars().next().map_or(1, char::len_utf8);
        if out.len() + c > room {
            return None;
        }
        out.push_str(&rest[..c]);
        i += c;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(String, Option<String>)> {
        let mut b = parse(&normalize_newlines(text)).unwrap();
        interpolate(
            &mut b,
            &|n| (n == "HOME").then(|| "/home/x".to_owned()),
            text.len(),
        )
        .unwrap();
        b.into_iter()
            .map(|b| (b.key, b.value.map(|v| v.to_string())))
            .collect()
    }

    fn one(text: &str) -> String {
        values(text).pop().unwrap().1.unwrap()
    }

    #[test]
    fn python_dotenv_cases() {
        assert_eq!(one("A=b"), "b");
        assert_eq!(one("export A=b # comment"), "b");
        assert_eq!(one("A=b#not comment"), "b#not comment");
        assert_eq!(one("A='it\\'s \\\\ \\n'"), "it's \\ \\n");
        assert_eq!(one("A=\"tab\\there\\n\\q\""), "tab\there\n\\q");
        assert_eq!(one("A=\"multi\nline\""), "multi\nline");
        assert_eq!(one("A=  spaced value   "), "spaced value");
        assert_eq!(one("A="), "");
        assert_eq!(
            one("A=${HOME}/x ${NOPE:-def} ${B:x}"),
            "/home/x/x def ${B:x}"
        );
        assert_eq!(one("B=1\nA=${B}2"), "12");
        assert_eq!(one("'A'=quoted key"), "quoted key");
        assert_eq!(values("# only a comment\n\n  \n"), []);
        assert_eq!(values("BARE"), [("BARE".to_owned(), None)]);
        assert_eq!(one("A=x\r\nB=y\r\n"), "y");
    }

    #[test]
    fn closing_quote_like_the_regex() {
        // A backslash before the quote keeps the value open to the next quote.
        assert!(parse("A='x\\\\'\nB='y'").is_err());
        // No unescaped quote left: the last quote closes.
        assert_eq!(one("A='x\\\\'"), "x\\");
    }

    #[test]
    fn malformed_lines_name_the_line() {
        for (text, line) in [
            ("A=1\nB='unterminated\n", 2),
            ("A=1\n\nA B=2\n", 3),
            ("A=\"x\" junk\n", 1),
            ("=value\n", 1),
        ] {
            let e = parse(text).unwrap_err().to_string();
            assert!(e.starts_with(&format!("line {line}:")), "{text:?}: {e}");
        }
    }

    #[test]
    fn expansion_is_bounded() {
        // Each line doubles the one before: 40 short lines would expand to
        // terabytes. Refused, naming the line, before memory runs out.
        let mut text = String::from("A0=0123456789abcdef\n");
        for i in 1..40 {
            text.push_str(&format!("A{i}=${{A{p}}}${{A{p}}}\n", p = i - 1));
        }
        let mut b = parse(&text).unwrap();
        let e = interpolate(&mut b, &|_| None, text.len()).unwrap_err();
        assert_eq!(e.exit_code(), crate::error::exit::USAGE);
        assert!(e.to_string().starts_with("line 17: "), "{e}");
        // Within the allowance, the same references expand as python-dotenv's do.
        let mut b = parse("A=xy\nB=${A}${A}\n").unwrap();
        interpolate(&mut b, &|_| None, 12).unwrap();
        assert_eq!(b[1].value.as_deref().map(String::as_str), Some("xyxy"));
    }
}
