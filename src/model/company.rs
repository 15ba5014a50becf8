//! The `company` and `principles` sections: who the buyer is and what steers the project.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Company {
    pub name: String,
    pub sector: String,
    #[serde(default)]
    pub description: Option<String>,
    pub employees: u64,
    pub revenue: String,
    pub customer_types: Vec<CustomerType>,
    pub customer_base: CustomerBase,
    pub sites: Vec<Site>,
    pub organisation: Vec<Department>,
    pub languages: Vec<String>,
    pub currencies: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum CustomerType {
    B2C,
    B2B,
    B2B2C,
    B2G,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerBase {
    pub active_customers: u64,
    pub prospects: u64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub name: String,
    #[serde(default)]
    pub city: Option<String>,
    pub country: String,
    pub count: u64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    pub department: String,
    pub headcount: u64,
    pub crm_users: u64,
    pub profile: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    pub notion: Notion,
    pub statement: String,
}

/// The key notions of the method that a project states its position on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Notion {
    ConcreteSimplicity,
    Emotion,
    Invest,
    ChangeManagement,
    CustomerFirst,
    Restructure,
    Technology,
}
