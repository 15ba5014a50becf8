//! Document structure computed from the rendered Markdown: heading numbers and the table of
//! contents. Done once, after templating, so that sections left out (optional data absent) never
//! leave a gap in the numbering, and template authors never number by hand.

use crate::lang::words;
use crate::model::Language;
use std::collections::HashMap;

/// Where the table of contents goes, as written by the templates.
pub const TOC_MARKER: &str = "<!-- crmspec:toc -->";
/// Ends the generated table of contents, so that the PDF stage can replace it.
pub const TOC_END: &str = "<!-- crmspec:toc-end -->";
/// Headings after this marker are annexes, lettered A, B, C…
pub const ANNEXES_MARKER: &str = "<!-- crmspec:annexes -->";

struct Heading {
    level: usize,
    text: String,
    slug: String,
}

/// Numbers `##` and `###` headings after the table of contents (`1.`, `1.2`; annexes
/// `Annexe A —`, `A.1`) and fills the table of contents with links to them.
pub fn number_and_index(markdown: &str, lang: Language) -> String {
    let annex_word = words::text("annex", lang).unwrap_or("Annex");
    let mut out: Vec<String> = Vec::new();
    let mut headings: Vec<Heading> = Vec::new();
    let mut slugs = Slugger::default();
    let (mut after_toc, mut in_annexes) = (false, false);
    let (mut section, mut subsection) = (0usize, 0usize);
    for line in markdown.lines() {
        let trimmed = line.trim_end();
        if trimmed == TOC_MARKER {
            after_toc = true;
        } else if trimmed == ANNEXES_MARKER {
            in_annexes = true;
            section = 0;
        }
        let level = trimmed.chars().take_while(|c| *c == '#').count();
        let is_heading = (2..=3).contains(&level) && trimmed[level..].starts_with(' ');
        if !is_heading || !after_toc {
            out.push(trimmed.to_string());
            continue;
        }
        let title = trimmed[level..].trim();
        let numbered = if level == 2 {
            section += 1;
            subsection = 0;
            if in_annexes {
                format!("{annex_word} {} — {title}", letter(section))
            } else {
                format!("{section}. {title}")
            }
        } else {
            subsection += 1;
            if in_annexes {
                format!("{}.{subsection} {title}", letter(section))
            } else {
                format!("{section}.{subsection} {title}")
            }
        };
        let slug = slugs.slug(&numbered);
        out.push(format!("{} {numbered}", "#".repeat(level)));
        headings.push(Heading {
            level,
            text: numbered,
            slug,
        });
    }
    let toc: Vec<String> = headings
        .iter()
        .map(|h| {
            let indent = if h.level == 3 { "  " } else { "" };
            format!("{indent}- [{}](#{})", h.text, h.slug)
        })
        .collect();
    let mut text = String::with_capacity(markdown.len() + toc.len() * 60);
    for line in out {
        if line == TOC_MARKER {
            text.push_str(TOC_MARKER);
            text.push_str("\n\n");
            text.push_str(&toc.join("\n"));
            text.push_str("\n\n");
            text.push_str(TOC_END);
            text.push('\n');
        } else {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text
}

fn letter(n: usize) -> char {
    char::from(b'A' + ((n.max(1) - 1) % 26) as u8)
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
                ' ' => Some('-'),
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
    }

    #[test]
    fn collapses_blank_lines() {
        assert_eq!(tidy_blank_lines("a\n\n\n\nb\n\n"), "a\n\nb\n\n");
    }
}
