//! `crmspec grid`: a questionnaire → the vendors' response grid (XLSX and CSV) written into
//! the output folder.

use crate::cli::GridArgs;
use crate::terminal::outln;
use crmspec::Error;

pub fn run(args: GridArgs) -> Result<u8, Error> {
    let GridArgs {
        questionnaire,
        output,
    } = args;
    let spec = crmspec::check(&crmspec::Source::read(&questionnaire)?)?;
    let files = crmspec::grid::Grid::new(&spec).files()?;
    for path in crmspec::output::write_all(&output, &files)? {
        outln!("wrote {}", path.display());
    }
    Ok(0)
}
