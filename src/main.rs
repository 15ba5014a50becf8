//! The `crmspec` binary: parse arguments, call the library, report, choose the exit code
//! (0 success, 1 internal failure, 2 bad input).

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use crmspec::{Error, Format, RenderOptions};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
        }
    }
}

fn run(command: Command) -> Result<(), Error> {
    match command {
        Command::Check { questionnaire } => {
            let source = crmspec::Source::read(&questionnaire)?;
            let spec = crmspec::check(&source)?;
            let count: usize = spec.requirements.total.total;
            println!(
                "{}: ok ({} requirements, {} channels, {} data exchanges)",
                source.name,
                count,
                spec.channels.len(),
                spec.flows.len()
            );
            Ok(())
        }
        Command::Render {
            questionnaire,
            output,
            format,
            templates,
            no_figures,
        } => {
            let source = crmspec::Source::read(&questionnaire)?;
            let spec = crmspec::check(&source)?;
            let mut formats: Vec<Format> = if format.is_empty() {
                Format::ALL.to_vec()
            } else {
                format.into_iter().map(Format::from).collect()
            };
            formats.sort();
            formats.dedup();
            let rendered = crmspec::render(
                &spec,
                &RenderOptions {
                    formats,
                    templates,
                    timestamp: source_date_epoch(),
                    figures: !no_figures,
                },
            )?;
            for warning in &rendered.warnings {
                eprintln!("{}", warning.clone().in_file(&source.name));
            }
            for path in crmspec::output::write_all(&output, &rendered.files)? {
                println!("wrote {}", path.display());
            }
            Ok(())
        }
    }
}

/// Reproducible builds' convention for the date to write instead of the clock.
fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

fn report(e: &Error) {
    match e {
        Error::Invalid(diagnostics) => {
            for d in diagnostics {
                eprintln!("{d}");
            }
            let errors = diagnostics.len();
            eprintln!(
                "error: {errors} problem{} found; nothing was written",
                if errors == 1 { "" } else { "s" }
            );
        }
        other => eprintln!("error: {other}"),
    }
}
