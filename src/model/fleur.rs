//! The F.L.E.U.R. experience model: the customer is the pistil, five petals around it.

use serde::{Deserialize, Serialize};

/// All five petals are required: the model is only meaningful whole. A missing petal is a
/// missing-field error naming it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fleur {
    pub fidelite: Petal,
    pub langage_commun: Petal,
    pub ecoute: Petal,
    pub unicite: Petal,
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

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Petal {
    #[serde(default)]
    pub actors: Vec<String>,
    #[serde(default)]
    pub from_customer: Vec<String>,
    #[serde(default)]
    pub to_customer: Vec<String>,
    #[serde(default)]
    pub objectives: Vec<String>,
}
