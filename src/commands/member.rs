//! `sesame member add/list/remove/replace`: the signed member list of a
//! (team) store. Only admins change it; that is enforced when the store is
//! read (the list must be signed by a pinned admin), not here.

use std::path::Path;

use serde::Serialize;

use super::{Context, Intent, Output, Run};
use crate::audit::Action;
use crate::cli::{
    MemberAccessArgs, MemberAddArgs, MemberCommand, MemberListArgs, MemberRemoveArgs,
    MemberReplaceArgs, MemberRole,
};
use crate::error::{Error, IoContext, Result};
use crate::vault::signed::{self, JoinBody, Member, Role};
use crate::vault::team::Removed;

impl Run for MemberCommand {
    fn intent(&self) -> Option<Intent> {
        match self {
            MemberCommand::List(_) => None,
            MemberCommand::Access(a) if a.shows() => None,
            _ => Intent::new(Action::Member, []),
        }
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        match self {
            MemberCommand::Add(a) => a.run(ctx, out),
            MemberCommand::List(a) => a.run(ctx, out),
            MemberCommand::Remove(a) => a.run(ctx, out),
            MemberCommand::Replace(a) => a.run(ctx, out),
            MemberCommand::Access(a) => a.run(ctx, out),
        }
    }
}

fn role(r: MemberRole) -> Role {
    match r {
        MemberRole::Admin => Role::Admin,
        MemberRole::Writer => Role::Writer,
        MemberRole::Reader => Role::Reader,
    }
}

/// A join request given as itself or as a file holding it, checked.
fn request(arg: &str, name: &str) -> Result<JoinBody> {
    let text = if arg.trim_start().starts_with(signed::JOIN_PREFIX) {
        arg.to_owned()
    } else if Path::new(arg).is_file() {
        std::fs::read_to_string(arg).context(|| format!("could not read {arg}"))?
    } else {
        return Err(Error::usage(
            "REQUEST is neither a join request (SESAME-JOIN-1…) nor a file holding one",
            "pass what `sesame team join` printed; nothing was changed",
        ));
    };
    let body = signed::parse_join_request(&text)
        .map_err(|e| Error::usage(format!("the join request {e}"), "nothing was changed"))?;
    if body.name != name {
        return Err(Error::usage(
            format!("the join request is for '{}', not '{name}'", body.name),
            "check you have the right request; nothing was changed",
        ));
    }
    Ok(body)
}

impl Run for MemberAddArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let body = request(&self.request, &self.member)?;
        let access = access_arg(self.access, self.role)?;
        let mut tx = ctx.begin_unchecked()?;
        let member = tx.add_member_from(&body, role(self.role), access)?;
        tx.commit()?;
        ctx.audit_written(Action::Member, &[])?;
        if ctx.json {
            return out.json(&row(&member));
        }
        out.note(&format!(
            "Added {} ({}) as {}; {} re-encrypted to them. Commit and push the store.",
            self.member,
            member.id,
            member.role.as_str(),
            match &member.access {
                None => "every secret is".to_owned(),
                Some(a) => format!("the secrets under {} are", a.join(", ")),
            }
        ));
        Ok(())
    }
}

#[derive(Serialize)]
struct Row {
    name: Option<String>,
    id: String,
    role: &'static str,
    /// The verifying key in hex (what `team join --admin` takes for an admin).
    fingerprint: Option<String>,
    recipient: String,
    revoked: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    removed: Option<String>,
    /// The prefixes it may read; `null`: all names.
    access: Option<Vec<String>>,
}

fn row(m: &Member) -> Row {
    Row {
        name: m.name.clone(),
        id: m.id.clone(),
        role: m.role.as_str(),
        fingerprint: m.verify_key.clone(),
        recipient: m.recipient.clone(),
        revoked: m.revoked,
        removed: m.removed.map(crate::time::show),
        access: if m.role == Role::Admin {
            None
        } else {
            m.access.clone()
        },
    }
}

impl Run for MemberListArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let vault = ctx.load_selected(&|_| false)?;
        let Some(signed) = vault.signed.as_deref() else {
            return Err(Error::usage(
                "this store has no member list (it is unsigned, format 1)",
                "`sesame upgrade` signs it; `sesame recipients list` shows who it is encrypted to",
            ));
        };
        let rows: Vec<Row> = signed
            .members
            .list
            .members
            .iter()
            .filter(|m| self.all || ctx.json || !m.revoked)
            .map(row)
            .collect();
        if ctx.json {
            return out.json(&rows);
        }
        for r in &rows {
            let state = match (&r.removed, r.revoked) {
                (Some(t), _) => format!("  removed {t}"),
                (None, true) => "  revoked".into(),
                _ => String::new(),
            };
            out.line(&format!(
                "{:<16} {:<16} {:<6} {}  {}{state}",
                r.name.as_deref().unwrap_or("-"),
                r.id,
                r.role,
                r.fingerprint.as_deref().unwrap_or("(cannot sign)"),
                shown_access(r.access.as_deref())
            ))?;
        }
        Ok(())
    }
}

/// Say what a removal left to do.
fn report_removed(ctx: &Context, out: &mut Output, r: &Removed) -> Result<()> {
    let who = r.member.name.as_deref().unwrap_or(&r.member.id);
    if ctx.json {
        return out.json(&serde_json::json!({
            "removed": row(&r.member),
            "due_for_rotation": r.exposed,
        }));
    }
    out.warn(&format!(
        "removed {who}: the store is re-encrypted without them, but git history keeps the old files their key opens — {} secret(s) they could read are due for rotation: `sesame status` lists them, `sesame rotate --due` rotates them",
        r.exposed.len()
    ));
    Ok(())
}

impl Run for MemberRemoveArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let mut tx = ctx.begin_unchecked()?;
        let removed = tx.remove_member(&self.member, crate::time::now())?;
        tx.commit()?;
        ctx.audit_written(Action::Member, &[])?;
        report_removed(ctx, out, &removed)
    }
}

impl Run for MemberReplaceArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let mut tx = ctx.begin_unchecked()?;
        let removed = tx.remove_member(&self.member, crate::time::now())?;
        let name = removed.member.name.clone().unwrap_or_default();
        let body = request(&self.request, &name)?;
        let member =
            tx.add_member_from(&body, removed.member.role, removed.member.access.clone())?;
        tx.commit()?;
        ctx.audit_written(Action::Member, &[])?;
        if !ctx.json {
            out.note(&format!(
                "Replaced the key of {name}: new id {}, role {}.",
                member.id,
                member.role.as_str()
            ));
        }
        report_removed(ctx, out, &removed)
    }
}

/// `--access` as typed: `None` (all names) when not given; refused for an
/// admin, who always has all access.
pub(crate) fn access_arg(access: Vec<String>, r: MemberRole) -> Result<Option<Vec<String>>> {
    if access.is_empty() {
        return Ok(None);
    }
    if r == MemberRole::Admin {
        return Err(Error::usage(
            "an admin has all access: --access is for writers and readers",
            "leave --access out, or give another --role; nothing was changed",
        ));
    }
    for p in &access {
        crate::vault::scopes::check_prefix(p)
            .map_err(|e| Error::usage(e, "nothing was changed"))?;
    }
    Ok(Some(access))
}

/// A member's access for people.
fn shown_access(access: Option<&[String]>) -> String {
    match access {
        None => "all names".into(),
        Some([]) => "no names".into(),
        Some(a) => a.join(" "),
    }
}

impl MemberAccessArgs {
    /// Whether this only shows the access (no change asked for).
    fn shows(&self) -> bool {
        self.add.is_empty() && self.remove.is_empty() && !self.all && !self.none
    }
}

impl Run for MemberAccessArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        if self.shows() {
            let vault = ctx.load_selected(&|_| false)?;
            let members = vault.signed.as_deref().map(|s| &s.members).ok_or_else(|| {
                Error::usage(
                    "this store has no member list (it is unsigned, format 1)",
                    "`sesame upgrade` signs it",
                )
            })?;
            let m = members.find(&self.member)?;
            let r = row(m);
            if ctx.json {
                return out.json(&r);
            }
            return out.line(&shown_access(r.access.as_deref()));
        }
        for p in self.add.iter().chain(&self.remove) {
            crate::vault::scopes::check_prefix(p)
                .map_err(|e| Error::usage(e, "nothing was changed"))?;
        }
        let mut tx = ctx.begin_unchecked()?;
        let current = tx.member_access(&self.member)?;
        let access = if self.all {
            None
        } else {
            if current.is_none() && !self.none {
                return Err(Error::usage(
                    format!("'{}' has all access", self.member),
                    "to limit them to some prefixes: `sesame member access NAME --none --add PREFIX`; nothing was changed",
                ));
            }
            let mut a: Vec<String> = if self.none {
                Vec::new()
            } else {
                current.unwrap_or_default()
            };
            if let Some(p) = self.remove.iter().find(|p| !a.contains(p)) {
                return Err(Error::usage(
                    format!("'{}' has no access of its own to '{p}'", self.member),
                    "see `sesame member access NAME`; nothing was changed",
                ));
            }
            a.retain(|p| !self.remove.contains(p));
            a.extend(self.add.iter().cloned());
            Some(a)
        };
        let (member, lost) = tx.set_member_access(&self.member, access, crate::time::now())?;
        tx.commit()?;
        ctx.audit_written(Action::Member, &[])?;
        if ctx.json {
            return out.json(&serde_json::json!({
                "member": row(&member),
                "due_for_rotation": lost,
            }));
        }
        let who = member.name.as_deref().unwrap_or(&member.id);
        let then = if ctx.store.is_team() {
            " Commit and push the store."
        } else {
            ""
        };
        out.note(&format!(
            "{who} can now read {}.{then}",
            shown_access(member.access.as_deref())
        ));
        if !lost.is_empty() {
            out.warn(&format!(
                "{} secret(s) {who} could read are due for rotation (git history keeps the files their key opens): `sesame status` lists them, `sesame rotate --due` rotates them",
                lost.len()
            ));
        }
        Ok(())
    }
}
