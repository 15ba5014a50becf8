//! The questionnaire as typed data: what a user writes in YAML, nothing derived.
//!
//! Every struct denies unknown keys so that a typo is reported (with a suggestion) instead of
//! silently ignored. One file per questionnaire section.

mod channels;
mod company;
mod contract;
mod date;
mod document;
mod fleur;
mod processes;
mod project;
mod requirements;
mod technical;
mod tender;

pub use crate::lang::Language;
pub use channels::{Channel, ChannelKind, ChannelRole, Colour, Mobile, Redirect, Survey, Via};
pub use company::{Company, CustomerBase, CustomerType, Department, Notion, Principle, Site};
pub use contract::{AcceptanceStep, Contract, Deliverable, ExitPlan, Incident, Licence, Pricing};
pub use date::Date;
pub use document::{Document, Revision};
pub use fleur::{Fleur, Petal};
pub use processes::{Process, QualityArea, QualityRequirement};
pub use project::{Budget, Contact, Governance, Objective, PlanningRow, Project, Scope};
pub use requirements::{CatalogueRef, Module, Priority, PriorityScheme, Requirement};
pub use technical::{
    known_system_kind, ChangeManagement, DataExchange, Direction, Frequency, Gdpr, Hosting,
    LegalBasis, Migration, Processor, Retention, System, Technical, SYSTEM_KINDS,
};
pub use tender::{
    Basis, Coverage, CoverageWeights, Criterion, Demonstrations, GlossaryEntry, Procedure,
    Scenario, Scoring, SubCriterion, Tender,
};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The whole questionnaire, in the order of the reference file.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// Questionnaire format version; `1`.
    pub version: u32,
    /// The cover page: title, client, author, version, date, language.
    pub document: Document,
    /// Why, what, when, how much and who decides.
    pub project: Project,
    /// Who the buyer is: sector, size, customers, sites, organisation.
    pub company: Company,
    /// (optional) The positions the project takes on the method's key notions.
    #[serde(default)]
    pub principles: Vec<Principle>,
    /// The roles a channel can play, each with a colour (red = sell, yellow = after-sales, green = promotion…).
    pub channel_roles: Vec<ChannelRole>,
    /// Every point of contact with the customer: its roles, what it shows, where it redirects, what is automated.
    pub channels: Vec<Channel>,
    /// (optional) Mobile-first usages: current usages, improvements, personalisation, surveys.
    #[serde(default)]
    pub mobile: Option<Mobile>,
    /// (optional) The business processes the CRM must serve: today and tomorrow, with their channels.
    #[serde(default)]
    pub processes: Vec<Process>,
    /// The F.L.E.U.R. experience model: five petals around the customer.
    pub fleur: Fleur,
    /// Functional requirements, grouped by CRM module.
    pub requirements: Vec<Module>,
    /// (optional) Quality requirements: performance, accessibility, compatibility, languages…
    #[serde(default)]
    pub quality: Vec<QualityRequirement>,
    /// Existing systems the CRM lives with.
    pub systems: Vec<System>,
    /// Data flows between the CRM and the other systems.
    pub data_exchanges: Vec<DataExchange>,
    /// (optional) Data to take over from the old tools.
    #[serde(default)]
    pub migration: Option<Migration>,
    /// Hosting, data location, SSO, service levels, security, reversibility.
    pub technical: Technical,
    /// Personal data protection: DPO, retention periods, consents.
    pub gdpr: Gdpr,
    /// Sponsors, training, job changes and risks.
    pub change_management: ChangeManagement,
    /// Services expected from the vendor (project management, training, support…).
    pub services: Vec<String>,
    /// (optional) What the vendor hands over, and when.
    #[serde(default)]
    pub deliverables: Vec<Deliverable>,
    /// (optional) The contract's terms: service levels, acceptance, warranty, exit plan.
    #[serde(default)]
    pub contract: Option<Contract>,
    /// The consultation: calendar, response format, weighted criteria, contact.
    pub tender: Tender,
    /// (optional) What vendors price, and over how many years the total cost is compared.
    #[serde(default)]
    pub pricing: Option<Pricing>,
    /// (optional) Terms the document uses, defined.
    #[serde(default)]
    pub glossary: Vec<GlossaryEntry>,
    /// The advisor's settings: findings the team has reviewed and accepted.
    #[serde(default)]
    pub advice: Option<AdviceSettings>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdviceSettings {
    /// Rule codes (`CH003`) whose findings are not reported.
    #[serde(default)]
    pub allow: Vec<String>,
}

/// The top-level keys, in document order: the loader deserializes them one by one so that one
/// broken section does not hide the problems of the others.
pub const SECTIONS: &[&str] = &[
    "version",
    "document",
    "project",
    "company",
    "principles",
    "channel_roles",
    "channels",
    "mobile",
    "processes",
    "fleur",
    "requirements",
    "quality",
    "systems",
    "data_exchanges",
    "migration",
    "technical",
    "gdpr",
    "change_management",
    "services",
    "deliverables",
    "contract",
    "tender",
    "pricing",
    "glossary",
    "advice",
];

/// Sections a questionnaire may leave out.
pub const OPTIONAL_SECTIONS: &[&str] = &[
    "principles",
    "mobile",
    "processes",
    "quality",
    "migration",
    "deliverables",
    "contract",
    "pricing",
    "glossary",
    "advice",
];
