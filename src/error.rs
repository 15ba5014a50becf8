//! The library's errors, each knowing whether the user or crmspec is at fault, and saying
//! what happened as a [`Message`], worded in the reader's language when shown.

use crate::diagnostic::Diagnostic;
use crate::lang::messages::{Message, NEUTRAL};
use crate::lang::Language;
use std::path::PathBuf;

#[derive(Debug)]
pub enum Error {
    /// The questionnaire has problems; every one found is listed.
    Invalid(Vec<Diagnostic>),
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    NotUtf8 {
        path: PathBuf,
    },
    /// A folder, a FIFO or a device where a file was expected.
    NotAFile {
        path: PathBuf,
    },
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    /// A template failed; `user` when it came from `--templates`, so the user can fix it.
    /// The message is the template engine's, naming the template and the position.
    Template {
        message: String,
        user: bool,
    },
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The PDF library failed; its own words.
    Pdf(String),
    /// The Word writer failed; its own words.
    Docx(String),
    /// The OpenDocument writer failed; its own words.
    Odt(String),
    /// Writing a response grid failed inside the XLSX library; its own words.
    Grid(String),
    /// Writing a price schedule failed inside the XLSX library; its own words.
    Schedule(String),
    /// Packing the tender's files into one archive failed inside the ZIP library.
    Archive(String),
    /// `serve` cannot listen (the port is taken).
    Bind {
        port: u16,
        source: std::io::Error,
    },
    /// The system refused a resource crmspec needs to run (a thread): `what` says which.
    Io {
        what: Message,
        source: std::io::Error,
    },
    /// Another crmspec holds the output folder's lock (see `output`) longer than it takes to
    /// write a set of files.
    Busy {
        dir: PathBuf,
    },
    /// `init` would replace something that is not a regular file; `what` names what it is.
    NotReplaceable {
        path: PathBuf,
        what: Message,
    },
    /// `init` would overwrite a file.
    Exists {
        path: PathBuf,
    },
    /// A command-line value that names nothing (`--module XYZ`), or paths that cannot be
    /// used as given.
    BadArgument(Message),
    UnknownRule {
        code: String,
        suggestion: Option<&'static str>,
    },
}

impl Error {
    /// 2 when the input (questionnaire, templates, paths) must be fixed, 1 when crmspec failed.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_)
            | Error::Read { .. }
            | Error::NotUtf8 { .. }
            | Error::NotAFile { .. }
            | Error::TooLarge { .. }
            | Error::UnknownRule { .. }
            | Error::BadArgument(_)
            | Error::Exists { .. }
            | Error::Busy { .. }
            | Error::NotReplaceable { .. }
            | Error::Bind { .. } => 2,
            Error::Template { user, .. } => {
                if *user {
                    2
                } else {
                    1
                }
            }
            Error::Write { .. }
            | Error::Io { .. }
            | Error::Pdf(_)
            | Error::Docx(_)
            | Error::Odt(_)
            | Error::Grid(_)
            | Error::Schedule(_)
            | Error::Archive(_) => 1,
        }
    }

    /// What happened, to be worded in the reader's language.
    pub fn message(&self) -> Message {
        let path = |p: &PathBuf| p.display().to_string();
        match self {
            Error::Invalid(diagnostics) => Message::new("diagnostic.problems_in_questionnaire")
                .count("count", diagnostics.len() as u64),
            Error::Read { path: p, source } => Message::new("error.read")
                .code("path", path(p))
                .message("reason", io(source)),
            Error::NotUtf8 { path: p } => Message::new("error.not_utf8").code("path", path(p)),
            Error::NotAFile { path: p } => Message::new("error.not_a_file").code("path", path(p)),
            Error::TooLarge {
                path: p,
                size,
                limit,
            } => Message::new("error.too_large")
                .code("path", path(p))
                .plain("size", size)
                .plain("limit", limit),
            Error::Template { message, .. } => {
                Message::new("error.template").plain("reason", message)
            }
            Error::Write { path: p, source } => Message::new("error.write")
                .code("path", path(p))
                .message("reason", io(source)),
            Error::Pdf(reason) => Message::new("error.pdf").plain("reason", reason),
            Error::Docx(reason) => Message::new("error.docx").plain("reason", reason),
            Error::Odt(reason) => Message::new("error.odt").plain("reason", reason),
            Error::Grid(reason) => Message::new("error.grid").plain("reason", reason),
            Error::Schedule(reason) => Message::new("error.schedule").plain("reason", reason),
            Error::Archive(reason) => Message::new("error.archive").plain("reason", reason),
            Error::Bind { port, source } => Message::new("error.bind")
                .plain("port", port)
                .message("reason", io(source)),
            Error::Io { what, source } => Message::new("error.io")
                .message("what", what.clone())
                .message("reason", io(source)),
            Error::Busy { dir } => Message::new("error.busy").code("dir", path(dir)),
            Error::NotReplaceable { path: p, what } => Message::new("error.not_replaceable")
                .code("path", path(p))
                .message("what", what.clone()),
            Error::Exists { path: p } => Message::new("error.exists").code("path", path(p)),
            Error::BadArgument(message) => message.clone(),
            Error::UnknownRule { code, suggestion } => match suggestion {
                Some(s) => Message::new("error.unknown_rule_suggested")
                    .code("code", code)
                    .code("suggestion", *s),
                None => Message::new("error.unknown_rule").code("code", code),
            },
        }
    }

    /// The error in `lang`, as the terminal shows it.
    pub fn text(&self, lang: Language) -> String {
        self.message().terminal(lang)
    }
}

/// A failure as one line of output: `error: …`, in the reader's language.
pub fn failed(e: &Error) -> Message {
    Message::new("diagnostic.failed").message("error", e.message())
}

/// A message followed by what to do about it, on a line of its own as a diagnostic's hint.
pub fn hinted(message: Message, hint: Message) -> Message {
    Message::new("error.with_hint")
        .message("message", message)
        .message("label", Message::new("diagnostic.hint"))
        .message("hint", hint)
}

/// What the system said went wrong, in the reader's words when it is one of the usual
/// reasons, else as the system put it.
pub fn io(e: &std::io::Error) -> Message {
    use std::io::ErrorKind;
    if let Some(inner) = e.get_ref() {
        if inner.is::<OutsideFolder>() {
            return Message::new("io.outside_folder");
        }
        if let Some(error) = inner.downcast_ref::<Error>() {
            return error.message();
        }
    }
    match e.kind() {
        ErrorKind::NotFound => Message::new("io.not_found"),
        ErrorKind::PermissionDenied => Message::new("io.permission_denied"),
        ErrorKind::AlreadyExists => Message::new("io.already_exists"),
        ErrorKind::AddrInUse => Message::new("io.address_in_use"),
        ErrorKind::IsADirectory => Message::new("io.is_a_directory"),
        ErrorKind::StorageFull => Message::new("io.storage_full"),
        _ => Message::verbatim(e.to_string()),
    }
}

/// Why a file the questionnaire names (the logo) is not read: it lies outside the
/// questionnaire's folder. Carried in an `std::io::Error` so that validation, which judges the
/// bytes or the reason they could not be read, words it like any other reason.
#[derive(Debug)]
pub struct OutsideFolder;

impl std::fmt::Display for OutsideFolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&Message::new("io.outside_folder").terminal(NEUTRAL))
    }
}

impl std::error::Error for OutsideFolder {}

/// In the neutral language: what logs and other programs read.
impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(NEUTRAL))
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Read { source, .. }
            | Error::Write { source, .. }
            | Error::Bind { source, .. }
            | Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
