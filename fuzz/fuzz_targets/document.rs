//! Fuzz target: whole-document reading (HTML or scraped text) and extraction must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let name = if data.first().is_some_and(|b| b % 2 == 0) {
        "input.html"
    } else {
        "input.txt"
    };
    parallax_fuzz::ingest_bytes(name, data.to_vec());
});
