//! The only module that knows genpdf: fonts for measuring, and laid-out pages → raw PDF bytes.
//!
//! genpdf 0.2 is used at its sound level — fonts, glyph encoding, text, lines and images
//! placed at given positions — while pagination, wrapping, headers and footers are crmspec's
//! (see `layout`). What genpdf does poorly on output (whole fonts, no compression, clock time,
//! no outline or links) is repaired by `finish`.

use super::layout::{
    Item, Layout, Measure, Rgb, MARGIN_LEFT, MARGIN_RIGHT, MUTED, PAGE_HEIGHT, PAGE_WIDTH, RULE,
};
use crate::fonts::{self, Family, FontRef};
use genpdf::fonts::{FontCache, FontData, FontFamily};
use genpdf::render::Renderer;
use genpdf::style::{Color, Style};
use genpdf::{Mm, Position, Rotation, Scale, Size};

/// The embedded fonts, loaded for both measuring and drawing.
pub struct Fonts {
    cache: FontCache,
    sans: FontFamily<genpdf::fonts::Font>,
    mono: FontFamily<genpdf::fonts::Font>,
    symbol: FontFamily<genpdf::fonts::Font>,
    /// The fallback chain's faces beyond the bundled families (`Family::Extra`).
    extra: Vec<FontFamily<genpdf::fonts::Font>>,
}

/// A font that is embedded when drawn with, or else stands in as a built-in PDF font that
/// is never drawn with: genpdf embeds (and printpdf processes) every font of its cache, so the
/// drawing cache holds only the faces the layout uses.
fn font_data(bytes: &[u8], embed: bool) -> Result<FontData, String> {
    let builtin = (!embed).then_some(printpdf::BuiltinFont::Helvetica);
    FontData::new(bytes.to_vec(), builtin).map_err(|e| e.to_string())
}

impl Fonts {
    /// Loads the fonts, with `extra` (see `fonts::fallback_faces`) after the bundled ones;
    /// `embed` tells which faces will be drawn (all of them for measuring).
    pub fn load(embed: &dyn Fn(FontRef) -> bool, extra: &[Vec<u8>]) -> Result<Fonts, String> {
        let sans = |bold, italic| {
            embed(FontRef {
                family: Family::Sans,
                bold,
                italic,
            })
        };
        let mut cache = FontCache::new(FontFamily {
            regular: font_data(fonts::SANS.regular, sans(false, false))?,
            bold: font_data(fonts::SANS.bold, sans(true, false))?,
            italic: font_data(fonts::SANS.italic, sans(false, true))?,
            bold_italic: font_data(fonts::SANS.bold_italic, sans(true, true))?,
        });
        let sans = cache.default_font_family();
        let mut single_face =
            |family: Family, bytes: &[u8]| -> Result<FontFamily<genpdf::fonts::Font>, String> {
                let font = if embed(FontRef::REGULAR.with_family(family)) {
                    cache.add_font(font_data(bytes, true)?)
                } else {
                    sans.regular
                };
                Ok(FontFamily {
                    regular: font,
                    bold: font,
                    italic: font,
                    bold_italic: font,
                })
            };
        let mono = single_face(Family::Mono, fonts::MONO)?;
        let symbol = single_face(Family::Symbol, fonts::SYMBOL)?;
        let extra = (0..=u8::MAX)
            .zip(extra)
            .map(|(n, bytes)| single_face(Family::Extra(n), bytes))
            .collect::<Result<_, _>>()?;
        Ok(Fonts {
            cache,
            sans,
            mono,
            symbol,
            extra,
        })
    }

    fn style(&self, font: FontRef, size: u8, colour: Rgb) -> Style {
        let family = match font.family {
            Family::Sans => self.sans,
            Family::Mono => self.mono,
            Family::Symbol => self.symbol,
            Family::Extra(n) => self
                .extra
                .get(usize::from(n))
                .copied()
                .unwrap_or(self.symbol),
        };
        let mut style = Style::new()
            .with_font_family(family)
            .with_font_size(size)
            .with_color(Color::Rgb(colour.0, colour.1, colour.2));
        if font.bold {
            style.set_bold();
        }
        if font.italic {
            style.set_italic();
        }
        style
    }
}

impl Measure for Fonts {
    fn width(&self, text: &str, font: FontRef, size: u8) -> f64 {
        let style = self.style(font, size, (0, 0, 0));
        f64::from(style.str_width(&self.cache, text))
    }

    fn extra_faces(&self) -> u8 {
        u8::try_from(self.extra.len()).unwrap_or(u8::MAX)
    }

    fn has_glyph(&self, font: FontRef, c: char) -> bool {
        let style = self.style(font, 10, (0, 0, 0));
        let glyph = self.cache.get_rt_font(style.font(&self.cache)).glyph(c);
        glyph.id().0 != 0
    }
}

/// What the header and footer say.
pub struct Decoration<'a> {
    pub header: &'a str,
    /// At most two lines; the page number sits beside the first.
    pub footer: &'a [String],
    /// `page {n} / {total}` in the document's language.
    pub page_label: &'a dyn Fn(usize, usize) -> String,
}

/// What genpdf drew on a page, in the order of its content stream, so that `finish` can tag
/// it: the layout item behind each text object (`BT`…`ET`; `None` for the running header and
/// footer) and behind each image.
#[derive(Debug, Default)]
pub struct Marks {
    pub texts: Vec<Option<usize>>,
    pub images: Vec<usize>,
}

/// Draws the pages in `pages` (a range of the layout's) as one PDF, with each page's
/// [`Marks`]. Fills and links are left to `finish`, which writes them below and above
/// genpdf's content.
pub fn draw(
    layout: &Layout,
    pages: std::ops::Range<usize>,
    fonts: &mut Fonts,
    title: &str,
    decoration: &Decoration<'_>,
) -> Result<(Vec<u8>, Vec<Marks>), String> {
    let page_size = Size::new(PAGE_WIDTH as f32, PAGE_HEIGHT as f32);
    let mut renderer = Renderer::new(page_size, title).map_err(|e| e.to_string())?;
    for _ in 1..pages.len() {
        renderer.add_page(page_size);
    }
    fonts
        .cache
        .load_pdf_fonts(&renderer)
        .map_err(|e| e.to_string())?;
    let total = layout.pages.len();
    let first = pages.start;
    let mut all_marks = Vec::with_capacity(pages.len());
    for (index, page) in layout.pages[pages].iter().enumerate() {
        let mut marks = Marks::default();
        let number = first + index + 1;
        let area = renderer
            .get_page(index)
            .ok_or("page missing from the renderer")?
            .first_layer()
            .area();
        for (position, item) in page.items.iter().enumerate() {
            match item {
                Item::Text {
                    x,
                    y,
                    text,
                    font,
                    size,
                    colour,
                } => {
                    let style = fonts.style(*font, *size, *colour);
                    if area
                        .print_str(&fonts.cache, pos(*x, *y), style, text)
                        .map_err(|e| e.to_string())?
                    {
                        marks.texts.push(Some(position));
                    }
                }
                Item::Line { from, to, colour } => {
                    let style = Style::new().with_color(Color::Rgb(colour.0, colour.1, colour.2));
                    area.draw_line(vec![pos(from.0, from.1), pos(to.0, to.1)], style);
                }
                Item::Image { index, x, y, w, h } => {
                    let image = &layout.images[*index];
                    let dpi = 300.0;
                    let natural_width = f64::from(image.width()) / dpi * 25.4;
                    let scale = w / natural_width;
                    let dynamic = image::DynamicImage::ImageRgb8(image.clone());
                    area.add_image(
                        &dynamic,
                        pos(*x, y + h),
                        Scale::new(scale, scale),
                        Rotation::from_degrees(0.0),
                        Some(dpi),
                    );
                    marks.images.push(position);
                }
                Item::PageNumber {
                    right,
                    y,
                    anchor,
                    font,
                    size,
                } => {
                    let number = layout
                        .anchors
                        .get(anchor)
                        .map(|(page, _)| (page + 1).to_string())
                        .unwrap_or_default();
                    let style = fonts.style(*font, *size, super::layout::INK);
                    let width = fonts.width(&number, *font, *size);
                    if area
                        .print_str(&fonts.cache, pos(right - width, *y), style, &number)
                        .map_err(|e| e.to_string())?
                    {
                        marks.texts.push(Some(position));
                    }
                }
                Item::Rect { .. } | Item::Link { .. } | Item::Shape(_) => {}
            }
        }
        if page.decorated {
            let printed = decorate(&area, fonts, decoration, number, total)?;
            marks.texts.extend(std::iter::repeat_n(None, printed));
        }
        all_marks.push(marks);
    }
    let mut bytes = Vec::new();
    renderer.write(&mut bytes).map_err(|e| e.to_string())?;
    Ok((bytes, all_marks))
}

/// Header (title and a rule) and footer (confidentiality and page number); gives the number
/// of text objects printed.
fn decorate(
    area: &genpdf::render::Area<'_>,
    fonts: &Fonts,
    decoration: &Decoration<'_>,
    page: usize,
    total: usize,
) -> Result<usize, String> {
    let mut printed = 0;
    let right = PAGE_WIDTH - MARGIN_RIGHT;
    let small = fonts.style(FontRef::REGULAR, 8, MUTED);
    let header = fit(fonts, decoration.header, right - MARGIN_LEFT);
    printed += usize::from(
        area.print_str(&fonts.cache, pos(MARGIN_LEFT, 12.0), small, &header)
            .map_err(|e| e.to_string())?,
    );
    let rule = Style::new().with_color(Color::Rgb(RULE.0, RULE.1, RULE.2));
    area.draw_line(vec![pos(MARGIN_LEFT, 16.5), pos(right, 16.5)], rule);
    area.draw_line(vec![pos(MARGIN_LEFT, 281.0), pos(right, 281.0)], rule);
    let label = (decoration.page_label)(page, total);
    let label_width = fonts.width(&label, FontRef::REGULAR, 8);
    printed += usize::from(
        area.print_str(&fonts.cache, pos(right - label_width, 283.0), small, &label)
            .map_err(|e| e.to_string())?,
    );
    for (i, line) in decoration.footer.iter().take(2).enumerate() {
        let line = fit(fonts, line, right - MARGIN_LEFT - label_width - 6.0);
        printed += usize::from(
            area.print_str(
                &fonts.cache,
                pos(MARGIN_LEFT, 283.0 + 3.6 * i as f64),
                small,
                &line,
            )
            .map_err(|e| e.to_string())?,
        );
    }
    Ok(printed)
}

/// Shortens a running header or footer to its room, with an ellipsis; the full text is on
/// the cover.
fn fit(fonts: &Fonts, text: &str, width: f64) -> String {
    if fonts.width(text, FontRef::REGULAR, 8) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if fonts.width(&format!("{out}…"), FontRef::REGULAR, 8) > width {
            out.pop();
            break;
        }
    }
    format!("{}…", out.trim_end())
}

fn pos(x: f64, y: f64) -> Position {
    Position::new(Mm::from(x), Mm::from(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The figures place their labels with their own measure of the embedded fonts; it must be
    /// the PDF's, or a label that fits in the SVG would overflow on paper.
    #[test]
    fn figures_measure_text_as_the_pdf_does() {
        let fonts = Fonts::load(&|_| true, &[]).expect("the embedded fonts");
        for (bold, italic) in [(false, false), (true, false), (false, true), (true, true)] {
            let font = FontRef {
                family: Family::Sans,
                bold,
                italic,
            };
            for size in [5u8, 6, 7, 8, 11] {
                for word in [
                    "Technical",
                    "support",
                    "AVAWATyTo",
                    "Réseaux",
                    "e-commerce",
                    "QR",
                    "(jaune)",
                    "Tâches",
                    "24\u{a0}h/24",
                    " ",
                ] {
                    let pdf = fonts.width(word, font, size);
                    let figure =
                        crate::fonts::metrics::text_width(word, f64::from(size), bold, italic);
                    assert!(
                        (pdf - figure).abs() < 0.005,
                        "{word:?} at {size} pt (bold {bold}, italic {italic}): PDF {pdf}, figure {figure}"
                    );
                }
            }
        }
    }
}
