//! Tuning knobs of the aligner, with defaults chosen on news copy.

use serde::{Deserialize, Serialize};

/// Parameters of [`align`](crate::align). `AlignParams::default()` suits news articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlignParams {
    /// Words per seed: runs of this many equal words (after normalisation) anchor passages.
    pub seed_words: usize,
    /// A seed occurring more often than this in either text is ignored (boilerplate, repeated
    /// phrases), which keeps the work linear on repetitive texts.
    pub max_seed_repeats: usize,
    /// Largest gap, in words on each side, between two seed runs chained into one passage.
    pub max_gap_words: usize,
    /// A passage is widened to the start or end of its sentences when at most this many words
    /// on each side separate it from them.
    pub max_extend_words: usize,
    /// Fewest matched words for a seeded passage.
    pub min_passage_words: usize,
    /// Lowest diff similarity (Dice of words) for an edited passage.
    pub edited_min_similarity: f64,
    /// A seeded passage covering less than this share of the words of the sentences it touches
    /// (on either side), or lying inside one sentence on each side without filling either, is
    /// first offered to paraphrase pairing of those whole sentences, and kept as it is only if
    /// they find no partner.
    pub min_sentence_share: f64,
    /// A seeded passage with at least this many consecutive equal words is kept whatever its
    /// sentence share.
    pub keep_verbatim_words: usize,
    /// Inside a paraphrase pair, a stretch with at least this many equal words (two of them
    /// content terms) that reaches [`AlignParams::edited_core_similarity`] is an edited passage
    /// of its own; 0 turns the split off.
    pub edited_core_words: usize,
    /// Lowest Dice similarity of such an edited core.
    pub edited_core_similarity: f64,
    /// Lowest paraphrase score: weighted Dice overlap of the content terms of two sentences,
    /// where numbers and capitalised names weigh double.
    pub paraphrase_min_score: f64,
    /// Fewest distinct content terms two sentences must share to be paired as paraphrases.
    pub paraphrase_min_shared: usize,
    /// Fewest words a sentence (or its part outside passages) needs to be paired as a
    /// paraphrase.
    pub paraphrase_min_words: usize,
    /// Most consecutive sentences of one side that may pair with a single sentence of the
    /// other: 1, or 2 (larger values count as 2); 0 turns paraphrase pairing off.
    pub paraphrase_max_sentences: usize,
}

impl Default for AlignParams {
    fn default() -> Self {
        Self {
            seed_words: 3,
            max_seed_repeats: 8,
            max_gap_words: 20,
            max_extend_words: 8,
            min_passage_words: 5,
            edited_min_similarity: 0.5,
            min_sentence_share: 0.5,
            keep_verbatim_words: 8,
            edited_core_words: 4,
            edited_core_similarity: 0.6,
            paraphrase_min_score: 0.35,
            paraphrase_min_shared: 3,
            paraphrase_min_words: 4,
            paraphrase_max_sentences: 2,
        }
    }
}
