//! The edited sheet, read: XLSX and ODS through calamine (an XLSX checked first by
//! `grid::package`, against formulas, links and ZIP bombs, as a vendor's grid is; an ODS's
//! parts measured the same way), CSV in either separator.

use super::Table;
use crate::diagnostic::Diagnostic;
use crate::grid::read::MAX_GRID_BYTES;

/// The most rows a requirements sheet may use: far more requirements than a tender holds.
const MAX_ROWS: usize = 5_000;
use crate::lang::messages::Message;
use crate::lang::{words, Language};
use std::path::Path;

/// The requirements sheet's names, in every language.
fn sheet_names() -> Vec<String> {
    Language::ALL
        .iter()
        .map(|l| words::text_or_key("reqsheet_sheet", *l))
        .collect()
}

/// Reads the table of a spreadsheet or CSV file; every problem says which file.
pub fn read_table(path: &Path) -> Result<Table, Vec<Diagnostic>> {
    let file = path.display().to_string();
    let problem = |message: Message| vec![Diagnostic::error("", message).in_file(&file)];
    let bytes = crate::read_regular_file(path, MAX_GRID_BYTES).map_err(|e| problem(e.message()))?;
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "csv" => csv_table(&file, &bytes),
        "xlsx" | "ods" => workbook_table(&file, &bytes, extension == "xlsx"),
        _ => Err(problem(
            Message::new("requirements_sheet.unknown_format").code("extension", extension),
        )
        .into_iter()
        .map(|d| d.hint(Message::new("requirements_sheet.formats_read")))
        .collect()),
    }
}

fn workbook_table(file: &str, bytes: &[u8], xlsx: bool) -> Result<Table, Vec<Diagnostic>> {
    use calamine::Reader;
    let names = sheet_names();
    // Formulas, links, macros and oversized parts are refused before calamine reads a cell,
    // as in a vendor's grid; a sheet may hold up to MAX_ROWS requirements.
    let kind = if xlsx {
        crate::grid::package::Kind::Xlsx
    } else {
        crate::grid::package::Kind::Ods
    };
    crate::grid::package::inspect(
        bytes,
        kind,
        |name| names.iter().any(|n| n == name),
        |_| crate::grid::read::Bounds::schedule(MAX_ROWS),
    )
    .map_err(|refusals| crate::grid::read::refused(file, refusals))?;
    let unreadable = |reason: String| {
        vec![Diagnostic::error(
            "",
            Message::new("requirements_sheet.unreadable").plain("reason", reason),
        )
        .in_file(file)]
    };
    let mut workbook = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| unreadable(e.to_string()))?;
    let sheets = workbook.sheet_names();
    let Some(name) = sheets
        .iter()
        .find(|s| names.contains(s))
        .or(sheets.first())
        .cloned()
    else {
        return Err(unreadable(String::new()));
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| unreadable(e.to_string()))?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (r, c, value) in range.used_cells() {
        let (r, c) = (r + top as usize, c + left as usize);
        if rows.len() <= r {
            rows.resize(r + 1, Vec::new());
        }
        let row = &mut rows[r];
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = text(value);
    }
    Ok(Table {
        rows,
        place: format!("{file}!{name}"),
        workbook: true,
        lines: Vec::new(),
    })
}

/// A cell as text: numbers as a person typed them (`12`, not `12.0`).
fn text(value: &calamine::Data) -> String {
    use calamine::Data;
    match value {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn csv_table(file: &str, bytes: &[u8]) -> Result<Table, Vec<Diagnostic>> {
    let problem = |message: Message| vec![Diagnostic::error("", message).in_file(file)];
    let text =
        std::str::from_utf8(bytes).map_err(|_| problem(Message::new("grid.csv_not_utf8")))?;
    let text = text.strip_prefix(crate::grid::csv::BOM).unwrap_or(text);
    // The header line tells which separator the spreadsheet used.
    let first = text.lines().next().unwrap_or_default();
    let delimiter = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = line_at(
                text,
                e.position()
                    .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX)),
            );
            problem(
                Message::new("grid.csv_line")
                    .plain("line", line)
                    .plain("reason", e),
            )
        })?;
        lines.push(line_at(
            text,
            record
                .position()
                .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX)),
        ));
        rows.push(
            record
                .iter()
                .map(|c| crate::grid::csv::restore(c).to_string())
                .collect(),
        );
    }
    Ok(Table {
        rows,
        place: file.to_string(),
        workbook: false,
        lines,
    })
}

/// The 1-based line a record starting at byte `at` is on (the reader may place a record's
/// start on the line break ending the one before).
fn line_at(text: &str, at: usize) -> u64 {
    let rest = text.get(at..).unwrap_or_default();
    let start = at + (rest.len() - rest.trim_start_matches(['\r', '\n']).len());
    let before = text.get(..start).unwrap_or_default();
    before.matches('\n').count() as u64 + 1
}
