//! The evaluation file (`crmspec score --marks FILE`, also `--prices`): what the grids and
//! the price schedules do not say — each vendor's price when there are no schedules, and the
//! committee's marks for the criteria scored by people.
//!
//! Marks come in one of two forms. The committee's single mark per vendor and criterion
//! (`vendors[].marks`), as crmspec has always read; or one set of marks per evaluator, each
//! mark with its written justification (`evaluators`), whose mean is scored and every one of
//! which the report lists: the audit trail a buyer needs when a rejected vendor asks why.
//! A criterion split into sub-criteria is marked on each of them (the single-mark form may
//! still mark it as a whole).

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
    /// Marks are out of this, as the file says (`scale:`); it must be the scale the
    /// specification published (`tender.scoring.marks_out_of`, 20 by default).
    #[serde(default, rename = "scale")]
    given_scale: Option<f64>,
    /// Marks are out of this: the published scale, which a file's own `scale` must equal.
    #[serde(skip)]
    pub scale: f64,
    #[serde(default)]
    pub vendors: Vec<VendorInput>,
    /// One set of marks per member of the evaluation committee.
    #[serde(default)]
    pub evaluators: Vec<Evaluator>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorInput {
    /// As in the grid's "vendor name" cell, or the grid's file name.
    pub name: String,
    /// The price compared between offers (excluding tax, over the period the price
    /// criterion names), when there are no price schedules.
    #[serde(default)]
    pub price: Option<f64>,
    /// The committee's mark per criterion (or sub-criterion) name, out of `scale`.
    #[serde(default)]
    pub marks: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluator {
    /// Who marks (`Paul Durand, DSI`).
    pub name: String,
    /// The marks this evaluator gives each vendor.
    pub vendors: Vec<EvaluatedVendor>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluatedVendor {
    pub name: String,
    /// Mark and justification per criterion (or sub-criterion) name.
    pub marks: BTreeMap<String, Mark>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mark {
    /// Out of `scale`.
    pub mark: f64,
    /// Why this mark: what the offer shows, or lacks.
    pub justification: String,
}

/// A mark as the report lists it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GivenMark {
    /// `None` for the committee's single mark.
    pub evaluator: Option<String>,
    pub mark: f64,
    pub justification: Option<String>,
}

impl Evaluation {
    /// The marks a vendor received for a criterion or sub-criterion: one per evaluator, in
    /// the file's order, or the committee's single mark; none when it was not marked.
    pub fn marks(&self, vendor: &str, item: &str) -> Vec<GivenMark> {
        if !self.evaluators.is_empty() {
            return self
                .evaluators
                .iter()
                .filter_map(|e| {
                    let marks = &e.vendors.iter().find(|v| v.name == vendor)?.marks;
                    let m = marks.get(item)?;
                    Some(GivenMark {
                        evaluator: Some(e.name.clone()),
                        mark: m.mark,
                        justification: Some(m.justification.clone()),
                    })
                })
                .collect();
        }
        self.vendors
            .iter()
            .find(|v| v.name == vendor)
            .and_then(|v| v.marks.get(item))
            .map(|&mark| GivenMark {
                evaluator: None,
                mark,
                justification: None,
            })
            .into_iter()
            .collect()
    }

    pub fn price(&self, vendor: &str) -> Option<f64> {
        self.vendors.iter().find(|v| v.name == vendor)?.price
    }
}

/// Reads and checks the evaluation file against the questionnaire's criteria and the
/// vendors whose grids were read; `scheduled` when their prices come from price schedules.
/// Messages name the file, line and field.
pub fn load(
    file: &str,
    text: &str,
    spec: &Spec,
    vendors: &[String],
    scheduled: bool,
) -> Result<Evaluation, Vec<Diagnostic>> {
    let named = |ds: Vec<Diagnostic>| ds.into_iter().map(|d| d.in_file(file)).collect::<Vec<_>>();
    let (mut evaluation, positions) = crate::load::load_as::<Evaluation>(text).map_err(named)?;
    let published = f64::from(spec.scoring.marks_out_of);
    evaluation.scale = evaluation.given_scale.unwrap_or(published);
    let problems = Check {
        e: &evaluation,
        positions: &positions,
        spec,
        vendors,
        scheduled,
        out: Vec::new(),
    }
    .run();
    if problems.is_empty() {
        Ok(evaluation)
    } else {
        Err(named(problems))
    }
}

/// A criterion marked by the committee, with its sub-criteria's names.
struct Marked<'s> {
    name: &'s str,
    subs: Vec<&'s str>,
}

struct Check<'a> {
    e: &'a Evaluation,
    positions: &'a Positions,
    spec: &'a Spec,
    vendors: &'a [String],
    scheduled: bool,
    out: Vec<Diagnostic>,
}

impl Check<'_> {
    fn error(&mut self, path: String, message: Message, hint: Option<Message>) {
        let mut d = Diagnostic::error(path.as_str(), message).at(self.positions.locate(&path));
        if let Some(h) = hint {
            d = d.hint(h);
        }
        self.out.push(d);
    }

    fn run(mut self) -> Vec<Diagnostic> {
        let e = self.e;
        if !(e.scale.is_finite() && e.scale > 0.0 && e.scale <= MAX_SCALE) {
            self.error(
                "scale".into(),
                Message::new("score.bad_scale")
                    .plain("max", MAX_SCALE)
                    .plain("scale", e.scale),
                Some(Message::new("score.bad_scale_hint")),
            );
        } else if e.scale != f64::from(self.spec.scoring.marks_out_of) {
            self.error(
                "scale".into(),
                Message::new("score.scale_not_published")
                    .plain("scale", e.scale)
                    .plain("published", self.spec.scoring.marks_out_of),
                Some(
                    Message::new("score.scale_not_published_hint")
                        .plain("published", self.spec.scoring.marks_out_of),
                ),
            );
        }
        let spec = self.spec;
        let marked: Vec<Marked> = spec
            .criteria
            .iter()
            .filter(|c| c.basis == Basis::Marks)
            .map(|c| Marked {
                name: &c.name,
                subs: c.sub_criteria.iter().map(|s| s.name.as_str()).collect(),
            })
            .collect();
        let priced = spec.criteria.iter().any(|c| c.basis == Basis::Price);
        for (i, v) in e.vendors.iter().enumerate() {
            self.vendor(i, v, &marked, priced);
        }
        for (i, evaluator) in e.evaluators.iter().enumerate() {
            self.evaluator(i, evaluator, &marked);
        }
        let vendors = self.vendors;
        // An entry is needed for what only it gives: the price without schedules, the marks
        // without evaluators.
        let needs_price = priced && !self.scheduled;
        let needs_marks = !marked.is_empty() && e.evaluators.is_empty();
        if needs_price || needs_marks {
            for name in vendors {
                if !e.vendors.iter().any(|v| &v.name == name) {
                    self.error(
                        "vendors".into(),
                        Message::new("score.no_entry").code("vendor", name),
                        Some(
                            Message::new("score.no_entry_hint")
                                .code("line", format!("- name: \"{name}\"")),
                        ),
                    );
                }
            }
        }
        self.out
    }

    /// The vendor's name names a vendor whose grid was read.
    fn known_vendor(&mut self, path: String, name: &str) {
        if !self.vendors.iter().any(|n| n == name) {
            let hint = suggest(name, self.vendors.iter().map(String::as_str))
                .map(did_you_mean)
                .unwrap_or_else(|| {
                    Message::new("score.grid_vendors_are")
                        .codes("vendors", self.vendors.iter().cloned())
                });
            self.error(
                path,
                Message::new("score.no_grid_for").code("vendor", name),
                Some(hint),
            );
        }
    }

    fn vendor(&mut self, i: usize, v: &VendorInput, marked: &[Marked], priced: bool) {
        let path = format!("vendors[{i}]");
        self.known_vendor(format!("{path}.name"), &v.name);
        match v.price {
            Some(_) if self.scheduled => self.error(
                format!("{path}.price"),
                Message::new("score.price_from_schedule").code("vendor", &v.name),
                Some(Message::new("score.price_from_schedule_hint")),
            ),
            Some(p) if !(p.is_finite() && p > 0.0 && p <= MAX_AMOUNT) => self.error(
                format!("{path}.price"),
                Message::new("score.bad_price").plain("price", p),
                Some(Message::new("score.bad_price_hint")),
            ),
            None if priced && !self.scheduled => self.error(
                path.clone(),
                Message::new("score.no_price").code("vendor", &v.name),
                Some(Message::new("score.no_price_hint")),
            ),
            _ => {}
        }
        if !self.e.evaluators.is_empty() {
            if !v.marks.is_empty() {
                self.error(
                    format!("{path}.marks"),
                    Message::new("score.marks_beside_evaluators").code("vendor", &v.name),
                    Some(Message::new("score.marks_beside_evaluators_hint")),
                );
            }
            return;
        }
        let marks: Vec<(String, f64)> = v.marks.iter().map(|(k, m)| (k.clone(), *m)).collect();
        for (item, mark) in &marks {
            let mark_path = format!("{path}.marks.{item}");
            if self.item_known(&mark_path, item, marked, true) {
                self.mark_in_scale(mark_path, *mark);
            }
        }
        for m in marked {
            // The criterion as a whole, or each of its sub-criteria.
            let whole = v.marks.contains_key(m.name);
            let subs: Vec<&str> = m
                .subs
                .iter()
                .copied()
                .filter(|s| v.marks.contains_key(*s))
                .collect();
            if whole && !subs.is_empty() {
                self.error(
                    format!("{path}.marks"),
                    Message::new("score.marked_twice")
                        .code("criterion", m.name)
                        .code("vendor", &v.name),
                    Some(Message::new("score.marked_twice_hint")),
                );
            } else if !whole && subs.is_empty() {
                self.error(
                    format!("{path}.marks"),
                    Message::new("score.no_mark")
                        .code("criterion", m.name)
                        .code("vendor", &v.name),
                    (!m.subs.is_empty()).then(|| {
                        Message::new("score.mark_each_sub").codes("subs", m.subs.iter().copied())
                    }),
                );
            } else if !whole {
                for sub in m.subs.iter().filter(|s| !subs.contains(s)) {
                    self.error(
                        format!("{path}.marks"),
                        Message::new("score.no_mark")
                            .code("criterion", *sub)
                            .code("vendor", &v.name),
                        None,
                    );
                }
            }
        }
    }

    /// Whether `item` is a criterion (or, with `whole`, a criterion split into sub-criteria)
    /// or a sub-criterion marked by the committee; reported when not.
    fn item_known(&mut self, path: &str, item: &str, marked: &[Marked], whole: bool) -> bool {
        let names: Vec<&str> = marked
            .iter()
            .flat_map(|m| {
                let own = (whole || m.subs.is_empty()).then_some(m.name);
                own.into_iter().chain(m.subs.iter().copied())
            })
            .collect();
        if names.contains(&item) {
            return true;
        }
        let split = marked.iter().find(|m| m.name == item && !m.subs.is_empty());
        let hint = match split {
            Some(m) => Message::new("score.marked_on_subs").codes("subs", m.subs.iter().copied()),
            None => suggest(item, names.iter().copied())
                .map(did_you_mean)
                .unwrap_or_else(|| {
                    Message::new("score.marked_criteria_are")
                        .codes("criteria", names.iter().copied())
                }),
        };
        self.error(
            path.to_string(),
            Message::new("score.not_marked").code("criterion", item),
            Some(hint),
        );
        false
    }

    fn mark_in_scale(&mut self, path: String, mark: f64) {
        let scale = self.e.scale;
        if !mark.is_finite() || !(0.0..=scale).contains(&mark) {
            self.error(
                path,
                Message::new("score.mark_outside")
                    .plain("mark", mark)
                    .plain("scale", scale),
                None,
            );
        }
    }

    fn evaluator(&mut self, i: usize, evaluator: &Evaluator, marked: &[Marked]) {
        let path = format!("evaluators[{i}]");
        if evaluator.name.trim().is_empty() {
            self.error(
                format!("{path}.name"),
                Message::new("score.evaluator_unnamed"),
                Some(Message::new("score.evaluator_unnamed_hint")),
            );
        }
        if let Some(first) = self.e.evaluators[..i]
            .iter()
            .position(|e| e.name.trim() == evaluator.name.trim())
        {
            self.error(
                format!("{path}.name"),
                Message::new("score.evaluator_twice").code("evaluator", &evaluator.name),
                Some(
                    Message::new("score.evaluator_twice_hint")
                        .field("first", format!("evaluators[{first}]")),
                ),
            );
        }
        // Every item is marked on its own: a criterion split into sub-criteria, on each.
        let items: Vec<&str> = marked
            .iter()
            .flat_map(|m| {
                if m.subs.is_empty() {
                    vec![m.name]
                } else {
                    m.subs.clone()
                }
            })
            .collect();
        for (j, v) in evaluator.vendors.iter().enumerate() {
            let vendor_path = format!("{path}.vendors[{j}]");
            self.known_vendor(format!("{vendor_path}.name"), &v.name);
            if evaluator.vendors[..j].iter().any(|w| w.name == v.name) {
                self.error(
                    format!("{vendor_path}.name"),
                    Message::new("score.evaluator_marks_twice")
                        .code("evaluator", &evaluator.name)
                        .code("vendor", &v.name),
                    None,
                );
            }
            for (item, mark) in &v.marks {
                let mark_path = format!("{vendor_path}.marks.{item}");
                if self.item_known(&mark_path, item, marked, false) {
                    self.mark_in_scale(format!("{mark_path}.mark"), mark.mark);
                    if mark.justification.trim().is_empty() {
                        self.error(
                            format!("{mark_path}.justification"),
                            Message::new("score.no_justification")
                                .code("evaluator", &evaluator.name)
                                .code("criterion", item.as_str())
                                .code("vendor", &v.name),
                            Some(Message::new("score.no_justification_hint")),
                        );
                    }
                }
            }
            for item in &items {
                if !v.marks.contains_key(*item) {
                    self.error(
                        format!("{vendor_path}.marks"),
                        Message::new("score.evaluator_no_mark")
                            .code("evaluator", &evaluator.name)
                            .code("criterion", *item)
                            .code("vendor", &v.name),
                        None,
                    );
                }
            }
        }
        for name in self.vendors {
            if !evaluator.vendors.iter().any(|v| &v.name == name) && !items.is_empty() {
                self.error(
                    format!("{path}.vendors"),
                    Message::new("score.evaluator_skips")
                        .code("evaluator", &evaluator.name)
                        .code("vendor", name),
                    Some(
                        Message::new("score.evaluator_skips_hint")
                            .code("line", format!("- name: \"{name}\"")),
                    ),
                );
            }
        }
    }
}
