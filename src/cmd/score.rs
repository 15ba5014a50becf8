//! `crmspec score`: a questionnaire, the filled grids and the prices → the ranking as a
//! table on stdout, and the evaluation report written into the output folder.

use super::{formats, source_date_epoch};
use crate::cli::ScoreArgs;
use crate::terminal::{err_styled, infoln, outln, verbosity, Verbosity};
use crmspec::diagnostic::{Role, Styled};
use crmspec::model::Language;
use crmspec::{Error, Message, RenderOptions};

pub fn run(args: ScoreArgs, lang: Language) -> Result<u8, Error> {
    let ScoreArgs {
        questionnaire,
        grids,
        prices,
        output,
        format,
    } = args;
    let spec = super::checked(&questionnaire, lang)?;
    let options = RenderOptions {
        formats: formats(format),
        timestamp: source_date_epoch(),
        figures: false,
        ..RenderOptions::default()
    };
    let started = std::time::Instant::now();
    let scored = crmspec::score::evaluate(&spec, &grids, prices.as_deref(), &options)?;
    super::step(
        &Message::new("cli.step_scored")
            .count("count", scored.ranking.vendors.len() as u64)
            .plain("ms", started.elapsed().as_millis()),
        lang,
    );
    // The ranking is the command's answer; the notices about it are warnings, which
    // `--quiet` leaves out.
    let notice = |message: Message| {
        if verbosity() > Verbosity::Quiet {
            let mut line = Styled::new(
                Role::Severity(crmspec::Severity::Warning),
                crmspec::Severity::Warning.message().terminal(lang),
            );
            line.push(Role::Plain, format!(": {}", message.terminal(lang)));
            err_styled(&line);
        }
    };
    if scored.ranking.provisional {
        notice(Message::new("cli.provisional"));
    }
    let unscored: Vec<&str> = scored
        .ranking
        .vendors
        .first()
        .map(|v| {
            v.criteria
                .iter()
                .filter(|c| c.points.is_none())
                .map(|c| c.name.as_str())
                .collect()
        })
        .unwrap_or_default();
    if !scored.ranking.provisional && !unscored.is_empty() {
        notice(Message::new("cli.incomplete").codes("criteria", unscored));
    }
    print_ranking(&scored.ranking.vendors, lang);
    for path in crmspec::output::write_all(&output, &scored.files)? {
        infoln!("{}", super::wrote(&path, lang));
    }
    Ok(0)
}

/// One line per vendor, best first, flagging those that miss top-priority requirements; the
/// total cost of ownership when a price schedule gave it.
fn print_ranking(vendors: &[crmspec::score::VendorScore], lang: Language) {
    for v in vendors {
        let flag = if v.essential_gaps.is_empty() {
            String::new()
        } else {
            let gaps = Message::new("cli.essential_gaps")
                .count("count", v.essential_gaps.len() as u64)
                .terminal(lang);
            format!("  ⚠ {gaps}")
        };
        // Numbers as the language writes them (87,5 in French), right-aligned.
        let number = |n: f64, digits: usize| crmspec::lang::format::decimal(n, digits, lang);
        let functional = Message::new("cli.functional")
            .plain("score", format!("{:>5}", number(v.functional, 1)))
            .terminal(lang);
        let tco = v
            .tco
            .as_ref()
            .map(|t| {
                let total = Message::new("cli.tco")
                    .plain("total", number(t.total, 2))
                    .terminal(lang);
                format!("  {total}")
            })
            .unwrap_or_default();
        outln!(
            "{:>2}. {:30} {:>6} / 100   ({functional}){tco}{flag}",
            v.rank,
            v.name,
            number(v.total, 2)
        );
    }
}
