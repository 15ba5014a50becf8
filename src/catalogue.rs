//! The built-in catalogue of standard CRM requirements, in every document language.
//!
//! A questionnaire pulls entries in by ID inside a module (`catalogue: [SAL-QUOTE]`) or a
//! whole catalogue module (`SAL-*`), so a project manager starts from well-worded, testable
//! requirements and spends their time on what is specific to the company. The text lives in
//! `catalogue/requirements.yaml`, embedded in the binary.

use crate::lang::messages::Message;
use crate::lang::{words, Language};
use crate::model::Priority;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const SOURCE: &str = include_str!("../catalogue/requirements.yaml");

/// The suffix that pulls in a whole catalogue module (`SAL-*`).
pub const WHOLE_MODULE: &str = "-*";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub modules: Vec<CatalogueModule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueModule {
    /// `SAL`: the prefix of its entries' IDs.
    pub code: String,
    pub name: Texts,
    pub requirements: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    /// The MoSCoW default; a questionnaire may override it.
    pub priority: Priority,
    pub title: Texts,
    pub description: Texts,
    #[serde(default)]
    pub acceptance: Option<Texts>,
}

/// One text in each document language, by language code (`fr: …`, `en: …`), so that a new
/// language is new entries in the catalogue file, not new Rust.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct Texts(BTreeMap<String, String>);

impl Texts {
    /// The text in `lang`; the tests check every entry has one in every language.
    pub fn get(&self, lang: Language) -> &str {
        self.0.get(lang.code()).map_or("", String::as_str)
    }
}

/// The catalogue shipped with crmspec. Its text is part of the binary and checked by tests,
/// so failing to read it is a bug in crmspec, not in the user's input.
pub fn builtin() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        crate::yaml::parse(SOURCE)
            .ok()
            .and_then(|node| node.into_typed().ok())
            .expect("the built-in catalogue is valid YAML of the catalogue's shape (tested)")
    })
}

impl Catalogue {
    /// The entries a reference names: one entry (`SAL-QUOTE`) or a whole module (`SAL-*`),
    /// with the module each belongs to; `None` if it names nothing.
    pub fn resolve(&self, reference: &str) -> Option<Vec<(&CatalogueModule, &Entry)>> {
        if let Some(code) = reference.strip_suffix(WHOLE_MODULE) {
            let module = self.modules.iter().find(|m| m.code == code)?;
            return Some(module.requirements.iter().map(|e| (module, e)).collect());
        }
        self.entries()
            .find(|(_, e)| e.id == reference)
            .map(|found| vec![found])
    }

    pub fn entries(&self) -> impl Iterator<Item = (&CatalogueModule, &Entry)> {
        self.modules
            .iter()
            .flat_map(|m| m.requirements.iter().map(move |e| (m, e)))
    }

    /// Every valid reference: each entry's ID and each module's `CODE-*`, for suggestions.
    pub fn references(&self) -> Vec<String> {
        self.entries()
            .map(|(_, e)| e.id.clone())
            .chain(
                self.modules
                    .iter()
                    .map(|m| format!("{}{WHOLE_MODULE}", m.code)),
            )
            .collect()
    }
}

impl Catalogue {
    /// The catalogue as `crmspec catalogue` prints it: modules, then one line per entry (ID,
    /// default priority, title), and the descriptions when `long`. `module` (`SAL`) keeps one.
    pub fn listing(
        &self,
        lang: Language,
        module: Option<&str>,
        long: bool,
    ) -> Result<String, crate::Error> {
        let modules: Vec<&CatalogueModule> = match module {
            None => self.modules.iter().collect(),
            Some(code) => {
                let code = code.trim_end_matches(WHOLE_MODULE).to_uppercase();
                let found: Vec<&CatalogueModule> =
                    self.modules.iter().filter(|m| m.code == code).collect();
                if found.is_empty() {
                    let codes: Vec<&str> = self.modules.iter().map(|m| m.code.as_str()).collect();
                    let message = match crate::diagnostic::suggest(&code, codes.iter().copied()) {
                        Some(s) => {
                            Message::new("catalogue.no_module_suggested").code("suggestion", s)
                        }
                        None => Message::new("catalogue.no_module"),
                    };
                    return Err(crate::Error::BadArgument(
                        message
                            .code("code", &code)
                            .codes("modules", codes.iter().copied()),
                    ));
                }
                found
            }
        };
        let width = self.entries().map(|(_, e)| e.id.len()).max().unwrap_or(0);
        let count: usize = modules.iter().map(|m| m.requirements.len()).sum();
        let mut out = format!(
            "{}\n{}\n",
            words::text_with(
                "catalogue_count",
                lang,
                &[("count", count.to_string().as_str())]
            ),
            words::text_or_key("catalogue_usage", lang)
        );
        for m in modules {
            out.push_str(&format!(
                "\n{}{WHOLE_MODULE}  {} ({})\n",
                m.code,
                m.name.get(lang),
                m.requirements.len()
            ));
            for e in &m.requirements {
                out.push_str(&format!(
                    "  {:width$}  {:6}  {}\n",
                    e.id,
                    e.priority.key(),
                    e.title.get(lang)
                ));
                if long {
                    out.push_str(&format!("      {}\n", e.description.get(lang)));
                    if let Some(a) = &e.acceptance {
                        let label = words::text_or_key("catalogue_acceptance", lang);
                        out.push_str(&format!("      {label} {}\n", a.get(lang)));
                    }
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_builtin_catalogue_is_complete() {
        let catalogue = builtin();
        assert_eq!(catalogue.modules.len(), 8);
        let ids: Vec<&str> = catalogue.entries().map(|(_, e)| e.id.as_str()).collect();
        assert!(ids.len() >= 50, "{} entries", ids.len());
        assert_eq!(
            ids.iter().collect::<HashSet<_>>().len(),
            ids.len(),
            "unique IDs"
        );
        for (module, entry) in catalogue.entries() {
            assert!(
                entry.id.starts_with(&format!("{}-", module.code)),
                "{}",
                entry.id
            );
            let texts = [Some(&entry.title), Some(&entry.description)];
            for text in texts
                .into_iter()
                .chain([entry.acceptance.as_ref()])
                .flatten()
            {
                let codes: Vec<&str> = text.0.keys().map(String::as_str).collect();
                let mut expected: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
                expected.sort_unstable();
                assert_eq!(codes, expected, "{}: one text per language", entry.id);
                let shown: HashSet<&str> = Language::ALL.iter().map(|&l| text.get(l)).collect();
                assert!(shown.iter().all(|t| !t.trim().is_empty()), "{}", entry.id);
                assert_eq!(
                    shown.len(),
                    Language::ALL.len(),
                    "{} is translated",
                    entry.id
                );
            }
            for &lang in Language::ALL {
                assert!(!module.name.get(lang).is_empty(), "{}", module.code);
            }
            assert!(entry.priority.scheme() == crate::model::PriorityScheme::Moscow);
            // A mandatory requirement says how it is accepted.
            if entry.priority == Priority::Must {
                assert!(entry.acceptance.is_some(), "{} needs acceptance", entry.id);
            }
        }
    }

    #[test]
    fn resolves_entries_and_whole_modules() {
        let catalogue = builtin();
        assert_eq!(catalogue.resolve("SAL-QUOTE").map(|v| v.len()), Some(1));
        assert_eq!(catalogue.resolve("SAL-*").map(|v| v.len()), Some(7));
        assert!(catalogue.resolve("SAL-QUOTES").is_none());
        assert!(catalogue.resolve("XYZ-*").is_none());
    }
}
