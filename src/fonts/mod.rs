//! The fonts built into the binary, so a PDF or a figure never depends on what the machine has
//! installed. Shared by the PDF writer and the figures' rasteriser, hence at the base.
//!
//! Liberation Sans (SIL OFL 1.1) sets the text, Liberation Mono the code, and DejaVu Sans
//! (Bitstream Vera licence) stands in for the symbols Liberation lacks (✓, ☐, ◆…). Licences are
//! in `fonts/`.
//!
//! A questionnaire may hold what none of these draws (a Japanese client name, an emoji in a
//! slogan): the fallback chain then goes on with the fonts installed on the machine (TrueType
//! outlines, which the PDF embeds as they are), and ends with Noto Emoji (SIL OFL 1.1), a
//! monochrome emoji face bundled for the case no installed font has them. The search runs only
//! when such characters exist, so ordinary documents never depend on the machine.
//!
//! `metrics` measures text with these faces for the figures, so that the only code parsing
//! font files is here.

pub mod metrics;

/// Which face a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Sans,
    Mono,
    /// The fallback for characters the other families lack.
    Symbol,
    /// The n-th face of the fallback chain beyond the bundled families (see `fallback_faces`).
    Extra(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FontRef {
    pub family: Family,
    pub bold: bool,
    pub italic: bool,
}

impl FontRef {
    pub const REGULAR: FontRef = FontRef {
        family: Family::Sans,
        bold: false,
        italic: false,
    };
    pub const BOLD: FontRef = FontRef {
        family: Family::Sans,
        bold: true,
        italic: false,
    };
    pub const MONO: FontRef = FontRef {
        family: Family::Mono,
        bold: false,
        italic: false,
    };

    pub fn with_family(self, family: Family) -> FontRef {
        FontRef { family, ..self }
    }

    /// The font file this is drawn with: code, symbols and fallbacks have a single face.
    pub fn face(self) -> FontRef {
        match self.family {
            Family::Sans => self,
            family => FontRef::REGULAR.with_family(family),
        }
    }
}

/// Regular, bold, italic and bold-italic files of a family.
pub struct FamilyFiles {
    pub regular: &'static [u8],
    pub bold: &'static [u8],
    pub italic: &'static [u8],
    pub bold_italic: &'static [u8],
}

pub const SANS: FamilyFiles = FamilyFiles {
    regular: include_bytes!("../../fonts/LiberationSans-Regular.ttf"),
    bold: include_bytes!("../../fonts/LiberationSans-Bold.ttf"),
    italic: include_bytes!("../../fonts/LiberationSans-Italic.ttf"),
    bold_italic: include_bytes!("../../fonts/LiberationSans-BoldItalic.ttf"),
};

/// Code is never set in bold or italic: one face serves every style.
pub const MONO: &[u8] = include_bytes!("../../fonts/LiberationMono-Regular.ttf");

/// Symbols are drawn upright and regular whatever the surrounding style.
pub const SYMBOL: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");

/// Monochrome emoji, the last face of the fallback chain.
pub const EMOJI: &[u8] = include_bytes!("../../fonts/NotoEmoji-Regular.ttf");

/// Shown in place of a character no embedded font has (and reported as a warning).
pub const REPLACEMENT: char = '\u{FFFD}';

/// Characters that shape the ones around them (zero-width joiner, variation selectors) and
/// have no glyph of their own: they are left out of the drawn text rather than shown as
/// missing. Emoji joined by them are drawn one by one.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0020}'..='\u{E007F}')
}

/// The faces, after the bundled ones, that draw the characters in `missing`: the fewest
/// installed fonts taken in a fixed order (by file), then the bundled emoji face. Characters no
/// face has are left to the replacement mark. Only single TrueType-outline fonts qualify: the
/// PDF embeds a face as it is, and collections or CFF outlines would need converting.
pub fn fallback_faces(missing: &[char]) -> Vec<Vec<u8>> {
    let mut left: Vec<char> = missing.to_vec();
    let mut faces = Vec::new();
    if left.is_empty() {
        return faces;
    }
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let mut installed: Vec<(String, u32, fontdb::ID)> = db
        .faces()
        .map(|face| {
            let path = match &face.source {
                fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => {
                    path.display().to_string()
                }
                fontdb::Source::Binary(_) => String::new(),
            };
            (path, face.index, face.id)
        })
        .collect();
    installed.sort();
    for (_, _, id) in installed {
        if left.is_empty() {
            break;
        }
        let found = db
            .with_face_data(id, |data, index| covering(data, index, &left))
            .flatten();
        if let Some((bytes, covered)) = found {
            left.retain(|c| !covered.contains(c));
            faces.push(bytes);
        }
    }
    if covering(EMOJI, 0, &left).is_some() {
        faces.push(EMOJI.to_vec());
    }
    faces
}

/// The font's bytes and which of `chars` it draws, when it is a usable fallback drawing some.
fn covering(data: &[u8], index: u32, chars: &[char]) -> Option<(Vec<u8>, Vec<char>)> {
    if index != 0 || ttf_parser::fonts_in_collection(data).is_some() {
        return None;
    }
    let face = ttf_parser::Face::parse(data, 0).ok()?;
    face.tables().glyf?;
    let covered: Vec<char> = chars
        .iter()
        .copied()
        .filter(|c| face.glyph_index(*c).is_some_and(|g| g.0 != 0))
        .collect();
    (!covered.is_empty()).then(|| (data.to_vec(), covered))
}
