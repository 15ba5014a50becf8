//! Document → a Word document (DOCX) that clients can comment and edit.
//!
//! Written from the same blocks as the PDF and the HTML page. Headings use Word's own
//! "Heading 1–3" styles with outline levels, so the navigation pane, the table of contents and
//! cross-references work as in any Word document; the contents is a real TOC field (Word
//! refreshes its page numbers with F9). Figures are embedded as PNG (Word's SVG support is not
//! universal), the logo as it is.

use super::{WriteError, Writer, Written};
use crate::document::{Align, Block, Document, Inline, Metadata, TocEntry};
use crate::theme::{hex, Palette, Theme};
use docx_rs::*;
use std::collections::HashMap;

pub struct DocxWriter;

impl Writer for DocxWriter {
    fn write(&self, doc: &Document, theme: &Theme) -> Result<Written, WriteError> {
        let bytes = render(doc, &Colours::of(&theme.palette)).map_err(WriteError::Docx)?;
        Ok(Written::file(format!("{}.docx", doc.meta.name), bytes))
    }
}

/// A figure as Word embeds it: PNG bytes, width and height in pixels, width in millimetres.
type Picture = (Vec<u8>, u32, u32, f64);

/// The theme's colours as Word writes them (`RRGGBB`).
struct Colours {
    ink: String,
    primary: String,
    muted: String,
    link: String,
    rule: String,
    header_fill: String,
}

impl Colours {
    fn of(palette: &Palette) -> Colours {
        Colours {
            ink: hex(palette.ink),
            primary: hex(palette.primary),
            muted: hex(palette.muted),
            link: hex(palette.link),
            rule: hex(palette.rule),
            header_fill: hex(palette.header_fill),
        }
    }
}
const FONT: &str = "Liberation Sans";
const MONO: &str = "Liberation Mono";
/// A4 in twentieths of a point, and the PDF's margins (22 mm sides, 24 mm top).
const PAGE: (u32, u32) = (11_906, 16_838);
const SIDE_MARGIN: i32 = 1_247;
const TEXT_WIDTH_TWIPS: usize = 11_906 - 2 * 1_247;
const TEXT_WIDTH_MM: f64 = 166.0;
const EMU_PER_MM: f64 = 36_000.0;

/// Numbering ids: docx-rs's defaults take 1.
const BULLETS: usize = 10;
const DECIMAL: usize = 11;
/// The multilevel lists linked to the heading styles: Word numbers the chapters (and the
/// annexes, by letter) itself, so that a chapter added or moved by the buyer renumbers.
const HEADINGS: usize = 12;
const ANNEXES: usize = 13;

/// The DOCX bytes.
fn render(doc: &Document, colours: &Colours) -> Result<Vec<u8>, String> {
    let mut pictures = HashMap::new();
    for figure in &doc.assets.figures {
        let (png, w, h) = figure.to_png()?;
        pictures.insert(figure.path(), (png, w, h, figure.width));
    }
    let meta = &doc.meta;
    let created = format!("{}T00:00:00Z", meta.date);
    let mut writer = Blocks {
        doc,
        colours,
        pictures,
        body: Body::default(),
        bookmarks: HashMap::new(),
        next_bookmark: 1,
        next_numbering: 20,
        numberings: Vec::new(),
        after_figure: false,
        annex_label: None,
        pictures_alt: Vec::new(),
    };
    // Bookmark names first, so that the contents (before the headings) can link to them.
    collect_anchors(&doc.blocks, &mut writer.bookmarks);
    for block in &doc.blocks {
        writer.block(block, 0);
    }
    let mut docx = Docx::new()
        .page_size(PAGE.0, PAGE.1)
        .page_margin(
            PageMargin::new()
                .top(1_361)
                .bottom(1_361)
                .left(SIDE_MARGIN)
                .right(SIDE_MARGIN)
                .header(709)
                .footer(709),
        )
        .default_fonts(
            RunFonts::new()
                .ascii(FONT)
                .hi_ansi(FONT)
                .cs(FONT)
                .east_asia(FONT),
        )
        .default_size(20)
        .created_at(&created)
        .updated_at(&created)
        .title_pg()
        .first_header(Header::new())
        .first_footer(Footer::new())
        .header(
            Header::new().add_paragraph(
                Paragraph::new().add_run(
                    Run::new()
                        .add_text(&meta.title)
                        .size(16)
                        .color(&colours.muted),
                ),
            ),
        )
        .footer(footer(meta, colours));
    for style in styles(colours) {
        docx = docx.add_style(style);
    }
    let annex_label = writer
        .annex_label
        .take()
        .unwrap_or_else(|| "%1".to_string());
    docx = docx
        .add_abstract_numbering(heading_levels(HEADINGS, "decimal", "%1.", "Heading"))
        .add_abstract_numbering(heading_levels(
            ANNEXES,
            "upperLetter",
            &annex_label,
            "Annex",
        ))
        .add_numbering(Numbering::new(HEADINGS, HEADINGS))
        .add_numbering(Numbering::new(ANNEXES, ANNEXES))
        .add_abstract_numbering(list_levels(BULLETS, "bullet", &["•", "–", "◦"]))
        .add_abstract_numbering(list_levels(DECIMAL, "decimal", &["%1.", "%2.", "%3."]))
        .add_numbering(Numbering::new(BULLETS, BULLETS));
    for numbering in std::mem::take(&mut writer.numberings) {
        docx = docx.add_numbering(numbering);
    }
    let alts = std::mem::take(&mut writer.pictures_alt);
    let Body {
        chunks,
        tree,
        links,
        ..
    } = writer.body.finish();
    for paragraph in tree {
        docx = docx.add_paragraph(paragraph);
    }
    // What docx-rs would have registered from the paragraphs it no longer sees.
    docx.document_rels.has_numberings = true;
    docx.document_rels.hyperlinks.extend(
        links
            .into_iter()
            .map(|(rid, url)| (rid, url, "External".to_string())),
    );
    let mut xml = docx.build();
    xml.doc_props.core = core_properties(meta, &created).into_bytes();
    xml.document = name_pictures(&splice(&xml.document, chunks)?, &alts);
    xml.settings = update_fields_on_open(&xml.settings);
    xml.styles = with_language(&xml.styles, meta.lang);
    xml.numberings = level_order(&String::from_utf8_lossy(&xml.numberings)).into_bytes();
    let mut bytes = std::io::Cursor::new(Vec::new());
    xml.pack(&mut bytes).map_err(|e| e.to_string())?;
    deflate(&bytes.into_inner()).map_err(|e| e.to_string())
}

/// docx-rs stores every part uncompressed (a 25-page document weighs 800 KB); the parts are
/// written again deflated, in the same order, with the ZIP format's fixed default date.
fn deflate(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Read, Write};
    let mut input = zip::ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut output = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..input.len() {
        let mut part = input.by_index(i)?;
        let name = part.name().to_string();
        if part.is_dir() {
            continue;
        }
        let mut bytes = Vec::with_capacity(part.size() as usize);
        part.read_to_end(&mut bytes)?;
        output.start_file(name, options)?;
        output.write_all(&bytes)?;
    }
    Ok(output.finish()?.into_inner())
}

/// The body as it is made. docx-rs's element tree takes some twenty bytes of memory per byte
/// of XML (30,000 requirements: 1.5 GB), so each paragraph and table becomes XML as soon as it
/// is complete and its tree is dropped. Only paragraphs holding a picture stay in the tree,
/// since docx-rs registers media while building the package; a placeholder paragraph in the
/// tree marks where each run of XML between them goes (see `splice`).
#[derive(Default)]
struct Body {
    /// XML written since the last picture.
    current: Vec<u8>,
    /// Finished runs of XML, the n-th in place of the placeholder holding `placeholder(n)`.
    chunks: Vec<Vec<u8>>,
    tree: Vec<Paragraph>,
    /// The external hyperlinks in the XML (relationship ID, URL), which docx-rs would have
    /// collected from the tree.
    links: Vec<(String, String)>,
}

impl Body {
    fn paragraph(&mut self, paragraph: Paragraph) {
        let picture = paragraph.children.iter().any(|child| {
            matches!(child, ParagraphChild::Run(run)
                if run.children.iter().any(|c| matches!(c, RunChild::Drawing(_))))
        });
        if picture {
            self.close_chunk();
            self.tree.push(paragraph);
        } else {
            paragraph_links(&paragraph, &mut self.links);
            self.current.extend_from_slice(&paragraph.build());
        }
    }

    /// A table: `table` holds the header row, `rows` follow it, each written and dropped
    /// before the next is made.
    fn table(&mut self, table: Table, rows: impl Iterator<Item = TableRow>) {
        for TableChild::TableRow(row) in &table.rows {
            self.row_links(row);
        }
        let xml = repeat_header_rows(&table.build());
        let end = rfind(&xml, b"</w:tbl>").unwrap_or(xml.len());
        self.current.extend_from_slice(&xml[..end]);
        for row in rows {
            self.row_links(&row);
            self.current.extend_from_slice(&row.build());
        }
        self.current.extend_from_slice(&xml[end..]);
    }

    fn row_links(&mut self, row: &TableRow) {
        for TableRowChild::TableCell(cell) in &row.cells {
            for content in &cell.children {
                if let TableCellContent::Paragraph(p) = content {
                    paragraph_links(p, &mut self.links);
                }
            }
        }
    }

    fn close_chunk(&mut self) {
        if !self.current.is_empty() {
            let n = self.chunks.len();
            self.chunks.push(std::mem::take(&mut self.current));
            self.tree
                .push(Paragraph::new().add_run(Run::new().add_text(placeholder(n))));
        }
    }

    fn finish(mut self) -> Body {
        self.close_chunk();
        self
    }
}

fn paragraph_links(paragraph: &Paragraph, links: &mut Vec<(String, String)>) {
    for child in &paragraph.children {
        if let ParagraphChild::Hyperlink(Hyperlink {
            link: HyperlinkData::External { rid, path },
            ..
        }) = child
        {
            links.push((rid.clone(), path.clone()));
        }
    }
}

/// The text of the n-th placeholder paragraph. The tree docx-rs builds holds only
/// placeholders and pictures, never the user's text, so the marker cannot be mistaken.
fn placeholder(n: usize) -> String {
    format!("\u{E000}crmspec-body-{n}\u{E000}")
}

/// `document.xml` with each placeholder paragraph replaced by its run of XML.
fn splice(document: &[u8], chunks: Vec<Vec<u8>>) -> Result<Vec<u8>, String> {
    let size = document.len() + chunks.iter().map(Vec::len).sum::<usize>();
    let mut out = Vec::with_capacity(size);
    let mut rest = document;
    for (n, chunk) in chunks.into_iter().enumerate() {
        let missing = || format!("docx: placeholder {n} not found in the document");
        let marker = find(rest, placeholder(n).as_bytes()).ok_or_else(missing)?;
        let start = rfind(&rest[..marker], b"<w:p ").ok_or_else(missing)?;
        let end = find(&rest[marker..], b"</w:p>").ok_or_else(missing)? + marker + 6;
        out.extend_from_slice(&rest[..start]);
        out.extend_from_slice(&chunk);
        rest = &rest[end..];
    }
    out.extend_from_slice(rest);
    Ok(out)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

struct Blocks<'a> {
    doc: &'a Document,
    colours: &'a Colours,
    /// Figures by path, rasterised once.
    pictures: HashMap<String, Picture>,
    body: Body,
    /// Markdown anchor → Word bookmark name (Word's names are short, ASCII, no hyphens).
    bookmarks: HashMap<String, String>,
    next_bookmark: usize,
    next_numbering: usize,
    numberings: Vec<Numbering>,
    /// The number of the annexes' chapters as the locale writes it (`Annexe %1 —`), taken
    /// from the first annex.
    annex_label: Option<String>,
    /// The alternative text of each picture, in the order they are written.
    pictures_alt: Vec<String>,
    /// The block just written was a figure: the paragraph after it is its caption.
    after_figure: bool,
}

fn collect_anchors(blocks: &[Block], out: &mut HashMap<String, String>) {
    for block in blocks {
        match block {
            Block::Heading { anchor, .. } => {
                let name = format!("_crm{}", out.len() + 1);
                out.entry(anchor.clone()).or_insert(name);
            }
            Block::Cover(inner) | Block::Quote(inner) => collect_anchors(inner, out),
            _ => {}
        }
    }
}

impl Blocks<'_> {
    fn push(&mut self, paragraph: Paragraph) {
        self.body.paragraph(paragraph);
    }

    fn block(&mut self, block: &Block, depth: usize) {
        let caption = std::mem::take(&mut self.after_figure);
        match block {
            Block::Heading {
                level,
                inlines,
                anchor,
                number,
            } => {
                let annex = number
                    .as_deref()
                    .is_some_and(|n| !n.starts_with(|c: char| c.is_ascii_digit()));
                // Numbered headings leave their number to the list linked to their style;
                // unnumbered ones (history, contents, headings quoted by the user) take a
                // look-alike style with no outline level, so that Word's contents skips them.
                let style = match (level, number.is_some(), annex) {
                    (1, ..) => "Title",
                    (2, true, false) => "Heading1",
                    (3, true, false) => "Heading2",
                    (2, true, true) => "AnnexHeading1",
                    (3, true, true) => "AnnexHeading2",
                    (2, false, _) => "FrontHeading1",
                    (3, false, _) => "FrontHeading2",
                    _ => "Heading3",
                };
                let inlines = match number {
                    Some(number) if *level <= 3 => {
                        if annex && *level == 2 && self.annex_label.is_none() {
                            self.annex_label = Some(annex_label(number));
                        }
                        super::without_number(inlines, number)
                    }
                    _ => inlines.clone(),
                };
                // Each chapter starts a page, as in the PDF.
                let mut p = Paragraph::new().style(style).page_break_before(*level == 2);
                if let Some(name) = self.bookmarks.get(anchor).cloned() {
                    let id = self.next_bookmark;
                    self.next_bookmark += 1;
                    p = p.add_bookmark_start(id, name);
                    p = runs(p, &inlines, self.colours);
                    p = p.add_bookmark_end(id);
                } else {
                    p = runs(p, &inlines, self.colours);
                }
                self.push(p);
            }
            Block::Paragraph(inlines) => {
                // Word's Caption style and a SEQ field for the number, so that its "Table of
                // Figures" finds them and a figure added by the buyer renumbers the others.
                let p = if caption {
                    caption_runs(Paragraph::new().style("Caption"), inlines, self.colours)
                } else {
                    runs(Paragraph::new().style("BodyText"), inlines, self.colours)
                };
                self.push(p);
            }
            Block::List { start, items } => {
                let numbering = match start {
                    None => BULLETS,
                    Some(first) => {
                        let id = self.next_numbering;
                        self.next_numbering += 1;
                        self.numberings.push(
                            Numbering::new(id, DECIMAL)
                                .add_override(LevelOverride::new(0).start(*first as usize)),
                        );
                        id
                    }
                };
                for item in items {
                    for (n, inner) in item.iter().enumerate() {
                        match inner {
                            Block::Paragraph(inlines) if n == 0 => {
                                let p = Paragraph::new().style("ListParagraph").numbering(
                                    NumberingId::new(numbering),
                                    IndentLevel::new(depth),
                                );
                                self.push(runs(p, inlines, self.colours));
                            }
                            other => self.block(other, depth + 1),
                        }
                    }
                }
            }
            Block::Quote(blocks) => {
                for b in blocks {
                    self.block(b, depth);
                }
            }
            Block::Code(code) => {
                for line in code.lines() {
                    let run = Run::new()
                        .add_text(line)
                        .fonts(RunFonts::new().ascii(MONO).hi_ansi(MONO))
                        .size(18);
                    self.push(Paragraph::new().style("BodyText").add_run(run));
                }
            }
            Block::Table {
                aligns,
                header,
                rows,
            } => self.table(aligns, header, rows),
            Block::Image { src, alt } => self.image(src, alt),
            Block::Rule => self.push(Paragraph::new()),
            Block::Cover(blocks) => {
                for b in blocks {
                    self.block(b, depth);
                }
                self.push(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
            }
            Block::Toc(entries) => self.toc(entries),
            Block::Annexes => {}
        }
    }

    /// Word's TOC field, filled with the entries (linked to the headings' bookmarks, with
    /// PAGEREF fields for the page numbers), so it reads well before Word refreshes it.
    fn toc(&mut self, entries: &[TocEntry]) {
        let entries: Vec<(&TocEntry, String)> = entries
            .iter()
            .filter_map(|e| Some((e, self.bookmarks.get(&e.anchor)?.clone())))
            .collect();
        let last = entries.len().saturating_sub(1);
        for (n, (entry, name)) in entries.iter().enumerate() {
            let level = usize::from(entry.level.saturating_sub(1)).clamp(1, 3);
            let mut p = Paragraph::new().style(&format!("TOC{level}")).add_tab(
                Tab::new()
                    .val(TabValueType::Right)
                    .leader(TabLeaderType::Dot)
                    .pos(TEXT_WIDTH_TWIPS),
            );
            if n == 0 {
                p = p.add_run(
                    Run::new()
                        .add_field_char(FieldCharType::Begin, false)
                        .add_instr_text(InstrText::Unsupported(
                            "TOC \\o \"1-2\" \\h \\z \\u".to_string(),
                        ))
                        .add_field_char(FieldCharType::Separate, false),
                );
            }
            p = p.add_hyperlink(
                Hyperlink::new(name, HyperlinkType::Anchor)
                    .add_run(Run::new().add_text(&entry.text))
                    .add_run(Run::new().add_tab())
                    .add_run(
                        Run::new()
                            .add_field_char(FieldCharType::Begin, false)
                            .add_instr_text(InstrText::PAGEREF(
                                InstrPAGEREF::new(name.as_str()).hyperlink(),
                            ))
                            .add_field_char(FieldCharType::Separate, false),
                    )
                    .add_run(Run::new().add_field_char(FieldCharType::End, false)),
            );
            if n == last {
                p = p.add_run(Run::new().add_field_char(FieldCharType::End, false));
            }
            self.push(p);
        }
    }

    fn table(&mut self, aligns: &[Align], header: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) {
        let widths: Vec<usize> = super::column_widths(header, rows, TEXT_WIDTH_TWIPS as f64)
            .into_iter()
            .map(|w| w as usize)
            .collect();
        let cell = |inlines: &[Inline], c: usize, head: bool| {
            let mut p = Paragraph::new().style(if head { "TableHeading" } else { "TableText" });
            p = match aligns.get(c) {
                Some(Align::Right) => p.align(AlignmentType::Right),
                Some(Align::Center) => p.align(AlignmentType::Center),
                _ => p,
            };
            let mut cell = TableCell::new()
                .add_paragraph(runs(p, inlines, self.colours))
                .width(widths[c], WidthType::Dxa);
            if head {
                cell = cell.shading(Shading::new().fill(&self.colours.header_fill));
            }
            cell
        };
        let header_row = TableRow::new(
            header
                .iter()
                .enumerate()
                .map(|(c, h)| cell(h, c, true))
                .collect(),
        )
        // Marks the header row, repeated on every page (see `repeat_header_rows`).
        .cant_split();
        // Made one at a time as the XML is written: a table may hold every requirement.
        let body_rows = rows.iter().map(|row| {
            TableRow::new(
                (0..header.len())
                    .map(|c| cell(row.get(c).map_or(&[][..], Vec::as_slice), c, false))
                    .collect(),
            )
        });
        // The style's borders and margins are repeated on the table itself, for office
        // suites that read table styles only in part.
        let table = Table::new(vec![header_row])
            .style("CrmTable")
            .set_grid(widths.clone())
            .width(TEXT_WIDTH_TWIPS, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(cell_margins())
            .set_borders(table_borders(self.colours));
        self.body.table(table, body_rows);
        // Space after the table.
        self.push(Paragraph::new().style("BodyText"));
    }

    fn image(&mut self, src: &str, alt: &str) {
        if let Some((png, w, h, width_mm)) = self.pictures.get(src) {
            let width_mm = width_mm.min(TEXT_WIDTH_MM);
            let height_mm = width_mm * f64::from(*h) / f64::from(*w);
            let pic = Pic::new_with_dimensions(png.clone(), *w, *h).size(
                (width_mm * EMU_PER_MM) as u32,
                (height_mm * EMU_PER_MM) as u32,
            );
            self.pictures_alt.push(alt.to_string());
            self.push(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .keep_next(true)
                    .add_run(Run::new().add_image(pic)),
            );
            self.after_figure = true;
        } else if let Some(bytes) = self.doc.assets.image(src) {
            match as_png(bytes) {
                Some((bytes, w, h)) => {
                    // The logo: 45 mm wide at most, 22 mm high at most, as on the PDF cover.
                    let scale = (45.0 / f64::from(w)).min(22.0 / f64::from(h));
                    let pic = Pic::new_with_dimensions(bytes, w, h).size(
                        (f64::from(w) * scale * EMU_PER_MM) as u32,
                        (f64::from(h) * scale * EMU_PER_MM) as u32,
                    );
                    self.pictures_alt.push(alt.to_string());
                    self.push(Paragraph::new().add_run(Run::new().add_image(pic)));
                }
                None => self.push(Paragraph::new().add_run(Run::new().add_text(alt))),
            }
        } else {
            self.push(Paragraph::new().add_run(Run::new().add_text(format!("[{alt}]"))));
        }
    }
}

/// The picture as PNG with its size in pixels: docx-rs declares every picture `image/png`,
/// so a JPEG logo is converted rather than mislabelled.
fn as_png(bytes: &[u8]) -> Option<(Vec<u8>, u32, u32)> {
    use image::GenericImageView;
    let image = image::load_from_memory(bytes).ok()?;
    let (w, h) = image.dimensions();
    if crate::media::kind(bytes) == Some(crate::media::ImageKind::Png) {
        return Some((bytes.to_vec(), w, h));
    }
    let mut png = Vec::new();
    image
        .write_to(&mut png, image::ImageOutputFormat::Png)
        .ok()?;
    Some((png, w, h))
}

/// Runs for inlines: bold, italic, struck, coloured, code, links, line breaks.
fn runs(mut p: Paragraph, inlines: &[Inline], colours: &Colours) -> Paragraph {
    for inline in inlines {
        match inline {
            Inline::Break => p = p.add_run(Run::new().add_break(BreakType::TextWrapping)),
            Inline::Text { text, style, link } => {
                let mut run = Run::new().add_text(text);
                if style.bold {
                    run = run.bold();
                }
                if style.italic {
                    run = run.italic();
                }
                if style.strike {
                    run = run.strike();
                }
                if style.code {
                    run = run.fonts(RunFonts::new().ascii(MONO).hi_ansi(MONO));
                }
                if let Some((r, g, b)) = style.colour {
                    run = run.color(format!("{r:02X}{g:02X}{b:02X}"));
                }
                p = match link {
                    Some(url) if !url.starts_with('#') => p.add_hyperlink(
                        Hyperlink::new(url, HyperlinkType::External)
                            .add_run(run.color(&colours.link).underline("single")),
                    ),
                    _ => p.add_run(run),
                };
            }
        }
    }
    p
}

fn styles(colours: &Colours) -> Vec<Style> {
    // A heading stays with the paragraph after it and is never split over two pages.
    let look = |id: &str, name: &str, level: usize, size: usize| {
        let mut style = Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("BodyText")
            .q_format(true)
            .bold()
            .size(size)
            .color(&colours.primary)
            .line_spacing(
                LineSpacing::new()
                    .before(if level == 0 { 0 } else { 240 })
                    .after(120),
            );
        style.paragraph_property = style.paragraph_property.keep_next(true).keep_lines(true);
        style
    };
    let heading = |id: &str, name: &str, level: usize, size: usize| {
        look(id, name, level, size).outline_lvl(level)
    };
    let numbered = |style: Style, list: usize, level: usize| {
        let mut style = style;
        style.paragraph_property = style
            .paragraph_property
            .numbering(NumberingId::new(list), IndentLevel::new(level));
        style
    };
    vec![
        Style::new("BodyText", StyleType::Paragraph)
            .name("Body Text")
            .based_on("Normal")
            .q_format(true)
            .color(&colours.ink)
            .line_spacing(LineSpacing::new().after(120).line(276)),
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .next("BodyText")
            .q_format(true)
            .bold()
            .size(48)
            .color(&colours.primary)
            .line_spacing(LineSpacing::new().before(2_400).after(480)),
        numbered(heading("Heading1", "heading 1", 0, 32), HEADINGS, 0),
        numbered(heading("Heading2", "heading 2", 1, 26), HEADINGS, 1),
        heading("Heading3", "heading 3", 2, 22),
        numbered(
            heading("AnnexHeading1", "Annex Heading 1", 0, 32),
            ANNEXES,
            0,
        ),
        numbered(
            heading("AnnexHeading2", "Annex Heading 2", 1, 26),
            ANNEXES,
            1,
        ),
        look("FrontHeading1", "Front Heading 1", 0, 32),
        look("FrontHeading2", "Front Heading 2", 1, 26),
        table_style(colours),
        Style::new("ListParagraph", StyleType::Paragraph)
            .name("List Paragraph")
            .based_on("BodyText")
            .q_format(true)
            .line_spacing(LineSpacing::new().after(60)),
        Style::new("Caption", StyleType::Paragraph)
            .name("caption")
            .based_on("Normal")
            .next("BodyText")
            .q_format(true)
            .italic()
            .size(18)
            .color(&colours.muted)
            .align(AlignmentType::Center)
            .line_spacing(LineSpacing::new().after(240)),
        toc_style(1, 0, true),
        toc_style(2, 300, false),
        toc_style(3, 600, false),
        Style::new("TableText", StyleType::Paragraph)
            .name("Table Text")
            .based_on("Normal")
            .size(18)
            .color(&colours.ink),
        Style::new("TableHeading", StyleType::Paragraph)
            .name("Table Heading")
            .based_on("TableText")
            .bold()
            .color(&colours.primary),
    ]
}

/// The tables' look as a Word table style, so that a table the buyer adds can look the same.
fn table_style(colours: &Colours) -> Style {
    let mut style = Style::new("CrmTable", StyleType::Table)
        .name("crmspec Table")
        .based_on("TableNormal")
        .q_format(true);
    style.table_property = TableProperty::new()
        .set_margins(cell_margins())
        .set_borders(table_borders(colours));
    style
}

/// Every table's cell padding (1 mm by 1.5 mm), in the style and on each table.
fn cell_margins() -> TableCellMargins {
    TableCellMargins::new().margin(57, 85, 57, 85)
}

/// Every table's rules: thin, in the theme's rule colour, around and between all cells.
fn table_borders(colours: &Colours) -> TableBorders {
    [
        TableBorderPosition::Top,
        TableBorderPosition::Bottom,
        TableBorderPosition::Left,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::with_empty(), |borders, position| {
        borders.set(
            TableBorder::new(position)
                .size(4)
                .color(&colours.rule)
                .border_type(BorderType::Single),
        )
    })
}

fn toc_style(level: usize, indent: i32, bold: bool) -> Style {
    let style = Style::new(format!("TOC{level}"), StyleType::Paragraph)
        .name(format!("toc {level}"))
        .based_on("Normal")
        .next("Normal")
        .indent(Some(indent), None, None, None)
        .line_spacing(
            LineSpacing::new()
                .before(if bold { 120 } else { 0 })
                .after(40),
        );
    if bold {
        style.bold()
    } else {
        style
    }
}

/// The annexes' numbering text from the number the numbering pass gave the first one
/// (`Annexe A —` → `Annexe %1 —`): the word stays the locale's.
fn annex_label(number: &str) -> String {
    number
        .split(' ')
        .map(|word| {
            if word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase()) {
                "%1"
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A caption's runs, its number (`Figure 3 — …`) written as a SEQ field showing that number.
fn caption_runs(p: Paragraph, inlines: &[Inline], colours: &Colours) -> Paragraph {
    let Some((Inline::Text { text, style, link }, rest)) = inlines.split_first() else {
        return runs(p, inlines, colours);
    };
    let Some(start) = text.find(|c: char| c.is_ascii_digit()) else {
        return runs(p, inlines, colours);
    };
    let end = text[start..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(text.len(), |n| start + n);
    let part = |text: &str| Inline::Text {
        text: text.to_string(),
        style: *style,
        link: link.clone(),
    };
    let mut p = runs(p, &[part(&text[..start])], colours);
    p = p
        .add_run(
            Run::new()
                .add_field_char(FieldCharType::Begin, false)
                .add_instr_text(InstrText::Unsupported(
                    " SEQ Figure \\* ARABIC ".to_string(),
                ))
                .add_field_char(FieldCharType::Separate, false),
        )
        .add_run(Run::new().add_text(&text[start..end]))
        .add_run(Run::new().add_field_char(FieldCharType::End, false));
    let mut after = vec![part(&text[end..])];
    after.extend_from_slice(rest);
    runs(p, &after, colours)
}

/// docx-rs gives every picture the drawing id 1 and no description; Word wants the ids unique
/// (it reports a damaged file otherwise) and reads the description aloud.
fn name_pictures(document: &[u8], alts: &[String]) -> Vec<u8> {
    const DRAWN: &[u8] = b"<wp:docPr id=\"1\" name=\"Figure\" />";
    let mut out = Vec::with_capacity(document.len() + alts.len() * 80);
    let mut rest = document;
    let mut n = 0;
    while let Some(at) = find(rest, DRAWN) {
        out.extend_from_slice(&rest[..at]);
        let alt = alts.get(n).map_or("", String::as_str);
        n += 1;
        out.extend_from_slice(
            format!(
                "<wp:docPr id=\"{n}\" name=\"Picture {n}\" descr=\"{}\" />",
                crate::xml::escape(alt)
            )
            .as_bytes(),
        );
        rest = &rest[at + DRAWN.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// docx-rs writes a level's style link and suffix last; the schema (and Word) want them
/// before the level's text.
fn level_order(numbering: &str) -> String {
    let mut out = String::with_capacity(numbering.len());
    for (n, level) in numbering.split("<w:lvl ").enumerate() {
        if n > 0 {
            out.push_str("<w:lvl ");
        }
        let mut level = level.to_string();
        let mut moved = String::new();
        for tag in ["<w:pStyle ", "<w:suff "] {
            if let Some(at) = level.find(tag) {
                if let Some(end) = level[at..].find("/>") {
                    moved.push_str(&level[at..at + end + 2]);
                    level.replace_range(at..at + end + 2, "");
                }
            }
        }
        if let Some(at) = level.find("<w:lvlText ").filter(|_| !moved.is_empty()) {
            level.insert_str(at, &moved);
        }
        out.push_str(&level);
    }
    out
}

/// A two-level list linked to the `{prefix}Heading1`-style pair (`Heading1`, `Heading2` or
/// `AnnexHeading1`, `AnnexHeading2`): `1.` then `1.1`, or `Annexe A —` then `A.1`.
fn heading_levels(id: usize, format: &str, first: &str, prefix: &str) -> AbstractNumbering {
    let style = |n: usize| {
        if prefix == "Heading" {
            format!("Heading{n}")
        } else {
            format!("{prefix}Heading{n}")
        }
    };
    let level = |n: usize, format: &str, text: &str| {
        Level::new(
            n,
            Start::new(1),
            NumberFormat::new(format),
            LevelText::new(text),
            LevelJc::new("left"),
        )
        .paragraph_style(style(n + 1))
        .suffix(LevelSuffixType::Space)
        .indent(Some(0), None, None, None)
    };
    AbstractNumbering::new(id)
        .add_level(level(0, format, first))
        .add_level(level(1, "decimal", "%1.%2"))
}

fn list_levels(id: usize, format: &str, texts: &[&str]) -> AbstractNumbering {
    let mut numbering = AbstractNumbering::new(id);
    for (level, text) in texts.iter().enumerate() {
        let indent = 360 * (level as i32 + 1);
        numbering = numbering.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(*text),
                LevelJc::new("left"),
            )
            .indent(
                Some(indent),
                Some(SpecialIndentType::Hanging(300)),
                None,
                None,
            ),
        );
    }
    numbering
}

fn footer(meta: &Metadata, colours: &Colours) -> Footer {
    let small = |text: &str| Run::new().add_text(text).size(16).color(&colours.muted);
    let mut footer = Footer::new();
    for line in &meta.footer {
        footer = footer.add_paragraph(Paragraph::new().add_run(small(line)));
    }
    // The language's pattern ("Page {page} of {total}") with Word's fields in place of the
    // numbers, which Word fills in on every page.
    let mut numbering = Paragraph::new().align(AlignmentType::Right);
    let mut rest = meta.page_number;
    while let Some(at) = rest.find('{') {
        let (before, field) = rest.split_at(at);
        if !before.is_empty() {
            numbering = numbering.add_run(small(before));
        }
        if let Some(after) = field.strip_prefix("{page}") {
            numbering = numbering.add_page_num(PageNum::new());
            rest = after;
        } else if let Some(after) = field.strip_prefix("{total}") {
            numbering = numbering.add_num_pages(NumPages::new());
            rest = after;
        } else {
            numbering = numbering.add_run(small("{"));
            rest = &field[1..];
        }
    }
    if !rest.is_empty() {
        numbering = numbering.add_run(small(rest));
    }
    footer.add_paragraph(numbering)
}

/// The document's language on every run by default, so that Word checks spelling and a
/// screen reader speaks in that language (docx-rs sets none).
fn with_language(styles: &[u8], lang: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(styles);
    let marker = "<w:rPrDefault><w:rPr>";
    match text.find(marker) {
        Some(at) => {
            let at = at + marker.len();
            let lang = crate::xml::escape(lang);
            format!(
                "{}<w:lang w:val=\"{lang}\" w:eastAsia=\"{lang}\" w:bidi=\"{lang}\" />{}",
                &text[..at],
                &text[at..]
            )
            .into_bytes()
        }
        None => styles.to_vec(),
    }
}

/// Title, author, subject and language for File › Properties (docx-rs writes "unknown").
fn core_properties(meta: &Metadata, created: &str) -> String {
    let e = crate::xml::escape;
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator>\
         <cp:lastModifiedBy>{}</cp:lastModifiedBy><dc:language>{}</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{}</dcterms:modified>\
         </cp:coreProperties>",
        e(&meta.title),
        e(&meta.subject),
        e(&meta.author),
        e(&meta.author),
        e(meta.lang),
        e(created),
        e(created),
    )
}

/// docx-rs cannot mark a table's header row; the header rows are the only ones written with
/// `cantSplit`, which gains Word's "repeat as header row" here (in one table's XML).
fn repeat_header_rows(table: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(table);
    text.replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
        .into_bytes()
}

/// Asks Word to refresh the fields when the file is opened, so the contents shows page numbers.
fn update_fields_on_open(settings: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(settings);
    match text
        .find("<w:settings")
        .and_then(|at| text[at..].find('>').map(|end| at + end + 1))
    {
        Some(at) => format!(
            "{}<w:updateFields w:val=\"true\" />{}",
            &text[..at],
            &text[at..]
        )
        .into_bytes(),
        None => settings.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What docx-rs did for a tree, the streamed body must do too: external links registered,
    /// header rows marked, pictures left in the tree, and every piece back in its place.
    #[test]
    fn streamed_body_keeps_links_header_rows_pictures_and_order() {
        let mut body = Body::default();
        body.paragraph(
            Paragraph::new().add_hyperlink(
                Hyperlink::new("https://example.com/", HyperlinkType::External)
                    .add_run(Run::new().add_text("first")),
            ),
        );
        body.paragraph(
            Paragraph::new().add_run(Run::new().add_image(Pic::new_with_dimensions(
                vec![0; 8],
                1,
                1,
            ))),
        );
        let row = |text: &str| {
            TableRow::new(vec![
                TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(text)))
            ])
        };
        body.table(
            Table::new(vec![row("head").cant_split()]),
            ["second", "third"].into_iter().map(row),
        );
        let Body {
            chunks,
            tree,
            links,
            ..
        } = body.finish();
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].1, "https://example.com/");
        assert_eq!((chunks.len(), tree.len()), (2, 3));
        let mut docx = Docx::new();
        for paragraph in tree {
            docx = docx.add_paragraph(paragraph);
        }
        docx.document_rels.hyperlinks.extend(
            links
                .into_iter()
                .map(|(rid, url)| (rid, url, "External".to_string())),
        );
        let xml = docx.build();
        let document = String::from_utf8(splice(&xml.document, chunks).unwrap()).unwrap();
        let rels = String::from_utf8(xml.document_rels).unwrap();
        assert!(rels.contains("Target=\"https://example.com/\""), "{rels}");
        assert!(!document.contains("crmspec-body"), "{document}");
        let at = |needle: &str| document.find(needle).unwrap_or_else(|| panic!("{needle}"));
        assert!(at("first") < at("<w:drawing>") && at("<w:drawing>") < at("head"));
        assert!(at("head") < at("second") && at("second") < at("third"));
        assert!(at("third") < at("</w:tbl>"));
        assert_eq!(document.matches("<w:tblHeader />").count(), 1);
    }
}
