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
    /// How `crmspec score` marks it; guessed from the name when absent (see [`Basis::guess`]).
    #[serde(default)]
    pub basis: Option<Basis>,
}

/// How a criterion is scored: from the response grids, from the prices, or by the
/// evaluation committee's marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Coverage,
    Price,
    Marks,
}

impl Basis {
    /// What a criterion's name says it is: functional fit or coverage, price or cost, else
    /// marks. Names are compared without regard to case.
    pub fn guess(name: &str) -> Basis {
        let name = name.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| name.contains(w));
        if has(&["fonctionnel", "functional", "couverture", "coverage"]) {
            Basis::Coverage
        } else if has(&[
            "prix", "price", "coût", "cout", "cost", "tarif", "tco", "financ", "budget",
        ]) {
            Basis::Price
        } else {
            Basis::Marks
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    pub term: String,
    pub definition: String,
}
