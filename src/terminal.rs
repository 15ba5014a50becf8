//! Everything crmspec prints goes through here. Messages quote text from questionnaires,
//! vendors' grids and CSV files, and a control character in it (`ESC ]0;…BEL` retitles the
//! terminal, `ESC [2J` clears it, `CR` overwrites a line) would drive the user's terminal. So
//! each such character is shown as its escape (`\u{1b}`), here, once for every message,
//! rather than by each message that quotes a value.
//!
//! The binary denies `println!` and its kin (see `main.rs`), so that a new message cannot
//! bypass this module.
//!
//! Colour and verbosity are decided here too, once, from `--color`, `--quiet` and
//! `--verbose`: crmspec's own words (a level, a rule code, a position, the caret under a
//! source line) are styled with `anstyle` and written through `anstream`, which drops the
//! styles when the stream is not a terminal, when `NO_COLOR` is set, or with `--color never`,
//! and keeps them with `CLICOLOR_FORCE` or `--color always`. Styles wrap pieces already
//! escaped, so a quoted text never carries an escape of its own, coloured or not.

use anstyle::{AnsiColor, Style};
use crmspec::diagnostic::{Role, Styled};
use crmspec::Severity;
use std::borrow::Cow;
use std::io::Write;
use std::sync::OnceLock;

/// Prints to standard output, `format!`-style, with a line break.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::terminal::out(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// Prints to standard error, `format!`-style, with a line break.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::terminal::err(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// Prints to standard output, `format!`-style, with a line break, unless `--quiet`: for the
/// lines that tell what a command did (files written, next steps, summaries).
macro_rules! infoln {
    ($($arg:tt)*) => {
        if $crate::terminal::verbosity() > $crate::terminal::Verbosity::Quiet {
            $crate::terminal::out(&format!("{}\n", format_args!($($arg)*)))
        }
    };
}

/// Prints to standard error, `format!`-style, with a line break, only with `--verbose`: what
/// each step did and how long it took.
macro_rules! verboseln {
    ($($arg:tt)*) => {
        if $crate::terminal::verbosity() == $crate::terminal::Verbosity::Verbose {
            $crate::terminal::err(&format!("{}\n", format_args!($($arg)*)))
        }
    };
}

pub(crate) use {errln, infoln, outln, verboseln};

/// How much a command says besides its result and its errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Errors only (and what makes the command fail).
    Quiet,
    Normal,
    /// Each step too: the files read, the templates replaced, the time each stage took.
    Verbose,
}

static VERBOSITY: OnceLock<Verbosity> = OnceLock::new();

/// Sets the colour choice and the verbosity for the whole run; called once, before any line
/// is printed.
pub fn init(color: anstream::ColorChoice, verbosity: Verbosity) {
    color.write_global();
    let _ = VERBOSITY.set(verbosity);
}

pub fn verbosity() -> Verbosity {
    VERBOSITY.get().copied().unwrap_or(Verbosity::Normal)
}

/// How each role looks on a terminal, as compilers show them (rustc, cargo): the level in its
/// colour and bold, the margin in blue, the position and summaries in bold.
fn style(role: Role) -> Style {
    let bold = Style::new().bold();
    match role {
        Role::Plain => Style::new(),
        Role::Position | Role::Summary => bold,
        Role::Severity(Severity::Error) => bold.fg_color(Some(AnsiColor::Red.into())),
        Role::Severity(Severity::Warning) => bold.fg_color(Some(AnsiColor::Yellow.into())),
        Role::Severity(Severity::Info) | Role::Hint => bold.fg_color(Some(AnsiColor::Cyan.into())),
        Role::Margin => bold.fg_color(Some(AnsiColor::Blue.into())),
        Role::Success => Style::new().fg_color(Some(AnsiColor::Green.into())),
    }
}

/// The text's pieces, each escaped, then wrapped in its role's style.
fn styled(text: &Styled) -> String {
    text.pieces()
        .map(|(role, piece)| {
            let style = style(role);
            format!("{style}{}{style:#}", escape(piece))
        })
        .collect()
}

/// Prints a styled line to standard error (styles dropped where colour is off).
pub fn err_styled(text: &Styled) {
    let _ = writeln!(anstream::stderr().lock(), "{}", styled(text));
}

/// Prints a styled line to standard output (styles dropped where colour is off).
pub fn out_styled(text: &Styled) {
    let _ = writeln!(anstream::stdout().lock(), "{}", styled(text));
}

/// Whether a character may not reach the terminal as it is: control characters (C0, DEL and
/// C1, but the line breaks and tabs that lay messages out), and the bidirectional embeddings,
/// overrides and isolates, which make text read otherwise than it is written.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t'))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The text with each unsafe character shown as Rust writes it: `\u{1b}`.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_as(text, |c, out| out.extend(c.escape_unicode()))
}

/// JSON output (`--format json`): serde_json escapes C0 controls already, but not DEL, C1 or
/// the bidirectional controls; they can only be inside strings, where JSON's `\u009b` keeps the
/// document valid.
fn escape_json(text: &str) -> Cow<'_, str> {
    escape_as(text, |c, out| {
        out.push_str(&format!("\\u{:04x}", u32::from(c)))
    })
}

fn escape_as(text: &str, escaped: impl Fn(char, &mut String)) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            escaped(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Prints to standard output; a reader that stops early (`| head`) is not an error.
pub fn out(text: &str) {
    let _ = std::io::stdout().lock().write_all(escape(text).as_bytes());
}

/// Prints a JSON document to standard output.
pub fn out_json(text: &str) {
    let _ = std::io::stdout()
        .lock()
        .write_all(escape_json(text).as_bytes());
}

/// Prints to standard error; a closed standard error is not worth a panic.
pub fn err(text: &str) {
    let _ = std::io::stderr().lock().write_all(escape(text).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(
            escape("`\u{1b}]0;pwned\u{7}\u{1b}[2J` is not a coverage level"),
            "`\\u{1b}]0;pwned\\u{7}\\u{1b}[2J` is not a coverage level"
        );
        assert_eq!(escape("a\rb\u{9b}c\u{202e}d"), "a\\u{d}b\\u{9b}c\\u{202e}d");
        assert!(matches!(
            escape("ligne 1\n\thint: Éléments — ok"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn json_stays_json() {
        assert_eq!(
            escape_json("{\"a\": \"x\u{9b}y\"}"),
            "{\"a\": \"x\\u009by\"}"
        );
        let value: serde_json::Value =
            serde_json::from_str(&escape_json("{\"a\": \"\u{7f}\u{202e}\"}")).unwrap();
        assert_eq!(value["a"], "\u{7f}\u{202e}");
    }
}
