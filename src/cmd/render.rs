//! `crmspec render`: one questionnaire → its documents written into the output folder; or
//! several (files or folders) → each rendered in parallel into its own folder, with a
//! progress line per file and a summary.

use super::{formats, source_date_epoch};
use crate::cli::RenderArgs;
use crate::terminal::{errln, outln};
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
            errln!("{}", warning.text(lang));
        }
        for path in outcome.result? {
            outln!("{}", super::wrote(&path, lang));
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
        let status = match &outcome.result {
            Ok(_) => Message::new("cli.batch_ok"),
            Err(Error::Invalid(d)) => {
                Message::new("cli.batch_problems").count("count", d.len() as u64)
            }
            Err(e) => Message::new("cli.batch_failed").message("error", e.message()),
        };
        errln!(
            "[{done}/{total}] {}: {}",
            outcome.input.display(),
            status.terminal(lang)
        );
    };
    let outcomes = crmspec::batch::render_many(&files, output, options, workers, &progress);
    let (mut internal, mut bad) = (false, false);
    for outcome in &outcomes {
        for warning in &outcome.warnings {
            errln!("{}", warning.text(lang));
        }
        if let Err(e) = &outcome.result {
            crate::report(e, lang);
            internal |= e.exit_code() == 1;
            bad |= e.exit_code() == 2;
        }
    }
    let failed = outcomes.iter().filter(|o| o.result.is_err()).count();
    outln!(
        "{}",
        Message::new("cli.batch_summary")
            .count("rendered", (total - failed) as u64)
            .plain("failed", failed)
            .plain("dir", output.display())
            .terminal(lang)
    );
    Ok(if internal {
        1
    } else if bad {
        2
    } else {
        0
    })
}
