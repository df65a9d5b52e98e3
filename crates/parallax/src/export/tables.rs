//! The tables `parallax export --what …` can write: for each, its columns and a function that
//! streams its rows from the store. A new table is a new [`What`] variant, its columns and
//! one row function.

use std::collections::HashMap;

use parallax_store::{Store, StoryFilter};

use super::{Column, Kind, Value};
use crate::cli::ExportWhat;

const fn col(name: &'static str, kind: Kind) -> Column {
    Column { name, kind }
}

const ARTICLES: &[Column] = &[
    col("id", Kind::Text),
    col("seq", Kind::Int),
    col("story", Kind::Int),
    col("published", Kind::Text),
    col("outlet", Kind::Text),
    col("outlet_name", Kind::Text),
    col("language", Kind::Text),
    col("url", Kind::Text),
    col("title", Kind::Text),
    col("text", Kind::Text),
    col("source_path", Kind::Text),
];

const STORIES: &[Column] = &[
    col("id", Kind::Int),
    col("articles", Kind::Int),
    col("outlets", Kind::Int),
    col("independent", Kind::Int),
    col("first_published", Kind::Text),
    col("last_published", Kind::Text),
    col("languages", Kind::Text),
    col("label", Kind::Text),
];

const LINKS: &[Column] = &[
    col("a", Kind::Text),
    col("b", Kind::Text),
    col("kind", Kind::Text),
    col("jaccard", Kind::Float),
    col("a_in_b", Kind::Float),
    col("b_in_a", Kind::Float),
];

const QUOTES: &[Column] = &[
    col("story", Kind::Int),
    col("quote", Kind::Text),
    col("speaker", Kind::Text),
    col("single_outlet", Kind::Int),
    col("article", Kind::Text),
    col("outlet", Kind::Text),
    col("kind", Kind::Text),
    col("start", Kind::Int),
    col("end", Kind::Int),
    col("text", Kind::Text),
    col("speaker_as_written", Kind::Text),
    col("cue", Kind::Text),
];

const FACTS: &[Column] = &[
    col("story", Kind::Int),
    col("article", Kind::Text),
    col("outlet", Kind::Text),
    col("measure", Kind::Text),
    col("value", Kind::Float),
    col("low", Kind::Float),
    col("high", Kind::Float),
    col("approx", Kind::Text),
    col("subject", Kind::Text),
    col("time", Kind::Text),
    col("start", Kind::Int),
    col("end", Kind::Int),
    col("text", Kind::Text),
    col("discrepancies", Kind::Int),
];

/// The columns of `what`, in the order rows give their values.
pub(crate) fn columns(what: ExportWhat) -> &'static [Column] {
    match what {
        ExportWhat::Articles => ARTICLES,
        ExportWhat::Stories => STORIES,
        ExportWhat::Links => LINKS,
        ExportWhat::Quotes => QUOTES,
        ExportWhat::Facts => FACTS,
    }
}

/// Streams the rows of `what` into `emit`; returns how many.
pub(crate) fn rows(
    store: &mut Store,
    what: ExportWhat,
    emit: &mut dyn FnMut(&[Value]) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    match what {
        ExportWhat::Articles => articles(store, emit),
        ExportWhat::Stories => stories(store, emit),
        ExportWhat::Links => links(store, emit),
        ExportWhat::Quotes => quotes(store, emit),
        ExportWhat::Facts => facts(store, emit),
    }
}

fn articles(
    store: &Store,
    emit: &mut dyn FnMut(&[Value]) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    let mut n = 0;
    store.for_each_article_row(|a| -> anyhow::Result<()> {
        n += 1;
        emit(&[
            a.id.into(),
            a.seq.into(),
            a.story.into(),
            a.published.into(),
            a.outlet.into(),
            a.outlet_name.into(),
            a.language.into(),
            a.url.into(),
            a.title.into(),
            a.text.into(),
            a.source_path.into(),
        ])
    })?;
    Ok(n)
}

/// Seconds since the epoch as RFC 3339 UTC.
fn iso(t: Option<i64>) -> Value {
    t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .into()
}

fn stories(
    store: &Store,
    emit: &mut dyn FnMut(&[Value]) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    let all = store.stories(&StoryFilter::default())?;
    for s in &all {
        emit(&[
            s.id.into(),
            s.articles.into(),
            s.outlets.into(),
            s.independent.into(),
            iso(s.first_time),
            iso(s.last_time),
            s.languages.clone().into(),
            s.label.clone().into(),
        ])?;
    }
    Ok(all.len())
}

fn links(
    store: &Store,
    emit: &mut dyn FnMut(&[Value]) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    let rows = store.dup_links()?;
    let mut ids: HashMap<i64, Option<String>> = HashMap::new();
    let mut id_of = |seq: i64| -> anyhow::Result<Value> {
        if let Some(id) = ids.get(&seq) {
            return Ok(id.clone().into());
        }
        let id = store.article_id(seq)?;
        ids.insert(seq, id.clone());
        Ok(id.into())
    };
    for r in &rows {
        emit(&[
            id_of(r.a)?,
            id_of(r.b)?,
            r.kind.to_string().into(),
            r.jaccard.into(),
            r.a_in_b.into(),
            r.b_in_a.into(),
        ])?;
    }
    Ok(rows.len())
}

/// One row per rendering of a quoted statement, story by story (alignments computed on the
/// way are kept in the store).
fn quotes(
    store: &mut Store,
    emit: &mut dyn FnMut(&[Value]) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    let mut n = 0;
    for story in store.story_ids()? {
        for q in crate::story_quotes::story_quotes(store, story)?.quotes {
            for v in q.variants {
                let kind = serde_json::to_value(v.kind)?.as_str().map(str::to_string);
                emit(&[
                    story.into(),
                    q.id.clone().into(),
                    q.speaker.clone().into(),
                    i64::from(q.single_outlet).into(),
                    v.article.into(),
                    v.outlet.into(),
                    kind.into(),
                    (v.start as i64).into(),
                    (v.end as i64).into(),
                    v.text.into(),
                    v.speaker_as_written.into(),
                    v.cue.into(),
                ])?;
                n += 1;
            }
        }
    }
    Ok(n)
}

/// One row per numeric fact, story by story, with how many discrepancies it takes part in.
fn facts(
    store: &mut Store,
    emit: &mut dyn FnMut(&[Value]) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    let mut n = 0;
    for story in store.story_ids()? {
        let f = crate::story_facts::story_facts(store, story)?;
        let mut conflicts: HashMap<(&str, usize), i64> = HashMap::new();
        for d in &f.discrepancies {
            for x in [&d.a, &d.b] {
                *conflicts.entry((x.article.as_str(), x.start)).or_insert(0) += 1;
            }
        }
        for x in &f.facts {
            let c = conflicts
                .get(&(x.article.as_str(), x.start))
                .copied()
                .unwrap_or(0);
            emit(&[
                story.into(),
                x.article.clone().into(),
                x.outlet.clone().into(),
                x.measure.clone().into(),
                x.value.into(),
                x.low.into(),
                x.high.map_or(Value::Null, Value::Float),
                x.approx.clone().into(),
                x.subject.clone().into(),
                x.time.clone().into(),
                (x.start as i64).into(),
                (x.end as i64).into(),
                x.text.clone().into(),
                c.into(),
            ])?;
            n += 1;
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_are_unique_per_table() {
        for what in [
            ExportWhat::Articles,
            ExportWhat::Stories,
            ExportWhat::Links,
            ExportWhat::Quotes,
            ExportWhat::Facts,
        ] {
            let mut names: Vec<&str> = columns(what).iter().map(|c| c.name).collect();
            let n = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), n, "{what:?}");
        }
    }
}
