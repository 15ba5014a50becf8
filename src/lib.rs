//! crmspec turns a YAML questionnaire into a CRM *cahier des charges* (requirements
//! specification for a CRM tender), as Markdown and PDF, HTML and Word.
//!
//! The stages, in order, each a pure function from one type to the next; only the edges
//! read and write the disk ([`Source`] reads the questionnaire and its logo, [`output`] writes):
//!
//! 1. [`load`]: YAML text → [`load::Loaded`] (the questionnaire, where each field is, its text
//!    values), or the shape problems, with positions;
//! 2. [`validate`]: the loaded questionnaire and the logo's bytes → [`spec::Spec`] (cross-field
//!    rules, assigned IDs), which [`spec::Spec::new`] builds whole, in one place;
//! 3. [`markdown`]: spec → Markdown text through Tera templates;
//! 4. [`document`]: Markdown → [`document::Document`], parsed once (pulldown-cmark), with its
//!    metadata and assets;
//! 5. [`writers`]: document → files, one [`writers::Writer`] per [`Format`] (Markdown, PDF,
//!    HTML, Word);
//! 6. [`output`]: the only stage that writes files, atomically.
//!
//! The binary (`main.rs`, with one module per subcommand under `cmd/`) parses the arguments,
//! calls these stages, reports the diagnostics and chooses the exit code.
//!
//! Markdown is the single source of truth: every other output is made from it.

pub mod advice;
pub mod batch;
pub mod catalogue;
pub mod diagnostic;
pub mod diff;
pub mod document;
pub mod editor;
pub mod error;
pub mod figures;
pub mod fonts;
pub mod grid;
pub mod init;
pub mod lang;
pub mod load;
pub mod markdown;
pub mod media;
pub mod model;
mod ods;
pub mod output;
pub mod pack;
pub mod positions;
pub mod requirements;
pub mod schedule;
pub mod schema;
pub mod score;
pub mod serve;
pub mod spec;
pub mod theme;
pub mod validate;
pub mod writers;
pub mod xml;
mod yaml;
/// Rewriting a questionnaire in place, keeping its comments and layout (the form editor and
/// `requirements import` save through it).
pub use yaml::edit as yaml_edit;

pub use diagnostic::{Diagnostic, Severity};
pub use error::Error;
pub use lang::messages::Message;
pub use writers::Format;

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
    /// Reads a questionnaire: a regular file only (a FIFO would block for ever, a device
    /// such as `/dev/zero` never ends), at most [`MAX_QUESTIONNAIRE_BYTES`], counted while
    /// reading since a size on disk can lie (`/proc`, a file that grows).
    pub fn read(path: &Path) -> Result<Source, Error> {
        let bytes = read_regular_file(path, MAX_QUESTIONNAIRE_BYTES)?;
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

    /// The logo the questionnaire names, read from the questionnaire's folder: this edge
    /// reads the disk so that validation, which judges the bytes, does not.
    ///
    /// A questionnaire may come from someone else, and the logo is copied into every output:
    /// it must stay inside the questionnaire's folder (`..`, an absolute path or a symlink
    /// leading out are refused without touching the file, so the message does not even tell
    /// whether it exists), be a regular file, and be at most [`MAX_LOGO_BYTES`].
    pub fn logo(&self, name: &str) -> validate::LogoFile {
        let path = self.base_dir.join(name);
        validate::LogoFile {
            bytes: self.read_logo(name, &path),
            path,
        }
    }

    fn read_logo(&self, name: &str, path: &Path) -> std::io::Result<Vec<u8>> {
        let outside =
            || std::io::Error::new(std::io::ErrorKind::PermissionDenied, error::OutsideFolder);
        let leaves = Path::new(name).components().any(|c| {
            !matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        });
        if leaves {
            return Err(outside());
        }
        let real = path.canonicalize()?;
        if !real.starts_with(self.base_dir.canonicalize()?) {
            return Err(outside());
        }
        read_regular_file(&real, MAX_LOGO_BYTES).map_err(|e| match e {
            Error::Read { source, .. } => source,
            other => std::io::Error::other(other),
        })
    }
}

/// A logo larger than this is not a logo (a photograph, a scan): 10 MB.
pub const MAX_LOGO_BYTES: u64 = 10 * 1024 * 1024;

/// Reads a regular file of at most `limit` bytes: anything else (a folder, a FIFO, a device)
/// is refused before it is opened for reading, and the limit holds while reading.
pub(crate) fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let read_error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(read_error)?;
    if !metadata.is_file() {
        return Err(Error::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let too_large = |size| Error::TooLarge {
        path: path.to_path_buf(),
        size,
        limit,
    };
    if metadata.len() > limit {
        return Err(too_large(metadata.len()));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(limit.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(read_error)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Loads and validates: the spec, or every problem found, each naming the file.
pub fn check(source: &Source) -> Result<Spec, Error> {
    // Problems are listed in file order, as an editor would show them.
    let named = |mut diagnostics: Vec<Diagnostic>| {
        diagnostics.sort_by_key(|d| (d.location.is_none(), d.location));
        Error::Invalid(
            diagnostics
                .into_iter()
                .map(|d| d.in_file(&source.name).with_source(&source.text))
                .collect(),
        )
    };
    let loaded = load::load(&source.text).map_err(named)?;
    let logo = loaded.questionnaire.document.logo.as_deref();
    let logo = logo.map(|name| source.logo(name));
    validate::validate(loaded, logo).map_err(named)
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
            Some(dir) => Templates::with_overrides(dir),
            None => Ok(Templates::default()),
        }
    }

    /// A template that failed: the user's fault when the templates came from their folder.
    pub fn template_error(&self, e: markdown::TemplateError) -> Error {
        Error::Template {
            message: e.0,
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
    /// What the render did that a user may want to know with `--verbose` (the templates
    /// their folder replaced), in the order it happened.
    pub steps: Vec<Message>,
}

/// Renders every requested format.
pub fn render(spec: &Spec, options: &RenderOptions) -> Result<Rendered, Error> {
    let templates = options.load_templates()?;
    let mut steps: Vec<Message> = templates
        .user()
        .map(|(dir, names)| {
            Message::new("cli.step_templates")
                .plain("dir", dir.display())
                .codes("names", names.iter().map(String::as_str))
        })
        .into_iter()
        .collect();
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
    let mut warnings: Vec<Diagnostic> = changes
        .iter()
        .filter(|c| !c.renumbered.is_empty())
        .map(|c| {
            let moves: Vec<lang::messages::Arg> = c
                .renumbered
                .iter()
                .map(|r| {
                    let moved = Message::new("changes.moved")
                        .plain("title", &r.title)
                        .plain("old", &r.old_id)
                        .plain("new", &r.new_id);
                    lang::messages::Arg::Message(Box::new(moved))
                })
                .collect();
            Diagnostic::warning(
                "requirements",
                Message::new("changes.renumbered")
                    .count("count", moves.len() as u64)
                    .plain("version", &c.old_version)
                    .arg("moves", lang::messages::Arg::List(moves)),
            )
            .hint(Message::new("changes.renumbered_hint"))
        })
        .collect();
    if let Some(c) = changes.as_ref().filter(|c| c.version_unchanged()) {
        let location = spec.positions.locate("document.version");
        warnings.push(
            Diagnostic::warning(
                "document.version",
                Message::new("changes.version_unchanged").plain("version", &c.old_version),
            )
            .at(location)
            .hint(Message::new("changes.version_unchanged_hint")),
        );
    }
    let timestamp = options
        .timestamp
        .unwrap_or_else(|| spec.q.document.date.days_since_epoch() * 86_400);
    let meta = document::Metadata::of(
        spec,
        name.clone(),
        spec.q.document.title.clone(),
        running_footer(&spec.q.document),
        timestamp,
    );
    let doc = document::Document::new(
        &markdown,
        spec.lang,
        meta,
        document::Assets::of(spec, figures),
    );
    let written = writers::write_all(&doc, &theme::Theme::default(), &options.formats)?;
    warnings.extend(written.warnings);
    steps.extend(written.steps);
    Ok(Rendered {
        name,
        files: written.files,
        warnings,
        steps,
    })
}

/// What the foot of every page says: the tender's reference, which vendors quote in every
/// exchange, with the version and date that tell two printouts apart; then, on a line of its
/// own so that it is never cut short, the confidentiality notice.
pub(crate) fn running_footer(d: &model::Document) -> Vec<String> {
    let version = lang::words::text_with(
        "footer_version",
        d.language,
        &[
            ("version", &d.version),
            (
                "date",
                &lang::format::date(d.date.year, d.date.month, d.date.day, d.language),
            ),
        ],
    );
    let first = match &d.reference {
        Some(reference) => format!("{reference} · {version}"),
        None => version,
    };
    std::iter::once(first)
        .chain(d.confidentiality.clone())
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
