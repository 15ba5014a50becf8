//! The price schedule (bordereau de prix): the workbook every vendor prices in, so that offers
//! are priced on the same lines and compared on the same total cost of ownership.
//!
//! Takes the validated questionnaire's `pricing` section; gives one layout, [`Schedule`], that
//! says what each cell of each sheet holds: the buyer's locked labels, numbers and totals (as
//! formulas), and the vendor's yellow cells. The writers (`xlsx`, and `ods` for the
//! OpenDocument spreadsheet) lay that layout out and the reader ([`read`]) checks a vendor's
//! file, in either format, against it cell by cell, so they cannot drift apart. A vendor's prices, [`Offer`], give the total cost of ownership per year, [`Tco`],
//! which `crmspec score` compares.

mod ods;
pub mod read;
mod xlsx;

use crate::grid::read::cell_name;
use crate::lang::words;
use crate::model::{Language, Pricing};
use crate::spec::Spec;
use serde::Serialize;

pub use read::read;

/// The schedule of a questionnaire with a `pricing` section, in the document's language.
pub struct Schedule<'a> {
    pub spec: &'a Spec,
    pub pricing: &'a Pricing,
    /// Identifies the lines priced (profiles and their users, items, years): a schedule whose
    /// fingerprint differs was made for another version of the questionnaire.
    pub fingerprint: String,
    pub sheets: Vec<SheetLayout>,
}

/// The parts of a schedule, one sheet each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Instructions,
    Summary,
    Licences,
    OneOff,
    Recurring,
    Options,
}

impl Part {
    /// The locale key of the sheet's name.
    pub fn name_key(self) -> &'static str {
        match self {
            Part::Instructions => "sheet_instructions",
            Part::Summary => "schedule.sheet_summary",
            Part::Licences => "schedule.sheet_licences",
            Part::OneOff => "schedule.sheet_one_off",
            Part::Recurring => "schedule.sheet_recurring",
            Part::Options => "schedule.sheet_options",
        }
    }
}

/// One sheet: its cells, and for a sheet of priced lines, where the lines are.
pub struct SheetLayout {
    pub part: Part,
    pub name: String,
    pub widths: Vec<f64>,
    pub cells: Vec<Cell>,
    /// The header row of the lines (0-based) and the labels of column A below it, in order
    /// (each line's, then the total's): a row added or removed shows there first.
    pub lines: Option<(u32, Vec<String>)>,
}

impl SheetLayout {
    /// The last row the layout writes (0-based).
    pub fn last_row(&self) -> u32 {
        self.cells.iter().map(|c| c.row).max().unwrap_or(0)
    }

    pub fn cell(&self, row: u32, col: u16) -> Option<&Cell> {
        self.cells.iter().find(|c| c.row == row && c.col == col)
    }

    /// A sheet wider than a portrait A4 page is printed landscape.
    pub fn landscape(&self) -> bool {
        self.widths.iter().sum::<f64>() > 120.0
    }
}

/// A cell of the layout, 0-based.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub row: u32,
    pub col: u16,
    pub content: Content,
}

/// What a cell holds. The buyer's cells are locked, and read back to check they were not
/// changed; the vendor's are the yellow ones.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Title(String),
    Heading(String),
    Header(String),
    /// The instructions' text: locked, not compared when read (the fingerprint says whether
    /// the schedule is the questionnaire's).
    Fact(String),
    /// A line's label (a profile, an item, `Total`): locked, compared when read.
    Label(String),
    /// A number the buyer fixes (users of a profile): locked, compared when read.
    Number(f64),
    /// A total, computed by the spreadsheet (without `=`). crmspec never reads its saved
    /// result: it recomputes every total from the prices.
    Formula {
        text: String,
        style: Total,
    },
    /// The vendor's amount for a line.
    Price(Priced),
    /// The vendor's remark on a line.
    Comment,
    /// The vendor's name, which matches the schedule with the vendor's grid.
    Vendor,
    /// The fingerprint, next to its label.
    Fingerprint(String),
}

/// How a total is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// A line's total.
    Line,
    /// A column's or the period's total, in bold.
    Grand,
    /// The users over all profiles: a count, not an amount.
    Users(u64),
}

/// Which amount a price cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priced {
    /// Unit price per user per year of the n-th profile.
    Licence(usize),
    OneOff(usize),
    /// The n-th recurring cost, for a year (0-based).
    Recurring(usize, u32),
    /// The n-th option's one-off and yearly prices; an option may be left unpriced.
    OptionOnce(usize),
    OptionYearly(usize),
}

impl Priced {
    /// Whether the vendor must fill it: every line but the options.
    pub fn required(self) -> bool {
        !matches!(self, Priced::OptionOnce(_) | Priced::OptionYearly(_))
    }
}

/// Rows of the sheets of lines: a title, a blank row, the header, then the lines.
const TITLE_ROW: u32 = 0;
const HEADER_ROW: u32 = 2;
const FIRST_LINE: u32 = 3;

impl<'a> Schedule<'a> {
    /// The schedule, when the questionnaire prices anything.
    pub fn new(spec: &'a Spec) -> Option<Schedule<'a>> {
        let pricing = spec.q.pricing.as_ref()?;
        let fingerprint = fingerprint(pricing);
        let mut schedule = Schedule {
            spec,
            pricing,
            fingerprint,
            sheets: Vec::new(),
        };
        schedule.sheets = schedule.layout();
        Some(schedule)
    }

    pub fn lang(&self) -> Language {
        self.spec.lang
    }

    pub fn text(&self, key: &str) -> String {
        words::text_or_key(key, self.lang())
    }

    fn text_with(&self, key: &str, values: &[(&str, &str)]) -> String {
        words::text_with(key, self.lang(), values)
    }

    /// `3 ans`, `1 year`.
    pub fn period(&self) -> String {
        let years = self.pricing.years;
        let word = if years == 1 { "year" } else { "years" };
        format!("{years}\u{a0}{}", self.text(word))
    }

    /// The currency amounts are in, from the budget, for the headers.
    pub fn currency(&self) -> Option<&str> {
        self.spec
            .q
            .project
            .budget
            .as_ref()
            .map(|b| b.currency.as_str())
    }

    /// A header naming the currency when the questionnaire gives one: `Montant HT (EUR)`.
    fn money_header(&self, key: &str) -> String {
        let text = self.text(key);
        match self.currency() {
            Some(c) => format!("{text} ({c})"),
            None => text,
        }
    }

    fn year_header(&self, year: u32) -> String {
        self.text_with("schedule.year_n", &[("n", &(year + 1).to_string())])
    }

    fn total_over(&self) -> String {
        self.text_with("schedule.total_over", &[("period", &self.period())])
    }

    /// The sheet of a part, when the schedule has it.
    pub fn sheet(&self, part: Part) -> Option<&SheetLayout> {
        self.sheets.iter().find(|s| s.part == part)
    }

    /// The files for `crmspec pack`: `<name>-bordereau-prix.xlsx` and `.ods`
    /// (`-price-schedule` in English).
    pub fn files(&self) -> Result<Vec<(std::path::PathBuf, Vec<u8>)>, crate::Error> {
        let name = format!(
            "{}-{}",
            crate::output::slug(&self.spec.q.document.title),
            self.text("schedule.file")
        );
        Ok(vec![
            (format!("{name}.xlsx").into(), xlsx::write(self)?),
            (format!("{name}.ods").into(), ods::write(self)?),
        ])
    }

    fn layout(&self) -> Vec<SheetLayout> {
        let mut sheets = vec![self.instructions()];
        let licences = (!self.pricing.licences.is_empty()).then(|| self.licences());
        let one_off = (!self.pricing.one_off.is_empty()).then(|| self.one_off());
        let recurring = (!self.pricing.recurring.is_empty()).then(|| self.recurring());
        let options = (!self.pricing.options.is_empty()).then(|| self.options());
        sheets.push(self.summary(
            licences.as_ref(),
            one_off.as_ref(),
            recurring.as_ref(),
            options.as_ref(),
        ));
        sheets.extend(
            [licences, one_off, recurring, options]
                .into_iter()
                .flatten(),
        );
        sheets
    }

    fn instructions(&self) -> SheetLayout {
        let doc = &self.spec.q.document;
        let tender = &self.spec.q.tender;
        let lang = self.lang();
        let date = |d: crate::model::Date| crate::lang::format::date(d.year, d.month, d.day, lang);
        let mut cells = vec![Cell {
            row: 0,
            col: 0,
            content: Content::Title(self.text("schedule.title")),
        }];
        let mut deadline = date(tender.response_deadline);
        if let Some(time) = &self.spec.response_time {
            deadline = format!("{deadline} {} {time}", self.text("at_hour"));
        }
        let mut facts = vec![
            ("client", doc.client.clone()),
            ("grid_document", doc.title.clone()),
            ("version", format!("{} — {}", doc.version, date(doc.date))),
        ];
        if let Some(reference) = &doc.reference {
            facts.push(("reference", reference.clone()));
        }
        facts.extend([
            ("response_deadline", deadline),
            ("tender_contact", tender.contact.clone()),
            ("schedule.period", self.period()),
        ]);
        if let Some(currency) = self.currency() {
            facts.push(("schedule.currency", currency.to_string()));
        }
        let mut row = 2;
        for (key, value) in facts {
            cells.push(fact(row, 0, self.text(key)));
            cells.push(fact(row, 1, value));
            row += 1;
        }
        cells.push(fact(row, 0, self.text("schedule.fingerprint")));
        cells.push(Cell {
            row,
            col: 1,
            content: Content::Fingerprint(self.fingerprint.clone()),
        });
        row += 1;
        cells.push(fact(row, 0, self.text("grid_vendor")));
        cells.push(Cell {
            row,
            col: 1,
            content: Content::Vendor,
        });
        row += 2;
        cells.push(Cell {
            row,
            col: 0,
            content: Content::Heading(self.text("schedule.how_to")),
        });
        row += 1;
        for n in 1..=SCHEDULE_STEPS {
            cells.push(fact(row, 0, n.to_string()));
            cells.push(fact(row, 1, self.text(&format!("schedule.step_{n}"))));
            row += 1;
        }
        SheetLayout {
            part: Part::Instructions,
            name: self.text(Part::Instructions.name_key()),
            widths: vec![30.0, 90.0],
            cells,
            lines: None,
        }
    }

    /// A sheet of priced lines: title, header, one row per line (label in column A), and the
    /// total row; `line` gives the cells of a line's other columns, `total` the total row's
    /// (from the last line's row).
    fn lines_sheet(
        &self,
        part: Part,
        Lines {
            title,
            headers,
            widths,
            labels,
        }: Lines,
        line: impl Fn(usize, u32) -> Vec<(u16, Content)>,
        total: impl Fn(u32) -> Vec<(u16, Content)>,
    ) -> SheetLayout {
        let mut cells = vec![Cell {
            row: TITLE_ROW,
            col: 0,
            content: Content::Title(title),
        }];
        for (col, header) in headers.into_iter().enumerate() {
            cells.push(Cell {
                row: HEADER_ROW,
                col: col as u16,
                content: Content::Header(header),
            });
        }
        for (i, label) in labels.iter().enumerate() {
            let row = FIRST_LINE + i as u32;
            cells.push(Cell {
                row,
                col: 0,
                content: Content::Label(label.clone()),
            });
            cells.extend(
                line(i, row)
                    .into_iter()
                    .map(|(col, content)| Cell { row, col, content }),
            );
        }
        let total_row = FIRST_LINE + labels.len() as u32;
        let last_line = total_row - 1;
        let total_label = self.text("total");
        cells.push(Cell {
            row: total_row,
            col: 0,
            content: Content::Label(total_label.clone()),
        });
        cells.extend(total(last_line).into_iter().map(|(col, content)| Cell {
            row: total_row,
            col,
            content,
        }));
        let mut expected = labels;
        expected.push(total_label);
        SheetLayout {
            part,
            name: self.text(part.name_key()),
            widths,
            cells,
            lines: Some((HEADER_ROW, expected)),
        }
    }

    fn licences(&self) -> SheetLayout {
        let years = self.pricing.years;
        let licences = &self.pricing.licences;
        self.lines_sheet(
            Part::Licences,
            Lines {
                title: self.text("licences"),
                headers: vec![
                    self.text("user_profile"),
                    self.text("users"),
                    self.money_header("schedule.unit_price"),
                    self.money_header("schedule.annual_total"),
                    self.total_over(),
                    self.text("grid_comment"),
                ],
                widths: vec![36.0, 14.0, 24.0, 20.0, 20.0, 45.0],
                labels: licences.iter().map(|l| l.profile.clone()).collect(),
            },
            |i, row| {
                vec![
                    (1, Content::Number(f64::from(licences[i].users))),
                    (2, Content::Price(Priced::Licence(i))),
                    (3, formula(format!("{}*{}", at(row, 1), at(row, 2)))),
                    (4, formula(format!("{}*{years}", at(row, 3)))),
                    (5, Content::Comment),
                ]
            },
            |last| {
                let users = licences.iter().map(|l| u64::from(l.users)).sum();
                vec![
                    (
                        1,
                        Content::Formula {
                            text: sum(1, last),
                            style: Total::Users(users),
                        },
                    ),
                    (3, grand(sum(3, last))),
                    (4, grand(sum(4, last))),
                ]
            },
        )
    }

    fn one_off(&self) -> SheetLayout {
        self.lines_sheet(
            Part::OneOff,
            Lines {
                title: self.text("one_off"),
                headers: vec![
                    self.text("schedule.service"),
                    self.money_header("schedule.amount"),
                    self.text("grid_comment"),
                ],
                widths: vec![45.0, 20.0, 60.0],
                labels: self.pricing.one_off.clone(),
            },
            |i, _| {
                vec![
                    (1, Content::Price(Priced::OneOff(i))),
                    (2, Content::Comment),
                ]
            },
            |last| vec![(1, grand(sum(1, last)))],
        )
    }

    /// Years in columns B onwards, then the total over the period and the comment.
    fn recurring(&self) -> SheetLayout {
        let years = self.pricing.years;
        let total_col = 1 + years as u16;
        let mut headers = vec![self.text("schedule.item")];
        headers.extend((0..years).map(|y| self.money_header_year(y)));
        headers.push(self.total_over());
        headers.push(self.text("grid_comment"));
        let mut widths = vec![40.0];
        widths.extend((0..years).map(|_| 16.0));
        widths.extend([20.0, 45.0]);
        self.lines_sheet(
            Part::Recurring,
            Lines {
                title: self.text("recurring"),
                headers,
                widths,
                labels: self.pricing.recurring.clone(),
            },
            |i, row| {
                let mut cells: Vec<(u16, Content)> = (0..years)
                    .map(|y| (1 + y as u16, Content::Price(Priced::Recurring(i, y))))
                    .collect();
                cells.push((
                    total_col,
                    formula(format!("SUM({}:{})", at(row, 1), at(row, total_col - 1))),
                ));
                cells.push((total_col + 1, Content::Comment));
                cells
            },
            |last| {
                (1..=total_col)
                    .map(|col| (col, grand(sum(col, last))))
                    .collect()
            },
        )
    }

    fn money_header_year(&self, year: u32) -> String {
        match self.currency() {
            Some(c) => format!("{} ({c})", self.year_header(year)),
            None => self.year_header(year),
        }
    }

    fn options(&self) -> SheetLayout {
        let years = self.pricing.years;
        self.lines_sheet(
            Part::Options,
            Lines {
                title: self.text("options"),
                headers: vec![
                    self.text("schedule.option"),
                    self.money_header("schedule.once"),
                    self.money_header("schedule.yearly"),
                    self.total_over(),
                    self.text("grid_comment"),
                ],
                widths: vec![40.0, 18.0, 18.0, 20.0, 45.0],
                labels: self.pricing.options.clone(),
            },
            |i, row| {
                vec![
                    (1, Content::Price(Priced::OptionOnce(i))),
                    (2, Content::Price(Priced::OptionYearly(i))),
                    (3, formula(format!("{}+{}*{years}", at(row, 1), at(row, 2)))),
                    (4, Content::Comment),
                ]
            },
            |last| vec![(3, grand(sum(3, last)))],
        )
    }

    /// The total cost of ownership per year and over the period, every cell a formula on the
    /// parts' totals; the options' total apart, below.
    fn summary(
        &self,
        licences: Option<&SheetLayout>,
        one_off: Option<&SheetLayout>,
        recurring: Option<&SheetLayout>,
        options: Option<&SheetLayout>,
    ) -> SheetLayout {
        let years = self.pricing.years;
        let total_col = 1 + years as u16;
        let mut cells = vec![Cell {
            row: TITLE_ROW,
            col: 0,
            content: Content::Title(self.text("schedule.summary_title")),
        }];
        let mut headers = vec![self.text("schedule.item")];
        headers.extend((0..years).map(|y| self.money_header_year(y)));
        headers.push(self.total_over());
        for (col, header) in headers.into_iter().enumerate() {
            cells.push(Cell {
                row: HEADER_ROW,
                col: col as u16,
                content: Content::Header(header),
            });
        }
        let total_row_of =
            |s: &SheetLayout| FIRST_LINE + s.lines.as_ref().map_or(0, |l| l.1.len() as u32) - 1;
        let mut labels = Vec::new();
        let mut row = FIRST_LINE;
        let mut line = |label: String, year_cell: &dyn Fn(u32) -> Option<String>| {
            let here = row;
            cells.push(Cell {
                row: here,
                col: 0,
                content: Content::Label(label.clone()),
            });
            for y in 0..years {
                if let Some(reference) = year_cell(y) {
                    cells.push(Cell {
                        row: here,
                        col: 1 + y as u16,
                        content: formula(reference),
                    });
                }
            }
            cells.push(Cell {
                row: here,
                col: total_col,
                content: formula(format!("SUM({}:{})", at(here, 1), at(here, total_col - 1))),
            });
            labels.push(label);
            row += 1;
        };
        if let Some(s) = licences {
            let total = total_row_of(s);
            line(self.text(Part::Licences.name_key()), &|_| {
                Some(reference(&s.name, total, 3))
            });
        }
        if let Some(s) = one_off {
            let total = total_row_of(s);
            line(self.text(Part::OneOff.name_key()), &|y| {
                (y == 0).then(|| reference(&s.name, total, 1))
            });
        }
        if let Some(s) = recurring {
            let total = total_row_of(s);
            line(self.text(Part::Recurring.name_key()), &|y| {
                Some(reference(&s.name, total, 1 + y as u16))
            });
        }
        let tco_row = row;
        let last = tco_row - 1;
        cells.push(Cell {
            row: tco_row,
            col: 0,
            content: Content::Label(self.text_with("schedule.tco", &[("period", &self.period())])),
        });
        for col in 1..=total_col {
            cells.push(Cell {
                row: tco_row,
                col,
                content: grand(sum(col, last)),
            });
        }
        labels.push(self.text_with("schedule.tco", &[("period", &self.period())]));
        if let Some(s) = options {
            // One blank row, then the options apart: not part of the lines above.
            let options_row = tco_row + 2;
            cells.push(Cell {
                row: options_row,
                col: 0,
                content: Content::Label(self.text("schedule.options_apart")),
            });
            cells.push(Cell {
                row: options_row,
                col: total_col,
                content: formula(reference(&s.name, total_row_of(s), 3)),
            });
            labels.push(String::new());
            labels.push(self.text("schedule.options_apart"));
        }
        let mut widths = vec![44.0];
        widths.extend((0..years).map(|_| 16.0));
        widths.push(22.0);
        SheetLayout {
            part: Part::Summary,
            name: self.text(Part::Summary.name_key()),
            widths,
            cells,
            lines: Some((HEADER_ROW, labels)),
        }
    }
}

/// A sheet of lines: its title, its columns' headers and widths, its lines' labels.
struct Lines {
    title: String,
    headers: Vec<String>,
    widths: Vec<f64>,
    labels: Vec<String>,
}

/// How many numbered steps the instructions give (`schedule.step_1`…).
pub const SCHEDULE_STEPS: usize = 6;

fn fact(row: u32, col: u16, text: String) -> Cell {
    Cell {
        row,
        col,
        content: Content::Fact(text),
    }
}

fn formula(text: String) -> Content {
    Content::Formula {
        text,
        style: Total::Line,
    }
}

fn grand(text: String) -> Content {
    Content::Formula {
        text,
        style: Total::Grand,
    }
}

/// `SUM(B4:B7)`: a column's lines, from the first to `last`.
fn sum(col: u16, last: u32) -> String {
    format!("SUM({}:{})", at(FIRST_LINE, col), at(last, col))
}

/// `D7` for 0-based row 6, column 3.
fn at(row: u32, col: u16) -> String {
    cell_name(row, u32::from(col))
}

/// A cell of another sheet: `'Licences'!D8`.
fn reference(sheet: &str, row: u32, col: u16) -> String {
    format!("'{}'!{}", sheet.replace('\'', "''"), at(row, col))
}

/// What a schedule prices: the period, the profiles and their users, every line. The
/// currency is left out: it only names the headers.
pub fn fingerprint(pricing: &Pricing) -> String {
    let years = pricing.years.to_string();
    let users: Vec<String> = pricing
        .licences
        .iter()
        .map(|l| l.users.to_string())
        .collect();
    let mut records = vec![vec!["years", years.as_str()]];
    records.extend(
        pricing
            .licences
            .iter()
            .zip(&users)
            .map(|(l, n)| vec!["licence", l.profile.as_str(), n.as_str()]),
    );
    for (kind, items) in [
        ("one_off", &pricing.one_off),
        ("recurring", &pricing.recurring),
        ("option", &pricing.options),
    ] {
        records.extend(items.iter().map(|item| vec![kind, item.as_str()]));
    }
    crate::grid::fingerprint_records(records)
}

/// A vendor's prices, read from its schedule, in the questionnaire's order.
#[derive(Debug, Clone)]
pub struct Offer {
    /// From the schedule's "vendor name" cell.
    pub vendor: String,
    /// The file as the user named it.
    pub file: String,
    /// Unit price per user per year, per profile.
    pub licences: Vec<f64>,
    pub one_off: Vec<f64>,
    /// Per recurring cost, per year.
    pub recurring: Vec<Vec<f64>>,
    pub options: Vec<OptionPrice>,
}

/// An option's prices; both empty when the vendor does not offer it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OptionPrice {
    pub once: Option<f64>,
    pub yearly: Option<f64>,
}

/// The total cost of ownership of an offer, per year and over the period; the options apart.
#[derive(Debug, Clone, Serialize)]
pub struct Tco {
    pub years: Vec<YearCost>,
    pub licences: f64,
    pub one_off: f64,
    pub recurring: f64,
    /// What the price criterion compares.
    pub total: f64,
    pub options: Vec<OptionCost>,
    /// The options offered, over the period: reported, never counted.
    pub options_total: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearCost {
    /// 1 for the first year.
    pub year: u32,
    pub licences: f64,
    pub one_off: f64,
    pub recurring: f64,
    pub total: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct OptionCost {
    pub name: String,
    pub once: Option<f64>,
    pub yearly: Option<f64>,
    /// Over the period; `None` when the vendor does not offer the option.
    pub total: Option<f64>,
}

impl Offer {
    /// The total cost of ownership over the schedule's years: each year the licences (users ×
    /// unit price) and that year's recurring costs, the one-off services in the first year.
    /// The same sums as the schedule's formulas, so the vendor sees the total crmspec compares.
    pub fn tco(&self, pricing: &Pricing) -> Tco {
        let licences_per_year: f64 = pricing
            .licences
            .iter()
            .zip(&self.licences)
            .map(|(l, price)| f64::from(l.users) * price)
            .sum();
        let one_off: f64 = self.one_off.iter().sum();
        let years: Vec<YearCost> = (0..pricing.years)
            .map(|y| {
                let recurring: f64 = self
                    .recurring
                    .iter()
                    .map(|per_year| per_year.get(y as usize).copied().unwrap_or(0.0))
                    .sum();
                let once = if y == 0 { one_off } else { 0.0 };
                YearCost {
                    year: y + 1,
                    licences: licences_per_year,
                    one_off: once,
                    recurring,
                    total: licences_per_year + once + recurring,
                }
            })
            .collect();
        let options: Vec<OptionCost> = pricing
            .options
            .iter()
            .zip(&self.options)
            .map(|(name, p)| OptionCost {
                name: name.clone(),
                once: p.once,
                yearly: p.yearly,
                total: (p.once.is_some() || p.yearly.is_some()).then(|| {
                    p.once.unwrap_or(0.0) + p.yearly.unwrap_or(0.0) * f64::from(pricing.years)
                }),
            })
            .collect();
        Tco {
            licences: years.iter().map(|y| y.licences).sum(),
            one_off,
            recurring: years.iter().map(|y| y.recurring).sum(),
            total: years.iter().map(|y| y.total).sum(),
            options_total: options.iter().filter_map(|o| o.total).sum(),
            options,
            years,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Licence;

    fn pricing() -> Pricing {
        Pricing {
            years: 3,
            licences: vec![
                Licence {
                    profile: "Vendeur".into(),
                    users: 10,
                },
                Licence {
                    profile: "Marketing".into(),
                    users: 2,
                },
            ],
            one_off: vec!["Intégration".into()],
            recurring: vec!["Hébergement".into()],
            options: vec!["Rendez-vous".into(), "Chat".into()],
        }
    }

    #[test]
    fn tco_counts_licences_each_year_one_off_once_and_options_apart() {
        let offer = Offer {
            vendor: "A".into(),
            file: "a.xlsx".into(),
            licences: vec![100.0, 50.0],
            one_off: vec![20_000.0],
            recurring: vec![vec![1_000.0, 2_000.0, 3_000.0]],
            options: vec![
                OptionPrice {
                    once: Some(500.0),
                    yearly: Some(100.0),
                },
                OptionPrice {
                    once: None,
                    yearly: None,
                },
            ],
        };
        let tco = offer.tco(&pricing());
        // Licences 10×100 + 2×50 = 1,100 a year.
        let totals: Vec<f64> = tco.years.iter().map(|y| y.total).collect();
        assert_eq!(totals, [22_100.0, 3_100.0, 4_100.0]);
        assert_eq!(tco.total, 29_300.0);
        assert_eq!(tco.licences, 3_300.0);
        assert_eq!(tco.options[0].total, Some(800.0));
        assert_eq!(tco.options[1].total, None);
        assert_eq!(tco.options_total, 800.0);
    }

    #[test]
    fn fingerprint_follows_every_priced_line() {
        let a = fingerprint(&pricing());
        let mut p = pricing();
        p.licences[1].users = 3;
        assert_ne!(a, fingerprint(&p));
        let mut p = pricing();
        p.years = 4;
        assert_ne!(a, fingerprint(&p));
        let mut p = pricing();
        // The same text moved from an option to a recurring cost is another schedule.
        p.options.pop();
        p.recurring.push("Chat".into());
        assert_ne!(a, fingerprint(&p));
        assert_eq!(a, fingerprint(&pricing()));
    }
}
