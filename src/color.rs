//! Restrained colour on a terminal: the states of `status`, `show`, `audit`
//! and `scan`, and the `sesame:` of errors and warnings.
//!
//! Colour is on only when the stream is a terminal, `--no-color` was not given,
//! `NO_COLOR` is unset or empty and `TERM` is not `dumb`; `CLICOLOR_FORCE`
//! (set, not `0`) turns it on anyway, pipes included, as its convention says.
//! The styles are `anstyle`'s (what clap uses); the decision is sesame's own.

use std::io::IsTerminal;

use anstyle::{AnsiColor, Style};

/// Whether to colour one stream.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Paint(bool);

/// A failure or something past due.
pub(crate) const BAD: Style = AnsiColor::Red.on_default().bold();
/// Something coming up.
pub(crate) const SOON: Style = AnsiColor::Yellow.on_default();
/// Fine.
pub(crate) const GOOD: Style = AnsiColor::Green.on_default();
/// Information that matters less.
pub(crate) const DIM: Style = Style::new().dimmed();

impl Paint {
    /// For stdout (`stdout: true`) or stderr, given `--no-color`.
    pub fn new(stdout: bool, no_color_flag: bool) -> Paint {
        let tty = if stdout {
            std::io::stdout().is_terminal()
        } else {
            std::io::stderr().is_terminal()
        };
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        Paint(decide(
            no_color_flag,
            var("NO_COLOR").is_some(),
            var("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
            var("TERM").is_some_and(|t| t == "dumb"),
            tty,
        ))
    }

    /// `text` in `style`, or as it is when colour is off.
    pub fn paint(self, style: Style, text: &str) -> String {
        if self.0 {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_owned()
        }
    }

    /// `sesame:` for the start of an error line.
    pub fn error_prefix(self) -> String {
        self.paint(BAD, "sesame:")
    }
}

/// The rule, apart from the environment, so it can be tested.
fn decide(flag: bool, no_color: bool, force: bool, dumb: bool, tty: bool) -> bool {
    if flag || no_color {
        return false;
    }
    force || (tty && !dumb)
}

/// The style of a secret's or a version's state.
pub(crate) fn state_style(state: &str) -> Style {
    match state {
        "expired" | "exposed" | "overdue" | "grace-ended" | "revoked" | "merge-conflict" => BAD,
        "expiring" | "due-soon" | "in-grace" | "previous" => SOON,
        "active" | "ok" => GOOD,
        _ => DIM,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_unless_a_terminal_and_never_against_the_user() {
        assert!(decide(false, false, false, false, true));
        assert!(!decide(false, false, false, false, false), "a pipe");
        assert!(!decide(true, false, true, false, true), "--no-color wins");
        assert!(!decide(false, true, true, false, true), "NO_COLOR wins");
        assert!(decide(false, false, true, false, false), "CLICOLOR_FORCE");
        assert!(!decide(false, false, false, true, true), "TERM=dumb");
        assert_eq!(Paint(false).paint(BAD, "x"), "x");
        assert_eq!(Paint(true).paint(BAD, "x"), "\u{1b}[1m\u{1b}[31mx\u{1b}[0m");
    }
}
