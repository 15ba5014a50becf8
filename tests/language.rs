//! Every word a reader sees is a word of the reader's language: no identifier, key or code of
//! the questionnaire's format reaches a document, whatever language it is rendered in.
//!
//! Each questionnaire of `specs/`, `tests/fixtures/` and `../shared/` is rendered in every
//! language crmspec has (its `document.language` swapped), to Markdown and PDF, and the text a
//! reader sees is searched for:
//! - a snake_case token (`one_way`, `after_sales`): a key of the format, or an ID typed in it;
//! - an enumeration value of the format (`ecommerce`, `telephony`, `must`), taken from the
//!   JSON Schema, or an `id` of a channel, role or system (`erp`, `mailer`), unless it is also a
//!   word of the document's language (its locale file or the catalogue) or of the
//!   questionnaire's own prose (`chat`, `web`, `phone` in an English sentence);
//! - a requirement-like ID (`CLI-01`) that the questionnaire does not define.
//!
//! Code spans, URLs and e-mail addresses are skipped: they are shown as typed on purpose.

mod common;

use common::*;
use crmspec::model::Language;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The questionnaires to read: the examples, the fixtures and, when present, the shared ones.
fn questionnaires() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [root().join("specs"), root().join("tests/fixtures")] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        found.sort();
        files.extend(found);
    }
    files.extend(reference());
    files.extend(tender());
    files
}

/// `text` with its document in `lang`: the `language` line replaced, or added under
/// `document:`.
fn in_language(text: &str, lang: Language) -> String {
    let line = format!("  language: {}", lang.code());
    match text.find("\n  language: ") {
        Some(at) => {
            let start = at + 1;
            let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
            let comment = text[start..end]
                .find(" #")
                .map_or("", |c| &text[start + c..end]);
            format!("{}{line}{comment}{}", &text[..start], &text[end..])
        }
        None => text.replacen("document:\n", &format!("document:\n{line}\n"), 1),
    }
}

/// Writes `text` as `name` in `dir`, with a copy of the logo it names (found beside
/// `source`).
fn write_beside_logo(source: &Path, text: &str, dir: &Path, name: &str) -> PathBuf {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
    if let Some(logo) = yaml["document"]["logo"].as_str() {
        let from = source.parent().unwrap().join(logo);
        std::fs::copy(&from, dir.join(logo)).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Every string of a JSON value, recursively.
fn json_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| json_strings(v, out)),
        _ => {}
    }
}

/// The values of every closed list of the format (`enum` and `const` in its JSON Schema).
fn enumeration_values() -> BTreeSet<String> {
    fn walk(value: &serde_json::Value, out: &mut BTreeSet<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, v) in map {
                    match (key.as_str(), v) {
                        ("enum", serde_json::Value::Array(items)) => {
                            out.extend(items.iter().filter_map(|i| i.as_str().map(String::from)))
                        }
                        ("const", serde_json::Value::String(s)) => {
                            out.insert(s.clone());
                        }
                        _ => walk(v, out),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let schema: serde_json::Value =
        serde_json::from_str(&crmspec::schema::questionnaire(Language::default())).unwrap();
    let mut values = BTreeSet::new();
    walk(&schema, &mut values);
    assert!(
        values.contains("one_way") && values.contains("ecommerce"),
        "the schema lists the format's enumerations: {values:?}"
    );
    values
}

/// The words of a text: runs of letters, digits and `_`.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

/// Every word crmspec itself writes in `lang`, as written and with a small first letter: its
/// locale file and its catalogue's texts.
fn language_words(lang: Language) -> BTreeSet<String> {
    fn strings(value: &toml::Value, out: &mut Vec<String>) {
        match value {
            toml::Value::String(s) => out.push(s.clone()),
            toml::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
            toml::Value::Table(table) => table.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }
    let locale = std::fs::read_to_string(root().join(format!("locales/{}.toml", lang.code())))
        .unwrap()
        .parse::<toml::Table>()
        .unwrap();
    let mut texts = Vec::new();
    strings(&toml::Value::Table(locale), &mut texts);
    let catalogue = std::fs::read_to_string(root().join("catalogue/requirements.yaml")).unwrap();
    texts.extend(
        yaml_strings(&catalogue)
            .into_iter()
            .filter(|(path, _)| key_of(path) == lang.code())
            .map(|(_, text)| text),
    );
    // A label may start with a small letter in running text (`Exigences de qualité
    // (performance)`); an acronym is still one (`ERP` does not make `erp` a word).
    let decapitalised = |word: &str| -> String {
        let mut chars = word.chars();
        chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect())
            .unwrap_or_default()
    };
    texts
        .iter()
        .flat_map(|t| words(t))
        .flat_map(|w| [w.to_string(), decapitalised(w)])
        .collect()
}

/// What one questionnaire may show: the words of its prose, the internal ids it must not
/// show, and the requirement-like IDs it defines (typed or assigned by crmspec).
struct Questionnaire {
    prose: BTreeSet<String>,
    internal_ids: BTreeSet<String>,
    defined: BTreeSet<String>,
}

impl Questionnaire {
    fn read(path: &Path, enumerations: &BTreeSet<String>) -> Questionnaire {
        let text = std::fs::read_to_string(path).unwrap();
        let strings = yaml_strings(&text);
        let prose = strings
            .iter()
            .filter(|(p, v)| !holds_an_id(p) && !enumerations.contains(v))
            .flat_map(|(_, v)| words(v))
            .map(String::from)
            .collect();
        let internal_ids = strings
            .iter()
            .filter(|(p, _)| {
                key_of(p) == "id"
                    && ["channels[", "channel_roles[", "systems["]
                        .iter()
                        .any(|s| p.starts_with(s))
            })
            .map(|(_, v)| v.clone())
            .collect();
        // The spec holds every ID, the assigned ones included, and the questionnaire's text.
        let spec = crmspec::check(&crmspec::Source::read(path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut values = Vec::new();
        json_strings(&serde_json::to_value(&spec).unwrap(), &mut values);
        let defined = values
            .iter()
            .flat_map(|v| v.split(|c: char| !(c.is_alphanumeric() || c == '-')))
            .filter(|t| id_like(t))
            .map(String::from)
            .collect();
        Questionnaire {
            prose,
            internal_ids,
            defined,
        }
    }

    /// Both versions' words and IDs, for a document that lists the changes between them.
    fn and(mut self, other: Questionnaire) -> Questionnaire {
        self.prose.extend(other.prose);
        self.internal_ids.extend(other.internal_ids);
        self.defined.extend(other.defined);
        self
    }
}

/// Whether the field at `path` holds an identifier or a reference to one, never prose.
fn holds_an_id(path: &str) -> bool {
    let key = key_of(path);
    let under = |section: &str| path.starts_with(&format!("{section}["));
    key == "id"
        || key == "logo"
        || (under("data_exchanges") && ["source", "target"].contains(&key))
        || (under("channels") && ["roles", "to"].contains(&key))
        || (under("processes") && key == "channels")
}

/// `CLI-01`, `FLX-3`: two to four capitals, a hyphen, digits.
fn id_like(token: &str) -> bool {
    let Some((letters, digits)) = token.split_once('-') else {
        return false;
    };
    (2..=4).contains(&letters.len())
        && letters.chars().all(|c| c.is_ascii_uppercase())
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
}

fn snake_case(word: &str) -> bool {
    word.contains('_')
        && !word.starts_with('_')
        && !word.ends_with('_')
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// What a reader should not see in `text`, one line per finding.
fn findings(
    text: &str,
    questionnaire: &Questionnaire,
    enumerations: &BTreeSet<String>,
    language: &BTreeSet<String>,
) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for chunk in text.split_whitespace() {
        if chunk.contains("://") || chunk.contains('@') || chunk.starts_with("www.") {
            continue;
        }
        for token in chunk.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')) {
            if id_like(token) && !questionnaire.defined.contains(token) {
                found.insert(format!("undefined ID `{token}` in “{chunk}”"));
            }
            for word in token.split('-').filter(|w| !w.is_empty()) {
                let known = language.contains(word) || questionnaire.prose.contains(word);
                if snake_case(word) {
                    found.insert(format!("snake_case `{word}` in “{chunk}”"));
                } else if enumerations.contains(word) && !known {
                    found.insert(format!("enumeration value `{word}` in “{chunk}”"));
                } else if questionnaire.internal_ids.contains(word) && !known {
                    found.insert(format!("internal id `{word}` in “{chunk}”"));
                }
            }
        }
    }
    found
}

/// The text a reader sees in the Markdown: text and line breaks, without code spans, HTML
/// comments or link targets.
fn markdown_reading(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    let mut text = String::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) | Event::Code(_) => text.push(' '),
            Event::InlineHtml(h) if h.starts_with("<br") => text.push(' '),
            _ => {}
        }
    }
    text
}

/// Renders `questionnaire` to Markdown and PDF (with `extra` arguments) and returns what a
/// reader finds wrong in each, prefixed with the output's name.
fn read_outputs(
    questionnaire: &Path,
    extra: &[&str],
    expected: &Questionnaire,
    lang: Language,
    enumerations: &BTreeSet<String>,
) -> Vec<String> {
    let out = questionnaire.with_extension("out");
    let mut args = vec!["--format", "md,pdf"];
    args.extend_from_slice(extra);
    let output = render_with(questionnaire, &out, &args);
    assert!(
        output.status.success(),
        "{}: {}",
        questionnaire.display(),
        stderr(&output)
    );
    let files: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let file = |ext: &str| {
        files
            .iter()
            .find(|p| p.extension().is_some_and(|e| e == ext))
            .unwrap()
    };
    let markdown = std::fs::read_to_string(file("md")).unwrap();
    let pdf = pdf_text(&std::fs::read(file("pdf")).unwrap());
    let language = language_words(lang);
    let name = questionnaire.file_name().unwrap().to_string_lossy();
    let mut problems = Vec::new();
    for (kind, text) in [("md", markdown_reading(&markdown)), ("pdf", pdf)] {
        for f in findings(&text, expected, enumerations, &language) {
            problems.push(format!("{name} ({kind}): {f}"));
        }
    }
    problems
}

#[test]
fn no_internal_word_reaches_a_reader_in_any_language() {
    let enumerations = enumeration_values();
    let dir = temp_dir("language-words");
    let mut problems = Vec::new();
    for source in questionnaires() {
        let text = std::fs::read_to_string(&source).unwrap();
        let stem = source.file_stem().unwrap().to_string_lossy().to_string();
        for &lang in Language::ALL {
            let name = format!("{stem}.{}.yaml", lang.code());
            let path = write_beside_logo(&source, &in_language(&text, lang), &dir, &name);
            let expected = Questionnaire::read(&path, &enumerations);
            problems.extend(read_outputs(&path, &[], &expected, lang, &enumerations));
        }
    }
    assert!(
        problems.is_empty(),
        "{} words a reader should not see:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The list of changes of an addendum names channels, roles and systems as the document does.
#[test]
fn changes_since_an_old_version_name_what_changed_in_words() {
    let enumerations = enumeration_values();
    let dir = temp_dir("language-changes");
    let source = spec("velo-horizon.yaml");
    let old_text = std::fs::read_to_string(&source).unwrap();
    let edits = [
        // A channel removed.
        (
            "  - id: instagram\n    name: \"Instagram\"\n    kind: social_networks\n    roles: [promouvoir]\n",
            "  - id: instagram_old\n    name: \"Instagram\"\n    kind: social_networks\n    roles: [promouvoir]\n",
        ),
        // A channel's roles changed.
        ("    roles: [vendre, sav]\n    function: \"Essayer", "    roles: [vendre]\n    function: \"Essayer"),
        // A system kept after all, another added.
        (
            "kind: \"Tableur\", keep: false }",
            "kind: \"Tableur\", keep: true }\n  - { id: standard_tel, name: \"Standard téléphonique\", kind: telephony, keep: true }",
        ),
        // An exchange's source moved to another system.
        ("    source: fichier\n", "    source: boutique\n"),
    ];
    let mut new_text = old_text.clone();
    for (from, to) in edits {
        assert!(
            new_text.contains(from),
            "the example no longer has `{from}`"
        );
        new_text = new_text.replacen(from, to, 1);
    }
    let mut problems = Vec::new();
    for &lang in Language::ALL {
        let code = lang.code();
        let old = write_beside_logo(
            &source,
            &in_language(&old_text, lang),
            &dir,
            &format!("old.{code}.yaml"),
        );
        let new = write_beside_logo(
            &source,
            &in_language(&new_text, lang),
            &dir,
            &format!("new.{code}.yaml"),
        );
        let expected =
            Questionnaire::read(&new, &enumerations).and(Questionnaire::read(&old, &enumerations));
        let since = ["--changes-since", old.to_str().unwrap()];
        problems.extend(read_outputs(&new, &since, &expected, lang, &enumerations));
    }
    assert!(
        problems.is_empty(),
        "{} words a reader should not see:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The test finds what it is meant to find, so that its silence means something.
#[test]
fn the_reader_check_finds_keys_ids_and_foreign_ids() {
    let enumerations = enumeration_values();
    let questionnaire = Questionnaire {
        prose: ["web", "chat"].map(String::from).into(),
        internal_ids: ["mailer", "web"].map(String::from).into(),
        defined: ["CLI-01"].map(String::from).into(),
    };
    let language = language_words(Language::Fr);
    let found = findings(
        "Source erp → crm, mailer ; flux one_way, type ecommerce, voir CLI-01 et SAL-02 ; site web, \
         chat ; https://x.example/one_way a_b@x.example `NWC-ITT-2027-004`",
        &questionnaire,
        &enumerations,
        &language,
    );
    let found: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(
        found,
        [
            "enumeration value `crm` in “crm,”",
            "enumeration value `ecommerce` in “ecommerce,”",
            "enumeration value `erp` in “erp”",
            "internal id `mailer` in “mailer”",
            "snake_case `one_way` in “one_way,”",
            "undefined ID `SAL-02` in “SAL-02”",
        ]
    );
}
