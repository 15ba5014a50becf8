//! Document → PDF, through the [`crate::writers::pdf`] stage; its warnings become diagnostics that
//! point at the questionnaire field holding the text.

use super::{WriteError, Writer, Written};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::lang::messages::Message;
use crate::theme::Theme;

pub struct PdfWriter;

impl Writer for PdfWriter {
    fn write(&self, doc: &Document, theme: &Theme) -> Result<Written, WriteError> {
        let output =
            crate::writers::pdf::render(doc, theme).map_err(|e| WriteError::Pdf(e.to_string()))?;
        let mut written = Written::file(format!("{}.pdf", doc.meta.name), output.bytes);
        if !output.fallback_fonts.is_empty() {
            written.steps.push(
                Message::new("cli.step_fonts").plain("fonts", output.fallback_fonts.join(", ")),
            );
        }
        written.warnings = output
            .warnings
            .into_iter()
            .map(|w| match w.field {
                Some(path) => {
                    let location = doc
                        .meta
                        .fields
                        .iter()
                        .find(|t| t.path == path)
                        .and_then(|t| t.location);
                    Diagnostic::warning(path, w.message).at(location)
                }
                None => Diagnostic::warning("", w.message),
            })
            .collect();
        Ok(written)
    }
}
