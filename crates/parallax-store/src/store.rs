//! The store itself: opening, inserting in bulk, and reading back.

use std::io::Read;
use std::path::{Path, PathBuf};

use parallax_model::{
    Article, Attribution, DateOrigin, InputFormat, Location, Published, Reject, RejectKind, Source,
};
use rusqlite::{params, Connection, OptionalExtension};

use crate::{migrate, pack, StoreError};

/// Paragraphs at each end of an article that are counted for outlet boilerplate.
pub const EDGE_PARAGRAPHS: usize = 3;

/// Each connection's page cache unless set otherwise ([`Store::set_cache_kib`]), in KiB.
pub const DEFAULT_CACHE_KIB: u32 = 65_536;

/// Page size of new stores.
const PAGE_SIZE: u32 = 32_768;

/// An open store.
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
}

/// What one bulk insert did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct InsertOutcome {
    /// Ids of the articles stored for the first time, in input order.
    pub stored: Vec<String>,
    /// How many were already in the store (same original bytes) and were skipped.
    pub known: usize,
}

/// A stored article with what the store knows across articles.
#[derive(Debug, Clone)]
pub struct StoredArticle {
    /// The article as ingested.
    pub article: Article,
    /// For each paragraph, how many distinct articles of the outlet carry it.
    pub paragraph_articles: Vec<u32>,
    /// When it was stored.
    pub ingested_at: String,
}

/// One line of `parallax articles`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ArticleSummary {
    /// Article id.
    pub id: String,
    /// Publication date, if known.
    pub published: Option<String>,
    /// Outlet key.
    pub outlet: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Length of the clean text in bytes.
    pub text_bytes: usize,
    /// Input path.
    pub source_path: String,
    /// Where in the input.
    pub source_location: Location,
}

/// Filters for listing articles.
#[derive(Debug, Clone, Default)]
pub struct ArticleFilter {
    /// Only this outlet key.
    pub outlet: Option<String>,
    /// Only this language.
    pub language: Option<String>,
    /// Published on or after this ISO date.
    pub since: Option<String>,
    /// Published before the end of this ISO date.
    pub until: Option<String>,
    /// At most this many.
    pub limit: Option<usize>,
}

/// One stored reject.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RejectRow {
    /// The reject.
    #[serde(flatten)]
    pub reject: Reject,
    /// When it was first seen.
    pub first_seen: String,
    /// When it was last seen.
    pub last_seen: String,
    /// How many runs met it.
    pub times: u32,
}

/// Store-wide counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Articles stored.
    pub articles: u64,
    /// Distinct outlets.
    pub outlets: u64,
    /// Distinct rejects recorded.
    pub rejects: u64,
    /// Schema version of the file.
    pub schema_version: u32,
}

impl Store {
    /// Opens (creating if needed) the store at `path` and migrates it to the current schema.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.len() > 0 {
                let mut head = [0u8; 16];
                let ok = std::fs::File::open(path)
                    .and_then(|mut f| f.read_exact(&mut head))
                    .is_ok();
                if !ok || &head != b"SQLite format 3\0" {
                    return Err(StoreError::NotADatabase { path: path.into() });
                }
            }
        }
        let err = |e| StoreError::sqlite(path, e);
        let mut conn = Connection::open(path).map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(err)?;
        let version = migrate::check(&conn, path)?;
        if version == 0 {
            // Articles are kilobytes of text: larger pages mean fewer page writes and less
            // slack. Only possible before the first table exists.
            conn.pragma_update(None, "page_size", PAGE_SIZE)
                .map_err(err)?;
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
        conn.pragma_update(None, "cache_size", -i64::from(DEFAULT_CACHE_KIB))
            .map_err(err)?;
        // Checkpoint every 128 MiB of WAL instead of every 1,000 pages: fewer syncs of the
        // database file during bulk ingest.
        conn.pragma_update(None, "wal_autocheckpoint", (128 << 20) / PAGE_SIZE)
            .map_err(err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(err)?;
        migrate::migrate(&mut conn, path, version)?;
        Ok(Self {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// How long a write waits for another connection's write to finish before failing (30 s
    /// after `open`). A server's read connections use a short one so that a request never
    /// queues behind a long ingest.
    pub fn set_busy_timeout(&self, wait: std::time::Duration) -> Result<(), StoreError> {
        self.conn.busy_timeout(wait).map_err(self.err())
    }

    /// Sets this connection's page cache (64 MiB after `open`). A connection that reads each
    /// page once, such as one that streams articles, gains nothing from a large one.
    pub fn set_cache_kib(&self, kib: u32) -> Result<(), StoreError> {
        self.conn
            .pragma_update(None, "cache_size", -i64::from(kib))
            .map_err(self.err())
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |e| StoreError::sqlite(&self.path, e)
    }

    /// Stores encoded articles in one transaction. Articles already stored (same id) are
    /// skipped, so ingesting the same input twice adds nothing.
    pub fn insert_encoded(
        &mut self,
        articles: &[EncodedArticle],
    ) -> Result<InsertOutcome, StoreError> {
        let path = self.path.clone();
        let err = |e| StoreError::sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        let mut outcome = InsertOutcome::default();
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO articles (id, source_path, source_location, format, compression,
                     decoded_from, url, outlet, outlet_name, title, published, published_origin, language,
                     text, paragraphs, attributions, extractor, text_hash, ingested_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                     strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                )
                .map_err(err)?;
            let mut original = tx
                .prepare_cached("INSERT INTO originals (article_seq, zstd) VALUES (?1, ?2)")
                .map_err(err)?;
            let mut new_text = tx
                .prepare_cached("INSERT OR IGNORE INTO outlet_texts (key) VALUES (?1)")
                .map_err(err)?;
            let mut count = tx
                .prepare_cached(
                    "INSERT INTO outlet_paragraphs (key, articles) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET articles = articles + excluded.articles",
                )
                .map_err(err)?;
            // Paragraph counts are applied after the batch, aggregated and in key order: random
            // upserts into a large B-tree are the writer's most expensive work.
            let mut counts: Vec<i64> = Vec::new();
            for e in articles {
                let a = &e.article;
                let changed = insert
                    .execute(params![
                        a.id,
                        a.source.path,
                        e.location,
                        a.source.format.name(),
                        a.source.compression,
                        a.source.decoded_from,
                        a.url,
                        a.outlet,
                        a.outlet_name,
                        a.title,
                        a.published.as_ref().map(|p| &p.iso),
                        a.published.as_ref().map(|p| origin_name(p.origin)),
                        a.language,
                        a.text,
                        e.paragraphs,
                        e.attributions,
                        a.extractor,
                        e.text_hash,
                    ])
                    .map_err(err)?;
                if changed == 0 {
                    outcome.known += 1;
                    continue;
                }
                let seq = tx.last_insert_rowid();
                original.execute(params![seq, e.original]).map_err(err)?;
                if let Some(text_key) = e.outlet_text_key {
                    if new_text.execute([text_key]).map_err(err)? > 0 {
                        counts.extend_from_slice(&e.outlet_paragraph_keys);
                    }
                }
                outcome.stored.push(a.id.clone());
            }
            counts.sort_unstable();
            for run in counts.chunk_by(|a, b| a == b) {
                count
                    .execute(params![run[0], run.len() as i64])
                    .map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        Ok(outcome)
    }

    /// Records rejects; one met again (same path, location and kind) is counted, not repeated.
    pub fn record_rejects(&mut self, rejects: &[Reject]) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |e| StoreError::sqlite(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT INTO rejects (path, location, kind, message, first_seen, last_seen)
                     VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                     ON CONFLICT (path, location, kind) DO UPDATE SET message = excluded.message,
                     last_seen = excluded.last_seen, times = times + 1",
                )
                .map_err(err)?;
            for r in rejects {
                let location = serde_json::to_string(&r.location).expect("location serialises");
                stmt.execute(params![r.path, location, r.kind.code(), r.message])
                    .map_err(err)?;
            }
        }
        tx.commit().map_err(err)
    }

    /// Stored rejects, most recent first.
    pub fn rejects(&self, limit: Option<usize>) -> Result<Vec<RejectRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT path, location, kind, message, first_seen, last_seen, times FROM rejects ORDER BY last_seen DESC, id DESC LIMIT ?1")
            .map_err(self.err())?;
        let limit = limit.map(|l| l as i64).unwrap_or(-1);
        let rows = stmt
            .query_map([limit], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, u32>(6)?,
                ))
            })
            .map_err(self.err())?;
        let mut out = Vec::new();
        for row in rows {
            let (path, location, kind, message, first_seen, last_seen, times) =
                row.map_err(self.err())?;
            out.push(RejectRow {
                reject: Reject {
                    path,
                    location: self.decode_json(&location, "reject location")?,
                    kind: RejectKind::from_code(&kind)
                        .ok_or_else(|| self.bad(format!("unknown reject kind {kind:?}")))?,
                    message,
                },
                first_seen,
                last_seen,
                times,
            });
        }
        Ok(out)
    }

    /// Records the start of a run; returns its id for [`Store::finish_run`].
    pub fn start_run(&mut self, command: &str) -> Result<i64, StoreError> {
        self.conn
            .execute(
                "INSERT INTO runs (started_at, command) VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1)",
                [command],
            )
            .map_err(self.err())?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records the end of a run and its counts.
    pub fn finish_run(
        &mut self,
        run: i64,
        stored: u64,
        known: u64,
        rejected: u64,
    ) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), stored = ?2, known = ?3, rejected = ?4 WHERE id = ?1",
                params![run, stored as i64, known as i64, rejected as i64],
            )
            .map_err(self.err())?;
        Ok(())
    }

    /// Store-wide counts.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        let q = |sql: &str| -> Result<u64, StoreError> {
            self.conn
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .map(|v| v as u64)
                .map_err(self.err())
        };
        Ok(Stats {
            articles: q("SELECT count(*) FROM articles")?,
            outlets: q("SELECT count(DISTINCT outlet) FROM articles")?,
            rejects: q("SELECT count(*) FROM rejects")?,
            schema_version: self
                .conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(self.err())?,
        })
    }

    /// Lists articles in publication order (undated last), then insertion order.
    pub fn articles(&self, f: &ArticleFilter) -> Result<Vec<ArticleSummary>, StoreError> {
        let mut sql = String::from(
            "SELECT id, published, outlet, language, title, length(CAST(text AS BLOB)), source_path, source_location FROM articles WHERE 1=1",
        );
        let mut args: Vec<String> = Vec::new();
        if let Some(o) = &f.outlet {
            args.push(o.clone());
            sql += &format!(" AND outlet = ?{}", args.len());
        }
        if let Some(l) = &f.language {
            args.push(l.clone());
            sql += &format!(" AND language = ?{}", args.len());
        }
        if let Some(s) = &f.since {
            args.push(s.clone());
            sql += &format!(" AND published >= ?{}", args.len());
        }
        if let Some(u) = &f.until {
            // An ISO day "until" includes that whole day.
            args.push(format!("{u}\u{10FFFF}"));
            sql += &format!(" AND published <= ?{}", args.len());
        }
        sql += " ORDER BY published IS NULL, published, seq";
        if let Some(l) = f.limit {
            sql += &format!(" LIMIT {l}");
        }
        let mut stmt = self.conn.prepare(&sql).map_err(self.err())?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                Ok((
                    ArticleSummary {
                        id: r.get(0)?,
                        published: r.get(1)?,
                        outlet: r.get(2)?,
                        language: r.get(3)?,
                        title: r.get(4)?,
                        text_bytes: r.get::<_, i64>(5)? as usize,
                        source_path: r.get(6)?,
                        source_location: Location::File,
                    },
                    r.get::<_, String>(7)?,
                ))
            })
            .map_err(self.err())?;
        let mut out = Vec::new();
        for row in rows {
            let (mut s, loc) = row.map_err(self.err())?;
            s.source_location = self.decode_json(&loc, "source location")?;
            out.push(s);
        }
        Ok(out)
    }

    /// Ids that start with `prefix` (at most `limit`), to resolve abbreviated ids.
    pub fn ids_with_prefix(&self, prefix: &str, limit: usize) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id FROM articles WHERE id >= ?1 AND id < ?1 || 'g' ORDER BY id LIMIT ?2",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map(params![prefix.to_ascii_lowercase(), limit as i64], |r| {
                r.get(0)
            })
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// One article with its original bytes and, per paragraph, the outlet counts behind the
    /// boilerplate rule (the rule itself is the caller's: `parallax_ingest::boilerplate`).
    pub fn article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT a.seq, a.id, a.source_path, a.source_location, a.format, a.compression, a.decoded_from,
                        a.url, a.outlet, a.outlet_name, a.title, a.published, a.published_origin, a.language,
                        a.text, a.paragraphs, a.attributions, a.extractor, a.ingested_at, o.zstd
                 FROM articles a LEFT JOIN originals o ON o.article_seq = a.seq WHERE a.id = ?1",
                [id],
                |r| {
                    Ok(RawArticle {
                        id: r.get(1)?,
                        source_path: r.get(2)?,
                        source_location: r.get(3)?,
                        format: r.get(4)?,
                        compression: r.get(5)?,
                        decoded_from: r.get(6)?,
                        url: r.get(7)?,
                        outlet: r.get(8)?,
                        outlet_name: r.get(9)?,
                        title: r.get(10)?,
                        published: r.get(11)?,
                        published_origin: r.get(12)?,
                        language: r.get(13)?,
                        text: r.get(14)?,
                        paragraphs: r.get(15)?,
                        attributions: r.get(16)?,
                        extractor: r.get(17)?,
                        ingested_at: r.get(18)?,
                        original: r.get(19)?,
                    })
                },
            )
            .optional()
            .map_err(self.err())?;
        let Some(raw) = row else { return Ok(None) };
        let paragraphs = pack::unpack(&raw.paragraphs, raw.text.len())
            .ok_or_else(|| self.bad(format!("paragraphs of {}", raw.id)))?;
        let original = match raw.original {
            Some(z) => decompress_original(&z, &raw.text)
                .map_err(|e| self.bad(format!("original of {}: {e}", raw.id)))?,
            None => Vec::new(),
        };
        let mut paragraph_articles = Vec::with_capacity(paragraphs.len());
        if let Some(outlet) = &raw.outlet {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT articles FROM outlet_paragraphs WHERE key = ?1")
                .map_err(self.err())?;
            for p in &paragraphs {
                let n: Option<u32> = stmt
                    .query_row([outlet_key(outlet, p.hash)], |r| r.get(0))
                    .optional()
                    .map_err(self.err())?;
                paragraph_articles.push(n.unwrap_or(0));
            }
        } else {
            paragraph_articles.resize(paragraphs.len(), 0);
        }
        let attributions: Vec<Attribution> = self.decode_json(&raw.attributions, "attributions")?;
        let article = Article {
            id: raw.id,
            source: Source {
                path: raw.source_path,
                location: self.decode_json(&raw.source_location, "source location")?,
                format: InputFormat::from_name(&raw.format)
                    .ok_or_else(|| self.bad(format!("format {:?}", raw.format)))?,
                compression: raw.compression,
                decoded_from: raw.decoded_from,
            },
            url: raw.url,
            outlet: raw.outlet,
            outlet_name: raw.outlet_name,
            title: raw.title,
            published: raw.published.map(|iso| Published {
                iso,
                origin: raw
                    .published_origin
                    .as_deref()
                    .and_then(origin_from_name)
                    .unwrap_or(DateOrigin::Record),
            }),
            language: raw.language,
            text: raw.text,
            paragraphs,
            attributions,
            extractor: raw.extractor,
            original,
        };
        Ok(Some(StoredArticle {
            article,
            paragraph_articles,
            ingested_at: raw.ingested_at,
        }))
    }

    pub(crate) fn bad(&self, detail: String) -> StoreError {
        StoreError::BadData {
            path: self.path.clone(),
            detail,
        }
    }

    fn decode_json<T: serde::de::DeserializeOwned>(
        &self,
        s: &str,
        what: &str,
    ) -> Result<T, StoreError> {
        serde_json::from_str(s).map_err(|e| self.bad(format!("{what}: {e}")))
    }
}

struct RawArticle {
    id: String,
    source_path: String,
    source_location: String,
    format: String,
    compression: Option<String>,
    decoded_from: Option<String>,
    url: Option<String>,
    outlet: Option<String>,
    outlet_name: Option<String>,
    title: Option<String>,
    published: Option<String>,
    published_origin: Option<String>,
    language: Option<String>,
    text: String,
    paragraphs: Vec<u8>,
    attributions: String,
    extractor: String,
    ingested_at: String,
    original: Option<Vec<u8>>,
}

/// An article with everything the store writes computed ahead, so that callers can encode in
/// parallel and keep the single writer thread to SQL alone.
pub struct EncodedArticle {
    /// The article.
    pub article: Article,
    location: String,
    attributions: String,
    paragraphs: Vec<u8>,
    original: Vec<u8>,
    text_hash: i64,
    outlet_text_key: Option<i64>,
    outlet_paragraph_keys: Vec<i64>,
}

impl EncodedArticle {
    /// Bytes the store will write for this article, roughly: text, original and encoded fields.
    pub fn bytes(&self) -> usize {
        self.article.text.len()
            + self.original.len()
            + self.paragraphs.len()
            + self.attributions.len()
            + self.location.len()
    }

    /// Encodes articles (JSON fields, packed paragraphs, zstd-compressed original, keys) in
    /// parallel on the current rayon pool, in their order. Each worker
    /// compresses with one zstd context for many articles: setting a context up for every
    /// article cost more than compressing it.
    pub fn encode_all(articles: Vec<Article>) -> Vec<Self> {
        use rayon::prelude::*;
        let originals: Vec<Vec<u8>> = articles
            .par_iter()
            .map_init(zstd::zstd_safe::CCtx::create, |cctx, a| {
                compress_original_in(cctx, &a.original, &a.text)
            })
            .collect();
        articles
            .into_par_iter()
            .zip(originals)
            .map(|(a, original)| Self::with_original(a, original))
            .collect()
    }

    fn with_original(article: Article, original: Vec<u8>) -> Self {
        let text_hash = body_hash(&article);
        let (outlet_text_key, outlet_paragraph_keys) = match &article.outlet {
            Some(o) => {
                // Outlet boilerplate sits at the edges of articles (mastheads, blurbs, plugs):
                // counting only the edge paragraphs keeps the hottest table small.
                let n = article.paragraphs.len();
                let mut keys: Vec<i64> = article
                    .paragraphs
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i < EDGE_PARAGRAPHS || *i + EDGE_PARAGRAPHS >= n)
                    .map(|(_, p)| outlet_key(o, p.hash))
                    .collect();
                keys.sort_unstable();
                keys.dedup();
                (Some(outlet_key(o, text_hash)), keys)
            }
            None => (None, Vec::new()),
        };
        Self {
            location: serde_json::to_string(&article.source.location).expect("location serialises"),
            attributions: serde_json::to_string(&article.attributions)
                .expect("attributions serialise"),
            paragraphs: pack::pack(&article.paragraphs),
            original,
            text_hash: text_hash as i64,
            outlet_text_key,
            outlet_paragraph_keys,
            article,
        }
    }
}

/// Compresses an original with the article's clean text as a zstd prefix: a JSON line or a
/// scraped file repeats its text almost whole, so only what differs costs space. The text
/// column is never updated after insert, which is what makes the prefix safe to rely on.
/// `cctx` may have compressed other articles before (level 1 is set here; a prefix lasts one
/// frame).
fn compress_original_in<'a>(
    cctx: &mut zstd::zstd_safe::CCtx<'a>,
    original: &[u8],
    text: &'a str,
) -> Vec<u8> {
    cctx.set_parameter(zstd::zstd_safe::CParameter::CompressionLevel(1))
        .expect("zstd level 1 is valid");
    cctx.ref_prefix(text.as_bytes())
        .expect("no frame is in progress between articles");
    // One-shot compression knows the size, so zstd sizes its tables to the article.
    let mut out = Vec::with_capacity(zstd::zstd_safe::compress_bound(original.len()));
    cctx.compress2(&mut out, original)
        .expect("the output has room for the worst case");
    out
}

/// The inverse of [`compress_original_in`].
fn decompress_original(z: &[u8], text: &str) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    zstd::stream::read::Decoder::with_ref_prefix(std::io::BufReader::new(z), text.as_bytes())?
        .read_to_end(&mut out)?;
    Ok(out)
}

/// One integer key for (outlet, fingerprint). Persisted: the function must not change.
pub(crate) fn outlet_key(outlet: &str, fingerprint: u64) -> i64 {
    let mut buf = Vec::with_capacity(outlet.len() + 9);
    buf.extend_from_slice(outlet.as_bytes());
    buf.push(0);
    buf.extend_from_slice(&fingerprint.to_le_bytes());
    xxhash_rust::xxh3::xxh3_64(&buf) as i64
}

/// Fingerprint of the whole body: the paragraphs' fingerprints combined in order.
fn body_hash(a: &Article) -> u64 {
    a.paragraphs.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, p| {
        (h ^ p.hash).wrapping_mul(0x0100_0000_01b3)
    })
}

const ORIGINS: [(DateOrigin, &str); 6] = [
    (DateOrigin::Record, "record"),
    (DateOrigin::JsonLd, "json_ld"),
    (DateOrigin::MetaTag, "meta_tag"),
    (DateOrigin::Url, "url"),
    (DateOrigin::TextHeader, "text_header"),
    (DateOrigin::Crawl, "crawl"),
];

fn origin_name(o: DateOrigin) -> &'static str {
    ORIGINS
        .iter()
        .find(|(d, _)| *d == o)
        .map(|(_, n)| *n)
        .unwrap_or("record")
}

fn origin_from_name(n: &str) -> Option<DateOrigin> {
    ORIGINS.iter().find(|(_, name)| *name == n).map(|(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_and_newer_databases_are_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let foreign = dir.path().join("foreign.db");
        Connection::open(&foreign)
            .unwrap()
            .execute_batch("CREATE TABLE notes (x TEXT);")
            .unwrap();
        let before = std::fs::read(&foreign).unwrap();
        assert!(matches!(
            Store::open(&foreign),
            Err(StoreError::Foreign { .. })
        ));
        assert_eq!(std::fs::read(&foreign).unwrap(), before);

        let newer = dir.path().join("newer.db");
        drop(Store::open(&newer).unwrap());
        Connection::open(&newer)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let err = Store::open(&newer).err().unwrap();
        assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
        assert!(err.to_string().contains("newer than this build"));
    }

    fn compress_original(original: &[u8], text: &str) -> Vec<u8> {
        compress_original_in(&mut zstd::zstd_safe::CCtx::create(), original, text)
    }

    #[test]
    fn originals_round_trip_through_the_text_prefix() {
        let text: String = (0..40)
            .map(|i| format!("Sentence {i} says the council met on day {}. ", i * 7))
            .collect();
        let text = text.as_str();
        let original = format!("{{\"id\": 1, \"text\": {text:?}}}").into_bytes();
        let z = compress_original(&original, text);
        // A context reused across articles gives frames that decode the same way.
        let mut cctx = zstd::zstd_safe::CCtx::create();
        let other = "A different article entirely, compressed first in the same context.";
        let z_other = compress_original_in(&mut cctx, other.as_bytes(), other);
        let z_again = compress_original_in(&mut cctx, &original, text);
        assert_eq!(
            decompress_original(&z_other, other).unwrap(),
            other.as_bytes()
        );
        assert_eq!(decompress_original(&z_again, text).unwrap(), original);
        assert!(
            z.len() < original.len() / 2,
            "{} vs {}",
            z.len(),
            original.len()
        );
        assert_eq!(decompress_original(&z, text).unwrap(), original);
        let binary: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
        assert_eq!(
            decompress_original(&compress_original(&binary, ""), "").unwrap(),
            binary
        );
        // A wrong prefix cannot silently give other bytes back.
        assert_ne!(
            decompress_original(&z, "another text entirely").ok(),
            Some(original)
        );
    }

    #[test]
    fn rejects_are_counted_not_repeated() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("p.db")).unwrap();
        let r = Reject {
            path: "a.jsonl".into(),
            location: Location::Line { line: 2 },
            kind: RejectKind::BadJson,
            message: "broken JSON".into(),
        };
        s.record_rejects(std::slice::from_ref(&r)).unwrap();
        s.record_rejects(std::slice::from_ref(&r)).unwrap();
        let rows = s.rejects(None).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].times, 2);
        assert_eq!(rows[0].reject, r);
    }
}
