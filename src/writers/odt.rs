//! Document → an OpenDocument text (ODT), the office format French public bodies are told to
//! use (RGI) and LibreOffice's own.
//!
//! Written by hand from the same blocks as the Word document: no maintained Rust crate writes
//! ODF text documents, and the format is plain XML in a ZIP. What a buyer editing it expects
//! is there: chapters numbered by the outline (not typed), so that a chapter added renumbers
//! the others and the contents index follows; annexes, history and contents unnumbered; a
//! contents index (Tools › Update refreshes its page numbers); tables whose header row repeats
//! on every page; figures as pictures with their text alternative, captions numbered by a
//! sequence field; a header with the title, a footer with the document's lines and the page
//! number; the cover without either; the document's language and properties. The same input
//! gives the same bytes: fixed ZIP dates, styles named in a fixed order.

use super::{column_widths, WriteError, Writer, Written};
use crate::document::{Align, Block, Document, Inline, InlineStyle, Metadata, TocEntry};
use crate::theme::{hex, Palette, Theme};
use crate::xml::{escape, odf_text};
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub struct OdtWriter;

impl Writer for OdtWriter {
    fn write(&self, doc: &Document, theme: &Theme) -> Result<Written, WriteError> {
        let bytes = render(doc, &theme.palette).map_err(WriteError::Odt)?;
        Ok(Written::file(format!("{}.odt", doc.meta.name), bytes))
    }
}

/// The text width of an A4 page with the PDF's margins (22 mm each side), in centimetres.
const TEXT_WIDTH_CM: f64 = 16.6;
const MIME: &str = "application/vnd.oasis.opendocument.text";
const NAMESPACES: &str = concat!(
    r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
    r#"xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" "#,
    r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" "#,
    r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
    r#"xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" "#,
    r#"xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" "#,
    r#"xmlns:xlink="http://www.w3.org/1999/xlink" "#,
    r#"xmlns:dc="http://purl.org/dc/elements/1.1/" "#,
    r#"xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" "#,
    r#"xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" "#,
    r#"office:version="1.3""#
);

/// The ODT bytes.
fn render(doc: &Document, palette: &Palette) -> Result<Vec<u8>, String> {
    let mut pictures = BTreeMap::new();
    for figure in &doc.assets.figures {
        let (png, w, h) = figure.to_png()?;
        pictures.insert(figure.path(), (png, w, h, figure.width));
    }
    let mut body = Body {
        doc,
        pictures,
        out: String::with_capacity(doc.markdown.len() * 3),
        automatic: BTreeMap::new(),
        columns: BTreeMap::new(),
        spans: BTreeMap::new(),
        files: Vec::new(),
        tables: 0,
        pending_master: Some("First_20_Page"),
        after_figure: false,
        colours: (colour(palette.header_fill), colour(palette.rule)),
    };
    for block in &doc.blocks {
        body.block(block);
    }
    let content = body.content();
    let Body { files, .. } = body;
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("content.xml".into(), content.into_bytes()),
        ("styles.xml".into(), styles(&doc.meta, palette).into_bytes()),
        ("meta.xml".into(), meta(&doc.meta).into_bytes()),
    ];
    parts.extend(
        files
            .iter()
            .map(|(name, bytes, _)| (name.clone(), bytes.clone())),
    );
    parts.push((
        "META-INF/manifest.xml".into(),
        manifest(&files).into_bytes(),
    ));
    let parts: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    crate::xml::odf_package(MIME, &parts).map_err(|e| e.to_string())
}

fn manifest(files: &[(String, Vec<u8>, &'static str)]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest \
         xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" \
         manifest:version=\"1.3\">\n <manifest:file-entry manifest:full-path=\"/\" \
         manifest:version=\"1.3\" manifest:media-type=\"{MIME}\"/>\n"
    );
    for part in ["content.xml", "styles.xml", "meta.xml"] {
        let _ = writeln!(
            out,
            " <manifest:file-entry manifest:full-path=\"{part}\" manifest:media-type=\"text/xml\"/>"
        );
    }
    for (name, _, mime) in files {
        let _ = writeln!(
            out,
            " <manifest:file-entry manifest:full-path=\"{name}\" manifest:media-type=\"{mime}\"/>"
        );
    }
    out.push_str("</manifest:manifest>\n");
    out
}

fn meta(meta: &Metadata) -> String {
    let date = format!("{}T00:00:00", meta.date);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-meta {NAMESPACES}>\
         <office:meta><meta:generator>crmspec/{version}</meta:generator>\
         <dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject>\
         <meta:keyword>{keywords}</meta:keyword><meta:initial-creator>{author}</meta:initial-creator>\
         <dc:creator>{author}</dc:creator><meta:creation-date>{date}</meta:creation-date>\
         <dc:date>{date}</dc:date><dc:language>{lang}</dc:language></office:meta>\
         </office:document-meta>\n",
        version = env!("CARGO_PKG_VERSION"),
        title = escape(&meta.title),
        subject = escape(&meta.subject),
        keywords = escape(&meta.keywords),
        author = escape(&meta.author),
        lang = escape(meta.lang),
    )
}

/// A figure as the document embeds it: PNG bytes, width and height in pixels, width in mm.
type Picture = (Vec<u8>, u32, u32, f64);

/// The body being written, with the automatic styles and pictures it needs.
struct Body<'a> {
    doc: &'a Document,
    pictures: BTreeMap<String, Picture>,
    out: String,
    /// Automatic paragraph styles by name: (parent style, master page to start, page break).
    automatic: BTreeMap<String, (String, Option<&'static str>, bool)>,
    /// Automatic column styles (`Table3.C1`) and their widths in centimetres.
    columns: BTreeMap<String, f64>,
    /// Automatic text styles by name, from the inline style they stand for.
    spans: BTreeMap<String, InlineStyle>,
    /// Pictures: path in the package, bytes, media type.
    files: Vec<(String, Vec<u8>, &'static str)>,
    tables: usize,
    /// The master page the next paragraph starts (the cover's, then the others').
    pending_master: Option<&'static str>,
    /// The block just written was a figure: the paragraph after it is its caption.
    after_figure: bool,
    /// The table header's fill and the rules' colour (`#rrggbb`).
    colours: (String, String),
}

impl Body<'_> {
    /// The style name a paragraph of style `parent` takes: `parent` itself, or an automatic
    /// style that also starts a page (`page_break`) or the pending master page.
    fn paragraph_style(&mut self, parent: &str, page_break: bool) -> String {
        let master = self.pending_master.take();
        if master.is_none() && !page_break {
            return parent.to_string();
        }
        let name = format!(
            "P_{parent}{}{}",
            master.map_or(String::new(), |m| format!("_{m}")),
            if page_break { "_break" } else { "" }
        );
        self.automatic
            .insert(name.clone(), (parent.to_string(), master, page_break));
        name
    }

    /// Starts the pending master page on an empty paragraph, before a block that is not one.
    fn flush_master(&mut self) {
        if self.pending_master.is_some() {
            let style = self.paragraph_style("Standard", false);
            let _ = write!(self.out, "<text:p text:style-name=\"{style}\"/>");
        }
    }

    fn block(&mut self, block: &Block) {
        let caption = std::mem::take(&mut self.after_figure);
        match block {
            Block::Heading {
                level,
                number,
                inlines,
                anchor,
            } => self.heading(*level, number.as_deref(), inlines, anchor),
            Block::Paragraph(inlines) => {
                let style =
                    self.paragraph_style(if caption { "Caption" } else { "Text_20_body" }, false);
                let _ = write!(self.out, "<text:p text:style-name=\"{style}\">");
                if caption {
                    self.caption(inlines);
                } else {
                    self.inlines(inlines);
                }
                self.out.push_str("</text:p>");
            }
            Block::List { start, items } => {
                self.flush_master();
                let list = if start.is_some() {
                    "L_number"
                } else {
                    "L_bullet"
                };
                let _ = write!(self.out, "<text:list text:style-name=\"{list}\">");
                for (n, item) in items.iter().enumerate() {
                    match start {
                        Some(first) if n == 0 => {
                            let _ =
                                write!(self.out, "<text:list-item text:start-value=\"{first}\">");
                        }
                        _ => self.out.push_str("<text:list-item>"),
                    }
                    for inner in item {
                        match inner {
                            Block::Paragraph(inlines) => {
                                self.out
                                    .push_str("<text:p text:style-name=\"List_20_Contents\">");
                                self.inlines(inlines);
                                self.out.push_str("</text:p>");
                            }
                            other => self.block(other),
                        }
                    }
                    self.out.push_str("</text:list-item>");
                }
                self.out.push_str("</text:list>");
            }
            Block::Quote(blocks) => {
                for b in blocks {
                    match b {
                        Block::Paragraph(inlines) => {
                            let style = self.paragraph_style("Quotations", false);
                            let _ = write!(self.out, "<text:p text:style-name=\"{style}\">");
                            self.inlines(inlines);
                            self.out.push_str("</text:p>");
                        }
                        other => self.block(other),
                    }
                }
            }
            Block::Code(code) => {
                for line in code.lines() {
                    let style = self.paragraph_style("Preformatted_20_Text", false);
                    let _ = write!(
                        self.out,
                        "<text:p text:style-name=\"{style}\">{}</text:p>",
                        odf_text(line)
                    );
                }
            }
            Block::Table {
                aligns,
                header,
                rows,
            } => self.table(aligns, header, rows),
            Block::Image { src, alt } => self.image(src, alt),
            Block::Rule => {
                let style = self.paragraph_style("Horizontal_20_Line", false);
                let _ = write!(self.out, "<text:p text:style-name=\"{style}\"/>");
            }
            Block::Cover(blocks) => {
                for b in blocks {
                    self.block(b);
                }
                // The pages after the cover carry the header and footer.
                self.pending_master = Some("Standard");
            }
            Block::Toc(entries) => self.toc(entries),
            Block::Annexes => {}
        }
    }

    /// Chapters (`##`) and sections (`###`) are outline headings numbered by the outline
    /// style; annexes keep their typed letter as list headers (unnumbered, still in the
    /// contents); history and contents are look-alike paragraphs, outside the contents.
    fn heading(&mut self, level: u8, number: Option<&str>, inlines: &[Inline], anchor: &str) {
        let page_break = level == 2 && self.pending_master.is_none();
        if level == 1 {
            let style = self.paragraph_style("Title", false);
            let _ = write!(self.out, "<text:p text:style-name=\"{style}\">");
            self.inlines(inlines);
            self.out.push_str("</text:p>");
            return;
        }
        let Some(number) = number.filter(|_| level <= 3) else {
            let parent = if level == 2 {
                "Front_20_Heading"
            } else {
                "Heading_20_3"
            };
            let style = self.paragraph_style(parent, page_break);
            if level == 2 {
                let _ = write!(
                    self.out,
                    "<text:p text:style-name=\"{style}\"><text:bookmark text:name=\"{}\"/>",
                    escape(anchor)
                );
                self.inlines(inlines);
                self.out.push_str("</text:p>");
            } else {
                let _ = write!(
                    self.out,
                    "<text:h text:style-name=\"{style}\" text:outline-level=\"3\">\
                     <text:bookmark text:name=\"{}\"/>",
                    escape(anchor)
                );
                self.inlines(inlines);
                self.out.push_str("</text:h>");
            }
            return;
        };
        let outline = level - 1;
        let annex = !number.starts_with(|c: char| c.is_ascii_digit());
        let style = self.paragraph_style(&format!("Heading_20_{outline}"), page_break);
        let _ = write!(
            self.out,
            "<text:h text:style-name=\"{style}\" text:outline-level=\"{outline}\"{}>\
             <text:bookmark text:name=\"{}\"/>",
            if annex {
                " text:is-list-header=\"true\""
            } else {
                ""
            },
            escape(anchor)
        );
        if annex {
            self.inlines(inlines);
        } else {
            self.inlines(&super::without_number(inlines, number));
        }
        self.out.push_str("</text:h>");
    }

    /// A caption's runs, its number (`Figure 3 — …`) a sequence field showing that number.
    fn caption(&mut self, inlines: &[Inline]) {
        let Some((Inline::Text { text, .. }, rest)) = inlines.split_first() else {
            return self.inlines(inlines);
        };
        let Some(start) = text.find(|c: char| c.is_ascii_digit()) else {
            return self.inlines(inlines);
        };
        let end = text[start..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(text.len(), |n| start + n);
        let _ = write!(
            self.out,
            "{}<text:sequence text:name=\"Figure\" text:formula=\"ooow:Figure+1\" \
             style:num-format=\"1\">{}</text:sequence>{}",
            escape(&text[..start]),
            &text[start..end],
            escape(&text[end..])
        );
        self.inlines(rest);
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Break => self.out.push_str("<text:line-break/>"),
                Inline::Text { text, style, link } => {
                    let span = self.span(*style);
                    let text = escape(text);
                    let text = match &span {
                        Some(name) => {
                            format!("<text:span text:style-name=\"{name}\">{text}</text:span>")
                        }
                        None => text,
                    };
                    match link {
                        Some(url) => {
                            let _ = write!(
                                self.out,
                                "<text:a xlink:type=\"simple\" xlink:href=\"{}\" \
                                 text:style-name=\"Internet_20_link\">{text}</text:a>",
                                escape(url)
                            );
                        }
                        None => self.out.push_str(&text),
                    }
                }
            }
        }
    }

    /// The automatic text style for `style`, None for plain text.
    fn span(&mut self, style: InlineStyle) -> Option<String> {
        if style == InlineStyle::default() {
            return None;
        }
        let mut name = String::from("T");
        for (on, letter) in [
            (style.bold, 'b'),
            (style.italic, 'i'),
            (style.strike, 's'),
            (style.code, 'c'),
        ] {
            if on {
                name.push(letter);
            }
        }
        if let Some((r, g, b)) = style.colour {
            let _ = write!(name, "_{r:02X}{g:02X}{b:02X}");
        }
        self.spans.insert(name.clone(), style);
        Some(name)
    }

    fn table(&mut self, aligns: &[Align], header: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) {
        self.flush_master();
        self.tables += 1;
        let n = self.tables;
        let widths = column_widths(header, rows, TEXT_WIDTH_CM);
        let _ = write!(
            self.out,
            "<table:table table:name=\"Table{n}\" table:style-name=\"Table\">"
        );
        for (c, width) in widths.iter().enumerate() {
            let name = format!("Table{n}.C{c}");
            self.columns.insert(name.clone(), *width);
            let _ = write!(
                self.out,
                "<table:table-column table:style-name=\"{name}\"/>"
            );
        }
        let aligned = |c: usize, head: bool| -> &'static str {
            match (aligns.get(c), head) {
                (_, true) => "Table_20_Heading",
                (Some(Align::Right), _) => "Table_20_Contents_20_Right",
                (Some(Align::Center), _) => "Table_20_Contents_20_Center",
                _ => "Table_20_Contents",
            }
        };
        self.out
            .push_str("<table:table-header-rows><table:table-row>");
        for (c, cell) in header.iter().enumerate() {
            let _ = write!(
                self.out,
                "<table:table-cell table:style-name=\"Head_20_Cell\" office:value-type=\"string\">\
                 <text:p text:style-name=\"{}\">",
                aligned(c, true)
            );
            self.inlines(cell);
            self.out.push_str("</text:p></table:table-cell>");
        }
        self.out
            .push_str("</table:table-row></table:table-header-rows>");
        for row in rows {
            self.out.push_str("<table:table-row>");
            for c in 0..header.len() {
                let _ = write!(
                    self.out,
                    "<table:table-cell table:style-name=\"Body_20_Cell\" office:value-type=\"string\">\
                     <text:p text:style-name=\"{}\">",
                    aligned(c, false)
                );
                self.inlines(row.get(c).map_or(&[][..], Vec::as_slice));
                self.out.push_str("</text:p></table:table-cell>");
            }
            self.out.push_str("</table:table-row>");
        }
        self.out.push_str("</table:table>");
    }

    fn image(&mut self, src: &str, alt: &str) {
        let (bytes, mime, width_mm, height_mm) = if let Some((png, w, h, width)) =
            self.pictures.get(src)
        {
            let width = width.min(TEXT_WIDTH_CM * 10.0);
            let height = width * f64::from(*h) / f64::from(*w);
            self.after_figure = true;
            (png.clone(), "image/png", width, height)
        } else if let Some(bytes) = self.doc.assets.image(src) {
            let Some((w, h)) = crate::media::dimensions(bytes).filter(|(w, h)| *w > 0 && *h > 0)
            else {
                return;
            };
            let mime = match crate::media::kind(bytes) {
                Some(crate::media::ImageKind::Jpeg) => "image/jpeg",
                _ => "image/png",
            };
            // The logo: 45 mm wide at most, 22 mm high at most, as on the PDF cover.
            let scale = (45.0 / w as f64).min(22.0 / h as f64);
            (bytes.to_vec(), mime, w as f64 * scale, h as f64 * scale)
        } else {
            return;
        };
        let n = self.files.len() + 1;
        let extension = if mime == "image/jpeg" { "jpg" } else { "png" };
        let path = format!("Pictures/picture-{n}.{extension}");
        let style = self.paragraph_style(
            if self.after_figure {
                "Figure_20_Picture"
            } else {
                "Standard"
            },
            false,
        );
        let _ = write!(
            self.out,
            "<text:p text:style-name=\"{style}\"><draw:frame draw:name=\"Picture {n}\" \
             text:anchor-type=\"as-char\" svg:width=\"{width_mm:.2}mm\" svg:height=\"{height_mm:.2}mm\" \
             draw:z-index=\"0\"><draw:image xlink:href=\"{path}\" xlink:type=\"simple\" \
             xlink:show=\"embed\" xlink:actuate=\"onLoad\" draw:mime-type=\"{mime}\"/>\
             <svg:title>{alt}</svg:title><svg:desc>{alt}</svg:desc></draw:frame></text:p>",
            alt = escape(alt)
        );
        self.files.push((path, bytes, mime));
    }

    /// The contents as an index LibreOffice can update, filled with the entries (linked to
    /// the headings' bookmarks) so that it reads well as delivered.
    fn toc(&mut self, entries: &[TocEntry]) {
        self.flush_master();
        self.out.push_str(
            "<text:table-of-content text:style-name=\"Contents\" text:protected=\"true\" \
             text:name=\"Contents\"><text:table-of-content-source text:outline-level=\"2\">\
             <text:index-title-template text:style-name=\"Contents_20_Heading\"/>",
        );
        for level in 1..=2 {
            let _ = write!(
                self.out,
                "<text:table-of-content-entry-template text:outline-level=\"{level}\" \
                 text:style-name=\"Contents_20_{level}\"><text:index-entry-link-start/>\
                 <text:index-entry-chapter/><text:index-entry-text/>\
                 <text:index-entry-tab-stop style:type=\"right\" style:leader-char=\".\"/>\
                 <text:index-entry-page-number/><text:index-entry-link-end/>\
                 </text:table-of-content-entry-template>"
            );
        }
        self.out
            .push_str("</text:table-of-content-source><text:index-body>");
        for entry in entries {
            let level = usize::from(entry.level.saturating_sub(1)).clamp(1, 2);
            let _ = write!(
                self.out,
                "<text:p text:style-name=\"Contents_20_{level}\"><text:a xlink:type=\"simple\" \
                 xlink:href=\"#{}\" text:style-name=\"Index_20_Link\" \
                 text:visited-style-name=\"Index_20_Link\">{}</text:a></text:p>",
                escape(&entry.anchor),
                escape(&entry.text)
            );
        }
        self.out
            .push_str("</text:index-body></text:table-of-content>");
    }

    /// content.xml: the automatic styles the body named, then the body.
    fn content(&self) -> String {
        let mut out = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content {NAMESPACES}>\
             {FONTS}<office:automatic-styles>"
        );
        for (name, width) in &self.columns {
            let _ = write!(
                out,
                "<style:style style:name=\"{name}\" style:family=\"table-column\">\
                 <style:table-column-properties style:column-width=\"{width:.3}cm\"/></style:style>"
            );
        }
        for (name, (parent, master, page_break)) in &self.automatic {
            let _ = write!(
                out,
                "<style:style style:name=\"{name}\" style:family=\"paragraph\" \
                 style:parent-style-name=\"{parent}\"{}>",
                master.map_or(String::new(), |m| format!(
                    " style:master-page-name=\"{m}\""
                ))
            );
            if *page_break {
                out.push_str("<style:paragraph-properties fo:break-before=\"page\"/>");
            }
            out.push_str("</style:style>");
        }
        for (name, style) in &self.spans {
            let _ = write!(
                out,
                "<style:style style:name=\"{name}\" style:family=\"text\"><style:text-properties"
            );
            if style.bold {
                out.push_str(" fo:font-weight=\"bold\"");
            }
            if style.italic {
                out.push_str(" fo:font-style=\"italic\"");
            }
            if style.strike {
                out.push_str(
                    " style:text-line-through-style=\"solid\" style:text-line-through-type=\"single\"",
                );
            }
            if style.code {
                out.push_str(" style:font-name=\"Liberation Mono\"");
            }
            if let Some((r, g, b)) = style.colour {
                let _ = write!(out, " fo:color=\"#{r:02x}{g:02x}{b:02x}\"");
            }
            out.push_str("/></style:style>");
        }
        // Writer applies cell borders and fills from automatic styles only.
        let _ = write!(
            out,
            "<style:style style:name=\"Head_20_Cell\" style:family=\"table-cell\">\
             <style:table-cell-properties fo:background-color=\"{fill}\" fo:padding=\"0.1cm\" \
             fo:border=\"0.5pt solid {rule}\"/></style:style>\
             <style:style style:name=\"Table\" style:family=\"table\"><style:table-properties \
             style:width=\"{width}cm\" table:align=\"left\" fo:margin-bottom=\"0.3cm\"/></style:style>\
             <style:style style:name=\"Body_20_Cell\" style:family=\"table-cell\">\
             <style:table-cell-properties fo:padding=\"0.1cm\" fo:border=\"0.5pt solid {rule}\"/>\
             </style:style>",
            fill = self.colours.0,
            rule = self.colours.1,
            width = TEXT_WIDTH_CM,
        );
        out.push_str(
            "</office:automatic-styles><office:body><office:text>\
             <text:sequence-decls><text:sequence-decl text:display-outline-level=\"0\" \
             text:name=\"Figure\"/></text:sequence-decls>",
        );
        out.push_str(&self.out);
        out.push_str("</office:text></office:body></office:document-content>\n");
        out
    }
}

const FONTS: &str = "<office:font-face-decls>\
<style:font-face style:name=\"Liberation Sans\" svg:font-family=\"'Liberation Sans'\" style:font-family-generic=\"swiss\" style:font-pitch=\"variable\"/>\
<style:font-face style:name=\"Liberation Mono\" svg:font-family=\"'Liberation Mono'\" style:font-family-generic=\"modern\" style:font-pitch=\"fixed\"/>\
</office:font-face-decls>";

/// A theme colour as ODF writes it (`#rrggbb`).
fn colour(rgb: crate::theme::Rgb) -> String {
    format!("#{}", hex(rgb).to_lowercase())
}

/// styles.xml: the named styles a buyer applies, the outline numbering, the lists, the page
/// and its header and footer.
fn styles(meta: &Metadata, palette: &Palette) -> String {
    let (language, country) = meta.lang.split_once('-').unwrap_or((meta.lang, ""));
    let primary = colour(palette.primary);
    let ink = colour(palette.ink);
    let muted = colour(palette.muted);
    let rule = colour(palette.rule);
    let link = colour(palette.link);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-styles {NAMESPACES}>{FONTS}\
<office:styles>\
<style:default-style style:family=\"paragraph\"><style:paragraph-properties fo:hyphenation-ladder-count=\"no-limit\"/>\
<style:text-properties style:font-name=\"Liberation Sans\" fo:font-size=\"10pt\" fo:language=\"{language}\" fo:country=\"{country}\" fo:color=\"{ink}\" fo:hyphenate=\"false\"/></style:default-style>\
<style:style style:name=\"Standard\" style:family=\"paragraph\" style:class=\"text\"/>\
<style:style style:name=\"Text_20_body\" style:display-name=\"Text body\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"text\">\
<style:paragraph-properties fo:margin-top=\"0cm\" fo:margin-bottom=\"0.21cm\" fo:line-height=\"115%\" fo:text-align=\"justify\" fo:orphans=\"2\" fo:widows=\"2\"/>\
<style:text-properties fo:hyphenate=\"true\"/></style:style>\
<style:style style:name=\"Title\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"chapter\">\
<style:paragraph-properties fo:margin-top=\"4cm\" fo:margin-bottom=\"0.8cm\"/>\
<style:text-properties fo:font-size=\"24pt\" fo:font-weight=\"bold\" fo:color=\"{primary}\"/></style:style>\
<style:style style:name=\"Heading\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:next-style-name=\"Text_20_body\" style:class=\"text\">\
<style:paragraph-properties fo:margin-top=\"0.42cm\" fo:margin-bottom=\"0.21cm\" fo:keep-with-next=\"always\"/>\
<style:text-properties fo:font-weight=\"bold\" fo:color=\"{primary}\"/></style:style>"
    );
    for (n, size, name) in [
        (1, "16pt", "Heading 1"),
        (2, "13pt", "Heading 2"),
        (3, "11pt", "Heading 3"),
    ] {
        let _ = write!(
            out,
            "<style:style style:name=\"Heading_20_{n}\" style:display-name=\"{name}\" style:family=\"paragraph\" \
             style:parent-style-name=\"Heading\" style:next-style-name=\"Text_20_body\" \
             style:default-outline-level=\"{n}\" style:class=\"text\"><style:text-properties fo:font-size=\"{size}\"/></style:style>"
        );
    }
    let _ = write!(
        out,
        "<style:style style:name=\"Front_20_Heading\" style:display-name=\"Front Heading\" style:family=\"paragraph\" \
style:parent-style-name=\"Heading\" style:next-style-name=\"Text_20_body\" style:class=\"text\"><style:text-properties fo:font-size=\"16pt\"/></style:style>\
<style:style style:name=\"Caption\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"extra\">\
<style:paragraph-properties fo:text-align=\"center\" fo:margin-bottom=\"0.42cm\"/>\
<style:text-properties fo:font-size=\"9pt\" fo:font-style=\"italic\" fo:color=\"{muted}\"/></style:style>\
<style:style style:name=\"Figure_20_Picture\" style:display-name=\"Figure Picture\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">\
<style:paragraph-properties fo:text-align=\"center\" fo:keep-with-next=\"always\" fo:margin-top=\"0.21cm\"/></style:style>\
<style:style style:name=\"Quotations\" style:family=\"paragraph\" style:parent-style-name=\"Text_20_body\" style:class=\"html\">\
<style:paragraph-properties fo:margin-left=\"1cm\" fo:margin-right=\"1cm\"/></style:style>\
<style:style style:name=\"Preformatted_20_Text\" style:display-name=\"Preformatted Text\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"html\">\
<style:text-properties style:font-name=\"Liberation Mono\" fo:font-size=\"9pt\"/></style:style>\
<style:style style:name=\"Horizontal_20_Line\" style:display-name=\"Horizontal Line\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"html\">\
<style:paragraph-properties fo:margin-bottom=\"0.3cm\" fo:border-bottom=\"0.5pt solid {rule}\" fo:padding=\"0cm\"/></style:style>\
<style:style style:name=\"List_20_Contents\" style:display-name=\"List Contents\" style:family=\"paragraph\" style:parent-style-name=\"Text_20_body\" style:class=\"html\">\
<style:paragraph-properties fo:margin-bottom=\"0.1cm\" fo:text-align=\"start\"/></style:style>\
<style:style style:name=\"Table_20_Contents\" style:display-name=\"Table Contents\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"extra\">\
<style:text-properties fo:font-size=\"9pt\"/></style:style>\
<style:style style:name=\"Table_20_Contents_20_Right\" style:display-name=\"Table Contents Right\" style:family=\"paragraph\" style:parent-style-name=\"Table_20_Contents\" style:class=\"extra\">\
<style:paragraph-properties fo:text-align=\"end\"/></style:style>\
<style:style style:name=\"Table_20_Contents_20_Center\" style:display-name=\"Table Contents Center\" style:family=\"paragraph\" style:parent-style-name=\"Table_20_Contents\" style:class=\"extra\">\
<style:paragraph-properties fo:text-align=\"center\"/></style:style>\
<style:style style:name=\"Table_20_Heading\" style:display-name=\"Table Heading\" style:family=\"paragraph\" style:parent-style-name=\"Table_20_Contents\" style:class=\"extra\">\
<style:text-properties fo:font-weight=\"bold\" fo:color=\"{primary}\"/></style:style>\
<style:style style:name=\"Contents_20_Heading\" style:display-name=\"Contents Heading\" style:family=\"paragraph\" style:parent-style-name=\"Front_20_Heading\" style:class=\"index\"/>\
<style:style style:name=\"Contents_20_1\" style:display-name=\"Contents 1\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"index\">\
<style:paragraph-properties fo:margin-top=\"0.2cm\"><style:tab-stops><style:tab-stop style:position=\"{TEXT_WIDTH_CM}cm\" style:type=\"right\" style:leader-style=\"dotted\" style:leader-text=\".\"/></style:tab-stops></style:paragraph-properties>\
<style:text-properties fo:font-weight=\"bold\"/></style:style>\
<style:style style:name=\"Contents_20_2\" style:display-name=\"Contents 2\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"index\">\
<style:paragraph-properties fo:margin-left=\"0.5cm\"><style:tab-stops><style:tab-stop style:position=\"{toc2}cm\" style:type=\"right\" style:leader-style=\"dotted\" style:leader-text=\".\"/></style:tab-stops></style:paragraph-properties></style:style>\
<style:style style:name=\"Header\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"extra\">\
<style:paragraph-properties fo:border-bottom=\"0.5pt solid {rule}\" fo:padding-bottom=\"0.1cm\"/>\
<style:text-properties fo:font-size=\"8pt\" fo:color=\"{muted}\"/></style:style>\
<style:style style:name=\"Footer\" style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"extra\">\
<style:paragraph-properties><style:tab-stops><style:tab-stop style:position=\"{TEXT_WIDTH_CM}cm\" style:type=\"right\"/></style:tab-stops></style:paragraph-properties>\
<style:text-properties fo:font-size=\"8pt\" fo:color=\"{muted}\"/></style:style>\
<style:style style:name=\"Internet_20_link\" style:display-name=\"Internet link\" style:family=\"text\">\
<style:text-properties fo:color=\"{link}\" style:text-underline-style=\"solid\" style:text-underline-width=\"auto\" style:text-underline-color=\"font-color\"/></style:style>\
<style:style style:name=\"Index_20_Link\" style:display-name=\"Index Link\" style:family=\"text\"/>\
<text:outline-style style:name=\"Outline\">",
        toc2 = TEXT_WIDTH_CM - 0.5,
    );
    for level in 1..=10 {
        let (format, suffix, display) = match level {
            1 => ("1", ".", 1),
            2 => ("1", "", 2),
            _ => ("", "", 1),
        };
        let _ = write!(
            out,
            "<text:outline-level-style text:level=\"{level}\" style:num-format=\"{format}\" \
             style:num-suffix=\"{suffix}\" text:display-levels=\"{display}\">\
             <style:list-level-properties text:list-level-position-and-space-mode=\"label-alignment\">\
             <style:list-level-label-alignment text:label-followed-by=\"space\"/>\
             </style:list-level-properties></text:outline-level-style>"
        );
    }
    out.push_str("</text:outline-style>");
    for (name, bullets) in [("L_bullet", true), ("L_number", false)] {
        let _ = write!(out, "<text:list-style style:name=\"{name}\">");
        for level in 1u8..=3 {
            let indent = 0.6 * f64::from(level);
            let position = format!(
                "<style:list-level-properties text:list-level-position-and-space-mode=\"label-alignment\">\
                 <style:list-level-label-alignment text:label-followed-by=\"listtab\" \
                 text:list-tab-stop-position=\"{indent:.1}cm\" fo:text-indent=\"-0.5cm\" fo:margin-left=\"{indent:.1}cm\"/>\
                 </style:list-level-properties>"
            );
            if bullets {
                let bullet = ["•", "–", "◦"][usize::from(level - 1)];
                let _ = write!(
                    out,
                    "<text:list-level-style-bullet text:level=\"{level}\" text:bullet-char=\"{bullet}\">{position}</text:list-level-style-bullet>"
                );
            } else {
                let _ = write!(
                    out,
                    "<text:list-level-style-number text:level=\"{level}\" style:num-format=\"1\" style:num-suffix=\".\">{position}</text:list-level-style-number>"
                );
            }
        }
        out.push_str("</text:list-style>");
    }
    let footer_lines: Vec<String> = meta.footer.iter().map(|l| escape(l)).collect();
    let first = footer_lines.first().cloned().unwrap_or_default();
    // The language's pattern ("Page {page} of {total}") with the fields in place of the
    // numbers, which the word processor fills in on every page.
    let page = escape(meta.page_number)
        .replace(
            "{page}",
            "<text:page-number text:select-page=\"current\">1</text:page-number>",
        )
        .replace("{total}", "<text:page-count>1</text:page-count>");
    let mut footer =
        format!("<text:p text:style-name=\"Footer\">{first}<text:tab/>{page}</text:p>");
    for line in footer_lines.iter().skip(1) {
        let _ = write!(footer, "<text:p text:style-name=\"Footer\">{line}</text:p>");
    }
    let _ = writeln!(
        out,
        "</office:styles><office:automatic-styles>\
<style:page-layout style:name=\"Page\"><style:page-layout-properties fo:page-width=\"21cm\" fo:page-height=\"29.7cm\" \
style:print-orientation=\"portrait\" fo:margin-top=\"1.2cm\" fo:margin-bottom=\"1.2cm\" fo:margin-left=\"2.2cm\" fo:margin-right=\"2.2cm\"/>\
<style:header-style><style:header-footer-properties fo:min-height=\"0cm\" fo:margin-bottom=\"0.5cm\"/></style:header-style>\
<style:footer-style><style:header-footer-properties fo:min-height=\"0cm\" fo:margin-top=\"0.5cm\"/></style:footer-style></style:page-layout>\
<style:page-layout style:name=\"Cover\"><style:page-layout-properties fo:page-width=\"21cm\" fo:page-height=\"29.7cm\" \
style:print-orientation=\"portrait\" fo:margin-top=\"2.4cm\" fo:margin-bottom=\"2.4cm\" fo:margin-left=\"2.2cm\" fo:margin-right=\"2.2cm\"/></style:page-layout>\
</office:automatic-styles><office:master-styles>\
<style:master-page style:name=\"Standard\" style:page-layout-name=\"Page\">\
<style:header><text:p text:style-name=\"Header\">{title}</text:p></style:header>\
<style:footer>{footer}</style:footer></style:master-page>\
<style:master-page style:name=\"First_20_Page\" style:display-name=\"First Page\" style:page-layout-name=\"Cover\" style:next-style-name=\"Standard\"/>\
</office:master-styles></office:document-styles>",
        title = escape(&meta.title),
    );
    out
}
