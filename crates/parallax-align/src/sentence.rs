//! Sentence splitting with byte offsets: a small, language-light splitter for news prose.

use parallax_text::{is_word_char, Span};

/// Abbreviations whose final period does not end a sentence (lower-case, without the period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "cmdr",
    "adm", "maj", "gov", "sen", "rep", "rev", "hon", "pres", "no", "nos", "vs", "etc", "inc",
    "ltd", "co", "corp", "dept", "approx", "est", "fig", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "vol", "al", "cf", "eg", "ie",
];

/// Sentences of `text`, in order, as byte spans trimmed of surrounding whitespace.
///
/// A sentence ends at a line break, or after `.`, `!`, `?`, `…` (and their Arabic, Devanagari
/// and CJK forms) together with any closing quotes or brackets that follow, when whitespace or
/// the end of the text comes next (CJK full stops need no space). A period after a single
/// letter ("U.S.", "J. Smith") or a common abbreviation ("Mr.", "Gen.", "Jan."), or followed by
/// a lower-case word (`"Why?" she asked.`), does not end a sentence. Pieces without a word are left out, so every
/// returned span holds at least one word and no word is cut.
///
/// ```
/// let text = "Mr. Smith left. \u{201c}Why?\u{201d} she asked.\nNext line";
/// let got: Vec<&str> = parallax_align::sentences(text).iter().map(|s| s.slice(text)).collect();
/// assert_eq!(got, ["Mr. Smith left.", "\u{201c}Why?\u{201d} she asked.", "Next line"]);
/// ```
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c == '\n' {
            push_trimmed(text, start, i, &mut out);
            start = i + 1;
            continue;
        }
        if !is_terminal(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        let mut run_len = 1;
        while let Some(&(j, d)) = iter.peek() {
            if is_terminal(d) || is_closer(d) {
                end = j + d.len_utf8();
                run_len += 1;
                iter.next();
            } else {
                break;
            }
        }
        let splits = match text[end..].chars().next() {
            None => true,
            Some(n) if n.is_whitespace() => {
                let abbreviation = c == '.'
                    && run_len == 1
                    && is_abbreviation(&text[..i])
                    && !(after_letter(&text[..i]) && next_word_opens_sentence(&text[end..]));
                !abbreviation && !next_word_is_lowercase(&text[end..])
            }
            Some(_) => is_wide_terminal(c),
        };
        if splits {
            push_trimmed(text, start, end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

/// Pushes `text[start..end]` trimmed of whitespace, when it holds a word.
fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let piece = &text[start..end];
    if !piece.chars().any(is_word_char) {
        return;
    }
    let s = start + (piece.len() - piece.trim_start().len());
    let e = end - (piece.len() - piece.trim_end().len());
    out.push(Span::new(s, e));
}

/// Characters that can end a sentence.
fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '‼' | '؟' | '۔' | '।' | '॥' | '。' | '！' | '？' | '｡'
    )
}

/// Terminals of scripts written without spaces: they end a sentence with nothing after them.
fn is_wide_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡')
}

/// Closing quotes and brackets that belong to the sentence they follow.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '」' | '』' | '）'
    )
}

/// True when `before` (the text up to a period) ends with an initial or a known abbreviation.
fn is_abbreviation(before: &str) -> bool {
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map(|(i, _)| i);
    let Some(word_start) = word_start else {
        return false;
    };
    let word = &before[word_start..];
    let mut chars = word.chars();
    if let (Some(first), None) = (chars.next(), chars.next()) {
        return first.is_alphabetic();
    }
    word.len() <= 5 && ABBREVIATIONS.contains(&word.to_ascii_lowercase().as_str())
}

/// True when `before` ends with a one-letter word ("U.S", "p.m", an initial).
fn after_letter(before: &str) -> bool {
    let mut rev = before.chars().rev();
    rev.next().is_some_and(char::is_alphabetic) && rev.next().is_none_or(|b| !is_word_char(b))
}

/// Words that open a sentence and never follow an initial or a title inside one: after
/// "the U.S." or "7 p.m.", "He says …" is a new sentence. (Only after a one-letter word:
/// after a title, "Mr. He" is a name.)
const SENTENCE_OPENERS: &[&str] = &[
    "He", "She", "They", "It", "We", "The", "This", "These", "Those", "There", "But", "His", "Her",
    "Their", "Its", "Our",
];

/// True when the next word (after whitespace, on the same line) is one of
/// [`SENTENCE_OPENERS`].
fn next_word_opens_sentence(after: &str) -> bool {
    let rest = after.trim_start_matches([' ', '\t']);
    let word: &str = rest
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    SENTENCE_OPENERS.contains(&word)
}

/// True when the first letter after leading whitespace is lower-case (same line only).
fn next_word_is_lowercase(after: &str) -> bool {
    for c in after.chars() {
        if c == '\n' {
            return false;
        }
        if c.is_whitespace() {
            continue;
        }
        return c.is_lowercase();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn periods_quotes_and_lines() {
        assert_eq!(
            split("One. Two!  \"Three?\" Four\n\nFive"),
            ["One.", "Two!", "\"Three?\"", "Four", "Five"]
        );
        assert_eq!(
            split("The U.S. Army said 3.5 million, e.g. here. Gen. Smith agreed."),
            [
                "The U.S. Army said 3.5 million, e.g. here.",
                "Gen. Smith agreed."
            ]
        );
        // After an abbreviation, a pronoun or an article opens the next sentence.
        assert_eq!(
            split("Attacks in the U.S. He says more at 7 p.m. The rest. Mr. He"),
            [
                "Attacks in the U.S.",
                "He says more at 7 p.m.",
                "The rest.",
                "Mr. He"
            ]
        );
    }

    #[test]
    fn other_scripts() {
        assert_eq!(
            split("قال المسؤول؟ نعم. ثم"),
            ["قال المسؤول؟", "نعم.", "ثم"]
        );
        assert_eq!(split("我们来了。他们走了。"), ["我们来了。", "他们走了。"]);
        assert_eq!(split(" |  | \n..."), Vec::<&str>::new());
    }
}
