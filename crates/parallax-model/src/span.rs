//! Byte ranges into an article's clean text: the currency every later stage points with.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a text, always on UTF-8 character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; `start` must not exceed `end`.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Self { start, end }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text the span covers. Panics if the span does not fit `text`, which is a bug upstream.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// The span moved right by `offset` bytes.
    pub fn shifted(&self, offset: usize) -> Self {
        Self::new(self.start + offset, self.end + offset)
    }
}
