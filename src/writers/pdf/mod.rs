//! Stage 4: Markdown → PDF bytes, a pure function of the Markdown and its options.
//!
//! `parse` reads the Markdown into blocks (pulldown-cmark), `layout` paginates them, `draw`
//! (the only genpdf user) renders the pages, `finish` (lopdf) subsets fonts, compresses,
//! and adds links, bookmarks and metadata.

mod draw;
mod finish;
pub(crate) mod fonts;
mod images;
mod layout;

use layout::Measure;
use std::collections::HashMap;

/// Everything the PDF needs besides the Markdown.
/// Pages drawn by genpdf at a time (see `render`).
const CHUNK_PAGES: usize = 64;

pub struct PdfOptions<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub keywords: &'a str,
    /// `fr-FR`, `en-GB`.
    pub lang: &'a str,
    /// The running header (the document title).
    pub header: &'a str,
    /// The running footer (the confidentiality line), if any.
    pub footer: Option<&'a str>,
    /// `page {n} / {total}` in the document's language.
    pub page_label: &'a dyn Fn(usize, usize) -> String,
    /// Creation date written in the PDF, in seconds since the epoch.
    pub timestamp: i64,
    /// Bytes of the images the Markdown links to, by the path written in the link.
    pub images: &'a HashMap<String, Vec<u8>>,
    /// Figures the Markdown links to (as SVG files), drawn natively in the PDF.
    pub figures: &'a HashMap<String, crate::figures::Figure>,
    /// Text fields of the questionnaire (path, text), checked against the embedded fonts.
    pub fields: &'a [(String, String)],
}

pub struct PdfOutput {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Problems that did not stop the PDF (a character no font has, an unreadable image).
    pub warnings: Vec<PdfWarning>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfWarning {
    /// Questionnaire field concerned, when known.
    pub field: Option<String>,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PdfError(String);

pub fn render(markdown: &str, options: &PdfOptions<'_>) -> Result<PdfOutput, PdfError> {
    let fonts = draw::Fonts::load(&|_| true).map_err(PdfError)?;
    let mut warnings = uncovered_characters(&fonts, options.fields);
    let blocks = crate::blocks::parse(markdown);
    let layout = layout::layout(&blocks, &fonts, options.images, options.figures);
    warnings.extend(layout.warnings.iter().map(|m| PdfWarning {
        field: None,
        message: m.clone(),
    }));
    let decoration = draw::Decoration {
        header: options.header,
        footer: options.footer,
        page_label: options.page_label,
    };
    // genpdf keeps every page's text as one object per glyph until it writes the file; drawing
    // in chunks of pages, each finished and merged at once, bounds the memory of long documents.
    let mut assembler = finish::Assembler::default();
    let mut start = 0;
    while start < layout.pages.len() {
        let range = start..(start + CHUNK_PAGES).min(layout.pages.len());
        let used = layout.faces(range.clone());
        let mut drawing = draw::Fonts::load(&|f| used.contains(&f.face())).map_err(PdfError)?;
        let raw = draw::draw(
            &layout,
            range.clone(),
            &mut drawing,
            options.title,
            &decoration,
        )
        .map_err(PdfError)?;
        assembler.add(&raw).map_err(PdfError)?;
        start = range.end;
    }
    let bytes = assembler.finish(&layout, options).map_err(PdfError)?;
    Ok(PdfOutput {
        bytes,
        pages: layout.pages.len(),
        warnings,
    })
}

/// Characters of the questionnaire that no embedded font can draw: they print as a
/// replacement mark, and the user is told which field holds them.
fn uncovered_characters(fonts: &draw::Fonts, fields: &[(String, String)]) -> Vec<PdfWarning> {
    let families = [
        fonts::FontRef::REGULAR,
        fonts::FontRef::REGULAR.with_family(fonts::Family::Symbol),
    ];
    fields
        .iter()
        .filter_map(|(field, text)| {
            let mut missing: Vec<char> = text
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .filter(|c| !families.iter().any(|f| fonts.has_glyph(*f, *c)))
                .collect();
            missing.sort_unstable();
            missing.dedup();
            (!missing.is_empty()).then(|| PdfWarning {
                field: Some(field.clone()),
                message: format!(
                    "no embedded font can draw {}; the PDF shows {} instead (the Markdown keeps the text)",
                    missing.iter().map(|c| format!("`{c}` (U+{:04X})", u32::from(*c))).collect::<Vec<_>>().join(", "),
                    fonts::REPLACEMENT
                ),
            })
        })
        .collect()
}
