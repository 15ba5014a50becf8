//! Every word the documents print, in each language.
//!
//! Takes a key and a [`Language`]; gives the text from the `[words]` table of the language's
//! locale file (`locales/fr.toml`). One template set serves every language: templates name a
//! key (`{{ "objectives" | t }}`) or an enum value in a group
//! (`{{ r.priority | t(group="priority") }}`, the key `priority.must`), and the locale file
//! gives the text. A missing key is a template error, caught by the tests that render each
//! language; the tests check that every locale has every key (`lang::tests`) and, below, that
//! each is used.

use super::{fill, Language};

/// The text of a key in a language, or `None` if the key is unknown.
pub fn text(key: &str, lang: Language) -> Option<&'static str> {
    lang.locale().words.get(key).map(String::as_str)
}

/// The text of `key`, or the key itself when the locale has none (the tests that render
/// every language make sure every key used has a text).
pub fn text_or_key(key: &str, lang: Language) -> String {
    text(key, lang).unwrap_or(key).to_string()
}

/// The text of `key` with its `{name}` placeholders filled in (`{count}` in
/// `catalogue_count`); the key itself when the locale has none.
pub fn text_with(key: &str, lang: Language, values: &[(&str, &str)]) -> String {
    fill(text(key, lang).unwrap_or(key), values)
}

/// "néerlandais" for a known ISO 639-1 code, as running text writes it (a reader knows
/// languages by their names, not their codes); the code as typed otherwise.
pub fn language_name(code: &str, lang: Language) -> String {
    lang.locale()
        .language_names
        .get(code.to_ascii_lowercase().as_str())
        .cloned()
        .unwrap_or_else(|| code.to_string())
}

/// A list of languages as a table cell or a heading shows it: "Français, néerlandais" — the
/// first letter capitalised, the others as running text writes them.
pub fn language_list(codes: &[String], lang: Language) -> String {
    let list = codes
        .iter()
        .map(|c| language_name(c, lang))
        .collect::<Vec<_>>()
        .join(", ");
    let mut chars = list.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    #[test]
    fn names_languages() {
        assert_eq!(language_name("nl", Language::Fr), "néerlandais");
        assert_eq!(
            language_list(&["fr".into(), "nl".into()], Language::Fr),
            "Français, néerlandais"
        );
        assert_eq!(language_name("NL", Language::En), "Dutch");
        assert_eq!(language_name("xx", Language::En), "xx");
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            text_with("catalogue_count", Language::En, &[("count", "12")]),
            "crmspec catalogue: 12 standard requirements."
        );
    }

    #[test]
    fn language_codes_are_lower_case() {
        for &lang in Language::ALL {
            for code in lang.locale().language_names.keys() {
                assert_eq!(code, &code.to_ascii_lowercase(), "codes are lower case");
            }
        }
    }

    /// The text of every file under `dir` (recursively) whose name ends with `extension`,
    /// except under `skip`.
    fn read_all(dir: &Path, extension: &str, skip: &Path, out: &mut String) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path == skip {
                continue;
            }
            if path.is_dir() {
                read_all(&path, extension, skip, out);
            } else if path.to_string_lossy().ends_with(extension) {
                out.push_str(&std::fs::read_to_string(&path).unwrap());
                out.push('\n');
            }
        }
    }

    /// The prefixes Rust code builds keys from, ending with `.` or `_`: `"priority.` in `format!("priority.{}", …)`,
    /// `"grid_step_` in `format!("grid_step_{n}")`.
    fn built_prefixes(rust: &str) -> BTreeSet<&str> {
        let key_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.".contains(c);
        rust.split('"')
            .skip(1)
            .filter_map(|after_quote| {
                let end = after_quote.find(|c| !key_char(c))?;
                (after_quote[..end].ends_with(['.', '_']) && after_quote[end..].starts_with('{'))
                    .then(|| &after_quote[..end])
            })
            .collect()
    }

    /// A key is used when a template translates it (`"objectives" | t`), when Rust names it
    /// (`"objectives"`), when Rust builds it from a prefix (`format!("priority.{}", …)`), or,
    /// for a group's key (`priority.must`), when a template translates the group
    /// (`t(group="priority")`) or Rust names the group (`"priority"`).
    #[test]
    fn every_key_is_used() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut templates, mut rust) = (String::new(), String::new());
        read_all(&root.join("templates"), ".tera", root, &mut templates);
        read_all(&root.join("src"), ".rs", &root.join("src/lang"), &mut rust);
        let prefixes = built_prefixes(&rust);
        let used = |key: &str| {
            let group = key.split_once('.').map(|(group, _)| group);
            templates.contains(&format!("\"{key}\" | t"))
                || rust.contains(&format!("\"{key}\""))
                || prefixes.iter().any(|p| key.starts_with(p))
                || group.is_some_and(|g| {
                    templates.contains(&format!("t(group=\"{g}\")"))
                        || rust.contains(&format!("\"{g}\""))
                })
        };
        for &lang in Language::ALL {
            let mut unused: Vec<&str> = lang
                .locale()
                .words
                .keys()
                .map(String::as_str)
                .filter(|key| !used(key))
                .collect();
            unused.sort_unstable();
            assert!(
                unused.is_empty(),
                "locales/{}.toml: keys used nowhere: {unused:?}",
                lang.code()
            );
        }
    }
}
