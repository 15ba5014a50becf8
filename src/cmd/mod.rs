//! The subcommands, one module each (as mdBook's `cmd/`): each takes its parsed arguments,
//! calls the library, prints what the command prints (through `terminal`), and returns the
//! exit code on success (0, or 2 when `check` or a batch finds what it must refuse). Errors
//! go back to `main`, which reports them.
//!
//! What several commands share (how formats are chosen, the reproducible date) is here, once.

pub mod catalogue;
pub mod check;
pub mod completions;
pub mod diff;
pub mod grid;
pub mod init;
pub mod man;
pub mod pack;
pub mod render;
pub mod requirements;
pub mod schema;
pub mod score;
pub mod serve;

use crate::cli::FormatArg;
use crate::terminal::verboseln;
use crmspec::model::Language;
use crmspec::{Error, Format, Message};
use std::path::Path;
use std::time::Instant;

/// Reads a questionnaire, saying so with `--verbose`.
fn read(path: &Path, lang: Language) -> Result<crmspec::Source, Error> {
    let started = Instant::now();
    let source = crmspec::Source::read(path)?;
    let ms = started.elapsed().as_millis();
    step(&crmspec::batch::read_step(&source, ms), lang);
    Ok(source)
}

/// Reads and checks a questionnaire, saying so with `--verbose`.
fn checked(path: &Path, lang: Language) -> Result<crmspec::spec::Spec, Error> {
    let source = read(path, lang)?;
    let started = Instant::now();
    let spec = crmspec::check(&source)?;
    took("cli.step_checked", started, lang);
    Ok(spec)
}

/// With `--verbose`, a step and the time since `started`: `key` takes `{ms}`.
fn took(key: &'static str, started: Instant, lang: Language) {
    step(
        &Message::new(key).plain("ms", started.elapsed().as_millis()),
        lang,
    );
}

/// With `--verbose`, what a step did.
fn step(message: &Message, lang: Language) {
    verboseln!("{}", message.terminal(lang));
}

/// The line saying a file was written, in `lang`.
fn wrote(path: &std::path::Path, lang: Language) -> String {
    Message::new("cli.wrote")
        .plain("path", path.display())
        .terminal(lang)
}

/// The formats asked for, each once, in a fixed order; all when none is named.
fn formats(asked: Vec<FormatArg>) -> Vec<Format> {
    let mut formats: Vec<Format> = if asked.is_empty() {
        Format::DEFAULT.to_vec()
    } else {
        asked.into_iter().map(Format::from).collect()
    };
    formats.sort();
    formats.dedup();
    formats
}

/// Reproducible builds' convention for the date to write instead of the clock.
fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}
