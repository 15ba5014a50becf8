//! `crmspec pack`: a questionnaire → the tender pack written into the output folder as one
//! set (its files, the manifest, the archive), and the manifest printed.

use super::source_date_epoch;
use crate::cli::PackArgs;
use crate::terminal::{errln, outln};
use crmspec::model::Language;
use crmspec::{Error, Message, RenderOptions};

pub fn run(args: PackArgs, lang: Language) -> Result<u8, Error> {
    let PackArgs {
        questionnaire,
        output,
        templates,
    } = args;
    let spec = crmspec::check(&crmspec::Source::read(&questionnaire)?)?;
    let options = RenderOptions {
        templates,
        timestamp: source_date_epoch(),
        ..RenderOptions::default()
    };
    let packed = crmspec::pack::pack(&spec, &options)?;
    for warning in &packed.warnings {
        errln!("{}", warning.text(lang));
    }
    for path in crmspec::output::write_all(&output, &packed.files)? {
        outln!("{}", super::wrote(&path, lang));
    }
    outln!(
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
        outln!("{}  {:>width$}  {}", entry.sha256, entry.size, entry.name);
    }
    Ok(0)
}
