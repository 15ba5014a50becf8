//! `--format html` and `crmspec serve`, checked in the file and in a real headless Chromium.

mod common;

use common::*;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn html_of(questionnaire: &Path, name: &str) -> String {
    let (out, base) = render(questionnaire, name, "html");
    std::fs::read_to_string(out.join(format!("{base}.html"))).expect("the HTML file")
}

#[test]
fn the_html_file_is_self_contained_with_figures_logo_and_working_contents_links() {
    let html = html_of(&spec("velo-horizon.yaml"), "html-velo");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    assert!(html.contains("<title>Cahier des charges — CRM et fidélité Vélo Horizon</title>"));
    assert!(html.contains("<style>"));
    // Nothing fetched from elsewhere.
    for outside in [
        "<link",
        "src=\"http",
        "url(http",
        "src=\"figures/",
        "src=\"assets/",
    ] {
        assert!(!html.contains(outside), "`{outside}` in the page");
    }
    assert_eq!(html.matches("<svg").count(), 3, "three figures inline");
    assert!(html.contains("<img src=\"data:image/png;base64,iVBORw0KGgo"));
    // Every link of the table of contents leads to a heading.
    let links: Vec<&str> = html
        .split("href=\"#")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert!(links.len() > 30, "{} links", links.len());
    for anchor in links {
        assert!(
            html.contains(&format!(" id=\"{anchor}\"")),
            "no heading `{anchor}`"
        );
    }
    // The channel table, with its role colours and each kind a name does not already say.
    assert!(html.contains("<td><strong>Site web</strong><br>Site e-commerce</td>"));
    assert!(html.contains("<span style=\"color:#D62828\">■</span>"));
    assert!(
        html.contains(
            "<footer class=\"running\">Version 2.0 du 15\u{a0}janvier 2027<br>Diffusion limitée aux éditeurs consultés</footer>"
        ),
        "{html}"
    );
}

#[test]
fn user_text_cannot_inject_markup_into_the_page() {
    let dir = temp_dir("html-hostile");
    let text = std::fs::read_to_string(root().join("tests/fixtures/minimal.yaml")).unwrap();
    let hostile = text.replacen(
        "client: \"Petite Entreprise\"",
        "client: \"<script>alert('x')</script> & <img src=x onerror=alert(1)>\"",
        1,
    );
    assert_ne!(hostile, text);
    let file = dir.join("hostile.yaml");
    std::fs::write(&file, hostile).unwrap();
    let html = html_of(&file, "html-hostile-out");
    assert!(!html.contains("<script"), "a script got through");
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; &lt;img src=x"));
}

fn chromium() -> Option<PathBuf> {
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
fn browser(chromium: &Path, profile: &Path, args: &[&str]) -> Command {
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
fn dom(chromium: &Path, profile: &Path, url: &str) -> String {
    let out = browser(chromium, profile, &["--dump-dom", url])
        .stderr(Stdio::null())
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `crmspec serve` on a free port, its log lines collected as they come.
struct Served {
    child: Child,
    /// The questionnaire served, which a test may edit.
    questionnaire: PathBuf,
    url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Served {
    fn start(questionnaire: &Path) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crmspec"))
            .args(["serve", "--port", "0"])
            .arg(questionnaire)
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
    fn example(name: &str) -> Served {
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

    /// Waits until the log has `line`; panics with the log after 30 s.
    fn wait_for(&self, line: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
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

#[test]
fn serve_shows_the_document_in_chromium_and_reloads_it_when_the_file_changes() {
    let Some(chromium) = chromium() else { return };
    let served = Served::example("serve");
    let file = served.questionnaire.clone();
    let dir = file.parent().unwrap().to_path_buf();

    // The page as the browser builds it: title, channel table, three figures.
    let page = dom(&chromium, &dir.join("profile-1"), &served.url);
    assert!(page.contains("<title>Cahier des charges — CRM et fidélité Vélo Horizon</title>"));
    assert!(page.contains("4.2 Points de contact"));
    assert!(page.contains("<td><strong>Site web</strong><br>Site e-commerce</td>"));
    assert_eq!(page.matches("<svg").count(), 3, "three figures");
    assert!(page.contains("Figure 3 — Le modèle F.L.E.U.R."));

    // A screenshot, to look at (kept in the target folder).
    let shot = dir.join("serve.png");
    let status = browser(
        &chromium,
        &dir.join("profile-2"),
        &[
            "--window-size=1280,2000",
            &format!("--screenshot={}", shot.display()),
        ],
    )
    .arg(&served.url)
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .status()
    .unwrap();
    assert!(status.success());
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 30_000,
        "{} bytes",
        png.len()
    );

    // Live reload: a browser keeps the page open; saving the file makes it load version 2.
    let mut open = browser(&chromium, &dir.join("profile-3"), &[])
        .arg(&served.url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    served.wait_for("v1: page sent to the browser");
    let text = std::fs::read_to_string(&file).unwrap();
    let renamed = text.replacen(
        "title: \"Cahier des charges — CRM et fidélité Vélo Horizon\"",
        "title: \"Cahier des charges — Vélo Horizon, version 2.1\"",
        1,
    );
    assert_ne!(renamed, text);
    std::fs::write(&file, &renamed).unwrap();
    served.wait_for("v2: rendered");
    served.wait_for("v2: page sent to the browser");

    // A mistake: the page lists it with its line, and the server keeps running.
    std::fs::write(
        &file,
        renamed.replacen("priority: important", "priority: urgent", 1),
    )
    .unwrap();
    served.wait_for("v3: 1 problem (shown in the page)");
    served.wait_for("v3: page sent to the browser");
    let _ = open.kill();
    let _ = open.wait();
    let page = dom(&chromium, &dir.join("profile-4"), &served.url);
    assert!(page.contains("1 problem in"), "{page}");
    assert!(
        page.contains("velo-horizon.yaml:"),
        "the file and line are shown"
    );
    assert!(page.contains("urgent"));

    // Fixed again: the document is back.
    std::fs::write(&file, &renamed).unwrap();
    served.wait_for("v4: rendered");
    let page = dom(&chromium, &dir.join("profile-5"), &served.url);
    assert!(page.contains("<title>Cahier des charges — Vélo Horizon, version 2.1</title>"));

    // The logo is watched too.
    std::thread::sleep(Duration::from_millis(20));
    let logo = std::fs::read(dir.join("velo-horizon-logo.png")).unwrap();
    std::fs::write(dir.join("velo-horizon-logo.png"), logo).unwrap();
    served.wait_for("v5: rendered");
}

#[test]
fn serve_refuses_a_port_in_use() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = crmspec(&[
        "serve",
        "--port",
        &port,
        spec("velo-horizon.yaml").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--port"), "{}", stderr(&out));
}

/// A raw HTTP exchange with the server: what it answers to `request`.
fn exchange(url: &str, request: &str) -> String {
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

#[test]
fn serve_refuses_other_hosts_and_sends_security_headers() {
    let served = Served::example("serve-host");
    let port = served.url.trim_end_matches('/').rsplit(':').next().unwrap();
    for host in ["127.0.0.1", "localhost", "[::1]"] {
        let answer = exchange(
            &served.url,
            &format!("GET / HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n"),
        );
        assert!(
            answer.starts_with("HTTP/1.1 200 OK"),
            "{host}: {answer:.200}"
        );
        for header in [
            "X-Content-Type-Options: nosniff",
            "X-Frame-Options: DENY",
            "Content-Security-Policy: default-src 'none'",
            "Referrer-Policy: no-referrer",
        ] {
            assert!(answer.contains(header), "{header} missing");
        }
    }
    // DNS rebinding: a page of another site whose name now resolves to 127.0.0.1.
    let answer = exchange(
        &served.url,
        &format!("GET / HTTP/1.1\r\nHost: attacker.example:{port}\r\n\r\n"),
    );
    assert!(
        answer.starts_with("HTTP/1.1 403 Forbidden"),
        "{answer:.200}"
    );
    assert!(!answer.contains("Vélo Horizon"), "the page leaked");
}

#[test]
fn serve_survives_a_flood_of_idle_connections() {
    let served = Served::example("serve-flood");
    let address = served
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/');
    // 300 connections that never send a request: before the limit, each held a thread.
    let idle: Vec<std::net::TcpStream> = (0..300)
        .map(|_| std::net::TcpStream::connect(address).unwrap())
        .collect();
    // Over the limit, a client is told to retry at once rather than left waiting.
    let busy = exchange(&served.url, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assert!(busy.starts_with("HTTP/1.1 503"), "{busy:.200}");
    drop(idle);
    // Once the idle connections are gone (closed, or timed out), the page is served again.
    let start = Instant::now();
    loop {
        let answer = exchange(&served.url, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        if answer.starts_with("HTTP/1.1 200 OK") {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "{answer:.200}");
        std::thread::sleep(Duration::from_millis(200));
    }
}
