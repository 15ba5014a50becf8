//! The command line speaks the user's language: `--lang`, else the locale (`LC_ALL`,
//! `LC_MESSAGES`, `LANG`), else English; codes, positions, field paths and JSON reports stay
//! the same in every language; a document's annex speaks the document's language.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// A questionnaire with a few mistakes: a misspelt key, a value no list allows, text where a
/// number goes.
fn bad(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    std::fs::copy(
        spec("velo-horizon-logo.png"),
        dir.join("velo-horizon-logo.png"),
    )
    .unwrap();
    let text = std::fs::read_to_string(spec("velo-horizon.yaml"))
        .unwrap()
        .replacen("  objectives:\n", "  objectivs:\n", 1)
        .replacen("kind: sms\n", "kind: smss\n", 1)
        .replacen("employees: 160", "employees: beaucoup", 1);
    let path = dir.join("bad.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

/// `crmspec check FILE EXTRA…` with these variables (over the tests' pinned `LANG=C`).
fn check(path: &Path, extra: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut args = vec!["check", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    crmspec_env(&args, env)
}

/// The `file:line:col` and `` `field` `` of each problem line: what stays the same in every
/// language.
fn places(err: &str) -> Vec<String> {
    err.lines()
        .filter(|l| l.contains(".yaml:"))
        .map(|l| {
            let (place, rest) = l.split_once(": ").unwrap();
            let field = rest.split('`').nth(1).unwrap_or_default();
            format!("{place} {field}")
        })
        .collect()
}

const FRENCH: &[&str] = &[
    "clé inconnue `objectivs`",
    "conseil : vouliez-vous dire `objectives` ?",
    "`smss` n’est pas une valeur permise",
    "`beaucoup` est du texte ; attendu : un nombre entier de salariés, par exemple 250",
    "erreur : 3 problèmes trouvés ; rien n’a été écrit",
];

const ENGLISH: &[&str] = &[
    "unknown key `objectivs`",
    "hint: did you mean `objectives`?",
    "`smss` is not an allowed value",
    "`beaucoup` is text, expected a whole number of employees, e.g. 250",
    "error: 3 problems found; nothing was written",
];

fn assert_speaks(output: &std::process::Output, words: &[&str], what: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{what}: {err}");
    for w in words {
        assert!(err.contains(w), "{what}: `{w}` not in\n{err}");
    }
}

#[test]
fn check_speaks_the_language_of_the_locale_or_of_lang() {
    let path = bad("lang-check");
    let french = check(&path, &[], &[("LANG", "fr_FR.UTF-8")]);
    assert_speaks(&french, FRENCH, "LANG=fr_FR.UTF-8");
    let english = check(&path, &[], &[("LANG", "C")]);
    assert_speaks(&english, ENGLISH, "LANG=C");
    // The same problems at the same places, with the same codes and field paths.
    assert_eq!(places(&stderr(&french)), places(&stderr(&english)));
    assert_eq!(places(&stderr(&english)).len(), 3);

    // LC_ALL, then LC_MESSAGES, then LANG decide; a language crmspec does not speak, or the
    // C locale, means English.
    for (env, words) in [
        (vec![("LC_ALL", "fr_CA.utf8"), ("LANG", "C")], FRENCH),
        (vec![("LC_ALL", "C"), ("LANG", "fr_FR.UTF-8")], ENGLISH),
        (
            vec![("LC_MESSAGES", "fr_BE"), ("LANG", "en_GB.UTF-8")],
            FRENCH,
        ),
        (vec![("LANG", "POSIX")], ENGLISH),
        (vec![("LANG", "de_DE.UTF-8")], ENGLISH),
    ] {
        assert_speaks(&check(&path, &[], &env), words, &format!("{env:?}"));
    }
    // `--lang` overrides the environment, either way.
    assert_speaks(
        &check(&path, &["--lang", "en"], &[("LANG", "fr_FR.UTF-8")]),
        ENGLISH,
        "--lang en",
    );
    assert_speaks(
        &check(&path, &["--lang", "fr"], &[("LC_ALL", "en_US.UTF-8")]),
        FRENCH,
        "--lang fr",
    );
    // Before the command too, as a global option.
    let output = crmspec_env(&["--lang", "fr", "check", path.to_str().unwrap()], &[]);
    assert_speaks(&output, FRENCH, "crmspec --lang fr check");
}

/// Tools read `--format json`: it is the same, byte for byte, whatever the language asked.
#[test]
fn json_reports_are_the_same_in_every_language() {
    let bad = bad("lang-json");
    for path in [
        bad.as_path(),
        &spec("velo-horizon.yaml"),
        &spec("northwind-b2b.yaml"),
    ] {
        let run = |extra: &[&str], env: &[(&str, &str)]| {
            let mut args = vec!["--format", "json"];
            args.extend_from_slice(extra);
            check(path, &args, env).stdout
        };
        let english = run(&[], &[("LANG", "C")]);
        assert!(!english.is_empty());
        serde_json::from_slice::<serde_json::Value>(&english).expect("JSON");
        assert_eq!(
            run(&[], &[("LANG", "fr_FR.UTF-8")]),
            english,
            "{}",
            path.display()
        );
        assert_eq!(run(&["--lang", "fr"], &[]), english, "{}", path.display());
    }
}

#[test]
fn explain_and_the_readiness_line_follow_the_language() {
    let output = crmspec_env(&["check", "--explain", "CH003"], &[("LANG", "fr_FR.UTF-8")]);
    let out = stdout(&output);
    assert!(
        out.starts_with("CH003 (avertissement) : aucun canal ne joue un rôle d’après-vente\n"),
        "{out}"
    );
    assert!(out.contains("allow: [CH003]"), "{out}");
    let output = crmspec_env(&["check", "--explain", "CH03", "--lang", "fr"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .contains("`CH03` n’est pas une règle du conseiller (vouliez-vous dire `CH003` ?)"),
        "{}",
        stderr(&output)
    );

    let output = check(&spec("velo-horizon.yaml"), &["--lang", "fr"], &[]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout(&output).contains(": indice de préparation "),
        "{}",
        stdout(&output)
    );
    let err = stderr(&output);
    assert!(
        err.contains("avertissement[OB002]: `project.objectives[2].deadline`: l’échéance de l’objectif, 2028-12-31, tombe plus d’un an après la fin du planning"),
        "{err}"
    );
    assert!(err.contains("info[CH006]"), "{err}");
}

/// `render`, `grid`, `score` and `diff` speak the command line's language too.
#[test]
fn the_other_commands_follow_the_language() {
    let dir = temp_dir("lang-commands");
    let fr = [("LANG", "fr_FR.UTF-8")];
    // A render refused: the problems and the count in French.
    let bad = bad("lang-render");
    let output = crmspec_env(
        &[
            "render",
            bad.to_str().unwrap(),
            "-o",
            dir.join("out").to_str().unwrap(),
        ],
        &fr,
    );
    assert_speaks(&output, FRENCH, "render");
    // A grid written: the lines saying so.
    let output = crmspec_env(
        &[
            "grid",
            spec("northwind-b2b.yaml").to_str().unwrap(),
            "-o",
            dir.join("grid").to_str().unwrap(),
        ],
        &fr,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("écrit : "),
        "{}",
        stdout(&output)
    );
    // A grid that cannot be read.
    let output = crmspec_env(
        &[
            "score",
            spec("northwind-b2b.yaml").to_str().unwrap(),
            dir.join("missing.csv").to_str().unwrap(),
            "-o",
            dir.join("score").to_str().unwrap(),
        ],
        &fr,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("impossible de lire la grille : fichier ou dossier introuvable"),
        "{}",
        stderr(&output)
    );
    // The changes between two versions: the lines around them in French, the changes in the
    // questionnaire's language (English).
    let old = spec("northwind-b2b.yaml");
    let new = dir.join("new.yaml");
    let text = std::fs::read_to_string(&old).unwrap();
    std::fs::copy(spec("northwind-logo.jpg"), dir.join("northwind-logo.jpg")).unwrap();
    std::fs::write(
        &new,
        text.replacen("five years\", weight: 30", "five years\", weight: 31", 1)
            .replacen("references\", weight: 15", "references\", weight: 14", 1),
    )
    .unwrap();
    let output = crmspec_env(&["diff", old.to_str().unwrap(), new.to_str().unwrap()], &fr);
    let out = stdout(&output);
    assert!(
        out.contains(" : ajouts : 0, suppressions : 0, modifications : "),
        "{out}"
    );
    assert!(
        out.contains("avertissement : le contenu a changé, mais `document.version` vaut toujours"),
        "{out}"
    );
    assert!(out.contains("Evaluation criteria"), "{out}");
}

/// The advisor's annex speaks the document's language, whatever the command line's, and names
/// fields by the document's sections: no field path, no backtick, no key of the questionnaire.
#[test]
fn the_advice_annex_speaks_the_documents_language() {
    let dir = temp_dir("lang-annex");
    std::fs::copy(
        spec("velo-horizon-logo.png"),
        dir.join("velo-horizon-logo.png"),
    )
    .unwrap();
    std::fs::copy(spec("northwind-logo.jpg"), dir.join("northwind-logo.jpg")).unwrap();
    let without = |text: &str, from: &str, to: &str| {
        let start = text.find(from).unwrap();
        let end = start + text[start..].find(to).unwrap();
        format!("{}{}", &text[..start], &text[end..])
    };
    // French: no budget, a mandatory requirement without acceptance, no mobile section.
    let velo = std::fs::read_to_string(spec("velo-horizon.yaml")).unwrap();
    let velo = without(&velo, "  budget:\n", "  governance:\n");
    let velo = without(&velo, "mobile:\n", "fleur:");
    let velo = velo.replacen(
        "        acceptance: \"Moins de 2 % de doublons mesurés trois mois après la reprise.\"\n",
        "",
        1,
    );
    let french = dir.join("velo.yaml");
    std::fs::write(&french, velo).unwrap();
    // English: a public procedure with nowhere to submit, consumers and no mobile section.
    let northwind = std::fs::read_to_string(spec("northwind-b2b.yaml")).unwrap();
    let northwind = without(&northwind, "  submission:", "  response_format:")
        .replacen("procedure: private", "procedure: open", 1)
        .replacen("customer_types: [B2B]", "customer_types: [B2B, B2C]", 1);
    let english = dir.join("northwind.yaml");
    std::fs::write(&english, northwind).unwrap();

    for (path, lang, cli, words) in [
        (
            &french,
            "fr",
            ("LANG", "C"),
            ["Points d’attention", "Ajoutez", "«\u{202F}Budget\u{202F}»"],
        ),
        (
            &english,
            "en",
            ("LANG", "fr_FR.UTF-8"),
            ["Points of attention", "Add", "“How to submit”"],
        ),
    ] {
        let out = dir.join(format!("out-{lang}"));
        let output = crmspec_env(
            &[
                "render",
                path.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--format",
                "md",
                "--advice",
            ],
            &[cli],
        );
        assert!(output.status.success(), "{}", stderr(&output));
        let md = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "md"))
            .unwrap();
        let md = std::fs::read_to_string(md).unwrap();
        let start = md
            .find(&format!("— {}\n", words[0]))
            .unwrap_or_else(|| panic!("{lang}: no annex"));
        let annex = &md[start..];
        let annex = &annex[..annex.find("\n## ").unwrap_or(annex.len())];
        for word in words {
            assert!(annex.contains(word), "{lang}: `{word}` not in\n{annex}");
        }
        // Every finding `check` reports is in the annex, none by its path.
        let json: serde_json::Value =
            serde_json::from_slice(&check(path, &["--format", "json"], &[]).stdout).unwrap();
        let findings = json["findings"].as_array().unwrap();
        assert!(findings.len() >= 3, "{lang}: {findings:?}");
        for f in findings {
            let code = f["code"].as_str().unwrap();
            let field = f["path"].as_str().unwrap();
            assert!(
                annex.contains(&format!("| {code} |")),
                "{lang}: {code}\n{annex}"
            );
            if field.contains(['.', '[']) {
                assert!(!annex.contains(field), "{lang}: {field} in\n{annex}");
            }
        }
        let text = markdown_text(annex);
        assert!(!text.contains('`'), "{lang}: backticks in\n{text}");
        let snake = text
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .find(|w| w.contains('_'));
        assert_eq!(snake, None, "{lang}: a key of the questionnaire in\n{text}");
        // French typography in French only: a narrow no-break space before `?` in French, none
        // before the English one.
        if lang == "fr" {
            assert!(annex.contains("satisfaite\u{202F}?"), "{annex}");
        } else {
            assert!(!annex.contains('\u{202F}'), "{annex}");
        }
    }
}
