//! What each article of a story adds and what it leaves out, and the same split per outlet.
//!
//! *Added* is what no article that may precede it carries: earlier articles, and those whose
//! order with it is unknown because one of the two is undated (an undated wire copy may well be
//! the older text). *Omitted* is what its likely source carries and it does not; the likely
//! source is the strongest provenance edge from an article of the story, so an article whose
//! only source is an agency outside the corpus omits nothing we can show.

use std::collections::{BTreeMap, HashMap};

use parallax_align::{NodeKind, PassageKind, Span};
use parallax_store::{Store, StoryMember};
use serde::Serialize;

use super::story::StoryProvenance;

/// Articles each article is compared with to find what it adds (the nearest in story order).
pub(crate) const COMPARE_NEAREST: usize = 20;

/// A stretch of an article's clean text, split at blank lines.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Stretch {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) text: String,
}

/// One article against the articles that may precede it and against its likely source.
#[derive(Debug, Serialize)]
pub(crate) struct ArticleContribution {
    pub(crate) article: String,
    /// Its likely source inside the story (`null` when provenance gives it none).
    pub(crate) source: Option<String>,
    /// Sources it credits that are not articles of the story (agencies), by name.
    pub(crate) credited: Vec<String>,
    /// How many articles it was compared with to find what it adds.
    pub(crate) compared_with: usize,
    /// Share of its words aligned with the source, and of the source's words aligned with it.
    pub(crate) covered: Option<f64>,
    pub(crate) source_covered: Option<f64>,
    /// Passages shared with the source, by kind.
    pub(crate) verbatim: usize,
    pub(crate) edited: usize,
    pub(crate) paraphrase: usize,
    /// Stretches of it found in no article that may precede it.
    pub(crate) added: Vec<Stretch>,
    /// Stretches of the source it does not carry.
    pub(crate) omitted: Vec<Stretch>,
    pub(crate) added_words: usize,
    pub(crate) omitted_words: usize,
}

/// The same split summed over one outlet's articles.
#[derive(Debug, Serialize)]
pub(crate) struct OutletContribution {
    pub(crate) outlet: String,
    pub(crate) articles: usize,
    pub(crate) added_words: usize,
    pub(crate) omitted_words: usize,
}

/// Every compared article of a story, and the per-outlet sums.
#[derive(Debug, Serialize)]
pub(crate) struct StoryContributions {
    /// Articles in story order; the opener is left out when nothing may precede it.
    pub(crate) articles: Vec<ArticleContribution>,
    pub(crate) outlets: Vec<OutletContribution>,
}

/// True when member `j` may have been published before member `i`.
fn may_precede(members: &[StoryMember], j: usize, i: usize) -> bool {
    match (members[j].time, members[i].time) {
        (Some(tj), Some(ti)) => tj < ti || (tj == ti && j < i),
        _ => j != i,
    }
}

/// Each article's likely source inside the story: the first (strongest) edge into it that
/// comes from an article.
fn likely_sources(p: &StoryProvenance) -> HashMap<&str, &str> {
    let articles: std::collections::HashSet<&str> = p
        .graph
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Article)
        .map(|n| n.key.as_str())
        .collect();
    let mut out = HashMap::new();
    for e in &p.graph.edges {
        if articles.contains(e.from.as_str()) {
            out.entry(e.to.as_str()).or_insert(e.from.as_str());
        }
    }
    out
}

/// Each article's credited sources outside the story, by name where the agency list has one.
fn credited_sources(p: &StoryProvenance) -> HashMap<&str, Vec<String>> {
    let mut out: HashMap<&str, Vec<String>> = HashMap::new();
    for e in &p.graph.edges {
        if let Some(n) = p
            .graph
            .nodes
            .iter()
            .find(|n| n.key == e.from && n.kind == NodeKind::CreditedSource)
        {
            out.entry(e.to.as_str())
                .or_default()
                .push(n.name.clone().unwrap_or_else(|| n.key.clone()));
        }
    }
    out
}

/// Word-bearing stretches of `text` outside `covered`, split at blank lines. Boilerplate is
/// blanked in the analysis text, so it never counts as added or omitted.
fn uncovered(text: &str, covered: &mut [Span]) -> Vec<Stretch> {
    covered.sort_by_key(|s| s.start);
    let mut out = Vec::new();
    let mut push = |from: usize, to: usize| {
        for piece in text[from..to].split("\n\n") {
            let offset = piece.as_ptr() as usize - text.as_ptr() as usize;
            let mut words = parallax_text::words(piece);
            if let Some(first) = words.next() {
                let last = words.last().unwrap_or(first);
                out.push(Stretch {
                    start: offset + first.start,
                    end: offset + last.end,
                    text: piece[first.start..last.end].to_string(),
                });
            }
        }
    };
    let mut at = 0;
    for c in covered.iter() {
        if c.start > at {
            push(at, c.start);
        }
        at = at.max(c.end);
    }
    if at < text.len() {
        push(at, text.len());
    }
    out
}

fn word_count(list: &[Stretch]) -> usize {
    list.iter()
        .map(|s| parallax_text::words(&s.text).count())
        .sum()
}

/// What each article of the story adds and omits; alignments come from, and are kept in, the
/// store.
pub(crate) fn contributions(
    store: &mut Store,
    p: &StoryProvenance,
    params: &parallax_align::AlignParams,
) -> anyhow::Result<StoryContributions> {
    let members = &p.members;
    let index: HashMap<&str, usize> = members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let sources = likely_sources(p);
    let credited = credited_sources(p);
    // Member i's side of the alignment of members i and j, earlier member first as provenance
    // aligns them, so kept alignments are shared with it.
    let covered_in = |store: &mut Store, i: usize, j: usize| {
        let (lo, hi) = (i.min(j), i.max(j));
        let al = crate::aligned::aligned(
            store,
            (members[lo].seq, p.texts[lo].as_str()),
            (members[hi].seq, p.texts[hi].as_str()),
            params,
        )?;
        anyhow::Ok((al, i == lo))
    };
    let mut articles = Vec::new();
    for i in 0..members.len() {
        let mut before: Vec<usize> = (0..members.len())
            .filter(|&j| may_precede(members, j, i))
            .collect();
        before.sort_by_key(|&j| (j.abs_diff(i), j));
        before.truncate(COMPARE_NEAREST);
        if before.is_empty() {
            continue;
        }
        let mut covered: Vec<Span> = Vec::new();
        for &j in &before {
            let (al, i_first) = covered_in(store, i, j)?;
            covered.extend(al.passages.iter().map(|x| if i_first { x.a } else { x.b }));
        }
        let source = sources
            .get(members[i].id.as_str())
            .and_then(|s| index.get(s).copied());
        let mut c = ArticleContribution {
            article: members[i].id.clone(),
            source: source.map(|s| members[s].id.clone()),
            credited: credited
                .get(members[i].id.as_str())
                .cloned()
                .unwrap_or_default(),
            compared_with: before.len(),
            covered: None,
            source_covered: None,
            verbatim: 0,
            edited: 0,
            paraphrase: 0,
            added: uncovered(&p.texts[i], &mut covered),
            omitted: Vec::new(),
            added_words: 0,
            omitted_words: 0,
        };
        if let Some(s) = source {
            let (al, i_first) = covered_in(store, i, s)?;
            let (mine, theirs) = if i_first {
                (al.a_covered, al.b_covered)
            } else {
                (al.b_covered, al.a_covered)
            };
            let mut carried: Vec<Span> = al
                .passages
                .iter()
                .map(|x| if i_first { x.b } else { x.a })
                .collect();
            c.covered = Some(mine);
            c.source_covered = Some(theirs);
            c.verbatim = al.count(PassageKind::Verbatim);
            c.edited = al.count(PassageKind::Edited);
            c.paraphrase = al.count(PassageKind::Paraphrase);
            c.omitted = uncovered(&p.texts[s], &mut carried);
        }
        c.added_words = word_count(&c.added);
        c.omitted_words = word_count(&c.omitted);
        articles.push(c);
    }
    let outlet_of: HashMap<&str, &str> = members
        .iter()
        .map(|m| (m.id.as_str(), m.outlet.as_deref().unwrap_or("-")))
        .collect();
    let mut by: BTreeMap<&str, OutletContribution> = BTreeMap::new();
    for c in &articles {
        let outlet = outlet_of.get(c.article.as_str()).copied().unwrap_or("-");
        let e = by.entry(outlet).or_insert_with(|| OutletContribution {
            outlet: outlet.to_string(),
            articles: 0,
            added_words: 0,
            omitted_words: 0,
        });
        e.articles += 1;
        e.added_words += c.added_words;
        e.omitted_words += c.omitted_words;
    }
    Ok(StoryContributions {
        articles,
        outlets: by.into_values().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(seq: i64, time: Option<i64>) -> StoryMember {
        StoryMember {
            seq,
            id: format!("a{seq}"),
            outlet: None,
            language: None,
            title: None,
            published: None,
            time,
            score: 0.0,
            placement: String::new(),
            joined: 0,
        }
    }

    #[test]
    fn undated_articles_may_precede_and_follow_dated_ones() {
        let m = vec![member(1, Some(10)), member(2, Some(20)), member(3, None)];
        assert!(may_precede(&m, 0, 1));
        assert!(!may_precede(&m, 1, 0));
        assert!(
            may_precede(&m, 2, 0),
            "order with an undated article is unknown"
        );
        assert!(may_precede(&m, 0, 2));
        assert!(!may_precede(&m, 2, 2));
    }

    #[test]
    fn same_time_is_broken_by_story_order() {
        let m = vec![member(1, Some(10)), member(2, Some(10))];
        assert!(may_precede(&m, 0, 1));
        assert!(!may_precede(&m, 1, 0));
    }

    #[test]
    fn uncovered_skips_blank_and_covered_stretches() {
        let text = "One two three.\n\nFour five six.\n\n   \n\nSeven eight.";
        let mut covered = vec![Span { start: 16, end: 31 }];
        let got: Vec<String> = uncovered(text, &mut covered)
            .into_iter()
            .map(|s| s.text)
            .collect();
        assert_eq!(got, vec!["One two three", "Seven eight"]);
    }
}
