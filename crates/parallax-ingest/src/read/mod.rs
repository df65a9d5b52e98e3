//! Readers: from a path, a folder, a glob or standard input to [`Record`]s in input order.
//!
//! Compression is peeled first (by magic bytes, so a misnamed file still reads), then the
//! container is chosen by extension and, failing that, by sniffing the first bytes. Each reader
//! turns what it cannot read into a [`Reject`] and carries on with the next line or record.

mod compressed;
mod decode;
mod document;
mod inputs;
mod json_lines;
mod warc;

use std::io::{BufReader, Read};
use std::path::PathBuf;

use parallax_model::{Event, InputFormat, Location, Reject, RejectKind, Reporter, Source};

use crate::IngestOptions;

pub use inputs::expand_inputs;

/// One input to read.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file on disk.
    Path(PathBuf),
    /// Standard input, named `-` in messages.
    Stdin,
    /// Bytes already in memory (HTTP uploads, tests), with a name for messages.
    Bytes {
        /// Name used in sources and messages; its extension is a format hint.
        name: String,
        /// The content.
        bytes: Vec<u8>,
    },
}

impl Input {
    /// An in-memory input.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self::Bytes {
            name: name.into(),
            bytes,
        }
    }

    /// The name used in sources and messages.
    pub fn name(&self) -> String {
        match self {
            Self::Path(p) => p.display().to_string(),
            Self::Stdin => "-".into(),
            Self::Bytes { name, .. } => name.clone(),
        }
    }
}

/// What a container says about a record, before extraction looks at the content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordMeta {
    /// The record's own id (JSON Lines `id`).
    pub id: Option<String>,
    /// Page URL.
    pub url: Option<String>,
    /// Outlet name or host.
    pub outlet: Option<String>,
    /// Publication date as written.
    pub date: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Declared language.
    pub lang: Option<String>,
    /// When a crawler fetched it (WARC-Date).
    pub crawl_date: Option<String>,
}

/// The decoded content of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// An HTML page: main text still to be extracted.
    Html(String),
    /// Text that is already the article body (a JSON Lines `text` field).
    Text(String),
    /// A plain-text file as scraped, which may open with header lines (`date 2018-04-06`).
    Scraped(String),
}

/// A record read from an input, not yet extracted.
#[derive(Debug, Clone)]
pub struct Record {
    /// Where it was read.
    pub source: Source,
    /// Its bytes, untouched.
    pub original: Vec<u8>,
    /// Its decoded content.
    pub content: Content,
    /// What the container said about it.
    pub meta: RecordMeta,
}

/// The sink records and rejects are handed to, in input order.
pub(crate) type Sink<'a> = dyn FnMut(Result<Record, Reject>) + 'a;

/// Reads one input to the end, handing every record or reject to `sink` in input order.
/// Never fails as a whole: a file that cannot be opened is one reject.
pub fn read(
    input: &Input,
    opts: &IngestOptions,
    reporter: &dyn Reporter,
    sink: &mut dyn FnMut(Result<Record, Reject>),
) {
    let name = input.name();
    reporter.count(Event::FileStarted, 1);
    let raw: Box<dyn Read> = match input {
        Input::Path(p) => match std::fs::File::open(p) {
            Ok(f) => Box::new(f),
            Err(e) => {
                sink(Err(reject(
                    &name,
                    Location::File,
                    RejectKind::Io,
                    format!("cannot open: {e}"),
                )));
                return;
            }
        },
        Input::Stdin => Box::new(std::io::stdin()),
        Input::Bytes { bytes, .. } => Box::new(std::io::Cursor::new(bytes.clone())),
    };
    let counted = compressed::Counting::new(raw, reporter);
    let buffered = BufReader::with_capacity(1 << 16, counted);
    let (mut stream, compression) = match compressed::open(buffered) {
        Ok(x) => x,
        Err(e) => {
            sink(Err(reject(
                &name,
                Location::File,
                RejectKind::Io,
                format!("cannot read: {e}"),
            )));
            return;
        }
    };
    let inner_name = compressed::strip_extension(&name, compression);
    let head = match stream.fill_buf() {
        Ok(h) => h.to_vec(),
        Err(e) => {
            sink(Err(reject(
                &name,
                Location::Offset { offset: 0 },
                compressed::error_kind(&e, compression),
                compressed::describe(&e, compression),
            )));
            return;
        }
    };
    let format = detect(&inner_name, &head);
    let ctx = Context {
        name: &name,
        compression: compression.map(str::to_string),
        opts,
    };
    match format {
        InputFormat::JsonLines => json_lines::read(&ctx, &mut *stream, sink),
        InputFormat::Warc => warc::read(&ctx, &mut *stream, sink),
        InputFormat::Html | InputFormat::Text => {
            document::read(&ctx, &mut *stream, format, sink);
        }
    }
}

/// What every reader needs to know about the input it reads.
pub(crate) struct Context<'a> {
    pub(crate) name: &'a str,
    pub(crate) compression: Option<String>,
    pub(crate) opts: &'a IngestOptions,
}

impl Context<'_> {
    pub(crate) fn source(&self, location: Location, format: InputFormat) -> Source {
        Source {
            path: self.name.to_string(),
            location,
            format,
            compression: self.compression.clone(),
            decoded_from: None,
        }
    }

    pub(crate) fn reject(
        &self,
        location: Location,
        kind: RejectKind,
        message: impl Into<String>,
    ) -> Reject {
        reject(self.name, location, kind, message.into())
    }
}

fn reject(path: &str, location: Location, kind: RejectKind, message: String) -> Reject {
    Reject {
        path: path.to_string(),
        location,
        kind,
        message,
    }
}

/// Picks the container: the extension first, then the first bytes.
fn detect(name: &str, head: &[u8]) -> InputFormat {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit('.').next().unwrap_or("");
    match ext {
        "jsonl" | "ndjson" | "jsonlines" => return InputFormat::JsonLines,
        "warc" | "arc" => return InputFormat::Warc,
        "html" | "htm" | "xhtml" | "shtml" => return InputFormat::Html,
        _ => {}
    }
    let trimmed = trim_ascii_start(head);
    if trimmed.starts_with(b"WARC/") {
        return InputFormat::Warc;
    }
    if trimmed.starts_with(b"{") {
        return InputFormat::JsonLines;
    }
    if looks_like_html(trimmed) {
        return InputFormat::Html;
    }
    if ext == "json" {
        return InputFormat::JsonLines;
    }
    InputFormat::Text
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let b = b.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(b);
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    &b[start..]
}

/// True when the first bytes open an HTML document or fragment.
pub(crate) fn looks_like_html(head: &[u8]) -> bool {
    let n = head.len().min(2048);
    let lower = head[..n].to_ascii_lowercase();
    let starts = |p: &[u8]| trim_ascii_start(&lower).starts_with(p);
    starts(b"<!doctype html")
        || starts(b"<html")
        || starts(b"<?xml") && lower.windows(5).any(|w| w == b"<html")
        || starts(b"<!--") && lower.windows(5).any(|w| w == b"<html")
        || ["<head", "<body", "<meta ", "<title"]
            .iter()
            .any(|t| lower.windows(t.len()).any(|w| w == t.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_by_extension_then_content() {
        assert_eq!(detect("a.jsonl", b"garbage"), InputFormat::JsonLines);
        assert_eq!(detect("a.dat", b"WARC/1.0\r\n"), InputFormat::Warc);
        assert_eq!(detect("a", b"  {\"id\": 1}"), InputFormat::JsonLines);
        assert_eq!(detect("a", b"<!DOCTYPE html><html>"), InputFormat::Html);
        assert_eq!(
            detect("a.txt", b"|  |\n\nLeader: a title"),
            InputFormat::Text
        );
    }
}
