//! `parallax ingest`.

use parallax_ingest::{expand_inputs, FieldMap, IngestOptions, Input};

use crate::cli::{Global, IngestArgs, ReadOptions};
use crate::output;
use crate::pipeline;
use crate::progress::CliReporter;

/// How many rejects are printed one by one before they are only counted.
const REJECTS_SHOWN: usize = 20;

/// Resolves read options into ingest settings.
pub(crate) fn options(r: &ReadOptions) -> anyhow::Result<IngestOptions> {
    Ok(IngestOptions {
        max_document_bytes: r.max_document_bytes,
        fields: FieldMap::parse(&r.map)?,
        languages: r.languages.clone(),
    })
}

pub(super) fn run(g: &Global, args: &IngestArgs) -> anyhow::Result<u8> {
    let opts = options(&args.read)?;
    let inputs = expand_inputs(&args.paths)?;
    let total: u64 = inputs
        .iter()
        .map(|i| match i {
            Input::Path(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            _ => 0,
        })
        .sum();
    let mut store = super::open_store(g)?;
    let run_id = store.start_run("ingest")?;
    let reporter = QuietAfter::new(CliReporter::new(total, !g.no_progress && !g.quiet));
    let summary = pipeline::ingest(&mut store, &inputs, &opts, &reporter)?;
    reporter.inner.finish();
    store.finish_run(run_id, summary.stored, summary.known, summary.rejected)?;
    if summary.rejected as usize > REJECTS_SHOWN {
        output::warn(&format!(
            "… and {} more rejects; `parallax rejects` lists them all",
            summary.rejected as usize - REJECTS_SHOWN
        ));
    }
    if g.json {
        output::json(&summary)?;
    } else {
        output::status(&format!(
            "{} input{}: {} article{} stored, {} already in the store, {} rejected ({:.1} s, {:.0} articles/s) → {}",
            summary.inputs,
            if summary.inputs == 1 { "" } else { "s" },
            summary.stored,
            if summary.stored == 1 { "" } else { "s" },
            summary.known,
            summary.rejected,
            summary.seconds,
            summary.read as f64 / summary.seconds.max(1e-9),
            g.db.display()
        ));
    }
    Ok(if summary.rejected > 0 {
        crate::exit::REJECTS
    } else {
        crate::exit::OK
    })
}

/// Prints the first rejects as warnings, then only counts them.
struct QuietAfter {
    inner: CliReporter,
    shown: std::sync::atomic::AtomicUsize,
}

impl QuietAfter {
    fn new(inner: CliReporter) -> Self {
        Self {
            inner,
            shown: std::sync::atomic::AtomicUsize::new(0),
        }
    }
}

impl parallax_model::Reporter for QuietAfter {
    fn bytes(&self, n: u64) {
        self.inner.bytes(n);
    }
    fn count(&self, event: parallax_model::Event, n: u64) {
        self.inner.count(event, n);
    }
    fn warn(&self, message: &str) {
        if self
            .shown
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            < REJECTS_SHOWN
        {
            self.inner.println(&format!("skipped {message}"));
        }
    }
}
