//! The story detail: its articles side by side, duplicate links, passage alignments between
//! articles, and the provenance graph.

use std::collections::{BTreeSet, HashMap};

use parallax_align::{
    provenance_with, AlignParams, Credit, DiffOp, NodeKind, PassageKind, Provenance,
    ProvenanceInput, ProvenanceParams, Span,
};
use parallax_store::{Store, StoryMember, StorySummary};
use serde::Serialize;

use super::contributions::{contributions, StoryContributions};
use super::roles::{roles, StoryRoles};
use super::{text_direction, NotFound};
use crate::link::analysis_text;
use crate::story_facts::{story_facts, story_framing, StoryFacts, StoryFraming};
use crate::story_quotes::{story_quotes, StoryQuotes};

/// Stories with at most this many articles have every pair aligned; larger ones only each
/// article against its likely sources from the provenance graph.
pub(crate) const ALL_PAIRS_MAX: usize = 6;

/// One article of a story, with its clean text (every span of the story points into it).
#[derive(Debug, Serialize)]
pub(crate) struct StoryArticle {
    pub(crate) id: String,
    pub(crate) outlet: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) published: Option<String>,
    /// Publication time in epoch seconds (`null` when undated).
    pub(crate) time: Option<i64>,
    pub(crate) language: Option<String>,
    /// `ltr`, `rtl` or `auto`, from the language.
    pub(crate) dir: &'static str,
    /// How it joined the story and with what similarity.
    pub(crate) placement: String,
    pub(crate) score: f64,
    pub(crate) text: String,
}

/// A duplicate or containment link between two articles of the story.
#[derive(Debug, Serialize)]
pub(crate) struct LinkView {
    pub(crate) a: String,
    pub(crate) b: String,
    pub(crate) kind: &'static str,
    pub(crate) jaccard: f64,
    pub(crate) a_in_b: f64,
    pub(crate) b_in_a: f64,
}

/// A shared passage of an aligned pair, with a story-wide id.
#[derive(Debug, Serialize)]
pub(crate) struct PassageView {
    /// `P-Q`: passage Q of pair P; stable for the same store and story.
    pub(crate) id: String,
    pub(crate) kind: PassageKind,
    pub(crate) a: Span,
    pub(crate) b: Span,
    pub(crate) similarity: f64,
    pub(crate) diff: Vec<DiffOp>,
}

/// The alignment of two articles of the story; `a` is the earlier one.
#[derive(Debug, Serialize)]
pub(crate) struct PairView {
    pub(crate) a: String,
    pub(crate) b: String,
    pub(crate) a_covered: f64,
    pub(crate) b_covered: f64,
    pub(crate) longest_verbatim_words: usize,
    pub(crate) passages: Vec<PassageView>,
    /// Stretches each side has alone.
    pub(crate) a_unique: Vec<Span>,
    pub(crate) b_unique: Vec<Span>,
}

/// Everything the story page shows.
#[derive(Debug, Serialize)]
pub(crate) struct StoryDetail {
    /// The story id.
    pub(crate) id: i64,
    /// Its counts, span, languages and label, as in the list.
    pub(crate) summary: StorySummary,
    pub(crate) articles: Vec<StoryArticle>,
    pub(crate) links: Vec<LinkView>,
    /// `all_pairs` for small stories, `likely_sources` when only provenance edges are aligned.
    pub(crate) alignment_scope: &'static str,
    pub(crate) alignments: Vec<PairView>,
    pub(crate) provenance: Provenance,
    /// Quote variants across outlets (`null` when they could not be computed; the log says why).
    pub(crate) quotes: Option<StoryQuotes>,
    /// Facts, discrepancies and facts only some outlets state (`null` as for quotes).
    pub(crate) facts: Option<StoryFacts>,
    /// Names per referent and distinctive terms per outlet (`null` as for quotes).
    pub(crate) framing: Option<StoryFraming>,
    /// What each article and outlet adds and omits (`null` as for quotes).
    pub(crate) contributions: Option<StoryContributions>,
    /// Origins, copies, independent reports and the independent-source count (`null` as for
    /// quotes).
    pub(crate) roles: Option<StoryRoles>,
}

/// A story's members with their analysis texts (boilerplate blanked in place, so offsets still
/// point into the clean text) and provenance graph.
pub(crate) struct StoryProvenance {
    pub(crate) summary: StorySummary,
    pub(crate) members: Vec<StoryMember>,
    pub(crate) texts: Vec<String>,
    pub(crate) clean: Vec<String>,
    pub(crate) graph: Provenance,
}

/// The alignment of two members, kept in the store.
fn pair(
    store: &mut Store,
    p: &StoryProvenance,
    i: usize,
    j: usize,
    params: &AlignParams,
) -> anyhow::Result<parallax_align::Alignment> {
    crate::aligned::aligned(
        store,
        (p.members[i].seq, p.texts[i].as_str()),
        (p.members[j].seq, p.texts[j].as_str()),
        params,
    )
}

/// Who copied whom inside story `id`; alignments are read from and kept in the store.
pub(crate) fn provenance(
    store: &mut Store,
    id: i64,
    params: &ProvenanceParams,
    boilerplate_min_articles: u32,
) -> anyhow::Result<StoryProvenance> {
    let summary = store
        .story(id)?
        .ok_or_else(|| NotFound(format!("no story {id}")))?;
    let members = store.story_members(id)?;
    let seqs: Vec<i64> = members.iter().map(|m| m.seq).collect();
    let sources = store.link_sources(&seqs, &store.boilerplate_keys(boilerplate_min_articles)?)?;
    let texts: Vec<String> = sources.iter().map(analysis_text).collect();
    let clean: Vec<String> = sources.iter().map(|s| s.text.clone()).collect();
    let mut credits = Vec::with_capacity(members.len());
    for m in &members {
        let art = store
            .article(&m.id)?
            .ok_or_else(|| NotFound(format!("article {} vanished", m.id)))?
            .article;
        credits.push(
            art.attributions
                .iter()
                .map(|c| Credit {
                    source: c
                        .agency
                        .clone()
                        .unwrap_or_else(|| c.span.slice(&art.text).to_string()),
                    phrase: c.phrase.slice(&art.text).to_string(),
                    kind: serde_json::to_value(c.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                })
                .collect::<Vec<_>>(),
        );
    }
    let inputs: Vec<ProvenanceInput<'_>> = members
        .iter()
        .zip(&texts)
        .zip(credits)
        .map(|((m, t), c)| ProvenanceInput {
            id: &m.id,
            outlet: m.outlet.as_deref(),
            time: m.time,
            text: t,
            credits: c,
        })
        .collect();
    // A store error stops the walk and is reported after it.
    let mut failure = None;
    let graph = provenance_with(&inputs, params, &mut |i, j| {
        let pair = (
            (members[i].seq, texts[i].as_str()),
            (members[j].seq, texts[j].as_str()),
        );
        match crate::aligned::aligned(store, pair.0, pair.1, &params.align) {
            Ok(al) => al,
            Err(e) => {
                failure.get_or_insert(e);
                parallax_align::align(texts[i].as_str(), texts[j].as_str(), &params.align)
            }
        }
    });
    if let Some(e) = failure {
        return Err(e.context("keeping alignments in the store"));
    }
    let mut graph = graph;
    name_agencies(&mut graph);
    Ok(StoryProvenance {
        summary,
        members,
        texts,
        clean,
        graph,
    })
}

/// Gives credited sources that are listed agencies their canonical full name.
fn name_agencies(graph: &mut Provenance) {
    for node in &mut graph.nodes {
        if node.kind == NodeKind::CreditedSource {
            node.name = parallax_ingest::agencies()
                .iter()
                .find(|a| a.key == node.key)
                .and_then(|a| a.names.first().cloned());
        }
    }
}

/// The pairs of member indexes to align, earlier first: all of them for small stories, else
/// each article with the sources the provenance graph gives it.
fn pairs_to_align(p: &StoryProvenance) -> (Vec<(usize, usize)>, &'static str) {
    let n = p.members.len();
    if n <= ALL_PAIRS_MAX {
        let all = (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
            .collect();
        return (all, "all_pairs");
    }
    let index: HashMap<&str, usize> = p
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let article = |key: &str| {
        p.graph
            .nodes
            .iter()
            .any(|n| n.key == key && n.kind == NodeKind::Article)
    };
    let mut set = BTreeSet::new();
    for e in &p.graph.edges {
        if let (true, true, Some(&i), Some(&j)) = (
            article(&e.from),
            article(&e.to),
            index.get(e.from.as_str()),
            index.get(e.to.as_str()),
        ) {
            set.insert((i.min(j), i.max(j)));
        }
    }
    (set.into_iter().collect(), "likely_sources")
}

/// Aligns what the story page and `story --compare` need (provenance candidates, the pairs the
/// page shows, what each article adds and omits) and keeps it in the store; returns how many
/// article pairs the page aligns.
pub(crate) fn precompute(store: &mut Store, id: i64) -> anyhow::Result<usize> {
    let params = ProvenanceParams::default();
    let p = provenance(
        store,
        id,
        &params,
        parallax_ingest::boilerplate::DEFAULT_MIN_ARTICLES,
    )?;
    let (pairs, _) = pairs_to_align(&p);
    for &(i, j) in &pairs {
        pair(store, &p, i, j, &params.align)?;
    }
    contributions(store, &p, &params.align)?;
    Ok(pairs.len())
}

/// The story page's data.
pub(crate) fn detail(store: &mut Store, id: i64) -> anyhow::Result<StoryDetail> {
    let params = ProvenanceParams::default();
    let p = provenance(
        store,
        id,
        &params,
        parallax_ingest::boilerplate::DEFAULT_MIN_ARTICLES,
    )?;
    let (pairs, scope) = pairs_to_align(&p);
    let mut alignments = Vec::with_capacity(pairs.len());
    for (k, &(i, j)) in pairs.iter().enumerate() {
        let al = pair(store, &p, i, j, &params.align)?;
        alignments.push(PairView {
            a: p.members[i].id.clone(),
            b: p.members[j].id.clone(),
            a_covered: al.a_covered,
            b_covered: al.b_covered,
            longest_verbatim_words: al.longest_verbatim_words,
            passages: al
                .passages
                .iter()
                .enumerate()
                .map(|(q, x)| PassageView {
                    id: format!("{k}-{q}"),
                    kind: x.kind,
                    a: x.a,
                    b: x.b,
                    similarity: x.similarity,
                    diff: x.diff.clone(),
                })
                .collect(),
            a_unique: al.a_unique,
            b_unique: al.b_unique,
        });
    }
    let ids: HashMap<i64, &str> = p.members.iter().map(|m| (m.seq, m.id.as_str())).collect();
    let mut links = Vec::new();
    for m in &p.members {
        for d in store.dup_links_of(m.seq)? {
            // Each link once, from its first side, and only inside the story.
            if d.a != m.seq {
                continue;
            }
            if let (Some(a), Some(b)) = (ids.get(&d.a), ids.get(&d.b)) {
                links.push(LinkView {
                    a: a.to_string(),
                    b: b.to_string(),
                    kind: d.kind,
                    jaccard: d.jaccard,
                    a_in_b: d.a_in_b,
                    b_in_a: d.b_in_a,
                });
            }
        }
    }
    let articles = p
        .members
        .iter()
        .zip(&p.clean)
        .map(|(m, text)| StoryArticle {
            id: m.id.clone(),
            outlet: m.outlet.clone(),
            title: m.title.clone(),
            published: m.published.clone(),
            time: m.time,
            dir: text_direction(m.language.as_deref()),
            language: m.language.clone(),
            placement: m.placement.clone(),
            score: m.score,
            text: text.clone(),
        })
        .collect();
    let contributions = section(id, "contributions", contributions(store, &p, &params.align));
    let roles = section(id, "roles", roles(store, &p));
    Ok(StoryDetail {
        id,
        summary: p.summary,
        articles,
        links,
        alignment_scope: scope,
        alignments,
        provenance: p.graph,
        quotes: section(id, "quotes", story_quotes(store, id)),
        facts: section(id, "facts", story_facts(store, id)),
        framing: section(id, "framing", story_framing(store, id)),
        contributions,
        roles,
    })
}

/// A section of the story page that failed leaves the rest of the page standing.
fn section<T>(story: i64, name: &str, result: anyhow::Result<T>) -> Option<T> {
    result
        .map_err(|e| tracing::warn!("story {story}: {name} left out: {e:#}"))
        .ok()
}
