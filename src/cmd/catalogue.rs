//! `crmspec catalogue`: a language (and a module or `--long`) → the built-in catalogue's
//! listing on stdout.

use crate::cli::CatalogueArgs;
use crate::terminal::out;
use crmspec::model::Language;
use crmspec::Error;

/// `lang` is the listing's language, which its messages follow too.
pub fn run(args: CatalogueArgs, lang: Language) -> Result<u8, Error> {
    let CatalogueArgs { module, long } = args;
    let listing = crmspec::catalogue::builtin().listing(lang, module.as_deref(), long)?;
    out(&listing);
    Ok(0)
}
