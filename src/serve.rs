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
/// The headers every answer carries: the pages are self-contained, so they need nothing from
/// elsewhere (their scripts only ask this server), and nothing may frame them.
const SECURITY_HEADERS: &str = "X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\n\
     Referrer-Policy: no-referrer\r\nCross-Origin-Resource-Policy: same-origin\r\n";

/// The document page's policy: its reload script is written into the page.
const DOCUMENT_POLICY: &str = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; \
     script-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

/// The editor's policy: only its own script, served by this server, runs; the preview (a
/// document page, shown in a frame without scripts) keeps its inline style.
const EDITOR_POLICY: &str = "default-src 'none'; img-src data:; style-src 'self' 'unsafe-inline'; \
     script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

/// The largest request body accepted (a questionnaire as JSON, sent to be previewed or
/// saved): as large as the largest questionnaire read, and no larger.
pub const MAX_BODY: u64 = crate::MAX_QUESTIONNAIRE_BYTES;

/// The header a page sends its token in, on every request that writes or computes.
const TOKEN_HEADER: &str = "x-crmspec-token";

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
    /// Drawn at start and written into the editor page: a request that writes must carry it,
    /// which a page of another site, unable to read this server's pages, cannot.
    token: String,
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
            token: token(),
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
            token,
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
                let site = Site {
                    page: &page,
                    questionnaire: &questionnaire,
                    options: &options,
                    token: &token,
                    lang,
                    log,
                };
                let busy = &busy;
                let spawned = std::thread::Builder::new().spawn_scoped(scope, move || {
                    answer(stream, &site);
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

/// What a request may be answered from.
#[derive(Clone, Copy)]
struct Site<'a> {
    page: &'a Mutex<Page>,
    questionnaire: &'a Path,
    options: &'a RenderOptions,
    token: &'a str,
    lang: Language,
    log: &'a (dyn Fn(&str) + Sync),
}

/// A random token, hex: the OS's randomness reaches the standard library's hash keys, which
/// are drawn per process and never shown, so hashing a counter with them is unpredictable
/// from outside without a dependency for it.
fn token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let keys = std::collections::hash_map::RandomState::new();
    (0..4u64)
        .map(|n| {
            let mut hasher = keys.build_hasher();
            hasher.write_u64(n);
            hasher.write_u128(
                SystemTime::now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            format!("{:016x}", hasher.finish())
        })
        .collect()
}

/// Opens `url` in the user's browser (`serve --open`): the one place that knows the
/// `webbrowser` crate, which honours `$BROWSER`.
pub fn open(url: &str) -> std::io::Result<()> {
    webbrowser::open(url)
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
            let page = problems_page(
                &questionnaire.display().to_string(),
                &problems,
                "serve.shown_again",
                page_lang,
            );
            (page, summary, shown)
        }
    }
}

/// The page listing what stops the document, in `lang`, which its `lang` attribute declares.
/// `next` is the message saying when the document comes back: on saving the file for the
/// preview page, on fixing the form for the editor's.
pub(crate) fn problems_page(
    name: &str,
    problems: &[String],
    next: &'static str,
    lang: Language,
) -> String {
    use crate::xml::escape;
    let heading = Message::new("serve.problems_in")
        .count("count", problems.len() as u64)
        .plain("file", name)
        .terminal(lang);
    let mut body = format!(
        "<section class=\"problems\">\n<h1>{}</h1>\n<p>{}</p>\n<pre>",
        escape(&heading),
        escape(&Message::new(next).terminal(lang))
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
         Retry-After: 1\r\n{SECURITY_HEADERS}Content-Security-Policy: {DOCUMENT_POLICY}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
}

/// Whether a request's `Host` header names this machine's loopback (or is absent, as in
/// HTTP/1.0): a page from another site that resolved its own name to 127.0.0.1 (DNS
/// rebinding) sends its own name, and is refused.
fn loopback_host(host: Option<&str>) -> bool {
    let Some(host) = host else {
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

/// A request as read: its method, path, headers (names in lower case) and body.
struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request could not be read whole.
enum Unread {
    /// Its body is larger than [`MAX_BODY`].
    TooLarge,
}

/// Reads a request: the head (at most 16 KiB), then the body its `Content-Length` announces,
/// at most [`MAX_BODY`].
fn read_request(stream: &mut TcpStream) -> Result<Request, Unread> {
    let mut request = Vec::new();
    let mut buffer = [0u8; 8192];
    let end = loop {
        if let Some(at) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        if request.len() >= 16 * 1024 {
            break request.len();
        }
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break request.len(),
            Ok(n) => request.extend_from_slice(&buffer[..n]),
        }
    };
    let head = String::from_utf8_lossy(&request[..end]).into_owned();
    let mut lines = head.lines();
    let mut words = lines.next().unwrap_or("").split_whitespace();
    let method = words.next().unwrap_or("").to_string();
    let target = words.next().unwrap_or("");
    let path = target.split('?').next().unwrap_or("").to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.trim().to_ascii_lowercase(), value.trim().to_string()))
        })
        .collect();
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<u64>().ok())
        .unwrap_or(0);
    if length > MAX_BODY {
        return Err(Unread::TooLarge);
    }
    let mut body = request[end..].to_vec();
    let wanted = usize::try_from(length).unwrap_or(usize::MAX);
    body.truncate(wanted);
    while body.len() < wanted {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let take = n.min(wanted - body.len());
                body.extend_from_slice(&buffer[..take]);
            }
        }
    }
    Ok(Request {
        method,
        path,
        headers,
        body,
    })
}

/// Whether a request that writes (or makes the server work) may be answered: it carries the
/// page's token, and, when the browser says where it comes from (`Origin`,
/// `Sec-Fetch-Site`), it comes from this server's own page.
fn allowed_to_write(request: &Request, token: &str) -> bool {
    let sent = request.header(TOKEN_HEADER).unwrap_or("");
    // Compared in full whatever differs first: the time taken tells nothing of the token.
    let same_token = sent.len() == token.len()
        && sent
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    let same_origin = match (request.header("origin"), request.header("host")) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin == format!("http://{host}"),
        (Some(_), None) => false,
    };
    let same_site = request
        .header("sec-fetch-site")
        .is_none_or(|site| site == "same-origin");
    same_token && same_origin && same_site
}

/// An answer: status, content type, body, and the policy of a page.
struct Answer {
    status: &'static str,
    kind: &'static str,
    body: Vec<u8>,
    policy: &'static str,
}

impl Answer {
    fn text(status: &'static str, body: &str) -> Answer {
        Answer {
            status,
            kind: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
            policy: DOCUMENT_POLICY,
        }
    }

    fn json(status: &'static str, value: &serde_json::Value) -> Answer {
        Answer {
            status,
            kind: "application/json",
            body: value.to_string().into_bytes(),
            policy: DOCUMENT_POLICY,
        }
    }
}

/// Answers one request: the editor, the document, their version, the editor's questions, or
/// 404.
fn answer(mut stream: TcpStream, site: &Site) {
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IDLE_TIMEOUT));
    let (answer, method) = match read_request(&mut stream) {
        Ok(request) => (route(&request, site), request.method),
        Err(Unread::TooLarge) => (
            Answer::text("413 Content Too Large", "request body too large\n"),
            String::new(),
        ),
    };
    let head = format!(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         {SECURITY_HEADERS}Content-Security-Policy: {}\r\nCache-Control: no-store\r\n\
         Connection: close\r\n\r\n",
        answer.status,
        answer.kind,
        answer.body.len(),
        answer.policy,
    );
    let _ = stream.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(&answer.body);
    }
    let _ = stream.flush();
}

fn route(request: &Request, site: &Site) -> Answer {
    let lang = site.lang;
    if !loopback_host(request.header("host")) {
        return Answer::text(
            "403 Forbidden",
            "this server answers only requests addressed to 127.0.0.1 or localhost\n",
        );
    }
    let read = matches!(request.method.as_str(), "GET" | "HEAD");
    match (request.method.as_str(), request.path.as_str()) {
        (_, "/" | "/index.html") if read => {
            let page = site.page.lock().unwrap_or_else(|e| e.into_inner());
            (site.log)(
                &Message::new("serve.editor_sent")
                    .plain("version", page.version)
                    .terminal(lang),
            );
            Answer {
                status: "200 OK",
                kind: "text/html; charset=utf-8",
                body: crate::editor::page(site.questionnaire, site.token, lang).into_bytes(),
                policy: EDITOR_POLICY,
            }
        }
        (_, "/editor.js") if read => Answer {
            status: "200 OK",
            kind: "text/javascript; charset=utf-8",
            body: crate::editor::SCRIPT.as_bytes().to_vec(),
            policy: EDITOR_POLICY,
        },
        (_, "/editor.css") if read => Answer {
            status: "200 OK",
            kind: "text/css; charset=utf-8",
            body: crate::editor::STYLE.as_bytes().to_vec(),
            policy: EDITOR_POLICY,
        },
        (_, "/document") if read => {
            let page = site.page.lock().unwrap_or_else(|e| e.into_inner());
            (site.log)(
                &Message::new("serve.page_sent")
                    .plain("version", page.version)
                    .terminal(lang),
            );
            Answer {
                status: "200 OK",
                kind: "text/html; charset=utf-8",
                body: page.html.clone().into_bytes(),
                policy: DOCUMENT_POLICY,
            }
        }
        (_, "/__version") if read => {
            let page = site.page.lock().unwrap_or_else(|e| e.into_inner());
            Answer::text("200 OK", &page.version.to_string())
        }
        (_, "/api/state") if read => {
            Answer::json("200 OK", &crate::editor::state(site.questionnaire, lang))
        }
        (_, "/api/hash") if read => {
            let bytes = std::fs::read(site.questionnaire).unwrap_or_default();
            Answer::json(
                "200 OK",
                &serde_json::json!({ "hash": crate::editor::fingerprint(&bytes) }),
            )
        }
        ("POST", "/api/preview" | "/api/save") => write(request, site),
        (_, _) if read => Answer::text("404 Not Found", "not found\n"),
        _ => Answer::text("405 Method Not Allowed", "method not allowed\n"),
    }
}

/// The editor's requests that compute or write: refused (`403`) without the page's token or
/// from another origin, the file left untouched.
fn write(request: &Request, site: &Site) -> Answer {
    let lang = site.lang;
    if !allowed_to_write(request, site.token) {
        (site.log)(&Message::new("serve.write_refused").terminal(lang));
        return Answer::text(
            "403 Forbidden",
            "refused: a write must come from the editor page of this server\n",
        );
    }
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(&request.body) else {
        return Answer::text("400 Bad Request", "the body is not JSON\n");
    };
    if request.path == "/api/preview" {
        return Answer::json(
            "200 OK",
            &crate::editor::preview(site.questionnaire, &body, site.options, lang),
        );
    }
    let (Some(value), Some(hash)) = (body.get("value"), body.get("hash").and_then(|h| h.as_str()))
    else {
        return Answer::text("400 Bad Request", "a save sends `value` and `hash`\n");
    };
    match crate::editor::save(site.questionnaire, value, hash, lang) {
        Ok(hash) => {
            (site.log)(
                &Message::new("serve.saved")
                    .plain("file", site.questionnaire.display())
                    .terminal(lang),
            );
            Answer::json("200 OK", &serde_json::json!({ "hash": hash }))
        }
        Err(crate::editor::SaveError::Changed(hash)) => {
            Answer::json("409 Conflict", &serde_json::json!({ "hash": hash }))
        }
        Err(crate::editor::SaveError::Failed(message)) => Answer::json(
            "500 Internal Server Error",
            &serde_json::json!({ "message": message }),
        ),
    }
}
