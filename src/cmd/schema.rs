//! `crmspec schema`: a language → the questionnaire's JSON Schema on stdout, its help texts in
//! that language.

use crate::terminal::out;
use crmspec::model::Language;
use crmspec::Error;

pub fn run(lang: Language) -> Result<u8, Error> {
    out(&crmspec::schema::questionnaire(lang));
    Ok(0)
}
