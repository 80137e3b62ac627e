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
  a cached unlock (`sesame unlock`, or any prompt in the last 15 minutes)
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

    /// Explain more on stderr (e.g. why an unlock could not be cached)
    #[arg(short, long, global = true)]
    pub verbose: bool,

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
    /// Unlock the store for a while (cached in the OS keyring), or check whether it is
    Unlock(UnlockArgs),
    /// Forget the cached unlock at once
    Lock(LockArgs),
    /// Change the master password (the identity and the vault stay the same)
    Passwd(PasswdArgs),
    /// Replace the store's identity and re-encrypt the vault (the password may have leaked)
    Rekey(RekeyArgs),
    /// Who the vault is encrypted to: list, add or remove recipients
    #[command(subcommand)]
    Recipients(RecipientsCommand),
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
pub struct UnlockArgs {
    /// How long to stay unlocked (30s, 15m, 8h) [default: cache_timeout from the config, else 15m]
    #[arg(long, short = 't', value_name = "DUR", conflicts_with = "check")]
    pub timeout: Option<String>,

    /// Only tell whether the store is unlocked, and until when (exit 3 if not)
    #[arg(long)]
    pub check: bool,
}

/// `sesame lock`
#[derive(Debug, Args)]
#[command(after_help = "\
Removes this store's cached unlock from the OS credential store. The next command
asks for the password again. Succeeds when nothing was cached.

Examples:
  sesame lock")]
pub struct LockArgs {}

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
pub struct PasswdArgs {
    /// scrypt work factor (log2 N) for the re-wrapped identity: 18 costs about 1 s and 256 MiB
    #[arg(long, value_name = "N", default_value_t = crate::crypto::DEFAULT_WORK_FACTOR,
          value_parser = clap::value_parser!(u8).range(1..=22))]
    pub work_factor: u8,
}

/// `sesame rekey`
#[derive(Debug, Args)]
#[command(after_help = "\
Makes a new identity, re-encrypts the vault to it and to the other recipients,
wraps it with a new password (SESAME_NEW_PASSWORD_FILE / SESAME_NEW_PASSWORD, or
asked twice) and replaces identity.age. The old identity (and any copy of the old
identity.age with the old password) no longer opens the vault; vault.age.bak is
replaced too. Every value stays as it was: values an attacker could already read
should still be rotated (`sesame rotate`).

Examples:
  sesame rekey
  SESAME_NEW_PASSWORD_FILE=new.txt sesame rekey")]
pub struct RekeyArgs {
    /// scrypt work factor (log2 N) for the new identity: 18 costs about 1 s and 256 MiB
    #[arg(long, value_name = "N", default_value_t = crate::crypto::DEFAULT_WORK_FACTOR,
          value_parser = clap::value_parser!(u8).range(1..=22))]
    pub work_factor: u8,
}

/// `sesame recipients …`
#[derive(Debug, Subcommand)]
pub enum RecipientsCommand {
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
pub struct RecipientsListArgs {}

/// `sesame recipients add`
#[derive(Debug, Args)]
pub struct RecipientsAddArgs {
    /// Public keys or files of them
    #[arg(
        value_name = "KEY",
        required_unless_present = "generate_ci",
        conflicts_with = "generate_ci"
    )]
    pub keys: Vec<String>,

    /// A label for people (the CI system, the team member) [default: an SSH key's comment]
    #[arg(long, short = 'l', value_name = "NAME")]
    pub label: Option<String>,

    /// Make a key pair for CI labelled NAME; print its secret key once on stdout
    #[arg(long, value_name = "NAME", conflicts_with = "label")]
    pub generate_ci: Option<String>,
}

/// `sesame recipients remove`
#[derive(Debug, Args)]
pub struct RecipientsRemoveArgs {
    /// The public key or label of each recipient to remove
    #[arg(value_name = "KEY", required = true)]
    pub keys: Vec<String>,
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
