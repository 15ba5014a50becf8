//! Stage: Document → PDF bytes, a pure function of the document and the theme.
//!
//! `layout` paginates the document's blocks and records the structure each item belongs to,
//! `draw` (the only genpdf user) renders the pages and notes which item each text object and
//! image comes from, `finish` (lopdf) subsets fonts, compresses, adds links, bookmarks and
//! metadata, and tags the result (structure tree, marked content, PDF/A identification).

mod draw;
mod finish;
mod images;
mod layout;

use crate::document::Document;
use crate::fonts;
use crate::spec::TextField;
use crate::theme::Theme;
use layout::Measure;

/// Pages drawn by genpdf at a time (see `render`).
const CHUNK_PAGES: usize = 64;

pub struct PdfOutput {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Problems that did not stop the PDF (a character no font has, an unreadable image).
    pub warnings: Vec<PdfWarning>,
    /// The faces beyond the bundled ones that draw characters those lack (see
    /// `fonts::fallback_faces`), by name.
    pub fallback_fonts: Vec<String>,
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

pub fn render(doc: &Document, _theme: &Theme) -> Result<PdfOutput, PdfError> {
    let meta = &doc.meta;
    // The bundled faces first; the machine's fonts are searched only for what they lack.
    let bundled = draw::Fonts::load(&|_| true, &[]).map_err(PdfError)?;
    let mut missing: Vec<char> = uncovered(&bundled, &meta.fields)
        .flat_map(|(_, c)| c)
        .collect();
    missing.sort_unstable();
    missing.dedup();
    let (fallback_fonts, extra): (Vec<String>, Vec<Vec<u8>>) =
        fonts::fallback_faces(&missing).into_iter().unzip();
    let fonts = if extra.is_empty() {
        bundled
    } else {
        draw::Fonts::load(&|_| true, &extra).map_err(PdfError)?
    };
    let mut warnings = uncovered_characters(&fonts, &meta.fields);
    let layout = layout::layout(&doc.blocks, &fonts, &doc.assets, meta.lang);
    warnings.extend(layout.warnings.iter().map(|m| PdfWarning {
        field: None,
        message: m.clone(),
    }));
    let page_label = |page, total| meta.page_label(page, total);
    let decoration = draw::Decoration {
        header: &meta.title,
        footer: &meta.footer,
        page_label: &page_label,
    };
    // genpdf keeps every page's text as one object per glyph until it writes the file; drawing
    // in chunks of pages, each finished and merged at once, bounds the memory of long documents.
    let mut assembler = finish::Assembler::new(&layout);
    let mut start = 0;
    while start < layout.pages.len() {
        let range = start..(start + CHUNK_PAGES).min(layout.pages.len());
        let used = layout.faces(range.clone());
        let mut drawing =
            draw::Fonts::load(&|f| used.contains(&f.face()), &extra).map_err(PdfError)?;
        let (raw, marks) = draw::draw(
            &layout,
            range.clone(),
            &mut drawing,
            &meta.title,
            &decoration,
        )
        .map_err(PdfError)?;
        assembler.add(&raw, marks).map_err(PdfError)?;
        start = range.end;
    }
    let bytes = assembler.finish(&layout, meta).map_err(PdfError)?;
    Ok(PdfOutput {
        bytes,
        pages: layout.pages.len(),
        warnings,
        fallback_fonts,
    })
}

/// Each field of the questionnaire with the characters in it that no loaded face draws.
fn uncovered<'a>(
    fonts: &'a draw::Fonts,
    fields: &'a [TextField],
) -> impl Iterator<Item = (&'a TextField, Vec<char>)> + 'a {
    let mut families = vec![
        fonts::FontRef::REGULAR,
        fonts::FontRef::REGULAR.with_family(fonts::Family::Symbol),
    ];
    families.extend(
        (0..fonts.extra_faces())
            .map(|n| fonts::FontRef::REGULAR.with_family(fonts::Family::Extra(n))),
    );
    fields.iter().filter_map(move |field| {
        let mut missing: Vec<char> = field
            .text
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control() && !fonts::is_invisible(*c))
            .filter(|c| !families.iter().any(|f| fonts.has_glyph(*f, *c)))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        (!missing.is_empty()).then_some((field, missing))
    })
}

/// Characters of the questionnaire that no font (bundled or installed) can draw: they print
/// as a replacement mark, and the user is told which field holds them.
fn uncovered_characters(fonts: &draw::Fonts, fields: &[TextField]) -> Vec<PdfWarning> {
    uncovered(fonts, fields)
        .map(|(field, missing)| PdfWarning {
            field: Some(field.path.clone()),
            message: format!(
                "no font, bundled or installed, can draw {}; the PDF shows {} instead (the Markdown keeps the text)",
                missing.iter().map(|c| format!("`{c}` (U+{:04X})", u32::from(*c))).collect::<Vec<_>>().join(", "),
                fonts::REPLACEMENT
            ),
        })
        .collect()
}
