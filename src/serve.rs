//! `crmspec serve`: the HTML page on 127.0.0.1, rendered again whenever the questionnaire (or a
//! template of `--templates`) changes, and reloaded in the browser by a small script that asks
//! the server for the page's version. A questionnaire with problems gives a page listing them,
//! with their lines, instead of stopping the server: the author fixes them and the page follows.
//!
//! A few dozen lines of HTTP over `std::net` are enough for one local reader; no web framework.
//! Because anything on the machine (and any web page open in its browser) can reach a loopback
//! port, the server bounds what a client can cost it: at most [`MAX_CONNECTIONS`] requests are
//! answered at once (more are told to retry, never queued on a thread), an idle connection is
//! dropped after [`IDLE_TIMEOUT`], a request that names another host is refused (DNS
//! rebinding), and every answer carries headers that forbid framing, sniffing and outside
//! resources.

use crate::error::Error;
use crate::lang::messages::Message;
use crate::lang::Language;
use crate::{Format, RenderOptions};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// Requests answered at the same time: a reader and a reload script need two or three; the
/// rest are answered `503` at once, so that idle or hostile connections cannot exhaust threads.
pub const MAX_CONNECTIONS: usize = 16;
/// A connection that has not sent its request by then is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// The headers every answer carries: the page is self-contained, so it needs nothing from
/// elsewhere (the reload script only asks this server), and nothing may frame it.
const SECURITY_HEADERS: &str = "X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\n\
     Referrer-Policy: no-referrer\r\nCross-Origin-Resource-Policy: same-origin\r\n\
     Content-Security-Policy: default-src 'none'; img-src data:; style-src 'unsafe-inline'; \
     script-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'\r\n";

/// How often the files are looked at: quick enough to feel live, cheap enough to ignore.
const POLL: Duration = Duration::from_millis(250);
/// How long the watched files must stay unchanged before a change is rendered.
const SETTLE: Duration = Duration::from_millis(80);

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
    /// The language of the log, and of the problems page when the questionnaire names none.
    lang: Language,
}

impl Server {
    /// Binds 127.0.0.1:`port` (0 picks a free port) and renders the first page. `lang` is
    /// the user's language: the log's, and the problems page's when the questionnaire does
    /// not say its own.
    pub fn bind(
        questionnaire: &Path,
        port: u16,
        options: RenderOptions,
        lang: Language,
    ) -> Result<Server, Error> {
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
            lang,
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
            lang,
        } = self;
        let watched = page.clone();
        let busy = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name("watch".into())
                .spawn_scoped(scope, || {
                    watch(&questionnaire, &options, &watched, log, lang)
                })
                .map_err(|source| Error::Io {
                    what: crate::lang::messages::Message::new("serve.start_watcher"),
                    source,
                })?;
            for mut stream in listener.incoming().flatten() {
                if busy.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                    busy.fetch_sub(1, Ordering::SeqCst);
                    refuse_busy(&mut stream);
                    continue;
                }
                let page = page.clone();
                let busy = &busy;
                let spawned = std::thread::Builder::new().spawn_scoped(scope, move || {
                    answer(stream, &page, log, lang);
                    busy.fetch_sub(1, Ordering::SeqCst);
                });
                // No thread to be had (memory or process limits): this request is dropped,
                // the server goes on with the next one.
                if spawned.is_err() {
                    busy.fetch_sub(1, Ordering::SeqCst);
                    log(&Message::new("serve.dropped").terminal(lang));
                }
            }
            Ok(())
        })
    }
}

/// Renders at once, then again each time the watched files change.
fn watch(
    questionnaire: &Path,
    options: &RenderOptions,
    page: &Mutex<Page>,
    log: &dyn Fn(&str),
    lang: Language,
) {
    let mut seen = None;
    // Files the page also shows (the logo), known once the questionnaire has been read.
    let mut also = Vec::new();
    loop {
        let now = stamp(questionnaire, options.templates.as_deref(), &also);
        // A save seen half-way (the file truncated, not yet rewritten) would show a false
        // problem: a change is rendered only once the files have stood still for a moment.
        let settled = seen.as_ref() != Some(&now) && {
            std::thread::sleep(SETTLE);
            stamp(questionnaire, options.templates.as_deref(), &also) == now
        };
        if settled {
            let started = Instant::now();
            let (html, summary, shown) = build(questionnaire, options, lang);
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
            log(&Message::new("serve.rendered_in")
                .plain("version", page.version)
                .message("summary", summary)
                .plain("ms", started.elapsed().as_millis())
                .terminal(lang));
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
/// a summary for the log, and the other files it shows (the logo). The problems are listed
/// in the questionnaire's language when it names one, else in `lang`.
fn build(
    questionnaire: &Path,
    options: &RenderOptions,
    lang: Language,
) -> (String, Message, Vec<PathBuf>) {
    let mut shown = Vec::new();
    let mut page_lang = lang;
    let rendered = crate::Source::read(questionnaire)
        .and_then(|source| {
            page_lang = crate::load::declared_language(&source.text).unwrap_or(lang);
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
        Ok(html) => (html, Message::new("serve.rendered"), shown),
        Err(e) => {
            let problems: Vec<String> = match &e {
                Error::Invalid(diagnostics) => {
                    diagnostics.iter().map(|d| d.text(page_lang)).collect()
                }
                other => vec![crate::error::failed(other).terminal(page_lang)],
            };
            let summary =
                Message::new("serve.problems_shown").count("count", problems.len() as u64);
            let page = problems_page(questionnaire, &problems, page_lang);
            (page, summary, shown)
        }
    }
}

/// The page listing what stops the document, in `lang`, which its `lang` attribute declares.
fn problems_page(questionnaire: &Path, problems: &[String], lang: Language) -> String {
    use crate::xml::escape;
    let name = questionnaire.display().to_string();
    let heading = Message::new("serve.problems_in")
        .count("count", problems.len() as u64)
        .plain("file", &name)
        .terminal(lang);
    let mut body = format!(
        "<section class=\"problems\">\n<h1>{}</h1>\n<p>{}</p>\n<pre>",
        escape(&heading),
        escape(&Message::new("serve.shown_again").terminal(lang))
    );
    for p in problems {
        body.push_str(&escape(p));
        body.push('\n');
    }
    body.push_str("</pre>\n</section>\n");
    crate::writers::html::page(&format!("crmspec — {name}"), lang.code(), &[], &body)
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

/// Tells a client over the connection limit to come back, without starting a thread.
fn refuse_busy(stream: &mut TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    let body = "busy: too many connections, retry\n";
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\
         Retry-After: 1\r\n{SECURITY_HEADERS}Cache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
}

/// Whether a request's `Host` header names this machine's loopback (or is absent, as in
/// HTTP/1.0): a page from another site that resolved its own name to 127.0.0.1 (DNS
/// rebinding) sends its own name, and is refused.
fn loopback_host(request: &str) -> bool {
    let Some(host) = request.lines().skip(1).find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("host")
            .then(|| value.trim())
    }) else {
        return true;
    };
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Answers one request: the page, its version, or 404.
fn answer(mut stream: TcpStream, page: &Mutex<Page>, log: &dyn Fn(&str), lang: Language) {
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IDLE_TIMEOUT));
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
        _ if !loopback_host(&line) => (
            "403 Forbidden",
            "text/plain",
            "this server answers only requests addressed to 127.0.0.1 or localhost\n".to_string(),
        ),
        ("GET" | "HEAD", "/" | "/index.html") => {
            let page = page.lock().unwrap_or_else(|e| e.into_inner());
            log(&Message::new("serve.page_sent")
                .plain("version", page.version)
                .terminal(lang));
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
         {SECURITY_HEADERS}Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(body.as_bytes());
    }
    let _ = stream.flush();
}
