//! Reading a log from its end: an append needs only the last line (and the
//! failed unlocks after the last authenticated one), not the whole file.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;

use serde::Deserialize;

use super::hex::sha256_hex;
use super::line::seq_of;
use super::{Action, GENESIS};

/// What an append needs from the end of the log.
#[derive(Debug)]
pub(super) struct Tail {
    pub(super) seq: u64,
    /// SHA-256 of the last line, hex ([`GENESIS`] for an empty log).
    pub(super) hash: String,
    /// Whether the last line ends with a newline (false after a torn write).
    pub(super) complete: bool,
    /// The times of the `unlock-failed` records after the last authenticated
    /// one, oldest first.
    pub(super) failed_unlocks: Vec<String>,
}

/// The fields `Tail::read` looks at.
#[derive(Deserialize)]
struct Peek {
    seq: u64,
    action: String,
    time: String,
    mac: Option<String>,
}

impl Tail {
    pub(super) fn empty() -> Self {
        Tail {
            seq: 0,
            hash: GENESIS.into(),
            complete: true,
            failed_unlocks: Vec::new(),
        }
    }

    /// Read lines backwards from the end: the last one's hash and sequence
    /// number and, when `keyed`, the failed unlocks after the last
    /// authenticated record.
    pub(super) fn read(file: &File, len: u64, keyed: bool) -> io::Result<Tail> {
        let mut back = Backward::new(file, len)?;
        let complete = back.complete;
        let Some(last) = back.next_line()? else {
            return Ok(Tail::empty());
        };
        let mut tail = Tail {
            seq: 0,
            hash: sha256_hex(&last),
            complete,
            failed_unlocks: Vec::new(),
        };
        let mut skipped = 0u64;
        let mut line = Some(last);
        let mut seq_known = false;
        let mut scanning = keyed;
        while let Some(l) = line {
            let peek = serde_json::from_slice::<Peek>(&l).ok();
            if !seq_known {
                match peek.as_ref().map(|p| p.seq).or_else(|| seq_of(&l)) {
                    Some(s) => {
                        tail.seq = s + skipped;
                        seq_known = true;
                    }
                    None => skipped += 1,
                }
            }
            if scanning {
                match &peek {
                    Some(p) if p.mac.is_none() => {
                        if p.action == Action::UnlockFailed.as_str() {
                            tail.failed_unlocks.push(p.time.clone());
                        }
                    }
                    _ => scanning = false,
                }
            }
            if seq_known && !scanning {
                break;
            }
            line = back.next_line()?;
        }
        if !seq_known {
            tail.seq = skipped;
        }
        tail.failed_unlocks.reverse();
        Ok(tail)
    }
}

/// Lines of a file from the end, read in chunks.
pub(super) struct Backward<'f> {
    file: &'f File,
    /// File offset of `buf[0]`.
    pos: u64,
    buf: Vec<u8>,
    complete: bool,
}

impl<'f> Backward<'f> {
    const CHUNK: u64 = 8192;

    pub(super) fn new(file: &'f File, len: u64) -> io::Result<Self> {
        let mut b = Backward {
            file,
            pos: len,
            buf: Vec::new(),
            complete: true,
        };
        b.fill()?;
        if b.buf.last() == Some(&b'\n') {
            b.buf.pop();
        } else if !b.buf.is_empty() {
            b.complete = false;
        }
        Ok(b)
    }

    /// Prepend the chunk before `pos`. Returns false at the start of the file.
    fn fill(&mut self) -> io::Result<bool> {
        if self.pos == 0 {
            return Ok(false);
        }
        let start = self.pos.saturating_sub(Self::CHUNK);
        let mut chunk = vec![0u8; (self.pos - start) as usize];
        self.file.read_exact_at(&mut chunk, start)?;
        chunk.extend_from_slice(&self.buf);
        self.buf = chunk;
        self.pos = start;
        Ok(true)
    }

    /// The line before the last one returned (blank lines skipped), `None`
    /// at the start of the file.
    pub(super) fn next_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        loop {
            if let Some(i) = self.buf.iter().rposition(|b| *b == b'\n') {
                let line = self.buf.split_off(i + 1);
                self.buf.pop();
                if line.is_empty() {
                    continue;
                }
                return Ok(Some(line));
            }
            if !self.fill()? {
                if self.buf.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(std::mem::take(&mut self.buf)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn file_with(bytes: &[u8]) -> File {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(bytes).unwrap();
        f
    }

    #[test]
    fn lines_come_back_last_first_across_chunks() {
        let long = "x".repeat(Backward::CHUNK as usize + 100);
        let f = file_with(format!("one\n{long}\n\ntwo\nthr").as_bytes());
        let len = f.metadata().unwrap().len();
        let mut back = Backward::new(&f, len).unwrap();
        assert!(!back.complete, "no newline at the end: a torn line");
        let mut got = Vec::new();
        while let Some(l) = back.next_line().unwrap() {
            got.push(String::from_utf8(l).unwrap());
        }
        assert_eq!(got, ["thr", "two", long.as_str(), "one"]);
    }

    #[test]
    fn the_tail_counts_unreadable_lines_after_the_last_record() {
        let f = file_with(b"{\"seq\":7,\"x\":1}\ngarbage\nmore garbage\n");
        let tail = Tail::read(&f, f.metadata().unwrap().len(), false).unwrap();
        assert_eq!(tail.seq, 9);
        assert!(tail.complete);
        assert_eq!(tail.hash, sha256_hex(b"more garbage"));
    }
}
