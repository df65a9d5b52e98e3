//! Maps and sets keyed by values that already are hashes (xxh3 of a word, a shingle, a band,
//! a feature): hashing them again would only cost time.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Uses a `u64` key as its own hash, only folding its high half into the low bits; other
/// input (not expected) is mixed byte by byte.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    /// The high half is folded into the low bits the table's slot comes from: callers may
    /// tag a hash's lowest bits (the story features' channel), which would otherwise crowd
    /// each tag's keys into a fraction of the slots.
    fn write_u64(&mut self, n: u64) {
        self.0 = n ^ (n >> 32);
    }
    /// A 32-bit key (a truncated hash) is spread over the high bits the table probes with.
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A map from an already-hashed `u64` key.
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// A map from an already-hashed key truncated to 32 bits (half the memory of [`KeyMap`]).
pub type KeyMap32<V> = HashMap<u32, V, BuildHasherDefault<KeyHasher>>;

/// A set of already-hashed `u64` keys.
pub type KeySet = HashSet<u64, BuildHasherDefault<KeyHasher>>;
