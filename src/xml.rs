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

/// A line of text as ODF keeps it (the ODT's code blocks, the ODS's cells): runs of spaces
/// and tabs written as such, since ODF collapses them otherwise; escaped as [`escape`] does.
pub fn odf_text(line: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(line.len());
    let mut spaces = 0usize;
    let flush = |out: &mut String, spaces: &mut usize| {
        match *spaces {
            0 => {}
            1 => out.push(' '),
            n => {
                let _ = write!(out, " <text:s text:c=\"{}\"/>", n - 1);
            }
        }
        *spaces = 0;
    };
    for c in line.chars() {
        match c {
            ' ' => spaces += 1,
            '\t' => {
                flush(&mut out, &mut spaces);
                out.push_str("<text:tab/>");
            }
            c => {
                flush(&mut out, &mut spaces);
                out.push_str(&escape(c.encode_utf8(&mut [0; 4])));
            }
        }
    }
    flush(&mut out, &mut spaces);
    out
}

/// An OpenDocument package (text or spreadsheet): `mimetype` first and stored, as ODF
/// requires, then `parts` in their order, pictures stored (they are compressed already) and the
/// rest deflated, every date the ZIP format's default so the same parts give the same bytes.
pub(crate) fn odf_package(mime: &str, parts: &[(&str, &[u8])]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    let deflated = stored.compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored)?;
    zip.write_all(mime.as_bytes())?;
    for (name, bytes) in parts {
        let options = if name.ends_with(".png") || name.ends_with(".jpg") {
            stored
        } else {
            deflated
        };
        zip.start_file(*name, options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odf_text_keeps_its_spaces_and_tabs() {
        assert_eq!(
            odf_text("a  b\tc <d>"),
            "a <text:s text:c=\"1\"/>b<text:tab/>c &lt;d&gt;"
        );
        assert_eq!(odf_text("x"), "x");
    }
}
