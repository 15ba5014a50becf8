//! The requirements as an XLSX sheet made for editing: the header frozen and filtered, the
//! module and priority as dropdowns of the questionnaire's words, IDs (and the catalogue's
//! requirements, which the questionnaire does not hold) locked, every other cell open, and
//! free rows below for new requirements.

use super::{Column, Sheet};
use crate::grid::xlsx::{fit_row, print_setup, protect, Formats};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Formula, Workbook,
    XlsxError,
};

/// Open rows under the requirements, ready for new ones (with the dropdowns).
const FREE_ROWS: u32 = 200;

pub fn write(sheet: &Sheet) -> Result<Vec<u8>, crate::Error> {
    build(sheet).map_err(|e| crate::Error::Grid(format!("cannot build the XLSX sheet: {e}")))
}

fn build(sheet: &Sheet) -> Result<Vec<u8>, XlsxError> {
    let doc = &sheet.spec.q.document;
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(doc.date.year as u16, doc.date.month, doc.date.day)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} — {}", sheet.text("reqsheet_name"), doc.title))
            .set_author(&doc.author)
            .set_company(&doc.client)
            .set_creation_datetime(&created),
    );
    let lists_name = sheet.text("reqsheet_lists");
    let modules = sheet.modules();
    let priorities = sheet.priorities();
    {
        let f = Formats::new();
        let ws = workbook.add_worksheet();
        ws.set_name(sheet.text("reqsheet_sheet"))?;
        for column in Column::ALL {
            let c = column.index() as u16;
            ws.set_column_width(c, column.width())?;
            ws.write_string_with_format(0, c, column.header(sheet.lang()), &f.header)?;
        }
        let last_row = sheet.rows.len() as u32 + FREE_ROWS;
        for (n, row) in sheet.rows.iter().enumerate() {
            let r = n as u32 + 1;
            for (column, text) in Column::ALL.iter().zip(row.cells()) {
                let locked = row.locked() || matches!(column, Column::Id | Column::Origin);
                let format = if locked { &f.locked } else { &f.input };
                ws.write_string_with_format(r, column.index() as u16, text, format)?;
            }
            let widths: Vec<(&str, f64)> = Column::ALL
                .iter()
                .zip(row.cells())
                .map(|(c, t)| (t, c.width()))
                .collect();
            fit_row(ws, r, &widths)?;
        }
        for r in sheet.rows.len() as u32 + 1..=last_row {
            for column in Column::ALL {
                let locked = matches!(column, Column::Id | Column::Origin);
                let format = if locked { &f.locked } else { &f.input };
                ws.write_blank(r, column.index() as u16, format)?;
            }
        }
        let list = |column: usize, count: usize| {
            Formula::new(format!(
                "='{}'!${}$1:${}${}",
                lists_name.replace('\'', "''"),
                char::from(b'A' + column as u8),
                char::from(b'A' + column as u8),
                count.max(1)
            ))
        };
        let module = DataValidation::new()
            .allow_list_formula(list(0, modules.len()))
            .set_input_title(sheet.text("reqsheet_module"))?
            .set_input_message(sheet.text("reqsheet_module_help"))?
            .set_error_title(sheet.text("reqsheet_module"))?
            .set_error_message(sheet.text("reqsheet_module_help"))?
            .set_error_style(DataValidationErrorStyle::Stop);
        let col = Column::Module.index() as u16;
        ws.add_data_validation(1, col, last_row, col, &module)?;
        let priority = DataValidation::new()
            .allow_list_formula(list(1, priorities.len()))
            .set_input_title(sheet.text("reqsheet_priority"))?
            .set_input_message(sheet.text("reqsheet_priority_help"))?
            .set_error_title(sheet.text("reqsheet_priority"))?
            .set_error_message(sheet.text("reqsheet_priority_help"))?
            .set_error_style(DataValidationErrorStyle::Stop);
        let col = Column::Priority.index() as u16;
        ws.add_data_validation(1, col, last_row, col, &priority)?;
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, sheet.rows.len() as u32, Column::ALL.len() as u16 - 1)?;
        ws.set_repeat_rows(0, 0)?;
        print_setup(ws, true);
        // `&` starts a field code in headers; a literal one is doubled.
        ws.set_header(format!("&L{}", doc.title.replace('&', "&&")));
        ws.set_footer("&C&P / &N");
        protect(ws);
        ws.set_active(true);
    }
    let ws = workbook.add_worksheet();
    ws.set_name(&lists_name)?;
    ws.set_column_width(0, 40.0)?;
    ws.set_column_width(1, 30.0)?;
    for (r, m) in modules.iter().enumerate() {
        ws.write_string(r as u32, 0, m)?;
    }
    for (r, p) in priorities.iter().enumerate() {
        ws.write_string(r as u32, 1, p)?;
    }
    ws.set_hidden(true);
    workbook.save_to_buffer()
}
