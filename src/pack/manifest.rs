//! The pack's manifest: every published file with its size and SHA-256, so that a buyer and a
//! vendor can tell that the files they hold are the ones published (a tender platform, a
//! mail, a USB key in between). Written into the archive and printed by `crmspec pack`.

use crate::spec::Spec;
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// One file of the pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub size: usize,
    /// Lower-case hexadecimal, as `sha256sum` prints it.
    pub sha256: String,
}

pub fn entries(files: &[(PathBuf, Vec<u8>)]) -> Vec<Entry> {
    files
        .iter()
        .map(|(path, bytes)| Entry {
            name: path.display().to_string(),
            size: bytes.len(),
            sha256: Sha256::digest(bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        })
        .collect()
}

/// The manifest's text: a heading in comment lines (`#`), then one line per file, hash first
/// as `sha256sum` writes it, then the size in bytes and the name.
pub fn text(spec: &Spec, entries: &[Entry]) -> String {
    let doc = &spec.q.document;
    let lang = spec.lang;
    let word = |key: &str| crate::lang::words::text_or_key(key, lang);
    let date = crate::lang::format::date(doc.date.year, doc.date.month, doc.date.day, lang);
    let mut out = format!("# {} — {}\n", word("pack.manifest_title"), doc.title);
    let version = crate::lang::words::text_with(
        "footer_version",
        lang,
        &[("version", &doc.version), ("date", &date)],
    );
    match &doc.reference {
        Some(reference) => out.push_str(&format!("# {reference} · {version}\n")),
        None => out.push_str(&format!("# {version}\n")),
    }
    out.push_str(&format!("# {}\n", word("pack.manifest_columns")));
    let width = entries
        .iter()
        .map(|e| e.size.to_string().len())
        .max()
        .unwrap_or(1);
    for e in entries {
        out.push_str(&format!("{}  {:>width$}  {}\n", e.sha256, e.size, e.name));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_as_sha256sum_does() {
        let found = entries(&[(PathBuf::from("abc.txt"), b"abc".to_vec())]);
        assert_eq!(
            found[0].sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(found[0].size, 3);
    }
}
