//! Selection: which secrets `run` and `env` hand out, as which variables.
//!
//! Four layers, later ones overriding earlier ones variable by variable (files,
//! then flags):
//! 1. the project file (`[env]`, or `[profile.NAME.env]` with `--profile`),
//! 2. `--env-file FILE`s, in the order given (references and plain values),
//! 3. `--prefix P` / `--all` (every live secret under P / in the store),
//! 4. `-s NAME[=VAR]` and `-f NAME[=VAR]`.
//!
//! Everything is resolved before anything runs: a selected secret that is
//! missing (exit 4), revoked or expired (exit 6), or a bad variable name, is an
//! error naming it.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::envfile::{EnvFile, EnvValue};
use super::project::{Project, split_id};
use crate::error::{Error, Result};
use crate::lifecycle;
use crate::name;
use crate::value::SecretValue;
use crate::vault::model::Vault;

/// `NAME[=VAR]` as given to `-s` or `-f`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pick {
    /// The secret, possibly with `#id`.
    pub(crate) name: String,
    /// The variable, when given.
    pub(crate) var: Option<String>,
}

impl Pick {
    /// Parse and check `NAME[=VAR]`.
    pub(crate) fn parse(arg: &str) -> Result<Pick> {
        let (name, var) = match arg.split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (arg, None),
        };
        split_id(name)?;
        if let Some(v) = &var {
            name::validate_env_var(v)?;
        }
        Ok(Pick {
            name: name.to_owned(),
            var,
        })
    }
}

/// What was asked for.
#[derive(Debug, Default)]
pub(crate) struct Request<'a> {
    /// The project file, if one was found and not disabled.
    pub(crate) project: Option<&'a Project>,
    pub(crate) profile: Option<&'a str>,
    /// `--env-file`, in the order given (already approved where they must be).
    pub(crate) env_files: &'a [EnvFile],
    pub(crate) prefix: Option<&'a str>,
    pub(crate) all: bool,
    /// `-s`.
    pub(crate) secrets: Vec<Pick>,
    /// `-f`.
    pub(crate) files: Vec<Pick>,
}

/// One variable to hand out.
#[derive(Debug)]
pub(crate) struct Injection {
    pub(crate) var: String,
    /// The secret's name (without `#id`); empty for a plain value of an env file.
    pub(crate) name: String,
    /// The version handed out (0 for a plain value).
    pub(crate) version: u32,
    /// The value, or the key id for `#id`.
    pub(crate) value: SecretValue,
    /// Whether `value` is a secret (false for a key id or a plain value of an
    /// env file, which are not masked).
    pub(crate) secret: bool,
    /// Hand over as a file.
    pub(crate) file: bool,
}

/// The resolved selection.
#[derive(Debug, Default)]
pub(crate) struct Selection {
    /// Sorted by variable.
    pub(crate) items: Vec<Injection>,
    /// Secrets under `--prefix`/`--all` left out because they have no live value.
    pub(crate) skipped: Vec<String>,
}

/// Where a variable's value will come from, before any value is looked up.
#[derive(Clone)]
struct Planned {
    reference: String,
    file: bool,
    origin: String,
    /// A plain value of an env file (then `reference` is empty).
    plain: Option<SecretValue>,
}

/// Variable → what it will hold; later layers override earlier ones.
type Plan = BTreeMap<String, Planned>;

/// Resolve a request against the vault at `now`.
pub(crate) fn resolve(vault: &Vault, req: &Request<'_>, now: Timestamp) -> Result<Selection> {
    let mut plan = project_layer(req)?;
    plan.extend(env_file_layer(req.env_files));
    let mut skipped = Vec::new();
    if req.all || req.prefix.is_some() {
        let (layer, left_out) = prefix_layer(vault, req.prefix.unwrap_or(""), now)?;
        plan.extend(layer);
        skipped = left_out;
    }
    let (flags, missing_flags) = flag_layer(vault, req)?;
    plan.extend(flags);

    if plan.is_empty() && missing_flags.is_empty() {
        return Err(Error::usage(
            "no secrets selected",
            "pass -s NAME, -f NAME, --prefix P, --all or --env-file FILE, or add a sesame.toml with an [env] table",
        ));
    }
    let mut items = Vec::with_capacity(plan.len());
    let mut failed = Vec::new();
    for (var, p) in plan {
        if let Some(value) = p.plain {
            items.push(Injection {
                var,
                name: String::new(),
                version: 0,
                value,
                secret: false,
                file: false,
            });
            continue;
        }
        match injection(vault, var.clone(), &p, now) {
            Ok(i) => items.push(i),
            Err(e @ (Error::NotFound { .. } | Error::NotLive { .. })) => failed.push((var, p, e)),
            Err(e) => return Err(e),
        }
    }
    failed.extend(missing_flags);
    if !failed.is_empty() {
        return Err(unavailable(failed));
    }
    Ok(Selection { items, skipped })
}

/// One error for every selected secret that cannot be handed out, each with
/// its variable and where it was selected (the project file's line and
/// profile). A single one picked by a flag keeps its own error.
fn unavailable(mut failed: Vec<Failed>) -> Error {
    let from_project = |p: &Planned| !p.origin.starts_with('-');
    if failed.len() == 1 && !from_project(&failed[0].1) {
        return failed.remove(0).2;
    }
    let missing = failed
        .iter()
        .any(|(_, _, e)| matches!(e, Error::NotFound { .. }));
    let parts: Vec<String> = failed
        .iter()
        .map(|(var, p, e)| {
            let why = match e {
                Error::NotLive { why, .. } => why.as_str(),
                _ => "is missing",
            };
            format!("'{}' {why} ({var}, {})", p.reference, p.origin)
        })
        .collect();
    let what = if parts.len() == 1 {
        format!("secret {}", parts[0])
    } else {
        format!(
            "{} selected secrets cannot be handed out: {}",
            parts.len(),
            parts.join("; ")
        )
    };
    let lone_missing = match failed.as_slice() {
        [(_, _, Error::NotFound { name })] => Some(name.clone()),
        _ => None,
    };
    Error::Unavailable {
        what,
        hint: "nothing was handed out; store each with `sesame set NAME`, or change the lines that select them".into(),
        missing,
        lone_missing,
    }
}

/// Layer 1: the project file's `[env]`, or `[profile.NAME.env]` with `--profile`.
fn project_layer(req: &Request<'_>) -> Result<Plan> {
    let Some(project) = req.project else {
        return match req.profile {
            Some(p) => Err(Error::usage(
                format!("--profile {p} needs a sesame.toml, and none was found here or above"),
                "create one with a [profile.NAME.env] table, or select with -s NAME",
            )),
            None => Ok(Plan::new()),
        };
    };
    let table = match req.profile {
        Some(p) => format!("[profile.{p}.env]"),
        None => "[env]".to_owned(),
    };
    Ok(project
        .mappings(req.profile)?
        .iter()
        .map(|m| {
            let line = project
                .lines
                .get(&(req.profile.map(str::to_owned), m.var.clone()));
            let origin = match line {
                Some(l) => format!("{}:{l} {table}", project.path.display()),
                None => format!("{} {table}", project.path.display()),
            };
            let planned = Planned {
                reference: m.secret.clone(),
                file: m.file,
                origin,
                plain: None,
            };
            (m.var.clone(), planned)
        })
        .collect())
}

/// Layer 2: the `--env-file`s, in order; within a file a later line of a
/// variable wins, as in python-dotenv.
fn env_file_layer(files: &[EnvFile]) -> Plan {
    let mut layer = Plan::new();
    for f in files {
        for e in &f.entries {
            let origin = format!("{}:{}", f.path.display(), e.line);
            let planned = match &e.value {
                EnvValue::Reference(n, id) => Planned {
                    reference: if *id { format!("{n}#id") } else { n.clone() },
                    file: false,
                    origin,
                    plain: None,
                },
                EnvValue::Plain(v) => Planned {
                    reference: String::new(),
                    file: false,
                    origin,
                    plain: Some(v.clone()),
                },
            };
            layer.insert(e.var.clone(), planned);
        }
    }
    layer
}

/// Layer 3: every secret under `prefix` (`""` for `--all`) with a live value,
/// and the names of those left out for having none.
fn prefix_layer(vault: &Vault, prefix: &str, now: Timestamp) -> Result<(Plan, Vec<String>)> {
    let mut layer = Plan::new();
    let mut skipped = Vec::new();
    for (n, s) in vault.secrets.range(prefix.to_owned()..) {
        if !n.starts_with(prefix) {
            break;
        }
        if !s.has_live_version() || s.is_expired(now) || s.current().is_none() {
            skipped.push(n.clone());
            continue;
        }
        let var = lifecycle::env_var(n, s);
        if let Some(other) = layer.get(&var) {
            return Err(Error::usage(
                format!(
                    "'{}' and '{n}' would both be injected as {var}",
                    other.reference
                ),
                format!(
                    "give one its own variable: sesame edit {n} --env VAR, or select it with -s {n}=VAR"
                ),
            ));
        }
        layer.insert(
            var,
            Planned {
                reference: n.clone(),
                file: false,
                origin: "--prefix/--all".into(),
                plain: None,
            },
        );
    }
    if layer.is_empty() && skipped.is_empty() {
        return Err(Error::NotFound {
            name: format!("{prefix}*"),
        });
    }
    Ok((layer, skipped))
}

/// A selected secret that cannot be handed out: its variable, where it was
/// selected, and why.
type Failed = (String, Planned, Error);

/// Layer 4: `-s NAME[=VAR]` and `-f NAME[=VAR]`; the same variable picked twice
/// for different things is an error. A missing `NAME` without `=VAR` has no
/// variable to plan (the secret would name it): it comes back among the
/// failures, under the variable its name gives, to be reported with the rest.
fn flag_layer(vault: &Vault, req: &Request<'_>) -> Result<(Plan, Vec<Failed>)> {
    let mut flags = Plan::new();
    let mut missing = Vec::new();
    for (pick, file) in req
        .secrets
        .iter()
        .map(|p| (p, false))
        .chain(req.files.iter().map(|p| (p, true)))
    {
        let (n, id) = split_id(&pick.name)?;
        let planned = Planned {
            reference: pick.name.clone(),
            file,
            origin: if file { "-f" } else { "-s" }.into(),
            plain: None,
        };
        let var = match &pick.var {
            Some(v) => v.clone(),
            None if id => {
                return Err(Error::usage(
                    format!("'{}' needs a variable name", pick.name),
                    format!("say which: -s {}=VAR", pick.name),
                ));
            }
            None => match lifecycle::lookup(vault, n) {
                Ok(secret) => lifecycle::env_var(n, secret),
                Err(e) => {
                    missing.push((name::default_env_var(n), planned, e));
                    continue;
                }
            },
        };
        if let Some(other) = flags.get(&var)
            && (other.reference != planned.reference || other.file != planned.file)
        {
            return Err(Error::usage(
                format!(
                    "{var} is selected twice ({} {} and {} {})",
                    other.origin, other.reference, planned.origin, planned.reference
                ),
                "map one of them to another variable with NAME=VAR",
            ));
        }
        flags.insert(var, planned);
    }
    Ok((flags, missing))
}

/// The live value (or key id, for `NAME#id`) behind one planned variable.
fn injection(vault: &Vault, var: String, p: &Planned, now: Timestamp) -> Result<Injection> {
    name::validate_env_var(&var)?;
    let (n, id) = split_id(&p.reference)?;
    let (version, value) = lifecycle::live(vault, n, None, now)?;
    let (value, is_secret) = if id {
        let id = lifecycle::live_id(vault, n, None, now)?;
        (SecretValue::new(id.to_owned()), false)
    } else {
        (value.clone(), true)
    };
    Ok(Injection {
        var,
        name: n.to_owned(),
        version: version.n,
        value,
        secret: is_secret,
        file: p.file,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::lifecycle::Meta;
    use crate::vault::model::State;

    fn vault() -> Vault {
        let mut v = Vault::default();
        let now = Timestamp::now();
        for (n, val) in [
            ("app/dev/db", "dev-db-value"),
            ("app/prod/db", "prod-db-value"),
            ("aws/prod/deploy", "aws-secret-value"),
            ("gone/token", "revoked-value"),
        ] {
            lifecycle::put(
                &mut v,
                n,
                SecretValue::new(val.into()),
                &Meta::default(),
                None,
                now,
            )
            .unwrap();
        }
        let deploy = v.secrets.get_mut("aws/prod/deploy").unwrap();
        deploy.versions[0].id = Some("AKIAEXAMPLE".into());
        let gone = v.secrets.get_mut("gone/token").unwrap();
        gone.versions[0].state = State::Revoked;
        gone.versions[0].value = None;
        v
    }

    fn values(sel: &Selection) -> Vec<(String, String)> {
        sel.items
            .iter()
            .map(|i| (i.var.clone(), i.value.expose().to_owned()))
            .collect()
    }

    #[test]
    fn layers_and_id() {
        let v = vault();
        let project = Project::parse(
            Path::new("sesame.toml"),
            "[env]\nDB = \"app/dev/db\"\n[profile.prod.env]\nDB = \"app/prod/db\"\nKEY_ID = \"aws/prod/deploy#id\"\n",
        )
        .unwrap();
        let now = Timestamp::now();
        let req = Request {
            project: Some(&project),
            ..Default::default()
        };
        assert_eq!(
            values(&resolve(&v, &req, now).unwrap()),
            [("DB".into(), "dev-db-value".into())]
        );
        let req = Request {
            project: Some(&project),
            profile: Some("prod"),
            secrets: vec![Pick::parse("aws/prod/deploy=DB").unwrap()],
            ..Default::default()
        };
        let sel = resolve(&v, &req, now).unwrap();
        assert_eq!(
            values(&sel),
            [
                ("DB".into(), "aws-secret-value".into()),
                ("KEY_ID".into(), "AKIAEXAMPLE".into())
            ]
        );
        assert!(!sel.items[1].secret);
    }

    #[test]
    fn missing_id_revoked_and_missing_are_errors() {
        let v = vault();
        let now = Timestamp::now();
        let one = |s: &str| Request {
            secrets: vec![Pick::parse(s).unwrap()],
            ..Default::default()
        };
        let e = resolve(&v, &one("app/dev/db#id=X"), now).unwrap_err();
        assert!(e.to_string().contains("app/dev/db"), "{e}");
        assert!(e.to_string().contains("no key id"), "{e}");
        assert_eq!(
            resolve(&v, &one("gone/token"), now)
                .unwrap_err()
                .exit_code(),
            6
        );
        assert_eq!(
            resolve(&v, &one("no/such"), now).unwrap_err().exit_code(),
            4
        );
        assert!(resolve(&v, &one("aws/prod/deploy#id"), now).is_err());
        assert!(Pick::parse("a=1X").is_err());
        assert!(Pick::parse("a#secret").is_err());
    }

    #[test]
    fn prefix_skips_revoked_and_detects_clashes() {
        let v = vault();
        let now = Timestamp::now();
        let req = Request {
            all: true,
            ..Default::default()
        };
        let sel = resolve(&v, &req, now).unwrap();
        assert_eq!(sel.items.len(), 3);
        assert_eq!(sel.skipped, ["gone/token"]);
        let mut clash = vault();
        let now2 = Timestamp::now();
        lifecycle::put(
            &mut clash,
            "other/dev/db",
            SecretValue::new("x-value".into()),
            &Meta::default(),
            None,
            now2,
        )
        .unwrap();
        let e = resolve(&clash, &req, now).unwrap_err().to_string();
        assert!(e.contains("would both be injected as DEV_DB"), "{e}");
        let req = Request {
            prefix: Some("gone/"),
            secrets: vec![Pick::parse("app/dev/db").unwrap()],
            ..Default::default()
        };
        let sel = resolve(&v, &req, now).unwrap();
        assert_eq!(sel.skipped, ["gone/token"]);
        assert_eq!(values(&sel), [("DEV_DB".into(), "dev-db-value".into())]);
    }
}
