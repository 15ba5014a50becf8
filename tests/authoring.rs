//! Authoring commands: `init`, `schema`, `completions`, run through the real binary; the
//! schema is checked with an independent JSON Schema validator.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn schema() -> Value {
    schema_in(None)
}

/// `crmspec schema`, with `--lang` when given.
fn schema_in(lang: Option<&str>) -> Value {
    let mut args = vec!["schema"];
    args.extend(lang.iter().flat_map(|lang| ["--lang", lang]));
    let out = crmspec(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("the schema is JSON")
}

fn yaml_to_json(text: &str) -> Value {
    serde_yaml::from_str(text).expect("YAML")
}

/// The validator's complaints about a questionnaire, as text.
fn schema_errors(schema: &Value, text: &str) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).expect("a valid JSON Schema");
    let instance = yaml_to_json(text);
    validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn questionnaires() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("specs"))
        .expect("specs/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.push(root().join("tests/fixtures/minimal.yaml"));
    files.extend(reference());
    files
}

#[test]
fn the_schema_accepts_every_real_questionnaire() {
    let schema = schema();
    let files = questionnaires();
    assert!(files.len() >= 3);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        let errors = schema_errors(&schema, &text);
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
}

/// Each typical mistake is refused by the schema (so the editor underlines it) and by
/// `check` (so the schema promises nothing `check` does not hold).
#[test]
fn the_schema_and_check_refuse_the_same_typical_errors() {
    let schema = schema();
    let minimal = std::fs::read_to_string(root().join("tests/fixtures/minimal.yaml")).unwrap();
    let dir = temp_dir("schema-errors");
    let cases: &[(&str, &str, &str, &str)] = &[
        ("misspelt key", "objectives:", "objectifs:", "objectifs"),
        (
            "unknown priority",
            "priority: must",
            "priority: high",
            "high",
        ),
        (
            "text for a number",
            "employees: ",
            "employees: beaucoup #",
            "beaucoup",
        ),
        (
            "unknown channel kind",
            "kind: phone",
            "kind: telephone",
            "telephone",
        ),
        (
            "bad date",
            "date: 2027-05-03",
            "date: 03/05/2027",
            "03/05/2027",
        ),
        ("missing section", "gdpr:", "gdpr_settings:", "gdpr"),
        (
            "unknown colour",
            "colour: red",
            "colour: crimson",
            "crimson",
        ),
    ];
    for (name, from, to, needle) in cases {
        assert!(minimal.contains(from), "{name}: fixture lacks `{from}`");
        let broken = minimal.replacen(from, to, 1);
        let errors = schema_errors(&schema, &broken);
        assert!(!errors.is_empty(), "{name}: the schema accepted it");
        assert!(
            errors.iter().any(|e| e.contains(needle)),
            "{name}: {errors:#?}"
        );
        let file = dir.join(format!("{}.yaml", name.replace(' ', "-")));
        std::fs::write(&file, &broken).unwrap();
        let out = crmspec(&["check", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{name}: check accepted it");
    }
}

/// Walks the schema: every property of every object (`.project.objectives[].kpi`), with the
/// definition it belongs to (`Objective.kpi`) and its own schema.
fn properties(schema: &Value) -> Vec<(String, String, Value)> {
    let defs = schema["$defs"].as_object().cloned().unwrap_or_default();
    let mut found = Vec::new();
    let mut stack = vec![("".to_string(), "Questionnaire".to_string(), schema.clone())];
    let mut seen = std::collections::HashSet::new();
    while let Some((path, owner, node)) = stack.pop() {
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            let name = r.trim_start_matches("#/$defs/");
            if seen.insert(format!("{path}@{name}")) {
                stack.push((path.clone(), name.to_string(), defs[name].clone()));
            }
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            for sub in node
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                stack.push((path.clone(), owner.clone(), sub.clone()));
            }
        }
        if let Some(items) = node.get("items") {
            stack.push((format!("{path}[]"), owner.clone(), items.clone()));
        }
        for (k, v) in node
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let child = format!("{path}.{k}");
            found.push((child.clone(), format!("{owner}.{k}"), v.clone()));
            stack.push((child, owner.clone(), v.clone()));
        }
    }
    found
}

#[test]
fn the_schema_describes_every_field_and_lists_allowed_values() {
    let schema = schema();
    let props = properties(&schema);
    assert!(props.len() > 150, "{} properties", props.len());
    for (path, _, node) in &props {
        // The keys of `scoring.priority` are the priorities, described by the map itself.
        if path.contains(".scoring.priority.") {
            continue;
        }
        assert!(
            node.get("description").is_some(),
            "{path} has no description"
        );
    }
    let text = schema.to_string();
    for value in [
        "price_comparator",
        "qr_code",
        "store_locator",
        "souhaitable",
        "two_way",
    ] {
        assert!(
            text.contains(&format!("\"{value}\"")),
            "{value} not enumerated"
        );
    }
}

/// The tender's sections reach the editor: each field with its help text, and the closed
/// lists (procedure, quality area) with their values, so a typo is underlined while typing.
#[test]
fn the_schema_has_the_tender_sections_with_their_allowed_values() {
    let schema = schema();
    let props = properties(&schema);
    let described = |wanted: &str| {
        props
            .iter()
            .find(|(path, ..)| path == wanted)
            .and_then(|(_, _, node)| node.get("description").and_then(Value::as_str))
            .map(str::to_string)
    };
    for (path, words) in [
        (".document.reference", "reference"),
        (".processes", "processes"),
        (".processes[].channels", "channels"),
        (".quality", "Quality"),
        (".quality[].area", "accessibility"),
        (".gdpr.processor", "processor"),
        (".gdpr.impact_assessment", "impact assessment"),
        (".deliverables", "hands over"),
        (".contract", "contract"),
        (".contract.incidents[].resolution", "fixed"),
        (".contract.exit_plan.formats", "Formats"),
        (".tender.procedure", "procedure"),
        (".tender.response_time", "HH:MM"),
        (".tender.offer_validity_days", "binds"),
        (".tender.demonstrations.scenarios[].steps", "steps"),
        (".tender.criteria[].sub_criteria", "add up"),
        (".pricing", "price"),
        (".pricing.licences[].users", "users"),
    ] {
        let description = described(path).unwrap_or_else(|| panic!("{path} not in the schema"));
        assert!(description.contains(words), "{path}: {description:?}");
    }
    let text = schema.to_string();
    for value in [
        "private",
        "open",
        "restricted",
        "adapted",
        "negotiated",
        "competitive_dialogue",
        "performance",
        "accessibility",
        "compatibility",
        "languages",
        "usability",
        "operations",
        "security",
    ] {
        assert!(
            text.contains(&format!("\"{value}\"")),
            "{value} not enumerated"
        );
    }
}

/// Key paths of a YAML document (`project.objectives[].kpi`).
fn yaml_keys(value: &Value, path: &str, out: &mut std::collections::BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let child = format!("{path}.{k}");
                out.insert(child.clone());
                yaml_keys(v, &child, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                yaml_keys(item, &format!("{path}[]"), out);
            }
        }
        _ => {}
    }
}

fn init(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["init"];
    all.extend_from_slice(args);
    crmspec_command()
        .args(&all)
        .current_dir(dir)
        .output()
        .expect("run crmspec")
}

#[test]
fn init_writes_a_complete_questionnaire_that_check_accepts_without_findings() {
    let schema = schema();
    for lang in ["fr", "en"] {
        let dir = temp_dir(&format!("init-{lang}"));
        let out = init(&dir, &["--lang", lang]);
        assert!(out.status.success(), "{}", stderr(&out));
        let file = dir.join("questionnaire.yaml");
        let text = std::fs::read_to_string(&file).expect("init wrote questionnaire.yaml");
        assert_eq!(
            text.lines().next(),
            Some("# yaml-language-server: $schema=./crmspec-questionnaire.schema.json")
        );
        let beside: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("crmspec-questionnaire.schema.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(
            beside,
            schema_in(Some(lang)),
            "the schema beside it is `crmspec schema --lang {lang}`"
        );

        // Every field the schema knows is shown at least once, so a user discovers them all;
        // the logo is shown commented out (no image to point to), and the P/I/S priorities
        // are the other scheme's words, named in a comment.
        let mut keys = std::collections::BTreeSet::new();
        yaml_keys(&yaml_to_json(&text), "", &mut keys);
        let mut fields = std::collections::BTreeMap::<String, bool>::new();
        for (path, owner, _) in properties(&schema) {
            *fields.entry(owner).or_default() |= keys.contains(&path);
        }
        let commented = [
            "Document.logo",
            "Scoring.indispensable",
            "Scoring.important",
            "Scoring.souhaitable",
        ];
        let missing: Vec<&String> = fields
            .iter()
            .filter(|(owner, shown)| !**shown && !commented.contains(&owner.as_str()))
            .map(|(owner, _)| owner)
            .collect();
        assert!(missing.is_empty(), "{lang}: fields not shown: {missing:#?}");
        assert!(fields.len() > 150, "{} fields", fields.len());
        assert!(text.contains("# logo: logo.png"));
        assert!(schema_errors(&schema, &text).is_empty());
        // Comments explain the allowed values.
        for words in [
            "price_comparator",
            "store_locator",
            "legitimate_interest",
            "souhaitable",
            "competitive_dialogue",
            "usability",
            "HH:MM",
        ] {
            assert!(text.contains(words), "{lang}: `{words}` not explained");
        }

        let out = crmspec(&["check", "--deny", "warnings", file.to_str().unwrap()]);
        assert!(out.status.success(), "{lang}: {}", stderr(&out));
        let md = render_markdown(&file, &format!("init-{lang}-md"));
        let client = if lang == "fr" {
            "Exemple Distribution"
        } else {
            "Example Retail"
        };
        assert!(md.contains(client));
    }
}

/// The help an editor shows is in the language asked for: English by default (the model's
/// doc comments), French with `--lang fr`, for the schema's own title and description, a
/// top-level key, a nested field and a value of a closed list. Only the help differs, so the
/// French schema accepts and refuses what the English one does.
#[test]
fn the_schema_speaks_the_language_asked_for() {
    let english = schema();
    assert_eq!(english, schema_in(Some("en")), "English is the default");
    let french = schema_in(Some("fr"));
    let text = |schema: &Value, pointer: &str| {
        schema
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{pointer} is not in the schema"))
            .to_string()
    };
    for (pointer, en, fr) in [
        ("/title", "crmspec questionnaire", "Questionnaire crmspec"),
        ("/description", "fill it", "remplissez-le"),
        (
            "/properties/project/description",
            "Why, what, when",
            "Pourquoi, quoi, quand",
        ),
        (
            "/$defs/Objective/properties/kpi/description",
            "The indicator that measures it",
            "L'indicateur qui le mesure",
        ),
        (
            "/$defs/Procedure/oneOf/1/description",
            "every candidate may submit an offer",
            "tout candidat peut remettre une offre",
        ),
    ] {
        assert!(text(&english, pointer).contains(en), "{pointer}");
        assert!(text(&french, pointer).contains(fr), "{pointer}");
    }
    for file in questionnaires() {
        let yaml = std::fs::read_to_string(&file).expect("read");
        assert!(
            schema_errors(&french, &yaml).is_empty(),
            "{}",
            file.display()
        );
    }
    let minimal = std::fs::read_to_string(root().join("tests/fixtures/minimal.yaml")).unwrap();
    let misspelt = minimal.replacen("objectives:", "objectifs:", 1);
    assert!(!schema_errors(&french, &misspelt).is_empty());

    let out = crmspec(&["schema", "--lang", "de"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("fr"), "{}", stderr(&out));
}

#[test]
fn init_never_overwrites_without_force() {
    let dir = temp_dir("init-force");
    let file = dir.join("mine.yaml");
    std::fs::write(&file, "my work\n").unwrap();
    let out = init(&dir, &["mine.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my work\n");
    assert!(!dir.join("crmspec-questionnaire.schema.json").exists());

    let out = init(&dir, &["--force", "--lang", "en", "mine.yaml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("language: en"));
}

#[test]
fn completions_are_scripts_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _crmspec"),
        ("zsh", "#compdef crmspec"),
        ("fish", "complete -c crmspec"),
    ] {
        let out = crmspec(&["completions", shell]);
        assert!(out.status.success(), "{}", stderr(&out));
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}: {script}");
        for command in ["render", "check", "init", "schema", "grid", "score"] {
            assert!(script.contains(command), "{shell}: `{command}` missing");
        }
    }
    // The bash script is valid bash.
    let dir = temp_dir("completions");
    let file = dir.join("crmspec.bash");
    std::fs::write(&file, stdout(&crmspec(&["completions", "bash"]))).unwrap();
    let status = std::process::Command::new("bash")
        .arg("-n")
        .arg(&file)
        .status()
        .expect("bash");
    assert!(status.success());
    let out = crmspec(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}
