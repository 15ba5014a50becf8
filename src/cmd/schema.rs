//! `crmspec schema`: nothing → the questionnaire's JSON Schema on stdout.

use crate::terminal::out;
use crmspec::Error;

pub fn run() -> Result<u8, Error> {
    out(&crmspec::schema::questionnaire());
    Ok(0)
}
