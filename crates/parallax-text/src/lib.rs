//! Text primitives with byte offsets: words, paragraphs and normalised fingerprints.
//!
//! Every function returns [`Span`]s into the text it was given, so later stages can point at the
//! exact bytes behind a verdict. Start from [`words`] and [`paragraphs`].
//!
//! ```
//! use parallax_text::{paragraphs, words};
//! let text = "First line.\n\nSecond, shorter.";
//! let paras = paragraphs(text);
//! assert_eq!(paras[1].slice(text), "Second, shorter.");
//! let w: Vec<&str> = words(text).map(|s| s.slice(text)).collect();
//! assert_eq!(w, ["First", "line", "Second", "shorter"]);
//! ```

pub mod calendar;
mod keys;
mod normalize;
mod paragraph;
mod script;
mod word;

pub use keys::{KeyHasher, KeyMap, KeyMap32, KeySet};
pub use normalize::{fingerprint, normalized_words};
pub use paragraph::{lines, paragraphs};
pub use script::is_unspaced;
pub use word::{is_word_char, push_lowercase, words};

pub use parallax_model::Span;
