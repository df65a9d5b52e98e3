//! `parallax eval stories DATASET`: story clustering against gold story labels (the eval-dev
//! `stories/*.jsonl` format, or a `gen_corpus.py` corpus with its `.truth.tsv`), streamed in
//! file order, with BCubed and ARI, beside a plain TF-IDF online baseline run in the same
//! process. `--pairs` writes the labelled rows that the join model is fitted on.

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use parallax_cluster::{StoryClusterer, StoryFeatures, StoryParams};
use serde::{Deserialize, Serialize};

use super::metrics::{cluster_scores, ClusterScore};
use crate::cli::{EvalStoriesArgs, Global};
use crate::link::{epoch_seconds, Redirects};
use crate::output;
use crate::UserError;

#[derive(Deserialize)]
struct Doc {
    #[serde(default)]
    id: Option<String>,
    /// Gold story; absent in a generated corpus, whose truth file gives it.
    #[serde(default)]
    story: Option<String>,
    #[serde(default)]
    topic: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    /// The publishing outlet (a host or site name), whose own name is not a feature of the
    /// event.
    #[serde(default)]
    outlet: Option<String>,
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
    /// Wall seconds of the features, summed over chunks (on all worker threads but one).
    features_seconds: f64,
    /// Wall seconds of the clustering, summed over chunks (one thread).
    cluster_seconds: f64,
    /// Wall seconds of the whole story stage: the next chunk's features overlap the current
    /// chunk's clustering.
    stage_seconds: f64,
}

/// The truth file of a generated corpus: `PREFIX.truth.tsv` beside `PREFIX.jsonl`.
fn truth_path(dataset: &Path) -> PathBuf {
    let name = dataset.file_name().map_or_else(String::new, |n| {
        let n = n.to_string_lossy();
        n.strip_suffix(".jsonl").unwrap_or(&n).to_string()
    });
    dataset.with_file_name(format!("{name}.truth.tsv"))
}

/// Gold stories by article id from a truth file (`id<TAB>story<TAB>…`, with a header).
fn read_truth(path: &Path) -> anyhow::Result<HashMap<String, String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?.to_string(), f.next()?.to_string()))
        })
        .collect())
}

/// Streams the documents with gold stories into a clusterer that follows the gold labels,
/// and writes, per article, how it compared with each candidate story: the data set, the
/// article's position, 1 if the candidate is its gold story (else 0), and the join model's
/// inputs. An article whose gold story is not among the rows opens a story or arrived too
/// late for it; a line with `-` in place of the label marks one without any candidate.
fn write_pairs(
    docs: &[Doc],
    gold: &[&str],
    params: StoryParams,
    path: &Path,
) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
    );
    let set = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let mut c = StoryClusterer::new(params);
    let mut ids: HashMap<&str, u32> = HashMap::new();
    for (i, (d, g)) in docs.iter().zip(gold).enumerate() {
        let f = features(d, &params);
        let (story, rows) = c.add_to(&f, ids.get(g).copied());
        ids.insert(g, story);
        if rows.is_empty() {
            writeln!(out, "{set}\t{i}\t-")?;
        }
        for (candidate, sim) in rows {
            let inputs: Vec<String> = sim.inputs().iter().map(|x| x.to_string()).collect();
            writeln!(
                out,
                "{set}\t{i}\t{}\t{}",
                u8::from(candidate == story),
                inputs.join("\t")
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Relabels every article placed in a story that was later merged away with the story it
/// ended in.
fn follow_merges(assigned: &mut [u32], merges: &Redirects) {
    for story in assigned {
        *story = merges.resolve(*story);
    }
}

/// Writes, per document in stream order, its id, gold story and both systems' stories.
fn write_dump(
    path: &Path,
    docs: &[Doc],
    gold: &[&str],
    ours: &[u32],
    baseline: &[u32],
) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
    );
    for (i, d) in docs.iter().enumerate() {
        let line = serde_json::json!({
            "line": i + 1,
            "id": d.id,
            "gold": gold[i],
            "parallax": ours[i],
            "baseline": baseline[i],
        });
        writeln!(out, "{line}")?;
    }
    out.flush()
        .with_context(|| format!("writing {}", path.display()))
}

fn features(d: &Doc, params: &StoryParams) -> StoryFeatures {
    StoryFeatures::of_language(
        d.title.as_deref(),
        d.text.as_deref().unwrap_or(""),
        d.date.as_deref().and_then(epoch_seconds),
        params,
        d.lang.as_deref(),
    )
    .without_outlet_name(&outlet_key(d))
}

/// The document's outlet as the store keys it (`www.stltoday.com` → `stltoday.com`), so that
/// the features leave out the same names as the link stage's; empty when there is none.
fn outlet_key(d: &Doc) -> String {
    d.outlet
        .as_deref()
        .and_then(parallax_ingest::outlet_key)
        .unwrap_or_default()
}

/// Documents whose features are computed together while the previous ones are clustered.
const CHUNK: usize = 4_096;

/// Seconds of one system's story stage.
struct Timing {
    /// Features, thread-seconds summed over chunks (helper threads, and the clusterer's
    /// thread once it is done with a chunk).
    features: f64,
    /// Clustering, summed over chunks (one thread).
    cluster: f64,
    /// The whole stage, wall clock: features of the next chunk overlap the clustering of the
    /// current one, as in the link stage.
    stage: f64,
}

/// Clusters the documents; returns the stories, their count and the [`Timing`]. Features are
/// order-free and computed a chunk ahead ([`crate::link::overlapped`]) while the clusterer (serial,
/// in input order) takes the current chunk, as the link stage does; the result does not
/// depend on it.
fn run_system(docs: &[Doc], params: StoryParams) -> anyhow::Result<(Vec<u32>, usize, Timing)> {
    run_chunked(docs, params, CHUNK)
}

/// [`run_system`] with chunks of `chunk` documents.
fn run_chunked(
    docs: &[Doc],
    params: StoryParams,
    chunk: usize,
) -> anyhow::Result<(Vec<u32>, usize, Timing)> {
    use crate::link::overlapped;
    use rayon::prelude::*;
    let t0 = Instant::now();
    let chunks: Vec<&[Doc]> = crate::link::steps(docs, chunk);
    let mut c = StoryClusterer::new(params);
    let mut assigned: Vec<u32> = Vec::with_capacity(docs.len());
    // Stories merged away, and the story each went into: an article placed before a merge
    // belongs to the surviving story, as `parallax story` shows it.
    let mut merges = Redirects::default();
    // Thread-seconds spent on features, and seconds in the clusterer.
    let (mut features_seconds, mut cluster_seconds) = (0.0, 0.0);
    // The first chunk has every worker: nothing else runs yet.
    let t = Instant::now();
    let mut next: Option<Vec<StoryFeatures>> = chunks
        .first()
        .map(|chunk| chunk.par_iter().map(|d| features(d, &params)).collect());
    features_seconds += t.elapsed().as_secs_f64();
    for i in 0..chunks.len() {
        let current = next.take().expect("prepared ahead");
        let upcoming = chunks.get(i + 1).copied();
        let compute = |k: usize| {
            features(
                &upcoming.expect("only called with a next chunk")[k],
                &params,
            )
        };
        let (seconds, prepared, ahead_seconds) =
            overlapped(upcoming.map_or(0, <[Doc]>::len), compute, || {
                let t = Instant::now();
                for f in &current {
                    let a = c.add(f);
                    for m in &a.merged {
                        merges.0.insert(m.absorbed, a.story);
                    }
                    assigned.push(a.story);
                }
                t.elapsed().as_secs_f64()
            });
        cluster_seconds += seconds;
        features_seconds += ahead_seconds;
        next = Some(prepared);
    }
    follow_merges(&mut assigned, &merges);
    let timing = Timing {
        features: features_seconds,
        cluster: cluster_seconds,
        stage: t0.elapsed().as_secs_f64(),
    };
    Ok((assigned, c.stories(), timing))
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
        .take(a.limit.unwrap_or(usize::MAX))
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{}:{}", a.dataset.display(), i + 1))
        })
        .collect::<anyhow::Result<_>>()?;
    let truth = if docs.iter().all(|d| d.story.is_some()) {
        HashMap::new()
    } else {
        let path = truth_path(&a.dataset);
        if !path.exists() {
            return Err(UserError(format!(
                "{}: some lines have no \"story\" and there is no truth file {} beside it",
                a.dataset.display(),
                path.display()
            ))
            .into());
        }
        read_truth(&path)?
    };
    let gold: Vec<&str> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            d.story
                .as_deref()
                .or_else(|| {
                    d.id.as_deref()
                        .and_then(|id| truth.get(id))
                        .map(String::as_str)
                })
                .ok_or_else(|| {
                    UserError(format!(
                        "{}:{}: no gold story (no \"story\", and its id is not in the truth file)",
                        a.dataset.display(),
                        i + 1
                    ))
                })
        })
        .collect::<Result<_, _>>()?;
    let ours = StoryParams {
        threshold: a.threshold,
        window_secs: a.window_days * 86_400,
        merge_threshold: a.merge_threshold,
        time_scale_secs: a.time_scale_days * 86_400.0,
        archive_secs: a.archive_days * 86_400,
        reopen_threshold: a.reopen_threshold,
        ..StoryParams::default()
    };
    // Plain TF-IDF: cosine to the centroid, one threshold, no names or numbers, no time
    // proximity, no merges.
    let baseline = StoryParams {
        threshold: a.baseline_threshold,
        use_entities: false,
        time_scale_secs: 0.0,
        merge_threshold: f64::INFINITY,
        archive_secs: 0,
        ..ours
    };
    if let Some(path) = &a.pairs {
        write_pairs(&docs, &gold, ours, path)?;
    }
    let mut rows = Vec::new();
    // Each system's stories, in document order, for --dump.
    let mut placed: Vec<Vec<u32>> = Vec::new();
    for (name, params) in [("parallax", ours), ("tfidf-baseline", baseline)] {
        let (assigned, stories, timing) = run_system(&docs, params)?;
        let score = cluster_scores(&assigned, &gold);
        let within_topic_f1 = if docs.iter().all(|d| d.topic.is_some()) {
            let mut by_topic: BTreeMap<&str, (Vec<u32>, Vec<&str>)> = BTreeMap::new();
            for (d, s) in docs.iter().zip(&assigned) {
                let e = by_topic
                    .entry(d.topic.as_deref().unwrap_or(""))
                    .or_default();
                e.0.push(*s);
                e.1.push(d.story.as_deref().unwrap_or(""));
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
            features_seconds: timing.features,
            cluster_seconds: timing.cluster,
            stage_seconds: timing.stage,
        });
        placed.push(assigned);
    }
    if let Some(path) = &a.dump {
        write_dump(path, &docs, &gold, &placed[0], &placed[1])?;
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
                format!("{:.2}", r.features_seconds),
                format!("{:.2}", r.cluster_seconds),
                format!("{:.2}", r.stage_seconds),
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
            "FEATURES S",
            "CLUSTER S",
            "STAGE S",
        ],
        &body,
    ))?;
    Ok(crate::exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_follow_their_story_through_merges() {
        // Story 1 merged into 2, and 2 later into 5; story 3 never merged.
        let merges = Redirects(HashMap::from([(1, 2), (2, 5)]));
        let mut assigned = vec![1, 2, 3, 5, 1];
        follow_merges(&mut assigned, &merges);
        assert_eq!(assigned, vec![5, 5, 3, 5, 5]);
    }

    /// Features computed a chunk ahead give the stories of one article after another.
    #[test]
    fn the_outlets_own_name_is_left_out_as_the_link_stage_leaves_it_out() {
        let doc = |outlet: Option<&str>| Doc {
            id: None,
            story: None,
            topic: None,
            date: None,
            title: Some("Bridge reopens after repairs".into()),
            text: Some(
                "The Harbor Bridge reopened on Monday, Mayor Ana Ruiz said, the Valley Times \
                 reported."
                    .into(),
            ),
            lang: Some("en".into()),
            outlet: outlet.map(str::to_string),
        };
        let params = StoryParams::default();
        let plain = features(&doc(None), &params).features;
        let by_host = features(&doc(Some("www.Valley-Times.example")), &params).features;
        // The outlet's name goes; the event's names stay.
        assert!(by_host.len() < plain.len(), "{by_host:?} against {plain:?}");
        assert!(by_host.iter().all(|f| plain.contains(f)));
        // Keyed as the store keys it: the same names go as in the link stage, where the
        // article's outlet is already `valley-times.example`.
        let stored = StoryFeatures::of_language(
            doc(None).title.as_deref(),
            doc(None).text.as_deref().unwrap_or(""),
            None,
            &params,
            Some("en"),
        )
        .without_outlet_name("valley-times.example");
        assert_eq!(by_host, stored.features);
    }

    #[test]
    fn chunked_stage_gives_the_serial_stories() {
        let events = [
            "Flooding closed the harbour bridge in Brest after the storm surge",
            "Lyon council voted the new tram line budget for the eastern districts",
            "Vaccination campaign in Dakar reached rural clinics this week",
        ];
        let docs: Vec<Doc> = (0..24)
            .map(|i| Doc {
                id: Some(i.to_string()),
                story: None,
                topic: None,
                date: Some(format!("2024-03-{:02}", 1 + i / 3)),
                title: None,
                text: Some(format!(
                    "{} said officials on day {}. {}",
                    events[i % 3],
                    i / 3,
                    events[i % 3]
                )),
                lang: Some("en".into()),
                outlet: None,
            })
            .collect();
        let params = StoryParams::default();
        let mut serial = StoryClusterer::new(params);
        let mut merges = Redirects::default();
        let mut expected: Vec<u32> = docs
            .iter()
            .map(|d| {
                let a = serial.add(&features(d, &params));
                merges
                    .0
                    .extend(a.merged.iter().map(|m| (m.absorbed, a.story)));
                a.story
            })
            .collect();
        follow_merges(&mut expected, &merges);
        assert!(
            expected
                .iter()
                .collect::<std::collections::HashSet<_>>()
                .len()
                > 1,
            "the fixture has more than one story"
        );
        for chunk in [1, 5, 24, CHUNK] {
            let (got, stories, _) = run_chunked(&docs, params, chunk).unwrap();
            assert_eq!(got, expected, "chunks of {chunk}");
            assert_eq!(stories, serial.stories());
        }
    }
}
