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
        html: r.html_extractor.choice(),
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
    let linked_before = store.last_linked_seq()?;
    let reporter = QuietAfter::new(CliReporter::new(total, !g.no_progress && !g.quiet));
    let bar = crate::progress::count_bar("linking", !g.no_progress && !g.quiet);
    let run = pipeline::ingest_and_link(
        &mut store,
        &inputs,
        &opts,
        (!args.link.no_link).then(|| link_settings(&args.link)),
        &reporter,
        &|| reporter.inner.finish(),
        &|done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        },
    )?;
    bar.finish_and_clear();
    let aligned = if args.align {
        Some(align_new_stories(&mut store, linked_before, g)?)
    } else {
        None
    };
    let (summary, linked) = (&run.ingest, &run.link);
    if summary.rejected as usize > REJECTS_SHOWN {
        output::warn(&format!(
            "… and {} more rejects; `parallax rejects` lists them all",
            summary.rejected as usize - REJECTS_SHOWN
        ));
    }
    if g.json {
        output::json(&IngestOutput {
            run: &run,
            aligned: aligned.as_ref(),
        })?;
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
        if let Some(l) = &linked {
            output::status(&format!(
                "linked {} article{} ({} undated): {} duplicate/containment link{}, {} new stor{}, {} merge{} ({:.1} s)",
                l.linked,
                if l.linked == 1 { "" } else { "s" },
                l.undated,
                l.dup_links,
                if l.dup_links == 1 { "" } else { "s" },
                l.stories_opened,
                if l.stories_opened == 1 { "y" } else { "ies" },
                l.merges,
                if l.merges == 1 { "" } else { "s" },
                l.seconds
            ));
        }
        if let Some(a) = &aligned {
            output::status(&format!(
                "aligned {} stor{} ({} article pairs on their pages; {:.1} s)",
                a.stories,
                if a.stories == 1 { "y" } else { "ies" },
                a.pairs,
                a.seconds
            ));
        }
    }
    Ok(if summary.rejected > 0 {
        crate::exit::REJECTS
    } else {
        crate::exit::OK
    })
}

/// `--json` output: the run, and what `--align` did.
#[derive(serde::Serialize)]
struct IngestOutput<'r> {
    #[serde(flatten)]
    run: &'r pipeline::IngestRun,
    /// `null` without `--align`.
    aligned: Option<&'r AlignSummary>,
}

/// What `ingest --align` did.
#[derive(Debug, serde::Serialize)]
struct AlignSummary {
    stories: usize,
    pairs: usize,
    seconds: f64,
}

/// Aligns every story of two or more articles that gained an article linked after key `seq`.
fn align_new_stories(
    store: &mut parallax_store::Store,
    seq: i64,
    g: &Global,
) -> anyhow::Result<AlignSummary> {
    let started = std::time::Instant::now();
    let ids = store.stories_linked_after(seq)?;
    let bar = crate::progress::count_bar("aligning", !g.no_progress && !g.quiet);
    bar.set_length(ids.len() as u64);
    let mut pairs = 0;
    for id in &ids {
        pairs += crate::views::story::precompute(store, *id)?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(AlignSummary {
        stories: ids.len(),
        pairs,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Link-stage settings from the command line.
pub(crate) fn link_settings(o: &crate::cli::LinkOptions) -> crate::link::LinkSettings {
    crate::link::LinkSettings {
        jaccard: o.jaccard,
        containment: o.containment,
        story_threshold: o.story_threshold,
        window_days: o.window_days,
        merge_threshold: o.merge_threshold,
        time_scale_days: o.time_scale_days,
        archive_days: o.archive_days,
        reopen_threshold: o.reopen_threshold,
        boilerplate_min_articles: o.boilerplate_min_articles,
    }
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
