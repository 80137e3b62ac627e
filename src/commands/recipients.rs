//! `sesame recipients list/add/remove`: who the vault is encrypted to.
//!
//! The list is sealed inside the vault; the plain `recipients` file mirrors it.
//! A key that appears only in the file (added by hand, or through a shared
//! repository) blocks every write until `recipients add` confirms it or
//! `recipients remove` drops it.

use std::fs;
use std::path::Path;

use age::secrecy::ExposeSecret;
use serde::Serialize;
use zeroize::Zeroizing;

use super::{Context, Intent, Output, Run};
use crate::audit::Action;
use crate::cli::{RecipientsAddArgs, RecipientsCommand, RecipientsListArgs, RecipientsRemoveArgs};
use crate::crypto::{CiPins, Identity, Recipient};
use crate::error::{Error, IoContext, Result};
use crate::vault::signed::{Member, Role, Signer};
use crate::vault::{SealedRecipient, Transaction};

impl Run for RecipientsCommand {
    fn intent(&self) -> Option<Intent> {
        match self {
            RecipientsCommand::List(_) => None,
            _ => Intent::new(Action::Recipients, []),
        }
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        match self {
            RecipientsCommand::List(a) => a.run(ctx, out),
            RecipientsCommand::Add(a) => a.run(ctx, out),
            RecipientsCommand::Remove(a) => a.run(ctx, out),
        }
    }
}

#[derive(Serialize)]
struct Row<'a> {
    key: &'a str,
    label: Option<&'a str>,
    own: bool,
    sealed: bool,
    /// A signed store: admin, writer or reader.
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'static str>,
}

impl Run for RecipientsListArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let vault = ctx.load()?;
        let file: Vec<String> = ctx
            .store
            .recipients()?
            .iter()
            .map(ToString::to_string)
            .collect();
        let sealed: Vec<SealedRecipient> = vault.recipients.clone().unwrap_or_else(|| {
            file.iter()
                .map(|k| SealedRecipient {
                    key: k.clone(),
                    label: None,
                })
                .collect()
        });
        let mut rows: Vec<Row> = sealed
            .iter()
            .enumerate()
            .map(|(i, r)| Row {
                key: &r.key,
                label: r.label.as_deref(),
                own: i == 0,
                sealed: true,
                role: role_of(&vault, &r.key),
            })
            .collect();
        let unsealed: Vec<&String> = file
            .iter()
            .filter(|k| !sealed.iter().any(|s| &s.key == *k))
            .collect();
        rows.extend(unsealed.iter().map(|k| Row {
            key: k,
            label: None,
            own: false,
            sealed: false,
            role: None,
        }));
        if ctx.json {
            return out.json(&rows);
        }
        for r in &rows {
            let note = match (r.own, r.sealed, r.label) {
                (true, _, Some(l)) => format!("  # {l} (this store's own key)"),
                (true, _, None) => "  # this store's own key".into(),
                (_, false, _) => "  # NOT SEALED: only in the recipients file".into(),
                (_, _, Some(l)) => format!("  # {l}"),
                _ => String::new(),
            };
            let role = r.role.map(|x| format!(" [{x}]")).unwrap_or_default();
            out.line(&format!("{}{note}{role}", r.key))?;
        }
        if !unsealed.is_empty() {
            out.warn(&format!(
                "{} key(s) in the recipients file are not sealed in the vault: writes are refused until `sesame recipients add KEY` confirms or `sesame recipients remove KEY` drops each",
                unsealed.len()
            ));
        }
        Ok(())
    }
}

/// The role of the member with recipient `key`, in a signed store.
fn role_of(vault: &crate::vault::Vault, key: &str) -> Option<&'static str> {
    let signed = vault.signed.as_deref()?;
    signed
        .members
        .recipients_now()
        .find(|m| m.recipient == key)
        .map(|m| m.role.as_str())
}

/// Whether an argument is a key rather than a path.
fn looks_like_key(arg: &str) -> bool {
    let a = arg.trim_start();
    a.starts_with("age1") || a.starts_with("ssh-")
}

/// Parse the keys of `add`: each argument a key or a file of them.
fn parse_keys(args: &[String], label: Option<&str>) -> Result<Vec<SealedRecipient>> {
    let mut out: Vec<SealedRecipient> = Vec::new();
    let mut push = |line: &str, origin: &str| -> Result<()> {
        let r = Recipient::parse(line)
            .map_err(|e| Error::usage(format!("{origin}{e}"), "nothing was changed"))?;
        let key = r.to_string();
        if !out.iter().any(|o| o.key == key) {
            let label = label
                .map(str::to_owned)
                .or_else(|| Recipient::ssh_comment(line));
            out.push(SealedRecipient { key, label });
        }
        Ok(())
    };
    for arg in args {
        if looks_like_key(arg) {
            push(arg, "")?;
            continue;
        }
        let path = Path::new(arg);
        if !path.is_file() {
            return Err(Error::usage(
                format!(
                    "'{arg}' is neither a public key (age1…, ssh-ed25519 …, ssh-rsa …) nor a file of them"
                ),
                "pass the key itself (quote SSH keys) or the path of a file with one key per line",
            ));
        }
        let text = fs::read_to_string(path).context(|| format!("could not read {arg}"))?;
        let mut any = false;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with("AGE-SECRET-KEY-") {
                return Err(Error::usage(
                    format!(
                        "{arg} line {}: this is a secret key, not a public one",
                        n + 1
                    ),
                    "give the recipient (age1…) that `age-keygen -y` prints for it; nothing was changed",
                ));
            }
            push(line, &format!("{arg} line {}: ", n + 1))?;
            any = true;
        }
        if !any {
            return Err(Error::usage(
                format!("{arg} holds no public key"),
                "one key per line; # starts a comment",
            ));
        }
    }
    Ok(out)
}

/// Refuse while keys that only the file lists would remain unsettled.
fn settle(tx: &Transaction<'_>, list: &[SealedRecipient]) -> Result<()> {
    let (unsealed, _) = tx.recipient_differences()?;
    let left: Vec<String> = unsealed
        .into_iter()
        .filter(|k| !list.iter().any(|r| &r.key == k))
        .collect();
    if left.is_empty() {
        return Ok(());
    }
    Err(Error::RecipientsChanged {
        path: tx.recipients_path(),
        unsealed: left,
        missing: Vec::new(),
    })
}

impl Run for RecipientsAddArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let label = self.generate_ci.as_deref();
        let (wanted, generated) = match label {
            Some(name) => {
                let (entry, id) = ci_key(name)?;
                (vec![entry], Some(id))
            }
            None => (parse_keys(&self.keys, self.label.as_deref())?, None),
        };
        let mut access = super::member::access_arg(self.access, crate::cli::MemberRole::Writer)?;
        let mut tx = ctx.begin_unchecked()?;
        if access.is_some() && tx.v2.is_none() {
            return Err(Error::usage(
                "access by prefix needs a signed store: an unsigned store's keys all read everything",
                "`sesame upgrade` signs it; nothing was changed",
            ));
        }
        let mut list = tx.recipients()?;
        let added = merge(&mut list, wanted, out);
        settle(&tx, &list)?;
        tx.set_recipients(list);
        // A signed store: the CI key is a member that can sign (a reader, or a
        // writer with --write), and its token carries the store id and the
        // admins' keys, so CI verifies what it reads without local state.
        let token = match (&generated, tx.v2.as_mut()) {
            (Some(id), Some(state)) => {
                let role = if self.write {
                    Role::Writer
                } else {
                    Role::Reader
                };
                let mut member = Member::for_signer(
                    &Signer::derive(id),
                    id.public(),
                    role,
                    label.map(str::to_owned),
                );
                member.access = access.take();
                state.add_member(member, false)?;
                Some(id.ci_token(&CiPins {
                    store_id: state.store_id().to_owned(),
                    admins: state.admin_keys(),
                }))
            }
            _ => None,
        };

        // A generated key is printed before it is sealed: if it cannot be shown
        // (stdout closed, disk full), it is lost, so nothing may be committed.
        if let Some(id) = &generated {
            print_ci_key(ctx, out, id, label, token.as_deref().map(String::as_str))?;
        }
        tx.commit()?;
        ctx.audit_written(Action::Recipients, &[])?;

        if let Some(id) = generated {
            out.note(&format!(
                "Added CI recipient {} ({}). The secret key above is shown once and kept nowhere: store it in the CI system's secrets as SESAME_IDENTITY now.",
                id.public(),
                label.unwrap_or_default()
            ));
            return Ok(());
        }
        if ctx.json {
            return out.json(&added);
        }
        for a in &added {
            out.note(&format!(
                "Added {}{}; the vault is re-encrypted to it.",
                a.key,
                a.label
                    .as_deref()
                    .map(|l| format!(" ({l})"))
                    .unwrap_or_default()
            ));
        }
        Ok(())
    }
}

/// `--generate-ci NAME`: a new identity, and its recipient labelled NAME.
fn ci_key(name: &str) -> Result<(SealedRecipient, Identity)> {
    let name = name.trim();
    if name.is_empty() || name.contains(['\n', '\r']) {
        return Err(Error::usage(
            "the CI key needs a name",
            "e.g. `sesame recipients add --generate-ci github-actions`",
        ));
    }
    let id = Identity::generate();
    let entry = SealedRecipient {
        key: id.public(),
        label: Some(name.to_owned()),
    };
    Ok((entry, id))
}

/// Add the wanted keys that `list` lacks, and relabel those it has when a new
/// label is given; returns the added ones.
fn merge(
    list: &mut Vec<SealedRecipient>,
    wanted: Vec<SealedRecipient>,
    out: &Output,
) -> Vec<SealedRecipient> {
    let mut added = Vec::new();
    for w in wanted {
        match list.iter_mut().find(|r| r.key == w.key) {
            Some(existing) => {
                if w.label.is_some() && existing.label != w.label {
                    existing.label = w.label.clone();
                    out.note(&format!("Relabelled {}.", w.key));
                } else {
                    out.note(&format!("{} is already a recipient.", w.key));
                }
            }
            None => {
                added.push(w.clone());
                list.push(w);
            }
        }
    }
    added
}

/// Show a generated CI key's secret half, flushed, or fail so that nothing is
/// committed.
fn print_ci_key(
    ctx: &Context,
    out: &mut Output,
    id: &Identity,
    label: Option<&str>,
    token: Option<&str>,
) -> Result<()> {
    let secret = match token {
        Some(t) => Zeroizing::new(t.to_owned()),
        None => Zeroizing::new(id.secret_string().expose_secret().to_owned()),
    };
    #[derive(serde::Serialize)]
    struct Ci<'a> {
        recipient: String,
        label: Option<&'a str>,
        identity: &'a str,
    }
    let printed = if ctx.json {
        out.json(&Ci {
            recipient: id.public(),
            label,
            identity: secret.as_str(),
        })
    } else {
        out.raw(secret.as_bytes()).and_then(|()| out.raw(b"\n"))
    }
    .and_then(|()| out.flush());
    if let Err(e) = printed {
        return Err(crate::Error::Other(format!(
            "could not print the new CI key ({e}) — nothing was added; run it again with stdout open"
        )));
    }
    Ok(())
}

impl Run for RecipientsRemoveArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let mut tx = ctx.begin_unchecked()?;
        let mut list = tx.recipients()?;
        let (unsealed, _) = tx.recipient_differences()?;
        let (removed, dropped_unsealed) = take(&mut list, &unsealed, &self.keys)?;
        let still: Vec<String> = unsealed
            .into_iter()
            .filter(|k| !dropped_unsealed.contains(k))
            .collect();
        if !still.is_empty() {
            return Err(Error::RecipientsChanged {
                path: tx.recipients_path(),
                unsealed: still,
                missing: Vec::new(),
            });
        }
        tx.set_recipients(list);
        // The backup was encrypted to the removed keys too: commit replaces it.
        tx.commit()?;
        ctx.audit_written(Action::Recipients, &[])?;

        for k in &dropped_unsealed {
            out.note(&format!(
                "Dropped {k} from the recipients file; it was never sealed, so it never received the vault."
            ));
        }
        for r in &removed {
            let who = r
                .label
                .as_deref()
                .map(|l| format!("{} ({l})", r.key))
                .unwrap_or_else(|| r.key.clone());
            out.warn(&format!(
                "removed {who}: the vault and its backup are re-encrypted without it, but whoever holds that key may have copies of every current value — rotate them (`sesame rotate NAME…`)"
            ));
        }
        if ctx.json {
            return out.json(&serde_json::json!({
                "removed": removed,
                "dropped_unsealed": dropped_unsealed,
            }));
        }
        Ok(())
    }
}

/// Take each argument's key out of `list` (sealed) or out of `unsealed` (only
/// in the file): (removed, dropped unsealed). The store's own key stays.
fn take(
    list: &mut Vec<SealedRecipient>,
    unsealed: &[String],
    args: &[String],
) -> Result<(Vec<SealedRecipient>, Vec<String>)> {
    let mut removed: Vec<SealedRecipient> = Vec::new();
    let mut dropped_unsealed: Vec<String> = Vec::new();
    for arg in args {
        let key = key_of(arg, list)?;
        if list.first().is_some_and(|own| own.key == key) {
            return Err(Error::usage(
                format!("{key} is this store's own key"),
                "it cannot be removed; `sesame rekey` replaces it with a new one",
            ));
        }
        if let Some(pos) = list.iter().position(|r| r.key == key) {
            removed.push(list.remove(pos));
        } else if unsealed.contains(&key) {
            dropped_unsealed.push(key);
        } else {
            return Err(Error::usage(
                format!("{key} is not a recipient"),
                "see `sesame recipients list`; nothing was changed",
            ));
        }
    }
    Ok((removed, dropped_unsealed))
}

/// The key an argument of `remove` names: the key itself, or the one
/// recipient with that label.
fn key_of(arg: &str, list: &[SealedRecipient]) -> Result<String> {
    if looks_like_key(arg) {
        return Ok(Recipient::parse(arg)
            .map_err(|e| Error::usage(e, "nothing was changed"))?
            .to_string());
    }
    let matches: Vec<&SealedRecipient> = list
        .iter()
        .filter(|r| r.label.as_deref() == Some(arg))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one.key.clone()),
        [] => Err(Error::usage(
            format!("no recipient has the key or label '{arg}'"),
            "see `sesame recipients list`; nothing was changed",
        )),
        _ => Err(Error::usage(
            format!("{} recipients are labelled '{arg}'", matches.len()),
            "name the key itself; nothing was changed",
        )),
    }
}
