//! Layout, tables: a table's cells → ruled rows on pages. Column widths follow the content
//! (every column gets its longest word, the rest of the width goes where the text is), the
//! header row is repeated on every page the table runs over, and a row taller than a page is
//! split rather than lost.

use super::text::{with_url_shown, Line, TextStyle, Token};
use super::{
    Item, Layouter, Measure, Rgb, Role, CONTENT_BOTTOM, CONTENT_TOP, HEADER_FILL, INK, PRIMARY,
    RULE, ZEBRA_FILL,
};
use crate::document::{Align, Inline};
use crate::fonts::FontRef;

/// Tables of at most this many body rows are never split: they move whole to the next page.
const UNSPLIT_ROWS: usize = 8;
/// A split leaves at least this many body rows on each side, so that no fragment is a lone
/// row (and a total row keeps the row before it).
const MIN_FRAGMENT_ROWS: usize = 2;
const PAD_X: f64 = 1.8;
const PAD_Y: f64 = 1.3;

/// A table's cells wrapped to their columns, with the height of every row: what the break
/// rules decide on, and what keep-with-next asks of a table that follows a heading.
pub(super) struct TableGeometry {
    body: TextStyle,
    head: TextStyle,
    widths: Vec<f64>,
    head_lines: Vec<Vec<Line>>,
    head_height: f64,
    rows: Vec<Vec<Vec<Line>>>,
    heights: Vec<f64>,
}

impl TableGeometry {
    /// The height the table needs on the page where it starts: all of it when it is not to
    /// be split, else its header and first rows.
    pub(super) fn lead_height(&self) -> f64 {
        let rows = if self.unsplit() {
            self.heights.len()
        } else {
            MIN_FRAGMENT_ROWS
        };
        1.0 + self.head_height + self.heights.iter().take(rows).sum::<f64>()
    }

    /// Short tables fit a page and stay whole on one.
    pub(super) fn unsplit(&self) -> bool {
        let total = self.head_height + self.heights.iter().sum::<f64>();
        self.heights.len() <= UNSPLIT_ROWS && total <= CONTENT_BOTTOM - CONTENT_TOP - 2.0
    }
}

impl<M: Measure> Layouter<'_, M> {
    pub(super) fn measure_table(
        &self,
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        width: f64,
    ) -> Option<TableGeometry> {
        let columns = header
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return None;
        }
        let size = if columns >= 6 { 8 } else { 9 };
        let body = TextStyle {
            font: FontRef::REGULAR,
            size,
            colour: INK,
            leading: 1.3,
            justify: false,
        };
        let head = TextStyle {
            font: FontRef::BOLD,
            colour: PRIMARY,
            ..body
        };
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
        let widths = self.column_widths(&head_tokens, &row_tokens, width, PAD_X);
        let wrap_row = |cells: &[Vec<Token>]| -> Vec<Vec<Line>> {
            cells
                .iter()
                .zip(&widths)
                .map(|(tokens, w)| self.wrap(tokens, w - 2.0 * PAD_X))
                .collect()
        };
        let head_lines = wrap_row(&head_tokens);
        let head_height = row_height(&head_lines, head.line_height(), PAD_Y);
        let rows: Vec<Vec<Vec<Line>>> = row_tokens.iter().map(|r| wrap_row(r)).collect();
        let heights = rows
            .iter()
            .map(|r| row_height(r, body.line_height(), PAD_Y))
            .collect();
        Some(TableGeometry {
            body,
            head,
            widths,
            head_lines,
            head_height,
            rows,
            heights,
        })
    }

    /// Lays the table out under the break rules: a short table is never split; a split
    /// leaves at least two body rows on each side and repeats the header; a row taller than a
    /// page is split rather than lost.
    pub(super) fn table(
        &mut self,
        aligns: &[Align],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        x: f64,
        width: f64,
    ) {
        let Some(geometry) = self.measure_table(header, rows, width) else {
            return;
        };
        let TableGeometry {
            body,
            head,
            widths,
            head_lines,
            head_height,
            rows,
            heights,
        } = &geometry;
        let (pad_x, pad_y) = (PAD_X, PAD_Y);
        let align = |c: usize| aligns.get(c).copied().unwrap_or(Align::Left);
        self.ensure(geometry.lead_height());
        self.y += 1.0;
        // The header's cells: column headers, read once; its repeats on later pages are
        // artifacts.
        let columns = widths.len();
        let table = self.node;
        let thead = self.open(Role::THead);
        self.open(Role::TR);
        let head_cells: Vec<Option<usize>> = (0..columns)
            .map(|_| {
                let row = self.open(Role::TH);
                let cell = self.node;
                self.close(row);
                cell
            })
            .collect();
        self.close(thead);
        let mut first_head = true;
        let mut draw_head = |this: &mut Self| {
            let cells = if first_head {
                head_cells.clone()
            } else {
                vec![None; columns]
            };
            first_head = false;
            this.row(
                &cells,
                head_lines,
                widths,
                x,
                *head,
                pad_x,
                pad_y,
                *head_height,
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
        let full_page = CONTENT_BOTTOM - CONTENT_TOP - head_height;
        let count = rows.len();
        // Body rows drawn on the current page.
        let mut on_page = 0;
        let tbody = self.open(Role::TBody);
        for (r, cells) in rows.iter().enumerate() {
            let mut lines = cells.clone();
            let row = self.open(Role::TR);
            let body_cells: Vec<Option<usize>> = (0..columns)
                .map(|_| {
                    let tr = self.open(Role::TD);
                    let cell = self.node;
                    self.close(tr);
                    cell
                })
                .collect();
            self.close(row);
            let fill = if r % 2 == 1 { Some(ZEBRA_FILL) } else { None };
            // The last rows travel together: break before them rather than leave one alone.
            let tail: f64 = heights[r..].iter().sum();
            if count - r == MIN_FRAGMENT_ROWS
                && on_page >= MIN_FRAGMENT_ROWS
                && self.y + tail > CONTENT_BOTTOM
                && tail <= full_page
            {
                self.new_page();
                draw_head(self);
                on_page = 0;
            }
            loop {
                let height = row_height(&lines, body.line_height(), pad_y);
                if self.y + height <= CONTENT_BOTTOM {
                    self.row(
                        &body_cells,
                        &lines,
                        widths,
                        x,
                        *body,
                        pad_x,
                        pad_y,
                        height,
                        fill,
                        &align,
                    );
                    on_page += 1;
                    break;
                }
                let room = CONTENT_BOTTOM - self.y - 2.0 * pad_y;
                let fit = (room / body.line_height()).floor().max(0.0) as usize;
                if height <= full_page || fit < 2 {
                    self.new_page();
                    draw_head(self);
                    on_page = 0;
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
                self.row(
                    &body_cells,
                    &lines,
                    widths,
                    x,
                    *body,
                    pad_x,
                    pad_y,
                    height,
                    fill,
                    &align,
                );
                lines = rest;
                self.new_page();
                draw_head(self);
                on_page = 0;
            }
        }
        self.close(tbody);
        self.node = table;
        self.y += 4.0;
    }

    /// One row's cells, each cell's text belonging to the structure node in `owners`.
    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        owners: &[Option<usize>],
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
        let outer = self.node;
        for (c, (lines, w)) in cells.iter().zip(widths).enumerate() {
            self.y = top + pad_y;
            self.node = owners.get(c).copied().flatten();
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
        self.node = outer;
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
                min[c] = min[c].max(longest_word.min(60.0) + 2.0 * pad_x);
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

#[cfg(test)]
mod tests {
    use super::super::{layout, Item, Measure};
    use crate::document::{parse, Assets};
    use crate::fonts::FontRef;

    /// Every character as wide as a fifth of the type size: enough to wrap and paginate.
    struct Even;

    impl Measure for Even {
        fn width(&self, text: &str, _: FontRef, size: u8) -> f64 {
            text.chars().count() as f64 * f64::from(size) * 0.2
        }
        fn has_glyph(&self, _: FontRef, _: char) -> bool {
            true
        }
    }

    /// A page-filling run of `lines` one-line paragraphs, then a table of `rows` rows whose
    /// first cells are `r1`, `r2`…; gives the number of table body rows on each page.
    fn rows_per_page(filler: usize, rows: usize) -> Vec<usize> {
        let mut md = String::new();
        for i in 0..filler {
            md.push_str(&format!("Ligne {i}.\n\n"));
        }
        md.push_str("| Id | Texte |\n|---|---|\n");
        for r in 1..=rows {
            md.push_str(&format!("| r{r} | texte |\n"));
        }
        let out = layout(&parse(&md), &Even, &Assets::default(), "fr-FR");
        out.pages
            .iter()
            .map(|p| {
                p.items
                    .iter()
                    .filter(|i| matches!(i, Item::Text { text, .. } if text.starts_with('r') && text[1..].parse::<usize>().is_ok()))
                    .count()
            })
            .filter(|n| *n > 0)
            .collect()
    }

    #[test]
    fn a_split_leaves_two_rows_on_each_side() {
        // Whatever is above it, no page holds a single row of a long table.
        for filler in 0..40 {
            let pages = rows_per_page(filler, 30);
            assert_eq!(pages.iter().sum::<usize>(), 30);
            assert!(
                pages.iter().all(|n| *n >= 2),
                "{filler} lines before: {pages:?}"
            );
        }
    }

    #[test]
    fn a_short_table_is_never_split() {
        for filler in 0..40 {
            let pages = rows_per_page(filler, 8);
            assert_eq!(pages, vec![8], "{filler} lines before");
        }
    }
}
