//! Starting a child process and staying with it until it ends: its
//! environment, signals for it, reaping, a deadline, its exit code. `run`'s
//! command and the rotate and revoke commands all go through [`Supervisor`].
//!
//! One mechanism, chosen for these reasons:
//! - Signals arrive through signal-hook's self-pipe ([`Signals`]): the handler
//!   only writes a byte, and everything else happens in ordinary code, so there
//!   is no `unsafe` and nothing to keep async-signal-safe.
//! - One `poll` waits on that pipe, the child's captured stdout and the
//!   deadline at once. A child that exits wakes it (SIGCHLD), so the end is
//!   seen at once, and waiting costs nothing: no loop that sleeps and retries.
//! - Signals are registered before the child is spawned: none in between takes
//!   its default action (killing sesame and orphaning the child), and no
//!   SIGCHLD is missed.
//! - Reaping is `waitpid` on the child, or on every child when sesame is PID 1
//!   in a container, where orphans are handed to it ([`Supervisor::reap_all`]).
//! - A child started in its own process group ([`Scope::Group`]) gets
//!   forwarded signals and the deadline's SIGKILL as a group: whatever it
//!   started in the background goes too.
//!
//! What a signal means is the caller's choice ([`Event::Signal`]): `run`
//! forwards it, except a SIGINT the terminal already sent to the whole group;
//! a rotate command gets the first stop request and then a few seconds. Nothing
//! here prints.
//!
//! Why no child gets a `SESAME_*` variable: SECURITY.md, "What sesame protects".

mod capture;
pub(crate) mod pty;
mod signals;

use std::collections::VecDeque;
use std::ffi::{OsStr, OsString};
use std::io;
use std::os::unix::process::CommandExt;
use std::process::{Child, ChildStderr, ChildStdout, Command};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, WaitId, WaitIdOptions, WaitOptions, WaitStatus};

use capture::Capture;
pub(crate) use capture::Output;
pub(crate) use signals::Signals;

/// Prefix of the variables removed from every child's environment: the
/// master password, an identity, the store's location.
pub(crate) const SESAME_PREFIX: &str = "SESAME_";

/// Whether `name` is one of sesame's own variables, which no child gets.
pub(crate) fn is_sesame_var(name: &OsStr) -> bool {
    name.as_encoded_bytes()
        .starts_with(SESAME_PREFIX.as_bytes())
}

/// sesame's environment without its own variables: what a child inherits.
pub(crate) fn inherited_env() -> impl Iterator<Item = (OsString, OsString)> {
    std::env::vars_os().filter(|(k, _)| !is_sesame_var(k))
}

/// What forwarded signals and the deadline reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The child alone, which stays in sesame's process group (and so gets
    /// a terminal's Ctrl-C itself).
    Process,
    /// The child's own new process group: the child and all it starts.
    Group,
    /// The child's own new session, which it starts itself (on a
    /// pseudo-terminal, [`pty`]): signals go to its process group.
    Session,
}

/// How a child ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    /// It exited with this status.
    Code(i32),
    /// It was killed by this signal.
    Signal(i32),
    /// Something else reaped it; its status is lost.
    Unknown,
}

impl From<WaitStatus> for Exit {
    fn from(status: WaitStatus) -> Self {
        if let Some(code) = status.exit_status() {
            Exit::Code(code)
        } else if let Some(sig) = status.terminating_signal() {
            Exit::Signal(sig)
        } else {
            Exit::Unknown
        }
    }
}

impl Exit {
    /// The code to leave with as a shell would: the status, or 128+N for
    /// signal N; 1 when unknown.
    pub(crate) fn code(self) -> u8 {
        match self {
            // Exit statuses are 0..=255 on Unix; the mask makes the cast exact.
            Exit::Code(code) => (code & 0xff) as u8,
            Exit::Signal(sig) => u8::try_from(128 + sig).unwrap_or(255),
            Exit::Unknown => 1,
        }
    }

    /// Whether it exited with status 0.
    pub(crate) fn success(self) -> bool {
        self == Exit::Code(0)
    }
}

/// What [`Supervisor::next`] saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event {
    /// sesame received this signal (one it registered for).
    Signal(i32),
    /// The child has exited and been reaped, and its captured output ended.
    Exited(Exit),
    /// The deadline passed: the child (its group) was killed and reaped.
    Killed(Exit),
}

/// What [`Supervisor::check`] saw, without waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Turn {
    /// sesame received this signal (one it registered for).
    Signal(i32),
    /// The child was stopped by this signal ([`Supervisor::report_stops`]).
    Stopped(i32),
    /// The child has exited and been reaped (or, as a group leader, is
    /// waiting to be).
    Exited(Exit),
}

/// A running child and what is needed to wait for it.
pub(crate) struct Supervisor<'s> {
    signals: &'s mut Signals,
    /// Kept for its pipes; never waited on through std (we reap it ourselves).
    child: Child,
    pid: Pid,
    scope: Scope,
    reap_all: bool,
    deadline: Option<Instant>,
    capture: Option<Capture>,
    /// Signals received and not yet handed out by `next`.
    queue: VecDeque<i32>,
    /// How it ended, once seen.
    exit: Option<Exit>,
    /// Whether [`Supervisor::check`] reports the child's stops.
    report_stops: bool,
    /// Whether its status was collected. A group leader that has exited is
    /// left a zombie until then: the zombie keeps its pid, and so its process
    /// group id, from being reused while the group may still be signalled.
    reaped: bool,
}

impl<'s> Supervisor<'s> {
    /// Spawn `cmd`, in a process group of its own with [`Scope::Group`].
    /// `signals` exists already, so nothing is missed from the first moment.
    pub(crate) fn spawn(
        cmd: &mut Command,
        scope: Scope,
        signals: &'s mut Signals,
    ) -> io::Result<Self> {
        if scope == Scope::Group {
            cmd.process_group(0);
        }
        let child = cmd.spawn()?;
        let pid = Pid::from_child(&child);
        Ok(Supervisor {
            signals,
            child,
            pid,
            scope,
            reap_all: false,
            deadline: None,
            capture: None,
            queue: VecDeque::new(),
            exit: None,
            report_stops: false,
            reaped: false,
        })
    }

    /// Reap every child that exits, not only this one: as PID 1 (in a
    /// container) orphans are handed to sesame and must not pile up as zombies.
    pub(crate) fn reap_all(&mut self) {
        self.reap_all = true;
    }

    /// Have [`Supervisor::check`] report when the child stops (Ctrl-Z on its
    /// terminal), so that the caller can stop too.
    pub(crate) fn report_stops(&mut self) {
        self.report_stops = true;
    }

    /// What happened, without waiting: a signal received, the child's stop or
    /// its end. For a caller that polls descriptors of its own together with
    /// [`Signals::watch_fd`]; `None` when there is nothing new.
    pub(crate) fn check(&mut self) -> Option<Turn> {
        self.queue.extend(self.signals.pending());
        if let Some(sig) = self.queue.pop_front() {
            return Some(Turn::Signal(sig));
        }
        if self.exit.is_none() {
            self.exit = self.reap();
        }
        if let Some(exit) = self.exit {
            return Some(Turn::Exited(exit));
        }
        if self.report_stops {
            let stopped = WaitIdOptions::STOPPED | WaitIdOptions::NOHANG;
            if let Ok(Some(status)) = rustix::process::waitid(WaitId::Pid(self.pid), stopped)
                && let Some(sig) = status.stopping_signal()
            {
                return Some(Turn::Stopped(sig));
            }
        }
        None
    }

    /// Read the child's stdout (spawned piped) into memory, keeping at most
    /// `limit` bytes; [`Event::Exited`] then also waits for it to end.
    pub(crate) fn capture_stdout(&mut self, limit: usize) {
        if let Some(pipe) = self.child.stdout.take() {
            self.capture = Some(Capture::new(pipe, limit));
        }
    }

    /// Keep reading the child's stdout but throw it away (wiping what was
    /// kept), so that [`Event::Exited`] no longer waits for it and a child that
    /// still writes is not killed by SIGPIPE.
    pub(crate) fn discard_output(&mut self) {
        if let Some(capture) = &mut self.capture {
            capture.discard();
        }
    }

    /// The child's stdout pipe, when spawned piped, for the caller to read.
    pub(crate) fn take_stdout(&mut self) -> Option<ChildStdout> {
        self.child.stdout.take()
    }

    /// The child's stderr pipe, when spawned piped, for the caller to read.
    pub(crate) fn take_stderr(&mut self) -> Option<ChildStderr> {
        self.child.stderr.take()
    }

    /// Kill the child (its group) `after` from now, unless an earlier deadline
    /// is set. A deadline past what the clock can count is no deadline.
    pub(crate) fn kill_after(&mut self, after: Duration) {
        if let Some(at) = Instant::now().checked_add(after) {
            self.deadline = Some(self.deadline.map_or(at, |d| d.min(at)));
        }
    }

    /// Wait for the next thing to happen: a signal, the child's end, the
    /// deadline. After `Exited` or `Killed` the child is gone.
    pub(crate) fn next(&mut self) -> io::Result<Event> {
        loop {
            if let Some(sig) = self.queue.pop_front() {
                return Ok(Event::Signal(sig));
            }
            if self.exit.is_none() {
                self.exit = self.reap();
            }
            let output_done = self.capture.as_ref().is_none_or(Capture::done);
            if let (Some(exit), true) = (self.exit, output_done) {
                return Ok(Event::Exited(exit));
            }
            if self.deadline.is_some_and(|d| Instant::now() >= d) {
                return Ok(Event::Killed(self.kill()));
            }
            let stream = self.capture.as_ref().and_then(Capture::fd);
            let ready = self.signals.wait(stream, self.deadline)?;
            self.queue.extend(self.signals.pending());
            if let (true, Some(capture)) = (ready.stream, &mut self.capture) {
                capture.read_ready()?;
            }
        }
    }

    /// Pass `sig` on to the child (its group).
    pub(crate) fn forward(&self, sig: i32) {
        let Some(sig) = Signal::from_named_raw(sig) else {
            return;
        };
        // Once reaped, its pid (and group id) may belong to someone else.
        if self.reaped {
            return;
        }
        // ESRCH: the child is already gone; its SIGCHLD is on the way.
        let _ = match self.scope {
            Scope::Process if self.exit.is_some() => return,
            Scope::Process => rustix::process::kill_process(self.pid, sig),
            Scope::Group | Scope::Session => rustix::process::kill_process_group(self.pid, sig),
        };
    }

    /// What was captured (see [`Supervisor::capture_stdout`]).
    pub(crate) fn output(&mut self) -> Output {
        self.capture.take().map_or_else(
            || Output {
                bytes: zeroize::Zeroizing::new(Vec::new()),
                over: false,
            },
            Capture::finish,
        )
    }

    /// The child's status once it has exited (without blocking). With
    /// `reap_all`, every other exited child is reaped on the way. A group
    /// leader is only looked at, not reaped (see `reaped`).
    fn reap(&mut self) -> Option<Exit> {
        if self.reap_all {
            return self.reap_every_child();
        }
        if self.scope != Scope::Process {
            let peek = WaitIdOptions::EXITED | WaitIdOptions::NOHANG | WaitIdOptions::NOWAIT;
            return match rustix::process::waitid(WaitId::Pid(self.pid), peek) {
                Ok(Some(status)) => Some(
                    status
                        .exit_status()
                        .map(Exit::Code)
                        .or(status.terminating_signal().map(Exit::Signal))
                        .unwrap_or(Exit::Unknown),
                ),
                Ok(None) | Err(rustix::io::Errno::INTR) => None,
                Err(_) => {
                    self.reaped = true;
                    Some(Exit::Unknown)
                }
            };
        }
        let exit = match rustix::process::waitpid(Some(self.pid), WaitOptions::NOHANG) {
            Ok(Some((_, status))) => Some(Exit::from(status)),
            // EINTR: the next wake tries again.
            Ok(None) | Err(rustix::io::Errno::INTR) => None,
            // ECHILD: something else reaped it.
            Err(_) => Some(Exit::Unknown),
        };
        self.reaped = exit.is_some();
        exit
    }

    /// Reap every exited child (sesame as PID 1); our child's status if it
    /// was among them.
    fn reap_every_child(&mut self) -> Option<Exit> {
        let mut ours = None;
        loop {
            match rustix::process::wait(WaitOptions::NOHANG) {
                Ok(Some((p, status))) => {
                    if p == self.pid {
                        ours = Some(Exit::from(status));
                    }
                }
                Ok(None) => break,
                Err(rustix::io::Errno::INTR) => continue,
                // ECHILD: nothing left to reap. If our child is gone without us
                // seeing its status, something else reaped it.
                Err(_) => {
                    if ours.is_none() {
                        ours = Some(Exit::Unknown);
                    }
                    break;
                }
            }
        }
        self.reaped = ours.is_some();
        ours
    }

    /// Collect the status of a child that has exited or been killed (blocking
    /// until it has). Nothing to do once collected.
    fn collect(&mut self) -> Exit {
        if !self.reaped {
            self.reaped = true;
            let status = loop {
                match rustix::process::waitpid(Some(self.pid), WaitOptions::empty()) {
                    Ok(Some((_, status))) => break Exit::from(status),
                    Err(rustix::io::Errno::INTR) => continue,
                    Ok(None) | Err(_) => break Exit::Unknown,
                }
            };
            if self.exit.is_none() {
                self.exit = Some(status);
            }
        }
        self.exit.unwrap_or(Exit::Unknown)
    }

    /// SIGKILL the child (its group, even when the child itself has exited
    /// and left something behind), reap it, and stop reading its output.
    pub(crate) fn kill(&mut self) -> Exit {
        // A reaped child's pid (and group id) may belong to someone else.
        if !self.reaped {
            let _ = match self.scope {
                Scope::Process if self.exit.is_some() => Ok(()),
                Scope::Process => rustix::process::kill_process(self.pid, Signal::KILL),
                Scope::Group => rustix::process::kill_process_group(self.pid, Signal::KILL),
                // The child too, in case it has not made its session yet.
                Scope::Session => rustix::process::kill_process(self.pid, Signal::KILL)
                    .and(rustix::process::kill_process_group(self.pid, Signal::KILL)),
            };
        }
        let exit = self.collect();
        if let Some(capture) = &mut self.capture {
            capture.close();
        }
        exit
    }
}

impl Drop for Supervisor<'_> {
    /// A child is never left behind: one still running when the supervisor
    /// goes (an error while waiting) is killed, and an exited one is reaped.
    fn drop(&mut self) {
        if self.exit.is_none() {
            self.kill();
        } else {
            self.collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::process::Stdio;

    use super::*;

    fn sh(script: &str) -> Command {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", script])
            .stdin(Stdio::null())
            .stdout(Stdio::piped());
        cmd
    }

    /// Run until it ends, as a rotate command is: own group, output captured.
    fn run(script: &str, limit: usize, deadline: Duration) -> (Event, Output) {
        let mut signals = Signals::new(&[]).unwrap();
        let mut child = Supervisor::spawn(&mut sh(script), Scope::Group, &mut signals).unwrap();
        child.capture_stdout(limit);
        child.kill_after(deadline);
        let event = child.next().unwrap();
        (event, child.output())
    }

    #[test]
    fn exit_codes_are_as_a_shell_gives_them() {
        assert_eq!(Exit::Code(3).code(), 3);
        assert_eq!(Exit::Code(256 + 7).code(), 7);
        assert_eq!(Exit::Signal(9).code(), 137);
        assert_eq!(Exit::Unknown.code(), 1);
        assert!(Exit::Code(0).success());
        assert!(!Exit::Signal(15).success());
        let (event, _) = run("exit 42", 10, Duration::from_secs(30));
        assert_eq!(event, Event::Exited(Exit::Code(42)));
    }

    #[test]
    fn output_is_kept_up_to_the_limit_and_the_rest_drained() {
        let (event, out) = run("printf abc", 3, Duration::from_secs(30));
        assert_eq!(event, Event::Exited(Exit::Code(0)));
        assert_eq!((out.bytes.as_slice(), out.over), (&b"abc"[..], false));
        // More than a pipe holds: the writer is never blocked, and its end is seen.
        let (event, out) = run("head -c 300000 /dev/zero", 5000, Duration::from_secs(30));
        assert_eq!(event, Event::Exited(Exit::Code(0)));
        assert_eq!((out.bytes.len(), out.over), (5000, true));
    }

    #[test]
    fn a_deadline_past_the_clock_is_none() {
        let (event, _) = run("exit 0", 10, Duration::MAX);
        assert_eq!(event, Event::Exited(Exit::Code(0)));
    }

    #[test]
    fn discarded_output_is_still_read_so_the_writer_lives() {
        let mut signals = Signals::new(&[]).unwrap();
        // More than a pipe holds, written after the output was given up: with
        // the pipe closed, head would die of SIGPIPE (status 141).
        let mut cmd = sh("sleep 0.2; head -c 300000 /dev/zero && exit 7");
        let mut child = Supervisor::spawn(&mut cmd, Scope::Group, &mut signals).unwrap();
        child.capture_stdout(10);
        child.discard_output();
        child.kill_after(Duration::from_secs(30));
        assert_eq!(child.next().unwrap(), Event::Exited(Exit::Code(7)));
        assert!(child.output().bytes.is_empty());
    }

    #[test]
    fn the_end_waits_for_output_that_a_grandchild_still_writes() {
        let (event, out) = run(
            "(sleep 0.2; echo late) & echo early",
            100,
            Duration::from_secs(30),
        );
        assert_eq!(event, Event::Exited(Exit::Code(0)));
        assert_eq!(out.bytes.as_slice(), b"early\nlate\n");
    }

    #[test]
    fn the_deadline_kills_the_whole_group() {
        let start = Instant::now();
        let (event, out) = run(
            "sleep 30 & echo $!; sleep 30",
            100,
            Duration::from_millis(500),
        );
        assert_eq!(event, Event::Killed(Exit::Signal(9)));
        assert!(start.elapsed() < Duration::from_secs(10));
        let pid = String::from_utf8_lossy(&out.bytes).trim().to_owned();
        assert!(!pid.is_empty(), "the background pid was not captured");
        let gone = || {
            std::fs::read_to_string(format!("/proc/{pid}/status"))
                .map_or(true, |s| s.contains("State:\tZ"))
        };
        let until = Instant::now() + Duration::from_secs(5);
        while !gone() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(gone(), "the background child {pid} survived");
    }

    #[test]
    fn a_forwarded_signal_reaches_the_group() {
        let mut signals = Signals::new(&[]).unwrap();
        let mut cmd = sh("sleep 30 & wait");
        cmd.stdout(Stdio::null());
        let mut child = Supervisor::spawn(&mut cmd, Scope::Group, &mut signals).unwrap();
        child.kill_after(Duration::from_secs(30));
        child.forward(rustix::process::Signal::TERM.as_raw());
        assert_eq!(child.next().unwrap(), Event::Exited(Exit::Signal(15)));
    }
}
