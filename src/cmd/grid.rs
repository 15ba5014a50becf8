//! `crmspec grid`: a questionnaire → the vendors' response grid (XLSX and CSV) written into
//! the output folder.

use crate::cli::GridArgs;
use crate::terminal::outln;
use crmspec::model::Language;
use crmspec::Error;

pub fn run(args: GridArgs, lang: Language) -> Result<u8, Error> {
    let GridArgs {
        questionnaire,
        output,
    } = args;
    let spec = crmspec::check(&crmspec::Source::read(&questionnaire)?)?;
    let files = crmspec::grid::Grid::new(&spec).files()?;
    for path in crmspec::output::write_all(&output, &files)? {
        outln!("{}", super::wrote(&path, lang));
    }
    Ok(0)
}
