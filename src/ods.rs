//! OpenDocument spreadsheets (ODS), written: the response grid and the price schedule for
//! buyers and vendors who work in LibreOffice, and for French public buyers, whom the RGI tells
//! to publish OpenDocument files.
//!
//! Written by hand, as the ODF text writer is. The one maintained crate, `spreadsheet-ods`
//! (1.0.4), was tried: it has validations, print ranges, header rows and cell protection, but
//! no way to protect a sheet (`table:protected`), and its output is not reproducible — it
//! keeps styles, validations and the manifest in `std` hash maps, so `content.xml`,
//! `styles.xml` and `META-INF/manifest.xml` came out in another order on each of three runs of
//! the same program, and it dates every ZIP entry by the clock. Making it byte-stable would
//! have meant parsing and rewriting every part it writes, behind 37 more crates (a third
//! version of `zip` among them). The format itself is plain XML in a ZIP.
//!
//! A [`Book`] says what each cell holds and how it looks, with the grid's fixed set of
//! [`Style`]s; [`write`] makes the package: `mimetype` first and stored, every part listed in
//! the manifest, ODF 1.3, every sheet protected without a password (the buyer's cells
//! locked, the vendor's cells not), content validations (dropdowns, numbers, dates) with
//! their help and error messages, a frozen header, the header row repeated on every printed
//! page, A4 pages fitted to the width. Same input, same bytes: fixed ZIP dates, styles named
//! and written in a fixed order.

use crate::model::{Date, Language};
use crate::xml::{escape, odf_text};
use std::collections::BTreeMap;
use std::fmt::Write as _;

const MIME: &str = "application/vnd.oasis.opendocument.spreadsheet";
const NAMESPACES: &str = concat!(
    r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
    r#"xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" "#,
    r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" "#,
    r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
    r#"xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" "#,
    r#"xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" "#,
    r#"xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" "#,
    r#"xmlns:dc="http://purl.org/dc/elements/1.1/" "#,
    r#"xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" "#,
    r#"xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" "#,
    r#"xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" "#,
    r#"office:version="1.3""#
);
/// The XLSX's font (LibreOffice shows it with Carlito, its metric twin), so that text fits
/// the rows sized for it.
const FONTS: &str = "<office:font-face-decls><style:font-face style:name=\"Calibri\" \
                     svg:font-family=\"Calibri\" style:font-family-generic=\"swiss\"/>\
                     </office:font-face-decls>";
/// A spreadsheet's default row: one line of 11-point text.
const LINE_CM: f64 = 0.529;

/// A workbook: its properties and its sheets, in order.
pub(crate) struct Book {
    pub title: String,
    pub author: String,
    pub date: Date,
    pub lang: Language,
    pub sheets: Vec<Sheet>,
    /// The sheet shown when the file opens.
    pub active: usize,
    pub validations: Vec<Validation>,
}

/// A sheet: its columns' widths (in the XLSX's character units, so both files look alike),
/// rows' heights in lines, and cells.
#[derive(Default)]
pub(crate) struct Sheet {
    pub name: String,
    pub widths: Vec<f64>,
    pub lines: BTreeMap<u32, f64>,
    pub cells: BTreeMap<(u32, u16), Cell>,
    /// The header row: repeated on every printed page, and frozen with the first column.
    pub header: Option<u32>,
    pub landscape: bool,
}

impl Sheet {
    pub(crate) fn new(name: impl Into<String>) -> Sheet {
        Sheet {
            name: name.into(),
            ..Sheet::default()
        }
    }

    pub(crate) fn put(&mut self, row: u32, col: u16, value: Value, style: Style) {
        self.cells.insert(
            (row, col),
            Cell {
                value,
                style,
                validation: None,
            },
        );
    }

    pub(crate) fn text(&mut self, row: u32, col: u16, text: impl Into<String>, style: Style) {
        self.put(row, col, Value::Text(text.into()), style);
    }

    /// A vendor's empty cell, checked by the book's `validation`-th rule when it has one.
    pub(crate) fn input(&mut self, row: u32, col: u16, style: Style, validation: Option<usize>) {
        self.cells.insert(
            (row, col),
            Cell {
                value: Value::Empty,
                style,
                validation,
            },
        );
    }

    /// The row is as tall as its longest cell needs (see `grid::xlsx::lines`).
    pub(crate) fn fit(&mut self, row: u32, lines: f64) {
        if lines > 1.0 {
            let old = self.lines.entry(row).or_insert(1.0);
            *old = old.max(lines);
        }
    }
}

pub(crate) struct Cell {
    pub value: Value,
    pub style: Style,
    pub validation: Option<usize>,
}

pub(crate) enum Value {
    Empty,
    Text(String),
    Number(f64),
    /// A formula in the XLSX's syntax (`SUM(B4:B7)`, `'Licences'!D8`), written as OpenFormula,
    /// with the result it has in the empty file.
    Formula(String, f64),
}

/// The looks of the grid's and the schedule's cells (`grid::xlsx::Formats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Style {
    Title,
    Heading,
    Label,
    Text,
    Header,
    Locked,
    Input,
    Money,
    Date,
    Count,
    Formula,
    Total,
    CountTotal,
    TotalLabel,
}

impl Style {
    const ALL: [Style; 14] = [
        Style::Title,
        Style::Heading,
        Style::Label,
        Style::Text,
        Style::Header,
        Style::Locked,
        Style::Input,
        Style::Money,
        Style::Date,
        Style::Count,
        Style::Formula,
        Style::Total,
        Style::CountTotal,
        Style::TotalLabel,
    ];

    fn name(self) -> String {
        format!("ce{:?}", self)
    }

    /// The cell's properties, paragraph alignment aside: fill, border, wrapping, protection.
    fn cell_properties(self) -> String {
        use crate::grid::xlsx::{HEADER_FILL, INPUT_FILL, LOCKED_FILL, TOTAL_FILL};
        let fill = match self {
            Style::Header => Some(HEADER_FILL),
            Style::Locked | Style::Count | Style::Formula => Some(LOCKED_FILL),
            Style::Input | Style::Money | Style::Date => Some(INPUT_FILL),
            Style::Total | Style::CountTotal | Style::TotalLabel => Some(TOTAL_FILL),
            Style::Title | Style::Heading | Style::Label | Style::Text => None,
        };
        let bordered = fill.is_some();
        let wrap = matches!(
            self,
            Style::Text
                | Style::Header
                | Style::Locked
                | Style::Input
                | Style::TotalLabel
                | Style::Label
        );
        let vendor = matches!(self, Style::Input | Style::Money | Style::Date);
        let mut out = String::new();
        if let Some(fill) = fill {
            let _ = write!(out, " fo:background-color=\"#{fill:06x}\"");
        }
        if bordered {
            out.push_str(" fo:border=\"0.74pt solid #a6a6a6\"");
        }
        if wrap {
            out.push_str(" fo:wrap-option=\"wrap\"");
        }
        out.push_str(" style:vertical-align=\"top\"");
        out.push_str(if vendor {
            " style:cell-protect=\"none\""
        } else {
            " style:cell-protect=\"protected\""
        });
        out
    }

    fn text_properties(self) -> &'static str {
        match self {
            Style::Title => " fo:font-weight=\"bold\" fo:font-size=\"16pt\" fo:color=\"#1f3864\"",
            Style::Heading => " fo:font-weight=\"bold\" fo:font-size=\"12pt\" fo:color=\"#1f3864\"",
            Style::Label => " fo:font-weight=\"bold\"",
            Style::Header => " fo:font-weight=\"bold\" fo:color=\"#ffffff\"",
            Style::Total | Style::CountTotal | Style::TotalLabel => {
                " fo:font-weight=\"bold\" fo:color=\"#1f3864\""
            }
            _ => "",
        }
    }

    /// The number format, by its data style's name.
    fn data_style(self) -> Option<&'static str> {
        match self {
            Style::Money | Style::Formula | Style::Total => Some("N2"),
            Style::Count | Style::CountTotal => Some("N0"),
            Style::Date => Some("D1"),
            _ => None,
        }
    }
}

/// A content validation: what a cell accepts, and the messages shown while typing and when
/// the value is refused.
pub(crate) struct Validation {
    pub rule: Rule,
    pub title: Option<String>,
    pub help: String,
    pub error: String,
}

pub(crate) enum Rule {
    /// One of these texts, offered as a dropdown.
    List(Vec<String>),
    /// A number, at least 0.
    Amount,
    /// A date, from this one on.
    DateFrom(Date),
}

impl Rule {
    fn condition(&self) -> String {
        match self {
            Rule::List(choices) => {
                let quoted: Vec<String> = choices
                    .iter()
                    .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                    .collect();
                format!("of:cell-content-is-in-list({})", quoted.join(";"))
            }
            Rule::Amount => "of:cell-content-is-decimal-number() and cell-content()>=0".into(),
            Rule::DateFrom(date) => format!(
                "of:cell-content-is-date() and cell-content()>={}",
                serial(*date)
            ),
        }
    }
}

/// A date as spreadsheets count days, from 1899-12-30.
fn serial(date: Date) -> i64 {
    date.days_since_epoch() + 25_569
}

/// The ODS bytes.
pub(crate) fn write(book: &Book) -> Result<Vec<u8>, String> {
    let parts = [
        ("meta.xml", meta(book)),
        ("settings.xml", settings(book)),
        ("styles.xml", styles(book)),
        ("content.xml", content(book)),
    ];
    let mut manifest = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest \
         xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" \
         manifest:version=\"1.3\">\n <manifest:file-entry manifest:full-path=\"/\" \
         manifest:version=\"1.3\" manifest:media-type=\"{MIME}\"/>\n"
    );
    for (name, _) in &parts {
        let _ = writeln!(
            manifest,
            " <manifest:file-entry manifest:full-path=\"{name}\" manifest:media-type=\"text/xml\"/>"
        );
    }
    manifest.push_str("</manifest:manifest>\n");
    let parts: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(name, text)| (*name, text.as_bytes()))
        .chain([("META-INF/manifest.xml", manifest.as_bytes())])
        .collect();
    crate::xml::odf_package(MIME, &parts).map_err(|e| e.to_string())
}

fn meta(book: &Book) -> String {
    let date = format!("{}T00:00:00", book.date);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-meta {NAMESPACES}>\
         <office:meta><meta:generator>crmspec/{version}</meta:generator>\
         <dc:title>{title}</dc:title><meta:initial-creator>{author}</meta:initial-creator>\
         <dc:creator>{author}</dc:creator><meta:creation-date>{date}</meta:creation-date>\
         <dc:date>{date}</dc:date><dc:language>{lang}</dc:language></office:meta>\
         </office:document-meta>\n",
        version = env!("CARGO_PKG_VERSION"),
        title = escape(&book.title),
        author = escape(&book.author),
        lang = book.lang.tag(),
    )
}

/// The view: the active sheet, and each sheet with a header frozen below it and right of its
/// first column.
fn settings(book: &Book) -> String {
    let item = |name: &str, kind: &str, value: &str| {
        format!("<config:config-item config:name=\"{name}\" config:type=\"{kind}\">{value}</config:config-item>")
    };
    let mut tables = String::new();
    for sheet in &book.sheets {
        let Some(header) = sheet.header else {
            continue;
        };
        let below = (header + 1).to_string();
        let _ = write!(
            tables,
            "<config:config-item-map-entry config:name=\"{}\">{}{}{}{}{}{}{}{}{}</config:config-item-map-entry>",
            escape(&sheet.name),
            item("HorizontalSplitMode", "short", "2"),
            item("VerticalSplitMode", "short", "2"),
            item("HorizontalSplitPosition", "int", "1"),
            item("VerticalSplitPosition", "int", &below),
            item("ActiveSplitRange", "short", "2"),
            item("PositionLeft", "int", "0"),
            item("PositionRight", "int", "1"),
            item("PositionTop", "int", "0"),
            item("PositionBottom", "int", &below),
        );
    }
    let active = book
        .sheets
        .get(book.active)
        .map(|s| escape(&s.name))
        .unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-settings {NAMESPACES}>\
         <office:settings><config:config-item-set config:name=\"ooo:view-settings\">\
         <config:config-item-map-indexed config:name=\"Views\"><config:config-item-map-entry>\
         {view}<config:config-item-map-named config:name=\"Tables\">{tables}\
         </config:config-item-map-named>{active}</config:config-item-map-entry>\
         </config:config-item-map-indexed></config:config-item-set></office:settings>\
         </office:document-settings>\n",
        view = item("ViewId", "string", "view1"),
        active = item("ActiveTable", "string", &active),
    )
}

/// styles.xml: the default cell style in the document's language, and A4 pages (portrait and
/// landscape), fitted to one page wide.
fn styles(book: &Book) -> String {
    let (language, country) = book
        .lang
        .tag()
        .split_once('-')
        .unwrap_or((book.lang.tag(), ""));
    let page = |name: &str, landscape: bool| {
        let (width, height, orientation) = if landscape {
            ("29.7cm", "21cm", "landscape")
        } else {
            ("21cm", "29.7cm", "portrait")
        };
        format!(
            "<style:page-layout style:name=\"{name}\"><style:page-layout-properties \
             fo:page-width=\"{width}\" fo:page-height=\"{height}\" \
             style:print-orientation=\"{orientation}\" fo:margin=\"1.5cm\" \
             style:print-page-order=\"ttb\" style:scale-to-X=\"1\" style:scale-to-Y=\"0\"/>\
             </style:page-layout>"
        )
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-styles {NAMESPACES}>\
         {FONTS}<office:styles><style:default-style style:family=\"table-cell\">\
         <style:text-properties style:font-name=\"Calibri\" fo:font-size=\"11pt\" fo:language=\"{language}\" \
         fo:country=\"{country}\"/></style:default-style>\
         <style:style style:name=\"Default\" style:family=\"table-cell\"/></office:styles>\
         <office:automatic-styles>{portrait}{landscape}</office:automatic-styles>\
         <office:master-styles>\
         <style:master-page style:name=\"Portrait\" style:page-layout-name=\"pmPortrait\"/>\
         <style:master-page style:name=\"Landscape\" style:page-layout-name=\"pmLandscape\"/>\
         </office:master-styles></office:document-styles>\n",
        portrait = page("pmPortrait", false),
        landscape = page("pmLandscape", true),
    )
}

/// A column width in the XLSX's character units, in centimetres, as LibreOffice converts the
/// XLSX's (measured: 30 characters are 2.986 in, 70 are 6.875 in), so that the two files look
/// alike in it.
fn width_cm(chars: f64) -> f64 {
    (chars * 0.0972 + 0.07) * 2.54
}

fn content(book: &Book) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content {NAMESPACES}>\
         {FONTS}<office:automatic-styles>"
    );
    out.push_str(
        "<number:number-style style:name=\"N0\"><number:number number:decimal-places=\"0\" \
         number:min-decimal-places=\"0\" number:min-integer-digits=\"1\" number:grouping=\"true\"/>\
         </number:number-style><number:number-style style:name=\"N2\"><number:number \
         number:decimal-places=\"2\" number:min-decimal-places=\"2\" number:min-integer-digits=\"1\" \
         number:grouping=\"true\"/></number:number-style><number:date-style style:name=\"D1\">\
         <number:year number:style=\"long\"/><number:text>-</number:text><number:month \
         number:style=\"long\"/><number:text>-</number:text><number:day number:style=\"long\"/>\
         </number:date-style>",
    );
    // Column and row styles, one per width and height, named in the order first met.
    let mut columns: Vec<String> = Vec::new();
    let mut rows: Vec<String> = vec![format!("{LINE_CM:.3}cm")];
    for sheet in &book.sheets {
        for width in &sheet.widths {
            let w = format!("{:.3}cm", width_cm(*width));
            if !columns.contains(&w) {
                columns.push(w);
            }
        }
        for lines in sheet.lines.values() {
            let h = format!("{:.3}cm", LINE_CM * lines);
            if !rows.contains(&h) {
                rows.push(h);
            }
        }
    }
    for (i, w) in columns.iter().enumerate() {
        let _ = write!(
            out,
            "<style:style style:name=\"co{}\" style:family=\"table-column\">\
             <style:table-column-properties fo:break-before=\"auto\" style:column-width=\"{w}\"/>\
             </style:style>",
            i + 1
        );
    }
    for (i, h) in rows.iter().enumerate() {
        let _ = write!(
            out,
            "<style:style style:name=\"ro{}\" style:family=\"table-row\">\
             <style:table-row-properties style:row-height=\"{h}\" fo:break-before=\"auto\" \
             style:use-optimal-row-height=\"false\"/></style:style>",
            i + 1
        );
    }
    for master in ["Portrait", "Landscape"] {
        let _ = write!(
            out,
            "<style:style style:name=\"ta{master}\" style:family=\"table\" \
             style:master-page-name=\"{master}\"><style:table-properties table:display=\"true\"/>\
             </style:style>"
        );
    }
    for style in Style::ALL {
        let data = style
            .data_style()
            .map(|d| format!(" style:data-style-name=\"{d}\""))
            .unwrap_or_default();
        let text = style.text_properties();
        let _ = write!(
            out,
            "<style:style style:name=\"{name}\" style:family=\"table-cell\" \
             style:parent-style-name=\"Default\"{data}><style:table-cell-properties{cell}/>",
            name = style.name(),
            cell = style.cell_properties(),
        );
        if !text.is_empty() {
            let _ = write!(out, "<style:text-properties{text}/>");
        }
        out.push_str("</style:style>");
    }
    out.push_str("</office:automatic-styles><office:body><office:spreadsheet>");
    if !book.validations.is_empty() {
        out.push_str("<table:content-validations>");
        for (i, v) in book.validations.iter().enumerate() {
            let title = v
                .title
                .as_ref()
                .map(|t| format!(" table:title=\"{}\"", escape(t)))
                .unwrap_or_default();
            let list = if matches!(v.rule, Rule::List(_)) {
                " table:display-list=\"unsorted\""
            } else {
                ""
            };
            let _ = write!(
                out,
                "<table:content-validation table:name=\"val{n}\" table:condition=\"{condition}\" \
                 table:allow-empty-cell=\"true\"{list}><table:help-message{title} \
                 table:display=\"true\">{help}</table:help-message><table:error-message \
                 table:message-type=\"stop\"{title} table:display=\"true\">{error}\
                 </table:error-message></table:content-validation>",
                n = i + 1,
                condition = escape(&v.rule.condition()),
                help = paragraphs(&v.help),
                error = paragraphs(&v.error),
            );
        }
        out.push_str("</table:content-validations>");
    }
    for sheet in &book.sheets {
        table(&mut out, sheet, &columns, &rows);
    }
    out.push_str("</office:spreadsheet></office:body></office:document-content>\n");
    out
}

/// Text as paragraphs, one per line, spaces kept.
fn paragraphs(text: &str) -> String {
    text.split('\n')
        .map(|line| format!("<text:p>{}</text:p>", odf_text(line)))
        .collect()
}

fn table(out: &mut String, sheet: &Sheet, columns: &[String], rows: &[String]) {
    let master = if sheet.landscape {
        "Landscape"
    } else {
        "Portrait"
    };
    let _ = write!(
        out,
        "<table:table table:name=\"{}\" table:style-name=\"ta{master}\" table:protected=\"true\">",
        escape(&sheet.name)
    );
    for width in &sheet.widths {
        let w = format!("{:.3}cm", width_cm(*width));
        let index = columns.iter().position(|c| *c == w).unwrap_or(0) + 1;
        let _ = write!(
            out,
            "<table:table-column table:style-name=\"co{index}\" \
             table:default-cell-style-name=\"Default\"/>"
        );
    }
    let last = sheet.cells.keys().map(|(r, _)| *r).max().unwrap_or(0);
    let mut row = 0;
    while row <= last {
        let has_cells = sheet
            .cells
            .range((row, 0)..=(row, u16::MAX))
            .next()
            .is_some();
        if !has_cells && sheet.header != Some(row) {
            // A run of empty rows, as one.
            let mut end = row;
            while end < last
                && sheet
                    .cells
                    .range((end + 1, 0)..=(end + 1, u16::MAX))
                    .next()
                    .is_none()
                && sheet.header != Some(end + 1)
            {
                end += 1;
            }
            let repeated = if end > row {
                format!(" table:number-rows-repeated=\"{}\"", end - row + 1)
            } else {
                String::new()
            };
            let _ = write!(
                out,
                "<table:table-row table:style-name=\"ro1\"{repeated}><table:table-cell/></table:table-row>"
            );
            row = end + 1;
            continue;
        }
        let height = sheet
            .lines
            .get(&row)
            .map(|lines| format!("{:.3}cm", LINE_CM * lines))
            .and_then(|h| rows.iter().position(|r| *r == h))
            .unwrap_or(0)
            + 1;
        let header = sheet.header == Some(row);
        if header {
            out.push_str("<table:table-header-rows>");
        }
        let _ = write!(out, "<table:table-row table:style-name=\"ro{height}\">");
        let mut col = 0u16;
        for ((_, c), cell) in sheet.cells.range((row, 0)..=(row, u16::MAX)) {
            if *c > col {
                let gap = c - col;
                if gap > 1 {
                    let _ = write!(
                        out,
                        "<table:table-cell table:number-columns-repeated=\"{gap}\"/>"
                    );
                } else {
                    out.push_str("<table:table-cell/>");
                }
            }
            write_cell(out, cell);
            col = c + 1;
        }
        out.push_str("</table:table-row>");
        if header {
            out.push_str("</table:table-header-rows>");
        }
        row += 1;
    }
    out.push_str("</table:table>");
}

fn write_cell(out: &mut String, cell: &Cell) {
    let _ = write!(
        out,
        "<table:table-cell table:style-name=\"{}\"",
        cell.style.name()
    );
    if let Some(v) = cell.validation {
        let _ = write!(out, " table:content-validation-name=\"val{}\"", v + 1);
    }
    match &cell.value {
        Value::Empty => out.push_str("/>"),
        Value::Text(text) => {
            let _ = write!(
                out,
                " office:value-type=\"string\">{}</table:table-cell>",
                paragraphs(text)
            );
        }
        Value::Number(n) => {
            let _ = write!(
                out,
                " office:value-type=\"float\" office:value=\"{n}\"><text:p>{n}</text:p></table:table-cell>"
            );
        }
        Value::Formula(formula, result) => {
            let _ = write!(
                out,
                " table:formula=\"of:={}\" office:value-type=\"float\" office:value=\"{result}\">\
                 <text:p>{result}</text:p></table:table-cell>",
                escape(&open_formula(formula))
            );
        }
    }
}

/// A formula in the XLSX's syntax as OpenFormula, the ODF's (without its `of:=`):
/// `SUM(B4:B7)` → `SUM([.B4:.B7])`, `'Licences'!D8` → `['Licences'.D8]`. Only what the schedule writes
/// is handled: cell references, ranges, one sheet name before a reference, functions and
/// operators.
pub(crate) fn open_formula(excel: &str) -> String {
    let chars: Vec<char> = excel.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        // A quoted sheet name: `'Frais récurrents'!B8`.
        if chars[i] == '\'' {
            let mut j = i + 1;
            let mut name = String::from("'");
            while j < chars.len() {
                if chars[j] == '\'' && chars.get(j + 1) == Some(&'\'') {
                    name.push_str("''");
                    j += 2;
                    continue;
                }
                if chars[j] == '\'' {
                    break;
                }
                name.push(chars[j]);
                j += 1;
            }
            name.push('\'');
            // Past the closing quote and the `!`.
            let (reference, next) = reference_at(&chars, j + 2);
            let _ = write!(out, "[{name}.{reference}]");
            i = next;
            continue;
        }
        if chars[i].is_ascii_uppercase() {
            let (reference, next) = reference_at(&chars, i);
            if is_reference(&reference) {
                if chars.get(next) == Some(&':') {
                    let (end, after) = reference_at(&chars, next + 1);
                    let _ = write!(out, "[.{reference}:.{end}]");
                    i = after;
                } else {
                    let _ = write!(out, "[.{reference}]");
                    i = next;
                }
                continue;
            }
            // A function's name.
            out.push_str(&reference);
            i = next;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The letters and digits from `start`, and where they end.
fn reference_at(chars: &[char], start: usize) -> (String, usize) {
    let mut end = start;
    while end < chars.len() && chars[end].is_ascii_alphanumeric() {
        end += 1;
    }
    (chars[start.min(end)..end].iter().collect(), end)
}

/// `B4`, not `SUM`.
fn is_reference(word: &str) -> bool {
    crate::grid::read::parse_cell_name(word.as_bytes()).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_in_open_formula() {
        assert_eq!(open_formula("SUM(B4:B7)"), "SUM([.B4:.B7])");
        assert_eq!(open_formula("B4*C4"), "[.B4]*[.C4]");
        assert_eq!(open_formula("D5*3"), "[.D5]*3");
        assert_eq!(open_formula("B4+C4*3"), "[.B4]+[.C4]*3");
        assert_eq!(open_formula("'Licences'!D8"), "['Licences'.D8]");
        assert_eq!(open_formula("'L''été'!AB12"), "['L''été'.AB12]");
    }

    #[test]
    fn widths_as_libreoffice_converts_the_xlsx() {
        // 45 characters: 4.444 in.
        assert_eq!(format!("{:.3}", width_cm(45.0) / 2.54), "4.444");
    }
}
