//! `crmspec score`: filled response grids + prices and marks → ranked vendors.
//!
//! Each criterion is worth its weight in points (weights add up to 100):
//! - coverage: the functional score — for every requirement, its priority's points times the
//!   share its coverage level earns, over the points possible — times the weight;
//! - price: lowest price ÷ the vendor's price × the weight;
//! - marks: the committee's mark ÷ the scale × the weight.
//!
//! Without prices and marks the ranking is provisional, on the functional score alone.

pub mod evaluation;
pub mod report;

use crate::grid::Response;
use crate::lang::messages::Message;
use crate::model::{Basis, Coverage};
use crate::spec::Spec;
use evaluation::Evaluation;
use serde::Serialize;

/// The ranked result, ready for the report template.
#[derive(Debug, Clone, Serialize)]
pub struct Ranking {
    /// Vendors, best first.
    pub vendors: Vec<VendorScore>,
    /// Prices and marks were not given: only the functional score ranks.
    pub provisional: bool,
    pub scale: f64,
    pub lowest_price: Option<f64>,
    /// The questionnaire's modules, in order, for the per-module table.
    pub modules: Vec<String>,
    pub requirement_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct VendorScore {
    pub rank: usize,
    pub name: String,
    pub file: String,
    /// 0–100: points earned over points possible in the grid.
    pub functional: f64,
    /// Points per criterion, in the questionnaire's order; `None` when not scored.
    pub criteria: Vec<CriterionScore>,
    pub total: f64,
    pub price: Option<f64>,
    /// Sum of the grid's extra costs.
    pub extra_costs: f64,
    /// Answers per coverage level, in `Coverage::ALL` order.
    pub coverage_counts: Vec<usize>,
    /// Functional score per module, 0–100 (`None` for a module with nothing to score).
    pub modules: Vec<Option<f64>>,
    /// Requirements of the highest priority not covered: a proposal may be rejected for them.
    pub essential_gaps: Vec<Gap>,
    /// Every answer short of standard coverage, most necessary first.
    pub gaps: Vec<Gap>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionScore {
    pub name: String,
    pub weight: u32,
    pub basis: Basis,
    pub points: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub id: String,
    pub title: String,
    pub priority: String,
    pub coverage: String,
    pub comment: String,
    pub extra_cost: Option<f64>,
    pub availability: Option<String>,
}

/// What `crmspec score` produced: the ranking and the report's files, not yet written.
pub struct Scored {
    pub ranking: Ranking,
    pub files: Vec<(std::path::PathBuf, Vec<u8>)>,
}

/// Reads every grid and the evaluation file, scores, and renders the report. Problems in
/// any input are all reported together (each naming its file, sheet and cell, or line).
pub fn evaluate(
    spec: &Spec,
    grids: &[std::path::PathBuf],
    prices: Option<&std::path::Path>,
    options: &crate::RenderOptions,
) -> Result<Scored, crate::Error> {
    let grid = crate::grid::Grid::new(spec);
    let mut problems = Vec::new();
    let mut responses: Vec<Response> = Vec::new();
    for path in grids {
        match crate::grid::read(path, &grid) {
            Ok(response) => {
                if let Some(other) = responses.iter().find(|r| r.vendor == response.vendor) {
                    problems.push(
                        crate::Diagnostic::error(
                            "",
                            Message::new("score.vendor_twice")
                                .code("vendor", &response.vendor)
                                .code("other", &other.file),
                        )
                        .in_file(&response.file)
                        .hint(Message::new("score.vendor_twice_hint")),
                    );
                } else {
                    responses.push(response);
                }
            }
            Err(mut found) => problems.append(&mut found),
        }
    }
    if !problems.is_empty() {
        return Err(crate::Error::Invalid(problems));
    }
    let evaluation = match prices {
        Some(path) => {
            let source = crate::Source::read(path)?;
            let vendors: Vec<String> = responses.iter().map(|r| r.vendor.clone()).collect();
            Some(
                evaluation::load(&source.name, &source.text, spec, &vendors)
                    .map_err(crate::Error::Invalid)?,
            )
        }
        None => None,
    };
    let ranking = score(spec, &responses, evaluation.as_ref());
    let files = report::files(spec, &ranking, &grid.fingerprint, options)?;
    Ok(Scored { ranking, files })
}

/// Scores and ranks. The responses have been checked against the questionnaire, so every
/// requirement has exactly one answer; the evaluation has been checked against the vendors.
pub fn score(spec: &Spec, responses: &[Response], evaluation: Option<&Evaluation>) -> Ranking {
    let requirements: Vec<(&str, &crate::model::Requirement)> = spec
        .answered_modules()
        .flat_map(|m| m.items.iter().map(move |r| (m.module.as_str(), r)))
        .collect();
    let lowest_price = evaluation.and_then(|e| {
        e.vendors
            .iter()
            .filter_map(|v| v.price)
            .min_by(f64::total_cmp)
    });
    let mut vendors: Vec<VendorScore> = responses
        .iter()
        .map(|response| {
            let input =
                evaluation.and_then(|e| e.vendors.iter().find(|v| v.name == response.vendor));
            // By ID once, rather than a search of the answers per requirement and module.
            let by_id: std::collections::HashMap<&str, &crate::grid::Answer> = response
                .answers
                .iter()
                .map(|a| (a.id.as_str(), a))
                .collect();
            let answer = |id: &str| by_id.get(id).copied();
            let ratio = |filter: &dyn Fn(&str) -> bool| -> Option<f64> {
                let (mut earned, mut possible) = (0.0, 0.0);
                for (module, r) in &requirements {
                    if !filter(module) {
                        continue;
                    }
                    let points = f64::from(spec.scoring.points(r.priority));
                    let id = r.id.as_deref().unwrap_or_default();
                    let share = answer(id)
                        .map_or(0.0, |a| f64::from(spec.scoring.percent(a.coverage)) / 100.0);
                    earned += points * share;
                    possible += points;
                }
                (possible > 0.0).then(|| earned / possible * 100.0)
            };
            let functional = ratio(&|_| true).unwrap_or(0.0);
            let modules = spec
                .answered_modules()
                .map(|m| ratio(&|module| module == m.module))
                .collect();
            let criteria: Vec<CriterionScore> = spec
                .criteria
                .iter()
                .map(|c| {
                    let weight = f64::from(c.weight);
                    let points = match c.basis {
                        Basis::Coverage => Some(functional / 100.0 * weight),
                        Basis::Price => input
                            .and_then(|v| v.price)
                            .zip(lowest_price)
                            .map(|(price, lowest)| lowest / price * weight),
                        Basis::Marks => input
                            .and_then(|v| v.marks.get(&c.name))
                            .zip(evaluation)
                            .map(|(mark, e)| mark / e.scale * weight),
                    };
                    CriterionScore {
                        name: c.name.clone(),
                        weight: c.weight,
                        basis: c.basis,
                        points,
                    }
                })
                .collect();
            let total = criteria.iter().filter_map(|c| c.points).sum::<f64>();
            let gap = |(_, r): &(&str, &crate::model::Requirement)| -> Option<Gap> {
                let id = r.id.as_deref().unwrap_or_default();
                let a = answer(id)?;
                (a.coverage != Coverage::Standard).then(|| Gap {
                    id: id.to_string(),
                    title: r.title.clone(),
                    priority: crate::lang::words::text_or_key(
                        &format!("priority.{}", r.priority.key()),
                        spec.lang,
                    ),
                    coverage: crate::grid::coverage_choice(a.coverage, spec.lang),
                    comment: a.comment.clone(),
                    extra_cost: a.extra_cost,
                    availability: a.availability.clone(),
                })
            };
            let mut ordered = requirements.clone();
            ordered.sort_by_key(|(_, r)| r.priority.level());
            let gaps: Vec<Gap> = ordered.iter().filter_map(gap).collect();
            let essential_gaps = requirements
                .iter()
                .filter(|(_, r)| r.priority.level() == 0)
                .filter(|(_, r)| {
                    answer(r.id.as_deref().unwrap_or_default())
                        .is_some_and(|a| a.coverage == Coverage::NotCovered)
                })
                .filter_map(gap)
                .collect();
            VendorScore {
                rank: 0,
                name: response.vendor.clone(),
                file: response.file.clone(),
                functional,
                criteria,
                total,
                price: input.and_then(|v| v.price),
                extra_costs: response.answers.iter().filter_map(|a| a.extra_cost).sum(),
                coverage_counts: Coverage::ALL
                    .iter()
                    .map(|c| response.answers.iter().filter(|a| a.coverage == *c).count())
                    .collect(),
                modules,
                essential_gaps,
                gaps,
            }
        })
        .collect();
    // Scores are compared at the precision the report shows (two decimals), so that two
    // vendors shown with the same total share a rank; the functional score breaks ties.
    let key = |v: &VendorScore| (shown(v.total), shown(v.functional));
    vendors.sort_by(|a, b| key(b).cmp(&key(a)).then_with(|| a.name.cmp(&b.name)));
    for i in 0..vendors.len() {
        vendors[i].rank = if i > 0 && key(&vendors[i]) == key(&vendors[i - 1]) {
            vendors[i - 1].rank
        } else {
            i + 1
        };
    }
    Ranking {
        vendors,
        provisional: evaluation.is_none(),
        scale: evaluation.map_or(20.0, |e| e.scale),
        lowest_price,
        modules: spec.answered_modules().map(|m| m.module.clone()).collect(),
        requirement_count: requirements.len(),
    }
}

fn shown(x: f64) -> i64 {
    (x * 100.0).round() as i64
}
