//! The pack's archive: one ZIP holding every file, as buyers upload it to a tender platform.
//!
//! Deflated, in the pack's order, every entry dated by the questionnaire's date and readable
//! by all (`0644`), never by the clock or the machine: the same questionnaire gives the same
//! archive, byte for byte, and any unzip opens it.

use crate::model::Date;
use crate::Error;
use std::io::{Cursor, Write};
use std::path::PathBuf;
use zip::write::SimpleFileOptions;

pub fn zip(files: &[(PathBuf, Vec<u8>)], date: Date) -> Result<Vec<u8>, Error> {
    let failed = |e: &dyn std::fmt::Display| Error::Archive(e.to_string());
    // ZIP dates run from 1980 to 2107; a questionnaire dated outside gets ZIP's first day.
    let modified = u16::try_from(date.year)
        .ok()
        .and_then(|year| {
            zip::DateTime::from_date_and_time(year, date.month, date.day, 0, 0, 0).ok()
        })
        .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(modified)
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (path, bytes) in files {
        // Names inside a ZIP use `/`, whatever the system.
        let name = path
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        zip.start_file(name, options).map_err(|e| failed(&e))?;
        zip.write_all(bytes).map_err(|e| failed(&e))?;
    }
    Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_files_give_the_same_archive_which_reads_back() {
        let files = vec![
            (PathBuf::from("a.txt"), b"alpha".to_vec()),
            (PathBuf::from("b.pdf"), vec![0u8; 1000]),
        ];
        let date = Date::parse("2026-11-20").unwrap();
        let one = zip(&files, date).unwrap();
        assert_eq!(one, zip(&files, date).unwrap());
        let mut archive = zip::ZipArchive::new(Cursor::new(one)).unwrap();
        assert_eq!(archive.len(), 2);
        let entry = archive.by_name("a.txt").unwrap();
        let modified = entry.last_modified().unwrap();
        assert_eq!(
            (modified.year(), modified.month(), modified.day()),
            (2026, 11, 20)
        );
        assert_eq!(entry.unix_mode(), Some(0o100644));
    }
}
