//! `get -c`: the value to the clipboard, cleared after 45 seconds if the
//! clipboard still holds it (README "Clipboard").
//!
//! On X11 and Wayland a selection lives only as long as a process serves it,
//! so `get` starts a detached holder: this binary again, as the hidden
//! command [`HOLD_COMMAND`], in its own process group, its stderr to
//! /dev/null. The value goes to it through a pipe on its stdin (never argv or
//! the environment) into zeroized memory; it sets the clipboard through
//! arboard (marked for clipboard managers to leave out of their history),
//! answers `ok` or the error on its stdout, and then checks every quarter
//! second that the clipboard still holds the value: once another copy
//! replaced it, the holder ends; at the deadline it clears it. Over SSH with
//! no display the value goes to the terminal as OSC 52; the terminal's
//! clipboard can't be read back, so it is not cleared.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::value::SecretValue;

/// The hidden command of the holder (`sesame __clipboard-hold SECONDS`).
pub const HOLD_COMMAND: &str = "__clipboard-hold";

/// How long the clipboard holds a value.
pub(crate) const SECONDS: u64 = 45;

/// A shorter hold for the tests, read only by debug builds (the tests run
/// one); a release build always holds for [`SECONDS`].
const TEST_SECONDS: &str = "SESAME_TEST_CLIPBOARD_SECONDS";

/// Where the value went.
pub(crate) enum Copied {
    /// The X11 or Wayland clipboard, cleared after `seconds`.
    Display { seconds: u64 },
    /// The terminal's clipboard, through OSC 52 (not cleared).
    Terminal,
}

fn hold_seconds() -> u64 {
    if cfg!(debug_assertions)
        && let Some(s) = std::env::var(TEST_SECONDS)
            .ok()
            .and_then(|s| s.parse().ok())
    {
        return s;
    }
    SECONDS
}

fn set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

/// Copy `value` to the clipboard this session has.
pub(crate) fn copy(value: &SecretValue) -> Result<Copied> {
    if set("WAYLAND_DISPLAY") || set("DISPLAY") {
        let seconds = hold_seconds();
        start_holder(value, seconds)?;
        return Ok(Copied::Display { seconds });
    }
    if set("SSH_TTY") {
        osc52(value)?;
        return Ok(Copied::Terminal);
    }
    Err(Error::Other(
        "no clipboard here: neither DISPLAY nor WAYLAND_DISPLAY is set, and this is not an SSH session (SSH_TTY) whose terminal could take it — print it with `sesame get NAME`, or hand it over with `sesame run`".into(),
    ))
}

/// Start the holder, hand it the value, and wait for its answer.
fn start_holder(value: &SecretValue, seconds: u64) -> Result<()> {
    use std::os::unix::process::CommandExt;
    let exe = std::env::current_exe()
        .map_err(|e| Error::Other(format!("could not find sesame's own binary: {e}")))?;
    let mut child = Command::new(exe)
        .arg(HOLD_COMMAND)
        .arg(seconds.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        // It outlives this command by 45 s: it keeps only what it needs to
        // reach the display (no SESAME_PASSWORD in its /proc environ).
        .env_clear()
        .envs(
            [
                "DISPLAY",
                "WAYLAND_DISPLAY",
                "XDG_RUNTIME_DIR",
                "XAUTHORITY",
                TEST_SECONDS,
            ]
            .iter()
            .filter_map(|k| std::env::var_os(k).map(|v| (*k, v))),
        )
        // It pins no directory of the user's.
        .current_dir("/")
        // Its own process group: Ctrl-C at the prompt does not end it.
        .process_group(0)
        .spawn()
        .map_err(|e| Error::Other(format!("could not start the clipboard holder: {e}")))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A holder that died early shows in its answer below.
        let _ = stdin.write_all(value.expose().as_bytes());
    }
    // One line: the holder keeps its stdout open while it holds the value.
    let mut answer = String::new();
    if let Some(stdout) = child.stdout.take() {
        let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut answer);
    }
    match answer.trim_end() {
        "ok" => Ok(()),
        "" => {
            let _ = child.wait();
            Err(Error::Other(
                "the clipboard holder ended without an answer: nothing was copied".into(),
            ))
        }
        why => {
            let _ = child.wait();
            Err(Error::Other(format!(
                "could not copy to the clipboard: {}",
                crate::escape::escaped(why)
            )))
        }
    }
}

/// OSC 52 to the controlling terminal: the terminal (and over SSH, the
/// one on the user's machine) puts the value on its clipboard.
fn osc52(value: &SecretValue) -> Result<()> {
    use base64::Engine;
    let mut seq = Zeroizing::new(String::from("\x1b]52;c;"));
    base64::engine::general_purpose::STANDARD.encode_string(value.expose(), &mut seq);
    seq.push('\x07');
    let mut tty = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/tty")
        .map_err(|e| Error::Other(format!("could not open the terminal for OSC 52: {e}")))?;
    tty.write_all(seq.as_bytes())
        .and_then(|()| tty.flush())
        .map_err(|e| Error::Other(format!("could not write to the terminal: {e}")))
}

/// The holder's main (`sesame __clipboard-hold SECONDS`, value on stdin).
pub fn hold_main(args: &[OsString]) -> ExitCode {
    let seconds = args
        .first()
        .and_then(|s| s.to_str())
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(SECONDS);
    let mut value = Zeroizing::new(Vec::new());
    let read = std::io::stdin().read_to_end(&mut value);
    let mut out = std::io::stdout();
    let text = match (read, std::str::from_utf8(&value)) {
        (Ok(_), Ok(t)) => Zeroizing::new(t.to_owned()),
        _ => {
            let _ = writeln!(out, "the value could not be read");
            return ExitCode::FAILURE;
        }
    };
    drop(value);
    match hold(&text, Duration::from_secs(seconds), &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            let _ = writeln!(out, "{why}");
            ExitCode::FAILURE
        }
    }
}

/// Set the clipboard, answer `ok`, and clear it at the deadline if it still
/// holds `text`.
#[cfg(target_os = "linux")]
fn hold(text: &str, hold_for: Duration, out: &mut std::io::Stdout) -> Result<(), String> {
    use arboard::SetExtLinux;
    let deadline = Instant::now() + hold_for;
    let mut clipboard = arboard::Clipboard::new().map_err(|e| e.to_string())?;
    // arboard keeps its own copy of the text while it serves it; that copy
    // is not zeroized (it ends with this process, 45 s from now).
    clipboard
        .set()
        .exclude_from_history()
        .text(text.to_owned())
        .map_err(|e| e.to_string())?;
    let _ = writeln!(out, "ok");
    let _ = out.flush();
    loop {
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        std::thread::sleep((deadline - now).min(Duration::from_millis(250)));
        if !still_holds(&mut clipboard, text) {
            // Replaced by another copy: not ours to clear.
            return Ok(());
        }
    }
    if still_holds(&mut clipboard, text) {
        clipboard.clear().map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn hold(_: &str, _: Duration, _: &mut std::io::Stdout) -> Result<(), String> {
    Err("this build of sesame has no clipboard support on this system".into())
}

#[cfg(target_os = "linux")]
fn still_holds(clipboard: &mut arboard::Clipboard, text: &str) -> bool {
    clipboard
        .get_text()
        .map(Zeroizing::new)
        .is_ok_and(|now| now.as_str() == text)
}
