//! Fuzz target: the gzip and zstd layers must turn any corruption into a reject, not a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Half the inputs look gzip-compressed, half zstd-compressed: the decoders' error paths
    // (truncation, corruption) are what this target explores.
    let mut bytes = if data.first().is_some_and(|b| b % 2 == 0) {
        vec![0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0xff]
    } else {
        vec![0x28, 0xb5, 0x2f, 0xfd]
    };
    bytes.extend_from_slice(data);
    parallax_fuzz::ingest_bytes("input.jsonl.gz", bytes);
});
