//! Aligns two news articles' texts: which passages they share, verbatim, edited or reworded,
//! and what each says that the other does not. Pure: no I/O.
//!
//! The method, close to linear in the length of the texts:
//!
//! 1. **Seed and chain.** Words are normalised (lower case, digits of any script folded to
//!    ASCII) and hashed; every run of [`AlignParams::seed_words`] words found in both texts is a
//!    seed (runs repeated too often are skipped). Seeds on one diagonal merge into exact blocks,
//!    and co-linear blocks with gaps of at most [`AlignParams::max_gap_words`] chain into
//!    regions, best first, each word in at most one region (as in BLAST-style or passim-style
//!    text-reuse detection).
//! 2. **Diff and label.** Inside a region only the gaps between blocks are diffed (an LCS over
//!    words), so the work stays small. Regions are widened to sentence edges when few words
//!    separate them, cut at paragraph breaks, and labelled [`PassageKind::Verbatim`] (identical
//!    after normalisation) or [`PassageKind::Edited`] (Dice similarity of the diff at least
//!    [`AlignParams::edited_min_similarity`]); weaker pieces are split at their longest change.
//! 3. **Paraphrase.** Sentences (see [`sentences`]) outside passages, alone or two consecutive
//!    ones, are compared by their content terms (stop words removed, crudely stemmed by a
//!    [`TermNormalizer`]; numbers and capitalised names weigh double) through an inverted
//!    index, and paired greedily best first, each sentence once, as
//!    [`PassageKind::Paraphrase`]. A short seeded match inside otherwise different sentences
//!    waits for this step and stays only if its sentences find no partner.
//! 4. **Unique.** Words in no passage are reported as spans per text, split at paragraphs.
//!
//! Every span is a byte range from the start of a word to the end of a word of its text
//! (words as in [`parallax_text::words`], except that scripts written without spaces are
//! compared character by character: see [`tokens`]).
//!
//! ```
//! use parallax_align::{align, AlignParams, PassageKind};
//! let a = "Officials said the army killed 17 protesters on Friday near the border fence.";
//! let b = "Officials said the army killed 18 protesters on Friday near the border fence.";
//! let out = align(a, b, &AlignParams::default());
//! assert_eq!(out.passages[0].kind, PassageKind::Edited);
//! assert_eq!(out.longest_verbatim_words, 7);
//! ```

mod align;
mod alignment;
mod chain;
mod diff;
mod doc;
mod params;
mod paraphrase;
mod provenance;
mod sentence;
mod terms;

pub use align::{align, align_with};
pub use alignment::{Alignment, DiffOp, Passage, PassageKind, Segment, Side};
pub use diff::word_diff;
pub use doc::tokens;
pub use parallax_text::Span;
pub use params::AlignParams;
pub use paraphrase::{paraphrase_similarity, Similarity};
pub use provenance::{
    provenance, provenance_with, Credit, Edge, Node, NodeKind, Order, Provenance, ProvenanceInput,
    ProvenanceParams,
};
pub use sentence::sentences;
pub use terms::{EnglishTerms, TermNormalizer};

/// Changes whenever the same texts and settings may align differently (a new rule or fix), so
/// that alignments kept by an older build are computed again rather than served stale.
pub const ALIGNER_VERSION: u32 = 2;
