//! Errors that stop an ingest before it starts: bad settings, not bad input. Bad input becomes a
//! [`parallax_model::Reject`] instead.

/// A settings problem found before any input is read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// A `--map` entry is not `field=name` or names an unknown field.
    #[error("bad field mapping {entry:?}: {reason}")]
    FieldMap {
        /// The entry as given.
        entry: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A language code that Parallax was not built to identify.
    #[error("unknown language {0:?}: use ISO 639-1 codes from `parallax languages`")]
    UnknownLanguage(String),
    /// An input path or glob that matches nothing.
    #[error("{0}: no such file, folder or glob match")]
    NoSuchInput(String),
    /// A glob pattern that does not parse.
    #[error("bad glob {pattern:?}: {reason}")]
    BadGlob {
        /// The pattern as given.
        pattern: String,
        /// What the glob parser said.
        reason: String,
    },
}
