//! The channel map: one node per channel, in a column per (first) role under the role's header,
//! banded with the colour of every role it plays, marked when it has automated or human tasks,
//! with an arrow for each redirect labelled with its means. Past a size where arrows would
//! tangle, or when the arrows cannot all be drawn legibly, it becomes a channel × role matrix.
//!
//! The map is drawn at the PDF's text width in whole point sizes, so the PDF sets it at scale 1
//! with the very sizes measured here: every text is measured in the embedded fonts and placed
//! where nothing else is (see [`route`] for the arrows).

mod route;

use super::{lighten, parse_hex, shorten, Anchor, Figure, Rgb, Shape, Stroke, Type};
use crate::lang::words;
use crate::spec::{ChannelView, Spec};
use crate::theme::Palette;
use route::{Edge, Frame, Plan, Side};
use std::collections::HashMap;

const INK: Rgb = Palette::DEFAULT.ink;
const MUTED: Rgb = Palette::DEFAULT.muted;
/// The PDF's text width: the map is printed at its own size.
const WIDTH: f64 = 166.0;
/// Above this many channels (or roles), the map is drawn as a matrix.
pub const MATRIX_THRESHOLD: usize = 18;
const MAX_COLUMNS: usize = 5;
/// A map taller than a page's room for a figure (and its caption) would be printed smaller
/// than its measured sizes: the matrix is drawn instead.
const MAX_HEIGHT: f64 = 236.0;

const NAME: Type = Type::new(7.0, true, false);
const FUNCTION: Type = Type::new(6.0, false, false);
const LABEL: Type = Type::new(6.0, false, true);
const HEADER: Type = Type::new(8.0, true, false);
const LEGEND: Type = Type::new(7.0, false, false);
const BADGE: Type = Type::new(6.0, true, false);

/// Channel boxes: never narrower (else the matrix is drawn), never wider.
const MIN_NODE_W: f64 = 22.0;
const MAX_NODE_W: f64 = 46.0;
/// Gaps between columns with no arrow in them, and at the figure's edges.
const MIN_GUTTER: f64 = 5.0;
const EDGE_MARGIN: f64 = 0.6;
/// A gutter's first and last lanes keep this far from the boxes beside them.
const GUTTER_PAD: f64 = 2.2;
/// A corridor's lanes keep this far from what lies above and below them.
const LANE_PAD: f64 = 1.2;
/// Rows with nothing between them are still this far apart.
const ROW_GAP: f64 = 5.0;

/// Inside a channel's box (mm).
const BAND_W: f64 = 1.6;
const PAD: f64 = 1.3;
const NAME_PITCH: f64 = 2.95;
const FUNCTION_PITCH: f64 = 2.6;
const BADGE_R: f64 = 1.6;
const BADGE_INSET: f64 = 0.9;
const MIN_NODE_H: f64 = 9.0;

const AUTOMATED: Rgb = (46, 126, 171);
const HUMAN: Rgb = (52, 150, 90);

pub fn channel_map(spec: &Spec) -> Figure {
    if spec.channels.len() > MATRIX_THRESHOLD || spec.roles.len() > MAX_COLUMNS {
        return matrix(spec);
    }
    map(spec).unwrap_or_else(|| matrix(spec))
}

fn t(spec: &Spec, key: &str) -> String {
    words::text_or_key(key, spec.lang)
}

fn role_colours(spec: &Spec) -> HashMap<&str, Rgb> {
    spec.roles
        .iter()
        .map(|r| (r.id.as_str(), parse_hex(r.hex)))
        .collect()
}

/// The text of a channel's box: its name (up to three lines) and, in grey, its function
/// shortened to two lines — or nothing when the function only repeats the name or the kind.
struct Card {
    /// Lines with their type, colour and baseline below the box's top.
    lines: Vec<(String, Type, Rgb, f64)>,
    height: f64,
}

fn card(spec: &Spec, view: &ChannelView, w: f64) -> Card {
    let channel = &view.channel;
    let text_x = text_inset(view);
    let room = w - 1.4 - text_x;
    let name_baseline = |i: usize| PAD + NAME.ascent() + i as f64 * NAME_PITCH;
    let name = shorten(&channel.name, NAME, &|_| room, 3);
    let mut lines: Vec<(String, Type, Rgb, f64)> = name
        .into_iter()
        .enumerate()
        .map(|(i, line)| (line, NAME, INK, name_baseline(i)))
        .collect();
    let after_name = lines.last().map_or(PAD, |l| l.3 + NAME.descent());
    let function_baseline =
        |j: usize| after_name + 0.7 + FUNCTION.ascent() + j as f64 * FUNCTION_PITCH;
    let kind = words::text(
        &format!("kind.{}", snake(&format!("{:?}", channel.kind))),
        spec.lang,
    )
    .unwrap_or("");
    if let Some(function) = subtitle(&channel.function, &channel.name, kind) {
        let shortened = shorten(&function, FUNCTION, &|_| room, 2);
        // A function cut to a word or two says nothing: better none.
        let kept_words: usize = shortened.iter().map(|l| l.split_whitespace().count()).sum();
        let cut = shortened.last().is_some_and(|l| l.ends_with('…'));
        if !(cut && kept_words < 3) {
            for (j, line) in shortened.into_iter().enumerate() {
                lines.push((line, FUNCTION, MUTED, function_baseline(j)));
            }
        }
    }
    let bottom = lines
        .last()
        .map_or(PAD, |(_, ty, _, baseline)| baseline + ty.descent());
    let mut height = (bottom + PAD).max(MIN_NODE_H);
    // The badges sit in the bottom right corner: beside the last lines when those are short,
    // else below them.
    let badges = badge_count(view);
    if badges > 0 {
        let badge_left = w - BADGE_INSET - badges as f64 * (2.0 * BADGE_R + 0.5) - 0.4;
        for (line, ty, _, baseline) in lines.iter().rev() {
            let zone_top = height - BADGE_INSET - 2.0 * BADGE_R - 0.3;
            if baseline + ty.descent() <= zone_top {
                break;
            }
            if text_x + ty.width(line) > badge_left {
                height = baseline + ty.descent() + 0.3 + 2.0 * BADGE_R + BADGE_INSET;
            }
        }
    }
    Card { lines, height }
}

/// Where a box's text starts, right of its role bands.
fn text_inset(view: &ChannelView) -> f64 {
    view.channel.roles.len().max(1) as f64 * BAND_W + 1.6
}

fn badge_count(view: &ChannelView) -> usize {
    usize::from(!view.channel.automated.is_empty()) + usize::from(!view.channel.human.is_empty())
}

/// The channel's function as a subtitle, unless it says no more than the name or the kind.
fn subtitle(function: &str, name: &str, kind: &str) -> Option<String> {
    let function = function.trim();
    // A closing full stop goes; an abbreviation's stays (`etc.`, `tél.`).
    let bare = function
        .strip_suffix('.')
        .filter(|f| f.rsplit(' ').next().is_some_and(|w| w.chars().count() > 4))
        .unwrap_or(function);
    let same = |other: &str| bare.trim().to_lowercase() == other.trim().to_lowercase();
    (!bare.trim().is_empty() && !same(name) && !same(kind)).then(|| bare.trim().to_string())
}

/// Badges for channels with automated or human tasks, right to left from `x`.
fn badges(figure: &mut Figure, x: f64, y: f64, automated: bool, human: bool) {
    let mut x = x;
    for (on, letter, colour) in [(human, "H", HUMAN), (automated, "A", AUTOMATED)] {
        if !on {
            continue;
        }
        badge(figure, (x, y), letter, colour);
        x -= 2.0 * BADGE_R + 0.5;
    }
}

fn badge(figure: &mut Figure, (x, y): (f64, f64), letter: &str, colour: Rgb) {
    figure.shapes.push(Shape::Ellipse {
        cx: x,
        cy: y,
        rx: BADGE_R,
        ry: BADGE_R,
        fill: Some(colour),
        stroke: None,
    });
    // Centred on the capital's height, not the line's.
    let cap = 0.716 * BADGE.size * crate::fonts::metrics::PT;
    BADGE.draw(
        figure,
        (x, y + cap / 2.0),
        letter,
        (255, 255, 255),
        Anchor::Middle,
    );
}

/// The legend under the figure from `top`: each role's swatch and name, then the badges, on as
/// many lines as the width needs. Returns where it ends.
fn legend(spec: &Spec, figure: &mut Figure, left: f64, top: f64) -> f64 {
    /// What stands before a legend's label.
    enum Mark {
        Swatch(Rgb),
        Badge(&'static str, Rgb),
    }
    const SWATCH: f64 = 3.0;
    const PITCH: f64 = 3.6;
    let right = WIDTH - EDGE_MARGIN;
    let mut items: Vec<(Mark, String)> = spec
        .roles
        .iter()
        .map(|role| {
            let colour = words::text(
                &format!("colour.{}", snake(&format!("{:?}", role.colour))),
                spec.lang,
            )
            .unwrap_or("");
            (
                Mark::Swatch(parse_hex(role.hex)),
                format!("{} ({colour})", role.name),
            )
        })
        .collect();
    let channels = spec.channels.iter().map(|v| &v.channel);
    if channels.clone().any(|c| !c.automated.is_empty()) {
        items.push((Mark::Badge("A", AUTOMATED), t(spec, "automated")));
    }
    if channels.clone().any(|c| !c.human.is_empty()) {
        items.push((Mark::Badge("H", HUMAN), t(spec, "human")));
    }
    let mut x = left;
    let mut baseline = top + LEGEND.ascent();
    let mut bottom = top;
    for (mark, label) in items {
        let mark_w = match mark {
            Mark::Swatch(_) => SWATCH,
            Mark::Badge(..) => 2.0 * BADGE_R,
        };
        let text_x = |x: f64| x + mark_w + 1.2;
        if x > left && text_x(x) + LEGEND.width(&label) > right {
            x = left;
            baseline += PITCH;
        }
        // A label longer than the whole width wraps under itself, and the next starts below.
        let lines = super::wrap_words(&label, LEGEND, &|_| right - text_x(x));
        let middle = baseline - LEGEND.ascent() / 2.0 + LEGEND.descent() / 2.0;
        match mark {
            Mark::Swatch(colour) => figure.shapes.push(Shape::Rect {
                x,
                y: middle - SWATCH / 2.0,
                w: SWATCH,
                h: SWATCH,
                fill: Some(colour),
                stroke: None,
            }),
            Mark::Badge(letter, colour) => badge(figure, (x + BADGE_R, middle), letter, colour),
        }
        let mut widest: f64 = 0.0;
        for (i, line) in lines.iter().enumerate() {
            let y = baseline + i as f64 * PITCH;
            LEGEND.draw(figure, (text_x(x), y), line, INK, Anchor::Start);
            widest = widest.max(LEGEND.width(line));
            bottom = bottom.max(y + LEGEND.descent()).max(middle + mark_w / 2.0);
        }
        if lines.len() > 1 {
            baseline += lines.len() as f64 * PITCH;
            x = left;
        } else {
            x = text_x(x) + widest + 4.5;
        }
    }
    bottom
}

/// Where the columns of boxes and the gutters' lanes lie across the width.
struct Columns {
    node_w: f64,
    /// Each column's left edge.
    column_x: Vec<f64>,
    /// Each gutter's first lane.
    gutter_x: Vec<f64>,
}

/// Gutters as wide as their lanes need, the boxes sharing the rest (no wider than
/// [`MAX_NODE_W`]; `None` if narrower than [`MIN_NODE_W`]); spare width spaces the columns.
fn columns_for(plan: &Plan, columns: usize) -> Option<Columns> {
    let gutter_lanes = plan.gutter_lanes();
    let mut gutters: Vec<f64> = gutter_lanes
        .iter()
        .enumerate()
        .map(|(j, &n)| {
            if n > 0 {
                2.0 * GUTTER_PAD + (n - 1) as f64 * route::LANE
            } else if j == 0 || j == columns {
                EDGE_MARGIN
            } else {
                MIN_GUTTER
            }
        })
        .collect();
    let room = WIDTH - gutters.iter().sum::<f64>();
    let node_w = (room / columns as f64).min(MAX_NODE_W);
    if node_w < MIN_NODE_W {
        return None;
    }
    let spare = (room - node_w * columns as f64) / (columns + 1) as f64;
    gutters.iter_mut().for_each(|g| *g += spare);
    let mut column_x = Vec::with_capacity(columns);
    let mut gutter_x = Vec::with_capacity(columns + 1);
    let mut x = 0.0;
    for (j, g) in gutters.iter().enumerate() {
        let n = gutter_lanes[j];
        gutter_x.push(x + (g - n.saturating_sub(1) as f64 * route::LANE) / 2.0);
        x += g;
        if j < columns {
            column_x.push(x);
            x += node_w;
        }
    }
    Some(Columns {
        node_w,
        column_x,
        gutter_x,
    })
}

/// Each channel's column (its first role's) and row (its rank in that column, in questionnaire
/// order), with the number of columns and rows.
fn grid(spec: &Spec) -> (Vec<(usize, usize)>, usize, usize) {
    let roles: Vec<&str> = spec.roles.iter().map(|r| r.id.as_str()).collect();
    let columns = roles.len().max(1);
    let mut rows_in = vec![0usize; columns];
    let mut cells = Vec::with_capacity(spec.channels.len());
    for view in &spec.channels {
        let column = view
            .channel
            .roles
            .first()
            .and_then(|r| roles.iter().position(|id| id == r))
            .unwrap_or(0);
        cells.push((column, rows_in[column]));
        rows_in[column] += 1;
    }
    let rows = rows_in.iter().copied().max().unwrap_or(1).max(1);
    (cells, columns, rows)
}

/// Every redirect between two channels of the map, labelled with its means in a word.
fn edges(spec: &Spec) -> Vec<Edge> {
    let index: HashMap<&str, usize> = spec
        .channels
        .iter()
        .enumerate()
        .map(|(i, v)| (v.channel.id.as_str(), i))
        .collect();
    let mut edges = Vec::new();
    for (from, view) in spec.channels.iter().enumerate() {
        for redirect in &view.redirects {
            let Some(&to) = index.get(redirect.to.as_str()) else {
                continue;
            };
            if to == from {
                continue;
            }
            let label = words::text(
                &format!("via_short.{}", snake(&format!("{:?}", redirect.via))),
                spec.lang,
            )
            .unwrap_or("")
            .to_string();
            edges.push(Edge {
                from,
                to,
                label_w: LABEL.width(&label),
                label,
            });
        }
    }
    edges
}

/// The role headers: each one's lines, and the height they all share.
struct Headers {
    lines: Vec<Vec<String>>,
    height: f64,
}

const HEADER_PITCH: f64 = 3.5;
const HEADER_PAD: f64 = 1.3;

impl Headers {
    fn new(spec: &Spec, width: f64) -> Headers {
        let lines: Vec<Vec<String>> = spec
            .roles
            .iter()
            .map(|r| shorten(&r.name, HEADER, &|_| width - 2.0, 3))
            .collect();
        let rows = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        Headers {
            height: 2.0 * HEADER_PAD
                + HEADER.ascent()
                + HEADER.descent()
                + (rows - 1) as f64 * HEADER_PITCH,
            lines,
        }
    }

    fn draw(&self, spec: &Spec, figure: &mut Figure, column_x: &[f64], width: f64) {
        for ((role, lines), &x) in spec.roles.iter().zip(&self.lines).zip(column_x) {
            figure.shapes.push(Shape::Rect {
                x,
                y: EDGE_MARGIN,
                w: width,
                h: self.height,
                fill: Some(lighten(parse_hex(role.hex), 0.82)),
                stroke: None,
            });
            // A header's lines are centred in it, however many the other headers have.
            let block =
                HEADER.ascent() + HEADER.descent() + (lines.len().max(1) - 1) as f64 * HEADER_PITCH;
            let first = EDGE_MARGIN + (self.height - block) / 2.0 + HEADER.ascent();
            for (j, line) in lines.iter().enumerate() {
                let at = (x + width / 2.0, first + j as f64 * HEADER_PITCH);
                HEADER.draw(figure, at, line, INK, Anchor::Middle);
            }
        }
    }
}

/// The boxes' places: rows as tall as their tallest card, each corridor as tall as the labels
/// and arrowheads beside the boxes around it and its lanes. Returns the frame and where the
/// last corridor ends.
fn frame(
    plan: &Plan,
    cells: &[(usize, usize)],
    rows: usize,
    top: f64,
    cards: &[Card],
    columns: &Columns,
) -> (Frame, f64) {
    let mut row_h = vec![MIN_NODE_H; rows];
    for (&(_, row), card) in cells.iter().zip(cards) {
        row_h[row] = row_h[row].max(card.height);
    }
    let label_band = route::LABEL_OFFSET + LABEL.ascent() + LABEL.descent() + 0.3;
    let head_band = route::HEAD + 0.3;
    // Room a row needs on one side for its labels (or only arrowheads).
    let band = |row: usize, side: Side| {
        (0..cells.len())
            .filter(|&n| cells[n].1 == row)
            .map(|n| {
                if plan.side_has_exit(n, side) {
                    label_band
                } else if plan.side_has_ports(n, side) {
                    head_band
                } else {
                    0.0
                }
            })
            .fold(0.0, f64::max)
    };
    let mut corridor_lanes = Vec::with_capacity(rows + 1);
    let mut row_y = Vec::with_capacity(rows);
    let mut y = top;
    for (k, &n) in plan.corridor_lanes().iter().enumerate() {
        let above = if k > 0 {
            band(k - 1, Side::Bottom)
        } else {
            0.0
        };
        let below = if k < rows { band(k, Side::Top) } else { 0.0 };
        corridor_lanes.push(y + above + LANE_PAD);
        let needed = if n > 0 {
            above + below + 2.0 * LANE_PAD + (n - 1) as f64 * route::LANE
        } else {
            0.0
        };
        let least = if k == 0 {
            3.0
        } else if k == rows {
            0.0
        } else {
            ROW_GAP
        };
        y += needed.max(least);
        if k < rows {
            row_y.push(y);
            y += row_h[k];
        }
    }
    let frame = Frame {
        nodes: cells
            .iter()
            .map(|&(c, r)| (columns.column_x[c], row_y[r], columns.node_w, row_h[r]))
            .collect(),
        corridor_lanes,
        gutter_lanes: columns.gutter_x.clone(),
    };
    (frame, y)
}

/// A channel's box: outline, role bands, text and badges.
fn draw_node(
    figure: &mut Figure,
    view: &ChannelView,
    card: &Card,
    (x, y, w, h): (f64, f64, f64, f64),
    colours: &HashMap<&str, Rgb>,
) {
    figure.shapes.push(Shape::Rect {
        x,
        y,
        w,
        h,
        fill: Some((255, 255, 255)),
        stroke: Some(Stroke::solid((160, 170, 185), 0.3)),
    });
    for (i, role) in view.channel.roles.iter().enumerate() {
        if let Some(&colour) = colours.get(role.as_str()) {
            figure.shapes.push(Shape::Rect {
                x: x + i as f64 * BAND_W,
                y,
                w: BAND_W,
                h,
                fill: Some(colour),
                stroke: None,
            });
        }
    }
    let text_x = x + text_inset(view);
    for (line, ty, colour, baseline) in &card.lines {
        ty.draw(figure, (text_x, y + baseline), line, *colour, Anchor::Start);
    }
    badges(
        figure,
        x + w - BADGE_INSET - BADGE_R,
        y + h - BADGE_INSET - BADGE_R,
        !view.channel.automated.is_empty(),
        !view.channel.human.is_empty(),
    );
}

/// The map, or `None` when its arrows cannot all be drawn legibly on a page.
fn map(spec: &Spec) -> Option<Figure> {
    let (cells, columns, rows) = grid(spec);
    let edges = edges(spec);
    // Sides fill up in the plan as the columns' width allows; the columns' width depends on
    // the gutters the plan uses: a few rounds settle both.
    let mut capacity = Plan::side_room(WIDTH / columns as f64 - MIN_GUTTER);
    let mut settled = None;
    for _ in 0..4 {
        let plan = Plan::new(&edges, &cells, columns, rows, capacity);
        let layout = columns_for(&plan, columns)?;
        let room = Plan::side_room(layout.node_w);
        if plan.fullest_side(&edges) <= room {
            settled = Some((plan, layout));
            break;
        }
        capacity = room;
    }
    let (mut plan, layout) = settled?;
    let headers = Headers::new(spec, layout.node_w);
    let cards: Vec<Card> = spec
        .channels
        .iter()
        .map(|view| card(spec, view, layout.node_w))
        .collect();
    let top = EDGE_MARGIN + headers.height;
    let (frame, bottom) = frame(&plan, &cells, rows, top, &cards, &layout);
    plan.port_positions(&edges, &frame)?;
    plan.untangle(&edges, &frame);
    let drawn = plan.draw(&edges, &frame);
    // Past three crossings an arrow on average, the map is a tangle to follow with a finger:
    // the matrix and the channel table say it better.
    if route::crossings(&drawn) > 3 * edges.len() {
        return None;
    }

    let mut figure = Figure::new("canaux", t(spec, "figure_channels"), WIDTH, 0.0);
    headers.draw(spec, &mut figure, &layout.column_x, layout.node_w);
    for (edge, line) in edges.iter().zip(&drawn) {
        figure.arrow(line.points.clone(), Stroke::solid(MUTED, 0.3));
        let (x, y, side) = line.label_at;
        let baseline = match side {
            Side::Bottom => y + LABEL.ascent(),
            Side::Top => y - LABEL.descent(),
        };
        LABEL.draw(
            &mut figure,
            (x, baseline),
            &edge.label,
            MUTED,
            Anchor::Start,
        );
    }
    let colours = role_colours(spec);
    for ((view, card), &place) in spec.channels.iter().zip(&cards).zip(&frame.nodes) {
        draw_node(&mut figure, view, card, place, &colours);
    }
    let end = legend(spec, &mut figure, layout.column_x[0], bottom + 3.0);
    figure.height = end + EDGE_MARGIN;
    (figure.height <= MAX_HEIGHT).then_some(figure)
}

fn matrix(spec: &Spec) -> Figure {
    let n = spec.channels.len().max(1);
    let row_h = (200.0 / n as f64).clamp(3.4, 6.0);
    let roles = spec.roles.len().max(1);
    let name_w = 58.0;
    let marker_w = 10.0;
    let col_w = ((WIDTH - name_w - marker_w) / roles as f64).min(26.0);
    let head = Type::new(6.0, true, false);
    let header_lines: Vec<Vec<String>> = spec
        .roles
        .iter()
        .map(|r| shorten(&r.name, head, &|_| col_w - 1.0, 3))
        .collect();
    let header_rows = header_lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let top = 2.0 + header_rows as f64 * 2.6 + 3.0;
    let mut figure = Figure::new("canaux", t(spec, "figure_channels"), WIDTH, 0.0);
    let colours = role_colours(spec);
    let name = Type::new(if row_h < 4.2 { 5.0 } else { 6.0 }, false, false);
    for (i, role) in spec.roles.iter().enumerate() {
        let cx = name_w + i as f64 * col_w + col_w / 2.0;
        for (j, line) in header_lines[i].iter().enumerate() {
            head.draw(
                &mut figure,
                (cx, 1.0 + head.ascent() + j as f64 * 2.6),
                line,
                INK,
                Anchor::Middle,
            );
        }
        figure.shapes.push(Shape::Rect {
            x: cx - col_w / 2.0 + 0.6,
            y: top - 2.6,
            w: col_w - 1.2,
            h: 1.8,
            fill: Some(parse_hex(role.hex)),
            stroke: None,
        });
    }
    for (r, view) in spec.channels.iter().enumerate() {
        let y = top + r as f64 * row_h;
        if r % 2 == 1 {
            super::stripe(&mut figure, y, row_h);
        }
        let label = shorten(&view.channel.name, name, &|_| name_w - 2.0, 1);
        let baseline = y + row_h / 2.0 + (name.ascent() - name.descent()) / 2.0;
        if let Some(label) = label.first() {
            name.draw(&mut figure, (1.0, baseline), label, INK, Anchor::Start);
        }
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
        let mx = name_w + roles as f64 * col_w + marker_w - BADGE_R - 0.5;
        badges(
            &mut figure,
            mx,
            y + row_h / 2.0,
            !view.channel.automated.is_empty(),
            !view.channel.human.is_empty(),
        );
    }
    let bottom = legend(spec, &mut figure, EDGE_MARGIN, top + n as f64 * row_h + 3.0);
    figure.height = bottom + EDGE_MARGIN;
    figure
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtitles_never_repeat_the_name_or_the_kind() {
        assert_eq!(subtitle("Chat", "Chat", "Chat"), None);
        assert_eq!(subtitle("Autre.", "Salon", "Autre"), None);
        assert_eq!(subtitle("  ", "Salon", "Autre"), None);
        assert_eq!(
            subtitle("Campagnes saisonnières.", "Publicité TV", "Publicité TV").as_deref(),
            Some("Campagnes saisonnières")
        );
        assert_eq!(
            subtitle("Livres, CD, etc.", "x", "y").as_deref(),
            Some("Livres, CD, etc.")
        );
    }
}
