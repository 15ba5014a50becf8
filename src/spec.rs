//! The validated, resolved questionnaire: exactly the data the templates see. Validation's
//! output, built whole by one constructor, [`Spec::new`], so no later step patches it.
//!
//! Everything a template would otherwise have to compute (requirement IDs, totals, names of
//! referenced channels and systems, per-role channel lists) is computed once here, so templates
//! only place values.

use crate::model::{
    Basis, Channel, Colour, Coverage, Criterion, DataExchange, Date, Language, Module, Petal,
    Priority, PriorityScheme, Process, Questionnaire, Requirement, Scoring, SubCriterion, Via,
};
use crate::positions::Positions;
use serde::Serialize;
use std::collections::HashMap;

/// Above this many requirements, the annex index is worth its pages even when they all sit in
/// chapter 6: a reader looking for one ID no longer finds it by scanning the module tables.
pub const INDEX_THRESHOLD: usize = 30;

/// The system id that designates the CRM being procured in data exchanges.
pub const CRM_SYSTEM: &str = "crm";

#[derive(Debug, Clone, Serialize)]
pub struct Spec {
    /// The questionnaire with every optional ID assigned.
    pub q: Questionnaire,
    pub lang: Language,
    /// The logo as the Markdown refers to it, with its bytes for the other outputs.
    pub logo: Option<Asset>,
    pub planning: Vec<PlanningView>,
    pub roles: Vec<RoleView>,
    pub channels: Vec<ChannelView>,
    /// The existing systems, each kind in words.
    pub systems: Vec<SystemView>,
    pub flows: Vec<FlowView>,
    /// The business processes with the names and role colours of their channels.
    pub processes: Vec<ProcessView>,
    /// The first requirement's ID, which the reading guide gives as an example.
    pub example_id: Option<String>,
    /// The hour offers are due, as the language writes it (`12 h 00`, `12:00`).
    pub response_time: Option<String>,
    /// Users to license over all profiles of the pricing schedule.
    pub licensed_users: u64,
    /// Some criterion splits into sub-criteria, whose weights the document publishes.
    pub sub_criteria_disclosed: bool,
    /// The annex lists every requirement again only when that adds something: when they are
    /// spread over two chapters (functional and quality), or too many to scan in chapter 6.
    pub index_shown: bool,
    /// The procedure forbids negotiating offers, so presentations may only clarify them.
    pub hearings_only: bool,
    /// The language tenders are written in: the document's, as running text names it.
    pub tender_language: String,
    pub petals: Vec<PetalView>,
    pub requirements: RequirementSummary,
    /// The questionnaire's priority scheme and its legend, most necessary first.
    pub priority_scheme: PriorityScheme,
    pub priorities: Vec<PriorityView>,
    /// The tender criteria with how each is scored.
    pub criteria: Vec<CriterionView>,
    /// How response grids are scored: published in the document and the grid, applied by
    /// `crmspec score`.
    pub scoring: ScoringView,
    pub organisation_totals: OrganisationTotals,
    pub site_total: u64,
    pub criteria_total: u32,
    /// Personal data flows, for the GDPR section's summary.
    pub personal_flow_ids: Vec<String>,
    /// The quality requirements as one more module of requirements, under the quality
    /// chapter's name: vendors answer and are scored on them like the functional ones.
    #[serde(skip)]
    pub quality_module: Option<Module>,
    /// Every text value of the questionnaire with its field path and position, for checks
    /// on what the user typed (e.g. characters no embedded font has).
    #[serde(skip)]
    pub texts: Vec<TextField>,
    /// Where each field is written, so later stages (the advisor) can point at lines.
    #[serde(skip)]
    pub positions: Positions,
}

impl Spec {
    /// The whole spec, from the validated questionnaire (optional IDs assigned, catalogue
    /// requirements pulled in) and what validation settled: the priority scheme, each
    /// module's ID prefix, the logo; with where each field is written and the text values
    /// the loader collected, so later stages can point at lines.
    pub fn new(
        q: Questionnaire,
        scheme: PriorityScheme,
        prefixes: Vec<String>,
        logo: Option<Asset>,
        positions: Positions,
        texts: Vec<(String, String)>,
    ) -> Spec {
        let roles_by_id: HashMap<&str, &crate::model::ChannelRole> =
            q.channel_roles.iter().map(|r| (r.id.as_str(), r)).collect();
        let channel_names: HashMap<&str, &str> = q
            .channels
            .iter()
            .map(|c| (c.id.as_str(), c.name.as_str()))
            .collect();
        let crm_name = crate::lang::words::text("crm_system", q.document.language).unwrap_or("CRM");
        let system_names: HashMap<&str, &str> = q
            .systems
            .iter()
            .map(|s| (s.id.as_str(), s.name.as_str()))
            .chain([(CRM_SYSTEM, crm_name)])
            .collect();
        let name_of = |map: &HashMap<&str, &str>, id: &str| -> String {
            map.get(id)
                .map_or_else(|| id.to_string(), |n| n.to_string())
        };
        let roles = q
            .channel_roles
            .iter()
            .map(|r| RoleView {
                id: r.id.clone(),
                name: r.name.clone(),
                colour: r.colour,
                hex: r.colour.hex(),
                description: r.description.clone(),
                channels: q
                    .channels
                    .iter()
                    .filter(|c| c.roles.contains(&r.id))
                    .map(|c| c.name.clone())
                    .collect(),
            })
            .collect();
        let channels: Vec<ChannelView> =
            q.channels
                .iter()
                .map(|c| ChannelView {
                    kind_label: channel_kind_label(c, q.document.language),
                    channel: c.clone(),
                    role_views: c
                        .roles
                        .iter()
                        .filter_map(|r| roles_by_id.get(r.as_str()))
                        .map(|r| RoleRef {
                            name: r.name.clone(),
                            hex: r.colour.hex(),
                        })
                        .collect(),
                    redirects: c
                        .redirects
                        .iter()
                        .map(|r| RedirectView {
                            to: r.to.clone(),
                            to_name: name_of(&channel_names, &r.to),
                            via: r.via,
                            note_names_means: r.note.as_deref().is_some_and(|note| {
                                note_names_means(note, r.via, q.document.language)
                            }),
                            note: r.note.clone(),
                        })
                        .collect(),
                })
                .collect();
        let systems = q
            .systems
            .iter()
            .map(|s| SystemView {
                system: s.clone(),
                kind_label: s.known_kind().map_or_else(
                    || s.kind.clone(),
                    |k| {
                        crate::lang::words::text_or_key(
                            &format!("system_kind.{k}"),
                            q.document.language,
                        )
                    },
                ),
            })
            .collect();
        let flows = q
            .data_exchanges
            .iter()
            .map(|f| FlowView {
                flow: f.clone(),
                source_name: name_of(&system_names, &f.source),
                target_name: name_of(&system_names, &f.target),
            })
            .collect();
        let petals = q
            .fleur
            .petals()
            .into_iter()
            .zip(["F", "L", "É", "U", "R"])
            .map(|((key, petal), letter)| PetalView {
                key,
                letter,
                petal: petal.clone(),
            })
            .collect();
        let levels = scheme.levels().len();
        let mut total = PriorityCount::new(levels);
        let modules = q
            .requirements
            .iter()
            .zip(prefixes)
            .map(|(m, prefix)| {
                let mut counts = PriorityCount::new(levels);
                for r in &m.items {
                    counts.add(r.priority);
                    total.add(r.priority);
                }
                ModuleCount {
                    module: m.module.clone(),
                    prefix,
                    counts,
                }
            })
            .collect();
        let organisation_totals =
            q.company
                .organisation
                .iter()
                .fold(OrganisationTotals::default(), |mut t, d| {
                    // `Validator::totals` refuses sums beyond u64: saturating cannot change them.
                    t.headcount = t.headcount.saturating_add(d.headcount);
                    t.crm_users = t.crm_users.saturating_add(d.crm_users);
                    t
                });
        let personal_flow_ids = q
            .data_exchanges
            .iter()
            .filter(|f| f.personal_data)
            .map(|f| f.id.clone())
            .collect();
        let planning = q
            .project
            .planning
            .iter()
            .filter_map(planning_view)
            .collect();
        let criteria = criterion_views(&q.tender.criteria);
        let processes = q
            .processes
            .iter()
            .map(|p| ProcessView {
                process: p.clone(),
                channel_views: p
                    .channels
                    .iter()
                    .map(|id| ProcessChannel {
                        name: name_of(&channel_names, id),
                        // The channel's roles as the channel table shows them.
                        roles: channels
                            .iter()
                            .find(|c| c.channel.id == *id)
                            .map(|c| c.role_views.clone())
                            .unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect();
        let response_time = q
            .tender
            .response_time
            .as_deref()
            .and_then(crate::validate::parse_clock)
            .map(|(h, m)| crate::lang::format::clock(h, m, q.document.language));
        let licensed_users = q
            .pricing
            .iter()
            .flat_map(|p| &p.licences)
            .map(|l| u64::from(l.users))
            .sum();
        let quality_module = (!q.quality.is_empty()).then(|| Module {
            module: crate::lang::words::text_or_key("quality", q.document.language),
            prefix: None,
            catalogue: Vec::new(),
            items: q
                .quality
                .iter()
                .map(|r| Requirement {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    description: r.description.clone(),
                    priority: r.priority,
                    acceptance: r.acceptance.clone(),
                })
                .collect(),
        });
        let example_id = q
            .requirements
            .iter()
            .flat_map(|m| m.items.iter().map(|r| &r.id))
            .chain(q.quality.iter().map(|r| &r.id))
            .find_map(Clone::clone);
        let answered: usize =
            q.requirements.iter().map(|m| m.items.len()).sum::<usize>() + q.quality.len();
        Spec {
            index_shown: !q.quality.is_empty() || answered > INDEX_THRESHOLD,
            quality_module,
            sub_criteria_disclosed: criteria.iter().any(|c| !c.sub_criteria.is_empty()),
            hearings_only: q.tender.procedure.is_some_and(|p| p.forbids_negotiation()),
            tender_language: crate::lang::words::language_name(
                q.document.language.code(),
                q.document.language,
            ),
            processes,
            example_id,
            response_time,
            licensed_users,
            lang: q.document.language,
            planning,
            logo,
            roles,
            channels,
            systems,
            flows,
            petals,
            requirements: RequirementSummary { modules, total },
            priorities: priority_views(scheme, q.document.language),
            priority_scheme: scheme,
            scoring: ScoringView::new(
                q.tender.scoring.as_ref(),
                &criteria,
                scheme,
                q.document.language,
            ),
            criteria,
            organisation_totals,
            site_total: q
                .company
                .sites
                .iter()
                .fold(0, |n, s| n.saturating_add(s.count)),
            criteria_total: q.tender.criteria.iter().map(|c| c.weight).sum(),
            personal_flow_ids,
            texts: texts
                .into_iter()
                .map(|(path, text)| TextField {
                    location: positions.locate(&path),
                    path,
                    text,
                })
                .collect(),
            positions,
            q,
        }
    }
}

impl Spec {
    /// Every module of requirements vendors answer in the grid, in document order: the
    /// functional modules, then the quality requirements.
    pub fn answered_modules(&self) -> impl Iterator<Item = &Module> + '_ {
        self.q.requirements.iter().chain(&self.quality_module)
    }
}

#[derive(Debug, Clone)]
pub struct TextField {
    pub path: String,
    pub text: String,
    pub location: Option<crate::diagnostic::Location>,
}

/// A file the document refers to, written beside the Markdown.
#[derive(Debug, Clone, Serialize)]
pub struct Asset {
    /// Path relative to the Markdown file, as written in the image link.
    pub path: String,
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleView {
    pub id: String,
    pub name: String,
    pub colour: Colour,
    pub hex: &'static str,
    pub description: Option<String>,
    /// Names of the channels that play this role, in questionnaire order.
    pub channels: Vec<String>,
}

/// A channel's kind in words, when it tells the reader something its name does not: none
/// for a channel of no particular kind (`other`) or one named after its kind (`SMS`, `Chat`,
/// `Magasins` for a store).
fn channel_kind_label(channel: &Channel, lang: Language) -> Option<String> {
    let key = serde_json::to_value(channel.kind).ok()?;
    let label = crate::lang::words::text(&format!("kind.{}", key.as_str()?), lang)?;
    let (label_folded, name) = (
        crate::lang::accents::fold(label),
        crate::lang::accents::fold(&channel.name),
    );
    let named_after_it = name.starts_with(&label_folded) || label_folded.starts_with(&name);
    (channel.kind != crate::model::ChannelKind::Other && !named_after_it).then(|| label.to_string())
}

/// Whether a redirect's note already names its means (`QR code sur chaque étiquette`): the
/// table then shows the note alone rather than `(QR code : QR code sur…)`.
fn note_names_means(note: &str, via: crate::model::Via, lang: Language) -> bool {
    serde_json::to_value(via)
        .ok()
        .and_then(|key| crate::lang::words::text(&format!("via.{}", key.as_str()?), lang))
        .is_some_and(|label| {
            crate::lang::accents::fold(note).contains(&crate::lang::accents::fold(label))
        })
}

#[derive(Debug, Clone, Serialize)]
pub struct ChannelView {
    #[serde(flatten)]
    pub channel: Channel,
    /// The channel's kind as the channel table shows it under its name, if it says anything.
    pub kind_label: Option<String>,
    /// The channel's roles with their colours, in the order the channel lists them.
    pub role_views: Vec<RoleRef>,
    pub redirects: Vec<RedirectView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleRef {
    pub name: String,
    pub hex: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct RedirectView {
    pub to: String,
    pub to_name: String,
    pub via: Via,
    pub note: Option<String>,
    /// The note already names the means (see `note_names_means`).
    pub note_names_means: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProcessView {
    #[serde(flatten)]
    pub process: Process,
    /// The channels it goes through, by name, with their roles' colours.
    pub channel_views: Vec<ProcessChannel>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProcessChannel {
    pub name: String,
    pub roles: Vec<RoleRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SystemView {
    #[serde(flatten)]
    pub system: crate::model::System,
    /// Its kind as the document shows it: a usual kind by its name in the document's
    /// language, any other as typed.
    pub kind_label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FlowView {
    #[serde(flatten)]
    pub flow: DataExchange,
    pub source_name: String,
    pub target_name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PetalView {
    /// `fidelite`, `langage_commun`…: the key of the petal's name in the translations.
    pub key: &'static str,
    pub letter: &'static str,
    #[serde(flatten)]
    pub petal: Petal,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequirementSummary {
    pub modules: Vec<ModuleCount>,
    pub total: PriorityCount,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModuleCount {
    pub module: String,
    pub prefix: String,
    pub counts: PriorityCount,
}

/// Requirements per priority level (most necessary first), in the questionnaire's scheme.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PriorityCount {
    pub levels: Vec<usize>,
    pub total: usize,
}

impl PriorityCount {
    pub fn new(levels: usize) -> Self {
        PriorityCount {
            levels: vec![0; levels],
            total: 0,
        }
    }

    pub fn add(&mut self, priority: Priority) {
        if let Some(n) = self.levels.get_mut(priority.level()) {
            *n += 1;
        }
        self.total += 1;
    }

    /// Requirements of the most necessary level (must, P).
    pub fn essential(&self) -> usize {
        self.levels.first().copied().unwrap_or(0)
    }
}

/// One line of the priority legend.
#[derive(Debug, Clone, Serialize)]
pub struct PriorityView {
    /// `must`, `indispensable`…: as written in the questionnaire.
    pub key: &'static str,
    /// As shown in tables: `Indispensable`, `Must`, or `P`.
    pub short: String,
    /// As shown in the legend: `P — Indispensable`.
    pub label: String,
    pub meaning: String,
}

pub fn priority_views(scheme: PriorityScheme, lang: Language) -> Vec<PriorityView> {
    let text = |key: String| {
        crate::lang::words::text(&key, lang)
            .unwrap_or_default()
            .to_string()
    };
    scheme
        .levels()
        .iter()
        .map(|p| PriorityView {
            key: p.key(),
            short: text(format!("priority.{}", p.key())),
            label: text(format!("priority_label.{}", p.key())),
            meaning: text(format!("priority_meaning.{}", p.key())),
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoringView {
    /// A criterion is scored from the grids, so the document explains how.
    pub published: bool,
    pub coverage: Vec<CoverageView>,
    /// Points per requirement, most necessary priority first.
    pub priorities: Vec<PriorityPoints>,
    /// What the evaluation panel's marks are out of.
    pub marks_out_of: u32,
    /// Some criterion is marked by the panel, so the document gives the marking guide.
    pub marked: bool,
    /// The marking guide's steps between 0 and `marks_out_of`: its quarter, half and three
    /// quarters, as the language writes numbers (`5`, `2,5`).
    pub mark_steps: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoverageView {
    pub coverage: Coverage,
    /// `ST`, `SP`, `DS`, `NC` (French) or `ST`, `CF`, `CD`, `NC` (English).
    pub code: String,
    pub label: String,
    pub meaning: String,
    /// Share of the requirement's points earned, 0–100.
    pub percent: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct PriorityPoints {
    pub priority: Priority,
    pub label: String,
    pub points: u32,
}

/// The panel's marks are out of 20 unless the questionnaire says otherwise, as in French
/// schools and tenders.
pub const DEFAULT_MARKS_OUT_OF: u32 = 20;

impl ScoringView {
    pub fn new(
        scoring: Option<&Scoring>,
        criteria: &[CriterionView],
        scheme: PriorityScheme,
        lang: Language,
    ) -> Self {
        let text = |key: String| {
            crate::lang::words::text(&key, lang)
                .unwrap_or_default()
                .to_string()
        };
        let weights = scoring.and_then(|s| s.coverage).unwrap_or_default();
        let points = scoring.and_then(|s| s.priority.as_ref());
        let top = scoring
            .and_then(|s| s.marks_out_of)
            .unwrap_or(DEFAULT_MARKS_OUT_OF);
        ScoringView {
            published: criteria.iter().any(|c| c.basis == Basis::Coverage),
            coverage: Coverage::ALL
                .iter()
                .map(|&c| CoverageView {
                    coverage: c,
                    code: text(format!("coverage_code.{}", c.key())),
                    label: text(format!("coverage.{}", c.key())),
                    meaning: text(format!("coverage_meaning.{}", c.key())),
                    percent: weights.get(c),
                })
                .collect(),
            priorities: scheme
                .levels()
                .iter()
                .map(|&p| PriorityPoints {
                    priority: p,
                    label: text(format!("priority_label.{}", p.key())),
                    points: points
                        .and_then(|m| m.get(&p).copied())
                        .unwrap_or_else(|| p.default_points()),
                })
                .collect(),
            marked: criteria.iter().any(|c| c.basis == Basis::Marks),
            mark_steps: (1..=3u32)
                .map(|k| {
                    let step = f64::from(top) * f64::from(k) / 4.0;
                    if step.fract() == 0.0 {
                        crate::lang::format::decimal(step, 0, lang)
                    } else {
                        // A quarter has at most two decimals: 2,5 or 2,25.
                        let text = crate::lang::format::decimal(step, 2, lang);
                        text.trim_end_matches('0').to_string()
                    }
                })
                .collect(),
            marks_out_of: top,
        }
    }

    pub fn percent(&self, coverage: Coverage) -> u32 {
        self.coverage
            .iter()
            .find(|c| c.coverage == coverage)
            .map_or(0, |c| c.percent)
    }

    pub fn points(&self, priority: Priority) -> u32 {
        self.priorities
            .iter()
            .find(|p| p.priority == priority)
            .map_or(0, |p| p.points)
    }
}

/// A tender criterion with the basis `crmspec score` marks it on.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionView {
    pub name: String,
    pub weight: u32,
    pub basis: Basis,
    pub sub_criteria: Vec<SubCriterion>,
    /// What the technical proposal must show for it, and the pages it may take.
    pub expected: Option<String>,
    pub pages: Option<u32>,
}

/// Each criterion's basis: as declared, else guessed from its name; a guess never gives a
/// second criterion the coverage or price basis (it is marked instead).
pub fn criterion_views(criteria: &[Criterion]) -> Vec<CriterionView> {
    let declared = |b: Basis| criteria.iter().any(|c| c.basis == Some(b));
    let mut taken: Vec<Basis> = [Basis::Coverage, Basis::Price]
        .into_iter()
        .filter(|b| declared(*b))
        .collect();
    criteria
        .iter()
        .map(|c| {
            let basis = c.basis.unwrap_or_else(|| {
                let guess = Basis::guess(&c.name);
                if guess == Basis::Marks || taken.contains(&guess) {
                    Basis::Marks
                } else {
                    taken.push(guess);
                    guess
                }
            });
            CriterionView {
                name: c.name.clone(),
                weight: c.weight,
                basis,
                sub_criteria: c.sub_criteria.clone(),
                expected: c.expected.clone(),
                pages: c.pages,
            }
        })
        .collect()
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct OrganisationTotals {
    pub headcount: u64,
    pub crm_users: u64,
}

/// A planning row with its dates resolved: a milestone starts and ends on its date.
#[derive(Debug, Clone, Serialize)]
pub struct PlanningView {
    pub label: String,
    /// `phase` or `milestone`.
    pub kind: &'static str,
    pub milestone: bool,
    pub start: Date,
    pub end: Date,
    /// Rounded length of a phase in weeks (at least 1); none for a milestone.
    pub weeks: Option<i64>,
}

/// Validation guarantees each row is a complete phase or milestone; others are skipped.
fn planning_view(row: &crate::model::PlanningRow) -> Option<PlanningView> {
    if let (Some(label), Some(start), Some(end)) = (&row.phase, row.start, row.end) {
        let days = end.days_since_epoch() - start.days_since_epoch() + 1;
        return Some(PlanningView {
            label: label.clone(),
            kind: "phase",
            milestone: false,
            start,
            end,
            weeks: Some(((days + 3) / 7).max(1)),
        });
    }
    let (label, date) = (row.milestone.as_ref()?, row.date?);
    Some(PlanningView {
        label: label.clone(),
        kind: "milestone",
        milestone: true,
        start: date,
        end: date,
        weeks: None,
    })
}
