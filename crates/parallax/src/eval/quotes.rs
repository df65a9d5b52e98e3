//! `parallax eval quotes` and `parallax eval quote-variants`: quote extraction with speakers
//! on PolNeAR (eval-dev README §5), and same-statement decisions on the MSRP quote pairs (§4).

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use parallax_quotes::{
    extract, extract_with, group_aligned, is_double_mark, ArticleQuotes, GroupParams, PieceTagger,
    Quote, QuoteKind, Span, StatementScorer,
};
use serde::{Deserialize, Serialize};

use super::metrics::f1;
use crate::cli::{EvalQuoteVariantsArgs, EvalQuotesArgs, Global};
use crate::output;
use crate::UserError;

/// The PolNeAR file scored when no path is given: the dev month (the attribution tagger was
/// fitted on the training month).
const DEFAULT_POLNEAR: [&str; 1] = ["../shared/eval-dev/quotes/polnear-train-dev/dev.jsonl"];
/// The MSRP quote pairs scored when no path is given.
const DEFAULT_PAIRS: &str = "../shared/eval-dev/quotes/msrp-quote-pairs-train.jsonl";

#[derive(Deserialize)]
struct GoldSpan {
    start: usize,
    end: usize,
    #[serde(default)]
    fragments: Vec<GoldPiece>,
}

#[derive(Deserialize)]
struct GoldPiece {
    start: usize,
    end: usize,
}

impl GoldSpan {
    fn pieces(&self) -> Vec<Span> {
        if self.fragments.is_empty() {
            vec![Span::new(self.start, self.end)]
        } else {
            self.fragments
                .iter()
                .map(|f| Span::new(f.start, f.end))
                .collect()
        }
    }
}

#[derive(Deserialize)]
struct GoldAttribution {
    source: Option<GoldSpan>,
    content: GoldSpan,
    #[serde(default)]
    has_quote_marks: bool,
}

#[derive(Deserialize)]
struct Article {
    id: String,
    text: String,
    attributions: Vec<GoldAttribution>,
    /// Other annotators' attributions of the articles several people annotated.
    #[serde(default)]
    other_annotations: Option<std::collections::BTreeMap<String, Vec<GoldAttribution>>>,
}

/// Gold attributions reduced to what the metric compares.
fn gold_attrs(text: &str, attributions: &[GoldAttribution]) -> Vec<Attr> {
    attributions
        .iter()
        .map(|g| Attr {
            content: byte_set(text, &g.content.pieces()),
            source: g.source.as_ref().map(|s| byte_set(text, &s.pieces())),
            quoted: g.has_quote_marks,
        })
        .collect()
}

/// One attribution reduced to what the metric compares.
struct Attr {
    /// Content byte positions without ASCII whitespace, sorted.
    content: Vec<usize>,
    /// Source byte positions, sorted; `None` when there is no source.
    source: Option<Vec<usize>>,
    /// Direct or mixed: the content holds a double quotation mark.
    quoted: bool,
}

/// The bytes of `pieces` in `text` that are not ASCII whitespace, sorted.
fn byte_set(text: &str, pieces: &[Span]) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut v: Vec<usize> = pieces
        .iter()
        .flat_map(|p| p.start.min(bytes.len())..p.end.min(bytes.len()))
        .filter(|&i| !bytes[i].is_ascii_whitespace())
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// |a ∩ b| of two sorted sets.
fn intersection(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn jaccard(a: &[usize], b: &[usize]) -> f64 {
    let i = intersection(a, b);
    let u = a.len() + b.len() - i;
    if u == 0 {
        0.0
    } else {
        i as f64 / u as f64
    }
}

/// Counts for one slice of the metric.
#[derive(Debug, Default, Clone, Copy, Serialize)]
struct Counts {
    predicted: usize,
    gold: usize,
    matched: usize,
    speaker_correct: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.predicted += o.predicted;
        self.gold += o.gold;
        self.matched += o.matched;
        self.speaker_correct += o.speaker_correct;
    }
}

/// Greedy one-to-one matching by highest content overlap, at `min_jaccard` or above
/// (`exact`: identical byte sets only).
fn score(pred: &[&Attr], gold: &[&Attr], exact: bool) -> Counts {
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, p) in pred.iter().enumerate() {
        for (j, g) in gold.iter().enumerate() {
            let ok = if exact {
                p.content == g.content && !p.content.is_empty()
            } else {
                jaccard(&p.content, &g.content) >= 0.5
            };
            if ok {
                pairs.push((jaccard(&p.content, &g.content), i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut used_p, mut used_g) = (vec![false; pred.len()], vec![false; gold.len()]);
    let mut c = Counts {
        predicted: pred.len(),
        gold: gold.len(),
        ..Counts::default()
    };
    for (_, i, j) in pairs {
        if used_p[i] || used_g[j] {
            continue;
        }
        used_p[i] = true;
        used_g[j] = true;
        c.matched += 1;
        let speaker_ok = match (&pred[i].source, &gold[j].source) {
            (Some(a), Some(b)) => intersection(a, b) > 0,
            (None, None) => true,
            _ => false,
        };
        c.speaker_correct += usize::from(speaker_ok);
    }
    c
}

/// Scores of one file.
#[derive(Debug, Serialize)]
struct FileScore {
    file: String,
    articles: usize,
    all: Slice,
    direct_and_mixed: Slice,
    exact_span: Slice,
    /// Articles several annotators did.
    agreement_articles: usize,
    /// Another annotator against the designated one on those articles (human agreement).
    human: Option<Slice>,
    /// Parallax on the same articles.
    parallax_same_articles: Option<Slice>,
    /// All attributions, extracted by the rules alone (when the tagger did the main rows).
    rules_only: Option<Slice>,
}

/// Precision, recall and F1 of quotes and speakers for one slice.
#[derive(Debug, Serialize)]
struct Slice {
    counts: Counts,
    quote_p: f64,
    quote_r: f64,
    quote_f1: f64,
    speaker_p: f64,
    speaker_r: f64,
    speaker_f1: f64,
}

impl From<Counts> for Slice {
    fn from(c: Counts) -> Self {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let (qp, qr) = (ratio(c.matched, c.predicted), ratio(c.matched, c.gold));
        let (sp, sr) = (
            ratio(c.speaker_correct, c.predicted),
            ratio(c.speaker_correct, c.gold),
        );
        Self {
            counts: c,
            quote_p: qp,
            quote_r: qr,
            quote_f1: f1(qp, qr),
            speaker_p: sp,
            speaker_r: sr,
            speaker_f1: f1(sp, sr),
        }
    }
}

fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> anyhow::Result<Vec<T>> {
    std::fs::read_to_string(path)
        .with_context(|| format!("reading {}", path.display()))?
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{}:{}", path.display(), i + 1))
        })
        .collect()
}

/// A predicted quote as written to `--dump`.
#[derive(Serialize)]
struct Dumped<'a> {
    article: &'a str,
    start: usize,
    end: usize,
    /// The content's pieces when the speaker interrupts it, as `[start, end]` pairs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fragments: Vec<[usize; 2]>,
    content: &'a str,
    speaker: Option<&'a str>,
    cue: Option<&'a str>,
    kind: parallax_quotes::QuoteKind,
}

fn score_file(
    path: &Path,
    dump: &mut Option<std::io::BufWriter<std::fs::File>>,
    tagger: Option<&dyn PieceTagger>,
    progress: &indicatif::ProgressBar,
) -> anyhow::Result<FileScore> {
    use std::io::Write as _;
    let arts: Vec<Article> = read_jsonl(path)?;
    let (mut all, mut quoted, mut exact) =
        (Counts::default(), Counts::default(), Counts::default());
    let (mut human, mut ours_same, mut agreement_articles) =
        (Counts::default(), Counts::default(), 0);
    let mut rules = Counts::default();
    progress.set_position(0);
    progress.set_length(arts.len() as u64);
    for a in &arts {
        progress.inc(1);
        let gold = gold_attrs(&a.text, &a.attributions);
        let g: Vec<&Attr> = gold.iter().collect();
        let found = extract_with(&a.text, tagger);
        let pred = predicted_attrs(&a.text, &found);
        if tagger.is_some() {
            let by_rules = predicted_attrs(&a.text, &extract(&a.text));
            rules.add(score(&by_rules.iter().collect::<Vec<_>>(), &g, false));
        }
        if let Some(w) = dump.as_mut() {
            for q in &found {
                let d = Dumped {
                    article: &a.id,
                    start: q.content.start,
                    end: q.content.end,
                    fragments: q.fragments.iter().map(|f| [f.start, f.end]).collect(),
                    content: q.content.slice(&a.text),
                    speaker: q.speaker.map(|s| s.slice(&a.text)),
                    cue: q.cue.map(|s| s.slice(&a.text)),
                    kind: q.kind,
                };
                serde_json::to_writer(&mut *w, &d)?;
                writeln!(w)?;
            }
        }
        let p: Vec<&Attr> = pred.iter().collect();
        all.add(score(&p, &g, false));
        exact.add(score(&p, &g, true));
        // Human agreement where several annotators did the article: each other annotator
        // scored against the designated one, and Parallax on the same articles.
        if let Some(others) = a.other_annotations.as_ref().filter(|o| !o.is_empty()) {
            agreement_articles += 1;
            ours_same.add(score(&p, &g, false));
            for attributions in others.values() {
                let other = gold_attrs(&a.text, attributions);
                human.add(score(&other.iter().collect::<Vec<_>>(), &g, false));
            }
        }
        let pq: Vec<&Attr> = pred.iter().filter(|x| x.quoted).collect();
        let gq: Vec<&Attr> = gold.iter().filter(|x| x.quoted).collect();
        quoted.add(score(&pq, &gq, false));
    }
    Ok(FileScore {
        file: path.display().to_string(),
        articles: arts.len(),
        all: all.into(),
        direct_and_mixed: quoted.into(),
        exact_span: exact.into(),
        agreement_articles,
        human: (agreement_articles > 0).then(|| human.into()),
        parallax_same_articles: (agreement_articles > 0).then(|| ours_same.into()),
        rules_only: tagger.is_some().then(|| rules.into()),
    })
}

/// Predicted quotes reduced to what the metric compares.
fn predicted_attrs(text: &str, found: &[Quote]) -> Vec<Attr> {
    found
        .iter()
        .map(|q| Attr {
            content: byte_set(text, &q.pieces()),
            source: q.speaker.map(|s| byte_set(text, &[s])),
            quoted: q
                .pieces()
                .iter()
                .any(|p| p.slice(text).chars().any(is_double_mark)),
        })
        .collect()
}

/// `parallax eval quotes [PATH…]`.
pub(crate) fn run(g: &Global, a: &EvalQuotesArgs) -> anyhow::Result<u8> {
    let paths: Vec<PathBuf> = if a.paths.is_empty() {
        DEFAULT_POLNEAR.iter().map(PathBuf::from).collect()
    } else {
        a.paths.clone()
    };
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        return Err(UserError(format!(
            "{}: not found; pass PolNeAR JSON Lines files (../shared/eval-dev/quotes/polnear-train-dev/{{train,dev}}.jsonl)",
            missing.display()
        ))
        .into());
    }
    let mut dump = match &a.dump {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => None,
    };
    let tagger = crate::quote_models::tagger();
    let progress = crate::progress::count_bar("articles", !g.no_progress && !g.quiet);
    let scores = paths
        .iter()
        .map(|p| {
            score_file(
                p,
                &mut dump,
                tagger.as_ref().map(|t| t as &dyn PieceTagger),
                &progress,
            )
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    progress.finish_and_clear();
    if g.json {
        output::json(&scores)?;
        return Ok(crate::exit::OK);
    }
    let mut rows = Vec::new();
    for s in &scores {
        let agreement = format!("{} multi-annotated", s.agreement_articles);
        let human_name = format!("human, {agreement}");
        let ours_name = format!("parallax, {agreement}");
        let extra = [
            ("all, rules only", s.rules_only.as_ref()),
            (human_name.as_str(), s.human.as_ref()),
            (ours_name.as_str(), s.parallax_same_articles.as_ref()),
        ];
        let slices = [
            ("all", Some(&s.all)),
            ("direct+mixed", Some(&s.direct_and_mixed)),
            ("exact span", Some(&s.exact_span)),
        ];
        for (name, sl) in slices
            .into_iter()
            .chain(extra)
            .filter_map(|(n, sl)| Some((n, sl?)))
        {
            rows.push(vec![
                s.file.rsplit('/').next().unwrap_or(&s.file).to_string(),
                name.to_string(),
                sl.counts.predicted.to_string(),
                sl.counts.gold.to_string(),
                format!("{:.3}", sl.quote_p),
                format!("{:.3}", sl.quote_r),
                format!("{:.3}", sl.quote_f1),
                format!("{:.3}", sl.speaker_p),
                format!("{:.3}", sl.speaker_r),
                format!("{:.3}", sl.speaker_f1),
            ]);
        }
    }
    output::out(&output::table(
        &[
            "FILE", "SLICE", "PRED", "GOLD", "QUOTE P", "QUOTE R", "QUOTE F1", "SPK P", "SPK R",
            "SPK F1",
        ],
        &rows,
    ))?;
    Ok(crate::exit::OK)
}

#[derive(Deserialize)]
struct Pair {
    label: u8,
    a: String,
    b: String,
    #[serde(default)]
    quotes_a: Vec<GoldSpan>,
    #[serde(default)]
    quotes_b: Vec<GoldSpan>,
}

/// Pair decisions scored against labels.
#[derive(Debug, Serialize)]
struct PairScore {
    system: &'static str,
    pairs: usize,
    precision: f64,
    recall: f64,
    f1: f64,
    accuracy: f64,
}

fn pair_score(system: &'static str, decisions: &[bool], labels: &[bool]) -> PairScore {
    let tp = decisions
        .iter()
        .zip(labels)
        .filter(|(d, l)| **d && **l)
        .count();
    let predicted = decisions.iter().filter(|d| **d).count();
    let gold = labels.iter().filter(|l| **l).count();
    let right = decisions.iter().zip(labels).filter(|(d, l)| d == l).count();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (p, r) = (ratio(tp, predicted), ratio(tp, gold));
    PairScore {
        system,
        pairs: labels.len(),
        precision: p,
        recall: r,
        f1: f1(p, r),
        accuracy: ratio(right, labels.len()),
    }
}

/// One MSRP pair as quote grouping sees it: two one-sentence articles, each with one quote
/// whose pieces are the quoted material (the whole sentence when it has none).
fn pair_quotes(text: &str, quotes: &[GoldSpan]) -> Quote {
    let mut pieces: Vec<Span> = quotes
        .iter()
        .filter(|q| q.start < q.end && text.get(q.start..q.end).is_some())
        .map(|q| Span::new(q.start, q.end))
        .collect();
    pieces.sort_by_key(|p| p.start);
    let content = match (pieces.first(), pieces.last()) {
        (Some(f), Some(l)) => Span::new(f.start, l.end),
        _ => Span::new(0, text.len()),
    };
    // The speaker is what extraction finds for the quote overlapping the quoted material most
    // (none when it finds none), so grouping weighs speakers as it does in a story.
    let found = extract(text);
    let overlap = |q: &Quote| {
        q.content
            .end
            .min(content.end)
            .saturating_sub(q.content.start.max(content.start))
    };
    let speaker_of = found
        .iter()
        .filter(|q| overlap(q) > 0)
        .max_by_key(|q| overlap(q));
    Quote {
        content,
        fragments: if pieces.len() > 1 { pieces } else { Vec::new() },
        cue: speaker_of.and_then(|q| q.cue),
        speaker: speaker_of.and_then(|q| q.speaker),
        resolved: speaker_of.and_then(|q| q.resolved),
        kind: QuoteKind::Direct,
    }
}

/// Whether quote grouping puts the pair's two quotes in one statement, with `scorer` or on
/// words alone: the same code `parallax quotes` runs on a story.
fn grouped(p: &Pair, params: &GroupParams, scorer: Option<&dyn StatementScorer>) -> bool {
    let qa = [pair_quotes(&p.a, &p.quotes_a)];
    let qb = [pair_quotes(&p.b, &p.quotes_b)];
    let arts = [
        ArticleQuotes {
            id: "a",
            outlet: Some("a"),
            text: &p.a,
            quotes: &qa,
        },
        ArticleQuotes {
            id: "b",
            outlet: Some("b"),
            text: &p.b,
            quotes: &qb,
        },
    ];
    group_aligned(&arts, params, &Vec::new(), scorer)
        .iter()
        .any(|s| s.variants.len() == 2)
}

/// `parallax eval quote-variants [PATH]`.
pub(crate) fn run_variants(g: &Global, a: &EvalQuoteVariantsArgs) -> anyhow::Result<u8> {
    let path = a
        .path
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_PAIRS));
    if !path.exists() {
        return Err(UserError(format!(
            "{}: not found; pass the MSRP quote pairs (../shared/eval-dev/quotes/msrp-quote-pairs-train.jsonl)",
            path.display()
        ))
        .into());
    }
    let pairs: Vec<Pair> = read_jsonl(&path)?;
    let labels: Vec<bool> = pairs.iter().map(|p| p.label == 1).collect();
    let params = GroupParams {
        threshold: a.threshold,
        ..GroupParams::default()
    };
    let words: Vec<bool> = pairs.iter().map(|p| grouped(p, &params, None)).collect();
    let mut rows = Vec::new();
    match crate::quote_models::scorer() {
        Some(scorer) => {
            let ours: Vec<bool> = pairs
                .iter()
                .map(|p| grouped(p, &params, Some(&scorer)))
                .collect();
            rows.push(pair_score("parallax", &ours, &labels));
        }
        None => output::warn(
            "the \"parallax\" row needs the sentence encoder; only the words-only grouping is scored",
        ),
    }
    rows.push(pair_score("parallax, words only", &words, &labels));
    rows.push(pair_score(
        "always same statement",
        &vec![true; labels.len()],
        &labels,
    ));
    if g.json {
        output::json(&rows)?;
        return Ok(crate::exit::OK);
    }
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.system.to_string(),
                r.pairs.to_string(),
                format!("{:.3}", r.precision),
                format!("{:.3}", r.recall),
                format!("{:.3}", r.f1),
                format!("{:.3}", r.accuracy),
            ]
        })
        .collect();
    output::out(&output::table(
        &["SYSTEM", "PAIRS", "P", "R", "F1", "ACCURACY"],
        &body,
    ))?;
    Ok(crate::exit::OK)
}

/// Default threshold of `eval quote-variants`: the grouping's.
pub(crate) fn default_threshold() -> f64 {
    GroupParams::default().threshold
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(text: &str, c: (usize, usize), s: Option<(usize, usize)>) -> Attr {
        Attr {
            content: byte_set(text, &[Span::new(c.0, c.1)]),
            source: s.map(|s| byte_set(text, &[Span::new(s.0, s.1)])),
            quoted: false,
        }
    }

    #[test]
    fn greedy_match_with_half_overlap_and_speaker_overlap() {
        let t = "Ann said the bridge will open in May and Bob said it will not.";
        let gold = [
            attr(t, (9, 38), Some((0, 3))),
            attr(t, (50, 61), Some((40, 43))),
        ];
        // The first prediction covers most of the first gold content with the right speaker;
        // the second covers too little of the second gold content to count.
        let pred = [
            attr(t, (9, 30), Some((0, 3))),
            attr(t, (58, 61), Some((40, 43))),
        ];
        let c = score(
            &pred.iter().collect::<Vec<_>>(),
            &gold.iter().collect::<Vec<_>>(),
            false,
        );
        assert_eq!(
            (c.predicted, c.gold, c.matched, c.speaker_correct),
            (2, 2, 1, 1)
        );
        let e = score(
            &pred.iter().collect::<Vec<_>>(),
            &gold.iter().collect::<Vec<_>>(),
            true,
        );
        assert_eq!(e.matched, 0);
    }

    #[test]
    fn whitespace_is_not_counted() {
        assert_eq!(byte_set("a b", &[Span::new(0, 3)]), vec![0, 2]);
    }
}
