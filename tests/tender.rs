//! The tender toolkit end to end, through the real binary: the catalogue, the response grid
//! (read back with calamine, its XML checked, opened by LibreOffice when installed), vendors'
//! filled grids scored and ranked against scores computed by hand, and bad grids refused
//! with the file, sheet and cell.

mod common;

use common::*;
use std::path::Path;

/// Runs `crmspec score QUESTIONNAIRE GRIDS… -o OUT EXTRA…` with `SOURCE_DATE_EPOCH` from
/// `env` only.
fn score(
    questionnaire: &Path,
    grids: &[&Path],
    out: &Path,
    extra: &[&str],
    env: &[(&str, &str)],
) -> std::process::Output {
    let mut args = vec!["score", questionnaire.to_str().unwrap()];
    args.extend(grids.iter().map(|g| g.to_str().unwrap()));
    args.extend(["-o", out.to_str().unwrap()]);
    args.extend(extra);
    crmspec_env(&args, env)
}

/// Fills the CSV grid: the answers in the vendor's columns, `;` separated as written.
fn fill_csv(template: &Path, out: &Path, answers: &[Fill]) {
    let text = std::fs::read_to_string(template).unwrap();
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        let id = line
            .trim_start_matches('\u{feff}')
            .split(';')
            .next()
            .unwrap_or_default();
        match answers.iter().find(|a| a.0 == id) {
            Some((_, coverage, comment, cost)) => {
                let base = line.trim_end_matches(";;;;");
                let cost = cost
                    .map(|c| c.to_string().replace('.', ","))
                    .unwrap_or_default();
                lines.push(format!("{base};{coverage};{comment};{cost};"));
            }
            None => lines.push(line.to_string()),
        }
    }
    std::fs::write(out, lines.join("\r\n")).unwrap();
}

const PRICES: &str = r#"# Prices and the committee's marks (out of 20).
vendors:
  - name: "Alpha CRM"
    price: 120000
    marks: { "Méthode": 12 }
  - name: "Beta Solutions"
    price: 100000
    marks: { "Méthode": 16 }
  - name: "gamma"
    price: 150000
    marks: { "Méthode": 18 }
"#;

/// Three vendors, two XLSX grids and one CSV; the scores computed by hand:
/// points must 3, should 2, could 1; coverage ST 100 %, SP 80 %, DS 40 %, NC 0 %.
/// - Alpha: 3 + 2 + 0 + 3×0.8 = 7.4 / 9 → 82.22 % → 41.11; price 100/120×30 = 25; 12/20×20 = 12
///   → 78.11
/// - Beta: 3 + 2 + 1 + 0 = 6 / 9 → 66.67 % → 33.33; price 30; 16 → 79.33; SRV-SLA (must) NC
/// - Gamma: 3×0.4 + 2×0.8 + 1 + 3 = 6.8 / 9 → 75.56 % → 37.78; 100/150×30 = 20; 18 → 75.78
#[test]
fn three_vendors_ranked_as_computed_by_hand() {
    let dir = temp_dir("tender-three");
    let questionnaire = small_tender(&dir);
    let (xlsx, csv) = grid(&questionnaire, &dir.join("grid"));
    let (a, b, g) = (
        dir.join("alpha.xlsx"),
        dir.join("beta.xlsx"),
        dir.join("gamma.csv"),
    );
    fill_xlsx(&xlsx, &a, "Alpha CRM", ALPHA);
    fill_xlsx(&xlsx, &b, "Beta Solutions", BETA);
    fill_csv(&csv, &g, GAMMA);
    let prices = dir.join("prices.yaml");
    std::fs::write(&prices, PRICES).unwrap();
    let out = dir.join("out");
    let output = score(
        &questionnaire,
        &[&a, &b, &g],
        &out,
        &["--prices", prices.to_str().unwrap()],
        &[("SOURCE_DATE_EPOCH", "1811462400")],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = stdout(&output);
    let ranking = printed.lines().take(3).collect::<Vec<_>>().join("\n");
    assert!(
        ranking
            .lines()
            .next()
            .unwrap()
            .contains("1. Beta Solutions"),
        "{ranking}"
    );
    assert!(
        ranking.contains("79.33 / 100") && ranking.contains("⚠ 1 top-priority"),
        "{ranking}"
    );
    assert!(ranking.lines().nth(1).unwrap().contains("2. Alpha CRM") && ranking.contains("78.11"));
    assert!(ranking.lines().nth(2).unwrap().contains("3. gamma") && ranking.contains("75.78"));

    let md =
        std::fs::read_to_string(out.join("petite-entreprise-cahier-des-charges-crm-analyse.md"))
            .or_else(|_| {
                let found = std::fs::read_dir(&out)
                    .unwrap()
                    .filter_map(Result::ok)
                    .find(|e| e.path().extension().is_some_and(|x| x == "md"))
                    .expect("report markdown");
                std::fs::read_to_string(found.path())
            })
            .unwrap();
    // Ranking table: points per criterion, two decimals, French commas.
    assert!(
        md.contains("| 1 | **Beta Solutions** ⚠ | 33,33 | 30,00 | 16,00 | **79,33** |"),
        "{md}"
    );
    assert!(md.contains("| 2 | **Alpha CRM** | 41,11 | 25,00 | 12,00 | **78,11** |"));
    assert!(md.contains("| 3 | **gamma** | 37,78 | 20,00 | 18,00 | **75,78** |"));
    // The top-priority gap is named; coverage counts, extra costs and prices are shown (no
    // budget, so no currency).
    assert!(md.contains("- **Beta Solutions** — SRV-SLA (Délais de traitement garantis)"));
    assert!(
        md.contains(
            "| Alpha CRM | 82,2\u{202F}% | 2 | 1 | 0 | 1 | 2\u{202F}500 | 120\u{202F}000 |"
        ),
        "{md}"
    );
    assert!(
        md.contains("| gamma | 75,6\u{202F}% | 2 | 1 | 1 | 0 | 1\u{202F}201 | 150\u{202F}000 |"),
        "{md}"
    );
    // Gaps by vendor, most necessary first, with the vendor's comment and availability.
    assert!(md.contains("| CON-03 | Étiquettes | Souhaitable | NC — Non couvert | Prévu en 2028.<br>Disponible\u{202F}: 2027-09-01 | — |"), "{md}");
    assert!(md.contains("| CON-01 | Fiche contact | Indispensable | DS — Développement spécifique | Développement de la fiche. | 1\u{202F}201 |"), "{md}");
    assert!(!md.contains("Toutes les exigences sont couvertes en standard."));
    // The date comes from SOURCE_DATE_EPOCH (2027-05-28).
    assert!(md.contains("28\u{a0}mai 2027"), "{md}");

    // The PDF says the same, read back.
    let pdf = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .expect("report PDF");
    let text = squeeze(&pdf_text(&std::fs::read(pdf.path()).unwrap()));
    for expected in [
        "Analyse des offres",
        "Beta Solutions",
        "79,33",
        "78,11",
        "75,78",
        "SRV-SLA",
        "Document interne",
    ] {
        assert!(
            text.contains(&squeeze(expected)),
            "{expected} not in the PDF:\n{text}"
        );
    }

    // The same report as a web page and as a Word document.
    let other = dir.join("other-formats");
    let output = score(
        &questionnaire,
        &[&a, &b, &g],
        &other,
        &[
            "--prices",
            prices.to_str().unwrap(),
            "--format",
            "html,docx",
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let file = |ext: &str| {
        std::fs::read_dir(&other)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == ext))
            .unwrap_or_else(|| panic!("no .{ext} report"))
    };
    let html = std::fs::read_to_string(file("html")).unwrap();
    assert!(
        html.contains("<td class=\"right\"><strong>79,33</strong></td>"),
        "{html}"
    );
    let mut docx = zip::ZipArchive::new(std::fs::File::open(file("docx")).unwrap()).unwrap();
    let mut document = String::new();
    std::io::Read::read_to_string(
        &mut docx.by_name("word/document.xml").unwrap(),
        &mut document,
    )
    .unwrap();
    assert!(document.contains("Beta Solutions") && document.contains("79,33"));
}

#[test]
fn without_prices_the_ranking_is_provisional() {
    let dir = temp_dir("tender-provisional");
    let questionnaire = small_tender(&dir);
    let (xlsx, _) = grid(&questionnaire, &dir.join("grid"));
    let (a, b) = (dir.join("a.xlsx"), dir.join("b.xlsx"));
    fill_xlsx(&xlsx, &a, "Alpha CRM", ALPHA);
    fill_xlsx(&xlsx, &b, "Beta Solutions", BETA);
    let out = dir.join("out");
    let output = score(&questionnaire, &[&a, &b], &out, &["--format", "md"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output)
        .lines()
        .next()
        .unwrap()
        .contains("1. Alpha CRM"));
    let md = std::fs::read_to_string(
        std::fs::read_dir(&out)
            .unwrap()
            .filter_map(Result::ok)
            .find(|e| e.path().extension().is_some_and(|x| x == "md"))
            .unwrap()
            .path(),
    )
    .unwrap();
    assert!(md.contains("Classement provisoire"));
    assert!(
        md.contains("| 1 | **Alpha CRM** | 41,11 | — | — | **41,11** |"),
        "{md}"
    );
}

#[test]
fn the_grid_has_its_sheets_columns_validation_and_protection() {
    let dir = temp_dir("tender-grid");
    let (xlsx, csv) = grid(&spec("velo-horizon.yaml"), &dir);
    assert!(xlsx.ends_with("cahier-des-charges-crm-et-fidelite-velo-horizon-grille.xlsx"));
    let sheets = sheets(&xlsx);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Instructions", "Exigences", "Critères"]);
    let requirements = &sheets[1].1;
    let header: Vec<String> = requirements[0].iter().map(ToString::to_string).collect();
    assert_eq!(
        header,
        [
            "ID",
            "Module",
            "Exigence",
            "Description",
            "Priorité",
            "Couverture",
            "Commentaire du candidat",
            "Surcoût HT (EUR)",
            "Date de disponibilité"
        ]
    );
    // One row per requirement, in the document's order, with its priority letter.
    let ids: Vec<String> = requirements[1..].iter().map(|r| r[0].to_string()).collect();
    // 19 functional requirements, then the quality requirements.
    let quality = ids.iter().filter(|id| id.starts_with("QUA-")).count();
    assert!(quality > 0, "{ids:?}");
    assert_eq!(ids.len(), 19 + quality);
    assert!(ids[19..].iter().all(|id| id.starts_with("QUA-")), "{ids:?}");
    assert_eq!(ids[0], "CLI-01");
    assert!(ids.contains(&"MKT-JOURNEY".to_string()) && ids.contains(&"PLT-AUDIT".to_string()));
    assert_eq!(requirements[1][4].to_string(), "P");
    // Instructions: fingerprint, deadline, the coverage legend; criteria with their basis.
    let instructions: Vec<String> = sheets[0]
        .1
        .iter()
        .flatten()
        .map(ToString::to_string)
        .collect();
    for expected in [
        "Empreinte des exigences",
        "Nom du candidat",
        "19\u{a0}mars 2027",
        "ST",
        "Paramétrage",
        "P — Indispensable",
    ] {
        assert!(
            instructions.iter().any(|c| c.contains(expected)),
            "{expected} in {instructions:?}"
        );
    }
    let criteria: Vec<String> = sheets[2]
        .1
        .iter()
        .flatten()
        .map(ToString::to_string)
        .collect();
    assert!(criteria.contains(&"Coût total sur 4 ans".to_string()));
    assert!(criteria.iter().any(|c| c.starts_with("Prix le plus bas")));
    assert!(criteria.contains(&"45\u{202f}%".to_string()));

    // What calamine does not expose, the sheet's XML says: a dropdown on the coverage
    // column, locked sheet, unlocked vendor cells, frozen header.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet2.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains(r#"<dataValidation type="list""#), "{xml}");
    assert!(xml.contains(&format!("F2:F{}", ids.len() + 1)), "{xml}");
    assert!(xml
        .contains("ST — Standard,SP — Paramétrage,DS — Développement spécifique,NC — Non couvert"));
    assert!(xml.contains("<sheetProtection"));
    assert!(xml.contains(r#"state="frozen""#));
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(
        styles.contains(r#"locked="0""#),
        "vendor cells are unlocked"
    );

    // The CSV: BOM, `;` for a French grid, same rows.
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("\u{feff}ID;Module;Exigence;"));
    assert_eq!(text.lines().count(), ids.len() + 1);
    assert!(text.contains("PLT-SSO;Plateforme et RGPD;Authentification unique;"));

    // Same questionnaire, same bytes.
    let again = temp_dir("tender-grid-again");
    let (xlsx2, _) = grid(&spec("velo-horizon.yaml"), &again);
    assert_eq!(
        std::fs::read(&xlsx).unwrap(),
        std::fs::read(&xlsx2).unwrap(),
        "reproducible"
    );
}

#[test]
fn an_english_grid_speaks_english() {
    let dir = temp_dir("tender-grid-en");
    let (xlsx, csv) = grid(&spec("northwind-b2b.yaml"), &dir);
    assert!(xlsx.to_string_lossy().ends_with("-grid.xlsx"));
    let names: Vec<String> = sheets(&xlsx).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["Instructions", "Requirements", "Criteria"]);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.starts_with("\u{feff}ID,Module,Requirement,Description,Priority,Coverage,"),
        "{text}"
    );
    assert!(text.contains("PLT-GDPR-RIGHTS,Security and compliance,Data subject rights,"));
    // Northwind publishes its own weights: must 5 points, custom development 30%.
    let criteria: Vec<String> = sheets(&xlsx)[2]
        .1
        .iter()
        .flatten()
        .map(ToString::to_string)
        .collect();
    assert!(
        criteria.contains(&"30%".to_string()) && criteria.contains(&"5".to_string()),
        "{criteria:?}"
    );
}

/// Runs `score` on one grid and returns stderr, asserting exit code 2 and no output.
fn refused(questionnaire: &Path, grid: &Path, dir: &Path) -> String {
    let out = dir.join("out");
    let output = score(questionnaire, &[grid], &out, &[], &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(!out.exists(), "nothing written for a bad grid");
    stderr(&output)
}

#[test]
fn bad_grids_name_the_file_sheet_and_cell() {
    let dir = temp_dir("tender-bad");
    let questionnaire = small_tender(&dir);
    let (xlsx, csv) = grid(&questionnaire, &dir.join("grid"));
    // A coverage outside the list, an unknown ID, and a missing answer.
    let bad = dir.join("grille-A.xlsx");
    fill_xlsx(
        &xlsx,
        &bad,
        "A",
        &[
            ("CON-01", "Partiel", "", None),
            ("CON-02", "ST", "", None),
            ("CON-03", "ST", "", None),
        ],
    );
    let err = refused(&questionnaire, &bad, &dir);
    let file = bad.display().to_string();
    assert!(
        err.contains(&format!(
            "{file}!Exigences!F2: error: `Partiel` is not a coverage level (`CON-01`)"
        )),
        "{err}"
    );
    assert!(err.contains("expected one of: ST — Standard, SP — Paramétrage, DS — Développement spécifique, NC — Non couvert"));
    assert!(
        err.contains(&format!(
            "{file}!Exigences!F5: error: no coverage answer for `SRV-SLA`"
        )),
        "{err}"
    );

    // An ID typed over (the vendor unprotected the sheet): unknown, with a suggestion, and
    // the real one missing.
    let csv_text = std::fs::read_to_string(&csv)
        .unwrap()
        .replace("CON-02;", "CON-2;");
    let renamed = dir.join("renamed.csv");
    std::fs::write(&renamed, csv_text).unwrap();
    fill_csv(
        &renamed,
        &renamed,
        &[
            ("CON-01", "ST", "", None),
            ("CON-2", "ST", "", None),
            ("CON-03", "ST", "", None),
            ("SRV-SLA", "ST", "", None),
        ],
    );
    let err = refused(&questionnaire, &renamed, &dir);
    let file = renamed.display().to_string();
    assert!(
        err.contains(&format!(
            "{file}!A3: error: `CON-2` is not a requirement of the questionnaire"
        )),
        "{err}"
    );
    assert!(err.contains("did you mean `CON-02`?"));
    assert!(err.contains("requirement `CON-02` (Historique) is missing from the grid"));

    // A workbook without the requirements sheet.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook.add_worksheet().set_name("Exigence").unwrap();
    let wrong = dir.join("wrong.xlsx");
    workbook.save(&wrong).unwrap();
    let err = refused(&questionnaire, &wrong, &dir);
    assert!(
        err.contains("no sheet named `Exigences` or `Requirements`"),
        "{err}"
    );
    assert!(err.contains("rename the sheet `Exigences`"), "{err}");

    // Not a workbook at all.
    let junk = dir.join("junk.xlsx");
    std::fs::write(&junk, "not a zip").unwrap();
    assert!(refused(&questionnaire, &junk, &dir).contains("not a readable XLSX workbook"));
}

#[test]
fn a_grid_for_another_version_is_detected() {
    let dir = temp_dir("tender-version");
    let questionnaire = small_tender(&dir);
    let (xlsx, csv) = grid(&questionnaire, &dir.join("grid"));
    let filled = dir.join("old.xlsx");
    fill_xlsx(&xlsx, &filled, "Alpha CRM", ALPHA);
    let filled_csv = dir.join("old.csv");
    fill_csv(&csv, &filled_csv, ALPHA);
    // Version 2 of the questionnaire changes a title and a priority.
    let text = std::fs::read_to_string(&questionnaire)
        .unwrap()
        .replace(
            "title: \"Historique\"",
            "title: \"Historique des contacts\"",
        )
        .replace("priority: could", "priority: should");
    std::fs::write(&questionnaire, text).unwrap();
    let err = refused(&questionnaire, &filled, &dir);
    assert!(err.contains(&format!("{}!Instructions!B6: error: this grid was made for another version of the questionnaire", filled.display())), "{err}");
    assert!(
        err.contains("CON-02: title changed from `Historique` to `Historique des contacts`"),
        "{err}"
    );
    assert!(
        err.contains("CON-03: priority changed from `Souhaitable` to `Important`"),
        "{err}"
    );
    // The CSV has no fingerprint: the requirement texts tell.
    let err = refused(&questionnaire, &filled_csv, &dir);
    assert!(
        err.contains(
            "this grid was made for another version of the questionnaire: 2 requirements differ"
        ),
        "{err}"
    );
}

#[test]
fn the_evaluation_file_is_checked() {
    let dir = temp_dir("tender-prices");
    let questionnaire = small_tender(&dir);
    let (xlsx, _) = grid(&questionnaire, &dir.join("grid"));
    let a = dir.join("a.xlsx");
    fill_xlsx(&xlsx, &a, "Alpha CRM", ALPHA);
    let prices = dir.join("prices.yaml");
    std::fs::write(
        &prices,
        "vendors:\n  - name: \"Alpha CMR\"\n    price: 1000\n    marks: { \"Methode\": 25 }\n",
    )
    .unwrap();
    let prices_arg = ["--prices", prices.to_str().unwrap()];
    let output = score(&questionnaire, &[&a], &dir.join("out"), &prices_arg, &[]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    let file = prices.display().to_string();
    assert!(
        err.contains(&format!(
            "{file}:2:11: error: `vendors[0].name`: no grid was read for vendor `Alpha CMR`"
        )),
        "{err}"
    );
    assert!(err.contains("did you mean `Alpha CRM`?"));
    assert!(
        err.contains("`Methode` is not a criterion marked by the committee"),
        "{err}"
    );
    assert!(err.contains("did you mean `Méthode`?"));
    assert!(err.contains("vendor `Alpha CRM` has a grid but no entry"));
    // A typo in a key is located and suggested like in a questionnaire.
    std::fs::write(
        &prices,
        "vendors:\n  - name: \"Alpha CRM\"\n    prix: 1000\n",
    )
    .unwrap();
    let output = score(&questionnaire, &[&a], &dir.join("out"), &prices_arg, &[]);
    assert!(
        stderr(&output).contains(&format!(
            "{file}:3:5: error: `vendors[0].prix`: unknown key `prix`"
        )),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("did you mean `price`?"));
    // Marks on another scale than the one the specification published are refused.
    std::fs::write(
        &prices,
        "scale: 10\nvendors:\n  - name: \"Alpha CRM\"\n    price: 1000\n",
    )
    .unwrap();
    let output = score(&questionnaire, &[&a], &dir.join("out"), &prices_arg, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(&format!(
            "{file}:1:8: error: `scale`: the marks are out of 10, but the specification published marks out of 20"
        )),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_catalogue_command_lists_and_filters() {
    let output = crmspec(&["catalogue"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.starts_with("Catalogue crmspec : 54 exigences standard."),
        "{text}"
    );
    for module in [
        "CUS-*", "SAL-*", "MKT-*", "SRV-*", "OMN-*", "REP-*", "MOB-*", "PLT-*",
    ] {
        assert!(text.contains(&format!("\n{module}  ")), "{module}");
    }
    assert!(text.contains("SAL-QUOTE") && text.contains("Devis"));
    let output = crmspec(&["catalogue", "--lang", "en", "--module", "srv", "--long"]);
    let text = stdout(&output);
    assert!(text.contains("SRV-*  Customer service (7)"), "{text}");
    assert!(text.contains(
        "Acceptance: A case still open at 80% of its time limit alerts the team leader."
    ));
    assert!(!text.contains("\n  SAL-QUOTE"));
    let output = crmspec(&["catalogue", "--module", "SALE"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no catalogue module `SALE` (did you mean `SAL`?)"));
}

/// LibreOffice, when installed (`.ci/run` installs it): it opens the reference
/// questionnaire's grid and converts it without error, and a filled grid saved by LibreOffice
/// scores the same as the one crmspec's test wrote.
#[test]
fn libreoffice_opens_and_resaves_grids() {
    let Some(soffice) = soffice() else { return };
    let dir = temp_dir("tender-libreoffice");
    let profile = dir.join("profile");
    let convert =
        |input: &Path, to: &str, out: &Path| libreoffice_convert(soffice, input, to, out, &profile);
    if let Some(reference) = reference() {
        let (xlsx, _) = grid(&reference, &dir.join("reference"));
        let pdf = convert(&xlsx, "pdf", &dir.join("reference-pdf"));
        let text = pdf_text(&std::fs::read(pdf).unwrap());
        assert!(
            text.contains("Grille de réponse") && text.contains("CLI-01"),
            "{text}"
        );
    }
    let questionnaire = small_tender(&dir);
    let (xlsx, _) = grid(&questionnaire, &dir.join("grid"));
    let filled = dir.join("alpha.xlsx");
    fill_xlsx(&xlsx, &filled, "Alpha CRM", ALPHA);
    let resaved = convert(&filled, "xlsx:Calc MS Excel 2007 XML", &dir.join("resaved"));
    let out = dir.join("out");
    let output = score(&questionnaire, &[&resaved], &out, &["--format", "md"], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("1. Alpha CRM"),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).contains("functional  82.2%"),
        "{}",
        stdout(&output)
    );
}

/// CSV injection: requirement texts that a spreadsheet would run as formulas are written as
/// text (a leading `'`), and a vendor's CSV made from that grid still scores.
#[test]
fn csv_grid_neutralises_formulas_and_reads_them_back() {
    let dir = temp_dir("csv-injection");
    let questionnaire = small_tender(&dir);
    let text = std::fs::read_to_string(&questionnaire).unwrap();
    let text = text
        .replace(
            r#"title: "Historique""#,
            r#"title: "=HYPERLINK(\"http://evil.example\",\"Cliquez\")""#,
        )
        .replace(
            r#"description: "Mots-clés libres.""#,
            r#"description: "@SUM(1+1)*cmd|' /C calc'!A0""#,
        )
        .replace(r#"title: "Étiquettes""#, r#"title: "+1+1 étiquettes""#);
    std::fs::write(&questionnaire, text).unwrap();
    let (_, csv) = grid(&questionnaire, &dir.join("grid"));
    let written = std::fs::read_to_string(&csv).unwrap();
    for line in written.lines() {
        for cell in line.split(';') {
            let cell = cell.trim_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell starts a formula: {cell:?} in {line:?}"
            );
        }
    }
    assert!(written.contains("'=HYPERLINK"), "{written}");
    assert!(written.contains("'@SUM"), "{written}");
    assert!(written.contains("'+1+1 étiquettes"), "{written}");
    // Read back, the grid is the same requirements: the vendor's answers score.
    let filled = dir.join("vendor.csv");
    fill_csv(&csv, &filled, GAMMA);
    let out = dir.join("out");
    let output = crmspec(&[
        "score",
        questionnaire.to_str().unwrap(),
        filled.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "md",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// Absurd numbers in a prices file or a grid (infinity, NaN, 1e308) are refused with their
/// place, instead of printed as `NaN / 100` or a 20-digit price.
#[test]
fn absurd_amounts_are_refused() {
    let dir = temp_dir("tender-absurd");
    let questionnaire = small_tender(&dir);
    let (xlsx, csv) = grid(&questionnaire, &dir.join("grid"));
    let a = dir.join("a.xlsx");
    fill_xlsx(&xlsx, &a, "Alpha CRM", ALPHA);
    let prices = dir.join("prices.yaml");
    let prices_arg = ["--prices", prices.to_str().unwrap()];
    for (price, mark, scale) in [
        (".inf", "12", "20"),
        (".nan", "12", "20"),
        ("1e308", "12", "20"),
        ("-5", "12", "20"),
        ("100000", ".nan", "20"),
        ("100000", "12", ".inf"),
    ] {
        std::fs::write(
            &prices,
            format!(
                "scale: {scale}\nvendors:\n  - name: \"Alpha CRM\"\n    price: {price}\n    marks: {{ \"Méthode\": {mark} }}\n"
            ),
        )
        .unwrap();
        let output = score(&questionnaire, &[&a], &dir.join("out"), &prices_arg, &[]);
        let err = stderr(&output);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{price} {mark} {scale}: {err}"
        );
        assert!(!dir.join("out").exists(), "nothing is written");
        let file = prices.display().to_string();
        assert!(err.contains(&format!("{file}:")), "{err}");
        assert!(!err.contains("NaN /") && !err.contains("18 446"), "{err}");
    }
    // An extra cost of 1e308 in a vendor's CSV grid: refused with its cell.
    let filled = dir.join("huge.csv");
    fill_csv(
        &csv,
        &filled,
        &[
            ("CON-01", "ST", "", Some(1e308)),
            ("CON-02", "ST", "", None),
            ("CON-03", "ST", "", None),
            ("SRV-SLA", "ST", "", None),
        ],
    );
    let err = refused(&questionnaire, &filled, &dir);
    assert!(err.contains("is not an amount (`CON-01`)"), "{err}");
    assert!(err.contains("10^12"), "{err}");
}

/// Without SOURCE_DATE_EPOCH the evaluation report is dated by the questionnaire, like the
/// document: two runs (a second apart, as the PDF's date had seconds) give the same bytes.
#[test]
fn the_evaluation_report_does_not_depend_on_the_clock() {
    let dir = temp_dir("tender-clock");
    let questionnaire = small_tender(&dir);
    let (xlsx, _) = grid(&questionnaire, &dir.join("grid"));
    let a = dir.join("alpha.xlsx");
    fill_xlsx(&xlsx, &a, "Alpha CRM", ALPHA);
    let run = |out: &Path| {
        let output = score(&questionnaire, &[&a], out, &["--format", "md,pdf"], &[]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read(&p).unwrap())
            })
            .collect();
        files.sort();
        files
    };
    let first = run(&dir.join("out1"));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = run(&dir.join("out2"));
    assert_eq!(
        first.len(),
        2,
        "{:?}",
        first.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert!(first == second, "two runs differ");
}
