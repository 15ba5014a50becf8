//! Every rule of the advisor, one function each. Codes are stable: a retired rule's code is
//! never given to another. Prefixes: CH channels, FL F.L.E.U.R., OB objectives, RQ
//! requirements (functional and quality), GD data and GDPR, TD tender (consultation rules and
//! criteria), CT contract (service levels, exit), MO mobile, KN key notions, PR project.

use super::{text, Finding, Rule};
use crate::diagnostic::Severity::{Info, Warning};
use crate::lang::accents::fold;
use crate::lang::messages::{Arg, Message};
use crate::model::{Basis, Colour, CustomerType, Hosting, Notion, Procedure, QualityArea};
use crate::spec::Spec;
use std::collections::{HashMap, HashSet};

pub static RULES: &[Rule] = &[
    Rule {
        code: "CH001",
        severity: Warning,
        check: role_without_channel,
    },
    Rule {
        code: "CH002",
        severity: Warning,
        check: channel_without_role,
    },
    Rule {
        code: "CH003",
        severity: Warning,
        check: no_after_sales,
    },
    Rule {
        code: "CH004",
        severity: Warning,
        check: selling_dead_end,
    },
    Rule {
        code: "CH005",
        severity: Warning,
        check: cycle_without_human,
    },
    Rule {
        code: "CH006",
        severity: Info,
        check: channel_without_tasks,
    },
    Rule {
        code: "CH007",
        severity: Warning,
        check: duplicate_function,
    },
    Rule {
        code: "FL001",
        severity: Warning,
        check: petal_without_actors,
    },
    Rule {
        code: "FL002",
        severity: Warning,
        check: petal_one_way,
    },
    Rule {
        code: "FL003",
        severity: Warning,
        check: unicity_without_identifier,
    },
    Rule {
        code: "FL004",
        severity: Warning,
        check: profitability_not_measured,
    },
    Rule {
        code: "OB001",
        severity: Warning,
        check: objective_not_smart,
    },
    Rule {
        code: "OB002",
        severity: Warning,
        check: objective_out_of_planning,
    },
    Rule {
        code: "RQ001",
        severity: Warning,
        check: too_many_musts,
    },
    Rule {
        code: "RQ002",
        severity: Warning,
        check: must_without_acceptance,
    },
    Rule {
        code: "RQ003",
        severity: Warning,
        check: empty_module,
    },
    Rule {
        code: "RQ004",
        severity: Warning,
        check: duplicate_titles,
    },
    Rule {
        code: "RQ005",
        severity: Warning,
        check: public_without_accessibility,
    },
    Rule {
        code: "GD001",
        severity: Warning,
        check: personal_data_without_retention,
    },
    Rule {
        code: "GD002",
        severity: Warning,
        check: channel_without_consent,
    },
    Rule {
        code: "GD003",
        severity: Warning,
        check: transfer_without_safeguard,
    },
    Rule {
        code: "GD004",
        severity: Warning,
        check: no_reversibility,
    },
    Rule {
        code: "GD005",
        severity: Warning,
        check: personal_data_without_processor,
    },
    Rule {
        code: "GD006",
        severity: Warning,
        check: migration_beyond_retention,
    },
    Rule {
        code: "TD001",
        severity: Warning,
        check: short_response_time,
    },
    Rule {
        code: "TD002",
        severity: Warning,
        check: no_price_criterion,
    },
    Rule {
        code: "TD003",
        severity: Warning,
        check: dominant_criterion,
    },
    Rule {
        code: "TD004",
        severity: Warning,
        check: public_without_submission,
    },
    Rule {
        code: "TD005",
        severity: Info,
        check: demonstrations_without_negotiation,
    },
    Rule {
        code: "TD006",
        severity: Warning,
        check: heavy_criterion_without_sub_criteria,
    },
    Rule {
        code: "CT001",
        severity: Warning,
        check: saas_without_service_levels,
    },
    Rule {
        code: "CT002",
        severity: Warning,
        check: contract_without_exit_plan,
    },
    Rule {
        code: "MO001",
        severity: Warning,
        check: b2c_without_mobile,
    },
    Rule {
        code: "KN001",
        severity: Warning,
        check: no_change_management_principle,
    },
    Rule {
        code: "PR001",
        severity: Info,
        check: no_budget,
    },
];

/// Lower case without accents, for keyword matching in user text of either language.
fn mentions(text: &str, keywords: &[&str]) -> bool {
    let text = fold(text);
    keywords.iter().any(|k| text.contains(k))
}

fn role_without_channel(spec: &Spec) -> Vec<Finding> {
    spec.roles
        .iter()
        .enumerate()
        .filter(|(_, r)| r.channels.is_empty())
        .map(|(i, r)| {
            Finding::new(
                format!("channel_roles[{i}]"),
                text("message").item("role", &r.id, &r.name),
                text("hint").key("roles", "roles", "field.roles"),
            )
        })
        .collect()
}

fn channel_without_role(spec: &Spec) -> Vec<Finding> {
    spec.q
        .channels
        .iter()
        .enumerate()
        .filter(|(_, c)| c.roles.is_empty())
        .map(|(i, c)| {
            Finding::new(
                format!("channels[{i}].roles"),
                text("message").item("channel", &c.id, &c.name),
                text("hint").field("roles", "channel_roles"),
            )
        })
        .collect()
}

/// After-sales roles: yellow in the method, or named so.
fn is_after_sales(role: &crate::model::ChannelRole) -> bool {
    role.colour == Colour::Yellow
        || mentions(
            &format!("{} {}", role.id, role.name),
            &[
                "after",
                "sav",
                "apres-vente",
                "apres vente",
                "support",
                "service",
                "entretien",
                "maintenance",
                "reclamation",
            ],
        )
}

fn no_after_sales(spec: &Spec) -> Vec<Finding> {
    let after_sales: HashSet<&str> = spec
        .q
        .channel_roles
        .iter()
        .filter(|r| is_after_sales(r))
        .map(|r| r.id.as_str())
        .collect();
    let played = spec
        .q
        .channels
        .iter()
        .any(|c| c.roles.iter().any(|r| after_sales.contains(r.as_str())));
    if played {
        return Vec::new();
    }
    vec![Finding::new("channel_roles", text("message"), text("hint"))]
}

/// Selling roles: red in the method, or named so (and not an after-sales role: "après-vente"
/// contains "vente").
fn is_selling(role: &crate::model::ChannelRole) -> bool {
    !is_after_sales(role)
        && (role.colour == Colour::Red
            || mentions(
                &format!("{} {}", role.id, role.name),
                &["sell", "vend", "vente", "achat", "commerce"],
            ))
}

fn selling_dead_end(spec: &Spec) -> Vec<Finding> {
    let selling: HashSet<&str> = spec
        .q
        .channel_roles
        .iter()
        .filter(|r| is_selling(r))
        .map(|r| r.id.as_str())
        .collect();
    spec.q
        .channels
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.redirects.is_empty() && c.roles.iter().any(|r| selling.contains(r.as_str()))
        })
        .map(|(i, c)| {
            Finding::new(
                format!("channels[{i}]"),
                text("message").item("channel", &c.id, &c.name),
                text("hint").key("redirects", "redirects", "field.redirects"),
            )
        })
        .collect()
}

fn cycle_without_human(spec: &Spec) -> Vec<Finding> {
    let index: HashMap<&str, usize> = spec
        .q
        .channels
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = spec
        .q
        .channels
        .iter()
        .map(|c| {
            c.redirects
                .iter()
                .filter_map(|r| index.get(r.to.as_str()).copied())
                .collect()
        })
        .collect();
    let human = |i: usize| !spec.q.channels[i].human.is_empty();
    let mut reported: HashSet<Vec<usize>> = HashSet::new();
    let mut findings = Vec::new();
    // Depth-first search from each channel for a path back to it through non-human channels.
    for start in 0..edges.len() {
        if human(start) {
            continue;
        }
        let mut stack = vec![(start, vec![start])];
        while let Some((node, path)) = stack.pop() {
            for &next in &edges[node] {
                if next == start {
                    let mut cycle = path.clone();
                    cycle.sort_unstable();
                    if reported.insert(cycle) {
                        let channel = |i: usize| {
                            let c = &spec.q.channels[i];
                            Arg::Item {
                                id: c.id.clone(),
                                name: c.name.clone(),
                            }
                        };
                        let round: Vec<Arg> =
                            path.iter().chain([&start]).map(|&i| channel(i)).collect();
                        findings.push(Finding::new(
                            format!("channels[{start}].redirects"),
                            text("message").chain("loop", round),
                            text("hint"),
                        ));
                    }
                } else if !human(next) && !path.contains(&next) && path.len() < 12 {
                    let mut longer = path.clone();
                    longer.push(next);
                    stack.push((next, longer));
                }
            }
        }
    }
    findings
}

fn channel_without_tasks(spec: &Spec) -> Vec<Finding> {
    spec.q
        .channels
        .iter()
        .enumerate()
        .filter(|(_, c)| c.automated.is_empty() && c.human.is_empty())
        .map(|(i, c)| {
            Finding::new(
                format!("channels[{i}]"),
                text("message").item("channel", &c.id, &c.name),
                text("hint")
                    .key("automated", "automated", "field.automated")
                    .key("human", "human", "field.human"),
            )
        })
        .collect()
}

fn duplicate_function(spec: &Spec) -> Vec<Finding> {
    let mut seen: HashMap<String, &crate::model::Channel> = HashMap::new();
    let mut findings = Vec::new();
    for (i, c) in spec.q.channels.iter().enumerate() {
        let key = fold(c.function.trim());
        match seen.get(&key) {
            Some(first) => findings.push(Finding::new(
                format!("channels[{i}].function"),
                text("message").item("channel", &c.id, &c.name).item(
                    "first",
                    &first.id,
                    &first.name,
                ),
                text("hint"),
            )),
            None => {
                seen.insert(key, c);
            }
        }
    }
    findings
}

fn petal_without_actors(spec: &Spec) -> Vec<Finding> {
    spec.petals
        .iter()
        .filter(|p| p.petal.actors.is_empty())
        .map(|p| {
            Finding::new(
                format!("fleur.{}.actors", p.key),
                text("message").choice("petal", "petal", p.key),
                text("hint"),
            )
        })
        .collect()
}

fn petal_one_way(spec: &Spec) -> Vec<Finding> {
    let mut findings = Vec::new();
    for p in &spec.petals {
        if p.petal.from_customer.is_empty() {
            findings.push(Finding::new(
                format!("fleur.{}.from_customer", p.key),
                text("message_from").choice("petal", "petal", p.key),
                text("hint_from"),
            ));
        }
        if p.petal.to_customer.is_empty() {
            findings.push(Finding::new(
                format!("fleur.{}.to_customer", p.key),
                text("message_to").choice("petal", "petal", p.key),
                text("hint_to"),
            ));
        }
    }
    findings
}

fn unicity_without_identifier(spec: &Spec) -> Vec<Finding> {
    let petal = &spec.q.fleur.unicite;
    let said = [
        &petal.actors,
        &petal.from_customer,
        &petal.to_customer,
        &petal.objectives,
    ]
    .iter()
    .flat_map(|l| l.iter())
    .cloned()
    .collect::<Vec<_>>()
    .join(" ");
    if mentions(
        &said,
        &[
            "identifi",
            " id ",
            " id)",
            "(id",
            "unique",
            "numero client",
            "customer number",
            "email",
            "e-mail",
            "telephone",
            "phone",
            "carte",
        ],
    ) {
        return Vec::new();
    }
    vec![Finding::new(
        "fleur.unicite",
        text("message").choice("petal", "petal", "unicite"),
        text("hint"),
    )]
}

fn profitability_not_measured(spec: &Spec) -> Vec<Finding> {
    let objectives = &spec.q.fleur.rentabilite.objectives;
    if objectives
        .iter()
        .any(|o| o.chars().any(|c| c.is_ascii_digit()))
    {
        return Vec::new();
    }
    vec![Finding::new(
        "fleur.rentabilite",
        text("message").choice("petal", "petal", "rentabilite"),
        text("hint"),
    )]
}

fn objective_not_smart(spec: &Spec) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, o) in spec.q.project.objectives.iter().enumerate() {
        let missing: Vec<Arg> = [
            ("kpi", o.kpi.is_none()),
            ("target", o.target.is_none()),
            ("deadline", o.deadline.is_none()),
        ]
        .iter()
        .filter(|(_, m)| *m)
        .map(|(k, _)| Arg::Choice {
            typed: k.to_string(),
            label: format!("field.{k}"),
        })
        .collect();
        if !missing.is_empty() {
            findings.push(Finding::new(
                format!("project.objectives[{i}]"),
                text("message")
                    .item("objective", o.id.as_deref().unwrap_or("?"), &o.title)
                    .arg("missing", Arg::List(missing)),
                text("hint"),
            ));
        }
    }
    findings
}

/// The go-live milestone: the first milestone named like one.
fn go_live(spec: &Spec) -> Option<crate::model::Date> {
    spec.planning
        .iter()
        .filter(|p| p.milestone)
        .find(|p| {
            mentions(
                &p.label,
                &[
                    "production",
                    "go-live",
                    "go live",
                    "lancement",
                    "mise en service",
                    "demarrage",
                    "launch",
                    "pilote",
                    "pilot",
                ],
            )
        })
        .map(|p| p.start)
}

fn date(d: crate::model::Date) -> Arg {
    Arg::Date {
        year: d.year,
        month: d.month,
        day: d.day,
    }
}

fn objective_out_of_planning(spec: &Spec) -> Vec<Finding> {
    let live = go_live(spec);
    let end = spec.planning.iter().map(|p| p.end).max();
    let mut findings = Vec::new();
    for (i, o) in spec.q.project.objectives.iter().enumerate() {
        let Some(deadline) = o.deadline else { continue };
        let path = format!("project.objectives[{i}].deadline");
        if let Some(live) = live.filter(|l| deadline < *l) {
            findings.push(Finding::new(
                path,
                text("message_before")
                    .arg("deadline", date(deadline))
                    .arg("live", date(live)),
                text("hint_before"),
            ));
        } else if let Some(end) = end.filter(|e| deadline > *e) {
            // Objectives measured after the project are common; flag only those a year late.
            if deadline.days_since_epoch() - end.days_since_epoch() > 366 {
                findings.push(Finding::new(
                    path,
                    text("message_after")
                        .arg("deadline", date(deadline))
                        .arg("end", date(end)),
                    text("hint_after"),
                ));
            }
        }
    }
    findings
}

fn too_many_musts(spec: &Spec) -> Vec<Finding> {
    let total = &spec.requirements.total;
    let essential = total.essential();
    if total.total >= 5 && essential * 100 > total.total * 60 {
        let levels = spec.priority_scheme.levels();
        let level = |i: usize| levels[i].key();
        return vec![Finding::new(
            "requirements",
            text("message")
                .plain("essential", essential)
                .plain("total", total.total)
                .choice("level", "priority_label", level(0))
                .plain("percent", essential * 100 / total.total),
            text("hint")
                .choice("first", "priority_label", level(0))
                .choice("second", "priority_label", level(1))
                .choice("third", "priority_label", level(2)),
        )];
    }
    Vec::new()
}

fn must_without_acceptance(spec: &Spec) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (m, module) in spec.q.requirements.iter().enumerate() {
        for (i, r) in module.items.iter().enumerate() {
            if r.priority.level() == 0
                && r.acceptance.as_deref().is_none_or(|a| a.trim().is_empty())
            {
                findings.push(Finding::new(
                    format!("requirements[{m}].items[{i}]"),
                    text("message")
                        .choice("level", "priority_label", r.priority.key())
                        .plain("id", r.id.as_deref().unwrap_or("?")),
                    text("hint").key("acceptance", "acceptance", "field.acceptance"),
                ));
            }
        }
    }
    findings
}

fn empty_module(spec: &Spec) -> Vec<Finding> {
    spec.q
        .requirements
        .iter()
        .enumerate()
        .filter(|(_, m)| m.items.is_empty())
        .map(|(i, m)| {
            Finding::new(
                format!("requirements[{i}]"),
                text("message").code("module", &m.module),
                text("hint"),
            )
        })
        .collect()
}

fn duplicate_titles(spec: &Spec) -> Vec<Finding> {
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut findings = Vec::new();
    for (m, module) in spec.q.requirements.iter().enumerate() {
        for (i, r) in module.items.iter().enumerate() {
            let id = r.id.clone().unwrap_or_default();
            match seen.get(&fold(r.title.trim())) {
                Some(first) => findings.push(Finding::new(
                    format!("requirements[{m}].items[{i}].title"),
                    text("message").plain("id", &id).plain("first", first),
                    text("hint"),
                )),
                None => {
                    seen.insert(fold(r.title.trim()), id);
                }
            }
        }
    }
    findings
}

/// The public procedure the tender follows, if it is one: every procedure but `private` is the
/// French public procurement code's, so it marks a public buyer (the questionnaire has no other
/// public-body flag).
fn public_procedure(spec: &Spec) -> Option<Procedure> {
    spec.q.tender.procedure.filter(|p| *p != Procedure::Private)
}

/// The procedure as the questionnaire writes it, labelled in documents by its name.
fn procedure(message: Message, procedure: Procedure) -> Message {
    let key = match procedure {
        Procedure::Private => "private",
        Procedure::Open => "open",
        Procedure::Restricted => "restricted",
        Procedure::Adapted => "adapted",
        Procedure::Negotiated => "negotiated",
        Procedure::CompetitiveDialogue => "competitive_dialogue",
    };
    message.choice("procedure", "procedure", key)
}

fn public_without_accessibility(spec: &Spec) -> Vec<Finding> {
    if spec
        .q
        .quality
        .iter()
        .any(|r| r.area == QualityArea::Accessibility)
    {
        return Vec::new();
    }
    let consumers = spec
        .q
        .company
        .customer_types
        .iter()
        .any(|t| matches!(t, CustomerType::B2C | CustomerType::B2B2C));
    let (reason_path, reason) = if consumers {
        ("company.customer_types", text("reason_consumers"))
    } else if let Some(p) = public_procedure(spec) {
        ("tender.procedure", procedure(text("reason_public"), p))
    } else {
        return Vec::new();
    };
    let area = |m: Message| m.setting("area", "area", "quality_area", "accessibility");
    // Point at the quality requirements when there are some, else at what makes the rule apply.
    let (path, message) = if spec.q.quality.is_empty() {
        (
            reason_path,
            text("message_no_quality").field("quality", "quality"),
        )
    } else {
        ("quality", area(text("message_no_accessibility")))
    };
    vec![Finding::new(
        path,
        message.message("reason", reason),
        area(text("hint")).field("quality", "quality"),
    )]
}

fn personal_data_without_retention(spec: &Spec) -> Vec<Finding> {
    if spec.personal_flow_ids.is_empty() || !spec.q.gdpr.retention.is_empty() {
        return Vec::new();
    }
    vec![Finding::new(
        "gdpr",
        text("message")
            .plain("flows", spec.personal_flow_ids.join(", "))
            .field("retention", "gdpr.retention"),
        text("hint"),
    )]
}

fn channel_without_consent(spec: &Spec) -> Vec<Finding> {
    use crate::model::ChannelKind;
    let consents = spec.q.gdpr.consents.join(" ");
    let mut findings = Vec::new();
    for (i, c) in spec.q.channels.iter().enumerate() {
        let (message, hint, keywords): (Message, Message, &[&str]) = match c.kind {
            ChannelKind::Emailing => (
                text("message_email"),
                text("hint_email"),
                &["mail", "newsletter", "courriel"],
            ),
            ChannelKind::Sms => (text("message_sms"), text("hint_sms"), &["sms", "texto"]),
            _ => continue,
        };
        if !mentions(&consents, keywords) {
            findings.push(Finding::new(
                format!("channels[{i}].kind"),
                message
                    .item("channel", &c.id, &c.name)
                    .field("consents", "gdpr.consents"),
                hint.field("consents", "gdpr.consents"),
            ));
        }
    }
    findings
}

fn transfer_without_safeguard(spec: &Spec) -> Vec<Finding> {
    if spec.personal_flow_ids.is_empty() {
        return Vec::new();
    }
    let location = &spec.q.technical.data_location;
    const EU: &[&str] = &[
        "union europeenne",
        "european union",
        "eu",
        "ue",
        "europe",
        "eee",
        "eea",
        "france",
        "allemagne",
        "germany",
        "belgique",
        "belgium",
        "irlande",
        "ireland",
        "pays-bas",
        "netherlands",
        "luxembourg",
        "espagne",
        "spain",
        "italie",
        "italy",
        "portugal",
        "autriche",
        "austria",
        "suede",
        "sweden",
        "finlande",
        "finland",
        "danemark",
        "denmark",
        "pologne",
        "poland",
        "suisse",
        "switzerland",
        "royaume-uni",
        "united kingdom",
        "uk",
    ];
    let words: Vec<String> = fold(location)
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .map(str::to_string)
        .collect();
    let folded = fold(location);
    let in_eu = EU.iter().any(|k| {
        if k.contains(' ') {
            folded.contains(k)
        } else {
            words.iter().any(|w| w == k)
        }
    });
    let safeguards = format!(
        "{} {} {}",
        location,
        spec.q.technical.security.join(" "),
        spec.q.technical.reversibility
    );
    let safeguarded = mentions(
        &safeguards,
        &[
            "clauses contractuelles",
            "standard contractual",
            "scc",
            "bcr",
            "binding corporate",
            "adequa",
            "data privacy framework",
            "dpf",
        ],
    );
    if in_eu || safeguarded {
        return Vec::new();
    }
    vec![Finding::new(
        "technical.data_location",
        text("message").code("location", location),
        text("hint").field("security", "technical.security"),
    )]
}

fn no_reversibility(spec: &Spec) -> Vec<Finding> {
    if spec.q.technical.reversibility.trim().len() >= 3 {
        return Vec::new();
    }
    vec![Finding::new(
        "technical.reversibility",
        text("message"),
        text("hint"),
    )]
}

/// Migrating more years of history than personal data may be kept breaks the retention
/// periods the same document publishes: the old records must be left out or anonymised.
/// Only durations that open with a number of years (`3 ans après…`, `6 years after…`) are
/// read; a duration in other terms (`Durée de garantie + 2 ans`) is not guessed at.
fn migration_beyond_retention(spec: &Spec) -> Vec<Finding> {
    let Some(migration) = &spec.q.migration else {
        return Vec::new();
    };
    let shortest = spec
        .q
        .gdpr
        .retention
        .iter()
        .filter_map(|r| leading_years(&r.duration).map(|years| (years, r)))
        .filter(|(years, _)| *years < migration.history_years)
        .min_by_key(|(years, _)| *years);
    let Some((years, retention)) = shortest else {
        return Vec::new();
    };
    vec![Finding::new(
        "migration.history_years",
        text("message")
            .plain("history", migration.history_years)
            .plain("data", &retention.data)
            .plain("duration", &retention.duration),
        text("hint").plain("years", years),
    )]
}

/// The number of years a duration opens with: `3 ans après le dernier achat` → 3,
/// `six years after the last order` → 6; `None` when it opens otherwise.
fn leading_years(duration: &str) -> Option<u32> {
    const WORDS: [(&str, u32); 20] = [
        ("un", 1),
        ("une", 1),
        ("deux", 2),
        ("trois", 3),
        ("quatre", 4),
        ("cinq", 5),
        ("six", 6),
        ("sept", 7),
        ("huit", 8),
        ("neuf", 9),
        ("dix", 10),
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
    ];
    let folded = fold(duration);
    let mut words = folded.split_whitespace();
    let first = words.next()?;
    let number = first
        .parse()
        .ok()
        .or_else(|| WORDS.iter().find(|(w, _)| *w == first).map(|(_, n)| *n))?;
    let unit = words.next()?;
    ["an", "ans", "annee", "annees", "year", "years"]
        .contains(&unit)
        .then_some(number)
}

fn personal_data_without_processor(spec: &Spec) -> Vec<Finding> {
    if spec.personal_flow_ids.is_empty() {
        return Vec::new();
    }
    let flows = spec.personal_flow_ids.join(", ");
    let processor = |m: Message| {
        m.plain("flows", &flows)
            .field("processor", "gdpr.processor")
    };
    let hint = processor(text("hint"));
    match &spec.q.gdpr.processor {
        None => vec![Finding::new("gdpr", processor(text("message")), hint)],
        Some(p)
            if [
                &p.sub_processors,
                &p.breach_notification,
                &p.transfers,
                &p.audits,
            ]
            .iter()
            .all(|f| f.as_deref().is_none_or(|t| t.trim().is_empty())) =>
        {
            vec![Finding::new(
                "gdpr.processor",
                processor(text("message_empty")),
                hint,
            )]
        }
        Some(_) => Vec::new(),
    }
}

fn short_response_time(spec: &Spec) -> Vec<Finding> {
    let t = &spec.q.tender;
    let days = t.response_deadline.days_since_epoch() - t.issue_date.days_since_epoch();
    if days >= 21 {
        return Vec::new();
    }
    vec![Finding::new(
        "tender.response_deadline",
        text("message").count("days", days.max(0) as u64),
        text("hint"),
    )]
}

fn no_price_criterion(spec: &Spec) -> Vec<Finding> {
    if spec.criteria.iter().any(|c| c.basis == Basis::Price) {
        return Vec::new();
    }
    vec![Finding::new(
        "tender.criteria",
        text("message"),
        text("hint").setting("basis", "basis", "basis", "price"),
    )]
}

fn dominant_criterion(spec: &Spec) -> Vec<Finding> {
    spec.q
        .tender
        .criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| c.weight > 60)
        .map(|(i, c)| {
            Finding::new(
                format!("tender.criteria[{i}].weight"),
                text("message")
                    .code("criterion", &c.name)
                    .plain("weight", c.weight),
                text("hint"),
            )
        })
        .collect()
}

fn public_without_submission(spec: &Spec) -> Vec<Finding> {
    let Some(public) = public_procedure(spec) else {
        return Vec::new();
    };
    let path = match spec.q.tender.submission.as_deref() {
        None => "tender.procedure",
        Some(s) if s.trim().is_empty() => "tender.submission",
        Some(_) => return Vec::new(),
    };
    vec![Finding::new(
        path,
        procedure(text("message"), public).field("submission", "tender.submission"),
        text("hint").field("submission", "tender.submission"),
    )]
}

/// Words of a hearing that changes the offer. Prices and discounts are left out: a CRM
/// demonstration rightly shows product prices and loyalty discounts.
const NEGOTIATION: &[&str] = &[
    "negoci",
    "negotia",
    "offre finale",
    "final offer",
    "offre amelioree",
    "improved offer",
    "offre revisee",
    "revised offer",
];

fn demonstrations_without_negotiation(spec: &Spec) -> Vec<Finding> {
    let tender = &spec.q.tender;
    let (Some(which), Some(demonstrations)) = (tender.procedure, &tender.demonstrations) else {
        return Vec::new();
    };
    if !which.forbids_negotiation() {
        return Vec::new();
    }
    let suspect: Vec<Finding> = demonstrations
        .scenarios
        .iter()
        .enumerate()
        .filter(|(_, s)| mentions(&format!("{} {}", s.title, s.steps.join(" ")), NEGOTIATION))
        .map(|(i, s)| {
            Finding::new(
                format!("tender.demonstrations.scenarios[{i}]"),
                procedure(text("message_scenario"), which).code("scenario", &s.title),
                text("hint_scenario"),
            )
        })
        .collect();
    if !suspect.is_empty() {
        return suspect;
    }
    vec![Finding::new(
        "tender.demonstrations",
        procedure(text("message"), which),
        text("hint"),
    )]
}

fn heavy_criterion_without_sub_criteria(spec: &Spec) -> Vec<Finding> {
    spec.criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| c.weight > 30 && c.basis == Basis::Marks && c.sub_criteria.is_empty())
        .map(|(i, c)| {
            Finding::new(
                format!("tender.criteria[{i}]"),
                text("message")
                    .code("criterion", &c.name)
                    .plain("weight", c.weight),
                text("hint")
                    .key("sub_criteria", "sub_criteria", "labels.sub_criteria")
                    .setting("coverage", "basis", "basis", "coverage")
                    .setting("price", "basis", "basis", "price"),
            )
        })
        .collect()
}

fn saas_without_service_levels(spec: &Spec) -> Vec<Finding> {
    let hosting = spec.q.technical.hosting;
    if hosting == Hosting::OnPremise {
        return Vec::new();
    }
    let who = if hosting == Hosting::Saas {
        text("who_saas")
    } else {
        text("who_either")
    };
    let said = |m: Message| {
        m.message("who", who.clone())
            .field("incidents", "contract.incidents")
            .field("contract", "contract")
    };
    let hint = said(text("hint"));
    match &spec.q.contract {
        None => vec![Finding::new(
            "technical.hosting",
            said(text("message_no_contract")),
            hint,
        )],
        Some(c) if c.incidents.is_empty() => vec![Finding::new(
            "contract.incidents",
            said(text("message_no_incidents")),
            hint,
        )],
        Some(_) => Vec::new(),
    }
}

fn contract_without_exit_plan(spec: &Spec) -> Vec<Finding> {
    let Some(contract) = &spec.q.contract else {
        return Vec::new();
    };
    let exit_plan = |m: Message| m.field("exit_plan", "contract.exit_plan");
    let hint = exit_plan(text("hint"));
    match &contract.exit_plan {
        None => vec![Finding::new("contract", exit_plan(text("message")), hint)],
        Some(e)
            if e.formats.is_empty()
                && [&e.transition, &e.cost]
                    .iter()
                    .all(|f| f.as_deref().is_none_or(|t| t.trim().is_empty())) =>
        {
            vec![Finding::new(
                "contract.exit_plan",
                exit_plan(text("message_empty")),
                hint,
            )]
        }
        Some(_) => Vec::new(),
    }
}

fn b2c_without_mobile(spec: &Spec) -> Vec<Finding> {
    let b2c = spec
        .q
        .company
        .customer_types
        .iter()
        .any(|t| matches!(t, CustomerType::B2C | CustomerType::B2B2C));
    if !b2c || spec.q.mobile.is_some() {
        return Vec::new();
    }
    vec![Finding::new(
        "company.customer_types",
        text("message").field("mobile", "mobile"),
        text("hint"),
    )]
}

fn no_change_management_principle(spec: &Spec) -> Vec<Finding> {
    let users = spec.organisation_totals.crm_users;
    let stated = spec
        .q
        .principles
        .iter()
        .any(|p| p.notion == Notion::ChangeManagement);
    if users <= 50 || stated {
        return Vec::new();
    }
    vec![Finding::new(
        "principles",
        text("message")
            .plain("users", users)
            .choice("notion", "notion", "change_management"),
        text("hint").setting("notion", "notion", "notion", "change_management"),
    )]
}

fn no_budget(spec: &Spec) -> Vec<Finding> {
    if spec.q.project.budget.is_some() {
        return Vec::new();
    }
    vec![Finding::new(
        "project",
        text("message"),
        text("hint").field("budget", "project.budget"),
    )]
}
