//! The `requirements` section: functional needs grouped by CRM module.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Module {
    pub module: String,
    /// Optional explicit prefix for derived IDs (`CLI`); derived from the module name otherwise.
    #[serde(default)]
    pub prefix: Option<String>,
    pub items: Vec<Requirement>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Assigned by validation where missing; stable across re-renders.
    #[serde(default)]
    pub id: Option<String>,
    pub title: String,
    pub description: String,
    pub priority: Priority,
    #[serde(default)]
    pub acceptance: Option<String>,
}

/// MoSCoW priorities, in decreasing order of necessity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Must,
    Should,
    Could,
    Wont,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Must,
        Priority::Should,
        Priority::Could,
        Priority::Wont,
    ];
}
