//! Word-level diffs: a longest-common-subsequence walk over word keys, and its conversion to
//! [`DiffOp`] runs with byte spans.

use crate::doc::Doc;
use crate::DiffOp;

/// One word-level edit step, by word index into each text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordOp {
    /// Word `.0` of a equals word `.1` of b.
    Equal(usize, usize),
    /// Word of a with no counterpart.
    Delete(usize),
    /// Word of b with no counterpart.
    Insert(usize),
}

/// Largest dynamic-programming table (cells) before the diff falls back to prefix and suffix
/// matching; it keeps a pathological pair (a sentence of 100,000 words) linear.
const MAX_CELLS: usize = 1 << 20;

/// Appends the ops turning `a[ra]` into `b[rb]` (word keys) to `out`, with indices offset by the
/// ranges' starts. Deletions come before insertions in each changed stretch.
pub(crate) fn diff_words(
    a: &[u64],
    ra: std::ops::Range<usize>,
    b: &[u64],
    rb: std::ops::Range<usize>,
    out: &mut Vec<WordOp>,
) {
    let (xa, xb) = (&a[ra.clone()], &b[rb.clone()]);
    let prefix = xa.iter().zip(xb).take_while(|(x, y)| x == y).count();
    let suffix = xa[prefix..]
        .iter()
        .rev()
        .zip(xb[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    for k in 0..prefix {
        out.push(WordOp::Equal(ra.start + k, rb.start + k));
    }
    let (a0, b0) = (ra.start + prefix, rb.start + prefix);
    let ma = &xa[prefix..xa.len() - suffix];
    let mb = &xb[prefix..xb.len() - suffix];
    let (n, m) = (ma.len(), mb.len());
    if n > 0 && m > 0 && (n + 1).saturating_mul(m + 1) <= MAX_CELLS {
        // table[i * (m + 1) + j] = LCS length of ma[i..] and mb[j..].
        let w = m + 1;
        let mut table = vec![0u16; (n + 1) * w];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                table[i * w + j] = if ma[i] == mb[j] {
                    table[(i + 1) * w + j + 1] + 1
                } else {
                    table[(i + 1) * w + j].max(table[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n && j < m {
            if ma[i] == mb[j] {
                out.push(WordOp::Equal(a0 + i, b0 + j));
                i += 1;
                j += 1;
            } else if table[(i + 1) * w + j] >= table[i * w + j + 1] {
                out.push(WordOp::Delete(a0 + i));
                i += 1;
            } else {
                out.push(WordOp::Insert(b0 + j));
                j += 1;
            }
        }
        out.extend((i..n).map(|i| WordOp::Delete(a0 + i)));
        out.extend((j..m).map(|j| WordOp::Insert(b0 + j)));
    } else {
        out.extend((0..n).map(|i| WordOp::Delete(a0 + i)));
        out.extend((0..m).map(|j| WordOp::Insert(b0 + j)));
    }
    for k in 0..suffix {
        out.push(WordOp::Equal(a0 + n + k, b0 + m + k));
    }
}

/// Word counts of an op list: (words of a, words of b, equal pairs).
pub(crate) fn counts(ops: &[WordOp]) -> (usize, usize, usize) {
    let (mut na, mut nb, mut eq) = (0, 0, 0);
    for op in ops {
        match op {
            WordOp::Equal(..) => {
                na += 1;
                nb += 1;
                eq += 1;
            }
            WordOp::Delete(_) => na += 1,
            WordOp::Insert(_) => nb += 1,
        }
    }
    (na, nb, eq)
}

/// Dice similarity of an op list: twice the equal words over all words of both sides.
pub(crate) fn dice(ops: &[WordOp]) -> f64 {
    let (na, nb, eq) = counts(ops);
    if na + nb == 0 {
        0.0
    } else {
        2.0 * eq as f64 / (na + nb) as f64
    }
}

/// Longest run of consecutive `Equal` ops (in words).
pub(crate) fn longest_equal_run(ops: &[WordOp]) -> usize {
    let (mut best, mut run) = (0, 0);
    for op in ops {
        if matches!(op, WordOp::Equal(..)) {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// First and last word index (inclusive) of one side in an op list, if the side has any.
pub(crate) type Bounds = Option<(usize, usize)>;

/// The [`Bounds`] of each side in an op list.
pub(crate) fn word_bounds(ops: &[WordOp]) -> (Bounds, Bounds) {
    let mut a: Bounds = None;
    let mut b: Bounds = None;
    let widen = |r: &mut Bounds, i: usize| {
        *r = Some(r.map_or((i, i), |(s, e)| (s.min(i), e.max(i))));
    };
    for op in ops {
        match *op {
            WordOp::Equal(i, j) => {
                widen(&mut a, i);
                widen(&mut b, j);
            }
            WordOp::Delete(i) => widen(&mut a, i),
            WordOp::Insert(j) => widen(&mut b, j),
        }
    }
    (a, b)
}

/// Converts word ops to runs with byte spans: consecutive equal words become one `Equal`, and
/// each changed stretch between equal runs one `Substitute`, `Delete` or `Insert`.
pub(crate) fn to_runs(ops: &[WordOp], da: &Doc<'_>, db: &Doc<'_>) -> Vec<DiffOp> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < ops.len() {
        if let WordOp::Equal(i0, j0) = ops[k] {
            let mut len = 1;
            while let Some(WordOp::Equal(i, j)) = ops.get(k + len) {
                if *i != i0 + len || *j != j0 + len {
                    break;
                }
                len += 1;
            }
            out.push(DiffOp::Equal {
                a: da.span(i0, i0 + len - 1),
                b: db.span(j0, j0 + len - 1),
            });
            k += len;
            continue;
        }
        let start = k;
        while k < ops.len() && !matches!(ops[k], WordOp::Equal(..)) {
            k += 1;
        }
        let (a, b) = word_bounds(&ops[start..k]);
        out.push(match (a, b) {
            (Some((a0, a1)), Some((b0, b1))) => DiffOp::Substitute {
                a: da.span(a0, a1),
                b: db.span(b0, b1),
            },
            (Some((a0, a1)), None) => DiffOp::Delete { a: da.span(a0, a1) },
            (None, Some((b0, b1))) => DiffOp::Insert { b: db.span(b0, b1) },
            (None, None) => unreachable!("a changed stretch holds at least one op"),
        });
    }
    out
}

/// The word-level diff of two short texts (sentences, quotes) as runs with byte spans into each:
/// the same longest-common-subsequence walk passages use, with words matched case-insensitively
/// and digits of any script folded to ASCII.
///
/// ```
/// use parallax_align::{word_diff, DiffOp};
/// let (a, b) = ("a big unforgivable sin", "a big unforgivable mistake");
/// let ops = word_diff(a, b);
/// assert!(matches!(ops[1], DiffOp::Substitute { a: x, b: y } if x.slice(a) == "sin" && y.slice(b) == "mistake"));
/// ```
pub fn word_diff(a: &str, b: &str) -> Vec<DiffOp> {
    let (da, db) = (Doc::new(a), Doc::new(b));
    let mut ops = Vec::new();
    diff_words(&da.keys, 0..da.len(), &db.keys, 0..db.len(), &mut ops);
    to_runs(&ops, &da, &db)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(a: &[u64], b: &[u64]) -> Vec<WordOp> {
        let mut out = Vec::new();
        diff_words(a, 0..a.len(), b, 0..b.len(), &mut out);
        out
    }

    #[test]
    fn lcs_with_prefix_suffix_and_middle() {
        use WordOp::*;
        assert_eq!(
            ops(&[1, 2, 3, 4, 5], &[1, 9, 3, 5, 6]),
            [
                Equal(0, 0),
                Delete(1),
                Insert(1),
                Equal(2, 2),
                Delete(3),
                Equal(4, 3),
                Insert(4)
            ]
        );
        assert_eq!(ops(&[], &[7]), [Insert(0)]);
        assert_eq!(dice(&ops(&[1, 2], &[1, 2])), 1.0);
        assert_eq!(longest_equal_run(&ops(&[1, 2, 3, 9, 4], &[1, 2, 3, 4])), 3);
    }

    #[test]
    fn huge_gaps_fall_back_to_one_substitution() {
        let a: Vec<u64> = (0..3000).collect();
        let b: Vec<u64> = (0..3000).map(|x| x * 7 + 1).collect();
        let out = ops(&a, &b);
        // Many keys are shared, but the table would be too large: one substitution.
        assert_eq!(counts(&out), (3000, 3000, 0));
    }
}
