//! The only module that writes files. A command's files (a render's Markdown, PDF, logo and
//! figures; a grid's XLSX and CSV; `init`'s questionnaire and schema) are written as one set:
//! after a crash, a full disk or a second crmspec writing at the same time, the folder holds
//! either the whole new set or the whole old one, never Markdown 1.3 beside a PDF 1.2.
//!
//! How: under a lock on the folder, every file is written into a staging folder inside it
//! (same filesystem, so a rename moves a file without copying it) and synced; then an empty
//! marker file is created in the staging folder, and synced: that is the commit point. Only then
//! is each file renamed over its destination. A run killed before the marker leaves the old
//! set untouched and a staging folder the next run removes; a run killed after it (in the
//! microseconds the renames take) leaves a staging folder the next run finishes moving.
//!
//! What "a set" means: the files one command writes in one run. Files it does not write this
//! time (a format not asked for, the grid beside the specification) are left as they are; the
//! ones it writes always come from one run.

use crate::error::Error;
use crate::lang::messages::Message;
use std::fs::File;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

/// The staging folder, inside the output folder. Only the holder of the lock writes into it, so
/// one found when the lock is taken was left by an earlier run that did not finish.
const STAGING: &str = ".crmspec-staging";

/// Created in the staging folder once every file of the set is written and synced: from then
/// on the set is moved into place, by this run or by the next one.
const COMMITTED: &str = ".crmspec-committed";

/// Held with an OS lock (released by the system even when the process is killed) while a set
/// is written; removed afterwards so that folders are left as the user made them.
const LOCK: &str = ".crmspec.lock";

/// How long a command waits for another one writing into the same folder: writing a set
/// takes milliseconds (everything is rendered in memory first), so a longer wait means the
/// other one is stuck and waiting longer would hide it.
pub const LOCK_WAIT: Duration = Duration::from_secs(5);

/// Writes a set of files, each under `dir`, all or none (see the module's documentation). An
/// output folder that is a file (or lies under one), and a file of the set whose place is
/// taken by a folder, are the user's mistakes, said as such before anything is replaced.
pub fn write_all(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<Vec<PathBuf>, Error> {
    if let Some(file) = dir.ancestors().find(|a| a.exists()).filter(|a| !a.is_dir()) {
        return Err(Error::BadArgument(crate::error::hinted(
            Message::new("output.folder_is_file")
                .code("dir", dir.display().to_string())
                .code("file", file.display().to_string()),
            Message::new("output.folder_is_file_hint"),
        )));
    }
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    std::fs::create_dir_all(dir).map_err(write_error(dir))?;
    let _lock = Lock::acquire(dir)?;
    recover(dir)?;
    prepare_places(dir, files)?;
    let staging = dir.join(STAGING);
    if let Err(e) = stage(&staging, files) {
        // Before the commit point: the old set is untouched, the partial new one goes.
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    move_into_place(dir, &staging)?;
    Ok(files
        .iter()
        .map(|(relative, _)| dir.join(relative))
        .collect())
}

fn write_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// The lock on an output folder, released (and its file removed) when dropped.
struct Lock {
    path: PathBuf,
    // Kept open: closing the file releases the OS lock.
    _file: File,
}

impl Lock {
    /// Takes the folder's lock, waiting up to [`LOCK_WAIT`] for another crmspec to finish.
    fn acquire(dir: &Path) -> Result<Lock, Error> {
        let path = dir.join(LOCK);
        let start = Instant::now();
        loop {
            let file = File::options()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(write_error(&path))?;
            match file.try_lock() {
                // The previous holder removes the file before releasing it: a lock taken on a
                // file no longer at `path` guards nothing, so it is taken again on the new one.
                Ok(()) if still_at(&file, &path) => return Ok(Lock { path, _file: file }),
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::Busy {
                        dir: dir.to_path_buf(),
                    })
                }
                Err(std::fs::TryLockError::Error(source)) => {
                    return Err(Error::Write { path, source })
                }
            }
        }
    }
}

/// Whether `file` is the file at `path` (removed or replaced since it was opened: not).
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(held), Ok(named)) => held.dev() == named.dev() && held.ino() == named.ino(),
        _ => false,
    }
}

/// Elsewhere the lock file is never removed (see [`Lock`]'s `Drop`), so it is always the one.
#[cfg(not(unix))]
fn still_at(_: &File, _: &Path) -> bool {
    true
}

impl Drop for Lock {
    /// Removed while still locked; a waiter that opened it meanwhile sees it is gone and
    /// opens the new one. Windows cannot open a file being removed, so there it stays.
    fn drop(&mut self) {
        if cfg!(unix) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// What an earlier run left: a staging folder (its set moved into place if it was committed,
/// removed if not), and the hidden `.NAME.PID.tmp` files crmspec wrote before sets existed.
fn recover(dir: &Path) -> Result<(), Error> {
    let staging = dir.join(STAGING);
    if staging.join(COMMITTED).is_file() {
        move_into_place(dir, &staging)?;
    } else if std::fs::symlink_metadata(&staging).is_ok() {
        std::fs::remove_dir_all(&staging).map_err(write_error(&staging))?;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.filter_map(Result::ok) {
        if is_old_temporary(&entry.file_name().to_string_lossy()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// `.NAME.PID.tmp`, the temporary files of crmspec's single-file writes.
fn is_old_temporary(name: &str) -> bool {
    name.strip_prefix('.')
        .and_then(|n| n.strip_suffix(".tmp"))
        .and_then(|n| n.rsplit_once('.'))
        .is_some_and(|(file, pid)| {
            !file.is_empty() && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
        })
}

/// Checks, before anything is written, that every file can take its place (a folder where a
/// file goes, or a file where a folder goes, would make the commit fail half-way), and makes
/// the folders the set goes into.
fn prepare_places(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<(), Error> {
    for (relative, _) in files {
        if relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(Error::Write {
                path: dir.join(relative),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "a file of the set must stay inside the output folder",
                ),
            });
        }
        let path = dir.join(relative);
        let blocked = |what: &'static str, at: &Path| {
            let expected = if at == path {
                "output.kind_file"
            } else {
                "output.kind_folder"
            };
            Error::BadArgument(crate::error::hinted(
                Message::new("output.blocked")
                    .code("path", at.display().to_string())
                    .message("what", Message::new(what))
                    .message("expected", Message::new(expected)),
                Message::new("output.blocked_hint"),
            ))
        };
        if path.is_dir() {
            return Err(blocked("output.kind_folder", &path));
        }
        if let Some(parent) = path.parent() {
            let mut at = dir.to_path_buf();
            for part in parent.strip_prefix(dir).unwrap_or(Path::new("")) {
                at.push(part);
                if at.exists() && !at.is_dir() {
                    return Err(blocked("output.kind_file", &at));
                }
            }
            std::fs::create_dir_all(parent).map_err(write_error(parent))?;
        }
    }
    Ok(())
}

/// Writes every file into `staging` and syncs it, then commits (see the module's
/// documentation).
fn stage(staging: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<(), Error> {
    std::fs::create_dir(staging).map_err(write_error(staging))?;
    for (relative, bytes) in files {
        let path = staging.join(relative);
        let fail = write_error(&path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write_error(parent))?;
        }
        let mut file = File::create(&path).map_err(&fail)?;
        file.write_all(bytes).map_err(&fail)?;
        file.sync_all().map_err(&fail)?;
    }
    for folder in folders(staging) {
        sync_dir(&folder).map_err(write_error(&folder))?;
    }
    let marker = staging.join(COMMITTED);
    File::create(&marker)
        .and_then(|f| f.sync_all())
        .map_err(write_error(&marker))?;
    sync_dir(staging).map_err(write_error(staging))
}

/// Renames every file of a committed staging folder over its destination, then removes the
/// staging folder. Files already moved by an interrupted run are simply no longer there.
fn move_into_place(dir: &Path, staging: &Path) -> Result<(), Error> {
    let folders = folders(staging);
    for folder in &folders {
        let entries = std::fs::read_dir(folder).map_err(write_error(folder))?;
        for entry in entries {
            let entry = entry.map_err(write_error(folder))?;
            let from = entry.path();
            if from.is_dir() || from == staging.join(COMMITTED) {
                continue;
            }
            let to = dir.join(from.strip_prefix(staging).unwrap_or(&from));
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(write_error(parent))?;
            }
            std::fs::rename(&from, &to).map_err(write_error(&to))?;
        }
    }
    for folder in &folders {
        let target = dir.join(folder.strip_prefix(staging).unwrap_or(folder));
        sync_dir(&target).map_err(write_error(&target))?;
    }
    std::fs::remove_dir_all(staging).map_err(write_error(staging))?;
    sync_dir(dir).map_err(write_error(dir))
}

/// `root` and every folder under it (symbolic links are not followed).
fn folders(root: &Path) -> Vec<PathBuf> {
    let mut found = vec![root.to_path_buf()];
    let mut next = 0;
    while let Some(folder) = found.get(next).cloned() {
        next += 1;
        if let Ok(entries) = std::fs::read_dir(&folder) {
            found.extend(
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                    .map(|e| e.path()),
            );
        }
    }
    found
}

/// Makes a folder's entries (a new file, a rename) durable: syncing the files alone does not
/// record their names. Only Unix can open a folder to sync it.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    if cfg!(unix) {
        File::open(dir)?.sync_all()
    } else {
        Ok(())
    }
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

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("crmspec-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn set(text: &str) -> Vec<(PathBuf, Vec<u8>)> {
        vec![
            (PathBuf::from("q.md"), text.as_bytes().to_vec()),
            (PathBuf::from("figures/f.svg"), text.as_bytes().to_vec()),
        ]
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_files_whole() {
        let dir = temp("whole");
        write_all(&dir, &set("one")).unwrap();
        write_all(&dir, &set("two")).unwrap();
        assert_eq!(std::fs::read(dir.join("q.md")).unwrap(), b"two");
        assert_eq!(std::fs::read(dir.join("figures/f.svg")).unwrap(), b"two");
        assert_eq!(
            names(&dir),
            ["figures", "q.md"],
            "nothing else is left behind"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_uncommitted_staging_folder_is_dropped_and_a_committed_one_finished() {
        let dir = temp("recover");
        write_all(&dir, &set("one")).unwrap();
        // Killed while staging: the old set stays, the partial one goes.
        std::fs::create_dir_all(dir.join(STAGING)).unwrap();
        std::fs::write(dir.join(STAGING).join("q.md"), "half").unwrap();
        std::fs::write(dir.join(".q.md.4242.tmp"), "older crmspec").unwrap();
        recover(&dir).unwrap();
        assert_eq!(std::fs::read(dir.join("q.md")).unwrap(), b"one");
        assert_eq!(names(&dir), ["figures", "q.md"]);
        // Killed after the commit, one file moved: the other one follows.
        std::fs::create_dir_all(dir.join(STAGING).join("figures")).unwrap();
        std::fs::write(dir.join(STAGING).join("figures/f.svg"), "two").unwrap();
        std::fs::write(dir.join(STAGING).join(COMMITTED), "").unwrap();
        std::fs::write(dir.join("q.md"), "two").unwrap();
        recover(&dir).unwrap();
        assert_eq!(std::fs::read(dir.join("figures/f.svg")).unwrap(), b"two");
        assert_eq!(names(&dir), ["figures", "q.md"]);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn recognises_old_temporary_files_only() {
        assert!(is_old_temporary(".q.md.1234.tmp"));
        assert!(!is_old_temporary(".q.md.tmp"));
        assert!(!is_old_temporary("q.1234.tmp"));
        assert!(!is_old_temporary(".1234.tmp"));
    }
}
