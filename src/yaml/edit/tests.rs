use super::*;
use serde_json::json;

/// `rewrite` then read back: the value asked for, and the text.
fn round(src: &str, new: &Value) -> String {
    let out = rewrite(src, new)
        .unwrap_or_else(|e| panic!("{e}\n{}", splice(src, new).unwrap_or_default()));
    assert_eq!(to_json(&out).unwrap(), *new, "{out}");
    out
}

/// `src` with `change` applied to its JSON, rewritten.
fn change(src: &str, change: impl FnOnce(&mut Value)) -> String {
    let mut v = to_json(src).unwrap();
    change(&mut v);
    round(src, &v)
}

const DOC: &str = "\
# Head comment

version: 1   # the format

document:
  title: \"Cahier des charges\"
  language: fr                      # fr | en
  client: 'Maison'
  empty:
  notes: |
    First line
    second line

  # The people
  people:
    - id: P1
      name: \"Ann\"   # lead
    # Bob is new
    - id: P2
      name: \"Bob\"
  tags: [a, b, \"c d\"]
  history:
    - { version: \"1.0\", date: 2026-10-02 }
    - { version: \"1.1\", date: 2026-10-28 }

last: end
";

#[test]
fn unchanged_is_byte_identical() {
    assert_eq!(round(DOC, &to_json(DOC).unwrap()), DOC);
}

#[test]
fn a_changed_scalar_keeps_its_quotes_and_its_comment() {
    let out = change(DOC, |v| {
        v["document"]["title"] = json!("Nouveau titre");
        v["document"]["language"] = json!("en");
        v["document"]["client"] = json!("L'atelier");
        v["version"] = json!(2);
    });
    assert_eq!(
        out,
        DOC.replace("\"Cahier des charges\"", "\"Nouveau titre\"")
            .replace("language: fr ", "language: en ")
            .replace("'Maison'", "'L''atelier'")
            .replace("version: 1 ", "version: 2 ")
    );
}

#[test]
fn values_that_need_quotes_get_them() {
    for s in [
        "yes",
        "no",
        "1.10",
        "1_000",
        "a: b",
        "a #b",
        "-x",
        "- x",
        "#x",
        "",
        " lead",
        "trail ",
        "null",
        "~",
        "true",
        "0x1F",
        "12",
        "[x]",
        "{x}",
        "@x",
        "`x",
        "%x",
        "!x",
        "&x",
        "*x",
        "x:",
        "?",
        "|",
        ">",
        "'",
        "\"",
        "On",
        "2026-01-01",
    ] {
        let out = change(DOC, |v| v["last"] = json!(s));
        assert!(out.ends_with("\n") && out.contains("last: "), "{s}: {out}");
        let out = change(DOC, |v| v["document"]["tags"][0] = json!(s));
        assert!(out.contains("tags: ["), "{s}: {out}");
    }
    // A plain value that still reads as itself stays plain.
    let out = change(DOC, |v| v["last"] = json!("the end, really"));
    assert!(out.ends_with("last: the end, really\n"), "{out}");
}

#[test]
fn keys_that_need_quotes_get_them() {
    let out = change(DOC, |v| {
        v["document"]["a: b"] = json!(1);
        v["document"]["yes"] = json!("x");
    });
    assert!(out.contains("  \"a: b\": 1\n"), "{out}");
}

#[test]
fn multi_line_values_become_literal_blocks() {
    let out = change(DOC, |v| {
        v["document"]["title"] = json!("Line one\nLine two\n")
    });
    assert!(
        out.contains("  title: |\n    Line one\n    Line two\n  language:"),
        "{out}"
    );
    let out = change(DOC, |v| v["document"]["title"] = json!("One\n\nTwo"));
    assert!(
        out.contains("  title: |-\n    One\n\n    Two\n  language:"),
        "{out}"
    );
    // The comment after a value moves onto the block's header, where it stays a comment.
    let out = change(DOC, |v| v["document"]["language"] = json!("a\nb"));
    assert!(
        out.contains("  language: |- # fr | en\n    a\n    b\n"),
        "{out}"
    );
    // A block scalar changed in place; the blank line after it stays.
    let out = change(DOC, |v| v["document"]["notes"] = json!("Only\nthis\n"));
    assert!(
        out.contains("  notes: |\n    Only\n    this\n\n  # The people"),
        "{out}"
    );
    // To one line: a plain scalar.
    let out = change(DOC, |v| v["document"]["notes"] = json!("short"));
    assert!(out.contains("  notes: short\n\n  # The people"), "{out}");
    // What a literal block cannot hold is double-quoted.
    let out = change(DOC, |v| v["document"]["notes"] = json!("  indented\nx"));
    assert!(out.contains("  notes: \"  indented\\nx\"\n"), "{out}");
    // In a flow list, multi-line text stays on its line.
    let out = change(DOC, |v| v["document"]["tags"][1] = json!("x\ny"));
    assert!(out.contains("tags: [a, \"x\\ny\", \"c d\"]"), "{out}");
}

#[test]
fn empty_values_and_null() {
    let out = change(DOC, |v| v["document"]["empty"] = json!("now set"));
    assert!(out.contains("  empty: now set\n"), "{out}");
    let out = change(DOC, |v| v["document"]["client"] = Value::Null);
    assert!(out.contains("  client:\n"), "{out}");
    let out = change(DOC, |v| {
        v["document"]["empty"] = json!({"a": 1, "b": [1, 2]})
    });
    assert!(
        out.contains("  empty:\n    a: 1\n    b:\n      - 1\n      - 2\n  notes:"),
        "{out}"
    );
    let out = change(DOC, |v| v["document"]["empty"] = json!([]));
    assert!(out.contains("  empty: []\n"), "{out}");
}

#[test]
fn removing_a_key_takes_its_lines_and_comments() {
    let out = change(DOC, |v| {
        v["document"].as_object_mut().unwrap().remove("people");
    });
    assert_eq!(
        out,
        DOC.replace(
            "  # The people\n  people:\n    - id: P1\n      name: \"Ann\"   # lead\n    # Bob is new\n    - id: P2\n      name: \"Bob\"\n",
            ""
        )
    );
    let out = change(DOC, |v| {
        v.as_object_mut().unwrap().remove("version");
    });
    assert_eq!(out, DOC.replace("version: 1   # the format\n\n", ""));
}

#[test]
fn removing_items() {
    // The second item goes with its comment.
    let out = change(DOC, |v| {
        v["document"]["people"].as_array_mut().unwrap().remove(1);
    });
    assert_eq!(
        out,
        DOC.replace("    # Bob is new\n    - id: P2\n      name: \"Bob\"\n", "")
    );
    // The first: the second keeps its own comment.
    let out = change(DOC, |v| {
        v["document"]["people"].as_array_mut().unwrap().remove(0);
    });
    assert_eq!(
        out,
        DOC.replace("    - id: P1\n      name: \"Ann\"   # lead\n", "")
    );
    // The last item of a list: an empty flow list.
    let out = change(DOC, |v| v["document"]["people"] = json!([]));
    assert!(
        out.contains("  # The people\n  people: []\n  tags:"),
        "{out}"
    );
    // Flow lists stay flow.
    let out = change(DOC, |v| {
        v["document"]["tags"].as_array_mut().unwrap().remove(1);
    });
    assert!(out.contains("  tags: [a, \"c d\"]\n"), "{out}");
    let out = change(DOC, |v| {
        v["document"]["history"].as_array_mut().unwrap().remove(0);
    });
    assert_eq!(
        out,
        DOC.replace("    - { version: \"1.0\", date: 2026-10-02 }\n", "")
    );
    // A key of an item that shares the item's dash line.
    let out = change(DOC, |v| {
        v["document"]["people"][0]
            .as_object_mut()
            .unwrap()
            .remove("id");
    });
    assert!(
        out.contains("    - name: \"Ann\"   # lead\n    # Bob"),
        "{out}"
    );
}

#[test]
fn adding_items_and_keys_follows_the_siblings() {
    let out = change(DOC, |v| {
        v["document"]["people"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "P3", "name": "Cy", "extra": "yes"}));
    });
    assert_eq!(
        out,
        DOC.replace(
            "      name: \"Bob\"\n",
            "      name: \"Bob\"\n    - id: P3\n      name: \"Cy\"\n      extra: \"yes\"\n"
        )
    );
    let out = change(DOC, |v| {
        v["document"]["people"]
            .as_array_mut()
            .unwrap()
            .insert(0, json!({"id": "P0", "name": "Zed"}));
    });
    assert!(
        out.contains("  people:\n    - id: P0\n      name: \"Zed\"\n    - id: P1\n"),
        "{out}"
    );
    let out = change(DOC, |v| {
        v["document"]["tags"]
            .as_array_mut()
            .unwrap()
            .push(json!("e f"));
    });
    assert!(out.contains("  tags: [a, b, \"c d\", e f]\n"), "{out}");
    let out = change(DOC, |v| {
        v["document"]["history"]
            .as_array_mut()
            .unwrap()
            .push(json!({"version": "1.2", "date": "2026-11-20"}));
    });
    assert!(
        out.contains("    - { version: \"1.1\", date: 2026-10-28 }\n    - { version: \"1.2\", date: 2026-11-20 }\n\nlast"),
        "{out}"
    );
    // A key inside an item, after its last key.
    let out = change(DOC, |v| v["document"]["people"][0]["role"] = json!("Chef"));
    assert!(
        out.contains("      name: \"Ann\"   # lead\n      role: Chef\n"),
        "{out}"
    );
    // A key before the first one, which shares its line with the item's dash.
    let out = change(DOC, |v| {
        let person = v["document"]["people"][1].as_object_mut().unwrap();
        let mut m = Map::new();
        m.insert("rank".into(), json!(2));
        m.extend(std::mem::take(person));
        *person = m;
    });
    assert!(
        out.contains("    - rank: 2\n      id: P2\n      name: \"Bob\"\n"),
        "{out}"
    );
    // A key of a flow mapping.
    let out = change(DOC, |v| {
        v["document"]["history"][1]["author"] = json!("C. M.")
    });
    assert!(
        out.contains("    - { version: \"1.1\", date: 2026-10-28, author: \"C. M.\" }\n"),
        "{out}"
    );
}

#[test]
fn a_new_section_at_the_end_of_a_mapping() {
    let out = change(DOC, |v| {
        v["company"] = json!({"name": "Lumière", "sites": [{"city": "Lyon"}, {"city": "Paris"}], "text": "a\nb\n"});
    });
    assert_eq!(
        out,
        format!("{DOC}company:\n  name: \"Lumière\"\n  sites:\n    - city: Lyon\n    - city: Paris\n  text: |\n    a\n    b\n")
    );
    let out = change(DOC, |v| {
        v["document"]["budget"] = json!({"min": 1, "max": 2.5})
    });
    assert!(
        out.contains("date: 2026-10-28 }\n  budget:\n    min: 1\n    max: 2.5\n\nlast"),
        "{out}"
    );
}

#[test]
fn a_file_without_final_line_break() {
    let src = "a: 1\nb: [x]";
    let out = round(src, &json!({"a": 1, "b": ["x"], "c": "z"}));
    assert_eq!(out, "a: 1\nb: [x]\nc: z");
    let out = round(src, &json!({"a": 1}));
    assert_eq!(out, "a: 1\n");
}

#[test]
fn anchors_and_aliases_are_refused_only_where_something_changes() {
    let src = "a: &x [1, 2]\nb: *x\nc: 3\n";
    assert_eq!(
        round(src, &json!({"a": [1, 2], "b": [1, 2], "c": 4})),
        "a: &x [1, 2]\nb: *x\nc: 4\n"
    );
    let err = rewrite(src, &json!({"a": [1, 2], "b": [1], "c": 3})).unwrap_err();
    assert!(
        matches!(
            err,
            EditError::Unsupported {
                what: Construct::Alias,
                location: Location { line: 2, column: 4 }
            }
        ),
        "{err:?}"
    );
    let err = rewrite(src, &json!({"a": [1], "b": [1, 2], "c": 3})).unwrap_err();
    assert!(
        matches!(
            err,
            EditError::Unsupported {
                what: Construct::Anchor,
                ..
            }
        ),
        "{err:?}"
    );
    let words = err.message().terminal(crate::lang::Language::En);
    assert!(words.contains("anchor (`&name`)"), "{words}");
    assert_eq!(err.location(), Some(Location { line: 1, column: 4 }));
    let err = rewrite("a: 1\n---\nb: 2\n", &json!({"a": 2})).unwrap_err();
    assert!(
        matches!(
            err,
            EditError::Syntax { .. } | EditError::Unsupported { .. }
        ),
        "{err:?}"
    );
}

#[test]
fn nested_lists_and_type_changes() {
    let src = "a:\n  - - x\n    - y\n  - z\nb: 1 # one\n";
    let out = round(src, &json!({"a": [["x", "w"], "z"], "b": 1}));
    assert_eq!(out, "a:\n  - - x\n    - w\n  - z\nb: 1 # one\n");
    let out = round(src, &json!({"a": [["y"], "z"], "b": 1}));
    assert_eq!(out, "a:\n  - - y\n  - z\nb: 1 # one\n");
    let out = round(src, &json!({"a": "flat", "b": {"c": [1]}}));
    assert_eq!(out, "a: flat\nb: # one\n  c:\n    - 1\n");
}

// ---------------------------------------------------------------------------------------------
// Every questionnaire of the repository, and random changes to them.

/// The questionnaires the project ships and tests with, by name and text.
fn corpus() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["specs", "tests/fixtures", "../shared"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let text = std::fs::read_to_string(&path).unwrap();
                files.push((path.display().to_string(), text));
            }
        }
    }
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    files
}

#[test]
fn every_questionnaire_reads_back_byte_for_byte() {
    for (name, text) in corpus() {
        let value = to_json(&text).unwrap();
        assert_eq!(rewrite(&text, &value).unwrap(), text, "{name}");
        // Spliced without the shortcut for an unchanged value: still nothing moves.
        let root = Tree::parse(&text).unwrap();
        let mut editor = Editor {
            text: &text,
            edits: Vec::new(),
            layout: Layout::of(&root, &text),
        };
        editor.edit(&root, &value, &value, Place::Root, "").unwrap();
        assert!(editor.edits.is_empty(), "{name}");
    }
}

/// The lines where two texts differ, for failure messages.
fn difference(a: &str, b: &str) -> String {
    let old: Vec<&str> = a.split('\n').collect();
    let new: Vec<&str> = b.split('\n').collect();
    let prefix = old.iter().zip(&new).take_while(|(x, y)| x == y).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let from = prefix.saturating_sub(3);
    let mut out = format!("at line {}:\n", prefix + 1);
    for l in &old[from..old.len() - suffix] {
        out.push_str(&format!("- {l}\n"));
    }
    for l in &new[from..new.len() - suffix] {
        out.push_str(&format!("+ {l}\n"));
    }
    out
}

/// A small deterministic generator (xorshift), so that a failure replays.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// Values that test the quoting rules.
const POOL: &[&str] = &[
    "yes",
    "no",
    "1.10",
    "12",
    "a: b",
    "a #b",
    "#x",
    "-x",
    "- item",
    "",
    " lead",
    "trail ",
    "null",
    "~",
    "true",
    "2026-11-20",
    "[x]",
    "{y}",
    "it's",
    "say \"hi\"",
    "back\\slash",
    "Deux lignes\nde texte\n",
    "Trois\n\nparagraphes",
    "  indented\nnext",
    "é à ü — ok",
    "tab\there",
    "plain words",
    "x,y",
    "@home",
    "*star",
    "&amp",
    "!bang",
    "%pct",
    "|pipe",
    ">gt",
    "?q",
    "key:",
    ":colon",
    "end\n\n",
];

#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

/// Every node of a value, by path.
fn paths(value: &Value, path: Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    out.push(path.clone());
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                let mut p = path.clone();
                p.push(Seg::Key(k.clone()));
                paths(v, p, out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                let mut p = path.clone();
                p.push(Seg::Index(i));
                paths(v, p, out);
            }
        }
        _ => {}
    }
}

fn get_mut<'a>(value: &'a mut Value, path: &[Seg]) -> &'a mut Value {
    path.iter().fold(value, |v, seg| match seg {
        Seg::Key(k) => &mut v[k.as_str()],
        Seg::Index(i) => &mut v[*i],
    })
}

/// The source range of the value at `path`, from its key or dash.
fn node_at(node: &Node, path: &[Seg]) -> (usize, usize) {
    let mut range = (node.start, node.end);
    let mut node = node;
    for seg in path {
        node = match (&node.kind, seg) {
            (Kind::Map { entries, .. }, Seg::Key(k)) => {
                let e = entries.iter().find(|e| &e.name == k).unwrap();
                range = (e.key.start, e.value.end.max(e.colon + 1));
                &e.value
            }
            (Kind::Seq { items, .. }, Seg::Index(i)) => {
                let item = &items[*i];
                range = (item.dash.unwrap_or(item.node.start), item.node.end);
                &item.node
            }
            _ => panic!("no node at {path:?}"),
        };
    }
    range
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count()
}

/// One random change to `value`; returns the source range (bytes) it may touch.
fn mutate(value: &mut Value, root: &Node, rng: &mut Random) -> (usize, usize) {
    let mut all = Vec::new();
    paths(value, Vec::new(), &mut all);
    let path = all[rng.below(all.len())].clone();
    let range = node_at(root, &path);
    let target = get_mut(value, &path);
    let pick = POOL[rng.below(POOL.len())];
    match target {
        Value::Array(items) if !items.is_empty() && rng.below(2) == 0 => {
            let i = rng.below(items.len());
            items.remove(i);
        }
        Value::Array(items) => {
            let mut item = match items.first() {
                Some(Value::Object(m)) => {
                    let mut m = m.clone();
                    if let Some((_, v)) = m.iter_mut().find(|(_, v)| v.is_string()) {
                        *v = json!(pick);
                    }
                    Value::Object(m)
                }
                _ => json!(pick),
            };
            if item == Value::Object(Map::new()) {
                item = json!(pick);
            }
            let at = rng.below(items.len() + 1);
            items.insert(at, item);
        }
        Value::Object(m) if m.len() > 1 && rng.below(2) == 0 => {
            let k = m.keys().nth(rng.below(m.len())).unwrap().clone();
            m.shift_remove(&k);
        }
        Value::Object(m) => {
            let new = match rng.below(3) {
                0 => json!(pick),
                1 => json!({"first": pick, "second": [1, pick]}),
                _ => json!([pick, {"k": pick}]),
            };
            m.insert(format!("zz_added_{}", rng.below(1000)), new);
        }
        _ => {
            *target = match rng.below(8) {
                0 => json!(rng.below(100_000)),
                1 => json!(true),
                2 => Value::Null,
                3 => json!(1.5),
                _ => json!(pick),
            };
        }
    }
    range
}

#[test]
fn random_changes_read_back_and_leave_other_lines_alone() {
    let mut rng = Random(0x9E37_79B9_7F4A_7C15);
    for (name, text) in corpus() {
        let root = Tree::parse(&text).unwrap();
        let original = to_json(&text).unwrap();
        for round_no in 0..80 {
            let mut value = original.clone();
            let (start, end) = mutate(&mut value, &root, &mut rng);
            if value == original {
                continue;
            }
            let out = rewrite(&text, &value).unwrap_or_else(|e| {
                panic!(
                    "{name} #{round_no}: {e}\n{}",
                    difference(&text, &splice(&text, &value).unwrap_or_default())
                )
            });
            // The lines that differ lie in the changed node (its own comment lines above it,
            // a blank line after it aside).
            let old: Vec<&str> = text.split('\n').collect();
            let new: Vec<&str> = out.split('\n').collect();
            let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
            let suffix = old[prefix..]
                .iter()
                .rev()
                .zip(new[prefix..].iter().rev())
                .take_while(|(a, b)| a == b)
                .count();
            let (first, last) = (line_of(&text, start), line_of(&text, end));
            for (n, line) in old.iter().enumerate().take(old.len() - suffix).skip(prefix) {
                let trimmed = line.trim();
                assert!(
                    (first..=last).contains(&n) || trimmed.is_empty() || trimmed.starts_with('#'),
                    "{name} #{round_no}: line {} changed outside lines {}..={}\n{}",
                    n + 1,
                    first + 1,
                    last + 1,
                    difference(&text, &out)
                );
            }
            if old.len() - suffix == prefix {
                // A pure insertion: next to the node it goes in.
                assert!(
                    prefix + 1 >= first && prefix <= last + 2,
                    "{name} #{round_no}: inserted at line {} outside {}..={}\n{}",
                    prefix + 1,
                    first + 1,
                    last + 1,
                    difference(&text, &out)
                );
            }
        }
    }
}

#[test]
fn several_random_changes_at_once_read_back() {
    let mut rng = Random(0x2545_F491_4F6C_DD1D);
    for (name, text) in corpus() {
        let root = Tree::parse(&text).unwrap();
        let original = to_json(&text).unwrap();
        for round_no in 0..25 {
            let mut value = original.clone();
            for _ in 0..6 {
                // Paths are taken on the changing value: map them to the source only while the
                // first change has not moved anything, then just change values.
                let mut probe = value.clone();
                let mut all = Vec::new();
                paths(&probe, Vec::new(), &mut all);
                let path = all[rng.below(all.len())].clone();
                if let Value::String(s) = get_mut(&mut probe, &path) {
                    *s = POOL[rng.below(POOL.len())].to_string();
                    value = probe;
                } else {
                    mutate(&mut value, &root, &mut rng);
                    break;
                }
            }
            rewrite(&text, &value).unwrap_or_else(|e| {
                panic!(
                    "{name} #{round_no}: {e}\n{}",
                    difference(&text, &splice(&text, &value).unwrap_or_default())
                )
            });
        }
    }
}
