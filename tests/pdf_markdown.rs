//! The PDF stage on its own: every Markdown construct crmspec's templates (or a user's) may
//! write reaches the page.

mod common;

use common::*;

fn pdf(markdown: &str) -> (Vec<u8>, Vec<crmspec::writers::pdf::PdfWarning>) {
    let meta = crmspec::document::Metadata {
        name: "essai".into(),
        title: "Essai".into(),
        author: "Tests".into(),
        subject: "Couverture Markdown".into(),
        keywords: "test".into(),
        lang: "fr-FR",
        footer: vec!["Interne".into()],
        page_number: "page {page} / {total}",
        created: 0,
        date: crmspec::model::Date::from_days_since_epoch(0),
        fields: Vec::new(),
    };
    let doc = crmspec::document::Document {
        blocks: crmspec::document::parse(markdown),
        meta,
        assets: crmspec::document::Assets::default(),
        markdown: markdown.to_string(),
    };
    let output =
        crmspec::writers::pdf::render(&doc, &crmspec::theme::Theme::default()).expect("a PDF");
    (output.bytes, output.warnings)
}

#[test]
fn every_construct_reaches_the_page() {
    let md = "\
## 1. Titre de section

Un paragraphe avec du **gras**, de l'*italique*, du `code en ligne` et un [lien](https://example.com/cdc).

- premier point
  - sous-point imbriqué
    - troisième niveau
- second point

1. un
2. deux

> Une citation
> sur deux lignes.

```
bloc de code
  indenté
```

| Colonne A | Colonne B |
|---|--:|
| cellule<br>sur deux lignes | 42 |

---

![Schéma absent](images/absent.png)
";
    let (bytes, warnings) = pdf(md);
    let text = squeeze(&pdf_text(&bytes));
    for expected in [
        "1. Titre de section",
        "gras",
        "italique",
        "code en ligne",
        "lien (https://example.com/cdc)",
        "sous-point imbriqué",
        "troisième niveau",
        "1.un",
        "2.deux",
        "Une citation sur deux lignes.",
        "bloc de code",
        "indenté",
        "Colonne A",
        "sur deux lignes",
        "42",
        "[Schéma absent]",
    ] {
        assert!(
            text.contains(&squeeze(expected)),
            "`{expected}` missing from:\n{text}"
        );
    }
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("images/absent.png")),
        "{warnings:?}"
    );
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let uris: Vec<String> = doc
        .get_pages()
        .values()
        .flat_map(|p| doc.get_page_annotations(*p).unwrap_or_default())
        .filter_map(|a| {
            a.get(b"A")
                .ok()?
                .as_dict()
                .ok()?
                .get(b"URI")
                .ok()?
                .as_str()
                .ok()
                .map(|u| String::from_utf8_lossy(u).into_owned())
        })
        .collect();
    // The link text and the address printed after it form one clickable run.
    assert_eq!(uris, vec!["https://example.com/cdc".to_string()]);
}

#[test]
fn long_tables_repeat_their_header_and_keep_every_row() {
    let mut md = String::from("## 1. Table\n\n| ID | Texte |\n|---|---|\n");
    for i in 0..120 {
        md.push_str(&format!("| R-{i:03} | Ligne numéro {i} du tableau |\n"));
    }
    let (bytes, _) = pdf(&md);
    let pages = pdf_pages(&bytes);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    for page in &pages {
        assert!(
            page.contains("Texte"),
            "the header row is repeated on every page"
        );
    }
    let text = squeeze(&pages.join("\n"));
    for i in 0..120 {
        assert!(text.contains(&format!("R-{i:03}")), "row {i} lost");
    }
}

#[test]
fn a_cell_taller_than_a_page_is_split_not_lost() {
    let long: Vec<String> = (0..160).map(|i| format!("mot{i}")).collect();
    let md = format!(
        "## 1. Cellule\n\n| A | B |\n|---|---|\n| {} | fin |\n",
        long.join("<br>")
    );
    let (bytes, _) = pdf(&md);
    let text = squeeze(&pdf_text(&bytes));
    for word in &long {
        assert!(text.contains(word.as_str()), "{word} lost");
    }
}
