//! The questionnaire's JSON Schema, generated from the model so that it cannot drift from what
//! `check` accepts; editors (through yaml-language-server) use it for completion and hover help.
//!
//! Its help texts are the model's doc comments, in English. Another language translates them in
//! `locales/schema/<code>.toml` (French: `locales/schema/fr.toml`), built into the binary and
//! keyed by where each text sits: `Objective.kpi` for a field of a definition, `Procedure.open`
//! for one value of a closed list, `PlanningRow` for a definition itself, `Questionnaire.project`
//! for a top-level key, `Questionnaire` and `title` for the schema's own description and title.
//! A third language is one more such file: a test checks that each file translates every text
//! and nothing else, so a field cannot be added without its help in every language.

use crate::model::{Language, Questionnaire};
use include_dir::{include_dir, Dir};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The file name `init` writes the schema under, beside the questionnaire.
pub const FILE_NAME: &str = "crmspec-questionnaire.schema.json";

/// The language the doc comments, hence the untranslated schema, are written in.
const SOURCE: Language = Language::En;

/// The name the schema's root (the whole questionnaire) is keyed under in the translations.
const ROOT: &str = "Questionnaire";

static TRANSLATIONS: Dir = include_dir!("$CARGO_MANIFEST_DIR/locales/schema");

/// The schema as pretty-printed JSON, ending with a newline, its help texts in `lang`.
pub fn questionnaire(lang: Language) -> String {
    let mut value = english();
    if let Some(texts) = translations(lang) {
        each_text(&mut value, &mut |key, text| {
            if let Some(translated) = texts.get(&key) {
                *text = translated
                    .replace("{version}", env!("CARGO_PKG_VERSION"))
                    .into();
            }
        });
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// The schema with the doc comments as help texts.
fn english() -> Value {
    let mut schema = schemars::schema_for!(Questionnaire);
    schema.insert(
        "title".into(),
        format!(
            "crmspec questionnaire (crmspec {})",
            env!("CARGO_PKG_VERSION")
        )
        .into(),
    );
    schema.insert(
        "description".into(),
        "A CRM requirements specification questionnaire: fill it, then run `crmspec render`."
            .into(),
    );
    let mut value = schema.to_value();
    drop_null_defaults(&mut value);
    value
}

/// The translations into `lang`, by key; `None` for the doc comments' own language. The files
/// are part of the binary and a test parses each one, so a file that does not parse is a bug
/// in crmspec, not in the user's input.
fn translations(lang: Language) -> Option<BTreeMap<String, String>> {
    if lang == SOURCE {
        return None;
    }
    let file = TRANSLATIONS.get_file(format!("{}.toml", lang.code()))?;
    let text = file.contents_utf8()?;
    Some(toml::from_str(text).expect("the built-in schema translations are valid (tested)"))
}

/// Calls `f` with the key and the value of every help text of the schema: its title and
/// description, and those of each definition, of its fields and of its closed list's values.
fn each_text(schema: &mut Value, f: &mut impl FnMut(String, &mut Value)) {
    let Value::Object(root) = schema else {
        return;
    };
    if let Some(title) = root.get_mut("title") {
        f("title".into(), title);
    }
    definition(ROOT, root, f);
    if let Some(Value::Object(definitions)) = root.get_mut("$defs") {
        for (name, node) in definitions.iter_mut() {
            if let Value::Object(node) = node {
                definition(name, node, f);
            }
        }
    }
}

/// The help texts of one definition: its own, its fields' (`name.field`) and its values'
/// (`name.value`, for a closed list written as `oneOf` constants, each with its help).
fn definition(name: &str, node: &mut Map<String, Value>, f: &mut impl FnMut(String, &mut Value)) {
    if let Some(description) = node.get_mut("description") {
        f(name.to_string(), description);
    }
    if let Some(Value::Object(fields)) = node.get_mut("properties") {
        for (field, schema) in fields.iter_mut() {
            if let Some(description) = schema.get_mut("description") {
                f(format!("{name}.{field}"), description);
            }
        }
    }
    if let Some(Value::Array(values)) = node.get_mut("oneOf") {
        for value in values {
            let Some(constant) = value.get("const").and_then(Value::as_str) else {
                continue;
            };
            let key = format!("{name}.{constant}");
            if let Some(description) = value.get_mut("description") {
                f(key, description);
            }
        }
    }
}

/// schemars writes `"default": null` for every optional field; yaml-language-server then
/// offers those keys badly (it inserts `key: null`, and stops completing siblings, logging a
/// `TypeError`). An absent default says the same thing: the key may be left out.
fn drop_null_defaults(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("default").is_some_and(Value::is_null) {
                map.remove("default");
            }
            map.values_mut().for_each(drop_null_defaults);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null_defaults),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn no_key_defaults_to_null() {
        for &lang in Language::ALL {
            let schema = questionnaire(lang);
            assert!(!schema.contains("\"default\": null"), "{schema}");
            assert!(schema.contains("\"properties\""));
        }
    }

    /// The English help texts, by key.
    fn english_texts() -> BTreeMap<String, String> {
        let mut texts = BTreeMap::new();
        each_text(&mut english(), &mut |key, text| {
            let text = text.as_str().expect("a help text is a string").to_string();
            assert!(texts.insert(key.clone(), text).is_none(), "{key} twice");
        });
        texts
    }

    /// Every `description` and `title` string anywhere in the schema.
    fn count_texts(value: &Value) -> usize {
        match value {
            Value::Object(map) => map
                .iter()
                .map(|(key, value)| match value {
                    Value::String(_) if key == "description" || key == "title" => 1,
                    _ => count_texts(value),
                })
                .sum(),
            Value::Array(items) => items.iter().map(count_texts).sum(),
            _ => 0,
        }
    }

    /// The keys reach every help text: none would stay English for want of a key.
    #[test]
    fn every_help_text_has_a_key() {
        let texts = english_texts();
        assert_eq!(texts.len(), count_texts(&english()));
        assert!(texts.len() > 250, "{} texts", texts.len());
        assert!(texts.contains_key("Objective.kpi"));
        assert!(texts.contains_key("Questionnaire.project"));
        assert!(texts.contains_key("Procedure.open"));
    }

    /// Each language but English has its file, which translates every help text of the
    /// schema and nothing else: a new field needs its help in every language, and a removed
    /// one leaves no orphan behind.
    #[test]
    fn every_help_text_is_translated_and_no_translation_is_orphaned() {
        let english = english_texts();
        let files: BTreeSet<String> = TRANSLATIONS
            .files()
            .map(|f| f.path().display().to_string())
            .collect();
        let expected: BTreeSet<String> = Language::ALL
            .iter()
            .filter(|&&lang| lang != SOURCE)
            .map(|lang| format!("{}.toml", lang.code()))
            .collect();
        assert_eq!(files, expected, "locales/schema/ has one file per language");
        for &lang in Language::ALL.iter().filter(|&&lang| lang != SOURCE) {
            let file = format!("locales/schema/{}.toml", lang.code());
            let text = TRANSLATIONS
                .get_file(format!("{}.toml", lang.code()))
                .and_then(|f| f.contents_utf8())
                .unwrap_or_default();
            let translated: BTreeMap<String, String> =
                toml::from_str(text).unwrap_or_else(|e| panic!("{file}: {e}"));
            let missing: Vec<&String> = english
                .keys()
                .filter(|key| !translated.contains_key(*key))
                .collect();
            let orphaned: Vec<&String> = translated
                .keys()
                .filter(|key| !english.contains_key(*key))
                .collect();
            assert!(missing.is_empty(), "{file} lacks {missing:#?}");
            assert!(
                orphaned.is_empty(),
                "{file}: not in the schema: {orphaned:#?}"
            );
            for (key, text) in &translated {
                assert!(!text.trim().is_empty(), "{file}: {key} is empty");
                // Code in the help (`sell`, `HH:MM`) is what the user types: the same
                // in every language.
                let code = |text: &str| -> Vec<String> {
                    text.split('`')
                        .skip(1)
                        .step_by(2)
                        .map(str::to_string)
                        .collect()
                };
                assert_eq!(code(text), code(&english[key]), "{file}: {key}");
            }
        }
    }

    /// A translated schema differs from the English one only by its help texts.
    #[test]
    fn a_translation_changes_the_help_texts_only() {
        let strip = |text: &str| {
            let mut value: Value = serde_json::from_str(text).unwrap();
            each_text(&mut value, &mut |_, text| *text = Value::Null);
            value
        };
        let english = questionnaire(SOURCE);
        for &lang in Language::ALL {
            let translated = questionnaire(lang);
            assert_eq!(strip(&translated), strip(&english), "{}", lang.code());
            if lang != SOURCE {
                assert_ne!(translated, english, "{}", lang.code());
            }
        }
    }
}
