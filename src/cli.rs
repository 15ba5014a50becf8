//! Command-line arguments. The `///` comments are the `--help` text.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Turn a YAML questionnaire into a CRM requirements specification (cahier des charges).
#[derive(Debug, Parser)]
#[command(name = "crmspec", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the document (Markdown and PDF by default) into a folder.
    Render {
        /// The questionnaire (YAML).
        questionnaire: PathBuf,
        /// Output folder; created if needed.
        #[arg(short, long, default_value = "out")]
        output: PathBuf,
        /// Outputs to write: repeat or separate with commas (`md,pdf`). All by default.
        #[arg(short, long, value_delimiter = ',')]
        format: Vec<FormatArg>,
        /// Folder of `*.md.tera` files replacing the built-in templates of the same name.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Leave out the figures (planning chart, channel map, F.L.E.U.R. flower).
        #[arg(long)]
        no_figures: bool,
    },
    /// Validate a questionnaire and list every problem found; writes nothing.
    Check {
        /// The questionnaire (YAML).
        questionnaire: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Md,
    Pdf,
}

impl From<FormatArg> for crmspec::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Md => crmspec::Format::Md,
            FormatArg::Pdf => crmspec::Format::Pdf,
        }
    }
}
