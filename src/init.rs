//! `crmspec init`: a complete, commented questionnaire to start from, in the language asked
//! for, with the JSON Schema beside it so that the editor completes and checks it while typing;
//! the schema's help texts are in the questionnaire's language, so hover speaks it too.
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

/// Writes the questionnaire to `path`, and the schema beside it (its help in `lang`), as one
/// set. An existing questionnaire is someone's work: it is replaced only with `force`. The
/// schema is crmspec's own file and is always brought up to date. Neither replaces anything
/// but a regular file: a rename would put a file in place of a folder's name, a FIFO, a device
/// or a symbolic link (whose target the user meant to keep using), and `--force` is about a
/// questionnaire only.
pub fn write(path: &Path, lang: Language, force: bool) -> Result<Vec<PathBuf>, Error> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let schema = dir.join(crate::schema::FILE_NAME);
    let existing = replaceable(path)?;
    replaceable(&schema)?;
    if existing && !force {
        return Err(Error::Exists {
            path: path.to_path_buf(),
        });
    }
    let name = path.file_name().ok_or_else(|| {
        Error::BadArgument(
            crate::lang::messages::Message::new("init.no_file_name")
                .code("path", path.display().to_string()),
        )
    })?;
    let files = [
        (PathBuf::from(name), questionnaire(lang).into_bytes()),
        (
            PathBuf::from(crate::schema::FILE_NAME),
            crate::schema::questionnaire(lang).into_bytes(),
        ),
    ];
    crate::output::write_all(dir, &files)?;
    Ok(vec![path.to_path_buf(), schema])
}

/// Whether something is at `path` (`false`: nothing): an error when it is not a regular file,
/// named by what it is. Symbolic links are not followed, since the link itself would go.
fn replaceable(path: &Path) -> Result<bool, Error> {
    let Ok(metadata) = std::fs::symlink_metadata(path) else {
        return Ok(false);
    };
    let kind = metadata.file_type();
    if kind.is_file() {
        return Ok(true);
    }
    let what = if kind.is_dir() {
        "init.kind_folder"
    } else if kind.is_symlink() {
        "init.kind_symlink"
    } else {
        special_kind(&kind)
    };
    Err(Error::NotReplaceable {
        path: path.to_path_buf(),
        what: crate::lang::messages::Message::new(what),
    })
}

/// What a file that is neither a regular file, a folder nor a link is: the message key
/// naming it.
#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "init.kind_fifo"
    } else if kind.is_block_device() || kind.is_char_device() {
        "init.kind_device"
    } else if kind.is_socket() {
        "init.kind_socket"
    } else {
        "init.kind_other"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "init.kind_other"
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
