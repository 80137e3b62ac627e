//! The masking pumps: the child's stdout and stderr copied to sesame's own
//! through the masker, each on a thread of its own.

use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::AsFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::mask::Masker;

/// How long a masked stream may hold back the possible start of a value
/// before it is written as it is.
const QUIET: Duration = Duration::from_secs(1);

/// After the child exits, how long a stream that is still open (held by a
/// grandchild) may stay silent before sesame stops waiting for it. A stream
/// that holds back a possible start of a value is never given up on: it is
/// waited for until [`QUIET`] lets it write that tail, so nothing is dropped.
const LINGER: Duration = Duration::from_millis(300);

/// `PumpState::waiting_since` of a pump that has ended.
const FINISHED: u64 = u64::MAX;

struct PumpState {
    /// Milliseconds since `epoch` at which the pump started waiting for input,
    /// or 0 while it is working or writing.
    waiting_since: AtomicU64,
    /// Whether the pump holds back a tail that it has not written yet.
    holding: AtomicBool,
}

/// The pumps of one child.
pub(super) struct Pumps {
    /// What `PumpState::waiting_since` counts from.
    epoch: Instant,
    states: Vec<Arc<PumpState>>,
    /// Dropped by `wait`, so the channel ends when the last pump does.
    done_tx: Option<mpsc::Sender<()>>,
    done_rx: mpsc::Receiver<()>,
}

fn millis_since(epoch: Instant) -> u64 {
    // +1 so that 0 keeps meaning "not waiting".
    u64::try_from(epoch.elapsed().as_millis()).unwrap_or(u64::MAX - 1) + 1
}

impl Pumps {
    pub(super) fn new() -> Self {
        let (done_tx, done_rx) = mpsc::channel();
        Pumps {
            epoch: Instant::now(),
            states: Vec::new(),
            done_tx: Some(done_tx),
            done_rx,
        }
    }

    /// Copy `src` to `dst` through `masker` on a thread of its own.
    pub(super) fn start<R: Read + AsFd + Send + 'static>(
        &mut self,
        src: R,
        dst: File,
        masker: Arc<Masker>,
    ) {
        let Some(done) = self.done_tx.clone() else {
            return;
        };
        let state = Arc::new(PumpState {
            waiting_since: AtomicU64::new(0),
            holding: AtomicBool::new(false),
        });
        let st = state.clone();
        let epoch = self.epoch;
        std::thread::spawn(move || {
            pump(src, dst, &masker, &st, epoch);
            st.waiting_since.store(FINISHED, Ordering::SeqCst);
            let _ = done.send(());
        });
        self.states.push(state);
    }

    /// Wait until every pump has written its last byte, but not for a stream
    /// that a grandchild keeps open and silent.
    pub(super) fn wait(mut self) {
        self.done_tx = None;
        wait_for_pumps(&self.states, &self.done_rx, self.epoch);
    }
}

/// Copy `src` to `dst` through the masker until `src` ends or `dst` fails.
fn pump<R: Read + AsFd>(
    mut src: R,
    mut dst: File,
    masker: &Masker,
    state: &PumpState,
    epoch: Instant,
) {
    // Fewer, larger reads: a 1 MiB pipe instead of 64 KiB (best effort; the
    // limit for unprivileged users is /proc/sys/fs/pipe-max-size).
    let _ = rustix::pipe::fcntl_setpipe_size(&src, 1 << 20);
    let mut stream = masker.stream();
    // The raw output may hold values: wiped when done, but only as far as it
    // was used (the untouched pages of a fresh allocation are never faulted in,
    // which keeps a short-lived command's start-up cost low).
    let mut buf = HighWater {
        buf: vec![0u8; 1 << 20],
        used: 0,
    };
    let mut out = Vec::with_capacity(buf.buf.len() + 4096);
    let quiet = rustix::event::Timespec {
        tv_sec: QUIET.as_secs().try_into().unwrap_or(1),
        tv_nsec: 0,
    };
    loop {
        // Set before `waiting_since`, so that a pump seen waiting is never
        // seen holding nothing while it holds a tail.
        state.holding.store(stream.has_pending(), Ordering::SeqCst);
        if stream.has_pending() {
            state
                .waiting_since
                .store(millis_since(epoch), Ordering::SeqCst);
            let mut fds = [rustix::event::PollFd::new(
                &src,
                rustix::event::PollFlags::IN,
            )];
            let ready = rustix::event::poll(&mut fds, Some(&quiet));
            state.waiting_since.store(0, Ordering::SeqCst);
            match ready {
                Ok(0) => {
                    out.clear();
                    stream.flush(&mut out);
                    if dst.write_all(&out).is_err() {
                        return;
                    }
                    continue;
                }
                Ok(_) => {}
                Err(rustix::io::Errno::INTR) => continue,
                Err(_) => break,
            }
        }
        state
            .waiting_since
            .store(millis_since(epoch), Ordering::SeqCst);
        let read = src.read(&mut buf.buf);
        state.waiting_since.store(0, Ordering::SeqCst);
        let n = match read {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        buf.used = buf.used.max(n);
        out.clear();
        stream.feed(&buf.buf[..n], &mut out);
        if dst.write_all(&out).is_err() {
            // Our reader is gone (a closed pipe): close the child's pipe too,
            // so that it gets SIGPIPE/EPIPE as it would without sesame.
            return;
        }
    }
    out.clear();
    stream.flush(&mut out);
    let _ = dst.write_all(&out);
}

/// A read buffer that zeroizes the part that was ever written to on drop.
struct HighWater {
    buf: Vec<u8>,
    used: usize,
}

impl Drop for HighWater {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.buf[..self.used].zeroize();
    }
}

/// Wait until every pump has written its last byte, but not for a stream that
/// a grandchild keeps open and silent.
fn wait_for_pumps(pumps: &[Arc<PumpState>], done: &mpsc::Receiver<()>, epoch: Instant) {
    let mut left = pumps.len();
    while left > 0 {
        match done.recv_timeout(Duration::from_millis(20)) {
            Ok(()) => left -= 1,
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let now = millis_since(epoch);
                let limit = u64::try_from(LINGER.as_millis()).unwrap_or(300);
                let all_idle = pumps.iter().all(|p| {
                    let since = p.waiting_since.load(Ordering::SeqCst);
                    // Finished pumps are not waiting either; a pump busy
                    // writing (since == 0) or holding a tail it has yet to
                    // write keeps us here.
                    since == FINISHED
                        || (since != 0
                            && now.saturating_sub(since) > limit
                            && !p.holding.load(Ordering::SeqCst))
                });
                if all_idle {
                    return;
                }
            }
        }
    }
}
