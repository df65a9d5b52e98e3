//! `parallax facts --story ID`: a story's numeric facts per outlet, the discrepancies between
//! outlets (both spans, both outlets) and the facts only some outlets carry.

use crate::cli::{FactsArgs, Global};
use crate::output::{self, clip};
use crate::story_facts::{story_facts, FactView};

fn value(f: &FactView) -> String {
    let v = if f.value.fract() == 0.0 {
        format!("{:.0}", f.value)
    } else {
        format!("{}", f.value)
    };
    match &f.approx {
        Some(a) => format!("{v} ({a})"),
        None => v,
    }
}

fn at(f: &FactView) -> String {
    format!(
        "{} {}..{}",
        &f.article[..f.article.len().min(16)],
        f.start,
        f.end
    )
}

pub(super) fn run(g: &Global, a: &FactsArgs) -> anyhow::Result<u8> {
    let mut store = super::open_existing_store(g)?;
    let view = story_facts(&mut store, a.story)?;
    if g.json {
        output::json(&view)?;
        return Ok(crate::exit::OK);
    }
    let mut out = format!("story {}: {} facts\n\n", view.story, view.facts.len());
    let rows: Vec<Vec<String>> = view
        .facts
        .iter()
        .map(|f| {
            vec![
                f.outlet.clone(),
                f.measure.clone(),
                value(f),
                f.subject.clone().unwrap_or_else(|| "-".into()),
                f.time.clone().unwrap_or_else(|| "-".into()),
                clip(&f.text, 40),
                at(f),
            ]
        })
        .collect();
    out.push_str(&output::table(
        &[
            "OUTLET", "MEASURE", "VALUE", "SUBJECT", "TIME", "TEXT", "AT",
        ],
        &rows,
    ));
    out.push_str(&format!(
        "\n\ndiscrepancies: {}\n",
        view.discrepancies.len()
    ));
    for d in &view.discrepancies {
        out.push_str(&format!(
            "  {}: \"{}\" ({}, {}) against \"{}\" ({}, {})\n    {}\n",
            d.measure,
            d.a.text,
            d.a.outlet,
            at(&d.a),
            d.b.text,
            d.b.outlet,
            at(&d.b),
            d.why
        ));
    }
    out.push_str(&format!(
        "\nfacts only some outlets carry: {}\n",
        view.partial.len()
    ));
    for p in &view.partial {
        out.push_str(&format!(
            "  {} {}: \"{}\" in {}; not in {}\n",
            p.fact.measure,
            value(&p.fact),
            p.fact.text,
            p.outlets_with.join(", "),
            p.outlets_without.join(", ")
        ));
    }
    output::out(out.trim_end())?;
    Ok(crate::exit::OK)
}
