//! `crmspec grid`: a questionnaire → the vendors' response grid (XLSX and CSV) written into
//! the output folder.

use crate::cli::GridArgs;
use crate::terminal::infoln;
use crmspec::model::Language;
use crmspec::Error;

pub fn run(args: GridArgs, lang: Language) -> Result<u8, Error> {
    let GridArgs {
        questionnaire,
        output,
    } = args;
    let spec = super::checked(&questionnaire, lang)?;
    let started = std::time::Instant::now();
    let files = crmspec::grid::Grid::new(&spec).files()?;
    super::took("cli.step_grid", started, lang);
    for path in crmspec::output::write_all(&output, &files)? {
        infoln!("{}", super::wrote(&path, lang));
    }
    Ok(0)
}
