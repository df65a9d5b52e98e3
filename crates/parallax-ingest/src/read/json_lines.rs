//! JSON Lines: one article per line, with configurable field names (`--map`).
//!
//! Lines are read with a size cap, so one enormous line is skipped and reported instead of being
//! held in memory; a broken line costs that line only.

use std::io::{self, BufRead};

use parallax_model::{InputFormat, Location, RejectKind};
use serde_json::{Map, Value};

use super::{compressed, decode, Content, Context, Record, RecordMeta, Sink};

/// Reads every line of a JSON Lines stream.
pub(super) fn read(ctx: &Context<'_>, stream: &mut dyn BufRead, sink: &mut Sink<'_>) {
    let limit = ctx.opts.max_document_bytes;
    let mut line_no = 0u64;
    let mut offset = 0u64;
    let mut buf = Vec::with_capacity(1 << 14);
    loop {
        buf.clear();
        line_no += 1;
        let line = match read_line_capped(stream, &mut buf, limit) {
            Ok(Line::Eof) => break,
            Ok(l) => l,
            Err(e) => {
                let compression = ctx.compression.as_deref();
                sink(Err(ctx.reject(
                    Location::Line { line: line_no },
                    compressed::error_kind(&e, compression),
                    format!(
                        "{} (at byte {} of the {}stream; the lines before it were read)",
                        compressed::describe(&e, compression),
                        offset + buf.len() as u64,
                        if compression.is_some() {
                            "decompressed "
                        } else {
                            ""
                        }
                    ),
                )));
                return;
            }
        };
        let location = Location::Line { line: line_no };
        match line {
            Line::Eof => unreachable!(),
            Line::TooLong(total) => {
                offset += total;
                sink(Err(ctx.reject(
                    location,
                    RejectKind::TooLarge,
                    format!(
                        "line is {total} bytes, over the {limit} byte limit (--max-document-bytes)"
                    ),
                )));
            }
            Line::Complete(total) => {
                offset += total;
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                sink(parse_line(ctx, std::mem::take(&mut buf), location));
            }
        }
    }
}

enum Line {
    Complete(u64),
    TooLong(u64),
    Eof,
}

/// Reads one line into `buf` (newline stripped) unless it exceeds `limit` bytes, in which case
/// the rest of the line is consumed and dropped.
fn read_line_capped(stream: &mut dyn BufRead, buf: &mut Vec<u8>, limit: usize) -> io::Result<Line> {
    let mut total = 0u64;
    let mut too_long = false;
    loop {
        let avail = match stream.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            if total == 0 {
                return Ok(Line::Eof);
            }
            break;
        }
        let (chunk, done) = match memchr(avail) {
            Some(i) => (&avail[..i], Some(i + 1)),
            None => (avail, None),
        };
        total += chunk.len() as u64;
        if !too_long {
            if buf.len() + chunk.len() > limit {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        let used = done.unwrap_or(chunk.len());
        stream.consume(used);
        if done.is_some() {
            total += 1;
            break;
        }
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(if too_long {
        Line::TooLong(total)
    } else {
        Line::Complete(total)
    })
}

fn memchr(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

fn parse_line(
    ctx: &Context<'_>,
    bytes: Vec<u8>,
    location: Location,
) -> Result<Record, parallax_model::Reject> {
    let mut decoded_from = None;
    let parsed: Result<Map<String, Value>, serde_json::Error> = match std::str::from_utf8(&bytes) {
        Ok(s) => serde_json::from_str(s),
        Err(utf8) => {
            // JSON must be UTF-8, but dumps made from legacy pages sometimes are not.
            let d = decode::decode_text(&bytes, None, false);
            match serde_json::from_str(&d.text) {
                Ok(v) if d.bad_share < 0.05 => {
                    decoded_from = d.from;
                    Ok(v)
                }
                _ => {
                    return Err(ctx.reject(
                        location,
                        RejectKind::Encoding,
                        format!(
                            "invalid UTF-8 at byte {} of the line, and no legacy encoding fits",
                            utf8.valid_up_to()
                        ),
                    ))
                }
            }
        }
    };
    let obj = match parsed {
        Ok(o) => o,
        Err(e) => {
            let what = if e.is_data() && !bytes.trim_ascii_start().starts_with(b"{") {
                "not a JSON object".to_string()
            } else {
                format!("broken JSON: {e}")
            };
            return Err(ctx.reject(location, RejectKind::BadJson, what));
        }
    };
    let f = &ctx.opts.fields;
    let field = |name: &str| -> Result<Option<String>, String> {
        match obj.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(other) => Err(format!(
                "field {name:?} is {}, expected a string",
                type_name(other)
            )),
        }
    };
    let get =
        |name: &str| field(name).map_err(|m| ctx.reject(location.clone(), RejectKind::BadJson, m));
    // Bodies must be strings; ids and dates may also be numbers (epoch seconds).
    let strict = |name: &str| match obj.get(name) {
        Some(Value::Number(_)) => Err(ctx.reject(
            location.clone(),
            RejectKind::BadJson,
            format!("field {name:?} is a number, expected a string"),
        )),
        _ => get(name),
    };
    let text = strict(&f.text)?;
    let html = strict(&f.html)?;
    let content = match (text, html) {
        (Some(t), _) if !t.trim().is_empty() => Content::Text(t),
        (_, Some(h)) if !h.trim().is_empty() => Content::Html(h),
        (Some(_), _) | (_, Some(_)) => {
            return Err(ctx.reject(
                location,
                RejectKind::Empty,
                format!("field {:?} is empty", f.text),
            ))
        }
        (None, None) => {
            let mut present: Vec<&str> = obj.keys().map(String::as_str).collect();
            present.truncate(12);
            return Err(ctx.reject(
                location,
                RejectKind::MissingField,
                format!(
                    "missing field {:?} (or {:?}); fields present: {}; use --map text=NAME",
                    f.text,
                    f.html,
                    if present.is_empty() {
                        "none".into()
                    } else {
                        present.join(", ")
                    }
                ),
            ));
        }
    };
    let meta = RecordMeta {
        id: get(&f.id)?,
        url: get(&f.url)?,
        outlet: get(&f.outlet)?,
        date: get(&f.date)?,
        title: get(&f.title)?,
        lang: get(&f.lang)?,
        crawl_date: None,
    };
    let mut source = ctx.source(location, InputFormat::JsonLines);
    source.decoded_from = decoded_from.map(str::to_string);
    Ok(Record {
        source,
        original: bytes,
        content,
        meta,
    })
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
