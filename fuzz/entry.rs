//! The fuzz targets' bodies, shared with `tests/fuzz_corpus.rs`, which replays the committed
//! corpus through exactly the code the fuzzer ran: a crash found by `cargo fuzz` stays a
//! regression test once its reproducer is committed.
//!
//! `specs` is the folder of the example questionnaires (their logos are read from it).

use arbitrary::{Result, Unstructured};
use std::path::Path;

/// Arbitrary bytes as a questionnaire: load, validate, review, render every format when the
/// bytes happen to form a valid questionnaire. Any panic is a bug.
pub fn questionnaire(data: &[u8], specs: &Path) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = crmspec::Source {
        name: "fuzz.yaml".into(),
        text: text.to_string(),
        base_dir: specs.to_path_buf(),
    };
    review(&source);
    if let Ok(spec) = crmspec::check(&source) {
        let options = crmspec::RenderOptions {
            formats: crmspec::Format::ALL.to_vec(),
            timestamp: Some(0),
            advice: true,
            ..crmspec::RenderOptions::default()
        };
        let _ = crmspec::render(&spec, &options);
    }
}

/// What `crmspec check` prints, worded in every language, and as JSON: a message quoting
/// hostile text must word it like any other.
fn review(source: &crmspec::Source) {
    if let Ok(report) = crmspec::review(source, &[]) {
        for &lang in crmspec::model::Language::ALL {
            for finding in &report.findings {
                let _ = finding.text(lang);
            }
            let _ = report.summary(lang);
        }
        let _ = report.json();
    }
}

/// The real questionnaires the structured target starts from: small, French and English.
const BASES: [&str; 3] = [
    include_str!("../tests/fixtures/minimal.yaml"),
    include_str!("../specs/velo-horizon.yaml"),
    include_str!("../specs/northwind-b2b.yaml"),
];

/// Upper bound on the mutated text, so that repeated list items explore large documents
/// without making each execution take seconds.
const MAX_TEXT: usize = 1 << 20;

/// A real questionnaire edited field by field: values replaced by numbers (huge, negative),
/// dates, words, arbitrary text; keys renamed; lines dropped; list items repeated. Most
/// results stay valid YAML and many stay valid questionnaires, so validation, the advisor and
/// every writer (chosen by the fuzzer) are exercised rather than the YAML parser alone. A
/// valid questionnaire must render.
pub fn structured(data: &[u8], specs: &Path) {
    let mut u = Unstructured::new(data);
    let Ok(text) = mutate(&mut u) else {
        return;
    };
    let source = crmspec::Source {
        name: "fuzz.yaml".into(),
        text,
        base_dir: specs.to_path_buf(),
    };
    review(&source);
    let Ok(spec) = crmspec::check(&source) else {
        return;
    };
    let formats: Vec<crmspec::Format> = crmspec::Format::ALL
        .into_iter()
        .filter(|_| u.arbitrary().unwrap_or(false))
        .collect();
    let options = crmspec::RenderOptions {
        formats,
        timestamp: Some(0),
        figures: u.arbitrary().unwrap_or(true),
        advice: u.arbitrary().unwrap_or(true),
        ..crmspec::RenderOptions::default()
    };
    let rendered = crmspec::render(&spec, &options);
    assert!(
        rendered.is_ok(),
        "a valid questionnaire renders: {:?}",
        rendered.err()
    );
}

fn mutate(u: &mut Unstructured) -> Result<String> {
    let base = *u.choose(&BASES)?;
    let mut lines: Vec<String> = base.lines().map(str::to_string).collect();
    let edits = u.int_in_range(0..=12)?;
    for _ in 0..edits {
        match u.int_in_range(0..=9)? {
            0..=5 => {
                let slots = slots(&lines);
                if slots.is_empty() {
                    continue;
                }
                let slot = *u.choose(&slots)?;
                let value = value(u)?;
                lines[slot.line].replace_range(slot.value.0..slot.value.1, &value);
            }
            6 => {
                let slots = slots(&lines);
                if slots.is_empty() {
                    continue;
                }
                let slot = *u.choose(&slots)?;
                let key = word(u)?;
                lines[slot.line].replace_range(slot.key.0..slot.key.1, &key);
            }
            7 => {
                let line = u.choose_index(lines.len())?;
                lines.remove(line);
            }
            _ => {
                let items: Vec<usize> = (0..lines.len())
                    .filter(|&i| lines[i].trim_start().starts_with("- "))
                    .collect();
                if items.is_empty() {
                    continue;
                }
                let start = *u.choose(&items)?;
                let end = item_end(&lines, start);
                let times = u.int_in_range(1..=40)?;
                let block: Vec<String> = lines[start..end].to_vec();
                let size: usize = lines.iter().map(|l| l.len() + 1).sum();
                let added = block.iter().map(|l| l.len() + 1).sum::<usize>() * times;
                if size + added > MAX_TEXT {
                    continue;
                }
                for _ in 0..times {
                    lines.splice(end..end, block.iter().cloned());
                }
            }
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    Ok(text)
}

/// Where one `key: value` pair is written on a line: byte ranges of the key and the value.
#[derive(Clone, Copy)]
struct Slot {
    line: usize,
    key: (usize, usize),
    value: (usize, usize),
}

/// Every `key: value` pair with a value on the same line, in block (`key: value`) and flow
/// (`{ a: 1, b: "x" }`) style. Block scalars (`|`, `>`) and nested containers are left alone.
fn slots(lines: &[String]) -> Vec<Slot> {
    let mut out = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let bytes = line.as_bytes();
        let flow = line.contains('{');
        let mut i = 0;
        while let Some(found) = line[i..].find(": ") {
            let colon = i + found;
            let key_start = line[..colon]
                .char_indices()
                .rfind(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
                .map_or(0, |(p, c)| p + c.len_utf8());
            let value_start = colon + 2;
            let value_end = if bytes.get(value_start) == Some(&b'"') {
                closing_quote(line, value_start + 1).map_or(line.len(), |q| q + 1)
            } else if flow {
                line[value_start..]
                    .find([',', '}'])
                    .map_or(line.len(), |p| value_start + p)
            } else {
                line.len()
            };
            let value = line[value_start..value_end].trim();
            let before = line[..key_start].trim_end();
            let plain_key =
                key_start < colon && (before.is_empty() || before.ends_with(['{', ',', '-']));
            if plain_key && !value.is_empty() && !value.starts_with(['|', '>', '#', '[', '{']) {
                out.push(Slot {
                    line: n,
                    key: (key_start, colon),
                    value: (value_start, value_end),
                });
            }
            i = value_end.max(colon + 1);
            if i >= line.len() {
                break;
            }
        }
    }
    out
}

/// The byte index of the `"` closing a double-quoted scalar whose text starts at `from`.
fn closing_quote(line: &str, from: usize) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in line[from..].char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(from + i),
            _ => escaped = false,
        }
    }
    None
}

/// The line after a list item that starts at `start` (its continuation lines are indented
/// further than its dash).
fn item_end(lines: &[String], start: usize) -> usize {
    let indent = lines[start].len() - lines[start].trim_start().len();
    let mut end = start + 1;
    while end < lines.len() {
        let line = &lines[end];
        let inner = line.len() - line.trim_start().len();
        if !line.trim().is_empty() && inner <= indent {
            break;
        }
        end += 1;
    }
    end
}

/// A value as YAML text: the kinds of values real questionnaires hold, at their edges.
fn value(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=11)? {
        0 => u.arbitrary::<i64>()?.to_string(),
        1 => u.arbitrary::<u64>()?.to_string(),
        2 => u.arbitrary::<u128>()?.to_string(),
        3 => format!("{:?}", u.arbitrary::<f64>()?),
        4 => u.int_in_range(0u32..=120)?.to_string(),
        5 => format!(
            "{:04}-{:02}-{:02}",
            u.int_in_range(0u32..=9999)?,
            u.int_in_range(0u32..=13)?,
            u.int_in_range(0u32..=32)?
        ),
        6 => word(u)?,
        7 => quoted(&u.arbitrary::<String>()?),
        8 => u
            .arbitrary::<String>()?
            .lines()
            .next()
            .unwrap_or_default()
            .to_string(),
        9 => (*u.choose(&["true", "false", "null", "~", "[]", "{}", "\"\""])?).to_string(),
        10 => (*u.choose(&[
            "must", "should", "could", "wont", "fr", "en", "EUR", "coverage", "B2B", "B2C",
            "email", "phone", "store", "web",
        ])?)
        .to_string(),
        _ => format!("{:?}", u.arbitrary::<f32>()?),
    })
}

/// A key or word: a real field name bent a little, or arbitrary ASCII letters.
fn word(u: &mut Unstructured) -> Result<String> {
    const WORDS: &[&str] = &[
        "id",
        "title",
        "priority",
        "weight",
        "employees",
        "headcount",
        "count",
        "crm_users",
        "depends_on",
        "version",
        "date",
        "start",
        "end",
        "kind",
        "logo",
        "language",
        "min",
        "max",
    ];
    let mut word = (*u.choose(WORDS)?).to_string();
    if u.arbitrary()? {
        word.push(char::from(b'a' + u.int_in_range(0..=25)?));
    }
    Ok(word)
}

fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
