//! `crmspec requirements export` and `import`, for real: the reference questionnaire's
//! requirements exported, edited in a spreadsheet (written by a spreadsheet library, and once
//! through LibreOffice), imported back; the questionnaire must differ from the original by
//! exactly the edited lines, comments and every other line untouched.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// The reference questionnaire and its logo, copied into a fresh folder.
fn reference_copy(name: &str) -> Option<(PathBuf, String)> {
    let reference = reference()?;
    let dir = temp_dir(name);
    let path = dir.join("questionnaire.yaml");
    std::fs::copy(&reference, &path).unwrap();
    std::fs::copy(reference.with_file_name("logo.png"), dir.join("logo.png")).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    Some((path, text))
}

fn export(questionnaire: &Path, output: &Path) {
    let out = crmspec(&[
        "requirements",
        "export",
        questionnaire.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(output.exists());
}

fn import(sheet: &Path, questionnaire: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "requirements",
        "import",
        sheet.to_str().unwrap(),
        questionnaire.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    crmspec(&args)
}

/// A sheet's rows as text.
fn rows_of(path: &Path) -> (String, Vec<Vec<String>>) {
    let (name, rows) = sheets(path).into_iter().next().unwrap();
    let rows = rows
        .into_iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    (name, rows)
}

/// A workbook of one sheet, as a spreadsheet program saves one.
fn write_xlsx(path: &Path, sheet: &str, rows: &[Vec<String>]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    workbook.save(path).unwrap();
}

fn row_of<'a>(rows: &'a mut [Vec<String>], id: &str) -> &'a mut Vec<String> {
    rows.iter_mut()
        .find(|r| r.get(1).map(String::as_str) == Some(id))
        .unwrap_or_else(|| panic!("no row {id}"))
}

/// The three edits and the new row every round trip makes, on the sheet's rows (columns:
/// module, ID, title, description, priority, acceptance, origin).
fn edit(rows: &mut Vec<Vec<String>>) {
    for row in rows.iter_mut() {
        row.resize(7, String::new());
    }
    row_of(rows, "CLI-01")[2] = "Fiche client unifiée".into();
    row_of(rows, "MAR-02")[4] = "Indispensable".into();
    row_of(rows, "SER-02")[5] = "Trois réponses types testées en magasin".into();
    let at = rows.iter().position(|r| r[1] == "MOB-02").unwrap() + 1;
    rows.insert(
        at,
        vec![
            "Mobilité".into(),
            String::new(),
            "Catalogue hors ligne".into(),
            "Consulter les produits et leurs finitions sans réseau.".into(),
            "Important".into(),
            String::new(),
            String::new(),
        ],
    );
}

/// The original questionnaire with exactly those edits.
fn edited(original: &str) -> String {
    let replace = |text: String, from: &str, to: &str| {
        assert_eq!(text.matches(from).count(), 1, "{from}");
        text.replace(from, to)
    };
    let text = replace(
        original.to_string(),
        "        title: \"Fiche client unique\"\n",
        "        title: \"Fiche client unifiée\"\n",
    );
    let text = replace(
        text,
        "        description: \"Cumul et utilisation des points sur tous les canaux.\"\n        priority: should\n",
        "        description: \"Cumul et utilisation des points sur tous les canaux.\"\n        priority: must\n",
    );
    let text = replace(
        text,
        "        description: \"Réponses types partagées entre chat, email et magasins.\"\n        priority: should\n",
        "        description: \"Réponses types partagées entre chat, email et magasins.\"\n        priority: should\n        acceptance: \"Trois réponses types testées en magasin\"\n",
    );
    replace(
        text,
        "        description: \"Consultation sans réseau dans les réserves.\"\n        priority: wont\n",
        "        description: \"Consultation sans réseau dans les réserves.\"\n        priority: wont\n      - id: MOB-03\n        title: \"Catalogue hors ligne\"\n        description: \"Consulter les produits et leurs finitions sans réseau.\"\n        priority: should\n",
    )
}

/// Compares line by line, naming the first line that differs.
fn assert_same_lines(found: &str, expected: &str) {
    for (n, (a, b)) in found.lines().zip(expected.lines()).enumerate() {
        assert_eq!(a, b, "line {}", n + 1);
    }
    assert_eq!(found.lines().count(), expected.lines().count());
    assert_eq!(found, expected);
}

fn assert_summary(output: &std::process::Output) {
    assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
    let said = stdout(output);
    assert!(said.contains("Added: 1 requirement (MOB-03)"), "{said}");
    assert!(
        said.contains("Changed: 3 requirements (CLI-01, MAR-02, SER-02)"),
        "{said}"
    );
    assert!(!said.contains("Removed"), "{said}");
}

#[test]
fn export_is_a_sheet_made_for_editing() {
    let Some((q, _)) = reference_copy("req-export") else {
        return;
    };
    let xlsx = q.with_file_name("requirements.xlsx");
    export(&q, &xlsx);
    let (name, rows) = rows_of(&xlsx);
    assert_eq!(name, "Exigences à modifier");
    assert_eq!(
        rows[0],
        [
            "Module",
            "Identifiant",
            "Titre",
            "Description",
            "Priorité",
            "Critère d'acceptation",
            "Origine"
        ]
    );
    // The header and every requirement (10), with the IDs crmspec assigns and the
    // priorities' labels.
    assert_eq!(rows.iter().filter(|r| !r[1].is_empty()).count(), 11);
    assert_eq!(
        rows[1][..6],
        [
            "Gestion des clients",
            "CLI-01",
            "Fiche client unique",
            "Une fiche par client, alimentée par la caisse, le site et le service client.",
            "Indispensable",
            "Un achat en magasin apparaît sur la fiche en moins de 15 minutes."
        ]
    );
    let parts = parts(&xlsx);
    let sheet = text(&parts, "xl/worksheets/sheet1.xml");
    // Protected, the header frozen, two dropdowns reading the lists sheet.
    assert!(sheet.contains("<sheetProtection"), "{sheet}");
    assert!(sheet.contains(r#"<pane ySplit="1""#), "{sheet}");
    assert_eq!(sheet.matches("<dataValidation ").count(), 2, "{sheet}");
    assert!(
        sheet.contains("<formula1>'Listes'!$A$1:$A$11</formula1>"),
        "{sheet}"
    );
    assert!(
        sheet.contains("<formula1>'Listes'!$B$1:$B$4</formula1>"),
        "{sheet}"
    );
    assert!(sheet.contains("<autoFilter"), "{sheet}");
    assert!(sheet.contains(r#"orientation="landscape""#), "{sheet}");
    // The lists: the modules, then the quality areas; the scheme's priorities.
    let (_, lists) = sheets(&xlsx).into_iter().nth(1).unwrap();
    let column = |c: usize| -> Vec<String> {
        lists
            .iter()
            .filter_map(|r| r.get(c).map(|d| d.to_string()))
            .filter(|s| !s.is_empty())
            .collect()
    };
    assert_eq!(
        column(0)[..4],
        [
            "Gestion des clients",
            "Marketing",
            "Service client",
            "Mobilité"
        ]
    );
    assert_eq!(column(0)[4], "Qualité — Performance");
    assert_eq!(
        column(1),
        [
            "Indispensable",
            "Important",
            "Souhaitable",
            "Exclu de cette version"
        ]
    );
    // Same bytes for the same questionnaire.
    let again = q.with_file_name("again.xlsx");
    export(&q, &again);
    assert_eq!(
        std::fs::read(&xlsx).unwrap(),
        std::fs::read(&again).unwrap()
    );
    // Unchanged, it imports as no change and leaves the file alone.
    let before = std::fs::read(&q).unwrap();
    let out = import(&xlsx, &q, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("No requirement changed."));
    assert_eq!(std::fs::read(&q).unwrap(), before);
}

#[test]
fn spreadsheet_round_trip_changes_only_the_edited_lines() {
    let Some((q, original)) = reference_copy("req-xlsx") else {
        return;
    };
    let xlsx = q.with_file_name("requirements.xlsx");
    export(&q, &xlsx);
    let (name, mut rows) = rows_of(&xlsx);
    edit(&mut rows);
    let edited_xlsx = q.with_file_name("edited.xlsx");
    write_xlsx(&edited_xlsx, &name, &rows);
    // A dry run says what would change and writes nothing.
    let dry = import(&edited_xlsx, &q, &["--dry-run"]);
    assert_summary(&dry);
    assert_eq!(std::fs::read_to_string(&q).unwrap(), original);
    let out = import(&edited_xlsx, &q, &[]);
    assert_summary(&out);
    let now = std::fs::read_to_string(&q).unwrap();
    assert_same_lines(&now, &edited(&original));
    let check = crmspec(&["check", q.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    // Exported again and imported, nothing changes.
    export(&q, &xlsx);
    let again = import(&xlsx, &q, &[]);
    assert!(
        stdout(&again).contains("No requirement changed."),
        "{}",
        stdout(&again)
    );
    assert_eq!(std::fs::read_to_string(&q).unwrap(), now);
}

#[test]
fn csv_round_trip_changes_only_the_edited_lines() {
    let Some((q, original)) = reference_copy("req-csv") else {
        return;
    };
    let csv_path = q.with_file_name("requirements.csv");
    export(&q, &csv_path);
    let mut rows = read_csv(&csv_path);
    edit(&mut rows);
    write_csv(&csv_path, &rows);
    let out = import(&csv_path, &q, &[]);
    assert_summary(&out);
    assert_same_lines(&std::fs::read_to_string(&q).unwrap(), &edited(&original));
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap();
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn write_csv(path: &Path, rows: &[Vec<String>]) {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    for row in rows {
        writer.write_record(row).unwrap();
    }
    std::fs::write(path, writer.into_inner().unwrap()).unwrap();
}

/// LibreOffice opens the exported sheet and saves it as ODS: read back, nothing changed.
/// Then the sheet edited as CSV is opened by LibreOffice and saved as ODS, and that ODS is
/// imported: the same lines change as with a spreadsheet library.
#[test]
fn libreoffice_round_trip_changes_only_the_edited_lines() {
    let Some((q, original)) = reference_copy("req-libreoffice") else {
        return;
    };
    let Some(soffice) = soffice() else {
        return;
    };
    let dir = q.parent().unwrap().to_path_buf();
    let profile = dir.join("profile");
    let xlsx = dir.join("requirements.xlsx");
    export(&q, &xlsx);
    let ods_dir = dir.join("ods");
    std::fs::create_dir_all(&ods_dir).unwrap();
    let ods = libreoffice_convert(soffice, &xlsx, "ods", &ods_dir, &profile);
    let out = import(&ods, &q, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("No requirement changed."),
        "{}",
        stdout(&out)
    );
    assert_eq!(std::fs::read_to_string(&q).unwrap(), original);

    let csv_path = dir.join("edited.csv");
    export(&q, &csv_path);
    let mut rows = read_csv(&csv_path);
    edit(&mut rows);
    write_csv(&csv_path, &rows);
    // CSV import options: `;` between fields, `"` around text, UTF-8, from line 1, every
    // column as text (so that nothing is read as a number or a date).
    let output = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--infilter=CSV:59,34,76,1,1/2/2/2/3/2/4/2/5/2/6/2/7/2",
            "--convert-to",
            "ods",
            "--outdir",
        ])
        .arg(&ods_dir)
        .arg(&csv_path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let edited_ods = ods_dir.join("edited.ods");
    assert!(edited_ods.exists());
    let out = import(&edited_ods, &q, &[]);
    assert_summary(&out);
    assert_same_lines(&std::fs::read_to_string(&q).unwrap(), &edited(&original));
}

/// A sheet with bad rows is refused whole, each problem at its cell, and nothing is written.
#[test]
fn bad_rows_are_refused_with_their_cells() {
    let Some((q, original)) = reference_copy("req-refused") else {
        return;
    };
    let xlsx = q.with_file_name("requirements.xlsx");
    export(&q, &xlsx);
    let (name, mut rows) = rows_of(&xlsx);
    for row in rows.iter_mut() {
        row.resize(7, String::new());
    }
    rows[2][4] = "Indispensible".into(); // E3
    rows[3][2] = String::new(); // C4
    rows[4][1] = "CLI-01".into(); // B5, already B2
    rows[5][0] = "Marketting".into(); // A6
    rows[6][1] = "XYZ-99".into(); // B7
    let bad = q.with_file_name("bad.xlsx");
    write_xlsx(&bad, &name, &rows);
    let out = import(&bad, &q, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    let at = |cell: &str| format!("{}!{name}!{cell}: error: ", bad.display());
    for (cell, message) in [
        (
            "E3",
            "`Indispensible` is not a priority of this questionnaire",
        ),
        ("C4", "the title is empty"),
        ("B5", "the ID `CLI-01` is on two rows"),
        (
            "A6",
            "the module `Marketting` is not one of the questionnaire's",
        ),
        (
            "B7",
            "no requirement of the questionnaire has the ID `XYZ-99`",
        ),
    ] {
        assert!(
            err.contains(&format!("{}{message}", at(cell))),
            "{cell}: {err}"
        );
    }
    assert!(err.contains("did you mean `Indispensable`?"), "{err}");
    assert!(err.contains("did you mean `Marketing`?"), "{err}");
    assert!(
        err.contains(&format!("it is first at {}!{name}!B2", bad.display())),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&q).unwrap(), original);
    // In French too.
    let out = crmspec(&[
        "--lang",
        "fr",
        "requirements",
        "import",
        bad.to_str().unwrap(),
        q.to_str().unwrap(),
    ]);
    assert!(stderr(&out).contains("n'est pas une priorité de ce questionnaire"));

    // A CSV's problems name their line.
    let csv_path = q.with_file_name("bad.csv");
    write_csv(&csv_path, &rows);
    let out = import(&csv_path, &q, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("{}:3: error: `Indispensible`", csv_path.display())),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&q).unwrap(), original);
}

/// A deleted row is cut from the questionnaire with its lines; the requirements after it
/// keep their IDs (written now, since assigned IDs follow positions).
#[test]
fn deleted_rows_are_removed_and_later_ids_kept() {
    let Some((q, original)) = reference_copy("req-delete") else {
        return;
    };
    let csv_path = q.with_file_name("requirements.csv");
    export(&q, &csv_path);
    let mut rows = read_csv(&csv_path);
    rows.retain(|r| r[1] != "CLI-02");
    write_csv(&csv_path, &rows);
    let out = import(&csv_path, &q, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Removed: 1 requirement (CLI-02)"),
        "{}",
        stdout(&out)
    );
    let expected = original.replace(
        "      - title: \"Dédoublonnage\"\n        description: \"Détection et fusion des doublons sur email, téléphone et adresse.\"\n        priority: must\n      - title: \"Comptes professionnels\"\n",
        "      - id: CLI-03\n        title: \"Comptes professionnels\"\n",
    );
    assert_ne!(expected, original);
    assert_same_lines(&std::fs::read_to_string(&q).unwrap(), &expected);
}

/// Catalogue requirements are listed with their origin and locked; changing one is refused
/// with the way to do it. Quality requirements are rows too, and a new one gets `QUA-` and
/// its area.
#[test]
fn catalogue_and_quality_rows() {
    let dir = temp_dir("req-catalogue");
    let q = dir.join("northwind.yaml");
    std::fs::copy(spec("northwind-b2b.yaml"), &q).unwrap();
    std::fs::copy(spec("northwind-logo.jpg"), dir.join("northwind-logo.jpg")).unwrap();
    let original = std::fs::read_to_string(&q).unwrap();
    let xlsx = dir.join("requirements.xlsx");
    export(&q, &xlsx);
    let (name, mut rows) = rows_of(&xlsx);
    let catalogue = rows.iter().position(|r| r[1] == "REP-SELF").unwrap();
    assert_eq!(rows[catalogue][6], "Catalogue REP-SELF");
    let parts = parts(&xlsx);
    assert!(text(&parts, "xl/worksheets/sheet1.xml").contains("<sheetProtection"));
    // Unchanged, nothing to do.
    let out = import(&xlsx, &q, &[]);
    assert!(
        stdout(&out).contains("No requirement changed."),
        "{}",
        stderr(&out)
    );
    // A changed catalogue row is refused.
    rows[catalogue][2] = "Reports any user builds".into();
    let bad = dir.join("bad.xlsx");
    write_xlsx(&bad, &name, &rows);
    let out = import(&bad, &q, &[]);
    assert_eq!(out.status.code(), Some(2));
    let cell = format!("{}!{name}!B{}", bad.display(), catalogue + 1);
    assert!(
        stderr(&out).contains(&format!(
            "{cell}: error: the catalogue requirement `REP-SELF` was changed"
        )),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&q).unwrap(), original);
    // A quality requirement added.
    let (_, mut rows) = rows_of(&xlsx);
    let quality_ids = rows.iter().filter(|r| r[1].starts_with("QUA-")).count();
    let mut new_row = vec![String::new(); 7];
    new_row[0] = rows
        .iter()
        .find(|r| r[0].contains("—"))
        .map(|r| r[0].clone())
        .unwrap_or_else(|| "Quality — Security".into());
    new_row[2] = "Audit trail".into();
    new_row[3] = "Every change to an account is logged with its author.".into();
    new_row[4] = rows[1][4].clone();
    rows.push(new_row);
    let edited = dir.join("edited.xlsx");
    write_xlsx(&edited, &name, &rows);
    let out = import(&edited, &q, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let id = format!("QUA-{:02}", quality_ids + 1);
    assert!(
        stdout(&out).contains(&format!("Added: 1 requirement ({id})")),
        "{}",
        stdout(&out)
    );
    let now = std::fs::read_to_string(&q).unwrap();
    assert!(now.contains(&format!("id: {id}")), "{now}");
    assert!(now.starts_with(&original[..original.find("quality:").unwrap_or(0)]));
    let check = crmspec(&["check", q.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

/// A description written as a `|` block (ending with a line break, which a spreadsheet cell
/// does not keep) reads back unchanged; editing its row's title changes only the title.
#[test]
fn block_texts_survive_the_sheet() {
    let Some((q, original)) = reference_copy("req-block") else {
        return;
    };
    let from =
        "        description: \"Segments dynamiques sur achats, canal préféré et magasin.\"\n";
    let block = "        description: |\n          Segments dynamiques sur achats,\n          canal préféré et magasin.\n";
    let original = original.replace(from, block);
    std::fs::write(&q, &original).unwrap();
    let xlsx = q.with_file_name("requirements.xlsx");
    export(&q, &xlsx);
    let out = import(&xlsx, &q, &[]);
    assert!(
        stdout(&out).contains("No requirement changed."),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&q).unwrap(), original);
    let (name, mut rows) = rows_of(&xlsx);
    row_of(&mut rows, "MAR-01")[2] = "Segmentation dynamique".into();
    write_xlsx(&xlsx, &name, &rows);
    let out = import(&xlsx, &q, &[]);
    assert!(
        stdout(&out).contains("Changed: 1 requirement (MAR-01)"),
        "{}",
        stderr(&out)
    );
    assert_same_lines(
        &std::fs::read_to_string(&q).unwrap(),
        &original.replace(
            "title: \"Segmentation\"\n",
            "title: \"Segmentation dynamique\"\n",
        ),
    );
}

/// What is not a sheet crmspec reads is refused before anything is read from it.
#[test]
fn other_files_are_refused() {
    let Some((q, original)) = reference_copy("req-other") else {
        return;
    };
    let ods = q.with_file_name("notes.ods");
    std::fs::write(&ods, "not a spreadsheet").unwrap();
    let out = import(&ods, &q, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with(&format!("{}: error: ", ods.display())),
        "{}",
        stderr(&out)
    );
    let txt = q.with_file_name("notes.txt");
    std::fs::write(&txt, "Module;ID\n").unwrap();
    let out = import(&txt, &q, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("crmspec reads `.xlsx`, `.ods` and `.csv` sheets, not `txt`"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&q).unwrap(), original);
}

/// A row moved to another module (or to a quality area) leaves its module and arrives in the
/// other one with that module's next ID: an ID carries its module's prefix.
#[test]
fn moved_rows_take_their_new_modules_ids() {
    let Some((q, original)) = reference_copy("req-move") else {
        return;
    };
    let csv_path = q.with_file_name("requirements.csv");
    export(&q, &csv_path);
    let mut rows = read_csv(&csv_path);
    row_of(&mut rows, "MAR-03")[0] = "Service client".into();
    row_of(&mut rows, "MOB-01")[0] = "Qualité — Ergonomie".into();
    write_csv(&csv_path, &rows);
    let out = import(&csv_path, &q, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Added: 2 requirements (SER-03, QUA-01)"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("Removed: 2 requirements (MAR-03, MOB-01)"),
        "{}",
        stdout(&out)
    );
    let now = std::fs::read_to_string(&q).unwrap();
    assert!(
        now.ends_with("\nquality:\n  - id: QUA-01\n    area: usability\n    title: \"Application vendeur\"\n    description: \"Consulter la fiche client sur une tablette en magasin.\"\n    priority: should\n"),
        "{now}"
    );
    assert!(
        now.contains("      - id: SER-03\n        title: \"Parcours automatisés\"\n"),
        "{now}"
    );
    assert!(
        now.contains("      - id: MOB-02\n        title: \"Mode hors ligne\"\n"),
        "{now}"
    );
    // Six lines cut; four (SER-03), one (the ID MOB-02 keeps) and six (quality) added.
    assert_eq!(now.lines().count(), original.lines().count() + 5);
    let check = crmspec(&["check", q.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}
