//! Where each field of the questionnaire is written, so that problems found after
//! deserialization (a dangling reference, weights that do not add up) still point at a line.
//!
//! serde's data model drops source positions; a second, event-level pass over the same text
//! with saphyr's parser records the position of every key and value by field path. Aliases are
//! not expanded here, so this pass is immune to alias bombs.

use crate::diagnostic::Location;
use saphyr_parser::{Event, Marker, Parser, Span};
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

/// How many quoted values `scan` re-indents (one parse each) before settling for the
/// positions read so far: real questionnaires have a handful.
const MAX_REINDENTED: usize = 32;

impl Positions {
    /// Records positions; a text the event parser rejects yields what was read before the error
    /// (serde_yaml reports the syntax error itself).
    ///
    /// serde_yaml accepts a quoted value whose continuation lines are indented less than its
    /// key (`description: "first line` / `second line"` at column 1); saphyr, following the
    /// YAML specification, stops there, and every field after it used to be located at its
    /// nearest ancestor read before (a finding on line 242 shown at line 227). Such a value is
    /// re-indented in a copy of the text and the copy scanned again: lines keep their numbers,
    /// and only the columns on the value's own continuation lines, where nothing else starts,
    /// change.
    pub fn scan(text: &str) -> Positions {
        let mut text = std::borrow::Cow::Borrowed(text);
        for _ in 0..MAX_REINDENTED {
            match Positions::scan_once(&text) {
                (positions, None) => return positions,
                (positions, Some(quote)) => match reindent_quoted(&text, quote) {
                    Some(fixed) => text = std::borrow::Cow::Owned(fixed),
                    None => return positions,
                },
            }
        }
        Positions::scan_once(&text).0
    }

    /// One pass; on "invalid indentation in quoted scalar", also where that value opens.
    fn scan_once(text: &str) -> (Positions, Option<Marker>) {
        let mut positions = Positions::default();
        let mut stack: Vec<Frame> = Vec::new();
        for event in Parser::new_from_str(text) {
            let (event, span) = match event {
                Ok(event) => event,
                Err(e) if e.info() == "invalid indentation in quoted scalar" => {
                    return (positions, Some(*e.marker()));
                }
                Err(_) => break,
            };
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
        (positions, None)
    }

    /// The field whose value starts at `location`, if one does (to name the field of a value
    /// the YAML parser itself refused, such as a number beyond 64 bits).
    pub fn path_at(&self, location: Location) -> Option<&str> {
        self.values
            .iter()
            .filter(|(_, at)| **at == location)
            .map(|(path, _)| path.as_str())
            .max_by_key(|path| path.len())
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

/// The text with the continuation lines of the quoted value opening at `quote` indented by
/// the quote's column plus one (more than any enclosing block), or `None` if no quote is there.
fn reindent_quoted(text: &str, quote: Marker) -> Option<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let first = quote.line().checked_sub(1)?;
    let opening = lines.get(first)?;
    let start = opening.char_indices().nth(quote.col())?.0;
    let mark = opening[start..]
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\''))?;
    let indent = " ".repeat(quote.col().saturating_add(1));
    let mut out: Vec<String> = lines[..first].iter().map(|l| (*l).to_string()).collect();
    out.push((*opening).to_string());
    let mut rest = &opening[start + mark.len_utf8()..];
    let mut n = first;
    loop {
        if closes(rest, mark) {
            out.extend(lines[n + 1..].iter().map(|l| (*l).to_string()));
            return Some(out.join("\n"));
        }
        n += 1;
        rest = lines.get(n)?.trim_start();
        out.push(format!("{indent}{rest}"));
    }
}

/// Whether a piece of a quoted value holds its closing quote (`\"` and `''` are escapes).
fn closes(piece: &str, mark: char) -> bool {
    let mut chars = piece.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if mark == '"' => {
                chars.next();
            }
            c if c == mark => {
                if mark == '\'' && chars.clone().next() == Some('\'') {
                    chars.next();
                } else {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
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

    #[test]
    fn quoted_values_with_unindented_continuation_lines_do_not_stop_the_scan() {
        let text = "a:\n  b: \"one\ntwo \\\" three\nfour\"\n  c: 'x\ny'\n  d: 1\ne: 2\n";
        let p = Positions::scan(text);
        let at = |line, column| Some(Location { line, column });
        assert_eq!(p.locate("a.b"), at(2, 6));
        assert_eq!(p.locate("a.c"), at(5, 6));
        assert_eq!(p.locate("a.d"), at(7, 6));
        assert_eq!(p.locate("e"), at(8, 4));
    }
}
