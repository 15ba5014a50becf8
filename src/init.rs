//! `crmspec init`: a complete, commented questionnaire to start from, in French or English,
//! with the JSON Schema beside it so that the editor completes and checks it while typing.

use crate::error::Error;
use crate::model::Language;
use std::path::{Path, PathBuf};

const FRENCH: &str = include_str!("../init/questionnaire.fr.yaml");
const ENGLISH: &str = include_str!("../init/questionnaire.en.yaml");

/// The questionnaire `init` writes: the editor's schema line, then the commented example.
pub fn questionnaire(lang: Language) -> String {
    let body = match lang {
        Language::Fr => FRENCH,
        Language::En => ENGLISH,
    };
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
