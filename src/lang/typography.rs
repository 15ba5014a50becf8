//! Typography: the spacing rules a language applies to a whole document.
//!
//! Takes the rendered text of a document and its [`Language`]; gives the text with the
//! language's rule applied. Which rule a language follows is the `typography` entry of its
//! locale file, so a language sharing French conventions names `"french"` and adds no code.

use super::Language;
use serde::Deserialize;

/// U+202F, the narrow no-break space of French typography (thousands, before `;:!?`, in « »).
const NNBSP: char = '\u{202F}';
/// U+00A0, the no-break space, which French typography counts as a space already there.
const NBSP: char = '\u{A0}';

/// A spacing rule, as a locale file names it.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Rule {
    /// Narrow no-break spaces around high punctuation: [`french`].
    French,
    /// The text as written.
    None,
}

/// The text with its language's rules applied: signs every language sets the same way
/// (typographic apostrophes, the ellipsis), numbers kept with their units and the percent
/// sign spaced as the language spaces it, then the language's spacing rule.
pub fn apply(text: String, lang: Language) -> String {
    let identity = &lang.locale().language;
    let text = numbers(
        &signs(&text),
        &identity.units,
        &identity.percent,
        matches!(identity.typography, Rule::French),
    );
    match identity.typography {
        Rule::French => french(&text),
        Rule::None => text,
    }
}

/// A straight apostrophe after a letter becomes the typographic one: inside a word
/// (`l'offre` → `l’offre`) and at its end (`30 days' notice`), which are the same sign; a
/// straight single quote opening a word before it on the line is then the opening quote
/// (`'quoted'` → `‘quoted’`). Three full stops become an ellipsis. So what the user typed
/// matches the templates' own text on the page.
pub fn signs(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    // Where in `out` a straight quote opened a word, not yet closed on this line.
    let mut opening: Option<usize> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let ends_word =
            next.is_none_or(|n| n.is_alphabetic() || n.is_whitespace() || ",.;:!?)".contains(n));
        if c == '\'' && prev.is_some_and(char::is_alphabetic) && ends_word {
            if let Some(open) = opening
                .take()
                .filter(|_| !next.is_some_and(char::is_alphabetic))
            {
                out[open] = '‘';
            }
            out.push('’');
        } else if c == '\''
            && prev.is_none_or(|p| p.is_whitespace() || "([«\"".contains(p))
            && next.is_some_and(char::is_alphabetic)
        {
            opening = Some(out.len());
            out.push(c);
        } else if c == '.'
            && next == Some('.')
            && chars.get(i + 2) == Some(&'.')
            && chars.get(i + 3) != Some(&'.')
            && prev != Some('.')
        {
            out.push('…');
            i += 2;
        } else {
            if c == '\n' {
                opening = None;
            }
            out.push(c);
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// Keeps a number on the line of what follows it: a no-break space before a unit of
/// `units` (`15 minutes`, `24 h/24`), the language's `percent` spacing before `%` (`99,5 %`,
/// `45%`), and with `group_thousands` a narrow no-break space between digit groups
/// (`40 000`). Only plain spaces typed after a digit are changed, so identifiers, dates and
/// times (`CLI-01`, `10:30`) are left alone.
pub fn numbers(text: &str, units: &[String], percent: &str, group_thousands: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let after_digit = i > 0 && chars[i - 1].is_ascii_digit();
        if !after_digit || !(c == ' ' || c == '%') {
            out.push(c);
            i += 1;
            continue;
        }
        if c == '%' {
            out.push_str(percent);
            i += 1;
            continue;
        }
        let next = chars.get(i + 1).copied();
        if next == Some('%') {
            out.push_str(percent);
            i += 2;
            continue;
        }
        if group_thousands && is_thousands_group(&chars, i) {
            out.push(NNBSP);
            i += 1;
            continue;
        }
        let word: String = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_alphabetic() || matches!(c, '€' | '$' | '£'))
            .collect();
        if !word.is_empty() && units.contains(&word) {
            out.push(NBSP);
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// Whether the space at `at` separates groups of a number: one to three digits before it
/// (not part of a longer number, a decimal or an identifier), exactly three after it.
fn is_thousands_group(chars: &[char], at: usize) -> bool {
    let before = chars[..at]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let start = at - before;
    let lead_ok = start == 0
        || matches!(
            chars[start - 1],
            ' ' | NBSP | NNBSP | '(' | '|' | '*' | '\n'
        ) && (chars[start - 1] != NNBSP || before == 3);
    let after = chars[at + 1..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let end_ok = chars
        .get(at + 1 + after)
        .is_none_or(|c| !c.is_alphanumeric() && !matches!(c, '-' | '/' | ':' | '.' | ','))
        || chars.get(at + 1 + after) == Some(&' ')
        || matches!(chars.get(at + 1 + after), Some(',' | '.') if chars.get(at + 2 + after).is_none_or(|c| !c.is_ascii_digit()));
    (1..=3).contains(&before) && after == 3 && lead_ok && end_ok
}

/// French spacing around high punctuation: a narrow no-break space before `; : ! ?` and `»`
/// and after `«`. A plain space typed before the sign becomes the narrow one; a sign glued to
/// its word gets one when it ends a phrase (followed by a space, the end of the line or
/// Markdown emphasis), so `https://`, `10:30` and `?id=3` are left alone.
pub fn french(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    let is_space = |c: char| c == ' ' || c == NBSP || c == NNBSP;
    let ends_phrase = |after: Option<char>| {
        after.is_none_or(|a| a.is_whitespace() || matches!(a, '*' | '_' | ')' | '|' | '<'))
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let prev = i.checked_sub(1).map(|p| chars[p]);
        if is_space(c) {
            if let Some(p @ (';' | ':' | '!' | '?' | '»')) = next {
                let prev_is_text = prev.is_some_and(|p| !p.is_whitespace() && p != '|');
                if prev_is_text && (p == '»' || ends_phrase(chars.get(i + 2).copied())) {
                    out.push(NNBSP);
                    out.push(p);
                    i += 2;
                    continue;
                }
            }
            out.push(c);
        } else if matches!(c, ';' | ':' | '!' | '?')
            && prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, ')' | '»' | '%' | '€'))
            && ends_phrase(next)
            && !(c == ':' && next.is_none())
        {
            out.push(NNBSP);
            out.push(c);
        } else if c == '«' {
            out.push('«');
            out.push(NNBSP);
            if next.is_some_and(is_space) {
                i += 1;
            }
        } else if c == '»' && prev.is_some_and(|p| !is_space(p)) {
            out.push(NNBSP);
            out.push('»');
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_french_spacing() {
        let n = NNBSP;
        assert_eq!(
            french("Note : oui ; non ! Vrai ?"),
            format!("Note{n}: oui{n}; non{n}! Vrai{n}?")
        );
        assert_eq!(french("**Client :** X"), format!("**Client{n}:** X"));
        assert_eq!(
            french("«oui» et « non »"),
            format!("«{n}oui{n}» et «{n}non{n}»")
        );
        assert_eq!(
            french("https://x.fr 10:30 | :--- | a?id=3"),
            "https://x.fr 10:30 | :--- | a?id=3"
        );
        assert_eq!(
            french("**Client:** X; vrai! non?"),
            format!("**Client{n}:** X{n}; vrai{n}! non{n}?")
        );
    }

    #[test]
    fn keeps_numbers_with_their_units_and_groups() {
        let fr = |t: &str| apply(t.into(), Language::Fr);
        let (n, b) = (NNBSP, NBSP);
        assert_eq!(fr("24 h/24"), format!("24{b}h/24"));
        assert_eq!(fr("en 15 minutes."), format!("en 15{b}minutes."));
        assert_eq!(fr("40 000 clients"), format!("40{n}000 clients"));
        assert_eq!(fr("1 200 000 €"), format!("1{n}200{n}000{b}€"));
        assert_eq!(fr("99,5 % et 45%"), format!("99,5{n}% et 45{n}%"));
        assert_eq!(
            fr("CLI-01 et 2026 100 clients"),
            "CLI-01 et 2026 100 clients"
        );
        assert_eq!(fr("le 12 mars à 10:30"), "le 12 mars à 10:30");
        let en = |t: &str| apply(t.into(), Language::En);
        assert_eq!(
            en("45 % of 12 000 people in 3 days"),
            format!("45% of 12 000 people in 3{b}days")
        );
    }

    #[test]
    fn sets_apostrophes_and_ellipses() {
        assert_eq!(signs("l'offre d'achat..."), "l’offre d’achat…");
        assert_eq!(signs("'quoted' and ...."), "‘quoted’ and ....");
        assert_eq!(
            signs("30 days' notice, the client's"),
            "30 days’ notice, the client’s"
        );
        assert_eq!(signs("'tis, 'n' x"), "'tis, ‘n’ x");
        assert_eq!(apply("It's done".into(), Language::En), "It’s done");
    }

    #[test]
    fn each_language_has_its_rule() {
        assert_eq!(
            apply("Note : oui".into(), Language::Fr),
            "Note\u{202F}: oui"
        );
        assert_eq!(apply("Note : oui".into(), Language::En), "Note : oui");
    }
}
