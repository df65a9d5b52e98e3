//! `parallax bench align`: wall time of aligning stories as provenance pairs their articles
//! (each article against the earlier ones it selects as likely sources), for one large story
//! and, optionally, for every story of a corpus, with peak RSS. Timing is done here, never in
//! tests.

use std::time::Instant;

use anyhow::Context as _;
use parallax_align::{
    align, provenance_with, Alignment, Provenance, ProvenanceInput, ProvenanceParams,
};
use parallax_ingest::{expand_inputs, IngestOptions};
use parallax_model::NoReporter;
use parallax_store::Store;
use rayon::prelude::*;
use serde::Serialize;

use super::bench::{cpu_seconds, machine, peak_rss_mib, today};
use crate::cli::{BenchAlignArgs, Global};
use crate::link::analysis_text;
use crate::output;
use crate::UserError;

#[derive(Serialize, Default)]
struct Run {
    name: String,
    stories: usize,
    articles: usize,
    /// Article pairs aligned.
    pairs: usize,
    /// Provenance edges between articles found.
    edges: usize,
    wall_seconds: f64,
    cpu_seconds: f64,
    peak_rss_mib: f64,
}

#[derive(Serialize)]
struct Report {
    date: String,
    machine: String,
    threads: usize,
    corpus: String,
    ingest_link_seconds: f64,
    runs: Vec<Run>,
}

/// Provenance of one story with its alignments computed in parallel: the pairs provenance
/// compares do not depend on alignment results, so they are listed first, aligned on all
/// threads, then handed to [`provenance_with`]. Returns the graph and the pairs aligned.
pub(crate) fn parallel_provenance(
    inputs: &[ProvenanceInput<'_>],
    params: &ProvenanceParams,
) -> (Provenance, usize) {
    let empty = align("", "", &params.align);
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    provenance_with(inputs, params, &mut |i, j| {
        pairs.push((i, j));
        empty.clone()
    });
    let aligned: Vec<Alignment> = pairs
        .par_iter()
        .map(|&(i, j)| align(inputs[i].text, inputs[j].text, &params.align))
        .collect();
    let mut next = aligned.into_iter();
    let graph = provenance_with(inputs, params, &mut |_, _| {
        // Same inputs, same order: the calls come in the order recorded above.
        next.next().unwrap_or_else(|| empty.clone())
    });
    (graph, pairs.len())
}

/// The analysis texts of a story's members (at most `limit`), with ids, outlets and times.
struct StoryTexts {
    ids: Vec<String>,
    outlets: Vec<Option<String>>,
    times: Vec<Option<i64>>,
    texts: Vec<String>,
}

fn story_texts(
    store: &Store,
    story: i64,
    boilerplate: &std::collections::HashSet<i64>,
    limit: usize,
) -> anyhow::Result<StoryTexts> {
    let mut members = store.story_members(story)?;
    members.truncate(limit);
    let seqs: Vec<i64> = members.iter().map(|m| m.seq).collect();
    let texts = store
        .link_sources(&seqs, boilerplate)?
        .iter()
        .map(analysis_text)
        .collect();
    Ok(StoryTexts {
        ids: members.iter().map(|m| m.id.clone()).collect(),
        outlets: members.iter().map(|m| m.outlet.clone()).collect(),
        times: members.iter().map(|m| m.time).collect(),
        texts,
    })
}

fn inputs(s: &StoryTexts) -> Vec<ProvenanceInput<'_>> {
    (0..s.ids.len())
        .map(|k| ProvenanceInput {
            id: &s.ids[k],
            outlet: s.outlets[k].as_deref(),
            time: s.times[k],
            text: &s.texts[k],
            credits: Vec::new(),
        })
        .collect()
}

fn article_edges(g: &Provenance) -> usize {
    g.edges
        .iter()
        .filter(|e| e.copied + e.paraphrased > 0.0)
        .count()
}

pub(crate) fn run(g: &Global, a: &BenchAlignArgs) -> anyhow::Result<u8> {
    if !a.jsonl.exists() {
        return Err(UserError(format!(
            "{}: no such corpus; make one with ../shared/tools/gen_corpus.py N PREFIX",
            a.jsonl.display()
        ))
        .into());
    }
    let tmp = tempfile::tempdir().context("creating a scratch folder")?;
    let mut store = Store::open(&tmp.path().join("bench-align.db"))?;
    let t0 = Instant::now();
    let inputs_list = expand_inputs(&[a.jsonl.display().to_string()])?;
    crate::pipeline::ingest(
        &mut store,
        &inputs_list,
        &IngestOptions::default(),
        &NoReporter,
    )?;
    let settings = super::ingest::link_settings(&a.link);
    crate::link::link(&mut store, settings, &|_, _| {})?;
    let ingest_link_seconds = t0.elapsed().as_secs_f64();
    output::status(&format!(
        "ingested and linked {} in {ingest_link_seconds:.1} s",
        a.jsonl.display()
    ));
    let boilerplate = store.boilerplate_keys(settings.boilerplate_min_articles)?;
    let params = ProvenanceParams::default();
    let mut runs = Vec::new();

    // (a) The largest story, cut to --story-size articles in time order.
    let stories = store.stories(&parallax_store::StoryFilter {
        limit: Some(1),
        ..Default::default()
    })?;
    let Some(largest) = stories.first() else {
        return Err(UserError(format!("{}: no stories", a.jsonl.display())).into());
    };
    let texts = story_texts(&store, largest.id, &boilerplate, a.story_size)?;
    if texts.ids.len() < a.story_size {
        output::warn(&format!(
            "the largest story has {} articles, fewer than --story-size {}",
            texts.ids.len(),
            a.story_size
        ));
    }
    for round in 1..=a.repeat.max(1) {
        let (c0, t0) = (cpu_seconds(), Instant::now());
        let (graph, pairs) = parallel_provenance(&inputs(&texts), &params);
        let run = Run {
            name: format!("one story of {} articles (run {round})", texts.ids.len()),
            stories: 1,
            articles: texts.ids.len(),
            pairs,
            edges: article_edges(&graph),
            wall_seconds: t0.elapsed().as_secs_f64(),
            cpu_seconds: cpu_seconds() - c0,
            peak_rss_mib: peak_rss_mib(),
        };
        output::status(&format!(
            "{}: {} pairs aligned, {} edges, {:.3} s wall, {:.3} s CPU",
            run.name, run.pairs, run.edges, run.wall_seconds, run.cpu_seconds
        ));
        runs.push(run);
    }

    // (b) Every story: texts read serially (one store), stories aligned in parallel.
    if a.all {
        let ids = store.story_ids()?;
        let (c0, t0) = (cpu_seconds(), Instant::now());
        let mut total = Run {
            name: "every story".into(),
            stories: ids.len(),
            ..Default::default()
        };
        for chunk in ids.chunks(2048) {
            let batch: Vec<StoryTexts> = chunk
                .iter()
                .map(|&id| story_texts(&store, id, &boilerplate, usize::MAX))
                .collect::<anyhow::Result<_>>()?;
            let done: Vec<(usize, usize, usize)> = batch
                .par_iter()
                .map(|s| {
                    let (graph, pairs) = parallel_provenance(&inputs(s), &params);
                    (s.ids.len(), pairs, article_edges(&graph))
                })
                .collect();
            for (n, p, e) in done {
                total.articles += n;
                total.pairs += p;
                total.edges += e;
            }
        }
        total.wall_seconds = t0.elapsed().as_secs_f64();
        total.cpu_seconds = cpu_seconds() - c0;
        total.peak_rss_mib = peak_rss_mib();
        output::status(&format!(
            "every story: {} stories, {} articles, {} pairs aligned, {} edges, {:.1} s wall, {:.1} s CPU, peak RSS {:.0} MiB (whole process)",
            total.stories,
            total.articles,
            total.pairs,
            total.edges,
            total.wall_seconds,
            total.cpu_seconds,
            total.peak_rss_mib
        ));
        runs.push(total);
    }

    let report = Report {
        date: today(),
        machine: machine(),
        threads: rayon::current_num_threads(),
        corpus: a.jsonl.display().to_string(),
        ingest_link_seconds,
        runs,
    };
    std::fs::create_dir_all(&a.out).with_context(|| format!("creating {}", a.out.display()))?;
    let file = a.out.join(format!("{}-align.json", report.date));
    std::fs::write(&file, serde_json::to_string_pretty(&report)?)
        .with_context(|| format!("writing {}", file.display()))?;
    if g.json {
        output::json(&report)?;
    }
    output::status(&format!("written to {}", file.display()));
    Ok(crate::exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_provenance_equals_the_serial_one() {
        let base = "The harbour bridge in Northport reopened on Friday after three weeks of storm repairs, the port authority said.\n\nEngineers replaced forty cables and repainted the main span.";
        let texts = [
            base.to_string(),
            format!("{base}\n\nFerry operators welcomed the news."),
            base.replace("forty", "fifty"),
            "A football match in the city stadium ended in a draw on Sunday evening.".to_string(),
        ];
        let ids = ["a", "b", "c", "d"];
        let inputs: Vec<ProvenanceInput<'_>> = texts
            .iter()
            .zip(ids)
            .enumerate()
            .map(|(k, (t, id))| ProvenanceInput {
                id,
                outlet: Some(id),
                time: Some(100 * k as i64),
                text: t,
                credits: Vec::new(),
            })
            .collect();
        let params = ProvenanceParams::default();
        let (graph, pairs) = parallel_provenance(&inputs, &params);
        assert_eq!(pairs, 6, "each article against every earlier one");
        assert_eq!(graph, parallax_align::provenance(&inputs, &params));
        assert!(graph.edges.iter().any(|e| e.from == "a" && e.to == "b"));
    }
}
