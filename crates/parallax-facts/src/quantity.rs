//! Quantities in running text: digits ("1,492", "1.5 million"), number words ("eighteen",
//! "two dozen", "one hundred and twenty") and approximations ("almost 1,500", "more than a
//! dozen", "at least 17", "dozens"), each with the interval of values it allows.

use parallax_text::{words, Span};

/// One word of the text, with its lower-case form.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Byte range in the text.
    pub(crate) span: Span,
    /// Lower-cased word; a grouped number ("1,492") keeps its separators.
    pub(crate) lower: String,
}

/// The words of `text`, with digit groups joined into one token: "1,492" and "1.5" are one
/// word each, "1, 2" stays two.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let spans: Vec<Span> = words(text).collect();
    let mut out: Vec<Token> = Vec::with_capacity(spans.len());
    let mut i = 0;
    while i < spans.len() {
        let mut span = spans[i];
        if is_digits(span.slice(text)) {
            // Join "1" "," "492" and "1" "." "5" while the separator is one character wide.
            while i + 1 < spans.len() {
                let next = spans[i + 1];
                let gap = &text[span.end..next.start];
                let digits = next.slice(text);
                let joins = match gap {
                    "," => digits.len() == 3 && is_digits(digits),
                    "." => is_digits(digits),
                    _ => false,
                };
                if !joins {
                    break;
                }
                span = Span::new(span.start, next.end);
                i += 1;
            }
        }
        out.push(Token {
            span,
            lower: span.slice(text).to_lowercase(),
        });
        i += 1;
    }
    out
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A number found in the text, with the interval of values its wording allows.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The stated value ("almost 1,500" → 1500; "dozens" → 24, the least it can mean).
    pub value: f64,
    /// Smallest value the wording allows.
    pub low: f64,
    /// Largest value the wording allows; `None` when unbounded ("at least 17").
    pub high: Option<f64>,
    /// The approximation word or phrase ("almost", "more than", "dozens"), if any.
    pub approx: Option<String>,
    /// Bytes from the qualifier (if any) to the end of the number.
    pub span: Span,
    /// True when the number was written in words, not digits.
    pub in_words: bool,
}

impl Quantity {
    /// True when both wordings allow a common value, so they do not contradict each other.
    pub fn agrees_with(&self, other: &Quantity) -> bool {
        let hi = |q: &Quantity| q.high.unwrap_or(f64::INFINITY);
        // A small tolerance lets rounded money and percentages ("1.5 million") meet.
        let eps = 1e-9 * self.value.abs().max(other.value.abs()).max(1.0);
        self.low <= hi(other) + eps && other.low <= hi(self) + eps
    }
}

/// How an approximation bounds the value it qualifies.
#[derive(Debug, Clone, Copy)]
enum Bound {
    /// "almost", "nearly": a little below, up to the value.
    Below,
    /// "about", "some": within a tenth either side.
    Around,
    /// "at least": the value or more.
    AtLeast,
    /// "more than", "over": strictly more.
    MoreThan,
    /// "up to", "at most": the value or fewer.
    AtMost,
    /// "less than", "under": strictly fewer.
    LessThan,
}

/// Qualifiers, longest first so "just over" wins over "over".
const QUALIFIERS: &[(&[&str], Bound)] = &[
    (&["as", "many", "as"], Bound::AtMost),
    (&["no", "more", "than"], Bound::AtMost),
    (&["more", "than"], Bound::MoreThan),
    (&["greater", "than"], Bound::MoreThan),
    (&["upwards", "of"], Bound::MoreThan),
    (&["just", "over"], Bound::MoreThan),
    (&["well", "over"], Bound::MoreThan),
    (&["at", "least"], Bound::AtLeast),
    (&["no", "fewer", "than"], Bound::AtLeast),
    (&["no", "less", "than"], Bound::AtLeast),
    (&["less", "than"], Bound::LessThan),
    (&["fewer", "than"], Bound::LessThan),
    (&["just", "under"], Bound::Below),
    (&["close", "to"], Bound::Below),
    (&["up", "to"], Bound::AtMost),
    (&["at", "most"], Bound::AtMost),
    (&["an", "estimated"], Bound::Around),
    (&["almost"], Bound::Below),
    (&["nearly"], Bound::Below),
    (&["about"], Bound::Around),
    (&["around"], Bound::Around),
    (&["approximately"], Bound::Around),
    (&["roughly"], Bound::Around),
    (&["some"], Bound::Around),
    (&["estimated"], Bound::Around),
    (&["over"], Bound::MoreThan),
    (&["under"], Bound::LessThan),
];

fn unit_word(w: &str) -> Option<f64> {
    const UNITS: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] = &[
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = UNITS.iter().position(|u| *u == w) {
        return Some(i as f64);
    }
    TENS.iter()
        .position(|t| *t == w)
        .map(|i| (i as f64 + 2.0) * 10.0)
}

fn scale_word(w: &str) -> Option<f64> {
    Some(match w {
        "dozen" => 12.0,
        "hundred" => 100.0,
        "thousand" => 1e3,
        "million" => 1e6,
        "billion" => 1e9,
        "trillion" => 1e12,
        _ => return None,
    })
}

/// Plural words that state an order of magnitude only: (word, least, most).
const VAGUE: &[(&str, f64, f64)] = &[
    ("dozens", 24.0, 143.0),
    ("scores", 40.0, 199.0),
    ("hundreds", 200.0, 999.0),
    ("thousands", 2000.0, 999_999.0),
    ("millions", 2e6, 999_999_999.0),
];

/// The number starting at token `i`, if one does: its value, the index after its last token,
/// and whether it was written in words.
fn number_at(toks: &[Token], text: &str, i: usize) -> Option<(f64, usize, bool)> {
    let w = toks[i].lower.as_str();
    if w.as_bytes()[0].is_ascii_digit() {
        if !w
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
        {
            return None; // "9mm", "3rd"
        }
        let mut value: f64 = w.replace(',', "").parse().ok()?;
        let mut end = i + 1;
        // "1.5 million", "2 dozen"
        if let Some(s) = toks.get(end).and_then(|t| scale_word(&t.lower)) {
            if adjacent(toks, text, end) {
                value *= s;
                end += 1;
            }
        }
        return Some((value, end, false));
    }
    // "a dozen", "a hundred": the article stands for one.
    let (mut total, mut current, mut end, mut any) = (0.0, 0.0, i, false);
    if matches!(w, "a" | "an") {
        let next = toks.get(i + 1)?;
        scale_word(&next.lower)?;
        current = 1.0;
        end = i + 1;
    }
    while end < toks.len() {
        if end > i && !adjacent(toks, text, end) {
            break;
        }
        let word = toks[end].lower.as_str();
        if let Some(v) = unit_word(word) {
            current += v;
        } else if let Some(s) = scale_word(word) {
            if s >= 1e3 {
                total += current.max(1.0) * s;
                current = 0.0;
            } else {
                current = current.max(1.0) * s;
            }
        } else if word == "and"
            && any
            && toks
                .get(end + 1)
                .is_some_and(|t| unit_word(&t.lower).is_some())
        {
            // "one hundred and twenty"
        } else {
            break;
        }
        any = true;
        end += 1;
    }
    if !any {
        return None;
    }
    Some((total + current, end, true))
}

/// True when token `j` follows token `j - 1` with only a space or a hyphen between them.
fn adjacent(toks: &[Token], text: &str, j: usize) -> bool {
    let gap = &text[toks[j - 1].span.end..toks[j].span.start];
    gap.len() <= 3 && gap.trim().chars().all(|c| c == '-')
}

/// All quantities of `text`, in order, with the index range of their number tokens.
pub(crate) fn quantities(text: &str, toks: &[Token]) -> Vec<(Quantity, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let found = number_at(toks, text, i)
            .map(|(v, end, in_words)| (v, None, end, in_words))
            .or_else(|| {
                VAGUE
                    .iter()
                    .find(|(w, ..)| *w == toks[i].lower)
                    .map(|&(w, lo, hi)| (lo, Some((w, lo, hi)), i + 1, true))
            });
        let Some((value, vague, end, in_words)) = found else {
            i += 1;
            continue;
        };
        let mut start = toks[i].span.start;
        let (mut low, mut high, mut approx) = (value, Some(value), None);
        if let Some((w, lo, hi)) = vague {
            (low, high, approx) = (lo, Some(hi), Some(w.to_string()));
        } else if let Some((n, bound)) = qualifier_before(toks, i) {
            let phrase: Vec<&str> = toks[i - n..i].iter().map(|t| t.lower.as_str()).collect();
            approx = Some(phrase.join(" "));
            start = toks[i - n].span.start;
            let step = if value.fract() == 0.0 { 1.0 } else { 0.0 };
            (low, high) = match bound {
                Bound::Below => (value * 0.9, Some(value)),
                Bound::Around => (value * 0.9, Some(value * 1.1)),
                Bound::AtLeast => (value, None),
                Bound::MoreThan => (value + step, None),
                Bound::AtMost => (0.0, Some(value)),
                Bound::LessThan => (0.0, Some((value - step).max(0.0))),
            };
        }
        out.push((
            Quantity {
                value,
                low,
                high,
                approx,
                span: Span::new(start, toks[end - 1].span.end),
                in_words,
            },
            i..end,
        ));
        i = end;
    }
    out
}

/// The approximation phrase ending just before token `i`: its length in tokens and bound.
fn qualifier_before(toks: &[Token], i: usize) -> Option<(usize, Bound)> {
    QUALIFIERS.iter().find_map(|(phrase, bound)| {
        let n = phrase.len();
        (i >= n
            && toks[i - n..i]
                .iter()
                .zip(phrase.iter())
                .all(|(t, w)| t.lower == *w))
        .then_some((n, *bound))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Vec<Quantity> {
        let toks = tokenize(text);
        quantities(text, &toks)
            .into_iter()
            .map(|(q, _)| q)
            .collect()
    }

    #[test]
    fn digits_with_groups_and_scales() {
        let got = q("1,492 were hurt and $1.5 million paid; 17 died");
        let values: Vec<f64> = got.iter().map(|q| q.value).collect();
        assert_eq!(values, [1492.0, 1.5e6, 17.0]);
        assert_eq!(got[0].span, Span::new(0, 5));
    }

    #[test]
    fn number_words() {
        for (text, want) in [
            ("eighteen people", 18.0),
            ("twenty-five people", 25.0),
            ("two dozen people", 24.0),
            ("a dozen people", 12.0),
            ("one hundred and twenty people", 120.0),
            ("three thousand people", 3000.0),
        ] {
            let got = q(text);
            assert_eq!(got.len(), 1, "{text}");
            assert_eq!(got[0].value, want, "{text}");
            assert!(got[0].in_words);
        }
    }

    #[test]
    fn approximations_bound_the_value() {
        let got = q("almost 1,500 injured, at least 17 killed, more than a dozen held");
        assert_eq!(got[0].approx.as_deref(), Some("almost"));
        assert_eq!((got[0].low, got[0].high), (1350.0, Some(1500.0)));
        assert_eq!(got[0].span, Span::new(0, 12));
        assert_eq!((got[1].low, got[1].high), (17.0, None));
        assert_eq!(got[2].approx.as_deref(), Some("more than"));
        assert_eq!((got[2].value, got[2].low, got[2].high), (12.0, 13.0, None));
        let vague = q("dozens were hurt");
        assert_eq!(vague[0].approx.as_deref(), Some("dozens"));
    }

    #[test]
    fn approximate_and_exact_agree_when_they_overlap() {
        let almost = &q("almost 1,500")[0];
        assert!(almost.agrees_with(&q("1,492")[0]));
        assert!(!almost.agrees_with(&q("1,600")[0]));
        assert!(!q("17")[0].agrees_with(&q("18")[0]));
        assert!(q("eighteen")[0].agrees_with(&q("18")[0]));
        assert!(q("at least 17")[0].agrees_with(&q("18")[0]));
        assert!(!q("more than 18")[0].agrees_with(&q("18")[0]));
    }
}
