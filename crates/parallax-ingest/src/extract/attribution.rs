//! Explicit credits in the text: "Source: Islamic Republic News Agency", "WASHINGTON (AP) —",
//! "according to Reuters", "By The Associated Press", "h/t: The Hill".
//!
//! Agencies come from `data/agencies.tsv`, a documented list kept in the repository. Short
//! acronyms ("AP", "AA") are trusted only in credit positions; in running text only full names
//! and longer acronyms count, so "a map" or "an AP course" do not become credits.

use std::collections::HashMap;
use std::sync::LazyLock;

use parallax_text::KeyMap32;

use parallax_model::{Attribution, AttributionKind, Paragraph, ParagraphRole, Span};
use regex::Regex;

const AGENCIES_TSV: &str = include_str!("../../data/agencies.tsv");

/// A news agency, wire service or state agency from the built-in list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    /// Stable key (`AP`, `IRNA`).
    pub key: String,
    /// `wire`, `state` or `release`.
    pub kind: String,
    /// ISO 3166 country code.
    pub country: String,
    /// Names and acronyms; the first is the full name.
    pub names: Vec<String>,
}

/// The built-in agency list.
pub fn agencies() -> &'static [Agency] {
    static LIST: LazyLock<Vec<Agency>> = LazyLock::new(|| {
        AGENCIES_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut cols = l.split('\t');
                Some(Agency {
                    key: cols.next()?.to_string(),
                    kind: cols.next()?.to_string(),
                    country: cols.next()?.to_string(),
                    names: cols.next()?.split('|').map(str::to_string).collect(),
                })
            })
            .collect()
    });
    &LIST
}

struct Patterns {
    by_name: HashMap<String, String>,
    /// Finds the known names, and the keywords of the line patterns, in running text and
    /// inside a credited phrase.
    finder: NameFinder,
    source_line: Regex,
    dateline_prefix: Regex,
    byline_line: Regex,
    reported_before: Regex,
    reported_after: Regex,
    hat_tip: Regex,
}

fn is_short_acronym(name: &str) -> bool {
    name.chars().count() <= 3 && name.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
}

/// `names` as one literal alternation, longest first.
fn alternation(names: &[&str]) -> String {
    let mut v: Vec<&str> = names.to_vec();
    v.sort_by_key(|n| std::cmp::Reverse(n.len()));
    v.dedup();
    v.iter()
        .map(|n| regex::escape(n))
        .collect::<Vec<_>>()
        .join("|")
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let list = agencies();
    let by_name = list
        .iter()
        .flat_map(|a| {
            a.names
                .iter()
                .map(move |n| (n.to_lowercase(), a.key.clone()))
        })
        .collect();
    let re = |s: &str| Regex::new(s).expect("attribution pattern");
    Patterns {
        by_name,
        finder: NameFinder::new(list.iter().flat_map(|a| a.names.iter().map(String::as_str))),
        source_line: re(
            r"(?m)^[ \t]*(?:Sources?|Source\(s\)|Credit|Kaynak|Fuente|Quelle|Fonte)[ \t]*[:：\-–—][ \t]*(?P<name>[^\n]{2,100}?)[ \t.]*$",
        ),
        // What may precede "(AP)" on its line for it to be a dateline: a place in capitals,
        // optionally followed by a date.
        dateline_prefix: re(r"^[ \t]*\p{Lu}[\p{Lu}\p{L} .'’-]{1,40}(?:,[^()\n]{1,40})?[ \t]*$"),
        // A whole line that is a byline, copyright or sign-off naming the agency.
        byline_line: re(
            r"^[ \t]*(?:(?:By|BY)[ \t]+(?:[^\n,]{1,60},[ \t]*)?|(?:Copyright|©|\(c\))[ \t]*(?:\d{4}[ \t]+)?|[-–—][ \t]*)?(?:[Tt]he[ \t]+)?$",
        ),
        reported_before: re(
            r"(?:[Aa]ccording to|[Tt]old|[Qq]uoted by|[Cc]ited by|[Rr]eported by)[ \t]+(?:the[ \t]+)?$",
        ),
        reported_after: re(r"^[ \t]+(?:news agency[ \t]+)?(?:reported|said|quoted|cited)(?-u:\b)"),
        hat_tip: re(
            r"(?i)(?-u:\b)(?:h/t|hat tip)(?-u:\b)[ \t]*[:\-–—]?[ \t]*(?:to[ \t]+)?(?P<name>[^\n.;,()]{2,60})",
        ),
    }
});

/// Keywords the line patterns need: the source-line labels and the hat-tip forms.
const SOURCE_KEYWORDS: &[&str] = &["Source", "Credit", "Kaynak", "Fuente", "Quelle", "Fonte"];
const HAT_TIP_KEYWORDS: &[&str] = &["h/t", "H/T", "hat tip", "HAT TIP", "Hat tip"];

/// One pass over a text for every known name and keyword. A 170-name alternation makes the
/// regex engine run every byte of every article through an automaton. Here eight bytes at a
/// time are tested for a capital or a non-ASCII byte, where nearly every name starts, and only
/// those positions are compared with the names; the few names and keywords that start
/// otherwise ("dpa", "h/t") are searched for on their own.
struct NameFinder {
    /// Names and keywords that start with a capital or a non-ASCII character, by their first
    /// two bytes, longest first.
    capital: KeyMap32<Vec<&'static str>>,
    /// The other names and keywords, as one literal alternation (longest first).
    other: Option<Regex>,
}

/// What [`NameFinder::scan`] found.
struct Found {
    /// Known names standing as whole words, in text order, not overlapping (at each start the
    /// longest name).
    names: Vec<Span>,
    /// A source-line label occurs somewhere.
    source_keyword: bool,
    /// A hat-tip form occurs somewhere.
    hat_tip_keyword: bool,
}

fn pair_key(first: u8, second: u8) -> u32 {
    u32::from(first) << 8 | u32::from(second)
}

/// Whether a name or keyword starting with `b` is found by the capitals scan.
fn starts_capital(b: u8) -> bool {
    b.is_ascii_uppercase() || !b.is_ascii()
}

/// The high bit of each byte of `x` that is an ASCII capital or not ASCII.
fn capital_or_non_ascii(x: u64) -> u64 {
    const fn splat(b: u8) -> u64 {
        u64::from_ne_bytes([b; 8])
    }
    let high = x & splat(0x80);
    // With the high bits cleared no byte carries into the next.
    let ascii = x & splat(0x7f);
    let at_least = |lo: u8| ascii.wrapping_add(splat(0x80 - lo)) & splat(0x80);
    (at_least(b'A') & !at_least(b'Z' + 1)) | high
}

/// Whether `neighbour` would make a name whose edge character is `edge` part of a longer
/// word: an ASCII letter, digit or underscore next to an ASCII edge ("MAP" is no "AP"), or any
/// letter or digit next to another script's edge. A Latin name written against Japanese or
/// Chinese text ("AFP通信") still stands as a name.
fn continues_word(edge: char, neighbour: Option<char>) -> bool {
    neighbour.is_some_and(|c| {
        c.is_ascii_alphanumeric() || c == '_' || (!edge.is_ascii() && c.is_alphanumeric())
    })
}

impl NameFinder {
    fn new(names: impl Iterator<Item = &'static str>) -> Self {
        let mut capital: KeyMap32<Vec<&'static str>> = KeyMap32::default();
        let mut other: Vec<&'static str> = Vec::new();
        let keywords = SOURCE_KEYWORDS.iter().chain(HAT_TIP_KEYWORDS).copied();
        for n in names.chain(keywords) {
            match n.as_bytes() {
                [first, second, ..] if starts_capital(*first) => capital
                    .entry(pair_key(*first, *second))
                    .or_default()
                    .push(n),
                _ => other.push(n),
            }
        }
        for list in capital.values_mut() {
            list.sort_by_key(|n| std::cmp::Reverse(n.len()));
            list.dedup();
        }
        let other = (!other.is_empty()).then(|| {
            let alternation = alternation(&other);
            Regex::new(&alternation).expect("literal alternation")
        });
        Self { capital, other }
    }

    fn scan(&self, text: &str) -> Found {
        let bytes = text.as_bytes();
        let mut found = Found {
            names: Vec::new(),
            source_keyword: false,
            hat_tip_keyword: false,
        };
        // The name starting at `at`, if any, noting the keywords met on the way.
        let note = |found: &mut Found, at: usize| -> Option<usize> {
            let candidates = self
                .capital
                .get(&pair_key(bytes[at], *bytes.get(at + 1)?))?;
            for n in candidates {
                if !bytes[at..].starts_with(n.as_bytes()) {
                    continue;
                }
                found.source_keyword |= SOURCE_KEYWORDS.contains(n);
                found.hat_tip_keyword |= HAT_TIP_KEYWORDS.contains(n);
                if self.name_fits(text, at, n) {
                    return Some(at + n.len());
                }
            }
            None
        };
        let mut at = 0;
        // The end of the last name found: names do not overlap.
        let mut taken = 0;
        while at < bytes.len() {
            let mut mask = match bytes.get(at..at + 8) {
                Some(chunk) => {
                    capital_or_non_ascii(u64::from_le_bytes(chunk.try_into().expect("8 bytes")))
                }
                None => bytes[at..]
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| starts_capital(**b))
                    .fold(0, |m, (k, _)| m | 0x80 << (8 * k)),
            };
            while mask != 0 {
                let i = at + (mask.trailing_zeros() / 8) as usize;
                mask &= mask - 1;
                // Names and keywords start words: a capital inside one ("NASA", "McCain")
                // is passed over without a lookup.
                if i < taken || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
                    continue;
                }
                if let Some(end) = note(&mut found, i) {
                    found.names.push(Span::new(i, end));
                    taken = end;
                }
            }
            at += 8;
        }
        if let Some(other) = &self.other {
            for m in other.find_iter(text) {
                let n = m.as_str();
                found.source_keyword |= SOURCE_KEYWORDS.contains(&n);
                found.hat_tip_keyword |= HAT_TIP_KEYWORDS.contains(&n);
                if self.name_fits(text, m.start(), n) {
                    found.names.push(Span::new(m.start(), m.end()));
                }
            }
            // Leftmost first, then longest; a name inside an earlier one is dropped.
            found
                .names
                .sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
            let mut end = 0;
            found.names.retain(|s| {
                let keep = s.start >= end;
                if keep {
                    end = s.end;
                }
                keep
            });
        }
        found
    }

    /// Whether the listed name `n` (not a keyword) stands as a whole word at byte `i`.
    fn name_fits(&self, text: &str, i: usize, n: &str) -> bool {
        let end = i + n.len();
        let (Some(before), Some(after)) = (text.get(..i), text.get(end..)) else {
            return false;
        };
        let edges = (n.chars().next(), n.chars().next_back());
        let (Some(first), Some(last)) = edges else {
            return false;
        };
        text.as_bytes()[i..].starts_with(n.as_bytes())
            && !SOURCE_KEYWORDS.contains(&n)
            && !HAT_TIP_KEYWORDS.contains(&n)
            && !continues_word(first, before.chars().next_back())
            && !continues_word(last, after.chars().next())
    }
}

/// The agency key for a credited name: an exact name, or a known name inside it
/// ("IRNA/Tehran Times").
fn agency_of(name: &str) -> Option<String> {
    let p = &*PATTERNS;
    let lower = name
        .trim()
        .trim_start_matches("the ")
        .trim_start_matches("The ")
        .to_lowercase();
    if let Some(k) = p.by_name.get(&lower) {
        return Some(k.clone());
    }
    let found = p.finder.scan(name);
    let first = found.names.first()?;
    p.by_name.get(&first.slice(name).to_lowercase()).cloned()
}

/// Every explicit credit in `text` (source lines, datelines, parentheses, bylines, "according
/// to …", hat tips), in text order, without duplicates; agencies of the built-in list carry
/// their key. Extraction stores these as [`Article::attributions`](parallax_model::Article).
pub fn credits(text: &str) -> Vec<Attribution> {
    let p = &*PATTERNS;
    let mut out: Vec<Attribution> = Vec::new();
    let mut push = |span: Span, phrase: Span, kind, agency: Option<String>| {
        // Trailing spaces are part of neither the name nor the phrase.
        let trim = |s: Span| Span::new(s.start, s.start + text[s.start..s.end].trim_end().len());
        let (span, phrase) = (trim(span), trim(phrase));
        if out
            .iter()
            .any(|a| a.span.start < span.end && span.start < a.span.end)
        {
            return;
        }
        out.push(Attribution {
            span,
            phrase,
            kind,
            agency,
        });
    };
    let m_span = |m: regex::Match<'_>| Span::new(m.start(), m.end());
    // The line patterns have no literal prefix for the regex engine to skip ahead with: they
    // run only where the scan saw their keywords.
    let found = p.finder.scan(text);
    for c in p
        .source_line
        .captures_iter(if found.source_keyword { text } else { "" })
    {
        let name = c.name("name").unwrap();
        push(
            m_span(name),
            m_span(c.get(0).unwrap()),
            AttributionKind::SourceLine,
            agency_of(name.as_str()),
        );
    }
    for m in found.names {
        let name = m.slice(text);
        let agency = agency_of(name);
        let line_start = text[..m.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[m.end..].find('\n').map_or(text.len(), |i| m.end + i);
        let before = &text[line_start..m.start];
        let after = &text[m.end..line_end];
        if let (Some(b), Some(a)) = (before.strip_suffix('('), after.strip_prefix(')')) {
            let a_trim = a.trim_start_matches([' ', '\t']);
            let is_dateline =
                p.dateline_prefix.is_match(b) && a_trim.starts_with(['-', '–', '—', ':']);
            let dash_len = a_trim.chars().next().map_or(0, char::len_utf8);
            let phrase = if is_dateline {
                Span::new(line_start, m.end + 1 + (a.len() - a_trim.len()) + dash_len)
            } else {
                Span::new(m.start - 1, m.end + 1)
            };
            let kind = if is_dateline {
                AttributionKind::Dateline
            } else {
                AttributionKind::Parenthetical
            };
            push(m, phrase, kind, agency);
            continue;
        }
        if after.trim_end_matches([' ', '\t', '.']).is_empty() && p.byline_line.is_match(before) {
            push(
                m,
                Span::new(line_start, line_end),
                AttributionKind::Byline,
                agency,
            );
            continue;
        }
        if is_short_acronym(name) {
            continue;
        }
        let window_start = floor_boundary(before, before.len().saturating_sub(40));
        if let Some(cue) = p.reported_before.find(&before[window_start..]) {
            let start = line_start + window_start + cue.start();
            push(
                m,
                Span::new(start, m.end),
                AttributionKind::Reported,
                agency,
            );
        } else if let Some(cue) = p.reported_after.find(after) {
            push(
                m,
                Span::new(m.start, m.end + cue.end()),
                AttributionKind::Reported,
                agency,
            );
        }
    }
    for c in p
        .hat_tip
        .captures_iter(if found.hat_tip_keyword { text } else { "" })
    {
        let name = c.name("name").unwrap();
        push(
            m_span(name),
            m_span(c.get(0).unwrap()),
            AttributionKind::HatTip,
            agency_of(name.as_str()),
        );
    }
    out.sort_by_key(|a| a.span);
    out
}

/// The largest char boundary of `s` at or below `i`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A paragraph that is nothing but a credit ("Source: IRNA", "— Reuters") is evidence, not
/// content: mark it [`ParagraphRole::Credit`].
pub(super) fn mark_credit_paragraphs(
    text: &str,
    credits: &[Attribution],
    paragraphs: &mut [Paragraph],
) {
    for para in paragraphs.iter_mut() {
        let holds_credit_line = credits.iter().any(|a| {
            matches!(
                a.kind,
                AttributionKind::SourceLine | AttributionKind::Byline
            ) && a.phrase.start >= para.span.start
                && a.phrase.end <= para.span.end
        });
        // Words are counted only where needed, and only up to the limit.
        let is_credit =
            holds_credit_line && parallax_text::words(para.span.slice(text)).take(17).count() <= 16;
        if is_credit {
            para.role = ParagraphRole::Credit;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credits(text: &str) -> Vec<(AttributionKind, String, Option<String>)> {
        super::credits(text)
            .into_iter()
            .map(|a| (a.kind, a.span.slice(text).to_string(), a.agency))
            .collect()
    }

    #[test]
    fn the_agency_list_is_well_formed() {
        let data_lines = AGENCIES_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        let list = agencies();
        assert_eq!(list.len(), data_lines, "a line without four columns");
        let mut keys: Vec<&str> = list.iter().map(|a| a.key.as_str()).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate keys");
        for a in list {
            assert!(
                ["wire", "state", "release"].contains(&a.kind.as_str()),
                "{a:?}"
            );
            assert_eq!(a.country.len(), 2, "{a:?}");
            assert!(a.names.iter().all(|n| !n.trim().is_empty()), "{a:?}");
        }
        // Names shared by two agencies would make the key depend on list order.
        let mut names: Vec<String> = list
            .iter()
            .flat_map(|a| {
                // One agency may list a name in two cases ("dpa", "DPA").
                let mut own: Vec<String> = a.names.iter().map(|n| n.to_lowercase()).collect();
                own.sort_unstable();
                own.dedup();
                own
            })
            .collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n, "a name listed under two agencies");
    }

    #[test]
    fn datelines_of_agencies_across_the_list() {
        for (line, key) in [
            ("DHAKA (BSS) - The cabinet met.", "BSS"),
            (
                "TAIPEI (Central News Agency) - The cabinet met.",
                "CNA-Taiwan",
            ),
            ("PYONGYANG (KCNA) - The cabinet met.", "KCNA"),
            ("ZAGREB (HINA) - The cabinet met.", "HINA"),
        ] {
            let c = credits(line);
            assert_eq!(c.len(), 1, "{line}: {c:?}");
            assert_eq!(c[0].0, AttributionKind::Dateline, "{line}");
            assert_eq!(c[0].2.as_deref(), Some(key), "{line}");
        }
    }

    #[test]
    fn source_line_names_a_state_agency() {
        let c = credits("The leader spoke.\n\nSource: Islamic Republic News Agency\n");
        assert_eq!(
            c,
            [(
                AttributionKind::SourceLine,
                "Islamic Republic News Agency".into(),
                Some("IRNA".into())
            )]
        );
    }

    #[test]
    fn datelines_parentheses_and_running_text() {
        let text = "WASHINGTON (AP) — The senate voted.\n\nBEIRUT, April 6 (Reuters) - Shelling resumed.\n\nThe toll rose, according to the Syrian Arab News Agency. (AFP)";
        let c = credits(text);
        assert_eq!(
            c[0],
            (AttributionKind::Dateline, "AP".into(), Some("AP".into()))
        );
        assert_eq!(
            c[1],
            (
                AttributionKind::Dateline,
                "Reuters".into(),
                Some("Reuters".into())
            )
        );
        assert_eq!(
            c[2],
            (
                AttributionKind::Reported,
                "Syrian Arab News Agency".into(),
                Some("SANA".into())
            )
        );
        assert_eq!(
            c[3],
            (
                AttributionKind::Parenthetical,
                "AFP".into(),
                Some("AFP".into())
            )
        );
    }

    #[test]
    fn short_acronyms_need_a_credit_position() {
        assert!(credits("He studied the AP course and read a MAP of the area.").is_empty());
        let c = credits("The story ends here.\n\nBy The Associated Press");
        assert_eq!(c[0].2.as_deref(), Some("AP"));
    }

    #[test]
    fn names_stand_as_words_of_their_own_script() {
        // A name in another alphabet, after a space.
        let c = credits("The cabinet met, according to Česká tisková kancelář.");
        assert_eq!(c[0].2.as_deref(), Some("CTK"), "{c:?}");
        let names = |text: &str| -> Vec<String> {
            let found = PATTERNS.finder.scan(text);
            found
                .names
                .iter()
                .map(|s| s.slice(text).to_string())
                .collect()
        };
        // A Latin name against Japanese text.
        assert_eq!(names("【6月18日 AFP】選挙。(AFP通信)"), ["AFP", "AFP"]);
        // Inside a longer word of its own script it is not a name; the longest name wins.
        assert!(names("CAPS, APx, xAFP, Českáx").is_empty());
        assert_eq!(names("the Associated Press."), ["Associated Press"]);
    }

    #[test]
    fn a_known_name_inside_a_credited_phrase_names_the_agency() {
        let c = credits("The leader spoke.\n\nSource: IRNA/Tehran Times\n");
        assert_eq!(c[0].0, AttributionKind::SourceLine);
        assert_eq!(c[0].2.as_deref(), Some("IRNA"), "{c:?}");
        // Not a name glued into a longer word.
        let c = credits("The leader spoke.\n\nSource: IRNAX Weekly\n");
        assert_eq!(c[0].2, None, "{c:?}");
    }

    #[test]
    fn hat_tip_to_a_publisher() {
        let c = credits("Trump said so (h/t: The Hill).");
        assert_eq!(c[0].0, AttributionKind::HatTip);
        assert_eq!(c[0].1, "The Hill");
        assert_eq!(c[0].2, None);
    }
}
