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
    any_name: Regex,
    source_line: Regex,
    dateline: Regex,
    parenthetical: Regex,
    reported: Regex,
    byline: Regex,
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
    let running = alternation(
        list.iter()
            .flat_map(|a| a.names.iter())
            .filter(|n| !is_short_acronym(n)),
    );
    let by_name = list
        .iter()
        .flat_map(|a| {
            a.names
                .iter()
                .map(move |n| (n.to_lowercase(), a.key.clone()))
        })
        .collect();
    let re = |s: String| Regex::new(&s).expect("attribution pattern");
    Patterns {
        by_name,
        any_name: re(format!(r"(?-u:\b)(?:{all})(?-u:\b)")),
        source_line: re(
            r"(?m)^[ \t]*(?:Sources?|Source\(s\)|Credit|Kaynak|Fuente|Quelle|Fonte)[ \t]*[:：\-–—][ \t]*(?P<name>[^\n]{2,100}?)[ \t.]*$".into(),
        ),
        dateline: re(format!(
            r"(?m)^[ \t]*[\p{{Lu}}][\p{{Lu}}\p{{L}} .'’-]{{1,40}}(?:,[^()\n]{{1,40}})?[ \t]*\((?P<name>{all})\)[ \t]*[-–—:]"
        )),
        parenthetical: re(format!(r"\((?P<name>{all})\)")),
        reported: re(format!(
            r"(?-u:\b)(?:[Aa]ccording to|[Tt]old|[Qq]uoted by|[Cc]ited by|[Rr]eported by)[ \t]+(?:the[ \t]+)?(?P<name>{running})(?-u:\b)|(?-u:\b)(?P<name2>{running})[ \t]+(?:news agency[ \t]+)?(?:reported|said|quoted|cited)(?-u:\b)"
        )),
        byline: re(format!(
            r"(?m)^[ \t]*(?:(?:By|BY)[ \t]+(?:[^\n,]{{1,60}},[ \t]*)?|(?:Copyright|©|\(c\))[ \t]*(?:\d{{4}}[ \t]+)?|[-–—][ \t]*)?(?:[Tt]he[ \t]+)?(?P<name>{all})[ \t.]*$"
        )),
        hat_tip: re(r"(?i)(?-u:\b)(?:h/t|hat tip)(?-u:\b)[ \t]*[:\-–—]?[ \t]*(?:to[ \t]+)?(?P<name>[^\n.;,()]{2,60})".into()),
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

/// Every credit in `text`, in text order, without duplicates.
pub(super) fn find(text: &str) -> Vec<Attribution> {
    let p = &*PATTERNS;
    let mut out: Vec<Attribution> = Vec::new();
    let mut push = |m: regex::Match<'_>, phrase: regex::Match<'_>, kind, agency: Option<String>| {
        // Trailing spaces are not part of a name.
        let span = Span::new(m.start(), m.start() + m.as_str().trim_end().len());
        if out
            .iter()
            .any(|a| a.span.start < span.end && span.start < a.span.end)
        {
            return;
        }
        out.push(Attribution {
            span,
            phrase: Span::new(
                phrase.start(),
                phrase.start() + phrase.as_str().trim_end().len(),
            ),
            kind,
            agency,
        });
    };
    for c in p.source_line.captures_iter(text) {
        let name = c.name("name").unwrap();
        push(
            name,
            c.get(0).unwrap(),
            AttributionKind::SourceLine,
            agency_of(name.as_str()),
        );
    }
    for c in p.dateline.captures_iter(text) {
        let name = c.name("name").unwrap();
        push(
            name,
            c.get(0).unwrap(),
            AttributionKind::Dateline,
            agency_of(name.as_str()),
        );
    }
    for c in p.byline.captures_iter(text) {
        let name = c.name("name").unwrap();
        push(
            name,
            c.get(0).unwrap(),
            AttributionKind::Byline,
            agency_of(name.as_str()),
        );
    }
    for c in p.parenthetical.captures_iter(text) {
        let name = c.name("name").unwrap();
        // "(AP Photo/…)" credits a photo, not the text; the pattern requires ")" right after.
        push(
            name,
            c.get(0).unwrap(),
            AttributionKind::Parenthetical,
            agency_of(name.as_str()),
        );
    }
    for c in p.reported.captures_iter(text) {
        let name = c.name("name").or_else(|| c.name("name2")).unwrap();
        push(
            name,
            c.get(0).unwrap(),
            AttributionKind::Reported,
            agency_of(name.as_str()),
        );
    }
    for c in p.hat_tip.captures_iter(text) {
        let name = c.name("name").unwrap();
        push(
            name,
            c.get(0).unwrap(),
            AttributionKind::HatTip,
            agency_of(name.as_str()),
        );
    }
    out.sort_by_key(|a| a.span);
    out
}

/// A paragraph that is nothing but a credit ("Source: IRNA", "— Reuters") is evidence, not
/// content: mark it [`ParagraphRole::Credit`].
pub(super) fn mark_credit_paragraphs(
    text: &str,
    credits: &[Attribution],
    paragraphs: &mut [Paragraph],
) {
    for para in paragraphs.iter_mut() {
        let words = parallax_text::words(para.span.slice(text)).count();
        let is_credit = credits.iter().any(|a| {
            matches!(
                a.kind,
                AttributionKind::SourceLine | AttributionKind::Byline
            ) && a.phrase.start >= para.span.start
                && a.phrase.end <= para.span.end
                && words <= 16
        });
        if is_credit {
            para.role = ParagraphRole::Credit;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credits(text: &str) -> Vec<(AttributionKind, String, Option<String>)> {
        find(text)
            .into_iter()
            .map(|a| (a.kind, a.span.slice(text).to_string(), a.agency))
            .collect()
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
