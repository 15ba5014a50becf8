//! The command line as a user meets it outside a document: manual pages, colour, how much
//! it says (`--quiet`, `--verbose`), the completion scripts.

mod common;

use common::*;

#[test]
fn manual_pages_come_from_the_same_definitions_as_help() {
    let page = crmspec(&["man"]);
    assert_eq!(page.status.code(), Some(0), "{}", stderr(&page));
    let page = stdout(&page);
    assert!(page.contains(".TH crmspec 1"), "{page}");
    assert!(page.contains(".SH SYNOPSIS"));
    for sub in ["render", "check", "grid", "score", "serve", "init"] {
        assert!(
            page.contains(&format!("crmspec\\-{sub}(1)")),
            "{sub} listed"
        );
        let sub_page = crmspec(&["man", sub]);
        assert_eq!(sub_page.status.code(), Some(0));
        let sub_page = stdout(&sub_page);
        assert!(
            sub_page.contains(&format!(".TH crmspec-{sub} 1")),
            "{sub_page}"
        );
        assert!(
            sub_page.contains(&format!("\\fBcrmspec {sub}\\fR")),
            "{sub_page}"
        );
    }
    let render = stdout(&crmspec(&["man", "render"]));
    assert!(render.contains("\\-\\-format"), "the options, as in --help");
    assert!(
        !page.contains("crmspec\\-man(1)"),
        "the man subcommand itself is hidden"
    );

    let wrong = crmspec(&["man", "rendre"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(stderr(&wrong).contains("render"), "{}", stderr(&wrong));
}

/// A questionnaire with one error (a misspelt key) and the advisor's warnings and infos.
fn with_typo(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(spec("velo-horizon.yaml")).unwrap();
    let typo = text.replacen("  sector:", "  sectr:", 1);
    assert_ne!(typo, text);
    let path = dir.join(name);
    std::fs::write(&path, typo).unwrap();
    path
}

/// The text without the styles crmspec writes (`ESC [ … m`), and whether there were any.
fn unstyled(text: &str) -> (String, bool) {
    let mut out = String::new();
    let mut rest = text;
    let mut styled = false;
    while let Some(start) = rest.find("\u{1b}[") {
        let after = &rest[start + 2..];
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .filter(|&i| after[i..].starts_with('m'));
        let Some(end) = end else { break };
        out.push_str(&rest[..start]);
        rest = &after[end + 1..];
        styled = true;
    }
    out.push_str(rest);
    (out, styled)
}

#[test]
fn messages_are_coloured_on_request_and_plain_when_piped() {
    let dir = temp_dir("colour");
    let path = with_typo(&dir, "q.yaml");
    let q = path.to_str().unwrap();
    let piped = crmspec(&["check", q]);
    assert_eq!(piped.status.code(), Some(2));
    let plain = stderr(&piped);
    assert!(plain.contains("error: `company.sectr`"), "{plain}");
    assert!(!plain.contains('\u{1b}'), "piped: no escape: {plain:?}");

    let always = crmspec(&["check", q, "--color", "always"]);
    assert_eq!(always.status.code(), Some(2));
    let (text, styled) = unstyled(&stderr(&always));
    assert!(styled, "{:?}", stderr(&always));
    assert_eq!(text, plain, "the same words, styled");
    assert!(
        stderr(&always).contains("\u{1b}[1m\u{1b}[31merror\u{1b}[0m"),
        "the level in bold red: {:?}",
        stderr(&always)
    );
    // The caret line and the margin are crmspec's own: styled too.
    assert!(
        stderr(&always).contains("|\u{1b}[0m"),
        "{:?}",
        stderr(&always)
    );

    for env in [
        vec![("NO_COLOR", "1")],
        vec![("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")],
    ] {
        let output = crmspec_env(&["check", q, "--color", "auto"], &env);
        assert_eq!(stderr(&output), plain, "{env:?}");
    }
    for env in [
        vec![("CLICOLOR_FORCE", "1")],
        vec![("NO_COLOR", ""), ("CLICOLOR_FORCE", "1")],
    ] {
        let (text, styled) = unstyled(&stderr(&crmspec_env(&["check", q], &env)));
        assert!(styled, "{env:?}: forced");
        assert_eq!(text, plain);
    }
    let never = crmspec_env(
        &["check", q, "--color", "never"],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert_eq!(stderr(&never), plain, "--color never wins");

    // The summary on standard output, and the report for tools, never coloured.
    let valid = spec("velo-horizon.yaml");
    let valid = valid.to_str().unwrap();
    let summary = crmspec(&["check", valid, "--color", "always"]);
    let (text, styled) = unstyled(&stdout(&summary));
    assert!(styled && text.contains("readiness"), "{text}");
    let json = crmspec(&["check", valid, "--format", "json", "--color", "always"]);
    assert!(!stdout(&json).contains('\u{1b}'));
    serde_json::from_str::<serde_json::Value>(&stdout(&json)).expect("JSON");
}

/// Colour is crmspec's styling only: a control character in a file name or a questionnaire
/// is shown as its escape, coloured output or not.
#[test]
fn user_text_stays_escaped_in_colour() {
    let dir = temp_dir("colour-hostile");
    let hostile = with_typo(&dir, "q\u{1b}]0;pwned\u{7}\u{1b}[2J.yaml");
    let missing = dir.join("absent\u{1b}[2J.yaml");
    for path in [&hostile, &missing] {
        let output = crmspec(&["check", path.to_str().unwrap(), "--color", "always"]);
        assert_eq!(output.status.code(), Some(2));
        let err = stderr(&output);
        let (text, styled) = unstyled(&err);
        assert!(styled, "{err:?}");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{err:?}"
        );
        assert!(text.contains("\\u{1b}[2J"), "shown as its escape: {text}");
    }
}

#[test]
fn quiet_says_only_what_fails() {
    let dir = temp_dir("quiet");
    let valid = spec("velo-horizon.yaml");
    let valid = valid.to_str().unwrap();
    let out = dir.join("out");
    let output = crmspec(&["render", valid, "-o", out.to_str().unwrap(), "-q"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        (stdout(&output), stderr(&output)),
        (String::new(), String::new())
    );
    assert!(
        std::fs::read_dir(&out).unwrap().count() > 1,
        "still written"
    );

    // check: the findings that do not fail it, and the summary, are left out; the exit code
    // is the same, and what makes it fail is said.
    let output = crmspec(&["--quiet", "check", valid]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        (stdout(&output), stderr(&output)),
        (String::new(), String::new())
    );
    let output = crmspec(&["check", valid, "-q", "--deny", "warnings"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("warning[OB002]") && !err.contains("info["),
        "{err}"
    );
    assert!(stdout(&output).is_empty());
    let bad = with_typo(&dir, "bad.yaml");
    let output = crmspec(&["check", bad.to_str().unwrap(), "-q"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("error: `company.sectr`"), "{err}");
    assert!(!err.contains("warning[") && !err.contains("info["), "{err}");

    // Several files: no progress line and no summary, but the bad file's errors.
    let output = crmspec(&[
        "render",
        valid,
        bad.to_str().unwrap(),
        "-o",
        dir.join("batch").to_str().unwrap(),
        "--format",
        "md",
        "-q",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        !err.contains("[1/2]") && stdout(&output).is_empty(),
        "{err}"
    );
    assert!(err.contains("error: `company.sectr`"), "{err}");

    let both = crmspec(&["check", valid, "--quiet", "--verbose"]);
    assert_eq!(both.status.code(), Some(2), "one or the other");
}

#[test]
fn verbose_says_what_each_step_did() {
    let dir = temp_dir("verbose");
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::copy(
        root().join("templates/cover.md.tera"),
        templates.join("cover.md.tera"),
    )
    .unwrap();
    let valid = spec("velo-horizon.yaml");
    let output = crmspec(&[
        "render",
        valid.to_str().unwrap(),
        "-o",
        dir.join("out").to_str().unwrap(),
        "--format",
        "md,html",
        "--templates",
        templates.to_str().unwrap(),
        "--verbose",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    let size = std::fs::metadata(&valid).unwrap().len();
    for step in [
        format!("read {}: {size} bytes in ", valid.display()),
        "checked the questionnaire in ".to_string(),
        format!(
            "templates from {} replace the built-in `cover.md.tera`",
            templates.display()
        ),
        "rendered `md`, `html` in ".to_string(),
        "wrote 6 files in ".to_string(),
    ] {
        assert!(err.contains(&step), "{step}: {err}");
    }
    assert!(stdout(&output).contains("wrote "), "the usual lines too");
    let quiet = crmspec(&[
        "render",
        valid.to_str().unwrap(),
        "-o",
        dir.join("o2").to_str().unwrap(),
        "--format",
        "md",
    ]);
    assert!(
        !stderr(&quiet).contains("checked the questionnaire"),
        "only with --verbose"
    );

    // A character the bundled faces lack: the PDF draws it with a fallback face, named.
    let text = std::fs::read_to_string(&valid).unwrap();
    let emoji = dir.join("emoji.yaml");
    std::fs::copy(
        spec("velo-horizon-logo.png"),
        dir.join("velo-horizon-logo.png"),
    )
    .unwrap();
    std::fs::write(&emoji, text.replacen("title: \"", "title: \"🚲 ", 1)).unwrap();
    let output = crmspec(&[
        "render",
        emoji.to_str().unwrap(),
        "-o",
        dir.join("o3").to_str().unwrap(),
        "--format",
        "pdf",
        "--no-figures",
        "-v",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("PDF: the characters the bundled fonts lack are drawn with "),
        "{}",
        stderr(&output)
    );
}
/// `--explain` and `--allow` complete the advisor's rule codes, every one of them, from the
/// advisor's own table; a code is taken in any case.
#[test]
fn completion_offers_the_rule_codes() {
    for shell in ["bash", "zsh", "fish"] {
        let output = crmspec(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0));
        let script = stdout(&output);
        for rule in crmspec::advice::RULES {
            assert!(script.contains(rule.code), "{shell}: {}", rule.code);
        }
    }
    let bash = stdout(&crmspec(&["completions", "bash"]));
    let explain = &bash[bash.find("--explain)").expect("--explain completed")..];
    let words = &explain[..explain.find(";;").unwrap()];
    assert!(
        words.contains("CH001 CH002") && !words.contains("compgen -f"),
        "{words}"
    );

    let lower = crmspec(&["check", "--explain", "ch003"]);
    assert_eq!(lower.status.code(), Some(0));
    assert!(
        stdout(&lower).starts_with("CH003 (warning)"),
        "{}",
        stdout(&lower)
    );
    let wrong = crmspec(&["check", "--explain", "ch03"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        stderr(&wrong).contains("did you mean `CH003`?"),
        "{}",
        stderr(&wrong)
    );
}
