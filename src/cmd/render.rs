//! `crmspec render`: one questionnaire → its documents written into the output folder; or
//! several (files or folders) → each rendered in parallel into its own folder, with a
//! progress line per file and a summary.

use super::{formats, source_date_epoch};
use crate::cli::RenderArgs;
use crate::terminal::{err_styled, infoln, verbosity, Verbosity};
use crmspec::diagnostic::{Role, Styled};
use crmspec::model::Language;
use crmspec::{Error, Message, RenderOptions};
use std::path::{Path, PathBuf};

pub fn run(args: RenderArgs, lang: Language) -> Result<u8, Error> {
    let RenderArgs {
        questionnaires,
        output,
        format,
        templates,
        no_figures,
        advice,
        changes_since,
    } = args;
    let batch = questionnaires.len() > 1 || questionnaires.iter().any(|q| q.is_dir());
    if batch && changes_since.is_some() {
        return Err(Error::BadArgument(Message::new("cli.changes_since_one")));
    }
    let previous = match changes_since {
        Some(old) => Some(std::sync::Arc::new(super::checked(&old, lang)?)),
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
        steps(&outcome, lang);
        warnings(&outcome, lang);
        for path in outcome.result? {
            infoln!("{}", super::wrote(&path, lang));
        }
        return Ok(0);
    }
    render_batch(&questionnaires, &output, &options, lang)
}

/// Several questionnaires: a progress line per file, failures reported per file; the exit
/// code is 1 if crmspec failed on any file, else 2 if any file is bad input, else 0.
fn render_batch(
    inputs: &[PathBuf],
    output: &Path,
    options: &RenderOptions,
    lang: Language,
) -> Result<u8, Error> {
    let files = crmspec::batch::expand(inputs)?;
    crmspec::batch::check_folders(&files)?;
    let total = files.len();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let progress = |done: usize, outcome: &crmspec::batch::Outcome| {
        if verbosity() == Verbosity::Quiet {
            return;
        }
        let (role, status) = match &outcome.result {
            Ok(_) => (Role::Success, Message::new("cli.batch_ok")),
            Err(Error::Invalid(d)) => (
                Role::Severity(crmspec::Severity::Error),
                Message::new("cli.batch_problems").count("count", d.len() as u64),
            ),
            Err(e) => (
                Role::Severity(crmspec::Severity::Error),
                Message::new("cli.batch_failed").message("error", e.message()),
            ),
        };
        let mut line = Styled::new(
            Role::Plain,
            format!("[{done}/{total}] {}: ", outcome.input.display()),
        );
        line.push(role, status.terminal(lang));
        err_styled(&line);
    };
    let outcomes = crmspec::batch::render_many(&files, output, options, workers, &progress);
    let (mut internal, mut bad) = (false, false);
    for outcome in &outcomes {
        steps(outcome, lang);
        warnings(outcome, lang);
        if let Err(e) = &outcome.result {
            crate::report(e, lang);
            internal |= e.exit_code() == 1;
            bad |= e.exit_code() == 2;
        }
    }
    let failed = outcomes.iter().filter(|o| o.result.is_err()).count();
    if verbosity() > Verbosity::Quiet {
        crate::terminal::out_styled(&Styled::new(
            Role::Summary,
            Message::new("cli.batch_summary")
                .count("rendered", (total - failed) as u64)
                .plain("failed", failed)
                .plain("dir", output.display())
                .terminal(lang),
        ));
    }
    Ok(if internal {
        1
    } else if bad {
        2
    } else {
        0
    })
}

/// With `--verbose`, what each stage did for one questionnaire.
fn steps(outcome: &crmspec::batch::Outcome, lang: Language) {
    for step in &outcome.steps {
        super::step(step, lang);
    }
}

/// The warnings of one questionnaire (characters no font draws…), unless `--quiet`.
fn warnings(outcome: &crmspec::batch::Outcome, lang: Language) {
    if verbosity() > Verbosity::Quiet {
        for warning in &outcome.warnings {
            err_styled(&warning.styled(lang));
        }
    }
}
