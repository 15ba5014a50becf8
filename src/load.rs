//! Stage 1: YAML text → `Questionnaire`, or every shape problem found, each with its position.
//!
//! Sections (and the items of top-level lists) are converted one by one, so a typo in
//! `channels[1]` does not hide a wrong type in `tender`.

use crate::diagnostic::Location;
use crate::diagnostic::{did_you_mean, suggest, Diagnostic};
use crate::lang::messages::Message;
use crate::model::{self, Questionnaire, OPTIONAL_SECTIONS, SECTIONS};
use crate::positions::Positions;
use crate::yaml::{self, Node, ShapeError, SyntaxError};
use serde::de::DeserializeOwned;
use std::collections::HashMap;

/// The questionnaire format version this build reads.
pub const FORMAT_VERSION: u32 = 1;

/// A questionnaire as read: the typed model, where each field is, and every text value with
/// its path (for checks on the raw text, such as characters no font can print).
pub struct Loaded {
    pub questionnaire: Questionnaire,
    pub positions: Positions,
    pub texts: Vec<(String, String)>,
}

/// Reads a questionnaire. Diagnostics carry positions but not the file name; the caller, who
/// knows how the user named the file, adds it.
pub fn load(text: &str) -> Result<Loaded, Vec<Diagnostic>> {
    let root = yaml::parse(text).map_err(|e| vec![syntax_diagnostic(*e, text)])?;
    let positions = Positions::scan(text);
    let Some(entries) = root.entries() else {
        let message = if root.is_null() {
            "load.empty"
        } else {
            "load.not_a_mapping"
        };
        return Err(vec![Diagnostic::error("", Message::new(message))
            .hint(Message::new("load.start_from"))
            .at(positions.locate(""))]);
    };
    let texts = root.strings("");
    let mut reader = Reader {
        sections: HashMap::new(),
        text,
        positions: &positions,
        diagnostics: control_characters(&texts, &positions),
    };
    for (key, node) in entries {
        if SECTIONS.contains(&key.as_str()) {
            reader.sections.insert(key, node);
        } else {
            let mut d = Diagnostic::error(
                key.as_str(),
                Message::new("load.unknown_section").code("section", &key),
            )
            .at(positions.locate_key(&key));
            if let Some(s) = suggest(&key, SECTIONS.iter().copied()) {
                d = d.hint(did_you_mean(s));
            }
            reader.diagnostics.push(d.hint(
                Message::new("load.sections_are").codes("sections", SECTIONS.iter().copied()),
            ));
        }
    }
    let questionnaire = reader.questionnaire();
    match questionnaire {
        Some(questionnaire) if reader.diagnostics.is_empty() => Ok(Loaded {
            questionnaire,
            positions,
            texts,
        }),
        _ => Err(reader.diagnostics),
    }
}

/// The language the questionnaire's document is written in, read from `document.language`
/// alone: what a page listing the questionnaire's problems is written in when the
/// questionnaire cannot be loaded whole. `None` when the text is not YAML or names none.
pub fn declared_language(text: &str) -> Option<model::Language> {
    let entries = yaml::parse(text).ok()?.entries()?;
    let (_, document) = entries.into_iter().find(|(k, _)| k == "document")?;
    let (_, language) = document
        .entries()?
        .into_iter()
        .find(|(k, _)| k == "language")?;
    language.into_typed().ok()
}

struct Reader<'a> {
    sections: HashMap<String, Node>,
    text: &'a str,
    positions: &'a Positions,
    diagnostics: Vec<Diagnostic>,
}

/// Reads a small YAML file of the given shape (the evaluation file of `crmspec score`), with
/// the same located, suggestive messages as the questionnaire.
pub fn load_as<T: DeserializeOwned>(text: &str) -> Result<(T, Positions), Vec<Diagnostic>> {
    let root = yaml::parse(text).map_err(|e| vec![syntax_diagnostic(*e, text)])?;
    let positions = Positions::scan(text);
    let controls = control_characters(&root.strings(""), &positions);
    if !controls.is_empty() {
        return Err(controls);
    }
    match root.into_typed::<T>() {
        Ok(value) => Ok((value, positions)),
        Err(e) => Err(vec![shape_diagnostic(e, "", &positions, text)]),
    }
}

/// Whether a character has no place in a document: C0 and C1 control characters and DEL,
/// but tab and line breaks, which text may hold.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Control characters (NUL, BEL, ESC…) are refused where they are typed, once, rather than
/// dropped or escaped by each writer: Word's XML cannot hold them at all, a PDF has no glyph
/// for them, and in a message they would drive the user's terminal. The message names the
/// character by its code, since it cannot be shown.
fn control_characters(texts: &[(String, String)], positions: &Positions) -> Vec<Diagnostic> {
    texts
        .iter()
        .filter_map(|(path, text)| {
            let c = text.chars().find(|c| is_forbidden_control(*c))?;
            Some(
                Diagnostic::error(
                    path.as_str(),
                    Message::new("load.control_character")
                        .plain("code", format!("U+{:04X}", u32::from(c))),
                )
                .hint(Message::new("load.control_character_hint"))
                .at(positions.locate(path)),
            )
        })
        .collect()
}

impl Reader<'_> {
    /// Reads every section, recording problems; `None` if any section is unusable.
    fn questionnaire(&mut self) -> Option<Questionnaire> {
        let version: Option<u32> = self.one("version");
        if let Some(v) = version.filter(|v| *v != FORMAT_VERSION) {
            self.diagnostics.push(
                Diagnostic::error(
                    "version",
                    Message::new("load.unsupported_version").plain("version", v),
                )
                .hint(Message::new("load.reads_version").plain("version", FORMAT_VERSION))
                .at(self.positions.locate("version")),
            );
        }
        let document = self.one("document");
        let project = self.one("project");
        let company = self.one("company");
        let principles = self.list("principles");
        let channel_roles = self.list("channel_roles");
        let channels = self.list("channels");
        let mobile = self.one::<Option<model::Mobile>>("mobile");
        let processes = self.list("processes");
        let fleur = self.one("fleur");
        let requirements = self.list("requirements");
        let quality = self.list("quality");
        let systems = self.list("systems");
        let data_exchanges = self.list("data_exchanges");
        let migration = self.one::<Option<model::Migration>>("migration");
        let technical = self.one("technical");
        let gdpr = self.one("gdpr");
        let change_management = self.one("change_management");
        let services = self.list("services");
        let deliverables = self.list("deliverables");
        let contract = self.one::<Option<model::Contract>>("contract");
        let tender = self.one("tender");
        let pricing = self.one::<Option<model::Pricing>>("pricing");
        let glossary = self.list("glossary");
        let advice = self.one::<Option<model::AdviceSettings>>("advice");
        Some(Questionnaire {
            version: version?,
            document: document?,
            project: project?,
            company: company?,
            principles: principles?,
            channel_roles: channel_roles?,
            channels: channels?,
            mobile: mobile?,
            processes: processes?,
            fleur: fleur?,
            requirements: requirements?,
            quality: quality?,
            systems: systems?,
            data_exchanges: data_exchanges?,
            migration: migration?,
            technical: technical?,
            gdpr: gdpr?,
            change_management: change_management?,
            services: services?,
            deliverables: deliverables?,
            contract: contract?,
            tender: tender?,
            pricing: pricing?,
            glossary: glossary?,
            advice: advice?,
        })
    }

    /// The node of a section; a missing required section is reported, an optional one is null.
    fn node(&mut self, key: &str) -> Option<Node> {
        match self.sections.remove(key) {
            Some(node) => Some(node),
            None if OPTIONAL_SECTIONS.contains(&key) => yaml::parse("null").ok(),
            None => {
                self.diagnostics.push(
                    Diagnostic::error(
                        key,
                        Message::new("load.missing_section").code("section", key),
                    )
                    .hint(Message::new("load.missing_section_hint"))
                    .at(self.positions.locate("")),
                );
                None
            }
        }
    }

    fn one<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        let node = self.node(key)?;
        self.convert(node, key)
    }

    /// A list section, item by item so that each broken item is reported.
    fn list<T: DeserializeOwned>(&mut self, key: &str) -> Option<Vec<T>> {
        let node = self.node(key)?;
        if node.is_null() && OPTIONAL_SECTIONS.contains(&key) {
            return Some(Vec::new());
        }
        let Some(items) = node.items() else {
            return self.convert(node, key);
        };
        let converted: Vec<Option<T>> = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| self.convert(item, &format!("{key}[{i}]")))
            .collect();
        converted.into_iter().collect()
    }

    fn convert<T: DeserializeOwned>(&mut self, node: Node, prefix: &str) -> Option<T> {
        match node.into_typed::<T>() {
            Ok(value) => Some(value),
            Err(e) => {
                let d = shape_diagnostic(e, prefix, self.positions, self.text);
                self.diagnostics.push(d);
                None
            }
        }
    }
}

/// A YAML syntax error as a diagnostic; a number too large for YAML is named with its field
/// and what that field expects.
fn syntax_diagnostic(e: SyntaxError, text: &str) -> Diagnostic {
    let Some(number) = e.too_large else {
        let d = Diagnostic::error(
            "",
            Message::new("load.invalid_yaml").message("reason", e.message),
        )
        .at(e.location);
        return e.hints.into_iter().fold(d, Diagnostic::hint);
    };
    let positions = Positions::scan(text);
    let path = e
        .location
        .and_then(|l| positions.path_at(l))
        .unwrap_or_default()
        .to_string();
    let typed = e.location.and_then(|l| typed_at(text, l)).unwrap_or(number);
    let message = match field_words(&path) {
        Some((expected, _)) => {
            Message::new("load.number_too_large_expected").message("expected", expected)
        }
        None => Message::new("load.number_too_large"),
    };
    Diagnostic::error(path, message.code("typed", typed))
        .at(e.location)
        .hint(Message::new("load.number_too_large_hint").plain("max", u64::MAX))
}

/// Turns serde's message into one a questionnaire author can act on.
fn shape_diagnostic(e: ShapeError, prefix: &str, positions: &Positions, text: &str) -> Diagnostic {
    let path = match (prefix.is_empty(), e.path.is_empty()) {
        (_, true) => prefix.to_string(),
        (true, false) => e.path.clone(),
        (false, false) if e.path.starts_with('[') => format!("{prefix}{}", e.path),
        (false, false) => format!("{prefix}.{}", e.path),
    };
    let quoted = backticked(&e.message);
    let expected_one_of = |expected: &[String]| {
        Message::new("load.expected_one_of").codes("expected", expected.iter().cloned())
    };
    if let Some(rest) = e.message.strip_prefix("unknown field ") {
        let field = quoted.first().cloned().unwrap_or_default();
        let expected = &quoted[1.min(quoted.len())..];
        let key_path = if path.ends_with(&field) {
            path.clone()
        } else if path.is_empty() {
            field.clone()
        } else {
            format!("{path}.{field}")
        };
        let mut d = Diagnostic::error(
            key_path.as_str(),
            Message::new("load.unknown_key").code("key", &field),
        )
        .at(positions.locate_key(&key_path));
        if let Some(s) = suggest(&field, expected.iter().map(String::as_str)) {
            d = d.hint(did_you_mean(s));
        }
        if rest.contains("there are no fields") || expected.is_empty() {
            return d;
        }
        return d.hint(expected_one_of(expected));
    }
    if e.message.starts_with("unknown variant ") {
        let value = quoted.first().cloned().unwrap_or_default();
        let expected = &quoted[1.min(quoted.len())..];
        let mut d = Diagnostic::error(
            path.as_str(),
            Message::new("load.not_allowed").code("value", &value),
        )
        .at(positions.locate(&path));
        if let Some(s) = suggest(&value, expected.iter().map(String::as_str)) {
            d = d.hint(did_you_mean(s));
        }
        return d.hint(expected_one_of(expected));
    }
    if e.message.starts_with("missing field ") {
        let field = quoted.first().cloned().unwrap_or_default();
        return Diagnostic::error(
            path.as_str(),
            Message::new("load.missing_key").code("key", field),
        )
        .at(positions.locate(&path));
    }
    let location = positions.locate(&path);
    match wrong_value(&e.message, &path, location.and_then(|l| typed_at(text, l))) {
        Some((message, hints)) => hints
            .into_iter()
            .fold(Diagnostic::error(path.as_str(), message), Diagnostic::hint)
            .at(location),
        None => Diagnostic::error(path.as_str(), Message::verbatim(e.message)).at(location),
    }
}

/// serde's "invalid type: string \"beaucoup\", expected u64" in words: what the user typed
/// (as typed, from the source: serde shows `1.10` as `1.1`) and what the field expects, with
/// a hint to quote a number meant as text.
fn wrong_value(
    message: &str,
    path: &str,
    typed: Option<String>,
) -> Option<(Message, Vec<Message>)> {
    let (kind, rest) = message
        .strip_prefix("invalid type: ")
        .map(|r| (WrongKind::Type, r))
        .or_else(|| {
            message
                .strip_prefix("invalid value: ")
                .map(|r| (WrongKind::Value, r))
        })?;
    let (unexpected, expected) = rest.rsplit_once(", expected ")?;
    let (expected, wants_text) = match (field_words(path), expected_words(expected)) {
        (Some(field), Some(_)) => field,
        (_, Some(words)) => words,
        (_, None) => (Message::verbatim(expected), false),
    };
    let number = ["integer `", "floating point `"]
        .iter()
        .find_map(|p| unexpected.strip_prefix(p))
        .map(|n| n.trim_end_matches('`'));
    let found = match (&typed, number) {
        (Some(t), Some(n)) if t != n => Message::new("load.read_as_number")
            .code("typed", t)
            .plain("number", n),
        (Some(t), _) if kind == WrongKind::Value => {
            Message::new("load.out_of_range").code("typed", t)
        }
        (Some(t), _) => Message::new("load.typed_is")
            .code("typed", t)
            .message("what", unexpected_words(unexpected)),
        (None, _) => Message::new("load.value_is").message("what", unexpected_words(unexpected)),
    };
    let mut hints = Vec::new();
    if let (Some(t), true, Some(_)) = (&typed, wants_text, number) {
        let key = path.rsplit(['.', '[']).next().unwrap_or(path);
        hints.push(Message::new("load.quote_to_keep").code("line", format!("{key}: \"{t}\"")));
    }
    Some((
        Message::new("load.wrong_value")
            .message("found", found)
            .message("expected", expected),
        hints,
    ))
}

#[derive(PartialEq)]
enum WrongKind {
    Type,
    Value,
}

/// serde's name for what it found, in words.
fn unexpected_words(unexpected: &str) -> Message {
    Message::new(
        match unexpected.split([' ', '`']).next().unwrap_or_default() {
            "string" => "load.found_text",
            "integer" => "load.found_whole_number",
            "floating" => "load.found_number",
            "boolean" => "load.found_boolean",
            "unit" => "load.found_empty",
            "sequence" => "load.found_list",
            "map" => "load.found_mapping",
            _ => "load.found_other",
        },
    )
}

/// serde's name for a plain type, in words, and whether it is text; `None` for what serde
/// names otherwise (an enumeration, a date), whose own words are kept.
fn expected_words(expected: &str) -> Option<(Message, bool)> {
    let key = match expected {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "load.expect_count",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "load.expect_whole_number",
        "f32" | "f64" => "load.expect_number",
        "a string" | "a borrowed string" => "load.expect_text",
        "a boolean" => "load.expect_boolean",
        "a sequence" => "load.expect_list",
        "a map" => "load.expect_mapping",
        e if e.starts_with("struct ") => "load.expect_mapping",
        _ => return None,
    };
    Some((Message::new(key), key == "load.expect_text"))
}

/// What the usual numeric and version fields hold, with an example, and whether it is text.
fn field_words(path: &str) -> Option<(Message, bool)> {
    let field = path.rsplit(['.', '[']).next().unwrap_or(path);
    let key = match field {
        "employees" => "load.field_employees",
        "headcount" => "load.field_headcount",
        "crm_users" => "load.field_crm_users",
        "count" => "load.field_count",
        "active_customers" => "load.field_active_customers",
        "prospects" => "load.field_prospects",
        "weight" => "load.field_weight",
        "min" | "max" => "load.field_amount",
        "version" if path == "version" => "load.field_format_version",
        "version" => "load.field_version",
        _ => return None,
    };
    Some((Message::new(key), key == "load.field_version"))
}

/// The value as the user typed it at `location`: a quoted value with its quotes, a plain one
/// up to a comment (or, in a `{ … }` line, a comma or closing bracket); `None` for a block
/// or a collection. Shortened past 40 characters.
fn typed_at(text: &str, location: Location) -> Option<String> {
    let line = text.lines().nth(location.line.checked_sub(1)?)?;
    let start = line.char_indices().nth(location.column.checked_sub(1)?)?.0;
    let rest = &line[start..];
    let flow = line[..start].contains(['{', '[']);
    let token = match rest.chars().next()? {
        q @ ('"' | '\'') => rest[1..].find(q).map_or(rest, |end| &rest[..end + 2]),
        '[' | '{' | '|' | '>' => return None,
        _ => {
            let end = rest.find(" #").unwrap_or(rest.len());
            let end = if flow {
                rest[..end].find([',', ']', '}']).unwrap_or(end)
            } else {
                end
            };
            rest[..end].trim_end()
        }
    };
    let shown: String = token
        .chars()
        .take(40)
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    Some(if token.chars().count() > 40 {
        format!("{shown}…")
    } else {
        shown
    })
}

/// The words between backticks in a serde message, in order.
fn backticked(message: &str) -> Vec<String> {
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}
