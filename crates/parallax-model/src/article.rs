//! The article: clean text plus everything known about where it came from.

use serde::{Deserialize, Serialize};

use crate::Span;

/// The container an article was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputFormat {
    /// Plain text as scraped, possibly with a small header (`date 2018-04-06`).
    Text,
    /// An HTML page.
    Html,
    /// One line of a JSON Lines file.
    JsonLines,
    /// One response or resource record of a WARC file.
    Warc,
}

impl InputFormat {
    /// Stable lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Html => "html",
            Self::JsonLines => "jsonl",
            Self::Warc => "warc",
        }
    }

    /// The format with this stable name.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Text, Self::Html, Self::JsonLines, Self::Warc]
            .into_iter()
            .find(|f| f.name() == name)
    }
}

/// Where inside an input a record or a problem sits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    /// The whole file.
    File,
    /// A 1-based line of a line-oriented input.
    Line {
        /// Line number, starting at 1.
        line: u64,
    },
    /// A byte offset into the (decompressed) input.
    Offset {
        /// Offset in bytes from the start of the decompressed stream.
        offset: u64,
    },
    /// A WARC record.
    Record {
        /// 1-based position of the record in the file.
        number: u64,
        /// Offset of the record in the decompressed stream.
        offset: u64,
        /// The record's `WARC-Record-ID`, when it could be read.
        record_id: Option<String>,
    },
}

impl Location {
    /// A short suffix for messages: `:17` for a line, ` @ byte 1024`, ` record 3`…
    pub fn suffix(&self) -> String {
        match self {
            Self::File => String::new(),
            Self::Line { line } => format!(":{line}"),
            Self::Offset { offset } => format!(" at byte {offset}"),
            Self::Record {
                number,
                offset,
                record_id,
            } => match record_id {
                Some(id) => format!(" record {number} {id} (byte {offset})"),
                None => format!(" record {number} (byte {offset})"),
            },
        }
    }
}

/// Where an article came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The input path as given (`-` for standard input).
    pub path: String,
    /// Where in that input.
    pub location: Location,
    /// The container format.
    pub format: InputFormat,
    /// A compression layer that was removed (`gzip`, `zstd`), if any.
    pub compression: Option<String>,
    /// The legacy character encoding the bytes were decoded from, when not UTF-8.
    pub decoded_from: Option<String>,
}

/// What a paragraph of the clean text is, as decided inside one article. Outlet boilerplate
/// (a paragraph that recurs across one outlet's articles) is decided later, across articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphRole {
    /// Article content.
    Body,
    /// A credit line such as "Source: Islamic Republic News Agency": evidence, not content.
    Credit,
    /// The outlet describing itself ("The X News Gazette is mainly concerned with…").
    SiteBlurb,
}

impl ParagraphRole {
    /// Stable lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Body => "body",
            Self::Credit => "credit",
            Self::SiteBlurb => "site_blurb",
        }
    }

    /// The role with this stable name.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Body, Self::Credit, Self::SiteBlurb]
            .into_iter()
            .find(|r| r.name() == name)
    }
}

/// One paragraph of an article's clean text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// Its bytes in [`Article::text`].
    pub span: Span,
    /// A hash of its normalised words, to find the same paragraph in other articles.
    pub hash: u64,
    /// What it is within the article.
    pub role: ParagraphRole,
}

/// How an explicit credit to another source is phrased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributionKind {
    /// A credit line: "Source: IRNA", "Sources: Reuters, AFP".
    SourceLine,
    /// A dateline naming an agency: "WASHINGTON (AP) —", "BEIRUT, April 6 (Reuters) -".
    Dateline,
    /// An agency in parentheses elsewhere: "(AFP)".
    Parenthetical,
    /// "according to IRNA", "IRNA reported".
    Reported,
    /// A byline or copyright line naming an agency: "By The Associated Press".
    Byline,
    /// A hat tip to another publisher: "h/t: The Hill".
    HatTip,
}

/// An explicit credit in the text to a wire service, agency or other publisher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// The credited name as written, in [`Article::text`].
    pub span: Span,
    /// The whole phrase that carries the credit ("Source: Islamic Republic News Agency").
    pub phrase: Span,
    /// How the credit is phrased.
    pub kind: AttributionKind,
    /// The agency's canonical key (`IRNA`, `AP`) when it is a known agency.
    pub agency: Option<String>,
}

/// How a publication date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrigin {
    /// A field of the input record (JSON Lines `date`).
    Record,
    /// Structured data in the page (JSON-LD `datePublished`).
    JsonLd,
    /// A `<meta>` tag or `<time>` element.
    MetaTag,
    /// The URL path (`/2018/04/06/`).
    Url,
    /// A header line of a scraped text file (`date 2018-04-06`).
    TextHeader,
    /// The WARC record's capture date: when it was crawled, an upper bound.
    Crawl,
}

/// A publication date, exactly as precise as the source gave it. Never invented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    /// ISO 8601: `2018-04-06` for a day, `2018-04-06T09:30:00Z` with a time (UTC).
    pub iso: String,
    /// Where it was found.
    pub origin: DateOrigin,
}

/// An ingested article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Stable id: a hash of the original record, so the same input always maps to the same id.
    pub id: String,
    /// Where it came from.
    pub source: Source,
    /// The page's URL, when known.
    pub url: Option<String>,
    /// One key per outlet: a host name without `www.` or a slug of the site name.
    pub outlet: Option<String>,
    /// The outlet's name as the page gives it, when it does.
    pub outlet_name: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The publication date, if the input states one.
    pub published: Option<Published>,
    /// ISO 639-1 code of the body's language, when it could be identified.
    pub language: Option<String>,
    /// The clean body text; paragraphs are separated by a blank line.
    pub text: String,
    /// The paragraphs of [`Article::text`], in order.
    pub paragraphs: Vec<Paragraph>,
    /// Explicit credits found in the text.
    pub attributions: Vec<Attribution>,
    /// Which extractor produced the text: `parallax` (HTML, both extractors cross-checked),
    /// `parallax-fast` (HTML, Readability alone), `text` (plain text) or `record` (a record's text).
    pub extractor: String,
    /// The original bytes of the record, untouched.
    pub original: Vec<u8>,
}

impl Article {
    /// The paragraphs that carry content: in-article credit lines and site blurbs left out.
    pub fn body_paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.paragraphs
            .iter()
            .filter(|p| p.role == ParagraphRole::Body)
    }
}
