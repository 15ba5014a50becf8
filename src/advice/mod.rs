//! The advisor: what a demanding reviewer would point out before a tender goes out.
//!
//! Validation refuses what is broken; the advisor reads a valid questionnaire against the
//! method it implements (channel roles, F.L.E.U.R., SMART objectives, mobile first, key notions)
//! and reports warnings and information. Every rule lives in `rules.rs`, one small function
//! with its code, level, title and rationale; adding a rule is adding an entry to `RULES`.

mod rules;

pub use rules::RULES;

use crate::diagnostic::{Diagnostic, Severity};
use crate::spec::Spec;

/// A finding before it is located: the field it is about, what is wrong, what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub path: String,
    pub message: String,
    pub hint: String,
}

impl Finding {
    pub fn new(
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Finding {
        Finding {
            path: path.into(),
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// One rule of the advisor.
pub struct Rule {
    /// Stable code, never reused: `CH003`.
    pub code: &'static str,
    pub severity: Severity,
    /// One line saying what the rule looks for.
    pub title: &'static str,
    /// Why a reviewer cares, printed by `crmspec check --explain CODE`.
    pub rationale: &'static str,
    pub check: fn(&Spec) -> Vec<Finding>,
}

/// The rule with this code, if any.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

/// Runs every rule not allowed (by the questionnaire's `advice.allow` or `extra_allow`),
/// returning located findings in file order.
pub fn advise(spec: &Spec, extra_allow: &[String]) -> Vec<Diagnostic> {
    let allowed = |code: &str| {
        spec.q
            .advice
            .iter()
            .flat_map(|a| &a.allow)
            .chain(extra_allow)
            .any(|a| a.eq_ignore_ascii_case(code))
    };
    let mut findings: Vec<Diagnostic> = RULES
        .iter()
        .filter(|rule| !allowed(rule.code))
        .flat_map(|rule| {
            (rule.check)(spec).into_iter().map(move |f| {
                let location = spec.positions.locate(&f.path);
                Diagnostic::warning(f.path, f.message)
                    .with_severity(rule.severity)
                    .with_code(rule.code)
                    .hint(f.hint)
                    .at(location)
            })
        })
        .collect();
    findings.sort_by_key(|d| (d.location.is_none(), d.location, d.code));
    findings
}

/// Counts per level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
}

pub fn counts(findings: &[Diagnostic]) -> Counts {
    findings.iter().fold(Counts::default(), |mut c, d| {
        match d.severity {
            Severity::Error => c.errors += 1,
            Severity::Warning => c.warnings += 1,
            Severity::Info => c.info += 1,
        }
        c
    })
}

/// Readiness out of 100: each error costs 25 points, each warning 5, each information 1.
/// A questionnaire with errors cannot be sent, so it never scores above 50.
pub fn readiness(counts: Counts) -> u32 {
    let cost = counts.errors * 25 + counts.warnings * 5 + counts.info;
    let score = 100usize.saturating_sub(cost) as u32;
    if counts.errors > 0 {
        score.min(50)
    } else {
        score
    }
}

/// The result of `crmspec check`: validation errors, or the advisor's findings, with counts
/// and the readiness score.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub file: String,
    pub findings: Vec<Diagnostic>,
    pub counts: Counts,
    pub readiness: u32,
}

impl Report {
    pub fn new(file: &str, findings: Vec<Diagnostic>) -> Report {
        let findings: Vec<Diagnostic> = findings.into_iter().map(|d| d.in_file(file)).collect();
        let counts = counts(&findings);
        Report {
            file: file.to_string(),
            readiness: readiness(counts),
            findings,
            counts,
        }
    }

    /// For people: one diagnostic per finding, then the score.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for finding in &self.findings {
            out.push_str(&finding.to_string());
            out.push('\n');
        }
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        out.push_str(&format!(
            "{}: readiness {}/100 ({}, {}, {} info)\n",
            self.file,
            self.readiness,
            plural(self.counts.errors, "error"),
            plural(self.counts.warnings, "warning"),
            self.counts.info
        ));
        out
    }

    /// For tools: the same as JSON.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

/// What `crmspec check --explain CODE` prints.
pub fn explain(code: &str) -> Option<String> {
    let rule = rule(code)?;
    Some(format!(
        "{} ({}): {}\n\n{}\n\nSilence it for one run with `--allow {}`, or for good in the questionnaire:\n\n  advice:\n    allow: [{}]\n",
        rule.code,
        rule.severity.label(),
        rule.title,
        rule.rationale,
        rule.code,
        rule.code
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        let before = codes.len();
        codes.dedup();
        assert_eq!(before, codes.len(), "duplicate rule code");
        for rule in RULES {
            assert!(
                rule.code.len() == 5 && rule.code[2..].chars().all(|c| c.is_ascii_digit()),
                "{}",
                rule.code
            );
            assert!(!rule.rationale.is_empty() && !rule.title.is_empty());
            assert_ne!(
                rule.severity,
                Severity::Error,
                "errors belong to validation"
            );
        }
    }

    #[test]
    fn scores_readiness() {
        assert_eq!(readiness(Counts::default()), 100);
        assert_eq!(
            readiness(Counts {
                errors: 0,
                warnings: 3,
                info: 4
            }),
            81
        );
        assert_eq!(
            readiness(Counts {
                errors: 1,
                warnings: 0,
                info: 0
            }),
            50
        );
        assert_eq!(
            readiness(Counts {
                errors: 0,
                warnings: 40,
                info: 0
            }),
            0
        );
    }
}
