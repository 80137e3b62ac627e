
use builtin;
use str;

set edit:completion:arg-completer[sesame] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'sesame'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'sesame'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create a store and choose its master password'
            cand set 'Store a value read from stdin or a hidden prompt (never from an argument)'
            cand get 'Print a secret''s value'
            cand list 'List secret names'
            cand ls 'List secret names'
            cand show 'Show a secret''s metadata and version history (never its value)'
            cand generate 'Create a secret with a fresh random value'
            cand gen 'Create a secret with a fresh random value'
            cand remove 'Delete a secret and its whole history'
            cand rm 'Delete a secret and its whole history'
            cand move 'Rename a secret, keeping its history and policy'
            cand mv 'Rename a secret, keeping its history and policy'
            cand copy 'Copy a secret''s current value and metadata to a new name'
            cand cp 'Copy a secret''s current value and metadata to a new name'
            cand completions 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
            cand rotate 'Give secrets a new value, keeping the old one valid for a grace period'
            cand revoke 'Revoke versions: run the revoke command, then wipe their values for good'
            cand edit 'Change a secret''s metadata and policy, or (--value) its value in an editor'
            cand rollback 'Make an earlier value current again, as a new version'
            cand status 'Show what is expired, expiring, overdue for rotation or in a grace period'
            cand unlock 'Unlock the store for a while (cached in the OS keyring), or check whether it is unlocked'
            cand lock 'Forget the cached unlock at once'
            cand passwd 'Change the master password (the identity and the vault stay the same)'
            cand rekey 'Replace the store''s identity and re-encrypt the vault (the password may have leaked)'
            cand recipients 'List, add or remove the recipients the vault is encrypted to'
            cand scan 'Find stored secret values in files, the git index or git history'
            cand hook 'Install or remove the git pre-commit hook that runs `scan --staged`'
            cand audit 'Read the audit log of every access, or check that nobody altered it'
            cand run 'Run a command with secrets in its environment, masked in its output'
            cand env 'Print secrets for other tools (dotenv, shell, JSON, GitHub Actions, Kubernetes)'
            cand import 'Store the variables of a dotenv file as secrets'
            cand init-project 'Write a sesame.toml mapping the live secrets under a prefix, and approve it'
            cand upgrade 'Upgrade an unsigned (format 1) store to the signed format 2, after showing what it holds'
            cand accept-rollback 'Accept the store as it is now although it does not descend from the one last seen'
            cand pin 'Trust a signed store for a key of yours that is a bare recipient (an SSH key)'
            cand allow 'Approve a project file, an env file, or a secret''s stored rotate/revoke commands, to be used here'
            cand deny 'Withdraw an approval given with `allow`'
            cand team 'Team stores shared through git: make one, join one, finish a merge git stopped on'
            cand member 'Add, list, remove or replace the members of a signed (team) store'
            cand sync 'Commit the store, fetch, verify and merge what arrived, and push (a team store in git)'
            cand git-credential 'git''s credential helper: answers git from secrets git/PROTOCOL/HOST'
            cand docker-credential 'docker''s credential helper (also run as docker-credential-sesame)'
            cand inject 'Render a template''s {{ sesame://NAME }} references with the secrets'' values'
            cand aws-credentials 'Print a secret as AWS credential_process JSON (for ~/.aws/config)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;init'= {
            cand --work-factor 'scrypt work factor (log2 N) protecting identity.age: 18 costs about 1 s and 256 MiB'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --format-1 'Create an unsigned format-1 store (for testing `upgrade` only)'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;set'= {
            cand --id 'A non-secret key id for this version (an AWS access key id, a token''s public prefix), shown by `show` and `list --json`, injectable as NAME#id'
            cand -d 'A description for people'
            cand --description 'A description for people'
            cand -t 'A tag to select by (repeatable)'
            cand --tag 'A tag to select by (repeatable)'
            cand --env 'The environment variable to inject it as [default: last two name segments, upper-cased]'
            cand --expires 'When it stops being handed out: a date (2027-01-31), an RFC 3339 time, or a duration from now (90d, 6mo, 1y); one not in the future expires it at once (a warning says so)'
            cand --max-age 'Rotation is due this long after each new value (90d, 12h; 0 for never) [default for new secrets: the config''s default_max_age]'
            cand --scopes 'What the credential may do, free text shown by `show` (e.g. "repo:read")'
            cand --rotate-command 'Shell command whose stdout is the next value (or {"id": …, "value": …}); it gets SESAME_SECRET_NAME, SESAME_CURRENT_VALUE, SESAME_CURRENT_ID'
            cand --revoke-command 'Shell command run before a version is wiped; it gets SESAME_SECRET_NAME, SESAME_REVOKED_VALUE, SESAME_REVOKED_ID, SESAME_REVOKED_VERSION'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand -m 'On a terminal, read a pasted value of several lines (a PEM key) until Ctrl-D'
            cand --multiline 'On a terminal, read a pasted value of several lines (a PEM key) until Ctrl-D'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;get'= {
            cand --version 'Print this version instead of the current one'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand -n 'Print the value exactly as stored: no newline after it'
            cand --no-newline 'Print the value exactly as stored: no newline after it'
            cand --raw 'On a terminal too, print the value''s bytes as they are (by default a value holding control characters is shown escaped there; a pipe always gets the bytes)'
            cand -c 'Copy the value to the clipboard instead of printing it; cleared after 45 s if the clipboard still holds it (X11, Wayland; OSC 52 over SSH, not cleared)'
            cand --copy 'Copy the value to the clipboard instead of printing it; cleared after 45 s if the clipboard still holds it (X11, Wayland; OSC 52 over SSH, not cleared)'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;list'= {
            cand --prefix 'Only names starting with this'
            cand -t 'Only secrets with this tag (repeatable: all must match)'
            cand --tag 'Only secrets with this tag (repeatable: all must match)'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand -l 'One line per secret with its state, expiry and description'
            cand --long 'One line per secret with its state, expiry and description'
            cand -a 'Include secrets with no live value (all versions revoked)'
            cand --all 'Include secrets with no live value (all versions revoked)'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;ls'= {
            cand --prefix 'Only names starting with this'
            cand -t 'Only secrets with this tag (repeatable: all must match)'
            cand --tag 'Only secrets with this tag (repeatable: all must match)'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand -l 'One line per secret with its state, expiry and description'
            cand --long 'One line per secret with its state, expiry and description'
            cand -a 'Include secrets with no live value (all versions revoked)'
            cand --all 'Include secrets with no live value (all versions revoked)'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;show'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;generate'= {
            cand -l 'How many characters, the prefix not counted'
            cand --length 'How many characters, the prefix not counted'
            cand -c 'Which characters'
            cand --charset 'Which characters'
            cand -w 'A passphrase of N words from the built-in list (EFF, 7,776 words) instead'
            cand --words 'A passphrase of N words from the built-in list (EFF, 7,776 words) instead'
            cand --separator 'What goes between words'
            cand --prefix 'Fixed text before the random part, e.g. sk_live_'
            cand -d 'A description for people'
            cand --description 'A description for people'
            cand -t 'A tag to select by (repeatable)'
            cand --tag 'A tag to select by (repeatable)'
            cand --env 'The environment variable to inject it as [default: last two name segments, upper-cased]'
            cand --expires 'When it stops being handed out: a date (2027-01-31), an RFC 3339 time, or a duration from now (90d, 6mo, 1y); one not in the future expires it at once (a warning says so)'
            cand --max-age 'Rotation is due this long after each new value (90d, 12h; 0 for never) [default for new secrets: the config''s default_max_age]'
            cand --scopes 'What the credential may do, free text shown by `show` (e.g. "repo:read")'
            cand --rotate-command 'Shell command whose stdout is the next value (or {"id": …, "value": …}); it gets SESAME_SECRET_NAME, SESAME_CURRENT_VALUE, SESAME_CURRENT_ID'
            cand --revoke-command 'Shell command run before a version is wiped; it gets SESAME_SECRET_NAME, SESAME_REVOKED_VALUE, SESAME_REVOKED_ID, SESAME_REVOKED_VERSION'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --print 'Print the new value on stdout'
            cand -f 'Replace an existing secret''s value (as a new version) instead of refusing'
            cand --force 'Replace an existing secret''s value (as a new version) instead of refusing'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;gen'= {
            cand -l 'How many characters, the prefix not counted'
            cand --length 'How many characters, the prefix not counted'
            cand -c 'Which characters'
            cand --charset 'Which characters'
            cand -w 'A passphrase of N words from the built-in list (EFF, 7,776 words) instead'
            cand --words 'A passphrase of N words from the built-in list (EFF, 7,776 words) instead'
            cand --separator 'What goes between words'
            cand --prefix 'Fixed text before the random part, e.g. sk_live_'
            cand -d 'A description for people'
            cand --description 'A description for people'
            cand -t 'A tag to select by (repeatable)'
            cand --tag 'A tag to select by (repeatable)'
            cand --env 'The environment variable to inject it as [default: last two name segments, upper-cased]'
            cand --expires 'When it stops being handed out: a date (2027-01-31), an RFC 3339 time, or a duration from now (90d, 6mo, 1y); one not in the future expires it at once (a warning says so)'
            cand --max-age 'Rotation is due this long after each new value (90d, 12h; 0 for never) [default for new secrets: the config''s default_max_age]'
            cand --scopes 'What the credential may do, free text shown by `show` (e.g. "repo:read")'
            cand --rotate-command 'Shell command whose stdout is the next value (or {"id": …, "value": …}); it gets SESAME_SECRET_NAME, SESAME_CURRENT_VALUE, SESAME_CURRENT_ID'
            cand --revoke-command 'Shell command run before a version is wiped; it gets SESAME_SECRET_NAME, SESAME_REVOKED_VALUE, SESAME_REVOKED_ID, SESAME_REVOKED_VERSION'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --print 'Print the new value on stdout'
            cand -f 'Replace an existing secret''s value (as a new version) instead of refusing'
            cand --force 'Replace an existing secret''s value (as a new version) instead of refusing'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;remove'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand -f 'Delete without asking (required without a terminal)'
            cand --force 'Delete without asking (required without a terminal)'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;rm'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand -f 'Delete without asking (required without a terminal)'
            cand --force 'Delete without asking (required without a terminal)'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;move'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;mv'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;copy'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;cp'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;completions'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;rotate'= {
            cand --id 'The key id of the value read with --stdin'
            cand --command 'Make the new value with this shell command instead of the stored one'
            cand --grace 'How long the replaced value stays valid (0: revoke it now) [default: config `grace`, else 1d]'
            cand --timeout 'How long a rotate or revoke command may run before it is killed'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --due 'Rotate everything past its max age and finish ended grace periods'
            cand --stdin 'Read the new value from stdin (one secret only)'
            cand -n 'Print what would be done and change nothing'
            cand --dry-run 'Print what would be done and change nothing'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;revoke'= {
            cand --version 'Only this version'
            cand --timeout 'How long the revoke command may run before it is killed'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --previous 'Only the previous versions (those kept for a grace period)'
            cand -y 'Do not ask for confirmation (required without a terminal)'
            cand --yes 'Do not ask for confirmation (required without a terminal)'
            cand -f 'Wipe the value even if the revoke command fails (implies --yes)'
            cand --force 'Wipe the value even if the revoke command fails (implies --yes)'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;edit'= {
            cand --untag 'Remove this tag (repeatable)'
            cand -d 'A description for people'
            cand --description 'A description for people'
            cand -t 'A tag to select by (repeatable)'
            cand --tag 'A tag to select by (repeatable)'
            cand --env 'The environment variable to inject it as [default: last two name segments, upper-cased]'
            cand --expires 'When it stops being handed out: a date (2027-01-31), an RFC 3339 time, or a duration from now (90d, 6mo, 1y); one not in the future expires it at once (a warning says so)'
            cand --max-age 'Rotation is due this long after each new value (90d, 12h; 0 for never) [default for new secrets: the config''s default_max_age]'
            cand --scopes 'What the credential may do, free text shown by `show` (e.g. "repo:read")'
            cand --rotate-command 'Shell command whose stdout is the next value (or {"id": …, "value": …}); it gets SESAME_SECRET_NAME, SESAME_CURRENT_VALUE, SESAME_CURRENT_ID'
            cand --revoke-command 'Shell command run before a version is wiped; it gets SESAME_SECRET_NAME, SESAME_REVOKED_VALUE, SESAME_REVOKED_ID, SESAME_REVOKED_VERSION'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --value 'Edit the value itself in $VISUAL/$EDITOR (a new version when it changed)'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;rollback'= {
            cand --to 'The version whose value becomes current again'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;status'= {
            cand --within 'How far ahead to look for expiries and rotations'
            cand --stale 'List secrets that no get, run or env read for this long (per the audit log): candidates for revocation; 0 turns the check off'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --strict 'Also count secrets with no expiry and no max age as needing attention'
            cand -a 'Also list secrets with no policy or not read lately (--json always lists them)'
            cand --all 'Also list secrets with no policy or not read lately (--json always lists them)'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;unlock'= {
            cand -t 'How long to stay unlocked (30s, 15m, 8h) [default: cache_timeout from the config, else 15m]'
            cand --timeout 'How long to stay unlocked (30s, 15m, 8h) [default: cache_timeout from the config, else 15m]'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --check 'Only tell whether the store is unlocked, and until when (exit 3 if not)'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;lock'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;passwd'= {
            cand --work-factor 'scrypt work factor (log2 N) for the re-wrapped identity: 18 costs about 1 s and 256 MiB [default: the current one]'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;rekey'= {
            cand --work-factor 'scrypt work factor (log2 N) for the new identity: 18 costs about 1 s and 256 MiB'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;recipients'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List the recipients sealed in the vault, with their labels'
            cand ls 'List the recipients sealed in the vault, with their labels'
            cand add 'Add recipients (age1…, ssh-ed25519, ssh-rsa, or a file of them) and re-encrypt'
            cand remove 'Remove a recipient and re-encrypt (rotate what they could read!)'
            cand rm 'Remove a recipient and re-encrypt (rotate what they could read!)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;recipients;list'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;recipients;ls'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;recipients;add'= {
            cand -l 'A label for people (the CI system, the team member) [default: an SSH key''s comment]'
            cand --label 'A label for people (the CI system, the team member) [default: an SSH key''s comment]'
            cand --generate-ci 'Make a key pair for CI labelled NAME; print its token (SESAME-CI-1…) once on stdout'
            cand --access 'With --generate-ci: the key reads (and writes) only names under PREFIX (repeatable)'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --write 'With --generate-ci: the key may write values (a writer), not only read them'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;recipients;remove'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;recipients;rm'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;recipients;help'= {
            cand list 'List the recipients sealed in the vault, with their labels'
            cand add 'Add recipients (age1…, ssh-ed25519, ssh-rsa, or a file of them) and re-encrypt'
            cand remove 'Remove a recipient and re-encrypt (rotate what they could read!)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;recipients;help;list'= {
        }
        &'sesame;recipients;help;add'= {
        }
        &'sesame;recipients;help;remove'= {
        }
        &'sesame;recipients;help;help'= {
        }
        &'sesame;scan'= {
            cand --history 'Scan every blob reachable from REV-RANGE (git rev-list syntax) [default: all refs]'
            cand --exclude 'Leave this secret out of the search (repeatable)'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --staged 'Scan the blobs staged in the git index instead of the working tree'
            cand --no-ignore 'Also scan files that .gitignore, .ignore and git''s excludes leave out'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;hook'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand install 'Write a git pre-commit hook that runs `sesame scan --staged`'
            cand uninstall 'Remove sesame''s pre-commit hook (and restore the one it replaced)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;hook;install'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand -f 'Replace an existing pre-commit hook (it is kept as pre-commit.sesame-backup)'
            cand --force 'Replace an existing pre-commit hook (it is kept as pre-commit.sesame-backup)'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;hook;uninstall'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;hook;help'= {
            cand install 'Write a git pre-commit hook that runs `sesame scan --staged`'
            cand uninstall 'Remove sesame''s pre-commit hook (and restore the one it replaced)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;hook;help;install'= {
        }
        &'sesame;hook;help;uninstall'= {
        }
        &'sesame;hook;help;help'= {
        }
        &'sesame;audit'= {
            cand --secret 'Only records about this secret'
            cand --action 'Only records of this action'
            cand --since 'Only records from the last DUR (30d, 12h, 1h30m)'
            cand --limit 'Only the last N records, after the other filters (0: all) [default for the table without --since: 50]'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand verify 'Check every line''s chain and MAC, and the head sealed in the vault'
            cand reset 'Set a damaged log aside and start a new one (after you have investigated)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;audit;verify'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;audit;reset'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand -f 'Really set the log aside (required)'
            cand --force 'Really set the log aside (required)'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;audit;help'= {
            cand verify 'Check every line''s chain and MAC, and the head sealed in the vault'
            cand reset 'Set a damaged log aside and start a new one (after you have investigated)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;audit;help;verify'= {
        }
        &'sesame;audit;help;reset'= {
        }
        &'sesame;audit;help;help'= {
        }
        &'sesame;run'= {
            cand -p 'Use [profile.PROFILE.env] of sesame.toml instead of [env]'
            cand --profile 'Use [profile.PROFILE.env] of sesame.toml instead of [env]'
            cand -s 'A secret, as VAR (repeatable); NAME#id=VAR gives its key id instead'
            cand --secret 'A secret, as VAR (repeatable); NAME#id=VAR gives its key id instead'
            cand -f 'A secret handed over as a private file whose path is in VAR (repeatable)'
            cand --file 'A secret handed over as a private file whose path is in VAR (repeatable)'
            cand --prefix 'Every live secret whose name starts with P'
            cand --env-file 'A dotenv file whose values may be references, sesame://NAME or sesame://NAME#id (repeatable; later files win)'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand -a 'Every live secret in the store'
            cand --all 'Every live secret in the store'
            cand --no-project 'Do not read sesame.toml'
            cand --mask 'Mask values in stdout and stderr, on a terminal too (through a pseudo-terminal)'
            cand --no-mask 'Never mask (the command is exec''d unless -f is used)'
            cand --mask-label 'Replace masked values with [masked:NAME] instead of ***'
            cand --no-override 'Keep a variable already set in the environment instead of overriding it'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;env'= {
            cand -p 'Use [profile.PROFILE.env] of sesame.toml instead of [env]'
            cand --profile 'Use [profile.PROFILE.env] of sesame.toml instead of [env]'
            cand -s 'A secret, as VAR (repeatable); NAME#id=VAR gives its key id instead'
            cand --secret 'A secret, as VAR (repeatable); NAME#id=VAR gives its key id instead'
            cand -f 'A secret handed over as a private file whose path is in VAR (repeatable)'
            cand --file 'A secret handed over as a private file whose path is in VAR (repeatable)'
            cand --prefix 'Every live secret whose name starts with P'
            cand --env-file 'A dotenv file whose values may be references, sesame://NAME or sesame://NAME#id (repeatable; later files win)'
            cand --format 'Output format (--json means --format json)'
            cand --name 'The Secret''s metadata.name for --format k8s'
            cand --namespace 'The Secret''s metadata.namespace for --format k8s'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand -a 'Every live secret in the store'
            cand --all 'Every live secret in the store'
            cand --no-project 'Do not read sesame.toml'
            cand --raw 'On a terminal too, print values holding control characters as they are (not escaped)'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;import'= {
            cand --from 'Read another manager''s store or export instead of a dotenv file'
            cand --map 'With --from csv: which column holds what (by header name)'
            cand --prefix 'Store KEY as P/KEY'
            cand -p 'With --write-project: write [profile.NEW_PROFILE.env] instead of [env]'
            cand --profile 'With --write-project: write [profile.NEW_PROFILE.env] instead of [env]'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --overwrite 'Add a new version to secrets that exist already, unless the value is the same (otherwise an existing name is an error)'
            cand --no-interpolate 'Keep ${VAR} literally instead of expanding it'
            cand --write-project 'Also write ./sesame.toml mapping the imported variables, and approve it'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;init-project'= {
            cand --prefix 'Map the live secrets under P (default: every live secret)'
            cand -p 'Write [profile.NEW_PROFILE.env] instead of [env]'
            cand --profile 'Write [profile.NEW_PROFILE.env] instead of [env]'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;upgrade'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand -y 'Do not ask (for scripts): upgrade after showing what is signed'
            cand --yes 'Do not ask (for scripts): upgrade after showing what is signed'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;accept-rollback'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;pin'= {
            cand --admin 'The fingerprint of the admin who signed the member list (64 hex digits)'
            cand --key 'Your key file (an OpenSSH private key or age identities) [default: SESAME_IDENTITY_FILE]'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;allow'= {
            cand --sha256 'Approve the file only if its SHA-256 is still HEX (the one you reviewed)'
            cand --secret 'Approve this secret''s stored rotate and revoke commands'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --list 'List what is approved on this machine'
            cand -y 'Approve without asking (needed when there is no terminal)'
            cand --yes 'Approve without asking (needed when there is no terminal)'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;deny'= {
            cand --secret 'Withdraw the approval of this secret''s stored commands'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;team'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand init 'Make a team store in a git work tree (new, or from a single-user store)'
            cand join 'Join a team store from its git repository: make your key, print a join request'
            cand resolve 'Finish a merge of the store''s manifest that git stopped on (after `git merge` or `git pull`)'
            cand merge-driver 'git''s merge driver for a store''s manifest (%O %A %B %P)'
            cand diff-driver 'git''s textconv for a store''s manifest: what changed, never a value'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;team;init'= {
            cand --from 'Move this single-user (signed) store into the team store'
            cand --name 'Your member name [default: $USER]'
            cand --work-factor 'scrypt work factor (log2 N) protecting your identity: 18 costs about 1 s and 256 MiB'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --no-recovery 'Print no recovery key (add a second admin yourself, soon)'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;team;join'= {
            cand --admin 'The fingerprint of the admin who signed the member list, given to you out of band'
            cand --name 'Your member name [default: $USER]'
            cand --ssh-key 'Your OpenSSH key (ssh-ed25519, ssh-rsa) is your identity: no password, no identity.age [default: SESAME_IDENTITY_FILE]'
            cand --work-factor 'scrypt work factor (log2 N) protecting your identity: 18 costs about 1 s and 256 MiB'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --recover 'Become the recovery admin: read the recovery key `team init` printed from stdin'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;team;resolve'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;team;merge-driver'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;team;diff-driver'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;team;help'= {
            cand init 'Make a team store in a git work tree (new, or from a single-user store)'
            cand join 'Join a team store from its git repository: make your key, print a join request'
            cand resolve 'Finish a merge of the store''s manifest that git stopped on (after `git merge` or `git pull`)'
            cand merge-driver 'git''s merge driver for a store''s manifest (%O %A %B %P)'
            cand diff-driver 'git''s textconv for a store''s manifest: what changed, never a value'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;team;help;init'= {
        }
        &'sesame;team;help;join'= {
        }
        &'sesame;team;help;resolve'= {
        }
        &'sesame;team;help;merge-driver'= {
        }
        &'sesame;team;help;diff-driver'= {
        }
        &'sesame;team;help;help'= {
        }
        &'sesame;member'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Add a member from the join request they sent (admins only)'
            cand list 'List the members: name, id, role, fingerprint, removed or not'
            cand ls 'List the members: name, id, role, fingerprint, removed or not'
            cand remove 'Remove a member; what they could read becomes due for rotation (admins only)'
            cand rm 'Remove a member; what they could read becomes due for rotation (admins only)'
            cand replace 'Give a member a new key (a lost laptop): remove the old key, add the new request'
            cand access 'Show or change which names a member can read (admins only to change)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;member;add'= {
            cand --role 'What the member may do'
            cand --access 'Only names under PREFIX (whole segments; repeatable) [default: all names]'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sesame;member;list'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand -a 'Removed members too'
            cand --all 'Removed members too'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;member;ls'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand -a 'Removed members too'
            cand --all 'Removed members too'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;member;remove'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;member;rm'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;member;replace'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;member;access'= {
            cand --add 'Grant names under PREFIX (repeatable)'
            cand --remove 'Take away names under PREFIX (repeatable): what it covered becomes due'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --all 'Give the member all access again'
            cand --none 'Start from no access (then --add): limits a member who has all access'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;member;help'= {
            cand add 'Add a member from the join request they sent (admins only)'
            cand list 'List the members: name, id, role, fingerprint, removed or not'
            cand remove 'Remove a member; what they could read becomes due for rotation (admins only)'
            cand replace 'Give a member a new key (a lost laptop): remove the old key, add the new request'
            cand access 'Show or change which names a member can read (admins only to change)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;member;help;add'= {
        }
        &'sesame;member;help;list'= {
        }
        &'sesame;member;help;remove'= {
        }
        &'sesame;member;help;replace'= {
        }
        &'sesame;member;help;access'= {
        }
        &'sesame;member;help;help'= {
        }
        &'sesame;sync'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --no-push 'Fetch and merge, but do not push'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;git-credential'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --allow-store 'Let `store` write the credentials git approves'
            cand --allow-erase 'Let `erase` remove a secret whose password git rejected'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;docker-credential'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;inject'= {
            cand -i 'The template [default: stdin]'
            cand --in-file 'The template [default: stdin]'
            cand -o 'Write to FILE (created 0600, replaced atomically) instead of stdout (`-o -`)'
            cand --out-file 'Write to FILE (created 0600, replaced atomically) instead of stdout (`-o -`)'
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --terminal 'Print to stdout even when it is a terminal'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;aws-credentials'= {
            cand --store 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]'
            cand --json 'Print data as JSON'
            cand -q 'Print no messages, only data and errors'
            cand --quiet 'Print no messages, only data and errors'
            cand --no-color 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)'
            cand -v 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand --verbose 'Explain more on stderr (e.g. why an unlock could not be cached)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sesame;help'= {
            cand init 'Create a store and choose its master password'
            cand set 'Store a value read from stdin or a hidden prompt (never from an argument)'
            cand get 'Print a secret''s value'
            cand list 'List secret names'
            cand show 'Show a secret''s metadata and version history (never its value)'
            cand generate 'Create a secret with a fresh random value'
            cand remove 'Delete a secret and its whole history'
            cand move 'Rename a secret, keeping its history and policy'
            cand copy 'Copy a secret''s current value and metadata to a new name'
            cand completions 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
            cand rotate 'Give secrets a new value, keeping the old one valid for a grace period'
            cand revoke 'Revoke versions: run the revoke command, then wipe their values for good'
            cand edit 'Change a secret''s metadata and policy, or (--value) its value in an editor'
            cand rollback 'Make an earlier value current again, as a new version'
            cand status 'Show what is expired, expiring, overdue for rotation or in a grace period'
            cand unlock 'Unlock the store for a while (cached in the OS keyring), or check whether it is unlocked'
            cand lock 'Forget the cached unlock at once'
            cand passwd 'Change the master password (the identity and the vault stay the same)'
            cand rekey 'Replace the store''s identity and re-encrypt the vault (the password may have leaked)'
            cand recipients 'List, add or remove the recipients the vault is encrypted to'
            cand scan 'Find stored secret values in files, the git index or git history'
            cand hook 'Install or remove the git pre-commit hook that runs `scan --staged`'
            cand audit 'Read the audit log of every access, or check that nobody altered it'
            cand run 'Run a command with secrets in its environment, masked in its output'
            cand env 'Print secrets for other tools (dotenv, shell, JSON, GitHub Actions, Kubernetes)'
            cand import 'Store the variables of a dotenv file as secrets'
            cand init-project 'Write a sesame.toml mapping the live secrets under a prefix, and approve it'
            cand upgrade 'Upgrade an unsigned (format 1) store to the signed format 2, after showing what it holds'
            cand accept-rollback 'Accept the store as it is now although it does not descend from the one last seen'
            cand pin 'Trust a signed store for a key of yours that is a bare recipient (an SSH key)'
            cand allow 'Approve a project file, an env file, or a secret''s stored rotate/revoke commands, to be used here'
            cand deny 'Withdraw an approval given with `allow`'
            cand team 'Team stores shared through git: make one, join one, finish a merge git stopped on'
            cand member 'Add, list, remove or replace the members of a signed (team) store'
            cand sync 'Commit the store, fetch, verify and merge what arrived, and push (a team store in git)'
            cand git-credential 'git''s credential helper: answers git from secrets git/PROTOCOL/HOST'
            cand docker-credential 'docker''s credential helper (also run as docker-credential-sesame)'
            cand inject 'Render a template''s {{ sesame://NAME }} references with the secrets'' values'
            cand aws-credentials 'Print a secret as AWS credential_process JSON (for ~/.aws/config)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'sesame;help;init'= {
        }
        &'sesame;help;set'= {
        }
        &'sesame;help;get'= {
        }
        &'sesame;help;list'= {
        }
        &'sesame;help;show'= {
        }
        &'sesame;help;generate'= {
        }
        &'sesame;help;remove'= {
        }
        &'sesame;help;move'= {
        }
        &'sesame;help;copy'= {
        }
        &'sesame;help;completions'= {
        }
        &'sesame;help;rotate'= {
        }
        &'sesame;help;revoke'= {
        }
        &'sesame;help;edit'= {
        }
        &'sesame;help;rollback'= {
        }
        &'sesame;help;status'= {
        }
        &'sesame;help;unlock'= {
        }
        &'sesame;help;lock'= {
        }
        &'sesame;help;passwd'= {
        }
        &'sesame;help;rekey'= {
        }
        &'sesame;help;recipients'= {
            cand list 'List the recipients sealed in the vault, with their labels'
            cand add 'Add recipients (age1…, ssh-ed25519, ssh-rsa, or a file of them) and re-encrypt'
            cand remove 'Remove a recipient and re-encrypt (rotate what they could read!)'
        }
        &'sesame;help;recipients;list'= {
        }
        &'sesame;help;recipients;add'= {
        }
        &'sesame;help;recipients;remove'= {
        }
        &'sesame;help;scan'= {
        }
        &'sesame;help;hook'= {
            cand install 'Write a git pre-commit hook that runs `sesame scan --staged`'
            cand uninstall 'Remove sesame''s pre-commit hook (and restore the one it replaced)'
        }
        &'sesame;help;hook;install'= {
        }
        &'sesame;help;hook;uninstall'= {
        }
        &'sesame;help;audit'= {
            cand verify 'Check every line''s chain and MAC, and the head sealed in the vault'
            cand reset 'Set a damaged log aside and start a new one (after you have investigated)'
        }
        &'sesame;help;audit;verify'= {
        }
        &'sesame;help;audit;reset'= {
        }
        &'sesame;help;run'= {
        }
        &'sesame;help;env'= {
        }
        &'sesame;help;import'= {
        }
        &'sesame;help;init-project'= {
        }
        &'sesame;help;upgrade'= {
        }
        &'sesame;help;accept-rollback'= {
        }
        &'sesame;help;pin'= {
        }
        &'sesame;help;allow'= {
        }
        &'sesame;help;deny'= {
        }
        &'sesame;help;team'= {
            cand init 'Make a team store in a git work tree (new, or from a single-user store)'
            cand join 'Join a team store from its git repository: make your key, print a join request'
            cand resolve 'Finish a merge of the store''s manifest that git stopped on (after `git merge` or `git pull`)'
            cand merge-driver 'git''s merge driver for a store''s manifest (%O %A %B %P)'
            cand diff-driver 'git''s textconv for a store''s manifest: what changed, never a value'
        }
        &'sesame;help;team;init'= {
        }
        &'sesame;help;team;join'= {
        }
        &'sesame;help;team;resolve'= {
        }
        &'sesame;help;team;merge-driver'= {
        }
        &'sesame;help;team;diff-driver'= {
        }
        &'sesame;help;member'= {
            cand add 'Add a member from the join request they sent (admins only)'
            cand list 'List the members: name, id, role, fingerprint, removed or not'
            cand remove 'Remove a member; what they could read becomes due for rotation (admins only)'
            cand replace 'Give a member a new key (a lost laptop): remove the old key, add the new request'
            cand access 'Show or change which names a member can read (admins only to change)'
        }
        &'sesame;help;member;add'= {
        }
        &'sesame;help;member;list'= {
        }
        &'sesame;help;member;remove'= {
        }
        &'sesame;help;member;replace'= {
        }
        &'sesame;help;member;access'= {
        }
        &'sesame;help;sync'= {
        }
        &'sesame;help;git-credential'= {
        }
        &'sesame;help;docker-credential'= {
        }
        &'sesame;help;inject'= {
        }
        &'sesame;help;aws-credentials'= {
        }
        &'sesame;help;help'= {
        }
    ]
    $completions[$command]
}
