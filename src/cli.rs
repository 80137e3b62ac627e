//! The command line, as clap definitions only. This is also what completions and
//! man pages are generated from, so every help text here is user documentation.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::vault::model::Charset;

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
  otherwise a hidden prompt on the terminal; with no terminal, exit 3";

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
    #[arg(long, global = true, value_name = "DIR", env = "SESAME_STORE")]
    pub store: Option<PathBuf>,

    /// Print data as JSON
    #[arg(long, global = true)]
    pub json: bool,

    /// Print no messages, only data and errors
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Never use colour (also: NO_COLOR)
    #[arg(long, global = true)]
    pub no_color: bool,

    /// What to do
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
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
    /// Create or replace a secret with a fresh random value
    #[command(visible_alias = "gen")]
    Generate(GenerateArgs),
    /// Delete a secret and its whole history
    #[command(visible_alias = "rm")]
    Remove(RemoveArgs),
    /// Read the audit log of every access, or check that nobody altered it
    Audit(AuditArgs),
}

/// `sesame init`
#[derive(Debug, Args)]
#[command(after_help = "\
The new password comes from SESAME_PASSWORD_FILE or SESAME_PASSWORD when set,
otherwise it is asked twice on the terminal.

Examples:
  sesame init
  SESAME_PASSWORD_FILE=~/.pw sesame init --store ./team-store")]
pub struct InitArgs {
    /// scrypt work factor (log2 N) protecting identity.age: 18 costs about 1 s and 256 MiB
    #[arg(long, value_name = "N", default_value_t = crate::crypto::DEFAULT_WORK_FACTOR,
          value_parser = clap::value_parser!(u8).range(1..=22))]
    pub work_factor: u8,
}

/// Metadata flags shared by `set` and `generate`.
#[derive(Debug, Args, Clone, Default)]
pub struct MetaArgs {
    /// A description for people
    #[arg(long, short = 'd', value_name = "TEXT")]
    pub description: Option<String>,

    /// A tag to select by (repeatable)
    #[arg(long = "tag", short = 't', value_name = "TAG")]
    pub tags: Vec<String>,

    /// The environment variable to inject it as [default: last two name segments, upper-cased]
    #[arg(long, value_name = "VAR")]
    pub env: Option<String>,

    /// When it stops being handed out: an RFC 3339 time or a duration from now (90d, 12h)
    #[arg(long, value_name = "WHEN")]
    pub expires: Option<String>,

    /// Rotation is due this long after each new value (90d, 12h; 0 for never)
    #[arg(long, value_name = "DUR")]
    pub max_age: Option<String>,
}

/// `sesame set`
#[derive(Debug, Args)]
#[command(after_help = "\
The value is read from stdin when it is not a terminal (one trailing newline is
dropped), otherwise from a hidden prompt, asked twice. Setting an existing name
adds a new version.

Examples:
  printf %s \"$TOKEN\" | sesame set github/ci/token
  sesame set aws/prod/secret --description 'deploy user' --tag prod < key.txt")]
pub struct SetArgs {
    /// The secret's name: segments of [A-Za-z0-9._-] joined by '/'
    pub name: String,

    /// Not accepted: a value on the command line lands in shell history and `ps`
    #[arg(hide = true, value_name = "VALUE")]
    pub value: Option<String>,

    /// Metadata flags
    #[command(flatten)]
    pub meta: MetaArgs,
}

/// `sesame get`
#[derive(Debug, Args)]
#[command(after_help = "\
Exit status 4 when there is no such secret, 6 when it is revoked or expired.

Examples:
  sesame get github/ci/token
  curl -H \"Authorization: Bearer $(sesame get -n github/ci/token)\" …")]
pub struct GetArgs {
    /// The secret's name
    pub name: String,

    /// Print this version instead of the current one
    #[arg(long, value_name = "N")]
    pub version: Option<u32>,

    /// Do not print a trailing newline
    #[arg(short = 'n', long = "no-newline")]
    pub no_newline: bool,
}

/// `sesame list`
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  sesame list --prefix stripe/
  sesame list --tag prod --json")]
pub struct ListArgs {
    /// Only names starting with this
    #[arg(long, value_name = "P")]
    pub prefix: Option<String>,

    /// Only secrets with this tag (repeatable: all must match)
    #[arg(long = "tag", short = 't', value_name = "TAG")]
    pub tags: Vec<String>,

    /// Include secrets with no live value (all versions revoked)
    #[arg(long, short = 'a')]
    pub all: bool,
}

/// `sesame show`
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The secret's name
    pub name: String,
}

/// Character sets for `generate`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CharsetArg {
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
value alike. Nothing is printed unless --print is given.

Examples:
  sesame generate stripe/prod/secret_key --length 40 --prefix sk_live_ --max-age 90d
  sesame generate wifi/guest --words 5 --separator ' ' --print")]
pub struct GenerateArgs {
    /// The secret's name
    pub name: String,

    /// How many characters, the prefix not counted
    #[arg(long, short = 'l', value_name = "N", conflicts_with = "words")]
    pub length: Option<u32>,

    /// Which characters
    #[arg(long, short = 'c', value_enum, value_name = "C", default_value_t = CharsetArg::Alnum, conflicts_with = "words")]
    pub charset: CharsetArg,

    /// A passphrase of N words from the built-in list (EFF, 7,776 words) instead
    #[arg(long, short = 'w', value_name = "N")]
    pub words: Option<u32>,

    /// What goes between words
    #[arg(long, value_name = "S", default_value = "-", requires = "words")]
    pub separator: String,

    /// Fixed text before the random part, e.g. sk_live_
    #[arg(long, value_name = "P", default_value = "")]
    pub prefix: String,

    /// Print the new value on stdout
    #[arg(long)]
    pub print: bool,

    /// Metadata flags
    #[command(flatten)]
    pub meta: MetaArgs,
}

/// `sesame remove`
#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The secret's name
    pub name: String,

    /// Really delete it, with every version (required)
    #[arg(long, short = 'f')]
    pub force: bool,
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
pub struct AuditArgs {
    /// `verify`, or nothing to list records
    #[command(subcommand)]
    pub command: Option<AuditCommand>,

    /// Only records about this secret
    #[arg(long, value_name = "NAME")]
    pub secret: Option<String>,

    /// Only records of this action
    #[arg(long, value_name = "A",
          value_parser = clap::builder::PossibleValuesParser::new(crate::audit::Action::names()))]
    pub action: Option<String>,

    /// Only records from the last DUR (30d, 12h, 1h30m)
    #[arg(long, value_name = "DUR")]
    pub since: Option<String>,

    /// Only the last N records (after the other filters)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

/// `sesame audit` subcommands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
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
