//! The `deliverables`, `contract` and `pricing` sections: what the vendor hands over, the
//! terms it commits to, and what it prices in the schedule it fills in.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deliverable {
    /// The deliverable (`Plan d'assurance qualité`).
    pub name: String,
    /// (optional) When it is due, in words (`Un mois après la notification`).
    #[serde(default)]
    pub due: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// How long the contract runs, and its renewals.
    pub duration: String,
    /// When support answers.
    pub support_hours: String,
    /// Service levels by incident severity, most severe first.
    pub incidents: Vec<Incident>,
    /// (optional) Recovery point objective: how much data a failure may lose.
    #[serde(default)]
    pub recovery_point: Option<String>,
    /// (optional) Recovery time objective: how long the service may be down after a failure.
    #[serde(default)]
    pub recovery_time: Option<String>,
    /// (optional) Penalties for missed service levels.
    #[serde(default)]
    pub penalties: Option<String>,
    /// The acceptance steps, in order.
    pub acceptance: Vec<AcceptanceStep>,
    /// The warranty after acceptance.
    pub warranty: String,
    /// (optional) How the client gets its data and service back at the end of the contract.
    #[serde(default)]
    pub exit_plan: Option<ExitPlan>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// The severity's name (`Bloquant`); unique.
    pub severity: String,
    /// What makes an incident this severe.
    pub definition: String,
    /// Longest time before the vendor starts working on it.
    pub response: String,
    /// Longest time before it is fixed or worked around.
    pub resolution: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptanceStep {
    /// The step's name (`Vérification d'aptitude`).
    pub step: String,
    /// (optional) What is checked.
    #[serde(default)]
    pub description: Option<String>,
    /// (optional) How long it lasts.
    #[serde(default)]
    pub duration: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExitPlan {
    /// Formats the data is handed back in.
    #[serde(default)]
    pub formats: Vec<String>,
    /// (optional) The help given to move to another vendor.
    #[serde(default)]
    pub transition: Option<String>,
    /// (optional) What the exit costs.
    #[serde(default)]
    pub cost: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pricing {
    /// Years over which the total cost of ownership is compared (1 to 10).
    pub years: u32,
    /// User profiles to license, with their number of users.
    #[serde(default)]
    pub licences: Vec<Licence>,
    /// Work priced once.
    #[serde(default)]
    pub one_off: Vec<String>,
    /// Costs priced per year.
    #[serde(default)]
    pub recurring: Vec<String>,
    /// (optional) Priced apart, not counted in the comparison.
    #[serde(default)]
    pub options: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    /// The user profile (`Vendeur magasin`).
    pub profile: String,
    /// How many users have it.
    pub users: u32,
}
