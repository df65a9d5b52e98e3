//! Integration tests of the readers and extraction on fixtures we wrote (`fixtures/ingest`),
//! and on inputs built in the tests (WARC, compressed, broken).

mod garbage;
mod readers;

use std::path::PathBuf;

use parallax_ingest::{read, Article, Extractor, IngestOptions, Input, Reject};

/// The repository's fixture folder.
pub(crate) fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/ingest")
        .join(name)
}

/// Reads and extracts one input: the only test code that calls the ingest API.
pub(crate) fn check(input: Input, opts: &IngestOptions) -> (Vec<Article>, Vec<Reject>) {
    let extractor = Extractor::new(opts).unwrap();
    let mut articles = Vec::new();
    let mut rejects = Vec::new();
    read(&input, opts, &parallax_model::NoReporter, &mut |r| match r
        .and_then(|rec| extractor.extract(rec))
    {
        Ok(a) => articles.push(a),
        Err(e) => rejects.push(e),
    });
    // Invariant: every derived span slices the clean text.
    for a in &articles {
        for p in &a.paragraphs {
            assert!(
                a.text.get(p.span.start..p.span.end).is_some(),
                "paragraph span out of text in {}",
                a.id
            );
        }
        for c in &a.attributions {
            assert!(a.text.get(c.span.start..c.span.end).is_some());
            assert!(a.text.get(c.phrase.start..c.phrase.end).is_some());
        }
    }
    (articles, rejects)
}

pub(crate) fn bytes(name: &str, data: impl Into<Vec<u8>>) -> Input {
    Input::from_bytes(name, data.into())
}

pub(crate) fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}
