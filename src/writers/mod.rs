//! Stage: [`Document`] → files. One interface, [`Writer`], for every output format.
//!
//! Each format is one module implementing [`Writer`]; [`for_format`] is the only place that
//! maps a [`Format`] to its writer, so `render` and the evaluation report write every format
//! through the same loop, and a new format is a new module plus one line there.

pub mod docx;
pub mod html;
pub mod markdown;
pub mod odt;
pub mod pdf;
pub mod pdf_writer;

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::theme::Theme;
use std::path::PathBuf;

/// The outputs a render can produce, each written by the writer [`for_format`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Md,
    Pdf,
    /// One self-contained page (stylesheet, logo and figures inside).
    Html,
    /// A Word document with heading styles, for clients who comment and edit.
    Docx,
    /// An OpenDocument text, for buyers who work in LibreOffice (France's RGI asks for it).
    Odt,
}

impl Format {
    /// What `render` writes when no format is named: the Markdown source and the PDF.
    pub const DEFAULT: [Format; 2] = [Format::Md, Format::Pdf];
    /// Every writer (the fuzz targets render them all).
    pub const ALL: [Format; 5] = [
        Format::Md,
        Format::Pdf,
        Format::Html,
        Format::Docx,
        Format::Odt,
    ];
}

/// Writes a document in one format.
pub trait Writer {
    fn write(&self, doc: &Document, theme: &Theme) -> Result<Written, WriteError>;
}

/// What a writer produced, in memory: files relative to the output folder, and the problems
/// that did not stop it.
#[derive(Debug, Default)]
pub struct Written {
    pub files: Vec<(PathBuf, Vec<u8>)>,
    pub warnings: Vec<Diagnostic>,
}

impl Written {
    fn file(path: String, bytes: Vec<u8>) -> Written {
        Written {
            files: vec![(PathBuf::from(path), bytes)],
            warnings: Vec::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{0}")]
    Pdf(String),
    #[error("{0}")]
    Docx(String),
    #[error("{0}")]
    Odt(String),
}

impl From<WriteError> for crate::error::Error {
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::Pdf(m) => crate::error::Error::Pdf(m),
            WriteError::Docx(m) => crate::error::Error::Docx(m),
            WriteError::Odt(m) => crate::error::Error::Odt(m),
        }
    }
}

/// The writer of `format`.
pub fn for_format(format: Format) -> &'static dyn Writer {
    match format {
        Format::Md => &markdown::MarkdownWriter,
        Format::Pdf => &pdf_writer::PdfWriter,
        Format::Html => &html::HtmlWriter,
        Format::Odt => &odt::OdtWriter,
        Format::Docx => &docx::DocxWriter,
    }
}

/// Writes `doc` in every format of `formats`, in order: all the files and all the warnings.
pub fn write_all(doc: &Document, theme: &Theme, formats: &[Format]) -> Result<Written, WriteError> {
    let mut all = Written::default();
    for format in formats {
        let written = for_format(*format).write(doc, theme)?;
        all.files.extend(written.files);
        all.warnings.extend(written.warnings);
    }
    Ok(all)
}

/// The heading's inlines without the number written before its title: the word processors
/// number headings through their outline lists (so a reader's edits renumber them), and a typed
/// number would show twice.
pub(crate) fn without_number(
    inlines: &[crate::document::Inline],
    number: &str,
) -> Vec<crate::document::Inline> {
    let mut inlines = inlines.to_vec();
    if let Some(crate::document::Inline::Text { text, .. }) = inlines.first_mut() {
        if let Some(rest) = text.strip_prefix(number) {
            *text = rest.trim_start().to_string();
        }
    }
    inlines
}

/// Column widths for a table filling `total` (in any unit) of the A4 text width, by the length
/// of their longest word and of their text: short columns (IDs, priorities) stay narrow,
/// descriptions get the room. Shared by the Word and OpenDocument writers, whose tables the
/// office suite lays out.
pub(crate) fn column_widths(
    header: &[Vec<crate::document::Inline>],
    rows: &[Vec<Vec<crate::document::Inline>>],
    total: f64,
) -> Vec<f64> {
    // Worked out in twips of the 166 mm text width: about 100 a character at 9 pt, plus 220
    // of cell padding.
    const TEXT_WIDTH_TWIPS: f64 = 9_412.0;
    let columns = header.len().max(1);
    let mut weights = vec![0.0f64; columns];
    let mut floors = vec![0.0f64; columns];
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        for (c, cell) in row.iter().enumerate().take(columns) {
            let text = crate::document::plain(cell);
            let longest_word = text.split_whitespace().map(|w| w.chars().count()).max();
            floors[c] = floors[c].max(longest_word.unwrap_or(0) as f64);
            weights[c] = weights[c].max((text.chars().count() as f64).sqrt() * 4.0);
        }
    }
    let mut minimum: Vec<f64> = floors.iter().map(|f| f * 100.0 + 220.0).collect();
    let needed: f64 = minimum.iter().sum();
    if needed > TEXT_WIDTH_TWIPS {
        minimum
            .iter_mut()
            .for_each(|m| *m *= TEXT_WIDTH_TWIPS / needed);
    }
    let spare = (TEXT_WIDTH_TWIPS - minimum.iter().sum::<f64>()).max(0.0);
    let weight: f64 = weights.iter().sum::<f64>().max(1.0);
    minimum
        .iter()
        .zip(&weights)
        .map(|(m, w)| (m + spare * w / weight) * total / TEXT_WIDTH_TWIPS)
        .collect()
}
