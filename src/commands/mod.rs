//! One module per subcommand, each an `impl Run` for its clap arguments.
//!
//! Commands read their arguments, call the core, and print. They get a resolved
//! [`Context`]; unlocking happens only when a command asks for the vault, so
//! `--help`, `--version` and `completions` never touch the store or a prompt.

mod allow;
mod ask;
mod audit;
mod completions;
mod credential;
mod edit;
mod env;
mod generate;
mod get;
mod hook;
mod import;
mod import_from;
mod init;
mod init_project;
mod list;
mod lock;
mod member;
mod mv;
mod passwd;
mod pin;
mod recipients;
mod record;
mod rekey;
mod remove;
mod revoke;
mod rollback;
mod rotate;
mod run;
mod scan;
mod set;
mod show;
mod status;
mod sync;
mod team;
mod team_resolve;
mod unlock;
mod upgrade;
// issue 18: templates, env files, AWS credential_process
mod aws;
mod inject;

pub(crate) use record::ENV_AUDIT_MAX_BYTES;

use std::cell::{Cell, OnceCell};
use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use crate::audit::{Action, Target};
use crate::cli::{Cli, Command, MetaArgs};
use crate::config;
use crate::crypto::Identity;
use crate::error::{Error, IoContext, Result};
use crate::lifecycle::{Change, Meta};
use crate::time::{Expiry, Secs};
use crate::unlock::{Prompt, Source, Terminal, Unavailable, UnlockEnv, Unlocked};
use crate::value::SecretValue;
use crate::vault::{Store, Transaction, Vault};

/// What every command runs with: the resolved global options.
pub(crate) struct Context {
    pub(crate) store: Store,
    pub(crate) json: bool,
    pub(crate) quiet: bool,
    pub(crate) verbose: bool,
    env: UnlockEnv,
    prompt: Box<dyn Prompt>,
    unlocked: OnceCell<Unlocked>,
    config: OnceCell<config::Loaded>,
    cache_told: Cell<bool>,
    audit: record::AuditState,
}

/// Environment variable: seconds a writer waits for the lock (default 10).
pub(crate) const ENV_LOCK_TIMEOUT: &str = "SESAME_LOCK_TIMEOUT";
/// Environment variable: the store directory.
pub(crate) const ENV_STORE: &str = "SESAME_STORE";

impl Context {
    /// Resolve the global options.
    pub(crate) fn new(cli: &Cli) -> Result<Self> {
        let dir = match &cli.store {
            Some(d) => d.clone(),
            None => default_store_dir()?,
        };
        let mut store = Store::at(dir);
        if let Some(t) = std::env::var_os(ENV_LOCK_TIMEOUT) {
            let timeout = t
                .to_str()
                .and_then(|s| s.parse::<f64>().ok())
                .filter(|s| s.is_finite() && *s >= 0.0)
                .and_then(|s| Duration::try_from_secs_f64(s).ok())
                .ok_or_else(|| {
                    Error::usage(
                        format!("{ENV_LOCK_TIMEOUT} must be a number of seconds"),
                        "unset it or set it to e.g. 10",
                    )
                })?;
            store = store.with_lock_timeout(timeout);
        }
        Ok(Context {
            store,
            json: cli.json,
            quiet: cli.quiet,
            verbose: cli.verbose,
            env: UnlockEnv::from_process(),
            prompt: prompt_for(&cli.command),
            unlocked: OnceCell::new(),
            config: OnceCell::new(),
            cache_told: Cell::new(false),
            audit: record::AuditState::from_env()?,
        })
    }

    /// The prompt on the terminal.
    pub(crate) fn prompt(&self) -> &dyn Prompt {
        self.prompt.as_ref()
    }

    pub(crate) fn unlock_env(&self) -> &UnlockEnv {
        &self.env
    }

    /// Unlock the store (once) and return the identities.
    pub(crate) fn identities(&self) -> Result<&[Identity]> {
        if let Some(u) = self.unlocked.get() {
            return Ok(&u.identities);
        }
        let u = crate::unlock::unlock(&self.store, &self.env, self.prompt())
            .inspect_err(|_| self.audit.unlock_failed())?;
        // Wrong tries before the right one are failed unlocks too.
        self.record_wrong_tries();
        if let Some(why) = &u.cache_problem {
            self.cache_unavailable(why);
        }
        if u.source == Source::Prompt {
            self.cache_after_prompt(&u.identities);
        }
        Ok(&self.unlocked.get_or_init(|| u).identities)
    }

    /// A successful prompt caches the unlock for `cache_timeout` (0: never).
    /// Nothing here may fail the command.
    fn cache_after_prompt(&self, identities: &[Identity]) {
        let ttl = match self.config() {
            Ok(c) => c.cache_timeout(),
            Err(e) => {
                if !self.quiet {
                    crate::stderr_line!("sesame: note: the unlock was not cached: {e}");
                }
                return;
            }
        };
        if ttl.is_zero() {
            return;
        }
        if let Err(why) = crate::unlock::remember(&self.store, identities, ttl) {
            self.cache_unavailable(&why);
        }
    }

    /// Say once per run that no credential store works; `-v` says why.
    pub(crate) fn cache_unavailable(&self, why: &Unavailable) {
        if self.quiet || self.cache_told.replace(true) {
            return;
        }
        if self.verbose {
            crate::stderr_line!(
                "sesame: note: no OS credential store is usable, so unlocking is not cached: {why}"
            );
        } else {
            crate::stderr_line!(
                "sesame: note: no OS credential store is usable, so unlocking is not cached (-v shows why)"
            );
        }
    }

    /// Unlock and read the vault.
    pub(crate) fn load(&self) -> Result<Vault> {
        self.store.require()?;
        let got = self.store.load(self.identities()?);
        self.store_warnings();
        if let Ok(v) = &got {
            self.note_member(v);
        }
        got
    }

    /// Unlock and read names and metadata only, no values (`list`; read-only).
    pub(crate) fn load_metadata(&self) -> Result<crate::vault::v2::Listing> {
        self.store.require()?;
        let got = self.store.load_metadata(self.identities()?);
        self.store_warnings();
        if let Ok(l) = &got {
            self.note_member(&l.vault);
        }
        got
    }

    /// Unlock and read only the secrets `wanted` accepts (fast; read-only).
    pub(crate) fn load_selected(&self, wanted: &dyn Fn(&str) -> bool) -> Result<Vault> {
        self.store.require()?;
        let got = self.store.load_selected(self.identities()?, wanted);
        self.store_warnings();
        if let Ok(v) = &got {
            self.note_member(v);
        }
        got
    }

    /// Unlock and read only the named secrets (the fastest read).
    pub(crate) fn load_names(&self, names: &[&str]) -> Result<Vault> {
        self.store.require()?;
        let got = self.store.load_names(self.identities()?, names);
        self.store_warnings();
        if let Ok(v) = &got {
            self.note_member(v);
        }
        got
    }

    /// Print what reading the store had to warn about.
    fn store_warnings(&self) {
        for w in self.store.take_warnings() {
            crate::stderr_line!("sesame: warning: {w}");
        }
    }

    /// Unlock, lock for writing and read the vault. The config's
    /// `max_versions`, when set, applies to this write.
    pub(crate) fn begin(&self) -> Result<Transaction<'_>> {
        self.store.require()?;
        let max_versions = self.config()?.raw.max_versions;
        let mut tx = self.begin_write(true)?;
        if let Some(n) = max_versions {
            tx.vault.max_versions = n;
        }
        Ok(tx)
    }

    /// As `begin`, without comparing the recipients file to the sealed list:
    /// for `recipients add/remove`, which are how a difference is settled.
    pub(crate) fn begin_unchecked(&self) -> Result<Transaction<'_>> {
        self.store.require()?;
        self.begin_write(false)
    }

    /// As `begin`, reading only what writing `names` needs (`set`).
    pub(crate) fn begin_names(&self, names: &[&str]) -> Result<Transaction<'_>> {
        self.store.require()?;
        let max_versions = self.config()?.raw.max_versions;
        let identities = self.identities()?;
        let mut tx = self.store.begin_names(identities, names)?;
        self.note_member(&tx.vault);
        self.seal(&mut tx.vault)?;
        if let Some(n) = max_versions {
            tx.vault.max_versions = n;
        }
        Ok(tx)
    }

    /// The one way commands start a write: every write seals the audit head.
    fn begin_write(&self, check_recipients: bool) -> Result<Transaction<'_>> {
        let identities = self.identities()?;
        let mut tx = if check_recipients {
            self.store.begin(identities)?
        } else {
            self.store.begin_unchecked(identities)?
        };
        self.note_member(&tx.vault);
        self.seal(&mut tx.vault)?;
        Ok(tx)
    }

    /// The config file, read once; its warnings go to stderr the first time.
    pub(crate) fn config(&self) -> Result<&config::Loaded> {
        if let Some(c) = self.config.get() {
            return Ok(c);
        }
        let loaded = config::load()?;
        for w in &loaded.warnings {
            crate::stderr_line!("sesame: warning: {w}");
        }
        Ok(self.config.get_or_init(|| loaded))
    }
}

/// Whether argv[0] is `docker-credential-sesame` (a link to this binary),
/// which runs `sesame docker-credential ACTION` (issue 18).
pub fn called_as_docker_helper(argv0: Option<&std::ffi::OsString>) -> bool {
    argv0
        .map(std::path::Path::new)
        .and_then(std::path::Path::file_name)
        .is_some_and(|n| n == "docker-credential-sesame")
}

/// The terminal, except for the credential helpers, which never prompt
/// (git and docker run them with no one to answer; issue 18).
fn prompt_for(command: &Command) -> Box<dyn Prompt> {
    match command {
        Command::GitCredential(_) | Command::DockerCredential(_) => {
            Box::new(crate::unlock::NoPrompt)
        }
        _ => Box::new(Terminal::default()),
    }
}

pub(crate) fn default_store_dir() -> Result<PathBuf> {
    dirs::data_dir().map(|d| d.join("sesame")).ok_or_else(|| {
        Error::usage(
            "no data directory is known for this user (HOME is unset?)",
            "pass --store DIR or set SESAME_STORE",
        )
    })
}

/// Where commands print: data to stdout, messages to stderr.
pub(crate) struct Output {
    out: io::StdoutLock<'static>,
    quiet: bool,
    /// Colour for stdout (tables) and stderr (warnings): `crate::color`.
    pub(crate) paint: crate::color::Paint,
    paint_err: crate::color::Paint,
}

impl Output {
    /// Stdout and stderr of this process.
    pub(crate) fn new(quiet: bool, no_color: bool) -> Self {
        Output {
            out: io::stdout().lock(),
            quiet,
            paint: crate::color::Paint::new(true, no_color),
            paint_err: crate::color::Paint::new(false, no_color),
        }
    }

    /// Write raw bytes to stdout.
    pub(crate) fn raw(&mut self, bytes: &[u8]) -> Result<()> {
        self.out
            .write_all(bytes)
            .context(|| "could not write to stdout".into())
    }

    /// Write a line of text to stdout, escaped ([`crate::escape`]): names,
    /// paths and table cells never reach a terminal raw. Values go through
    /// [`Output::raw`].
    pub(crate) fn line(&mut self, text: &str) -> Result<()> {
        let text = crate::escape::escaped(text);
        self.raw(text.as_bytes())?;
        self.raw(b"\n")
    }

    /// Write a line that may hold colour (`crate::color`) to stdout as it is:
    /// the caller has escaped every piece of outside text in it.
    pub(crate) fn styled_line(&mut self, line: &str) -> Result<()> {
        self.raw(line.as_bytes())?;
        self.raw(b"\n")
    }

    /// Write a value as JSON, one document and a newline, to stdout; the
    /// characters [`crate::escape`] names are written as `\uXXXX` escapes.
    pub(crate) fn json<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let text = serde_json::to_string_pretty(value)
            .map_err(io::Error::from)
            .context(|| "could not write to stdout".into())?;
        self.json_text(&text)
    }

    /// Write one JSON text (already formatted) and a newline, as [`Output::json`].
    pub(crate) fn json_text(&mut self, text: &str) -> Result<()> {
        let text = crate::escape::json_escaped(text);
        self.raw(text.as_bytes())?;
        self.raw(b"\n")
    }

    /// A message for people on stderr, unless `-q`.
    pub(crate) fn note(&self, msg: &str) {
        if !self.quiet {
            crate::stderr_line!("{msg}");
        }
    }

    /// A warning on stderr, even with `-q`.
    pub(crate) fn warn(&self, msg: &str) {
        let warning = self.paint_err.paint(crate::color::SOON, "warning:");
        crate::stderr_styled(&format!("sesame: {warning}"), msg);
    }

    pub(crate) fn flush(&mut self) -> Result<()> {
        self.out
            .flush()
            .context(|| "could not write to stdout".into())
    }
}

/// A subcommand.
pub(crate) trait Run {
    fn run(self, ctx: &Context, out: &mut Output) -> Result<()>;

    /// What the audit log records if the command fails: its action and the
    /// secrets it is about. `None` for commands that are not recorded.
    fn intent(&self) -> Option<Intent> {
        None
    }
}

/// What a command is about, for the audit log.
#[derive(Debug, Clone)]
pub(crate) struct Intent {
    pub(crate) action: Action,
    /// The secrets named on the command line.
    pub(crate) secrets: Vec<Target>,
}

impl Intent {
    /// `action` on the named secrets.
    pub(crate) fn new<'a>(
        action: Action,
        names: impl IntoIterator<Item = &'a str>,
    ) -> Option<Self> {
        Some(Intent {
            action,
            secrets: names.into_iter().map(Target::name).collect(),
        })
    }
}

/// Run a command, remembering its intent for the audit log.
fn exec<R: Run>(cmd: R, ctx: &Context, out: &mut Output) -> Result<()> {
    ctx.audit.set_intent(cmd.intent());
    cmd.run(ctx, out)
}

/// Run the parsed command line.
pub fn run(mut cli: Cli) -> Result<()> {
    let mut out = Output::new(cli.quiet, cli.no_color);
    // git's drivers work on the store whose file git is merging or showing.
    team_resolve::store_of_driver(&mut cli);
    // Before the Context: no store, keyring or prompt, whatever the environment.
    if let Command::Completions(a) = &cli.command {
        return a.print(&mut out).and_then(|()| out.flush());
    }
    // `team init DIR` / `team join DIR`: DIR is the store of this run.
    let mut cli = cli;
    if let Command::Team(t) = &cli.command
        && let Some(dir) = t.dir()
    {
        cli.store = Some(dir.clone());
    }
    let ctx = Context::new(&cli)?;
    // Before anything of the store is read or written (a refusal writes nothing).
    if touches_store(&cli.command) {
        ctx.check_store()?;
    }
    let result = match cli.command {
        Command::Init(a) => exec(a, &ctx, &mut out),
        Command::Team(a) => exec(a, &ctx, &mut out),
        Command::Sync(a) => exec(a, &ctx, &mut out),
        Command::Set(a) => exec(a, &ctx, &mut out),
        Command::Get(a) => exec(a, &ctx, &mut out),
        Command::List(a) => exec(a, &ctx, &mut out),
        Command::Show(a) => exec(a, &ctx, &mut out),
        Command::Generate(a) => exec(a, &ctx, &mut out),
        Command::Remove(a) => exec(a, &ctx, &mut out),
        Command::Move(a) => exec(a, &ctx, &mut out),
        Command::Copy(a) => exec(a, &ctx, &mut out),
        Command::Completions(_) => Ok(()), // printed above
        Command::Rotate(a) => exec(a, &ctx, &mut out),
        Command::Revoke(a) => exec(a, &ctx, &mut out),
        Command::Edit(a) => exec(a, &ctx, &mut out),
        Command::Rollback(a) => exec(a, &ctx, &mut out),
        Command::Status(a) => exec(a, &ctx, &mut out),
        Command::Unlock(a) => exec(a, &ctx, &mut out),
        Command::Lock(a) => exec(a, &ctx, &mut out),
        Command::Passwd(a) => exec(a, &ctx, &mut out),
        Command::Rekey(a) => exec(a, &ctx, &mut out),
        Command::Recipients(a) => exec(a, &ctx, &mut out),
        Command::Scan(a) => exec(a, &ctx, &mut out),
        Command::Hook(a) => exec(a, &ctx, &mut out),
        Command::Audit(a) => exec(a, &ctx, &mut out),
        Command::Run(a) => exec(a, &ctx, &mut out),
        Command::Env(a) => exec(a, &ctx, &mut out),
        Command::Import(a) => exec(a, &ctx, &mut out),
        Command::InitProject(a) => exec(a, &ctx, &mut out),
        Command::Upgrade(a) => exec(a, &ctx, &mut out),
        Command::AcceptRollback(a) => exec(a, &ctx, &mut out),
        Command::Pin(a) => exec(a, &ctx, &mut out),
        Command::Allow(a) => exec(a, &ctx, &mut out),
        Command::Deny(a) => exec(a, &ctx, &mut out),
        Command::Member(a) => exec(a, &ctx, &mut out),
        // --- issue 18: credential helpers ---
        Command::GitCredential(a) => exec(a, &ctx, &mut out),
        Command::DockerCredential(a) => exec(a, &ctx, &mut out),
        Command::Inject(a) => exec(a, &ctx, &mut out),
        Command::AwsCredentials(a) => exec(a, &ctx, &mut out),
    };
    let result = result.map_err(invalid_name);
    if let Err(e) = &result {
        // One central place records every failure (and every failed unlock).
        ctx.record_failure(e);
    }
    let result = result.map_err(|e| ctx.did_you_mean(e));
    // Flush even on error: `status` prints its report and then exits 8.
    let flushed = out.flush();
    result.and(flushed)
}

/// A secret not found under a name no secret can have: say what is wrong
/// with the name instead (a usage error, exit 2).
fn invalid_name(e: Error) -> Error {
    match &e {
        Error::NotFound { name } if !name.ends_with('*') => {
            crate::name::validate(name).err().unwrap_or(e)
        }
        _ => e,
    }
}

/// Whether `command` reads or writes the store, so its permissions are
/// checked first (`perms`). `init` makes a private store; `hook` and `lock`
/// never open one.
fn touches_store(command: &Command) -> bool {
    !matches!(
        command,
        Command::Init(_)
            | Command::Completions(_)
            | Command::Hook(_)
            | Command::Lock(_)
            | Command::Team(crate::cli::TeamCommand::Init(_) | crate::cli::TeamCommand::Join(_))
    )
}

impl Context {
    /// Refuse a store that others can write; warn (unless `-q`) about
    /// personal files that others can read.
    fn check_store(&self) -> Result<()> {
        if !self.store.exists() {
            return Ok(());
        }
        for warning in crate::perms::check_store(&self.store)? {
            if !self.quiet {
                crate::stderr_line!("sesame: warning: {warning}");
            }
        }
        Ok(())
    }

    /// A missing secret's error, with the closest stored name when the store
    /// is unlocked already (costs one more decryption, on this error only).
    fn did_you_mean(&self, e: Error) -> Error {
        if let Error::Unavailable {
            lone_missing: Some(name),
            ..
        } = &e
        {
            return self.did_you_mean_in(name.clone(), e);
        }
        let Error::NotFound { name } = &e else {
            return e;
        };
        if name.ends_with('*') {
            return e; // `--prefix P` that matched nothing: no single name to suggest
        }

        let Some(unlocked) = self.unlocked.get() else {
            return e;
        };
        let Ok(vault) = self.store.load(&unlocked.identities) else {
            return e;
        };
        match crate::name::closest(name, vault.secrets.keys().map(String::as_str)) {
            Some(similar) => Error::NotFoundSimilar {
                name: name.clone(),
                similar: similar.to_owned(),
            },
            None => e,
        }
    }

    /// The single missing reference of `inject` or `run --env-file`
    /// (`Unavailable` with `lone_missing`): the closest stored name added.
    fn did_you_mean_in(&self, name: String, e: Error) -> Error {
        let Error::Unavailable {
            what,
            hint,
            missing,
            ..
        } = e
        else {
            return e;
        };
        let similar = self
            .unlocked
            .get()
            .and_then(|u| self.store.load(&u.identities).ok())
            .and_then(|vault| {
                crate::name::closest(&name, vault.secrets.keys().map(String::as_str))
                    .map(str::to_owned)
            });
        let what = match similar {
            Some(s) => format!("{what}; did you mean '{s}'?"),
            None => what,
        };
        Error::Unavailable {
            what,
            hint,
            missing,
            lone_missing: None,
        }
    }
}

/// Turn metadata flags into core metadata: here, and only here, each field's
/// way of saying "clear" (`--expires never`, `--max-age 0`, an empty text)
/// becomes [`Change::Clear`]. An expiry that is not in the future is taken
/// (it records when a credential died) with a warning: the secret is expired
/// at once, and `get` and `run` refuse it.
fn meta(args: &MetaArgs, out: &Output) -> Result<Meta> {
    if let Some(at) = args.expires.and_then(Expiry::at)
        && at <= crate::time::now()
    {
        out.warn(&format!(
            "--expires {} is not in the future: the secret is expired at once, and `get` and `run` refuse it",
            crate::time::show(at)
        ));
    }
    let text = |v: String| (!v.trim().is_empty()).then_some(v);
    let meta = Meta {
        description: Change::from_flag(args.description.clone(), |d| (!d.is_empty()).then_some(d)),
        tags: args.tags.clone(),
        env: Change::from_flag(args.env.clone(), Some),
        expires: Change::from_flag(args.expires, Expiry::at),
        max_age: Change::from_flag(args.max_age, Secs::nonzero),
        scopes: Change::from_flag(args.scopes.clone(), text),
        rotate_command: Change::from_flag(args.rotate_command.clone(), text),
        revoke_command: Change::from_flag(args.revoke_command.clone(), text),
        ..Meta::default()
    };
    meta.validate()?;
    Ok(meta)
}

/// Read a secret value from stdin (not a terminal) or a hidden prompt asked
/// twice. `again` is the command line that prompts (`set NAME`), for the hint.
fn read_value(ctx: &Context, name: &str, again: &str) -> Result<SecretValue> {
    read_value_from(ctx, name, again, false)
}

/// As [`read_value`]; `multiline` (`set -m`) reads a pasted value of many
/// lines at the terminal, until Ctrl-D, instead of a line asked twice.
fn read_value_from(ctx: &Context, name: &str, again: &str, multiline: bool) -> Result<SecretValue> {
    let stdin = io::stdin();
    if stdin.is_terminal() && multiline {
        let bytes = ask::multiline(name)?;
        let text = std::str::from_utf8(crate::value::input_bytes(&bytes)).map_err(|_| {
            Error::usage(
                "the pasted value is not UTF-8 text",
                "nothing was stored; store binary data encoded, e.g. `base64 < key.bin | sesame set NAME`",
            )
        })?;
        return non_empty(SecretValue::new(text.to_owned()), name, again);
    }
    if stdin.is_terminal() {
        let first = ctx.prompt().ask(&format!("Value for {name}: "))?;
        let again = ctx
            .prompt()
            .ask(&format!("Repeat the value for {name}: "))?;
        if !crate::unlock::prompt::same(&first, &again) {
            return Err(Error::usage(
                "the two values differ",
                "nothing was stored; try again",
            ));
        }
        use age::secrecy::ExposeSecret;
        let value = SecretValue::new(first.expose_secret().to_owned());
        if value.is_empty() {
            return Err(Error::usage(
                format!("the value for '{name}' is empty"),
                "nothing was stored; type the value at the prompt (it is not shown) or paste it",
            ));
        }
        return Ok(value);
    }
    // Sized up front: a growing buffer would free unzeroed copies of the value.
    let mut bytes = zeroize::Zeroizing::new(Vec::with_capacity(64 * 1024));
    stdin
        .lock()
        .read_to_end(&mut bytes)
        .context(|| "could not read the value from stdin".into())?;
    let text = std::str::from_utf8(crate::value::input_bytes(&bytes)).map_err(|_| {
        Error::usage(
            "the value on stdin is not UTF-8 text",
            "store binary data encoded, e.g. `base64 < key.bin | sesame set NAME`",
        )
    })?;
    non_empty(SecretValue::new(text.to_owned()), name, again)
}

/// An empty value piped in is most often an unset variable (`printf %s
/// "$TOKEN" |` with TOKEN unset): the hint is the prompt, not another pipe.
fn non_empty(v: SecretValue, name: &str, again: &str) -> Result<SecretValue> {
    if v.is_empty() {
        return Err(Error::usage(
            format!("the value for '{name}' on stdin is empty (is the variable you piped set?)"),
            format!(
                "nothing was stored; run `sesame {again}` in a terminal to type it at a hidden prompt"
            ),
        ));
    }
    Ok(v)
}
