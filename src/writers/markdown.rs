//! Document → the Markdown file, with the files it links to beside it (the logo, and each
//! figure as SVG), so the `.md` reads the same in any Markdown viewer.

use super::{WriteError, Writer, Written};
use crate::document::Document;
use crate::theme::Theme;
use std::path::PathBuf;

pub struct MarkdownWriter;

impl Writer for MarkdownWriter {
    fn write(&self, doc: &Document, _theme: &Theme) -> Result<Written, WriteError> {
        let mut written = Written::file(
            format!("{}.md", doc.meta.name),
            doc.markdown.as_bytes().to_vec(),
        );
        for (path, bytes) in &doc.assets.images {
            written.files.push((PathBuf::from(path), bytes.clone()));
        }
        for figure in &doc.assets.figures {
            written
                .files
                .push((PathBuf::from(figure.path()), figure.to_svg().into_bytes()));
        }
        Ok(written)
    }
}
