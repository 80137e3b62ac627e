//! `sesame team init` and `sesame team join`: a team store in a git
//! repository, and each member's own key for it (ARCHITECTURE.md, "Team
//! stores").

use age::secrecy::ExposeSecret;
use zeroize::Zeroizing;

use super::{Context, Intent, Output, Run};
use crate::audit::Action;
use crate::cli::{TeamCommand, TeamInitArgs, TeamJoinArgs};
use crate::crypto::Identity;
use crate::error::{Error, Result};
use crate::unlock;
use crate::vault::signed::{self, Role, Signer};
use crate::vault::{IDENTITY_FILE, Store, team};

impl Run for TeamCommand {
    /// `init` and `join` are logged as `team`; `resolve` logs its merge
    /// itself, and git's drivers log nothing.
    fn intent(&self) -> Option<Intent> {
        match self {
            TeamCommand::Init(_) | TeamCommand::Join(_) => Intent::new(Action::Team, []),
            TeamCommand::Resolve(_) | TeamCommand::MergeDriver(_) | TeamCommand::DiffDriver(_) => {
                None
            }
        }
    }

    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        match self {
            TeamCommand::Init(a) => a.run(ctx, out),
            TeamCommand::Join(a) => a.run(ctx, out),
            TeamCommand::Resolve(a) => a.run(ctx, out),
            TeamCommand::MergeDriver(a) => a.run(ctx, out),
            TeamCommand::DiffDriver(a) => a.run(ctx, out),
        }
    }
}

/// The member name: given, or the login name.
fn member_name(given: Option<String>) -> Result<String> {
    let name = given
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "admin".into());
    signed::check_member_name(&name).map_err(|e| Error::usage(e, "pass --name MEMBER"))?;
    Ok(name)
}

/// Print `lines` on stdout and flush, or fail: a key shown once that could
/// not be shown is lost.
fn print_once(out: &mut Output, lines: &[&str]) -> Result<()> {
    for l in lines {
        out.raw(l.as_bytes())?;
        out.raw(b"\n")?;
    }
    out.flush()
}

impl Run for TeamInitArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let store = &ctx.store;
        let repo = crate::team::repo_root(store.dir())?;
        let name = member_name(self.name)?;
        let (identity, recovery) = match &self.from {
            Some(from) => (from_single(ctx, store, from, &name, out)?, None),
            None => {
                if store.exists() {
                    return Err(Error::StoreExists {
                        path: store.dir().to_path_buf(),
                    });
                }
                let pw = unlock::new_password(ctx.unlock_env(), ctx.prompt(), "master password")?;
                super::passwd::warn_weak(out, &pw, self.work_factor);
                let made = store.init_team(&pw, self.work_factor, &name, !self.no_recovery)?;
                let personal = crate::vault::personal_dir_for(&made.store_id);
                if let Some(p) = personal {
                    store.set_personal(p);
                }
                (made.identity, made.recovery)
            }
        };
        crate::team::register_git(&repo, store.dir())?;
        ctx.use_audit_identity(&identity);
        let fingerprint = team::fingerprint(&Signer::derive(&identity));
        // Shown once: printed before anything else can fail after it.
        let recovery_secret = recovery
            .as_ref()
            .map(|r| Zeroizing::new(r.secret_string().expose_secret().to_owned()));
        if ctx.json {
            out.json(&serde_json::json!({
                "store": store.dir(),
                "personal": store.personal_dir(),
                "member": name,
                "fingerprint": fingerprint,
                "recovery_key": recovery_secret.as_deref().map(String::as_str),
            }))?;
            out.flush()?;
        } else {
            let mut lines = vec![fingerprint.as_str()];
            if let Some(k) = &recovery_secret {
                lines.push(k.as_str());
            }
            print_once(out, &lines)?;
        }
        ctx.audit_written(Action::Team, &[])?;
        if !ctx.json {
            out.note(&format!(
                "Made the team store {} (your files: {}). Commit it: `git add {} && git commit`.",
                store.dir().display(),
                store.personal_dir().display(),
                store.dir().display()
            ));
            out.note(&format!(
                "The first line above is your admin fingerprint: new members pass it to `sesame team join --admin {fingerprint}`; give it to them yourself, not through the repository."
            ));
            if recovery_secret.is_some() {
                out.note("The second line is the recovery key, shown once and kept nowhere: write it down offline. It is a second admin; if your laptop is lost, `sesame team join --admin FINGERPRINT --recover` with it on stdin makes you that admin on a new one.");
            } else {
                out.warn("no recovery key: add a second admin soon (`sesame member add NAME REQUEST --role admin`), or losing this laptop loses the member list");
            }
        }
        Ok(())
    }
}

/// `--from STORE`: unlock and verify the single-user store, check its key
/// is an admin, and copy it here. Returns its identity.
fn from_single(
    ctx: &Context,
    store: &Store,
    from: &std::path::Path,
    name: &str,
    out: &Output,
) -> Result<Identity> {
    let old = Store::at(from);
    old.require()?;
    if !old.is_signed() {
        return Err(Error::usage(
            format!("{} is an unsigned (format 1) store", from.display()),
            format!("sign it first: `sesame --store {} upgrade`", from.display()),
        ));
    }
    if old.is_team() {
        return Err(Error::usage(
            format!("{} is a team store already", from.display()),
            "clone its repository instead",
        ));
    }
    for w in crate::perms::check_store(&old)? {
        out.warn(&w);
    }
    let unlocked = unlock::unlock(&old, ctx.unlock_env(), ctx.prompt())?;
    let identities = &unlocked.identities;
    let vault = old.load(identities)?;
    let identity = identities
        .iter()
        .find(|i| {
            let id = Signer::derive(i);
            vault.signed.as_deref().is_some_and(|s| {
                s.members
                    .member(id.id())
                    .is_some_and(|m| !m.revoked && m.role == Role::Admin)
            })
        })
        .ok_or_else(|| Error::Auth {
            what: "moving a store into a team needs its admin's identity".into(),
            hint: "unlock with the store's master password (SESAME_PASSWORD[_FILE])".into(),
        })?;
    let identity = Identity::parse(identity.secret_string().expose_secret())
        .map_err(|e| Error::Other(e.into()))?;
    let store_id = store.team_from(&old, &identity)?;
    if let Some(p) = crate::vault::personal_dir_for(&store_id) {
        store.set_personal(p);
    }
    let ids = std::slice::from_ref(&identity);
    let mut tx = store.begin_unchecked(ids)?;
    if tx.name_me(name)? {
        tx.commit()?;
    }
    Ok(identity)
}

impl Run for TeamJoinArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        let admin = team::parse_fingerprint(&self.admin)?;
        let name = member_name(self.name)?;
        let store = &ctx.store;
        let repo = crate::team::repo_root(store.dir())?;
        let key_file = self
            .ssh_key
            .clone()
            .or_else(|| std::env::var_os(unlock::ENV_IDENTITY_FILE).map(Into::into))
            .filter(|_| !self.recover);
        let again = key_file.is_none()
            && !self.recover
            && store.is_team()
            && store.path(IDENTITY_FILE).exists();
        let made;
        let (identity, request) = if let Some(path) = &key_file {
            // The key in the file is the identity: nothing to wrap.
            made = unlock::identities_in_file(path, ctx.prompt())?
                .into_iter()
                .next()
                .ok_or(Error::NoUnlockSource)?;
            (&made, store.join_team(&admin, &name, &made, None)?)
        } else if again {
            // Joined already: the same identity, the same request.
            let identity = ctx.identities()?.first().ok_or(Error::NoUnlockSource)?;
            (identity, store.join_team(&admin, &name, identity, None)?)
        } else {
            made = if self.recover {
                read_recovery_key()?
            } else {
                Identity::generate()
            };
            let pw = unlock::new_password(ctx.unlock_env(), ctx.prompt(), "master password")?;
            super::passwd::warn_weak(out, &pw, self.work_factor);
            let request = store.join_team(&admin, &name, &made, Some((&pw, self.work_factor)))?;
            (&made, request)
        };
        crate::team::register_git(&repo, store.dir())?;
        ctx.use_audit_identity(identity);
        if ctx.json {
            out.json(&serde_json::json!({
                "store": store.dir(),
                "personal": store.personal_dir(),
                "member": name,
                "request": request,
                "recipient": identity.public(),
            }))?;
        } else {
            print_once(out, &[request.as_str()])?;
        }
        ctx.audit_written(Action::Team, &[])?;
        if !ctx.json {
            if self.recover {
                out.note("You hold the recovery admin's key now, under your new password: add your new key or replace the lost one (`sesame member replace NAME REQUEST`), then make a new recovery admin.");
            } else if again {
                out.note("You had joined this store already; above is your join request again.");
            } else {
                out.note(&format!(
                    "Joined as {name} (your files: {}). Send the request above to an admin, who runs `sesame member add {name} REQUEST`; pull after they push.",
                    store.personal_dir().display()
                ));
            }
        }
        Ok(())
    }
}

/// The recovery key on stdin (`--recover`), never in argv.
fn read_recovery_key() -> Result<Identity> {
    use std::io::Read;
    let mut text = Zeroizing::new(String::new());
    std::io::stdin()
        .take(4096)
        .read_to_string(&mut text)
        .map_err(|e| Error::Other(format!("could not read the recovery key from stdin: {e}")))?;
    Identity::parse(text.trim()).map_err(|_| {
        Error::usage(
            "stdin holds no recovery key (AGE-SECRET-KEY-1…)",
            "pipe the key `sesame team init` printed: `sesame team join --admin F --recover < key.txt`",
        )
    })
}
