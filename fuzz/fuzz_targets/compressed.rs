//! Fuzz target: the compressed reader and extraction must never panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_ingest::{read, Extractor, IngestOptions, Input};

fuzz_target!(|data: &[u8]| {
    let opts = IngestOptions {
        max_document_bytes: 1 << 20,
        ..IngestOptions::default()
    };
    let extractor = Extractor::new(&opts).expect("default options are valid");
    // Half the inputs look gzip-compressed, half zstd-compressed: the decoders' error paths
    // (truncation, corruption) are what this target explores.
    let mut bytes = if data.first().is_some_and(|b| b % 2 == 0) {
        vec![0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0xff]
    } else {
        vec![0x28, 0xb5, 0x2f, 0xfd]
    };
    bytes.extend_from_slice(data);
    let name = "input.jsonl.gz";
    read(&Input::from_bytes(name, bytes), &opts, &parallax_model::NoReporter, &mut |r| {
        if let Ok(record) = r {
            let _ = extractor.extract(record);
        }
    });
});
