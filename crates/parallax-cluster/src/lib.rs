//! Finding copies: which articles carry the same text (syndication, reposts, trimmed copies).
//! Pure code: data in, data out, no files, SQL or printing.
//!
//! Start from [`Shingles::of`] (a document's set of hashed word 5-grams), then
//! [`Signature::of`] (its MinHash signature with fixed, persisted seeds) and [`NearDuplicates`]
//! (LSH banding over signatures, every candidate verified by exact Jaccard, plus containment).
//!
//! ```
//! use parallax_cluster::{NearDuplicates, Params, Shingles};
//! let a = Shingles::of("the council voted on monday to raise the parking fees in the old town by ten percent");
//! let b = Shingles::of("the council voted on monday to raise the parking fees in the old town by ten percent, officials said");
//! let mut index = NearDuplicates::new(Params::default());
//! assert!(index.insert(0, &a).is_empty());
//! let links = index.insert(1, &b);
//! assert_eq!(links[0].other, 0);
//! assert!(links[0].jaccard >= 0.5);
//! ```

mod bands;
mod centroid;
mod days;
mod features;
mod label;
mod minhash;
mod near;
mod shingle;
mod state;
mod story;

pub use features::{titles_agree, Channel, StoryFeatures};
pub use label::{salient_terms, story_label};
pub use minhash::{Signature, PERMUTATIONS};
pub use near::{DupLink, LoadSet, NearDuplicates, Params};
pub use shingle::{Shingles, SHINGLE_WORDS};
pub use state::StateError;
pub use story::{Assignment, Merge, Placement, Similarity, StoryClusterer, StoryParams};
