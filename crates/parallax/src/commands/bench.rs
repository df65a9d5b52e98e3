//! `parallax bench ingest`: wall time, CPU time and peak RSS of ingesting a corpus into a fresh
//! store, written to a dated JSON file with the machine's description. Timing is done here,
//! never in tests.

use std::time::Instant;

use anyhow::Context as _;
use parallax_ingest::{expand_inputs, IngestOptions};
use parallax_model::NoReporter;
use parallax_store::Store;
use serde::Serialize;

use crate::cli::{BenchIngestArgs, Global, HtmlExtractor};
use crate::output;
use crate::pipeline;
use crate::UserError;

#[derive(Serialize)]
struct Measurement {
    name: String,
    input: String,
    input_bytes: u64,
    articles_stored: u64,
    rejected: u64,
    wall_seconds: f64,
    cpu_seconds: f64,
    articles_per_second: f64,
    peak_rss_mib: f64,
    /// Story BCubed against the corpus's truth, for the link stage.
    #[serde(skip_serializing_if = "Option::is_none")]
    stories: Option<crate::eval::metrics::ClusterScore>,
}

#[derive(Serialize)]
struct BenchReport {
    date: String,
    machine: String,
    threads: usize,
    measurements: Vec<Measurement>,
}

pub(super) fn ingest(g: &Global, a: &BenchIngestArgs) -> anyhow::Result<u8> {
    if a.jsonl.is_none() && a.html.is_none() {
        return Err(UserError("give --jsonl FILE and/or --html DIR".into()).into());
    }
    let mut measurements = Vec::new();
    let opts = IngestOptions {
        html: a.html_extractor.choice(),
        ..IngestOptions::default()
    };
    let tmp_dir = tempfile::tempdir().context("creating a scratch folder")?;
    let tmp = tmp_dir.path();
    for (name, path) in [("jsonl", &a.jsonl), ("html", &a.html)] {
        let Some(path) = path else { continue };
        let inputs = expand_inputs(&[path.display().to_string()])?;
        let input_bytes: u64 = inputs
            .iter()
            .filter_map(|i| match i {
                parallax_ingest::Input::Path(p) => std::fs::metadata(p).ok().map(|m| m.len()),
                _ => None,
            })
            .sum();
        let db = tmp.join(format!("bench-{name}.db"));
        let mut store = Store::open(&db)?;
        let cpu0 = cpu_seconds();
        let t0 = Instant::now();
        let s = pipeline::ingest(&mut store, &inputs, &opts, &NoReporter)?;
        let wall = t0.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu0;
        let stats = store.stats()?;
        anyhow::ensure!(
            stats.articles == s.stored,
            "store holds {} articles, pipeline stored {}",
            stats.articles,
            s.stored
        );
        let m = Measurement {
            name: match (name, a.html_extractor) {
                ("html", HtmlExtractor::Fast) => "ingest html (fast extractor)".to_string(),
                _ => format!("ingest {name}"),
            },
            input: path.display().to_string(),
            input_bytes,
            articles_stored: s.stored,
            rejected: s.rejected,
            wall_seconds: wall,
            cpu_seconds: cpu,
            articles_per_second: s.stored as f64 / wall,
            peak_rss_mib: peak_rss_mib(),
            stories: None,
        };
        output::status(&format!(
            "{}: {} articles stored ({} rejected) from {:.1} MB in {:.2} s wall, {:.2} s CPU → {:.0} articles/s; peak RSS so far {:.0} MiB",
            m.name,
            m.articles_stored,
            m.rejected,
            input_bytes as f64 / 1e6,
            wall,
            cpu,
            m.articles_per_second,
            m.peak_rss_mib
        ));
        measurements.push(m);
        if name == "jsonl" && !a.link.no_link {
            let (ingest_wall, ingest_cpu) = (wall, cpu);
            let cpu0 = cpu_seconds();
            let t0 = Instant::now();
            let l = crate::link::link(
                &mut store,
                super::ingest::link_settings(&a.link),
                &|_, _| {},
            )?;
            let wall = t0.elapsed().as_secs_f64();
            let cpu = cpu_seconds() - cpu0;
            let stories = story_scores(&store, path, a.truth.as_deref())?;
            for (what, wall, cpu, stories) in [
                ("link jsonl (duplicates + stories)", wall, cpu, stories),
                (
                    "ingest + link jsonl",
                    ingest_wall + wall,
                    ingest_cpu + cpu,
                    None,
                ),
            ] {
                let m = Measurement {
                    name: what.into(),
                    input: path.display().to_string(),
                    input_bytes,
                    articles_stored: l.linked as u64,
                    rejected: s.rejected,
                    wall_seconds: wall,
                    cpu_seconds: cpu,
                    articles_per_second: l.linked as f64 / wall,
                    peak_rss_mib: peak_rss_mib(),
                    stories,
                };
                output::status(&format!(
                    "{}: {} articles in {:.2} s wall, {:.2} s CPU → {:.0} articles/s; peak RSS so far {:.0} MiB{}",
                    m.name,
                    m.articles_stored,
                    wall,
                    cpu,
                    m.articles_per_second,
                    m.peak_rss_mib,
                    stories.map_or(String::new(), |s| format!(
                        "; stories BCubed P {:.4} R {:.4} F1 {:.4}",
                        s.precision, s.recall, s.f1
                    ))
                ));
                measurements.push(m);
            }
        }
        drop(store);
        let _ = std::fs::remove_file(&db);
    }
    let report = BenchReport {
        date: today(),
        machine: machine(),
        threads: rayon::current_num_threads(),
        measurements,
    };
    std::fs::create_dir_all(&a.out).with_context(|| format!("creating {}", a.out.display()))?;
    let file = a.out.join(format!("{}-ingest.json", report.date));
    std::fs::write(&file, serde_json::to_string_pretty(&report)?)
        .with_context(|| format!("writing {}", file.display()))?;
    if g.json {
        output::json(&report)?;
    }
    output::status(&format!("written to {}", file.display()));
    Ok(crate::exit::OK)
}

/// Story BCubed of the store against a gen_corpus.py truth file (one row per corpus line, in
/// order, after a header); `None` when there is no truth file.
fn story_scores(
    store: &Store,
    corpus: &std::path::Path,
    truth: Option<&std::path::Path>,
) -> anyhow::Result<Option<crate::eval::metrics::ClusterScore>> {
    let path = crate::eval::dups::truth_file(corpus, truth);
    if !path.exists() {
        return Ok(None);
    }
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let gold_by_line: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split('\t').nth(1).unwrap_or(""))
        .collect();
    let mut predicted = Vec::new();
    let mut gold = Vec::new();
    for (_, location, story) in store.story_assignments()? {
        let loc: serde_json::Value = serde_json::from_str(&location)?;
        if let Some(line) = loc["line"].as_u64() {
            if let Some(g) = gold_by_line.get(line as usize - 1) {
                predicted.push(story);
                gold.push(*g);
            }
        }
    }
    Ok(Some(crate::eval::metrics::cluster_scores(
        &predicted, &gold,
    )))
}

/// User plus system CPU time of this process, from /proc (Linux); 0 elsewhere.
pub(super) fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which may contain spaces) start after the last ')'.
    let rest = stat.rsplit_once(')').map(|x| x.1).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the whole line: 11 and 12 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// Peak resident set size of this process (VmHWM), in MiB.
pub(super) fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

pub(super) fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<f64>().ok())
        })
        .map(|kb| format!("{:.0} GiB", kb / 1024.0 / 1024.0))
        .unwrap_or_default();
    format!(
        "{} cores ({}), {}",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        cpu,
        mem
    )
}

pub(super) fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!("{y:04}-{m:02}-{d:02}")
}
