//! The schedule's layout as an OpenDocument spreadsheet, the XLSX's twin: the same cells and
//! looks, totals as OpenFormula formulas, amounts validated as positive numbers, every sheet
//! protected without a password (see `crate::ods` for the package).

use super::{Content, Part, Schedule, SheetLayout, Total};
use crate::grid::xlsx::lines;
use crate::ods::{Book, Rule, Sheet, Style, Validation, Value};

/// The spreadsheet's bytes. Its properties carry the document's date, not the clock.
pub fn write(schedule: &Schedule) -> Result<Vec<u8>, crate::Error> {
    let doc = &schedule.spec.q.document;
    let rule = |help: &str| Validation {
        rule: Rule::Amount,
        title: Some(schedule.text("schedule.price_title")),
        help: schedule.text(help),
        error: schedule.text("schedule.amount_error"),
    };
    let mut book = Book {
        title: format!("{} — {}", schedule.text("schedule.title"), doc.title),
        author: doc.author.clone(),
        date: doc.date,
        lang: schedule.lang(),
        sheets: Vec::new(),
        active: schedule
            .sheets
            .iter()
            .position(|s| s.part == Part::Instructions)
            .unwrap_or(0),
        // The required amounts' rule, then the options'.
        validations: vec![rule("schedule.amount_help"), rule("schedule.option_help")],
    };
    book.sheets = schedule.sheets.iter().map(sheet).collect();
    crate::ods::write(&book).map_err(crate::Error::Schedule)
}

fn sheet(layout: &SheetLayout) -> Sheet {
    let mut sheet = Sheet::new(&layout.name);
    sheet.widths = layout.widths.clone();
    sheet.landscape = layout.landscape();
    if let Some((header, _)) = &layout.lines {
        sheet.header = Some(*header);
    }
    // The rows holding a grand total: their label is shown like the total.
    let strong_rows: Vec<u32> = layout
        .cells
        .iter()
        .filter(|c| {
            matches!(
                c.content,
                Content::Formula {
                    style: Total::Grand | Total::Users(_),
                    ..
                }
            )
        })
        .map(|c| c.row)
        .collect();
    for cell in &layout.cells {
        let (row, col) = (cell.row, cell.col);
        let width = layout.widths.get(usize::from(col)).copied().unwrap_or(20.0);
        match &cell.content {
            Content::Title(text) => sheet.text(row, col, text, Style::Title),
            Content::Heading(text) => sheet.text(row, col, text, Style::Heading),
            Content::Header(text) => {
                sheet.fit(row, lines(&[(text, width)]));
                sheet.text(row, col, text, Style::Header);
            }
            Content::Fact(text) => {
                if col > 0 {
                    sheet.fit(row, lines(&[(text, width)]));
                    sheet.text(row, col, text, Style::Text);
                } else {
                    sheet.text(row, col, text, Style::Label);
                }
            }
            Content::Fingerprint(text) => sheet.text(row, col, text, Style::Text),
            Content::Label(text) => {
                let style = if strong_rows.contains(&row) {
                    Style::TotalLabel
                } else {
                    Style::Locked
                };
                sheet.fit(row, lines(&[(text, width)]));
                sheet.text(row, col, text, style);
            }
            Content::Number(n) => sheet.put(row, col, Value::Number(*n), Style::Count),
            // The results are those of the empty schedule, as in the XLSX.
            Content::Formula { text, style } => {
                let (result, style) = match style {
                    Total::Line => (0.0, Style::Formula),
                    Total::Grand => (0.0, Style::Total),
                    Total::Users(n) => (*n as f64, Style::CountTotal),
                };
                sheet.put(row, col, Value::Formula(text.clone(), result), style);
            }
            Content::Price(priced) => {
                let rule = if priced.required() { 0 } else { 1 };
                sheet.input(row, col, Style::Money, Some(rule));
            }
            Content::Comment | Content::Vendor => sheet.input(row, col, Style::Input, None),
        }
    }
    sheet
}
