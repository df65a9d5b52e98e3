//! Listing commands: `articles`, `rejects`, `stats`, `languages`.

use parallax_store::ArticleFilter;

use crate::cli::{ArticlesArgs, Global, RejectsArgs};
use crate::output::{self, clip, table};

pub(super) fn articles(g: &Global, a: &ArticlesArgs) -> anyhow::Result<u8> {
    let store = super::open_existing_store(g)?;
    let rows = store.articles(&ArticleFilter {
        outlet: a.outlet.clone(),
        language: a.lang.clone(),
        since: a.since.clone(),
        until: a.until.clone(),
        limit: Some(a.limit),
    })?;
    if g.json {
        output::json(&rows)?;
        return Ok(crate::exit::OK);
    }
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.id.clone(),
                r.published.clone().unwrap_or_else(|| "-".into()),
                r.outlet.clone().unwrap_or_else(|| "-".into()),
                r.language.clone().unwrap_or_else(|| "-".into()),
                clip(r.title.as_deref().unwrap_or("-"), 60),
            ]
        })
        .collect();
    output::out(&table(
        &["ID", "PUBLISHED", "OUTLET", "LANG", "TITLE"],
        &body,
    ))?;
    if rows.len() == a.limit {
        output::status(&format!("(first {} shown; --limit N for more)", a.limit));
    }
    Ok(crate::exit::OK)
}

pub(super) fn rejects(g: &Global, a: &RejectsArgs) -> anyhow::Result<u8> {
    let store = super::open_existing_store(g)?;
    let rows = store.rejects(Some(a.limit))?;
    if g.json {
        output::json(&rows)?;
        return Ok(crate::exit::OK);
    }
    if rows.is_empty() {
        output::status("no rejects recorded");
        return Ok(crate::exit::OK);
    }
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.last_seen.clone(),
                r.reject.kind.code().to_string(),
                format!("{}{}", r.reject.path, r.reject.location.suffix()),
                r.reject.message.clone(),
            ]
        })
        .collect();
    output::out(&table(&["LAST SEEN", "KIND", "WHERE", "WHY"], &body))?;
    Ok(crate::exit::OK)
}

pub(super) fn stats(g: &Global) -> anyhow::Result<u8> {
    let store = super::open_existing_store(g)?;
    let s = store.stats()?;
    if g.json {
        output::json(&s)?;
    } else {
        output::out(&format!(
            "store       {}\nschema      {}\narticles    {}\noutlets     {}\nrejects     {}",
            g.db.display(),
            s.schema_version,
            s.articles,
            s.outlets,
            s.rejects
        ))?;
    }
    Ok(crate::exit::OK)
}

pub(super) fn languages(g: &Global) -> anyhow::Result<u8> {
    let codes = parallax_ingest::supported_languages();
    if g.json {
        output::json(&codes)?;
    } else {
        output::out(&codes.join(" "))?;
    }
    Ok(crate::exit::OK)
}
