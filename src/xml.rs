//! Escaping for HTML and XML text (the HTML page, the SVG figures, the Word document's
//! properties): one function at the base, so every writer escapes alike.
//!
//! Written here rather than taken from a crate because it also drops the control characters
//! XML forbids, which the escaping crates (quick-xml, html-escape) pass through, and because
//! the outputs depend on its exact choices (`"` escaped, `'` not).

/// Escapes text for HTML and XML (SVG, Word) content and double-quoted attribute values;
/// control characters, which XML forbids, are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}
