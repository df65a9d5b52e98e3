//! Who said what, and did every outlet quote it the same way?
//!
//! [`extract`] finds an article's quotes (direct, mixed, indirect) with content, cue and
//! speaker spans and resolves pronouns and descriptions to names inside the article;
//! [`group`] gathers a story's renderings of one statement across outlets, with word-level
//! differences and the ones that change the meaning. Pure: no I/O. English cue tables live
//! in one module, as data.

mod cues;
mod extract;
mod group;
mod marks;
mod speaker;

pub use extract::{extract, Quote, QuoteKind};
pub use group::{
    carries_meaning, changes, group, group_aligned, quote_text, statement_similarity,
    AlignedPassages, ArticleQuotes, ChangeOp, Difference, GroupParams, Statement, VariantRef,
    WordChange,
};
pub use marks::is_double_mark;
pub use parallax_text::Span;
pub use speaker::{mentions, name_key, Mention};
