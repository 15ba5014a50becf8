//! Figures: well-formed SVG files holding every name and colour, the same drawings in the PDF,
//! and layouts that stay legible from 1 to 60 channels and up to 40 planning rows.

mod common;

use common::*;
use std::path::Path;

/// The text of an SVG's `<text>` elements, after checking the file is well-formed XML.
fn svg_texts(path: &Path) -> (String, Vec<(f64, String)>) {
    let svg = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = roxmltree::Document::parse(&svg)
        .unwrap_or_else(|e| panic!("{} is not well-formed: {e}", path.display()));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let texts = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let y: f64 = n.attribute("y").and_then(|y| y.parse().ok()).unwrap_or(0.0);
            (y, n.text().unwrap_or_default().to_string())
        })
        .collect();
    (svg, texts)
}

fn joined(texts: &[(f64, String)]) -> String {
    texts
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn figures_hold_every_name_and_colour() {
    let (out, base) = render(&spec("velo-horizon.yaml"), "figures", "md,pdf");
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(spec("velo-horizon.yaml")).unwrap()).unwrap();
    let md = std::fs::read_to_string(out.join(format!("{base}.md"))).unwrap();
    for name in ["planning", "canaux", "fleur"] {
        assert!(
            md.contains(&format!("](figures/{name}.svg)")),
            "the Markdown links {name}"
        );
    }

    let (_, texts) = svg_texts(&out.join("figures/fleur.svg"));
    let all = joined(&texts);
    for petal in [
        "Fidélité",
        "Langage commun",
        "Écoute",
        "Unicité",
        "Rentabilité",
        "Client",
    ] {
        assert!(all.contains(petal), "flower lacks {petal}");
    }
    assert!(all.contains("Marketing, Vendeurs"), "actors on the petal");

    let (svg, texts) = svg_texts(&out.join("figures/canaux.svg"));
    let all = joined(&texts);
    for channel in yaml["channels"].as_sequence().unwrap() {
        let name = channel["name"].as_str().unwrap();
        assert!(all.contains(name), "channel map lacks {name}");
    }
    for (role, hex) in [
        ("Vendre", "#D62828"),
        ("Entretenir", "#F2C318"),
        ("Promouvoir", "#2A9D4B"),
    ] {
        assert!(all.contains(role), "channel map lacks role {role}");
        assert!(
            svg.contains(&format!("fill=\"{hex}\"")),
            "channel map lacks the colour of {role}"
        );
    }
    assert!(
        all.contains("QR") && all.contains("carte"),
        "redirects are labelled with their means"
    );
    assert_eq!(
        svg.matches("<polyline").count(),
        5,
        "one arrow per redirect"
    );

    let (_, texts) = svg_texts(&out.join("figures/planning.svg"));
    let all = joined(&texts);
    for row in yaml["project"]["planning"].as_sequence().unwrap() {
        let label = row["phase"].as_str().or(row["milestone"].as_str()).unwrap();
        assert!(all.contains(label), "planning lacks {label}");
    }
    assert!(
        all.contains("janv.") && all.contains("2027") && all.contains("Date du document"),
        "month axis, years and document date"
    );

    // The PDF draws the same figures: captions, names and shapes are on its pages.
    let pdf = std::fs::read(out.join(format!("{base}.pdf"))).unwrap();
    let text = squeeze(&pdf_text(&pdf));
    for caption in [
        "Figure 1 — Planning prévisionnel",
        "Figure 2 — Carte des points de contact",
        "Figure 3 — Le modèle F.L.E.U.R.",
    ] {
        assert!(text.contains(&squeeze(caption)), "PDF lacks {caption}");
    }
    assert!(text.contains("Entretenir") && text.contains("Rentabilité"));
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let curves: usize = doc
        .get_pages()
        .values()
        .map(|p| {
            String::from_utf8_lossy(&doc.get_page_content(*p))
                .matches(" c\n")
                .count()
        })
        .sum();
    assert!(
        curves >= 4,
        "the pistil is drawn with Bézier curves ({curves})"
    );
}

#[test]
fn no_figures_option_leaves_them_out() {
    let out = temp_dir("no-figures");
    let output = render_with(&spec("northwind-b2b.yaml"), &out, &["--no-figures"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!out.join("figures").exists());
    let md =
        std::fs::read_to_string(out.join("crm-requirements-specification-northwind-components.md"))
            .unwrap();
    assert!(!md.contains("figures/"));
}

/// A questionnaire with `channels` channels (two roles, redirect chains) and `rows` planning
/// rows, built from the minimal fixture.
fn sized(name: &str, channels: usize, rows: usize) -> std::path::PathBuf {
    let base = std::fs::read_to_string(root().join("tests/fixtures/minimal.yaml")).unwrap();
    let mut roles = String::from("channel_roles:\n  - { id: vendre, name: \"Vendre\", colour: red }\n  - { id: sav, name: \"Après-vente\", colour: yellow }\n");
    roles.push_str("channels:\n");
    for i in 0..channels {
        let role = if i % 3 == 0 {
            "[vendre, sav]"
        } else if i % 3 == 1 {
            "[vendre]"
        } else {
            "[sav]"
        };
        roles.push_str(&format!("  - id: c{i}\n    name: \"Canal numéro {i}\"\n    kind: other\n    roles: {role}\n    function: \"Fonction {i}\"\n"));
        if i + 1 < channels {
            roles.push_str(&format!(
                "    redirects: [{{ to: c{}, via: link }}]\n",
                i + 1
            ));
        }
        if i % 2 == 0 {
            roles.push_str("    automated: [\"Tâche\"]\n");
        }
    }
    let mut planning = String::from("  planning:\n");
    for i in 0..rows {
        let month = 1 + (i % 12);
        if i % 5 == 4 {
            planning.push_str(&format!(
                "    - {{ milestone: \"Jalon {i}\", date: 2028-{month:02}-15 }}\n"
            ));
        } else {
            planning.push_str(&format!("    - {{ phase: \"Phase {i}\", start: 2027-{month:02}-01, end: 2028-{month:02}-28 }}\n"));
        }
    }
    let text = base
        .replace("channel_roles:\n  - { id: vendre, name: \"Vendre\", colour: red }\nchannels:\n  - { id: tel, name: \"Téléphone\", kind: phone, roles: [vendre], function: \"Prendre les commandes.\" }\n", &roles)
        .replace("  planning:\n    - { phase: \"Choix\", start: 2027-06-01, end: 2027-06-30 }\n", &planning);
    assert!(
        text.contains("Canal numéro 0") && text.contains("Phase 0"),
        "fixture edits applied"
    );
    let dir = temp_dir(name);
    let path = dir.join("q.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Text lines of a figure never overlap: labels on different rows are far enough apart.
fn assert_rows_legible(texts: &[(f64, String)], prefix: &str, expected: usize) {
    let mut ys: Vec<f64> = texts
        .iter()
        .filter(|(_, t)| t.starts_with(prefix))
        .map(|(y, _)| *y)
        .collect();
    assert_eq!(ys.len(), expected, "every `{prefix}` label is drawn");
    ys.sort_by(f64::total_cmp);
    for pair in ys.windows(2) {
        assert!(
            pair[1] - pair[0] >= 3.3 || pair[1] == pair[0],
            "labels {:.1} and {:.1} overlap",
            pair[0],
            pair[1]
        );
    }
}

#[test]
fn two_channels_draw_as_a_map() {
    let path = sized("two", 2, 3);
    let (out, _) = render(&path, "two-out", "md");
    let (svg, texts) = svg_texts(&out.join("figures/canaux.svg"));
    assert!(joined(&texts).contains("Canal numéro 0") && joined(&texts).contains("Canal numéro 1"));
    assert!(svg.contains("<polyline"), "the redirect arrow");
}

#[test]
fn sixty_channels_switch_to_a_matrix_that_fits_a_page() {
    let path = sized("sixty", 60, 40);
    let (out, base) = render(&path, "sixty-out", "md,pdf");
    let (svg, texts) = svg_texts(&out.join("figures/canaux.svg"));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let height: f64 = doc
        .root_element()
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .nth(3)
        .unwrap()
        .parse()
        .unwrap();
    assert!(height <= 250.0, "the matrix fits a page ({height} mm)");
    assert!(!svg.contains("<polyline"), "no arrows in the matrix");
    assert_rows_legible(&texts, "Canal numéro", 60);
    let (_, texts) = svg_texts(&out.join("figures/planning.svg"));
    assert_eq!(
        texts
            .iter()
            .filter(|(_, t)| t.starts_with("Phase ") || t.starts_with("Jalon "))
            .count(),
        40
    );
    assert_rows_legible(&texts, "Phase ", 32);
    let pdf = std::fs::read(out.join(format!("{base}.pdf"))).unwrap();
    let text = squeeze(&pdf_text(&pdf));
    assert!(text.contains("Canalnuméro59") && text.contains("Jalon39"));
}

/// The planning chart's labels are at least 7 pt and, up to 18 months, every month is named.
#[test]
fn planning_labels_are_legible_and_every_month_named() {
    let (out, _) = render(&spec("velo-horizon.yaml"), "planning-axis", "md");
    let svg = std::fs::read_to_string(out.join("figures/planning.svg")).unwrap();
    let sizes: Vec<f64> = svg
        .split("font-size=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect();
    assert!(!sizes.is_empty(), "{svg}");
    // The SVG is drawn in millimetres: 7 pt is 2.47 mm.
    assert!(sizes.iter().all(|mm| mm * 72.0 / 25.4 >= 6.95), "{sizes:?}");
    let (_, texts) = svg_texts(&out.join("figures/planning.svg"));
    let months = texts
        .iter()
        .filter(|t| {
            [
                "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
                "nov.", "déc.",
            ]
            .contains(&t.1.as_str())
        })
        .count();
    assert!(months >= 8, "{texts:?}");
}

/// The channel map of a questionnaire, as the scene crmspec draws (before any SVG or PDF).
fn channel_map_of(path: &Path) -> crmspec::figures::Figure {
    let source = crmspec::Source::read(path).unwrap();
    let spec = crmspec::check(&source).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    crmspec::figures::channel_map(&spec)
}

/// An axis-aligned box in millimetres: x0, y0, x1, y1.
#[derive(Debug, Clone, Copy)]
struct Bounds(f64, f64, f64, f64);

impl Bounds {
    fn around(points: &[(f64, f64)]) -> Bounds {
        points.iter().fold(
            Bounds(f64::MAX, f64::MAX, f64::MIN, f64::MIN),
            |b, &(x, y)| Bounds(b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y)),
        )
    }
    /// Whether the two overlap, or come closer than `gap`.
    fn meets(&self, o: &Bounds, gap: f64) -> bool {
        self.0 < o.2 + gap && o.0 < self.2 + gap && self.1 < o.3 + gap && o.1 < self.3 + gap
    }
    fn inside(&self, o: &Bounds) -> bool {
        const EPS: f64 = 1e-6;
        self.0 >= o.0 - EPS && self.2 <= o.2 + EPS && self.1 >= o.1 - EPS && self.3 <= o.3 + EPS
    }
    fn shrunk(&self, by: f64) -> Bounds {
        Bounds(self.0 + by, self.1 + by, self.2 - by, self.3 - by)
    }
    /// Whether the segment from `a` to `b` passes through the box (clipping, Liang–Barsky).
    fn cut_by(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a.0 - self.0),
            (dx, self.2 - a.0),
            (-dy, a.1 - self.1),
            (dy, self.3 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        t0 < t1
    }
}

/// What a figure's scene is made of, measured: every line of text with the box its glyphs
/// take in the embedded fonts, the boxes (nodes, headers, bands, swatches) and badges, the
/// arrowheads and the lines.
struct Scene {
    width: f64,
    height: f64,
    texts: Vec<(String, Bounds)>,
    /// Each text's size and whether it is bold, in the order of `texts`.
    styles: Vec<(f64, bool)>,
    boxes: Vec<Bounds>,
    /// The outlined boxes: the channels.
    nodes: Vec<Bounds>,
    heads: Vec<Bounds>,
    lines: Vec<Vec<(f64, f64)>>,
}

impl Scene {
    fn of(figure: &crmspec::figures::Figure) -> Scene {
        use crmspec::figures::{Anchor, Shape};
        use crmspec::fonts::metrics;
        let mut scene = Scene {
            width: figure.width,
            height: figure.height,
            texts: Vec::new(),
            styles: Vec::new(),
            boxes: Vec::new(),
            nodes: Vec::new(),
            heads: Vec::new(),
            lines: Vec::new(),
        };
        for shape in &figure.shapes {
            match shape {
                Shape::Text {
                    x,
                    y,
                    text,
                    size,
                    bold,
                    italic,
                    anchor,
                    ..
                } => {
                    let w = metrics::text_width(text, *size, *bold, *italic);
                    let left = match anchor {
                        Anchor::Start => *x,
                        Anchor::Middle => x - w / 2.0,
                        Anchor::End => x - w,
                    };
                    let em = size * metrics::PT;
                    scene.styles.push((*size, *bold));
                    scene.texts.push((
                        text.clone(),
                        Bounds(
                            left,
                            y - metrics::ASCENT * em,
                            left + w,
                            y + metrics::DESCENT * em,
                        ),
                    ));
                }
                Shape::Rect {
                    x, y, w, h, stroke, ..
                } => {
                    scene.boxes.push(Bounds(*x, *y, x + w, y + h));
                    if stroke.is_some() {
                        scene.nodes.push(Bounds(*x, *y, x + w, y + h));
                    }
                }
                Shape::Ellipse { cx, cy, rx, ry, .. } => {
                    scene.boxes.push(Bounds(cx - rx, cy - ry, cx + rx, cy + ry))
                }
                Shape::Polygon { points, .. } => scene.heads.push(Bounds::around(points)),
                Shape::Polyline { points, .. } => scene.lines.push(points.clone()),
            }
        }
        scene
    }

    /// Every way the drawing fails to be legible, one line each.
    fn defects(&self) -> Vec<String> {
        // Text boxes keep this far apart, and lines this far from text.
        const GAP: f64 = 0.15;
        let mut found = Vec::new();
        let frame = Bounds(0.0, 0.0, self.width, self.height);
        for (i, (text, b)) in self.texts.iter().enumerate() {
            if !b.inside(&frame) {
                found.push(format!("text `{text}` {b:?} leaves the figure"));
            }
            for (other, o) in &self.texts[i + 1..] {
                if b.meets(o, GAP) {
                    found.push(format!("texts `{text}` and `{other}` overlap"));
                }
            }
            // A text sits inside a box (its node, header, badge) or clear of it.
            for o in &self.boxes {
                if b.meets(&o.shrunk(-GAP), 0.0) && !b.inside(o) {
                    found.push(format!("text `{text}` crosses a box {o:?}"));
                }
            }
            for o in &self.heads {
                if b.meets(o, GAP) {
                    found.push(format!("text `{text}` touches an arrowhead"));
                }
            }
        }
        for (i, a) in self.heads.iter().enumerate() {
            for b in &self.heads[i + 1..] {
                if a.meets(b, 0.0) {
                    found.push(format!("arrowheads {a:?} and {b:?} overlap"));
                }
            }
            for o in &self.boxes {
                if a.meets(&o.shrunk(0.05), 0.0) {
                    found.push(format!("an arrowhead {a:?} enters a box {o:?}"));
                }
            }
        }
        for (i, line) in self.lines.iter().enumerate() {
            for s in line.windows(2) {
                let (a, b) = (s[0], s[1]);
                for p in [a, b] {
                    if !Bounds(p.0, p.1, p.0, p.1).inside(&frame) {
                        found.push(format!("a line leaves the figure at {p:?}"));
                    }
                }
                // A line runs between boxes: it may end on a node's edge, never cross one.
                for o in &self.boxes {
                    if o.shrunk(0.05).cut_by(a, b) {
                        found.push(format!("a line {a:?}–{b:?} crosses a box {o:?}"));
                    }
                }
                for (text, t) in &self.texts {
                    if t.shrunk(-GAP).cut_by(a, b) {
                        found.push(format!("a line {a:?}–{b:?} crosses the text `{text}`"));
                    }
                }
                // Every line has its own lane: none runs along another.
                for other in &self.lines[i + 1..] {
                    for t in other.windows(2) {
                        if let Some(length) = shared_run((a, b), (t[0], t[1])) {
                            found.push(format!(
                                "two lines share {length:.1} mm at {a:?}–{b:?} and {:?}–{:?}",
                                t[0], t[1]
                            ));
                        }
                    }
                }
            }
        }
        found
    }
}

/// The length two segments run along one another, if they do (collinear and overlapping).
fn shared_run(a: ((f64, f64), (f64, f64)), b: ((f64, f64), (f64, f64))) -> Option<f64> {
    const NEAR: f64 = 0.4;
    let horizontal = |s: ((f64, f64), (f64, f64))| (s.0 .1 - s.1 .1).abs() < 1e-6;
    let vertical = |s: ((f64, f64), (f64, f64))| (s.0 .0 - s.1 .0).abs() < 1e-6;
    let overlap = |a0: f64, a1: f64, b0: f64, b1: f64| {
        (a0.max(a1).min(b0.max(b1)) - a0.min(a1).max(b0.min(b1))).max(0.0)
    };
    let length = if horizontal(a) && horizontal(b) && (a.0 .1 - b.0 .1).abs() < NEAR {
        overlap(a.0 .0, a.1 .0, b.0 .0, b.1 .0)
    } else if vertical(a) && vertical(b) && (a.0 .0 - b.0 .0).abs() < NEAR {
        overlap(a.0 .1, a.1 .1, b.0 .1, b.1 .1)
    } else {
        0.0
    };
    (length > 0.05).then_some(length)
}

/// Every questionnaire whose channel map is checked: the examples, the shared contracts and
/// a crowded 15-channel map.
fn maps_to_check() -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir(root().join("specs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths.extend(reference());
    paths.extend(tender());
    paths.push(root().join("tests/fixtures/channels-15.yaml"));
    paths
}

/// The channel map is legible on the scene itself: no text over another, over a node it does
/// not belong to, a header, a badge or an arrowhead; no line through a node or a label; no two
/// lines sharing a lane or heads sharing a port; everything inside the figure.
#[test]
fn channel_maps_have_no_overlaps() {
    let mut report = Vec::new();
    let mut total = 0;
    for path in maps_to_check() {
        let figure = channel_map_of(&path);
        let scene = Scene::of(&figure);
        assert!(!scene.lines.is_empty(), "{} draws a map", path.display());
        let defects = scene.defects();
        total += defects.len();
        report.push(format!(
            "{}: {} defects\n  {}",
            path.display(),
            defects.len(),
            defects.join("\n  ")
        ));
    }
    assert_eq!(total, 0, "{}", report.join("\n"));
}

/// Lines put back together: a line ending with a hyphen joins the next without a space, the
/// hyphen kept (the word's own) or dropped (added to split it); both readings are returned.
fn unwrapped(lines: &[&str]) -> [String; 2] {
    let mut kept = String::new();
    let mut dropped = String::new();
    for (i, line) in lines.iter().enumerate() {
        let glue = i > 0 && !lines[i - 1].ends_with('-');
        for (out, drop) in [(&mut kept, false), (&mut dropped, true)] {
            if glue {
                out.push(' ');
            }
            let hyphen_split = drop && i + 1 < lines.len() && line.ends_with('-');
            out.push_str(if hyphen_split {
                &line[..line.len() - 1]
            } else {
                line
            });
        }
    }
    [kept, dropped]
}

/// In every map, each channel's box holds its whole name (wrapped, never cut) and, in grey,
/// either nothing or the start of its function ending on a whole word — never its kind.
#[test]
fn channel_boxes_show_whole_names_and_their_function() {
    for path in maps_to_check() {
        let source = crmspec::Source::read(&path).unwrap();
        let spec = crmspec::check(&source).unwrap();
        let scene = Scene::of(&crmspec::figures::channel_map(&spec));
        let in_node = |node: &Bounds, bold: bool| -> Vec<&str> {
            scene
                .texts
                .iter()
                .zip(&scene.styles)
                // Names are bold 7 pt, functions regular; the badges' letters (bold, smaller)
                // are neither.
                .filter(|((_, b), (size, is_bold))| {
                    b.inside(node) && *is_bold == bold && (!bold || *size >= 6.5)
                })
                .map(|((t, _), _)| t.as_str())
                .collect()
        };
        assert_eq!(scene.nodes.len(), spec.channels.len(), "{}", path.display());
        for view in &spec.channels {
            let channel = &view.channel;
            let node = scene
                .nodes
                .iter()
                .find(|n| unwrapped(&in_node(n, true)).contains(&channel.name))
                .unwrap_or_else(|| {
                    panic!(
                        "{}: no box holds the whole name `{}`",
                        path.display(),
                        channel.name
                    )
                });
            let grey = in_node(node, false);
            if grey.is_empty() {
                continue;
            }
            let shown = unwrapped(&grey);
            let clean = shown.iter().any(|s| {
                let start = s.trim_end_matches('…');
                let whole = channel.function.trim_end_matches('.');
                let rest = channel.function[start.len().min(channel.function.len())..].to_string();
                s.as_str() == whole
                    || (s.ends_with('…')
                        && channel.function.starts_with(start)
                        && rest.starts_with([' ', ',', ';', ':', '.']))
            });
            assert!(
                clean,
                "{}: `{}` shows `{shown:?}` for its function `{}`",
                path.display(),
                channel.name,
                channel.function
            );
            assert_ne!(shown[0].to_lowercase(), channel.name.to_lowercase());
        }
    }
    // The crowded map's chat says only `Chat` (its function repeats its name and kind), and
    // its price comparators' function is their kind (`Autre`): neither is repeated in grey.
    let figure = channel_map_of(&root().join("tests/fixtures/channels-15.yaml"));
    let texts: Vec<String> = Scene::of(&figure).texts.into_iter().map(|t| t.0).collect();
    assert_eq!(texts.iter().filter(|t| t.as_str() == "Chat").count(), 1);
    assert!(
        !texts.iter().any(|t| t == "Autre" || t == "Autre."),
        "{texts:?}"
    );
}

/// The same checks hold for the smallest map and for the matrix drawn past 18 channels.
#[test]
fn small_maps_and_the_matrix_have_no_overlaps() {
    for (name, channels) in [("one-channel", 1), ("two-channels", 2), ("matrix", 60)] {
        let figure = channel_map_of(&sized(name, channels, 3));
        let defects = Scene::of(&figure).defects();
        assert!(defects.is_empty(), "{name}: {defects:#?}");
    }
}

/// A questionnaire whose channels are `channels` (YAML list items), built from the minimal
/// fixture with five roles.
fn with_channels(name: &str, channels: &str) -> std::path::PathBuf {
    let base = std::fs::read_to_string(root().join("tests/fixtures/minimal.yaml")).unwrap();
    let roles = "channel_roles:\n  - { id: a, name: \"Vendre\", colour: red }\n  - { id: b, name: \"Servir\", colour: yellow }\n  - { id: c, name: \"Promouvoir\", colour: green }\n  - { id: d, name: \"Informer\", colour: blue }\n  - { id: e, name: \"Fidéliser\", colour: purple }\nchannels:\n";
    let text = base.replace(
        "channel_roles:\n  - { id: vendre, name: \"Vendre\", colour: red }\nchannels:\n  - { id: tel, name: \"Téléphone\", kind: phone, roles: [vendre], function: \"Prendre les commandes.\" }\n",
        &format!("{roles}{channels}"),
    );
    assert_ne!(text, base, "fixture edit applied");
    let dir = temp_dir(name);
    let path = dir.join("q.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Hostile maps stay legible (as a map, or as the matrix when the arrows cannot all be drawn
/// cleanly): a word longer than a box, emoji, a column of 18 channels, a hub with every
/// redirect, a channel playing every role, 54 redirects among 18 channels.
#[test]
fn hostile_channel_maps_stay_legible() {
    let channel = |id: &str, name: &str, roles: &str, redirects: &[&str]| {
        let mut out = format!(
            "  - id: {id}\n    name: \"{name}\"\n    kind: other\n    roles: [{roles}]\n    function: \"Une fonction assez longue pour devoir être raccourcie proprement.\"\n    automated: [\"x\"]\n    human: [\"y\"]\n"
        );
        if !redirects.is_empty() {
            out.push_str("    redirects:\n");
            for to in redirects {
                out.push_str(&format!("      - {{ to: {to}, via: sound_recognition }}\n"));
            }
        }
        out
    };
    let long_word = "Anticonstitutionnellementextraordinairementinterminable";
    let mut column = String::new();
    for i in 0..18 {
        let next = format!("k{}", (i + 7) % 18);
        column.push_str(&channel(
            &format!("k{i}"),
            &format!("Canal {i} 🚲"),
            "a",
            &[&next],
        ));
    }
    let mut hub = channel(
        "h0",
        long_word,
        "a, b, c, d, e",
        &[
            "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h1", "h2", "h3",
        ],
    );
    for i in 1..10 {
        let role = ["a", "b", "c", "d", "e"][i % 5];
        hub.push_str(&channel(
            &format!("h{i}"),
            &format!("雙語 canal {i}"),
            role,
            &["h0"],
        ));
    }
    // Eighteen channels over five roles, three redirects each: a tangle.
    let mut dense = String::new();
    for i in 0..18usize {
        let to: Vec<String> = [1, 5, 11]
            .iter()
            .map(|d| format!("d{}", (i + d) % 18))
            .collect();
        let to: Vec<&str> = to.iter().map(String::as_str).collect();
        let role = ["a", "b", "c", "d", "e"][i % 5];
        dense.push_str(&channel(&format!("d{i}"), &format!("Canal {i}"), role, &to));
    }
    for (name, channels) in [
        ("hostile-column", column),
        ("hostile-hub", hub),
        ("hostile-dense", dense),
    ] {
        let path = with_channels(name, &channels);
        let figure = channel_map_of(&path);
        let defects = Scene::of(&figure).defects();
        assert!(defects.is_empty(), "{name}: {defects:#?}");
    }
}
