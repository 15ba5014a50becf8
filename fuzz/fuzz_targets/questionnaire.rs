//! Arbitrary bytes as a questionnaire (see `entry::questionnaire`).
#![no_main]

// Each target calls one of the shared entry points.
#[allow(dead_code)]
#[path = "../entry.rs"]
mod entry;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    entry::questionnaire(
        data,
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../specs")),
    );
});
