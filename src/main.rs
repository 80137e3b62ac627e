//! The `sesame` binary: parse, run, map the error to an exit code.

use std::process::ExitCode;

use clap::Parser;
use sesame::{cli::Cli, commands, error::exit, hardening};

fn main() -> ExitCode {
    hardening::disable_core_dumps();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and exit 0; usage errors exit 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) if e.is_silent() => ExitCode::from(e.exit_code()),
        Err(e) => {
            eprintln!("sesame: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
