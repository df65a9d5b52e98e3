//! Where words go: results on stdout, everything else (warnings, errors, summaries) on stderr.
//! Output reads well without colour; nothing here colours at all.

#![allow(clippy::print_stderr, clippy::print_stdout)]

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::cli::Global;

static QUIET: AtomicBool = AtomicBool::new(false);

/// Applies `--quiet` and sets up `tracing` for libraries (RUST_LOG, off by default).
pub(crate) fn init(global: &Global) {
    QUIET.store(global.quiet, Ordering::Relaxed);
    let filter = tracing_subscriber::EnvFilter::try_from_env("RUST_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("off"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// A warning for the user (a skipped line, a decoded charset). Silenced by `--quiet`.
pub(crate) fn warn(msg: &str) {
    if !QUIET.load(Ordering::Relaxed) {
        eprintln!("parallax: warning: {msg}");
    }
}

/// A status line on stderr (summaries). Silenced by `--quiet`.
pub(crate) fn status(msg: &str) {
    if !QUIET.load(Ordering::Relaxed) {
        eprintln!("{msg}");
    }
}

/// An error; never silenced.
pub(crate) fn error(msg: &str) {
    eprintln!("parallax: error: {msg}");
}

/// Writes a result to stdout.
pub(crate) fn out(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        stdout.write_all(b"\n")?;
    }
    stdout.flush()
}

/// Writes a value as pretty JSON to stdout.
pub(crate) fn json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let s = serde_json::to_string_pretty(value)?;
    out(&s)?;
    Ok(())
}

/// True when the error is a closed stdout (`parallax articles | head`): not a failure.
pub(crate) fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Renders rows as an aligned plain-text table.
pub(crate) fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let mut s = String::new();
    let line = |cells: Vec<&str>, s: &mut String| {
        let n = cells.len();
        for (i, c) in cells.into_iter().enumerate() {
            s.push_str(c);
            if i + 1 < n {
                s.push_str(&" ".repeat(widths[i] - c.chars().count() + 2));
            }
        }
        s.push('\n');
    };
    line(header.to_vec(), &mut s);
    for r in rows {
        line(r.iter().map(String::as_str).collect(), &mut s);
    }
    s
}

/// Shortens `s` to at most `n` characters, marking the cut.
pub(crate) fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
    t.push('…');
    t
}
