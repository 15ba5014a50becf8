//! The `processes` and `quality` sections: the business processes the CRM must serve, and the
//! quality requirements (speed, accessibility, browsers, languages…) it must meet.

use super::Priority;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Process {
    /// (optional) Stable ID (`PRC-01`); assigned from the process's position where missing.
    #[serde(default)]
    pub id: Option<String>,
    /// The process, as the business names it.
    pub name: String,
    /// (optional) How it runs today; absent for a process the CRM creates.
    #[serde(default)]
    pub current: Option<String>,
    /// How it should run with the CRM.
    pub target: String,
    /// The channels (ids from `channels`) it goes through.
    #[serde(default)]
    pub channels: Vec<String>,
    /// The people or teams who take part.
    #[serde(default)]
    pub actors: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QualityRequirement {
    /// (optional) Stable ID (`QUA-01`); assigned from the requirement's position where missing.
    #[serde(default)]
    pub id: Option<String>,
    /// What kind of quality: `performance`, `accessibility`, `compatibility`, `languages`, `usability`, `operations` or `security`.
    pub area: QualityArea,
    /// The requirement, in a few words.
    pub title: String,
    /// What the solution must achieve, measurably.
    pub description: String,
    /// Same scheme as the functional requirements.
    pub priority: Priority,
    /// (optional) How the client will check it.
    #[serde(default)]
    pub acceptance: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QualityArea {
    Performance,
    Accessibility,
    Compatibility,
    Languages,
    Usability,
    Operations,
    Security,
}
