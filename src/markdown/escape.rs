//! Markdown escaping of user text: whatever a user types shows as typed.
//!
//! Tera's autoescape is HTML-only; this function replaces it for `.md.tera` templates, so every
//! `{{ value }}` is escaped unless a template marks it `safe`. Escaping is minimal where
//! possible so the Markdown file stays pleasant to read raw.

use std::io::{self, Write};

/// The escape function handed to Tera.
pub fn escape_markdown(input: &str, output: &mut dyn Write) -> io::Result<()> {
    output.write_all(escape(input).as_bytes())
}

/// Escapes one piece of user text for any Markdown context but a table cell (see `cell`).
pub fn escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    for (n, line) in input.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        escape_line(
            line.trim_matches(|c| c == ' ' || c == '\t' || c == '\r'),
            &mut out,
        );
    }
    out
}

/// Escapes a value that must stay on one line, as inside a table cell: line breaks become
/// `<br>`, which GitHub and crmspec's PDF both show as a break inside the cell.
pub fn cell(input: &str) -> String {
    input
        .trim()
        .split('\n')
        .map(|line| escape(line.trim()))
        .collect::<Vec<_>>()
        .join("<br>")
}

fn escape_line(line: &str, out: &mut String) {
    let chars: Vec<char> = line.chars().collect();
    // Block-level syntax only matters at the start of a line, and most of it only when a
    // space (or the end of the line) follows the marker.
    let mut start = 0;
    let spaced = |at: usize| chars.get(at).is_none_or(|c| *c == ' ' || *c == '\t');
    let hashes = chars.iter().take_while(|c| **c == '#').count();
    let rule =
        chars.len() >= 2 && chars.iter().all(|c| *c == chars[0]) && matches!(chars[0], '-' | '=');
    match chars.first() {
        Some('#') if spaced(hashes) => out.push('\\'),
        Some('-' | '+') if spaced(1) || rule => out.push('\\'),
        Some('=') if rule => out.push('\\'),
        Some(c) if c.is_ascii_digit() => {
            let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
            if matches!(chars.get(digits), Some('.' | ')')) && spaced(digits + 1) {
                out.extend(&chars[..digits]);
                out.push('\\');
                start = digits;
            }
        }
        _ => {}
    }
    for i in start..chars.len() {
        let c = chars[i];
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // An entity such as `&amp;` would be decoded; a lone `&` is fine as is.
            '&' if looks_like_entity(&chars[i + 1..]) => {
                out.push_str("\\&");
            }
            // `!` right before a `[` would start an image; `[` is escaped anyway, keep `!`.
            _ => out.push(c),
        }
    }
}

/// `amp;`, `#38;`, `#x26;`: what follows a `&` in a character reference.
fn looks_like_entity(rest: &[char]) -> bool {
    let name = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    name > 0 && rest.get(name) == Some(&';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_inline_syntax() {
        assert_eq!(
            escape("a*b*_c_ `x` <b> | [l](u)"),
            r"a\*b\*\_c\_ \`x\` \<b\> \| \[l\](u)"
        );
        assert_eq!(escape("M&A &amp; {{ x }}"), r"M&A \&amp; {{ x }}");
    }

    #[test]
    fn escapes_block_starts() {
        assert_eq!(escape("# title"), r"\# title");
        assert_eq!(escape("- item\n12. x\n    code"), "\\- item\n12\\. x\ncode");
        assert_eq!(escape("> quote"), r"\> quote");
        assert_eq!(escape("2026 was"), "2026 was");
        assert_eq!(escape("1.2 +30 % -20 % #1"), "1.2 +30 % -20 % #1");
        assert_eq!(escape("---"), r"\---");
    }

    #[test]
    fn keeps_cells_on_one_line() {
        assert_eq!(cell("a | b\nc"), r"a \| b<br>c");
    }
}
