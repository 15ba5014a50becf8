//! The library's errors, each knowing whether the user or crmspec is at fault.

use crate::diagnostic::Diagnostic;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The questionnaire has problems; every one found is listed.
    #[error("{} problem(s) in the questionnaire", .0.len())]
    Invalid(Vec<Diagnostic>),
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{}` is not UTF-8 text: save the questionnaire as UTF-8", path.display())]
    NotUtf8 { path: PathBuf },
    /// A folder, a FIFO or a device where a file was expected.
    #[error("`{}` is not a regular file: give the path of a file", path.display())]
    NotAFile { path: PathBuf },
    #[error("`{}` is {size} bytes, over the limit of {limit} bytes", path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    /// A template failed; `user` when it came from `--templates`, so the user can fix it.
    #[error("{message}")]
    Template { message: String, user: bool },
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("PDF generation failed: {0}")]
    Pdf(String),
    #[error("Word document generation failed: {0}")]
    Docx(String),
    /// Writing a response grid failed inside the XLSX library.
    #[error("OpenDocument generation failed: {0}")]
    Odt(String),
    #[error("{0}")]
    Grid(String),
    /// `serve` cannot listen (the port is taken).
    #[error("cannot listen on 127.0.0.1:{port}: {source} (choose another port with --port)")]
    Bind { port: u16, source: std::io::Error },
    /// The system refused a resource crmspec needs to run (a thread).
    #[error("cannot {what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
    /// Another crmspec holds the output folder's lock (see `output`) longer than it takes to
    /// write a set of files.
    #[error("another crmspec is writing into `{}`; nothing was written (run one at a time, or give each its own -o)", dir.display())]
    Busy { dir: PathBuf },
    /// `init` would replace something that is not a regular file.
    #[error("`{}` is {what}, not a regular file; crmspec init replaces only a file, nothing was written", path.display())]
    NotReplaceable { path: PathBuf, what: &'static str },
    /// `init` would overwrite a file.
    #[error("`{}` already exists; nothing was written (add --force to replace it)", path.display())]
    Exists { path: PathBuf },
    /// A command-line value that names nothing (`--module XYZ`).
    #[error("{0}")]
    BadArgument(String),
    #[error("`{code}` is not an advisor rule{}", suggestion.map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
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
            | Error::Grid(_) => 1,
        }
    }
}
