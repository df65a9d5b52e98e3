//! Turns the bytes users have (scraped text, HTML, JSON Lines, WARC, each possibly gzip- or
//! zstd-compressed) into [`Article`]s, and every piece it cannot read into a [`Reject`] that names
//! the file and the line, byte offset or record.
//!
//! Two stages, so the caller can run the second in parallel:
//! 1. [`read()`] walks one [`Input`] in order and yields [`Record`]s: the original bytes plus what
//!    the container says (URL, date, outlet…). Serial: it owns the file position.
//! 2. [`Extractor::extract`] turns one record into an article: main text, title, date, outlet,
//!    language, attributions, paragraphs. Order-free and thread-safe.
//!
//! Outlet boilerplate (a paragraph recurring across one outlet's articles) needs many articles;
//! [`boilerplate`] holds that rule, applied by the store's counts.
//!
//! ```
//! use parallax_ingest::{read, Extractor, IngestOptions, Input};
//! let opts = IngestOptions::default();
//! let extractor = Extractor::new(&opts).unwrap();
//! let input = Input::from_bytes("inline.txt", b"date 2018-04-06\n\nThe leader said on Friday that talks were a mistake.".to_vec());
//! let mut articles = Vec::new();
//! read(&input, &opts, &parallax_model::NoReporter, &mut |r| {
//!     articles.push(extractor.extract(r.unwrap()).unwrap())
//! });
//! assert_eq!(articles[0].published.as_ref().unwrap().iso, "2018-04-06");
//! ```

pub mod boilerplate;
mod error;
mod extract;
mod options;
mod read;

pub use error::IngestError;
pub use extract::{
    agencies, credits, outlet_key, removed_blocks, supported_languages, Agency, Extractor,
    HtmlChoice, HtmlExtraction,
};
pub use options::{FieldMap, IngestOptions};
pub use read::{expand_inputs, read, Content, Input, Record, RecordMeta};

pub use parallax_model::{Article, Reject};
