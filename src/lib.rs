//! crmspec turns a YAML questionnaire into a CRM *cahier des charges* (requirements
//! specification for a CRM tender), as Markdown and PDF, HTML and Word.
//!
//! The stages, in order, each a pure function from one type to the next:
//!
//! 1. [`load`]: YAML text → [`model::Questionnaire`] (shape problems, with positions);
//! 2. [`validate`]: questionnaire → [`spec::Spec`] (cross-field rules, assigned IDs);
//! 3. [`markdown`]: spec → Markdown text through Tera templates;
//! 4. [`blocks`]: Markdown → the document's structure (pulldown-cmark events), which the
//!    `pdf`, [`html`] and [`docx`] writers lay out;
//! 5. [`output`]: the only stage that writes files, atomically.
//!
//! Markdown is the single source of truth: every other output is made from it.

pub mod advice;
pub mod batch;
pub mod blocks;
pub mod catalogue;
pub mod diagnostic;
pub mod diff;
pub mod docx;
pub mod error;
pub mod figures;
pub mod grid;
pub mod html;
pub mod init;
pub mod lang;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pdf;
pub mod positions;
pub mod schema;
pub mod score;
pub mod serve;
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

/// Far above any real questionnaire (30,000 requirements take 10 MB), low enough that a
/// wrong file (a log, a video) is refused at once instead of exhausting memory.
pub const MAX_QUESTIONNAIRE_BYTES: u64 = 32 * 1024 * 1024;

impl Source {
    pub fn read(path: &Path) -> Result<Source, Error> {
        let read_error = |source| Error::Read {
            path: path.to_path_buf(),
            source,
        };
        let size = std::fs::metadata(path).map_err(read_error)?.len();
        if size > MAX_QUESTIONNAIRE_BYTES {
            return Err(Error::TooLarge {
                path: path.to_path_buf(),
                size,
                limit: MAX_QUESTIONNAIRE_BYTES,
            });
        }
        let bytes = std::fs::read(path).map_err(read_error)?;
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
    // Problems are listed in file order, as an editor would show them.
    let named = |mut diagnostics: Vec<Diagnostic>| {
        diagnostics.sort_by_key(|d| (d.location.is_none(), d.location));
        Error::Invalid(
            diagnostics
                .into_iter()
                .map(|d| d.in_file(&source.name))
                .collect(),
        )
    };
    let loaded = load::load(&source.text).map_err(named)?;
    let mut spec = validate::validate(loaded.questionnaire, &loaded.positions, &source.base_dir)
        .map_err(named)?;
    spec.texts = loaded
        .texts
        .into_iter()
        .map(|(path, text)| spec::TextField {
            location: loaded.positions.locate(&path),
            path,
            text,
        })
        .collect();
    spec.positions = loaded.positions;
    Ok(spec)
}

/// Validates and reviews a questionnaire: validation errors if there are any, else the
/// advisor's findings. Only a questionnaire that cannot be read is an `Err`.
pub fn review(source: &Source, allow: &[String]) -> Result<advice::Report, Error> {
    match check(source) {
        Ok(spec) => Ok(advice::Report::new(
            &source.name,
            advice::advise(&spec, allow),
        )),
        Err(Error::Invalid(diagnostics)) => Ok(advice::Report::new(&source.name, diagnostics)),
        Err(other) => Err(other),
    }
}

/// The outputs a render can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Md,
    Pdf,
    /// One self-contained page (stylesheet, logo and figures inside).
    Html,
    /// A Word document with heading styles, for clients who comment and edit.
    Docx,
}

impl Format {
    /// What `render` writes when no format is named: the Markdown source and the PDF.
    pub const DEFAULT: [Format; 2] = [Format::Md, Format::Pdf];
    /// Every writer (the fuzz targets render them all).
    pub const ALL: [Format; 4] = [Format::Md, Format::Pdf, Format::Html, Format::Docx];
}

#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub formats: Vec<Format>,
    /// A folder whose `*.md.tera` files replace the built-in templates of the same name.
    pub templates: Option<PathBuf>,
    /// Creation date written into the PDF, in seconds since the epoch; `None` uses the
    /// document's own date, so output never depends on the clock.
    pub timestamp: Option<i64>,
    /// Draw the planning chart, the channel map and the F.L.E.U.R. flower.
    pub figures: bool,
    /// Add the advisor's findings as an annex.
    pub advice: bool,
    /// A previous version of the questionnaire, validated: the document then lists what
    /// changed since it ("Modifications depuis la version X"), as a tender addendum must.
    pub previous: Option<std::sync::Arc<Spec>>,
}

impl Default for RenderOptions {
    /// Every format, with figures, dated by the document, built-in templates.
    fn default() -> Self {
        RenderOptions {
            formats: Format::DEFAULT.to_vec(),
            templates: None,
            timestamp: None,
            figures: true,
            advice: false,
            previous: None,
        }
    }
}

impl RenderOptions {
    /// The built-in templates, with the user's folder laid over them when given.
    pub fn load_templates(&self) -> Result<Templates, Error> {
        match &self.templates {
            Some(dir) => Templates::with_overrides(dir).map_err(|source| Error::Read {
                path: dir.clone(),
                source,
            }),
            None => Ok(Templates::default()),
        }
    }

    /// A template that failed: the user's fault when the templates came from their folder.
    pub fn template_error(&self, e: markdown::TemplateError) -> Error {
        Error::Template {
            message: e.to_string(),
            user: self.templates.is_some(),
        }
    }
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
    let templates = options.load_templates()?;
    let figures = if options.figures {
        draw_figures(spec)
    } else {
        Vec::new()
    };
    let findings = if options.advice {
        advice::advise(spec, &[])
    } else {
        Vec::new()
    };
    let changes = options.previous.as_deref().map(|old| diff::diff(old, spec));
    let markdown = markdown::render(spec, &templates, &figures, &findings, changes.as_ref())
        .map_err(|e| options.template_error(e))?;
    let name = output::slug(&spec.q.document.title);
    let mut files = Vec::new();
    let mut warnings: Vec<Diagnostic> = changes
        .iter()
        .filter(|c| !c.renumbered.is_empty())
        .map(|c| {
            let moves: Vec<String> = c
                .renumbered
                .iter()
                .map(|r| format!("“{}” {} → {}", r.title, r.old_id, r.new_id))
                .collect();
            Diagnostic::warning(
                "requirements",
                format!(
                    "{} requirement(s) changed ID since version {}: {}",
                    moves.len(),
                    c.old_version,
                    moves.join(", ")
                ),
            )
            .hint("vendors answer by ID: give requirements an explicit `id` so that adding or removing one does not renumber the others")
        })
        .collect();
    if let Some(c) = changes.as_ref().filter(|c| c.version_unchanged()) {
        let location = spec.positions.locate("document.version");
        warnings.push(
            Diagnostic::warning(
                "document.version",
                format!(
                    "the content changed since version {} but the version number did not",
                    c.old_version
                ),
            )
            .at(location)
            .hint("give the new version its own number (and a line in `document.history`)"),
        );
    }
    for format in &options.formats {
        match format {
            Format::Md => {
                files.extend(markdown_files(spec, &name, &markdown));
                for figure in &figures {
                    files.push((PathBuf::from(figure.path()), figure.to_svg().into_bytes()));
                }
            }
            Format::Pdf => {
                let output = render_pdf(
                    spec,
                    &markdown,
                    &figures,
                    options,
                    &spec.q.document.title,
                    spec.q.document.confidentiality.as_deref(),
                )?;
                warnings.extend(output.warnings.into_iter().map(|w| pdf_warning(spec, w)));
                files.push((PathBuf::from(format!("{name}.pdf")), output.bytes));
            }
            Format::Docx => {
                let doc = &spec.q.document;
                let footer = doc.confidentiality.as_deref();
                let bytes = render_docx(spec, &markdown, &figures, &doc.title, footer)?;
                files.push((PathBuf::from(format!("{name}.docx")), bytes));
            }
            Format::Html => {
                let doc = &spec.q.document;
                let footer = doc.confidentiality.as_deref();
                let page = render_html(spec, &markdown, &figures, &doc.title, footer);
                files.push((PathBuf::from(format!("{name}.html")), page.into_bytes()));
            }
        }
    }
    Ok(Rendered {
        name,
        files,
        warnings,
    })
}

/// A Markdown output and the logo it links to, written beside it.
fn markdown_files(spec: &Spec, name: &str, markdown: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = vec![(
        PathBuf::from(format!("{name}.md")),
        markdown.as_bytes().to_vec(),
    )];
    if let Some(logo) = &spec.logo {
        files.push((PathBuf::from(&logo.path), logo.bytes.clone()));
    }
    files
}

/// A Markdown made from the spec as one HTML page titled `title`, with `footer` (the
/// confidentiality) at its foot.
pub fn render_html(
    spec: &Spec,
    markdown: &str,
    figures: &[figures::Figure],
    title: &str,
    footer: Option<&str>,
) -> String {
    let images = logo_images(spec);
    let svgs = figures.iter().map(|f| (f.path(), f.to_svg())).collect();
    html::render(
        markdown,
        &html::HtmlOptions {
            title,
            lang: spec.lang.code(),
            footer,
            images: &images,
            figures: &svgs,
        },
    )
}

/// A Markdown made from the spec as a Word document titled `title`, with `footer` (the
/// confidentiality) at the foot of every page.
pub fn render_docx(
    spec: &Spec,
    markdown: &str,
    figures: &[figures::Figure],
    title: &str,
    footer: Option<&str>,
) -> Result<Vec<u8>, Error> {
    let doc = &spec.q.document;
    let images = logo_images(spec);
    let mut pictures = std::collections::HashMap::new();
    for figure in figures {
        let (png, w, h) = figure.to_png().map_err(Error::Docx)?;
        pictures.insert(figure.path(), (png, w, h, figure.width));
    }
    let (lang, kind, of_word) = metadata_words(spec.lang);
    let created = format!("{}T00:00:00Z", doc.date);
    let subject = format!("{kind} — {}", doc.client);
    docx::render(
        markdown,
        &docx::DocxOptions {
            title,
            author: &doc.author,
            subject: &subject,
            lang,
            footer,
            of_word,
            images: &images,
            figures: &pictures,
            created: &created,
        },
    )
    .map_err(Error::Docx)
}

/// What the PDF and Word outputs say of themselves in the document's language: the language
/// tag, the kind of document (the subject, with the client), and the word in "page 3 / 12".
fn metadata_words(lang: model::Language) -> (&'static str, &'static str, &'static str) {
    let word = |key| lang::words::text(key, lang).unwrap_or_default();
    (lang.tag(), word("document_kind"), word("page_of"))
}

/// The logo by the path the Markdown uses, for the outputs that embed it.
fn logo_images(spec: &Spec) -> std::collections::HashMap<String, Vec<u8>> {
    spec.logo
        .iter()
        .map(|logo| (logo.path.clone(), logo.bytes.clone()))
        .collect()
}

/// The figures, in the order the document shows them, numbered in their captions.
fn draw_figures(spec: &Spec) -> Vec<figures::Figure> {
    let word = lang::words::text("figure", spec.lang).unwrap_or("Figure");
    let mut list = vec![figures::planning(spec)];
    if !spec.channels.is_empty() {
        list.push(figures::channel_map(spec));
    }
    list.push(figures::fleur(spec));
    for (n, figure) in list.iter_mut().enumerate() {
        figure.caption = format!("{word} {} — {}", n + 1, figure.caption);
    }
    list
}

/// The PDF of a Markdown made from the spec (the document, or the evaluation report), with
/// the document's metadata under `title`, which also heads every page, and `footer` (the
/// confidentiality) at the foot of every page.
pub fn render_pdf(
    spec: &Spec,
    markdown: &str,
    figures: &[figures::Figure],
    options: &RenderOptions,
    title: &str,
    footer: Option<&str>,
) -> Result<pdf::PdfOutput, Error> {
    let doc = &spec.q.document;
    let images = logo_images(spec);
    let fields: Vec<(String, String)> = spec
        .texts
        .iter()
        .map(|t| (t.path.clone(), t.text.clone()))
        .collect();
    let (lang, kind, of) = metadata_words(spec.lang);
    let page_label = move |n: usize, total: usize| format!("page {n} {of} {total}");
    let timestamp = options
        .timestamp
        .unwrap_or_else(|| doc.date.days_since_epoch() * 86_400);
    let keywords = format!("CRM, {kind}, {}", doc.client);
    let subject = format!("{kind} — {}", doc.client);
    let pdf_options = pdf::PdfOptions {
        title,
        author: &doc.author,
        subject: &subject,
        keywords: &keywords,
        lang,
        header: title,
        footer,
        page_label: &page_label,
        timestamp,
        images: &images,
        figures: &figures.iter().map(|f| (f.path(), f.clone())).collect(),
        fields: &fields,
    };
    pdf::render(markdown, &pdf_options).map_err(|e| Error::Pdf(e.to_string()))
}

fn pdf_warning(spec: &Spec, warning: pdf::PdfWarning) -> Diagnostic {
    match warning.field {
        Some(path) => {
            let location = spec
                .texts
                .iter()
                .find(|t| t.path == path)
                .and_then(|t| t.location);
            Diagnostic::warning(path, warning.message).at(location)
        }
        None => Diagnostic::warning("", warning.message),
    }
}
