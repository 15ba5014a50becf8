//! Filled grids, read back: every answer checked against the questionnaire, every problem
//! reported with its cell (`grille-A.xlsx!Exigences!F14`).
//!
//! Both formats are first turned into rows of [`Cell`]s, so one set of rules judges them.

use super::MAX_AMOUNT;
use super::{coverage_choice, Column, Grid, GridRow};
use crate::diagnostic::{did_you_mean, suggest, Diagnostic};
use crate::lang::accents::fold;
use crate::lang::messages::Message;
use crate::lang::words;
use crate::model::{Coverage, Date, Language};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// A vendor's answers, one per requirement of the questionnaire, in the grid's order.
#[derive(Debug, Clone)]
pub struct Response {
    /// From the grid's "vendor name" cell, else the file name.
    pub vendor: String,
    /// The file as the user named it.
    pub file: String,
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone)]
pub struct Answer {
    pub id: String,
    pub coverage: Coverage,
    pub comment: String,
    pub extra_cost: Option<f64>,
    /// A date (`2027-09-01`) or what the vendor wrote (`V2, 2028`).
    pub availability: Option<String>,
}

/// A cell's value, whatever the format it came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(Date),
}

impl Cell {
    pub(crate) fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
        }
    }
}

/// A filled grid larger than this is not a grid (a 30,000-requirement grid takes 1.2 MB as
/// XLSX, 5 MB as CSV): it is refused before it is read.
pub const MAX_GRID_BYTES: u64 = 32 * 1024 * 1024;
/// Rows a sheet may use beyond the header and one per requirement: room for notes below the
/// grid, not for a million rows.
pub const EXTRA_ROWS: usize = 1_000;
/// Columns a sheet may use, A to Z: the grid has nine, and a vendor may add a few.
pub const MAX_COLUMNS: usize = 26;
/// The most characters a cell may hold: Excel's own limit, so longer text did not come from a
/// spreadsheet program.
pub const MAX_CELL_CHARS: usize = 32_767;

/// How much of a sheet crmspec reads: a value outside is refused, with its cell, before the
/// sheet is held in memory whole (one value at `XFD1048576` would otherwise make a sheet of
/// seventeen billion cells).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bounds {
    rows: usize,
    /// The questionnaire's requirements, for the message; `None` for a price schedule.
    requirements: Option<usize>,
}

impl Bounds {
    fn new(grid: &Grid) -> Bounds {
        let requirements = grid.rows.len();
        Bounds {
            rows: requirements.saturating_add(1).saturating_add(EXTRA_ROWS),
            requirements: Some(requirements),
        }
    }

    /// A price schedule's sheet: the rows crmspec wrote, and [`EXTRA_ROWS`] more.
    pub(crate) fn schedule(rows: usize) -> Bounds {
        Bounds {
            rows: rows.saturating_add(EXTRA_ROWS),
            requirements: None,
        }
    }

    /// The rows a sheet may use.
    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// Why a value below [`Bounds::rows`] or right of column Z is refused.
    pub(crate) fn outside(&self) -> Excess {
        match self.requirements {
            Some(requirements) => Excess::OutsideGrid {
                rows: self.rows,
                requirements,
            },
            None => Excess::OutsideSchedule { rows: self.rows },
        }
    }
}

/// A value crmspec will not read, found while reading a sheet.
#[derive(Debug)]
pub(crate) enum Excess {
    OutsideGrid { rows: usize, requirements: usize },
    OutsideSchedule { rows: usize },
    TooLong { chars: usize },
}

impl Excess {
    pub(crate) fn message(&self) -> Message {
        match self {
            Excess::OutsideGrid { rows, requirements } => Message::new("grid.outside_grid")
                .plain("rows", rows)
                .count("requirements", *requirements as u64)
                .plain("extra", EXTRA_ROWS),
            Excess::TooLong { chars } => Message::new("grid.cell_too_long")
                .plain("chars", chars)
                .plain("max", MAX_CELL_CHARS),
            Excess::OutsideSchedule { rows } => {
                Message::new("grid.outside_schedule").plain("rows", rows)
            }
        }
    }

    pub(crate) fn hint(&self) -> Message {
        Message::new(match self {
            Excess::OutsideGrid { .. } => "grid.outside_grid_hint",
            Excess::OutsideSchedule { .. } => "grid.outside_schedule_hint",
            Excess::TooLong { .. } => "grid.cell_too_long_hint",
        })
    }
}

/// A sheet as rows of cells, with the name messages use for it. Rows end at their last value
/// (a row may be empty), and the sheet at its last row holding one.
pub(crate) struct Sheet {
    /// `grille-A.xlsx!Exigences` or `grille-A.csv`.
    pub(crate) place: String,
    pub(crate) rows: Vec<Vec<Cell>>,
}

impl Sheet {
    fn new(place: String) -> Sheet {
        Sheet {
            place,
            rows: Vec::new(),
        }
    }

    /// Stores a value read at a 0-based row and column, if it lies within `bounds` (the error
    /// is a list, as every reading step reports).
    fn put(
        &mut self,
        row: usize,
        column: usize,
        cell: Cell,
        bounds: Bounds,
    ) -> Result<(), Vec<Diagnostic>> {
        let refuse = |excess: Excess| {
            let at = format!("{}!{}", self.place, cell_name(row as u32, column as u32));
            vec![Diagnostic::error("", excess.message())
                .in_file(&at)
                .hint(excess.hint())]
        };
        if cell == Cell::Empty {
            return Ok(());
        }
        if row >= bounds.rows || column >= MAX_COLUMNS {
            return Err(refuse(bounds.outside()));
        }
        if let Cell::Text(text) = &cell {
            let chars = text.chars().count();
            if chars > MAX_CELL_CHARS {
                return Err(refuse(Excess::TooLong { chars }));
            }
        }
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut self.rows[row];
        if cells.len() <= column {
            cells.resize(column + 1, Cell::Empty);
        }
        cells[column] = cell;
        Ok(())
    }

    pub(crate) fn get(&self, row: usize, column: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(column))
            .unwrap_or(&Cell::Empty)
    }

    fn cell(&self, row: usize, column: Column) -> &Cell {
        self.get(row, usize::from(column.index()))
    }

    /// `grille-A.xlsx!Exigences!F14` (1-based row, as spreadsheets show it).
    pub(crate) fn at(&self, row: usize, column: char) -> String {
        format!("{}!{column}{}", self.place, row + 1)
    }

    /// The value beside a label in column A, in either language (the instructions sheet).
    pub(crate) fn labelled(&self, key: &str) -> Option<(usize, &Cell)> {
        let labels = labels(key);
        self.rows.iter().enumerate().find_map(|(i, row)| {
            let label = row.first()?.text();
            labels.contains(&label).then(|| (i, self.get(i, 1)))
        })
    }
}

/// A key's text in every language: sheets and labels are recognised in any of them.
pub(crate) fn labels(key: &str) -> Vec<String> {
    Language::ALL
        .iter()
        .map(|&l| words::text_or_key(key, l))
        .collect()
}

/// Reads a filled grid (`.xlsx`, `.ods` or `.csv`) and checks it against the questionnaire's
/// grid. Problems are all reported, each naming its cell.
pub fn read(path: &Path, grid: &Grid) -> Result<Response, Vec<Diagnostic>> {
    let file = path.display().to_string();
    let bytes = crate::read_regular_file(path, MAX_GRID_BYTES).map_err(|e| {
        // The file is named at the start of the line already.
        let reason = match &e {
            crate::Error::Read { source, .. } => crate::error::io(source),
            other => other.message(),
        };
        vec![Diagnostic::error(
            "",
            Message::new("grid.unreadable").message("reason", reason),
        )
        .in_file(&file)
        .hint(Message::new("grid.unreadable_hint"))]
    })?;
    let bounds = Bounds::new(grid);
    let (sheet, instructions) = match Kind::of(path, &bytes) {
        None => (csv_sheet(&file, &bytes, bounds)?, None),
        Some(kind) => workbook_sheets(&file, &bytes, kind, bounds)?,
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| file.clone());
    let vendor = instructions
        .as_ref()
        .and_then(|s| s.labelled("grid_vendor"))
        .map(|(_, c)| c.text())
        .filter(|v| !v.is_empty())
        .unwrap_or(stem);
    let mut problems = Vec::new();
    if let Some(instructions) = &instructions {
        problems.extend(check_fingerprint(instructions, &sheet, grid));
        if !problems.is_empty() {
            return Err(problems);
        }
    }
    problems.extend(check_header(&sheet, grid));
    if !problems.is_empty() {
        return Err(problems);
    }
    if let Some(version) = version_mismatch(&sheet, grid) {
        return Err(vec![version]);
    }
    let answers = answers(&sheet, grid, &mut problems);
    if problems.is_empty() {
        Ok(Response {
            vendor,
            file,
            answers,
        })
    } else {
        Err(problems)
    }
}

fn workbook_sheets(
    file: &str,
    bytes: &[u8],
    kind: Kind,
    bounds: Bounds,
) -> Result<(Sheet, Option<Sheet>), Vec<Diagnostic>> {
    let read_sheets = [labels("sheet_requirements"), labels("sheet_instructions")].concat();
    super::package::inspect(
        bytes,
        kind,
        |name| read_sheets.iter().any(|s| s == name),
        |_| bounds,
    )
    .map_err(|refusals| refused(file, refusals))?;
    let unreadable = match kind {
        Kind::Xlsx => "grid.not_xlsx",
        Kind::Ods => "grid.not_ods_workbook",
    };
    let mut workbook = Workbook::open(file, bytes, kind, unreadable)?;
    let names = workbook.sheet_names();
    let find = |key: &str| {
        let wanted = labels(key);
        names.iter().find(|n| wanted.contains(n)).cloned()
    };
    let Some(requirements) = find("sheet_requirements") else {
        let wanted = labels("sheet_requirements");
        let mut d = Diagnostic::error(
            "",
            Message::new("grid.no_sheet").either("wanted", wanted.clone()),
        )
        .in_file(file);
        d = d.hint(Message::new("grid.sheets_are").codes("sheets", names.iter().cloned()));
        if let Some(s) = names
            .iter()
            .find_map(|n| suggest(n, wanted.iter().map(String::as_str)))
        {
            d = d.hint(Message::new("grid.rename_sheet").code("sheet", s));
        }
        return Err(vec![d.hint(Message::new("grid.start_from_grid"))]);
    };
    let sheet = workbook.read_sheet(file, &requirements, bounds)?;
    let instructions = match find("sheet_instructions") {
        Some(name) => Some(workbook.read_sheet(file, &name, bounds)?),
        None => None,
    };
    Ok((sheet, instructions))
}

pub(crate) use super::package::Kind;

impl Kind {
    /// The package a file is, by its extension or, for an ODS, its first bytes (`mimetype`,
    /// stored first, as ODF requires); `None` for a CSV.
    pub(crate) fn of(path: &Path, bytes: &[u8]) -> Option<Kind> {
        let extension = |e: &str| path.extension().is_some_and(|x| x.eq_ignore_ascii_case(e));
        const ODS: &[u8] = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
        if extension("csv") {
            None
        } else if extension("ods") || bytes.get(30..30 + ODS.len()) == Some(ODS) {
            Some(Kind::Ods)
        } else {
            Some(Kind::Xlsx)
        }
    }
}

/// A workbook's package refusals, each named by its file, sheet and cell.
pub(crate) fn refused(file: &str, refusals: Vec<super::package::Refusal>) -> Vec<Diagnostic> {
    refusals
        .into_iter()
        .map(|r| {
            let at = match r.place() {
                Some((sheet, Some(cell))) => format!("{file}!{sheet}!{cell}"),
                Some((sheet, None)) => format!("{file}!{sheet}"),
                None => file.to_string(),
            };
            Diagnostic::error("", r.message())
                .in_file(&at)
                .hint(r.hint())
        })
        .collect()
}

/// A workbook opened by calamine, once its package has been inspected.
pub(crate) enum Workbook<'b> {
    Xlsx(calamine::Xlsx<std::io::Cursor<&'b [u8]>>),
    Ods(calamine::Ods<std::io::Cursor<&'b [u8]>>),
}

impl<'b> Workbook<'b> {
    /// `unreadable` is the message's key: what to save the file as depends on what it is.
    pub(crate) fn open(
        file: &str,
        bytes: &'b [u8],
        kind: Kind,
        unreadable: &'static str,
    ) -> Result<Workbook<'b>, Vec<Diagnostic>> {
        let refuse = |e: &dyn std::fmt::Display| {
            vec![Diagnostic::error("", Message::new(unreadable).plain("reason", e)).in_file(file)]
        };
        let cursor = std::io::Cursor::new(bytes);
        match kind {
            Kind::Xlsx => calamine::open_workbook_from_rs(cursor)
                .map(Workbook::Xlsx)
                .map_err(|e: calamine::XlsxError| refuse(&e)),
            Kind::Ods => calamine::open_workbook_from_rs(cursor)
                .map(Workbook::Ods)
                .map_err(|e: calamine::OdsError| refuse(&e)),
        }
    }

    pub(crate) fn sheet_names(&self) -> Vec<String> {
        use calamine::Reader;
        match self {
            Workbook::Xlsx(w) => w.sheet_names(),
            Workbook::Ods(w) => w.sheet_names(),
        }
    }

    /// One sheet, each value checked against the bounds as it comes. An XLSX is read cell by
    /// cell (calamine's `worksheet_range` would first make the sheet dense, from A1 to its
    /// farthest value); an ODS is dense already, within the bounds its package check enforced.
    pub(crate) fn read_sheet(
        &mut self,
        file: &str,
        name: &str,
        bounds: Bounds,
    ) -> Result<Sheet, Vec<Diagnostic>> {
        use calamine::Reader;
        let unreadable = |e: &dyn std::fmt::Display| {
            vec![Diagnostic::error(
                "",
                Message::new("grid.sheet_unreadable")
                    .code("sheet", name)
                    .plain("reason", e),
            )
            .in_file(file)]
        };
        let mut sheet = Sheet::new(format!("{file}!{name}"));
        match self {
            Workbook::Xlsx(workbook) => {
                let mut cells = workbook
                    .worksheet_cells_reader(name)
                    .map_err(|e| unreadable(&e))?;
                while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
                    let (row, column) = cell.get_position();
                    let value = xlsx_cell(calamine::Data::from(cell.get_value().clone()));
                    sheet.put(row as usize, column as usize, value, bounds)?;
                }
            }
            Workbook::Ods(workbook) => {
                let range = workbook.worksheet_range(name).map_err(|e| unreadable(&e))?;
                let (top, left) = range.start().unwrap_or((0, 0));
                for (row, column, value) in range.used_cells() {
                    let (row, column) = (top as usize + row, left as usize + column);
                    sheet.put(row, column, xlsx_cell(value.clone()), bounds)?;
                }
            }
        }
        Ok(sheet)
    }
}

/// A cell's value as calamine reads it, from either format (a formula's cached result never
/// gets here: the package check refuses formulas where crmspec reads values).
fn xlsx_cell(data: calamine::Data) -> Cell {
    use calamine::Data;
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s),
        Data::Float(f) => Cell::Number(f),
        Data::Int(i) => Cell::Number(i as f64),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(d) => excel_date(d.as_f64()).map_or(Cell::Number(d.as_f64()), Cell::Date),
        Data::DateTimeIso(s) => match Date::parse(s.get(..10).unwrap_or(&s)) {
            Some(date) => Cell::Date(date),
            None => Cell::Text(s),
        },
        other => Cell::Text(other.to_string()),
    }
}

/// A 0-based row and column as a spreadsheet names the cell: `XFD1048576`.
pub(crate) fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(column) + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(u64::from(row) + 1).to_string()
}

/// A cell's name (`D14`) as its 0-based row and column; `None` if it is not one.
pub(crate) fn parse_cell_name(name: &[u8]) -> Option<(u32, u32)> {
    let split = name.iter().position(u8::is_ascii_digit)?;
    let (letters, digits) = name.split_at(split);
    if letters.is_empty() || !letters.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut column: u32 = 0;
    for l in letters {
        let value = u32::from(l.to_ascii_uppercase() - b'A') + 1;
        column = column.checked_mul(26)?.checked_add(value)?;
    }
    let row: u32 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    Some((row.checked_sub(1)?, column - 1))
}

/// Spreadsheet day numbers count from 1899-12-30 (Excel's 1900 leap-year bug included); a
/// spreadsheet's dates run from day 1 to 9999-12-31 (day 2,958,465), and a number outside is
/// not a date.
fn excel_date(serial: f64) -> Option<Date> {
    (1.0..2_958_466.0)
        .contains(&serial)
        .then(|| Date::from_days_since_epoch(serial.floor() as i64 - 25_569))
}

fn csv_sheet(file: &str, bytes: &[u8], bounds: Bounds) -> Result<Sheet, Vec<Diagnostic>> {
    let problem = |message: Message| vec![Diagnostic::error("", message).in_file(file)];
    let text =
        std::str::from_utf8(bytes).map_err(|_| problem(Message::new("grid.csv_not_utf8")))?;
    let text = text.strip_prefix(super::csv::BOM).unwrap_or(text);
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
    let mut sheet = Sheet::new(file.to_string());
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            problem(
                Message::new("grid.csv_line")
                    .plain("line", row + 1)
                    .plain("reason", e),
            )
        })?;
        for (column, value) in record.iter().enumerate() {
            if !value.trim().is_empty() {
                let cell = Cell::Text(super::csv::restore(value).to_string());
                sheet.put(row, column, cell, bounds)?;
            }
        }
    }
    Ok(sheet)
}

/// A workbook's fingerprint names the requirements it was made for.
fn check_fingerprint(instructions: &Sheet, sheet: &Sheet, grid: &Grid) -> Option<Diagnostic> {
    let (row, cell) = instructions.labelled("grid_fingerprint")?;
    let found = cell.text();
    if found == grid.fingerprint {
        return None;
    }
    let version = instructions
        .labelled("version")
        .map(|(_, c)| c.text())
        .unwrap_or_default();
    let doc = &grid.spec.q.document;
    let mut d = Diagnostic::error(
        "",
        Message::new("grid.other_version")
            .plain("version", version)
            .plain("found", found)
            .plain("current", &doc.version)
            .plain("date", doc.date)
            .plain("fingerprint", &grid.fingerprint),
    )
    .in_file(&instructions.at(row, 'B'));
    for (_, change) in differences(&written_rows(sheet), grid).into_iter().take(10) {
        d = d.hint(change);
    }
    Some(d.hint(Message::new("grid.other_version_hint")))
}

/// The requirement rows as written in a grid, by ID.
fn written_rows(sheet: &Sheet) -> Vec<(usize, GridRow)> {
    (1..sheet.rows.len())
        .filter_map(|r| {
            let id = sheet.cell(r, Column::Id).text();
            (!id.is_empty()).then(|| {
                (
                    r,
                    GridRow {
                        id,
                        module: sheet.cell(r, Column::Module).text(),
                        title: sheet.cell(r, Column::Title).text(),
                        description: sheet.cell(r, Column::Description).text(),
                        priority: sheet.cell(r, Column::Priority).text(),
                    },
                )
            })
        })
        .collect()
}

/// What differs between the grid's requirements and the questionnaire's, in words; `true`
/// for a requirement whose text or priority changed (rather than one added or removed).
fn differences(written: &[(usize, GridRow)], grid: &Grid) -> Vec<(bool, Message)> {
    let by_id: HashMap<&str, &GridRow> = written.iter().map(|(_, r)| (r.id.as_str(), r)).collect();
    let current: HashSet<&str> = grid.rows.iter().map(|r| r.id.as_str()).collect();
    let mut out = Vec::new();
    for row in &grid.rows {
        match by_id.get(row.id.as_str()) {
            None => out.push((
                false,
                Message::new("grid.new_requirement").plain("id", &row.id),
            )),
            Some(w) => {
                for (what, old, new) in [
                    ("grid.what_title", &w.title, &row.title),
                    ("grid.what_description", &w.description, &row.description),
                    ("grid.what_priority", &w.priority, &row.priority),
                ] {
                    if old.trim() != new.trim() {
                        out.push((
                            true,
                            Message::new("grid.changed")
                                .plain("id", &row.id)
                                .message("what", Message::new(what))
                                .code("old", old.as_str())
                                .code("new", new.as_str()),
                        ));
                    }
                }
            }
        }
    }
    for (_, w) in written {
        if !current.contains(w.id.as_str()) {
            out.push((false, Message::new("grid.no_longer").plain("id", &w.id)));
        }
    }
    out
}

/// A grid without fingerprint (CSV) whose requirement texts or priorities differ from the
/// questionnaire's was made for another version: one error, listing the differences.
fn version_mismatch(sheet: &Sheet, grid: &Grid) -> Option<Diagnostic> {
    let written = written_rows(sheet);
    let known: HashSet<&str> = grid.rows.iter().map(|r| r.id.as_str()).collect();
    let changes: Vec<Message> = differences(&written, grid)
        .into_iter()
        .filter_map(|(changed, c)| changed.then_some(c))
        .collect();
    // Unknown or missing IDs alone are reported cell by cell; changed texts mean a version.
    let unknown = written
        .iter()
        .filter(|(_, w)| !known.contains(w.id.as_str()))
        .count();
    if changes.is_empty() || (changes.len() < 2 && unknown > 0) {
        return None;
    }
    let mut d = Diagnostic::error(
        "",
        Message::new("grid.other_version_differ").count("count", changes.len() as u64),
    )
    .in_file(&sheet.place);
    for change in changes.into_iter().take(10) {
        d = d.hint(change);
    }
    Some(d.hint(Message::new("grid.send_current_grid")))
}

fn check_header(sheet: &Sheet, grid: &Grid) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for column in [Column::Id, Column::Coverage, Column::ExtraCost] {
        let found = sheet.cell(0, column).text();
        let expected: Vec<String> = Language::ALL
            .iter()
            .map(|&l| column.header(l, grid.currency()))
            .collect();
        let bare = found.split(" (").next().unwrap_or_default();
        let matches = expected
            .iter()
            .any(|e| e == &found || e.split(" (").next() == Some(bare));
        if !matches {
            out.push(
                Diagnostic::error(
                    "",
                    Message::new("grid.wrong_column")
                        .plain("letter", column.letter())
                        .code("expected", column.header(grid.lang(), grid.currency()))
                        .code("found", found),
                )
                .in_file(&sheet.at(0, column.letter()))
                .hint(Message::new("grid.wrong_column_hint")),
            );
        }
    }
    out
}

fn answers(sheet: &Sheet, grid: &Grid, problems: &mut Vec<Diagnostic>) -> Vec<Answer> {
    let lang = grid.lang();
    let known: Vec<&str> = grid.rows.iter().map(|r| r.id.as_str()).collect();
    let known_set: HashSet<&str> = known.iter().copied().collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut answers = Vec::new();
    let choices = Coverage::ALL
        .iter()
        .map(|c| coverage_choice(*c, lang))
        .collect::<Vec<_>>()
        .join(", ");
    for r in 1..sheet.rows.len() {
        let id = sheet.cell(r, Column::Id).text();
        let blank = sheet.rows[r].iter().all(|c| c.text().is_empty());
        if blank {
            continue;
        }
        let at = |c: Column| sheet.at(r, c.letter());
        let mut report = |c: Column, message: Message, hints: Vec<Message>| {
            let mut d = Diagnostic::error("", message).in_file(&at(c));
            d.hints = hints;
            problems.push(d);
        };
        if id.is_empty() {
            report(
                Column::Id,
                Message::new("grid.row_without_id"),
                vec![Message::new("grid.row_without_id_hint")],
            );
            continue;
        }
        if !known_set.contains(id.as_str()) {
            let mut hints = Vec::new();
            if let Some(s) = suggest(&id, known.iter().copied()) {
                hints.push(did_you_mean(s));
            }
            hints.push(Message::new("grid.unknown_id_hint"));
            report(
                Column::Id,
                Message::new("grid.unknown_id").code("id", &id),
                hints,
            );
            continue;
        }
        if let Some(first) = seen.get(&id) {
            report(
                Column::Id,
                Message::new("grid.answered_twice").code("id", &id),
                vec![Message::new("grid.first_answered").plain("row", first + 1)],
            );
            continue;
        }
        seen.insert(id.clone(), r);
        let coverage_text = sheet.cell(r, Column::Coverage).text();
        let coverage = if coverage_text.is_empty() {
            report(
                Column::Coverage,
                Message::new("grid.no_coverage").code("id", &id),
                vec![Message::new("grid.answer_one_of").plain("choices", &choices)],
            );
            None
        } else {
            let parsed = parse_coverage(&coverage_text);
            if parsed.is_none() {
                report(
                    Column::Coverage,
                    Message::new("grid.not_coverage")
                        .code("value", &coverage_text)
                        .code("id", &id),
                    vec![Message::new("grid.expected_one_of").plain("choices", &choices)],
                );
            }
            parsed
        };
        let extra_cost = match sheet.cell(r, Column::ExtraCost) {
            Cell::Empty => None,
            Cell::Number(n) if amount_in_bounds(*n) => Some(*n),
            cell => {
                let parsed = parse_amount(&cell.text()).filter(|n| amount_in_bounds(*n));
                if parsed.is_none() {
                    report(
                        Column::ExtraCost,
                        Message::new("grid.not_amount")
                            .code("value", cell.text())
                            .code("id", &id),
                        vec![Message::new("grid.not_amount_hint")],
                    );
                }
                parsed
            }
        };
        let availability = match sheet.cell(r, Column::Availability) {
            // A day number in a cell that lost its date format: the column holds dates.
            Cell::Number(n) if (36_526.0..73_051.0).contains(n) => {
                excel_date(*n).map(|d| d.to_string())
            }
            cell => Some(cell.text()).filter(|t| !t.is_empty()),
        };
        if let Some(coverage) = coverage {
            answers.push(Answer {
                id: id.clone(),
                coverage,
                comment: sheet.cell(r, Column::Comment).text(),
                extra_cost,
                availability,
            });
        }
    }
    for row in &grid.rows {
        if !seen.contains_key(&row.id) {
            problems.push(
                Diagnostic::error(
                    "",
                    Message::new("grid.missing_requirement")
                        .code("id", &row.id)
                        .plain("title", &row.title),
                )
                .in_file(&sheet.place)
                .hint(Message::new("grid.missing_requirement_hint")),
            );
        }
    }
    // Answers in the questionnaire's order, whatever order the vendor sorted them in.
    let order: HashMap<&str, usize> = known.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    answers.sort_by_key(|a| order.get(a.id.as_str()).copied().unwrap_or(usize::MAX));
    answers
}

/// A coverage answer in either language: the code (`SP`), the word (`Paramétrage`), the
/// dropdown's `SP — Paramétrage`, or crmspec's key (`configuration`); case and accents
/// ignored.
pub fn parse_coverage(text: &str) -> Option<Coverage> {
    let normal = |t: &str| fold(t.trim());
    let text = normal(text);
    let code = normal(text.split(['—', '–', '-', ':']).next().unwrap_or_default());
    Coverage::ALL.into_iter().find(|c| {
        Language::ALL.iter().any(|&lang| {
            let word = |group: &str| {
                normal(words::text(&format!("{group}.{}", c.key()), lang).unwrap_or_default())
            };
            let (c_code, c_label) = (word("coverage_code"), word("coverage"));
            text == c_code
                || text == c_label
                || text == normal(&coverage_choice(*c, lang))
                || code == c_code
                || text == c.key().replace('_', " ")
                || text == c.key()
        })
    })
}

/// `1500`, `1 500,50`, `1,500.50`, `1 500 €`: an amount as people type it.
/// An extra cost crmspec can add up and print: finite, not negative, at most
/// [`MAX_AMOUNT`] (`inf`, `NaN` and `1e308` are slips, not prices).
pub(crate) fn amount_in_bounds(n: f64) -> bool {
    n.is_finite() && (0.0..=MAX_AMOUNT).contains(&n)
}

pub(crate) fn parse_amount(text: &str) -> Option<f64> {
    let kept: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-'))
        .collect();
    if kept.is_empty() {
        return None;
    }
    let normalised = match (kept.rfind(','), kept.rfind('.')) {
        // The later separator is the decimal one; the other groups thousands.
        (Some(c), Some(d)) if c > d => kept.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => kept.replace(',', ""),
        (Some(c), None) if kept.len() - c - 1 == 3 && kept.matches(',').count() > 1 => {
            kept.replace(',', "")
        }
        (Some(_), None) => kept.replace(',', "."),
        _ => kept,
    };
    normalised.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_in_every_spelling() {
        for (text, expected) in [
            ("ST", Coverage::Standard),
            ("st — Standard", Coverage::Standard),
            ("SP - Paramétrage", Coverage::Configuration),
            ("parametrage", Coverage::Configuration),
            ("CF", Coverage::Configuration),
            ("Configuration", Coverage::Configuration),
            ("DS", Coverage::Custom),
            ("Développement spécifique", Coverage::Custom),
            ("custom development", Coverage::Custom),
            ("NC — Non couvert", Coverage::NotCovered),
            ("not covered", Coverage::NotCovered),
        ] {
            assert_eq!(parse_coverage(text), Some(expected), "{text}");
        }
        assert_eq!(parse_coverage("partiel"), None);
        assert_eq!(parse_coverage("S"), None);
    }

    #[test]
    fn amounts_as_typed() {
        assert_eq!(parse_amount("1500"), Some(1500.0));
        assert_eq!(parse_amount("1 500,50 €"), Some(1500.5));
        assert_eq!(parse_amount("1,500.50"), Some(1500.5));
        assert_eq!(parse_amount("1.500,50"), Some(1500.5));
        assert_eq!(parse_amount("12,5"), Some(12.5));
        assert_eq!(parse_amount("1,500,000"), Some(1_500_000.0));
        assert_eq!(parse_amount("gratuit"), None);
    }

    #[test]
    fn cell_names_both_ways() {
        for (name, row, column) in [
            ("A1", 0, 0),
            ("D14", 13, 3),
            ("Z2", 1, 25),
            ("AA3", 2, 26),
            ("XFD1048576", 1_048_575, 16_383),
        ] {
            assert_eq!(cell_name(row, column), name);
            assert_eq!(parse_cell_name(name.as_bytes()), Some((row, column)));
        }
        assert_eq!(parse_cell_name(b"A0"), None);
        assert_eq!(parse_cell_name(b"14"), None);
        assert_eq!(parse_cell_name(b"A-1"), None);
        assert_eq!(parse_cell_name(b"ZZZZZZZZZZ1"), None);
    }

    #[test]
    fn spreadsheet_day_numbers() {
        assert_eq!(excel_date(46_465.0).unwrap().to_string(), "2027-03-19");
        assert_eq!(excel_date(25_569.0).unwrap().to_string(), "1970-01-01");
        assert_eq!(excel_date(-1e300), None);
        assert_eq!(excel_date(f64::NAN), None);
    }
}
