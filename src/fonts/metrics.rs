//! Text measured as the PDF sets it: the advance widths and kerning pairs of the embedded
//! Liberation Sans faces (DejaVu Sans for a character Liberation lacks), so a figure can place
//! its labels knowing exactly how much room each takes, in the SVG, the PNG and the PDF alike.
//!
//! Part of `fonts`, the only module that parses font files (with `ttf-parser`, the parser
//! resvg already uses). The PDF measures with genpdf the same way (advances, then the first `kern`
//! subtable, words and spaces measured apart); a test in the PDF writer holds the two together.

use super::{self as fonts, REPLACEMENT};
use std::sync::OnceLock;
use ttf_parser::Face;

/// Millimetres per point.
pub const PT: f64 = 0.352_778;

/// The four Liberation Sans faces and the symbol face, parsed once.
struct Faces {
    sans: [Face<'static>; 4],
    symbol: Face<'static>,
}

fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| {
        // The fonts are compiled in and parsed by every test: failing here is a build defect.
        let parse = |data: &'static [u8]| Face::parse(data, 0).expect("an embedded font parses");
        let s = &fonts::SANS;
        Faces {
            sans: [
                parse(s.regular),
                parse(s.bold),
                parse(s.italic),
                parse(s.bold_italic),
            ],
            symbol: parse(fonts::SYMBOL),
        }
    })
}

/// Liberation Sans's ascent and descent (its `hhea` metrics, as the PDF places baselines), in
/// ems: a line of text at `size` points spans `baseline - ASCENT·size·PT` to
/// `baseline + DESCENT·size·PT`.
pub const ASCENT: f64 = 1854.0 / 2048.0;
pub const DESCENT: f64 = 434.0 / 2048.0;

/// Width in millimetres of one line of `text` at `size` points.
pub fn text_width(text: &str, size: f64, bold: bool, italic: bool) -> f64 {
    let faces = faces();
    let face = &faces.sans[usize::from(bold) + 2 * usize::from(italic)];
    let mut em = 0.0;
    // Kerning applies between two glyphs of one face inside one word, as the PDF sets words.
    let mut previous: Option<(bool, ttf_parser::GlyphId)> = None;
    for c in text.chars() {
        if c.is_whitespace() {
            em += advance(face, face.glyph_index(' '));
            previous = None;
            continue;
        }
        let (in_sans, glyph) = match face.glyph_index(c) {
            Some(g) => (true, g),
            None => (
                false,
                faces
                    .symbol
                    .glyph_index(c)
                    .or_else(|| faces.symbol.glyph_index(REPLACEMENT))
                    .unwrap_or_default(),
            ),
        };
        let current = if in_sans { face } else { &faces.symbol };
        em += advance(current, Some(glyph));
        if let Some((_, left)) = previous.filter(|(was_in_sans, _)| *was_in_sans == in_sans) {
            em += kerning(current, left, glyph);
        }
        previous = Some((in_sans, glyph));
    }
    em * size * PT
}

fn advance(face: &Face<'_>, glyph: Option<ttf_parser::GlyphId>) -> f64 {
    let units = glyph
        .and_then(|g| face.glyph_hor_advance(g))
        .unwrap_or_default();
    f64::from(units) / f64::from(face.units_per_em())
}

/// The pair's kerning in ems, from the first `kern` subtable when it is horizontal (where
/// genpdf reads it).
fn kerning(face: &Face<'_>, left: ttf_parser::GlyphId, right: ttf_parser::GlyphId) -> f64 {
    let Some(table) = face.tables().kern else {
        return 0.0;
    };
    let Some(first) = table.subtables.into_iter().next() else {
        return 0.0;
    };
    if !first.horizontal || first.has_cross_stream {
        return 0.0;
    }
    let units = first.glyphs_kerning(left, right).unwrap_or_default();
    f64::from(units) / f64::from(face.units_per_em())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_with_the_embedded_faces() {
        // Liberation Sans has Arial's metrics: 'W' is 0.944 em, 'i' 0.222 em.
        let w = text_width("W", 10.0, false, false);
        assert!((w - 0.944 * 10.0 * PT).abs() < 0.01, "{w}");
        assert!(text_width("Wi", 10.0, true, false) > text_width("Wi", 10.0, false, false));
        // A character Liberation lacks is measured in the symbol face, never as nothing.
        assert!(text_width("✓", 10.0, false, false) > 1.0);
        let faces = faces();
        assert_eq!(
            (
                faces.sans[0].ascender(),
                faces.sans[0].descender(),
                faces.sans[0].units_per_em()
            ),
            (1854, -434, 2048)
        );
    }
}
