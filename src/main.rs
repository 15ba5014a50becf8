//! The `crmspec` binary: parse arguments, call the library through the subcommand's module
//! under `cmd/`, report errors, choose the exit code (0 success, 1 internal failure, 2 bad
//! input). Nothing here knows what a command prints: that is the command's business.
//!
//! Every line goes out through `terminal`, which escapes control characters: the print
//! macros are denied so that none bypasses it.

#![deny(clippy::print_stdout, clippy::print_stderr)]

mod cli;
mod cmd;
mod terminal;

use clap::Parser;
use cli::{Cli, Command};
use crmspec::Error;
use std::process::ExitCode;
use terminal::errln;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            report(&e);
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
        }
    }
}

/// Runs a command; the exit code on success is 0, or 2 when the command finds what it must
/// refuse.
fn run(command: Command) -> Result<u8, Error> {
    match command {
        Command::Init(args) => cmd::init::run(args),
        Command::Render(args) => cmd::render::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Diff(args) => cmd::diff::run(args),
        Command::Schema => cmd::schema::run(),
        Command::Catalogue(args) => cmd::catalogue::run(args),
        Command::Grid(args) => cmd::grid::run(args),
        Command::Pack(args) => cmd::pack::run(args),
        Command::Score(args) => cmd::score::run(args),
        Command::Completions(args) => cmd::completions::run(args),
    }
}

/// An error as the user reads it: every problem of an invalid questionnaire, then a count;
/// any other error on one line.
fn report(e: &Error) {
    match e {
        Error::Invalid(diagnostics) => {
            for d in diagnostics {
                errln!("{d}");
            }
            let errors = diagnostics.len();
            errln!(
                "error: {errors} problem{} found; nothing was written",
                if errors == 1 { "" } else { "s" }
            );
        }
        other => errln!("error: {other}"),
    }
}
