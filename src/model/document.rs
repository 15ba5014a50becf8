//! The `document` section: who issues the document, in which language, and its revisions.

use super::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub title: String,
    #[serde(default)]
    pub language: Language,
    pub client: String,
    pub author: String,
    pub version: String,
    pub date: Date,
    #[serde(default)]
    pub confidentiality: Option<String>,
    /// Path relative to the questionnaire's folder; resolved and checked by validation.
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub history: Vec<Revision>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Fr,
    En,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub version: String,
    pub date: Date,
    pub author: String,
    pub changes: String,
}
