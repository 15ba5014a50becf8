//! The only module that writes files. Every file is written to a temporary file in the same
//! folder and renamed over its destination, so a reader (or a crash) never sees half a file.

use crate::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically, creating parent folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let fail = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(fail)
}

/// Writes a set of files atomically, each under `dir`. An output folder that is a file (or
/// lies under one) is the user's mistake, said as such before anything is written.
pub fn write_all(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<Vec<PathBuf>, Error> {
    if let Some(file) = dir.ancestors().find(|a| a.exists()).filter(|a| !a.is_dir()) {
        return Err(Error::BadArgument(format!(
            "the output folder `{}` cannot be made: `{}` is a file; nothing was written\n  hint: give a folder with -o",
            dir.display(),
            file.display()
        )));
    }
    files
        .iter()
        .map(|(relative, bytes)| {
            let path = dir.join(relative);
            write_atomic(&path, bytes).map(|()| path)
        })
        .collect()
}

/// A file name from a title: ASCII, lower case, words joined by hyphens.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in crate::lang::accents::strip(title).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let slug = out.trim_matches('-').chars().take(80).collect::<String>();
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "cahier-des-charges".to_string()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_titles() {
        assert_eq!(
            slug("Cahier des charges — Projet CRM omnicanal"),
            "cahier-des-charges-projet-crm-omnicanal"
        );
        assert_eq!(slug("???"), "cahier-des-charges");
        assert_eq!(slug("Œuvre d'été"), "oeuvre-d-ete");
    }

    #[test]
    fn replaces_files_whole() {
        let dir = std::env::temp_dir().join(format!("crmspec-output-{}", std::process::id()));
        let path = dir.join("a/b.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let leftovers = std::fs::read_dir(dir.join("a")).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
