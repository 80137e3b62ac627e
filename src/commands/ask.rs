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
