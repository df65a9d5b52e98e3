//! The aligner: seeded passages, then paraphrase pairing, then what is left is unique.

use std::ops::Range;

use parallax_text::Span;

use crate::chain::{blocks, chains, matched_words, trimmed, Block, RangeSet};
use crate::diff::{counts, dice, diff_words, longest_equal_run, to_runs, word_bounds, WordOp};
use crate::doc::Doc;
use crate::paraphrase::{pair, units};
use crate::{AlignParams, Alignment, EnglishTerms, Passage, PassageKind, TermNormalizer};

/// Aligns article `a` with article `b` (clean bodies, paragraphs separated by blank lines),
/// comparing paraphrases with the default English normaliser ([`EnglishTerms`]).
///
/// ```
/// use parallax_align::{align, AlignParams, PassageKind};
/// let a = "The army killed 17 protesters on Friday, officials said in a statement.";
/// let b = "The army killed 17 protesters on Friday, officials said.\n\nMore to come.";
/// let out = align(a, b, &AlignParams::default());
/// assert_eq!(out.passages.len(), 1);
/// assert_eq!(out.passages[0].kind, PassageKind::Edited);
/// assert_eq!(out.a_covered, 1.0);
/// assert_eq!(out.b_unique[0].slice(b), "More to come");
/// ```
pub fn align(a: &str, b: &str, params: &AlignParams) -> Alignment {
    align_with(a, b, params, &EnglishTerms)
}

/// Like [`align`], with `terms` deciding which words count for paraphrase pairing and how they
/// are stemmed (pass a stemmer and stop list for the articles' language).
pub fn align_with(a: &str, b: &str, params: &AlignParams, terms: &dyn TermNormalizer) -> Alignment {
    let da = Doc::new(a);
    let db = Doc::new(b);
    let mut drafts = Drafts::default();

    // 1. Seeded regions, widened to sentence edges, cut at paragraph breaks and judged.
    for ops in seeded_regions(&da, &db, params) {
        for piece in paragraph_pieces(&ops, &da, &db) {
            settle(piece.to_vec(), &da, &db, params, &mut drafts);
        }
    }
    let mut covered_a = vec![false; da.len()];
    let mut covered_b = vec![false; db.len()];
    for d in &drafts.kept {
        mark(d, &mut covered_a, &mut covered_b);
    }

    // 2. Paraphrases among the sentences left over (including those of deferred passages).
    if params.paraphrase_max_sentences > 0 {
        let ua = units(&da, &covered_a, params, terms);
        let ub = units(&db, &covered_b, params, terms);
        for p in pair(&ua, &ub, da.sentences.len(), db.sentences.len(), params) {
            let mut ops = Vec::new();
            diff_words(&da.keys, p.a.0..p.a.1, &db.keys, p.b.0..p.b.1, &mut ops);
            let (na, nb, eq) = counts(&ops);
            let sim = dice(&ops);
            let (kind, similarity) = if eq == na && eq == nb {
                (PassageKind::Verbatim, 1.0)
            } else if sim >= params.edited_min_similarity {
                (PassageKind::Edited, sim)
            } else {
                (PassageKind::Paraphrase, p.score)
            };
            let pieces = if kind == PassageKind::Paraphrase {
                split_edited_cores(ops, p.score, &da, params, terms)
            } else {
                vec![Draft {
                    ops,
                    kind,
                    similarity,
                }]
            };
            for d in pieces {
                mark(&d, &mut covered_a, &mut covered_b);
                drafts.kept.push(d);
            }
        }
    }

    // 3. Deferred seeded passages whose words nobody claimed after all.
    drafts
        .deferred
        .sort_by_key(|d| std::cmp::Reverse(counts(&d.ops).2));
    for d in std::mem::take(&mut drafts.deferred) {
        let (ra, rb) = ranges(&d);
        if ra.clone().all(|w| !covered_a[w]) && rb.clone().all(|w| !covered_b[w]) {
            mark(&d, &mut covered_a, &mut covered_b);
            drafts.kept.push(d);
        }
    }

    finish(drafts.kept, &da, &db, &covered_a, &covered_b)
}

/// A passage before byte spans are attached.
#[derive(Debug)]
struct Draft {
    ops: Vec<WordOp>,
    kind: PassageKind,
    similarity: f64,
}

/// Passages kept so far, and seeded passages waiting for paraphrase pairing to pass on them.
#[derive(Debug, Default)]
struct Drafts {
    kept: Vec<Draft>,
    deferred: Vec<Draft>,
}

/// Word ranges of a draft in a and in b.
fn ranges(d: &Draft) -> (Range<usize>, Range<usize>) {
    let (a, b) = word_bounds(&d.ops);
    let r = |x: Option<(usize, usize)>| x.map_or(0..0, |(s, e)| s..e + 1);
    (r(a), r(b))
}

/// Marks a draft's words as covered.
fn mark(d: &Draft, covered_a: &mut [bool], covered_b: &mut [bool]) {
    let (ra, rb) = ranges(d);
    covered_a[ra].fill(true);
    covered_b[rb].fill(true);
}

/// Words of each text already taken by a seeded region.
#[derive(Debug, Default)]
struct Occupied {
    a: RangeSet,
    b: RangeSet,
}

/// Word ops of each seeded region: disjoint chains of seed blocks with their gaps diffed,
/// widened to sentence edges where that is short and keeps the region similar enough.
fn seeded_regions(da: &Doc<'_>, db: &Doc<'_>, params: &AlignParams) -> Vec<Vec<WordOp>> {
    let found = blocks(
        &da.keys,
        &db.keys,
        params.seed_words,
        params.max_seed_repeats,
    );
    let mut occupied = Occupied::default();
    let mut regions: Vec<Vec<Block>> = Vec::new();
    let hull = |c: &[Block]| {
        (
            c[0].a..c[c.len() - 1].a_end(),
            c[0].b..c[c.len() - 1].b_end(),
        )
    };
    for (score, chain) in chains(found, params.max_gap_words) {
        if score < params.min_passage_words {
            break; // chains come best first
        }
        let chain = trimmed(&chain);
        // A chain overlapping accepted regions keeps its runs of blocks that do not.
        let mut runs: Vec<Vec<Block>> = vec![Vec::new()];
        for x in chain {
            let free =
                !occupied.a.overlaps(&(x.a..x.a_end())) && !occupied.b.overlaps(&(x.b..x.b_end()));
            if free {
                if let Some(run) = runs.last_mut() {
                    run.push(x);
                }
            } else if runs.last().is_some_and(|r| !r.is_empty()) {
                runs.push(Vec::new());
            }
        }
        for run in runs {
            if run.is_empty() || matched_words(&run) < params.min_passage_words {
                continue;
            }
            let (ha, hb) = hull(&run);
            if occupied.a.overlaps(&ha) || occupied.b.overlaps(&hb) {
                continue;
            }
            occupied.a.insert(ha);
            occupied.b.insert(hb);
            regions.push(run);
        }
    }
    regions.sort_by_key(|r| r[0].a);

    let mut out = Vec::with_capacity(regions.len());
    for run in regions {
        let mut ops = Vec::new();
        let mut prev: Option<Block> = None;
        for x in run {
            if let Some(p) = prev {
                diff_words(&da.keys, p.a_end()..x.a, &db.keys, p.b_end()..x.b, &mut ops);
            }
            ops.extend((0..x.len).map(|k| WordOp::Equal(x.a + k, x.b + k)));
            prev = Some(x);
        }
        extend_to_sentences(&mut ops, da, db, params, &mut occupied);
        out.push(ops);
    }
    out
}

/// Which end of a region is being widened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Head,
    Tail,
}

/// Words per side up to which an extension may differ entirely from the other side ("on
/// Friday" / "on Saturday").
const SHORT_EXTENSION: usize = 3;

/// Widens a region towards the start of its first sentences and the end of its last ones, one
/// end at a time (see [`widen`]), when the words added are free, look like an edit (one side
/// empty, at most [`SHORT_EXTENSION`] words a side, or half the edited similarity on their
/// own), and the region stays at least as similar as an edited passage must be.
fn extend_to_sentences(
    ops: &mut Vec<WordOp>,
    da: &Doc<'_>,
    db: &Doc<'_>,
    params: &AlignParams,
    occupied: &mut Occupied,
) {
    for end in [End::Head, End::Tail] {
        let (Some((a0, a1)), Some((b0, b1))) = word_bounds(ops) else {
            return;
        };
        let (ra, rb) = match end {
            End::Head => (
                da.sentence_range(a0).start..a0,
                db.sentence_range(b0).start..b0,
            ),
            End::Tail => (
                a1 + 1..da.sentence_range(a1).end,
                b1 + 1..db.sentence_range(b1).end,
            ),
        };
        let Some(extra) = widen(&ra, &rb, end, da, db, params, occupied) else {
            continue;
        };
        let joined: Vec<WordOp> = match end {
            End::Head => extra.iter().chain(ops.iter()).copied().collect(),
            End::Tail => ops.iter().chain(extra.iter()).copied().collect(),
        };
        let (na, nb, _) = counts(&extra);
        let plausible = na == 0
            || nb == 0
            || na.max(nb) <= SHORT_EXTENSION
            || dice(&extra) >= params.edited_min_similarity / 2.0;
        if plausible && dice(&joined) >= params.edited_min_similarity {
            let (xa, xb) = word_bounds(&extra);
            if let Some((s, e)) = xa {
                occupied.a.insert(s..e + 1);
            }
            if let Some((s, e)) = xb {
                occupied.b.insert(s..e + 1);
            }
            *ops = joined;
        }
    }
}

/// The diff of the words between a region's end and its sentence edge (`ra` in a, `rb` in b),
/// looking at most [`AlignParams::max_extend_words`] words beyond the region on each side.
/// When both edges are that close, both ranges are taken whole. A side whose edge is farther
/// is taken only up to its outermost word equal to one of the other side (the other side, if
/// its edge is close, is still taken whole); with no equal word, only the close side is taken.
fn widen(
    ra: &Range<usize>,
    rb: &Range<usize>,
    end: End,
    da: &Doc<'_>,
    db: &Doc<'_>,
    params: &AlignParams,
    occupied: &Occupied,
) -> Option<Vec<WordOp>> {
    let max = params.max_extend_words;
    let clip = |r: &Range<usize>| match end {
        _ if r.len() <= max => r.clone(),
        End::Head => r.end - max..r.end,
        End::Tail => r.start..r.start + max,
    };
    let (wa, wb) = (clip(ra), clip(rb));
    if wa.is_empty() && wb.is_empty() || occupied.a.overlaps(&wa) || occupied.b.overlaps(&wb) {
        return None;
    }
    let mut ops = Vec::new();
    diff_words(&da.keys, wa.clone(), &db.keys, wb.clone(), &mut ops);
    let (cut_a, cut_b) = (wa.len() < ra.len(), wb.len() < rb.len());
    if !cut_a && !cut_b {
        return Some(ops);
    }
    let is_equal = |op: &WordOp| matches!(op, WordOp::Equal(..));
    let outer = match end {
        End::Head => ops.iter().position(is_equal),
        End::Tail => ops.iter().rposition(is_equal),
    };
    let kept: Vec<WordOp> = ops
        .iter()
        .enumerate()
        .filter(|&(k, op)| {
            let beyond = match (end, outer) {
                (_, None) => true,
                (End::Head, Some(o)) => k < o,
                (End::Tail, Some(o)) => k > o,
            };
            !beyond
                || match op {
                    WordOp::Delete(_) => !cut_a,
                    WordOp::Insert(_) => !cut_b,
                    WordOp::Equal(..) => false,
                }
        })
        .map(|(_, op)| *op)
        .collect();
    (!kept.is_empty()).then_some(kept)
}

/// Cuts a region's ops where a paragraph break of either text falls. A break inside a changed
/// stretch cuts at the stretch's start, so a substitution is not torn apart.
fn paragraph_pieces<'o>(ops: &'o [WordOp], da: &Doc<'_>, db: &Doc<'_>) -> Vec<&'o [WordOp]> {
    let is_equal = |k: usize| matches!(ops[k], WordOp::Equal(..));
    let mut cuts: Vec<usize> = Vec::new();
    let (mut last_pa, mut last_pb) = (None, None);
    let mut stretch_start = 0;
    for (k, op) in ops.iter().enumerate() {
        if k == 0 || is_equal(k - 1) {
            stretch_start = k;
        }
        let (pa, pb) = match *op {
            WordOp::Equal(i, j) => (Some(da.paragraph_of[i]), Some(db.paragraph_of[j])),
            WordOp::Delete(i) => (Some(da.paragraph_of[i]), None),
            WordOp::Insert(j) => (None, Some(db.paragraph_of[j])),
        };
        let breaks =
            |p: Option<u32>, last: Option<u32>| matches!((p, last), (Some(p), Some(l)) if p != l);
        if k > 0 && (breaks(pa, last_pa) || breaks(pb, last_pb)) {
            let at = if is_equal(k) { k } else { stretch_start };
            if at > 0 && cuts.last() != Some(&at) {
                cuts.push(at);
            }
        }
        last_pa = pa.or(last_pa);
        last_pb = pb.or(last_pb);
    }
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for at in cuts.into_iter().chain(std::iter::once(ops.len())) {
        if at > start {
            out.push(&ops[start..at]);
            start = at;
        }
    }
    out
}

/// Judges one piece of a seeded region: keeps it as verbatim or edited, defers it to
/// paraphrase pairing when it is a small part of its sentences, or, when it is too dissimilar,
/// cuts out its longest changed stretches (all at least half as long as the longest) and judges
/// the parts, which must then hold [`AlignParams::min_passage_words`] equal words.
fn settle(
    piece: Vec<WordOp>,
    da: &Doc<'_>,
    db: &Doc<'_>,
    params: &AlignParams,
    drafts: &mut Drafts,
) {
    let mut work = vec![(piece, false)];
    while let Some((ops, from_split)) = work.pop() {
        let (na, nb, eq) = counts(&ops);
        if eq == 0 || (from_split && eq < params.min_passage_words) {
            continue;
        }
        let sim = dice(&ops);
        if sim < params.edited_min_similarity {
            let is_equal = |op: &WordOp| matches!(op, WordOp::Equal(..));
            let mut stretches: Vec<Range<usize>> = Vec::new();
            let mut k = 0;
            while k < ops.len() {
                let s = k;
                while k < ops.len() && !is_equal(&ops[k]) {
                    k += 1;
                }
                if k > s {
                    stretches.push(s..k);
                }
                k += 1;
            }
            let longest = stretches.iter().map(|r| r.len()).max().unwrap_or(0);
            let trim = |part: &[WordOp]| -> Vec<WordOp> {
                let s = part.iter().position(is_equal).unwrap_or(part.len());
                let e = part.iter().rposition(is_equal).map_or(s, |e| e + 1);
                part[s..e.max(s)].to_vec()
            };
            let mut start = 0;
            for r in stretches.iter().filter(|r| 2 * r.len() >= longest) {
                work.push((trim(&ops[start..r.start]), true));
                start = r.end;
            }
            work.push((trim(&ops[start..]), true));
            continue;
        }
        let (kind, similarity) = if eq == na && eq == nb {
            (PassageKind::Verbatim, 1.0)
        } else {
            (PassageKind::Edited, sim)
        };
        let draft = Draft {
            ops,
            kind,
            similarity,
        };
        let (ra, rb) = ranges(&draft);
        let share = |doc: &Doc<'_>, r: &Range<usize>| {
            let first = doc.sentence_of[r.start] as usize;
            let last = doc.sentence_of[r.end - 1] as usize;
            let total = doc.sentences[last].end - doc.sentences[first].start;
            r.len() as f64 / total as f64
        };
        let small = share(da, &ra).min(share(db, &rb)) < params.min_sentence_share;
        if (small || partial_sentence(da, &ra) && partial_sentence(db, &rb))
            && longest_equal_run(&draft.ops) < params.keep_verbatim_words
        {
            drafts.deferred.push(draft);
        } else {
            drafts.kept.push(draft);
        }
    }
}

/// Splits a paraphrase pair at its edited cores: stretches that keep most of their words, as
/// two translations of one quote do ("a big unforgivable sin" / "a big unforgivable mistake").
/// A core starts and ends on an equal word, holds at least
/// [`AlignParams::edited_core_words`] equal words of which two are content terms, and reaches
/// [`AlignParams::edited_core_similarity`]; it becomes an edited passage (verbatim when nothing
/// in it changed). Longer stretches between cores stay paraphrases when both sides have words
/// there; a stretch with words on one side only is left to that side (unique).
fn split_edited_cores(
    ops: Vec<WordOp>,
    score: f64,
    da: &Doc<'_>,
    params: &AlignParams,
    terms: &dyn TermNormalizer,
) -> Vec<Draft> {
    let is_equal = |k: usize| matches!(ops[k], WordOp::Equal(..));
    // Whether each equal word is a content term (a number, or a term of the normaliser),
    // worked out once: the core search below looks at each many times.
    let content_word: Vec<bool> = ops
        .iter()
        .map(|op| match *op {
            WordOp::Equal(i, _) => {
                let w = da.words[i].slice(da.text).to_lowercase();
                w.chars().any(|c| c.is_ascii_digit()) || terms.term(&w).is_some()
            }
            _ => false,
        })
        .collect();
    let mut cores: Vec<Range<usize>> = Vec::new();
    let mut s = 0;
    while s < ops.len() {
        if !is_equal(s) {
            s += 1;
            continue;
        }
        let (mut na, mut nb, mut eq, mut content) = (0usize, 0usize, 0usize, 0usize);
        let mut best = None;
        for (e, op) in ops.iter().enumerate().skip(s) {
            match *op {
                WordOp::Equal(..) => {
                    na += 1;
                    nb += 1;
                    eq += 1;
                    content += usize::from(content_word[e]);
                }
                WordOp::Delete(_) => na += 1,
                WordOp::Insert(_) => nb += 1,
            }
            if is_equal(e)
                && eq >= params.edited_core_words
                && content >= 2
                && 2.0 * eq as f64 / (na + nb) as f64 >= params.edited_core_similarity
            {
                best = Some(e);
            }
        }
        match best {
            Some(e) => {
                cores.push(s..e + 1);
                s = e + 1;
            }
            None => s += 1,
        }
    }
    if cores.is_empty() || params.edited_core_words == 0 {
        return vec![Draft {
            ops,
            kind: PassageKind::Paraphrase,
            similarity: score,
        }];
    }
    // Short leftovers between or around cores ("the Imam said" / "but loss") join the
    // neighbouring core rather than standing as paraphrases of a few words each.
    let short = |part: &[WordOp]| {
        let (na, nb, _) = counts(part);
        na.min(nb) < params.paraphrase_min_words && na.max(nb) <= 2 * params.paraphrase_min_words
    };
    let mut pieces: Vec<(Range<usize>, bool)> = Vec::new();
    let mut at = 0;
    for r in cores {
        if r.start > at {
            pieces.push((at..r.start, false));
        }
        pieces.push((r.clone(), true));
        at = r.end;
    }
    if at < ops.len() {
        pieces.push((at..ops.len(), false));
    }
    let mut merged: Vec<(Range<usize>, bool)> = Vec::new();
    let mut pending: Option<Range<usize>> = None;
    for (r, core) in pieces {
        if core {
            let start = pending.take().map_or(r.start, |p| p.start);
            merged.push((start..r.end, true));
        } else if short(&ops[r.clone()]) {
            match merged.last_mut() {
                Some((last, true)) => last.end = r.end,
                _ => pending = Some(r),
            }
        } else {
            merged.push((r, false));
        }
    }
    merged
        .into_iter()
        .filter_map(|(r, core)| {
            let part = ops[r].to_vec();
            let (na, nb, eq) = counts(&part);
            let (kind, similarity) = if !core {
                if na == 0 || nb == 0 {
                    return None;
                }
                (PassageKind::Paraphrase, score)
            } else if eq == na && eq == nb {
                (PassageKind::Verbatim, 1.0)
            } else {
                (PassageKind::Edited, dice(&part))
            };
            Some(Draft {
                ops: part,
                kind,
                similarity,
            })
        })
        .collect()
}

/// True when the words `r` lie in one sentence and leave some of its words out.
fn partial_sentence(doc: &Doc<'_>, r: &Range<usize>) -> bool {
    let sentence = doc.sentence_range(r.start);
    r.end <= sentence.end && r.len() < sentence.len()
}

/// Byte spans, unique stretches and summary numbers.
fn finish(
    mut kept: Vec<Draft>,
    da: &Doc<'_>,
    db: &Doc<'_>,
    covered_a: &[bool],
    covered_b: &[bool],
) -> Alignment {
    kept.sort_by_key(|d| ranges(d).0.start);
    let mut equal: Vec<(usize, usize)> = Vec::new();
    let passages = kept
        .iter()
        .map(|d| {
            equal.extend(d.ops.iter().filter_map(|op| match *op {
                WordOp::Equal(i, j) => Some((i, j)),
                _ => None,
            }));
            let (ra, rb) = ranges(d);
            Passage {
                a: da.span(ra.start, ra.end - 1),
                b: db.span(rb.start, rb.end - 1),
                kind: d.kind,
                similarity: d.similarity,
                diff: to_runs(&d.ops, da, db),
            }
        })
        .collect();
    equal.sort_unstable();
    let (mut longest, mut run) = (0, 0);
    for (k, &(i, j)) in equal.iter().enumerate() {
        let continues = k > 0 && equal[k - 1] == (i.wrapping_sub(1), j.wrapping_sub(1));
        run = if continues { run + 1 } else { 1 };
        longest = longest.max(run);
    }
    Alignment {
        passages,
        a_unique: unique(da, covered_a),
        b_unique: unique(db, covered_b),
        a_covered: share(covered_a),
        b_covered: share(covered_b),
        longest_verbatim_words: longest,
    }
}

/// Runs of uncovered words, split at paragraph breaks, as byte spans.
fn unique(doc: &Doc<'_>, covered: &[bool]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    for (w, _) in covered.iter().enumerate().filter(|(_, &c)| !c) {
        run = match run {
            Some((s, e)) if e + 1 == w && doc.paragraph_of[e] == doc.paragraph_of[w] => {
                Some((s, w))
            }
            Some((s, e)) => {
                out.push(doc.span(s, e));
                Some((w, w))
            }
            None => Some((w, w)),
        };
    }
    if let Some((s, e)) = run {
        out.push(doc.span(s, e));
    }
    out
}

/// Share of true values (0 for none).
fn share(covered: &[bool]) -> f64 {
    if covered.is_empty() {
        0.0
    } else {
        covered.iter().filter(|&&c| c).count() as f64 / covered.len() as f64
    }
}
