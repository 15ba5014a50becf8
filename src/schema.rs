//! The questionnaire's JSON Schema, generated from the model so that it cannot drift from what
//! `check` accepts; editors (through yaml-language-server) use it for completion and hover help.

use crate::model::Questionnaire;

/// The file name `init` writes the schema under, beside the questionnaire.
pub const FILE_NAME: &str = "crmspec-questionnaire.schema.json";

/// The schema as pretty-printed JSON, ending with a newline.
pub fn questionnaire() -> String {
    let mut schema = schemars::schema_for!(Questionnaire);
    schema.insert(
        "title".into(),
        format!(
            "crmspec questionnaire (crmspec {})",
            env!("CARGO_PKG_VERSION")
        )
        .into(),
    );
    schema.insert(
        "description".into(),
        "A CRM requirements specification questionnaire: fill it, then run `crmspec render`."
            .into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
