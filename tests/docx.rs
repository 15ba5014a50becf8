//! `--format docx`: the Word document read back part by part, and opened by LibreOffice.

mod common;

use common::*;
use std::path::{Path, PathBuf};

fn docx_of(questionnaire: &Path, name: &str) -> (PathBuf, String) {
    let (out, base) = render(questionnaire, name, "md,docx");
    let md = std::fs::read_to_string(out.join(format!("{base}.md"))).unwrap();
    (out.join(format!("{base}.docx")), md)
}

fn text(parts: &std::collections::BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        parts
            .get(name)
            .unwrap_or_else(|| panic!("no {name}"))
            .clone(),
    )
    .unwrap()
}

#[test]
fn the_word_document_has_heading_styles_contents_tables_lists_cover_and_figures() {
    let (docx, md) = docx_of(&spec("velo-horizon.yaml"), "docx-velo");
    let parts = zip_parts(&docx);
    let document = text(&parts, "word/document.xml");
    let styles = text(&parts, "word/styles.xml");

    // Word's heading styles, with outline levels for the navigation pane and the TOC.
    for (id, level) in [("Heading1", 0), ("Heading2", 1), ("Heading3", 2)] {
        let at = styles
            .find(&format!("w:styleId=\"{id}\""))
            .unwrap_or_else(|| panic!("no style {id}"));
        let style = &styles[at..at + styles[at..].find("</w:style>").unwrap()];
        assert!(
            style.contains(&format!("<w:outlineLvl w:val=\"{level}\" />")),
            "{style}"
        );
    }
    let chapters = md.lines().filter(|l| l.starts_with("## ")).count();
    let sections = md.lines().filter(|l| l.starts_with("### ")).count();
    // History and contents are chapters too: every `##` is a Heading 1.
    assert_eq!(
        document.matches("<w:pStyle w:val=\"Heading1\" />").count(),
        chapters
    );
    assert_eq!(
        document.matches("<w:pStyle w:val=\"Heading2\" />").count(),
        sections
    );
    assert_eq!(document.matches("<w:pStyle w:val=\"Title\" />").count(), 1);
    // Figure captions in Word's Caption style, for its table of figures.
    assert_eq!(
        document.matches("<w:pStyle w:val=\"Caption\" />").count(),
        3
    );

    // The contents is Word's TOC field; each entry links to a heading's bookmark.
    assert!(document.contains("TOC \\o \"1-3\" \\h \\z \\u"));
    let anchors: Vec<&str> = document
        .split("w:anchor=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert!(anchors.len() > 30, "{} contents entries", anchors.len());
    for anchor in &anchors {
        assert!(
            document.contains(&format!("w:name=\"{anchor}\"")),
            "no bookmark {anchor}"
        );
    }

    // Tables: one per Markdown table, header rows repeated on each page.
    let md_tables = md
        .lines()
        .filter(|l| l.starts_with("|---") || l.starts_with("|--:"))
        .count();
    assert_eq!(document.matches("<w:tbl>").count(), md_tables);
    assert_eq!(document.matches("<w:tblHeader />").count(), md_tables);
    assert!(document.contains("Magasins-ateliers"));
    // Lists are Word lists, bullets from the numbering part.
    assert!(document.contains("<w:numId w:val=\"10\" />"));
    assert!(text(&parts, "word/numbering.xml").contains("<w:numFmt w:val=\"bullet\" />"));
    // Role colours and struck-through text keep their formatting.
    assert!(document.contains("<w:color w:val=\"D62828\" />"));

    // The cover: logo, title, client; three figures as pictures.
    assert!(document.contains("Vélo Horizon SA"));
    let media: Vec<&String> = parts
        .keys()
        .filter(|k| k.starts_with("word/media/"))
        .collect();
    assert_eq!(media.len(), 4, "logo and three figures: {media:?}");
    for name in media {
        assert!(parts[name].starts_with(b"\x89PNG"), "{name} is not a PNG");
    }

    // Properties, header and footer.
    let core = text(&parts, "docProps/core.xml");
    assert!(core.contains("<dc:title>Cahier des charges — CRM et fidélité Vélo Horizon</dc:title>"));
    assert!(core.contains("<dc:creator>Julien Moreau, chef de projet relation client</dc:creator>"));
    assert!(core.contains("2027-01-15T00:00:00Z"));
    let footers: String = parts
        .iter()
        .filter(|(k, _)| k.starts_with("word/footer"))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .collect();
    assert!(footers.contains("Diffusion limitée aux éditeurs consultés"));
    assert!(footers.contains("PAGE"));
}

#[test]
fn the_word_document_is_the_same_bytes_every_time_and_takes_a_jpeg_logo_as_png() {
    let (first, _) = docx_of(&spec("northwind-b2b.yaml"), "docx-repro-1");
    let (second, _) = docx_of(&spec("northwind-b2b.yaml"), "docx-repro-2");
    assert_eq!(
        std::fs::read(first).unwrap(),
        std::fs::read(second).unwrap()
    );
}

#[test]
fn libreoffice_opens_the_word_document() {
    let Some(soffice) = soffice() else { return };
    let dir = temp_dir("docx-libreoffice");
    let mut questionnaires = vec![spec("velo-horizon.yaml")];
    questionnaires.extend(reference());
    for (n, questionnaire) in questionnaires.iter().enumerate() {
        let (docx, _) = docx_of(questionnaire, &format!("docx-lo-{n}"));
        let pdf = libreoffice_convert(soffice, &docx, "pdf", &dir, &dir.join("profile"));
        let pages = pdf_pages(&std::fs::read(pdf).unwrap());
        assert!(pages.len() >= 15, "{} pages", pages.len());
        let all = squeeze(&pages.concat());
        for words in [
            "Sommaire",
            "Points de contact",
            "Besoins fonctionnels",
            "Critères",
        ] {
            assert!(
                all.contains(&squeeze(words)),
                "`{words}` not in LibreOffice's PDF"
            );
        }
    }
}
