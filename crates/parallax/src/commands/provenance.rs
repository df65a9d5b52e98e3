//! `parallax provenance STORY_ID`: who copied whom inside a story, with the evidence of each
//! edge (publication order, aligned share, longest verbatim run, explicit credit).

use parallax_align::{
    provenance_with, Credit, NodeKind, Order, Provenance, ProvenanceInput, ProvenanceParams,
};
use parallax_store::{Store, StoryMember};
use serde::Serialize;

use crate::cli::{Global, ProvenanceArgs};
use crate::link::analysis_text;
use crate::output::{self, clip};
use crate::UserError;

#[derive(Serialize)]
struct ProvenanceView {
    story: i64,
    #[serde(flatten)]
    graph: parallax_align::Provenance,
}

/// The provenance graph of story `story`, from its articles' analysis texts (outlet
/// boilerplate at `boilerplate_min_articles` left out) and credits; alignments kept in the
/// store are read back and new ones kept. Also returns the members, in time order.
pub(crate) fn story_graph(
    store: &mut Store,
    story: i64,
    boilerplate_min_articles: u32,
    params: &ProvenanceParams,
) -> anyhow::Result<(Vec<StoryMember>, Provenance)> {
    let members = store.story_members(story)?;
    let seqs: Vec<i64> = members.iter().map(|m| m.seq).collect();
    let sources = store.link_sources(&seqs, &store.boilerplate_keys(boilerplate_min_articles)?)?;
    let texts: Vec<String> = sources.iter().map(analysis_text).collect();
    let mut credits = Vec::with_capacity(members.len());
    for m in &members {
        let stored = store
            .article(&m.id)?
            .ok_or_else(|| UserError(format!("article {} vanished", m.id)))?;
        let art = stored.article;
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
    // Alignments kept by earlier views are read back; new ones are kept. A store error stops
    // the walk and is reported after it.
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
    Ok((members, graph))
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

pub(super) fn run(g: &Global, a: &ProvenanceArgs) -> anyhow::Result<u8> {
    let mut store = super::open_existing_store(g)?;
    if store.story(a.id)?.is_none() {
        return Err(UserError(format!("no story {}", a.id)).into());
    }
    let params = ProvenanceParams {
        min_confidence: a.min_confidence,
        ..ProvenanceParams::default()
    };
    let (_, graph) = story_graph(&mut store, a.id, a.boilerplate_min_articles, &params)?;
    let view = ProvenanceView { story: a.id, graph };
    if g.json {
        output::json(&view)?;
        return Ok(crate::exit::OK);
    }
    let mut out = format!(
        "story {}: {} nodes, {} edges\n\n",
        a.id,
        view.graph.nodes.len(),
        view.graph.edges.len()
    );
    for n in &view.graph.nodes {
        out.push_str(&match n.kind {
            NodeKind::Article => format!(
                "  {}  {}  {}\n",
                n.key,
                n.outlet.as_deref().unwrap_or("-"),
                n.time
                    .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                    .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_else(|| "undated".into())
            ),
            NodeKind::CreditedSource => format!(
                "  {}  ({}credited source, not in the corpus)\n",
                n.key,
                n.name
                    .as_deref()
                    .map(|name| format!("{name}; "))
                    .unwrap_or_default()
            ),
        });
    }
    out.push('\n');
    for e in &view.graph.edges {
        let order = match e.order {
            Order::SourceFirst => "published before",
            Order::Same => "published at the same time",
            Order::Unknown => "order unknown",
        };
        out.push_str(&format!(
            "{} → {}  confidence {:.2}: {order}; {:.0}% copied, {:.0}% paraphrased, longest verbatim run {} words{}\n",
            e.from,
            e.to,
            e.confidence,
            e.copied * 100.0,
            e.paraphrased * 100.0,
            e.longest_verbatim_words,
            e.credit
                .as_deref()
                .map(|c| format!("; credit \"{}\"", clip(c, 60)))
                .unwrap_or_default()
        ));
    }
    output::out(out.trim_end())?;
    Ok(crate::exit::OK)
}
