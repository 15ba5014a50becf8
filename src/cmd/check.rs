//! `crmspec check`: a questionnaire → its validation errors or the advisor's findings, on
//! stderr (text) or stdout (JSON), and the exit code a CI step acts on; or `--explain CODE`
//! → the rule's description.

use crate::cli::{CheckArgs, CheckFormat, DenyLevel};
use crate::terminal::{errln, out, out_json};
use crmspec::Error;

pub fn run(args: CheckArgs) -> Result<u8, Error> {
    let CheckArgs {
        questionnaire,
        format,
        deny,
        allow,
        explain,
    } = args;
    if let Some(code) = explain {
        let text = crmspec::advice::explain(&code).ok_or_else(|| Error::UnknownRule {
            suggestion: crmspec::diagnostic::suggest(
                &code,
                crmspec::advice::RULES.iter().map(|r| r.code),
            ),
            code,
        })?;
        out(&text);
        return Ok(0);
    }
    let Some(path) = questionnaire else {
        return Ok(2);
    };
    let source = crmspec::Source::read(&path)?;
    let review = crmspec::review(&source, &allow)?;
    match format {
        CheckFormat::Json => out_json(&format!("{}\n", review.json())),
        CheckFormat::Text => {
            for finding in &review.findings {
                errln!("{finding}");
            }
            if review.counts.errors > 0 {
                let n = review.counts.errors;
                errln!(
                    "error: {n} problem{} found; nothing was written",
                    if n == 1 { "" } else { "s" }
                );
            } else {
                out(&review
                    .text()
                    .lines()
                    .last()
                    .map(|l| format!("{l}\n"))
                    .unwrap_or_default());
            }
        }
    }
    let denied = deny == Some(DenyLevel::Warnings) && review.counts.warnings > 0;
    Ok(if review.counts.errors > 0 || denied {
        2
    } else {
        0
    })
}
