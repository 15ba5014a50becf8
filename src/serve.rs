//! `crmspec serve`: the HTML page on 127.0.0.1, rendered again whenever the questionnaire (or a
//! template of `--templates`) changes, and reloaded in the browser by a small script that asks
//! the server for the page's version. A questionnaire with problems gives a page listing them,
//! with their lines, instead of stopping the server: the author fixes them and the page follows.
//!
//! A few dozen lines of HTTP over `std::net` are enough for one local reader; no web framework.

use crate::error::Error;
use crate::{Format, RenderOptions};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// How often the files are looked at: quick enough to feel live, cheap enough to ignore.
const POLL: Duration = Duration::from_millis(250);

/// The page being served and its version, which the browser compares to reload.
#[derive(Debug, Default)]
struct Page {
    version: u64,
    html: String,
}

/// A bound server, ready to run.
pub struct Server {
    listener: TcpListener,
    questionnaire: PathBuf,
    options: RenderOptions,
    page: Arc<Mutex<Page>>,
}

impl Server {
    /// Binds 127.0.0.1:`port` (0 picks a free port) and renders the first page.
    pub fn bind(questionnaire: &Path, port: u16, options: RenderOptions) -> Result<Server, Error> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .map_err(|source| Error::Bind { port, source })?;
        let options = RenderOptions {
            formats: vec![Format::Html],
            ..options
        };
        let server = Server {
            listener,
            questionnaire: questionnaire.to_path_buf(),
            options,
            page: Arc::new(Mutex::new(Page::default())),
        };
        Ok(server)
    }

    pub fn address(&self) -> Result<SocketAddr, Error> {
        self.listener
            .local_addr()
            .map_err(|source| Error::Bind { port: 0, source })
    }

    /// Serves until the process is stopped; `log` receives one line per render and per page
    /// load.
    pub fn run(self, log: &(dyn Fn(&str) + Sync)) -> Result<(), Error> {
        let Server {
            listener,
            questionnaire,
            options,
            page,
        } = self;
        let watched = page.clone();
        std::thread::scope(|scope| {
            scope.spawn(|| watch(&questionnaire, &options, &watched, log));
            for stream in listener.incoming().flatten() {
                let page = page.clone();
                scope.spawn(move || answer(stream, &page, log));
            }
        });
        Ok(())
    }
}

/// Renders at once, then again each time the watched files change.
fn watch(questionnaire: &Path, options: &RenderOptions, page: &Mutex<Page>, log: &dyn Fn(&str)) {
    let mut seen = None;
    // Files the page also shows (the logo), known once the questionnaire has been read.
    let mut also = Vec::new();
    loop {
        let now = stamp(questionnaire, options.templates.as_deref(), &also);
        if seen.as_ref() != Some(&now) {
            let started = Instant::now();
            let (html, summary, shown) = build(questionnaire, options);
            // Taken before the render, so that a save during it is not missed; taken again
            // only when the render named other files to watch.
            seen = Some(if shown == also {
                now
            } else {
                stamp(questionnaire, options.templates.as_deref(), &shown)
            });
            also = shown;
            let mut page = page.lock().unwrap_or_else(|e| e.into_inner());
            page.version += 1;
            page.html = with_reload(&html, page.version);
            log(&format!(
                "v{}: {summary} ({} ms)",
                page.version,
                started.elapsed().as_millis()
            ));
        }
        std::thread::sleep(POLL);
    }
}

/// What identifies the current state of the files a page depends on.
fn stamp(
    questionnaire: &Path,
    templates: Option<&Path>,
    also: &[PathBuf],
) -> Vec<(PathBuf, Option<SystemTime>, u64)> {
    let of = |path: PathBuf| {
        let meta = std::fs::metadata(&path).ok();
        let modified = meta.as_ref().and_then(|m| m.modified().ok());
        let len = meta.map_or(u64::MAX, |m| m.len());
        (path, modified, len)
    };
    let mut files = vec![of(questionnaire.to_path_buf())];
    files.extend(also.iter().cloned().map(of));
    if let Some(dir) = templates {
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            files.extend(paths.into_iter().map(of));
        }
    }
    files
}

/// The page for the questionnaire as it is now (the document, or the problems that stop it),
/// a summary for the log, and the other files it shows (the logo).
fn build(questionnaire: &Path, options: &RenderOptions) -> (String, String, Vec<PathBuf>) {
    let mut shown = Vec::new();
    let rendered = crate::Source::read(questionnaire)
        .and_then(|source| {
            let spec = crate::check(&source)?;
            if let Some(logo) = &spec.q.document.logo {
                shown.push(source.base_dir.join(logo));
            }
            crate::render(&spec, options)
        })
        .and_then(|rendered| {
            rendered
                .files
                .into_iter()
                .find(|(path, _)| path.extension().is_some_and(|e| e == "html"))
                .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
                .ok_or_else(|| Error::Pdf("no HTML was rendered".into()))
        });
    match rendered {
        Ok(html) => (html, "rendered".to_string(), shown),
        Err(e) => {
            let problems: Vec<String> = match &e {
                Error::Invalid(diagnostics) => diagnostics.iter().map(|d| d.to_string()).collect(),
                other => vec![format!("error: {other}")],
            };
            let summary = format!(
                "{} problem{} (shown in the page)",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            );
            (problems_page(questionnaire, &problems), summary, shown)
        }
    }
}

fn problems_page(questionnaire: &Path, problems: &[String]) -> String {
    use crate::xml::escape;
    let name = questionnaire.display().to_string();
    let mut body = format!(
        "<section class=\"problems\">\n<h1>{} problem{} in {}</h1>\n\
         <p>The document is shown again as soon as the questionnaire is fixed and saved.</p>\n<pre>",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        escape(&name)
    );
    for p in problems {
        body.push_str(&escape(p));
        body.push('\n');
    }
    body.push_str("</pre>\n</section>\n");
    crate::writers::html::page(&format!("crmspec — {name}"), "en", None, &body)
}

/// Adds the script that reloads the page when the server has a newer version, keeping the
/// reader's scroll position.
fn with_reload(html: &str, version: u64) -> String {
    let script = format!(
        "<script>\n(function () {{\n  var version = \"{version}\";\n  \
         var y = sessionStorage.getItem(\"crmspec-scroll\");\n  \
         if (y !== null) {{ window.scrollTo(0, +y); sessionStorage.removeItem(\"crmspec-scroll\"); }}\n  \
         function poll() {{\n    fetch(\"/__version\", {{ cache: \"no-store\" }})\n      \
         .then(function (r) {{ return r.text(); }})\n      \
         .then(function (v) {{\n        if (v !== version) {{\n          \
         sessionStorage.setItem(\"crmspec-scroll\", String(window.scrollY));\n          \
         location.reload();\n        }} else {{ setTimeout(poll, 400); }}\n      }})\n      \
         .catch(function () {{ setTimeout(poll, 1500); }});\n  }}\n  setTimeout(poll, 400);\n}})();\n</script>\n"
    );
    match html.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &html[..at], &html[at..]),
        None => format!("{html}{script}"),
    }
}

/// Answers one request: the page, its version, or 404.
fn answer(mut stream: TcpStream, page: &Mutex<Page>, log: &dyn Fn(&str)) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut request = Vec::new();
    let mut buffer = [0u8; 2048];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 16 * 1024 {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => request.extend_from_slice(&buffer[..n]),
        }
    }
    let line = String::from_utf8_lossy(&request);
    let mut words = line.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let path = target.split('?').next().unwrap_or("");
    let (status, kind, body) = match (method, path) {
        ("GET" | "HEAD", "/" | "/index.html") => {
            let page = page.lock().unwrap_or_else(|e| e.into_inner());
            log(&format!("v{}: page sent to the browser", page.version));
            ("200 OK", "text/html; charset=utf-8", page.html.clone())
        }
        ("GET" | "HEAD", "/__version") => {
            let page = page.lock().unwrap_or_else(|e| e.into_inner());
            ("200 OK", "text/plain", page.version.to_string())
        }
        ("GET" | "HEAD", _) => ("404 Not Found", "text/plain", "not found\n".to_string()),
        _ => (
            "405 Method Not Allowed",
            "text/plain",
            "method not allowed\n".to_string(),
        ),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(body.as_bytes());
    }
    let _ = stream.flush();
}
