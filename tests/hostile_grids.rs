//! Hostile vendors: filled grids built to exhaust memory, to be scored otherwise than they
//! read, or to drive the evaluator's terminal (and a questionnaire that tries the same). Each is refused (exit 2, the file, sheet and
//! cell, a hint) or shown harmlessly, never scored, never an abort.
//!
//! The workbooks are the grid `crmspec grid` wrote (XLSX or ODS), with one part edited as a
//! hostile vendor would edit it, so that everything else about them is a real grid.

mod common;

use common::*;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// A tender of one requirement (`CON-01`, row 2 of the requirements sheet), its XLSX, ODS
/// and CSV grids, in a fresh folder.
struct Tender {
    dir: PathBuf,
    questionnaire: PathBuf,
    xlsx: PathBuf,
    ods: PathBuf,
    csv: PathBuf,
}

impl Tender {
    fn new(name: &str) -> Tender {
        let dir = temp_dir(name);
        let questionnaire = dir.join("q.yaml");
        std::fs::copy(root().join("tests/fixtures/minimal.yaml"), &questionnaire).unwrap();
        let out = dir.join("grid");
        let output = crmspec(&[
            "grid",
            questionnaire.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let find = |ext: &str| {
            stdout(&output)
                .lines()
                .filter_map(|l| l.strip_prefix("wrote "))
                .map(PathBuf::from)
                .find(|p| p.extension().is_some_and(|e| e == ext))
                .unwrap()
        };
        Tender {
            xlsx: find("xlsx"),
            ods: find("ods"),
            csv: find("csv"),
            questionnaire,
            dir,
        }
    }

    /// Runs `score` on one grid: the exit code and standard error.
    fn score(&self, grid: &Path) -> (Option<i32>, String) {
        let out = self.dir.join("out");
        let _ = std::fs::remove_dir_all(&out);
        let output = crmspec(&[
            "score",
            self.questionnaire.to_str().unwrap(),
            grid.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        (output.status.code(), stderr(&output))
    }

    /// The XLSX grid with `CON-01` answered `ST`, then `edit` applied to its parts (name,
    /// bytes), written as `name`.
    fn xlsx_with(&self, name: &str, edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) -> PathBuf {
        let mut parts = parts(&self.xlsx);
        edit_part(&mut parts, REQUIREMENTS, |xml| {
            answer(xml, "F2", r#"t="inlineStr"><is><t>ST</t></is>"#)
        });
        edit(&mut parts);
        let path = self.dir.join(name);
        write_zip(&path, &parts);
        path
    }
}

impl Tender {
    /// The ODS grid with `CON-01` answered `ST`, then `edit` applied to its parts, written as
    /// `name`.
    fn ods_with(&self, name: &str, edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) -> PathBuf {
        let mut parts = parts(&self.ods);
        edit_part(&mut parts, CONTENT, |xml| {
            ods_answer(xml, r#"office:value-type="string"><text:p>ST</text:p>"#)
        });
        edit(&mut parts);
        let path = self.dir.join(name);
        write_zip(&path, &parts);
        path
    }
}

/// Every sheet of an ODS.
const CONTENT: &str = "content.xml";

/// The ODS's first coverage cell (`Exigences!F2`, the one with the dropdown) given content.
fn ods_answer(xml: &str, content: &str) -> String {
    let empty = r#"table:content-validation-name="val1"/>"#;
    let start = xml.find(empty).unwrap();
    let end = start + empty.len() - 2;
    format!(
        "{} {content}</table:table-cell>{}",
        &xml[..end],
        &xml[end + 2..]
    )
}

/// The requirements sheet, second in the workbook crmspec writes.
const REQUIREMENTS: &str = "xl/worksheets/sheet2.xml";

fn parts(xlsx: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut part = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            part.read_to_end(&mut bytes).unwrap();
            (part.name().to_string(), bytes)
        })
        .collect()
}

fn write_zip(path: &Path, parts: &[(String, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

fn edit_part(parts: &mut [(String, Vec<u8>)], name: &str, edit: impl FnOnce(&str) -> String) {
    let part = parts.iter_mut().find(|(n, _)| n == name).unwrap();
    part.1 = edit(std::str::from_utf8(&part.1).unwrap()).into_bytes();
}

/// The sheet with the empty cell `cell` (`<c r="F2" s="…"/>`) given a type and content.
fn answer(xml: &str, cell: &str, content: &str) -> String {
    let start = xml.find(&format!(r#"<c r="{cell}""#)).unwrap();
    let end = start + xml[start..].find("/>").unwrap();
    format!("{} {content}</c>{}", &xml[..end], &xml[end + 2..])
}

const SHARED_STRINGS: &str = "xl/sharedStrings.xml";

/// Where the number in `uniqueCount="…"` is in the shared strings.
fn unique_count(xml: &str) -> (usize, usize) {
    let start = xml.find(r#"uniqueCount=""#).unwrap() + r#"uniqueCount=""#.len();
    (start, start + xml[start..].find('"').unwrap())
}

/// Adds a string to the shared strings; its index.
fn add_shared_string(parts: &mut [(String, Vec<u8>)], text: &str) -> usize {
    let mut index = 0;
    edit_part(parts, SHARED_STRINGS, |xml| {
        let (start, end) = unique_count(xml);
        index = xml[start..end].parse().unwrap();
        let xml = format!("{}{}{}", &xml[..start], index + 1, &xml[end..]);
        xml.replace("</sst>", &format!("<si><t>{text}</t></si></sst>"))
    });
    index
}

/// Makes a ZIP declare `size` bytes for a part, in its local header and its central
/// directory entry, whatever it really expands to.
fn declare_size(zip: &mut [u8], part: &str, size: u32) {
    let name = part.as_bytes();
    let u16_at = |zip: &[u8], i: usize| usize::from(u16::from_le_bytes([zip[i], zip[i + 1]]));
    let mut patched = 0;
    for i in 0..zip.len().saturating_sub(46) {
        let (size_at, name_len_at, name_at) = match &zip[i..i + 4] {
            b"PK\x03\x04" => (i + 22, i + 26, i + 30),
            b"PK\x01\x02" => (i + 24, i + 28, i + 46),
            _ => continue,
        };
        let len = u16_at(zip, name_len_at);
        if zip.get(name_at..name_at + len) == Some(name) {
            zip[size_at..size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(
        patched, 2,
        "the local header and the central directory entry"
    );
}

/// Adds XML just before `</sheetData>`.
fn before_sheet_end(xml: &str, rows: &str) -> String {
    xml.replace("</sheetData>", &format!("{rows}</sheetData>"))
}

#[test]
fn the_edited_grid_scores() {
    let tender = Tender::new("hostile-grid-baseline");
    let grid = tender.xlsx_with("fair.xlsx", |_| {});
    let (code, err) = tender.score(&grid);
    assert_eq!(code, Some(0), "{err}");
}

/// One value at the last cell of a sheet made calamine build the sheet dense: 17 billion
/// cells, 512 GB, an abort.
#[test]
fn a_value_in_the_last_cell_of_the_sheet_is_refused_with_its_cell() {
    let tender = Tender::new("hostile-grid-far");
    let grid = tender.xlsx_with("far.xlsx", |parts| {
        edit_part(parts, REQUIREMENTS, |xml| {
            before_sheet_end(
                xml,
                r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#,
            )
        })
    });
    let (code, err) = tender.score(&grid);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{}!Exigences!XFD1048576: error: a value outside the grid: crmspec reads rows 1 to 1002 (the header, the questionnaire's 1 requirement and 1000 more) and columns A to Z",
            grid.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("hint: delete what lies below or right of the grid"),
        "{err}"
    );

    // Just right of the columns crmspec reads, and just below the rows.
    for (name, row) in [
        (
            "right.xlsx",
            r#"<row r="2"><c r="AA2" t="inlineStr"><is><t>x</t></is></c></row>"#,
        ),
        (
            "below.xlsx",
            r#"<row r="1003"><c r="A1003" t="inlineStr"><is><t>x</t></is></c></row>"#,
        ),
    ] {
        let grid = tender.xlsx_with(name, |parts| {
            edit_part(parts, REQUIREMENTS, |xml| before_sheet_end(xml, row))
        });
        let (code, err) = tender.score(&grid);
        assert_eq!(code, Some(2), "{err}");
        assert!(err.contains("error: a value outside the grid"), "{err}");
    }
    // Empty but formatted cells far away are what Excel writes for a formatted column: read
    // as nothing.
    let grid = tender.xlsx_with("formatted.xlsx", |parts| {
        edit_part(parts, REQUIREMENTS, |xml| {
            before_sheet_end(xml, r#"<row r="1048576"><c r="XFD1048576" s="1"/></row>"#)
        })
    });
    let (code, err) = tender.score(&grid);
    assert_eq!(code, Some(0), "{err}");
}

/// A part that expands beyond what a grid can hold is refused after 64 MiB, not read whole;
/// one that compresses like a ZIP bomb, and a declared count of shared strings calamine would
/// reserve room for, are refused too.
#[test]
fn zip_bombs_are_refused_before_calamine_reads_them() {
    let tender = Tender::new("hostile-grid-bomb");
    // 80 MiB of text in the vendor's comment cell, through the shared strings.
    let huge = tender.xlsx_with("huge.xlsx", |parts| {
        let comment = "ceci n'est pas un commentaire ".repeat(80 * 1024 * 1024 / 30);
        let index = add_shared_string(parts, &comment);
        edit_part(parts, REQUIREMENTS, |xml| {
            answer(xml, "G2", &format!(r#"t="s"><v>{index}</v>"#))
        });
    });
    assert!(std::fs::metadata(&huge).unwrap().len() < 2 * 1024 * 1024);
    let (code, err) = tender.score(&huge);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{}: error: the workbook's part `xl/sharedStrings.xml` expands to more than 64 MiB",
            huge.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("hint: this is not a grid a spreadsheet program saved"),
        "{err}"
    );

    // The same, with the ZIP declaring 1,000 bytes for the part: its size is measured.
    let liar = tender.dir.join("liar.xlsx");
    let mut bytes = std::fs::read(&huge).unwrap();
    declare_size(&mut bytes, SHARED_STRINGS, 1000);
    std::fs::write(&liar, bytes).unwrap();
    let (code, err) = tender.score(&liar);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("the workbook's part `xl/sharedStrings.xml` expands to more than 64 MiB"),
        "{err}"
    );

    // 4 MiB of spaces, compressed about a thousand times.
    let dense = tender.xlsx_with("dense.xlsx", |parts| {
        edit_part(parts, REQUIREMENTS, |xml| {
            before_sheet_end(xml, &" ".repeat(4 * 1024 * 1024))
        })
    });
    let (code, err) = tender.score(&dense);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "the workbook's part `{REQUIREMENTS}` expands from "
        )),
        "{err}"
    );
    assert!(err.contains("more than 100 times"), "{err}");

    // calamine reserves room for the declared count of shared strings before reading any.
    let count = tender.xlsx_with("count.xlsx", |parts| {
        edit_part(parts, SHARED_STRINGS, |xml| {
            let (start, end) = unique_count(xml);
            format!("{}4000000000000{}", &xml[..start], &xml[end..])
        })
    });
    let (code, err) = tender.score(&count);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("the workbook declares 4000000000000 shared strings, more than 1000000"),
        "{err}"
    );
}

/// A formula whose saved result is `ST` while the spreadsheet shows `NC` was scored `ST`.
#[test]
fn formulas_in_the_vendors_cells_are_refused_with_their_cell() {
    let tender = Tender::new("hostile-grid-formula");
    let grid = tender.xlsx_with("formula.xlsx", |parts| {
        edit_part(parts, REQUIREMENTS, |xml| {
            let xml = xml.replacen(
                r#" t="inlineStr"><is><t>ST</t></is></c>"#,
                r#" t="str"><f>"N"&amp;"C"</f><v>ST</v></c>"#,
                1,
            );
            // A shared formula with an absurd index and range, which calamine's formula
            // reader would expand.
            answer(
                &xml,
                "H2",
                r#"><f t="shared" si="4000000000" ref="A1:XFD1048576">1+1</f><v>2</v>"#,
            )
        })
    });
    let (code, err) = tender.score(&grid);
    assert_eq!(code, Some(2), "{err}");
    let file = grid.display();
    assert!(
        err.contains(&format!(
            r#"{file}!Exigences!F2: error: a formula (`="N"&"C"`) where crmspec reads a value"#
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{file}!Exigences!H2: error: a formula (`=1+1`) where crmspec reads a value"
        )),
        "{err}"
    );
    assert!(err.contains("hint: a formula's saved result may differ from what the spreadsheet shows: replace formulas by their values"), "{err}");
}

/// Values linked to another workbook change with it; they were read silently.
#[test]
fn external_links_are_refused() {
    let tender = Tender::new("hostile-grid-links");
    let part = tender.xlsx_with("part.xlsx", |parts| {
        parts.push((
            "xl/externalLinks/externalLink1.xml".into(),
            br#"<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook/></externalLink>"#.to_vec(),
        ));
    });
    let (code, err) = tender.score(&part);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{}: error: the workbook links to other files (xl/externalLinks/externalLink1.xml)",
            part.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("hint: its values could change with the linked file"),
        "{err}"
    );

    let reference = tender.xlsx_with("reference.xlsx", |parts| {
        edit_part(parts, "xl/workbook.xml", |xml| {
            xml.replace(
                "</sheets>",
                r#"</sheets><externalReferences><externalReference r:id="rId9"/></externalReferences>"#,
            )
        })
    });
    let (code, err) = tender.score(&reference);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(
            "the workbook links to other files (an external reference in `xl/workbook.xml`)"
        ),
        "{err}"
    );
}

/// The CSV grid obeys the same bounds: a value far right, a cell longer than a spreadsheet
/// cell can be.
#[test]
fn csv_grids_are_bounded_too() {
    let tender = Tender::new("hostile-grid-csv");
    let text = std::fs::read_to_string(&tender.csv).unwrap();
    let fill = |comment: &str, extra: &str| {
        let lines: Vec<String> = text
            .lines()
            .map(|l| match l.strip_suffix(";;;;") {
                Some(base) if l.starts_with("CON-01") => {
                    format!("{base};ST;{comment};;{extra}")
                }
                _ => l.to_string(),
            })
            .collect();
        lines.join("\r\n")
    };
    let wide = tender.dir.join("wide.csv");
    std::fs::write(&wide, fill("", &format!("{}x", ";".repeat(20)))).unwrap();
    let (code, err) = tender.score(&wide);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{}!AC2: error: a value outside the grid",
            wide.display()
        )),
        "{err}"
    );
    let long = tender.dir.join("long.csv");
    std::fs::write(&long, fill(&"a".repeat(40_000), "")).unwrap();
    let (code, err) = tender.score(&long);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{}!G2: error: the cell holds 40000 characters, more than the 32767 a spreadsheet cell can hold",
            long.display()
        )),
        "{err}"
    );
}

/// Text from a grid quoted in a message reached the terminal raw: `ESC ]0;…BEL` retitled it,
/// `ESC [2J` cleared it.
#[test]
fn control_characters_in_messages_are_shown_escaped() {
    let tender = Tender::new("hostile-grid-escapes");
    let text = std::fs::read_to_string(&tender.csv).unwrap();
    let hostile = "\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{9b}31m";
    let filled: Vec<String> = text
        .lines()
        .map(|l| match l.strip_suffix(";;;;") {
            Some(base) if l.starts_with("CON-01") => format!("{base};\"{hostile}\";;;"),
            _ => l.to_string(),
        })
        .collect();
    let grid = tender.dir.join("escapes.csv");
    std::fs::write(&grid, filled.join("\n")).unwrap();
    let (code, err) = tender.score(&grid);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        !err.chars().any(|c| c.is_control() && c != '\n'),
        "a control character reached the terminal: {err:?}"
    );
    assert!(
        err.contains(r"error: `\u{1b}]0;pwned\u{7}\u{1b}[2J\u{d}\u{9b}31m` is not a coverage level (`CON-01`)"),
        "{err}"
    );

    // From a questionnaire: the message quoting a value the loader refuses.
    let text = std::fs::read_to_string(&tender.questionnaire)
        .unwrap()
        .replace(
            "priority: must }",
            r#"priority: "\e]0;pwned\a\e[2J\u009b31m" }"#,
        );
    let questionnaire = tender.dir.join("escapes.yaml");
    std::fs::write(&questionnaire, text).unwrap();
    let output = crmspec(&["check", questionnaire.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        !err.chars().any(|c| c.is_control() && c != '\n'),
        "a control character reached the terminal: {err:?}"
    );
    assert!(
        err.contains(r"`\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m` is not an allowed value"),
        "{err}"
    );
    // JSON output stays JSON, the characters escaped as JSON escapes them.
    let output = crmspec(&["check", questionnaire.to_str().unwrap(), "--format", "json"]);
    let json = stdout(&output);
    assert!(
        !json.chars().any(|c| c.is_control() && c != '\n'),
        "{json:?}"
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(value.to_string().contains("\u{9b}31m"), "{value}");
}

#[test]
fn the_edited_opendocument_grid_scores() {
    let tender = Tender::new("hostile-ods-baseline");
    let grid = tender.ods_with("fair.ods", |_| {});
    let (code, err) = tender.score(&grid);
    assert_eq!(code, Some(0), "{err}");
}

/// An ODS repeats a cell as often as it says: one cell, a million rows down and 16,384 across,
/// is 17 billion cells for calamine, which reads every sheet when it opens the file. The
/// check counts as calamine counts, in every sheet, before it.
#[test]
fn repeated_cells_of_an_opendocument_grid_are_refused_before_calamine_expands_them() {
    let tender = Tender::new("hostile-ods-repeat");
    let bomb = r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
    // In the criteria sheet, which crmspec does not read, but calamine would expand.
    let grid = tender.ods_with("repeat.ods", |parts| {
        edit_part(parts, CONTENT, |xml| {
            let at = xml.rfind("</table:table>").unwrap();
            format!("{}{bomb}{}", &xml[..at], &xml[at..])
        })
    });
    assert!(std::fs::metadata(&grid).unwrap().len() < 100_000);
    let (code, err) = tender.score(&grid);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!("{}!Critères!AA", grid.display())),
        "the first cell right of column Z: {err}"
    );
    assert!(
        err.contains("error: a value outside the grid: crmspec reads rows 1 to 1002"),
        "{err}"
    );
    // Within the columns, far down: refused at the first row beyond the grid.
    let down = r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#;
    let grid = tender.ods_with("down.ods", |parts| {
        edit_part(parts, CONTENT, |xml| {
            let at = xml.rfind("</table:table>").unwrap();
            format!("{}{down}{}", &xml[..at], &xml[at..])
        })
    });
    let (code, err) = tender.score(&grid);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{}!Critères!A1003: error: a value outside the grid",
            grid.display()
        )),
        "{err}"
    );
}

#[test]
fn formulas_macros_links_and_bombs_in_an_opendocument_grid_are_refused() {
    let tender = Tender::new("hostile-ods");
    let file = |p: &Path| p.display().to_string();

    // A formula whose saved value is `ST` while LibreOffice shows `NC`.
    let formula = tender.ods_with("formula.ods", |parts| {
        edit_part(parts, CONTENT, |xml| {
            xml.replacen(
                r#"val1" office:value-type="string"><text:p>ST</text:p>"#,
                r#"val1" table:formula="of:=&quot;N&quot;&amp;&quot;C&quot;" office:value-type="string" office:string-value="ST"><text:p>ST</text:p>"#,
                1,
            )
        })
    });
    let (code, err) = tender.score(&formula);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            r#"{}!Exigences!F2: error: a formula (`="N"&"C"`) where crmspec reads a value"#,
            file(&formula)
        )),
        "{err}"
    );

    // Basic macros, and a script run when the file opens.
    let basic = tender.ods_with("basic.ods", |parts| {
        parts.push((
            "Basic/Standard/Module1.xml".into(),
            b"<script:module/>".to_vec(),
        ));
    });
    let (code, err) = tender.score(&basic);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{}: error: the spreadsheet holds macros or scripts (`Basic/Standard/Module1.xml`)",
            file(&basic)
        )),
        "{err}"
    );
    assert!(
        err.contains("hint: crmspec reads values and never runs code"),
        "{err}"
    );
    let listener = tender.ods_with("listener.ods", |parts| {
        edit_part(parts, CONTENT, |xml| {
            xml.replace(
                "<office:body>",
                r#"<office:scripts><office:event-listeners><script:event-listener xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" script:event-name="dom:load" script:language="ooo:script" xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document" xmlns:xlink="http://www.w3.org/1999/xlink"/></office:event-listeners></office:scripts><office:body>"#,
            )
        })
    });
    let (code, err) = tender.score(&listener);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("error: the spreadsheet holds macros or scripts (`office:event-listeners` in `content.xml`)"),
        "{err}"
    );

    // A sheet linked to another file: its values change with it.
    let linked = tender.ods_with("linked.ods", |parts| {
        edit_part(parts, CONTENT, |xml| {
            xml.replacen(
                "table:protected=\"true\">",
                r#"table:protected="true"><table:table-source xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="file:///srv/prix.ods" table:table-name="Feuille1"/>"#,
                1,
            )
        })
    });
    let (code, err) = tender.score(&linked);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{}: error: the spreadsheet takes values from another file or source (`table:table-source` in `content.xml`)",
            file(&linked)
        )),
        "{err}"
    );
    assert!(err.contains("Break Link"), "{err}");

    // 80 MiB of text in the comment cell, compressed to a few hundred kilobytes.
    let huge = tender.ods_with("huge.ods", |parts| {
        let comment = "ceci n'est pas un commentaire ".repeat(80 * 1024 * 1024 / 30);
        edit_part(parts, CONTENT, |xml| {
            xml.replacen(
                r#"<table:table-cell table:style-name="ceInput"/>"#,
                &format!(
                    r#"<table:table-cell table:style-name="ceInput" office:value-type="string"><text:p>{comment}</text:p></table:table-cell>"#
                ),
                1,
            )
        });
    });
    assert!(std::fs::metadata(&huge).unwrap().len() < 2 * 1024 * 1024);
    let (code, err) = tender.score(&huge);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("the workbook's part `content.xml` expands to more than 64 MiB"),
        "{err}"
    );

    // Not a spreadsheet at all.
    let garbage = tender.dir.join("garbage.ods");
    std::fs::write(&garbage, b"PK but not a zip").unwrap();
    let (code, err) = tender.score(&garbage);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{}: error: not a readable OpenDocument spreadsheet",
            file(&garbage)
        )),
        "{err}"
    );
    assert!(err.contains("hint: save the grid as .ods"), "{err}");
}
