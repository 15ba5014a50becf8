//! The `project` section: why, what, when, how much and who decides.

use super::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Where the company stands and why it needs a CRM.
    pub context: String,
    /// Objectives, each with a measurable target.
    pub objectives: Vec<Objective>,
    /// What the project covers and what it leaves out.
    pub scope: Scope,
    /// Phases (`phase`, `start`, `end`) and milestones (`milestone`, `date`).
    pub planning: Vec<PlanningRow>,
    /// (optional) The budget range.
    #[serde(default)]
    pub budget: Option<Budget>,
    /// Sponsor, project manager, steering committee, contacts.
    pub governance: Governance,
    /// (optional) Constraints the solution must respect.
    #[serde(default)]
    pub constraints: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// Assigned (`OBJ-n`) by validation where missing.
    #[serde(default)]
    pub id: Option<String>,
    /// The objective, in a few words.
    pub title: String,
    /// (optional) What it means in practice.
    #[serde(default)]
    pub description: Option<String>,
    /// (optional) The indicator that measures it.
    #[serde(default)]
    pub kpi: Option<String>,
    /// (optional) The value to reach (`80 %`).
    #[serde(default)]
    pub target: Option<String>,
    /// (optional) When, YYYY-MM-DD.
    #[serde(default)]
    pub deadline: Option<Date>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// What the project covers.
    pub included: Vec<String>,
    /// (optional) What it leaves out, said explicitly to avoid misunderstandings.
    #[serde(default)]
    pub excluded: Vec<String>,
}

/// A planning row is either a phase (`phase`, `start`, `end`) or a milestone (`milestone`,
/// `date`).
// One flat struct rather than an untagged enum: serde's untagged errors say only "did not
// match any variant", validation says which key is missing. (Not in the doc comment, which
// is the editor's help text.)
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanningRow {
    /// A phase's name (with `start` and `end`).
    #[serde(default)]
    pub phase: Option<String>,
    /// The phase's first day, YYYY-MM-DD.
    #[serde(default)]
    pub start: Option<Date>,
    /// The phase's last day, YYYY-MM-DD.
    #[serde(default)]
    pub end: Option<Date>,
    /// A milestone's name (with `date`).
    #[serde(default)]
    pub milestone: Option<String>,
    /// The milestone's date, YYYY-MM-DD.
    #[serde(default)]
    pub date: Option<Date>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// Lower bound, in `currency`.
    pub min: u64,
    /// Upper bound, in `currency`.
    pub max: u64,
    /// ISO 4217 code (`EUR`).
    pub currency: String,
    /// (optional) Whether the amounts include VAT; `false` (excluding VAT, as tenders state
    /// budgets) when absent.
    #[serde(default)]
    pub includes_tax: bool,
    /// (optional) What the budget covers.
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Governance {
    /// Who sponsors the project.
    pub sponsor: String,
    /// Who runs it on the client's side.
    pub project_manager: String,
    /// Members of the steering committee.
    #[serde(default)]
    pub steering_committee: Vec<String>,
    /// People vendors may contact.
    #[serde(default)]
    pub contacts: Vec<Contact>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Full name.
    pub name: String,
    /// Role in the project.
    pub role: String,
    /// E-mail address.
    pub email: String,
    /// (optional) Phone number.
    #[serde(default)]
    pub phone: Option<String>,
}
