//! `crmspec score` on complete responses: each vendor's filled grid and price schedule
//! (one schedule written by a spreadsheet library, one edited in its XML, one saved by
//! LibreOffice when installed; and the same as OpenDocument spreadsheets, filled with an
//! independent ODS library and saved by LibreOffice), marks from two evaluators with their justifications; the
//! ranking and every criterion's and sub-criterion's points compared with values computed by
//! hand; bad schedules refused cell by cell; LibreOffice's own totals compared with crmspec's.

mod common;

use calamine::{Data, Reader};
use common::*;
use std::path::{Path, PathBuf};

/// The small tender with a price schedule and a criterion split into sub-criteria:
/// coverage 40, price 30, method 20 (planning 12, team 8), references 10.
fn priced_tender(dir: &Path) -> PathBuf {
    let path = small_tender(dir);
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replace(
        r#"    - { name: "Couverture fonctionnelle", weight: 50 }
    - { name: "Prix", weight: 30 }
    - { name: "Méthode", weight: 20 }"#,
        r#"    - { name: "Couverture fonctionnelle", weight: 40 }
    - { name: "Prix", weight: 30 }
    - name: "Méthode"
      weight: 20
      sub_criteria:
        - { name: "Planning", weight: 12 }
        - { name: "Équipe", weight: 8 }
    - { name: "Références", weight: 10 }"#,
    );
    let text = format!(
        "{text}\npricing:\n  years: 3\n  licences:\n    - {{ profile: \"Vendeur\", users: 10 }}\n    - {{ profile: \"Manager\", users: 2 }}\n  one_off: [\"Intégration\", \"Formation\"]\n  recurring: [\"Hébergement\"]\n  options: [\"Module RDV\"]\n"
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `crmspec pack` and returns the price schedule it wrote (XLSX).
fn schedule_of(questionnaire: &Path, out: &Path) -> PathBuf {
    schedule_as(questionnaire, out, "xlsx")
}

/// Runs `crmspec pack` and returns the price schedule it wrote as `ext` (`xlsx`, `ods`).
fn schedule_as(questionnaire: &Path, out: &Path, ext: &str) -> PathBuf {
    let output = crmspec(&[
        "pack",
        questionnaire.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
        .lines()
        .filter_map(|l| l.strip_prefix("wrote "))
        .map(PathBuf::from)
        .find(|p| {
            p.to_string_lossy()
                .ends_with(&format!("-bordereau-prix.{ext}"))
        })
        .expect("a price schedule")
}

/// A value a vendor types.
#[derive(Clone, Copy)]
enum Value<'a> {
    N(f64),
    T(&'a str),
}

/// A vendor's prices: sheet, cell, value.
type Prices<'a> = &'a [(&'a str, &'a str, Value<'a>)];

use Value::{N, T};

const ALPHA_PRICES: Prices = &[
    ("Licences", "C4", N(100.0)),
    ("Licences", "C5", N(150.0)),
    ("Prestations ponctuelles", "B4", N(20_000.0)),
    ("Prestations ponctuelles", "B5", N(5_000.0)),
    ("Coûts récurrents", "B4", N(3_000.0)),
    ("Coûts récurrents", "C4", N(3_000.0)),
    ("Coûts récurrents", "D4", N(3_000.0)),
    ("Options", "B4", N(1_000.0)),
    ("Options", "C4", N(500.0)),
];
const BETA_PRICES: Prices = &[
    ("Licences", "C4", N(80.0)),
    ("Licences", "C5", N(200.0)),
    ("Prestations ponctuelles", "B4", N(30_000.0)),
    ("Prestations ponctuelles", "B5", N(0.0)),
    ("Coûts récurrents", "B4", N(2_000.0)),
    ("Coûts récurrents", "C4", N(2_500.0)),
    ("Coûts récurrents", "D4", N(3_000.0)),
];
const GAMMA_PRICES: Prices = &[
    ("Licences", "C4", N(120.5)),
    ("Licences", "C5", N(99.99)),
    ("Prestations ponctuelles", "B4", N(15_000.0)),
    ("Prestations ponctuelles", "B5", N(4_000.5)),
    ("Coûts récurrents", "B4", N(5_000.0)),
    ("Coûts récurrents", "C4", N(5_000.0)),
    ("Coûts récurrents", "D4", N(5_000.0)),
    ("Options", "B4", N(0.0)),
    ("Options", "C4", N(2_000.0)),
];

/// `C4` as a 0-based row and column.
fn cell(name: &str) -> (u32, u16) {
    let letters: String = name.chars().take_while(char::is_ascii_alphabetic).collect();
    let column = letters
        .bytes()
        .fold(0u16, |n, b| n * 26 + u16::from(b - b'A') + 1)
        - 1;
    let row: u32 = name[letters.len()..].parse().unwrap();
    (row - 1, column)
}

/// Where the instructions sheet asks for the vendor's name (0-based row of its label).
fn vendor_row(template: &Path) -> u32 {
    sheets(template)[0]
        .1
        .iter()
        .position(|row| row.first().is_some_and(|c| *c == "Nom du candidat"))
        .expect("a vendor cell") as u32
}

/// How the test changes a schedule's rows when it writes it afresh.
#[derive(Clone, Copy)]
enum Rows<'a> {
    AsWritten,
    /// A row inserted in a sheet before the 0-based row given.
    Insert(&'a str, u32),
    /// The 0-based row of a sheet deleted.
    Delete(&'a str, u32),
}

/// Fills a schedule as a spreadsheet program saves one: a workbook written afresh with the
/// same sheets, values and formulas, the vendor's name and prices in their cells.
fn fill_schedule(template: &Path, out: &Path, vendor: &str, prices: Prices, rows: Rows) {
    let mut source: calamine::Xlsx<_> = calamine::open_workbook(template).unwrap();
    let name_row = vendor_row(template);
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for name in source.sheet_names() {
        let values = source.worksheet_range(&name).unwrap();
        let formulas = source.worksheet_formula(&name).unwrap();
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name).unwrap();
        let place = |row: u32| -> Option<u32> {
            match rows {
                Rows::Insert(s, at) if s == name && row >= at => Some(row + 1),
                Rows::Delete(s, at) if s == name && row == at => None,
                Rows::Delete(s, at) if s == name && row > at => Some(row - 1),
                _ => Some(row),
            }
        };
        if let Rows::Insert(s, at) = rows {
            if s == name {
                sheet.write_string(at, 0, "Ligne ajoutée").unwrap();
            }
        }
        let (r0, c0) = values.start().unwrap_or((0, 0));
        for (r, row) in values.rows().enumerate() {
            for (c, value) in row.iter().enumerate() {
                let (r, c) = (r0 + r as u32, (c0 as usize + c) as u16);
                let Some(at) = place(r) else { continue };
                if formulas
                    .get_value((r, u32::from(c)))
                    .is_some_and(|f| !f.is_empty())
                {
                    continue;
                }
                match value {
                    Data::String(s) => sheet.write_string(at, c, s).map(|_| ()),
                    Data::Float(f) => sheet.write_number(at, c, *f).map(|_| ()),
                    Data::Int(i) => sheet.write_number(at, c, *i as f64).map(|_| ()),
                    _ => Ok(()),
                }
                .unwrap();
            }
        }
        if let Some((fr, fc)) = formulas.start() {
            for (r, row) in formulas.rows().enumerate() {
                for (c, formula) in row.iter().enumerate() {
                    let (r, c) = (fr + r as u32, (fc as usize + c) as u16);
                    if formula.is_empty() {
                        continue;
                    }
                    let Some(at) = place(r) else { continue };
                    sheet
                        .write_formula(at, c, rust_xlsxwriter::Formula::new(format!("={formula}")))
                        .unwrap();
                }
            }
        }
        if name == "Instructions" {
            sheet.write_string(name_row, 1, vendor).unwrap();
        }
        for (_, at, value) in prices.iter().filter(|(s, _, _)| *s == name) {
            let (r, c) = cell(at);
            let Some(r) = place(r) else { continue };
            match value {
                N(n) => sheet.write_number(r, c, *n).map(|_| ()),
                T(t) => sheet.write_string(r, c, *t).map(|_| ()),
            }
            .unwrap();
        }
    }
    workbook.save(out).unwrap();
}

/// The schedule's part for a sheet: crmspec writes them in order.
fn part_of(sheet: &str) -> String {
    let n = [
        "Instructions",
        "Synthèse",
        "Licences",
        "Prestations ponctuelles",
        "Coûts récurrents",
        "Options",
    ]
    .iter()
    .position(|s| *s == sheet)
    .expect("a sheet of the schedule")
        + 1;
    format!("xl/worksheets/sheet{n}.xml")
}

/// `xml` with the element of `cell` replaced by one holding `inner` (its style kept).
fn replace_cell(xml: &str, cell: &str, inner: &str, kind: Option<&str>) -> String {
    let start = xml
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("no cell {cell}"));
    let rest = &xml[start..];
    let open_end = rest.find('>').unwrap();
    let self_closing = rest[..open_end].ends_with('/');
    let end = if self_closing {
        open_end + 1
    } else {
        rest.find("</c>").unwrap() + 4
    };
    let style = rest[..open_end]
        .split(' ')
        .find(|a| a.starts_with("s="))
        .map(|a| format!(" {}", a.trim_end_matches('/')))
        .unwrap_or_default();
    let kind = kind.map(|t| format!(" t=\"{t}\"")).unwrap_or_default();
    format!(
        "{}<c r=\"{cell}\"{style}{kind}>{inner}</c>{}",
        &xml[..start],
        &xml[start + end..]
    )
}

/// What an edit puts in a cell.
enum Edit<'a> {
    Value(Value<'a>),
    /// A formula, with its saved result.
    Formula(&'a str),
}

/// Fills a schedule by editing its XML, as a program that changes only the cells it must:
/// every other part is copied as crmspec wrote it.
fn edit_schedule(template: &Path, out: &Path, vendor: &str, edits: &[(&str, &str, Edit)]) {
    use std::io::Write;
    let mut parts = parts(template);
    let vendor_cell = format!("B{}", vendor_row(template) + 1);
    let inline = |text: &str| format!("<is><t>{text}</t></is>");
    let instructions = String::from_utf8(parts["xl/worksheets/sheet1.xml"].clone()).unwrap();
    let instructions = replace_cell(
        &instructions,
        &vendor_cell,
        &inline(vendor),
        Some("inlineStr"),
    );
    parts.insert("xl/worksheets/sheet1.xml".into(), instructions.into_bytes());
    for (sheet, at, edit) in edits {
        let part = part_of(sheet);
        let xml = String::from_utf8(parts[&part].clone()).unwrap();
        let xml = match edit {
            Edit::Value(N(n)) => replace_cell(&xml, at, &format!("<v>{n}</v>"), None),
            Edit::Value(T(t)) => replace_cell(&xml, at, &inline(t), Some("inlineStr")),
            Edit::Formula(f) => replace_cell(&xml, at, &format!("<f>{f}</f><v>0</v>"), None),
        };
        parts.insert(part, xml.into_bytes());
    }
    let mut zip = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for (name, bytes) in &parts {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

fn prices_as_edits<'a>(prices: Prices<'a>) -> Vec<(&'a str, &'a str, Edit<'a>)> {
    prices
        .iter()
        .map(|(s, c, v)| (*s, *c, Edit::Value(*v)))
        .collect()
}

/// A LibreOffice profile that recalculates every formula of a workbook it opens (its default
/// keeps the results saved in the file).
fn recalculating_profile(dir: &Path) -> PathBuf {
    let profile = dir.join("profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    profile
}

const MARKS: &str = r#"# Two evaluators, each mark justified.
scale: 20
evaluators:
  - name: "Paul Durand"
    vendors:
      - name: "Alpha CRM"
        marks:
          "Planning": { mark: 14, justification: "Planning réaliste, jalons tenus." }
          "Équipe": { mark: 12, justification: "Équipe junior." }
          "Références": { mark: 15, justification: "Deux références dans la distribution." }
      - name: "Beta Solutions"
        marks:
          "Planning": { mark: 10, justification: "Recette trop courte." }
          "Équipe": { mark: 16, justification: "Chef de projet expérimenté." }
          "Références": { mark: 14, justification: "Références hors secteur." }
      - name: "Gamma"
        marks:
          "Planning": { mark: 18, justification: "Planning détaillé par magasin." }
          "Équipe": { mark: 10, justification: "Équipe en sous-traitance." }
          "Références": { mark: 12, justification: "Une seule référence." }
  - name: "Claire Martin"
    vendors:
      - name: "Alpha CRM"
        marks:
          "Planning": { mark: 16, justification: "Bonne méthode agile." }
          "Équipe": { mark: 13, justification: "Disponibilité confirmée." }
          "Références": { mark: 15, justification: "Références vérifiées." }
      - name: "Beta Solutions"
        marks:
          "Planning": { mark: 12, justification: "Peu de marge." }
          "Équipe": { mark: 18, justification: "Équipe stable." }
          "Références": { mark: 17, justification: "Clients satisfaits." }
      - name: "Gamma"
        marks:
          "Planning": { mark: 17, justification: "Pilote bien pensé." }
          "Équipe": { mark: 11, justification: "Rotation forte." }
          "Références": { mark: 13, justification: "Référence ancienne." }
"#;

/// A number as the French report writes it: two decimals, a decimal comma.
fn fr(x: f64) -> String {
    format!("{x:.2}").replace('.', ",")
}

/// An amount as the report writes it: rounded, thousands apart.
fn amount(x: f64) -> String {
    let digits = format!("{}", x.round() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202F}');
        }
        out.push(c);
    }
    out
}

struct Expected {
    name: &'static str,
    coverage: f64,
    price: f64,
    planning: f64,
    team: f64,
    references: f64,
    years: [f64; 3],
    options: f64,
}

impl Expected {
    fn method(&self) -> f64 {
        self.planning + self.team
    }
    fn total(&self) -> f64 {
        self.coverage + self.price + self.method() + self.references
    }
    fn tco(&self) -> f64 {
        self.years.iter().sum()
    }
}

/// The three vendors, scored by hand.
/// - Coverage (grids, points must 3, should 2, could 1; ST 100 %, SP 80 %, DS 40 %): Alpha
///   7.4 / 9, Beta 6 / 9, Gamma 6.8 / 9, times 40.
/// - Total cost of ownership over 3 years: each year the licences (10 × unit price of
///   `Vendeur` + 2 × `Manager`) and that year's hosting, the one-off services in year 1;
///   options apart. Price points: lowest TCO ÷ TCO × 30.
/// - Marks: the two evaluators' mean ÷ 20 × the sub-criterion's (or criterion's) weight.
fn expected() -> Vec<Expected> {
    // Licences per year.
    let alpha_licences = 10.0 * 100.0 + 2.0 * 150.0;
    let beta_licences = 10.0 * 80.0 + 2.0 * 200.0;
    let gamma_licences = 10.0 * 120.5 + 2.0 * 99.99;
    let alpha_years = [
        alpha_licences + 20_000.0 + 5_000.0 + 3_000.0,
        alpha_licences + 3_000.0,
        alpha_licences + 3_000.0,
    ];
    let beta_years = [
        beta_licences + 30_000.0 + 2_000.0,
        beta_licences + 2_500.0,
        beta_licences + 3_000.0,
    ];
    let gamma_years = [
        gamma_licences + 15_000.0 + 4_000.5 + 5_000.0,
        gamma_licences + 5_000.0,
        gamma_licences + 5_000.0,
    ];
    let tco = |y: [f64; 3]| y.iter().sum::<f64>();
    let lowest = tco(alpha_years).min(tco(beta_years)).min(tco(gamma_years));
    let marks = |a: f64, b: f64, weight: f64| (a + b) / 2.0 / 20.0 * weight;
    vec![
        Expected {
            name: "Alpha CRM",
            coverage: 7.4 / 9.0 * 40.0,
            price: lowest / tco(alpha_years) * 30.0,
            planning: marks(14.0, 16.0, 12.0),
            team: marks(12.0, 13.0, 8.0),
            references: marks(15.0, 15.0, 10.0),
            years: alpha_years,
            options: 1_000.0 + 3.0 * 500.0,
        },
        Expected {
            name: "Beta Solutions",
            coverage: 6.0 / 9.0 * 40.0,
            price: lowest / tco(beta_years) * 30.0,
            planning: marks(10.0, 12.0, 12.0),
            team: marks(16.0, 18.0, 8.0),
            references: marks(14.0, 17.0, 10.0),
            years: beta_years,
            options: 0.0,
        },
        Expected {
            name: "Gamma",
            coverage: 6.8 / 9.0 * 40.0,
            price: lowest / tco(gamma_years) * 30.0,
            planning: marks(18.0, 17.0, 12.0),
            team: marks(10.0, 11.0, 8.0),
            references: marks(12.0, 13.0, 10.0),
            years: gamma_years,
            options: 3.0 * 2_000.0,
        },
    ]
}

/// Runs `crmspec score QUESTIONNAIRE FILES… --marks MARKS -o OUT --format md`.
fn score(
    questionnaire: &Path,
    files: &[&Path],
    marks: Option<&Path>,
    out: &Path,
) -> std::process::Output {
    let mut args = vec!["score", questionnaire.to_str().unwrap()];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    if let Some(marks) = marks {
        args.extend(["--marks", marks.to_str().unwrap()]);
    }
    args.extend(["-o", out.to_str().unwrap(), "--format", "md"]);
    crmspec(&args)
}

/// The three vendors' grids and schedules (Gamma's re-saved by LibreOffice when installed).
struct Responses {
    questionnaire: PathBuf,
    files: Vec<PathBuf>,
    /// Gamma's schedule as the test filled it, before LibreOffice saved it.
    gamma_schedule: PathBuf,
}

fn responses(dir: &Path) -> Responses {
    let questionnaire = priced_tender(dir);
    let template = schedule_of(&questionnaire, &dir.join("pack"));
    let (grid_xlsx, _) = grid(&questionnaire, &dir.join("grid"));
    let mut files = Vec::new();
    for (vendor, answers, file) in [
        ("Alpha CRM", ALPHA, "alpha-grille.xlsx"),
        ("Beta Solutions", BETA, "beta-grille.xlsx"),
        ("Gamma", GAMMA, "gamma-grille.xlsx"),
    ] {
        let path = dir.join(file);
        fill_xlsx(&grid_xlsx, &path, vendor, answers);
        files.push(path);
    }
    // Alpha's schedule written afresh by a spreadsheet library.
    let alpha = dir.join("alpha-prix.xlsx");
    fill_schedule(
        &template,
        &alpha,
        "Alpha CRM",
        ALPHA_PRICES,
        Rows::AsWritten,
    );
    // Beta's edited in place, every other part as crmspec wrote it.
    let beta = dir.join("beta-prix.xlsx");
    edit_schedule(
        &template,
        &beta,
        "Beta Solutions",
        &prices_as_edits(BETA_PRICES),
    );
    // Gamma's filled, then saved by LibreOffice when it is installed.
    let gamma = dir.join("gamma-prix.xlsx");
    fill_schedule(&template, &gamma, "Gamma", GAMMA_PRICES, Rows::AsWritten);
    let gamma_final = match soffice() {
        Some(soffice) => libreoffice_convert(
            soffice,
            &gamma,
            "xlsx:Calc MS Excel 2007 XML",
            &dir.join("resaved"),
            &dir.join("profile"),
        ),
        None => gamma.clone(),
    };
    files.extend([alpha, beta, gamma_final]);
    Responses {
        questionnaire,
        files,
        gamma_schedule: gamma,
    }
}

#[test]
fn grids_schedules_and_two_evaluators_rank_as_computed_by_hand() {
    let dir = temp_dir("scoring-complete");
    let r = responses(&dir);
    let marks = dir.join("marks.yaml");
    std::fs::write(&marks, MARKS).unwrap();
    let out = dir.join("out");
    let files: Vec<&Path> = r.files.iter().map(PathBuf::as_path).collect();
    let output = score(&r.questionnaire, &files, Some(&marks), &out);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let mut expected = expected();
    expected.sort_by(|a, b| b.total().total_cmp(&a.total()));
    let ranked: Vec<&str> = expected.iter().map(|e| e.name).collect();
    assert_eq!(ranked, ["Alpha CRM", "Gamma", "Beta Solutions"]);
    let printed = stdout(&output);
    for (i, e) in expected.iter().enumerate() {
        let line = printed.lines().nth(i).unwrap();
        assert!(
            line.contains(&format!("{}. {}", i + 1, e.name))
                && line.contains(&format!("{:.2} / 100", e.total()))
                // Amounts as the language writes them: 37,900.00 in English.
                && line.replace(',', "").contains(&format!("TCO {:.2}", e.tco())),
            "{line}"
        );
    }

    let md = std::fs::read_to_string(out.join("crm-minimal-analyse.md")).unwrap();
    for (i, e) in expected.iter().enumerate() {
        // The ranking: points per criterion, the method's the sum of its sub-criteria.
        // Beta leaves a top-priority requirement uncovered: flagged.
        let flag = if e.name == "Beta Solutions" {
            " ⚠"
        } else {
            ""
        };
        let row = format!(
            "| {} | **{}**{flag} | {} | {} | {} | {} | **{}** |",
            i + 1,
            e.name,
            fr(e.coverage),
            fr(e.price),
            fr(e.method()),
            fr(e.references),
            fr(e.total())
        );
        assert!(md.contains(&row), "{row} not in\n{md}");
        // The total cost of ownership per year.
        let tco = format!(
            "| {} | {} | {} | {} | **{}** |",
            e.name,
            amount(e.years[0]),
            amount(e.years[1]),
            amount(e.years[2]),
            amount(e.tco())
        );
        assert!(md.contains(&tco), "{tco} not in\n{md}");
    }
    // Points per sub-criterion, vendors in ranking order.
    let sub = |name: &str, weight: u32, points: &dyn Fn(&Expected) -> f64| {
        let cells: Vec<String> = expected.iter().map(|e| fr(points(e))).collect();
        format!(
            "| &nbsp;&nbsp;&nbsp;— {name} | {weight} | {} |",
            cells.join(" | ")
        )
    };
    for row in [
        sub("Planning", 12, &|e| e.planning),
        sub("Équipe", 8, &|e| e.team),
    ] {
        assert!(md.contains(&row), "{row} not in\n{md}");
    }
    // Options are reported apart, never counted.
    let options: Vec<String> = expected
        .iter()
        .map(|e| {
            if e.options > 0.0 {
                amount(e.options)
            } else {
                "non proposée".to_string()
            }
        })
        .collect();
    let row = format!("| Module RDV | {} |", options.join(" | "));
    assert!(md.contains(&row), "{row} not in\n{md}");
    // Every evaluator's mark and justification, and the mean.
    for words in [
        "## Notes du comité d’évaluation",
        "### Planning — Méthode (12&nbsp;points)",
        "| Alpha CRM | Paul Durand | 14,0 | Planning réaliste, jalons tenus. |",
        "|  | Claire Martin | 16,0 | Bonne méthode agile. |",
        "| | **Moyenne** | **15,00** | 9,00\u{a0}points |",
        "| Beta Solutions | Paul Durand | 14,0 | Références hors secteur. |",
    ] {
        assert!(md.contains(words), "`{words}` not in\n{md}");
    }
}

/// LibreOffice, when installed, recalculates a filled schedule: its totals are the ones
/// crmspec scores.
#[test]
fn libreoffice_computes_the_totals_crmspec_scores() {
    let Some(soffice) = soffice() else { return };
    let dir = temp_dir("scoring-libreoffice-totals");
    let r = responses(&dir);
    let recalculated = libreoffice_convert(
        soffice,
        &r.gamma_schedule,
        "xlsx:Calc MS Excel 2007 XML",
        &dir.join("recalculated"),
        &recalculating_profile(&dir),
    );
    let summary = &sheets(&recalculated)[1].1;
    let number = |row: usize, col: usize| match &summary[row][col] {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("{other:?} at {row},{col}"),
    };
    let gamma = expected().into_iter().find(|e| e.name == "Gamma").unwrap();
    // Row 7: the total cost of ownership, per year then over the period; row 9: options.
    for (year, expected) in gamma.years.iter().enumerate() {
        assert!((number(6, 1 + year) - expected).abs() < 0.005);
    }
    let libreoffice_tco = number(6, 4);
    assert!((number(8, 4) - gamma.options).abs() < 0.005);
    // crmspec's scoring of the same schedule.
    let marks = dir.join("marks.yaml");
    std::fs::write(&marks, MARKS).unwrap();
    let files: Vec<&Path> = r.files.iter().map(PathBuf::as_path).collect();
    let output = score(&r.questionnaire, &files, Some(&marks), &dir.join("out"));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let line = stdout(&output)
        .lines()
        .find(|l| l.contains("Gamma"))
        .unwrap()
        .to_string();
    assert!(
        line.replace(',', "")
            .contains(&format!("TCO {libreoffice_tco:.2}")),
        "LibreOffice: {libreoffice_tco:.2}; crmspec: {line}"
    );
}

/// Runs `score` and expects it to refuse (exit 2, nothing written): its messages.
fn refused_score(
    questionnaire: &Path,
    files: &[&Path],
    marks: Option<&Path>,
    dir: &Path,
) -> String {
    let out = dir.join("refused-out");
    let output = score(questionnaire, files, marks, &out);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(!out.exists(), "nothing is written for bad input");
    stderr(&output)
}

/// Every problem of a schedule is reported at once, each with its cell: a formula where a
/// price goes, a negative amount, a locked number changed, a total typed over, a total's
/// formula changed, a word where an amount goes, an amount typed as text, a missing price.
#[test]
fn bad_schedules_are_refused_cell_by_cell() {
    let dir = temp_dir("scoring-bad");
    let questionnaire = priced_tender(&dir);
    let template = schedule_of(&questionnaire, &dir.join("pack"));
    let (grid_xlsx, _) = grid(&questionnaire, &dir.join("grid"));
    let grid = dir.join("alpha-grille.xlsx");
    fill_xlsx(&grid_xlsx, &grid, "Alpha CRM", ALPHA);
    let bad = dir.join("bad.xlsx");
    edit_schedule(
        &template,
        &bad,
        "Alpha CRM",
        &[
            ("Licences", "C4", Edit::Formula("100*1")),
            ("Licences", "C5", Edit::Value(N(-50.0))),
            ("Licences", "B4", Edit::Value(N(12.0))),
            ("Licences", "D5", Edit::Value(N(999.0))),
            ("Prestations ponctuelles", "B4", Edit::Value(T("gratuit"))),
            ("Coûts récurrents", "B4", Edit::Value(T("4 000,50"))),
            ("Coûts récurrents", "C4", Edit::Value(N(1_000.0))),
            ("Coûts récurrents", "D4", Edit::Value(N(1_000.0))),
            ("Synthèse", "E7", Edit::Formula("SUM(E4:E5)")),
        ],
    );
    let err = refused_score(&questionnaire, &[&grid, &bad], None, &dir);
    let at = |place: &str| format!("{}!{place}: error: ", bad.display());
    for (place, message) in [
        ("Licences!C4", "a formula (`=100*1`) where crmspec reads a value"),
        ("Licences!C5", "a negative amount, -50 (the unit price of `Manager`)"),
        ("Licences!B4", "a locked cell was changed: `12` instead of `10`"),
        ("Licences!D5", "the total `=B5*C5` was replaced by a value"),
        (
            "Prestations ponctuelles!B4",
            "`gratuit` is not an amount (`Intégration`)",
        ),
        ("Prestations ponctuelles!B5", "no price for `Formation`"),
        (
            "Coûts récurrents!B4",
            "`4 000,50` is text, not a number: the schedule's totals leave it out (`Hébergement`, year 1)",
        ),
        (
            "Synthèse!E7",
            "the total's formula was changed: `=SUM(E4:E5)` instead of `=SUM(E4:E6)`",
        ),
    ] {
        let line = format!("{}{message}", at(place));
        assert!(err.contains(&line), "`{line}` not in:\n{err}");
    }
    // The options may be left empty: an option not offered.
    assert!(!err.contains("Options!"), "{err}");
}

/// A row added or removed among the lines is said once, as such; a schedule made for
/// another version of the questionnaire is refused by its fingerprint.
#[test]
fn rows_added_or_removed_and_other_versions_are_refused() {
    let dir = temp_dir("scoring-rows");
    let questionnaire = priced_tender(&dir);
    let template = schedule_of(&questionnaire, &dir.join("pack"));
    let (grid_xlsx, _) = grid(&questionnaire, &dir.join("grid"));
    let grid = dir.join("alpha-grille.xlsx");
    fill_xlsx(&grid_xlsx, &grid, "Alpha CRM", ALPHA);

    let added = dir.join("added.xlsx");
    fill_schedule(
        &template,
        &added,
        "Alpha CRM",
        ALPHA_PRICES,
        Rows::Insert("Licences", 4),
    );
    let err = refused_score(&questionnaire, &[&grid, &added], None, &dir);
    assert!(
        err.contains(&format!(
            "{}!Licences!A5: error: a row was added (`Ligne ajoutée`): the schedule's lines are fixed",
            added.display()
        )),
        "{err}"
    );
    assert_eq!(err.matches(": error: ").count(), 1, "said once:\n{err}");

    let removed = dir.join("removed.xlsx");
    fill_schedule(
        &template,
        &removed,
        "Alpha CRM",
        ALPHA_PRICES,
        Rows::Delete("Prestations ponctuelles", 4),
    );
    let err = refused_score(&questionnaire, &[&grid, &removed], None, &dir);
    assert!(
        err.contains(&format!(
            "{}!Prestations ponctuelles!A5: error: the row of `Formation` was removed",
            removed.display()
        )),
        "{err}"
    );

    // The same tender with one more `Vendeur`: another schedule.
    let other_dir = dir.join("other");
    std::fs::create_dir_all(&other_dir).unwrap();
    let other = priced_tender(&other_dir);
    let text = std::fs::read_to_string(&other).unwrap().replace(
        "profile: \"Vendeur\", users: 10",
        "profile: \"Vendeur\", users: 11",
    );
    std::fs::write(&other, text).unwrap();
    let other_template = schedule_of(&other, &other_dir.join("pack"));
    let old = dir.join("old.xlsx");
    fill_schedule(
        &other_template,
        &old,
        "Alpha CRM",
        ALPHA_PRICES,
        Rows::AsWritten,
    );
    let err = refused_score(&questionnaire, &[&grid, &old], None, &dir);
    assert!(
        err.contains(
            "error: this price schedule was made for another version of the questionnaire"
        ),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}!Instructions!B", old.display())),
        "{err}"
    );
}

/// Each vendor answers with a grid and a schedule, matched by name: one without the other is
/// named; a price in the marks file beside a schedule is refused; the evaluators' marks are
/// checked (justified, complete, within the scale).
#[test]
fn grids_schedules_and_marks_must_match() {
    let dir = temp_dir("scoring-match");
    let r = responses(&dir);
    let [alpha_grid, beta_grid, _, alpha_prices, beta_prices, _] = &r.files[..] else {
        panic!("six files")
    };
    let err = refused_score(
        &r.questionnaire,
        &[alpha_grid, beta_grid, alpha_prices],
        None,
        &dir,
    );
    assert!(
        err.contains(&format!(
            "{}: error: vendor `Beta Solutions` has a grid but no price schedule",
            beta_grid.display()
        )),
        "{err}"
    );
    let err = refused_score(
        &r.questionnaire,
        &[alpha_grid, alpha_prices, beta_prices],
        None,
        &dir,
    );
    assert!(
        err.contains(&format!(
            "{}: error: vendor `Beta Solutions` has a price schedule but no grid",
            beta_prices.display()
        )),
        "{err}"
    );

    // Without the marks, the prices still score; the criteria left without points are named.
    let files: Vec<&Path> = r.files.iter().map(PathBuf::as_path).collect();
    let output = score(&r.questionnaire, &files, None, &dir.join("no-marks"));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("incomplete ranking: no points for `Méthode`, `Références`"),
        "{}",
        stderr(&output)
    );

    // The marks file: a price beside the schedules, a mark without justification, a
    // sub-criterion left unmarked, a mark beyond the scale, the whole criterion marked.
    let marks = dir.join("bad-marks.yaml");
    let text = MARKS
        .replacen(
            "evaluators:",
            "vendors:\n  - name: \"Alpha CRM\"\n    price: 1000\nevaluators:",
            1,
        )
        .replacen("justification: \"Équipe junior.\"", "justification: \" \"", 1)
        .replacen(
            "          \"Équipe\": { mark: 16, justification: \"Chef de projet expérimenté.\" }\n",
            "",
            1,
        )
        .replacen("{ mark: 18, justification: \"Planning détaillé", "{ mark: 21, justification: \"Planning détaillé", 1)
        .replacen(
            "\"Références\": { mark: 13, justification: \"Référence ancienne.\" }",
            "\"Références\": { mark: 13, justification: \"Référence ancienne.\" }\n          \"Méthode\": { mark: 12, justification: \"Globalement.\" }",
            1,
        );
    std::fs::write(&marks, &text).unwrap();
    let err = refused_score(&r.questionnaire, &files, Some(&marks), &dir);
    let line = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let file = marks.display().to_string();
    for (at, message) in [
        (
            line("price: 1000"),
            "the price of `Alpha CRM` comes from its price schedule",
        ),
        (
            line("justification: \" \""),
            "`Paul Durand`'s mark for `Équipe` of `Alpha CRM` has no justification",
        ),
        (
            line("Recette trop courte"),
            "`Paul Durand` gives no mark for `Équipe` to `Beta Solutions`",
        ),
        (line("mark: 21"), "mark 21 is outside 0–20"),
        (
            line("Globalement"),
            "`Méthode` is not a criterion marked by the committee",
        ),
    ] {
        let found = err
            .lines()
            .any(|l| l.starts_with(&format!("{file}:{at}:")) && l.contains(message));
        assert!(found, "`{file}:{at}: … {message}` not in:\n{err}");
    }
    assert!(
        err.contains("it is marked on its sub-criteria: `Planning`, `Équipe`"),
        "{err}"
    );
}

/// A schedule is read as a hostile file, as the grid is: a value far outside its sheets is
/// refused with its cell before the sheet is held in memory, and a workbook linking to other
/// files is refused.
#[test]
fn hostile_schedules_are_refused() {
    use std::io::Write;
    let dir = temp_dir("scoring-hostile");
    let questionnaire = priced_tender(&dir);
    let template = schedule_of(&questionnaire, &dir.join("pack"));
    let (grid_xlsx, _) = grid(&questionnaire, &dir.join("grid"));
    let grid = dir.join("alpha-grille.xlsx");
    fill_xlsx(&grid_xlsx, &grid, "Alpha CRM", ALPHA);
    let filled = dir.join("filled.xlsx");
    edit_schedule(
        &template,
        &filled,
        "Alpha CRM",
        &prices_as_edits(ALPHA_PRICES),
    );
    type Parts = std::collections::BTreeMap<String, Vec<u8>>;
    let rewrite = |out: &Path, change: &dyn Fn(&mut Parts)| {
        let mut parts = parts(&filled);
        change(&mut parts);
        let mut zip = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
        for (name, bytes) in &parts {
            zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
    };
    let far = dir.join("far.xlsx");
    rewrite(&far, &|parts| {
        let part = part_of("Options");
        let xml = String::from_utf8(parts[&part].clone()).unwrap().replace(
            "</sheetData>",
            r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>"#,
        );
        parts.insert(part, xml.into_bytes());
    });
    let err = refused_score(&questionnaire, &[&grid, &far], None, &dir);
    assert!(
        err.contains(&format!(
            "{}!Options!XFD1048576: error: a value outside the price schedule",
            far.display()
        )),
        "{err}"
    );
    let linked = dir.join("linked.xlsx");
    rewrite(&linked, &|parts| {
        parts.insert(
            "xl/externalLinks/externalLink1.xml".into(),
            b"<externalLink/>".to_vec(),
        );
    });
    let err = refused_score(&questionnaire, &[&grid, &linked], None, &dir);
    assert!(
        err.contains(
            "error: the workbook links to other files (xl/externalLinks/externalLink1.xml)"
        ),
        "{err}"
    );
}

/// Fills an OpenDocument grid or schedule with an independent ODS library, as a vendor's
/// spreadsheet program would: the vendor's name beside its label, the grid's `answers` on the
/// rows of their IDs, the schedule's `prices` in their cells; every other cell, formula,
/// style and validation as the library read them.
fn fill_ods(template: &Path, out: &Path, vendor: &str, prices: Prices, answers: &[Fill]) {
    let bytes = std::fs::read(template).unwrap();
    let mut book = spreadsheet_ods::read_ods_buf(&bytes).unwrap();
    for i in 0..book.num_sheets() {
        let sheet = book.sheet_mut(i);
        let name = sheet.name().clone();
        let (rows, _) = sheet.used_grid_size();
        for r in 0..=rows {
            let label = sheet.value(r, 0).as_str_or("").to_string();
            if label == "Nom du candidat" {
                sheet.set_value(r, 1, vendor);
            }
            if let Some((_, coverage, comment, cost)) = answers.iter().find(|a| a.0 == label) {
                sheet.set_value(r, 5, *coverage);
                if !comment.is_empty() {
                    sheet.set_value(r, 6, *comment);
                }
                if let Some(cost) = cost {
                    sheet.set_value(r, 7, *cost);
                }
            }
        }
        for (_, at, value) in prices.iter().filter(|(s, _, _)| *s == name) {
            let (r, c) = cell(at);
            match value {
                N(n) => sheet.set_value(r, u32::from(c), *n),
                T(t) => sheet.set_value(r, u32::from(c), *t),
            }
        }
    }
    let filled = spreadsheet_ods::write_ods_buf(&mut book, Vec::new()).unwrap();
    std::fs::write(out, filled).unwrap();
}

/// The ranking `score` prints: its lines up to the files it wrote.
fn ranking(output: &std::process::Output) -> Vec<String> {
    stdout(output)
        .lines()
        .take_while(|l| !l.starts_with("wrote "))
        .map(str::to_string)
        .collect()
}

/// The same responses as OpenDocument spreadsheets rank the vendors as the XLSX ones, to the
/// cent: Alpha's filled by an ODS library, Beta's filled as XLSX and converted to ODS by
/// LibreOffice, Gamma's filled by the library and saved again by LibreOffice (both when
/// LibreOffice is installed; by the library alone otherwise).
#[test]
fn opendocument_grids_and_schedules_rank_as_the_xlsx_ones() {
    let dir = temp_dir("scoring-ods");
    let marks = dir.join("marks.yaml");
    std::fs::write(&marks, MARKS).unwrap();
    let xlsx = responses(&temp_dir("scoring-ods-xlsx"));
    let files: Vec<&Path> = xlsx.files.iter().map(PathBuf::as_path).collect();
    let by_xlsx = score(
        &xlsx.questionnaire,
        &files,
        Some(&marks),
        &dir.join("out-xlsx"),
    );
    assert_eq!(by_xlsx.status.code(), Some(0), "{}", stderr(&by_xlsx));

    let questionnaire = priced_tender(&dir);
    let schedule = schedule_as(&questionnaire, &dir.join("pack"), "ods");
    let grid_out = dir.join("grid");
    let output = crmspec(&[
        "grid",
        questionnaire.to_str().unwrap(),
        "-o",
        grid_out.to_str().unwrap(),
        "--format",
        "ods,xlsx",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let grid = grid_out.join("crm-minimal-grille.ods");
    let grid_xlsx = grid_out.join("crm-minimal-grille.xlsx");
    let soffice = soffice();
    let profile = dir.join("profile");
    let mut files = Vec::new();
    for (vendor, answers, prices, file) in [
        ("Alpha CRM", ALPHA, ALPHA_PRICES, "alpha"),
        ("Beta Solutions", BETA, BETA_PRICES, "beta"),
        ("Gamma", GAMMA, GAMMA_PRICES, "gamma"),
    ] {
        let grid_path = dir.join(format!("{file}-grille.ods"));
        let prices_path = dir.join(format!("{file}-prix.ods"));
        match (file, soffice) {
            ("beta", Some(soffice)) => {
                // Filled as XLSX, then saved as ODS by LibreOffice.
                let xlsx_grid = dir.join("beta-grille.xlsx");
                fill_xlsx(&grid_xlsx, &xlsx_grid, vendor, answers);
                let xlsx_prices = dir.join("beta-prix.xlsx");
                let template = schedule_as(&questionnaire, &dir.join("pack-xlsx"), "xlsx");
                fill_schedule(&template, &xlsx_prices, vendor, prices, Rows::AsWritten);
                for path in [xlsx_grid, xlsx_prices] {
                    files.push(libreoffice_convert(
                        soffice,
                        &path,
                        "ods",
                        &dir.join("converted"),
                        &profile,
                    ));
                }
                continue;
            }
            _ => {
                fill_ods(&grid, &grid_path, vendor, &[], answers);
                fill_ods(&schedule, &prices_path, vendor, prices, &[]);
            }
        }
        for path in [grid_path, prices_path] {
            files.push(match (file, soffice) {
                ("gamma", Some(soffice)) => {
                    libreoffice_convert(soffice, &path, "ods", &dir.join("resaved"), &profile)
                }
                _ => path,
            });
        }
    }
    let files: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let by_ods = score(&questionnaire, &files, Some(&marks), &dir.join("out-ods"));
    assert_eq!(by_ods.status.code(), Some(0), "{}", stderr(&by_ods));
    let ranked = ranking(&by_ods);
    assert_eq!(ranked.len(), 3, "{ranked:?}");
    assert!(ranked[0].contains("1. Alpha CRM"), "{ranked:?}");
    assert_eq!(ranked, ranking(&by_xlsx));
}
