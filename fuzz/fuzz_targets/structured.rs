//! Structured questionnaires: a valid questionnaire whose text values, numbers and list sizes
//! come from the fuzzer, rendered to Markdown and PDF with figures and the advice annex, so the
//! fuzzer exercises layout, fonts and PDF assembly rather than YAML syntax errors.
#![no_main]

use libfuzzer_sys::fuzz_target;

const BASE: &str = include_str!("../../tests/fixtures/minimal.yaml");

/// Reads fuzzer bytes as a stream of small decisions and strings.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let (first, rest) = self.0.split_first().map_or((0, &[][..]), |(f, r)| (*f, r));
        self.0 = rest;
        first
    }

    /// A string: fuzzer bytes, or a piece of a dictionary of awkward text.
    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "| * # < > _ ` ",
            "{{ x }} {% if %}",
            "«\u{202F}»",
            "🚀",
            "\u{200B}",
            "https://example.com/a/very/long/path?q=1",
            "ÉÀÇŒ€…—’",
            "\\",
            "- ",
            "1. ",
            "<br>",
            "&amp;",
            "W",
            " ",
            "\n",
            "\t",
            "ﷺ",
            "𝔸",
            "\u{FEFF}",
            "日本",
        ];
        let len = usize::from(self.byte() % 24);
        let mut out = String::new();
        for _ in 0..len {
            let b = self.byte();
            if b < 200 {
                out.push_str(PIECES[usize::from(b) % PIECES.len()]);
            } else {
                out.push_str(&"X".repeat(usize::from(b - 199) * 10));
            }
        }
        out
    }
}

fn quoted(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            '\n' => vec!['\\', 'n'],
            '\t' => vec!['\\', 't'],
            c if (c as u32) < 0x20 => vec![],
            c => vec![c],
        })
        .collect();
    format!("\"{escaped}\"")
}

fuzz_target!(|data: &[u8]| {
    let mut bytes = Bytes(data);
    let mut text = String::new();
    // Every double-quoted value of the base questionnaire is replaced by fuzzer text.
    for line in BASE.lines() {
        let mut rest = line;
        while let Some(start) = rest.find('"') {
            let Some(len) = rest[start + 1..].find('"') else {
                break;
            };
            text.push_str(&rest[..start]);
            let value = bytes.text();
            text.push_str(&quoted(if value.trim().is_empty() { "v" } else { &value }));
            rest = &rest[start + 1 + len + 1..];
        }
        text.push_str(rest);
        text.push('\n');
    }
    // Lists of fuzzer-chosen length: requirements and channels.
    let requirements = usize::from(bytes.byte() % 40);
    let mut extra = String::new();
    for i in 0..requirements {
        extra.push_str(&format!(
            "      - {{ title: {}, description: {}, priority: {} }}\n",
            quoted(&format!("R{i} {}", bytes.text())),
            quoted(&bytes.text()),
            ["must", "should", "could", "wont"][usize::from(bytes.byte() % 4)]
        ));
    }
    text = text.replacen("    items:\n", &format!("    items:\n{extra}"), 1);
    let source = crmspec::Source {
        name: "fuzz.yaml".into(),
        text,
        base_dir: std::env::temp_dir(),
    };
    let _ = crmspec::review(&source, &[]);
    let Ok(spec) = crmspec::check(&source) else {
        return;
    };
    let options = crmspec::RenderOptions {
        formats: crmspec::Format::ALL.to_vec(),
        timestamp: Some(0),
        advice: true,
        ..crmspec::RenderOptions::default()
    };
    let rendered = crmspec::render(&spec, &options);
    assert!(
        rendered.is_ok(),
        "a valid questionnaire renders: {:?}",
        rendered.err()
    );
});
