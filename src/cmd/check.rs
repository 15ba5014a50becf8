//! `crmspec check`: a questionnaire → its validation errors or the advisor's findings, on
//! stderr (text) or stdout (JSON), and the exit code a CI step acts on; or `--explain CODE`
//! → the rule's description.

use crate::cli::{CheckArgs, CheckFormat, DenyLevel};
use crate::terminal::{err_styled, out, out_json, out_styled, verbosity, Verbosity};
use crmspec::diagnostic::{failure, Role, Styled};
use crmspec::model::Language;
use crmspec::{Error, Message, Severity};

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
    let started = std::time::Instant::now();
    let source = super::read(&path, lang)?;
    let review = crmspec::review(&source, &allow)?;
    super::took("cli.step_reviewed", started, lang);
    let deny_warnings = deny == Some(DenyLevel::Warnings);
    match format {
        CheckFormat::Json => out_json(&format!("{}\n", review.json())),
        CheckFormat::Text => {
            // Quiet keeps what makes the check fail: errors, and warnings when denied.
            let shown = |level: Severity| {
                verbosity() > Verbosity::Quiet
                    || level == Severity::Error
                    || (deny_warnings && level == Severity::Warning)
            };
            for finding in review.findings.iter().filter(|f| shown(f.severity)) {
                err_styled(&finding.styled(lang));
            }
            if review.counts.errors > 0 {
                let count = Message::new("diagnostic.problems_found")
                    .count("count", review.counts.errors as u64);
                err_styled(&failure(count, lang));
            } else if verbosity() > Verbosity::Quiet {
                out_styled(&Styled::new(Role::Summary, review.summary(lang)));
            }
        }
    }
    let denied = deny_warnings && review.counts.warnings > 0;
    Ok(if review.counts.errors > 0 || denied {
        2
    } else {
        0
    })
}
