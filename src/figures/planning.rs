//! The planning chart: a Gantt of the phases, milestones as diamonds, a month axis and the
//! document's date marked.

use super::{wrap_label, Anchor, Figure, Shape, Stroke};
use crate::lang::{format, words};
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
/// Every label of the chart, in points: the smallest size a printed page keeps legible.
const LABEL_SIZE: f64 = 7.0;
/// Up to a year and a half, every month is named.
const MONTHS_ALL_NAMED: usize = 18;

pub fn planning(spec: &Spec) -> Figure {
    let t = |key: &str| words::text_or_key(key, spec.lang);
    let rows = &spec.planning;
    let n = rows.len().max(1);
    let row_h = (180.0 / n as f64).clamp(4.5, 7.5);
    // Two label rows above the chart: the years, then the months.
    let top = 15.0;
    let height = top + n as f64 * row_h + 9.0;
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
    // Stripes first, so that the month lines and the bars are drawn over them.
    for r in (0..rows.len()).step_by(2) {
        super::stripe(&mut figure, top + r as f64 * row_h, row_h);
    }
    // Every month is named up to a year and a half; longer plans name every second, third or
    // sixth month, so that no label is smaller than the text around the figure allows.
    let months = month_count(from, until);
    let step = match months {
        0..=MONTHS_ALL_NAMED => 1,
        19..=36 => 2,
        37..=54 => 3,
        _ => 6,
    };
    let mut month = from;
    let mut i = 0;
    while month < until {
        let x = x_of(month);
        let next = next_month(month);
        let strong = month.month == 1 || i == 0;
        figure.shapes.push(Shape::Polyline {
            points: vec![(x, top - 1.0), (x, chart_bottom)],
            stroke: Stroke::solid(
                if strong {
                    (170, 178, 190)
                } else {
                    (205, 210, 218)
                },
                if strong { 0.3 } else { 0.2 },
            ),
        });
        if i % step == 0 {
            let centre = if step == 1 {
                (x + x_of(next)) / 2.0
            } else {
                x + 0.6
            };
            let anchor = if step == 1 {
                Anchor::Middle
            } else {
                Anchor::Start
            };
            let label = format::short_month(month.month, spec.lang);
            figure.text(centre, top - 2.0, label, LABEL_SIZE, MUTED, anchor);
        }
        if strong {
            figure
                .text(
                    x + 0.6,
                    top - 7.0,
                    &month.year.to_string(),
                    LABEL_SIZE,
                    INK,
                    Anchor::Start,
                )
                .bold();
        }
        month = next;
        i += 1;
    }
    for (r, row) in rows.iter().enumerate() {
        let y = top + r as f64 * row_h;
        let label = wrap_label(&row.label, LABEL_W - 2.0, LABEL_SIZE, row.milestone, 1).join(" ");
        let text = figure.text(
            1.0,
            y + row_h / 2.0 + LABEL_SIZE * 0.12,
            &label,
            LABEL_SIZE,
            INK,
            Anchor::Start,
        );
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
        chart_bottom + 5.0,
        &format!(
            "{} ({})",
            t("document_date"),
            format::date(doc_date.year, doc_date.month, doc_date.day, spec.lang)
        ),
        LABEL_SIZE,
        TODAY,
        anchor,
    );
    // The label column's header sits on the month row, the axis it faces.
    figure
        .text(1.0, top - 2.0, &t("step"), LABEL_SIZE, MUTED, Anchor::Start)
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
