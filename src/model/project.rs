//! The `project` section: why, what, when, how much and who decides.

use super::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub context: String,
    pub objectives: Vec<Objective>,
    pub scope: Scope,
    pub planning: Vec<PlanningRow>,
    #[serde(default)]
    pub budget: Option<Budget>,
    pub governance: Governance,
    #[serde(default)]
    pub constraints: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// Assigned (`OBJ-n`) by validation where missing.
    #[serde(default)]
    pub id: Option<String>,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub kpi: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub deadline: Option<Date>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    pub included: Vec<String>,
    #[serde(default)]
    pub excluded: Vec<String>,
}

/// A planning row is either a phase (`phase`, `start`, `end`) or a milestone (`milestone`,
/// `date`). One flat struct rather than an untagged enum: serde's untagged errors say only
/// "did not match any variant", validation says which key is missing.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanningRow {
    #[serde(default)]
    pub phase: Option<String>,
    #[serde(default)]
    pub start: Option<Date>,
    #[serde(default)]
    pub end: Option<Date>,
    #[serde(default)]
    pub milestone: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    pub min: u64,
    pub max: u64,
    pub currency: String,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Governance {
    pub sponsor: String,
    pub project_manager: String,
    #[serde(default)]
    pub steering_committee: Vec<String>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    pub role: String,
    pub email: String,
    #[serde(default)]
    pub phone: Option<String>,
}
