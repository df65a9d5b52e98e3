//! Words as maximal runs of letters, digits and `_` (Unicode L, N and `_`), the same definition
//! as Python's `re` `\w`, so our metrics match published ones byte for byte.

use parallax_model::Span;

/// True for letters, numbers and `_`. Combining marks are deliberately not word characters:
/// this matches the Scrapinghub metric's tokeniser.
pub fn is_word_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// The words of `text`, in order, as byte spans.
pub fn words(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || {
        // Skip to the next word character.
        let (start, _) = loop {
            let (i, c) = iter.next()?;
            if is_word_char(c) {
                break (i, c);
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = iter.peek() {
            if !is_word_char(c) {
                end = i;
                break;
            }
            iter.next();
        }
        Some(Span::new(start, end))
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
