//! `sesame hook install|uninstall`: the git pre-commit hook.

use super::{Context, Output, Run};
use crate::cli::{HookAction, HookArgs};
use crate::error::{IoContext, Result};
use crate::scan::hook::{self, Installed, Uninstalled};

impl Run for HookArgs {
    fn run(self, _ctx: &Context, out: &mut Output) -> Result<()> {
        let dir = hook::hooks_dir()?;
        match self.action {
            HookAction::Install(a) => {
                let exe = std::env::current_exe()
                    .context(|| "could not find the path of this sesame".into())?;
                let (path, done) = hook::install(&dir, &exe, a.force)?;
                match done {
                    Installed::New => out.note(&format!("installed {}", path.display())),
                    Installed::Updated => out.note(&format!("updated {}", path.display())),
                    Installed::Replaced { backup } => out.note(&format!(
                        "installed {}; the previous hook is kept as {}",
                        path.display(),
                        backup.display()
                    )),
                }
            }
            HookAction::Uninstall => {
                let (path, done) = hook::uninstall(&dir)?;
                match done {
                    Uninstalled::Absent => {
                        out.note(&format!("no hook at {}: nothing to do", path.display()))
                    }
                    Uninstalled::Removed => out.note(&format!("removed {}", path.display())),
                    Uninstalled::Restored => out.note(&format!(
                        "removed sesame's hook; the previous one is back at {}",
                        path.display()
                    )),
                }
            }
        }
        Ok(())
    }
}
