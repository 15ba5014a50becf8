//! A vendor's filled price schedule, read back: checked against the schedule's layout cell by
//! cell, every problem reported with its cell (`prix-A.xlsx!Licences!C5`), the prices returned
//! as an [`Offer`].
//!
//! A schedule is read as the response grid is, as a hostile file (the package inspected before
//! any cell is read, values outside the sheets refused), with one difference: its totals are
//! formulas crmspec wrote. A formula is accepted where the layout has that formula, and
//! nowhere else; its saved result is never read, since crmspec recomputes every total.

use super::{Content, Offer, OptionPrice, Part, Priced, Schedule, SheetLayout};
use crate::diagnostic::Diagnostic;
use crate::grid::package::{self, Refusal, SheetFormulas};
use crate::grid::read::{
    amount_in_bounds, cell_name, labels, parse_amount, parse_cell_name, refused, Bounds, Cell,
    Kind, Sheet, Workbook, MAX_GRID_BYTES,
};
use crate::grid::MAX_AMOUNT;
use crate::lang::messages::Message;
use std::path::Path;

/// Reads a filled schedule (`.xlsx` or `.ods`) and checks it against the questionnaire's
/// schedule.
pub fn read(path: &Path, schedule: &Schedule) -> Result<Offer, Vec<Diagnostic>> {
    let file = path.display().to_string();
    let bytes = crate::read_regular_file(path, MAX_GRID_BYTES).map_err(|e| {
        vec![Diagnostic::error(
            "",
            Message::new("price_schedule.unreadable").message(
                "reason",
                // The file is named at the start of the line already.
                match &e {
                    crate::Error::Read { source, .. } => crate::error::io(source),
                    other => other.message(),
                },
            ),
        )
        .in_file(&file)
        .hint(Message::new("price_schedule.unreadable_hint"))]
    })?;
    // A CSV has no sheets: read as an XLSX, it is refused as not being one.
    let kind = Kind::of(path, &bytes).unwrap_or(Kind::Xlsx);
    read_bytes(&file, &bytes, kind, schedule)
}

/// Whether a workbook's sheets are a price schedule's (its summary sheet, in any language),
/// so that `crmspec score` tells schedules from grids among the files it is given.
pub fn is_schedule(sheet_names: &[String]) -> bool {
    let summary = labels(Part::Summary.name_key());
    sheet_names.iter().any(|n| summary.contains(n))
}

fn read_bytes(
    file: &str,
    bytes: &[u8],
    kind: Kind,
    schedule: &Schedule,
) -> Result<Offer, Vec<Diagnostic>> {
    let names: Vec<Vec<String>> = schedule
        .sheets
        .iter()
        .map(|s| labels(s.part.name_key()))
        .collect();
    // A sheet the schedule has may use its own rows and 1,000 more; another sheet, as many
    // as the largest.
    let bounds = |name: &str| {
        let rows = schedule
            .sheets
            .iter()
            .zip(&names)
            .filter(|(_, wanted)| wanted.iter().any(|n| n == name))
            .map(|(layout, _)| layout.last_row() as usize + 1)
            .next()
            .unwrap_or_else(|| {
                schedule
                    .sheets
                    .iter()
                    .map(|l| l.last_row() as usize + 1)
                    .max()
                    .unwrap_or(0)
            });
        Bounds::schedule(rows)
    };
    let formulas = package::formulas_in(
        bytes,
        kind,
        |name| names.iter().flatten().any(|n| n == name),
        bounds,
    )
    .map_err(|r| refused(file, r))?;
    let unreadable = match kind {
        Kind::Xlsx => "price_schedule.not_xlsx",
        Kind::Ods => "price_schedule.not_ods",
    };
    let mut workbook = Workbook::open(file, bytes, kind, unreadable)?;
    let present = workbook.sheet_names();
    let mut problems = Vec::new();
    let mut found = Vec::new();
    for (layout, wanted) in schedule.sheets.iter().zip(&names) {
        match present.iter().find(|n| wanted.contains(n)) {
            Some(name) => found.push((layout, name.clone())),
            None => problems.push(
                Diagnostic::error(
                    "",
                    Message::new("grid.no_sheet").either("wanted", [layout.name.clone()]),
                )
                .in_file(file)
                .hint(Message::new("grid.sheets_are").codes("sheets", present.iter().cloned()))
                .hint(Message::new("price_schedule.start_from_schedule")),
            ),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut sheets = Vec::new();
    for (layout, name) in found {
        let bounds = Bounds::schedule(layout.last_row() as usize + 1);
        let sheet = workbook.read_sheet(file, &name, bounds)?;
        let sheet_formulas = formulas.iter().find(|f| f.sheet == name);
        sheets.push((layout, sheet, sheet_formulas));
    }
    let Some((_, instructions, instruction_formulas)) =
        sheets.iter().find(|(l, _, _)| l.part == Part::Instructions)
    else {
        return Err(vec![Diagnostic::error(
            "",
            Message::new("price_schedule.no_instructions"),
        )
        .in_file(file)]);
    };
    if let Some(mut wrong) = check_fingerprint(instructions, schedule) {
        let changed = sheets
            .iter()
            .flat_map(|(layout, sheet, _)| changed_lines(layout, sheet));
        for change in changed.take(10) {
            wrong = wrong.hint(change);
        }
        return Err(vec![
            wrong.hint(Message::new("price_schedule.other_version_hint"))
        ]);
    }
    let vendor = vendor(instructions, &mut problems);
    if let Some(formulas) = instruction_formulas {
        problems.extend(refused(
            file,
            formulas.found.iter().map(Refusal::formula).collect(),
        ));
    }
    let mut prices = Prices::new(schedule);
    for (layout, sheet, formulas) in &sheets {
        if layout.part == Part::Instructions {
            continue;
        }
        if let Some(structure) = rows_added_or_removed(layout, sheet) {
            problems.push(structure);
            continue;
        }
        let mut found = Vec::new();
        check_cells(
            layout,
            sheet,
            *formulas,
            kind,
            schedule,
            &mut prices,
            &mut found,
        );
        // In the order a reader goes through the sheet: row by row, left to right.
        found.sort_by_key(|d| {
            d.file
                .rsplit('!')
                .next()
                .and_then(|cell| parse_cell_name(cell.as_bytes()))
                .unwrap_or((u32::MAX, u32::MAX))
        });
        problems.extend(found);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let offer = Offer {
        vendor: vendor.unwrap_or_default(),
        file: file.to_string(),
        licences: prices
            .licences
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect(),
        one_off: prices
            .one_off
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect(),
        recurring: prices
            .recurring
            .into_iter()
            .map(|years| years.into_iter().map(Option::unwrap_or_default).collect())
            .collect(),
        options: prices
            .options
            .into_iter()
            .map(|(once, yearly)| OptionPrice { once, yearly })
            .collect(),
    };
    let total = offer.tco(schedule.pricing).total;
    if !(total.is_finite() && total <= MAX_AMOUNT) {
        return Err(vec![Diagnostic::error(
            "",
            Message::new("price_schedule.tco_too_large").plain("total", format!("{total:.2}")),
        )
        .in_file(file)
        .hint(Message::new("price_schedule.tco_too_large_hint"))]);
    }
    if total <= 0.0 {
        return Err(vec![Diagnostic::error(
            "",
            Message::new("price_schedule.tco_zero"),
        )
        .in_file(file)
        .hint(Message::new("price_schedule.tco_zero_hint"))]);
    }
    Ok(offer)
}

/// The prices read so far, by line, in the questionnaire's order.
struct Prices {
    licences: Vec<Option<f64>>,
    one_off: Vec<Option<f64>>,
    recurring: Vec<Vec<Option<f64>>>,
    options: Vec<(Option<f64>, Option<f64>)>,
}

impl Prices {
    fn new(schedule: &Schedule) -> Prices {
        let p = schedule.pricing;
        Prices {
            licences: vec![None; p.licences.len()],
            one_off: vec![None; p.one_off.len()],
            recurring: vec![vec![None; p.years as usize]; p.recurring.len()],
            options: vec![(None, None); p.options.len()],
        }
    }

    fn set(&mut self, priced: Priced, value: Option<f64>) {
        let slot = match priced {
            Priced::Licence(i) => self.licences.get_mut(i),
            Priced::OneOff(i) => self.one_off.get_mut(i),
            Priced::Recurring(i, y) => self
                .recurring
                .get_mut(i)
                .and_then(|years| years.get_mut(y as usize)),
            Priced::OptionOnce(i) => self.options.get_mut(i).map(|o| &mut o.0),
            Priced::OptionYearly(i) => self.options.get_mut(i).map(|o| &mut o.1),
        };
        if let Some(slot) = slot {
            *slot = value;
        }
    }
}

/// The line a price cell is for, as a message names it.
fn describe(priced: Priced, schedule: &Schedule) -> Message {
    let p = schedule.pricing;
    let name = |items: &[String], i: usize| items.get(i).cloned().unwrap_or_default();
    match priced {
        Priced::Licence(i) => Message::new("price_schedule.line_licence").code(
            "line",
            p.licences
                .get(i)
                .map(|l| l.profile.as_str())
                .unwrap_or_default(),
        ),
        Priced::OneOff(i) => Message::new("price_schedule.line").code("line", name(&p.one_off, i)),
        Priced::Recurring(i, y) => Message::new("price_schedule.line_year")
            .code("line", name(&p.recurring, i))
            .plain("year", y + 1),
        Priced::OptionOnce(i) => {
            Message::new("price_schedule.line_option_once").code("line", name(&p.options, i))
        }
        Priced::OptionYearly(i) => {
            Message::new("price_schedule.line_option_yearly").code("line", name(&p.options, i))
        }
    }
}

/// The schedule's fingerprint names the lines it was made for.
fn check_fingerprint(instructions: &Sheet, schedule: &Schedule) -> Option<Diagnostic> {
    match instructions.labelled("schedule.fingerprint") {
        None => Some(
            Diagnostic::error("", Message::new("price_schedule.no_fingerprint"))
                .in_file(&instructions.place)
                .hint(Message::new("price_schedule.start_from_schedule")),
        ),
        Some((row, cell)) if cell.text() != schedule.fingerprint => Some(
            Diagnostic::error(
                "",
                Message::new("price_schedule.other_version")
                    .code("found", cell.text())
                    .code("fingerprint", &schedule.fingerprint),
            )
            .in_file(&instructions.at(row, 'B')),
        ),
        Some(_) => None,
    }
}

/// What differs between the lines a schedule prices and the questionnaire's (a label, a
/// number of users), in words: why its fingerprint is another.
fn changed_lines(layout: &SheetLayout, sheet: &Sheet) -> Vec<Message> {
    let sheet_name = sheet.place.rsplit('!').next().unwrap_or_default();
    layout
        .cells
        .iter()
        .filter_map(|cell| {
            let found = sheet.get(cell.row as usize, usize::from(cell.col)).text();
            let expected = match &cell.content {
                Content::Label(text) => text.trim().to_string(),
                Content::Number(n) => Cell::Number(*n).text(),
                _ => return None,
            };
            let at = cell_name(cell.row, u32::from(cell.col));
            (found != expected).then(|| {
                Message::new("price_schedule.changed_line")
                    .plain("cell", format!("{sheet_name}!{at}"))
                    .code("found", found)
                    .code("expected", expected)
            })
        })
        .collect()
}

/// The vendor's name, which matches the schedule with the vendor's grid.
fn vendor(instructions: &Sheet, problems: &mut Vec<Diagnostic>) -> Option<String> {
    let (row, cell) = instructions.labelled("grid_vendor")?;
    let name = cell.text();
    if name.is_empty() {
        problems.push(
            Diagnostic::error("", Message::new("price_schedule.no_vendor"))
                .in_file(&instructions.at(row, 'B'))
                .hint(Message::new("price_schedule.no_vendor_hint")),
        );
        return None;
    }
    Some(name)
}

/// A row inserted among the lines, or one deleted, shifts every row below it: said once, as
/// such, rather than as every cell below being wrong.
fn rows_added_or_removed(layout: &SheetLayout, sheet: &Sheet) -> Option<Diagnostic> {
    let (header, expected) = layout.lines.as_ref()?;
    let first = *header as usize + 1;
    let count = sheet.rows.len().saturating_sub(first).max(expected.len());
    let found: Vec<String> = (first..first + count)
        .map(|r| sheet.get(r, 0).text())
        .collect();
    let at = (0..count).find(|&i| found.get(i) != expected.get(i))?;
    let without = |list: &[String], i: usize| -> Vec<String> {
        let mut list = list.to_vec();
        if i < list.len() {
            list.remove(i);
        }
        list
    };
    let trimmed = |list: Vec<String>| -> Vec<String> {
        let mut list = list;
        while list.last().is_some_and(String::is_empty) {
            list.pop();
        }
        list
    };
    let row = first + at;
    if trimmed(without(&found, at)) == trimmed(expected.clone()) {
        let label = &found[at];
        return Some(
            Diagnostic::error(
                "",
                if label.is_empty() {
                    Message::new("price_schedule.row_inserted")
                } else {
                    Message::new("price_schedule.row_added").code("label", label)
                },
            )
            .in_file(&sheet.at(row, 'A'))
            .hint(Message::new("price_schedule.row_added_hint")),
        );
    }
    if trimmed(found.clone()) == trimmed(without(expected, at)) {
        return Some(
            Diagnostic::error(
                "",
                Message::new("price_schedule.row_removed").code("label", &expected[at]),
            )
            .in_file(&sheet.at(row, 'A'))
            .hint(Message::new("price_schedule.row_removed_hint")),
        );
    }
    None
}

/// A formula as spreadsheets may rewrite it: no `=`, spaces, `$`, quotes around sheet names
/// or function prefixes, in upper case (LibreOffice writes `[$Licences.D8]` for crmspec's
/// `['Licences'.D8]`).
fn normal(formula: &str) -> String {
    formula
        .trim_start_matches('=')
        .replace("_xlfn.", "")
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '$' | '\''))
        .flat_map(char::to_uppercase)
        .collect()
}

fn check_cells(
    layout: &SheetLayout,
    sheet: &Sheet,
    formulas: Option<&SheetFormulas>,
    kind: Kind,
    schedule: &Schedule,
    prices: &mut Prices,
    problems: &mut Vec<Diagnostic>,
) {
    let place = |row: u32, col: u16| format!("{}!{}", sheet.place, cell_name(row, u32::from(col)));
    let locked = |at: String, expected: String, found: String| {
        Diagnostic::error(
            "",
            Message::new("price_schedule.locked_changed")
                .code("found", found)
                .code("expected", expected),
        )
        .in_file(&at)
        .hint(Message::new("price_schedule.locked_changed_hint"))
    };
    for cell in &layout.cells {
        let value = sheet.get(cell.row as usize, usize::from(cell.col));
        let at = place(cell.row, cell.col);
        match &cell.content {
            Content::Title(text) | Content::Header(text) | Content::Label(text) => {
                if value.text() != text.trim() {
                    problems.push(locked(at, text.clone(), value.text()));
                }
            }
            Content::Number(n) => {
                let same = matches!(value, Cell::Number(found) if (found - n).abs() < 1e-9);
                if !same {
                    problems.push(locked(at, n.to_string(), value.text()));
                }
            }
            Content::Price(priced) => match amount(value) {
                Ok(Some(n)) => prices.set(*priced, Some(n)),
                Ok(None) if priced.required() => problems.push(
                    Diagnostic::error(
                        "",
                        Message::new("price_schedule.no_price")
                            .message("line", describe(*priced, schedule)),
                    )
                    .in_file(&at)
                    .hint(Message::new("price_schedule.no_price_hint")),
                ),
                Ok(None) => {}
                Err(problem) => problems.push(
                    Diagnostic::error(
                        "",
                        Message::new("price_schedule.bad_amount")
                            .message("problem", problem.message())
                            .message("line", describe(*priced, schedule)),
                    )
                    .in_file(&at)
                    .hint(problem.hint()),
                ),
            },
            Content::Formula { .. }
            | Content::Comment
            | Content::Vendor
            | Content::Fact(_)
            | Content::Heading(_)
            | Content::Fingerprint(_) => {}
        }
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if *value != Cell::Empty && layout.cell(r as u32, c as u16).is_none() {
                problems.push(
                    Diagnostic::error(
                        "",
                        Message::new("price_schedule.stray_value").code("value", value.text()),
                    )
                    .in_file(&place(r as u32, c as u16))
                    .hint(Message::new("price_schedule.stray_value_hint")),
                );
            }
        }
    }
    check_formulas(layout, formulas, kind, &sheet.place, problems);
}

/// Every formula must be the one crmspec wrote in its cell, and every total must still be a
/// formula: a total typed over would show the vendor another total than the one compared.
fn check_formulas(
    layout: &SheetLayout,
    formulas: Option<&SheetFormulas>,
    kind: Kind,
    place: &str,
    problems: &mut Vec<Diagnostic>,
) {
    // The formula as crmspec wrote it in this format.
    let written = |text: &str| match kind {
        Kind::Xlsx => text.to_string(),
        Kind::Ods => crate::ods::open_formula(text),
    };
    let found = formulas.map_or(&[][..], |f| f.found.as_slice());
    let mut seen = Vec::new();
    for formula in found {
        let Some((row, col)) = parse_cell_name(formula.cell.as_bytes()) else {
            continue;
        };
        let at = format!("{place}!{}", formula.cell);
        match layout.cell(row, col as u16).map(|c| &c.content) {
            Some(Content::Formula { text, .. }) => {
                seen.push((row, col as u16));
                // A shared formula's other cells hold no text of their own.
                if !formula.text.is_empty() && normal(&formula.text) != normal(&written(text)) {
                    problems.push(
                        Diagnostic::error(
                            "",
                            Message::new("price_schedule.formula_changed")
                                .code("found", format!("={}", formula.text))
                                .code("expected", format!("={}", written(text))),
                        )
                        .in_file(&at)
                        .hint(Message::new("price_schedule.formula_changed_hint")),
                    );
                }
            }
            _ => problems.push(
                Diagnostic::error("", Refusal::formula(formula).message())
                    .in_file(&at)
                    .hint(Message::new("price_schedule.formula_hint")),
            ),
        }
    }
    if formulas.is_some_and(|f| f.count > f.found.len()) {
        // Not every formula was kept: which totals are missing cannot be said.
        return;
    }
    for cell in &layout.cells {
        if let Content::Formula { text, .. } = &cell.content {
            if !seen.contains(&(cell.row, cell.col)) {
                problems.push(
                    Diagnostic::error(
                        "",
                        Message::new("price_schedule.total_replaced")
                            .code("total", format!("={text}")),
                    )
                    .in_file(&format!(
                        "{place}!{}",
                        cell_name(cell.row, u32::from(cell.col))
                    ))
                    .hint(Message::new("price_schedule.total_replaced_hint")),
                );
            }
        }
    }
}

/// Why an amount cell is refused.
#[derive(Debug)]
enum AmountProblem {
    NotANumber(String),
    Text(String),
    Negative(String),
    TooLarge(String),
}

impl AmountProblem {
    fn message(&self) -> Message {
        match self {
            AmountProblem::NotANumber(v) => {
                Message::new("price_schedule.not_an_amount").code("value", v)
            }
            AmountProblem::Text(v) => {
                Message::new("price_schedule.amount_as_text").code("value", v)
            }
            AmountProblem::Negative(v) => {
                Message::new("price_schedule.negative_amount").plain("value", v)
            }
            AmountProblem::TooLarge(v) => {
                Message::new("price_schedule.amount_too_large").plain("value", v)
            }
        }
    }

    fn hint(&self) -> Message {
        Message::new(match self {
            AmountProblem::NotANumber(_) => "price_schedule.not_an_amount_hint",
            AmountProblem::Text(_) => "price_schedule.amount_as_text_hint",
            AmountProblem::Negative(_) => "price_schedule.negative_amount_hint",
            AmountProblem::TooLarge(_) => "price_schedule.amount_too_large_hint",
        })
    }
}

/// An amount cell: empty, or a number from 0 to [`MAX_AMOUNT`]. An amount typed as text is
/// refused, though it reads as one: the spreadsheet's totals, which the vendor sees and
/// signs, leave text out, and crmspec must compare the same totals.
fn amount(cell: &Cell) -> Result<Option<f64>, AmountProblem> {
    let n = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(n) => *n,
        Cell::Text(t) if t.trim().is_empty() => return Ok(None),
        Cell::Text(t) => {
            let t = t.trim().to_string();
            return Err(match parse_amount(&t) {
                Some(n) if n < 0.0 => AmountProblem::Negative(t),
                Some(_) => AmountProblem::Text(t),
                None => AmountProblem::NotANumber(t),
            });
        }
        Cell::Date(_) => return Err(AmountProblem::NotANumber(cell.text())),
    };
    if !n.is_finite() {
        return Err(AmountProblem::NotANumber(cell.text()));
    }
    if n < 0.0 {
        return Err(AmountProblem::Negative(cell.text()));
    }
    if !amount_in_bounds(n) {
        return Err(AmountProblem::TooLarge(cell.text()));
    }
    Ok(Some(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_compare_as_spreadsheets_rewrite_them() {
        assert_eq!(normal("='Licences'!D8"), normal("Licences!$D$8"));
        assert_eq!(normal("SUM(B4:B7)"), normal("sum( B4 : B7 )"));
        assert_ne!(normal("SUM(B4:B7)"), normal("SUM(B4:B8)"));
    }

    #[test]
    fn amounts_are_positive_numbers() {
        assert_eq!(amount(&Cell::Number(12.5)).unwrap(), Some(12.5));
        // Text is refused even when it reads as an amount: the spreadsheet does not count it.
        assert!(matches!(
            amount(&Cell::Text("1 500,50".into())),
            Err(AmountProblem::Text(_))
        ));
        assert_eq!(amount(&Cell::Empty).unwrap(), None);
        assert!(matches!(
            amount(&Cell::Number(-3.0)),
            Err(AmountProblem::Negative(_))
        ));
        assert!(matches!(
            amount(&Cell::Text("-3".into())),
            Err(AmountProblem::Negative(_))
        ));
        assert!(matches!(
            amount(&Cell::Text("gratuit".into())),
            Err(AmountProblem::NotANumber(_))
        ));
        assert!(matches!(
            amount(&Cell::Number(1e13)),
            Err(AmountProblem::TooLarge(_))
        ));
    }
}
