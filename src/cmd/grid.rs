//! `crmspec grid`: a questionnaire → the vendors' response grid (XLSX, ODS and CSV, or those
//! `--format` names) written into the output folder.

use crate::cli::GridArgs;
use crate::terminal::infoln;
use crmspec::grid::SheetFormat;
use crmspec::model::Language;
use crmspec::Error;

pub fn run(args: GridArgs, lang: Language) -> Result<u8, Error> {
    let GridArgs {
        questionnaire,
        output,
        format,
    } = args;
    let formats: Vec<SheetFormat> = if format.is_empty() {
        SheetFormat::ALL.to_vec()
    } else {
        format.into_iter().map(SheetFormat::from).collect()
    };
    let spec = super::checked(&questionnaire, lang)?;
    let started = std::time::Instant::now();
    let files = crmspec::grid::Grid::new(&spec).files(&formats)?;
    super::took("cli.step_grid", started, lang);
    for path in crmspec::output::write_all(&output, &files)? {
        infoln!("{}", super::wrote(&path, lang));
    }
    Ok(0)
}
