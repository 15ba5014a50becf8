//! The one accent fold: letters written without their accents, for comparing and for ASCII
//! names.
//!
//! Takes any text, gives it back with each accented Latin letter or ligature written as plain
//! letters (`é` → `e`, `œ` → `oe`), through `deunicode`'s table rather than a hand-written one.
//! Only those letters change: punctuation, digits and other scripts are kept, so a fold never
//! changes what a text says beyond its accents.

/// `text` with its accented Latin letters and ligatures written as plain ASCII letters
/// (`Œuvre d'été` → `OEuvre d'ete`); everything else is kept as written.
pub fn strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // The Latin letters beyond ASCII: Latin-1, Latin Extended-A and -B, and Latin Extended
        // Additional (Vietnamese).
        let latin = matches!(c, '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}');
        match deunicode::deunicode_char(c) {
            Some(plain)
                if latin
                    && c.is_alphabetic()
                    && !plain.is_empty()
                    && plain.chars().all(|p| p.is_ascii_alphabetic()) =>
            {
                out.push_str(plain);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Lower case without accents: how words a user typed are compared with crmspec's own
/// (`Coût` matches `cout`, `Paramétrage` matches `parametrage`).
pub fn fold(text: &str) -> String {
    strip(&text.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_accents_and_ligatures_only() {
        assert_eq!(strip("Œuvre d'été"), "OEuvre d'ete");
        assert_eq!(strip("Mobilité ÇA"), "Mobilite CA");
        assert_eq!(strip("« 10 € » — ×"), "« 10 € » — ×");
        assert_eq!(strip("Ελλάδα 東京"), "Ελλάδα 東京");
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Coût"), "cout");
        assert_eq!(fold("PARAMÉTRAGE"), "parametrage");
        assert_eq!(fold("Ïle Ôtée Ù"), "ile otee u");
    }
}
