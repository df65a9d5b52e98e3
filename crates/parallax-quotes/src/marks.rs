//! Quotation marks: which characters open and close quotes, and the top-level quoted regions
//! of a text, including quotes that run over several paragraphs and quotes nested in quotes.

use parallax_text::{is_word_char, Span};

/// The family of a quotation mark: a quote closes only with a mark of its own family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// “ ” „ " and « » (guillemets pair with each other only, see [`closes`]).
    Double,
    /// ‘ ’ and the straight single quote.
    Single,
    /// « and ».
    Angle,
}

/// One top-level quoted region: from its opening mark to the end of its closing mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Region {
    /// The region with its marks.
    pub(crate) outer: Span,
    /// Words inside the region (nested quotes included).
    pub(crate) words: usize,
}

/// Is this char a quotation mark of any kind?
pub(crate) fn is_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{AB}'
            | '\u{BB}'
    )
}

/// Is `c` a double quotation mark (the marks that tell direct and mixed quotes apart in
/// eval-dev's metric)?
pub fn is_double_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{AB}' | '\u{BB}'
    )
}

/// What a mark does here, judged from its neighbours.
enum Role {
    Open(Family),
    Close(Family),
    /// A closing-or-opening mark: closes a quote of its family that is open, else opens one.
    Either(Family),
    /// An apostrophe or a stray mark.
    None,
}

/// A mark here looks like an opening one: no word or sentence punctuation right before it, and
/// text (not a space) right after it.
fn opening_context(prev: Option<char>, next: Option<char>) -> bool {
    !prev.is_some_and(|p| is_word_char(p) || matches!(p, '.' | ',' | '!' | '?' | ';' | ':'))
        && next.is_some_and(|n| !n.is_whitespace())
}

fn role(c: char, prev: Option<char>, next: Option<char>) -> Role {
    let word_before = prev.is_some_and(is_word_char);
    let word_after = next.is_some_and(is_word_char);
    let open_ctx = opening_context(prev, next);
    match c {
        '\u{201C}' => Role::Either(Family::Double),
        '\u{201E}' => Role::Open(Family::Double),
        '\u{201D}' => Role::Close(Family::Double),
        '\u{AB}' => Role::Open(Family::Angle),
        '\u{BB}' => Role::Close(Family::Angle),
        '"' if open_ctx => Role::Open(Family::Double),
        '"' => Role::Close(Family::Double),
        // A single mark between letters is an apostrophe (Iran’s, don't).
        '\u{2018}' | '\u{2019}' | '\'' if word_before && word_after => Role::None,
        '\u{2018}' | '\'' if open_ctx && (word_after || next.is_some_and(is_mark)) => {
            Role::Open(Family::Single)
        }
        '\u{2019}' | '\'' if !open_ctx => Role::Close(Family::Single),
        _ => Role::None,
    }
}

/// The top-level quoted regions of `text`, in order.
///
/// A quote left open at a paragraph end continues when the next paragraph opens with a mark of
/// the same family (the print convention for a quote over several paragraphs); otherwise it is
/// dropped as unbalanced. Marks inside an open quote nest: a single-quoted phrase inside a
/// double-quoted one stays part of the outer region.
pub(crate) fn regions(text: &str) -> Vec<Region> {
    // Two apostrophes written for a double quotation mark ('' as some archives print “ and ”)
    // count as one straight double mark; `widths` keeps their byte length.
    let mut chars: Vec<(usize, char)> = Vec::with_capacity(text.len());
    let mut widths: Vec<usize> = Vec::with_capacity(text.len());
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == '\'' && it.peek().is_some_and(|&(_, d)| d == '\'') {
            it.next();
            chars.push((i, '"'));
            widths.push(2);
        } else {
            chars.push((i, c));
            widths.push(c.len_utf8());
        }
    }
    let mut out = Vec::new();
    let mut stack: Vec<(Family, usize)> = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        if c == '\n' {
            if let Some(&(bottom, start)) = stack.first() {
                // Skip the paragraph break; continue only if the next paragraph opens with a
                // mark of the quote's family.
                let mut n = k;
                while n < chars.len() && chars[n].1.is_whitespace() {
                    n += 1;
                }
                let reopens = n < chars.len() && {
                    let (ch, prev, next) = (chars[n].1, None, chars.get(n + 1).map(|x| x.1));
                    matches!(role(ch, prev, next), Role::Open(f) | Role::Either(f) if f == bottom)
                };
                if reopens {
                    stack.truncate(1);
                    stack[0] = (bottom, start);
                    k = n + 1;
                    continue;
                }
                stack.clear();
            }
            k += 1;
            continue;
        }
        if !is_mark(c) {
            k += 1;
            continue;
        }
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(k + 1).map(|x| x.1);
        let close = |stack: &mut Vec<(Family, usize)>, fam: Family| -> Option<usize> {
            let pos = stack.iter().rposition(|&(f, _)| f == fam)?;
            let start = stack[pos].1;
            stack.truncate(pos);
            Some(start)
        };
        let closed = match role(c, prev, next) {
            Role::Open(f) => {
                stack.push((f, i));
                None
            }
            Role::Close(f) => close(&mut stack, f),
            Role::Either(f) => {
                if stack.iter().any(|&(g, _)| g == f) && !opening_context(prev, next) {
                    close(&mut stack, f)
                } else {
                    stack.push((f, i));
                    None
                }
            }
            Role::None => None,
        };
        if let Some(start) = closed {
            if stack.is_empty() {
                let outer = Span::new(start, i + widths[k]);
                let words = parallax_text::words(outer.slice(text)).count();
                out.push(Region { outer, words });
            }
        }
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        regions(text).iter().map(|r| r.outer.slice(text)).collect()
    }

    #[test]
    fn every_mark_family_pairs() {
        assert_eq!(quoted("He said “we go” now."), ["“we go”"]);
        assert_eq!(quoted("He said \"we go\" now."), ["\"we go\""]);
        assert_eq!(quoted("Il a dit « on y va » hier."), ["« on y va »"]);
        assert_eq!(quoted("Er sagte „wir gehen“ heute."), ["„wir gehen“"]);
        assert_eq!(quoted("He said ‘we go’ now."), ["‘we go’"]);
        assert_eq!(quoted("He said 'we go' now."), ["'we go'"]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(quoted("Iran’s leader didn't go to the countries’ summit.").is_empty());
        assert_eq!(quoted("'Iran's duty,' he said."), ["'Iran's duty,'"]);
        assert_eq!(quoted("''We go,'' he said."), ["''We go,''"]);
    }

    #[test]
    fn nested_quotes_stay_in_the_outer_region() {
        let t = "“They called it ‘a trap’ today,” she said.";
        assert_eq!(quoted(t), ["“They called it ‘a trap’ today,”"]);
    }

    #[test]
    fn quote_over_two_paragraphs() {
        let t = "He said:\n\n“First part.\n\n“Second part.” Then more.";
        assert_eq!(quoted(t), ["“First part.\n\n“Second part.”"]);
        // Not continued: the unclosed quote is dropped, the next one stands.
        let t = "“Open only.\n\nPlain. “Closed.”";
        assert_eq!(quoted(t), ["“Closed.”"]);
    }
}
