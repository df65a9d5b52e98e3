//! Cross-checking two extractors paragraph by paragraph. Readability (dom_smoothie) finds the
//! article container well but keeps what sits inside it (share bars, "read more" lists, author
//! boxes); trafilatura prunes such blocks but sometimes picks the wrong container. So:
//!
//! 1. The backbone is Readability's text when most of it (by words) is confirmed by
//!    trafilatura and it is not just a small block of trafilatura's, otherwise trafilatura's.
//! 2. A backbone paragraph is kept only if the other extractor also has it (most of its word
//!    3-grams appear there), unless that would drop most of the text: then the other extractor
//!    failed, and the backbone is kept whole.
//! 3. Trafilatura's paragraphs before the one where Readability's kept text starts (a lede or
//!    standfirst outside Readability's container) are put back, when they are under 30% of the
//!    text.
//! 4. Readability's paragraphs before its first kept one are put back when they read as a lede
//!    (long, ending as a sentence ends, no caption or credit), under the same 30% bound.
//! 5. A leading paragraph that repeats the headline (as either extractor or the page's meta
//!    tags give it) is dropped, with a short kicker or section name above it: the title is
//!    stored apart. So are short captions that end with a photo credit ("…/Getty").
//!
//! Words alone can mislead step 1: a long table or a wrapped tail may hold more words than the
//! article. So prose counts too (paragraphs of a dozen words or more ending as sentences end):
//! trafilatura is the backbone when it has an article's worth of prose and more of it comes
//! before Readability's text than Readability has at all, and the cross-check of step 2 must
//! also keep half of the backbone's prose.
//!
//! Measured with `parallax eval extraction` (see the README for the figures).

use std::collections::HashSet;

use parallax_text::KeySet;

use xxhash_rust::xxh3::xxh3_64;

/// Share of a paragraph's word 3-grams (or words, when short) that another text must contain.
const CONTAINED: f64 = 0.5;
/// Share of Readability's words trafilatura must confirm for Readability to be the backbone.
const BACKBONE_CONFIRMED: f64 = 0.8;
/// Share of trafilatura's words Readability must also have to be the backbone: a small part of a
/// much longer text is a block inside the article (a table, a fact box), not the article.
const TRAFILATURA_COVERED: f64 = 0.25;
/// If cross-checking would keep less than this share of the backbone, keep it whole.
const KEEP_AT_LEAST: f64 = 0.5;
/// Fewest words for Readability's unconfirmed leading paragraph to count as a lede. Shorter ones
/// are mostly standfirsts and captions, which the human-labelled pages leave out.
const LEDE_MIN_WORDS: usize = 30;
/// Trafilatura's unconfirmed leading paragraphs are kept up to this share of the text's words.
const LEAD_AT_MOST: f64 = 0.3;
/// Paragraphs above the headline that can be a kicker or section name, and their most words.
const KICKER_AT_MOST: usize = 2;
const KICKER_WORDS: usize = 4;
/// Most words of a caption that ends with a photo credit.
const CAPTION_MAX_WORDS: usize = 40;
/// Fewest words for a paragraph to count as prose ([`prose_words`]).
const PROSE_PARAGRAPH_WORDS: usize = 12;
/// Fewest prose words for a text's prose to weigh in the choice of backbone and in the
/// cross-check: below it, the prose is a caption or two, not the article.
const PROSE_MIN_WORDS: usize = 150;

/// One paragraph of an extractor's output, with what the containment tests read.
struct Para {
    text: String,
    /// Hashes of its lower-cased words, in order.
    words: Vec<u64>,
    /// Hashes of its word 3-grams.
    shingles: Vec<u64>,
    /// Its words if it reads as prose ([`prose_words`]), else 0.
    prose: usize,
}

impl Para {
    fn new(text: &str) -> Self {
        let words = word_hashes(text);
        Self {
            shingles: shingles_of(&words),
            prose: prose_words(text, words.len()),
            text: text.to_string(),
            words,
        }
    }

    fn word_count(&self) -> usize {
        self.words.len()
    }
}

fn lower_words(s: &str) -> Vec<String> {
    parallax_text::normalized_words(s).collect()
}

/// The hash of each lower-cased word of `text`, in order. Hashes rather than strings: the
/// containment tests only compare words, and a page has thousands.
fn word_hashes(text: &str) -> Vec<u64> {
    let mut lower = String::new();
    parallax_text::words(text)
        .map(|span| {
            let word = span.slice(text);
            if word.is_ascii() {
                // Most words: lower-cased in place of the char-by-char path, same bytes.
                if word.bytes().all(|b| !b.is_ascii_uppercase()) {
                    return xxh3_64(word.as_bytes());
                }
                lower.clear();
                lower.push_str(word);
                lower.make_ascii_lowercase();
            } else {
                lower.clear();
                lower.extend(word.chars().flat_map(char::to_lowercase));
            }
            xxh3_64(lower.as_bytes())
        })
        .collect()
}

/// The hash of each run of three words.
fn shingles_of(words: &[u64]) -> Vec<u64> {
    words
        .windows(3)
        .map(|w| {
            let mut bytes = [0u8; 24];
            for (chunk, word) in bytes.chunks_exact_mut(8).zip(w) {
                chunk.copy_from_slice(&word.to_le_bytes());
            }
            xxh3_64(&bytes)
        })
        .collect()
}

/// Share of `part`'s word 3-grams (or words, when it has fewer than three) found in `shingles`
/// (or `words`).
fn share_in(part: &Para, shingles: &KeySet, words: &KeySet) -> f64 {
    if part.shingles.is_empty() {
        if part.words.is_empty() {
            return 0.0;
        }
        return part.words.iter().filter(|w| words.contains(*w)).count() as f64
            / part.words.len() as f64;
    }
    part.shingles
        .iter()
        .filter(|h| shingles.contains(h))
        .count() as f64
        / part.shingles.len() as f64
}

/// One extractor's output, indexed for containment tests.
struct Indexed {
    paragraphs: Vec<Para>,
    /// The 3-grams of the whole text, across paragraph breaks (the other extractor may break
    /// its paragraphs elsewhere).
    shingles: KeySet,
    words: KeySet,
}

impl Indexed {
    fn new(text: &str) -> Self {
        let paragraphs: Vec<Para> = text
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .map(Para::new)
            .collect();
        let words: Vec<u64> = paragraphs
            .iter()
            .flat_map(|p| p.words.iter().copied())
            .collect();
        Self {
            shingles: shingles_of(&words).into_iter().collect(),
            words: words.into_iter().collect(),
            paragraphs,
        }
    }

    fn is_empty(&self) -> bool {
        self.paragraphs.is_empty()
    }

    /// Share of `paragraph` that this text contains.
    fn contains(&self, paragraph: &Para) -> f64 {
        share_in(paragraph, &self.shingles, &self.words)
    }

    /// For each of `base`'s paragraphs, the share of it this text contains.
    fn shares_of(&self, base: &Indexed) -> Vec<f64> {
        base.paragraphs.iter().map(|p| self.contains(p)).collect()
    }
}

/// Whether paragraph `p` is mostly contained in paragraph `q`, or `q` in `p`.
fn either_contains(p: &Para, q: &Para) -> bool {
    let set = |x: &Para| -> (KeySet, KeySet) {
        (
            x.shingles.iter().copied().collect(),
            x.words.iter().copied().collect(),
        )
    };
    let (qs, qw) = set(q);
    if share_in(p, &qs, &qw) >= CONTAINED {
        return true;
    }
    let (ps, pw) = set(p);
    share_in(q, &ps, &pw) >= CONTAINED
}

fn word_count(p: &str) -> usize {
    parallax_text::words(p).count()
}

/// The words (`words` of them) of a paragraph that reads as running prose (a sentence or more,
/// ending as a sentence ends), else 0. Tables, lists of names and addresses, and lines broken
/// mid-sentence hold many words but little of the article.
fn prose_words(p: &str, words: usize) -> usize {
    let ends_sentence = p
        .trim_end()
        .ends_with(['.', '!', '?', '…', '"', '”', '»', '“', '。', '！', '？']);
    if ends_sentence && words >= PROSE_PARAGRAPH_WORDS {
        words
    } else {
        0
    }
}

/// Which extractor the merged text is built on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Backbone {
    Readability,
    Trafilatura,
}

/// Merges Readability's and trafilatura's outputs (paragraphs separated by blank lines).
pub(super) fn merge(readability: &str, trafilatura: &str, titles: &[&str]) -> (String, Backbone) {
    let r = Indexed::new(readability);
    let t = Indexed::new(trafilatura);
    // Each paragraph's share in the other text, computed once.
    let r_in_t = t.shares_of(&r);
    let t_in_r = r.shares_of(&t);
    let confirmed = |base: &Indexed, shares: &[f64]| -> (usize, usize) {
        base.paragraphs
            .iter()
            .zip(shares)
            .fold((0, 0), |(sup, tot), (p, &share)| {
                let n = p.word_count();
                (sup + if share >= CONTAINED { n } else { 0 }, tot + n)
            })
    };
    let (sup, tot) = confirmed(&r, &r_in_t);
    let (t_sup, t_tot) = confirmed(&t, &t_in_r);
    // Trafilatura's prose before its first paragraph of some length that Readability also
    // has (a headline both keep is passed over), against all of Readability's prose: when
    // trafilatura holds an article's worth of prose and more of it precedes Readability's text
    // than Readability has at all, Readability took a block after the article (a table, the
    // steps below a recipe's introduction, a wrapped tail).
    let r_prose: usize = r.paragraphs.iter().map(|p| p.prose).sum();
    let t_prose: usize = t.paragraphs.iter().map(|p| p.prose).sum();
    let lead_prose: usize = t
        .paragraphs
        .iter()
        .zip(&t_in_r)
        .map(|(p, &share)| (p, share >= CONTAINED))
        .take_while(|(p, confirmed)| !(*confirmed && p.word_count() >= PROSE_PARAGRAPH_WORDS))
        .filter(|(_, confirmed)| !confirmed)
        .map(|(p, _)| p.prose)
        .sum();
    let use_readability = !r.is_empty()
        && (t.is_empty()
            || (sup as f64 >= BACKBONE_CONFIRMED * tot as f64
                && t_sup as f64 >= TRAFILATURA_COVERED * t_tot as f64
                && (t_prose < PROSE_MIN_WORDS || lead_prose <= r_prose)));
    let (base, base_in_other, other, backbone) = if use_readability {
        (&r, &r_in_t, &t, Backbone::Readability)
    } else if !t.is_empty() {
        (&t, &t_in_r, &r, Backbone::Trafilatura)
    } else {
        return (String::new(), Backbone::Trafilatura);
    };
    let mut kept: Vec<&Para> = base.paragraphs.iter().collect();
    if !other.is_empty() {
        let checked: Vec<&Para> = base
            .paragraphs
            .iter()
            .zip(base_in_other)
            .filter(|(_, &share)| share >= CONTAINED)
            .map(|(p, _)| p)
            .collect();
        let kept_words: usize = checked.iter().map(|p| p.word_count()).sum();
        let all_words: usize = base.paragraphs.iter().map(|p| p.word_count()).sum();
        let kept_prose: usize = checked.iter().map(|p| p.prose).sum();
        let all_prose: usize = base.paragraphs.iter().map(|p| p.prose).sum();
        if kept_words as f64 >= KEEP_AT_LEAST * all_words as f64
            && (all_prose < PROSE_MIN_WORDS
                || kept_prose as f64 >= KEEP_AT_LEAST * all_prose as f64)
        {
            kept = checked;
        }
    }
    let same_text = |ps: &[&Para], p: &Para| ps.iter().any(|k| k.text == p.text);
    // Readability's own paragraphs before the first one kept are often the lede or teaser
    // (trafilatura drops them as a separate block); they are kept when they read as sentences.
    let mut lede: Vec<&Para> = Vec::new();
    if backbone == Backbone::Readability && !other.is_empty() && !kept.is_empty() {
        let first_kept = r
            .paragraphs
            .iter()
            .position(|p| std::ptr::eq(p, kept[0]))
            .unwrap_or(0);
        lede = r.paragraphs[..first_kept]
            .iter()
            .filter(|p| reads_as_lede(&p.text) && !same_text(&kept, p))
            .collect();
    }
    // Readability often starts below the lede or a standfirst that sits outside its
    // container; trafilatura keeps them. Its paragraphs before the one where Readability's
    // kept text starts are put back, when they are a small part of the text. That start is
    // found by matching the first kept paragraph itself (a count or a date line has too few
    // words to be told apart, so it is passed over): containment in the whole of Readability's
    // text is not enough, since the body may restate a standfirst.
    let mut lead: Vec<&Para> = Vec::new();
    if !r.is_empty() && !t.is_empty() && !kept.is_empty() {
        let first = kept
            .iter()
            .find(|p| p.word_count() >= 3)
            .unwrap_or(&kept[0]);
        let first_confirmed = t
            .paragraphs
            .iter()
            .zip(&t_in_r)
            .position(|(p, &share)| share >= CONTAINED && either_contains(p, first))
            .unwrap_or(0);
        lead = t.paragraphs[..first_confirmed]
            .iter()
            .filter(|p| !same_text(&kept, p) && !same_text(&lede, p))
            .collect();
    }
    let words_in = |ps: &[&Para]| ps.iter().map(|p| p.word_count()).sum::<usize>() as f64;
    let kept_words = words_in(&kept);
    let mut front: Vec<&Para> = Vec::new();
    for extra in [lead, lede] {
        if !extra.is_empty() && words_in(&extra) <= LEAD_AT_MOST * kept_words {
            front.extend(extra);
        }
    }
    if !front.is_empty() {
        front.extend(kept);
        kept = front;
    }
    let headline = |p: &Para| titles.iter().any(|t| repeats_title(&p.text, t));
    // A section name or kicker above the headline goes with it.
    if let Some(i) = kept
        .iter()
        .take(KICKER_AT_MOST + 1)
        .position(|p| headline(p))
    {
        if i + 1 < kept.len()
            && kept[..i]
                .iter()
                .all(|p| p.word_count() <= KICKER_WORDS && p.prose == 0)
        {
            kept.drain(..i);
        }
    }
    while kept.len() > 1 && headline(kept[0]) {
        kept.remove(0);
    }
    if kept.len() > 1 {
        kept.retain(|p| !ends_with_photo_credit(&p.text));
    }
    let text = kept
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    (text, backbone)
}

/// Words a photo caption or credit line carries (besides "©"), in the languages news pages most
/// often use.
const CAPTION_MARKS: [&str; 11] = [
    "photo",
    "foto",
    "bild",
    "credit",
    "crédit",
    "photograph",
    "getty",
    "reuters",
    "afp",
    "istock",
    "shutterstock",
];

/// A lede read on its own: a few sentences' worth of words, ending as a sentence ends, and no
/// caption or credit line.
fn reads_as_lede(paragraph: &str) -> bool {
    let p = paragraph.trim_end();
    let ends_sentence = p.ends_with(['.', '!', '?', '…', '"', '”', '»', '“']);
    ends_sentence
        && word_count(p) >= LEDE_MIN_WORDS
        && !lower_words(p)
            .iter()
            .any(|w| CAPTION_MARKS.contains(&w.as_str()))
        && !p.contains('©')
}

/// A short paragraph that ends with a photo credit ("… isn't easy. Kathrin Ziegler/Getty"):
/// a caption, wherever it sits.
fn ends_with_photo_credit(paragraph: &str) -> bool {
    let p = paragraph.trim_end();
    let Some(slash) = p.rfind('/') else {
        return false;
    };
    let (before, credit) = (&p[..slash], &p[slash + 1..]);
    let credit_words = lower_words(credit);
    before.chars().next_back().is_some_and(char::is_alphabetic)
        && (1..=3).contains(&credit_words.len())
        && CAPTION_MARKS.contains(&credit_words[0].as_str())
        && word_count(p) <= CAPTION_MAX_WORDS
}

/// A paragraph that is (nearly) the headline: no longer than it, and its words mostly from it.
fn repeats_title(paragraph: &str, title: &str) -> bool {
    let p = lower_words(paragraph);
    let t = lower_words(title);
    if p.is_empty() || t.is_empty() || p.len() > t.len() + 2 {
        return false;
    }
    let ts: HashSet<&String> = t.iter().collect();
    p.iter().filter(|w| ts.contains(w)).count() as f64 >= 0.8 * p.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The bridge reopened on Thursday after six weeks of repairs.\n\nEngineers replaced two corroded support beams, the city said.";

    /// `STORY` told `n` times over, each time on another day, as one longer body.
    fn long_story(n: usize) -> String {
        (1..=n)
            .map(|i| STORY.replace("Thursday", &format!("day {i}")))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    #[test]
    fn unconfirmed_readability_paragraphs_are_dropped() {
        let readability = format!("Bridge reopens\n\n{STORY}\n\nShare this story");
        let trafilatura = format!("Bridge reopens\n\n{STORY}");
        let (merged, backbone) = merge(&readability, &trafilatura, &["Bridge reopens | Courier"]);
        assert_eq!(backbone, Backbone::Readability);
        assert_eq!(merged, STORY);
    }

    #[test]
    fn wrong_container_falls_back_to_trafilatura() {
        let readability = "Most read today: council votes on parking fees again and the fishing season opens early.";
        let (merged, backbone) = merge(readability, STORY, &[]);
        assert_eq!(backbone, Backbone::Trafilatura);
        assert_eq!(
            merged, STORY,
            "the other failed, so the backbone is kept whole"
        );
    }

    #[test]
    fn trafilaturas_lede_outside_readabilitys_container_is_kept() {
        let lede = "Repairs ended early, officials said.";
        let trafilatura = format!("{lede}\n\n{STORY}");
        let (merged, backbone) = merge(STORY, &trafilatura, &[]);
        assert_eq!(backbone, Backbone::Readability);
        assert_eq!(merged, trafilatura);
        // A long unconfirmed lead is more likely a wrong container's start: left out.
        let long_lead = "Most read today: council votes on parking fees again. ".repeat(6);
        let (merged, _) = merge(STORY, &format!("{long_lead}\n\n{STORY}"), &[]);
        assert_eq!(merged, STORY);
    }

    #[test]
    fn a_standfirst_the_body_restates_is_kept() {
        let standfirst = "Engineers replaced two corroded support beams in six weeks of repairs.";
        let body = long_story(4);
        let title = "Harbour crossing open again";
        let trafilatura = format!("{title}\n\n{standfirst}\n\n{body}");
        // Readability starts at the body (behind a drop cap split off as its own paragraph),
        // which says most of the standfirst again: the standfirst is still a lead.
        let readability = format!("T\n\n{body}");
        let (merged, backbone) = merge(&readability, &trafilatura, &[title]);
        assert_eq!(backbone, Backbone::Readability);
        assert_eq!(merged, format!("{standfirst}\n\n{body}"));
    }

    #[test]
    fn a_small_block_of_a_longer_article_is_not_the_backbone() {
        let table = "Ward One: Ada Quill, quill@council.example\n\nWard Two: Ben Okafor, okafor@council.example";
        let body = (1..=12)
            .map(|i| {
                format!("Paragraph {i} of the council report on the harbour works and their cost.")
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        let trafilatura = format!("{body}\n\n{table}");
        let (merged, backbone) = merge(table, &trafilatura, &[]);
        assert_eq!(backbone, Backbone::Trafilatura);
        assert_eq!(
            merged, trafilatura,
            "the other failed, so the backbone is kept whole"
        );
    }

    #[test]
    fn readabilitys_own_lede_is_kept_but_not_a_caption() {
        let body = long_story(20);
        let lede = "The harbour bridge, closed since the spring storms tore two beams loose, \
                    carried its first traffic again this morning, and the council said the \
                    repairs came in under budget and a week ahead of the plan it set.";
        let caption = "Engineers and council staff, left to right, stand on the bridge deck \
                       beside the new beams on the morning it reopened to traffic, as the \
                       first cars cross behind them (photo: Harbour Courier).";
        let readability = format!("{caption}\n\n{lede}\n\n{body}");
        let (merged, backbone) = merge(&readability, &body, &[]);
        assert_eq!(backbone, Backbone::Readability);
        assert_eq!(merged, format!("{lede}\n\n{body}"));
    }

    #[test]
    fn a_view_count_is_not_where_readabilitys_text_starts() {
        let body = long_story(6);
        let opening = "Repairs on the \"old\" bridge ended early, the harbour office said.";
        // The same paragraph as trafilatura writes it, with other quote marks.
        let opening_t = opening.replace('"', "“");
        let readability = format!("3,409\n\n{opening}\n\n{body}");
        let trafilatura = format!("Harbour crossing open again\n\n{opening_t}\n\n{body}");
        let (merged, _) = merge(&readability, &trafilatura, &[]);
        assert_eq!(merged.matches("ended early").count(), 1, "{merged}");
    }

    /// `n` paragraphs of running prose, 24 words each, no two sharing a word.
    fn prose(topic: &str, n: usize) -> String {
        (1..=n)
            .map(|i| {
                let words: Vec<String> = (1..=24).map(|j| format!("{topic}{i}w{j}")).collect();
                format!("{}.", words.join(" "))
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    #[test]
    fn readability_holding_what_follows_the_article_is_not_the_backbone() {
        // Readability kept a recipe's short introduction; trafilatura has the steps above it.
        let intro = prose("introduction", 3);
        let steps = prose("method", 7);
        let trafilatura = format!("{steps}\n\n{intro}");
        let (merged, backbone) = merge(&intro, &trafilatura, &[]);
        assert_eq!(backbone, Backbone::Trafilatura);
        assert_eq!(
            merged, trafilatura,
            "Readability confirms too little of it to cut"
        );
        // With more prose of its own than trafilatura has before it, Readability stays.
        let (merged, backbone) = merge(
            &prose("introduction", 8),
            &format!("{}\n\n{}", prose("method", 7), prose("introduction", 8)),
            &[],
        );
        assert_eq!(backbone, Backbone::Readability);
        assert!(!merged.contains("method"), "{merged}");
    }

    #[test]
    fn a_large_table_below_the_article_does_not_replace_it() {
        // The table is most of the words, so by words alone it would pass for the article.
        let table = (1..=40)
            .map(|i| format!("Ward {i} Ada Quill ward{i}@council.example"))
            .collect::<Vec<_>>()
            .join("\n\n");
        let article = prose("harbour", 8);
        let trafilatura = format!("{article}\n\n{table}");
        let (merged, backbone) = merge(&table, &trafilatura, &[]);
        assert_eq!(backbone, Backbone::Trafilatura);
        assert_eq!(
            merged, trafilatura,
            "the prose is kept though Readability lacks it"
        );
    }

    #[test]
    fn a_kicker_above_the_headline_and_a_photo_credit_are_dropped() {
        let page = format!(
            "Harbour news\n\nBridge reopens after repairs\n\nThe deck at dawn.Ada Quill/Getty\n\n{STORY}"
        );
        // The first title is the site's logo, taken for the headline by one extractor.
        let titles = [
            "Harbour Courier",
            "Bridge reopens after repairs - Harbour Courier",
        ];
        let (merged, _) = merge(&page, &page, &titles);
        assert_eq!(merged, STORY);
        // A longer paragraph above the headline is not a kicker: nothing before it is cut.
        let led = format!("Repairs ended early on the harbour bridge, the office said\n\n{page}");
        let (merged, _) = merge(&led, &led, &titles);
        assert!(merged.starts_with("Repairs ended early"), "{merged}");
    }

    #[test]
    fn one_empty_side() {
        assert_eq!(merge("", STORY, &[]).0, STORY);
        assert_eq!(merge(STORY, "", &[]).0, STORY);
        assert_eq!(merge("", "", &[]).0, "");
    }
}
