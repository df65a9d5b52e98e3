//! Duplicates and stories in the store: what the link stage reads (articles not linked yet,
//! the signatures and stories of those that are, its saved state) and writes (one row per
//! article, verified duplicate links, merges, story summaries), and what the commands read.
//! The decisions are made by `parallax_cluster`; this module only moves rows.

use std::collections::{HashMap, HashSet};

use parallax_model::Paragraph;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::store::outlet_key;
use crate::{pack, Store, StoreError};

/// An article the link stage has not seen, with what it needs to link it.
#[derive(Debug, Clone)]
pub struct LinkSource {
    /// Insertion order, the article's key in link tables.
    pub seq: i64,
    /// Outlet key.
    pub outlet: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Clean body.
    pub text: String,
    /// Paragraphs of `text`.
    pub paragraphs: Vec<Paragraph>,
    /// Per paragraph: outlet boilerplate under the rule the caller passed.
    pub boilerplate: Vec<bool>,
}

/// A linked article as the incremental stages reload it.
#[derive(Debug, Clone)]
pub struct LinkedArticle {
    /// Article key.
    pub seq: i64,
    /// Publication time (seconds since the epoch).
    pub time: Option<i64>,
    /// Exact-duplicate hash.
    pub exact_hash: i64,
    /// MinHash signature bytes, when the body had shingles.
    pub signature: Option<Vec<u8>>,
    /// Current story.
    pub story: i64,
    /// How it was placed (see [`LinkRow::placement`]).
    pub placement: String,
}

/// What the link stage decided for one article.
#[derive(Debug, Clone)]
pub struct LinkRow {
    /// Article key.
    pub seq: i64,
    /// Publication time.
    pub time: Option<i64>,
    /// Exact-duplicate hash.
    pub exact_hash: i64,
    /// Shingle count.
    pub shingles: i64,
    /// Signature bytes.
    pub signature: Option<Vec<u8>>,
    /// Story.
    pub story: i64,
    /// Cosine to the story when it joined.
    pub score: f64,
    /// opened | similar | duplicate | undated_duplicate | undated_similar | undated_alone.
    pub placement: &'static str,
}

/// A verified duplicate or containment link.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DupRow {
    /// The article linked first.
    pub a: i64,
    /// The article linked second.
    pub b: i64,
    /// exact | near | contained.
    pub kind: &'static str,
    /// Exact Jaccard of the shingle sets.
    pub jaccard: f64,
    /// Share of a's shingles in b.
    pub a_in_b: f64,
    /// Share of b's shingles in a.
    pub b_in_a: f64,
}

/// A story absorbed into another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergeRow {
    /// The story that ceased to exist.
    pub absorbed: i64,
    /// The story that took its articles.
    pub into_story: i64,
    /// The article that bridged them.
    pub article_seq: i64,
    /// Cosine of the two stories when they merged.
    pub similarity: f64,
    /// duplicate | similar.
    pub reason: &'static str,
}

/// One batch of link-stage results, written in one transaction.
#[derive(Debug, Default)]
pub struct LinkBatch {
    /// New article rows.
    pub rows: Vec<LinkRow>,
    /// New duplicate links.
    pub dups: Vec<DupRow>,
    /// Merges, in the order they happened.
    pub merges: Vec<MergeRow>,
    /// Saved stage state (name, bytes), replacing earlier values.
    pub state: Vec<(&'static str, Vec<u8>)>,
}

/// A story's summary row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StorySummary {
    /// Story id.
    pub id: i64,
    /// Articles in it.
    pub articles: i64,
    /// Distinct outlets.
    pub outlets: i64,
    /// Articles left after collapsing duplicates and contained copies into one.
    pub independent: i64,
    /// Earliest publication time.
    pub first_time: Option<i64>,
    /// Latest publication time.
    pub last_time: Option<i64>,
    /// Top terms.
    pub label: String,
    /// Languages, comma-separated.
    pub languages: String,
}

/// A member of a story, for summaries and `parallax story`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryMember {
    /// Article key.
    pub seq: i64,
    /// Article id.
    pub id: String,
    /// Outlet key.
    pub outlet: Option<String>,
    /// Language.
    pub language: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Publication date as stored.
    pub published: Option<String>,
    /// Publication time.
    pub time: Option<i64>,
    /// Cosine to the story when it joined.
    pub score: f64,
    /// How it was placed.
    pub placement: String,
    /// The story it first joined (differs from the story after a merge).
    pub joined: i64,
}

/// Filters of `parallax stories`.
#[derive(Debug, Clone, Default)]
pub struct StoryFilter {
    /// Stories with an article at or after this time.
    pub since: Option<i64>,
    /// Stories with an article at or before this time.
    pub until: Option<i64>,
    /// Stories with an article from this outlet.
    pub outlet: Option<String>,
    /// Stories with an article in this language.
    pub language: Option<String>,
    /// Stories with at least this many articles.
    pub min_articles: i64,
    /// Stories with articles from at least this many outlets.
    pub min_outlets: i64,
    /// Stories with an article whose title or text matches these words (full-text search; every
    /// word must occur, in any order).
    pub query: Option<String>,
    /// Stories after this one in the listing order (keyset pagination).
    pub after: Option<StoryCursor>,
    /// At most this many.
    pub limit: Option<usize>,
}

/// A position in the story listing (largest first, then newest, then by id): the sort key of
/// the last story of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoryCursor {
    /// Articles of the last story shown.
    pub articles: i64,
    /// Its newest article's time (`i64::MIN` when undated).
    pub last_time: i64,
    /// Its id.
    pub id: i64,
}

impl StoryCursor {
    /// The cursor that continues after `s`.
    pub fn after(s: &StorySummary) -> Self {
        Self {
            articles: s.articles,
            last_time: s.last_time.unwrap_or(i64::MIN),
            id: s.id,
        }
    }
}

/// One outlet: its articles and the stories they are in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutletRow {
    /// The outlet key (`None` for articles of no known outlet).
    pub outlet: Option<String>,
    /// Its articles.
    pub articles: i64,
    /// Distinct stories its articles are in.
    pub stories: i64,
    /// Its languages, most frequent first, comma-separated.
    pub languages: String,
}

/// Turns free text into an FTS5 query that cannot be a syntax error: every word is quoted, so
/// all must occur. `None` when the text has no word.
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

impl Store {
    /// Articles without a link row, as (seq, published) in insertion order.
    pub fn unlinked(&self) -> Result<Vec<(i64, Option<String>)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.seq, a.published FROM articles a
                 LEFT JOIN article_links l ON l.article_seq = a.seq
                 WHERE l.article_seq IS NULL ORDER BY a.seq",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// Keys of (outlet, paragraph) pairs seen in at least `min_articles` articles.
    pub fn boilerplate_keys(&self, min_articles: u32) -> Result<HashSet<i64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT key FROM outlet_paragraphs WHERE articles >= ?1")
            .map_err(self.err())?;
        let rows = stmt
            .query_map([min_articles], |r| r.get(0))
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// The title of article `seq` (`None` when it has none or does not exist).
    pub fn title(&self, seq: i64) -> Result<Option<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT title FROM articles WHERE seq = ?1")
            .map_err(self.err())?;
        let mut rows = stmt.query([seq]).map_err(self.err())?;
        match rows.next().map_err(self.err())? {
            Some(r) => r.get(0).map_err(self.err()),
            None => Ok(None),
        }
    }

    /// The articles `seqs`, in that order, with paragraphs marked boilerplate when their
    /// (outlet, paragraph) key is in `boilerplate`.
    pub fn link_sources(
        &self,
        seqs: &[i64],
        boilerplate: &HashSet<i64>,
    ) -> Result<Vec<LinkSource>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT outlet, language, title, text, paragraphs FROM articles WHERE seq = ?1",
            )
            .map_err(self.err())?;
        let mut out = Vec::with_capacity(seqs.len());
        for &seq in seqs {
            let (outlet, language, title, text, packed): (
                Option<String>,
                Option<String>,
                Option<String>,
                String,
                Vec<u8>,
            ) = stmt
                .query_row([seq], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .map_err(self.err())?;
            let paragraphs = pack::unpack(&packed, text.len())
                .ok_or_else(|| self.bad(format!("paragraphs of article {seq}")))?;
            let flags = paragraphs
                .iter()
                .map(|p| {
                    outlet
                        .as_deref()
                        .is_some_and(|o| boilerplate.contains(&outlet_key(o, p.hash)))
                })
                .collect();
            out.push(LinkSource {
                seq,
                outlet,
                language,
                title,
                text,
                paragraphs,
                boilerplate: flags,
            });
        }
        Ok(out)
    }

    /// Calls `f` with every linked article, in the order the stream saw them (time, then seq;
    /// undated last), one at a time: a store of millions of articles, each with its signature,
    /// is never held in memory at once.
    pub fn for_each_linked(&self, mut f: impl FnMut(LinkedArticle)) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT article_seq, time, exact_hash, signature, story, placement FROM article_links
                 ORDER BY time IS NULL, time, article_seq",
            )
            .map_err(self.err())?;
        let mut rows = stmt.query([]).map_err(self.err())?;
        while let Some(r) = rows.next().map_err(self.err())? {
            let article = LinkedArticle {
                seq: r.get(0).map_err(self.err())?,
                time: r.get(1).map_err(self.err())?,
                exact_hash: r.get(2).map_err(self.err())?,
                signature: r.get(3).map_err(self.err())?,
                story: r.get(4).map_err(self.err())?,
                placement: r.get(5).map_err(self.err())?,
            };
            f(article);
        }
        Ok(())
    }

    /// How many articles the link stage has placed.
    pub fn linked_count(&self) -> Result<usize, StoreError> {
        self.conn
            .query_row("SELECT COUNT(*) FROM article_links", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n as usize)
            .map_err(self.err())
    }

    /// Every linked article's key and publication time, in the order of
    /// [`Store::for_each_linked`], without the rest of its link row.
    pub fn linked_keys(&self) -> Result<Vec<(i64, Option<i64>)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT article_seq, time FROM article_links
                 ORDER BY time IS NULL, time, article_seq",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// A saved stage state.
    pub fn link_state(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.conn
            .query_row(
                "SELECT value FROM link_state WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.err())
    }

    /// Writes one batch of link results in one transaction; merges move the absorbed
    /// story's articles (stored earlier or in this batch) to the story that took them.
    pub fn write_links(&mut self, batch: &LinkBatch) -> Result<(), StoreError> {
        let mut w = self.begin_links()?;
        w.add(batch)?;
        w.commit()
    }

    /// Opens a transaction that link results are added to over several calls
    /// ([`LinkWrite::add`]) and that commits them together ([`LinkWrite::commit`]): the rows
    /// go in while the stage works on, and a saved state is never committed apart from the
    /// results it accounts for. Dropped uncommitted, it rolls back. Other connections go on
    /// reading what was committed before.
    pub fn begin_links(&self) -> Result<LinkWrite<'_>, StoreError> {
        let path = self.path.clone();
        // A shared borrow, so the stage can keep the write open while it goes on reading
        // through the store; the connection is not shared across threads.
        let tx = self
            .conn
            .unchecked_transaction()
            .map_err(|e| StoreError::sqlite(&path, e))?;
        Ok(LinkWrite { tx, path })
    }

    /// Moves one article to a story (undated articles are re-placed after every run).
    pub fn place_article(
        &mut self,
        seq: i64,
        story: i64,
        score: f64,
        placement: &str,
    ) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE article_links SET story = ?2, joined = ?2, score = ?3, placement = ?4
                 WHERE article_seq = ?1",
                params![seq, story, score, placement],
            )
            .map(|_| ())
            .map_err(self.err())
    }

    /// Duplicate links that touch `seq`.
    pub fn dup_links_of(&self, seq: i64) -> Result<Vec<DupRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a, b, kind, jaccard, a_in_b, b_in_a FROM dup_links WHERE a = ?1
                 UNION ALL
                 SELECT a, b, kind, jaccard, a_in_b, b_in_a FROM dup_links WHERE b = ?1",
            )
            .map_err(self.err())?;
        let rows = stmt.query_map([seq], dup_row).map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// Every duplicate link, ordered by `a`, `b`.
    pub fn dup_links(&self) -> Result<Vec<DupRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT a, b, kind, jaccard, a_in_b, b_in_a FROM dup_links ORDER BY a, b")
            .map_err(self.err())?;
        let rows = stmt.query_map([], dup_row).map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// Members of a story, in time order (undated last).
    pub fn story_members(&self, story: i64) -> Result<Vec<StoryMember>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {MEMBER_COLUMNS}
                 FROM article_links l JOIN articles a ON a.seq = l.article_seq
                 WHERE l.story = ?1 ORDER BY l.time IS NULL, l.time, l.article_seq"
            ))
            .map_err(self.err())?;
        let rows = stmt
            .query_map([story], |r| story_member(r, 0))
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// Calls `f` once per story of `stories` that has articles, in ascending id, with its
    /// members (as [`Store::story_members`] gives them) and the duplicate links whose newer
    /// article is one of them, as (older, newer). Two statements in one read transaction
    /// instead of two queries per story and one per member: refreshing the summaries of a
    /// large store is one pass, and only one story's members are in memory at a time.
    pub fn for_each_story_members(
        &self,
        stories: &[i64],
        mut f: impl FnMut(i64, Vec<StoryMember>, Vec<(i64, i64)>),
    ) -> Result<(), StoreError> {
        let tx = self.conn.unchecked_transaction().map_err(self.err())?;
        // CROSS JOIN keeps the wanted stories the outer loop (SQLite does not reorder it), so
        // a run that touched a few stories reads only theirs.
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS wanted_stories (id INTEGER PRIMARY KEY);
             DELETE FROM temp.wanted_stories;",
        )
        .map_err(self.err())?;
        {
            let mut insert = tx
                .prepare("INSERT OR IGNORE INTO temp.wanted_stories (id) VALUES (?1)")
                .map_err(self.err())?;
            for id in stories {
                insert.execute([id]).map_err(self.err())?;
            }
        }
        let mut links: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
        {
            let mut stmt = tx
                .prepare(
                    "SELECT l.story, d.a, d.b FROM temp.wanted_stories w
                     CROSS JOIN article_links l ON l.story = w.id
                     CROSS JOIN dup_links d ON d.b = l.article_seq",
                )
                .map_err(self.err())?;
            let mut rows = stmt.query([]).map_err(self.err())?;
            while let Some(r) = rows.next().map_err(self.err())? {
                let story: i64 = r.get(0).map_err(self.err())?;
                let pair = (r.get(1).map_err(self.err())?, r.get(2).map_err(self.err())?);
                links.entry(story).or_default().push(pair);
            }
        }
        {
            let mut stmt = tx
                .prepare(&format!(
                    "SELECT l.story, {MEMBER_COLUMNS}
                     FROM temp.wanted_stories w
                     CROSS JOIN article_links l ON l.story = w.id
                     CROSS JOIN articles a ON a.seq = l.article_seq
                     ORDER BY w.id, l.time IS NULL, l.time, l.article_seq"
                ))
                .map_err(self.err())?;
            let mut rows = stmt.query([]).map_err(self.err())?;
            let mut current: Option<(i64, Vec<StoryMember>)> = None;
            while let Some(r) = rows.next().map_err(self.err())? {
                let story: i64 = r.get(0).map_err(self.err())?;
                let member = story_member(r, 1).map_err(self.err())?;
                match current.as_mut() {
                    Some((id, members)) if *id == story => members.push(member),
                    _ => {
                        if let Some((id, members)) = current.take() {
                            f(id, members, links.remove(&id).unwrap_or_default());
                        }
                        current = Some((story, vec![member]));
                    }
                }
            }
            if let Some((id, members)) = current {
                f(id, members, links.remove(&id).unwrap_or_default());
            }
        }
        tx.commit().map_err(self.err())
    }

    /// The highest article key the link stage has placed in a story (0 when none).
    pub fn last_linked_seq(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row(
                "SELECT COALESCE(MAX(article_seq), 0) FROM article_links",
                [],
                |r| r.get(0),
            )
            .map_err(self.err())
    }

    /// Stories of at least two articles holding an article linked after key `seq`, by id.
    pub fn stories_linked_after(&self, seq: i64) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT s.id FROM stories s
                 WHERE s.articles >= 2
                   AND s.id IN (SELECT story FROM article_links WHERE article_seq > ?1)
                 ORDER BY s.id",
            )
            .map_err(self.err())?;
        let rows = stmt.query_map([seq], |r| r.get(0)).map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// Stories whose summary must be refreshed: all that have articles but no or an outdated
    /// summary are the caller's to pass; this returns every story id that has articles.
    pub fn story_ids(&self) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT story FROM article_links ORDER BY story")
            .map_err(self.err())?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// Replaces story summaries.
    pub fn write_story_summaries(&mut self, rows: &[StorySummary]) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |e| StoreError::sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO stories
                     (id, articles, outlets, independent, first_time, last_time, label, languages)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .map_err(err)?;
            for s in rows {
                stmt.execute(params![
                    s.id,
                    s.articles,
                    s.outlets,
                    s.independent,
                    s.first_time,
                    s.last_time,
                    s.label,
                    s.languages
                ])
                .map_err(err)?;
            }
            // A story emptied by undated re-placement has no articles left.
            tx.execute(
                "DELETE FROM stories WHERE id NOT IN (SELECT story FROM article_links)",
                [],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// Story summaries, largest first (then newest), filtered.
    pub fn stories(&self, f: &StoryFilter) -> Result<Vec<StorySummary>, StoreError> {
        let mut sql = String::from(
            "SELECT s.id, s.articles, s.outlets, s.independent, s.first_time, s.last_time, s.label, s.languages
             FROM stories s WHERE 1",
        );
        let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
        let mut member =
            |cond: &str, args: &mut Vec<Box<dyn rusqlite::ToSql>>, v: Box<dyn rusqlite::ToSql>| {
                args.push(v);
                sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM article_links l JOIN articles a ON a.seq = l.article_seq
                  WHERE l.story = s.id AND {cond} ?{})",
                args.len()
            ));
            };
        if let Some(t) = f.since {
            member("l.time >=", &mut args, Box::new(t));
        }
        if let Some(t) = f.until {
            member("l.time <=", &mut args, Box::new(t));
        }
        if let Some(o) = &f.outlet {
            member("a.outlet =", &mut args, Box::new(o.clone()));
        }
        if let Some(l) = &f.language {
            member("a.language =", &mut args, Box::new(l.clone()));
        }
        if f.min_articles > 1 {
            sql.push_str(&format!(" AND s.articles >= {}", f.min_articles));
        }
        if f.min_outlets > 1 {
            sql.push_str(&format!(" AND s.outlets >= {}", f.min_outlets));
        }
        if let Some(q) = f.query.as_deref().and_then(fts_query) {
            self.search_ready()?;
            args.push(Box::new(q));
            sql.push_str(&format!(
                " AND s.id IN (SELECT l.story FROM article_search f
                  JOIN article_links l ON l.article_seq = f.rowid WHERE article_search MATCH ?{})",
                args.len()
            ));
        }
        // Undated stories sort last, as NULL does in a descending order.
        const LAST: &str = "COALESCE(s.last_time, -9223372036854775808)";
        if let Some(c) = f.after {
            sql.push_str(&format!(
                " AND (s.articles < {a} OR (s.articles = {a} AND ({LAST} < {t}
                   OR ({LAST} = {t} AND s.id > {id}))))",
                a = c.articles,
                t = c.last_time,
                id = c.id
            ));
        }
        sql.push_str(&format!(" ORDER BY s.articles DESC, {LAST} DESC, s.id"));
        if let Some(n) = f.limit {
            sql.push_str(&format!(" LIMIT {n}"));
        }
        let mut stmt = self.conn.prepare(&sql).map_err(self.err())?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), story_summary)
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// One story's summary.
    pub fn story(&self, id: i64) -> Result<Option<StorySummary>, StoreError> {
        self.conn
            .query_row(
                "SELECT id, articles, outlets, independent, first_time, last_time, label, languages
                 FROM stories WHERE id = ?1",
                [id],
                story_summary,
            )
            .optional()
            .map_err(self.err())
    }

    /// The story an absorbed story went to, following chains of merges.
    pub fn merged_into(&self, id: i64) -> Result<Option<i64>, StoreError> {
        let mut current = id;
        let mut seen = 0;
        while let Some(next) = self
            .conn
            .query_row(
                "SELECT into_story FROM story_merges WHERE absorbed = ?1",
                [current],
                |r| r.get::<_, i64>(0),
            )
            .optional()
            .map_err(self.err())?
        {
            current = next;
            seen += 1;
            if seen > 10_000 {
                return Err(self.bad(format!("merge chain from story {id} loops")));
            }
        }
        Ok((current != id).then_some(current))
    }

    /// Merges into a story, oldest first.
    pub fn merges_into(&self, id: i64) -> Result<Vec<MergeRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT absorbed, into_story, article_seq, similarity, reason FROM story_merges
                 WHERE into_story = ?1 ORDER BY rowid",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([id], |r| {
                let reason: String = r.get(4)?;
                Ok(MergeRow {
                    absorbed: r.get(0)?,
                    into_story: r.get(1)?,
                    article_seq: r.get(2)?,
                    similarity: r.get(3)?,
                    reason: if reason == "duplicate" {
                        "duplicate"
                    } else {
                        "similar"
                    },
                })
            })
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// (article id, source location JSON, story) of every linked article, in insertion order.
    pub fn story_assignments(&self) -> Result<Vec<(String, String, i64)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.id, a.source_location, l.story FROM article_links l
                 JOIN articles a ON a.seq = l.article_seq ORDER BY a.seq",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// A stored alignment of articles `a` and `b` (JSON bytes), if one was kept for the same
    /// texts (`texts_hash`).
    pub fn alignment(
        &self,
        a: i64,
        b: i64,
        texts_hash: i64,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let z: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT alignment FROM alignments WHERE a = ?1 AND b = ?2 AND texts_hash = ?3",
                params![a, b, texts_hash],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.err())?;
        z.map(|z| {
            zstd::decode_all(z.as_slice())
                .map_err(|e| self.bad(format!("alignment of {a} and {b}: {e}")))
        })
        .transpose()
    }

    /// Keeps an alignment of articles `a` and `b` (JSON bytes), replacing an older one.
    pub fn put_alignment(
        &mut self,
        a: i64,
        b: i64,
        texts_hash: i64,
        json: &[u8],
    ) -> Result<(), StoreError> {
        let z = zstd::encode_all(json, 3).map_err(|e| self.bad(format!("compressing: {e}")))?;
        self.conn
            .execute(
                "INSERT OR REPLACE INTO alignments (a, b, texts_hash, alignment) VALUES (?1, ?2, ?3, ?4)",
                params![a, b, texts_hash, z],
            )
            .map(|_| ())
            .map_err(self.err())
    }

    /// Article id of a seq.
    pub fn article_id(&self, seq: i64) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT id FROM articles WHERE seq = ?1", [seq], |r| {
                r.get(0)
            })
            .optional()
            .map_err(self.err())
    }

    /// Seq of an article id.
    pub fn article_seq(&self, id: &str) -> Result<Option<i64>, StoreError> {
        self.conn
            .query_row("SELECT seq FROM articles WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(self.err())
    }
}

/// The columns [`story_member`] reads, over `article_links l` joined with `articles a`.
const MEMBER_COLUMNS: &str = "l.article_seq, a.id, a.outlet, a.language, a.title, a.published,
     l.time, l.score, l.placement, l.joined";

/// A story member from [`MEMBER_COLUMNS`], starting at column `first`.
fn story_member(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<StoryMember> {
    Ok(StoryMember {
        seq: r.get(first)?,
        id: r.get(first + 1)?,
        outlet: r.get(first + 2)?,
        language: r.get(first + 3)?,
        title: r.get(first + 4)?,
        published: r.get(first + 5)?,
        time: r.get(first + 6)?,
        score: r.get(first + 7)?,
        placement: r.get(first + 8)?,
        joined: r.get(first + 9)?,
    })
}

fn dup_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DupRow> {
    let kind: String = r.get(2)?;
    Ok(DupRow {
        a: r.get(0)?,
        b: r.get(1)?,
        kind: match kind.as_str() {
            "exact" => "exact",
            "near" => "near",
            _ => "contained",
        },
        jaccard: r.get(3)?,
        a_in_b: r.get(4)?,
        b_in_a: r.get(5)?,
    })
}

impl Store {
    /// The story article `id` is in (`None` when it is not stored or not linked yet).
    pub fn story_of(&self, id: &str) -> Result<Option<i64>, StoreError> {
        self.conn
            .query_row(
                "SELECT l.story FROM article_links l JOIN articles a ON a.seq = l.article_seq
                 WHERE a.id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.err())
    }

    /// Adds the articles stored since the last call to the full-text index, in one write
    /// transaction; returns how many. Searches call it first ([`Store::stories`] with a query,
    /// [`Store::search`]); a server also calls it after each ingest so that the next search does
    /// not pay for it.
    pub fn catch_up_search(&self) -> Result<usize, StoreError> {
        // IMMEDIATE takes the write lock before reading the marker, so two connections catching
        // up at once cannot both index the same rows.
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(self.err())?;
        let work = || -> rusqlite::Result<usize> {
            let through: i64 = self.conn.query_row(
                "SELECT indexed_through FROM search_progress WHERE id = 0",
                [],
                |r| r.get(0),
            )?;
            let added = self.conn.execute(
                "INSERT INTO article_search (rowid, title, text)
                 SELECT seq, title, text FROM articles WHERE seq > ?1 ORDER BY seq",
                [through],
            )?;
            if added > 0 {
                self.conn.execute(
                    "UPDATE search_progress SET indexed_through =
                     (SELECT COALESCE(MAX(seq), ?1) FROM articles) WHERE id = 0",
                    [through],
                )?;
            }
            Ok(added)
        };
        match work() {
            Ok(n) => {
                self.conn.execute_batch("COMMIT").map_err(self.err())?;
                Ok(n)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(self.err()(e))
            }
        }
    }

    /// Catches the index up where it can: when another connection holds the write lock (an
    /// ingest under `parallax serve`) or the file is read-only, the search runs on the index as
    /// it is.
    fn search_ready(&self) -> Result<(), StoreError> {
        match self.catch_up_search() {
            Ok(_) => Ok(()),
            Err(StoreError::Sqlite { source, .. })
                if matches!(
                    source.sqlite_error_code(),
                    Some(
                        rusqlite::ErrorCode::DatabaseBusy
                            | rusqlite::ErrorCode::DatabaseLocked
                            | rusqlite::ErrorCode::ReadOnly
                    )
                ) =>
            {
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Ids of the articles whose title or clean text holds every word of `text` (full-text
    /// search), best match first.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<String>, StoreError> {
        let Some(q) = fts_query(text) else {
            return Ok(Vec::new());
        };
        self.search_ready()?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.id FROM article_search f JOIN articles a ON a.seq = f.rowid
                 WHERE article_search MATCH ?1 ORDER BY bm25(article_search), a.seq LIMIT ?2",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map(rusqlite::params![q, limit as i64], |r| r.get(0))
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// Every outlet with its article and story counts, most articles first.
    pub fn outlets(&self) -> Result<Vec<OutletRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.outlet, count(*), count(DISTINCT l.story),
                 (SELECT group_concat(language, ',') FROM (SELECT b.language FROM articles b
                   WHERE b.outlet IS a.outlet AND b.language IS NOT NULL
                   GROUP BY b.language ORDER BY count(*) DESC, b.language))
                 FROM articles a LEFT JOIN article_links l ON l.article_seq = a.seq
                 GROUP BY a.outlet ORDER BY count(*) DESC, a.outlet",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(OutletRow {
                    outlet: r.get(0)?,
                    articles: r.get(1)?,
                    stories: r.get(2)?,
                    languages: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                })
            })
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }
}

fn story_summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<StorySummary> {
    Ok(StorySummary {
        id: r.get(0)?,
        articles: r.get(1)?,
        outlets: r.get(2)?,
        independent: r.get(3)?,
        first_time: r.get(4)?,
        last_time: r.get(5)?,
        label: r.get(6)?,
        languages: r.get(7)?,
    })
}

/// Link results being written in one transaction ([`Store::begin_links`]).
pub struct LinkWrite<'a> {
    tx: rusqlite::Transaction<'a>,
    path: std::path::PathBuf,
}

impl LinkWrite<'_> {
    /// Adds a batch: its rows, duplicate links and merges (merges move the absorbed story's
    /// articles, added earlier or in this batch, to the story that took them), and its saved
    /// state, replacing an earlier value.
    pub fn add(&mut self, batch: &LinkBatch) -> Result<(), StoreError> {
        let path = &self.path;
        let err = |e| StoreError::sqlite(path, e);
        let tx = &self.tx;
        {
            let mut row = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO article_links
                     (article_seq, time, exact_hash, shingles, signature, story, joined, score, placement)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)",
                )
                .map_err(err)?;
            for r in &batch.rows {
                row.execute(params![
                    r.seq,
                    r.time,
                    r.exact_hash,
                    r.shingles,
                    r.signature,
                    r.story,
                    r.score,
                    r.placement
                ])
                .map_err(err)?;
            }
            let mut dup = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO dup_links (a, b, kind, jaccard, a_in_b, b_in_a)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(err)?;
            for d in &batch.dups {
                dup.execute(params![d.a, d.b, d.kind, d.jaccard, d.a_in_b, d.b_in_a])
                    .map_err(err)?;
            }
            let mut merge = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO story_merges (absorbed, into_story, article_seq, similarity, reason)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(err)?;
            let mut moved = tx
                .prepare_cached("UPDATE article_links SET story = ?2 WHERE story = ?1")
                .map_err(err)?;
            let mut gone = tx
                .prepare_cached("DELETE FROM stories WHERE id = ?1")
                .map_err(err)?;
            for m in &batch.merges {
                merge
                    .execute(params![
                        m.absorbed,
                        m.into_story,
                        m.article_seq,
                        m.similarity,
                        m.reason
                    ])
                    .map_err(err)?;
                moved.execute([m.absorbed, m.into_story]).map_err(err)?;
                gone.execute([m.absorbed]).map_err(err)?;
            }
            let mut state = tx
                .prepare_cached("INSERT OR REPLACE INTO link_state (name, value) VALUES (?1, ?2)")
                .map_err(err)?;
            for (name, value) in &batch.state {
                state.execute(params![name, value]).map_err(err)?;
            }
        }
        Ok(())
    }

    /// Commits everything added.
    pub fn commit(self) -> Result<(), StoreError> {
        let path = self.path;
        self.tx.commit().map_err(|e| StoreError::sqlite(&path, e))
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;

    #[test]
    fn search_text_becomes_quoted_terms() {
        assert_eq!(
            super::fts_query(r#"flood "barriers OR"#).as_deref(),
            Some(r#""flood" """barriers" "OR""#)
        );
        assert_eq!(super::fts_query("  \t "), None);
    }

    #[test]
    fn a_link_write_commits_its_batches_together_or_not_at_all() {
        use super::{DupRow, LinkBatch};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        let s = Store::open(&path).unwrap();
        let other = Store::open(&path).unwrap();
        let batch = |a: i64, state: &[u8]| LinkBatch {
            dups: vec![DupRow {
                a,
                b: a + 1,
                kind: "near",
                jaccard: 0.8,
                a_in_b: 0.9,
                b_in_a: 0.9,
            }],
            state: vec![("stories", state.to_vec())],
            ..LinkBatch::default()
        };
        let mut w = s.begin_links().unwrap();
        w.add(&batch(1, b"first")).unwrap();
        w.add(&batch(3, b"second")).unwrap();
        // Another connection still reads what was committed before.
        assert!(other.dup_links().unwrap().is_empty());
        assert_eq!(other.link_state("stories").unwrap(), None);
        w.commit().unwrap();
        let pairs: Vec<(i64, i64)> = other
            .dup_links()
            .unwrap()
            .iter()
            .map(|d| (d.a, d.b))
            .collect();
        assert_eq!(pairs, [(1, 2), (3, 4)]);
        assert_eq!(
            other.link_state("stories").unwrap().as_deref(),
            Some(&b"second"[..]),
            "a later state replaces an earlier one"
        );
        // A write dropped before its commit leaves nothing behind.
        let mut w = s.begin_links().unwrap();
        w.add(&batch(5, b"third")).unwrap();
        drop(w);
        assert_eq!(s.dup_links().unwrap().len(), 2);
        assert_eq!(
            s.link_state("stories").unwrap().as_deref(),
            Some(&b"second"[..])
        );
    }

    #[test]
    fn alignments_are_kept_per_pair_and_texts() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("p.db")).unwrap();
        assert_eq!(s.alignment(1, 2, 7).unwrap(), None);
        s.put_alignment(1, 2, 7, br#"{"passages":[]}"#).unwrap();
        assert_eq!(
            s.alignment(1, 2, 7).unwrap().as_deref(),
            Some(&br#"{"passages":[]}"#[..])
        );
        // Other texts (a different hash) or the other direction are not the same alignment.
        assert_eq!(s.alignment(1, 2, 8).unwrap(), None);
        assert_eq!(s.alignment(2, 1, 7).unwrap(), None);
        s.put_alignment(1, 2, 8, b"{}").unwrap();
        assert_eq!(s.alignment(1, 2, 7).unwrap(), None, "replaced");
    }
}
