//! `crmspec serve`'s form editor, used as a person would in headless Chromium (driven over
//! the DevTools protocol): change the budget, add a channel that redirects to an existing one,
//! fix an error the form shows beside its field, save; then the YAML file keeps its comments
//! and untouched lines and `check` accepts it. And the server's refusals: a write without the
//! page's token, from another origin, or over a file changed meanwhile leaves the file as it
//! was.

mod common;

use common::browser::*;
use common::*;
use std::path::{Path, PathBuf};

/// The French example with comments of the user's and one mistake (a redirect to a channel
/// that does not exist), with its logo, in a fresh folder.
fn questionnaire(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    let text = std::fs::read_to_string(spec("velo-horizon.yaml")).unwrap();
    let text = text
        .replacen(
            "  budget:\n",
            "  # Budget voté au comité du 12 janvier.\n  budget:\n",
            1,
        )
        .replacen(
            "channels:\n",
            "# Les canaux, dans l'ordre du parcours client.\nchannels:\n",
            1,
        )
        .replacen(
            "- { to: magasin, via: store_locator",
            "- { to: magasinn, via: store_locator",
            1,
        );
    assert!(text.contains("to: magasinn") && text.contains("# Budget voté"));
    let file = dir.join("velo.yaml");
    std::fs::write(&file, text).unwrap();
    std::fs::copy(
        spec("velo-horizon-logo.png"),
        dir.join("velo-horizon-logo.png"),
    )
    .unwrap();
    file
}

/// A JavaScript string literal.
fn js(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// The selector of the control of `path`.
fn control(path: &str) -> String {
    js(&format!("[data-path=\"{path}\"]:not(button)"))
}

/// Opens the groups around the field of `path`, as a user clicks them open.
const REVEAL: &str =
    "for (var n = e; n; n = n.parentElement) { if (n.tagName === 'DETAILS') n.open = true; }";

/// Focuses the field of `path` and types `text` over its content, as a keyboard would.
fn type_into(page: &mut Devtools, path: &str, text: &str) {
    page.eval(&format!(
        "(function () {{ var e = document.querySelector({}); {REVEAL} e.focus(); e.select(); }})()",
        control(path)
    ));
    page.type_text(text);
    page.eval(&format!(
        "document.querySelector({}).dispatchEvent(new Event('change', {{ bubbles: true }}))",
        control(path)
    ));
}

/// Chooses `value` in the list of `path`.
fn choose(page: &mut Devtools, path: &str, value: &str) {
    let done = page.eval(&format!(
        "(function () {{ var e = document.querySelector({}); {REVEAL} e.focus(); e.value = {}; \
         e.dispatchEvent(new Event('change', {{ bubbles: true }})); return e.value; }})()",
        control(path),
        js(value)
    ));
    assert_eq!(done, value, "{path} does not offer {value}");
}

/// Clicks the button `action` of `path` (add, remove, duplicate, up, down).
fn click(page: &mut Devtools, action: &str, path: &str) {
    page.eval(&format!(
        "document.querySelector({}).click()",
        js(&format!(
            "button[data-action=\"{action}\"][data-path=\"{path}\"]"
        ))
    ));
}

/// Waits until the preview shows the questionnaire as it is in the form now.
fn wait_preview(page: &mut Devtools) {
    page.wait_until(
        "(function () { var p = document.body.dataset.preview; return p && p !== 'pending'; })()",
        "the preview is rendered",
    );
}

fn inline_problem(page: &mut Devtools, path: &str) -> String {
    page.eval(&format!(
        "(function () {{ var e = document.querySelector({}); return e ? e.textContent : ''; }})()",
        js(&format!(".problems-here[data-for=\"{path}\"] .problem"))
    ))
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[test]
fn a_questionnaire_is_edited_fixed_and_saved_in_the_browser() {
    let Some(chromium) = chromium() else { return };
    let file = questionnaire("web-editor");
    let dir = file.parent().unwrap().to_path_buf();
    let original = std::fs::read_to_string(&file).unwrap();
    let channels = original
        .lines()
        .skip_while(|l| *l != "channels:")
        .take_while(|l| !l.starts_with("mobile:") && !l.starts_with("processes:"))
        .filter(|l| l.starts_with("  - id: "))
        .count();
    assert!(channels >= 4, "{channels} channels");
    let served = Served::start(&file);
    let mut page = Devtools::start(&chromium, &dir.join("profile"), 1280, 900);
    page.navigate(&served.url);

    // Open: the form, the document beside it, and the mistake shown on its field and at the top.
    page.wait_until("document.body.dataset.loaded", "the editor loads the file");
    wait_preview(&mut page);
    let wrong = "channels[1].redirects[0].to";
    let problem = inline_problem(&mut page, wrong);
    assert!(problem.contains("magasinn"), "inline: {problem:?}");
    let listed = page.eval(
        "Array.from(document.querySelectorAll('#problems li.error')).map(function (li) { return li.textContent; })",
    );
    assert!(
        listed.to_string().contains(wrong),
        "the list at the top names the field: {listed}"
    );
    assert_eq!(
        page.eval("document.querySelector('iframe').contentDocument.title"),
        "crmspec — velo.yaml",
        "a questionnaire with errors shows its problems in the preview"
    );
    // The picture of the README: the problem list open, the form at the mistake.
    page.eval("document.querySelector('#problems').open = true");
    page.eval("document.querySelector('#problems li.error button').click()");
    page.eval("document.activeElement.blur()");
    std::fs::write(dir.join("editor-1280.png"), page.screenshot()).unwrap();

    // Change the budget: the preview follows.
    type_into(&mut page, "project.budget.max", "185000");
    wait_preview(&mut page);

    // Add a channel that redirects to an existing one.
    let new = format!("channels[{channels}]");
    click(&mut page, "add", "channels");
    page.wait_until(
        &format!("document.querySelector({})", control(&format!("{new}.id"))),
        "the new channel's fields",
    );
    type_into(&mut page, &format!("{new}.id"), "atelier_mobile");
    type_into(&mut page, &format!("{new}.name"), "Atelier mobile");
    choose(&mut page, &format!("{new}.kind"), "store");
    type_into(
        &mut page,
        &format!("{new}.function"),
        "Réparer les vélos chez les clients.",
    );
    click(&mut page, "add", &format!("{new}.roles"));
    choose(&mut page, &format!("{new}.roles[0]"), "sav");
    click(&mut page, "add", &format!("{new}.redirects"));
    choose(&mut page, &format!("{new}.redirects[0].to"), "site");
    choose(&mut page, &format!("{new}.redirects[0].via"), "link");

    // Fix the mistake: its entry at the top leads to the field, whose list offers the ids.
    page.eval(&format!(
        "Array.from(document.querySelectorAll('#problems li.error button')).filter(function (b) {{ return b.textContent.indexOf({}) >= 0; }})[0].click()",
        js(wrong)
    ));
    assert_eq!(
        page.eval("document.activeElement.dataset.path"),
        wrong,
        "the problem's entry jumps to its field"
    );
    choose(&mut page, wrong, "magasin");
    page.wait_until(
        "document.body.dataset.preview !== 'pending' && !document.querySelector('.problem.error') && document.querySelector('iframe').contentDocument.body.textContent.indexOf('Atelier mobile') >= 0",
        "the preview shows the new channel and no error is left",
    );
    assert_eq!(inline_problem(&mut page, wrong), "");

    // Save.
    page.eval("document.getElementById('save').click()");
    page.wait_until("document.body.dataset.saved", "the save is done");
    let saved = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        std::fs::read_to_string(editor_backup(&file)).unwrap(),
        original,
        "the previous version is kept"
    );
    for line in [
        "    max: 185000",
        "atelier_mobile",
        "Atelier mobile",
        "to: site",
    ] {
        assert!(saved.contains(line), "{line} not saved:\n{saved}");
    }
    assert!(!saved.contains("magasinn"));
    // Comments and untouched lines stay byte for byte, in their order.
    let changed = |line: &str| line.contains("max: 170000") || line.contains("magasinn");
    let mut rest = saved.lines();
    for line in original.lines().filter(|l| !changed(l)) {
        assert!(
            rest.any(|l| l == line),
            "`{line}` was changed or moved:\n{saved}"
        );
    }
    let check = crmspec(&["check", file.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));

    // On a tablet the panes stack: the form above the document.
    page.resize(800, 1100);
    let stacked = page.eval(
        "document.querySelector('.preview').getBoundingClientRect().top >= document.querySelector('.form').getBoundingClientRect().bottom - 1",
    );
    assert_eq!(stacked, true, "the panes stack at 800 px");
    std::fs::write(dir.join("editor-800.png"), page.screenshot()).unwrap();
}

fn editor_backup(file: &Path) -> PathBuf {
    PathBuf::from(format!("{}.bak", file.display()))
}

/// The token the editor page carries.
fn token_of(served: &Served) -> String {
    let page = exchange(
        &served.url,
        &format!("GET / HTTP/1.1\r\nHost: {}\r\n\r\n", served.authority()),
    );
    let at = page
        .find("name=\"crmspec-token\" content=\"")
        .expect("a token")
        + 30;
    page[at..at + 64].to_string()
}

/// A save request as the page sends it, with `extra` headers.
fn save_request(served: &Served, hash: &str, extra: &str) -> String {
    let body = serde_json::json!({ "value": { "version": 1 }, "hash": hash }).to_string();
    format!(
        "POST /api/save HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\n\r\n{body}",
        served.authority(),
        body.len()
    )
}

#[test]
fn writes_from_another_origin_or_without_the_token_are_refused() {
    let file = questionnaire("web-editor-refused");
    let before = std::fs::read(&file).unwrap();
    let served = Served::start(&file);
    served.wait_for("v1:");
    let token = token_of(&served);
    // The editor page runs only the server's own script, and talks only to the server.
    let page = exchange(
        &served.url,
        &format!("GET / HTTP/1.1\r\nHost: {}\r\n\r\n", served.authority()),
    );
    let policy = page
        .lines()
        .find_map(|l| l.strip_prefix("Content-Security-Policy: "))
        .expect("a policy");
    for rule in [
        "script-src 'self';",
        "connect-src 'self';",
        "frame-ancestors 'none'",
    ] {
        assert!(policy.contains(rule), "{rule} not in {policy}");
    }
    assert!(
        !page.contains("<script>"),
        "no inline script in the editor page"
    );
    let state = exchange(
        &served.url,
        &format!(
            "GET /api/state HTTP/1.1\r\nHost: {}\r\n\r\n",
            served.authority()
        ),
    );
    let state: serde_json::Value =
        serde_json::from_str(state.split_once("\r\n\r\n").unwrap().1).unwrap();
    let hash = state["hash"].as_str().unwrap().to_string();
    let origin = format!("Origin: http://{}\r\n", served.authority());
    let refused = [
        ("no token", String::new()),
        ("no token, same origin", origin.clone()),
        (
            "a wrong token",
            format!("{origin}X-Crmspec-Token: {}\r\n", "0".repeat(64)),
        ),
        (
            "another origin",
            format!("Origin: http://attacker.example\r\nX-Crmspec-Token: {token}\r\n"),
        ),
        (
            "another site",
            format!("Sec-Fetch-Site: cross-site\r\nX-Crmspec-Token: {token}\r\n"),
        ),
    ];
    for (what, headers) in &refused {
        let answer = exchange(&served.url, &save_request(&served, &hash, headers));
        assert!(
            answer.starts_with("HTTP/1.1 403 Forbidden"),
            "{what}: {answer:.300}"
        );
        let preview = exchange(
            &served.url,
            &save_request(&served, &hash, headers).replacen("/api/save", "/api/preview", 1),
        );
        assert!(
            preview.starts_with("HTTP/1.1 403 Forbidden"),
            "{what}: {preview:.300}"
        );
    }
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the file is untouched"
    );
    assert!(!editor_backup(&file).exists());

    // The page's own request, made from a version the file no longer is: refused too.
    let own = format!("{origin}X-Crmspec-Token: {token}\r\nSec-Fetch-Site: same-origin\r\n");
    let answer = exchange(&served.url, &save_request(&served, &"f".repeat(64), &own));
    assert!(answer.starts_with("HTTP/1.1 409 Conflict"), "{answer:.300}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the file is untouched"
    );

    // A body larger than any questionnaire is refused before it is read.
    let huge = format!(
        "POST /api/save HTTP/1.1\r\nHost: {}\r\nX-Crmspec-Token: {token}\r\nContent-Length: 99999999999\r\n\r\n",
        served.authority()
    );
    assert!(exchange(&served.url, &huge).starts_with("HTTP/1.1 413"));

    // The same request with the token and from the page is what saves.
    let answer = exchange(&served.url, &save_request(&served, &hash, &own));
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer:.300}");
    assert_ne!(std::fs::read(&file).unwrap(), before);
    assert_eq!(std::fs::read(editor_backup(&file)).unwrap(), before);
}

/// `serve --open` hands the editor's address to the browser `$BROWSER` names (here a script
/// that writes it down, so that no browser opens during the tests).
#[test]
fn serve_open_opens_the_editor_in_the_browser() {
    let dir = temp_dir("web-editor-open");
    let file = questionnaire("web-editor-open-q");
    let opened = dir.join("opened.txt");
    let script = dir.join("browser.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let served = Served::start_with(&file, &["--open"], &[("BROWSER", script.to_str().unwrap())]);
    served.wait_for("v1:");
    let start = std::time::Instant::now();
    while !opened.exists() && start.elapsed() < PATIENCE {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(std::fs::read_to_string(&opened).unwrap(), served.url);
}
