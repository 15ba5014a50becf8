//! `crmspec serve`: a questionnaire → a local web page re-rendered on each save, until
//! interrupted; each request and reload is logged on stderr.

use super::source_date_epoch;
use crate::cli::ServeArgs;
use crate::terminal::{errln, out};
use crmspec::{Error, RenderOptions};

pub fn run(args: ServeArgs) -> Result<u8, Error> {
    let ServeArgs {
        questionnaire,
        port,
        templates,
        no_figures,
    } = args;
    let options = RenderOptions {
        templates,
        figures: !no_figures,
        timestamp: source_date_epoch(),
        ..RenderOptions::default()
    };
    let server = crmspec::serve::Server::bind(&questionnaire, port, options)?;
    let address = server.address()?;
    out(&format!(
        "serving {} at http://{address}/ (Ctrl-C to stop)\n",
        questionnaire.display()
    ));
    server.run(&|line| errln!("{line}"))?;
    Ok(0)
}
