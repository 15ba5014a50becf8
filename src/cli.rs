//! The binary's first step: the command line → `Cli`, with one `*Args` struct per subcommand
//! that `main` hands whole to the subcommand's module under `cmd/`. The `///` comments are
//! the `--help` text.

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};
use crmspec::lang::messages::NEUTRAL;
use crmspec::model::Language;
use std::path::PathBuf;
use std::sync::OnceLock;

/// Turn a YAML questionnaire into a CRM requirements specification (cahier des charges).
#[derive(Debug, Parser)]
#[command(name = "crmspec", version, about)]
pub struct Cli {
    /// Language of crmspec's messages: `fr` or `en` (else the locale, from LC_ALL,
    /// LC_MESSAGES or LANG; else English). For `init` and `catalogue`, also the language of
    /// what they write (French when not given).
    #[arg(long, value_enum, global = true)]
    pub lang: Option<LangArg>,
    /// Colour crmspec's messages: `auto` (on a terminal, or wherever CLICOLOR_FORCE is set;
    /// not when NO_COLOR is), `always`, or `never`.
    #[arg(
        long,
        value_enum,
        global = true,
        value_name = "WHEN",
        default_value = "auto"
    )]
    pub color: ColorWhen,
    /// Print only errors (and the findings that make `check` fail): no list of files
    /// written, no progress, no summary, no warnings. The exit code is the same.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print what each step did, on standard error: the files read, the templates
    /// replaced, the time each stage took.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a complete, commented questionnaire to start from, with its JSON Schema beside it.
    Init(InitArgs),
    /// Render the document (Markdown and PDF by default) into a folder.
    Render(RenderArgs),
    /// Serve the document as a web page on 127.0.0.1, re-rendered and reloaded in the browser
    /// each time the questionnaire is saved; problems are shown in the page.
    Serve(ServeArgs),
    /// List what changed between two versions of a questionnaire: requirements, channels,
    /// data exchanges, dates, criteria…
    Diff(DiffArgs),
    /// Validate a questionnaire, then list what a reviewer would point out, with a readiness
    /// score; writes nothing.
    Check(CheckArgs),
    /// List the built-in catalogue of standard requirements a questionnaire can pull in.
    Catalogue(CatalogueArgs),
    /// Write the response grid vendors fill in: `<name>-grille.xlsx`, `.ods` and `.csv`.
    Grid(GridArgs),
    /// Write the tender pack: the specification, the consultation rules, the response grid,
    /// the price schedule, the technical response frame, their manifest and one archive.
    Pack(PackArgs),
    /// Edit the requirements in a spreadsheet: `export` them to XLSX (or CSV), `import` the
    /// edited sheet (XLSX, ODS or CSV) back into the questionnaire.
    #[command(subcommand)]
    Requirements(RequirementsCommand),
    /// Score filled response grids, rank the vendors, and write the evaluation report.
    Score(ScoreArgs),
    /// Print the questionnaire's JSON Schema (for editors: completion, hover help, checks),
    /// its help texts in the language `--lang` names (English when not given).
    Schema,
    /// Print the shell completion script, e.g. `crmspec completions bash >
    /// ~/.local/share/bash-completion/completions/crmspec`.
    Completions(CompletionsArgs),
    /// Print a manual page (roff): crmspec's, e.g. `crmspec man > crmspec.1`, or a
    /// subcommand's, e.g. `crmspec man render > crmspec-render.1`.
    #[command(hide = true)]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The subcommand whose page to print (`render`, `check`…); crmspec's own page without it.
    pub subcommand: Option<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The file to write, in the language `--lang` names (French when not given).
    #[arg(default_value = "questionnaire.yaml")]
    pub file: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The questionnaire (YAML). Several files, or folders of `*.yaml` files, are rendered
    /// in parallel, each into `OUTPUT/<file name>/`.
    #[arg(required = true)]
    pub questionnaires: Vec<PathBuf>,
    /// Output folder; created if needed.
    #[arg(short, long, default_value = "out")]
    pub output: PathBuf,
    /// Outputs to write: `md`, `pdf`, `html`, `docx`, `odt`; repeat or separate with commas
    /// (`md,pdf,html`). Markdown and PDF by default.
    #[arg(short, long, value_delimiter = ',')]
    pub format: Vec<FormatArg>,
    /// Folder of `*.md.tera` files replacing the built-in templates of the same name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Leave out the figures (planning chart, channel map, F.L.E.U.R. flower).
    #[arg(long)]
    pub no_figures: bool,
    /// Add an annex listing the advisor's findings (internal review; off by default).
    #[arg(long)]
    pub advice: bool,
    /// A previous version of the questionnaire: the document gains a section listing
    /// what changed since it (for a tender addendum).
    #[arg(long, value_name = "OLD.yaml")]
    pub changes_since: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The questionnaire (YAML).
    pub questionnaire: PathBuf,
    /// Port to listen on (0 picks a free one).
    #[arg(short, long, default_value_t = 8000)]
    pub port: u16,
    /// Folder of `*.md.tera` files replacing the built-in templates of the same name;
    /// watched too.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Leave out the figures.
    #[arg(long)]
    pub no_figures: bool,
    /// Open the editor in the default browser (`$BROWSER` when set).
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The previous version (YAML).
    pub old: PathBuf,
    /// The new version (YAML).
    pub new: PathBuf,
    /// Output for people (`text`) or for tools (`json`).
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The questionnaire (YAML).
    #[arg(required_unless_present = "explain")]
    pub questionnaire: Option<PathBuf>,
    /// Output for people (`text`) or for tools (`json`).
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
    /// Fail (exit code 2) on findings of this level too: `warnings`.
    #[arg(long, value_name = "LEVEL")]
    pub deny: Option<DenyLevel>,
    /// Do not report this rule (repeat, or separate with commas).
    #[arg(
        long,
        value_name = "CODE",
        value_delimiter = ',',
        value_parser = RuleCode,
        hide_possible_values = true
    )]
    pub allow: Vec<String>,
    /// Print why a rule exists, e.g. `--explain CH003` (in any case: `ch003`).
    #[arg(long, value_name = "CODE", value_parser = RuleCode, hide_possible_values = true)]
    pub explain: Option<String>,
}

#[derive(Debug, Args)]
pub struct CatalogueArgs {
    /// Only this catalogue module (`SAL`).
    #[arg(long, value_name = "CODE")]
    pub module: Option<String>,
    /// Print descriptions and acceptance criteria too.
    #[arg(short, long)]
    pub long: bool,
}

#[derive(Debug, Args)]
pub struct GridArgs {
    /// The questionnaire (YAML).
    pub questionnaire: PathBuf,
    /// Output folder; created if needed.
    #[arg(short, long, default_value = "out")]
    pub output: PathBuf,
    /// Spreadsheets to write: `xlsx`, `ods` (OpenDocument), `csv`; repeat or separate with
    /// commas (`xlsx,ods`). All three by default.
    #[arg(short, long, value_delimiter = ',')]
    pub format: Vec<SheetFormatArg>,
}

#[derive(Debug, Subcommand)]
pub enum RequirementsCommand {
    /// Write every requirement (functional, from the catalogue, quality) to a sheet made for
    /// editing: module and priority as dropdowns, IDs locked, free rows for new ones.
    Export(RequirementsExportArgs),
    /// Write an edited sheet back into the questionnaire: changed texts replaced in place, new
    /// rows (empty ID) added with the next free ID of their module, deleted rows removed; every
    /// other line and comment of the file kept. Refuses the whole sheet, naming each bad cell,
    /// if any row is wrong.
    Import(RequirementsImportArgs),
}

#[derive(Debug, Args)]
pub struct RequirementsExportArgs {
    /// The questionnaire (YAML).
    pub questionnaire: PathBuf,
    /// The sheet to write: `.xlsx`, or `.csv` for CSV.
    #[arg(short, long, default_value = "requirements.xlsx")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct RequirementsImportArgs {
    /// The edited sheet: `.xlsx`, `.ods` or `.csv`.
    pub sheet: PathBuf,
    /// The questionnaire to update (YAML); rewritten in place, atomically.
    pub questionnaire: PathBuf,
    /// Print what would change, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct PackArgs {
    /// The questionnaire (YAML).
    pub questionnaire: PathBuf,
    /// Output folder; created if needed.
    #[arg(short, long, default_value = "out")]
    pub output: PathBuf,
    /// Folder of `*.md.tera` files replacing the built-in templates of the same name
    /// (the specification's, `rules.md.tera`, `frame.md.tera`).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The questionnaire the grids were made from (YAML).
    pub questionnaire: PathBuf,
    /// Filled grids (`.xlsx`, `.ods` or `.csv`), one per vendor, and their filled price
    /// schedules (`.xlsx` or `.ods`, from `crmspec pack`), matched by the vendor's name.
    #[arg(required = true)]
    pub grids: Vec<PathBuf>,
    /// The committee's marks for the other criteria, one set per evaluator, and the prices
    /// when there are no price schedules (YAML).
    #[arg(long, visible_alias = "marks", value_name = "FILE")]
    pub prices: Option<PathBuf>,
    /// Output folder; created if needed.
    #[arg(short, long, default_value = "out")]
    pub output: PathBuf,
    /// Outputs to write: `md`, `pdf`, `html`, `docx`, `odt`; repeat or separate with commas
    /// (`md,pdf`). Markdown and PDF by default.
    #[arg(short, long, value_delimiter = ',')]
    pub format: Vec<FormatArg>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    pub shell: clap_complete::Shell,
}

/// An advisor rule's code as an argument. The shells complete it from the advisor's table of
/// rules (`advice::RULES`, the one list of codes); any text is taken, in capitals, so that
/// `check` answers a wrong code in the user's language with the closest one.
#[derive(Debug, Clone, Copy)]
pub struct RuleCode;

impl clap::builder::TypedValueParser for RuleCode {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        Ok(value.to_string_lossy().trim().to_ascii_uppercase())
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(crmspec::advice::RULES.iter().map(|rule| {
            PossibleValue::new(rule.code).help(rule.title().terminal(NEUTRAL))
        })))
    }
}

/// A language as an argument: its values are the codes of the languages crmspec
/// has a locale for, so a new language needs nothing here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LangArg(Language);

impl ValueEnum for LangArg {
    fn value_variants<'a>() -> &'a [Self] {
        static ALL: OnceLock<Vec<LangArg>> = OnceLock::new();
        ALL.get_or_init(|| Language::ALL.iter().copied().map(LangArg).collect())
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.code()))
    }
}

impl From<LangArg> for Language {
    fn from(l: LangArg) -> Self {
        l.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl From<ColorWhen> for anstream::ColorChoice {
    fn from(c: ColorWhen) -> Self {
        match c {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DenyLevel {
    Warnings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Md,
    Pdf,
    Html,
    Docx,
    Odt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SheetFormatArg {
    Xlsx,
    Ods,
    Csv,
}

impl From<SheetFormatArg> for crmspec::grid::SheetFormat {
    fn from(f: SheetFormatArg) -> Self {
        match f {
            SheetFormatArg::Xlsx => crmspec::grid::SheetFormat::Xlsx,
            SheetFormatArg::Ods => crmspec::grid::SheetFormat::Ods,
            SheetFormatArg::Csv => crmspec::grid::SheetFormat::Csv,
        }
    }
}

impl From<FormatArg> for crmspec::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Md => crmspec::Format::Md,
            FormatArg::Pdf => crmspec::Format::Pdf,
            FormatArg::Html => crmspec::Format::Html,
            FormatArg::Docx => crmspec::Format::Docx,
            FormatArg::Odt => crmspec::Format::Odt,
        }
    }
}
