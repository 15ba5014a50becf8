//! The look shared by every output: the palette and the type sizes, written once.
//!
//! The PDF, the Word document and the figures read their colours from here, so that a colour
//! changed here changes everywhere. The HTML page's stylesheet (`assets/page.css`) stays a
//! plain CSS file that designers can edit and browsers can load as it is; a test holds its
//! `:root` colours equal to the palette.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_uses_the_palette() {
        let css = include_str!("../assets/page.css");
        let root = css
            .split(":root {")
            .nth(1)
            .and_then(|rest| rest.split('}').next())
            .expect("a :root block");
        let variable = |name: &str| {
            root.split(&format!("--{name}: #"))
                .nth(1)
                .map(|rest| rest[..6].to_string())
                .unwrap_or_else(|| panic!("--{name} missing from :root"))
        };
        let p = Palette::DEFAULT;
        for (name, colour) in [
            ("ink", p.ink),
            ("primary", p.primary),
            ("muted", p.muted),
            ("link", p.link),
            ("rule", p.rule),
            ("head", p.header_fill),
            ("zebra", p.zebra_fill),
            ("code", p.code_fill),
        ] {
            assert_eq!(variable(name), hex(colour), "--{name}");
        }
    }
}
