//! The `tender` and `glossary` sections: how vendors answer and how they are judged.

use super::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tender {
    pub issue_date: Date,
    pub questions_deadline: Date,
    pub response_deadline: Date,
    #[serde(default)]
    pub presentations: Option<Date>,
    pub decision: Date,
    pub response_format: String,
    pub criteria: Vec<Criterion>,
    pub contact: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub name: String,
    pub weight: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    pub term: String,
    pub definition: String,
}
