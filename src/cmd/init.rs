//! `crmspec init`: a file name and a language → a commented questionnaire and its schema
//! written beside it, and the next steps.

use crate::cli::InitArgs;
use crate::terminal::infoln;
use crmspec::model::Language;
use crmspec::{Error, Message};

/// `written` is the questionnaire's language, `lang` the messages'.
pub fn run(args: InitArgs, written: Language, lang: Language) -> Result<u8, Error> {
    let InitArgs { file, force } = args;
    for path in crmspec::init::write(&file, written, force)? {
        infoln!("{}", super::wrote(&path, lang));
    }
    infoln!(
        "{}",
        Message::new("cli.next")
            .plain("file", file.display())
            .terminal(lang)
    );
    Ok(0)
}
