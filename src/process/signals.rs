//! Signals for sesame, received through signal-hook's self-pipe and waited
//! for together with a child's output and a deadline.

use std::io;
use std::os::fd::BorrowedFd;
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec};
use signal_hook::consts::signal::SIGCHLD;
use signal_hook::iterator::backend::SignalDelivery;
use signal_hook::iterator::exfiltrator::SignalOnly;

/// Interest in some signals, from creation until drop. SIGCHLD is always
/// among them: it is what wakes a wait when a child exits.
///
/// Create it before spawning: a signal that arrives before it exists takes
/// its default action (most kill sesame), and a child that exits before it
/// exists wakes nobody.
pub(crate) struct Signals {
    /// `Signals` of signal-hook's iterator, built on the socket pair whose
    /// read end we can hand to `poll` (its own `Signals` keeps it private).
    delivery: SignalDelivery<UnixStream, SignalOnly>,
}

/// What is ready after [`Signals::wait`].
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Ready {
    /// The stream has data, or its writers are gone.
    pub(crate) stream: bool,
}

impl Signals {
    /// Register for `signals` (and SIGCHLD).
    pub(crate) fn new(signals: &[i32]) -> io::Result<Self> {
        let (read, write) = UnixStream::pair()?;
        let delivery = SignalDelivery::with_pipe(
            read,
            write,
            SignalOnly,
            signals.iter().copied().chain([SIGCHLD]),
        )?;
        Ok(Signals { delivery })
    }

    /// The signals that came since the last call, each once however often it
    /// came, without SIGCHLD. Never blocks.
    pub(crate) fn pending(&mut self) -> impl Iterator<Item = i32> + '_ {
        self.delivery.pending().filter(|s| *s != SIGCHLD)
    }

    /// A descriptor that is readable when a signal may be pending, for a
    /// caller that polls other descriptors too (then [`Signals::pending`]).
    pub(crate) fn watch_fd(&self) -> io::Result<std::os::fd::OwnedFd> {
        Ok(self.delivery.get_read().try_clone()?.into())
    }

    /// Block until a signal (SIGCHLD included) may be pending, `stream` is
    /// ready, or `deadline` has passed. May return early for nothing.
    pub(crate) fn wait(
        &self,
        stream: Option<BorrowedFd<'_>>,
        deadline: Option<Instant>,
    ) -> io::Result<Ready> {
        // Rounded up to a whole millisecond (poll's unit on some systems), so
        // that a wait never ends just before its deadline and spins. A
        // deadline too far off for a Timespec is no deadline.
        let timeout = deadline.and_then(|d| {
            let left = d.saturating_duration_since(Instant::now()) + Duration::from_micros(999);
            Timespec::try_from(left).ok()
        });
        let mut fds = vec![PollFd::new(self.delivery.get_read(), PollFlags::IN)];
        if let Some(fd) = &stream {
            fds.push(PollFd::new(fd, PollFlags::IN));
        }
        match rustix::event::poll(&mut fds, timeout.as_ref()) {
            Ok(_) | Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
        let ready = |fd: Option<&PollFd<'_>>| fd.is_some_and(|fd| !fd.revents().is_empty());
        Ok(Ready {
            stream: ready(fds.get(1)),
        })
    }
}
