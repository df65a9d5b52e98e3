//! Schema versions: `PRAGMA user_version` counts the migrations applied, and
//! `PRAGMA application_id` marks the file as ours.

use std::path::Path;

use rusqlite::Connection;

use crate::StoreError;

/// "PRLX" as a big-endian integer: SQLite's field for telling file formats apart.
pub(crate) const APPLICATION_ID: i32 = 0x5052_4c58;

/// Migrations in order; schema version N is the first N applied. Never edit a shipped one.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_articles.sql"),
    include_str!("../migrations/0002_links.sql"),
    include_str!("../migrations/0003_alignments.sql"),
    include_str!("../migrations/0004_search.sql"),
    include_str!("../migrations/0005_search_deferred.sql"),
];

/// Refuses files that are not ours or are newer than this build, before anything is written;
/// returns the file's schema version.
pub(crate) fn check(conn: &Connection, path: &Path) -> Result<u32, StoreError> {
    let err = |e| StoreError::sqlite(path, e);
    let app: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(err)?;
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(err)?;
    let tables: u32 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(err)?;
    if app != APPLICATION_ID && (tables > 0 || version > 0) {
        return Err(StoreError::Foreign { path: path.into() });
    }
    let supported = MIGRATIONS.len() as u32;
    if version > supported {
        return Err(StoreError::TooNew {
            path: path.into(),
            found: version,
            supported,
        });
    }
    Ok(version)
}

/// Brings `conn` from `version` to the current schema, one transaction per migration.
pub(crate) fn migrate(conn: &mut Connection, path: &Path, version: u32) -> Result<(), StoreError> {
    let err = |e| StoreError::sqlite(path, e);
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction().map_err(err)?;
        tx.execute_batch(sql).map_err(err)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(err)?;
        tx.pragma_update(None, "user_version", (i + 1) as u32)
            .map_err(err)?;
        tx.commit().map_err(err)?;
    }
    Ok(())
}
