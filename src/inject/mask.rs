//! Masking: every injected value, and the forms it is commonly re-encoded in,
//! is replaced by `***` (or a label) in the child's output before it reaches a
//! log.
//!
//! The search is one Aho-Corasick automaton over all patterns (leftmost-longest,
//! so a value and a longer form sharing its start mask as the longer one). It
//! streams: [`MaskStream::feed`] emits everything that can no longer become part
//! of a match at once and keeps back only the shortest tail that is still a
//! proper prefix of some pattern. A line ending in a newline is therefore shown
//! immediately, while a value split across two writes is held until the second
//! write completes it. When the pipe goes quiet the caller flushes the tail
//! ([`MaskStream::flush`]), so a prompt that merely looks like the start of a
//! value is not held forever.
//!
//! Bytes are bytes: binary output passes through unchanged apart from the
//! masked runs.
//!
//! Masking is a safety net for logs, not a sandbox (SECURITY.md).

use aho_corasick::{AhoCorasick, MatchKind};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Values shorter than this are not masked (they would mask ordinary words).
pub(crate) const MIN_MASK_LEN: usize = 6;

/// What a masked run is replaced by when no label is asked for.
pub(crate) const MASK: &str = "***";

/// One value to mask and the secret it came from.
pub(crate) struct MaskValue<'a> {
    /// The secret's name (used for labels and warnings, never secret).
    pub(crate) name: &'a str,
    pub(crate) value: &'a str,
}

/// A compiled set of values to mask.
pub(crate) struct Masker {
    ac: AhoCorasick,
    /// The patterns themselves, for the prefix check on a stream's tail.
    /// The automaton also holds them; neither is ever printed.
    patterns: Vec<Zeroizing<Vec<u8>>>,
    replacements: Vec<Vec<u8>>,
    /// `by_first[b]`: the patterns that start with byte `b`.
    by_first: Vec<Vec<usize>>,
    max_len: usize,
    sampler: Sampler,
}

/// A fast pre-filter in front of the automaton.
///
/// Every pattern is at least `min_len` bytes long, so every occurrence
/// contains a `q`-byte window starting at a multiple of `step = min_len - q + 1`.
/// Only those windows are looked up, in a bit table of the hashes of all
/// `q`-grams of all patterns; the automaton then runs only around hits. On text
/// without values this touches one window every `step` bytes instead of every
/// byte with a transition table far larger than the CPU cache: with 32-character
/// values that is 25 times fewer lookups, and the bit table (256 KiB) stays in
/// cache. False positives only cost a short automaton run.
struct Sampler {
    q: usize,
    step: usize,
    bits: Vec<u64>,
}

const SAMPLER_BITS: u32 = 21;

impl Sampler {
    fn new(patterns: &[Zeroizing<Vec<u8>>]) -> Sampler {
        let min_len = patterns.iter().map(|p| p.len()).min().unwrap_or(1).max(1);
        let q = (min_len / 2).clamp(1, 8).max(min_len.min(3));
        let step = min_len - q + 1;
        let mut bits = vec![0u64; 1 << (SAMPLER_BITS - 6)];
        for p in patterns {
            for w in p.windows(q) {
                let h = Sampler::hash(Sampler::gram(w, q));
                bits[h >> 6] |= 1 << (h & 63);
            }
        }
        Sampler { q, step, bits }
    }

    #[inline]
    fn gram(w: &[u8], q: usize) -> u64 {
        let mut x = [0u8; 8];
        x[..q].copy_from_slice(&w[..q]);
        u64::from_le_bytes(x)
    }

    #[inline]
    fn hash(x: u64) -> usize {
        // Fibonacci hashing; the top bits index the table. The shift keeps the
        // value below 2^SAMPLER_BITS, so the cast is exact.
        (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SAMPLER_BITS)) as usize
    }

    #[inline]
    fn hit(&self, buf: &[u8], j: usize) -> bool {
        let x = if self.q == 8 {
            let mut w = [0u8; 8];
            w.copy_from_slice(&buf[j..j + 8]);
            u64::from_le_bytes(w)
        } else {
            Sampler::gram(&buf[j..j + self.q], self.q)
        };
        let h = Sampler::hash(x);
        self.bits[h >> 6] & (1 << (h & 63)) != 0
    }
}

impl std::fmt::Debug for Masker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Masker")
            .field("patterns", &self.patterns.len())
            .finish_non_exhaustive()
    }
}

/// The forms of `value` that are masked: itself, base64 and base64url (with and
/// without padding: the longest match wins), hex in both cases,
/// percent-encoding (RFC 3986 and form style) and JSON string escaping (as
/// serde/JavaScript and as Python's `ensure_ascii` write it).
pub(crate) fn encoded_forms(value: &str) -> Vec<Zeroizing<Vec<u8>>> {
    let bytes = value.as_bytes();
    let mut forms: Vec<Zeroizing<Vec<u8>>> = Vec::with_capacity(9);
    let mut add = |f: Vec<u8>| {
        let f = Zeroizing::new(f);
        if !forms.iter().any(|g| **g == *f) {
            forms.push(f);
        }
    };
    add(bytes.to_vec());
    add(STANDARD.encode(bytes).into_bytes());
    add(STANDARD_NO_PAD.encode(bytes).into_bytes());
    add(URL_SAFE.encode(bytes).into_bytes());
    add(URL_SAFE_NO_PAD.encode(bytes).into_bytes());
    add(hex(bytes, b"0123456789abcdef"));
    add(hex(bytes, b"0123456789ABCDEF"));
    add(percent(bytes, false));
    add(percent(bytes, true));
    add(json_escaped(value, false));
    add(json_escaped(value, true));
    forms
}

fn hex(bytes: &[u8], digits: &[u8; 16]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(digits[usize::from(b >> 4)]);
        out.push(digits[usize::from(b & 15)]);
    }
    out
}

fn percent(bytes: &[u8], form: bool) -> Vec<u8> {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = Vec::with_capacity(bytes.len() * 3);
    for &b in bytes {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b),
            b' ' if form => out.push(b'+'),
            _ => {
                out.push(b'%');
                out.push(DIGITS[usize::from(b >> 4)]);
                out.push(DIGITS[usize::from(b & 15)]);
            }
        }
    }
    out
}

fn json_escaped(value: &str, ascii: bool) -> Vec<u8> {
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (ascii && (c as u32) > 0x7e) => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.into_bytes()
}

impl Masker {
    /// Compile the values. Returns the masker (None when nothing is long enough
    /// to mask) and the names of the secrets whose values are too short.
    pub(crate) fn new(
        values: &[MaskValue<'_>],
        labels: bool,
    ) -> Result<(Option<Masker>, Vec<String>)> {
        let mut short = Vec::new();
        let mut patterns: Vec<Zeroizing<Vec<u8>>> = Vec::new();
        let mut replacements = Vec::new();
        for v in values {
            if v.value.chars().count() < MIN_MASK_LEN {
                if !short.iter().any(|s| s == v.name) {
                    short.push(v.name.to_owned());
                }
                continue;
            }
            let replacement = if labels {
                format!("[masked:{}]", v.name).into_bytes()
            } else {
                MASK.as_bytes().to_vec()
            };
            let mut forms = encoded_forms(v.value);
            // A multi-line value (a PEM key) is often printed in part: each
            // line long enough is a pattern of its own, as GitHub masks them.
            if v.value.contains('\n') {
                for line in v.value.split('\n') {
                    let line = line.trim_end_matches('\r');
                    if line.chars().count() >= MIN_MASK_LEN {
                        forms.push(Zeroizing::new(line.as_bytes().to_vec()));
                    }
                }
            }
            for form in forms {
                if !patterns.iter().any(|p| **p == *form) {
                    patterns.push(form);
                    replacements.push(replacement.clone());
                }
            }
        }
        if patterns.is_empty() {
            return Ok((None, short));
        }
        // The automaton kind is left to the crate (a DFA for few patterns, a
        // contiguous NFA for many, which builds much faster): the sampler
        // below keeps it off the hot path either way.
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns.iter().map(|p| p.as_slice()))
            .map_err(|e| {
                Error::Other(format!(
                    "could not prepare masking: {e} — run with --no-mask"
                ))
            })?;
        let sampler = Sampler::new(&patterns);
        let mut by_first = vec![Vec::new(); 256];
        let mut max_len = 0;
        for (i, p) in patterns.iter().enumerate() {
            // Patterns are never empty: every value is at least MIN_MASK_LEN long.
            if let Some(&b) = p.first() {
                by_first[usize::from(b)].push(i);
            }
            max_len = max_len.max(p.len());
        }
        Ok((
            Some(Masker {
                ac,
                patterns,
                replacements,
                by_first,
                max_len,
                sampler,
            }),
            short,
        ))
    }

    /// Mask a complete buffer (nothing held back).
    pub(crate) fn mask_all(&self, input: &[u8], out: &mut Vec<u8>) {
        let mut pos = 0;
        for m in self.matches(input) {
            out.extend_from_slice(&input[pos..m.start()]);
            out.extend_from_slice(&self.replacements[m.pattern().as_usize()]);
            pos = m.end();
        }
        out.extend_from_slice(&input[pos..]);
    }

    /// Every match in `buf`, leftmost-longest, as one scan of the whole buffer
    /// would find them, but running the automaton only around sampler hits.
    ///
    /// Each hit at `j` gives the region `[j + q - max_len, j + max_len)`, which
    /// holds every occurrence that contains the window at `j`. Overlapping
    /// regions are merged, so no occurrence crosses a region's edge, and the
    /// matches inside a region are those of a whole-buffer scan.
    fn matches(&self, buf: &[u8]) -> Vec<aho_corasick::Match> {
        let mut found = Vec::new();
        let s = &self.sampler;
        let n = buf.len();
        if n < s.q {
            return found;
        }
        let mut region: Option<(usize, usize)> = None;
        let flush = |r: (usize, usize), found: &mut Vec<aho_corasick::Match>| {
            let input = aho_corasick::Input::new(buf).range(r.0..r.1);
            found.extend(self.ac.find_iter(input));
        };
        let mut j = 0;
        while j + s.q <= n {
            if s.hit(buf, j) {
                let start = (j + s.q).saturating_sub(self.max_len);
                let end = (j + self.max_len).min(n);
                region = match region {
                    Some((rs, re)) if start <= re => Some((rs, re.max(end))),
                    Some(r) => {
                        flush(r, &mut found);
                        Some((start, end))
                    }
                    None => Some((start, end)),
                };
            }
            j += s.step;
        }
        if let Some(r) = region {
            flush(r, &mut found);
        }
        found
    }

    /// A streaming masker over this set.
    pub(crate) fn stream(&self) -> MaskStream<'_> {
        MaskStream {
            masker: self,
            pending: Zeroizing::new(Vec::new()),
        }
    }

    /// The first index `i >= from` such that `buf[i..]` is a proper prefix of
    /// some pattern (so more input could complete a match there), or `buf.len()`.
    fn hold_point(&self, buf: &[u8], from: usize) -> usize {
        let from = from.max(buf.len().saturating_sub(self.max_len.saturating_sub(1)));
        for i in from..buf.len() {
            let rest = &buf[i..];
            if self.by_first[usize::from(buf[i])].iter().any(|&k| {
                let p = &self.patterns[k];
                p.len() > rest.len() && p.starts_with(rest)
            }) {
                return i;
            }
        }
        buf.len()
    }

    /// Mask `buf` into `out`, except a tail that could still become a match;
    /// returns where that tail starts.
    fn process(&self, buf: &[u8], out: &mut Vec<u8>) -> usize {
        let mut hold = self.hold_point(buf, 0);
        let mut pos = 0;
        for m in self.matches(buf) {
            if m.start() >= hold {
                break;
            }
            out.extend_from_slice(&buf[pos..m.start()]);
            out.extend_from_slice(&self.replacements[m.pattern().as_usize()]);
            pos = m.end();
            if pos > hold {
                hold = self.hold_point(buf, pos);
            }
        }
        out.extend_from_slice(&buf[pos..hold]);
        hold
    }
}

/// One output stream being masked; keeps the undecided tail between writes.
pub(crate) struct MaskStream<'a> {
    masker: &'a Masker,
    /// The held tail, and the tail joined with the next chunk while that is
    /// processed. Reused across writes (no allocation and copy per chunk);
    /// grown only by [`MaskStream::reserve`], which wipes the old allocation;
    /// wiped, spare capacity included, on drop.
    pending: Zeroizing<Vec<u8>>,
}

impl MaskStream<'_> {
    /// Mask the next chunk of output into `out`. Whatever cannot be part of a
    /// match any more is written at once; a possible start of a value is kept.
    pub(crate) fn feed(&mut self, data: &[u8], out: &mut Vec<u8>) {
        if self.pending.is_empty() {
            let hold = self.masker.process(data, out);
            self.reserve(data.len() - hold);
            self.pending.extend_from_slice(&data[hold..]);
        } else {
            self.reserve(data.len());
            self.pending.extend_from_slice(data);
            let hold = self.masker.process(&self.pending, out);
            self.pending.drain(..hold);
        }
    }

    /// Make room for `extra` more bytes without leaving a copy behind.
    fn reserve(&mut self, extra: usize) {
        let need = self.pending.len() + extra;
        if need > self.pending.capacity() {
            let mut bigger =
                Zeroizing::new(Vec::with_capacity(need.max(2 * self.pending.capacity())));
            bigger.extend_from_slice(&self.pending);
            // The old buffer is wiped (spare capacity too) when dropped here.
            self.pending = bigger;
        }
    }

    /// Whether a tail is held back.
    pub(crate) fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Give up waiting: mask and write the held tail as it is.
    pub(crate) fn flush(&mut self, out: &mut Vec<u8>) {
        self.masker.mask_all(&self.pending, out);
        self.pending.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masker(values: &[&str]) -> Masker {
        let v: Vec<MaskValue> = values
            .iter()
            .map(|v| MaskValue {
                name: "n",
                value: v,
            })
            .collect();
        Masker::new(&v, false).unwrap().0.unwrap()
    }

    fn stream(m: &Masker, chunks: &[&[u8]]) -> Vec<u8> {
        let mut s = m.stream();
        let mut out = Vec::new();
        for c in chunks {
            s.feed(c, &mut out);
        }
        s.flush(&mut out);
        out
    }

    #[test]
    fn masks_value_and_encodings() {
        let v = "s3cr3t-v@lue/+x";
        let m = masker(&[v]);
        for form in encoded_forms(v) {
            let mut text = b"before ".to_vec();
            text.extend_from_slice(&form);
            text.extend_from_slice(b" after");
            let mut out = Vec::new();
            m.mask_all(&text, &mut out);
            assert_eq!(
                out,
                b"before *** after",
                "{}",
                String::from_utf8_lossy(&form)
            );
        }
        let forms = encoded_forms(v);
        assert!(forms.iter().any(|f| **f == *b"czNjcjN0LXZAbHVlLyt4"));
        assert!(forms.iter().any(|f| **f == *b"s3cr3t-v%40lue%2F%2Bx"));
    }

    #[test]
    fn split_writes_are_masked_and_lines_are_not_held() {
        let m = masker(&["hunter2-secret"]);
        assert_eq!(stream(&m, &[b"pw=hunt", b"er2-secret!\n"]), b"pw=***!\n");
        // Byte by byte.
        let text = b"a hunter2-secret b\n";
        let chunks: Vec<&[u8]> = text.chunks(1).collect();
        assert_eq!(stream(&m, &chunks), b"a *** b\n");
        // A complete line is written at once, nothing held.
        let mut s = m.stream();
        let mut out = Vec::new();
        s.feed(b"hello world\n", &mut out);
        assert_eq!(out, b"hello world\n");
        assert!(!s.has_pending());
        // The start of a value is held until decided.
        s.feed(b"x hunt", &mut out);
        assert_eq!(out, b"hello world\nx ");
        assert!(s.has_pending());
        s.feed(b"ing\n", &mut out);
        assert_eq!(out, b"hello world\nx hunting\n");
    }

    #[test]
    fn longer_value_sharing_a_start_is_not_cut_short() {
        let m = masker(&["abcdefgh", "abcdefghijkl"]);
        assert_eq!(stream(&m, &[b"<abcdefgh", b"ijkl>"]), b"<***>");
        assert_eq!(stream(&m, &[b"<abcdefgh", b">"]), b"<***>");
    }

    #[test]
    fn sampled_search_finds_what_a_full_scan_finds() {
        // Values of many lengths (so many sampler steps), planted at every
        // offset of random text and overlapping each other.
        let mut seed = 0x1234_5678_9abc_def0u64;
        let mut rand = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for len in [6usize, 7, 9, 12, 16, 23, 32, 40, 64] {
            let values: Vec<String> = (0..5)
                .map(|_| {
                    (0..len)
                        .map(|_| char::from(b"abcdefghijklmnop0123"[(rand() % 20) as usize]))
                        .collect()
                })
                .collect();
            let mv: Vec<MaskValue> = values
                .iter()
                .map(|v| MaskValue {
                    name: "n",
                    value: v,
                })
                .collect();
            let m = Masker::new(&mv, false).unwrap().0.unwrap();
            let mut text: Vec<u8> = (0..20_000)
                .map(|_| b"abcdefghijklmnop0123 \n"[(rand() % 22) as usize])
                .collect();
            for k in 0..300 {
                let v = values[k % values.len()].as_bytes();
                let at = (rand() as usize) % (text.len() - v.len());
                text[at..at + v.len()].copy_from_slice(v);
            }
            let full: Vec<_> = m.ac.find_iter(&text[..]).collect();
            assert!(
                full.len() > 100,
                "len {len}: only {} planted matches",
                full.len()
            );
            assert_eq!(m.matches(&text), full, "len {len}");
        }
    }

    #[test]
    fn lines_of_a_multi_line_value_are_masked_alone() {
        let m = masker(&["-----BEGIN KEY-----\r\nMIIEabcdef\nxy\n-----END KEY-----"]);
        let mut out = Vec::new();
        m.mask_all(b"line MIIEabcdef\nxy\n", &mut out);
        assert_eq!(out, b"line ***\nxy\n");
    }

    #[test]
    fn binary_passes_through() {
        let m = masker(&["hunter2-secret"]);
        let mut data: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        data.extend_from_slice(b"hunter2-secret");
        data.extend(0..=255u8);
        let out = stream(&m, &[&data[..1000], &data[1000..]]);
        let mut want: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        want.extend_from_slice(b"***");
        want.extend(0..=255u8);
        assert_eq!(out, want);
    }

    #[test]
    fn short_values_are_reported() {
        let (m, short) = Masker::new(
            &[
                MaskValue {
                    name: "a/pin",
                    value: "1234",
                },
                MaskValue {
                    name: "a/long",
                    value: "long-enough",
                },
            ],
            true,
        )
        .unwrap();
        assert_eq!(short, ["a/pin"]);
        let mut out = Vec::new();
        m.unwrap().mask_all(b"1234 long-enough", &mut out);
        assert_eq!(out, b"1234 [masked:a/long]");
    }
}
