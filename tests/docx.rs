//! `--format docx`: the Word document read back part by part, and opened by LibreOffice.

mod common;

use common::*;
use std::path::{Path, PathBuf};

fn docx_of(questionnaire: &Path, name: &str) -> (PathBuf, String) {
    let (out, base) = render(questionnaire, name, "md,docx");
    let md = std::fs::read_to_string(out.join(format!("{base}.md"))).unwrap();
    (out.join(format!("{base}.docx")), md)
}

#[test]
fn the_word_document_has_heading_styles_contents_tables_lists_cover_and_figures() {
    let (docx, md) = docx_of(&spec("velo-horizon.yaml"), "docx-velo");
    let parts = parts(&docx);
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
    // Chapters and sections are numbered by Word, from multilevel lists linked to the heading
    // styles (`1.`, `1.1`; `Annexe A —`, `A.1`), never typed; history and contents take a
    // look-alike style with no outline level, so that Word's contents does not list them.
    let count = |prefix: &str| md.lines().filter(|l| l.starts_with(prefix)).count();
    let annexes = md.lines().filter(|l| l.starts_with("## Annexe ")).count();
    let annex_sections = md
        .lines()
        .filter(|l| {
            l.starts_with("### ")
                && l.as_bytes().get(4).is_some_and(u8::is_ascii_uppercase)
                && l.as_bytes().get(5) == Some(&b'.')
        })
        .count();
    let numbered = md
        .lines()
        .filter(|l| l.starts_with("## ") && l.as_bytes().get(3).is_some_and(u8::is_ascii_digit))
        .count();
    let style_count = |style: &str| {
        document
            .matches(&format!("<w:pStyle w:val=\"{style}\" />"))
            .count()
    };
    assert_eq!(style_count("Heading1"), numbered);
    assert_eq!(style_count("AnnexHeading1"), annexes);
    assert_eq!(annexes, 2, "glossary and index");
    assert_eq!(
        style_count("FrontHeading1"),
        count("## ") - numbered - annexes
    );
    assert_eq!(style_count("FrontHeading1"), 2, "history and contents");
    assert_eq!(
        style_count("Heading2") + style_count("AnnexHeading2"),
        count("### ")
    );
    assert_eq!(style_count("AnnexHeading2"), annex_sections);
    let heading_texts = |style: &str| -> Vec<String> {
        document
            .split(&format!("<w:pStyle w:val=\"{style}\" />"))
            .skip(1)
            .map(|p| {
                let p = &p[..p.find("</w:p>").unwrap()];
                p.split("<w:t xml:space=\"preserve\">")
                    .skip(1)
                    .map(|t| &t[..t.find("</w:t>").unwrap()])
                    .collect()
            })
            .collect()
    };
    let chapters = heading_texts("Heading1");
    assert_eq!(chapters[0], "Présentation du projet", "{chapters:?}");
    assert_eq!(heading_texts("Heading2")[0], "Objet du document");
    assert_eq!(heading_texts("AnnexHeading1")[0], "Glossaire");
    assert_eq!(
        heading_texts("FrontHeading1"),
        ["Historique des révisions", "Sommaire"]
    );
    for (style, list, level) in [
        ("Heading1", 12, 0),
        ("Heading2", 12, 1),
        ("AnnexHeading1", 13, 0),
    ] {
        let at = styles.find(&format!("w:styleId=\"{style}\"")).unwrap();
        let style_xml = &styles[at..at + styles[at..].find("</w:style>").unwrap()];
        assert!(
            style_xml.contains(&format!(
                "<w:numPr><w:numId w:val=\"{list}\" /><w:ilvl w:val=\"{level}\" /></w:numPr>"
            )),
            "{style_xml}"
        );
        assert!(
            style_xml.contains("<w:keepNext />"),
            "{style} keeps with next"
        );
    }
    let numbering = text(&parts, "word/numbering.xml");
    assert!(numbering.contains("<w:numFmt w:val=\"decimal\" /><w:pStyle w:val=\"Heading1\" /><w:suff w:val=\"space\" /><w:lvlText w:val=\"%1.\" />"));
    assert!(numbering.contains("<w:numFmt w:val=\"upperLetter\" /><w:pStyle w:val=\"AnnexHeading1\" /><w:suff w:val=\"space\" /><w:lvlText w:val=\"Annexe %1 —\" />"));
    assert_eq!(document.matches("<w:pStyle w:val=\"Title\" />").count(), 1);
    // Figure captions in Word's Caption style, their numbers SEQ fields, for its table of
    // figures; every picture has its own id and a description.
    assert_eq!(style_count("Caption"), 3);
    assert_eq!(
        document
            .matches("<w:instrText> SEQ Figure \\* ARABIC </w:instrText>")
            .count(),
        3
    );
    for n in 1..=4 {
        assert_eq!(
            document.matches(&format!("<wp:docPr id=\"{n}\" ")).count(),
            1,
            "picture {n}"
        );
    }
    assert!(document.contains("descr=\"Figure 1 — Planning prévisionnel\""));

    // The contents is Word's TOC field over the two numbered levels; each entry links to a
    // heading's bookmark.
    assert!(document.contains("TOC \\o \"1-2\" \\h \\z \\u"));
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
    assert_eq!(
        document
            .matches("<w:tblStyle w:val=\"CrmTable\" />")
            .count(),
        md_tables
    );
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
            // Numbers drawn by the office suite from the lists linked to the heading styles.
            "1. Présentation du projet",
            "1.1 Objet du document",
            "Annexe A — Glossaire",
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
