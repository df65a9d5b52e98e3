//! The embedded store: one SQLite file (WAL mode) that keeps articles, their original bytes,
//! the per-outlet paragraph counts behind outlet boilerplate, rejects and runs.
//!
//! Start from [`Store::open`], then [`Store::insert_encoded`] (with [`EncodedArticle::encode_all`], which encodes in parallel) and [`Store::article`]. The schema
//! is versioned (`PRAGMA user_version`) and migrated by numbered SQL files; a file that is not a
//! Parallax store, or one written by a newer Parallax, is refused and never overwritten.
//!
//! ```
//! let dir = tempfile::tempdir().unwrap();
//! let store = parallax_store::Store::open(&dir.path().join("p.db")).unwrap();
//! assert_eq!(store.stats().unwrap().articles, 0);
//! ```

mod error;
mod export;
mod links;
mod migrate;
mod pack;
mod store;

pub use error::StoreError;
pub use export::ArticleRow;
pub use links::{
    fts_query, DupRow, LinkBatch, LinkRow, LinkSource, LinkWrite, LinkedArticle, MergeRow,
    OutletRow, StoryCursor, StoryFilter, StoryMember, StorySummary,
};
pub use store::{
    ArticleFilter, ArticleSummary, EncodedArticle, InsertOutcome, RejectRow, Stats, Store,
    StoredArticle, DEFAULT_CACHE_KIB, EDGE_PARAGRAPHS,
};

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u32 = migrate::MIGRATIONS.len() as u32;
