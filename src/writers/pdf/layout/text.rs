//! Layout, text: inline runs → words (tokens) → lines. Inlines become words in one font,
//! size and colour, with characters a font lacks taken from the symbol font; words are broken
//! into lines greedily, a word that does not fit being hyphenated by the language's TeX
//! patterns (`hypher`) when that fills the line better, and one wider than the line cut, never
//! lost; a line is emitted as positioned text and link areas, justified when its style asks,
//! within bounds on the word spacing.
//!
//! Every other part of the layout sets its text through these functions, so a change to how
//! text is measured or broken happens here once.

use super::{Item, Layouter, Measure, Rgb, Role, Target, INK, LINK, PT};
use crate::document::{Align, Inline, InlineStyle};
use crate::fonts::{self, Family, FontRef, REPLACEMENT};

/// A run of text in one font, size, colour and link.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Piece {
    pub(super) text: String,
    pub(super) font: FontRef,
    pub(super) size: u8,
    pub(super) colour: Rgb,
    pub(super) link: Option<String>,
    /// Struck through (`~~old~~`), as the changes section shows replaced values.
    pub(super) strike: bool,
}

pub(super) enum Token {
    Word(Vec<Piece>),
    Space,
    Break,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Line {
    pub(super) pieces: Vec<(f64, Piece, f64)>,
    pub(super) width: f64,
    /// The line ends its paragraph or a forced break: it is never justified.
    pub(super) last: bool,
}

/// A justified line's spaces grow to at most this many times their natural width; a line
/// that would need more is left ragged rather than gapped.
const MAX_STRETCH: f64 = 2.5;
/// A word is hyphenated only when the line would otherwise leave more than this share of its
/// width empty.
const HYPHENATE_ROOM: f64 = 0.08;

/// How inline text is set: base font, size, colour.
#[derive(Debug, Clone, Copy)]
pub(super) struct TextStyle {
    pub(super) font: FontRef,
    pub(super) size: u8,
    pub(super) colour: Rgb,
    pub(super) leading: f64,
    /// Full lines reach both margins (running text); headings and cells stay ragged.
    pub(super) justify: bool,
}

impl TextStyle {
    pub(super) fn body() -> TextStyle {
        TextStyle {
            font: FontRef::REGULAR,
            size: 10,
            colour: INK,
            leading: 1.4,
            justify: true,
        }
    }

    pub(super) fn line_height(&self) -> f64 {
        f64::from(self.size) * PT * self.leading
    }
}

impl<M: Measure> Layouter<'_, M> {
    /// Splits inlines into words; characters missing from a font fall back to the symbol
    /// font, and those no font has become a visible replacement mark.
    pub(super) fn tokens(&self, inlines: &[Inline], style: TextStyle) -> Vec<Token> {
        let mut tokens = Vec::new();
        let mut word: Vec<Piece> = Vec::new();
        let flush = |word: &mut Vec<Piece>, tokens: &mut Vec<Token>| {
            if !word.is_empty() {
                tokens.push(Token::Word(std::mem::take(word)));
            }
        };
        for inline in inlines {
            let (text, istyle, link) = match inline {
                Inline::Break => {
                    flush(&mut word, &mut tokens);
                    tokens.push(Token::Break);
                    continue;
                }
                Inline::Text {
                    text,
                    style: s,
                    link,
                } => (text, *s, link),
            };
            let font = self.inline_font(style.font, istyle);
            let colour = match (link, istyle.colour) {
                (Some(_), _) => LINK,
                (None, Some(c)) => c,
                (None, None) => style.colour,
            };
            for c in text.chars() {
                if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
                    flush(&mut word, &mut tokens);
                    if !matches!(tokens.last(), Some(Token::Space) | None) {
                        tokens.push(Token::Space);
                    }
                    continue;
                }
                if fonts::is_invisible(c) {
                    continue;
                }
                let (c, font) = self.glyph_font(c, font);
                match word.last_mut() {
                    Some(p)
                        if p.font == font
                            && p.colour == colour
                            && p.link == *link
                            && p.strike == istyle.strike =>
                    {
                        p.text.push(c)
                    }
                    _ => word.push(Piece {
                        text: c.to_string(),
                        font,
                        size: style.size,
                        colour,
                        link: link.clone(),
                        strike: istyle.strike,
                    }),
                }
            }
        }
        flush(&mut word, &mut tokens);
        tokens
    }

    fn inline_font(&self, base: FontRef, style: InlineStyle) -> FontRef {
        if style.code {
            return FontRef::MONO;
        }
        FontRef {
            family: base.family,
            bold: base.bold || style.bold,
            italic: base.italic || style.italic,
        }
    }

    /// The font that can draw `c`: the requested one, else the symbol face, else the fallback
    /// chain's faces in order, else the replacement mark in the symbol face.
    fn glyph_font(&self, c: char, font: FontRef) -> (char, FontRef) {
        if self.m.has_glyph(font, c) {
            return (c, font);
        }
        let symbol = font.with_family(Family::Symbol);
        std::iter::once(symbol)
            .chain((0..self.m.extra_faces()).map(|n| font.with_family(Family::Extra(n))))
            .find(|f| self.m.has_glyph(*f, c))
            .map_or((REPLACEMENT, symbol), |f| (c, f))
    }

    /// Greedy line breaking. A word wider than the line is cut between characters, so every
    /// character reaches the page.
    pub(super) fn wrap(&self, tokens: &[Token], width: f64) -> Vec<Line> {
        let mut lines = Vec::new();
        let mut line = Line::default();
        let mut space = false;
        for token in tokens {
            match token {
                Token::Space => space = !line.pieces.is_empty(),
                Token::Break => {
                    line.last = true;
                    lines.push(std::mem::take(&mut line));
                    space = false;
                }
                Token::Word(pieces) => {
                    let widths: Vec<f64> = pieces
                        .iter()
                        .map(|p| self.m.width(&p.text, p.font, p.size))
                        .collect();
                    let word_width: f64 = widths.iter().sum();
                    let gap = if space { self.space_width(&line) } else { 0.0 };
                    if !line.pieces.is_empty() && line.width + gap + word_width > width {
                        let room = width - line.width - gap;
                        if room > width * HYPHENATE_ROOM {
                            if let Some((head, rest)) = self.hyphenate(pieces, room) {
                                let head_width = self.m.width(&head.text, head.font, head.size);
                                place(&mut line, &[head], &[head_width], gap);
                                lines.push(std::mem::take(&mut line));
                                let rest_width = self.m.width(&rest.text, rest.font, rest.size);
                                if rest_width > width {
                                    self.cut_word(&[rest], width, &mut line, &mut lines);
                                } else {
                                    place(&mut line, &[rest], &[rest_width], 0.0);
                                }
                                space = false;
                                continue;
                            }
                        }
                        lines.push(std::mem::take(&mut line));
                    }
                    let gap = if line.pieces.is_empty() { 0.0 } else { gap };
                    if word_width > width {
                        self.cut_word(pieces, width, &mut line, &mut lines);
                    } else {
                        place(&mut line, pieces, &widths, gap);
                    }
                    space = false;
                }
            }
        }
        if !line.pieces.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        if let Some(last) = lines.last_mut() {
            last.last = true;
        }
        lines
    }

    /// The word split at its last hyphenation point whose first part, with a hyphen, fits in
    /// `room`: only plain lower-case words of one piece (not names, acronyms, numbers, codes or
    /// links), at least two letters before the break and three after.
    fn hyphenate(&self, pieces: &[Piece], room: f64) -> Option<(Piece, Piece)> {
        let lang = self.hyphenation?;
        let [piece] = pieces else { return None };
        let word = piece.text.as_str();
        let letters = word.trim_end_matches(|c: char| !c.is_alphabetic());
        if piece.link.is_some()
            || letters.chars().count() < 6
            || !letters
                .chars()
                .all(|c| c.is_alphabetic() && !c.is_uppercase() || c == '’')
        {
            return None;
        }
        let mut head = String::new();
        let mut best = None;
        let syllables: Vec<&str> = hypher::hyphenate_bounded(letters, lang, 2, 3).collect();
        for syllable in &syllables[..syllables.len().saturating_sub(1)] {
            head.push_str(syllable);
            let with_hyphen = format!("{head}-");
            if self.m.width(&with_hyphen, piece.font, piece.size) > room {
                break;
            }
            best = Some(head.len());
        }
        let at = best?;
        Some((
            Piece {
                text: format!("{}-", &word[..at]),
                ..piece.clone()
            },
            Piece {
                text: word[at..].to_string(),
                ..piece.clone()
            },
        ))
    }

    fn space_width(&self, line: &Line) -> f64 {
        line.pieces
            .last()
            .map_or(0.0, |(_, p, _)| self.m.width(" ", p.font, p.size))
    }

    /// Places an over-long word character by character, starting new lines as needed.
    fn cut_word(&self, pieces: &[Piece], width: f64, line: &mut Line, lines: &mut Vec<Line>) {
        for piece in pieces {
            let mut chunk = String::new();
            let mut chunk_width = 0.0;
            for c in piece.text.chars() {
                let w = self
                    .m
                    .width(c.encode_utf8(&mut [0; 4]), piece.font, piece.size);
                if line.width + chunk_width + w > width
                    && (chunk_width > 0.0 || !line.pieces.is_empty())
                {
                    // An address or a code breaks where a reader expects it (see `break_point`)
                    // when the line holds such a place.
                    let tail = break_point(&chunk).map_or(String::new(), |at| chunk.split_off(at));
                    if !chunk.is_empty() {
                        let text = std::mem::take(&mut chunk);
                        let text_width = self.m.width(&text, piece.font, piece.size);
                        let p = Piece {
                            text,
                            ..piece.clone()
                        };
                        place(line, &[p], &[text_width], 0.0);
                    }
                    lines.push(std::mem::take(line));
                    chunk_width = self.m.width(&tail, piece.font, piece.size);
                    chunk = tail;
                }
                chunk.push(c);
                chunk_width += w;
            }
            if !chunk.is_empty() {
                let p = Piece {
                    text: chunk,
                    ..piece.clone()
                };
                place(line, &[p], &[chunk_width], 0.0);
            }
        }
    }

    /// Emits one line of text at `y`, with link areas.
    pub(super) fn emit_line(
        &mut self,
        line: &Line,
        x: f64,
        width: f64,
        align: Align,
        line_height: f64,
    ) {
        let offset = match align {
            Align::Left => 0.0,
            Align::Right => (width - line.width).max(0.0),
            Align::Center => ((width - line.width) / 2.0).max(0.0),
        };
        let justified;
        let pieces = if align == Align::Left && self.justify && !line.last {
            justified = self.justified(line, width);
            justified.as_ref().unwrap_or(&line.pieces)
        } else {
            &line.pieces
        };
        for (px, piece, pw) in pieces {
            let x = x + offset + px;
            if piece.strike {
                // Through the middle of the lower-case letters.
                let mid = self.y + line_height / 2.0 + f64::from(piece.size) * PT * 0.05;
                self.push(Item::Line {
                    from: (x, mid),
                    to: (x + pw, mid),
                    colour: piece.colour,
                });
            }
            let outer = piece.link.as_ref().map(|_| self.open(Role::Link));
            if let Some(link) = &piece.link {
                let target = match link.strip_prefix('#') {
                    Some(anchor) => Target::Anchor(anchor.to_string()),
                    None => Target::Uri(link.clone()),
                };
                self.push(Item::Link {
                    x,
                    y: self.y,
                    w: *pw,
                    h: line_height,
                    target,
                });
            }
            self.push(Item::Text {
                x,
                y: self.y + (line_height - f64::from(piece.size) * PT * 1.15) / 2.0,
                text: piece.text.clone(),
                font: piece.font,
                size: piece.size,
                colour: piece.colour,
            });
            if let Some(outer) = outer {
                self.close(outer);
            }
        }
    }
}

impl<M: Measure> Layouter<'_, M> {
    /// The line's words spread to fill `width`: each piece split at its spaces, every space
    /// grown by the same amount. `None` when the line has no space to grow or would need its
    /// spaces more than [`MAX_STRETCH`] times as wide.
    fn justified(&self, line: &Line, width: f64) -> Option<Vec<(f64, Piece, f64)>> {
        let spare = width - line.width;
        if spare <= 0.01 {
            return None;
        }
        // Every word with the natural gap before it.
        let mut words: Vec<(f64, Piece, f64)> = Vec::new();
        let mut end = 0.0;
        for (px, piece, _) in &line.pieces {
            let mut gap = px - end;
            let space = self.m.width(" ", piece.font, piece.size);
            for (i, text) in piece.text.split(' ').enumerate() {
                if i > 0 {
                    gap = space;
                }
                if text.is_empty() {
                    continue;
                }
                let w = self.m.width(text, piece.font, piece.size);
                words.push((
                    gap,
                    Piece {
                        text: text.to_string(),
                        ..piece.clone()
                    },
                    w,
                ));
                gap = 0.0;
            }
            end = px + self.m.width(&piece.text, piece.font, piece.size);
        }
        let gaps: Vec<f64> = words
            .iter()
            .skip(1)
            .map(|(g, _, _)| *g)
            .filter(|g| *g > 0.0)
            .collect();
        let natural: f64 = gaps.iter().sum();
        if gaps.is_empty() || natural <= 0.0 {
            return None;
        }
        let grow = spare / natural;
        if grow + 1.0 > MAX_STRETCH {
            return None;
        }
        let mut x = 0.0;
        let mut out = Vec::with_capacity(words.len());
        for (i, (gap, piece, w)) in words.into_iter().enumerate() {
            if i > 0 {
                x += gap * (1.0 + grow);
            }
            out.push((x, piece, w));
            x += w;
        }
        Some(out)
    }
}

/// Adds a word to a line, merging it into the previous piece when the style is the same so
/// that the PDF holds whole phrases (and text extraction finds them).
fn place(line: &mut Line, pieces: &[Piece], widths: &[f64], gap: f64) {
    let mut gap = gap;
    for (piece, w) in pieces.iter().zip(widths) {
        if let Some((_, last, last_w)) = line.pieces.last_mut() {
            if last.font == piece.font
                && last.size == piece.size
                && last.colour == piece.colour
                && last.link == piece.link
                && last.strike == piece.strike
            {
                if gap > 0.0 {
                    last.text.push(' ');
                }
                last.text.push_str(&piece.text);
                *last_w += gap + w;
                line.width += gap + w;
                gap = 0.0;
                continue;
            }
        }
        line.pieces.push((line.width + gap, piece.clone(), *w));
        line.width += gap + w;
        gap = 0.0;
    }
}

/// A printed page cannot be clicked: an external link whose text is not its address gets the
/// address printed after it.
pub(super) fn with_url_shown(inlines: &[Inline]) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for (i, inline) in inlines.iter().enumerate() {
        out.push(inline.clone());
        let Inline::Text {
            link: Some(url),
            text,
            ..
        } = inline
        else {
            continue;
        };
        let next_same =
            matches!(inlines.get(i + 1), Some(Inline::Text { link: Some(n), .. }) if n == url);
        let external = !url.starts_with('#');
        let shown = url.trim_start_matches("mailto:");
        if external && !next_same && !text.contains(shown) {
            out.push(Inline::Text {
                text: format!(" ({shown})"),
                style: InlineStyle::default(),
                link: Some(url.clone()),
            });
        }
    }
    out
}

/// Where an over-long word (a URL, an e-mail address, a code) is best cut, as the Chicago
/// Manual breaks URLs: after a colon, before `. @ / - _ ? # % ~ = &` (never inside `//`), so
/// that a line never ends in a hyphen a reader would take for hyphenation. Not at either end;
/// None when the word has no such place.
fn break_point(word: &str) -> Option<usize> {
    let mut previous = ' ';
    let mut best = None;
    for (at, c) in word.char_indices() {
        let place = match c {
            '.' | '@' | '/' | '-' | '_' | '?' | '#' | '%' | '~' | '=' | '&'
                if previous != '/' && previous != ':' =>
            {
                Some(at)
            }
            _ if previous == ':' => Some(at),
            _ => None,
        };
        if let Some(at) = place.filter(|at| *at > 0 && *at < word.len()) {
            best = Some(at);
        }
        previous = c;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::break_point;

    #[test]
    fn long_words_break_where_a_reader_expects() {
        assert_eq!(
            break_point("p.durand@maison"),
            Some(8),
            "before the at sign"
        );
        assert_eq!(
            break_point("example.com/crm/"),
            Some(15),
            "before the last slash"
        );
        assert_eq!(
            break_point("https://x"),
            Some(6),
            "after the colon, not inside //"
        );
        assert_eq!(break_point("PLT-GDPR-RIGHTS"), Some(8), "before a hyphen");
        assert_eq!(break_point("ABCDEFGHIJ"), None);
        assert_eq!(break_point(".hidden"), None, "never at the start");
    }
}
