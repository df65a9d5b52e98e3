//! Normalisation for matching: case, whitespace and punctuation do not make two texts differ.

use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::{is_word_char, words};

/// Seed of every persisted text fingerprint. Changing it invalidates stored hashes.
const FINGERPRINT_SEED: u64 = 0x7061_7261_6c6c_6178; // "parallax"

/// The words of `text`, lower-cased.
pub fn normalized_words(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).map(move |s| s.slice(text).to_lowercase())
}

/// A stable 64-bit fingerprint of `text` that ignores case, whitespace and punctuation.
/// Persisted in the store: the function and its seed must not change.
pub fn fingerprint(text: &str) -> u64 {
    // Same bytes as joining `normalized_words` with single spaces, without a String per word,
    // and byte by byte while the text is ASCII.
    let mut buf = String::with_capacity(text.len());
    let mut in_word = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (is_word, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric() || b == b'_', 1)
        } else {
            let c = text[i..]
                .chars()
                .next()
                .expect("index is on a char boundary");
            (is_word_char(c), c.len_utf8())
        };
        if is_word {
            if !in_word && !buf.is_empty() {
                buf.push(' ');
            }
            in_word = true;
            if len == 1 {
                buf.push(b.to_ascii_lowercase() as char);
            } else {
                buf.extend(text[i..i + len].chars().flat_map(char::to_lowercase));
            }
        } else {
            in_word = false;
        }
        i += len;
    }
    xxh3_64_with_seed(buf.as_bytes(), FINGERPRINT_SEED)
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
}
