//! `cargo bench`: time, peak memory and output size of rendering a questionnaire, in process,
//! release build: Markdown + PDF (the default), then the HTML page and the Word document alone.
//! Targets for the reference questionnaire: ≤ 100 ms and ≤ 300 KB for the PDF. Pass
//! questionnaire paths to measure others.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Counts live heap bytes and their peak, so memory is measured without external tools.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut inputs: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .collect();
    if inputs.is_empty() {
        let reference = root.join("../shared/questionnaire-reference.yaml");
        if reference.exists() {
            inputs.push(reference);
        }
        inputs.push(root.join("specs/velo-horizon.yaml"));
        inputs.push(root.join("specs/northwind-b2b.yaml"));
    }
    println!(
        "{:<32} {:<7} {:>10} {:>10} {:>12} {:>10} {:>6}",
        "questionnaire", "format", "median ms", "min ms", "peak heap MB", "size KB", "pages"
    );
    for input in inputs {
        let source = match crmspec::Source::read(&input) {
            Ok(source) => source,
            Err(e) => {
                eprintln!("{}: {e}", input.display());
                continue;
            }
        };
        let name = input.file_name().unwrap_or_default().to_string_lossy();
        let formats = [
            ("md+pdf", "pdf", crmspec::Format::DEFAULT.to_vec()),
            ("html", "html", vec![crmspec::Format::Html]),
            ("docx", "docx", vec![crmspec::Format::Docx]),
        ];
        for (label, extension, formats) in formats {
            let options = crmspec::RenderOptions {
                formats,
                ..crmspec::RenderOptions::default()
            };
            let run = || {
                let spec = crmspec::check(&source).expect("a valid questionnaire");
                crmspec::render(&spec, &options).expect("a render")
            };
            let (times, peak, rendered) = measure(run);
            let bytes = rendered
                .files
                .iter()
                .find(|(path, _)| path.extension().is_some_and(|e| e == extension))
                .map(|(_, bytes)| bytes)
                .expect("the output");
            let pages = if extension == "pdf" {
                lopdf::Document::load_mem(bytes).map_or(0, |d| d.get_pages().len())
            } else {
                0
            };
            println!(
                "{:<32} {:<7} {:>10.1} {:>10.1} {:>12.1} {:>10.1} {:>6}",
                name,
                label,
                times[times.len() / 2],
                times[0],
                peak as f64 / 1_048_576.0,
                bytes.len() as f64 / 1024.0,
                if pages > 0 {
                    pages.to_string()
                } else {
                    "—".into()
                }
            );
        }
    }
}

/// Sorted times in milliseconds, the peak heap of a run, and the last output.
fn measure(run: impl Fn() -> crmspec::Rendered) -> (Vec<f64>, usize, crmspec::Rendered) {
    let warm_up = Instant::now();
    run();
    // Fewer repetitions for documents that take seconds.
    let repetitions = if warm_up.elapsed().as_secs_f64() > 1.0 {
        3
    } else {
        15
    };
    let mut times = Vec::new();
    let mut peak = 0;
    let mut rendered = None;
    for _ in 0..repetitions {
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let start = Instant::now();
        let output = run();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        peak = peak.max(PEAK.load(Ordering::Relaxed) - before);
        rendered = Some(output);
    }
    times.sort_by(f64::total_cmp);
    (times, peak, rendered.expect("at least one run"))
}
