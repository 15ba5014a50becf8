//! The base of the stack: what a document language is, as data.
//!
//! Takes nothing from the rest of crmspec; gives the [`Language`] a questionnaire names and,
//! for each language, its words ([`words`]), its ways of writing numbers, amounts and dates
//! ([`format`]) and its typography ([`typography`]), plus the one accent fold crmspec compares
//! words with ([`accents`]), and what crmspec says to people ([`messages`]). Everything a
//! language says is in its locale file, `locales/<code>.toml`, built into the binary and parsed
//! once: a translator edits data, not Rust, and a language is added with its locale file alone
//! (`build.rs` lists the files).

pub mod accents;
pub mod format;
pub mod messages;
pub mod typography;
pub mod words;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Declares the languages: each variant with its ISO 639-1 code, which is also how the
/// questionnaire writes it and the name of its locale file.
macro_rules! languages {
    ($($variant:ident = $code:literal),+ $(,)?) => {
        // No doc comment on the enum or its variants: the JSON Schema would show it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
        pub enum Language {
            $(
                #[serde(rename = $code)]
                $variant,
            )+
        }

        impl Language {
            /// Every language, the default first (see `build.rs`).
            pub const ALL: &[Language] = &[$(Language::$variant),+];

            /// The ISO 639-1 code, as written in the questionnaire (`fr`).
            pub fn code(self) -> &'static str {
                match self {
                    $(Language::$variant => $code,)+
                }
            }

            /// The locale file's text, built into the binary.
            fn locale_source(self) -> &'static str {
                match self {
                    $(Language::$variant => include_str!(concat!(
                        env!("CARGO_MANIFEST_DIR"),
                        "/locales/",
                        $code,
                        ".toml"
                    )),)+
                }
            }
        }
    };
}

// `languages!(Fr = "fr", En = "en", …)`, one variant per locale file (see `build.rs`).
include!(concat!(env!("OUT_DIR"), "/languages.rs"));

/// One locale file: who the language is, how it writes numbers and dates, its words.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Locale {
    language: Identity,
    format: format::Conventions,
    /// The company's languages, by ISO 639-1 code.
    language_names: HashMap<String, String>,
    /// Every text the documents print, by key; a group's values are keyed `group.value`.
    words: HashMap<String, String>,
    /// How messages put their parts together (plural, quotes, separators).
    interface: messages::Interface,
    /// What crmspec says to people, by group (`[messages.validate]`) and name.
    messages: HashMap<String, messages::Table>,
    /// The advisor's rules: each one's title, rationale, messages and hints, by code.
    advice: HashMap<String, messages::Table>,
    /// The tender pack's own texts (`crmspec pack`: manifest, technical response frame), its
    /// price schedule's, its consultation rules' and the evaluation report's detail, each a
    /// table of its own so that they
    /// are found together; merged into `words` under the table's name (`pack.title`).
    #[serde(default)]
    pack: HashMap<String, String>,
    #[serde(default)]
    schedule: HashMap<String, String>,
    #[serde(default)]
    rules: HashMap<String, String>,
    /// The evaluation report's detail: sub-criteria, total cost of ownership, marks.
    #[serde(default)]
    evaluation: HashMap<String, String>,
}

impl Locale {
    /// Moves the named tables into `words`, each key prefixed with its table's name.
    fn merged(mut self) -> Locale {
        for (table, entries) in [
            ("pack", std::mem::take(&mut self.pack)),
            ("schedule", std::mem::take(&mut self.schedule)),
            ("rules", std::mem::take(&mut self.rules)),
            ("evaluation", std::mem::take(&mut self.evaluation)),
        ] {
            self.words.extend(
                entries
                    .into_iter()
                    .map(|(key, text)| (format!("{table}.{key}"), text)),
            );
        }
        self
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Identity {
    /// Whether this is the language of a questionnaire that names none (one locale file
    /// says so; `build.rs` puts it first).
    default: bool,
    tag: String,
    typography: typography::Rule,
    /// Units a number is kept on the line with (`h`, `minutes`, `€`).
    units: Vec<String>,
    /// What goes between a number and `%`.
    percent: String,
}

impl Default for Language {
    /// The language whose locale file says `default = true`.
    fn default() -> Self {
        Language::ALL
            .iter()
            .copied()
            .find(|lang| lang.locale().language.default)
            .unwrap_or(Language::ALL[0])
    }
}

impl Language {
    /// The BCP 47 tag the PDF and Word outputs declare (`fr-FR`, `en-GB`).
    pub fn tag(self) -> &'static str {
        &self.locale().language.tag
    }

    /// The language's parsed locale file. The files are part of the binary and the tests parse
    /// every one, so a file that does not parse is a bug in crmspec, not in the user's input.
    fn locale(self) -> &'static Locale {
        static LOCALES: OnceLock<Vec<Locale>> = OnceLock::new();
        let locales = LOCALES.get_or_init(|| {
            Language::ALL
                .iter()
                .map(|lang| {
                    toml::from_str::<Locale>(lang.locale_source())
                        .expect("the built-in locale files are valid (tested)")
                        .merged()
                })
                .collect()
        });
        // `ALL` lists the variants in declaration order, so a variant's discriminant is its
        // index there.
        &locales[self as usize]
    }
}

/// A locale text with its `{name}` placeholders replaced by their values, in one pass: a
/// value is never read again, so a client named `{max}` stays as typed. A placeholder with no
/// value is kept.
fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_file_parses() {
        for &lang in Language::ALL {
            if let Err(e) = toml::from_str::<Locale>(lang.locale_source()) {
                panic!("locales/{}.toml: {e}", lang.code());
            }
        }
    }

    #[test]
    fn a_language_is_its_code() {
        for &lang in Language::ALL {
            let written = serde_json::to_string(&lang).unwrap();
            assert_eq!(written, format!("\"{}\"", lang.code()));
            assert!(lang.tag().starts_with(lang.code()), "{}", lang.tag());
        }
        assert_eq!(Language::default(), Language::Fr);
        assert_eq!(
            Language::ALL[0],
            Language::default(),
            "build.rs lists it first"
        );
        let defaults = Language::ALL
            .iter()
            .filter(|lang| lang.locale().language.default)
            .count();
        assert_eq!(defaults, 1, "one locale file says `default = true`");
        assert_eq!(Language::En.tag(), "en-GB");
    }

    /// Every key of a locale file, tables included (`language.tag`, `words.toc`), with the
    /// placeholders its text uses (`{count}`).
    fn keys(lang: Language) -> std::collections::BTreeMap<String, Vec<String>> {
        fn walk(
            table: &toml::Table,
            prefix: &str,
            out: &mut std::collections::BTreeMap<String, Vec<String>>,
        ) {
            for (key, value) in table {
                let path = format!("{prefix}{key}");
                match value {
                    toml::Value::Table(inner) => walk(inner, &format!("{path}."), out),
                    // A text, or its singular and plural forms: the placeholders any form
                    // uses (a language may leave the number out of its singular).
                    toml::Value::String(_) | toml::Value::Array(_) => {
                        let forms: Vec<&str> = match value {
                            toml::Value::Array(forms) => {
                                forms.iter().filter_map(toml::Value::as_str).collect()
                            }
                            other => other.as_str().into_iter().collect(),
                        };
                        let mut names: Vec<String> = forms
                            .iter()
                            .flat_map(|text| text.split('{').skip(1))
                            .filter_map(|rest| rest.split_once('}').map(|(n, _)| n.to_string()))
                            .collect();
                        names.sort();
                        names.dedup();
                        out.insert(path, names);
                    }
                    _ => {
                        out.insert(path, Vec::new());
                    }
                }
            }
        }
        let table: toml::Table = toml::from_str(lang.locale_source()).unwrap();
        let mut out = std::collections::BTreeMap::new();
        walk(&table, "", &mut out);
        out
    }

    /// The default language's file is the reference a translator works from: every other
    /// file has each of its keys, no key of its own, and the same placeholders in each text.
    #[test]
    fn every_locale_has_every_key_of_the_reference() {
        let reference = Language::default();
        let expected = keys(reference);
        for &lang in Language::ALL {
            let found = keys(lang);
            let missing: Vec<&String> = expected
                .keys()
                .filter(|k| !found.contains_key(*k))
                .collect();
            let extra: Vec<&String> = found
                .keys()
                .filter(|k| !expected.contains_key(*k))
                .collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "locales/{}.toml, against locales/{}.toml: missing {missing:?}, unknown {extra:?}",
                lang.code(),
                reference.code()
            );
            for (key, names) in &expected {
                assert_eq!(
                    &found[key],
                    names,
                    "locales/{}.toml: `{key}` has other placeholders than in locales/{}.toml",
                    lang.code(),
                    reference.code()
                );
            }
        }
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            fill("{day} {month}", &[("day", "1er"), ("month", "mai")]),
            "1er mai"
        );
        assert_eq!(
            fill("{min} and {max} {x}", &[("min", "{max}"), ("max", "9")]),
            "{max} and 9 {x}"
        );
    }
}
