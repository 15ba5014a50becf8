//! `crmspec completions`: a shell → its completion script, generated from the argument
//! definitions so it never falls behind them.

use crate::cli::{Cli, CompletionsArgs};
use crate::terminal::out;
use crmspec::Error;

pub fn run(args: CompletionsArgs) -> Result<u8, Error> {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "crmspec", &mut script);
    out(&String::from_utf8_lossy(&script));
    Ok(0)
}
