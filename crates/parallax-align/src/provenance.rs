//! Who copied whom inside a story: a directed graph whose edge A → B reads "B derives from
//! A", each edge with its evidence (publication order, the share of B's text aligned to A and
//! how, the longest verbatim run, B's explicit credit to A's outlet or agency) and a
//! confidence. An agency that B credits but that no article of the story comes from is still a
//! node: the source exists even when the corpus does not hold it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{align, AlignParams, Alignment, PassageKind};

/// An explicit credit in an article ("Source: IRNA", "(AP)").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    /// The credited source's key: an agency key (`IRNA`) or the credited name as written.
    pub source: String,
    /// The phrase that carries the credit.
    pub phrase: String,
    /// How it is phrased (`source_line`, `dateline`, `reported`, …).
    pub kind: String,
}

/// One article as provenance needs it.
#[derive(Debug, Clone)]
pub struct ProvenanceInput<'a> {
    /// Article id.
    pub id: &'a str,
    /// Outlet key.
    pub outlet: Option<&'a str>,
    /// Publication time (seconds since the epoch).
    pub time: Option<i64>,
    /// The text compared (boilerplate already left out).
    pub text: &'a str,
    /// Its explicit credits.
    pub credits: Vec<Credit>,
}

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// An article of the story.
    Article,
    /// A source an article credits that no article of the story comes from.
    CreditedSource,
}

/// A node of the graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Article id, or the credited source's key.
    pub key: String,
    /// What it is.
    pub kind: NodeKind,
    /// Outlet key (articles).
    pub outlet: Option<String>,
    /// Publication time (articles).
    pub time: Option<i64>,
    /// A credited source's full name, when the caller knows it (an agency's canonical name:
    /// key `IRNA`, name "Islamic Republic News Agency").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Publication order of an edge's ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// The source was published first.
    SourceFirst,
    /// Both at the same time.
    Same,
    /// At least one is undated.
    Unknown,
}

/// "`to` derives from `from`", with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// The source's node key.
    pub from: String,
    /// The derived article's id.
    pub to: String,
    /// Publication order.
    pub order: Order,
    /// Share of `to`'s words in verbatim or edited passages aligned with `from`.
    pub copied: f64,
    /// Share of `to`'s words in paraphrased passages aligned with `from`.
    pub paraphrased: f64,
    /// Share of `to`'s words in verbatim passages aligned with `from` (part of `copied`):
    /// near 1 for a copy taken whole, lower for an edited one.
    #[serde(default)]
    pub verbatim: f64,
    /// Longest run of words `to` shares verbatim with `from`.
    pub longest_verbatim_words: usize,
    /// `to`'s credit to `from`'s outlet or agency, as written.
    pub credit: Option<String>,
    /// 0–1: how sure the edge is (see [`provenance`]).
    pub confidence: f64,
}

/// The graph of one story.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// Articles in time order (undated last), then credited sources.
    pub nodes: Vec<Node>,
    /// Edges, strongest first per derived article.
    pub edges: Vec<Edge>,
}

/// Settings of [`provenance`].
#[derive(Debug, Clone, PartialEq)]
pub struct ProvenanceParams {
    /// Alignment settings.
    pub align: AlignParams,
    /// Earlier articles each article is compared with (the nearest in time).
    pub max_candidates: usize,
    /// Sources kept per article.
    pub max_sources: usize,
    /// Weakest confidence kept.
    pub min_confidence: f64,
}

impl Default for ProvenanceParams {
    fn default() -> Self {
        Self {
            align: AlignParams::default(),
            max_candidates: 20,
            max_sources: 3,
            min_confidence: 0.25,
        }
    }
}

fn key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Shares of the words of `text` (the second side of `al`) aligned as copied (verbatim or
/// edited), paraphrased, and verbatim alone.
fn shares(al: &Alignment, text: &str) -> Shares {
    let words = parallax_text::words(text).count().max(1) as f64;
    let (mut verbatim, mut edited, mut para) = (0usize, 0usize, 0usize);
    for p in &al.passages {
        let n = parallax_text::words(p.b.slice(text)).count();
        match p.kind {
            PassageKind::Verbatim => verbatim += n,
            PassageKind::Edited => edited += n,
            PassageKind::Paraphrase => para += n,
            PassageKind::Unique => {}
        }
    }
    Shares {
        copied: (verbatim + edited) as f64 / words,
        paraphrased: para as f64 / words,
        verbatim: verbatim as f64 / words,
    }
}

/// Word shares of a derived article, see [`shares`].
struct Shares {
    copied: f64,
    paraphrased: f64,
    verbatim: f64,
}

/// Builds the graph. Articles are taken in time order (undated last); each is aligned with up
/// to `max_candidates` articles before it (for an undated one, every dated one), and an edge
/// is kept when its confidence reaches `min_confidence`:
///
/// confidence = min(1, copied + 0.3 · paraphrased, scaled by order (1 when the source came
/// first, 0.7 when unknown, 0.5 when simultaneous), + 0.3 when the article credits the
/// source's outlet).
///
/// A credit to a source that no earlier article comes from becomes an edge from a
/// [`NodeKind::CreditedSource`] node, with confidence 0.9 for credit lines, datelines and
/// bylines and 0.7 for "according to"-style mentions.
pub fn provenance(inputs: &[ProvenanceInput<'_>], params: &ProvenanceParams) -> Provenance {
    provenance_with(inputs, params, &mut |i, j| {
        align(inputs[i].text, inputs[j].text, &params.align)
    })
}

/// [`provenance`] with the alignments supplied by the caller (`align_pair(i, j)` aligns
/// `inputs[i]` as the first text with `inputs[j]` as the second), so that kept alignments are
/// read back instead of computed again.
pub fn provenance_with(
    inputs: &[ProvenanceInput<'_>],
    params: &ProvenanceParams,
    align_pair: &mut dyn FnMut(usize, usize) -> Alignment,
) -> Provenance {
    let mut order: Vec<usize> = (0..inputs.len()).collect();
    order.sort_by_key(|&i| (inputs[i].time.is_none(), inputs[i].time, i));
    let mut graph = Provenance {
        nodes: order
            .iter()
            .map(|&i| Node {
                key: inputs[i].id.to_string(),
                kind: NodeKind::Article,
                outlet: inputs[i].outlet.map(str::to_string),
                time: inputs[i].time,
                name: None,
            })
            .collect(),
        edges: Vec::new(),
    };
    let mut credited: BTreeMap<String, String> = BTreeMap::new();
    for (pos, &j) in order.iter().enumerate() {
        let b = &inputs[j];
        let earlier: Vec<usize> = order[..pos]
            .iter()
            .rev()
            .copied()
            .filter(|&i| b.time.is_none() || inputs[i].time.is_some())
            .take(params.max_candidates)
            .collect();
        let mut edges = Vec::new();
        for i in earlier {
            let a = &inputs[i];
            let al = align_pair(i, j);
            let Shares {
                copied,
                paraphrased,
                verbatim,
            } = shares(&al, b.text);
            let ord = match (a.time, b.time) {
                (Some(x), Some(y)) if x < y => Order::SourceFirst,
                (Some(_), Some(_)) => Order::Same,
                _ => Order::Unknown,
            };
            let credit = a.outlet.and_then(|o| {
                b.credits
                    .iter()
                    .find(|c| key(&c.source) == key(o))
                    .map(|c| c.phrase.clone())
            });
            let scale = match ord {
                Order::SourceFirst => 1.0,
                Order::Unknown => 0.7,
                Order::Same => 0.5,
            };
            let confidence = ((copied + 0.3 * paraphrased) * scale
                + if credit.is_some() { 0.3 } else { 0.0 })
            .min(1.0);
            if confidence >= params.min_confidence {
                edges.push(Edge {
                    from: a.id.to_string(),
                    to: b.id.to_string(),
                    order: ord,
                    copied,
                    paraphrased,
                    verbatim,
                    longest_verbatim_words: al.longest_verbatim_words,
                    credit,
                    confidence,
                });
            }
        }
        // Credits to sources that no article compared here comes from.
        for c in &b.credits {
            let covered = edges
                .iter()
                .any(|e| e.credit.as_deref() == Some(c.phrase.as_str()));
            if covered {
                continue;
            }
            let confidence = match c.kind.as_str() {
                "source_line" | "dateline" | "byline" => 0.9,
                _ => 0.7,
            };
            credited.entry(c.source.clone()).or_default();
            edges.push(Edge {
                from: c.source.clone(),
                to: b.id.to_string(),
                order: Order::Unknown,
                copied: 0.0,
                paraphrased: 0.0,
                verbatim: 0.0,
                longest_verbatim_words: 0,
                credit: Some(c.phrase.clone()),
                confidence,
            });
        }
        edges.sort_by(|x, y| {
            y.confidence
                .total_cmp(&x.confidence)
                .then(x.from.cmp(&y.from))
        });
        edges.truncate(params.max_sources.max(b.credits.len()));
        graph.edges.extend(edges);
    }
    for source in credited.into_keys() {
        if graph.edges.iter().any(|e| e.from == source) {
            graph.nodes.push(Node {
                key: source,
                kind: NodeKind::CreditedSource,
                outlet: None,
                time: None,
                name: None,
            });
        }
    }
    graph
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "The harbour bridge in Northport reopened on Friday after three weeks of storm repairs, the port authority said.\n\nEngineers replaced forty cables and repainted the main span, at a cost the authority put at two million euros.";

    fn input<'a>(
        id: &'a str,
        outlet: &'a str,
        time: Option<i64>,
        text: &'a str,
    ) -> ProvenanceInput<'a> {
        ProvenanceInput {
            id,
            outlet: Some(outlet),
            time,
            text,
            credits: Vec::new(),
        }
    }

    #[test]
    fn a_later_copy_derives_from_the_earlier_and_credits_make_nodes() {
        let copy = format!("{WIRE}\n\nFerry operators welcomed the news.");
        let mut b = input("b", "daily", Some(200), &copy);
        b.credits.push(Credit {
            source: "wire".into(),
            phrase: "(Wire)".into(),
            kind: "parenthetical".into(),
        });
        let mut c = input(
            "c",
            "other",
            Some(300),
            "Unrelated text about a football match in the city stadium on Sunday evening.",
        );
        c.credits.push(Credit {
            source: "IRNA".into(),
            phrase: "Source: Islamic Republic News Agency".into(),
            kind: "source_line".into(),
        });
        let g = provenance(
            &[c, b, input("a", "wire", Some(100), WIRE)],
            &ProvenanceParams::default(),
        );
        assert_eq!(g.nodes[0].key, "a");
        let ab = g
            .edges
            .iter()
            .find(|e| e.from == "a" && e.to == "b")
            .expect("a → b");
        assert_eq!(ab.order, Order::SourceFirst);
        assert!(ab.copied > 0.8, "{ab:?}");
        assert!(ab.verbatim > 0.8 && ab.verbatim <= ab.copied, "{ab:?}");
        assert_eq!(ab.credit.as_deref(), Some("(Wire)"));
        assert!(ab.confidence > 0.9);
        assert!(
            !g.edges.iter().any(|e| e.to == "a"),
            "nothing before the first article"
        );
        let irna = g
            .edges
            .iter()
            .find(|e| e.to == "c")
            .expect("credited source");
        assert_eq!(irna.from, "IRNA");
        assert!(g
            .nodes
            .iter()
            .any(|n| n.key == "IRNA" && n.kind == NodeKind::CreditedSource));
        assert!(!g.edges.iter().any(|e| e.from == "a" && e.to == "c"));
    }
}
