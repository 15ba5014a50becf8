//! The `document` section: who issues the document, in which language, and its revisions.

use super::Date;
use crate::lang::Language;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The document's title, on the cover and at the top of every page.
    pub title: String,
    /// Language of the generated document: `fr` (default) or `en`.
    #[serde(default)]
    pub language: Language,
    /// The organisation issuing the tender.
    pub client: String,
    /// Who wrote the document.
    pub author: String,
    /// The document's version (`1.2`).
    pub version: String,
    /// The document's date, YYYY-MM-DD.
    pub date: Date,
    /// (optional) The tender's reference, on the cover and at the foot of every page.
    #[serde(default)]
    pub reference: Option<String>,
    /// (optional) Confidentiality notice, on the cover and at the foot of every page.
    #[serde(default)]
    pub confidentiality: Option<String>,
    /// Path relative to the questionnaire's folder; resolved and checked by validation.
    #[serde(default)]
    pub logo: Option<String>,
    /// (optional) The revision table.
    #[serde(default)]
    pub history: Vec<Revision>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// Version of this revision.
    pub version: String,
    /// Date of this revision, YYYY-MM-DD.
    pub date: Date,
    /// Who made it.
    pub author: String,
    /// What changed.
    pub changes: String,
}
