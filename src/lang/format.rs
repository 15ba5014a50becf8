//! Numbers, amounts and dates as each language writes them.
//!
//! Takes plain values (a count, an amount and its currency code, a year, month and day) and a
//! [`Language`]; gives the text the documents print. What differs between languages — the
//! thousands separator, the decimal mark, the money and date patterns, the month names, the
//! CSV separator — is the `[format]` table of the locale file, so no function here knows a
//! language by name.

use super::{fill, Language};
use serde::Deserialize;

/// A locale file's `[format]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Conventions {
    thousands_separator: String,
    decimal_mark: String,
    /// `{amount}` and `{symbol}`, for a currency with a symbol.
    money_symbol: String,
    /// `{amount}` and `{code}`, for any other currency.
    money_code: String,
    /// `{day}`, `{month}` and `{year}`.
    date: String,
    /// `{hours}` and `{minutes}`: an hour of the day on a 24-hour clock.
    clock: String,
    /// The first of the month, as dates write it (`1er` in French, `1` in English).
    first_day: String,
    months: [String; 12],
    short_months: [String; 12],
    csv_separator: char,
}

fn conventions(lang: Language) -> &'static Conventions {
    &lang.locale().format
}

/// `350 000` in French, `350,000` in English.
pub fn number(n: u64, lang: Language) -> String {
    let digits = n.to_string();
    let separator = &conventions(lang).thousands_separator;
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

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
        out.push_str(&conventions(lang).decimal_mark);
        out.push_str(fraction);
    }
    out
}

/// `12 h 00` in French, `12:00` in English.
pub fn clock(hours: u32, minutes: u32, lang: Language) -> String {
    fill(
        &conventions(lang).clock,
        &[
            ("hours", &hours.to_string()),
            ("minutes", &format!("{minutes:02}")),
        ],
    )
}

/// `45 %` in French, `45%` in English: the number, then the percent sign as the language
/// spaces it.
pub fn percent(number: &str, lang: Language) -> String {
    format!("{number}{}", lang.locale().language.percent)
}

/// `180 000 €` in French, `€180,000` in English; unknown currencies keep their code.
pub fn money(amount: u64, currency: &str, lang: Language) -> String {
    // Which currencies have a symbol is not a matter of language.
    let symbol = match currency.to_ascii_uppercase().as_str() {
        "EUR" => Some("€"),
        "GBP" => Some("£"),
        "USD" => Some("$"),
        _ => None,
    };
    let amount = number(amount, lang);
    let conventions = conventions(lang);
    match symbol {
        Some(symbol) => fill(
            &conventions.money_symbol,
            &[("amount", amount.as_str()), ("symbol", symbol)],
        ),
        None => fill(
            &conventions.money_code,
            &[("amount", amount.as_str()), ("code", currency)],
        ),
    }
}

/// `20 novembre 2026` (`1er` for the first of the month), `20 November 2026`.
pub fn date(year: i32, month: u8, day: u8, lang: Language) -> String {
    let conventions = conventions(lang);
    let day = if day == 1 {
        conventions.first_day.clone()
    } else {
        day.to_string()
    };
    fill(
        &conventions.date,
        &[
            ("day", day.as_str()),
            ("month", conventions.months[month_index(month)].as_str()),
            ("year", year.to_string().as_str()),
        ],
    )
}

/// The month's short name, for a chart's axis: `janv.`, `Jan`.
pub fn short_month(month: u8, lang: Language) -> &'static str {
    &conventions(lang).short_months[month_index(month)]
}

/// The byte between the fields of a CSV file the language's spreadsheets read: `;` where the
/// comma is the decimal mark, `,` elsewhere.
pub fn csv_separator(lang: Language) -> u8 {
    // A locale's separator is ASCII (tested); the comma is the CSV default otherwise.
    u8::try_from(conventions(lang).csv_separator).unwrap_or(b',')
}

fn month_index(month: u8) -> usize {
    usize::from(month.clamp(1, 12) - 1)
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
    fn formats_decimals() {
        assert_eq!(decimal(87.5, 1, Language::Fr), "87,5");
        assert_eq!(decimal(1234.25, 2, Language::En), "1,234.25");
        assert_eq!(decimal(-0.01, 1, Language::En), "0.0");
        assert_eq!(decimal(3.0, 0, Language::Fr), "3");
    }

    #[test]
    fn formats_dates() {
        assert_eq!(date(2026, 11, 20, Language::Fr), "20\u{A0}novembre 2026");
        assert_eq!(date(2026, 11, 20, Language::En), "20\u{A0}November 2026");
        assert_eq!(date(2027, 1, 1, Language::Fr), "1er\u{A0}janvier 2027");
        assert_eq!(date(2027, 1, 1, Language::En), "1\u{A0}January 2027");
        assert_eq!(short_month(2, Language::Fr), "févr.");
        assert_eq!(short_month(12, Language::En), "Dec");
    }

    #[test]
    fn csv_separators_are_ascii() {
        assert_eq!(csv_separator(Language::Fr), b';');
        assert_eq!(csv_separator(Language::En), b',');
        for &lang in Language::ALL {
            assert!(
                conventions(lang).csv_separator.is_ascii(),
                "{}",
                lang.code()
            );
        }
    }
}
