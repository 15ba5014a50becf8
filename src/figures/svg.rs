//! A figure as an SVG document: millimetre units, text in the document's font family at the
//! width the layout measured.

use super::{hex, Anchor, Figure, Shape, Stroke};
use crate::xml::escape;
use std::fmt::Write;

const FONT: &str = "'Liberation Sans', Arial, Helvetica, sans-serif";

pub fn write(figure: &Figure) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}" role="img" aria-label="{label}">"#,
        w = num(figure.width),
        h = num(figure.height),
        label = escape(&figure.caption)
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&figure.caption));
    let _ = writeln!(
        out,
        r##"<rect x="0" y="0" width="{}" height="{}" fill="#FFFFFF"/>"##,
        num(figure.width),
        num(figure.height)
    );
    for shape in &figure.shapes {
        match shape {
            Shape::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                let _ = writeln!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" rx="0.8"{}/>"#,
                    num(*x),
                    num(*y),
                    num(*w),
                    num(*h),
                    paint(*fill, stroke.as_ref())
                );
            }
            Shape::Ellipse {
                cx,
                cy,
                rx,
                ry,
                fill,
                stroke,
            } => {
                let _ = writeln!(
                    out,
                    r#"<ellipse cx="{}" cy="{}" rx="{}" ry="{}"{}/>"#,
                    num(*cx),
                    num(*cy),
                    num(*rx),
                    num(*ry),
                    paint(*fill, stroke.as_ref())
                );
            }
            Shape::Polygon {
                points,
                fill,
                stroke,
            } => {
                let _ = writeln!(
                    out,
                    r#"<polygon points="{}"{}/>"#,
                    points_attr(points),
                    paint(*fill, stroke.as_ref())
                );
            }
            Shape::Polyline { points, stroke } => {
                let _ = writeln!(
                    out,
                    r#"<polyline points="{}" fill="none"{}/>"#,
                    points_attr(points),
                    stroke_attr(stroke)
                );
            }
            Shape::Text {
                x,
                y,
                text,
                size,
                bold,
                italic,
                colour,
                anchor,
            } => {
                let anchor = match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                };
                // The width the layout measured in the embedded fonts, kept whatever font the
                // viewer substitutes (a browser without Liberation Sans or Arial), so text
                // never runs into what was placed beside it.
                let width = crate::fonts::metrics::text_width(text, *size, *bold, *italic);
                let length = if width > 0.0 {
                    format!(
                        r#" textLength="{}" lengthAdjust="spacingAndGlyphs""#,
                        num(width)
                    )
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    r#"<text x="{}" y="{}" font-family="{FONT}" font-size="{}" fill="{}" text-anchor="{anchor}"{length}{}{}>{}</text>"#,
                    num(*x),
                    num(*y),
                    num(size * 0.352_778),
                    hex(*colour),
                    if *bold { r#" font-weight="bold""# } else { "" },
                    if *italic {
                        r#" font-style="italic""#
                    } else {
                        ""
                    },
                    escape(text)
                );
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

fn points_attr(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn stroke_attr(stroke: &Stroke) -> String {
    format!(
        r#" stroke="{}" stroke-width="{}"{}"#,
        hex(stroke.colour),
        num(stroke.width),
        if stroke.dashed {
            r#" stroke-dasharray="1.2 0.9""#
        } else {
            ""
        }
    )
}

fn paint(fill: Option<super::Rgb>, stroke: Option<&Stroke>) -> String {
    let fill = match fill {
        Some(c) => format!(r#" fill="{}""#, hex(c)),
        None => r#" fill="none""#.to_string(),
    };
    fill + &stroke.map(stroke_attr).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_escaped_text_and_shapes() {
        let mut f = Figure::new("t", "A & B".into(), 100.0, 50.0);
        f.text(10.0, 20.0, "<x> & \"y\"", 9.0, (0, 0, 0), Anchor::Middle);
        f.shapes.push(Shape::Rect {
            x: 1.0,
            y: 2.0,
            w: 3.0,
            h: 4.0,
            fill: Some((255, 0, 0)),
            stroke: None,
        });
        let svg = write(&f);
        assert!(svg.contains("&lt;x&gt; &amp; &quot;y&quot;"));
        assert!(svg.contains(r##"fill="#FF0000""##));
        assert!(svg.contains("<title>A &amp; B</title>"));
    }
}
