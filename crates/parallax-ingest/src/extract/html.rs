//! Main text of an HTML page. Two well-kept extractors run side by side (trafilatura's port and
//! dom_smoothie's Readability), and a small rule picks, per page, the one whose output looks
//! like the article. Page metadata (title, date, site name, language) comes from the same pass.

use std::sync::LazyLock;

use parallax_model::{DateOrigin, Published};
use regex::Regex;

use super::{date, inert, vote};

/// Which extractor to use for HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HtmlChoice {
    /// Run both and cross-check them paragraph by paragraph (the default).
    Combined,
    /// Readability (dom_smoothie) alone, on the page with its chrome cut as for `Combined`: for
    /// crawls too large for the combined pass, about a third of its time per page, at a lower
    /// F1 (`parallax eval extraction` prints both).
    Fast,
    /// trafilatura alone, on the page as it is (for evaluations).
    Trafilatura,
    /// dom_smoothie alone, on the page as it is (for evaluations).
    DomSmoothie,
}

impl HtmlChoice {
    /// Stable name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Self::Combined => "parallax",
            Self::Fast => "parallax-fast",
            Self::Trafilatura => "trafilatura",
            Self::DomSmoothie => "dom_smoothie",
        }
    }
}

/// What one HTML page yields.
#[derive(Debug, Clone, Default)]
pub struct HtmlExtraction {
    /// Main text, paragraphs separated by a blank line.
    pub text: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date, if the page states one.
    pub published: Option<Published>,
    /// The site's own name (`og:site_name`).
    pub site_name: Option<String>,
    /// Declared language (`<html lang>`).
    pub lang: Option<String>,
    /// Which extractor's text was kept.
    pub extractor: &'static str,
}

struct Candidate {
    text: String,
    title: Option<String>,
    site_name: Option<String>,
    lang: Option<String>,
    date: Option<String>,
}

/// Trafilatura with its fallback on. `readability_html`, the Readability extractor's article
/// when it already ran, is offered as trafilatura's first fallback candidate, so it need not run
/// its own Readability port on the page again (the second most costly step of a page).
/// `needs_date` is false when the page's metadata already gave the date, which then wins, so
/// trafilatura's own search for one would be wasted.
fn trafilatura(
    html: &str,
    url: Option<&str>,
    readability_html: Option<String>,
    needs_date: bool,
) -> Option<Candidate> {
    // Reader comments are never stored, so trafilatura need not extract them (same text).
    let mut opts = trafilatura::Options::default()
        .with_fallback(true)
        .with_exclude_comments(true);
    if let Some(u) = url.and_then(|u| url::Url::parse(u).ok()) {
        opts = opts.with_url(u);
    }
    if !needs_date {
        opts = opts.with_html_date_mode(trafilatura::HtmlDateMode::Disabled);
    }
    if readability_html.is_some() {
        let mut candidates = trafilatura::FallbackCandidates::default();
        candidates.readability_html = readability_html;
        opts = opts.with_fallback_candidates(candidates);
    }
    let r = trafilatura::extract(html, &opts).ok()?;
    let m = r.metadata;
    Some(Candidate {
        text: if r.content_html.is_empty() {
            paragraphs_of(&r.content_text)
        } else {
            html_paragraphs(&r.content_html)
        },
        title: non_empty(m.title),
        site_name: non_empty(m.sitename),
        lang: non_empty(m.language),
        date: m.date.map(|d| d.format("%Y-%m-%d").to_string()),
    })
}

/// Readability's candidate and its article as HTML.
fn dom_smoothie(html: &str, url: Option<&str>) -> Option<(Candidate, String)> {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let url = url.filter(|u| url::Url::parse(u).is_ok());
    let mut r = dom_smoothie::Readability::new(html, url, Some(cfg)).ok()?;
    let a = r.parse().ok()?;
    Some((
        Candidate {
            text: paragraphs_of(&a.text_content),
            title: non_empty(a.title),
            site_name: a.site_name.and_then(non_empty),
            lang: a.lang.and_then(non_empty),
            date: a.published_time.and_then(non_empty),
        },
        a.content.to_string(),
    ))
}

fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// One paragraph per non-blank line, whitespace collapsed, separated by a blank line.
fn paragraphs_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut first = true;
        for w in line.split_whitespace() {
            if first {
                if !out.is_empty() {
                    out.push_str("\n\n");
                }
                first = false;
            } else {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// Extracts main text and metadata.
pub(super) fn extract(html: &str, url: Option<&str>, choice: HtmlChoice) -> HtmlExtraction {
    let meta = page_meta(html);
    let candidates: Vec<Option<Candidate>> = match choice {
        HtmlChoice::Trafilatura => vec![trafilatura(html, url, None, true)],
        HtmlChoice::DomSmoothie => vec![dom_smoothie(html, url).map(|(c, _)| c)],
        HtmlChoice::Fast => vec![dom_smoothie(&inert::prepare(html), url).map(|(c, _)| c)],
        HtmlChoice::Combined => {
            // Each crate alone sees the page as it is; together they share one stripped copy.
            let page = inert::prepare(html);
            let (readability, article) = dom_smoothie(&page, url).unzip();
            vec![
                trafilatura(&page, url, article, meta.published.is_none()),
                readability,
            ]
        }
    };
    let first = |f: &dyn Fn(&Candidate) -> Option<String>| candidates.iter().flatten().find_map(f);
    let title = first(&|c| c.title.clone()).or_else(|| meta.title.clone());
    let texts: Vec<&str> = candidates
        .iter()
        .map(|c| c.as_ref().map_or("", |c| c.text.as_str()))
        .collect();
    let text = match texts.as_slice() {
        [trafilatura, readability] => {
            // Each extractor's idea of the headline: a page's logo or site name is sometimes
            // taken for it, and the body must not keep the real one.
            let titles: Vec<&str> = candidates
                .iter()
                .flatten()
                .filter_map(|c| c.title.as_deref())
                .chain(meta.title.as_deref())
                .collect();
            vote::merge(readability, trafilatura, &titles).0
        }
        [one] => one.to_string(),
        _ => String::new(),
    };
    let published = meta
        .published
        .or_else(|| {
            candidates.iter().flatten().find_map(|c| {
                c.date
                    .as_deref()
                    .and_then(|d| date::parse(d, DateOrigin::MetaTag))
            })
        })
        .or(meta.time_element);
    HtmlExtraction {
        text,
        title,
        published,
        site_name: meta.site_name.or_else(|| first(&|c| c.site_name.clone())),
        lang: meta.lang.or_else(|| first(&|c| c.lang.clone())),
        extractor: choice.name(),
    }
}

struct PageMeta {
    published: Option<Published>,
    time_element: Option<Published>,
    title: Option<String>,
    site_name: Option<String>,
    lang: Option<String>,
}

/// Metadata read with light patterns over the raw page, so no third parse is needed:
/// JSON-LD `datePublished`, `article:published_time`-style meta tags, `<time datetime>`,
/// `og:site_name`, `og:title` and `<html lang>`.
fn page_meta(html: &str) -> PageMeta {
    static JSON_LD_DATE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#""datePublished"\s*:\s*"([^"]{6,40})""#).unwrap());
    static META: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?is)<meta\b[^>]*>"#).unwrap());
    static ATTR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?is)\b(property|name|itemprop|content)\s*=\s*(?:"([^"]*)"|'([^']*)')"#)
            .unwrap()
    });
    static TIME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?is)<time\b[^>]*\bdatetime\s*=\s*["']([^"']{6,40})["']"#).unwrap()
    });
    static HTML_LANG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?is)<html\b[^>]*\blang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)"#)
            .unwrap()
    });
    const DATE_KEYS: [&str; 12] = [
        "article:published_time",
        "og:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "date",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "sailthru.date",
        "parsely-pub-date",
    ];
    let head_end = html
        .find("</head>")
        .map(|i| i + 7)
        .unwrap_or(html.len().min(200_000));
    let head = &html[..head_end];
    let mut published = JSON_LD_DATE
        .captures(html)
        .and_then(|c| date::parse(&c[1], DateOrigin::JsonLd));
    let mut title = None;
    let mut site_name = None;
    for m in META.find_iter(head) {
        let mut key = None;
        let mut content = None;
        for a in ATTR.captures_iter(m.as_str()) {
            let v = a.get(2).or(a.get(3)).map(|v| v.as_str().trim().to_string());
            if a[1].eq_ignore_ascii_case("content") {
                content = v;
            } else {
                key = v.map(|k| k.to_ascii_lowercase());
            }
        }
        let (Some(key), Some(content)) = (key, content) else {
            continue;
        };
        if published.is_none() && DATE_KEYS.contains(&key.as_str()) {
            published = date::parse(&content, DateOrigin::MetaTag);
        } else if key == "og:site_name" && site_name.is_none() && !content.is_empty() {
            site_name = Some(html_unescape(&content));
        } else if key == "og:title" && title.is_none() && !content.is_empty() {
            title = Some(html_unescape(&content));
        }
    }
    PageMeta {
        published,
        time_element: TIME
            .captures(html)
            .and_then(|c| date::parse(&c[1], DateOrigin::MetaTag)),
        title,
        site_name,
        lang: HTML_LANG.captures(head).map(|c| c[1].to_string()),
    }
}

fn html_unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Text blocks of the page that the extractor left out (menus, related links, footers): the
/// in-page boilerplate, computed on demand from the original for `parallax article`.
pub fn removed_blocks(html: &str, clean_text: &str) -> Vec<String> {
    let kept = normalize(clean_text);
    let mut out: Vec<String> = Vec::new();
    for block in blocks(&scraper::Html::parse_document(html)) {
        if block.chars().filter(|c| c.is_alphanumeric()).count() >= 3
            && !kept.contains(&normalize(&block))
            && !out.contains(&block)
        {
            out.push(block);
        }
    }
    out
}

/// The visible text of a parsed page, one string per block element (paragraph, list item,
/// heading, cell…), whitespace collapsed, in document order.
fn blocks(doc: &scraper::Html) -> Vec<String> {
    use scraper::Node;
    const BLOCKS: [&str; 24] = [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "footer",
        "nav",
        "aside",
        "section",
        "article",
        "blockquote",
        "td",
        "tr",
        "table",
        "figcaption",
        "form",
        "pre",
    ];
    let mut out = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<String>| {
        let block = current.split_whitespace().collect::<Vec<_>>().join(" ");
        current.clear();
        if !block.is_empty() {
            out.push(block);
        }
    };
    // Consecutive text nodes under the same nearest block element form one block.
    let mut current_block = None;
    for node in doc.tree.root().descendants() {
        let is_break = node.value().as_element().is_some_and(|e| e.name() == "br");
        let Node::Text(t) = node.value() else {
            if is_break {
                current.push('\n');
            }
            continue;
        };
        let mut block = None;
        let mut hidden = false;
        for a in node.ancestors() {
            if let Some(e) = a.value().as_element() {
                if matches!(
                    e.name(),
                    "script" | "style" | "noscript" | "template" | "head"
                ) {
                    hidden = true;
                    break;
                }
                if block.is_none() && BLOCKS.contains(&e.name()) {
                    block = Some(a.id());
                }
            }
        }
        if hidden {
            continue;
        }
        if block != current_block {
            flush(&mut current, &mut out);
            current_block = block;
        }
        current.push_str(t);
    }
    flush(&mut current, &mut out);
    out
}

/// Paragraph text of an extractor's HTML output.
fn html_paragraphs(fragment: &str) -> String {
    blocks(&scraper::Html::parse_fragment(fragment)).join("\n\n")
}

fn normalize(s: &str) -> String {
    parallax_text::normalized_words(s)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Leader answers Hamas | Gazette</title>
<meta property="og:site_name" content="The Example Gazette">
<meta property="article:published_time" content="2018-04-06T09:00:00+04:30">
</head><body><nav><a href="/">Home</a> <a href="/world">World news menu</a></nav>
<article><h1>Leader answers Hamas</h1>
<p>The Supreme Leader said on Wednesday that the solution to the issue of Palestine lies in strengthening the resistance front, and that talks with the occupying regime are a big unforgivable sin.</p>
<p>In response to a recent letter by Hamas' Political Bureau Chief Ismail Haniyeh, the leader added that any move toward negotiations will postpone the victory of the Palestinian nation.</p>
<p>Underlining Iran's permanent stance in full support of Palestine and its combatants, he said the only way to save Palestine is fighting and resistance against the regime.</p>
</article><footer>Copyright 2018 Example Gazette. Subscribe to our newsletter for daily updates.</footer></body></html>"#;

    #[test]
    fn main_text_and_metadata() {
        let x = extract(
            PAGE,
            Some("https://www.example.com/news/leader"),
            HtmlChoice::Combined,
        );
        assert!(x.text.contains("big unforgivable sin"), "{}", x.text);
        assert!(!x.text.contains("newsletter"), "{}", x.text);
        assert!(
            x.text.contains("\n\n"),
            "paragraphs are separated: {}",
            x.text
        );
        assert_eq!(x.published.unwrap().iso, "2018-04-06T04:30:00Z");
        assert_eq!(x.site_name.as_deref(), Some("The Example Gazette"));
        assert_eq!(x.lang.as_deref(), Some("en"));
    }

    #[test]
    fn fast_mode_is_readability_alone_on_the_page_without_its_chrome() {
        let url = Some("https://www.example.com/news/leader");
        let fast = extract(PAGE, url, HtmlChoice::Fast);
        assert_eq!(fast.extractor, "parallax-fast");
        assert!(fast.text.contains("big unforgivable sin"), "{}", fast.text);
        assert!(!fast.text.contains("World news menu"), "{}", fast.text);
        assert!(!fast.text.contains("newsletter"), "{}", fast.text);
        // The same text as Readability alone on the page with its chrome cut, and the same
        // page metadata as the combined mode.
        let cut = extract(&inert::prepare(PAGE), url, HtmlChoice::DomSmoothie);
        assert_eq!(fast.text, cut.text);
        let both = extract(PAGE, url, HtmlChoice::Combined);
        assert_eq!(fast.published, both.published);
        assert_eq!(fast.site_name, both.site_name);
        assert_eq!(fast.lang, both.lang);
    }

    #[test]
    fn removed_blocks_are_what_the_extractor_left_out() {
        let x = extract(PAGE, None, HtmlChoice::Combined);
        let removed = removed_blocks(PAGE, &x.text);
        assert!(
            removed.iter().any(|b| b.contains("newsletter")),
            "{removed:?}"
        );
        assert!(
            !removed.iter().any(|b| b.contains("unforgivable sin")),
            "{removed:?}"
        );
    }
}
