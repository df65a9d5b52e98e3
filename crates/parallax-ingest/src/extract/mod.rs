//! From a [`Record`] to an [`Article`]: main text, title, date, outlet, language, credits and
//! paragraph roles. Pure and thread-safe, so the caller can extract records in parallel.

mod attribution;
mod blurb;
mod date;
mod html;
mod inert;
mod language;
mod outlet;
mod plain;
mod vote;

use parallax_model::{Article, Paragraph, ParagraphRole, Published, Reject, RejectKind};
use xxhash_rust::xxh3::xxh3_128;

use crate::read::{Content, Record};
use crate::{IngestError, IngestOptions};

pub use attribution::{agencies, credits, Agency};
pub use html::{removed_blocks, HtmlChoice, HtmlExtraction};
pub use language::supported_languages;
pub use outlet::key as outlet_key;

/// Turns records into articles. Build one per run and share it between threads.
pub struct Extractor {
    language: language::LanguageId,
    html_choice: HtmlChoice,
}

impl Extractor {
    /// An extractor for these settings; fails on an unknown language code.
    pub fn new(opts: &IngestOptions) -> Result<Self, IngestError> {
        Ok(Self {
            language: language::LanguageId::new(&opts.languages)?,
            html_choice: opts.html,
        })
    }

    /// The same extractor, but with one HTML extractor forced (for evaluations).
    pub fn with_html_choice(mut self, choice: HtmlChoice) -> Self {
        self.html_choice = choice;
        self
    }

    /// Extracts main text and metadata from an HTML page alone (for evaluations and the API).
    pub fn extract_html(&self, html: &str, url: Option<&str>) -> HtmlExtraction {
        html::extract(html, url, self.html_choice)
    }

    /// The ISO 639-1 code of the language of `text`, if it can be told.
    pub fn identify_language(&self, text: &str) -> Option<String> {
        self.language.identify(text)
    }

    /// Extracts one record. A record with no article text left is a [`RejectKind::NoText`].
    pub fn extract(&self, record: Record) -> Result<Article, Reject> {
        let Record {
            source,
            original,
            content,
            meta,
        } = record;
        let mut title = meta.title.clone().filter(|t| !t.trim().is_empty());
        let mut published = meta
            .date
            .as_deref()
            .and_then(|d| date::parse(d, parallax_model::DateOrigin::Record));
        let mut outlet_name = meta.outlet.clone();
        let mut declared_lang = meta.lang.clone();
        let url = meta.url.clone();
        let (text, extractor) = match content {
            Content::Text(t) => (t, "record".to_string()),
            Content::Html(h) => {
                let x = html::extract(&h, url.as_deref(), self.html_choice);
                title = title.or(x.title);
                published = published.or(x.published);
                outlet_name = outlet_name.or(x.site_name);
                declared_lang = declared_lang.or(x.lang);
                (x.text, x.extractor.to_string())
            }
            Content::Scraped(s) => {
                let p = plain::parse(&s);
                title = title.or(p.title);
                published = published.or(p.published);
                outlet_name = outlet_name.or(p.outlet);
                (p.text, "text".to_string())
            }
        };
        if published.is_none() {
            published = url.as_deref().and_then(date::from_url);
        }
        if parallax_text::words(&text).next().is_none() {
            return Err(Reject {
                path: source.path.clone(),
                location: source.location.clone(),
                kind: RejectKind::NoText,
                message: format!(
                    "no article text found ({} extractor){}",
                    extractor,
                    url.as_deref()
                        .map(|u| format!(" for {u}"))
                        .unwrap_or_default()
                ),
            });
        }
        let attributions = attribution::credits(&text);
        let mut paragraphs: Vec<Paragraph> = parallax_text::paragraphs(&text)
            .into_iter()
            .map(|span| Paragraph {
                span,
                hash: parallax_text::fingerprint(span.slice(&text)),
                role: ParagraphRole::Body,
            })
            .collect();
        attribution::mark_credit_paragraphs(&text, &attributions, &mut paragraphs);
        let blurb_name = blurb::mark(&text, &mut paragraphs);
        if outlet_name.is_none() {
            outlet_name = blurb_name;
        }
        let outlet = outlet_name
            .as_deref()
            .and_then(outlet::key)
            .or_else(|| url.as_deref().and_then(outlet::key_from_url));
        let language = self
            .language
            .identify_body(&text, &paragraphs)
            .or_else(|| declared_lang.and_then(|l| language::normalize_code(&l)));
        let id = article_id(&original);
        Ok(Article {
            id,
            source,
            url,
            outlet,
            outlet_name,
            title: title.map(|t| collapse_ws(&t)),
            published,
            language,
            text,
            paragraphs,
            attributions,
            extractor,
            original,
        })
    }
}

/// A stable id: the first 64 bits of the xxh3-128 hash of the original record, in hex.
pub(crate) fn article_id(original: &[u8]) -> String {
    format!("{:016x}", (xxh3_128(original) >> 64) as u64)
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Keeps `Published` reachable from submodules without a long path.
pub(crate) type Date = Published;
