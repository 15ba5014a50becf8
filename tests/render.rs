//! `crmspec render` end to end: the real binary, real questionnaires, the Markdown read back.

mod common;

use common::*;
use crmspec::model::Language;

/// Every text value of a questionnaire reaches the Markdown, as typed or, for codes, as the
/// label the document uses.
fn assert_every_value_shown(questionnaire: &std::path::Path, lang: Language, name: &str) {
    let yaml = std::fs::read_to_string(questionnaire).unwrap();
    let (out, base) = render(questionnaire, name, "md");
    let markdown = std::fs::read_to_string(out.join(format!("{base}.md"))).unwrap();
    let text = squeeze(&markdown_text(&markdown));
    let mut missing = Vec::new();
    for (path, value) in yaml_strings(&yaml) {
        let expected = shown_as(&path, &value, &yaml, lang).unwrap_or_else(|| value.clone());
        if !text.contains(&squeeze(&expected)) {
            missing.push(format!("{path}: {expected:?}"));
        }
    }
    assert!(
        missing.is_empty(),
        "values missing from the Markdown:\n{}",
        missing.join("\n")
    );
    let numbers = yaml_scalars(&yaml)
        .into_iter()
        .filter_map(|(path, v)| Some((path, v.as_u64()?)));
    for (path, n) in numbers {
        if path == "version" {
            continue;
        }
        let shown = squeeze(&crmspec::lang::format::number(n, lang));
        assert!(text.contains(&shown), "{path}: {shown} missing");
    }
}

#[test]
fn reference_questionnaire_shows_every_value() {
    let Some(reference) = reference() else { return };
    assert_every_value_shown(&reference, Language::Fr, "reference-md");
}

#[test]
fn tender_questionnaire_shows_every_value() {
    let Some(tender) = tender() else { return };
    assert_every_value_shown(&tender, Language::Fr, "tender-md");
}

#[test]
fn english_tender_shows_every_value() {
    assert_every_value_shown(&tender_en(), Language::En, "tender-en-md");
}

/// The English tender is the shared one translated, whole: the same sections and lists, the
/// same numbers, dates, codes and identifiers; only the text differs (and the language, the
/// logo's file name, and module prefixes written out so that the IDs stay the French ones).
#[test]
fn english_tender_is_the_shared_tender_translated() {
    let Some(tender) = tender() else { return };
    let scalars = |path: &std::path::Path| -> Vec<(String, serde_yaml::Value)> {
        yaml_scalars(&std::fs::read_to_string(path).unwrap())
            .into_iter()
            .filter(|(p, _)| !p.ends_with(".prefix"))
            .collect()
    };
    let (french, english) = (scalars(&tender), scalars(&tender_en()));
    let paths = |s: &[(String, serde_yaml::Value)]| -> Vec<String> {
        s.iter().map(|(p, _)| p.clone()).collect()
    };
    assert_eq!(paths(&french), paths(&english), "same fields, same lists");
    let codes = [
        "id",
        "kind",
        "roles",
        "to",
        "via",
        "colour",
        "notion",
        "surveys",
        "channels",
        "priority",
        "area",
        "direction",
        "frequency",
        "legal_basis",
        "format",
        "hosting",
        "procedure",
        "response_time",
        "currency",
        "currencies",
        "languages",
        "customer_types",
        "reference",
        "version",
        "dpo",
        "email",
        "phone",
        "contact",
    ];
    let code = |path: &str| {
        let key = key_of(path);
        codes.contains(&key)
            || (path.starts_with("data_exchanges[") && ["source", "target"].contains(&key))
    };
    for ((path, fr), (_, en)) in french.iter().zip(&english) {
        let translated = fr.is_string() && !code(path);
        let free = ["document.language", "document.logo"].contains(&path.as_str());
        if translated || free {
            continue;
        }
        assert_eq!(fr, en, "{path}: the same value in both");
    }
}

#[test]
fn french_example_shows_every_value() {
    assert_every_value_shown(&spec("velo-horizon.yaml"), Language::Fr, "velo-md");
}

#[test]
fn english_example_shows_every_value() {
    assert_every_value_shown(&spec("northwind-b2b.yaml"), Language::En, "northwind-md");
}

#[test]
fn document_has_every_section_in_order() {
    let md = render_markdown(&spec("velo-horizon.yaml"), "sections");
    let sections = [
        "## Historique des révisions",
        "## Sommaire",
        "## 1. Présentation du projet",
        "### 1.3 Objectifs",
        "### 1.5 Planning et jalons",
        "### 1.6 Budget",
        "### 1.7 Gouvernance et contacts",
        "## 2. L’entreprise",
        "### 2.4 Organisation et utilisateurs du CRM",
        "## 3. Principes directeurs",
        "## 4. Parcours client et canaux",
        "### 4.2 Points de contact",
        "### 4.3 Processus métier",
        "### 4.4 Usages mobiles",
        "## 5. L’expérience client F.L.E.U.R.",
        "### 5.1 F — Fidélité",
        "### 5.2 R — Rentabilité",
        "## 6. Besoins fonctionnels",
        "### 6.1 Synthèse des exigences",
        "## 7. Exigences techniques",
        "### 7.3 Reprise des données",
        "### 7.5 Exigences de qualité",
        "### 7.6 Protection des données (RGPD)",
        "## 8. Conduite du changement",
        "## 9. Prestations attendues",
        "## 10. Engagements contractuels et niveaux de service",
        "### 10.2 Niveaux de service",
        "### 10.5 Livrables",
        "## 11. Règlement de la consultation",
        "### 11.1 Procédure",
        "### 11.5 Démonstrations",
        "### 11.6 Critères d’évaluation",
        "### 11.7 Offre financière",
        "## Annexe A — Glossaire",
        "## Annexe B — Index des exigences",
    ];
    let mut from = 0;
    for heading in sections {
        let at = md[from..]
            .find(&format!("{heading}\n"))
            .unwrap_or_else(|| panic!("`{heading}` missing or out of order"));
        from += at;
    }
    // The table of contents links to the numbered headings.
    assert!(md.contains("- [1. Présentation du projet](#1-présentation-du-projet)"));
    assert!(md.contains("  - [6.2 Clients et vélos](#62-clients-et-vélos)"));
}

#[test]
fn tables_carry_ids_totals_and_summaries() {
    let md = render_markdown(&spec("velo-horizon.yaml"), "tables");
    // Derived requirement IDs: module prefix and position.
    assert!(
        md.contains("| CLI-01 | **Fiche client et vélos possédés** |"),
        "{md}"
    );
    assert!(md.contains("| ATE-03 | **Rappels de révision** |"));
    assert!(md.contains("| FID-03 | **Parrainage** |"));
    // Summary per module × priority (P/I/S: three levels), with totals; catalogue entries
    // count in their module (PLT-*: 4 must → P, 4 should → I, 1 could → S).
    assert!(
        md.contains("| Module | Préfixe | P | I | S | Total |"),
        "{md}"
    );
    assert!(md.contains("| Atelier | ATE | 2 | 1 | 0 | 3 |"), "{md}");
    assert!(
        md.contains("| Plateforme et RGPD | PLT | 4 | 4 | 1 | 9 |"),
        "{md}"
    );
    assert!(md.contains("| **Total** | | **9** | **7** | **3** | **19** |"));
    // Organisation totals (148 staff, 148 CRM users).
    assert!(md.contains("| **Total** | **148** | **148** | |"));
    // Criteria and their total.
    assert!(md.contains(
        "| Coût total sur 4\u{a0}ans | 30\u{202f}% | Coût total de possession le plus bas ÷ coût total de possession de l’offre × pondération |"
    ));
    assert!(md.contains("| **Total** | **100\u{202f}%** | |"));
    // Objectives table with KPI, target and deadline.
    assert!(md.contains("| OBJ-2 | **Faire revenir à l’atelier**"));
    // Data exchanges with direction, frequency and legal basis.
    assert!(md.contains("Bidirectionnel<br>Temps réel"));
    assert!(md.contains("Base légale\u{202F}: consentement"));
}

#[test]
fn catalogue_requirements_and_priority_scheme() {
    let md = render_markdown(&spec("velo-horizon.yaml"), "catalogue");
    // The P/I/S legend, stated once, and priorities shown as their letter.
    assert!(md.contains("l’échelle P/I/S usuelle des marchés publics"));
    assert!(
        md.contains("| **P — Indispensable** | Exigence impérative"),
        "{md}"
    );
    assert!(md.contains("| **S — Souhaitable** |"));
    assert!(!md.contains("MoSCoW"));
    assert!(md.contains("| CLI-01 | **Fiche client et vélos possédés** | Chaque vélo vendu est rattaché à son propriétaire, avec numéro de cadre et garantie. | P |"));
    // Catalogue entries in French, after the module's own items, with their stable IDs,
    // acceptance criteria, and the override (MKT-JOURNEY: should → S).
    let consent = md
        .find("| MKT-CONSENT | **Gestion des consentements** |")
        .expect("MKT-CONSENT");
    assert!(md.find("| FID-03 | **Parrainage** |").unwrap() < consent);
    assert!(md.contains(
        "| MKT-JOURNEY | **Parcours automatisés** | Des scénarios déclenchés par un événement"
    ));
    assert!(md.contains("sans intervention manuelle. | S |"));
    assert!(md.contains("| PLT-SSO | **Authentification unique** |"));
    assert!(md.contains(
        "Un compte désactivé dans l’annuaire de l’entreprise ne peut plus se connecter au CRM."
    ));
    // The requirement index, when the document has one, lists them too.
    let index = md.contains("## Annexe B — Index des exigences");
    assert_eq!(
        md.matches("PLT-REVERSIBILITY").count(),
        1 + usize::from(index),
        "table and index"
    );

    // English questionnaire: English catalogue text, MoSCoW legend.
    let md = render_markdown(&spec("northwind-b2b.yaml"), "catalogue-en");
    assert!(md.contains("MoSCoW priority"));
    assert!(
        md.contains("| PLT-SSO | **Single sign-on** | Users sign in with their company account")
    );
    assert!(md.contains("| PLT-GDPR-RIGHTS | **Data subject rights** |"));
    assert!(md.contains("| REP-SELF | **Self-service reports** |"));
}

#[test]
fn french_typography_and_formats() {
    let md = render_markdown(&spec("velo-horizon.yaml"), "typo");
    assert!(
        md.contains("95\u{202F}000"),
        "thousands with a narrow no-break space"
    );
    assert!(
        md.contains("entre 120\u{202F}000\u{A0}€ et"),
        "money, in the budget's sentence"
    );
    assert!(md.contains("15\u{A0}janvier 2027"), "dates in words");
    assert!(
        md.contains("1er\u{A0}janvier") || !md.contains("-01-01"),
        "first of the month"
    );
    assert!(
        md.contains("**Client\u{202F}:**"),
        "narrow space before a colon"
    );
    assert!(
        md.contains("«\u{202F}vélo prêt\u{202F}»"),
        "spaces inside guillemets"
    );
    assert!(!md.contains(" :"), "no plain space before a colon");
}

#[test]
fn english_formats() {
    let md = render_markdown(&spec("northwind-b2b.yaml"), "english");
    assert!(md.contains("## 6. Functional requirements"));
    assert!(md.contains("8\u{A0}February 2027"));
    assert!(md.contains("4,800"));
    assert!(md.contains("between £250,000 and £400,000, excluding VAT."));
    assert!(md.contains("**Client:**"));
    assert!(
        md.contains("| ACC-01 | **Account hierarchy** |"),
        "explicit module prefixes are used"
    );
    assert!(!md.contains('\u{202F}'), "no French spacing in English");
}

#[test]
fn user_text_is_escaped() {
    let dir = temp_dir("escape");
    let base = std::fs::read_to_string(spec("velo-horizon.yaml")).unwrap();
    let nasty = r#"a *b* _c_ # d | e < f > `g` {{ h }} {% i %} [j](k) \l"#;
    let text = base
        .replace(
            "function: \"Essayer, acheter, louer, déposer son vélo à l'atelier.\"",
            &format!("function: {:?}", format!("{nasty}\nsecond line")),
        )
        .replace("title: \"Dédoublonnage\"", &format!("title: {nasty:?}"))
        .replace("logo: velo-horizon-logo.png", "");
    let path = dir.join("q.yaml");
    std::fs::write(&path, text).unwrap();
    let md = render_markdown(&path, "escape-out");
    let shown = markdown_text(&md);
    assert!(shown.contains(nasty), "user text shows as typed");
    // Tables keep their column count: the channel table has 7 columns on every row.
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut cells = 0;
    let mut rows = Vec::new();
    for event in Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => {
                rows.push(cells);
                cells = 0;
            }
            Event::End(TagEnd::Table) => {
                let first = rows[0];
                assert!(
                    rows.iter().all(|r| *r == first),
                    "a table lost its shape: {rows:?}"
                );
                rows.clear();
            }
            _ => {}
        }
    }
    // No emphasis, heading, link or code was created from user text.
    assert!(!md.contains("<em>") && !shown.contains("second line\n"));
    for event in Parser::new(&md) {
        if let Event::Start(Tag::Link { dest_url, .. }) = event {
            assert!(dest_url.starts_with('#'), "only the TOC links: {dest_url}");
        }
    }
}

#[test]
fn ids_are_stable_and_explicit_ids_kept() {
    let (a, base) = render(&spec("velo-horizon.yaml"), "stable-a", "md");
    let (b, _) = render(&spec("velo-horizon.yaml"), "stable-b", "md");
    let first = std::fs::read(a.join(format!("{base}.md"))).unwrap();
    let second = std::fs::read(b.join(format!("{base}.md"))).unwrap();
    assert_eq!(first, second, "re-rendering gives the same Markdown");
    let Some(reference) = reference() else { return };
    let md = render_markdown(&reference, "stable-ref");
    assert!(md.contains("| CLI-01 | **Fiche client unique** |"));
    assert!(md.contains("| CLI-02 | **Dédoublonnage** |"));
    assert!(md.contains("| MOB-02 | **Mode hors ligne** |"));
}

#[test]
fn optional_sections_are_left_out_cleanly() {
    let (out, base) = render(
        &root().join("tests/fixtures/minimal.yaml"),
        "optional",
        "md",
    );
    let md = std::fs::read_to_string(out.join(format!("{base}.md"))).unwrap();
    for absent in [
        "Principes directeurs",
        "Usages mobiles",
        "Reprise des données",
        "Glossaire",
        "Budget",
        "Historique des révisions",
        "Confidentialité",
        "![Logo",
        "Contraintes",
        "Contacts\u{202F}:",
        "Soutenances",
        "Comité de pilotage",
    ] {
        assert!(!md.contains(absent), "`{absent}` should be left out:\n{md}");
    }
    assert!(
        md.contains("## 3. Parcours client et canaux"),
        "numbering closes the gap"
    );
    assert!(
        !md.contains("Index des exigences"),
        "a short list in one chapter needs no index"
    );
    assert!(
        md.contains("| OBJ-1 | **Centraliser les contacts** | — | — | — |"),
        "missing KPI shown as a dash"
    );
    assert!(!md.contains("\n\n\n"), "no empty leftovers");
}

#[test]
fn templates_can_be_overridden_file_by_file() {
    let dir = temp_dir("templates");
    std::fs::write(
        dir.join("services.md.tera"),
        "## {{ \"services\" | t }}\n\nPrestations sur mesure pour {{ q.document.client }} :\n{% for s in q.services %}\n- {{ s }}\n{%- endfor %}\n",
    )
    .unwrap();
    let out = temp_dir("templates-out");
    let output = render_with(
        &spec("velo-horizon.yaml"),
        &out,
        &["--format", "md", "--templates", dir.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let md =
        std::fs::read_to_string(out.join("cahier-des-charges-crm-et-fidelite-velo-horizon.md"))
            .unwrap();
    assert!(md.contains("Prestations sur mesure pour Vélo Horizon SA\u{202F}:"));
    assert!(
        md.contains("## 1. Présentation du projet"),
        "the other templates are the built-in ones"
    );

    // A broken user template is the user's to fix: exit 2, naming the template and line.
    std::fs::write(
        dir.join("services.md.tera"),
        "## ok\n\n{{ q.services | nope }}\n",
    )
    .unwrap();
    let out = temp_dir("templates-bad");
    let output = render_with(
        &spec("velo-horizon.yaml"),
        &out,
        &["--templates", dir.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("services.md.tera") && err.contains("nope"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn check_validates_and_writes_nothing() {
    let dir = temp_dir("check");
    let output = crmspec(&["check", spec("northwind-b2b.yaml").to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("readiness 95/100 (0 errors, 1 warning, 0 info)"),
        "{}",
        stdout(&output)
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
}

#[test]
fn format_option_selects_outputs() {
    let (out, base) = render(&spec("northwind-b2b.yaml"), "formats", "md");
    assert!(out.join(format!("{base}.md")).exists());
    assert!(!out.join(format!("{base}.pdf")).exists());
    let out = temp_dir("formats-all");
    let output = render_with(&spec("northwind-b2b.yaml"), &out, &["--format", "md,pdf"]);
    assert!(output.status.success());
    assert!(out.join(format!("{base}.pdf")).exists() && out.join(format!("{base}.md")).exists());
    assert!(
        out.join("assets/logo.jpg").exists(),
        "the logo is written beside the Markdown"
    );
}

#[test]
fn outputs_are_replaced_whole() {
    let (out, base) = render(&spec("northwind-b2b.yaml"), "replace", "md");
    let path = out.join(format!("{base}.md"));
    std::fs::write(&path, "stale").unwrap();
    let output = render_with(&spec("northwind-b2b.yaml"), &out, &["--format", "md"]);
    assert!(output.status.success());
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(md.starts_with("<!-- crmspec:cover -->"));
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left");
}

#[test]
fn many_questionnaires_render_in_parallel_and_failures_stay_local() {
    let dir = temp_dir("batch-in");
    for name in [
        "velo-horizon.yaml",
        "velo-horizon-logo.png",
        "northwind-b2b.yaml",
        "northwind-logo.jpg",
    ] {
        std::fs::copy(spec(name), dir.join(name)).unwrap();
    }
    std::fs::write(dir.join("broken.yaml"), "version: 1\ndocument: [\n").unwrap();
    let out = temp_dir("batch-out");
    let minimal = root().join("tests/fixtures/minimal.yaml");
    let output = crmspec(&[
        "render",
        dir.to_str().unwrap(),
        minimal.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "md",
    ]);
    assert_eq!(output.status.code(), Some(2), "one bad file: exit 2");
    let err = stderr(&output);
    assert_eq!(
        err.matches("] ").count(),
        4,
        "a progress line per file: {err}"
    );
    assert!(err.contains("[4/4]"), "{err}");
    assert!(
        err.contains("broken.yaml: 1 problem\n")
            && err.contains("broken.yaml:3:1: error: invalid YAML"),
        "{err}"
    );
    assert!(
        stdout(&output).contains("3 rendered, 1 failed"),
        "{}",
        stdout(&output)
    );
    assert!(out
        .join("velo-horizon/cahier-des-charges-crm-et-fidelite-velo-horizon.md")
        .exists());
    assert!(out
        .join("northwind-b2b/crm-requirements-specification-northwind-components.md")
        .exists());
    assert!(out.join("minimal/crm-minimal.md").exists());
    assert!(
        !out.join("broken").exists(),
        "nothing written for the bad file"
    );
}

#[test]
fn every_format_is_reproducible() {
    let run = |name: &str| {
        let out = temp_dir(name);
        let output = render_with(&spec("velo-horizon.yaml"), &out, &[]);
        assert!(output.status.success());
        let mut files = Vec::new();
        for dir in [out.clone(), out.join("figures"), out.join("assets")] {
            for entry in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
                if entry.path().is_file() {
                    files.push((entry.file_name(), std::fs::read(entry.path()).unwrap()));
                }
            }
        }
        files.sort();
        files
    };
    let (first, second) = (run("repro-a"), run("repro-b"));
    assert_eq!(first.len(), 6, "md, pdf, logo and three figures");
    assert!(first == second, "two renders give byte-identical files");
}

/// `render b1/q.yaml b2/q.yaml -o out` would put both into `out/q/`: one document silently
/// lost, or a Markdown and a PDF from different questionnaires. Refused before anything is
/// written; and a folder without questionnaires, or an output path that is a file, are bad
/// input (exit 2), not "0 rendered".
#[test]
fn batch_collisions_empty_folders_and_file_outputs_are_bad_input() {
    let dir = temp_dir("batch-collision");
    for sub in ["b1", "b2"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::copy(spec("velo-horizon.yaml"), dir.join(sub).join("q.yaml")).unwrap();
        std::fs::copy(
            spec("velo-horizon-logo.png"),
            dir.join(sub).join("velo-horizon-logo.png"),
        )
        .unwrap();
    }
    let out = dir.join("out");
    let (b1, b2) = (dir.join("b1/q.yaml"), dir.join("b2/q.yaml"));
    let output = crmspec(&[
        "render",
        b1.to_str().unwrap(),
        b2.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains("would both be rendered into the folder `q`"),
        "{err}"
    );
    assert!(
        err.contains("b1/q.yaml") && err.contains("b2/q.yaml"),
        "{err}"
    );
    assert!(!out.exists(), "nothing written");

    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let output = crmspec(&[
        "render",
        empty.to_str().unwrap(),
        b1.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("holds no questionnaire"),
        "{}",
        stderr(&output)
    );

    let file = dir.join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let output = render_with(&b1, &file, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("is a file"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
}
