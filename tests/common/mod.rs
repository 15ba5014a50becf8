//! Helpers shared by the integration tests: run the real binary, find the questionnaires,
//! read text back from Markdown and PDF.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn spec(name: &str) -> PathBuf {
    root().join("specs").join(name)
}

/// The input contract, present in CI and in a checkout beside `shared/`.
pub fn reference() -> Option<PathBuf> {
    shared("questionnaire-reference.yaml")
}

/// The complete tender's contract: the reference plus consultation rules, contract, pricing.
pub fn tender() -> Option<PathBuf> {
    shared("questionnaire-tender.yaml")
}

fn shared(name: &str) -> Option<PathBuf> {
    let path = root().join("../shared").join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "skipped: {} not found (a clone without shared/); CI has it",
            path.display()
        );
        None
    }
}

/// The complete tender in British English: `../shared/questionnaire-tender.yaml` translated.
pub fn tender_en() -> PathBuf {
    root().join("tests/fixtures/tender-en.yaml")
}

/// A fresh, empty folder for one test, under Cargo's target folder (not the system's /tmp).
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("crmspec-test-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub fn crmspec(args: &[&str]) -> Output {
    crmspec_env(args, &[])
}

/// The crmspec binary, ready to run: its messages' language pinned to English (`LANG=C`,
/// no `LC_ALL` or `LC_MESSAGES`) so that what a test reads does not depend on the locale of
/// the machine running it, no `SOURCE_DATE_EPOCH`, and no colour variable (`NO_COLOR`,
/// `CLICOLOR_FORCE`, `CLICOLOR`: a CI that forces colour would style every message).
pub fn crmspec_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_crmspec"));
    command
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env("LANG", "C");
    command
}

/// Runs crmspec with `env` set (over the pinned language, when it names one).
pub fn crmspec_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = crmspec_command();
    command.args(args);
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("run crmspec")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Runs `crmspec render QUESTIONNAIRE -o OUT EXTRA…`.
pub fn render_with(questionnaire: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "render",
        questionnaire.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    crmspec(&args)
}

/// Renders a questionnaire into a fresh folder; returns the folder and the file base name.
pub fn render(questionnaire: &Path, name: &str, formats: &str) -> (PathBuf, String) {
    let out = temp_dir(name);
    let output = crmspec(&[
        "render",
        questionnaire.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        formats,
    ]);
    assert!(
        output.status.success(),
        "render failed: {}",
        stderr(&output)
    );
    let md = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| {
            [".md", ".pdf", ".html", ".docx"]
                .iter()
                .any(|e| n.ends_with(e))
        })
        .expect("an output file");
    let base = md.rsplit_once('.').unwrap().0.to_string();
    (out, base)
}

/// Renders a questionnaire to Markdown only and returns the Markdown.
pub fn render_markdown(questionnaire: &Path, name: &str) -> String {
    let (out, base) = render(questionnaire, name, "md");
    std::fs::read_to_string(out.join(format!("{base}.md"))).expect("the Markdown")
}

/// The text a reader sees in a Markdown document (escapes resolved, markup dropped).
pub fn markdown_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    let mut text = String::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(_) => text.push(' '),
            Event::InlineHtml(h) if h.starts_with("<br") => text.push(' '),
            _ => {}
        }
    }
    text
}

/// The text of every page of a PDF, read back with lopdf, with words hyphenated at a line's
/// end made whole again (crmspec hyphenates only plain words, never at a hyphen they hold).
pub fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("a readable PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    pages
        .iter()
        .map(|p| doc.extract_text(&[*p]).expect("text"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("- \n", "")
        .replace("-\n", "")
}

/// Text per page (index 0 is page 1).
pub fn pdf_pages(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).expect("a readable PDF");
    doc.get_pages()
        .keys()
        .map(|p| doc.extract_text(&[*p]).expect("text"))
        .collect()
}

/// Whitespace of every kind removed: values wrap across lines and French text uses
/// no-break spaces, but every character must be there, in order.
/// The text without its spaces, its apostrophes straight and its ellipses as three full
/// stops: how a value typed in a questionnaire is compared with the page, whose typography
/// sets those signs.
pub fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '’' { '\'' } else { c })
        .collect::<String>()
        .replace('…', "...")
}

/// Every scalar of a YAML file with its field path, in file order.
pub fn yaml_scalars(text: &str) -> Vec<(String, serde_yaml::Value)> {
    fn walk(value: &serde_yaml::Value, path: String, out: &mut Vec<(String, serde_yaml::Value)>) {
        match value {
            serde_yaml::Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, format!("{path}[{i}]"), out);
                }
            }
            serde_yaml::Value::Mapping(map) => {
                for (k, v) in map {
                    let key = k.as_str().unwrap_or_default();
                    let child = if path.is_empty() {
                        key.to_string()
                    } else {
                        format!("{path}.{key}")
                    };
                    walk(v, child, out);
                }
            }
            scalar => out.push((path, scalar.clone())),
        }
    }
    let value: serde_yaml::Value = serde_yaml::from_str(text).expect("valid YAML");
    let mut out = Vec::new();
    walk(&value, String::new(), &mut out);
    out
}

/// Every string scalar of a YAML file with its path, in file order.
pub fn yaml_strings(text: &str) -> Vec<(String, String)> {
    yaml_scalars(text)
        .into_iter()
        .filter_map(|(path, v)| Some((path, v.as_str()?.to_string())))
        .collect()
}

/// The last segment of a field path, without an index (`channels[2].roles[0]` → `roles`).
pub fn key_of(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

/// How a questionnaire value shows in the document when it is a code rather than prose:
/// `None` for prose (shown as typed), else the text to look for.
pub fn shown_as(
    path: &str,
    value: &str,
    yaml: &str,
    lang: crmspec::model::Language,
) -> Option<String> {
    use crmspec::lang::words::text;
    let t = |key: String| {
        text(&key, lang)
            .unwrap_or_else(|| panic!("no label for {key}"))
            .to_string()
    };
    let name_of = |section: &str, id: &str| -> String {
        let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        value[section]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|item| item["id"].as_str() == Some(id))
            .and_then(|item| item["name"].as_str())
            .map_or_else(|| id.to_string(), str::to_string)
    };
    let key = key_of(path);
    match key {
        "language" => Some(t("toc".into())),
        "logo" => Some(String::new()),
        // A channel of no particular kind, or named after its kind, shows its name only.
        "kind" if path.starts_with("channels") => {
            let label = t(format!("kind.{value}"));
            let doc: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
            let index: usize = path["channels[".len()..path.find(']').unwrap()]
                .parse()
                .unwrap();
            let name = doc["channels"][index]["name"].as_str().unwrap_or_default();
            let fold = crmspec::lang::accents::fold;
            let (label_folded, name) = (fold(&label), fold(name));
            let named_after_it = name.starts_with(&label_folded) || label_folded.starts_with(&name);
            Some(if value == "other" || named_after_it {
                String::new()
            } else {
                label
            })
        }
        // A system of a usual kind shows that kind's name; any other kind, as typed.
        "kind" if path.starts_with("systems") => {
            crmspec::model::known_system_kind(value).map(|kind| t(format!("system_kind.{kind}")))
        }
        "languages" => Some(crmspec::lang::words::language_name(value, lang)),
        "via" => Some(t(format!("via.{value}"))),
        "colour" => Some(t(format!("colour.{value}"))),
        "priority" => Some(t(format!("priority.{value}"))),
        "basis" => Some(t(format!("basis.{value}"))),
        // A catalogue reference shows as the IDs it pulls in (`MKT-*` → `MKT-…`).
        "catalogue" | "id" if path.contains(".catalogue[") => {
            Some(value.trim_end_matches('*').to_string())
        }
        "direction" => Some(t(format!("direction.{value}"))),
        "frequency" => Some(t(format!("frequency.{value}"))),
        "legal_basis" => Some(t(format!("legal_basis.{value}"))),
        "hosting" => Some(t(format!("hosting.{value}"))),
        "notion" => Some(t(format!("notion.{value}"))),
        "surveys" => Some(t(format!("survey.{value}"))),
        "customer_types" => Some(t(format!("customer_type.{value}"))),
        "roles" => Some(name_of("channel_roles", value)),
        "to" => Some(name_of("channels", value)),
        "channels" if path.starts_with("processes") => Some(name_of("channels", value)),
        "area" => Some(t(format!("quality_area.{value}"))),
        "procedure" => Some(t(format!("procedure_text.{value}"))),
        "response_time" => {
            let (h, m) = value.split_once(':').expect("HH:MM");
            Some(crmspec::lang::format::clock(
                h.parse().expect("hours"),
                m.parse().expect("minutes"),
                lang,
            ))
        }
        "source" | "target" if !path.starts_with("data_exchanges") => None,
        "source" | "target" if value == "crm" => Some(t("crm_system".into())),
        "source" | "target" => Some(name_of("systems", value)),
        // Internal ids: the document shows names instead.
        "id" if ["channel_roles", "channels", "systems"]
            .iter()
            .any(|s| path.starts_with(s)) =>
        {
            Some(String::new())
        }
        _ if key.ends_with("date")
            || key.ends_with("deadline")
            || ["start", "end", "presentations", "decision"].contains(&key) =>
        {
            let date = crmspec::model::Date::parse(value).expect("a date");
            Some(crmspec::lang::format::date(
                date.year, date.month, date.day, lang,
            ))
        }
        _ => None,
    }
}

/// Whether this run is CI's (`CI=true`), where a tool a test needs must be there: `.ci/run`
/// installs it, so its absence is a failure, never a silent skip.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// A tool a test needs is missing: a failure in CI, a skip said aloud elsewhere.
pub fn missing_tool(what: &str) {
    assert!(
        !in_ci(),
        "{what} is not installed; `.ci/run` installs it, and CI must not skip this test"
    );
    eprintln!("skipped: {what} is not installed (`.ci/run` installs it)");
}

/// LibreOffice's command when it is installed; says the test skipped otherwise (fails in CI).
pub fn soffice() -> Option<&'static str> {
    let found = ["soffice", "libreoffice"].into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        missing_tool("LibreOffice");
    }
    found
}

/// Converts `input` with LibreOffice headless to `to` (`pdf`, `xlsx:Calc MS Excel 2007 XML`)
/// into `out`, with its own profile folder; returns the converted file.
pub fn libreoffice_convert(
    soffice: &str,
    input: &Path,
    to: &str,
    out: &Path,
    profile: &Path,
) -> PathBuf {
    let profile = format!("-env:UserInstallation=file://{}", profile.display());
    let output = Command::new(soffice)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            to,
            "--outdir",
        ])
        .arg(out)
        .arg(input)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stem = input.file_stem().unwrap().to_string_lossy().to_string();
    let ext = to.split(':').next().unwrap();
    let converted = out.join(format!("{stem}.{ext}"));
    assert!(
        converted.exists(),
        "LibreOffice wrote no {ext}: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    converted
}

/// The 1-based line of the first occurrence of `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    text[..at].lines().count() + usize::from(text[..at].ends_with('\n'))
}

/// `check` and `render` both refuse with exit 2, and render writes nothing; gives check's
/// messages.
pub fn refused(path: &Path) -> String {
    let output = crmspec(&["check", path.to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "check should refuse: {}",
        stderr(&output)
    );
    let out = path.parent().unwrap().join("out");
    let render = render_with(path, &out, &[]);
    assert_eq!(render.status.code(), Some(2), "{}", stderr(&render));
    assert!(!out.exists(), "nothing is written for bad input");
    assert_translated(path, &stderr(&output));
    stderr(&output)
}

/// The same problems, in French (`--lang fr`): as many lines, at the same places, each
/// worded from the French locale (a message without a text would show its key, such as
/// `validate.duplicate_id`).
pub fn assert_translated(path: &Path, english: &str) {
    let output = crmspec(&["check", path.to_str().unwrap(), "--lang", "fr"]);
    let french = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{french}");
    let places = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with(path.to_str().unwrap()))
            .map(|l| l.split(": ").next().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(places(&french), places(english), "{french}");
    for key in [
        "diagnostic.",
        "validate.",
        "load.",
        "yaml.",
        "error.",
        "io.",
    ] {
        assert!(
            !french.contains(key),
            "an untranslated message in:\n{french}"
        );
    }
    assert!(french.contains("erreur"), "{french}");
    assert_ne!(french, english);
}

/// A diagnostic `file:line:col: error: `field`: …message…` is in `err`.
pub fn assert_reported(err: &str, path: &Path, line: usize, field: &str, message: &str) {
    let prefix = format!("{}:{line}:", path.display());
    let found = err.lines().any(|l| {
        l.starts_with(&prefix) && l.contains(&format!("`{field}`")) && l.contains(message)
    });
    assert!(
        found,
        "expected {prefix} … `{field}` … {message} in:\n{err}"
    );
}

/// The parts of a ZIP-packed office file (DOCX, ODT), by name.
pub fn parts(path: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).expect("a ZIP archive");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().to_string(), bytes)
        })
        .collect()
}

/// A Word document's paragraphs, in order: each one's style and text.
pub fn docx_paragraphs(path: &Path) -> Vec<(String, String)> {
    let parts = parts(path);
    let xml = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("document.xml is XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("p"))
        .map(|p| {
            let style = p
                .descendants()
                .find(|n| n.has_tag_name("pStyle"))
                .and_then(|n| n.attributes().find(|a| a.name() == "val"))
                .map(|a| a.value().to_string())
                .unwrap_or_default();
            let text: String = p
                .descendants()
                .filter(|n| n.has_tag_name("t"))
                .filter_map(|n| n.text())
                .collect();
            (style, text)
        })
        .collect()
}

/// Every sheet of a workbook as rows of cells.
pub fn sheets(path: &Path) -> Vec<(String, Vec<Vec<calamine::Data>>)> {
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(path).expect("readable XLSX");
    workbook
        .sheet_names()
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).unwrap();
            let rows = range.rows().map(<[calamine::Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

/// The minimal questionnaire with three requirements of its own, one from the catalogue,
/// and three criteria: coverage 50, price 30, committee marks 20.
pub fn small_tender(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(root().join("tests/fixtures/minimal.yaml")).unwrap();
    let text = text.replace(
        r#"      - { title: "Fiche contact", description: "Nom, société, téléphone.", priority: must }"#,
        r#"      - { title: "Fiche contact", description: "Nom, société, téléphone.", priority: must, acceptance: "Recherche par nom." }
      - { title: "Historique", description: "Appels et e-mails.", priority: should }
      - { title: "Étiquettes", description: "Mots-clés libres.", priority: could }
    catalogue: [SRV-SLA]"#,
    );
    let text = text.replace(
        r#"    - { name: "Prix", weight: 100 }"#,
        r#"    - { name: "Couverture fonctionnelle", weight: 50 }
    - { name: "Prix", weight: 30 }
    - { name: "Méthode", weight: 20 }"#,
    );
    let path = dir.join("petite.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `crmspec grid` and returns the XLSX and CSV it wrote.
pub fn grid(questionnaire: &Path, out: &Path) -> (PathBuf, PathBuf) {
    let output = crmspec(&[
        "grid",
        questionnaire.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let wrote: Vec<PathBuf> = stdout(&output)
        .lines()
        .filter_map(|l| l.strip_prefix("wrote "))
        .map(PathBuf::from)
        .collect();
    let find = |ext: &str| {
        wrote
            .iter()
            .find(|p| p.extension().is_some_and(|e| e == ext))
            .cloned()
            .unwrap_or_else(|| panic!("no .{ext} in {wrote:?}"))
    };
    (find("xlsx"), find("csv"))
}

/// A vendor's answer: ID, coverage as typed, comment, extra cost.
pub type Fill<'a> = (&'a str, &'a str, &'a str, Option<f64>);

/// Fills a grid as a vendor would: the same sheets and cells, the vendor's name in the
/// instructions sheet, and the answers (a workbook written afresh, as a spreadsheet program
/// saves one).
pub fn fill_xlsx(template: &Path, out: &Path, vendor: &str, answers: &[Fill]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets(template) {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    calamine::Data::String(s) => sheet.write_string(r, c, s).map(|_| ()),
                    calamine::Data::Float(f) => sheet.write_number(r, c, *f).map(|_| ()),
                    calamine::Data::Int(i) => sheet.write_number(r, c, *i as f64).map(|_| ()),
                    _ => Ok(()),
                }
                .unwrap();
            }
            let label = row.first().map(|c| c.to_string()).unwrap_or_default();
            if label == "Nom du candidat" || label == "Vendor name" {
                sheet.write_string(r as u32, 1, vendor).unwrap();
            }
            if let Some((_, coverage, comment, cost)) = answers
                .iter()
                .find(|a| Some(a.0.to_string()) == row.first().map(|c| c.to_string()))
            {
                let r = r as u32;
                sheet.write_string(r, 5, *coverage).unwrap();
                sheet.write_string(r, 6, *comment).unwrap();
                if let Some(cost) = cost {
                    sheet.write_number(r, 7, *cost).unwrap();
                }
                sheet
                    .write_datetime(
                        r,
                        8,
                        rust_xlsxwriter::ExcelDateTime::from_ymd(2027, 9, 1).unwrap(),
                    )
                    .unwrap();
            }
        }
    }
    workbook.save(out).unwrap();
}

/// The three fictional vendors' answers to the small tender's grid.
pub const ALPHA: &[Fill] = &[
    ("CON-01", "ST — Standard", "Fiche native.", None),
    ("CON-02", "st", "Historique natif.", None),
    ("CON-03", "NC — Non couvert", "Prévu en 2028.", None),
    (
        "SRV-SLA",
        "SP — Paramétrage",
        "Règles d'escalade.",
        Some(2500.0),
    ),
];
pub const BETA: &[Fill] = &[
    ("CON-01", "ST — Standard", "", None),
    ("CON-02", "ST — Standard", "", None),
    ("CON-03", "Standard", "", None),
    ("SRV-SLA", "NC — Non couvert", "Pas de SLA.", None),
];
pub const GAMMA: &[Fill] = &[
    ("CON-01", "DS", "Développement de la fiche.", Some(1200.5)),
    ("CON-02", "Paramétrage", "", None),
    ("CON-03", "ST — Standard", "", None),
    ("SRV-SLA", "ST — Standard", "", None),
];
/// One part of `parts`, as text.
pub fn text(parts: &std::collections::BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        parts
            .get(name)
            .unwrap_or_else(|| panic!("no {name}"))
            .clone(),
    )
    .unwrap()
}
pub mod browser;
