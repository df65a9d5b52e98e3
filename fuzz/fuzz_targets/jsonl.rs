//! Fuzz target: the jsonl reader and extraction must never panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| parallax_fuzz::ingest_bytes("input.jsonl", data.to_vec()));
