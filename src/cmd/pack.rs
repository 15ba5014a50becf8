//! `crmspec pack`: a questionnaire → the tender pack written into the output folder as one
//! set (its files, the manifest, the archive), and the manifest printed.

use super::source_date_epoch;
use crate::cli::PackArgs;
use crate::terminal::{err_styled, infoln, verbosity, Verbosity};
use crmspec::model::Language;
use crmspec::{Error, Message, RenderOptions};

pub fn run(args: PackArgs, lang: Language) -> Result<u8, Error> {
    let PackArgs {
        questionnaire,
        output,
        templates,
    } = args;
    let spec = super::checked(&questionnaire, lang)?;
    let options = RenderOptions {
        templates,
        timestamp: source_date_epoch(),
        ..RenderOptions::default()
    };
    let started = std::time::Instant::now();
    let packed = crmspec::pack::pack(&spec, &options)?;
    super::step(
        &Message::new("cli.step_packed")
            .count("count", packed.files.len() as u64)
            .plain("ms", started.elapsed().as_millis()),
        lang,
    );
    if verbosity() > Verbosity::Quiet {
        for warning in &packed.warnings {
            err_styled(&warning.styled(lang));
        }
    }
    for path in crmspec::output::write_all(&output, &packed.files)? {
        infoln!("{}", super::wrote(&path, lang));
    }
    infoln!(
        "{}",
        Message::new("cli.manifest_of")
            .code(
                "archive",
                output.join(&packed.archive).display().to_string()
            )
            .terminal(lang)
    );
    let width = packed
        .manifest
        .iter()
        .map(|e| e.size.to_string().len())
        .max()
        .unwrap_or(1);
    for entry in &packed.manifest {
        infoln!("{}  {:>width$}  {}", entry.sha256, entry.size, entry.name);
    }
    Ok(0)
}
