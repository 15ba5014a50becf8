//! Document → one self-contained HTML page: the stylesheet, the logo and the figures are
//! inside the file, so it can be mailed, opened offline or served by `crmspec serve` as it is.
//!
//! The page is written from the same blocks as the PDF, so the outputs cannot say different
//! things. Every text is HTML-escaped here: the Markdown's own escaping protects Markdown
//! syntax, not HTML.

use super::{WriteError, Writer, Written};
use crate::document::{Align, Assets, Block, Document, Inline, TocEntry};
use crate::theme::Theme;
use crate::xml::escape;
use std::fmt::Write;

const STYLE: &str = include_str!("../../assets/page.css");

pub struct HtmlWriter;

impl Writer for HtmlWriter {
    fn write(&self, doc: &Document, _theme: &Theme) -> Result<Written, WriteError> {
        let mut body = String::with_capacity(doc.markdown.len() * 2);
        let blocks = Blocks {
            assets: &doc.assets,
        };
        for block in &doc.blocks {
            blocks.block(block, &mut body);
        }
        let meta = &doc.meta;
        // The page's `lang` is the language alone (`fr`), as browsers hyphenate by it.
        let lang = meta.lang.split('-').next().unwrap_or(meta.lang);
        let page = page(&meta.title, lang, &meta.footer, &body);
        Ok(Written::file(
            format!("{}.html", meta.name),
            page.into_bytes(),
        ))
    }
}

/// A page titled `title` in language `lang` around `body`, with the stylesheet, the running
/// header and `footer` (the confidentiality notice).
pub fn page(title: &str, lang: &str, footer: &[String], body: &str) -> String {
    let mut out = String::with_capacity(body.len() + STYLE.len() + 512);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"crmspec {version}\">\n<title>{title}</title>\n\
         <style>\n{STYLE}</style>\n</head>\n<body>\n<header class=\"running\">{title}</header>\n\
         <main>\n{body}</main>\n",
        lang = escape(lang),
        version = env!("CARGO_PKG_VERSION"),
        title = escape(title),
    );
    if !footer.is_empty() {
        let lines: Vec<String> = footer.iter().map(|l| escape(l)).collect();
        let _ = writeln!(
            out,
            "<footer class=\"running\">{}</footer>",
            lines.join("<br>")
        );
    }
    out.push_str("</body>\n</html>\n");
    out
}

struct Blocks<'a> {
    assets: &'a Assets,
}

impl Blocks<'_> {
    fn block(&self, block: &Block, out: &mut String) {
        match block {
            Block::Heading {
                level,
                inlines,
                anchor,
                ..
            } => {
                let level = (*level).clamp(1, 6);
                let _ = write!(out, "<h{level} id=\"{}\">", escape(anchor));
                inline(inlines, out);
                let _ = writeln!(out, "</h{level}>");
            }
            Block::Paragraph(inlines) => {
                out.push_str("<p>");
                inline(inlines, out);
                out.push_str("</p>\n");
            }
            Block::List { start, items } => {
                let tag = match start {
                    Some(1) => "ol".to_string(),
                    Some(n) => format!("ol start=\"{n}\""),
                    None => "ul".to_string(),
                };
                let _ = writeln!(out, "<{tag}>");
                for item in items {
                    out.push_str("<li>");
                    match item.as_slice() {
                        // A tight item: no paragraph margins.
                        [Block::Paragraph(inlines)] => inline(inlines, out),
                        blocks => blocks.iter().for_each(|b| self.block(b, out)),
                    }
                    out.push_str("</li>\n");
                }
                let _ = writeln!(out, "</{}>", if start.is_some() { "ol" } else { "ul" });
            }
            Block::Quote(blocks) => {
                out.push_str("<blockquote>\n");
                blocks.iter().for_each(|b| self.block(b, out));
                out.push_str("</blockquote>\n");
            }
            Block::Code(code) => {
                let _ = writeln!(out, "<pre><code>{}</code></pre>", escape(code));
            }
            Block::Table {
                aligns,
                header,
                rows,
            } => {
                // The wrapper scrolls a wide table sideways: focusable, so the keyboard can too.
                out.push_str("<div class=\"table\" tabindex=\"0\"><table>\n<thead><tr>");
                for (c, cell) in header.iter().enumerate() {
                    let _ = write!(out, "<th scope=\"col\"{}>", align(aligns.get(c)));
                    inline(cell, out);
                    out.push_str("</th>");
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for (c, cell) in row.iter().enumerate() {
                        let _ = write!(out, "<td{}>", align(aligns.get(c)));
                        inline(cell, out);
                        out.push_str("</td>");
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table></div>\n");
            }
            Block::Image { src, alt } => self.image(src, alt, out),
            Block::Rule => out.push_str("<hr>\n"),
            Block::Cover(blocks) => {
                out.push_str("<section class=\"cover\">\n");
                blocks.iter().for_each(|b| self.block(b, out));
                out.push_str("</section>\n");
            }
            Block::Toc(entries) => toc(entries, out),
            Block::Annexes => out.push_str("<hr class=\"annexes\">\n"),
        }
    }

    fn image(&self, src: &str, alt: &str, out: &mut String) {
        if let Some(figure) = self.assets.figure(src) {
            // The Markdown's next paragraph is the caption, as in every output.
            // One image to assistive technology, named by its alternative text (the drawing's
            // own labels would be read one by one, out of order). The figure never shrinks
            // its smallest text below LEGIBLE_PX: a narrower screen scrolls it, from the keyboard
            // too (the figure takes the focus).
            let _ = writeln!(
                out,
                "<figure class=\"figure\" role=\"img\" aria-label=\"{}\" tabindex=\"0\" style=\"--legible: {}px\">\n{}\n</figure>",
                escape(&figure.alt_text(alt)),
                legible_width(figure),
                strip_xml_declaration(&figure.to_svg()),
            );
        } else if let Some(bytes) = self.assets.image(src) {
            let mime = match crate::media::kind(bytes) {
                Some(crate::media::ImageKind::Png) => "image/png",
                _ => "image/jpeg",
            };
            let _ = writeln!(
                out,
                "<p class=\"logo\"><img src=\"data:{mime};base64,{}\" alt=\"{}\"></p>",
                base64(bytes),
                escape(alt)
            );
        } else {
            // Never a broken image: say what was meant.
            let _ = writeln!(out, "<p class=\"missing\">[{}]</p>", escape(alt));
        }
    }
}

fn toc(entries: &[TocEntry], out: &mut String) {
    out.push_str("<nav class=\"toc\">\n<ul>\n");
    for entry in entries {
        let _ = writeln!(
            out,
            "<li class=\"level-{}\"><a href=\"#{}\">{}</a></li>",
            entry.level,
            escape(&entry.anchor),
            escape(&entry.text)
        );
    }
    out.push_str("</ul>\n</nav>\n");
}

fn align(align: Option<&Align>) -> &'static str {
    match align {
        Some(Align::Center) => " class=\"center\"",
        Some(Align::Right) => " class=\"right\"",
        _ => "",
    }
}

fn inline(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match i {
            Inline::Break => out.push_str("<br>"),
            Inline::Text { text, style, link } => {
                let mut close = Vec::new();
                if let Some(link) = link {
                    let _ = write!(out, "<a href=\"{}\">", escape(link));
                    close.push("</a>");
                }
                if let Some((r, g, b)) = style.colour {
                    let _ = write!(out, "<span style=\"color:#{r:02X}{g:02X}{b:02X}\">");
                    close.push("</span>");
                }
                for (on, open, end) in [
                    (style.bold, "<strong>", "</strong>"),
                    (style.italic, "<em>", "</em>"),
                    (style.strike, "<del>", "</del>"),
                    (style.code, "<code>", "</code>"),
                ] {
                    if on {
                        out.push_str(open);
                        close.push(end);
                    }
                }
                out.push_str(&escape(text));
                for end in close.iter().rev() {
                    out.push_str(end);
                }
            }
        }
    }
}

/// The smallest size (CSS pixels) a figure's text may be drawn at on a screen.
const LEGIBLE_PX: f64 = 9.0;

/// The width (CSS pixels) below which a figure's smallest text would be under [`LEGIBLE_PX`].
fn legible_width(figure: &crate::figures::Figure) -> u32 {
    let smallest_mm = figure
        .shapes
        .iter()
        .filter_map(|shape| match shape {
            crate::figures::Shape::Text { size, .. } => Some(size * crate::fonts::metrics::PT),
            _ => None,
        })
        .fold(f64::INFINITY, f64::min);
    if !smallest_mm.is_finite() || smallest_mm <= 0.0 {
        return 0;
    }
    // Whole pixels, rounded up so the smallest text reaches the size.
    (figure.width * LEGIBLE_PX / smallest_mm).ceil() as u32
}

fn strip_xml_declaration(svg: &str) -> &str {
    match svg.strip_prefix("<?xml") {
        Some(rest) => rest
            .find("?>")
            .map_or(svg, |end| rest[end + 2..].trim_start()),
        None => svg,
    }
}

/// Standard base64 with padding, for data URIs.
fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    #[test]
    fn text_is_escaped_and_markup_kept() {
        let doc = crate::document::sample(
            "# Titre\n\nA \\<script\\>x **gras** ~~barré~~\n\n| a | b |\n|---|--:|\n| 1 | <span style=\"color:#D62828\">■</span> |\n",
            "T <b>",
        );
        let written = HtmlWriter.write(&doc, &Theme::default()).unwrap();
        let html = String::from_utf8(written.files[0].1.clone()).unwrap();
        assert!(html.contains("<title>T &lt;b&gt;</title>"));
        assert!(html.contains("<h1 id=\"titre\">Titre</h1>"));
        assert!(html.contains("A &lt;script&gt;x <strong>gras</strong> <del>barré</del>"));
        assert!(html.contains("<td class=\"right\"><span style=\"color:#D62828\">■</span></td>"));
        assert!(!html.contains("<script"));
    }
}
