
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
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR)')
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
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Create or replace a secret with a fresh random value')
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Create or replace a secret with a fresh random value')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete a secret and its whole history')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Delete a secret and its whole history')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'sesame;init' {
            [CompletionResult]::new('--work-factor', '--work-factor', [CompletionResultType]::ParameterName, 'scrypt work factor (log2 N) protecting identity.age: 18 costs about 1 s and 256 MiB')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;set' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'A description for people')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A description for people')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'A tag to select by (repeatable)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'A tag to select by (repeatable)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'The environment variable to inject it as [default: last two name segments, upper-cased]')
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'When it stops being handed out: an RFC 3339 time or a duration from now (90d, 12h)')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Rotation is due this long after each new value (90d, 12h; 0 for never)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;get' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print this version instead of the current one')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Do not print a trailing newline')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Do not print a trailing newline')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;list' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Only names starting with this')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Only secrets with this tag (repeatable: all must match)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only secrets with this tag (repeatable: all must match)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Include secrets with no live value (all versions revoked)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Include secrets with no live value (all versions revoked)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;ls' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Only names starting with this')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Only secrets with this tag (repeatable: all must match)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only secrets with this tag (repeatable: all must match)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Include secrets with no live value (all versions revoked)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Include secrets with no live value (all versions revoked)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;show' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR)')
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
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'When it stops being handed out: an RFC 3339 time or a duration from now (90d, 12h)')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Rotation is due this long after each new value (90d, 12h; 0 for never)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print the new value on stdout')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR)')
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
            [CompletionResult]::new('--expires', '--expires', [CompletionResultType]::ParameterName, 'When it stops being handed out: an RFC 3339 time or a duration from now (90d, 12h)')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Rotation is due this long after each new value (90d, 12h; 0 for never)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print the new value on stdout')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sesame;remove' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Really delete it, with every version (required)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Really delete it, with every version (required)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;rm' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Really delete it, with every version (required)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Really delete it, with every version (required)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sesame;completions' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The store directory [default: the data directory''s `sesame`, e.g. ~/.local/share/sesame]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print data as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages, only data and errors')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never use colour (also: NO_COLOR)')
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
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Create or replace a secret with a fresh random value')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Delete a secret and its whole history')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, elvish, powershell)')
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
        'sesame;help;completions' {
            break
        }
        'sesame;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
