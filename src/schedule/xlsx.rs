//! The schedule's layout as an XLSX workbook, in the response grid's style: the buyer's cells
//! grey and locked, the vendor's yellow, amounts validated as positive numbers, totals as
//! formulas, every sheet protected without a password (it guards against slips, not against
//! the vendor).

use super::{Content, Part, Schedule, SheetLayout, Total};
use crate::grid::xlsx::{
    fit_row, print_setup, protect, Formats, HEADER_FILL, LOCKED_FILL, TOTAL_FILL,
};
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

/// Amounts show two decimals and grouped thousands, in every spreadsheet's own convention.
const MONEY: &str = "#,##0.00";

/// The workbook's bytes. Its properties carry the document's date, not the clock, so the
/// same questionnaire always gives the same file.
pub fn write(schedule: &Schedule) -> Result<Vec<u8>, crate::Error> {
    build(schedule).map_err(|e| crate::Error::Schedule(e.to_string()))
}

fn build(schedule: &Schedule) -> Result<Vec<u8>, XlsxError> {
    let doc = &schedule.spec.q.document;
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(doc.date.year as u16, doc.date.month, doc.date.day)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{} — {}",
                schedule.text("schedule.title"),
                doc.title
            ))
            .set_author(&doc.author)
            .set_company(&doc.client)
            .set_creation_datetime(&created),
    );
    let styles = Styles::new();
    for layout in &schedule.sheets {
        let sheet = workbook.add_worksheet();
        write_sheet(sheet, schedule, layout, &styles)?;
        if layout.part == Part::Instructions {
            sheet.set_active(true);
        }
    }
    workbook.save_to_buffer()
}

struct Styles {
    grid: Formats,
    users: Format,
    formula: Format,
    total: Format,
    users_total: Format,
    total_label: Format,
}

impl Styles {
    fn new() -> Styles {
        let border = |f: Format| f.set_border(FormatBorder::Thin).set_border_color(0xA6A6A6);
        Styles {
            grid: Formats::new(),
            users: border(
                Format::new()
                    .set_background_color(LOCKED_FILL)
                    .set_align(FormatAlign::Top)
                    .set_num_format("#,##0"),
            ),
            formula: border(
                Format::new()
                    .set_background_color(LOCKED_FILL)
                    .set_align(FormatAlign::Top)
                    .set_num_format(MONEY),
            ),
            total: border(
                Format::new()
                    .set_bold()
                    .set_background_color(TOTAL_FILL)
                    .set_font_color(HEADER_FILL)
                    .set_num_format(MONEY),
            ),
            users_total: border(
                Format::new()
                    .set_bold()
                    .set_background_color(TOTAL_FILL)
                    .set_font_color(HEADER_FILL)
                    .set_num_format("#,##0"),
            ),
            total_label: border(
                Format::new()
                    .set_bold()
                    .set_background_color(TOTAL_FILL)
                    .set_font_color(HEADER_FILL)
                    .set_text_wrap(),
            ),
        }
    }
}

fn write_sheet(
    sheet: &mut Worksheet,
    schedule: &Schedule,
    layout: &SheetLayout,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(&layout.name)?;
    for (col, width) in layout.widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
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
    let amount = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_input_title(schedule.text("schedule.price_title"))?
        .set_input_message(schedule.text("schedule.amount_help"))?
        .set_error_title(schedule.text("schedule.price_title"))?
        .set_error_message(schedule.text("schedule.amount_error"))?;
    let option = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_input_title(schedule.text("schedule.price_title"))?
        .set_input_message(schedule.text("schedule.option_help"))?
        .set_error_title(schedule.text("schedule.price_title"))?
        .set_error_message(schedule.text("schedule.amount_error"))?;
    for cell in &layout.cells {
        let (row, col) = (cell.row, cell.col);
        let width = layout.widths.get(usize::from(col)).copied().unwrap_or(20.0);
        match &cell.content {
            Content::Title(text) => {
                sheet.write_string_with_format(row, col, text, &s.grid.title)?;
            }
            Content::Heading(text) => {
                sheet.write_string_with_format(row, col, text, &s.grid.heading)?;
            }
            Content::Header(text) => {
                sheet.write_string_with_format(row, col, text, &s.grid.header)?;
                fit_row(sheet, row, &[(text, width)])?;
            }
            Content::Fact(text) => {
                let format = if col == 0 {
                    &s.grid.label
                } else {
                    &s.grid.text
                };
                sheet.write_string_with_format(row, col, text, format)?;
                if col > 0 {
                    fit_row(sheet, row, &[(text, width)])?;
                }
            }
            Content::Fingerprint(text) => {
                sheet.write_string_with_format(row, col, text, &s.grid.text)?;
            }
            Content::Label(text) => {
                let format = if strong_rows.contains(&row) {
                    &s.total_label
                } else {
                    &s.grid.locked
                };
                sheet.write_string_with_format(row, col, text, format)?;
                fit_row(sheet, row, &[(text, width)])?;
            }
            Content::Number(n) => {
                sheet.write_number_with_format(row, col, *n, &s.users)?;
            }
            // The saved results are those of the empty schedule, so that a program showing
            // saved results without computing them shows true totals.
            Content::Formula { text, style } => {
                let formula = Formula::new(format!("={text}"));
                match style {
                    Total::Line => {
                        sheet.write_formula_with_format(row, col, formula, &s.formula)?
                    }
                    Total::Grand => sheet.write_formula_with_format(row, col, formula, &s.total)?,
                    Total::Users(n) => sheet.write_formula_with_format(
                        row,
                        col,
                        formula.set_result(n.to_string()),
                        &s.users_total,
                    )?,
                };
            }
            Content::Price(priced) => {
                sheet.write_blank(row, col, &s.grid.money)?;
                let rule = if priced.required() { &amount } else { &option };
                sheet.add_data_validation(row, col, row, col, rule)?;
            }
            Content::Comment | Content::Vendor => {
                sheet.write_blank(row, col, &s.grid.input)?;
            }
        }
    }
    if layout.lines.is_some() {
        // The header row and the labels stay in view while the vendor scrolls.
        sheet.set_freeze_panes(super::FIRST_LINE, 1)?;
        sheet.set_repeat_rows(super::HEADER_ROW, super::HEADER_ROW)?;
    }
    print_setup(sheet, layout.landscape());
    protect(sheet);
    Ok(())
}
