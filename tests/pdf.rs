//! The PDF, read back: every value is on the page, nothing is lost, the bytes are
//! reproducible, and the file is small and navigable.

mod common;

use common::*;

fn render_pdf(questionnaire: &std::path::Path, name: &str) -> Vec<u8> {
    let (out, base) = render(questionnaire, name, "pdf");
    std::fs::read(out.join(format!("{base}.pdf"))).unwrap()
}

/// Every text value of the questionnaire is in the PDF's text (codes as their labels).
fn assert_every_value_in_pdf(
    questionnaire: &std::path::Path,
    lang: crmspec::model::Language,
    name: &str,
) -> Vec<u8> {
    let yaml = std::fs::read_to_string(questionnaire).unwrap();
    let pdf = render_pdf(questionnaire, name);
    let text = squeeze(&pdf_text(&pdf));
    let missing: Vec<String> = yaml_strings(&yaml)
        .into_iter()
        .filter_map(|(path, value)| {
            let expected = shown_as(&path, &value, &yaml, lang).unwrap_or(value);
            (!text.contains(&squeeze(&expected))).then(|| format!("{path}: {expected:?}"))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "values missing from the PDF:\n{}",
        missing.join("\n")
    );
    pdf
}

#[test]
fn reference_pdf_shows_every_value_and_is_small() {
    let Some(reference) = reference() else { return };
    let pdf = assert_every_value_in_pdf(&reference, crmspec::model::Language::Fr, "ref-pdf");
    assert!(pdf.len() < 300_000, "{} bytes", pdf.len());
}

#[test]
fn tender_pdf_shows_every_value() {
    let Some(tender) = tender() else { return };
    assert_every_value_in_pdf(&tender, crmspec::model::Language::Fr, "tender-pdf");
}

#[test]
fn example_pdfs_show_every_value() {
    assert_every_value_in_pdf(
        &spec("velo-horizon.yaml"),
        crmspec::model::Language::Fr,
        "velo-pdf",
    );
    assert_every_value_in_pdf(
        &spec("northwind-b2b.yaml"),
        crmspec::model::Language::En,
        "northwind-pdf",
    );
}

/// Long words, URLs, emoji and Markdown characters: every character the fonts can draw
/// reaches the page; the others are reported, naming the field.
#[test]
fn nothing_is_lost() {
    let dir = temp_dir("hostile");
    let long_word: String = "ABCDEFGHIJ".repeat(30);
    let url = "https://www.example.com/crm/appel-d-offres/2027/documents/annexe-technique-version-finale.pdf?download=1&lang=fr";
    let base = std::fs::read_to_string(root().join("tests/fixtures/minimal.yaml")).unwrap();
    let text = base
        .replace(
            "context: \"Un fichier clients partagé ne suffit plus.\"",
            &format!("context: \"Identifiant : {long_word} fin.\""),
        )
        .replace(
            "function: \"Prendre les commandes.\"",
            &format!("function: \"Voir {url} puis rappeler\""),
        )
        .replace(
            "description: \"Nom, société, téléphone.\"",
            // The rocket is drawn by the bundled emoji face; a private-use character is in no
            // font at all.
            "description: \"Colonnes | * # < > _ ` et {{ x }} 🚀 fusée \u{10FFFD}\"",
        )
        .replace(
            "title: \"Fiche contact\"",
            &format!("title: \"{long_word}\""),
        );
    let path = dir.join("q.yaml");
    std::fs::write(&path, &text).unwrap();
    let out = dir.join("out");
    let output = render_with(&path, &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("warning: `requirements[0].items[0].description`")
            && err.contains("U+10FFFD")
            && !err.contains("U+1F680"),
        "a character no font has is reported with its field and line: {err}"
    );
    assert!(err.contains(&format!("{}:", path.display())), "{err}");
    let pdf = std::fs::read(out.join("crm-minimal.pdf")).unwrap();
    let text = squeeze(&pdf_text(&pdf));
    assert_eq!(
        text.matches(&long_word).count(),
        2,
        "the 300-character word, in the context and the requirement table (a short list has no index)"
    );
    assert!(text.contains(&squeeze(url)), "the URL is whole");
    assert!(
        text.contains(&squeeze("Colonnes | * # < > _ ` et {{ x }}")),
        "Markdown characters as typed"
    );
    assert!(
        text.contains("fusée\u{FFFD}"),
        "the place of the character no font has is marked"
    );
    assert!(
        text.contains("Voir") && text.contains("puisrappeler"),
        "the rest of the paragraph survives"
    );
    // The Markdown keeps the emoji.
    let md = std::fs::read_to_string(out.join("crm-minimal.md")).unwrap();
    assert!(md.contains("🚀"));
}

#[test]
fn same_input_same_bytes() {
    let first = render_pdf(&spec("velo-horizon.yaml"), "det-a");
    let second = render_pdf(&spec("velo-horizon.yaml"), "det-b");
    assert!(first == second, "two renders differ");
    let info = lopdf::Document::load_mem(&first).unwrap();
    let date = info_string(&info, b"CreationDate");
    assert_eq!(
        date, "D:20270115000000Z",
        "the document's date, not the clock"
    );
}

#[test]
fn source_date_epoch_is_honoured() {
    let out = temp_dir("sde");
    let output = crmspec_env(
        &[
            "render",
            spec("northwind-b2b.yaml").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--format",
            "pdf",
        ],
        &[("SOURCE_DATE_EPOCH", "1800000000")],
    );
    assert!(output.status.success());
    let pdf =
        std::fs::read(out.join("crm-requirements-specification-northwind-components.pdf")).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert_eq!(info_string(&doc, b"CreationDate"), "D:20270115080000Z");
}

fn info_string(doc: &lopdf::Document, key: &[u8]) -> String {
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        .unwrap();
    let dict = doc.get_dictionary(info).unwrap();
    let bytes = dict.get(key).and_then(lopdf::Object::as_str).unwrap();
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[test]
fn metadata_outline_fonts_and_links() {
    let pdf = render_pdf(&spec("velo-horizon.yaml"), "meta");
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    assert_eq!(
        info_string(&doc, b"Title"),
        "Cahier des charges — CRM et fidélité Vélo Horizon"
    );
    assert_eq!(
        info_string(&doc, b"Author"),
        "Julien Moreau, chef de projet relation client"
    );
    assert!(info_string(&doc, b"Subject").contains("Vélo Horizon SA"));
    // Bookmarks: one per numbered section, sub-sections beneath.
    let catalog = doc.catalog().unwrap();
    let outlines = catalog
        .get(b"Outlines")
        .and_then(lopdf::Object::as_reference)
        .unwrap();
    let root = doc.get_dictionary(outlines).unwrap();
    let count = root.get(b"Count").and_then(lopdf::Object::as_i64).unwrap();
    assert!(count >= 12, "{count} top-level bookmarks");
    // Fonts are subsets, and there are no more of them than faces used.
    let mut fonts = 0;
    let mut links = 0;
    for object in doc.objects.values() {
        if let Ok(dict) = object.as_dict() {
            if dict.has_type(b"Font")
                && dict.get(b"Subtype").and_then(lopdf::Object::as_name).ok() == Some(b"Type0")
            {
                fonts += 1;
                let name = dict
                    .get(b"BaseFont")
                    .and_then(lopdf::Object::as_name)
                    .unwrap();
                assert_eq!(
                    name[6],
                    b'+',
                    "subset tag on {}",
                    String::from_utf8_lossy(name)
                );
            }
            if dict.get(b"Subtype").and_then(lopdf::Object::as_name).ok() == Some(b"Link") {
                links += 1;
            }
        }
    }
    assert!((2..=6).contains(&fonts), "{fonts} fonts");
    for page in doc.get_pages().values() {
        for annot in doc.get_page_annotations(*page).unwrap_or_default() {
            if annot.get(b"Subtype").and_then(lopdf::Object::as_name).ok() == Some(b"Link") {
                links += 1;
            }
        }
    }
    assert!(links >= 30, "table of contents entries are links ({links})");
    assert!(pdf.len() < 300_000);
}

/// The table of contents gives real page numbers: each entry's page holds its heading.
#[test]
fn table_of_contents_page_numbers_are_right() {
    let pdf = render_pdf(&spec("velo-horizon.yaml"), "toc");
    let pages = pdf_pages(&pdf);
    let toc_page = pages
        .iter()
        .position(|p| p.contains("Sommaire"))
        .expect("a TOC page");
    let lines: Vec<&str> = pages[toc_page]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut checked = 0;
    for pair in lines.windows(3) {
        let (title, number) = (pair[0], pair[2]);
        if !pair[1].starts_with(". .") {
            continue;
        }
        let page: usize = number.parse().expect("a page number");
        let on_page = squeeze(&pages[page - 1]);
        assert!(
            on_page.contains(&squeeze(title)),
            "`{title}` is not on page {page}"
        );
        checked += 1;
    }
    assert!(checked >= 30, "{checked} entries checked");
    // Every page but the cover has the running header and "page N / M".
    let total = pages.len();
    assert!(!pages[0].contains("page 1"));
    for (i, page) in pages.iter().enumerate().skip(1) {
        assert!(
            page.contains(&format!("page {} / {total}", i + 1)),
            "footer on page {}",
            i + 1
        );
        assert!(page.contains("Cahier des charges — CRM et fidélité Vélo Horizon"));
        assert!(page.contains("Diffusion limitée aux éditeurs consultés"));
        assert!(page.contains("Version 2.0 du 15"), "version in the footer");
    }
}

/// Each numbered section starts on a new page, and no heading ends a page.
#[test]
fn sections_start_pages_and_headings_are_not_stranded() {
    let (out, base) = render(&spec("northwind-b2b.yaml"), "sections-pdf", "md,pdf");
    let pdf = std::fs::read(out.join(format!("{base}.pdf"))).unwrap();
    let md = std::fs::read_to_string(out.join(format!("{base}.md"))).unwrap();
    let pages = pdf_pages(&pdf);
    let sections: Vec<&str> = md
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .skip(2)
        .collect();
    // Eleven chapters (the contract's included) and two annexes.
    assert_eq!(sections.len(), 13, "{sections:?}");
    for title in sections {
        let starts = pages
            .iter()
            .filter(|p| {
                !p.contains(". . .")
                    && p.lines().map(str::trim).find(|l| !l.is_empty()) == Some(title)
            })
            .count();
        assert_eq!(starts, 1, "`{title}` starts a page");
    }
    for (i, page) in pages.iter().enumerate() {
        let body: Vec<&str> = page
            .lines()
            .map(str::trim)
            .filter(|l| {
                !l.is_empty()
                    && !l.starts_with("page ")
                    && !l.starts_with("Commercial in confidence")
            })
            .collect();
        if let Some(last) = body.last() {
            let is_heading = last.len() > 4
                && last.as_bytes()[0].is_ascii_digit()
                && last.contains('.')
                && last.split(' ').next().is_some_and(|n| {
                    n.chars().all(|c| c.is_ascii_digit() || c == '.')
                        && n.matches('.').count() == 1
                        && !n.ends_with('.')
                });
            assert!(!is_heading, "page {} ends with the heading `{last}`", i + 1);
        }
    }
}

#[test]
fn transparent_logo_is_embedded() {
    let pdf = render_pdf(&spec("velo-horizon.yaml"), "logo");
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let first = *doc.get_pages().values().next().unwrap();
    let images = doc.get_page_images(first).unwrap();
    assert_eq!(images.len(), 1, "the logo is on the cover");
    assert_eq!(
        images[0].color_space.as_deref(),
        Some("DeviceRGB"),
        "alpha flattened to RGB"
    );
}

/// A document longer than one drawing chunk (64 pages) is assembled whole: every page, every
/// requirement, distinct font subsets, links and bookmarks pointing at real pages.
#[test]
fn long_documents_are_assembled_from_chunks() {
    let mut text = std::fs::read_to_string(root().join("tests/fixtures/minimal.yaml")).unwrap();
    let mut items = String::from("requirements:\n  - module: \"Contacts\"\n    items:\n");
    for i in 0..1500 {
        items.push_str(&format!("      - {{ title: \"Exigence {i}\", description: \"Texte de l'exigence {i}.\", priority: should }}\n"));
    }
    let start = text.find("requirements:\n").unwrap();
    let end = text.find("systems:").unwrap();
    text.replace_range(start..end, &items);
    let dir = temp_dir("chunks");
    let path = dir.join("q.yaml");
    std::fs::write(&path, text).unwrap();
    let pdf = render_pdf(&path, "chunks-out");
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let pages = pdf_pages(&pdf);
    assert!(pages.len() > 90, "{} pages", pages.len());
    let all = squeeze(&pages.join("\n"));
    for i in [0, 700, 1499] {
        assert!(
            all.contains(&format!("CON-{:02}", i + 1)),
            "requirement {i}"
        );
    }
    let total = pages.len();
    for (i, page) in pages.iter().enumerate().skip(1) {
        assert!(
            page.contains(&format!("page {} / {total}", i + 1)),
            "footer of page {}",
            i + 1
        );
    }
    let mut names = std::collections::HashSet::new();
    for object in doc.objects.values() {
        if let Ok(dict) = object.as_dict() {
            if dict.get(b"Subtype").and_then(lopdf::Object::as_name).ok() == Some(b"Type0") {
                let name = dict
                    .get(b"BaseFont")
                    .and_then(lopdf::Object::as_name)
                    .unwrap()
                    .to_vec();
                assert!(names.insert(name), "two subsets share a name");
            }
        }
    }
    assert!(names.len() >= 3, "one subset per chunk and face");
    // The annex index (last pages) is reachable from the table of contents.
    let toc = pages.iter().position(|p| p.contains("Sommaire")).unwrap();
    let lines: Vec<&str> = pages[toc]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let at = lines
        .iter()
        .position(|l| l.contains("Index des exigences"))
        .unwrap();
    let number: usize = lines[at + 2].parse().unwrap();
    assert!(squeeze(&pages[number - 1]).contains(&squeeze("Annexe A — Index des exigences")));
    assert!(
        squeeze(&pages[total - 1]).contains("CON-1500"),
        "the last chunk ends the index"
    );
}

/// Characters the bundled faces lack are drawn by an installed font (CJK; CI installs
/// `fonts-droid-fallback`) or by the bundled emoji face, and read back as themselves.
#[test]
fn cjk_and_emoji_are_drawn_by_installed_and_bundled_fallback_fonts() {
    let dir = temp_dir("pdf-cjk-emoji");
    let cjk = "東京自転車株式会社";
    let sentence = "自転車の修理をお願いします";
    let emoji = "🚲 👍 😀 🎉 ✅ 🌐";
    let base = std::fs::read_to_string(root().join("tests/fixtures/minimal.yaml")).unwrap();
    let text = base.replace(
        "context: \"Un fichier clients partagé ne suffit plus.\"",
        &format!("context: \"{cjk} écrit « {sentence} » et envoie {emoji} et 👩‍🔧.\""),
    );
    assert_ne!(text, base);
    let path = dir.join("q.yaml");
    std::fs::write(&path, &text).unwrap();
    let out = dir.join("out");
    let output = render_with(&path, &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let pdf = out.join("crm-minimal.pdf");
    let Ok(read) = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
    else {
        return missing_tool("pdftotext (poppler-utils)");
    };
    let read = String::from_utf8_lossy(&read.stdout).into_owned();
    for c in emoji
        .chars()
        .chain("👩🔧".chars())
        .filter(|c| !c.is_whitespace())
    {
        assert!(
            read.contains(c),
            "{c} (U+{:04X}) not in the PDF",
            u32::from(c)
        );
    }
    let cjk_font = std::process::Command::new("fc-list")
        .arg(":charset=81ea")
        .output()
        .is_ok_and(|o| !o.stdout.is_empty());
    if !cjk_font {
        return missing_tool("a CJK font (fonts-droid-fallback)");
    }
    for c in cjk.chars().chain(sentence.chars()) {
        assert!(
            read.contains(c),
            "{c} (U+{:04X}) not in the PDF",
            u32::from(c)
        );
    }
    assert!(!stderr(&output).contains("no font"), "{}", stderr(&output));
}
