//! The technical sections: existing systems, data exchanges, migration, hosting, GDPR, and
//! change management.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct System {
    pub id: String,
    pub name: String,
    /// Free text (ERP, telephony…): the kinds of systems are too varied for a closed list.
    pub kind: String,
    pub keep: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DataExchange {
    pub id: String,
    pub source: String,
    pub target: String,
    pub data: Vec<String>,
    pub direction: Direction,
    pub frequency: Frequency,
    pub format: String,
    pub protocol: String,
    pub volume: String,
    pub personal_data: bool,
    #[serde(default)]
    pub legal_basis: Option<LegalBasis>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    OneWay,
    TwoWay,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalBasis {
    Consent,
    Contract,
    LegalObligation,
    VitalInterest,
    PublicTask,
    LegitimateInterest,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Migration {
    pub sources: Vec<String>,
    pub records: u64,
    pub history_years: u32,
    #[serde(default)]
    pub quality_issues: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Technical {
    pub hosting: Hosting,
    pub data_location: String,
    pub sso: String,
    pub availability: String,
    pub security: Vec<String>,
    pub reversibility: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hosting {
    Saas,
    OnPremise,
    Either,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Gdpr {
    pub dpo: String,
    #[serde(default)]
    pub retention: Vec<Retention>,
    #[serde(default)]
    pub consents: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    pub data: String,
    pub duration: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeManagement {
    #[serde(default)]
    pub sponsors: Vec<String>,
    pub training: String,
    pub job_updates: String,
    #[serde(default)]
    pub risks: Vec<String>,
}
