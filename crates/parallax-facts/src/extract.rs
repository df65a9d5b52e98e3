//! Numeric facts of one text: a quantity, what it counts (from the measure lexicon in
//! `data/measures.tsv`, or money, percentages, ages, durations, dates), the subject it is about
//! and the time it refers to, each with its byte span.

use std::sync::OnceLock;

use parallax_align::{sentences, EnglishTerms, TermNormalizer};
use parallax_text::calendar::{is_full_month, month, weekday};
use parallax_text::Span;
use serde::{Deserialize, Serialize};

use crate::quantity::{quantities, tokenize, Quantity, Token};

/// One numeric fact stated by a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    /// What the number counts: a lexicon measure ("killed", "injured", "arrested"…), "money
    /// USD" and the like, "percent", "age", "duration", "date", "year", or the counted noun.
    pub measure: String,
    /// The stated value.
    pub value: f64,
    /// Smallest value the wording allows.
    pub low: f64,
    /// Largest value the wording allows; `None` when unbounded.
    pub high: Option<f64>,
    /// The approximation phrase ("almost", "at least", "dozens"), if any.
    pub approx: Option<String>,
    /// Who or what the number is about ("Palestinians"), when the text says it next to it.
    pub subject: Option<String>,
    /// The time the sentence gives ("on March 30", "since March 30", "on Friday"), if any.
    pub time: Option<String>,
    /// From the first word of the quantity or of its measure word to the last of either.
    pub span: Span,
    /// The span of the quantity alone, qualifier included.
    pub quantity: Span,
    /// One person counted by "a" or "one" ("a man was wounded", "one victim died"): a detail
    /// about somebody, not a total, so it is never held against another outlet's total.
    #[serde(default)]
    pub individual: bool,
}

impl Fact {
    /// The interval view of the fact's value.
    pub fn as_quantity(&self) -> Quantity {
        Quantity {
            value: self.value,
            low: self.low,
            high: self.high,
            approx: self.approx.clone(),
            span: self.quantity,
            in_words: false,
        }
    }
}

/// The measure lexicon: stem → measure name, from `data/measures.tsv`.
fn lexicon() -> &'static Vec<(String, &'static str)> {
    static LEX: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut out = Vec::new();
        for line in include_str!("../data/measures.tsv").lines() {
            let Some((measure, words)) = line.split_once('\t') else {
                continue; // comments and blank lines
            };
            if measure.starts_with('#') {
                continue;
            }
            for w in words.split(',') {
                if let Some(stem) = stem(w.trim()) {
                    out.push((stem, measure));
                }
            }
        }
        out
    })
}

/// The stem the lexicon is keyed by; stop words have none.
fn stem(lower: &str) -> Option<String> {
    EnglishTerms.term(lower).or_else(|| Some(lower.to_string()))
}

/// True when `measure` is one of the lexicon's measures.
pub(crate) fn is_lexicon_measure(measure: &str) -> bool {
    lexicon().iter().any(|(_, m)| *m == measure)
}

/// The lexicon measure a word names, if any.
pub(crate) fn measure_of(lower: &str) -> Option<&'static str> {
    let s = stem(lower)?;
    lexicon()
        .iter()
        .find(|(stem, _)| *stem == s || lower == stem.as_str())
        .map(|(_, m)| *m)
}

const DURATIONS: &[&str] = &[
    "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute",
    "minutes", "second", "seconds", "decade", "decades",
];
/// Counted nouns too general to be a subject.
const GENERIC: &[&str] = &[
    "people",
    "persons",
    "person",
    "others",
    "individuals",
    "victims",
    "of",
    "more",
    "other",
];
const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("pounds", "GBP"),
    ("rials", "IRR"),
    ("riyals", "SAR"),
    ("shekels", "ILS"),
    ("yuan", "CNY"),
    ("yen", "JPY"),
    ("rupees", "INR"),
    ("roubles", "RUB"),
    ("rubles", "RUB"),
];
const CURRENCY_SIGNS: &[(char, &str)] = &[('$', "USD"), ('€', "EUR"), ('£', "GBP"), ('¥', "JPY")];

/// Measures that are things happening to people, as opposed to counted nouns ("snipers").
const EVENTS: &[&str] = &[
    "killed",
    "injured",
    "shot",
    "arrested",
    "missing",
    "displaced",
    "evacuated",
];

/// True when the text between two tokens ends a clause.
fn breaks(gap: &str) -> bool {
    gap.chars().any(|c| {
        matches!(
            c,
            '.' | ';' | ':' | '!' | '?' | ',' | '(' | ')' | '\n' | '—'
        )
    })
}

/// The numeric facts of `text`, in order.
pub fn extract(text: &str) -> Vec<Fact> {
    let toks = tokenize(text);
    let sents = sentences(text);
    let mut out = Vec::new();
    let found = quantities(text, &toks);
    let taken: Vec<Span> = found.iter().map(|(q, _)| q.span).collect();
    for (q, range) in found {
        if let Some(f) = classify(text, &toks, &sents, q, range) {
            out.push(f);
        }
    }
    for (i, t) in toks.iter().enumerate() {
        if matches!(t.lower.as_str(), "a" | "an")
            && !taken
                .iter()
                .any(|s| s.start <= t.span.start && t.span.start < s.end)
        {
            if let Some(f) = singular(text, &toks, &sents, i) {
                out.push(f);
            }
        }
    }
    out.sort_by_key(|f| (f.span.start, f.span.end));
    out
}

/// People nouns after which "a" counts one person ("a man was killed").
const PERSONS: &[&str] = &[
    "man",
    "woman",
    "boy",
    "girl",
    "teen",
    "teenager",
    "person",
    "child",
    "victim",
    "student",
    "officer",
    "resident",
    "driver",
    "mother",
    "father",
    "son",
    "daughter",
    "toddler",
    "baby",
    "infant",
    "bystander",
    "protester",
    "soldier",
    "civilian",
    "journalist",
    "worker",
];

/// "a man was killed", "an 18-year-old woman was wounded": one person, when the article is
/// followed (within four words) by a person noun and then (within four) by an event word.
fn singular(text: &str, toks: &[Token], sents: &[Span], i: usize) -> Option<Fact> {
    let clause_ok = |k: usize| !breaks(&text[toks[k - 1].span.end..toks[k].span.start]);
    let person = (i + 1..(i + 5).min(toks.len()))
        .take_while(|&k| clause_ok(k))
        .find(|&k| PERSONS.contains(&toks[k].lower.as_str()))?;
    // "a fifth victim" counts the fifth, not one more.
    let ordinal = |w: &str| {
        matches!(w, "first" | "second" | "third" | "another" | "other")
            || (w.ends_with("th") && w.len() > 4)
    };
    if toks[i + 1..person].iter().any(|t| ordinal(&t.lower)) {
        return None;
    }
    let (at, measure) = (person + 1..(person + 5).min(toks.len()))
        .take_while(|&k| clause_ok(k))
        .find_map(|k| {
            measure_of(&toks[k].lower)
                .filter(|m| EVENTS.contains(m))
                .map(|m| (k, m))
        })?;
    // "shot and killed", "shot and wounded": the outcome names the measure.
    let (at, measure) = if measure == "shot" {
        (at + 1..(at + 3).min(toks.len()))
            .find_map(|k| {
                measure_of(&toks[k].lower)
                    .filter(|m| matches!(*m, "killed" | "injured"))
                    .map(|m| (k, m))
            })
            .unwrap_or((at, measure))
    } else {
        (at, measure)
    };
    let span = Span::new(toks[i].span.start, toks[at].span.end);
    let sentence = sents
        .iter()
        .find(|s| s.start <= span.start && span.start < s.end)
        .copied()
        .unwrap_or(Span::new(0, text.len()));
    Some(Fact {
        measure: measure.to_string(),
        value: 1.0,
        low: 1.0,
        high: Some(1.0),
        approx: None,
        subject: None,
        time: time_in(text, toks, sentence),
        span,
        quantity: toks[i].span,
        individual: true,
    })
}

fn classify(
    text: &str,
    toks: &[Token],
    sents: &[Span],
    q: Quantity,
    range: std::ops::Range<usize>,
) -> Option<Fact> {
    let (first, end) = (range.start, range.end);
    let gap_before = if first > 0 {
        &text[toks[first - 1].span.end..toks[first].span.start]
    } else {
        &text[..toks[first].span.start]
    };
    let gap_after = toks
        .get(end)
        .map(|t| &text[toks[end - 1].span.end..t.span.start])
        .unwrap_or(&text[toks[end - 1].span.end..]);
    // Clock times ("1:15") and decimals split oddly are no facts.
    if gap_after.starts_with(':')
        && toks
            .get(end)
            .is_some_and(|t| t.lower.as_bytes()[0].is_ascii_digit())
    {
        return None;
    }
    if gap_before.ends_with(':')
        && first > 0
        && toks[first - 1].lower.as_bytes()[0].is_ascii_digit()
    {
        return None;
    }
    // Numbers inside addresses and slugs ("/2013/01/3-killed") state nothing.
    let chunk_start = text[..q.span.start]
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + 1);
    let chunk_end = text[q.span.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| q.span.end + i);
    let chunk = &text[chunk_start..chunk_end];
    if chunk.contains(['/', '_', '=', '@']) || chunk.contains("www.") {
        return None;
    }
    let next = |k: usize| toks.get(end + k).map(|t| t.lower.as_str());
    // Footnote marks ("[6]") and times of day ("around 11 p.m.").
    if gap_before.ends_with('[') && gap_after.starts_with(']') {
        return None;
    }
    if matches!(next(0), Some("a" | "p")) && matches!(next(1), Some("m"))
        || matches!(next(0), Some("am" | "pm" | "o"))
    {
        return None;
    }
    let prev = |k: usize| first.checked_sub(k + 1).map(|j| toks[j].lower.as_str());
    let mut span = q.span;
    let mut subject = None;
    let measure: String = if let Some((sign, code)) = CURRENCY_SIGNS
        .iter()
        .find(|(c, _)| gap_before.trim_end().ends_with(*c))
    {
        // The sign sits just before the number, after any qualifier ("about $5").
        let trailing = gap_before.len() - gap_before.trim_end().len();
        let sign_at = toks[first].span.start - trailing - sign.len_utf8();
        span.start = span.start.min(sign_at);
        format!("money {code}")
    } else if let Some((_, code)) =
        next(0).and_then(|w| CURRENCY_WORDS.iter().find(|(c, _)| *c == w))
    {
        span.end = toks[end].span.end;
        format!("money {code}")
    } else if gap_after.starts_with('%')
        || next(0) == Some("percent")
        || (next(0) == Some("per") && next(1) == Some("cent"))
    {
        "percent".into()
    } else if matches!(next(0), Some("year" | "years")) && next(1) == Some("old")
        || prev(0) == Some("aged")
    {
        "age".into()
    } else if next(0).is_some_and(|w| DURATIONS.contains(&w)) && !breaks(gap_after) {
        span.end = toks[end].span.end;
        "duration".into()
    } else if prev(0).is_some_and(|w| month(w).is_some())
        || next(0).is_some_and(|w| month(w).is_some()) && !breaks(gap_after)
    {
        "date".into()
    } else if !q.in_words
        && q.approx.is_none()
        && (1900.0..=2100.0).contains(&q.value)
        && q.value.fract() == 0.0
        && !q.span.slice(text).contains(',')
        && next(0).is_none_or(|w| {
            measure_of(w).is_none() && !matches!(w, "people" | "persons" | "others")
        })
    {
        "year".into()
    } else if let Some((m, at, subj)) = measure_near(text, toks, first, end, q.span) {
        span = Span::new(
            span.start.min(toks[at].span.start),
            span.end.max(toks[at].span.end),
        );
        subject = subj;
        m
    } else if !q.in_words
        && q.approx.is_none()
        && (1800.0..=2100.0).contains(&q.value)
        && q.value.fract() == 0.0
    {
        "year".into()
    } else {
        return None;
    };
    let sentence = sents
        .iter()
        .find(|s| s.start <= q.span.start && q.span.start < s.end)
        .copied()
        .unwrap_or(Span::new(0, text.len()));
    Some(Fact {
        measure,
        value: q.value,
        low: q.low,
        high: q.high,
        approx: q.approx.clone(),
        subject,
        time: time_in(text, toks, sentence),
        span,
        quantity: q.span,
        individual: q.value == 1.0 && q.in_words && q.approx.is_none(),
    })
}

/// The lexicon measure of the quantity at tokens `first..end`: a verb just before it
/// ("martyring 18", "injuring almost 1,500") or a word shortly after it in the same clause ("18
/// people were killed", "18 dead"). Returns the measure, the index of the word that named it and
/// a subject noun found between the number and that word, or the counted noun as the measure.
fn measure_near(
    text: &str,
    toks: &[Token],
    first: usize,
    end: usize,
    qspan: Span,
) -> Option<(String, usize, Option<String>)> {
    // Before: at most two words back (the qualifier is already inside the quantity's span).
    let mut j = first;
    while j > 0 && toks[j - 1].span.end > qspan.start {
        j -= 1; // skip the qualifier's own tokens
    }
    for back in 1..=1 {
        let Some(k) = j.checked_sub(back) else { break };
        if breaks(&text[toks[k].span.end..toks[k + 1].span.start]) {
            break;
        }
        let w = toks[k].lower.as_str();
        if w.ends_with("ing") || w.ends_with("ed") {
            if let Some(m) = measure_of(w) {
                return Some((m.to_string(), k, None));
            }
        }
    }
    // After: up to five words in the same clause.
    let mut subject = None;
    let mut noun = None;
    let mut found: Option<(&str, usize)> = None;
    for k in end..(end + 5).min(toks.len()) {
        if k > end && breaks(&text[toks[k - 1].span.end..toks[k].span.start]) {
            break;
        }
        if k == end && breaks(&text[toks[k - 1].span.end..toks[k].span.start]) {
            break;
        }
        let w = toks[k].lower.as_str();
        if w.as_bytes()[0].is_ascii_digit() {
            break;
        }
        if let Some(m) = measure_of(w) {
            let event = EVENTS.contains(&m);
            match found {
                None if event && m != "shot" => {
                    found = Some((m, k));
                    break;
                }
                None => found = Some((m, k)),
                // "shot and killed", "protesters were killed": the event names the measure and
                // a counted noun becomes the subject.
                Some((prior, pk)) if event && (prior == "shot" || !EVENTS.contains(&prior)) => {
                    if !EVENTS.contains(&prior) {
                        subject = Some(toks[pk].span.slice(text).to_string());
                    }
                    found = Some((m, k));
                    if m != "shot" {
                        break;
                    }
                }
                Some(_) => {}
            }
            continue;
        }
        if found.is_some() {
            continue;
        }
        let is_stop = EnglishTerms.term(w).is_none();
        if k == end && !is_stop && !GENERIC.contains(&w) && w.chars().all(char::is_alphabetic) {
            noun = Some(k);
            let raw = toks[k].span.slice(text);
            if raw.chars().next().is_some_and(char::is_uppercase) {
                subject = Some(raw.to_string());
            }
        }
    }
    if let Some((m, k)) = found {
        return Some((m.to_string(), k, subject));
    }
    // No lexicon word: the counted noun itself is the measure ("40 revelers", "45
    // homicides"), when it reads as a plural noun ("three different", "one time" are not).
    let k = noun?;
    if subject.is_some() {
        return None; // "18 Palestinians" alone says nothing about what happened to them
    }
    let plural = toks[k].lower.ends_with('s') && !toks[k].lower.ends_with("ss");
    let hyphenated = text[toks[end - 1].span.end..toks[k].span.start].contains('-');
    if !plural || hyphenated {
        return None;
    }
    Some((stem(&toks[k].lower)?, k, None))
}

/// The first time expression of a sentence: "on March 30", "March 30, 2018", "since March 30",
/// "on Friday", "yesterday".
fn time_in(text: &str, toks: &[Token], sentence: Span) -> Option<String> {
    let inside: Vec<usize> = (0..toks.len())
        .filter(|&i| toks[i].span.start >= sentence.start && toks[i].span.end <= sentence.end)
        .collect();
    for (n, &i) in inside.iter().enumerate() {
        let w = toks[i].lower.as_str();
        let lead = n
            .checked_sub(1)
            .map(|p| toks[inside[p]].lower.as_str())
            .filter(|p| matches!(*p, "on" | "since" | "last" | "this" | "until"));
        let start = if lead.is_some() {
            toks[inside[n - 1]].span.start
        } else {
            toks[i].span.start
        };
        let end = if is_full_month(w)
            && inside
                .get(n + 1)
                .is_some_and(|&j| toks[j].lower.bytes().all(|b| b.is_ascii_digit()))
        {
            toks[inside[n + 1]].span.end
        } else if weekday(w).is_some() || matches!(w, "yesterday" | "today" | "tonight") {
            toks[i].span.end
        } else {
            continue;
        };
        return Some(text[start..end].to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(text: &str) -> Vec<(String, f64, Option<String>)> {
        extract(text)
            .into_iter()
            .map(|f| (f.measure, f.value, f.approx))
            .collect()
    }

    #[test]
    fn lexicon_maps_inflections_and_synonyms() {
        for w in ["killed", "dead", "died", "martyred", "martyring", "deaths"] {
            assert_eq!(measure_of(w), Some("killed"), "{w}");
        }
        for w in ["wounded", "hurt", "injuring", "injured"] {
            assert_eq!(measure_of(w), Some("injured"), "{w}");
        }
        assert_eq!(measure_of("protesters"), Some("protesters"));
        assert_eq!(measure_of("table"), None);
    }

    #[test]
    fn verbs_before_and_words_after_give_the_measure() {
        let text = "Troops opened fire, martyring 18 and injuring almost 1,500 others.";
        let got = facts(text);
        assert_eq!(
            got,
            [
                ("killed".into(), 18.0, None),
                ("injured".into(), 1500.0, Some("almost".into()))
            ]
        );
        let f = extract(text);
        assert_eq!(f[0].span.slice(text), "martyring 18");
        assert_eq!(f[1].span.slice(text), "injuring almost 1,500");
        let got = facts("Eighteen Palestinians were killed and 3 people were wounded.");
        assert_eq!(got[0].0, "killed");
        assert_eq!(got[1], ("injured".into(), 3.0, None));
        assert_eq!(
            extract("Eighteen Palestinians were killed.")[0]
                .subject
                .as_deref(),
            Some("Palestinians")
        );
    }

    #[test]
    fn other_measures() {
        let got = facts("It cost $2 million, 40% of the budget. He was 20-year-old, held for six weeks. Police arrested 4 men and deployed 100 snipers in 2018.");
        let measures: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            measures,
            [
                "money USD",
                "percent",
                "age",
                "duration",
                "arrested",
                "snipers",
                "year"
            ]
        );
    }

    #[test]
    fn one_person_with_an_article() {
        let text = "A 20-year-old man was shot and killed; an officer was wounded.";
        let got = facts(text);
        assert!(got.contains(&("killed".into(), 1.0, None)), "{got:?}");
        assert!(got.contains(&("injured".into(), 1.0, None)), "{got:?}");
        assert!(facts("In 2013 a gunman opened fire")
            .iter()
            .all(|f| f.0 != "killed"));
        assert!(facts("A fifth victim died on Sunday.").is_empty());
    }

    #[test]
    fn footnotes_times_of_day_and_non_nouns_are_no_facts() {
        assert!(facts("The shooter[6] fired. He died around 11 p.m. on one bad night").is_empty());
        assert_eq!(
            facts("three different cars and 45 homicides")[0].0,
            "homicid"
        );
    }

    #[test]
    fn money_spans_include_multibyte_signs() {
        let text = "They paid about €5 million and £20.";
        let f = extract(text);
        assert_eq!(f[0].measure, "money EUR");
        assert_eq!(f[0].span.slice(text), "about €5 million");
        assert_eq!(f[1].span.slice(text), "£20");
    }

    #[test]
    fn every_cut_of_odd_text_extracts_without_panicking() {
        let text = "Über 1,5 €3 — “almost 1,500” [6] 1:15 a.m., a man was shot; twenty-\n\n一 18 人 killed $ , 2013 dozens' at least";
        let cuts: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &a in &cuts {
            for &b in cuts.iter().filter(|&&b| b >= a).step_by(7) {
                let t = &text[a..b];
                for f in extract(t) {
                    assert!(t.is_char_boundary(f.span.start) && t.is_char_boundary(f.span.end));
                    assert!(f.span.start <= f.span.end && f.span.end <= t.len());
                }
            }
        }
    }

    #[test]
    fn times_and_clock_times() {
        let f = extract("On March 30, 17 protesters were killed at 1:15 a.m.");
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].measure, "date");
        assert_eq!(f[1].measure, "killed");
        assert_eq!(f[1].time.as_deref(), Some("On March 30"));
    }
}
