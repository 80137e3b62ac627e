//! The command line, as clap definitions only. This is also what completions and
//! man pages are generated from, so every help text here is user documentation.
//!
//! Completion convention: an argument whose value name is `NAME` or `NAMES` (the
//! default for a field called `name`/`names`) is a secret name, and bash, zsh and
//! fish complete stored names there (`completion::script::is_secret_name`). Give other
//! arguments another value name (`--profile PROFILE`, not `--profile NAME`).
//! After changing anything here: `SESAME_UPDATE_GENERATED=1 cargo test --test tests docs::`.
//!
//! Durations and times are parsed here, once, into the types of `crate::time`
//! (`Secs`, `Timeout`, `Expiry`): a bad one is clap's usage error
//! (exit 2) naming the flag, with the type's hint as clap's tip.

use std::ffi::{OsStr, OsString};
use std::marker::PhantomData;
use std::path::PathBuf;
use std::str::FromStr;

use clap::builder::{StringValueParser, TypedValueParser, ValueParser, ValueParserFactory};
use clap::error::{ContextKind, ContextValue};
use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};

use crate::time::{Expiry, Invalid, Secs, Timeout};
use crate::vault::model::Charset;

/// The heading of the flags every command takes, apart from its own.
const GLOBAL: &str = "Global options";

const EXAMPLES: &str = "\
Examples:
  sesame init                                   create the store, choose a master password
  sesame generate stripe/prod/secret_key --length 40 --prefix sk_live_
  printf %s \"$TOKEN\" | sesame set github/ci/token
  sesame get github/ci/token
  sesame list --prefix stripe/
  sesame show stripe/prod/secret_key";

const UNLOCK_HELP: &str = "\
Unlocking (first found wins):
  SESAME_IDENTITY, SESAME_IDENTITY_FILE   an age identity that is a recipient (CI)
  SESAME_PASSWORD_FILE, SESAME_PASSWORD   the master password
  a cached unlock (`sesame unlock`, or any prompt in the last 15 minutes)
  otherwise a hidden prompt on the terminal (three tries); with no terminal, exit 3";

/// Parses a flag's text with the type's `FromStr`; a refusal becomes clap's
/// "invalid value" error with the hint as its tip, which `Error::from_clap`
/// turns into one line: `invalid value 'X' for '--flag <DUR>': what — hint`.
struct Typed<T>(PhantomData<fn() -> T>);

impl<T> Clone for Typed<T> {
    fn clone(&self) -> Self {
        Typed(PhantomData)
    }
}

impl<T> TypedValueParser for Typed<T>
where
    T: FromStr<Err = Invalid> + Clone + Send + Sync + 'static,
{
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let parsed = StringValueParser::new()
            .try_map(|text| text.parse::<T>())
            .parse_ref(cmd, arg, value);
        parsed.map_err(|mut e| {
            let invalid = std::error::Error::source(&e).and_then(|s| s.downcast_ref::<Invalid>());
            if let Some(hint) = invalid.map(|i| i.hint) {
                e.insert(
                    ContextKind::Suggested,
                    ContextValue::StyledStrs(vec![hint.into()]),
                );
            }
            e
        })
    }
}

/// `value_parser!(T)` (what the derive uses for a field of type `T`) picks
/// [`Typed`] for each of these.
macro_rules! typed_flags {
    ($($t:ty),*) => {$(
        impl ValueParserFactory for $t {
            type Parser = ValueParser;
            fn value_parser() -> ValueParser {
                ValueParser::new(Typed::<$t>(PhantomData))
            }
        }
    )*};
}

typed_flags!(Secs, Timeout, Expiry);

/// A local-first secret manager: age-encrypted secrets, generated, rotated,
/// revoked and handed to the programs that need them.
#[derive(Debug, Parser)]
#[command(
    name = "sesame",
    version,
    propagate_version = false,
    max_term_width = 100,
    after_help = EXAMPLES,
    after_long_help = format!("{EXAMPLES}\n\n{UNLOCK_HELP}"),
)]
pub struct Cli {
    /// The store directory [default: the data directory's `sesame`, e.g. ~/.local/share/sesame]
    #[arg(long, global = true, help_heading = GLOBAL, value_name = "DIR", env = "SESAME_STORE", value_hint = ValueHint::DirPath)]
    pub(crate) store: Option<PathBuf>,

    /// Print data as JSON
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub(crate) json: bool,

    /// Print no messages, only data and errors
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub(crate) quiet: bool,

    /// Never use colour (also: NO_COLOR; colour is only ever used on a terminal,
    /// or when CLICOLOR_FORCE is set)
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub(crate) no_color: bool,

    /// Explain more on stderr (e.g. why an unlock could not be cached)
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub(crate) verbose: bool,

    /// What to do
    #[command(subcommand)]
    pub(crate) command: Command,
}

impl Cli {
    /// Whether `--no-color` was given (for `main`'s error line).
    pub fn no_color(&self) -> bool {
        self.no_color
    }
}

/// The subcommand path of a command line (`sesame recipients add`), for
/// usage errors that point to that command's `--help`. Flags and their values
/// before the subcommand are skipped; an unknown word ends the path.
pub fn command_path(args: &[OsString]) -> String {
    let root = <Cli as clap::CommandFactory>::command();
    let mut path = vec![root.get_name().to_owned()];
    let mut cur = &root;
    for word in args.iter().skip(1).filter_map(|a| a.to_str()) {
        if word == "--" {
            break;
        }
        if word.starts_with('-') {
            continue;
        }
        match cur.find_subcommand(word) {
            Some(sub) => {
                path.push(sub.get_name().to_owned());
                cur = sub;
            }
            None if path.len() == 1 => continue,
            None => break,
        }
    }
    path.join(" ")
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create a store and choose its master password
    Init(InitArgs),
    /// Store a value read from stdin or a hidden prompt (never from an argument)
    Set(SetArgs),
    /// Print a secret's value
    Get(GetArgs),
    /// List secret names
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// Show a secret's metadata and version history (never its value)
    Show(ShowArgs),
    /// Create a secret with a fresh random value
    #[command(visible_alias = "gen")]
    Generate(GenerateArgs),
    /// Delete a secret and its whole history
    #[command(visible_alias = "rm")]
    Remove(RemoveArgs),
    /// Rename a secret, keeping its history and policy
    #[command(visible_alias = "mv")]
    Move(MoveArgs),
    /// Copy a secret's current value and metadata to a new name
    #[command(visible_alias = "cp")]
    Copy(CopyArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(CompletionsArgs),
    /// Give secrets a new value, keeping the old one valid for a grace period
    Rotate(RotateArgs),
    /// Revoke versions: run the revoke command, then wipe their values for good
    Revoke(RevokeArgs),
    /// Change a secret's metadata and policy, or (--value) its value in an editor
    Edit(EditArgs),
    /// Make an earlier value current again, as a new version
    Rollback(RollbackArgs),
    /// Show what is expired, expiring, overdue for rotation or in a grace period
    Status(StatusArgs),
    /// Unlock the store for a while (cached in the OS keyring), or check whether it is unlocked
    Unlock(UnlockArgs),
    /// Forget the cached unlock at once
    Lock(LockArgs),
    /// Change the master password (the identity and the vault stay the same)
    Passwd(PasswdArgs),
    /// Replace the store's identity and re-encrypt the vault (the password may have leaked)
    Rekey(RekeyArgs),
    /// List, add or remove the recipients the vault is encrypted to
    #[command(subcommand)]
    Recipients(RecipientsCommand),
    /// Find stored secret values in files, the git index or git history
    Scan(ScanArgs),
    /// Install or remove the git pre-commit hook that runs `scan --staged`
    Hook(HookArgs),
    /// Read the audit log of every access, or check that nobody altered it
    Audit(AuditArgs),
    /// Run a command with secrets in its environment, masked in its output
    Run(RunArgs),
    /// Print secrets for other tools (dotenv, shell, JSON, GitHub Actions, Kubernetes)
    Env(EnvArgs),
    /// Store the variables of a dotenv file as secrets
    Import(ImportArgs),
    /// Write a sesame.toml mapping the live secrets under a prefix, and approve it
    InitProject(InitProjectArgs),
    // --- store format 2 (issue 12) ---
    /// Upgrade an unsigned (format 1) store to the signed format 2, after showing what it holds
    Upgrade(UpgradeArgs),
    /// Accept the store as it is now although it does not descend from the one last seen
    AcceptRollback(AcceptRollbackArgs),
    /// Trust a signed store for a key of yours that is a bare recipient (an SSH key)
    Pin(PinArgs),
    /// Approve a project file, an env file, or a secret's stored rotate/revoke commands, to be used here
    Allow(AllowArgs),
    /// Withdraw an approval given with `allow`
    Deny(DenyArgs),
    // --- team stores (issue 15) ---
    /// Team stores shared through git: make one, join one, finish a merge git stopped on
    #[command(subcommand)]
    Team(TeamCommand),
    /// Add, list, remove or replace the members of a signed (team) store
    #[command(subcommand)]
    Member(MemberCommand),
    /// Commit the store, fetch, verify and merge what arrived, and push (a team store in git)
    Sync(SyncArgs),
    // --- issue 18: credential helpers ---
    /// git's credential helper: answers git from secrets git/PROTOCOL/HOST
    GitCredential(GitCredentialArgs),
    /// docker's credential helper (also run as docker-credential-sesame)
    DockerCredential(DockerCredentialArgs),
    // --- integrations: templates and AWS (issue 18) ---
    /// Render a template's {{ sesame://NAME }} references with the secrets' values
    Inject(InjectArgs),
    /// Print a secret as AWS credential_process JSON (for ~/.aws/config)
    AwsCredentials(AwsCredentialsArgs),
}

const SELECTION_HELP: &str = "\
Selection (later ones win, variable by variable):
  sesame.toml   found from the working directory upwards: [env], or
                [profile.NAME.env] with --profile NAME (a profile replaces [env])
                  [env]
                  DATABASE_URL = \"myapp/dev/database_url\"
                  GCP_KEY_FILE = { secret = \"gcp/dev/sa\", file = true }
                  AWS_ACCESS_KEY_ID = \"aws/dev/deploy#id\"   # the key id, not the value
  --env-file FILE   a dotenv file (read as python-dotenv does): a value that is
                    sesame://NAME or sesame://NAME#id is that secret's value or key
                    id, any other value passes through as it is (not masked); a file
                    with references must be approved (`sesame allow FILE`)
  --prefix, --all   every live secret under P / in the store
  -s, -f            single secrets; VAR defaults to the secret's --env or the last
                    two name segments upper-cased (stripe/prod/secret_key: PROD_SECRET_KEY)
Selected secrets that are missing (exit 4), revoked or expired (exit 6) are one
error naming every one of them with its sesame.toml line and profile, and nothing
runs or is printed.";

/// Which secrets `run` and `env` hand out.
#[derive(Debug, Args, Clone, Default)]
pub(crate) struct SelectArgs {
    /// Use [profile.PROFILE.env] of sesame.toml instead of [env]
    #[arg(long, short = 'p', value_name = "PROFILE")]
    pub(crate) profile: Option<String>,

    /// A secret, as VAR (repeatable); NAME#id=VAR gives its key id instead
    #[arg(long = "secret", short = 's', value_name = "NAME[=VAR]")]
    pub(crate) secrets: Vec<String>,

    /// A secret handed over as a private file whose path is in VAR (repeatable)
    #[arg(long = "file", short = 'f', value_name = "NAME[=VAR]")]
    pub(crate) files: Vec<String>,

    /// Every live secret whose name starts with P
    #[arg(long, value_name = "P")]
    pub(crate) prefix: Option<String>,

    /// Every live secret in the store
    #[arg(long, short = 'a')]
    pub(crate) all: bool,

    /// A dotenv file whose values may be references, sesame://NAME or
    /// sesame://NAME#id (repeatable; later files win)
    #[arg(long = "env-file", value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub(crate) env_files: Vec<PathBuf>,

    /// Do not read sesame.toml
    #[arg(long)]
    pub(crate) no_project: bool,
}

/// `sesame run`
#[derive(Debug, Args)]
#[command(after_help = format!("{SELECTION_HELP}

The command runs directly (no shell) with every SESAME_* variable removed from
its environment. Output going to a terminal is shown as it is; output going
anywhere else (a pipe, a file, a CI log) is masked: every value, and its
base64, base64url, hex, URL-encoded and JSON-escaped forms, becomes ***.
With --mask on a terminal (or mask_on_terminal = true in the config file), the
command runs on a pseudo-terminal of its own and its output is masked on the
way to the screen: colours, line editing, the window size, Ctrl-C and Ctrl-Z
work as without sesame, and the terminal's settings come back when it ends.
Without masking and without -f, sesame execs the command (no wrapper process);
otherwise it forwards SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 and SIGWINCH,
and exits with the command's status, or 128+N if it died of signal N.

Examples:
  sesame run -- ./deploy.sh                        secrets from sesame.toml
  sesame run --profile prod -- ./deploy.sh
  sesame run -s github/ci/token=GH_TOKEN -- gh release list
  sesame run -f gcp/prod/sa=GOOGLE_APPLICATION_CREDENTIALS -- terraform plan
  sesame run --prefix myapp/prod/ --mask -- npm start | tee log.txt"))]
pub(crate) struct RunArgs {
    /// Selection flags
    #[command(flatten)]
    pub(crate) select: SelectArgs,

    /// Mask values in stdout and stderr, on a terminal too (through a pseudo-terminal)
    #[arg(long, overrides_with = "no_mask")]
    pub(crate) mask: bool,

    /// Never mask (the command is exec'd unless -f is used)
    #[arg(long, overrides_with = "mask")]
    pub(crate) no_mask: bool,

    // The doc comment is the --help text, verbatim: the brackets are literal.
    /// Replace masked values with [masked:NAME] instead of ***
    #[allow(rustdoc::broken_intra_doc_links)]
    #[arg(long)]
    pub(crate) mask_label: bool,

    /// Keep a variable already set in the environment instead of overriding it
    #[arg(long)]
    pub(crate) no_override: bool,

    /// The command and its arguments (after --)
    #[arg(
        required = true,
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "CMD"
    )]
    pub(crate) command: Vec<OsString>,
}

/// Output formats of `env`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum EnvFormat {
    /// KEY=value lines, read back exactly by python-dotenv, sesame import and `set -a; .`
    Dotenv,
    /// export lines for sh, bash, dash and zsh, to eval or source
    Shell,
    /// set -gx lines for fish, to source
    Fish,
    /// a JSON object
    Json,
    /// add-mask commands on stdout, the variables appended to the GITHUB_ENV file
    Github,
    /// a Kubernetes Secret manifest (needs --name)
    K8s,
}

/// `sesame env`
#[derive(Debug, Args)]
#[command(after_help = format!("{SELECTION_HELP}

Values are printed as they are: prefer `sesame run` where you can. A secret
handed over as a file (-f, or file = true in sesame.toml) is refused: no file
outlives `env`. Use `sesame run`, or -s NAME=VAR to print that value inline.

Examples:
  sesame env --profile prod > .env.prod
  eval \"$(sesame env -s github/ci/token=GH_TOKEN --format shell)\"
  sesame env -s github/ci/token=GH_TOKEN --format fish | source     in fish
  sesame env --prefix ci/ --format github           in a GitHub Actions step
  sesame env --prefix myapp/prod/ --format k8s --name myapp | kubectl apply -f -"))]
pub(crate) struct EnvArgs {
    /// Selection flags
    #[command(flatten)]
    pub(crate) select: SelectArgs,

    /// Output format (--json means --format json)
    #[arg(long, value_enum, default_value_t = EnvFormat::Dotenv)]
    pub(crate) format: EnvFormat,

    /// The Secret's metadata.name for --format k8s
    #[arg(long, value_name = "OBJECT")]
    pub(crate) name: Option<String>,

    /// The Secret's metadata.namespace for --format k8s
    #[arg(long, value_name = "NS")]
    pub(crate) namespace: Option<String>,

    /// On a terminal too, print values holding control characters as they are (not escaped)
    #[arg(long)]
    pub(crate) raw: bool,
}

/// `sesame import`
#[derive(Debug, Args)]
#[command(after_help = "\
The file is read as python-dotenv reads it: comments, `export` prefixes, single
quotes literal, double quotes with escapes, quoted values over several lines,
inline comments after unquoted values, ${VAR} and ${VAR:-default} expanded from
earlier keys and the environment (--no-interpolate to keep them). Each KEY is
stored as KEY (or P/KEY with --prefix) and remembers KEY as its variable.
All or nothing: a malformed line is an error naming the file and the line, and
nothing is stored. With `-` on a terminal, type the lines and end with Ctrl-D.

--write-project then writes ./sesame.toml mapping each imported KEY to its secret
(mode 0644, approved on this machine as written), so `sesame run -- CMD` gets
them. It never replaces a project file: when `run` would find one here or above,
nothing is imported and the lines to add to it are printed.

Examples:
  sesame import .env --prefix myapp/dev --write-project && sesame run -- npm start
  heroku config --shell | sesame import - --prefix myapp/prod --overwrite

Other managers (--from; all or nothing, nothing printed of a value):
  pass [DIR]        ~/.password-store (or PASSWORD_STORE_DIR), decrypted by gpg
  passage [DIR]     ~/.passage/store (or PASSAGE_DIR), with ~/.passage/identities
                    (or PASSAGE_IDENTITIES_FILE)
  bitwarden FILE    Bitwarden's unencrypted .json export
  1password-csv FILE, keepassxc-csv FILE, lastpass-csv FILE   their CSV exports
  csv FILE --map name=COL,value=COL[,username=COL,url=COL,notes=COL,folder=COL,totp=COL]
Names: FOLDER/ENTRY, characters other than letters, digits, '.', '_', '-' as '_'
(\"My Bank\" is My_Bank); the password is NAME (user name as its key id, URL as its
description), notes NAME/notes (or NAME without a password), TOTP NAME/totp,
custom fields NAME/fields/FIELD. Two entries that map to one name, or a name that
exists already (without --overwrite), refuse the whole import.
  sesame import --from pass --prefix personal
  sesame import --from bitwarden bitwarden_export.json && shred -u bitwarden_export.json")]
pub(crate) struct ImportArgs {
    /// The dotenv file, or - for stdin; with --from, the export file or store directory
    #[arg(value_name = "FILE")]
    pub(crate) file: Option<PathBuf>,

    /// Read another manager's store or export instead of a dotenv file
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ImportFrom::Dotenv)]
    pub(crate) from: ImportFrom,

    /// With --from csv: which column holds what (by header name)
    #[arg(long, value_name = "KEY=COL,...")]
    pub(crate) map: Option<String>,

    /// Store KEY as P/KEY
    #[arg(long, value_name = "P")]
    pub(crate) prefix: Option<String>,

    /// Add a new version to secrets that exist already, unless the value is the
    /// same (otherwise an existing name is an error)
    #[arg(long)]
    pub(crate) overwrite: bool,

    /// Keep ${VAR} literally instead of expanding it
    #[arg(long)]
    pub(crate) no_interpolate: bool,

    /// Also write ./sesame.toml mapping the imported variables, and approve it
    #[arg(long)]
    pub(crate) write_project: bool,

    /// With --write-project: write [profile.NEW_PROFILE.env] instead of [env]
    #[arg(
        long,
        short = 'p',
        value_name = "NEW_PROFILE",
        requires = "write_project"
    )]
    pub(crate) profile: Option<String>,
}

/// Where `import` reads from (issue 18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ImportFrom {
    /// A dotenv file (KEY=value lines)
    Dotenv,
    /// A pass store (files decrypted by gpg)
    Pass,
    /// A passage store (age files)
    Passage,
    /// Bitwarden's unencrypted JSON export
    Bitwarden,
    /// 1Password's CSV export
    #[value(name = "1password-csv")]
    OnePasswordCsv,
    /// KeePassXC's CSV export
    KeepassxcCsv,
    /// LastPass's CSV export
    LastpassCsv,
    /// Any CSV file, with --map
    Csv,
}

/// `sesame init-project`
#[derive(Debug, Args)]
#[command(after_help = "\
Writes ./sesame.toml with one line for each live secret under P (every live
secret without --prefix), as the variable `run --prefix P` would give it (its
--env, else the last two name segments upper-cased), so that `sesame run -- CMD`
injects the same set from then on. The file is mode 0644 and approved on this
machine as written. It never replaces a project file: when `run` would find one
here or above, nothing is written and the lines to add to it are printed.
No value is printed or handed out (the audit log records it as `list`).

Examples:
  sesame init-project --prefix myapp/dev
  sesame init-project --prefix myapp/prod --profile prod")]
pub(crate) struct InitProjectArgs {
    /// Map the live secrets under P (default: every live secret)
    #[arg(long, value_name = "P")]
    pub(crate) prefix: Option<String>,

    /// Write [profile.NEW_PROFILE.env] instead of [env]
    #[arg(long, short = 'p', value_name = "NEW_PROFILE")]
    pub(crate) profile: Option<String>,
}

/// `sesame unlock`
#[derive(Debug, Args)]
#[command(after_help = "\
The password comes from SESAME_PASSWORD_FILE / SESAME_PASSWORD when set, otherwise
from a hidden prompt (a cached unlock is never reused: unlocking proves the
password again). The unwrapped identity is kept in the OS credential store: on
Linux the kernel user keyring, which deletes it when the timeout runs out; on
macOS the Keychain, on Windows the Credential Manager. Each store has its own
entry. Reading it never extends it. The default timeout is `cache_timeout` in
~/.config/sesame/config.toml (15m when unset).

--check prints whether the store is unlocked and for how long, without
prompting or extending anything: exit 0 when unlocked, 3 when locked.

Examples:
  sesame unlock                 # ask once, then no password for 15 minutes
  sesame unlock --timeout 8h    # a working day
  sesame unlock --check && sesame run -- ./deploy.sh
  sesame lock                   # forget it now")]
pub(crate) struct UnlockArgs {
    /// How long to stay unlocked (30s, 15m, 8h) [default: cache_timeout from the config, else 15m]
    #[arg(long, short = 't', value_name = "DUR", conflicts_with = "check")]
    pub(crate) timeout: Option<Timeout>,

    /// Only tell whether the store is unlocked, and until when (exit 3 if not)
    #[arg(long)]
    pub(crate) check: bool,
}

/// `sesame lock`
#[derive(Debug, Args)]
#[command(after_help = "\
Removes this store's cached unlock from the OS credential store. The next command
asks for the password again. Succeeds when nothing was cached.

Examples:
  sesame lock")]
pub(crate) struct LockArgs {}

/// `sesame passwd`
#[derive(Debug, Args)]
#[command(after_help = "\
Asks for the current password (SESAME_PASSWORD_FILE / SESAME_PASSWORD, or the
terminal; never the cache or an identity variable) and the new one
(SESAME_NEW_PASSWORD_FILE / SESAME_NEW_PASSWORD, or asked twice), then replaces
identity.age atomically. The identity and the vault do not change, so other
recipients and CI keys keep working. The cached unlock is cleared.

Use `sesame rekey` instead when identity.age and the password may both have
leaked: passwd does not help against someone who already has a copy of the old
identity.age and the old password.

Examples:
  sesame passwd
  SESAME_PASSWORD_FILE=old.txt SESAME_NEW_PASSWORD_FILE=new.txt sesame passwd")]
pub(crate) struct PasswdArgs {
    /// scrypt work factor (log2 N) for the re-wrapped identity: 18 costs about 1 s and
    /// 256 MiB [default: the current one]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=22))]
    pub(crate) work_factor: Option<u8>,
}

/// `sesame rekey`
#[derive(Debug, Args)]
#[command(after_help = "\
Makes a new identity, re-encrypts the vault to it and to the other recipients,
wraps it with a new password (SESAME_NEW_PASSWORD_FILE / SESAME_NEW_PASSWORD, or
asked twice) and replaces identity.age. The old identity (and any copy of the old
identity.age with the old password) no longer opens the vault, and is marked
revoked in the member list so that it signs nothing that verifies; the backup is
replaced too. Every value stays as it was: values an attacker could already read
should still be rotated (`sesame rotate`), and CI tokens made again.

Examples:
  sesame rekey
  SESAME_NEW_PASSWORD_FILE=new.txt sesame rekey")]
pub(crate) struct RekeyArgs {
    /// scrypt work factor (log2 N) for the new identity: 18 costs about 1 s and 256 MiB
    #[arg(long, value_name = "N", default_value_t = crate::crypto::DEFAULT_WORK_FACTOR,
          value_parser = clap::value_parser!(u8).range(1..=22))]
    pub(crate) work_factor: u8,
}

/// `sesame upgrade`
#[derive(Debug, Args)]
#[command(after_help = "\
Shows the recipients and every stored rotate/revoke command first, and asks on
the terminal: upgrading signs them with your key, so read them. Declined,
nothing changes. Once this machine has seen the signed store, an unsigned one
at the same path is refused.

Examples:
  sesame upgrade
  sesame upgrade --yes")]
pub(crate) struct UpgradeArgs {
    /// Do not ask (for scripts): upgrade after showing what is signed
    #[arg(long, short = 'y')]
    pub(crate) yes: bool,
}

/// `sesame accept-rollback`
#[derive(Debug, Args)]
#[command(after_help = "\
A signed store remembers on this machine the last version it saw. A store that
does not descend from it (an older copy restored, another branch) is refused
for writing, and for reading outside a git work tree. This accepts the store as
it is now, after checking its signatures, and records that in the audit log.")]
pub(crate) struct AcceptRollbackArgs {}

/// `sesame pin`
#[derive(Debug, Args)]
#[command(after_help = "\
A signed store is read only with keys this machine can check its signatures
against. An admin's own identity pins them at `init`; a key added with
`recipients add KEY` (an SSH key, say) has none yet on this machine. This
checks that the store's member list is signed by the admin whose fingerprint
you give (from `sesame member list`, read by the admin, not from a copy of the
store someone could have written) and that your key is a member, then pins it
for your key. The key is the one SESAME_IDENTITY_FILE or --key names.

Examples:
  sesame recipients add ~/.ssh/id_ed25519.pub            # the admin, once
  sesame pin --admin d7b7…5ea --key ~/.ssh/id_ed25519     # then, on the SSH key's machine
  SESAME_IDENTITY_FILE=~/.ssh/id_ed25519 sesame get db/password")]
pub(crate) struct PinArgs {
    /// The fingerprint of the admin who signed the member list (64 hex digits)
    #[arg(long, value_name = "FINGERPRINT", required = true)]
    pub(crate) admin: String,

    /// Your key file (an OpenSSH private key or age identities) [default: SESAME_IDENTITY_FILE]
    #[arg(long, value_name = "PATH", value_hint = ValueHint::FilePath)]
    pub(crate) key: Option<PathBuf>,
}

// --- team stores: merges and sync (issue 15) ---

/// `sesame team resolve`
#[derive(Debug, Args)]
pub(crate) struct TeamResolveArgs {}

/// `sesame team merge-driver BASE OURS THEIRS [PATH]`
#[derive(Debug, Args)]
pub(crate) struct MergeDriverArgs {
    /// The common ancestor's manifest (%O)
    pub(crate) base: PathBuf,
    /// Ours (%A): the merged manifest is written here
    pub(crate) ours: PathBuf,
    /// Theirs (%B)
    pub(crate) theirs: PathBuf,
    /// The manifest's path in the repository (%P)
    pub(crate) path: Option<PathBuf>,
}

/// `sesame team diff-driver FILE`
#[derive(Debug, Args)]
pub(crate) struct DiffDriverArgs {
    /// A manifest file (git hands a temporary copy)
    pub(crate) file: PathBuf,
}

/// `sesame sync`
#[derive(Debug, Args)]
#[command(after_help = "\
In order: commit the store's own changes (its directory only), `git fetch`,
verify the store as the upstream branch holds it (every manifest signed by a
member this machine trusts, the member list by a pinned admin, every vault
file matching its signed digest, descent from the common ancestor), merge it
with ours secret by secret, commit, `git push`. A change that fails
verification is refused (exit 5) and nothing is merged or pushed. git runs
with your environment less every SESAME_* variable, and never reaches the
cached unlock.")]
pub(crate) struct SyncArgs {
    /// Fetch and merge, but do not push
    #[arg(long)]
    pub(crate) no_push: bool,
}

/// `sesame recipients …`
#[derive(Debug, Subcommand)]
pub(crate) enum RecipientsCommand {
    /// List the recipients sealed in the vault, with their labels
    #[command(
        visible_alias = "ls",
        after_help = "\
The list comes from inside the encrypted vault; keys that only the plain
recipients file lists are shown as unconfirmed.

Examples:
  sesame recipients list
  sesame recipients list --json"
    )]
    List(RecipientsListArgs),
    /// Add recipients (age1…, ssh-ed25519, ssh-rsa, or a file of them) and re-encrypt
    #[command(after_help = "\
KEY is an age recipient (age1…), an SSH public key (ssh-ed25519 … / ssh-rsa …,
quoted), or the path of a file of them, one per line (# comments allowed). Adding a
key that was appended to the recipients file by hand confirms it. The vault is
re-encrypted to every recipient.

--generate-ci NAME makes a new age key pair for a CI system, adds its public key
labelled NAME and prints the secret key once on stdout: put it in the CI
system's secret store as SESAME_IDENTITY. sesame keeps no copy of it.

Examples:
  sesame recipients add age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p --label alice
  sesame recipients add \"$(cat ~/.ssh/id_ed25519.pub)\"
  sesame recipients add team-keys.txt
  sesame recipients add --generate-ci github-actions")]
    Add(RecipientsAddArgs),
    /// Remove a recipient and re-encrypt (rotate what they could read!)
    #[command(
        visible_alias = "rm",
        after_help = "\
KEY is the recipient's public key or its label. The vault and its backup are
re-encrypted without it, but whoever holds that key may have kept copies of every
value they could read: rotate them (`sesame rotate`). The store's own key cannot
be removed (use `sesame rekey` to replace it).

Examples:
  sesame recipients remove github-actions
  sesame recipients remove age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"
    )]
    Remove(RecipientsRemoveArgs),
}

/// `sesame recipients list`
#[derive(Debug, Args)]
pub(crate) struct RecipientsListArgs {}

/// `sesame recipients add`
#[derive(Debug, Args)]
pub(crate) struct RecipientsAddArgs {
    /// Public keys or files of them
    #[arg(
        value_name = "KEY",
        required_unless_present = "generate_ci",
        conflicts_with = "generate_ci"
    )]
    pub(crate) keys: Vec<String>,

    /// A label for people (the CI system, the team member) [default: an SSH key's comment]
    #[arg(long, short = 'l', value_name = "NAME")]
    pub(crate) label: Option<String>,

    /// Make a key pair for CI labelled NAME; print its token (SESAME-CI-1…) once on stdout
    #[arg(long, value_name = "NAME", conflicts_with = "label")]
    pub(crate) generate_ci: Option<String>,

    /// With --generate-ci: the key may write values (a writer), not only read them
    #[arg(long, requires = "generate_ci")]
    pub(crate) write: bool,

    /// With --generate-ci: the key reads (and writes) only names under PREFIX (repeatable)
    #[arg(long, value_name = "PREFIX", requires = "generate_ci")]
    pub(crate) access: Vec<String>,
}

/// `sesame recipients remove`
#[derive(Debug, Args)]
pub(crate) struct RecipientsRemoveArgs {
    /// The public key or label of each recipient to remove
    #[arg(value_name = "KEY", required = true)]
    pub(crate) keys: Vec<String>,
}

/// `sesame init`
#[derive(Debug, Args)]
#[command(after_help = "\
The new password comes from SESAME_PASSWORD_FILE or SESAME_PASSWORD when set,
otherwise it is asked twice on the terminal (again when the two differ), and the
unlock is then cached like after any prompt. A password shorter than 10
characters, or a work factor below 18, gets a warning.

Examples:
  sesame init
  SESAME_PASSWORD_FILE=~/.pw sesame init --store ./team-store")]
pub(crate) struct InitArgs {
    /// scrypt work factor (log2 N) protecting identity.age: 18 costs about 1 s and 256 MiB
    #[arg(long, value_name = "N", default_value_t = crate::crypto::DEFAULT_WORK_FACTOR,
          value_parser = clap::value_parser!(u8).range(1..=22))]
    pub(crate) work_factor: u8,

    /// Create an unsigned format-1 store (for testing `upgrade` only)
    #[arg(long, hide = true)]
    pub(crate) format_1: bool,
}

/// Metadata flags shared by `set` and `generate`.
#[derive(Debug, Args, Clone, Default)]
pub(crate) struct MetaArgs {
    /// A description for people
    #[arg(long, short = 'd', value_name = "TEXT")]
    pub(crate) description: Option<String>,

    /// A tag to select by (repeatable)
    #[arg(long = "tag", short = 't', value_name = "TAG")]
    pub(crate) tags: Vec<String>,

    /// The environment variable to inject it as [default: last two name segments, upper-cased]
    #[arg(long, value_name = "VAR")]
    pub(crate) env: Option<String>,

    /// When it stops being handed out: a date (2027-01-31), an RFC 3339 time, or a
    /// duration from now (90d, 6mo, 1y); one not in the future expires it at once (a warning says so)
    // Hyphen values reach the parser, which explains `-1d` (clap would say "use -- -1").
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub(crate) expires: Option<Expiry>,

    /// Rotation is due this long after each new value (90d, 12h; 0 for never)
    /// [default for new secrets: the config's default_max_age]
    #[arg(long, value_name = "DUR")]
    pub(crate) max_age: Option<Secs>,

    /// What the credential may do, free text shown by `show` (e.g. "repo:read")
    #[arg(long, value_name = "TEXT")]
    pub(crate) scopes: Option<String>,

    /// Shell command whose stdout is the next value (or {"id": …, "value": …});
    /// it gets SESAME_SECRET_NAME, SESAME_CURRENT_VALUE, SESAME_CURRENT_ID
    #[arg(long, value_name = "CMD")]
    pub(crate) rotate_command: Option<String>,

    /// Shell command run before a version is wiped; it gets SESAME_SECRET_NAME,
    /// SESAME_REVOKED_VALUE, SESAME_REVOKED_ID, SESAME_REVOKED_VERSION
    #[arg(long, value_name = "CMD")]
    pub(crate) revoke_command: Option<String>,
}

/// `sesame set`
#[derive(Debug, Args)]
#[command(after_help = "\
The value is read from stdin when it is not a terminal, otherwise from a hidden
prompt, asked twice (with -m: pasted, any number of lines of any length, until
Ctrl-D on a line of its own, not shown; Ctrl-C cancels). A single-line value loses one trailing newline (so `echo`
works); a multi-line value (a PEM or SSH key, JSON) is stored byte for byte, and
`run -f` hands over exactly those bytes. Setting an existing name adds a new
version.

Examples:
  printf %s \"$TOKEN\" | sesame set github/ci/token
  sesame set aws/prod/secret --description 'deploy user' --tag prod < key.txt
  sesame set ssh/deploy/key < ~/.ssh/id_ed25519
  sesame set -m tls/server/key                  # paste the PEM, then Ctrl-D
  sesame set aws/prod/deploy --id AKIAIOSFODNN7EXAMPLE --max-age 90d < secret.txt
  sesame set api/token --expires 2027-01-31 --scopes 'read:org' < t.txt")]
pub(crate) struct SetArgs {
    /// The secret's name: segments of [A-Za-z0-9._-] joined by '/'
    pub(crate) name: String,

    /// Not accepted: a value on the command line lands in shell history and `ps`
    #[arg(hide = true, value_name = "VALUE")]
    pub(crate) value: Option<String>,

    /// On a terminal, read a pasted value of several lines (a PEM key) until Ctrl-D
    #[arg(long, short = 'm')]
    pub(crate) multiline: bool,

    /// A non-secret key id for this version (an AWS access key id, a token's public
    /// prefix), shown by `show` and `list --json`, injectable as NAME#id
    #[arg(long, value_name = "ID")]
    pub(crate) id: Option<String>,

    /// Metadata flags
    #[command(flatten)]
    pub(crate) meta: MetaArgs,
}

/// `sesame get`
#[derive(Debug, Args)]
#[command(after_help = "\
A single-line value is followed by a newline; a multi-line value is printed as
stored (on a terminal a newline follows one that does not end with one); -n:
never a newline. So `sesame get ssh/deploy/key > key` gives back the file that
`sesame set ssh/deploy/key < file` stored (a one-line file gains a final newline
if it had none). Exit status 4 when there is no such secret, 6 when it is
revoked or expired.

Examples:
  sesame get github/ci/token
  (umask 077; sesame get ssh/deploy/key > key)     # private from the start
  # a header from stdin (curl -H @-), so the token is never in an argument:
  { printf 'Authorization: Bearer '; sesame get github/ci/token; } |
    curl -H @- https://api.github.com/user
  sesame run -s github/ci/token=GH_TOKEN -- gh api user    # better still")]
pub(crate) struct GetArgs {
    /// The secret's name
    pub(crate) name: String,

    /// Print this version instead of the current one
    #[arg(long, value_name = "N")]
    pub(crate) version: Option<u32>,

    /// Print the value exactly as stored: no newline after it
    #[arg(short = 'n', long = "no-newline")]
    pub(crate) no_newline: bool,

    /// On a terminal too, print the value's bytes as they are (by default a value
    /// holding control characters is shown escaped there; a pipe always gets the bytes)
    #[arg(long)]
    pub(crate) raw: bool,

    /// Copy the value to the clipboard instead of printing it; cleared after 45 s
    /// if the clipboard still holds it (X11, Wayland; OSC 52 over SSH, not cleared)
    #[arg(short = 'c', long = "copy", conflicts_with_all = ["no_newline", "raw"])]
    pub(crate) copy: bool,
}

/// `sesame list`
#[derive(Debug, Args)]
#[command(after_help = "\
PATTERN is a glob when it holds * or ? (* also matches /), otherwise a
substring; case is ignored either way. --long prints each secret's state,
expiry and description on its line; on a terminal the names are a tree.

Examples:
  sesame list stripe                   every name holding 'stripe'
  sesame list '*/prod/*' --long
  sesame list --prefix stripe/
  sesame list --tag prod --json")]
pub(crate) struct ListArgs {
    /// Only names matching this: a glob with * and ?, else a substring (case ignored)
    #[arg(value_name = "PATTERN")]
    pub(crate) pattern: Option<String>,

    /// One line per secret with its state, expiry and description
    #[arg(long, short = 'l')]
    pub(crate) long: bool,

    /// Only names starting with this
    #[arg(long, value_name = "P")]
    pub(crate) prefix: Option<String>,

    /// Only secrets with this tag (repeatable: all must match)
    #[arg(long = "tag", short = 't', value_name = "TAG")]
    pub(crate) tags: Vec<String>,

    /// Include secrets with no live value (all versions revoked)
    #[arg(long, short = 'a')]
    pub(crate) all: bool,
}

/// `sesame show`
#[derive(Debug, Args)]
#[command(after_help = "\
Shows the description, tags, variable, policy (expiry, max age, rotate and
revoke commands), the generator with its entropy and every version with its
state and key id. Never a value.

Examples:
  sesame show stripe/prod/secret_key
  sesame show aws/prod/deploy --json | jq '.versions[] | {version, state, id}'")]
pub(crate) struct ShowArgs {
    /// The secret's name
    pub(crate) name: String,
}

/// Character sets for `generate`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum CharsetArg {
    /// A-Z a-z 0-9
    Alnum,
    /// A-Z a-z
    Alpha,
    /// 0-9
    Digits,
    /// 0-9 a-f
    Hex,
    /// A-Z 2-7 (RFC 4648)
    Base32,
    /// A-Z a-z 0-9 + /
    Base64,
    /// A-Z a-z 0-9 - _
    Base64url,
    /// printable ASCII with symbols, no space
    Ascii,
}

impl From<CharsetArg> for Charset {
    fn from(c: CharsetArg) -> Self {
        match c {
            CharsetArg::Alnum => Charset::Alnum,
            CharsetArg::Alpha => Charset::Alpha,
            CharsetArg::Digits => Charset::Digits,
            CharsetArg::Hex => Charset::Hex,
            CharsetArg::Base32 => Charset::Base32,
            CharsetArg::Base64 => Charset::Base64,
            CharsetArg::Base64url => Charset::Base64url,
            CharsetArg::Ascii => Charset::Ascii,
        }
    }
}

/// `sesame generate`
#[derive(Debug, Args)]
#[command(after_help = "\
Values come from the operating system's CSPRNG by rejection sampling (no modulo
bias). The generator is stored with the secret so that rotation makes the next
value alike. Nothing is printed unless --print is given. An existing name is
refused unless --force: `sesame rotate NAME` gives it a new value and keeps the
old one valid for a grace period.

Examples:
  sesame generate stripe/prod/secret_key --length 40 --prefix sk_live_ --max-age 90d
  sesame generate wifi/guest --words 5 --separator ' ' --print
  sesame generate db/dev/password --force        # replace it, as a new version")]
pub(crate) struct GenerateArgs {
    /// The secret's name
    pub(crate) name: String,

    /// How many characters, the prefix not counted
    #[arg(long, short = 'l', value_name = "N", conflicts_with = "words")]
    pub(crate) length: Option<u32>,

    /// Which characters
    #[arg(long, short = 'c', value_enum, value_name = "C", default_value_t = CharsetArg::Alnum, conflicts_with = "words")]
    pub(crate) charset: CharsetArg,

    /// A passphrase of N words from the built-in list (EFF, 7,776 words) instead
    #[arg(long, short = 'w', value_name = "N")]
    pub(crate) words: Option<u32>,

    /// What goes between words
    #[arg(long, value_name = "S", default_value = "-", requires = "words")]
    pub(crate) separator: String,

    /// Fixed text before the random part, e.g. sk_live_
    #[arg(long, value_name = "P", default_value = "")]
    pub(crate) prefix: String,

    /// Print the new value on stdout
    #[arg(long)]
    pub(crate) print: bool,

    /// Replace an existing secret's value (as a new version) instead of refusing
    #[arg(long, short = 'f')]
    pub(crate) force: bool,

    /// Metadata flags
    #[command(flatten)]
    pub(crate) meta: MetaArgs,
}

/// `sesame remove`
#[derive(Debug, Args)]
#[command(after_help = "\
Deletes the secret with every version, from the backup too. On a terminal
sesame asks first; without one it needs --force.

Examples:
  sesame remove old/api/key
  sesame remove old/api/key --force             # in a script")]
pub(crate) struct RemoveArgs {
    /// The secret's name
    pub(crate) name: String,

    /// Delete without asking (required without a terminal)
    #[arg(long, short = 'f')]
    pub(crate) force: bool,
}

/// `sesame move`
#[derive(Debug, Args)]
#[command(after_help = "\
Every version, the policy, the tags and the description move with the secret,
and so does this machine's trust in its rotate/revoke commands (only a command
that was yours or approved under the old name runs under the new one).
Nothing else is changed: sesame warns when the sesame.toml of this project maps
the old name, and when the variable derived from the name changes (set
`--env VAR` with `sesame edit` to keep the old one).

Examples:
  sesame move app/dev/token app/dev/api_token
  sesame mv stripe/key stripe/prod/secret_key")]
pub(crate) struct MoveArgs {
    /// The secret's current name
    #[arg(value_name = "NAME")]
    pub(crate) from: String,

    /// Its new name (must not exist)
    #[arg(value_name = "NEW")]
    pub(crate) to: String,
}

/// `sesame copy`
#[derive(Debug, Args)]
#[command(after_help = "\
The copy is a new secret: version 1 holds the current value (and key id), with
the description, tags, expiry, max age, scopes and generator. Older versions and
the rotate and revoke commands are not copied (they act on the provider's
credential that the original owns); the copy gets its own variable.

Examples:
  sesame copy myapp/dev/db_url myapp/staging/db_url
  sesame cp stripe/test/key stripe/ci/key")]
pub(crate) struct CopyArgs {
    /// The secret to copy
    #[arg(value_name = "NAME")]
    pub(crate) from: String,

    /// The new secret's name (must not exist)
    #[arg(value_name = "NEW")]
    pub(crate) to: String,
}

/// `sesame completions`
#[derive(Debug, Args)]
#[command(after_help = "\
The script goes to stdout; nothing else is read or written (no store, no
keyring, no prompt). In bash, zsh and fish, secret names are completed too when
the store opens at no cost: SESAME_IDENTITY, SESAME_IDENTITY_FILE or the
cached unlock of `sesame unlock` (a password alone would cost a scrypt
derivation per TAB); otherwise only commands and flags.

Examples:
  sesame completions bash > ~/.local/share/bash-completion/completions/sesame
  sesame completions zsh > ~/.zfunc/_sesame      # with fpath+=(~/.zfunc) before compinit
  sesame completions fish > ~/.config/fish/completions/sesame.fish
  eval (sesame completions elvish | slurp)        # in ~/.config/elvish/rc.elv
  sesame completions powershell | Out-String | Invoke-Expression   # in $PROFILE")]
pub(crate) struct CompletionsArgs {
    /// The shell to print the script for
    #[arg(value_name = "SHELL")]
    pub(crate) shell: clap_complete::Shell,
}

const ROTATE_HELP: &str = "\
The new value comes from, in order: --stdin, --command CMD, the stored rotate
command, the stored generator. A command runs through `sh -c` (a stored one in
`/`, never the working directory: give it absolute paths) with
SESAME_SECRET_NAME, SESAME_CURRENT_VALUE and SESAME_CURRENT_ID in its environment
(never in its arguments); its stdout is the new value (a single line loses one
trailing newline, several lines are kept as they are), or a JSON object {\"id\": \"…\", \"value\": \"…\"} (other JSON is
a value as it is). A command that
fails, runs past --timeout (its whole process group is killed) or prints nothing
changes nothing.

The replaced version stays readable as `previous` (get --version N) until the
grace period ends; `rotate --due` then revokes it. --grace 0 revokes it at once.

A stored rotate or revoke command runs only when this machine's key wrote it
(set, edit, generate) or you approved it (`sesame allow --secret NAME`);
otherwise it is not run and `rotate NAME` fails with exit status 8.

--due rotates every secret past its max age that has a rotate command or a
generator, lists those that need a person, and revokes previous versions whose
grace period has ended. Exit status 8 when something past due was left unrotated
(a stored command not approved here included: it is named, the rest is done).

Examples:
  sesame rotate stripe/prod/secret_key                 # from its generator
  sesame rotate aws/prod/deploy --command ./mint-aws-key.sh --grace 1h
  printf %s \"$NEW\" | sesame rotate github/ci/token --stdin --grace 0
  sesame rotate aws/prod/deploy --stdin --id AKIANEWKEYID < new-secret.txt
  sesame rotate --due --dry-run                        # what would happen
  sesame rotate --due -q || notify-team                # from cron";

/// `sesame rotate`
#[derive(Debug, Args)]
#[command(after_help = ROTATE_HELP)]
pub(crate) struct RotateArgs {
    /// The secrets to rotate
    #[arg(
        value_name = "NAME",
        required_unless_present = "due",
        conflicts_with = "due"
    )]
    pub(crate) names: Vec<String>,

    /// Rotate everything past its max age and finish ended grace periods
    #[arg(long)]
    pub(crate) due: bool,

    /// Read the new value from stdin (one secret only)
    #[arg(long, conflicts_with_all = ["command", "due"])]
    pub(crate) stdin: bool,

    /// The key id of the value read with --stdin
    #[arg(long, value_name = "ID", requires = "stdin")]
    pub(crate) id: Option<String>,

    /// Make the new value with this shell command instead of the stored one
    #[arg(long, value_name = "CMD", conflicts_with = "due")]
    pub(crate) command: Option<String>,

    /// How long the replaced value stays valid (0: revoke it now) [default: config `grace`, else 1d]
    #[arg(long, value_name = "DUR")]
    pub(crate) grace: Option<Secs>,

    /// How long a rotate or revoke command may run before it is killed
    #[arg(long, value_name = "DUR", default_value = "60s")]
    pub(crate) timeout: Timeout,

    /// Print what would be done and change nothing
    #[arg(long, short = 'n')]
    pub(crate) dry_run: bool,
}

/// `sesame revoke`
#[derive(Debug, Args)]
#[command(after_help = "\
The revoke command (if the secret has one) runs first for each version, with
SESAME_SECRET_NAME, SESAME_REVOKED_VALUE, SESAME_REVOKED_ID and
SESAME_REVOKED_VERSION in its environment. If it fails, that version is left as
it was unless --force. A stored revoke command that this machine's key did not
write and you did not approve (`sesame allow --secret NAME`) is not run: revoke
fails (exit 8), or with --force wipes the value without running it. Then the
value is wiped from every file of the store
(the current files and the backup). Revoked versions stay in `show`; `get`, `run` and
`env` refuse them (exit 6). This cannot be undone: on a terminal sesame asks
first; without one (scripts, cron) it needs --yes (or --force).

Examples:
  sesame revoke github/ci/token                 # every version that holds a value
  sesame revoke aws/prod/deploy --previous      # end the grace period now
  sesame revoke api/key --version 3 --yes       # in a script
  sesame revoke api/key --version 3 --force     # even if the revoke command fails")]
pub(crate) struct RevokeArgs {
    /// The secret's name
    pub(crate) name: String,

    /// Only this version
    #[arg(long, value_name = "N", conflicts_with = "previous")]
    pub(crate) version: Option<u32>,

    /// Only the previous versions (those kept for a grace period)
    #[arg(long)]
    pub(crate) previous: bool,

    /// Do not ask for confirmation (required without a terminal)
    #[arg(long, short = 'y')]
    pub(crate) yes: bool,

    /// Wipe the value even if the revoke command fails (implies --yes)
    #[arg(long, short = 'f')]
    pub(crate) force: bool,

    /// How long the revoke command may run before it is killed
    #[arg(long, value_name = "DUR", default_value = "60s")]
    pub(crate) timeout: Timeout,
}

/// `sesame edit`
#[derive(Debug, Args)]
#[command(after_help = "\
Only the flags given change anything. An empty text (--scopes '',
--rotate-command '') clears that field; --max-age 0 and --expires never clear
those.

--value opens $VISUAL (else $EDITOR, else vi) on the current value, in a
private file in a 0700 directory on a memory file system ($XDG_RUNTIME_DIR or
/dev/shm; refused when neither is tmpfs). vim's swap, backup and undo files
and nano's backups are kept in that directory; everything in it is overwritten
and removed when the editor ends, also when it crashes or is killed. An
unchanged value stores nothing; otherwise a new version (a single line loses
one trailing newline, as with `set`). Exit the editor with an error (vim: :cq)
to store nothing.

Examples:
  sesame edit aws/prod/deploy --max-age 90d --rotate-command ./mint-aws-key.sh
  sesame edit api/token --expires 30d --scopes 'read:org'
  sesame edit old/key --untag prod --expires never
  sesame edit app/prod/config.json --value")]
pub(crate) struct EditArgs {
    /// The secret's name
    pub(crate) name: String,

    /// Edit the value itself in $VISUAL/$EDITOR (a new version when it changed)
    #[arg(long)]
    pub(crate) value: bool,

    /// Remove this tag (repeatable)
    #[arg(long = "untag", value_name = "TAG")]
    pub(crate) untags: Vec<String>,

    /// Metadata and policy flags
    #[command(flatten)]
    pub(crate) meta: MetaArgs,
}

/// `sesame rollback`
#[derive(Debug, Args)]
#[command(after_help = "\
The current value becomes `previous`; the value of version N (by default the
newest earlier value that is still valid) is stored again as a new version.
Revoked values are gone for good and cannot be rolled back to.

Examples:
  sesame rollback stripe/prod/secret_key
  sesame rollback api/key --to 3")]
pub(crate) struct RollbackArgs {
    /// The secret's name
    pub(crate) name: String,

    /// The version whose value becomes current again
    #[arg(long, value_name = "N")]
    pub(crate) to: Option<u32>,
}

/// `sesame status`
#[derive(Debug, Args)]
#[command(after_help = "\
States: expired, overdue (past its max age), grace-ended (a replaced value still
stored after its grace period: run `sesame rotate --due`), expiring and due-soon
(within --within), in-grace, no-policy (no expiry and no max age), stale (not
read for --stale). The table lists no-policy and stale rows only with --all (or,
for no-policy, --strict); a line says how many were left out.
Exit status 8 when anything is expired, overdue or grace-ended (and, with
--strict, when anything has no policy), so CI and cron can gate on it.

Examples:
  sesame status
  sesame status --all                  every row, no-policy and stale included
  sesame status --within 30d --json
  sesame status -q || echo 'secrets need attention'")]
pub(crate) struct StatusArgs {
    /// How far ahead to look for expiries and rotations
    #[arg(long, value_name = "DUR", default_value = "14d")]
    pub(crate) within: Secs,

    /// Also count secrets with no expiry and no max age as needing attention
    #[arg(long)]
    pub(crate) strict: bool,

    /// Also list secrets with no policy or not read lately (--json always lists them)
    #[arg(long, short = 'a')]
    pub(crate) all: bool,

    /// List secrets that no get, run or env read for this long (per the audit
    /// log): candidates for revocation; 0 turns the check off
    #[arg(long, value_name = "DUR", default_value = "90d")]
    pub(crate) stale: Secs,
}

/// `sesame scan`
#[derive(Debug, Args)]
#[command(after_help = "\
Every active and previous value of at least 6 characters is searched for, as is
and base64 (standard and URL alphabets, any alignment), hex and URL-encoded, in
every file, text or binary. A finding is printed as `path:line:column: name (form)`
(with `--history`, `commit:path:line:column: …`), never with the value. A value
found in more than 1,000 places is reported once, as noisy; versions holding the
same value are one finding. Revoked values are wiped from the vault and cannot be
searched for: scan before you revoke (-v counts them).

Exit status 8 when anything is found, 0 when clean, 1 when files could not be read.

Examples:
  sesame scan                          the working tree, honouring .gitignore
  sesame scan ~/logs /etc/myapp --no-ignore
  sesame scan --staged                 what `git commit` would record
  sesame scan --history                every blob of every branch and tag
  sesame scan --history=v1.0..main --json")]
pub(crate) struct ScanArgs {
    /// Files or directories to scan (with --staged: git pathspecs) [default: .]
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,

    /// Scan the blobs staged in the git index instead of the working tree
    #[arg(long, conflicts_with_all = ["history", "no_ignore"])]
    pub(crate) staged: bool,

    /// Scan every blob reachable from REV-RANGE (git rev-list syntax) [default: all refs]
    #[arg(long, value_name = "REV-RANGE", num_args = 0..=1, require_equals = true,
          default_missing_value = "", conflicts_with_all = ["paths", "no_ignore"])]
    pub(crate) history: Option<String>,

    /// Also scan files that .gitignore, .ignore and git's excludes leave out
    #[arg(long)]
    pub(crate) no_ignore: bool,

    /// Leave this secret out of the search (repeatable)
    #[arg(long, value_name = "NAME")]
    pub(crate) exclude: Vec<String>,
}

/// `sesame hook`
#[derive(Debug, Args)]
pub(crate) struct HookArgs {
    /// What to do
    #[command(subcommand)]
    pub(crate) action: HookAction,
}

/// `sesame hook install|uninstall`
#[derive(Debug, Subcommand)]
pub(crate) enum HookAction {
    /// Write a git pre-commit hook that runs `sesame scan --staged`
    #[command(after_help = "\
The hook goes where git runs hooks from (core.hooksPath is honoured). An existing
hook that is not sesame's is left alone unless --force is given; it is then kept
as pre-commit.sesame-backup, and `sesame hook uninstall` puts it back.
The hook unlocks the store like any command: from SESAME_IDENTITY(_FILE),
SESAME_PASSWORD(_FILE), or a prompt on the terminal.

Examples:
  sesame hook install
  sesame hook install --force
  git commit --no-verify               skip the hook once, when you are sure")]
    Install(HookInstallArgs),
    /// Remove sesame's pre-commit hook (and restore the one it replaced)
    Uninstall,
}

/// `sesame hook install`
#[derive(Debug, Args)]
pub(crate) struct HookInstallArgs {
    /// Replace an existing pre-commit hook (it is kept as pre-commit.sesame-backup)
    #[arg(long, short = 'f')]
    pub(crate) force: bool,
}

/// `sesame audit`
#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    after_help = "\
Every command that reads, hands out or changes a secret, and every failed unlock,
appends one line to audit.log in the store: time, action, secret names and
versions, outcome, user, host, pid (and the program's name for `run`), never a
value. Each line is chained to the one before and authenticated with a key
derived from your identity; `audit verify` checks the chain.

Examples:
  sesame audit --secret github/ci/token --since 30d
  sesame audit --action unlock-failed
  sesame audit --json --limit 100 | jq -r .action
  sesame audit verify"
)]
pub(crate) struct AuditArgs {
    /// `verify`, or nothing to list records
    #[command(subcommand)]
    pub(crate) command: Option<AuditCommand>,

    /// Only records about this secret
    #[arg(long, value_name = "NAME")]
    pub(crate) secret: Option<String>,

    /// Only records of this action
    #[arg(long, value_name = "A",
          value_parser = clap::builder::PossibleValuesParser::new(crate::audit::Action::names()))]
    pub(crate) action: Option<String>,

    /// Only records from the last DUR (30d, 12h, 1h30m)
    #[arg(long, value_name = "DUR")]
    pub(crate) since: Option<Secs>,

    /// Only the last N records, after the other filters (0: all) [default for the
    /// table without --since: 50]
    #[arg(long, value_name = "N")]
    pub(crate) limit: Option<usize>,
}

/// `sesame audit` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum AuditCommand {
    /// Check every line's chain and MAC, and the head sealed in the vault
    #[command(after_help = "\
Exit status 0 when the log is intact; 5 when it is not, naming the first bad line
(a line changed, lines deleted, inserted or swapped, or the log cut back before
the head the last vault write sealed). Lines after the last authenticated one
(failed unlocks) are chained but only covered by the next successful command.

Examples:
  sesame audit verify
  sesame audit verify --json")]
    Verify,
    /// Set a damaged log aside and start a new one (after you have investigated)
    #[command(after_help = "\
When `audit verify` fails, keep the evidence and investigate first. Then `reset`
renames audit.log and audit.log.1 to audit.log*.broken-<time> (nothing is deleted),
starts a new log with an authenticated audit-reset record, and seals it into the
vault, so that `verify` passes again. It needs the identity, like every vault write.

Examples:
  sesame audit reset --force")]
    Reset {
        /// Really set the log aside (required)
        #[arg(long, short = 'f')]
        force: bool,
    },
}

const ALLOW_HELP: &str = "\
A sesame.toml decides which of your secrets reach which program, and it may come
from a cloned repository. `run` and `env` use it only once you have approved its
exact content: `allow [PATH]` shows what the file injects and records its real
path and the SHA-256 of its bytes in this machine's local state
($XDG_STATE_HOME/sesame/projects, sealed with a key derived from your identity,
so approving and checking unlock the store), never in the project. Any change
to the file needs a new approval. `--sha256 HEX` approves only if the file
still has the SHA-256 you reviewed (the refusal of `run` prints that command). The file must belong to you (or root) and not be writable
by other users. PATH is the file or a directory holding it; without PATH, the
file `run` would use here. In CI, set SESAME_PROJECT_SHA256 to the file's SHA-256
(`sha256sum sesame.toml`) instead.

An env file holding references (`KEY=sesame://NAME`, for `run --env-file` and
`env --env-file`) asks for your secrets just as a sesame.toml does: `allow FILE`
(any file not named sesame.toml) shows what it injects and approves its exact
content the same way; `deny FILE` withdraws it. In CI, set SESAME_ENV_FILE_SHA256
(SHA-256s separated by commas) instead. A file without references needs no
approval.

A secret's rotate and revoke commands are text in the vault, and whoever can
write the vault can put text there. sesame runs a stored command only when this
machine's key wrote it (with set, edit or generate) or you approved it here:
`allow --secret NAME` shows both commands, control, bidi and zero-width
characters made visible, and asks. An approval holds for that exact text of
that secret in that store; a changed command needs a new one. Approvals are
kept in this machine's local state ($XDG_STATE_HOME/sesame), sealed with a key
derived from your identity. A command that is not approved never runs: `rotate`
and `revoke` refuse it (exit 8; `revoke --force` wipes the value without
running it) and `rotate --due` names it and exits 8 after rotating the rest.

Examples:
  sesame allow                                # the sesame.toml `run` would use here
  sesame allow ../other/sesame.toml
  sesame allow --sha256 HEX sesame.toml       # only if still the content `run` showed
  sesame allow .env.sesame                    # an env file with sesame:// references
  sesame allow --secret aws/prod/deploy       # read, then approve
  sesame allow --secret aws/prod/deploy --yes # without a terminal
  sesame allow --list
  sesame deny --secret aws/prod/deploy";

/// `sesame allow`
#[derive(Debug, Args)]
#[command(after_help = ALLOW_HELP)]
pub(crate) struct AllowArgs {
    /// A project file (or a directory holding one), or an env file, to approve [default: the sesame.toml `run` would use here]
    #[arg(value_name = "PATH", value_hint = ValueHint::AnyPath, conflicts_with_all = ["secret", "list"])]
    pub(crate) path: Option<PathBuf>,

    /// Approve the file only if its SHA-256 is still HEX (the one you reviewed)
    #[arg(long, value_name = "HEX", conflicts_with_all = ["secret", "list"])]
    pub(crate) sha256: Option<String>,

    /// Approve this secret's stored rotate and revoke commands
    #[arg(long, value_name = "NAME", conflicts_with = "list")]
    pub(crate) secret: Option<String>,

    /// List what is approved on this machine
    #[arg(long)]
    pub(crate) list: bool,

    /// Approve without asking (needed when there is no terminal)
    #[arg(long, short = 'y', conflicts_with = "list")]
    pub(crate) yes: bool,
}

/// `sesame deny`
#[derive(Debug, Args)]
#[command(after_help = "\
Forgets the approvals (and the records that this machine wrote them) of a
secret's stored commands, or of a project file or env file: they no longer run
or apply until approved again. Without PATH or --secret, the project file `run` would use
here.

Examples:
  sesame deny
  sesame deny ~/src/app/sesame.toml
  sesame deny .env.sesame
  sesame deny --secret aws/prod/deploy")]
pub(crate) struct DenyArgs {
    /// A project file (or a directory holding one), or an env file, whose approval to withdraw
    #[arg(value_name = "PATH", value_hint = ValueHint::AnyPath, conflicts_with = "secret")]
    pub(crate) path: Option<PathBuf>,

    /// Withdraw the approval of this secret's stored commands
    #[arg(long, value_name = "NAME")]
    pub(crate) secret: Option<String>,
}

// --- integrations: templates and AWS (issue 18) ---

/// `sesame inject`
#[derive(Debug, Args)]
#[command(after_help = "\
References, each on one line, in any text file:
  {{ sesame://NAME }}           the value as it is stored
  {{ sesame://NAME#id }}        the current version's key id
  {{ sesame://NAME | json }}    a JSON string, quotes included
  {{ sesame://NAME | yaml }}    a YAML double-quoted scalar, quotes included
  {{ sesame://NAME | shell }}   a single-quoted sh/bash/zsh word
Any other {{ … }} (Helm, Jinja, Go templates) is left as it is. Every missing
(exit 4), revoked or expired (exit 6) reference is named in one error, with its
line, and nothing is written. -o writes a new file, mode 0600, and renames it
over FILE (a reader sees the old file or the new one, never half of one). To a
terminal, the output is printed only with --terminal.

Examples:
  sesame inject -i config.yml.tpl -o config.yml
  sesame inject < .npmrc.tpl > ~/.npmrc
  sesame inject -i app.json.tpl | kubectl create secret generic app --from-file=app.json=/dev/stdin")]
pub(crate) struct InjectArgs {
    /// The template [default: stdin]
    #[arg(long = "in-file", short = 'i', value_name = "TEMPLATE", value_hint = ValueHint::FilePath)]
    pub(crate) input: Option<PathBuf>,

    /// Write to FILE (created 0600, replaced atomically) instead of stdout (`-o -`)
    #[arg(long = "out-file", short = 'o', value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub(crate) output: Option<PathBuf>,

    /// Print to stdout even when it is a terminal
    #[arg(long, conflicts_with = "output")]
    pub(crate) terminal: bool,
}

/// `sesame aws-credentials`
#[derive(Debug, Args)]
#[command(after_help = "\
Prints, on one line, the JSON that AWS's credential_process reads: Version 1,
AccessKeyId, SecretAccessKey, and SessionToken and Expiration when stored. The
secret's value is the secret access key and its key id (set --id) the access
key id. SessionToken comes from the secret NAME/session_token when it exists,
Expiration from the earlier expiry of the two (edit --expires). Long-lived keys
only: no STS, no MFA sessions. In ~/.aws/config, with sesame's absolute path:
  [profile prod]
  credential_process = /usr/local/bin/sesame aws-credentials aws/prod/deploy

Examples:
  printf %s \"$SECRET_ACCESS_KEY\" | sesame set aws/prod/deploy --id AKIA…
  aws sts get-caller-identity --profile prod")]
pub(crate) struct AwsCredentialsArgs {
    /// The secret holding the secret access key (its key id is the access key id)
    pub(crate) name: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("sesame").chain(args.iter().copied()))
    }

    #[test]
    fn durations_and_times_arrive_typed() {
        let Command::Status(s) = parse(&["status"]).unwrap().command else {
            panic!("not status")
        };
        assert_eq!((s.within, s.stale), (Secs(14 * 86_400), Secs(90 * 86_400)));
        let Command::Rotate(r) = parse(&["rotate", "k", "--grace", "1h30m"]).unwrap().command
        else {
            panic!("not rotate")
        };
        assert_eq!(r.grace, Some(Secs(5_400)));
        assert_eq!(r.timeout, Timeout(std::time::Duration::from_secs(60)));
        let Command::Edit(e) = parse(&["edit", "k", "--expires", "never", "--max-age", "0"])
            .unwrap()
            .command
        else {
            panic!("not edit")
        };
        assert_eq!(e.meta.expires, Some(Expiry::Never));
        assert_eq!(e.meta.max_age, Some(Secs(0)));
    }

    #[test]
    fn a_bad_duration_is_one_usage_line_that_says_what_to_write() {
        let cases = [
            (
                &["set", "k", "--max-age", "10x"][..],
                "--max-age <DUR>",
                "write a number and a unit: 1y, 6mo",
            ),
            (
                &["set", "k", "--expires", "soon"],
                "--expires <WHEN>",
                "give a date (2027-01-31)",
            ),
            (
                &["unlock", "--timeout", "0"],
                "--timeout <DUR>",
                "give a duration such as 60s",
            ),
            (
                &["status", "--within", "99999999999999999999d"],
                "--within <DUR>",
                "write a number",
            ),
        ];
        for (args, flag, hint) in cases {
            let e = parse(args).unwrap_err();
            assert_eq!(
                e.kind(),
                clap::error::ErrorKind::ValueValidation,
                "{args:?}"
            );
            let line = Error::from_clap(&e).to_string();
            assert!(!line.contains('\n'), "{line}");
            let value = args[args.len() - 1];
            assert!(
                line.starts_with(&format!("invalid value '{value}' for '{flag}': ")),
                "{line}"
            );
            assert!(line.contains(&format!(" — {hint}")), "{line}");
            assert_eq!(Error::from_clap(&e).exit_code(), crate::error::exit::USAGE);
        }
    }
}

// --- team stores (issue 15) ---

/// `sesame team …`
#[derive(Debug, Subcommand)]
pub(crate) enum TeamCommand {
    /// Make a team store in a git work tree (new, or from a single-user store)
    #[command(after_help = "\
A team store holds only what every member shares (manifest, vault/, recipients,
.gitattributes): commit it. Your identity, audit log, locks and backup live in
~/.local/share/sesame/teams/<store id>/ (XDG_DATA_HOME), never in the repository.

It prints your admin fingerprint (give it to each new member over a channel
you trust: they pass it to `team join --admin`) and, unless --no-recovery, a
recovery key once: a second admin kept offline. If your laptop is lost, on
a new one `sesame team join --admin FINGERPRINT --recover` with the recovery
key on stdin makes you that admin again.

--from STORE copies a single-user signed store (every secret, version, author
and policy; same store id and password); the old store is left as it was.

DIR defaults to --store (SESAME_STORE). The git merge and diff drivers are
registered in the repository (.git/config, .git/info/attributes).

Examples:
  SESAME_STORE=$PWD/.sesame sesame team init --name alice
  sesame team init .sesame --from ~/.local/share/sesame --name alice")]
    Init(TeamInitArgs),
    /// Join a team store from its git repository: make your key, print a join request
    #[command(after_help = "\
Checks that the store's member list is signed by the admin whose fingerprint
you pass (ask the admin for it, not the repository: anyone with push access can
change the repository), makes your identity (password from SESAME_PASSWORD[_FILE]
or asked twice), trusts the store from now on, registers the git drivers and
prints a join request (SESAME-JOIN-1…) on stdout. Send it to an admin, who
runs `sesame member add NAME REQUEST`; after they push, pull, and you can read.

Run again, it prints the same request (it needs your password then).

With --ssh-key (or SESAME_IDENTITY_FILE set), your SSH key is your identity:
the store is encrypted to it, your signing key is derived from it, and you
unlock with SESAME_IDENTITY_FILE=PATH afterwards (no password, no identity.age).

Examples:
  sesame team join --admin 3f1c…e0 --name bob .sesame
  sesame team join --admin 3f1c…e0 --name bob --ssh-key ~/.ssh/id_ed25519
  sesame team join --admin 3f1c…e0 --recover < recovery-key.txt")]
    Join(TeamJoinArgs),
    /// Finish a merge of the store's manifest that git stopped on (after `git merge` or `git pull`)
    #[command(after_help = "\
When git's merge driver could not merge the store (no unlock, or the merge
needs new vault files, which a merge driver cannot add), git reports a
conflict in the store's manifest and leaves it as it was. This reads the
three versions git staged, verifies each (signatures, member list,
descent), merges them secret by secret, writes the result and the new vault
files, and stages them with `git add`. Then run `git commit` (or
`git rebase --continue`).")]
    Resolve(TeamResolveArgs),
    /// git's merge driver for a store's manifest (%O %A %B %P)
    #[command(hide = true)]
    MergeDriver(MergeDriverArgs),
    /// git's textconv for a store's manifest: what changed, never a value
    #[command(hide = true)]
    DiffDriver(DiffDriverArgs),
}

/// `sesame team init`
#[derive(Debug, Args)]
pub(crate) struct TeamInitArgs {
    /// The store directory, inside a git work tree [default: --store]
    #[arg(value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub(crate) dir: Option<PathBuf>,

    /// Move this single-user (signed) store into the team store
    #[arg(long, value_name = "STORE", value_hint = ValueHint::DirPath)]
    pub(crate) from: Option<PathBuf>,

    /// Your member name [default: $USER]
    #[arg(long, value_name = "MEMBER")]
    pub(crate) name: Option<String>,

    /// Print no recovery key (add a second admin yourself, soon)
    #[arg(long)]
    pub(crate) no_recovery: bool,

    /// scrypt work factor (log2 N) protecting your identity: 18 costs about 1 s and 256 MiB
    #[arg(long, value_name = "N", default_value_t = crate::crypto::DEFAULT_WORK_FACTOR,
          value_parser = clap::value_parser!(u8).range(1..=22))]
    pub(crate) work_factor: u8,
}

/// `sesame team join`
#[derive(Debug, Args)]
pub(crate) struct TeamJoinArgs {
    /// The store directory in your clone [default: --store]
    #[arg(value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub(crate) dir: Option<PathBuf>,

    /// The fingerprint of the admin who signed the member list, given to you out of band
    #[arg(long, value_name = "FINGERPRINT", required = true)]
    pub(crate) admin: String,

    /// Your member name [default: $USER]
    #[arg(long, value_name = "MEMBER")]
    pub(crate) name: Option<String>,

    /// Become the recovery admin: read the recovery key `team init` printed from stdin
    #[arg(long, conflicts_with = "ssh_key")]
    pub(crate) recover: bool,

    /// Your OpenSSH key (ssh-ed25519, ssh-rsa) is your identity: no password, no identity.age [default: SESAME_IDENTITY_FILE]
    #[arg(long, value_name = "PATH", value_hint = ValueHint::FilePath)]
    pub(crate) ssh_key: Option<PathBuf>,

    /// scrypt work factor (log2 N) protecting your identity: 18 costs about 1 s and 256 MiB
    #[arg(long, value_name = "N", default_value_t = crate::crypto::DEFAULT_WORK_FACTOR,
          value_parser = clap::value_parser!(u8).range(1..=22))]
    pub(crate) work_factor: u8,
}

impl TeamCommand {
    /// The store directory the command names, if it names one.
    pub(crate) fn dir(&self) -> Option<&PathBuf> {
        match self {
            TeamCommand::Init(a) => a.dir.as_ref(),
            TeamCommand::Join(a) => a.dir.as_ref(),
            TeamCommand::Resolve(_) | TeamCommand::MergeDriver(_) | TeamCommand::DiffDriver(_) => {
                None
            }
        }
    }
}

/// `sesame member …`
#[derive(Debug, Subcommand)]
pub(crate) enum MemberCommand {
    /// Add a member from the join request they sent (admins only)
    #[command(after_help = "\
REQUEST is what `sesame team join` printed for them (SESAME-JOIN-1…), or a file
holding it. Its signature by the new key is checked, the member list is signed
anew and every secret the member may read re-encrypted to them (all of them, or
with --access only the names under those prefixes). Commit and push after.

Examples:
  sesame member add bob SESAME-JOIN-1eyJyZXF1…
  sesame member add ci-deploy request.txt --role reader
  sesame member add deployer request.txt --access myapp/prod")]
    Add(MemberAddArgs),
    /// List the members: name, id, role, fingerprint, removed or not
    #[command(visible_alias = "ls")]
    List(MemberListArgs),
    /// Remove a member; what they could read becomes due for rotation (admins only)
    #[command(
        visible_alias = "rm",
        after_help = "\
The store is re-encrypted without the member and their signatures stop counting.
git history still holds the old ciphertext, which their key opens: every value
they could read is listed by `sesame status` as exposed, and `sesame rotate
--due` rotates those with a rotate command or generator. Rotation is the real
revocation.

Examples:
  sesame member remove bob
  sesame rotate --due"
    )]
    Remove(MemberRemoveArgs),
    /// Give a member a new key (a lost laptop): remove the old key, add the new request
    #[command(after_help = "\
The old key is removed as by `member remove` (what it could read becomes due for
rotation) and the key of REQUEST added with the same role. A member replacing
their own key runs `sesame team join` again on the new machine (or after
moving the personal directory aside) and asks an admin to run this.

Examples:
  sesame member replace alice SESAME-JOIN-1eyJyZXF1…")]
    Replace(MemberReplaceArgs),
    /// Show or change which names a member can read (admins only to change)
    #[command(after_help = "\
Access is by name prefix, whole segments: myapp/prod covers myapp/prod/db, never
myapp/production/db. It is enforced by encryption: each prefix with access of its
own has bucket files encrypted only to the members whose access covers it (admins
and members without --access always), so a key cannot read, or even list, names
outside its access. Granting a prefix re-encrypts only that prefix's files; taking
one away marks what it covered as due for rotation (`sesame status`, `sesame
rotate --due`), as removing a member does. Not to be confused with `edit --scopes`,
a credential's own permissions at its provider.

Examples:
  sesame member access ci-deploy
  sesame member access ci-deploy --add myapp/prod --add shared/tls
  sesame member access bob --remove myapp/prod
  sesame member access carol --none --add myapp/staging
  sesame member access bob --all")]
    Access(MemberAccessArgs),
}

/// `sesame member add`
#[derive(Debug, Args)]
pub(crate) struct MemberAddArgs {
    /// The member's name (as in the request)
    #[arg(value_name = "MEMBER")]
    pub(crate) member: String,
    /// The join request (SESAME-JOIN-1…) or a file holding it
    #[arg(value_name = "REQUEST")]
    pub(crate) request: String,
    /// What the member may do
    #[arg(long, value_enum, default_value_t = MemberRole::Writer)]
    pub(crate) role: MemberRole,
    /// Only names under PREFIX (whole segments; repeatable) [default: all names]
    #[arg(long, value_name = "PREFIX")]
    pub(crate) access: Vec<String>,
}

/// `sesame member access`
#[derive(Debug, Args)]
pub(crate) struct MemberAccessArgs {
    /// The member's name or id
    #[arg(value_name = "MEMBER")]
    pub(crate) member: String,
    /// Grant names under PREFIX (repeatable)
    #[arg(long, value_name = "PREFIX", conflicts_with = "all")]
    pub(crate) add: Vec<String>,
    /// Take away names under PREFIX (repeatable): what it covered becomes due
    #[arg(long, value_name = "PREFIX", conflicts_with = "all")]
    pub(crate) remove: Vec<String>,
    /// Give the member all access again
    #[arg(long)]
    pub(crate) all: bool,
    /// Start from no access (then --add): limits a member who has all access
    #[arg(long, conflicts_with_all = ["all", "remove"])]
    pub(crate) none: bool,
}

/// A member's role, as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum MemberRole {
    /// Changes the member list and stored commands; writes values
    Admin,
    /// Writes values and metadata
    Writer,
    /// Reads only
    Reader,
}

/// `sesame member list`
#[derive(Debug, Args)]
pub(crate) struct MemberListArgs {
    /// Removed members too
    #[arg(long, short = 'a')]
    pub(crate) all: bool,
}

/// `sesame member remove`
#[derive(Debug, Args)]
pub(crate) struct MemberRemoveArgs {
    /// The member's name or id
    #[arg(value_name = "MEMBER")]
    pub(crate) member: String,
}

/// `sesame member replace`
#[derive(Debug, Args)]
pub(crate) struct MemberReplaceArgs {
    /// The member's name or id
    #[arg(value_name = "MEMBER")]
    pub(crate) member: String,
    /// The new key's join request (SESAME-JOIN-1…) or a file holding it
    #[arg(value_name = "REQUEST")]
    pub(crate) request: String,
}

// --- issue 18: credential helpers ---

/// `sesame git-credential`
#[derive(Debug, Args)]
#[command(after_help = "\
Set up (git runs `sesame git-credential get|store|erase` with key=value lines on stdin):
  git config --global credential.helper '!sesame git-credential'
  git config --global credential.helper '!sesame git-credential --allow-store'

get answers from the secret git/PROTOCOL/HOST (or git/PROTOCOL/HOST/USER when a host
has several users, and git/PROTOCOL/HOST/PATH… first with credential.useHttpPath),
whose value is the password and whose key id (set --id) the user name; characters
other than letters, digits, '.', '_' and '-' become '_' (host:8443 is host_8443):
  printf %s \"$TOKEN\" | sesame set git/https/github.com --id alice
store (after git used a credential) writes only with --allow-store, and adds no
version when the secret holds it already. erase (which git sends after any refusal,
an outage included) removes nothing unless --allow-erase, and then only a secret
holding the very password git rejected. Nothing is printed but the answer; no
prompt: the store must open from SESAME_IDENTITY[_FILE], a password variable or
`sesame unlock` (inside `sesame run`, exit 3).")]
pub(crate) struct GitCredentialArgs {
    /// What git asks: get, store or erase (any other is ignored)
    #[arg(value_name = "ACTION")]
    pub(crate) action: String,

    /// Let `store` write the credentials git approves
    #[arg(long)]
    pub(crate) allow_store: bool,

    /// Let `erase` remove a secret whose password git rejected
    #[arg(long)]
    pub(crate) allow_erase: bool,
}

/// `sesame docker-credential`
#[derive(Debug, Args)]
#[command(after_help = "\
Set up: a link named docker-credential-sesame on PATH, and credsStore in docker's config:
  ln -s \"$(command -v sesame)\" ~/.local/bin/docker-credential-sesame
  ~/.docker/config.json: { \"credsStore\": \"sesame\" }

The credential of a registry is the secret docker/HOST[/PATH] (the URL without
scheme, ':' as '_': docker/registry.example.com_5000), its key id the user name,
its description the URL. get prints {ServerURL, Username, Secret}, or \"credentials
not found in native keychain\" and exits 1; store (docker login) and erase (docker
logout) write; list prints {URL: user}. No prompt: the store must open from
SESAME_IDENTITY[_FILE], a password variable or `sesame unlock`.")]
pub(crate) struct DockerCredentialArgs {
    /// What docker asks: get, store, erase, list or version
    #[arg(value_name = "ACTION")]
    pub(crate) action: String,
}
