//! `parallax report OUT_DIR`: the web UI as a static site. The same page and script as
//! `parallax serve`, with the data the API would answer written beside them as `data.js`, so
//! `index.html` opens from disk and makes no request to any server.

use std::path::Path;

use anyhow::Context as _;
use serde::Serialize;

use crate::cli::{Global, ReportArgs};
use crate::serve::{APP_JS, INDEX_HTML, STYLE_CSS};
use crate::views::{self, StoryQuery};

/// Where `index.html` loads the data in a report; the served page has no such file.
const DATA_MARKER: &str = "<!-- parallax:data -->";

#[derive(Serialize)]
struct ReportData {
    generated: String,
    stats: views::StatsView,
    outlets: views::Outlets,
    stories: Vec<views::StoryItem>,
    /// Story details by id.
    details: serde_json::Map<String, serde_json::Value>,
}

fn write(dir: &Path, name: &str, body: &str) -> anyhow::Result<()> {
    let path = dir.join(name);
    std::fs::write(&path, body).with_context(|| format!("writing {}", path.display()))
}

pub(crate) fn run(g: &Global, a: &ReportArgs) -> anyhow::Result<u8> {
    if !INDEX_HTML.contains(DATA_MARKER) {
        anyhow::bail!("the embedded index.html lacks its data marker");
    }
    let mut store = crate::commands::open_existing_store(g)?;
    let stories: Vec<views::StoryItem> = if a.stories.is_empty() {
        views::stories(
            &store,
            &StoryQuery {
                min_articles: Some(a.min_articles),
                limit: Some(a.max_stories.clamp(1, views::MAX_PAGE)),
                ..StoryQuery::default()
            },
            a.max_stories,
        )?
        .stories
    } else {
        let mut list = Vec::new();
        for &id in &a.stories {
            let summary = store
                .story(id)?
                .ok_or_else(|| crate::views::NotFound(format!("no story {id}")))?;
            list.push(views::StoryItem::from(summary));
        }
        list
    };
    let mut details = serde_json::Map::new();
    for s in &stories {
        let d = views::story::detail(&mut store, s.summary.id)?;
        details.insert(s.summary.id.to_string(), serde_json::to_value(&d)?);
    }
    let data = ReportData {
        generated: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        stats: views::stats(&store)?,
        outlets: views::outlets(&store)?,
        stories,
        details,
    };
    std::fs::create_dir_all(&a.out_dir)
        .with_context(|| format!("creating {}", a.out_dir.display()))?;
    let index = INDEX_HTML.replace(DATA_MARKER, r#"<script src="data.js"></script>"#);
    write(&a.out_dir, "index.html", &index)?;
    write(&a.out_dir, "app.js", APP_JS)?;
    write(&a.out_dir, "style.css", STYLE_CSS)?;
    write(
        &a.out_dir,
        "data.js",
        &format!(
            "window.PARALLAX_DATA = {};\n",
            serde_json::to_string(&data)?
        ),
    )?;
    crate::output::status(&format!(
        "wrote {} stor{} to {} (open index.html)",
        data.details.len(),
        if data.details.len() == 1 { "y" } else { "ies" },
        a.out_dir.join("index.html").display()
    ));
    Ok(crate::exit::OK)
}
