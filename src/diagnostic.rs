//! Problems found in a questionnaire, and how they are shown to a person.
//!
//! Every stage that judges input produces `Diagnostic`s rather than stopping at the first
//! problem, so that one run of `check` lists everything a user has to fix.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A 1-based line and column in the questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Stable rule code (`CH003`) for the advisor's findings; none for validation errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    pub severity: Severity,
    /// The questionnaire as the user named it.
    pub file: String,
    pub location: Option<Location>,
    /// Field path such as `channels[2].redirects[0].to`; empty for the whole file.
    pub path: String,
    pub message: String,
    pub hints: Vec<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            code: None,
            severity: Severity::Error,
            file: String::new(),
            location: None,
            path: path.into(),
            message: message.into(),
            hints: Vec::new(),
        }
    }

    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    pub fn in_file(mut self, file: &str) -> Self {
        self.file = file.to_string();
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(loc) = self.location {
            write!(f, ":{}:{}", loc.line, loc.column)?;
        }
        write!(f, ": {}", self.severity.label())?;
        if let Some(code) = self.code {
            write!(f, "[{code}]")?;
        }
        write!(f, ": ")?;
        if !self.path.is_empty() {
            write!(f, "`{}`: ", self.path)?;
        }
        write!(f, "{}", self.message)?;
        for hint in &self.hints {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The closest candidate to a misspelt word, if one is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let keys = ["context", "objectives", "scope"];
        assert_eq!(suggest("objectivs", keys), Some("objectives"));
        assert_eq!(suggest("budgetary", keys), None);
    }

    #[test]
    fn displays_file_line_path_and_hints() {
        let d = Diagnostic::error("channels[2].kind", "unknown value `shop`")
            .hint("did you mean `store`?")
            .at(Some(Location {
                line: 12,
                column: 11,
            }))
            .in_file("q.yaml");
        assert_eq!(
            d.to_string(),
            "q.yaml:12:11: error: `channels[2].kind`: unknown value `shop`\n  hint: did you mean `store`?"
        );
    }
}
