//! Layout, tables: a table's cells → ruled rows on pages. Column widths follow the content
//! (every column gets its longest word, the rest of the width goes where the text is), the
//! header row is repeated on every page the table runs over, and a row taller than a page is
//! split rather than lost.

use super::text::{with_url_shown, Line, TextStyle, Token};
use super::{
    Item, Layouter, Measure, Rgb, CONTENT_BOTTOM, CONTENT_TOP, HEADER_FILL, INK, PRIMARY, RULE,
    ZEBRA_FILL,
};
use crate::document::{Align, Inline};
use crate::fonts::FontRef;

impl<M: Measure> Layouter<'_, M> {
    pub(super) fn table(
        &mut self,
        aligns: &[Align],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        x: f64,
        width: f64,
    ) {
        let columns = header
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return;
        }
        let size = if columns >= 6 { 8 } else { 9 };
        let body = TextStyle {
            font: FontRef::REGULAR,
            size,
            colour: INK,
            leading: 1.3,
        };
        let head = TextStyle {
            font: FontRef::BOLD,
            colour: PRIMARY,
            ..body
        };
        let pad_x = 1.8;
        let pad_y = 1.3;
        let empty = Vec::new();
        let cell = |row: &'_ [Vec<Inline>], c: usize| -> Vec<Inline> {
            row.get(c).unwrap_or(&empty).clone()
        };
        let head_tokens: Vec<Vec<Token>> = (0..columns)
            .map(|c| self.tokens(&cell(header, c), head))
            .collect();
        let row_tokens: Vec<Vec<Vec<Token>>> = rows
            .iter()
            .map(|r| {
                (0..columns)
                    .map(|c| self.tokens(&with_url_shown(&cell(r, c)), body))
                    .collect()
            })
            .collect();
        let widths = self.column_widths(&head_tokens, &row_tokens, width, pad_x);
        let wrap_row = |this: &Self, cells: &[Vec<Token>]| -> Vec<Vec<Line>> {
            cells
                .iter()
                .zip(&widths)
                .map(|(tokens, w)| this.wrap(tokens, w - 2.0 * pad_x))
                .collect()
        };
        let head_lines = wrap_row(self, &head_tokens);
        let head_height = row_height(&head_lines, head.line_height(), pad_y);
        let align = |c: usize| aligns.get(c).copied().unwrap_or(Align::Left);
        let first_row_height = row_tokens.first().map_or(0.0, |r| {
            row_height(&wrap_row(self, r), body.line_height(), pad_y)
        });
        self.ensure(head_height + first_row_height.min(40.0));
        self.y += 1.0;
        let draw_head = |this: &mut Self| {
            this.row(
                &head_lines,
                &widths,
                x,
                head,
                pad_x,
                pad_y,
                head_height,
                Some(HEADER_FILL),
                &|c| {
                    if align(c) == Align::Right {
                        Align::Right
                    } else {
                        Align::Left
                    }
                },
            );
        };
        draw_head(self);
        for (r, cells) in row_tokens.iter().enumerate() {
            let mut lines = wrap_row(self, cells);
            let fill = if r % 2 == 1 { Some(ZEBRA_FILL) } else { None };
            loop {
                let height = row_height(&lines, body.line_height(), pad_y);
                if self.y + height <= CONTENT_BOTTOM {
                    self.row(&lines, &widths, x, body, pad_x, pad_y, height, fill, &align);
                    break;
                }
                let room = CONTENT_BOTTOM - self.y - 2.0 * pad_y;
                let fit = (room / body.line_height()).floor().max(0.0) as usize;
                let full_page = CONTENT_BOTTOM - CONTENT_TOP - head_height;
                if height <= full_page || fit < 2 {
                    self.new_page();
                    draw_head(self);
                    if height <= full_page {
                        continue;
                    }
                }
                // A row taller than a page: print what fits, carry the rest over.
                let room = CONTENT_BOTTOM - self.y - 2.0 * pad_y;
                let fit = ((room / body.line_height()).floor().max(1.0)) as usize;
                let rest: Vec<Vec<Line>> = lines
                    .iter_mut()
                    .map(|cell| {
                        if cell.len() > fit {
                            cell.split_off(fit)
                        } else {
                            Vec::new()
                        }
                    })
                    .collect();
                let height = row_height(&lines, body.line_height(), pad_y);
                self.row(&lines, &widths, x, body, pad_x, pad_y, height, fill, &align);
                lines = rest;
                self.new_page();
                draw_head(self);
            }
        }
        self.y += 4.0;
    }

    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        cells: &[Vec<Line>],
        widths: &[f64],
        x: f64,
        style: TextStyle,
        pad_x: f64,
        pad_y: f64,
        height: f64,
        fill: Option<Rgb>,
        align: &dyn Fn(usize) -> Align,
    ) {
        let total: f64 = widths.iter().sum();
        let top = self.y;
        if let Some(fill) = fill {
            self.push(Item::Rect {
                x,
                y: top,
                w: total,
                h: height,
                fill,
            });
        }
        let mut cx = x;
        for (c, (lines, w)) in cells.iter().zip(widths).enumerate() {
            self.y = top + pad_y;
            for line in lines {
                self.emit_line(
                    line,
                    cx + pad_x,
                    w - 2.0 * pad_x,
                    align(c),
                    style.line_height(),
                );
                self.y += style.line_height();
            }
            cx += w;
        }
        self.y = top + height;
        let colour = RULE;
        self.push(Item::Line {
            from: (x, top),
            to: (x + total, top),
            colour,
        });
        self.push(Item::Line {
            from: (x, top + height),
            to: (x + total, top + height),
            colour,
        });
        let mut cx = x;
        for w in std::iter::once(&0.0).chain(widths.iter()) {
            cx += w;
            self.push(Item::Line {
                from: (cx, top),
                to: (cx, top + height),
                colour,
            });
        }
    }

    /// Column widths that fit their content: every column gets at least its longest word
    /// (within reason), the rest of the width goes to the columns with the most text.
    fn column_widths(
        &self,
        head: &[Vec<Token>],
        rows: &[Vec<Vec<Token>>],
        width: f64,
        pad_x: f64,
    ) -> Vec<f64> {
        let columns = head.len();
        let mut min = vec![0.0f64; columns];
        let mut max = vec![0.0f64; columns];
        for cells in std::iter::once(head).chain(rows.iter().map(Vec::as_slice)) {
            for (c, tokens) in cells.iter().enumerate() {
                let (longest_word, longest_line) = self.natural_widths(tokens);
                min[c] = min[c].max(longest_word.min(38.0) + 2.0 * pad_x);
                max[c] = max[c].max(longest_line + 2.0 * pad_x);
            }
        }
        let min_total: f64 = min.iter().sum();
        let max_total: f64 = max.iter().sum();
        if max_total <= width {
            // Everything fits on one line: share the spare room in proportion to content.
            let spare = width - max_total;
            return max.iter().map(|m| m + spare * m / max_total).collect();
        }
        if min_total >= width {
            return min.iter().map(|m| m * width / min_total).collect();
        }
        let spare = width - min_total;
        let extra: Vec<f64> = max
            .iter()
            .zip(&min)
            .map(|(a, b)| (a - b).max(0.0))
            .collect();
        let extra_total: f64 = extra.iter().sum::<f64>().max(f64::EPSILON);
        min.iter()
            .zip(&extra)
            .map(|(m, e)| m + spare * e / extra_total)
            .collect()
    }

    /// (widest word, widest unbroken line) of a cell.
    fn natural_widths(&self, tokens: &[Token]) -> (f64, f64) {
        let (mut word_max, mut line_max, mut line) = (0.0f64, 0.0f64, 0.0f64);
        let mut space = 0.0;
        for token in tokens {
            match token {
                Token::Word(pieces) => {
                    let w: f64 = pieces
                        .iter()
                        .map(|p| self.m.width(&p.text, p.font, p.size))
                        .sum();
                    word_max = word_max.max(w);
                    line += space + w;
                    space = 0.0;
                    if let Some(p) = pieces.last() {
                        space = self.m.width(" ", p.font, p.size);
                    }
                }
                Token::Space => {}
                Token::Break => {
                    line_max = line_max.max(line);
                    line = 0.0;
                    space = 0.0;
                }
            }
        }
        (word_max, line_max.max(line))
    }
}

fn row_height(cells: &[Vec<Line>], line_height: f64, pad_y: f64) -> f64 {
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    lines as f64 * line_height + 2.0 * pad_y
}
