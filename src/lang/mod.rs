//! The base of the stack: what a document language is, as data.
//!
//! Takes nothing from the rest of crmspec; gives the [`Language`] a questionnaire names and,
//! for each language, its words ([`words`]), its ways of writing numbers, amounts and dates
//! ([`format`]) and its typography ([`typography`]), plus the one accent fold crmspec compares
//! words with ([`accents`]), and what crmspec says to people ([`messages`]). Everything a
//! language says is in its locale file, `locales/<code>.toml`, built into the binary and parsed
//! once: a translator edits data, not Rust, and a language is added with its locale file and
//! one line of the list below.

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
/// questionnaire writes it and the name of its locale file. The first one is the default.
macro_rules! languages {
    ($first:ident = $first_code:literal $(, $variant:ident = $code:literal)* $(,)?) => {
        // No doc comment on the enum or its variants: the JSON Schema would show it.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema,
        )]
        pub enum Language {
            #[default]
            #[serde(rename = $first_code)]
            $first,
            $(
                #[serde(rename = $code)]
                $variant,
            )*
        }

        impl Language {
            /// Every language, in the order declared.
            pub const ALL: &[Language] = &[Language::$first $(, Language::$variant)*];

            /// The ISO 639-1 code, as written in the questionnaire (`fr`).
            pub fn code(self) -> &'static str {
                match self {
                    Language::$first => $first_code,
                    $(Language::$variant => $code,)*
                }
            }

            /// The locale file's text, built into the binary.
            fn locale_source(self) -> &'static str {
                match self {
                    Language::$first => {
                        include_str!(concat!("../../locales/", $first_code, ".toml"))
                    }
                    $(Language::$variant => {
                        include_str!(concat!("../../locales/", $code, ".toml"))
                    })*
                }
            }
        }
    };
}

languages!(Fr = "fr", En = "en");

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
    tag: String,
    typography: typography::Rule,
    /// Units a number is kept on the line with (`h`, `minutes`, `€`).
    units: Vec<String>,
    /// What goes between a number and `%`.
    percent: String,
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

/// A locale text with its `{name}` placeholders replaced by their values.
fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(pattern.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
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
        assert_eq!(Language::En.tag(), "en-GB");
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            fill("{day} {month}", &[("day", "1er"), ("month", "mai")]),
            "1er mai"
        );
    }
}
