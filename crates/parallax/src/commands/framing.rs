//! `parallax framing --story ID | --corpus`: how outlets name the same referents, and the terms
//! that set each outlet apart (log-odds ratio with an informative Dirichlet prior).

use crate::cli::{FramingArgs, Global};
use crate::output;
use crate::story_facts::{corpus_framing, story_framing, OutletTerms};

fn terms_text(groups: &[OutletTerms]) -> String {
    let mut out = String::new();
    // Outlets with nothing distinctive (too few words) are left out of the table.
    for g in groups.iter().filter(|g| !g.terms.is_empty()) {
        let terms: Vec<String> = g
            .terms
            .iter()
            .map(|t| format!("{} ({:.1}, {}×)", t.term, t.z, t.count))
            .collect();
        out.push_str(&format!("  {}: {}\n", g.outlet, terms.join(", ")));
    }
    out
}

pub(super) fn run(g: &Global, a: &FramingArgs) -> anyhow::Result<u8> {
    let mut store = super::open_existing_store(g)?;
    if a.corpus {
        let groups = corpus_framing(&store, a.limit, a.min_count)?;
        if g.json {
            output::json(&serde_json::json!({ "distinctive": groups }))?;
        } else {
            let text = format!(
                "distinctive terms per outlet (z-score, uses):\n{}",
                terms_text(&groups)
            );
            output::out(text.trim_end())?;
        }
        return Ok(crate::exit::OK);
    }
    let story = a.story.expect("clap requires --story or --corpus");
    let mut view = story_framing(&mut store, story)?;
    for g in &mut view.distinctive {
        g.terms.truncate(a.limit);
    }
    if g.json {
        output::json(&view)?;
        return Ok(crate::exit::OK);
    }
    let mut out = format!(
        "story {}: {} referents named differently\n",
        story,
        view.referents.len()
    );
    for (i, r) in view.referents.iter().enumerate() {
        out.push_str(&format!("\n#{}\n", i + 1));
        for n in &r.names {
            out.push_str(&format!(
                "  {:<24} \"{}\"  ({} {}..{})\n",
                n.outlet,
                n.name,
                &n.article[..n.article.len().min(16)],
                n.start,
                n.end
            ));
        }
    }
    out.push_str("\ndistinctive terms per outlet (z-score, uses):\n");
    out.push_str(&terms_text(&view.distinctive));
    output::out(out.trim_end())?;
    Ok(crate::exit::OK)
}
