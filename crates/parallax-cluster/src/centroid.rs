//! A story's centroid: the summed weight of each feature, in one flat open-addressing table.
//!
//! Looking an article's features up in the centroids of its candidate stories is the story
//! stage's hot loop, and with tens of thousands of open stories nearly every lookup misses
//! the cache. Here a key and its weight share one 8-byte slot (one cache line per lookup,
//! where a general hash map reads a control byte and then the entry elsewhere), and a table
//! takes about half the memory.
//!
//! A feature key is kept by its low 32 bits: they hold the [`Channel`](crate::Channel) tag
//! and 30 bits of its hash, so two features of one story share a slot about once in a
//! billion pairs, which only adds their weights.

/// Slots per table at least.
const MIN_SLOTS: usize = 16;

/// Marks an empty slot; a key whose low bits are zero is stored as [`ZERO_KEY`] instead.
const EMPTY: u32 = 0;

/// Stand-in for a zero key: it keeps the word channel's tag (low bits 00).
const ZERO_KEY: u32 = 4;

/// The stored form of a feature key.
pub(crate) fn slot_key(key: u64) -> u32 {
    match key as u32 {
        EMPTY => ZERO_KEY,
        k => k,
    }
}

/// Feature key (low 32 bits) → summed weight.
#[derive(Clone, Default)]
pub(crate) struct Centroid {
    slots: Vec<(u32, f32)>,
    len: usize,
}

impl Centroid {
    /// Entries held.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The first slot probed for `key`. Fibonacci hashing: the top bits of the product pick
    /// it, so the channel tag in the key's low bits does not crowd the table.
    fn home(&self, key: u32) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (key.wrapping_mul(0x9e37_79b9) >> (32 - bits)) as usize
    }

    /// The slot where `key` is, or the empty one where it would go.
    fn find(&self, key: u32) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let k = self.slots[i].0;
            if k == key || k == EMPTY {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// Reads the first slot of each key, with no branch between the reads, so the processor
    /// fetches them from memory together; the lookups that follow then hit the cache.
    /// Returns a value only to keep the reads from being optimised away.
    pub(crate) fn warm(&self, keys: &[(u64, f32)]) -> u32 {
        if self.len == 0 {
            return 0;
        }
        keys.iter()
            .fold(0, |acc, (k, _)| acc ^ self.slots[self.home(slot_key(*k))].0)
    }

    /// The weight of a feature (0 when absent).
    pub(crate) fn get(&self, key: u64) -> f32 {
        if self.len == 0 {
            return 0.0;
        }
        let key = slot_key(key);
        let slot = self.slots[self.find(key)];
        if slot.0 == key {
            slot.1
        } else {
            0.0
        }
    }

    /// Adds `weight` to a feature given in its stored form ([`slot_key`]: callers that merge
    /// centroids pass stored keys on); returns its weight before and after.
    pub(crate) fn add(&mut self, key: u32, weight: f32) -> (f32, f32) {
        // At most five eighths full: a miss ends at an empty slot within a probe or two.
        if (self.len + 1) * 8 > self.slots.len() * 5 {
            self.grow();
        }
        let i = self.find(key);
        let slot = &mut self.slots[i];
        if slot.0 == EMPTY {
            *slot = (key, 0.0);
            self.len += 1;
        }
        let old = slot.1;
        slot.1 += weight;
        (old, slot.1)
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(MIN_SLOTS);
        let old = std::mem::replace(&mut self.slots, vec![(EMPTY, 0.0); size]);
        for slot in old.into_iter().filter(|s| s.0 != EMPTY) {
            let i = self.find(slot.0);
            self.slots[i] = slot;
        }
    }

    /// Room for `n` entries in all.
    pub(crate) fn reserve(&mut self, n: usize) {
        while n * 8 > self.slots.len() * 5 {
            self.grow();
        }
    }

    /// The `n` heaviest entries, in no particular order (ties by the smaller key, so the
    /// result does not depend on the table's size). Selected in a buffer of `2n` as the slots
    /// are read, so a large table is not copied first.
    pub(crate) fn heaviest(&self, n: usize) -> Vec<(u32, f32)> {
        let mut kept: Vec<(u32, f32)> = Vec::with_capacity(2 * n + 1);
        for &slot in self.slots.iter().filter(|s| s.0 != EMPTY) {
            kept.push(slot);
            if kept.len() > 2 * n {
                keep_heaviest(&mut kept, n);
            }
        }
        keep_heaviest(&mut kept, n);
        kept
    }

    /// The entries in key order (stable across runs and table sizes).
    pub(crate) fn sorted(&self) -> Vec<(u32, f32)> {
        let mut entries: Vec<(u32, f32)> = self
            .slots
            .iter()
            .copied()
            .filter(|s| s.0 != EMPTY)
            .collect();
        entries.sort_unstable_by_key(|e| e.0);
        entries
    }
}

/// Heavier first, ties by the smaller key: a total order, so the result never depends on the
/// input's order.
pub(crate) fn heavier_first<K: Ord>(a: &(K, f32), b: &(K, f32)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// Keeps the `n` heaviest entries (in no particular order): a selection, not a sort.
pub(crate) fn keep_heaviest<K: Ord>(entries: &mut Vec<(K, f32)>, n: usize) {
    if entries.len() > n {
        entries.select_nth_unstable_by(n, heavier_first);
        entries.truncate(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_and_finds_weights_across_growth() {
        let mut c = Centroid::default();
        assert_eq!(c.get(7), 0.0);
        let keys: Vec<u64> = (1..=1000u64)
            .map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .collect();
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(c.add(slot_key(*k), i as f32), (0.0, i as f32));
        }
        assert_eq!(c.add(slot_key(keys[3]), 1.5), (3.0, 4.5));
        assert_eq!(c.len(), 1000);
        assert_eq!(c.get(keys[3]), 4.5);
        assert_eq!(c.get(keys[999]), 999.0);
        assert_eq!(c.get(12345), 0.0);
        let sorted = c.sorted();
        assert_eq!(sorted.len(), 1000);
        assert!(sorted.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn a_key_with_zero_low_bits_is_kept_in_the_word_channel() {
        let mut c = Centroid::default();
        let key = 0xabcd_0000_0000_u64;
        c.add(slot_key(key), 2.0);
        assert_eq!(c.get(key), 2.0);
        assert_eq!(slot_key(key) & 3, 0);
        // Only the low 32 bits count.
        assert_eq!(c.get(0x1234_0000_0000), 2.0);
    }
}
