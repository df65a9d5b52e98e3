//! A story's label: the terms its articles' titles share most.

use std::collections::HashMap;

/// Words too common to name a story (a label needs only a short list).
const COMMON: &str = "a an and are as at be by for from has have he her his in is it its of on or \
that the their they this to was were will with after over new says said say about into more than \
not but who what when how why what's who's can could would may up out off amid";

/// Up to `n` terms that occur in the most titles (ties: first seen first), comma-separated.
/// Numbers and words under three letters are skipped; the original casing of the first
/// occurrence is kept.
pub fn story_label<'a>(titles: impl IntoIterator<Item = &'a str>, n: usize) -> String {
    let common: std::collections::HashSet<&str> = COMMON.split_whitespace().collect();
    let mut counts: HashMap<String, (usize, usize, &'a str)> = HashMap::new();
    let mut order = 0;
    for title in titles {
        let mut seen = std::collections::HashSet::new();
        for span in parallax_text::words(title) {
            let w = span.slice(title);
            let lower = w.to_lowercase();
            if lower.chars().count() < 3
                || lower.chars().all(|c| c.is_ascii_digit())
                || common.contains(lower.as_str())
                || !seen.insert(lower.clone())
            {
                continue;
            }
            order += 1;
            counts.entry(lower).or_insert((0, order, w)).0 += 1;
        }
    }
    let mut terms: Vec<(usize, usize, &str)> = counts.into_values().collect();
    terms.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    terms
        .iter()
        .take(n)
        .map(|t| t.2)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Terms that explain why two articles belong together: capitalised phrases (names), numbers
/// of two or more digits, and lower-cased words of four letters or more outside the common
/// list, each with its count in `text`. Phrases come first, then by count.
pub fn salient_terms(text: &str) -> Vec<(String, usize)> {
    let common: std::collections::HashSet<&str> = COMMON.split_whitespace().collect();
    let mut counts: HashMap<String, (usize, bool, usize)> = HashMap::new();
    let mut add = |t: String, phrase: bool, order: usize| {
        counts.entry(t).or_insert((0, phrase, order)).0 += 1;
    };
    let spans: Vec<parallax_text::Span> = parallax_text::words(text).collect();
    let mut phrase: Vec<&str> = Vec::new();
    for (i, span) in spans.iter().enumerate() {
        let w = span.slice(text);
        let lower = w.to_lowercase();
        let sentence_start = i == 0
            || text[..span.start]
                .trim_end()
                .ends_with(['.', '!', '?', '"', '“', '\n']);
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        if capital && !sentence_start && !common.contains(lower.as_str()) {
            phrase.push(w);
            continue;
        }
        if phrase.len() > 1 || phrase.first().is_some_and(|p| p.chars().count() > 2) {
            add(phrase.join(" "), true, i);
        }
        phrase.clear();
        if w.chars().all(|c| c.is_ascii_digit()) {
            if w.len() >= 2 {
                add(lower, false, i);
            }
        } else if lower.chars().count() >= 4 && !common.contains(lower.as_str()) {
            add(lower, false, i);
        }
    }
    if !phrase.is_empty() {
        add(phrase.join(" "), true, spans.len());
    }
    let mut terms: Vec<(String, (usize, bool, usize))> = counts.into_iter().collect();
    terms.sort_by(|a, b| {
        b.1 .1
            .cmp(&a.1 .1)
            .then(b.1 .0.cmp(&a.1 .0))
            .then(a.1 .2.cmp(&b.1 .2))
    });
    terms.into_iter().map(|(t, (n, _, _))| (t, n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_title_words_come_first() {
        let label = story_label(
            [
                "Khamenei tells Hamas: recognising Israel is a sin",
                "Leader to Hamas leaders: Khamenei warns on compromise",
                "Gaza march: 17 killed",
            ],
            3,
        );
        assert_eq!(label, "Khamenei, Hamas, tells");
        assert_eq!(story_label(Vec::<&str>::new(), 3), "");
    }

    #[test]
    fn names_first_then_frequent_words() {
        let terms = salient_terms("Police said the Riverton Mall shooting left 17 dead. The shooting at Riverton Mall shocked residents.");
        let names: Vec<&str> = terms.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(names[0], "Riverton Mall");
        assert_eq!(terms[0].1, 2);
        assert_eq!(names[1], "shooting");
        assert!(names.contains(&"17"));
        assert!(!names.contains(&"the"));
    }
}
