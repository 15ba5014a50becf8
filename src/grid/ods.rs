//! The grid as an OpenDocument spreadsheet: the XLSX's three sheets, cell for cell, with the
//! same looks, locked buyer's cells, dropdown and validations (see `crate::ods` for the
//! package).

use super::xlsx::{
    lines, CRITERIA_WIDTHS, FIRST_AVAILABLE, GRID_STEPS, INSTRUCTION_WIDTHS, REQUIREMENT_WIDTHS,
};
use super::{Column, Grid};
use crate::lang::format;
use crate::model::Date;
use crate::ods::{Book, Rule, Sheet, Style, Validation, Value};

/// The spreadsheet's bytes. Its properties carry the document's date, not the clock.
pub fn write(grid: &Grid) -> Result<Vec<u8>, crate::Error> {
    let doc = &grid.spec.q.document;
    let mut book = Book {
        title: format!("{} — {}", grid.text("grid_title"), doc.title),
        author: doc.author.clone(),
        date: doc.date,
        lang: grid.lang(),
        sheets: Vec::new(),
        active: 1,
        validations: Vec::new(),
    };
    let instructions = instructions(grid);
    let requirements = requirements(grid, &mut book.validations);
    book.sheets = vec![instructions, requirements, criteria(grid)];
    crate::ods::write(&book)
        .map_err(|e| crate::Error::Grid(format!("cannot build the ODS grid: {e}")))
}

fn instructions(grid: &Grid) -> Sheet {
    let mut sheet = Sheet::new(grid.text("sheet_instructions"));
    sheet.widths = INSTRUCTION_WIDTHS.to_vec();
    let [_, wide, third] = INSTRUCTION_WIDTHS;
    sheet.text(0, 0, grid.text("grid_title"), Style::Title);
    let mut row = 2;
    for (key, value) in grid.facts() {
        sheet.text(row, 0, grid.text(key), Style::Label);
        sheet.fit(row, lines(&[(&value, wide)]));
        sheet.text(row, 1, value, Style::Text);
        row += 1;
    }
    sheet.text(row, 0, grid.text("grid_vendor"), Style::Label);
    sheet.input(row, 1, Style::Input, None);
    row += 2;
    sheet.text(row, 0, grid.text("grid_how_to"), Style::Heading);
    row += 1;
    for n in 1..=GRID_STEPS {
        sheet.put(row, 0, Value::Number(n as f64), Style::Label);
        let step = grid.text(&format!("grid_step_{n}"));
        sheet.fit(row, lines(&[(&step, wide)]));
        sheet.text(row, 1, step, Style::Text);
        row += 1;
    }
    row += 1;
    sheet.text(row, 0, grid.text("coverage_level"), Style::Heading);
    row += 1;
    for (col, key) in ["code", "coverage_level", "meaning"].iter().enumerate() {
        sheet.text(row, col as u16, grid.text(key), Style::Header);
    }
    row += 1;
    for c in &grid.spec.scoring.coverage {
        sheet.text(row, 0, &c.code, Style::Locked);
        sheet.text(row, 1, &c.label, Style::Locked);
        sheet.fit(row, lines(&[(&c.meaning, third)]));
        sheet.text(row, 2, &c.meaning, Style::Locked);
        row += 1;
    }
    row += 1;
    sheet.text(row, 0, grid.text("priority"), Style::Heading);
    row += 1;
    for (col, key) in ["priority", "meaning"].iter().enumerate() {
        sheet.text(row, col as u16, grid.text(key), Style::Header);
    }
    row += 1;
    for p in &grid.spec.priorities {
        sheet.text(row, 0, &p.label, Style::Locked);
        sheet.fit(row, lines(&[(&p.meaning, wide)]));
        sheet.text(row, 1, &p.meaning, Style::Locked);
        row += 1;
    }
    sheet
}

fn requirements(grid: &Grid, validations: &mut Vec<Validation>) -> Sheet {
    let lang = grid.lang();
    let mut sheet = Sheet::new(grid.text("sheet_requirements"));
    sheet.widths = REQUIREMENT_WIDTHS.to_vec();
    sheet.header = Some(0);
    sheet.landscape = true;
    let width = |c: Column| REQUIREMENT_WIDTHS[usize::from(c.index())];
    let headers: Vec<(String, f64)> = Column::ALL
        .iter()
        .map(|c| (c.header(lang, grid.currency()), width(*c)))
        .collect();
    let cells: Vec<(&str, f64)> = headers.iter().map(|(h, w)| (h.as_str(), *w)).collect();
    sheet.fit(0, lines(&cells));
    for (column, (header, _)) in Column::ALL.iter().zip(&headers) {
        sheet.text(0, column.index(), header, Style::Header);
    }
    let mut rule = |rule: Rule, title: Option<&str>, help: &str, error: &str| {
        validations.push(Validation {
            rule,
            title: title.map(|t| grid.text(t)),
            help: grid.text(help),
            error: grid.text(error),
        });
        Some(validations.len() - 1)
    };
    let (coverage, cost, date) = if grid.rows.is_empty() {
        (None, None, None)
    } else {
        let (year, month, day) = FIRST_AVAILABLE;
        (
            rule(
                Rule::List(grid.coverage_choices()),
                Some("grid_coverage"),
                "grid_coverage_help",
                "grid_coverage_error",
            ),
            rule(
                Rule::Amount,
                None,
                "grid_extra_cost_help",
                "grid_extra_cost_error",
            ),
            rule(
                Rule::DateFrom(Date {
                    year: i32::from(year),
                    month,
                    day,
                }),
                None,
                "grid_availability_help",
                "grid_availability_error",
            ),
        )
    };
    for (i, r) in grid.rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (column, value) in [
            (Column::Id, &r.id),
            (Column::Module, &r.module),
            (Column::Title, &r.title),
            (Column::Description, &r.description),
            (Column::Priority, &r.priority),
        ] {
            sheet.text(row, column.index(), value, Style::Locked);
        }
        sheet.fit(
            row,
            lines(&[
                (&r.module, width(Column::Module)),
                (&r.title, width(Column::Title)),
                (&r.description, width(Column::Description)),
            ]),
        );
        sheet.input(row, Column::Coverage.index(), Style::Input, coverage);
        sheet.input(row, Column::Comment.index(), Style::Input, None);
        sheet.input(row, Column::ExtraCost.index(), Style::Money, cost);
        sheet.input(row, Column::Availability.index(), Style::Date, date);
    }
    sheet
}

fn criteria(grid: &Grid) -> Sheet {
    let mut sheet = Sheet::new(grid.text("sheet_criteria"));
    sheet.widths = CRITERIA_WIDTHS.to_vec();
    let [first, _, third] = CRITERIA_WIDTHS;
    sheet.text(0, 0, grid.text("criteria"), Style::Title);
    for (col, key) in ["criterion", "weight", "scoring"].iter().enumerate() {
        sheet.text(2, col as u16, grid.text(key), Style::Header);
    }
    let mut row = 3;
    for c in &grid.spec.criteria {
        let basis = grid.text(&format!("basis.{}", c.basis.key()));
        sheet.fit(row, lines(&[(&c.name, first), (&basis, third)]));
        sheet.text(row, 0, &c.name, Style::Locked);
        sheet.text(
            row,
            1,
            format::percent(&c.weight.to_string(), grid.lang()),
            Style::Locked,
        );
        sheet.text(row, 2, basis, Style::Locked);
        row += 1;
    }
    row += 1;
    sheet.text(row, 0, grid.text("coverage_scoring"), Style::Heading);
    row += 1;
    sheet.text(row, 0, grid.text("coverage_level"), Style::Header);
    sheet.text(row, 1, grid.text("share_of_points"), Style::Header);
    row += 1;
    for c in &grid.spec.scoring.coverage {
        sheet.text(row, 0, format!("{} — {}", c.code, c.label), Style::Locked);
        sheet.text(
            row,
            1,
            format::percent(&c.percent.to_string(), grid.lang()),
            Style::Locked,
        );
        row += 1;
    }
    row += 1;
    sheet.text(row, 0, grid.text("priority"), Style::Header);
    sheet.text(row, 1, grid.text("points"), Style::Header);
    row += 1;
    for p in &grid.spec.scoring.priorities {
        sheet.text(row, 0, &p.label, Style::Locked);
        sheet.put(row, 1, Value::Number(f64::from(p.points)), Style::Locked);
        row += 1;
    }
    sheet
}
