//! Locale-aware formatting: numbers, money, dates, and French typography.

use crate::model::{Date, Language};

/// U+202F, the narrow no-break space of French typography (thousands, before `;:!?`, in « »).
pub const NNBSP: char = '\u{202F}';
/// U+00A0, the no-break space before a currency symbol.
pub const NBSP: char = '\u{A0}';

/// `350 000` in French, `350,000` in English.
pub fn number(n: u64, lang: Language) -> String {
    let digits = n.to_string();
    let separator = match lang {
        Language::Fr => NNBSP,
        Language::En => ',',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// `180 000 €` in French, `€180,000` in English; unknown currencies keep their code.
/// A score or a share with `digits` decimals: `87,5` in French, `87.5` in English, with the
/// thousands grouped as in [`number`].
pub fn decimal(value: f64, digits: usize, lang: Language) -> String {
    let text = format!("{:.*}", digits, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    out.push_str(&number(whole.parse().unwrap_or(0), lang));
    if !fraction.is_empty() {
        out.push(if lang == Language::Fr { ',' } else { '.' });
        out.push_str(fraction);
    }
    out
}

pub fn money(amount: u64, currency: &str, lang: Language) -> String {
    let symbol = match currency.to_ascii_uppercase().as_str() {
        "EUR" => Some("€"),
        "GBP" => Some("£"),
        "USD" => Some("$"),
        _ => None,
    };
    let n = number(amount, lang);
    match (lang, symbol) {
        (Language::Fr, Some(s)) => format!("{n}{NBSP}{s}"),
        (Language::En, Some(s)) => format!("{s}{n}"),
        (_, None) => format!("{n}{NBSP}{currency}"),
    }
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `20 novembre 2026` (`1er` for the first of the month), `20 November 2026`.
pub fn date(d: Date, lang: Language) -> String {
    let month = usize::from(d.month.clamp(1, 12) - 1);
    match lang {
        Language::Fr if d.day == 1 => format!("1er{NBSP}{} {}", MONTHS_FR[month], d.year),
        Language::Fr => format!("{}{NBSP}{} {}", d.day, MONTHS_FR[month], d.year),
        Language::En => format!("{}{NBSP}{} {}", d.day, MONTHS_EN[month], d.year),
    }
}

/// French spacing around high punctuation: a narrow no-break space before `; : ! ?` and `»`
/// and after `«`. A plain space typed before the sign becomes the narrow one; a sign glued to
/// its word gets one when it ends a phrase (followed by a space, the end of the line or
/// Markdown emphasis), so `https://`, `10:30` and `?id=3` are left alone.
pub fn french_typography(text: &str) -> String {
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
    fn formats_numbers_and_money() {
        assert_eq!(number(350_000, Language::Fr), "350\u{202F}000");
        assert_eq!(number(1_234_567, Language::En), "1,234,567");
        assert_eq!(number(999, Language::En), "999");
        assert_eq!(money(180_000, "EUR", Language::Fr), "180\u{202F}000\u{A0}€");
        assert_eq!(money(180_000, "EUR", Language::En), "€180,000");
        assert_eq!(money(5_000, "CHF", Language::En), "5,000\u{A0}CHF");
    }

    #[test]
    fn formats_dates() {
        let d = Date::parse("2026-11-20").unwrap();
        assert_eq!(date(d, Language::Fr), "20\u{A0}novembre 2026");
        assert_eq!(date(d, Language::En), "20\u{A0}November 2026");
        let first = Date::parse("2027-01-01").unwrap();
        assert_eq!(date(first, Language::Fr), "1er\u{A0}janvier 2027");
    }

    #[test]
    fn applies_french_spacing() {
        let n = NNBSP;
        assert_eq!(
            french_typography("Note : oui ; non ! Vrai ?"),
            format!("Note{n}: oui{n}; non{n}! Vrai{n}?")
        );
        assert_eq!(
            french_typography("**Client :** X"),
            format!("**Client{n}:** X")
        );
        assert_eq!(
            french_typography("«oui» et « non »"),
            format!("«{n}oui{n}» et «{n}non{n}»")
        );
        assert_eq!(
            french_typography("https://x.fr 10:30 | :--- | a?id=3"),
            "https://x.fr 10:30 | :--- | a?id=3"
        );
        assert_eq!(
            french_typography("**Client:** X; vrai! non?"),
            format!("**Client{n}:** X{n}; vrai{n}! non{n}?")
        );
    }
}
