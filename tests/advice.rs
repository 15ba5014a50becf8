//! `crmspec check` as an advisor: each rule fires on a questionnaire that deserves it and stays
//! quiet on one that does not; codes can be allowed; warnings can be denied; findings can be
//! added to the document.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// Writes `text` as a questionnaire (with the example's logo beside it).
fn write(name: &str, text: &str) -> PathBuf {
    let dir = temp_dir(name);
    std::fs::copy(
        spec("velo-horizon-logo.png"),
        dir.join("velo-horizon-logo.png"),
    )
    .unwrap();
    std::fs::copy(spec("northwind-logo.jpg"), dir.join("northwind-logo.jpg")).unwrap();
    let path = dir.join("q.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

fn velo() -> String {
    std::fs::read_to_string(spec("velo-horizon.yaml")).unwrap()
}

fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture text not found: {from}");
    text.replacen(from, to, 1)
}

/// The codes `check --format json` reports, and its exit code.
fn codes(path: &Path, extra: &[&str]) -> (Vec<String>, Option<i32>, serde_json::Value) {
    let mut args = vec!["check", path.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let output = crmspec(&args);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", stdout(&output), stderr(&output)));
    let codes = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str().map(str::to_string))
        .collect();
    (codes, output.status.code(), json)
}

fn assert_fires(code: &str, name: &str, text: String) {
    let path = write(name, &text);
    let (found, status, json) = codes(&path, &[]);
    assert!(
        found.iter().any(|c| c == code),
        "{code} should fire: {found:?}"
    );
    assert_eq!(status, Some(0), "findings alone do not fail");
    let finding = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == code)
        .unwrap();
    assert!(
        finding["location"]["line"].as_u64().unwrap() > 0,
        "{code} has a line"
    );
    assert!(
        !finding["hints"].as_array().unwrap().is_empty(),
        "{code} has a hint"
    );
}

fn assert_quiet(code: &str, name: &str, text: String) {
    let path = write(name, &text);
    let (found, _, _) = codes(&path, &[]);
    assert!(
        !found.iter().any(|c| c == code),
        "{code} should not fire: {found:?}"
    );
}

fn without_mobile(text: &str) -> String {
    let start = text.find("mobile:\n").unwrap();
    let end = text.find("\nfleur:").unwrap();
    format!("{}{}", &text[..start], &text[end + 1..])
}

fn without_budget(text: &str) -> String {
    let start = text.find("  budget:\n").unwrap();
    let end = text.find("  governance:\n").unwrap();
    format!("{}{}", &text[..start], &text[end..])
}

#[test]
fn every_rule_fires_when_it_should_and_only_then() {
    let v = velo();
    let northwind = std::fs::read_to_string(spec("northwind-b2b.yaml")).unwrap();
    #[rustfmt::skip]
    let cases: Vec<(&str, String, String)> = vec![
        ("CH001", replace(&v, "channel_roles:\n", "channel_roles:\n  - { id: informer, name: \"Informer\", colour: blue }\n"), v.clone()),
        ("CH002", replace(&v, "roles: [promouvoir]\n    function: \"Balades", "roles: []\n    function: \"Balades"), v.clone()),
        ("CH003", v.replace("{ id: sav, name: \"Entretenir\", colour: yellow,", "{ id: rep, name: \"Réparer\", colour: orange,").replace(", sav]", ", rep]").replace("[sav]", "[rep]"), v.clone()),
        ("CH004", replace(&v, "    redirects:\n      - { to: site, via: qr_code, note: \"QR code sur le bon de dépôt pour suivre la réparation\" }\n", ""), v.clone()),
        ("CH005", replace(&v, "    human: [\"Diagnostic mécanique\", \"Conseil à l'achat\"]\n", ""), v.clone()),
        ("CH006", v.clone(), northwind.clone()),
        ("CH007", replace(&v, "function: \"Vélo prêt, rappel de révision, enquête après réparation.\"", "function: \"Essayer, acheter, louer, déposer son vélo à l'atelier.\""), v.clone()),
        ("FL001", replace(&v, "actors: [\"Direction technique\"]", "actors: []"), v.clone()),
        ("FL002", replace(&v, "to_customer: [\"Forfaits d'entretien annuels\"]", "to_customer: []"), v.clone()),
        ("FL003", replace(&v, "from_customer: [\"Numéro de téléphone comme identifiant unique\", \"Numéro de cadre du vélo\"]", "from_customer: [\"Achats\"]"), v.clone()),
        ("FL004", replace(&v, "objectives: [\"Chiffre d'affaires atelier : +15 % en 2028\"]", "objectives: [\"Améliorer la marge\"]"), v.clone()),
        ("OB001", replace(&v, "      target: \"40 000\"\n", ""), v.clone()),
        ("OB002", replace(&v, "      deadline: 2028-03-31", "      deadline: 2027-05-31"), northwind.clone()),
        ("RQ001", v.replace("priority: important", "priority: indispensable").replace("priority: souhaitable", "priority: indispensable"), v.clone()),
        ("RQ002", replace(&v, "        acceptance: \"Moins de 2 % de doublons mesurés trois mois après la reprise.\"\n", ""), v.clone()),
        ("RQ003", replace(&v, "systems:\n", "  - module: \"Vide\"\n    items: []\n\nsystems:\n"), v.clone()),
        ("RQ004", replace(&v, "title: \"Parrainage\"", "title: \"Programme à points\""), v.clone()),
        ("GD001", replace(&v, "  retention:\n    - { data: \"Clients sans achat ni entretien\", duration: \"3 ans\" }\n    - { data: \"Historique des vélos\", duration: \"Durée de garantie + 2 ans\" }\n", ""), v.clone()),
        ("GD002", replace(&v, "consents: [\"Newsletter\", \"SMS promotionnels\"]", "consents: [\"Newsletter\"]"), v.clone()),
        ("GD003", replace(&v, "data_location: \"France\"", "data_location: \"États-Unis\""), replace(&v, "data_location: \"France\"", "data_location: \"États-Unis (clauses contractuelles types)\"")),
        ("GD004", replace(&v, "reversibility: \"Export CSV complet et documentation du modèle de données.\"", "reversibility: \"\""), v.clone()),
        ("TD001", replace(&replace(&v, "response_deadline: 2027-03-19", "response_deadline: 2027-02-15"), "questions_deadline: 2027-02-19", "questions_deadline: 2027-02-10"), v.clone()),
        ("TD002", replace(&v, "name: \"Coût total sur 4 ans\"", "name: \"Qualité du support\""), v.clone()),
        ("TD003", replace(&replace(&replace(&replace(&v, "weight: 45", "weight: 65"), "weight: 30", "weight: 20"), "weight: 15", "weight: 10"), "weight: 10 }\n  contact", "weight: 5 }\n  contact"), v.clone()),
        ("MO001", without_mobile(&v), v.clone()),
        ("KN001", replace(&v, "  - { notion: change_management, statement: \"Les mécaniciens sont associés dès la conception.\" }\n", ""), v.clone()),
        ("PR001", without_budget(&v), v.clone()),
    ];
    let mut covered: Vec<&str> = cases.iter().map(|(c, ..)| *c).collect();
    covered.sort_unstable();
    let mut all: Vec<&str> = crmspec::advice::RULES.iter().map(|r| r.code).collect();
    all.sort_unstable();
    assert_eq!(covered, all, "every rule has a case");
    for (code, fires, quiet) in cases {
        assert_fires(code, &format!("{code}-fires"), fires);
        assert_quiet(code, &format!("{code}-quiet"), quiet);
    }
}

#[test]
fn reference_and_examples_have_no_errors() {
    let mut files = vec![spec("velo-horizon.yaml"), spec("northwind-b2b.yaml")];
    files.extend(reference());
    for file in files {
        let (_, status, json) = codes(&file, &[]);
        assert_eq!(status, Some(0), "{}", file.display());
        assert_eq!(json["counts"]["errors"], 0);
        assert!(
            json["readiness"].as_u64().unwrap() >= 60,
            "{}: {}",
            file.display(),
            json["readiness"]
        );
    }
}

#[test]
fn text_output_ends_with_the_readiness_score() {
    let output = crmspec(&["check", spec("velo-horizon.yaml").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    let out = stdout(&output);
    assert!(
        out.contains("readiness 94/100 (0 errors, 1 warning, 1 info)"),
        "{out}"
    );
    let err = stderr(&output);
    assert!(
        err.contains("warning[OB002]: `project.objectives[2].deadline`"),
        "{err}"
    );
    assert!(err.contains("info[CH006]"), "{err}");
}

#[test]
fn findings_can_be_allowed_on_the_command_line_or_in_the_questionnaire() {
    let path = write("allow", &velo());
    let (found, _, json) = codes(&path, &["--allow", "OB002,ch006"]);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(json["readiness"], 100);
    let path = write(
        "allow-file",
        &format!("{}\nadvice:\n  allow: [OB002]\n", velo()),
    );
    let (found, _, _) = codes(&path, &[]);
    assert_eq!(found, vec!["CH006".to_string()]);
    // A typo in the questionnaire's list is an error, not a silent no-op.
    let path = write(
        "allow-typo",
        &format!("{}\nadvice:\n  allow: [OB02]\n", velo()),
    );
    let output = crmspec(&["check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("`advice.allow[0]`: `OB02` is not an advisor rule"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn warnings_can_be_denied() {
    let path = write("deny", &velo());
    let output = crmspec(&["check", path.to_str().unwrap(), "--deny", "warnings"]);
    assert_eq!(output.status.code(), Some(2));
    let output = crmspec(&[
        "check",
        path.to_str().unwrap(),
        "--deny",
        "warnings",
        "--allow",
        "OB002",
    ]);
    assert_eq!(output.status.code(), Some(0), "info alone does not fail");
}

#[test]
fn rules_explain_themselves() {
    let output = crmspec(&["check", "--explain", "CH003"]);
    assert_eq!(output.status.code(), Some(0));
    let out = stdout(&output);
    assert!(out.starts_with("CH003 (warning): no channel plays an after-sales role"));
    assert!(out.contains("allow: [CH003]"));
    let output = crmspec(&["check", "--explain", "CH03"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `CH003`?"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn json_reports_validation_errors_too() {
    let path = write("json-errors", &replace(&velo(), "kind: sms", "kind: smss"));
    let (_, status, json) = codes(&path, &[]);
    assert_eq!(status, Some(2));
    assert_eq!(json["counts"]["errors"], 1);
    let finding = &json["findings"][0];
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["path"], "channels[2].kind");
    assert!(finding["location"]["line"].as_u64().unwrap() > 100);
    assert!(json["readiness"].as_u64().unwrap() <= 50);
}

#[test]
fn advice_annex_only_on_request() {
    let md = render_markdown(&spec("velo-horizon.yaml"), "no-advice");
    assert!(!md.contains("Points d’attention"));
    let out = temp_dir("advice-annex");
    let output = render_with(
        &spec("velo-horizon.yaml"),
        &out,
        &["--format", "md", "--advice"],
    );
    assert!(output.status.success());
    let md =
        std::fs::read_to_string(out.join("cahier-des-charges-crm-et-fidelite-velo-horizon.md"))
            .unwrap();
    assert!(md.contains("## Annexe A — Points d’attention"), "{md}");
    let shown = markdown_text(&md);
    assert!(
        shown.contains("OB002 Avertissement project.objectives[2].deadline (ligne 40)"),
        "{shown}"
    );
}
