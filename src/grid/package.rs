//! A vendor's XLSX or ODS, inspected before calamine reads any of it.
//!
//! Both are ZIPs of XML parts, and the vendor controls every byte of them. calamine trusts
//! what it is given: it decompresses a part whatever it expands to, reserves room up front
//! for as many shared strings as the file declares, and reads a formula's cached value as if
//! it were the cell's. So crmspec checks the package first, here (the one module that opens a
//! grid as ZIP and XML): each part's size, measured by decompressing it since the sizes a ZIP
//! declares can lie, and its compression ratio; the declared count of shared strings; no link
//! to another workbook; no formula in the sheets crmspec reads. What is inside the cells
//! (where they are, how long they are) is judged while reading them, in `read`.
//!
//! An ODS keeps every sheet in one part, `content.xml`, which calamine reads whole when it
//! opens the file, each sheet as a dense grid, repeating a cell as often as
//! `table:number-columns-repeated` and `table:number-rows-repeated` say: one 200-byte cell
//! repeated a million times down and 16,384 across would be 17 billion cells. So for an ODS
//! the check also walks `content.xml` as calamine will, counting rows and columns the same
//! way, and refuses the first value (in any sheet) outside the rows and columns `read`
//! accepts, before calamine sees it. It also refuses what an ODS may carry besides values:
//! macros and scripts (`Basic/`, `Scripts/` and `Dialogs/` parts, an `office:scripts` with
//! content, event listeners, `vnd.sun.star.script:` links), and values taken from elsewhere
//! (linked sheets and ranges, DDE, database sources, any `xlink:href` leaving the package but
//! a hyperlink in a cell's text, which LibreOffice makes of every address typed).

mod ods;

use super::read::{Bounds, Excess};
use crate::lang::messages::Message;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

const MIB: u64 = 1024 * 1024;
/// A grid crmspec writes has a dozen parts, a workbook resaved by Excel or LibreOffice a few
/// dozen; a thousand is not a grid.
pub const MAX_PARTS: usize = 1_000;
/// Per part, decompressed. The largest part of a 30,000-requirement grid (its requirements
/// sheet) takes 10 MB, its shared strings 5 MB: this leaves room for six times that.
pub const MAX_PART_BYTES: u64 = 64 * MIB;
/// All parts together, decompressed: bounds the time spent checking them.
pub const MAX_TOTAL_BYTES: u64 = 256 * MIB;
/// Spreadsheet XML compresses 10 to 20 times (a 30,000-requirement grid: its sheet 11 times,
/// its shared strings 22 times); a part expanding more than 100 times its compressed size is a
/// ZIP bomb, not a spreadsheet.
pub const MAX_RATIO: u64 = 100;
/// A part smaller than this may compress as it likes (a run of identical empty cells): it
/// cannot exhaust memory, and refusing it would only refuse odd but harmless files.
pub const RATIO_FLOOR: u64 = MIB;
/// calamine reserves room for the shared strings a workbook declares before reading one; a
/// grid of 30,000 requirements has about 120,000.
pub const MAX_SHARED_STRINGS: u64 = 1_000_000;
/// Formulas reported one by one in a sheet; the rest are counted.
const MAX_REPORTED: usize = 20;
/// Characters of a formula quoted in a message.
const QUOTED_CHARS: usize = 60;

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;
type Xml<'a, 'z> =
    quick_xml::Reader<BufReader<std::io::Take<zip::read::ZipFile<'z, Cursor<&'a [u8]>>>>>;

/// The packages crmspec reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    /// An OpenDocument spreadsheet.
    Ods,
}

/// Why a workbook is refused before any cell is read.
#[derive(Debug)]
pub enum Refusal {
    NotZip(zip::result::ZipError),
    /// A spreadsheet named `.ods` that is not one.
    NotOds(String),
    TooManyParts {
        count: usize,
    },
    BadPart {
        part: String,
        reason: String,
    },
    PartTooLarge {
        part: String,
    },
    Ratio {
        part: String,
        compressed: u64,
        size: u64,
    },
    TotalTooLarge,
    SharedStrings {
        count: String,
    },
    /// A part of links to other workbooks, or the workbook's own external reference.
    ExternalLinks {
        part: String,
        reference: bool,
    },
    Formula {
        sheet: String,
        cell: String,
        formula: String,
    },
    MoreFormulas {
        sheet: String,
        count: usize,
    },
    /// A value outside the rows and columns crmspec reads (an ODS's, found before calamine
    /// expands its repeated cells).
    Outside {
        sheet: String,
        cell: String,
        excess: Excess,
    },
    /// Macros or scripts in an ODS: a part of them, or an element of `part`.
    Macros {
        part: String,
        what: Option<String>,
    },
    /// Values an ODS takes from another file or source.
    Linked {
        part: String,
        what: String,
    },
}

impl Refusal {
    /// What is refused, in words.
    pub fn message(&self) -> Message {
        match self {
            Refusal::NotZip(e) => Message::new("grid.not_zip").plain("reason", e),
            Refusal::NotOds(reason) => Message::new("grid.not_ods").plain("reason", reason),
            Refusal::Outside { excess, .. } => excess.message(),
            Refusal::Macros { part, what: None } => {
                Message::new("grid.macro_part").code("part", part)
            }
            Refusal::Macros {
                part,
                what: Some(what),
            } => Message::new("grid.macros")
                .code("what", what)
                .code("part", part),
            Refusal::Linked { part, what } => Message::new("grid.linked")
                .code("what", what)
                .code("part", part),
            Refusal::TooManyParts { count } => Message::new("grid.too_many_parts")
                .plain("count", count)
                .plain("max", MAX_PARTS),
            Refusal::BadPart { part, reason } => Message::new("grid.bad_part")
                .code("part", part)
                .plain("reason", reason),
            Refusal::PartTooLarge { part } => Message::new("grid.part_too_large")
                .code("part", part)
                .plain("mib", MAX_PART_BYTES / MIB),
            Refusal::Ratio {
                part,
                compressed,
                size,
            } => Message::new("grid.ratio")
                .code("part", part)
                .plain("compressed", compressed)
                .plain("size", size)
                .plain("ratio", MAX_RATIO),
            Refusal::TotalTooLarge => {
                Message::new("grid.total_too_large").plain("mib", MAX_TOTAL_BYTES / MIB)
            }
            Refusal::SharedStrings { count } => Message::new("grid.shared_strings")
                .plain("count", count)
                .plain("max", MAX_SHARED_STRINGS),
            Refusal::ExternalLinks { part, reference } => {
                let what = if *reference {
                    Message::new("grid.external_reference").code("part", part)
                } else {
                    Message::verbatim(part.clone())
                };
                Message::new("grid.external_links").message("what", what)
            }
            Refusal::Formula { formula, .. } => {
                Message::new("grid.formula").code("formula", format!("={formula}"))
            }
            Refusal::MoreFormulas { count, .. } => {
                Message::new("grid.more_formulas").count("count", *count as u64)
            }
        }
    }

    /// What the user can do about it.
    pub fn hint(&self) -> Message {
        Message::new(match self {
            Refusal::Outside { excess, .. } => return excess.hint(),
            Refusal::NotZip(_) => "grid.not_zip_hint",
            Refusal::NotOds(_) => "grid.not_ods_hint",
            Refusal::Macros { .. } => "grid.macros_hint",
            Refusal::Linked { .. } => "grid.linked_hint",
            Refusal::TooManyParts { .. }
            | Refusal::BadPart { .. }
            | Refusal::PartTooLarge { .. }
            | Refusal::Ratio { .. }
            | Refusal::TotalTooLarge
            | Refusal::SharedStrings { .. } => "grid.not_a_spreadsheet_hint",
            Refusal::ExternalLinks { .. } => "grid.external_links_hint",
            Refusal::Formula { .. } | Refusal::MoreFormulas { .. } => "grid.formula_hint",
        })
    }

    /// A formula where crmspec reads a value, quoted short enough for a message.
    pub fn formula(found: &Formula) -> Refusal {
        let mut quoted: String = found.text.chars().take(QUOTED_CHARS).collect();
        // A shared formula's other cells hold no text of their own.
        if quoted.len() < found.text.len() || quoted.is_empty() {
            quoted.push('…');
        }
        Refusal::Formula {
            sheet: found.sheet.clone(),
            cell: found.cell.clone(),
            formula: quoted,
        }
    }

    /// The sheet, and the cell, the refusal is about; `None` for the whole workbook.
    pub fn place(&self) -> Option<(&str, Option<&str>)> {
        match self {
            Refusal::Formula { sheet, cell, .. } | Refusal::Outside { sheet, cell, .. } => {
                Some((sheet, Some(cell)))
            }
            Refusal::MoreFormulas { sheet, .. } => Some((sheet, None)),
            _ => None,
        }
    }
}

/// Checks a workbook's package: its parts, then the sheets `reads` names (the ones crmspec
/// will read) for formulas; for an ODS, every value against `bounds` too. Every formula found
/// is reported; other problems stop the check.
pub fn inspect(
    bytes: &[u8],
    kind: Kind,
    reads: impl Fn(&str) -> bool,
    bounds: impl Fn(&str) -> Bounds,
) -> Result<(), Vec<Refusal>> {
    let refusals = formula_refusals(formulas_in(bytes, kind, reads, bounds)?);
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(refusals)
    }
}

/// Each formula found, the first [`MAX_REPORTED`] of a sheet one by one and the rest counted.
pub fn formula_refusals(sheets: Vec<SheetFormulas>) -> Vec<Refusal> {
    let mut refusals = Vec::new();
    for sheet in sheets {
        let reported = sheet.found.len().min(MAX_REPORTED);
        refusals.extend(sheet.found.iter().take(reported).map(Refusal::formula));
        if sheet.count > reported {
            refusals.push(Refusal::MoreFormulas {
                sheet: sheet.sheet.clone(),
                count: sheet.count - reported,
            });
        }
    }
    refusals
}

/// A formula in a sheet crmspec reads, where the spreadsheet names its cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    pub sheet: String,
    /// `D14`.
    pub cell: String,
    /// The formula without its `=`, at most [`MAX_FORMULA_CHARS`] characters; empty for the
    /// other cells of a shared formula, which hold no text of their own.
    pub text: String,
}

/// The formulas of one sheet: the first [`MAX_KEPT`], and how many there are.
#[derive(Debug, Clone)]
pub struct SheetFormulas {
    pub sheet: String,
    pub found: Vec<Formula>,
    pub count: usize,
}

/// Formulas kept per sheet for their cells and texts: a sheet crmspec wrote has a few dozen;
/// beyond this they are only counted.
pub const MAX_KEPT: usize = 10_000;
/// Excel's own limit on a formula's length.
pub const MAX_FORMULA_CHARS: usize = 8_192;

/// Checks a workbook's package (its parts, sizes, shared strings and links; for an ODS, its
/// values' places, macros and links) and lists the formulas of the sheets `reads` names, for
/// a reader that knows where formulas belong (the price schedule's totals). An ODS formula is
/// given without its `of:=`.
pub fn formulas_in(
    bytes: &[u8],
    kind: Kind,
    reads: impl Fn(&str) -> bool,
    bounds: impl Fn(&str) -> Bounds,
) -> Result<Vec<SheetFormulas>, Vec<Refusal>> {
    let one = |r: Refusal| vec![r];
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        one(match kind {
            Kind::Xlsx => Refusal::NotZip(e),
            Kind::Ods => Refusal::NotOds(e.to_string()),
        })
    })?;
    sizes(&mut zip).map_err(one)?;
    if kind == Kind::Ods {
        return ods::inspect(&mut zip, &reads, &bounds).map_err(one);
    }
    shared_strings(&mut zip).map_err(one)?;
    let mut sheets = Vec::new();
    for (name, path) in self::sheets(&mut zip).map_err(one)? {
        if reads(&name) {
            let (found, count) = formulas(&mut zip, &name, &path).map_err(one)?;
            if count > 0 {
                sheets.push(SheetFormulas {
                    sheet: name,
                    found,
                    count,
                });
            }
        }
    }
    Ok(sheets)
}

/// The names of a workbook's sheets, once its parts are measured: how `crmspec score` tells
/// a price schedule from a grid. `None` when it is not a workbook crmspec would read (its
/// reader then says why).
pub fn sheet_names(bytes: &[u8], kind: Kind) -> Option<Vec<String>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    sizes(&mut zip).ok()?;
    match kind {
        Kind::Xlsx => Some(
            sheets(&mut zip)
                .ok()?
                .into_iter()
                .map(|(name, _)| name)
                .collect(),
        ),
        Kind::Ods => ods::sheet_names(&mut zip).ok(),
    }
}

fn sizes(zip: &mut Archive) -> Result<(), Refusal> {
    if zip.len() > MAX_PARTS {
        return Err(Refusal::TooManyParts { count: zip.len() });
    }
    let mut total: u64 = 0;
    for index in 0..zip.len() {
        let name = zip.name_for_index(index).unwrap_or_default().to_string();
        if is_external_link(&name) {
            return Err(Refusal::ExternalLinks {
                part: name,
                reference: false,
            });
        }
        let part = zip.by_index(index).map_err(|e| unreadable(&name, e))?;
        let compressed = part.compressed_size();
        let declared = part.size();
        let size = if declared > MAX_PART_BYTES {
            declared
        } else {
            std::io::copy(&mut part.take(MAX_PART_BYTES + 1), &mut std::io::sink())
                .map_err(|e| unreadable(&name, e))?
        };
        if size > MAX_PART_BYTES {
            return Err(Refusal::PartTooLarge { part: name });
        }
        if size > RATIO_FLOOR && size / compressed.max(1) > MAX_RATIO {
            return Err(Refusal::Ratio {
                part: name,
                compressed,
                size,
            });
        }
        total = total.saturating_add(size);
        if total > MAX_TOTAL_BYTES {
            return Err(Refusal::TotalTooLarge);
        }
    }
    Ok(())
}

/// Links to other workbooks, and connections to outside data: values that come from
/// elsewhere.
fn is_external_link(part: &str) -> bool {
    let part = normal(part);
    part.starts_with("xl/externallinks/") || part == "xl/connections.xml"
}

/// A part's name as calamine looks it up: case ignored, `\` read as `/`.
fn normal(part: &str) -> String {
    part.replace('\\', "/").to_ascii_lowercase()
}

/// Every part whose name is `path` as calamine looks it up (case ignored): a hostile file may
/// hold several, and calamine reads one of them.
fn parts(zip: &Archive, path: &str) -> Vec<usize> {
    let wanted = normal(path);
    (0..zip.len())
        .filter(|&i| zip.name_for_index(i).is_some_and(|n| normal(n) == wanted))
        .collect()
}

/// An XML reader over a part, configured as calamine configures its own.
fn xml<'a, 'z>(zip: &'z mut Archive<'a>, index: usize) -> Result<Xml<'a, 'z>, Refusal> {
    let name = zip.name_for_index(index).unwrap_or_default().to_string();
    let part = zip.by_index(index).map_err(|e| unreadable(&name, e))?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(part.take(MAX_PART_BYTES)));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.expand_empty_elements = true;
    Ok(reader)
}

fn unreadable(part: &str, e: impl std::fmt::Display) -> Refusal {
    Refusal::BadPart {
        part: part.to_string(),
        reason: e.to_string(),
    }
}

/// The value of the attribute named exactly `name` (calamine compares whole names).
fn attribute(e: &BytesStart, name: &[u8]) -> Option<Vec<u8>> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.into_owned())
}

/// The shared strings' declared count, which calamine reserves room for.
fn shared_strings(zip: &mut Archive) -> Result<(), Refusal> {
    const PART: &str = "xl/sharedStrings.xml";
    for index in parts(zip, PART) {
        let mut reader = xml(zip, index)?;
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e)) if e.local_name().as_ref() == b"sst" => {
                    let count = attribute(&e, b"uniqueCount").unwrap_or_default();
                    let digits = count.strip_prefix(b"+").unwrap_or(&count);
                    let excessive = !digits.is_empty()
                        && digits.iter().all(u8::is_ascii_digit)
                        && std::str::from_utf8(digits)
                            .ok()
                            .and_then(|d| d.parse::<u64>().ok())
                            .is_none_or(|n| n > MAX_SHARED_STRINGS);
                    if excessive {
                        return Err(Refusal::SharedStrings {
                            count: String::from_utf8_lossy(&count).into_owned(),
                        });
                    }
                    break;
                }
                Ok(Event::Eof) => break,
                Err(e) => return Err(unreadable(PART, e)),
                _ => {}
            }
            buf.clear();
        }
    }
    Ok(())
}

/// The workbook's sheets, by name, with the part each is read from (found as calamine finds
/// it: the sheet's relationship ID, then that relationship's target). A link to another
/// workbook declared in the workbook is refused here.
fn sheets(zip: &mut Archive) -> Result<Vec<(String, String)>, Refusal> {
    const RELS: &str = "xl/_rels/workbook.xml.rels";
    const WORKBOOK: &str = "xl/workbook.xml";
    let mut targets: HashMap<Vec<u8>, String> = HashMap::new();
    for index in parts(zip, RELS) {
        let mut reader = xml(zip, index)?;
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e)) if e.local_name().as_ref() == b"Relationship" => {
                    let id = attribute(&e, b"Id").unwrap_or_default();
                    let target = attribute(&e, b"Target").unwrap_or_default();
                    targets.insert(id, String::from_utf8_lossy(&target).into_owned());
                }
                Ok(Event::End(e)) if e.local_name().as_ref() == b"Relationships" => break,
                Ok(Event::Eof) => break,
                Err(e) => return Err(unreadable(RELS, e)),
                _ => {}
            }
            buf.clear();
        }
    }
    let mut sheets = Vec::new();
    for index in parts(zip, WORKBOOK) {
        let mut reader = xml(zip, index)?;
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e)) if e.local_name().as_ref() == b"externalReference" => {
                    return Err(Refusal::ExternalLinks {
                        part: WORKBOOK.to_string(),
                        reference: true,
                    });
                }
                Ok(Event::Start(e)) if e.local_name().as_ref() == b"sheet" => {
                    let mut name = String::new();
                    let mut path = None;
                    for a in e.attributes().flatten() {
                        if a.key.as_ref() == b"name" {
                            name = a
                                .decode_and_unescape_value(reader.decoder())
                                .map_err(|e| unreadable(WORKBOOK, e))?
                                .into_owned();
                        } else if a.key.local_name().as_ref() == b"id" {
                            path = targets.get(a.value.as_ref()).map(|t| sheet_path(t));
                        }
                    }
                    sheets.extend(path.map(|p| (name, p)));
                }
                Ok(Event::Eof) => break,
                Err(e) => return Err(unreadable(WORKBOOK, e)),
                _ => {}
            }
            buf.clear();
        }
    }
    Ok(sheets)
}

/// A relationship's target as calamine turns it into a part's name.
fn sheet_path(target: &str) -> String {
    if let Some(rest) = target.strip_prefix('/') {
        rest.to_string()
    } else if target.starts_with("xl/") {
        target.to_string()
    } else {
        format!("xl/{target}")
    }
}

/// Every cell of a sheet that holds a formula (`<c><f>…</f></c>`), named as the spreadsheet
/// names it: the first [`MAX_KEPT`] with their text, and the count of all.
fn formulas(zip: &mut Archive, sheet: &str, path: &str) -> Result<(Vec<Formula>, usize), Refusal> {
    let mut found = Vec::new();
    let mut count = 0usize;
    for index in parts(zip, path) {
        let mut reader = xml(zip, index)?;
        let mut buf = Vec::new();
        // Where the next cell is when it does not say (`<c>` without `r`), as calamine counts.
        let (mut row, mut column) = (0u32, 0u32);
        let mut cell: Option<String> = None;
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e)) => match e.local_name().as_ref() {
                    b"row" => {
                        if let Some(r) = attribute(&e, b"r").and_then(|r| number(&r)) {
                            row = r.saturating_sub(1);
                        }
                    }
                    b"c" => {
                        if let Some((r, c)) =
                            attribute(&e, b"r").and_then(|r| super::read::parse_cell_name(&r))
                        {
                            (row, column) = (r, c);
                        }
                        cell = Some(super::read::cell_name(row, column));
                    }
                    b"f" => {
                        if let Some(name) = cell.take() {
                            count = count.saturating_add(1);
                            let text = formula_text(&mut reader, path)?;
                            if found.len() < MAX_KEPT {
                                found.push(Formula {
                                    sheet: sheet.to_string(),
                                    cell: name,
                                    text,
                                });
                            }
                        }
                    }
                    _ => {}
                },
                Ok(Event::End(e)) => match e.local_name().as_ref() {
                    b"row" => {
                        row = row.saturating_add(1);
                        column = 0;
                    }
                    b"c" => {
                        cell = None;
                        column = column.saturating_add(1);
                    }
                    _ => {}
                },
                Ok(Event::Eof) => break,
                Err(e) => return Err(unreadable(path, e)),
                _ => {}
            }
            buf.clear();
        }
    }
    Ok((found, count))
}

/// The formula's text, up to the end of `<f>`, at most [`MAX_FORMULA_CHARS`] characters.
fn formula_text(reader: &mut Xml, path: &str) -> Result<String, Refusal> {
    let mut text = String::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Text(t)) => text.push_str(&t.decode().map_err(|e| unreadable(path, e))?),
            Ok(Event::GeneralRef(r)) => {
                let name = r.decode().map_err(|e| unreadable(path, e))?;
                match r.resolve_char_ref() {
                    Ok(Some(c)) => text.push(c),
                    _ => text.push_str(
                        quick_xml::escape::resolve_predefined_entity(&name).unwrap_or("?"),
                    ),
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == b"f" => break,
            Ok(Event::Eof) => break,
            Err(e) => return Err(unreadable(path, e)),
            _ => {}
        }
        if text.len() > MAX_FORMULA_CHARS * 4 {
            // More than any spreadsheet writes; the rest is skipped by the caller's loop.
            break;
        }
        buf.clear();
    }
    if text.chars().count() > MAX_FORMULA_CHARS {
        text = text.chars().take(MAX_FORMULA_CHARS).collect();
    }
    Ok(text)
}

/// A row number as the XML writes it (`14`).
fn number(text: &[u8]) -> Option<u32> {
    std::str::from_utf8(text).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_targets_resolve_as_calamine_resolves_them() {
        assert_eq!(
            sheet_path("worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            sheet_path("/xl/worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            sheet_path("xl/worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
    }

    #[test]
    fn external_parts_are_recognised_whatever_their_case() {
        assert!(is_external_link("xl/externalLinks/externalLink1.xml"));
        assert!(is_external_link("XL\\EXTERNALLINKS\\externalLink1.xml"));
        assert!(is_external_link("xl/connections.xml"));
        assert!(!is_external_link("xl/worksheets/sheet1.xml"));
    }

    fn xlsx(bytes: &[u8], reads: impl Fn(&str) -> bool) -> Result<(), Vec<Refusal>> {
        inspect(bytes, Kind::Xlsx, reads, |_| Bounds::schedule(10))
    }

    /// A workbook of the given parts, deflated.
    fn workbook(parts: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    const WORKBOOK: &str = r#"<workbook xmlns:r="r"><sheets><sheet name="Exigences" sheetId="1" r:id="rId1"/><sheet name="Notes" sheetId="2" r:id="rId2"/></sheets></workbook>"#;
    const RELS: &str = r#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml"/></Relationships>"#;

    #[test]
    fn formulas_are_found_in_the_sheets_read_with_their_cells() {
        // Cells without `r` are placed as calamine places them: after the previous one.
        let sheet = r#"<worksheet><sheetData><row r="3"><c r="B3"><v>1</v></c><c><f>A1&amp;"x"</f><v>1</v></c></row><row><c/><c><f t="shared" si="0"/><v>2</v></c></row></sheetData></worksheet>"#;
        let bytes = workbook(&[
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", RELS),
            ("xl/worksheets/sheet1.xml", sheet),
            ("XL/Worksheets/Sheet2.xml", sheet),
        ]);
        let refused = xlsx(&bytes, |name| name == "Exigences").unwrap_err();
        let found: Vec<String> = refused
            .iter()
            .map(|r| {
                let text = r.message().terminal(crate::lang::Language::En);
                format!("{:?} {text}", r.place())
            })
            .collect();
        assert_eq!(
            found,
            [
                r#"Some(("Exigences", Some("C3"))) a formula (`=A1&"x"`) where crmspec reads a value"#,
                r#"Some(("Exigences", Some("B4"))) a formula (`=…`) where crmspec reads a value"#,
            ]
        );
        // The other sheet is not read: its formulas do not matter; its part is found whatever
        // its case.
        assert!(xlsx(&bytes, |name| name == "Other").is_ok());
        assert_eq!(xlsx(&bytes, |name| name == "Notes").unwrap_err().len(), 2);
    }

    #[test]
    fn not_a_zip_is_refused() {
        let refused = xlsx(b"not a zip", |_| true).unwrap_err();
        assert!(matches!(refused.as_slice(), [Refusal::NotZip(_)]));
    }
}
