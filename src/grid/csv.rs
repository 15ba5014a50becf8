//! The grid as CSV: the same columns as the XLSX "requirements" sheet, for tools and for
//! vendors without a spreadsheet program.
//!
//! French spreadsheets expect `;` between fields (`,` is the decimal separator) and a byte
//! order mark to read UTF-8; English ones expect `,`. Both are read back either way.
//!
//! A CSV cell has no "text" type: Excel and LibreOffice run a cell that starts with `=`, `+`,
//! `-` or `@` as a formula (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`), and a leading tab or
//! carriage return hides such a start. Requirement texts come from whoever wrote the
//! questionnaire, and vendors open the file: every such cell is written with a leading `'`
//! as OWASP recommends ("CSV injection"), which spreadsheets show as plain text. The reader
//! strips it again. The XLSX grid stores these cells as text and needs no such mark.

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
            neutralise(&r.id),
            neutralise(&r.module),
            neutralise(&r.title),
            neutralise(&r.description),
            neutralise(&r.priority),
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

/// The characters that make a spreadsheet read a CSV cell as a formula, or hide one.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` as a spreadsheet must show it: with a leading `'` when it would start a formula.
pub fn neutralise(text: &str) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// A cell read back from a CSV grid, without the mark [`neutralise`] added.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_restored() {
        for hostile in [
            "=HYPERLINK(\"http://x\",\"clic\")",
            "=cmd|' /C calc'!A0",
            "+1+1",
            "-2+3",
            "@SUM(1)",
            "\t=1",
            "\r=1",
        ] {
            let written = neutralise(hostile);
            assert!(written.starts_with('\''), "{hostile:?}");
            assert_eq!(restore(&written), hostile);
        }
        assert_eq!(neutralise("Fiche client"), "Fiche client");
        assert_eq!(restore("'quoted on purpose"), "'quoted on purpose");
    }
}
