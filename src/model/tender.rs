//! The `tender` and `glossary` sections: how vendors answer and how they are judged.

use super::Date;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tender {
    /// (optional) The procedure: `private` (a company's consultation), or for a public buyer
    /// `open`, `restricted`, `adapted`, `negotiated`, `competitive_dialogue`.
    #[serde(default)]
    pub procedure: Option<Procedure>,
    /// When the tender is sent, YYYY-MM-DD.
    pub issue_date: Date,
    /// Last day for vendors' questions.
    pub questions_deadline: Date,
    /// Last day for responses.
    pub response_deadline: Date,
    /// (optional) The hour on the deadline day, `HH:MM` on a 24-hour clock, client's local time.
    #[serde(default)]
    pub response_time: Option<String>,
    /// (optional) Vendor presentations.
    #[serde(default)]
    pub presentations: Option<Date>,
    /// When the choice is announced.
    pub decision: Date,
    /// (optional) Where and how offers are submitted.
    #[serde(default)]
    pub submission: Option<String>,
    /// (optional) How many days an offer binds the vendor.
    #[serde(default)]
    pub offer_validity_days: Option<u32>,
    /// (optional) Whether alternative offers (variants) are accepted.
    #[serde(default)]
    pub variants: Option<bool>,
    /// What a response must contain and how it is sent.
    pub response_format: String,
    /// (optional) The documents each candidate hands in.
    #[serde(default)]
    pub documents: Vec<String>,
    /// (optional) Scenarios each shortlisted vendor plays at the presentations.
    #[serde(default)]
    pub demonstrations: Option<Demonstrations>,
    /// Weighted evaluation criteria.
    pub criteria: Vec<Criterion>,
    /// Where vendors send questions and responses.
    pub contact: String,
    /// How answers to the response grid are scored; crmspec's defaults when absent.
    #[serde(default)]
    pub scoring: Option<Scoring>,
}

/// Published with the tender so that vendors know how their grid is scored.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// Share of a requirement's points (0–100 %) earned by each coverage level.
    #[serde(default)]
    pub coverage: Option<CoverageWeights>,
    /// Points per requirement by priority (`must: 3`, or `indispensable: 3` under P/I/S).
    #[serde(default)]
    pub priority: Option<std::collections::BTreeMap<super::Priority, u32>>,
    /// (optional) The scale of the evaluation panel's marks: each mark is out of this (20 when
    /// absent). Published in the scoring method; `crmspec score` holds the panel to it.
    #[serde(default)]
    pub marks_out_of: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoverageWeights {
    /// Share (0–100 %) earned by a requirement covered as standard.
    pub standard: u32,
    /// Share earned when covered by configuration.
    pub configuration: u32,
    /// Share earned when covered by specific development.
    pub custom: u32,
    /// Share earned when not covered.
    pub not_covered: u32,
}

impl Default for CoverageWeights {
    /// Standard earns everything; configuration most (it is the vendor's work, inside the
    /// product); custom development under half (it must be built, tested and maintained).
    fn default() -> Self {
        CoverageWeights {
            standard: 100,
            configuration: 80,
            custom: 40,
            not_covered: 0,
        }
    }
}

impl CoverageWeights {
    pub fn get(&self, coverage: Coverage) -> u32 {
        match coverage {
            Coverage::Standard => self.standard,
            Coverage::Configuration => self.configuration,
            Coverage::Custom => self.custom,
            Coverage::NotCovered => self.not_covered,
        }
    }
}

/// How a vendor covers a requirement, as answered in the response grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// In the product as delivered (ST).
    Standard,
    /// By configuring the product, without code (SP, sur paramétrage).
    Configuration,
    /// By specific development (DS).
    Custom,
    /// Not covered (NC).
    NotCovered,
}

impl Coverage {
    pub const ALL: [Coverage; 4] = [
        Coverage::Standard,
        Coverage::Configuration,
        Coverage::Custom,
        Coverage::NotCovered,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Coverage::Standard => "standard",
            Coverage::Configuration => "configuration",
            Coverage::Custom => "custom",
            Coverage::NotCovered => "not_covered",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// The criterion (`Couverture fonctionnelle`).
    pub name: String,
    /// Its weight in percent; the weights add up to 100.
    pub weight: u32,
    /// How `crmspec score` marks it; guessed from the name when absent.
    // The guess is `Basis::guess`.
    #[serde(default)]
    pub basis: Option<Basis>,
    /// (optional) How the criterion splits; their weights add up to the criterion's.
    #[serde(default)]
    pub sub_criteria: Vec<SubCriterion>,
    /// (optional) What the technical proposal must show for it: the technical response frame
    /// and the consultation rules print it under the criterion's section.
    #[serde(default)]
    pub expected: Option<String>,
    /// (optional) The most pages the technical proposal may spend on it.
    #[serde(default)]
    pub pages: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubCriterion {
    /// The sub-criterion (`Méthode de projet et planning`).
    pub name: String,
    /// Its weight in percent of the whole score.
    pub weight: u32,
    /// (optional) What the technical proposal must show for it.
    #[serde(default)]
    pub expected: Option<String>,
    /// (optional) The most pages the technical proposal may spend on it.
    #[serde(default)]
    pub pages: Option<u32>,
}

/// The kind of consultation. Public buyers name theirs as French public procurement does
/// (code de la commande publique); a company's consultation is `private`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// A company's own consultation, free of the public procurement code.
    Private,
    /// Appel d'offres ouvert: every candidate may submit an offer, no negotiation.
    Open,
    /// Appel d'offres restreint: candidates are shortlisted before they submit offers.
    Restricted,
    /// Procédure adaptée (MAPA), under the European thresholds.
    Adapted,
    /// Procédure avec négociation.
    Negotiated,
    /// Dialogue compétitif.
    CompetitiveDialogue,
}

impl Procedure {
    /// Whether offers may not be negotiated: hearings in these procedures clarify, never
    /// negotiate.
    pub fn forbids_negotiation(self) -> bool {
        matches!(self, Procedure::Open | Procedure::Restricted)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Demonstrations {
    /// (optional) Time each vendor has, in minutes.
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    /// (optional) How many of the best-ranked vendors, after the written evaluation, are
    /// invited to demonstrate (all shortlisted vendors when absent).
    #[serde(default)]
    pub shortlist: Option<u32>,
    /// The scenarios, played in order.
    pub scenarios: Vec<Scenario>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// What the scenario shows.
    pub title: String,
    /// Its steps, in order.
    pub steps: Vec<String>,
}

/// How a criterion is scored: from the response grids, from the prices, or by the
/// evaluation committee's marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Coverage,
    Price,
    Marks,
}

impl Basis {
    pub fn key(self) -> &'static str {
        match self {
            Basis::Coverage => "coverage",
            Basis::Price => "price",
            Basis::Marks => "marks",
        }
    }

    /// What a criterion's name says it is: functional fit or coverage, price or cost, else
    /// marks. Names are compared without regard to case or accents.
    pub fn guess(name: &str) -> Basis {
        let name = crate::lang::accents::fold(name);
        let has = |words: &[&str]| words.iter().any(|w| name.contains(w));
        if has(&["fonctionnel", "functional", "couverture", "coverage"]) {
            Basis::Coverage
        } else if has(&[
            "prix", "price", "cout", "cost", "tarif", "tco", "financ", "budget",
        ]) {
            Basis::Price
        } else {
            Basis::Marks
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    /// The term.
    pub term: String,
    /// Its definition.
    pub definition: String,
}
