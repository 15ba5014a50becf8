//! crmspec turns a YAML questionnaire into a CRM *cahier des charges* (requirements
//! specification for a CRM tender), as Markdown and PDF.
//!
//! The stages, in order, each a pure function from one type to the next:
//!
//! 1. [`load`]: YAML text → [`model::Questionnaire`] (shape problems, with positions);
//! 2. [`validate`]: questionnaire → [`spec::Spec`] (cross-field rules, assigned IDs);
//! 3. [`markdown`]: spec → Markdown text through Tera templates;
//! 4. `pdf`: Markdown → PDF bytes (pulldown-cmark events laid out with genpdf);
//! 5. [`output`]: the only stage that writes files, atomically.
//!
//! Markdown is the single source of truth: every other output is made from it.

pub mod diagnostic;
pub mod error;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
mod positions;
pub mod spec;
pub mod validate;
mod yaml;

pub use diagnostic::{Diagnostic, Severity};
pub use error::Error;

use markdown::Templates;
use spec::Spec;
use std::path::{Path, PathBuf};

/// A questionnaire as read from disk: its text, the name to show in messages, and the folder
/// its relative paths (the logo) are resolved against.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
    pub base_dir: PathBuf,
}

impl Source {
    pub fn read(path: &Path) -> Result<Source, Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|_| Error::NotUtf8 {
            path: path.to_path_buf(),
        })?;
        Ok(Source {
            name: path.display().to_string(),
            text,
            base_dir: path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf(),
        })
    }
}

/// Loads and validates: the spec, or every problem found, each naming the file.
pub fn check(source: &Source) -> Result<Spec, Error> {
    let named = |diagnostics: Vec<Diagnostic>| {
        Error::Invalid(
            diagnostics
                .into_iter()
                .map(|d| d.in_file(&source.name))
                .collect(),
        )
    };
    let (questionnaire, positions) = load::load(&source.text).map_err(named)?;
    validate::validate(questionnaire, &positions, &source.base_dir).map_err(named)
}

/// The outputs a render can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Md,
}

impl Format {
    pub const ALL: [Format; 1] = [Format::Md];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
        }
    }
}

#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub formats: Vec<Format>,
    /// A folder whose `*.md.tera` files replace the built-in templates of the same name.
    pub templates: Option<PathBuf>,
}

/// What a render produced, in memory: nothing is written until every output succeeded.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Base name of the outputs (`<slug-of-title>`).
    pub name: String,
    /// Files relative to the output folder, with their bytes.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    pub warnings: Vec<Diagnostic>,
}

/// Renders every requested format.
pub fn render(spec: &Spec, options: &RenderOptions) -> Result<Rendered, Error> {
    let templates = match &options.templates {
        Some(dir) => Templates::with_overrides(dir).map_err(|source| Error::Read {
            path: dir.clone(),
            source,
        })?,
        None => Templates::default(),
    };
    let markdown = markdown::render(spec, &templates).map_err(|e| Error::Template {
        message: e.to_string(),
        user: options.templates.is_some(),
    })?;
    let name = output::slug(&spec.q.document.title);
    let mut files = Vec::new();
    for format in &options.formats {
        match format {
            Format::Md => {
                files.push((
                    PathBuf::from(format!("{name}.md")),
                    markdown.clone().into_bytes(),
                ));
                if let Some(logo) = &spec.logo {
                    files.push((PathBuf::from(&logo.path), logo.bytes.clone()));
                }
            }
        }
    }
    Ok(Rendered {
        name,
        files,
        warnings: Vec::new(),
    })
}
