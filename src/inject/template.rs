//! Templates for `sesame inject`: text with references to secrets, rendered
//! with their values.
//!
//! A reference is `{{ sesame://NAME }}`, `{{ sesame://NAME#id }}` (the current
//! version's key id) or either with a filter, `{{ sesame://NAME | json }}`,
//! `| yaml` or `| shell`, which writes the value as one complete token of that
//! language, quotes included: a JSON string, a YAML double-quoted scalar, a
//! single-quoted POSIX shell word. Spaces inside the braces are optional; a
//! reference stays on one line. Any other `{{ … }}` (Helm, Jinja, Go
//! templates) is text and passes through as it is. There is no escape: text
//! that reads `{{ sesame://…` is always a reference.
//!
//! Parsing is separate from rendering so that every reference is checked (and
//! every missing one reported) before a value is looked up or anything written.

use std::fmt::Write as _;

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::lifecycle::{self, Field};
use crate::name;

/// What starts a reference inside `{{`.
pub(crate) const SCHEME: &str = "sesame://";

/// How a value is written into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Filter {
    /// As it is stored.
    Raw,
    /// A JSON string, quotes included.
    Json,
    /// A YAML double-quoted scalar, quotes included.
    Yaml,
    /// A single-quoted POSIX shell word.
    Shell,
}

/// One `{{ sesame://… }}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
    /// The secret's name (without `#id`).
    pub(crate) name: String,
    /// `#id`: the key id instead of the value.
    pub(crate) id: bool,
    pub(crate) filter: Filter,
    /// Where it starts, 1-based.
    pub(crate) line: usize,
    pub(crate) column: usize,
}

impl Reference {
    /// `NAME` or `NAME#id`, as written.
    pub(crate) fn shown(&self) -> String {
        if self.id {
            format!("{}#id", self.name)
        } else {
            self.name.clone()
        }
    }
}

/// A parsed template: text pieces and references, in order.
#[derive(Debug, Default)]
pub(crate) struct Template<'a> {
    pieces: Vec<Piece<'a>>,
    /// Every reference, in order of appearance.
    pub(crate) refs: Vec<Reference>,
}

#[derive(Debug)]
enum Piece<'a> {
    Text(&'a str),
    /// An index into `refs`.
    Ref(usize),
}

/// Line and column (in characters, 1-based) of positions met in increasing
/// order, each counted on from the last (from the start each time, a
/// template of many references would take quadratic time).
struct Lines<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    /// Characters between the start of the line and `pos`.
    column: usize,
}

impl Lines<'_> {
    fn at(&mut self, pos: usize) -> (usize, usize) {
        let between = &self.text[self.pos..pos];
        self.line += memchr::memchr_iter(b'\n', between.as_bytes()).count();
        self.column = match between.rfind('\n') {
            Some(i) => between[i + 1..].chars().count(),
            None => self.column + between.chars().count(),
        };
        self.pos = pos;
        (self.line, 1 + self.column)
    }
}

/// Parse `text`. A malformed reference is a usage error naming its line and
/// column (and never more of the text than the reference itself).
pub(crate) fn parse(text: &str) -> Result<Template<'_>> {
    let mut t = Template::default();
    let mut lines = Lines {
        text,
        pos: 0,
        line: 1,
        column: 0,
    };
    let mut from = 0; // start of the text not yet in a piece
    let mut search = 0; // where to look for the next `{{`
    while let Some(found) = memchr::memmem::find(&text.as_bytes()[search..], b"{{") {
        let open = search + found;
        let inner_start = open + 2;
        let after = text[inner_start..].trim_start_matches([' ', '\t']);
        if !after.starts_with(SCHEME) {
            search = open + 1;
            continue;
        }
        let (line, column) = lines.at(open);
        let line_end = text[inner_start..]
            .find('\n')
            .map_or(text.len(), |i| inner_start + i);
        let Some(close) = text[inner_start..line_end].find("}}") else {
            return Err(Error::usage(
                format!(
                    "line {line}, column {column}: a {{{{ sesame://… reference is not closed with }}}} on its line"
                ),
                "write {{ sesame://NAME }} on one line; nothing was written",
            ));
        };
        let inner = &text[inner_start..inner_start + close];
        t.refs.push(reference(inner, line, column)?);
        if from < open {
            t.pieces.push(Piece::Text(&text[from..open]));
        }
        t.pieces.push(Piece::Ref(t.refs.len() - 1));
        from = inner_start + close + 2;
        search = from;
    }
    if from < text.len() {
        t.pieces.push(Piece::Text(&text[from..]));
    }
    Ok(t)
}

/// The inside of `{{ … }}`: `sesame://NAME[#id] [| FILTER]`.
fn reference(inner: &str, line: usize, column: usize) -> Result<Reference> {
    let at = || format!("line {line}, column {column}");
    let (target, filter) = match inner.split_once('|') {
        Some((t, f)) => (t, Some(f.trim_matches([' ', '\t']))),
        None => (inner, None),
    };
    let target = target.trim_matches([' ', '\t']);
    let body = target.strip_prefix(SCHEME).unwrap_or(target);
    let (name, field) = lifecycle::split_ref(body).map_err(|e| at_position(e, &at()))?;
    name::validate(name).map_err(|e| at_position(e, &at()))?;
    let filter = match filter {
        None => Filter::Raw,
        Some("json") => Filter::Json,
        Some("yaml") => Filter::Yaml,
        Some("shell") => Filter::Shell,
        Some(other) => {
            return Err(Error::usage(
                format!(
                    "{}: unknown filter '{}' in the reference to '{}'",
                    at(),
                    crate::error::shown(other),
                    name
                ),
                "use | json, | yaml or | shell, or none for the value as it is; nothing was written",
            ));
        }
    };
    Ok(Reference {
        name: name.to_owned(),
        id: field == Field::Id,
        filter,
        line,
        column,
    })
}

/// `e` (a usage error about a name) with the reference's position in front.
fn at_position(e: Error, at: &str) -> Error {
    match e {
        Error::Usage { what, hint } => Error::Usage {
            what: format!("{at}: {what}"),
            hint: format!("{hint}; nothing was written"),
        },
        other => other,
    }
}

impl Template<'_> {
    /// The text with each reference replaced by `values[i]` (the value of
    /// `refs[i]`), written as its filter says. Refused (exit 2) only when a
    /// value a shell word cannot hold (a NUL byte) is asked for `| shell`.
    pub(crate) fn render(&self, values: &[&str]) -> Result<Zeroizing<String>> {
        let mut written: Vec<Zeroizing<String>> = Vec::with_capacity(self.refs.len());
        for (r, v) in self.refs.iter().zip(values) {
            written.push(filtered(r, v)?);
        }
        let size: usize = self
            .pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.len(),
                Piece::Ref(i) => written.get(*i).map_or(0, |w| w.len()),
            })
            .sum();
        // Sized up front: a growing buffer would free unzeroed copies.
        let mut out = Zeroizing::new(String::with_capacity(size));
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Ref(i) => {
                    if let Some(w) = written.get(*i) {
                        out.push_str(w);
                    }
                }
            }
        }
        Ok(out)
    }
}

/// One value as its reference's filter writes it.
fn filtered(r: &Reference, value: &str) -> Result<Zeroizing<String>> {
    // At most 10 bytes for each byte of the value (`\UXXXXXXXX` for a
    // 4-byte character is less), plus the quotes: never reallocated.
    let mut out = Zeroizing::new(String::with_capacity(10 * value.len() + 2));
    match r.filter {
        Filter::Raw => out.push_str(value),
        Filter::Json => json_string(value, &mut out),
        Filter::Yaml => yaml_string(value, &mut out),
        Filter::Shell => {
            if value.contains('\0') {
                return Err(Error::usage(
                    format!(
                        "line {}: the value of '{}' contains a NUL byte, which a shell word cannot hold",
                        r.line,
                        r.shown()
                    ),
                    "use | json or no filter there; nothing was written",
                ));
            }
            shell_word(value, &mut out);
        }
    }
    Ok(out)
}

/// A JSON string (RFC 8259): `"` and `\` escaped, control characters as
/// `\n`, `\t`… or `\u00XX`; every other character as it is.
pub(crate) fn json_string(value: &str, out: &mut String) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Whether YAML (1.1 and 1.2) may hold `c` unescaped in a double-quoted
/// scalar on one line: printable and not a line break.
fn yaml_plain(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && !matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}')
}

/// A YAML double-quoted scalar: `"` and `\` escaped, and every character that
/// is not printable, or would be folded as a line break or whitespace, as an
/// escape (`\n`, `\t`, `\xXX`, `\uXXXX`, `\UXXXXXXXX`), so the value reads
/// back byte for byte.
pub(crate) fn yaml_string(value: &str, out: &mut String) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if yaml_plain(c) => out.push(c),
            c => {
                let n = c as u32;
                // Writing to a String cannot fail.
                let _ = match n {
                    0..=0xff => write!(out, "\\x{n:02x}"),
                    0x100..=0xffff => write!(out, "\\u{n:04x}"),
                    _ => write!(out, "\\U{n:08x}"),
                };
            }
        }
    }
    out.push('"');
}

/// A single-quoted POSIX shell word: every byte literal, `'` written `'\''`.
pub(crate) fn shell_word(value: &str, out: &mut String) {
    out.push('\'');
    for c in value.chars() {
        match c {
            '\'' => out.push_str("'\\''"),
            c => out.push(c),
        }
    }
    out.push('\'');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(t: &Template<'_>) -> Vec<(String, bool, Filter, usize, usize)> {
        t.refs
            .iter()
            .map(|r| (r.name.clone(), r.id, r.filter, r.line, r.column))
            .collect()
    }

    #[test]
    fn references_filters_and_other_braces() {
        let text = "a: {{ sesame://x/y }}\nb: {{sesame://x/y#id|json}} {{ .Values.z }}\n\
                    c: {{{ sesame://k | shell }}}\nd: {{  sesame://k |  yaml  }}";
        let t = parse(text).unwrap();
        assert_eq!(
            names(&t),
            [
                ("x/y".into(), false, Filter::Raw, 1, 4),
                ("x/y".into(), true, Filter::Json, 2, 4),
                ("k".into(), false, Filter::Shell, 3, 5),
                ("k".into(), false, Filter::Yaml, 4, 4),
            ]
        );
        let out = t.render(&["v1", "AKIA", "it's", "a\"b"]).unwrap();
        assert_eq!(
            out.as_str(),
            "a: v1\nb: \"AKIA\" {{ .Values.z }}\nc: {'it'\\''s'}\nd: \"a\\\"b\""
        );
    }

    #[test]
    fn no_reference_is_the_text_itself() {
        for text in ["", "plain", "{{", "}}", "{{ x }}", "{ sesame://x }", "é{{é"] {
            let t = parse(text).unwrap();
            assert!(t.refs.is_empty());
            assert_eq!(t.render(&[]).unwrap().as_str(), text);
        }
    }

    #[test]
    fn malformed_references_name_their_place() {
        for (text, says) in [
            (
                "x\n  {{ sesame://a\n}}",
                "line 2, column 3: a {{ sesame://… reference is not closed",
            ),
            (
                "{{ sesame://a | base64 }}",
                "line 1, column 1: unknown filter 'base64'",
            ),
            (
                "{{ sesame://a#key }}",
                "line 1, column 1: 'a#key' asks for '#key'",
            ),
            ("{{ sesame://../x }}", "line 1, column 1:"),
            ("{{ sesame:// }}", "line 1, column 1:"),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{text}");
            assert!(e.to_string().contains(says), "{text}: {e}");
        }
    }

    #[test]
    fn escapes() {
        let mut s = String::new();
        json_string("a\"\\\n\t\u{1}\u{7f}é\u{2028}", &mut s);
        assert_eq!(s, "\"a\\\"\\\\\\n\\t\\u0001\\u007fé\u{2028}\"");
        let mut s = String::new();
        yaml_string("a\"\\\n\t\u{1}\u{85}é\u{2028}\u{feff}\u{1f600}", &mut s);
        assert_eq!(s, "\"a\\\"\\\\\\n\\t\\x01\\x85é\\u2028\\ufeff\u{1f600}\"");
        let mut s = String::new();
        shell_word("it's \\ $x", &mut s);
        assert_eq!(s, "'it'\\''s \\ $x'");
    }

    #[test]
    fn a_nul_is_refused_in_a_shell_word_only() {
        let t = parse("{{ sesame://a | shell }}").unwrap();
        let e = t.render(&["x\0y"]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(!e.to_string().contains("x\0y"));
        let t = parse("{{ sesame://a | json }}").unwrap();
        assert_eq!(t.render(&["x\0y"]).unwrap().as_str(), "\"x\\u0000y\"");
    }
}
