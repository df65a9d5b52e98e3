//! Paraphrase pairing: sentences outside seeded passages, compared by their content terms,
//! numbers and names, and paired greedily best first.

use std::ops::Range;

use xxhash_rust::xxh3::xxh3_64;

use crate::doc::{fold_digit, normalize_into, Doc};
use crate::{AlignParams, TermNormalizer};

/// Weight of a number term ("17").
const NUMBER_WEIGHT: f32 = 2.0;
/// Weight of a capitalised name that is not a sentence's first word.
const NAME_WEIGHT: f32 = 2.0;
/// Score factor when both sides state numbers and none agree.
const NUMBER_MISMATCH: f32 = 0.7;
/// Score factor for each side that joins two sentences, so single sentences win ties.
const JOINED_FACTOR: f32 = 0.95;
/// Terms in more units than this are not looked up (they would make pairing quadratic).
const MAX_POSTINGS: usize = 512;

/// A stretch of one text offered for pairing: the uncovered words of one sentence, or of two
/// consecutive sentences.
#[derive(Debug)]
pub(crate) struct Unit {
    /// Word range.
    pub(crate) words: Range<usize>,
    /// Sentence numbers spanned.
    sentences: Range<usize>,
    /// Distinct terms (hash, weight, is a number), sorted by hash.
    terms: Vec<(u64, f32, bool)>,
    /// Sum of the term weights.
    weight: f32,
    /// True when some term is a number.
    has_number: bool,
}

/// A pairing of unit `a` of the first text with unit `b` of the second.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pair {
    /// Word range in a.
    pub(crate) a: (usize, usize),
    /// Word range in b (start, end).
    pub(crate) b: (usize, usize),
    /// Score (weighted Dice of terms, with penalties).
    pub(crate) score: f64,
}

/// Units of `doc`: in each sentence, its longest run of words outside `covered` (when long
/// enough), and joins of two such runs in consecutive sentences that meet at the break.
pub(crate) fn units(
    doc: &Doc<'_>,
    covered: &[bool],
    params: &AlignParams,
    terms: &dyn TermNormalizer,
) -> Vec<Unit> {
    let mut singles: Vec<Unit> = Vec::new();
    let mut buf = String::new();
    for (s, range) in doc.sentences.iter().enumerate() {
        let mut best = range.start..range.start;
        let mut run_start = None;
        for w in range.clone().chain(std::iter::once(range.end)) {
            let free = w < range.end && !covered[w];
            match (free, run_start) {
                (true, None) => run_start = Some(w),
                (false, Some(st)) => {
                    if w - st > best.len() {
                        best = st..w;
                    }
                    run_start = None;
                }
                _ => {}
            }
        }
        if best.len() < params.paraphrase_min_words.max(1) {
            continue;
        }
        let t = unit_terms(doc, best.clone(), range.start, terms, &mut buf);
        singles.push(make_unit(best, s..s + 1, t));
    }
    let mut out = Vec::with_capacity(singles.len() * 2);
    for k in 0..singles.len() {
        if params.paraphrase_max_sentences >= 2 && k + 1 < singles.len() {
            let (u, v) = (&singles[k], &singles[k + 1]);
            let (su, sv) = (u.sentences.start, v.sentences.start);
            if sv == su + 1
                && u.words.end == doc.sentences[su].end
                && v.words.start == doc.sentences[sv].start
            {
                let t = u.terms.iter().chain(&v.terms).copied().collect();
                out.push(make_unit(u.words.start..v.words.end, su..sv + 1, t));
            }
        }
    }
    singles.extend(out);
    singles
}

/// The terms of the words `words` of `doc` (number terms marked), where `sentence_start` is
/// the first word of their sentence: a capital there marks no name.
fn unit_terms(
    doc: &Doc<'_>,
    words: Range<usize>,
    sentence_start: usize,
    terms: &dyn TermNormalizer,
    buf: &mut String,
) -> Vec<(u64, f32, bool)> {
    let mut t: Vec<(u64, f32, bool)> = Vec::new();
    for w in words {
        let raw = doc.words[w].slice(doc.text);
        let is_number = raw.chars().any(|c| fold_digit(c).is_some());
        normalize_into(raw, buf);
        if is_number {
            buf.insert(0, '#');
            t.push((xxh3_64(buf.as_bytes()), NUMBER_WEIGHT, true));
            continue;
        }
        let Some(term) = terms.term(buf) else {
            continue;
        };
        let capitalised = raw.chars().next().is_some_and(char::is_uppercase);
        let weight = if capitalised && w != sentence_start {
            NAME_WEIGHT
        } else {
            1.0
        };
        t.push((xxh3_64(term.as_bytes()), weight, false));
    }
    t
}

/// The paraphrase score of two units from what they share: weighted Dice of their terms,
/// lowered when both state numbers and none agree, and for each side that joins sentences.
fn unit_score(u: &Unit, v: &Unit, shared: f32, number_agrees: bool) -> f32 {
    let mut score = 2.0 * shared / (u.weight + v.weight).max(f32::MIN_POSITIVE);
    if u.has_number && v.has_number && !number_agrees {
        score *= NUMBER_MISMATCH;
    }
    for joined in [u.sentences.len() > 1, v.sentences.len() > 1] {
        if joined {
            score *= JOINED_FACTOR;
        }
    }
    score
}

/// How alike two sentences are by the measure paraphrase pairing uses inside
/// [`align`](crate::align): each text is taken whole as one unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similarity {
    /// Weighted Dice overlap of content terms, with the number-mismatch penalty.
    pub score: f64,
    /// Distinct content terms (numbers included) both texts hold.
    pub shared: usize,
}

impl Similarity {
    /// The decision alignment takes for a candidate pair: score and shared terms at least
    /// [`AlignParams::paraphrase_min_score`] and [`AlignParams::paraphrase_min_shared`].
    pub fn is_paraphrase(&self, params: &AlignParams) -> bool {
        self.shared >= params.paraphrase_min_shared && self.score >= params.paraphrase_min_score
    }
}

/// Scores `a` against `b` as paraphrase pairing scores two sentences (for evaluation on
/// labelled sentence pairs, and for callers that want the decision without an alignment).
///
/// ```
/// use parallax_align::{paraphrase_similarity, AlignParams, EnglishTerms};
/// let s = paraphrase_similarity(
///     "The army killed 17 protesters near the fence on Friday.",
///     "On Friday soldiers killed 17 protesters close to the border fence.",
///     &EnglishTerms,
/// );
/// assert!(s.is_paraphrase(&AlignParams::default()));
/// ```
pub fn paraphrase_similarity(a: &str, b: &str, terms: &dyn TermNormalizer) -> Similarity {
    let mut buf = String::new();
    let whole = |text: &str, buf: &mut String| {
        let doc = Doc::new(text);
        let mut t = Vec::new();
        for range in &doc.sentences {
            t.extend(unit_terms(&doc, range.clone(), range.start, terms, buf));
        }
        make_unit(0..doc.len(), 0..1, t)
    };
    let (u, v) = (whole(a, &mut buf), whole(b, &mut buf));
    let (mut i, mut j) = (0, 0);
    let (mut shared, mut count, mut number_agrees) = (0f32, 0usize, false);
    while i < u.terms.len() && j < v.terms.len() {
        let (x, y) = (u.terms[i], v.terms[j]);
        match x.0.cmp(&y.0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += x.1.min(y.1);
                count += 1;
                number_agrees |= x.2;
                i += 1;
                j += 1;
            }
        }
    }
    Similarity {
        score: f64::from(unit_score(&u, &v, shared, number_agrees)),
        shared: count,
    }
}

/// A unit from its words, sentences and raw terms (deduplicated here, keeping the top weight).
fn make_unit(
    words: Range<usize>,
    sentences: Range<usize>,
    mut terms: Vec<(u64, f32, bool)>,
) -> Unit {
    terms.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.total_cmp(&x.1)));
    terms.dedup_by_key(|x| x.0);
    Unit {
        words,
        sentences,
        weight: terms.iter().map(|x| x.1).sum(),
        has_number: terms.iter().any(|x| x.2),
        terms,
    }
}

/// Pairs units of a with units of b, best score first, each sentence used at most once.
pub(crate) fn pair(
    ua: &[Unit],
    ub: &[Unit],
    sentences_a: usize,
    sentences_b: usize,
    params: &AlignParams,
) -> Vec<Pair> {
    // Inverted index: term → (unit of b, weight), from a sorted list.
    let mut postings: Vec<(u64, u32, f32)> = ub
        .iter()
        .enumerate()
        .flat_map(|(y, u)| u.terms.iter().map(move |t| (t.0, y as u32, t.1)))
        .collect();
    postings.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(x.1.cmp(&y.1)));
    let lookup = |term: u64| -> &[(u64, u32, f32)] {
        let lo = postings.partition_point(|p| p.0 < term);
        let hi = postings.partition_point(|p| p.0 <= term);
        &postings[lo..hi]
    };

    let mut shared = vec![0f32; ub.len()];
    let mut count = vec![0u32; ub.len()];
    let mut number_agrees = vec![false; ub.len()];
    let mut touched: Vec<usize> = Vec::new();
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for (x, u) in ua.iter().enumerate() {
        for &(term, wx, is_number) in &u.terms {
            let list = lookup(term);
            if list.len() > MAX_POSTINGS {
                continue;
            }
            for &(_, y, wy) in list {
                let y = y as usize;
                if count[y] == 0 {
                    touched.push(y);
                }
                count[y] += 1;
                shared[y] += wx.min(wy);
                number_agrees[y] |= is_number;
            }
        }
        for &y in &touched {
            let v = &ub[y];
            if u.sentences.len() > 1 && v.sentences.len() > 1 {
                // Two sentences may pair with one, not two with two: keep passages fine-grained.
                shared[y] = 0.0;
                count[y] = 0;
                number_agrees[y] = false;
                continue;
            }
            let score = unit_score(u, v, shared[y], number_agrees[y]);
            if count[y] as usize >= params.paraphrase_min_shared
                && f64::from(score) >= params.paraphrase_min_score
            {
                candidates.push((score, x, y));
            }
            shared[y] = 0.0;
            count[y] = 0;
            number_agrees[y] = false;
        }
        touched.clear();
    }
    candidates.sort_by(|p, q| {
        q.0.total_cmp(&p.0)
            .then(ua[p.1].words.start.cmp(&ua[q.1].words.start))
            .then(ub[p.2].words.start.cmp(&ub[q.2].words.start))
            .then(ua[p.1].words.end.cmp(&ua[q.1].words.end))
            .then(ub[p.2].words.end.cmp(&ub[q.2].words.end))
    });
    let mut used_a = vec![false; sentences_a];
    let mut used_b = vec![false; sentences_b];
    let mut out = Vec::new();
    for (score, x, y) in candidates {
        let (u, v) = (&ua[x], &ub[y]);
        if u.sentences.clone().any(|s| used_a[s]) || v.sentences.clone().any(|s| used_b[s]) {
            continue;
        }
        u.sentences.clone().for_each(|s| used_a[s] = true);
        v.sentences.clone().for_each(|s| used_b[s] = true);
        out.push(Pair {
            a: (u.words.start, u.words.end),
            b: (v.words.start, v.words.end),
            score: f64::from(score),
        });
    }
    out
}
