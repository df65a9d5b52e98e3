//! Near-duplicate detection, streaming: each new document is compared with the documents
//! already indexed that share at least one LSH band of its signature, and every candidate is
//! verified by exact Jaccard on the shingle sets, so a reported link is never an estimate.

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::bands::BandTable;
use crate::{Shingles, Signature, PERMUTATIONS};

/// Thresholds and banding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Two documents are near duplicates at this exact Jaccard or above.
    pub jaccard: f64,
    /// A document is contained in another when this share of its shingles is in it.
    pub containment: f64,
    /// LSH bands; `bands * rows` must not exceed [`PERMUTATIONS`].
    pub bands: usize,
    /// Signature values per band.
    pub rows: usize,
    /// Shingle sets kept in memory, newest first; older ones are dropped and given back by
    /// the caller's loader when a candidate check needs them. Bounds memory on long streams,
    /// where copies follow their source closely.
    pub resident_sets: usize,
}

impl Default for Params {
    /// Jaccard ≥ 0.5, containment ≥ 0.8, 42 bands of 3 rows: a pair at Jaccard 0.5 becomes a
    /// candidate with probability 1 − (1 − 0.5³)⁴² ≈ 0.996.
    fn default() -> Self {
        Self {
            jaccard: 0.5,
            containment: 0.8,
            bands: 42,
            rows: 3,
            resident_sets: usize::MAX,
        }
    }
}

/// A verified link from a new document to an earlier one.
#[derive(Debug, Clone, PartialEq)]
pub struct DupLink {
    /// The earlier document's id.
    pub other: u32,
    /// Exact Jaccard of the two shingle sets.
    pub jaccard: f64,
    /// Share of the new document's shingles found in the other.
    pub new_in_other: f64,
    /// Share of the other document's shingles found in the new one.
    pub other_in_new: f64,
}

impl DupLink {
    /// True when the pair is a near duplicate under `params`.
    pub fn is_near_duplicate(&self, params: &Params) -> bool {
        self.jaccard >= params.jaccard
    }

    /// `Some(true)` when the new document is contained in the other, `Some(false)` when the
    /// other is contained in the new one, `None` when neither is.
    pub fn containment(&self, params: &Params) -> Option<bool> {
        if self.new_in_other >= params.containment && self.new_in_other >= self.other_in_new {
            Some(true)
        } else if self.other_in_new >= params.containment {
            Some(false)
        } else {
            None
        }
    }
}

/// The streaming index.
pub struct NearDuplicates {
    params: Params,
    /// (band key, dense index) for every band of every indexed document. Keys are 32 bits:
    /// a rare chance collision only adds a candidate, which the sketch prefilter or the exact
    /// check then drops.
    bands: BandTable,
    /// Shingle sets of indexed documents, by dense index; `None` for documents indexed by
    /// signature alone (from an earlier run) until a candidate check needs them.
    sets: Vec<Option<Box<[u64]>>>,
    /// Low byte of each signature value (b-bit MinHash), per indexed document: a cheap
    /// Jaccard estimate that spares exact verification of candidates far below the threshold.
    sketches: Vec<[u8; PERMUTATIONS]>,
    ids: Vec<u32>,
    /// Dense indices whose sets are in memory, oldest first.
    resident: std::collections::VecDeque<u32>,
}

/// Gives the shingle set of an earlier document the index holds only by signature (the
/// caller reads its text back); `None` when it is gone, and the candidate is dropped.
pub type LoadSet<'a> = dyn FnMut(u32) -> Option<Shingles> + 'a;

impl NearDuplicates {
    /// An empty index.
    pub fn new(params: Params) -> Self {
        assert!(
            params.bands * params.rows <= PERMUTATIONS,
            "bands × rows exceeds the signature"
        );
        Self {
            params,
            bands: BandTable::default(),
            sets: Vec::new(),
            sketches: Vec::new(),
            ids: Vec::new(),
            resident: std::collections::VecDeque::new(),
        }
    }

    /// Makes room for `additional` more documents at once. The index grows by one pair per
    /// band and document; sized up front, its tables are not copied into larger ones as they
    /// fill, which is where a long stream's memory peaked.
    pub fn reserve(&mut self, additional: usize) {
        self.bands
            .reserve(additional.saturating_mul(self.params.bands));
        self.sets.reserve_exact(additional);
        self.sketches.reserve_exact(additional);
        self.ids.reserve_exact(additional);
    }

    /// The parameters.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Indexes document `id` and returns its verified links to earlier documents (near
    /// duplicates or containment), sorted by the other id.
    pub fn insert(&mut self, id: u32, shingles: &Shingles) -> Vec<DupLink> {
        self.insert_signed(id, shingles, &Signature::of(shingles))
    }

    /// [`NearDuplicates::insert`] with the signature computed by the caller (signatures are
    /// order-free, so callers compute them in parallel and keep only this step serial).
    pub fn insert_signed(&mut self, id: u32, shingles: &Shingles, sig: &Signature) -> Vec<DupLink> {
        self.insert_loading(id, shingles, sig, &mut |_| None)
    }

    /// Indexes an earlier document by its stored signature only, without looking for links
    /// (it was linked when first seen). Its shingles are loaded when a candidate check needs them.
    pub fn index_signature(&mut self, id: u32, sig: &Signature) {
        self.push_entries(&self.band_keys(sig));
        self.sets.push(None);
        self.sketches.push(sketch(sig));
        self.ids.push(id);
    }

    /// Pairs the next document (dense index) with each of its band keys.
    fn push_entries(&mut self, keys: &[u32]) {
        let dense = self.ids.len() as u32;
        for &key in keys {
            self.bands.insert(key, dense);
        }
    }

    fn band_keys(&self, sig: &Signature) -> Vec<u32> {
        let mut bytes = [0u8; 4 * PERMUTATIONS];
        (0..self.params.bands)
            .map(|band| {
                let vals = &sig.0[band * self.params.rows..(band + 1) * self.params.rows];
                for (k, v) in vals.iter().enumerate() {
                    bytes[k * 4..k * 4 + 4].copy_from_slice(&v.to_le_bytes());
                }
                xxh3_64_with_seed(&bytes[..vals.len() * 4], band as u64) as u32
            })
            .collect()
    }

    /// [`NearDuplicates::insert_signed`] for an index that holds earlier documents by
    /// signature only: `load` gives their shingles when they become candidates.
    pub fn insert_loading(
        &mut self,
        id: u32,
        shingles: &Shingles,
        sig: &Signature,
        load: &mut LoadSet<'_>,
    ) -> Vec<DupLink> {
        let keys = self.band_keys(sig);
        let (dense, candidates) = self.register(id, shingles.clone(), sig, &keys, load);
        let links = self.verify(dense, &candidates);
        self.evict();
        links
    }

    /// Indexes a run of documents, in order, and returns each one's verified links to the
    /// documents before it: the same links as [`NearDuplicates::insert_loading`] called on
    /// each in turn. The index keeps the shingle sets it is given (no copy). Band keys and the
    /// exact-Jaccard checks run on rayon's worker pool; only the bucket lookups and inserts
    /// are serial.
    pub fn insert_batch(
        &mut self,
        docs: Vec<(u32, Shingles, &Signature)>,
        load: &mut LoadSet<'_>,
    ) -> Vec<Vec<DupLink>> {
        let keys: Vec<Vec<u32>> = docs
            .par_iter()
            .map(|(_, _, sig)| self.band_keys(sig))
            .collect();
        let mut registered: Vec<(u32, Vec<u32>)> = Vec::with_capacity(docs.len());
        for (i, (id, shingles, sig)) in docs.into_iter().enumerate() {
            // The next document's buckets load while this one is registered: each probe
            // would otherwise wait for its own cache miss in turn.
            if let Some(next) = keys.get(i + 1) {
                std::hint::black_box(self.bands.touch(next));
            }
            registered.push(self.register(id, shingles, sig, &keys[i], load));
        }
        // Sets are dropped only after the whole run is verified, so every candidate's set
        // (loaded or resident) is still there.
        let links = registered
            .par_iter()
            .map(|(dense, candidates)| self.verify(*dense, candidates))
            .collect();
        self.evict();
        links
    }

    /// Adds a document to the index and returns its dense index and the earlier documents
    /// (dense indices) that share a band with it and pass the sketch prefilter, with their
    /// sets in memory.
    fn register(
        &mut self,
        id: u32,
        shingles: Shingles,
        sig: &Signature,
        keys: &[u32],
        load: &mut LoadSet<'_>,
    ) -> (u32, Vec<u32>) {
        let dense = self.ids.len() as u32;
        let mut candidates: Vec<u32> = Vec::new();
        if !shingles.is_empty() {
            // Each key's earlier documents are collected and the new one paired with it in
            // one probe; the same value under two bands (a chance) would find the new one.
            for &key in keys {
                self.bands
                    .visit_and_insert(key, dense, |c| candidates.push(c));
            }
            candidates.retain(|&c| c != dense);
            candidates.sort_unstable();
            candidates.dedup();
            let mine = sketch(sig);
            candidates.retain(|&c| estimate(&mine, &self.sketches[c as usize]) >= PREFILTER);
            for &c in &candidates {
                if self.sets[c as usize].is_none() {
                    self.sets[c as usize] = load(self.ids[c as usize]).map(Shingles::into_boxed);
                    if self.sets[c as usize].is_some() {
                        self.resident.push_back(c);
                    }
                }
            }
            candidates.retain(|&c| self.sets[c as usize].is_some());
        }
        self.sets.push(Some(shingles.into_boxed()));
        self.sketches.push(sketch(sig));
        self.resident.push_back(dense);
        self.ids.push(id);
        (dense, candidates)
    }

    /// Exact Jaccard and containment of document `dense` (just registered, so its set is
    /// resident) against each candidate; the links that pass a threshold, sorted by the other id.
    fn verify(&self, dense: u32, candidates: &[u32]) -> Vec<DupLink> {
        let mine: &[u64] = self.sets[dense as usize]
            .as_deref()
            .expect("a document's own set stays resident until its run is verified");
        let mut links = Vec::new();
        for &c in candidates {
            let Some(other) = &self.sets[c as usize] else {
                continue;
            };
            let inter = crate::shingle::sorted_intersection(mine, other);
            let union = mine.len() + other.len() - inter;
            let link = DupLink {
                other: self.ids[c as usize],
                jaccard: inter as f64 / union.max(1) as f64,
                new_in_other: inter as f64 / mine.len() as f64,
                other_in_new: inter as f64 / other.len().max(1) as f64,
            };
            if link.is_near_duplicate(&self.params) || link.containment(&self.params).is_some() {
                links.push(link);
            }
        }
        links.sort_by_key(|l| l.other);
        links
    }

    /// Drops the oldest resident sets beyond the configured number.
    fn evict(&mut self) {
        while self.resident.len() > self.params.resident_sets.max(1) {
            if let Some(old) = self.resident.pop_front() {
                self.sets[old as usize] = None;
            }
        }
    }
}

/// Candidates whose estimated Jaccard is below this are not verified. Far enough below the
/// 0.5 default that a true near duplicate is dropped with probability under 10⁻⁶ (the estimate's
/// standard deviation is about 0.045 there); a copy trimmed below a fifth of its source, which
/// the banding rarely brings up anyway, is the only thing it gives up.
const PREFILTER: f64 = 0.2;

/// The low byte of every signature value.
fn sketch(sig: &Signature) -> [u8; PERMUTATIONS] {
    sig.0.map(|v| v as u8)
}

/// Jaccard estimated from two b-bit sketches: equal bytes, less the 1/256 that agree by
/// chance (Li and König, b-bit minwise hashing).
fn estimate(a: &[u8; PERMUTATIONS], b: &[u8; PERMUTATIONS]) -> f64 {
    let equal = a.iter().zip(b.iter()).filter(|(x, y)| x == y).count() as f64;
    let chance = 1.0 / 256.0;
    (equal / PERMUTATIONS as f64 - chance) / (1.0 - chance)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(r: std::ops::Range<usize>) -> String {
        r.map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn finds_copies_and_trimmed_copies_but_not_strangers() {
        let p = Params::default();
        let mut idx = NearDuplicates::new(p);
        assert!(idx.insert(10, &Shingles::of(&words(0..500))).is_empty());
        assert!(idx.insert(11, &Shingles::of(&words(1000..1500))).is_empty());
        // A light edit of 10: most shingles shared.
        let links = idx.insert(
            12,
            &Shingles::of(&format!("{} changed {}", words(0..250), words(251..500))),
        );
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].other, 10);
        assert!(links[0].jaccard > 0.9);
        // A trimmed copy of 11: 40% of it, contained.
        let links = idx.insert(13, &Shingles::of(&words(1000..1200)));
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].other, 11);
        assert_eq!(links[0].containment(&p), Some(true));
        assert!(!links[0].is_near_duplicate(&p));
    }

    #[test]
    fn documents_indexed_by_signature_are_loaded_when_needed() {
        let a = Shingles::of(&words(0..300));
        let mut fresh = NearDuplicates::new(Params::default());
        fresh.insert(1, &a);
        let b = Shingles::of(&words(5..300));
        let expected = fresh.insert(2, &b);
        let mut resumed = NearDuplicates::new(Params::default());
        resumed.index_signature(1, &Signature::of(&a));
        let mut loads = 0;
        let got = resumed.insert_loading(2, &b, &Signature::of(&b), &mut |id| {
            loads += 1;
            (id == 1).then(|| a.clone())
        });
        assert_eq!(got, expected);
        assert_eq!(loads, 1);
    }

    #[test]
    fn dropped_sets_are_reloaded_and_links_do_not_change() {
        let docs: Vec<Shingles> = (0..6)
            .map(|i| Shingles::of(&words(i * 10..i * 10 + 300)))
            .collect();
        let mut all = NearDuplicates::new(Params::default());
        let mut small = NearDuplicates::new(Params {
            resident_sets: 2,
            ..Params::default()
        });
        let mut loads = 0;
        for (i, d) in docs.iter().enumerate() {
            let expected = all.insert(i as u32, d);
            let got = small.insert_loading(i as u32, d, &Signature::of(d), &mut |id| {
                loads += 1;
                Some(docs[id as usize].clone())
            });
            assert_eq!(got, expected);
            assert!(small.resident.len() <= 2);
        }
        assert!(loads > 0);
    }

    #[test]
    fn a_batch_gives_the_links_of_inserting_one_by_one() {
        // Copies, trimmed copies and strangers, with sets dropped and reloaded in both runs.
        let docs: Vec<Shingles> = (0..40)
            .map(|i| {
                let base = (i % 7) * 1000;
                Shingles::of(&words(base + i * 3..base + 300 - (i % 5) * 40))
            })
            .collect();
        let sigs: Vec<Signature> = docs.iter().map(Signature::of).collect();
        let params = Params {
            resident_sets: 5,
            ..Params::default()
        };
        let mut one = NearDuplicates::new(params);
        let mut loader = |id: u32| Some(docs[id as usize].clone());
        let expected: Vec<Vec<DupLink>> = (0..docs.len())
            .map(|i| one.insert_loading(i as u32, &docs[i], &sigs[i], &mut loader))
            .collect();
        assert!(expected.iter().filter(|l| !l.is_empty()).count() > 20);
        let mut batched = NearDuplicates::new(params);
        let mut got = Vec::new();
        for run in (0..docs.len()).collect::<Vec<_>>().chunks(16) {
            let items: Vec<(u32, Shingles, &Signature)> = run
                .iter()
                .map(|&i| (i as u32, docs[i].clone(), &sigs[i]))
                .collect();
            got.extend(batched.insert_batch(items, &mut loader));
            assert!(batched.resident.len() <= 5);
        }
        assert_eq!(got, expected);
    }

    #[test]
    fn documents_without_shingles_keep_later_entries_in_place() {
        // Band pairs name documents by dense index: an empty document in between, which has
        // none, must not shift the documents after it.
        let mut idx = NearDuplicates::new(Params::default());
        idx.insert(7, &Shingles::of(&words(0..300)));
        assert!(idx.insert(8, &Shingles::of("")).is_empty());
        idx.insert(9, &Shingles::of(&words(2000..2300)));
        let links = idx.insert(10, &Shingles::of(&words(2005..2300)));
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].other, 9);
        let links = idx.insert(11, &Shingles::of(&words(3..300)));
        assert_eq!(links.iter().map(|l| l.other).collect::<Vec<_>>(), [7]);
    }

    #[test]
    fn links_are_symmetric_in_jaccard() {
        let a = Shingles::of(&words(0..300));
        let b = Shingles::of(&words(60..360));
        let mut x = NearDuplicates::new(Params::default());
        x.insert(1, &a);
        let ab = x.insert(2, &b);
        let mut y = NearDuplicates::new(Params::default());
        y.insert(2, &b);
        let ba = y.insert(1, &a);
        assert_eq!(ab[0].jaccard, ba[0].jaccard);
        assert_eq!(ab[0].new_in_other, ba[0].other_in_new);
    }
}
