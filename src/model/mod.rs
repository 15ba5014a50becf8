//! The questionnaire as typed data: what a user writes in YAML, nothing derived.
//!
//! Every struct denies unknown keys so that a typo is reported (with a suggestion) instead of
//! silently ignored. One file per questionnaire section.

mod channels;
mod company;
mod date;
mod document;
mod fleur;
mod project;
mod requirements;
mod technical;
mod tender;

pub use channels::{Channel, ChannelKind, ChannelRole, Colour, Mobile, Redirect, Survey, Via};
pub use company::{Company, CustomerBase, CustomerType, Department, Notion, Principle, Site};
pub use date::Date;
pub use document::{Document, Language, Revision};
pub use fleur::{Fleur, Petal};
pub use project::{Budget, Contact, Governance, Objective, PlanningRow, Project, Scope};
pub use requirements::{CatalogueRef, Module, Priority, PriorityScheme, Requirement};
pub use technical::{
    ChangeManagement, DataExchange, Direction, Frequency, Gdpr, Hosting, LegalBasis, Migration,
    Retention, System, Technical,
};
pub use tender::{Basis, Coverage, CoverageWeights, Criterion, GlossaryEntry, Scoring, Tender};

use serde::{Deserialize, Serialize};

/// The whole questionnaire, in the order of the reference file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    pub version: u32,
    pub document: Document,
    pub project: Project,
    pub company: Company,
    #[serde(default)]
    pub principles: Vec<Principle>,
    pub channel_roles: Vec<ChannelRole>,
    pub channels: Vec<Channel>,
    #[serde(default)]
    pub mobile: Option<Mobile>,
    pub fleur: Fleur,
    pub requirements: Vec<Module>,
    pub systems: Vec<System>,
    pub data_exchanges: Vec<DataExchange>,
    #[serde(default)]
    pub migration: Option<Migration>,
    pub technical: Technical,
    pub gdpr: Gdpr,
    pub change_management: ChangeManagement,
    pub services: Vec<String>,
    pub tender: Tender,
    #[serde(default)]
    pub glossary: Vec<GlossaryEntry>,
    /// The advisor's settings: findings the team has reviewed and accepted.
    #[serde(default)]
    pub advice: Option<AdviceSettings>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
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
    "fleur",
    "requirements",
    "systems",
    "data_exchanges",
    "migration",
    "technical",
    "gdpr",
    "change_management",
    "services",
    "tender",
    "glossary",
    "advice",
];

/// Sections a questionnaire may leave out.
pub const OPTIONAL_SECTIONS: &[&str] = &["principles", "mobile", "migration", "glossary", "advice"];
