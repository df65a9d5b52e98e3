//! Progress reporting owned by the caller: stages announce events, the caller decides how to show
//! them (a progress bar in the CLI, nothing in the server and in tests).

/// A countable thing that happened during a run. Each has one name so that run summaries and
/// statistics read the same counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    /// An input file was opened.
    FileStarted,
    /// A record (file, line, WARC record) was turned into an article.
    ArticleRead,
    /// An article was stored for the first time.
    ArticleStored,
    /// An article was already in the store and was skipped.
    ArticleKnown,
    /// A piece of input was refused.
    Rejected,
}

impl Event {
    /// The counter's stable name.
    pub fn name(self) -> &'static str {
        match self {
            Self::FileStarted => "files",
            Self::ArticleRead => "articles_read",
            Self::ArticleStored => "articles_stored",
            Self::ArticleKnown => "articles_known",
            Self::Rejected => "rejected",
        }
    }
}

/// Receives progress from a long-running stage. Implementations must be cheap and thread-safe.
pub trait Reporter: Sync {
    /// `n` input bytes were consumed (drives byte-based progress bars).
    fn bytes(&self, _n: u64) {}
    /// `n` events of one kind happened.
    fn count(&self, _event: Event, _n: u64) {}
    /// A message for the user that is not a result (for example a reject).
    fn warn(&self, _message: &str) {}
}

/// A reporter that ignores everything; for servers, batch jobs and tests.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoReporter;

impl Reporter for NoReporter {}
