//! `crmspec diff`: two versions of a questionnaire → what changed, as text or JSON.

use crate::cli::{CheckFormat, DiffArgs};
use crate::terminal::{out, out_json};
use crmspec::model::Language;
use crmspec::Error;

/// The changes are worded in the new version's language; the lines around them in `lang`.
pub fn run(args: DiffArgs, lang: Language) -> Result<u8, Error> {
    let DiffArgs { old, new, format } = args;
    let old = super::checked(&old, lang)?;
    let new = super::checked(&new, lang)?;
    let changes = crmspec::diff::diff(&old, &new);
    match format {
        CheckFormat::Text => out(&changes.text(lang)),
        CheckFormat::Json => out_json(&format!(
            "{}\n",
            serde_json::to_string_pretty(&changes).unwrap_or_default()
        )),
    }
    Ok(0)
}
