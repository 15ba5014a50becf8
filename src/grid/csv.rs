//! The grid as CSV: the same columns as the XLSX "requirements" sheet, for tools and for
//! vendors without a spreadsheet program.
//!
//! French spreadsheets expect `;` between fields (`,` is the decimal separator) and a byte
//! order mark to read UTF-8; English ones expect `,`. Both are read back either way.

use super::{Column, Grid};
use crate::lang::format::csv_separator;

pub const BOM: &str = "\u{feff}";

pub fn write(grid: &Grid) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(csv_separator(grid.lang()))
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.as_bytes().to_vec());
    let header: Vec<String> = Column::ALL
        .iter()
        .map(|c| c.header(grid.lang(), grid.currency()))
        .collect();
    let rows = grid.rows.iter().map(|r| {
        vec![
            r.id.clone(),
            r.module.clone(),
            r.title.clone(),
            r.description.clone(),
            r.priority.clone(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]
    });
    // Writing to memory cannot fail; a record error would be a bug in the column count.
    for record in std::iter::once(header).chain(rows) {
        writer
            .write_record(&record)
            .expect("CSV records are written to memory, with a fixed column count");
    }
    writer
        .into_inner()
        .expect("CSV is written to memory, which cannot fail")
}
