//! Speakers: what a pronoun or a description stands for inside one article, and which name
//! variants are one person across a story.
//!
//! Rules, not lists of people: a name is compared by its last word once honorifics and titles
//! are stripped ("Ayatollah Seyyed Ali Khamenei" and "Imam Khamenei" are both "khamenei"); a
//! pronoun stands for the speaker named last; a description ("the Imam", "the Supreme Leader")
//! stands for the name it is written with elsewhere — as a title before the name ("Imam
//! Khamenei") or as an apposition ("the Supreme Leader of the Islamic Revolution Ayatollah
//! Khamenei").

use parallax_text::{words, Span};

use crate::cues::{self, is_in};
use crate::extract::Quote;

/// Small words that join the capitalised words of one mention ("Leader of the Islamic
/// Revolution", "Osama bin Laden").
const CONNECTORS: &[&str] = &[
    "of", "the", "bin", "al", "de", "van", "von", "la", "le", "da", "ibn",
];

/// Words that never name a person even when capitalised at a sentence start.
const NOT_NAMES: &[&str] = &[
    "the", "a", "an", "he", "she", "they", "it", "we", "i", "this", "that", "his", "her", "their",
    "its", "in", "on", "at", "but", "and", "after", "when", "while", "our", "one",
];

/// A run of capitalised words in a text, split into title words and the personal name.
#[derive(Debug, Clone)]
pub struct Mention {
    /// The whole run ("Supreme Leader of the Islamic Revolution Ayatollah Khamenei").
    pub span: Span,
    /// The personal name at its end ("Khamenei"; "Ismail Haniyeh").
    pub name: Span,
    /// Lower-cased words before the name (titles, roles, organisations).
    pub prefix: Vec<String>,
    /// True when the run carries a title word or has two name words: likely a person.
    pub personal: bool,
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Lower-cased word without a trailing possessive.
fn plain(w: &str) -> String {
    w.to_lowercase()
}

/// The mentions of capitalised names in `text`.
pub fn mentions(text: &str) -> Vec<Mention> {
    let ws: Vec<Span> = words(text).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if !capitalised(ws[i].slice(text)) || is_in(NOT_NAMES, &plain(ws[i].slice(text))) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < ws.len() {
            let gap = &text[ws[j].end..ws[j + 1].start];
            if !gap.chars().all(|c| c == ' ' || c == '.' || c == '-') || gap.contains(". ") {
                break;
            }
            let next = ws[j + 1].slice(text);
            // A capitalised word, or a connector with a capitalised word soon after it.
            let joins = capitalised(next)
                || is_in(CONNECTORS, &plain(next))
                    && (j + 2..ws.len().min(j + 4)).any(|k| capitalised(ws[k].slice(text)));
            if !joins {
                break;
            }
            j += 1;
        }
        // Trim connectors at the end.
        while j > i && is_in(CONNECTORS, &plain(ws[j].slice(text))) {
            j -= 1;
        }
        // The name: the words after the last title or connector.
        let mut n = j;
        while n > i {
            let w = plain(ws[n - 1].slice(text));
            if is_in(cues::TITLES, &w)
                || is_in(CONNECTORS, &w) && !matches!(w.as_str(), "bin" | "al" | "ibn")
            {
                break;
            }
            n -= 1;
        }
        // A run made only of titles ("the Supreme Leader") has no name, nor has a title
        // with an organisation after "of" ("Leader of the Islamic Revolution").
        let name_words: Vec<String> = (n..=j).map(|k| plain(ws[k].slice(text))).collect();
        let after_connector = n > i && is_in(CONNECTORS, &plain(ws[n - 1].slice(text)));
        if after_connector || name_words.iter().all(|w| is_in(cues::TITLES, w)) {
            i = j + 1;
            continue;
        }
        let prefix: Vec<String> = (i..n).map(|k| plain(ws[k].slice(text))).collect();
        let personal = prefix.iter().any(|w| is_in(cues::TITLES, w)) || j > n;
        out.push(Mention {
            span: Span::new(ws[i].start, ws[j].end),
            name: Span::new(ws[n].start, ws[j].end),
            prefix,
            personal,
        });
        i = j + 1;
    }
    out
}

/// The key two renderings of one person's name share: the last name word, lower-cased, once
/// titles are stripped. `None` for pronouns and descriptions with no name in them.
pub fn name_key(name: &str) -> Option<String> {
    let ws: Vec<String> = words(name)
        .map(|w| plain(w.slice(name)))
        .filter(|w| w != "s")
        .collect();
    let has_capital = words(name).any(|w| {
        capitalised(w.slice(name))
            && !is_in(cues::TITLES, &plain(w.slice(name)))
            && !is_in(NOT_NAMES, &plain(w.slice(name)))
    });
    if !has_capital {
        return None;
    }
    ws.into_iter()
        .rev()
        .find(|w| !is_in(cues::TITLES, w) && !is_in(CONNECTORS, w))
}

/// Content words of a description ("the Supreme Leader" → supreme, leader).
pub(crate) fn description_words(desc: &str) -> Vec<String> {
    words(desc)
        .map(|w| plain(w.slice(desc)))
        .filter(|w| !is_in(CONNECTORS, w) && !is_in(NOT_NAMES, w) && w.len() > 1)
        .collect()
}

/// Fills each quote's `resolved` name span: a name stands for itself; a pronoun for the
/// speaker resolved last before it; a description for the mention whose titles share the most
/// of its words, nearest first.
pub(crate) fn resolve_in_article(text: &str, quotes: &mut [Quote]) {
    let ms = mentions(text);
    let mut last: Option<Span> = None;
    for q in quotes.iter_mut() {
        let Some(sp) = q.speaker else { continue };
        let written = sp.slice(text);
        let in_speaker: Vec<&Mention> = ms
            .iter()
            .filter(|m| m.name.start >= sp.start && m.name.end <= sp.end)
            .collect();
        let resolved = if let Some(m) = in_speaker.last() {
            Some(m.name)
        } else if words(written).count() == 1 && is_in(cues::PRONOUNS, &plain(written)) {
            last.or_else(|| nearest_personal_before(&ms, sp.start))
        } else {
            by_description(&ms, &description_words(written), sp.start)
        };
        q.resolved = resolved;
        if resolved.is_some() {
            last = resolved;
        }
    }
}

fn nearest_personal_before(ms: &[Mention], at: usize) -> Option<Span> {
    ms.iter()
        .rev()
        .find(|m| m.personal && m.span.end <= at)
        .map(|m| m.name)
}

/// The personal mention whose title words share the most with `desc`, preferring the nearest
/// one before `at`, then the nearest after.
pub(crate) fn by_description(ms: &[Mention], desc: &[String], at: usize) -> Option<Span> {
    if desc.is_empty() {
        return None;
    }
    let score = |m: &Mention| desc.iter().filter(|w| m.prefix.contains(w)).count();
    let best = ms.iter().filter(|m| m.personal).map(score).max()?;
    if best == 0 {
        return None;
    }
    let dist = |m: &Mention| {
        if m.span.end <= at {
            at - m.span.end
        } else {
            (m.span.start - at) * 4
        }
    };
    ms.iter()
        .filter(|m| m.personal && score(m) == best)
        .min_by_key(|m| dist(m))
        .map(|m| m.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract;

    #[test]
    fn name_variants_share_a_key() {
        for n in [
            "Ayatollah Khamenei",
            "Ayatollah Seyyed Ali Khamenei",
            "Imam Khamenei",
            "Khamenei's",
        ] {
            assert_eq!(name_key(n).as_deref(), Some("khamenei"), "{n}");
        }
        assert_eq!(name_key("Sen. Elizabeth Warren").as_deref(), Some("warren"));
        assert_eq!(name_key("the leader"), None);
        assert_eq!(name_key("he"), None);
    }

    #[test]
    fn mentions_split_titles_from_names() {
        let t = "a letter to the Supreme Leader of the Islamic Revolution Ayatollah Ruhollah Borzoo today";
        let ms = mentions(t);
        let m = ms.iter().find(|m| m.personal).expect("a personal mention");
        assert_eq!(m.name.slice(t), "Ruhollah Borzoo");
        assert!(m.prefix.contains(&"supreme".to_string()));
    }

    #[test]
    fn pronoun_and_description_resolve_to_a_named_person() {
        let t = "Mayor Ada Quill opened the bridge on Monday. \
                 She said the crossing would cut travel times by half. \
                 The new route will serve farms as well, the mayor said.";
        let qs = extract(t);
        assert_eq!(qs.len(), 2, "{qs:?}");
        for q in &qs {
            assert_eq!(q.resolved.map(|s| s.slice(t)), Some("Ada Quill"), "{q:?}");
        }
        assert_eq!(qs[0].speaker.map(|s| s.slice(t)), Some("She"));
    }
}
