//! The life of a secret after it is stored: rotation (with a grace period during
//! which the previous value stays valid), revocation (values wiped, the revoke
//! command run), rollback, and the schedule that `rotate --due` and `status`
//! read (expiry, max age, grace deadlines).
//!
//! Rotate and revoke commands are the user's shell commands, run with `sh -c`.
//! Values reach them only through their environment (never argv, which any user
//! can read in `ps`), and a rotate command hands its new value back on stdout.
//! Everything here works on a [`Vault`] in memory; the caller commits it. The
//! module never prints: what happened comes back as data for `commands` to show.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use jiff::Timestamp;
use serde::Serialize;
use zeroize::Zeroizing;

use super::lookup;
use crate::error::{Error, Result};
use crate::secret::generate;
use crate::time;
use crate::value::SecretValue;
use crate::vault::model::{Secret, State, Vault, Version};

/// How long a rotate or revoke command may run by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Most bytes a rotate command may print (a value is not a download).
const MAX_OUTPUT: usize = 1 << 20;

/// Longest key id accepted.
const MAX_ID_LEN: usize = 512;

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

/// A new value and its key id.
#[derive(Debug)]
pub struct NewValue {
    /// The value.
    pub value: SecretValue,
    /// The non-secret key id, if the source gave one.
    pub id: Option<String>,
}

/// Where `rotate` takes the new value from, in order of precedence.
#[derive(Debug)]
pub enum Source {
    /// Given by the caller (read from stdin).
    Given(NewValue),
    /// This shell command's stdout (`--command`).
    Command(String),
    /// The secret's stored rotate command, else its generator.
    Stored,
}

/// Check a key id: non-secret, one line of printable text.
pub fn validate_id(id: &str) -> Result<()> {
    if id.is_empty() || id.len() > MAX_ID_LEN || id.chars().any(char::is_control) {
        return Err(Error::usage(
            "a key id must be one line of printable text, 1 to 512 bytes",
            "give the public part only, e.g. an AWS access key id (AKIA…)",
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Running the user's commands

/// How a command ended when it did not succeed.
#[derive(Debug)]
enum Failure {
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

fn describe(f: &Failure) -> String {
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
fn run_shell(
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

/// Turn a rotate command's stdout into a value: the text with one trailing
/// newline removed, or a JSON object `{"id": …, "value": …}`.
fn parse_output(bytes: &[u8]) -> std::result::Result<NewValue, &'static str> {
    let mut end = bytes.len();
    if bytes.ends_with(b"\r\n") {
        end -= 2;
    } else if bytes.ends_with(b"\n") {
        end -= 1;
    }
    let text = std::str::from_utf8(&bytes[..end])
        .map_err(|_| "printed something that is not UTF-8 text")?;
    if text.is_empty() {
        return Err("printed nothing");
    }
    if text.trim_start().starts_with('{') {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Pair {
            value: SecretValue,
            #[serde(default)]
            id: Option<String>,
        }
        /// Whether an object has a "value" key, without keeping anything.
        #[derive(serde::Deserialize)]
        struct Probe {
            value: Option<serde::de::IgnoredAny>,
        }
        match serde_json::from_str::<Pair>(text) {
            Ok(pair) => {
                if pair.value.is_empty() {
                    return Err("printed an empty \"value\"");
                }
                if pair
                    .id
                    .as_deref()
                    .is_some_and(|id| validate_id(id).is_err())
                {
                    return Err("printed an \"id\" that is not one line of printable text");
                }
                return Ok(NewValue {
                    value: pair.value,
                    id: pair.id.filter(|i| !i.is_empty()),
                });
            }
            // An object with a "value" key meant to be a pair and is malformed.
            // (A serde error could quote the value: say only what was wrong.)
            Err(_) if serde_json::from_str::<Probe>(text).is_ok_and(|p| p.value.is_some()) => {
                return Err(
                    "printed a JSON object with \"value\" that is not {\"id\": \"…\", \"value\": \"…\"} (strings only)",
                );
            }
            // Any other text, JSON credentials included, is the value itself.
            Err(_) => {}
        }
    }
    Ok(NewValue {
        value: SecretValue::new(text.to_owned()),
        id: None,
    })
}

/// Run a rotate command for `name` whose current version is `current`.
pub fn run_rotate_command(
    script: &str,
    name: &str,
    current: Option<&Version>,
    timeout: Duration,
) -> Result<NewValue> {
    let value = current
        .and_then(|v| v.value.as_ref())
        .map_or("", |v| v.expose());
    let id = current.and_then(|v| v.id.as_deref()).unwrap_or("");
    let env = [
        (ENV_SECRET_NAME, name),
        (ENV_CURRENT_VALUE, value),
        (ENV_CURRENT_ID, id),
    ];
    let nothing = "nothing was changed; run the command by hand to see why, or raise --timeout";
    let out = run_shell(script, &env, true, timeout).map_err(|f| {
        Error::Other(format!(
            "the rotate command of '{name}' {} — {nothing}",
            describe(&f)
        ))
    })?;
    parse_output(&out)
        .map_err(|why| Error::Other(format!("the rotate command of '{name}' {why} — {nothing}")))
}

/// Run the revoke command for version `v` of `name`.
fn run_revoke_command(script: &str, name: &str, v: &Version, timeout: Duration) -> Result<()> {
    let value = v.value.as_ref().map_or("", |x| x.expose());
    let n = v.n.to_string();
    let env = [
        (ENV_SECRET_NAME, name),
        (ENV_REVOKED_VALUE, value),
        (ENV_REVOKED_ID, v.id.as_deref().unwrap_or("")),
        (ENV_REVOKED_VERSION, n.as_str()),
    ];
    run_shell(script, &env, false, timeout).map(drop).map_err(|f| {
        Error::Other(format!(
            "the revoke command of '{name}' {} for version {} — nothing was changed; fix it, or pass --force to wipe the value anyway",
            describe(&f),
            v.n
        ))
    })
}

// ---------------------------------------------------------------------------
// Rotation

/// What one rotation did.
#[derive(Debug, Serialize)]
pub struct Rotated {
    /// The secret.
    pub name: String,
    /// The new version's number.
    pub version: u32,
    /// The new version's key id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The version it replaced, if there was a live one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<u32>,
    /// Until when the replaced version stays valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grace_until: Option<String>,
    /// Whether the replaced version was revoked at once (grace 0).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub revoked_previous: bool,
    /// Where the value came from: `stdin`, `command`, `rotate-command`, `generator`.
    pub source: &'static str,
    /// Versions dropped because of `max_versions` (their values wiped).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<u32>,
    /// A revoke that failed after the rotation (grace 0), left for `rotate --due`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// Options of a rotation.
#[derive(Debug, Clone, Copy)]
pub struct RotateOptions {
    /// How long the replaced value stays valid; 0 revokes it at once.
    pub grace: u64,
    /// How long a command may run.
    pub timeout: Duration,
}

/// Which source `rotate` would use for `secret`, or why there is none.
pub fn source_of(secret: &Secret) -> Option<&'static str> {
    if secret.policy.rotate_command.is_some() {
        Some("rotate-command")
    } else if secret.policy.generator.is_some() {
        Some("generator")
    } else {
        None
    }
}

/// Rotate `name`: make a new value from `source`, store it as the new active
/// version, and keep the old one valid as `previous` for `opts.grace` seconds
/// (0: revoke it now). A source that fails changes nothing.
pub fn rotate(
    vault: &mut Vault,
    name: &str,
    source: Source,
    opts: RotateOptions,
    now: Timestamp,
) -> Result<Rotated> {
    // Before any command runs: a deadline that cannot be computed must not
    // throw away a credential a provider has already issued.
    let grace_until = time::add_secs(now, opts.grace)?;
    let secret = lookup(vault, name)?;
    let current = secret.current();
    let (new, from) = match source {
        Source::Given(v) => (v, "stdin"),
        Source::Command(script) => (
            run_rotate_command(&script, name, current, opts.timeout)?,
            "command",
        ),
        Source::Stored => match (&secret.policy.rotate_command, &secret.policy.generator) {
            (Some(script), _) => (
                run_rotate_command(script, name, current, opts.timeout)?,
                "rotate-command",
            ),
            (None, Some(spec)) => (
                NewValue {
                    value: generate::generate(spec)?,
                    id: None,
                },
                "generator",
            ),
            (None, None) => {
                return Err(Error::usage(
                    format!(
                        "'{name}' has no rotate command and no generator, so there is no way to make a new value"
                    ),
                    format!(
                        "pipe one in (`… | sesame rotate {name} --stdin`), give `--command CMD`, or store one with `sesame edit {name} --rotate-command CMD`"
                    ),
                ));
            }
        },
    };
    let max_versions = vault.max_versions;
    let secret = vault
        .secrets
        .get_mut(name)
        .ok_or_else(|| Error::NotFound { name: name.into() })?;
    let previous = secret.current().map(|v| v.n);
    // The deadline goes on before the push, so that max_versions never drops
    // the value being replaced while it is still valid (see push_value).
    if let Some(v) = secret.versions.iter_mut().find(|v| Some(v.n) == previous) {
        v.grace_until = Some(grace_until);
    }
    let before: Vec<u32> = secret.versions.iter().map(|v| v.n).collect();
    let id = new.id.clone();
    let n = secret.push_value(new.value, new.id, now, max_versions);
    let dropped = before
        .into_iter()
        .filter(|b| secret.version(*b).is_none())
        .collect();
    let mut rotated = Rotated {
        name: name.to_owned(),
        version: n,
        id,
        previous: None,
        grace_until: None,
        revoked_previous: false,
        source: from,
        dropped,
        warning: None,
    };
    if let Some(p) = previous.filter(|p| secret.version(*p).is_some()) {
        rotated.previous = Some(p);
        if opts.grace == 0 {
            match revoke_version(secret, name, p, false, opts.timeout, now) {
                Ok(_) => rotated.revoked_previous = true,
                Err(e) => rotated.warning = Some(e.to_string()),
            }
        } else {
            rotated.grace_until = Some(time::show(grace_until));
        }
    }
    Ok(rotated)
}

// ---------------------------------------------------------------------------
// Revocation

/// Which versions `revoke` acts on.
#[derive(Debug, Clone, Copy)]
pub enum Which {
    /// Every version that still holds a value.
    All,
    /// Every previous version that still holds a value.
    Previous,
    /// One version.
    Version(u32),
}

/// One revoked version.
#[derive(Debug, Serialize)]
pub struct Revoked {
    /// The secret.
    pub name: String,
    /// The version.
    pub version: u32,
    /// Whether the revoke command ran and succeeded.
    pub command: bool,
    /// The same value is still held by this live version (after a rollback),
    /// so the revoke command was not run: the credential is still in use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub still_used_by: Option<u32>,
    /// With `--force`: the revoke command's failure, ignored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forced: Option<String>,
}

/// The version numbers `which` selects, or an error saying why there are none.
pub fn select(secret: &Secret, name: &str, which: Which) -> Result<Vec<u32>> {
    let holding = |v: &&Version| v.value.is_some() && v.state != State::Revoked;
    let picked: Vec<u32> = match which {
        Which::All => secret
            .versions
            .iter()
            .filter(holding)
            .map(|v| v.n)
            .collect(),
        Which::Previous => secret
            .versions
            .iter()
            .filter(holding)
            .filter(|v| v.state == State::Previous)
            .map(|v| v.n)
            .collect(),
        Which::Version(n) => {
            let v = secret.version(n).ok_or_else(|| Error::NoSuchVersion {
                name: name.into(),
                version: n,
            })?;
            if v.state == State::Revoked || v.value.is_none() {
                return Err(Error::usage(
                    format!("version {n} of '{name}' is already revoked"),
                    format!("nothing to do; see `sesame show {name}`"),
                ));
            }
            vec![n]
        }
    };
    if picked.is_empty() {
        let what = match which {
            Which::Previous => "no previous version holding a value",
            _ => "no version holding a value",
        };
        return Err(Error::usage(
            format!("'{name}' has {what}"),
            format!("nothing to revoke; see `sesame show {name}`"),
        ));
    }
    Ok(picked)
}

/// Revoke version `n` of `secret`: run its revoke command (unless none is
/// set), then wipe the value. If the command fails, nothing changes unless
/// `force`.
pub fn revoke_version(
    secret: &mut Secret,
    name: &str,
    n: u32,
    force: bool,
    timeout: Duration,
    now: Timestamp,
) -> Result<Revoked> {
    let v = secret.version(n).ok_or_else(|| Error::NoSuchVersion {
        name: name.into(),
        version: n,
    })?;
    // After a rollback two versions hold the same value: revoking the older
    // one must not revoke the credential the current one still uses.
    let still_used_by = secret
        .versions
        .iter()
        .find(|o| o.n != n && o.state != State::Revoked && o.value.is_some() && o.value == v.value)
        .map(|o| o.n);
    let mut revoked = Revoked {
        name: name.to_owned(),
        version: n,
        command: false,
        still_used_by,
        forced: None,
    };
    if let (Some(script), None) = (&secret.policy.revoke_command, still_used_by) {
        match run_revoke_command(script, name, v, timeout) {
            Ok(()) => revoked.command = true,
            Err(e) if force => revoked.forced = Some(e.to_string()),
            Err(e) => return Err(e),
        }
    }
    if let Some(v) = secret.versions.iter_mut().find(|v| v.n == n) {
        // Dropping the SecretValue zeroizes it.
        v.value = None;
        v.state = State::Revoked;
        v.grace_until = None;
        v.revoked = Some(now);
    }
    secret.updated = now;
    Ok(revoked)
}

// ---------------------------------------------------------------------------
// Rollback

/// Make a new active version holding the value (and key id) of version `to`,
/// or of the newest live previous version. Returns (new version, source version).
pub fn rollback(
    vault: &mut Vault,
    name: &str,
    to: Option<u32>,
    now: Timestamp,
) -> Result<(u32, u32)> {
    let secret = lookup(vault, name)?;
    let current = secret.current().map(|v| v.n);
    let target = match to {
        Some(n) => n,
        None => secret
            .versions
            .iter()
            .rev()
            .find(|v| {
                v.state == State::Previous
                    && v.value.is_some()
                    && v.grace_until.is_none_or(|g| g > now)
            })
            .map(|v| v.n)
            .ok_or_else(|| {
                Error::usage(
                    format!("'{name}' has no earlier value that is still valid"),
                    format!("see `sesame show {name}`; store a value with `sesame set {name}`"),
                )
            })?,
    };
    if Some(target) == current {
        return Err(Error::usage(
            format!("version {target} is already the current version of '{name}'"),
            format!("pick an earlier one with --to N (see `sesame show {name}`)"),
        ));
    }
    // The same checks as `get --version`: not revoked, not past its grace, not expired.
    let (v, value) = super::live(vault, name, Some(target), now)?;
    let (value, id) = (value.clone(), v.id.clone());
    let max_versions = vault.max_versions;
    let secret = vault
        .secrets
        .get_mut(name)
        .ok_or_else(|| Error::NotFound { name: name.into() })?;
    let n = secret.push_value(value, id, now, max_versions);
    Ok((n, target))
}

// ---------------------------------------------------------------------------
// The schedule

/// When rotation of `secret` is due: its current version's creation plus max age.
pub fn rotation_due(secret: &Secret) -> Option<Timestamp> {
    let age = secret.policy.max_age?;
    let current = secret.current()?;
    time::add_secs(current.created, age).ok()
}

/// Previous versions of `secret` whose grace period has ended by `now` and
/// that still hold a value: (version, deadline).
pub fn grace_ended(secret: &Secret, now: Timestamp) -> Vec<(u32, Timestamp)> {
    secret
        .versions
        .iter()
        .filter(|v| v.state == State::Previous && v.value.is_some())
        .filter_map(|v| v.grace_until.filter(|g| *g <= now).map(|g| (v.n, g)))
        .collect()
}

/// What `rotate --due` will do.
#[derive(Debug, Default, Serialize)]
pub struct DuePlan {
    /// Secrets past their max age with a rotate command or generator.
    pub rotate: Vec<Due>,
    /// Secrets past their max age that need a person (no way to make a value).
    pub manual: Vec<Due>,
    /// Previous versions whose grace period has ended: to be revoked.
    pub finish: Vec<GraceEnd>,
}

/// A secret past its max age.
#[derive(Debug, Serialize)]
pub struct Due {
    /// The secret.
    pub name: String,
    /// When rotation became due.
    pub due: String,
    /// `rotate-command` or `generator`, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'static str>,
}

/// A previous version whose grace period has ended.
#[derive(Debug, Serialize)]
pub struct GraceEnd {
    /// The secret.
    pub name: String,
    /// The version.
    pub version: u32,
    /// When its grace period ended.
    pub ended: String,
}

/// Work out what `rotate --due` has to do at `now`.
pub fn due_plan(vault: &Vault, now: Timestamp) -> DuePlan {
    let mut plan = DuePlan::default();
    for (name, secret) in &vault.secrets {
        if let Some(due) = rotation_due(secret).filter(|d| *d <= now) {
            let item = Due {
                name: name.clone(),
                due: time::show(due),
                source: source_of(secret),
            };
            if item.source.is_some() {
                plan.rotate.push(item);
            } else {
                plan.manual.push(item);
            }
        }
        for (version, ended) in grace_ended(secret, now) {
            plan.finish.push(GraceEnd {
                name: name.clone(),
                version,
                ended: time::show(ended),
            });
        }
    }
    plan
}

/// One line of `status`.
#[derive(Debug, Serialize)]
pub struct StatusItem {
    /// The secret.
    pub name: String,
    /// `expired`, `overdue`, `grace-ended`, `expiring`, `due-soon`, `in-grace`, `stale` or `no-policy`.
    pub state: &'static str,
    /// The time that matters (expiry, due date, grace deadline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// The version concerned, for grace periods.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// Whether it makes `status` exit 8.
    pub attention: bool,
    #[serde(skip)]
    at: Option<Timestamp>,
}

impl StatusItem {
    /// The time that matters, exactly.
    pub fn at(&self) -> Option<Timestamp> {
        self.at
    }

    /// Order of severity (lower first).
    fn rank(&self) -> u8 {
        match self.state {
            "expired" => 0,
            "overdue" => 1,
            "grace-ended" => 2,
            "expiring" => 3,
            "due-soon" => 4,
            "in-grace" => 5,
            _ => 6,
        }
    }
}

/// The report of `status`.
#[derive(Debug, Serialize)]
pub struct Status {
    /// How many secrets with a live value were looked at.
    pub checked: usize,
    /// The look-ahead window, like `14d`.
    pub within: String,
    /// What needs attention or is coming up, most urgent first.
    pub items: Vec<StatusItem>,
    /// How many items make `status` exit 8.
    pub attention: usize,
}

/// Look at every secret with a live value at `now`: what is expired, expiring
/// within `within` seconds, past or near its max age, in or past a grace period,
/// and (listed; counted only when `strict`) what has no expiry and no max age.
///
/// With `stale`, secrets read by no `get`, `run` or `env` (per the audit log's
/// last reads) for that long, counted from their creation when never read, are
/// listed as `stale`: candidates for revocation. They do not make `status` exit 8.
pub fn status(
    vault: &Vault,
    now: Timestamp,
    within: u64,
    strict: bool,
    stale: Option<(u64, &std::collections::BTreeMap<String, Timestamp>)>,
) -> Result<Status> {
    let horizon = time::add_secs(now, within)?;
    let mut items = Vec::new();
    let mut checked = 0;
    let mut push = |name: &str, state, at: Option<Timestamp>, version, attention| {
        items.push(StatusItem {
            name: name.to_owned(),
            state,
            when: at.map(time::show),
            version,
            attention,
            at,
        });
    };
    for (name, secret) in &vault.secrets {
        if !secret.has_live_version() {
            continue;
        }
        checked += 1;
        match secret.policy.expires {
            Some(e) if e <= now => push(name, "expired", Some(e), None, true),
            Some(e) if e <= horizon => push(name, "expiring", Some(e), None, false),
            _ => {}
        }
        match rotation_due(secret) {
            Some(d) if d <= now => push(name, "overdue", Some(d), None, true),
            Some(d) if d <= horizon => push(name, "due-soon", Some(d), None, false),
            _ => {}
        }
        for v in &secret.versions {
            if v.state != State::Previous || v.value.is_none() {
                continue;
            }
            match v.grace_until {
                Some(g) if g <= now => push(name, "grace-ended", Some(g), Some(v.n), true),
                Some(g) => push(name, "in-grace", Some(g), Some(v.n), false),
                None => {}
            }
        }
        if let Some((age, reads)) = stale {
            let last = reads
                .get(name)
                .copied()
                .unwrap_or(secret.created)
                .max(secret.created);
            if time::add_secs(last, age).is_ok_and(|t| t <= now) {
                push(name, "stale", Some(last), None, false);
            }
        }
        if secret.policy.expires.is_none() && secret.policy.max_age.is_none() {
            push(name, "no-policy", None, None, strict);
        }
    }
    items.sort_by(|a, b| {
        (a.rank(), a.at, &a.name, a.version).cmp(&(b.rank(), b.at, &b.name, b.version))
    });
    let attention = items.iter().filter(|i| i.attention).count();
    Ok(Status {
        checked,
        within: time::format_duration(within),
        items,
        attention,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_parsing() {
        let v = parse_output(b"abc\n").unwrap();
        assert_eq!(v.value.expose(), "abc");
        assert!(v.id.is_none());
        let v = parse_output(b"abc\n\n").unwrap();
        assert_eq!(v.value.expose(), "abc\n");
        let v = parse_output(br#"{"id": "AKIA1", "value": "s3cr3t"}"#).unwrap();
        assert_eq!(
            (v.id.as_deref(), v.value.expose()),
            (Some("AKIA1"), "s3cr3t")
        );
        assert!(parse_output(b"").is_err());
        assert!(parse_output(b"\n").is_err());
        let e = parse_output(br#"{"value": "s3cr3t", "extra": 1}"#).unwrap_err();
        assert!(!e.contains("s3cr3t"));
        // JSON without a "value" key (a service-account file) is a value itself.
        let v = parse_output(br#"{"type": "service_account", "id": "x"}"#).unwrap();
        assert!(v.value.expose().contains("service_account"));
        assert!(v.id.is_none());
        assert!(parse_output(br#"{"value": 5}"#).is_err());
    }

    #[test]
    fn shell_timeout_kills_the_group() {
        let start = Instant::now();
        let r = run_shell("sleep 30 & sleep 30", &[], true, Duration::from_millis(300));
        assert!(matches!(r, Err(Failure::Timeout(_))), "{r:?}");
        assert!(start.elapsed() < Duration::from_secs(10));
    }
}
