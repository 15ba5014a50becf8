//! The response grid: the spreadsheet vendors fill in, requirement by requirement.
//!
//! The same columns are written as XLSX (`xlsx`, the file vendors get), as an OpenDocument
//! spreadsheet (`ods`, for LibreOffice and public buyers held to open formats) and as CSV
//! (`csv`, for tools and for vendors without a spreadsheet program), and read back from any of
//! them (`read`) when `crmspec score` compares the answers.

pub(crate) mod csv;
mod ods;
pub(crate) mod package;
pub mod read;
pub(crate) mod xlsx;

pub use read::{read, Answer, Response};

/// The largest price or extra cost crmspec accepts, from a grid or a prices file (10¹² in the
/// tender's currency): far above any CRM contract, low enough that totals and ratios stay exact
/// in floating point, so that a slip (`1e308`, `inf`, a row of extra zeros) is refused with its
/// cell instead of printed as a price.
pub const MAX_AMOUNT: f64 = 1e12;

use crate::lang::words;
use crate::model::{Coverage, Language};
use crate::spec::Spec;

/// One grid row per requirement: what the buyer wrote, locked in the XLSX.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    pub id: String,
    pub module: String,
    pub title: String,
    pub description: String,
    /// As the document shows it (`P`, `Indispensable`, `Must`…).
    pub priority: String,
}

/// The columns, in order: five written by the buyer, four filled by the vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Id,
    Module,
    Title,
    Description,
    Priority,
    Coverage,
    Comment,
    ExtraCost,
    Availability,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Id,
        Column::Module,
        Column::Title,
        Column::Description,
        Column::Priority,
        Column::Coverage,
        Column::Comment,
        Column::ExtraCost,
        Column::Availability,
    ];

    pub fn index(self) -> u16 {
        Column::ALL.iter().position(|c| *c == self).unwrap_or(0) as u16
    }

    /// The vendor's columns are the last four.
    pub fn is_vendor(self) -> bool {
        self.index() >= Column::Coverage.index()
    }

    /// The header as the grid shows it. The extra cost header names the currency.
    pub fn header(self, lang: Language, currency: Option<&str>) -> String {
        let key = match self {
            Column::Id => "id",
            Column::Module => "module",
            Column::Title => "requirement",
            Column::Description => "description",
            Column::Priority => "priority",
            Column::Coverage => "grid_coverage",
            Column::Comment => "grid_comment",
            Column::ExtraCost => "grid_extra_cost",
            Column::Availability => "grid_availability",
        };
        let text = words::text_or_key(key, lang);
        match (self, currency) {
            (Column::ExtraCost, Some(c)) => format!("{text} ({c})"),
            _ => text,
        }
    }

    /// Spreadsheet column letter (`A`…`I`), for cell references in messages.
    pub fn letter(self) -> char {
        char::from(b'A' + self.index() as u8)
    }
}

/// The grid's content for a questionnaire, in the document's language.
pub struct Grid<'a> {
    pub spec: &'a Spec,
    pub rows: Vec<GridRow>,
    pub fingerprint: String,
}

impl<'a> Grid<'a> {
    pub fn new(spec: &'a Spec) -> Grid<'a> {
        let lang = spec.lang;
        let rows: Vec<GridRow> = spec
            .answered_modules()
            .flat_map(|m| {
                m.items.iter().map(|r| GridRow {
                    id: r.id.clone().unwrap_or_default(),
                    module: m.module.clone(),
                    title: r.title.clone(),
                    description: r.description.clone(),
                    priority: words::text(&format!("priority.{}", r.priority.key()), lang)
                        .unwrap_or(r.priority.key())
                        .to_string(),
                })
            })
            .collect();
        let fingerprint = fingerprint(&rows);
        Grid {
            spec,
            rows,
            fingerprint,
        }
    }

    pub fn lang(&self) -> Language {
        self.spec.lang
    }

    pub fn currency(&self) -> Option<&str> {
        self.spec
            .q
            .project
            .budget
            .as_ref()
            .map(|b| b.currency.as_str())
    }

    pub fn text(&self, key: &str) -> String {
        words::text_or_key(key, self.lang())
    }

    /// The coverage choices as the dropdown offers them: `ST — Standard`.
    pub fn coverage_choices(&self) -> Vec<String> {
        Coverage::ALL
            .iter()
            .map(|c| coverage_choice(*c, self.lang()))
            .collect()
    }

    /// The instructions' facts, label key and value, in order (both workbooks show them).
    pub(crate) fn facts(&self) -> Vec<(&'static str, String)> {
        let lang = self.lang();
        let doc = &self.spec.q.document;
        let tender = &self.spec.q.tender;
        let date = |d: crate::model::Date| crate::lang::format::date(d.year, d.month, d.day, lang);
        vec![
            ("client", doc.client.clone()),
            ("grid_document", doc.title.clone()),
            ("version", format!("{} — {}", doc.version, date(doc.date))),
            ("grid_fingerprint", self.fingerprint.clone()),
            ("response_deadline", date(tender.response_deadline)),
            ("tender_contact", tender.contact.clone()),
        ]
    }

    /// The files for `crmspec grid`, named after the document: `<name>-grille.xlsx`, `.ods`
    /// and `.csv` (`-grid` in English), those of `formats`, in that order.
    pub fn files(
        &self,
        formats: &[SheetFormat],
    ) -> Result<Vec<(std::path::PathBuf, Vec<u8>)>, crate::Error> {
        let base = format!(
            "{}-{}",
            crate::output::slug(&self.spec.q.document.title),
            self.text("grid_file")
        );
        let mut files = Vec::new();
        for format in SheetFormat::ALL {
            if !formats.contains(&format) {
                continue;
            }
            let bytes = match format {
                SheetFormat::Xlsx => xlsx::write(self)?,
                SheetFormat::Ods => ods::write(self)?,
                SheetFormat::Csv => csv::write(self),
            };
            files.push((format!("{base}.{}", format.extension()).into(), bytes));
        }
        Ok(files)
    }
}

/// The spreadsheet formats the grid (and the price schedule, CSV aside) is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SheetFormat {
    Xlsx,
    Ods,
    Csv,
}

impl SheetFormat {
    /// Every format, in the order files are written and listed.
    pub const ALL: [SheetFormat; 3] = [SheetFormat::Xlsx, SheetFormat::Ods, SheetFormat::Csv];

    pub fn extension(self) -> &'static str {
        match self {
            SheetFormat::Xlsx => "xlsx",
            SheetFormat::Ods => "ods",
            SheetFormat::Csv => "csv",
        }
    }
}

/// `ST — Standard`: the code vendors and evaluators use, and the word for the others.
pub fn coverage_choice(coverage: Coverage, lang: Language) -> String {
    let code = words::text(&format!("coverage_code.{}", coverage.key()), lang).unwrap_or("");
    let label = words::text(&format!("coverage.{}", coverage.key()), lang).unwrap_or("");
    format!("{code} — {label}")
}

/// Identifies the set of requirements a grid answers (IDs, texts and priorities): a grid
/// whose fingerprint differs was made for another version of the questionnaire.
pub fn fingerprint(rows: &[GridRow]) -> String {
    fingerprint_records(rows.iter().map(|row| {
        vec![
            row.id.as_str(),
            row.module.as_str(),
            row.title.as_str(),
            row.description.as_str(),
            row.priority.as_str(),
        ]
    }))
}

/// A fingerprint of records of text fields (the grid's requirements, the price schedule's
/// lines). FNV-1a, 64 bits: stable across Rust versions and platforms, unlike `std`'s
/// hasher; fields and records are separated, so "ab" + "c" is not "a" + "bc".
pub fn fingerprint_records<'a>(records: impl IntoIterator<Item = Vec<&'a str>>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for record in records {
        for field in record {
            for byte in field.bytes().chain([0x1f]) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        hash ^= 0x1e;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, title: &str) -> GridRow {
        GridRow {
            id: id.into(),
            module: "Ventes".into(),
            title: title.into(),
            description: "d".into(),
            priority: "P".into(),
        }
    }

    #[test]
    fn fingerprint_changes_with_any_requirement_text() {
        let a = fingerprint(&[row("SAL-01", "Devis")]);
        assert_eq!(a, fingerprint(&[row("SAL-01", "Devis")]));
        assert_ne!(a, fingerprint(&[row("SAL-01", "Devis ")]));
        assert_ne!(a, fingerprint(&[row("SAL-02", "Devis")]));
        // Field boundaries count: "ab" + "c" is not "a" + "bc".
        assert_ne!(
            fingerprint(&[row("SAL-01", "Devisx")]),
            fingerprint(&[row("SAL-01x", "Devis")])
        );
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn columns_have_letters_and_vendor_side() {
        assert_eq!(Column::Id.letter(), 'A');
        assert_eq!(Column::Coverage.letter(), 'F');
        assert!(Column::Coverage.is_vendor() && !Column::Priority.is_vendor());
    }
}
