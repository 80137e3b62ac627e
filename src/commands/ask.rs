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

/// The keys that mean something while a paste is read.
#[derive(Debug, Clone, Copy)]
struct Keys {
    eof: u8,
    intr: u8,
    quit: u8,
    erase: u8,
    kill: u8,
}

impl Default for Keys {
    /// The usual ones: Ctrl-D, Ctrl-C, Ctrl-\, DEL, Ctrl-U.
    fn default() -> Self {
        Keys {
            eof: 0x04,
            intr: 0x03,
            quit: 0x1c,
            erase: 0x7f,
            kill: 0x15,
        }
    }
}

/// The terminal with echo off and line editing (canonical mode) off, until
/// dropped (then the settings it found again). In canonical mode the kernel
/// keeps at most 4095 bytes of a line and silently drops the rest, so a
/// pasted line of any length is read byte by byte instead, and Ctrl-D,
/// Ctrl-C and erase are handled here ([`Paste::feed`]).
struct Raw<'a> {
    tty: &'a std::fs::File,
    saved: rustix::termios::Termios,
}

impl<'a> Raw<'a> {
    fn new(tty: &'a std::fs::File) -> std::io::Result<(Self, Keys)> {
        use rustix::termios::{
            LocalModes, OptionalActions, SpecialCodeIndex as I, tcgetattr, tcsetattr,
        };
        let saved = tcgetattr(tty)?;
        let code = |i: I, usual: u8| match saved.special_codes[i] {
            0 => usual, // _POSIX_VDISABLE on Linux: keep the usual key working
            c => c,
        };
        let usual = Keys::default();
        let keys = Keys {
            eof: code(I::VEOF, usual.eof),
            intr: code(I::VINTR, usual.intr),
            quit: code(I::VQUIT, usual.quit),
            erase: code(I::VERASE, usual.erase),
            kill: code(I::VKILL, usual.kill),
        };
        let mut raw = saved.clone();
        // ECHONL would still show each newline: keep the shape of the paste hidden too.
        // ISIG off: Ctrl-C arrives as a byte, so the settings are always restored.
        raw.local_modes.remove(
            LocalModes::ECHO
                | LocalModes::ECHONL
                | LocalModes::ICANON
                | LocalModes::ISIG
                | LocalModes::IEXTEN,
        );
        raw.special_codes[I::VMIN] = 1;
        raw.special_codes[I::VTIME] = 0;
        tcsetattr(tty, OptionalActions::Now, &raw)?;
        Ok((Raw { tty, saved }, keys))
    }
}

impl Drop for Raw<'_> {
    fn drop(&mut self) {
        use rustix::termios::{OptionalActions, tcsetattr};
        let _ = tcsetattr(self.tty, OptionalActions::Now, &self.saved);
    }
}

/// The most `set -m` takes at the prompt.
const PASTE_MAX: usize = 64 * 1024;

/// What a chunk of typed bytes did to the paste.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    More,
    Done,
    Cancelled,
    TooLong,
}

/// A value being pasted, in a buffer sized up front (a growing buffer would
/// free unzeroed copies of the value).
struct Paste {
    bytes: zeroize::Zeroizing<Vec<u8>>,
    keys: Keys,
}

impl Paste {
    fn new(keys: Keys) -> Self {
        Paste {
            bytes: zeroize::Zeroizing::new(Vec::with_capacity(PASTE_MAX)),
            keys,
        }
    }

    /// Take typed bytes as the terminal's line editing would: Ctrl-D ends
    /// the value (what came before it is kept, so Ctrl-D after the last
    /// character leaves no final newline), Ctrl-C or Ctrl-\ cancels, erase
    /// removes the last character of the line, kill the whole line.
    fn feed(&mut self, chunk: &[u8]) -> Step {
        for &b in chunk {
            match b {
                _ if b == self.keys.eof => return Step::Done,
                _ if b == self.keys.intr || b == self.keys.quit => return Step::Cancelled,
                _ if b == self.keys.erase || b == 0x08 => {
                    // One character: its UTF-8 continuation bytes too.
                    while let Some(&last) = self.bytes.last() {
                        if last == b'\n' {
                            break;
                        }
                        self.bytes.pop();
                        if last & 0xc0 != 0x80 {
                            break;
                        }
                    }
                }
                _ if b == self.keys.kill => {
                    while self.bytes.last().is_some_and(|&l| l != b'\n') {
                        self.bytes.pop();
                    }
                }
                _ if self.bytes.len() == PASTE_MAX => return Step::TooLong,
                _ => self.bytes.push(b),
            }
        }
        Step::More
    }
}

/// Read a pasted value of any number of lines, of any length, from the
/// terminal, not shown, until Ctrl-D. The bytes are kept as typed (the
/// newline rule of `value::input_bytes` then applies).
pub(crate) fn multiline(name: &str) -> Result<zeroize::Zeroizing<Vec<u8>>> {
    use std::io::Read;
    let tty = OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .context(|| "could not open the terminal".into())?;
    let mut writer = &tty;
    let bytes = {
        // Echo goes off before the prompt shows, so no early paste is echoed.
        let (_raw, keys) = Raw::new(&tty).context(|| "could not turn echo off".into())?;
        let mut paste = Paste::new(keys);
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
            match if n == 0 {
                Step::Done
            } else {
                paste.feed(&chunk[..n])
            } {
                Step::More => {}
                Step::Done => break paste.bytes,
                Step::Cancelled => {
                    return Err(Error::Other(
                        "the paste was cancelled — nothing was stored".into(),
                    ));
                }
                Step::TooLong => {
                    return Err(Error::usage(
                        "the pasted value is longer than 64 KiB",
                        "nothing was stored; pipe it instead: sesame set NAME < file",
                    ));
                }
            }
        }
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pasted(chunks: &[&[u8]]) -> (Vec<u8>, Step) {
        let mut p = Paste::new(Keys::default());
        for c in chunks {
            let step = p.feed(c);
            if step != Step::More {
                return (p.bytes.to_vec(), step);
            }
        }
        (p.bytes.to_vec(), Step::More)
    }

    #[test]
    fn a_long_line_is_kept_whole_and_ctrl_d_ends_it() {
        let line = vec![b'x'; 5000];
        let (got, step) = pasted(&[&line, b"\nsecond line\n\x04ignored"]);
        assert_eq!(step, Step::Done);
        assert_eq!(got.len(), 5000 + 1 + 12);
        assert!(got.ends_with(b"x\nsecond line\n"));
    }

    #[test]
    fn erase_and_kill_edit_the_current_line_only() {
        let (got, _) = pasted(&["ab\ncé\x7f\x7f\x7fd\n".as_bytes(), b"zz\x15q\x04"]);
        assert_eq!(got, b"ab\nd\nq");
        let (got, step) = pasted(&[b"secret\x03"]);
        assert_eq!(step, Step::Cancelled);
        assert_eq!(got, b"secret"); // dropped (and zeroized) by the caller
    }

    #[test]
    fn more_than_the_limit_is_refused() {
        let big = vec![b'a'; PASTE_MAX + 1];
        assert_eq!(pasted(&[&big]).1, Step::TooLong);
    }
}
