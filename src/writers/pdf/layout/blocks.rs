//! Layout, blocks: headings, paragraphs, lists, quotes and code → items on the page, and the
//! dispatch from a block to whoever lays it out. Keep-with-next lives here: a sub-heading stays
//! with the start of what follows it, an introducing paragraph with what it introduces.

use super::media::figure_size;
use super::text::{with_url_shown, TextStyle};
use super::{
    Item, Layouter, Measure, OutlineEntry, Role, CODE_FILL, CONTENT_BOTTOM, CONTENT_TOP, INK,
    PRIMARY, PT, RULE,
};
use crate::document::{plain, Align, Block, Inline, InlineStyle};
use crate::fonts::FontRef;

/// A minor section (a process, a scenario) no taller than this is kept whole on one page
/// rather than split between its table and the lines under it: about a third of a page.
const SHORT_SECTION: f64 = 90.0;

impl<M: Measure> Layouter<'_, M> {
    /// Lays out a sequence of blocks, keeping a paragraph that introduces a list, a table or
    /// code ("Acteurs :") on the same page as the start of what it introduces.
    pub(super) fn blocks(&mut self, blocks: &[Block], x: f64, width: f64, depth: usize) {
        for (i, block) in blocks.iter().enumerate() {
            let keep = self.keep_height(blocks, i, width);
            if keep > 0.0 {
                self.ensure(keep);
            }
            self.block(block, x, width, depth);
        }
    }

    /// The height block `i` needs on its page: a sub-heading with the start of what follows
    /// it, an introducing paragraph with the start of what it introduces, a figure with its
    /// caption; 0 when the block can start anywhere.
    fn keep_height(&self, blocks: &[Block], i: usize, width: f64) -> f64 {
        let style = TextStyle::body();
        match (blocks.get(i), blocks.get(i + 1)) {
            (Some(Block::Heading { level, inlines, .. }), next) if *level >= 3 => {
                let heading = TextStyle {
                    font: FontRef::BOLD,
                    size: if *level == 3 { 12 } else { 11 },
                    colour: PRIMARY,
                    leading: 1.25,
                    justify: false,
                };
                let lines = self.wrap(&self.tokens(inlines, heading), width).len() as f64;
                let short_section = (*level >= 4)
                    .then(|| self.section_height(&blocks[i + 1..], width))
                    .flatten()
                    .filter(|h| *h <= SHORT_SECTION);
                let follow = match (short_section, next) {
                    (Some(section), _) => section,
                    (None, Some(Block::Paragraph(_))) => self
                        .keep_height(blocks, i + 1, width)
                        .max(2.0 * style.line_height()),
                    (None, Some(other)) => self.lead_height(other, width),
                    (None, None) => 0.0,
                };
                5.0 + lines * heading.line_height() + 1.8 + follow.min(200.0)
            }
            // A figure and its caption (the paragraph under it) share a page, however many
            // lines the caption takes.
            (Some(Block::Image { src, .. }), Some(Block::Paragraph(caption))) => {
                match self.assets.figure(src) {
                    Some(figure) => {
                        let lines = self.wrap(&self.tokens(caption, style), width).len();
                        figure_size(figure, width).1 + 3.0 + lines as f64 * style.line_height()
                    }
                    None => 0.0,
                }
            }
            // A caption belongs to the figure above it, not to what follows.
            (Some(Block::Paragraph(_)), _)
                if i > 0 && matches!(blocks.get(i - 1), Some(Block::Image { .. })) =>
            {
                0.0
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

    /// The height of a section's body (its blocks up to the next heading), when it holds only
    /// paragraphs and tables short enough never to be split; `None` otherwise.
    fn section_height(&self, blocks: &[Block], width: f64) -> Option<f64> {
        let style = TextStyle::body();
        let mut total = 0.0;
        for block in blocks {
            total += match block {
                Block::Heading { .. } => break,
                Block::Paragraph(inlines) => {
                    let lines = self.wrap(&self.tokens(inlines, style), width).len();
                    lines as f64 * style.line_height() + 2.6
                }
                Block::Table { header, rows, .. } => {
                    let table = self.measure_table(header, rows, width)?;
                    if !table.unsplit() {
                        return None;
                    }
                    table.lead_height() + 4.0
                }
                _ => return None,
            };
        }
        Some(total)
    }

    /// How much of a block must stand on the page where it starts.
    fn lead_height(&self, block: &Block, width: f64) -> f64 {
        match block {
            Block::Table { header, rows, .. } => self
                .measure_table(header, rows, width)
                .map_or(0.0, |t| t.lead_height()),
            Block::List { items, .. } if items.len() > 1 => {
                // Never one item alone: the first two (a line each at least).
                2.0 * TextStyle::body().line_height() + 0.8
            }
            Block::Image { src, .. } => match self.assets.figure(src) {
                Some(figure) => figure_size(figure, width).1 + 10.0,
                None => 30.0,
            },
            _ => 2.0 * TextStyle::body().line_height(),
        }
    }

    pub(super) fn block(&mut self, block: &Block, x: f64, width: f64, depth: usize) {
        match block {
            Block::Cover(blocks) => self.cover(blocks),
            Block::Heading {
                level,
                inlines,
                anchor,
                ..
            } => {
                let outer = self.open(Role::H((*level).clamp(1, 6)));
                self.heading(*level, inlines, anchor, x, width);
                self.close(outer);
            }
            Block::Paragraph(inlines) => {
                let outer = self.open(Role::P);
                self.paragraph(inlines, TextStyle::body(), x, width, Align::Left);
                self.close(outer);
                self.y += 2.6;
            }
            Block::List { start, items } => {
                let outer = self.open(Role::L);
                self.list(*start, items, x, width, depth);
                self.close(outer);
            }
            Block::Quote(blocks) => {
                let outer = self.open(Role::BlockQuote);
                self.quote(blocks, x, width, depth);
                self.close(outer);
            }
            Block::Code(code) => {
                let outer = self.open(Role::Code);
                self.code(code, x, width);
                self.close(outer);
            }
            Block::Table {
                aligns,
                header,
                rows,
            } => {
                let outer = self.open(Role::Table);
                self.table(aligns, header, rows, x, width);
                self.close(outer);
            }
            Block::Image { src, alt } => match self.assets.figure(src) {
                Some(figure) => {
                    let outer = self.open_with(Role::Figure, Some(figure.alt_text(alt)));
                    self.figure(figure, x, width);
                    self.close(outer);
                }
                None => {
                    let outer = self.open_with(Role::Figure, Some(alt.clone()));
                    self.image(src, alt, x, width, 60.0);
                    self.close(outer);
                }
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

    pub(super) fn paragraph(
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
        self.justify = style.justify;
        // No orphan (a paragraph's first line alone at the foot of a page) and no widow (its
        // last line alone at the top of the next): the break moves up a line, or before it.
        let room = ((CONTENT_BOTTOM - self.y) / h).floor().max(0.0) as usize;
        let break_before = match lines.len() {
            n if n <= room || self.fresh => None,
            n if room < 2 || n < 4 && room < n => Some(0),
            n if n - room == 1 => Some(room - 1),
            _ => None,
        };
        for (i, line) in lines.iter().enumerate() {
            if break_before == Some(i) {
                self.new_page();
            }
            self.ensure(h);
            self.emit_line(line, x, width, align, h);
            self.y += h;
        }
        self.justify = false;
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
            justify: false,
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
                None if depth.is_multiple_of(2) => "•".to_string(),
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
            let list_item = self.open(Role::LI);
            let label = self.open(Role::Lbl);
            self.push(Item::Text {
                x: mx,
                y: y + (style.line_height() - f64::from(style.size) * PT * 1.15) / 2.0,
                text: marker,
                font: style.font,
                size: style.size,
                colour: PRIMARY,
            });
            self.close(label);
            let body = self.open(Role::LBody);
            if let [Block::Paragraph(inlines)] = item.as_slice() {
                // A tight item: no paragraph spacing.
                self.paragraph(inlines, style, x + indent, width - indent, Align::Left);
            } else {
                self.blocks(item, x + indent, width - indent, depth + 1);
            }
            self.close(body);
            self.close(list_item);
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
            self.out.pages[page].push(
                Item::Rect {
                    x: x + 1.0,
                    y: top,
                    w: 0.8,
                    h: (bottom - top).max(0.0),
                    fill: RULE,
                },
                None,
            );
        }
    }

    fn code(&mut self, code: &str, x: f64, width: f64) {
        let style = TextStyle {
            font: FontRef::MONO,
            size: 9,
            colour: INK,
            leading: 1.3,
            justify: false,
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
}
