//! WARC 1.0/1.1 records: `response` (an HTTP response) and `resource` records become documents;
//! `request`, `metadata`, `warcinfo` and `revisit` records are skipped.
//!
//! A small reader of our own rather than a WARC crate: we need each record's byte offset for
//! messages, and to resynchronise on the next `WARC/` line after a malformed record instead of
//! giving up on the rest of the file. Gzip per record (Common Crawl) is handled by the
//! multi-member decoder below us.

use std::io::{self, BufRead, Read};

use parallax_model::{InputFormat, Location, RejectKind};

use super::document::document_record;
use super::{compressed, Context, RecordMeta, Sink};

const MAX_HEADER_BYTES: usize = 64 << 10;

/// Reads every record of a WARC stream.
pub(super) fn read(ctx: &Context<'_>, stream: &mut dyn BufRead, sink: &mut Sink<'_>) {
    let mut pos = 0u64;
    let mut number = 0u64;
    let mut line = Vec::new();
    'records: loop {
        // Find the next version line, skipping the blank lines between records.
        let start;
        loop {
            line.clear();
            match read_line(stream, &mut line, MAX_HEADER_BYTES) {
                Ok(0) => return,
                Ok(n) => {
                    let here = pos;
                    pos += n as u64;
                    let t = line.trim_ascii();
                    if t.is_empty() {
                        continue;
                    }
                    if t.starts_with(b"WARC/") {
                        start = here;
                        break;
                    }
                    number += 1;
                    sink(Err(ctx.reject(
                        Location::Record {
                            number,
                            offset: here,
                            record_id: None,
                        },
                        RejectKind::BadWarc,
                        "expected a WARC/1.x version line; skipping to the next record",
                    )));
                    if !skip_to_version(stream, &mut pos, &mut line) {
                        return;
                    }
                    continue 'records;
                }
                Err(e) => {
                    io_reject(ctx, sink, number + 1, pos, None, &e);
                    return;
                }
            }
        }
        number += 1;
        // Headers.
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            line.clear();
            match read_line(stream, &mut line, MAX_HEADER_BYTES) {
                Ok(0) => {
                    sink(Err(ctx.reject(
                        Location::Record {
                            number,
                            offset: start,
                            record_id: None,
                        },
                        RejectKind::Truncated,
                        "record is truncated inside its headers",
                    )));
                    return;
                }
                Ok(n) => {
                    pos += n as u64;
                    let t = line.trim_ascii();
                    if t.is_empty() {
                        break;
                    }
                    let s = String::from_utf8_lossy(t);
                    if let Some((k, v)) = s.split_once(':') {
                        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                    }
                }
                Err(e) => {
                    io_reject(ctx, sink, number, start, None, &e);
                    return;
                }
            }
        }
        let header = |k: &str| headers.iter().find(|(h, _)| h == k).map(|(_, v)| v.clone());
        let record_id = header("warc-record-id");
        let location = Location::Record {
            number,
            offset: start,
            record_id: record_id.clone(),
        };
        let Some(length) = header("content-length").and_then(|v| v.parse::<u64>().ok()) else {
            sink(Err(ctx.reject(
                location,
                RejectKind::BadWarc,
                "missing or invalid Content-Length; skipping to the next record",
            )));
            if !skip_to_version(stream, &mut pos, &mut line) {
                return;
            }
            continue;
        };
        let limit = ctx.opts.max_document_bytes as u64;
        if length > limit {
            let skipped = io::copy(&mut stream.take(length), &mut io::sink()).unwrap_or(0);
            pos += skipped;
            sink(Err(ctx.reject(
                location,
                RejectKind::TooLarge,
                format!(
                    "record is {length} bytes, over the {limit} byte limit (--max-document-bytes)"
                ),
            )));
            if skipped < length {
                return;
            }
            continue;
        }
        let mut block = Vec::with_capacity(length as usize);
        let got = stream.take(length).read_to_end(&mut block);
        pos += block.len() as u64;
        match got {
            Err(e) => {
                io_reject(ctx, sink, number, start, record_id, &e);
                return;
            }
            Ok(n) if (n as u64) < length => {
                sink(Err(ctx.reject(
                    location,
                    RejectKind::Truncated,
                    format!("record is truncated: {n} of {length} content bytes present"),
                )));
                return;
            }
            Ok(_) => {}
        }
        let kind = header("warc-type").unwrap_or_default().to_ascii_lowercase();
        let meta = RecordMeta {
            url: header("warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_string()),
            crawl_date: header("warc-date"),
            ..RecordMeta::default()
        };
        let content_type = header("content-type").unwrap_or_default();
        let doc = match kind.as_str() {
            "response"
                if content_type
                    .to_ascii_lowercase()
                    .contains("application/http") =>
            {
                match http_body(&block) {
                    Ok(Some((body, charset))) => Some((body, charset)),
                    Ok(None) => None,
                    Err(msg) => {
                        sink(Err(ctx.reject(location, RejectKind::BadWarc, msg)));
                        continue;
                    }
                }
            }
            "resource" | "response" => {
                is_textual(&content_type).then(|| (block.clone(), charset_of(&content_type)))
            }
            _ => None,
        };
        let Some((body, charset)) = doc else { continue };
        let mut record = match document_record(
            ctx,
            body,
            InputFormat::Warc,
            location,
            meta,
            charset.as_deref(),
        ) {
            Ok(r) => r,
            Err(r) => {
                sink(Err(r));
                continue;
            }
        };
        // The original is the whole record block: HTTP headers included, untouched.
        record.original = block;
        sink(Ok(record));
    }
}

fn io_reject(
    ctx: &Context<'_>,
    sink: &mut Sink<'_>,
    number: u64,
    offset: u64,
    record_id: Option<String>,
    e: &io::Error,
) {
    let compression = ctx.compression.as_deref();
    sink(Err(ctx.reject(
        Location::Record {
            number,
            offset,
            record_id,
        },
        compressed::error_kind(e, compression),
        compressed::describe(e, compression),
    )));
}

/// Reads lines until one starts with `WARC/`; leaves that line in `line`… by consuming it, we
/// lose it, so instead we only consume up to (not including) it by peeking the buffer.
fn skip_to_version(stream: &mut dyn BufRead, pos: &mut u64, line: &mut Vec<u8>) -> bool {
    loop {
        let buf = match stream.fill_buf() {
            Ok(b) => b,
            Err(_) => return false,
        };
        if buf.is_empty() {
            return false;
        }
        if buf.starts_with(b"WARC/") {
            return true;
        }
        line.clear();
        match read_line(stream, line, usize::MAX) {
            Ok(0) | Err(_) => return false,
            Ok(n) => *pos += n as u64,
        }
    }
}

/// Reads one line including its `\n`; returns bytes consumed. Lines over `cap` are truncated in
/// `line` but consumed whole.
fn read_line(stream: &mut dyn BufRead, line: &mut Vec<u8>, cap: usize) -> io::Result<usize> {
    let mut total = 0;
    loop {
        let avail = stream.fill_buf()?;
        if avail.is_empty() {
            return Ok(total);
        }
        let (chunk, done) = match avail.iter().position(|&c| c == b'\n') {
            Some(i) => (&avail[..=i], true),
            None => (avail, false),
        };
        let n = chunk.len();
        if line.len() < cap {
            let take = n.min(cap - line.len());
            line.extend_from_slice(&chunk[..take]);
        }
        stream.consume(n);
        total += n;
        if done {
            return Ok(total);
        }
    }
}

fn is_textual(content_type: &str) -> bool {
    let ct = content_type.to_ascii_lowercase();
    ct.is_empty() || ct.contains("html") || ct.starts_with("text/")
}

fn charset_of(content_type: &str) -> Option<String> {
    let lower = content_type.to_ascii_lowercase();
    let i = lower.find("charset=")?;
    let v = lower[i + 8..].trim_matches(['"', '\'', ' ']);
    let end = v.find([';', ' ', '"']).unwrap_or(v.len());
    Some(v[..end].to_string())
}

/// Splits an HTTP response into its body (de-chunked, decompressed) and charset.
/// `Ok(None)` for a response that is not a text page (images, redirects without body…).
#[allow(clippy::type_complexity)]
fn http_body(block: &[u8]) -> Result<Option<(Vec<u8>, Option<String>)>, String> {
    let split = block
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| {
            block
                .windows(2)
                .position(|w| w == b"\n\n")
                .map(|i| (i, i + 2))
        });
    let Some((head_end, body_start)) = split else {
        return Err("HTTP response has no end of headers".into());
    };
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or("");
    if !status.starts_with("HTTP/") {
        return Err(format!(
            "not an HTTP response: {:?}",
            status.chars().take(40).collect::<String>()
        ));
    }
    let code: u16 = status
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let mut content_type = String::new();
    let mut chunked = false;
    let mut encoding = String::new();
    for l in lines {
        if let Some((k, v)) = l.split_once(':') {
            match k.trim().to_ascii_lowercase().as_str() {
                "content-type" => content_type = v.trim().to_string(),
                "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
                "content-encoding" => encoding = v.trim().to_ascii_lowercase(),
                _ => {}
            }
        }
    }
    if !(200..300).contains(&code) || !is_textual(&content_type) {
        return Ok(None);
    }
    let mut body = block[body_start..].to_vec();
    if chunked {
        body = dechunk(&body).ok_or("broken chunked transfer encoding")?;
    }
    if encoding == "gzip" || encoding == "x-gzip" {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&body[..])
            .read_to_end(&mut out)
            .map_err(|e| format!("gzip content encoding is corrupt: {e}"))?;
        body = out;
    }
    Ok(Some((body, charset_of(&content_type))))
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let nl = b.windows(2).position(|w| w == b"\r\n")?;
        let size_str = std::str::from_utf8(&b[..nl]).ok()?;
        let size = usize::from_str_radix(size_str.split(';').next()?.trim(), 16).ok()?;
        b = &b[nl + 2..];
        if size == 0 {
            return Some(out);
        }
        if b.len() < size {
            return None;
        }
        out.extend_from_slice(&b[..size]);
        b = b.get(size + 2..).unwrap_or(&[]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_body_dechunks_and_reads_charset() {
        let resp = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1256\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>hi\r\n4\r\n</p>\r\n0\r\n\r\n";
        let (body, cs) = http_body(resp).unwrap().unwrap();
        assert_eq!(body, b"<p>hi</p>");
        assert_eq!(cs.as_deref(), Some("windows-1256"));
    }

    #[test]
    fn non_text_responses_are_skipped() {
        let resp = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        assert!(http_body(resp).unwrap().is_none());
    }
}
