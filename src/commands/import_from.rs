//! `sesame import --from FORMAT`: another manager's store or export
//! (`crate::importers`), read and checked in full, then stored in one write.

use std::path::{Path, PathBuf};

use super::{Context, Output};
use crate::audit::{Action, Target};
use crate::cli::{ImportArgs, ImportFrom};
use crate::error::{Error, Result};
use crate::importers::{self, csv};
use crate::lifecycle;

pub(super) fn run(args: ImportArgs, ctx: &Context, out: &mut Output) -> Result<()> {
    if args.write_project || args.no_interpolate {
        return Err(Error::usage(
            "--write-project and --no-interpolate are for dotenv files, not --from",
            "nothing was imported; leave them out",
        ));
    }
    if args.map.is_some() != (args.from == ImportFrom::Csv) {
        return Err(Error::usage(
            "--map goes with --from csv, and --from csv needs --map",
            "e.g. --from csv --map name=Title,value=Password,username=Login",
        ));
    }
    let prefix = super::import::prefix(args.prefix.as_deref())?;
    ctx.store.require()?;
    let entries = read(&args)?;
    let (items, empty) = importers::plan(entries, prefix.as_deref())?;
    if prefix.is_none() {
        refuse_helper_names(items.iter().map(|i| i.name.as_str()))?;
    }
    if items.is_empty() {
        return Err(Error::usage(
            "there is nothing to import (no entry has a password, notes or fields)",
            "nothing was imported",
        ));
    }
    let plan: Vec<lifecycle::Import> = items
        .into_iter()
        .map(|i| lifecycle::Import {
            name: i.name,
            env: None,
            value: i.value,
            id: i.id,
            description: i.description,
        })
        .collect();
    let default_max_age = ctx.config()?.default_max_age;
    let mut tx = ctx.begin()?;
    let imported = lifecycle::import(
        &mut tx.vault,
        plan,
        args.overwrite,
        default_max_age,
        crate::time::now(),
    )?;
    let targets: Vec<Target> = imported
        .iter()
        .filter(|i| !i.unchanged)
        .map(|i| Target::version(&i.name, i.version))
        .collect();
    if !targets.is_empty() {
        tx.commit()?;
        ctx.audit_written(Action::Import, &targets)?;
    }
    super::import::report(ctx, out, &imported, &[], None)?;
    if !empty.is_empty() {
        out.warn(&format!("skipped (nothing to store): {}", empty.join(", ")));
    }
    Ok(())
}

/// The namespaces the credential helpers answer from (`git-credential`,
/// `docker-credential`, `aws`).
const HELPER_NAMESPACES: [&str; 3] = ["git/", "docker/", "aws/"];

/// Refuse an import that would create a secret a credential helper serves: a
/// hostile export (a Bitwarden folder `git/https`, an item `github.com`) must
/// not choose which password git, docker or aws send. `--prefix` lifts it.
fn refuse_helper_names<'a>(mut names: impl Iterator<Item = &'a str>) -> Result<()> {
    let served = |n: &str| {
        HELPER_NAMESPACES.iter().any(|ns| {
            n.get(..ns.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(ns))
        })
    };
    match names.find(|n| served(n)) {
        None => Ok(()),
        Some(name) => Err(Error::usage(
            format!(
                "the export would create {name}, under git/, docker/ or aws/, which the credential helpers hand to git, docker and aws; an export does not choose those"
            ),
            "nothing was imported; import it under a prefix (--prefix imported), then `sesame mv` the ones you trust",
        )),
    }
}

/// `$VAR`, else `~/DEFAULT`.
fn home_or(var: &str, default: &str) -> Result<PathBuf> {
    if let Some(v) = std::env::var_os(var).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(v));
    }
    dirs::home_dir().map(|h| h.join(default)).ok_or_else(|| {
        Error::usage(
            "no home directory is known (HOME is unset?)",
            "give the store's directory: sesame import --from FORMAT DIR",
        )
    })
}

/// The export's text (UTF-8, wiped on drop).
fn text(file: &Path) -> Result<zeroize::Zeroizing<String>> {
    let bytes = zeroize::Zeroizing::new(std::fs::read(file).map_err(|e| {
        Error::usage(
            format!("could not read {}: {e}", file.display()),
            "nothing was imported; check the path",
        )
    })?);
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        Error::usage(
            format!("{} is not UTF-8 text", file.display()),
            "nothing was imported; export it again as UTF-8",
        )
    })?;
    Ok(zeroize::Zeroizing::new(text.to_owned()))
}

fn read(args: &ImportArgs) -> Result<Vec<importers::Entry>> {
    let file = || {
        args.file.clone().ok_or_else(|| {
            Error::usage(
                "this format needs the export file",
                "nothing was imported; e.g. sesame import --from bitwarden export.json",
            )
        })
    };
    let dir = |var: &str, default: &str| match &args.file {
        Some(d) => Ok(d.clone()),
        None => home_or(var, default),
    };
    let from_csv = |map: &csv::Map, keepass: bool| -> Result<Vec<importers::Entry>> {
        let f = file()?;
        let table = csv::parse(&text(&f)?).map_err(|e| in_file(&f, e))?;
        csv::entries(table, map, keepass).map_err(|e| in_file(&f, e))
    };
    match args.from {
        ImportFrom::Pass => importers::pass::pass(&dir("PASSWORD_STORE_DIR", ".password-store")?),
        ImportFrom::Passage => importers::pass::passage(
            &dir("PASSAGE_DIR", ".passage/store")?,
            &home_or("PASSAGE_IDENTITIES_FILE", ".passage/identities")?,
        ),
        ImportFrom::Bitwarden => {
            let f = file()?;
            importers::bitwarden::entries(&text(&f)?).map_err(|e| in_file(&f, e))
        }
        ImportFrom::OnePasswordCsv => from_csv(&csv::onepassword(), false),
        ImportFrom::KeepassxcCsv => from_csv(&csv::keepassxc(), true),
        ImportFrom::LastpassCsv => from_csv(&csv::lastpass(), false),
        ImportFrom::Csv => from_csv(&csv::parse_map(args.map.as_deref().unwrap_or(""))?, false),
        ImportFrom::Dotenv => Ok(Vec::new()), // handled by `import.rs`
    }
}

/// A usage error about a file's content, naming the file.
fn in_file(file: &Path, e: Error) -> Error {
    match e {
        Error::Usage { what, hint } => Error::Usage {
            what: format!("{}: {what}", file.display()),
            hint,
        },
        other => other,
    }
}
