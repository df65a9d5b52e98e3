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
        let hashes = if words.is_empty() {
            Vec::new()
        } else if words.len() < SHINGLE_WORDS {
            vec![combine(&words)]
        } else {
            let windows: Vec<u64> = words.windows(SHINGLE_WORDS).map(combine).collect();
            sorted_distinct(&windows)
        };
        Self { hashes }
    }

    /// The sorted distinct hashes.
    pub fn hashes(&self) -> &[u64] {
        &self.hashes
    }

    /// The sorted distinct hashes, as an owned slice (no copy when the set is exactly sized).
    pub fn into_boxed(self) -> Box<[u64]> {
        self.hashes.into_boxed_slice()
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

/// The distinct values of `values`, sorted. Shingle hashes are spread evenly over the `u64`
/// range, so their top bits place each one in a bucket of about one value: a counting pass and
/// a scatter, then tiny sorts per bucket, instead of a comparison sort's log n passes. A bucket
/// that chance or a repetitive text fills up (many copies of one shingle) gets a comparison sort.
fn sorted_distinct(values: &[u64]) -> Vec<u64> {
    const SMALL: usize = 64;
    const MAX_BITS: u32 = 16;
    const INSERTION_MAX: usize = 16;
    let n = values.len();
    let mut out;
    if n < SMALL {
        out = values.to_vec();
        out.sort_unstable();
    } else {
        let bits = n.ilog2().min(MAX_BITS);
        let shift = 64 - bits;
        let bucket = |v: u64| (v >> shift) as usize;
        // Bucket b's values go to out[starts[b]..starts[b + 1]].
        let mut starts = vec![0u32; (1 << bits) + 1];
        for &v in values {
            starts[bucket(v) + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        let mut next = starts.clone();
        out = vec![0u64; n];
        for &v in values {
            let slot = &mut next[bucket(v)];
            out[*slot as usize] = v;
            *slot += 1;
        }
        for w in starts.windows(2) {
            let run = &mut out[w[0] as usize..w[1] as usize];
            if run.len() <= INSERTION_MAX {
                insertion_sort(run);
            } else {
                run.sort_unstable();
            }
        }
    }
    out.dedup();
    out
}

/// Sorts a short slice in place.
fn insertion_sort(run: &mut [u64]) {
    for i in 1..run.len() {
        let v = run[i];
        let mut j = i;
        while j > 0 && run[j - 1] > v {
            run[j] = run[j - 1];
            j -= 1;
        }
        run[j] = v;
    }
}

/// Size of the intersection of two sorted, duplicate-free slices (a linear merge).
pub(crate) fn sorted_intersection(a: &[u64], b: &[u64]) -> usize {
    // Without branches in the body: which side advances is a coin toss for two random sets,
    // one the processor would often guess wrong.
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    n
}

/// Hashes of the lower-cased words of `text` (words as in [`parallax_text::words`]), in one
/// pass over the bytes. Text is read 64 bytes at a time. An ASCII block (most of English news
/// prose, typographic punctuation allowed) becomes bit masks of its word and upper-case bytes;
/// its words are found by bit arithmetic, with no branch per byte, and a lower-case word is
/// hashed where it lies. A block with other non-ASCII bytes is read character by character,
/// each word lower-cased into a buffer (as `char::to_lowercase`, which for ASCII is the byte's
/// ASCII lower case) and hashed when it ends.
fn word_hashes(text: &str) -> Vec<u64> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut words = WordState {
        start: None,
        buffer: Vec::with_capacity(64),
    };
    let mut i = 0;
    while i + BLOCK <= bytes.len() {
        let masks = block_masks(&bytes[i..i + BLOCK]);
        if masks.non_ascii == 0 {
            words.ascii_block(bytes, i, masks, &mut out);
            i += BLOCK;
        } else {
            i = words.slow(text, i, i + BLOCK, &mut out);
        }
    }
    words.slow(text, i, bytes.len(), &mut out);
    if let Some(s) = words.start {
        out.push(xxh3_64_with_seed(&bytes[s..], SEED));
    } else if !words.buffer.is_empty() {
        out.push(xxh3_64_with_seed(&words.buffer, SEED));
    }
    out
}

/// Bytes per block of [`word_hashes`]: one bit each in a `u64`.
const BLOCK: usize = 64;

/// One bit per byte of a block, by class.
#[derive(Debug, PartialEq, Eq)]
struct BlockMasks {
    /// ASCII word bytes: letters, digits, `_`.
    word: u64,
    /// Upper-case ASCII letters.
    upper: u64,
    /// Bytes of non-ASCII characters, less those of general punctuation (see [`block_masks`]).
    non_ascii: u64,
}

/// `0x01` in every byte of a `u64`.
const ONES: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte.
const HIGH: u64 = ONES * 0x80;

/// The masks of a block, eight bytes at a time in a `u64` (bit tricks that stay within each
/// byte, so no byte is looked at alone). The characters U+2000 to U+203F (curly quotes, dashes,
/// ellipsis, spaces: never word characters; UTF-8 `E2 80 xx`) count as ASCII punctuation when
/// the block holds all three bytes, so English prose with typographic quotes stays on the fast
/// path. (Not U+2040 on: superscripts such as "⁰" and "ⁿ" are word characters.)
fn block_masks(block: &[u8]) -> BlockMasks {
    let (mut word, mut upper, mut non_ascii) = (0u64, 0u64, 0u64);
    let (mut lead_e2, mut second_80) = (0u64, 0u64);
    for (k, chunk) in block.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        let high = x & HIGH;
        let low = x & !HIGH;
        let in_range = |lo: u8, hi: u8| at_least(low, lo) & !at_least(low, hi + 1);
        let up = in_range(b'A', b'Z');
        let w = (up | in_range(b'a', b'z') | in_range(b'0', b'9') | equal(x, b'_')) & !high;
        let shift = 8 * k;
        word |= gather(w) << shift;
        upper |= gather(up & !high) << shift;
        non_ascii |= gather(high) << shift;
        lead_e2 |= gather(equal(x, 0xE2)) << shift;
        second_80 |= gather(equal(x, 0x80)) << shift;
    }
    // A punctuation character starts at bit k when byte k is E2 and byte k+1 is 80; its third
    // byte (k+2) is a continuation byte by UTF-8's rules. Bits 62 and 63 cannot start one.
    let starts = lead_e2 & (second_80 >> 1) & low_bits(BLOCK - 2);
    let punctuation = starts | starts << 1 | starts << 2;
    BlockMasks {
        word,
        upper,
        non_ascii: non_ascii & !punctuation,
    }
}

/// `0x80` in each byte of `low` (bytes below `0x80`) that is at least `n` (`n` ≤ 128): the sum
/// stays below 256, so no carry crosses a byte.
fn at_least(low: u64, n: u8) -> u64 {
    (low + ONES * u64::from(128 - n)) & HIGH
}

/// `0x80` in each byte of `x` equal to `c`, exactly (no false positives from borrows).
fn equal(x: u64, c: u8) -> u64 {
    let v = x ^ (ONES * u64::from(c));
    !(((v & !HIGH) + !HIGH) | v) & HIGH
}

/// The high bits of the eight bytes of `flags` (each `0x80` or `0`) as eight bits, byte 0 in
/// bit 0: a multiply moves bit 8i + 7 to bit 56 + i.
fn gather(flags: u64) -> u64 {
    ((flags >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The word being read: either a run of lower-case ASCII starting at `start`, or the lower-cased
/// bytes in `buffer` (at most one of the two is in use).
struct WordState {
    start: Option<usize>,
    buffer: Vec<u8>,
}

impl WordState {
    /// Words of the ASCII block at `base`.
    fn ascii_block(&mut self, bytes: &[u8], base: usize, masks: BlockMasks, out: &mut Vec<u64>) {
        let mut word = masks.word;
        if self.start.is_some() || !self.buffer.is_empty() {
            // The word in progress goes on through the block's leading word bytes.
            let run = word.trailing_ones() as usize;
            let lower = masks.upper & low_bits(run) == 0;
            if let (Some(s), true) = (self.start, lower) {
                // Still lower case: hash it in place once it ends.
                if run == BLOCK {
                    return;
                }
                self.start = None;
                out.push(xxh3_64_with_seed(&bytes[s..base + run], SEED));
            } else {
                // Into the buffer (an upper-case letter, or a word already there).
                if let Some(s) = self.start.take() {
                    self.buffer.extend_from_slice(&bytes[s..base]);
                }
                self.push_lowered(&bytes[base..base + run]);
                if run == BLOCK {
                    return;
                }
                out.push(xxh3_64_with_seed(&self.buffer, SEED));
                self.buffer.clear();
            }
            word &= !low_bits(run);
        }
        while word != 0 {
            let s = word.trailing_zeros() as usize;
            let len = (word >> s).trailing_ones() as usize;
            let e = s + len;
            // The word's bits: `len` is 1 to 64, so neither shift overflows.
            let run = (u64::MAX >> (BLOCK - len)) << s;
            let lower = masks.upper & run == 0;
            if e == BLOCK {
                if lower {
                    self.start = Some(base + s);
                } else {
                    self.push_lowered(&bytes[base + s..base + e]);
                }
                return;
            }
            if lower {
                out.push(xxh3_64_with_seed(&bytes[base + s..base + e], SEED));
            } else {
                self.push_lowered(&bytes[base + s..base + e]);
                out.push(xxh3_64_with_seed(&self.buffer, SEED));
                self.buffer.clear();
            }
            word &= !run;
        }
    }

    /// Appends ASCII `bytes` lower-cased to the buffer.
    fn push_lowered(&mut self, bytes: &[u8]) {
        self.buffer.extend(bytes.iter().map(u8::to_ascii_lowercase));
    }

    /// Reads `text` character by character from `from` until at least `to`; returns where it
    /// stopped (a character boundary).
    fn slow(&mut self, text: &str, from: usize, to: usize, out: &mut Vec<u64>) -> usize {
        let bytes = text.as_bytes();
        if let Some(s) = self.start.take() {
            self.buffer.extend_from_slice(&bytes[s..from]);
        }
        let mut i = from;
        while i < to {
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_alphanumeric() || b == b'_' {
                    self.buffer.push(b.to_ascii_lowercase());
                } else if !self.buffer.is_empty() {
                    out.push(xxh3_64_with_seed(&self.buffer, SEED));
                    self.buffer.clear();
                }
                i += 1;
                continue;
            }
            let c = text[i..]
                .chars()
                .next()
                .expect("index is on a char boundary");
            if parallax_text::is_word_char(c) {
                parallax_text::push_lowercase(c, &mut self.buffer);
            } else if !self.buffer.is_empty() {
                out.push(xxh3_64_with_seed(&self.buffer, SEED));
                self.buffer.clear();
            }
            i += c.len_utf8();
        }
        i
    }
}

/// A mask of the `n` lowest bits (`n` ≤ 64).
fn low_bits(n: usize) -> u64 {
    if n >= 64 {
        u64::MAX
    } else {
        (1u64 << n) - 1
    }
}

/// One hash for a run of word hashes: XXH3 (seeded with [`SEED`]) of their little-endian
/// bytes. A full shingle takes [`combine5`].
fn combine(words: &[u64]) -> u64 {
    if let Ok(five) = <&[u64; SHINGLE_WORDS]>::try_from(words) {
        return combine5(five);
    }
    let mut bytes = [0u8; 8 * SHINGLE_WORDS];
    for (i, w) in words.iter().enumerate().take(SHINGLE_WORDS) {
        bytes[i * 8..i * 8 + 8].copy_from_slice(&w.to_le_bytes());
    }
    xxh3_64_with_seed(&bytes[..8 * words.len().min(SHINGLE_WORDS)], SEED)
}

/// The first 64 bytes of XXH3's default secret, as little-endian words (the constants of the
/// XXH3 specification).
const XXH3_SECRET: [u64; 8] = [
    0xbe4b_a423_396c_feb8,
    0x1cad_21f7_2c81_017c,
    0xdb97_9083_e96d_d4de,
    0x1f67_b3b7_a4a4_4072,
    0x78e5_c0cc_4ee6_79cb,
    0x2172_ffcc_7dd0_5a82,
    0x8e24_43f7_7446_08b8,
    0x4c26_3a81_e690_35e0,
];

/// XXH3-64 of five words (40 bytes) with [`SEED`], the value `xxh3_64_with_seed` gives for
/// their bytes, computed on the words directly: a shingle is hashed this way hundreds of times
/// per article, and the general function spends more on copying bytes and choosing its path
/// for the length than on the four multiplications the 17–128-byte path makes.
fn combine5(w: &[u64; SHINGLE_WORDS]) -> u64 {
    const PRIME64_1: u64 = 0x9e37_79b1_85eb_ca87;
    // XXH3's 16-byte mix: each half keyed by a secret word offset by the seed.
    let mix = |lo: u64, hi: u64, k: usize| {
        let a = lo ^ XXH3_SECRET[k].wrapping_add(SEED);
        let b = hi ^ XXH3_SECRET[k + 1].wrapping_sub(SEED);
        let product = u128::from(a) * u128::from(b);
        (product as u64) ^ ((product >> 64) as u64)
    };
    // For 33 to 64 bytes XXH3 mixes the 16-byte chunks at 0, len − 16, 16 and len − 32.
    let acc = (8 * SHINGLE_WORDS as u64)
        .wrapping_mul(PRIME64_1)
        .wrapping_add(mix(w[0], w[1], 0))
        .wrapping_add(mix(w[3], w[4], 2))
        .wrapping_add(mix(w[2], w[3], 4))
        .wrapping_add(mix(w[1], w[2], 6));
    // XXH3's avalanche.
    let h = (acc ^ (acc >> 37)).wrapping_mul(0x1656_6791_9e37_79f9);
    h ^ (h >> 32)
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
                    naïve Ünïcode\u{301}mark end abcDEF abc_9 ab\u{e9}c tail";
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
        assert_eq!(expected.len(), 35);
    }

    /// Texts built from runs of lower case, upper case, non-ASCII letters, digits and
    /// punctuation, of every length around the 64-byte blocks: the same hashes as the definition.
    #[test]
    fn word_hashes_match_the_definition_across_blocks() {
        let pieces: &[&str] = &[
            "a",
            "word",
            "ab_9",
            "Upper",
            "ÉTÉ",
            "naïve",
            "ß",
            "ĳ",
            " ",
            ", ",
            "—",
            "’",
            "\n",
            "1,500",
            "x",
            "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123",
            "“",
            "”",
            "…",
            "\u{2009}",
            "\u{2060}",
            "\u{2070}",
            "ⅰ",
            "€",
        ];
        // Mostly ASCII, with characters in and just past the fast path's punctuation range, so
        // most blocks take the fast path.
        let near_ascii: &[&str] = &[
            "word",
            "Upper",
            " ",
            ", ",
            "“",
            "”",
            "—",
            "…",
            "\u{2009}",
            "\u{203f}",
            "\u{2070}",
            "\u{207f}",
            "x",
            "abcdefghijklmnopqrstuvwxyz0123456789",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for round in 0..4000 {
            let pieces = if round % 2 == 0 { pieces } else { near_ascii };
            let mut text = String::new();
            while text.len() < 300 {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            let expected: Vec<u64> = parallax_text::words(&text)
                .map(|span| {
                    let lower: String = span
                        .slice(&text)
                        .chars()
                        .flat_map(char::to_lowercase)
                        .collect();
                    xxh3_64_with_seed(lower.as_bytes(), SEED)
                })
                .collect();
            assert_eq!(word_hashes(&text), expected, "{text:?}");
        }
    }

    /// The eight-bytes-at-a-time masks against a byte-by-byte reading, on every byte value in
    /// every position.
    #[test]
    fn block_masks_match_a_byte_by_byte_reading() {
        for v in 0..=255u8 {
            for pos in 0..BLOCK {
                let mut block = [b' '; BLOCK];
                block[pos] = v;
                let bit = 1u64 << pos;
                let m = block_masks(&block);
                let expect = |yes: bool| if yes { bit } else { 0 };
                assert_eq!(
                    m,
                    BlockMasks {
                        word: expect(v.is_ascii_alphanumeric() || v == b'_'),
                        upper: expect(v.is_ascii_uppercase()),
                        non_ascii: expect(v >= 0x80),
                    },
                    "byte {v:#x} at {pos}"
                );
            }
        }
        let mut block = [b'a'; BLOCK];
        block[10..13].copy_from_slice("“".as_bytes());
        block[62..64].copy_from_slice(&"”".as_bytes()[..2]);
        let m = block_masks(&block);
        assert_eq!(
            m.non_ascii,
            0b11 << 62,
            "a whole E2 80 xx is punctuation, a cut one is not"
        );
        assert_eq!(m.word, !(0b111 << 10) & !(0b11 << 62));
    }

    /// The five-word hash is XXH3 of the words' bytes, as stored signatures were made with.
    #[test]
    fn five_word_hash_is_xxh3_of_the_bytes() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for round in 0..10_000 {
            let mut w = [0u64; SHINGLE_WORDS];
            for x in &mut w {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                *x = if round % 10 == 0 { state >> 40 } else { state };
            }
            let bytes: Vec<u8> = w.iter().flat_map(|x| x.to_le_bytes()).collect();
            assert_eq!(combine5(&w), xxh3_64_with_seed(&bytes, SEED), "{w:x?}");
        }
        assert_eq!(combine(&[1, 2]), {
            let b: Vec<u8> = [1u64, 2].iter().flat_map(|x| x.to_le_bytes()).collect();
            xxh3_64_with_seed(&b, SEED)
        });
    }

    /// The bucket sort against a comparison sort: random values, many copies of few values,
    /// values crowded into one bucket, and every size around the small-input cut.
    #[test]
    fn sorted_distinct_matches_sort_and_dedup() {
        let mut rng = fastrand::Rng::with_seed(0x2545_f491_4f6c_dd1d);
        let mut next = move || rng.u64(..);
        let mut cases: Vec<Vec<u64>> = Vec::new();
        for n in [0, 1, 2, 63, 64, 65, 700, 5_000, 70_000] {
            cases.push((0..n).map(|_| next()).collect());
        }
        // A repetitive text: a few shingles many times over.
        let few: Vec<u64> = (0..7).map(|_| next()).collect();
        cases.push((0..20_000).map(|i| few[(i * 5 + i / 3) % 7]).collect());
        // Values sharing their top bits (one bucket), and values at both ends of the range.
        cases.push((0..3_000).map(|_| next() >> 20).collect());
        cases.push(
            (0..3_000)
                .map(|i| if i % 2 == 0 { 0 } else { u64::MAX - i })
                .collect(),
        );
        for values in cases {
            let mut expected = values.clone();
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(
                sorted_distinct(&values),
                expected,
                "{} values",
                values.len()
            );
        }
    }

    #[test]
    fn case_and_punctuation_do_not_matter() {
        assert_eq!(
            Shingles::of("The Leader said: talks are a sin!"),
            Shingles::of("the leader said talks are a sin")
        );
    }
}
