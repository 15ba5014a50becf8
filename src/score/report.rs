//! The evaluation report: the ranking through the `evaluation.md.tera` template, made into a
//! document and written in the requested formats by the same writers as the document itself.

use super::Ranking;
use crate::document::{Assets, Document, Metadata};
use crate::markdown;
use crate::model::Date;
use crate::spec::Spec;
use crate::theme::Theme;
use crate::writers;
use crate::{Error, RenderOptions};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Serialize)]
struct Report<'a> {
    ranking: &'a Ranking,
    date: String,
    /// Vendors left with a top-priority requirement not covered.
    flagged: bool,
    currency: &'a str,
    fingerprint: &'a str,
}

/// The report's files, `<name>-analyse.md` / `.pdf` (`-evaluation` in English). Dated
/// `timestamp` (SOURCE_DATE_EPOCH) when given, else by the questionnaire's own date, like the
/// document: two runs on the same files give the same bytes, whatever the clock says.
pub fn files(
    spec: &Spec,
    ranking: &Ranking,
    fingerprint: &str,
    options: &RenderOptions,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Error> {
    let templates = options.load_templates()?;
    let seconds = options
        .timestamp
        .unwrap_or_else(|| spec.q.document.date.days_since_epoch() * 86_400);
    let date = Date::from_days_since_epoch(seconds.div_euclid(86_400));
    let report = Report {
        ranking,
        date: date.to_string(),
        flagged: ranking.vendors.iter().any(|v| !v.essential_gaps.is_empty()),
        currency: spec
            .q
            .project
            .budget
            .as_ref()
            .map_or("", |b| b.currency.as_str()),
        fingerprint,
    };
    let text = markdown::render_entry(spec, &templates, markdown::EVALUATION, "report", &report)
        .map_err(|e| options.template_error(e))?;
    let word = |key: &str| crate::lang::words::text_or_key(key, spec.lang);
    let name = format!(
        "{}-{}",
        crate::output::slug(&spec.q.document.title),
        word("evaluation_file")
    );
    let title = format!("{} — {}", word("evaluation_title"), spec.q.document.title);
    let confidential = word("evaluation_confidential");
    // The report's PDF is dated by the report, its Word properties by the document.
    let meta = Metadata::of(spec, name, title, vec![confidential], seconds);
    let doc = Document::new(&text, spec.lang, meta, Assets::of(spec, Vec::new()));
    Ok(writers::write_all(&doc, &Theme::default(), &options.formats)?.files)
}
