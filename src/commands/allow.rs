//! `sesame allow` and `sesame deny`: approve project files by content.

use serde::Serialize;

use super::{Context, Output, Run};
use crate::cli::{AllowArgs, DenyArgs};
use crate::error::Result;
use crate::inject::project::{Project, hex};
use crate::inject::trust::{self, Approvals};

#[derive(Serialize)]
struct Listed<'a> {
    path: &'a str,
    sha256: &'a str,
    /// `approved` (the file is as approved), `changed`, or `missing`.
    status: &'static str,
}

impl Run for AllowArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        if self.list {
            return list(ctx, out);
        }
        let path = trust::target(self.path.as_deref())?;
        let project = Project::load(&path)?;
        let mut approvals = Approvals::load()?;
        let changed = approvals.allow(&project)?;
        let sha = hex(&project.sha256);
        if ctx.json {
            return out.json(&serde_json::json!({
                "path": project.path.to_string_lossy(),
                "sha256": sha,
                "approved": true,
                "was_approved": !changed,
            }));
        }
        out.note(&format!(
            "{} {} (SHA-256 {sha}); it injects:",
            if changed {
                "Approved"
            } else {
                "Already approved:"
            },
            project.path.display()
        ));
        for line in trust::injects(&project, None).lines() {
            out.note(line);
        }
        Ok(())
    }
}

fn list(ctx: &Context, out: &mut Output) -> Result<()> {
    let approvals = Approvals::load()?;
    let rows: Vec<Listed<'_>> = approvals
        .list()
        .iter()
        .map(|a| Listed {
            path: &a.path,
            sha256: &a.sha256,
            status: match Project::load(std::path::Path::new(&a.path)) {
                Ok(p) if hex(&p.sha256) == a.sha256 && p.path.to_str() == Some(&a.path) => {
                    "approved"
                }
                Ok(_) => "changed",
                Err(_) if !std::path::Path::new(&a.path).exists() => "missing",
                Err(_) => "changed",
            },
        })
        .collect();
    if ctx.json {
        return out.json(&rows);
    }
    if rows.is_empty() {
        out.note("No project file is approved.");
    }
    for r in &rows {
        out.line(&format!(
            "{:<8}  {}  {}",
            r.status,
            &r.sha256[..12.min(r.sha256.len())],
            r.path
        ))?;
    }
    Ok(())
}

impl Run for DenyArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let path = trust::target(self.path.as_deref())?;
        // The approval names the real path; a file that is gone is named as given.
        let path = path.canonicalize().unwrap_or_else(|_| {
            std::env::current_dir()
                .map(|d| d.join(&path))
                .unwrap_or(path)
        });
        let had = Approvals::load()?.deny(&path)?;
        if ctx.json {
            return out.json(&serde_json::json!({
                "path": path.to_string_lossy(),
                "was_approved": had,
            }));
        }
        out.note(&if had {
            format!("{} is no longer approved.", path.display())
        } else {
            format!("{} was not approved.", path.display())
        });
        Ok(())
    }
}
