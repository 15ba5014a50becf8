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
    // Typography sets the quotes of prose (`'x'` → `‘x’`); the markup stays escaped.
    assert!(html.contains("&lt;script&gt;alert(‘x’)&lt;/script&gt; &amp; &lt;img src=x"));
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
        Served::start_with(questionnaire, &[])
    }

    /// Serves `questionnaire` with more arguments (`--lang fr`).
    fn start_with(questionnaire: &Path, args: &[&str]) -> Served {
        let mut child = crmspec_command()
            .args(["serve", "--port", "0"])
            .args(args)
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

    /// Waits until the log has `line`; panics with the log after 120 s (a loaded CI machine is slow, never that slow).
    fn wait_for(&self, line: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(120) {
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
    // In the questionnaire's language (French), which the page declares, whatever the log's.
    assert!(page.contains("<html lang=\"fr\">"), "{page}");
    assert!(page.contains("1 problème dans"), "{page}");
    assert!(page.contains("n’est pas une valeur permise"), "{page}");
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

/// The page listing a questionnaire's problems speaks the questionnaire's language, and says
/// so in its `lang` attribute, whatever the language of the command line; when the
/// questionnaire cannot even be read as YAML, it speaks the command line's. The log always
/// speaks the command line's.
#[test]
fn serve_problems_page_speaks_the_questionnaires_language() {
    let page = |served: &Served| {
        let answer = exchange(&served.url, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        answer.split_once("\r\n\r\n").unwrap().1.to_string()
    };
    let dir = temp_dir("serve-languages");
    let english = dir.join("northwind.yaml");
    let text = std::fs::read_to_string(spec("northwind-b2b.yaml")).unwrap();
    assert!(text.contains("priority: must"));
    std::fs::write(
        &english,
        text.replacen("priority: must", "priority: mustt", 1),
    )
    .unwrap();
    std::fs::copy(spec("northwind-logo.jpg"), dir.join("northwind-logo.jpg")).unwrap();
    let served = Served::start_with(&english, &["--lang", "fr"]);
    served.wait_for("v1 : 1 problème (affiché dans la page)");
    let html = page(&served);
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(html.contains("1 problem in"), "{html}");
    assert!(html.contains("`mustt` is not an allowed value"), "{html}");

    let broken = dir.join("broken.yaml");
    std::fs::write(&broken, "document: [\n").unwrap();
    let served = Served::start_with(&broken, &["--lang", "fr"]);
    served.wait_for("v1 : 1 problème");
    let html = page(&served);
    assert!(html.contains("<html lang=\"fr\">"), "{html}");
    assert!(html.contains("1 problème dans"), "{html}");
    assert!(html.contains("YAML invalide"), "{html}");
}

/// On a phone (390 px wide), a figure is never shrunk below 9 px text: it scrolls sideways in
/// its own box instead. Measured in Chromium, from the rendered SVG's screen transform; the
/// page is shown in a 390 px frame, headless Chromium's windows being at least 500 px wide.
#[test]
fn figures_stay_legible_on_a_phone() {
    let Some(chromium) = chromium() else { return };
    let dir = temp_dir("html-phone");
    let html = html_of(&spec("velo-horizon.yaml"), "html-phone-out");
    std::fs::write(dir.join("page.html"), html).unwrap();
    // Measures every figure of the framed page once laid out, and writes the numbers down.
    let phone = r#"<!DOCTYPE html><html><body style="margin:0">
<iframe id="phone" src="page.html" style="width:390px;height:2000px;border:0"></iframe>
<script>
window.addEventListener('load', () => {
  const doc = document.getElementById('phone').contentDocument;
  const rows = [];
  for (const figure of doc.querySelectorAll('figure.figure')) {
    const svg = figure.querySelector('svg');
    const scale = svg.getScreenCTM().a;
    let smallest = Infinity;
    for (const text of svg.querySelectorAll('text')) {
      smallest = Math.min(smallest, parseFloat(text.getAttribute('font-size')) * scale);
    }
    rows.push([figure.scrollWidth, figure.clientWidth,
               doc.defaultView.getComputedStyle(figure).overflowX, smallest.toFixed(2),
               doc.documentElement.scrollWidth, doc.defaultView.innerWidth].join(' '));
  }
  const pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = rows.join(';');
  document.body.appendChild(pre);
});
</script></body></html>"#;
    let page = dir.join("phone.html");
    std::fs::write(&page, phone).unwrap();
    let dom = {
        let out = browser(
            &chromium,
            &dir.join("profile"),
            &[
                "--window-size=800,2100",
                "--allow-file-access-from-files",
                "--virtual-time-budget=10000",
                "--dump-dom",
            ],
        )
        .arg(format!("file://{}", page.display()))
        .stderr(Stdio::null())
        .output()
        .expect("run chromium");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let measured = dom
        .split("<pre id=\"measured\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| panic!("no measures in the page: {dom:.2000}"));
    let figures: Vec<Vec<&str>> = measured
        .split(';')
        .map(|row| row.split(' ').collect())
        .collect();
    assert_eq!(figures.len(), 3, "{measured}");
    for row in &figures {
        let [scroll, client, overflow, smallest, page_width, viewport] = row[..] else {
            panic!("{measured}")
        };
        let number = |s: &str| s.parse::<f64>().unwrap_or_else(|_| panic!("{measured}"));
        assert_eq!(viewport, "390", "the phone's width: {measured}");
        assert!(
            number(smallest) >= 8.95,
            "a figure's text is drawn at {smallest} px on a phone: {measured}"
        );
        // Wider than the screen: the figure scrolls in its box, the page does not.
        assert!(number(scroll) > number(client), "{measured}");
        assert_eq!(overflow, "auto", "{measured}");
        assert!(
            number(page_width) <= 390.0,
            "the page scrolls sideways: {measured}"
        );
    }
}
