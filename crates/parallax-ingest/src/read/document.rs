//! Whole-document inputs: one HTML page or one scraped text file per input.

use std::io::{BufRead, Read};

use parallax_model::{InputFormat, Location, RejectKind};

use super::{compressed, decode, looks_like_html, Content, Context, Record, RecordMeta, Sink};

/// Reads the whole input as one document (up to the size limit).
pub(super) fn read(
    ctx: &Context<'_>,
    stream: &mut dyn BufRead,
    format: InputFormat,
    sink: &mut Sink<'_>,
) {
    let limit = ctx.opts.max_document_bytes;
    let mut bytes = Vec::new();
    let compression = ctx.compression.as_deref();
    if let Err(e) = stream.take(limit as u64 + 1).read_to_end(&mut bytes) {
        sink(Err(ctx.reject(
            Location::Offset {
                offset: bytes.len() as u64,
            },
            compressed::error_kind(&e, compression),
            compressed::describe(&e, compression),
        )));
        return;
    }
    if bytes.len() > limit {
        // Drain to learn the real size without keeping it.
        let mut total = bytes.len() as u64;
        let mut sink_buf = [0u8; 1 << 16];
        while let Ok(n) = stream.read(&mut sink_buf) {
            if n == 0 {
                break;
            }
            total += n as u64;
        }
        sink(Err(ctx.reject(
            Location::File,
            RejectKind::TooLarge,
            format!(
                "document is {} bytes, over the {} byte limit (--max-document-bytes)",
                total, limit
            ),
        )));
        return;
    }
    match document_record(
        ctx,
        bytes,
        format,
        Location::File,
        RecordMeta::default(),
        None,
    ) {
        Ok(r) => sink(Ok(r)),
        Err(r) => sink(Err(r)),
    }
}

/// Builds a record from one document's bytes: refuses empty and binary data, decodes the
/// charset and tells HTML from plain text. Shared with the WARC reader.
pub(super) fn document_record(
    ctx: &Context<'_>,
    bytes: Vec<u8>,
    format: InputFormat,
    location: Location,
    meta: RecordMeta,
    charset: Option<&str>,
) -> Result<Record, parallax_model::Reject> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ctx.reject(location, RejectKind::Empty, "empty document: no text in it"));
    }
    if let Some(what) = binary_kind(&bytes) {
        return Err(ctx.reject(
            location,
            RejectKind::Binary,
            format!("binary data ({what}), not text or HTML"),
        ));
    }
    let is_html = format == InputFormat::Html || looks_like_html(&bytes);
    let decoded = decode::decode_text(&bytes, charset, is_html);
    if decoded.bad_share > 0.05 {
        return Err(ctx.reject(
            location,
            RejectKind::Encoding,
            format!(
                "undecodable text: {:.0}% of characters invalid even as {}",
                decoded.bad_share * 100.0,
                decoded.from.unwrap_or("UTF-8")
            ),
        ));
    }
    let container = if format == InputFormat::Warc {
        InputFormat::Warc
    } else if is_html {
        InputFormat::Html
    } else {
        InputFormat::Text
    };
    let mut source = ctx.source(location, container);
    source.decoded_from = decoded.from.map(str::to_string);
    let content = if is_html {
        Content::Html(decoded.text)
    } else {
        Content::Scraped(decoded.text)
    };
    Ok(Record {
        source,
        original: bytes,
        content,
        meta,
    })
}

/// Names the kind of binary data, if the bytes are binary: a known magic number, or NUL bytes
/// or many control characters in the first 8 KiB (text never has them).
pub(super) fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"%PDF", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\x7fELF", "executable"),
        (b"RIFF", "RIFF media"),
        (b"BZh", "bzip2 stream"),
        (b"\xfd7zXZ", "xz stream"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(what);
    }
    let head = &bytes[..bytes.len().min(8192)];
    // UTF-16 text has many NULs too; its BOM marks it as text.
    if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
        return None;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if head.contains(&0) || control * 20 > head.len() {
        return Some("control bytes");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_magic_and_control_bytes() {
        assert_eq!(binary_kind(b"\x89PNG\r\n\x1a\n...."), Some("PNG image"));
        assert_eq!(binary_kind(b"abc\0def"), Some("control bytes"));
        assert_eq!(binary_kind("plain text, ünïcode".as_bytes()), None);
    }
}
