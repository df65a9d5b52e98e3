//! Explicit credits in the text: "Source: Islamic Republic News Agency", "WASHINGTON (AP) —",
//! "according to Reuters", "By The Associated Press", "h/t: The Hill".
//!
//! Agencies come from `data/agencies.tsv`, a documented list kept in the repository. Short
//! acronyms ("AP", "AA") are trusted only in credit positions; in running text only full names
//! and longer acronyms count, so "a map" or "an AP course" do not become credits.

use std::collections::HashMap;
use std::sync::LazyLock;

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
    /// Every known name, as one literal alternation: a single fast scan finds candidates, and
    /// their surroundings decide what kind of credit each one is.
    any_name: Regex,
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

fn alternation<'a>(names: impl Iterator<Item = &'a String>) -> String {
    let mut v: Vec<&String> = names.collect();
    v.sort_by_key(|n| std::cmp::Reverse(n.len()));
    v.dedup();
    v.iter()
        .map(|n| regex::escape(n))
        .collect::<Vec<_>>()
        .join("|")
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let list = agencies();
    let all = alternation(list.iter().flat_map(|a| a.names.iter()));
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
        // ASCII word boundaries: Unicode ones would force the slow regex engine over every text.
        any_name: re(&format!(r"(?-u:\b)(?:{all})(?-u:\b)")),
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
    p.any_name
        .find(name)
        .and_then(|m| p.by_name.get(&m.as_str().to_lowercase()).cloned())
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
    // The line patterns have no literal prefix for the regex engine to skip ahead with, so
    // look for their keywords first.
    let may_have_source_line = ["Source", "Credit", "Kaynak", "Fuente", "Quelle", "Fonte"]
        .iter()
        .any(|k| text.contains(k));
    for c in p
        .source_line
        .captures_iter(if may_have_source_line { text } else { "" })
    {
        let name = c.name("name").unwrap();
        push(
            m_span(name),
            m_span(c.get(0).unwrap()),
            AttributionKind::SourceLine,
            agency_of(name.as_str()),
        );
    }
    for m in p.any_name.find_iter(text) {
        let name = m.as_str();
        let agency = agency_of(name);
        let line_start = text[..m.start()].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[m.end()..]
            .find('\n')
            .map_or(text.len(), |i| m.end() + i);
        let before = &text[line_start..m.start()];
        let after = &text[m.end()..line_end];
        if let (Some(b), Some(a)) = (before.strip_suffix('('), after.strip_prefix(')')) {
            let a_trim = a.trim_start_matches([' ', '\t']);
            let is_dateline =
                p.dateline_prefix.is_match(b) && a_trim.starts_with(['-', '–', '—', ':']);
            let dash_len = a_trim.chars().next().map_or(0, char::len_utf8);
            let phrase = if is_dateline {
                Span::new(
                    line_start,
                    m.end() + 1 + (a.len() - a_trim.len()) + dash_len,
                )
            } else {
                Span::new(m.start() - 1, m.end() + 1)
            };
            let kind = if is_dateline {
                AttributionKind::Dateline
            } else {
                AttributionKind::Parenthetical
            };
            push(m_span(m), phrase, kind, agency);
            continue;
        }
        if after.trim_end_matches([' ', '\t', '.']).is_empty() && p.byline_line.is_match(before) {
            push(
                m_span(m),
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
                m_span(m),
                Span::new(start, m.end()),
                AttributionKind::Reported,
                agency,
            );
        } else if let Some(cue) = p.reported_after.find(after) {
            push(
                m_span(m),
                Span::new(m.start(), m.end() + cue.end()),
                AttributionKind::Reported,
                agency,
            );
        }
    }
    let lower_has = |k: &str| text.contains(k) || text.contains(&k.to_uppercase());
    let may_have_hat_tip = lower_has("h/t") || lower_has("hat tip") || text.contains("Hat tip");
    for c in p
        .hat_tip
        .captures_iter(if may_have_hat_tip { text } else { "" })
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
    fn hat_tip_to_a_publisher() {
        let c = credits("Trump said so (h/t: The Hill).");
        assert_eq!(c[0].0, AttributionKind::HatTip);
        assert_eq!(c[0].1, "The Hill");
        assert_eq!(c[0].2, None);
    }
}
