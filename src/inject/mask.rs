//! Masking: every injected value, in every form of the one table that `scan`
//! uses too ([`crate::scan::needles::forms`]), is replaced by `***` (or a
//! label) in the child's output before it reaches a log.
//!
//! Semantics: leftmost-longest. Scanning left to right, at the first position
//! where some pattern starts, the longest pattern starting there is replaced,
//! and the scan goes on after it.
//!
//! Cost is linear in the values' size. A pattern (a form of a value) is kept as
//! its first [`KEY`] bytes (its key), its length and, when it is longer, a
//! 64-bit keyed hash of the whole ([`Digest`], random key per process). Only
//! keys are searched for: the few shorter than [`KEY`] by an Aho-Corasick
//! automaton, those of [`KEY`] bytes by a rolling hash ([`LongKeys`]); a key
//! found in the output is confirmed by hashing the bytes its pattern would
//! cover. Building the automaton over whole patterns instead (before issue 14)
//! made the crate's DFA (its choice for up to 100 patterns) take a row of
//! transitions per pattern byte: 400 MB and 0.7 s for one 100 KB value, 3.8 GB
//! for 1 MB; and an automaton over the keys of a PEM bundle's many lines still
//! took most of the time to prepare it.
//!
//! A multi-line value is also masked by parts of its lines (the rule is at
//! [`MIN_LINE`]).
//!
//! A value longer than [`LARGE`] is masked by windows: it is cut into pieces of
//! [`WINDOW`] bytes (at character boundaries), each masked in every form as if
//! it were a value of its own. Whenever the value is printed whole, every
//! window is masked; a part of it is masked where it holds whole windows (a
//! part of at least twice [`WINDOW`] always does). `run` says so in a warning.
//!
//! It streams: [`MaskStream::feed`] emits everything that can no longer become
//! part of a match at once and keeps back only a tail that could still be the
//! start of one: a proper prefix of a key, or a key whose pattern would end
//! past the data so far and whose prefix hashes (at 64, 128, 256… bytes) agree
//! with the tail as far as it goes. A line ending in a newline is therefore shown
//! immediately, while a value split across two writes is held until the second
//! write completes it. When the pipe goes quiet the caller flushes the tail
//! ([`MaskStream::flush`]), so a prompt that merely looks like the start of a
//! value is not held forever.
//!
//! Bytes are bytes: binary output passes through unchanged apart from the
//! masked runs.
//!
//! Masking is a safety net for logs, not a sandbox (SECURITY.md).

use std::hash::{BuildHasher, RandomState};

use aho_corasick::{AhoCorasick, MatchKind};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::scan::needles;

/// Values shorter than this are not masked (they would mask ordinary words).
pub(crate) const MIN_MASK_LEN: usize = needles::MIN_CHARS;

/// What a masked run is replaced by when no label is asked for.
pub(crate) const MASK: &str = "***";

/// Values longer than this many bytes are masked by windows.
pub(crate) const LARGE: usize = 1 << 20;

/// The size of a window of a large value, in bytes.
pub(crate) const WINDOW: usize = 64 << 10;

/// The length of a pattern's key: the part of it that is searched for. Not
/// shorter than common values (32 characters), so that the sampler's step,
/// which the shortest key sets, stays long.
const KEY: usize = 32;

/// One value to mask and the secret it came from.
pub(crate) struct MaskValue<'a> {
    /// The secret's name (used for labels and warnings, never secret).
    pub(crate) name: &'a str,
    pub(crate) value: &'a str,
}

/// What [`Masker::prepare`] made of the values.
pub(crate) struct Prepared {
    /// None when no value is long enough to mask.
    pub(crate) masker: Option<Masker>,
    /// The secrets whose values are too short to mask.
    pub(crate) short: Vec<String>,
    /// The secrets whose values are masked by windows.
    pub(crate) windowed: Vec<String>,
}

/// One pattern behind a key.
#[derive(Clone, PartialEq, Eq)]
struct Pat {
    len: usize,
    /// The keyed hash of the whole pattern; unused when `len` is the key's.
    digest: u64,
    /// The keyed hashes of its first `KEY << (j + 1)` bytes, for every such
    /// length shorter than the pattern: a held tail that differs from the
    /// pattern is let go once it is twice as long as where it differs.
    checks: Box<[u64]>,
    replacement: u32,
}

/// A fast keyed 64-bit hash (a folded multiply per 8-byte word, as wyhash
/// does; the key is random per process). It only confirms what the keys
/// already found, so a collision can at worst mask text that is no value.
/// Hashing every form of a large value is most of preparing the masker, and
/// this runs at several GB/s where SipHash ran at 1.5.
#[derive(Clone, Copy)]
struct Digest {
    seed: u64,
}

const M1: u64 = 0xa076_1d64_78bd_642f;
const M2: u64 = 0xe703_7ed1_a0b4_28db;

fn fold(a: u64, b: u64) -> u64 {
    let r = u128::from(a) * u128::from(b);
    // The low and the high half of the product.
    (r as u64) ^ ((r >> 64) as u64)
}

impl Digest {
    fn new() -> Digest {
        Digest {
            seed: RandomState::new().hash_one(0x5e5a_3e00u64),
        }
    }

    #[inline]
    fn word(h: u64, w: &[u8]) -> u64 {
        let mut x = [0u8; 8];
        x[..w.len()].copy_from_slice(w);
        fold(h ^ u64::from_le_bytes(x) ^ M2, M1)
    }

    /// The digest after the words so far (`h`), the last partial word and
    /// the length.
    fn finish(self, h: u64, tail: &[u8], len: usize) -> u64 {
        fold(Digest::word(h, tail) ^ len as u64, M2 ^ self.seed)
    }

    /// The digest of `bytes`.
    fn of(self, bytes: &[u8]) -> u64 {
        let mut words = bytes.chunks_exact(8);
        let h = (&mut words).fold(self.seed, Digest::word);
        self.finish(h, words.remainder(), bytes.len())
    }

    /// The digest of `form` and those of its prefixes of `2 * KEY << j`
    /// bytes shorter than it (all multiples of 8), in one pass.
    fn with_checks(self, form: &[u8]) -> (u64, Vec<u64>) {
        let mut checks = Vec::new();
        let mut next = 2 * KEY;
        let mut words = form.chunks_exact(8);
        let mut h = self.seed;
        let mut at = 0;
        for w in &mut words {
            h = Digest::word(h, w);
            at += 8;
            if at == next && next < form.len() {
                checks.push(self.finish(h, &[], at));
                next *= 2;
            }
        }
        (self.finish(h, words.remainder(), form.len()), checks)
    }
}

/// A compiled set of values to mask.
pub(crate) struct Masker {
    /// Over the keys shorter than [`KEY`] (whole short patterns), pattern id
    /// = index into `short_ids`; all matches (overlapping). None when there
    /// are none.
    ac: Option<AhoCorasick>,
    /// The key id of each of the automaton's patterns.
    short_ids: Vec<usize>,
    /// Where the keys of exactly [`KEY`] bytes are found.
    long: LongKeys,
    /// The keys, sorted and unique (for the prefix check on a stream's tail).
    /// The automaton also holds them; neither is ever printed.
    keys: Vec<Zeroizing<Vec<u8>>>,
    /// `pats[k]`: the patterns with key `k`, longest first.
    pats: Vec<Vec<Pat>>,
    replacements: Vec<Vec<u8>>,
    digest: Digest,
    max_key: usize,
    sampler: Sampler,
}

/// A masked run: `buf[start..end]` becomes `replacements[replacement]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    start: usize,
    end: usize,
    replacement: u32,
}

/// A fast pre-filter in front of the key search (automaton and rolling hash).
///
/// Every key is at least `min_len` bytes long, so every occurrence contains a
/// `q`-byte window starting at a multiple of `step = min_len - q + 1`. Only
/// those windows are looked up, in a bit table of the hashes of all `q`-grams
/// of all keys; the key search then runs only around hits. On text without
/// values this touches one window every `step` bytes: with 32-character values
/// that is 25 times fewer lookups than a search at every byte, and the bit
/// table (256 KiB) stays in cache. False positives only cost a short search.
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

/// Finds the keys of exactly [`KEY`] bytes (those of the long patterns) in a
/// region: a rolling hash of every `KEY`-byte window, a bit table of the
/// keys' hashes in front, then the keys' table and a byte comparison. Unlike
/// an automaton it costs nothing to build beyond a table entry per key, so a
/// value of many lines (a PEM bundle), or a large value's many windows, is
/// cheap to prepare.
struct LongKeys {
    bits: Vec<u64>,
    /// Rolling hash → the ids of the keys with that hash.
    table: std::collections::HashMap<u64, Vec<usize>>,
    /// `BASE^(KEY-1)`, to take the oldest byte out of the hash.
    top: u64,
}

/// The rolling hash's base (odd, so no byte's weight vanishes).
const BASE: u64 = 0x0000_0100_0000_01b3;

const LONG_BITS: u32 = 21;

impl LongKeys {
    fn new(keys: &[Zeroizing<Vec<u8>>]) -> LongKeys {
        let mut long = LongKeys {
            bits: vec![0u64; 1 << (LONG_BITS - 6)],
            table: std::collections::HashMap::new(),
            top: (1..KEY).fold(1u64, |p, _| p.wrapping_mul(BASE)),
        };
        for (id, k) in keys.iter().enumerate().filter(|(_, k)| k.len() == KEY) {
            let h = LongKeys::hash(k);
            let b = LongKeys::bit(h);
            long.bits[b >> 6] |= 1 << (b & 63);
            long.table.entry(h).or_default().push(id);
        }
        long
    }

    fn hash(window: &[u8]) -> u64 {
        window.iter().fold(0u64, |h, &b| {
            h.wrapping_mul(BASE).wrapping_add(u64::from(b))
        })
    }

    #[inline]
    fn bit(h: u64) -> usize {
        // The top bits of a multiplicative mix; the shift keeps the value
        // below 2^LONG_BITS, so the cast is exact.
        (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - LONG_BITS)) as usize
    }

    /// Push (start, key id) for every key of `KEY` bytes that occurs in
    /// `buf` starting at `from` or later.
    fn find(
        &self,
        keys: &[Zeroizing<Vec<u8>>],
        buf: &[u8],
        from: usize,
        found: &mut Vec<(usize, usize)>,
    ) {
        if self.table.is_empty() || buf.len() < from + KEY {
            return;
        }
        let mut h = LongKeys::hash(&buf[from..from + KEY]);
        let mut start = from;
        loop {
            let b = LongKeys::bit(h);
            if self.bits[b >> 6] & (1 << (b & 63)) != 0
                && let Some(ids) = self.table.get(&h)
            {
                let window = &buf[start..start + KEY];
                found.extend(
                    ids.iter()
                        .filter(|&&id| *keys[id] == *window)
                        .map(|&id| (start, id)),
                );
            }
            if start + KEY >= buf.len() {
                break;
            }
            h = h
                .wrapping_sub(u64::from(buf[start]).wrapping_mul(self.top))
                .wrapping_mul(BASE)
                .wrapping_add(u64::from(buf[start + KEY]));
            start += 1;
        }
    }
}

impl std::fmt::Debug for Masker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Masker")
            .field("keys", &self.keys.len())
            .finish_non_exhaustive()
    }
}

/// The base64 encodings of a whole value (padded or not): the table's cores
/// leave out the characters at the edges that mix in neighbouring bits or the
/// padding; for a value encoded on its own those are masked too.
fn whole_base64(value: &str) -> [Zeroizing<Vec<u8>>; 4] {
    let b = value.as_bytes();
    [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .map(|e| Zeroizing::new(e.encode(b).into_bytes()))
}

/// The pieces of a large value: [`WINDOW`] bytes each, cut at character
/// boundaries.
pub(crate) fn windows(value: &str) -> impl Iterator<Item = &str> {
    let mut rest = value;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = WINDOW.min(rest.len());
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (piece, tail) = rest.split_at(end);
        rest = tail;
        Some(piece)
    })
}

/// The patterns while they are gathered: (key, pattern), deduplicated later.
/// `scan` gathers its needles here too ([`Masker::for_search`]), so that
/// only keys and digests are kept, never the (possibly huge) forms.
pub(crate) struct Gather {
    digest: Digest,
    entries: Vec<(Zeroizing<Vec<u8>>, Pat)>,
}

impl Gather {
    pub(crate) fn new() -> Gather {
        Gather {
            digest: Digest::new(),
            entries: Vec::new(),
        }
    }

    /// Add `form` as a pattern standing for `replacement` (a needle id for
    /// `scan`). Returns the form's keyed digest (to deduplicate forms without
    /// keeping them).
    pub(crate) fn add(&mut self, form: &[u8], replacement: u32) -> u64 {
        let key = Zeroizing::new(form[..form.len().min(KEY)].to_vec());
        let (digest, checks) = if form.len() > KEY {
            self.digest.with_checks(form)
        } else {
            (0, Vec::new())
        };
        let whole = if form.len() > KEY {
            digest
        } else {
            self.digest.of(form)
        };
        self.entries.push((
            key,
            Pat {
                len: form.len(),
                digest,
                checks: checks.into_boxed_slice(),
                replacement,
            },
        ));
        whole
    }

    /// Take back the pattern added last.
    pub(crate) fn drop_last(&mut self) {
        self.entries.pop();
    }

    /// Every form of `text` in the table.
    fn add_forms(&mut self, text: &str, replacement: u32) {
        for (_, form) in needles::forms(text) {
            self.add(&form, replacement);
        }
        for (_, piece) in needles::wrapped_pieces(text) {
            self.add(&piece, replacement);
        }
    }
}

impl Gather {
    /// Every pattern of one value; whether it is masked by windows.
    fn value(&mut self, value: &str, replacement: u32) -> bool {
        if value.len() > LARGE {
            for piece in windows(value) {
                if piece.chars().count() >= MIN_MASK_LEN {
                    self.add_forms(piece, replacement);
                }
            }
            return true;
        }
        self.add_forms(value, replacement);
        for form in whole_base64(value) {
            self.add(&form, replacement);
        }
        // A multi-line value (a PEM key, a kubeconfig) is often printed in
        // part: some of its lines are patterns of their own (see `line_part`).
        if value.contains('\n') {
            for line in value.split('\n').filter_map(line_part) {
                self.add(line.as_bytes(), replacement);
            }
        }
        false
    }
}

/// The shortest line part of a multi-line value that is masked on its own.
pub(crate) const MIN_LINE: usize = 16;

/// What of one line of a multi-line value is a pattern of its own: the line
/// trimmed of spaces (and a YAML list's `- `), or for a `key: value` or
/// `key=value` line its value part (quotes trimmed), when that is at least
/// [`MIN_LINE`] characters long and holds no space. So a PEM or base64 body
/// line, a token on a line of its own and `client-key-data: LS0t…` are
/// masked, while `apiVersion: v1`, `kind: ConfigMap`, `users:` or
/// `- name: admin` of a kubeconfig are left alone: they would turn ordinary
/// output into `***`.
fn line_part(line: &str) -> Option<&str> {
    let mut part = line.trim();
    part = part.strip_prefix("- ").unwrap_or(part).trim_start();
    if let Some(at) = part.find(": ").or_else(|| part.find('=')) {
        let sep = if part[at..].starts_with(": ") { 2 } else { 1 };
        let key = &part[..at];
        if !key.is_empty() && !key.contains(char::is_whitespace) {
            part = part[at + sep..].trim().trim_matches(['"', '\'']);
        }
    }
    (part.chars().count() >= MIN_LINE && !part.contains(char::is_whitespace)).then_some(part)
}

impl Masker {
    /// Compile the values (see the module's notes for the rules).
    pub(crate) fn prepare(values: &[MaskValue<'_>], labels: bool) -> Result<Prepared> {
        let mut short: Vec<String> = Vec::new();
        let mut windowed: Vec<String> = Vec::new();
        let mut replacements: Vec<Vec<u8>> = vec![MASK.as_bytes().to_vec()];
        let mut g = Gather::new();
        let note = |list: &mut Vec<String>, name: &str| {
            if !list.iter().any(|s| s == name) {
                list.push(name.to_owned());
            }
        };
        for v in values {
            if v.value.chars().count() < MIN_MASK_LEN {
                note(&mut short, v.name);
                continue;
            }
            let replacement = if labels {
                let label = format!("[masked:{}]", v.name).into_bytes();
                match replacements.iter().position(|r| *r == label) {
                    Some(i) => i,
                    None => {
                        replacements.push(label);
                        replacements.len() - 1
                    }
                }
            } else {
                0
            };
            let replacement = u32::try_from(replacement)
                .map_err(|_| Error::Other("too many values to mask — run with --no-mask".into()))?;
            if g.value(v.value, replacement) {
                note(&mut windowed, v.name);
            }
        }
        let masker = if g.entries.is_empty() {
            None
        } else {
            Some(Masker::build(g, replacements)?)
        };
        Ok(Prepared {
            masker,
            short,
            windowed,
        })
    }

    /// The automaton and the tables over the gathered patterns.
    fn build(g: Gather, replacements: Vec<Vec<u8>>) -> Result<Masker> {
        let Gather {
            digest,
            mut entries,
        } = g;
        // By key, longest first; a stable sort, so of equal patterns the
        // first value's stays (its label).
        entries.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.len.cmp(&a.1.len)));
        let mut keys: Vec<Zeroizing<Vec<u8>>> = Vec::new();
        let mut pats: Vec<Vec<Pat>> = Vec::new();
        for (key, pat) in entries {
            match (keys.last(), pats.last_mut()) {
                (Some(k), Some(list)) if **k == *key => {
                    if !list
                        .iter()
                        .any(|p| p.len == pat.len && p.digest == pat.digest)
                    {
                        list.push(pat);
                    }
                }
                _ => {
                    keys.push(key);
                    pats.push(vec![pat]);
                }
            }
        }
        let short_ids: Vec<usize> = (0..keys.len()).filter(|&k| keys[k].len() < KEY).collect();
        let ac = if short_ids.is_empty() {
            None
        } else {
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(short_ids.iter().map(|&k| keys[k].as_slice()))
                .map_err(|e| {
                    Error::Other(format!(
                        "could not prepare masking: {e} — run with --no-mask"
                    ))
                })?;
            Some(ac)
        };
        let long = LongKeys::new(&keys);
        let sampler = Sampler::new(&keys);
        let max_key = keys.iter().map(|k| k.len()).max().unwrap_or(0);
        Ok(Masker {
            ac,
            short_ids,
            long,
            keys,
            pats,
            replacements,
            digest,
            max_key,
            sampler,
        })
    }

    /// A matcher for `scan`: each gathered pattern stands for the needle id
    /// it was added with; see [`Masker::find_all`].
    pub(crate) fn for_search(g: Gather) -> Result<Masker> {
        Masker::build(g, Vec::new())
    }

    /// Every occurrence of every pattern in `buf` (overlapping ones too), as
    /// `on_match(start, end, id)` in order of start, where `id` is what the
    /// pattern was gathered with.
    pub(crate) fn find_all(&self, buf: &[u8], mut on_match: impl FnMut(usize, usize, usize)) {
        for (s, k) in self.key_starts(buf) {
            for p in &self.pats[k] {
                if s + p.len > buf.len()
                    || (p.len > self.keys[k].len()
                        && self.digest.of(&buf[s..s + p.len]) != p.digest)
                {
                    continue;
                }
                on_match(s, s + p.len, p.replacement as usize);
            }
        }
    }

    /// Mask a complete buffer (nothing held back).
    pub(crate) fn mask_all(&self, input: &[u8], out: &mut Vec<u8>) {
        let mut runs = Vec::new();
        self.runs(input, false, &mut runs);
        self.splice(input, &runs, input.len(), out);
    }

    /// `buf[..upto]` into `out` with `runs` replaced.
    fn splice(&self, buf: &[u8], runs: &[Run], upto: usize, out: &mut Vec<u8>) {
        let mut pos = 0;
        for r in runs {
            out.extend_from_slice(&buf[pos..r.start]);
            out.extend_from_slice(&self.replacements[r.replacement as usize]);
            pos = r.end;
        }
        out.extend_from_slice(&buf[pos..upto]);
    }

    /// Where a key starts in `buf` (every occurrence, overlapping ones too),
    /// as (start, key), sorted; the automaton (short keys) and the rolling
    /// hash (keys of [`KEY`] bytes) run only around sampler hits.
    ///
    /// Each hit at `j` gives the region `[j + q - max_key, j + max_key)`,
    /// which holds every key occurrence that contains the window at `j`.
    /// Overlapping regions are merged, so no occurrence is found twice.
    fn key_starts(&self, buf: &[u8]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        let s = &self.sampler;
        let n = buf.len();
        if n < s.q {
            return found;
        }
        let mut region: Option<(usize, usize)> = None;
        let search = |r: (usize, usize), found: &mut Vec<(usize, usize)>| {
            if let Some(ac) = &self.ac {
                let input = aho_corasick::Input::new(buf).range(r.0..r.1);
                found.extend(
                    ac.find_overlapping_iter(input)
                        .map(|m| (m.start(), self.short_ids[m.pattern().as_usize()])),
                );
            }
            self.long.find(&self.keys, &buf[..r.1], r.0, found);
        };
        let mut j = 0;
        while j + s.q <= n {
            if s.hit(buf, j) {
                let start = (j + s.q).saturating_sub(self.max_key);
                let end = (j + self.max_key).min(n);
                region = match region {
                    Some((rs, re)) if start <= re => Some((rs, re.max(end))),
                    Some(r) => {
                        search(r, &mut found);
                        Some((start, end))
                    }
                    None => Some((start, end)),
                };
            }
            j += s.step;
        }
        if let Some(r) = region {
            search(r, &mut found);
        }
        found.sort_unstable();
        found
    }

    /// The longest pattern starting at `s`, given the keys that start there:
    /// `Ok(Some((len, replacement)))`, `Ok(None)` when none does, and
    /// `Err(())` when, with more data to come (`open`), a longer one still
    /// could.
    fn longest_at(
        &self,
        buf: &[u8],
        s: usize,
        keys: &[(usize, usize)],
        open: bool,
    ) -> std::result::Result<Option<(usize, u32)>, ()> {
        let mut best: Option<(usize, u32)> = None;
        for &(_, k) in keys {
            for p in &self.pats[k] {
                if best.is_some_and(|(len, _)| len >= p.len) {
                    break;
                }
                if s + p.len > buf.len() {
                    if open && self.may_begin(p, &buf[s..]) {
                        return Err(());
                    }
                    continue;
                }
                if p.len > self.keys[k].len() && self.digest.of(&buf[s..s + p.len]) != p.digest {
                    continue;
                }
                best = Some((p.len, p.replacement));
                break;
            }
        }
        Ok(best)
    }

    /// Whether `part` (which starts with `p`'s key and is shorter than `p`)
    /// may be the start of `p`, as far as the longest checkpoint it covers
    /// tells.
    fn may_begin(&self, p: &Pat, part: &[u8]) -> bool {
        let mut upto = 2 * KEY;
        let mut check = None;
        for &c in p.checks.iter() {
            if upto > part.len() {
                break;
            }
            check = Some((upto, c));
            upto *= 2;
        }
        check.is_none_or(|(upto, c)| self.digest.of(&part[..upto]) == c)
    }

    /// The runs to mask in `buf`, leftmost-longest, into `runs`. With `open`
    /// (more data may follow), stops where more data could still make or
    /// lengthen a run, and returns that position (the tail to hold back);
    /// else returns `buf.len()`.
    fn runs(&self, buf: &[u8], open: bool, runs: &mut Vec<Run>) -> usize {
        let starts = self.key_starts(buf);
        let tail = if open {
            self.tail_hold(buf, 0)
        } else {
            buf.len()
        };
        let mut pos = 0;
        let mut i = 0;
        while i < starts.len() {
            let s = starts[i].0;
            let same = starts[i..].partition_point(|&(t, _)| t == s);
            let keys = &starts[i..i + same];
            i += same;
            if s >= tail {
                break;
            }
            let inside = s < pos;
            match self.longest_at(buf, s, keys, open) {
                // A match that starts inside the last run could still grow
                // past it: the whole run is held back with it.
                Err(()) if inside => {
                    return runs.pop().map_or(s, |r| r.start);
                }
                Err(()) => return s,
                Ok(None) => {}
                // Overlapping matches are masked as their union (a value
                // that starts inside another must not show its rest).
                Ok(Some((len, _))) if inside => {
                    if s + len > pos {
                        pos = s + len;
                        if let Some(last) = runs.last_mut() {
                            last.end = pos;
                        }
                    }
                }
                Ok(Some((len, replacement))) => {
                    runs.push(Run {
                        start: s,
                        end: s + len,
                        replacement,
                    });
                    pos = s + len;
                }
            }
            if pos > tail {
                // With more data to come, a key may start inside the run
                // (at `tail`) and grow past it: the run is held with it.
                return runs.pop().map_or(s, |r| r.start);
            }
        }
        tail
    }

    /// A streaming masker over this set.
    pub(crate) fn stream(&self) -> MaskStream<'_> {
        MaskStream {
            masker: self,
            pending: Zeroizing::new(Vec::new()),
            runs: Vec::new(),
        }
    }

    /// The first index `i >= from` such that `buf[i..]`, shorter than a key,
    /// is a proper prefix of some key (so more input could complete a match
    /// there), or `buf.len()`. Longer tails are the business of
    /// [`Masker::longest_at`].
    fn tail_hold(&self, buf: &[u8], from: usize) -> usize {
        let from = from.max(buf.len().saturating_sub(self.max_key.saturating_sub(1)));
        for i in from..buf.len() {
            let rest = &buf[i..];
            let at = self.keys.partition_point(|k| k.as_slice() < rest);
            // The keys starting with `rest` follow `at`: the first may be
            // `rest` itself, the next then is longer.
            if self.keys[at..]
                .iter()
                .take(2)
                .any(|k| k.len() > rest.len() && k.starts_with(rest))
            {
                return i;
            }
        }
        buf.len()
    }

    /// Mask `buf` into `out`, except a tail that could still become a match;
    /// returns where that tail starts.
    fn process(&self, buf: &[u8], runs: &mut Vec<Run>, out: &mut Vec<u8>) -> usize {
        runs.clear();
        let hold = self.runs(buf, true, runs);
        self.splice(buf, runs, hold, out);
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
    /// Scratch for the runs of a chunk (positions only, nothing secret).
    runs: Vec<Run>,
}

impl MaskStream<'_> {
    /// Mask the next chunk of output into `out`. Whatever cannot be part of a
    /// match any more is written at once; a possible start of a value is kept.
    pub(crate) fn feed(&mut self, data: &[u8], out: &mut Vec<u8>) {
        if self.pending.is_empty() {
            let hold = self.masker.process(data, &mut self.runs, out);
            self.reserve(data.len() - hold);
            self.pending.extend_from_slice(&data[hold..]);
        } else {
            self.reserve(data.len());
            self.pending.extend_from_slice(data);
            let hold = self.masker.process(&self.pending, &mut self.runs, out);
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
        Masker::prepare(&v, false).unwrap().masker.unwrap()
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
        let v = "s3cr3t-v@lue/+x'\"é";
        let m = masker(&[v]);
        let mut all: Vec<Zeroizing<Vec<u8>>> =
            needles::forms(v).into_iter().map(|(_, f)| f).collect();
        all.extend(whole_base64(v));
        for form in &all {
            let mut text = b"before ".to_vec();
            text.extend_from_slice(form);
            text.extend_from_slice(b" after");
            let mut out = Vec::new();
            m.mask_all(&text, &mut out);
            assert_eq!(
                out,
                b"before *** after",
                "{}",
                String::from_utf8_lossy(form)
            );
        }
        let has = |f: &[u8]| all.iter().any(|g| **g == *f);
        assert!(has("czNjcjN0LXZAbHVlLyt4JyLDqQ==".as_bytes()));
        assert!(has(b"s3cr3t-v%40lue%2F%2Bx%27%22%C3%A9"));
        assert!(has(b"s3cr3t-v%40lue%2f%2bx%27%22%c3%a9"));
        assert!(has(b"s3cr3t-v@lue\\/+x'\\\"\\u00e9"));
        assert!(has("s3cr3t-v@lue/+x'\\''\"é".as_bytes()));
    }

    #[test]
    fn base64_of_user_colon_value_is_masked_at_every_offset() {
        let m = masker(&["hunter2-secret"]);
        for user in ["", "u", "us", "user", "admin", "ab:cd"] {
            let header = STANDARD.encode(format!("{user}:hunter2-secret"));
            let mut out = Vec::new();
            m.mask_all(header.as_bytes(), &mut out);
            let out = String::from_utf8(out).unwrap();
            assert!(out.contains("***"), "{user}: {out}");
            // What is left: the characters of "user:" and at most two
            // mixed or padding characters at either end of the value.
            let prefix = (4 * (user.len() + 1)).div_ceil(3);
            assert!(out.len() <= prefix + 3 + 4, "{user}: {out}");
        }
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
    fn a_tail_that_parts_from_a_long_value_is_let_go_early() {
        let value: String = (0..300)
            .map(|i| char::from(b'a' + (i * 7 % 26) as u8))
            .collect();
        let m = masker(&[&value]);
        // The value's first 100 bytes: it may still come, so it is held.
        let mut s = m.stream();
        let mut out = Vec::new();
        s.feed(format!("x {}", &value[..100]).as_bytes(), &mut out);
        assert_eq!(out, b"x ");
        assert!(s.has_pending());
        // Its first 40 bytes (more than a key) and then something else: let go
        // by 64 bytes (the first prefix hash),
        // long before the value's 300.
        let mut s = m.stream();
        let mut out = Vec::new();
        let text = format!("x {}{}", &value[..40], "-".repeat(70));
        s.feed(text.as_bytes(), &mut out);
        assert_eq!(out, text.as_bytes());
        assert!(!s.has_pending());
        // And the whole value, in pieces, is masked.
        let text = format!("<{value}>");
        let pieces: Vec<&[u8]> = text.as_bytes().chunks(37).collect();
        assert_eq!(stream(&m, &pieces), b"<***>");
    }

    #[test]
    fn a_value_starting_inside_another_is_masked_with_it() {
        let m = masker(&["deploy-user-2024", "user-2024-S3cr3tPassw0rd"]);
        let mut out = Vec::new();
        m.mask_all(b"<deploy-user-2024-S3cr3tPassw0rd>", &mut out);
        assert_eq!(out, b"<***>");
        assert_eq!(
            stream(&m, &[b"<deploy-user-2024-S3c", b"r3tPassw0rd>"]),
            b"<***>"
        );
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
            let m = Masker::prepare(&mv, false).unwrap().masker.unwrap();
            let mut text: Vec<u8> = (0..20_000)
                .map(|_| b"abcdefghijklmnop0123 \n"[(rand() % 22) as usize])
                .collect();
            for k in 0..300 {
                let v = values[k % values.len()].as_bytes();
                let at = (rand() as usize) % (text.len() - v.len());
                text[at..at + v.len()].copy_from_slice(v);
            }
            // Every key at every position, the slow way.
            let mut full: Vec<(usize, usize)> = Vec::new();
            for at in 0..text.len() {
                for (id, k) in m.keys.iter().enumerate() {
                    if text[at..].starts_with(k) {
                        full.push((at, id));
                    }
                }
            }
            assert!(
                full.len() > 100,
                "len {len}: only {} planted matches",
                full.len()
            );
            assert_eq!(m.key_starts(&text), full, "len {len}");
        }
    }

    #[test]
    fn lines_of_a_multi_line_value_are_masked_alone() {
        let m = masker(&["-----BEGIN KEY-----\r\nMIIEabcdef0123456789\nxy\n-----END KEY-----"]);
        let mut out = Vec::new();
        m.mask_all(b"line MIIEabcdef0123456789\nxy\n", &mut out);
        assert_eq!(out, b"line ***\nxy\n");
    }

    #[test]
    fn a_kubeconfig_masks_its_keys_and_tokens_not_its_structure() {
        let kubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    \
            certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0t\n    \
            server: https://10.0.0.1:6443\n  name: prod\nusers:\n- name: admin\n  user:\n    \
            token: \"eyJhbGciOiJSUzI1NiIsImtpZCI6Ik\"\ncurrent-context: prod\n";
        let m = masker(&[kubeconfig]);
        let shown =
            "apiVersion: v1\nkind: ConfigMap\nusers:\n- name: admin\ncurrent-context: prod\n";
        let mut out = Vec::new();
        m.mask_all(shown.as_bytes(), &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), shown);
        let leaked = "ca LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0t\nAuthorization: Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6Ik\n\
            url https://10.0.0.1:6443\n";
        let mut out = Vec::new();
        m.mask_all(leaked.as_bytes(), &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "ca ***\nAuthorization: Bearer ***\nurl ***\n"
        );
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
        let p = Masker::prepare(
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
        assert_eq!(p.short, ["a/pin"]);
        let mut out = Vec::new();
        p.masker.unwrap().mask_all(b"1234 long-enough", &mut out);
        assert_eq!(out, b"1234 [masked:a/long]");
    }
}

/// The masker by property: any output, any values, any cutting into writes.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::collection::vec;
    use proptest::prelude::*;

    /// A small alphabet, so values share starts and overlap each other and
    /// their forms; `*` (the mask) left out, so a mask cannot help form one.
    const ALPHABET: &[char] = &[
        'a', 'b', 'c', '/', '+', '\'', '"', '\\', ':', ' ', 'é', '\n', '%', '=',
    ];

    fn text(min: usize, max: usize) -> impl Strategy<Value = String> {
        vec(proptest::sample::select(ALPHABET), min..max).prop_map(|c| c.into_iter().collect())
    }

    /// Every pattern of `value`, as bytes.
    fn all_forms(value: &str) -> Vec<Vec<u8>> {
        let mut all: Vec<Vec<u8>> = needles::forms(value)
            .into_iter()
            .map(|(_, f)| f.to_vec())
            .collect();
        all.extend(whole_base64(value).iter().map(|f| f.to_vec()));
        all
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    /// `text` fed in the pieces that `cuts` make, then flushed.
    fn streamed(m: &Masker, text: &[u8], cuts: &[prop::sample::Index]) -> Vec<u8> {
        let mut at: Vec<usize> = cuts.iter().map(|c| c.index(text.len() + 1)).collect();
        at.push(0);
        at.push(text.len());
        at.sort_unstable();
        let mut s = m.stream();
        let mut out = Vec::new();
        for w in at.windows(2) {
            s.feed(&text[w[0]..w[1]], &mut out);
        }
        s.flush(&mut out);
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 200,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Two values that overlap in the output (the end of one is the start
        /// of the other, or one holds the other): neither shows, whichever
        /// comes first and however the output is cut.
        #[test]
        fn overlapping_values_are_masked_as_their_union(
            base in vec(proptest::sample::select(ALPHABET), 12..40),
            a in any::<prop::sample::Index>(),
            b in any::<prop::sample::Index>(),
            c in any::<prop::sample::Index>(),
            before in text(0, 8),
            after in text(0, 8),
            cuts in vec(any::<prop::sample::Index>(), 0..8),
        ) {
            // first = base[..end], second = base[start..stop], overlapping.
            let n = base.len();
            let end = 6 + a.index(n - 5);
            let start = b.index(end - 5);
            let stop = (start + 6 + c.index(n - start - 5)).min(n);
            let first: String = base[..end].iter().collect();
            let second: String = base[start..stop].iter().collect();
            let whole_text: String = base.iter().collect();
            let text = format!("{before}{whole_text}{after}");
            for values in [[&first, &second], [&second, &first]] {
                let mv: Vec<MaskValue> = values.iter().map(|v| MaskValue { name: "n", value: v }).collect();
                let m = Masker::prepare(&mv, false).unwrap().masker.unwrap();
                let mut whole = Vec::new();
                m.mask_all(text.as_bytes(), &mut whole);
                prop_assert_eq!(&streamed(&m, text.as_bytes(), &cuts), &whole);
                for v in values {
                    prop_assert!(!contains(&whole, v.as_bytes()), "{:?} is left: {:?}", v, String::from_utf8_lossy(&whole));
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 200,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn streaming_equals_masking_at_once_and_nothing_is_left(
            values in vec(text(6, 40), 1..4),
            // Pieces of output: filler text, or (value, form, cut-off end).
            pieces in vec((text(0, 12), any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<bool>()), 1..8),
            cuts in vec(any::<prop::sample::Index>(), 0..12),
        ) {
            let mv: Vec<MaskValue> = values.iter().map(|v| MaskValue { name: "n", value: v }).collect();
            let m = Masker::prepare(&mv, false).unwrap().masker.unwrap();
            let mut stream = Vec::new();
            for (filler, which, form, whole) in &pieces {
                stream.extend_from_slice(filler.as_bytes());
                let forms = all_forms(which.get::<String>(&values));
                let f = form.get(&forms);
                // Now and then only the start of a form, to be held and let go.
                let f = if *whole { &f[..] } else { &f[..f.len() / 2] };
                stream.extend_from_slice(f);
            }
            let mut at: Vec<usize> = cuts.iter().map(|c| c.index(stream.len() + 1)).collect();
            at.push(0);
            at.push(stream.len());
            at.sort_unstable();
            let mut s = m.stream();
            let mut chunked = Vec::new();
            for w in at.windows(2) {
                s.feed(&stream[w[0]..w[1]], &mut chunked);
            }
            s.flush(&mut chunked);
            let mut whole = Vec::new();
            m.mask_all(&stream, &mut whole);
            prop_assert_eq!(&chunked, &whole);
            for v in &values {
                for f in all_forms(v) {
                    prop_assert!(!contains(&whole, &f), "a form of {:?} is left: {:?}", v, String::from_utf8_lossy(&whole));
                }
            }
        }
    }
}
