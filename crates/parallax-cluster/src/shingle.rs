//! Word shingles: every run of [`SHINGLE_WORDS`] consecutive normalised words, hashed with a
//! fixed seed. Five words are long enough that unrelated news rarely shares one and short
//! enough that light edits leave most intact.

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// Seed of shingle hashes; persisted signatures depend on it.
const SEED: u64 = 0x5348_494e_474c_4531;

/// The distinct shingle hashes of a text, sorted (so intersections are a merge).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shingles {
    hashes: Vec<u64>,
}

impl Shingles {
    /// Shingles of `text` (a text of fewer words than a shingle is one shingle).
    pub fn of(text: &str) -> Self {
        // Each normalised word is hashed once; a shingle's hash combines its words' hashes,
        // so no string is built per word or per shingle.
        let words: Vec<u64> = word_hashes(text);
        let mut hashes: Vec<u64> = if words.is_empty() {
            Vec::new()
        } else if words.len() < SHINGLE_WORDS {
            vec![combine(&words)]
        } else {
            words.windows(SHINGLE_WORDS).map(combine).collect()
        };
        hashes.sort_unstable();
        hashes.dedup();
        Self { hashes }
    }

    /// The sorted distinct hashes.
    pub fn hashes(&self) -> &[u64] {
        &self.hashes
    }

    /// Number of distinct shingles.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// True for a text without words.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// Size of the intersection with `other`.
    pub fn intersection(&self, other: &Shingles) -> usize {
        sorted_intersection(&self.hashes, &other.hashes)
    }

    /// Exact Jaccard similarity |A∩B| / |A∪B| (0 for two empty sets).
    pub fn jaccard(&self, other: &Shingles) -> f64 {
        let inter = self.intersection(other);
        let union = self.len() + other.len() - inter;
        if union == 0 {
            0.0
        } else {
            inter as f64 / union as f64
        }
    }
}

/// Size of the intersection of two sorted, duplicate-free slices (a linear merge).
pub(crate) fn sorted_intersection(a: &[u64], b: &[u64]) -> usize {
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

/// Hashes of the lower-cased words of `text` (words as in [`parallax_text::words`]). One pass
/// over the bytes: each word is lower-cased into a buffer as it is scanned and hashed when it
/// ends, so no word is visited twice. Characters are lower-cased one by one (as
/// `char::to_lowercase`), which for ASCII is the byte's ASCII lower case.
fn word_hashes(text: &str) -> Vec<u64> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut word: Vec<u8> = Vec::with_capacity(64);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_alphanumeric() || b == b'_' {
                word.push(b.to_ascii_lowercase());
            } else if !word.is_empty() {
                out.push(xxh3_64_with_seed(&word, SEED));
                word.clear();
            }
            i += 1;
            continue;
        }
        let c = text[i..]
            .chars()
            .next()
            .expect("index is on a char boundary");
        if parallax_text::is_word_char(c) {
            let mut utf8 = [0u8; 4];
            for l in c.to_lowercase() {
                word.extend_from_slice(l.encode_utf8(&mut utf8).as_bytes());
            }
        } else if !word.is_empty() {
            out.push(xxh3_64_with_seed(&word, SEED));
            word.clear();
        }
        i += c.len_utf8();
    }
    if !word.is_empty() {
        out.push(xxh3_64_with_seed(&word, SEED));
    }
    out
}

/// One hash for a run of word hashes.
fn combine(words: &[u64]) -> u64 {
    let mut bytes = [0u8; 8 * SHINGLE_WORDS];
    for (i, w) in words.iter().enumerate().take(SHINGLE_WORDS) {
        bytes[i * 8..i * 8 + 8].copy_from_slice(&w.to_le_bytes());
    }
    xxh3_64_with_seed(&bytes[..8 * words.len().min(SHINGLE_WORDS)], SEED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaccard_by_hand() {
        // 6 words → 2 shingles each; one shared.
        let a = Shingles::of("one two three four five six");
        let b = Shingles::of("one two three four five seven");
        assert_eq!(a.len(), 2);
        assert_eq!(a.intersection(&b), 1);
        assert!((a.jaccard(&b) - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(a.jaccard(&a), 1.0);
        assert_eq!(Shingles::of("").jaccard(&Shingles::of("")), 0.0);
    }

    /// The one-pass scanner gives the hashes of the words as `parallax_text::words` splits
    /// them, lower-cased character by character: stored signatures depend on it.
    #[test]
    fn word_hashes_match_the_word_definition() {
        let text = "Gaza’s 1,500 SNIPERS — قتل ١٨ İstanbul ΣΟΦΊΑ straße x_y \
                    a-very-long-ascii-word-that-goes-on-and-on-beyond-sixty-four-bytes-of-length \
                    naïve Ünïcode\u{301}mark end";
        let expected: Vec<u64> = parallax_text::words(text)
            .map(|span| {
                let lower: String = span
                    .slice(text)
                    .chars()
                    .flat_map(char::to_lowercase)
                    .collect();
                xxh3_64_with_seed(lower.as_bytes(), SEED)
            })
            .collect();
        assert_eq!(word_hashes(text), expected);
        assert_eq!(expected.len(), 31);
    }

    #[test]
    fn case_and_punctuation_do_not_matter() {
        assert_eq!(
            Shingles::of("The Leader said: talks are a sin!"),
            Shingles::of("the leader said talks are a sin")
        );
    }
}
