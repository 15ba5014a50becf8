//! The evaluation file (`crmspec score --prices FILE`): what the grids do not say — each
//! vendor's price and the committee's marks for the criteria scored by people.

use crate::diagnostic::{did_you_mean, suggest, Diagnostic};
use crate::lang::messages::Message;
use crate::model::Basis;
use crate::positions::Positions;
use crate::spec::Spec;
use serde::Deserialize;
use std::collections::BTreeMap;

pub use crate::grid::MAX_AMOUNT;
/// The largest marking scale: 20 and 100 are usual; beyond this it is a slip.
pub const MAX_SCALE: f64 = 1_000.0;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// Marks are out of this (20 by default, as in French schools and tenders).
    #[serde(default = "default_scale")]
    pub scale: f64,
    pub vendors: Vec<VendorInput>,
}

fn default_scale() -> f64 {
    20.0
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorInput {
    /// As in the grid's "vendor name" cell, or the grid's file name.
    pub name: String,
    /// The price compared between offers (excluding tax, over the period the price
    /// criterion names).
    #[serde(default)]
    pub price: Option<f64>,
    /// Mark per criterion name, out of `scale`.
    #[serde(default)]
    pub marks: BTreeMap<String, f64>,
}

/// Reads and checks the evaluation file against the questionnaire's criteria and the
/// vendors whose grids were read. Messages name the file, line and field.
pub fn load(
    file: &str,
    text: &str,
    spec: &Spec,
    vendors: &[String],
) -> Result<Evaluation, Vec<Diagnostic>> {
    let named = |ds: Vec<Diagnostic>| ds.into_iter().map(|d| d.in_file(file)).collect::<Vec<_>>();
    let (evaluation, positions) = crate::load::load_as::<Evaluation>(text).map_err(named)?;
    let problems = check(&evaluation, &positions, spec, vendors);
    if problems.is_empty() {
        Ok(evaluation)
    } else {
        Err(named(problems))
    }
}

fn check(
    e: &Evaluation,
    positions: &Positions,
    spec: &Spec,
    vendors: &[String],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut error = |path: String, message: Message, hint: Option<Message>| {
        let mut d = Diagnostic::error(path.as_str(), message).at(positions.locate(&path));
        if let Some(h) = hint {
            d = d.hint(h);
        }
        out.push(d);
    };
    if !(e.scale.is_finite() && e.scale > 0.0 && e.scale <= MAX_SCALE) {
        error(
            "scale".into(),
            Message::new("score.bad_scale")
                .plain("max", MAX_SCALE)
                .plain("scale", e.scale),
            Some(Message::new("score.bad_scale_hint")),
        );
    }
    let marked: Vec<&str> = spec
        .criteria
        .iter()
        .filter(|c| c.basis == Basis::Marks)
        .map(|c| c.name.as_str())
        .collect();
    let priced = spec.criteria.iter().any(|c| c.basis == Basis::Price);
    for (i, v) in e.vendors.iter().enumerate() {
        let path = format!("vendors[{i}]");
        if !vendors.iter().any(|n| n == &v.name) {
            let hint = suggest(&v.name, vendors.iter().map(String::as_str))
                .map(did_you_mean)
                .unwrap_or_else(|| {
                    Message::new("score.grid_vendors_are").codes("vendors", vendors.iter().cloned())
                });
            error(
                format!("{path}.name"),
                Message::new("score.no_grid_for").code("vendor", &v.name),
                Some(hint),
            );
        }
        match v.price {
            Some(p) if !(p.is_finite() && p > 0.0 && p <= MAX_AMOUNT) => error(
                format!("{path}.price"),
                Message::new("score.bad_price").plain("price", p),
                Some(Message::new("score.bad_price_hint")),
            ),
            None if priced => error(
                path.clone(),
                Message::new("score.no_price").code("vendor", &v.name),
                Some(Message::new("score.no_price_hint")),
            ),
            _ => {}
        }
        for (criterion, mark) in &v.marks {
            let mark_path = format!("{path}.marks.{criterion}");
            if !marked.contains(&criterion.as_str()) {
                let hint = suggest(criterion, marked.iter().copied())
                    .map(did_you_mean)
                    .unwrap_or_else(|| {
                        Message::new("score.marked_criteria_are")
                            .codes("criteria", marked.iter().copied())
                    });
                error(
                    mark_path,
                    Message::new("score.not_marked").code("criterion", criterion),
                    Some(hint),
                );
            } else if !mark.is_finite() || !(0.0..=e.scale).contains(mark) {
                error(
                    mark_path,
                    Message::new("score.mark_outside")
                        .plain("mark", mark)
                        .plain("scale", e.scale),
                    None,
                );
            }
        }
        for criterion in &marked {
            if !v.marks.contains_key(*criterion) {
                error(
                    format!("{path}.marks"),
                    Message::new("score.no_mark")
                        .code("criterion", *criterion)
                        .code("vendor", &v.name),
                    None,
                );
            }
        }
    }
    for name in vendors {
        if !e.vendors.iter().any(|v| &v.name == name) {
            error(
                "vendors".into(),
                Message::new("score.no_entry").code("vendor", name),
                Some(
                    Message::new("score.no_entry_hint").code("line", format!("- name: \"{name}\"")),
                ),
            );
        }
    }
    out
}
