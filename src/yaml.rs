//! The only module that knows serde_yaml: YAML text → a tree of nodes → typed values.
//!
//! serde_yaml is deprecated upstream but sound (alias-bomb and recursion limits, error
//! locations). Keeping it behind this small surface means a maintained fork can replace it by
//! changing the one `use` below.

use crate::diagnostic::Location;
use serde::de::DeserializeOwned;
use serde_yaml as backend;

/// A parsed YAML value whose fields have not been given types yet.
#[derive(Debug, Clone)]
pub struct Node(backend::Value);

/// A problem with the YAML text itself.
#[derive(Debug)]
pub struct SyntaxError {
    pub message: String,
    pub location: Option<Location>,
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
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    if let Some(location) = too_deep(text) {
        return Err(SyntaxError {
            message: format!("nesting deeper than {MAX_DEPTH} levels"),
            location: Some(location),
        });
    }
    backend::from_str::<backend::Value>(text)
        .map(Node)
        .map_err(|e| SyntaxError {
            location: e.location().map(|l| Location {
                line: l.line(),
                column: l.column(),
            }),
            message: strip_position(&e.to_string()),
        })
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
        assert!(!err.message.contains(" at line "));
    }

    #[test]
    fn refuses_deep_nesting_quickly() {
        let text = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("nesting deeper than 64"));
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
