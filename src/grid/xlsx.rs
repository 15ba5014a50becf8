//! The grid as an XLSX workbook: instructions, requirements (the vendor fills the last four
//! columns; the buyer's columns are locked), and the evaluation criteria.

use super::{Column, Grid};
use crate::lang::format;
use rust_xlsxwriter::{
    ConditionalFormatText, ConditionalFormatTextRule, DataValidation, DataValidationRule,
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};

pub(crate) const HEADER_FILL: u32 = 0x1F3864;
pub(crate) const LOCKED_FILL: u32 = 0xEEF1F6;
pub(crate) const INPUT_FILL: u32 = 0xFFF8DC;
/// A total the vendor reads at a glance (the price schedule's).
pub(crate) const TOTAL_FILL: u32 = 0xDDE4F0;
/// The columns' widths of each sheet, in spreadsheet characters (the ODS has the same).
pub(crate) const INSTRUCTION_WIDTHS: [f64; 3] = [30.0, 70.0, 60.0];
pub(crate) const REQUIREMENT_WIDTHS: [f64; 9] =
    [20.0, 20.0, 30.0, 60.0, 12.0, 28.0, 45.0, 14.0, 14.0];
pub(crate) const CRITERIA_WIDTHS: [f64; 3] = [45.0, 14.0, 70.0];
/// The first availability date the grid accepts.
pub(crate) const FIRST_AVAILABLE: (u16, u8, u8) = (2000, 1, 1);
/// A4, in Excel's paper numbering.
const A4: u8 = 9;

/// The workbook's bytes. Its properties carry the document's date, not the clock, so the
/// same questionnaire always gives the same file.
pub fn write(grid: &Grid) -> Result<Vec<u8>, crate::Error> {
    build(grid).map_err(|e| crate::Error::Grid(format!("cannot build the XLSX grid: {e}")))
}

fn build(grid: &Grid) -> Result<Vec<u8>, XlsxError> {
    let doc = &grid.spec.q.document;
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(doc.date.year as u16, doc.date.month, doc.date.day)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} — {}", grid.text("grid_title"), doc.title))
            .set_author(&doc.author)
            .set_company(&doc.client)
            .set_creation_datetime(&created),
    );
    instructions(workbook.add_worksheet(), grid)?;
    requirements(workbook.add_worksheet(), grid)?.set_active(true);
    criteria(workbook.add_worksheet(), grid)?;
    workbook.save_to_buffer()
}

pub(crate) struct Formats {
    pub(crate) title: Format,
    pub(crate) heading: Format,
    pub(crate) label: Format,
    pub(crate) text: Format,
    pub(crate) header: Format,
    pub(crate) locked: Format,
    pub(crate) input: Format,
    pub(crate) money: Format,
    pub(crate) date: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        let border = |f: Format| f.set_border(FormatBorder::Thin).set_border_color(0xA6A6A6);
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_font_color(HEADER_FILL),
            heading: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_font_color(HEADER_FILL),
            label: Format::new().set_bold().set_align(FormatAlign::Top),
            text: wrap.clone(),
            header: border(
                Format::new()
                    .set_bold()
                    .set_font_color(0xFFFFFF)
                    .set_background_color(HEADER_FILL)
                    .set_text_wrap()
                    .set_align(FormatAlign::Top),
            ),
            locked: border(wrap.clone().set_background_color(LOCKED_FILL)),
            input: border(wrap.clone().set_background_color(INPUT_FILL).set_unlocked()),
            money: border(
                Format::new()
                    .set_background_color(INPUT_FILL)
                    .set_unlocked()
                    .set_align(FormatAlign::Top)
                    .set_num_format("#,##0.00"),
            ),
            date: border(
                Format::new()
                    .set_background_color(INPUT_FILL)
                    .set_unlocked()
                    .set_align(FormatAlign::Top)
                    .set_num_format("yyyy-mm-dd"),
            ),
        }
    }
}

/// Keeps the buyer's text from being changed by mistake; no password, since the protection
/// guards against slips, not against the vendor.
pub(crate) fn protect(sheet: &mut Worksheet) {
    sheet.protect_with_options(&ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        format_columns: true,
        format_rows: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    });
}

/// Spreadsheets do not grow rows to fit wrapped text written by a library (LibreOffice
/// keeps the default height), so each row gets the height of its longest cell, estimated
/// from its length and its column's width.
pub(crate) fn fit_row(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[(&str, f64)],
) -> Result<(), XlsxError> {
    const LINE: f64 = 15.0;
    let lines = lines(cells);
    if lines > 1.0 {
        sheet.set_row_height(row, LINE * lines)?;
    }
    Ok(())
}

/// The lines the longest of a row's cells takes (text, and its column's width), at least one:
/// how tall the XLSX and the ODS make the row.
pub(crate) fn lines(cells: &[(&str, f64)]) -> f64 {
    cells
        .iter()
        .map(|(text, width)| {
            // A column width counts digits; text averages slightly narrower characters.
            let per_line = (width * 1.15).max(1.0);
            text.split('\n')
                .map(|p| (p.chars().count() as f64 / per_line).ceil().max(1.0))
                .sum::<f64>()
        })
        .fold(1.0, f64::max)
}

pub(crate) fn print_setup(sheet: &mut Worksheet, landscape: bool) {
    sheet.set_paper_size(A4);
    if landscape {
        sheet.set_landscape();
    }
    sheet.set_print_fit_to_pages(1, 0);
}

fn instructions<'s>(sheet: &'s mut Worksheet, grid: &Grid) -> Result<&'s mut Worksheet, XlsxError> {
    let f = Formats::new();
    sheet.set_name(grid.text("sheet_instructions"))?;
    const WIDTHS: [f64; 3] = INSTRUCTION_WIDTHS;
    for (col, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.write_string_with_format(0, 0, grid.text("grid_title"), &f.title)?;
    let facts = grid.facts();
    let mut row = 2;
    for (key, value) in facts {
        sheet.write_string_with_format(row, 0, grid.text(key), &f.label)?;
        sheet.write_string_with_format(row, 1, &value, &f.text)?;
        fit_row(sheet, row, &[(&value, WIDTHS[1])])?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, grid.text("grid_vendor"), &f.label)?;
    sheet.write_blank(row, 1, &f.input)?;
    row += 2;
    sheet.write_string_with_format(row, 0, grid.text("grid_how_to"), &f.heading)?;
    row += 1;
    for n in 1..=GRID_STEPS {
        sheet.write_number_with_format(row, 0, n as f64, &f.label)?;
        let step = grid.text(&format!("grid_step_{n}"));
        sheet.write_string_with_format(row, 1, &step, &f.text)?;
        fit_row(sheet, row, &[(&step, WIDTHS[1])])?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, grid.text("coverage_level"), &f.heading)?;
    row += 1;
    for (col, key) in ["code", "coverage_level", "meaning"].iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, grid.text(key), &f.header)?;
    }
    row += 1;
    for c in &grid.spec.scoring.coverage {
        sheet.write_string_with_format(row, 0, &c.code, &f.locked)?;
        sheet.write_string_with_format(row, 1, &c.label, &f.locked)?;
        sheet.write_string_with_format(row, 2, &c.meaning, &f.locked)?;
        fit_row(sheet, row, &[(&c.meaning, WIDTHS[2])])?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, grid.text("priority"), &f.heading)?;
    row += 1;
    for (col, key) in ["priority", "meaning"].iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, grid.text(key), &f.header)?;
    }
    row += 1;
    for p in &grid.spec.priorities {
        sheet.write_string_with_format(row, 0, &p.label, &f.locked)?;
        sheet.write_string_with_format(row, 1, &p.meaning, &f.locked)?;
        fit_row(sheet, row, &[(&p.meaning, WIDTHS[1])])?;
        row += 1;
    }
    print_setup(sheet, false);
    protect(sheet);
    Ok(sheet)
}

/// How many numbered steps the instructions give (`grid_step_1`…).
pub const GRID_STEPS: usize = 6;

fn requirements<'s>(sheet: &'s mut Worksheet, grid: &Grid) -> Result<&'s mut Worksheet, XlsxError> {
    let f = Formats::new();
    let lang = grid.lang();
    sheet.set_name(grid.text("sheet_requirements"))?;
    let widths = REQUIREMENT_WIDTHS;
    let headers: Vec<String> = Column::ALL
        .iter()
        .map(|c| c.header(lang, grid.currency()))
        .collect();
    for ((column, width), header) in Column::ALL.iter().zip(widths).zip(&headers) {
        sheet.set_column_width(column.index(), width)?;
        sheet.write_string_with_format(0, column.index(), header, &f.header)?;
    }
    let cells: Vec<(&str, f64)> = headers.iter().map(String::as_str).zip(widths).collect();
    fit_row(sheet, 0, &cells)?;
    let last = grid.rows.len() as u32;
    for (i, r) in grid.rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (column, value) in [
            (Column::Id, &r.id),
            (Column::Module, &r.module),
            (Column::Title, &r.title),
            (Column::Description, &r.description),
            (Column::Priority, &r.priority),
        ] {
            sheet.write_string_with_format(row, column.index(), value, &f.locked)?;
        }
        let width = |c: Column| widths[usize::from(c.index())];
        fit_row(
            sheet,
            row,
            &[
                (&r.module, width(Column::Module)),
                (&r.title, width(Column::Title)),
                (&r.description, width(Column::Description)),
            ],
        )?;
        sheet.write_blank(row, Column::Coverage.index(), &f.input)?;
        sheet.write_blank(row, Column::Comment.index(), &f.input)?;
        sheet.write_blank(row, Column::ExtraCost.index(), &f.money)?;
        sheet.write_blank(row, Column::Availability.index(), &f.date)?;
    }
    if last > 0 {
        let coverage = DataValidation::new()
            .allow_list_strings(&grid.coverage_choices())?
            .set_input_title(grid.text("grid_coverage"))?
            .set_input_message(grid.text("grid_coverage_help"))?
            .set_error_title(grid.text("grid_coverage"))?
            .set_error_message(grid.text("grid_coverage_error"))?;
        let col = Column::Coverage.index();
        sheet.add_data_validation(1, col, last, col, &coverage)?;
        let cost = DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_input_message(grid.text("grid_extra_cost_help"))?
            .set_error_message(grid.text("grid_extra_cost_error"))?;
        let col = Column::ExtraCost.index();
        sheet.add_data_validation(1, col, last, col, &cost)?;
        let (year, month, day) = FIRST_AVAILABLE;
        let from = ExcelDateTime::from_ymd(year, month, day)?;
        let date = DataValidation::new()
            .allow_date(DataValidationRule::GreaterThanOrEqualTo(from))
            .set_input_message(grid.text("grid_availability_help"))?
            .set_error_message(grid.text("grid_availability_error"))?;
        let col = Column::Availability.index();
        sheet.add_data_validation(1, col, last, col, &date)?;
        // Colours make a column of answers readable at a glance.
        for (code, colour) in [("NC", 0xF8CBAD), ("ST", 0xC6EFCE)] {
            let rule = ConditionalFormatText::new()
                .set_rule(ConditionalFormatTextRule::BeginsWith(code.to_string()))
                .set_format(Format::new().set_background_color(colour));
            let col = Column::Coverage.index();
            sheet.add_conditional_format(1, col, last, col, &rule)?;
        }
        sheet.autofilter(0, 0, last, Column::Availability.index())?;
    }
    sheet.set_freeze_panes(1, 1)?;
    sheet.set_repeat_rows(0, 0)?;
    print_setup(sheet, true);
    protect(sheet);
    Ok(sheet)
}

fn criteria<'s>(sheet: &'s mut Worksheet, grid: &Grid) -> Result<&'s mut Worksheet, XlsxError> {
    let f = Formats::new();
    sheet.set_name(grid.text("sheet_criteria"))?;
    const WIDTHS: [f64; 3] = CRITERIA_WIDTHS;
    for (col, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.write_string_with_format(0, 0, grid.text("criteria"), &f.title)?;
    for (col, key) in ["criterion", "weight", "scoring"].iter().enumerate() {
        sheet.write_string_with_format(2, col as u16, grid.text(key), &f.header)?;
    }
    let mut row = 3;
    for c in &grid.spec.criteria {
        sheet.write_string_with_format(row, 0, &c.name, &f.locked)?;
        sheet.write_string_with_format(
            row,
            1,
            format::percent(&c.weight.to_string(), grid.lang()),
            &f.locked,
        )?;
        let basis = grid.text(&format!("basis.{}", c.basis.key()));
        sheet.write_string_with_format(row, 2, &basis, &f.locked)?;
        fit_row(sheet, row, &[(&c.name, WIDTHS[0]), (&basis, WIDTHS[2])])?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, grid.text("coverage_scoring"), &f.heading)?;
    row += 1;
    sheet.write_string_with_format(row, 0, grid.text("coverage_level"), &f.header)?;
    sheet.write_string_with_format(row, 1, grid.text("share_of_points"), &f.header)?;
    row += 1;
    for c in &grid.spec.scoring.coverage {
        let label = format!("{} — {}", c.code, c.label);
        sheet.write_string_with_format(row, 0, label, &f.locked)?;
        sheet.write_string_with_format(
            row,
            1,
            format::percent(&c.percent.to_string(), grid.lang()),
            &f.locked,
        )?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, grid.text("priority"), &f.header)?;
    sheet.write_string_with_format(row, 1, grid.text("points"), &f.header)?;
    row += 1;
    for p in &grid.spec.scoring.priorities {
        sheet.write_string_with_format(row, 0, &p.label, &f.locked)?;
        sheet.write_number_with_format(row, 1, f64::from(p.points), &f.locked)?;
        row += 1;
    }
    print_setup(sheet, false);
    protect(sheet);
    Ok(sheet)
}
