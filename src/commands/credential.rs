//! `sesame git-credential` and `sesame docker-credential` (also run as
//! `docker-credential-sesame` through a link): the credential helpers of git
//! and docker, over the protocols in `crate::credhelper`.
//!
//! They never prompt (`Context` gets no terminal for them): they work where
//! the store opens from an identity variable, a password variable or a cached
//! unlock, and inside `sesame run` (whose children get none of these) they
//! fail with exit 3 — "no unlock source", which is not a failed unlock (no
//! `unlock-failed` audit entry, no warning later). Values go out on stdout
//! only, as the protocol answer.

use std::io::{self, Read};

use zeroize::Zeroizing;

use super::{Context, Output, Run};
use crate::audit::{Action, Target};
use crate::cli::{DockerCredentialArgs, GitCredentialArgs};
use crate::credhelper::{docker, git};
use crate::error::{Error, IoContext, Result};
use crate::lifecycle::{self, Change, Meta};
use crate::vault::Vault;

/// The whole of stdin, up to one byte past the protocol's limit.
fn read_stdin() -> Result<Zeroizing<Vec<u8>>> {
    let mut bytes = Zeroizing::new(Vec::with_capacity(crate::credhelper::MAX_INPUT + 1));
    io::stdin()
        .lock()
        .take(crate::credhelper::MAX_INPUT as u64 + 1)
        .read_to_end(&mut bytes)
        .context(|| "could not read the request from stdin".into())?;
    Ok(bytes)
}

/// The live secret among `names` that `fits` accepts, first in order.
fn first_live<'a>(
    vault: &'a Vault,
    names: &'a [String],
    fits: &dyn Fn(&str, Option<&str>) -> bool,
) -> Option<(&'a str, &'a crate::vault::model::Version)> {
    let now = crate::time::now();
    names.iter().find_map(|name| {
        let (version, _) = lifecycle::live(vault, name, None, now).ok()?;
        fits(name, version.id.as_deref()).then_some((name.as_str(), version))
    })
}

fn write_stdout(out: &mut Output, bytes: &[u8]) -> Result<()> {
    out.raw(bytes)?;
    out.flush()
}

impl Run for GitCredentialArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        // gitcredentials(7): a helper ignores operations it does not know.
        if !matches!(self.action.as_str(), "get" | "store" | "erase") {
            return Ok(());
        }
        let input = read_stdin()?;
        let req = git::parse(&input)?;
        let names = req.candidates();
        if names.is_empty()
            || (self.action == "store" && !self.allow_store)
            || (self.action == "erase" && !self.allow_erase)
        {
            return Ok(());
        }
        ctx.store.require()?;
        match self.action.as_str() {
            "get" => git_get(ctx, out, &req, &names),
            "store" => git_store(ctx, &req, &req.store_candidates()),
            _ => git_erase(ctx, &req, &names),
        }
    }
}

fn git_get(ctx: &Context, out: &mut Output, req: &git::Request, names: &[String]) -> Result<()> {
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let vault = ctx.load_names(&refs)?;
    let Some((name, version)) = first_live(&vault, names, &|_, id| req.accepts(id)) else {
        return Ok(()); // no answer: git asks the next helper, or the user
    };
    let Some(value) = version.value.as_ref() else {
        return Ok(());
    };
    let expires = vault
        .secrets
        .get(name)
        .and_then(|s| s.policy.expires)
        .map(|t| t.as_second());
    let username = version.id.as_deref().or(req.username.as_deref());
    let mut answer = Zeroizing::new(Vec::new());
    git::answer(username, value, expires, &mut answer).map_err(|why| {
        Error::usage(
            format!("{name} cannot be given to git: {why}"),
            format!("store it again as one line: sesame set {name} --id USER"),
        )
    })?;
    ctx.audit(Action::Get, &[Target::version(name, version.n)])?;
    write_stdout(out, &answer)
}

/// Store what git approved, unless the secret holds it already (git sends
/// `store` after every successful use).
fn git_store(ctx: &Context, req: &git::Request, names: &[String]) -> Result<()> {
    let (Some(user), Some(password)) = (&req.username, &req.password) else {
        return Ok(());
    };
    if password.is_empty() {
        return Ok(());
    }
    if names.is_empty() {
        return Ok(());
    }
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut tx = ctx.begin_names(&refs)?;
    let found = first_live(&tx.vault, names, &|_, id| req.accepts(id)).map(|(n, v)| {
        (
            n.to_owned(),
            v.id.clone(),
            v.value.as_ref().map(|v| v.expose() == password.expose()),
        )
    });
    let name = match found {
        Some((_, Some(id), Some(true))) if &id == user => return Ok(()),
        Some((name, _, _)) => name,
        None => {
            let vault = &tx.vault;
            req.new_name(&|n| vault.secrets.contains_key(n))
                .ok_or_else(|| {
                    Error::usage(
                        format!(
                            "no free name for git's credential for {user} (tried {})",
                            names.join(", ")
                        ),
                        "nothing was stored; store it yourself: sesame set NAME --id USER",
                    )
                })?
        }
    };
    lifecycle::validate_id(user)?;
    let meta = Meta {
        default_max_age: ctx.config()?.default_max_age,
        ..Meta::default()
    };
    let value = crate::value::SecretValue::new(password.expose().to_owned());
    let n = lifecycle::put_version(
        &mut tx.vault,
        &name,
        value,
        Some(user.clone()),
        &meta,
        None,
        crate::time::now(),
    )?;
    tx.commit()?;
    ctx.audit_written(Action::Set, &[Target::version(&name, n)])
}

/// With `--allow-erase`: remove the secret that holds exactly the rejected
/// credential (a newer value stored since is kept).
fn git_erase(ctx: &Context, req: &git::Request, names: &[String]) -> Result<()> {
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut tx = ctx.begin_names(&refs)?;
    let fits = |_: &str, id: Option<&str>| req.accepts(id);
    let Some((name, version)) = first_live(&tx.vault, names, &fits) else {
        return Ok(());
    };
    let same = match (&req.password, &version.value) {
        (Some(given), Some(held)) => given.expose() == held.expose(),
        // No password sent: nothing says the stored one was rejected.
        (None, _) | (Some(_), None) => false,
    };
    if !same {
        return Ok(());
    }
    let name = name.to_owned();
    tx.vault.secrets.remove(&name);
    tx.commit()?;
    ctx.audit_written(Action::Remove, &[Target::name(&name)])
}

impl Run for DockerCredentialArgs {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()> {
        match self.action.as_str() {
            "version" => {
                let v = format!(
                    "docker-credential-sesame (sesame {})\n",
                    env!("CARGO_PKG_VERSION")
                );
                return write_stdout(out, v.as_bytes());
            }
            "get" | "store" | "erase" | "list" => {}
            other => {
                return Err(Error::usage(
                    format!(
                        "unknown credential helper action '{}'",
                        crate::error::shown(other)
                    ),
                    "docker sends get, store, erase, list or version",
                ));
            }
        }
        let input = read_stdin()?;
        ctx.store.require()?;
        match self.action.as_str() {
            "get" => docker_get(ctx, out, &docker::parse_url(&input)?),
            "store" => docker_store(ctx, docker::parse_store(&input)?),
            "erase" => docker_erase(ctx, out, &docker::parse_url(&input)?),
            _ => docker_list(ctx, out),
        }
    }
}

/// docker's "not found": the text on stdout, exit 1.
fn not_found(out: &mut Output) -> Result<()> {
    write_stdout(out, format!("{}\n", docker::NOT_FOUND).as_bytes())?;
    Err(Error::Exit(crate::error::exit::FAILURE))
}

/// Whether the secret `name` is the credential of `url` (its description, the
/// URL it was stored for, names the same registry, or it has none).
fn same_registry(vault: &Vault, name: &str, url: &str) -> bool {
    vault
        .secrets
        .get(name)
        .and_then(|s| s.description.as_deref())
        .is_none_or(|d| docker::normal(d) == docker::normal(url))
}

fn docker_get(ctx: &Context, out: &mut Output, url: &str) -> Result<()> {
    let Some(name) = docker::server_name(url) else {
        return not_found(out);
    };
    let vault = ctx.load_names(&[name.as_str()])?;
    let names = [name];
    let fits = |n: &str, _: Option<&str>| same_registry(&vault, n, url);
    let Some((name, version)) = first_live(&vault, &names, &fits) else {
        return not_found(out);
    };
    let Some(value) = version.value.as_ref() else {
        return not_found(out);
    };
    #[derive(serde::Serialize)]
    struct Got<'a> {
        #[serde(rename = "ServerURL")]
        server_url: &'a str,
        #[serde(rename = "Username")]
        username: &'a str,
        #[serde(rename = "Secret")]
        secret: &'a str,
    }
    let got = Got {
        server_url: url,
        username: version.id.as_deref().unwrap_or(""),
        secret: value.expose(),
    };
    let mut json = Zeroizing::new(Vec::with_capacity(value.expose().len() * 6 + 256));
    serde_json::to_writer(&mut *json, &got)
        .map_err(io::Error::from)
        .context(|| "could not write to stdout".into())?;
    json.push(b'\n');
    ctx.audit(Action::Get, &[Target::version(name, version.n)])?;
    write_stdout(out, &json)
}

fn docker_store(ctx: &Context, creds: docker::Credentials) -> Result<()> {
    // Checked by parse_store.
    let Some(name) = docker::server_name(&creds.server_url) else {
        return Ok(());
    };
    // A registry logged into with a token alone sends an empty Username.
    let user = Some(creds.username.clone()).filter(|u| !u.is_empty());
    if let Some(user) = &user {
        lifecycle::validate_id(user)?;
    }
    let mut tx = ctx.begin_names(&[name.as_str()])?;
    if !same_registry(&tx.vault, &name, &creds.server_url) {
        return Err(Error::usage(
            format!("{name} holds the credential of another registry URL"),
            format!(
                "nothing was stored; `sesame show {name}` names it; move it away to log in here"
            ),
        ));
    }
    let unchanged = tx
        .vault
        .secrets
        .get(&name)
        .and_then(|s| s.current())
        .is_some_and(|v| {
            v.id == user
                && v.value
                    .as_ref()
                    .is_some_and(|h| h.expose() == creds.secret.expose())
        });
    if unchanged {
        return Ok(());
    }
    let meta = Meta {
        description: Change::Set(creds.server_url.clone()),
        default_max_age: ctx.config()?.default_max_age,
        ..Meta::default()
    };
    let n = lifecycle::put_version(
        &mut tx.vault,
        &name,
        creds.secret,
        user,
        &meta,
        None,
        crate::time::now(),
    )?;
    tx.commit()?;
    ctx.audit_written(Action::Set, &[Target::version(&name, n)])
}

/// `docker logout`: the user's own request, so the secret is removed.
fn docker_erase(ctx: &Context, out: &mut Output, url: &str) -> Result<()> {
    let Some(name) = docker::server_name(url) else {
        return not_found(out);
    };
    let mut tx = ctx.begin_names(&[name.as_str()])?;
    if !tx.vault.secrets.contains_key(&name) || !same_registry(&tx.vault, &name, url) {
        drop(tx);
        return not_found(out);
    }
    tx.vault.secrets.remove(&name);
    tx.commit()?;
    ctx.audit_written(Action::Remove, &[Target::name(&name)])
}

/// Every live `docker/…` secret: its URL (the description, else the name
/// without `docker/`) and user. No value is decrypted into the answer.
fn docker_list(ctx: &Context, out: &mut Output) -> Result<()> {
    let vault = ctx.load_selected(&|n| n.starts_with("docker/"))?;
    let now = crate::time::now();
    let mut map = serde_json::Map::new();
    for (name, secret) in &vault.secrets {
        let Some(rest) = name.strip_prefix("docker/") else {
            continue;
        };
        let Ok((version, _)) = lifecycle::live(&vault, name, None, now) else {
            continue;
        };
        let url = secret
            .description
            .clone()
            .unwrap_or_else(|| rest.to_owned());
        map.insert(url, version.id.clone().unwrap_or_default().into());
    }
    ctx.audit(Action::List, &[])?;
    let mut text = serde_json::to_vec(&map)
        .map_err(io::Error::from)
        .context(|| "could not write to stdout".into())?;
    text.push(b'\n');
    write_stdout(out, &text)
}
