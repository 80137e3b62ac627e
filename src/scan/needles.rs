//! What a scan looks for: every searchable value of the vault and its encodings;
//! and [`forms`], the one table of forms that `scan` and `run`'s masker share.
//!
//! sesame knows the exact values, so instead of guessing from shapes it searches
//! for each value byte for byte, and for the forms a value takes when it is
//! copied through the usual encodings: base64 (standard and URL alphabets, at
//! every alignment), hex (lower and upper case), URL (percent) encoding (upper
//! and lower case, `%20` and form-style `+`), JSON string escaping (as serde,
//! Go and JavaScript write it, as Python's `ensure_ascii` does, each also with
//! `/` escaped as `\/`; Go's HTML-safe and .NET's upper-case variants), the
//! percent-encoding of Python's `quote` and JavaScript's `encodeURIComponent`,
//! and shell escaping (`'` as `'\''`, as `bash -x` and `sesame env --format
//! shell` print it, or `'"'"'`; `printf %q`; bash's `export -p`). With
//! [`wrapped_pieces`], the pieces of base64 and hex wrapped into lines.
//!
//! The minimum length rule: a value shorter than [`MIN_CHARS`] characters has no
//! forms at all (it would match ordinary words); every form of a longer value
//! is at least [`MIN_CHARS`] bytes long (a base64 core of 6 bytes is 7
//! characters), so no form is a short fragment.
//!
//! Base64 needs care: the characters that encode a value depend on where the
//! value starts relative to the 3-byte groups of the surrounding data. A value
//! encoded on its own starts at offset 0, but one embedded in a larger blob (a
//! `.env` file or a JSON document, base64-encoded in a Kubernetes secret) can
//! start at offset 1 or 2 of a group. For each of the three alignments we
//! search for the characters that depend on the value's bytes alone, dropping
//! the one or two at each end that mix in neighbouring bytes or padding. Those
//! "cores" are substrings of every encoding of the value, padded or not, so
//! three needles per alphabet find the value wherever it sits in a base64 blob.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::error::Result;
use crate::inject::mask::{self, Gather, LARGE, Masker};
use crate::vault::Vault;
use crate::vault::model::State;

/// Values shorter than this many characters are not searched: they match by
/// chance far too often to mean anything.
pub(crate) const MIN_CHARS: usize = 6;

/// How a value was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Form {
    /// The value itself.
    Plain,
    /// Base64, standard alphabet, any alignment, padded or not.
    Base64,
    /// Base64, URL-safe alphabet.
    Base64url,
    /// Hex, lower or upper case.
    Hex,
    /// Percent-encoded (URL query or form encoding).
    Url,
    /// JSON string escaping (`\"`, `\\`, `\n`, `\u00e9`, `\/`).
    Json,
    /// Shell single-quote escaping (`'` as `'\''`).
    Shell,
}

impl Form {
    /// The word shown to people and in JSON.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Form::Plain => "plain",
            Form::Base64 => "base64",
            Form::Base64url => "base64url",
            Form::Hex => "hex",
            Form::Url => "url",
            Form::Json => "json",
            Form::Shell => "shell",
        }
    }
}

/// One stored value that is searched for (never the value itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct ValueRef {
    /// The secret's name.
    pub(crate) secret: String,
    pub(crate) version: u32,
    /// `active` or `previous`.
    pub(crate) state: &'static str,
}

/// A value that is not searched, and why.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Skipped {
    #[serde(flatten)]
    pub(crate) value: ValueRef,
    /// Why it was left out.
    pub(crate) reason: String,
}

/// What one needle stands for: a value (index into [`Needles::values`]) in a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Label {
    /// Index into [`Needles::values`].
    pub(crate) value: usize,
    /// The encoding.
    pub(crate) form: Form,
}

/// Everything to search for, built from a vault.
///
/// The forms themselves are never kept: each is gathered at once as the
/// bounded matcher's key and keyed digest ([`Gather`]), so preparing a scan
/// is linear in the values' size, as preparing `run`'s masker is; only
/// [`Label`]s and [`ValueRef`]s leave this type.
pub(crate) struct Needles {
    /// The needles' keys and digests, until [`Needles::matcher`] takes them.
    gather: Option<Gather>,
    /// For each needle, every value and form it stands for.
    labels: Vec<Vec<Label>>,
    /// For each needle, whether it is only a piece of a wrapped encoding
    /// ([`wrapped_pieces`]): reported once per run of overlapping pieces.
    pub(crate) pieces: Vec<bool>,
    /// The values searched for.
    pub(crate) values: Vec<ValueRef>,
    /// Needle ids by length and keyed digest, to deduplicate.
    index: HashMap<(usize, u64), usize>,
    /// The length of the longest needle.
    max_len: usize,
    /// Values left out (too short).
    pub(crate) skipped: Vec<Skipped>,
    /// Values over [`LARGE`] bytes, searched for by windows.
    pub(crate) windowed: Vec<ValueRef>,
    /// How many revoked versions had no value left to search for.
    pub(crate) revoked: usize,
}

impl Default for Needles {
    fn default() -> Self {
        Needles {
            gather: Some(Gather::new()),
            labels: Vec::new(),
            pieces: Vec::new(),
            values: Vec::new(),
            index: HashMap::new(),
            max_len: 0,
            skipped: Vec::new(),
            windowed: Vec::new(),
            revoked: 0,
        }
    }
}

impl std::fmt::Debug for Needles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Needles")
            .field("needles", &self.labels.len())
            .field("values", &self.values)
            .finish_non_exhaustive()
    }
}

impl Needles {
    /// Every active and previous value of the vault, except the secrets named in
    /// `exclude`. Revoked versions have no value left and cannot be searched.
    pub(crate) fn from_vault(vault: &Vault, exclude: &[String]) -> Needles {
        let mut n = Needles::default();
        for (name, secret) in &vault.secrets {
            if exclude.iter().any(|e| e == name) {
                continue;
            }
            for v in &secret.versions {
                let state = match v.state {
                    State::Active => "active",
                    State::Previous => "previous",
                    State::Revoked => {
                        n.revoked += 1;
                        continue;
                    }
                };
                let Some(value) = &v.value else {
                    n.revoked += 1;
                    continue;
                };
                let r = ValueRef {
                    secret: name.clone(),
                    version: v.n,
                    state,
                };
                n.add(r, value.expose());
            }
        }
        n
    }

    /// Add one value and all its forms; a value over [`LARGE`] bytes by
    /// windows of [`mask::WINDOW`] bytes, each with all its forms, as `run` masks it.
    pub(crate) fn add(&mut self, value: ValueRef, text: &str) {
        if text.chars().count() < MIN_CHARS {
            self.skipped.push(Skipped {
                value,
                reason: format!("shorter than {MIN_CHARS} characters"),
            });
            return;
        }
        let ix = self.values.len();
        if text.len() > LARGE {
            self.windowed.push(value.clone());
        }
        self.values.push(value);
        let pieces: Vec<&str> = if text.len() > LARGE {
            mask::windows(text)
                .filter(|p| p.chars().count() >= MIN_CHARS)
                .collect()
        } else {
            vec![text]
        };
        for piece in pieces {
            for (form, needle) in forms(piece) {
                self.push(ix, form, &needle, false);
            }
            for (form, needle) in wrapped_pieces(piece) {
                self.push(ix, form, &needle, true);
            }
        }
    }

    fn push(&mut self, value: usize, form: Form, needle: &[u8], piece: bool) {
        let Some(gather) = self.gather.as_mut() else {
            return;
        };
        let label = Label { value, form };
        let next = self.labels.len();
        let Ok(id) = u32::try_from(next) else {
            return;
        };
        // The digest is computed by adding; a duplicate's entry is taken
        // back, so that every entry's id is a needle's.
        let digest = gather.add(needle, id);
        let seen = self.index.get(&(needle.len(), digest)).copied();
        if seen.is_some() {
            gather.drop_last();
        }
        match seen {
            // One value can give the same bytes in two forms (a value with no
            // reserved characters is its own URL encoding): report the first.
            Some(i) if self.labels[i].iter().any(|l| l.value == value) => {}
            Some(i) => {
                self.labels[i].push(label);
                self.pieces[i] &= piece;
            }
            None => {
                self.index.insert((needle.len(), digest), next);
                self.labels.push(vec![label]);
                self.pieces.push(piece);
                self.max_len = self.max_len.max(needle.len());
            }
        }
    }

    /// The bounded matcher over the needles (taken out: call once).
    pub(crate) fn matcher(&mut self) -> Result<Masker> {
        Masker::for_search(self.gather.take().unwrap_or_else(Gather::new))
    }

    /// The length of the longest needle.
    pub(crate) fn max_len(&self) -> usize {
        self.max_len
    }

    /// What needle `id` stands for.
    pub(crate) fn labels(&self, id: usize) -> &[Label] {
        &self.labels[id]
    }

    /// Whether there is nothing to search for.
    pub(crate) fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

/// The forms of `value` that `scan` searches for and `run` masks, possibly with
/// duplicates (the callers remove them). For a value of at least [`MIN_CHARS`]
/// characters every form is at least that many bytes long.
pub(crate) fn forms(value: &str) -> Vec<(Form, Zeroizing<Vec<u8>>)> {
    let bytes = value.as_bytes();
    let mut out = vec![(Form::Plain, Zeroizing::new(bytes.to_vec()))];
    for core in base64_cores(&STANDARD_NO_PAD, bytes) {
        out.push((Form::Base64, core));
    }
    for core in base64_cores(&URL_SAFE_NO_PAD, bytes) {
        out.push((Form::Base64url, core));
    }
    out.push((Form::Hex, hex(bytes, b"0123456789abcdef")));
    out.push((Form::Hex, hex(bytes, b"0123456789ABCDEF")));
    // Only the variants that differ from the plain value and from each
    // other are made (a large value is cheaper to prepare): the percent forms
    // differ when some byte is escaped, the form-style ones when there is a
    // space; the JSON forms when something needs an escape, the `ascii` ones
    // when something is past `~`, the `slash` ones when there is a `/`.
    if !bytes.iter().all(|&b| unreserved(b)) {
        for plus in [false, true] {
            if plus && !bytes.contains(&b' ') {
                continue;
            }
            out.push((Form::Url, percent(bytes, b"0123456789ABCDEF", plus)));
            out.push((Form::Url, percent(bytes, b"0123456789abcdef", plus)));
        }
    }
    let escaped = bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
    let wide = bytes.iter().any(|&b| b > 0x7e);
    let has_slash = bytes.contains(&b'/');
    for (ascii, slash) in [(false, false), (false, true), (true, false), (true, true)]
        .into_iter()
        .filter(|&(a, s)| match (a, s) {
            (false, false) => escaped,
            (false, true) => has_slash,
            (true, false) => wide,
            (true, true) => wide && has_slash,
        })
    {
        out.push((Form::Json, json_escaped(value, ascii, slash)));
    }
    if value.contains('\'') {
        out.push((
            Form::Shell,
            Zeroizing::new(value.replace('\'', "'\\''").into_bytes()),
        ));
        // dash's `export -p` and Python's `shlex.quote`.
        out.push((
            Form::Shell,
            Zeroizing::new(value.replace('\'', "'\"'\"'").into_bytes()),
        ));
    }
    shell_escapes(value, &mut out);
    web_escapes(value, &mut out);
    out
}

/// The characters bash's `printf %q` puts a backslash before (`~` and `#`
/// only at the start); zsh's set has `#` everywhere and no `!` or `,`.
const BASH_Q: &[u8] = b" !\"$&'()*,;<>?[\\]^`{|}";
const ZSH_Q: &[u8] = b" \"#$&'()*;<>?[\\]^`{|}";

/// Backslash-escaped shell forms: bash's and zsh's `printf %q` (a value with
/// control characters gets `$'…'` there and is not matched), and bash's
/// `declare -p`/`export -p` (`"…"` with `\` before `$ " \ ` + "`" + `).
fn shell_escapes(value: &str, out: &mut Vec<(Form, Zeroizing<Vec<u8>>)>) {
    let bytes = value.as_bytes();
    let escape = |set: &[u8], first: &[u8]| {
        let mut o = Zeroizing::new(Vec::with_capacity(bytes.len() + 16));
        for (i, &b) in bytes.iter().enumerate() {
            if set.contains(&b) || (i == 0 && first.contains(&b)) {
                o.push(b'\\');
            }
            o.push(b);
        }
        o
    };
    if bytes
        .iter()
        .any(|b| BASH_Q.contains(b) || ZSH_Q.contains(b))
        || matches!(bytes.first(), Some(b'~' | b'#'))
    {
        out.push((Form::Shell, escape(BASH_Q, b"~#")));
        out.push((Form::Shell, escape(ZSH_Q, b"~")));
    }
    if bytes.iter().any(|b| b"$\"\\`".contains(b)) {
        out.push((Form::Shell, escape(b"$\"\\`", b"")));
    }
}

/// Percent-encoding as Python's `quote` (keeps `/`) and JavaScript's
/// `encodeURIComponent` (keeps `!'()*`) write it, upper-case; JSON as Go
/// writes it (`<`, `>`, `&`, U+2028 and U+2029 as `\u003c`…) and as .NET's
/// default encoder does (everything but ASCII letters, digits and a few
/// marks as `\uXXXX`, upper-case hex).
fn web_escapes(value: &str, out: &mut Vec<(Form, Zeroizing<Vec<u8>>)>) {
    let bytes = value.as_bytes();
    for keep in [&b"/"[..], &b"!'()*"[..]] {
        if bytes.iter().any(|b| keep.contains(b)) {
            out.push((Form::Url, percent_keeping(bytes, keep)));
        }
    }
    if value.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        let json = json_escaped(value, false, false);
        let text = String::from_utf8_lossy(&json)
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029");
        out.push((Form::Json, Zeroizing::new(text.into_bytes())));
    }
    let dotnet_plain =
        |c: char| c.is_ascii_alphanumeric() || " !#$%()*,-./:;=?@[]^_{|}~".contains(c);
    if !value.chars().all(dotnet_plain) {
        let mut o = Zeroizing::new(String::with_capacity(value.len() * 2));
        for c in value.chars() {
            match c {
                '\\' => o.push_str("\\\\"),
                '\n' => o.push_str("\\n"),
                '\r' => o.push_str("\\r"),
                '\t' => o.push_str("\\t"),
                '\u{8}' => o.push_str("\\b"),
                '\u{c}' => o.push_str("\\f"),
                c if dotnet_plain(c) => o.push(c),
                c => {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units).iter() {
                        o.push_str(&format!("\\u{u:04X}"));
                    }
                }
            }
        }
        out.push((Form::Json, Zeroizing::new(o.as_bytes().to_vec())));
    }
}

/// Percent-encoding, upper-case, of everything but the unreserved characters
/// and `keep`.
fn percent_keeping(value: &[u8], keep: &[u8]) -> Zeroizing<Vec<u8>> {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = Zeroizing::new(Vec::with_capacity(value.len() * 3));
    for &b in value {
        if unreserved(b) || keep.contains(&b) {
            out.push(b);
        } else {
            out.extend_from_slice(&[
                b'%',
                DIGITS[usize::from(b >> 4)],
                DIGITS[usize::from(b & 15)],
            ]);
        }
    }
    out
}

/// Values up to this many bytes also get [`wrapped_pieces`].
pub(crate) const WRAP_MAX: usize = 1024;

/// The length of a piece of a wrapped encoding.
pub(crate) const PIECE: usize = 32;

/// Pieces of the base64 (standard alphabet, all three alignments) and hex
/// (both cases) encodings, for encoders that wrap their lines (`base64` at 76
/// columns, `openssl base64` at 64, `xxd -p` at 60): a line break cuts the
/// whole form, so every [`PIECE`]-character piece starting at a character
/// that begins a group (4 characters of base64, 2 of hex) is a pattern too.
/// A line holding at least [`PIECE`] characters of the value is then masked
/// (overlapping matches are masked as their union) but for less than a group
/// at each end. Only for values up to [`WRAP_MAX`] bytes (tokens, passwords,
/// keys), so the count stays bounded: about 3 patterns per byte of value.
pub(crate) fn wrapped_pieces(value: &str) -> Vec<(Form, Zeroizing<Vec<u8>>)> {
    let mut out = Vec::new();
    let value = value.as_bytes();
    if value.len() > WRAP_MAX {
        return out;
    }
    let mut pieces = |form: Form, whole: &[u8], step: usize, first: usize| {
        let mut at = first;
        while at + PIECE <= whole.len() {
            out.push((form, Zeroizing::new(whole[at..at + PIECE].to_vec())));
            at += step;
        }
    };
    for k in 0..3 {
        let mut data = Zeroizing::new(vec![0u8; k]);
        data.extend_from_slice(value);
        let encoded = Zeroizing::new(STANDARD_NO_PAD.encode(data.as_slice()).into_bytes());
        // The first group that holds the value's bits only.
        let first = if k == 0 { 0 } else { 4 };
        let end = (8 * (k + value.len())) / 6;
        pieces(Form::Base64, &encoded[..end], 4, first);
    }
    for digits in [b"0123456789abcdef", b"0123456789ABCDEF"] {
        pieces(Form::Hex, &hex(value, digits), 2, 0);
    }
    out
}

/// JSON string escaping: `"`, `\` and control characters always (with the
/// short escapes JSON has); with `ascii`, everything past `~` as `\uXXXX`
/// (UTF-16, lower-case hex, as Python's `ensure_ascii`); with `slash`, `/` as
/// `\/` (PHP, older Java and Ruby libraries).
fn json_escaped(value: &str, ascii: bool, slash: bool) -> Zeroizing<Vec<u8>> {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = Zeroizing::new(Vec::with_capacity(value.len() + value.len() / 8 + 8));
    let unicode = |out: &mut Vec<u8>, c: char| {
        let mut units = [0u16; 2];
        for &u in c.encode_utf16(&mut units).iter() {
            out.extend_from_slice(b"\\u");
            for shift in [12, 8, 4, 0] {
                out.push(DIGITS[usize::from((u >> shift) & 15)]);
            }
        }
    };
    // Byte by byte (fast for a large value): every character that is escaped
    // is ASCII, except with `ascii`, where the rest goes through `chars`.
    let mut rest = value;
    while !rest.is_empty() {
        let b = rest.as_bytes()[0];
        let step = if b < 0x80 { 1 } else { 0 };
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'/' if slash => out.extend_from_slice(b"\\/"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            0..0x20 => unicode(&mut out, char::from(b)),
            0x7f if ascii => unicode(&mut out, char::from(b)),
            0x20..0x80 => out.push(b),
            _ if ascii => {
                // A multi-byte character: escaped whole.
                let c = rest.chars().next().unwrap_or_default();
                unicode(&mut out, c);
                rest = &rest[c.len_utf8()..];
                continue;
            }
            _ => {
                // The run of non-ASCII bytes up to the next ASCII one, as is
                // (an ASCII byte is never inside a multi-byte character).
                let n = rest.bytes().position(|b| b < 0x80).unwrap_or(rest.len());
                out.extend_from_slice(&rest.as_bytes()[..n]);
                rest = &rest[n..];
                continue;
            }
        }
        rest = &rest[step..];
    }
    out
}

/// The base64 characters of `value` that do not depend on its neighbours, for
/// each of the three alignments it can have inside a larger encoded blob.
fn base64_cores<E: Engine>(engine: &E, value: &[u8]) -> Vec<Zeroizing<Vec<u8>>> {
    let n = value.len();
    (0..3)
        .map(|k| {
            let mut data = Zeroizing::new(vec![0u8; k]);
            data.extend_from_slice(value);
            let encoded = Zeroizing::new(engine.encode(data.as_slice()).into_bytes());
            // Character i carries bits [6i, 6i+6): keep those entirely inside
            // the value's bits [8k, 8(k+n)).
            let start = (8 * k).div_ceil(6);
            let end = (8 * (k + n)) / 6;
            Zeroizing::new(encoded[start..end].to_vec())
        })
        .collect()
}

fn hex(value: &[u8], digits: &[u8; 16]) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(vec![0u8; value.len() * 2]);
    for (o, &b) in out.chunks_exact_mut(2).zip(value) {
        o[0] = digits[usize::from(b >> 4)];
        o[1] = digits[usize::from(b & 15)];
    }
    out
}

/// RFC 3986's unreserved characters, which percent-encoding leaves as they
/// are, by byte (a table: the test per byte of a large value is the cost).
static UNRESERVED: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        i += 1;
    }
    t
};

fn unreserved(b: u8) -> bool {
    UNRESERVED[usize::from(b)]
}

/// Percent-encoding of everything but RFC 3986's unreserved characters; with
/// `plus`, a space is `+` as in HTML form encoding.
fn percent(value: &[u8], digits: &[u8; 16], plus: bool) -> Zeroizing<Vec<u8>> {
    let kept = |b: u8| unreserved(b) || (plus && b == b' ');
    let escaped = value.iter().filter(|&&b| !kept(b)).count();
    let mut out = Zeroizing::new(vec![0u8; value.len() + 2 * escaped]);
    let mut i = 0;
    for &b in value {
        if unreserved(b) {
            out[i] = b;
            i += 1;
        } else if plus && b == b' ' {
            out[i] = b'+';
            i += 1;
        } else {
            out[i..i + 3].copy_from_slice(&[
                b'%',
                digits[usize::from(b >> 4)],
                digits[usize::from(b & 15)],
            ]);
            i += 3;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD;

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn base64_cores_find_the_value_at_every_alignment() {
        let value = b"s3cr3t-V4lue/+?";
        let cores = base64_cores(&STANDARD_NO_PAD, value);
        for before in 0..7 {
            for after in 0..4 {
                let mut blob = vec![b'x'; before];
                blob.extend_from_slice(value);
                blob.extend(std::iter::repeat_n(b'y', after));
                let enc = STANDARD.encode(&blob);
                assert!(
                    cores.iter().any(|c| contains(enc.as_bytes(), c)),
                    "before={before} after={after}"
                );
            }
        }
    }

    #[test]
    fn base64_core_of_short_value_is_long_enough() {
        for core in base64_cores(&STANDARD_NO_PAD, b"abcdef") {
            assert!(core.len() >= 7, "{}", core.len());
        }
    }

    #[test]
    fn hex_and_percent() {
        assert_eq!(hex(b"a/Z", b"0123456789abcdef").as_slice(), b"612f5a");
        assert_eq!(
            percent(b"a b/c", b"0123456789ABCDEF", false).as_slice(),
            b"a%20b%2Fc"
        );
        assert_eq!(
            percent(b"a b/c", b"0123456789abcdef", true).as_slice(),
            b"a+b%2fc"
        );
    }

    #[test]
    fn json_forms_are_what_json_writers_write_and_read_back() {
        let mut all: String = (1u32..=255).filter_map(char::from_u32).collect();
        all.push_str("€ 😀 \u{2028} a/b");
        for v in [all.as_str(), "plain", "ünï/\"x\"", "😀"] {
            let serde = serde_json::to_string(v).unwrap();
            assert_eq!(
                json_escaped(v, false, false).as_slice(),
                &serde.as_bytes()[1..serde.len() - 1]
            );
            for (ascii, slash) in [(false, true), (true, false), (true, true)] {
                let form = json_escaped(v, ascii, slash);
                let text = format!("\"{}\"", std::str::from_utf8(&form).unwrap());
                assert_eq!(serde_json::from_str::<String>(&text).unwrap(), v);
                assert!(!ascii || form.is_ascii());
                // With `slash`, every `/` is escaped.
                assert!(
                    !slash
                        || (form.first() != Some(&b'/')
                            && form.windows(2).all(|w| w[1] != b'/' || w[0] == b'\\'))
                );
            }
        }
        // As Python's json.dumps writes it (ensure_ascii, lower-case hex).
        assert_eq!(
            json_escaped("é\x7f😀", true, false).as_slice(),
            b"\\u00e9\\u007f\\ud83d\\ude00"
        );
    }

    #[test]
    fn short_values_are_skipped_and_duplicates_merged() {
        let mut n = Needles::default();
        let r = |s: &str| ValueRef {
            secret: s.into(),
            version: 1,
            state: "active",
        };
        n.add(r("short"), "12345");
        n.add(r("a"), "abcdef123");
        n.add(r("b"), "abcdef123");
        assert_eq!(n.skipped.len(), 1);
        assert_eq!(n.values.len(), 2);
        // plain, 3+3 base64 (equal alphabets here), 2 hex; the URL forms equal plain.
        let first = n.labels(0);
        assert_eq!(first.len(), 2, "both secrets share the plain needle");
        for (_, f) in forms("abcdef") {
            assert!(f.len() >= 6);
        }
    }
}
