//! The `crmspec` binary: parse arguments, call the library, report, choose the exit code
//! (0 success, 1 internal failure, 2 bad input).

mod cli;

use clap::Parser;
use cli::{CheckFormat, Cli, Command, DenyLevel};
use crmspec::{Error, Format, RenderOptions};
use std::process::ExitCode;

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

/// Runs a command; the exit code on success is 0, or 2 when `check` finds what it must refuse.
fn run(command: Command) -> Result<u8, Error> {
    match command {
        Command::Check {
            questionnaire,
            format,
            deny,
            allow,
            explain,
        } => {
            if let Some(code) = explain {
                let text = crmspec::advice::explain(&code).ok_or_else(|| Error::UnknownRule {
                    suggestion: crmspec::diagnostic::suggest(
                        &code,
                        crmspec::advice::RULES.iter().map(|r| r.code),
                    ),
                    code,
                })?;
                emit(&text);
                return Ok(0);
            }
            let Some(path) = questionnaire else {
                return Ok(2);
            };
            let source = crmspec::Source::read(&path)?;
            let review = crmspec::review(&source, &allow)?;
            match format {
                CheckFormat::Json => println!("{}", review.json()),
                CheckFormat::Text => {
                    for finding in &review.findings {
                        eprintln!("{finding}");
                    }
                    if review.counts.errors > 0 {
                        let n = review.counts.errors;
                        eprintln!(
                            "error: {n} problem{} found; nothing was written",
                            if n == 1 { "" } else { "s" }
                        );
                    } else {
                        print!(
                            "{}",
                            review
                                .text()
                                .lines()
                                .last()
                                .map(|l| format!("{l}\n"))
                                .unwrap_or_default()
                        );
                    }
                }
            }
            let denied = deny == Some(DenyLevel::Warnings) && review.counts.warnings > 0;
            Ok(if review.counts.errors > 0 || denied {
                2
            } else {
                0
            })
        }
        Command::Init { file, lang, force } => {
            for path in crmspec::init::write(&file, lang.into(), force)? {
                println!("wrote {}", path.display());
            }
            println!(
                "next: fill in {0}, then `crmspec check {0}` and `crmspec render {0}`",
                file.display()
            );
            Ok(0)
        }
        Command::Diff { old, new, format } => {
            let old = crmspec::check(&crmspec::Source::read(&old)?)?;
            let new = crmspec::check(&crmspec::Source::read(&new)?)?;
            let changes = crmspec::diff::diff(&old, &new);
            match format {
                CheckFormat::Text => emit(&changes.text()),
                CheckFormat::Json => emit(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&changes).unwrap_or_default()
                )),
            }
            Ok(0)
        }
        Command::Serve {
            questionnaire,
            port,
            templates,
            no_figures,
        } => {
            let options = RenderOptions {
                templates,
                figures: !no_figures,
                timestamp: source_date_epoch(),
                ..RenderOptions::default()
            };
            let server = crmspec::serve::Server::bind(&questionnaire, port, options)?;
            let address = server.address()?;
            emit(&format!(
                "serving {} at http://{address}/ (Ctrl-C to stop)\n",
                questionnaire.display()
            ));
            server.run(&|line| eprintln!("{line}"))?;
            Ok(0)
        }
        Command::Schema => {
            emit(&crmspec::schema::questionnaire());
            Ok(0)
        }
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "crmspec", &mut script);
            emit(&String::from_utf8_lossy(&script));
            Ok(0)
        }
        Command::Catalogue { lang, module, long } => {
            let listing =
                crmspec::catalogue::builtin().listing(lang.into(), module.as_deref(), long)?;
            emit(&listing);
            Ok(0)
        }
        Command::Grid {
            questionnaire,
            output,
        } => {
            let spec = crmspec::check(&crmspec::Source::read(&questionnaire)?)?;
            let files = crmspec::grid::Grid::new(&spec).files()?;
            for path in crmspec::output::write_all(&output, &files)? {
                println!("wrote {}", path.display());
            }
            Ok(0)
        }
        Command::Score {
            questionnaire,
            grids,
            prices,
            output,
            format,
        } => {
            let spec = crmspec::check(&crmspec::Source::read(&questionnaire)?)?;
            let options = RenderOptions {
                formats: formats(format),
                timestamp: source_date_epoch(),
                figures: false,
                ..RenderOptions::default()
            };
            let scored = crmspec::score::evaluate(&spec, &grids, prices.as_deref(), &options)?;
            if scored.ranking.provisional {
                eprintln!("provisional ranking: functional coverage only (give prices and marks with --prices)");
            }
            for v in &scored.ranking.vendors {
                let flag = if v.essential_gaps.is_empty() {
                    String::new()
                } else {
                    format!(
                        "  ⚠ {} top-priority requirement(s) not covered",
                        v.essential_gaps.len()
                    )
                };
                println!(
                    "{:>2}. {:30} {:6.2} / 100   (functional {:5.1} %){flag}",
                    v.rank, v.name, v.total, v.functional
                );
            }
            for path in crmspec::output::write_all(&output, &scored.files)? {
                println!("wrote {}", path.display());
            }
            Ok(0)
        }
        Command::Render {
            questionnaires,
            output,
            format,
            templates,
            no_figures,
            advice,
            changes_since,
        } => {
            let batch = questionnaires.len() > 1 || questionnaires.iter().any(|q| q.is_dir());
            if batch && changes_since.is_some() {
                return Err(Error::BadArgument(
                    "--changes-since compares one questionnaire with its previous version; give one questionnaire".into(),
                ));
            }
            let previous = match changes_since {
                Some(old) => Some(std::sync::Arc::new(crmspec::check(
                    &crmspec::Source::read(&old)?,
                )?)),
                None => None,
            };
            let options = RenderOptions {
                formats: formats(format),
                templates,
                timestamp: source_date_epoch(),
                figures: !no_figures,
                advice,
                previous,
            };
            if !batch {
                let outcome = crmspec::batch::render_one(&questionnaires[0], &output, &options);
                for warning in &outcome.warnings {
                    eprintln!("{warning}");
                }
                for path in outcome.result? {
                    println!("wrote {}", path.display());
                }
                return Ok(0);
            }
            render_batch(&questionnaires, &output, &options)
        }
    }
}

/// Several questionnaires: a progress line per file, failures reported per file; the exit
/// code is 1 if crmspec failed on any file, else 2 if any file is bad input, else 0.
fn render_batch(
    inputs: &[std::path::PathBuf],
    output: &std::path::Path,
    options: &RenderOptions,
) -> Result<u8, Error> {
    let files = crmspec::batch::expand(inputs)?;
    let total = files.len();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let progress = |done: usize, outcome: &crmspec::batch::Outcome| {
        let status = match &outcome.result {
            Ok(_) => "ok".to_string(),
            Err(Error::Invalid(d)) => format!("{} problem(s)", d.len()),
            Err(e) => format!("failed: {e}"),
        };
        eprintln!("[{done}/{total}] {}: {status}", outcome.input.display());
    };
    let outcomes = crmspec::batch::render_many(&files, output, options, workers, &progress);
    let (mut internal, mut bad) = (false, false);
    for outcome in &outcomes {
        for warning in &outcome.warnings {
            eprintln!("{warning}");
        }
        if let Err(e) = &outcome.result {
            report(e);
            internal |= e.exit_code() == 1;
            bad |= e.exit_code() == 2;
        }
    }
    let failed = outcomes.iter().filter(|o| o.result.is_err()).count();
    println!(
        "{} rendered, {failed} failed, into {}",
        total - failed,
        output.display()
    );
    Ok(if internal {
        1
    } else if bad {
        2
    } else {
        0
    })
}

/// The formats asked for, each once, in a fixed order; all when none is named.
fn formats(asked: Vec<cli::FormatArg>) -> Vec<Format> {
    let mut formats: Vec<Format> = if asked.is_empty() {
        Format::DEFAULT.to_vec()
    } else {
        asked.into_iter().map(Format::from).collect()
    };
    formats.sort();
    formats.dedup();
    formats
}

/// Reproducible builds' convention for the date to write instead of the clock.
fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// Prints to standard output; a reader that stops early (`| head`) is not an error.
fn emit(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
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
