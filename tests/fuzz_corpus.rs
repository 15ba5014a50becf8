//! Replays the committed fuzz corpus (`tests/fuzz-corpus/<target>/`, small inputs and every
//! crash reproducer `cargo fuzz` found) through the fuzz targets' own bodies, `fuzz/entry.rs`:
//! a crash fixed once stays fixed without running the fuzzer. No input may panic.

#[path = "../fuzz/entry.rs"]
mod entry;

use std::path::{Path, PathBuf};

fn replay(target: &str, run: fn(&[u8], &Path)) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let specs = root.join("specs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fuzz-corpus").join(target))
        .expect("the corpus folder")
        .map(|entry| entry.expect("a corpus entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "the {target} corpus is empty");
    let failed: Vec<String> = files
        .iter()
        .filter(|file| {
            let data = std::fs::read(file).expect("a corpus file");
            std::panic::catch_unwind(|| run(&data, &specs)).is_err()
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(failed.is_empty(), "these inputs panic: {failed:#?}");
}

#[test]
fn questionnaire_corpus_replays_without_panic() {
    replay("questionnaire", entry::questionnaire);
}

#[test]
fn structured_corpus_replays_without_panic() {
    replay("structured", entry::structured);
}
