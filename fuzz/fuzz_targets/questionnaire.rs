//! Arbitrary bytes as a questionnaire: load, validate, review, render Markdown (and the PDF
//! when the bytes happen to form a valid questionnaire). Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = crmspec::Source {
        name: "fuzz.yaml".into(),
        text: text.to_string(),
        base_dir: std::env::temp_dir(),
    };
    let _ = crmspec::review(&source, &[]);
    if let Ok(spec) = crmspec::check(&source) {
        let options = crmspec::RenderOptions {
            formats: crmspec::Format::ALL.to_vec(),
            timestamp: Some(0),
            advice: true,
            ..crmspec::RenderOptions::default()
        };
        let _ = crmspec::render(&spec, &options);
    }
});
