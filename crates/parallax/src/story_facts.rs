//! Facts and framing of a stored story, computed on demand from its articles' compared text
//! (outlet boilerplate and non-body paragraphs blanked, so every offset is a byte offset into
//! the article's clean text). The `facts` and `framing` commands print these; the web views and
//! exports serialise them as they are.

use std::collections::{BTreeMap, HashMap};

use parallax_align::{Alignment, ProvenanceParams};
use parallax_facts::{DocFacts, Fact, NamedDoc};
use parallax_store::Store;
use serde::Serialize;

use crate::link::analysis_text;
use crate::UserError;

/// Pseudo-counts of the corpus prior of distinctive terms: how many words of evidence the
/// corpus distribution weighs as.
pub(crate) const PRIOR_MASS: f64 = 500.0;
/// The most articles of one story aligned pairwise for names per referent (earliest first).
const MAX_ALIGNED: usize = 40;

/// One fact of one article, with its span in the article's clean text.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FactView {
    pub(crate) article: String,
    pub(crate) outlet: String,
    pub(crate) measure: String,
    pub(crate) value: f64,
    pub(crate) low: f64,
    pub(crate) high: Option<f64>,
    pub(crate) approx: Option<String>,
    pub(crate) subject: Option<String>,
    pub(crate) time: Option<String>,
    pub(crate) text: String,
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// One person counted by "a" or "one": never held against another outlet's total.
    pub(crate) individual: bool,
}

/// Two outlets' conflicting values for one quantity.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DiscrepancyView {
    pub(crate) measure: String,
    pub(crate) subject: Option<String>,
    pub(crate) a: FactView,
    pub(crate) b: FactView,
    pub(crate) why: String,
}

/// A fact only some outlets state.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PartialView {
    pub(crate) fact: FactView,
    pub(crate) outlets_with: Vec<String>,
    pub(crate) outlets_without: Vec<String>,
}

/// The numeric facts of a story, their discrepancies and the facts only some outlets carry.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StoryFacts {
    pub(crate) story: i64,
    pub(crate) facts: Vec<FactView>,
    pub(crate) discrepancies: Vec<DiscrepancyView>,
    pub(crate) partial: Vec<PartialView>,
}

/// One name of a referent in one article.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NameView {
    pub(crate) outlet: String,
    pub(crate) article: String,
    pub(crate) name: String,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// A referent the story's outlets name differently.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReferentView {
    pub(crate) names: Vec<NameView>,
}

/// The terms that set one outlet apart.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OutletTerms {
    pub(crate) outlet: String,
    pub(crate) terms: Vec<parallax_facts::DistinctiveTerm>,
}

/// How a story's outlets name things, and the words each favours.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StoryFraming {
    pub(crate) story: i64,
    pub(crate) referents: Vec<ReferentView>,
    pub(crate) distinctive: Vec<OutletTerms>,
}

/// One article of a story, ready for the fact and name finders.
pub(crate) struct StoryDoc {
    pub(crate) seq: i64,
    pub(crate) id: String,
    /// The outlet key, or a stand-in naming the article when the outlet is unknown (each such
    /// article counts as an outlet of its own: nothing says two of them share one).
    pub(crate) outlet: String,
    /// Language code as stored (recognised at ingest or given), if known.
    pub(crate) language: Option<String>,
    /// Clean text with boilerplate and non-body paragraphs blanked.
    pub(crate) text: String,
}

/// The label of an article whose outlet is unknown.
pub(crate) fn unknown_outlet(id: &str) -> String {
    format!("(article {})", &id[..id.len().min(16)])
}

/// The story's articles in time order, or a user error when there is no such story.
pub(crate) fn story_docs(store: &Store, story: i64) -> anyhow::Result<Vec<StoryDoc>> {
    if store.story(story)?.is_none() {
        return Err(UserError(format!("no story {story}")).into());
    }
    let members = store.story_members(story)?;
    let seqs: Vec<i64> = members.iter().map(|m| m.seq).collect();
    let keys = store.boilerplate_keys(parallax_ingest::boilerplate::DEFAULT_MIN_ARTICLES)?;
    let sources = store.link_sources(&seqs, &keys)?;
    Ok(members
        .iter()
        .zip(&sources)
        .map(|(m, s)| StoryDoc {
            seq: m.seq,
            id: m.id.clone(),
            outlet: m.outlet.clone().unwrap_or_else(|| unknown_outlet(&m.id)),
            language: m.language.clone(),
            text: analysis_text(s),
        })
        .collect())
}

fn fact_view(d: &StoryDoc, f: &Fact) -> FactView {
    FactView {
        article: d.id.clone(),
        outlet: d.outlet.clone(),
        measure: f.measure.clone(),
        value: f.value,
        low: f.low,
        high: f.high,
        approx: f.approx.clone(),
        subject: f.subject.clone(),
        time: f.time.clone(),
        text: f.span.slice(&d.text).to_string(),
        start: f.span.start,
        end: f.span.end,
        individual: f.individual,
    }
}

/// The facts of `docs` compared across outlets (pure; `story_facts` loads the documents).
pub(crate) fn facts_of(story: i64, docs: &[StoryDoc]) -> StoryFacts {
    let per_doc: Vec<DocFacts> = docs
        .iter()
        .map(|d| DocFacts {
            outlet: d.outlet.clone(),
            facts: parallax_facts::extract(&d.text),
        })
        .collect();
    let view = |(d, i): (usize, usize)| fact_view(&docs[d], &per_doc[d].facts[i]);
    let cmp = parallax_facts::compare(&per_doc);
    StoryFacts {
        story,
        facts: per_doc
            .iter()
            .enumerate()
            .flat_map(|(d, f)| (0..f.facts.len()).map(move |i| (d, i)))
            .map(view)
            .collect(),
        discrepancies: cmp
            .discrepancies
            .into_iter()
            .map(|x| DiscrepancyView {
                measure: x.measure,
                subject: x.subject,
                a: view(x.a),
                b: view(x.b),
                why: x.why,
            })
            .collect(),
        partial: cmp
            .partial
            .into_iter()
            .map(|p| PartialView {
                fact: view(p.fact),
                outlets_with: p.outlets_with,
                outlets_without: p.outlets_without,
            })
            .collect(),
    }
}

/// The numeric facts of a stored story, compared across its outlets.
pub(crate) fn story_facts(store: &mut Store, story: i64) -> anyhow::Result<StoryFacts> {
    let docs = story_docs(store, story)?;
    Ok(facts_of(story, &docs))
}

/// The most articles read for the corpus prior of a story's distinctive terms: a distribution,
/// so an even sample of a large store gives the same prior in bounded time.
const PRIOR_SAMPLE: usize = 5000;

/// Content-word counts per outlet (`None`: unknown outlet) of every `step`-th linked article's
/// compared text.
fn outlet_counts(
    store: &Store,
    step: usize,
) -> anyhow::Result<BTreeMap<Option<String>, HashMap<String, u32>>> {
    let keys = store.boilerplate_keys(parallax_ingest::boilerplate::DEFAULT_MIN_ARTICLES)?;
    let seqs: Vec<i64> = store
        .linked_keys()?
        .iter()
        .step_by(step.max(1))
        .map(|a| a.0)
        .collect();
    let mut out: BTreeMap<Option<String>, HashMap<String, u32>> = BTreeMap::new();
    for chunk in seqs.chunks(512) {
        for s in store.link_sources(chunk, &keys)? {
            let group = out.entry(s.outlet.clone()).or_default();
            for (t, c) in parallax_facts::term_counts(&analysis_text(&s)) {
                *group.entry(t).or_insert(0) += c;
            }
        }
    }
    Ok(out)
}

fn summed<'a>(groups: impl Iterator<Item = &'a HashMap<String, u32>>) -> HashMap<String, u64> {
    let mut out: HashMap<String, u64> = HashMap::new();
    for g in groups {
        for (t, &c) in g {
            *out.entry(t.clone()).or_insert(0) += u64::from(c);
        }
    }
    out
}

/// The corpus prior of distinctive terms: content-word counts of the store's linked articles
/// (an even sample of at most [`PRIOR_SAMPLE`]).
pub(crate) fn corpus_counts(store: &Store) -> anyhow::Result<HashMap<String, u64>> {
    let n = store.linked_keys()?.len();
    let groups = outlet_counts(store, n.div_ceil(PRIOR_SAMPLE))?;
    Ok(summed(groups.values()))
}

/// Distinctive terms of every outlet across the store, against all other outlets, with the
/// whole store as the prior. Articles of unknown outlets count in the prior only.
pub(crate) fn corpus_framing(
    store: &Store,
    limit: usize,
    min_count: u32,
) -> anyhow::Result<Vec<OutletTerms>> {
    let groups = outlet_counts(store, 1)?;
    let prior = summed(groups.values());
    let named: Vec<(String, HashMap<String, u32>)> = groups
        .into_iter()
        .filter_map(|(o, c)| o.map(|o| (o, c)))
        .collect();
    Ok(distinctive_terms(named, &prior, limit, min_count))
}

/// Distinctive terms of each group (outlet, counts) against the others.
fn distinctive_terms(
    groups: Vec<(String, HashMap<String, u32>)>,
    prior: &HashMap<String, u64>,
    limit: usize,
    min_count: u32,
) -> Vec<OutletTerms> {
    parallax_facts::distinctive(&groups, prior, PRIOR_MASS, limit, min_count)
        .into_iter()
        .map(|(outlet, terms)| OutletTerms { outlet, terms })
        .collect()
}

/// Distinctive terms kept per outlet of a story (callers show fewer).
pub(crate) const STORY_TERMS: usize = 100;

/// Names per referent and distinctive terms per outlet of a stored story (up to
/// [`STORY_TERMS`] per outlet, best first).
pub(crate) fn story_framing(store: &mut Store, story: i64) -> anyhow::Result<StoryFraming> {
    let docs = story_docs(store, story)?;
    let aligned_docs = &docs[..docs.len().min(MAX_ALIGNED)];
    let params = ProvenanceParams::default().align;
    let mut alignments: Vec<(usize, usize, Alignment)> = Vec::new();
    for i in 0..aligned_docs.len() {
        for j in i + 1..aligned_docs.len() {
            let (a, b) = (&aligned_docs[i], &aligned_docs[j]);
            if a.outlet == b.outlet {
                continue; // one outlet's names are no contrast
            }
            let al = crate::aligned::aligned(
                store,
                (a.seq, a.text.as_str()),
                (b.seq, b.text.as_str()),
                &params,
            )?;
            alignments.push((i, j, al));
        }
    }
    let named: Vec<NamedDoc<'_>> = aligned_docs
        .iter()
        .map(|d| NamedDoc {
            outlet: d.outlet.clone(),
            text: &d.text,
        })
        .collect();
    let refs: Vec<(usize, usize, &Alignment)> =
        alignments.iter().map(|(a, b, al)| (*a, *b, al)).collect();
    let referents = parallax_facts::referents(&named, &refs)
        .into_iter()
        .map(|r| ReferentView {
            names: r
                .names
                .into_iter()
                .map(|m| NameView {
                    outlet: docs[m.doc].outlet.clone(),
                    article: docs[m.doc].id.clone(),
                    name: m.name,
                    start: m.span.start,
                    end: m.span.end,
                })
                .collect(),
        })
        .collect();
    let prior = corpus_counts(store)?;
    let mut groups: BTreeMap<String, HashMap<String, u32>> = BTreeMap::new();
    for d in &docs {
        let g = groups.entry(d.outlet.clone()).or_default();
        for (t, c) in parallax_facts::term_counts(&d.text) {
            *g.entry(t).or_insert(0) += c;
        }
    }
    let distinctive = distinctive_terms(groups.into_iter().collect(), &prior, STORY_TERMS, 1);
    Ok(StoryFraming {
        story,
        referents,
        distinctive,
    })
}
