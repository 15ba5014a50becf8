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
    let mut value = schema.to_value();
    drop_null_defaults(&mut value);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// schemars writes `"default": null` for every optional field; yaml-language-server then
/// offers those keys badly (it inserts `key: null`, and stops completing siblings, logging a
/// `TypeError`). An absent default says the same thing: the key may be left out.
fn drop_null_defaults(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("default").is_some_and(serde_json::Value::is_null) {
                map.remove("default");
            }
            map.values_mut().for_each(drop_null_defaults);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_null_defaults),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_key_defaults_to_null() {
        let schema = super::questionnaire();
        assert!(!schema.contains("\"default\": null"), "{schema}");
        assert!(schema.contains("\"properties\""));
    }
}
