//! Questions on the terminal that are not passwords: "really?" before
//! something that cannot be undone.
//!
//! Like the password prompt they talk to `/dev/tty`, never to stdin, so a value
//! piped in is never taken for an answer.

use std::fs::OpenOptions;
use std::io::{BufRead, BufReader, Write};

use super::Context;
use crate::error::{Error, IoContext, Result};

/// Ask `question` (a `[y/N]` is added) on the terminal. `Ok(None)` when there
/// is no terminal to ask on; `Ok(Some(true))` only for `y` or `yes`.
pub(crate) fn confirm(ctx: &Context, question: &str) -> Result<Option<bool>> {
    if !ctx.prompt().available() {
        return Ok(None);
    }
    let tty = OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .context(|| "could not open the terminal".into())?;
    let mut writer = &tty;
    write!(writer, "{question} [y/N] ")
        .and_then(|()| writer.flush())
        .context(|| "could not write to the terminal".into())?;
    let mut answer = String::new();
    BufReader::new(&tty)
        .read_line(&mut answer)
        .context(|| "could not read from the terminal".into())?;
    let answer = answer.trim().to_ascii_lowercase();
    Ok(Some(answer == "y" || answer == "yes"))
}

/// Go ahead only when `--force`/`--yes` was given or the person at the
/// terminal says yes. `what` says what would happen ("revoking 'k' wipes …"),
/// `question` asks it, `flag_hint` is the command line that needs no question.
pub(crate) fn require_confirmation(
    ctx: &Context,
    given: bool,
    what: &str,
    question: &str,
    flag_hint: &str,
) -> Result<()> {
    if given {
        return Ok(());
    }
    match confirm(ctx, question)? {
        Some(true) => Ok(()),
        Some(false) => Err(Error::Other(format!(
            "{what}: not confirmed — nothing was changed"
        ))),
        None => Err(Error::usage(
            format!("{what}, and there is no terminal to confirm on"),
            format!("run `{flag_hint}` to do it"),
        )),
    }
}

/// Echo off on a terminal until dropped (then the settings it found again).
struct EchoOff<'a> {
    tty: &'a std::fs::File,
    saved: rustix::termios::Termios,
}

impl<'a> EchoOff<'a> {
    fn new(tty: &'a std::fs::File) -> std::io::Result<Self> {
        use rustix::termios::{LocalModes, OptionalActions, tcgetattr, tcsetattr};
        let saved = tcgetattr(tty)?;
        let mut quiet = saved.clone();
        quiet.local_modes.remove(LocalModes::ECHO);
        // ECHONL would still show each newline: keep the shape of the paste hidden too.
        quiet.local_modes.remove(LocalModes::ECHONL);
        tcsetattr(tty, OptionalActions::Now, &quiet)?;
        Ok(EchoOff { tty, saved })
    }
}

impl Drop for EchoOff<'_> {
    fn drop(&mut self) {
        use rustix::termios::{OptionalActions, tcsetattr};
        let _ = tcsetattr(self.tty, OptionalActions::Now, &self.saved);
    }
}

/// Read a pasted value of any number of lines from the terminal, not shown,
/// until Ctrl-D at the start of a line. The bytes are kept as typed (the
/// newline rule of `value::input_bytes` then applies).
pub(crate) fn multiline(name: &str) -> Result<zeroize::Zeroizing<Vec<u8>>> {
    use std::io::Read;
    let tty = OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .context(|| "could not open the terminal".into())?;
    let mut writer = &tty;
    // Sized up front: a growing buffer would free unzeroed copies of the value.
    let mut bytes = zeroize::Zeroizing::new(Vec::with_capacity(64 * 1024));
    {
        // Echo goes off before the prompt shows, so no early paste is echoed.
        let _quiet = EchoOff::new(&tty).context(|| "could not turn echo off".into())?;
        writeln!(
            writer,
            "Paste the value for {name}, then press Ctrl-D on a line of its own (it is not shown):"
        )
        .context(|| "could not write to the terminal".into())?;
        let mut chunk = zeroize::Zeroizing::new([0u8; 4096]);
        loop {
            let n = (&tty)
                .read(&mut chunk[..])
                .context(|| "could not read from the terminal".into())?;
            if n == 0 {
                break;
            }
            if bytes.len() + n > bytes.capacity() {
                return Err(Error::usage(
                    "the pasted value is longer than 64 KiB",
                    "nothing was stored; pipe it instead: sesame set NAME < file",
                ));
            }
            bytes.extend_from_slice(&chunk[..n]);
        }
    }
    let lines = bytes.iter().filter(|b| **b == b'\n').count();
    writeln!(
        writer,
        "Read {} bytes on {} lines.",
        bytes.len(),
        lines.max(1)
    )
    .context(|| "could not write to the terminal".into())?;
    Ok(bytes)
}
