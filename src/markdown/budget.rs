//! Running the user's templates within limits. A template is code, and a templates folder
//! may come from someone else: two nested `range(end=100000)` loops ran for over a minute.
//! Tera counts no steps and cannot be stopped from outside, so:
//!
//! - the render runs on a worker thread, waited for at most [`TEMPLATE_TIME`];
//! - what it writes is counted, at most [`TEMPLATE_OUTPUT_BYTES`];
//! - `range`, the one way a template makes a long list out of nothing, is replaced by one that
//!   counts the numbers it makes, at most [`TEMPLATE_RANGE_ITEMS`] in one render.
//!
//! When the time is up, the next `range` call and the next write fail, so the worker stops
//! at its next loop or line of output. A loop over the questionnaire's own lists that writes
//! nothing cannot be interrupted: it ends with the process, after the error is reported.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tera::{Context, Kwargs, Tera, TeraResult};

/// A render of the built-in templates takes well under a second even for 30,000
/// requirements; ten seconds is a template gone wrong, not a large document.
pub const TEMPLATE_TIME: Duration = Duration::from_secs(10);

/// Four times the largest questionnaire crmspec reads (32 MB): no document is larger.
pub const TEMPLATE_OUTPUT_BYTES: u64 = 128 * 1024 * 1024;

/// Numbers `range` may make in one render: a loop of a thousand inside a loop of a thousand.
pub const TEMPLATE_RANGE_ITEMS: u64 = 1_000_000;

/// What a render of the user's templates has used, shared by the worker, its `range` and the
/// caller waiting for it.
#[derive(Debug, Default)]
pub struct Budget {
    ranged: AtomicU64,
    /// Set by the caller when it stops waiting.
    stopped: AtomicBool,
    /// Set by the output when the templates wrote too much.
    overflowed: AtomicBool,
}

/// Why a render of the user's templates failed.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{}", super::describe(.0))]
    Tera(tera::Error),
    #[error("ran for more than {} s and were stopped", TEMPLATE_TIME.as_secs())]
    Time,
    #[error("wrote more than {} MB and were stopped", TEMPLATE_OUTPUT_BYTES / (1024 * 1024))]
    Output,
    #[error("cannot start a thread to run them: {0}")]
    Thread(std::io::Error),
    #[error("stopped without an answer")]
    Lost,
}

impl Failure {
    /// The message, naming the folder and its templates when the failure is not located by
    /// Tera itself.
    pub fn describe(&self, dir: &std::path::Path, names: &[String]) -> String {
        match self {
            Failure::Tera(e) => super::describe(e),
            other => format!(
                "the templates of `{}` ({}) {other}\n  hint: look for a loop that runs too long, such as a loop inside a loop",
                dir.display(),
                if names.is_empty() {
                    "none replacing a built-in one".to_string()
                } else {
                    names.join(", ")
                }
            ),
        }
    }
}

impl Budget {
    /// Tera's `range` (`start`, `end`, `step_by`), counted against the budget.
    pub fn range(&self, kwargs: Kwargs) -> TeraResult<Vec<i128>> {
        if self.stopped.load(Ordering::SeqCst) {
            return Err(tera::Error::message("stopped: the templates' time is up"));
        }
        let start = kwargs.get::<i128>("start")?.unwrap_or_default();
        let end = kwargs.must_get::<i128>("end")?;
        let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
        if step == 0 {
            return Err(tera::Error::message(
                "`range` was called with a `step_by` of 0",
            ));
        }
        if start > end && step > 0 {
            return Err(tera::Error::message(
                "`range` was called with a `start` greater than its `end`",
            ));
        }
        let too_many = || {
            tera::Error::message(format!(
                "`range` would make more than {TEMPLATE_RANGE_ITEMS} numbers in this render (the templates' loop budget)"
            ))
        };
        let len = count(start, end, step)
            .filter(|&n| n <= TEMPLATE_RANGE_ITEMS)
            .ok_or_else(too_many)?;
        if self.ranged.fetch_add(len, Ordering::SeqCst) + len > TEMPLATE_RANGE_ITEMS {
            return Err(too_many());
        }
        Ok((0..len).map(|i| start + i128::from(i) * step).collect())
    }
}

/// How many numbers `range` makes from `start` towards `end` (excluded) by `step`; `None`
/// when that overflows.
fn count(start: i128, end: i128, step: i128) -> Option<u64> {
    let (span, step) = if step > 0 {
        (end.checked_sub(start)?, step)
    } else {
        (start.checked_sub(end)?, step.checked_neg()?)
    };
    if span <= 0 {
        return Some(0);
    }
    u64::try_from(span.checked_add(step - 1)? / step).ok()
}

/// The output of a render, refusing to grow past the budget or to go on once stopped.
struct Bounded<'a> {
    bytes: Vec<u8>,
    budget: &'a Budget,
}

impl Write for Bounded<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.budget.stopped.load(Ordering::SeqCst) {
            return Err(std::io::Error::other("stopped: the templates' time is up"));
        }
        if (self.bytes.len() + buf.len()) as u64 > TEMPLATE_OUTPUT_BYTES {
            self.budget.overflowed.store(true, Ordering::SeqCst);
            return Err(std::io::Error::other(
                "the templates' output budget is spent",
            ));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Renders `entry` on a worker thread within `budget` (whose `range` `tera` calls).
pub fn render(
    budget: Arc<Budget>,
    tera: Tera,
    entry: &str,
    context: Context,
) -> Result<String, Failure> {
    let (send, receive) = std::sync::mpsc::channel();
    let entry = entry.to_string();
    let worker = budget.clone();
    std::thread::Builder::new()
        .name("templates".into())
        .spawn(move || {
            let mut out = Bounded {
                bytes: Vec::new(),
                budget: &worker,
            };
            let result = tera.render_to(&entry, &context, &mut out);
            // The caller may have stopped waiting: nobody to tell, nothing to do.
            let _ = send.send(result.map(|()| out.bytes));
        })
        .map_err(Failure::Thread)?;
    match receive.recv_timeout(TEMPLATE_TIME) {
        Ok(Ok(bytes)) => Ok(String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())),
        Ok(Err(_)) if budget.overflowed.load(Ordering::SeqCst) => Err(Failure::Output),
        Ok(Err(e)) => Err(Failure::Tera(e)),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            budget.stopped.store(true, Ordering::SeqCst);
            Err(Failure::Time)
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(Failure::Lost),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_like_teras_range() {
        assert_eq!(count(0, 10, 1), Some(10));
        assert_eq!(count(0, 10, 3), Some(4));
        assert_eq!(count(10, 0, -2), Some(5));
        assert_eq!(count(5, 5, 1), Some(0));
        assert_eq!(count(i128::MIN, i128::MAX, 1), None);
    }
}
