//! What crmspec says to people — diagnostics, errors, the advisor's findings, the command
//! line's own lines — as data.
//!
//! Takes a [`Message`] (a key and its parameters, built where the problem is found, before
//! anyone knows who will read it) and gives its text in a [`Language`] for a [`Medium`]: the
//! terminal, which quotes fields as the questionnaire writes them (`project.budget`), or a
//! document, which names them as its reader knows them (Présentation du projet › Budget).
//! The wording is the `[messages.*]` and `[advice.*]` tables of the locale files, so a
//! message is translated by editing data, and a language is added without touching Rust.

use super::{words, Language};
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::HashMap;

/// The language of reports read by tools (`check --format json`, identical whatever the
/// user's language) and of messages when nothing asks for another: English, the language of
/// the codes, keys and field names themselves.
pub const NEUTRAL: Language = Language::En;

/// A locale file's `[interface]` table: how messages put their parts together.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Interface {
    /// The counts a message writes in the singular (`[1]` in English, `[0, 1]` in French);
    /// every other count takes the plural form.
    singular: Vec<u64>,
    /// The quotes a document puts around a value the user typed.
    quotes: [String; 2],
    /// Between the levels of a place in a document: Présentation du projet › Objectifs.
    place_separator: String,
    /// Between the items of a list in a message.
    list_separator: String,
    /// Before the last of several values any one of which would do: a, b or c.
    or: String,
}

/// One text of a locale's message tables: a sentence, or its singular and plural forms.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum Text {
    One(String),
    Forms([String; 2]),
}

/// A message table: a group of messages (`[messages.validate]`) or one rule of the advisor
/// (`[advice.CH001]`), by name.
pub(super) type Table = HashMap<String, Text>;

/// What a message is made of before it is worded.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Body {
    /// `group.name` in `[messages.group]`, or `advice.CODE.name` in `[advice.CODE]`.
    Key(Cow<'static, str>),
    /// A text that comes worded already (a library's own message).
    Verbatim(String),
}

/// A value a message shows, kept as what it is so that each medium shows it its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as it is: a number, a date, a file name, a sentence a library wrote.
    Plain(String),
    /// Something the user typed or is to type: `value` on a terminal, quoted in a document.
    Code(String),
    /// A field of the questionnaire, by its path: `project.budget` on a terminal, the
    /// sections holding it in a document.
    Field(String),
    /// A key or a value of a closed list the questionnaire writes (`priority: must`,
    /// `acceptance`): as typed on a terminal; in a document, its label, the words table's
    /// text for `label`.
    Choice { typed: String, label: String },
    /// Something the questionnaire names by an identifier and calls by a name (a channel):
    /// the identifier on a terminal, the name in a document.
    Item { id: String, name: String },
    /// A date: as the questionnaire writes it on a terminal, as the language does in a
    /// document.
    Date { year: i32, month: u8, day: u8 },
    /// Another message, worded in the same language.
    Message(Box<Message>),
    /// Several values, joined by the language's list separator.
    List(Vec<Arg>),
    /// Several values, any one of which would do: a, b or c.
    Either(Vec<Arg>),
    /// Several values leading one to the next: a → b → c.
    Chain(Vec<Arg>),
}

/// A text for a person: a key of the locale's message tables and the values its `{name}`
/// placeholders take. Nothing is worded until [`Message::text`] is given a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    body: Body,
    args: Vec<(&'static str, Arg)>,
    /// Chooses between a text's singular and plural forms.
    count: Option<u64>,
}

impl Message {
    /// The message `group.name` of the `[messages.group]` table.
    pub fn new(key: &'static str) -> Message {
        Message {
            body: Body::Key(Cow::Borrowed(key)),
            args: Vec::new(),
            count: None,
        }
    }

    /// The message whose key is only known when running (a label a value names).
    fn new_owned(key: &str) -> Message {
        Message {
            body: Body::Key(Cow::Owned(key.to_string())),
            args: Vec::new(),
            count: None,
        }
    }

    /// The text `name` of the advisor rule `code` (`[advice.CH001]`).
    pub fn advice(code: &str, name: &str) -> Message {
        Message {
            body: Body::Key(Cow::Owned(format!("advice.{code}.{name}"))),
            args: Vec::new(),
            count: None,
        }
    }

    /// A text worded already, in no language of crmspec's: what a library says about a file
    /// it could not read, shown inside a message that is translated.
    pub fn verbatim(text: impl Into<String>) -> Message {
        Message {
            body: Body::Verbatim(text.into()),
            args: Vec::new(),
            count: None,
        }
    }

    /// The key of the text (`validate.duplicate_id`); `None` for a verbatim text.
    pub fn id(&self) -> Option<&str> {
        match &self.body {
            Body::Key(key) => Some(key),
            Body::Verbatim(_) => None,
        }
    }

    /// The same message with the key of rule `code`: a rule names its texts (`message`,
    /// `hint`) and the advisor, which knows the rule's code, finds them in its table.
    /// A name without a dot is relative to the rule; the messages inside this one are
    /// given the rule's code too.
    pub(crate) fn of_rule(mut self, code: &str) -> Message {
        if let Body::Key(name) = &self.body {
            if !name.contains('.') {
                self.body = Body::Key(Cow::Owned(format!("advice.{code}.{name}")));
            }
        }
        fn args_of_rule(arg: Arg, code: &str) -> Arg {
            match arg {
                Arg::Message(m) => Arg::Message(Box::new(m.of_rule(code))),
                Arg::List(items) => {
                    Arg::List(items.into_iter().map(|a| args_of_rule(a, code)).collect())
                }
                Arg::Chain(items) => {
                    Arg::Chain(items.into_iter().map(|a| args_of_rule(a, code)).collect())
                }
                Arg::Either(items) => {
                    Arg::Either(items.into_iter().map(|a| args_of_rule(a, code)).collect())
                }
                other => other,
            }
        }
        self.args = self
            .args
            .into_iter()
            .map(|(name, arg)| (name, args_of_rule(arg, code)))
            .collect();
        self
    }

    pub fn arg(mut self, name: &'static str, value: Arg) -> Message {
        self.args.push((name, value));
        self
    }

    /// A value shown as it is.
    pub fn plain(self, name: &'static str, value: impl ToString) -> Message {
        self.arg(name, Arg::Plain(value.to_string()))
    }

    /// A value the user typed, quoted.
    pub fn code(self, name: &'static str, value: impl Into<String>) -> Message {
        self.arg(name, Arg::Code(value.into()))
    }

    /// A field of the questionnaire.
    pub fn field(self, name: &'static str, path: impl Into<String>) -> Message {
        self.arg(name, Arg::Field(path.into()))
    }

    /// A value of a closed list (`must`), labelled by the words table's `group.key`.
    pub fn choice(self, name: &'static str, group: &str, key: &str) -> Message {
        self.arg(
            name,
            Arg::Choice {
                typed: key.to_string(),
                label: format!("{group}.{key}"),
            },
        )
    }

    /// A setting as the questionnaire writes it (`notion: change_management`), labelled by
    /// the words table's `group.key`.
    pub fn setting(self, name: &'static str, field: &str, group: &str, key: &str) -> Message {
        self.arg(
            name,
            Arg::Choice {
                typed: format!("{field}: {key}"),
                label: format!("{group}.{key}"),
            },
        )
    }

    /// A key of the questionnaire (`acceptance`), labelled by the words table's `label`.
    pub fn key(self, name: &'static str, typed: &str, label: &str) -> Message {
        self.arg(
            name,
            Arg::Choice {
                typed: typed.to_string(),
                label: label.to_string(),
            },
        )
    }

    /// A date.
    pub fn date(self, name: &'static str, year: i32, month: u8, day: u8) -> Message {
        self.arg(name, Arg::Date { year, month, day })
    }

    /// An item known by its identifier and its name.
    pub fn item(
        self,
        name: &'static str,
        id: impl Into<String>,
        called: impl Into<String>,
    ) -> Message {
        self.arg(
            name,
            Arg::Item {
                id: id.into(),
                name: called.into(),
            },
        )
    }

    /// Another message, inside this one.
    pub fn message(self, name: &'static str, message: Message) -> Message {
        self.arg(name, Arg::Message(Box::new(message)))
    }

    /// Items leading one to the next.
    pub fn chain(self, name: &'static str, items: Vec<Arg>) -> Message {
        self.arg(name, Arg::Chain(items))
    }

    /// Several values the user typed or may type, each quoted.
    pub fn codes<S: Into<String>>(
        self,
        name: &'static str,
        values: impl IntoIterator<Item = S>,
    ) -> Message {
        let list = values.into_iter().map(|v| Arg::Code(v.into())).collect();
        self.arg(name, Arg::List(list))
    }

    /// Values the user may type, any one of which would do, each quoted: a, b or c.
    pub fn either<S: Into<String>>(
        self,
        name: &'static str,
        values: impl IntoIterator<Item = S>,
    ) -> Message {
        let list = values.into_iter().map(|v| Arg::Code(v.into())).collect();
        self.arg(name, Arg::Either(list))
    }

    /// A count: shown as it is, and choosing the singular or the plural form of the text.
    pub fn count(mut self, name: &'static str, n: u64) -> Message {
        self.count = Some(n);
        self.plain(name, n)
    }

    /// The message in `lang`, its values shown as `medium` shows them. A key no locale has
    /// shows as itself (the tests make sure every key used has a text in every language).
    pub fn text(&self, lang: Language, medium: &dyn Medium) -> String {
        let pattern = match &self.body {
            Body::Verbatim(text) => return text.clone(),
            Body::Key(key) => match lookup(lang, key) {
                Some(Text::One(text)) => text.as_str(),
                Some(Text::Forms([one, other])) => {
                    let singular = &lang.locale().interface.singular;
                    if self.count.is_some_and(|n| singular.contains(&n)) {
                        one.as_str()
                    } else {
                        other.as_str()
                    }
                }
                None => return key.to_string(),
            },
        };
        fill(pattern, |name| {
            self.args
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, arg)| show(arg, lang, medium))
        })
    }

    /// The message as the terminal shows it.
    pub fn terminal(&self, lang: Language) -> String {
        self.text(lang, &Terminal)
    }
}

/// A text that comes worded already: a library's message, kept as it is.
impl From<String> for Message {
    fn from(text: String) -> Message {
        Message::verbatim(text)
    }
}

fn show(arg: &Arg, lang: Language, medium: &dyn Medium) -> String {
    match arg {
        Arg::Plain(text) => text.clone(),
        Arg::Code(text) => medium.code(text, lang),
        Arg::Field(path) => medium.field(path, lang),
        Arg::Choice { typed, label } => medium.choice(typed, label, lang),
        Arg::Item { id, name } => medium.item(id, name, lang),
        Arg::Date { year, month, day } => medium.date(*year, *month, *day, lang),
        Arg::Message(message) => message.text(lang, medium),
        Arg::List(items) => items
            .iter()
            .map(|a| show(a, lang, medium))
            .collect::<Vec<_>>()
            .join(&lang.locale().interface.list_separator),
        Arg::Either(items) => {
            let shown: Vec<String> = items.iter().map(|a| show(a, lang, medium)).collect();
            let interface = &lang.locale().interface;
            match shown.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!(
                        "{}{}{last}",
                        rest.join(&interface.list_separator),
                        interface.or
                    )
                }
                _ => shown.concat(),
            }
        }
        Arg::Chain(items) => items
            .iter()
            .map(|a| show(a, lang, medium))
            .collect::<Vec<_>>()
            .join(" → "),
    }
}

/// `pattern` with each `{name}` that `value` knows replaced, in one pass, so that a value
/// holding braces (a user's text) is never read as a placeholder.
fn fill(pattern: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        match (
            after[name_end..].starts_with('}'),
            value(&after[..name_end]),
        ) {
            (true, Some(text)) => {
                out.push_str(&text);
                rest = &after[name_end + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text of `key` in `lang`: `group.name` in `[messages.group]`, `advice.CODE.name` in
/// `[advice.CODE]`.
fn lookup(lang: Language, key: &str) -> Option<&'static Text> {
    let locale = lang.locale();
    let (table, name) = key.rsplit_once('.')?;
    match table.strip_prefix("advice.") {
        Some(code) => locale.advice.get(code)?.get(name),
        None => locale.messages.get(table)?.get(name),
    }
}

/// Whether `lang` has a text for `key`.
pub fn has(key: &str, lang: Language) -> bool {
    lookup(lang, key).is_some()
}

/// Every message key of `lang` (`group.name`), sorted: for the tests that compare locales.
pub fn keys(lang: Language) -> Vec<String> {
    let mut keys: Vec<String> = lang
        .locale()
        .messages
        .iter()
        .flat_map(|(group, table)| table.keys().map(move |name| format!("{group}.{name}")))
        .collect();
    keys.sort();
    keys
}

/// The names of the texts of advisor rule `code` in `lang` (`title`, `rationale`,
/// `message`…), sorted; empty when the locale has no table for the rule.
pub fn rule_texts(code: &str, lang: Language) -> Vec<String> {
    let mut names: Vec<String> = lang
        .locale()
        .advice
        .get(code)
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// The advisor rules `lang` has texts for, sorted.
pub fn rule_codes(lang: Language) -> Vec<String> {
    let mut codes: Vec<String> = lang.locale().advice.keys().cloned().collect();
    codes.sort();
    codes
}

/// The language a locale setting names (`fr_FR.UTF-8` → French); `None` for `C`, `POSIX`
/// and languages crmspec has no locale for.
pub fn from_locale_name(setting: &str) -> Option<Language> {
    let code = setting
        .split(['_', '.', '@', '-'])
        .next()
        .unwrap_or_default();
    Language::ALL
        .iter()
        .copied()
        .find(|l| l.code().eq_ignore_ascii_case(code))
}

/// The language the user's environment asks messages in: the first of `LC_ALL`,
/// `LC_MESSAGES` and `LANG` that is set and not empty decides, as POSIX orders them (so
/// `LC_ALL=C` means English even when `LANG` is French); English when none is set or the one
/// that decides names a language crmspec does not speak. `var` reads a variable.
pub fn from_environment(var: impl Fn(&str) -> Option<String>) -> Language {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| var(name).filter(|v| !v.is_empty()))
        .and_then(|setting| from_locale_name(&setting))
        .unwrap_or(NEUTRAL)
}

/// How a message shows its values.
pub trait Medium {
    fn code(&self, text: &str, lang: Language) -> String;
    fn field(&self, path: &str, lang: Language) -> String;
    fn choice(&self, typed: &str, label: &str, lang: Language) -> String;
    fn item(&self, id: &str, name: &str, lang: Language) -> String;
    fn date(&self, year: i32, month: u8, day: u8, lang: Language) -> String;
}

/// The terminal, where the reader edits the questionnaire: values and fields as typed there,
/// between backticks.
pub struct Terminal;

impl Medium for Terminal {
    fn code(&self, text: &str, _: Language) -> String {
        format!("`{text}`")
    }

    fn field(&self, path: &str, _: Language) -> String {
        format!("`{path}`")
    }

    fn choice(&self, typed: &str, _: &str, _: Language) -> String {
        format!("`{typed}`")
    }

    fn item(&self, id: &str, _: &str, _: Language) -> String {
        format!("`{id}`")
    }

    fn date(&self, year: i32, month: u8, day: u8, _: Language) -> String {
        format!("{year:04}-{month:02}-{day:02}")
    }
}

/// A document, where the reader knows sections, not YAML: values quoted as the language
/// quotes, closed-list values by their labels, items by their names, and fields named by
/// `place` (the advisor knows the questionnaire, and so the names of its sections and items).
pub struct Prose<'a> {
    pub place: &'a dyn Fn(&str, Language) -> String,
}

impl Medium for Prose<'_> {
    fn code(&self, text: &str, lang: Language) -> String {
        quote(text, lang)
    }

    fn field(&self, path: &str, lang: Language) -> String {
        (self.place)(path, lang)
    }

    /// The label is a text of the words table (`priority_label.must`), or of the
    /// `[messages.labels]` table for the few the documents do not print.
    fn choice(&self, _: &str, label: &str, lang: Language) -> String {
        let text = if has(label, lang) {
            Message::new_owned(label).text(lang, self)
        } else {
            words::text_or_key(label, lang)
        };
        quote(&text, lang)
    }

    fn item(&self, _: &str, name: &str, lang: Language) -> String {
        quote(name, lang)
    }

    fn date(&self, year: i32, month: u8, day: u8, lang: Language) -> String {
        super::format::date(year, month, day, lang)
    }
}

/// `text` between the language's quotes.
pub fn quote(text: &str, lang: Language) -> String {
    let [open, close] = &lang.locale().interface.quotes;
    format!("{open}{text}{close}")
}

/// The levels of a place joined as the language joins them: Présentation du projet ›
/// Objectifs.
pub fn place(levels: &[String], lang: Language) -> String {
    levels.join(&lang.locale().interface.place_separator)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn fills_each_placeholder_once() {
        let value = |name: &str| (name == "a").then(|| "{a} {b}".to_string());
        assert_eq!(fill("x {a} {b} {", value), "x {a} {b} {b} {");
    }

    #[test]
    fn reads_the_locale_settings() {
        let env = |pairs: &'static [(&str, &str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(from_environment(env(&[])), NEUTRAL);
        assert_eq!(
            from_environment(env(&[("LANG", "fr_FR.UTF-8")])),
            Language::Fr
        );
        assert_eq!(
            from_environment(env(&[("LANG", "fr_FR.UTF-8"), ("LC_MESSAGES", "C")])),
            Language::En
        );
        assert_eq!(
            from_environment(env(&[("LANG", "en_GB"), ("LC_ALL", "fr_CA.utf8")])),
            Language::Fr
        );
        assert_eq!(
            from_environment(env(&[("LC_ALL", ""), ("LANG", "fr")])),
            Language::Fr
        );
        assert_eq!(from_environment(env(&[("LANG", "POSIX")])), Language::En);
        assert_eq!(
            from_environment(env(&[("LANG", "de_DE.UTF-8")])),
            Language::En
        );
    }

    #[test]
    fn a_count_chooses_the_form() {
        let problems = |n| {
            Message::new("diagnostic.problems_found")
                .count("count", n)
                .terminal(Language::Fr)
        };
        assert!(problems(0).starts_with("0 problème "), "{}", problems(0));
        assert!(problems(2).starts_with("2 problèmes "), "{}", problems(2));
        let en = |n| {
            Message::new("diagnostic.problems_found")
                .count("count", n)
                .terminal(Language::En)
        };
        assert!(en(0).starts_with("0 problems "), "{}", en(0));
        assert!(en(1).starts_with("1 problem "), "{}", en(1));
    }

    /// A third language is a data file: every message key and every advisor text of the
    /// reference language (English, the language of the keys) is in every other locale, and
    /// no locale has one the reference lacks.
    #[test]
    fn every_locale_has_every_message() {
        let reference: BTreeSet<String> = keys(NEUTRAL).into_iter().collect();
        let rules: BTreeSet<String> = rule_codes(NEUTRAL).into_iter().collect();
        for &lang in Language::ALL {
            let mine: BTreeSet<String> = keys(lang).into_iter().collect();
            let missing: Vec<_> = reference.difference(&mine).collect();
            let extra: Vec<_> = mine.difference(&reference).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "locales/{}.toml: missing {missing:?}, unknown {extra:?}",
                lang.code()
            );
            let codes: BTreeSet<String> = rule_codes(lang).into_iter().collect();
            assert_eq!(codes, rules, "locales/{}.toml: [advice.*]", lang.code());
            for code in &rules {
                assert_eq!(
                    rule_texts(code, lang),
                    rule_texts(code, NEUTRAL),
                    "locales/{}.toml: [advice.{code}]",
                    lang.code()
                );
            }
        }
    }

    /// Every message the code names (`Message::new("validate.duplicate_id")`) has a text,
    /// and every text of the `[messages.*]` tables is named somewhere in the code: read from
    /// the sources, as the words table's test does.
    #[test]
    fn every_message_is_used_and_every_used_one_exists() {
        fn read_all(dir: &std::path::Path, out: &mut String) {
            let mut entries: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            entries.sort();
            for path in entries {
                if path.is_dir() {
                    read_all(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push_str(&std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        let mut rust = String::new();
        read_all(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut rust,
        );
        let defined: BTreeSet<String> = keys(NEUTRAL).into_iter().collect();
        let groups: BTreeSet<&str> = defined
            .iter()
            .filter_map(|k| k.split_once('.').map(|(g, _)| g))
            .collect();
        // `"group.name"` for each group of the tables, wherever the code writes it.
        let named: BTreeSet<String> = groups
            .iter()
            .flat_map(|group| {
                let opening = format!("\"{group}.");
                rust.match_indices(&opening)
                    .filter_map(|(at, _)| {
                        let rest = &rust[at + opening.len()..];
                        let end = rest.find(|c: char| {
                            !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                        })?;
                        (end > 0 && rest[end..].starts_with('"'))
                            .then(|| format!("{group}.{}", &rest[..end]))
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let missing: Vec<_> = named.difference(&defined).collect();
        assert!(missing.is_empty(), "messages without a text: {missing:?}");
        let unused: Vec<_> = defined.difference(&named).collect();
        assert!(unused.is_empty(), "texts no code names: {unused:?}");
    }

    /// A text's placeholders are the same in every language: a translation that drops
    /// `{field}` would hide what the message is about.
    #[test]
    fn translations_keep_their_placeholders() {
        let placeholders = |text: &str| -> BTreeSet<String> {
            text.split('{')
                .skip(1)
                .filter_map(|s| {
                    let end = s.find('}')?;
                    let name = &s[..end];
                    (!name.is_empty()
                        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                    .then(|| name.to_string())
                })
                .collect()
        };
        let all = |text: &Text| -> BTreeSet<String> {
            match text {
                Text::One(t) => placeholders(t),
                Text::Forms(forms) => forms.iter().flat_map(|t| placeholders(t)).collect(),
            }
        };
        let tables = |lang: Language| -> Vec<(String, &'static Text)> {
            let locale = lang.locale();
            let messages = locale
                .messages
                .iter()
                .flat_map(|(g, t)| t.iter().map(move |(n, text)| (format!("{g}.{n}"), text)));
            let advice = locale.advice.iter().flat_map(|(c, t)| {
                t.iter()
                    .map(move |(n, text)| (format!("advice.{c}.{n}"), text))
            });
            messages.chain(advice).collect()
        };
        for (key, text) in tables(NEUTRAL) {
            for &lang in Language::ALL {
                if let Some(other) = lookup(lang, &key) {
                    assert_eq!(all(other), all(text), "{key} in {}", lang.code());
                }
            }
        }
    }
}
