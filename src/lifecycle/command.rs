//! Running the user's rotate and revoke commands: `sh -c`, the environment
//! they get, and how a failure is told.
//!
//! Values reach them only through their environment (never argv, which any user
//! can read in `ps`), and a rotate command hands its new value back on stdout.
//! They run under [`process::Supervisor`] in a process group of their own: a
//! timeout kills the group, and a stop request to sesame is passed on to it.

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};
use zeroize::Zeroizing;

use crate::process::{self, Event, Exit, Scope, Signals, Supervisor};
use crate::time;

/// Most bytes a rotate command may print (a value is not a download).
const MAX_OUTPUT: usize = 1 << 20;

/// Environment of rotate and revoke commands: the secret's name.
pub(crate) const ENV_SECRET_NAME: &str = "SESAME_SECRET_NAME";
/// Environment of rotate commands: the current value (empty if none).
pub(crate) const ENV_CURRENT_VALUE: &str = "SESAME_CURRENT_VALUE";
/// Environment of rotate commands: the current version's key id (empty if none).
pub(crate) const ENV_CURRENT_ID: &str = "SESAME_CURRENT_ID";
/// Environment of revoke commands: the value being revoked.
pub(crate) const ENV_REVOKED_VALUE: &str = "SESAME_REVOKED_VALUE";
/// Environment of revoke commands: the key id being revoked (empty if none).
pub(crate) const ENV_REVOKED_ID: &str = "SESAME_REVOKED_ID";
/// Environment of revoke commands: the version number being revoked.
pub(crate) const ENV_REVOKED_VERSION: &str = "SESAME_REVOKED_VERSION";

/// How a command ended when it did not succeed.
#[derive(Debug)]
pub(super) enum Failure {
    Spawn(std::io::Error),
    Status(Exit),
    Timeout(Duration),
    Interrupted(i32),
    TooLong,
}

/// The requests to stop that a command is given: a rotate or revoke command
/// runs in its own process group (so that a timeout can stop all it started),
/// which also means a Ctrl-C on the terminal reaches only sesame. It is caught
/// and passed on, and sesame then stops with nothing changed instead of
/// leaving the command running.
const STOP: [i32; 3] = [SIGINT, SIGTERM, SIGHUP];

/// How long a command may take to end after a stop request before it is
/// killed; when it ends, whatever is left of its group is killed at once.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// Registered at the first command and kept for the life of the process: a
/// stop request between two commands (`rotate --due` runs many) is kept
/// pending here instead of killing sesame halfway.
static SIGNALS: Mutex<Option<Signals>> = Mutex::new(None);

/// The first stop request received (0: none). Once there was one, no further
/// command starts.
static STOPPED: AtomicI32 = AtomicI32::new(0);

/// Record `sig` as a stop request (the first one stays); the one recorded.
fn stopped(sig: Option<i32>) -> Option<i32> {
    if let Some(sig) = sig {
        let _ = STOPPED.compare_exchange(0, sig, Ordering::SeqCst, Ordering::SeqCst);
    }
    Some(STOPPED.load(Ordering::SeqCst)).filter(|s| *s != 0)
}

pub(super) fn describe(f: &Failure) -> String {
    match f {
        Failure::Spawn(e) => format!("could not be started ({e})"),
        Failure::Status(Exit::Code(c)) => format!("failed (exit status {c})"),
        Failure::Status(Exit::Signal(sig)) => format!("was killed by signal {sig}"),
        Failure::Status(Exit::Unknown) => "failed".into(),
        Failure::Timeout(t) => format!(
            "did not finish within {} and was stopped",
            time::format_duration(t.as_secs().max(1))
        ),
        Failure::Interrupted(sig) => format!("was interrupted (signal {sig})"),
        Failure::TooLong => format!("printed more than {} bytes", MAX_OUTPUT),
    }
}

/// Run `sh -c script` in its own process group, with `env` added to a copy of our environment without any `SESAME_*` variable
/// (the master password must never reach it). With `capture`, stdout is returned; otherwise it goes to
/// our stderr, so that stdout stays data only. After `timeout` the whole
/// process group is killed.
pub(super) fn run_shell(
    script: &str,
    env: &[(&str, &str)],
    capture: bool,
    stored: bool,
    timeout: Duration,
) -> std::result::Result<Zeroizing<Vec<u8>>, Failure> {
    crate::unlock::keep_from_children()
        .map_err(|e| Failure::Spawn(std::io::Error::other(e.to_string())))?;
    let mut cmd = Command::new("sh");
    if stored {
        cmd.current_dir("/");
    }
    cmd.arg("-c")
        .arg(script)
        .env_clear()
        .envs(process::inherited_env())
        .envs(env.iter().copied())
        .stdin(Stdio::null());
    if capture {
        cmd.stdout(Stdio::piped());
    } else {
        let err = std::io::stderr();
        let fd = std::os::fd::AsFd::as_fd(&err)
            .try_clone_to_owned()
            .map_err(Failure::Spawn)?;
        cmd.stdout(Stdio::from(fd));
    }
    let mut guard = SIGNALS.lock().unwrap_or_else(PoisonError::into_inner);
    let signals = match &mut *guard {
        Some(signals) => signals,
        none => none.insert(Signals::new(&STOP).map_err(Failure::Spawn)?),
    };
    if let Some(sig) = stopped(signals.pending().find(|s| STOP.contains(s))) {
        return Err(Failure::Interrupted(sig));
    }
    let mut child = Supervisor::spawn(&mut cmd, Scope::Group, signals).map_err(Failure::Spawn)?;
    if capture {
        child.capture_stdout(MAX_OUTPUT);
    }
    child.kill_after(timeout);
    let mut interrupted = None;
    loop {
        match child.next().map_err(Failure::Spawn)? {
            Event::Signal(sig) if interrupted.is_none() && STOP.contains(&sig) => {
                child.forward(sig);
                interrupted = stopped(Some(sig));
                // Its output no longer matters: its own end is what is waited
                // for. It is still read (and thrown away), so that a command
                // cleaning up after the signal is not killed by SIGPIPE.
                child.discard_output();
                child.kill_after(STOP_GRACE);
            }
            Event::Signal(_) => {}
            Event::Exited(exit) => match interrupted {
                Some(sig) => {
                    // What it started and left running (a `&` job of a script
                    // ignores SIGINT) goes with it.
                    child.kill();
                    return Err(Failure::Interrupted(sig));
                }
                None if !exit.success() => return Err(Failure::Status(exit)),
                None => break,
            },
            Event::Killed(_) => {
                return Err(match interrupted {
                    Some(sig) => Failure::Interrupted(sig),
                    None => Failure::Timeout(timeout),
                });
            }
        }
    }
    let out = child.output();
    if out.over {
        return Err(Failure::TooLong);
    }
    Ok(out.bytes)
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    #[test]
    fn shell_timeout_kills_the_group() {
        // In a session keyring of its own the (multi-threaded) test harness
        // cannot move to a new one, and containment fails closed: covered
        // through the binary instead (tests/lifecycle.rs).
        #[cfg(target_os = "linux")]
        if crate::unlock::session::own().is_ok() {
            eprintln!("skipped: a session keyring of our own; see the binary's timeout tests");
            return;
        }
        let start = Instant::now();
        let r = run_shell(
            "sleep 30 & sleep 30",
            &[],
            true,
            true,
            Duration::from_millis(300),
        );
        assert!(matches!(r, Err(Failure::Timeout(_))), "{r:?}");
        assert!(start.elapsed() < Duration::from_secs(10));
    }
}
