//! Content terms for paraphrase matching: which words carry meaning, and in what normal form.

/// Maps a lower-cased word to the term it counts as when sentences are compared for
/// paraphrase, or to `None` for a word that carries no content (a stop word).
///
/// Numbers never reach it: words holding a digit are compared as numbers. Any
/// `Fn(&str) -> Option<String>` closure is a normaliser, so a caller can plug in a real stemmer
/// and stop list for the article's language:
///
/// ```
/// use parallax_align::{align_with, AlignParams};
/// let keep_all = |w: &str| Some(w.to_string());
/// let out = align_with("Un texte.", "Un texte.", &AlignParams::default(), &keep_all);
/// assert!(out.passages.is_empty()); // two words: shorter than any passage
/// ```
pub trait TermNormalizer {
    /// The term for `lower` (a lower-cased word without digits), or `None` to ignore it.
    fn term(&self, lower: &str) -> Option<String>;
}

impl<F: Fn(&str) -> Option<String>> TermNormalizer for F {
    fn term(&self, lower: &str) -> Option<String> {
        self(lower)
    }
}

/// The default normaliser: a small English stop list (function words and reporting verbs such
/// as "said") and a crude suffix stemmer ("protesters", "protests" and "protesting" all become
/// "protest"). Words of other scripts pass through unchanged; one-letter words are ignored.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnglishTerms;

impl TermNormalizer for EnglishTerms {
    fn term(&self, lower: &str) -> Option<String> {
        let mut chars = lower.chars();
        if chars.next().is_none() || chars.next().is_none() {
            return None;
        }
        if !lower.bytes().all(|b| b.is_ascii_lowercase()) {
            return Some(lower.to_string());
        }
        if STOP_WORDS.binary_search(&lower).is_ok() {
            return None;
        }
        Some(stem(lower))
    }
}

/// English function words and news reporting verbs, sorted for binary search.
const STOP_WORDS: &[&str] = &[
    "about",
    "above",
    "according",
    "added",
    "adding",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "another",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "least",
    "less",
    "like",
    "made",
    "make",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "neither",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "quoted",
    "reported",
    "reportedly",
    "said",
    "same",
    "say",
    "saying",
    "says",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "to",
    "told",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
];

/// Suffixes the stemmer strips, each with its replacement.
const SUFFIXES: &[(&str, &str)] = &[
    ("ational", "ate"),
    ("ations", ""),
    ("ation", ""),
    ("ators", ""),
    ("ator", ""),
    ("ities", ""),
    ("ments", ""),
    ("ingly", ""),
    ("ness", ""),
    ("ment", ""),
    ("ings", ""),
    ("ists", ""),
    ("ity", ""),
    ("ing", ""),
    ("ist", ""),
    ("ers", ""),
    ("ies", "i"),
    ("ied", "i"),
    ("ed", ""),
    ("er", ""),
    ("es", ""),
    ("ly", ""),
    ("al", ""),
    ("s", ""),
];

/// A crude stem of a lower-case ASCII word: strip up to two suffixes (each the longest that
/// leaves three letters), then a final `e` and a doubled final consonant, and turn a final `y`
/// into `i`.
fn stem(word: &str) -> String {
    let mut out = word.to_string();
    for _ in 0..2 {
        let Some((suffix, replacement)) = SUFFIXES
            .iter()
            .filter(|(x, _)| out.len() >= x.len() + 3 && out.ends_with(x))
            .max_by_key(|(x, _)| x.len())
        else {
            break;
        };
        out.truncate(out.len() - suffix.len());
        out.push_str(replacement);
    }
    if out.len() > 3 && out.ends_with('e') {
        out.pop();
    }
    let b = out.as_bytes();
    if b.len() > 3 && b[b.len() - 1] == b[b.len() - 2] && !b"aeioulsz".contains(&b[b.len() - 1]) {
        out.pop();
    }
    if out.len() > 3 && out.ends_with('y') {
        out.pop();
        out.push('i');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn stems_group_inflections() {
        let t = |w: &str| EnglishTerms.term(w);
        for (x, y) in [
            ("protesters", "protests"),
            ("protesting", "protest"),
            ("killed", "kills"),
            ("demonstrators", "demonstrations"),
            ("soldiers", "soldier"),
            ("officials", "official"),
            ("negotiations", "negotiation"),
            ("cases", "case"),
            ("stopped", "stop"),
            ("parties", "party"),
        ] {
            assert_eq!(t(x), t(y), "{x} / {y}");
            assert!(t(x).is_some());
        }
        assert_eq!(t("the"), None);
        assert_eq!(t("said"), None);
        assert_eq!(t("x"), None);
        assert_eq!(t("قتل").as_deref(), Some("قتل"));
    }
}
