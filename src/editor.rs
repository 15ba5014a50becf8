//! The form editor `crmspec serve` shows beside the document: what the page needs to build
//! its form (the questionnaire as JSON, the schema in the questionnaire's language, the labels
//! of closed lists, the fields that name another item), the preview of an unsaved questionnaire
//! with its problems placed on their fields, and the save that writes the YAML back.
//!
//! The form itself is built in the browser from the schema (`assets/editor/editor.js`), so a
//! field added to the model appears in it without new form code. This module only answers in
//! JSON; `serve` carries the answers over HTTP and decides who may ask.

use crate::diagnostic::{Diagnostic, Severity};
use crate::error::Error;
use crate::lang::messages::Message;
use crate::lang::Language;
use crate::{RenderOptions, Source};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The page's script and style, part of the binary: the editor works without a network.
pub const SCRIPT: &str = include_str!("../assets/editor/editor.js");
pub const STYLE: &str = include_str!("../assets/editor/editor.css");

/// The words of the editor's own buttons and notices, sent to the page in its language.
const INTERFACE: &[&str] = &[
    "editor.form",
    "editor.preview",
    "editor.save",
    "editor.saved",
    "editor.saving",
    "editor.unsaved",
    "editor.add",
    "editor.remove",
    "editor.duplicate",
    "editor.move_up",
    "editor.move_down",
    "editor.item",
    "editor.none",
    "editor.problems",
    "editor.no_problems",
    "editor.changed_on_disk",
    "editor.reload",
    "editor.keep_mine",
    "editor.refused",
    "editor.cannot_read",
    "editor.unknown_id",
    "editor.yes",
    "editor.no",
    "editor.empty",
];

/// The closed lists whose values the document names in words, and the group of `locales/`
/// that holds those words: the form shows the same names as the document. A list not named
/// here shows its values as typed, with the schema's description of each as its help.
const LABELS: &[(&str, &str)] = &[
    ("ChannelKind", "kind"),
    ("Colour", "colour"),
    ("Via", "via"),
    ("Survey", "survey"),
    ("CustomerType", "customer_type"),
    ("Notion", "notion"),
    ("Priority", "priority_label"),
    ("QualityArea", "quality_area"),
    ("Direction", "direction"),
    ("Frequency", "frequency"),
    ("LegalBasis", "legal_basis"),
    ("Hosting", "hosting"),
    ("Procedure", "procedure"),
    ("Basis", "basis"),
    ("System.kind", "system_kind"),
];

/// The fingerprint of the questionnaire's bytes: a save names the version it was made from,
/// and is refused when the file on disk is no longer that version.
pub fn fingerprint(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What the page builds its form from, in `lang` when the questionnaire names no language:
/// the questionnaire as JSON (`null` when its YAML cannot be read, with the reason), its
/// fingerprint, the schema, the labels and the references.
pub fn state(questionnaire: &Path, lang: Language) -> Value {
    let source = Source::read(questionnaire);
    let (text, read_error) = match &source {
        Ok(source) => (source.text.as_str(), None),
        Err(e) => ("", Some(crate::error::failed(e).terminal(lang))),
    };
    let lang = crate::load::declared_language(text).unwrap_or(lang);
    let (value, error) = match (read_error, as_json(text)) {
        (Some(e), _) => (Value::Null, Some(e)),
        (None, Ok(value)) => (value, None),
        (None, Err(message)) => (Value::Null, Some(message.terminal(lang))),
    };
    let schema =
        serde_json::from_str::<Value>(&crate::schema::questionnaire(lang)).unwrap_or(Value::Null);
    json!({
        "file": file_name(questionnaire),
        "lang": lang.code(),
        "hash": fingerprint(text.as_bytes()),
        "value": value,
        "error": error,
        "labels": labels(&schema, lang),
        "fields": field_names(&schema, lang),
        "schema": schema,
        "interface": interface(lang),
        "references": crate::validate::REFERENCES.iter().map(|r| json!({
            "field": r.field,
            "ids": r.ids,
            "also": r.also,
        })).collect::<Vec<_>>(),
    })
}

/// The questionnaire's YAML as JSON, keys in the file's order.
fn as_json(text: &str) -> Result<Value, Message> {
    crate::yaml_edit::to_json(text).map_err(|e| e.message())
}

/// What the preview says under its problems: the document comes back when the form is fixed
/// (the preview follows the form, saved or not).
const FIXED_IN_FORM: &str = "serve.shown_when_fixed";

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The names closed lists' values are shown by, by definition (`ChannelKind`) or by field
/// for a list written in place (`System.kind`): the values are the schema's.
fn labels(schema: &Value, lang: Language) -> Map<String, Value> {
    let mut out = Map::new();
    for (list, group) in LABELS {
        let node = match list.split_once('.') {
            Some((definition, field)) => schema
                .pointer(&format!("/$defs/{definition}/properties/{field}"))
                .cloned(),
            None => schema.pointer(&format!("/$defs/{list}")).cloned(),
        };
        let names: Map<String, Value> = node
            .map(|node| values_of(&node))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|value| {
                let name = crate::lang::words::text(&format!("{group}.{value}"), lang)?;
                Some((value, Value::from(name)))
            })
            .collect();
        out.insert((*list).to_string(), Value::Object(names));
    }
    let names: Map<String, Value> = Language::ALL
        .iter()
        .map(|l| {
            (
                l.code().to_string(),
                crate::lang::words::language_name(l.code(), lang).into(),
            )
        })
        .collect();
    out.insert("Language".into(), Value::Object(names));
    out
}

/// The values a closed list allows: its `enum`, its `oneOf` constants, or those of the
/// closed list among its `anyOf` (a system's usual kinds).
fn values_of(node: &Value) -> Vec<String> {
    let strings = |items: &Value| -> Vec<String> {
        items
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|item| item.as_str().or_else(|| item.get("const")?.as_str()))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    if let Some(values) = node.get("enum") {
        return strings(values);
    }
    if let Some(values) = node.get("oneOf") {
        return strings(values);
    }
    node.get("anyOf")
        .and_then(Value::as_array)
        .map(|options| options.iter().flat_map(values_of).collect())
        .unwrap_or_default()
}

/// The names the document gives the questionnaire's fields, for the form's labels: the
/// field's own name (`field.kpi`), else the words the document heads it with (`budget`,
/// `gdpr`), a petal's name or a priority's; a field without any is labelled by its key.
fn field_names(schema: &Value, lang: Language) -> Map<String, Value> {
    let mut keys = std::collections::BTreeSet::new();
    fn collect(node: &Value, keys: &mut std::collections::BTreeSet<String>) {
        match node {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    keys.extend(properties.keys().cloned());
                }
                map.values().for_each(|v| collect(v, keys));
            }
            Value::Array(items) => items.iter().for_each(|v| collect(v, keys)),
            _ => {}
        }
    }
    collect(schema, &mut keys);
    keys.into_iter()
        .filter_map(|key| {
            let name = [
                format!("field.{key}"),
                key.clone(),
                format!("petal.{key}"),
                format!("priority_label.{key}"),
            ]
            .iter()
            .find_map(|k| crate::lang::words::text(k, lang))?;
            Some((key, Value::from(name)))
        })
        .collect()
}

fn interface(lang: Language) -> Map<String, Value> {
    INTERFACE
        .iter()
        .map(|key| {
            let short = key.trim_start_matches("editor.");
            (short.to_string(), Message::new(key).terminal(lang).into())
        })
        .collect()
}

/// A problem as the page shows it: on the field `path` names, and in the list at the top.
fn problem(d: &Diagnostic, lang: Language) -> Value {
    json!({
        "severity": d.severity.label(),
        "code": d.code,
        "path": d.path,
        "message": d.message.terminal(lang),
        "hints": d.hints.iter().map(|h| h.terminal(lang)).collect::<Vec<_>>(),
    })
}

/// The preview of an unsaved questionnaire: the text it would be saved as, checked and
/// rendered as `check` and `render` would; its problems (validation errors, else the
/// advisor's findings) and the HTML page, which lists the errors when there are some.
pub fn preview(
    questionnaire: &Path,
    value: &Value,
    options: &RenderOptions,
    lang: Language,
) -> Value {
    let on_disk = std::fs::read_to_string(questionnaire).unwrap_or_default();
    // Checked as it would be saved, so that the problems' lines are the file's; JSON (which
    // YAML reads too) when the rewrite cannot be made, so that the problems are still shown.
    let text = crate::yaml_edit::rewrite(&on_disk, value).unwrap_or_else(|_| value.to_string());
    let lang = crate::load::declared_language(&text).unwrap_or(lang);
    let source = Source {
        name: file_name(questionnaire),
        text,
        base_dir: questionnaire
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf(),
    };
    let (problems, html) = match crate::check(&source) {
        Ok(spec) => {
            let findings = crate::advice::advise(&spec, &[]);
            let html = crate::render(&spec, options)
                .map_err(|e| crate::error::failed(&e).terminal(lang))
                .and_then(|rendered| {
                    rendered
                        .files
                        .into_iter()
                        .find(|(path, _)| path.extension().is_some_and(|e| e == "html"))
                        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
                        .ok_or_else(String::new)
                });
            let html = html.unwrap_or_else(|e| {
                crate::serve::problems_page(&source.name, &[e], FIXED_IN_FORM, lang)
            });
            (findings, html)
        }
        Err(Error::Invalid(diagnostics)) => {
            let lines: Vec<String> = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| match d.path.as_str() {
                    "" => d.message.terminal(lang),
                    path => format!("{path}: {}", d.message.terminal(lang)),
                })
                .collect();
            let html = crate::serve::problems_page(&source.name, &lines, FIXED_IN_FORM, lang);
            (diagnostics, html)
        }
        Err(other) => {
            let line = crate::error::failed(&other).terminal(lang);
            let html = crate::serve::problems_page(&source.name, &[line], FIXED_IN_FORM, lang);
            (Vec::new(), html)
        }
    };
    json!({
        "problems": problems.iter().map(|d| problem(d, lang)).collect::<Vec<_>>(),
        "html": html,
    })
}

/// Why a save was not made.
#[derive(Debug)]
pub enum SaveError {
    /// The file changed on disk since the page loaded it: its fingerprint now.
    Changed(String),
    /// The questionnaire could not be written back (a YAML rewrite or the disk failed).
    Failed(String),
}

/// The backup of the previous version, beside the questionnaire: `q.yaml` → `q.yaml.bak`.
pub fn backup_of(questionnaire: &Path) -> PathBuf {
    let mut name = questionnaire.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}

/// Writes `value` over the questionnaire, provided the file is still the version whose
/// fingerprint is `expected`; the previous version is kept as [`backup_of`] the file, both
/// written as one set (`output`). Returns the new fingerprint.
pub fn save(
    questionnaire: &Path,
    value: &Value,
    expected: &str,
    lang: Language,
) -> Result<String, SaveError> {
    let failed = |e: &Error| SaveError::Failed(crate::error::failed(e).terminal(lang));
    let on_disk = Source::read(questionnaire).map_err(|e| failed(&e))?;
    let now = fingerprint(on_disk.text.as_bytes());
    if now != expected {
        return Err(SaveError::Changed(now));
    }
    let text = crate::yaml_edit::rewrite(&on_disk.text, value)
        .map_err(|e| SaveError::Failed(e.message().terminal(lang)))?;
    let name = PathBuf::from(file_name(questionnaire));
    let backup = PathBuf::from(file_name(&backup_of(questionnaire)));
    let dir = questionnaire.parent().unwrap_or(Path::new(""));
    crate::output::write_all(
        dir,
        &[
            (backup, on_disk.text.into_bytes()),
            (name, text.clone().into_bytes()),
        ],
    )
    .map_err(|e| failed(&e))?;
    Ok(fingerprint(text.as_bytes()))
}

/// The editor's page: an empty frame the script fills, in the questionnaire's language, with
/// the token its requests must carry.
pub fn page(questionnaire: &Path, token: &str, lang: Language) -> String {
    use crate::xml::escape;
    let text = std::fs::read_to_string(questionnaire).unwrap_or_default();
    let lang = crate::load::declared_language(&text).unwrap_or(lang);
    let name = file_name(questionnaire);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"crmspec-token\" content=\"{}\">\n<title>{} — crmspec</title>\n\
         <link rel=\"stylesheet\" href=\"/editor.css\">\n\
         <script src=\"/editor.js\" defer></script>\n</head>\n<body>\n\
         <noscript>{}</noscript>\n</body>\n</html>\n",
        lang.code(),
        escape(token),
        escape(&name),
        escape(&Message::new("editor.needs_script").terminal(lang)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first concrete path of a pattern (`channels[].redirects[].to` →
    /// `channels[0].redirects[0].to`) that exists in `value`, and that value set to `id`.
    fn name_unknown(value: &mut Value, pattern: &str, id: &str) -> Option<String> {
        let mut node = value;
        let mut path = String::new();
        for part in pattern.split('.') {
            let (key, list) = match part.strip_suffix("[]") {
                Some(key) => (key, true),
                None => (part, false),
            };
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
            node = node.get_mut(key)?;
            if list {
                node = node.get_mut(0)?;
                path.push_str("[0]");
            }
        }
        *node = Value::from(id);
        Some(path)
    }

    /// Each reference the form offers as a list of ids is one the validator checks: naming an
    /// unknown id there is an error on that very field.
    #[test]
    fn the_references_offered_are_those_the_validator_checks() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(root.join("specs/velo-horizon.yaml")).unwrap();
        let original = crate::yaml_edit::to_json(&text).unwrap();
        for reference in crate::validate::REFERENCES {
            let mut value = original.clone();
            let path = name_unknown(&mut value, reference.field, "nowhere_to_be_found")
                .unwrap_or_else(|| panic!("the example has no {}", reference.field));
            let source = Source {
                name: "q.yaml".into(),
                text: value.to_string(),
                base_dir: root.join("specs"),
            };
            let Err(Error::Invalid(diagnostics)) = crate::check(&source) else {
                panic!("{path}: an unknown id is accepted");
            };
            assert!(
                diagnostics
                    .iter()
                    .any(|d| d.path == path && d.severity == Severity::Error),
                "{path}: {diagnostics:#?}"
            );
            // The ids offered are those that exist.
            let ids: Vec<&str> = reference.ids.split('.').collect();
            assert!(
                ids.last().is_some_and(|last| *last == "id"),
                "{}",
                reference.ids
            );
        }
    }

    #[test]
    fn the_state_carries_the_form_in_the_questionnaires_language() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let state = state(&root.join("specs/velo-horizon.yaml"), Language::En);
        assert_eq!(state["lang"], "fr");
        assert_eq!(state["labels"]["ChannelKind"]["store"], "Magasin");
        assert_eq!(state["labels"]["System.kind"]["erp"], "ERP");
        assert_eq!(state["interface"]["save"], "Enregistrer");
        assert_eq!(state["fields"]["kpi"], "Indicateur");
        assert_eq!(state["value"]["channels"][0]["id"], "magasin");
        assert_eq!(state["hash"].as_str().map(str::len), Some(64));
        assert!(state["error"].is_null());
    }
}
