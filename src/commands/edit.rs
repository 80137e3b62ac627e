//! `sesame edit`: change metadata and policy, never the value.

use super::{Context, Intent, Output, Run, meta};
use crate::audit::{Action, Target};
use crate::cli::EditArgs;
use crate::error::{Error, Result};
use crate::lifecycle::{self, Meta};

impl Run for EditArgs {
    fn intent(&self) -> Option<Intent> {
        let action = if self.value {
            Action::Set
        } else {
            Action::Edit
        };
        Intent::new(action, [self.name.as_str()])
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let mut meta = meta(&self.meta, out)?;
        meta.untags = self.untags.clone();
        if self.value {
            if !meta.is_empty() {
                return Err(Error::usage(
                    "--value changes only the value",
                    format!(
                        "change the metadata in a second command: `sesame edit {} --max-age 90d`",
                        self.name
                    ),
                ));
            }
            return edit_value(&self.name, ctx, out);
        }
        if meta.is_empty() {
            return Err(Error::usage(
                "nothing to change",
                format!(
                    "give at least one flag, e.g. `sesame edit {} --max-age 90d` (see `sesame edit --help`)",
                    self.name
                ),
            ));
        }
        let now = crate::time::now();
        let mut tx = ctx.begin_names(&[self.name.as_str()])?;
        lifecycle::edit(&mut tx.vault, &self.name, &meta, now)?;
        let s = lifecycle::lookup(&tx.vault, &self.name)?;
        let info = serde_json::to_value(lifecycle::info(&self.name, s, now)).map_err(|e| {
            Error::Other(format!(
                "could not describe the secret ({e}) — it was not changed"
            ))
        })?;
        ctx.note_written(&tx.vault, &self.name, &meta)?;
        tx.commit()?;
        ctx.audit_written(Action::Edit, &[Target::name(&self.name)])?;
        if ctx.json {
            out.json(&info)?;
        } else {
            out.note(&format!("Updated {}.", self.name));
        }
        Ok(())
    }
}

/// `edit --value`: the current value in the user's editor ([`crate::editor`]);
/// a new version when it changed. The store is not locked while the editor
/// runs: if another version was stored meanwhile, nothing is stored.
fn edit_value(name: &str, ctx: &Context, out: &mut Output) -> Result<()> {
    let vault = ctx.load_selected(&|n| n == name)?;
    let (version, value) = lifecycle::live(&vault, name, None, crate::time::now())?;
    let edited_from = version.n;
    let Some(new) = crate::editor::edit_value(name, value)? else {
        if ctx.json {
            return out.json(
                &serde_json::json!({ "name": name, "version": edited_from, "changed": false }),
            );
        }
        out.note(&format!(
            "{name} is unchanged (version {edited_from}); nothing was stored."
        ));
        return Ok(());
    };
    drop(vault);
    let now = crate::time::now();
    let mut tx = ctx.begin()?;
    let current = lifecycle::live(&tx.vault, name, None, now)?.0.n;
    if current != edited_from {
        return Err(Error::Other(format!(
            "'{name}' got version {current} while the editor was open (it was {edited_from}) — nothing was stored; run `sesame edit {name} --value` again"
        )));
    }
    let meta = Meta::default();
    let n = lifecycle::put_version(&mut tx.vault, name, new, None, &meta, None, now)?;
    ctx.note_written(&tx.vault, name, &meta)?;
    tx.commit()?;
    ctx.audit_written(Action::Set, &[Target::version(name, n)])?;
    if ctx.json {
        return out.json(&serde_json::json!({ "name": name, "version": n, "changed": true }));
    }
    out.note(&format!("Stored {name} (version {n})."));
    Ok(())
}
