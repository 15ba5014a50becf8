//! Every rule of the advisor, one function each. Codes are stable: a retired rule's code is
//! never given to another. Prefixes: CH channels, FL F.L.E.U.R., OB objectives, RQ
//! requirements (functional and quality), GD data and GDPR, TD tender (consultation rules and
//! criteria), CT contract (service levels, exit), MO mobile, KN key notions, PR project.

use super::{Finding, Rule};
use crate::diagnostic::Severity::{Info, Warning};
use crate::lang::accents::fold;
use crate::model::{Basis, Colour, CustomerType, Hosting, Notion, Procedure, QualityArea};
use crate::spec::Spec;
use std::collections::{HashMap, HashSet};

pub static RULES: &[Rule] = &[
    Rule {
        code: "CH001",
        severity: Warning,
        title: "a channel role that no channel plays",
        rationale: "A role with no channel is a promise the customer journey does not keep: either a channel is missing from the list, or the role is not needed and confuses the reader of the channel map.",
        check: role_without_channel,
    },
    Rule {
        code: "CH002",
        severity: Warning,
        title: "a channel with no role",
        rationale: "Every point of contact must say what it is for (sell, after-sales, promote…); a channel without a role cannot be coloured on the map, and vendors cannot tell what the CRM must do with it.",
        check: channel_without_role,
    },
    Rule {
        code: "CH003",
        severity: Warning,
        title: "no channel plays an after-sales role",
        rationale: "Customers come back with questions, returns and complaints. Without an after-sales channel (yellow in the method) the tender says nothing of how the CRM supports service, a core CRM module.",
        check: no_after_sales,
    },
    Rule {
        code: "CH004",
        severity: Warning,
        title: "a selling channel that redirects nowhere",
        rationale: "A selling channel should lead the customer on: to a store, to the site, to after-sales. A dead end in the journey loses sales and data.",
        check: selling_dead_end,
    },
    Rule {
        code: "CH005",
        severity: Warning,
        title: "a redirect cycle with no human channel in it",
        rationale: "When channels send the customer round in a loop and none of them has a person behind it, a customer who does not find the answer never reaches anyone.",
        check: cycle_without_human,
    },
    Rule {
        code: "CH006",
        severity: Info,
        title: "a channel with neither automated nor human tasks",
        rationale: "Saying which tasks a channel automates and which a person handles sizes the CRM's workflows and licences; a channel with neither leaves vendors guessing.",
        check: channel_without_tasks,
    },
    Rule {
        code: "CH007",
        severity: Warning,
        title: "the same function on two channels",
        rationale: "Two channels showing the customer the same function are either a copy-paste slip or a redundancy worth questioning before vendors price both.",
        check: duplicate_function,
    },
    Rule {
        code: "FL001",
        severity: Warning,
        title: "a F.L.E.U.R. petal with no actors",
        rationale: "A petal nobody is accountable for is not managed. Name the teams who own it.",
        check: petal_without_actors,
    },
    Rule {
        code: "FL002",
        severity: Warning,
        title: "a petal with a flow in one direction only",
        rationale: "The model requires both directions: what comes from the customer and what goes back to the customer. A one-way petal takes without giving back, or gives without listening.",
        check: petal_one_way,
    },
    Rule {
        code: "FL003",
        severity: Warning,
        title: "Unicité says nothing of a unique customer identifier",
        rationale: "One customer, one journey, one customer ID: the Unicité petal should state what identifies a customer across channels (email, phone, loyalty card…), the key of the CRM's data model.",
        check: unicity_without_identifier,
    },
    Rule {
        code: "FL004",
        severity: Warning,
        title: "Rentabilité has no measurable objective",
        rationale: "Profitability that is not measured is not managed: give the petal at least one objective with a figure.",
        check: profitability_not_measured,
    },
    Rule {
        code: "OB001",
        severity: Warning,
        title: "an objective without KPI, target or deadline",
        rationale: "A SMART objective has an indicator, a target value and a date; without them, nobody can tell at the end whether the project succeeded.",
        check: objective_not_smart,
    },
    Rule {
        code: "OB002",
        severity: Warning,
        title: "an objective due before go-live or after the end of the planning",
        rationale: "An objective due before the CRM is in production cannot be met by the CRM; one due after the end of the planning has nobody to follow it.",
        check: objective_out_of_planning,
    },
    Rule {
        code: "RQ001",
        severity: Warning,
        title: "more than 60 % of the requirements are `must`",
        rationale: "When most requirements are mandatory, priorities no longer discriminate between offers and every vendor answers \"yes\" to everything.",
        check: too_many_musts,
    },
    Rule {
        code: "RQ002",
        severity: Warning,
        title: "a `must` requirement without acceptance criteria",
        rationale: "A mandatory requirement must be verifiable: state how its acceptance will be checked, or it cannot be enforced in the contract.",
        check: must_without_acceptance,
    },
    Rule {
        code: "RQ003",
        severity: Warning,
        title: "an empty requirement module",
        rationale: "A module with no requirement shows up as a heading with nothing under it; fill it or remove it.",
        check: empty_module,
    },
    Rule {
        code: "RQ004",
        severity: Warning,
        title: "two requirements with the same title",
        rationale: "Vendors answer requirement by requirement; two with the same title get the same answer, or a confused one.",
        check: duplicate_titles,
    },
    Rule {
        code: "RQ005",
        severity: Warning,
        title: "no accessibility requirement while the CRM serves the public",
        rationale: "A CRM that serves consumers (B2C, B2B2C) puts forms, portals, emails and surveys in front of people with disabilities, which the European Accessibility Act covers; a public buyer (any procedure but `private`) must make its digital services accessible (RGAA in France). Among the quality requirements, one with `area: accessibility` states the level vendors must meet (WCAG 2.1 AA, RGAA 4.1) and how it is checked; without it, accessibility is nobody's commitment.",
        check: public_without_accessibility,
    },
    Rule {
        code: "GD001",
        severity: Warning,
        title: "personal data flows while no retention period is stated",
        rationale: "GDPR requires a retention period for every category of personal data; the CRM must enforce them, so the tender must state them.",
        check: personal_data_without_retention,
    },
    Rule {
        code: "GD002",
        severity: Warning,
        title: "an emailing or SMS channel without the matching consent",
        rationale: "Marketing by email or SMS to consumers requires prior consent (ePrivacy); the list of consents to collect must include each such channel.",
        check: channel_without_consent,
    },
    Rule {
        code: "GD003",
        severity: Warning,
        title: "personal data hosted outside the EU with no transfer safeguard",
        rationale: "Transfers of personal data outside the EU need an adequacy decision or safeguards (standard contractual clauses, binding corporate rules); the tender should require them.",
        check: transfer_without_safeguard,
    },
    Rule {
        code: "GD004",
        severity: Warning,
        title: "no reversibility requirement",
        rationale: "Without a reversibility clause the data may be hard to get back at the end of the contract; the tender is the time to require it.",
        check: no_reversibility,
    },
    Rule {
        code: "GD005",
        severity: Warning,
        title: "personal data flows while no processor commitments are stated",
        rationale: "The vendor who hosts, migrates or maintains the CRM processes its personal data on the client's behalf; GDPR article 28 requires a contract that binds it on sub-processors, breach notification, transfers outside the EU and audits. Stating those commitments in `gdpr.processor` puts them in every offer instead of leaving them to negotiation after the award.",
        check: personal_data_without_processor,
    },
    Rule {
        code: "TD001",
        severity: Warning,
        title: "fewer than 3 weeks between issue and response deadline",
        rationale: "Serious answers to a CRM tender take time (questions, demos, pricing); too short a deadline discourages good vendors or yields shallow responses.",
        check: short_response_time,
    },
    Rule {
        code: "TD002",
        severity: Warning,
        title: "no price criterion",
        rationale: "Price is part of every award decision; leaving it out of the weighted criteria makes the evaluation hard to defend.",
        check: no_price_criterion,
    },
    Rule {
        code: "TD003",
        severity: Warning,
        title: "a criterion weighing more than 60 %",
        rationale: "A single criterion above 60 % decides the tender on its own and makes the others decorative.",
        check: dominant_criterion,
    },
    Rule {
        code: "TD004",
        severity: Warning,
        title: "a public procedure that says nowhere where offers are submitted",
        rationale: "A public buyer's consultation rules must say where and how offers are submitted: in French public procurement, on the buyer's profile, electronically, for every procedure (open, restricted, adapted, negotiated, competitive dialogue). An offer sent elsewhere is rejected, so a missing `tender.submission` exposes the award to challenge. A company's `private` consultation is free to rely on `contact` and `response_format`.",
        check: public_without_submission,
    },
    Rule {
        code: "TD005",
        severity: Info,
        title: "demonstrations in a procedure that forbids negotiation",
        rationale: "In an open or restricted procedure, hearings may only have vendors clarify and show what their offer already contains; anything that changes the offer (price, discount, scope, commercial terms) is a forbidden negotiation and taints the award. The document states this rule to vendors, so the finding is information: a reminder to frame the scenarios as clarification. It points at any scenario that speaks of negotiation or a revised offer, the ones to reread first.",
        check: demonstrations_without_negotiation,
    },
    Rule {
        code: "TD006",
        severity: Warning,
        title: "a criterion judged by the committee, over 30 %, with no sub-criteria",
        rationale: "A criterion the evaluation committee marks (method, team, usability…) that weighs more than 30 % puts a third of the decision on one unexplained mark: vendors cannot tell what earns points and a losing vendor can challenge the marking. Sub-criteria with their weights (which public procurement requires to be disclosed) make it fair and defensible. Criteria scored from the response grids (`basis: coverage`) or from the prices (`basis: price`) are computed by a published formula, not judged, and need none.",
        check: heavy_criterion_without_sub_criteria,
    },
    Rule {
        code: "CT001",
        severity: Warning,
        title: "the vendor may host the CRM and no incident service levels are stated",
        rationale: "When the vendor hosts the CRM (`hosting: saas`, or `either` which lets it offer SaaS), the client depends on it for every incident: without response and resolution times by severity in `contract.incidents`, offers cannot be compared on support, and penalties have nothing to apply to. An availability rate alone says nothing of how fast a blocking incident is fixed.",
        check: saas_without_service_levels,
    },
    Rule {
        code: "CT002",
        severity: Warning,
        title: "contract terms with no exit plan",
        rationale: "`technical.reversibility` states that the data must come back (GD004 watches it); the contract's `exit_plan` is where that becomes a binding commitment: the formats, the help to move to another vendor, and what the exit costs, the usual trap of a CRM contract. The rule fires only when a `contract` section is written: without one, contract terms are left to a later stage and an exit plan alone would not stand.",
        check: contract_without_exit_plan,
    },
    Rule {
        code: "MO001",
        severity: Warning,
        title: "B2C customers and no mobile section",
        rationale: "Consumers reach brands on their phone first (SMS surveys, chat, apps, social messaging): a B2C tender should say how the CRM serves mobile usage.",
        check: b2c_without_mobile,
    },
    Rule {
        code: "KN001",
        severity: Warning,
        title: "more than 50 CRM users and no change management principle",
        rationale: "Beyond a few dozen users, adoption decides the project's success; state change management as a guiding principle so vendors propose the support it needs.",
        check: no_change_management_principle,
    },
    Rule {
        code: "PR001",
        severity: Info,
        title: "no budget range",
        rationale: "Without a budget range vendors propose whatever they like, and offers cannot be compared on scope.",
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
                format!("no channel plays the role `{}`", r.id),
                "add the role to a channel's `roles`, or remove it",
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
                format!("channel `{}` plays no role", c.id),
                "give it at least one role from `channel_roles`",
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
    vec![Finding::new(
        "channel_roles",
        "no channel plays an after-sales role",
        "add an after-sales role (yellow) and the channels that play it: phone, chat, store…",
    )]
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
        .filter(|(_, c)| c.redirects.is_empty() && c.roles.iter().any(|r| selling.contains(r.as_str())))
        .map(|(i, c)| {
            Finding::new(
                format!("channels[{i}]"),
                format!("selling channel `{}` redirects the customer nowhere", c.id),
                "add `redirects`: where does the customer go next (store locator, site, after-sales)?",
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
                        let names: Vec<&str> = path
                            .iter()
                            .map(|&i| spec.q.channels[i].id.as_str())
                            .collect();
                        findings.push(Finding::new(
                            format!("channels[{start}].redirects"),
                            format!("the redirects {} → {} form a loop with no human channel", names.join(" → "), names[0]),
                            "let one channel of the loop hand over to a person (phone, chat with an adviser, store)",
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
                format!("channel `{}` lists neither automated nor human tasks", c.id),
                "add `automated` and/or `human` tasks",
            )
        })
        .collect()
}

fn duplicate_function(spec: &Spec) -> Vec<Finding> {
    let mut seen: HashMap<String, &str> = HashMap::new();
    let mut findings = Vec::new();
    for (i, c) in spec.q.channels.iter().enumerate() {
        let key = fold(c.function.trim());
        match seen.get(&key) {
            Some(first) => findings.push(Finding::new(
                format!("channels[{i}].function"),
                format!("channel `{}` shows the same function as `{first}`", c.id),
                "say what is specific to each channel",
            )),
            None => {
                seen.insert(key, &c.id);
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
                format!("petal `{}` has no actors", p.key),
                "name the teams accountable for it",
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
                format!(
                    "petal `{}` says nothing of what comes from the customer",
                    p.key
                ),
                "list what the customer gives (data, feedback, purchases)",
            ));
        }
        if p.petal.to_customer.is_empty() {
            findings.push(Finding::new(
                format!("fleur.{}.to_customer", p.key),
                format!(
                    "petal `{}` says nothing of what goes back to the customer",
                    p.key
                ),
                "list what the customer gets in return",
            ));
        }
    }
    findings
}

fn unicity_without_identifier(spec: &Spec) -> Vec<Finding> {
    let petal = &spec.q.fleur.unicite;
    let text = [
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
        &text,
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
        "Unicité does not say what identifies a customer across channels",
        "state the unique customer identifier (email, phone number, loyalty card, customer number)",
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
        "Rentabilité has no measurable objective",
        "add an objective with a figure, e.g. \"cost per service request: -20 %\"",
    )]
}

fn objective_not_smart(spec: &Spec) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, o) in spec.q.project.objectives.iter().enumerate() {
        let missing: Vec<&str> = [
            ("kpi", o.kpi.is_none()),
            ("target", o.target.is_none()),
            ("deadline", o.deadline.is_none()),
        ]
        .iter()
        .filter(|(_, m)| *m)
        .map(|(k, _)| *k)
        .collect();
        if !missing.is_empty() {
            findings.push(Finding::new(
                format!("project.objectives[{i}]"),
                format!(
                    "objective `{}` has no {}",
                    o.id.as_deref().unwrap_or("?"),
                    missing.join(", ")
                ),
                "a SMART objective has an indicator, a target and a deadline",
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
                format!("objective deadline {deadline} is before go-live ({live})"),
                "move the deadline after go-live, or the go-live earlier",
            ));
        } else if let Some(end) = end.filter(|e| deadline > *e) {
            // Objectives measured after the project are common; flag only those a year late.
            if deadline.days_since_epoch() - end.days_since_epoch() > 366 {
                findings.push(Finding::new(
                    path,
                    format!("objective deadline {deadline} is more than a year after the end of the planning ({end})"),
                    "say who follows the objective after the project, or bring the deadline closer",
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
        return vec![Finding::new(
            "requirements",
            format!(
                "{essential} of {} requirements are `{}` ({} %)",
                total.total,
                levels[0].key(),
                essential * 100 / total.total
            ),
            format!(
                "keep `{}` for what would disqualify an offer; use `{}` and `{}` for the rest",
                levels[0].key(),
                levels[1].key(),
                levels[2].key()
            ),
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
                    format!(
                        "`{}` requirement {} has no acceptance criterion",
                        r.priority.key(),
                        r.id.as_deref().unwrap_or("?")
                    ),
                    "add `acceptance`: how will you check it is met?",
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
                format!("module `{}` has no requirement", m.module),
                "add its requirements or remove the module",
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
                    format!("{id} has the same title as {first}"),
                    "merge them or make each title say what differs",
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

/// The procedure's name as written in the questionnaire, for messages.
fn procedure_key(procedure: Procedure) -> &'static str {
    match procedure {
        Procedure::Private => "private",
        Procedure::Open => "open",
        Procedure::Restricted => "restricted",
        Procedure::Adapted => "adapted",
        Procedure::Negotiated => "negotiated",
        Procedure::CompetitiveDialogue => "competitive_dialogue",
    }
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
        (
            "company.customer_types",
            "the CRM serves consumers".to_string(),
        )
    } else if let Some(p) = public_procedure(spec) {
        (
            "tender.procedure",
            format!("a public buyer (procedure `{}`)", procedure_key(p)),
        )
    } else {
        return Vec::new();
    };
    // Point at the quality requirements when there are some, else at what makes the rule apply.
    let (path, message) = if spec.q.quality.is_empty() {
        (
            reason_path,
            format!("{reason} and no `quality` requirement covers accessibility"),
        )
    } else {
        (
            "quality",
            format!("{reason} but no quality requirement has `area: accessibility`"),
        )
    };
    vec![Finding::new(
        path,
        message,
        "add a `quality` requirement with `area: accessibility`: the level to meet (WCAG 2.1 AA, RGAA 4.1) for the screens and messages customers and staff use, and how it is checked",
    )]
}

fn personal_data_without_retention(spec: &Spec) -> Vec<Finding> {
    if spec.personal_flow_ids.is_empty() || !spec.q.gdpr.retention.is_empty() {
        return Vec::new();
    }
    vec![Finding::new(
        "gdpr",
        format!(
            "personal data flows ({}) but `gdpr.retention` is empty",
            spec.personal_flow_ids.join(", ")
        ),
        "state a retention period for each category of personal data",
    )]
}

fn channel_without_consent(spec: &Spec) -> Vec<Finding> {
    use crate::model::ChannelKind;
    let consents = spec.q.gdpr.consents.join(" ");
    let mut findings = Vec::new();
    for (i, c) in spec.q.channels.iter().enumerate() {
        let (needed, keywords): (&str, &[&str]) = match c.kind {
            ChannelKind::Emailing => ("email", &["mail", "newsletter", "courriel"]),
            ChannelKind::Sms => ("SMS", &["sms", "texto"]),
            _ => continue,
        };
        if !mentions(&consents, keywords) {
            findings.push(Finding::new(
                format!("channels[{i}].kind"),
                format!(
                    "channel `{}` sends {needed} but `gdpr.consents` has no {needed} consent",
                    c.id
                ),
                format!("add the {needed} consent to `gdpr.consents`"),
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
        format!("personal data would be hosted in \"{location}\", outside the EU, and no transfer safeguard is stated"),
        "require standard contractual clauses (or an adequacy decision) in `technical.security`",
    )]
}

fn no_reversibility(spec: &Spec) -> Vec<Finding> {
    if spec.q.technical.reversibility.trim().len() >= 3 {
        return Vec::new();
    }
    vec![Finding::new(
        "technical.reversibility",
        "no reversibility requirement",
        "require a complete export of data and attachments in open formats at the end of the contract",
    )]
}

fn personal_data_without_processor(spec: &Spec) -> Vec<Finding> {
    if spec.personal_flow_ids.is_empty() {
        return Vec::new();
    }
    let flows = spec.personal_flow_ids.join(", ");
    let hint = "add `gdpr.processor`: sub-processors, breach notification delay, transfers outside the EU, audits";
    match &spec.q.gdpr.processor {
        None => vec![Finding::new(
            "gdpr",
            format!("personal data flows ({flows}) but no processor commitments are stated in `gdpr.processor`"),
            hint,
        )],
        Some(p)
            if [&p.sub_processors, &p.breach_notification, &p.transfers, &p.audits]
                .iter()
                .all(|f| f.as_deref().is_none_or(|t| t.trim().is_empty())) =>
        {
            vec![Finding::new(
                "gdpr.processor",
                format!("personal data flows ({flows}) but `gdpr.processor` is empty"),
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
        format!("vendors have {days} days to respond"),
        "allow at least 3 weeks between issue and response deadline",
    )]
}

fn no_price_criterion(spec: &Spec) -> Vec<Finding> {
    if spec.criteria.iter().any(|c| c.basis == Basis::Price) {
        return Vec::new();
    }
    vec![Finding::new(
        "tender.criteria",
        "no criterion evaluates the price",
        "add a price criterion (cost over the contract's duration), or mark one `basis: price`",
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
                format!("criterion \"{}\" weighs {} %", c.name, c.weight),
                "keep each criterion at 60 % or less so the others count",
            )
        })
        .collect()
}

fn public_without_submission(spec: &Spec) -> Vec<Finding> {
    let Some(procedure) = public_procedure(spec) else {
        return Vec::new();
    };
    let path = match spec.q.tender.submission.as_deref() {
        None => "tender.procedure",
        Some(s) if s.trim().is_empty() => "tender.submission",
        Some(_) => return Vec::new(),
    };
    vec![Finding::new(
        path,
        format!(
            "a public `{}` procedure and no `tender.submission` saying where and how offers are submitted",
            procedure_key(procedure)
        ),
        "add `tender.submission`: the buyer profile's address, electronic submission, one submission per candidate",
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
    let (Some(procedure), Some(demonstrations)) = (tender.procedure, &tender.demonstrations) else {
        return Vec::new();
    };
    if !procedure.forbids_negotiation() {
        return Vec::new();
    }
    let key = procedure_key(procedure);
    let suspect: Vec<Finding> = demonstrations
        .scenarios
        .iter()
        .enumerate()
        .filter(|(_, s)| mentions(&format!("{} {}", s.title, s.steps.join(" ")), NEGOTIATION))
        .map(|(i, s)| {
            Finding::new(
                format!("tender.demonstrations.scenarios[{i}]"),
                format!(
                    "scenario \"{}\" speaks of negotiation or a revised offer; in the `{key}` procedure hearings may clarify offers, never negotiate them",
                    s.title
                ),
                "have the vendor show what its offer already contains; prices and terms stay in the written offer",
            )
        })
        .collect();
    if !suspect.is_empty() {
        return suspect;
    }
    vec![Finding::new(
        "tender.demonstrations",
        format!("demonstrations in the `{key}` procedure may clarify offers, never negotiate them"),
        "frame each scenario as showing what the offer already contains, and mark only what is shown",
    )]
}

fn heavy_criterion_without_sub_criteria(spec: &Spec) -> Vec<Finding> {
    spec.criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.weight > 30 && c.basis == Basis::Marks && c.sub_criteria.is_empty()
        })
        .map(|(i, c)| {
            Finding::new(
                format!("tender.criteria[{i}]"),
                format!(
                    "criterion \"{}\" weighs {} %, is marked by the committee and has no sub-criteria",
                    c.name, c.weight
                ),
                "add `sub_criteria` with their weights (adding up to the criterion's), or mark it `basis: coverage` or `basis: price` if it is computed",
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
        "SaaS hosting"
    } else {
        "hosting may be SaaS"
    };
    let hint = "add `contract.incidents`: for each severity, its definition and the longest response and resolution times";
    match &spec.q.contract {
        None => vec![Finding::new(
            "technical.hosting",
            format!("{who} and no `contract` section stating incident service levels"),
            hint,
        )],
        Some(c) if c.incidents.is_empty() => vec![Finding::new(
            "contract.incidents",
            format!("{who} and `contract.incidents` states no service level"),
            hint,
        )],
        Some(_) => Vec::new(),
    }
}

fn contract_without_exit_plan(spec: &Spec) -> Vec<Finding> {
    let Some(contract) = &spec.q.contract else {
        return Vec::new();
    };
    let hint = "add `contract.exit_plan`: the formats the data comes back in, the help to move to another vendor, and its cost";
    match &contract.exit_plan {
        None => vec![Finding::new(
            "contract",
            "the contract has no `exit_plan`",
            hint,
        )],
        Some(e)
            if e.formats.is_empty()
                && [&e.transition, &e.cost]
                    .iter()
                    .all(|f| f.as_deref().is_none_or(|t| t.trim().is_empty())) =>
        {
            vec![Finding::new(
                "contract.exit_plan",
                "the contract's `exit_plan` says nothing",
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
        "consumer customers but no `mobile` section",
        "describe current mobile usage, expected improvements and mobile surveys",
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
        format!("{users} CRM users and no `change_management` principle"),
        "add a principle with `notion: change_management` saying how adoption will be won",
    )]
}

fn no_budget(spec: &Spec) -> Vec<Finding> {
    if spec.q.project.budget.is_some() {
        return Vec::new();
    }
    vec![Finding::new(
        "project",
        "no budget range is given",
        "add `project.budget` with a minimum and a maximum",
    )]
}
