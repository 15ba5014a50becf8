//! Layout, page furniture: the page being filled and the breaks between pages, the cover
//! (undecorated, its title low on the page) and the table of contents with its dot leaders
//! and page numbers, which are known only once everything is laid out.

use super::text::TextStyle;
use super::{
    Item, Layouter, Measure, Page, Role, Target, CONTENT_BOTTOM, CONTENT_TOP, CONTENT_WIDTH, INK,
    MARGIN_LEFT, MUTED, PRIMARY, PT,
};
use crate::document::{Align, Block, Inline, InlineStyle, TocEntry};
use crate::fonts::FontRef;

impl<M: Measure> Layouter<'_, M> {
    fn page(&mut self) -> &mut Page {
        let last = self.out.pages.len() - 1;
        &mut self.out.pages[last]
    }

    pub(super) fn push(&mut self, item: Item) {
        self.fresh = false;
        let owner = self.node;
        self.page().push(item, owner);
    }

    pub(super) fn new_page(&mut self) {
        self.out.pages.push(Page {
            items: Vec::new(),
            owners: Vec::new(),
            decorated: true,
        });
        self.y = CONTENT_TOP;
        self.fresh = true;
    }

    /// Moves to a new page unless `height` still fits on this one.
    pub(super) fn ensure(&mut self, height: f64) {
        if self.y + height > CONTENT_BOTTOM && !self.fresh {
            self.new_page();
        }
    }

    pub(super) fn page_index(&self) -> usize {
        self.out.pages.len() - 1
    }

    pub(super) fn cover(&mut self, blocks: &[Block]) {
        self.page().decorated = false;
        let mut y = CONTENT_TOP;
        let mut body = Vec::new();
        for block in blocks {
            match block {
                Block::Image { src, alt } => {
                    self.y = y;
                    let outer = self.open_with(Role::Figure, Some(alt.clone()));
                    self.image(src, alt, MARGIN_LEFT, 70.0, 28.0);
                    self.close(outer);
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
                        justify: false,
                    };
                    let outer = self.open(Role::H(1));
                    self.paragraph(inlines, style, MARGIN_LEFT, CONTENT_WIDTH, Align::Left);
                    self.close(outer);
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
            justify: false,
        };
        for block in body {
            match block {
                Block::Paragraph(inlines) => {
                    let outer = self.open(Role::P);
                    self.paragraph(inlines, style, MARGIN_LEFT, CONTENT_WIDTH, Align::Left);
                    self.close(outer);
                    self.y += 2.5;
                }
                // The summary table (object, deadline, contact) sits at the foot of the
                // cover, where the eye lands after the title: laid out where it comes, then
                // moved down as a whole when the page has room.
                table @ Block::Table { .. } => {
                    let first = self.page().items.len();
                    let top = self.y + 6.0;
                    self.y = top;
                    self.block(table, MARGIN_LEFT, CONTENT_WIDTH, 0);
                    let dy = CONTENT_BOTTOM - self.y;
                    if dy > 0.0 && self.page_index() == 0 {
                        let page = self.page();
                        let moved: Vec<Item> =
                            page.items.drain(first..).map(|i| i.shifted(dy)).collect();
                        // Same order, so the owners stay parallel.
                        page.items.extend(moved);
                        self.y += dy;
                    }
                }
                other => self.block(other, MARGIN_LEFT, CONTENT_WIDTH, 0),
            }
        }
        self.new_page();
    }

    pub(super) fn toc(&mut self, entries: &[TocEntry]) {
        let right = MARGIN_LEFT + CONTENT_WIDTH;
        let toc = self.open(Role::Toc);
        for entry in entries {
            let item = self.open(Role::TocItem);
            let entry_item = self.open(Role::Link);
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
                justify: false,
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
                        // Dot leaders are decoration: an artifact.
                        let link = self.node.take();
                        self.push(Item::Text {
                            x: start,
                            y: self.y + (h - 9.0 * PT * 1.15) / 2.0,
                            text: dots.trim_end().to_string(),
                            font: FontRef::REGULAR,
                            size: 9,
                            colour: MUTED,
                        });
                        self.node = link;
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
            let link = self.node;
            self.out.pages[page].push(
                Item::Link {
                    x,
                    y: top.min(self.y - h),
                    w: right - x,
                    h: self.y - top.min(self.y - h),
                    target: Target::Anchor(entry.anchor.clone()),
                },
                link,
            );
            self.close(entry_item);
            self.close(item);
        }
        self.close(toc);
        self.y += 3.0;
    }
}
