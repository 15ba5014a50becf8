//! The only module that knows serde_yaml: YAML text → a tree of nodes → typed values.
//!
//! serde_yaml is deprecated upstream but sound (alias-bomb and recursion limits, error
//! locations). Keeping it behind this small surface means a maintained fork can replace it by
//! changing the one `use` below.

use crate::diagnostic::Location;
use crate::lang::messages::Message;
use serde::de::DeserializeOwned;
use serde_yaml as backend;

pub mod edit;

/// A parsed YAML value whose fields have not been given types yet.
#[derive(Debug, Clone)]
pub struct Node(backend::Value);

/// A problem with the YAML text itself, explained in words: where it starts (an unclosed
/// quote is reported where it opens, not at the end of the file) and hints for the usual
/// slips.
#[derive(Debug)]
pub struct SyntaxError {
    /// In words; what the parser said when no usual slip explains it.
    pub message: Message,
    pub location: Option<Location>,
    pub hints: Vec<Message>,
    /// A number too large for any YAML number (beyond 64 bits): the loader, who knows which
    /// field is there, says what was expected.
    pub too_large: Option<String>,
}

/// A value of the wrong shape: `path` is relative to the node that was converted.
#[derive(Debug)]
pub struct ShapeError {
    pub path: String,
    pub message: String,
}

/// Deeper flow nesting than any questionnaire needs; refused before parsing because the YAML
/// parser takes seconds on tens of thousands of nested brackets.
pub const MAX_DEPTH: usize = 64;

/// Parses YAML text (one document) into a node tree.
/// The error is boxed: it carries its message and hints, and a parse that succeeds should not
/// pay for moving them.
pub fn parse(text: &str) -> Result<Node, Box<SyntaxError>> {
    if let Some(location) = too_deep(text) {
        return Err(Box::new(SyntaxError {
            message: Message::new("yaml.too_deep").plain("max", MAX_DEPTH),
            location: Some(location),
            hints: Vec::new(),
            too_large: None,
        }));
    }
    backend::from_str::<backend::Value>(text)
        .map(Node)
        .map_err(|e| {
            let location = e.location().map(|l| Location {
                line: l.line(),
                column: l.column(),
            });
            Box::new(explain(&e.to_string(), location, text))
        })
}

/// The parser's message split into its parts: libyaml writes "PROBLEM at line L column C,
/// CONTEXT at line L column C", where the context (say, "while scanning a quoted scalar")
/// often tells where the problem really starts.
struct Parts<'a> {
    problem: &'a str,
    context: Option<&'a str>,
    context_at: Option<Location>,
}

fn parts(message: &str) -> Parts<'_> {
    let (problem, rest) = match message.find(" at line ") {
        Some(i) => (&message[..i], &message[i..]),
        None => (message, ""),
    };
    let context = rest.find(", ").map(|i| &rest[i + 2..]);
    let (context, context_at) = match context {
        Some(c) => match c.find(" at line ") {
            Some(i) => (Some(&c[..i]), mark(&c[i + " at line ".len()..])),
            None => (Some(c), None),
        },
        None => (None, None),
    };
    Parts {
        problem,
        context,
        context_at,
    }
}

/// "L column C" → a location.
fn mark(text: &str) -> Option<Location> {
    let (line, column) = text.split_once(" column ")?;
    let column: String = column.chars().take_while(char::is_ascii_digit).collect();
    Some(Location {
        line: line.parse().ok()?,
        column: column.parse().ok()?,
    })
}

/// Turns the parser's message into one in words, pointing where the problem starts, with a
/// hint for each usual slip: a tab used for indentation, `: ` inside an unquoted value, a
/// quote left open, a number beyond 64 bits.
fn explain(message: &str, location: Option<Location>, text: &str) -> SyntaxError {
    let parts = parts(message);
    let line_at = |l: Location| text.lines().nth(l.line.checked_sub(1)?);
    let error = |message: Message, location, hints: Vec<Message>| SyntaxError {
        message,
        location,
        hints,
        too_large: None,
    };
    // serde_yaml: "FIELD: invalid type: integer `N` as u128, expected any YAML value".
    if let Some(number) = parts
        .problem
        .split_once("integer `")
        .filter(|(_, rest)| rest.contains("` as u128") || rest.contains("` as i128"))
        .and_then(|(_, rest)| rest.split('`').next())
    {
        return SyntaxError {
            too_large: Some(number.to_string()),
            ..error(
                Message::new("yaml.number_too_large").code("number", number),
                location,
                Vec::new(),
            )
        };
    }
    if parts
        .context
        .is_some_and(|c| c.starts_with("while scanning a quoted scalar"))
    {
        let opening = parts.context_at.or(location);
        let quote = opening
            .and_then(|l| line_at(l)?.chars().nth(l.column.checked_sub(1)?))
            .filter(|q| matches!(*q, '"' | '\''))
            .unwrap_or('"');
        let hint = if quote == '"' {
            "yaml.close_double_quote"
        } else {
            "yaml.close_single_quote"
        };
        return error(
            Message::new("yaml.quote_never_closed").code("quote", quote),
            opening,
            vec![Message::new(hint)],
        );
    }
    if let Some((open, close)) = location.and_then(|l| runaway_quote(text, l.line)) {
        return error(
            Message::new("yaml.quote_not_closed_on_line"),
            Some(open),
            vec![
                Message::new("yaml.read_on_to_line").plain("line", close),
                Message::new("yaml.close_on_its_line"),
            ],
        );
    }
    let line = location.and_then(line_at);
    let indent: String = line
        .map(|l| l.chars().take_while(|c| c.is_whitespace()).collect())
        .unwrap_or_default();
    if let (Some(tab), Some(at)) = (indent.chars().position(|c| c == '\t'), location) {
        return error(
            Message::new("yaml.tab_indent"),
            Some(Location {
                line: at.line,
                column: tab + 1,
            }),
            vec![Message::new("yaml.tab_indent_hint")],
        );
    }
    let mut hints = Vec::new();
    let message = if parts.problem == "mapping values are not allowed in this context" {
        hints.push(match line.and_then(quoted_value) {
            Some(fixed) => Message::new("yaml.quote_the_value_as").code("fixed", fixed.trim()),
            None => Message::new("yaml.quote_the_value"),
        });
        Message::new("yaml.colon_in_value")
    } else {
        if let (Some(context), Some(at)) = (parts.context, parts.context_at) {
            hints.push(
                Message::new("yaml.context_starts")
                    .plain("context", context)
                    .plain("line", at.line)
                    .plain("column", at.column),
            );
        }
        Message::verbatim(parts.problem)
    };
    error(message, location, hints)
}

/// `key: value with: colon` → `key: "value with: colon"`, quotes inside escaped.
fn quoted_value(line: &str) -> Option<String> {
    let (key, value) = line.split_once(": ")?;
    let value = value.trim();
    if value.starts_with(['"', '\'']) {
        return None;
    }
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    Some(format!("{key}: \"{escaped}\""))
}

/// A double-quoted value that opens on one line and closes on line `line`, where the parser
/// failed: most likely a closing quote forgotten on the opening line, the value having
/// swallowed the lines up to the next quote. Returns where it opens and the line it closes on.
fn runaway_quote(text: &str, line: usize) -> Option<(Location, usize)> {
    let mut open: Option<Location> = None;
    let mut escaped = false;
    for (n, content) in text.lines().take(line).enumerate() {
        let mut previous = ' ';
        for (column, c) in content.chars().enumerate() {
            match (open, c) {
                (Some(_), '\\') if !escaped => escaped = true,
                (Some(at), '"') if !escaped => {
                    if n + 1 == line && at.line < line {
                        return Some((at, line));
                    }
                    open = None;
                }
                (Some(_), _) => escaped = false,
                (None, '#') if previous.is_whitespace() => break,
                (None, '"') if matches!(previous, ' ' | '\t' | '[' | '{' | ',') => {
                    open = Some(Location {
                        line: n + 1,
                        column: column + 1,
                    });
                }
                (None, _) => {}
            }
            previous = c;
        }
        escaped = false;
    }
    None
}

impl Node {
    /// The entries of a mapping with string keys, in file order; `None` if this is not one.
    pub fn entries(&self) -> Option<Vec<(String, Node)>> {
        let map = self.0.as_mapping()?;
        map.iter()
            .map(|(k, v)| Some((k.as_str()?.to_string(), Node(v.clone()))))
            .collect()
    }

    /// The items of a sequence; `None` if this is not one.
    pub fn items(&self) -> Option<Vec<Node>> {
        self.0
            .as_sequence()
            .map(|items| items.iter().cloned().map(Node).collect())
    }

    /// Every string scalar under this node with its field path, in file order.
    pub fn strings(&self, prefix: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        collect_strings(&self.0, prefix.to_string(), &mut out);
        out
    }

    pub fn is_null(&self) -> bool {
        self.0.is_null()
    }

    /// Converts the node into a typed value, reporting the field path of the first mismatch.
    pub fn into_typed<T: DeserializeOwned>(self) -> Result<T, ShapeError> {
        serde_path_to_error::deserialize(self.0).map_err(|e| {
            let path = e.path().to_string();
            ShapeError {
                path: if path == "." { String::new() } else { path },
                message: strip_position(&e.into_inner().to_string()),
            }
        })
    }
}

fn collect_strings(value: &backend::Value, path: String, out: &mut Vec<(String, String)>) {
    match value {
        backend::Value::String(s) => out.push((path, s.clone())),
        backend::Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_strings(item, format!("{path}[{i}]"), out);
            }
        }
        backend::Value::Mapping(map) => {
            for (k, v) in map {
                let key = k.as_str().map_or_else(|| format!("{k:?}"), str::to_string);
                let child = if path.is_empty() {
                    key
                } else {
                    format!("{path}.{key}")
                };
                collect_strings(v, child, out);
            }
        }
        backend::Value::Tagged(tagged) => collect_strings(&tagged.value, path, out),
        _ => {}
    }
}

/// Where flow collections (`[`, `{`) nest deeper than `MAX_DEPTH`, outside quotes and comments.
fn too_deep(text: &str) -> Option<Location> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (n, line) in text.lines().enumerate() {
        let mut previous = ' ';
        for (column, c) in line.chars().enumerate() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    '"' | '\'' if depth > 0 || previous == ' ' || previous == ':' => {
                        quote = Some(c)
                    }
                    '#' if previous == ' ' => break,
                    '[' | '{' => {
                        depth += 1;
                        if depth > MAX_DEPTH {
                            return Some(Location {
                                line: n + 1,
                                column: column + 1,
                            });
                        }
                    }
                    ']' | '}' => depth = depth.saturating_sub(1),
                    _ => {}
                },
            }
            previous = c;
        }
        // Single-quoted and plain scalars do not span lines inside flow collections here;
        // a double-quoted one may, so only it stays open.
        if quote == Some('\'') {
            quote = None;
        }
    }
    None
}

/// serde_yaml appends "at line L column C" to messages; locations are reported separately.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_syntax_error_location() {
        let err = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.location.is_some());
        assert!(!err
            .message
            .terminal(crate::lang::Language::En)
            .contains(" at line "));
    }

    #[test]
    fn refuses_deep_nesting_quickly() {
        let text = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse(&text).unwrap_err();
        assert!(err
            .message
            .terminal(crate::lang::Language::En)
            .contains("nesting deeper than 64"));
        assert_eq!(
            err.location,
            Some(Location {
                line: 1,
                column: 68
            })
        );
        assert!(parse("a: \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\" # [[[[\n").is_ok());
    }

    #[test]
    fn refuses_alias_bombs() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            text.push_str(&format!("b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let node = parse(&text);
        let rejected = match node {
            Err(_) => true,
            Ok(node) => node.into_typed::<serde_yaml::Value>().is_err(),
        };
        assert!(rejected);
    }
}
