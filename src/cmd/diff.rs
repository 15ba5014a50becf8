//! `crmspec diff`: two versions of a questionnaire → what changed, as text or JSON.

use super::emit;
use crate::cli::{CheckFormat, DiffArgs};
use crmspec::Error;

pub fn run(args: DiffArgs) -> Result<u8, Error> {
    let DiffArgs { old, new, format } = args;
    let old = crmspec::check(&crmspec::Source::read(&old)?)?;
    let new = crmspec::check(&crmspec::Source::read(&new)?)?;
    let changes = crmspec::diff::diff(&old, &new);
    match format {
        CheckFormat::Text => emit(&changes.text()),
        CheckFormat::Json => emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&changes).unwrap_or_default()
        )),
    }
    Ok(0)
}
