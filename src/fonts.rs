//! The fonts built into the binary, so a PDF or a figure never depends on what the machine has
//! installed. Shared by the PDF writer and the figures' rasteriser, hence at the base.
//!
//! Liberation Sans (SIL OFL 1.1) sets the text, Liberation Mono the code, and DejaVu Sans
//! (Bitstream Vera licence) stands in for the symbols Liberation lacks (✓, ☐, ◆…). Licences are
//! in `fonts/`.

/// Which face a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Sans,
    Mono,
    /// The fallback for characters the other families lack.
    Symbol,
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

    /// The font file this is drawn with: code and symbols have a single face.
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
    regular: include_bytes!("../fonts/LiberationSans-Regular.ttf"),
    bold: include_bytes!("../fonts/LiberationSans-Bold.ttf"),
    italic: include_bytes!("../fonts/LiberationSans-Italic.ttf"),
    bold_italic: include_bytes!("../fonts/LiberationSans-BoldItalic.ttf"),
};

/// Code is never set in bold or italic: one face serves every style.
pub const MONO: &[u8] = include_bytes!("../fonts/LiberationMono-Regular.ttf");

/// Symbols are drawn upright and regular whatever the surrounding style.
pub const SYMBOL: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

/// Shown in place of a character no embedded font has (and reported as a warning).
pub const REPLACEMENT: char = '\u{FFFD}';
