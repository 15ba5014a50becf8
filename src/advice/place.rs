//! Where a finding is, as the document's reader knows it: the sections holding the field
//! and the item by its name (Parcours client et canaux › Points de contact › Boutique),
//! never the questionnaire's field path (`channels[3].roles`).
//!
//! Each level is one of the document's own headings or labels, taken from the words table
//! the templates print, so the annex names a section exactly as the document titles it. The
//! table below maps field paths to those words' keys; it names no language.

use crate::lang::messages::{self, Message, Prose};
use crate::lang::{words, Language};
use crate::spec::Spec;

/// Field paths (item indices written `[]`, a F.L.E.U.R. petal `*`) and the keys of the
/// words that name them in the document, outermost first. An empty list: a level the
/// document does not show (a module's `items` are the module itself). A field not listed is
/// named by its `field.*` word, the changes list's.
const LEVELS: &[(&str, &[&str])] = &[
    ("project", &["project"]),
    ("project.objectives", &["objectives"]),
    ("project.planning", &["planning"]),
    ("project.budget", &["budget"]),
    ("company", &["company"]),
    ("company.customer_types", &["identity", "customer_types"]),
    ("principles", &["principles"]),
    ("channel_roles", &["channels", "roles"]),
    ("channels", &["channels", "channel_table"]),
    ("processes", &["channels", "processes"]),
    ("mobile", &["channels", "mobile"]),
    ("fleur", &["fleur"]),
    ("fleur.*.actors", &["actors"]),
    ("fleur.*.from_customer", &["from_customer"]),
    ("fleur.*.to_customer", &["to_customer"]),
    ("fleur.*.objectives", &["petal_objectives"]),
    ("requirements", &["requirements"]),
    ("requirements[].items", &[]),
    ("quality", &["technical", "quality"]),
    ("systems", &["technical", "systems"]),
    ("data_exchanges", &["technical", "flows"]),
    ("technical", &["technical"]),
    ("technical.hosting", &["hosting_security", "hosting"]),
    (
        "technical.data_location",
        &["hosting_security", "data_location"],
    ),
    ("technical.security", &["hosting_security", "security"]),
    (
        "technical.reversibility",
        &["hosting_security", "reversibility"],
    ),
    ("migration", &["technical", "migration"]),
    ("migration.history_years", &["migration_history"]),
    ("gdpr", &["technical", "gdpr"]),
    ("gdpr.retention", &["retention"]),
    ("gdpr.consents", &["consents"]),
    ("gdpr.processor", &["processor"]),
    ("contract", &["contract"]),
    ("contract.incidents", &["service_levels"]),
    ("contract.exit_plan", &["exit_plan"]),
    ("tender", &["tender"]),
    ("tender.procedure", &["procedure"]),
    ("tender.submission", &["submission", "submission_where"]),
    (
        "tender.response_deadline",
        &["calendar", "response_deadline"],
    ),
    ("tender.criteria", &["criteria"]),
    ("tender.criteria[].sub_criteria", &["sub_criterion_of"]),
    ("tender.demonstrations", &["demonstrations"]),
    ("tender.demonstrations.scenarios", &[]),
];

/// The place of field `path` in the document, its levels joined as `lang` joins them;
/// `None` when a level has no name in the document (a field this table and the words do not
/// know), so that a test catches it.
pub fn place(spec: &Spec, path: &str, lang: Language) -> Option<String> {
    levels(spec, path, lang).map(|levels| messages::place(&levels, lang))
}

/// The names of the levels of field `path`, outermost first.
fn levels(spec: &Spec, path: &str, lang: Language) -> Option<Vec<String>> {
    let mut levels = Vec::new();
    let mut normal = String::new();
    let mut indices = Vec::new();
    for segment in path.split('.').filter(|s| !s.is_empty()) {
        let name = segment.split('[').next().unwrap_or(segment);
        let petal = normal == "fleur";
        if !normal.is_empty() {
            normal.push('.');
        }
        if petal {
            normal.push('*');
            levels.push(words::text(&format!("petal.{name}"), lang)?.to_string());
        } else {
            normal.push_str(name);
            levels.extend(named(&normal, name, lang)?);
        }
        for index in segment.split('[').skip(1) {
            let index: usize = index.trim_end_matches(']').parse().ok()?;
            normal.push_str("[]");
            indices.push(index);
            levels.extend(item(spec, &normal, &indices));
        }
    }
    Some(levels)
}

/// The words naming field `normal` (the path so far, indices as `[]`), `name` its last key.
fn named(normal: &str, name: &str, lang: Language) -> Option<Vec<String>> {
    let keys: Vec<String> = match LEVELS.iter().find(|(path, _)| *path == normal) {
        Some((_, keys)) => keys.iter().map(|k| k.to_string()).collect(),
        None => vec![format!("field.{name}")],
    };
    keys.iter()
        .map(|k| words::text(k, lang).map(str::to_string))
        .collect()
}

/// The name of the item `indices` point at in the list `normal`, when the document shows
/// one (a channel's name, a requirement's ID); `None` for an item the document does not name.
fn item(spec: &Spec, normal: &str, indices: &[usize]) -> Option<String> {
    let q = &spec.q;
    let last = *indices.last()?;
    let text = match normal {
        "channel_roles[]" => q.channel_roles.get(last)?.name.clone(),
        "channels[]" => q.channels.get(last)?.name.clone(),
        "processes[]" => q.processes.get(last)?.name.clone(),
        "systems[]" => q.systems.get(last)?.name.clone(),
        "data_exchanges[]" => q.data_exchanges.get(last)?.id.clone(),
        "project.objectives[]" => q.project.objectives.get(last)?.id.clone()?,
        "requirements[]" => q.requirements.get(last)?.module.clone(),
        "requirements[].items[]" => q
            .requirements
            .get(indices[0])?
            .items
            .get(last)?
            .id
            .clone()?,
        "quality[]" => q.quality.get(last)?.id.clone()?,
        "tender.criteria[]" => q.tender.criteria.get(last)?.name.clone(),
        "tender.demonstrations.scenarios[]" => q
            .tender
            .demonstrations
            .as_ref()?
            .scenarios
            .get(last)?
            .title
            .clone(),
        _ => return None,
    };
    Some(text)
}

/// A message as the document's reader reads it: in `lang`, values quoted as the language
/// quotes, closed-list values by their labels, items by their names, fields by the name of
/// their section or label (quoted, since it reads as a name inside a sentence; the annex
/// gives the whole place beside it).
pub fn worded(spec: &Spec, message: &Message, lang: Language) -> String {
    let place = |path: &str, lang: Language| {
        let named = levels(spec, path, lang)
            .or_else(|| {
                // A field the table does not know: its outermost section, which every field has.
                let section = path.split(['.', '[']).next().unwrap_or(path);
                levels(spec, section, lang)
            })
            .and_then(|levels| levels.last().cloned())
            .unwrap_or_default();
        messages::quote(&named, lang)
    };
    capitalised(&message.text(lang, &Prose { place: &place }))
}

/// A message starts a table cell in the annex as a sentence does: with a capital letter.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn velo() -> Spec {
        let text = include_str!("../../specs/velo-horizon.yaml");
        let loaded = crate::load::load(text).expect("the example loads");
        crate::validate::validate(loaded, None).expect("the example is valid")
    }

    #[test]
    fn names_fields_by_their_sections_and_items() {
        let spec = velo();
        let fr = |path: &str| place(&spec, path, Language::Fr).unwrap();
        let en = |path: &str| place(&spec, path, Language::En).unwrap();
        let [ref project, ref objectives, ref deadline] =
            ["project", "objectives", "field.deadline"]
                .map(|k| words::text_or_key(k, Language::Fr));
        assert_eq!(
            fr("project.objectives[2].deadline"),
            format!("{project} › {objectives} › OBJ-3 › {deadline}")
        );
        let channel = &spec.q.channels[1].name;
        assert!(fr("channels[1].roles").contains(&format!(" › {channel} › ")));
        let word = |k: &str| words::text_or_key(k, Language::En);
        assert_eq!(
            en("fleur.unicite.actors"),
            format!(
                "{} › {} › {}",
                word("fleur"),
                word("petal.unicite"),
                word("actors")
            )
        );
        assert_eq!(place(&spec, "nowhere.to_be_found", Language::Fr), None);
    }

    /// Every field a table entry names has its words in every language.
    #[test]
    fn every_level_has_its_words() {
        for &lang in Language::ALL {
            for (path, keys) in LEVELS {
                for key in *keys {
                    assert!(
                        words::text(key, lang).is_some(),
                        "{path}: {key} in {}",
                        lang.code()
                    );
                }
            }
        }
    }
}
