//! MinHash signatures by one-permutation hashing with optimal densification (Shrivastava,
//! 2017): one hash per shingle instead of one per shingle and permutation, so a signature
//! costs O(shingles). Bins left empty borrow the value of a bin chosen by a fixed probe
//! sequence, which keeps the collision probability of two signatures equal to their Jaccard.
//! All seeds are constants: signatures stored today stay comparable with tomorrow's.

use crate::Shingles;

/// Values per signature.
pub const PERMUTATIONS: usize = 128;
const SEED: u64 = 0x4d49_4e48_4153_4831;

/// A MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub [u32; PERMUTATIONS]);

/// A strong 64-bit mix (splitmix64 finaliser) of `x` with `seed`.
fn mix(x: u64, seed: u64) -> u64 {
    let mut z = x ^ seed;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Signature {
    /// The signature of a shingle set; an empty set gets all-`u32::MAX` values.
    pub fn of(shingles: &Shingles) -> Self {
        let mut bins = [u32::MAX; PERMUTATIONS];
        let mut filled = [false; PERMUTATIONS];
        for &h in shingles.hashes() {
            let m = mix(h, SEED);
            let bin = (m >> 57) as usize; // top 7 bits: 128 bins
                                          // No branch: whether a value lowers its bin is a coin toss the processor would
                                          // often guess wrong.
            bins[bin] = bins[bin].min(m as u32);
            filled[bin] = true;
        }
        if shingles.is_empty() {
            return Self(bins);
        }
        let mut out = bins;
        for i in 0..PERMUTATIONS {
            if filled[i] {
                continue;
            }
            // Probe bins in a fixed pseudo-random order until a filled one is found.
            let mut attempt = 0u64;
            loop {
                attempt += 1;
                let j =
                    (mix((i as u64) << 32 | attempt, SEED ^ 0xd1) % PERMUTATIONS as u64) as usize;
                if filled[j] {
                    out[i] = bins[j];
                    break;
                }
            }
        }
        Self(out)
    }

    /// Share of equal values: an unbiased estimate of the Jaccard similarity.
    pub fn similarity(&self, other: &Signature) -> f64 {
        self.0
            .iter()
            .zip(other.0.iter())
            .filter(|(a, b)| a == b)
            .count() as f64
            / PERMUTATIONS as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(words: std::ops::Range<usize>) -> String {
        words.map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn estimate_tracks_exact_jaccard() {
        let a = Shingles::of(&text(0..600));
        for (range, _) in [(200..800, ()), (0..900, ()), (400..1000, ()), (0..600, ())] {
            let b = Shingles::of(&text(range));
            let exact = a.jaccard(&b);
            let est = Signature::of(&a).similarity(&Signature::of(&b));
            assert!(
                (exact - est).abs() < 0.12,
                "exact {exact:.3} estimate {est:.3}"
            );
        }
    }

    #[test]
    fn small_sets_fill_every_bin() {
        let s = Signature::of(&Shingles::of("just a few words here"));
        assert!(s.0.iter().all(|&v| v != u32::MAX));
        assert_eq!(s, Signature::of(&Shingles::of("Just a few words, here.")));
    }
}
