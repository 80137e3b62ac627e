//! The search itself: `run`'s bounded matcher ([`Masker::find_all`]: keys of
//! at most 32 bytes, confirmed by a keyed hash) over every needle, fed from any
//! reader in large chunks, reporting where each needle occurs by line and column.
//! Preparing it is linear in the values' size: one Aho-Corasick automaton over
//! every whole form (before the review of issue 14) took 556 MB for a 1 MB
//! value and was killed for 100 MB.
//!
//! Files are read in chunks of [`CHUNK`] bytes into a buffer each thread reuses,
//! so a huge log file costs no more memory than a small one. Consecutive chunks
//! overlap by the longest needle's length minus one, so a value that straddles a
//! chunk boundary is still found, and found once. Lines are counted only up to
//! where something was found and at chunk boundaries (a `memchr` pass, far
//! cheaper than the search), so clean files pay for the search alone.

use std::io::{self, Read};

use super::needles::Needles;
use crate::error::Result;
use crate::inject::mask::Masker;

/// Bytes read per chunk.
pub(crate) const CHUNK: usize = 2 << 20;

/// A compiled set of needles.
pub(crate) struct Matcher {
    masker: Masker,
    max_len: usize,
    /// Needles that are pieces of a wrapped encoding (see
    /// [`Needles::pieces`]): one hit per run of overlapping ones.
    pieces: Vec<bool>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher").finish_non_exhaustive()
    }
}

/// Where a needle occurred.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    /// The needle's id (see [`Needles::labels`]).
    pub(crate) needle: usize,
    /// 1-based line.
    pub(crate) line: u64,
    /// 1-based byte column.
    pub(crate) column: u64,
}

impl Matcher {
    /// Compile the needles (taking them out of `needles`: call once).
    pub(crate) fn new(needles: &mut Needles) -> Result<Matcher> {
        Ok(Matcher {
            masker: needles.matcher()?,
            max_len: needles.max_len(),
            pieces: needles.pieces.clone(),
        })
    }

    /// A buffer sized for [`Matcher::search`]; reuse it across files.
    pub(crate) fn buffer(&self) -> Vec<u8> {
        vec![0; CHUNK + self.max_len]
    }

    /// Search everything `reader` yields, calling `on_hit` for every occurrence of
    /// every needle (overlapping ones too), in order of position. Returns the
    /// number of bytes read.
    pub(crate) fn search<R: Read>(
        &self,
        mut reader: R,
        buf: &mut Vec<u8>,
        mut on_hit: impl FnMut(Hit),
    ) -> io::Result<u64> {
        let overlap = self.max_len.saturating_sub(1);
        if buf.len() < CHUNK + overlap {
            buf.resize(CHUNK + overlap, 0);
        }
        let mut keep = 0; // bytes carried over from the previous chunk
        let mut lines = Lines::default();
        let mut hits: Vec<(usize, usize, usize)> = Vec::new(); // (start, needle, end)
        loop {
            let mut len = keep;
            let mut eof = false;
            while len < buf.len() {
                match reader.read(&mut buf[len..]) {
                    Ok(0) => {
                        eof = true;
                        break;
                    }
                    Ok(n) => len += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            let hay = &buf[..len];
            hits.clear();
            // A match that ends inside the carried-over bytes was reported with
            // the previous chunk.
            self.masker.find_all(hay, |start, end, needle| {
                if end > keep {
                    hits.push((start, needle, end));
                }
            });
            hits.sort_unstable();
            self.fold_pieces(&mut hits);
            let cut = if eof { len } else { len - overlap.min(len) };
            let mut hit = |lines: &mut Lines, (start, needle, _): (usize, usize, usize)| {
                lines.advance(hay, start);
                on_hit(Hit {
                    needle,
                    line: lines.line,
                    column: (lines.base + start as u64) - lines.line_start + 1,
                });
            };
            let split = hits.partition_point(|&(s, _, _)| s < cut);
            for &h in &hits[..split] {
                hit(&mut lines, h);
            }
            if eof {
                return Ok(lines.base + len as u64);
            }
            // Hits in the overlap come after the checkpoint at `cut`, which the
            // next chunk starts from.
            lines.advance(hay, cut);
            let mut tail = lines;
            for &h in &hits[split..] {
                hit(&mut tail, h);
            }
            buf.copy_within(cut..len, 0);
            keep = len - cut;
            lines.rebase(cut);
        }
    }
}

impl Matcher {
    /// Drop the hits of wrapped-encoding pieces that overlap an earlier hit
    /// (the pieces of one line of `base64` output overlap each other), so
    /// that such a line is one finding. `hits` is sorted by start.
    fn fold_pieces(&self, hits: &mut Vec<(usize, usize, usize)>) {
        let mut reach = 0;
        hits.retain(|&(start, needle, end)| {
            if self.pieces[needle] && start < reach {
                reach = reach.max(end);
                return false;
            }
            reach = reach.max(end);
            true
        });
    }
}

/// Line bookkeeping within the current chunk.
#[derive(Debug, Clone, Copy)]
struct Lines {
    /// File offset of the chunk's first byte.
    base: u64,
    /// Position in the chunk counted up to.
    pos: usize,
    /// Line number at `pos`.
    line: u64,
    /// File offset where that line starts.
    line_start: u64,
}

impl Default for Lines {
    fn default() -> Self {
        Lines {
            base: 0,
            pos: 0,
            line: 1,
            line_start: 0,
        }
    }
}

impl Lines {
    /// Count lines forward to `to` (hits are sorted, so never backwards).
    fn advance(&mut self, hay: &[u8], to: usize) {
        if to <= self.pos {
            return;
        }
        let span = &hay[self.pos..to];
        if let Some(last) = memchr::memrchr(b'\n', span) {
            self.line += memchr::memchr_iter(b'\n', span).count() as u64;
            self.line_start = self.base + (self.pos + last + 1) as u64;
        }
        self.pos = to;
    }

    /// The chunk now starts `cut` bytes later.
    fn rebase(&mut self, cut: usize) {
        self.base += cut as u64;
        self.pos -= cut;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::needles::{Form, ValueRef};

    fn needles(values: &[&str]) -> Needles {
        let mut n = Needles::default();
        for (i, v) in values.iter().enumerate() {
            n.add(
                ValueRef {
                    secret: format!("s{i}"),
                    version: 1,
                    state: "active",
                },
                v,
            );
        }
        n
    }

    fn plain_hits(n: &Needles, m: &Matcher, data: &[u8]) -> Vec<(usize, u64, u64)> {
        let mut out = Vec::new();
        let mut buf = Vec::new();
        let read = m
            .search(data, &mut buf, |h| {
                for l in n.labels(h.needle) {
                    if l.form == Form::Plain {
                        out.push((l.value, h.line, h.column));
                    }
                }
            })
            .unwrap();
        assert_eq!(read, data.len() as u64);
        out
    }

    #[test]
    fn lines_and_columns() {
        let mut n = needles(&["needle-one", "needle-two"]);
        let m = Matcher::new(&mut n).unwrap();
        let data = b"x\nab needle-one\n\n   needle-two needle-one";
        assert_eq!(
            plain_hits(&n, &m, data),
            vec![(0, 2, 4), (1, 4, 4), (0, 4, 15)]
        );
    }

    #[test]
    fn values_across_chunk_boundaries_are_found_once_with_right_lines() {
        let mut n = needles(&["boundary-value-xyz"]);
        let m = Matcher::new(&mut n).unwrap();
        // Place the value at every offset around the first two chunk boundaries.
        for boundary in [CHUNK, 2 * CHUNK - 17] {
            for delta in 0..20 {
                let at = boundary - delta;
                let mut data = vec![b'.'; 2 * CHUNK + 100];
                data[10] = b'\n';
                data[at - 3] = b'\n';
                data[at..at + 18].copy_from_slice(b"boundary-value-xyz");
                let hits = plain_hits(&n, &m, &data);
                assert_eq!(hits, vec![(0, 3, 3)], "at {at}");
            }
        }
    }
}
