//! Problems found in a questionnaire, and how they are shown to a person.
//!
//! Every stage that judges input produces `Diagnostic`s rather than stopping at the first
//! problem, so that one run of `check` lists everything a user has to fix. A diagnostic's
//! message and hints are [`Message`]s, worded only when shown: on the terminal in the user's
//! language ([`Diagnostic::text`]), in a JSON report in the neutral one, so that tools read
//! the same report whoever runs them.

use crate::lang::messages::{Message, NEUTRAL};
use crate::lang::Language;
use std::fmt::{self, Write as _};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// The level as JSON reports and the words tables key it (`level.warning`).
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The level as a diagnostic line names it, in the reader's language.
    pub fn message(self) -> Message {
        Message::new(match self {
            Severity::Error => "diagnostic.error",
            Severity::Warning => "diagnostic.warning",
            Severity::Info => "diagnostic.info",
        })
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
    #[serde(serialize_with = "neutral")]
    pub message: Message,
    #[serde(serialize_with = "neutral_all")]
    pub hints: Vec<Message>,
    /// The line of the questionnaire the location points into, shown under the message with
    /// a caret (as compilers do) so the user sees what was read without opening the file.
    /// Left out of JSON reports, which carry the location.
    #[serde(skip)]
    pub source_line: Option<String>,
}

/// A message in a JSON report: in the neutral language, whoever runs the command.
fn neutral<S: serde::Serializer>(message: &Message, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&message.terminal(NEUTRAL))
}

fn neutral_all<S: serde::Serializer>(
    messages: &[Message],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(messages.iter().map(|m| m.terminal(NEUTRAL)))
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, message: impl Into<Message>) -> Self {
        Diagnostic {
            code: None,
            severity: Severity::Error,
            file: String::new(),
            location: None,
            path: path.into(),
            message: message.into(),
            hints: Vec::new(),
            source_line: None,
        }
    }

    pub fn warning(path: impl Into<String>, message: impl Into<Message>) -> Self {
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

    pub fn hint(mut self, hint: impl Into<Message>) -> Self {
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

    /// Keeps the line of `text` the location points into, to show it under the message.
    pub fn with_source(mut self, text: &str) -> Self {
        self.source_line = self
            .location
            .and_then(|l| text.lines().nth(l.line.checked_sub(1)?))
            .map(str::to_string);
        self
    }
}

/// Longest part of a source line shown under a message: a minified questionnaire can hold
/// megabytes on one line.
const SNIPPET_WIDTH: usize = 100;

/// The source line, its number in a margin, and a caret under the token at `column`:
///
/// ```text
///    |
/// 77 |   employees: beaucoup
///    |              ^^^^^^^^
/// ```
///
/// Control characters are shown as `�` (they would drive the terminal) and tabs are kept in
/// the caret's indentation so that both lines expand them alike. The caret takes the
/// severity's role, so that a terminal colours it as the level's word.
fn snippet(out: &mut Styled, line: &str, location: Location, severity: Severity) {
    let chars: Vec<char> = line.chars().collect();
    let column = location.column.saturating_sub(1).min(chars.len());
    let start = column.saturating_sub(SNIPPET_WIDTH / 2);
    let end = chars.len().min(start.saturating_add(SNIPPET_WIDTH));
    let shown = |c: &char| {
        if c.is_control() && *c != '\t' {
            '\u{FFFD}'
        } else {
            *c
        }
    };
    let mut text: String = chars[start..end].iter().map(shown).collect();
    let mut pad: String = chars[start..column]
        .iter()
        .map(|c| if *c == '\t' { '\t' } else { ' ' })
        .collect();
    if start > 0 {
        text.insert(0, '…');
        pad.insert(0, ' ');
    }
    if end < chars.len() {
        text.push('…');
    }
    let width = token_width(&chars[column..end]);
    let number = location.line.to_string();
    let margin = " ".repeat(number.len());
    out.push(Role::Plain, "\n")
        .push(Role::Margin, format!("{margin} |"))
        .push(Role::Plain, "\n")
        .push(Role::Margin, format!("{number} |"))
        .push(Role::Plain, format!(" {}\n", text.trim_end()))
        .push(Role::Margin, format!("{margin} |"))
        .push(Role::Plain, format!(" {pad}"))
        .push(Role::Severity(severity), "^".repeat(width));
}

/// How many characters the token starting a slice spans: a quoted value to its closing quote,
/// a flow collection to its end, else up to a space, a comma or a bracket. At least 1.
fn token_width(rest: &[char]) -> usize {
    let width = match rest.first().copied() {
        Some(q @ ('"' | '\'')) => rest[1..]
            .iter()
            .position(|c| *c == q)
            .map_or(rest.len(), |p| p + 2),
        Some(_) => rest
            .iter()
            .position(|c| c.is_whitespace() || matches!(c, ',' | ']' | '}'))
            .unwrap_or(rest.len()),
        None => 1,
    };
    width.max(1)
}

impl Diagnostic {
    /// The diagnostic as the terminal shows it, in `lang`: `file:line:col: level[CODE]:
    /// `path`: message`, the source line with a caret, then the hints. The file, the position,
    /// the code and the path are the same in every language: an editor or a search finds
    /// them whoever ran the command.
    pub fn text(&self, lang: Language) -> String {
        self.styled(lang).to_string()
    }

    /// [`Diagnostic::text`] in pieces, each with its role for a terminal to colour.
    pub fn styled(&self, lang: Language) -> Styled {
        let mut out = Styled::default();
        let mut position = self.file.clone();
        if let Some(loc) = self.location {
            let _ = write!(position, ":{}:{}", loc.line, loc.column);
        }
        position.push(':');
        let mut level = self.severity.message().terminal(lang);
        if let Some(code) = self.code {
            let _ = write!(level, "[{code}]");
        }
        out.push(Role::Position, position)
            .push(Role::Plain, " ")
            .push(Role::Severity(self.severity), level)
            .push(Role::Plain, ": ");
        if !self.path.is_empty() {
            out.push(Role::Plain, format!("`{}`: ", self.path));
        }
        out.push(Role::Plain, self.message.terminal(lang));
        if let (Some(line), Some(location)) = (&self.source_line, self.location) {
            snippet(&mut out, line, location, self.severity);
        }
        let hint = Message::new("diagnostic.hint").terminal(lang);
        for h in &self.hints {
            out.push(Role::Plain, "\n  ")
                .push(Role::Hint, hint.as_str())
                .push(Role::Plain, format!(" {}", h.terminal(lang)));
        }
        out
    }
}

/// What a piece of a line for the terminal is, so that the terminal can colour crmspec's own
/// words (the level, the rule's code, the position, the source's margin and caret, the hint's
/// word) and nothing else: the library says what each piece is, the binary how it looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Text as it is, quotes from the user's files included.
    Plain,
    /// `file:line:col:`.
    Position,
    /// A level's word and its rule code, and the caret under the source.
    Severity(Severity),
    /// The line number and the bar left of a quoted source line.
    Margin,
    /// The word introducing a hint.
    Hint,
    /// A line that sums a run up.
    Summary,
    /// A step that went well.
    Success,
}

/// A text in pieces, each with its [`Role`]; shown plain by `Display`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Styled(Vec<(Role, String)>);

impl Styled {
    /// A text of one piece.
    pub fn new(role: Role, text: impl Into<String>) -> Styled {
        Styled(vec![(role, text.into())])
    }

    pub fn push(&mut self, role: Role, text: impl Into<String>) -> &mut Styled {
        self.0.push((role, text.into()));
        self
    }

    pub fn pieces(&self) -> impl Iterator<Item = (Role, &str)> {
        self.0.iter().map(|(role, text)| (*role, text.as_str()))
    }
}

impl fmt::Display for Styled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|(_, text)| f.write_str(text))
    }
}

/// The line reporting why a command failed (`error: …`), in `lang`, its level's word styled
/// when the language's wording starts with it, as English and French do.
pub fn failure(error: Message, lang: Language) -> Styled {
    let line = Message::new("diagnostic.failed")
        .message("error", error)
        .terminal(lang);
    let word = Severity::Error.message().terminal(lang);
    match line.strip_prefix(word.as_str()) {
        Some(rest) if !word.is_empty() => {
            let mut styled = Styled::new(Role::Severity(Severity::Error), word);
            styled.push(Role::Plain, rest);
            styled
        }
        _ => Styled::new(Role::Plain, line),
    }
}

/// The hint for a likely typo: did you mean `suggestion`?
pub fn did_you_mean(suggestion: &str) -> Message {
    Message::new("diagnostic.did_you_mean").code("suggestion", suggestion)
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
    fn displays_file_line_path_and_hints_in_each_language() {
        let d = Diagnostic::error(
            "channels[2].kind",
            Message::new("load.not_allowed").code("value", "shop"),
        )
        .hint(Message::new("diagnostic.did_you_mean").code("suggestion", "store"))
        .at(Some(Location {
            line: 12,
            column: 11,
        }))
        .in_file("q.yaml");
        assert_eq!(
            d.text(Language::En),
            "q.yaml:12:11: error: `channels[2].kind`: `shop` is not an allowed value\n  hint: did you mean `store`?"
        );
        assert_eq!(
            d.text(Language::Fr),
            "q.yaml:12:11: erreur: `channels[2].kind`: `shop` n’est pas une valeur permise\n  conseil : vouliez-vous dire `store` ?"
        );
    }

    #[test]
    fn the_terminal_styles_crmspecs_words_not_the_users() {
        let d = Diagnostic::warning("company.employees", "not a number".to_string())
            .at(Some(Location {
                line: 2,
                column: 14,
            }))
            .in_file("q.yaml")
            .with_source("company:\n  employees: beaucoup\n")
            .with_code("TD001")
            .hint("write a figure".to_string());
        let styled = d.styled(Language::En);
        assert_eq!(styled.to_string(), d.text(Language::En));
        let roles: Vec<(Role, &str)> = styled
            .pieces()
            .filter(|(role, _)| *role != Role::Plain)
            .collect();
        assert_eq!(
            roles,
            [
                (Role::Position, "q.yaml:2:14:"),
                (Role::Severity(Severity::Warning), "warning[TD001]"),
                (Role::Margin, "  |"),
                (Role::Margin, "2 |"),
                (Role::Margin, "  |"),
                (Role::Severity(Severity::Warning), "^^^^^^^^"),
                (Role::Hint, "hint:"),
            ]
        );
        let failed = failure(Message::new("diagnostic.hint"), Language::Fr);
        assert_eq!(
            failed.pieces().next(),
            Some((Role::Severity(Severity::Error), "erreur"))
        );
    }
}
