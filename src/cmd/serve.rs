//! `crmspec serve`: a questionnaire → a local web page re-rendered on each save, until
//! interrupted; each request and reload is logged on stderr.

use super::source_date_epoch;
use crate::cli::ServeArgs;
use crate::terminal::{errln, out, verbosity, Verbosity};
use crmspec::model::Language;
use crmspec::{Error, Message, RenderOptions};

pub fn run(args: ServeArgs, lang: Language) -> Result<u8, Error> {
    let ServeArgs {
        questionnaire,
        port,
        templates,
        no_figures,
        open,
    } = args;
    let options = RenderOptions {
        templates,
        figures: !no_figures,
        timestamp: source_date_epoch(),
        ..RenderOptions::default()
    };
    let server = crmspec::serve::Server::bind(&questionnaire, port, options, lang)?;
    let address = server.address()?;
    let url = format!("http://{address}/");
    out(&format!(
        "{}\n",
        Message::new("cli.serving")
            .plain("file", questionnaire.display())
            .plain("address", &url)
            .terminal(lang)
    ));
    // A browser that cannot be started is said, and the server goes on: the address is printed.
    if open {
        if let Err(e) = crmspec::serve::open(&url) {
            errln!(
                "{}",
                Message::new("cli.browser_not_opened")
                    .plain("error", e)
                    .terminal(lang)
            );
        }
    }
    // The address is what the command is for: it is printed even with `--quiet`, which
    // leaves out the log of renders and requests.
    server.run(&|line| {
        if verbosity() > Verbosity::Quiet {
            errln!("{line}");
        }
    })?;
    Ok(0)
}
