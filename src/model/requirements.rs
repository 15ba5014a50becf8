//! The `requirements` section: functional needs grouped by CRM module.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Module {
    /// The CRM module's name (`Gestion des clients`).
    pub module: String,
    /// Optional explicit prefix for derived IDs (`CLI`); derived from the module name otherwise.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Standard requirements pulled from crmspec's catalogue (`SAL-QUOTE`, or `SAL-*` for a
    /// whole catalogue module); validation turns them into items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub catalogue: Vec<CatalogueRef>,
    /// The module's own requirements.
    #[serde(default)]
    pub items: Vec<Requirement>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Assigned by validation where missing; stable across re-renders.
    #[serde(default)]
    pub id: Option<String>,
    /// The requirement, in a few words.
    pub title: String,
    /// What the solution must do.
    pub description: String,
    /// `must`/`should`/`could`/`wont` (MoSCoW) or `indispensable`/`important`/`souhaitable` (P/I/S); one scheme per questionnaire.
    pub priority: Priority,
    /// (optional) How the client will check it.
    #[serde(default)]
    pub acceptance: Option<String>,
}

/// A reference to the catalogue: a bare ID (`SAL-QUOTE`, `SAL-*`) or `{ id, priority }` to
/// override the catalogue's priority.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogueRef {
    pub id: String,
    pub priority: Option<Priority>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct CatalogueRefMap {
    /// A catalogue ID (`SAL-QUOTE`); `crmspec catalogue` lists them.
    id: String,
    /// Overrides the catalogue's default priority.
    #[serde(default)]
    priority: Option<Priority>,
}

impl JsonSchema for CatalogueRef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CatalogueRef".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let map = generator.subschema_for::<CatalogueRefMap>();
        schemars::json_schema!({
            "description": "A catalogue ID (`SAL-QUOTE`), a whole catalogue module (`SAL-*`), or `{ id, priority }` to change its priority.",
            "oneOf": [
                { "type": "string" },
                map
            ]
        })
    }
}

impl<'de> Deserialize<'de> for CatalogueRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = CatalogueRef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a catalogue ID (`SAL-QUOTE`, `SAL-*`) or `{ id, priority }`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CatalogueRef, E> {
                Ok(CatalogueRef {
                    id: v.to_string(),
                    priority: None,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<CatalogueRef, A::Error> {
                let full = CatalogueRefMap::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )?;
                Ok(CatalogueRef {
                    id: full.id,
                    priority: full.priority,
                })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A requirement's priority, in one of two schemes: MoSCoW (must/should/could/wont) or the
/// French public-tender scheme (indispensable/important/souhaitable, shown P/I/S). A
/// questionnaire uses one scheme throughout; validation enforces it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Must,
    Should,
    Could,
    Wont,
    Indispensable,
    Important,
    Souhaitable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorityScheme {
    Moscow,
    Pis,
}

impl PriorityScheme {
    /// The priorities of the scheme, most necessary first.
    pub fn levels(self) -> &'static [Priority] {
        match self {
            PriorityScheme::Moscow => &[
                Priority::Must,
                Priority::Should,
                Priority::Could,
                Priority::Wont,
            ],
            PriorityScheme::Pis => &[
                Priority::Indispensable,
                Priority::Important,
                Priority::Souhaitable,
            ],
        }
    }
}

impl Priority {
    /// Points a requirement of this priority is worth in the functional score, unless the
    /// questionnaire's `tender.scoring.priority` says otherwise: won't is not scored.
    pub fn default_points(self) -> u32 {
        [3, 2, 1, 0][self.level()]
    }

    /// 0 for the most necessary (must, P), 3 for won't.
    pub fn level(self) -> usize {
        match self {
            Priority::Must | Priority::Indispensable => 0,
            Priority::Should | Priority::Important => 1,
            Priority::Could | Priority::Souhaitable => 2,
            Priority::Wont => 3,
        }
    }

    pub fn scheme(self) -> PriorityScheme {
        match self {
            Priority::Must | Priority::Should | Priority::Could | Priority::Wont => {
                PriorityScheme::Moscow
            }
            _ => PriorityScheme::Pis,
        }
    }

    /// The same necessity in another scheme; `None` for won't, which P/I/S does not have.
    pub fn in_scheme(self, scheme: PriorityScheme) -> Option<Priority> {
        scheme.levels().get(self.level()).copied()
    }

    /// The word as written in a questionnaire.
    pub fn key(self) -> &'static str {
        match self {
            Priority::Must => "must",
            Priority::Should => "should",
            Priority::Could => "could",
            Priority::Wont => "wont",
            Priority::Indispensable => "indispensable",
            Priority::Important => "important",
            Priority::Souhaitable => "souhaitable",
        }
    }

    /// Parses the word as written in a questionnaire.
    pub fn from_key(key: &str) -> Option<Priority> {
        [PriorityScheme::Moscow, PriorityScheme::Pis]
            .iter()
            .flat_map(|s| s.levels())
            .copied()
            .find(|p| p.key() == key)
    }
}
