//! `parallax align A B`: which passages two articles share (verbatim, edited, paraphrased),
//! with word diffs, and what each has alone. Offsets are byte offsets into each article's
//! clean text, as `parallax article ID` prints it.

use parallax_align::{AlignParams, Alignment, DiffOp, PassageKind, Side, Span};
use parallax_store::LinkSource;
use serde::Serialize;

use crate::cli::{AlignArgs, Global};
use crate::link::analysis_text;
use crate::output::{self, clip};
use crate::UserError;

#[derive(Serialize)]
struct Side_ {
    id: String,
    outlet: Option<String>,
    title: Option<String>,
}

#[derive(Serialize)]
struct AlignView {
    a: Side_,
    b: Side_,
    #[serde(flatten)]
    alignment: Alignment,
}

fn source(
    store: &parallax_store::Store,
    id: &str,
    rule: u32,
) -> anyhow::Result<(String, LinkSource)> {
    let seq = store
        .article_seq(id)?
        .ok_or_else(|| UserError(format!("no article {id}")))?;
    let src = store
        .link_sources(&[seq], &store.boilerplate_keys(rule)?)?
        .pop()
        .ok_or_else(|| UserError(format!("no article {id}")))?;
    Ok((id.to_string(), src))
}

/// A passage's words with the diff marked: `[-removed-]` and `{+added+}`.
fn marked_diff(a: &str, b: &str, diff: &[DiffOp]) -> String {
    let mut out = Vec::new();
    for op in diff {
        match op {
            DiffOp::Equal { a: s, .. } => out.push(s.slice(a).to_string()),
            DiffOp::Delete { a: s } => out.push(format!("[-{}-]", s.slice(a))),
            DiffOp::Insert { b: s } => out.push(format!("{{+{}+}}", s.slice(b))),
            DiffOp::Substitute { a: x, b: y } => {
                out.push(format!("[-{}-]{{+{}+}}", x.slice(a), y.slice(b)))
            }
        }
    }
    out.join(" ")
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn run(g: &Global, args: &AlignArgs) -> anyhow::Result<u8> {
    let mut store = super::open_existing_store(g)?;
    let ida = super::article::resolve_id(&store, &args.a, g)?;
    let idb = super::article::resolve_id(&store, &args.b, g)?;
    let (ida, sa) = source(&store, &ida, args.boilerplate_min_articles)?;
    let (idb, sb) = source(&store, &idb, args.boilerplate_min_articles)?;
    let (ta, tb) = (analysis_text(&sa), analysis_text(&sb));
    let alignment = crate::aligned::aligned(
        &mut store,
        (sa.seq, &ta),
        (sb.seq, &tb),
        &AlignParams::default(),
    )?;
    let view = AlignView {
        a: Side_ {
            id: ida,
            outlet: sa.outlet.clone(),
            title: sa.title.clone(),
        },
        b: Side_ {
            id: idb,
            outlet: sb.outlet.clone(),
            title: sb.title.clone(),
        },
        alignment,
    };
    if g.json {
        output::json(&view)?;
        return Ok(crate::exit::OK);
    }
    let al = &view.alignment;
    let mut out = String::new();
    for (label, side) in [("A", &view.a), ("B", &view.b)] {
        out.push_str(&format!(
            "{label}  {}  {}  {}\n",
            side.id,
            side.outlet.as_deref().unwrap_or("-"),
            clip(side.title.as_deref().unwrap_or("-"), 70)
        ));
    }
    out.push_str(&format!(
        "{:.0}% of A and {:.0}% of B aligned; {} verbatim, {} edited, {} paraphrase; longest verbatim run {} words\n",
        al.a_covered * 100.0,
        al.b_covered * 100.0,
        al.count(PassageKind::Verbatim),
        al.count(PassageKind::Edited),
        al.count(PassageKind::Paraphrase),
        al.longest_verbatim_words
    ));
    let width = args.width;
    for (i, p) in al.passages.iter().enumerate() {
        let span = |s: Span| format!("{}..{}", s.start, s.end);
        out.push_str(&format!(
            "\n#{} {} ({:.2})  A {}  B {}\n",
            i + 1,
            p.kind.name(),
            p.similarity,
            span(p.a),
            span(p.b)
        ));
        match p.kind {
            PassageKind::Verbatim => {
                out.push_str(&format!("  = {}\n", clip(&one_line(p.a.slice(&ta)), width)));
            }
            PassageKind::Edited => {
                out.push_str(&format!(
                    "  ~ {}\n",
                    clip(&marked_diff(&ta, &tb, &p.diff), width * 2)
                ));
            }
            _ => {
                out.push_str(&format!("  A {}\n", clip(&one_line(p.a.slice(&ta)), width)));
                out.push_str(&format!("  B {}\n", clip(&one_line(p.b.slice(&tb)), width)));
            }
        }
    }
    for (label, side, text) in [("A", Side::A, &ta), ("B", Side::B, &tb)] {
        let unique: Vec<Span> = al
            .segments(side)
            .into_iter()
            .filter(|s| s.kind == PassageKind::Unique)
            .map(|s| s.span)
            .collect();
        if unique.is_empty() {
            continue;
        }
        out.push_str(&format!("\nonly in {label}:\n"));
        for s in unique {
            out.push_str(&format!(
                "  {}..{}  {}\n",
                s.start,
                s.end,
                clip(&one_line(s.slice(text)), width)
            ));
        }
    }
    output::out(out.trim_end())?;
    Ok(crate::exit::OK)
}
