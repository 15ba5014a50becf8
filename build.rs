//! Lists the document languages from the locale files, so that a language is added by adding
//! its file: `locales/<code>.toml` becomes the language `<code>`. The default language is the
//! one whose `[language]` table says `default = true`; it comes first, the others follow in
//! the order of their codes. Writes `languages!(Fr = "fr", En = "en", …);` for `src/lang`.

use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=locales");
    let mut codes: Vec<(bool, String)> = Vec::new();
    let entries = std::fs::read_dir("locales").expect("the locales folder");
    for entry in entries {
        let path = entry.expect("a locale file").path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let code = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a file name")
            .to_string();
        assert!(
            code.len() == 2 && code.chars().all(|c| c.is_ascii_lowercase()),
            "{}: a locale file is named by its ISO 639-1 code (`de.toml`)",
            path.display()
        );
        let text = std::fs::read_to_string(&path).expect("a readable locale file");
        let default = text.lines().any(|line| line.trim() == "default = true");
        codes.push((default, code));
    }
    // The default first, then by code.
    codes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    assert!(
        codes.iter().filter(|(default, _)| *default).count() == 1,
        "exactly one locale file says `default = true` in its [language] table"
    );
    let variants: Vec<String> = codes
        .iter()
        .map(|(_, code)| {
            let mut chars = code.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            format!("{}{} = {code:?}", first.unwrap_or_default(), chars.as_str())
        })
        .collect();
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("languages.rs");
    std::fs::write(out, format!("languages!({});\n", variants.join(", ")))
        .expect("writing the languages");
}
