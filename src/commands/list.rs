//! `sesame list`: names, sorted; state, expiry and description with
//! `--long`; metadata with `--json`; never values.

use std::io::IsTerminal;

use super::{Context, Intent, Output, Run};
use crate::audit::Action;
use crate::cli::ListArgs;
use crate::error::Result;
use crate::lifecycle::{self, Info};
use crate::name;
use crate::vault::v2::Listing;

impl Run for ListArgs {
    fn intent(&self) -> Option<Intent> {
        Intent::new(Action::List, [])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        // Values are never printed here: parsed without them.
        let listing = ctx.load_metadata()?;
        // Names and metadata only: recorded as an access, not as a read of values.
        ctx.audit(Action::List, &[])?;
        let printed = self.print(&listing, ctx, out);
        // Not freed entry by entry: it holds no values (each is an empty
        // stand-in), and the process ends here; at 10,000 secrets the frees
        // were 3% of the command.
        std::mem::forget(listing);
        printed
    }
}

impl ListArgs {
    fn print(&self, listing: &Listing, ctx: &Context, out: &mut Output) -> Result<()> {
        let now = crate::time::now();
        let prefix = self.prefix.as_deref().unwrap_or("");
        let selected = listing
            .from(prefix)
            .take_while(|(name, _)| name.starts_with(prefix))
            .filter(|(n, _)| {
                self.pattern
                    .as_deref()
                    .is_none_or(|p| name::matches_pattern(p, n))
            })
            .filter(|(_, s)| self.tags.iter().all(|t| s.tags.contains(t)))
            .filter(|(_, s)| self.all || s.has_live_version());
        if ctx.json {
            let infos: Vec<_> = selected.map(|(n, s)| lifecycle::info(n, s, now)).collect();
            return out.json(&infos);
        }
        if self.long {
            let infos: Vec<Info<'_>> = selected.map(|(n, s)| lifecycle::info(n, s, now)).collect();
            let text = if std::io::stdout().is_terminal() {
                tree(&infos)
            } else {
                long_lines(&infos)
            };
            return out.raw(text.as_bytes());
        }
        // One write for the whole list: stdout is line-buffered, and 10,000
        // names were 10,000 system calls.
        let mut text = String::new();
        for (name, _) in selected {
            text.push_str(&crate::escape::escaped(name));
            text.push('\n');
        }
        out.raw(text.as_bytes())
    }
}

/// `state  expires  description` after a name (`-` for none).
fn details(i: &Info<'_>) -> String {
    let expires = i
        .expires
        .as_deref()
        .map_or("-", |e| e.split('T').next().unwrap_or(e));
    // Descriptions are the user's own text; control characters would reach
    // the terminal, so they are shown as spaces.
    let description: String = i
        .description
        .unwrap_or("")
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("{:<8} {:<10}  {description}", i.state, expires)
        .trim_end()
        .to_owned()
}

/// One line per secret: the name, then its details, in aligned columns.
fn long_lines(infos: &[Info<'_>]) -> String {
    let width = infos.iter().map(|i| i.name.len()).max().unwrap_or(0);
    infos
        .iter()
        .map(|i| format!("{:<width$}  {}\n", i.name, details(i)))
        .collect()
}

/// The names as a tree of their segments, each leaf with its details.
fn tree(infos: &[Info<'_>]) -> String {
    let mut out = String::new();
    let mut open: Vec<&str> = Vec::new();
    let leaf_width = infos
        .iter()
        .map(|i| {
            let depth = i.name.matches('/').count();
            2 * depth + i.name.rsplit('/').next().map_or(0, str::len)
        })
        .max()
        .unwrap_or(0);
    for i in infos {
        let segments: Vec<&str> = i.name.split('/').collect();
        let (dirs, leaf) = segments.split_at(segments.len() - 1);
        let same = open.iter().zip(dirs).take_while(|(a, b)| a == b).count();
        open.truncate(same);
        for (depth, dir) in dirs.iter().enumerate().skip(same) {
            out.push_str(&format!("{}{dir}/\n", "  ".repeat(depth)));
            open.push(dir);
        }
        let label = format!("{}{}", "  ".repeat(dirs.len()), leaf[0]);
        out.push_str(&format!("{label:<leaf_width$}  {}\n", details(i)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::model::Secret;

    #[test]
    fn a_tree_opens_each_directory_once() {
        let now = crate::time::now();
        let s = Secret::new(now);
        let names = ["aws/prod/deploy", "aws/prod/read", "aws/dev/x", "top"];
        let infos: Vec<Info<'_>> = names.iter().map(|n| lifecycle::info(n, &s, now)).collect();
        let text = tree(&infos);
        let firsts: Vec<&str> = text
            .lines()
            .map(|l| l.split("  ").next().unwrap_or(l))
            .collect();
        assert_eq!(text.matches("aws/").count(), 1, "{text}");
        assert_eq!(text.matches("prod/").count(), 1, "{text}");
        assert!(text.contains("\n  dev/\n    x "), "{text}");
        assert_eq!(firsts.len(), 7, "{text}");
    }
}
