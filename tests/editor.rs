//! The editor, for real: yaml-language-server (the npm package behind VS Code's YAML extension
//! and the YAML support of most editors) is driven over stdio as an editor drives it
//! (JSON-RPC with `Content-Length` framing), on a questionnaire `crmspec init` wrote, with the
//! schema written beside it. It must offer every key the schema knows at the top level and
//! under `project:`, insert no `null`, show each key's help in the questionnaire's language,
//! and underline a misspelt key.
//!
//! Every wait has a deadline, so a server that stops answering fails the test instead of
//! hanging it. Without yaml-language-server the test fails in CI and says it skipped elsewhere.

mod common;

use common::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest wait for one answer. Generous: the machine may be busy with other tests, and a
/// deadline only exists so that a silent server fails the test rather than blocks it.
const PATIENCE: Duration = Duration::from_secs(120);

/// LSP completion item kinds: a key of an object, and the snippet of a whole object.
const PROPERTY: u64 = 10;

/// A running yaml-language-server and what it has said so far.
struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// What the server wrote on stderr, for the failure messages.
    log: Arc<Mutex<String>>,
    next_id: u64,
    /// The diagnostics of the last `publishDiagnostics` received.
    diagnostics: Option<Vec<Value>>,
}

impl Server {
    /// Starts the server on `root` and goes through the LSP handshake; `None` when
    /// yaml-language-server is not installed.
    fn start(root: &Path) -> Option<Server> {
        let spawned = Command::new("yaml-language-server")
            .arg("--stdio")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => panic!("yaml-language-server did not start: {e}"),
        };
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut stderr = child.stderr.take().expect("piped stderr");
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut stdout = BufReader::new(stdout);
            while let Some(message) = read_message(&mut stdout) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let log = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            sink.lock().expect("log").push_str(&text);
        });
        let mut server = Server {
            child,
            stdin,
            messages,
            log,
            next_id: 0,
            diagnostics: None,
        };
        server.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": uri(root),
                "capabilities": {
                    "workspace": { "configuration": true },
                    "textDocument": {
                        "completion": { "completionItem": { "snippetSupport": true } },
                        "hover": { "contentFormat": ["markdown", "plaintext"] },
                        "publishDiagnostics": {}
                    }
                }
            }),
        );
        server.notify("initialized", json!({}));
        server.notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "yaml": settings() } }),
        );
        Some(server)
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|()| self.stdin.flush())
            .expect("write to yaml-language-server");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its result, answering the server's own requests meanwhile.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + PATIENCE;
        loop {
            let message = self.receive(deadline, method);
            if message.get("method").is_none() && message["id"] == id {
                assert!(
                    message.get("error").is_none(),
                    "{method}: {}",
                    message["error"]
                );
                return message["result"].clone();
            }
            self.handle(message);
        }
    }

    /// The next message, or a failure naming what was awaited once `deadline` has passed.
    fn receive(&mut self, deadline: Instant, awaited: &str) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        self.messages.recv_timeout(left).unwrap_or_else(|e| {
            panic!(
                "no answer from yaml-language-server to {awaited} ({e}); its log:\n{}",
                self.log.lock().map(|l| l.clone()).unwrap_or_default()
            )
        })
    }

    /// Answers a request from the server (its settings, a capability to register) and keeps
    /// the diagnostics it publishes.
    fn handle(&mut self, message: Value) {
        let method = message["method"].as_str().unwrap_or_default();
        if let Some(id) = message.get("id") {
            let result = if method == "workspace/configuration" {
                let items = message["params"]["items"].as_array().cloned();
                Value::Array(
                    items
                        .unwrap_or_default()
                        .iter()
                        .map(|item| match item["section"].as_str() {
                            Some("yaml") => settings(),
                            _ => Value::Null,
                        })
                        .collect(),
                )
            } else {
                Value::Null
            };
            let id = id.clone();
            self.send(json!({ "jsonrpc": "2.0", "id": id, "result": result }));
        } else if method == "textDocument/publishDiagnostics" {
            let diagnostics = message["params"]["diagnostics"].as_array().cloned();
            self.diagnostics = Some(diagnostics.unwrap_or_default());
        }
    }

    /// Waits for published diagnostics that satisfy `wanted`; returns the last ones received
    /// (which a failure then shows) once they do or the deadline passes.
    fn diagnostics_until(&mut self, wanted: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(diagnostics) = &self.diagnostics {
                if wanted(diagnostics) {
                    return diagnostics.clone();
                }
            }
            if Instant::now() >= deadline {
                return self.diagnostics.clone().unwrap_or_default();
            }
            let message = self.receive(deadline, "the document (its diagnostics)");
            self.handle(message);
        }
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.diagnostics = None;
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "yaml", "version": 1, "text": text } }),
        );
    }

    fn change(&mut self, uri: &str, version: u32, text: &str) {
        self.diagnostics = None;
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": text }]
            }),
        );
    }

    /// The completion items offered at `line`, `character` (0-based).
    fn complete(&mut self, uri: &str, line: usize, character: usize) -> Vec<Value> {
        let result = self.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        );
        let items = result.get("items").cloned().unwrap_or(result);
        items.as_array().cloned().unwrap_or_default()
    }

    /// The hover text at `line`, `character` (0-based), without the backslashes that escape
    /// Markdown's special characters (`` \` ``).
    fn hover(&mut self, uri: &str, line: usize, character: usize) -> String {
        let result = self.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        );
        let contents = &result["contents"];
        contents["value"]
            .as_str()
            .or(contents.as_str())
            .unwrap_or_default()
            .replace('\\', "")
    }

    /// Asks the server to stop, as an editor does when it closes; `Drop` ends it regardless.
    fn shut_down(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
    }
}

impl Drop for Server {
    /// Ends the server even when a failed assertion skipped `shut_down`.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server's settings, as an editor sends them: checks, completion and hover on, and no
/// schema catalogue fetched from the network (the questionnaire names its schema).
fn settings() -> Value {
    json!({
        "validate": true,
        "completion": true,
        "hover": true,
        "schemaStore": { "enable": false }
    })
}

/// One framed message: `Content-Length` headers, a blank line, the JSON body. `None` at the
/// end of the stream.
fn read_message(stream: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if stream.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let mut body = vec![0; length?];
    stream.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// A `file://` URI for a path, percent-encoding what a URI path cannot hold as is.
fn uri(path: &Path) -> String {
    let path = path.canonicalize().expect("an existing path");
    let mut text = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            text.push(char::from(byte));
        } else {
            text.push_str(&format!("%{byte:02X}"));
        }
    }
    text
}

/// The keys offered (property items), by label.
fn offered(items: &[Value]) -> BTreeSet<String> {
    items
        .iter()
        .filter(|item| item["kind"].as_u64() == Some(PROPERTY))
        .filter_map(|item| item["label"].as_str().map(str::to_string))
        .collect()
}

/// The keys of an object of the schema.
fn keys(node: &Value) -> BTreeSet<String> {
    node["properties"]
        .as_object()
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default()
}

/// What a completion item inserts.
fn inserted(item: &Value) -> String {
    item["textEdit"]["newText"]
        .as_str()
        .or(item["insertText"].as_str())
        .or(item["label"].as_str())
        .unwrap_or_default()
        .to_string()
}

/// A snippet as the editor leaves it once each placeholder is accepted: `${1:fr}` → `fr`,
/// `$2` and `${3}` → nothing.
fn expand(snippet: &str) -> String {
    let mut text = String::new();
    let mut rest = snippet;
    while let Some(start) = rest.find('$') {
        text.push_str(&rest[..start]);
        rest = &rest[start + 1..];
        if let Some(inner) = rest.strip_prefix('{') {
            let end = inner.find('}').expect("a closed placeholder");
            let placeholder = &inner[..end];
            text.push_str(
                placeholder
                    .split_once(':')
                    .map_or("", |(_, default)| default),
            );
            rest = &inner[end + 1..];
        } else {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    text.push_str(rest);
    text
}

/// Every item inserts YAML that parses and holds no `null` (a `null` placeholder is a value
/// the user must notice and delete, and the schema refuses it for most keys).
fn assert_valid_insertions(items: &[Value], place: &str) {
    assert!(!items.is_empty(), "{place}: nothing offered");
    for item in items {
        let text = inserted(item);
        assert!(!text.contains("null"), "{place}: {text:?}");
        let expanded = expand(&text);
        assert!(
            serde_yaml::from_str::<serde_yaml::Value>(&expanded).is_ok(),
            "{place}: {text:?} does not insert YAML"
        );
    }
}

/// The 0-based line of the first line that, trimmed, starts with `start`.
fn line_starting(text: &str, start: &str) -> (usize, usize) {
    text.lines()
        .enumerate()
        .find_map(|(number, line)| {
            let indent = line.len() - line.trim_start().len();
            line.trim_start()
                .starts_with(start)
                .then_some((number, indent))
        })
        .unwrap_or_else(|| panic!("no line starts with {start:?}"))
}

fn description<'a>(schema: &'a Value, pointer: &str) -> &'a str {
    schema
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{pointer} is not in the schema"))
}

/// A questionnaire `init --lang lang` wrote, opened, hovered over, edited and completed.
fn the_editor_helps_with(lang: &str) {
    let dir = temp_dir(&format!("editor-{lang}"));
    let file = dir.join("questionnaire.yaml");
    let path = file.to_str().expect("a UTF-8 path");
    let out = crmspec(&["init", "--lang", lang, path]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&file).expect("init wrote the questionnaire");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("crmspec-questionnaire.schema.json"))
            .expect("init wrote the schema"),
    )
    .expect("the schema is JSON");
    let english: Value = serde_json::from_str(&stdout(&crmspec(&["schema", "--lang", "en"])))
        .expect("the schema is JSON");

    let Some(mut server) = Server::start(&dir) else {
        missing_tool("yaml-language-server (`npm install -g yaml-language-server`)");
        return;
    };
    let uri = uri(&file);

    // The questionnaire as written: nothing to underline.
    server.open(&uri, &text);
    let diagnostics = server.diagnostics_until(|_| true);
    assert!(diagnostics.is_empty(), "{lang}: {diagnostics:#?}");

    // Hover shows the key's help from the schema beside the questionnaire, in its language.
    for (key, pointer) in [
        ("project:", "/properties/project/description"),
        ("kpi:", "/$defs/Objective/properties/kpi/description"),
        (
            "response_time:",
            "/$defs/Tender/properties/response_time/description",
        ),
    ] {
        let (line, indent) = line_starting(&text, key);
        let shown = server.hover(&uri, line, indent + 1);
        let help = description(&schema, pointer);
        assert!(shown.contains(help), "{lang}: {key} shows {shown:?}");
        let in_english = description(&english, pointer);
        assert_eq!(
            shown.contains(in_english),
            lang == "en",
            "{lang}: {key} shows {shown:?}"
        );
    }

    // The user starts over below the cover page: `project:` still empty, a misspelt key,
    // and a blank line at the top level.
    let (project, _) = line_starting(&text, "project:");
    let head: Vec<&str> = text.lines().take(project).collect();
    let edited = format!("{}\nproject:\n  \nprojet: x\n\n", head.join("\n"));
    server.change(&uri, 2, &edited);

    // Under `project:`, every key of a project.
    let items = server.complete(&uri, project + 1, 2);
    let project_keys = keys(&schema["$defs"]["Project"]);
    assert_eq!(offered(&items), project_keys, "{lang}: under project:");
    assert_valid_insertions(&items, "under project:");

    // At the top level, every section not yet written.
    let items = server.complete(&uri, project + 3, 0);
    let written: BTreeSet<String> = ["version", "document", "project"]
        .map(str::to_string)
        .into();
    let sections: BTreeSet<String> = keys(&schema).difference(&written).cloned().collect();
    assert_eq!(offered(&items), sections, "{lang}: at the top level");
    assert_valid_insertions(&items, "at the top level");

    // The misspelt key is underlined where it is.
    let diagnostics = server.diagnostics_until(|diagnostics| {
        diagnostics
            .iter()
            .any(|d| d["message"].as_str().is_some_and(|m| m.contains("projet")))
    });
    let typo = diagnostics
        .iter()
        .find(|d| d["message"].as_str().is_some_and(|m| m.contains("projet")))
        .unwrap_or_else(|| panic!("{lang}: `projet` not underlined: {diagnostics:#?}"));
    assert_eq!(typo["range"]["start"]["line"], project + 2, "{typo}");
    assert!(
        typo["message"]
            .as_str()
            .is_some_and(|m| m.contains("not allowed")),
        "{typo}"
    );
    server.shut_down();
}

#[test]
fn the_editor_completes_explains_and_checks_a_french_questionnaire() {
    the_editor_helps_with("fr");
}

#[test]
fn the_editor_completes_explains_and_checks_an_english_questionnaire() {
    the_editor_helps_with("en");
}
