//! The response grid and the price schedule as OpenDocument spreadsheets: checked part by part
//! against ODF 1.3's package rules (no ODF validator installs from the registries this project
//! uses: the ODF Toolkit's is on Maven Central only, none is on PyPI, and Debian's
//! `libodfdom-java` has no schemas), the same bytes every time, and opened by LibreOffice —
//! printed to PDF and read back, and converted to XLSX, where the protection, the dropdown,
//! the validations, the repeated header and the page setup must still be.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

const OFFICE: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
const TABLE: &str = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
const STYLE: &str = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
const MANIFEST: &str = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";
const MIME: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// The small tender with a price schedule.
fn priced(dir: &Path) -> PathBuf {
    let path = small_tender(dir);
    let text = std::fs::read_to_string(&path).unwrap();
    let text = format!(
        "{text}\npricing:\n  years: 3\n  licences:\n    - {{ profile: \"Vendeur\", users: 10 }}\n    - {{ profile: \"Manager\", users: 2 }}\n  one_off: [\"Intégration\"]\n  recurring: [\"Hébergement\"]\n  options: [\"Module RDV\"]\n"
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `crmspec pack` into `out`: the grid's and the schedule's ODS.
fn pack_ods(questionnaire: &Path, out: &Path) -> (PathBuf, PathBuf) {
    let output = crmspec(&[
        "pack",
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
    let find = |suffix: &str| {
        wrote
            .iter()
            .find(|p| p.to_string_lossy().ends_with(suffix))
            .cloned()
            .unwrap_or_else(|| panic!("no {suffix} in {wrote:?}"))
    };
    (find("-grille.ods"), find("-bordereau-prix.ods"))
}

/// ODF's package rules, part by part: `mimetype` first, stored, holding the media type; the
/// manifest lists every other part and nothing more; every XML part parses and says ODF 1.3.
fn assert_valid_package(path: &Path) -> BTreeMap<String, String> {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(&bytes[38..38 + MIME.len()], MIME.as_bytes());
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let first = zip.by_index(0).unwrap();
    assert_eq!(first.name(), "mimetype");
    assert_eq!(first.compression(), zip::CompressionMethod::Stored);
    drop(first);
    let mut parts = BTreeMap::new();
    for i in 1..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        assert!(!part.is_dir(), "{}: a folder entry", part.name());
        let mut text = String::new();
        part.read_to_string(&mut text).unwrap();
        let name = part.name().to_string();
        assert!(parts.insert(name.clone(), text).is_none(), "{name} twice");
    }
    let manifest = roxmltree::Document::parse(&parts["META-INF/manifest.xml"]).unwrap();
    let entries: BTreeMap<String, String> = manifest
        .descendants()
        .filter(|n| n.has_tag_name((MANIFEST, "file-entry")))
        .map(|n| {
            (
                n.attribute((MANIFEST, "full-path")).unwrap().to_string(),
                n.attribute((MANIFEST, "media-type")).unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(entries["/"], MIME);
    let listed: Vec<&String> = entries.keys().filter(|k| *k != "/").collect();
    let present: Vec<&String> = parts
        .keys()
        .filter(|k| *k != "META-INF/manifest.xml")
        .collect();
    assert_eq!(listed, present, "the manifest lists every part");
    for name in ["content.xml", "styles.xml", "meta.xml", "settings.xml"] {
        let xml = roxmltree::Document::parse(&parts[name])
            .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        assert_eq!(
            xml.root_element().attribute((OFFICE, "version")),
            Some("1.3"),
            "{name}"
        );
        assert_eq!(entries[name], "text/xml");
    }
    parts
}

/// A table of content.xml by name.
fn table<'a>(xml: &'a roxmltree::Document, name: &str) -> roxmltree::Node<'a, 'a> {
    xml.descendants()
        .find(|n| n.has_tag_name((TABLE, "table")) && n.attribute((TABLE, "name")) == Some(name))
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

/// A cell style's protection, by the style's name.
fn protection(xml: &roxmltree::Document, style: &str) -> String {
    xml.descendants()
        .find(|n| n.has_tag_name((STYLE, "style")) && n.attribute((STYLE, "name")) == Some(style))
        .and_then(|s| {
            s.children()
                .find(|c| c.has_tag_name((STYLE, "table-cell-properties")))
        })
        .and_then(|p| p.attribute((STYLE, "cell-protect")))
        .unwrap_or("protected")
        .to_string()
}

#[test]
fn the_opendocument_grid_and_schedule_are_valid_protected_and_validated() {
    let dir = temp_dir("ods-parts");
    let (grid, schedule) = pack_ods(&priced(&dir), &dir.join("pack"));

    let parts = assert_valid_package(&grid);
    let content = roxmltree::Document::parse(&parts["content.xml"]).unwrap();
    let tables: Vec<_> = content
        .descendants()
        .filter(|n| n.has_tag_name((TABLE, "table")))
        .collect();
    let names: Vec<&str> = tables
        .iter()
        .map(|t| t.attribute((TABLE, "name")).unwrap())
        .collect();
    assert_eq!(names, ["Instructions", "Exigences", "Critères"]);
    for t in &tables {
        assert_eq!(t.attribute((TABLE, "protected")), Some("true"));
        assert_eq!(t.attribute((TABLE, "protection-key")), None, "no password");
    }
    // The requirements: the header row repeated on every page, then a row per requirement,
    // the buyer's cells locked, the vendor's open, each with its validation.
    let requirements = table(&content, "Exigences");
    let header = requirements
        .children()
        .find(|n| n.has_tag_name((TABLE, "table-header-rows")))
        .expect("header rows");
    let text = |n: roxmltree::Node| -> String {
        n.descendants()
            .filter(|d| d.is_text())
            .filter_map(|d| d.text())
            .collect::<String>()
    };
    assert!(
        text(header).starts_with("IDModuleExigence"),
        "{}",
        text(header)
    );
    let rows: Vec<_> = requirements
        .children()
        .filter(|n| n.has_tag_name((TABLE, "table-row")))
        .collect();
    assert_eq!(rows.len(), 4, "CON-01 to CON-03 and SRV-SLA");
    let cells: Vec<_> = rows[0]
        .children()
        .filter(|n| n.has_tag_name((TABLE, "table-cell")))
        .collect();
    assert_eq!(text(cells[0]), "CON-01");
    let style = |c: &roxmltree::Node| c.attribute((TABLE, "style-name")).unwrap().to_string();
    for locked in &cells[..5] {
        assert_eq!(protection(&content, &style(locked)), "protected");
    }
    let validations: BTreeMap<&str, &str> = content
        .descendants()
        .filter(|n| n.has_tag_name((TABLE, "content-validation")))
        .map(|n| {
            (
                n.attribute((TABLE, "name")).unwrap(),
                n.attribute((TABLE, "condition")).unwrap(),
            )
        })
        .collect();
    let rule_of = |c: &roxmltree::Node| {
        let name = c
            .attribute((TABLE, "content-validation-name"))
            .expect("a validated cell");
        validations[name]
    };
    for vendor in &cells[5..] {
        assert_eq!(protection(&content, &style(vendor)), "none");
    }
    assert_eq!(
        rule_of(&cells[5]),
        r#"of:cell-content-is-in-list("ST — Standard";"SP — Paramétrage";"DS — Développement spécifique";"NC — Non couvert")"#
    );
    assert_eq!(
        rule_of(&cells[7]),
        "of:cell-content-is-decimal-number() and cell-content()>=0"
    );
    assert_eq!(
        rule_of(&cells[8]),
        "of:cell-content-is-date() and cell-content()>=36526"
    );
    assert!(parts["content.xml"].contains("Choisissez le niveau de couverture dans la liste."));
    // The header frozen with the ID column; landscape A4, one page wide.
    let settings = &parts["settings.xml"];
    let frozen = settings
        .split("config:name=\"Exigences\">")
        .nth(1)
        .expect("the requirements' view");
    assert!(frozen.contains(r#"config:name="VerticalSplitPosition" config:type="int">1<"#));
    assert!(frozen.contains(r#"config:name="HorizontalSplitPosition" config:type="int">1<"#));
    assert!(settings.contains(r#"config:name="ActiveTable" config:type="string">Exigences<"#));
    assert_eq!(
        requirements.attribute((TABLE, "style-name")),
        Some("taLandscape")
    );
    let styles = &parts["styles.xml"];
    assert!(styles.contains(
        r#"fo:page-width="29.7cm" fo:page-height="21cm" style:print-orientation="landscape""#
    ));
    assert!(styles.contains(r#"style:scale-to-X="1""#));
    assert!(styles.contains(r#"fo:language="fr" fo:country="FR""#));
    assert!(parts["meta.xml"].contains("<dc:title>Grille de réponse — CRM minimal</dc:title>"));

    // The schedule: totals as OpenFormula, amounts validated, the lines' header repeated and
    // frozen.
    let parts = assert_valid_package(&schedule);
    let content = &parts["content.xml"];
    let xml = roxmltree::Document::parse(content).unwrap();
    let licences = table(&xml, "Licences");
    assert_eq!(licences.attribute((TABLE, "protected")), Some("true"));
    for formula in [
        "of:=[.B4]*[.C4]",
        "of:=[.D4]*3",
        "of:=SUM([.B4:.B5])",
        "of:=['Licences'.D6]",
    ] {
        assert!(
            content.contains(&format!("table:formula=\"{formula}\"")),
            "{formula}"
        );
    }
    assert!(content.contains(
        r#"table:condition="of:cell-content-is-decimal-number() and cell-content()&gt;=0""#
    ));
    assert!(licences
        .children()
        .any(|n| n.has_tag_name((TABLE, "table-header-rows"))));
    assert!(parts["settings.xml"]
        .contains(r#"config:name="VerticalSplitPosition" config:type="int">3<"#));
}

#[test]
fn the_opendocument_files_are_the_same_bytes_every_time() {
    let dir = temp_dir("ods-repro");
    let questionnaire = priced(&dir);
    let (grid_a, schedule_a) = pack_ods(&questionnaire, &dir.join("a"));
    let (grid_b, schedule_b) = pack_ods(&questionnaire, &dir.join("b"));
    assert_eq!(
        std::fs::read(grid_a).unwrap(),
        std::fs::read(grid_b).unwrap()
    );
    assert_eq!(
        std::fs::read(schedule_a).unwrap(),
        std::fs::read(schedule_b).unwrap()
    );
}

/// `grid --format` picks the spreadsheets; all three by default.
#[test]
fn grid_writes_the_formats_asked_for() {
    let dir = temp_dir("ods-grid-formats");
    let questionnaire = small_tender(&dir);
    let run = |out: &str, extra: &[&str]| {
        let mut args = vec!["grid", questionnaire.to_str().unwrap(), "-o", out];
        args.extend(extra);
        let output = crmspec(&args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let mut names: Vec<String> = std::fs::read_dir(dir.join(out))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        names
    };
    let dir_name = |n: &str| dir.join(n).to_string_lossy().to_string();
    assert_eq!(
        run(&dir_name("all"), &[]),
        [
            "crm-minimal-grille.csv",
            "crm-minimal-grille.ods",
            "crm-minimal-grille.xlsx"
        ]
    );
    assert_eq!(
        run(&dir_name("ods"), &["--format", "ods"]),
        ["crm-minimal-grille.ods"]
    );
    assert_eq!(
        run(&dir_name("two"), &["--format", "csv,xlsx"]),
        ["crm-minimal-grille.csv", "crm-minimal-grille.xlsx"]
    );
    let output = crmspec(&["grid", questionnaire.to_str().unwrap(), "--format", "pdf"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

/// One part of an XLSX LibreOffice wrote.
fn xlsx_part(path: &Path, name: &str) -> String {
    text(&parts(path), name)
}

#[test]
fn libreoffice_opens_the_opendocument_grid_and_schedule_and_keeps_their_rules() {
    let Some(soffice) = soffice() else { return };
    let dir = temp_dir("ods-libreoffice");
    let (grid, schedule) = pack_ods(&priced(&dir), &dir.join("pack"));
    let profile = dir.join("profile");

    // Printed: every sheet, in the document's words.
    let pdf = libreoffice_convert(soffice, &grid, "pdf", &dir.join("pdf"), &profile);
    let all = squeeze(&pdf_text(&std::fs::read(pdf).unwrap()));
    // (`squeeze` takes the spaces out.)
    for words in [
        "Grillederéponse",
        "Empreintedesexigences",
        "Fichecontact",
        "Couverture",
        "Commentaireducandidat",
        "STStandard",
        "Couverturefonctionnelle",
    ] {
        assert!(all.contains(words), "`{words}` not in {all}");
    }
    let pdf = libreoffice_convert(soffice, &schedule, "pdf", &dir.join("pdf"), &profile);
    let all = squeeze(&pdf_text(&std::fs::read(pdf).unwrap()));
    for words in ["Bordereaudeprix", "Vendeur", "Intégration", "Hébergement"] {
        assert!(all.contains(words), "`{words}` not in {all}");
    }

    // Converted to XLSX: what LibreOffice understood of the protection, the rules and the
    // page setup.
    let xlsx = libreoffice_convert(
        soffice,
        &grid,
        "xlsx:Calc MS Excel 2007 XML",
        &dir.join("xlsx"),
        &profile,
    );
    let sheet = xlsx_part(&xlsx, "xl/worksheets/sheet2.xml");
    assert!(sheet.contains("<sheetProtection sheet=\"true\""), "{sheet}");
    assert!(sheet.contains("type=\"list\""), "{sheet}");
    assert!(
        sheet.contains("<formula1>&quot;ST — Standard,SP — Paramétrage,DS — Développement spécifique,NC — Non couvert&quot;</formula1>"),
        "{sheet}"
    );
    assert!(sheet.contains("type=\"decimal\""), "{sheet}");
    assert!(sheet.contains("type=\"date\""), "{sheet}");
    assert!(sheet.contains("Choisissez le niveau de couverture dans la liste."));
    // (The frozen header is checked in settings.xml only: headless LibreOffice has no view,
    // and drops every sheet's view settings, an XLSX's own frozen panes included.)
    assert!(sheet.contains("orientation=\"landscape\""), "{sheet}");
    assert!(sheet.contains("fitToWidth=\"1\""), "{sheet}");
    let workbook = xlsx_part(&xlsx, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles") && workbook.contains("Exigences!$1:$1"),
        "{workbook}"
    );
    let styles = xlsx_part(&xlsx, "xl/styles.xml");
    assert!(
        styles.contains("locked=\"false\""),
        "the vendor's cells are open"
    );
    // The schedule's totals are still formulas, computed from the prices.
    let xlsx = libreoffice_convert(
        soffice,
        &schedule,
        "xlsx:Calc MS Excel 2007 XML",
        &dir.join("xlsx"),
        &profile,
    );
    let licences = xlsx_part(&xlsx, "xl/worksheets/sheet3.xml");
    assert!(licences.contains(">B4*C4</f>"), "{licences}");
    assert!(licences.contains(">SUM(B4:B5)</f>"), "{licences}");
    let summary = xlsx_part(&xlsx, "xl/worksheets/sheet2.xml");
    assert!(summary.contains(">Licences!D6</f>"), "{summary}");
    assert!(
        licences.contains("<sheetProtection sheet=\"true\""),
        "{licences}"
    );
}
