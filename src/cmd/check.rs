//! `crmspec check`: a questionnaire → its validation errors or the advisor's findings, on
//! stderr (text) or stdout (JSON), and the exit code a CI step acts on; or `--explain CODE`
//! → the rule's description.

use crate::cli::{CheckArgs, CheckFormat, DenyLevel};
use crate::terminal::{errln, out, out_json};
use crmspec::model::Language;
use crmspec::{Error, Message};

pub fn run(args: CheckArgs, lang: Language) -> Result<u8, Error> {
    let CheckArgs {
        questionnaire,
        format,
        deny,
        allow,
        explain,
    } = args;
    if let Some(code) = explain {
        let text = crmspec::advice::explain(&code, lang).ok_or_else(|| Error::UnknownRule {
            suggestion: crmspec::diagnostic::suggest(
                &code,
                crmspec::advice::RULES.iter().map(|r| r.code),
            ),
            code,
        })?;
        out(&format!("{text}\n"));
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
                errln!("{}", finding.text(lang));
            }
            if review.counts.errors > 0 {
                let count = Message::new("diagnostic.problems_found")
                    .count("count", review.counts.errors as u64);
                errln!(
                    "{}",
                    Message::new("diagnostic.failed")
                        .message("error", count)
                        .terminal(lang)
                );
            } else {
                out(&format!("{}\n", review.summary(lang)));
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
