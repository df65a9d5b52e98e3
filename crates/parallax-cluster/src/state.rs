//! A small little-endian binary format for persisted clusterer state: a 4-byte magic, a
//! version byte, then fields in a fixed order. Lengths are checked against the bytes left, so
//! a truncated or foreign blob is an error, never a huge allocation or a panic.

use std::fmt;

/// Why a saved state could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateError(pub String);

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "saved clustering state: {}", self.0)
    }
}

impl std::error::Error for StateError {}

pub(crate) struct Writer(Vec<u8>);

impl Writer {
    pub(crate) fn new(magic: &[u8; 4], version: u8) -> Self {
        let mut v = magic.to_vec();
        v.push(version);
        Self(v)
    }
    pub(crate) fn u8(&mut self, x: u8) {
        self.0.push(x);
    }
    pub(crate) fn u32(&mut self, x: u32) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    pub(crate) fn u64(&mut self, x: u64) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    pub(crate) fn i64(&mut self, x: i64) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    pub(crate) fn f32(&mut self, x: f32) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    pub(crate) fn f64(&mut self, x: f64) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    pub(crate) fn opt_i64(&mut self, x: Option<i64>) {
        match x {
            Some(v) => {
                self.u8(1);
                self.i64(v);
            }
            None => self.u8(0),
        }
    }
    pub(crate) fn finish(self) -> Vec<u8> {
        self.0
    }
}

pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// Opens a state of one of the `versions` this build reads.
    pub(crate) fn new(
        bytes: &'a [u8],
        magic: &[u8; 4],
        versions: std::ops::RangeInclusive<u8>,
    ) -> Result<Self, StateError> {
        if bytes.len() < 5 || &bytes[..4] != magic {
            return Err(StateError("not a state of this kind".into()));
        }
        if !versions.contains(&bytes[4]) {
            let made_by = if bytes[4] > *versions.end() {
                "a newer"
            } else {
                "an older"
            };
            return Err(StateError(format!(
                "version {} (this build reads {} to {}), written by {made_by} Parallax",
                bytes[4],
                versions.start(),
                versions.end()
            )));
        }
        Ok(Self { bytes, at: 5 })
    }

    /// The version of the state being read.
    pub(crate) fn version(&self) -> u8 {
        self.bytes[4]
    }

    fn take<const N: usize>(&mut self) -> Result<[u8; N], StateError> {
        let end = self.at + N;
        let slice = self
            .bytes
            .get(self.at..end)
            .ok_or_else(|| StateError(format!("truncated at byte {}", self.at)))?;
        self.at = end;
        Ok(slice.try_into().expect("length checked"))
    }

    pub(crate) fn u8(&mut self) -> Result<u8, StateError> {
        Ok(self.take::<1>()?[0])
    }
    pub(crate) fn u32(&mut self) -> Result<u32, StateError> {
        Ok(u32::from_le_bytes(self.take()?))
    }
    pub(crate) fn u64(&mut self) -> Result<u64, StateError> {
        Ok(u64::from_le_bytes(self.take()?))
    }
    pub(crate) fn i64(&mut self) -> Result<i64, StateError> {
        Ok(i64::from_le_bytes(self.take()?))
    }
    pub(crate) fn f32(&mut self) -> Result<f32, StateError> {
        Ok(f32::from_le_bytes(self.take()?))
    }
    pub(crate) fn f64(&mut self) -> Result<f64, StateError> {
        Ok(f64::from_le_bytes(self.take()?))
    }
    pub(crate) fn opt_i64(&mut self) -> Result<Option<i64>, StateError> {
        match self.u8()? {
            0 => Ok(None),
            1 => Ok(Some(self.i64()?)),
            b => Err(StateError(format!(
                "bad option tag {b} at byte {}",
                self.at - 1
            ))),
        }
    }
    /// A count of records of at least `record` bytes each, checked against what is left.
    pub(crate) fn len(&mut self, record: usize) -> Result<usize, StateError> {
        let n = self.u64()?;
        let left = (self.bytes.len() - self.at) as u64;
        if n.saturating_mul(record as u64) > left {
            return Err(StateError(format!(
                "count {n} at byte {} exceeds the data",
                self.at - 8
            )));
        }
        Ok(n as usize)
    }
    pub(crate) fn end(&self) -> Result<(), StateError> {
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(StateError(format!(
                "{} trailing bytes",
                self.bytes.len() - self.at
            )))
        }
    }
}
