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

/// The text with its language's spacing rule applied.
pub fn apply(text: String, lang: Language) -> String {
    match lang.locale().language.typography {
        Rule::French => french(&text),
        Rule::None => text,
    }
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
    fn each_language_has_its_rule() {
        assert_eq!(
            apply("Note : oui".into(), Language::Fr),
            "Note\u{202F}: oui"
        );
        assert_eq!(apply("Note : oui".into(), Language::En), "Note : oui");
    }
}
