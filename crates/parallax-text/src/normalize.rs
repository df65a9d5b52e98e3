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
    // without a String per word, byte by byte while the text is ASCII.
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUF.with(|cell| {
        let mut buf = cell.borrow_mut();
        buf.clear();
        let mut in_word = false;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() {
                if ASCII_WORD[b as usize] != 0 {
                    if !in_word && !buf.is_empty() {
                        buf.push(b' ');
                    }
                    in_word = true;
                    // The rest of an ASCII word in one go.
                    let end = bytes[i..]
                        .iter()
                        .position(|&c| ASCII_WORD[c as usize] == 0)
                        .map_or(bytes.len(), |k| i + k);
                    buf.extend(bytes[i..end].iter().map(|&c| ASCII_WORD[c as usize]));
                    i = end;
                } else {
                    in_word = false;
                    i += 1;
                }
                continue;
            }
            let c = text[i..]
                .chars()
                .next()
                .expect("index is on a char boundary");
            if is_word_char(c) {
                if !in_word && !buf.is_empty() {
                    buf.push(b' ');
                }
                in_word = true;
                push_lowercase(c, &mut buf);
            } else {
                in_word = false;
            }
            i += c.len_utf8();
        }
        xxh3_64_with_seed(&buf, FINGERPRINT_SEED)
    })
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
