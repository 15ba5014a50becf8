//! An ODS package's own checks (see the parent module): its parts for macros, its XML for
//! scripts and links, and `content.xml`'s cells where calamine will put them.

use super::{
    normal, parts, unreadable, xml, Archive, Bounds, Formula, Refusal, SheetFormulas,
    MAX_FORMULA_CHARS, MAX_KEPT,
};
use crate::grid::read::{cell_name, MAX_COLUMNS};
use quick_xml::events::{BytesStart, Event};

const CONTENT: &str = "content.xml";
/// Where LibreOffice keeps Basic macros, scripts in other languages, and Basic dialogs.
const MACRO_FOLDERS: [&str; 3] = ["basic/", "scripts/", "dialogs/"];
/// Elements that fill cells from another file or source: a linked sheet or range, DDE, a
/// database query.
const SOURCES: [&str; 8] = [
    "table-source",
    "cell-range-source",
    "dde-source",
    "dde-link",
    "dde-links",
    "database-source-sql",
    "database-source-table",
    "database-source-query",
];

/// The whole check of an opened ODS (its sizes are measured already).
pub(super) fn inspect(
    zip: &mut Archive,
    reads: &dyn Fn(&str) -> bool,
    bounds: &dyn Fn(&str) -> Bounds,
) -> Result<Vec<SheetFormulas>, Refusal> {
    for index in 0..zip.len() {
        let name = zip.name_for_index(index).unwrap_or_default().to_string();
        if MACRO_FOLDERS.iter().any(|f| normal(&name).starts_with(f)) {
            return Err(Refusal::Macros {
                part: name,
                what: None,
            });
        }
    }
    let mut sheets = Vec::new();
    for index in parts(zip, "styles.xml") {
        walk(zip, index, "styles.xml", &mut |_| Ok(()))?;
    }
    let found = parts(zip, CONTENT);
    if found.is_empty() {
        return Err(Refusal::NotOds(format!("no {CONTENT}")));
    }
    for index in found {
        let mut cells = Cells::new(reads, bounds);
        walk(zip, index, CONTENT, &mut |event| cells.event(event))?;
        sheets.extend(cells.done());
    }
    Ok(sheets)
}

/// The sheets' names, in order, as calamine lists them.
pub(super) fn sheet_names(zip: &mut Archive) -> Result<Vec<String>, Refusal> {
    let mut names = Vec::new();
    for index in parts(zip, CONTENT) {
        let mut depth = Depth::default();
        walk(zip, index, CONTENT, &mut |event| {
            if let Seen::Start(e, _) = event {
                if depth.enter(e) == Some(Place::Table) {
                    names.push(text_attribute(e, b"name").unwrap_or_default());
                }
            } else if let Seen::End(name) = event {
                depth.leave(name);
            }
            Ok(())
        })?;
    }
    Ok(names)
}

/// What the walk shows the checks: an element opened (with its formula text when it is a
/// cell holding one) or closed.
enum Seen<'e> {
    Start(&'e BytesStart<'e>, Option<String>),
    End(&'e [u8]),
}

/// Reads one part to its end, refusing scripts and links on the way, and shows every element
/// to `check`.
fn walk(
    zip: &mut Archive,
    index: usize,
    part: &str,
    check: &mut dyn FnMut(&Seen) -> Result<(), Refusal>,
) -> Result<(), Refusal> {
    let mut reader = xml(zip, index)?;
    let mut buf = Vec::new();
    // Inside `office:scripts`: any element there is a script.
    let mut scripts = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let local = e.local_name();
                let local = local.as_ref();
                let qualified = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if scripts > 0 || local == b"event-listener" {
                    return Err(Refusal::Macros {
                        part: part.to_string(),
                        what: Some(qualified),
                    });
                }
                if local == b"scripts" {
                    scripts = 1;
                }
                if SOURCES.iter().any(|s| s.as_bytes() == local) {
                    return Err(Refusal::Linked {
                        part: part.to_string(),
                        what: qualified,
                    });
                }
                let mut formula = None;
                for a in e.attributes().flatten() {
                    let name = a.key.local_name();
                    if name.as_ref() == b"href" {
                        let target = a
                            .decode_and_unescape_value(reader.decoder())
                            .map_err(|err| unreadable(part, err))?;
                        link(&target, local, part, &qualified)?;
                    } else if name.as_ref() == b"formula" && is_cell(local) {
                        let text = a
                            .decode_and_unescape_value(reader.decoder())
                            .map_err(|err| unreadable(part, err))?;
                        formula = Some(formula_text(&text));
                    }
                }
                check(&Seen::Start(&e, formula))?;
            }
            Ok(Event::End(e)) => {
                let local = e.local_name();
                if local.as_ref() == b"scripts" {
                    scripts = 0;
                }
                check(&Seen::End(local.as_ref()))?;
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(unreadable(part, e)),
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// A link is allowed inside the package (a picture), and as a hyperlink in text; a macro's
/// address never.
fn link(target: &str, element: &[u8], part: &str, qualified: &str) -> Result<(), Refusal> {
    let lower = target.trim().to_ascii_lowercase();
    if lower.starts_with("vnd.sun.star.script:") || lower.starts_with("macro:") {
        return Err(Refusal::Macros {
            part: part.to_string(),
            what: Some(format!("{qualified} → {target}")),
        });
    }
    let inside = !lower.contains(':') && !lower.starts_with('/') && !lower.contains("..");
    if element == b"a" || inside {
        return Ok(());
    }
    Err(Refusal::Linked {
        part: part.to_string(),
        what: format!("{qualified} → {target}"),
    })
}

fn is_cell(local: &[u8]) -> bool {
    local == b"table-cell" || local == b"covered-table-cell"
}

/// `of:=SUM([.B4:.B7])` → `SUM([.B4:.B7])`, at most [`MAX_FORMULA_CHARS`] characters.
fn formula_text(raw: &str) -> String {
    let body = raw.strip_prefix("of:").unwrap_or(raw);
    let body = body.strip_prefix('=').unwrap_or(body);
    body.chars().take(MAX_FORMULA_CHARS).collect()
}

fn text_attribute(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

/// A repeat count as calamine parses it; a count it cannot parse makes calamine fail, so it
/// counts as one here.
fn repeat(e: &BytesStart, local: &[u8]) -> u64 {
    text_attribute(e, local)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(1)
}

/// Where the walk is: a table's rows and cells are counted only at their own level (a cell's
/// text may hold anything, which calamine skips).
#[derive(Default)]
struct Depth {
    /// Open elements inside the current cell (0: not in a cell).
    in_cell: usize,
    /// Open tables (a table inside a table's cell is text, skipped with it).
    tables: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Table,
    Row,
    Cell,
}

impl Depth {
    /// An element opened: what it starts, when it is one of a table's own.
    fn enter(&mut self, e: &BytesStart) -> Option<Place> {
        if self.in_cell > 0 {
            self.in_cell += 1;
            return None;
        }
        let local = e.local_name();
        match local.as_ref() {
            b"table" if self.tables == 0 => {
                self.tables = 1;
                Some(Place::Table)
            }
            b"table-row" if self.tables > 0 => Some(Place::Row),
            l if self.tables > 0 && is_cell(l) => {
                self.in_cell = 1;
                Some(Place::Cell)
            }
            _ => None,
        }
    }

    /// An element closed: what it ends.
    fn leave(&mut self, local: &[u8]) -> Option<Place> {
        if self.in_cell > 0 {
            self.in_cell -= 1;
            return (self.in_cell == 0).then_some(Place::Cell);
        }
        match local {
            b"table" if self.tables > 0 => {
                self.tables = 0;
                Some(Place::Table)
            }
            b"table-row" if self.tables > 0 => Some(Place::Row),
            _ => None,
        }
    }
}

/// The cells of `content.xml`, counted as calamine counts them: a row or cell stands for as
/// many as it repeats; a cell holds a value when it has a value type, a value or a formula.
struct Cells<'a> {
    reads: &'a dyn Fn(&str) -> bool,
    bounds: &'a dyn Fn(&str) -> Bounds,
    depth: Depth,
    sheet: String,
    read: bool,
    limit: Bounds,
    row: u64,
    row_repeat: u64,
    column: u64,
    found: Vec<SheetFormulas>,
}

impl<'a> Cells<'a> {
    fn new(reads: &'a dyn Fn(&str) -> bool, bounds: &'a dyn Fn(&str) -> Bounds) -> Cells<'a> {
        Cells {
            reads,
            bounds,
            depth: Depth::default(),
            sheet: String::new(),
            read: false,
            limit: Bounds::schedule(0),
            row: 0,
            row_repeat: 1,
            column: 0,
            found: Vec::new(),
        }
    }

    fn event(&mut self, seen: &Seen) -> Result<(), Refusal> {
        match seen {
            Seen::Start(e, formula) => match self.depth.enter(e) {
                Some(Place::Table) => {
                    self.sheet = text_attribute(e, b"name").unwrap_or_default();
                    self.read = (self.reads)(&self.sheet);
                    self.limit = (self.bounds)(&self.sheet);
                    self.row = 0;
                }
                Some(Place::Row) => {
                    self.row_repeat = repeat(e, b"number-rows-repeated");
                    self.column = 0;
                }
                Some(Place::Cell) => self.cell(e, formula.as_deref())?,
                None => {}
            },
            Seen::End(local) => {
                if self.depth.leave(local) == Some(Place::Row) {
                    self.row = self.row.saturating_add(self.row_repeat);
                }
            }
        }
        Ok(())
    }

    fn cell(&mut self, e: &BytesStart, formula: Option<&str>) -> Result<(), Refusal> {
        let repeat = repeat(e, b"number-columns-repeated");
        let (row, column) = (self.row, self.column);
        self.column = column.saturating_add(repeat);
        let valued = formula.is_some()
            || e.attributes().flatten().any(|a| {
                let name = a.key.local_name();
                let name = name.as_ref();
                name == b"value-type" || name.ends_with(b"value")
            });
        if !valued {
            return Ok(());
        }
        let rows = self.limit.rows() as u64;
        let columns = MAX_COLUMNS as u64;
        let outside = if column.saturating_add(repeat) > columns {
            Some((row, column.max(columns)))
        } else if row.saturating_add(self.row_repeat) > rows {
            Some((row.max(rows), column))
        } else {
            None
        };
        if let Some((r, c)) = outside {
            let at = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
            return Err(Refusal::Outside {
                sheet: self.sheet.clone(),
                cell: cell_name(at(r), at(c)),
                excess: self.limit.outside(),
            });
        }
        if let (Some(text), true) = (formula, self.read) {
            let sheet = match self.found.last_mut() {
                Some(s) if s.sheet == self.sheet => s,
                _ => {
                    self.found.push(SheetFormulas {
                        sheet: self.sheet.clone(),
                        found: Vec::new(),
                        count: 0,
                    });
                    self.found.last_mut().expect("just pushed")
                }
            };
            // Within the bounds, so at most a few hundred thousand cells.
            for r in row..row + self.row_repeat {
                for c in column..column + repeat {
                    sheet.count = sheet.count.saturating_add(1);
                    if sheet.found.len() < MAX_KEPT {
                        sheet.found.push(Formula {
                            sheet: self.sheet.clone(),
                            cell: cell_name(r as u32, c as u32),
                            text: text.to_string(),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    fn done(self) -> Vec<SheetFormulas> {
        self.found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_inside_the_package_and_hyperlinks_are_allowed() {
        assert!(link("Pictures/a.png", b"image", "content.xml", "draw:image").is_ok());
        assert!(link("https://vendor.example", b"a", "content.xml", "text:a").is_ok());
        assert!(matches!(
            link(
                "file:///etc/prices.ods",
                b"table-source",
                "content.xml",
                "x"
            ),
            Err(Refusal::Linked { .. })
        ));
        assert!(matches!(
            link("../other.ods", b"image", "content.xml", "x"),
            Err(Refusal::Linked { .. })
        ));
        assert!(matches!(
            link(
                "vnd.sun.star.script:Standard.Module1.Main?language=Basic",
                b"a",
                "content.xml",
                "text:a"
            ),
            Err(Refusal::Macros { .. })
        ));
    }

    #[test]
    fn formulas_lose_their_namespace() {
        assert_eq!(formula_text("of:=SUM([.B4:.B7])"), "SUM([.B4:.B7])");
        assert_eq!(formula_text("=A1"), "A1");
    }
}
