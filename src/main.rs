//! The `sesame` binary: parse, run, map the error to an exit code.

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;
use sesame::{Error, cli::Cli, commands, error::exit, hardening};

fn main() -> ExitCode {
    hardening::disable_core_dumps();
    let cli = match Cli::try_parse() {
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
            eprintln!("sesame: {}", Error::from_clap(&e));
            return ExitCode::from(exit::USAGE);
        }
    };
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sesame: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
