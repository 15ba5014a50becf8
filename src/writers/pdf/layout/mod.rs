//! Blocks → pages of positioned items. All pagination decisions live here: line breaking
//! (including words wider than a line, which are cut rather than lost), keeping headings with
//! what follows, table column widths and repeated header rows, image scaling.
//!
//! Layout measures text through the `Measure` trait, implemented by the genpdf module with the
//! very fonts that will be drawn, so what is measured is what is printed.
//!
//! Split by concern: [`text`] (words, line breaking, lines), [`blocks`] (headings, paragraphs,
//! lists, quotes, keep-with-next), [`tables`], [`media`] (images, figures) and [`furniture`]
//! (pages, breaks, cover, table of contents); all extend the one `Layouter` that carries the
//! page being filled.

mod blocks;
mod furniture;
mod media;
mod tables;
mod text;

use crate::document::{Assets, Block};
use crate::figures::Shape;
use crate::fonts::FontRef;
use crate::theme::Palette;
use image::RgbImage;
use std::collections::HashMap;

/// Text measurement, provided by the drawing backend.
pub trait Measure {
    /// Width in millimetres of `text` set in `font` at `size` points.
    fn width(&self, text: &str, font: FontRef, size: u8) -> f64;
    /// Whether `font` has a glyph for `c`.
    fn has_glyph(&self, font: FontRef, c: char) -> bool;
    /// How many fallback faces (`Family::Extra(0..n)`) follow the bundled ones.
    fn extra_faces(&self) -> u8 {
        0
    }
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

impl Item {
    /// The item moved `dy` millimetres down the page; a figure's shapes stay where they are
    /// (only text, rules, fills, images and links are ever moved).
    fn shifted(self, dy: f64) -> Item {
        match self {
            Item::Text {
                x,
                y,
                text,
                font,
                size,
                colour,
            } => Item::Text {
                x,
                y: y + dy,
                text,
                font,
                size,
                colour,
            },
            Item::Line { from, to, colour } => Item::Line {
                from: (from.0, from.1 + dy),
                to: (to.0, to.1 + dy),
                colour,
            },
            Item::Rect { x, y, w, h, fill } => Item::Rect {
                x,
                y: y + dy,
                w,
                h,
                fill,
            },
            Item::Image { index, x, y, w, h } => Item::Image {
                index,
                x,
                y: y + dy,
                w,
                h,
            },
            Item::Link { x, y, w, h, target } => Item::Link {
                x,
                y: y + dy,
                w,
                h,
                target,
            },
            Item::PageNumber {
                right,
                y,
                anchor,
                font,
                size,
            } => Item::PageNumber {
                right,
                y: y + dy,
                anchor,
                font,
                size,
            },
            shape @ Item::Shape(_) => shape,
        }
    }
}

/// A structure element of the tagged PDF: one of PDF 32000's standard types (§14.8.4), so
/// no role map is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Document,
    /// A heading, level 1 to 6.
    H(u8),
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    THead,
    TBody,
    TR,
    TH,
    TD,
    Figure,
    Link,
    Toc,
    TocItem,
    Code,
    BlockQuote,
}

impl Role {
    /// The standard structure type's name.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::H(1) => "H1",
            Role::H(2) => "H2",
            Role::H(3) => "H3",
            Role::H(4) => "H4",
            Role::H(5) => "H5",
            Role::H(_) => "H6",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::THead => "THead",
            Role::TBody => "TBody",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
            Role::Link => "Link",
            Role::Toc => "TOC",
            Role::TocItem => "TOCI",
            Role::Code => "Code",
            Role::BlockQuote => "BlockQuote",
        }
    }
}

/// A node of the document's structure tree; the root (index 0) is the Document.
#[derive(Debug, Clone)]
pub struct Node {
    pub role: Role,
    pub parent: Option<usize>,
    /// The alternative text of a figure, read in place of what it draws.
    pub alt: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub items: Vec<Item>,
    /// The structure node each item belongs to (`None`: an artifact — rules, fills, repeated
    /// table headers, dot leaders), parallel to `items`.
    pub owners: Vec<Option<usize>>,
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
    /// The structure tree in reading order, the Document first (see [`Node`]).
    pub structure: Vec<Node>,
}

impl Page {
    /// Places `item` belonging to `owner`; rules and fills are always artifacts.
    pub fn push(&mut self, item: Item, owner: Option<usize>) {
        let owner = match item {
            Item::Line { .. } | Item::Rect { .. } => None,
            _ => owner,
        };
        self.items.push(item);
        self.owners.push(owner);
    }
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
pub struct Layouter<'a, M: Measure> {
    m: &'a M,
    assets: &'a Assets,
    out: Layout,
    y: f64,
    /// Whether anything has been placed on the current page.
    fresh: bool,
    /// The language's hyphenation patterns, when crmspec has them.
    hyphenation: Option<hypher::Lang>,
    /// Whether the paragraph being set is justified (running text) or ragged.
    justify: bool,
    /// The structure element being filled; `None` while drawing artifacts.
    node: Option<usize>,
}

impl<M: Measure> Layouter<'_, M> {
    /// Opens a structure element inside the current one; gives what `close` restores.
    pub(super) fn open(&mut self, role: Role) -> Option<usize> {
        self.open_with(role, None)
    }

    /// Opens a structure element with an alternative text.
    pub(super) fn open_with(&mut self, role: Role, alt: Option<String>) -> Option<usize> {
        let previous = self.node;
        self.out.structure.push(Node {
            role,
            parent: previous,
            alt,
        });
        self.node = Some(self.out.structure.len() - 1);
        previous
    }

    pub(super) fn close(&mut self, previous: Option<usize>) {
        self.node = previous;
    }
}

/// Lays out the document's blocks, with the pictures and figures they link to, in the
/// language of `lang` (a BCP 47 tag, for hyphenation).
pub fn layout<M: Measure>(blocks: &[Block], m: &M, assets: &Assets, lang: &str) -> Layout {
    let code = lang.as_bytes();
    let mut l = Layouter {
        m,
        assets,
        out: Layout::default(),
        y: CONTENT_TOP,
        fresh: true,
        hyphenation: (code.len() >= 2)
            .then(|| hypher::Lang::from_iso([code[0], code[1]]))
            .flatten(),
        justify: false,
        node: Some(0),
    };
    l.out.structure.push(Node {
        role: Role::Document,
        parent: None,
        alt: None,
    });
    l.out.pages.push(Page {
        items: Vec::new(),
        owners: Vec::new(),
        decorated: true,
    });
    l.blocks(blocks, MARGIN_LEFT, CONTENT_WIDTH, 0);
    l.out
}
