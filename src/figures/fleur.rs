//! The F.L.E.U.R. flower: the customer as the pistil, five petals around it, each with its
//! actors, and arrows leaving the customer and coming back to the customer.

use super::{lighten, wrap_label, Anchor, Figure, Shape, Stroke};
use crate::lang::words;
use crate::spec::Spec;
use crate::theme::Palette;

const INK: (u8, u8, u8) = Palette::DEFAULT.ink;
const PISTIL: (u8, u8, u8) = Palette::DEFAULT.primary;
const PETAL_COLOURS: [(u8, u8, u8); 5] = [
    (214, 82, 70),
    (46, 126, 171),
    (222, 150, 40),
    (119, 91, 164),
    (52, 150, 90),
];

const WIDTH: f64 = 170.0;
const CX: f64 = 85.0;
const CY: f64 = 72.0;
const PISTIL_R: f64 = 13.0;
const DISTANCE: f64 = 46.0;
const RADIAL: f64 = 22.0;
const TANGENTIAL: f64 = 16.5;

pub fn fleur(spec: &Spec) -> Figure {
    let t = |key: &str| words::text_or_key(key, spec.lang);
    let mut figure = Figure::new("fleur", t("figure_fleur"), WIDTH, 150.0);
    let faded_any = spec.petals.iter().any(|p| p.petal.actors.is_empty());
    for (k, petal) in spec.petals.iter().enumerate() {
        let angle = (-90.0 + 72.0 * k as f64).to_radians();
        let (ux, uy) = (angle.cos(), angle.sin());
        let (px, py) = (CX + DISTANCE * ux, CY + DISTANCE * uy);
        let faded = petal.petal.actors.is_empty();
        let colour = PETAL_COLOURS[k % PETAL_COLOURS.len()];
        let (fill, stroke) = if faded {
            (
                lighten(colour, 0.93),
                Stroke {
                    colour: lighten(colour, 0.5),
                    width: 0.35,
                    dashed: true,
                },
            )
        } else {
            (lighten(colour, 0.78), Stroke::solid(colour, 0.45))
        };
        figure.shapes.push(Shape::Polygon {
            points: rotated_ellipse(px, py, RADIAL, TANGENTIAL, angle),
            fill: Some(fill),
            stroke: Some(stroke),
        });
        // Two arrows in the gap between pistil and petal: out of the customer, back to it.
        let (nx, ny) = (-uy, ux);
        let (inner, outer) = (PISTIL_R + 1.2, DISTANCE - RADIAL - 0.8);
        let at = |r: f64, side: f64| (CX + ux * r + nx * side, CY + uy * r + ny * side);
        let arrow_colour = if faded { lighten(colour, 0.45) } else { colour };
        figure.arrow(
            vec![at(inner, 2.3), at(outer, 2.3)],
            Stroke::solid(arrow_colour, 0.5),
        );
        figure.arrow(
            vec![at(outer, -2.3), at(inner, -2.3)],
            Stroke {
                colour: arrow_colour,
                width: 0.5,
                dashed: true,
            },
        );
        // Label: letter, name, actors.
        let text_colour = if faded { lighten(INK, 0.45) } else { INK };
        let name = words::text(&format!("petal.{}", petal.key), spec.lang).unwrap_or(petal.key);
        // A name with its gloss (`Langage commun (shared language)`) takes two lines.
        let names = wrap_label(name, 30.0, 7.5, true, 2);
        let actors: Vec<String> = wrap_label(&petal.petal.actors.join(", "), 29.0, 6.5, false, 3);
        let lines = 1.0 + names.len() as f64 + actors.len() as f64;
        let mut y = py - (lines * 3.1) / 2.0 + 2.6;
        let label_colour = if faded { lighten(colour, 0.4) } else { colour };
        figure
            .text(
                px,
                y + 1.4,
                petal.letter,
                13.0,
                label_colour,
                Anchor::Middle,
            )
            .bold();
        y += 5.2;
        for (i, line) in names.iter().enumerate() {
            if i > 0 {
                y += 3.2;
            }
            figure
                .text(px, y, line, 7.5, text_colour, Anchor::Middle)
                .bold();
        }
        for line in actors {
            y += 3.0;
            figure.text(px, y, &line, 6.5, text_colour, Anchor::Middle);
        }
    }
    figure.shapes.push(Shape::Ellipse {
        cx: CX,
        cy: CY,
        rx: PISTIL_R,
        ry: PISTIL_R,
        fill: Some(PISTIL),
        stroke: None,
    });
    figure
        .text(
            CX,
            CY + 1.4,
            &t("customer"),
            9.0,
            (255, 255, 255),
            Anchor::Middle,
        )
        .bold();
    // Legend.
    let y = 144.0;
    let mut x = 8.0;
    figure.arrow(
        vec![(x, y - 1.0), (x + 9.0, y - 1.0)],
        Stroke::solid(INK, 0.5),
    );
    figure.text(x + 11.0, y, &t("from_customer"), 7.0, INK, Anchor::Start);
    x += 60.0;
    figure.arrow(
        vec![(x, y - 1.0), (x + 9.0, y - 1.0)],
        Stroke {
            colour: INK,
            width: 0.5,
            dashed: true,
        },
    );
    figure.text(x + 11.0, y, &t("to_customer"), 7.0, INK, Anchor::Start);
    if faded_any {
        x += 58.0;
        figure.shapes.push(Shape::Ellipse {
            cx: x + 4.0,
            cy: y - 1.0,
            rx: 4.0,
            ry: 2.4,
            fill: Some(lighten(INK, 0.93)),
            stroke: Some(Stroke {
                colour: lighten(INK, 0.5),
                width: 0.3,
                dashed: true,
            }),
        });
        figure.text(
            x + 10.0,
            y,
            &t("petal_without_actor"),
            7.0,
            INK,
            Anchor::Start,
        );
    }
    figure
}

/// An ellipse with semi-axes `a` (along `angle`) and `b`, as a polygon.
fn rotated_ellipse(cx: f64, cy: f64, a: f64, b: f64, angle: f64) -> Vec<(f64, f64)> {
    let (sin, cos) = angle.sin_cos();
    (0..72)
        .map(|i| {
            let t = (i as f64) * std::f64::consts::TAU / 72.0;
            let (x, y) = (a * t.cos(), b * t.sin());
            (cx + x * cos - y * sin, cy + x * sin + y * cos)
        })
        .collect()
}
