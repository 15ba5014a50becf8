//! The validated, resolved questionnaire: exactly the data the templates see.
//!
//! Everything a template would otherwise have to compute (requirement IDs, totals, names of
//! referenced channels and systems, per-role channel lists) is computed once here, so templates
//! only place values.

use crate::model::{
    Channel, Colour, DataExchange, Date, Language, Petal, Priority, Questionnaire, Via,
};
use serde::Serialize;

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
    pub flows: Vec<FlowView>,
    pub petals: Vec<PetalView>,
    pub requirements: RequirementSummary,
    pub organisation_totals: OrganisationTotals,
    pub site_total: u64,
    pub criteria_total: u32,
    /// Personal data flows, for the GDPR section's summary.
    pub personal_flow_ids: Vec<String>,
    /// Every text value of the questionnaire with its field path and position, for checks
    /// on what the user typed (e.g. characters no embedded font has).
    #[serde(skip)]
    pub texts: Vec<TextField>,
    /// Where each field is written, so later stages (the advisor) can point at lines.
    #[serde(skip)]
    pub positions: crate::positions::Positions,
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

#[derive(Debug, Clone, Serialize)]
pub struct ChannelView {
    #[serde(flatten)]
    pub channel: Channel,
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

#[derive(Debug, Clone, Default, Serialize)]
pub struct PriorityCount {
    pub must: usize,
    pub should: usize,
    pub could: usize,
    pub wont: usize,
    pub total: usize,
}

impl PriorityCount {
    pub fn add(&mut self, priority: Priority) {
        match priority {
            Priority::Must => self.must += 1,
            Priority::Should => self.should += 1,
            Priority::Could => self.could += 1,
            Priority::Wont => self.wont += 1,
        }
        self.total += 1;
    }
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
