//! `parallax provenance STORY_ID`: who copied whom inside a story, with the evidence of each
//! edge (publication order, aligned share, longest verbatim run, explicit credit).

use parallax_align::{NodeKind, Order, ProvenanceParams};
use serde::Serialize;

use crate::cli::{Global, ProvenanceArgs};
use crate::output::{self, clip};

#[derive(Serialize)]
struct ProvenanceView {
    story: i64,
    #[serde(flatten)]
    graph: parallax_align::Provenance,
    /// Origins, copies, independent reports and the independent-source count.
    roles: crate::views::roles::StoryRoles,
}

pub(super) fn run(g: &Global, a: &ProvenanceArgs) -> anyhow::Result<u8> {
    let mut store = super::open_existing_store(g)?;
    let params = ProvenanceParams {
        min_confidence: a.min_confidence,
        ..ProvenanceParams::default()
    };
    let p = crate::views::story::provenance(&mut store, a.id, &params, a.boilerplate_min_articles)?;
    let roles = crate::views::roles::roles(&store, &p)?;
    let view = ProvenanceView {
        story: a.id,
        graph: p.graph,
        roles,
    };
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
            Order::InferredByCredit => "undated: order inferred from the credit",
            Order::InferredByContainment => {
                "undated: order inferred from containment (the copy lies inside the source)"
            }
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
    let r = &view.roles;
    out.push_str(&format!(
        "\n{} independent source{}",
        r.independent_sources,
        if r.independent_sources == 1 { "" } else { "s" }
    ));
    if !r.origins.is_empty() {
        out.push_str(&format!("\norigins: {}", r.origins.join(", ")));
    }
    for c in &r.copies {
        out.push_str(&format!(
            "\ncopy: {} of {}{}",
            c.article,
            c.source,
            if c.credited_only {
                " (credited, not in the corpus)"
            } else {
                ""
            }
        ));
    }
    if !r.independent_reports.is_empty() {
        out.push_str(&format!(
            "\nindependent reports: {}",
            r.independent_reports.join(", ")
        ));
    }
    output::out(out.trim_end())?;
    Ok(crate::exit::OK)
}
