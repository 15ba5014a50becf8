//! The layout audit: every questionnaire's PDF read back with the positions of its text lines
//! (poppler's `pdftotext -bbox-layout`), checked against the rules a typesetter applies: no
//! heading stranded at the foot of a page, no text outside the text area, no page left more
//! than half empty inside a chapter. Table fragments are checked on the layout itself
//! (`writers::pdf::layout::tables` tests), where rows are known as rows.

mod common;

use common::*;
use std::path::Path;

/// Millimetres per PostScript point.
const MM: f64 = 25.4 / 72.0;
// The page's text area, as `writers::pdf::layout` sets it (mm).
const PAGE_HEIGHT: f64 = 297.0;
const LEFT: f64 = 22.0;
const RIGHT: f64 = 210.0 - 22.0;
const CONTENT_TOP: f64 = 24.0;
const CONTENT_BOTTOM: f64 = 276.0;
/// Running header above, running footer below: not body text.
const BODY: std::ops::Range<f64> = 17.0..280.0;

#[derive(Debug)]
struct Line {
    x_min: f64,
    x_max: f64,
    y_min: f64,
    y_max: f64,
    text: String,
}

/// The body lines of every page, in millimetres; `None` without poppler (fails in CI).
fn pages(pdf: &Path) -> Option<Vec<Vec<Line>>> {
    let out = pdf.with_extension("bbox.html");
    let run = std::process::Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(pdf)
        .arg(&out)
        .output();
    match run {
        Ok(o) if o.status.success() => {}
        _ => {
            missing_tool("pdftotext (poppler-utils)");
            return None;
        }
    }
    let html = std::fs::read_to_string(&out).unwrap();
    // The XHTML poppler writes has a doctype roxmltree refuses by default.
    let doc = roxmltree::Document::parse_with_options(
        &html,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("pdftotext's XHTML");
    let number = |n: roxmltree::Node, a: &str| -> f64 {
        n.attribute(a).and_then(|v| v.parse().ok()).unwrap_or(0.0) * MM
    };
    Some(
        doc.descendants()
            .filter(|n| n.has_tag_name("page"))
            .map(|page| {
                page.descendants()
                    .filter(|n| n.has_tag_name("line"))
                    .map(|line| Line {
                        x_min: number(line, "xMin"),
                        x_max: number(line, "xMax"),
                        y_min: number(line, "yMin"),
                        y_max: number(line, "yMax"),
                        text: line
                            .descendants()
                            .filter(|w| w.has_tag_name("word"))
                            .filter_map(|w| w.text())
                            .collect::<Vec<_>>()
                            .join(" "),
                    })
                    .filter(|l| BODY.contains(&l.y_min))
                    .collect()
            })
            .collect(),
    )
}

/// Renders `questionnaire` (Markdown and PDF) and audits its pages.
fn audit(questionnaire: &Path, name: &str) {
    let (out, base) = render(questionnaire, name, "md,pdf");
    let Some(pages) = pages(&out.join(format!("{base}.pdf"))) else {
        return;
    };
    let markdown = std::fs::read_to_string(out.join(format!("{base}.md"))).unwrap();
    let headings: Vec<String> = markdown
        .lines()
        .filter_map(|l| l.strip_prefix("### ").or_else(|| l.strip_prefix("#### ")))
        .map(squeeze)
        .collect();
    let is_chapter = |line: &Line| {
        let first = line.text.split(' ').next().unwrap_or_default();
        (first.ends_with('.') && first.trim_end_matches('.').parse::<u32>().is_ok())
            || line.text.starts_with("Annexe")
            || line.text.starts_with("Annex")
    };
    let first_chapter = pages
        .iter()
        .position(|p| p.first().is_some_and(is_chapter))
        .expect("a first chapter");
    let mut problems = Vec::new();
    for (i, page) in pages.iter().enumerate().skip(1) {
        let n = i + 1;
        for line in page {
            if line.x_min < LEFT - 1.0
                || line.x_max > RIGHT + 1.0
                // A line's box includes its ascenders and descenders.
                || line.y_min < CONTENT_TOP - 5.0
                || line.y_max > CONTENT_BOTTOM + 3.0
            {
                problems.push(format!("page {n}: outside the text area: {line:?}"));
            }
        }
        // A heading in the bottom fifth with nothing after it on its page.
        if let Some(last) = page.last() {
            let text = squeeze(&last.text);
            // The heading itself, or the first line of a heading that wraps.
            let is_heading = headings
                .iter()
                .any(|h| *h == text || text.chars().count() >= 8 && h.starts_with(&text));
            if last.y_min > PAGE_HEIGHT * 0.8 && is_heading {
                problems.push(format!(
                    "page {n}: heading stranded at the foot: {}",
                    last.text
                ));
            }
        }
        // A page more than half empty, inside a chapter (the next page goes on with it).
        let next_starts_chapter = pages
            .get(i + 1)
            .and_then(|p| p.first())
            .is_none_or(is_chapter);
        let bottom = page.iter().map(|l| l.y_max).fold(0.0, f64::max);
        if i >= first_chapter && !next_starts_chapter && bottom < PAGE_HEIGHT / 2.0 {
            problems.push(format!(
                "page {n}: more than half empty ({bottom:.0} mm) inside a chapter"
            ));
        }
    }
    assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
}

#[test]
fn the_examples_pass_the_layout_audit() {
    audit(&spec("velo-horizon.yaml"), "audit-velo");
    audit(&spec("northwind-b2b.yaml"), "audit-northwind");
}

#[test]
fn the_shared_questionnaires_pass_the_layout_audit() {
    if let Some(reference) = reference() {
        audit(&reference, "audit-reference");
    }
    if let Some(tender) = tender() {
        audit(&tender, "audit-tender");
    }
}

/// Long words, long URLs and many short tables: the rules hold on text made to break them.
#[test]
fn a_hostile_questionnaire_passes_the_layout_audit() {
    let dir = temp_dir("audit-hostile-input");
    let long_word: String = "ABCDEFGHIJ".repeat(30);
    let base = std::fs::read_to_string(root().join("tests/fixtures/minimal.yaml")).unwrap();
    let text = base
        .replace(
            "context: \"Un fichier clients partagé ne suffit plus.\"",
            &format!(
                "context: \"{} https://www.example.com/{long_word}?x=1 fin.\"",
                "Un contexte très long qui remplit la ligne. ".repeat(40)
            ),
        )
        .replace(
            "title: \"Fiche contact\"",
            &format!("title: \"{long_word}\""),
        );
    let path = dir.join("q.yaml");
    std::fs::write(&path, &text).unwrap();
    audit(&path, "audit-hostile");
}
