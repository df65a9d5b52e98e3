//! `parallax quotes [--story ID] [--speaker NAME]` and `parallax quote ID`: who said what in a
//! story, and how each outlet rendered it.

use parallax_quotes::{name_key, ChangeOp};

use crate::cli::{Global, QuoteArgs, QuotesArgs};
use crate::output::{self, clip, table};
use crate::story_quotes::{story_quotes, QuoteGroup, StoryQuotes};
use crate::UserError;

/// Does the group's speaker match `name`: the same name key, or the text found in a written
/// or resolved speaker (case-insensitive)?
fn speaker_matches(g: &QuoteGroup, name: &str) -> bool {
    let lower = name.to_lowercase();
    if let (Some(k), Some(want)) = (&g.speaker_key, name_key(name)) {
        if *k == want {
            return true;
        }
    }
    g.speaker
        .iter()
        .chain(
            g.variants
                .iter()
                .flat_map(|v| v.speaker_as_written.iter().chain(&v.speaker_resolved)),
        )
        .any(|s| s.to_lowercase().contains(&lower))
}

pub(super) fn list(g: &Global, a: &QuotesArgs) -> anyhow::Result<u8> {
    let mut store = super::open_existing_store(g)?;
    // `story_quotes` refuses a story that does not exist.
    let stories = match a.story {
        Some(id) => vec![id],
        None => store.story_ids()?,
    };
    let mut all: Vec<StoryQuotes> = Vec::with_capacity(stories.len());
    // Every story's articles are read by the quote models: minutes on a large store.
    let bar = crate::progress::count_bar("stories", !g.no_progress && !g.quiet);
    bar.set_length(stories.len() as u64);
    for id in stories {
        bar.inc(1);
        let mut sq = story_quotes(&mut store, id)?;
        if let Some(name) = &a.speaker {
            sq.quotes.retain(|q| speaker_matches(q, name));
        }
        if !sq.quotes.is_empty() || a.story.is_some() {
            all.push(sq);
        }
    }
    bar.finish_and_clear();
    if g.json {
        output::json(&all)?;
        return Ok(crate::exit::OK);
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .flat_map(|s| &s.quotes)
        .map(|q| {
            let flagged = q
                .differences
                .iter()
                .flat_map(|d| &d.ops)
                .filter(|o| o.meaning)
                .count();
            vec![
                q.id.clone(),
                clip(
                    q.speaker
                        .as_deref()
                        .or(q.variants[0].speaker_as_written.as_deref())
                        .unwrap_or("-"),
                    28,
                ),
                q.variants.len().to_string(),
                if q.single_outlet {
                    "only one".into()
                } else {
                    "several".into()
                },
                flagged.to_string(),
                clip(&q.statement, a.width),
            ]
        })
        .collect();
    output::out(&table(
        &[
            "ID",
            "SPEAKER",
            "RENDERINGS",
            "OUTLETS",
            "MEANING DIFFS",
            "STATEMENT",
        ],
        &rows,
    ))?;
    Ok(crate::exit::OK)
}

/// `STORY:ARTICLE:START` split into its story and the whole id.
fn parse_id(id: &str) -> Option<i64> {
    let mut parts = id.splitn(3, ':');
    let story = parts.next()?.parse().ok()?;
    parts.next()?;
    parts.next()?.parse::<usize>().ok()?;
    Some(story)
}

/// Marks one run of a difference: `[-a-]{+b+}`, with `!` before a change of meaning.
fn render_change(op: &parallax_quotes::WordChange) -> String {
    let bang = if op.meaning { "!" } else { "" };
    match op.op {
        ChangeOp::Same => op.a.clone(),
        ChangeOp::Insert => format!("{bang}{{+{}+}}", op.b),
        ChangeOp::Delete => format!("{bang}[-{}-]", op.a),
        ChangeOp::Substitute => format!("{bang}[-{}-]{{+{}+}}", op.a, op.b),
    }
}

pub(super) fn show(g: &Global, a: &QuoteArgs) -> anyhow::Result<u8> {
    let story = parse_id(&a.id).ok_or_else(|| {
        UserError(format!(
            "{:?}: a quote id is STORY:ARTICLE:START, as `parallax quotes` lists them",
            a.id
        ))
    })?;
    let mut store = super::open_existing_store(g)?;
    if store.story(story)?.is_none() {
        return Err(UserError(format!("no story {story} (quote {})", a.id)).into());
    }
    let sq = story_quotes(&mut store, story)?;
    let Some(q) = sq.quotes.into_iter().find(|q| q.id == a.id) else {
        return Err(UserError(format!("no quote {} in story {story}", a.id)).into());
    };
    if g.json {
        output::json(&q)?;
        return Ok(crate::exit::OK);
    }
    let mut s = format!(
        "quote {}\nspeaker: {}\n{}\n\n",
        q.id,
        q.speaker.as_deref().unwrap_or("-"),
        if q.single_outlet {
            "carried by one outlet only"
        } else {
            "carried by several outlets"
        }
    );
    let rows: Vec<Vec<String>> = q
        .variants
        .iter()
        .map(|v| {
            vec![
                if v.outlet.is_empty() {
                    "-".into()
                } else {
                    v.outlet.clone()
                },
                v.article.clone(),
                format!("{}-{}", v.start, v.end),
                serde_json::to_value(v.kind)
                    .ok()
                    .and_then(|k| k.as_str().map(str::to_string))
                    .unwrap_or_default(),
                v.speaker_as_written.clone().unwrap_or_else(|| "-".into()),
                clip(&v.text, a.width),
            ]
        })
        .collect();
    s.push_str(&table(
        &[
            "OUTLET",
            "ARTICLE",
            "BYTES",
            "KIND",
            "SPEAKER AS WRITTEN",
            "TEXT",
        ],
        &rows,
    ));
    for d in &q.differences {
        let flagged: Vec<String> = d
            .ops
            .iter()
            .filter(|o| o.meaning)
            .map(|o| format!("{:?} → {:?}", o.a, o.b))
            .collect();
        s.push_str(&format!("\n{} → {}:\n  ", d.a, d.b));
        s.push_str(
            &d.ops
                .iter()
                .map(render_change)
                .collect::<Vec<_>>()
                .join(" "),
        );
        s.push('\n');
        if !flagged.is_empty() {
            s.push_str(&format!("  meaning changes: {}\n", flagged.join("; ")));
        }
    }
    output::out(&s)?;
    Ok(crate::exit::OK)
}
