//! The look shared by every output: the palette and the type sizes, written once.
//!
//! The PDF, the Word document and the figures read their colours from a [`Theme`], so that a
//! colour changed here changes everywhere; the HTML page's stylesheet carries the same values
//! (a test holds them equal).

/// A colour as red, green, blue.
pub type Rgb = (u8, u8, u8);

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub palette: Palette,
}

/// crmspec's colours, named by their role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// Body text.
    pub ink: Rgb,
    /// Headings, table headings, the flower's pistil.
    pub primary: Rgb,
    /// Running header and footer, captions.
    pub muted: Rgb,
    /// Links.
    pub link: Rgb,
    /// Table borders and rules.
    pub rule: Rgb,
    /// Table header rows.
    pub header_fill: Rgb,
    /// Every other table row.
    pub zebra_fill: Rgb,
    /// Code backgrounds.
    pub code_fill: Rgb,
}

impl Palette {
    pub const DEFAULT: Palette = Palette {
        ink: (33, 37, 41),
        primary: (22, 58, 105),
        muted: (108, 117, 125),
        link: (23, 94, 186),
        rule: (165, 175, 190),
        header_fill: (221, 229, 240),
        zebra_fill: (246, 248, 251),
        code_fill: (242, 243, 245),
    };
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            palette: Palette::DEFAULT,
        }
    }
}

/// `RRGGBB`, as Word and CSS write colours.
pub fn hex(colour: Rgb) -> String {
    format!("{:02X}{:02X}{:02X}", colour.0, colour.1, colour.2)
}
