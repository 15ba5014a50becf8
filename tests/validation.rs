//! Bad questionnaires: each rule refuses with exit code 2, names the file, the line and the
//! field, and writes nothing.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// Writes the French example with `from` replaced by `to` (which must occur) into a fresh
/// folder with its logo; returns the questionnaire's path and text.
fn mutated(name: &str, edits: &[(&str, &str)]) -> (PathBuf, String) {
    let dir = temp_dir(name);
    let mut text = std::fs::read_to_string(spec("velo-horizon.yaml")).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "fixture text not found: {from}");
        text = text.replacen(from, to, 1);
    }
    std::fs::copy(
        spec("velo-horizon-logo.png"),
        dir.join("velo-horizon-logo.png"),
    )
    .unwrap();
    let path = dir.join("q.yaml");
    std::fs::write(&path, &text).unwrap();
    (path, text)
}

#[test]
fn syntax_error() {
    let (path, text) = mutated("syntax", &[("  employees: 160", "  employees: [160")]);
    let err = refused(&path);
    assert!(
        err.contains(&format!("{}:", path.display())) && err.contains("invalid YAML"),
        "{err}"
    );
    let line = line_of(&text, "employees: [160");
    assert!(
        err.contains(&format!(":{}:", line + 1)) || err.contains(&format!(":{line}:")),
        "{err}"
    );
}

#[test]
fn unknown_key_with_suggestion() {
    let (path, text) = mutated(
        "unknown-key",
        &[(
            "  objectives:\n    - title: \"Connaître",
            "  objectivs:\n    - title: \"Connaître",
        )],
    );
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "objectivs"),
        "project.objectivs",
        "unknown key",
    );
    assert!(err.contains("hint: did you mean `objectives`?"), "{err}");
}

#[test]
fn unknown_section_with_suggestion() {
    let (path, text) = mutated("unknown-section", &[("glossary:", "glosary:")]);
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "glosary:"),
        "glosary",
        "unknown section",
    );
    assert!(err.contains("did you mean `glossary`?"));
}

#[test]
fn wrong_type() {
    let (path, text) = mutated(
        "wrong-type",
        &[("  employees: 160", "  employees: \"beaucoup\"")],
    );
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "\"beaucoup\""),
        "company.employees",
        "`\"beaucoup\"` is text, expected a whole number of employees, e.g. 250",
    );
}

/// The position a message starts with: `file:line:column: error`.
fn assert_at(err: &str, path: &Path, line: usize, column: usize, message: &str) {
    let prefix = format!("{}:{line}:{column}: error: ", path.display());
    assert!(
        err.lines()
            .any(|l| l.starts_with(&prefix) && l.contains(message)),
        "expected {prefix}… {message} in:\n{err}"
    );
}

/// The column (1-based, in characters) where `needle` starts on its line.
fn column_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("needle in text");
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at].chars().count() + 1
}

#[test]
fn wrong_type_unquoted_names_the_word_and_shows_the_line() {
    let (path, text) = mutated(
        "wrong-type-word",
        &[("  employees: 160", "  employees: beaucoup")],
    );
    let err = refused(&path);
    let line = line_of(&text, "employees: beaucoup");
    assert_at(
        &err,
        &path,
        line,
        column_of(&text, "beaucoup"),
        "`company.employees`: `beaucoup` is text, expected a whole number of employees, e.g. 250",
    );
    assert!(!err.contains("u64"), "{err}");
    // The source line and a caret under the value, as compilers show them.
    assert!(
        err.contains(&format!("{line} |   employees: beaucoup\n"))
            && err.contains("|              ^^^^^^^^\n"),
        "{err}"
    );
}

#[test]
fn multi_line_quoted_value_keeps_later_positions() {
    let (path, text) = mutated(
        "multi-line-quote",
        &[
            (
                "description: \"Chaque vélo vendu est rattaché à son propriétaire, avec numéro de cadre et garantie.\"",
                "description: \"Chaque vélo vendu est rattaché\nà son propriétaire, avec numéro\nde cadre et garantie.\"",
            ),
            ("priority: important", "priority: importan"),
            ("hosting: saas", "hosting: cloud"),
        ],
    );
    let err = refused(&path);
    assert_at(
        &err,
        &path,
        line_of(&text, "priority: importan\n"),
        column_of(&text, "importan\n"),
        "`importan` is not an allowed value",
    );
    assert_at(
        &err,
        &path,
        line_of(&text, "hosting: cloud"),
        column_of(&text, "cloud"),
        "`cloud` is not an allowed value",
    );
}

#[test]
fn unclosed_quote_at_the_end_is_reported_where_it_opens() {
    let (path, text) = mutated(
        "unclosed-quote-end",
        &[(
            "\"Entretien périodique recommandé par le constructeur.\" }",
            "\"Entretien périodique recommandé par le constructeur. }",
        )],
    );
    let err = refused(&path);
    assert_at(
        &err,
        &path,
        line_of(&text, "\"Entretien périodique"),
        column_of(&text, "\"Entretien périodique"),
        "invalid YAML: the quote `\"` opened here is never closed",
    );
    assert!(
        err.contains("hint: end the value with a closing `\"`"),
        "{err}"
    );
}

#[test]
fn unclosed_quote_inside_the_file_is_reported_where_it_opens() {
    let (path, text) = mutated(
        "unclosed-quote-inside",
        &[(
            "  sector: \"Distribution et réparation de cycles\"",
            "  sector: \"Distribution et réparation de cycles",
        )],
    );
    let err = refused(&path);
    assert_at(
        &err,
        &path,
        line_of(&text, "  sector: "),
        column_of(&text, "\"Distribution et"),
        "invalid YAML: the quote `\"` opened here is not closed on its line",
    );
    assert!(
        err.contains(&format!(
            "on to the next quote, on line {}",
            line_of(&text, "  sector: ") + 1
        )),
        "{err}"
    );
}

#[test]
fn tab_used_for_indentation() {
    let (path, text) = mutated("tab", &[("  employees: 160", "\temployees: 160")]);
    let err = refused(&path);
    assert_at(
        &err,
        &path,
        line_of(&text, "\temployees"),
        1,
        "invalid YAML: a tab is used for indentation",
    );
    assert!(err.contains("hint: YAML indents with spaces only"), "{err}");
}

#[test]
fn unquoted_colon_inside_a_value() {
    let (path, text) = mutated(
        "colon",
        &[(
            "  sector: \"Distribution et réparation de cycles\"",
            "  sector: Distribution: réparation de cycles",
        )],
    );
    let err = refused(&path);
    assert_at(
        &err,
        &path,
        line_of(&text, "  sector: "),
        column_of(&text, ": réparation"),
        "invalid YAML: a colon followed by a space inside an unquoted value",
    );
    assert!(
        err.contains(
            "hint: put the value in double quotes: `sector: \"Distribution: réparation de cycles\"`"
        ),
        "{err}"
    );
}

#[test]
fn version_read_as_a_number() {
    let (path, text) = mutated(
        "version-number",
        &[("  version: \"2.0\"", "  version: 2.10")],
    );
    let err = refused(&path);
    assert_at(
        &err,
        &path,
        line_of(&text, "version: 2.10"),
        column_of(&text, "2.10"),
        "`document.version`: `2.10` is read as the number 2.1, expected a version in quotes, e.g. \"1.2\"",
    );
    assert!(
        err.contains("hint: write it in quotes to keep it as typed: `version: \"2.10\"`"),
        "{err}"
    );
}

#[test]
fn number_too_large() {
    let (path, text) = mutated(
        "too-large",
        &[("  employees: 160", "  employees: 999999999999999999999999")],
    );
    let err = refused(&path);
    assert_at(
        &err,
        &path,
        line_of(&text, "employees: 9"),
        column_of(&text, "999999"),
        "`company.employees`: `999999999999999999999999` is too large a number, expected a whole number of employees, e.g. 250",
    );
    assert!(!err.contains("u128"), "{err}");
}

#[test]
fn number_out_of_range_for_the_field() {
    let (path, text) = mutated("out-of-range", &[("  employees: 160", "  employees: -5")]);
    let err = refused(&path);
    assert_at(
        &err,
        &path,
        line_of(&text, "employees: -5"),
        column_of(&text, "-5"),
        "`company.employees`: `-5` is out of range, expected a whole number of employees, e.g. 250",
    );
}

#[test]
fn value_outside_enum() {
    let (path, text) = mutated("enum", &[("kind: sms", "kind: smss")]);
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "kind: smss"),
        "channels[2].kind",
        "`smss` is not an allowed value",
    );
    assert!(err.contains("did you mean `sms`?"), "{err}");
}

#[test]
fn invalid_date() {
    let (path, text) = mutated("date", &[("date: 2027-04-02", "date: 2027-04-31")]);
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "2027-04-31"),
        "project.planning[1].date",
        "YYYY-MM-DD",
    );
}

#[test]
fn missing_petal() {
    let (path, text) = mutated("petal", &[("  ecoute:\n", "  ecoutes:\n")]);
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "ecoutes:"),
        "fleur.ecoutes",
        "unknown key",
    );
    assert!(err.contains("did you mean `ecoute`?"), "{err}");
}

#[test]
fn missing_required_petal_entirely() {
    let (path, text) = mutated(
        "petal-gone",
        &[(
            "  rentabilite:\n    actors:",
            "  rentabilite_x_removed:\n    actors:",
        )],
    );
    let err = refused(&path);
    assert!(
        err.contains("missing required key `rentabilite`") || err.contains("unknown key"),
        "{err}"
    );
    let _ = text;
}

#[test]
fn many_problems_in_one_run() {
    let (path, _) = mutated(
        "many",
        &[
            ("kind: sms", "kind: smss"),
            ("  employees: 160", "  employees: many"),
            ("hosting: saas", "hosting: cloud"),
        ],
    );
    let err = refused(&path);
    assert!(
        err.contains("channels[2].kind")
            && err.contains("company.employees")
            && err.contains("technical.hosting"),
        "{err}"
    );
    assert!(err.contains("3 problems found"), "{err}");
}

#[test]
fn redirect_to_unknown_channel() {
    let (path, text) = mutated(
        "redirect",
        &[(
            "{ to: magasin, via: store_locator",
            "{ to: magazin, via: store_locator",
        )],
    );
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "to: magazin"),
        "channels[1].redirects[0].to",
        "unknown channel `magazin`",
    );
    assert!(err.contains("did you mean `magasin`?"));
}

#[test]
fn unknown_channel_role() {
    let (path, text) = mutated(
        "role",
        &[(
            "roles: [promouvoir]\n    function: \"Sorties",
            "roles: [promotion]\n    function: \"Sorties",
        )],
    );
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "[promotion]"),
        "channels[3].roles[0]",
        "unknown channel role `promotion`",
    );
    assert!(err.contains("did you mean `promouvoir`?"), "{err}");
}

#[test]
fn unknown_exchange_source_and_target() {
    let (path, text) = mutated(
        "flows",
        &[
            ("source: caisse", "source: caise"),
            (
                "target: crm\n    data: [\"Comptes\"",
                "target: crn\n    data: [\"Comptes\"",
            ),
        ],
    );
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "source: caise"),
        "data_exchanges[0].source",
        "unknown system `caise`",
    );
    assert_reported(
        &err,
        &path,
        line_of(&text, "target: crn"),
        "data_exchanges[1].target",
        "unknown system `crn`",
    );
    assert!(err.contains("did you mean `crm`?"), "{err}");
}

#[test]
fn duplicate_ids() {
    let (path, text) = mutated(
        "duplicates",
        &[
            ("id: FLX-02", "id: FLX-01"),
            ("  - id: sms\n", "  - id: site\n"),
            ("{ id: fichier,", "{ id: caisse,"),
            (
                "    - title: \"Connaître",
                "    - id: OBJ-1\n      title: \"Connaître",
            ),
            (
                "    - title: \"Faire revenir",
                "    - id: OBJ-1\n      title: \"Faire revenir",
            ),
            (
                "      - title: \"Fiche client",
                "      - id: CLI-01\n        title: \"Fiche client",
            ),
            (
                "      - title: \"Dédoublonnage\"",
                "      - id: CLI-01\n        title: \"Dédoublonnage\"",
            ),
        ],
    );
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "id: FLX-01\n    source: boutique"),
        "data_exchanges[1].id",
        "duplicate data exchange id `FLX-01`",
    );
    assert_reported(
        &err,
        &path,
        line_of(&text, "  - id: site\n    name: \"SMS\""),
        "channels[2].id",
        "duplicate channel id `site`",
    );
    assert_reported(
        &err,
        &path,
        line_of(&text, "{ id: caisse, name: \"Fichier"),
        "systems[2].id",
        "duplicate system id `caisse`",
    );
    assert_reported(
        &err,
        &path,
        line_of(&text, "id: OBJ-1\n      title: \"Faire"),
        "project.objectives[1].id",
        "duplicate objective id `OBJ-1`",
    );
    assert_reported(
        &err,
        &path,
        line_of(&text, "id: CLI-01\n        title: \"Dédoublonnage"),
        "requirements[0].items[1].id",
        "duplicate requirement id `CLI-01`",
    );
}

#[test]
fn derived_id_never_collides_with_an_explicit_one() {
    let (path, _) = mutated(
        "derived",
        &[(
            "      - title: \"Dédoublonnage\"",
            "      - id: CLI-01\n        title: \"Dédoublonnage\"",
        )],
    );
    // The first item, without id, would derive CLI-01: it must not, and the explicit one wins.
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replacen("      - id: CLI-01\n", "      - id: CLI-07\n", 1);
    std::fs::write(&path, text).unwrap();
    let out = path.parent().unwrap().join("out");
    let output = render_with(&path, &out, &["--format", "md"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let md =
        std::fs::read_to_string(out.join("cahier-des-charges-crm-et-fidelite-velo-horizon.md"))
            .unwrap();
    assert!(md.contains("| CLI-01 | **Fiche client et vélos possédés**"));
    assert!(md.contains("| CLI-07 | **Dédoublonnage**"));
}

#[test]
fn weights_must_add_up_to_100() {
    let (path, text) = mutated("weights", &[("weight: 10 }", "weight: 15 }")]);
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "    - { name: \"Adéquation"),
        "tender.criteria",
        "add up to 105, not 100",
    );
    assert!(err.contains("45 + 30 + 15 + 15 = 105"), "{err}");
}

#[test]
fn phase_must_end_after_it_starts() {
    let (path, text) = mutated(
        "phase",
        &[(
            "start: 2027-09-20, end: 2027-12-17",
            "start: 2027-09-20, end: 2027-08-17",
        )],
    );
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "2027-08-17"),
        "project.planning[4].end",
        "ends (2027-08-17) before it starts (2027-09-20)",
    );
}

#[test]
fn tender_dates_in_order() {
    let (path, text) = mutated(
        "tender-dates",
        &[(
            "response_deadline: 2027-03-19",
            "response_deadline: 2027-02-10",
        )],
    );
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "response_deadline: 2027-02-10"),
        "tender.response_deadline",
        "comes before `questions_deadline`",
    );
}

#[test]
fn personal_data_needs_a_legal_basis() {
    let (path, text) = mutated("legal-basis", &[("    legal_basis: consent\n", "")]);
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "    personal_data: true\n\nmigration"),
        "data_exchanges[2].legal_basis",
        "carries personal data but states no `legal_basis`",
    );
}

#[test]
fn logo_must_exist() {
    let (path, text) = mutated(
        "logo-missing",
        &[("logo: velo-horizon-logo.png", "logo: absent.png")],
    );
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "absent.png"),
        "document.logo",
        "cannot read the logo",
    );
}

#[test]
fn logo_must_be_png_or_jpeg() {
    let (path, text) = mutated(
        "logo-format",
        &[("logo: velo-horizon-logo.png", "logo: logo.gif")],
    );
    std::fs::write(
        path.parent().unwrap().join("logo.gif"),
        b"GIF89a\x01\x00\x01\x00",
    )
    .unwrap();
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "logo.gif"),
        "document.logo",
        "is not a PNG or JPEG image",
    );
}

#[test]
fn planning_row_is_a_phase_or_a_milestone() {
    let (path, text) = mutated(
        "planning-row",
        &[(
            "{ milestone: \"Choix de l'éditeur\", date: 2027-04-02 }",
            "{ milestone: \"Choix de l'éditeur\" }",
        )],
    );
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "{ milestone: \"Choix"),
        "project.planning[1]",
        "needs `date`",
    );
}

#[test]
fn missing_file_and_non_utf8_are_bad_input() {
    let output = crmspec(&["check", "/nonexistent/q.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot read `/nonexistent/q.yaml`"));
    let dir = temp_dir("latin1");
    let path = dir.join("q.yaml");
    std::fs::write(&path, b"version: 1\ndocument:\n  title: \"caf\xe9\"\n").unwrap();
    let output = crmspec(&["check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not UTF-8"), "{}", stderr(&output));
}

#[test]
fn empty_and_non_mapping_files() {
    let dir = temp_dir("empty");
    for (name, text, message) in [
        ("empty.yaml", "", "is empty"),
        ("list.yaml", "- a\n- b\n", "must be a mapping"),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let output = crmspec(&["check", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains(message), "{}", stderr(&output));
    }
}

#[test]
fn unknown_catalogue_reference_with_suggestion() {
    let (path, text) = mutated(
        "catalogue-unknown",
        &[("catalogue: [MKT-CONSENT,", "catalogue: [MKT-CONSENTS,")],
    );
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "MKT-CONSENTS"),
        "requirements[2].catalogue[0]",
        "`MKT-CONSENTS` is not in the catalogue",
    );
    assert!(err.contains("did you mean `MKT-CONSENT`?"), "{err}");
    assert!(err.contains("`crmspec catalogue` lists the IDs"));
}

#[test]
fn catalogue_entry_pulled_twice() {
    // PLT-SSO is also part of PLT-*, pulled in by the last module.
    let (path, text) = mutated(
        "catalogue-twice",
        &[(
            "catalogue: [MKT-CONSENT,",
            "catalogue: [PLT-SSO, MKT-CONSENT,",
        )],
    );
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "PLT-*"),
        "requirements[3].catalogue[0]",
        "catalogue requirement `PLT-SSO` is pulled in twice",
    );
    assert!(err.contains("already pulled in by `requirements[2].catalogue[0]`"));
}

#[test]
fn own_id_clashing_with_catalogue_entry() {
    let (path, text) = mutated(
        "catalogue-clash",
        &[(
            "      - title: \"Parrainage\"",
            "      - id: MKT-JOURNEY\n        title: \"Parrainage\"",
        )],
    );
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "- id: MKT-JOURNEY"),
        "requirements[2].items[2].id",
        "`MKT-JOURNEY` is the ID of a catalogue requirement",
    );
}

#[test]
fn priority_schemes_cannot_be_mixed() {
    let (path, text) = mutated(
        "mixed-schemes",
        &[("priority: important", "priority: should")],
    );
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "priority: should"),
        "requirements[1].items[2].priority",
        "`should` is from another priority scheme than `indispensable`",
    );
    assert!(err.contains("did you mean `important`?"), "{err}");
    // `wont` has no P/I/S equivalent: the hint lists both schemes instead.
    let (path, _) = mutated(
        "mixed-schemes-wont",
        &[("priority: souhaitable }", "priority: wont }")],
    );
    let err = refused(&path);
    assert!(
        err.contains("`wont` is from another priority scheme"),
        "{err}"
    );
    assert!(err.contains("either `must`, `should`, `could`, `wont` (MoSCoW) or `indispensable`, `important`, `souhaitable` (P/I/S)"));
}

#[test]
fn one_criterion_per_scoring_basis() {
    let (path, text) = mutated(
        "two-coverage",
        &[(
            "{ name: \"Ergonomie sur tablette\", weight: 15 }",
            "{ name: \"Ergonomie sur tablette\", weight: 15, basis: coverage }",
        )],
    );
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "weight: 15, basis: coverage"),
        "tender.criteria[2].basis",
        "a second criterion with `basis: coverage`",
    );
}

#[test]
fn totals_that_overflow_are_refused() {
    let (path, text) = mutated(
        "totals-overflow",
        &[
            (
                "country: \"France\", count: 1 }",
                "country: \"France\", count: 18446744073709551615 }",
            ),
            ("headcount: 90,", "headcount: 18446744073709551615,"),
            ("weight: 45", "weight: 4294967295"),
        ],
    );
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "  sites:") + 1,
        "company.sites",
        "the site counts add up to more than 18446744073709551615",
    );
    assert_reported(
        &err,
        &path,
        line_of(&text, "  organisation:") + 1,
        "company.organisation",
        "the head-counts add up to more than 18446744073709551615",
    );
    assert!(
        err.contains("the criteria weights add up to 4294967350, not 100"),
        "{err}"
    );
}
