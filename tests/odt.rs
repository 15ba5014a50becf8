//! `--format odt`: the OpenDocument text read back part by part, and opened by LibreOffice.

mod common;

use common::*;
use std::path::{Path, PathBuf};

fn odt_of(questionnaire: &Path, name: &str) -> (PathBuf, String) {
    let (out, base) = render(questionnaire, name, "md,odt");
    let md = std::fs::read_to_string(out.join(format!("{base}.md"))).unwrap();
    (out.join(format!("{base}.odt")), md)
}

const TEXT: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const TABLE: &str = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
const DRAW: &str = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";

#[test]
fn the_opendocument_text_has_outline_headings_contents_tables_figures_and_properties() {
    let (odt, md) = odt_of(&spec("velo-horizon.yaml"), "odt-velo");
    let bytes = std::fs::read(&odt).unwrap();
    // ODF's package rule: `mimetype` first, stored, so that tools recognise the file.
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(
        &bytes[38..38 + 39],
        b"application/vnd.oasis.opendocument.text"
    );
    let parts = parts(&odt);
    let content = text(&parts, "content.xml");
    let xml = roxmltree::Document::parse(&content).expect("well-formed content.xml");
    let elements = |ns: &str, name: &str| {
        xml.descendants()
            .filter(|n| n.tag_name().namespace() == Some(ns) && n.tag_name().name() == name)
            .collect::<Vec<_>>()
    };
    let attr = |n: &roxmltree::Node, name: &str| n.attribute((TEXT, name)).map(str::to_string);

    // Chapters and sections numbered by the outline, not typed; annexes unnumbered list
    // headers; history and contents outside the outline.
    let headings = elements(TEXT, "h");
    let numbered_chapters = md
        .lines()
        .filter(|l| l.starts_with("## ") && l.as_bytes()[3].is_ascii_digit())
        .count();
    let level = |n: &roxmltree::Node| attr(n, "outline-level");
    let chapters: Vec<_> = headings
        .iter()
        .filter(|h| level(h).as_deref() == Some("1") && attr(h, "is-list-header").is_none())
        .collect();
    assert_eq!(chapters.len(), numbered_chapters);
    let first: String = chapters[0].descendants().filter_map(|n| n.text()).collect();
    assert_eq!(first, "Présentation du projet");
    let annexes: Vec<String> = headings
        .iter()
        .filter(|h| {
            attr(h, "is-list-header").as_deref() == Some("true") && level(h).as_deref() == Some("1")
        })
        .map(|h| h.descendants().filter_map(|n| n.text()).collect())
        .collect();
    assert_eq!(
        annexes,
        ["Annexe A — Glossaire", "Annexe B — Index des exigences"]
    );
    let sections = md.lines().filter(|l| l.starts_with("### ")).count();
    assert_eq!(
        headings
            .iter()
            .filter(|h| level(h).as_deref() == Some("2"))
            .count(),
        sections
    );
    assert!(!content.contains(">Historique des révisions</text:h>"));
    assert!(content.contains("Historique des révisions</text:p>"));

    // The contents: an index LibreOffice updates, filled with linked entries.
    let toc = elements(TEXT, "table-of-content");
    assert_eq!(toc.len(), 1);
    let entries = toc[0]
        .descendants()
        .filter(|n| n.tag_name().name() == "a")
        .count();
    assert!(entries > 30, "{entries} contents entries");

    // Tables: one per Markdown table, each with a header row repeated on every page.
    let md_tables = md
        .lines()
        .filter(|l| l.starts_with("|---") || l.starts_with("|--:"))
        .count();
    assert_eq!(elements(TABLE, "table").len(), md_tables);
    assert_eq!(elements(TABLE, "table-header-rows").len(), md_tables);
    assert!(content.contains("Magasins-ateliers"));

    // Logo and three figures, each with its text alternative; captions numbered by a field.
    let frames = elements(DRAW, "frame");
    assert_eq!(frames.len(), 4);
    for frame in &frames {
        let title = frame
            .children()
            .find(|n| n.tag_name().name() == "title")
            .and_then(|n| n.text())
            .unwrap_or_default();
        assert!(!title.is_empty(), "a picture without a text alternative");
    }
    assert_eq!(elements(TEXT, "sequence").len(), 3);
    let pictures = parts.keys().filter(|k| k.starts_with("Pictures/")).count();
    assert_eq!(pictures, 4);
    let manifest = text(&parts, "META-INF/manifest.xml");
    for name in parts.keys().filter(|k| k.starts_with("Pictures/")) {
        assert!(manifest.contains(&format!("manifest:full-path=\"{name}\"")));
    }

    // Styles: outline numbering `1.` then `1.1`, the page's header and footer with its
    // number, the language; properties in meta.xml.
    let styles = text(&parts, "styles.xml");
    roxmltree::Document::parse(&styles).expect("well-formed styles.xml");
    assert!(styles.contains(
        "<text:outline-level-style text:level=\"1\" style:num-format=\"1\" style:num-suffix=\".\""
    ));
    assert!(styles.contains("<text:page-number"));
    assert!(styles.contains("Diffusion limitée aux éditeurs consultés"));
    assert!(styles.contains("fo:language=\"fr\" fo:country=\"FR\""));
    let meta = text(&parts, "meta.xml");
    assert!(meta.contains("<dc:title>Cahier des charges — CRM et fidélité Vélo Horizon</dc:title>"));
    assert!(meta.contains("<dc:language>fr-FR</dc:language>"));
    assert!(meta.contains("<meta:creation-date>2027-01-15T00:00:00</meta:creation-date>"));
}

#[test]
fn the_opendocument_text_is_the_same_bytes_every_time() {
    let (first, _) = odt_of(&spec("northwind-b2b.yaml"), "odt-repro-1");
    let (second, _) = odt_of(&spec("northwind-b2b.yaml"), "odt-repro-2");
    assert_eq!(
        std::fs::read(first).unwrap(),
        std::fs::read(second).unwrap()
    );
}

#[test]
fn libreoffice_opens_the_opendocument_text() {
    let Some(soffice) = soffice() else { return };
    let dir = temp_dir("odt-libreoffice");
    let mut questionnaires = vec![spec("velo-horizon.yaml"), spec("northwind-b2b.yaml")];
    questionnaires.extend(tender());
    for (n, questionnaire) in questionnaires.iter().enumerate() {
        let (odt, _) = odt_of(questionnaire, &format!("odt-lo-{n}"));
        let pdf = libreoffice_convert(soffice, &odt, "pdf", &dir, &dir.join("profile"));
        let pages = pdf_pages(&std::fs::read(pdf).unwrap());
        assert!(pages.len() >= 15, "{} pages", pages.len());
        let all = squeeze(&pages.concat());
        // Numbers drawn by the office suite from the outline, and the page furniture.
        let expected: &[&str] = if n == 1 {
            &["1. Project overview", "Annex A"]
        } else {
            &[
                "1. Présentation du projet",
                "1.1 Objet du document",
                "Annexe A — Glossaire",
            ]
        };
        for words in expected.iter().chain(&["page 2 "]) {
            assert!(
                all.contains(&squeeze(words)),
                "`{words}` not in LibreOffice's PDF of {}",
                questionnaire.display()
            );
        }
    }
}
