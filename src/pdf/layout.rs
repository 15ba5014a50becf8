//! Blocks → pages of positioned items. All pagination decisions live here: line breaking
//! (including words wider than a line, which are cut rather than lost), keeping headings with
//! what follows, table column widths and repeated header rows, image scaling.
//!
//! Layout measures text through the `Measure` trait, implemented by the genpdf module with the
//! very fonts that will be drawn, so what is measured is what is printed.

use crate::document::{plain, Align, Assets, Block, Inline, InlineStyle, TocEntry};
use crate::figures::{Anchor, Figure, Shape};
use crate::fonts::{Family, FontRef, REPLACEMENT};
use crate::theme::Palette;
use image::RgbImage;
use std::collections::HashMap;

/// Text measurement, provided by the drawing backend.
pub trait Measure {
    /// Width in millimetres of `text` set in `font` at `size` points.
    fn width(&self, text: &str, font: FontRef, size: u8) -> f64;
    /// Whether `font` has a glyph for `c`.
    fn has_glyph(&self, font: FontRef, c: char) -> bool;
}

pub const PAGE_WIDTH: f64 = 210.0;
pub const PAGE_HEIGHT: f64 = 297.0;
pub const MARGIN_LEFT: f64 = 22.0;
pub const MARGIN_RIGHT: f64 = 22.0;
pub const CONTENT_TOP: f64 = 24.0;
pub const CONTENT_BOTTOM: f64 = 276.0;
pub const CONTENT_WIDTH: f64 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
const PT: f64 = 0.352_778;

pub type Rgb = (u8, u8, u8);
// The theme's palette, by the names layout uses.
pub const INK: Rgb = Palette::DEFAULT.ink;
pub const PRIMARY: Rgb = Palette::DEFAULT.primary;
pub const MUTED: Rgb = Palette::DEFAULT.muted;
pub const LINK: Rgb = Palette::DEFAULT.link;
pub const RULE: Rgb = Palette::DEFAULT.rule;
pub const HEADER_FILL: Rgb = Palette::DEFAULT.header_fill;
pub const ZEBRA_FILL: Rgb = Palette::DEFAULT.zebra_fill;
pub const CODE_FILL: Rgb = Palette::DEFAULT.code_fill;

#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Uri(String),
    Anchor(String),
}

#[derive(Debug, Clone)]
pub enum Item {
    /// `y` is the top of the line box.
    Text {
        x: f64,
        y: f64,
        text: String,
        font: FontRef,
        size: u8,
        colour: Rgb,
    },
    Line {
        from: (f64, f64),
        to: (f64, f64),
        colour: Rgb,
    },
    /// A filled rectangle, drawn beneath the page's text.
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: Rgb,
    },
    Image {
        index: usize,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
    },
    Link {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        target: Target,
    },
    /// A vector shape of a figure, in page millimetres, drawn beneath the page's text.
    Shape(Shape),
    /// The page number of an anchor, right-aligned at `right`; known only once laid out.
    PageNumber {
        right: f64,
        y: f64,
        anchor: String,
        font: FontRef,
        size: u8,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub items: Vec<Item>,
    /// Header and footer are drawn on every page but the cover.
    pub decorated: bool,
}

#[derive(Debug, Clone)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    pub page: usize,
    pub y: f64,
}

#[derive(Debug, Default)]
pub struct Layout {
    pub pages: Vec<Page>,
    /// Heading anchors → (page index, y).
    pub anchors: HashMap<String, (usize, f64)>,
    pub outline: Vec<OutlineEntry>,
    pub images: Vec<RgbImage>,
    pub warnings: Vec<String>,
}

impl Layout {
    /// The font faces pages `range` draw with (the running header and footer use the
    /// regular).
    pub fn faces(&self, range: std::ops::Range<usize>) -> std::collections::HashSet<FontRef> {
        let mut faces: std::collections::HashSet<FontRef> = self.pages[range]
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|item| match item {
                Item::Text { font, .. } | Item::PageNumber { font, .. } => Some(font.face()),
                _ => None,
            })
            .collect();
        faces.insert(FontRef::REGULAR);
        faces
    }
}

/// A run of text in one font, size, colour and link.
#[derive(Debug, Clone, PartialEq)]
struct Piece {
    text: String,
    font: FontRef,
    size: u8,
    colour: Rgb,
    link: Option<String>,
    /// Struck through (`~~old~~`), as the changes section shows replaced values.
    strike: bool,
}

enum Token {
    Word(Vec<Piece>),
    Space,
    Break,
}

#[derive(Debug, Clone, Default)]
struct Line {
    pieces: Vec<(f64, Piece, f64)>,
    width: f64,
}

/// How inline text is set: base font, size, colour.
#[derive(Debug, Clone, Copy)]
struct TextStyle {
    font: FontRef,
    size: u8,
    colour: Rgb,
    leading: f64,
}

impl TextStyle {
    fn body() -> TextStyle {
        TextStyle {
            font: FontRef::REGULAR,
            size: 10,
            colour: INK,
            leading: 1.4,
        }
    }

    fn line_height(&self) -> f64 {
        f64::from(self.size) * PT * self.leading
    }
}

pub struct Layouter<'a, M: Measure> {
    m: &'a M,
    assets: &'a Assets,
    out: Layout,
    y: f64,
    /// Whether anything has been placed on the current page.
    fresh: bool,
}

/// Lays out the document's blocks, with the pictures and figures they link to.
pub fn layout<M: Measure>(blocks: &[Block], m: &M, assets: &Assets) -> Layout {
    let mut l = Layouter {
        m,
        assets,
        out: Layout::default(),
        y: CONTENT_TOP,
        fresh: true,
    };
    l.out.pages.push(Page {
        items: Vec::new(),
        decorated: true,
    });
    l.blocks(blocks, MARGIN_LEFT, CONTENT_WIDTH, 0);
    l.out
}

impl<M: Measure> Layouter<'_, M> {
    fn page(&mut self) -> &mut Page {
        let last = self.out.pages.len() - 1;
        &mut self.out.pages[last]
    }

    fn push(&mut self, item: Item) {
        self.fresh = false;
        self.page().items.push(item);
    }

    fn new_page(&mut self) {
        self.out.pages.push(Page {
            items: Vec::new(),
            decorated: true,
        });
        self.y = CONTENT_TOP;
        self.fresh = true;
    }

    /// Moves to a new page unless `height` still fits on this one.
    fn ensure(&mut self, height: f64) {
        if self.y + height > CONTENT_BOTTOM && !self.fresh {
            self.new_page();
        }
    }

    fn page_index(&self) -> usize {
        self.out.pages.len() - 1
    }

    /// Lays out a sequence of blocks, keeping a paragraph that introduces a list, a table or
    /// code ("Acteurs :") on the same page as the start of what it introduces.
    fn blocks(&mut self, blocks: &[Block], x: f64, width: f64, depth: usize) {
        for (i, block) in blocks.iter().enumerate() {
            let keep = self.keep_height(blocks, i, width);
            if keep > 0.0 {
                self.ensure(keep);
            }
            self.block(block, x, width, depth);
        }
    }

    /// The height block `i` needs on its page: a sub-heading with the start of what follows
    /// it, an introducing paragraph with the start of what it introduces; 0 when the block can
    /// start anywhere.
    fn keep_height(&self, blocks: &[Block], i: usize, width: f64) -> f64 {
        let style = TextStyle::body();
        match (blocks.get(i), blocks.get(i + 1)) {
            (Some(Block::Heading { level, inlines, .. }), next) if *level >= 3 => {
                let heading = TextStyle {
                    font: FontRef::BOLD,
                    size: if *level == 3 { 12 } else { 11 },
                    colour: PRIMARY,
                    leading: 1.25,
                };
                let lines = self.wrap(&self.tokens(inlines, heading), width).len() as f64;
                let follow = match next {
                    Some(Block::Paragraph(_)) => self
                        .keep_height(blocks, i + 1, width)
                        .max(2.0 * style.line_height()),
                    Some(other) => self.lead_height(other, width),
                    None => 0.0,
                };
                5.0 + lines * heading.line_height() + 1.8 + follow.min(140.0)
            }
            (Some(Block::Paragraph(inlines)), Some(next)) => {
                let follow = match next {
                    Block::List { .. }
                    | Block::Code(_)
                    | Block::Table { .. }
                    | Block::Image { .. } => self.lead_height(next, width),
                    _ => return 0.0,
                };
                let lines = self.wrap(&self.tokens(inlines, style), width).len();
                lines as f64 * style.line_height() + 2.6 + follow
            }
            _ => 0.0,
        }
    }

    /// How much of a block must stand on the page where it starts.
    fn lead_height(&self, block: &Block, width: f64) -> f64 {
        match block {
            Block::Table { .. } => 16.0,
            Block::Image { src, .. } => match self.assets.figure(src) {
                Some(figure) => figure_size(figure, width).1 + 10.0,
                None => 30.0,
            },
            _ => 2.0 * TextStyle::body().line_height(),
        }
    }

    fn block(&mut self, block: &Block, x: f64, width: f64, depth: usize) {
        match block {
            Block::Cover(blocks) => self.cover(blocks),
            Block::Heading {
                level,
                inlines,
                anchor,
                ..
            } => self.heading(*level, inlines, anchor, x, width),
            Block::Paragraph(inlines) => {
                self.paragraph(inlines, TextStyle::body(), x, width, Align::Left);
                self.y += 2.6;
            }
            Block::List { start, items } => self.list(*start, items, x, width, depth),
            Block::Quote(blocks) => self.quote(blocks, x, width, depth),
            Block::Code(code) => self.code(code, x, width),
            Block::Table {
                aligns,
                header,
                rows,
            } => self.table(aligns, header, rows, x, width),
            Block::Image { src, alt } => match self.assets.figure(src) {
                Some(figure) => self.figure(figure, x, width),
                None => self.image(src, alt, x, width, 60.0),
            },
            Block::Rule => {
                self.ensure(4.0);
                self.y += 2.0;
                self.push(Item::Line {
                    from: (x, self.y),
                    to: (x + width, self.y),
                    colour: RULE,
                });
                self.y += 2.0;
            }
            Block::Toc(entries) => self.toc(entries),
            Block::Annexes => {}
        }
    }

    /// Splits inlines into words; characters missing from a font fall back to the symbol
    /// font, and those no font has become a visible replacement mark.
    fn tokens(&self, inlines: &[Inline], style: TextStyle) -> Vec<Token> {
        let mut tokens = Vec::new();
        let mut word: Vec<Piece> = Vec::new();
        let flush = |word: &mut Vec<Piece>, tokens: &mut Vec<Token>| {
            if !word.is_empty() {
                tokens.push(Token::Word(std::mem::take(word)));
            }
        };
        for inline in inlines {
            let (text, istyle, link) = match inline {
                Inline::Break => {
                    flush(&mut word, &mut tokens);
                    tokens.push(Token::Break);
                    continue;
                }
                Inline::Text {
                    text,
                    style: s,
                    link,
                } => (text, *s, link),
            };
            let font = self.inline_font(style.font, istyle);
            let colour = match (link, istyle.colour) {
                (Some(_), _) => LINK,
                (None, Some(c)) => c,
                (None, None) => style.colour,
            };
            for c in text.chars() {
                if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
                    flush(&mut word, &mut tokens);
                    if !matches!(tokens.last(), Some(Token::Space) | None) {
                        tokens.push(Token::Space);
                    }
                    continue;
                }
                let (c, font) = self.glyph_font(c, font);
                match word.last_mut() {
                    Some(p)
                        if p.font == font
                            && p.colour == colour
                            && p.link == *link
                            && p.strike == istyle.strike =>
                    {
                        p.text.push(c)
                    }
                    _ => word.push(Piece {
                        text: c.to_string(),
                        font,
                        size: style.size,
                        colour,
                        link: link.clone(),
                        strike: istyle.strike,
                    }),
                }
            }
        }
        flush(&mut word, &mut tokens);
        tokens
    }

    fn inline_font(&self, base: FontRef, style: InlineStyle) -> FontRef {
        if style.code {
            return FontRef::MONO;
        }
        FontRef {
            family: base.family,
            bold: base.bold || style.bold,
            italic: base.italic || style.italic,
        }
    }

    /// The font that can draw `c`: the requested one, else the symbol fallback, else the
    /// replacement mark in the fallback.
    fn glyph_font(&self, c: char, font: FontRef) -> (char, FontRef) {
        if self.m.has_glyph(font, c) {
            return (c, font);
        }
        let symbol = font.with_family(Family::Symbol);
        if self.m.has_glyph(symbol, c) {
            (c, symbol)
        } else {
            (REPLACEMENT, symbol)
        }
    }

    /// Greedy line breaking. A word wider than the line is cut between characters, so every
    /// character reaches the page.
    fn wrap(&self, tokens: &[Token], width: f64) -> Vec<Line> {
        let mut lines = Vec::new();
        let mut line = Line::default();
        let mut space = false;
        for token in tokens {
            match token {
                Token::Space => space = !line.pieces.is_empty(),
                Token::Break => {
                    lines.push(std::mem::take(&mut line));
                    space = false;
                }
                Token::Word(pieces) => {
                    let widths: Vec<f64> = pieces
                        .iter()
                        .map(|p| self.m.width(&p.text, p.font, p.size))
                        .collect();
                    let word_width: f64 = widths.iter().sum();
                    let gap = if space { self.space_width(&line) } else { 0.0 };
                    if !line.pieces.is_empty() && line.width + gap + word_width > width {
                        lines.push(std::mem::take(&mut line));
                    }
                    let gap = if line.pieces.is_empty() { 0.0 } else { gap };
                    if word_width > width {
                        self.cut_word(pieces, width, &mut line, &mut lines);
                    } else {
                        place(&mut line, pieces, &widths, gap);
                    }
                    space = false;
                }
            }
        }
        if !line.pieces.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    fn space_width(&self, line: &Line) -> f64 {
        line.pieces
            .last()
            .map_or(0.0, |(_, p, _)| self.m.width(" ", p.font, p.size))
    }

    /// Places an over-long word character by character, starting new lines as needed.
    fn cut_word(&self, pieces: &[Piece], width: f64, line: &mut Line, lines: &mut Vec<Line>) {
        for piece in pieces {
            let mut chunk = String::new();
            let mut chunk_width = 0.0;
            for c in piece.text.chars() {
                let w = self
                    .m
                    .width(c.encode_utf8(&mut [0; 4]), piece.font, piece.size);
                if line.width + chunk_width + w > width
                    && (chunk_width > 0.0 || !line.pieces.is_empty())
                {
                    if !chunk.is_empty() {
                        let p = Piece {
                            text: std::mem::take(&mut chunk),
                            ..piece.clone()
                        };
                        place(line, &[p], &[chunk_width], 0.0);
                    }
                    lines.push(std::mem::take(line));
                    chunk_width = 0.0;
                }
                chunk.push(c);
                chunk_width += w;
            }
            if !chunk.is_empty() {
                let p = Piece {
                    text: chunk,
                    ..piece.clone()
                };
                place(line, &[p], &[chunk_width], 0.0);
            }
        }
    }

    /// Emits one line of text at `y`, with link areas.
    fn emit_line(&mut self, line: &Line, x: f64, width: f64, align: Align, line_height: f64) {
        let offset = match align {
            Align::Left => 0.0,
            Align::Right => (width - line.width).max(0.0),
            Align::Center => ((width - line.width) / 2.0).max(0.0),
        };
        for (px, piece, pw) in &line.pieces {
            let x = x + offset + px;
            if piece.strike {
                // Through the middle of the lower-case letters.
                let mid = self.y + line_height / 2.0 + f64::from(piece.size) * PT * 0.05;
                self.push(Item::Line {
                    from: (x, mid),
                    to: (x + pw, mid),
                    colour: piece.colour,
                });
            }
            if let Some(link) = &piece.link {
                let target = match link.strip_prefix('#') {
                    Some(anchor) => Target::Anchor(anchor.to_string()),
                    None => Target::Uri(link.clone()),
                };
                self.push(Item::Link {
                    x,
                    y: self.y,
                    w: *pw,
                    h: line_height,
                    target,
                });
            }
            self.push(Item::Text {
                x,
                y: self.y + (line_height - f64::from(piece.size) * PT * 1.15) / 2.0,
                text: piece.text.clone(),
                font: piece.font,
                size: piece.size,
                colour: piece.colour,
            });
        }
    }

    fn paragraph(
        &mut self,
        inlines: &[Inline],
        style: TextStyle,
        x: f64,
        width: f64,
        align: Align,
    ) {
        let tokens = self.tokens(&with_url_shown(inlines), style);
        let lines = self.wrap(&tokens, width);
        let h = style.line_height();
        for line in &lines {
            self.ensure(h);
            self.emit_line(line, x, width, align, h);
            self.y += h;
        }
    }

    fn heading(&mut self, level: u8, inlines: &[Inline], anchor: &str, x: f64, width: f64) {
        let (size, before, after) = match level {
            1 => (20, 4.0, 4.0),
            2 => (16, 0.0, 5.0),
            3 => (12, 5.0, 1.8),
            _ => (11, 3.5, 1.2),
        };
        let style = TextStyle {
            font: FontRef::BOLD,
            size,
            colour: PRIMARY,
            leading: 1.25,
        };
        if level == 2 {
            if !self.fresh {
                self.new_page();
            }
        } else {
            // Keep the heading with at least a few lines of what follows.
            self.ensure(before + style.line_height() * 2.0 + 18.0);
            if !self.fresh {
                self.y += before;
            }
        }
        let title = plain(inlines);
        let page = self.page_index();
        self.out.anchors.insert(anchor.to_string(), (page, self.y));
        if (2..=3).contains(&level) {
            self.out.outline.push(OutlineEntry {
                level: level - 1,
                title,
                page,
                y: self.y,
            });
        }
        self.paragraph(inlines, style, x, width, Align::Left);
        if level == 2 {
            self.y += 1.2;
            self.push(Item::Rect {
                x,
                y: self.y,
                w: width,
                h: 0.6,
                fill: PRIMARY,
            });
        }
        self.y += after;
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], x: f64, width: f64, depth: usize) {
        let indent = 5.5;
        let style = TextStyle::body();
        for (i, item) in items.iter().enumerate() {
            let marker = match start {
                Some(n) => format!("{}.", n + i as u64),
                None if depth % 2 == 0 => "•".to_string(),
                None => "–".to_string(),
            };
            self.ensure(
                self.keep_height(item, 0, width - indent)
                    .max(style.line_height()),
            );
            let marker_width = self.m.width(&marker, style.font, style.size);
            let mx = if start.is_some() {
                x + indent - 1.2 - marker_width
            } else {
                x + 1.2
            };
            let y = self.y;
            self.push(Item::Text {
                x: mx,
                y: y + (style.line_height() - f64::from(style.size) * PT * 1.15) / 2.0,
                text: marker,
                font: style.font,
                size: style.size,
                colour: PRIMARY,
            });
            if let [Block::Paragraph(inlines)] = item.as_slice() {
                // A tight item: no paragraph spacing.
                self.paragraph(inlines, style, x + indent, width - indent, Align::Left);
            } else {
                self.blocks(item, x + indent, width - indent, depth + 1);
            }
            self.y += 0.8;
        }
        if depth == 0 {
            self.y += 2.0;
        }
    }

    fn quote(&mut self, blocks: &[Block], x: f64, width: f64, depth: usize) {
        let start = (self.page_index(), self.y);
        self.blocks(blocks, x + 5.0, width - 5.0, depth);
        let end = (self.page_index(), self.y);
        for page in start.0..=end.0 {
            let top = if page == start.0 {
                start.1
            } else {
                CONTENT_TOP
            };
            let bottom = if page == end.0 {
                end.1 - 2.0
            } else {
                CONTENT_BOTTOM
            };
            self.out.pages[page].items.push(Item::Rect {
                x: x + 1.0,
                y: top,
                w: 0.8,
                h: (bottom - top).max(0.0),
                fill: RULE,
            });
        }
    }

    fn code(&mut self, code: &str, x: f64, width: f64) {
        let style = TextStyle {
            font: FontRef::MONO,
            size: 9,
            colour: INK,
            leading: 1.3,
        };
        let h = style.line_height();
        self.y += 1.0;
        for source_line in code.lines() {
            let inlines = [Inline::Text {
                text: source_line.replace(' ', "\u{A0}"),
                style: InlineStyle {
                    code: true,
                    ..InlineStyle::default()
                },
                link: None,
            }];
            let tokens = self.tokens(&inlines, style);
            for line in self.wrap(&tokens, width - 4.0) {
                self.ensure(h);
                self.push(Item::Rect {
                    x,
                    y: self.y,
                    w: width,
                    h,
                    fill: CODE_FILL,
                });
                self.emit_line(&line, x + 2.0, width - 4.0, Align::Left, h);
                self.y += h;
            }
        }
        self.y += 3.0;
    }

    fn image(&mut self, src: &str, alt: &str, x: f64, width: f64, max_height: f64) {
        let decoded = self
            .assets
            .image(src)
            .ok_or_else(|| "not found".to_string())
            .and_then(super::images::decode);
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
    fn figure(&mut self, figure: &Figure, x: f64, width: f64) {
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

    fn cover(&mut self, blocks: &[Block]) {
        self.page().decorated = false;
        let mut y = CONTENT_TOP;
        let mut body = Vec::new();
        for block in blocks {
            match block {
                Block::Image { src, alt } => {
                    self.y = y;
                    self.image(src, alt, MARGIN_LEFT, 70.0, 28.0);
                    y = self.y;
                }
                Block::Heading {
                    inlines, anchor, ..
                } => {
                    self.y = y.max(95.0);
                    self.push(Item::Rect {
                        x: MARGIN_LEFT,
                        y: self.y - 8.0,
                        w: 30.0,
                        h: 1.6,
                        fill: PRIMARY,
                    });
                    let page = self.page_index();
                    self.out.anchors.insert(anchor.clone(), (page, self.y));
                    let style = TextStyle {
                        font: FontRef::BOLD,
                        size: 26,
                        colour: PRIMARY,
                        leading: 1.2,
                    };
                    self.paragraph(inlines, style, MARGIN_LEFT, CONTENT_WIDTH, Align::Left);
                    y = self.y + 12.0;
                }
                other => body.push(other),
            }
        }
        self.y = y.max(self.y);
        let style = TextStyle {
            font: FontRef::REGULAR,
            size: 12,
            colour: INK,
            leading: 1.4,
        };
        for block in body {
            match block {
                Block::Paragraph(inlines) => {
                    self.paragraph(inlines, style, MARGIN_LEFT, CONTENT_WIDTH, Align::Left);
                    self.y += 2.5;
                }
                other => self.block(other, MARGIN_LEFT, CONTENT_WIDTH, 0),
            }
        }
        self.new_page();
    }

    fn toc(&mut self, entries: &[TocEntry]) {
        let right = MARGIN_LEFT + CONTENT_WIDTH;
        for entry in entries {
            let (font, size, indent, before) = if entry.level <= 2 {
                (FontRef::BOLD, 11, 0.0, 2.2)
            } else {
                (FontRef::REGULAR, 10, 7.0, 0.0)
            };
            let style = TextStyle {
                font,
                size,
                colour: INK,
                leading: 1.45,
            };
            let h = style.line_height();
            self.ensure(before + h);
            self.y += before;
            let x = MARGIN_LEFT + indent;
            let number_room = 12.0;
            let inlines = [Inline::Text {
                text: entry.text.clone(),
                style: InlineStyle::default(),
                link: None,
            }];
            let tokens = self.tokens(&inlines, style);
            let lines = self.wrap(&tokens, right - x - number_room);
            let top = self.y;
            let last = lines.len().saturating_sub(1);
            for (i, line) in lines.iter().enumerate() {
                self.ensure(h);
                self.emit_line(line, x, right - x - number_room, Align::Left, h);
                if i == last {
                    let unit = self.m.width(". ", FontRef::REGULAR, 9).max(0.1);
                    let start = x + line.width + 2.0;
                    let end = right - 9.0;
                    let count = ((end - start) / unit).floor().max(0.0) as usize;
                    if count > 0 {
                        let dots: String = ". ".repeat(count);
                        self.push(Item::Text {
                            x: start,
                            y: self.y + (h - 9.0 * PT * 1.15) / 2.0,
                            text: dots.trim_end().to_string(),
                            font: FontRef::REGULAR,
                            size: 9,
                            colour: MUTED,
                        });
                    }
                    self.push(Item::PageNumber {
                        right,
                        y: self.y + (h - f64::from(size) * PT * 1.15) / 2.0,
                        anchor: entry.anchor.clone(),
                        font,
                        size,
                    });
                }
                self.y += h;
            }
            let page = self.page_index();
            self.out.pages[page].items.push(Item::Link {
                x,
                y: top.min(self.y - h),
                w: right - x,
                h: self.y - top.min(self.y - h),
                target: Target::Anchor(entry.anchor.clone()),
            });
        }
        self.y += 3.0;
    }

    fn table(
        &mut self,
        aligns: &[Align],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        x: f64,
        width: f64,
    ) {
        let columns = header
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return;
        }
        let size = if columns >= 6 { 8 } else { 9 };
        let body = TextStyle {
            font: FontRef::REGULAR,
            size,
            colour: INK,
            leading: 1.3,
        };
        let head = TextStyle {
            font: FontRef::BOLD,
            colour: PRIMARY,
            ..body
        };
        let pad_x = 1.8;
        let pad_y = 1.3;
        let empty = Vec::new();
        let cell = |row: &'_ [Vec<Inline>], c: usize| -> Vec<Inline> {
            row.get(c).unwrap_or(&empty).clone()
        };
        let head_tokens: Vec<Vec<Token>> = (0..columns)
            .map(|c| self.tokens(&cell(header, c), head))
            .collect();
        let row_tokens: Vec<Vec<Vec<Token>>> = rows
            .iter()
            .map(|r| {
                (0..columns)
                    .map(|c| self.tokens(&with_url_shown(&cell(r, c)), body))
                    .collect()
            })
            .collect();
        let widths = self.column_widths(&head_tokens, &row_tokens, width, pad_x);
        let wrap_row = |this: &Self, cells: &[Vec<Token>]| -> Vec<Vec<Line>> {
            cells
                .iter()
                .zip(&widths)
                .map(|(tokens, w)| this.wrap(tokens, w - 2.0 * pad_x))
                .collect()
        };
        let head_lines = wrap_row(self, &head_tokens);
        let head_height = row_height(&head_lines, head.line_height(), pad_y);
        let align = |c: usize| aligns.get(c).copied().unwrap_or(Align::Left);
        let first_row_height = row_tokens.first().map_or(0.0, |r| {
            row_height(&wrap_row(self, r), body.line_height(), pad_y)
        });
        self.ensure(head_height + first_row_height.min(40.0));
        self.y += 1.0;
        let draw_head = |this: &mut Self| {
            this.row(
                &head_lines,
                &widths,
                x,
                head,
                pad_x,
                pad_y,
                head_height,
                Some(HEADER_FILL),
                &|c| {
                    if align(c) == Align::Right {
                        Align::Right
                    } else {
                        Align::Left
                    }
                },
            );
        };
        draw_head(self);
        for (r, cells) in row_tokens.iter().enumerate() {
            let mut lines = wrap_row(self, cells);
            let fill = if r % 2 == 1 { Some(ZEBRA_FILL) } else { None };
            loop {
                let height = row_height(&lines, body.line_height(), pad_y);
                if self.y + height <= CONTENT_BOTTOM {
                    self.row(&lines, &widths, x, body, pad_x, pad_y, height, fill, &align);
                    break;
                }
                let room = CONTENT_BOTTOM - self.y - 2.0 * pad_y;
                let fit = (room / body.line_height()).floor().max(0.0) as usize;
                let full_page = CONTENT_BOTTOM - CONTENT_TOP - head_height;
                if height <= full_page || fit < 2 {
                    self.new_page();
                    draw_head(self);
                    if height <= full_page {
                        continue;
                    }
                }
                // A row taller than a page: print what fits, carry the rest over.
                let room = CONTENT_BOTTOM - self.y - 2.0 * pad_y;
                let fit = ((room / body.line_height()).floor().max(1.0)) as usize;
                let rest: Vec<Vec<Line>> = lines
                    .iter_mut()
                    .map(|cell| {
                        if cell.len() > fit {
                            cell.split_off(fit)
                        } else {
                            Vec::new()
                        }
                    })
                    .collect();
                let height = row_height(&lines, body.line_height(), pad_y);
                self.row(&lines, &widths, x, body, pad_x, pad_y, height, fill, &align);
                lines = rest;
                self.new_page();
                draw_head(self);
            }
        }
        self.y += 4.0;
    }

    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        cells: &[Vec<Line>],
        widths: &[f64],
        x: f64,
        style: TextStyle,
        pad_x: f64,
        pad_y: f64,
        height: f64,
        fill: Option<Rgb>,
        align: &dyn Fn(usize) -> Align,
    ) {
        let total: f64 = widths.iter().sum();
        let top = self.y;
        if let Some(fill) = fill {
            self.push(Item::Rect {
                x,
                y: top,
                w: total,
                h: height,
                fill,
            });
        }
        let mut cx = x;
        for (c, (lines, w)) in cells.iter().zip(widths).enumerate() {
            self.y = top + pad_y;
            for line in lines {
                self.emit_line(
                    line,
                    cx + pad_x,
                    w - 2.0 * pad_x,
                    align(c),
                    style.line_height(),
                );
                self.y += style.line_height();
            }
            cx += w;
        }
        self.y = top + height;
        let colour = RULE;
        self.push(Item::Line {
            from: (x, top),
            to: (x + total, top),
            colour,
        });
        self.push(Item::Line {
            from: (x, top + height),
            to: (x + total, top + height),
            colour,
        });
        let mut cx = x;
        for w in std::iter::once(&0.0).chain(widths.iter()) {
            cx += w;
            self.push(Item::Line {
                from: (cx, top),
                to: (cx, top + height),
                colour,
            });
        }
    }

    /// Column widths that fit their content: every column gets at least its longest word
    /// (within reason), the rest of the width goes to the columns with the most text.
    fn column_widths(
        &self,
        head: &[Vec<Token>],
        rows: &[Vec<Vec<Token>>],
        width: f64,
        pad_x: f64,
    ) -> Vec<f64> {
        let columns = head.len();
        let mut min = vec![0.0f64; columns];
        let mut max = vec![0.0f64; columns];
        for cells in std::iter::once(head).chain(rows.iter().map(Vec::as_slice)) {
            for (c, tokens) in cells.iter().enumerate() {
                let (longest_word, longest_line) = self.natural_widths(tokens);
                min[c] = min[c].max(longest_word.min(38.0) + 2.0 * pad_x);
                max[c] = max[c].max(longest_line + 2.0 * pad_x);
            }
        }
        let min_total: f64 = min.iter().sum();
        let max_total: f64 = max.iter().sum();
        if max_total <= width {
            // Everything fits on one line: share the spare room in proportion to content.
            let spare = width - max_total;
            return max.iter().map(|m| m + spare * m / max_total).collect();
        }
        if min_total >= width {
            return min.iter().map(|m| m * width / min_total).collect();
        }
        let spare = width - min_total;
        let extra: Vec<f64> = max
            .iter()
            .zip(&min)
            .map(|(a, b)| (a - b).max(0.0))
            .collect();
        let extra_total: f64 = extra.iter().sum::<f64>().max(f64::EPSILON);
        min.iter()
            .zip(&extra)
            .map(|(m, e)| m + spare * e / extra_total)
            .collect()
    }

    /// (widest word, widest unbroken line) of a cell.
    fn natural_widths(&self, tokens: &[Token]) -> (f64, f64) {
        let (mut word_max, mut line_max, mut line) = (0.0f64, 0.0f64, 0.0f64);
        let mut space = 0.0;
        for token in tokens {
            match token {
                Token::Word(pieces) => {
                    let w: f64 = pieces
                        .iter()
                        .map(|p| self.m.width(&p.text, p.font, p.size))
                        .sum();
                    word_max = word_max.max(w);
                    line += space + w;
                    space = 0.0;
                    if let Some(p) = pieces.last() {
                        space = self.m.width(" ", p.font, p.size);
                    }
                }
                Token::Space => {}
                Token::Break => {
                    line_max = line_max.max(line);
                    line = 0.0;
                    space = 0.0;
                }
            }
        }
        (word_max, line_max.max(line))
    }
}

/// Adds a word to a line, merging it into the previous piece when the style is the same so
/// that the PDF holds whole phrases (and text extraction finds them).
fn place(line: &mut Line, pieces: &[Piece], widths: &[f64], gap: f64) {
    let mut gap = gap;
    for (piece, w) in pieces.iter().zip(widths) {
        if let Some((_, last, last_w)) = line.pieces.last_mut() {
            if last.font == piece.font
                && last.size == piece.size
                && last.colour == piece.colour
                && last.link == piece.link
                && last.strike == piece.strike
            {
                if gap > 0.0 {
                    last.text.push(' ');
                }
                last.text.push_str(&piece.text);
                *last_w += gap + w;
                line.width += gap + w;
                gap = 0.0;
                continue;
            }
        }
        line.pieces.push((line.width + gap, piece.clone(), *w));
        line.width += gap + w;
        gap = 0.0;
    }
}

/// A figure's size on the page: the text width at most, and short enough to leave room for
/// its caption on one page.
fn figure_size(figure: &Figure, width: f64) -> (f64, f64) {
    let room = CONTENT_BOTTOM - CONTENT_TOP - 14.0;
    let scale = (width / figure.width).min(room / figure.height).min(1.0);
    (figure.width * scale, figure.height * scale)
}

fn row_height(cells: &[Vec<Line>], line_height: f64, pad_y: f64) -> f64 {
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    lines as f64 * line_height + 2.0 * pad_y
}

/// A printed page cannot be clicked: an external link whose text is not its address gets the
/// address printed after it.
fn with_url_shown(inlines: &[Inline]) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for (i, inline) in inlines.iter().enumerate() {
        out.push(inline.clone());
        let Inline::Text {
            link: Some(url),
            text,
            ..
        } = inline
        else {
            continue;
        };
        let next_same =
            matches!(inlines.get(i + 1), Some(Inline::Text { link: Some(n), .. }) if n == url);
        let external = !url.starts_with('#');
        let shown = url.trim_start_matches("mailto:");
        if external && !next_same && !text.contains(shown) {
            out.push(Inline::Text {
                text: format!(" ({shown})"),
                style: InlineStyle::default(),
                link: Some(url.clone()),
            });
        }
    }
    out
}
