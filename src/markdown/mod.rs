//! Stage 3: `Spec` → Markdown, through Tera templates.
//!
//! The Spec is the whole template context. User text is escaped for Markdown by Tera's
//! autoescape (with our escape function), so a template cannot forget to escape; templates mark
//! pre-formatted Markdown with `safe`. Numbering, the table of contents and French spacing are
//! passes of the next stage (`document::passes`), over the rendered text as a whole.

mod budget;
mod escape;
mod templates;

pub use budget::{TEMPLATE_OUTPUT_BYTES, TEMPLATE_RANGE_ITEMS, TEMPLATE_TIME};
pub use escape::{cell, escape};
pub use templates::{Templates, ENTRY, EVALUATION, MAX_TEMPLATE_BYTES};

use crate::lang::{format, words, Language};
use crate::model::Date;
use crate::spec::Spec;
use tera::{Context, Kwargs, State, Tera, TeraResult, Value};

/// A finding of the advisor as the annex shows it: in the document's language, the field
/// named by its place in the document rather than its path in the questionnaire.
#[derive(serde::Serialize)]
struct AdviceRef {
    code: &'static str,
    level: &'static str,
    place: String,
    line: Option<usize>,
    message: String,
    hint: String,
}

#[derive(serde::Serialize)]
struct FigureRef {
    path: String,
    caption: String,
}

/// A template that does not compile or render: names the template and the position.
#[derive(Debug, thiserror::Error)]
#[error("template error: {0}")]
pub struct TemplateError(pub String);

/// Renders the document's Markdown.
pub fn render(
    spec: &Spec,
    templates: &Templates,
    figures: &[crate::figures::Figure],
    advice: &[crate::diagnostic::Diagnostic],
    changes: Option<&crate::diff::Changes>,
) -> Result<String, TemplateError> {
    let mut context = Context::from_serialize(spec).map_err(|e| TemplateError(e.to_string()))?;
    // `figures.fleur`, `figures.canaux`, `figures.planning`: path and caption, when drawn.
    let refs: std::collections::BTreeMap<&str, FigureRef> = figures
        .iter()
        .map(|f| {
            let reference = FigureRef {
                path: f.path(),
                caption: f.caption.clone(),
            };
            (f.name.as_str(), reference)
        })
        .collect();
    context.insert("figures", &refs);
    // The advisor's findings, for the optional "points of attention" annex.
    let lang = spec.lang;
    let advice: Vec<AdviceRef> = advice
        .iter()
        .map(|d| AdviceRef {
            code: d.code.unwrap_or_default(),
            level: d.severity.label(),
            place: crate::advice::place(spec, &d.path, lang).unwrap_or_default(),
            line: d.location.map(|l| l.line),
            message: crate::advice::worded(spec, &d.message, lang),
            hint: d
                .hints
                .iter()
                .map(|h| crate::advice::worded(spec, h, lang))
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect();
    context.insert("advice", &advice);
    context.insert("changes", &changes);
    finish(templates, spec.lang, ENTRY, context)
}

/// Renders another entry template (the evaluation report) with the spec and one more value
/// in its context, through the same engine and escaping as the document.
pub fn render_entry<T: serde::Serialize>(
    spec: &Spec,
    templates: &Templates,
    entry: &str,
    key: &'static str,
    value: &T,
) -> Result<String, TemplateError> {
    let mut context = Context::from_serialize(spec).map_err(|e| TemplateError(e.to_string()))?;
    context.insert(key, value);
    finish(templates, spec.lang, entry, context)
}

/// Renders `entry`: the built-in templates directly, the user's within a budget.
fn finish(
    templates: &Templates,
    lang: Language,
    entry: &str,
    context: Context,
) -> Result<String, TemplateError> {
    let mut tera = engine(templates, lang)?;
    match templates.user() {
        None => tera
            .render(entry, &context)
            .map_err(|e| TemplateError(describe(&e))),
        Some((dir, names)) => budget::render(tera_with_budget(&mut tera), tera, entry, context)
            .map_err(|e| TemplateError(e.describe(dir, names))),
    }
}

/// Replaces Tera's `range` with one counting against a fresh budget, returned.
fn tera_with_budget(tera: &mut Tera) -> std::sync::Arc<budget::Budget> {
    let budget = std::sync::Arc::new(budget::Budget::default());
    let counted = budget.clone();
    tera.register_function("range", move |kwargs: Kwargs, _: &State| {
        counted.range(kwargs)
    });
    budget
}

/// The error with its chain of causes, where Tera names template, line and column.
fn describe(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        message.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    message
}

fn engine(templates: &Templates, lang: Language) -> Result<Tera, TemplateError> {
    let mut tera = Tera::new();
    tera.set_escape_fn(escape::escape_markdown);
    tera.autoescape_on([".md.tera"]);
    // `{{ "key" | t }}`, `{{ value | t(group="priority") }}`; any other argument fills the
    // placeholder of its name: `{{ "reading_guide" | t(example=example_id) }}`.
    tera.register_filter(
        "t",
        move |key: &str, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let group: Option<&str> = kwargs.get("group")?;
            let full = match group {
                Some(g) => format!("{g}.{key}"),
                None => key.to_string(),
            };
            if words::text(&full, lang).is_none() {
                return Err(tera::Error::message(format!("no translation for `{full}`")));
            }
            let values: Vec<(String, String)> = kwargs
                .iter()
                .filter(|(name, _)| name.as_str() != Some("group"))
                .map(|(name, value)| {
                    let shown = match value.as_str() {
                        Some(s) => s.to_string(),
                        None => value.to_string(),
                    };
                    (name.to_string(), shown)
                })
                .collect();
            let values: Vec<(&str, &str)> = values
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            Ok(words::text_with(&full, lang, &values))
        },
    );
    tera.register_filter(
        "date",
        move |value: &str, _: Kwargs, _: &State| -> TeraResult<String> {
            Date::parse(value)
                .map(|d| format::date(d.year, d.month, d.day, lang))
                .ok_or_else(|| tera::Error::message(format!("`{value}` is not a date")))
        },
    );
    tera.register_filter("num", move |n: u64, _: Kwargs, _: &State| {
        format::number(n, lang)
    });
    tera.register_filter(
        "amount",
        move |n: f64, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let currency: &str = kwargs.must_get("currency")?;
            let rounded = n.max(0.0).round() as u64;
            Ok(if currency.is_empty() {
                format::number(rounded, lang)
            } else {
                format::money(rounded, currency, lang)
            })
        },
    );
    tera.register_filter(
        "dec",
        move |n: f64, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let digits: Option<usize> = kwargs.get("digits")?;
            Ok(format::decimal(n, digits.unwrap_or(1), lang))
        },
    );
    tera.register_filter(
        "money",
        move |n: u64, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let currency: &str = kwargs.must_get("currency")?;
            Ok(format::money(n, currency, lang))
        },
    );
    tera.register_filter(
        "languages",
        move |codes: Vec<String>, _: Kwargs, _: &State| words::language_list(&codes, lang),
    );
    tera.register_filter("cell", |text: &str, _: Kwargs, _: &State| {
        Value::safe_string(&escape::cell(text))
    });
    tera.register_filter("cells", |items: Vec<String>, _: Kwargs, _: &State| {
        let cells: Vec<String> = items.iter().map(|i| escape::cell(i)).collect();
        Value::safe_string(&cells.join("<br>"))
    });
    tera.add_raw_templates(templates.iter())
        .map_err(|e| TemplateError(describe(&e)))?;
    Ok(tera)
}
