//! Figures drawn from the questionnaire: the F.L.E.U.R. flower, the channel map and the
//! planning chart.
//!
//! A figure is a small vector scene in millimetres. It is written as an SVG file beside the
//! Markdown, and the PDF stage draws the same scene natively (vector shapes, text in the
//! embedded fonts), so both outputs show one drawing and the PDF stays small and sharp.

mod channel_map;
mod fleur;
mod planning;
mod png;
mod svg;

pub use channel_map::channel_map;
pub use fleur::fleur;
pub use planning::planning;

pub type Rgb = (u8, u8, u8);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stroke {
    pub colour: Rgb,
    /// Millimetres.
    pub width: f64,
    pub dashed: bool,
}

impl Stroke {
    pub fn solid(colour: Rgb, width: f64) -> Stroke {
        Stroke {
            colour,
            width,
            dashed: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    },
    Ellipse {
        cx: f64,
        cy: f64,
        rx: f64,
        ry: f64,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    },
    /// A closed polygon.
    Polygon {
        points: Vec<(f64, f64)>,
        fill: Option<Rgb>,
        stroke: Option<Stroke>,
    },
    /// An open line through the points.
    Polyline {
        points: Vec<(f64, f64)>,
        stroke: Stroke,
    },
    /// One line of text; `y` is the baseline.
    Text {
        x: f64,
        y: f64,
        text: String,
        /// Points.
        size: f64,
        bold: bool,
        italic: bool,
        colour: Rgb,
        anchor: Anchor,
    },
}

/// A drawing in millimetres, with its name (the SVG file stem) and caption.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub name: String,
    pub caption: String,
    pub width: f64,
    pub height: f64,
    pub shapes: Vec<Shape>,
}

impl Figure {
    /// The figure's alternative text for readers who cannot see it: `alt` (its caption), then
    /// what it writes — phases, channels, petals and their labels — in the order it draws
    /// them, so that a reader hears what the picture shows rather than only its name.
    pub fn alt_text(&self, alt: &str) -> String {
        let mut labels: Vec<&str> = Vec::new();
        for shape in &self.shapes {
            if let Shape::Text { text, .. } = shape {
                let text = text.trim();
                if !text.is_empty() && !labels.contains(&text) {
                    labels.push(text);
                }
            }
        }
        if labels.is_empty() {
            alt.to_string()
        } else {
            format!("{alt}. {}.", labels.join(", "))
        }
    }

    pub fn new(name: &str, caption: String, width: f64, height: f64) -> Figure {
        Figure {
            name: name.to_string(),
            caption,
            width,
            height,
            shapes: Vec::new(),
        }
    }

    /// The path of the SVG relative to the Markdown file.
    pub fn path(&self) -> String {
        format!("figures/{}.svg", self.name)
    }

    pub fn to_svg(&self) -> String {
        svg::write(self)
    }

    /// The figure rasterised (200 dpi): PNG bytes, width and height in pixels.
    pub fn to_png(&self) -> Result<(Vec<u8>, u32, u32), String> {
        png::to_png(self)
    }

    pub fn text(
        &mut self,
        x: f64,
        y: f64,
        text: &str,
        size: f64,
        colour: Rgb,
        anchor: Anchor,
    ) -> &mut Shape {
        self.shapes.push(Shape::Text {
            x,
            y,
            text: text.to_string(),
            size,
            bold: false,
            italic: false,
            colour,
            anchor,
        });
        let last = self.shapes.len() - 1;
        &mut self.shapes[last]
    }

    /// An arrow from `from` to `to`, its head at `to`.
    pub fn arrow(&mut self, points: Vec<(f64, f64)>, stroke: Stroke) {
        let n = points.len();
        if n < 2 {
            return;
        }
        let (tip, before) = (points[n - 1], points[n - 2]);
        let (dx, dy) = (tip.0 - before.0, tip.1 - before.1);
        let len = (dx * dx + dy * dy).sqrt().max(f64::EPSILON);
        let (ux, uy) = (dx / len, dy / len);
        let head = 1.6 + stroke.width * 2.0;
        let base = (tip.0 - ux * head, tip.1 - uy * head);
        let colour = stroke.colour;
        let mut shaft = points;
        shaft[n - 1] = base;
        self.shapes.push(Shape::Polyline {
            points: shaft,
            stroke,
        });
        self.shapes.push(Shape::Polygon {
            points: vec![
                tip,
                (base.0 - uy * head * 0.45, base.1 + ux * head * 0.45),
                (base.0 + uy * head * 0.45, base.1 - ux * head * 0.45),
            ],
            fill: Some(colour),
            stroke: None,
        });
    }
}

impl Shape {
    /// The shape scaled by `scale` and moved by `offset`; text keeps its point size, which the
    /// caller scales when it picks a font.
    pub fn placed(&self, scale: f64, offset: (f64, f64)) -> Shape {
        let at = |(x, y): (f64, f64)| (offset.0 + x * scale, offset.1 + y * scale);
        let stroke = |s: &Stroke| Stroke {
            width: s.width * scale,
            ..s.clone()
        };
        match self {
            Shape::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke: s,
            } => {
                let (x, y) = at((*x, *y));
                Shape::Rect {
                    x,
                    y,
                    w: w * scale,
                    h: h * scale,
                    fill: *fill,
                    stroke: s.as_ref().map(stroke),
                }
            }
            Shape::Ellipse {
                cx,
                cy,
                rx,
                ry,
                fill,
                stroke: s,
            } => {
                let (cx, cy) = at((*cx, *cy));
                Shape::Ellipse {
                    cx,
                    cy,
                    rx: rx * scale,
                    ry: ry * scale,
                    fill: *fill,
                    stroke: s.as_ref().map(stroke),
                }
            }
            Shape::Polygon {
                points,
                fill,
                stroke: s,
            } => Shape::Polygon {
                points: points.iter().map(|p| at(*p)).collect(),
                fill: *fill,
                stroke: s.as_ref().map(stroke),
            },
            Shape::Polyline { points, stroke: s } => Shape::Polyline {
                points: points.iter().map(|p| at(*p)).collect(),
                stroke: stroke(s),
            },
            Shape::Text { x, y, .. } => {
                let (x, y) = at((*x, *y));
                let mut text = self.clone();
                if let Shape::Text { x: tx, y: ty, .. } = &mut text {
                    (*tx, *ty) = (x, y);
                }
                text
            }
        }
    }

    pub fn bold(&mut self) -> &mut Shape {
        if let Shape::Text { bold, .. } = self {
            *bold = true;
        }
        self
    }

    pub fn italic(&mut self) -> &mut Shape {
        if let Shape::Text { italic, .. } = self {
            *italic = true;
        }
        self
    }
}

/// A light band across the figure behind row `y`..`y + h`, for reading long rows.
pub fn stripe(figure: &mut Figure, y: f64, h: f64) {
    let width = figure.width;
    figure.shapes.push(Shape::Rect {
        x: 0.0,
        y,
        w: width,
        h,
        fill: Some(crate::theme::Palette::DEFAULT.zebra_fill),
        stroke: None,
    });
}

/// `#RRGGBB` → RGB; black if malformed (the colours come from crmspec's own table).
pub fn parse_hex(hex: &str) -> Rgb {
    let hex = hex.trim_start_matches('#');
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0)
    };
    (channel(0), channel(2), channel(4))
}

/// The colour mixed with white: `amount` 0 keeps it, 1 gives white.
pub fn lighten(c: Rgb, amount: f64) -> Rgb {
    let mix = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * amount).round() as u8;
    (mix(c.0), mix(c.1), mix(c.2))
}

pub fn hex(c: Rgb) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Width in millimetres of one line of text in Liberation Sans, as the PDF measures it.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    crate::fonts::metrics::text_width(text, size, bold, false)
}

/// A face and size of the figures' text, measured in the embedded fonts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Type {
    /// Points; whole points, which the PDF sets exactly.
    pub size: f64,
    pub bold: bool,
    pub italic: bool,
}

impl Type {
    pub const fn new(size: f64, bold: bool, italic: bool) -> Type {
        Type { size, bold, italic }
    }

    /// Width in millimetres of `text` on one line.
    pub fn width(&self, text: &str) -> f64 {
        crate::fonts::metrics::text_width(text, self.size, self.bold, self.italic)
    }

    /// Millimetres from the baseline up to the top of the line's box.
    pub fn ascent(&self) -> f64 {
        crate::fonts::metrics::ASCENT * self.size * crate::fonts::metrics::PT
    }

    /// Millimetres from the baseline down to the bottom of the line's box.
    pub fn descent(&self) -> f64 {
        crate::fonts::metrics::DESCENT * self.size * crate::fonts::metrics::PT
    }

    /// A line of `text` in this type, with its colour and anchor.
    pub fn draw(
        &self,
        figure: &mut Figure,
        at: (f64, f64),
        text: &str,
        colour: Rgb,
        anchor: Anchor,
    ) {
        figure.shapes.push(Shape::Text {
            x: at.0,
            y: at.1,
            text: text.to_string(),
            size: self.size,
            bold: self.bold,
            italic: self.italic,
            colour,
            anchor,
        });
    }
}

/// `text` broken into lines at spaces, line `i` being at most `room(i)` millimetres wide; a
/// word wider than a whole line is split with a hyphen rather than cut. Every word is kept.
pub fn wrap_words(text: &str, ty: Type, room: &dyn Fn(usize) -> f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if ty.width(&candidate) <= room(lines.len()) {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word starts a line; split it while it is wider than the line: after one of its
        // own hyphens if one leaves three letters or more on the line, else with a hyphen.
        let mut rest: &str = word;
        while ty.width(rest) > room(lines.len()) {
            let room = room(lines.len());
            let at_hyphen = rest
                .match_indices('-')
                .map(|(i, _)| i + 1)
                .filter(|&i| rest[..i].chars().count() > 3 && i < rest.len())
                .take_while(|&i| ty.width(&rest[..i]) <= room)
                .last();
            if let Some(cut) = at_hyphen {
                lines.push(rest[..cut].to_string());
                rest = &rest[cut..];
                continue;
            }
            let cut = rest
                .char_indices()
                .skip(1)
                .map(|(i, _)| i)
                .take_while(|&i| ty.width(&format!("{}-", &rest[..i])) <= room)
                .last();
            let Some(cut) = cut else { break };
            lines.push(format!("{}-", &rest[..cut]));
            rest = &rest[cut..];
        }
        line = rest.to_string();
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// At most `max_lines` of `text` (see [`wrap_words`]); when it is longer, the last line ends
/// with `…` after a whole word — after the last clause (`,` `;` `:`) of that line when there is
/// one — so a shortened text still reads cleanly. Empty when not even one word fits.
pub fn shorten(text: &str, ty: Type, room: &dyn Fn(usize) -> f64, max_lines: usize) -> Vec<String> {
    let mut lines = wrap_words(text, ty, room);
    if lines.len() <= max_lines {
        return lines;
    }
    lines.truncate(max_lines);
    let trim = |s: &str| {
        s.trim_end_matches([',', ';', ':', '.', '-', '–', '—', ' ', '\u{a0}', '\u{202f}'])
            .to_string()
    };
    // The last line loses words until the ellipsis fits; if none can stay, the line before ends.
    while let Some(line) = lines.pop() {
        let room = room(lines.len());
        let mut words: Vec<&str> = line.split(' ').collect();
        if let Some(clause) = words[..words.len().saturating_sub(1)]
            .iter()
            .rposition(|w| w.ends_with([',', ';', ':']))
        {
            words.truncate(clause + 1);
        }
        while !words.is_empty() {
            let kept = trim(&words.join(" "));
            if !kept.is_empty() && ty.width(&format!("{kept}…")) <= room {
                lines.push(format!("{kept}…"));
                return lines;
            }
            words.pop();
        }
    }
    Vec::new()
}

/// Breaks a label into at most `max_lines` lines of `width` mm; the last line ends with `…`
/// when the label is longer (the full text is in the table next to the figure).
pub fn wrap_label(text: &str, width: f64, size: f64, bold: bool, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size, bold) <= width || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    for line in &mut lines {
        while text_width(line, size, bold) > width && line.chars().count() > 2 {
            let mut chars: Vec<char> = line.chars().collect();
            chars.truncate(chars.len() - 2);
            *line = chars.into_iter().collect::<String>() + "…";
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_and_shortens_labels() {
        let lines = wrap_label(
            "Direction générale et direction commerciale réunies",
            25.0,
            8.0,
            false,
            2,
        );
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'));
        assert_eq!(wrap_label("Court", 25.0, 8.0, false, 2), vec!["Court"]);
    }

    #[test]
    fn mixes_colours() {
        assert_eq!(lighten((0, 100, 200), 0.5), (128, 178, 228));
        assert_eq!(parse_hex("#D62828"), (0xD6, 0x28, 0x28));
        assert_eq!(hex((1, 2, 255)), "#0102FF");
    }
}
