//! The `company` and `principles` sections: who the buyer is and what steers the project.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Company {
    /// The company's name.
    pub name: String,
    /// Business sector.
    pub sector: String,
    /// (optional) What the company does.
    #[serde(default)]
    pub description: Option<String>,
    /// Number of employees.
    pub employees: u64,
    /// Annual revenue, as text (`85 M€`).
    pub revenue: String,
    /// Any of `B2C`, `B2B`, `B2B2C`, `B2G`.
    pub customer_types: Vec<CustomerType>,
    /// Active customers and prospects.
    pub customer_base: CustomerBase,
    /// Sites: shops, offices, warehouses.
    pub sites: Vec<Site>,
    /// Departments and their CRM users.
    pub organisation: Vec<Department>,
    /// Languages the CRM must handle.
    pub languages: Vec<String>,
    /// Currencies the CRM must handle.
    pub currencies: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
pub enum CustomerType {
    B2C,
    B2B,
    B2B2C,
    B2G,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerBase {
    /// Customers who bought recently.
    pub active_customers: u64,
    /// Prospects in the files.
    pub prospects: u64,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Kind of site (`Magasins`, `Siège`).
    pub name: String,
    /// (optional) City.
    #[serde(default)]
    pub city: Option<String>,
    /// Country.
    pub country: String,
    /// How many sites of this kind.
    pub count: u64,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// The department.
    pub department: String,
    /// People in it.
    pub headcount: u64,
    /// How many of them use the CRM.
    pub crm_users: u64,
    /// What they do in the CRM (the user profile).
    pub profile: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    /// The notion: `concrete_simplicity`, `emotion`, `invest`, `change_management`, `customer_first`, `restructure`, `technology`.
    pub notion: Notion,
    /// The project's position on it.
    pub statement: String,
}

/// The key notions of the method that a project states its position on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
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
