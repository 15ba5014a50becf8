//! `crmspec pack`: the tender pack (dossier de consultation), every file a buyer publishes,
//! made in memory from one validated questionnaire.
//!
//! Takes the [`Spec`]; gives the files, in a fixed order: the specification (PDF and Word),
//! the consultation rules (PDF and Word, from `rules.md.tera`, which includes the
//! specification's own tender chapter so that the two never disagree), the response grid
//! (XLSX, ODS and CSV), the price schedule (XLSX and ODS, when the questionnaire prices
//! anything), the
//! technical response frame (Word, from `frame.md.tera`), the manifest (each file's size and
//! SHA-256) and the archive holding them all. Nothing is written here: `output` writes the
//! whole set, or nothing.

mod archive;
mod manifest;

pub use manifest::Entry;

use crate::document::{Assets, Document, Metadata};
use crate::model::Basis;
use crate::spec::Spec;
use crate::theme::Theme;
use crate::writers::{self, Format};
use crate::{Diagnostic, Error, RenderOptions};
use serde::Serialize;
use std::path::PathBuf;

/// The consultation rules' template.
pub const RULES: &str = "rules.md.tera";
/// The technical response frame's template.
pub const FRAME: &str = "frame.md.tera";

/// What `crmspec pack` produced, not yet written.
pub struct Packed {
    /// Every file, the manifest and the archive last.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// The published files with their sizes and hashes, as the manifest lists them.
    pub manifest: Vec<Entry>,
    pub archive: PathBuf,
    pub warnings: Vec<Diagnostic>,
}

/// The files of a pack as the rules list them: what each document is, and its files.
#[derive(Debug, Clone, Serialize)]
struct Listed {
    role: String,
    names: Vec<String>,
}

/// What the rules' and the frame's templates get beside the spec, as `pack`.
#[derive(Debug, Clone, Serialize)]
struct PackView {
    files: Vec<Listed>,
    plan: Vec<Section>,
}

/// A section of the technical proposal: one per criterion and sub-criterion, in order.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub name: String,
    pub weight: u32,
    pub basis: Basis,
    /// A sub-criterion's section, under its criterion's.
    pub sub: bool,
    /// What the section must show: the questionnaire's words, else what the criterion's
    /// basis asks for.
    pub show: String,
    pub pages: Option<u32>,
    /// Whether the vendor writes an answer here: not for a criterion answered in its
    /// sub-criteria, nor for the price, which only the price schedule gives.
    pub answer: bool,
}

/// The technical proposal's plan: each criterion, then its sub-criteria.
pub fn plan(spec: &Spec) -> Vec<Section> {
    let word = |key: &str| crate::lang::words::text_or_key(key, spec.lang);
    let generic = |basis: Basis| match basis {
        Basis::Coverage => word("pack.show_coverage"),
        Basis::Price if spec.q.pricing.is_some() => word("pack.show_price_schedule"),
        Basis::Price => word("pack.show_price"),
        Basis::Marks => word("pack.show_marks"),
    };
    let mut sections = Vec::new();
    for c in &spec.criteria {
        sections.push(Section {
            name: c.name.clone(),
            weight: c.weight,
            basis: c.basis,
            sub: false,
            show: c.expected.clone().unwrap_or_else(|| generic(c.basis)),
            pages: c.pages,
            answer: c.sub_criteria.is_empty() && c.basis != Basis::Price,
        });
        sections.extend(c.sub_criteria.iter().map(|s| Section {
            name: s.name.clone(),
            weight: s.weight,
            basis: c.basis,
            sub: true,
            show: s.expected.clone().unwrap_or_else(|| generic(c.basis)),
            pages: s.pages,
            answer: c.basis != Basis::Price,
        }));
    }
    sections
}

/// Makes every file of the pack. `options` gives the templates folder and the date; the
/// formats are the pack's own.
pub fn pack(spec: &Spec, options: &RenderOptions) -> Result<Packed, Error> {
    let word = |key: &str| crate::lang::words::text_or_key(key, spec.lang);
    let slug = crate::output::slug(&spec.q.document.title);
    let documents = [Format::Pdf, Format::Docx];
    let specification = crate::render(
        spec,
        &RenderOptions {
            formats: documents.to_vec(),
            ..options.clone()
        },
    )?;
    let mut warnings = specification.warnings;
    let mut files = specification.files;
    let rules_name = format!("{slug}-{}", word("rules.file"));
    let frame_name = format!("{slug}-{}", word("pack.frame_file"));
    let grid = crate::grid::Grid::new(spec).files(&crate::grid::SheetFormat::ALL)?;
    let schedule = match crate::schedule::Schedule::new(spec) {
        Some(s) => s.files()?,
        None => Vec::new(),
    };
    let listed = {
        let mut listed = Vec::new();
        let mut list = |role: &str, names: Vec<String>| {
            listed.push(Listed {
                role: word(role),
                names,
            })
        };
        let names = |files: &[(PathBuf, Vec<u8>)]| {
            files
                .iter()
                .map(|(path, _)| path.display().to_string())
                .collect()
        };
        list("pack.role_specification", names(&files));
        list(
            "pack.role_rules",
            ["pdf", "docx"]
                .iter()
                .map(|format| format!("{rules_name}.{format}"))
                .collect(),
        );
        list("pack.role_grid", names(&grid));
        if !schedule.is_empty() {
            list("pack.role_schedule", names(&schedule));
        }
        list("pack.role_frame", vec![format!("{frame_name}.docx")]);
        listed
    };
    let view = PackView {
        files: listed,
        plan: plan(spec),
    };
    let rules = document(
        spec,
        options,
        RULES,
        &view,
        rules_name,
        word("rules.title"),
        &documents,
    )?;
    warnings.extend(rules.warnings);
    files.extend(rules.files);
    files.extend(grid);
    files.extend(schedule);
    let frame = document(
        spec,
        options,
        FRAME,
        &view,
        frame_name,
        word("pack.frame_title"),
        &[Format::Docx],
    )?;
    warnings.extend(frame.warnings);
    files.extend(frame.files);
    let manifest = manifest::entries(&files);
    let manifest_file = (
        PathBuf::from(format!("{slug}-{}.txt", word("pack.manifest_file"))),
        manifest::text(spec, &manifest).into_bytes(),
    );
    files.push(manifest_file);
    let archive = PathBuf::from(format!("{slug}-{}.zip", word("pack.archive_file")));
    let bytes = archive::zip(&files, spec.q.document.date)?;
    files.push((archive.clone(), bytes));
    Ok(Packed {
        files,
        manifest,
        archive,
        warnings,
    })
}

/// One of the pack's own documents (the rules, the frame): its template with the spec and
/// `pack`, through the same document stage and writers as the specification.
fn document(
    spec: &Spec,
    options: &RenderOptions,
    entry: &str,
    view: &PackView,
    name: String,
    kind: String,
    formats: &[Format],
) -> Result<writers::Written, Error> {
    let templates = options.load_templates()?;
    let markdown = crate::markdown::render_entry(spec, &templates, entry, "pack", view)
        .map_err(|e| options.template_error(e))?;
    let created = options
        .timestamp
        .unwrap_or_else(|| spec.q.document.date.days_since_epoch() * 86_400);
    let title = format!("{kind} — {}", spec.q.document.title);
    let meta = Metadata::of(
        spec,
        name,
        title,
        crate::running_footer(&spec.q.document),
        created,
    );
    let doc = Document::new(&markdown, spec.lang, meta, Assets::of(spec, Vec::new()));
    Ok(writers::write_all(&doc, &Theme::default(), formats)?)
}
