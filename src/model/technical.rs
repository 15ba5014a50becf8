//! The technical sections: existing systems, data exchanges, migration, hosting, GDPR, and
//! change management.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct System {
    /// Short key data exchanges refer to (`erp`).
    pub id: String,
    /// The product's name.
    pub name: String,
    /// The kind of system: a usual kind (`erp`, `ecommerce`, `emailing`, `telephony`…), shown by its name in the document's language, or any other text, shown as typed.
    #[schemars(schema_with = "system_kind_schema")]
    pub kind: String,
    /// `true` if it stays after the CRM arrives, `false` if the CRM replaces it.
    pub keep: bool,
}

/// The kinds of system common enough to have a name in every language (`system_kind.*` in
/// the locale files). Other kinds are too varied for a closed list and stay free text.
pub const SYSTEM_KINDS: &[&str] = &[
    "erp",
    "crm",
    "ecommerce",
    "website",
    "emailing",
    "marketing_automation",
    "email",
    "telephony",
    "helpdesk",
    "pos",
    "accounting",
    "bi",
    "identity",
    "spreadsheet",
    "loyalty",
    "pim",
];

impl System {
    /// The usual kind this system's free-text `kind` names, if it is one.
    pub fn known_kind(&self) -> Option<&'static str> {
        known_system_kind(&self.kind)
    }
}

/// The usual kind of system `typed` names, compared without case, spaces or punctuation
/// (`ERP`, `e-commerce`, `Marketing automation`), if it is one.
pub fn known_system_kind(typed: &str) -> Option<&'static str> {
    let folded = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let typed = folded(typed);
    SYSTEM_KINDS.iter().copied().find(|k| folded(k) == typed)
}

/// A usual kind, offered for completion, or any other text.
fn system_kind_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "anyOf": [
            { "enum": SYSTEM_KINDS },
            { "type": "string" }
        ]
    })
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataExchange {
    /// Stable ID of the exchange (`FLX-01`).
    pub id: String,
    /// Where the data comes from: a system `id` or `crm`.
    pub source: String,
    /// Where it goes: a system `id` or `crm`.
    pub target: String,
    /// The data exchanged.
    pub data: Vec<String>,
    /// `one_way` or `two_way`.
    pub direction: Direction,
    /// `real_time`, `hourly`, `daily`, `weekly`, `monthly`, `on_demand`.
    pub frequency: Frequency,
    /// Data format (`JSON`, `CSV`).
    pub format: String,
    /// Protocol (`REST API`, `SFTP`).
    pub protocol: String,
    /// Volume (`5 000 tickets/jour`).
    pub volume: String,
    /// Whether personal data is exchanged.
    pub personal_data: bool,
    /// (optional) GDPR lawful basis when personal data is exchanged: `consent`, `contract`, `legal_obligation`, `vital_interest`, `public_task`, `legitimate_interest`.
    #[serde(default)]
    pub legal_basis: Option<LegalBasis>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    OneWay,
    TwoWay,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    RealTime,
    Hourly,
    Daily,
    Weekly,
    Monthly,
    OnDemand,
}

/// GDPR article 6 lawful bases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LegalBasis {
    Consent,
    Contract,
    LegalObligation,
    VitalInterest,
    PublicTask,
    LegitimateInterest,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Migration {
    /// Tools whose data is migrated.
    pub sources: Vec<String>,
    /// Number of records.
    pub records: u64,
    /// Years of history to take over.
    pub history_years: u32,
    /// Known data quality problems.
    #[serde(default)]
    pub quality_issues: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Technical {
    /// `saas`, `on_premise` or `either`.
    pub hosting: Hosting,
    /// Where data must be hosted.
    pub data_location: String,
    /// Single sign-on requirement.
    pub sso: String,
    /// Service level (availability, support hours).
    pub availability: String,
    /// Security requirements.
    pub security: Vec<String>,
    /// How the client gets its data back at the end of the contract.
    pub reversibility: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Hosting {
    Saas,
    OnPremise,
    Either,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gdpr {
    /// The data protection officer.
    pub dpo: String,
    /// Retention period per kind of data.
    #[serde(default)]
    pub retention: Vec<Retention>,
    /// Consents the CRM must record.
    #[serde(default)]
    pub consents: Vec<String>,
    /// (optional) What the vendor commits to as processor (GDPR article 28).
    #[serde(default)]
    pub processor: Option<Processor>,
    /// (optional) The data protection impact assessment (GDPR article 35): whether and when.
    #[serde(default)]
    pub impact_assessment: Option<String>,
}

/// The processor's commitments a buyer must obtain under GDPR article 28.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Processor {
    /// (optional) How sub-processors are disclosed and changes notified.
    #[serde(default)]
    pub sub_processors: Option<String>,
    /// (optional) How soon a personal data breach is notified to the client.
    #[serde(default)]
    pub breach_notification: Option<String>,
    /// (optional) Transfers of personal data outside the European Union.
    #[serde(default)]
    pub transfers: Option<String>,
    /// (optional) The client's audit rights.
    #[serde(default)]
    pub audits: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// The kind of data.
    pub data: String,
    /// How long it is kept.
    pub duration: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeManagement {
    /// Who carries the change.
    #[serde(default)]
    pub sponsors: Vec<String>,
    /// Training expected.
    pub training: String,
    /// How jobs change.
    pub job_updates: String,
    /// Risks for adoption.
    #[serde(default)]
    pub risks: Vec<String>,
}
