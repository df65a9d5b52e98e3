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

/// What a byte says about the character it starts.
const ASCII_OTHER: u8 = 0;
const ASCII_WORD: u8 = 1;
/// A byte of a multi-byte character: the character must be decoded.
const NOT_ASCII: u8 = 2;

/// Class of every byte: ASCII bytes are looked up, so only other characters are decoded.
const BYTE_CLASS: [u8; 256] = {
    let mut t = [NOT_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() || c == b'_' {
            ASCII_WORD
        } else {
            ASCII_OTHER
        };
        b += 1;
    }
    t
};

/// Whether the (non-ASCII) character at byte `i` of `text` is a word character, and its length.
fn decode_at(text: &str, i: usize) -> (bool, usize) {
    let c = text[i..]
        .chars()
        .next()
        .expect("index is on a char boundary");
    (is_word_char(c), c.len_utf8())
}

/// The words of `text`, in order, as byte spans.
pub fn words(text: &str) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        // Skip to the next word character; runs of ASCII bytes go one table lookup a byte.
        loop {
            while i < bytes.len() && BYTE_CLASS[bytes[i] as usize] == ASCII_OTHER {
                i += 1;
            }
            if i >= bytes.len() {
                return None;
            }
            if BYTE_CLASS[bytes[i] as usize] == ASCII_WORD {
                break;
            }
            let (word, len) = decode_at(text, i);
            if word {
                break;
            }
            i += len;
        }
        let start = i;
        loop {
            while i < bytes.len() && BYTE_CLASS[bytes[i] as usize] == ASCII_WORD {
                i += 1;
            }
            if i >= bytes.len() || BYTE_CLASS[bytes[i] as usize] == ASCII_OTHER {
                break;
            }
            let (word, len) = decode_at(text, i);
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

    /// The definition, one character at a time.
    fn words_by_chars(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            match (is_word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push((s, text.len()));
        }
        out
    }

    #[test]
    fn the_byte_scan_gives_the_words_of_the_definition() {
        // Mixed scripts, combining marks (not word characters), digits of other scripts,
        // punctuation inside and between words, at the edges of the text too.
        let pieces = [
            "a", "Z", "_", "9", " ", ",", "-", "é", "\u{301}", "ß", "İ", "٣", "中", "—", "’", "\n",
            "ok", "x1", "\u{a0}", "🙂",
        ];
        let mut rng = fastrand::Rng::with_seed(0x2545_f491_4f6c_dd1d);
        for _ in 0..2_000 {
            let mut text = String::new();
            for _ in 0..rng.usize(..24) {
                text.push_str(pieces[rng.usize(..pieces.len())]);
            }
            let got: Vec<(usize, usize)> = words(&text).map(|s| (s.start, s.end)).collect();
            assert_eq!(got, words_by_chars(&text), "{text:?}");
        }
    }

    #[test]
    fn empty_and_punctuation_only() {
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" |  | \n").count(), 0);
    }
}
