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
mod tagged;
mod transcript;

pub use extract::{extract, Quote, QuoteKind};
pub use group::{
    carries_meaning, changes, group, group_aligned, quote_text, statement_similarity,
    AlignedPassages, ArticleQuotes, ChangeOp, Difference, GroupParams, Statement, StatementScorer,
    VariantRef, WordChange,
};
pub use marks::is_double_mark;
pub use parallax_text::Span;
pub use speaker::{mentions, name_key, Mention};
pub use tagged::{extract_with, PieceTagger, TaggedPiece};

#[cfg(test)]
mod tests {
    use super::*;

    /// Unbalanced and odd marks, empty and one-character texts, non-Latin scripts: every
    /// span still slices its text and grouping copes.
    #[test]
    fn odd_input_never_panics_and_spans_stay_in_the_text() {
        let pieces = [
            "“",
            "”",
            "\"",
            "'",
            "‘",
            "’",
            "«",
            "»",
            "„",
            "''",
            " said ",
            " he said, ",
            ":",
            "\n\n",
            "according to",
            " Mr. ",
            "Khalid",
            "\nQUILL: ",
            " قال ",
            "说",
            "—",
            ",",
            ".",
            "that ",
            "x",
            // Words the rules key on: a sentence that stops right after them must not panic.
            "In a poll",
            " reportedly ",
            " was reported by ",
            " did not respond to ",
            " records show ",
            "Poll: ",
            " he says, ",
            "While ",
            ", and He ",
            " to ",
            " at least ",
            " by saying ",
            "Prior to it, ",
            " U.S. ",
        ];
        let found = std::cell::Cell::new(0usize);
        let check = |text: &str| {
            let quotes = extract(text);
            found.set(found.get() + quotes.len());
            for q in &quotes {
                for s in q
                    .pieces()
                    .into_iter()
                    .chain(q.cue)
                    .chain(q.speaker)
                    .chain(q.resolved)
                {
                    assert!(text.get(s.start..s.end).is_some(), "{s:?} in {text:?}");
                }
            }
            let arts = [
                ArticleQuotes {
                    id: "a",
                    outlet: None,
                    text,
                    quotes: &quotes,
                },
                ArticleQuotes {
                    id: "b",
                    outlet: None,
                    text,
                    quotes: &quotes,
                },
            ];
            let _ = group(&arts, &GroupParams::default());
        };
        // Texts that stop right after a cue's "that" or its word.
        for text in [
            "Quill said that",
            "Quill said that x",
            "Quill rejected that",
        ] {
            check(text);
        }
        // A linear congruential generator, read from its high bits: its low bits cycle
        // quickly, and a length taken from them once hit 0 and kept every later text empty.
        let mut seed: u64 = 7;
        let mut next = |bound: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % bound
        };
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..next(40) {
                text.push_str(pieces[next(pieces.len())]);
            }
            check(&text);
        }
        // The generated texts do reach the rules, not only the empty paths.
        assert!(found.get() > 100, "{} quotes found", found.get());
    }
}
