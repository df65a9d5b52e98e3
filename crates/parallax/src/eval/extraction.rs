//! `parallax eval extraction`: main-text extraction on ../shared/eval-dev/extraction, for
//! Parallax's combined extractor, its fast mode and each extractor crate alone, in the same run.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use anyhow::Context as _;
use parallax_ingest::{read, Content, Extractor, HtmlChoice, IngestOptions, Input};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::metrics::{self, PageScore, Prf, SnippetCounts};
use crate::cli::{EvalExtractionArgs, Global};
use crate::output;
use crate::UserError;

const CHOICES: [HtmlChoice; 4] = [
    HtmlChoice::Combined,
    HtmlChoice::Fast,
    HtmlChoice::Trafilatura,
    HtmlChoice::DomSmoothie,
];

#[derive(Debug, Deserialize)]
struct Page {
    id: String,
    set: String,
    gold_kind: String,
    url: Option<String>,
    lang: Option<String>,
    html_file: String,
    gold_text: Option<String>,
    with: Option<Vec<String>>,
    without: Option<Vec<String>>,
}

/// One row of the report: a set (or a set's language) scored for one extractor.
#[derive(Debug, Serialize)]
struct Row {
    set: String,
    gold_kind: String,
    metric: &'static str,
    language: Option<String>,
    extractor: &'static str,
    #[serde(flatten)]
    score: Prf,
    /// Mean extraction time per page, in milliseconds (one thread).
    ms_per_page: f64,
}

enum Scored {
    Shingle(PageScore, f64, String),
    Snippet(SnippetCounts, f64, String),
}

impl Scored {
    fn shingle(&self) -> Option<PageScore> {
        match self {
            Self::Shingle(s, ..) => Some(*s),
            Self::Snippet(..) => None,
        }
    }

    fn snippet(&self) -> Option<SnippetCounts> {
        match self {
            Self::Snippet(s, ..) => Some(*s),
            Self::Shingle(..) => None,
        }
    }

    fn ms(&self) -> f64 {
        match self {
            Self::Shingle(_, ms, _) | Self::Snippet(_, ms, _) => *ms,
        }
    }
}

pub(crate) fn run(g: &Global, a: &EvalExtractionArgs) -> anyhow::Result<u8> {
    let pages_path = a.data.join("extraction/pages.jsonl");
    if !pages_path.exists() {
        return Err(UserError(format!(
            "{}: not found; pass --data to the eval-dev folder (../shared/eval-dev)",
            pages_path.display()
        ))
        .into());
    }
    let mut pages: Vec<Page> = std::fs::read_to_string(&pages_path)
        .with_context(|| format!("reading {}", pages_path.display()))?
        .lines()
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{}:{}", pages_path.display(), i + 1))
        })
        .collect::<anyhow::Result<_>>()?;
    if let Some(set) = &a.set {
        pages.retain(|p| &p.set == set);
    }
    if let Some(n) = a.limit {
        pages.truncate(n);
    }
    let opts = IngestOptions::default();
    let extractors: Vec<Extractor> = CHOICES
        .iter()
        .map(|&c| Extractor::new(&opts).map(|e| e.with_html_choice(c)))
        .collect::<Result<_, _>>()?;
    output::status(&format!(
        "extracting {} pages with {} extractors…",
        pages.len(),
        CHOICES.len()
    ));
    let scored: Vec<(usize, Vec<Scored>)> = pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| -> anyhow::Result<(usize, Vec<Scored>)> {
            let html = load_html(&a.data, page)?;
            let scores = extractors
                .iter()
                .map(|x| {
                    let t0 = std::time::Instant::now();
                    let text = x.extract_html(&html, page.url.as_deref()).text;
                    let ms = t0.elapsed().as_secs_f64() * 1000.0;
                    match (&page.gold_text, &page.with) {
                        (Some(gold), _) => {
                            Scored::Shingle(metrics::shingle_page(&text, gold), ms, text)
                        }
                        (None, with) => Scored::Snippet(
                            metrics::snippet_page(
                                &text,
                                with.as_deref().unwrap_or(&[]),
                                page.without.as_deref().unwrap_or(&[]),
                            ),
                            ms,
                            text,
                        ),
                    }
                })
                .collect();
            Ok((i, scores))
        })
        .collect::<anyhow::Result<_>>()?;
    if let Some(path) = &a.dump {
        let mut lines = String::new();
        for (i, scores) in &scored {
            let mut texts = serde_json::Map::new();
            let mut ms = serde_json::Map::new();
            for (c, s) in CHOICES.iter().zip(scores) {
                let (Scored::Shingle(.., t) | Scored::Snippet(.., t)) = s;
                texts.insert(c.name().to_string(), serde_json::Value::String(t.clone()));
                ms.insert(c.name().to_string(), serde_json::json!(s.ms()));
            }
            let row = serde_json::json!({"id": pages[*i].id, "texts": texts, "ms": ms});
            lines.push_str(&row.to_string());
            lines.push('\n');
        }
        std::fs::write(path, lines).with_context(|| format!("writing {}", path.display()))?;
    }
    // Group page scores by (set, language) for each extractor.
    type Key = (String, Option<String>);
    let mut groups: BTreeMap<Key, Vec<&(usize, Vec<Scored>)>> = BTreeMap::new();
    for s in &scored {
        let p = &pages[s.0];
        groups.entry((p.set.clone(), None)).or_default().push(s);
        groups
            .entry((
                p.set.clone(),
                Some(p.lang.clone().unwrap_or_else(|| "undeclared".into())),
            ))
            .or_default()
            .push(s);
    }
    let mut rows = Vec::new();
    for ((set, lang), members) in &groups {
        let kind = pages[members[0].0].gold_kind.clone();
        for (ci, choice) in CHOICES.iter().enumerate() {
            let ms_per_page =
                members.iter().map(|m| m.1[ci].ms()).sum::<f64>() / members.len() as f64;
            let scored: Vec<&Scored> = members.iter().map(|m| &m.1[ci]).collect();
            let (metric, score) = match scored[0] {
                Scored::Shingle(..) => (
                    "shingle",
                    metrics::aggregate_shingles(
                        &scored
                            .iter()
                            .filter_map(|s| s.shingle())
                            .collect::<Vec<_>>(),
                    ),
                ),
                Scored::Snippet(..) => (
                    "snippet",
                    metrics::aggregate_snippets(
                        &scored
                            .iter()
                            .filter_map(|s| s.snippet())
                            .collect::<Vec<_>>(),
                    ),
                ),
            };
            rows.push(Row {
                set: set.clone(),
                gold_kind: kind.clone(),
                metric,
                language: lang.clone(),
                extractor: choice.name(),
                score,
                ms_per_page,
            });
        }
    }
    if g.json {
        output::json(&rows)?;
        return Ok(crate::exit::OK);
    }
    let fmt_rows = |filter: &dyn Fn(&Row) -> bool| -> Vec<Vec<String>> {
        rows.iter()
            .filter(|r| filter(r))
            .map(|r| {
                vec![
                    r.set.clone(),
                    r.language.clone().unwrap_or_else(|| "all".into()),
                    r.gold_kind.clone(),
                    r.metric.to_string(),
                    r.score.pages.to_string(),
                    r.extractor.to_string(),
                    format!("{:.3}", r.score.precision),
                    format!("{:.3}", r.score.recall),
                    format!("{:.3}", r.score.f1),
                    format!("{:.3}", r.score.accuracy),
                    format!("{:.1}", r.ms_per_page),
                ]
            })
            .collect()
    };
    let header = [
        "SET",
        "LANG",
        "GOLD",
        "METRIC",
        "PAGES",
        "EXTRACTOR",
        "P",
        "R",
        "F1",
        "ACC",
        "MS/PAGE",
    ];
    output::out("Per set (human and silver gold are never pooled):")?;
    output::out(&output::table(
        &header,
        &fmt_rows(&|r| r.language.is_none()),
    ))?;
    output::out("Per declared language:")?;
    output::out(&output::table(
        &header,
        &fmt_rows(&|r| r.language.is_some()),
    ))?;
    Ok(crate::exit::OK)
}

/// Reads a page's HTML and decodes it exactly as ingest does (BOM, declared charset, detection).
fn load_html(data: &Path, page: &Page) -> anyhow::Result<String> {
    let path = data.join(&page.html_file);
    let mut bytes = Vec::new();
    flate2::read::MultiGzDecoder::new(
        std::fs::File::open(&path).with_context(|| format!("opening {}", path.display()))?,
    )
    .read_to_end(&mut bytes)
    .with_context(|| format!("decompressing {}", path.display()))?;
    let input = Input::from_bytes(format!("{}.html", page.id), bytes);
    let mut html = None;
    read(
        &input,
        &IngestOptions::default(),
        &parallax_model::NoReporter,
        &mut |r| {
            if let Ok(rec) = r {
                if let Content::Html(h) | Content::Scraped(h) = rec.content {
                    html = Some(h);
                }
            }
        },
    );
    Ok(html.unwrap_or_default())
}
