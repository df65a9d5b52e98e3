//! Grouping a story's quotes into statements: renderings of one statement across outlets
//! (exact, edited or re-translated), their word-level differences, and which of those change
//! the meaning.

use std::collections::{BTreeSet, HashMap};

use parallax_align::{word_diff, DiffOp, EnglishTerms, TermNormalizer};
use parallax_text::{words, Span};
use serde::Serialize;

use crate::cues::{self, is_in};
use crate::extract::Quote;
use crate::speaker::{by_description, description_words, mentions, name_key};

/// One article's quotes, as [`group`] reads them.
#[derive(Debug, Clone, Copy)]
pub struct ArticleQuotes<'a> {
    /// The article id.
    pub id: &'a str,
    /// The outlet, when known: quotes of one outlet only are marked as such.
    pub outlet: Option<&'a str>,
    /// The text every span points into.
    pub text: &'a str,
    /// The article's quotes ([`crate::extract`]).
    pub quotes: &'a [Quote],
}

/// Settings of the grouping.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupParams {
    /// Two quotes are one statement at this score or above: their [`statement_similarity`],
    /// or a [`StatementScorer`]'s probability, after the speaker and alignment adjustments.
    pub threshold: f64,
    /// Added to the similarity when both quotes have the same speaker.
    pub same_speaker_bonus: f64,
    /// Subtracted when both speakers are known and differ.
    pub other_speaker_penalty: f64,
    /// Added when the two quotes sit in passages the story's alignment pairs (the same
    /// sentence edited or re-translated by another outlet).
    pub aligned_bonus: f64,
}

/// A learned judge of whether two sentences report the same statement (the binary's
/// cross-encoder, `parallax-encoder`). Grouping asks it about each candidate pair's
/// sentences; without one, or when it cannot answer, grouping compares words.
pub trait StatementScorer {
    /// The probability, 0–1, that each pair's two sentences report the same statement, in
    /// order; `None` when it cannot answer.
    fn same_statement(&self, pairs: &[(&str, &str)]) -> Option<Vec<f64>>;
}

/// Renderings with the same content terms, at least this many, are one statement whatever a
/// [`StatementScorer`] says of their sentences; a shorter phrase quoted alike in two different
/// sentences ("the witness") need not be. (On the MSRP quote pairs, 5 costs nothing against
/// asking the scorer about every pair; 3 costs 0.007 F1.)
const VERBATIM_MIN_TERMS: usize = 5;
/// At most this many pairs of one story go to the scorer (20–70 ms each on 2 cores, by the
/// sentences' length), the most alike in words first; the rest keep their word similarity.
/// Every pair that shares a word is asked: a re-translation may share little else (asking
/// only pairs at word similarity 0.05 or more cost 0.008 F1 on the MSRP quote pairs).
const SCORER_MAX_PAIRS: usize = 256;

/// The sentence or sentences a quote sits in: the context a [`StatementScorer`] reads.
/// `sentences` are the text's sentences ([`parallax_align::sentences`]).
fn quote_sentence<'t>(text: &'t str, q: &Quote, sentences: &[Span]) -> &'t str {
    let (start, end) = (q.content.start, q.content.end);
    let first = sentences.iter().find(|s| s.end > start);
    let last = sentences.iter().rev().find(|s| s.start < end);
    match (first, last) {
        (Some(f), Some(l)) if f.start <= l.end => &text[f.start.min(start)..l.end.max(end)],
        _ => q.content.slice(text),
    }
}

/// Passages aligned between two articles of the story: (article a, article b, pairs of spans,
/// the first in a's text and the second in b's).
pub type AlignedPassages = Vec<(usize, usize, Vec<(Span, Span)>)>;

/// Do two spans overlap?
fn overlaps(x: Span, y: Span) -> bool {
    x.start < y.end && y.start < x.end
}

/// Do quotes `x` (of article `a`) and `y` (of article `b`) sit in one aligned passage pair?
fn co_aligned(aligned: &AlignedPassages, a: usize, x: Span, b: usize, y: Span) -> bool {
    aligned.iter().any(|(pa, pb, pairs)| {
        (*pa == a
            && *pb == b
            && pairs
                .iter()
                .any(|&(sa, sb)| overlaps(sa, x) && overlaps(sb, y)))
            || (*pa == b
                && *pb == a
                && pairs
                    .iter()
                    .any(|&(sa, sb)| overlaps(sa, y) && overlaps(sb, x)))
    })
}

impl Default for GroupParams {
    fn default() -> Self {
        Self {
            threshold: 0.5,
            same_speaker_bonus: 0.1,
            other_speaker_penalty: 0.3,
            aligned_bonus: 0.15,
        }
    }
}

/// A quote in a group: (article index, quote index) into the input.
pub type VariantRef = (usize, usize);

/// One statement and its renderings.
#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    /// The renderings, in input order.
    pub variants: Vec<VariantRef>,
    /// The speaker's key ([`name_key`]) shared across the story, when known.
    pub speaker_key: Option<String>,
    /// The fullest written form of the speaker's name in the story.
    pub speaker: Option<String>,
    /// True when every rendering comes from one outlet.
    pub single_outlet: bool,
    /// Word differences between renderings of different articles.
    pub differences: Vec<Difference>,
}

/// The word-level differences between two renderings.
#[derive(Debug, Clone, Serialize)]
pub struct Difference {
    /// The first rendering.
    pub a: VariantRef,
    /// The second rendering.
    pub b: VariantRef,
    /// Runs of words: the same, inserted, deleted or substituted.
    pub ops: Vec<WordChange>,
}

/// What one run of words does between two renderings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOp {
    /// The same words.
    Same,
    /// Words only the second rendering has.
    Insert,
    /// Words only the first rendering has.
    Delete,
    /// Words of the first replaced by words of the second.
    Substitute,
}

/// One run of a [`Difference`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordChange {
    /// Same, insert, delete or substitute.
    pub op: ChangeOp,
    /// The first rendering's words ("" for an insert).
    pub a: String,
    /// The second rendering's words ("" for a delete).
    pub b: String,
    /// The change alters what is said: a content word replaced by another (sin / mistake), a
    /// negation or a number added, dropped or changed.
    pub meaning: bool,
}

/// The quote's words as displayed and compared: the content pieces, without the quotation
/// marks and punctuation around them, joined by " … ".
pub fn quote_text(text: &str, q: &Quote) -> String {
    q.pieces()
        .iter()
        .map(|p| p.slice(text).trim_matches(|c: char| !c.is_alphanumeric()))
        .collect::<Vec<_>>()
        .join(" … ")
}

/// Content terms of a text: stems of its non-stop words, and numbers as written.
fn terms(text: &str) -> BTreeSet<String> {
    words(text)
        .filter_map(|w| {
            let lower = w.slice(text).to_lowercase();
            if lower.chars().any(|c| c.is_ascii_digit()) {
                Some(lower)
            } else {
                EnglishTerms.term(&lower)
            }
        })
        .collect()
}

fn numbers(ts: &BTreeSet<String>) -> BTreeSet<&String> {
    ts.iter()
        .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
        .collect()
}

/// Two terms match when equal or when they share a stem of `prefix` letters ("deceit",
/// "deceitful").
fn matches_by(a: &str, b: &str, prefix: usize) -> bool {
    a == b
        || a.len() >= prefix
            && b.len() >= prefix
            && a.as_bytes()[..prefix] == b.as_bytes()[..prefix]
}

/// Term match for similarity: a five-letter shared stem.
fn matches(a: &str, b: &str) -> bool {
    matches_by(a, b, 5)
}

/// How much two renderings say the same thing, 0–1: the share of the shorter one's content
/// terms found in the other, averaged with the share of both (Dice); halved when both carry
/// numbers and none agrees. 0 when either has fewer than two content terms.
pub fn statement_similarity(a: &str, b: &str) -> f64 {
    terms_similarity(&terms(a), &terms(b))
}

/// [`statement_similarity`] of two prepared term sets.
fn terms_similarity(ta: &BTreeSet<String>, tb: &BTreeSet<String>) -> f64 {
    if ta.len() < 2 || tb.len() < 2 {
        return if ta == tb && !ta.is_empty() { 1.0 } else { 0.0 };
    }
    let shared_a = ta
        .iter()
        .filter(|x| tb.iter().any(|y| matches(x, y)))
        .count();
    let shared_b = tb
        .iter()
        .filter(|y| ta.iter().any(|x| matches(x, y)))
        .count();
    let contain = (shared_a as f64 / ta.len() as f64).max(shared_b as f64 / tb.len() as f64);
    let dice = (shared_a + shared_b) as f64 / (ta.len() + tb.len()) as f64;
    let mut sim = 0.5 * contain + 0.5 * dice;
    let (na, nb) = (numbers(ta), numbers(tb));
    if !na.is_empty() && !nb.is_empty() && na.is_disjoint(&nb) {
        sim *= 0.5;
    }
    sim
}

/// Terms shared by more quotes than this do not propose pairs on their own (they still count
/// in the similarity of pairs another term proposes).
const MAX_POSTINGS: usize = 400;

/// Pairs of quotes (indices, first < second) of different articles that share at least one
/// term by its five-letter stem: the only pairs worth scoring, so a large story is not
/// compared all against all.
fn candidate_pairs(refs: &[VariantRef], terms: &[BTreeSet<String>]) -> Vec<(usize, usize)> {
    let mut postings: HashMap<&[u8], Vec<usize>> = HashMap::new();
    for (i, ts) in terms.iter().enumerate() {
        let mut keys: Vec<&[u8]> = ts.iter().map(|t| &t.as_bytes()[..t.len().min(5)]).collect();
        keys.dedup();
        for k in keys {
            postings.entry(k).or_default().push(i);
        }
    }
    let mut pairs = BTreeSet::new();
    for list in postings.values().filter(|l| l.len() <= MAX_POSTINGS) {
        for (x, &i) in list.iter().enumerate() {
            for &j in &list[x + 1..] {
                if refs[i].0 != refs[j].0 {
                    pairs.insert((i.min(j), i.max(j)));
                }
            }
        }
    }
    pairs.into_iter().collect()
}

/// Speaker keys of every quote, shared across the story: a written name gives its key; a
/// description takes the key of the person its words title elsewhere in the story.
fn speaker_keys(arts: &[ArticleQuotes<'_>]) -> Vec<Vec<Option<String>>> {
    // Role words seen before a named person anywhere in the story, e.g. "leader" → khamenei.
    let mut roles: HashMap<String, HashMap<String, usize>> = HashMap::new();
    let all_mentions: Vec<_> = arts.iter().map(|a| mentions(a.text)).collect();
    for (a, ms) in arts.iter().zip(&all_mentions) {
        for m in ms.iter().filter(|m| m.personal) {
            if let Some(k) = name_key(m.name.slice(a.text)) {
                for w in &m.prefix {
                    *roles
                        .entry(w.clone())
                        .or_default()
                        .entry(k.clone())
                        .or_default() += 1;
                }
            }
        }
    }
    arts.iter()
        .zip(&all_mentions)
        .map(|(a, ms)| {
            a.quotes
                .iter()
                .map(|q| {
                    if let Some(k) = q.resolved.and_then(|r| name_key(r.slice(a.text))) {
                        return Some(k);
                    }
                    let written = q.speaker?.slice(a.text);
                    let desc = description_words(written);
                    if let Some(k) = by_description(ms, &desc, q.speaker?.start)
                        .and_then(|r| name_key(r.slice(a.text)))
                    {
                        return Some(k);
                    }
                    // Across the story: the person most often titled with these words.
                    let mut votes: HashMap<&String, usize> = HashMap::new();
                    for w in desc
                        .iter()
                        .filter(|w| is_in(cues::TITLES, w) || roles.contains_key(*w))
                    {
                        for (k, n) in roles.get(w).into_iter().flatten() {
                            *votes.entry(k).or_default() += n;
                        }
                    }
                    votes
                        .into_iter()
                        .max_by_key(|(k, n)| (*n, std::cmp::Reverse((*k).clone())))
                        .map(|(k, _)| k.clone())
                })
                .collect()
        })
        .collect()
}

/// Groups the quotes of a story's articles into statements. Quotes of different articles join
/// when their [`statement_similarity`], adjusted for the speaker, reaches the threshold, on
/// average over the renderings of the two groups being joined. Quotes never linked stand alone.
pub fn group(arts: &[ArticleQuotes<'_>], params: &GroupParams) -> Vec<Statement> {
    group_aligned(arts, params, &Vec::new(), None)
}

/// [`group`], with the story's aligned passages as context (quotes in passages the alignment
/// pairs get [`GroupParams::aligned_bonus`]) and, when given, a [`StatementScorer`] whose
/// probability replaces the word similarity of the pairs it is asked about (verbatim
/// renderings of five content terms or more are not asked: they are one statement). For two
/// renderings of one speaker the higher of the two scores counts, so a trimmed or extended
/// rendering stays with its statement.
pub fn group_aligned(
    arts: &[ArticleQuotes<'_>],
    params: &GroupParams,
    aligned: &AlignedPassages,
    scorer: Option<&dyn StatementScorer>,
) -> Vec<Statement> {
    let keys = speaker_keys(arts);
    let refs: Vec<VariantRef> = arts
        .iter()
        .enumerate()
        .flat_map(|(a, art)| (0..art.quotes.len()).map(move |q| (a, q)))
        .collect();
    let texts: Vec<String> = refs
        .iter()
        .map(|&(a, q)| quote_text(arts[a].text, &arts[a].quotes[q]))
        .collect();
    // Similarity of the pairs that share a term, adjusted for the speaker and the alignment;
    // quotes of one article are never compared, and pairs sharing nothing count as 0.
    let n = refs.len();
    let term_sets: Vec<BTreeSet<String>> = texts.iter().map(|t| terms(t)).collect();
    let mut sim: HashMap<(usize, usize), f64> = HashMap::new();
    let mut candidates = Vec::new();
    let pairs = candidate_pairs(&refs, &term_sets);
    let by_words: Vec<f64> = pairs
        .iter()
        .map(|&(i, j)| terms_similarity(&term_sets[i], &term_sets[j]))
        .collect();
    let mut base = by_words.clone();
    if let Some(scorer) = scorer {
        rescore(arts, &refs, &term_sets, &pairs, &mut base, scorer);
    }
    for (k, (&(i, j), &s)) in pairs.iter().zip(&base).enumerate() {
        let mut s = s;
        match (&keys[refs[i].0][refs[i].1], &keys[refs[j].0][refs[j].1]) {
            // One speaker's words in two outlets: a rendering that keeps only part of the
            // other (a clause dropped or added) is still the statement, though its sentences
            // are no paraphrase of each other; so the words count as much as the scorer.
            (Some(x), Some(y)) if x == y => {
                s = s.max(by_words[k]) + params.same_speaker_bonus;
            }
            (Some(_), Some(_)) => s -= params.other_speaker_penalty,
            _ => {}
        }
        let (qa, qb) = (
            &arts[refs[i].0].quotes[refs[i].1],
            &arts[refs[j].0].quotes[refs[j].1],
        );
        if !aligned.is_empty() && co_aligned(aligned, refs[i].0, qa.content, refs[j].0, qb.content)
        {
            s += params.aligned_bonus;
        }
        sim.insert((i, j), s);
        if s >= params.threshold {
            candidates.push((s, i, j));
        }
    }
    // Average linkage, best pairs first: two groups merge when their renderings from different
    // articles are alike on average, so one long quote cannot chain unrelated ones together.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut cluster: Vec<usize> = (0..n).collect();
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    for (_, i, j) in candidates {
        let (ci, cj) = (cluster[i], cluster[j]);
        if ci == cj {
            continue;
        }
        let (mut total, mut count) = (0.0, 0usize);
        for &x in &members[ci] {
            for &y in &members[cj] {
                if refs[x].0 != refs[y].0 {
                    total += sim.get(&(x.min(y), x.max(y))).copied().unwrap_or(0.0);
                    count += 1;
                }
            }
        }
        if count > 0 && total / count as f64 >= params.threshold {
            let moved = std::mem::take(&mut members[cj]);
            for &y in &moved {
                cluster[y] = ci;
            }
            members[ci].extend(moved);
            members[ci].sort_unstable();
        }
    }
    members
        .into_iter()
        .filter(|m| !m.is_empty())
        .map(|m| {
            let variants: Vec<VariantRef> = m.iter().map(|&i| refs[i]).collect();
            // The statement's speaker: the key most of its renderings carry, so a rendering
            // whose speaker is only a description takes the one its peers name.
            let mut votes: HashMap<&String, usize> = HashMap::new();
            for &(a, q) in &variants {
                if let Some(k) = &keys[a][q] {
                    *votes.entry(k).or_default() += 1;
                }
            }
            let speaker_key = votes
                .into_iter()
                .max_by_key(|(k, n)| (*n, std::cmp::Reverse((*k).clone())))
                .map(|(k, _)| k.clone());
            let speaker = speaker_key
                .as_ref()
                .and_then(|k| display_name(arts, &keys, k));
            let outlets: BTreeSet<&str> = variants
                .iter()
                .map(|&(a, _)| arts[a].outlet.unwrap_or(arts[a].id))
                .collect();
            let mut differences = Vec::new();
            for (x, &i) in m.iter().enumerate() {
                for &j in &m[x + 1..] {
                    if refs[i].0 != refs[j].0 {
                        differences.push(Difference {
                            a: refs[i],
                            b: refs[j],
                            ops: changes(&texts[i], &texts[j]),
                        });
                    }
                }
            }
            Statement {
                variants,
                speaker_key,
                speaker,
                single_outlet: outlets.len() < 2,
                differences,
            }
        })
        .collect()
}

/// Puts the candidate pairs to `scorer`, reading each quote's sentence, and takes its
/// probabilities in place of their word similarity (`base`); verbatim renderings keep theirs.
fn rescore(
    arts: &[ArticleQuotes<'_>],
    refs: &[VariantRef],
    term_sets: &[BTreeSet<String>],
    pairs: &[(usize, usize)],
    base: &mut [f64],
    scorer: &dyn StatementScorer,
) {
    let mut asked: Vec<usize> = (0..pairs.len())
        .filter(|&k| {
            let (i, j) = pairs[k];
            !(term_sets[i] == term_sets[j] && term_sets[i].len() >= VERBATIM_MIN_TERMS)
        })
        .collect();
    asked.sort_by(|&x, &y| base[y].total_cmp(&base[x]).then(x.cmp(&y)));
    asked.truncate(SCORER_MAX_PAIRS);
    asked.sort_unstable();
    if asked.is_empty() {
        return;
    }
    let sentences: Vec<Vec<Span>> = arts
        .iter()
        .map(|a| parallax_align::sentences(a.text))
        .collect();
    let context = |i: usize| {
        let (a, q) = refs[i];
        quote_sentence(arts[a].text, &arts[a].quotes[q], &sentences[a])
    };
    let texts: Vec<(&str, &str)> = asked
        .iter()
        .map(|&k| (context(pairs[k].0), context(pairs[k].1)))
        .collect();
    if let Some(p) = scorer.same_statement(&texts) {
        for (&k, p) in asked.iter().zip(p) {
            base[k] = p;
        }
    }
}

/// The longest written speaker name in the story with this key; one without a comma first,
/// since a comma joins the name to another ("…from Ismail Haniyeh, Imam Khamenei said").
fn display_name(
    arts: &[ArticleQuotes<'_>],
    keys: &[Vec<Option<String>>],
    key: &str,
) -> Option<String> {
    let mut best: Option<&str> = None;
    for (a, art) in arts.iter().enumerate() {
        for (q, quote) in art.quotes.iter().enumerate() {
            if keys[a][q].as_deref() != Some(key) {
                continue;
            }
            for s in [quote.speaker, quote.resolved].into_iter().flatten() {
                let t = s.slice(art.text);
                let rank = |n: &str| (!n.contains(','), n.len());
                if name_key(t).as_deref() == Some(key) && best.is_none_or(|b| rank(t) > rank(b)) {
                    best = Some(t);
                }
            }
        }
    }
    best.map(str::to_string)
}

/// Splits an unequal substitution at either end of the texts: where one rendering runs on
/// ("sin" against "mistake that will delay …"), its first words replace the other's and the
/// rest is an insertion or deletion; at the start, its last words do.
fn split_ends(ops: Vec<DiffOp>, a: &str, b: &str) -> Vec<DiffOp> {
    let n = ops.len();
    let mut out = Vec::with_capacity(n + 2);
    for (k, op) in ops.into_iter().enumerate() {
        let DiffOp::Substitute { a: x, b: y } = op else {
            out.push(op);
            continue;
        };
        let (wa, wb): (Vec<_>, Vec<_>) = (
            words(x.slice(a)).map(|w| w.shifted(x.start)).collect(),
            words(y.slice(b)).map(|w| w.shifted(y.start)).collect(),
        );
        let m = wa.len().min(wb.len());
        if wa.len() == wb.len() || m == 0 || (k != 0 && k + 1 != n) {
            out.push(op);
            continue;
        }
        let span = |ws: &[parallax_text::Span]| {
            parallax_text::Span::new(ws[0].start, ws[ws.len() - 1].end)
        };
        let rest = |ws: &[parallax_text::Span], is_a: bool| {
            if is_a {
                DiffOp::Delete { a: span(ws) }
            } else {
                DiffOp::Insert { b: span(ws) }
            }
        };
        let longer_is_a = wa.len() > wb.len();
        if k + 1 == n {
            out.push(DiffOp::Substitute {
                a: span(&wa[..m]),
                b: span(&wb[..m]),
            });
            out.push(if longer_is_a {
                rest(&wa[m..], true)
            } else {
                rest(&wb[m..], false)
            });
        } else {
            out.push(if longer_is_a {
                rest(&wa[..wa.len() - m], true)
            } else {
                rest(&wb[..wb.len() - m], false)
            });
            out.push(DiffOp::Substitute {
                a: span(&wa[wa.len() - m..]),
                b: span(&wb[wb.len() - m..]),
            });
        }
    }
    out
}

/// Word runs between two renderings, with meaning flags.
pub fn changes(a: &str, b: &str) -> Vec<WordChange> {
    split_ends(word_diff(a, b), a, b)
        .into_iter()
        .map(|op| {
            let (op, sa, sb) = match op {
                DiffOp::Equal { a: x, b: y } => (ChangeOp::Same, x.slice(a), y.slice(b)),
                DiffOp::Insert { b: y } => (ChangeOp::Insert, "", y.slice(b)),
                DiffOp::Delete { a: x } => (ChangeOp::Delete, x.slice(a), ""),
                DiffOp::Substitute { a: x, b: y } => (ChangeOp::Substitute, x.slice(a), y.slice(b)),
            };
            let meaning = op != ChangeOp::Same && carries_meaning(sa, sb);
            WordChange {
                op,
                a: sa.to_string(),
                b: sb.to_string(),
                meaning,
            }
        })
        .collect()
}

/// Most content terms on either side of a replacement flagged as a change of meaning.
const MAX_FLAGGED_TERMS: usize = 2;

/// Does replacing `a` by `b` change what is said? Yes when a negation or a number appears on
/// one side only, or when each side has a content word the other lacks and no pair of them
/// shares a stem (sin / mistake, killed / died; not deceptive / deceitful).
pub fn carries_meaning(a: &str, b: &str) -> bool {
    let lw = |t: &str| {
        words(t)
            .map(|w| w.slice(t).to_lowercase())
            .collect::<Vec<_>>()
    };
    let (wa, wb) = (lw(a), lw(b));
    let neg = |ws: &[String]| ws.iter().any(|w| is_in(cues::NEGATIONS, w));
    if neg(&wa) != neg(&wb) {
        return true;
    }
    let (ta, tb) = (terms(a), terms(b));
    if numbers(&ta) != numbers(&tb) {
        return true;
    }
    // Looser than for similarity: words sharing four letters are taken as one word's forms.
    let only_a: Vec<&String> = ta
        .iter()
        .filter(|x| !tb.iter().any(|y| matches_by(x, y, 4)))
        .collect();
    let only_b: Vec<&String> = tb
        .iter()
        .filter(|y| !ta.iter().any(|x| matches_by(x, y, 4)))
        .collect();
    // A word for a word (sin / mistake); longer rewordings are paraphrase, not a flagged word.
    !only_a.is_empty()
        && !only_b.is_empty()
        && ta.len() <= MAX_FLAGGED_TERMS
        && tb.len() <= MAX_FLAGGED_TERMS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract;

    #[test]
    fn similarity_ranks_renderings_above_other_statements() {
        let a = "negotiating with the lying regime is a big unforgivable sin";
        let b = "the path of negotiation with the liar regime is a big unforgivable mistake";
        let c = "the harvest this year was the best in a decade";
        assert!(statement_similarity(a, b) >= GroupParams::default().threshold);
        assert!(statement_similarity(a, c) < 0.2);
        assert!(
            statement_similarity(
                "18 people were killed at the border",
                "17 people were killed at the border"
            ) < statement_similarity(
                "18 people were killed at the border",
                "18 people were killed on the border"
            )
        );
    }

    #[test]
    fn name_variants_and_titles_are_one_speaker_across_a_story() {
        let t1 = "Grand Mufti Selim Okonkwo said on Friday that the canal must be shared by every village.";
        let t2 = "“The canal must be shared by every village,” the Mufti said.";
        let t3 =
            "Mufti Okonkwo stressed that the canal belongs to every village and must be shared.";
        let qs: Vec<Vec<Quote>> = [t1, t2, t3].iter().map(|t| extract(t)).collect();
        let arts: Vec<ArticleQuotes<'_>> = [t1, t2, t3]
            .iter()
            .zip(&qs)
            .enumerate()
            .map(|(k, (t, q))| ArticleQuotes {
                id: ["a", "b", "c"][k],
                outlet: None,
                text: t,
                quotes: q,
            })
            .collect();
        let keys = speaker_keys(&arts);
        for (k, ks) in keys.iter().enumerate() {
            assert_eq!(
                ks,
                &[Some("okonkwo".to_string())],
                "article {k}: {:?}",
                qs[k]
            );
        }
        let groups = group(&arts, &GroupParams::default());
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(
            groups[0].speaker.as_deref(),
            Some("Grand Mufti Selim Okonkwo")
        );
    }

    /// A speaker span that runs over a comma into another name is not the name shown.
    #[test]
    fn the_name_shown_is_one_name() {
        let t1 = "After a letter from Ada Quill, Grand Mufti Selim Okonkwo said that the canal must be shared.";
        let t2 = "Mufti Okonkwo stressed that the canal belongs to every village.";
        let mut q1 = extract(t1);
        assert_eq!(q1.len(), 1, "{q1:?}");
        let from = t1.find("Ada").expect("in the text");
        let to = t1.find(" said").expect("in the text");
        q1[0].speaker = Some(Span::new(from, to));
        q1[0].resolved = None;
        let q2 = extract(t2);
        let arts: Vec<ArticleQuotes<'_>> = [(t1, &q1), (t2, &q2)]
            .into_iter()
            .map(|(text, quotes)| ArticleQuotes {
                id: "a",
                outlet: None,
                text,
                quotes,
            })
            .collect();
        let keys = speaker_keys(&arts);
        assert_eq!(keys[0], [Some("okonkwo".to_string())]);
        assert_eq!(
            display_name(&arts, &keys, "okonkwo").as_deref(),
            Some("Mufti Okonkwo")
        );
    }

    #[test]
    fn meaning_flags() {
        assert!(carries_meaning("sin", "mistake"));
        assert!(carries_meaning("killed", "died"));
        assert!(carries_meaning("", "not"));
        assert!(carries_meaning("18", "17"));
        assert!(!carries_meaning("deceptive", "deceitful"));
        assert!(!carries_meaning("the", "a"));
    }

    #[test]
    fn sin_and_mistake_group_with_a_meaning_flag_and_a_lone_quote_is_single_outlet() {
        let ta = "Mayor Ada Quill said on Friday that dealing with the smugglers' cartel is a big unforgivable sin.";
        let tb = "“Any deal with the smugglers’ cartel is a big unforgivable mistake,” Quill told reporters. \
                  “Our harbour will reopen in spring for every fishing crew,” the mayor added.";
        let (qa, qb) = (extract(ta), extract(tb));
        assert_eq!(qa.len(), 1, "{qa:?}");
        assert_eq!(qb.len(), 2, "{qb:?}");
        let arts = [
            ArticleQuotes {
                id: "a",
                outlet: Some("one.example"),
                text: ta,
                quotes: &qa,
            },
            ArticleQuotes {
                id: "b",
                outlet: Some("two.example"),
                text: tb,
                quotes: &qb,
            },
        ];
        let groups = group(&arts, &GroupParams::default());
        let pair = groups
            .iter()
            .find(|g| g.variants.len() == 2)
            .expect("a two-outlet statement");
        assert_eq!(pair.speaker_key.as_deref(), Some("quill"));
        assert!(!pair.single_outlet);
        let ops = &pair.differences[0].ops;
        assert!(
            ops.iter()
                .any(|o| o.a == "sin" && o.b == "mistake" && o.meaning),
            "{ops:?}"
        );
        let lone = groups
            .iter()
            .find(|g| g.variants == [(1, 1)])
            .expect("the harbour quote alone");
        assert!(lone.single_outlet);
        assert_eq!(lone.speaker_key.as_deref(), Some("quill"));
    }

    /// A scorer that answers from a table of sentence pairs and records what it was asked.
    struct Table {
        answers: Vec<(&'static str, &'static str, f64)>,
        asked: std::cell::RefCell<Vec<(String, String)>>,
        fail: bool,
    }

    impl StatementScorer for Table {
        fn same_statement(&self, pairs: &[(&str, &str)]) -> Option<Vec<f64>> {
            if self.fail {
                return None;
            }
            let mut out = Vec::new();
            for &(a, b) in pairs {
                self.asked.borrow_mut().push((a.to_string(), b.to_string()));
                let p = self.answers.iter().find(|(x, y, _)| {
                    (a.contains(x) && b.contains(y)) || (a.contains(y) && b.contains(x))
                });
                out.push(p.map_or(0.0, |t| t.2));
            }
            Some(out)
        }
    }

    fn two(ta: &'static str, tb: &'static str) -> (Vec<Quote>, Vec<Quote>) {
        let (qa, qb) = (extract(ta), extract(tb));
        assert_eq!((qa.len(), qb.len()), (1, 1), "{qa:?} {qb:?}");
        (qa, qb)
    }

    fn grouped_with(
        ta: &str,
        qa: &[Quote],
        tb: &str,
        qb: &[Quote],
        scorer: Option<&dyn StatementScorer>,
    ) -> bool {
        let arts = [
            ArticleQuotes {
                id: "a",
                outlet: Some("one.example"),
                text: ta,
                quotes: qa,
            },
            ArticleQuotes {
                id: "b",
                outlet: Some("two.example"),
                text: tb,
                quotes: qb,
            },
        ];
        group_aligned(&arts, &GroupParams::default(), &Vec::new(), scorer)
            .iter()
            .any(|g| g.variants.len() == 2)
    }

    #[test]
    fn the_scorer_decides_on_the_quotes_sentences_and_words_decide_without_it() {
        // Re-translated: few shared words, so words alone keep them apart; the scorer, reading
        // each quote's whole sentence (not the next one), joins them.
        let ta = "Ruth Vell said the levy would ruin small farms across the valley. Rain fell.";
        let tb = "Vell warned that small growers in the valley would be destroyed by the tax.";
        let (qa, qb) = two(ta, tb);
        assert!(!grouped_with(ta, &qa, tb, &qb, None));
        let table = Table {
            answers: vec![("ruin small farms", "destroyed by the tax", 0.9)],
            asked: Default::default(),
            fail: false,
        };
        assert!(grouped_with(ta, &qa, tb, &qb, Some(&table)));
        let asked = table.asked.borrow();
        assert_eq!(asked.len(), 1);
        assert!(asked[0].0.starts_with("Ruth Vell said") && !asked[0].0.contains("Rain"));
        // The scorer's "no" overrides words that look alike…
        let tc = "Tom Berr said the levy would ruin small farms in the valley.";
        let (qa2, qc) = two(ta, tc);
        assert!(grouped_with(ta, &qa2, tc, &qc, None));
        let no = Table {
            answers: vec![],
            asked: Default::default(),
            fail: false,
        };
        assert!(!grouped_with(ta, &qa2, tc, &qc, Some(&no)));
        // …but not for one speaker's words, where keeping part of them is enough.
        let te = "Ruth Vell said the levy would ruin small farms in the valley within a year.";
        let (qa3, qe) = two(ta, te);
        assert!(grouped_with(ta, &qa3, te, &qe, Some(&no)));
        // A scorer that cannot answer leaves the decision to the words.
        let broken = Table {
            answers: vec![],
            asked: Default::default(),
            fail: true,
        };
        assert!(grouped_with(ta, &qa2, tc, &qc, Some(&broken)));
    }

    #[test]
    fn verbatim_renderings_are_one_statement_without_asking_the_scorer() {
        let ta =
            "“The harbour will reopen for every fishing crew in spring,” Quill said on Friday.";
        let tb = "Quill told a rally: “The harbour will reopen for every fishing crew in spring.”";
        let (qa, qb) = two(ta, tb);
        let no = Table {
            answers: vec![],
            asked: Default::default(),
            fail: false,
        };
        assert!(grouped_with(ta, &qa, tb, &qb, Some(&no)));
        assert!(no.asked.borrow().is_empty());
        // A short phrase quoted alike is put to the scorer, whose "no" stands.
        let tc = "Vell called the plan “a disgrace” on Monday.";
        let td = "Critics of the budget said the cuts were “a disgrace” for the region.";
        let (qc, qd) = two(tc, td);
        assert!(!grouped_with(tc, &qc, td, &qd, Some(&no)));
        assert_eq!(no.asked.borrow().len(), 1);
    }
}
