//! No input makes ingest panic: pseudo-random and mutated inputs through every reader. (The
//! fuzz targets in `fuzz/` explore further; this keeps a cheap, deterministic guard in CI.)

use parallax_ingest::IngestOptions;

use crate::{bytes, check, fixture, gzip};

fn mutate(seed: &[u8], rng: &mut fastrand::Rng) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..rng.usize(1..=8) {
        if v.is_empty() {
            break;
        }
        let i = rng.usize(..v.len());
        match rng.u8(..4) {
            0 => v[i] = rng.u8(..),
            1 => v.truncate(i),
            2 => v.insert(i, b"{}\n\r<>\"WARC/1.0\x1f\x8b"[rng.usize(..14)]),
            _ => {
                v.remove(i);
            }
        }
    }
    v
}

#[test]
fn mutated_inputs_never_panic() {
    let opts = IngestOptions {
        max_document_bytes: 1 << 20,
        ..Default::default()
    };
    let html = std::fs::read(fixture("harbor.html")).unwrap();
    let jsonl = std::fs::read(fixture("wire.jsonl")).unwrap();
    let text = std::fs::read(fixture("scraped.txt")).unwrap();
    let warc = format!(
        "WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{}\r\n\r\n",
        html.len(),
        String::from_utf8_lossy(&html)
    )
    .into_bytes();
    let seeds: [(&str, Vec<u8>); 5] = [
        ("a.html", html),
        ("a.jsonl", jsonl.clone()),
        ("a.txt", text),
        ("a.warc", warc),
        ("a.jsonl.gz", gzip(&jsonl)),
    ];
    let mut rng = fastrand::Rng::with_seed(0x9e37_79b9_7f4a_7c15);
    for round in 0..60 {
        for (name, seed) in &seeds {
            let input = mutate(seed, &mut rng);
            // Must return, whatever it returns.
            let (a, r) = check(bytes(name, input), &opts);
            assert!(a.len() + r.len() <= 10_000, "round {round}");
        }
    }
    for n in [0usize, 1, 2, 3, 7, 64, 1000] {
        let noise: Vec<u8> = (0..n).map(|_| rng.u8(..)).collect();
        for name in ["x.html", "x.jsonl", "x.warc", "x.txt", "x.gz", "x.zst", "x"] {
            let _ = check(bytes(name, noise.clone()), &opts);
        }
    }
}
