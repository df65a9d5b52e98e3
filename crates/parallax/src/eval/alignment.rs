//! `parallax eval alignment [PATH]`: passage alignment against gold spans.
//!
//! No labelled data set gives aligned spans between news articles, so the gold is made here by
//! known operations on real articles (any JSON Lines file with `text`, and `story` where
//! present; by default eval-dev's GVA stories file). For each pair, article A is copied into B
//! paragraph by paragraph: kept word for word, lightly edited (a few words substituted, deleted
//! or inserted), or dropped; paragraphs of an article of another story are inserted between
//! them, and two neighbouring paragraphs are sometimes swapped. The gold spans are then exactly
//! known: B's kept and edited paragraphs derive from A, the inserted ones do not.
//!
//! Scores count letters and digits only (spans run from a first word to a last word, so
//! punctuation at their edges does not count either way): precision and recall of the bytes the
//! aligner puts in any passage against the gold derived bytes, on each side, and how many of
//! the gold bytes found carry the right label (verbatim or edited). A plain baseline runs in
//! the same process: a paragraph of B is aligned when A has the very same paragraph.

use std::collections::HashSet;
use std::io::BufRead;
use std::path::Path;

use anyhow::Context as _;
use parallax_align::{align, AlignParams, PassageKind};
use serde::{Deserialize, Serialize};

use crate::cli::{EvalAlignmentArgs, Global};
use crate::output;
use crate::UserError;

#[derive(Deserialize)]
struct Row {
    #[serde(default)]
    story: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

/// SplitMix64: a small seeded generator, so the same seed builds the same pairs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// What a paragraph of B is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Origin {
    Kept,
    Edited,
    Foreign,
}

/// One built pair: A, B, and for each B paragraph its byte range, origin and source paragraph.
struct Built {
    a: String,
    b: String,
    a_paragraphs: Vec<std::ops::Range<usize>>,
    b_paragraphs: Vec<(std::ops::Range<usize>, Origin, Option<usize>)>,
}

fn paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| parallax_text::words(p).count() >= 4)
        .collect()
}

/// An edit touching about `rate` of the words: substituted, deleted or followed by an inserted
/// word (from `donor`), in the ratio 3 : 2 : 2; at least one change.
fn edit(p: &str, donor: &[&str], rate: f64, rng: &mut Rng) -> String {
    let words: Vec<&str> = p.split_whitespace().collect();
    let mut out: Vec<&str> = Vec::with_capacity(words.len() + 4);
    let mut changed = false;
    for w in &words {
        let r = rng.unit();
        if r < rate * 3.0 / 7.0 && !donor.is_empty() {
            out.push(donor[rng.below(donor.len())]);
            changed = true;
        } else if r < rate * 5.0 / 7.0 {
            changed = true;
        } else if r < rate && !donor.is_empty() {
            out.push(w);
            out.push(donor[rng.below(donor.len())]);
            changed = true;
        } else {
            out.push(w);
        }
    }
    if !changed && !donor.is_empty() && !out.is_empty() {
        let k = rng.below(out.len());
        out[k] = donor[rng.below(donor.len())];
    }
    out.join(" ")
}

fn build(a_paras: &[&str], foreign: &[&str], rate: f64, rng: &mut Rng) -> Built {
    let donor: Vec<&str> = foreign
        .iter()
        .flat_map(|p| p.split_whitespace())
        .filter(|w| w.chars().all(char::is_alphabetic))
        .collect();
    let mut a = String::new();
    let mut a_paragraphs = Vec::new();
    for p in a_paras {
        if !a.is_empty() {
            a.push_str("\n\n");
        }
        a_paragraphs.push(a.len()..a.len() + p.len());
        a.push_str(p);
    }
    let mut pieces: Vec<(String, Origin, Option<usize>)> = Vec::new();
    let mut next_foreign = 0;
    for (k, p) in a_paras.iter().enumerate() {
        let r = rng.unit();
        if r < 0.4 {
            pieces.push((p.to_string(), Origin::Kept, Some(k)));
        } else if r < 0.75 {
            pieces.push((edit(p, &donor, rate, rng), Origin::Edited, Some(k)));
        }
        if rng.unit() < 0.25 && next_foreign < foreign.len() {
            pieces.push((foreign[next_foreign].to_string(), Origin::Foreign, None));
            next_foreign += 1;
        }
    }
    if pieces.len() >= 2 && rng.unit() < 0.3 {
        let k = rng.below(pieces.len() - 1);
        pieces.swap(k, k + 1);
    }
    let mut b = String::new();
    let mut b_paragraphs = Vec::new();
    for (p, origin, src) in pieces {
        if !b.is_empty() {
            b.push_str("\n\n");
        }
        b_paragraphs.push((b.len()..b.len() + p.len(), origin, src));
        b.push_str(&p);
    }
    Built {
        a,
        b,
        a_paragraphs,
        b_paragraphs,
    }
}

/// Letters and digits of `text` (byte positions) inside `ranges`.
fn scored_bytes(
    text: &str,
    ranges: impl Iterator<Item = std::ops::Range<usize>>,
) -> HashSet<usize> {
    let mut out = HashSet::new();
    for r in ranges {
        for (i, c) in text[r.clone()].char_indices() {
            if c.is_alphanumeric() {
                out.insert(r.start + i);
            }
        }
    }
    out
}

/// Counts of one system on one side.
#[derive(Debug, Default, Serialize)]
struct Side {
    predicted: usize,
    gold: usize,
    correct: usize,
}

impl Side {
    fn add(&mut self, pred: &HashSet<usize>, gold: &HashSet<usize>) {
        self.predicted += pred.len();
        self.gold += gold.len();
        self.correct += pred.intersection(gold).count();
    }
    fn scores(&self) -> (f64, f64, f64) {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let (p, r) = (
            ratio(self.correct, self.predicted),
            ratio(self.correct, self.gold),
        );
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f)
    }
}

#[derive(Serialize)]
struct SystemScore {
    system: &'static str,
    b_precision: f64,
    b_recall: f64,
    b_f1: f64,
    a_precision: f64,
    a_recall: f64,
    a_f1: f64,
    /// Of the gold kept (edited) bytes the system aligned, the share in verbatim (edited)
    /// passages; `null` for the baseline, which has no labels.
    verbatim_label: Option<f64>,
    edited_label: Option<f64>,
}

#[derive(Serialize)]
struct Report {
    level: &'static str,
    /// Share of an edited paragraph's words changed.
    edit_rate: f64,
    pairs: usize,
    b_paragraphs_kept: usize,
    b_paragraphs_edited: usize,
    b_paragraphs_foreign: usize,
    systems: Vec<SystemScore>,
}

/// The rows of `path`, and how many lines could not be read (each named on stderr).
fn read_rows(path: &Path) -> anyhow::Result<(Vec<Row>, usize)> {
    let file = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let mut rows = Vec::new();
    let mut bad = 0;
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Row>(&line) {
            Ok(r) => rows.push(r),
            Err(e) => {
                bad += 1;
                output::warn(&format!("{}:{}: skipped: {e}", path.display(), n + 1));
            }
        }
    }
    if bad > 0 {
        output::warn(&format!("{bad} lines of {} skipped", path.display()));
    }
    Ok((rows, bad))
}

pub(crate) fn run(g: &Global, a: &EvalAlignmentArgs) -> anyhow::Result<u8> {
    if !a.path.exists() {
        return Err(UserError(format!(
            "{}: not found (a JSON Lines file of articles with `text`, e.g. \
             ../shared/eval-dev/stories/gva-2013-2015.jsonl)",
            a.path.display()
        ))
        .into());
    }
    let (rows, bad) = read_rows(&a.path)?;
    let docs: Vec<(Option<&str>, Vec<&str>)> = rows
        .iter()
        .filter_map(|r| {
            let t = r.text.as_deref()?;
            let ps = paragraphs(t);
            (ps.len() >= 3).then_some((r.story.as_deref(), ps))
        })
        .collect();
    if docs.len() < 2 {
        return Err(UserError(format!(
            "{}: fewer than two articles with three paragraphs or more",
            a.path.display()
        ))
        .into());
    }
    let params = AlignParams::default();
    let mut levels = Vec::new();
    let progress = crate::progress::count_bar("pairs", !g.no_progress && !g.quiet);
    progress.set_length((a.pairs * LEVELS.len()) as u64);
    for &(name, rate) in LEVELS {
        levels.push(level(&docs, name, rate, a, &params, &progress));
    }
    progress.finish_and_clear();
    print(g, a, &levels)?;
    // Scores over the readable lines are printed; skipped lines still make the status say so.
    Ok(if bad > 0 {
        crate::exit::REJECTS
    } else {
        crate::exit::OK
    })
}

/// Edit levels: the share of words an edited paragraph changes.
const LEVELS: &[(&str, f64)] = &[("light", 0.14), ("heavy", 0.35)];

/// Builds and scores the pairs of one edit level (each level from the same seed).
fn level(
    docs: &[(Option<&str>, Vec<&str>)],
    name: &'static str,
    rate: f64,
    a: &EvalAlignmentArgs,
    params: &AlignParams,
    progress: &indicatif::ProgressBar,
) -> Report {
    let mut rng = Rng(a.seed);
    let (mut ours_a, mut ours_b, mut base_a, mut base_b) = (
        Side::default(),
        Side::default(),
        Side::default(),
        Side::default(),
    );
    let (mut kept_found, mut kept_right, mut edited_found, mut edited_right) = (0, 0, 0, 0);
    let mut counts = [0usize; 3];
    for _ in 0..a.pairs {
        let i = rng.below(docs.len());
        let mut j = rng.below(docs.len());
        // The inserted paragraphs come from an article of another story.
        for _ in 0..16 {
            if j != i && (docs[j].0.is_none() || docs[j].0 != docs[i].0) {
                break;
            }
            j = rng.below(docs.len());
        }
        let built = build(&docs[i].1, &docs[j].1, rate, &mut rng);
        for (_, o, _) in &built.b_paragraphs {
            counts[*o as usize] += 1;
        }
        let derived = |o: Origin| o != Origin::Foreign;
        let gold_b = scored_bytes(
            &built.b,
            built
                .b_paragraphs
                .iter()
                .filter(|p| derived(p.1))
                .map(|p| p.0.clone()),
        );
        let carried: HashSet<usize> = built.b_paragraphs.iter().filter_map(|p| p.2).collect();
        let gold_a = scored_bytes(
            &built.a,
            carried.iter().map(|&k| built.a_paragraphs[k].clone()),
        );

        let out = align(&built.a, &built.b, params);
        let pred_b = scored_bytes(&built.b, out.passages.iter().map(|p| p.b.start..p.b.end));
        let pred_a = scored_bytes(&built.a, out.passages.iter().map(|p| p.a.start..p.a.end));
        ours_b.add(&pred_b, &gold_b);
        ours_a.add(&pred_a, &gold_a);
        for (want, found, right) in [
            (Origin::Kept, &mut kept_found, &mut kept_right),
            (Origin::Edited, &mut edited_found, &mut edited_right),
        ] {
            let kind = if want == Origin::Kept {
                PassageKind::Verbatim
            } else {
                PassageKind::Edited
            };
            let gold = scored_bytes(
                &built.b,
                built
                    .b_paragraphs
                    .iter()
                    .filter(|p| p.1 == want)
                    .map(|p| p.0.clone()),
            );
            let labelled = scored_bytes(
                &built.b,
                out.passages
                    .iter()
                    .filter(|p| p.kind == kind)
                    .map(|p| p.b.start..p.b.end),
            );
            *found += gold.intersection(&pred_b).count();
            *right += gold.intersection(&labelled).count();
        }

        // Baseline: identical paragraphs only.
        let a_set: HashSet<&str> = built
            .a_paragraphs
            .iter()
            .map(|r| &built.a[r.clone()])
            .collect();
        let same: Vec<&(std::ops::Range<usize>, Origin, Option<usize>)> = built
            .b_paragraphs
            .iter()
            .filter(|p| a_set.contains(&built.b[p.0.clone()]))
            .collect();
        let base_pred_b = scored_bytes(&built.b, same.iter().map(|p| p.0.clone()));
        let b_set: HashSet<&str> = same.iter().map(|p| &built.b[p.0.clone()]).collect();
        let base_pred_a = scored_bytes(
            &built.a,
            built
                .a_paragraphs
                .iter()
                .filter(|r| b_set.contains(&built.a[(*r).clone()]))
                .cloned(),
        );
        base_b.add(&base_pred_b, &gold_b);
        base_a.add(&base_pred_a, &gold_a);
        progress.inc(1);
    }
    let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let system = |name, b: &Side, a: &Side, labels: Option<(f64, f64)>| {
        let (bp, br, bf) = b.scores();
        let (ap, ar, af) = a.scores();
        SystemScore {
            system: name,
            b_precision: bp,
            b_recall: br,
            b_f1: bf,
            a_precision: ap,
            a_recall: ar,
            a_f1: af,
            verbatim_label: labels.map(|l| l.0),
            edited_label: labels.map(|l| l.1),
        }
    };
    Report {
        level: name,
        edit_rate: rate,
        pairs: a.pairs,
        b_paragraphs_kept: counts[Origin::Kept as usize],
        b_paragraphs_edited: counts[Origin::Edited as usize],
        b_paragraphs_foreign: counts[Origin::Foreign as usize],
        systems: vec![
            system(
                "parallax align",
                &ours_b,
                &ours_a,
                Some((
                    share(kept_right, kept_found),
                    share(edited_right, edited_found),
                )),
            ),
            system("identical paragraphs", &base_b, &base_a, None),
        ],
    }
}

fn print(g: &Global, a: &EvalAlignmentArgs, levels: &[Report]) -> anyhow::Result<()> {
    if g.json {
        return output::json(&levels);
    }
    let mut out = String::new();
    for report in levels {
        out.push_str(&format!(
        "{} edits ({:.0}% of an edited paragraph's words): {} pairs built from {} ({} kept, {} edited and {} inserted foreign paragraphs in B; seed {})\n",
        report.level,
        report.edit_rate * 100.0,
        report.pairs,
        a.path.display(),
        report.b_paragraphs_kept,
        report.b_paragraphs_edited,
        report.b_paragraphs_foreign,
        a.seed
    ));
        out.push_str(&format!(
            "{:<22} {:>8} {:>8} {:>8}   {:>8} {:>8} {:>8}   {:>9} {:>8}\n",
            "system", "B prec", "B rec", "B F1", "A prec", "A rec", "A F1", "verbatim", "edited"
        ));
        for s in &report.systems {
            let label = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.3}"));
            out.push_str(&format!(
                "{:<22} {:>8.3} {:>8.3} {:>8.3}   {:>8.3} {:>8.3} {:>8.3}   {:>9} {:>8}\n",
                s.system,
                s.b_precision,
                s.b_recall,
                s.b_f1,
                s.a_precision,
                s.a_recall,
                s.a_f1,
                label(s.verbatim_label),
                label(s.edited_label)
            ));
        }
        out.push('\n');
    }
    out.push_str(
        "B: bytes of B in passages against those derived from A; A: bytes of A in passages \
         against those B carries; verbatim / edited: share of the gold kept / edited bytes \
         found that carry that label.",
    );
    output::out(&out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_pairs_know_their_gold() {
        let a = [
            "The bridge reopened on Friday after three weeks of repairs, officials said.",
            "Engineers replaced forty cables and repainted the main span at great cost.",
            "Ferry operators said traffic on the crossing had halved during the closure.",
            "Shops near the bridge plan a street festival next weekend with live music.",
        ];
        let foreign = ["Voters in the northern province elect a new governor on Sunday morning."];
        let mut rng = Rng(3);
        let built = build(&a, &foreign, LEVELS[0].1, &mut rng);
        for (r, origin, src) in &built.b_paragraphs {
            let text = &built.b[r.clone()];
            match origin {
                Origin::Kept => assert_eq!(text, a[src.unwrap()]),
                Origin::Edited => {
                    assert_ne!(text, a[src.unwrap()]);
                    assert!(parallax_text::words(text).count() >= 8, "{text}");
                }
                Origin::Foreign => assert_eq!(text, foreign[0]),
            }
        }
        // The same seed builds the same pair.
        let again = build(&a, &foreign, LEVELS[0].1, &mut Rng(3));
        assert_eq!(again.b, built.b);
    }

    #[test]
    fn side_scores_count_overlap() {
        let mut s = Side::default();
        let pred: HashSet<usize> = [1, 2, 3, 4].into();
        let gold: HashSet<usize> = [3, 4, 5, 6, 7, 8].into();
        s.add(&pred, &gold);
        let (p, r, f) = s.scores();
        assert_eq!((p, r), (0.5, 2.0 / 6.0));
        assert!((f - 0.4).abs() < 1e-9);
    }
}
