//! Parallax's shared vocabulary: the types every stage passes along, with no logic of their own.
//!
//! Start from [`Article`]: an ingested news item with its clean text, its [`Paragraph`]s and
//! [`Attribution`]s (each a [`Span`] of byte offsets into [`Article::text`]), where it came from
//! ([`Source`]) and its untouched original bytes. Input that could not be read becomes a
//! [`Reject`] instead of an error that stops the run. Long stages report progress to a
//! [`Reporter`] chosen by the caller.
//!
//! ```
//! use parallax_model::Span;
//! let text = "Tehran, The Supreme Leader said";
//! let span = Span::new(8, 26);
//! assert_eq!(span.slice(text), "The Supreme Leader");
//! ```

mod article;
mod reject;
mod report;
mod span;

pub use article::{
    Article, Attribution, AttributionKind, DateOrigin, InputFormat, Location, Paragraph,
    ParagraphRole, Published, Source,
};
pub use reject::{Reject, RejectKind};
pub use report::{Event, NoReporter, Reporter};
pub use span::Span;
