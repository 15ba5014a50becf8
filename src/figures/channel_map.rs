//! The channel map: one node per channel, grouped in columns by (first) role, banded with the
//! colour of every role it plays, with an arrow for each redirect labelled with its means.
//! Past a size where arrows would tangle, it becomes a channel × role matrix.

use super::{lighten, parse_hex, wrap_label, Anchor, Figure, Shape, Stroke};
use crate::lang::words;
use crate::spec::Spec;
use crate::theme::Palette;
use std::collections::HashMap;

const INK: (u8, u8, u8) = Palette::DEFAULT.ink;
const MUTED: (u8, u8, u8) = Palette::DEFAULT.muted;
const WIDTH: f64 = 170.0;
/// Above this many channels (or roles), the map is drawn as a matrix.
pub const MATRIX_THRESHOLD: usize = 18;
const MAX_COLUMNS: usize = 5;

pub fn channel_map(spec: &Spec) -> Figure {
    if spec.channels.len() > MATRIX_THRESHOLD || spec.roles.len() > MAX_COLUMNS {
        matrix(spec)
    } else {
        columns(spec)
    }
}

fn t(spec: &Spec, key: &str) -> String {
    words::text_or_key(key, spec.lang)
}

fn role_colours(spec: &Spec) -> HashMap<&str, (u8, u8, u8)> {
    spec.roles
        .iter()
        .map(|r| (r.id.as_str(), parse_hex(r.hex)))
        .collect()
}

/// Markers for channels with automated or human tasks, and their legend.
fn markers(figure: &mut Figure, x: f64, y: f64, automated: bool, human: bool) {
    let mut x = x;
    for (on, letter, colour) in [
        (automated, "A", (46, 126, 171)),
        (human, "H", (52, 150, 90)),
    ] {
        if !on {
            continue;
        }
        figure.shapes.push(Shape::Ellipse {
            cx: x,
            cy: y,
            rx: 1.7,
            ry: 1.7,
            fill: Some(colour),
            stroke: None,
        });
        figure
            .text(x, y + 0.75, letter, 5.5, (255, 255, 255), Anchor::Middle)
            .bold();
        x -= 4.0;
    }
}

fn legend(spec: &Spec, figure: &mut Figure, y: f64) {
    let mut x = 4.0;
    for role in &spec.roles {
        let colour = parse_hex(role.hex);
        figure.shapes.push(Shape::Rect {
            x,
            y: y - 2.6,
            w: 3.2,
            h: 3.2,
            fill: Some(colour),
            stroke: None,
        });
        let colour_name = words::text(
            &format!("colour.{}", snake(&format!("{:?}", role.colour))),
            spec.lang,
        );
        let label = format!("{} ({})", role.name, colour_name.unwrap_or(""));
        figure.text(x + 4.4, y, &label, 6.5, INK, Anchor::Start);
        x += 7.0 + super::text_width(&label, 6.5, false);
        if x > WIDTH - 40.0 {
            break;
        }
    }
    let y = y + 5.0;
    markers(figure, 5.7, y - 1.0, true, false);
    figure.text(8.5, y, &t(spec, "automated"), 6.5, INK, Anchor::Start);
    markers(figure, 45.7, y - 1.0, false, true);
    figure.text(48.5, y, &t(spec, "human"), 6.5, INK, Anchor::Start);
}

fn columns(spec: &Spec) -> Figure {
    let colours = role_colours(spec);
    let roles: Vec<&str> = spec.roles.iter().map(|r| r.id.as_str()).collect();
    let column_of = |roles_of: &[String]| -> usize {
        roles_of
            .first()
            .and_then(|r| roles.iter().position(|id| id == r))
            .unwrap_or(0)
    };
    let ncols = roles.len().max(1);
    let col_w = WIDTH / ncols as f64;
    let box_w = (col_w - 12.0).clamp(24.0, 46.0);
    let box_h = 12.0;
    let row_h = 21.0;
    let top = 14.0;
    let mut rows_in_col = vec![0usize; ncols];
    let mut boxes: HashMap<&str, (f64, f64)> = HashMap::new();
    let mut order = Vec::new();
    for view in &spec.channels {
        let col = column_of(&view.channel.roles);
        let row = rows_in_col[col];
        rows_in_col[col] += 1;
        let x = col as f64 * col_w + (col_w - box_w) / 2.0;
        let y = top + row as f64 * row_h;
        boxes.insert(view.channel.id.as_str(), (x, y));
        order.push((view, x, y));
    }
    let rows = rows_in_col.iter().copied().max().unwrap_or(1).max(1);
    let height = top + rows as f64 * row_h + 12.0;
    let mut figure = Figure::new("canaux", t(spec, "figure_channels"), WIDTH, height);
    // Column headers.
    for (i, role) in spec.roles.iter().enumerate() {
        let cx = i as f64 * col_w + col_w / 2.0;
        let colour = parse_hex(role.hex);
        figure.shapes.push(Shape::Rect {
            x: i as f64 * col_w + 3.0,
            y: 2.0,
            w: col_w - 6.0,
            h: 7.0,
            fill: Some(lighten(colour, 0.82)),
            stroke: None,
        });
        let name = wrap_label(&role.name, col_w - 8.0, 8.0, true, 1).join(" ");
        figure.text(cx, 6.9, &name, 8.0, INK, Anchor::Middle).bold();
    }
    // Arrows first, boxes over them. Arrows run in the gutters between columns and the gaps
    // between rows, never through a box; parallel arrows are offset from one another.
    let gap = row_h - box_h;
    let mut lane = 0usize;
    for (view, x, y) in &order {
        for redirect in &view.redirects {
            let Some(&(tx, ty)) = boxes.get(redirect.to.as_str()) else {
                continue;
            };
            let shift = (lane % 4) as f64;
            lane += 1;
            let via = words::text(&format!("via_short.{}", via_key(redirect.via)), spec.lang)
                .unwrap_or("");
            let (sy, ey) = (
                y + box_h / 2.0 - 1.5 + shift * 0.8,
                ty + box_h / 2.0 + 1.5 - shift * 0.8,
            );
            let gutter = (col_w - box_w) / 2.0;
            let points = if (tx - x).abs() < 1.0 {
                let out = x + box_w + 2.0 + shift * 1.4;
                vec![(x + box_w, sy), (out, sy), (out, ey), (x + box_w, ey)]
            } else {
                let rightwards = tx > *x;
                let (exit, out) = if rightwards {
                    (x + box_w, x + box_w + gutter * (0.35 + shift * 0.15))
                } else {
                    (*x, x - gutter * (0.35 + shift * 0.15))
                };
                let (entry, into) = if rightwards {
                    (tx, tx - gutter * (0.35 + shift * 0.15))
                } else {
                    (tx + box_w, tx + box_w + gutter * (0.35 + shift * 0.15))
                };
                let lane_y = ty - gap * (0.3 + shift * 0.12);
                vec![
                    (exit, sy),
                    (out, sy),
                    (out, lane_y),
                    (into, lane_y),
                    (into, ey),
                    (entry, ey),
                ]
            };
            // The means is written where the arrow leaves its channel.
            let (exit_x, exit_y) = points[0];
            let leftwards = points[1].0 < exit_x;
            let (label_x, anchor) = if leftwards {
                (exit_x - 0.6, Anchor::End)
            } else {
                (exit_x + 0.6, Anchor::Start)
            };
            let label_at = (label_x, exit_y - 0.5);
            figure.arrow(points, Stroke::solid(MUTED, 0.3));
            figure
                .text(label_at.0, label_at.1, via, 5.0, MUTED, anchor)
                .italic();
        }
    }
    for (view, x, y) in &order {
        let channel = &view.channel;
        figure.shapes.push(Shape::Rect {
            x: *x,
            y: *y,
            w: box_w,
            h: box_h,
            fill: Some((255, 255, 255)),
            stroke: Some(Stroke::solid((160, 170, 185), 0.3)),
        });
        // One band per role, side by side on the left edge.
        let bands: Vec<(u8, u8, u8)> = channel
            .roles
            .iter()
            .filter_map(|r| colours.get(r.as_str()).copied())
            .collect();
        for (i, colour) in bands.iter().enumerate() {
            figure.shapes.push(Shape::Rect {
                x: x + i as f64 * 2.2,
                y: *y,
                w: 2.2,
                h: box_h,
                fill: Some(*colour),
                stroke: None,
            });
        }
        let text_x = x + bands.len() as f64 * 2.2 + 1.6;
        let room = box_w - (text_x - x) - 4.5;
        let name = wrap_label(&channel.name, room, 7.0, true, 1).join(" ");
        figure
            .text(text_x, y + 5.0, &name, 7.0, INK, Anchor::Start)
            .bold();
        let kind =
            words::text(&format!("kind.{}", kind_key(channel.kind)), spec.lang).unwrap_or("");
        let kind = wrap_label(kind, room, 6.0, false, 1).join(" ");
        figure.text(text_x, y + 9.2, &kind, 6.0, MUTED, Anchor::Start);
        markers(
            &mut figure,
            x + box_w - 2.4,
            y + 2.6,
            !channel.automated.is_empty(),
            !channel.human.is_empty(),
        );
    }
    legend(spec, &mut figure, height - 8.0);
    figure
}

fn matrix(spec: &Spec) -> Figure {
    let n = spec.channels.len().max(1);
    let row_h = (200.0 / n as f64).clamp(3.4, 6.0);
    let roles = spec.roles.len().max(1);
    let name_w = 58.0;
    let marker_w = 14.0;
    let col_w = ((WIDTH - name_w - marker_w) / roles as f64).min(26.0);
    let top = 16.0;
    let height = top + n as f64 * row_h + 14.0;
    let mut figure = Figure::new("canaux", t(spec, "figure_channels"), WIDTH, height);
    let colours = role_colours(spec);
    let size = if row_h < 4.2 { 5.5 } else { 6.5 };
    for (i, role) in spec.roles.iter().enumerate() {
        let cx = name_w + i as f64 * col_w + col_w / 2.0;
        for (j, line) in wrap_label(&role.name, col_w - 1.0, 6.5, true, 2)
            .iter()
            .enumerate()
        {
            figure
                .text(cx, 6.0 + j as f64 * 3.0, line, 6.5, INK, Anchor::Middle)
                .bold();
        }
        figure.shapes.push(Shape::Rect {
            x: cx - col_w / 2.0 + 0.6,
            y: top - 4.0,
            w: col_w - 1.2,
            h: 2.2,
            fill: Some(parse_hex(role.hex)),
            stroke: None,
        });
    }
    for (r, view) in spec.channels.iter().enumerate() {
        let y = top + r as f64 * row_h;
        if r % 2 == 1 {
            super::stripe(&mut figure, y, row_h);
        }
        let name = wrap_label(&view.channel.name, name_w - 2.0, size, false, 1).join(" ");
        figure.text(1.0, y + row_h * 0.72, &name, size, INK, Anchor::Start);
        for (i, role) in spec.roles.iter().enumerate() {
            if view.channel.roles.contains(&role.id) {
                let colour = colours.get(role.id.as_str()).copied().unwrap_or(INK);
                figure.shapes.push(Shape::Rect {
                    x: name_w + i as f64 * col_w + 0.6,
                    y: y + 0.5,
                    w: col_w - 1.2,
                    h: row_h - 1.0,
                    fill: Some(colour),
                    stroke: None,
                });
            }
        }
        let mx = name_w + roles as f64 * col_w + marker_w - 3.0;
        markers(
            &mut figure,
            mx,
            y + row_h / 2.0,
            !view.channel.automated.is_empty(),
            !view.channel.human.is_empty(),
        );
    }
    legend(spec, &mut figure, height - 8.0);
    figure
}

fn via_key(via: crate::model::Via) -> String {
    snake(&format!("{via:?}"))
}

fn kind_key(kind: crate::model::ChannelKind) -> String {
    snake(&format!("{kind:?}"))
}

/// `TvAd` → `tv_ad`: the questionnaire's spelling of an enum value.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}
