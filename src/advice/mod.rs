//! The advisor: what a demanding reviewer would point out before a tender goes out.
//!
//! Validation refuses what is broken; the advisor reads a valid questionnaire against the
//! method it implements (channel roles, F.L.E.U.R., SMART objectives, mobile first, key notions)
//! and reports warnings and information. Every rule lives in `rules.rs`, one small function
//! with its code and level; adding a rule is adding an entry to `RULES` and its texts (title,
//! rationale, messages, hints) to the `[advice.CODE]` table of every locale file. The
//! document's annex shows the findings in the document's language, naming fields by the
//! sections the reader knows ([`place`]).

mod place;
mod rules;

pub use place::{place, worded};
pub use rules::RULES;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::messages::Message;
use crate::lang::Language;
use crate::spec::Spec;

/// A finding before it is located: the field it is about, what is wrong, what to do. The
/// message and the hint name texts of their rule's table (`text("message")`), which the
/// advisor finds under the rule's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub path: String,
    pub message: Message,
    pub hint: Message,
}

impl Finding {
    pub fn new(path: impl Into<String>, message: Message, hint: Message) -> Finding {
        Finding {
            path: path.into(),
            message,
            hint,
        }
    }
}

/// The text `name` of the rule being run (`message`, `hint`, `hint_to`…), in its table of
/// the locale files, `[advice.CODE]`.
pub fn text(name: &'static str) -> Message {
    Message::new(name)
}

/// One rule of the advisor. Its words (title, rationale, messages and hints) are data, in
/// the `[advice.CODE]` table of each locale file.
pub struct Rule {
    /// Stable code, never reused: `CH003`.
    pub code: &'static str,
    pub severity: Severity,
    pub check: fn(&Spec) -> Vec<Finding>,
}

impl Rule {
    /// One line saying what the rule looks for.
    pub fn title(&self) -> Message {
        Message::advice(self.code, "title")
    }

    /// Why a reviewer cares, printed by `crmspec check --explain CODE`.
    pub fn rationale(&self) -> Message {
        Message::advice(self.code, "rationale")
    }
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
                Diagnostic::warning(f.path, f.message.of_rule(rule.code))
                    .with_severity(rule.severity)
                    .with_code(rule.code)
                    .hint(f.hint.of_rule(rule.code))
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

    /// The last line for people: the score and the counts, in `lang`.
    pub fn summary(&self, lang: Language) -> String {
        let count = |key: &'static str, n: usize| Message::new(key).count("count", n as u64);
        Message::new("check.readiness")
            .plain("file", &self.file)
            .plain("score", self.readiness)
            .message("errors", count("check.errors", self.counts.errors))
            .message("warnings", count("check.warnings", self.counts.warnings))
            .message("info", count("check.info", self.counts.info))
            .terminal(lang)
    }

    /// For tools: the same as JSON, in the neutral language whoever runs it.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

/// What `crmspec check --explain CODE` prints, in `lang`.
pub fn explain(code: &str, lang: Language) -> Option<String> {
    let rule = rule(code)?;
    Some(
        Message::new("check.explain")
            .plain("code", rule.code)
            .message("level", rule.severity.message())
            .message("title", rule.title())
            .message("rationale", rule.rationale())
            .terminal(lang),
    )
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
            assert_ne!(
                rule.severity,
                Severity::Error,
                "errors belong to validation"
            );
        }
    }

    /// Every rule has its title and rationale, and at least a message and a hint, in every
    /// language; a table with no rule is a rule retired without its texts.
    #[test]
    fn every_rule_has_its_texts_in_every_language() {
        use crate::lang::messages::{rule_codes, rule_texts};
        let mut codes: Vec<String> = RULES.iter().map(|r| r.code.to_string()).collect();
        codes.sort();
        for &lang in Language::ALL {
            assert_eq!(rule_codes(lang), codes, "locales/{}.toml", lang.code());
            for rule in RULES {
                let texts = rule_texts(rule.code, lang);
                for name in ["title", "rationale"] {
                    assert!(texts.iter().any(|t| t == name), "{} {name}", rule.code);
                }
                assert!(
                    texts.iter().any(|t| t.starts_with("message")),
                    "{}",
                    rule.code
                );
                assert!(texts.iter().any(|t| t.starts_with("hint")), "{}", rule.code);
            }
        }
    }

    /// Each text a rule's table holds is one its function names (`text("hint_to")`), and each
    /// text a rule's function names is in its table: read from `rules.rs`, function by
    /// function.
    #[test]
    fn every_rule_text_is_used_by_its_rule() {
        use crate::lang::messages::rule_texts;
        let source = include_str!("rules.rs");
        let table_end = source.find("\n];\n").expect("the RULES table");
        for rule in RULES {
            // The function the table names for the rule, and its body up to the next item.
            let entry = &source[source.find(&format!("code: \"{}\"", rule.code)).unwrap()..];
            let function = entry["check: ".len() + entry.find("check: ").unwrap()..]
                .split(',')
                .next()
                .unwrap()
                .trim();
            let start = source[table_end..]
                .find(&format!("fn {function}("))
                .map(|i| i + table_end)
                .unwrap_or_else(|| panic!("fn {function}"));
            let body = &source[start..];
            let body = &body[..body[1..].find("\nfn ").map_or(body.len(), |i| i + 1)];
            let named: std::collections::BTreeSet<String> = body
                .split("text(\"")
                .skip(1)
                .filter_map(|s| s.split('"').next().map(str::to_string))
                .collect();
            let texts: std::collections::BTreeSet<String> = rule_texts(rule.code, Language::En)
                .into_iter()
                .filter(|t| t != "title" && t != "rationale")
                .collect();
            assert_eq!(named, texts, "{} ({function})", rule.code);
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
