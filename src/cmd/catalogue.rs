//! `crmspec catalogue`: a language (and a module or `--long`) → the built-in catalogue's
//! listing on stdout.

use crate::cli::CatalogueArgs;
use crate::terminal::out;
use crmspec::Error;

pub fn run(args: CatalogueArgs) -> Result<u8, Error> {
    let CatalogueArgs { lang, module, long } = args;
    let listing = crmspec::catalogue::builtin().listing(lang.into(), module.as_deref(), long)?;
    out(&listing);
    Ok(0)
}
