//! Seed and chain: shared word n-grams, merged into exact blocks along diagonals, chained into
//! co-linear regions with small gaps.

use std::collections::BTreeMap;
use std::ops::Range;

use xxhash_rust::xxh3::xxh3_64;

/// A run of `len` equal words: a[a..a + len] == b[b..b + len].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Block {
    /// First word in a.
    pub(crate) a: usize,
    /// First word in b.
    pub(crate) b: usize,
    /// Number of words.
    pub(crate) len: usize,
}

impl Block {
    /// One past the last word in a.
    pub(crate) fn a_end(&self) -> usize {
        self.a + self.len
    }

    /// One past the last word in b.
    pub(crate) fn b_end(&self) -> usize {
        self.b + self.len
    }
}

use parallax_text::KeyMap as IdMap;

/// Hash of each `k`-gram of word keys, by start position.
fn gram_keys(keys: &[u64], k: usize) -> Vec<u64> {
    if keys.len() < k {
        return Vec::new();
    }
    let mut bytes = Vec::with_capacity(8 * k);
    keys.windows(k)
        .map(|w| {
            bytes.clear();
            for key in w {
                bytes.extend_from_slice(&key.to_le_bytes());
            }
            xxh3_64(&bytes)
        })
        .collect()
}

/// Exact blocks of at least `k` equal words found from shared `k`-grams. A `k`-gram occurring
/// more than `max_repeats` times in either text is no seed (it keeps repetitive texts linear).
/// Blocks are maximal along their diagonal as far as seeds reach.
pub(crate) fn blocks(a: &[u64], b: &[u64], k: usize, max_repeats: usize) -> Vec<Block> {
    let k = k.max(1);
    let ga = gram_keys(a, k);
    let gb = gram_keys(b, k);
    if ga.is_empty() || gb.is_empty() {
        return Vec::new();
    }
    let mut in_b: IdMap<Vec<u32>> = IdMap::default();
    for (j, &g) in gb.iter().enumerate() {
        in_b.entry(g).or_default().push(j as u32);
    }
    let mut count_a: IdMap<u32> = IdMap::default();
    for &g in &ga {
        *count_a.entry(g).or_default() += 1;
    }
    // Seeds as (diagonal, i, j); the diagonal is j - i, offset to stay unsigned.
    let mut seeds: Vec<(usize, usize, usize)> = Vec::new();
    for (i, g) in ga.iter().enumerate() {
        let Some(js) = in_b.get(g) else { continue };
        if js.len() > max_repeats || count_a[g] as usize > max_repeats {
            continue;
        }
        for &j in js {
            let j = j as usize;
            if a[i..i + k] == b[j..j + k] {
                seeds.push((j + a.len() - i, i, j));
            }
        }
    }
    seeds.sort_unstable();
    let mut out: Vec<Block> = Vec::new();
    let mut last_diagonal = usize::MAX;
    for (d, i, j) in seeds {
        match out.last_mut() {
            Some(blk) if d == last_diagonal && i <= blk.a_end() + 1 - k => {
                blk.len = blk.len.max(i + k - blk.a);
            }
            _ => out.push(Block { a: i, b: j, len: k }),
        }
        last_diagonal = d;
    }
    out
}

/// How many earlier blocks (in order of their start in a) a block looks back at for a chain
/// predecessor. Keeps chaining linear in the number of blocks.
const LOOKBACK: usize = 256;

/// Chains of co-linear blocks whose gaps are at most `max_gap` words in both texts, best
/// (most matched words) first. Each block is in exactly one chain; chains may still overlap
/// each other (the caller picks a disjoint set). Blocks within a chain are ordered and may
/// overlap their predecessor slightly; the caller trims them.
pub(crate) fn chains(mut blocks: Vec<Block>, max_gap: usize) -> Vec<(usize, Vec<Block>)> {
    blocks.sort_unstable_by_key(|x| (x.a, x.b));
    let n = blocks.len();
    let mut score = vec![0usize; n];
    let mut pred: Vec<Option<usize>> = vec![None; n];
    for x in 0..n {
        let bx = blocks[x];
        score[x] = bx.len;
        for p in (x.saturating_sub(LOOKBACK)..x).rev() {
            let bp = blocks[p];
            if bp.a >= bx.a || bp.b >= bx.b {
                continue;
            }
            let gap_a = bx.a as isize - bp.a_end() as isize;
            let gap_b = bx.b as isize - bp.b_end() as isize;
            if gap_a > max_gap as isize || gap_b > max_gap as isize {
                continue;
            }
            let overlap = (-gap_a).max(-gap_b).max(0) as usize;
            if overlap >= bx.len {
                continue;
            }
            let s = score[p] + bx.len - overlap;
            if s > score[x] {
                score[x] = s;
                pred[x] = Some(p);
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&x| (std::cmp::Reverse(score[x]), blocks[x].a, blocks[x].b));
    let mut used = vec![false; n];
    let mut out = Vec::new();
    for x in order {
        let mut chain = Vec::new();
        let mut cur = Some(x);
        while let Some(c) = cur {
            if used[c] {
                break;
            }
            used[c] = true;
            chain.push(blocks[c]);
            cur = pred[c];
        }
        if chain.is_empty() {
            continue;
        }
        chain.reverse();
        out.push((matched_words(&chain), chain));
    }
    out.sort_by_key(|(s, c)| (std::cmp::Reverse(*s), c[0].a, c[0].b));
    out
}

/// Words matched by a chain, counting overlaps between neighbours once.
pub(crate) fn matched_words(chain: &[Block]) -> usize {
    trimmed(chain).iter().map(|x| x.len).sum()
}

/// The chain with each block cut so it starts after its predecessor ends in both texts; blocks
/// left empty are dropped.
pub(crate) fn trimmed(chain: &[Block]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(chain.len());
    for &x in chain {
        let cut = out.last().map_or(0, |p| {
            p.a_end()
                .saturating_sub(x.a)
                .max(p.b_end().saturating_sub(x.b))
        });
        if cut < x.len {
            out.push(Block {
                a: x.a + cut,
                b: x.b + cut,
                len: x.len - cut,
            });
        }
    }
    out
}

/// A set of disjoint word ranges.
#[derive(Debug, Default)]
pub(crate) struct RangeSet {
    /// start → end.
    ranges: BTreeMap<usize, usize>,
}

impl RangeSet {
    /// True when `r` shares a word with a range of the set.
    pub(crate) fn overlaps(&self, r: &Range<usize>) -> bool {
        if r.is_empty() {
            return false;
        }
        self.ranges
            .range(..r.end)
            .next_back()
            .is_some_and(|(_, &end)| end > r.start)
    }

    /// Adds `r`, which must not overlap the set.
    pub(crate) fn insert(&mut self, r: Range<usize>) {
        if !r.is_empty() {
            self.ranges.insert(r.start, r.end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_merge_into_blocks_and_chain() {
        //            0  1  2  3  4  5  6  7  8  9
        let a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        let b = [1, 2, 3, 4, 99, 6, 7, 8, 9, 10, 1, 2, 3];
        let mut bl = blocks(&a, &b, 3, 8);
        bl.sort_unstable_by_key(|x| (x.a, x.b));
        assert_eq!(
            bl,
            [
                Block { a: 0, b: 0, len: 4 },
                Block {
                    a: 0,
                    b: 10,
                    len: 3
                },
                Block { a: 5, b: 5, len: 5 },
            ]
        );
        let ch = chains(bl, 20);
        assert_eq!(ch[0].0, 9);
        assert_eq!(ch[0].1.len(), 2);
        assert_eq!(ch[1].0, 3);
    }

    #[test]
    fn repeated_grams_are_no_seeds() {
        let a = vec![7u64; 100];
        let b = vec![7u64; 100];
        assert!(blocks(&a, &b, 3, 8).is_empty());
    }

    #[test]
    fn range_set() {
        let mut s = RangeSet::default();
        s.insert(5..10);
        assert!(s.overlaps(&(9..12)));
        assert!(s.overlaps(&(0..6)));
        assert!(!s.overlaps(&(10..12)));
        assert!(!s.overlaps(&(0..5)));
        assert!(!s.overlaps(&(7..7)));
    }
}
