//! Stage: Markdown text → [`Document`], the one value every writer reads.
//!
//! The Markdown made by the templates is parsed here once per render: the writers (Markdown,
//! PDF, HTML, Word) receive the same blocks, the same metadata and the same assets, so no
//! output can say something another does not, and a new format only has to lay out what it is
//! given. Numbering, the table of contents and typography are [`passes`] over the templated
//! source, run before the parse so that the `.md` output carries them too.

mod parse;
pub mod passes;

pub use parse::{
    options, parse, plain, Align, Block, Inline, InlineStyle, TocEntry, COVER_END, COVER_MARKER,
};

use crate::figures::Figure;
use crate::model::Language;
use crate::spec::{Spec, TextField};
use std::collections::{BTreeMap, HashMap};

/// A document ready to be written: its blocks, what it says of itself, what it embeds, and the
/// Markdown it was parsed from (the `.md` output).
#[derive(Debug, Clone)]
pub struct Document {
    pub blocks: Vec<Block>,
    pub meta: Metadata,
    pub assets: Assets,
    pub markdown: String,
}

impl Document {
    /// Runs the [`passes`] over the templated `markdown` in the document's language, and
    /// parses the result once, for every writer.
    pub fn new(markdown: &str, lang: Language, meta: Metadata, assets: Assets) -> Document {
        let (markdown, numbers) = passes::finish(markdown, lang);
        let mut blocks = parse(&markdown);
        number_headings(&mut blocks, &numbers);
        Document {
            blocks,
            meta,
            assets,
            markdown,
        }
    }
}

/// Gives each numbered heading its number, found by its anchor (the numbering pass and the
/// parse make the same anchors, as the table of contents' links need).
fn number_headings(blocks: &mut [Block], numbers: &HashMap<String, String>) {
    for block in blocks {
        match block {
            Block::Heading { number, anchor, .. } => *number = numbers.get(anchor).cloned(),
            Block::Cover(inner) | Block::Quote(inner) => number_headings(inner, numbers),
            _ => {}
        }
    }
}

/// What a document says of itself, in one form for every writer.
#[derive(Debug, Clone)]
pub struct Metadata {
    /// Base name of the output files (`<slug-of-title>`).
    pub name: String,
    /// The title, which also heads every page.
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: String,
    /// BCP 47 tag (`fr-FR`, `en-GB`); a writer needing only the language takes its first part.
    pub lang: &'static str,
    /// The running footer's lines (the reference, version and date; the confidentiality
    /// notice), none to leave it empty.
    pub footer: Vec<String>,
    /// How a page is numbered, with `{page}` and `{total}`: "page {page} / {total}".
    pub page_number: &'static str,
    /// Creation time written in the PDF, in seconds since the epoch: never the clock unless
    /// the caller asks for it, so the same questionnaire gives the same file.
    pub created: i64,
    /// The document's own date, which the Word properties carry as their creation date.
    pub date: crate::model::Date,
    /// The questionnaire's text fields, which the PDF checks against its fonts to say which
    /// field holds a character it cannot draw.
    pub fields: Vec<TextField>,
}

impl Metadata {
    /// The metadata of a document made from `spec`, named `name`, titled `title`, with
    /// `footer` at the foot of its pages, created at `created` (seconds since the epoch).
    pub fn of(
        spec: &Spec,
        name: String,
        title: String,
        footer: Vec<String>,
        created: i64,
    ) -> Metadata {
        let doc = &spec.q.document;
        let (lang, kind, page_number) = words(spec.lang);
        Metadata {
            name,
            title,
            author: doc.author.clone(),
            subject: format!("{kind} — {}", doc.client),
            keywords: format!("CRM, {kind}, {}", doc.client),
            lang,
            footer,
            page_number,
            created,
            date: doc.date,
            fields: spec.texts.clone(),
        }
    }

    /// "page 3 / 12" in the document's language, as every paginated output prints it.
    pub fn page_label(&self, page: usize, total: usize) -> String {
        self.page_number
            .replace("{page}", &page.to_string())
            .replace("{total}", &total.to_string())
    }
}

/// What the PDF and Word outputs say of themselves in the document's language: the language
/// tag, the kind of document (the subject, with the client), and how a page is numbered.
fn words(lang: Language) -> (&'static str, &'static str, &'static str) {
    let word = |key| crate::lang::words::text(key, lang).unwrap_or_default();
    (lang.tag(), word("document_kind"), word("page_number"))
}

/// The files a document links to, one shape for every writer.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// Pictures (the logo) by the path the Markdown writes in the link.
    pub images: BTreeMap<String, Vec<u8>>,
    /// Figures in the order the document shows them; each is linked by [`Figure::path`].
    pub figures: Vec<Figure>,
}

impl Assets {
    /// The spec's logo and `figures`.
    pub fn of(spec: &Spec, figures: Vec<Figure>) -> Assets {
        Assets {
            images: spec
                .logo
                .iter()
                .map(|logo| (logo.path.clone(), logo.bytes.clone()))
                .collect(),
            figures,
        }
    }

    /// The figure the Markdown links to as `path`.
    pub fn figure(&self, path: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.path() == path)
    }

    /// The bytes of the picture the Markdown links to as `path`.
    pub fn image(&self, path: &str) -> Option<&[u8]> {
        self.images.get(path).map(Vec::as_slice)
    }
}

/// A document of `markdown` titled `title`, in French, without assets, for writers' tests.
#[cfg(test)]
pub(crate) fn sample(markdown: &str, title: &str) -> Document {
    let meta = Metadata {
        name: "sample".into(),
        title: title.into(),
        author: "Tests".into(),
        subject: String::new(),
        keywords: String::new(),
        lang: "fr-FR",
        footer: Vec::new(),
        page_number: "page {page} / {total}",
        created: 0,
        date: crate::model::Date::from_days_since_epoch(0),
        fields: Vec::new(),
    };
    Document {
        blocks: parse(markdown),
        meta,
        assets: Assets::default(),
        markdown: markdown.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_carry_their_number() {
        let meta = sample("", "T").meta;
        let md = "# T\n\n<!-- crmspec:toc -->\n\n## Projet\n\n### Contexte\n\n<!-- crmspec:annexes -->\n\n## Glossaire\n";
        let doc = Document::new(md, Language::En, meta, Assets::default());
        let numbers: Vec<Option<&str>> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { number, .. } => Some(number.as_deref()),
                _ => None,
            })
            .collect();
        assert_eq!(
            numbers,
            [None, Some("1."), Some("1.1"), Some("Annex A —")],
            "{:?}",
            doc.blocks
        );
    }
}
