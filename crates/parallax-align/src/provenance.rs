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
    /// At least one is undated, and nothing tells which came first.
    Unknown,
    /// At least one is undated; the derived article credits the source's outlet.
    InferredByCredit,
    /// At least one is undated; the derived article's text lies inside the source's more than
    /// the other way round (a trimmed copy).
    InferredByContainment,
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
fn shares(al: &Alignment, text: &str, second: bool) -> Shares {
    let words = parallax_text::words(text).count().max(1) as f64;
    let (mut verbatim, mut edited, mut para) = (0usize, 0usize, 0usize);
    for p in &al.passages {
        let span = if second { p.b } else { p.a };
        let n = parallax_text::words(span.slice(text)).count();
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

/// `der`'s credit to `outlet`, as written.
fn credit_to(der: &ProvenanceInput<'_>, outlet: &str) -> Option<String> {
    der.credits
        .iter()
        .find(|c| key(&c.source) == key(outlet))
        .map(|c| c.phrase.clone())
}

/// Which of `inputs[i]` (`a`, first in the walk) and `inputs[j]` (`b`) is the source, as
/// (source, derived, order) by input index. Publication order decides when both are dated.
/// Otherwise the order is inferred, and marked so: a credit from one to the other's outlet
/// makes the credited one the source; failing that, the text held inside the other (a
/// trimmed copy) is the derived one, when one side's aligned share exceeds the other's by
/// [`CONTAINMENT_MARGIN`]. With neither, the walk's order stands and stays unknown.
fn direction(
    (i, a): (usize, &ProvenanceInput<'_>),
    (j, b): (usize, &ProvenanceInput<'_>),
    al: &Alignment,
) -> (usize, usize, Order) {
    match (a.time, b.time) {
        (Some(x), Some(y)) if x < y => return (i, j, Order::SourceFirst),
        (Some(x), Some(y)) if x > y => return (j, i, Order::SourceFirst),
        (Some(_), Some(_)) => return (i, j, Order::Same),
        _ => {}
    }
    let b_credits_a = a.outlet.is_some_and(|o| credit_to(b, o).is_some());
    let a_credits_b = b.outlet.is_some_and(|o| credit_to(a, o).is_some());
    if a_credits_b && !b_credits_a {
        return (j, i, Order::InferredByCredit);
    }
    if b_credits_a && !a_credits_b {
        return (i, j, Order::InferredByCredit);
    }
    if al.a_covered > al.b_covered + CONTAINMENT_MARGIN {
        (j, i, Order::InferredByContainment)
    } else if al.b_covered > al.a_covered + CONTAINMENT_MARGIN {
        (i, j, Order::InferredByContainment)
    } else {
        (i, j, Order::Unknown)
    }
}

/// How much more of one text must lie inside the other for containment to decide an order.
const CONTAINMENT_MARGIN: f64 = 0.1;

/// Word shares of a derived article, see [`shares`].
struct Shares {
    copied: f64,
    paraphrased: f64,
    verbatim: f64,
}

/// Builds the graph. Articles are taken in time order (undated last); each is aligned with up
/// to `max_candidates` articles before it (the nearest in that order), and the pair's
/// direction is set by publication order, or, when one is undated, inferred from credits and
/// containment and marked as inferred (see [`Order`]). An edge is kept when its confidence
/// reaches `min_confidence`:
///
/// confidence = min(1, copied + 0.3 · paraphrased, scaled by order (1 when the source came
/// first, 0.7 when unknown or inferred, 0.5 when simultaneous), + 0.3 when the article credits
/// the source's outlet).
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
    // Candidate edges into each article, by input index; an edge between articles whose order
    // is unknown may point back to the earlier one of the walk.
    let mut into: Vec<Vec<Edge>> = vec![Vec::new(); inputs.len()];
    for (pos, &j) in order.iter().enumerate() {
        let earlier: Vec<usize> = order[..pos]
            .iter()
            .rev()
            .copied()
            .take(params.max_candidates)
            .collect();
        for i in earlier {
            let al = align_pair(i, j);
            let (source, derived, ord) = direction((i, &inputs[i]), (j, &inputs[j]), &al);
            let (src, der) = (&inputs[source], &inputs[derived]);
            let Shares {
                copied,
                paraphrased,
                verbatim,
            } = shares(&al, der.text, derived == j);
            let credit = src.outlet.and_then(|o| credit_to(der, o));
            let scale = match ord {
                Order::SourceFirst => 1.0,
                Order::Same => 0.5,
                Order::Unknown | Order::InferredByCredit | Order::InferredByContainment => 0.7,
            };
            let confidence = ((copied + 0.3 * paraphrased) * scale
                + if credit.is_some() { 0.3 } else { 0.0 })
            .min(1.0);
            if confidence >= params.min_confidence {
                into[derived].push(Edge {
                    from: src.id.to_string(),
                    to: der.id.to_string(),
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
    }
    let mut credited: BTreeMap<String, String> = BTreeMap::new();
    for &j in &order {
        let b = &inputs[j];
        let mut edges = std::mem::take(&mut into[j]);
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
    fn undated_pairs_get_an_inferred_order() {
        let trimmed = WIRE.split("\n\n").next().unwrap();
        // An undated full text and a dated trimmed copy of it: the copy lies inside the full
        // text, so the undated one is the source although it comes last in the walk.
        let g = provenance(
            &[
                input("full", "wire", None, WIRE),
                input("trim", "daily", Some(100), trimmed),
            ],
            &ProvenanceParams::default(),
        );
        let e = g
            .edges
            .iter()
            .find(|e| e.to == "trim")
            .expect("full → trim");
        assert_eq!(e.from, "full");
        assert_eq!(e.order, Order::InferredByContainment);
        assert!(!g.edges.iter().any(|e| e.to == "full"));

        // A credit outweighs containment: the undated article credits the dated one's outlet.
        let mut credited = input("c", "daily", None, trimmed);
        credited.credits.push(Credit {
            source: "wire".into(),
            phrase: "(Wire)".into(),
            kind: "parenthetical".into(),
        });
        let g = provenance(
            &[input("w", "wire", Some(100), WIRE), credited],
            &ProvenanceParams::default(),
        );
        let e = g.edges.iter().find(|e| e.to == "c").expect("w → c");
        assert_eq!((e.from.as_str(), e.order), ("w", Order::InferredByCredit));

        // Two undated copies of the same text: nothing tells, and it says so.
        let g = provenance(
            &[input("x", "one", None, WIRE), input("y", "two", None, WIRE)],
            &ProvenanceParams::default(),
        );
        assert_eq!(g.edges.len(), 1, "{:?}", g.edges);
        assert_eq!(g.edges[0].order, Order::Unknown);
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
