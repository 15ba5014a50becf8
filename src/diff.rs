//! What changed between two versions of a questionnaire: what a tender addendum must list.
//!
//! Both versions are validated first, so requirements compare by their assigned IDs and
//! catalogue entries by their catalogue IDs. Items are matched by their key (ID, channel id,
//! criterion name, planning row name); fields are compared on the serialised model, so a
//! field added to the model is compared without touching this module.

use crate::lang::messages::Message;
use crate::lang::{format, words::text_or_key};
use crate::model::{Date, Language};
use crate::spec::Spec;
use serde::Serialize;
use serde_json::Value;

/// Every change, grouped by area, in the document's language.
#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    pub old_version: String,
    pub old_date: Date,
    pub new_version: String,
    pub new_date: Date,
    /// Areas with at least one change, in document order.
    pub groups: Vec<Group>,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    /// Requirements found under another ID than in the old version (same title): vendors
    /// answer by ID, so a renumbering must be deliberate.
    pub renumbered: Vec<Renumbered>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Renumbered {
    pub title: String,
    pub old_id: String,
    pub new_id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The area's i18n key (`diff_requirements`).
    pub area: &'static str,
    /// The area's name in the document's language.
    pub title: String,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Added,
    Removed,
    Changed,
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub kind: Kind,
    /// The item's key: requirement ID, channel id, criterion name…
    pub id: String,
    /// What a reader recognises it by (a title), when it is not the key itself.
    pub label: String,
    /// For a change: each field that differs; for an addition, its main content.
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    /// The field's name in the document's language.
    pub field: String,
    pub old: String,
    pub new: String,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Content changed but `document.version` did not: two different documents would carry
    /// the same version number.
    pub fn version_unchanged(&self) -> bool {
        !self.is_empty() && self.old_version == self.new_version
    }

    /// For people at a terminal: one line per change, field differences indented. The
    /// changes are in the new version's language; the lines around them in `lang`.
    pub fn text(&self, lang: Language) -> String {
        let line = |m: Message| format!("{}\n", m.terminal(lang));
        let warning = |m: Message| {
            Message::new("changes.warning_line")
                .message("level", crate::Severity::Warning.message())
                .message("message", m)
        };
        let hint = |m: Message| {
            Message::new("changes.hint_line")
                .message("label", Message::new("diagnostic.hint"))
                .message("hint", m)
        };
        let mut out = line(
            Message::new("changes.summary")
                .plain("old", &self.old_version)
                .plain("old_date", self.old_date)
                .plain("new", &self.new_version)
                .plain("new_date", self.new_date)
                .plain("added", self.added)
                .plain("removed", self.removed)
                .plain("changed", self.changed),
        );
        if self.is_empty() {
            out.push_str(&line(Message::new("changes.none")));
        }
        if self.version_unchanged() {
            out.push_str(&line(warning(
                Message::new("changes.version_still").plain("version", &self.new_version),
            )));
            out.push_str(&line(hint(Message::new("changes.version_unchanged_hint"))));
        }
        for r in &self.renumbered {
            out.push_str(&line(warning(
                Message::new("changes.requirement_moved")
                    .plain("title", &r.title)
                    .plain("old", &r.old_id)
                    .plain("new", &r.new_id),
            )));
        }
        if !self.renumbered.is_empty() {
            out.push_str(&line(hint(Message::new("changes.explicit_ids_hint"))));
        }
        for group in &self.groups {
            out.push_str(&format!("\n{}\n", group.title));
            for c in &group.changes {
                let sign = match c.kind {
                    Kind::Added => '+',
                    Kind::Removed => '-',
                    Kind::Changed => '~',
                };
                let label = if c.label.is_empty() || c.label == c.id {
                    String::new()
                } else {
                    format!("  {}", c.label)
                };
                out.push_str(&format!("  {sign} {}{label}\n", c.id));
                for f in &c.fields {
                    match c.kind {
                        Kind::Changed => {
                            out.push_str(&format!("      {}: {} → {}\n", f.field, f.old, f.new))
                        }
                        _ => out.push_str(&format!("      {}: {}\n", f.field, f.new)),
                    }
                }
            }
        }
        out
    }
}

/// The changes from `old` to `new`, worded in `new`'s language.
pub fn diff(old: &Spec, new: &Spec) -> Changes {
    let lang = new.lang;
    let (o, n) = (&old.q, &new.q);
    let words = Words { lang };
    let mut groups = Vec::new();

    // The cover's identity: what vendors quote in their response.
    groups.push(words.area("diff_document", old, new, &[], |spec| {
        let d = &spec.q.document;
        let name = text_or_key("diff_document", lang);
        vec![(
            name,
            String::new(),
            to_value(&Cover {
                title: &d.title,
                reference: &d.reference,
                confidentiality: &d.confidentiality,
            }),
        )]
    }));

    let requirements = |spec: &Spec| -> Vec<Entry> {
        spec.q
            .requirements
            .iter()
            .flat_map(|m| {
                m.items.iter().map(move |r| {
                    let mut value = to_value(r);
                    if let Value::Object(map) = &mut value {
                        map.insert("module".into(), Value::String(m.module.clone()));
                    }
                    (r.id.clone().unwrap_or_default(), r.title.clone(), value)
                })
            })
            .collect()
    };
    // Listed once, for the group and for the renumbering check.
    let (old_requirements, new_requirements) = (requirements(old), requirements(new));
    let renumbered = renumbered(&old_requirements, &new_requirements);
    groups.push(words.group(
        "diff_requirements",
        old_requirements,
        new_requirements,
        &["title", "priority", "module"],
    ));
    // Answered in the response grid by ID like the functional requirements.
    groups.push(words.area(
        "diff_quality",
        old,
        new,
        &["title", "priority", "area"],
        |spec| {
            keyed(&spec.q.quality, |r| {
                (r.id.clone().unwrap_or_default(), r.title.clone())
            })
        },
    ));
    groups.push(words.area(
        "diff_objectives",
        old,
        new,
        &["title", "target", "deadline"],
        |spec| {
            keyed(&spec.q.project.objectives, |x| {
                (x.id.clone().unwrap_or_default(), x.title.clone())
            })
        },
    ));
    groups.push(words.area(
        "diff_planning",
        old,
        new,
        &["start", "end", "date"],
        |spec| {
            keyed(&spec.q.project.planning, |row| {
                let name = row.phase.clone().or(row.milestone.clone());
                (name.unwrap_or_default(), String::new())
            })
        },
    ));
    groups.push(
        words.area("diff_tender_dates", old, new, &["date"], |spec| {
            let t = &spec.q.tender;
            let dates = [
                ("issue_date", Some(t.issue_date)),
                ("questions_deadline", Some(t.questions_deadline)),
                ("response_deadline", Some(t.response_deadline)),
                ("presentations", t.presentations),
                ("decision", Some(t.decision)),
            ];
            dates
                .into_iter()
                .filter_map(|(key, date)| {
                    let label = text_or_key(&format!("field.{key}"), lang);
                    date.map(|d| (label, String::new(), to_value(&Dated { date: d })))
                })
                .collect()
        }),
    );
    groups.push(words.area(
        "diff_budget",
        old,
        new,
        &["min", "max", "currency"],
        |spec| {
            let name = text_or_key("budget", lang);
            spec.q
                .project
                .budget
                .iter()
                .map(|b| (name.clone(), String::new(), to_value(b)))
                .collect()
        },
    ));
    groups.push(words.area("diff_scope", old, new, &["scope"], |spec| {
        let s = &spec.q.project.scope;
        let included = s.included.iter().map(|i| (i, "included"));
        let excluded = s.excluded.iter().map(|i| (i, "excluded"));
        included
            .chain(excluded)
            .map(|(item, side)| {
                let field = text_or_key(&format!("field.{side}"), lang);
                (
                    item.clone(),
                    String::new(),
                    to_value(&Scoped { scope: field }),
                )
            })
            .collect()
    }));
    groups.push(words.area(
        "diff_channels",
        old,
        new,
        &["name", "kind", "roles", "function"],
        |spec| keyed(&spec.q.channels, |c| (c.id.clone(), c.name.clone())),
    ));
    groups.push(
        words.area("diff_roles", old, new, &["name", "colour"], |spec| {
            keyed(&spec.q.channel_roles, |r| (r.id.clone(), r.name.clone()))
        }),
    );
    groups.push(words.area(
        "diff_processes",
        old,
        new,
        &["name", "channels", "actors"],
        |spec| {
            keyed(&spec.q.processes, |p| {
                (p.id.clone().unwrap_or_default(), p.name.clone())
            })
        },
    ));
    groups.push(
        words.area("diff_systems", old, new, &["name", "keep"], |spec| {
            keyed(&spec.q.systems, |s| (s.id.clone(), s.name.clone()))
        }),
    );
    groups.push(words.area(
        "diff_flows",
        old,
        new,
        &["source", "target", "data", "frequency"],
        |spec| keyed(&spec.q.data_exchanges, |f| (f.id.clone(), String::new())),
    ));
    groups.push(words.area("diff_gdpr", old, new, &["commitment"], |spec| {
        let g = &spec.q.gdpr;
        let p = g.processor.clone().unwrap_or_default();
        let commitments = [
            ("sub_processors", &p.sub_processors),
            ("breach_notification", &p.breach_notification),
            ("transfers", &p.transfers),
            ("audits", &p.audits),
            ("impact_assessment", &g.impact_assessment),
        ];
        commitments
            .into_iter()
            .filter_map(|(key, text)| {
                let commitment = text.as_deref()?;
                Some((
                    text_or_key(key, lang),
                    String::new(),
                    to_value(&Committed { commitment }),
                ))
            })
            .collect()
    }));
    // Sub-criteria are items of their own, named after their criterion, so that a weight
    // moved between two of them reads as two changes rather than one list against another.
    groups.push(
        words.area("diff_criteria", old, new, &["weight", "basis"], |spec| {
            spec.q
                .tender
                .criteria
                .iter()
                .flat_map(|c| {
                    let mut value = to_value(c);
                    if let Value::Object(map) = &mut value {
                        map.remove("sub_criteria");
                    }
                    let criterion = (c.name.clone(), String::new(), value);
                    let subs = c.sub_criteria.iter().map(move |s| {
                        (
                            format!("{} › {}", c.name, s.name),
                            String::new(),
                            to_value(s),
                        )
                    });
                    std::iter::once(criterion).chain(subs)
                })
                .collect()
        }),
    );
    groups.push(words.area("diff_services", old, new, &[], |spec| {
        spec.q
            .services
            .iter()
            .map(|s| (s.clone(), String::new(), Value::Object(Default::default())))
            .collect()
    }));
    groups.push(words.area("diff_deliverables", old, new, &["due"], |spec| {
        keyed(&spec.q.deliverables, |d| (d.name.clone(), String::new()))
    }));
    // Each term of the contract is an item, named as the contract chapter names it.
    groups.push(words.area("diff_contract", old, new, &["clause"], |spec| {
        let Some(c) = &spec.q.contract else {
            return Vec::new();
        };
        let terms = [
            ("contract_duration", Some(&c.duration)),
            ("support_hours", Some(&c.support_hours)),
            ("recovery_point", c.recovery_point.as_ref()),
            ("recovery_time", c.recovery_time.as_ref()),
            ("penalties", c.penalties.as_ref()),
            ("warranty", Some(&c.warranty)),
        ];
        let mut entries: Vec<Entry> = terms
            .into_iter()
            .filter_map(|(key, clause)| {
                let clause = clause?.as_str();
                Some((
                    text_or_key(key, lang),
                    String::new(),
                    to_value(&Clause { clause }),
                ))
            })
            .collect();
        entries.extend(
            c.exit_plan
                .iter()
                .map(|e| (text_or_key("exit_plan", lang), String::new(), to_value(e))),
        );
        entries
    }));
    groups.push(words.area(
        "diff_service_levels",
        old,
        new,
        &["response", "resolution"],
        |spec| {
            let incidents = spec.q.contract.as_ref().map(|c| c.incidents.as_slice());
            keyed(incidents.unwrap_or_default(), |i| {
                (i.severity.clone(), String::new())
            })
        },
    ));
    groups.push(
        words.area("diff_acceptance", old, new, &["duration"], |spec| {
            let steps = spec.q.contract.as_ref().map(|c| c.acceptance.as_slice());
            keyed(steps.unwrap_or_default(), |s| {
                (s.step.clone(), String::new())
            })
        }),
    );
    // The tender's other rules, compared as a whole.
    groups.push(words.area("diff_terms", old, new, &[], |spec| {
        let t = &spec.q.tender;
        let name = text_or_key("diff_terms", lang);
        vec![(
            name,
            String::new(),
            to_value(&Terms {
                procedure: t.procedure,
                response_time: &t.response_time,
                submission: &t.submission,
                offer_validity_days: t.offer_validity_days,
                variants: t.variants,
                response_format: &t.response_format,
                documents: &t.documents,
                duration_minutes: t.demonstrations.as_ref().and_then(|d| d.duration_minutes),
                contact: &t.contact,
                scoring: &t.scoring,
            }),
        )]
    }));
    groups.push(
        words.area("diff_demonstrations", old, new, &["steps"], |spec| {
            let scenarios = spec.q.tender.demonstrations.as_ref();
            keyed(
                scenarios
                    .map(|d| d.scenarios.as_slice())
                    .unwrap_or_default(),
                |s| (s.title.clone(), String::new()),
            )
        }),
    );
    // The schedule's frame as one item, then each licensed profile by its name.
    groups.push(
        words.area("diff_pricing", old, new, &["years", "users"], |spec| {
            let Some(p) = &spec.q.pricing else {
                return Vec::new();
            };
            let frame = (
                text_or_key("diff_pricing", lang),
                String::new(),
                to_value(&Priced {
                    years: p.years,
                    one_off: &p.one_off,
                    recurring: &p.recurring,
                    options: &p.options,
                }),
            );
            let licences = p
                .licences
                .iter()
                .map(|l| (l.profile.clone(), String::new(), to_value(l)));
            std::iter::once(frame).chain(licences).collect()
        }),
    );
    groups.retain(|g| !g.changes.is_empty());

    let count = |kind| {
        groups
            .iter()
            .flat_map(|g| &g.changes)
            .filter(|c| c.kind == kind)
            .count()
    };
    Changes {
        old_version: o.document.version.clone(),
        old_date: o.document.date,
        new_version: n.document.version.clone(),
        new_date: n.document.date,
        added: count(Kind::Added),
        removed: count(Kind::Removed),
        changed: count(Kind::Changed),
        groups,
        renumbered,
    }
}

/// Requirements whose title moved to another ID, when that title is unique in both versions.
fn renumbered(old: &[Entry], new: &[Entry]) -> Vec<Renumbered> {
    let unique =
        |list: &[Entry], title: &str| list.iter().filter(|(_, t, _)| t == title).count() == 1;
    new.iter()
        .filter_map(|(new_id, title, _)| {
            let (old_id, ..) = old.iter().find(|(_, t, _)| t == title)?;
            (old_id != new_id && unique(old, title) && unique(new, title)).then(|| Renumbered {
                title: title.clone(),
                old_id: old_id.clone(),
                new_id: new_id.clone(),
            })
        })
        .collect()
}

#[derive(Serialize)]
struct Dated {
    date: Date,
}

#[derive(Serialize)]
struct Scoped {
    scope: String,
}

#[derive(Serialize)]
struct Cover<'a> {
    title: &'a str,
    reference: &'a Option<String>,
    confidentiality: &'a Option<String>,
}

/// One of the processor's GDPR commitments, or the impact assessment.
#[derive(Serialize)]
struct Committed<'a> {
    commitment: &'a str,
}

/// One term of the contract.
#[derive(Serialize)]
struct Clause<'a> {
    clause: &'a str,
}

#[derive(Serialize)]
struct Terms<'a> {
    procedure: Option<crate::model::Procedure>,
    response_time: &'a Option<String>,
    submission: &'a Option<String>,
    offer_validity_days: Option<u32>,
    variants: Option<bool>,
    response_format: &'a str,
    documents: &'a [String],
    duration_minutes: Option<u32>,
    contact: &'a str,
    scoring: &'a Option<crate::model::Scoring>,
}

/// The pricing schedule without its licences, which are items of their own.
#[derive(Serialize)]
struct Priced<'a> {
    years: u32,
    one_off: &'a [String],
    recurring: &'a [String],
    options: &'a [String],
}

/// An item of an area: its key, its label, and its content as the model serialises it.
type Entry = (String, String, Value);

fn to_value<T: Serialize>(item: &T) -> Value {
    serde_json::to_value(item).unwrap_or(Value::Null)
}

fn keyed<T: Serialize>(items: &[T], key: impl Fn(&T) -> (String, String)) -> Vec<Entry> {
    items
        .iter()
        .map(|item| {
            let (id, label) = key(item);
            (id, label, to_value(item))
        })
        .collect()
}

struct Words {
    lang: Language,
}

impl Words {
    /// The changes in one area, whose items `items` lists for a version.
    fn area(
        &self,
        area: &'static str,
        old: &Spec,
        new: &Spec,
        shown: &[&str],
        items: impl Fn(&Spec) -> Vec<Entry>,
    ) -> Group {
        self.group(area, items(old), items(new), shown)
    }

    /// Matches items by key: changed and added ones in the new order, then removed ones.
    /// `shown` are the fields an added item is summarised by.
    fn group(&self, area: &'static str, old: Vec<Entry>, new: Vec<Entry>, shown: &[&str]) -> Group {
        let mut changes = Vec::new();
        for (id, label, value) in &new {
            match old.iter().find(|(k, ..)| k == id) {
                None => changes.push(Change {
                    kind: Kind::Added,
                    id: id.clone(),
                    label: label.clone(),
                    fields: shown
                        .iter()
                        .filter(|f| **f != "title" && **f != "name")
                        .filter_map(|f| {
                            let v = value.get(*f)?;
                            (!v.is_null()).then(|| FieldChange {
                                field: self.field(f),
                                old: String::new(),
                                new: self.value(f, v),
                            })
                        })
                        .collect(),
                }),
                Some((_, _, before)) => {
                    let fields = self.fields(before, value);
                    if !fields.is_empty() {
                        changes.push(Change {
                            kind: Kind::Changed,
                            id: id.clone(),
                            label: label.clone(),
                            fields,
                        });
                    }
                }
            }
        }
        for (id, label, _) in &old {
            if !new.iter().any(|(k, ..)| k == id) {
                changes.push(Change {
                    kind: Kind::Removed,
                    id: id.clone(),
                    label: label.clone(),
                    fields: Vec::new(),
                });
            }
        }
        Group {
            area,
            title: text_or_key(area, self.lang),
            changes,
        }
    }

    fn fields(&self, old: &Value, new: &Value) -> Vec<FieldChange> {
        let empty = serde_json::Map::new();
        let (o, n) = (
            old.as_object().unwrap_or(&empty),
            new.as_object().unwrap_or(&empty),
        );
        let mut keys: Vec<&String> = n.keys().chain(o.keys()).collect();
        keys.dedup();
        let mut seen = std::collections::HashSet::new();
        keys.into_iter()
            .filter(|k| k.as_str() != "id" && seen.insert(k.as_str()))
            .filter_map(|k| {
                let (before, after) = (
                    o.get(k).unwrap_or(&Value::Null),
                    n.get(k).unwrap_or(&Value::Null),
                );
                (before != after).then(|| FieldChange {
                    field: self.field(k),
                    old: self.value(k, before),
                    new: self.value(k, after),
                })
            })
            .collect()
    }

    fn field(&self, key: &str) -> String {
        let label = text_or_key(&format!("field.{key}"), self.lang);
        if label.starts_with("field.") {
            key.to_string()
        } else {
            label
        }
    }

    /// A value as a reader writes it: dates and numbers in the document's conventions, enum
    /// values in words, lists joined.
    fn value(&self, field: &str, value: &Value) -> String {
        let lang = self.lang;
        match value {
            Value::Null => "—".to_string(),
            Value::Bool(b) => text_or_key(if *b { "yes" } else { "no" }, lang),
            Value::Number(n) => {
                let shown = n
                    .as_u64()
                    .map(|n| format::number(n, lang))
                    .unwrap_or_else(|| n.to_string());
                // Weights and coverage shares are percentages.
                match field {
                    "weight" | "standard" | "configuration" | "custom" | "not_covered" => {
                        format!("{shown} %")
                    }
                    _ => shown,
                }
            }
            Value::String(s) => {
                if let Some(d) = Date::parse(s) {
                    return format::date(d.year, d.month, d.day, lang);
                }
                let group = match field {
                    "priority" => Some("priority_label"),
                    "area" => Some("quality_area"),
                    "kind" | "direction" | "frequency" | "legal_basis" | "basis" | "via"
                    | "colour" | "hosting" | "procedure" => Some(field),
                    _ => None,
                };
                match group {
                    Some(g) => crate::lang::words::text(&format!("{g}.{s}"), lang)
                        .map_or_else(|| s.clone(), str::to_string),
                    None => s.clone(),
                }
            }
            Value::Array(items) if items.is_empty() => "—".to_string(),
            Value::Array(items) => items
                .iter()
                .map(|v| self.value(field, v))
                .collect::<Vec<_>>()
                .join("; "),
            Value::Object(map) => map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{}: {}", self.field(k), self.value(k, v)))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}
