//! A progress line on stderr for long runs at a terminal.
//!
//! It appears only when the caller decided it may (human output, stderr a
//! terminal, not quiet) and the run has lasted longer than a delay, is
//! redrawn in place a few times a second, and is erased before the report
//! is printed.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::lint::Progress;

/// Runs shorter than this never show the indicator.
pub const DEFAULT_DELAY: Duration = Duration::from_millis(300);
const REDRAW: Duration = Duration::from_millis(100);

/// Whether a run may show progress: on a terminal, for people.
pub fn wanted(format_for_people: bool, quiet: bool, stderr_is_terminal: bool) -> bool {
    format_for_people && !quiet && stderr_is_terminal
}

/// The line shown for a state of the run.
pub fn line(done: usize, total: usize) -> String {
    match (done * 100).checked_div(total) {
        None => "dockward: looking for files".to_string(),
        Some(pct) => format!("dockward: linting {done}/{total} files ({pct}%)"),
    }
}

/// The indicator's thread; stopping it (or dropping it) erases the line.
pub struct Indicator {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Indicator {
    pub fn start(progress: Arc<Progress>, delay: Duration) -> Indicator {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        // Without a delay the line is drawn at once, however short the run.
        let mut drawn = delay.is_zero();
        if drawn {
            let (done, total) = progress.get();
            let mut stderr = std::io::stderr();
            let _ = write!(stderr, "\r\x1b[2K{}", line(done, total));
            let _ = stderr.flush();
        }
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            let mut stderr = std::io::stderr();
            while !flag.load(Ordering::Relaxed) {
                let elapsed = started.elapsed();
                if elapsed >= delay {
                    let (done, total) = progress.get();
                    let _ = write!(stderr, "\r\x1b[2K{}", line(done, total));
                    let _ = stderr.flush();
                    drawn = true;
                    std::thread::park_timeout(REDRAW);
                } else {
                    std::thread::park_timeout((delay - elapsed).min(REDRAW));
                }
            }
            if drawn {
                let _ = write!(stderr, "\r\x1b[2K");
                let _ = stderr.flush();
            }
        });
        Indicator {
            stop,
            thread: Some(thread),
        }
    }

    pub fn stop(mut self) {
        self.finish();
    }

    fn finish(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}

impl Drop for Indicator {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_only_to_people_at_a_terminal() {
        assert!(wanted(true, false, true));
        assert!(!wanted(false, false, true));
        assert!(!wanted(true, true, true));
        assert!(!wanted(true, false, false));
    }

    #[test]
    fn lines() {
        assert_eq!(line(0, 0), "dockward: looking for files");
        assert_eq!(line(50, 200), "dockward: linting 50/200 files (25%)");
    }
}
