//! `parallax eval …`: quality measured on labelled data, with the metrics of
//! `../shared/eval-dev/README.md`, printed beside the peers that run in the same process.

pub(crate) mod alignment;
pub(crate) mod derivation;
pub(crate) mod dups;
pub(crate) mod extraction;
pub(crate) mod facts;
pub(crate) mod metrics;
pub(crate) mod paraphrase;
pub(crate) mod quotes;
pub(crate) mod stories;
pub(crate) mod wire;
