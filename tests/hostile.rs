//! Hostile input: each gets a clear error (exit 2) or a correct document, never a panic or a
//! hang.

mod common;

use common::*;

fn check(name: &str, text: &[u8]) -> (Option<i32>, String) {
    let dir = temp_dir(name);
    let path = dir.join("q.yaml");
    std::fs::write(&path, text).unwrap();
    let output = crmspec(&["check", path.to_str().unwrap()]);
    (output.status.code(), stderr(&output))
}

#[test]
fn alias_bomb_is_refused() {
    let mut text =
        String::from("a: &a [\"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\", \"x\"]\n");
    for i in 1..10u8 {
        let (name, prev) = ((b'a' + i) as char, (b'a' + i - 1) as char);
        let refs = vec![format!("*{prev}"); 9].join(", ");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let (code, err) = check("bomb", text.as_bytes());
    assert_eq!(code, Some(2));
    assert!(
        err.contains("invalid YAML: repetition limit exceeded"),
        "{err}"
    );
}

#[test]
fn deep_nesting_is_refused() {
    let text = format!(
        "version: 1\ndocument: {}{}\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    let (code, err) = check("deep", text.as_bytes());
    assert_eq!(code, Some(2));
    assert!(
        err.contains(":2:75: error: invalid YAML: nesting deeper than 64 levels"),
        "{err}"
    );
    let mut nested = String::from("version: 1\ndocument:\n");
    for level in 0..2000 {
        nested.push_str(&format!("{}k{level}:\n", "  ".repeat(level + 1)));
    }
    let (code, err) = check("deep-block", nested.as_bytes());
    assert_eq!(code, Some(2));
    assert!(err.contains("recursion limit exceeded"), "{err}");
}

#[test]
fn oversized_file_is_refused_before_reading() {
    let dir = temp_dir("huge");
    let path = dir.join("q.yaml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    let output = render_with(&path, &dir.join("out"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is 52428800 bytes, over the limit of 33554432 bytes"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.join("out").exists());
}

#[test]
fn binary_and_non_utf8_files_are_refused() {
    let (code, err) = check("binary", &[0x89, b'P', b'N', b'G', 0, 0, 0xFF, 0xFE]);
    assert_eq!(code, Some(2));
    assert!(err.contains("not UTF-8"), "{err}");
}

/// Every text field holds Markdown, HTML and template syntax: the document shows it as typed.
#[test]
fn markup_in_every_field_is_shown_as_typed() {
    let payload = r#" {{ q.document.client }} {% if true %}x{% endif %} <script>alert(1)</script> **gras** _it_ # titre | col ` [lien](http://x) \\"#;
    let base = std::fs::read_to_string(spec("northwind-b2b.yaml")).unwrap();
    let mut out = String::new();
    let mut fields = 0;
    for line in base.lines() {
        // The deadline's hour is checked as `HH:MM`, not text: it keeps its value.
        if line.trim_start().starts_with("response_time:") {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        // Append the payload inside every double-quoted value.
        let mut rest = line;
        let mut built = String::new();
        while let Some(start) = rest.find('"') {
            let Some(len) = rest[start + 1..].find('"') else {
                break;
            };
            let end = start + 1 + len;
            built.push_str(&rest[..end]);
            built.push_str(&payload.replace('\\', "\\\\").replace('"', "\\\""));
            built.push('"');
            rest = &rest[end + 1..];
            fields += 1;
        }
        built.push_str(rest);
        out.push_str(&built);
        out.push('\n');
    }
    assert!(fields > 100, "{fields} fields");
    let dir = temp_dir("markup");
    std::fs::copy(spec("northwind-logo.jpg"), dir.join("northwind-logo.jpg")).unwrap();
    let path = dir.join("q.yaml");
    std::fs::write(&path, out).unwrap();
    let target = dir.join("out");
    let output = render_with(&path, &target, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let md_name = std::fs::read_dir(&target)
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().ends_with(".md"))
        .unwrap();
    let md = std::fs::read_to_string(md_name.path()).unwrap();
    let shown = markdown_text(&md);
    let expected = payload.trim();
    assert!(
        shown.matches(expected).count() > 50,
        "the payload shows as typed"
    );
    assert!(!md.contains("<script>"), "no raw HTML reaches the Markdown");
    let svg = std::fs::read_to_string(target.join("figures/canaux.svg")).unwrap();
    roxmltree::Document::parse(&svg).expect("figures stay well-formed XML");
    let pdf_path = md_name.path().with_extension("pdf");
    let pdf = std::fs::read(pdf_path).unwrap();
    let text = squeeze(&pdf_text(&pdf));
    assert!(
        text.contains(&squeeze(expected)),
        "the PDF shows the payload"
    );
}

/// Control characters (here a terminal escape that retitles the window and clears the
/// screen, and a NUL) are refused at load with the field and line, for every format alike,
/// and the message itself never carries them to the terminal.
#[test]
fn control_characters_are_refused_where_they_are_typed() {
    let text = std::fs::read_to_string(spec("velo-horizon.yaml")).unwrap();
    let needle = "title: \"Cahier des charges";
    assert!(text.contains(needle));
    let hostile = text.replacen(needle, "title: \"\\e]0;pwned\\a\\e[2JCahier des charges", 1);
    let line = hostile[..hostile.find("\\e]0;").unwrap()].lines().count();
    let dir = temp_dir("control");
    let path = dir.join("q.yaml");
    std::fs::write(&path, &hostile).unwrap();
    std::fs::copy(
        spec("velo-horizon-logo.png"),
        dir.join("velo-horizon-logo.png"),
    )
    .unwrap();
    let out = dir.join("out");
    let output = render_with(&path, &out, &["--format", "md,pdf,html,docx"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains(&format!(
            ":{line}:10: error: `document.title`: the text holds the control character U+001B"
        )),
        "{err}"
    );
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(!out.exists(), "nothing written");
    let nul = text.replacen(needle, "title: \"A\\0B", 1);
    std::fs::write(&path, nul).unwrap();
    let output = crmspec(&["check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("U+0000"), "{}", stderr(&output));
}

/// A questionnaire at `dir/q.yaml` naming `logo`, from the French example.
fn with_logo(dir: &std::path::Path, logo: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(spec("velo-horizon.yaml")).unwrap();
    let text = text.replace("logo: velo-horizon-logo.png", &format!("logo: \"{logo}\""));
    assert!(text.contains(&format!("logo: \"{logo}\"")));
    let path = dir.join("q.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

/// A FIFO never ends and `/dev/zero` has no end: only regular files are read, and the size
/// limit holds while reading.
#[cfg(unix)]
#[test]
fn fifos_and_devices_are_refused_at_once() {
    let dir = temp_dir("fifo");
    let fifo = dir.join("q.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let start = std::time::Instant::now();
    let output = crmspec(&["check", fifo.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("is not a regular file"),
        "{}",
        stderr(&output)
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
    let output = crmspec(&["check", "/dev/zero"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is not a regular file"),
        "{}",
        stderr(&output)
    );
    // A logo that is a FIFO, too.
    let logo_dir = temp_dir("fifo-logo");
    let q = with_logo(&logo_dir, "logo.png");
    std::process::Command::new("mkfifo")
        .arg(logo_dir.join("logo.png"))
        .status()
        .unwrap();
    let output = crmspec(&["check", q.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("`document.logo`"),
        "{}",
        stderr(&output)
    );
}

/// The logo is copied into every output: it may not be read from outside the questionnaire's
/// folder, by `..`, an absolute path or a symlink, and the message does not tell whether
/// the file exists.
#[test]
fn a_logo_outside_the_questionnaire_folder_is_refused() {
    let root = temp_dir("logo-outside");
    let secret = root.join("secret");
    std::fs::create_dir_all(&secret).unwrap();
    std::fs::copy(spec("velo-horizon-logo.png"), secret.join("private.png")).unwrap();
    let dir = root.join("q");
    std::fs::create_dir_all(&dir).unwrap();
    let absolute = secret.join("private.png").display().to_string();
    #[cfg(unix)]
    std::os::unix::fs::symlink(secret.join("private.png"), dir.join("link.png")).unwrap();
    let mut cases = vec![
        "../secret/private.png",
        "../secret/missing.png",
        absolute.as_str(),
    ];
    if cfg!(unix) {
        cases.push("link.png");
    }
    for logo in cases {
        let q = with_logo(&dir, logo);
        let out = dir.join("out");
        let output = render_with(&q, &out, &[]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{logo}: {err}");
        assert!(err.contains("`document.logo`"), "{logo}: {err}");
        assert!(
            err.contains("inside the questionnaire's folder"),
            "{logo}: {err}"
        );
        assert!(!out.exists(), "nothing written for {logo}");
    }
}

/// A 69-byte PNG whose header claims 2147483647 × 2147483647 pixels aborted the render: the
/// size is read from the header and refused before anything decodes it.
#[test]
fn a_logo_claiming_huge_dimensions_is_refused_before_decoding() {
    let dir = temp_dir("logo-huge");
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&0x7fff_ffffu32.to_be_bytes());
    png.extend_from_slice(&0x7fff_ffffu32.to_be_bytes());
    png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    png.extend_from_slice(b"\0\0\0\0IEND\xaeB`\x82");
    std::fs::write(dir.join("huge.png"), &png).unwrap();
    let q = with_logo(&dir, "huge.png");
    let out = dir.join("out");
    let output = render_with(&q, &out, &["--format", "pdf,docx"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("2147483647 × 2147483647 pixels"), "{err}");
    assert!(err.contains("resize the logo"), "{err}");
    assert!(!out.exists());
}

/// Every name under `dir`, folders with a trailing `/`, sorted: hidden leftovers show.
fn tree(dir: &std::path::Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            names.push(format!("{name}/"));
            names.extend(
                tree(&entry.path())
                    .into_iter()
                    .map(|n| format!("{name}/{n}")),
            );
        } else {
            names.push(name);
        }
    }
    names.sort();
    names
}

/// A render killed while writing (here by the file size limit, as a full disk or `kill -9`
/// would) left a hidden `*.tmp` file and the new Markdown beside the old Word document. The
/// set is staged and committed: the old set stays whole, and the next run cleans up.
#[cfg(unix)]
#[test]
fn a_render_killed_while_writing_leaves_the_old_set_whole() {
    let dir = temp_dir("set-killed");
    let q = dir.join("q.yaml");
    let text = std::fs::read_to_string(spec("northwind-b2b.yaml")).unwrap();
    std::fs::write(&q, &text).unwrap();
    std::fs::copy(spec("northwind-logo.jpg"), dir.join("northwind-logo.jpg")).unwrap();
    let out = dir.join("out");
    let output = render_with(&q, &out, &["--format", "md,docx"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let files = tree(&out);
    let read = |ext: &str| {
        let name = files.iter().find(|n| n.ends_with(ext)).unwrap();
        std::fs::read(out.join(name)).unwrap()
    };
    let (md, docx) = (read(".md"), read(".docx"));
    assert!(md.len() < 100 * 1024 && docx.len() > 210 * 1024);

    std::fs::write(
        &q,
        text.replace("Issued to vendors", "Issued to vendors, second"),
    )
    .unwrap();
    // 200 blocks: 100 KB (dash) or 200 KB (bash), between the Markdown and the Word sizes.
    let killed = std::process::Command::new("sh")
        .args(["-c", "ulimit -f 200 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_crmspec"))
        .args(["render", q.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .args(["--format", "md,docx"])
        .output()
        .unwrap();
    assert!(!killed.status.success(), "the size limit stopped it");
    assert_eq!(read(".md"), md, "the old Markdown is untouched");
    assert_eq!(read(".docx"), docx, "the old Word document is untouched");

    let output = render_with(&q, &out, &["--format", "md,docx"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(String::from_utf8(read(".md")).unwrap().contains("second"));
    assert_ne!(read(".docx"), docx);
    assert_eq!(tree(&out), files, "no temporary file or folder is left");
}

/// A file of the set whose place is taken (a folder named like the PDF) made the render fail
/// half-way, after the Markdown was replaced: now refused before anything is.
#[test]
fn a_set_that_cannot_be_completed_replaces_nothing() {
    let (out, base) = render(&spec("northwind-b2b.yaml"), "set-blocked", "md");
    let md = std::fs::read(out.join(format!("{base}.md"))).unwrap();
    std::fs::write(out.join(format!("{base}.md")), "version 1.2").unwrap();
    std::fs::create_dir(out.join(format!("{base}.pdf"))).unwrap();
    let output = render_with(&spec("northwind-b2b.yaml"), &out, &["--format", "md,pdf"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("{base}.pdf` is a folder")), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join(format!("{base}.md"))).unwrap(),
        "version 1.2",
        "the old Markdown stays"
    );
    std::fs::remove_dir(out.join(format!("{base}.pdf"))).unwrap();
    let output = render_with(&spec("northwind-b2b.yaml"), &out, &["--format", "md,pdf"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(std::fs::read(out.join(format!("{base}.md"))).unwrap(), md);
}

/// Two crmspec writing into one folder at once mixed their files. The folder is locked while a
/// set is written: a second one waits a few seconds for the first, then says why it stops.
#[test]
fn two_renders_into_one_folder_wait_for_each_other() {
    let out = temp_dir("set-locked");
    let lock = std::fs::File::create(out.join(".crmspec.lock")).unwrap();
    lock.lock().unwrap();
    let start = std::time::Instant::now();
    let output = render_with(&spec("northwind-b2b.yaml"), &out, &["--format", "md"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "another crmspec is writing into `{}`",
            out.display()
        )),
        "{err}"
    );
    assert!(start.elapsed() >= std::time::Duration::from_secs(4));
    assert_eq!(tree(&out), [".crmspec.lock"], "nothing was written");

    // Released while the second one waits: it goes on.
    let waiting = crmspec_command()
        .args(["render", spec("northwind-b2b.yaml").to_str().unwrap()])
        .args(["-o", out.to_str().unwrap(), "--format", "md"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1000));
    drop(lock);
    let output = waiting.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(tree(&out).iter().any(|n| n.ends_with(".md")));
    assert!(
        !out.join(".crmspec.lock").exists(),
        "the lock file goes with the lock"
    );
}

/// `init --force` replaced a FIFO or a symbolic link with a file (and failed with exit 1 on a
/// folder): it replaces only a regular file.
#[cfg(unix)]
#[test]
fn init_force_replaces_only_a_regular_file() {
    let dir = temp_dir("init-special");
    let elsewhere = temp_dir("init-special-elsewhere").join("kept.yaml");
    std::fs::write(&elsewhere, "kept\n").unwrap();
    std::fs::create_dir(dir.join("folder.yaml")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join("link.yaml")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("fifo.yaml"))
        .status()
        .unwrap();
    assert!(made.success());
    for (name, what) in [
        ("folder.yaml", "a folder"),
        ("link.yaml", "a symbolic link"),
        ("fifo.yaml", "a FIFO"),
    ] {
        let path = dir.join(name);
        let output = crmspec(&["init", "--force", path.to_str().unwrap()]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(&format!("{name}` is {what}, not a regular file")),
            "{name}: {err}"
        );
        assert!(!dir.join("crmspec-questionnaire.schema.json").exists());
    }
    assert!(std::fs::symlink_metadata(dir.join("link.yaml"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "kept\n");
    // The schema beside is replaced without --force, but a regular file only, too.
    let other = temp_dir("init-special-schema");
    std::fs::create_dir(other.join("crmspec-questionnaire.schema.json")).unwrap();
    let path = other.join("q.yaml");
    let output = crmspec(&["init", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(!path.exists());
}

/// A templates folder with `services.md.tera` holding `text`, and a secret beside the folder.
fn templates_with(name: &str, text: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let root = temp_dir(name);
    let dir = root.join("templates");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(root.join("secret.md.tera"), "TOP-SECRET-42\n").unwrap();
    std::fs::write(dir.join("services.md.tera"), text).unwrap();
    (dir, root.join("out"))
}

/// Runs `render --templates DIR` on the French example, Markdown only.
fn render_templates(dir: &std::path::Path, out: &std::path::Path) -> std::process::Output {
    render_with(
        &spec("velo-horizon.yaml"),
        out,
        &["--format", "md", "--templates", dir.to_str().unwrap()],
    )
}

/// A user template symlinked to a file elsewhere (`/etc/shadow`) was rendered into the
/// document; `include` and `extends` reach only the templates crmspec loaded.
#[test]
fn user_templates_cannot_read_outside_their_folder() {
    #[cfg(unix)]
    {
        let (dir, out) = templates_with("tpl-link", "## ok\n");
        std::os::unix::fs::symlink(dir.join("../secret.md.tera"), dir.join("cover.md.tera"))
            .unwrap();
        let output = render_templates(&dir, &out);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{err}");
        assert!(
            err.contains("cover.md.tera` leads outside the templates folder"),
            "{err}"
        );
        assert!(!err.contains("TOP-SECRET") && !out.exists(), "{err}");

        let (dir, out) = templates_with("tpl-fifo", "## ok\n");
        let fifo = dir.join("cover.md.tera");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        let output = render_templates(&dir, &out);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(stderr(&output).contains("is not a regular file"));
    }
    let (dir, out) = templates_with("tpl-big", &"x".repeat(2 * 1024 * 1024));
    let output = render_templates(&dir, &out);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("over the limit of 1048576 bytes"));

    let secret = temp_dir("tpl-include").join("secret.md.tera");
    for include in [
        "{% include \"../secret.md.tera\" %}",
        "{% extends \"../secret.md.tera\" %}",
        &format!("{{% include \"{}\" %}}", secret.display()),
        "{% include \"/etc/passwd\" %}",
    ] {
        let (dir, out) = templates_with("tpl-include", include);
        let output = render_templates(&dir, &out);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{include}: {err}");
        assert!(err.contains("services.md.tera"), "{include}: {err}");
        assert!(
            !err.contains("TOP-SECRET") && !err.contains("root:"),
            "{err}"
        );
        assert!(!out.exists());
    }
}

/// Two nested 100,000-item loops ran for over a minute. A user template runs within a budget:
/// `range` makes at most a million numbers per render, the output is bounded, and the render
/// is stopped after ten seconds, each with a message naming the template or its folder.
#[test]
fn runaway_user_templates_are_stopped() {
    let start = std::time::Instant::now();
    let (dir, out) = templates_with(
        "tpl-loops",
        "## ok\n{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}\n",
    );
    let output = render_templates(&dir, &out);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("services.md.tera"), "{err}");
    assert!(err.contains("more than 1000000 numbers"), "{err}");
    assert!(
        start.elapsed() < std::time::Duration::from_secs(8),
        "stopped at once"
    );
    assert!(!out.exists());

    let (dir, out) = templates_with(
        "tpl-output",
        &format!(
            "## ok\n{{% set xs = range(end=1000) %}}{{% for a in xs %}}{{% for b in xs %}}{}{{% endfor %}}{{% endfor %}}\n",
            "x".repeat(200)
        ),
    );
    let output = render_templates(&dir, &out);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("wrote more than 128 MB"), "{err}");
    assert!(err.contains("(services.md.tera)"), "{err}");

    let start = std::time::Instant::now();
    let (dir, out) = templates_with(
        "tpl-time",
        "## ok\n{% set xs = range(end=1000) %}{% for a in xs %}{% for b in xs %}{% for c in xs %}{% for d in xs %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}\n",
    );
    let output = render_templates(&dir, &out);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "the templates of `{}` (services.md.tera) ran for more than 10 s",
            dir.display()
        )),
        "{err}"
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(30));
    assert!(!out.exists());
}
