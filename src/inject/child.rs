//! Starting `run`'s child: its environment, then `exec`, or spawn and stay
//! with it.
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
//! Only that policy is here: the mechanism (signals, waiting, reaping) is
//! `crate::process`, which rotate and revoke commands use too, and the
//! masking pumps are in `pump`.

use std::ffi::OsString;
use std::fs::File;
use std::io;
use std::os::fd::AsFd;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::Arc;

use signal_hook::consts::signal::{
    SIGABRT, SIGALRM, SIGHUP, SIGINT, SIGIO, SIGPROF, SIGQUIT, SIGSYS, SIGTERM, SIGUSR1, SIGUSR2,
    SIGVTALRM, SIGWINCH, SIGXCPU, SIGXFSZ,
};

use super::mask::Masker;
use super::pump::Pumps;
use crate::error::{Error, IoContext, Result};
use crate::process::{self, Event, Scope, Signals, Supervisor};

/// The signals forwarded to the child.
pub(crate) const FORWARDED: [i32; 6] = [SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH];

/// While a hand-over directory exists, every other signal that would end
/// sesame and can be caught is caught too, forwarded to the child like the
/// others, and the directory removed when the child ends. Not caught: the
/// faults a process raises on itself (SEGV, BUS, ILL, FPE, TRAP), SIGKILL,
/// SIGPIPE (ignored by sesame), and real-time signals.
pub(super) fn fatal_too() -> Vec<i32> {
    let mut v = vec![
        SIGALRM, SIGVTALRM, SIGXCPU, SIGPROF, SIGXFSZ, SIGSYS, SIGIO, SIGABRT,
    ];
    #[cfg(target_os = "linux")]
    v.extend([
        rustix::process::Signal::POWER.as_raw(),
        rustix::process::Signal::STKFLT.as_raw(),
    ]);
    v
}

/// What to run. `Debug` shows the environment's names, never its values.
pub(crate) struct Spec {
    /// The program (looked up in PATH, no shell).
    pub(crate) program: OsString,
    pub(crate) args: Vec<OsString>,
    /// Its whole environment.
    pub(crate) env: Vec<(OsString, OsString)>,
}

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

/// The child's environment: `inherited` without any `SESAME_*` variable, with
/// `injected` added. An injected variable replaces an inherited one of the same
/// name unless `keep_inherited`.
pub(crate) fn child_env(
    inherited: impl IntoIterator<Item = (OsString, OsString)>,
    injected: Vec<(String, OsString)>,
    keep_inherited: bool,
) -> Result<Vec<(OsString, OsString)>> {
    let mut env: Vec<(OsString, OsString)> = inherited
        .into_iter()
        .filter(|(k, _)| !process::is_sesame_var(k))
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
pub(super) fn resolve_program(spec: &Spec) -> OsString {
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

pub(super) fn spawn_error(spec: &Spec, source: io::Error) -> Error {
    Error::Spawn {
        program: spec.program.to_string_lossy().into_owned(),
        source,
    }
}

/// Replace this process with the command. Returns only on failure.
pub(crate) fn exec(spec: &Spec) -> Error {
    if let Err(e) = crate::unlock::keep_from_children() {
        return e;
    }
    crate::hardening::restore_core_limit_for_child();
    let err = command(spec).exec();
    spawn_error(spec, err)
}

/// Which of the child's output streams go through the masker.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Masking {
    pub(crate) stdout: bool,
    pub(crate) stderr: bool,
}

/// Spawn the command and stay with it until it exits: forward signals, reap,
/// mask. `cleanup`: a hand-over directory waits for the child's end, so every
/// catchable fatal signal is caught ([`fatal_too`]). Returns the exit code to
/// leave with.
pub(crate) fn supervise(
    spec: &Spec,
    masker: Option<Arc<Masker>>,
    masking: Masking,
    cleanup: bool,
) -> Result<u8> {
    crate::unlock::keep_from_children()?;
    // Before spawning: see `process`.
    let mut caught = [FORWARDED.as_slice(), &[SIGINT]].concat();
    if cleanup {
        caught.extend(fatal_too());
    }
    let mut signals =
        Signals::new(&caught).context(|| "could not set up signal forwarding".into())?;
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
    let mut child = Supervisor::spawn(&mut cmd, Scope::Process, &mut signals)
        .map_err(|e| spawn_error(spec, e))?;
    child.reap_all();

    let mut pumps = Pumps::new();
    if let Some(m) = &masker {
        if let Some(src) = child.take_stdout() {
            let dst = io::stdout()
                .as_fd()
                .try_clone_to_owned()
                .context(|| "could not use stdout".into())?;
            pumps.start(src, File::from(dst), m.clone());
        }
        if let Some(src) = child.take_stderr() {
            let dst = io::stderr()
                .as_fd()
                .try_clone_to_owned()
                .context(|| "could not use stderr".into())?;
            pumps.start(src, File::from(dst), m.clone());
        }
    }

    let code = loop {
        match child
            .next()
            .context(|| "could not wait for the command".into())?
        {
            Event::Signal(SIGINT) if terminal_sent_sigint() => {}
            Event::Signal(sig) => child.forward(sig),
            // No deadline is set, so never killed; the same either way.
            Event::Exited(exit) | Event::Killed(exit) => break exit.code(),
        }
    };
    drop(child);
    pumps.wait();
    Ok(code)
}

/// Whether sesame is in the foreground process group of its controlling
/// terminal, i.e. whether a SIGINT was most likely Ctrl-C, which the child,
/// being in the same group, got too.
fn terminal_sent_sigint() -> bool {
    in_foreground()
}

/// Whether sesame's process group is the foreground one of its controlling
/// terminal: a job started with `&` is not, and may not change the
/// terminal's mode (SIGTTOU would stop it).
pub(crate) fn in_foreground() -> bool {
    let Ok(tty) = File::open("/dev/tty") else {
        return false;
    };
    rustix::termios::tcgetpgrp(&tty).is_ok_and(|pg| pg == rustix::process::getpgrp())
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
