//! Stage: [`Document`] → files. One interface, [`Writer`], for every output format.
//!
//! Each format is one module implementing [`Writer`]; [`for_format`] is the only place that
//! maps a [`Format`] to its writer, so `render` and the evaluation report write every format
//! through the same loop, and a new format is a new module plus one line there.

pub mod docx;
pub mod html;
pub mod markdown;
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
}

impl Format {
    /// What `render` writes when no format is named: the Markdown source and the PDF.
    pub const DEFAULT: [Format; 2] = [Format::Md, Format::Pdf];
    /// Every writer (the fuzz targets render them all).
    pub const ALL: [Format; 4] = [Format::Md, Format::Pdf, Format::Html, Format::Docx];
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
}

impl From<WriteError> for crate::error::Error {
    fn from(e: WriteError) -> Self {
        match e {
            WriteError::Pdf(m) => crate::error::Error::Pdf(m),
            WriteError::Docx(m) => crate::error::Error::Docx(m),
        }
    }
}

/// The writer of `format`.
pub fn for_format(format: Format) -> &'static dyn Writer {
    match format {
        Format::Md => &markdown::MarkdownWriter,
        Format::Pdf => &pdf_writer::PdfWriter,
        Format::Html => &html::HtmlWriter,
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
