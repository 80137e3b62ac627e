//! Starting the child: its environment, `exec` or spawn-and-supervise, signal
//! forwarding, reaping and the masking pumps.
//!
//! With no stream masked and no file handed over, sesame `exec`s the command:
//! there is no wrapper process, so signals, job control and the exit status are
//! exactly the child's. Otherwise sesame stays as the parent ([`supervise`]):
//! it forwards SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 and SIGWINCH once
//! each, reaps every child that is handed to it (so it is also a correct PID 1
//! in a container), and returns the child's exit code, or 128+N when the child
//! died of signal N. SIGINT is caught but forwarded only when it cannot have
//! come from the terminal: Ctrl-C already reaches the whole foreground process
//! group, the child included, and delivering it twice makes programs that
//! count interrupts (a REPL, `psql`) exit.
//!
//! No `unsafe`: signals are received through `signal-hook`'s self-pipe
//! iterator, and `kill`/`waitpid` come from `rustix`.

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::AsFd;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, WaitOptions, WaitStatus};
use signal_hook::consts::signal::{
    SIGCHLD, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH,
};
use signal_hook::iterator::Signals;

use super::mask::Masker;
use crate::error::{Error, IoContext, Result};

/// The signals forwarded to the child.
pub const FORWARDED: [i32; 6] = [SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH];

/// Prefix of the variables removed from every child's environment.
pub const SESAME_PREFIX: &str = "SESAME_";

/// How long a masked stream may hold back the possible start of a value
/// before it is written as it is.
pub const QUIET: Duration = Duration::from_secs(1);

impl std::fmt::Debug for Spec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&OsString> = self.env.iter().map(|(k, _)| k).collect();
        f.debug_struct("Spec")
            .field("program", &self.program)
            .field("args", &self.args)
            .field("env", &names)
            .finish()
    }
}

/// After the child exits, how long a stream that is still open (held by a
/// grandchild) may stay silent before sesame stops waiting for it.
pub const LINGER: Duration = Duration::from_millis(300);

/// What to run. `Debug` shows the environment's names, never its values.
pub struct Spec {
    /// The program (looked up in PATH, no shell).
    pub program: OsString,
    /// Its arguments.
    pub args: Vec<OsString>,
    /// Its whole environment.
    pub env: Vec<(OsString, OsString)>,
}

/// The child's environment: `inherited` without any `SESAME_*` variable, with
/// `injected` added. An injected variable replaces an inherited one of the same
/// name unless `keep_inherited`.
pub fn child_env(
    inherited: impl IntoIterator<Item = (OsString, OsString)>,
    injected: Vec<(String, OsString)>,
    keep_inherited: bool,
) -> Result<Vec<(OsString, OsString)>> {
    let mut env: Vec<(OsString, OsString)> = inherited
        .into_iter()
        .filter(|(k, _)| !k.as_encoded_bytes().starts_with(SESAME_PREFIX.as_bytes()))
        .collect();
    for (var, value) in injected {
        if value.as_encoded_bytes().contains(&0) {
            return Err(Error::usage(
                format!(
                    "the value for {var} contains a NUL byte, which no environment variable can hold"
                ),
                format!("hand it over as a file instead: -f NAME={var}"),
            ));
        }
        let key = OsString::from(&var);
        match env.iter_mut().find(|(k, _)| *k == key) {
            Some(_) if keep_inherited => {}
            Some(slot) => slot.1 = value,
            None => env.push((key, value)),
        }
    }
    Ok(env)
}

fn command(spec: &Spec) -> Command {
    let mut cmd = Command::new(resolve_program(spec));
    cmd.arg0(&spec.program)
        .args(&spec.args)
        .env_clear()
        .envs(spec.env.iter().map(|(k, v)| (k, v)));
    cmd
}

/// The program's path, looked up in the child's `PATH` as `execvp` would.
///
/// Done here rather than by std: given a bare name and an environment with its
/// own `PATH`, std forks and searches in the child, while with a path it can use
/// `posix_spawn` (vfork), which is cheaper for a parent of sesame's size. When
/// nothing is found the bare name is kept, so the error is the usual ENOENT.
fn resolve_program(spec: &Spec) -> OsString {
    use std::os::unix::ffi::OsStrExt;
    if spec.program.as_bytes().contains(&b'/') || spec.program.is_empty() {
        return spec.program.clone();
    }
    let path = spec
        .env
        .iter()
        .find(|(k, _)| k == "PATH")
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| OsString::from("/usr/local/bin:/usr/bin:/bin"));
    for dir in std::env::split_paths(&path) {
        let dir = if dir.as_os_str().is_empty() {
            std::path::PathBuf::from(".")
        } else {
            dir
        };
        let candidate = dir.join(&spec.program);
        if candidate.is_file()
            && rustix::fs::access(&candidate, rustix::fs::Access::EXEC_OK).is_ok()
        {
            return candidate.into_os_string();
        }
    }
    spec.program.clone()
}

fn spawn_error(spec: &Spec, source: io::Error) -> Error {
    Error::Spawn {
        program: spec.program.to_string_lossy().into_owned(),
        source,
    }
}

/// Replace this process with the command. Returns only on failure.
pub fn exec(spec: &Spec) -> Error {
    crate::hardening::restore_core_limit_for_child();
    let err = command(spec).exec();
    spawn_error(spec, err)
}

/// Which of the child's output streams go through the masker.
#[derive(Debug, Clone, Copy, Default)]
pub struct Masking {
    /// Mask stdout.
    pub stdout: bool,
    /// Mask stderr.
    pub stderr: bool,
}

/// `PumpState::waiting_since` of a pump that has ended.
const FINISHED: u64 = u64::MAX;

struct PumpState {
    /// Milliseconds since `epoch` at which the pump started waiting for input,
    /// or 0 while it is working or writing.
    waiting_since: AtomicU64,
}

/// Spawn the command and stay with it until it exits: forward signals, reap,
/// mask. Returns the exit code to leave with.
pub fn supervise(spec: &Spec, masker: Option<Arc<Masker>>, masking: Masking) -> Result<u8> {
    // Register before spawning, so that no signal between spawn and the loop
    // takes the default action and kills sesame (and no SIGCHLD is missed).
    let mut signals = Signals::new(FORWARDED.iter().copied().chain([SIGINT, SIGCHLD]))
        .context(|| "could not set up signal forwarding".into())?;
    #[cfg(target_os = "linux")]
    crate::hardening::restore_core_limit_for_child();

    let masker = masker.filter(|_| masking.stdout || masking.stderr);
    let mut cmd = command(spec);
    cmd.stdin(Stdio::inherit());
    let mask_out = masker.is_some() && masking.stdout;
    let mask_err = masker.is_some() && masking.stderr;
    if mask_out {
        cmd.stdout(Stdio::piped());
    }
    if mask_err {
        cmd.stderr(Stdio::piped());
    }
    let mut child = cmd.spawn().map_err(|e| spawn_error(spec, e))?;
    let pid = Pid::from_child(&child);

    let epoch = Instant::now();
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let mut pumps: Vec<Arc<PumpState>> = Vec::new();
    if let Some(m) = &masker {
        if let Some(src) = child.stdout.take() {
            let dst = File::from(
                io::stdout()
                    .as_fd()
                    .try_clone_to_owned()
                    .context(|| "could not use stdout".into())?,
            );
            pumps.push(start_pump(src, dst, m.clone(), epoch, done_tx.clone()));
        }
        if let Some(src) = child.stderr.take() {
            let dst = File::from(
                io::stderr()
                    .as_fd()
                    .try_clone_to_owned()
                    .context(|| "could not use stderr".into())?,
            );
            pumps.push(start_pump(src, dst, m.clone(), epoch, done_tx.clone()));
        }
    }
    drop(done_tx);

    let code = 'outer: loop {
        for sig in signals.wait() {
            match sig {
                SIGCHLD => {}
                SIGINT if terminal_sent_sigint() => {}
                s => forward(pid, s),
            }
        }
        if let Some(status) = reap(pid) {
            break 'outer status;
        }
    };
    drop(child);
    wait_for_pumps(&pumps, &done_rx, epoch);
    Ok(code)
}

/// Reap every exited child (as PID 1 there may be orphans too); the exit code
/// for `pid` once it has exited.
fn reap(pid: Pid) -> Option<u8> {
    let mut ours = None;
    loop {
        match rustix::process::wait(WaitOptions::NOHANG) {
            Ok(Some((p, status))) => {
                if p == pid {
                    ours = Some(exit_code(status));
                }
            }
            Ok(None) => break,
            Err(rustix::io::Errno::INTR) => continue,
            // ECHILD: nothing left to reap. If our child is gone without us
            // seeing its status, something else reaped it; report failure.
            Err(_) => {
                if ours.is_none() {
                    ours = Some(1);
                }
                break;
            }
        }
    }
    ours
}

fn exit_code(status: WaitStatus) -> u8 {
    if let Some(code) = status.exit_status() {
        // Exit statuses are 0..=255 on Unix; the mask makes the cast exact.
        (code & 0xff) as u8
    } else if let Some(sig) = status.terminating_signal() {
        u8::try_from(128 + sig).unwrap_or(255)
    } else {
        1
    }
}

fn forward(pid: Pid, sig: i32) {
    if let Some(s) = Signal::from_named_raw(sig) {
        // ESRCH: the child is already gone; its SIGCHLD is on the way.
        let _ = rustix::process::kill_process(pid, s);
    }
}

/// Whether sesame is in the foreground process group of its controlling
/// terminal, i.e. whether a SIGINT was most likely Ctrl-C, which the child,
/// being in the same group, got too.
fn terminal_sent_sigint() -> bool {
    let Ok(tty) = File::open("/dev/tty") else {
        return false;
    };
    rustix::termios::tcgetpgrp(&tty).is_ok_and(|pg| pg == rustix::process::getpgrp())
}

fn millis_since(epoch: Instant) -> u64 {
    // +1 so that 0 keeps meaning "not waiting".
    u64::try_from(epoch.elapsed().as_millis()).unwrap_or(u64::MAX - 1) + 1
}

fn start_pump<R: Read + AsFd + Send + 'static>(
    src: R,
    dst: File,
    masker: Arc<Masker>,
    epoch: Instant,
    done: mpsc::Sender<()>,
) -> Arc<PumpState> {
    let state = Arc::new(PumpState {
        waiting_since: AtomicU64::new(0),
    });
    let st = state.clone();
    std::thread::spawn(move || {
        pump(src, dst, &masker, &st, epoch);
        st.waiting_since.store(FINISHED, Ordering::Relaxed);
        let _ = done.send(());
    });
    state
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
        if stream.has_pending() {
            state
                .waiting_since
                .store(millis_since(epoch), Ordering::Relaxed);
            let mut fds = [rustix::event::PollFd::new(
                &src,
                rustix::event::PollFlags::IN,
            )];
            let ready = rustix::event::poll(&mut fds, Some(&quiet));
            state.waiting_since.store(0, Ordering::Relaxed);
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
            .store(millis_since(epoch), Ordering::Relaxed);
        let read = src.read(&mut buf.buf);
        state.waiting_since.store(0, Ordering::Relaxed);
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
                    let since = p.waiting_since.load(Ordering::Relaxed);
                    // Finished pumps are not waiting either; only a pump busy
                    // writing (since == 0) keeps us here.
                    since == FINISHED || (since != 0 && now.saturating_sub(since) > limit)
                });
                if all_idle {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_drops_sesame_vars_and_overrides() {
        let inherited = vec![
            (OsString::from("PATH"), OsString::from("/bin")),
            (OsString::from("SESAME_PASSWORD"), OsString::from("pw")),
            (OsString::from("TOKEN"), OsString::from("old")),
        ];
        let env = child_env(
            inherited.clone(),
            vec![("TOKEN".into(), "new".into()), ("NEW".into(), "v".into())],
            false,
        )
        .unwrap();
        assert!(!env.iter().any(|(k, _)| k == "SESAME_PASSWORD"));
        assert!(env.contains(&("TOKEN".into(), "new".into())));
        assert!(env.contains(&("NEW".into(), "v".into())));
        let env = child_env(inherited, vec![("TOKEN".into(), "new".into())], true).unwrap();
        assert!(env.contains(&("TOKEN".into(), "old".into())));
        assert!(child_env(vec![], vec![("A".into(), "a\0b".into())], false).is_err());
    }
}
