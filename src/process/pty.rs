//! Pseudo-terminals: a pair for a child to run on, the user's terminal in raw
//! mode while sesame relays it, and the helper that makes the pair the child's
//! controlling terminal.
//!
//! A program becomes the controlling process of a terminal by starting a new
//! session (`setsid`) and then asking for it (`TIOCSCTTY`), between `fork` and
//! `exec`. The standard library offers that only through `pre_exec`, which is
//! `unsafe`, and sesame forbids itself unsafe code. So the child is started as
//! sesame itself with the hidden first argument [`HELPER`]: that fresh process
//! (a single thread, before anything else in `main`) does both with rustix's
//! safe calls, then starts the command as a shell starts a foreground job and
//! waits for it ([`helper_main`]). The cost is two more `exec`s of sesame's
//! binary (measured in bench/pty.sh) and a small process that waits, and no
//! dependency. util-linux's `setsid --ctty` gives a terminal the same way where
//! it is installed (not on macOS or busybox), but `exec`s the command as the
//! session leader, whose group is orphaned: Ctrl-Z would not stop it.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitCode};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use signal_hook::consts::signal::{SIGINT, SIGQUIT};

use rustix::termios::{OptionalActions, Termios, Winsize};

/// The hidden first argument that makes sesame the pty helper:
/// `sesame __pty-exec PROGRAM ARG0 ARGS…`.
pub const HELPER: &str = "__pty-exec";

/// A pseudo-terminal pair. The master is sesame's end (non-blocking); the
/// slave is the child's terminal, held only until the child has it.
pub(crate) struct Pty {
    pub(crate) master: File,
    slave: Option<OwnedFd>,
}

impl Pty {
    /// A new pair whose terminal starts with `settings` (the user's own, so
    /// that erase, kill and interrupt keys are the same) and `size`.
    pub(crate) fn open(settings: Option<&Termios>, size: Option<Winsize>) -> io::Result<Pty> {
        use rustix::pty::{OpenptFlags, grantpt, openpt, unlockpt};
        let flags = OpenptFlags::RDWR | OpenptFlags::NOCTTY;
        #[cfg(target_os = "linux")]
        let flags = flags | OpenptFlags::CLOEXEC;
        let master = openpt(flags)?;
        grantpt(&master)?;
        unlockpt(&master)?;
        let slave = open_slave(&master)?;
        if let Some(t) = settings {
            rustix::termios::tcsetattr(&slave, OptionalActions::Now, t)?;
        }
        if let Some(ws) = size {
            rustix::termios::tcsetwinsize(&slave, ws)?;
        }
        let fl = rustix::fs::fcntl_getfl(&master)?;
        rustix::fs::fcntl_setfl(&master, fl | rustix::fs::OFlags::NONBLOCK)?;
        #[cfg(not(target_os = "linux"))]
        rustix::io::fcntl_setfd(&master, rustix::io::FdFlags::CLOEXEC)?;
        Ok(Pty {
            master: File::from(master),
            slave: Some(slave),
        })
    }

    /// A descriptor of the child's terminal, for one of its standard streams.
    pub(crate) fn slave(&self) -> io::Result<OwnedFd> {
        match &self.slave {
            Some(s) => s.try_clone(),
            None => Err(io::Error::other("the terminal was handed over already")),
        }
    }

    /// Close sesame's own copy of the child's terminal once the child has it,
    /// so that reading the master ends when the child's side is closed.
    pub(crate) fn close_slave(&mut self) {
        self.slave = None;
    }

    /// Give the child's terminal the size of `terminal` (after SIGWINCH);
    /// the kernel then sends SIGWINCH to the child's foreground group.
    pub(crate) fn copy_size(&self, terminal: BorrowedFd<'_>) {
        if let Ok(ws) = rustix::termios::tcgetwinsize(terminal) {
            let _ = rustix::termios::tcsetwinsize(&self.master, ws);
        }
    }
}

/// The slave of `master`: without a path lookup where the kernel offers it.
fn open_slave(master: &OwnedFd) -> io::Result<OwnedFd> {
    use rustix::fs::{Mode, OFlags};
    #[cfg(target_os = "linux")]
    {
        use rustix::pty::OpenptFlags;
        let flags = OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC;
        if let Ok(fd) = rustix::pty::ioctl_tiocgptpeer(master, flags) {
            return Ok(fd);
        }
    }
    let name = rustix::pty::ptsname(master, Vec::new())?;
    Ok(rustix::fs::open(
        name.as_c_str(),
        OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
        Mode::empty(),
    )?)
}

/// The user's terminal in raw mode while sesame relays it; its settings come
/// back on drop (whatever ends the relay: the child's exit, an error, a
/// panic), and for a while on [`RawMode::suspend`].
pub(crate) struct RawMode {
    fd: OwnedFd,
    saved: Termios,
    raw: Termios,
}

impl RawMode {
    /// Put `terminal` in raw mode: every key, Ctrl-C and Ctrl-Z included,
    /// reaches the child's terminal as a byte, and its line discipline does
    /// the rest.
    pub(crate) fn enter(terminal: BorrowedFd<'_>, saved: Termios) -> io::Result<RawMode> {
        let fd = terminal.try_clone_to_owned()?;
        let mut raw = saved.clone();
        raw.make_raw();
        rustix::termios::tcsetattr(&fd, OptionalActions::Now, &raw)?;
        Ok(RawMode { fd, saved, raw })
    }

    /// Give the terminal its own settings back (before sesame stops).
    pub(crate) fn suspend(&self) {
        let _ = rustix::termios::tcsetattr(&self.fd, OptionalActions::Now, &self.saved);
    }

    /// Raw mode again (after sesame was continued).
    pub(crate) fn resume(&self) {
        let _ = rustix::termios::tcsetattr(&self.fd, OptionalActions::Now, &self.raw);
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        // TCSADRAIN: what the child wrote is shown with the settings it was
        // written under.
        let _ = rustix::termios::tcsetattr(&self.fd, OptionalActions::Drain, &self.saved);
    }
}

/// The helper command for `program` (already looked up in PATH), run as
/// `arg0` with `args`: sesame itself with [`HELPER`]. Its standard streams
/// and environment are the caller's to set.
pub(crate) fn helper_command(program: &OsStr, arg0: &OsStr, args: &[OsString]) -> Command {
    helper_command_with(&[], program, arg0, args)
}

/// [`helper_command`] with `extra` arguments before the program.
fn helper_command_with(
    extra: &[&str],
    program: &OsStr,
    arg0: &OsStr,
    args: &[OsString],
) -> Command {
    // /proc/self/exe names this binary even if it was replaced on disk since.
    #[cfg(target_os = "linux")]
    let me = OsString::from("/proc/self/exe");
    #[cfg(not(target_os = "linux"))]
    let me = std::env::current_exe().map_or_else(|_| OsString::from("sesame"), |p| p.into());
    let mut cmd = Command::new(me);
    cmd.arg0("sesame")
        .arg(HELPER)
        .args(extra)
        .arg(program)
        .arg(arg0)
        .args(args);
    cmd
}

/// `sesame __pty-exec PROGRAM ARG0 ARGS…`, called by `main` before anything
/// else: a new session on the terminal that is stdout, the command in a
/// process group of its own in the foreground of it, and then a shell's job
/// control for that one job (see [`helper_wait`]). Exits with the command's
/// code, 128+N for signal N, or the code a shell gives when it cannot run.
///
/// Why not `exec` the command: a session leader's process group is orphaned
/// (its parent, sesame, is in another session), and the kernel discards the
/// terminal's SIGTSTP for an orphaned group, so Ctrl-Z would do nothing. The
/// command's group has this helper as its parent in the same session, as a
/// shell's jobs do.
///
/// The command is started through a second helper ([`FOREGROUND`]) that
/// waits until its group is in the terminal's foreground before it `exec`s
/// the command: a shell does that between `fork` and `exec`, and without it
/// a Ctrl-C typed as the command starts would go to this helper's group.
pub fn helper_main(args: &[OsString]) -> ExitCode {
    if let [flag, signals, program, arg0, rest @ ..] = args
        && flag == FOREGROUND
    {
        return exec_in_foreground(signals == SIGNALS_ON, program, arg0, rest);
    }
    let [program, arg0, rest @ ..] = args else {
        return ExitCode::from(crate::error::exit::USAGE);
    };
    let tty = io::stdout();
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        crate::stderr_line!("sesame: could not {what}: {e}");
        ExitCode::from(1)
    };
    // Not a process-group leader (spawned without one), so this succeeds.
    let made =
        rustix::process::setsid().and_then(|_| rustix::process::ioctl_tiocsctty(tty.as_fd()));
    if let Err(e) = made {
        return fail("give the command its terminal", &e);
    }
    // Ctrl-C and Ctrl-\ are for the command; caught here, so that one that
    // comes before the command is in the foreground does not end the helper.
    for sig in [SIGINT, SIGQUIT] {
        let _ = signal_hook::flag::register(sig, Arc::new(AtomicBool::new(false)));
    }
    // Until `spawn` returns (after its `exec`) the new process is in this
    // helper's group, the foreground, and a Ctrl-Z then would stop it inside
    // `spawn` for good: the terminal sends no signals until the second
    // helper is in the foreground and turns them back on.
    let signals_on = without_signals(tty.as_fd());
    let flag = if signals_on { SIGNALS_ON } else { SIGNALS_OFF };
    let mut cmd = helper_command_with(&[FOREGROUND, flag], program, arg0, rest);
    let pid = match cmd.process_group(0).spawn() {
        Ok(child) => rustix::process::Pid::from_child(&child),
        Err(e) => return fail("start the command's helper", &e),
    };
    // Its group in the foreground: what it waits for before `exec`.
    let _ = rustix::termios::tcsetpgrp(tty.as_fd(), pid);
    ExitCode::from(helper_wait(tty.as_fd(), pid))
}

/// The argument after [`HELPER`] that makes it the second helper:
/// `sesame __pty-exec --foreground isig|-isig PROGRAM ARG0 ARGS…`.
const FOREGROUND: &str = "--foreground";

/// Whether the terminal's keys send signals (ISIG): passed to the second
/// helper, which turns them back on.
const SIGNALS_ON: &str = "isig";
const SIGNALS_OFF: &str = "-isig";

/// Turn off the signals the terminal's keys send (ISIG); whether they were on.
fn without_signals(tty: BorrowedFd<'_>) -> bool {
    use rustix::termios::LocalModes;
    let Ok(mut t) = rustix::termios::tcgetattr(tty) else {
        return false;
    };
    if !t.local_modes.contains(LocalModes::ISIG) {
        return false;
    }
    t.local_modes.remove(LocalModes::ISIG);
    rustix::termios::tcsetattr(tty, OptionalActions::Now, &t).is_ok()
}

/// The second helper: wait (a second at most) until this process group is
/// the terminal's foreground, turn its keys' signals back on (`signals_on`),
/// then `exec` the command.
fn exec_in_foreground(
    signals_on: bool,
    program: &OsStr,
    arg0: &OsStr,
    rest: &[OsString],
) -> ExitCode {
    let tty = io::stdout();
    let me = rustix::process::getpgrp();
    for _ in 0..1000 {
        if rustix::termios::tcgetpgrp(tty.as_fd()).is_ok_and(|pg| pg == me) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    if signals_on && let Ok(mut t) = rustix::termios::tcgetattr(tty.as_fd()) {
        t.local_modes.insert(rustix::termios::LocalModes::ISIG);
        let _ = rustix::termios::tcsetattr(tty.as_fd(), OptionalActions::Now, &t);
    }
    let source = Command::new(program).arg0(arg0).args(rest).exec();
    let e = crate::Error::Spawn {
        program: arg0.to_string_lossy().into_owned(),
        source,
    };
    crate::stderr_line!("sesame: {e}");
    ExitCode::from(e.exit_code())
}

/// Wait for the command as a shell waits for a foreground job: when it stops
/// for touching the terminal while not in the foreground, put it there and
/// continue it; when it stops otherwise (Ctrl-Z), stop too, so that sesame
/// sees it and stops in turn; continued, continue it. Returns its exit
/// code, 128+N for signal N.
fn helper_wait(tty: BorrowedFd<'_>, pid: rustix::process::Pid) -> u8 {
    use rustix::process::{Signal, WaitOptions, kill_process, kill_process_group, waitpid};
    loop {
        let status = match waitpid(Some(pid), WaitOptions::UNTRACED) {
            Ok(Some((_, status))) => status,
            Ok(None) | Err(rustix::io::Errno::INTR) => continue,
            Err(_) => return 1,
        };
        let Some(sig) = status.stopping_signal() else {
            return super::Exit::from(status).code();
        };
        if [Signal::TTIN.as_raw(), Signal::TTOU.as_raw()].contains(&sig) {
            // It touched the terminal before it was given it: give it now.
            let _ = rustix::termios::tcsetpgrp(tty, pid);
        } else {
            // Returns once sesame continues this process.
            let _ = kill_process(rustix::process::getpid(), Signal::STOP);
        }
        let _ = kill_process_group(pid, Signal::CONT);
    }
}
