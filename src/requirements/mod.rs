//! `crmspec requirements export` and `import`: the requirements as a sheet to edit, and the
//! edited sheet back into the questionnaire.
//!
//! Consultants keep requirement lists in spreadsheets. The export lists every functional
//! requirement (own and from the catalogue) and every quality requirement, one row each, with
//! the words of the questionnaire's language; the import reads the sheet back, refuses it whole
//! if any row is wrong (each problem named by its cell), and otherwise rewrites the
//! questionnaire through [`crate::yaml_edit::rewrite`], so that every line the sheet did not
//! change — comments included — stays as it was.
//!
//! Rows are matched by ID. A row without ID is a new requirement and gets the next free number
//! of its module's prefix (`CLI-04`), written into the file so that it never changes. A row
//! deleted from the sheet is removed from the questionnaire; the requirements after it in the
//! same module that had no ID of their own get theirs written, since assigned IDs follow
//! positions and vendors' grids quote them. Catalogue requirements are read-only here: they are
//! written in crmspec's catalogue, not in the questionnaire.

mod read;
mod xlsx;

pub use read::read_table;

use crate::diagnostic::{did_you_mean, suggest, Diagnostic};
use crate::lang::messages::Message;
use crate::lang::{words, Language};
use crate::model::{Priority, QualityArea};
use crate::spec::Spec;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The sheet's columns, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Module,
    Id,
    Title,
    Description,
    Priority,
    Acceptance,
    Origin,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::Module,
        Column::Id,
        Column::Title,
        Column::Description,
        Column::Priority,
        Column::Acceptance,
        Column::Origin,
    ];

    fn key(self) -> &'static str {
        match self {
            Column::Module => "reqsheet_module",
            Column::Id => "reqsheet_id",
            Column::Title => "reqsheet_title",
            Column::Description => "reqsheet_description",
            Column::Priority => "reqsheet_priority",
            Column::Acceptance => "reqsheet_acceptance",
            Column::Origin => "reqsheet_origin",
        }
    }

    pub fn header(self, lang: Language) -> String {
        words::text_or_key(self.key(), lang)
    }

    /// Column width, in characters.
    fn width(self) -> f64 {
        match self {
            Column::Module => 24.0,
            Column::Id => 11.0,
            Column::Title => 34.0,
            Column::Description => 60.0,
            Column::Priority => 18.0,
            Column::Acceptance => 44.0,
            Column::Origin => 18.0,
        }
    }

    fn index(self) -> usize {
        Column::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

/// One requirement as a row of the sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub module: String,
    pub id: String,
    pub title: String,
    pub description: String,
    pub priority: String,
    pub acceptance: String,
    /// Where a catalogue requirement comes from (`Catalogue SAL-QUOTE`); empty for the
    /// questionnaire's own.
    pub origin: String,
}

impl Row {
    fn cells(&self) -> [&str; 7] {
        [
            &self.module,
            &self.id,
            &self.title,
            &self.description,
            &self.priority,
            &self.acceptance,
            &self.origin,
        ]
    }

    /// A catalogue requirement: read-only in the sheet.
    pub fn locked(&self) -> bool {
        !self.origin.is_empty()
    }
}

/// Where a requirement lives in the questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Home {
    /// `requirements[module].items[index]`.
    Item { module: usize, index: usize },
    /// Pulled from the catalogue by `requirements[module].catalogue`.
    Catalogue,
    /// `quality[index]`.
    Quality { index: usize },
}

/// What a row's module names: a functional module, or a quality area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Module(usize),
    Quality(QualityArea),
}

/// The requirements of a questionnaire as rows, with where each one lives.
pub struct Sheet<'a> {
    spec: &'a Spec,
    pub rows: Vec<Row>,
    homes: Vec<Home>,
    targets: Vec<Target>,
    /// The items written with an `id:` of their own.
    explicit: HashSet<String>,
}

const AREAS: [QualityArea; 7] = [
    QualityArea::Performance,
    QualityArea::Accessibility,
    QualityArea::Compatibility,
    QualityArea::Languages,
    QualityArea::Usability,
    QualityArea::Operations,
    QualityArea::Security,
];

fn area_key(area: QualityArea) -> String {
    serde_json::to_value(area)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// `Qualité — Performance`: a quality area as the module column names it.
fn area_label(area: QualityArea, lang: Language) -> String {
    let area = words::text_or_key(&format!("quality_area.{}", area_key(area)), lang);
    words::text_with("reqsheet_quality_module", lang, &[("area", &area)])
}

fn priority_label(p: Priority, lang: Language) -> String {
    words::text_or_key(&format!("priority_label.{}", p.key()), lang)
}

impl<'a> Sheet<'a> {
    /// The rows of a validated questionnaire; `raw` is its text as JSON, which tells the
    /// questionnaire's own items from those the catalogue added and which IDs are written.
    pub fn new(spec: &'a Spec, raw: &Value) -> Sheet<'a> {
        let lang = spec.lang;
        let mut sheet = Sheet {
            spec,
            rows: Vec::new(),
            homes: Vec::new(),
            targets: Vec::new(),
            explicit: HashSet::new(),
        };
        for (m, module) in spec.q.requirements.iter().enumerate() {
            let own = raw["requirements"][m]["items"].as_array();
            let own_count = own.map_or(0, Vec::len);
            for (index, r) in module.items.iter().enumerate() {
                let id = r.id.clone().unwrap_or_default();
                let home = if index < own_count {
                    if own.and_then(|o| o[index].get("id")).is_some() {
                        sheet.explicit.insert(id.clone());
                    }
                    Home::Item { module: m, index }
                } else {
                    Home::Catalogue
                };
                let origin = match home {
                    Home::Catalogue => {
                        words::text_with("reqsheet_from_catalogue", lang, &[("id", &id)])
                    }
                    _ => String::new(),
                };
                sheet.push(
                    Row {
                        module: module.module.clone(),
                        id,
                        title: r.title.clone(),
                        description: r.description.clone(),
                        priority: priority_label(r.priority, lang),
                        acceptance: r.acceptance.clone().unwrap_or_default(),
                        origin,
                    },
                    home,
                    Target::Module(m),
                );
            }
        }
        for (index, r) in spec.q.quality.iter().enumerate() {
            let id = r.id.clone().unwrap_or_default();
            if raw["quality"][index].get("id").is_some() {
                sheet.explicit.insert(id.clone());
            }
            sheet.push(
                Row {
                    module: area_label(r.area, lang),
                    id,
                    title: r.title.clone(),
                    description: r.description.clone(),
                    priority: priority_label(r.priority, lang),
                    acceptance: r.acceptance.clone().unwrap_or_default(),
                    origin: String::new(),
                },
                Home::Quality { index },
                Target::Quality(r.area),
            );
        }
        sheet
    }

    fn push(&mut self, row: Row, home: Home, target: Target) {
        self.rows.push(row);
        self.homes.push(home);
        self.targets.push(target);
    }

    pub fn lang(&self) -> Language {
        self.spec.lang
    }

    fn text(&self, key: &str) -> String {
        words::text_or_key(key, self.lang())
    }

    /// The module column's choices: the functional modules, then the quality areas.
    pub fn modules(&self) -> Vec<String> {
        self.spec
            .q
            .requirements
            .iter()
            .map(|m| m.module.clone())
            .chain(AREAS.iter().map(|a| area_label(*a, self.lang())))
            .collect()
    }

    /// The priority column's choices, in the questionnaire's scheme, most necessary first.
    pub fn priorities(&self) -> Vec<String> {
        self.spec
            .priority_scheme
            .levels()
            .iter()
            .map(|p| priority_label(*p, self.lang()))
            .collect()
    }

    pub fn xlsx(&self) -> Result<Vec<u8>, crate::Error> {
        xlsx::write(self)
    }

    /// The rows as CSV, in the spreadsheet conventions of the questionnaire's language (see
    /// `grid::csv`: separator, byte order mark, cells that would start a formula marked).
    pub fn csv(&self) -> Vec<u8> {
        use crate::grid::csv::{neutralise, BOM};
        let mut writer = csv::WriterBuilder::new()
            .delimiter(crate::lang::format::csv_separator(self.lang()))
            .terminator(csv::Terminator::CRLF)
            .from_writer(BOM.as_bytes().to_vec());
        let header: Vec<String> = Column::ALL.iter().map(|c| c.header(self.lang())).collect();
        let rows = self
            .rows
            .iter()
            .map(|r| r.cells().iter().map(|c| neutralise(c)).collect::<Vec<_>>());
        for record in std::iter::once(header).chain(rows) {
            writer
                .write_record(&record)
                .expect("CSV records are written to memory, with a fixed column count");
        }
        writer
            .into_inner()
            .expect("a CSV writer into memory flushes without error")
    }
}

// ---------------------------------------------------------------------------------------------
// Import.

/// A table read from a spreadsheet or a CSV file: its rows of cells, and how to name a cell.
pub struct Table {
    pub rows: Vec<Vec<String>>,
    /// `file!Sheet` for a workbook (cells are named `file!Sheet!C4`), the file for a CSV
    /// (cells are named by line, `file:4`).
    pub place: String,
    pub workbook: bool,
    /// For a CSV, the line each row starts on (a quoted cell may span lines).
    pub lines: Vec<u64>,
}

impl Table {
    /// How a message names a cell: `requirements.xlsx!Exigences!C4`, or `requirements.csv:4`
    /// (the line).
    fn cell(&self, row: usize, column: usize) -> String {
        if self.workbook {
            let name = crate::grid::read::cell_name(row as u32, column as u32);
            format!("{}!{name}", self.place)
        } else {
            let line = self.lines.get(row).copied().unwrap_or(row as u64 + 1);
            format!("{}:{line}", self.place)
        }
    }
}

/// What an import changed, by ID, in sheet order.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Summary {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl Summary {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }

    /// The summary's lines, in `lang`.
    pub fn lines(&self, lang: Language) -> Vec<String> {
        if self.is_empty() {
            return vec![Message::new("requirements_sheet.no_change").terminal(lang)];
        }
        [
            ("requirements_sheet.added", &self.added),
            ("requirements_sheet.changed", &self.changed),
            ("requirements_sheet.removed", &self.removed),
        ]
        .into_iter()
        .filter(|(_, ids)| !ids.is_empty())
        .map(|(key, ids)| {
            Message::new(key)
                .count("count", ids.len() as u64)
                .plain("ids", ids.join(", "))
                .terminal(lang)
        })
        .collect()
    }
}

/// One row of the table, read and checked.
struct Incoming {
    row: usize,
    target: Target,
    id: Option<String>,
    title: String,
    description: String,
    priority: Priority,
    acceptance: Option<String>,
}

impl Sheet<'_> {
    /// The questionnaire's JSON with the table's rows written in, and what changed; or every
    /// row refused, by cell.
    pub fn import(&self, table: &Table, raw: &Value) -> Result<(Value, Summary), Vec<Diagnostic>> {
        let columns = self.columns(table)?;
        let mut problems = Vec::new();
        let mut incoming = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (r, cells) in table.rows.iter().enumerate().skip(1) {
            let get = |c: Column| -> String {
                columns
                    .get(&c.index())
                    .and_then(|&i| cells.get(i))
                    .map(|s| s.replace("\r\n", "\n").trim().to_string())
                    .unwrap_or_default()
            };
            let at = |c: Column| table.cell(r, columns.get(&c.index()).copied().unwrap_or(0));
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let before = problems.len();
            let target = self.target(&get(Column::Module), at(Column::Module), &mut problems);
            let priority =
                self.priority(&get(Column::Priority), at(Column::Priority), &mut problems);
            let id = Some(get(Column::Id)).filter(|id| !id.is_empty());
            if let Some(id) = &id {
                if let Some(first) = seen.insert(id.clone(), r) {
                    problems.push(
                        Diagnostic::error(
                            "",
                            Message::new("requirements_sheet.duplicate_id").code("id", id),
                        )
                        .in_file(&at(Column::Id))
                        .hint(
                            Message::new("requirements_sheet.duplicate_id_hint")
                                .plain("cell", table.cell(first, columns[&Column::Id.index()])),
                        ),
                    );
                } else if !self.rows.iter().any(|row| &row.id == id) {
                    problems.push(
                        Diagnostic::error(
                            "",
                            Message::new("requirements_sheet.unknown_id").code("id", id),
                        )
                        .in_file(&at(Column::Id))
                        .hint(Message::new("requirements_sheet.unknown_id_hint")),
                    );
                }
            }
            for (column, key) in [
                (Column::Title, "requirements_sheet.empty_title"),
                (Column::Description, "requirements_sheet.empty_description"),
            ] {
                if get(column).is_empty() {
                    problems.push(
                        Diagnostic::error("", Message::new(key))
                            .in_file(&at(column))
                            .hint(Message::new("requirements_sheet.empty_hint")),
                    );
                }
            }
            if problems.len() > before {
                continue;
            }
            let (Some(target), Some(priority)) = (target, priority) else {
                continue;
            };
            incoming.push(Incoming {
                row: r,
                target,
                id,
                title: get(Column::Title),
                description: get(Column::Description),
                priority,
                acceptance: Some(get(Column::Acceptance)).filter(|a| !a.is_empty()),
            });
        }
        self.catalogue_rows(table, &columns, &incoming, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(self.apply(&incoming, raw))
    }

    /// Where each column is in the table, found by its header in any language.
    fn columns(&self, table: &Table) -> Result<HashMap<usize, usize>, Vec<Diagnostic>> {
        let header = table.rows.first().cloned().unwrap_or_default();
        let mut found = HashMap::new();
        let mut missing = Vec::new();
        for column in Column::ALL {
            let names: Vec<String> = Language::ALL
                .iter()
                .map(|l| column.header(*l).to_lowercase())
                .collect();
            match header
                .iter()
                .position(|h| names.contains(&h.trim().to_lowercase()))
            {
                Some(i) => {
                    found.insert(column.index(), i);
                }
                None if matches!(column, Column::Acceptance | Column::Origin) => {}
                None => missing.push(column.header(self.lang())),
            }
        }
        if missing.is_empty() {
            Ok(found)
        } else {
            Err(vec![Diagnostic::error(
                "",
                Message::new("requirements_sheet.missing_columns").codes("columns", missing),
            )
            .in_file(&table.cell(0, 0))
            .hint(
                Message::new("requirements_sheet.columns_are")
                    .codes("columns", Column::ALL.iter().map(|c| c.header(self.lang()))),
            )])
        }
    }

    fn target(&self, label: &str, at: String, problems: &mut Vec<Diagnostic>) -> Option<Target> {
        let folded = label.to_lowercase();
        let modules = &self.spec.q.requirements;
        if let Some(m) = modules
            .iter()
            .position(|m| m.module.to_lowercase() == folded)
        {
            return Some(Target::Module(m));
        }
        for area in AREAS {
            if Language::ALL
                .iter()
                .any(|l| area_label(area, *l).to_lowercase() == folded)
            {
                return Some(Target::Quality(area));
            }
        }
        let choices = self.modules();
        let mut d = Diagnostic::error(
            "",
            if label.is_empty() {
                Message::new("requirements_sheet.no_module")
            } else {
                Message::new("requirements_sheet.unknown_module").code("module", label)
            },
        )
        .in_file(&at);
        if let Some(s) = suggest(label, choices.iter().map(String::as_str)) {
            d = d.hint(did_you_mean(s));
        }
        problems
            .push(d.hint(Message::new("requirements_sheet.modules_are").codes("modules", choices)));
        None
    }

    /// A priority as the sheet's dropdown writes it, or as a key (`must`) or short label
    /// (`P`) in any language; only the questionnaire's scheme.
    fn priority(&self, text: &str, at: String, problems: &mut Vec<Diagnostic>) -> Option<Priority> {
        let folded = text.to_lowercase();
        for &p in self.spec.priority_scheme.levels() {
            let names = Language::ALL.iter().flat_map(|&l| {
                [
                    priority_label(p, l),
                    words::text_or_key(&format!("priority.{}", p.key()), l),
                ]
            });
            if p.key() == folded || names.into_iter().any(|n| n.to_lowercase() == folded) {
                return Some(p);
            }
        }
        let choices = self.priorities();
        let mut d = Diagnostic::error(
            "",
            if text.is_empty() {
                Message::new("requirements_sheet.no_priority")
            } else {
                Message::new("requirements_sheet.unknown_priority").code("priority", text)
            },
        )
        .in_file(&at);
        if let Some(s) = suggest(text, choices.iter().map(String::as_str)) {
            d = d.hint(did_you_mean(s));
        }
        problems.push(
            d.hint(Message::new("requirements_sheet.priorities_are").codes("priorities", choices)),
        );
        None
    }

    /// Catalogue requirements come from crmspec's catalogue: a row of one changed, or deleted,
    /// is refused with the way to do it in the questionnaire.
    fn catalogue_rows(
        &self,
        table: &Table,
        columns: &HashMap<usize, usize>,
        incoming: &[Incoming],
        problems: &mut Vec<Diagnostic>,
    ) {
        let id_column = columns[&Column::Id.index()];
        for (row, home) in self.rows.iter().zip(&self.homes) {
            if *home != Home::Catalogue {
                continue;
            }
            let found = incoming
                .iter()
                .find(|i| i.id.as_deref() == Some(row.id.as_str()));
            let problem = match found {
                None => Message::new("requirements_sheet.catalogue_removed").code("id", &row.id),
                Some(i)
                    if i.title != row.title.trim()
                        || i.description != row.description.trim()
                        || priority_label(i.priority, self.lang()) != row.priority
                        || i.acceptance.as_deref().unwrap_or("") != row.acceptance.trim()
                        || Some(i.target) != self.target_of(&row.id) =>
                {
                    Message::new("requirements_sheet.catalogue_changed").code("id", &row.id)
                }
                Some(_) => continue,
            };
            let at = match found {
                Some(i) => table.cell(i.row, id_column),
                None => table.place.clone(),
            };
            problems.push(
                Diagnostic::error("", problem)
                    .in_file(&at)
                    .hint(Message::new("requirements_sheet.catalogue_hint")),
            );
        }
    }

    fn target_of(&self, id: &str) -> Option<Target> {
        let i = self.rows.iter().position(|r| r.id == id)?;
        Some(self.targets[i])
    }

    /// The rows written into the questionnaire's JSON.
    fn apply(&self, incoming: &[Incoming], raw: &Value) -> (Value, Summary) {
        let mut new = raw.clone();
        let mut summary = Summary::default();
        let by_id: HashMap<&str, &Incoming> = incoming
            .iter()
            .filter_map(|i| Some((i.id.as_deref()?, i)))
            .collect();
        // Items leaving their place (deleted, or moved to another module), by list.
        let mut leaving: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
        let mut arriving: Vec<(Target, Value)> = Vec::new();
        let mut moved: Vec<&Incoming> = Vec::new();
        for ((row, home), target) in self.rows.iter().zip(&self.homes).zip(&self.targets) {
            let (list, index) = match *home {
                Home::Item { module, index } => (Some(module), index),
                Home::Quality { index } => (None, index),
                Home::Catalogue => continue,
            };
            let Some(found) = by_id.get(row.id.as_str()) else {
                leaving.entry(list).or_default().push(index);
                summary.removed.push(row.id.clone());
                continue;
            };
            let same_list = match (found.target, target) {
                (Target::Module(a), Target::Module(b)) => a == *b,
                (Target::Quality(_), Target::Quality(_)) => true,
                _ => false,
            };
            let item = item_mut(&mut new, list, index);
            let before = item.clone();
            set_fields(item, found);
            if let Target::Quality(area) = found.target {
                if same_list && Some(area) != self.area_of(list, index) {
                    item.insert("area".into(), Value::String(area_key(area)));
                }
            }
            if !same_list {
                // IDs carry their module's prefix: moved to another module, the requirement
                // leaves this one and arrives there as a new one, with a new ID.
                leaving.entry(list).or_default().push(index);
                summary.removed.push(row.id.clone());
                moved.push(found);
            } else if *item != before {
                summary.changed.push(row.id.clone());
            }
        }
        // Assigned IDs follow positions: those after a leaving item keep theirs by writing it.
        for (list, gone) in &leaving {
            let first = gone.iter().copied().min().unwrap_or(0);
            for (row, home) in self.rows.iter().zip(&self.homes) {
                let (l, index) = match *home {
                    Home::Item { module, index } => (Some(module), index),
                    Home::Quality { index } => (None, index),
                    Home::Catalogue => continue,
                };
                if l == *list
                    && index > first
                    && !gone.contains(&index)
                    && !self.explicit.contains(&row.id)
                {
                    let item = item_mut(&mut new, l, index);
                    let mut fields = Map::new();
                    fields.insert("id".into(), Value::String(row.id.clone()));
                    fields.extend(std::mem::take(item));
                    *item = fields;
                }
            }
        }
        // New rows, and rows moved to another module: the next free number of their module's
        // prefix, in sheet order.
        let mut taken: HashSet<String> = self.rows.iter().map(|r| r.id.clone()).collect();
        let new_rows = incoming.iter().filter(|i| i.id.is_none());
        for found in moved.into_iter().chain(new_rows) {
            let prefix = match found.target {
                Target::Module(m) => self.spec.requirements.modules[m].prefix.clone(),
                Target::Quality(_) => "QUA".to_string(),
            };
            let id = next_id(&prefix, &taken);
            taken.insert(id.clone());
            let mut fields = Map::new();
            fields.insert("id".into(), Value::String(id.clone()));
            if let Target::Quality(area) = found.target {
                fields.insert("area".into(), Value::String(area_key(area)));
            }
            set_fields(&mut fields, found);
            arriving.push((found.target, Value::Object(fields)));
            summary.added.push(id);
        }
        for (list, mut gone) in leaving {
            gone.sort_unstable();
            for index in gone.into_iter().rev() {
                if let Some(items) = list_mut(&mut new, list) {
                    if index < items.len() {
                        items.remove(index);
                    }
                }
            }
        }
        for (target, item) in arriving {
            let list = match target {
                Target::Module(m) => Some(m),
                Target::Quality(_) => None,
            };
            ensure_list(&mut new, list).push(item);
        }
        (new, summary)
    }

    fn area_of(&self, list: Option<usize>, index: usize) -> Option<QualityArea> {
        match list {
            None => self.spec.q.quality.get(index).map(|q| q.area),
            Some(_) => None,
        }
    }
}

/// The lowest free `PREFIX-NN` above the module's highest number.
fn next_id(prefix: &str, taken: &HashSet<String>) -> String {
    let highest = taken
        .iter()
        .filter_map(|id| {
            id.strip_prefix(prefix)?
                .strip_prefix('-')?
                .parse::<u32>()
                .ok()
        })
        .max()
        .unwrap_or(0);
    let mut n = highest.saturating_add(1);
    while taken.contains(&format!("{prefix}-{n:02}")) {
        n = n.saturating_add(1);
    }
    format!("{prefix}-{n:02}")
}

/// Writes a row's texts into an item, leaving the fields that did not change as they are.
fn set_fields(item: &mut Map<String, Value>, found: &Incoming) {
    // The sheet's cells are read trimmed: a text the questionnaire ends with a line break (a
    // `|` block) is unchanged when only that differs.
    let mut set = |key: &str, value: &str| {
        if item.get(key).and_then(Value::as_str).map(str::trim) != Some(value) {
            item.insert(key.to_string(), Value::String(value.to_string()));
        }
    };
    set("title", &found.title);
    set("description", &found.description);
    set("priority", found.priority.key());
    match &found.acceptance {
        Some(a) => set("acceptance", a),
        None => {
            item.shift_remove("acceptance");
        }
    }
}

fn list_mut(root: &mut Value, list: Option<usize>) -> Option<&mut Vec<Value>> {
    match list {
        Some(m) => root["requirements"][m]["items"].as_array_mut(),
        None => root["quality"].as_array_mut(),
    }
}

/// A list, created empty where the questionnaire has none yet.
fn ensure_list(root: &mut Value, list: Option<usize>) -> &mut Vec<Value> {
    let slot = match list {
        Some(m) => &mut root["requirements"][m]["items"],
        None => &mut root["quality"],
    };
    if !slot.is_array() {
        *slot = Value::Array(Vec::new());
    }
    match slot {
        Value::Array(items) => items,
        _ => unreachable!("the slot was just made a list"),
    }
}

fn item_mut(root: &mut Value, list: Option<usize>, index: usize) -> &mut Map<String, Value> {
    let slot = match list {
        Some(m) => &mut root["requirements"][m]["items"][index],
        None => &mut root["quality"][index],
    };
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    match slot {
        Value::Object(m) => m,
        _ => unreachable!("the slot was just made a mapping"),
    }
}
