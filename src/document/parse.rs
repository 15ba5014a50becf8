//! Markdown → blocks: the document's structure, as every writer (PDF, HTML, Word) needs it.
//!
//! This module owns the pulldown-cmark options, so every consumer of the Markdown reads the
//! same dialect. crmspec's templates leave markers in HTML comments (cover, table of contents,
//! annexes); Markdown viewers hide them, and here they become structure.

use super::passes::{Slugger, ANNEXES_MARKER, TOC_END, TOC_MARKER};
use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Starts the cover page; the cover ends at `COVER_END`.
pub const COVER_MARKER: &str = "<!-- crmspec:cover -->";
pub const COVER_END: &str = "<!-- crmspec:cover-end -->";

/// The Markdown dialect crmspec writes: CommonMark with GitHub tables and strikethrough.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text {
        text: String,
        style: InlineStyle,
        link: Option<String>,
    },
    Break,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InlineStyle {
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
    pub strike: bool,
    /// From `<span style="color:#RRGGBB">`, which the templates use for role colours.
    pub colour: Option<(u8, u8, u8)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub text: String,
    pub anchor: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        /// The number written before the title (`1.`, `2.3`, `Annexe A —`), which the
        /// numbering pass gave it; the inlines still include it, as every reader shows it.
        number: Option<String>,
        inlines: Vec<Inline>,
        anchor: String,
    },
    Paragraph(Vec<Inline>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    Code(String),
    Table {
        aligns: Vec<Align>,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Image {
        src: String,
        alt: String,
    },
    Rule,
    Cover(Vec<Block>),
    Toc(Vec<TocEntry>),
    /// Everything after it is an annex.
    Annexes,
}

/// Plain text of inlines, as a reader sees it.
pub fn plain(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text { text, .. } => text.as_str(),
            Inline::Break => " ",
        })
        .collect()
}

enum Container {
    Blocks(Vec<Block>),
    Quote(Vec<Block>),
    Cover(Vec<Block>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>),
}

impl Container {
    fn blocks(&mut self) -> Option<&mut Vec<Block>> {
        match self {
            Container::Blocks(b)
            | Container::Quote(b)
            | Container::Cover(b)
            | Container::Item(b) => Some(b),
            Container::List { .. } => None,
        }
    }
}

#[derive(Default)]
struct TableState {
    aligns: Vec<Align>,
    header: Vec<Vec<Inline>>,
    rows: Vec<Vec<Vec<Inline>>>,
    row: Vec<Vec<Inline>>,
    in_head: bool,
}

struct Builder {
    stack: Vec<Container>,
    inlines: Option<Vec<Inline>>,
    heading: Option<u8>,
    style: InlineStyle,
    bold: u32,
    italic: u32,
    links: Vec<String>,
    colours: Vec<Option<(u8, u8, u8)>>,
    image: Option<(String, String)>,
    code: Option<String>,
    table: Option<TableState>,
    in_toc: bool,
    slugger: Slugger,
}

/// Parses crmspec's Markdown into blocks.
pub fn parse(markdown: &str) -> Vec<Block> {
    let mut b = Builder {
        stack: vec![Container::Blocks(Vec::new())],
        inlines: None,
        heading: None,
        style: InlineStyle::default(),
        bold: 0,
        italic: 0,
        links: Vec::new(),
        colours: Vec::new(),
        image: None,
        code: None,
        table: None,
        in_toc: false,
        slugger: Slugger::default(),
    };
    for event in Parser::new_ext(markdown, options()) {
        b.event(event);
    }
    b.close_paragraph();
    while b.stack.len() > 1 {
        b.pop_container();
    }
    match b.stack.pop() {
        Some(Container::Blocks(blocks)) => blocks,
        _ => Vec::new(),
    }
}

impl Builder {
    fn push_block(&mut self, block: Block) {
        for container in self.stack.iter_mut().rev() {
            if let Some(blocks) = container.blocks() {
                blocks.push(block);
                return;
            }
        }
    }

    fn pop_container(&mut self) {
        let Some(container) = self.stack.pop() else {
            return;
        };
        match container {
            Container::Quote(blocks) => self.push_block(Block::Quote(blocks)),
            Container::Cover(blocks) => self.push_block(Block::Cover(blocks)),
            Container::List { start, items } => {
                let block = if self.in_toc {
                    Block::Toc(toc_entries(&items, 2))
                } else {
                    Block::List { start, items }
                };
                self.push_block(block);
            }
            Container::Item(blocks) => {
                if let Some(Container::List { items, .. }) = self.stack.last_mut() {
                    items.push(blocks);
                }
            }
            Container::Blocks(blocks) => {
                for block in blocks {
                    self.push_block(block);
                }
            }
        }
    }

    /// Inline content outside a paragraph (tight list items) opens an implicit one.
    fn inlines(&mut self) -> &mut Vec<Inline> {
        self.inlines.get_or_insert_with(Vec::new)
    }

    fn close_paragraph(&mut self) {
        if self.table.is_some() || self.heading.is_some() {
            return;
        }
        if let Some(inlines) = self.inlines.take() {
            if !inlines.is_empty() {
                self.push_block(Block::Paragraph(inlines));
            }
        }
    }

    fn text(&mut self, text: &str, code: bool) {
        if let Some((_, alt)) = &mut self.image {
            alt.push_str(text);
            return;
        }
        if let Some(buffer) = &mut self.code {
            buffer.push_str(text);
            return;
        }
        let style = InlineStyle { code, ..self.style };
        let link = self.links.last().cloned();
        let inlines = self.inlines();
        if let Some(Inline::Text {
            text: last,
            style: last_style,
            link: last_link,
        }) = inlines.last_mut()
        {
            if *last_style == style && *last_link == link {
                last.push_str(text);
                return;
            }
        }
        inlines.push(Inline::Text {
            text: text.to_string(),
            style,
            link,
        });
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text, false),
            Event::Code(text) => self.text(&text, true),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(&text, true),
            Event::SoftBreak => self.text(" ", false),
            Event::HardBreak => self.inlines().push(Inline::Break),
            Event::InlineHtml(html) => {
                let tag = html.trim().to_ascii_lowercase();
                if tag == "<br>" || tag == "<br/>" || tag == "<br />" {
                    self.inlines().push(Inline::Break);
                } else if tag.starts_with("<span") {
                    self.colours.push(span_colour(&tag));
                    self.style.colour = self.colours.iter().rev().find_map(|c| *c);
                } else if tag == "</span>" {
                    self.colours.pop();
                    self.style.colour = self.colours.iter().rev().find_map(|c| *c);
                } else if !tag.starts_with("<!--") {
                    self.text(&html, false);
                }
            }
            Event::Html(html) => self.html_block(html.trim()),
            Event::Rule => {
                self.close_paragraph();
                self.push_block(Block::Rule);
            }
            Event::FootnoteReference(name) => self.text(&format!("[{name}]"), false),
            Event::TaskListMarker(done) => self.text(if done { "☑ " } else { "☐ " }, false),
        }
    }

    fn html_block(&mut self, html: &str) {
        for line in html.lines().map(str::trim) {
            match line {
                COVER_MARKER => {
                    self.close_paragraph();
                    self.stack.push(Container::Cover(Vec::new()));
                }
                COVER_END => {
                    self.close_paragraph();
                    if matches!(self.stack.last(), Some(Container::Cover(_))) {
                        self.pop_container();
                    }
                }
                TOC_MARKER => self.in_toc = true,
                TOC_END => self.in_toc = false,
                ANNEXES_MARKER => self.push_block(Block::Annexes),
                // Other comments are notes for Markdown readers; other HTML is shown as typed.
                l if l.starts_with("<!--") || l.is_empty() => {}
                l => {
                    self.text(l, false);
                    self.close_paragraph();
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.close_paragraph(),
            Tag::Heading { level, .. } => {
                self.close_paragraph();
                self.heading = Some(heading_level(level));
                self.inlines = Some(Vec::new());
            }
            Tag::BlockQuote(_) => {
                self.close_paragraph();
                self.stack.push(Container::Quote(Vec::new()));
            }
            Tag::CodeBlock(_) => {
                self.close_paragraph();
                self.code = Some(String::new());
            }
            Tag::List(start) => {
                self.close_paragraph();
                self.stack.push(Container::List {
                    start,
                    items: Vec::new(),
                });
            }
            Tag::Item => {
                self.close_paragraph();
                self.stack.push(Container::Item(Vec::new()));
            }
            Tag::Table(aligns) => {
                self.close_paragraph();
                self.table = Some(TableState {
                    aligns: aligns
                        .iter()
                        .map(|a| match a {
                            Alignment::Right => Align::Right,
                            Alignment::Center => Align::Center,
                            _ => Align::Left,
                        })
                        .collect(),
                    ..TableState::default()
                });
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                }
            }
            Tag::TableRow => {}
            Tag::TableCell => self.inlines = Some(Vec::new()),
            Tag::Emphasis => {
                self.italic += 1;
                self.style.italic = true;
            }
            Tag::Strong => {
                self.bold += 1;
                self.style.bold = true;
            }
            Tag::Strikethrough => self.style.strike = true,
            Tag::Link { dest_url, .. } => self.links.push(dest_url.to_string()),
            Tag::Image { dest_url, .. } => self.image = Some((dest_url.to_string(), String::new())),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.close_paragraph(),
            TagEnd::Heading(_) => {
                let level = self.heading.take().unwrap_or(2);
                let inlines = self.inlines.take().unwrap_or_default();
                let anchor = self.slugger.slug(&plain(&inlines));
                self.push_block(Block::Heading {
                    level,
                    number: None,
                    inlines,
                    anchor,
                });
            }
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item => {
                self.close_paragraph();
                self.pop_container();
            }
            TagEnd::CodeBlock => {
                let code = self.code.take().unwrap_or_default();
                self.push_block(Block::Code(code.trim_end_matches('\n').to_string()));
            }
            TagEnd::TableCell => {
                let cell = self.inlines.take().unwrap_or_default();
                if let Some(t) = &mut self.table {
                    t.row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.header = std::mem::take(&mut t.row);
                    t.in_head = false;
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.push_block(Block::Table {
                        aligns: t.aligns,
                        header: t.header,
                        rows: t.rows,
                    });
                }
            }
            TagEnd::Emphasis => {
                self.italic = self.italic.saturating_sub(1);
                self.style.italic = self.italic > 0;
            }
            TagEnd::Strong => {
                self.bold = self.bold.saturating_sub(1);
                self.style.bold = self.bold > 0;
            }
            TagEnd::Strikethrough => self.style.strike = false,
            TagEnd::Link => {
                self.links.pop();
            }
            TagEnd::Image => {
                if let Some((src, alt)) = self.image.take() {
                    let alone = self.inlines.as_ref().is_none_or(|i| i.is_empty());
                    if alone && self.table.is_none() && self.heading.is_none() {
                        self.inlines = None;
                        self.push_block(Block::Image { src, alt });
                    } else {
                        self.text(&format!("[{alt}]"), false);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The colour of `<span style="color:#RRGGBB">`, if it has one.
fn span_colour(tag: &str) -> Option<(u8, u8, u8)> {
    let hex = tag.split("color:").nth(1)?.trim_start().strip_prefix('#')?;
    let hex = hex.get(..6)?;
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some((channel(0)?, channel(2)?, channel(4)?))
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The table of contents is a nested list of links; its entries keep their level and target.
fn toc_entries(items: &[Vec<Block>], level: u8) -> Vec<TocEntry> {
    let mut entries = Vec::new();
    for item in items {
        for block in item {
            match block {
                Block::Paragraph(inlines) => {
                    let anchor = inlines
                        .iter()
                        .find_map(|i| match i {
                            Inline::Text { link: Some(l), .. } => {
                                Some(l.trim_start_matches('#').to_string())
                            }
                            _ => None,
                        })
                        .unwrap_or_default();
                    entries.push(TocEntry {
                        level,
                        text: plain(inlines),
                        anchor,
                    });
                }
                Block::List { items, .. } => entries.extend(toc_entries(items, level + 1)),
                Block::Toc(nested) => entries.extend(nested.iter().cloned().map(|mut e| {
                    e.level = level + 1;
                    e
                })),
                _ => {}
            }
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cover_toc_tables_and_breaks() {
        let md = "<!-- crmspec:cover -->\n\n![Logo](assets/logo.png)\n\n# Title\n\n**Client :** X\n\n<!-- crmspec:cover-end -->\n\n## Contents\n\n<!-- crmspec:toc -->\n\n- [1. A](#1-a)\n  - [1.1 B](#11-b)\n\n<!-- crmspec:toc-end -->\n\n## 1. A\n\n| H1 | H2 |\n|---|--:|\n| a<br>b | \\| c |\n";
        let blocks = parse(md);
        let Block::Cover(cover) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert!(matches!(&cover[0], Block::Image { src, .. } if src == "assets/logo.png"));
        assert!(matches!(&cover[1], Block::Heading { level: 1, .. }));
        assert_eq!(
            blocks[2],
            Block::Toc(vec![
                TocEntry {
                    level: 2,
                    text: "1. A".into(),
                    anchor: "1-a".into()
                },
                TocEntry {
                    level: 3,
                    text: "1.1 B".into(),
                    anchor: "11-b".into()
                },
            ])
        );
        assert!(matches!(&blocks[3], Block::Heading { anchor, .. } if anchor == "1-a"));
        let Block::Table { aligns, rows, .. } = &blocks[4] else {
            panic!("{blocks:?}")
        };
        assert_eq!(aligns[1], Align::Right);
        assert!(rows[0][0].contains(&Inline::Break));
        assert_eq!(plain(&rows[0][1]), "| c");
    }

    #[test]
    fn nested_lists_and_styles() {
        let blocks = parse("- a **b** *c*\n  - d\n1. `x`\n");
        let Block::List { items, start: None } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(items[0].len(), 2);
        let Block::Paragraph(inl) = &items[0][0] else {
            panic!()
        };
        assert!(inl
            .iter()
            .any(|i| matches!(i, Inline::Text { text, style, .. } if text == "b" && style.bold)));
        assert!(matches!(&blocks[1], Block::List { start: Some(1), .. }));
    }

    #[test]
    fn colours_spans() {
        let blocks = parse("<span style=\"color:#D62828\">■</span> Vendre\n");
        let Block::Paragraph(inl) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert!(
            matches!(&inl[0], Inline::Text { text, style, .. } if text == "■" && style.colour == Some((0xD6, 0x28, 0x28)))
        );
        assert!(matches!(&inl[1], Inline::Text { style, .. } if style.colour.is_none()));
    }
}
