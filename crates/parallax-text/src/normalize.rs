//! Normalisation for matching: case, whitespace and punctuation do not make two texts differ.

use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::{is_word_char, push_lowercase, words};

/// Seed of every persisted text fingerprint. Changing it invalidates stored hashes.
const FINGERPRINT_SEED: u64 = 0x7061_7261_6c6c_6178; // "parallax"

/// For each byte: its lower-case form when it is an ASCII word character (letter, digit,
/// `_`), else 0 (bytes of 128 and above are 0: the caller decodes those as characters).
const ASCII_WORD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'_' {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// The words of `text`, lower-cased.
pub fn normalized_words(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).map(move |s| s.slice(text).to_lowercase())
}

/// A stable 64-bit fingerprint of `text` that ignores case, whitespace and punctuation.
/// Persisted in the store: the function and its seed must not change.
pub fn fingerprint(text: &str) -> u64 {
    // Same bytes as joining `normalized_words` with single spaces, built in a reused buffer
    // without a String per word.
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUF.with(|cell| {
        let mut buf = cell.borrow_mut();
        buf.clear();
        normalize_into(text, &mut buf);
        xxh3_64_with_seed(&buf, FINGERPRINT_SEED)
    })
}

/// A `u64` with every one of its eight bytes set to `b`.
const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// The high bit of each byte of `x` (all ASCII) that is `lo` or above. No byte carries into
/// the next, since an ASCII byte plus `0x80 - lo` stays below 256.
fn at_least(x: u64, lo: u8) -> u64 {
    x.wrapping_add(splat(0x80 - lo)) & splat(0x80)
}

/// The high bit of each byte of `x` (all ASCII) that is an ASCII word character.
fn word_bytes(x: u64) -> u64 {
    let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
    let upper = at_least(x, b'A') & !at_least(x, b'Z' + 1);
    let lower = at_least(x, b'a') & !at_least(x, b'z' + 1);
    // A byte equal to '_' is the one whose XOR with '_' is zero.
    let underscore = !(x ^ splat(b'_')).wrapping_add(splat(0x7f)) & splat(0x80);
    digit | upper | lower | underscore
}

/// Appends the words of `text` to `buf`, lower-cased and joined by single spaces.
fn normalize_into(text: &str, buf: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    buf.reserve(bytes.len());
    // A space is owed before the next word character (there were words, then a break).
    let mut space = false;
    // The byte before `i` was (part of) a word character.
    let mut after_word = false;
    let mut i = 0;
    while i < bytes.len() {
        // Eight ASCII bytes in which every non-word byte stands alone between word bytes map
        // one to one: letters lower-cased, the lone separators as spaces. Most prose is this.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if x & splat(0x80) == 0 {
                let word = word_bytes(x);
                let next_word = bytes
                    .get(i + 8)
                    .is_some_and(|&b| b < 0x80 && ASCII_WORD[b as usize] != 0);
                let left = (word << 8) | u64::from(after_word) << 7;
                let right = (word >> 8) | u64::from(next_word) << 63;
                let separators = !word & splat(0x80);
                if separators & !(left & right) == 0 {
                    if space && word & 0x80 != 0 {
                        buf.push(b' ');
                    }
                    let upper = at_least(x, b'A') & !at_least(x, b'Z' + 1);
                    let word_mask = (word >> 7) * 0xff;
                    let mapped = ((x | upper >> 2) & word_mask) | (splat(b' ') & !word_mask);
                    buf.extend_from_slice(&mapped.to_le_bytes());
                    space = false;
                    after_word = word >> 63 != 0;
                    i += 8;
                    continue;
                }
            }
        }
        let b = bytes[i];
        let (is_word, len) = if b < 0x80 {
            let lower = ASCII_WORD[b as usize];
            if lower != 0 {
                if space {
                    buf.push(b' ');
                }
                buf.push(lower);
            }
            (lower != 0, 1)
        } else {
            let c = text[i..]
                .chars()
                .next()
                .expect("index is on a char boundary");
            let is_word = is_word_char(c);
            if is_word {
                if space {
                    buf.push(b' ');
                }
                push_lowercase(c, buf);
            }
            (is_word, c.len_utf8())
        };
        if is_word {
            space = false;
        } else if !buf.is_empty() {
            space = true;
        }
        after_word = is_word;
        i += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_case_space_and_punctuation() {
        assert_eq!(
            fingerprint("The Leader said: \"No!\""),
            fingerprint("the leader   said no")
        );
        assert_ne!(fingerprint("18 killed"), fingerprint("17 killed"));
        // The streaming form equals hashing the joined normalised words.
        let text = "Ünïcode, ÉCOLE — naïve café!";
        let joined = normalized_words(text).collect::<Vec<_>>().join(" ");
        assert_eq!(
            fingerprint(text),
            xxh3_64_with_seed(joined.as_bytes(), FINGERPRINT_SEED)
        );
    }

    /// The words joined by single spaces, one character at a time: what
    /// [`normalize_into`] must write, whichever of its paths it takes.
    fn reference(text: &str) -> Vec<u8> {
        normalized_words(text)
            .collect::<Vec<_>>()
            .join(" ")
            .into_bytes()
    }

    #[test]
    fn eight_byte_steps_write_what_the_character_steps_write() {
        let pieces = [
            "a", "Z", "q", "7", "_", " ", "  ", ",", ". ", "\n\n", "-", "'", "\t", "é", "İ",
            "\u{212a}", "東", "ß", "Ⅻ", "٣", "\u{a0}", "ABC", "word", "x1_y", "@#", "\u{7f}",
        ];
        let mut rng = fastrand::Rng::with_seed(0x2545_f491_4f6c_dd1d);
        let mut out = Vec::new();
        for _ in 0..20_000 {
            let text: String = (0..rng.usize(..40))
                .map(|_| pieces[rng.usize(..pieces.len())])
                .collect();
            out.clear();
            normalize_into(&text, &mut out);
            assert_eq!(out, reference(&text), "{text:?}");
        }
        for text in [
            "",
            " ",
            "abcdefgh",
            "ABCDEFGH ",
            " abcdefg",
            "abc defg hij klm",
            "a,b,c,d,e,f,g,h,i",
        ] {
            out.clear();
            normalize_into(text, &mut out);
            assert_eq!(out, reference(text), "{text:?}");
        }
    }
}
