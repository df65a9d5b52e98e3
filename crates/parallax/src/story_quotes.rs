//! A story's quotes grouped into statements across its outlets: the one entry point the
//! `quotes` and `quote` commands (and the web and export layers) read.

use parallax_quotes::{
    extract_with, group_aligned, quote_text, AlignedPassages, ArticleQuotes, GroupParams,
    PieceTagger, Quote, QuoteKind, StatementScorer, WordChange,
};
use serde::Serialize;

use crate::story_facts::{story_docs, StoryDoc};

/// Every statement quoted in one story.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StoryQuotes {
    /// The story id.
    pub(crate) story: i64,
    /// Statements, in order of their first rendering.
    pub(crate) quotes: Vec<QuoteGroup>,
}

/// One statement and its renderings across the story's articles.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct QuoteGroup {
    /// `STORY:ARTICLE:START`: the story, and the article and byte offset of the first rendering.
    pub(crate) id: String,
    /// The speaker's fullest written name in the story, when known.
    pub(crate) speaker: Option<String>,
    /// The key name variants of the speaker share (the last name, lower-cased).
    pub(crate) speaker_key: Option<String>,
    /// The first rendering's words.
    pub(crate) statement: String,
    /// True when only one outlet carries the statement.
    pub(crate) single_outlet: bool,
    /// Every rendering.
    pub(crate) variants: Vec<QuoteVariant>,
    /// Word differences between renderings in different articles.
    pub(crate) differences: Vec<QuoteDifference>,
}

/// One rendering, with byte offsets into the article's clean text.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct QuoteVariant {
    /// The article id.
    pub(crate) article: String,
    /// The outlet ("" when unknown).
    pub(crate) outlet: String,
    /// The quote's words, without the quotation marks around them.
    pub(crate) text: String,
    /// Byte offset of the quote's start (its opening mark for a direct quote).
    pub(crate) start: usize,
    /// Byte offset one past its end.
    pub(crate) end: usize,
    /// Direct, mixed or indirect.
    pub(crate) kind: QuoteKind,
    /// The speaker as this article writes it ("the Imam", "he").
    pub(crate) speaker_as_written: Option<String>,
    /// The name that speaker stands for in this article.
    pub(crate) speaker_resolved: Option<String>,
    /// The reporting verb or phrase.
    pub(crate) cue: Option<String>,
}

/// Word differences between two renderings.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct QuoteDifference {
    /// The first rendering's article.
    pub(crate) a: String,
    /// The second rendering's article.
    pub(crate) b: String,
    /// Runs of words: same, insert, delete, substitute, each with a meaning flag.
    pub(crate) ops: Vec<WordChange>,
}

/// Largest story whose articles are aligned pairwise for quote context; bigger ones are
/// grouped on wording and speakers alone.
const MAX_ALIGNED_ARTICLES: usize = 40;

/// The passages aligned between every two articles that both have quotes, read from (and
/// kept in) the store with the settings `provenance` and `framing` use, so they share the
/// cached alignments.
fn aligned_passages(
    store: &mut parallax_store::Store,
    docs: &[StoryDoc],
    found: &[Vec<Quote>],
) -> anyhow::Result<AlignedPassages> {
    let with_quotes: Vec<usize> = (0..docs.len()).filter(|&i| !found[i].is_empty()).collect();
    if with_quotes.len() > MAX_ALIGNED_ARTICLES {
        return Ok(Vec::new());
    }
    let params = parallax_align::ProvenanceParams::default().align;
    let mut out = Vec::new();
    for (x, &i) in with_quotes.iter().enumerate() {
        for &j in &with_quotes[x + 1..] {
            let al = crate::aligned::aligned(
                store,
                (docs[i].seq, docs[i].text.as_str()),
                (docs[j].seq, docs[j].text.as_str()),
                &params,
            )?;
            out.push((i, j, al.passages.iter().map(|p| (p.a, p.b)).collect()));
        }
    }
    Ok(out)
}

/// Extracts (with the attribution tagger where it reads the article, see
/// [`crate::quote_models::tagger_for`]) and
/// groups the quotes of `story`'s stored articles, from the same analysis text
/// the link stage, `provenance` and `facts` read (boilerplate and non-body paragraphs blanked,
/// offsets unchanged), so offsets index the clean text `parallax article ID` shows. An
/// article without a known outlet counts as an outlet of its own. A story that does not exist
/// is a user error.
pub(crate) fn story_quotes(
    store: &mut parallax_store::Store,
    story: i64,
) -> anyhow::Result<StoryQuotes> {
    let docs = story_docs(store, story)?;
    let found: Vec<Vec<Quote>> = docs
        .iter()
        .map(|d| {
            let tagger = crate::quote_models::tagger_for(d.language.as_deref(), d.text.len());
            extract_with(&d.text, tagger.as_ref().map(|t| t as &dyn PieceTagger))
        })
        .collect();
    let arts: Vec<ArticleQuotes<'_>> = docs
        .iter()
        .zip(&found)
        .map(|(d, q)| ArticleQuotes {
            id: &d.id,
            outlet: Some(&d.outlet),
            text: &d.text,
            quotes: q,
        })
        .collect();
    let aligned = aligned_passages(store, &docs, &found)?;
    let scorer = crate::quote_models::scorer();
    let statements = group_aligned(
        &arts,
        &GroupParams::default(),
        &aligned,
        scorer.as_ref().map(|s| s as &dyn StatementScorer),
    );
    let mut quotes: Vec<QuoteGroup> = statements
        .into_iter()
        .map(|s| {
            let variants: Vec<QuoteVariant> = s
                .variants
                .iter()
                .map(|&(a, q)| {
                    let (art, quote) = (&arts[a], &arts[a].quotes[q]);
                    let slice = |sp: Option<parallax_quotes::Span>| {
                        sp.map(|x| x.slice(art.text).to_string())
                    };
                    QuoteVariant {
                        article: art.id.to_string(),
                        outlet: art.outlet.unwrap_or_default().to_string(),
                        text: quote_text(art.text, quote),
                        start: quote.content.start,
                        end: quote.content.end,
                        kind: quote.kind,
                        speaker_as_written: slice(quote.speaker),
                        speaker_resolved: slice(quote.resolved),
                        cue: slice(quote.cue),
                    }
                })
                .collect();
            let differences = s
                .differences
                .into_iter()
                .map(|d| QuoteDifference {
                    a: arts[d.a.0].id.to_string(),
                    b: arts[d.b.0].id.to_string(),
                    ops: d.ops,
                })
                .collect();
            let first = &variants[0];
            QuoteGroup {
                id: format!("{story}:{}:{}", first.article, first.start),
                speaker: s.speaker,
                speaker_key: s.speaker_key,
                statement: first.text.clone(),
                single_outlet: s.single_outlet,
                variants,
                differences,
            }
        })
        .collect();
    // Order: by article order in the story, then position.
    let order = |id: &str| docs.iter().position(|d| d.id == id).unwrap_or(usize::MAX);
    quotes.sort_by_key(|g| (order(&g.variants[0].article), g.variants[0].start));
    Ok(StoryQuotes { story, quotes })
}
