//! `crmspec diff` and `render --changes-since`: what an addendum lists, through the real binary.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// Version 2.1 of the Vélo Horizon questionnaire: one requirement's priority raised, one
/// added, one removed, a channel removed, the response deadline moved, two weights swapped,
/// a flow's protocol changed. Written beside a copy of its logo.
fn next_version(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    let text = std::fs::read_to_string(spec("velo-horizon.yaml")).unwrap();
    let edits = [
        ("  version: \"2.0\"", "  version: \"2.1\""),
        (
            "kilométrage déclaré.\"\n        priority: important",
            "kilométrage déclaré.\"\n        priority: indispensable\n      - title: \"Devis en ligne\"\n        description: \"Le client accepte le devis depuis un lien reçu par SMS.\"\n        priority: important",
        ),
        (
            "      - title: \"Parrainage\"\n        description: \"Récompenser le client qui amène un nouvel adhérent.\"\n        priority: souhaitable\n",
            "",
        ),
        (
            "  - id: instagram\n    name: \"Instagram\"\n    kind: social_networks\n    roles: [promouvoir]\n    function: \"Balades, coulisses des ateliers, nouveautés.\"\n    redirects:\n      - { to: site, via: link }\n",
            "",
        ),
        ("response_deadline: 2027-03-19", "response_deadline: 2027-03-26"),
        ("weight: 45, basis: coverage", "weight: 40, basis: coverage"),
        ("\"Coût total sur 4 ans\", weight: 30 }", "\"Coût total sur 4 ans\", weight: 35 }"),
        ("    protocol: \"Webhooks\"", "    protocol: \"Webhooks + API REST\""),
    ];
    let mut edited = text.clone();
    for (from, to) in edits {
        assert!(edited.contains(from), "the spec no longer has `{from}`");
        edited = edited.replacen(from, to, 1);
    }
    std::fs::copy(
        spec("velo-horizon-logo.png"),
        dir.join("velo-horizon-logo.png"),
    )
    .unwrap();
    let path = dir.join("velo-horizon-2.1.yaml");
    std::fs::write(&path, edited).unwrap();
    path
}

/// `crmspec diff --format json OLD NEW`, which must succeed.
fn diff_json(old: &Path, new: &Path) -> serde_json::Value {
    let out = crmspec(&[
        "diff",
        "--format",
        "json",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("JSON")
}

#[test]
fn diff_lists_added_removed_and_changed_items_with_old_and_new_values() {
    let new = next_version("diff-text");
    let old = spec("velo-horizon.yaml");
    let out = crmspec(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for line in [
        "2.0 (2027-01-15) → 2.1 (2027-01-15): 1 added, 2 removed, 5 changed",
        "  ~ ATE-03  Rappels de révision\n      Priorité: I — Important → P — Indispensable",
        "  + ATE-04  Devis en ligne",
        "  - FID-03  Parrainage",
        "  - instagram  Instagram",
        "  ~ Date limite de remise des offres\n      Date: 19\u{a0}mars 2027 → 26\u{a0}mars 2027",
        "  ~ FLX-02\n      Protocole: Webhooks → Webhooks + API REST",
        "      Pondération: 45 % → 40 %",
        "      Pondération: 30 % → 35 %",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    // Untouched areas are not listed.
    assert!(!text.contains("Objectifs"), "{text}");
}

#[test]
fn diff_json_counts_and_no_change_between_identical_versions() {
    let new = next_version("diff-json");
    let old = spec("velo-horizon.yaml");
    let json = diff_json(&old, &new);
    assert_eq!(json["added"], 1);
    assert_eq!(json["removed"], 2);
    assert_eq!(json["changed"], 5);
    let areas: Vec<&str> = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["area"].as_str().unwrap())
        .collect();
    assert_eq!(
        areas,
        [
            "diff_requirements",
            "diff_tender_dates",
            "diff_channels",
            "diff_flows",
            "diff_criteria"
        ]
    );

    let out = crmspec(&["diff", old.to_str().unwrap(), old.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("0 added, 0 removed, 0 changed\nno changes"));
}

#[test]
fn diff_refuses_an_invalid_version_naming_its_file() {
    let dir = temp_dir("diff-invalid");
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "version: 1\ndocument: {}\n").unwrap();
    let old = spec("velo-horizon.yaml");
    let out = crmspec(&["diff", old.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bad.yaml:"), "{}", stderr(&out));
}

#[test]
fn render_changes_since_adds_the_modifications_section_to_markdown_and_pdf() {
    let new = next_version("changes-since");
    let old = spec("velo-horizon.yaml");
    let out_dir = new.parent().unwrap().join("out");
    let out = render_with(&new, &out_dir, &["--changes-since", old.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md_path = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let md = std::fs::read_to_string(&md_path).unwrap();
    let section = md
        .split("## Modifications depuis la version 2.0")
        .nth(1)
        .expect("the section")
        .split("## Sommaire")
        .next()
        .unwrap();
    for row in [
        "Cette version remplace la version 2.0 du 15",
        "| Modification | ATE-03 | **Rappels de révision**<br>Priorité\u{202f}: ~~I — Important~~ → P — Indispensable |",
        "| Ajout | ATE-04 | **Devis en ligne**<br>Priorité\u{202f}: I — Important<br>Module\u{202f}: Atelier |",
        "| Suppression | FID-03 | **Parrainage** |",
        "| Suppression | instagram | **Instagram** |",
    ] {
        assert!(section.contains(row), "missing {row:?} in\n{section}");
    }
    let pdf = std::fs::read(md_path.with_extension("pdf")).unwrap();
    let text = squeeze(&pdf_text(&pdf));
    for words in [
        "Modifications depuis la version 2.0",
        "Suppression FID-03 Parrainage",
    ] {
        assert!(text.contains(&squeeze(words)), "{words} not in the PDF");
    }

    // Without the option, no such section.
    let plain = render_markdown(&new, "changes-since-plain");
    assert!(!plain.contains("Modifications depuis"));
}

#[test]
fn changes_since_is_worded_in_english_and_refused_for_a_batch() {
    let dir = temp_dir("changes-since-en");
    let old = root().join("tests/fixtures/minimal.yaml");
    let text = std::fs::read_to_string(&old).unwrap();
    let english = text.replacen("document:\n", "document:\n  language: en\n", 1);
    let old_en = dir.join("old.yaml");
    std::fs::write(&old_en, &english).unwrap();
    let new_en = dir.join("new.yaml");
    std::fs::write(
        &new_en,
        english.replacen("priority: must", "priority: should", 1),
    )
    .unwrap();
    let out = render_with(
        &new_en,
        &dir.join("out"),
        &[
            "--format",
            "md",
            "--changes-since",
            old_en.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let md: String = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(md.contains("## Changes since version"), "{md}");
    assert!(md.contains("~~Must~~ → Should"), "{md}");

    let out = crmspec(&[
        "render",
        old_en.to_str().unwrap(),
        new_en.to_str().unwrap(),
        "-o",
        dir.join("batch").to_str().unwrap(),
        "--changes-since",
        old_en.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--changes-since"));
}

/// A requirement inserted without IDs renumbers the ones after it: vendors answer by ID, so
/// `diff` and `render --changes-since` say so, and say when the version number was not raised.
#[test]
fn renumbered_requirements_and_an_unchanged_version_are_pointed_out() {
    let dir = temp_dir("diff-renumbered");
    let text = std::fs::read_to_string(spec("velo-horizon.yaml")).unwrap();
    let module = "  - module: \"Atelier\"\n    items:\n";
    assert!(text.contains(module));
    let inserted = text.replacen(
        module,
        &format!("{module}      - title: \"Accueil atelier\"\n        description: \"Fiche d'accueil du vélo.\"\n        priority: important\n"),
        1,
    );
    let new = dir.join("new.yaml");
    std::fs::write(&new, inserted).unwrap();
    std::fs::copy(
        spec("velo-horizon-logo.png"),
        dir.join("velo-horizon-logo.png"),
    )
    .unwrap();
    let old = spec("velo-horizon.yaml");

    let json = diff_json(&old, &new);
    let moves: Vec<(String, String)> = json["renumbered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["old_id"].as_str().unwrap().into(),
                r["new_id"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            ("ATE-01", "ATE-02"),
            ("ATE-02", "ATE-03"),
            ("ATE-03", "ATE-04")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let text = stdout(&crmspec(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ]));
    assert!(text.contains("warning: requirement “Agenda d'atelier” was ATE-01 and is now ATE-02"));
    assert!(text.contains("`document.version` is still 2.0"), "{text}");

    let out = render_with(
        &new,
        &dir.join("out"),
        &["--format", "md", "--changes-since", old.to_str().unwrap()],
    );
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("3 requirements changed ID since version 2.0"),
        "{err}"
    );
    assert!(
        err.contains("new.yaml:10:12: warning: `document.version`"),
        "{err}"
    );
}

/// A mistake in either version is reported with its file, line, column and field, and nothing
/// is written: for `diff` and for `render --changes-since`.
#[test]
fn a_mistake_in_the_old_version_is_located() {
    let dir = temp_dir("diff-located");
    let minimal = std::fs::read_to_string(root().join("tests/fixtures/minimal.yaml")).unwrap();
    let old = dir.join("old.yaml");
    std::fs::write(
        &old,
        minimal.replacen("priority: must", "priority: high", 1),
    )
    .unwrap();
    let line = minimal
        .lines()
        .position(|l| l.contains("priority: must"))
        .unwrap()
        + 1;
    let expected = format!(":{line}:");
    let new = root().join("tests/fixtures/minimal.yaml");

    let out = crmspec(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(&format!("old.yaml{expected}")), "{err}");
    assert!(
        err.contains("`requirements[0].items[0].priority`: `high`"),
        "{err}"
    );

    let out_dir = dir.join("out");
    let out = render_with(&new, &out_dir, &["--changes-since", old.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(&format!("old.yaml{expected}")));
    assert!(!out_dir.exists() || std::fs::read_dir(&out_dir).unwrap().next().is_none());
}

/// Version 1.1 of the Northwind questionnaire: a change in each of the tender's sections —
/// reference, a process, quality requirements, GDPR processor, a deliverable, contract terms,
/// a service level, an acceptance stage, sub-criteria, tender rules, a demonstration scenario,
/// the price schedule. Written beside a copy of its logo.
fn northwind_next(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    let text = std::fs::read_to_string(spec("northwind-b2b.yaml")).unwrap();
    let edits = [
        ("  version: \"1.0\"\n", "  version: \"1.1\"\n"),
        ("\"NWC-ITT-2027-004\"", "\"NWC-ITT-2027-004/A\""),
        ("routed by product family;", "routed by product family and country;"),
        (
            "level AA.\"\n    priority: should",
            "level AA.\"\n    priority: must",
        ),
        (
            "for testing changes to the SAP integration.\"\n    priority: should\n",
            "for testing changes to the SAP integration.\"\n    priority: should\n  - id: QUA-06\n    area: security\n    title: \"Penetration test\"\n    description: \"An independent penetration test every year, its summary shared with Northwind.\"\n    priority: must\n    acceptance: \"The first report is received before go-live.\"\n",
        ),
        ("in any event within 24 hours", "in any event within 48 hours"),
        ("due: \"Six weeks after", "due: \"Eight weeks after"),
        ("within 90 days of final acceptance", "within 120 days of final acceptance"),
        (
            "response: \"4 working hours\", resolution: \"5 working days\"",
            "response: \"4 working hours\", resolution: \"3 working days\"",
        ),
        (
            "    - { step: \"Hypercare\", description: \"Go-live in the UK and Germany, followed by six weeks with no open P1 or P2 incident.\", duration: \"6 weeks\" }\n",
            "",
        ),
        ("transition assistance at the day rates", "transition assistance at a fixed price"),
        ("procedure: private", "procedure: negotiated"),
        ("response_time: \"12:00\"", "response_time: \"17:00\""),
        ("offer_validity_days: 90", "offer_validity_days: 120"),
        ("variants: false", "variants: true"),
        ("    - \"Signed non-disclosure agreement\"\n", ""),
        (
            "is escalated automatically to the team lead.\"\n",
            "is escalated automatically to the team lead.\"\n          - \"The team lead reassigns it to a German-speaking engineer.\"\n",
        ),
        ("compliance matrix\", weight: 25 }", "compliance matrix\", weight: 20 }"),
        ("scenarios\", weight: 10 }", "scenarios\", weight: 15 }"),
        ("profile: \"Quote desk\", users: 25", "profile: \"Quote desk\", users: 30"),
        (
            "    - \"Predictive churn scoring module\"\n",
            "    - \"Predictive churn scoring module\"\n    - \"Partner relationship management for distributors\"\n",
        ),
    ];
    let mut edited = text.clone();
    for (from, to) in edits {
        assert_eq!(
            edited.matches(from).count(),
            1,
            "`{from}` is not once in the spec"
        );
        edited = edited.replacen(from, to, 1);
    }
    std::fs::copy(spec("northwind-logo.jpg"), dir.join("northwind-logo.jpg")).unwrap();
    let path = dir.join("northwind-1.1.yaml");
    std::fs::write(&path, edited).unwrap();
    path
}

#[test]
fn diff_reports_the_tender_sections_changes() {
    let new = northwind_next("diff-tender");
    let old = spec("northwind-b2b.yaml");
    let out = crmspec(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for line in [
        "1.0 (2027-02-08) → 1.1 (2027-02-08): 1 added, 1 removed, 14 changed",
        "\nDocument\n  ~ Document\n      Reference: NWC-ITT-2027-004 → NWC-ITT-2027-004/A\n",
        "\nBusiness processes\n  ~ PRC-02  Technical support request\n      Target: Every request",
        "routed by product family and country;",
        "\nQuality requirements\n  ~ QUA-04  Accessible customer portal\n      Priority: Should → Must\n",
        "  + QUA-06  Penetration test\n      Priority: Must\n      Area: Security\n",
        "\nData processor commitments\n  ~ Notification of personal data breaches\n      Commitment: Without undue delay",
        "\nDeliverables\n  ~ SAP interface specifications\n      Due: Six weeks after contract signature → Eight weeks after contract signature\n",
        "\nContract terms\n  ~ Warranty\n      Clause: Defects found within 90 days",
        "  ~ Exit plan\n      Cost: Data export included; transition assistance at the day rates in the price schedule → Data export included; transition assistance at a fixed price in the price schedule\n",
        "\nService levels\n  ~ P3 — Medium\n      Resolution time: 5 working days → 3 working days\n",
        "\nAcceptance stages\n  - Hypercare\n",
        "  ~ Functional fit › Coverage of the requirements in the compliance matrix\n      Weight: 25 % → 20 %\n",
        "  ~ Functional fit › Demonstration of the scenarios\n      Weight: 10 % → 15 %\n",
        "\nTender rules\n  ~ Tender rules\n",
        "      Procedure: Private tender → Competitive procedure with negotiation\n",
        "      Deadline time: 12:00 → 17:00\n",
        "      Tender validity (days): 90 → 120\n",
        "      Variants accepted: No → Yes\n",
        "      Documents to submit: Technical proposal",
        "\nDemonstration scenarios\n  ~ A support ticket under SLA\n      Steps: ",
        "\nPrice schedule\n  ~ Price schedule\n      Options: ",
        "  ~ Quote desk\n      Users: 25 → 30\n",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    // The criteria themselves kept their weights: only their sub-criteria are listed.
    assert!(!text.contains("  ~ Functional fit\n"), "{text}");
}

/// A section added whole is listed item by item, in the areas' document order, in French too.
#[test]
fn diff_lists_a_contract_and_pricing_added_whole() {
    let dir = temp_dir("diff-tender-added");
    let text = std::fs::read_to_string(spec("velo-horizon.yaml")).unwrap();
    let contract = text
        .find("\ncontract:\n")
        .expect("the example has a contract");
    let contract_end = contract
        + text[contract + 1..]
            .find("\n\n")
            .expect("a blank line after the contract")
        + 1;
    let pricing = text.find("\npricing:\n").expect("the example prices");
    let pricing_end = pricing + text[pricing + 1..].find("\n\n").unwrap() + 1;
    let mut without = text[..pricing].to_string() + &text[pricing_end..];
    without.replace_range(contract..contract_end, "");
    let old = dir.join("old.yaml");
    std::fs::write(&old, &without).unwrap();
    std::fs::copy(
        spec("velo-horizon-logo.png"),
        dir.join("velo-horizon-logo.png"),
    )
    .unwrap();
    let json = diff_json(&old, &spec("velo-horizon.yaml"));
    let areas: Vec<&str> = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["area"].as_str().unwrap())
        .collect();
    assert_eq!(
        areas,
        [
            "diff_contract",
            "diff_service_levels",
            "diff_acceptance",
            "diff_pricing"
        ]
    );
    assert_eq!(json["removed"], 0);
    assert_eq!(json["changed"], 0);
    let titles: Vec<&str> = json["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Clauses du contrat",
            "Niveaux de service",
            "Étapes de recette",
            "Bordereau de prix"
        ]
    );
    let change = |area: usize, id: &str| {
        json["groups"][area]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("{id} not in {}", json["groups"][area]))
            .clone()
    };
    let bloquant = change(1, "Bloquant");
    assert_eq!(bloquant["kind"], "added");
    assert_eq!(bloquant["fields"][0]["field"], "Délai de prise en charge");
    assert_eq!(bloquant["fields"][0]["new"], "30 minutes");
    assert_eq!(
        change(3, "Mécanicien")["fields"][0]["new"],
        "45",
        "a licence shows its users"
    );
}
