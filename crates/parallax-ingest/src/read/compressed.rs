//! Compression layers (gzip, including multi-member gzip as in per-record WARC files, and zstd),
//! recognised by their magic bytes rather than trusted from the file name.

use std::io::{self, BufRead, BufReader, Read};

use parallax_model::{RejectKind, Reporter};

/// A reader that tells the reporter how many raw bytes went through, for progress bars.
pub(crate) struct Counting<'r, R> {
    inner: R,
    reporter: &'r dyn Reporter,
}

impl<'r, R> Counting<'r, R> {
    pub(crate) fn new(inner: R, reporter: &'r dyn Reporter) -> Self {
        Self { inner, reporter }
    }
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.reporter.bytes(n as u64);
        Ok(n)
    }
}

/// Peeks at the magic bytes and returns the decompressed stream with the name of the
/// compression, or the stream itself and `None` when it is not compressed.
pub(crate) fn open<'a, R: BufRead + 'a>(
    mut buffered: R,
) -> io::Result<(Box<dyn BufRead + 'a>, Option<&'static str>)> {
    let head = buffered.fill_buf()?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let dec = flate2::bufread::MultiGzDecoder::new(buffered);
        return Ok((
            Box::new(BufReader::with_capacity(1 << 16, dec)),
            Some("gzip"),
        ));
    }
    if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        let dec = zstd::stream::read::Decoder::with_buffer(buffered)?;
        return Ok((
            Box::new(BufReader::with_capacity(1 << 16, dec)),
            Some("zstd"),
        ));
    }
    Ok((Box::new(buffered), None))
}

/// `a.jsonl.gz` → `a.jsonl`, so the inner extension still hints the container.
pub(crate) fn strip_extension(name: &str, compression: Option<&str>) -> String {
    let lower = name.to_ascii_lowercase();
    for ext in [".gz", ".gzip", ".zst", ".zstd"] {
        if compression.is_some() && lower.ends_with(ext) {
            return name[..name.len() - ext.len()].to_string();
        }
    }
    name.to_string()
}

/// The reject kind for a read error: inside a compressed stream it means truncation or
/// corruption, otherwise an I/O failure.
pub(crate) fn error_kind(e: &io::Error, compression: Option<&str>) -> RejectKind {
    if compression.is_some() && e.kind() != io::ErrorKind::PermissionDenied {
        RejectKind::Truncated
    } else {
        RejectKind::Io
    }
}

/// A message for a read error.
pub(crate) fn describe(e: &io::Error, compression: Option<&str>) -> String {
    match compression {
        Some(c) => format!("{c} stream is truncated or corrupt: {e}"),
        None => format!("read error: {e}"),
    }
}
