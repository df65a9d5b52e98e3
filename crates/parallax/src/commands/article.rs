//! `parallax article ID`: everything known about one article.

use parallax_ingest::boilerplate::BoilerplateRule;
use serde::Serialize;

use crate::cli::{ArticleArgs, Global};
use crate::output;
use crate::UserError;

#[derive(Serialize)]
struct ArticleView<'a> {
    #[serde(flatten)]
    article: &'a parallax_model::Article,
    ingested_at: &'a str,
    paragraph_views: Vec<crate::views::article::ParagraphView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    removed: Option<Vec<String>>,
}

/// The full id of the one article whose id starts with `prefix`.
pub(super) fn resolve_id(
    store: &parallax_store::Store,
    prefix: &str,
    g: &Global,
) -> anyhow::Result<String> {
    let ids = store.ids_with_prefix(prefix, 2)?;
    match ids.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(UserError(format!(
            "no article with id {prefix:?} in {}",
            g.db.display()
        ))
        .into()),
        _ => Err(UserError(format!(
            "id prefix {prefix:?} is ambiguous; give more characters"
        ))
        .into()),
    }
}

pub(super) fn run(g: &Global, a: &ArticleArgs) -> anyhow::Result<u8> {
    let store = super::open_existing_store(g)?;
    let id = resolve_id(&store, &a.id, g)?;
    let s = store
        .article(&id)?
        .ok_or_else(|| UserError(format!("no article with id {id:?}")))?;
    let art = &s.article;
    let rule = BoilerplateRule {
        min_articles: a.boilerplate_min_articles,
    };
    let removed = (a.removed && art.extractor != "text" && art.extractor != "record").then(|| {
        let html = String::from_utf8_lossy(&art.original);
        parallax_ingest::removed_blocks(&html, &art.text)
    });
    let views = crate::views::article::paragraphs(&s, &rule);
    if g.json {
        let mut article = art.clone();
        if !a.original {
            article.original.clear();
        }
        output::json(&ArticleView {
            article: &article,
            ingested_at: &s.ingested_at,
            paragraph_views: views,
            removed,
        })?;
        return Ok(crate::exit::OK);
    }
    let dash = || "-".to_string();
    let mut out = String::new();
    let mut field = |k: &str, v: String| out.push_str(&format!("{k:<13}{v}\n"));
    field("id", art.id.clone());
    field("title", art.title.clone().unwrap_or_else(dash));
    field(
        "outlet",
        match (&art.outlet, &art.outlet_name) {
            (Some(k), Some(n)) if n != k => format!("{k} ({n})"),
            (Some(k), _) => k.clone(),
            _ => "- (unknown)".into(),
        },
    );
    field(
        "published",
        art.published
            .as_ref()
            .map(|p| format!("{} (from {:?})", p.iso, p.origin))
            .unwrap_or_else(|| "- (the input states no date)".into()),
    );
    field("language", art.language.clone().unwrap_or_else(dash));
    field("url", art.url.clone().unwrap_or_else(dash));
    field(
        "source",
        format!(
            "{}{} [{}{}{}]",
            art.source.path,
            art.source.location.suffix(),
            art.source.format.name(),
            art.source
                .compression
                .as_deref()
                .map(|c| format!(", {c}"))
                .unwrap_or_default(),
            art.source
                .decoded_from
                .as_deref()
                .map(|c| format!(", decoded from {c}"))
                .unwrap_or_default()
        ),
    );
    field("extractor", art.extractor.clone());
    field("ingested", s.ingested_at.clone());
    field(
        "original",
        format!(
            "{} bytes{}",
            art.original.len(),
            if a.original {
                ""
            } else {
                " (--original prints them)"
            }
        ),
    );
    if art.attributions.is_empty() {
        field("credits", "- (none found)".into());
    } else {
        for (i, c) in art.attributions.iter().enumerate() {
            field(
                if i == 0 { "credits" } else { "" },
                format!(
                    "{:?} {:?}{} at bytes {}..{}",
                    c.kind,
                    c.span.slice(&art.text),
                    c.agency
                        .as_deref()
                        .map(|k| format!(" → agency {k}"))
                        .unwrap_or_default(),
                    c.span.start,
                    c.span.end
                ),
            );
        }
    }
    let left_out = views.iter().filter(|v| !v.analysed).count();
    out.push_str(&format!(
        "\ntext ({} paragraphs, {} left out of analysis; bytes are offsets into the clean text)\n",
        views.len(),
        left_out
    ));
    for (i, v) in views.iter().enumerate() {
        let mark = if v.analysed {
            String::new()
        } else {
            format!("  [{}: left out]", v.role)
        };
        out.push_str(&format!(
            "\n¶{} {}..{}{}\n{}\n",
            i + 1,
            v.start,
            v.end,
            mark,
            v.text
        ));
    }
    if let Some(removed) = &removed {
        out.push_str(&format!(
            "\nin-page boilerplate removed by the extractor ({} blocks)\n",
            removed.len()
        ));
        for b in removed {
            out.push_str(&format!("  - {}\n", output::clip(b, 160)));
        }
    } else if art.extractor != "text" && art.extractor != "record" {
        out.push_str("\n(--removed lists the in-page text the extractor left out)\n");
    }
    if a.original {
        out.push_str("\noriginal\n");
        out.push_str(&String::from_utf8_lossy(&art.original));
        out.push('\n');
    }
    output::out(&out)?;
    Ok(crate::exit::OK)
}
