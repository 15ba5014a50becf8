//! Where each field of the questionnaire is written, so that problems found after
//! deserialization (a dangling reference, weights that do not add up) still point at a line.
//!
//! serde's data model drops source positions; a second, event-level pass over the same text
//! with saphyr's parser records the position of every key and value by field path. Aliases are
//! not expanded here, so this pass is immune to alias bombs.

use crate::diagnostic::Location;
use saphyr_parser::{Event, Parser, Span};
use std::collections::HashMap;

#[derive(Debug, Default, Clone)]
pub struct Positions {
    values: HashMap<String, Location>,
    keys: HashMap<String, Location>,
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, index: usize },
}

impl Positions {
    /// Records positions; a text the event parser rejects yields what was read before the error
    /// (serde_yaml reports the syntax error itself).
    pub fn scan(text: &str) -> Positions {
        let mut positions = Positions::default();
        let mut stack: Vec<Frame> = Vec::new();
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else { break };
            match event {
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Map { path, key }) = stack.last_mut() {
                        if key.is_none() {
                            let child = join(path, &value);
                            positions.keys.insert(child, location(span));
                            *key = Some(value.into_owned());
                            continue;
                        }
                    }
                    positions.value_starts(&mut stack, span);
                    positions.value_ends(&mut stack);
                }
                Event::Alias(_) => {
                    positions.value_starts(&mut stack, span);
                    positions.value_ends(&mut stack);
                }
                Event::MappingStart(..) => {
                    let path = positions.value_starts(&mut stack, span);
                    stack.push(Frame::Map { path, key: None });
                }
                Event::SequenceStart(..) => {
                    let path = positions.value_starts(&mut stack, span);
                    stack.push(Frame::Seq { path, index: 0 });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                    positions.value_ends(&mut stack);
                }
                _ => {}
            }
        }
        positions
    }

    /// A value begins in the current container: record it and return its path.
    fn value_starts(&mut self, stack: &mut [Frame], span: Span) -> String {
        let path = match stack.last() {
            Some(Frame::Map {
                path,
                key: Some(key),
            }) => join(path, key),
            Some(Frame::Seq { path, index }) => format!("{path}[{index}]"),
            _ => String::new(),
        };
        self.values.entry(path.clone()).or_insert(location(span));
        path
    }

    /// A scalar value (or a finished container) completes one entry of its parent.
    fn value_ends(&mut self, stack: &mut [Frame]) {
        match stack.last_mut() {
            Some(Frame::Map { key, .. }) => *key = None,
            Some(Frame::Seq { index, .. }) => *index += 1,
            None => {}
        }
    }

    /// The position of a field's value, else of its key, else of its nearest ancestor.
    pub fn locate(&self, path: &str) -> Option<Location> {
        let mut path = path;
        loop {
            if let Some(loc) = self.values.get(path).or_else(|| self.keys.get(path)) {
                return Some(*loc);
            }
            if path.is_empty() {
                return None;
            }
            path = parent(path);
        }
    }

    /// The position of a key itself (for "unknown key" problems), falling back to `locate`.
    pub fn locate_key(&self, path: &str) -> Option<Location> {
        self.keys.get(path).copied().or_else(|| self.locate(path))
    }
}

fn location(span: Span) -> Location {
    Location {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

fn parent(path: &str) -> &str {
    match path.rfind(['.', '[']) {
        Some(i) => &path[..i],
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "a:\n  b: 1\n  list:\n    - x: 1\n      y: [1, 2]\n    - {x: 2, z: 3}\nc: end\n";

    #[test]
    fn finds_values_keys_and_items() {
        let p = Positions::scan(TEXT);
        let at = |line, column| Some(Location { line, column });
        assert_eq!(p.locate("a.b"), at(2, 6));
        assert_eq!(p.locate("a.list[0].x"), at(4, 10));
        assert_eq!(p.locate("a.list[0].y[1]"), at(5, 14));
        assert_eq!(p.locate("a.list[1].z"), at(6, 17));
        assert_eq!(p.locate("c"), at(7, 4));
        assert_eq!(p.locate_key("a.list[1].z"), at(6, 14));
        assert_eq!(p.locate("a.list[1].missing"), at(6, 7));
    }
}
