//! Text from files, names, arguments, the audit log or a command, made safe to
//! print on a terminal.
//!
//! A terminal obeys what it is sent: `ESC]52;…` writes the clipboard, `ESC[2J`
//! clears the screen, a carriage return or a bidi override hides what came
//! before, a zero-width character makes two names look alike. Everything
//! sesame prints that came from somewhere else goes through [`escaped`] first,
//! which replaces such characters with a visible escape, as git and ripgrep
//! quote them: `\n`, `\t`, `\r`, `\e`, `\x7f`, and `\u{202e}` for the rest.
//! Printable text, including non-ASCII letters, is left alone.

// Used across the commands as issue 13 lands.
#![allow(dead_code)]

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a terminal raw: C0 controls, DEL, C1 controls,
/// bidi overrides and isolates, and zero-width or invisible format characters.
pub(crate) fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        // Soft hyphen, Arabic letter mark, Mongolian vowel separator.
        | '\u{ad}' | '\u{61c}' | '\u{180e}'
        // Zero-width space/joiners, LRM/RLM, line/paragraph separators,
        // bidi embeddings and overrides.
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        // Word joiner, invisible operators, bidi isolates, deprecated format chars.
        | '\u{2060}'..='\u{206f}'
        // Byte-order mark / zero-width no-break space.
        | '\u{feff}'
        // Interlinear annotation and object replacement controls.
        | '\u{fff9}'..='\u{fffb}'
        // Combining grapheme joiner, Hangul fillers (blank letters).
        | '\u{34f}' | '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}'
        // Variation selectors (invisible, alter the character before).
        | '\u{fe00}'..='\u{fe0f}'
        | '\u{e0100}'..='\u{e01ef}'
        // Tag characters (invisible; can smuggle ASCII text).
        | '\u{e0000}'..='\u{e007f}'
    )
}

/// `text` with every unsafe character (see [`is_unsafe`]) replaced by a
/// visible escape; borrowed when there is nothing to escape.
pub(crate) fn escaped(text: &str) -> Cow<'_, str> {
    // Printable ASCII is never unsafe: checked a byte at a time, it is the
    // quick answer for the usual name (a tenth of a `list` of 10,000).
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) || !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(text, &mut out);
    Cow::Owned(out)
}

/// Append `text` to `out`, escaped as by [`escaped`]. Never grows `out` by
/// more than 4 bytes per byte of `text`, so a buffer reserved that large (a
/// zeroized one, for a value) is never reallocated.
pub(crate) fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{1b}' => out.push_str("\\e"),
            c if (c as u32) < 0x100 && is_unsafe(c) => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
}

/// JSON text from serde_json with every unsafe character written as a
/// `\uXXXX` escape (a surrogate pair outside the BMP, as tag characters and
/// some variation selectors are): still the same JSON, never raw on a
/// terminal. Inside its strings serde_json already escapes C0 controls, so a
/// raw newline, tab or carriage return is whitespace between tokens and stays.
pub(crate) fn json_escaped(json: &str) -> Cow<'_, str> {
    if !json.chars().any(json_unsafe) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    json_escape_into(json, &mut out);
    Cow::Owned(out)
}

fn json_unsafe(c: char) -> bool {
    is_unsafe(c) && !matches!(c, '\n' | '\t' | '\r')
}

/// Append JSON text `json` to `out`, escaped as by [`json_escaped`]. Never
/// grows `out` by more than 3 bytes per byte of `json` (a zeroized buffer
/// reserved that large is never reallocated).
pub(crate) fn json_escape_into(json: &str, out: &mut String) {
    for c in json.chars() {
        if !json_unsafe(c) {
            out.push(c);
            continue;
        }
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\u{:04x}", unit);
        }
    }
}

/// Text for a terminal: as [`escape_into`], but newlines and tabs stay (they
/// lay out the text and drive nothing). For output that is several lines
/// (`env` formats on a terminal). Grows `out` by at most 4 bytes per byte.
pub(crate) fn escape_lines_into(text: &str, out: &mut String) {
    let mut buf = [0u8; 4];
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            c => escape_into(c.encode_utf8(&mut buf), out),
        }
    }
}

/// Bytes that may not be UTF-8 (a file, a command's output), decoded lossily
/// and escaped.
pub(crate) fn escaped_bytes(bytes: &[u8]) -> String {
    escaped(&String::from_utf8_lossy(bytes)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_its_meaning_without_raw_controls() {
        let json = serde_json::to_string_pretty(&["a\u{1b}[2J", "b\u{9b}c\u{202e}"]).unwrap();
        let safe = json_escaped(&json);
        assert!(!safe.chars().any(|c| is_unsafe(c) && c != '\n'), "{safe}");
        assert!(safe.contains("[\n"), "pretty-printing stays: {safe}");
        let back: Vec<String> = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, ["a\u{1b}[2J", "b\u{9b}c\u{202e}"]);
    }

    #[test]
    fn terminal_controls_become_visible_and_letters_stay() {
        assert!(matches!(escaped("stripe/prod/key"), Cow::Borrowed(_)));
        assert_eq!(escaped("Grüße, 東京"), "Grüße, 東京");
        assert_eq!(escaped("a\u{1b}]52;c;aGk=\u{7}b"), "a\\e]52;c;aGk=\\x07b");
        assert_eq!(escaped("x\u{1b}[2Jy"), "x\\e[2Jy");
        assert_eq!(escaped("l1\nl2\r\tz"), "l1\\nl2\\r\\tz");
        assert_eq!(escaped("del\u{7f}c1\u{9b}"), "del\\x7fc1\\x9b");
        assert_eq!(escaped("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
        assert_eq!(
            escaped("a\u{200b}b\u{2066}c\u{feff}"),
            "a\\u{200b}b\\u{2066}c\\u{feff}"
        );
        assert_eq!(escaped_bytes(b"ok\xff\x1b"), "ok\u{fffd}\\e");
    }

    #[test]
    fn invisible_tags_selectors_and_fillers_are_escaped() {
        for c in [
            '\u{e0001}',
            '\u{e0041}',
            '\u{e007f}',
            '\u{fe00}',
            '\u{fe0f}',
            '\u{e0100}',
            '\u{e01ef}',
            '\u{34f}',
            '\u{115f}',
            '\u{1160}',
            '\u{3164}',
            '\u{ffa0}',
        ] {
            assert!(is_unsafe(c), "{c:?}");
            let shown = format!("{}", escaped(&format!("a{c}b")));
            assert!(shown.contains("\\u{"), "{shown}");
        }
        let json = serde_json::to_string(&"x\u{e0041}\u{202e}\u{200b}y").unwrap();
        let safe = json_escaped(&json);
        assert_eq!(safe, "\"x\\udb40\\udc41\\u202e\\u200by\"");
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "x\u{e0041}\u{202e}\u{200b}y");
        let mut lines = String::new();
        escape_lines_into("A='x\u{1b}[2J\ty'\nB=1\n", &mut lines);
        assert_eq!(lines, "A='x\\e[2J\ty'\nB=1\n");
    }
}
