//! The F.L.E.U.R. experience model: the customer is the pistil, five petals around it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// All five petals are required: the model is only meaningful whole. A missing petal is a
/// missing-field error naming it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fleur {
    /// F — Fidélité: loyalty.
    pub fidelite: Petal,
    /// L — Langage commun: one language between channels and with the customer.
    pub langage_commun: Petal,
    /// É — Écoute: listening to the market, customers and field teams.
    pub ecoute: Petal,
    /// U — Unicité: one customer, one journey, one customer ID.
    pub unicite: Petal,
    /// R — Rentabilité: profitability.
    pub rentabilite: Petal,
}

impl Fleur {
    /// The petals in the order of the acronym, with their keys.
    pub fn petals(&self) -> [(&'static str, &Petal); 5] {
        [
            ("fidelite", &self.fidelite),
            ("langage_commun", &self.langage_commun),
            ("ecoute", &self.ecoute),
            ("unicite", &self.unicite),
            ("rentabilite", &self.rentabilite),
        ]
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Petal {
    /// Who acts on this petal.
    #[serde(default)]
    pub actors: Vec<String>,
    /// What flows from the customer.
    #[serde(default)]
    pub from_customer: Vec<String>,
    /// What flows back to the customer.
    #[serde(default)]
    pub to_customer: Vec<String>,
    /// (optional) What the CRM must achieve on this petal.
    #[serde(default)]
    pub objectives: Vec<String>,
}
