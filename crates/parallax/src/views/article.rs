//! The article detail: metadata, original and clean text, paragraph spans with their roles, and
//! credits.

use parallax_ingest::boilerplate::BoilerplateRule;
use parallax_model::{Attribution, ParagraphRole, Published, Source};
use parallax_store::{Store, StoredArticle};
use serde::Serialize;

use super::{text_direction, NotFound};

/// One paragraph of the clean text.
#[derive(Debug, Serialize)]
pub(crate) struct ParagraphView<'a> {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// `body`, `credit`, `site_blurb`… or `outlet_boilerplate`.
    pub(crate) role: &'static str,
    /// Distinct articles of the same outlet that carry this paragraph.
    pub(crate) outlet_articles: u32,
    /// Left out of analysis (a credit, a site blurb or outlet boilerplate).
    pub(crate) analysed: bool,
    pub(crate) text: &'a str,
}

/// The paragraphs of a stored article with their roles under `rule`.
pub(crate) fn paragraphs<'a>(
    s: &'a StoredArticle,
    rule: &BoilerplateRule,
) -> Vec<ParagraphView<'a>> {
    let art = &s.article;
    art.paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let boiler = rule.is_boilerplate(s.paragraph_articles[i]);
            ParagraphView {
                start: p.span.start,
                end: p.span.end,
                role: if boiler {
                    "outlet_boilerplate"
                } else {
                    p.role.name()
                },
                outlet_articles: s.paragraph_articles[i],
                analysed: p.role == ParagraphRole::Body && !boiler,
                text: p.span.slice(&art.text),
            }
        })
        .collect()
}

/// Everything the article page shows.
#[derive(Debug, Serialize)]
pub(crate) struct ArticleDetail<'a> {
    pub(crate) id: &'a str,
    pub(crate) url: Option<&'a str>,
    pub(crate) outlet: Option<&'a str>,
    pub(crate) outlet_name: Option<&'a str>,
    pub(crate) title: Option<&'a str>,
    pub(crate) published: Option<&'a Published>,
    pub(crate) language: Option<&'a str>,
    pub(crate) dir: &'static str,
    pub(crate) source: &'a Source,
    pub(crate) extractor: &'a str,
    pub(crate) ingested_at: &'a str,
    /// The story it is in (`null` before linking).
    pub(crate) story: Option<i64>,
    pub(crate) text: &'a str,
    /// The original bytes as text (invalid UTF-8 replaced).
    pub(crate) original: String,
    pub(crate) paragraphs: Vec<ParagraphView<'a>>,
    pub(crate) credits: &'a [Attribution],
}

/// Reads article `id` (the full id) from the store.
pub(crate) fn load(store: &Store, id: &str) -> anyhow::Result<StoredArticle> {
    Ok(store
        .article(id)?
        .ok_or_else(|| NotFound(format!("no article {id:?}")))?)
}

/// The article page's data for a loaded article.
pub(crate) fn detail(s: &StoredArticle, story: Option<i64>) -> ArticleDetail<'_> {
    let a = &s.article;
    let rule = BoilerplateRule {
        min_articles: parallax_ingest::boilerplate::DEFAULT_MIN_ARTICLES,
    };
    ArticleDetail {
        id: &a.id,
        url: a.url.as_deref(),
        outlet: a.outlet.as_deref(),
        outlet_name: a.outlet_name.as_deref(),
        title: a.title.as_deref(),
        published: a.published.as_ref(),
        language: a.language.as_deref(),
        dir: text_direction(a.language.as_deref()),
        source: &a.source,
        extractor: &a.extractor,
        ingested_at: &s.ingested_at,
        story,
        text: &a.text,
        original: String::from_utf8_lossy(&a.original).into_owned(),
        paragraphs: paragraphs(s, &rule),
        credits: &a.attributions,
    }
}
