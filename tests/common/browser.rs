//! Headless Chromium for the tests: found (or reported missing, which fails under CI), started
//! with a fresh profile, and driven over the DevTools protocol (a websocket speaking JSON) to
//! click, type and read a page as a user would; and `crmspec serve` on a free port.

use super::*;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest wait for one step: generous, since the machine may be busy with other tests;
/// a deadline only exists so that a page that never gets there fails the test instead of
/// hanging it.
pub const PATIENCE: Duration = Duration::from_secs(120);

pub fn chromium() -> Option<PathBuf> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists());
    if found.is_none() {
        missing_tool("Chromium (Debian's chromium)");
    }
    found
}

/// Headless Chromium as this machine allows it: no sandbox as root, no network beyond
/// 127.0.0.1, a fresh profile.
pub fn browser(chromium: &Path, profile: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(chromium);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null());
    command
}

/// The DOM after scripts ran, as Chromium sees it.
pub fn dom(chromium: &Path, profile: &Path, url: &str) -> String {
    let out = browser(chromium, profile, &["--dump-dom", url])
        .stderr(Stdio::null())
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `crmspec serve` on a free port, its log lines collected as they come.
pub struct Served {
    child: Child,
    /// The questionnaire served, which a test may edit.
    pub questionnaire: PathBuf,
    /// The editor's address; the document alone is at `{url}document`.
    pub url: String,
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Served {
    pub fn start(questionnaire: &Path) -> Served {
        Served::start_with(questionnaire, &[], &[])
    }

    /// Serves `questionnaire` with more arguments (`--lang fr`) and environment variables.
    pub fn start_with(questionnaire: &Path, args: &[&str], env: &[(&str, &str)]) -> Served {
        let mut child = crmspec_command()
            .args(["serve", "--port", "0"])
            .args(args)
            .arg(questionnaire)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start crmspec serve");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let url = first
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no address in {first:?}"))
            .to_string();
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Served {
            child,
            questionnaire: questionnaire.to_path_buf(),
            url,
            log,
        }
    }

    /// The French example copied with its logo into a fresh folder `name`, served and rendered.
    pub fn example(name: &str) -> Served {
        let dir = temp_dir(name);
        let file = dir.join("velo-horizon.yaml");
        std::fs::copy(spec("velo-horizon.yaml"), &file).unwrap();
        std::fs::copy(
            spec("velo-horizon-logo.png"),
            dir.join("velo-horizon-logo.png"),
        )
        .unwrap();
        let served = Served::start(&file);
        served.wait_for("v1: rendered");
        served
    }

    /// The document page's address.
    pub fn document_url(&self) -> String {
        format!("{}document", self.url)
    }

    /// `host:port`.
    pub fn authority(&self) -> &str {
        self.url.trim_start_matches("http://").trim_end_matches('/')
    }

    /// Waits until the log has `line`; panics with the log after [`PATIENCE`].
    pub fn wait_for(&self, line: &str) {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if self.log.lock().unwrap().iter().any(|l| l.starts_with(line)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("`{line}` never logged: {:#?}", self.log.lock().unwrap());
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium driven over the DevTools protocol: one page, attached in flat mode.
pub struct Devtools {
    child: Child,
    socket: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    session: String,
    next: u64,
}

impl Devtools {
    /// Starts Chromium on a free debugging port with a `width`×`height` page.
    pub fn start(chromium: &Path, profile: &Path, width: u32, height: u32) -> Devtools {
        let mut child = browser(
            chromium,
            profile,
            &[
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
                &format!("--window-size={width},{height}"),
                "about:blank",
            ],
        )
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
        // Chromium says where it listens on stderr: `DevTools listening on ws://…`.
        let stderr = child.stderr.take().unwrap();
        let (found, address) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("ws://") {
                    let _ = found.send(line[at..].trim().to_string());
                }
            }
        });
        let url = address
            .recv_timeout(PATIENCE)
            .expect("Chromium never said where its DevTools listen");
        let (socket, _) = tungstenite::connect(url.as_str()).expect("connect to DevTools");
        if let tungstenite::stream::MaybeTlsStream::Plain(stream) = socket.get_ref() {
            stream.set_read_timeout(Some(PATIENCE)).unwrap();
        }
        let mut devtools = Devtools {
            child,
            socket,
            session: String::new(),
            next: 0,
        };
        let target = devtools.call("Target.createTarget", json!({ "url": "about:blank" }));
        let target = target["targetId"].as_str().unwrap().to_string();
        let attached = devtools.call(
            "Target.attachToTarget",
            json!({ "targetId": target, "flatten": true }),
        );
        devtools.session = attached["sessionId"].as_str().unwrap().to_string();
        devtools.call("Page.enable", json!({}));
        devtools.resize(width, height);
        devtools
    }

    /// Sends a command (to the page once attached) and returns its result.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if !self.session.is_empty() {
            message["sessionId"] = Value::from(self.session.clone());
        }
        self.socket
            .send(tungstenite::Message::text(message.to_string()))
            .expect("send to DevTools");
        loop {
            let answer = self.socket.read().expect("read from DevTools");
            let Ok(text) = answer.to_text() else { continue };
            let Ok(answer) = serde_json::from_str::<Value>(text) else {
                continue;
            };
            if answer["id"].as_u64() == Some(id) {
                if let Some(error) = answer.get("error") {
                    panic!("{method}: {error}");
                }
                return answer["result"].clone();
            }
        }
    }

    /// The page's viewport.
    pub fn resize(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        );
    }

    pub fn navigate(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url }));
    }

    /// Evaluates `expression` in the page (awaiting a promise) and returns its value.
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "awaitPromise": true, "returnByValue": true }),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("`{expression}` threw: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// Waits until `expression` is true in the page (one that throws, as while the page is
    /// still loading, is not yet true); panics with `what` after [`PATIENCE`].
    pub fn wait_until(&mut self, expression: &str, what: &str) {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            let test = format!("(function () {{ try {{ return !!({expression}); }} catch (e) {{ return false; }} }})()");
            if self.eval(&test) == Value::Bool(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("never true: {what} (`{expression}`)");
    }

    /// Presses a key as the keyboard would (`Tab`, `Enter`).
    pub fn press(&mut self, key: &str, code: &str, key_code: u32) {
        for kind in ["keyDown", "keyUp"] {
            self.call(
                "Input.dispatchKeyEvent",
                json!({ "type": kind, "key": key, "code": code, "windowsVirtualKeyCode": key_code }),
            );
        }
    }

    /// Types `text` into the focused control, as a keyboard would.
    pub fn type_text(&mut self, text: &str) {
        self.call("Input.insertText", json!({ "text": text }));
    }

    /// A PNG of the viewport.
    pub fn screenshot(&mut self) -> Vec<u8> {
        use base64::Engine;
        let shot = self.call("Page.captureScreenshot", json!({ "format": "png" }));
        base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap())
            .unwrap()
    }
}

impl Drop for Devtools {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A raw HTTP exchange with the server: what it answers to `request`.
pub fn exchange(url: &str, request: &str) -> String {
    use std::io::{Read, Write};
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}
