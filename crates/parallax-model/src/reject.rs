//! Input that could not become an article: kept as a value so that the rest of a run goes on.

use serde::{Deserialize, Serialize};

use crate::Location;

/// Why a piece of input was refused. The `code` of each kind is stable: scripts may match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectKind {
    /// The file or stream could not be opened or read.
    Io,
    /// The input holds no bytes, or only whitespace.
    Empty,
    /// The input looks like binary data (an image, an executable, …), not text or markup.
    Binary,
    /// The bytes are not valid in any text encoding we could detect.
    Encoding,
    /// A document or line is larger than the configured limit.
    TooLarge,
    /// A JSON line does not parse.
    BadJson,
    /// A JSON line lacks a required field (an `id`, or both `text` and `html`).
    MissingField,
    /// A compressed stream ends early or is corrupt.
    Truncated,
    /// A WARC record is malformed.
    BadWarc,
    /// Extraction found no article text in the document.
    NoText,
}

impl RejectKind {
    /// The stable, machine-readable name of this kind.
    pub fn code(self) -> &'static str {
        match self {
            Self::Io => "io",
            Self::Empty => "empty",
            Self::Binary => "binary",
            Self::Encoding => "encoding",
            Self::TooLarge => "too_large",
            Self::BadJson => "bad_json",
            Self::MissingField => "missing_field",
            Self::Truncated => "truncated",
            Self::BadWarc => "bad_warc",
            Self::NoText => "no_text",
        }
    }

    /// The kind with this stable code, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        [
            Self::Io,
            Self::Empty,
            Self::Binary,
            Self::Encoding,
            Self::TooLarge,
            Self::BadJson,
            Self::MissingField,
            Self::Truncated,
            Self::BadWarc,
            Self::NoText,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// A refused piece of input: which file, where in it, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reject {
    /// The input path as the user gave it (`-` for standard input).
    pub path: String,
    /// Where in the input the problem is.
    pub location: Location,
    /// The class of problem.
    pub kind: RejectKind,
    /// A sentence for people, naming what was wrong.
    pub message: String,
}

impl std::fmt::Display for Reject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}{}: {}",
            self.path,
            self.location.suffix(),
            self.message
        )
    }
}
