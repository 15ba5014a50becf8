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
use crmspec::diagnostic::failure;
use crmspec::lang::messages::{from_environment, Message, NEUTRAL};
use crmspec::model::Language;
use crmspec::Error;
use std::process::ExitCode;
use terminal::err_styled;

fn main() -> ExitCode {
    let cli = Cli::parse();
    terminal::init(
        cli.color.into(),
        if cli.quiet {
            terminal::Verbosity::Quiet
        } else if cli.verbose {
            terminal::Verbosity::Verbose
        } else {
            terminal::Verbosity::Normal
        },
    );
    let asked = cli.lang.map(Language::from);
    let lang = Lang {
        messages: asked.unwrap_or_else(|| from_environment(|name| std::env::var(name).ok())),
        asked,
    };
    match run(cli.command, lang) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            report(&e, lang.messages);
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
        }
    }
}

/// The languages a command works in.
#[derive(Debug, Clone, Copy)]
pub struct Lang {
    /// What crmspec says: `--lang`, else the user's locale, else English.
    pub messages: Language,
    /// `--lang` as given: for the commands that write in a language (`init`, `catalogue`),
    /// which keep French when none is named rather than follow the locale.
    pub asked: Option<Language>,
}

/// Runs a command; the exit code on success is 0, or 2 when the command finds what it must
/// refuse.
fn run(command: Command, lang: Lang) -> Result<u8, Error> {
    let messages = lang.messages;
    let written = lang.asked.unwrap_or_default();
    match command {
        Command::Init(args) => cmd::init::run(args, written, messages),
        Command::Render(args) => cmd::render::run(args, messages),
        Command::Serve(args) => cmd::serve::run(args, messages),
        Command::Check(args) => cmd::check::run(args, messages),
        Command::Diff(args) => cmd::diff::run(args, messages),
        // The schema's help texts: English unless `--lang` names another language.
        Command::Schema => cmd::schema::run(lang.asked.unwrap_or(NEUTRAL)),
        Command::Catalogue(args) => cmd::catalogue::run(args, written),
        Command::Grid(args) => cmd::grid::run(args, messages),
        Command::Pack(args) => cmd::pack::run(args, messages),
        Command::Requirements(args) => cmd::requirements::run(args, messages),
        Command::Score(args) => cmd::score::run(args, messages),
        Command::Completions(args) => cmd::completions::run(args),
        Command::Man(args) => cmd::man::run(args),
    }
}

/// An error as the user reads it, in `lang`: every problem of an invalid questionnaire, then
/// a count; any other error on one line.
fn report(e: &Error, lang: Language) {
    match e {
        Error::Invalid(diagnostics) => {
            for d in diagnostics {
                err_styled(&d.styled(lang));
            }
            let count =
                Message::new("diagnostic.problems_found").count("count", diagnostics.len() as u64);
            err_styled(&failure(count, lang));
        }
        other => err_styled(&failure(other.message(), lang)),
    }
}
