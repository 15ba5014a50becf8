//! `crmspec init`: a complete, commented questionnaire to start from, in the language asked
//! for, with the JSON Schema beside it so that the editor completes and checks it while typing.
//!
//! The questionnaires are the files `init/questionnaire.<code>.yaml`, embedded in the binary
//! and picked by the language's code, so a new language is a new file here, not new Rust.

use crate::error::Error;
use crate::model::Language;
use include_dir::{include_dir, Dir};
use std::path::{Path, PathBuf};

static QUESTIONNAIRES: Dir = include_dir!("$CARGO_MANIFEST_DIR/init");

/// The commented example in `lang`. The files are part of the binary and the tests check
/// there is one per language, so a missing one is a bug in crmspec, not in the user's input.
fn example(lang: Language) -> &'static str {
    QUESTIONNAIRES
        .get_file(format!("questionnaire.{}.yaml", lang.code()))
        .and_then(|file| file.contents_utf8())
        .expect("every language has its init questionnaire (tested)")
}

/// The questionnaire `init` writes: the editor's schema line, then the commented example.
pub fn questionnaire(lang: Language) -> String {
    let body = example(lang);
    format!(
        "# yaml-language-server: $schema=./{}\n{body}",
        crate::schema::FILE_NAME
    )
}

/// Writes the questionnaire to `path`, and the schema beside it. An existing questionnaire
/// is someone's work: it is replaced only with `force`. The schema is crmspec's own file and
/// is always brought up to date.
pub fn write(path: &Path, lang: Language, force: bool) -> Result<Vec<PathBuf>, Error> {
    if path.exists() && !force {
        return Err(Error::Exists {
            path: path.to_path_buf(),
        });
    }
    let schema = path
        .parent()
        .unwrap_or(Path::new(""))
        .join(crate::schema::FILE_NAME);
    crate::output::write_atomic(path, questionnaire(lang).as_bytes())?;
    crate::output::write_atomic(&schema, crate::schema::questionnaire().as_bytes())?;
    Ok(vec![path.to_path_buf(), schema])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_questionnaire() {
        for &lang in Language::ALL {
            let text = questionnaire(lang);
            assert!(text.starts_with("# yaml-language-server: $schema=./"));
            assert!(
                text.contains(&format!("\n  language: {} ", lang.code())),
                "{}",
                lang.code()
            );
        }
    }
}
