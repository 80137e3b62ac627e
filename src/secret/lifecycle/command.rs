//! Running the user's rotate and revoke commands: `sh -c`, the environment
//! they get, and how a failure is told.
//!
//! Values reach them only through their environment (never argv, which any user
//! can read in `ps`), and a rotate command hands its new value back on stdout.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use crate::time;

/// How long a rotate or revoke command may run by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Most bytes a rotate command may print (a value is not a download).
const MAX_OUTPUT: usize = 1 << 20;

/// Environment of rotate and revoke commands: the secret's name.
pub const ENV_SECRET_NAME: &str = "SESAME_SECRET_NAME";
/// Environment of rotate commands: the current value (empty if none).
pub const ENV_CURRENT_VALUE: &str = "SESAME_CURRENT_VALUE";
/// Environment of rotate commands: the current version's key id (empty if none).
pub const ENV_CURRENT_ID: &str = "SESAME_CURRENT_ID";
/// Environment of revoke commands: the value being revoked.
pub const ENV_REVOKED_VALUE: &str = "SESAME_REVOKED_VALUE";
/// Environment of revoke commands: the key id being revoked (empty if none).
pub const ENV_REVOKED_ID: &str = "SESAME_REVOKED_ID";
/// Environment of revoke commands: the version number being revoked.
pub const ENV_REVOKED_VERSION: &str = "SESAME_REVOKED_VERSION";

/// How a command ended when it did not succeed.
#[derive(Debug)]
pub(super) enum Failure {
    Spawn(std::io::Error),
    Status(ExitStatus),
    Timeout(Duration),
    Interrupted(usize),
    TooLong,
}

/// The last of SIGINT, SIGTERM, SIGHUP that sesame received while running
/// commands (0: none). Commands run in their own process group (so that a
/// timeout can stop all they started), which also means a Ctrl-C on the
/// terminal reaches only sesame: it is caught here and passed on to them, and
/// sesame then stops with nothing changed instead of leaving them running.
fn interrupted() -> &'static Arc<AtomicUsize> {
    static FLAG: OnceLock<Arc<AtomicUsize>> = OnceLock::new();
    FLAG.get_or_init(|| {
        let flag = Arc::new(AtomicUsize::new(0));
        for sig in [
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
        ] {
            // If a handler cannot be installed the default action stays:
            // sesame dies on the signal, and its commands are left running.
            let _ = signal_hook::flag::register_usize(
                sig,
                Arc::clone(&flag),
                usize::try_from(sig).unwrap_or(0),
            );
        }
        flag
    })
}

pub(super) fn describe(f: &Failure) -> String {
    match f {
        Failure::Spawn(e) => format!("could not be started ({e})"),
        Failure::Status(s) => match (s.code(), std::os::unix::process::ExitStatusExt::signal(s)) {
            (Some(c), _) => format!("failed (exit status {c})"),
            (None, Some(sig)) => format!("was killed by signal {sig}"),
            _ => "failed".into(),
        },
        Failure::Timeout(t) => format!(
            "did not finish within {} and was stopped",
            time::format_duration(t.as_secs().max(1))
        ),
        Failure::Interrupted(sig) => format!("was interrupted (signal {sig})"),
        Failure::TooLong => format!("printed more than {} bytes", MAX_OUTPUT),
    }
}

/// Run `sh -c script` in its own process group with `env` added to a copy of
/// our environment without any `SESAME_*` variable (the master password must
/// never reach it). With `capture`, stdout is returned; otherwise it goes to
/// our stderr, so that stdout stays data only. After `timeout` the whole
/// process group is killed.
pub(super) fn run_shell(
    script: &str,
    env: &[(&str, &str)],
    capture: bool,
    timeout: Duration,
) -> std::result::Result<Zeroizing<Vec<u8>>, Failure> {
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(script);
    crate::hardening::strip_sesame_env(&mut cmd);
    cmd.envs(env.iter().copied());
    cmd.stdin(Stdio::null());
    if capture {
        cmd.stdout(Stdio::piped());
    } else {
        let err = std::io::stderr();
        let fd = std::os::fd::AsFd::as_fd(&err)
            .try_clone_to_owned()
            .map_err(Failure::Spawn)?;
        cmd.stdout(Stdio::from(fd));
    }
    // Its own process group, so a timeout can stop everything it started.
    cmd.process_group(0);
    let signal = interrupted();
    if let sig @ 1.. = signal.load(Ordering::SeqCst) {
        return Err(Failure::Interrupted(sig));
    }
    let mut child = cmd.spawn().map_err(Failure::Spawn)?;
    let pgid = rustix::process::Pid::from_child(&child);
    let kill_all = |child: &mut std::process::Child| {
        let _ = rustix::process::kill_process_group(pgid, rustix::process::Signal::KILL);
        let _ = child.kill();
        let _ = child.wait();
    };
    let reader = child.stdout.take().map(|mut out| {
        thread::spawn(move || {
            let mut buf = Zeroizing::new(Vec::with_capacity(16 * 1024));
            let read = (&mut out).take(MAX_OUTPUT as u64 + 1).read_to_end(&mut buf);
            // Drain and discard anything beyond the limit so the writer is not blocked.
            let _ = std::io::copy(&mut out, &mut std::io::sink());
            read.map(|_| buf)
        })
    });
    let start = Instant::now();
    let mut pause = Duration::from_millis(1);
    // (signal, when it was passed on) once sesame was interrupted.
    let mut forwarded: Option<(usize, Instant)> = None;
    let status = loop {
        let exited = child.try_wait().map_err(Failure::Spawn)?;
        let read_done = reader.as_ref().is_none_or(|r| r.is_finished());
        if let Some(status) = exited.filter(|_| read_done) {
            if let Some((sig, _)) = forwarded {
                return Err(Failure::Interrupted(sig));
            }
            break status;
        }
        let sig = signal.load(Ordering::SeqCst);
        if sig != 0 && forwarded.is_none() {
            if let Some(s) = i32::try_from(sig)
                .ok()
                .and_then(rustix::process::Signal::from_named_raw)
            {
                let _ = rustix::process::kill_process_group(pgid, s);
            }
            forwarded = Some((sig, Instant::now()));
        }
        let gave_up = forwarded.is_some_and(|(_, at)| at.elapsed() >= Duration::from_secs(5));
        if start.elapsed() >= timeout || gave_up {
            kill_all(&mut child);
            if let Some(r) = reader {
                let _ = r.join();
            }
            return Err(match forwarded {
                Some((sig, _)) => Failure::Interrupted(sig),
                None => Failure::Timeout(timeout),
            });
        }
        thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    };
    let out = match reader {
        Some(r) => match r.join() {
            Ok(Ok(buf)) => buf,
            Ok(Err(e)) => return Err(Failure::Spawn(e)),
            Err(_) => {
                return Err(Failure::Spawn(std::io::Error::other(
                    "reader thread panicked",
                )));
            }
        },
        None => Zeroizing::new(Vec::new()),
    };
    if !status.success() {
        return Err(Failure::Status(status));
    }
    if out.len() > MAX_OUTPUT {
        return Err(Failure::TooLong);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_timeout_kills_the_group() {
        let start = Instant::now();
        let r = run_shell("sleep 30 & sleep 30", &[], true, Duration::from_millis(300));
        assert!(matches!(r, Err(Failure::Timeout(_))), "{r:?}");
        assert!(start.elapsed() < Duration::from_secs(10));
    }
}
