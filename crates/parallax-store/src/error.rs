//! Store errors. Each names the database file, since users may keep several.

use std::path::PathBuf;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but is not an SQLite database (or is damaged beyond reading its header).
    #[error("{path}: not a Parallax store (not an SQLite database); refusing to touch it")]
    NotADatabase {
        /// The database file.
        path: PathBuf,
    },
    /// An SQLite database that belongs to another program.
    #[error("{path}: an SQLite database that is not a Parallax store; refusing to touch it")]
    Foreign {
        /// The database file.
        path: PathBuf,
    },
    /// Written by a newer Parallax with a schema this build does not know.
    #[error("{path}: store schema version {found} is newer than this build's {supported}; upgrade Parallax")]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// Version in the file.
        found: u32,
        /// Newest version this build knows.
        supported: u32,
    },
    /// The database is damaged.
    #[error("{path}: the store is corrupt ({detail}); restore it from a backup or re-ingest into a new file")]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        detail: String,
    },
    /// A stored value does not decode: a bug or corruption.
    #[error("{path}: stored data does not decode ({detail}); this is a bug or corruption")]
    BadData {
        /// The database file.
        path: PathBuf,
        /// What failed to decode.
        detail: String,
    },
    /// Any other SQLite failure.
    #[error("{path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: rusqlite::Error,
    },
}

impl StoreError {
    pub(crate) fn sqlite(path: &std::path::Path, e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        if let rusqlite::Error::SqliteFailure(f, msg) = &e {
            match f.code {
                ErrorCode::NotADatabase => return Self::NotADatabase { path: path.into() },
                ErrorCode::DatabaseCorrupt => {
                    return Self::Corrupt {
                        path: path.into(),
                        detail: msg
                            .clone()
                            .unwrap_or_else(|| "database disk image is malformed".into()),
                    }
                }
                _ => {}
            }
        }
        Self::Sqlite {
            path: path.into(),
            source: e,
        }
    }
}
