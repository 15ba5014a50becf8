//! `crmspec render`: one questionnaire → its documents written into the output folder; or
//! several (files or folders) → each rendered in parallel into its own folder, with a
//! progress line per file and a summary.

use super::{formats, source_date_epoch};
use crate::cli::RenderArgs;
use crate::terminal::{errln, outln};
use crmspec::{Error, RenderOptions};
use std::path::{Path, PathBuf};

pub fn run(args: RenderArgs) -> Result<u8, Error> {
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
            errln!("{warning}");
        }
        for path in outcome.result? {
            outln!("wrote {}", path.display());
        }
        return Ok(0);
    }
    render_batch(&questionnaires, &output, &options)
}

/// Several questionnaires: a progress line per file, failures reported per file; the exit
/// code is 1 if crmspec failed on any file, else 2 if any file is bad input, else 0.
fn render_batch(inputs: &[PathBuf], output: &Path, options: &RenderOptions) -> Result<u8, Error> {
    let files = crmspec::batch::expand(inputs)?;
    crmspec::batch::check_folders(&files)?;
    let total = files.len();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let progress = |done: usize, outcome: &crmspec::batch::Outcome| {
        let status = match &outcome.result {
            Ok(_) => "ok".to_string(),
            Err(Error::Invalid(d)) => format!("{} problem(s)", d.len()),
            Err(e) => format!("failed: {e}"),
        };
        errln!("[{done}/{total}] {}: {status}", outcome.input.display());
    };
    let outcomes = crmspec::batch::render_many(&files, output, options, workers, &progress);
    let (mut internal, mut bad) = (false, false);
    for outcome in &outcomes {
        for warning in &outcome.warnings {
            errln!("{warning}");
        }
        if let Err(e) = &outcome.result {
            crate::report(e);
            internal |= e.exit_code() == 1;
            bad |= e.exit_code() == 2;
        }
    }
    let failed = outcomes.iter().filter(|o| o.result.is_err()).count();
    outln!(
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
