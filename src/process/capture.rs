//! A child's stdout read into memory, bounded, for a value handed back.

use std::io::{self, Read};
use std::os::fd::{AsFd, BorrowedFd};
use std::process::ChildStdout;

use zeroize::{Zeroize, Zeroizing};

/// What was read so far. The bytes may be a secret: every buffer that held
/// them is wiped.
pub(crate) struct Capture {
    /// `None` once the stream ended (or was given up).
    pipe: Option<ChildStdout>,
    buf: Zeroizing<Vec<u8>>,
    /// At most this many bytes are kept; the rest is read and thrown away.
    limit: usize,
    /// More than `limit` bytes came.
    over: bool,
    /// The output no longer matters: read and thrown away, not waited for.
    discard: bool,
}

/// The captured output.
pub(crate) struct Output {
    /// Up to the limit.
    pub(crate) bytes: Zeroizing<Vec<u8>>,
    /// Whether more than the limit came.
    pub(crate) over: bool,
}

impl Capture {
    pub(crate) fn new(pipe: ChildStdout, limit: usize) -> Self {
        Capture {
            pipe: Some(pipe),
            buf: Zeroizing::new(Vec::with_capacity(limit.min(16 * 1024))),
            limit,
            over: false,
            discard: false,
        }
    }

    /// The pipe to wait on while it is open.
    pub(crate) fn fd(&self) -> Option<BorrowedFd<'_>> {
        self.pipe.as_ref().map(AsFd::as_fd)
    }

    /// Whether the stream has ended, or is no longer waited for.
    pub(crate) fn done(&self) -> bool {
        self.pipe.is_none() || self.discard
    }

    /// Throw away what was kept and all that still comes.
    pub(crate) fn discard(&mut self) {
        self.buf.zeroize();
        self.discard = true;
    }

    /// One read, for when the pipe is ready (so it does not block).
    pub(crate) fn read_ready(&mut self) -> io::Result<()> {
        let Some(pipe) = &mut self.pipe else {
            return Ok(());
        };
        let n = if self.buf.len() < self.limit && !self.discard {
            if self.buf.len() == self.buf.capacity() {
                // Grow by hand: a Vec that reallocates leaves the old copy behind.
                let mut bigger = Zeroizing::new(Vec::with_capacity(
                    (self.buf.capacity() * 2).max(1024).min(self.limit),
                ));
                bigger.extend_from_slice(&self.buf);
                self.buf = bigger;
            }
            let start = self.buf.len();
            let room = self.buf.capacity().min(self.limit) - start;
            self.buf.resize(start + room, 0);
            let read = pipe.read(&mut self.buf[start..]);
            self.buf.truncate(start + *read.as_ref().unwrap_or(&0));
            read
        } else {
            // Past the limit: drained so that the writer is not blocked.
            let mut scratch = [0u8; 8192];
            let read = pipe.read(&mut scratch);
            scratch.zeroize();
            if read.as_ref().is_ok_and(|n| *n > 0) && !self.discard {
                self.over = true;
            }
            read
        };
        match n {
            Ok(0) => self.pipe = None,
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                self.pipe = None;
                return Err(e);
            }
        }
        Ok(())
    }

    /// Stop reading (closes the pipe).
    pub(crate) fn close(&mut self) {
        self.pipe = None;
    }

    pub(crate) fn finish(self) -> Output {
        Output {
            bytes: self.buf,
            over: self.over,
        }
    }
}
