# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_sesame_global_optspecs
    string join \n store= json q/quiet no-color v/verbose h/help V/version
end

function __fish_sesame_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_sesame_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_sesame_using_subcommand
    set -l cmd (__fish_sesame_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c sesame -n "__fish_sesame_needs_command" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_needs_command" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_needs_command" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_needs_command" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_needs_command" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_needs_command" -s V -l version -d 'Print version'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "init" -d 'Create a store and choose its master password'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "set" -d 'Store a value read from stdin or a hidden prompt (never from an argument)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "get" -d 'Print a secret\'s value'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "list" -d 'List secret names'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "ls" -d 'List secret names'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "show" -d 'Show a secret\'s metadata and version history (never its value)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "generate" -d 'Create a secret with a fresh random value'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "gen" -d 'Create a secret with a fresh random value'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "remove" -d 'Delete a secret and its whole history'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "rm" -d 'Delete a secret and its whole history'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "move" -d 'Rename a secret, keeping its history and policy'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "mv" -d 'Rename a secret, keeping its history and policy'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "copy" -d 'Copy a secret\'s current value and metadata to a new name'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "cp" -d 'Copy a secret\'s current value and metadata to a new name'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "rotate" -d 'Give secrets a new value, keeping the old one valid for a grace period'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "revoke" -d 'Revoke versions: run the revoke command, then wipe their values for good'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "edit" -d 'Change a secret\'s metadata and policy, or (--value) its value in an editor'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "rollback" -d 'Make an earlier value current again, as a new version'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "status" -d 'Show what is expired, expiring, overdue for rotation or in a grace period'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "unlock" -d 'Unlock the store for a while (cached in the OS keyring), or check whether it is unlocked'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "lock" -d 'Forget the cached unlock at once'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "passwd" -d 'Change the master password (the identity and the vault stay the same)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "rekey" -d 'Replace the store\'s identity and re-encrypt the vault (the password may have leaked)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "recipients" -d 'List, add or remove the recipients the vault is encrypted to'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "scan" -d 'Find stored secret values in files, the git index or git history'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "hook" -d 'Install or remove the git pre-commit hook that runs `scan --staged`'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "audit" -d 'Read the audit log of every access, or check that nobody altered it'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "run" -d 'Run a command with secrets in its environment, masked in its output'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "env" -d 'Print secrets for other tools (dotenv, shell, JSON, GitHub Actions, Kubernetes)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "import" -d 'Store the variables of a dotenv file as secrets'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "init-project" -d 'Write a sesame.toml mapping the live secrets under a prefix, and approve it'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "upgrade" -d 'Upgrade an unsigned (format 1) store to the signed format 2, after showing what it holds'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "accept-rollback" -d 'Accept the store as it is now although it does not descend from the one last seen'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "pin" -d 'Trust a signed store for a key of yours that is a bare recipient (an SSH key)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "allow" -d 'Approve a project file, an env file, or a secret\'s stored rotate/revoke commands, to be used here'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "deny" -d 'Withdraw an approval given with `allow`'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "team" -d 'Team stores shared through git: make one, join one, finish a merge git stopped on'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "member" -d 'Add, list, remove or replace the members of a signed (team) store'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "sync" -d 'Commit the store, fetch, verify and merge what arrived, and push (a team store in git)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "git-credential" -d 'git\'s credential helper: answers git from secrets git/PROTOCOL/HOST'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "docker-credential" -d 'docker\'s credential helper (also run as docker-credential-sesame)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "inject" -d 'Render a template\'s {{ sesame://NAME }} references with the secrets\' values'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "aws-credentials" -d 'Print a secret as AWS credential_process JSON (for ~/.aws/config)'
complete -c sesame -n "__fish_sesame_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand init" -l work-factor -d 'scrypt work factor (log2 N) protecting identity.age: 18 costs about 1 s and 256 MiB' -r
complete -c sesame -n "__fish_sesame_using_subcommand init" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand init" -l format-1 -d 'Create an unsigned format-1 store (for testing `upgrade` only)'
complete -c sesame -n "__fish_sesame_using_subcommand init" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand init" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand init" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand init" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand init" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand set" -l id -d 'A non-secret key id for this version (an AWS access key id, a token\'s public prefix), shown by `show` and `list --json`, injectable as NAME#id' -r
complete -c sesame -n "__fish_sesame_using_subcommand set" -s d -l description -d 'A description for people' -r
complete -c sesame -n "__fish_sesame_using_subcommand set" -s t -l tag -d 'A tag to select by (repeatable)' -r
complete -c sesame -n "__fish_sesame_using_subcommand set" -l env -d 'The environment variable to inject it as [default: last two name segments, upper-cased]' -r
complete -c sesame -n "__fish_sesame_using_subcommand set" -l expires -d 'When it stops being handed out: a date (2027-01-31), an RFC 3339 time, or a duration from now (90d, 6mo, 1y); one not in the future expires it at once (a warning says so)' -r
complete -c sesame -n "__fish_sesame_using_subcommand set" -l max-age -d 'Rotation is due this long after each new value (90d, 12h; 0 for never) [default for new secrets: the config\'s default_max_age]' -r
complete -c sesame -n "__fish_sesame_using_subcommand set" -l scopes -d 'What the credential may do, free text shown by `show` (e.g. "repo:read")' -r
complete -c sesame -n "__fish_sesame_using_subcommand set" -l rotate-command -d 'Shell command whose stdout is the next value (or {"id": …, "value": …}); it gets SESAME_SECRET_NAME, SESAME_CURRENT_VALUE, SESAME_CURRENT_ID' -r
complete -c sesame -n "__fish_sesame_using_subcommand set" -l revoke-command -d 'Shell command run before a version is wiped; it gets SESAME_SECRET_NAME, SESAME_REVOKED_VALUE, SESAME_REVOKED_ID, SESAME_REVOKED_VERSION' -r
complete -c sesame -n "__fish_sesame_using_subcommand set" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand set" -s m -l multiline -d 'On a terminal, read a pasted value of several lines (a PEM key) until Ctrl-D'
complete -c sesame -n "__fish_sesame_using_subcommand set" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand set" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand set" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand set" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand set" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand get" -l version -d 'Print this version instead of the current one' -r
complete -c sesame -n "__fish_sesame_using_subcommand get" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand get" -s n -l no-newline -d 'Print the value exactly as stored: no newline after it'
complete -c sesame -n "__fish_sesame_using_subcommand get" -l raw -d 'On a terminal too, print the value\'s bytes as they are (by default a value holding control characters is shown escaped there; a pipe always gets the bytes)'
complete -c sesame -n "__fish_sesame_using_subcommand get" -s c -l copy -d 'Copy the value to the clipboard instead of printing it; cleared after 45 s if the clipboard still holds it (X11, Wayland; OSC 52 over SSH, not cleared)'
complete -c sesame -n "__fish_sesame_using_subcommand get" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand get" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand get" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand get" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand get" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand list" -l prefix -d 'Only names starting with this' -r
complete -c sesame -n "__fish_sesame_using_subcommand list" -s t -l tag -d 'Only secrets with this tag (repeatable: all must match)' -r
complete -c sesame -n "__fish_sesame_using_subcommand list" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand list" -s l -l long -d 'One line per secret with its state, expiry and description'
complete -c sesame -n "__fish_sesame_using_subcommand list" -s a -l all -d 'Include secrets with no live value (all versions revoked)'
complete -c sesame -n "__fish_sesame_using_subcommand list" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand list" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand list" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand list" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand list" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand ls" -l prefix -d 'Only names starting with this' -r
complete -c sesame -n "__fish_sesame_using_subcommand ls" -s t -l tag -d 'Only secrets with this tag (repeatable: all must match)' -r
complete -c sesame -n "__fish_sesame_using_subcommand ls" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand ls" -s l -l long -d 'One line per secret with its state, expiry and description'
complete -c sesame -n "__fish_sesame_using_subcommand ls" -s a -l all -d 'Include secrets with no live value (all versions revoked)'
complete -c sesame -n "__fish_sesame_using_subcommand ls" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand ls" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand ls" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand ls" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand ls" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand show" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand show" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand show" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand show" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand show" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand show" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand generate" -s l -l length -d 'How many characters, the prefix not counted' -r
complete -c sesame -n "__fish_sesame_using_subcommand generate" -s c -l charset -d 'Which characters' -r -f -a "alnum\t'A-Z a-z 0-9'
alpha\t'A-Z a-z'
digits\t'0-9'
hex\t'0-9 a-f'
base32\t'A-Z 2-7 (RFC 4648)'
base64\t'A-Z a-z 0-9 + /'
base64url\t'A-Z a-z 0-9 - _'
ascii\t'printable ASCII with symbols, no space'"
complete -c sesame -n "__fish_sesame_using_subcommand generate" -s w -l words -d 'A passphrase of N words from the built-in list (EFF, 7,776 words) instead' -r
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l separator -d 'What goes between words' -r
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l prefix -d 'Fixed text before the random part, e.g. sk_live_' -r
complete -c sesame -n "__fish_sesame_using_subcommand generate" -s d -l description -d 'A description for people' -r
complete -c sesame -n "__fish_sesame_using_subcommand generate" -s t -l tag -d 'A tag to select by (repeatable)' -r
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l env -d 'The environment variable to inject it as [default: last two name segments, upper-cased]' -r
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l expires -d 'When it stops being handed out: a date (2027-01-31), an RFC 3339 time, or a duration from now (90d, 6mo, 1y); one not in the future expires it at once (a warning says so)' -r
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l max-age -d 'Rotation is due this long after each new value (90d, 12h; 0 for never) [default for new secrets: the config\'s default_max_age]' -r
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l scopes -d 'What the credential may do, free text shown by `show` (e.g. "repo:read")' -r
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l rotate-command -d 'Shell command whose stdout is the next value (or {"id": …, "value": …}); it gets SESAME_SECRET_NAME, SESAME_CURRENT_VALUE, SESAME_CURRENT_ID' -r
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l revoke-command -d 'Shell command run before a version is wiped; it gets SESAME_SECRET_NAME, SESAME_REVOKED_VALUE, SESAME_REVOKED_ID, SESAME_REVOKED_VERSION' -r
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l print -d 'Print the new value on stdout'
complete -c sesame -n "__fish_sesame_using_subcommand generate" -s f -l force -d 'Replace an existing secret\'s value (as a new version) instead of refusing'
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand generate" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand generate" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand generate" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand gen" -s l -l length -d 'How many characters, the prefix not counted' -r
complete -c sesame -n "__fish_sesame_using_subcommand gen" -s c -l charset -d 'Which characters' -r -f -a "alnum\t'A-Z a-z 0-9'
alpha\t'A-Z a-z'
digits\t'0-9'
hex\t'0-9 a-f'
base32\t'A-Z 2-7 (RFC 4648)'
base64\t'A-Z a-z 0-9 + /'
base64url\t'A-Z a-z 0-9 - _'
ascii\t'printable ASCII with symbols, no space'"
complete -c sesame -n "__fish_sesame_using_subcommand gen" -s w -l words -d 'A passphrase of N words from the built-in list (EFF, 7,776 words) instead' -r
complete -c sesame -n "__fish_sesame_using_subcommand gen" -l separator -d 'What goes between words' -r
complete -c sesame -n "__fish_sesame_using_subcommand gen" -l prefix -d 'Fixed text before the random part, e.g. sk_live_' -r
complete -c sesame -n "__fish_sesame_using_subcommand gen" -s d -l description -d 'A description for people' -r
complete -c sesame -n "__fish_sesame_using_subcommand gen" -s t -l tag -d 'A tag to select by (repeatable)' -r
complete -c sesame -n "__fish_sesame_using_subcommand gen" -l env -d 'The environment variable to inject it as [default: last two name segments, upper-cased]' -r
complete -c sesame -n "__fish_sesame_using_subcommand gen" -l expires -d 'When it stops being handed out: a date (2027-01-31), an RFC 3339 time, or a duration from now (90d, 6mo, 1y); one not in the future expires it at once (a warning says so)' -r
complete -c sesame -n "__fish_sesame_using_subcommand gen" -l max-age -d 'Rotation is due this long after each new value (90d, 12h; 0 for never) [default for new secrets: the config\'s default_max_age]' -r
complete -c sesame -n "__fish_sesame_using_subcommand gen" -l scopes -d 'What the credential may do, free text shown by `show` (e.g. "repo:read")' -r
complete -c sesame -n "__fish_sesame_using_subcommand gen" -l rotate-command -d 'Shell command whose stdout is the next value (or {"id": …, "value": …}); it gets SESAME_SECRET_NAME, SESAME_CURRENT_VALUE, SESAME_CURRENT_ID' -r
complete -c sesame -n "__fish_sesame_using_subcommand gen" -l revoke-command -d 'Shell command run before a version is wiped; it gets SESAME_SECRET_NAME, SESAME_REVOKED_VALUE, SESAME_REVOKED_ID, SESAME_REVOKED_VERSION' -r
complete -c sesame -n "__fish_sesame_using_subcommand gen" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand gen" -l print -d 'Print the new value on stdout'
complete -c sesame -n "__fish_sesame_using_subcommand gen" -s f -l force -d 'Replace an existing secret\'s value (as a new version) instead of refusing'
complete -c sesame -n "__fish_sesame_using_subcommand gen" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand gen" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand gen" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand gen" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand gen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand remove" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand remove" -s f -l force -d 'Delete without asking (required without a terminal)'
complete -c sesame -n "__fish_sesame_using_subcommand remove" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand remove" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand remove" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand remove" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand remove" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand rm" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand rm" -s f -l force -d 'Delete without asking (required without a terminal)'
complete -c sesame -n "__fish_sesame_using_subcommand rm" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand rm" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand rm" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand rm" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand rm" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand move" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand move" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand move" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand move" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand move" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand move" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand mv" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand mv" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand mv" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand mv" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand mv" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand mv" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand copy" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand copy" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand copy" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand copy" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand copy" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand copy" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand cp" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand cp" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand cp" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand cp" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand cp" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand cp" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand completions" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand completions" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand completions" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand completions" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand completions" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand completions" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l id -d 'The key id of the value read with --stdin' -r
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l command -d 'Make the new value with this shell command instead of the stored one' -r
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l grace -d 'How long the replaced value stays valid (0: revoke it now) [default: config `grace`, else 1d]' -r
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l timeout -d 'How long a rotate or revoke command may run before it is killed' -r
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l due -d 'Rotate everything past its max age and finish ended grace periods'
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l stdin -d 'Read the new value from stdin (one secret only)'
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -s n -l dry-run -d 'Print what would be done and change nothing'
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -l version -d 'Only this version' -r
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -l timeout -d 'How long the revoke command may run before it is killed' -r
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -l previous -d 'Only the previous versions (those kept for a grace period)'
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -s y -l yes -d 'Do not ask for confirmation (required without a terminal)'
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -s f -l force -d 'Wipe the value even if the revoke command fails (implies --yes)'
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l untag -d 'Remove this tag (repeatable)' -r
complete -c sesame -n "__fish_sesame_using_subcommand edit" -s d -l description -d 'A description for people' -r
complete -c sesame -n "__fish_sesame_using_subcommand edit" -s t -l tag -d 'A tag to select by (repeatable)' -r
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l env -d 'The environment variable to inject it as [default: last two name segments, upper-cased]' -r
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l expires -d 'When it stops being handed out: a date (2027-01-31), an RFC 3339 time, or a duration from now (90d, 6mo, 1y); one not in the future expires it at once (a warning says so)' -r
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l max-age -d 'Rotation is due this long after each new value (90d, 12h; 0 for never) [default for new secrets: the config\'s default_max_age]' -r
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l scopes -d 'What the credential may do, free text shown by `show` (e.g. "repo:read")' -r
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l rotate-command -d 'Shell command whose stdout is the next value (or {"id": …, "value": …}); it gets SESAME_SECRET_NAME, SESAME_CURRENT_VALUE, SESAME_CURRENT_ID' -r
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l revoke-command -d 'Shell command run before a version is wiped; it gets SESAME_SECRET_NAME, SESAME_REVOKED_VALUE, SESAME_REVOKED_ID, SESAME_REVOKED_VERSION' -r
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l value -d 'Edit the value itself in $VISUAL/$EDITOR (a new version when it changed)'
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand edit" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand edit" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand edit" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand edit" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand rollback" -l to -d 'The version whose value becomes current again' -r
complete -c sesame -n "__fish_sesame_using_subcommand rollback" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand rollback" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand rollback" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand rollback" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand rollback" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand rollback" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand status" -l within -d 'How far ahead to look for expiries and rotations' -r
complete -c sesame -n "__fish_sesame_using_subcommand status" -l stale -d 'List secrets that no get, run or env read for this long (per the audit log): candidates for revocation; 0 turns the check off' -r
complete -c sesame -n "__fish_sesame_using_subcommand status" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand status" -l strict -d 'Also count secrets with no expiry and no max age as needing attention'
complete -c sesame -n "__fish_sesame_using_subcommand status" -s a -l all -d 'Also list secrets with no policy or not read lately (--json always lists them)'
complete -c sesame -n "__fish_sesame_using_subcommand status" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand status" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand status" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand status" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand status" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -s t -l timeout -d 'How long to stay unlocked (30s, 15m, 8h) [default: cache_timeout from the config, else 15m]' -r
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -l check -d 'Only tell whether the store is unlocked, and until when (exit 3 if not)'
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand unlock" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand lock" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand lock" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand lock" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand lock" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand lock" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand lock" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand passwd" -l work-factor -d 'scrypt work factor (log2 N) for the re-wrapped identity: 18 costs about 1 s and 256 MiB [default: the current one]' -r
complete -c sesame -n "__fish_sesame_using_subcommand passwd" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand passwd" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand passwd" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand passwd" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand passwd" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand passwd" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand rekey" -l work-factor -d 'scrypt work factor (log2 N) for the new identity: 18 costs about 1 s and 256 MiB' -r
complete -c sesame -n "__fish_sesame_using_subcommand rekey" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand rekey" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand rekey" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand rekey" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand rekey" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand rekey" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -f -a "list" -d 'List the recipients sealed in the vault, with their labels'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -f -a "ls" -d 'List the recipients sealed in the vault, with their labels'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -f -a "add" -d 'Add recipients (age1…, ssh-ed25519, ssh-rsa, or a file of them) and re-encrypt'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -f -a "remove" -d 'Remove a recipient and re-encrypt (rotate what they could read!)'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -f -a "rm" -d 'Remove a recipient and re-encrypt (rotate what they could read!)'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and not __fish_seen_subcommand_from list ls add remove rm help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from list" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from list" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from list" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from ls" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from ls" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from ls" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from add" -s l -l label -d 'A label for people (the CI system, the team member) [default: an SSH key\'s comment]' -r -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from add" -l generate-ci -d 'Make a key pair for CI labelled NAME; print its token (SESAME-CI-1…) once on stdout' -r -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from add" -l access -d 'With --generate-ci: the key reads (and writes) only names under PREFIX (repeatable)' -r
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from add" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from add" -l write -d 'With --generate-ci: the key may write values (a writer), not only read them'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from add" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from add" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from remove" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from remove" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from remove" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from rm" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from rm" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from rm" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the recipients sealed in the vault, with their labels'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add recipients (age1…, ssh-ed25519, ssh-rsa, or a file of them) and re-encrypt'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a recipient and re-encrypt (rotate what they could read!)'
complete -c sesame -n "__fish_sesame_using_subcommand recipients; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand scan" -l history -d 'Scan every blob reachable from REV-RANGE (git rev-list syntax) [default: all refs]' -r
complete -c sesame -n "__fish_sesame_using_subcommand scan" -l exclude -d 'Leave this secret out of the search (repeatable)' -r -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand scan" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand scan" -l staged -d 'Scan the blobs staged in the git index instead of the working tree'
complete -c sesame -n "__fish_sesame_using_subcommand scan" -l no-ignore -d 'Also scan files that .gitignore, .ignore and git\'s excludes leave out'
complete -c sesame -n "__fish_sesame_using_subcommand scan" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand scan" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand scan" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand scan" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand scan" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall help" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall help" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall help" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall help" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall help" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall help" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall help" -f -a "install" -d 'Write a git pre-commit hook that runs `sesame scan --staged`'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall help" -f -a "uninstall" -d 'Remove sesame\'s pre-commit hook (and restore the one it replaced)'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and not __fish_seen_subcommand_from install uninstall help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and __fish_seen_subcommand_from install" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand hook; and __fish_seen_subcommand_from install" -s f -l force -d 'Replace an existing pre-commit hook (it is kept as pre-commit.sesame-backup)'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and __fish_seen_subcommand_from install" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and __fish_seen_subcommand_from install" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and __fish_seen_subcommand_from install" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and __fish_seen_subcommand_from install" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and __fish_seen_subcommand_from uninstall" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "install" -d 'Write a git pre-commit hook that runs `sesame scan --staged`'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "uninstall" -d 'Remove sesame\'s pre-commit hook (and restore the one it replaced)'
complete -c sesame -n "__fish_sesame_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and not __fish_seen_subcommand_from verify reset help" -l secret -d 'Only records about this secret' -r -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand audit; and not __fish_seen_subcommand_from verify reset help" -l action -d 'Only records of this action' -r -f -a "init\t''
set\t''
get\t''
list\t''
show\t''
generate\t''
edit\t''
rotate\t''
rollback\t''
revoke\t''
remove\t''
move\t''
copy\t''
run\t''
env\t''
import\t''
recipients\t''
passwd\t''
rekey\t''
unlock\t''
lock\t''
unlock-failed\t''
audit-verify\t''
log-rotated\t''
audit-reset\t''
allow\t''
deny\t''
upgrade\t''
accept-rollback\t''
team\t''
member\t''
merge\t''
inject\t''"
complete -c sesame -n "__fish_sesame_using_subcommand audit; and not __fish_seen_subcommand_from verify reset help" -l since -d 'Only records from the last DUR (30d, 12h, 1h30m)' -r
complete -c sesame -n "__fish_sesame_using_subcommand audit; and not __fish_seen_subcommand_from verify reset help" -l limit -d 'Only the last N records, after the other filters (0: all) [default for the table without --since: 50]' -r
complete -c sesame -n "__fish_sesame_using_subcommand audit; and not __fish_seen_subcommand_from verify reset help" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand audit; and not __fish_seen_subcommand_from verify reset help" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and not __fish_seen_subcommand_from verify reset help" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and not __fish_seen_subcommand_from verify reset help" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and not __fish_seen_subcommand_from verify reset help" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and not __fish_seen_subcommand_from verify reset help" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and not __fish_seen_subcommand_from verify reset help" -f -a "verify" -d 'Check every line\'s chain and MAC, and the head sealed in the vault'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and not __fish_seen_subcommand_from verify reset help" -f -a "reset" -d 'Set a damaged log aside and start a new one (after you have investigated)'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and not __fish_seen_subcommand_from verify reset help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and __fish_seen_subcommand_from verify" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand audit; and __fish_seen_subcommand_from verify" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and __fish_seen_subcommand_from verify" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and __fish_seen_subcommand_from reset" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand audit; and __fish_seen_subcommand_from reset" -s f -l force -d 'Really set the log aside (required)'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and __fish_seen_subcommand_from reset" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and __fish_seen_subcommand_from reset" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and __fish_seen_subcommand_from reset" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and __fish_seen_subcommand_from reset" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and __fish_seen_subcommand_from reset" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check every line\'s chain and MAC, and the head sealed in the vault'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "reset" -d 'Set a damaged log aside and start a new one (after you have investigated)'
complete -c sesame -n "__fish_sesame_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand run" -s p -l profile -d 'Use [profile.PROFILE.env] of sesame.toml instead of [env]' -r -f -a "(__fish_sesame_profiles)"
complete -c sesame -n "__fish_sesame_using_subcommand run" -s s -l secret -d 'A secret, as VAR (repeatable); NAME#id=VAR gives its key id instead' -r -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand run" -s f -l file -d 'A secret handed over as a private file whose path is in VAR (repeatable)' -r -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand run" -l prefix -d 'Every live secret whose name starts with P' -r
complete -c sesame -n "__fish_sesame_using_subcommand run" -l env-file -d 'A dotenv file whose values may be references, sesame://NAME or sesame://NAME#id (repeatable; later files win)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand run" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand run" -s a -l all -d 'Every live secret in the store'
complete -c sesame -n "__fish_sesame_using_subcommand run" -l no-project -d 'Do not read sesame.toml'
complete -c sesame -n "__fish_sesame_using_subcommand run" -l mask -d 'Mask values in stdout and stderr, on a terminal too (through a pseudo-terminal)'
complete -c sesame -n "__fish_sesame_using_subcommand run" -l no-mask -d 'Never mask (the command is exec\'d unless -f is used)'
complete -c sesame -n "__fish_sesame_using_subcommand run" -l mask-label -d 'Replace masked values with [masked:NAME] instead of ***'
complete -c sesame -n "__fish_sesame_using_subcommand run" -l no-override -d 'Keep a variable already set in the environment instead of overriding it'
complete -c sesame -n "__fish_sesame_using_subcommand run" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand run" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand run" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand run" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand run" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand env" -s p -l profile -d 'Use [profile.PROFILE.env] of sesame.toml instead of [env]' -r -f -a "(__fish_sesame_profiles)"
complete -c sesame -n "__fish_sesame_using_subcommand env" -s s -l secret -d 'A secret, as VAR (repeatable); NAME#id=VAR gives its key id instead' -r -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand env" -s f -l file -d 'A secret handed over as a private file whose path is in VAR (repeatable)' -r -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand env" -l prefix -d 'Every live secret whose name starts with P' -r
complete -c sesame -n "__fish_sesame_using_subcommand env" -l env-file -d 'A dotenv file whose values may be references, sesame://NAME or sesame://NAME#id (repeatable; later files win)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand env" -l format -d 'Output format (--json means --format json)' -r -f -a "dotenv\t'KEY=value lines, read back exactly by python-dotenv, sesame import and `set -a; .`'
shell\t'export lines for sh, bash, dash and zsh, to eval or source'
fish\t'set -gx lines for fish, to source'
json\t'a JSON object'
github\t'add-mask commands on stdout, the variables appended to the GITHUB_ENV file'
k8s\t'a Kubernetes Secret manifest (needs --name)'"
complete -c sesame -n "__fish_sesame_using_subcommand env" -l name -d 'The Secret\'s metadata.name for --format k8s' -r
complete -c sesame -n "__fish_sesame_using_subcommand env" -l namespace -d 'The Secret\'s metadata.namespace for --format k8s' -r
complete -c sesame -n "__fish_sesame_using_subcommand env" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand env" -s a -l all -d 'Every live secret in the store'
complete -c sesame -n "__fish_sesame_using_subcommand env" -l no-project -d 'Do not read sesame.toml'
complete -c sesame -n "__fish_sesame_using_subcommand env" -l raw -d 'On a terminal too, print values holding control characters as they are (not escaped)'
complete -c sesame -n "__fish_sesame_using_subcommand env" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand env" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand env" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand env" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand env" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand import" -l from -d 'Read another manager\'s store or export instead of a dotenv file' -r -f -a "dotenv\t'A dotenv file (KEY=value lines)'
pass\t'A pass store (files decrypted by gpg)'
passage\t'A passage store (age files)'
bitwarden\t'Bitwarden\'s unencrypted JSON export'
1password-csv\t'1Password\'s CSV export'
keepassxc-csv\t'KeePassXC\'s CSV export'
lastpass-csv\t'LastPass\'s CSV export'
csv\t'Any CSV file, with --map'"
complete -c sesame -n "__fish_sesame_using_subcommand import" -l map -d 'With --from csv: which column holds what (by header name)' -r
complete -c sesame -n "__fish_sesame_using_subcommand import" -l prefix -d 'Store KEY as P/KEY' -r
complete -c sesame -n "__fish_sesame_using_subcommand import" -s p -l profile -d 'With --write-project: write [profile.NEW_PROFILE.env] instead of [env]' -r
complete -c sesame -n "__fish_sesame_using_subcommand import" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand import" -l overwrite -d 'Add a new version to secrets that exist already, unless the value is the same (otherwise an existing name is an error)'
complete -c sesame -n "__fish_sesame_using_subcommand import" -l no-interpolate -d 'Keep ${VAR} literally instead of expanding it'
complete -c sesame -n "__fish_sesame_using_subcommand import" -l write-project -d 'Also write ./sesame.toml mapping the imported variables, and approve it'
complete -c sesame -n "__fish_sesame_using_subcommand import" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand import" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand import" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand import" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand init-project" -l prefix -d 'Map the live secrets under P (default: every live secret)' -r
complete -c sesame -n "__fish_sesame_using_subcommand init-project" -s p -l profile -d 'Write [profile.NEW_PROFILE.env] instead of [env]' -r
complete -c sesame -n "__fish_sesame_using_subcommand init-project" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand init-project" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand init-project" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand init-project" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand init-project" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand init-project" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand upgrade" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand upgrade" -s y -l yes -d 'Do not ask (for scripts): upgrade after showing what is signed'
complete -c sesame -n "__fish_sesame_using_subcommand upgrade" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand upgrade" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand upgrade" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand upgrade" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand upgrade" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand accept-rollback" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand accept-rollback" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand accept-rollback" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand accept-rollback" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand accept-rollback" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand accept-rollback" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand pin" -l admin -d 'The fingerprint of the admin who signed the member list (64 hex digits)' -r
complete -c sesame -n "__fish_sesame_using_subcommand pin" -l key -d 'Your key file (an OpenSSH private key or age identities) [default: SESAME_IDENTITY_FILE]' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand pin" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand pin" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand pin" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand pin" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand pin" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand pin" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand allow" -l sha256 -d 'Approve the file only if its SHA-256 is still HEX (the one you reviewed)' -r
complete -c sesame -n "__fish_sesame_using_subcommand allow" -l secret -d 'Approve this secret\'s stored rotate and revoke commands' -r -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand allow" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand allow" -l list -d 'List what is approved on this machine'
complete -c sesame -n "__fish_sesame_using_subcommand allow" -s y -l yes -d 'Approve without asking (needed when there is no terminal)'
complete -c sesame -n "__fish_sesame_using_subcommand allow" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand allow" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand allow" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand allow" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand allow" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand deny" -l secret -d 'Withdraw the approval of this secret\'s stored commands' -r -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand deny" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand deny" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand deny" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand deny" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand deny" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand deny" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand team; and not __fish_seen_subcommand_from init join resolve merge-driver diff-driver help" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand team; and not __fish_seen_subcommand_from init join resolve merge-driver diff-driver help" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand team; and not __fish_seen_subcommand_from init join resolve merge-driver diff-driver help" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand team; and not __fish_seen_subcommand_from init join resolve merge-driver diff-driver help" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and not __fish_seen_subcommand_from init join resolve merge-driver diff-driver help" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and not __fish_seen_subcommand_from init join resolve merge-driver diff-driver help" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand team; and not __fish_seen_subcommand_from init join resolve merge-driver diff-driver help" -f -a "init" -d 'Make a team store in a git work tree (new, or from a single-user store)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and not __fish_seen_subcommand_from init join resolve merge-driver diff-driver help" -f -a "join" -d 'Join a team store from its git repository: make your key, print a join request'
complete -c sesame -n "__fish_sesame_using_subcommand team; and not __fish_seen_subcommand_from init join resolve merge-driver diff-driver help" -f -a "resolve" -d 'Finish a merge of the store\'s manifest that git stopped on (after `git merge` or `git pull`)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and not __fish_seen_subcommand_from init join resolve merge-driver diff-driver help" -f -a "merge-driver" -d 'git\'s merge driver for a store\'s manifest (%O %A %B %P)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and not __fish_seen_subcommand_from init join resolve merge-driver diff-driver help" -f -a "diff-driver" -d 'git\'s textconv for a store\'s manifest: what changed, never a value'
complete -c sesame -n "__fish_sesame_using_subcommand team; and not __fish_seen_subcommand_from init join resolve merge-driver diff-driver help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from init" -l from -d 'Move this single-user (signed) store into the team store' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from init" -l name -d 'Your member name [default: $USER]' -r
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from init" -l work-factor -d 'scrypt work factor (log2 N) protecting your identity: 18 costs about 1 s and 256 MiB' -r
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from init" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from init" -l no-recovery -d 'Print no recovery key (add a second admin yourself, soon)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from init" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from init" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from init" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from join" -l admin -d 'The fingerprint of the admin who signed the member list, given to you out of band' -r
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from join" -l name -d 'Your member name [default: $USER]' -r
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from join" -l ssh-key -d 'Your OpenSSH key (ssh-ed25519, ssh-rsa) is your identity: no password, no identity.age [default: SESAME_IDENTITY_FILE]' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from join" -l work-factor -d 'scrypt work factor (log2 N) protecting your identity: 18 costs about 1 s and 256 MiB' -r
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from join" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from join" -l recover -d 'Become the recovery admin: read the recovery key `team init` printed from stdin'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from join" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from join" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from join" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from join" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from join" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from resolve" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from resolve" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from resolve" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from resolve" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from resolve" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from resolve" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from merge-driver" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from merge-driver" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from merge-driver" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from merge-driver" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from merge-driver" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from merge-driver" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from diff-driver" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from diff-driver" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from diff-driver" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from diff-driver" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from diff-driver" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from diff-driver" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from help" -f -a "init" -d 'Make a team store in a git work tree (new, or from a single-user store)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from help" -f -a "join" -d 'Join a team store from its git repository: make your key, print a join request'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from help" -f -a "resolve" -d 'Finish a merge of the store\'s manifest that git stopped on (after `git merge` or `git pull`)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from help" -f -a "merge-driver" -d 'git\'s merge driver for a store\'s manifest (%O %A %B %P)'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from help" -f -a "diff-driver" -d 'git\'s textconv for a store\'s manifest: what changed, never a value'
complete -c sesame -n "__fish_sesame_using_subcommand team; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add list ls remove rm replace access help" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add list ls remove rm replace access help" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add list ls remove rm replace access help" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add list ls remove rm replace access help" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add list ls remove rm replace access help" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add list ls remove rm replace access help" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add list ls remove rm replace access help" -f -a "add" -d 'Add a member from the join request they sent (admins only)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add list ls remove rm replace access help" -f -a "list" -d 'List the members: name, id, role, fingerprint, removed or not'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add list ls remove rm replace access help" -f -a "ls" -d 'List the members: name, id, role, fingerprint, removed or not'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add list ls remove rm replace access help" -f -a "remove" -d 'Remove a member; what they could read becomes due for rotation (admins only)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add list ls remove rm replace access help" -f -a "rm" -d 'Remove a member; what they could read becomes due for rotation (admins only)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add list ls remove rm replace access help" -f -a "replace" -d 'Give a member a new key (a lost laptop): remove the old key, add the new request'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add list ls remove rm replace access help" -f -a "access" -d 'Show or change which names a member can read (admins only to change)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and not __fish_seen_subcommand_from add list ls remove rm replace access help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -l role -d 'What the member may do' -r -f -a "admin\t'Changes the member list and stored commands; writes values'
writer\t'Writes values and metadata'
reader\t'Reads only'"
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -l access -d 'Only names under PREFIX (whole segments; repeatable) [default: all names]' -r
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from list" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from list" -s a -l all -d 'Removed members too'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from list" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from list" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from ls" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from ls" -s a -l all -d 'Removed members too'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from ls" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from ls" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from remove" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from remove" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from remove" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from rm" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from rm" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from rm" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from replace" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from replace" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from replace" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from replace" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from replace" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from replace" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from access" -l add -d 'Grant names under PREFIX (repeatable)' -r
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from access" -l remove -d 'Take away names under PREFIX (repeatable): what it covered becomes due' -r
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from access" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from access" -l all -d 'Give the member all access again'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from access" -l none -d 'Start from no access (then --add): limits a member who has all access'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from access" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from access" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from access" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from access" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from access" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a member from the join request they sent (admins only)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the members: name, id, role, fingerprint, removed or not'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a member; what they could read becomes due for rotation (admins only)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "replace" -d 'Give a member a new key (a lost laptop): remove the old key, add the new request'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "access" -d 'Show or change which names a member can read (admins only to change)'
complete -c sesame -n "__fish_sesame_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand sync" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand sync" -l no-push -d 'Fetch and merge, but do not push'
complete -c sesame -n "__fish_sesame_using_subcommand sync" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand sync" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand sync" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand sync" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand sync" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand git-credential" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand git-credential" -l allow-store -d 'Let `store` write the credentials git approves'
complete -c sesame -n "__fish_sesame_using_subcommand git-credential" -l allow-erase -d 'Let `erase` remove a secret whose password git rejected'
complete -c sesame -n "__fish_sesame_using_subcommand git-credential" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand git-credential" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand git-credential" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand git-credential" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand git-credential" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand docker-credential" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand docker-credential" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand docker-credential" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand docker-credential" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand docker-credential" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand docker-credential" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand inject" -s i -l in-file -d 'The template [default: stdin]' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand inject" -s o -l out-file -d 'Write to FILE (created 0600, replaced atomically) instead of stdout (`-o -`)' -r -F
complete -c sesame -n "__fish_sesame_using_subcommand inject" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand inject" -l terminal -d 'Print to stdout even when it is a terminal'
complete -c sesame -n "__fish_sesame_using_subcommand inject" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand inject" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand inject" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand inject" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand inject" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand aws-credentials" -l store -d 'The store directory [default: the data directory\'s `sesame`, e.g. ~/.local/share/sesame]' -r -f -a "(__fish_complete_directories)"
complete -c sesame -n "__fish_sesame_using_subcommand aws-credentials" -l json -d 'Print data as JSON'
complete -c sesame -n "__fish_sesame_using_subcommand aws-credentials" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c sesame -n "__fish_sesame_using_subcommand aws-credentials" -l no-color -d 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
complete -c sesame -n "__fish_sesame_using_subcommand aws-credentials" -s v -l verbose -d 'Explain more on stderr (e.g. why an unlock could not be cached)'
complete -c sesame -n "__fish_sesame_using_subcommand aws-credentials" -s h -l help -d 'Print help'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "init" -d 'Create a store and choose its master password'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "set" -d 'Store a value read from stdin or a hidden prompt (never from an argument)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "get" -d 'Print a secret\'s value'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "list" -d 'List secret names'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "show" -d 'Show a secret\'s metadata and version history (never its value)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "generate" -d 'Create a secret with a fresh random value'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "remove" -d 'Delete a secret and its whole history'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "move" -d 'Rename a secret, keeping its history and policy'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "copy" -d 'Copy a secret\'s current value and metadata to a new name'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "rotate" -d 'Give secrets a new value, keeping the old one valid for a grace period'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "revoke" -d 'Revoke versions: run the revoke command, then wipe their values for good'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "edit" -d 'Change a secret\'s metadata and policy, or (--value) its value in an editor'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "rollback" -d 'Make an earlier value current again, as a new version'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "status" -d 'Show what is expired, expiring, overdue for rotation or in a grace period'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "unlock" -d 'Unlock the store for a while (cached in the OS keyring), or check whether it is unlocked'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "lock" -d 'Forget the cached unlock at once'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "passwd" -d 'Change the master password (the identity and the vault stay the same)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "rekey" -d 'Replace the store\'s identity and re-encrypt the vault (the password may have leaked)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "recipients" -d 'List, add or remove the recipients the vault is encrypted to'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "scan" -d 'Find stored secret values in files, the git index or git history'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "hook" -d 'Install or remove the git pre-commit hook that runs `scan --staged`'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "audit" -d 'Read the audit log of every access, or check that nobody altered it'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "run" -d 'Run a command with secrets in its environment, masked in its output'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "env" -d 'Print secrets for other tools (dotenv, shell, JSON, GitHub Actions, Kubernetes)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "import" -d 'Store the variables of a dotenv file as secrets'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "init-project" -d 'Write a sesame.toml mapping the live secrets under a prefix, and approve it'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "upgrade" -d 'Upgrade an unsigned (format 1) store to the signed format 2, after showing what it holds'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "accept-rollback" -d 'Accept the store as it is now although it does not descend from the one last seen'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "pin" -d 'Trust a signed store for a key of yours that is a bare recipient (an SSH key)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "allow" -d 'Approve a project file, an env file, or a secret\'s stored rotate/revoke commands, to be used here'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "deny" -d 'Withdraw an approval given with `allow`'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "team" -d 'Team stores shared through git: make one, join one, finish a merge git stopped on'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "member" -d 'Add, list, remove or replace the members of a signed (team) store'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "sync" -d 'Commit the store, fetch, verify and merge what arrived, and push (a team store in git)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "git-credential" -d 'git\'s credential helper: answers git from secrets git/PROTOCOL/HOST'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "docker-credential" -d 'docker\'s credential helper (also run as docker-credential-sesame)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "inject" -d 'Render a template\'s {{ sesame://NAME }} references with the secrets\' values'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "aws-credentials" -d 'Print a secret as AWS credential_process JSON (for ~/.aws/config)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and not __fish_seen_subcommand_from init set get list show generate remove move copy completions rotate revoke edit rollback status unlock lock passwd rekey recipients scan hook audit run env import init-project upgrade accept-rollback pin allow deny team member sync git-credential docker-credential inject aws-credentials help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from recipients" -f -a "list" -d 'List the recipients sealed in the vault, with their labels'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from recipients" -f -a "add" -d 'Add recipients (age1…, ssh-ed25519, ssh-rsa, or a file of them) and re-encrypt'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from recipients" -f -a "remove" -d 'Remove a recipient and re-encrypt (rotate what they could read!)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from hook" -f -a "install" -d 'Write a git pre-commit hook that runs `sesame scan --staged`'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from hook" -f -a "uninstall" -d 'Remove sesame\'s pre-commit hook (and restore the one it replaced)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Check every line\'s chain and MAC, and the head sealed in the vault'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "reset" -d 'Set a damaged log aside and start a new one (after you have investigated)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from team" -f -a "init" -d 'Make a team store in a git work tree (new, or from a single-user store)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from team" -f -a "join" -d 'Join a team store from its git repository: make your key, print a join request'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from team" -f -a "resolve" -d 'Finish a merge of the store\'s manifest that git stopped on (after `git merge` or `git pull`)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from team" -f -a "merge-driver" -d 'git\'s merge driver for a store\'s manifest (%O %A %B %P)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from team" -f -a "diff-driver" -d 'git\'s textconv for a store\'s manifest: what changed, never a value'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "add" -d 'Add a member from the join request they sent (admins only)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "list" -d 'List the members: name, id, role, fingerprint, removed or not'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "remove" -d 'Remove a member; what they could read becomes due for rotation (admins only)'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "replace" -d 'Give a member a new key (a lost laptop): remove the old key, add the new request'
complete -c sesame -n "__fish_sesame_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "access" -d 'Show or change which names a member can read (admins only to change)'

# Secret names, added by sesame to clap's script: `sesame __complete names PREFIX`
# prints them only when the store opens without a prompt, else nothing.
function __fish_sesame_profiles
    command sesame __complete profiles -- (commandline -ct) 2>/dev/null
end
function __fish_sesame_secret_names
    set -l token (commandline -ct)
    string match -q -- '-*' $token; and return
    command sesame __complete names -- $token 2>/dev/null
end
complete -c sesame -n "__fish_sesame_using_subcommand set" -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand get" -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand show" -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand generate gen" -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand remove rm" -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand move mv" -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand copy cp" -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand rotate" -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand revoke" -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand edit" -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand rollback" -f -a "(__fish_sesame_secret_names)"
complete -c sesame -n "__fish_sesame_using_subcommand aws-credentials" -f -a "(__fish_sesame_secret_names)"
