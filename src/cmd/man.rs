//! `crmspec man`: the manual pages, in roff, from the same clap definitions as `--help`, so the
//! two never disagree: crmspec's page lists the subcommands as `crmspec-render(1)`…, and each
//! has its own page. The release script installs them in the Debian package.

use crate::cli::{Cli, ManArgs};
use crate::terminal::out;
use crmspec::{Error, Message};

pub fn run(args: ManArgs) -> Result<u8, Error> {
    let command = <Cli as clap::CommandFactory>::command();
    let page_of = match &args.subcommand {
        None => command,
        Some(name) => {
            let names: Vec<String> = command
                .get_subcommands()
                .filter(|c| !c.is_hide_set())
                .map(|c| c.get_name().to_string())
                .collect();
            let Some(sub) = command.find_subcommand(name).filter(|c| !c.is_hide_set()) else {
                return Err(Error::BadArgument(
                    Message::new("cli.not_a_subcommand")
                        .code("name", name)
                        .codes("names", names),
                ));
            };
            sub.clone()
                .display_name(format!("crmspec-{name}"))
                .bin_name(format!("crmspec {name}"))
                .version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut page = Vec::new();
    clap_mangen::Man::new(page_of)
        .render(&mut page)
        .map_err(|source| Error::Io {
            what: Message::new("cli.write_manual"),
            source,
        })?;
    out(&String::from_utf8_lossy(&page));
    Ok(0)
}
