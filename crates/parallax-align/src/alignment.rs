//! The result types: passages two texts share, with word diffs, and what is unique to each.

use parallax_text::Span;
use serde::{Deserialize, Serialize};

/// How two aligned passages relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageKind {
    /// The same words in the same order, ignoring case, punctuation and whitespace.
    Verbatim,
    /// Mostly the same words: at least [`AlignParams::edited_min_similarity`] of the words on
    /// both sides are matched by the diff, which shows the insertions, deletions and
    /// substitutions.
    ///
    /// [`AlignParams::edited_min_similarity`]: crate::AlignParams::edited_min_similarity
    Edited,
    /// The same statement in other words: sentences paired by their content words, numbers and
    /// names rather than by a shared word sequence.
    Paraphrase,
    /// Text found in only one of the two. Never the kind of a [`Passage`]; used by
    /// [`Alignment::segments`] for the stretches between passages.
    Unique,
}

impl PassageKind {
    /// Stable lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Verbatim => "verbatim",
            Self::Edited => "edited",
            Self::Paraphrase => "paraphrase",
            Self::Unique => "unique",
        }
    }
}

/// One word-level diff step. Every span runs from the start of a word to the end of a word of
/// its text; a span may hold several consecutive words (a run).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum DiffOp {
    /// The same words (after normalisation) in both texts; `a` and `b` hold as many words.
    Equal {
        /// The words in the first text.
        a: Span,
        /// The words in the second text.
        b: Span,
    },
    /// Words only the second text has here.
    Insert {
        /// The words in the second text.
        b: Span,
    },
    /// Words only the first text has here.
    Delete {
        /// The words in the first text.
        a: Span,
    },
    /// Words of the first text replaced by other words in the second (word counts may differ).
    Substitute {
        /// The replaced words in the first text.
        a: Span,
        /// The replacing words in the second text.
        b: Span,
    },
}

impl DiffOp {
    /// The op's span in the first text, if it has one.
    pub fn a(&self) -> Option<Span> {
        match *self {
            Self::Equal { a, .. } | Self::Delete { a } | Self::Substitute { a, .. } => Some(a),
            Self::Insert { .. } => None,
        }
    }

    /// The op's span in the second text, if it has one.
    pub fn b(&self) -> Option<Span> {
        match *self {
            Self::Equal { b, .. } | Self::Insert { b } | Self::Substitute { b, .. } => Some(b),
            Self::Delete { .. } => None,
        }
    }
}

/// A stretch of the first text aligned with a stretch of the second.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    /// Byte range in the first text, from the start of its first word to the end of its last.
    pub a: Span,
    /// Byte range in the second text, likewise.
    pub b: Span,
    /// How the two stretches relate.
    pub kind: PassageKind,
    /// For verbatim and edited passages, the Dice similarity of the word diff (twice the equal
    /// words over the words of both sides; 1 for verbatim). For paraphrases, the weighted
    /// content-word overlap that paired the sentences (see [`AlignParams`]).
    ///
    /// [`AlignParams`]: crate::AlignParams
    pub similarity: f64,
    /// Word diff from `a` to `b`. Its `a` spans cover exactly the words of `a`, in order, and its
    /// `b` spans those of `b`.
    pub diff: Vec<DiffOp>,
}

/// Which of the two aligned texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The first text given to [`align`](crate::align).
    A,
    /// The second text.
    B,
}

/// A piece of one text's layout: a passage's side, or a unique stretch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Byte range in that text.
    pub span: Span,
    /// The passage's kind, or [`PassageKind::Unique`].
    pub kind: PassageKind,
    /// Index into [`Alignment::passages`], for passages.
    pub passage: Option<usize>,
}

/// How two texts align: shared passages, unique stretches and summary numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alignment {
    /// Aligned passages, ordered by their position in the first text. No two overlap on either
    /// side. Passages found from shared word runs are cut at the paragraph breaks of both
    /// texts; a sentence pairing (a paraphrase, or an edit found that way) may join two
    /// consecutive sentences across a break.
    pub passages: Vec<Passage>,
    /// Stretches of the first text in no passage: runs of words, split at paragraph breaks.
    pub a_unique: Vec<Span>,
    /// Stretches of the second text in no passage.
    pub b_unique: Vec<Span>,
    /// Share of the first text's words that lie in passages (0 for a text without words).
    pub a_covered: f64,
    /// Share of the second text's words that lie in passages.
    pub b_covered: f64,
    /// Longest run of consecutive words of the first text matched, in order, to consecutive
    /// words of the second (the longest verbatim quote), across passage boundaries.
    pub longest_verbatim_words: usize,
}

impl Alignment {
    /// One text's layout in order: each passage's span on that side and each unique stretch.
    pub fn segments(&self, side: Side) -> Vec<Segment> {
        let (unique, pick): (&[Span], fn(&Passage) -> Span) = match side {
            Side::A => (&self.a_unique, |p| p.a),
            Side::B => (&self.b_unique, |p| p.b),
        };
        let mut out: Vec<Segment> = self
            .passages
            .iter()
            .enumerate()
            .map(|(i, p)| Segment {
                span: pick(p),
                kind: p.kind,
                passage: Some(i),
            })
            .chain(unique.iter().map(|&span| Segment {
                span,
                kind: PassageKind::Unique,
                passage: None,
            }))
            .collect();
        out.sort_by_key(|s| (s.span.start, s.span.end));
        out
    }

    /// Number of passages of `kind`.
    pub fn count(&self, kind: PassageKind) -> usize {
        self.passages.iter().filter(|p| p.kind == kind).count()
    }
}
