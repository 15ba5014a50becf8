//! Where the channel map's arrows run. Channels sit in a grid (a column per role, rows below
//! the headers); between two rows runs a *corridor*, between two columns a *gutter*. An arrow
//! leaves its channel by a port of its own on the top or bottom edge, runs along a lane of its
//! own in the corridor next to it, climbs or drops in a lane of its own in a gutter when the
//! target is further than the next row, and enters the target by a port of its own. Nothing
//! but arrows runs in corridors and gutters, so an arrow never crosses a channel; the means of
//! a redirect is written beside the arrow's first stretch, just outside its channel, where only
//! that channel's own ports are.
//!
//! The plan (which side, corridor, gutter and lane each arrow takes) is topological; the
//! geometry places it in a [`Frame`]. The order of ports and lanes is then improved by swapping
//! neighbours while that removes crossings.

use std::collections::BTreeMap;

/// Distance between two lanes of a corridor or a gutter (mm).
pub const LANE: f64 = 1.6;
/// Length of an arrowhead along its arrow (`Figure::arrow` with a 0.3 mm stroke).
pub const HEAD: f64 = 2.2;
/// Half the width of an arrowhead, with a little air.
const HEAD_HALF: f64 = 1.15;
/// Air between a port's line and its label, and after the label.
const LABEL_AIR: f64 = 0.6;
/// Ports keep this far from a channel's corners.
const PORT_INSET: f64 = 1.6;
/// A label's box starts this far from its channel's edge.
pub const LABEL_OFFSET: f64 = 0.7;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    Top,
    Bottom,
}

impl Side {
    fn other(self) -> Side {
        match self {
            Side::Top => Side::Bottom,
            Side::Bottom => Side::Top,
        }
    }
}

/// A redirect to draw: from one channel (node index) to another, with its means.
#[derive(Debug, Clone)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub label: String,
    /// The label's width (mm).
    pub label_w: f64,
}

/// Where an edge runs, before any coordinate is known.
#[derive(Debug, Clone, Copy)]
struct Route {
    exit: Side,
    entry: Side,
    /// The corridor next to the source.
    first: usize,
    /// The gutter and the corridor next to the target, when the target is not reached from
    /// the first corridor.
    via: Option<(usize, usize)>,
}

/// A port: the edge using it, and whether the edge leaves (`true`) or enters there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Port {
    pub edge: usize,
    pub exit: bool,
}

/// A stretch of an edge along a corridor: its first (next to the source) or second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Usage {
    edge: usize,
    second: bool,
}

/// Every edge's route, and the order of ports on each side of each node, of lanes in each
/// corridor (top to bottom) and in each gutter (left to right).
#[derive(Debug, Clone)]
pub struct Plan {
    routes: Vec<Route>,
    pub sides: BTreeMap<(usize, Side), Vec<Port>>,
    corridors: Vec<Vec<Usage>>,
    gutters: Vec<Vec<usize>>,
}

/// The grid's coordinates (mm), filled in once the plan says how many lanes each corridor
/// and gutter needs.
#[derive(Debug, Clone)]
pub struct Frame {
    /// Each node's box: x, y, width, height.
    pub nodes: Vec<(f64, f64, f64, f64)>,
    /// Where the first lane of each corridor lies.
    pub corridor_lanes: Vec<f64>,
    /// Where the first lane of each gutter lies.
    pub gutter_lanes: Vec<f64>,
}

/// What a routed edge draws: its line (to the arrowhead's tip) and where its label starts.
#[derive(Debug, Clone)]
pub struct Drawn {
    pub points: Vec<(f64, f64)>,
    /// The label's left end and baseline, and which side of its channel it is on.
    pub label_at: (f64, f64, Side),
}

impl Plan {
    /// Routes every edge in a grid of `columns` × `rows`; `cells[n]` is node `n`'s column and
    /// row. An edge leaves and enters by the sides facing one another, unless that side has
    /// no more room (`capacity` mm of ports) and the other has.
    pub fn new(
        edges: &[Edge],
        cells: &[(usize, usize)],
        columns: usize,
        rows: usize,
        capacity: f64,
    ) -> Plan {
        let mut gutter_load = vec![0usize; columns + 1];
        let mut side_load: BTreeMap<(usize, Side), f64> = BTreeMap::new();
        let mut routes = Vec::with_capacity(edges.len());
        // Edges between rows first: their sides are natural; edges within a row then take
        // the emptier of the two sides.
        let mut order: Vec<usize> = (0..edges.len()).collect();
        order.sort_by_key(|&e| cells[edges[e].from].1 == cells[edges[e].to].1);
        let mut planned: Vec<Option<Route>> = vec![None; edges.len()];
        for e in order {
            let edge = &edges[e];
            let ((cs, rs), (ct, rt)) = (cells[edge.from], cells[edge.to]);
            let load =
                |node: usize, side: Side| side_load.get(&(node, side)).copied().unwrap_or(0.0);
            let (exit, entry) = if rt > rs {
                (Side::Bottom, Side::Top)
            } else if rt < rs {
                (Side::Top, Side::Bottom)
            } else if load(edge.from, Side::Top) + load(edge.to, Side::Top) + 1e-9
                < load(edge.from, Side::Bottom) + load(edge.to, Side::Bottom)
            {
                (Side::Top, Side::Top)
            } else {
                (Side::Bottom, Side::Bottom)
            };
            let room = |node: usize, side: Side, need: f64| load(node, side) + need <= capacity;
            let out = room_taken(edges, e, true);
            let inward = room_taken(edges, e, false);
            let exit = if room(edge.from, exit, out) || !room(edge.from, exit.other(), out) {
                exit
            } else {
                exit.other()
            };
            let entry = if room(edge.to, entry, inward) || !room(edge.to, entry.other(), inward) {
                entry
            } else {
                entry.other()
            };
            let first = match exit {
                Side::Top => rs,
                Side::Bottom => rs + 1,
            };
            let second = match entry {
                Side::Top => rt,
                Side::Bottom => rt + 1,
            };
            let via = (first != second).then(|| {
                let candidates: Vec<usize> = if cs == ct {
                    vec![cs + 1, cs]
                } else if cs < ct {
                    (cs + 1..=ct).rev().collect()
                } else {
                    (ct + 1..=cs).collect()
                };
                let gutter = candidates
                    .iter()
                    .copied()
                    .min_by_key(|&g| gutter_load[g])
                    .unwrap_or(cs);
                gutter_load[gutter] += 1;
                (gutter, second)
            });
            *side_load.entry((edge.from, exit)).or_default() += out;
            *side_load.entry((edge.to, entry)).or_default() += inward;
            planned[e] = Some(Route {
                exit,
                entry,
                first,
                via,
            });
        }
        routes.extend(planned.into_iter().flatten());

        let mut sides: BTreeMap<(usize, Side), Vec<Port>> = BTreeMap::new();
        let mut corridors: Vec<Vec<Usage>> = vec![Vec::new(); rows + 1];
        let mut gutters: Vec<Vec<usize>> = vec![Vec::new(); columns + 1];
        for (e, (edge, route)) in edges.iter().zip(&routes).enumerate() {
            sides
                .entry((edge.from, route.exit))
                .or_default()
                .push(Port {
                    edge: e,
                    exit: true,
                });
            sides.entry((edge.to, route.entry)).or_default().push(Port {
                edge: e,
                exit: false,
            });
            corridors[route.first].push(Usage {
                edge: e,
                second: false,
            });
            if let Some((gutter, second)) = route.via {
                corridors[second].push(Usage {
                    edge: e,
                    second: true,
                });
                gutters[gutter].push(e);
            }
        }
        Plan {
            routes,
            sides,
            corridors,
            gutters,
        }
    }

    /// Lanes each corridor needs.
    pub fn corridor_lanes(&self) -> Vec<usize> {
        self.corridors.iter().map(Vec::len).collect()
    }

    /// Lanes each gutter needs.
    pub fn gutter_lanes(&self) -> Vec<usize> {
        self.gutters.iter().map(Vec::len).collect()
    }

    /// Room the ports of a side take along it (mm), the fullest side's.
    pub fn fullest_side(&self, edges: &[Edge]) -> f64 {
        self.sides
            .values()
            .map(|ports| {
                ports
                    .iter()
                    .map(|p| room_taken(edges, p.edge, p.exit))
                    .sum::<f64>()
            })
            .fold(0.0, f64::max)
    }

    /// Room ports have along a side of a box `width` wide.
    pub fn side_room(width: f64) -> f64 {
        width - 2.0 * PORT_INSET - LANE
    }

    /// Whether any edge leaves by this side (its label is then written beside it).
    pub fn side_has_exit(&self, node: usize, side: Side) -> bool {
        self.sides
            .get(&(node, side))
            .is_some_and(|ports| ports.iter().any(|p| p.exit))
    }

    pub fn side_has_ports(&self, node: usize, side: Side) -> bool {
        self.sides.contains_key(&(node, side))
    }

    /// Orders ports and lanes for few crossings: first by where each goes, then by swapping
    /// neighbours while the count of crossings falls.
    pub fn untangle(&mut self, edges: &[Edge], frame: &Frame) {
        let snapshot = self.clone();
        for ports in self.sides.values_mut() {
            ports.sort_by(|a, b| {
                snapshot
                    .toward(edges, frame, a)
                    .total_cmp(&snapshot.toward(edges, frame, b))
            });
        }
        let mut best = crossings(&self.draw(edges, frame));
        for _ in 0..12 {
            let before = best;
            let sides: Vec<(usize, Side)> = self.sides.keys().copied().collect();
            for key in sides {
                let n = self.sides[&key].len();
                for i in 1..n {
                    self.swap_if_better(edges, frame, &mut best, |p| {
                        if let Some(ports) = p.sides.get_mut(&key) {
                            ports.swap(i - 1, i);
                        }
                    });
                }
            }
            for k in 0..self.corridors.len() {
                for i in 1..self.corridors[k].len() {
                    self.swap_if_better(edges, frame, &mut best, |p| p.corridors[k].swap(i - 1, i));
                }
            }
            for g in 0..self.gutters.len() {
                for i in 1..self.gutters[g].len() {
                    self.swap_if_better(edges, frame, &mut best, |p| p.gutters[g].swap(i - 1, i));
                }
            }
            if best >= before {
                break;
            }
        }
    }

    fn swap_if_better(
        &mut self,
        edges: &[Edge],
        frame: &Frame,
        best: &mut usize,
        swap: impl Fn(&mut Plan),
    ) {
        swap(self);
        let count = crossings(&self.draw(edges, frame));
        if count < *best {
            *best = count;
        } else {
            // Swapping the same pair again restores the order.
            swap(self);
        }
    }

    /// Where a port would rather be: under (or over) the other end of its first stretch, so
    /// that arrows between boxes one above the other run straight.
    fn toward(&self, edges: &[Edge], frame: &Frame, port: &Port) -> f64 {
        let route = self.routes[port.edge];
        let edge = &edges[port.edge];
        let other = if port.exit { edge.to } else { edge.from };
        match route.via {
            Some((gutter, _)) => frame.gutter_lanes[gutter],
            None => {
                let (x, _, w, _) = frame.nodes[other];
                x + w / 2.0
            }
        }
    }

    /// Each port's position along its side, or `None` when a side holds more than it can.
    /// Ports keep their order and their room, each as near as it can be to where it heads.
    pub fn port_positions(
        &self,
        edges: &[Edge],
        frame: &Frame,
    ) -> Option<BTreeMap<(usize, bool), f64>> {
        let mut at = self.place_ports(edges, frame, None)?;
        // The two ends of an arrow between boxes one above the other meet half-way, so that
        // the arrow runs straight when both sides have room for it.
        for _ in 0..6 {
            at = self.place_ports(edges, frame, Some(&at))?;
        }
        Some(at)
    }

    fn place_ports(
        &self,
        edges: &[Edge],
        frame: &Frame,
        previous: Option<&BTreeMap<(usize, bool), f64>>,
    ) -> Option<BTreeMap<(usize, bool), f64>> {
        let mut at = BTreeMap::new();
        for (&(node, side), ports) in &self.sides {
            let (x, _, w, _) = frame.nodes[node];
            // A bottom side's ports stop a lane to the right of the top side's facing them
            // across a corridor, so two arrows pressed to the same end never share a line.
            let shift = match side {
                Side::Top => -LANE / 2.0,
                Side::Bottom => LANE / 2.0,
            };
            let (start, end) = (
                x + PORT_INSET + LANE / 2.0 + shift,
                x + w - PORT_INSET - LANE / 2.0 + shift,
            );
            let feet: Vec<[f64; 2]> = ports.iter().map(|p| footprint(edges, p)).collect();
            let need: f64 = feet.iter().map(|f| f[0] + f[1]).sum();
            if need > end - start {
                return None;
            }
            // Each port's distance from the first one when packed tight, and the room the
            // first one has.
            let mut offset = Vec::with_capacity(ports.len());
            let mut sum = 0.0;
            for (i, f) in feet.iter().enumerate() {
                if i > 0 {
                    sum += feet[i - 1][1] + f[0];
                }
                offset.push(sum);
            }
            let (low, high) = (start + feet[0][0], end - need + feet[0][0]);
            let wanted: Vec<f64> = ports
                .iter()
                .zip(&offset)
                .map(|(p, o)| {
                    let here = (p.edge, p.exit);
                    let there = (p.edge, !p.exit);
                    let met = previous
                        .filter(|_| self.routes[p.edge].via.is_none())
                        .and_then(|prev| Some((prev.get(&here)? + prev.get(&there)?) / 2.0));
                    met.unwrap_or_else(|| self.toward(edges, frame, p)) - o
                })
                .collect();
            for ((port, o), q) in ports.iter().zip(&offset).zip(ordered_fit(&wanted)) {
                at.insert((port.edge, port.exit), q.clamp(low, high) + o);
            }
        }
        Some(at)
    }

    /// Every edge's line and label position.
    pub fn draw(&self, edges: &[Edge], frame: &Frame) -> Vec<Drawn> {
        let ports = self
            .port_positions(edges, frame)
            .unwrap_or_else(|| self.crowded_ports(frame));
        let lane_of = |k: usize, usage: Usage| {
            let i = self.corridors[k]
                .iter()
                .position(|u| *u == usage)
                .unwrap_or(0);
            frame.corridor_lanes[k] + i as f64 * LANE
        };
        edges
            .iter()
            .enumerate()
            .map(|(e, edge)| {
                let route = self.routes[e];
                let edge_y = |node: usize, side: Side| {
                    let (_, y, _, h) = frame.nodes[node];
                    match side {
                        Side::Top => y,
                        Side::Bottom => y + h,
                    }
                };
                let sx = ports.get(&(e, true)).copied().unwrap_or(0.0);
                let tx = ports.get(&(e, false)).copied().unwrap_or(0.0);
                let start = (sx, edge_y(edge.from, route.exit));
                let end = (tx, edge_y(edge.to, route.entry));
                let first = lane_of(
                    route.first,
                    Usage {
                        edge: e,
                        second: false,
                    },
                );
                let mut points = vec![start, (sx, first)];
                if let Some((gutter, k)) = route.via {
                    let i = self.gutters[gutter]
                        .iter()
                        .position(|&g| g == e)
                        .unwrap_or(0);
                    let gx = frame.gutter_lanes[gutter] + i as f64 * LANE;
                    let second = lane_of(
                        k,
                        Usage {
                            edge: e,
                            second: true,
                        },
                    );
                    points.extend([(gx, first), (gx, second), (tx, second)]);
                } else {
                    points.push((tx, first));
                }
                points.push(end);
                let label_y = match route.exit {
                    Side::Bottom => start.1 + LABEL_OFFSET,
                    Side::Top => start.1 - LABEL_OFFSET,
                };
                Drawn {
                    points: simplify(points),
                    label_at: (sx + LABEL_AIR, label_y, route.exit),
                }
            })
            .collect()
    }

    /// Ports spread evenly regardless of their room: only used to count crossings, never drawn
    /// (a side that cannot hold its ports makes the map a matrix).
    fn crowded_ports(&self, frame: &Frame) -> BTreeMap<(usize, bool), f64> {
        let mut at = BTreeMap::new();
        for (&(node, _), ports) in &self.sides {
            let (x, _, w, _) = frame.nodes[node];
            for (i, port) in ports.iter().enumerate() {
                at.insert(
                    (port.edge, port.exit),
                    x + w * (i + 1) as f64 / (ports.len() + 1) as f64,
                );
            }
        }
        at
    }
}

/// The non-decreasing sequence nearest to `wanted` (least squares: pool adjacent violators).
fn ordered_fit(wanted: &[f64]) -> Vec<f64> {
    // Blocks of pooled values: their mean and how many they hold.
    let mut blocks: Vec<(f64, usize)> = Vec::with_capacity(wanted.len());
    for &w in wanted {
        blocks.push((w, 1));
        while blocks.len() >= 2 {
            let (b, nb) = blocks[blocks.len() - 1];
            let (a, na) = blocks[blocks.len() - 2];
            if a <= b {
                break;
            }
            blocks.truncate(blocks.len() - 2);
            let n = na + nb;
            blocks.push(((a * na as f64 + b * nb as f64) / n as f64, n));
        }
    }
    blocks
        .into_iter()
        .flat_map(|(mean, n)| std::iter::repeat_n(mean, n))
        .collect()
}

/// Room the port of edge `edge` where it leaves (`exit`) or enters takes along its side (mm).
fn room_taken(edges: &[Edge], edge: usize, exit: bool) -> f64 {
    footprint(edges, &Port { edge, exit }).iter().sum()
}

/// Room a port takes on either side of its line (mm).
fn footprint(edges: &[Edge], port: &Port) -> [f64; 2] {
    if port.exit {
        [LABEL_AIR, LABEL_AIR + edges[port.edge].label_w + LABEL_AIR]
    } else {
        [HEAD_HALF, HEAD_HALF]
    }
}

/// The points without repeats or points in the middle of a straight run.
fn simplify(points: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(points.len());
    for p in points {
        if out
            .last()
            .is_some_and(|q| (q.0 - p.0).abs() < 1e-9 && (q.1 - p.1).abs() < 1e-9)
        {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let straight = ((a.0 - b.0).abs() < 1e-9 && (b.0 - p.0).abs() < 1e-9)
                || ((a.1 - b.1).abs() < 1e-9 && (b.1 - p.1).abs() < 1e-9);
            if straight {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// How many times two different edges' lines cross; two lines running along one another (too
/// close to tell apart) count as many crossings, so that the search removes them first.
pub fn crossings(drawn: &[Drawn]) -> usize {
    let mut count = 0;
    for (i, a) in drawn.iter().enumerate() {
        for b in &drawn[i + 1..] {
            for s in a.points.windows(2) {
                for t in b.points.windows(2) {
                    let (s, t) = ((s[0], s[1]), (t[0], t[1]));
                    if cross(s, t) {
                        count += 1;
                    } else if alongside(s, t) {
                        count += 100;
                    }
                }
            }
        }
    }
    count
}

/// Whether two parallel segments run closer than two lanes apart over some length.
fn alongside(a: ((f64, f64), (f64, f64)), b: ((f64, f64), (f64, f64))) -> bool {
    let vertical = |s: ((f64, f64), (f64, f64))| (s.0 .0 - s.1 .0).abs() < 1e-9;
    let overlap = |p0: f64, p1: f64, q0: f64, q1: f64| {
        p0.max(p1).min(q0.max(q1)) - p0.min(p1).max(q0.min(q1)) > 1e-6
    };
    match (vertical(a), vertical(b)) {
        (true, true) => {
            (a.0 .0 - b.0 .0).abs() < LANE - 1e-6 && overlap(a.0 .1, a.1 .1, b.0 .1, b.1 .1)
        }
        (false, false) => {
            (a.0 .1 - b.0 .1).abs() < LANE - 1e-6 && overlap(a.0 .0, a.1 .0, b.0 .0, b.1 .0)
        }
        _ => false,
    }
}

/// Whether a horizontal and a vertical segment cross away from their ends.
fn cross(a: ((f64, f64), (f64, f64)), b: ((f64, f64), (f64, f64))) -> bool {
    let horizontal = |s: ((f64, f64), (f64, f64))| (s.0 .1 - s.1 .1).abs() < 1e-9;
    let (h, v) = if horizontal(a) && !horizontal(b) {
        (a, b)
    } else if horizontal(b) && !horizontal(a) {
        (b, a)
    } else {
        return false;
    };
    let within = |x: f64, p: f64, q: f64| x > p.min(q) + 1e-6 && x < p.max(q) - 1e-6;
    within(v.0 .0, h.0 .0, h.1 .0) && within(h.0 .1, v.0 .1, v.1 .1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplifies_and_counts_crossings() {
        assert_eq!(
            simplify(vec![
                (0.0, 0.0),
                (0.0, 1.0),
                (0.0, 1.0),
                (0.0, 3.0),
                (2.0, 3.0)
            ]),
            vec![(0.0, 0.0), (0.0, 3.0), (2.0, 3.0)]
        );
        let line = |points: Vec<(f64, f64)>| Drawn {
            points,
            label_at: (0.0, 0.0, Side::Bottom),
        };
        let plus = [
            line(vec![(0.0, 1.0), (2.0, 1.0)]),
            line(vec![(1.0, 0.0), (1.0, 2.0)]),
        ];
        assert_eq!(crossings(&plus), 1);
        // Touching at an end is not crossing.
        let tee = [
            line(vec![(0.0, 1.0), (2.0, 1.0)]),
            line(vec![(1.0, 1.0), (1.0, 2.0)]),
        ];
        assert_eq!(crossings(&tee), 0);
    }
}
