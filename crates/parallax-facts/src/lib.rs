//! Numeric facts, discrepancies and framing across the outlets of one story. Pure: texts in,
//! spans and scores out.
//!
//! - [`extract`]: the numbers a text states, with what they count, their subject and time;
//! - [`compare`]: where outlets disagree on the same quantity, and which facts only some carry;
//! - [`referents`]: the names each outlet gives one referent, found through aligned passages;
//! - [`distinctive`]: the terms that set one outlet apart (log-odds with an informative prior).

mod compare;
mod distinct;
mod extract;
mod names;
mod quantity;

pub use compare::{compare, Comparison, Discrepancy, DocFacts, Partial};
pub use distinct::{distinctive, term_counts, DistinctiveTerm};
pub use extract::{extract, Fact};
pub use names::{referents, Mention, NamedDoc, Referent};
pub use quantity::Quantity;
