//! One text prepared for alignment: its words, their normalised hashes, and which sentence and
//! paragraph each word belongs to.

use std::ops::Range;

use parallax_text::{is_unspaced, paragraphs, words, Span};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::sentence::sentences;

/// Seed of word hashes. Alignments are not persisted, but a fixed seed keeps runs identical.
const WORD_SEED: u64 = 0x616c_6967_6e5f_7764; // "align_wd"

/// A text split into words, with per-word keys and sentence and paragraph numbers.
pub(crate) struct Doc<'t> {
    /// The text all spans point into.
    pub(crate) text: &'t str,
    /// Token spans ([`tokens`]), in order; called words throughout the crate.
    pub(crate) words: Vec<Span>,
    /// Hash of each word, lower-cased with digits folded to ASCII.
    pub(crate) keys: Vec<u64>,
    /// Sentence number of each word (an index into `sentences`).
    pub(crate) sentence_of: Vec<u32>,
    /// Word ranges of the sentences, in order, none empty.
    pub(crate) sentences: Vec<Range<usize>>,
    /// Paragraph number of each word.
    pub(crate) paragraph_of: Vec<u32>,
}

/// The words the aligner compares, as byte spans: [`parallax_text::words`], except that runs
/// of scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) are split into one
/// token per character, so texts in those scripts align below the sentence. For text in
/// scripts that use spaces, the tokens are exactly the words.
///
/// ```
/// let text = "Gaza 边境打死了17名";
/// let got: Vec<&str> = parallax_align::tokens(text).iter().map(|s| s.slice(text)).collect();
/// assert_eq!(got, ["Gaza", "边", "境", "打", "死", "了", "17", "名"]);
/// ```
pub fn tokens(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for w in words(text) {
        let word = w.slice(text);
        if !word.chars().any(is_unspaced) {
            out.push(w);
            continue;
        }
        let mut group: Option<usize> = None;
        for (i, c) in word.char_indices() {
            let at = w.start + i;
            if is_unspaced(c) {
                if let Some(g) = group.take() {
                    out.push(Span::new(g, at));
                }
                out.push(Span::new(at, at + c.len_utf8()));
            } else if group.is_none() {
                group = Some(at);
            }
        }
        if let Some(g) = group {
            out.push(Span::new(g, w.end));
        }
    }
    out
}

impl<'t> Doc<'t> {
    /// Prepares `text`.
    pub(crate) fn new(text: &'t str) -> Self {
        let words = tokens(text);
        let mut buf = String::new();
        let keys = words
            .iter()
            .map(|w| {
                normalize_into(w.slice(text), &mut buf);
                xxh3_64_with_seed(buf.as_bytes(), WORD_SEED)
            })
            .collect();
        let (sentence_of, sentences) = number_words(&words, &sentences(text));
        let (paragraph_of, _) = number_words(&words, &paragraphs(text));
        Self {
            text,
            words,
            keys,
            sentence_of,
            sentences,
            paragraph_of,
        }
    }

    /// Number of words.
    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    /// The byte span from the start of word `first` to the end of word `last` (inclusive).
    pub(crate) fn span(&self, first: usize, last: usize) -> Span {
        Span::new(self.words[first].start, self.words[last].end)
    }

    /// The word range of the sentence holding word `w`.
    pub(crate) fn sentence_range(&self, w: usize) -> Range<usize> {
        self.sentences[self.sentence_of[w] as usize].clone()
    }
}

/// Writes the matching form of `word` into `buf`: lower-case, with decimal digits of any script
/// folded to ASCII so that "١٨" and "18" match.
pub(crate) fn normalize_into(word: &str, buf: &mut String) {
    buf.clear();
    for c in word.chars() {
        if let Some(d) = fold_digit(c) {
            buf.push(d);
        } else if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}

/// The ASCII digit for a decimal digit of a common script.
pub(crate) fn fold_digit(c: char) -> Option<char> {
    const ZEROS: [u32; 8] = [
        0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0x1040,
        0xFF10, // ASCII, Arabic-Indic,
               // Persian, Devanagari, Bengali, Thai, Myanmar, full-width
    ];
    let cp = c as u32;
    ZEROS
        .iter()
        .find(|&&z| (z..z + 10).contains(&cp))
        .and_then(|&z| char::from_digit(cp - z, 10))
}

/// For each word, the number of the (sorted, disjoint) container span holding it, renumbered
/// densely over the containers that hold a word; and the word range of each such container.
/// A word outside every container joins the container before it.
fn number_words(words: &[Span], containers: &[Span]) -> (Vec<u32>, Vec<Range<usize>>) {
    let mut of = Vec::with_capacity(words.len());
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut c = 0;
    let mut last_container = usize::MAX;
    for (i, w) in words.iter().enumerate() {
        while c + 1 < containers.len() && containers[c].end <= w.start {
            c += 1;
        }
        if c != last_container || ranges.is_empty() {
            ranges.push(i..i + 1);
            last_container = c;
        } else if let Some(r) = ranges.last_mut() {
            r.end = i + 1;
        }
        of.push((ranges.len() - 1) as u32);
    }
    (of, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_know_their_sentence_and_paragraph() {
        let text = "One two. Three.\n\nFour five six.";
        let d = Doc::new(text);
        assert_eq!(d.len(), 6);
        assert_eq!(d.sentence_of, [0, 0, 1, 2, 2, 2]);
        assert_eq!(d.sentences, [0..2, 2..3, 3..6]);
        assert_eq!(d.paragraph_of, [0, 0, 0, 1, 1, 1]);
        assert_eq!(d.span(3, 5).slice(text), "Four five six");
    }

    #[test]
    fn keys_ignore_case_and_digit_script() {
        let d = Doc::new("Killed 18; killed ١٨ or ۱۸");
        assert_eq!(d.keys[0], d.keys[2]);
        assert_eq!(d.keys[1], d.keys[3]);
        assert_eq!(d.keys[1], d.keys[5]);
    }
}
