//! Quotes read from a model's word-piece tags: content spans, sources and cues, linked into
//! attributions.
//!
//! A tagger (for Parallax, `parallax-encoder`'s attribution tagger) marks each word piece
//! twice: whether it is content (what was said) and whether it is a source (who) or a cue (the
//! reporting verb). Here the runs of tags become spans and each content span is linked to the
//! nearest cue outside it in its paragraph, and through the cue to the nearest source. Two
//! content spans with one cue between them (`“A,” she said, “B.”`) are one quote in two
//! fragments. Quotations in quotation marks are where the hand-written rules of
//! [`crate::extract`] are strongest, so theirs replace the tagger's there.
//!
//! The PolNeAR dev figures in the comments below were measured with the tagger's first head
//! (2 epochs); the decoding was not re-tuned for the shipped one (4 epochs).

use parallax_text::Span;

use crate::marks::is_double_mark;
use crate::{Quote, QuoteKind};

/// One word piece of an article with a tagger's probabilities.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedPiece {
    /// The piece's bytes in the article.
    pub span: Span,
    /// P(outside), P(first piece of content or of a content fragment), P(inside content).
    pub content: [f32; 3],
    /// P(outside), P(first piece of a source), P(inside a source), P(first piece of a cue),
    /// P(inside a cue).
    pub role: [f32; 5],
}

/// A model that tags an article's word pieces as content, source and cue.
pub trait PieceTagger {
    /// The tagged pieces of `text` in text order, or `None` when the model failed (the caller
    /// falls back to the rules of [`crate::extract`]).
    fn tag(&self, text: &str) -> Option<Vec<TaggedPiece>>;
}

/// Farthest a cue may be from its content, and a source from its cue, in bytes.
const MAX_LINK_GAP: usize = 400;
/// Content runs this few bytes apart, with no source or cue tagged between them and no
/// paragraph break, are one content: the tagger drops a piece or restarts a span mid-clause
/// more often than two attributions abut (on PolNeAR dev, joining them took quote F1 from 0.709
/// to 0.718 at 3 bytes, 0.736 at 12 with the next rule).
const MAX_CONTENT_GAP: usize = 12;
/// A quote whose content is shorter than this (in bytes, fragments together) is a stray tag more often than a
/// quote: on PolNeAR dev (before the rules' quotations replaced the tagger's), 8 bytes gave
/// quote precision 0.71, 20 bytes 0.78, 40 bytes 0.82 at a recall of 0.73, 0.69 and 0.61.
const MIN_CONTENT_BYTES: usize = 20;

/// The quotes of `text` as the tagger reads it, with the rules' quotes in quotation marks
/// taking the place of the tagger's where they overlap, in order of content start, with
/// in-article speakers resolved; the rules of [`crate::extract`] alone when there is no tagger
/// or it fails.
pub fn extract_with(text: &str, tagger: Option<&dyn PieceTagger>) -> Vec<Quote> {
    match tagger.and_then(|t| t.tag(text)) {
        Some(pieces) => {
            let mut quotes = decode(text, &pieces);
            prefer_quoted_rules(text, &mut quotes);
            crate::speaker::resolve_in_article(text, &mut quotes);
            quotes
        }
        None => crate::extract(text),
    }
}

/// Quotation marks are where the rules are strongest: each direct or mixed quote the rules
/// find replaces the tagger's quotes that overlap it (on PolNeAR dev, direct and mixed quote F1
/// went from 0.859 to 0.897 and all quotes from 0.738 to 0.746; replacing only direct quotes
/// gave 0.745, adding the rules' quotes only where the tagger had none 0.733).
fn prefer_quoted_rules(text: &str, quotes: &mut Vec<Quote>) {
    for r in crate::extract(text) {
        if r.kind == QuoteKind::Indirect {
            continue;
        }
        quotes.retain(|q| q.content.start >= r.content.end || r.content.start >= q.content.end);
        quotes.push(r);
    }
    quotes.sort_by_key(|q| (q.content.start, q.content.end));
}

/// What a run of pieces was tagged.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Source,
    Cue,
}

/// Runs of tagged pieces: a "first" tag or a change of kind starts a new span.
fn runs<K: Copy + PartialEq>(
    pieces: &[TaggedPiece],
    tag: impl Fn(&TaggedPiece) -> Option<(K, bool)>,
) -> Vec<(K, Span)> {
    let mut out: Vec<(K, Span)> = Vec::new();
    let mut open = false;
    for p in pieces {
        match tag(p) {
            Some((kind, first)) => {
                let extend = open && !first && out.last().is_some_and(|(k, _)| *k == kind);
                if extend {
                    if let Some((_, s)) = out.last_mut() {
                        s.end = p.span.end;
                    }
                } else {
                    out.push((kind, p.span));
                }
                open = true;
            }
            None => open = false,
        }
    }
    out
}

fn argmax(p: &[f32]) -> usize {
    p.iter()
        .enumerate()
        .fold((0, f32::NEG_INFINITY), |best, (i, &x)| {
            if x > best.1 {
                (i, x)
            } else {
                best
            }
        })
        .0
}

/// Bytes between two spans (0 when they touch or overlap).
fn gap(a: Span, b: Span) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

fn inside(inner: Span, outer: Span) -> bool {
    inner.start >= outer.start && inner.end <= outer.end
}

/// Whether `run` ends with a sentence's last mark (before any closing quotation marks).
fn ends_sentence(run: &str) -> bool {
    run.trim_end()
        .trim_end_matches(crate::marks::is_mark)
        .ends_with(['.', '?', '!'])
}

/// Whether a paragraph break lies between two spans.
fn across_paragraphs(text: &str, a: Span, b: Span) -> bool {
    let (lo, hi) = if a.end <= b.start {
        (a.end, b.start)
    } else {
        (b.end, a.start)
    };
    lo < hi && text.get(lo..hi).is_some_and(|t| t.contains("\n\n"))
}

/// The nearest span of `spans` to `to`, outside `not_in`, in its paragraph, within
/// [`MAX_LINK_GAP`].
fn nearest(text: &str, spans: &[Span], to: Span, not_in: Span) -> Option<Span> {
    spans
        .iter()
        .copied()
        .filter(|&s| !inside(s, not_in) && gap(s, to) <= MAX_LINK_GAP)
        .filter(|&s| !across_paragraphs(text, s, to))
        .min_by_key(|&s| gap(s, to))
}

/// Links the tags of `pieces` into quotes (speakers not yet resolved).
fn decode(text: &str, pieces: &[TaggedPiece]) -> Vec<Quote> {
    let raw: Vec<Span> = runs(pieces, |p| {
        if p.content[1] + p.content[2] >= 0.5 {
            Some(((), p.content[1] > p.content[2]))
        } else {
            None
        }
    })
    .into_iter()
    .map(|(_, s)| s)
    .collect();
    let roles = runs(pieces, |p| match argmax(&p.role) {
        1 => Some((Role::Source, true)),
        2 => Some((Role::Source, false)),
        3 => Some((Role::Cue, true)),
        4 => Some((Role::Cue, false)),
        _ => None,
    });
    let of = |r: Role| -> Vec<Span> {
        roles
            .iter()
            .filter(|(k, _)| *k == r)
            .map(|(_, s)| *s)
            .collect()
    };
    let (sources, cues) = (of(Role::Source), of(Role::Cue));
    let mut contents: Vec<Span> = Vec::new();
    for c in raw {
        if let Some(last) = contents.last_mut() {
            let between = Span::new(last.end, c.start.max(last.end));
            let role_between = roles
                .iter()
                .any(|(_, r)| r.start < between.end && r.end > between.start);
            if c.start.saturating_sub(last.end) <= MAX_CONTENT_GAP
                && !role_between
                && !ends_sentence(last.slice(text))
                && !across_paragraphs(text, *last, c)
            {
                last.end = c.end;
                continue;
            }
        }
        contents.push(c);
    }
    let mut out: Vec<Quote> = Vec::new();
    for c in contents {
        let cue = nearest(text, &cues, c, c);
        let speaker = nearest(text, &sources, cue.unwrap_or(c), c);
        // “A,” she said, “B.”: the previous content, the same cue between the two.
        if let Some(prev) = out.last_mut() {
            let between = |s: Option<Span>| {
                s.is_some_and(|s| s.start >= prev.content.end && s.end <= c.start)
            };
            if cue.is_some()
                && prev.cue == cue
                && between(cue)
                && !across_paragraphs(text, prev.content, c)
            {
                if prev.fragments.is_empty() {
                    prev.fragments.push(prev.content);
                }
                prev.fragments.push(c);
                prev.content.end = c.end;
                prev.kind = kind(text, &prev.fragments);
                continue;
            }
        }
        out.push(Quote {
            content: c,
            fragments: Vec::new(),
            cue,
            speaker,
            resolved: None,
            kind: kind(text, &[c]),
        });
    }
    out.retain(|q| q.pieces().iter().map(Span::len).sum::<usize>() >= MIN_CONTENT_BYTES);
    out
}

/// Direct when the content is quotation marks around it all, mixed when it holds a quotation
/// mark, otherwise indirect.
fn kind(text: &str, pieces: &[Span]) -> QuoteKind {
    let quoted = |s: &Span| {
        let t = s.slice(text).trim();
        let (first, last) = (t.chars().next(), t.chars().last());
        t.chars().count() >= 2
            && first.is_some_and(is_double_mark)
            && last.is_some_and(is_double_mark)
    };
    if pieces.iter().all(quoted) {
        QuoteKind::Direct
    } else if pieces
        .iter()
        .any(|s| s.slice(text).chars().any(is_double_mark))
    {
        QuoteKind::Mixed
    } else {
        QuoteKind::Indirect
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tagger that reads its tags from the test: each word of the text is a piece; words
    /// inside a `content`, `source` or `cue` substring get those tags (a new span begins at
    /// each substring's first word).
    struct Fake<'a> {
        content: Vec<&'a str>,
        source: Vec<&'a str>,
        cue: Vec<&'a str>,
    }

    fn ranges(text: &str, parts: &[&str]) -> Vec<Span> {
        parts
            .iter()
            .map(|p| {
                let at = text
                    .find(p)
                    .unwrap_or_else(|| panic!("{p:?} not in {text:?}"));
                Span::new(at, at + p.len())
            })
            .collect()
    }

    fn one_hot<const N: usize>(i: usize) -> [f32; N] {
        let mut a = [0.05; N];
        a[i] = 0.9;
        a
    }

    impl PieceTagger for Fake<'_> {
        fn tag(&self, text: &str) -> Option<Vec<TaggedPiece>> {
            let (c, s, q) = (
                ranges(text, &self.content),
                ranges(text, &self.source),
                ranges(text, &self.cue),
            );
            let tag = |spans: &[Span], w: Span| {
                spans
                    .iter()
                    .find(|r| w.start >= r.start && w.end <= r.end)
                    .map(|r| r.start == w.start)
            };
            Some(
                text.split_ascii_whitespace()
                    .map(|w| {
                        let at = w.as_ptr() as usize - text.as_ptr() as usize;
                        let span = Span::new(at, at + w.len());
                        let content = match tag(&c, span) {
                            Some(true) => one_hot(1),
                            Some(false) => one_hot(2),
                            None => one_hot(0),
                        };
                        // A cue inside a source substring wins.
                        let role = match (tag(&q, span), tag(&s, span)) {
                            (Some(first), _) => one_hot(if first { 3 } else { 4 }),
                            (None, Some(first)) => one_hot(if first { 1 } else { 2 }),
                            _ => one_hot(0),
                        };
                        TaggedPiece {
                            span,
                            content,
                            role,
                        }
                    })
                    .collect(),
            )
        }
    }

    #[test]
    fn an_interrupted_quote_is_one_quote_in_two_fragments_with_its_cue_and_speaker() {
        let t = "Mayor Ada Quill opened the bridge. “It is late,” Quill said, “but it is here.” \
                 The council will vote on tolls next month.";
        let fake = Fake {
            content: vec!["“It is late,”", "“but it is here.”"],
            source: vec!["Quill said"],
            cue: vec!["said,"],
        };
        // The tags alone (the rules' quote in quotation marks would take its place in
        // `extract_with`, see the next test).
        let qs = decode(t, &fake.tag(t).unwrap());
        assert_eq!(qs.len(), 1, "{qs:?}");
        let q = &qs[0];
        let pieces: Vec<&str> = q.pieces().iter().map(|p| p.slice(t)).collect();
        assert_eq!(pieces, ["“It is late,”", "“but it is here.”"]);
        assert_eq!(q.cue.map(|s| s.slice(t)), Some("said,"));
        assert_eq!(q.kind, QuoteKind::Direct);
        assert_eq!(q.speaker.map(|s| s.slice(t)), Some("Quill"));
    }

    /// Runs a few bytes apart are one content unless a sentence ends between them; a stray
    /// run shorter than [`MIN_CONTENT_BYTES`] is no quote.
    #[test]
    fn close_runs_join_within_a_sentence_and_stray_short_runs_drop() {
        let t = "Officials said the bridge — which opened in May — would close for repairs. \
                 Traffic will be diverted for a month.\n\nResidents were angry.";
        let fake = Fake {
            content: vec![
                "the bridge",
                "which opened in May",
                "would close for repairs.",
                "Traffic will be diverted for a month.",
                "angry.",
            ],
            source: vec!["Officials"],
            cue: vec!["said"],
        };
        let qs = decode(t, &fake.tag(t).unwrap());
        let got: Vec<(&str, Option<&str>)> = qs
            .iter()
            .map(|q| (q.content.slice(t), q.speaker.map(|s| s.slice(t))))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "the bridge — which opened in May — would close for repairs.",
                    Some("Officials")
                ),
                ("Traffic will be diverted for a month.", Some("Officials")),
            ]
        );
    }

    #[test]
    fn the_rules_quotes_in_quotation_marks_replace_the_tags_that_overlap_them() {
        let t = "Mayor Ada Quill said the levy would hurt farms. \
                 “We have waited long enough for this,” Quill told reporters at the quay.";
        // The tagger cuts the quotation short and finds the indirect quote.
        let fake = Fake {
            content: vec!["the levy would hurt farms.", "“We have waited long"],
            source: vec!["Mayor Ada Quill", "Quill told"],
            cue: vec!["said", "told"],
        };
        let qs = extract_with(t, Some(&fake));
        let got: Vec<(&str, QuoteKind)> = qs.iter().map(|q| (q.content.slice(t), q.kind)).collect();
        assert_eq!(
            got,
            [
                ("the levy would hurt farms.", QuoteKind::Indirect),
                ("“We have waited long enough for this,”", QuoteKind::Direct),
            ]
        );
        // Speakers resolved in the article, the tagger's as the rules' are.
        let resolved: Vec<Option<&str>> =
            qs.iter().map(|q| q.resolved.map(|s| s.slice(t))).collect();
        assert_eq!(resolved, [Some("Ada Quill"), Some("Quill")]);
    }

    #[test]
    fn a_cue_inside_a_content_belongs_to_the_nested_attribution_and_far_cues_are_not_linked() {
        let t = "The senator said that aides claimed the budget was final. \
                 \n\nLater the budget was cut by a third, records show.";
        let fake = Fake {
            content: vec![
                "that aides claimed the budget was final.",
                "the budget was final.",
                "Later the budget was cut by a third,",
            ],
            source: vec!["The senator", "aides"],
            cue: vec!["said", "claimed"],
        };
        let qs = extract_with(t, Some(&fake));
        let got: Vec<(&str, Option<&str>, Option<&str>)> = qs
            .iter()
            .map(|q| {
                (
                    q.content.slice(t),
                    q.cue.map(|s| s.slice(t)),
                    q.speaker.map(|s| s.slice(t)),
                )
            })
            .collect();
        // The outer content's pieces carry one run (the inner one is inside it), linked to
        // "said", not to the "claimed" inside it; the paragraph break keeps the last content
        // away from both cues.
        assert_eq!(
            got,
            [
                (
                    "that aides claimed the budget was final.",
                    Some("said"),
                    Some("The senator")
                ),
                ("Later the budget was cut by a third,", None, None),
            ]
        );
        assert_eq!(qs[1].kind, QuoteKind::Indirect);
    }

    /// Whatever the tags say, on odd text (marks, other scripts, paragraph breaks), every span
    /// slices the text and nothing panics.
    #[test]
    fn any_tags_give_spans_inside_the_text() {
        struct Random(std::cell::Cell<u64>);
        impl PieceTagger for Random {
            fn tag(&self, text: &str) -> Option<Vec<TaggedPiece>> {
                let next = || {
                    let x = self
                        .0
                        .get()
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1);
                    self.0.set(x);
                    (x >> 33) as usize
                };
                let mut out = Vec::new();
                for (i, c) in text.char_indices() {
                    let span = Span::new(i, i + c.len_utf8());
                    out.push(TaggedPiece {
                        span,
                        content: one_hot(next() % 3),
                        role: one_hot(next() % 5),
                    });
                }
                Some(out)
            }
        }
        let t =
            "“Ja,” sagte er. \"No\" — قال المتحدث «لا» „nein“ said she.\n\nAccording to 消息, x. ";
        let tagger = Random(std::cell::Cell::new(3));
        let mut found = 0;
        for _ in 0..200 {
            for q in extract_with(t, Some(&tagger)) {
                found += 1;
                for sp in q
                    .pieces()
                    .into_iter()
                    .chain(q.cue)
                    .chain(q.speaker)
                    .chain(q.resolved)
                {
                    assert!(t.get(sp.start..sp.end).is_some(), "{sp:?}");
                }
            }
        }
        assert!(found > 100, "{found} quotes");
        assert!(extract_with("", Some(&tagger)).is_empty());
    }

    #[test]
    fn without_tags_the_rules_extract() {
        struct Failing;
        impl PieceTagger for Failing {
            fn tag(&self, _: &str) -> Option<Vec<TaggedPiece>> {
                None
            }
        }
        let t = "Mayor Ada Quill said the bridge would open in May.";
        assert_eq!(extract_with(t, Some(&Failing)), crate::extract(t));
        assert_eq!(extract_with(t, None), crate::extract(t));
        assert!(!crate::extract(t).is_empty());
    }
}
