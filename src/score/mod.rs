//! `crmspec score`: filled response grids, price schedules and marks → ranked vendors.
//!
//! Each criterion is worth its weight in points (weights add up to 100):
//! - coverage: the functional score — for every requirement, its priority's points times the
//!   share its coverage level earns, over the points possible — times the weight;
//! - price: lowest price ÷ the vendor's price × the weight, the price being the total cost of
//!   ownership of the vendor's price schedule (options apart, never counted), or the price
//!   the evaluation file gives when there are no schedules;
//! - marks: the mean of the evaluators' marks (or the committee's single mark) ÷ the scale ×
//!   the weight.
//!
//! A criterion split into sub-criteria is scored on each, with its basis and each one's
//! weight; its points are theirs added up. Without prices and marks the ranking is
//! provisional, on the functional score alone.

pub mod evaluation;
pub mod report;

use crate::grid::Response;
use crate::lang::messages::Message;
use crate::model::{Basis, Coverage};
use crate::schedule::{Offer, Tco};
use crate::spec::Spec;
use evaluation::{Evaluation, GivenMark};
use serde::Serialize;
use std::path::{Path, PathBuf};

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
    /// Prices are the total costs of ownership of price schedules, over this many years.
    pub tco_years: Option<u32>,
    /// The evaluators, in the evaluation file's order; none for the committee's single mark.
    pub evaluators: Vec<String>,
    /// Every criterion and sub-criterion marked by the committee, with each vendor's marks.
    pub marked: Vec<MarkedItem>,
}

/// A criterion or sub-criterion marked by the committee: for each vendor (in ranking
/// order), every mark given with its justification, their mean and the points it earns.
#[derive(Debug, Clone, Serialize)]
pub struct MarkedItem {
    pub name: String,
    /// The criterion it belongs to, for a sub-criterion.
    pub criterion: Option<String>,
    pub weight: u32,
    pub vendors: Vec<VendorMarks>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VendorMarks {
    pub vendor: String,
    pub marks: Vec<GivenMark>,
    pub mean: f64,
    pub points: f64,
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
    /// The total cost of ownership per year, from the vendor's price schedule.
    pub tco: Option<Tco>,
    /// The price schedule read.
    pub schedule_file: Option<String>,
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
    /// Points per sub-criterion, when the criterion was scored on them.
    pub sub_criteria: Vec<SubScore>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubScore {
    pub name: String,
    pub weight: u32,
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

/// Reads every grid, price schedule and the evaluation file, scores, and renders the report.
/// `files` mixes grids and schedules, told apart by their sheets. Problems in any input are
/// all reported together (each naming its file, sheet and cell, or line).
pub fn evaluate(
    spec: &Spec,
    files: &[PathBuf],
    prices: Option<&Path>,
    options: &crate::RenderOptions,
) -> Result<Scored, crate::Error> {
    let grid = crate::grid::Grid::new(spec);
    let schedule = crate::schedule::Schedule::new(spec);
    let mut problems = Vec::new();
    let mut responses: Vec<Response> = Vec::new();
    let mut offers: Vec<Offer> = Vec::new();
    let duplicate = |file: &str, message: Message, hint: Message| {
        crate::Diagnostic::error("", message)
            .in_file(file)
            .hint(hint)
    };
    for path in files {
        if is_schedule(path) {
            let Some(schedule) = &schedule else {
                problems.push(
                    crate::Diagnostic::error("", Message::new("score.schedule_without_pricing"))
                        .in_file(&path.display().to_string())
                        .hint(Message::new("score.schedule_without_pricing_hint")),
                );
                continue;
            };
            match crate::schedule::read(path, schedule) {
                Ok(offer) => match offers.iter().find(|o| o.vendor == offer.vendor) {
                    Some(other) => problems.push(duplicate(
                        &offer.file,
                        Message::new("score.schedule_twice")
                            .code("vendor", &offer.vendor)
                            .code("other", &other.file),
                        Message::new("score.schedule_twice_hint"),
                    )),
                    None => offers.push(offer),
                },
                Err(mut found) => problems.append(&mut found),
            }
            continue;
        }
        match crate::grid::read(path, &grid) {
            Ok(response) => match responses.iter().find(|r| r.vendor == response.vendor) {
                Some(other) => problems.push(duplicate(
                    &response.file,
                    Message::new("score.vendor_twice")
                        .code("vendor", &response.vendor)
                        .code("other", &other.file),
                    Message::new("score.vendor_twice_hint"),
                )),
                None => responses.push(response),
            },
            Err(mut found) => problems.append(&mut found),
        }
    }
    if problems.is_empty() && !offers.is_empty() {
        problems.extend(unmatched(&responses, &offers));
    }
    if !problems.is_empty() {
        return Err(crate::Error::Invalid(problems));
    }
    let scheduled = !offers.is_empty();
    let evaluation = match prices {
        Some(path) => {
            let source = crate::Source::read(path)?;
            let vendors: Vec<String> = responses.iter().map(|r| r.vendor.clone()).collect();
            Some(
                evaluation::load(&source.name, &source.text, spec, &vendors, scheduled)
                    .map_err(crate::Error::Invalid)?,
            )
        }
        None => None,
    };
    let tcos: Vec<(Offer, Tco)> = match &schedule {
        Some(s) => offers
            .into_iter()
            .map(|o| {
                let tco = o.tco(s.pricing);
                (o, tco)
            })
            .collect(),
        None => Vec::new(),
    };
    let ranking = score(spec, &responses, &tcos, evaluation.as_ref());
    let files = report::files(spec, &ranking, &grid.fingerprint, options)?;
    Ok(Scored { ranking, files })
}

/// Whether a file is a price schedule: a workbook (XLSX or ODS) with a schedule's summary
/// sheet. Anything else is read as a grid, whose reader says what is wrong with it.
fn is_schedule(path: &Path) -> bool {
    let Ok(bytes) = crate::read_regular_file(path, crate::grid::read::MAX_GRID_BYTES) else {
        return false;
    };
    crate::grid::read::Kind::of(path, &bytes)
        .and_then(|kind| crate::grid::package::sheet_names(&bytes, kind))
        .is_some_and(|names| crate::schedule::read::is_schedule(&names))
}

/// Each vendor answers with a grid and a price schedule: one without the other is named.
fn unmatched(responses: &[Response], offers: &[Offer]) -> Vec<crate::Diagnostic> {
    let mut problems = Vec::new();
    for r in responses {
        if !offers.iter().any(|o| o.vendor == r.vendor) {
            let mut d = crate::Diagnostic::error(
                "",
                Message::new("score.grid_without_schedule").code("vendor", &r.vendor),
            )
            .in_file(&r.file);
            if let Some(s) =
                crate::diagnostic::suggest(&r.vendor, offers.iter().map(|o| o.vendor.as_str()))
            {
                d = d.hint(Message::new("score.schedule_unmatched").code("vendor", s));
            }
            problems.push(d.hint(Message::new("score.match_hint")));
        }
    }
    for o in offers {
        if !responses.iter().any(|r| r.vendor == o.vendor) {
            let mut d = crate::Diagnostic::error(
                "",
                Message::new("score.schedule_without_grid").code("vendor", &o.vendor),
            )
            .in_file(&o.file);
            if let Some(s) =
                crate::diagnostic::suggest(&o.vendor, responses.iter().map(|r| r.vendor.as_str()))
            {
                d = d.hint(Message::new("score.grid_unmatched").code("vendor", s));
            }
            problems.push(d.hint(Message::new("score.match_hint")));
        }
    }
    problems
}

/// Scores and ranks. The responses have been checked against the questionnaire, so every
/// requirement has exactly one answer; the offers (each with its total cost of ownership)
/// matched with the responses; the evaluation checked against the vendors.
pub fn score(
    spec: &Spec,
    responses: &[Response],
    offers: &[(Offer, Tco)],
    evaluation: Option<&Evaluation>,
) -> Ranking {
    let requirements: Vec<(&str, &crate::model::Requirement)> = spec
        .answered_modules()
        .flat_map(|m| m.items.iter().map(move |r| (m.module.as_str(), r)))
        .collect();
    let offer = |vendor: &str| offers.iter().find(|(o, _)| o.vendor == vendor);
    // The schedule's total cost of ownership, else the evaluation file's price.
    let price = |vendor: &str| {
        offer(vendor)
            .map(|(_, tco)| tco.total)
            .or_else(|| evaluation.and_then(|e| e.price(vendor)))
    };
    let lowest_price = responses
        .iter()
        .filter_map(|r| price(&r.vendor))
        .min_by(f64::total_cmp);
    let mean = |marks: &[GivenMark]| {
        (!marks.is_empty()).then(|| marks.iter().map(|m| m.mark).sum::<f64>() / marks.len() as f64)
    };
    let mut vendors: Vec<VendorScore> = responses
        .iter()
        .map(|response| {
            let vendor = response.vendor.as_str();
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
            // The points a criterion or a sub-criterion of `basis` earns on `weight`.
            let points = |basis: Basis, weight: u32, item: &str| -> Option<f64> {
                let weight = f64::from(weight);
                match basis {
                    Basis::Coverage => Some(functional / 100.0 * weight),
                    Basis::Price => price(vendor)
                        .zip(lowest_price)
                        .map(|(price, lowest)| lowest / price * weight),
                    Basis::Marks => evaluation
                        .and_then(|e| mean(&e.marks(vendor, item)).map(|m| m / e.scale * weight)),
                }
            };
            let criteria: Vec<CriterionScore> = spec
                .criteria
                .iter()
                .map(|c| {
                    let sub_criteria: Vec<SubScore> = c
                        .sub_criteria
                        .iter()
                        .map(|s| SubScore {
                            name: s.name.clone(),
                            weight: s.weight,
                            points: points(c.basis, s.weight, &s.name),
                        })
                        .collect();
                    let on_subs =
                        !sub_criteria.is_empty() && sub_criteria.iter().all(|s| s.points.is_some());
                    // A criterion marked as a whole (the committee's single mark) keeps its
                    // own points.
                    let points = if on_subs {
                        Some(sub_criteria.iter().filter_map(|s| s.points).sum())
                    } else {
                        points(c.basis, c.weight, &c.name)
                    };
                    CriterionScore {
                        name: c.name.clone(),
                        weight: c.weight,
                        basis: c.basis,
                        points,
                        sub_criteria,
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
                price: price(vendor),
                tco: offer(vendor).map(|(_, tco)| tco.clone()),
                schedule_file: offer(vendor).map(|(o, _)| o.file.clone()),
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
    let marked = evaluation.map_or_else(Vec::new, |e| marked_items(spec, e, &vendors));
    Ranking {
        provisional: evaluation.is_none() && offers.is_empty(),
        scale: evaluation.map_or(20.0, |e| e.scale),
        lowest_price,
        modules: spec.answered_modules().map(|m| m.module.clone()).collect(),
        requirement_count: requirements.len(),
        tco_years: spec
            .q
            .pricing
            .as_ref()
            .filter(|_| !offers.is_empty())
            .map(|p| p.years),
        evaluators: evaluation
            .map(|e| e.evaluators.iter().map(|x| x.name.clone()).collect())
            .unwrap_or_default(),
        marked,
        vendors,
    }
}

/// The audit trail: every criterion and sub-criterion marked by the committee, as it was
/// marked (a criterion marked as a whole by the single-mark form stays whole), each vendor's
/// marks in ranking order.
fn marked_items(spec: &Spec, e: &Evaluation, vendors: &[VendorScore]) -> Vec<MarkedItem> {
    let mut items = Vec::new();
    for c in spec.criteria.iter().filter(|c| c.basis == Basis::Marks) {
        let on_subs = !c.sub_criteria.is_empty()
            && vendors.iter().all(|v| {
                c.sub_criteria
                    .iter()
                    .all(|s| !e.marks(&v.name, &s.name).is_empty())
            });
        let named: Vec<(String, Option<String>, u32)> = if on_subs {
            c.sub_criteria
                .iter()
                .map(|s| (s.name.clone(), Some(c.name.clone()), s.weight))
                .collect()
        } else {
            vec![(c.name.clone(), None, c.weight)]
        };
        for (name, criterion, weight) in named {
            let marks: Vec<VendorMarks> = vendors
                .iter()
                .filter_map(|v| {
                    let marks = e.marks(&v.name, &name);
                    if marks.is_empty() {
                        return None;
                    }
                    let mean = marks.iter().map(|m| m.mark).sum::<f64>() / marks.len() as f64;
                    Some(VendorMarks {
                        vendor: v.name.clone(),
                        points: mean / e.scale * f64::from(weight),
                        mean,
                        marks,
                    })
                })
                .collect();
            items.push(MarkedItem {
                name,
                criterion,
                weight,
                vendors: marks,
            });
        }
    }
    items
}

fn shown(x: f64) -> i64 {
    (x * 100.0).round() as i64
}
