//! Stage 2: `Loaded` (the questionnaire, where each field is, its texts) and the logo file
//! as the edge read it → `Spec`, or every semantic problem at once.
//!
//! Shape problems were caught by `load`; here are the rules that span fields: references
//! between sections, unique identifiers, dates in order, weights that add up, GDPR bases, the
//! logo image. Optional IDs are assigned here, deterministically, so re-rendering the same file
//! gives the same IDs. Validation reads nothing from disk: the caller reads the logo and
//! passes its bytes (or why they could not be read), so this stage only judges, and a test
//! or a fuzzer can hand it any bytes.

use crate::catalogue;
use crate::diagnostic::{did_you_mean, suggest, Diagnostic};
use crate::lang::messages::Message;
use crate::load::Loaded;
use crate::model::{Basis, Date, Priority, PriorityScheme, Questionnaire, Requirement};
use crate::positions::Positions;
use crate::spec::{Asset, Spec, CRM_SYSTEM};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// The file `document.logo` names, as the caller read it: where it was looked for (the path
/// messages show) and its bytes, or the error reading them gave.
#[derive(Debug)]
pub struct LogoFile {
    pub path: PathBuf,
    pub bytes: std::io::Result<Vec<u8>>,
}

/// Validates and resolves. `logo` is the file `document.logo` names, read by the caller;
/// `None` when the questionnaire names no logo.
pub fn validate(loaded: Loaded, logo: Option<LogoFile>) -> Result<Spec, Vec<Diagnostic>> {
    let Loaded {
        questionnaire: mut q,
        positions,
        texts,
    } = loaded;
    let mut v = Validator {
        positions: &positions,
        diagnostics: Vec::new(),
    };
    assign_objective_ids(&mut q);
    let prefixes = assign_requirement_ids(&mut q);
    let explicit = explicit_requirement_ids(&q);
    assign_ids(&mut q.quality, "QUA", &explicit, |r| &mut r.id);
    assign_ids(&mut q.processes, "PRC", &explicit, |p| &mut p.id);
    v.unique_ids(&q);
    v.catalogue(&q);
    let scheme = v.priority_scheme(&q);
    v.references(&q);
    v.planning(&q);
    v.budget(&q);
    v.totals(&q);
    v.tender(&q);
    v.criteria(&q);
    v.contract(&q);
    v.pricing(&q);
    v.criteria_bases(&q);
    v.scoring(&q, scheme);
    v.flows(&q);
    v.advice_settings(&q);
    let logo = v.logo(&q, logo);
    if !v.diagnostics.is_empty() {
        return Err(v.diagnostics);
    }
    expand_catalogue(&mut q, scheme);
    Ok(Spec::new(q, scheme, prefixes, logo, positions, texts))
}

struct Validator<'a> {
    positions: &'a Positions,
    diagnostics: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn error(&mut self, path: String, message: Message) -> &mut Diagnostic {
        let location = self.positions.locate(&path);
        self.error_located(path, message, location)
    }

    /// For a missing field: the problem is named after it, the position is a related field's.
    fn error_located(
        &mut self,
        path: String,
        message: Message,
        location: Option<crate::diagnostic::Location>,
    ) -> &mut Diagnostic {
        self.diagnostics
            .push(Diagnostic::error(path, message).at(location));
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    /// Reports an ID used twice, pointing at the second use and naming the first.
    /// `what` names the kind of item (`validate.what_channel`).
    fn check_unique<'q>(
        &mut self,
        what: &'static str,
        ids: impl IntoIterator<Item = (String, &'q str)>,
    ) {
        let mut seen: HashMap<&str, String> = HashMap::new();
        for (path, id) in ids {
            if let Some(first) = seen.get(id) {
                let first = first.clone();
                let line = self.positions.locate(&first).map(|l| l.line);
                let d = self.error(
                    path,
                    Message::new("validate.duplicate_id")
                        .message("what", Message::new(what))
                        .code("id", id),
                );
                let used = Message::new("validate.first_used_by")
                    .code("id", id)
                    .field("first", first.as_str());
                d.hints.push(match line {
                    Some(line) => Message::new("validate.at_line")
                        .message("text", used)
                        .plain("line", line),
                    None => used,
                });
                d.hints.push(Message::new("validate.ids_unique"));
            } else {
                seen.insert(id, path);
            }
        }
    }

    fn unique_ids(&mut self, q: &Questionnaire) {
        self.check_unique(
            "validate.what_objective",
            q.project
                .objectives
                .iter()
                .enumerate()
                .filter_map(|(i, o)| {
                    Some((format!("project.objectives[{i}].id"), o.id.as_deref()?))
                }),
        );
        self.check_unique(
            "validate.what_channel_role",
            q.channel_roles
                .iter()
                .enumerate()
                .map(|(i, r)| (format!("channel_roles[{i}].id"), r.id.as_str())),
        );
        self.check_unique(
            "validate.what_channel",
            q.channels
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("channels[{i}].id"), c.id.as_str())),
        );
        self.check_unique(
            "validate.what_system",
            q.systems
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("systems[{i}].id"), s.id.as_str())),
        );
        self.check_unique(
            "validate.what_data_exchange",
            q.data_exchanges
                .iter()
                .enumerate()
                .map(|(i, f)| (format!("data_exchanges[{i}].id"), f.id.as_str())),
        );
        // Requirements, quality requirements and processes share one namespace: the response
        // grid, the index and vendors' answers quote their IDs side by side.
        self.check_unique(
            "validate.what_requirement",
            q.requirements
                .iter()
                .enumerate()
                .flat_map(|(m, module)| {
                    module.items.iter().enumerate().filter_map(move |(i, r)| {
                        Some((format!("requirements[{m}].items[{i}].id"), r.id.as_deref()?))
                    })
                })
                .chain(
                    q.quality
                        .iter()
                        .enumerate()
                        .filter_map(|(i, r)| Some((format!("quality[{i}].id"), r.id.as_deref()?))),
                )
                .chain(
                    q.processes.iter().enumerate().filter_map(|(i, p)| {
                        Some((format!("processes[{i}].id"), p.id.as_deref()?))
                    }),
                ),
        );
        for (i, system) in q.systems.iter().enumerate() {
            if system.id == CRM_SYSTEM {
                self.error(
                    format!("systems[{i}].id"),
                    Message::new("validate.crm_reserved").code("id", CRM_SYSTEM),
                )
                .hints
                .push(Message::new("validate.crm_reserved_hint"));
            }
        }
    }

    /// Catalogue references exist, are pulled in once, and do not clash with the
    /// questionnaire's own IDs.
    fn catalogue(&mut self, q: &Questionnaire) {
        let catalogue = catalogue::builtin();
        let references = catalogue.references();
        let own: HashMap<&str, String> = q
            .requirements
            .iter()
            .enumerate()
            .flat_map(|(m, module)| {
                module.items.iter().enumerate().filter_map(move |(i, r)| {
                    Some((r.id.as_deref()?, format!("requirements[{m}].items[{i}].id")))
                })
            })
            .collect();
        let mut pulled: HashMap<&str, String> = HashMap::new();
        for (m, module) in q.requirements.iter().enumerate() {
            for (j, reference) in module.catalogue.iter().enumerate() {
                let path = format!("requirements[{m}].catalogue[{j}]");
                let Some(entries) = catalogue.resolve(&reference.id) else {
                    let d = self.error(
                        path,
                        Message::new("validate.not_in_catalogue").code("id", &reference.id),
                    );
                    if let Some(s) = suggest(&reference.id, references.iter().map(String::as_str)) {
                        d.hints.push(did_you_mean(s));
                    }
                    d.hints.push(Message::new("validate.catalogue_hint"));
                    continue;
                };
                for (_, entry) in entries {
                    if let Some(first) = pulled.get(entry.id.as_str()) {
                        let line = self.positions.locate(first).map(|l| l.line);
                        let d = self.error(
                            path.clone(),
                            Message::new("validate.pulled_twice").code("id", &entry.id),
                        );
                        let pulled = Message::new("validate.already_pulled_by")
                            .field("first", first.as_str());
                        d.hints.push(match line {
                            Some(line) => Message::new("validate.at_line")
                                .message("text", pulled)
                                .plain("line", line),
                            None => pulled,
                        });
                    } else if let Some(own_path) = own.get(entry.id.as_str()) {
                        let d = self.error(
                            own_path.clone(),
                            Message::new("validate.own_id_pulled").code("id", &entry.id),
                        );
                        d.hints.push(
                            Message::new("validate.own_id_pulled_hint")
                                .code("reference", &reference.id)
                                .field("path", path.as_str()),
                        );
                    } else {
                        pulled.insert(&entry.id, path.clone());
                    }
                }
            }
        }
    }

    /// The questionnaire's priority scheme: the scheme of its first priority, MoSCoW when it
    /// states none. A priority from the other scheme is an error, since a document cannot
    /// explain two legends.
    fn priority_scheme(&mut self, q: &Questionnaire) -> PriorityScheme {
        let stated: Vec<(String, Priority)> = q
            .requirements
            .iter()
            .enumerate()
            .flat_map(|(m, module)| {
                let own = module.items.iter().enumerate().map(move |(i, r)| {
                    (format!("requirements[{m}].items[{i}].priority"), r.priority)
                });
                let pulled = module
                    .catalogue
                    .iter()
                    .enumerate()
                    .filter_map(move |(j, r)| {
                        Some((
                            format!("requirements[{m}].catalogue[{j}].priority"),
                            r.priority?,
                        ))
                    });
                own.chain(pulled)
            })
            .chain(
                q.quality
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (format!("quality[{i}].priority"), r.priority)),
            )
            .collect();
        let mut by_line: Vec<(Option<usize>, &(String, Priority))> = stated
            .iter()
            .map(|s| (self.positions.locate(&s.0).map(|l| l.line), s))
            .collect();
        by_line.sort_by_key(|(line, _)| line.unwrap_or(usize::MAX));
        let Some((first_line, (first_path, first))) = by_line.first().copied() else {
            return PriorityScheme::Moscow;
        };
        let scheme = first.scheme();
        let words = |s: PriorityScheme| s.levels().iter().map(|p| p.key()).collect::<Vec<_>>();
        for (_, (path, priority)) in by_line.iter().skip(1) {
            if priority.scheme() != scheme {
                let equivalent = priority.in_scheme(scheme);
                let message = match first_line {
                    Some(line) => Message::new("validate.other_scheme_at").plain("line", line),
                    None => Message::new("validate.other_scheme"),
                };
                let d = self.error(
                    path.clone(),
                    message
                        .code("priority", priority.key())
                        .code("first", first.key())
                        .field("first_path", first_path.as_str()),
                );
                if let Some(e) = equivalent {
                    d.hints.push(did_you_mean(e.key()));
                }
                d.hints.push(
                    Message::new("validate.one_scheme")
                        .codes("moscow", words(PriorityScheme::Moscow))
                        .codes("pis", words(PriorityScheme::Pis)),
                );
            }
        }
        scheme
    }

    /// `crmspec score` needs to know which criterion the grids score and which the prices
    /// score: at most one of each may be declared.
    fn criteria_bases(&mut self, q: &Questionnaire) {
        for basis in [Basis::Coverage, Basis::Price] {
            let declared: Vec<usize> = q
                .tender
                .criteria
                .iter()
                .enumerate()
                .filter(|(_, c)| c.basis == Some(basis))
                .map(|(i, _)| i)
                .collect();
            for &i in declared.iter().skip(1) {
                let (word, from) = if basis == Basis::Coverage {
                    ("coverage", "validate.scored_from_grids")
                } else {
                    ("price", "validate.scored_from_prices")
                };
                self.error(
                    format!("tender.criteria[{i}].basis"),
                    Message::new("validate.second_basis").setting("basis", "basis", "basis", word),
                )
                .hints
                .push(
                    Message::new(from).field("first", format!("tender.criteria[{}]", declared[0])),
                );
            }
        }
    }

    /// Published scoring weights: percentages are percentages, and priorities are those of
    /// the questionnaire's scheme.
    fn scoring(&mut self, q: &Questionnaire, scheme: PriorityScheme) {
        let Some(scoring) = &q.tender.scoring else {
            return;
        };
        if let Some(top) = scoring.marks_out_of {
            if top == 0 || f64::from(top) > crate::score::evaluation::MAX_SCALE {
                self.error(
                    "tender.scoring.marks_out_of".into(),
                    Message::new("score.bad_scale")
                        .plain("max", crate::score::evaluation::MAX_SCALE)
                        .plain("scale", top),
                )
                .hints
                .push(Message::new("validate.marks_out_of_hint"));
            }
        }
        if let Some(weights) = scoring.coverage {
            for coverage in crate::model::Coverage::ALL {
                let percent = weights.get(coverage);
                if percent > 100 {
                    self.error(
                        format!("tender.scoring.coverage.{}", coverage.key()),
                        Message::new("validate.not_a_percentage").plain("value", percent),
                    )
                    .hints
                    .push(Message::new("validate.coverage_share_hint"));
                }
            }
        }
        for priority in scoring.priority.iter().flat_map(|m| m.keys()) {
            if priority.scheme() != scheme {
                let d = self.error(
                    format!("tender.scoring.priority.{}", priority.key()),
                    Message::new("validate.priority_not_in_scheme")
                        .code("priority", priority.key()),
                );
                if let Some(e) = priority.in_scheme(scheme) {
                    d.hints.push(did_you_mean(e.key()));
                }
            }
        }
    }

    /// Reports a reference to an unknown id, suggesting the closest known one. `what` is
    /// the message naming the kind of reference (`validate.unknown_channel`).
    fn check_reference(&mut self, path: String, what: &'static str, id: &str, known: &[&str]) {
        if known.contains(&id) {
            return;
        }
        let suggestion = suggest(id, known.iter().copied());
        let d = self.error(path, Message::new(what).code("id", id));
        if let Some(s) = suggestion {
            d.hints.push(did_you_mean(s));
        }
        d.hints
            .push(Message::new("validate.known").codes("known", known.iter().copied()));
    }

    fn references(&mut self, q: &Questionnaire) {
        let roles: Vec<&str> = q.channel_roles.iter().map(|r| r.id.as_str()).collect();
        let channels: Vec<&str> = q.channels.iter().map(|c| c.id.as_str()).collect();
        for (c, channel) in q.channels.iter().enumerate() {
            for (r, role) in channel.roles.iter().enumerate() {
                self.check_reference(
                    format!("channels[{c}].roles[{r}]"),
                    "validate.unknown_channel_role",
                    role,
                    &roles,
                );
            }
            for (r, redirect) in channel.redirects.iter().enumerate() {
                let path = format!("channels[{c}].redirects[{r}].to");
                if redirect.to == channel.id {
                    self.error(
                        path,
                        Message::new("validate.redirects_to_itself").code("id", &channel.id),
                    );
                } else {
                    self.check_reference(path, "validate.unknown_channel", &redirect.to, &channels);
                }
            }
        }
        for (p, process) in q.processes.iter().enumerate() {
            for (c, channel) in process.channels.iter().enumerate() {
                self.check_reference(
                    format!("processes[{p}].channels[{c}]"),
                    "validate.unknown_channel",
                    channel,
                    &channels,
                );
            }
        }
        let mut systems: Vec<&str> = q.systems.iter().map(|s| s.id.as_str()).collect();
        systems.push(CRM_SYSTEM);
        for (f, flow) in q.data_exchanges.iter().enumerate() {
            self.check_reference(
                format!("data_exchanges[{f}].source"),
                "validate.unknown_system",
                &flow.source,
                &systems,
            );
            self.check_reference(
                format!("data_exchanges[{f}].target"),
                "validate.unknown_system",
                &flow.target,
                &systems,
            );
            if flow.source == flow.target {
                self.error(
                    format!("data_exchanges[{f}].target"),
                    Message::new("validate.exchanges_with_itself").code("id", &flow.source),
                );
            }
        }
    }

    fn planning(&mut self, q: &Questionnaire) {
        for (i, row) in q.project.planning.iter().enumerate() {
            let path = format!("project.planning[{i}]");
            match (&row.phase, &row.milestone) {
                (Some(_), Some(_)) => {
                    self.error(path, Message::new("validate.phase_and_milestone"))
                        .hints
                        .push(Message::new("validate.phase_and_milestone_hint"));
                }
                (None, None) => {
                    self.error(path, Message::new("validate.planning_row_empty"));
                }
                (Some(_), None) => match (row.start, row.end) {
                    (Some(start), Some(end)) if end < start => {
                        let d = self.error(
                            format!("{path}.end"),
                            Message::new("validate.phase_ends_before")
                                .plain("end", end)
                                .plain("start", start),
                        );
                        d.hints
                            .push(Message::new("validate.phase_ends_before_hint"));
                    }
                    (Some(_), Some(_)) => {
                        if row.date.is_some() {
                            self.error(format!("{path}.date"), Message::new("validate.phase_date"));
                        }
                    }
                    (start, _) => {
                        let missing = if start.is_none() { "start" } else { "end" };
                        self.error(
                            path,
                            Message::new("validate.phase_needs").code("field", missing),
                        );
                    }
                },
                (None, Some(_)) => {
                    if row.date.is_none() {
                        self.error(path.clone(), Message::new("validate.milestone_needs_date"));
                    }
                    if row.start.is_some() || row.end.is_some() {
                        self.error(path, Message::new("validate.milestone_start_end"))
                            .hints
                            .push(Message::new("validate.milestone_start_end_hint"));
                    }
                }
            }
        }
    }

    fn budget(&mut self, q: &Questionnaire) {
        if let Some(budget) = &q.project.budget {
            if budget.max < budget.min {
                self.error(
                    "project.budget.max".into(),
                    Message::new("validate.budget_max_below_min")
                        .plain("max", budget.max)
                        .plain("min", budget.min),
                );
            }
        }
    }

    /// The document prints the totals of sites, head-counts and CRM users: each must be a
    /// number, not a sum that overflows.
    fn totals(&mut self, q: &Questionnaire) {
        let c = &q.company;
        let sums = [
            (
                "company.sites",
                "validate.sum_sites",
                c.sites.iter().map(|s| s.count).collect::<Vec<_>>(),
            ),
            (
                "company.organisation",
                "validate.sum_headcounts",
                c.organisation.iter().map(|d| d.headcount).collect(),
            ),
            (
                "company.organisation",
                "validate.sum_crm_users",
                c.organisation.iter().map(|d| d.crm_users).collect(),
            ),
        ];
        for (path, what, values) in sums {
            if values
                .iter()
                .try_fold(0u64, |t, n| t.checked_add(*n))
                .is_none()
            {
                self.error(path.into(), Message::new(what).plain("max", u64::MAX))
                    .hints
                    .push(Message::new("validate.misplaced_digit"));
            }
        }
    }

    fn tender(&mut self, q: &Questionnaire) {
        let t = &q.tender;
        if let Some(time) = &t.response_time {
            if parse_clock(time).is_none() {
                self.error(
                    "tender.response_time".into(),
                    Message::new("validate.not_an_hour").code("time", time),
                )
                .hints
                .push(Message::new("validate.not_an_hour_hint"));
            }
        }
        if t.offer_validity_days == Some(0) {
            self.error(
                "tender.offer_validity_days".into(),
                Message::new("validate.offer_validity_zero"),
            )
            .hints
            .push(Message::new("validate.offer_validity_zero_hint"));
        }
        if t.demonstrations.is_some() && t.presentations.is_none() {
            let location = self.positions.locate("tender.demonstrations");
            self.error_located(
                "tender.presentations".into(),
                Message::new("validate.demonstrations_without_date"),
                location,
            )
            .hints
            .push(Message::new("validate.demonstrations_without_date_hint"));
        }
        if let Some(demos) = &t.demonstrations {
            if demos.shortlist == Some(0) {
                self.error(
                    "tender.demonstrations.shortlist".into(),
                    Message::new("validate.shortlist_zero"),
                )
                .hints
                .push(Message::new("validate.shortlist_zero_hint"));
            }
            if demos.duration_minutes == Some(0) {
                self.error(
                    "tender.demonstrations.duration_minutes".into(),
                    Message::new("validate.demonstration_zero_minutes"),
                )
                .hints
                .push(Message::new("validate.demonstration_zero_minutes_hint"));
            }
            for (i, scenario) in demos.scenarios.iter().enumerate() {
                if scenario.steps.is_empty() {
                    self.error(
                        format!("tender.demonstrations.scenarios[{i}].steps"),
                        Message::new("validate.scenario_without_steps")
                            .code("title", &scenario.title),
                    )
                    .hints
                    .push(Message::new("validate.scenario_without_steps_hint"));
                }
            }
        }
        let mut dates: Vec<(&str, Date)> = vec![
            ("issue_date", t.issue_date),
            ("questions_deadline", t.questions_deadline),
            ("response_deadline", t.response_deadline),
        ];
        if let Some(p) = t.presentations {
            dates.push(("presentations", p));
        }
        dates.push(("decision", t.decision));
        for pair in dates.windows(2) {
            let ((a, da), (b, db)) = (pair[0], pair[1]);
            if db < da {
                let d = self.error(
                    format!("tender.{b}"),
                    Message::new("validate.date_before")
                        .code("later", b)
                        .plain("later_date", db)
                        .code("earlier", a)
                        .plain("earlier_date", da),
                );
                d.hints.push(Message::new("validate.dates_in_order"));
            }
        }
    }

    /// Weights are percentages: each 0–100, all adding up to 100, and a criterion's
    /// sub-criteria adding up to the criterion (public buyers must disclose sub-weights, so
    /// they must be right). Sums are taken in u64 so no weight can wrap them.
    fn criteria(&mut self, q: &Questionnaire) {
        let criteria = &q.tender.criteria;
        for (i, c) in criteria.iter().enumerate() {
            if c.weight > 100 {
                self.error(
                    format!("tender.criteria[{i}].weight"),
                    Message::new("validate.weight_over_100").plain("weight", c.weight),
                )
                .hints
                .push(Message::new("validate.weight_over_100_hint"));
            }
            let pages = std::iter::once((format!("tender.criteria[{i}].pages"), c.pages)).chain(
                c.sub_criteria.iter().enumerate().map(|(j, s)| {
                    (
                        format!("tender.criteria[{i}].sub_criteria[{j}].pages"),
                        s.pages,
                    )
                }),
            );
            for (path, pages) in pages {
                if let Some(n) = pages.filter(|n| !(1..=MAX_SECTION_PAGES).contains(n)) {
                    self.error(
                        path,
                        Message::new("validate.section_pages")
                            .plain("pages", n)
                            .plain("max", MAX_SECTION_PAGES),
                    )
                    .hints
                    .push(Message::new("validate.section_pages_hint"));
                }
            }
            if c.sub_criteria.is_empty() {
                continue;
            }
            let sum: u64 = c.sub_criteria.iter().map(|s| u64::from(s.weight)).sum();
            if sum != u64::from(c.weight) {
                let listed: Vec<String> = c
                    .sub_criteria
                    .iter()
                    .map(|s| s.weight.to_string())
                    .collect();
                let d = self.error(
                    format!("tender.criteria[{i}].sub_criteria"),
                    Message::new("validate.sub_criteria_sum")
                        .code("name", &c.name)
                        .plain("sum", sum)
                        .plain("weight", c.weight),
                );
                d.hints
                    .push(Message::verbatim(format!("{} = {sum}", listed.join(" + "))));
                d.hints.push(Message::new("validate.sub_criteria_sum_hint"));
            }
        }
        let total: u64 = criteria.iter().map(|c| u64::from(c.weight)).sum();
        if total != 100 {
            let d = self.error(
                "tender.criteria".into(),
                Message::new("validate.criteria_sum").plain("total", total),
            );
            let listed: Vec<String> = criteria.iter().map(|c| c.weight.to_string()).collect();
            d.hints.push(Message::verbatim(format!(
                "{} = {total}",
                listed.join(" + ")
            )));
        }
    }

    fn contract(&mut self, q: &Questionnaire) {
        let Some(contract) = &q.contract else {
            return;
        };
        self.check_unique(
            "validate.what_incident_severity",
            contract.incidents.iter().enumerate().map(|(i, s)| {
                (
                    format!("contract.incidents[{i}].severity"),
                    s.severity.trim(),
                )
            }),
        );
        for (i, step) in contract.acceptance.iter().enumerate() {
            if step.step.trim().is_empty() {
                self.error(
                    format!("contract.acceptance[{i}].step"),
                    Message::new("validate.acceptance_step_unnamed"),
                )
                .hints
                .push(Message::new("validate.acceptance_step_unnamed_hint"));
            }
        }
    }

    fn pricing(&mut self, q: &Questionnaire) {
        let Some(pricing) = &q.pricing else {
            return;
        };
        if !(1..=MAX_PRICING_YEARS).contains(&pricing.years) {
            self.error(
                "pricing.years".into(),
                Message::new("validate.pricing_years")
                    .count("years", u64::from(pricing.years))
                    .plain("max", MAX_PRICING_YEARS),
            )
            .hints
            .push(Message::new("validate.pricing_years_hint"));
        }
        for (i, licence) in pricing.licences.iter().enumerate() {
            if licence.users == 0 {
                self.error(
                    format!("pricing.licences[{i}].users"),
                    Message::new("validate.profile_without_users")
                        .code("profile", &licence.profile),
                )
                .hints
                .push(Message::new("validate.profile_without_users_hint"));
            }
        }
    }

    fn flows(&mut self, q: &Questionnaire) {
        for (f, flow) in q.data_exchanges.iter().enumerate() {
            if flow.personal_data && flow.legal_basis.is_none() {
                let location = self
                    .positions
                    .locate(&format!("data_exchanges[{f}].personal_data"));
                let d = self.error_located(
                    format!("data_exchanges[{f}].legal_basis"),
                    Message::new("validate.personal_data_without_basis").code("id", &flow.id),
                    location,
                );
                d.hints
                    .push(Message::new("validate.legal_basis_hint").codes(
                        "bases",
                        [
                            "consent",
                            "contract",
                            "legal_obligation",
                            "vital_interest",
                            "public_task",
                            "legitimate_interest",
                        ],
                    ));
            }
        }
    }

    /// Codes in `advice.allow` must name advisor rules: a typo would silence nothing.
    fn advice_settings(&mut self, q: &Questionnaire) {
        let codes: Vec<&str> = crate::advice::RULES.iter().map(|r| r.code).collect();
        for (i, code) in q.advice.iter().flat_map(|a| a.allow.iter()).enumerate() {
            if crate::advice::rule(code).is_none() {
                let suggestion = suggest(code, codes.iter().copied());
                let d = self.error(
                    format!("advice.allow[{i}]"),
                    Message::new("validate.not_a_rule").code("code", code),
                );
                if let Some(s) = suggestion {
                    d.hints.push(did_you_mean(s));
                }
                d.hints.push(Message::new("validate.not_a_rule_hint"));
            }
        }
    }

    fn logo(&mut self, q: &Questionnaire, file: Option<LogoFile>) -> Option<Asset> {
        let name = q.document.logo.as_ref()?;
        let LogoFile { path, bytes } = file?;
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(e) => {
                self.error(
                    "document.logo".into(),
                    Message::new("validate.logo_unreadable")
                        .code("path", path.display().to_string())
                        .message("reason", crate::error::io(&e)),
                )
                .hints
                .push(Message::new("validate.logo_unreadable_hint"));
                return None;
            }
        };
        let extension = match image_kind(&bytes) {
            Some(ext) => ext,
            None => {
                self.error(
                    "document.logo".into(),
                    Message::new("validate.logo_not_image").code("name", name),
                )
                .hints
                .push(Message::new("validate.logo_not_image_hint"));
                return None;
            }
        };
        let (width, height) = crate::media::dimensions(&bytes).unwrap_or((0, 0));
        if width > MAX_LOGO_SIDE
            || height > MAX_LOGO_SIDE
            || width.saturating_mul(height) > MAX_LOGO_PIXELS
        {
            self.error(
                "document.logo".into(),
                Message::new("validate.logo_too_large")
                    .code("name", name)
                    .plain("width", width)
                    .plain("height", height)
                    .plain("side", MAX_LOGO_SIDE)
                    .plain("megapixels", MAX_LOGO_PIXELS / 1_000_000),
            )
            .hints
            .push(Message::new("validate.logo_too_large_hint"));
            return None;
        }
        Some(Asset {
            path: format!("assets/logo.{extension}"),
            bytes,
        })
    }
}

/// A logo's largest side, read from its header before anything decodes it: a header may
/// claim 2147483647 × 2147483647 pixels in 69 bytes, and decoding that exhausts memory.
pub const MAX_LOGO_SIDE: usize = 10_000;
/// A logo's largest area (40 megapixels, 160 MB once decoded).
pub const MAX_LOGO_PIXELS: usize = 40_000_000;

/// Recognises an image by its signature, not its file name.
pub fn image_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else {
        None
    }
}

/// The longest period a total cost of ownership is compared over: past ten years, prices and
/// products are guesses.
pub const MAX_PRICING_YEARS: u32 = 10;

/// The most pages a technical proposal may be asked to spend on one criterion: a limit keeps
/// proposals comparable, and beyond a few hundred pages it is a slip.
pub const MAX_SECTION_PAGES: u32 = 500;

/// `HH:MM` on a 24-hour clock, as (hours, minutes).
pub fn parse_clock(text: &str) -> Option<(u32, u32)> {
    let (h, m) = text.split_once(':')?;
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (h, m) = (digits(h, 1..=2)?, digits(m, 2..=2)?);
    (h < 24 && m < 60).then_some((h, m))
}

/// The IDs written in the questionnaire for requirements, quality requirements and
/// processes: one namespace, since the grid and the index list them side by side.
fn explicit_requirement_ids(q: &Questionnaire) -> HashSet<String> {
    q.requirements
        .iter()
        .flat_map(|m| m.items.iter().filter_map(|r| r.id.clone()))
        .chain(q.quality.iter().filter_map(|r| r.id.clone()))
        .chain(q.processes.iter().filter_map(|p| p.id.clone()))
        .collect()
}

/// Gives every item without an ID one made of `prefix` and its position (`QUA-03` for the
/// third), skipping IDs written anywhere in the namespace (`taken`), so that re-rendering the
/// same file gives the same IDs and explicit ones are never changed or clashed with.
fn assign_ids<T>(
    items: &mut [T],
    prefix: &str,
    taken: &HashSet<String>,
    id: impl Fn(&mut T) -> &mut Option<String>,
) {
    for (i, item) in items.iter_mut().enumerate() {
        let slot = id(item);
        if slot.is_none() {
            let mut n = i + 1;
            while taken.contains(&format!("{prefix}-{n:02}")) {
                n += 100;
            }
            *slot = Some(format!("{prefix}-{n:02}"));
        }
    }
}

fn assign_objective_ids(q: &mut Questionnaire) {
    let taken: HashSet<String> = q
        .project
        .objectives
        .iter()
        .filter_map(|o| o.id.clone())
        .collect();
    let mut next = 1;
    for objective in q.project.objectives.iter_mut().filter(|o| o.id.is_none()) {
        while taken.contains(&format!("OBJ-{next}")) {
            next += 1;
        }
        objective.id = Some(format!("OBJ-{next}"));
        next += 1;
    }
}

/// Gives every requirement without an ID one made of its module's prefix and its position
/// (`CLI-02` for the second item of "Gestion des clients"). Position-based numbers are stable
/// across re-renders of the same file; explicit IDs are never changed and never reused.
/// Returns each module's prefix.
fn assign_requirement_ids(q: &mut Questionnaire) -> Vec<String> {
    let taken: HashSet<String> = q
        .requirements
        .iter()
        .flat_map(|m| m.items.iter().filter_map(|r| r.id.clone()))
        .collect();
    let mut used_prefixes: HashSet<String> = HashSet::new();
    let mut prefixes = Vec::new();
    for module in &mut q.requirements {
        let explicit = module.prefix.clone().or_else(|| {
            module
                .items
                .iter()
                .filter_map(|r| r.id.as_deref())
                .find_map(|id| id.rsplit_once('-').map(|(p, _)| p.to_string()))
                .or_else(|| {
                    // A module made only of catalogue entries shows their prefix.
                    let first = module.catalogue.first()?;
                    (module.items.is_empty())
                        .then(|| first.id.split('-').next().map(str::to_string))
                        .flatten()
                })
        });
        let prefix = explicit.unwrap_or_else(|| derive_prefix(&module.module, &used_prefixes));
        used_prefixes.insert(prefix.clone());
        for (i, requirement) in module.items.iter_mut().enumerate() {
            if requirement.id.is_none() {
                let mut n = i + 1;
                while taken.contains(&format!("{prefix}-{n:02}")) {
                    n += 100;
                }
                requirement.id = Some(format!("{prefix}-{n:02}"));
            }
        }
        prefixes.push(prefix);
    }
    prefixes
}

/// Turns each module's catalogue references into requirements in the document's language,
/// after the module's own items, with the priority translated into the questionnaire's scheme
/// (or the override). Runs after validation, so every reference resolves.
fn expand_catalogue(q: &mut Questionnaire, scheme: PriorityScheme) {
    let catalogue = catalogue::builtin();
    let lang = q.document.language;
    for module in &mut q.requirements {
        for reference in std::mem::take(&mut module.catalogue) {
            for (_, entry) in catalogue.resolve(&reference.id).unwrap_or_default() {
                let priority = reference
                    .priority
                    .or_else(|| entry.priority.in_scheme(scheme))
                    .unwrap_or(entry.priority);
                module.items.push(Requirement {
                    id: Some(entry.id.clone()),
                    title: entry.title.get(lang).to_string(),
                    description: entry.description.get(lang).to_string(),
                    priority,
                    acceptance: entry.acceptance.as_ref().map(|a| a.get(lang).to_string()),
                });
            }
        }
    }
}

/// Three capital letters from the first meaningful word of a module name ("Gestion des
/// clients" → `CLI`), another word or a digit when that prefix is taken.
fn derive_prefix(module: &str, used: &HashSet<String>) -> String {
    const GENERIC: &[&str] = &[
        "gestion",
        "des",
        "de",
        "du",
        "la",
        "le",
        "les",
        "et",
        "d",
        "l",
        "management",
        "of",
        "the",
        "and",
        "module",
        "a",
    ];
    let words: Vec<String> = module
        .split(|c: char| !c.is_alphanumeric())
        .map(fold_ascii)
        .filter(|w| !w.is_empty())
        .collect();
    let meaningful = words
        .iter()
        .filter(|w| !GENERIC.contains(&w.to_lowercase().as_str()));
    let candidates = meaningful.chain(words.iter());
    let mut first = None;
    for word in candidates {
        let prefix: String = word.chars().take(3).collect::<String>().to_uppercase();
        if prefix.is_empty() {
            continue;
        }
        first.get_or_insert_with(|| prefix.clone());
        if !used.contains(&prefix) {
            return prefix;
        }
    }
    let base = first.unwrap_or_else(|| "REQ".to_string());
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|p| !used.contains(p))
        .unwrap_or(base)
}

/// Drops accents so that prefixes are plain ASCII ("Mobilité" → "Mobilite").
fn fold_ascii(word: &str) -> String {
    crate::lang::accents::strip(word)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_prefixes_from_meaningful_words() {
        let mut used = HashSet::new();
        assert_eq!(derive_prefix("Gestion des clients", &used), "CLI");
        assert_eq!(derive_prefix("Mobilité", &used), "MOB");
        used.insert("SER".to_string());
        assert_eq!(derive_prefix("Service après-vente", &used), "APR");
        used.insert("MAR".to_string());
        assert_eq!(derive_prefix("Marketing", &used), "MAR2");
    }

    #[test]
    fn recognises_images_by_signature() {
        assert_eq!(image_kind(b"\x89PNG\r\n\x1a\nrest"), Some("png"));
        assert_eq!(image_kind(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("jpg"));
        assert_eq!(image_kind(b"GIF89a"), None);
    }

    /// The logo is judged from the bytes the caller passes, never read here: whatever the
    /// path says, only the bytes and the read error count, with the path in the message.
    #[test]
    fn judges_the_logo_bytes_it_is_given() {
        let text = include_str!("../specs/velo-horizon.yaml");
        let check = |bytes| {
            let loaded = crate::load::load(text).expect("the example loads");
            let path = PathBuf::from("elsewhere/logo.png");
            validate(loaded, Some(LogoFile { path, bytes }))
        };
        let messages = |result: Result<Spec, Vec<Diagnostic>>| -> Vec<String> {
            result
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|d| d.message.terminal(crate::lang::Language::En))
                .collect()
        };
        let png = b"\x89PNG\r\n\x1a\nrest".to_vec();
        let spec = check(Ok(png.clone())).expect("a PNG logo is accepted");
        let logo = spec.logo.expect("the logo is kept");
        assert_eq!((logo.path.as_str(), logo.bytes), ("assets/logo.png", png));
        assert_eq!(
            messages(check(Ok(b"GIF89a".to_vec()))),
            ["`velo-horizon-logo.png` is not a PNG or JPEG image"]
        );
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(
            messages(check(Err(missing))),
            ["cannot read the logo `elsewhere/logo.png`: no such file or folder"]
        );
    }
}
