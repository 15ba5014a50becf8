//! The tender sections of `../shared/questionnaire-tender.yaml` refused when wrong: each rule
//! exits 2 from `check` and `render`, names the file, the line and the field path, and hints
//! at the fix; the document writes nothing.

mod common;

use common::*;
use std::path::PathBuf;

/// The tender questionnaire with each `from` replaced once by its `to` (which must occur),
/// written with its logo into a fresh folder; `None` in a clone without `shared/`.
fn mutated(name: &str, edits: &[(&str, &str)]) -> Option<(PathBuf, String)> {
    let source = tender()?;
    let dir = temp_dir(name);
    let mut text = std::fs::read_to_string(&source).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "fixture text not found: {from}");
        text = text.replacen(from, to, 1);
    }
    std::fs::copy(source.with_file_name("logo.png"), dir.join("logo.png")).unwrap();
    let path = dir.join("q.yaml");
    std::fs::write(&path, &text).unwrap();
    Some((path, text))
}

#[test]
fn the_tender_questionnaire_is_accepted_as_is() {
    let Some(path) = tender() else { return };
    let output = crmspec(&["check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn sub_criteria_add_up_to_their_criterion() {
    let Some((path, text)) = mutated(
        "sub-criteria",
        &[(
            r#"{ name: "Démonstration des scénarios", weight: 4 }"#,
            r#"{ name: "Démonstration des scénarios", weight: 5 }"#,
        )],
    ) else {
        return;
    };
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, r#"- { name: "Méthode de projet"#),
        "tender.criteria[2].sub_criteria",
        "add up to 21, not to its weight 20",
    );
    assert!(err.contains("10 + 6 + 5 = 21"), "{err}");
}

#[test]
fn weights_are_percentages_and_cannot_wrap() {
    let Some((path, text)) = mutated(
        "weights",
        &[
            (
                r#"{ name: "Couverture fonctionnelle", weight: 40 }"#,
                r#"{ name: "Couverture fonctionnelle", weight: 4294967295 }"#,
            ),
            (
                r#"{ name: "Références dans la distribution", weight: 10 }"#,
                r#"{ name: "Références dans la distribution", weight: 101 }"#,
            ),
        ],
    ) else {
        return;
    };
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "weight: 4294967295"),
        "tender.criteria[0].weight",
        "the weight 4294967295 is over 100%",
    );
    assert_reported(
        &err,
        &path,
        line_of(&text, "weight: 101"),
        "tender.criteria[3].weight",
        "over 100%",
    );
    assert!(
        err.contains("add up to 4294967446, not 100"),
        "the sum is exact, not wrapped: {err}"
    );
}

#[test]
fn response_time_is_an_hour_on_a_24_hour_clock() {
    let Some((path, text)) = mutated(
        "clock",
        &[(r#"response_time: "12:00""#, r#"response_time: "24:30""#)],
    ) else {
        return;
    };
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "response_time:"),
        "tender.response_time",
        "`24:30` is not an hour on a 24-hour clock",
    );
    assert!(err.contains("HH:MM"), "{err}");
}

#[test]
fn offer_validity_and_pricing_years_and_users_are_positive() {
    let Some((path, text)) = mutated(
        "positive",
        &[
            ("offer_validity_days: 120", "offer_validity_days: 0"),
            ("  years: 3", "  years: 12"),
            (
                r#"{ profile: "Marketing", users: 9 }"#,
                r#"{ profile: "Marketing", users: 0 }"#,
            ),
        ],
    ) else {
        return;
    };
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "offer_validity_days:"),
        "tender.offer_validity_days",
        "at least one day",
    );
    assert_reported(
        &err,
        &path,
        line_of(&text, "  years: 12"),
        "pricing.years",
        "expected 1 to 10",
    );
    assert_reported(
        &err,
        &path,
        line_of(&text, "users: 0"),
        "pricing.licences[2].users",
        "`Marketing` has no users",
    );
    assert!(err.contains("3 problems found"), "{err}");
}

#[test]
fn procedure_and_quality_area_come_from_their_lists() {
    let Some((path, text)) = mutated(
        "lists",
        &[
            ("procedure: private", "procedure: opne"),
            ("area: accessibility", "area: accesibility"),
        ],
    ) else {
        return;
    };
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "procedure: opne"),
        "tender.procedure",
        "opne",
    );
    assert!(err.contains("did you mean `open`?"), "{err}");
    assert_reported(
        &err,
        &path,
        line_of(&text, "area: accesibility"),
        "quality[1].area",
        "accesibility",
    );
    assert!(err.contains("did you mean `accessibility`?"), "{err}");
}

#[test]
fn process_channels_name_existing_channels() {
    let Some((path, text)) = mutated(
        "process-channels",
        &[(
            "channels: [chat, social, sms]",
            "channels: [chat, socail, sms]",
        )],
    ) else {
        return;
    };
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "channels: [chat, socail"),
        "processes[1].channels[1]",
        "unknown channel `socail`",
    );
    assert!(err.contains("did you mean `social`?"), "{err}");
}

#[test]
fn ids_are_unique_across_requirements_quality_and_processes() {
    let Some((path, text)) = mutated(
        "shared-ids",
        &[
            (
                "- id: QUA-01                      # (optional)",
                "- id: CLI-01                      # (optional)",
            ),
            (
                "- id: PRC-01                      # (optional)",
                "- id: QUA-02                      # (optional)",
            ),
        ],
    ) else {
        return;
    };
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "- id: CLI-01                      # (optional)"),
        "quality[0].id",
        "duplicate requirement id `CLI-01`",
    );
    // QUA-02 is the ID the second quality requirement would take from its position: an
    // explicit ID elsewhere keeps it, and the assignment moves on instead of clashing.
    assert!(!err.contains("QUA-02"), "{err}");
    assert!(err.contains("1 problem found"), "{err}");
}

#[test]
fn incident_severities_are_unique_and_acceptance_steps_named() {
    let Some((path, text)) = mutated(
        "contract",
        &[
            (r#"{ severity: "Majeur""#, r#"{ severity: "Bloquant""#),
            (r#"{ step: "Vérification d'aptitude""#, r#"{ step: "  ""#),
        ],
    ) else {
        return;
    };
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, r#"{ severity: "Bloquant", definition: "Fonction"#),
        "contract.incidents[1].severity",
        "duplicate incident severity id `Bloquant`",
    );
    assert_reported(
        &err,
        &path,
        line_of(&text, r#"{ step: "  ""#),
        "contract.acceptance[0].step",
        "the acceptance step has no name",
    );
}

#[test]
fn demonstrations_need_a_presentations_date() {
    let Some((path, text)) = mutated(
        "demonstrations",
        &[("  presentations: 2027-03-10         # (optional)\n", "")],
    ) else {
        return;
    };
    let err = refused(&path);
    assert_reported(
        &err,
        &path,
        line_of(&text, "duration_minutes: 120"),
        "tender.presentations",
        "`presentations` has no date",
    );
}

#[test]
fn assigned_ids_are_stable_and_shown() {
    let Some(path) = tender() else { return };
    let markdown = render_markdown(&path, "tender-ids");
    for id in ["PRC-02", "PRC-03", "QUA-02", "QUA-05"] {
        assert!(
            markdown.contains(&format!("| {id} |")) || markdown.contains(&format!("#### {id} ")),
            "{id} missing"
        );
    }
    assert!(
        markdown.contains("## Annexe B — Index des exigences"),
        "requirements over two chapters get an index"
    );
    assert_eq!(markdown, render_markdown(&path, "tender-ids-again"));
}

#[test]
fn quality_requirements_are_answered_and_scored_like_the_others() {
    let Some(path) = tender() else { return };
    let dir = temp_dir("tender-quality-grid");
    let output = crmspec(&["grid", path.to_str().unwrap(), "-o", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let csv = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .expect("a CSV grid");
    let text = std::fs::read_to_string(&csv).unwrap();
    for id in ["QUA-01", "QUA-02", "QUA-03", "QUA-04", "QUA-05"] {
        assert!(
            text.lines()
                .any(|l| l.starts_with(&format!("{id};Exigences de qualité;"))),
            "{id} is not a row of the quality module:\n{text}"
        );
    }
    // A vendor covers everything as standard but the response time of QUA-01.
    let filled: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 || line.trim().is_empty() {
                return line.to_string();
            }
            let base = line.trim_end_matches(";;;;");
            let answer = if line.starts_with("QUA-01;") {
                "NC"
            } else {
                "ST"
            };
            format!("{base};{answer};;;")
        })
        .collect();
    let vendor = dir.join("Vendeur.csv");
    std::fs::write(&vendor, filled.join("\r\n")).unwrap();
    let out = dir.join("scores");
    let output = crmspec_env(
        &[
            "score",
            path.to_str().unwrap(),
            vendor.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--format",
            "md",
        ],
        &[("SOURCE_DATE_EPOCH", "1800000000")],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .expect("a Markdown report");
    assert!(report.contains("Exigences de qualité"), "{report}");
    assert!(
        report.contains("QUA-01"),
        "the uncovered QUA-01 is a gap:\n{report}"
    );
}

/// What a buyer must publish and a tenderer must be able to rely on: one rule for late and
/// incomplete tenders, the language of tenders, the documents issued, who demonstrates and
/// what a tenderer not invited scores, the price criterion on the total cost of ownership,
/// the marking scale with its guide, and the budget's tax basis.
#[test]
fn the_tender_chapter_publishes_the_rules_a_tenderer_relies_on() {
    let Some(path) = tender() else { return };
    let text = squeeze(&markdown_text(&render_markdown(&path, "published-rules")));
    for (words, times) in [
        (
            "Uneoffreparvenueaprèsladateetl'heurelimitesn'estpasexaminée.",
            1,
        ),
        ("parvenueaprès", 1),
        (
            "Touteoffreincomplètepeutêtreécartée.Lesoffressontrédigéesenfrançais.",
            1,
        ),
        (
            "Lespiècessuivantessontremisesauxcandidatsavecleprésentcahierdescharges:",
            1,
        ),
        ("Uncandidatquin'estpasinvitéobtientlanote0", 1),
        (
            "Coûttotaldepossessionleplusbas÷coûttotaldepossessiondel'offre×pondération",
            1,
        ),
        (
            "Uneoffrequinecouvrepas(NC)uneexigence«Indispensable»peutêtreécartée",
            1,
        ),
        ("notel'offrede0à20", 2),
        (
            "Repèresdenotation:0,élémentabsentouhorssujet;5,insuffisant;10,",
            1,
        ),
        ("compriseentre180000€et260000€horstaxes(HT).", 1),
    ] {
        assert_eq!(text.matches(words).count(), times, "`{words}` in {text}");
    }
    assert!(!text.contains("soumissionnaire"), "{text}");

    let Some((path, _)) = mutated(
        "published-rules-set",
        &[
            (
                "duration_minutes: 120",
                "shortlist: 3\n    duration_minutes: 120",
            ),
            ("currency: EUR", "currency: EUR\n    includes_tax: true"),
            (
                "  contact: \"p.durand@maison-lumiere.example\"",
                "  contact: \"p.durand@maison-lumiere.example\"\n  scoring: { marks_out_of: 10 }",
            ),
        ],
    ) else {
        return;
    };
    let text = squeeze(&markdown_text(&render_markdown(
        &path,
        "published-rules-set-out",
    )));
    for words in [
        "Les3candidatsdontlesoffressontlesmieuxclassées",
        "notel'offrede0à10",
        "diviséepar10",
        "Repèresdenotation:0,élémentabsentouhorssujet;2,5,insuffisant;5,",
        "toutestaxescomprises(TTC).",
    ] {
        assert!(text.contains(words), "`{words}` in {text}");
    }
}
