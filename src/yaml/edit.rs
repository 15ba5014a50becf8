//! Rewriting a questionnaire in place: the file the user knows, with only what changed changed.
//!
//! The form editor (`serve`) and `requirements import` hold the whole questionnaire as JSON and
//! save by handing the new JSON to [`rewrite`]. Dumping it through serde_yaml would lose every
//! comment, blank line and quoting choice, so instead the source is parsed once more with
//! saphyr's event parser, whose events carry spans, into a tree of node positions; that tree is
//! walked beside the old and new JSON and each difference becomes a splice of the source text:
//! a scalar replaced within its own span, an entry or item cut with its own lines and the
//! comment lines right above it, a new one inserted after its nearest kept sibling in the
//! siblings' style (indentation, quoting, flow or block).
//!
//! The `yaml-edit` crate (a lossless rowan tree) was considered: it is young (0.3), adds a
//! syntax-tree stack beside the two YAML parsers crmspec already carries, and its edits work
//! node by node, while this needs a diff of the whole document against JSON with style rules
//! of its own; saphyr's spans give exactly the positions needed.
//!
//! Every result is read back before it is returned: if the text would not load as the new value
//! (a case this module does not foresee), the rewrite is refused rather than saved wrong.
//! Anchors, aliases and tags are refused only where something changes under them.

use super::backend;
use crate::diagnostic::Location;
use crate::lang::messages::Message;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Why a questionnaire could not be rewritten; nothing is written then.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The source is not YAML crmspec can read.
    #[error("the questionnaire is not valid YAML: {message}")]
    Syntax {
        message: String,
        location: Option<Location>,
    },
    /// Something changes where the text is not plain data: under an anchor, an alias or a tag,
    /// in a second document, a complex key.
    #[error("line {}, column {}: cannot rewrite {what}", location.line, location.column)]
    Unsupported { what: Construct, location: Location },
    /// The text produced would not read back as the new value; refused rather than saved.
    #[error("the rewritten questionnaire would not read back as intended (at `{path}`)")]
    NotFaithful { path: String },
}

/// What stands in the way of an edit, for [`EditError::Unsupported`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Construct {
    Anchor,
    Alias,
    Tag,
    Documents,
    ComplexKey,
    EmptyDocument,
}

impl std::fmt::Display for Construct {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Construct::Anchor => "a value that carries an anchor (&name)",
            Construct::Alias => "an alias (*name)",
            Construct::Tag => "a tagged value (!tag)",
            Construct::Documents => "a file of several YAML documents",
            Construct::ComplexKey => "a key that is not a plain value",
            Construct::EmptyDocument => "an empty document",
        })
    }
}

impl EditError {
    /// The error in words, for the terminal or the editor's page.
    pub fn message(&self) -> Message {
        match self {
            EditError::Syntax { message, .. } => {
                Message::new("yaml_edit.syntax").plain("problem", message)
            }
            EditError::Unsupported { what, .. } => Message::new(match what {
                Construct::Anchor => "yaml_edit.anchor",
                Construct::Alias => "yaml_edit.alias",
                Construct::Tag => "yaml_edit.tag",
                Construct::Documents => "yaml_edit.documents",
                Construct::ComplexKey => "yaml_edit.complex_key",
                Construct::EmptyDocument => "yaml_edit.empty",
            }),
            EditError::NotFaithful { path } => {
                Message::new("yaml_edit.not_faithful").code("field", path)
            }
        }
    }

    /// Where in the source the problem is, when it is somewhere.
    pub fn location(&self) -> Option<Location> {
        match self {
            EditError::Syntax { location, .. } => *location,
            EditError::Unsupported { location, .. } => Some(*location),
            EditError::NotFaithful { .. } => None,
        }
    }
}

/// The questionnaire as JSON, read as the loader reads it (serde_yaml, one document).
pub fn to_json(source: &str) -> Result<Value, EditError> {
    backend::from_str::<Value>(source).map_err(|e| EditError::Syntax {
        location: e.location().map(|l| Location {
            line: l.line(),
            column: l.column(),
        }),
        message: match e.to_string().find(" at line ") {
            Some(i) => e.to_string()[..i].to_string(),
            None => e.to_string(),
        },
    })
}

/// The questionnaire's text after making it hold `new` (the whole questionnaire as JSON, as the
/// loader would read it), touching only what differs: a changed scalar is replaced in place (its
/// quoting style kept when still valid, else quoted safely), a removed mapping key or list item
/// is cut with its own lines (and its own comments), an added key/item is inserted in the style
/// of its siblings (block lists with `- ` at the same indent, flow lists stay flow), and every
/// other byte — comments, blank lines, key order, indentation — is unchanged.
pub fn rewrite(source: &str, new: &serde_json::Value) -> Result<String, EditError> {
    let result = splice(source, new)?;
    match to_json(&result) {
        Ok(back) if back == *new => Ok(result),
        Ok(back) => Err(EditError::NotFaithful {
            path: first_difference(&back, new, String::new()),
        }),
        Err(_) => Err(EditError::NotFaithful {
            path: String::new(),
        }),
    }
}

/// The edited text, not yet read back.
fn splice(source: &str, new: &Value) -> Result<String, EditError> {
    let old = to_json(source)?;
    if old == *new {
        return Ok(source.to_string());
    }
    let root = Tree::parse(source)?;
    let mut editor = Editor {
        text: source,
        edits: Vec::new(),
        layout: Layout::of(&root, source),
    };
    editor.edit(&root, &old, new, Place::Root, "")?;
    Ok(apply(source, editor.edits))
}

/// The path of the first place where two values differ (for [`EditError::NotFaithful`]).
fn first_difference(a: &Value, b: &Value, path: String) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in y {
                match x.get(k) {
                    Some(w) if w == v => {}
                    Some(w) => return first_difference(w, v, join(&path, k)),
                    None => return join(&path, k),
                }
            }
            path
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            match x.iter().zip(y).position(|(v, w)| v != w) {
                Some(i) => first_difference(&x[i], &y[i], format!("{path}[{i}]")),
                None => path,
            }
        }
        _ => path,
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

// ---------------------------------------------------------------------------------------------
// The source as a tree of positions.

/// A node of the source: where it is written (byte offsets) and how.
#[derive(Debug)]
struct Node {
    /// The first byte of the value: a quote, a block scalar's `|`, a flow bracket, the first
    /// key or dash of a block collection; for an empty value, where it would be written.
    start: usize,
    /// After its last byte: a block scalar ends with its last non-blank line, a block
    /// collection with its last child.
    end: usize,
    /// An anchor, alias or tag is on it: what it means is not all written here.
    pinned: Option<Construct>,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Scalar(ScalarStyle),
    Alias,
    Map { flow: bool, entries: Vec<Entry> },
    Seq { flow: bool, items: Vec<Item> },
}

#[derive(Debug)]
struct Entry {
    key: Node,
    name: String,
    /// The byte of the `:` after the key.
    colon: usize,
    value: Node,
}

#[derive(Debug)]
struct Item {
    /// The byte of the `-` of a block sequence's item.
    dash: Option<usize>,
    node: Node,
}

struct Tree<'a> {
    text: &'a str,
    /// Byte offset of each character (saphyr counts characters), and of the end.
    bytes: Vec<usize>,
    events: std::vec::IntoIter<(Event<'a>, Span)>,
    /// After the last event read: where the search for a block scalar's header or a dash
    /// starts.
    cursor: usize,
}

impl<'a> Tree<'a> {
    fn parse(text: &'a str) -> Result<Node, EditError> {
        let mut events = Vec::new();
        for event in Parser::new_from_str(text) {
            match event {
                Ok(event) => events.push(event),
                Err(e) => {
                    return Err(EditError::Syntax {
                        message: e.info().to_string(),
                        location: Some(Location {
                            line: e.marker().line(),
                            column: e.marker().col() + 1,
                        }),
                    })
                }
            }
        }
        let mut bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        bytes.push(text.len());
        let mut tree = Tree {
            text,
            bytes,
            events: events.into_iter(),
            cursor: 0,
        };
        let mut root = None;
        while let Some((event, span)) = tree.events.next() {
            match event {
                Event::StreamStart | Event::DocumentEnd | Event::StreamEnd | Event::Nothing => {}
                Event::DocumentStart(_) if root.is_some() => {
                    return Err(tree.unsupported(Construct::Documents, span));
                }
                Event::DocumentStart(_) => {
                    let (event, span) = tree.next()?;
                    if matches!(event, Event::DocumentEnd) {
                        return Err(tree.unsupported(Construct::EmptyDocument, span));
                    }
                    let start = tree.byte(span);
                    root = Some(tree.node(event, span, start)?);
                }
                _ => {}
            }
        }
        root.ok_or(EditError::Unsupported {
            what: Construct::EmptyDocument,
            location: Location { line: 1, column: 1 },
        })
    }

    fn next(&mut self) -> Result<(Event<'a>, Span), EditError> {
        self.events.next().ok_or_else(|| EditError::Syntax {
            message: "unexpected end of the file".to_string(),
            location: None,
        })
    }

    fn byte(&self, span: Span) -> usize {
        self.bytes[span.start.index().min(self.bytes.len() - 1)]
    }

    fn end_byte(&self, span: Span) -> usize {
        self.bytes[span.end.index().min(self.bytes.len() - 1)]
    }

    fn unsupported(&self, what: Construct, span: Span) -> EditError {
        EditError::Unsupported {
            what,
            location: Location {
                line: span.start.line(),
                column: span.start.col() + 1,
            },
        }
    }

    /// One node, whose first event has been read; `empty_at` is where an empty value sits.
    fn node(&mut self, event: Event<'a>, span: Span, empty_at: usize) -> Result<Node, EditError> {
        let pin = |anchor: usize, tagged: bool| {
            if anchor != 0 {
                Some(Construct::Anchor)
            } else if tagged {
                Some(Construct::Tag)
            } else {
                None
            }
        };
        match event {
            Event::Scalar(_, style, anchor, tag) => {
                let (mut start, mut end) = (self.byte(span), self.end_byte(span));
                match style {
                    ScalarStyle::Literal | ScalarStyle::Folded => {
                        let header = block_header(self.text, self.cursor, start);
                        end = block_end(self.text, header, start, end);
                        start = header;
                    }
                    _ if start == end => {
                        start = empty_at;
                        end = empty_at;
                    }
                    _ => {}
                }
                self.cursor = end;
                Ok(Node {
                    start,
                    end,
                    pinned: pin(anchor, tag.is_some()),
                    kind: Kind::Scalar(style),
                })
            }
            Event::Alias(_) => {
                let (start, end) = (self.byte(span), self.end_byte(span));
                self.cursor = end;
                Ok(Node {
                    start,
                    end,
                    pinned: Some(Construct::Alias),
                    kind: Kind::Alias,
                })
            }
            Event::MappingStart(anchor, tag) => {
                let flow = !span.is_empty();
                let start = self.byte(span);
                self.cursor = self.end_byte(span);
                let mut entries = Vec::new();
                let end = loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::MappingEnd) {
                        break if flow {
                            self.end_byte(span)
                        } else {
                            entries.last().map_or(start, |e: &Entry| e.value.end)
                        };
                    }
                    let name = match &event {
                        Event::Scalar(name, ..) => name.to_string(),
                        _ => return Err(self.unsupported(Construct::ComplexKey, span)),
                    };
                    let key = self.node(event, span, self.byte(span))?;
                    let Some(colon) = colon_after(self.text, key.end) else {
                        return Err(self.unsupported(Construct::ComplexKey, span));
                    };
                    self.cursor = colon + 1;
                    let (event, span) = self.next()?;
                    let value = self.node(event, span, colon + 1)?;
                    entries.push(Entry {
                        key,
                        name,
                        colon,
                        value,
                    });
                };
                self.cursor = end;
                Ok(Node {
                    start,
                    end,
                    pinned: pin(anchor, tag.is_some()),
                    kind: Kind::Map { flow, entries },
                })
            }
            Event::SequenceStart(anchor, tag) => {
                let flow = !span.is_empty();
                let start = self.byte(span);
                self.cursor = if flow { self.end_byte(span) } else { start };
                let mut items = Vec::new();
                let end = loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::SequenceEnd) {
                        break if flow {
                            self.end_byte(span)
                        } else {
                            items.last().map_or(start, |i: &Item| i.node.end)
                        };
                    }
                    let dash = if flow {
                        None
                    } else {
                        dash_after(self.text, self.cursor)
                    };
                    let empty_at = dash.map_or(self.byte(span), |d| d + 1);
                    if let Some(d) = dash {
                        self.cursor = d + 1;
                    }
                    let node = self.node(event, span, empty_at)?;
                    items.push(Item { dash, node });
                };
                self.cursor = end;
                Ok(Node {
                    start,
                    end,
                    pinned: pin(anchor, tag.is_some()),
                    kind: Kind::Seq { flow, items },
                })
            }
            _ => Err(self.unsupported(Construct::Documents, span)),
        }
    }
}

/// Whether `#` at byte `at` starts a comment (at a line's start or after white space).
fn starts_comment(text: &str, at: usize) -> bool {
    text.as_bytes().get(at) == Some(&b'#')
        && (at == 0 || matches!(text.as_bytes()[at - 1], b' ' | b'\t' | b'\n' | b'\r'))
}

/// The `|` or `>` of a block scalar whose content starts at `content`, searched from `from`.
fn block_header(text: &str, from: usize, content: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < content {
        if starts_comment(text, i) {
            while i < content && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if matches!(bytes[i], b'|' | b'>') {
            return i;
        }
        i += 1;
    }
    content
}

/// The end of a block scalar: its last non-blank line (the blank lines the parser counts in
/// belong to the layout), or its header when it is empty.
fn block_end(text: &str, header: usize, content: usize, end: usize) -> usize {
    let body = &text[content..end];
    match body.rfind(|c: char| !c.is_whitespace()) {
        Some(i) => line_end(text, content + i),
        None => {
            let after = &text[header..];
            header + after.find(char::is_whitespace).unwrap_or(after.len())
        }
    }
}

/// The `:` following a key ending at `from`, over spaces.
fn colon_after(text: &str, from: usize) -> Option<usize> {
    let rest = &text[from..];
    let skipped = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    (rest[skipped..].starts_with(':')).then_some(from + skipped)
}

/// The next `-` from `from`, over blanks and comments.
fn dash_after(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'#' if starts_comment(text, i) => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'-' => return Some(i),
            _ => return None,
        }
    }
    None
}

/// The byte of the line break ending the line that holds `at` (or the text's end).
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The column (in characters) of byte `at`.
fn column(text: &str, at: usize) -> usize {
    text[line_start(text, at)..at].chars().count()
}

/// Whether only spaces precede byte `at` on its line.
fn starts_line(text: &str, at: usize) -> bool {
    text[line_start(text, at)..at].chars().all(|c| c == ' ')
}

// ---------------------------------------------------------------------------------------------
// Edits.

/// Replace `start..end` with `text`; insertions have `start == end`.
#[derive(Debug)]
struct Edit {
    start: usize,
    end: usize,
    text: String,
}

/// The edits applied in order. Edits are produced for disjoint ranges; two cuts may overlap
/// (a cut entry and the blank line a neighbouring cut also takes) and are merged.
fn apply(source: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| e.start);
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for edit in edits {
        if edit.start < at {
            // Overlaps a previous cut: keep what this edit adds, beyond what was cut.
            if edit.end > at {
                at = edit.end;
            }
            out.push_str(&edit.text);
            continue;
        }
        out.push_str(&source[at..edit.start]);
        out.push_str(&edit.text);
        at = edit.end;
    }
    out.push_str(&source[at..]);
    out
}

/// Where a value sits, which decides how a replacement is written.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// The value of a block mapping's key at column `col`; its text starts after the colon.
    Value {
        after: usize,
        col: usize,
    },
    /// An item of a block sequence whose dash is at column `col`.
    Item {
        after: usize,
        col: usize,
    },
    /// Inside a flow collection.
    Flow,
    Root,
}

/// The file's indentation habits, for new nested content.
struct Layout {
    /// Columns between a key and the keys of its mapping value.
    map: usize,
    /// Columns between a key and the dashes of its sequence value (0 or more).
    seq: usize,
}

impl Layout {
    fn of(root: &Node, text: &str) -> Layout {
        let mut layout = Layout {
            map: 0,
            seq: usize::MAX,
        };
        layout.learn(root, text);
        if layout.map == 0 {
            layout.map = 2;
        }
        if layout.seq == usize::MAX {
            layout.seq = layout.map;
        }
        layout
    }

    fn learn(&mut self, node: &Node, text: &str) {
        match &node.kind {
            Kind::Map {
                flow: false,
                entries,
            } => {
                for e in entries {
                    let col = column(text, e.key.start);
                    match &e.value.kind {
                        Kind::Map { flow: false, .. } if self.map == 0 => {
                            self.map = column(text, e.value.start).saturating_sub(col);
                        }
                        Kind::Seq { flow: false, .. }
                            if self.seq == usize::MAX && starts_line(text, e.value.start) =>
                        {
                            self.seq = column(text, e.value.start).saturating_sub(col);
                        }
                        _ => {}
                    }
                    self.learn(&e.value, text);
                }
            }
            Kind::Seq { items, .. } => items.iter().for_each(|i| self.learn(&i.node, text)),
            Kind::Map { entries, .. } => entries.iter().for_each(|e| self.learn(&e.value, text)),
            _ => {}
        }
    }
}

/// How siblings write their values, for new ones to look the same.
#[derive(Debug, Default)]
struct Hints {
    /// The quoting of string values, by key.
    keys: HashMap<String, ScalarStyle>,
    /// The quoting of string values without a key (or whose key has none yet).
    default: Option<ScalarStyle>,
    /// The first quoting seen on a keyed string: a file that quotes its texts gets new texts
    /// quoted.
    quoted: Option<ScalarStyle>,
    /// Keys whose collections are written in flow style (`data: [a, b]`), and whether with
    /// spaces inside the brackets.
    flow_keys: HashMap<String, bool>,
    /// Siblings are flow collections (`- { a: 1 }`): with spaces inside the braces?
    flow: Option<bool>,
}

impl Hints {
    /// How to write `value`: as the same key's siblings do, else as keyless siblings do, else
    /// quoted like the siblings' texts when it is prose (has spaces), else plain (an ID).
    fn style(&self, key: Option<&str>, value: &Value) -> ScalarStyle {
        let prose = value
            .as_str()
            .is_some_and(|s| s.contains(char::is_whitespace));
        key.and_then(|k| self.keys.get(k))
            .or(self.default.as_ref())
            .or(self.quoted.as_ref().filter(|_| prose))
            .copied()
            .unwrap_or(ScalarStyle::Plain)
    }
}

struct Editor<'a> {
    text: &'a str,
    edits: Vec<Edit>,
    layout: Layout,
}

fn indent(n: usize) -> String {
    " ".repeat(n)
}

fn is_collection(v: &Value) -> bool {
    matches!(v, Value::Object(_) | Value::Array(_))
}

impl Editor<'_> {
    fn push(&mut self, start: usize, end: usize, text: String) {
        self.edits.push(Edit { start, end, text });
    }

    fn location(&self, at: usize) -> Location {
        let start = line_start(self.text, at);
        Location {
            line: self.text[..start].matches('\n').count() + 1,
            column: column(self.text, at) + 1,
        }
    }

    fn edit(
        &mut self,
        node: &Node,
        old: &Value,
        new: &Value,
        place: Place,
        key: &str,
    ) -> Result<(), EditError> {
        if old == new {
            return Ok(());
        }
        if let Some(what) = node.pinned {
            return Err(EditError::Unsupported {
                what,
                location: self.location(node.start),
            });
        }
        match (&node.kind, old, new) {
            (
                Kind::Map {
                    flow: false,
                    entries,
                },
                Value::Object(o),
                Value::Object(n),
            ) if !n.is_empty() => self.block_map(node, entries, o, n, place, key),
            (Kind::Seq { flow: false, items }, Value::Array(o), Value::Array(n))
                if !n.is_empty() =>
            {
                self.block_seq(node, items, o, n, place, key)
            }
            (
                Kind::Map {
                    flow: true,
                    entries,
                },
                Value::Object(o),
                Value::Object(n),
            ) => self.flow_map(node, entries, o, n),
            (Kind::Seq { flow: true, items }, Value::Array(o), Value::Array(n)) => {
                self.flow_seq(node, items, o, n)
            }
            (Kind::Scalar(style), _, _) if !is_collection(new) => {
                self.scalar(node, *style, new, place, key)
            }
            _ => {
                let mut hints = Hints::default();
                self.collect(node, None, &mut hints);
                self.replace(node, new, place, &hints, Some(key));
                Ok(())
            }
        }
    }

    /// A scalar replaced by a scalar: within its own span when both are written on one line,
    /// so that a comment after it stays where it is.
    fn scalar(
        &mut self,
        node: &Node,
        style: ScalarStyle,
        new: &Value,
        place: Place,
        key: &str,
    ) -> Result<(), EditError> {
        let inline_old =
            node.start < node.end && !matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
        let flow = matches!(place, Place::Flow);
        let inline_new = match new {
            Value::Null => flow,
            Value::String(s) => flow || !s.contains('\n') || !literal_ok(s),
            _ => true,
        };
        if inline_old && inline_new {
            let text = inline(new, style, flow);
            self.push(node.start, node.end, text);
        } else {
            let hints = Hints {
                default: Some(style),
                ..Hints::default()
            };
            self.replace(node, new, place, &hints, Some(key));
        }
        Ok(())
    }

    /// The whole value written anew where the old one was.
    fn replace(
        &mut self,
        node: &Node,
        new: &Value,
        place: Place,
        hints: &Hints,
        key: Option<&str>,
    ) {
        let (start, text) = match place {
            Place::Flow => (node.start, self.flow(new, hints, key)),
            Place::Value { after, col } => (after, self.after_key(new, col, hints, key)),
            Place::Item { after, col } => (after, self.after_dash(new, col, hints, key)),
            Place::Root => {
                let mut text = self.after_key(new, 0, hints, key);
                if let Some(rest) = text.strip_prefix('\n') {
                    text = rest.to_string();
                }
                // The root's entries are at column 0, not indented under a key.
                (node.start, dedent(&text, self.layout.map))
            }
        };
        let mut end = node.end;
        let mut text = text;
        if matches!(place, Place::Flow) && node.start == node.end {
            text.insert(0, ' ');
        }
        // A comment after the old value moves to the first line of a value written on several
        // lines (after `key:` or a block scalar's `|`), where it cannot become content.
        if text.contains('\n') {
            let eol = line_end(self.text, end);
            let rest = self.text[end..eol].trim();
            if rest.starts_with('#') {
                let first = text.find('\n').unwrap_or(text.len());
                text.insert_str(first, &format!(" {rest}"));
                end = eol;
            }
        }
        self.push(start, end, text);
    }

    fn block_map(
        &mut self,
        node: &Node,
        entries: &[Entry],
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        place: Place,
        key: &str,
    ) -> Result<(), EditError> {
        let kept: Vec<bool> = entries.iter().map(|e| new.contains_key(&e.name)).collect();
        if !kept.contains(&true) {
            let mut hints = Hints::default();
            self.collect(node, None, &mut hints);
            self.replace(node, &Value::Object(new.clone()), place, &hints, Some(key));
            return Ok(());
        }
        for e in entries {
            if let (Some(o), Some(n)) = (old.get(&e.name), new.get(&e.name)) {
                let col = column(self.text, e.key.start);
                let place = Place::Value {
                    after: e.colon + 1,
                    col,
                };
                self.edit(&e.value, o, n, place, &e.name)?;
            }
        }
        let starts: Vec<usize> = entries.iter().map(|e| e.key.start).collect();
        let ends: Vec<usize> = entries
            .iter()
            .map(|e| e.value.end.max(e.colon + 1))
            .collect();
        self.cut(&starts, &ends, &kept);
        // New keys: after the nearest earlier key that was kept, else before the first.
        let col = column(self.text, entries[0].key.start);
        let mut hints = Hints::default();
        self.collect(node, None, &mut hints);
        let mut previous: Option<usize> = None;
        let first_kept = kept.iter().position(|k| *k);
        for (name, value) in new {
            if let Some(i) = entries.iter().position(|e| &e.name == name) {
                previous = Some(i);
                continue;
            }
            let entry = format!(
                "{}:{}",
                key_text(name),
                self.after_key(value, col, &hints, Some(name))
            );
            match previous {
                Some(i) => {
                    let at = line_end(self.text, ends[i]);
                    self.push(at, at, format!("\n{}{entry}", indent(col)));
                }
                // Before the first key, which stays: on its own line, or on the line it
                // shares with its parent's dash (`- id: X` before `title:`).
                None if first_kept == Some(0) => {
                    if starts_line(self.text, starts[0]) {
                        let at = self.own_lines_start(starts[0]);
                        self.push(at, at, format!("{}{entry}\n", indent(col)));
                    } else {
                        self.push(starts[0], starts[0], format!("{entry}\n{}", indent(col)));
                    }
                }
                None => {
                    let last = kept.iter().rposition(|k| *k).unwrap_or(0);
                    let at = line_end(self.text, ends[last]);
                    self.push(at, at, format!("\n{}{entry}", indent(col)));
                }
            }
        }
        Ok(())
    }

    fn block_seq(
        &mut self,
        node: &Node,
        items: &[Item],
        old: &[Value],
        new: &[Value],
        place: Place,
        key: &str,
    ) -> Result<(), EditError> {
        let pairs = align(old, new);
        if pairs.iter().all(Option::is_none) {
            let mut hints = Hints::default();
            self.collect(node, None, &mut hints);
            self.replace(node, &Value::Array(new.to_vec()), place, &hints, Some(key));
            return Ok(());
        }
        let mut source_of: Vec<Option<usize>> = vec![None; new.len()];
        for (i, pair) in pairs.iter().enumerate() {
            if let Some(j) = *pair {
                source_of[j] = Some(i);
                let dash = items[i].dash.unwrap_or(items[i].node.start);
                let place = Place::Item {
                    after: dash + 1,
                    col: column(self.text, dash),
                };
                self.edit(&items[i].node, &old[i], &new[j], place, key)?;
            }
        }
        let kept: Vec<bool> = pairs.iter().map(Option::is_some).collect();
        let starts: Vec<usize> = items
            .iter()
            .map(|i| i.dash.unwrap_or(i.node.start))
            .collect();
        let ends: Vec<usize> = items
            .iter()
            .map(|i| i.node.end.max(i.dash.map_or(0, |d| d + 1)))
            .collect();
        self.cut(&starts, &ends, &kept);
        let dash_col = column(self.text, starts[0]);
        let mut hints = Hints::default();
        for item in items {
            self.collect(&item.node, None, &mut hints);
        }
        hints.flow = items
            .iter()
            .all(|i| {
                matches!(
                    i.node.kind,
                    Kind::Map { flow: true, .. } | Kind::Seq { flow: true, .. }
                )
            })
            .then(|| self.text[items[0].node.start..].chars().nth(1) == Some(' '));
        let first_kept = kept.iter().position(|k| *k);
        let mut previous: Option<usize> = None;
        for (j, value) in new.iter().enumerate() {
            if let Some(i) = source_of[j] {
                previous = Some(i);
                continue;
            }
            let item = format!(
                "{}-{}",
                indent(dash_col),
                self.after_dash(value, dash_col, &hints, None)
            );
            match previous.or(
                if first_kept == Some(0) && starts_line(self.text, starts[0]) {
                    None
                } else {
                    kept.iter().rposition(|k| *k)
                },
            ) {
                Some(i) => {
                    let at = line_end(self.text, ends[i]);
                    self.push(at, at, format!("\n{item}"));
                }
                None => {
                    let at = self.own_lines_start(starts[0]);
                    self.push(at, at, format!("{item}\n"));
                }
            }
        }
        Ok(())
    }

    /// Cuts the entries or items not kept (`starts`/`ends`: from the key or dash to the end of
    /// the value). One that begins its line goes with its lines and the comment lines right
    /// above it (and a blank line, when it stood between two); one that shares its line with
    /// its parent (`- id: X`, the first key of an item) is cut up to the next kept sibling,
    /// which takes its place on that line.
    fn cut(&mut self, starts: &[usize], ends: &[usize], kept: &[bool]) {
        let mut i = 0;
        while i < starts.len() {
            if kept[i] {
                i += 1;
                continue;
            }
            if !starts_line(self.text, starts[i]) {
                let next = (i + 1..starts.len()).find(|&k| kept[k]);
                if let Some(k) = next {
                    self.push(starts[i], starts[k], String::new());
                    i = k;
                    continue;
                }
            }
            let start = self.own_lines_start(starts[i]);
            let eol = line_end(self.text, ends[i]);
            let mut end = (eol + 1).min(self.text.len());
            let blank_before = start == 0 || {
                let prev = line_start(self.text, start - 1);
                self.text[prev..start].trim().is_empty()
            };
            if blank_before && end < self.text.len() {
                let next = line_end(self.text, end);
                if self.text[end..next].trim().is_empty() {
                    end = (next + 1).min(self.text.len());
                }
            }
            self.push(start, end, String::new());
            i += 1;
        }
    }

    /// The start of the line of `at`, moved up over the comment lines right above it at the
    /// same indentation (its own comments).
    fn own_lines_start(&self, at: usize) -> usize {
        let col = column(self.text, at);
        let mut start = line_start(self.text, at);
        while start > 0 {
            let prev = line_start(self.text, start - 1);
            let line = &self.text[prev..start - 1];
            let trimmed = line.trim_start_matches(' ');
            if trimmed.starts_with('#') && line.len() - trimmed.len() == col {
                start = prev;
            } else {
                break;
            }
        }
        start
    }

    fn flow_map(
        &mut self,
        node: &Node,
        entries: &[Entry],
        old: &Map<String, Value>,
        new: &Map<String, Value>,
    ) -> Result<(), EditError> {
        let same_keys = old.len() == new.len() && old.keys().all(|k| new.contains_key(k));
        if same_keys {
            for e in entries {
                if let (Some(o), Some(n)) = (old.get(&e.name), new.get(&e.name)) {
                    self.edit(&e.value, o, n, Place::Flow, &e.name)?;
                }
            }
            return Ok(());
        }
        let mut hints = Hints::default();
        self.collect(node, None, &mut hints);
        let parts: Vec<String> = new
            .iter()
            .map(|(k, v)| match entries.iter().find(|e| &e.name == k) {
                Some(e) if old.get(k) == Some(v) => {
                    self.text[e.key.start..e.value.end.max(e.colon + 1)].to_string()
                }
                _ => format!("{}: {}", key_text(k), self.flow(v, &hints, Some(k))),
            })
            .collect();
        let text = self.bracket(node, '{', '}', &parts);
        self.push(node.start, node.end, text);
        Ok(())
    }

    fn flow_seq(
        &mut self,
        node: &Node,
        items: &[Item],
        old: &[Value],
        new: &[Value],
    ) -> Result<(), EditError> {
        if old.len() == new.len() {
            for (i, item) in items.iter().enumerate() {
                self.edit(&item.node, &old[i], &new[i], Place::Flow, "")?;
            }
            return Ok(());
        }
        let pairs = align(old, new);
        let mut source_of: Vec<Option<usize>> = vec![None; new.len()];
        for (i, pair) in pairs.iter().enumerate() {
            if let Some(j) = *pair {
                source_of[j] = Some(i);
            }
        }
        let mut hints = Hints::default();
        self.collect(node, None, &mut hints);
        let parts: Vec<String> = new
            .iter()
            .enumerate()
            .map(|(j, v)| match source_of[j] {
                Some(i) if old[i] == *v => {
                    self.text[items[i].node.start..items[i].node.end].to_string()
                }
                Some(i) => {
                    let style = match items[i].node.kind {
                        Kind::Scalar(style) => style,
                        _ => hints.style(None, v),
                    };
                    let own = Hints {
                        default: Some(style),
                        ..Hints::default()
                    };
                    self.flow(v, &own, None)
                }
                None => self.flow(v, &hints, None),
            })
            .collect();
        let text = self.bracket(node, '[', ']', &parts);
        self.push(node.start, node.end, text);
        Ok(())
    }

    /// A flow collection's parts between its brackets, spaced as the old one was.
    fn bracket(&self, node: &Node, open: char, close: char, parts: &[String]) -> String {
        let padded = self.text[node.start..].chars().nth(1) == Some(' ');
        if parts.is_empty() {
            return format!("{open}{close}");
        }
        let pad = if padded { " " } else { "" };
        format!("{open}{pad}{}{pad}{close}", parts.join(", "))
    }

    /// Records how `node`'s strings are written (`key`: the key it is the value of).
    fn collect(&self, node: &Node, key: Option<&str>, hints: &mut Hints) {
        self.collect_at(node, key, hints, 0);
    }

    /// `depth` below the collected node: only its own keyless items (depth 1 at most) say how
    /// keyless values are written; deeper lists (a section's list of texts) only say whether
    /// texts are quoted.
    fn collect_at(&self, node: &Node, key: Option<&str>, hints: &mut Hints, depth: usize) {
        match &node.kind {
            Kind::Scalar(style) => {
                let raw = &self.text[node.start..node.end];
                let is_text = *style != ScalarStyle::Plain
                    || matches!(backend::from_str::<Value>(raw), Ok(Value::String(_)));
                if is_text && node.start < node.end {
                    match key {
                        Some(k) => {
                            hints.keys.entry(k.to_string()).or_insert(*style);
                            if matches!(
                                style,
                                ScalarStyle::DoubleQuoted | ScalarStyle::SingleQuoted
                            ) {
                                hints.quoted.get_or_insert(*style);
                            }
                        }
                        None if depth <= 1 => {
                            hints.default.get_or_insert(*style);
                        }
                        None => {
                            if matches!(
                                style,
                                ScalarStyle::DoubleQuoted | ScalarStyle::SingleQuoted
                            ) {
                                hints.quoted.get_or_insert(*style);
                            }
                        }
                    }
                }
            }
            Kind::Map { entries, flow } => {
                if let (true, Some(k)) = (flow, key) {
                    let padded = self.text[node.start..].chars().nth(1) == Some(' ');
                    hints.flow_keys.entry(k.to_string()).or_insert(padded);
                }
                for e in entries {
                    self.collect_at(&e.value, Some(&e.name), hints, depth + 1);
                }
            }
            Kind::Seq { items, flow } => {
                if let (true, Some(k)) = (flow, key) {
                    let padded = self.text[node.start..].chars().nth(1) == Some(' ');
                    hints.flow_keys.entry(k.to_string()).or_insert(padded);
                }
                for i in items {
                    self.collect_at(&i.node, None, hints, depth + 1);
                }
            }
            Kind::Alias => {}
        }
    }

    /// What follows `key:` for `value`, the key at column `col`: ` scalar`, a block scalar,
    /// or the nested lines of a collection.
    fn after_key(&self, value: &Value, col: usize, hints: &Hints, key: Option<&str>) -> String {
        let inner = col + self.layout.map;
        let flow_key = key.and_then(|k| hints.flow_keys.get(k)).copied();
        match value {
            Value::Null => String::new(),
            Value::Object(m) if !m.is_empty() && flow_key.is_some() => {
                let pad = if flow_key == Some(true) { " " } else { "" };
                format!(" {{{pad}{}{pad}}}", self.flow_entries(m, hints))
            }
            Value::Array(a) if !a.is_empty() && flow_key.is_some() => {
                let pad = if flow_key == Some(true) { " " } else { "" };
                let items: Vec<String> = a.iter().map(|v| self.flow(v, hints, None)).collect();
                format!(" [{pad}{}{pad}]", items.join(", "))
            }
            Value::Object(m) if !m.is_empty() => {
                let mut out = String::new();
                for (k, v) in m {
                    out.push('\n');
                    out.push_str(&indent(inner));
                    out.push_str(&key_text(k));
                    out.push(':');
                    out.push_str(&self.after_key(v, inner, hints, Some(k)));
                }
                out
            }
            Value::Array(a) if !a.is_empty() => {
                let dash = col + self.layout.seq;
                let mut out = String::new();
                for v in a {
                    out.push('\n');
                    out.push_str(&indent(dash));
                    out.push('-');
                    out.push_str(&self.after_dash(v, dash, hints, None));
                }
                out
            }
            Value::Object(_) => " {}".to_string(),
            Value::Array(_) => " []".to_string(),
            Value::String(s) if s.contains('\n') && literal_ok(s) => literal(s, inner),
            _ => format!(" {}", inline(value, hints.style(key, value), false)),
        }
    }

    /// What follows a `-` at column `dash` for `value`.
    fn after_dash(&self, value: &Value, dash: usize, hints: &Hints, key: Option<&str>) -> String {
        let inner = dash + 2;
        match value {
            Value::Object(m) if !m.is_empty() => {
                if let Some(padded) = hints.flow {
                    let pad = if padded { " " } else { "" };
                    return format!(" {{{pad}{}{pad}}}", self.flow_entries(m, hints));
                }
                let mut out = String::new();
                for (n, (k, v)) in m.iter().enumerate() {
                    out.push_str(if n == 0 { " " } else { "\n" });
                    if n > 0 {
                        out.push_str(&indent(inner));
                    }
                    out.push_str(&key_text(k));
                    out.push(':');
                    out.push_str(&self.after_key(v, inner, hints, Some(k)));
                }
                out
            }
            Value::Array(a) if !a.is_empty() => {
                if hints.flow.is_some() {
                    return format!(" {}", self.flow(value, hints, key));
                }
                let mut out = String::new();
                for (n, v) in a.iter().enumerate() {
                    out.push_str(if n == 0 { " " } else { "\n" });
                    if n > 0 {
                        out.push_str(&indent(inner));
                    }
                    out.push('-');
                    out.push_str(&self.after_dash(v, inner, hints, None));
                }
                out
            }
            Value::String(s) if s.contains('\n') && literal_ok(s) => literal(s, inner),
            _ => self.after_key(value, dash, hints, key),
        }
    }

    fn flow_entries(&self, m: &Map<String, Value>, hints: &Hints) -> String {
        m.iter()
            .map(|(k, v)| format!("{}: {}", key_text(k), self.flow(v, hints, Some(k))))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A value in flow style, on one line.
    fn flow(&self, value: &Value, hints: &Hints, key: Option<&str>) -> String {
        match value {
            Value::Object(m) => format!("{{{}}}", self.flow_entries(m, hints)),
            Value::Array(a) => format!(
                "[{}]",
                a.iter()
                    .map(|v| self.flow(v, hints, None))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => inline(value, hints.style(key, value), true),
        }
    }
}

/// Removes `n` columns of indentation from every line (the root's rendering).
fn dedent(text: &str, n: usize) -> String {
    text.split('\n')
        .map(|l| {
            let spaces = l.len() - l.trim_start_matches(' ').len();
            &l[spaces.min(n)..]
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------------
// Lists: which old item became which new one.

/// For each old item, the new item it became (`None`: removed). Equal items are matched first
/// (a longest common subsequence); between them, items are paired by likeness (the same `id`,
/// or shared fields) so that a changed item is edited in place, keeping its comments.
fn align(old: &[Value], new: &[Value]) -> Vec<Option<usize>> {
    let mut pairs = vec![None; old.len()];
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    for (i, pair) in pairs.iter_mut().enumerate().take(prefix) {
        *pair = Some(i);
    }
    for k in 0..suffix {
        pairs[old.len() - 1 - k] = Some(new.len() - 1 - k);
    }
    let o = &old[prefix..old.len() - suffix];
    let n = &new[prefix..new.len() - suffix];
    // Beyond a few million cells, pair by position: no questionnaire has such lists.
    if o.len().saturating_mul(n.len()) > 4_000_000 {
        for i in 0..o.len().min(n.len()) {
            pairs[prefix + i] = Some(prefix + i);
        }
        return pairs;
    }
    let weight = |a: &Value, b: &Value| -> u64 {
        if a == b {
            return 1_000_000;
        }
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                let shared = x.iter().filter(|(k, v)| y.get(*k) == Some(v)).count() as u64;
                match (x.get("id"), y.get("id")) {
                    (Some(p), Some(q)) if p == q => 10_000,
                    (None, None) => 1 + shared,
                    // A changed id, or one added or dropped: the same item if all else agrees
                    // more than it differs.
                    _ => {
                        let fields = x.len().max(y.len()) as u64;
                        if shared * 2 >= fields {
                            shared
                        } else {
                            0
                        }
                    }
                }
            }
            (Value::Array(_), Value::Array(_)) => 1,
            (x, y) if !is_collection(x) && !is_collection(y) => 1,
            _ => 0,
        }
    };
    let (rows, cols) = (o.len(), n.len());
    let mut best = vec![0u64; (rows + 1) * (cols + 1)];
    let at = |i: usize, j: usize| i * (cols + 1) + j;
    for i in 1..=rows {
        for j in 1..=cols {
            let w = weight(&o[i - 1], &n[j - 1]);
            let diagonal = if w > 0 { best[at(i - 1, j - 1)] + w } else { 0 };
            best[at(i, j)] = diagonal.max(best[at(i - 1, j)]).max(best[at(i, j - 1)]);
        }
    }
    let (mut i, mut j) = (rows, cols);
    while i > 0 && j > 0 {
        let w = weight(&o[i - 1], &n[j - 1]);
        if w > 0 && best[at(i, j)] == best[at(i - 1, j - 1)] + w {
            pairs[prefix + i - 1] = Some(prefix + j - 1);
            i -= 1;
            j -= 1;
        } else if best[at(i, j)] == best[at(i - 1, j)] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs
}

// ---------------------------------------------------------------------------------------------
// Scalars.

/// A key as written: plain when it reads back as itself, else double-quoted.
fn key_text(key: &str) -> String {
    if plain_ok(key, true) {
        key.to_string()
    } else {
        double_quoted(key)
    }
}

/// A scalar on one line, in `style` when it still says the same, else quoted safely.
fn inline(value: &Value, style: ScalarStyle, flow: bool) -> String {
    match value {
        Value::Null => if flow { "null" } else { "" }.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => match style {
            ScalarStyle::DoubleQuoted => double_quoted(s),
            ScalarStyle::SingleQuoted if single_ok(s) => single_quoted(s),
            _ if plain_ok(s, flow) => s.clone(),
            _ => double_quoted(s),
        },
        Value::Array(_) | Value::Object(_) => double_quoted(&value.to_string()),
    }
}

/// Words YAML 1.1 readers take for booleans or null: quoted, whatever the reader.
const RESERVED: &[&str] = &[
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "nan", "inf",
];

/// Whether `s` written plain reads back as the same string, for any YAML reader.
fn plain_ok(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let last = s.chars().last().unwrap_or(first);
    if first.is_whitespace()
        || last.is_whitespace()
        || last == ':'
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || s.chars().any(|c| c.is_control())
        || s.contains(": ")
        || s.contains(" #")
        || (flow && s.contains([',', '[', ']', '{', '}']))
        || RESERVED.contains(&s.to_lowercase().trim_start_matches('.'))
        || looks_numeric(s)
    {
        return false;
    }
    matches!(backend::from_str::<Value>(s), Ok(Value::String(ref back)) if back == s)
}

/// Numbers in any notation a YAML reader might take (`1_000`, `1.10`, `+5`, `0x1F`, `1e-3`);
/// not dates (`2026-11-20`), which crmspec reads as text and questionnaires write plain.
fn looks_numeric(s: &str) -> bool {
    let body = s.trim_start_matches(['+', '-']);
    let mut previous = ' ';
    body.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && body.chars().all(|c| {
            let ok = c.is_ascii_hexdigit()
                || matches!(c, '.' | '_' | ':' | 'x' | 'o')
                || (matches!(c, '+' | '-') && matches!(previous, 'e' | 'E'));
            previous = c;
            ok
        })
}

fn single_ok(s: &str) -> bool {
    !s.chars().any(|c| c.is_control())
}

fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Double quotes read back as anything: every control character is escaped.
fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether a multi-line string can be a literal block (`|`): no line of spaces alone (they
/// would read back empty), no leading space on its first line (it would set the indentation),
/// at most one final line break (the chomping indicators say none or one), no control
/// characters.
fn literal_ok(s: &str) -> bool {
    let body = s.strip_suffix('\n').unwrap_or(s);
    !body.is_empty()
        && !body.ends_with('\n')
        && !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
        && !body
            .split('\n')
            .find(|l| !l.is_empty())
            .is_some_and(|l| l.starts_with([' ', '\t']))
        && body
            .split('\n')
            .all(|l| l.is_empty() || !l.trim().is_empty())
}

/// ` |` (or ` |-` without a final line break) and the lines at column `col`.
fn literal(s: &str, col: usize) -> String {
    let (body, header) = match s.strip_suffix('\n') {
        Some(body) => (body, " |"),
        None => (s, " |-"),
    };
    let mut out = header.to_string();
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&indent(col));
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests;
