//! Rendering many questionnaires at once: files and folders expanded, the work shared by every
//! core, each failure reported for its own file without stopping the others.

use crate::lang::messages::Message;
use crate::{Error, RenderOptions, Source};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// The folder under `out` a questionnaire of a batch is rendered into: its file name without
/// the extension.
pub fn folder_of(input: &Path) -> String {
    input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Two questionnaires of one batch that would be rendered into the same folder (`b1/q.yaml`
/// and `b2/q.yaml` both into `out/q/`): one would silently replace the other's files, or leave
/// a Markdown beside a PDF of the other. Refused before anything is rendered.
pub fn check_folders(inputs: &[PathBuf]) -> Result<(), Error> {
    let mut seen: std::collections::HashMap<String, &Path> = std::collections::HashMap::new();
    for input in inputs {
        let folder = folder_of(input);
        if let Some(first) = seen.insert(folder.clone(), input) {
            return Err(Error::BadArgument(crate::error::hinted(
                Message::new("batch.same_folder")
                    .code("first", first.display().to_string())
                    .code("second", input.display().to_string())
                    .code("folder", folder),
                Message::new("batch.same_folder_hint"),
            )));
        }
    }
    Ok(())
}

/// The questionnaires named: files as given, folders as their `*.yaml`/`*.yml` files, sorted.
/// A folder that holds none is bad input, not an empty batch.
pub fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let read = |source| Error::Read {
                path: input.clone(),
                source,
            };
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .map_err(read)?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(Error::BadArgument(
                    Message::new("batch.empty_folder").code("folder", input.display().to_string()),
                ));
            }
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

/// What happened to one questionnaire.
pub struct Outcome {
    pub input: PathBuf,
    /// The files written, or why there are none.
    pub result: Result<Vec<PathBuf>, Error>,
    /// Warnings (characters no font has, unreadable images), located in the questionnaire.
    pub warnings: Vec<crate::Diagnostic>,
    /// What each stage did and how long it took, for `--verbose`, in order.
    pub steps: Vec<crate::Message>,
}

/// Renders one questionnaire into `out` (checks, renders in memory, then writes atomically).
pub fn render_one(input: &Path, out: &Path, options: &RenderOptions) -> Outcome {
    let mut warnings = Vec::new();
    let mut steps = Vec::new();
    let mut started = Instant::now();
    // The time since the last step, in milliseconds, restarting the clock.
    let mut lap = || {
        let ms = started.elapsed().as_millis();
        started = Instant::now();
        ms
    };
    let result = (|| {
        let source = Source::read(input)?;
        steps.push(read_step(&source, lap()));
        let spec = crate::check(&source)?;
        steps.push(Message::new("cli.step_checked").plain("ms", lap()));
        let rendered = crate::render(&spec, options)?;
        steps.extend(rendered.steps);
        let formats: Vec<&str> = options.formats.iter().map(|f| f.name()).collect();
        steps.push(
            Message::new("cli.step_rendered")
                .codes("formats", formats)
                .plain("ms", lap()),
        );
        warnings = rendered
            .warnings
            .into_iter()
            .map(|w| w.in_file(&source.name))
            .collect();
        let written = crate::output::write_all(out, &rendered.files)?;
        steps.push(
            Message::new("cli.step_written")
                .count("count", written.len() as u64)
                .plain("ms", lap()),
        );
        Ok(written)
    })();
    Outcome {
        input: input.to_path_buf(),
        result,
        warnings,
        steps,
    }
}

/// The step saying a questionnaire was read: its name, its size, the time it took.
pub fn read_step(source: &Source, ms: u128) -> Message {
    Message::new("cli.step_read")
        .plain("path", &source.name)
        .plain("bytes", source.text.len())
        .plain("ms", ms)
}

/// Renders every input, each into `out/<file stem>/`, on `workers` threads; `progress` is
/// called as each one finishes (from the worker thread), with the number done so far.
/// Outcomes are returned in input order.
pub fn render_many(
    inputs: &[PathBuf],
    out: &Path,
    options: &RenderOptions,
    workers: usize,
    progress: &(dyn Fn(usize, &Outcome) + Sync),
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> =
        Mutex::new((0..inputs.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers.clamp(1, inputs.len().max(1)) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(input) = inputs.get(i) else { break };
                let outcome = render_one(input, &out.join(folder_of(input)), options);
                progress(done.fetch_add(1, Ordering::SeqCst) + 1, &outcome);
                if let Ok(mut results) = results.lock() {
                    results[i] = Some(outcome);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}
