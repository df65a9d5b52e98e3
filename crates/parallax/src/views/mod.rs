//! View models: the JSON that the API, the web UI, the static report and the `--json` output of
//! the inspection commands share. Each function reads the store and returns plain serde structs;
//! nothing here knows about HTTP or terminals.

pub(crate) mod article;
pub(crate) mod contributions;
pub(crate) mod roles;
pub(crate) mod story;

use parallax_store::{OutletRow, Store, StoryCursor, StoryFilter, StorySummary};
use serde::Serialize;

use crate::link::epoch_seconds;
use crate::UserError;

/// A thing asked for by id that the store does not hold (HTTP 404, CLI usage error).
#[derive(Debug)]
pub(crate) struct NotFound(pub(crate) String);

impl std::fmt::Display for NotFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotFound {}

/// Languages written right to left, by ISO 639-1 (or 639-3 where there is no two-letter code).
const RTL: &[&str] = &[
    "ar", "fa", "he", "ur", "ps", "yi", "dv", "sd", "ug", "ckb", "ku",
];

/// The HTML `dir` of a text in `language`: `auto` lets the browser decide when it is unknown.
pub(crate) fn text_direction(language: Option<&str>) -> &'static str {
    match language {
        Some(l) if RTL.contains(&l) => "rtl",
        Some(_) => "ltr",
        None => "auto",
    }
}

/// A date or time filter (`YYYY-MM-DD` or RFC 3339) as epoch seconds; a bare day given as an
/// upper bound includes the whole day.
pub(crate) fn time_filter(name: &str, v: Option<&str>, upper: bool) -> anyhow::Result<Option<i64>> {
    let Some(s) = v else { return Ok(None) };
    let t = epoch_seconds(s).ok_or_else(|| {
        UserError(format!(
            "{name} {s:?}: expected YYYY-MM-DD or an RFC 3339 time"
        ))
    })?;
    Ok(Some(if upper && s.trim().len() == 10 {
        t + 86_399
    } else {
        t
    }))
}

/// Filters and paging of the story list.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StoryQuery {
    /// Stories with an article on or after this date.
    pub(crate) since: Option<String>,
    /// Stories with an article on or before this date.
    pub(crate) until: Option<String>,
    /// Stories with an article from this outlet key.
    pub(crate) outlet: Option<String>,
    /// Stories with an article in this language.
    pub(crate) lang: Option<String>,
    /// Stories with at least this many articles.
    pub(crate) min_articles: Option<i64>,
    /// Stories with at least this many outlets.
    pub(crate) min_outlets: Option<i64>,
    /// Full-text search over titles and text.
    pub(crate) q: Option<String>,
    /// Continue after this cursor (a previous page's `next_cursor`).
    pub(crate) cursor: Option<String>,
    /// Page size.
    pub(crate) limit: Option<usize>,
}

/// The largest page of stories one request may ask for.
pub(crate) const MAX_PAGE: usize = 1000;

/// One story of the list.
#[derive(Debug, Serialize)]
pub(crate) struct StoryItem {
    #[serde(flatten)]
    pub(crate) summary: StorySummary,
    /// The first and last publication times as RFC 3339, for display.
    pub(crate) first: Option<String>,
    pub(crate) last: Option<String>,
}

/// A page of stories.
#[derive(Debug, Serialize)]
pub(crate) struct StoryPage {
    pub(crate) stories: Vec<StoryItem>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub(crate) next_cursor: Option<String>,
}

impl From<StorySummary> for StoryItem {
    fn from(summary: StorySummary) -> Self {
        Self {
            first: rfc3339(summary.first_time),
            last: rfc3339(summary.last_time),
            summary,
        }
    }
}

fn rfc3339(t: Option<i64>) -> Option<String> {
    t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

fn encode_cursor(c: StoryCursor) -> String {
    format!("{}.{}.{}", c.articles, c.last_time, c.id)
}

fn decode_cursor(s: &str) -> anyhow::Result<StoryCursor> {
    let bad = || UserError(format!("cursor {s:?} is not one this server gave out"));
    let mut parts = s.split('.').map(|p| p.parse::<i64>());
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(Ok(articles)), Some(Ok(last_time)), Some(Ok(id)), None) => Ok(StoryCursor {
            articles,
            last_time,
            id,
        }),
        _ => Err(bad().into()),
    }
}

/// A page of the story list, largest stories first.
pub(crate) fn stories(
    store: &Store,
    q: &StoryQuery,
    default_limit: usize,
) -> anyhow::Result<StoryPage> {
    let limit = q.limit.unwrap_or(default_limit);
    if limit == 0 || limit > MAX_PAGE {
        return Err(UserError(format!("limit {limit}: expected 1 to {MAX_PAGE}")).into());
    }
    let filter = StoryFilter {
        since: time_filter("since", q.since.as_deref(), false)?,
        until: time_filter("until", q.until.as_deref(), true)?,
        outlet: q.outlet.clone(),
        language: q.lang.clone(),
        min_articles: q.min_articles.unwrap_or(1),
        min_outlets: q.min_outlets.unwrap_or(1),
        query: q.q.clone().filter(|s| !s.trim().is_empty()),
        after: q.cursor.as_deref().map(decode_cursor).transpose()?,
        // One more than asked tells whether there is a next page.
        limit: Some(limit + 1),
    };
    let mut rows = store.stories(&filter)?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next_cursor = more
        .then(|| rows.last().map(|s| encode_cursor(StoryCursor::after(s))))
        .flatten();
    Ok(StoryPage {
        stories: rows.into_iter().map(StoryItem::from).collect(),
        next_cursor,
    })
}

/// Every outlet.
#[derive(Debug, Serialize)]
pub(crate) struct Outlets {
    pub(crate) outlets: Vec<OutletRow>,
}

/// Every outlet with its article and story counts.
pub(crate) fn outlets(store: &Store) -> anyhow::Result<Outlets> {
    Ok(Outlets {
        outlets: store.outlets()?,
    })
}

/// Store-wide counts.
#[derive(Debug, Serialize)]
pub(crate) struct StatsView {
    #[serde(flatten)]
    pub(crate) stats: parallax_store::Stats,
    /// Stories (of any size).
    pub(crate) stories: u64,
}

/// Store-wide counts.
pub(crate) fn stats(store: &Store) -> anyhow::Result<StatsView> {
    Ok(StatsView {
        stats: store.stats()?,
        stories: store.story_ids()?.len() as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let c = StoryCursor {
            articles: 3,
            last_time: i64::MIN,
            id: 42,
        };
        assert_eq!(decode_cursor(&encode_cursor(c)).unwrap(), c);
        assert!(decode_cursor("3.4").is_err());
        assert!(decode_cursor("a.b.c").is_err());
        assert!(decode_cursor("1.2.3.4").is_err());
    }

    #[test]
    fn right_to_left_languages_are_marked() {
        assert_eq!(text_direction(Some("ar")), "rtl");
        assert_eq!(text_direction(Some("fa")), "rtl");
        assert_eq!(text_direction(Some("en")), "ltr");
        assert_eq!(text_direction(None), "auto");
    }

    #[test]
    fn a_bare_day_as_upper_bound_covers_the_day() {
        let lo = time_filter("since", Some("2024-05-01"), false)
            .unwrap()
            .unwrap();
        let hi = time_filter("until", Some("2024-05-01"), true)
            .unwrap()
            .unwrap();
        assert_eq!(hi - lo, 86_399);
        assert!(time_filter("since", Some("May 1"), false).is_err());
    }
}
