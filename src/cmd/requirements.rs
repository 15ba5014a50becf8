//! `crmspec requirements export|import`: the requirements to a spreadsheet and back.

use crate::cli::{RequirementsCommand, RequirementsExportArgs, RequirementsImportArgs};
use crate::terminal::outln;
use crmspec::model::Language;
use crmspec::requirements::{read_table, Sheet};
use crmspec::{Diagnostic, Error, Message, Source};
use std::path::{Path, PathBuf};

pub fn run(command: RequirementsCommand, lang: Language) -> Result<u8, Error> {
    match command {
        RequirementsCommand::Export(args) => export(args, lang),
        RequirementsCommand::Import(args) => import(args, lang),
    }
}

/// A file's folder and name, as `output::write_all` takes them.
fn split(path: &Path) -> (PathBuf, PathBuf) {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = path.file_name().map(PathBuf::from).unwrap_or_default();
    (dir, name)
}

/// The questionnaire's text as JSON; a rewrite problem as the questionnaire's diagnostic.
fn edit_error(source: &Source, e: crmspec::yaml_edit::EditError) -> Error {
    Error::Invalid(vec![Diagnostic::error("", e.message())
        .in_file(&source.name)
        .at(e.location())
        .with_source(&source.text)])
}

fn export(args: RequirementsExportArgs, lang: Language) -> Result<u8, Error> {
    let source = Source::read(&args.questionnaire)?;
    let spec = crmspec::check(&source)?;
    let raw = crmspec::yaml_edit::to_json(&source.text).map_err(|e| edit_error(&source, e))?;
    let sheet = Sheet::new(&spec, &raw);
    let csv = args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let bytes = if csv { sheet.csv() } else { sheet.xlsx()? };
    let (dir, name) = split(&args.output);
    for path in crmspec::output::write_all(&dir, &[(name, bytes)])? {
        outln!("{}", super::wrote(&path, lang));
    }
    Ok(0)
}

fn import(args: RequirementsImportArgs, lang: Language) -> Result<u8, Error> {
    let source = Source::read(&args.questionnaire)?;
    let spec = crmspec::check(&source)?;
    let raw = crmspec::yaml_edit::to_json(&source.text).map_err(|e| edit_error(&source, e))?;
    let sheet = Sheet::new(&spec, &raw);
    let table = read_table(&args.sheet).map_err(Error::Invalid)?;
    let (new, summary) = sheet.import(&table, &raw).map_err(Error::Invalid)?;
    let text =
        crmspec::yaml_edit::rewrite(&source.text, &new).map_err(|e| edit_error(&source, e))?;
    // What the sheet asks for must still make a valid questionnaire (an ID the sheet reuses
    // elsewhere, a module left empty…): checked before anything is written.
    let updated = Source {
        text: text.clone(),
        ..source.clone()
    };
    if let Err(Error::Invalid(mut problems)) = crmspec::check(&updated) {
        problems.insert(
            0,
            Diagnostic::error("", Message::new("requirements_sheet.would_be_invalid"))
                .in_file(&args.sheet.display().to_string()),
        );
        return Err(Error::Invalid(problems));
    }
    for line in summary.lines(lang) {
        outln!("{line}");
    }
    if args.dry_run {
        outln!(
            "{}",
            Message::new("requirements_sheet.dry_run").terminal(lang)
        );
        return Ok(0);
    }
    if text != source.text {
        let (dir, name) = split(&args.questionnaire);
        for path in crmspec::output::write_all(&dir, &[(name, text.into_bytes())])? {
            outln!("{}", super::wrote(&path, lang));
        }
    }
    Ok(0)
}
