//! Accessible and archival outputs (issue 19), read back from the files crmspec writes: the
//! PDF's structure tree, marked content, PDF/A and PDF/UA identification; the HTML page's and
//! the Word document's language, title and structure.

mod common;

use common::{missing_tool, reference, render, tender};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// A resolved dictionary.
fn dict<'a>(doc: &'a Document, object: &'a Object) -> &'a Dictionary {
    match doc.dereference(object).expect("a reachable object").1 {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn name(object: &Object) -> String {
    String::from_utf8_lossy(object.as_name().expect("a name")).into_owned()
}

/// A PDF text string (UTF-16BE with a byte order mark, or ASCII).
fn text_string(object: &Object) -> String {
    let bytes = object.as_str().expect("a string");
    if let [0xFE, 0xFF, rest @ ..] = bytes {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

/// The glyph → text map of a font's ToUnicode CMap (crmspec writes `bfchar` entries).
fn to_unicode(doc: &Document, font: &Dictionary) -> HashMap<u16, String> {
    let stream = font
        .get(b"ToUnicode")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_object(id))
        .and_then(Object::as_stream)
        .expect("every font maps its glyphs to Unicode");
    let text = String::from_utf8_lossy(&stream.get_plain_content().unwrap()).into_owned();
    let mut map = HashMap::new();
    for line in text.lines() {
        let hexes: Vec<&str> = line
            .split(['<', '>'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if let [gid, unicode] = hexes[..] {
            if let Ok(g) = u16::from_str_radix(gid, 16) {
                let units: Vec<u16> = (0..unicode.len() / 4)
                    .filter_map(|i| u16::from_str_radix(&unicode[i * 4..i * 4 + 4], 16).ok())
                    .collect();
                map.insert(g, String::from_utf16_lossy(&units));
            }
        }
    }
    map
}

/// What a tagged PDF holds: each page's text by MCID, and whether every text-showing operator
/// lies in marked content of an element or an artifact.
struct Pages {
    /// (page object, MCID) → text.
    text: HashMap<(ObjectId, i64), String>,
    untagged: Vec<String>,
}

fn read_pages(doc: &Document) -> Pages {
    let mut pages = Pages {
        text: HashMap::new(),
        untagged: Vec::new(),
    };
    for (number, page_id) in doc.get_pages() {
        let page = doc.get_dictionary(page_id).unwrap();
        assert!(
            page.get(b"StructParents").is_ok(),
            "page {number} has no /StructParents"
        );
        let resources = dict(doc, page.get(b"Resources").unwrap());
        let fonts: HashMap<Vec<u8>, HashMap<u16, String>> = resources
            .get(b"Font")
            .map(|f| {
                dict(doc, f)
                    .iter()
                    .map(|(k, v)| (k.clone(), to_unicode(doc, dict(doc, v))))
                    .collect()
            })
            .unwrap_or_default();
        let content = Content::decode(&doc.get_page_content(page_id)).unwrap();
        // Open marked content: Some(mcid), or None for an artifact.
        let mut stack: Vec<Option<Option<i64>>> = Vec::new();
        let mut font: Option<&HashMap<u16, String>> = None;
        for op in &content.operations {
            match op.operator.as_str() {
                "BMC" => stack.push(Some(None).filter(|_| name(&op.operands[0]) == "Artifact")),
                "BDC" => {
                    let mcid = op.operands.get(1).and_then(|p| match p {
                        Object::Dictionary(d) => d.get(b"MCID").and_then(Object::as_i64).ok(),
                        _ => None,
                    });
                    let artifact = name(&op.operands[0]) == "Artifact";
                    stack.push(match (mcid, artifact) {
                        (Some(m), _) => Some(Some(m)),
                        (None, true) => Some(None),
                        (None, false) => None,
                    });
                }
                "EMC" => {
                    stack.pop().expect("EMC closes a sequence");
                }
                "Tf" => font = fonts.get(op.operands[0].as_name().unwrap()),
                "Tj" | "TJ" | "'" | "\"" => {
                    let Some(mark) = stack.iter().rev().find_map(|m| *m) else {
                        pages.untagged.push(format!(
                            "page {number}: {} outside marked content",
                            op.operator
                        ));
                        continue;
                    };
                    let Some(mcid) = mark else { continue };
                    let map = font.expect("a font is set");
                    let mut text = String::new();
                    let mut strings = Vec::new();
                    for operand in &op.operands {
                        match operand {
                            Object::String(s, _) => strings.push(s.clone()),
                            Object::Array(items) => {
                                strings.extend(items.iter().filter_map(|i| match i {
                                    Object::String(s, _) => Some(s.clone()),
                                    _ => None,
                                }))
                            }
                            _ => {}
                        }
                    }
                    for s in strings {
                        for pair in s.chunks(2) {
                            let gid = u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
                            text.push_str(map.get(&gid).map_or("\u{FFFD}", String::as_str));
                        }
                    }
                    pages
                        .text
                        .entry((page_id, mcid))
                        .or_default()
                        .push_str(&text);
                }
                _ => {}
            }
        }
        assert!(stack.is_empty(), "page {number}: marked content left open");
    }
    pages
}

/// The structure tree walked in order: every element's type, the text it reads (figures
/// read their alternative text instead, list labels and contents page numbers are left out,
/// as the Markdown has neither), and what each element carries.
struct Tree {
    roles: BTreeSet<String>,
    text: String,
    figures: Vec<String>,
    header_cells: usize,
    scoped_header_cells: usize,
    links: usize,
    links_with_annotation: usize,
}

fn walk(
    doc: &Document,
    element: &Dictionary,
    page: Option<ObjectId>,
    pages: &Pages,
    tree: &mut Tree,
) {
    let role = name(element.get(b"S").unwrap());
    tree.roles.insert(role.clone());
    let page = element
        .get(b"Pg")
        .and_then(Object::as_reference)
        .ok()
        .or(page);
    match role.as_str() {
        "Figure" => {
            let alt = element.get(b"Alt").map(text_string).unwrap_or_default();
            tree.figures.push(alt);
            return;
        }
        "TH" => {
            tree.header_cells += 1;
            let scoped = element
                .get(b"A")
                .map(|a| dict(doc, a))
                .is_ok_and(|a| a.get(b"Scope").is_ok());
            tree.scoped_header_cells += usize::from(scoped);
        }
        "Link" => tree.links += 1,
        _ => {}
    }
    let start = tree.text.len();
    let kids = match element.get(b"K") {
        Ok(Object::Array(items)) => items.clone(),
        Ok(other) => vec![other.clone()],
        Err(_) => Vec::new(),
    };
    for kid in &kids {
        match kid {
            Object::Integer(mcid) => {
                let page = page.expect("an MCID on a page");
                if let Some(text) = pages.text.get(&(page, *mcid)) {
                    tree.text.push_str(text);
                }
            }
            other => {
                let d = dict(doc, other);
                match d.get(b"Type").ok().map(name).as_deref() {
                    Some("MCR") => {
                        let pg = d.get(b"Pg").and_then(Object::as_reference).ok().or(page);
                        let mcid = d.get(b"MCID").and_then(Object::as_i64).unwrap();
                        if let Some(text) = pg.and_then(|p| pages.text.get(&(p, mcid))) {
                            tree.text.push_str(text);
                        }
                    }
                    Some("OBJR") => {
                        let annot = dict(doc, d.get(b"Obj").unwrap());
                        assert_eq!(name(annot.get(b"Subtype").unwrap()), "Link");
                        assert!(annot.get(b"StructParent").is_ok());
                        assert!(annot.get(b"Contents").is_ok(), "a link says where it goes");
                        tree.links_with_annotation += usize::from(role == "Link");
                    }
                    _ => walk(doc, d, page, pages, tree),
                }
            }
        }
    }
    match role.as_str() {
        "Lbl" => tree.text.truncate(start),
        "TOCI" => {
            let kept = tree.text[start..]
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .len();
            tree.text.truncate(start + kept);
        }
        _ => {}
    }
}

/// Whitespace and hyphens left out: a screen reader hears words whatever their spacing on
/// the page, and the PDF hyphenates words at a line's end.
fn normalise(text: &str) -> String {
    common::squeeze(text)
        .chars()
        .filter(|c| !matches!(c, '-' | '\u{AD}'))
        .collect()
}

/// The Markdown's text in order, as the PDF prints it: without the pictures' descriptions
/// (figures read their own) and with the address after an external link whose text is not
/// that address (a page cannot be clicked).
fn markdown_reading(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut text = String::new();
    let mut in_image = 0;
    let mut link: Option<(String, usize)> = None;
    for event in Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    ) {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image -= 1,
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((dest_url.to_string(), text.len()))
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, start)) = link.take() {
                    let shown = url.trim_start_matches("mailto:");
                    if !url.starts_with('#') && !text[start..].contains(shown) {
                        text.push_str(&format!(" ({shown})"));
                    }
                }
            }
            Event::Text(t) | Event::Code(t) if in_image == 0 => text.push_str(&t),
            _ => {}
        }
    }
    text
}

fn check_pdf(questionnaire: &Path, folder: &str) {
    let (out, base) = render(questionnaire, folder, "md,pdf");
    let pdf_path = out.join(format!("{base}.pdf"));
    let bytes = std::fs::read(&pdf_path).unwrap();
    let doc = Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    let marked = dict(&doc, catalog.get(b"MarkInfo").expect("MarkInfo"));
    assert_eq!(marked.get(b"Marked").unwrap(), &Object::Boolean(true));
    assert!(!text_string(catalog.get(b"Lang").expect("a language")).is_empty());
    let viewer = dict(&doc, catalog.get(b"ViewerPreferences").unwrap());
    assert_eq!(
        viewer.get(b"DisplayDocTitle").unwrap(),
        &Object::Boolean(true)
    );

    // PDF/A-2a and PDF/UA-1: identified in XMP that says what the Info dictionary says.
    let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
    let title = text_string(info.get(b"Title").unwrap());
    let metadata = doc
        .get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap())
        .and_then(Object::as_stream)
        .unwrap();
    let xmp = String::from_utf8(metadata.get_plain_content().unwrap()).unwrap();
    for expected in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>A</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
        "<xmp:CreateDate>",
    ] {
        assert!(xmp.contains(expected), "XMP lacks {expected}:\n{xmp}");
    }
    assert!(roxmltree::Document::parse(&xmp).is_ok(), "the XMP is XML");
    let escaped = title.replace('&', "&amp;").replace('<', "&lt;");
    assert!(
        xmp.contains(&format!(">{escaped}</rdf:li>")),
        "dc:title is the title"
    );
    let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
    let intent = dict(&doc, &intents[0]);
    assert_eq!(name(intent.get(b"S").unwrap()), "GTS_PDFA1");
    let profile = dict(&doc, intent.get(b"DestOutputProfile").unwrap());
    assert_eq!(
        profile.get(b"N").unwrap().as_i64().unwrap(),
        3,
        "an RGB profile"
    );

    // Every font embedded, with every glyph mapped to Unicode (checked while reading).
    for object in doc.objects.values() {
        if let Ok(d) = object.as_dict() {
            if d.get(b"Type").ok().map(name).as_deref() == Some("FontDescriptor") {
                assert!(d.get(b"FontFile2").is_ok(), "a font is not embedded: {d:?}");
            }
        }
    }

    let pages = read_pages(&doc);
    assert!(
        pages.untagged.is_empty(),
        "{:?}",
        &pages.untagged[..pages.untagged.len().min(5)]
    );

    let root = dict(
        &doc,
        catalog.get(b"StructTreeRoot").expect("a structure tree"),
    );
    assert!(root.get(b"ParentTree").is_ok());
    let mut tree = Tree {
        roles: BTreeSet::new(),
        text: String::new(),
        figures: Vec::new(),
        header_cells: 0,
        scoped_header_cells: 0,
        links: 0,
        links_with_annotation: 0,
    };
    walk(
        &doc,
        dict(&doc, root.get(b"K").unwrap()),
        None,
        &pages,
        &mut tree,
    );
    for role in [
        "Document", "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody", "Table", "THead", "TBody",
        "TR", "TH", "TD", "Figure", "Link", "TOC", "TOCI",
    ] {
        assert!(
            tree.roles.contains(role),
            "no {role} element: {:?}",
            tree.roles
        );
    }
    assert!(
        tree.figures.iter().all(|alt| !alt.trim().is_empty()),
        "{:?}",
        tree.figures
    );
    assert!(tree.header_cells > 0);
    assert_eq!(
        tree.header_cells, tree.scoped_header_cells,
        "every TH has a scope"
    );
    assert_eq!(
        tree.links, tree.links_with_annotation,
        "every Link has its annotation"
    );

    // Reading order: the tree reads what the Markdown says, in the same order.
    let markdown = std::fs::read_to_string(out.join(format!("{base}.md"))).unwrap();
    let expected = normalise(&markdown_reading(&markdown));
    let read = normalise(&tree.text);
    if read != expected {
        let at = read
            .chars()
            .zip(expected.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let show = |s: &str| {
            s.chars()
                .skip(at.saturating_sub(60))
                .take(160)
                .collect::<String>()
        };
        panic!(
            "the structure tree does not read as the Markdown, from character {at}:\n tree: {}\n  md: {}",
            show(&read),
            show(&expected)
        );
    }

    match std::process::Command::new("pdfinfo")
        .arg(&pdf_path)
        .output()
    {
        Ok(info) => assert!(
            String::from_utf8_lossy(&info.stdout).contains("Tagged:          yes"),
            "pdfinfo does not see a tagged PDF"
        ),
        Err(_) => missing_tool("pdfinfo (poppler-utils)"),
    }
}

#[test]
fn the_reference_pdf_is_tagged_and_archival() {
    let Some(questionnaire) = reference() else {
        return;
    };
    check_pdf(&questionnaire, "a11y-reference");
}

#[test]
fn the_tender_pdf_is_tagged_and_archival() {
    let Some(questionnaire) = tender() else {
        return;
    };
    check_pdf(&questionnaire, "a11y-tender");
}

#[test]
fn the_same_input_gives_the_same_tagged_pdf() {
    let Some(questionnaire) = reference() else {
        return;
    };
    let (a, base) = render(&questionnaire, "a11y-same-a", "pdf");
    let (b, _) = render(&questionnaire, "a11y-same-b", "pdf");
    let file = format!("{base}.pdf");
    assert!(std::fs::read(a.join(&file)).unwrap() == std::fs::read(b.join(&file)).unwrap());
}

/// axe-core's script: from the npm registry, installed once into Cargo's target folder.
fn axe_core() -> Option<std::path::PathBuf> {
    let folder = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("axe-core");
    let script = folder.join("node_modules/axe-core/axe.min.js");
    if !script.exists() {
        let installed = std::process::Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
            .arg(&folder)
            .arg("axe-core@4")
            .stdin(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !installed || !script.exists() {
            missing_tool("axe-core (npm install axe-core)");
            return None;
        }
    }
    Some(script)
}

fn chromium() -> Option<std::path::PathBuf> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.exists());
    if found.is_none() {
        missing_tool("Chromium (Debian's chromium)");
    }
    found
}

/// The reference's HTML page, checked by axe-core in headless Chromium: WCAG 2.1 A and AA
/// rules (contrast of the palette included) and axe's best practices, no violation.
#[test]
fn axe_finds_nothing_on_the_reference_page() {
    let Some(questionnaire) = reference() else {
        return;
    };
    let (Some(browser), Some(axe)) = (chromium(), axe_core()) else {
        return;
    };
    let (out, base) = render(&questionnaire, "a11y-axe", "html");
    let html = std::fs::read_to_string(out.join(format!("{base}.html"))).unwrap();
    let runner = format!(
        "<script>{}</script>\n<script>\naxe.run(document, {{ runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }}).then(r => {{\n  const pre = document.createElement('pre');\n  pre.id = 'axe-results';\n  pre.textContent = JSON.stringify(r.violations.map(v => ({{ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.html) }})));\n  document.body.appendChild(pre);\n}});\n</script>\n</body>",
        std::fs::read_to_string(axe).unwrap()
    );
    let page = out.join("axe.html");
    std::fs::write(&page, html.replacen("</body>", &runner, 1)).unwrap();
    let profile = common::temp_dir("a11y-axe-profile");
    let output = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--virtual-time-budget=60000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run Chromium");
    let dom = String::from_utf8_lossy(&output.stdout);
    let start = dom
        .find("<pre id=\"axe-results\">")
        .unwrap_or_else(|| panic!("axe did not report: {}", common::stderr(&output)));
    let json = &dom[start + "<pre id=\"axe-results\">".len()..];
    let json = &json[..json.find("</pre>").unwrap()];
    let json = json
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let violations: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        violations.as_array().map(Vec::len),
        Some(0),
        "axe-core found: {violations:#}"
    );
}

/// The HTML page's structure, for the readers axe cannot judge: the language, the landmarks,
/// headings that never skip a level, column headers, figures named.
#[test]
fn the_reference_page_is_structured() {
    let Some(questionnaire) = reference() else {
        return;
    };
    let (out, base) = render(&questionnaire, "a11y-html", "html");
    let html = std::fs::read_to_string(out.join(format!("{base}.html"))).unwrap();
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("<main>") && html.contains("<nav"));
    let mut previous = 0;
    for (at, _) in html.match_indices("<h") {
        let Some(level) = html[at + 2..].chars().next().and_then(|c| c.to_digit(10)) else {
            continue;
        };
        assert!(
            level <= previous + 1,
            "a heading skips from h{previous} to h{level}"
        );
        previous = level;
    }
    assert!(previous >= 2);
    assert!(!html.contains("<th>") && html.contains("<th scope=\"col\""));
    for (at, _) in html.match_indices("<figure") {
        let tag = &html[at..at + html[at..].find('>').unwrap()];
        assert!(tag.contains("role=\"img\" aria-label=\"Figure"), "{tag}");
    }
}

/// The Word document says its language (on every run by default) and its title.
#[test]
fn the_word_document_says_its_language_and_title() {
    let Some(questionnaire) = reference() else {
        return;
    };
    let (out, base) = render(&questionnaire, "a11y-docx", "docx");
    let file = std::fs::File::open(out.join(format!("{base}.docx"))).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let styles = part("word/styles.xml");
    let core = part("docProps/core.xml");
    assert!(
        styles.contains("<w:rPrDefault><w:rPr><w:lang w:val=\"fr-FR\""),
        "no default language in the styles"
    );
    assert!(core.contains("<dc:title>Cahier des charges"), "{core}");
    assert!(core.contains("<dc:language>fr-FR</dc:language>"), "{core}");
}
