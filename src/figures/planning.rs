//! The planning chart: a Gantt of the phases, milestones as diamonds, a month axis and the
//! document's date marked.

use super::{wrap_label, Anchor, Figure, Shape, Stroke};
use crate::lang::{format, words, Language};
use crate::model::Date;
use crate::spec::Spec;
use crate::theme::Palette;

const INK: (u8, u8, u8) = Palette::DEFAULT.ink;
const MUTED: (u8, u8, u8) = Palette::DEFAULT.muted;
const BAR: (u8, u8, u8) = (46, 98, 160);
const MILESTONE: (u8, u8, u8) = (222, 120, 30);
const TODAY: (u8, u8, u8) = (200, 40, 40);
const WIDTH: f64 = 170.0;
const LABEL_W: f64 = 56.0;
const CHART_X: f64 = 58.0;
const CHART_W: f64 = WIDTH - CHART_X - 3.0;

pub fn planning(spec: &Spec) -> Figure {
    let t = |key: &str| words::text_or_key(key, spec.lang);
    let rows = &spec.planning;
    let n = rows.len().max(1);
    let row_h = (180.0 / n as f64).clamp(4.0, 7.5);
    let top = 12.0;
    let height = top + n as f64 * row_h + 8.0;
    let mut figure = Figure::new("planning", t("figure_planning"), WIDTH, height);
    let doc_date = spec.q.document.date;
    let first = rows
        .iter()
        .map(|r| r.start)
        .chain([doc_date])
        .min()
        .unwrap_or(doc_date);
    let last = rows
        .iter()
        .map(|r| r.end)
        .chain([doc_date])
        .max()
        .unwrap_or(doc_date);
    let from = Date {
        year: first.year,
        month: first.month,
        day: 1,
    };
    let until = next_month(Date {
        year: last.year,
        month: last.month,
        day: 1,
    });
    let (d0, d1) = (
        from.days_since_epoch(),
        until.days_since_epoch().max(from.days_since_epoch() + 1),
    );
    let x_of = |d: Date| CHART_X + (d.days_since_epoch() - d0) as f64 / (d1 - d0) as f64 * CHART_W;
    let chart_bottom = top + n as f64 * row_h;
    // Month grid and labels, thinned out on long plans.
    let months = month_count(from, until);
    let step = match months {
        0..=14 => 1,
        15..=30 => 2,
        31..=48 => 3,
        _ => 6,
    };
    let mut month = from;
    let mut i = 0;
    while month < until {
        let x = x_of(month);
        figure.shapes.push(Shape::Polyline {
            points: vec![(x, top - 1.0), (x, chart_bottom)],
            stroke: Stroke::solid((222, 226, 232), 0.2),
        });
        if i % step == 0 {
            let label = month_label(month, spec.lang);
            figure.text(x + 0.6, top - 2.2, &label, 5.5, MUTED, Anchor::Start);
        }
        month = next_month(month);
        i += 1;
    }
    let size = if row_h < 5.0 { 5.5 } else { 7.0 };
    for (r, row) in rows.iter().enumerate() {
        let y = top + r as f64 * row_h;
        if r % 2 == 0 {
            super::stripe(&mut figure, y, row_h);
        }
        let label = wrap_label(&row.label, LABEL_W - 2.0, size, row.milestone, 1).join(" ");
        let text = figure.text(1.0, y + row_h * 0.68, &label, size, INK, Anchor::Start);
        if row.milestone {
            text.bold();
        }
        let cy = y + row_h / 2.0;
        if row.milestone {
            let (x, s) = (x_of(row.start), (row_h * 0.36).min(2.4));
            figure.shapes.push(Shape::Polygon {
                points: vec![(x, cy - s), (x + s, cy), (x, cy + s), (x - s, cy)],
                fill: Some(MILESTONE),
                stroke: None,
            });
        } else {
            let (x1, x2) = (x_of(row.start), x_of(next_day(row.end)));
            figure.shapes.push(Shape::Rect {
                x: x1,
                y: cy - row_h * 0.28,
                w: (x2 - x1).max(0.8),
                h: row_h * 0.56,
                fill: Some(BAR),
                stroke: None,
            });
        }
    }
    let x = x_of(doc_date);
    figure.shapes.push(Shape::Polyline {
        points: vec![(x, top - 1.0), (x, chart_bottom + 1.0)],
        stroke: Stroke {
            colour: TODAY,
            width: 0.4,
            dashed: true,
        },
    });
    let anchor = if x > WIDTH - 30.0 {
        Anchor::End
    } else {
        Anchor::Start
    };
    figure.text(
        x + if anchor == Anchor::Start { 0.8 } else { -0.8 },
        chart_bottom + 4.0,
        &format!(
            "{} ({})",
            t("document_date"),
            format::date(doc_date.year, doc_date.month, doc_date.day, spec.lang)
        ),
        6.0,
        TODAY,
        anchor,
    );
    figure
        .text(1.0, 5.0, &t("step"), 7.0, MUTED, Anchor::Start)
        .bold();
    figure
}

fn next_month(d: Date) -> Date {
    if d.month == 12 {
        Date {
            year: d.year + 1,
            month: 1,
            day: 1,
        }
    } else {
        Date {
            year: d.year,
            month: d.month + 1,
            day: 1,
        }
    }
}

fn next_day(d: Date) -> Date {
    let tomorrow = Date {
        day: d.day + 1,
        ..d
    };
    if Date::parse(&tomorrow.to_string()).is_some() {
        tomorrow
    } else {
        next_month(d)
    }
}

fn month_count(from: Date, until: Date) -> usize {
    ((until.year - from.year) * 12 + i32::from(until.month) - i32::from(from.month)).max(0) as usize
}

fn month_label(d: Date, lang: Language) -> String {
    let name = format::short_month(d.month, lang);
    if d.month == 1 {
        format!("{name} {}", d.year)
    } else {
        name.to_string()
    }
}
