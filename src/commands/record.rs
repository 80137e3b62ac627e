//! Recording commands in the audit log through the [`Context`].
//!
//! A command records its success with one call once it has done its work and
//! before it hands anything out: `ctx.audit(Action::Get, &[Target::version(name, n)])?`.
//! If the record cannot be written the command fails and hands nothing out
//! (a read that is not recorded did not happen). Failures are recorded
//! centrally by [`super::run`](fn@super::run): what the command was about comes from
//! [`super::Run::intent`], and a failed unlock is recorded as `unlock-failed`
//! without the key, for every command.

use std::cell::{Cell, OnceCell, RefCell};

use super::{Context, Intent};
use crate::audit::{self, Action, Entry, Key, Log, Target, Who};
use crate::crypto::Identity;
use crate::error::{Error, Result};

/// Environment variable: rotate the audit log past this many bytes (default
/// 10 MiB); it wins over the config key `audit_max_bytes`.
pub(crate) const ENV_AUDIT_MAX_BYTES: &str = "SESAME_AUDIT_MAX_BYTES";

/// The audit state of one command run.
#[derive(Debug, Default)]
pub(crate) struct AuditState {
    max_bytes: Option<u64>,
    key: OnceCell<Option<Key>>,
    who: OnceCell<Who>,
    intent: RefCell<Option<Intent>>,
    recorded: Cell<bool>,
    unlock_failed: Cell<bool>,
    /// `unlock-failed` records this run appended (its own wrong tries, not
    /// worth a warning about "failed unlock attempts" to the one who typed them).
    own_failed: Cell<usize>,
    /// Wrong passwords at the prompt already recorded.
    tries_recorded: Cell<u32>,
    /// Signed stores: the member the unlocked key is, in the member list the
    /// last read verified.
    member: RefCell<Option<audit::Member>>,
}

impl AuditState {
    /// Read `SESAME_AUDIT_MAX_BYTES`.
    pub(crate) fn from_env() -> Result<Self> {
        let max_bytes = match std::env::var_os(ENV_AUDIT_MAX_BYTES) {
            None => None,
            Some(v) => Some(
                v.to_str()
                    .and_then(|s| s.parse::<u64>().ok())
                    .filter(|n| *n > 0)
                    .ok_or_else(|| {
                        Error::usage(
                            format!("{ENV_AUDIT_MAX_BYTES} must be a positive number of bytes"),
                            "unset it or set it to e.g. 10485760",
                        )
                    })?,
            ),
        };
        Ok(AuditState {
            max_bytes,
            ..Default::default()
        })
    }

    pub(super) fn set_intent(&self, intent: Option<Intent>) {
        *self.intent.borrow_mut() = intent;
    }

    /// The secrets a failure of the current command is about, once they are
    /// known (`run` and `env` learn theirs from sesame.toml).
    pub(super) fn set_intent_secrets(&self, names: &[&str]) {
        if let Some(i) = self.intent.borrow_mut().as_mut() {
            i.secrets = names.iter().map(|n| Target::name(*n)).collect();
        }
    }

    pub(super) fn unlock_failed(&self) {
        self.unlock_failed.set(true);
    }
}

impl Context {
    pub(crate) fn audit_log(&self) -> Log {
        let log = Log::new(&self.store);
        // SESAME_AUDIT_MAX_BYTES wins over the config's audit_max_bytes.
        let max = self
            .audit
            .max_bytes
            .or_else(|| self.config().ok().and_then(|c| c.raw.audit_max_bytes));
        match max {
            Some(n) => log.with_max_bytes(n),
            None => log,
        }
    }

    /// Record that this command did `action` on `secrets`, successfully.
    /// Call it before handing anything out; on error, hand nothing out.
    pub(crate) fn audit(&self, action: Action, secrets: &[Target]) -> Result<()> {
        self.audit_entry(&Entry::ok(action, secrets))
    }

    /// Record a success authenticated with `identities`: for the commands that
    /// unlock on their own rather than through the context (`unlock`, `passwd`,
    /// `rekey`). The first identity must be a recipient of the vault.
    pub(crate) fn audit_with(
        &self,
        action: Action,
        secrets: &[Target],
        identities: &[crate::crypto::Identity],
    ) -> Result<()> {
        self.audit.recorded.set(true);
        let key = identities.first().map(Key::derive);
        self.append(&Entry::ok(action, secrets), key.as_ref())
    }

    /// Record a change that is already written to the store. If the record
    /// cannot be written, the error says so plainly: what was stored, and
    /// that the log does not have it (the change is not undone).
    pub(crate) fn audit_written(&self, action: Action, secrets: &[Target]) -> Result<()> {
        self.audit(action, secrets)
            .map_err(|e| not_recorded(action, secrets, &e))
    }

    /// As [`Context::audit_written`], authenticated with `identities` (see
    /// [`Context::audit_with`]).
    pub(crate) fn audit_written_with(
        &self,
        action: Action,
        secrets: &[Target],
        identities: &[crate::crypto::Identity],
    ) -> Result<()> {
        self.audit_with(action, secrets, identities)
            .map_err(|e| not_recorded(action, secrets, &e))
    }

    /// Record a full entry (e.g. `run` with its program's name).
    pub(crate) fn audit_entry(&self, entry: &Entry<'_>) -> Result<()> {
        self.audit.recorded.set(true);
        self.append(entry, self.audit_key())
    }

    /// Authenticate records with this identity's key (for `init`, which
    /// creates the identity instead of unlocking it).
    pub(crate) fn use_audit_identity(&self, identity: &Identity) {
        let _ = self.audit.key.set(Some(Key::derive(identity)));
    }

    /// The identities' audit keys, to verify the log with.
    pub(crate) fn audit_keys(&self) -> Result<Vec<Key>> {
        Ok(self.identities()?.iter().map(Key::derive).collect())
    }

    /// Seal the log's head into a vault about to be written.
    pub(super) fn seal(&self, vault: &mut crate::vault::Vault) -> Result<()> {
        // A team store's manifest is shared: each member's log is their own,
        // so none is sealed there (SECURITY.md, "Team stores").
        if self.store.is_team() {
            vault.audit = None;
            return Ok(());
        }
        vault.audit = self.audit_log().seal(vault.audit.as_ref())?;
        Ok(())
    }

    /// The key of the first unlocked identity that is a recipient of the
    /// vault; `None` before unlocking, or when no identity in hand is one (a
    /// stranger's key must not write lines the owner's check would reject).
    fn audit_key(&self) -> Option<&Key> {
        if let Some(k) = self.audit.key.get() {
            return k.as_ref();
        }
        let unlocked = self.unlocked.get()?;
        let recipients: Vec<String> = self
            .store
            .recipients()
            .map(|r| r.iter().map(ToString::to_string).collect())
            .unwrap_or_default();
        let key = unlocked
            .identities
            .iter()
            .find(|i| recipients.contains(&i.public()))
            .map(Key::derive);
        self.audit.key.get_or_init(|| key).as_ref()
    }

    /// Note which member of a verified signed store the unlocked key is: the
    /// first unlocked identity that is a non-revoked member, as for the audit
    /// key. Records authenticated by that key name it.
    pub(super) fn note_member(&self, vault: &crate::vault::Vault) {
        let (Some(signed), Some(unlocked)) = (vault.signed.as_deref(), self.unlocked.get()) else {
            return;
        };
        let members = &signed.members.list.members;
        let member = unlocked.identities.iter().find_map(|i| {
            let public = i.public();
            members.iter().find(|m| !m.revoked && m.recipient == public)
        });
        *self.audit.member.borrow_mut() = member.map(|m| audit::Member {
            id: m.id.clone(),
            name: m.name.clone(),
            role: m.role.as_str().to_owned(),
        });
    }

    fn append(&self, entry: &Entry<'_>, key: Option<&Key>) -> Result<()> {
        let mut who = self.audit.who.get_or_init(Who::current).clone();
        // Named only in records its key authenticates.
        if key.is_some() {
            who.member.clone_from(&self.audit.member.borrow());
        }
        let appended = self.audit_log().append(entry, key, &who)?;
        if entry.action == Action::UnlockFailed {
            self.audit.own_failed.set(self.audit.own_failed.get() + 1);
        }
        // This run's own failed tries are the last ones: the warning is about the others.
        let n = appended
            .failed_unlocks
            .len()
            .saturating_sub(self.audit.own_failed.get());
        if let Some(last) = n.checked_sub(1).map(|i| &appended.failed_unlocks[i]) {
            let attempts = if n == 1 { "attempt" } else { "attempts" };
            crate::stderr_line!(
                "sesame: warning: {n} failed unlock {attempts} since the last successful use, the last at {} — if that was not you, see `sesame audit --action unlock-failed`",
                short_time(last)
            );
        }
        Ok(())
    }

    /// Wrong passwords typed at the prompt and not yet recorded.
    fn pending_wrong_tries(&self) -> u32 {
        self.prompt()
            .rejections()
            .saturating_sub(self.audit.tries_recorded.get())
    }

    /// Record each wrong password typed before the right one as an
    /// `unlock-failed` record (called after a successful unlock). Nothing
    /// here fails the command.
    pub(crate) fn record_wrong_tries(&self) {
        let tries = self.pending_wrong_tries();
        if tries == 0 || self.store.require().is_err() {
            return;
        }
        self.audit.tries_recorded.set(self.prompt().rejections());
        let intent = self.audit.intent.borrow();
        let (action, secrets) = match &*intent {
            Some(i) => (Some(i.action), i.secrets.as_slice()),
            None => (None, &[][..]),
        };
        let entry = Entry {
            action: Action::UnlockFailed,
            secrets,
            outcome: "wrong-password",
            command: action,
            program: None,
        };
        if let Err(e) = (0..tries).try_for_each(|_| self.append(&entry, None)) {
            crate::stderr_line!(
                "sesame: warning: a wrong password was not recorded in the audit log: {e}"
            );
        }
    }

    /// Record a failed command (called once by `commands::run`).
    pub(super) fn record_failure(&self, err: &Error) {
        if self.audit.recorded.get() || self.store.require().is_err() {
            return;
        }
        // A damaged, tampered or newer store: nothing at all is written, not even
        // here (`audit verify` must not grow the very log it found altered).
        if matches!(
            err,
            Error::Corrupt { .. }
                | Error::NewerFormat { .. }
                | Error::Tampered { .. }
                | Error::Untrusted { .. }
                | Error::Unsafe { .. }
        ) {
            return;
        }
        let intent = self.audit.intent.borrow();
        let (action, secrets) = match &*intent {
            Some(i) => (Some(i.action), i.secrets.as_slice()),
            None => (None, &[][..]),
        };
        let auth = matches!(
            err,
            Error::WrongPassword { .. } | Error::NotRecipient { .. }
        ) || (self.audit.unlock_failed.get() && matches!(err, Error::Auth { .. }));
        let result = if auth {
            let entry = Entry {
                action: Action::UnlockFailed,
                secrets,
                outcome: audit::outcome_of(err),
                command: action,
                program: None,
            };
            // One record a wrong try at the prompt (at least one: the failure).
            let tries = self.pending_wrong_tries().max(1);
            self.audit.tries_recorded.set(self.prompt().rejections());
            // Written without the key: whoever failed to unlock has none.
            (0..tries).try_for_each(|_| self.append(&entry, None))
        } else {
            match (action, err) {
                (None, _)
                | (
                    _,
                    Error::Usage { .. }
                    | Error::NoStore { .. }
                    | Error::NoUnlockSource
                    | Error::StoreExists { .. },
                ) => return,
                (Some(action), _) => {
                    let entry = Entry {
                        action,
                        secrets,
                        outcome: audit::outcome_of(err),
                        command: None,
                        program: None,
                    };
                    self.append(&entry, self.audit_key())
                }
            }
        };
        if let Err(e) = result {
            crate::stderr_line!(
                "sesame: warning: the failure was not recorded in the audit log: {e}"
            );
        }
    }
}

/// The error of a write that was stored but not recorded: what was stored,
/// why the log did not take it, and what that means.
fn not_recorded(action: Action, secrets: &[Target], err: &Error) -> Error {
    let what = match secrets {
        [] => String::new(),
        list => {
            let names: Vec<String> = list
                .iter()
                .map(|t| match t.version {
                    Some(n) => format!("'{}' version {n}", t.name),
                    None => format!("'{}'", t.name),
                })
                .collect();
            format!(" of {}", crate::escape::escaped(&names.join(", ")))
        }
    };
    let text = err.to_string();
    let cause = text.rsplit_once(" — ").map_or(text.as_str(), |(c, _)| c);
    Error::Other(format!(
        "the `{}`{what} was written to the store, but the audit log could not record it ({cause}) — the change stands and the log does not show it; fix the log (`sesame audit verify`) and note the change by hand",
        action.as_str()
    ))
}

fn short_time(rfc3339: &str) -> String {
    rfc3339
        .parse::<jiff::Timestamp>()
        .map(crate::time::show)
        .unwrap_or_else(|_| rfc3339.to_owned())
}
