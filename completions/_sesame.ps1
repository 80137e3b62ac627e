
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'sesame' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'sesame'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'sesame' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a store and choose its master password')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store a value read from stdin or a hidden prompt (never from an argument)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a secret''s value')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List secret names')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List secret names')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a secret''s metadata and version history (never its value)')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Create a secret with a fresh random value')
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Create a secret with a fresh random value')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete a secret and its whole history')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a secret and its whole history')
            [CompletionResult]::new('move', 'move', [CompletionResultType]::ParameterValue, 'Rename a secret, keeping its history and policy')
            [CompletionResult]::new('mv', 'mv', [CompletionResultType]::ParameterValue, 'Rename a secret, keeping its history and policy')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy a secret''s current value and metadata to a new name')
            [CompletionResult]::new('cp', 'cp', [CompletionResultType]::ParameterValue, 'Copy a secret''s current value and metadata to a new name')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Give secrets a new value, keeping the old one valid for a grace period')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke versions: run the revoke command, then wipe their values for good')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a secret''s metadata and policy, or (--value) its value in an editor')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Make an earlier value current again, as a new version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show what is expired, expiring, overdue for rotation or in a grace period')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Unlock the store for a while (cached in the OS keyring), or check whether it is unlocked')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Forget the cached unlock at once')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change the master password (the identity and the vault stay the same)')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Replace the store''s identity and re-encrypt the vault (the password may have leaked)')
            [CompletionResult]::new('recipients', 'recipients', [CompletionResultType]::ParameterValue, 'List, add or remove the recipients the vault is encrypted to')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find stored secret values in files, the git index or git history')
            [CompletionResult]::new('hook', 'hook', [CompletionResultType]::ParameterValue, 'Install or remove the git pre-commit hook that runs `scan --staged`')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Read the audit log of every access, or check that nobody altered it')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a command with secrets in its environment, masked in its output')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Print secrets for other tools (dotenv, shell, JSON, GitHub Actions, Kubernetes)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Store the variables of a dotenv file as secrets')
            [CompletionResult]::new('init-project', 'init-project', [CompletionResultType]::ParameterValue, 'Write a sesame.toml mapping the live secrets under a prefix, and approve it')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Upgrade an unsigned (format 1) store to the signed format 2, after showing what it holds')
            [CompletionResult]::new('accept-rollback', 'accept-rollback', [CompletionResultType]::ParameterValue, 'Accept the store as it is now although it does not descend from the one last seen')
            [CompletionResult]::new('pin', 'pin', [CompletionResultType]::ParameterValue, 'Trust a signed store for a key of yours that is a bare recipient (an SSH key)')
            [CompletionResult]::new('allow', 'allow', [CompletionResultType]::ParameterValue, 'Approve a project file, an env file, or a secret''s stored rotate/revoke commands, to be used here')
            [CompletionResult]::new('deny', 'deny', [CompletionResultType]::ParameterValue, 'Withdraw an approval given with `allow`')
            [CompletionResult]::new('team', 'team', [CompletionResultType]::ParameterValue, 'Team stores shared through git: make one, join one, finish a merge git stopped on')
            [CompletionResult]::new('member', 'member', [CompletionResultType]::ParameterValue, 'Add, list, remove or replace the members of a signed (team) store')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Commit the store, fetch, verify and merge what arrived, and push (a team store in git)')
            [CompletionResult]::new('git-credential', 'git-credential', [CompletionResultType]::ParameterValue, 'git''s credential helper: answers git from secrets git/PROTOCOL/HOST')
            [CompletionResult]::new('docker-credential', 'docker-credential', [CompletionResultType]::ParameterValue, 'docker''s credential helper (also run as docker-credential-sesame)')
            [CompletionResult]::new('inject', 'inject', [CompletionResultType]::ParameterValue, 'Render a template''s {{ sesame://NAME }} references with the secrets'' values')
            [CompletionResult]::new('aws-credentials', 'aws-credentials', [CompletionResultType]::ParameterValue, 'Print a secret as AWS credential_process JSON (for ~/.aws/config)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;init' {
            [CompletionResult]::new('--work-factor', '--work-factor', [CompletionResultType]::ParameterName, 'scrypt work factor (log2 N) protecting identity.age: 18 costs about 1 s and 256 MiB')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--format-1', '--format-1', [CompletionResultType]::ParameterName, 'Create an unsigned format-1 store (for testing `upgrade` only)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;set' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'A non-secret key id for this version (an AWS access key id, a token''s public prefix), shown by `show` and `list --json`, injectable as NAME#id')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'A description for people')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A description for people')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'A tag to select by (repeatable)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag to select by (repeatable)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'The environment variable to inject it as [default: last two name segments, upper-cased]')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'When it stops being handed out: a date (2027-01-31), an RFC 3339 time, or a duration from now (90d, 6mo, 1y); one not in the future expires it at once (a warning says so)')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Rotation is due this long after each new value (90d, 12h; 0 for never) [default for new secrets: the config''s default_max_age]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'What the credential may do, free text shown by `show` (e.g. "repo:read")')
            [CompletionResult]::new('--rotate-command', '--rotate-command', [CompletionResultType]::ParameterName, 'Shell command whose stdout is the next value (or {"id": …, "value": …}); it gets SESAME_SECRET_NAME, SESAME_CURRENT_VALUE, SESAME_CURRENT_ID')
            [CompletionResult]::new('--revoke-command', '--revoke-command', [CompletionResultType]::ParameterName, 'Shell command run before a version is wiped; it gets SESAME_SECRET_NAME, SESAME_REVOKED_VALUE, SESAME_REVOKED_ID, SESAME_REVOKED_VERSION')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'On a terminal, read a pasted value of several lines (a PEM key) until Ctrl-D')
            [CompletionResult]::new('--multiline', '--multiline', [CompletionResultType]::ParameterName, 'On a terminal, read a pasted value of several lines (a PEM key) until Ctrl-D')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;get' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print this version instead of the current one')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Print the value exactly as stored: no newline after it')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Print the value exactly as stored: no newline after it')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'On a terminal too, print the value''s bytes as they are (by default a value holding control characters is shown escaped there; a pipe always gets the bytes)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Copy the value to the clipboard instead of printing it; cleared after 45 s if the clipboard still holds it (X11, Wayland; OSC 52 over SSH, not cleared)')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Copy the value to the clipboard instead of printing it; cleared after 45 s if the clipboard still holds it (X11, Wayland; OSC 52 over SSH, not cleared)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;list' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Only names starting with this')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Only secrets with this tag (repeatable: all must match)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only secrets with this tag (repeatable: all must match)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'One line per secret with its state, expiry and description')
            [CompletionResult]::new('--long', '--long', [CompletionResultType]::ParameterName, 'One line per secret with its state, expiry and description')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Include secrets with no live value (all versions revoked)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Include secrets with no live value (all versions revoked)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;ls' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Only names starting with this')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Only secrets with this tag (repeatable: all must match)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only secrets with this tag (repeatable: all must match)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'One line per secret with its state, expiry and description')
            [CompletionResult]::new('--long', '--long', [CompletionResultType]::ParameterName, 'One line per secret with its state, expiry and description')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Include secrets with no live value (all versions revoked)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Include secrets with no live value (all versions revoked)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;show' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;generate' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'How many characters, the prefix not counted')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'How many characters, the prefix not counted')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Which characters')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'Which characters')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'A passphrase of N words from the built-in list (EFF, 7,776 words) instead')
            [CompletionResult]::new('--words', '--words', [CompletionResultType]::ParameterName, 'A passphrase of N words from the built-in list (EFF, 7,776 words) instead')
            [CompletionResult]::new('--separator', '--separator', [CompletionResultType]::ParameterName, 'What goes between words')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Fixed text before the random part, e.g. sk_live_')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'A description for people')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A description for people')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'A tag to select by (repeatable)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag to select by (repeatable)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'The environment variable to inject it as [default: last two name segments, upper-cased]')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'When it stops being handed out: a date (2027-01-31), an RFC 3339 time, or a duration from now (90d, 6mo, 1y); one not in the future expires it at once (a warning says so)')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Rotation is due this long after each new value (90d, 12h; 0 for never) [default for new secrets: the config''s default_max_age]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'What the credential may do, free text shown by `show` (e.g. "repo:read")')
            [CompletionResult]::new('--rotate-command', '--rotate-command', [CompletionResultType]::ParameterName, 'Shell command whose stdout is the next value (or {"id": …, "value": …}); it gets SESAME_SECRET_NAME, SESAME_CURRENT_VALUE, SESAME_CURRENT_ID')
            [CompletionResult]::new('--revoke-command', '--revoke-command', [CompletionResultType]::ParameterName, 'Shell command run before a version is wiped; it gets SESAME_SECRET_NAME, SESAME_REVOKED_VALUE, SESAME_REVOKED_ID, SESAME_REVOKED_VERSION')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print the new value on stdout')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Replace an existing secret''s value (as a new version) instead of refusing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing secret''s value (as a new version) instead of refusing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;gen' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'How many characters, the prefix not counted')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'How many characters, the prefix not counted')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Which characters')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'Which characters')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'A passphrase of N words from the built-in list (EFF, 7,776 words) instead')
            [CompletionResult]::new('--words', '--words', [CompletionResultType]::ParameterName, 'A passphrase of N words from the built-in list (EFF, 7,776 words) instead')
            [CompletionResult]::new('--separator', '--separator', [CompletionResultType]::ParameterName, 'What goes between words')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Fixed text before the random part, e.g. sk_live_')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'A description for people')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A description for people')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'A tag to select by (repeatable)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag to select by (repeatable)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'The environment variable to inject it as [default: last two name segments, upper-cased]')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'When it stops being handed out: a date (2027-01-31), an RFC 3339 time, or a duration from now (90d, 6mo, 1y); one not in the future expires it at once (a warning says so)')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Rotation is due this long after each new value (90d, 12h; 0 for never) [default for new secrets: the config''s default_max_age]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'What the credential may do, free text shown by `show` (e.g. "repo:read")')
            [CompletionResult]::new('--rotate-command', '--rotate-command', [CompletionResultType]::ParameterName, 'Shell command whose stdout is the next value (or {"id": …, "value": …}); it gets SESAME_SECRET_NAME, SESAME_CURRENT_VALUE, SESAME_CURRENT_ID')
            [CompletionResult]::new('--revoke-command', '--revoke-command', [CompletionResultType]::ParameterName, 'Shell command run before a version is wiped; it gets SESAME_SECRET_NAME, SESAME_REVOKED_VALUE, SESAME_REVOKED_ID, SESAME_REVOKED_VERSION')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print the new value on stdout')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Replace an existing secret''s value (as a new version) instead of refusing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing secret''s value (as a new version) instead of refusing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;remove' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Delete without asking (required without a terminal)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Delete without asking (required without a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;rm' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Delete without asking (required without a terminal)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Delete without asking (required without a terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;move' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;mv' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;copy' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;cp' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;completions' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;rotate' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The key id of the value read with --stdin')
            [CompletionResult]::new('--command', '--command', [CompletionResultType]::ParameterName, 'Make the new value with this shell command instead of the stored one')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'How long the replaced value stays valid (0: revoke it now) [default: config `grace`, else 1d]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long a rotate or revoke command may run before it is killed')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--due', '--due', [CompletionResultType]::ParameterName, 'Rotate everything past its max age and finish ended grace periods')
            [CompletionResult]::new('--stdin', '--stdin', [CompletionResultType]::ParameterName, 'Read the new value from stdin (one secret only)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Print what would be done and change nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be done and change nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;revoke' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Only this version')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long the revoke command may run before it is killed')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--previous', '--previous', [CompletionResultType]::ParameterName, 'Only the previous versions (those kept for a grace period)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required without a terminal)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Wipe the value even if the revoke command fails (implies --yes)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Wipe the value even if the revoke command fails (implies --yes)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;edit' {
            [CompletionResult]::new('--untag', '--untag', [CompletionResultType]::ParameterName, 'Remove this tag (repeatable)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'A description for people')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A description for people')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'A tag to select by (repeatable)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag to select by (repeatable)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'The environment variable to inject it as [default: last two name segments, upper-cased]')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'When it stops being handed out: a date (2027-01-31), an RFC 3339 time, or a duration from now (90d, 6mo, 1y); one not in the future expires it at once (a warning says so)')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Rotation is due this long after each new value (90d, 12h; 0 for never) [default for new secrets: the config''s default_max_age]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'What the credential may do, free text shown by `show` (e.g. "repo:read")')
            [CompletionResult]::new('--rotate-command', '--rotate-command', [CompletionResultType]::ParameterName, 'Shell command whose stdout is the next value (or {"id": …, "value": …}); it gets SESAME_SECRET_NAME, SESAME_CURRENT_VALUE, SESAME_CURRENT_ID')
            [CompletionResult]::new('--revoke-command', '--revoke-command', [CompletionResultType]::ParameterName, 'Shell command run before a version is wiped; it gets SESAME_SECRET_NAME, SESAME_REVOKED_VALUE, SESAME_REVOKED_ID, SESAME_REVOKED_VERSION')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--value', '--value', [CompletionResultType]::ParameterName, 'Edit the value itself in $VISUAL/$EDITOR (a new version when it changed)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;rollback' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The version whose value becomes current again')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;status' {
            [CompletionResult]::new('--within', '--within', [CompletionResultType]::ParameterName, 'How far ahead to look for expiries and rotations')
            [CompletionResult]::new('--stale', '--stale', [CompletionResultType]::ParameterName, 'List secrets that no get, run or env read for this long (per the audit log): candidates for revocation; 0 turns the check off')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Also count secrets with no expiry and no max age as needing attention')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Also list secrets with no policy or not read lately (--json always lists them)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Also list secrets with no policy or not read lately (--json always lists them)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;unlock' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'How long to stay unlocked (30s, 15m, 8h) [default: cache_timeout from the config, else 15m]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to stay unlocked (30s, 15m, 8h) [default: cache_timeout from the config, else 15m]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Only tell whether the store is unlocked, and until when (exit 3 if not)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;lock' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;passwd' {
            [CompletionResult]::new('--work-factor', '--work-factor', [CompletionResultType]::ParameterName, 'scrypt work factor (log2 N) for the re-wrapped identity: 18 costs about 1 s and 256 MiB [default: the current one]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;rekey' {
            [CompletionResult]::new('--work-factor', '--work-factor', [CompletionResultType]::ParameterName, 'scrypt work factor (log2 N) for the new identity: 18 costs about 1 s and 256 MiB')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;recipients' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the recipients sealed in the vault, with their labels')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the recipients sealed in the vault, with their labels')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add recipients (age1…, ssh-ed25519, ssh-rsa, or a file of them) and re-encrypt')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a recipient and re-encrypt (rotate what they could read!)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a recipient and re-encrypt (rotate what they could read!)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;recipients;list' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;recipients;ls' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;recipients;add' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'A label for people (the CI system, the team member) [default: an SSH key''s comment]')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'A label for people (the CI system, the team member) [default: an SSH key''s comment]')
            [CompletionResult]::new('--generate-ci', '--generate-ci', [CompletionResultType]::ParameterName, 'Make a key pair for CI labelled NAME; print its token (SESAME-CI-1…) once on stdout')
            [CompletionResult]::new('--access', '--access', [CompletionResultType]::ParameterName, 'With --generate-ci: the key reads (and writes) only names under PREFIX (repeatable)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'With --generate-ci: the key may write values (a writer), not only read them')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;recipients;remove' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;recipients;rm' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;recipients;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the recipients sealed in the vault, with their labels')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add recipients (age1…, ssh-ed25519, ssh-rsa, or a file of them) and re-encrypt')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a recipient and re-encrypt (rotate what they could read!)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;recipients;help;list' {
            break
        }
        'sesame;recipients;help;add' {
            break
        }
        'sesame;recipients;help;remove' {
            break
        }
        'sesame;recipients;help;help' {
            break
        }
        'sesame;scan' {
            [CompletionResult]::new('--history', '--history', [CompletionResultType]::ParameterName, 'Scan every blob reachable from REV-RANGE (git rev-list syntax) [default: all refs]')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Leave this secret out of the search (repeatable)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--staged', '--staged', [CompletionResultType]::ParameterName, 'Scan the blobs staged in the git index instead of the working tree')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Also scan files that .gitignore, .ignore and git''s excludes leave out')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;hook' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Write a git pre-commit hook that runs `sesame scan --staged`')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove sesame''s pre-commit hook (and restore the one it replaced)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;hook;install' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Replace an existing pre-commit hook (it is kept as pre-commit.sesame-backup)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing pre-commit hook (it is kept as pre-commit.sesame-backup)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;hook;uninstall' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;hook;help' {
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Write a git pre-commit hook that runs `sesame scan --staged`')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove sesame''s pre-commit hook (and restore the one it replaced)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;hook;help;install' {
            break
        }
        'sesame;hook;help;uninstall' {
            break
        }
        'sesame;hook;help;help' {
            break
        }
        'sesame;audit' {
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Only records about this secret')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Only records of this action')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only records from the last DUR (30d, 12h, 1h30m)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Only the last N records, after the other filters (0: all) [default for the table without --since: 50]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check every line''s chain and MAC, and the head sealed in the vault')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Set a damaged log aside and start a new one (after you have investigated)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;audit;verify' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;audit;reset' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Really set the log aside (required)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Really set the log aside (required)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;audit;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check every line''s chain and MAC, and the head sealed in the vault')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Set a damaged log aside and start a new one (after you have investigated)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;audit;help;verify' {
            break
        }
        'sesame;audit;help;reset' {
            break
        }
        'sesame;audit;help;help' {
            break
        }
        'sesame;run' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Use [profile.PROFILE.env] of sesame.toml instead of [env]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use [profile.PROFILE.env] of sesame.toml instead of [env]')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A secret, as VAR (repeatable); NAME#id=VAR gives its key id instead')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A secret, as VAR (repeatable); NAME#id=VAR gives its key id instead')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A secret handed over as a private file whose path is in VAR (repeatable)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A secret handed over as a private file whose path is in VAR (repeatable)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Every live secret whose name starts with P')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'A dotenv file whose values may be references, sesame://NAME or sesame://NAME#id (repeatable; later files win)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Every live secret in the store')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every live secret in the store')
            [CompletionResult]::new('--no-project', '--no-project', [CompletionResultType]::ParameterName, 'Do not read sesame.toml')
            [CompletionResult]::new('--mask', '--mask', [CompletionResultType]::ParameterName, 'Mask values in stdout and stderr, on a terminal too (through a pseudo-terminal)')
            [CompletionResult]::new('--no-mask', '--no-mask', [CompletionResultType]::ParameterName, 'Never mask (the command is exec''d unless -f is used)')
            [CompletionResult]::new('--mask-label', '--mask-label', [CompletionResultType]::ParameterName, 'Replace masked values with [masked:NAME] instead of ***')
            [CompletionResult]::new('--no-override', '--no-override', [CompletionResultType]::ParameterName, 'Keep a variable already set in the environment instead of overriding it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;env' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Use [profile.PROFILE.env] of sesame.toml instead of [env]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use [profile.PROFILE.env] of sesame.toml instead of [env]')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'A secret, as VAR (repeatable); NAME#id=VAR gives its key id instead')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A secret, as VAR (repeatable); NAME#id=VAR gives its key id instead')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A secret handed over as a private file whose path is in VAR (repeatable)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'A secret handed over as a private file whose path is in VAR (repeatable)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Every live secret whose name starts with P')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'A dotenv file whose values may be references, sesame://NAME or sesame://NAME#id (repeatable; later files win)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (--json means --format json)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The Secret''s metadata.name for --format k8s')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Secret''s metadata.namespace for --format k8s')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Every live secret in the store')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every live secret in the store')
            [CompletionResult]::new('--no-project', '--no-project', [CompletionResultType]::ParameterName, 'Do not read sesame.toml')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'On a terminal too, print values holding control characters as they are (not escaped)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;import' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Read another manager''s store or export instead of a dotenv file')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'With --from csv: which column holds what (by header name)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Store KEY as P/KEY')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'With --write-project: write [profile.NEW_PROFILE.env] instead of [env]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'With --write-project: write [profile.NEW_PROFILE.env] instead of [env]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--overwrite', '--overwrite', [CompletionResultType]::ParameterName, 'Add a new version to secrets that exist already, unless the value is the same (otherwise an existing name is an error)')
            [CompletionResult]::new('--no-interpolate', '--no-interpolate', [CompletionResultType]::ParameterName, 'Keep ${VAR} literally instead of expanding it')
            [CompletionResult]::new('--write-project', '--write-project', [CompletionResultType]::ParameterName, 'Also write ./sesame.toml mapping the imported variables, and approve it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;init-project' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Map the live secrets under P (default: every live secret)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Write [profile.NEW_PROFILE.env] instead of [env]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Write [profile.NEW_PROFILE.env] instead of [env]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;upgrade' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask (for scripts): upgrade after showing what is signed')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask (for scripts): upgrade after showing what is signed')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;accept-rollback' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;pin' {
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'The fingerprint of the admin who signed the member list (64 hex digits)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Your key file (an OpenSSH private key or age identities) [default: SESAME_IDENTITY_FILE]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;allow' {
            [CompletionResult]::new('--sha256', '--sha256', [CompletionResultType]::ParameterName, 'Approve the file only if its SHA-256 is still HEX (the one you reviewed)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Approve this secret''s stored rotate and revoke commands')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List what is approved on this machine')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Approve without asking (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve without asking (needed when there is no terminal)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;deny' {
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Withdraw the approval of this secret''s stored commands')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;team' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make a team store in a git work tree (new, or from a single-user store)')
            [CompletionResult]::new('join', 'join', [CompletionResultType]::ParameterValue, 'Join a team store from its git repository: make your key, print a join request')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Finish a merge of the store''s manifest that git stopped on (after `git merge` or `git pull`)')
            [CompletionResult]::new('merge-driver', 'merge-driver', [CompletionResultType]::ParameterValue, 'git''s merge driver for a store''s manifest (%O %A %B %P)')
            [CompletionResult]::new('diff-driver', 'diff-driver', [CompletionResultType]::ParameterValue, 'git''s textconv for a store''s manifest: what changed, never a value')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;team;init' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Move this single-user (signed) store into the team store')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Your member name [default: $USER]')
            [CompletionResult]::new('--work-factor', '--work-factor', [CompletionResultType]::ParameterName, 'scrypt work factor (log2 N) protecting your identity: 18 costs about 1 s and 256 MiB')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--no-recovery', '--no-recovery', [CompletionResultType]::ParameterName, 'Print no recovery key (add a second admin yourself, soon)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;team;join' {
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'The fingerprint of the admin who signed the member list, given to you out of band')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Your member name [default: $USER]')
            [CompletionResult]::new('--ssh-key', '--ssh-key', [CompletionResultType]::ParameterName, 'Your OpenSSH key (ssh-ed25519, ssh-rsa) is your identity: no password, no identity.age [default: SESAME_IDENTITY_FILE]')
            [CompletionResult]::new('--work-factor', '--work-factor', [CompletionResultType]::ParameterName, 'scrypt work factor (log2 N) protecting your identity: 18 costs about 1 s and 256 MiB')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--recover', '--recover', [CompletionResultType]::ParameterName, 'Become the recovery admin: read the recovery key `team init` printed from stdin')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;team;resolve' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;team;merge-driver' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;team;diff-driver' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;team;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make a team store in a git work tree (new, or from a single-user store)')
            [CompletionResult]::new('join', 'join', [CompletionResultType]::ParameterValue, 'Join a team store from its git repository: make your key, print a join request')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Finish a merge of the store''s manifest that git stopped on (after `git merge` or `git pull`)')
            [CompletionResult]::new('merge-driver', 'merge-driver', [CompletionResultType]::ParameterValue, 'git''s merge driver for a store''s manifest (%O %A %B %P)')
            [CompletionResult]::new('diff-driver', 'diff-driver', [CompletionResultType]::ParameterValue, 'git''s textconv for a store''s manifest: what changed, never a value')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;team;help;init' {
            break
        }
        'sesame;team;help;join' {
            break
        }
        'sesame;team;help;resolve' {
            break
        }
        'sesame;team;help;merge-driver' {
            break
        }
        'sesame;team;help;diff-driver' {
            break
        }
        'sesame;team;help;help' {
            break
        }
        'sesame;member' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a member from the join request they sent (admins only)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the members: name, id, role, fingerprint, removed or not')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the members: name, id, role, fingerprint, removed or not')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a member; what they could read becomes due for rotation (admins only)')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a member; what they could read becomes due for rotation (admins only)')
            [CompletionResult]::new('replace', 'replace', [CompletionResultType]::ParameterValue, 'Give a member a new key (a lost laptop): remove the old key, add the new request')
            [CompletionResult]::new('access', 'access', [CompletionResultType]::ParameterValue, 'Show or change which names a member can read (admins only to change)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;member;add' {
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'What the member may do')
            [CompletionResult]::new('--access', '--access', [CompletionResultType]::ParameterName, 'Only names under PREFIX (whole segments; repeatable) [default: all names]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;member;list' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Removed members too')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Removed members too')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;member;ls' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Removed members too')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Removed members too')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;member;remove' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;member;rm' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;member;replace' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;member;access' {
            [CompletionResult]::new('--add', '--add', [CompletionResultType]::ParameterName, 'Grant names under PREFIX (repeatable)')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Take away names under PREFIX (repeatable): what it covered becomes due')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Give the member all access again')
            [CompletionResult]::new('--none', '--none', [CompletionResultType]::ParameterName, 'Start from no access (then --add): limits a member who has all access')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;member;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a member from the join request they sent (admins only)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the members: name, id, role, fingerprint, removed or not')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a member; what they could read becomes due for rotation (admins only)')
            [CompletionResult]::new('replace', 'replace', [CompletionResultType]::ParameterValue, 'Give a member a new key (a lost laptop): remove the old key, add the new request')
            [CompletionResult]::new('access', 'access', [CompletionResultType]::ParameterValue, 'Show or change which names a member can read (admins only to change)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;member;help;add' {
            break
        }
        'sesame;member;help;list' {
            break
        }
        'sesame;member;help;remove' {
            break
        }
        'sesame;member;help;replace' {
            break
        }
        'sesame;member;help;access' {
            break
        }
        'sesame;member;help;help' {
            break
        }
        'sesame;sync' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--no-push', '--no-push', [CompletionResultType]::ParameterName, 'Fetch and merge, but do not push')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;git-credential' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--allow-store', '--allow-store', [CompletionResultType]::ParameterName, 'Let `store` write the credentials git approves')
            [CompletionResult]::new('--allow-erase', '--allow-erase', [CompletionResultType]::ParameterName, 'Let `erase` remove a secret whose password git rejected')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;docker-credential' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;inject' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'The template [default: stdin]')
            [CompletionResult]::new('--in-file', '--in-file', [CompletionResultType]::ParameterName, 'The template [default: stdin]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE (created 0600, replaced atomically) instead of stdout (`-o -`)')
            [CompletionResult]::new('--out-file', '--out-file', [CompletionResultType]::ParameterName, 'Write to FILE (created 0600, replaced atomically) instead of stdout (`-o -`)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--terminal', '--terminal', [CompletionResultType]::ParameterName, 'Print to stdout even when it is a terminal')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;aws-credentials' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR; colour is only ever used on a terminal, or when CLICOLOR_FORCE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain more on stderr (e.g. why an unlock could not be cached)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a store and choose its master password')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Store a value read from stdin or a hidden prompt (never from an argument)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a secret''s value')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List secret names')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a secret''s metadata and version history (never its value)')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Create a secret with a fresh random value')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete a secret and its whole history')
            [CompletionResult]::new('move', 'move', [CompletionResultType]::ParameterValue, 'Rename a secret, keeping its history and policy')
            [CompletionResult]::new('copy', 'copy', [CompletionResultType]::ParameterValue, 'Copy a secret''s current value and metadata to a new name')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Give secrets a new value, keeping the old one valid for a grace period')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke versions: run the revoke command, then wipe their values for good')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change a secret''s metadata and policy, or (--value) its value in an editor')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Make an earlier value current again, as a new version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show what is expired, expiring, overdue for rotation or in a grace period')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Unlock the store for a while (cached in the OS keyring), or check whether it is unlocked')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Forget the cached unlock at once')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Change the master password (the identity and the vault stay the same)')
            [CompletionResult]::new('rekey', 'rekey', [CompletionResultType]::ParameterValue, 'Replace the store''s identity and re-encrypt the vault (the password may have leaked)')
            [CompletionResult]::new('recipients', 'recipients', [CompletionResultType]::ParameterValue, 'List, add or remove the recipients the vault is encrypted to')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find stored secret values in files, the git index or git history')
            [CompletionResult]::new('hook', 'hook', [CompletionResultType]::ParameterValue, 'Install or remove the git pre-commit hook that runs `scan --staged`')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Read the audit log of every access, or check that nobody altered it')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a command with secrets in its environment, masked in its output')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Print secrets for other tools (dotenv, shell, JSON, GitHub Actions, Kubernetes)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Store the variables of a dotenv file as secrets')
            [CompletionResult]::new('init-project', 'init-project', [CompletionResultType]::ParameterValue, 'Write a sesame.toml mapping the live secrets under a prefix, and approve it')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Upgrade an unsigned (format 1) store to the signed format 2, after showing what it holds')
            [CompletionResult]::new('accept-rollback', 'accept-rollback', [CompletionResultType]::ParameterValue, 'Accept the store as it is now although it does not descend from the one last seen')
            [CompletionResult]::new('pin', 'pin', [CompletionResultType]::ParameterValue, 'Trust a signed store for a key of yours that is a bare recipient (an SSH key)')
            [CompletionResult]::new('allow', 'allow', [CompletionResultType]::ParameterValue, 'Approve a project file, an env file, or a secret''s stored rotate/revoke commands, to be used here')
            [CompletionResult]::new('deny', 'deny', [CompletionResultType]::ParameterValue, 'Withdraw an approval given with `allow`')
            [CompletionResult]::new('team', 'team', [CompletionResultType]::ParameterValue, 'Team stores shared through git: make one, join one, finish a merge git stopped on')
            [CompletionResult]::new('member', 'member', [CompletionResultType]::ParameterValue, 'Add, list, remove or replace the members of a signed (team) store')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Commit the store, fetch, verify and merge what arrived, and push (a team store in git)')
            [CompletionResult]::new('git-credential', 'git-credential', [CompletionResultType]::ParameterValue, 'git''s credential helper: answers git from secrets git/PROTOCOL/HOST')
            [CompletionResult]::new('docker-credential', 'docker-credential', [CompletionResultType]::ParameterValue, 'docker''s credential helper (also run as docker-credential-sesame)')
            [CompletionResult]::new('inject', 'inject', [CompletionResultType]::ParameterValue, 'Render a template''s {{ sesame://NAME }} references with the secrets'' values')
            [CompletionResult]::new('aws-credentials', 'aws-credentials', [CompletionResultType]::ParameterValue, 'Print a secret as AWS credential_process JSON (for ~/.aws/config)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;help;init' {
            break
        }
        'sesame;help;set' {
            break
        }
        'sesame;help;get' {
            break
        }
        'sesame;help;list' {
            break
        }
        'sesame;help;show' {
            break
        }
        'sesame;help;generate' {
            break
        }
        'sesame;help;remove' {
            break
        }
        'sesame;help;move' {
            break
        }
        'sesame;help;copy' {
            break
        }
        'sesame;help;completions' {
            break
        }
        'sesame;help;rotate' {
            break
        }
        'sesame;help;revoke' {
            break
        }
        'sesame;help;edit' {
            break
        }
        'sesame;help;rollback' {
            break
        }
        'sesame;help;status' {
            break
        }
        'sesame;help;unlock' {
            break
        }
        'sesame;help;lock' {
            break
        }
        'sesame;help;passwd' {
            break
        }
        'sesame;help;rekey' {
            break
        }
        'sesame;help;recipients' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the recipients sealed in the vault, with their labels')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add recipients (age1…, ssh-ed25519, ssh-rsa, or a file of them) and re-encrypt')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a recipient and re-encrypt (rotate what they could read!)')
            break
        }
        'sesame;help;recipients;list' {
            break
        }
        'sesame;help;recipients;add' {
            break
        }
        'sesame;help;recipients;remove' {
            break
        }
        'sesame;help;scan' {
            break
        }
        'sesame;help;hook' {
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Write a git pre-commit hook that runs `sesame scan --staged`')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove sesame''s pre-commit hook (and restore the one it replaced)')
            break
        }
        'sesame;help;hook;install' {
            break
        }
        'sesame;help;hook;uninstall' {
            break
        }
        'sesame;help;audit' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check every line''s chain and MAC, and the head sealed in the vault')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Set a damaged log aside and start a new one (after you have investigated)')
            break
        }
        'sesame;help;audit;verify' {
            break
        }
        'sesame;help;audit;reset' {
            break
        }
        'sesame;help;run' {
            break
        }
        'sesame;help;env' {
            break
        }
        'sesame;help;import' {
            break
        }
        'sesame;help;init-project' {
            break
        }
        'sesame;help;upgrade' {
            break
        }
        'sesame;help;accept-rollback' {
            break
        }
        'sesame;help;pin' {
            break
        }
        'sesame;help;allow' {
            break
        }
        'sesame;help;deny' {
            break
        }
        'sesame;help;team' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make a team store in a git work tree (new, or from a single-user store)')
            [CompletionResult]::new('join', 'join', [CompletionResultType]::ParameterValue, 'Join a team store from its git repository: make your key, print a join request')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Finish a merge of the store''s manifest that git stopped on (after `git merge` or `git pull`)')
            [CompletionResult]::new('merge-driver', 'merge-driver', [CompletionResultType]::ParameterValue, 'git''s merge driver for a store''s manifest (%O %A %B %P)')
            [CompletionResult]::new('diff-driver', 'diff-driver', [CompletionResultType]::ParameterValue, 'git''s textconv for a store''s manifest: what changed, never a value')
            break
        }
        'sesame;help;team;init' {
            break
        }
        'sesame;help;team;join' {
            break
        }
        'sesame;help;team;resolve' {
            break
        }
        'sesame;help;team;merge-driver' {
            break
        }
        'sesame;help;team;diff-driver' {
            break
        }
        'sesame;help;member' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a member from the join request they sent (admins only)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the members: name, id, role, fingerprint, removed or not')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a member; what they could read becomes due for rotation (admins only)')
            [CompletionResult]::new('replace', 'replace', [CompletionResultType]::ParameterValue, 'Give a member a new key (a lost laptop): remove the old key, add the new request')
            [CompletionResult]::new('access', 'access', [CompletionResultType]::ParameterValue, 'Show or change which names a member can read (admins only to change)')
            break
        }
        'sesame;help;member;add' {
            break
        }
        'sesame;help;member;list' {
            break
        }
        'sesame;help;member;remove' {
            break
        }
        'sesame;help;member;replace' {
            break
        }
        'sesame;help;member;access' {
            break
        }
        'sesame;help;sync' {
            break
        }
        'sesame;help;git-credential' {
            break
        }
        'sesame;help;docker-credential' {
            break
        }
        'sesame;help;inject' {
            break
        }
        'sesame;help;aws-credentials' {
            break
        }
        'sesame;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
