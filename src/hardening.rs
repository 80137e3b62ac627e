//! Process hardening done first thing in `main`.
//!
//! A core dump of a sesame process would hold the unwrapped identity and
//! decrypted values, so dumps are disabled: the process is marked not dumpable
//! (which also keeps other processes of the same user from ptrace-attaching) and
//! the soft core-size limit is set to 0. The hard limit is left alone so that
//! programs started by `run` may raise theirs again. Failures are ignored: this
//! is defence in depth, not something to refuse to run over.
//!
//! What this does and does not protect against: SECURITY.md, "What sesame protects".

#[cfg(unix)]
static ORIGINAL_CORE_LIMIT: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();

/// Not dumpable (Linux) and a soft core limit of 0; the old limit is kept for
/// [`restore_core_limit_for_child`].
pub fn disable_core_dumps() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{DumpableBehavior, set_dumpable_behavior};
        let _ = set_dumpable_behavior(DumpableBehavior::NotDumpable);
    }
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
        let current = getrlimit(Resource::Core);
        let _ = ORIGINAL_CORE_LIMIT.set(current.current);
        let _ = setrlimit(
            Resource::Core,
            Rlimit {
                current: Some(0),
                maximum: current.maximum,
            },
        );
    }
}

/// Give back the soft core-size limit this process started with, so that a
/// program `run` starts gets the limit its user chose, not sesame's 0.
///
/// Called just before `exec` (the process becomes the child) and, on Linux,
/// before spawning: there sesame itself stays protected by being not dumpable.
pub(crate) fn restore_core_limit_for_child() {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
        if let Some(&original) = ORIGINAL_CORE_LIMIT.get() {
            let current = getrlimit(Resource::Core);
            let _ = setrlimit(
                Resource::Core,
                Rlimit {
                    current: original,
                    maximum: current.maximum,
                },
            );
        }
    }
}

/// Remove every `SESAME_*` variable (the master password, an identity) from
/// the environment a child process would inherit. Every program sesame starts
/// goes without them: git gets this (its repository config can run programs
/// of its own); rotate and revoke commands and `run`'s child build their
/// environment from `process` (`inherited_env`, `is_sesame_var`).
pub(crate) fn strip_sesame_env(cmd: &mut std::process::Command) {
    for (key, _) in std::env::vars_os() {
        if crate::process::is_sesame_var(&key) {
            cmd.env_remove(key);
        }
    }
}
