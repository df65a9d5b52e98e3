//! The metrics, as pure functions, so tests can pin them to hand-computed values.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use xxhash_rust::xxh3::xxh3_64;

/// Tokens as the Scrapinghub benchmark counts them: maximal runs of Unicode letters (L),
/// numbers (N) and `_`, exactly Python's `re` `\w` (combining marks are not word characters).
pub(crate) fn benchmark_tokens(text: &str) -> Vec<&str> {
    static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\p{L}\p{N}_]+").unwrap());
    WORD.find_iter(text).map(|m| m.as_str()).collect()
}

/// The multiset of 4-token shingles (a 1–3 token text is one shingle; empty, none).
fn shingles(tokens: &[&str]) -> HashMap<u64, u32> {
    let mut out = HashMap::new();
    let key = |w: &[&str]| xxh3_64(w.join("\u{1}").as_bytes());
    if tokens.is_empty() {
        return out;
    }
    if tokens.len() < 4 {
        out.insert(key(tokens), 1);
        return out;
    }
    for w in tokens.windows(4) {
        *out.entry(key(w)).or_insert(0) += 1;
    }
    out
}

/// One page's shingle precision and recall (`None` where undefined) and exact-token match.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PageScore {
    pub(crate) precision: Option<f64>,
    pub(crate) recall: Option<f64>,
    pub(crate) exact: bool,
}

/// Scores one predicted text against the gold text.
pub(crate) fn shingle_page(predicted: &str, gold: &str) -> PageScore {
    let (pt, gt) = (benchmark_tokens(predicted), benchmark_tokens(gold));
    let (ps, gs) = (shingles(&pt), shingles(&gt));
    let tp: u32 = ps
        .iter()
        .map(|(k, &n)| n.min(*gs.get(k).unwrap_or(&0)))
        .sum();
    let np: u32 = ps.values().sum();
    let ng: u32 = gs.values().sum();
    let (fp, fn_) = (np - tp, ng - tp);
    let both_perfect = fp == 0 && fn_ == 0;
    PageScore {
        precision: (np > 0).then(|| {
            if both_perfect {
                1.0
            } else {
                tp as f64 / np as f64
            }
        }),
        recall: (ng > 0).then(|| {
            if both_perfect {
                1.0
            } else {
                tp as f64 / ng as f64
            }
        }),
        exact: pt == gt,
    }
}

/// Precision, recall, F1 and accuracy over pages, as the benchmark aggregates them: the mean
/// of page precisions over pages with a prediction, the mean of page recalls over pages with
/// gold text, and F1 of those two means.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub(crate) struct Prf {
    pub(crate) precision: f64,
    pub(crate) recall: f64,
    pub(crate) f1: f64,
    pub(crate) accuracy: f64,
    pub(crate) pages: usize,
}

/// Harmonic mean of precision and recall (0 when both are 0).
pub(crate) fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

pub(crate) fn aggregate_shingles(pages: &[PageScore]) -> Prf {
    let mean = |v: Vec<f64>| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let p = mean(pages.iter().filter_map(|s| s.precision).collect());
    let r = mean(pages.iter().filter_map(|s| s.recall).collect());
    Prf {
        precision: p,
        recall: r,
        f1: f1(p, r),
        accuracy: pages.iter().filter(|s| s.exact).count() as f64 / pages.len().max(1) as f64,
        pages: pages.len(),
    }
}

/// trafilatura's snippet counts for one page.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct SnippetCounts {
    pub(crate) tp: u32,
    pub(crate) fp: u32,
    pub(crate) fn_: u32,
    pub(crate) tn: u32,
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Counts `with` snippets found (tp) or not (fn) and `without` snippets found (fp) or not (tn).
pub(crate) fn snippet_page(predicted: &str, with: &[String], without: &[String]) -> SnippetCounts {
    let text = collapse(predicted);
    let found = |s: &String| !text.is_empty() && text.contains(&collapse(s));
    let mut c = SnippetCounts::default();
    for s in with {
        if found(s) {
            c.tp += 1
        } else {
            c.fn_ += 1
        }
    }
    for s in without {
        if found(s) {
            c.fp += 1
        } else {
            c.tn += 1
        }
    }
    c
}

pub(crate) fn aggregate_snippets(pages: &[SnippetCounts]) -> Prf {
    let (tp, fp, fn_, tn) = pages.iter().fold((0f64, 0f64, 0f64, 0f64), |a, c| {
        (
            a.0 + c.tp as f64,
            a.1 + c.fp as f64,
            a.2 + c.fn_ as f64,
            a.3 + c.tn as f64,
        )
    });
    let div = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    Prf {
        precision: div(tp, tp + fp),
        recall: div(tp, tp + fn_),
        f1: div(2.0 * tp, 2.0 * tp + fp + fn_),
        accuracy: div(tp + tn, tp + fp + fn_ + tn),
        pages: pages.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_follow_python_word_class() {
        // Devanagari vowel signs are combining marks: Python's \w splits on them.
        assert_eq!(benchmark_tokens("नमस्ते a_b 12"), ["नमस", "त", "a_b", "12"]);
    }

    #[test]
    fn shingle_scores_by_hand() {
        // gold: a b c d e → shingles abcd, bcde; predicted: a b c d x → abcd, bcdx.
        let s = shingle_page("a b c d x", "a b c d e");
        assert_eq!(s.precision, Some(0.5));
        assert_eq!(s.recall, Some(0.5));
        assert!(!s.exact);
        let empty = shingle_page("", "a b c d e");
        assert_eq!(empty.precision, None);
        assert_eq!(empty.recall, Some(0.0));
        let agg = aggregate_shingles(&[s, empty]);
        assert!((agg.precision - 0.5).abs() < 1e-9);
        assert!((agg.recall - 0.25).abs() < 1e-9);
        assert!((agg.f1 - 2.0 * 0.5 * 0.25 / 0.75).abs() < 1e-9);
    }

    #[test]
    fn short_texts_are_one_shingle() {
        let s = shingle_page("Hello world", "hello world");
        assert_eq!(s.precision, Some(0.0));
        assert_eq!(shingle_page("Hello world", "Hello world").recall, Some(1.0));
    }

    #[test]
    fn snippets() {
        let c = snippet_page(
            "The  main\ntext here.",
            &["main text".into(), "absent".into()],
            &["here".into()],
        );
        assert_eq!(
            c,
            SnippetCounts {
                tp: 1,
                fp: 1,
                fn_: 1,
                tn: 0
            }
        );
        let agg = aggregate_snippets(&[c]);
        assert!((agg.f1 - 0.5).abs() < 1e-9);
    }
}

/// BCubed precision, recall and F1, and the adjusted Rand index, of a clustering against gold
/// labels (one entry per document, same order).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub(crate) struct ClusterScore {
    pub(crate) precision: f64,
    pub(crate) recall: f64,
    pub(crate) f1: f64,
    pub(crate) ari: f64,
}

pub(crate) fn cluster_scores<C: std::hash::Hash + Eq, L: std::hash::Hash + Eq>(
    predicted: &[C],
    gold: &[L],
) -> ClusterScore {
    assert_eq!(predicted.len(), gold.len());
    let n = predicted.len();
    if n == 0 {
        return ClusterScore::default();
    }
    let mut pair: HashMap<(&C, &L), f64> = HashMap::new();
    let mut csize: HashMap<&C, f64> = HashMap::new();
    let mut lsize: HashMap<&L, f64> = HashMap::new();
    for (c, l) in predicted.iter().zip(gold) {
        *pair.entry((c, l)).or_default() += 1.0;
        *csize.entry(c).or_default() += 1.0;
        *lsize.entry(l).or_default() += 1.0;
    }
    let (mut p, mut r) = (0.0, 0.0);
    for ((c, l), k) in &pair {
        p += k * k / csize[c];
        r += k * k / lsize[l];
    }
    let (p, r) = (p / n as f64, r / n as f64);
    let choose2 = |x: f64| x * (x - 1.0) / 2.0;
    let index: f64 = pair.values().map(|&k| choose2(k)).sum();
    let a: f64 = csize.values().map(|&k| choose2(k)).sum();
    let b: f64 = lsize.values().map(|&k| choose2(k)).sum();
    let total = choose2(n as f64);
    let expected = if total > 0.0 { a * b / total } else { 0.0 };
    let max = (a + b) / 2.0;
    ClusterScore {
        precision: p,
        recall: r,
        f1: f1(p, r),
        ari: if (max - expected).abs() > 1e-12 {
            (index - expected) / (max - expected)
        } else {
            1.0
        },
    }
}

#[cfg(test)]
mod cluster_tests {
    use super::*;

    #[test]
    fn bcubed_and_ari_by_hand() {
        // gold: a a b b; predicted: 1 1 1 2.
        let s = cluster_scores(&[1, 1, 1, 2], &["a", "a", "b", "b"]);
        // precision: docs in cluster 1 → 2/3, 2/3, 1/3; doc 4 → 1. Mean 2/3.
        assert!((s.precision - 2.0 / 3.0).abs() < 1e-12);
        // recall: a docs → 1, 1; b docs → 1/2, 1/2. Mean 3/4.
        assert!((s.recall - 0.75).abs() < 1e-12);
        let perfect = cluster_scores(&[7, 7, 9], &["x", "x", "y"]);
        assert_eq!((perfect.f1, perfect.ari), (1.0, 1.0));
    }
}

/// Accuracy and precision, recall and F1 of the positive class, over yes/no decisions.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub(crate) struct Binary {
    pub(crate) accuracy: f64,
    pub(crate) precision: f64,
    pub(crate) recall: f64,
    pub(crate) f1: f64,
    pub(crate) true_positives: usize,
    pub(crate) predicted: usize,
    pub(crate) gold: usize,
    pub(crate) items: usize,
}

/// Scores `(predicted, gold)` decisions.
pub(crate) fn binary(decisions: impl IntoIterator<Item = (bool, bool)>) -> Binary {
    let (mut tp, mut predicted, mut gold, mut correct, mut items) = (0, 0, 0, 0, 0);
    for (p, g) in decisions {
        items += 1;
        tp += usize::from(p && g);
        predicted += usize::from(p);
        gold += usize::from(g);
        correct += usize::from(p == g);
    }
    let precision = tp as f64 / predicted.max(1) as f64;
    let recall = tp as f64 / gold.max(1) as f64;
    Binary {
        accuracy: correct as f64 / items.max(1) as f64,
        precision,
        recall,
        f1: f1(precision, recall),
        true_positives: tp,
        predicted,
        gold,
        items,
    }
}

/// The threshold on `score` (predict yes at or above it) with the best accuracy on these
/// labelled items, and its scores: an oracle choice on the data it is then scored on.
pub(crate) fn best_threshold(items: &[(f64, bool)]) -> (f64, Binary) {
    let mut cuts: Vec<f64> = items.iter().map(|x| x.0).collect();
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    // Sweep in order: everything at or above the cut is predicted yes.
    let mut sorted = items.to_vec();
    sorted.sort_by(|x, y| x.0.total_cmp(&y.0));
    let total_yes = items.iter().filter(|x| x.1).count();
    let mut best = (f64::INFINITY, items.len() - total_yes);
    let (mut below, mut yes_below) = (0usize, 0usize);
    for &cut in &cuts {
        while below < sorted.len() && sorted[below].0 < cut {
            yes_below += usize::from(sorted[below].1);
            below += 1;
        }
        // Correct: the "no" items below the cut and the "yes" items at or above it.
        let correct = (below - yes_below) + (total_yes - yes_below);
        if correct > best.1 {
            best = (cut, correct);
        }
    }
    let t = best.0;
    (t, binary(items.iter().map(|&(s, g)| (s >= t, g))))
}

#[cfg(test)]
mod binary_tests {
    use super::*;

    #[test]
    fn binary_counts_and_f1() {
        let b = binary([(true, true), (true, false), (false, true), (false, false)]);
        assert_eq!(
            (b.true_positives, b.predicted, b.gold, b.items),
            (1, 2, 2, 4)
        );
        assert!((b.accuracy - 0.5).abs() < 1e-12);
        assert!((b.f1 - 0.5).abs() < 1e-12);
    }

    #[test]
    fn best_threshold_separates_when_it_can() {
        let items = [
            (0.1, false),
            (0.2, false),
            (0.6, true),
            (0.9, true),
            (0.4, false),
        ];
        let (t, b) = best_threshold(&items);
        assert!(t > 0.4 && t <= 0.6, "{t}");
        assert!((b.accuracy - 1.0).abs() < 1e-12);
        // All "no": no cut beats predicting nothing.
        let (t, b) = best_threshold(&[(0.3, false), (0.5, false)]);
        assert!(t.is_infinite());
        assert_eq!(b.predicted, 0);
    }
}
