//! `crmspec schema`: nothing → the questionnaire's JSON Schema on stdout.

use super::emit;
use crmspec::Error;

pub fn run() -> Result<u8, Error> {
    emit(&crmspec::schema::questionnaire());
    Ok(0)
}
