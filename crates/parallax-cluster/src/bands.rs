//! The LSH band index: every (band key, document) pair in one flat open-addressing table of
//! 8-byte slots, probed linearly. A map from key to a chain of entries would hold each pair
//! twice (a bucket head and a chain link) plus the map's own overhead; at a million documents
//! and 42 bands that was most of the link stage's memory.

/// Slots at most this full (4/5): a lookup then reads about two cache lines.
const LOAD_NUM: usize = 4;
const LOAD_DEN: usize = 5;

/// (band key, document) pairs. Documents are dense indices below `u32::MAX`.
#[derive(Default)]
pub(crate) struct BandTable {
    /// `key << 32 | (document + 1)`; 0 is an empty slot.
    slots: Vec<u64>,
    len: usize,
}

impl BandTable {
    /// Makes room for `additional` more pairs without growing again.
    pub(crate) fn reserve(&mut self, additional: usize) {
        let need = self.len.saturating_add(additional);
        if need * LOAD_DEN > self.slots.len() * LOAD_NUM {
            self.rehash(capacity_for(need));
        }
    }

    /// Adds the pair (`key`, `document`).
    pub(crate) fn insert(&mut self, key: u32, document: u32) {
        self.visit_and_insert(key, document, |_| {});
    }

    /// Calls `f` with every document already paired with `key`, then adds the pair (`key`,
    /// `document`): one probe for both, the new pair going into the empty slot that ends it.
    pub(crate) fn visit_and_insert(&mut self, key: u32, document: u32, f: impl FnMut(u32)) {
        debug_assert!(document < u32::MAX, "document indices stay below u32::MAX");
        if (self.len + 1) * LOAD_DEN > self.slots.len() * LOAD_NUM {
            self.rehash(capacity_for(self.len + 1).max(self.slots.len() * 2));
        }
        let empty = self.probe(key, f);
        self.slots[empty] = (u64::from(key) << 32) | (u64::from(document) + 1);
        self.len += 1;
    }

    /// Reads the first slot of each key's probe and returns them folded together, so the
    /// caller can `black_box` the result: the reads are independent, so the processor fetches
    /// their cache lines all at once, ahead of the probes that follow (a safe prefetch).
    pub(crate) fn touch(&self, keys: &[u32]) -> u64 {
        if self.slots.is_empty() {
            return 0;
        }
        keys.iter()
            .fold(0, |acc, &k| acc ^ self.slots[self.home(k)])
    }

    /// Calls `f` with every document paired with `key`.
    #[cfg(test)]
    pub(crate) fn for_each(&self, key: u32, f: impl FnMut(u32)) {
        if !self.slots.is_empty() {
            self.probe(key, f);
        }
    }

    /// Walks the slots from `key`'s home to the first empty one, whose index it returns,
    /// calling `f` with the document of every slot of `key` on the way. The table is never
    /// full, so the walk ends.
    fn probe(&self, key: u32, mut f: impl FnMut(u32)) -> usize {
        let mut i = self.home(key);
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                return i;
            }
            if (slot >> 32) as u32 == key {
                f(slot as u32 - 1);
            }
            i += 1;
            if i == self.slots.len() {
                i = 0;
            }
        }
    }

    /// The first slot probed for `key`. Keys are hash values, so scaling them onto the table
    /// spreads them evenly without a power-of-two size.
    fn home(&self, key: u32) -> usize {
        ((u64::from(key) * self.slots.len() as u64) >> 32) as usize
    }

    fn rehash(&mut self, capacity: usize) {
        let old = std::mem::replace(&mut self.slots, vec![0; capacity]);
        for slot in old.into_iter().filter(|&s| s != 0) {
            let empty = self.probe((slot >> 32) as u32, |_| {});
            self.slots[empty] = slot;
        }
    }
}

fn capacity_for(pairs: usize) -> usize {
    (pairs * LOAD_DEN / LOAD_NUM + 1).max(16)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(t: &BandTable, key: u32) -> Vec<u32> {
        let mut out = Vec::new();
        t.for_each(key, |d| out.push(d));
        out.sort_unstable();
        out
    }

    #[test]
    fn keys_keep_their_documents_through_growth_and_wrap_around() {
        let mut t = BandTable::default();
        // Keys at the top of the range land in the last slots and wrap to the first.
        for d in 0..2_000u32 {
            t.insert(u32::MAX - (d % 7), d);
            t.insert(d.wrapping_mul(2_654_435_761), d);
        }
        for k in 0..7u32 {
            let want: Vec<u32> = (0..2_000).filter(|d| d % 7 == k).collect();
            assert_eq!(docs(&t, u32::MAX - k), want);
        }
        for d in [0u32, 17, 1_999] {
            assert_eq!(docs(&t, d.wrapping_mul(2_654_435_761)), [d]);
        }
        assert_eq!(t.len, 4_000);
    }

    #[test]
    fn visiting_sees_the_earlier_documents_of_a_key_and_not_the_new_one() {
        let mut t = BandTable::default();
        for d in 0..50 {
            let mut seen = Vec::new();
            t.visit_and_insert(42, d, |x| seen.push(x));
            seen.sort_unstable();
            assert_eq!(seen, (0..d).collect::<Vec<_>>());
            t.insert(1_000 + d, d);
        }
        assert_eq!(docs(&t, 1_049), [49]);
    }

    #[test]
    fn touching_reads_each_keys_first_slot_and_is_safe_on_an_empty_table() {
        let mut t = BandTable::default();
        assert_eq!(t.touch(&[1, 2, 3]), 0, "no slots to read");
        t.insert(7, 0);
        // With one pair in the table, key 7's first slot holds it; the other keys' are empty.
        let pair = (7u64 << 32) | 1;
        assert_eq!(t.touch(&[7]), pair);
        assert_eq!(t.touch(&[7, 7]), 0, "two reads of one slot cancel");
        t.insert(7, 1);
        assert_eq!(t.touch(&[7]), pair, "the first slot of the key's run");
    }

    #[test]
    fn reserving_keeps_what_is_there_and_an_empty_table_finds_nothing() {
        let mut t = BandTable::default();
        assert!(docs(&t, 0).is_empty());
        t.insert(0, 3);
        t.insert(0, 9);
        t.reserve(10_000);
        let before = t.slots.len();
        for d in 0..10_000 {
            t.insert(d * 31 + 1, d);
        }
        assert_eq!(t.slots.len(), before, "no growth within the reservation");
        assert_eq!(docs(&t, 0), [3, 9]);
        assert_eq!(docs(&t, 31 * 77 + 1), [77]);
    }
}
