//! Alignments of stored articles, kept in the store: the first view that needs a pair aligns
//! it, later ones read it back. The key includes a hash of the aligner's version, of both
//! compared texts and of the settings, so a changed aligner, boilerplate decision or setting
//! aligns again.

use parallax_align::{align, AlignParams, Alignment};
use parallax_store::Store;
use xxhash_rust::xxh3::Xxh3;

fn texts_hash(a: &str, b: &str, params: &AlignParams) -> i64 {
    let mut h = Xxh3::new();
    h.update(&parallax_align::ALIGNER_VERSION.to_le_bytes());
    h.update(a.as_bytes());
    h.update(&[0xff]);
    h.update(b.as_bytes());
    h.update(&[0xff]);
    h.update(format!("{params:?}").as_bytes());
    h.digest() as i64
}

/// The alignment of stored articles `a` and `b` (their compared texts `ta`, `tb`), from the
/// store when it holds one for these texts, else computed and kept.
pub(crate) fn aligned(
    store: &mut Store,
    (a, ta): (i64, &str),
    (b, tb): (i64, &str),
    params: &AlignParams,
) -> anyhow::Result<Alignment> {
    let key = texts_hash(ta, tb, params);
    if let Some(json) = store.alignment(a, b, key)? {
        if let Ok(al) = serde_json::from_slice(&json) {
            return Ok(al);
        }
    }
    let al = align(ta, tb, params);
    // Keeping it is a cache: when another connection holds the write lock (an ingest under
    // `parallax serve`), the answer is still right, and the next view keeps it.
    if let Err(e) = store.put_alignment(a, b, key, &serde_json::to_vec(&al)?) {
        tracing::warn!("alignment of {a} and {b} not kept: {e}");
    }
    Ok(al)
}
