//! `crmspec init`: a file name and a language → a commented questionnaire and its schema
//! written beside it, and the next steps.

use crate::cli::InitArgs;
use crate::terminal::outln;
use crmspec::Error;

pub fn run(args: InitArgs) -> Result<u8, Error> {
    let InitArgs { file, lang, force } = args;
    for path in crmspec::init::write(&file, lang.into(), force)? {
        outln!("wrote {}", path.display());
    }
    outln!(
        "next: fill in {0}, then `crmspec check {0}` and `crmspec render {0}`",
        file.display()
    );
    Ok(0)
}
