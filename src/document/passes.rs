//! Passes over the templated Markdown, before it is parsed into a document: blank lines tidied,
//! headings numbered, the table of contents filled, French spacing set.
//!
//! Each pass reads the Markdown through pulldown-cmark's events with their source offsets and
//! edits the source at the byte ranges the events give, so the `.md` output keeps its exact
//! layout, and Markdown syntax decides what is text: a `## ` line in fenced code is not a
//! heading, and code spans, code blocks, autolinks, link destinations and titles and HTML
//! comments are never changed by typography. Done once, after templating, so that sections
//! left out (optional data absent) never leave a gap in the numbering, and template authors
//! never number by hand.

use super::parse::options;
use crate::lang::{typography as rules, words};
use crate::model::Language;
use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

/// Where the table of contents goes, as written by the templates.
pub const TOC_MARKER: &str = "<!-- crmspec:toc -->";
/// Ends the generated table of contents, so that the PDF stage can replace it.
pub const TOC_END: &str = "<!-- crmspec:toc-end -->";
/// Headings after this marker are annexes, lettered A, B, C…
pub const ANNEXES_MARKER: &str = "<!-- crmspec:annexes -->";

/// Every pass, in order: the Markdown as written to the `.md` file and parsed for the others,
/// and the number of each numbered heading by its anchor.
pub fn finish(markdown: &str, lang: Language) -> (String, HashMap<String, String>) {
    let text = tidy_blank_lines(markdown);
    let (text, headings) = number(&text, lang);
    let numbers = headings.into_iter().map(|h| (h.slug, h.number)).collect();
    let text = typography(&text, lang);
    (text, numbers)
}

/// Replaces each range by its text; ranges are in source order and do not overlap.
fn apply(source: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(range, _)| range.start);
    let mut out =
        String::with_capacity(source.len() + edits.iter().map(|e| e.1.len()).sum::<usize>());
    let mut at = 0;
    for (range, text) in edits {
        out.push_str(&source[at..range.start]);
        out.push_str(&text);
        at = range.end;
    }
    out.push_str(&source[at..]);
    out
}

struct Heading {
    level: usize,
    /// As written before the title: `1.`, `1.2`, `Annexe A —`, `A.1`.
    number: String,
    text: String,
    slug: String,
}

/// Numbers `##` and `###` headings after the table of contents (`1.`, `1.2`; annexes
/// `Annexe A —`, `A.1`) and fills the table of contents with links to them.
///
/// Only ATX headings written at the start of a line are numbered, as the templates write them;
/// headings in quotes, list items or code are the user's text.
pub fn number_and_index(markdown: &str, lang: Language) -> String {
    number(markdown, lang).0
}

/// The numbered Markdown and its numbered headings.
fn number(markdown: &str, lang: Language) -> (String, Vec<Heading>) {
    let annex_word = words::text("annex", lang).unwrap_or("Annex");
    let mut edits = Vec::new();
    let mut headings: Vec<Heading> = Vec::new();
    let mut slugs = Slugger::default();
    let mut toc_at = None;
    let mut in_annexes = false;
    let (mut section, mut subsection) = (0usize, 0usize);
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                for line in html.lines().map(str::trim_end) {
                    if line == TOC_MARKER && toc_at.is_none() {
                        let at = markdown[range.clone()].find(TOC_MARKER).unwrap_or(0);
                        toc_at = Some(range.start + at + TOC_MARKER.len());
                    } else if line == ANNEXES_MARKER {
                        in_annexes = true;
                        section = 0;
                    }
                }
            }
            Event::Start(Tag::Heading { level, .. }) if toc_at.is_some() => {
                let level = match level {
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => continue,
                };
                let source = &markdown[range.clone()];
                let line = source.split('\n').next().unwrap_or_default();
                let at_line_start = markdown[..range.start].ends_with('\n') || range.start == 0;
                let hashes = line.chars().take_while(|c| *c == '#').count();
                if !at_line_start || hashes != level || !line[level..].starts_with(' ') {
                    continue;
                }
                let title = line[level..].trim();
                let number = if level == 2 {
                    section += 1;
                    subsection = 0;
                    if in_annexes {
                        format!("{annex_word} {} —", letter(section))
                    } else {
                        format!("{section}.")
                    }
                } else {
                    subsection += 1;
                    if in_annexes {
                        format!("{}.{subsection}", letter(section))
                    } else {
                        format!("{section}.{subsection}")
                    }
                };
                let numbered = format!("{number} {title}");
                let slug = slugs.slug(&numbered);
                let start = range.start + level;
                edits.push((
                    start..start + line.trim_end().len() - level,
                    format!(" {numbered}"),
                ));
                headings.push(Heading {
                    level,
                    number,
                    text: numbered,
                    slug,
                });
            }
            _ => {}
        }
    }
    if let Some(at) = toc_at {
        let toc: Vec<String> = headings
            .iter()
            .map(|h| {
                let indent = if h.level == 3 { "  " } else { "" };
                format!("{indent}- [{}](#{})", h.text, h.slug)
            })
            .collect();
        edits.push((at..at, format!("\n\n{}\n\n{TOC_END}", toc.join("\n"))));
    }
    (apply(markdown, edits), headings)
}

fn letter(n: usize) -> char {
    char::from(b'A' + ((n.max(1) - 1) % 26) as u8)
}

/// The language's spacing rule ([`rules::apply`]: French spacing, or none) on the Markdown's
/// text, never on code spans, code
/// blocks, autolinks, link destinations and titles or HTML comments.
///
/// The spacing of a sign depends on its neighbours (`**Client:**` gets a space because
/// emphasis follows), so it is applied to the whole source with the protected ranges' insides
/// hidden behind a character the text does not use, which the spacing rules ignore, then
/// restored: the text around them is spaced as if they were there.
pub fn typography(markdown: &str, lang: Language) -> String {
    let protected = protected_ranges(markdown);
    if protected.is_empty() {
        return rules::apply(markdown.to_string(), lang);
    }
    let Some(mask) = unused_character(markdown) else {
        // Only a text using every private-use character gets here; it is left as written.
        return markdown.to_string();
    };
    let mut masked = String::with_capacity(markdown.len());
    let mut hidden = Vec::new();
    let mut at = 0;
    for range in protected {
        let start = range.start.max(at);
        if start >= range.end {
            continue;
        }
        masked.push_str(&markdown[at..start]);
        for c in markdown[start..range.end].chars() {
            masked.push(mask);
            hidden.push(c);
        }
        at = range.end;
    }
    masked.push_str(&markdown[at..]);
    let mut hidden = hidden.into_iter();
    rules::apply(masked, lang)
        .chars()
        .map(|c| match c {
            c if c == mask => hidden.next().unwrap_or(c),
            c => c,
        })
        .collect()
}

/// A private-use character absent from `text`.
fn unused_character(text: &str) -> Option<char> {
    (0xE000..=0xF8FF)
        .chain(0xF_0000..=0xF_FFFD)
        .filter_map(char::from_u32)
        .find(|c| !text.contains(*c))
}

/// The byte ranges typography must not change, in source order. Each keeps its delimiters
/// (backticks, `<` `>`, parentheses) outside, so that the text next to it sees them.
fn protected_ranges(markdown: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    // For each open link or image: where its text's last event ended.
    let mut links: Vec<usize> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match &event {
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => ranges.push(inside(markdown, range.clone())),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                links.push(range.start + 1);
                continue;
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some(text_end) = links.pop() {
                    // `](destination "title")` after the text, or `[reference]`.
                    let tail = &markdown[text_end..range.end];
                    if let Some(close) = tail.find(']') {
                        ranges.push(inside(markdown, text_end + close + 1..range.end));
                    }
                }
            }
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => {
                ranges.push(inside(markdown, range.clone()));
            }
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_)
                if markdown[range.clone()].trim_start().starts_with("<!--") =>
            {
                ranges.push(inside(markdown, range.clone()));
            }
            _ => {}
        }
        if let Some(text_end) = links.last_mut() {
            *text_end = (*text_end).max(range.end);
        }
    }
    ranges.sort_by_key(|r| r.start);
    ranges
}

/// `range` without its first and last characters.
fn inside(text: &str, range: Range<usize>) -> Range<usize> {
    let part = &text[range.clone()];
    let first = part.chars().next().map_or(0, char::len_utf8);
    let last = part.chars().next_back().map_or(0, char::len_utf8);
    if first + last >= part.len() {
        range.start..range.start
    } else {
        range.start + first..range.end - last
    }
}

/// GitHub's anchors for headings: lower case, punctuation dropped, spaces as hyphens, a
/// counter for repeats. The PDF stage uses the same to resolve the table of contents' links.
#[derive(Debug, Default)]
pub struct Slugger {
    seen: HashMap<String, usize>,
}

impl Slugger {
    /// The anchor of the next heading whose Markdown text is `text`.
    pub fn slug(&mut self, text: &str) -> String {
        let base: String = unescape(text)
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                // Any space, the no-break ones too: the numbering pass reads the title before
                // typography puts a no-break space in `3 ans`, the parse after.
                c if c.is_whitespace() => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect();
        let count = self.seen.entry(base.clone()).or_insert(0);
        let slug = if *count == 0 {
            base
        } else {
            format!("{base}-{count}")
        };
        *count += 1;
        slug
    }
}

/// Removes Markdown backslash escapes, giving the text a reader sees.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Collapses runs of blank lines that template control tags leave behind.
pub fn tidy_blank_lines(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut blank_run = 0;
    for line in markdown.lines() {
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 || out.is_empty() {
                continue;
            }
            out.push('\n');
        } else {
            blank_run = 0;
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: char = '\u{202F}';

    #[test]
    fn numbers_sections_and_builds_toc() {
        let md = "# Title\n\n## Contents\n\n<!-- crmspec:toc -->\n\n## Projet\n\n### Contexte\n\n### Objectifs\n\n## Entreprise\n\n<!-- crmspec:annexes -->\n\n## Glossaire\n";
        let out = number_and_index(md, Language::Fr);
        assert!(out.contains("## 1. Projet\n"));
        assert!(out.contains("### 1.2 Objectifs\n"));
        assert!(out.contains("## 2. Entreprise\n"));
        assert!(out.contains("## Annexe A — Glossaire\n"));
        assert!(
            out.contains("## Contents\n"),
            "headings before the TOC stay unnumbered"
        );
        assert!(out.contains("- [1. Projet](#1-projet)\n  - [1.1 Contexte](#11-contexte)"));
        assert!(out.contains("- [Annexe A — Glossaire](#annexe-a--glossaire)"));
        assert!(out.contains("<!-- crmspec:toc -->\n\n- [1. Projet]"));
        assert!(out.contains("(#annexe-a--glossaire)\n\n<!-- crmspec:toc-end -->\n"));
    }

    #[test]
    fn headings_in_code_are_neither_numbered_nor_listed() {
        let md = "<!-- crmspec:toc -->\n\n## Projet\n\n```\n## pas un titre\n```\n\n## Suite\n";
        let out = number_and_index(md, Language::Fr);
        assert!(out.contains("```\n## pas un titre\n```"), "{out}");
        assert!(out.contains("## 2. Suite\n"), "{out}");
        assert!(!out.contains("[pas un titre]"), "{out}");
        assert!(!out.contains("](#2-pas-un-titre)"), "{out}");
    }

    #[test]
    fn typography_spares_code_urls_and_link_targets() {
        for kept in [
            "`a: b`",
            "<https://x.fr/?a=b>",
            "[t](http://x.fr/?q=1 \"Titre : ici\")",
            "<!-- note : rien -->",
        ] {
            let md = format!("Note : avant\n\n{kept}\n\nVrai ? après {kept} ; fin !\n");
            assert_eq!(
                typography(&md, Language::Fr),
                format!("Note{N}: avant\n\n{kept}\n\nVrai{N}? après {kept}{N}; fin{N}!\n")
            );
        }
        let fenced = "Note : avant\n\n```\n## pas un titre\nx : y\n```\n\nfin !\n";
        assert_eq!(
            typography(fenced, Language::Fr),
            format!("Note{N}: avant\n\n```\n## pas un titre\nx : y\n```\n\nfin{N}!\n")
        );
    }

    #[test]
    fn typography_around_protected_text_is_unchanged() {
        // The text next to a code span or a link is spaced as the whole text would be.
        let md = "**Client:** `x` « oui » [lien](#a)!\n";
        assert_eq!(
            typography(md, Language::Fr),
            format!("**Client{N}:** `x` «{N}oui{N}» [lien](#a){N}!\n")
        );
    }

    #[test]
    fn collapses_blank_lines() {
        assert_eq!(tidy_blank_lines("a\n\n\n\nb\n\n"), "a\n\nb\n\n");
    }
}
