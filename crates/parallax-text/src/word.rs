//! Words as maximal runs of letters, digits and `_` (Unicode L, N and `_`), the same definition
//! as Python's `re` `\w`, so our metrics match published ones byte for byte.

use parallax_model::Span;

/// True for letters, numbers and `_`. Combining marks are deliberately not word characters:
/// this matches the Scrapinghub metric's tokeniser.
pub fn is_word_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Appends the lower case of `c` (as `char::to_lowercase`: one or more characters) to `buf`
/// as UTF-8. Word hashes and fingerprints lower-case words this way, byte for byte.
pub fn push_lowercase(c: char, buf: &mut Vec<u8>) {
    let mut utf8 = [0u8; 4];
    for l in c.to_lowercase() {
        buf.extend_from_slice(l.encode_utf8(&mut utf8).as_bytes());
    }
}

/// For each ASCII byte: whether it is a word character (letter, digit, `_`).
const ASCII_WORD: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};

/// Whether the character at byte `i` of `text` is a word character, and its length. ASCII
/// bytes are looked up in a table; only other characters are decoded.
#[inline]
fn word_char_at(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (ASCII_WORD[b as usize], 1)
    } else {
        let c = text[i..]
            .chars()
            .next()
            .expect("index is on a char boundary");
        (is_word_char(c), c.len_utf8())
    }
}

/// The words of `text`, in order, as byte spans.
pub fn words(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        // Skip to the next word character.
        loop {
            if i >= text.len() {
                return None;
            }
            let (word, len) = word_char_at(text, i);
            if word {
                break;
            }
            i += len;
        }
        let start = i;
        while i < text.len() {
            let (word, len) = word_char_at(text, i);
            if !word {
                break;
            }
            i += len;
        }
        Some(Span::new(start, i))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_cover_unicode_and_digits() {
        let text = "Gaza’s 1,500 snipers — قتل ١٨";
        let got: Vec<&str> = words(text).map(|s| s.slice(text)).collect();
        assert_eq!(got, ["Gaza", "s", "1", "500", "snipers", "قتل", "١٨"]);
    }

    #[test]
    fn empty_and_punctuation_only() {
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" |  | \n").count(), 0);
    }
}
