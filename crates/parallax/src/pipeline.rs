//! The ingest pipeline: read (serial, in input order) → extract (parallel, order kept) → store
//! (one writer thread, bulk transactions). The same input always yields the same articles in
//! the same order, whatever the thread count.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use anyhow::Context as _;
use parallax_ingest::{read, Extractor, IngestOptions, Input, Record};
use parallax_model::{Article, Event, Reject, Reporter};
use parallax_store::{EncodedArticle, Store};
use rayon::prelude::*;

/// Records per extraction batch, and the byte budget that closes a batch early.
const BATCH_RECORDS: usize = 2048;
const BATCH_BYTES: usize = 32 << 20;

/// Articles gathered into one store transaction, and the byte budget that closes it early
/// (pages with large originals). Article ids and outlet paragraph counts are keyed by hashes,
/// so a transaction touches nearly every page of those indexes whether it holds 2,000 articles
/// or 16,000: on a large store, fewer and larger transactions write far less. (The store test
/// `an_input_larger_than_one_transaction_is_stored_whole_and_once` ingests 17,000 articles to
/// cover more than one transaction: keep it above this.)
const WRITE_ARTICLES: usize = 16_384;
const WRITE_BYTES: usize = 128 << 20;

/// What an ingest run did.
#[derive(Debug, Default, serde::Serialize)]
pub(crate) struct IngestSummary {
    /// Inputs read.
    pub(crate) inputs: usize,
    /// Articles extracted.
    pub(crate) read: u64,
    /// Articles stored for the first time.
    pub(crate) stored: u64,
    /// Articles already in the store.
    pub(crate) known: u64,
    /// Pieces of input refused.
    pub(crate) rejected: u64,
    /// Wall time in seconds.
    pub(crate) seconds: f64,
    /// The refused pieces, in input order.
    pub(crate) rejects: Vec<Reject>,
}

/// What one ingest-and-link run did: the shared path of `parallax ingest` and `POST /api/ingest`.
#[derive(Debug, serde::Serialize)]
pub(crate) struct IngestRun {
    #[serde(flatten)]
    pub(crate) ingest: IngestSummary,
    /// The link stage's work (`null` with `--no-link`).
    pub(crate) link: Option<crate::link::LinkSummary>,
}

/// Ingests `inputs` and then links the new articles (unless `link` is `None`), recording the run
/// in the store. The link settings are checked before anything is stored.
pub(crate) fn ingest_and_link(
    store: &mut Store,
    inputs: &[Input],
    opts: &IngestOptions,
    link: Option<crate::link::LinkSettings>,
    reporter: &dyn Reporter,
    on_ingested: &dyn Fn(),
    link_progress: &dyn Fn(usize, usize),
) -> anyhow::Result<IngestRun> {
    if let Some(settings) = link {
        crate::link::check_settings(store, settings)?;
    }
    let run_id = store.start_run("ingest")?;
    let summary = ingest(store, inputs, opts, reporter)?;
    on_ingested();
    store.finish_run(run_id, summary.stored, summary.known, summary.rejected)?;
    let linked = link
        .map(|settings| crate::link::link(store, settings, link_progress))
        .transpose()?;
    Ok(IngestRun {
        ingest: summary,
        link: linked,
    })
}

enum Message {
    Batch(Vec<EncodedArticle>, Vec<Reject>),
}

/// Ingests `inputs` into `store`.
pub(crate) fn ingest(
    store: &mut Store,
    inputs: &[Input],
    opts: &IngestOptions,
    reporter: &dyn Reporter,
) -> anyhow::Result<IngestSummary> {
    let started = Instant::now();
    let extractor = Extractor::new(opts)?;
    let failed = AtomicBool::new(false);
    // Room for a whole transaction's worth of batches: extraction goes on while the writer
    // commits (with room for two, it stalled through most of each commit). At most that many
    // batches of BATCH_BYTES of input each wait here.
    let (tx, rx) = mpsc::sync_channel::<Message>(WRITE_ARTICLES / BATCH_RECORDS);
    let mut summary = IngestSummary {
        inputs: inputs.len(),
        ..Default::default()
    };
    let written = std::thread::scope(|scope| -> anyhow::Result<(u64, u64, Vec<Reject>)> {
        let failed = &failed;
        let writer = scope.spawn(move || -> anyhow::Result<(u64, u64, Vec<Reject>)> {
            let (mut stored, mut known, mut all_rejects) = (0u64, 0u64, Vec::new());
            let (mut articles, mut rejects) = (Vec::new(), Vec::new());
            let mut bytes = 0;
            loop {
                let next = rx.recv().ok();
                let end = next.is_none();
                if let Some(Message::Batch(a, r)) = next {
                    bytes += a.iter().map(EncodedArticle::bytes).sum::<usize>();
                    articles.extend(a);
                    rejects.extend(r);
                }
                if !end && articles.len() < WRITE_ARTICLES && bytes < WRITE_BYTES {
                    continue;
                }
                let result = store
                    .insert_encoded(&articles)
                    .and_then(|o| store.record_rejects(&rejects).map(|_| o));
                match result {
                    Ok(o) => {
                        stored += o.stored.len() as u64;
                        known += o.known as u64;
                        reporter.count(Event::ArticleStored, o.stored.len() as u64);
                        reporter.count(Event::ArticleKnown, o.known as u64);
                        all_rejects.append(&mut rejects);
                        articles.clear();
                        bytes = 0;
                    }
                    Err(e) => {
                        failed.store(true, Ordering::Relaxed);
                        return Err(e).context("writing to the store");
                    }
                }
                if end {
                    break;
                }
            }
            Ok((stored, known, all_rejects))
        });
        // The reader runs in its own thread so that parsing the next batch overlaps with
        // extracting this one.
        let (batch_tx, batch_rx) = mpsc::sync_channel::<Vec<Result<Record, Reject>>>(2);
        let reader = scope.spawn(move || {
            let mut pending: Vec<Result<Record, Reject>> = Vec::new();
            let mut pending_bytes = 0usize;
            for input in inputs {
                if failed.load(Ordering::Relaxed) {
                    break;
                }
                read(input, opts, reporter, &mut |r| {
                    pending_bytes += r.as_ref().map(|rec| rec.original.len()).unwrap_or(0);
                    pending.push(r);
                    if pending.len() >= BATCH_RECORDS || pending_bytes >= BATCH_BYTES {
                        pending_bytes = 0;
                        if batch_tx.send(std::mem::take(&mut pending)).is_err() {
                            failed.store(true, Ordering::Relaxed);
                        }
                    }
                });
            }
            if !pending.is_empty() {
                let _ = batch_tx.send(pending);
            }
        });
        for batch in batch_rx {
            if failed.load(Ordering::Relaxed) {
                continue;
            }
            // Extraction and encoding run on every core; the writer thread only runs SQL.
            let results: Vec<Result<Article, Reject>> = batch
                .into_par_iter()
                .map(|r| r.and_then(|rec| extractor.extract(rec)))
                .collect();
            let mut articles = Vec::with_capacity(results.len());
            let mut rejects = Vec::new();
            for r in results {
                match r {
                    Ok(a) => articles.push(a),
                    Err(rej) => {
                        reporter.warn(&rej.to_string());
                        rejects.push(rej);
                    }
                }
            }
            let articles = EncodedArticle::encode_all(articles);
            reporter.count(Event::ArticleRead, articles.len() as u64);
            reporter.count(Event::Rejected, rejects.len() as u64);
            if tx.send(Message::Batch(articles, rejects)).is_err() {
                failed.store(true, Ordering::Relaxed);
            }
        }
        reader.join().expect("reader thread panicked");
        drop(tx);
        writer.join().expect("store writer thread panicked")
    })?;
    summary.stored = written.0;
    summary.known = written.1;
    summary.rejected = written.2.len() as u64;
    summary.read = summary.stored + summary.known;
    summary.rejects = written.2;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}
