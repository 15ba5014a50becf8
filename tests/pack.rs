//! `crmspec pack`: every file of the tender pack opened and read back — the documents' text
//! (PDF, Word parts), the price schedule's cells, formulas, validation and protection, the
//! manifest's hashes recomputed, the archive unpacked — and the same bytes every time.

mod common;

use calamine::{Data, Reader};
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Runs `crmspec pack QUESTIONNAIRE -o OUT EXTRA…`; the output and the files it wrote.
fn pack(questionnaire: &Path, out: &Path, extra: &[&str]) -> (std::process::Output, Vec<PathBuf>) {
    let mut args = vec![
        "pack",
        questionnaire.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = crmspec(&args);
    let wrote = stdout(&output)
        .lines()
        .filter_map(|l| l.strip_prefix("wrote "))
        .map(PathBuf::from)
        .collect();
    (output, wrote)
}

/// The file of `wrote` whose name ends with `suffix`.
fn file(wrote: &[PathBuf], suffix: &str) -> PathBuf {
    wrote
        .iter()
        .find(|p| p.to_string_lossy().ends_with(suffix))
        .cloned()
        .unwrap_or_else(|| panic!("no file ending with {suffix} in {wrote:?}"))
}

/// The paragraphs of a Word document from its first `Heading1` titled `from` to the next
/// `Heading1`, section numbers dropped: a chapter's text, whatever its number.
fn chapter(paragraphs: &[(String, String)], from: &str) -> Vec<String> {
    let unnumbered = |text: &str| {
        let first = text.split(' ').next().unwrap_or_default();
        if !first.is_empty() && first.chars().all(|c| c.is_ascii_digit() || c == '.') {
            text[first.len()..].trim().to_string()
        } else {
            text.trim().to_string()
        }
    };
    let start = paragraphs
        .iter()
        .position(|(style, text)| style == "Heading1" && unnumbered(text) == from)
        .unwrap_or_else(|| panic!("no chapter `{from}`"));
    paragraphs[start..]
        .iter()
        .enumerate()
        // A chapter ends at the next one, numbered or an annex (`AnnexHeading1`).
        .take_while(|(i, (style, _))| *i == 0 || !style.ends_with("Heading1"))
        .map(|(_, (_, text))| unnumbered(text))
        .collect()
}

/// The reference tender: every file written, each opened and checked against the
/// questionnaire; the rules' tender chapter is the specification's, word for word.
#[test]
fn the_tender_pack_holds_every_file_and_each_says_what_the_questionnaire_says() {
    let Some(tender) = tender() else { return };
    let dir = temp_dir("pack-tender");
    let out = dir.join("out");
    let (output, wrote) = pack(&tender, &out, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let base = "cahier-des-charges-projet-crm-omnicanal";
    let names: Vec<String> = wrote
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            format!("{base}.pdf"),
            format!("{base}.docx"),
            format!("{base}-reglement-consultation.pdf"),
            format!("{base}-reglement-consultation.docx"),
            format!("{base}-grille.xlsx"),
            format!("{base}-grille.ods"),
            format!("{base}-grille.csv"),
            format!("{base}-bordereau-prix.xlsx"),
            format!("{base}-bordereau-prix.ods"),
            format!("{base}-cadre-reponse.docx"),
            format!("{base}-manifeste.txt"),
            format!("{base}-dce.zip"),
        ]
    );

    // The specification: the document `render` makes, its tender chapter with the published
    // scoring method.
    let spec_pdf = squeeze(&pdf_text(&std::fs::read(&wrote[0]).unwrap()));
    for words in [
        "Règlement de la consultation",
        "Méthode de notation",
        "coût total de possession le plus bas des offres",
        "Ses sous-critères sont notés chacun de la même manière",
    ] {
        assert!(
            spec_pdf.contains(&squeeze(words)),
            "`{words}` not in the specification"
        );
    }

    // The consultation rules: a document of their own, saying everything a règlement says.
    let rules = squeeze(&pdf_text(&std::fs::read(&wrote[2]).unwrap()));
    for words in [
        "Règlement de la consultation",
        "Acheteur",
        "Maison Lumière SAS",
        "Paul Durand (Chef de projet)",
        "Choix et mise en œuvre d’une solution de gestion de la relation client (CRM)",
        "consultation privée, hors du code de la commande publique",
        "26 février 2027 à 12 h 00",
        "Dépôt électronique sur https://achats.maison-lumiere.example",
        "120 jours à compter de la date limite de remise des offres",
        "Variantes",
        "Bordereau de prix complété, dans le tableur fourni",
        "Un client achète en magasin puis réclame par chat",
        "Qualité de la méthode et de l’équipe",
        "Méthode de projet et planning",
        "Méthode de notation",
        "sur 3 ans, des licences",
        "Contenu du dossier de consultation",
        &format!("{base}-bordereau-prix.xlsx"),
        &format!("{base}-bordereau-prix.ods"),
        &format!("{base}-grille.ods"),
        "Plan du mémoire technique",
        "p.durand@maison-lumiere.example",
    ] {
        assert!(
            rules.contains(&squeeze(words)),
            "`{words}` not in the rules"
        );
    }
    // Written from the same template as the specification's chapter: word for word the same.
    // But for the list of the pack's documents, which the rules give as a table of files.
    let mut spec_chapter = chapter(&docx_paragraphs(&wrote[1]), "Règlement de la consultation");
    let supplied = spec_chapter
        .iter()
        .position(|p| p.starts_with("Les pièces suivantes sont remises aux candidats"))
        .expect("the specification lists the documents issued with it");
    let listed: Vec<String> = spec_chapter.drain(supplied..supplied + 6).skip(1).collect();
    assert_eq!(
        listed,
        [
            "Cahier des charges",
            "Règlement de la consultation",
            "Grille de réponse, à compléter",
            "Bordereau de prix, à compléter",
            "Cadre de réponse du mémoire technique"
        ]
    );
    let rules_chapter = chapter(&docx_paragraphs(&wrote[3]), "Règlement de la consultation");
    assert!(spec_chapter.len() > 40, "{spec_chapter:?}");
    assert_eq!(spec_chapter, rules_chapter);

    // The grid: the very files `crmspec grid` writes.
    let grid_out = dir.join("grid");
    let output = crmspec(&[
        "grid",
        tender.to_str().unwrap(),
        "-o",
        grid_out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for ext in ["xlsx", "ods", "csv"] {
        let name = format!("{base}-grille.{ext}");
        assert_eq!(
            std::fs::read(out.join(&name)).unwrap(),
            std::fs::read(grid_out.join(&name)).unwrap(),
            "{name}"
        );
    }

    // The technical response frame: a section per criterion and sub-criterion, one per
    // scenario, a frame for each answer (not for the price, nor for a criterion answered in
    // its sub-criteria).
    let frame = docx_paragraphs(&file(&wrote, "-cadre-reponse.docx"));
    let headings: Vec<&str> = frame
        .iter()
        .filter(|(style, _)| style.starts_with("Heading"))
        .map(|(_, text)| text.as_str())
        .collect();
    for section in [
        "Couverture fonctionnelle",
        "Prix (licences et intégration, sur 3 ans)",
        "Qualité de la méthode et de l’équipe",
        "Méthode de projet et planning",
        "Expérience de l’équipe proposée",
        "Démonstration des scénarios",
        "Références dans la distribution",
        "Scénario 1 — Un client achète en magasin puis réclame par chat",
        "Scénario 2 — Une campagne ciblée mesurée jusqu’au magasin",
    ] {
        assert!(
            headings
                .iter()
                .any(|h| squeeze(h).ends_with(&squeeze(section))),
            "no section `{section}` in {headings:?}"
        );
    }
    let answers = frame
        .iter()
        .filter(|(_, text)| text == "Réponse du candidat")
        .count();
    // Coverage, three sub-criteria, references, two scenarios.
    assert_eq!(answers, 7);
    let all: String = frame.iter().map(|(_, t)| t.as_str()).collect();
    assert!(all.contains("ce critère est noté sur le bordereau de prix"));
    assert!(all.contains("Nom du candidat"));
}

/// The price schedule: its sheets, the profiles with their users locked, the yellow price
/// cells validated as positive amounts, every total a formula, protection, the fingerprint.
#[test]
fn the_price_schedule_has_its_sheets_formulas_validation_and_protection() {
    let Some(tender) = tender() else { return };
    let dir = temp_dir("pack-schedule");
    let (output, wrote) = pack(&tender, &dir, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let schedule = file(&wrote, "-bordereau-prix.xlsx");
    let sheets = sheets(&schedule);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Instructions",
            "Synthèse",
            "Licences",
            "Prestations ponctuelles",
            "Coûts récurrents",
            "Options"
        ]
    );
    let sheet = |name: &str| &sheets.iter().find(|(n, _)| n == name).unwrap().1;
    let text = |rows: &Vec<Vec<Data>>, r: usize, c: usize| {
        rows.get(r)
            .and_then(|row| row.get(c))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    // Instructions: the tender, the fingerprint, the vendor's cell, how to fill.
    let instructions = sheet("Instructions");
    let label = |l: &str| {
        instructions
            .iter()
            .find(|row| row.first().is_some_and(|c| *c == l))
            .map(|row| row.get(1).map(|c| c.to_string()).unwrap_or_default())
            .unwrap_or_else(|| panic!("no `{l}` in the instructions"))
    };
    assert_eq!(label("Client"), "Maison Lumière SAS");
    assert_eq!(label("Durée comparée"), "3\u{a0}ans");
    assert_eq!(label("Devise"), "EUR");
    assert_eq!(label("Empreinte du bordereau").len(), 16);
    assert_eq!(label("Nom du candidat"), "");
    assert!(squeeze(&label("Date limite de remise des offres")).contains("26février2027à12h00"));
    // Licences: one row per profile, users given; header on row 3.
    let licences = sheet("Licences");
    assert_eq!(text(licences, 2, 0), "Profil d’utilisateur");
    assert_eq!(
        text(licences, 2, 2),
        "Prix unitaire HT par utilisateur et par an (EUR)"
    );
    let profiles: Vec<(String, String)> = (3..7)
        .map(|r| (text(licences, r, 0), text(licences, r, 1)))
        .collect();
    assert_eq!(
        profiles,
        [
            ("Vendeur magasin".to_string(), "210".to_string()),
            ("Conseiller service client".into(), "18".into()),
            ("Marketing".into(), "9".into()),
            ("Commercial B2B".into(), "6".into()),
        ]
    );
    assert_eq!(text(licences, 7, 0), "Total");
    // The users' total is saved computed, for programs that show saved results.
    assert_eq!(text(licences, 7, 1), "243");
    let recurring = sheet("Coûts récurrents");
    assert_eq!(text(recurring, 2, 1), "Année 1 (EUR)");
    assert_eq!(text(recurring, 2, 4), "Total HT sur 3\u{a0}ans");
    assert_eq!(
        text(sheet("Options"), 3, 0),
        "Module de prise de rendez-vous en atelier"
    );

    // The formulas, read as the spreadsheet stores them.
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&schedule).unwrap();
    let formula = |workbook: &mut calamine::Xlsx<_>, sheet: &str, cell: (u32, u32)| {
        let range = workbook.worksheet_formula(sheet).unwrap();
        range
            .get_value(cell)
            .cloned()
            .unwrap_or_else(|| panic!("no formula at {sheet} {cell:?}"))
    };
    assert_eq!(formula(&mut workbook, "Licences", (3, 3)), "B4*C4");
    assert_eq!(formula(&mut workbook, "Licences", (3, 4)), "D4*3");
    assert_eq!(formula(&mut workbook, "Licences", (7, 4)), "SUM(E4:E7)");
    assert_eq!(
        formula(&mut workbook, "Prestations ponctuelles", (6, 1)),
        "SUM(B4:B6)"
    );
    assert_eq!(
        formula(&mut workbook, "Coûts récurrents", (3, 4)),
        "SUM(B4:D4)"
    );
    assert_eq!(formula(&mut workbook, "Options", (3, 3)), "B4+C4*3");
    assert_eq!(formula(&mut workbook, "Synthèse", (3, 1)), "'Licences'!D8");
    assert_eq!(
        formula(&mut workbook, "Synthèse", (4, 1)),
        "'Prestations ponctuelles'!B7"
    );
    assert_eq!(
        formula(&mut workbook, "Synthèse", (5, 3)),
        "'Coûts récurrents'!D6"
    );
    // The total cost of ownership, per year and over the period; the options apart.
    let summary = sheet("Synthèse");
    assert_eq!(
        text(summary, 6, 0),
        "Coût total de possession sur 3\u{a0}ans"
    );
    assert_eq!(formula(&mut workbook, "Synthèse", (6, 4)), "SUM(E4:E6)");
    assert_eq!(
        text(summary, 8, 0),
        "Options, non comptées dans le coût total"
    );
    assert_eq!(formula(&mut workbook, "Synthèse", (8, 4)), "'Options'!D5");

    // The XML: every sheet protected; price cells unlocked with a positive-amount rule.
    let parts = parts(&schedule);
    let xml = |name: &str| String::from_utf8(parts[name].clone()).unwrap();
    for n in 1..=6 {
        assert!(
            xml(&format!("xl/worksheets/sheet{n}.xml")).contains("<sheetProtection"),
            "sheet {n} not protected"
        );
    }
    let licences_xml = xml("xl/worksheets/sheet3.xml");
    assert!(
        licences_xml.contains(r#"type="decimal" operator="greaterThanOrEqual""#),
        "{licences_xml}"
    );
    assert!(licences_xml.contains(r#"sqref="C4""#));
    assert!(xml("xl/styles.xml").contains(r#"locked="0""#));
}

/// The manifest lists every file with its size and SHA-256, as printed; the archive holds
/// the same bytes, dated by the questionnaire, and opens with `unzip`.
#[test]
fn the_manifest_and_the_archive_hold_the_files_as_written() {
    let Some(tender) = tender() else { return };
    let dir = temp_dir("pack-manifest");
    let (output, wrote) = pack(&tender, &dir, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let manifest = std::fs::read_to_string(file(&wrote, "-manifeste.txt")).unwrap();
    let listed: Vec<(String, usize, String)> = manifest
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.split_whitespace();
            let hash = parts.next().unwrap().to_string();
            let size = parts.next().unwrap().parse().unwrap();
            (hash, size, parts.next().unwrap().to_string())
        })
        .collect();
    assert!(manifest.starts_with(
        "# Dossier de consultation — Cahier des charges — Projet CRM omnicanal\n# MLU-2027-CRM-01 · Version 1.2 du 20"
    ), "{manifest}");
    // Every file but the manifest and the archive, each hash recomputed with `sha256sum`.
    assert_eq!(listed.len(), wrote.len() - 2);
    for (hash, size, name) in &listed {
        let path = dir.join(name);
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes.len(), *size, "{name}");
        let summed = std::process::Command::new("sha256sum")
            .arg(&path)
            .output()
            .expect("sha256sum");
        let summed = String::from_utf8_lossy(&summed.stdout);
        assert_eq!(
            summed.split_whitespace().next(),
            Some(hash.as_str()),
            "{name}"
        );
        // Printed too.
        assert!(
            stdout(&output).contains(&format!("{hash}  ")),
            "{name} not printed"
        );
    }
    // The archive: every file, manifest included, byte for byte, dated by the questionnaire.
    let archive = file(&wrote, "-dce.zip");
    let entries = parts(&archive);
    let in_archive: Vec<&String> = entries.keys().collect();
    assert_eq!(in_archive.len(), wrote.len() - 1);
    for path in &wrote[..wrote.len() - 1] {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(
            entries.get(&name),
            Some(&std::fs::read(path).unwrap()),
            "{name} differs in the archive"
        );
    }
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&archive).unwrap()).unwrap();
    let modified = zip.by_index(0).unwrap().last_modified().unwrap();
    assert_eq!(
        (modified.year(), modified.month(), modified.day()),
        (2026, 11, 20)
    );
    match std::process::Command::new("unzip")
        .arg("-t")
        .arg(&archive)
        .output()
    {
        Ok(tested) => assert!(
            tested.status.success() && stdout(&tested).contains("No errors detected"),
            "{}",
            stdout(&tested)
        ),
        Err(_) => missing_tool("unzip"),
    }
}

/// The same questionnaire gives the same bytes, file by file, archive included.
#[test]
fn the_pack_is_the_same_bytes_every_time() {
    let Some(tender) = tender() else { return };
    let one = temp_dir("pack-repro-1");
    let two = temp_dir("pack-repro-2");
    let (first, a) = pack(&tender, &one, &[]);
    let (second, b) = pack(&tender, &two, &[]);
    assert!(first.status.success() && second.status.success());
    assert_eq!(a.len(), b.len());
    let read = |dir: &Path| -> BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect()
    };
    let (x, y) = (read(&one), read(&two));
    assert_eq!(x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>());
    for (name, bytes) in &x {
        assert!(bytes == &y[name], "{name} differs between two runs");
    }
}

/// In English, a questionnaire with page limits and what each criterion must show: the
/// files are named in English, and the frame and the rules give the limits.
#[test]
fn an_english_pack_gives_page_limits_and_what_to_show() {
    let dir = temp_dir("pack-english");
    let questionnaire = root().join("init/questionnaire.en.yaml");
    let (output, wrote) = pack(&questionnaire, &dir, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for suffix in [
        "-instructions-to-tenderers.pdf",
        "-instructions-to-tenderers.docx",
        "-grid.xlsx",
        "-grid.ods",
        "-price-schedule.xlsx",
        "-price-schedule.ods",
        "-response-frame.docx",
        "-manifest.txt",
        "-tender-pack.zip",
    ] {
        file(&wrote, suffix);
    }
    let frame = docx_paragraphs(&file(&wrote, "-response-frame.docx"));
    let text: Vec<&str> = frame.iter().map(|(_, t)| t.as_str()).collect();
    let after = |heading: &str| {
        // The last one: the first is the table of contents' entry.
        let at = text
            .iter()
            .rposition(|t| t.ends_with(heading))
            .unwrap_or_else(|| panic!("no `{heading}`"));
        text[at..at + 3].join(" | ")
    };
    let method = after("Method and team");
    assert!(method.contains("Pages at most: 12"), "{method}");
    assert!(
        method.contains("The project approach, the team and how the schedule will be kept."),
        "{method}"
    );
    let sub = after("Project method and schedule");
    assert!(sub.contains("Pages at most: 6"), "{sub}");
    let rules = squeeze(&pdf_text(
        &std::fs::read(file(&wrote, "-instructions-to-tenderers.pdf")).unwrap(),
    ));
    for words in [
        "Instructions to tenderers",
        "Plan of the technical proposal",
        "The phases, deliverables and milestones, within the project's calendar.",
        "Scoring method",
    ] {
        assert!(
            rules.contains(&squeeze(words)),
            "`{words}` not in the rules"
        );
    }
    let schedule = sheets(&file(&wrote, "-price-schedule.xlsx"));
    let names: Vec<&str> = schedule.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names.contains(&"Summary") && names.contains(&"One-off services"),
        "{names:?}"
    );
}

/// A pack that fails half-way (here, the frame's template) writes nothing: not even the
/// specification made before it.
#[test]
fn a_failed_pack_leaves_no_file() {
    let Some(tender) = tender() else { return };
    let dir = temp_dir("pack-failed");
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("frame.md.tera"), "{{ no_such_value.field }}").unwrap();
    let out = dir.join("out");
    let (output, wrote) = pack(&tender, &out, &["--templates", templates.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("frame.md.tera"),
        "{}",
        stderr(&output)
    );
    assert!(wrote.is_empty());
    assert!(!out.exists() || std::fs::read_dir(&out).unwrap().next().is_none());
}

/// LibreOffice, when installed, opens the schedule and the frame.
#[test]
fn libreoffice_opens_the_schedule_and_the_frame() {
    let Some(soffice) = soffice() else { return };
    let Some(tender) = tender() else { return };
    let dir = temp_dir("pack-libreoffice");
    let (output, wrote) = pack(&tender, &dir.join("out"), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let profile = dir.join("profile");
    let schedule = libreoffice_convert(
        soffice,
        &file(&wrote, "-bordereau-prix.xlsx"),
        "pdf",
        &dir.join("pdf"),
        &profile,
    );
    let text = squeeze(&pdf_text(&std::fs::read(schedule).unwrap()));
    for words in [
        "Bordereau de prix",
        "Vendeur magasin",
        "Coût total de possession sur 3 ans",
    ] {
        assert!(
            text.contains(&squeeze(words)),
            "`{words}` not in LibreOffice's PDF"
        );
    }
    let frame = libreoffice_convert(
        soffice,
        &file(&wrote, "-cadre-reponse.docx"),
        "pdf",
        &dir.join("pdf"),
        &profile,
    );
    let text = squeeze(&pdf_text(&std::fs::read(frame).unwrap()));
    assert!(
        text.contains(&squeeze("Cadre de réponse technique")),
        "{text}"
    );
    assert!(text.contains(&squeeze("Réponse du candidat")));
}
