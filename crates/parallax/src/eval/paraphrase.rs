//! `parallax eval paraphrase [PATH]`: the sentence-level paraphrase decision that alignment
//! uses to label a passage *paraphrase*, scored on labelled sentence pairs (the eval-dev
//! `paraphrase/msrp-*.jsonl` format) by accuracy and F1 of class 1, beside two baselines run
//! in the same process: word-set Jaccard with its best threshold, and "always paraphrase".

use std::collections::HashSet;
use std::io::BufRead;

use anyhow::Context as _;
use parallax_align::{paraphrase_similarity, AlignParams, EnglishTerms};
use serde::{Deserialize, Serialize};

use super::metrics::{best_threshold, binary, Binary};
use crate::cli::{EvalParaphraseArgs, Global};
use crate::output;
use crate::UserError;

#[derive(Deserialize)]
struct PairRow {
    label: u8,
    a: String,
    b: String,
}

#[derive(Serialize)]
struct Row {
    system: String,
    /// The decision threshold on the system's score, where it has one.
    threshold: Option<f64>,
    /// True when the threshold was chosen on the scored data itself (an upper bound).
    tuned_on_this_data: bool,
    #[serde(flatten)]
    score: Binary,
}

/// Jaccard of the lower-cased word sets of two sentences: the plain word-overlap baseline.
fn word_jaccard(a: &str, b: &str) -> f64 {
    let set = |t: &str| -> HashSet<String> {
        parallax_text::words(t)
            .map(|w| w.slice(t).to_lowercase())
            .collect()
    };
    let (x, y) = (set(a), set(b));
    let union = x.union(&y).count();
    if union == 0 {
        return 0.0;
    }
    x.intersection(&y).count() as f64 / union as f64
}

/// Reads the labelled pairs; a line that does not parse is an error naming file and line.
fn read_pairs(path: &std::path::Path) -> anyhow::Result<Vec<PairRow>> {
    let file = std::fs::File::open(path).map_err(|e| {
        UserError(format!(
            "{}: {e}; the eval-dev data lives in ../shared/eval-dev",
            path.display()
        ))
    })?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", path.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let row: PairRow = serde_json::from_str(&line).map_err(|e| {
            UserError(format!(
                "{}:{}: not a labelled pair ({{label, a, b}}): {e}",
                path.display(),
                i + 1
            ))
        })?;
        out.push(row);
    }
    Ok(out)
}

/// Scores every system on `pairs`, in the order they are printed.
fn score(pairs: &[PairRow], params: &AlignParams) -> Vec<Row> {
    let ours: Vec<_> = pairs
        .iter()
        .map(|p| {
            (
                paraphrase_similarity(&p.a, &p.b, &EnglishTerms),
                p.label == 1,
            )
        })
        .collect();
    let jaccard: Vec<(f64, bool)> = pairs
        .iter()
        .map(|p| (word_jaccard(&p.a, &p.b), p.label == 1))
        .collect();
    // Our score with the shared-terms floor kept, for the oracle threshold.
    let ours_scored: Vec<(f64, bool)> = ours
        .iter()
        .map(|(s, g)| {
            let floor = s.shared >= params.paraphrase_min_shared;
            (if floor { s.score } else { 0.0 }, *g)
        })
        .collect();
    let (t_ours, best_ours) = best_threshold(&ours_scored);
    let (t_jac, best_jac) = best_threshold(&jaccard);
    vec![
        Row {
            system: "parallax (alignment's decision)".into(),
            threshold: Some(params.paraphrase_min_score),
            tuned_on_this_data: false,
            score: binary(ours.iter().map(|(s, g)| (s.is_paraphrase(params), *g))),
        },
        Row {
            system: "parallax, best threshold".into(),
            threshold: Some(t_ours),
            tuned_on_this_data: true,
            score: best_ours,
        },
        Row {
            system: "word Jaccard, best threshold".into(),
            threshold: Some(t_jac),
            tuned_on_this_data: true,
            score: best_jac,
        },
        Row {
            system: "always paraphrase".into(),
            threshold: None,
            tuned_on_this_data: false,
            score: binary(pairs.iter().map(|p| (true, p.label == 1))),
        },
    ]
}

pub(crate) fn run(g: &Global, a: &EvalParaphraseArgs) -> anyhow::Result<u8> {
    let pairs = read_pairs(&a.dataset)?;
    if pairs.is_empty() {
        return Err(UserError(format!("{}: no labelled pairs", a.dataset.display())).into());
    }
    let params = AlignParams::default();
    let rows = score(&pairs, &params);
    if g.json {
        output::json(&rows)?;
        return Ok(crate::exit::OK);
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.system.clone(),
                r.threshold.map_or("-".into(), |t| {
                    format!("{t:.3}{}", if r.tuned_on_this_data { "*" } else { "" })
                }),
                format!("{:.3}", r.score.accuracy),
                format!("{:.3}", r.score.precision),
                format!("{:.3}", r.score.recall),
                format!("{:.3}", r.score.f1),
            ]
        })
        .collect();
    output::out(&format!(
        "{} pairs, {} labelled paraphrase\n{}\n* threshold chosen for the best accuracy on these same pairs (an upper bound for that system)",
        pairs.len(),
        rows[0].score.gold,
        output::table(
            &["system", "threshold", "accuracy", "precision", "recall", "F1"],
            &table
        )
    ))?;
    Ok(crate::exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaccard_of_word_sets_ignores_case_and_repeats() {
        assert!((word_jaccard("The cat the cat", "the CAT sat") - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(word_jaccard("", ""), 0.0);
    }

    #[test]
    fn scores_every_system_on_the_same_pairs() {
        let pairs = vec![
            PairRow {
                label: 1,
                a: "The army killed 17 protesters near the fence on Friday.".into(),
                b: "On Friday soldiers killed 17 protesters close to the border fence.".into(),
            },
            PairRow {
                label: 0,
                a: "Shares of the company rose 4 percent in early trading.".into(),
                b: "The minister resigned after a week of protests in the capital.".into(),
            },
        ];
        let rows = score(&pairs, &AlignParams::default());
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0].score.true_positives, 1);
        assert!((rows[0].score.accuracy - 1.0).abs() < 1e-12);
        assert!((rows[3].score.accuracy - 0.5).abs() < 1e-12);
    }
}
