//! The `sesame` binary: parse, run, map the error to an exit code.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;
use sesame::color::Paint;
use sesame::{Error, cli::Cli, commands, completion, error::exit, hardening};

fn main() -> ExitCode {
    let mut args: Vec<OsString> = std::env::args_os().collect();
    // `run`'s child on a pseudo-terminal: a new session, then exec, and
    // nothing else (the core limit is the child's, already given back).
    if args.get(1).is_some_and(|a| a == sesame::PTY_HELPER) {
        return sesame::pty_helper_main(&args[2..]);
    }
    hardening::disable_core_dumps();
    // Called as docker-credential-sesame (a link), as busybox is: the helper.
    if commands::called_as_docker_helper(args.first()) {
        args.insert(1, "docker-credential".into());
    }
    // The completion scripts' hidden call-back, before clap (completion::names).
    if args.get(1).is_some_and(|a| a == completion::names::COMMAND) {
        return completion::names::run(&args[2..]);
    }
    // `get -c`'s detached clipboard holder (clipboard::hold_main), before clap.
    if args
        .get(1)
        .is_some_and(|a| a == sesame::clipboard::HOLD_COMMAND)
    {
        return sesame::clipboard::hold_main(&args[2..]);
    }
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        // --help and --version: print to stdout, exit 0.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::from(exit::OK);
        }
        // A bare `sesame`: the help, on stderr, as a usage error.
        Err(e) if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(exit::USAGE);
        }
        Err(e) => {
            let command = sesame::cli::command_path(&args);
            let paint = Paint::new(false, args.iter().any(|a| a == "--no-color"));
            sesame::stderr_styled(
                &paint.error_prefix(),
                &Error::from_clap_in(&e, &command).to_string(),
            );
            return ExitCode::from(exit::USAGE);
        }
    };
    let paint = Paint::new(false, cli.no_color());
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) if e.is_silent() => ExitCode::from(e.exit_code()),
        Err(e) => {
            sesame::stderr_styled(&paint.error_prefix(), &e.to_string());
            ExitCode::from(e.exit_code())
        }
    }
}
