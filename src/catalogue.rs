//! The built-in catalogue of standard CRM requirements, in French and English.
//!
//! A questionnaire pulls entries in by ID inside a module (`catalogue: [SAL-QUOTE]`) or a
//! whole catalogue module (`SAL-*`), so a project manager starts from well-worded, testable
//! requirements and spends their time on what is specific to the company. The text lives in
//! `catalogue/requirements.yaml`, embedded in the binary.

use crate::model::{Language, Priority};
use serde::Deserialize;
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

/// One text in each document language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub fr: String,
    pub en: String,
}

impl Texts {
    pub fn get(&self, lang: Language) -> &str {
        match lang {
            Language::Fr => &self.fr,
            Language::En => &self.en,
        }
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
