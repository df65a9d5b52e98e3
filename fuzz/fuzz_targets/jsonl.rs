//! Fuzz target: the jsonl reader and extraction must never panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_ingest::{read, Extractor, IngestOptions, Input};

fuzz_target!(|data: &[u8]| {
    let opts = IngestOptions {
        max_document_bytes: 1 << 20,
        ..IngestOptions::default()
    };
    let extractor = Extractor::new(&opts).expect("default options are valid");
    let name = "input.jsonl";
    read(&Input::from_bytes(name, data.to_vec()), &opts, &parallax_model::NoReporter, &mut |r| {
        if let Ok(record) = r {
            let _ = extractor.extract(record);
        }
    });
});
