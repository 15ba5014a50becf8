//! Layout, media: images (the logo, decoded and scaled to the text width) and the figures
//! drawn as vector shapes with text in the embedded fonts, kept with their caption.

use super::text::TextStyle;
use super::{Item, Layouter, Measure, CONTENT_BOTTOM, CONTENT_TOP, PT};
use crate::document::{Align, Inline, InlineStyle};
use crate::figures::{Anchor, Figure, Shape};
use crate::fonts::{Family, FontRef};

impl<M: Measure> Layouter<'_, M> {
    pub(super) fn image(&mut self, src: &str, alt: &str, x: f64, width: f64, max_height: f64) {
        let decoded = self
            .assets
            .image(src)
            .ok_or_else(|| "not found".to_string())
            .and_then(crate::writers::pdf::images::decode);
        let image = match decoded {
            Ok(image) => image,
            Err(reason) => {
                self.out
                    .warnings
                    .push(format!("image `{src}` could not be shown ({reason}); its description is printed instead"));
                let inlines = [Inline::Text {
                    text: format!("[{alt}]"),
                    style: InlineStyle {
                        italic: true,
                        ..InlineStyle::default()
                    },
                    link: None,
                }];
                self.paragraph(&inlines, TextStyle::body(), x, width, Align::Left);
                return;
            }
        };
        let (pw, ph) = (f64::from(image.width()), f64::from(image.height()));
        // Natural size at 150 dpi, never wider than the text nor taller than allowed.
        let mut w = (pw / 150.0 * 25.4).min(width);
        let mut h = w * ph / pw;
        let limit = max_height.min(CONTENT_BOTTOM - CONTENT_TOP);
        if h > limit {
            h = limit;
            w = h * pw / ph;
        }
        self.ensure(h);
        let index = self.out.images.len();
        self.out.images.push(image);
        self.push(Item::Image {
            index,
            x,
            y: self.y,
            w,
            h,
        });
        self.y += h + 3.0;
    }

    /// Draws a figure at the text width (or smaller, to fit a page), with vector shapes and
    /// text in the embedded fonts.
    pub(super) fn figure(&mut self, figure: &Figure, x: f64, width: f64) {
        let (w, h) = figure_size(figure, width);
        let scale = w / figure.width;
        // The figure and the first line of its caption stay together.
        self.ensure(h + 10.0);
        let x0 = x + (width - w) / 2.0;
        let y0 = self.y + 1.0;
        for shape in &figure.shapes {
            let placed = shape.placed(scale, (x0, y0));
            let Shape::Text {
                x: px,
                y: baseline,
                text,
                size,
                bold,
                italic,
                colour,
                anchor,
            } = placed
            else {
                self.push(Item::Shape(placed));
                continue;
            };
            let size = (size * scale).round().clamp(4.0, 40.0) as u8;
            let font = FontRef {
                family: Family::Sans,
                bold,
                italic,
            };
            let inlines = [Inline::Text {
                text,
                style: InlineStyle::default(),
                link: None,
            }];
            let style = TextStyle {
                font,
                size,
                colour,
                leading: 1.0,
                justify: false,
            };
            for line in self.wrap(&self.tokens(&inlines, style), f64::INFINITY) {
                let left = match anchor {
                    Anchor::Start => px,
                    Anchor::Middle => px - line.width / 2.0,
                    Anchor::End => px - line.width,
                };
                let top = baseline - f64::from(size) * PT * 1.117;
                for (offset, piece, _) in &line.pieces {
                    self.push(Item::Text {
                        x: left + offset,
                        y: top,
                        text: piece.text.clone(),
                        font: piece.font,
                        size: piece.size,
                        colour: piece.colour,
                    });
                }
            }
        }
        self.y = y0 + h + 2.0;
    }
}

/// A figure's size on the page: the text width at most, and short enough to leave room for
/// its caption on one page.
pub(super) fn figure_size(figure: &Figure, width: f64) -> (f64, f64) {
    let room = CONTENT_BOTTOM - CONTENT_TOP - 14.0;
    let scale = (width / figure.width).min(room / figure.height).min(1.0);
    (figure.width * scale, figure.height * scale)
}
