//! The document's templates: built into the binary, overridable file by file from a folder.

use crate::error::Error;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    (
        "evaluation_detail.md.tera",
        include_str!("../../templates/evaluation_detail.md.tera"),
    ),
    (
        "scoring_method.md.tera",
        include_str!("../../templates/scoring_method.md.tera"),
    ),
    (
        "rules.md.tera",
        include_str!("../../templates/rules.md.tera"),
    ),
    (
        "frame.md.tera",
        include_str!("../../templates/frame.md.tera"),
    ),
];

/// A user template larger than this is not a template of this document (the largest
/// built-in one is a few kilobytes).
pub const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// A set of template sources by name, deterministic in order.
#[derive(Debug, Clone)]
pub struct Templates {
    sources: BTreeMap<String, String>,
    /// The user's folder and the names it replaced or added, when there is one: code crmspec
    /// did not write, run within limits (see `markdown::Budget`).
    user: Option<(PathBuf, Vec<String>)>,
}

impl Default for Templates {
    fn default() -> Self {
        Templates {
            sources: BUILT_IN
                .iter()
                .map(|(name, text)| (name.to_string(), text.to_string()))
                .collect(),
            user: None,
        }
    }
}

impl Templates {
    /// The built-in set with every `*.md.tera` file of `dir` replacing (or adding to) it.
    ///
    /// A templates folder may come from someone else, and what a template reads ends up in
    /// the document: each file must be a regular file whose real path (symbolic links
    /// followed) is inside the folder, of at most [`MAX_TEMPLATE_BYTES`]. Tera itself never
    /// opens a file: `include` and `extends` name only the templates added here.
    pub fn with_overrides(dir: &Path) -> Result<Templates, Error> {
        let read = |source| Error::Read {
            path: dir.to_path_buf(),
            source,
        };
        let root = dir.canonicalize().map_err(read)?;
        let mut entries: Vec<_> = std::fs::read_dir(&root)
            .and_then(|entries| entries.collect::<Result<_, _>>())
            .map_err(read)?;
        entries.sort_by_key(|e| e.file_name());
        let mut templates = Templates::default();
        let mut names = Vec::new();
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".md.tera") {
                continue;
            }
            let shown = dir.join(&name);
            let real = entry.path().canonicalize().map_err(|source| Error::Read {
                path: shown.clone(),
                source,
            })?;
            if !real.starts_with(&root) {
                return Err(Error::Template {
                    message: format!(
                        "template `{}` leads outside the templates folder (a symbolic link); a template must be a file of the folder",
                        shown.display()
                    ),
                    user: true,
                });
            }
            let bytes = crate::read_regular_file(&real, MAX_TEMPLATE_BYTES)?;
            let text = String::from_utf8(bytes).map_err(|_| Error::Read {
                path: real,
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "not UTF-8 text: save the template as UTF-8",
                ),
            })?;
            templates.sources.insert(name.clone(), text);
            names.push(name);
        }
        templates.user = Some((dir.to_path_buf(), names));
        Ok(templates)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The user's folder and the templates it gave, when there is one.
    pub fn user(&self) -> Option<(&Path, &[String])> {
        self.user
            .as_ref()
            .map(|(dir, names)| (dir.as_path(), names.as_slice()))
    }
}
