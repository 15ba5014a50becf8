//! Figures: well-formed SVG files holding every name and colour, the same drawings in the PDF,
//! and layouts that stay legible from 1 to 60 channels and up to 40 planning rows.

mod common;

use common::*;
use std::path::Path;

/// The text of an SVG's `<text>` elements, after checking the file is well-formed XML.
fn svg_texts(path: &Path) -> (String, Vec<(f64, String)>) {
    let svg = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = roxmltree::Document::parse(&svg)
        .unwrap_or_else(|e| panic!("{} is not well-formed: {e}", path.display()));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let texts = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let y: f64 = n.attribute("y").and_then(|y| y.parse().ok()).unwrap_or(0.0);
            (y, n.text().unwrap_or_default().to_string())
        })
        .collect();
    (svg, texts)
}

fn joined(texts: &[(f64, String)]) -> String {
    texts
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn figures_hold_every_name_and_colour() {
    let (out, base) = render(&spec("velo-horizon.yaml"), "figures", "md,pdf");
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(spec("velo-horizon.yaml")).unwrap()).unwrap();
    let md = std::fs::read_to_string(out.join(format!("{base}.md"))).unwrap();
    for name in ["planning", "canaux", "fleur"] {
        assert!(
            md.contains(&format!("](figures/{name}.svg)")),
            "the Markdown links {name}"
        );
    }

    let (_, texts) = svg_texts(&out.join("figures/fleur.svg"));
    let all = joined(&texts);
    for petal in [
        "Fidélité",
        "Langage commun",
        "Écoute",
        "Unicité",
        "Rentabilité",
        "Client",
    ] {
        assert!(all.contains(petal), "flower lacks {petal}");
    }
    assert!(all.contains("Marketing, Vendeurs"), "actors on the petal");

    let (svg, texts) = svg_texts(&out.join("figures/canaux.svg"));
    let all = joined(&texts);
    for channel in yaml["channels"].as_sequence().unwrap() {
        let name = channel["name"].as_str().unwrap();
        assert!(all.contains(name), "channel map lacks {name}");
    }
    for (role, hex) in [
        ("Vendre", "#D62828"),
        ("Entretenir", "#F2C318"),
        ("Promouvoir", "#2A9D4B"),
    ] {
        assert!(all.contains(role), "channel map lacks role {role}");
        assert!(
            svg.contains(&format!("fill=\"{hex}\"")),
            "channel map lacks the colour of {role}"
        );
    }
    assert!(
        all.contains("QR") && all.contains("carte"),
        "redirects are labelled with their means"
    );
    assert_eq!(
        svg.matches("<polyline").count(),
        5,
        "one arrow per redirect"
    );

    let (_, texts) = svg_texts(&out.join("figures/planning.svg"));
    let all = joined(&texts);
    for row in yaml["project"]["planning"].as_sequence().unwrap() {
        let label = row["phase"].as_str().or(row["milestone"].as_str()).unwrap();
        assert!(all.contains(label), "planning lacks {label}");
    }
    assert!(
        all.contains("janv.") && all.contains("2027") && all.contains("Date du document"),
        "month axis, years and document date"
    );

    // The PDF draws the same figures: captions, names and shapes are on its pages.
    let pdf = std::fs::read(out.join(format!("{base}.pdf"))).unwrap();
    let text = squeeze(&pdf_text(&pdf));
    for caption in [
        "Figure 1 — Planning prévisionnel",
        "Figure 2 — Carte des points de contact",
        "Figure 3 — Le modèle F.L.E.U.R.",
    ] {
        assert!(text.contains(&squeeze(caption)), "PDF lacks {caption}");
    }
    assert!(text.contains("Entretenir") && text.contains("Rentabilité"));
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let curves: usize = doc
        .get_pages()
        .values()
        .map(|p| {
            String::from_utf8_lossy(&doc.get_page_content(*p))
                .matches(" c\n")
                .count()
        })
        .sum();
    assert!(
        curves >= 4,
        "the pistil is drawn with Bézier curves ({curves})"
    );
}

#[test]
fn no_figures_option_leaves_them_out() {
    let out = temp_dir("no-figures");
    let output = render_with(&spec("northwind-b2b.yaml"), &out, &["--no-figures"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!out.join("figures").exists());
    let md =
        std::fs::read_to_string(out.join("crm-requirements-specification-northwind-components.md"))
            .unwrap();
    assert!(!md.contains("figures/"));
}

/// A questionnaire with `channels` channels (two roles, redirect chains) and `rows` planning
/// rows, built from the minimal fixture.
fn sized(name: &str, channels: usize, rows: usize) -> std::path::PathBuf {
    let base = std::fs::read_to_string(root().join("tests/fixtures/minimal.yaml")).unwrap();
    let mut roles = String::from("channel_roles:\n  - { id: vendre, name: \"Vendre\", colour: red }\n  - { id: sav, name: \"Après-vente\", colour: yellow }\n");
    roles.push_str("channels:\n");
    for i in 0..channels {
        let role = if i % 3 == 0 {
            "[vendre, sav]"
        } else if i % 3 == 1 {
            "[vendre]"
        } else {
            "[sav]"
        };
        roles.push_str(&format!("  - id: c{i}\n    name: \"Canal numéro {i}\"\n    kind: other\n    roles: {role}\n    function: \"Fonction {i}\"\n"));
        if i + 1 < channels {
            roles.push_str(&format!(
                "    redirects: [{{ to: c{}, via: link }}]\n",
                i + 1
            ));
        }
        if i % 2 == 0 {
            roles.push_str("    automated: [\"Tâche\"]\n");
        }
    }
    let mut planning = String::from("  planning:\n");
    for i in 0..rows {
        let month = 1 + (i % 12);
        if i % 5 == 4 {
            planning.push_str(&format!(
                "    - {{ milestone: \"Jalon {i}\", date: 2028-{month:02}-15 }}\n"
            ));
        } else {
            planning.push_str(&format!("    - {{ phase: \"Phase {i}\", start: 2027-{month:02}-01, end: 2028-{month:02}-28 }}\n"));
        }
    }
    let text = base
        .replace("channel_roles:\n  - { id: vendre, name: \"Vendre\", colour: red }\nchannels:\n  - { id: tel, name: \"Téléphone\", kind: phone, roles: [vendre], function: \"Prendre les commandes.\" }\n", &roles)
        .replace("  planning:\n    - { phase: \"Choix\", start: 2027-06-01, end: 2027-06-30 }\n", &planning);
    assert!(
        text.contains("Canal numéro 0") && text.contains("Phase 0"),
        "fixture edits applied"
    );
    let dir = temp_dir(name);
    let path = dir.join("q.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Text lines of a figure never overlap: labels on different rows are far enough apart.
fn assert_rows_legible(texts: &[(f64, String)], prefix: &str, expected: usize) {
    let mut ys: Vec<f64> = texts
        .iter()
        .filter(|(_, t)| t.starts_with(prefix))
        .map(|(y, _)| *y)
        .collect();
    assert_eq!(ys.len(), expected, "every `{prefix}` label is drawn");
    ys.sort_by(f64::total_cmp);
    for pair in ys.windows(2) {
        assert!(
            pair[1] - pair[0] >= 3.3 || pair[1] == pair[0],
            "labels {:.1} and {:.1} overlap",
            pair[0],
            pair[1]
        );
    }
}

#[test]
fn two_channels_draw_as_a_map() {
    let path = sized("two", 2, 3);
    let (out, _) = render(&path, "two-out", "md");
    let (svg, texts) = svg_texts(&out.join("figures/canaux.svg"));
    assert!(joined(&texts).contains("Canal numéro 0") && joined(&texts).contains("Canal numéro 1"));
    assert!(svg.contains("<polyline"), "the redirect arrow");
}

#[test]
fn sixty_channels_switch_to_a_matrix_that_fits_a_page() {
    let path = sized("sixty", 60, 40);
    let (out, base) = render(&path, "sixty-out", "md,pdf");
    let (svg, texts) = svg_texts(&out.join("figures/canaux.svg"));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let height: f64 = doc
        .root_element()
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .nth(3)
        .unwrap()
        .parse()
        .unwrap();
    assert!(height <= 250.0, "the matrix fits a page ({height} mm)");
    assert!(!svg.contains("<polyline"), "no arrows in the matrix");
    assert_rows_legible(&texts, "Canal numéro", 60);
    let (_, texts) = svg_texts(&out.join("figures/planning.svg"));
    assert_eq!(
        texts
            .iter()
            .filter(|(_, t)| t.starts_with("Phase ") || t.starts_with("Jalon "))
            .count(),
        40
    );
    assert_rows_legible(&texts, "Phase ", 32);
    let pdf = std::fs::read(out.join(format!("{base}.pdf"))).unwrap();
    let text = squeeze(&pdf_text(&pdf));
    assert!(text.contains("Canalnuméro59") && text.contains("Jalon39"));
}

/// The planning chart's labels are at least 7 pt and, up to 18 months, every month is named.
#[test]
fn planning_labels_are_legible_and_every_month_named() {
    let (out, _) = render(&spec("velo-horizon.yaml"), "planning-axis", "md");
    let svg = std::fs::read_to_string(out.join("figures/planning.svg")).unwrap();
    let sizes: Vec<f64> = svg
        .split("font-size=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect();
    assert!(!sizes.is_empty(), "{svg}");
    // The SVG is drawn in millimetres: 7 pt is 2.47 mm.
    assert!(sizes.iter().all(|mm| mm * 72.0 / 25.4 >= 6.95), "{sizes:?}");
    let (_, texts) = svg_texts(&out.join("figures/planning.svg"));
    let months = texts
        .iter()
        .filter(|t| {
            [
                "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
                "nov.", "déc.",
            ]
            .contains(&t.1.as_str())
        })
        .count();
    assert!(months >= 8, "{texts:?}");
}
