//! `parallax eval dups CORPUS`: near-duplicate pairs found by Parallax against the exact-Jaccard
//! truth on a corpus made by `gen_corpus.py`, whose `.truth.tsv` names each article's story.
//!
//! Truth: every pair of articles of the same story whose shingle sets have exact Jaccard at or
//! above the threshold (copies never cross stories in the generator, so all-pairs within a
//! story is exhaustive). Prediction: the pairs the LSH index reports, each verified by exact
//! Jaccard.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use parallax_cluster::{NearDuplicates, Params, Shingles, Signature};
use rayon::prelude::*;
use serde::Serialize;

use crate::cli::{EvalDupsArgs, Global};
use crate::output;
use crate::UserError;

#[derive(Serialize)]
struct DupsReport {
    articles: usize,
    threshold: f64,
    truth_pairs: usize,
    predicted_pairs: usize,
    true_positives: usize,
    precision: f64,
    recall: f64,
    containment_links: usize,
    shingle_seconds: f64,
    index_seconds: f64,
    /// Other tools' pairs, scored against the same truth.
    peers: Vec<PeerScore>,
}

#[derive(Serialize)]
struct PeerScore {
    name: String,
    predicted_pairs: usize,
    true_positives: usize,
    precision: f64,
    recall: f64,
    /// Pairs naming ids the corpus does not have.
    unknown_ids: usize,
}

/// Reads a peer's `id_a<TAB>id_b` pairs and scores them against `truth`.
fn score_peer(
    spec: &str,
    index_of: &HashMap<&str, u32>,
    truth: &HashSet<(u32, u32)>,
) -> anyhow::Result<PeerScore> {
    let (name, path) = spec
        .split_once('=')
        .ok_or_else(|| UserError(format!("--peer {spec:?}: expected NAME=PAIRS.tsv")))?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| UserError(format!("--peer {name}: reading {path}: {e}")))?;
    let mut predicted: HashSet<(u32, u32)> = HashSet::new();
    let mut unknown_ids = 0;
    for (n, line) in text.lines().enumerate() {
        let Some((x, y)) = line.split_once('\t') else {
            if line.trim().is_empty() {
                continue;
            }
            return Err(UserError(format!("{path}:{}: expected id_a<TAB>id_b", n + 1)).into());
        };
        match (index_of.get(x.trim()), index_of.get(y.trim())) {
            (Some(&i), Some(&j)) if i != j => {
                predicted.insert((i.min(j), i.max(j)));
            }
            _ => unknown_ids += 1,
        }
    }
    let (tp, precision, recall) = pair_scores(&predicted, truth);
    Ok(PeerScore {
        name: name.to_string(),
        predicted_pairs: predicted.len(),
        true_positives: tp,
        precision,
        recall,
        unknown_ids,
    })
}

/// The truth file of a `gen_corpus.py` corpus: the one given, else `PREFIX.truth.tsv` beside
/// `PREFIX.jsonl`.
pub(crate) fn truth_file(corpus: &Path, given: Option<&Path>) -> PathBuf {
    given.map(Path::to_path_buf).unwrap_or_else(|| {
        let s = corpus.display().to_string();
        format!("{}.truth.tsv", s.strip_suffix(".jsonl").unwrap_or(&s)).into()
    })
}

/// Pair precision and recall of `predicted` against `truth`: (true positives, P, R).
fn pair_scores(predicted: &HashSet<(u32, u32)>, truth: &HashSet<(u32, u32)>) -> (usize, f64, f64) {
    let tp = predicted.intersection(truth).count();
    (
        tp,
        tp as f64 / predicted.len().max(1) as f64,
        tp as f64 / truth.len().max(1) as f64,
    )
}

pub(crate) fn run(g: &Global, a: &EvalDupsArgs) -> anyhow::Result<u8> {
    let truth_path = truth_file(&a.corpus, a.truth.as_deref());
    if !a.corpus.exists() {
        return Err(UserError(format!(
            "{}: no such corpus; make one with bench/setup.sh",
            a.corpus.display()
        ))
        .into());
    }
    if !truth_path.exists() {
        return Err(UserError(format!(
            "{}: no truth file; pass --truth",
            truth_path.display()
        ))
        .into());
    }
    let mut story_of: HashMap<String, String> = HashMap::new();
    for (i, line) in std::fs::read_to_string(&truth_path)
        .with_context(|| format!("reading {}", truth_path.display()))?
        .lines()
        .enumerate()
        .skip(1)
    {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 {
            return Err(UserError(format!(
                "{}:{}: expected id and story columns",
                truth_path.display(),
                i + 1
            ))
            .into());
        }
        story_of.insert(cols[0].to_string(), cols[1].to_string());
    }
    // Read ids and texts in file order.
    let file = std::fs::File::open(&a.corpus)
        .with_context(|| format!("opening {}", a.corpus.display()))?;
    let mut ids = Vec::new();
    let mut texts = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", a.corpus.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}", a.corpus.display(), i + 1))?;
        ids.push(v["id"].as_str().unwrap_or_default().to_string());
        texts.push(v["text"].as_str().unwrap_or_default().to_string());
        if a.limit.is_some_and(|n| ids.len() >= n) {
            break;
        }
    }
    let t0 = Instant::now();
    let (shingles, signatures): (Vec<Shingles>, Vec<Signature>) = texts
        .par_iter()
        .map(|t| {
            let s = Shingles::of(t);
            let sig = Signature::of(&s);
            (s, sig)
        })
        .unzip();
    let shingle_seconds = t0.elapsed().as_secs_f64();
    // Truth: all pairs within a story at exact Jaccard ≥ threshold (before the index job,
    // which takes the shingle sets).
    let mut by_story: HashMap<&str, Vec<u32>> = HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        if let Some(s) = story_of.get(id) {
            by_story.entry(s.as_str()).or_default().push(i as u32);
        }
    }
    let truth: HashSet<(u32, u32)> = by_story
        .par_iter()
        .flat_map_iter(|(_, members)| {
            let mut pairs = Vec::new();
            for (x, &i) in members.iter().enumerate() {
                for &j in &members[x + 1..] {
                    if shingles[i as usize].jaccard(&shingles[j as usize]) >= a.threshold {
                        pairs.push((i.min(j), i.max(j)));
                    }
                }
            }
            pairs
        })
        .collect();
    let params = Params {
        jaccard: a.threshold,
        ..Params::default()
    };
    let t1 = Instant::now();
    let mut index = NearDuplicates::new(params);
    index.reserve(shingles.len());
    let mut predicted: HashSet<(u32, u32)> = HashSet::new();
    let mut containment_links = 0usize;
    let docs: Vec<(u32, Shingles, &Signature)> = shingles
        .into_iter()
        .zip(&signatures)
        .enumerate()
        .map(|(i, (s, sig))| (i as u32, s, sig))
        .collect();
    let found = index.insert_batch(docs, &mut |_| None);
    for (i, links) in found.into_iter().enumerate() {
        for link in links {
            if link.is_near_duplicate(&params) {
                predicted.insert((link.other, i as u32));
            } else {
                containment_links += 1;
            }
        }
    }
    let index_seconds = t1.elapsed().as_secs_f64();
    let (tp, precision, recall) = pair_scores(&predicted, &truth);
    let index_of: HashMap<&str, u32> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i as u32))
        .collect();
    let peers = a
        .peer
        .iter()
        .map(|spec| score_peer(spec, &index_of, &truth))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let report = DupsReport {
        articles: ids.len(),
        threshold: a.threshold,
        truth_pairs: truth.len(),
        predicted_pairs: predicted.len(),
        true_positives: tp,
        precision,
        recall,
        containment_links,
        shingle_seconds,
        index_seconds,
        peers,
    };
    if g.json {
        output::json(&report)?;
    } else {
        output::out(&format!(
            "articles            {}\nthreshold           Jaccard ≥ {}\ntruth pairs         {}\npredicted pairs     {}\ntrue positives      {}\nprecision           {:.4}\nrecall              {:.4}\ncontainment links   {} (below the Jaccard threshold)\nshingles + MinHash  {:.2} s ({} threads)\nLSH + verification  {:.2} s ({} threads)",
            report.articles,
            report.threshold,
            report.truth_pairs,
            report.predicted_pairs,
            report.true_positives,
            report.precision,
            report.recall,
            report.containment_links,
            report.shingle_seconds,
            rayon::current_num_threads(),
            report.index_seconds,
            rayon::current_num_threads()
        ))?;
        for p in &report.peers {
            output::out(&format!(
                "peer {:<15} {} pairs, precision {:.4}, recall {:.4}{}",
                p.name,
                p.predicted_pairs,
                p.precision,
                p.recall,
                if p.unknown_ids > 0 {
                    format!(" ({} pairs with unknown ids)", p.unknown_ids)
                } else {
                    String::new()
                }
            ))?;
        }
    }
    Ok(crate::exit::OK)
}
