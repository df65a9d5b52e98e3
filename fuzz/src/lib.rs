//! Shared body of the fuzz targets: read and extract bytes as one named input; any panic is a
//! bug. Each target only chooses how the bytes are presented.

use parallax_ingest::{read, Extractor, IngestOptions, Input};

/// Reads `bytes` as an input called `name` (its extension hints the format) and extracts
/// every record.
pub fn ingest_bytes(name: &str, bytes: Vec<u8>) {
    let opts = IngestOptions {
        max_document_bytes: 1 << 20,
        ..IngestOptions::default()
    };
    let extractor = Extractor::new(&opts).expect("default options are valid");
    read(&Input::from_bytes(name, bytes), &opts, &parallax_model::NoReporter, &mut |r| {
        if let Ok(record) = r {
            let _ = extractor.extract(record);
        }
    });
}
