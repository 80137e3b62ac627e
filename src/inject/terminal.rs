//! `run` masking on a terminal: the child runs on a pseudo-terminal of its own
//! and sesame relays it, the user's terminal in raw mode, keys to the child,
//! its output through the masker to the screen.
//!
//! The child sees a terminal (colours, line editing, full-screen programs),
//! with the user's settings and window size (followed on SIGWINCH). Ctrl-C and
//! Ctrl-Z are bytes that the child's terminal turns into signals for the
//! child's foreground group, as the user's terminal would. When the child
//! stops, sesame gives the terminal its settings back and stops its own job,
//! so the shell has job control again; when continued, it puts raw mode back,
//! passes on the window size and continues the child. The terminal's
//! settings come back however the relay ends (the child exits or dies, sesame
//! gets SIGTERM or SIGHUP and the child ends, an error). The exit code is the
//! child's, or 128+N for signal N.
//!
//! The masker holds back a tail that may be the start of a value; on a
//! terminal that tail is written (masked as far as it goes) once the output
//! has been quiet for [`QUIET`], so that an echoed key never waits longer for
//! the rest of a value that is not coming.
//!
//! Where stdin is not a terminal it is handed to the child as it is and only
//! the output goes through the pseudo-terminal; where stderr is not the
//! terminal it goes through a masked pipe as without a terminal.

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::os::fd::{AsFd, BorrowedFd};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec};
use signal_hook::consts::signal::{SIGINT, SIGTSTP, SIGWINCH};
use zeroize::Zeroizing;

use super::child::{FORWARDED, Masking, Spec, fatal_too, resolve_program, spawn_error};
use super::mask::{MaskStream, Masker};
use super::pump::Pumps;
use crate::error::{IoContext, Result};
use crate::process::pty::{Pty, RawMode, helper_command};
use crate::process::{Scope, Signals, Supervisor, Turn};

/// How long the child's output must be quiet before a possible start of a
/// value held back is written as it is: an echoed key that happens to begin
/// like a value waits this long at most.
pub(crate) const QUIET: Duration = Duration::from_millis(30);

/// After the child exits, how long its terminal may stay silent (held open by
/// something it left running) before sesame stops reading it.
const LINGER: Duration = Duration::from_millis(300);

/// Keys read but not yet taken by the child's terminal, at most.
const INPUT_MAX: usize = 64 << 10;

/// Run `spec` on a pseudo-terminal relayed to sesame's own terminal (stdout),
/// its output masked; returns the exit code to leave with. `masking.stderr`
/// applies when stderr is not a terminal.
pub(crate) fn supervise(
    spec: &Spec,
    masker: Arc<Masker>,
    masking: Masking,
    cleanup: bool,
) -> Result<u8> {
    crate::unlock::keep_from_children()?;
    let mut caught = [FORWARDED.as_slice(), &[SIGINT, SIGTSTP]].concat();
    if cleanup {
        caught.extend(fatal_too());
    }
    let mut signals =
        Signals::new(&caught).context(|| "could not set up signal forwarding".into())?;
    let wake = signals
        .watch_fd()
        .context(|| "could not set up signal forwarding".into())?;
    #[cfg(target_os = "linux")]
    crate::hardening::restore_core_limit_for_child();

    let stdin_tty = io::stdin().is_terminal();
    let stdout = io::stdout();
    let stdin = io::stdin();
    let settings_from = if stdin_tty {
        stdin.as_fd()
    } else {
        stdout.as_fd()
    };
    let settings = rustix::termios::tcgetattr(settings_from).ok();
    let size = rustix::termios::tcgetwinsize(stdout.as_fd()).ok();
    let mut pty = Pty::open(settings.as_ref(), size)
        .context(|| "could not open a pseudo-terminal for the command".into())?;

    let mut child = spawn_on(spec, &mut pty, masking, stdin_tty, &mut signals)?;
    child.reap_all();
    child.report_stops();

    let mut pumps = Pumps::new();
    if let Some(src) = child.take_stderr() {
        let dst = io::stderr()
            .as_fd()
            .try_clone_to_owned()
            .context(|| "could not use stderr".into())?;
        pumps.start(src, File::from(dst), masker.clone());
    }
    let raw = match (stdin_tty, settings) {
        (true, Some(saved)) => Some(
            RawMode::enter(stdin.as_fd(), saved)
                .context(|| "could not put the terminal in raw mode".into())?,
        ),
        _ => None,
    };
    let mut relay = Relay {
        pty: &pty,
        stream: masker.stream(),
        held_since: None,
        // Never grown (a read adds 4 KiB at most past the limit), so no
        // copy of typed keys is left in freed memory.
        input: Zeroizing::new(Vec::with_capacity(INPUT_MAX + 4096)),
        stdin_open: stdin_tty,
        master_open: true,
        screen: Some(File::from(
            stdout
                .as_fd()
                .try_clone_to_owned()
                .context(|| "could not use stdout".into())?,
        )),
        buf: Zeroizing::new(vec![0u8; 64 << 10]),
        out: Zeroizing::new(Vec::new()),
    };
    let code = relay_until_exit(&mut child, &mut relay, raw.as_ref(), wake.as_fd())?;
    relay.drain();
    drop(child);
    pumps.wait();
    drop(raw);
    Ok(code)
}

/// Start the pty helper for `spec` with the child's side of `pty` as its
/// terminal (stdin only when sesame's own is a terminal; stderr when sesame's
/// is, else a pipe to mask or sesame's own), then close sesame's copy.
fn spawn_on<'s>(
    spec: &Spec,
    pty: &mut Pty,
    masking: Masking,
    stdin_tty: bool,
    signals: &'s mut Signals,
) -> Result<Supervisor<'s>> {
    let program = resolve_program(spec);
    let mut cmd = helper_command(&program, &spec.program, &spec.args);
    cmd.env_clear().envs(spec.env.iter().map(|(k, v)| (k, v)));
    let slave = || -> Result<Stdio> {
        Ok(pty
            .slave()
            .context(|| "could not open a pseudo-terminal for the command".into())?
            .into())
    };
    cmd.stdout(slave()?);
    cmd.stdin(if stdin_tty {
        slave()?
    } else {
        Stdio::inherit()
    });
    cmd.stderr(if io::stderr().is_terminal() {
        slave()?
    } else if masking.stderr {
        Stdio::piped()
    } else {
        Stdio::inherit()
    });
    let child =
        Supervisor::spawn(&mut cmd, Scope::Session, signals).map_err(|e| spawn_error(spec, e))?;
    // The child has its terminal: sesame keeps only the master, so that
    // reading it ends when the child's side is closed.
    drop(cmd);
    pty.close_slave();
    Ok(child)
}

/// Relay until the child exits; its exit code.
fn relay_until_exit(
    child: &mut Supervisor<'_>,
    relay: &mut Relay<'_>,
    raw: Option<&RawMode>,
    wake: BorrowedFd<'_>,
) -> Result<u8> {
    let (stdin, stdout) = (io::stdin(), io::stdout());
    let pty = relay.pty;
    loop {
        match child.check() {
            Some(Turn::Exited(exit)) => return Ok(exit.code()),
            Some(Turn::Stopped(_)) => {
                relay.write_held();
                stop_with_child(raw);
                pty.copy_size(stdout.as_fd());
                // The helper, which continues the command.
                child.forward(rustix::process::Signal::CONT.as_raw());
            }
            // The child's terminal tells its foreground group.
            Some(Turn::Signal(SIGWINCH)) => pty.copy_size(stdout.as_fd()),
            // In raw mode the terminal sends no signals: any that comes
            // (SIGINT and SIGTSTP included) is from someone else, and passed
            // on to the foreground of the child's terminal, as a terminal would.
            Some(Turn::Signal(sig)) => match (
                rustix::termios::tcgetpgrp(&pty.master),
                rustix::process::Signal::from_named_raw(sig),
            ) {
                (Ok(group), Some(s)) => {
                    let _ = rustix::process::kill_process_group(group, s);
                }
                _ => child.forward(sig),
            },
            None => relay
                .turn(wake, stdin.as_fd())
                .context(|| "could not relay the command's terminal".into())?,
        }
    }
}

/// The child stopped: give the terminal back and stop sesame's job as the
/// terminal would have; returns once continued, in raw mode again.
fn stop_with_child(raw: Option<&RawMode>) {
    if let Some(raw) = raw {
        raw.suspend();
    }
    // SIGSTOP, which sesame cannot catch (it catches SIGTSTP to pass it on).
    // The job stops here; `kill` returns once it is continued (fg, bg).
    let _ = rustix::process::kill_current_process_group(rustix::process::Signal::STOP);
    if let Some(raw) = raw {
        raw.resume();
    }
}

/// The copying between the user's terminal and the child's.
struct Relay<'p> {
    pty: &'p Pty,
    stream: MaskStream<'p>,
    /// When the output that left the masker holding a tail was read.
    held_since: Option<Instant>,
    /// Keys read from the terminal, not yet written to the child's (a
    /// password typed at a prompt is a secret too: wiped when done).
    input: Zeroizing<Vec<u8>>,
    stdin_open: bool,
    master_open: bool,
    /// The terminal, until writing to it fails.
    screen: Option<File>,
    buf: Zeroizing<Vec<u8>>,
    out: Zeroizing<Vec<u8>>,
}

impl<'p> Relay<'p> {
    /// Wait for something to do (a signal on `wake`, keys, output, room for
    /// keys, the end of a hold) and do it.
    fn turn(&mut self, wake: BorrowedFd<'_>, stdin: BorrowedFd<'_>) -> io::Result<()> {
        let read_keys = self.stdin_open && self.input.len() < INPUT_MAX;
        let mut master_flags = PollFlags::IN;
        if !self.input.is_empty() {
            master_flags |= PollFlags::OUT;
        }
        // A closed descriptor is left out: poll would report its hang-up
        // again and again.
        let mut fds = vec![PollFd::new(&wake, PollFlags::IN)];
        let at_master = self.master_open.then(|| {
            fds.push(PollFd::new(&self.pty.master, master_flags));
            fds.len() - 1
        });
        let at_keys = read_keys.then(|| {
            fds.push(PollFd::new(&stdin, PollFlags::IN));
            fds.len() - 1
        });
        let timeout = self
            .held_since
            .map(|t| QUIET.saturating_sub(t.elapsed()) + Duration::from_micros(999))
            .and_then(|left| Timespec::try_from(left).ok());
        match rustix::event::poll(&mut fds, timeout.as_ref()) {
            Ok(_) | Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
        let revents = |at: Option<usize>| at.map_or(PollFlags::empty(), |i| fds[i].revents());
        let (master, keys) = (revents(at_master), revents(at_keys));
        drop(fds);
        if !keys.is_empty() {
            self.read_keys(stdin);
        }
        if master.contains(PollFlags::OUT) || (!self.input.is_empty() && self.master_open) {
            self.write_keys()?;
        }
        if !master.is_empty() {
            self.read_output()?;
        }
        if self.held_since.is_some_and(|t| t.elapsed() >= QUIET) {
            self.write_held();
        }
        Ok(())
    }

    fn read_keys(&mut self, stdin: BorrowedFd<'_>) {
        let mut keys = [0u8; 4096];
        match rustix::io::read(stdin, &mut keys) {
            Ok(0) => self.stdin_open = false,
            Ok(n) => self.input.extend_from_slice(&keys[..n]),
            Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => {}
            Err(_) => self.stdin_open = false,
        }
        zeroize::Zeroize::zeroize(&mut keys);
    }

    /// As many keys as the child's terminal takes now.
    fn write_keys(&mut self) -> io::Result<()> {
        while !self.input.is_empty() {
            match rustix::io::write(&self.pty.master, &self.input) {
                Ok(n) => {
                    self.input.drain(..n);
                }
                Err(rustix::io::Errno::INTR) => {}
                Err(rustix::io::Errno::AGAIN) => break,
                // The child's side is gone: its keys with it.
                Err(_) => {
                    self.input.clear();
                    break;
                }
            }
        }
        Ok(())
    }

    /// What the child wrote, masked, to the screen. Returns whether anything
    /// was read.
    fn read_output(&mut self) -> io::Result<bool> {
        match rustix::io::read(&self.pty.master, &mut self.buf[..]) {
            Ok(0) => {
                self.master_open = false;
                Ok(false)
            }
            Ok(n) => {
                self.out.clear();
                self.stream.feed(&self.buf[..n], &mut self.out);
                self.show();
                // The clock starts again with every read: a tail still held
                // may be a new one, and output that keeps coming decides it.
                self.held_since = self.stream.has_pending().then(Instant::now);
                Ok(true)
            }
            Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => Ok(false),
            // EIO: every copy of the child's side is closed.
            Err(_) => {
                self.master_open = false;
                Ok(false)
            }
        }
    }

    /// Give up waiting for the rest of a possible value: write the held tail
    /// (masked as far as it goes).
    fn write_held(&mut self) {
        self.out.clear();
        self.stream.flush(&mut self.out);
        self.held_since = None;
        self.show();
    }

    fn show(&mut self) {
        if self.out.is_empty() {
            return;
        }
        if let Some(screen) = &mut self.screen
            && screen.write_all(&self.out).is_err()
        {
            self.screen = None;
        }
    }

    /// After the child's end: what is left on its terminal, until it is
    /// closed or silent for [`LINGER`].
    fn drain(&mut self) {
        while self.master_open {
            let mut fds = [PollFd::new(&self.pty.master, PollFlags::IN)];
            let linger = Timespec::try_from(LINGER).ok();
            match rustix::event::poll(&mut fds, linger.as_ref()) {
                Ok(0) => break,
                Ok(_) | Err(rustix::io::Errno::INTR) => {}
                Err(_) => break,
            }
            if self.read_output().is_err() {
                break;
            }
        }
        self.write_held();
    }
}
