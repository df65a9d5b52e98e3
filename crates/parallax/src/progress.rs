//! The CLI's [`Reporter`]: an indicatif bar on a terminal, counters always.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use parallax_model::{Event, Reporter};

/// A bar counting items of a later stage, drawn only on a terminal.
pub(crate) fn count_bar(label: &str, enabled: bool) -> ProgressBar {
    let show = enabled
        && std::io::stderr().is_terminal()
        && std::env::var_os("PARALLAX_NO_PROGRESS").is_none();
    let bar = ProgressBar::new(0);
    bar.set_draw_target(if show {
        ProgressDrawTarget::stderr_with_hz(8)
    } else {
        ProgressDrawTarget::hidden()
    });
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {label} [{{elapsed_precise}}] {{wide_bar}} {{pos}}/{{len}} ({{per_sec}}, eta {{eta}})"
        ))
        .expect("valid template"),
    );
    bar
}

/// Counts events and draws a byte-based progress bar when stderr is a terminal.
pub(crate) struct CliReporter {
    bar: ProgressBar,
    articles: AtomicU64,
    rejected: AtomicU64,
}

impl CliReporter {
    /// A reporter for `total_bytes` of input (0 when unknown, e.g. stdin).
    pub(crate) fn new(total_bytes: u64, enabled: bool) -> Self {
        let show = enabled
            && std::io::stderr().is_terminal()
            && std::env::var_os("PARALLAX_NO_PROGRESS").is_none();
        let bar = if total_bytes > 0 {
            ProgressBar::new(total_bytes)
        } else {
            ProgressBar::new_spinner()
        };
        bar.set_draw_target(if show {
            ProgressDrawTarget::stderr_with_hz(8)
        } else {
            ProgressDrawTarget::hidden()
        });
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, eta {eta}) {msg}",
            )
            .expect("valid template"),
        );
        bar.enable_steady_tick(Duration::from_millis(250));
        Self {
            bar,
            articles: AtomicU64::new(0),
            rejected: AtomicU64::new(0),
        }
    }

    /// Removes the bar from the screen.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }

    /// Prints a line above the bar without tearing it.
    pub(crate) fn println(&self, msg: &str) {
        self.bar.suspend(|| crate::output::warn(msg));
    }

    fn update_message(&self) {
        let secs = self.bar.elapsed().as_secs_f64().max(1e-3);
        let n = self.articles.load(Ordering::Relaxed);
        self.bar.set_message(format!(
            "{n} articles ({:.0}/s), {} rejected",
            n as f64 / secs,
            self.rejected.load(Ordering::Relaxed)
        ));
    }
}

impl Reporter for CliReporter {
    fn bytes(&self, n: u64) {
        self.bar.inc(n);
    }

    fn count(&self, event: Event, n: u64) {
        match event {
            Event::ArticleRead => {
                self.articles.fetch_add(n, Ordering::Relaxed);
                self.update_message();
            }
            Event::Rejected => {
                self.rejected.fetch_add(n, Ordering::Relaxed);
                self.update_message();
            }
            _ => {}
        }
    }

    fn warn(&self, message: &str) {
        self.println(message);
    }
}
