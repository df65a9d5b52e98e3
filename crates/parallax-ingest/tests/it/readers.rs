//! Each reader on fixtures, and each bad-input case of the ingest issue.

use parallax_ingest::{FieldMap, IngestOptions, Input};
use parallax_model::{
    AttributionKind, DateOrigin, InputFormat, Location, ParagraphRole, RejectKind,
};

use crate::{bytes, check, fixture, gzip};

fn opts() -> IngestOptions {
    IngestOptions::default()
}

/// Options with a `--map` field list.
fn mapped(fields: &str) -> IngestOptions {
    IngestOptions {
        fields: FieldMap::parse(&[fields.into()]).unwrap(),
        ..opts()
    }
}

#[test]
fn html_page() {
    let (a, r) = check(Input::Path(fixture("harbor.html")), &opts());
    assert!(r.is_empty(), "{r:?}");
    let a = &a[0];
    assert_eq!(a.source.format, InputFormat::Html);
    assert_eq!(
        a.title.as_deref(),
        Some("Harbor bridge reopens after storm repairs")
    );
    let p = a.published.as_ref().unwrap();
    assert_eq!(
        (p.iso.as_str(), p.origin),
        ("2024-03-14T08:15:00Z", DateOrigin::JsonLd)
    );
    assert_eq!(a.outlet.as_deref(), Some("coastal-courier"));
    assert_eq!(a.language.as_deref(), Some("en"));
    assert!(a.text.contains("six weeks after a winter storm"));
    assert!(!a.text.contains("Most read"), "sidebar leaked: {}", a.text);
    assert!(
        !a.text.contains("Subscribe to our newsletter"),
        "footer leaked"
    );
    assert!(a.paragraphs.len() >= 4, "{:?}", a.paragraphs);
    let reuters = a
        .attributions
        .iter()
        .find(|c| c.agency.as_deref() == Some("Reuters"))
        .unwrap();
    assert_eq!(reuters.kind, AttributionKind::Dateline);
    assert_eq!(
        String::from_utf8_lossy(&a.original),
        std::fs::read_to_string(fixture("harbor.html")).unwrap()
    );
}

#[test]
fn json_lines_text_and_html_fields() {
    let (a, r) = check(Input::Path(fixture("wire.jsonl")), &opts());
    assert!(r.is_empty(), "{r:?}");
    assert_eq!(a.len(), 3);
    assert_eq!(a[0].source.location, Location::Line { line: 1 });
    assert_eq!(a[0].outlet.as_deref(), Some("valley-times.example"));
    assert_eq!(a[0].published.as_ref().unwrap().iso, "2024-03-14T10:00:00Z");
    assert_eq!(a[0].attributions[0].agency.as_deref(), Some("AP"));
    assert_eq!(a[1].outlet.as_deref(), Some("daily-ledger"));
    assert_eq!(a[1].attributions[0].kind, AttributionKind::Reported);
    // The third line carries HTML: extracted, dated from nothing (no date anywhere).
    assert!(a[2].text.starts_with("The central library"));
    assert_ne!(a[2].extractor, "record");
    assert!(a[2].published.is_none());
    // The original is the line, untouched.
    assert!(String::from_utf8_lossy(&a[0].original).starts_with("{\"id\": \"w1\""));
}

#[test]
fn json_lines_with_field_map() {
    let o = mapped("id=uid,url=link,outlet=source,date=published_at,title=headline,text=body");
    let (a, r) = check(Input::Path(fixture("mapped.jsonl")), &o);
    assert!(r.is_empty(), "{r:?}");
    assert_eq!(a[0].title.as_deref(), Some("Ferry timetable changes"));
    assert_eq!(a[0].published.as_ref().unwrap().iso, "2024-05-02T09:30:00");
    assert_eq!(a[0].outlet.as_deref(), Some("example-net"));
    // One field may serve two roles: the body is read as the headline too.
    let o = mapped("title=body,text=body");
    let (shared, r) = check(Input::Path(fixture("mapped.jsonl")), &o);
    assert!(r.is_empty(), "{r:?}");
    assert_eq!(shared[0].text, a[0].text);
    assert_eq!(shared[0].title.as_deref(), Some(a[0].text.as_str()));
    // Without the map the line lacks a text field.
    let (a, r) = check(Input::Path(fixture("mapped.jsonl")), &opts());
    assert!(a.is_empty());
    assert_eq!(r[0].kind, RejectKind::MissingField);
    assert!(r[0].message.contains("--map"), "{}", r[0].message);
}

#[test]
fn scraped_text_header_debris_and_credit() {
    let (a, _) = check(Input::Path(fixture("scraped.txt")), &opts());
    let a = &a[0];
    assert_eq!(a.published.as_ref().unwrap().iso, "2024-02-01");
    assert_eq!(
        a.title.as_deref(),
        Some("Minister rejects claim of secret talks")
    );
    assert!(!a.text.contains("|  |"));
    let last = a.paragraphs.last().unwrap();
    assert_eq!(last.role, ParagraphRole::Credit);
    assert_eq!(
        a.attributions[0].span.slice(&a.text),
        "Example State News Agency"
    );
}

fn warc_record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-14T12:00:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len(),
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http_page(html: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}", html.len()).into_bytes()
}

#[test]
fn warc_gz_per_record() {
    let page = std::fs::read_to_string(fixture("harbor.html")).unwrap();
    let mut file = Vec::new();
    file.extend(gzip(&warc_record(
        "warcinfo",
        "",
        "application/warc-fields",
        b"software: test\r\n",
    )));
    file.extend(gzip(&warc_record(
        "request",
        "https://courier.example/harbor",
        "application/http; msgtype=request",
        b"GET /harbor HTTP/1.1\r\n\r\n",
    )));
    file.extend(gzip(&warc_record(
        "response",
        "https://www.courier.example/2024/03/14/harbor",
        "application/http; msgtype=response",
        &http_page(&page),
    )));
    file.extend(gzip(&warc_record(
        "resource",
        "https://courier.example/notes.txt",
        "text/plain",
        b"A short note about the harbor bridge, which reopened on Thursday after repairs.",
    )));
    let (a, r) = check(bytes("crawl.warc.gz", file), &opts());
    assert!(r.is_empty(), "{r:?}");
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].source.format, InputFormat::Warc);
    assert_eq!(a[0].source.compression.as_deref(), Some("gzip"));
    assert_eq!(
        a[0].url.as_deref(),
        Some("https://www.courier.example/2024/03/14/harbor")
    );
    match &a[0].source.location {
        Location::Record {
            number, record_id, ..
        } => {
            assert_eq!(*number, 3);
            assert!(record_id
                .as_deref()
                .unwrap()
                .starts_with("<urn:uuid:response-"));
        }
        other => panic!("{other:?}"),
    }
    assert!(a[0].text.contains("six weeks after a winter storm"));
    assert!(a[1].text.starts_with("A short note"));
}

#[test]
fn truncated_warc_record_keeps_earlier_records() {
    let page = std::fs::read_to_string(fixture("harbor.html")).unwrap();
    let mut file = warc_record(
        "response",
        "https://courier.example/a",
        "application/http",
        &http_page(&page),
    );
    let second = warc_record(
        "response",
        "https://courier.example/b",
        "application/http",
        &http_page(&page),
    );
    file.extend_from_slice(&second[..second.len() / 2]);
    let (a, r) = check(bytes("cut.warc", file), &opts());
    assert_eq!(a.len(), 1);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].kind, RejectKind::Truncated);
    assert!(
        matches!(r[0].location, Location::Record { number: 2, .. }),
        "{:?}",
        r[0]
    );
    assert!(
        r[0].to_string().starts_with("cut.warc record 2"),
        "{}",
        r[0]
    );
}

#[test]
fn compressed_variants() {
    let text = std::fs::read(fixture("wire.jsonl")).unwrap();
    let (a, r) = check(bytes("wire.jsonl.gz", gzip(&text)), &opts());
    assert!(r.is_empty());
    assert_eq!(a.len(), 3);
    let z = zstd::bulk::compress(&text, 3).unwrap();
    let (a, _) = check(bytes("wire.jsonl.zst", z), &opts());
    assert_eq!(a.len(), 3);
    assert_eq!(a[0].source.compression.as_deref(), Some("zstd"));
    // Compression is recognised by content even under a misleading name.
    let (a, _) = check(bytes("wire.jsonl", gzip(&text)), &opts());
    assert_eq!(a.len(), 3);
}

#[test]
fn truncated_gzip_keeps_lines_before_the_cut() {
    let mut lines = String::new();
    for i in 0..200 {
        lines.push_str(&format!("{{\"id\": \"{i}\", \"text\": \"Article number {i} says the council met on Monday to vote on the budget.\"}}\n"));
    }
    let gz = gzip(lines.as_bytes());
    let (a, r) = check(bytes("cut.jsonl.gz", gz[..gz.len() - 40].to_vec()), &opts());
    assert!(a.len() > 100, "{}", a.len());
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].kind, RejectKind::Truncated);
    assert!(
        r[0].message.contains("gzip stream is truncated"),
        "{}",
        r[0].message
    );
    assert!(matches!(r[0].location, Location::Line { .. }));
}

#[test]
fn broken_and_incomplete_json_lines() {
    let input = "{\"text\": \"The first line is fine and talks about the harbor.\"}\n{\"text\": \"broken\n[1, 2]\n{\"title\": \"no body\"}\n{\"text\": 42}\n\n{\"text\": \"The last line is fine too, about the bridge.\"}\n";
    let (a, r) = check(bytes("mixed.jsonl", input), &opts());
    assert_eq!(a.len(), 2);
    let kinds: Vec<(RejectKind, String)> =
        r.iter().map(|r| (r.kind, r.location.suffix())).collect();
    assert_eq!(
        kinds,
        [
            (RejectKind::BadJson, ":2".into()),
            (RejectKind::BadJson, ":3".into()),
            (RejectKind::MissingField, ":4".into()),
            (RejectKind::BadJson, ":5".into()),
        ]
    );
    assert!(
        r[1].message.contains("not a JSON object"),
        "{}",
        r[1].message
    );
}

#[test]
fn legacy_charset_is_decoded() {
    let arabic = "قال المرشد الأعلى يوم الأربعاء إن المفاوضات مع النظام المحتل خطأ كبير لا يغتفر، وإن المقاومة هي الطريق الوحيد لإنقاذ فلسطين.";
    let (encoded, _, _) = encoding_rs::WINDOWS_1256.encode(arabic);
    let (a, r) = check(bytes("legacy.txt", encoded.into_owned()), &opts());
    assert!(r.is_empty(), "{r:?}");
    assert_eq!(a[0].text, arabic);
    assert_eq!(a[0].source.decoded_from.as_deref(), Some("windows-1256"));
    assert_eq!(a[0].language.as_deref(), Some("ar"));
}

#[test]
fn invalid_utf8_json_line_is_decoded_or_named() {
    let mut line = b"{\"text\": \"Caf".to_vec();
    line.extend_from_slice(
        b"\xe9 owners in the old town said on Monday that rents had doubled.\"}\n",
    );
    let (a, r) = check(bytes("latin.jsonl", line), &opts());
    assert!(r.is_empty(), "{r:?}");
    assert!(a[0].text.starts_with("Café"));
    let (_, r) = check(
        bytes("junk.jsonl", b"{\"text\": \"\xff\xfe\x00\x01\"}\n".to_vec()),
        &opts(),
    );
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].location, Location::Line { line: 1 });
}

#[test]
fn empty_binary_and_textless_documents() {
    let (_, r) = check(bytes("empty.txt", Vec::new()), &opts());
    assert_eq!(r[0].kind, RejectKind::Empty);
    let (_, r) = check(bytes("blank.html", "  \n\n "), &opts());
    assert_eq!(r[0].kind, RejectKind::Empty);
    let (_, r) = check(
        bytes("photo.html", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        &opts(),
    );
    assert_eq!(r[0].kind, RejectKind::Binary);
    assert!(r[0].message.contains("PNG"));
    let (_, r) = check(
        bytes("nav.html", "<html><body><nav>|</nav></body></html>"),
        &opts(),
    );
    assert_eq!(r[0].kind, RejectKind::NoText);
}

#[test]
fn oversized_documents_and_lines() {
    let mut o = opts();
    o.max_document_bytes = 1000;
    let big = "word ".repeat(1000);
    let (_, r) = check(bytes("big.txt", big.clone()), &o);
    assert_eq!(r[0].kind, RejectKind::TooLarge);
    assert!(r[0].message.contains("5000 bytes"), "{}", r[0].message);
    let jsonl = format!("{{\"text\": \"{big}\"}}\n{{\"text\": \"A normal line after the huge one, about the budget.\"}}\n");
    let (a, r) = check(bytes("big.jsonl", jsonl), &o);
    assert_eq!(a.len(), 1);
    assert_eq!(
        (r[0].kind, r[0].location.clone()),
        (RejectKind::TooLarge, Location::Line { line: 1 })
    );
}

#[test]
fn two_hundred_megabyte_document_is_refused_without_reading_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(200 << 20).unwrap();
    let (a, r) = check(Input::Path(path), &opts());
    assert!(a.is_empty());
    assert_eq!(r[0].kind, RejectKind::TooLarge);
    assert!(r[0].message.contains("209715200 bytes"), "{}", r[0].message);
}

#[test]
fn missing_file_is_a_reject_not_a_crash() {
    let (_, r) = check(Input::Path("/nonexistent/parallax/x.txt".into()), &opts());
    assert_eq!(r[0].kind, RejectKind::Io);
}

#[test]
fn same_input_same_ids() {
    let (a, _) = check(Input::Path(fixture("wire.jsonl")), &opts());
    let (b, _) = check(Input::Path(fixture("wire.jsonl")), &opts());
    assert_eq!(a, b);
    let ids: std::collections::HashSet<_> = a.iter().map(|x| &x.id).collect();
    assert_eq!(ids.len(), 3);
}
