//! `sesame get`: print a live value.

use super::{Context, Intent, Output, Run};
use crate::audit::{Action, Target};
use crate::cli::GetArgs;
use crate::error::Result;
use crate::escape;
use crate::lifecycle;
use std::io::IsTerminal;
use zeroize::Zeroizing;

impl Run for GetArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::Get, [self.name.as_str()])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let vault = ctx.load_names(&[self.name.as_str()])?;
        let (version, value) =
            lifecycle::live(&vault, &self.name, self.version, crate::time::now())?;
        ctx.audit(Action::Get, &[Target::version(&self.name, version.n)])?;
        if self.copy {
            return copy(out, &self.name, value);
        }
        if ctx.json {
            // Borrowed fields: `json!` would copy the value into a String that
            // is freed without being zeroized.
            #[derive(serde::Serialize)]
            struct Got<'a> {
                name: &'a str,
                version: u32,
                id: Option<&'a str>,
                value: &'a str,
            }
            return out.json(&Got {
                name: &self.name,
                version: version.n,
                id: version.id.as_deref(),
                value: value.expose(),
            });
        }
        let text = value.expose();
        let terminal = std::io::stdout().is_terminal();
        let unsafe_here = |c: char| c != '\n' && escape::is_unsafe(c);
        if !self.raw && terminal && text.chars().any(unsafe_here) {
            // A value that could drive the terminal is shown escaped there, line
            // by line (a PEM key stays readable); into a pipe or a file (or with
            // --raw) it is the bytes.
            let mut shown = Zeroizing::new(String::with_capacity(text.len() * 4 + 1));
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    shown.push('\n');
                }
                escape::escape_into(line, &mut shown);
            }
            out.raw(shown.as_bytes())?;
        } else {
            out.raw(text.as_bytes())?;
        }
        if !self.no_newline {
            out.raw(crate::value::get_suffix(value, terminal))?;
        }
        Ok(())
    }
}

/// `get -c`: to the clipboard, and a note of where it went (never the value).
fn copy(out: &Output, name: &str, value: &crate::value::SecretValue) -> Result<()> {
    let name = escape::escaped(name);
    match crate::clipboard::copy(value)? {
        crate::clipboard::Copied::Display { seconds } => out.note(&format!(
            "Copied {name} to the clipboard; cleared in {seconds} s if it still holds it."
        )),
        crate::clipboard::Copied::Terminal => out.note(&format!(
            "Copied {name} to the terminal's clipboard (OSC 52, over SSH). sesame can't read it back, so it does not clear it: copy something else once pasted."
        )),
    }
    Ok(())
}
