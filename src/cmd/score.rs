//! `crmspec score`: a questionnaire, the filled grids and the prices → the ranking as a
//! table on stdout, and the evaluation report written into the output folder.

use super::{formats, source_date_epoch};
use crate::cli::ScoreArgs;
use crate::terminal::{errln, outln};
use crmspec::{Error, RenderOptions};

pub fn run(args: ScoreArgs) -> Result<u8, Error> {
    let ScoreArgs {
        questionnaire,
        grids,
        prices,
        output,
        format,
    } = args;
    let spec = crmspec::check(&crmspec::Source::read(&questionnaire)?)?;
    let options = RenderOptions {
        formats: formats(format),
        timestamp: source_date_epoch(),
        figures: false,
        ..RenderOptions::default()
    };
    let scored = crmspec::score::evaluate(&spec, &grids, prices.as_deref(), &options)?;
    if scored.ranking.provisional {
        errln!(
            "provisional ranking: functional coverage only (give prices and marks with --prices)"
        );
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
        errln!(
            "incomplete ranking: no points for {} (give the committee's marks, or the prices, with --marks)",
            unscored.join(", ")
        );
    }
    print_ranking(&scored.ranking.vendors);
    for path in crmspec::output::write_all(&output, &scored.files)? {
        outln!("wrote {}", path.display());
    }
    Ok(0)
}

/// One line per vendor, best first, flagging those that miss top-priority requirements; the
/// total cost of ownership when a price schedule gave it.
fn print_ranking(vendors: &[crmspec::score::VendorScore]) {
    for v in vendors {
        let flag = if v.essential_gaps.is_empty() {
            String::new()
        } else {
            format!(
                "  ⚠ {} top-priority requirement(s) not covered",
                v.essential_gaps.len()
            )
        };
        let tco = v
            .tco
            .as_ref()
            .map(|t| format!("  TCO {:.2}", t.total))
            .unwrap_or_default();
        outln!(
            "{:>2}. {:30} {:6.2} / 100   (functional {:5.1} %){tco}{flag}",
            v.rank,
            v.name,
            v.total,
            v.functional
        );
    }
}
