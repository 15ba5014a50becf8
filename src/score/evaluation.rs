//! The evaluation file (`crmspec score --prices FILE`): what the grids do not say — each
//! vendor's price and the committee's marks for the criteria scored by people.

use crate::diagnostic::{suggest, Diagnostic};
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
    let mut error = |path: String, message: String, hint: Option<String>| {
        let mut d = Diagnostic::error(path.as_str(), message).at(positions.locate(&path));
        if let Some(h) = hint {
            d = d.hint(h);
        }
        out.push(d);
    };
    if !(e.scale.is_finite() && e.scale > 0.0 && e.scale <= MAX_SCALE) {
        error(
            "scale".into(),
            format!(
                "the marking scale must be a number above 0 and at most {MAX_SCALE}, not {}",
                e.scale
            ),
            Some("marks are usually out of 20 (`scale: 20`) or 100".into()),
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
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| format!("the grids' vendors are: {}", vendors.join(", ")));
            error(
                format!("{path}.name"),
                format!("no grid was read for vendor `{}`", v.name),
                Some(hint),
            );
        }
        match v.price {
            Some(p) if !(p.is_finite() && p > 0.0 && p <= MAX_AMOUNT) => error(
                format!("{path}.price"),
                format!("a price must be a number above 0 and at most 10^12, not {p}"),
                Some(
                    "write the amount excluding tax, without currency, e.g. `price: 120000`".into(),
                ),
            ),
            None if priced => error(
                path.clone(),
                format!("no `price` for `{}`", v.name),
                Some("the price criterion is scored from each vendor's price".into()),
            ),
            _ => {}
        }
        for (criterion, mark) in &v.marks {
            let mark_path = format!("{path}.marks.{criterion}");
            if !marked.contains(&criterion.as_str()) {
                let hint = suggest(criterion, marked.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        format!(
                            "the criteria marked by the committee are: {}",
                            marked.join(", ")
                        )
                    });
                error(
                    mark_path,
                    format!("`{criterion}` is not a criterion marked by the committee"),
                    Some(hint),
                );
            } else if !mark.is_finite() || !(0.0..=e.scale).contains(mark) {
                error(
                    mark_path,
                    format!("mark {mark} is outside 0–{}", e.scale),
                    None,
                );
            }
        }
        for criterion in &marked {
            if !v.marks.contains_key(*criterion) {
                error(
                    format!("{path}.marks"),
                    format!("no mark for `{criterion}` for `{}`", v.name),
                    None,
                );
            }
        }
    }
    for name in vendors {
        if !e.vendors.iter().any(|v| &v.name == name) {
            error(
                "vendors".into(),
                format!("vendor `{name}` has a grid but no entry"),
                Some(format!("add `- name: \"{name}\"` with its price and marks")),
            );
        }
    }
    out
}
