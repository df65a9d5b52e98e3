//! `parallax eval stories DATASET`: story clustering against gold story labels (the eval-dev
//! `stories/*.jsonl` format), streamed in file order, with BCubed and ARI, beside a plain
//! TF-IDF online baseline run in the same process.

use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::Context as _;
use parallax_cluster::{StoryClusterer, StoryFeatures, StoryParams};
use serde::{Deserialize, Serialize};

use super::metrics::{cluster_scores, ClusterScore};
use crate::cli::{EvalStoriesArgs, Global};
use crate::output;
use crate::UserError;

#[derive(Deserialize)]
struct Doc {
    story: String,
    #[serde(default)]
    topic: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    /// ISO 639-1 code, where the data set gives one (otherwise recognised from the text).
    #[serde(default, alias = "language")]
    lang: Option<String>,
}

#[derive(Serialize)]
struct Row {
    system: &'static str,
    documents: usize,
    stories: usize,
    #[serde(flatten)]
    score: ClusterScore,
    /// Mean BCubed F1 within each topic (ECB+ only).
    within_topic_f1: Option<f64>,
    seconds: f64,
}

fn epoch_seconds(date: &str) -> Option<i64> {
    let d = date.get(..10)?;
    let mut it = d.split('-').map(|x| x.parse::<i64>().ok());
    let (y, m, day) = (it.next()??, it.next()??, it.next()??);
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400)
}

fn run_system(docs: &[Doc], params: StoryParams) -> (Vec<u32>, usize, f64) {
    let t0 = Instant::now();
    let mut c = StoryClusterer::new(params);
    let assigned: Vec<u32> = docs
        .iter()
        .map(|d| {
            let f = StoryFeatures::of_language(
                d.title.as_deref(),
                d.text.as_deref().unwrap_or(""),
                d.date.as_deref().and_then(epoch_seconds),
                &params,
                d.lang.as_deref(),
            );
            c.add(&f).story
        })
        .collect();
    (assigned, c.stories(), t0.elapsed().as_secs_f64())
}

pub(crate) fn run(g: &Global, a: &EvalStoriesArgs) -> anyhow::Result<u8> {
    if !a.dataset.exists() {
        return Err(UserError(format!(
            "{}: not found (e.g. ../shared/eval-dev/stories/gva-2013-2015.jsonl)",
            a.dataset.display()
        ))
        .into());
    }
    let docs: Vec<Doc> = std::fs::read_to_string(&a.dataset)
        .with_context(|| format!("reading {}", a.dataset.display()))?
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{}:{}", a.dataset.display(), i + 1))
        })
        .collect::<anyhow::Result<_>>()?;
    let gold: Vec<&str> = docs.iter().map(|d| d.story.as_str()).collect();
    let ours = StoryParams {
        threshold: a.threshold,
        window_secs: a.window_days * 86_400,
        merge_threshold: a.merge_threshold,
        time_scale_secs: a.time_scale_days * 86_400.0,
        ..StoryParams::default()
    };
    // Plain TF-IDF: cosine to the centroid, one threshold, no names or numbers, no time
    // proximity, no merges.
    let baseline = StoryParams {
        threshold: a.baseline_threshold,
        use_entities: false,
        time_scale_secs: 0.0,
        merge_threshold: f64::INFINITY,
        ..ours
    };
    let mut rows = Vec::new();
    for (name, params) in [("parallax", ours), ("tfidf-baseline", baseline)] {
        let (assigned, stories, seconds) = run_system(&docs, params);
        let score = cluster_scores(&assigned, &gold);
        let within_topic_f1 = if docs.iter().all(|d| d.topic.is_some()) {
            let mut by_topic: BTreeMap<&str, (Vec<u32>, Vec<&str>)> = BTreeMap::new();
            for (d, s) in docs.iter().zip(&assigned) {
                let e = by_topic
                    .entry(d.topic.as_deref().unwrap_or(""))
                    .or_default();
                e.0.push(*s);
                e.1.push(d.story.as_str());
            }
            let f1s: Vec<f64> = by_topic
                .values()
                .map(|(p, l)| cluster_scores(p, l).f1)
                .collect();
            Some(f1s.iter().sum::<f64>() / f1s.len().max(1) as f64)
        } else {
            None
        };
        rows.push(Row {
            system: name,
            documents: docs.len(),
            stories,
            score,
            within_topic_f1,
            seconds,
        });
    }
    let gold_stories = gold.iter().collect::<std::collections::HashSet<_>>().len();
    if g.json {
        output::json(&rows)?;
        return Ok(crate::exit::OK);
    }
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.system.to_string(),
                r.documents.to_string(),
                format!("{} (gold {gold_stories})", r.stories),
                format!("{:.3}", r.score.precision),
                format!("{:.3}", r.score.recall),
                format!("{:.3}", r.score.f1),
                format!("{:.3}", r.score.ari),
                r.within_topic_f1.map_or("-".into(), |f| format!("{f:.3}")),
                format!("{:.2}", r.seconds),
            ]
        })
        .collect();
    output::out(&output::table(
        &[
            "SYSTEM",
            "DOCS",
            "STORIES",
            "BCUBED P",
            "BCUBED R",
            "BCUBED F1",
            "ARI",
            "TOPIC F1",
            "SECONDS",
        ],
        &body,
    ))?;
    Ok(crate::exit::OK)
}
