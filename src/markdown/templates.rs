//! The document's templates: built into the binary, overridable file by file from a folder.

use std::collections::BTreeMap;
use std::path::Path;

/// The template every render starts from.
pub const ENTRY: &str = "document.md.tera";

/// The template of `crmspec score`'s evaluation report.
pub const EVALUATION: &str = "evaluation.md.tera";

/// The built-in templates, by name. `include_str!` keeps the binary self-contained.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "document.md.tera",
        include_str!("../../templates/document.md.tera"),
    ),
    (
        "cover.md.tera",
        include_str!("../../templates/cover.md.tera"),
    ),
    (
        "history.md.tera",
        include_str!("../../templates/history.md.tera"),
    ),
    (
        "modifications.md.tera",
        include_str!("../../templates/modifications.md.tera"),
    ),
    (
        "project.md.tera",
        include_str!("../../templates/project.md.tera"),
    ),
    (
        "company.md.tera",
        include_str!("../../templates/company.md.tera"),
    ),
    (
        "principles.md.tera",
        include_str!("../../templates/principles.md.tera"),
    ),
    (
        "channels.md.tera",
        include_str!("../../templates/channels.md.tera"),
    ),
    (
        "fleur.md.tera",
        include_str!("../../templates/fleur.md.tera"),
    ),
    (
        "requirements.md.tera",
        include_str!("../../templates/requirements.md.tera"),
    ),
    (
        "technical.md.tera",
        include_str!("../../templates/technical.md.tera"),
    ),
    (
        "change.md.tera",
        include_str!("../../templates/change.md.tera"),
    ),
    (
        "services.md.tera",
        include_str!("../../templates/services.md.tera"),
    ),
    (
        "contract.md.tera",
        include_str!("../../templates/contract.md.tera"),
    ),
    (
        "tender.md.tera",
        include_str!("../../templates/tender.md.tera"),
    ),
    (
        "annexes.md.tera",
        include_str!("../../templates/annexes.md.tera"),
    ),
    (
        "evaluation.md.tera",
        include_str!("../../templates/evaluation.md.tera"),
    ),
];

/// A set of template sources by name, deterministic in order.
#[derive(Debug, Clone)]
pub struct Templates {
    sources: BTreeMap<String, String>,
}

impl Default for Templates {
    fn default() -> Self {
        Templates {
            sources: BUILT_IN
                .iter()
                .map(|(name, text)| (name.to_string(), text.to_string()))
                .collect(),
        }
    }
}

impl Templates {
    /// The built-in set with every `*.md.tera` file of `dir` replacing (or adding to) it.
    pub fn with_overrides(dir: &Path) -> std::io::Result<Templates> {
        let mut templates = Templates::default();
        let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".md.tera") && entry.path().is_file() {
                let text = std::fs::read_to_string(entry.path())?;
                templates.sources.insert(name, text);
            }
        }
        Ok(templates)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}
