//! Character encodings: UTF-8 is the norm, but crawls carry windows-1256, GB2312, Shift_JIS and
//! the like. We honour a BOM, then a declared charset, then ask chardetng.

use encoding_rs::{Encoding, UTF_8};

/// Decoded text, and the legacy encoding it came from when it was not UTF-8.
pub(crate) struct Decoded {
    pub(crate) text: String,
    pub(crate) from: Option<&'static str>,
    /// Share of characters that could not be decoded (replacement characters).
    pub(crate) bad_share: f64,
}

/// Decodes `bytes`; `declared` is a charset label from an HTTP header or the caller.
/// HTML `<meta charset>` is looked for in the first 2 KiB when `html` is true.
pub(crate) fn decode_text(bytes: &[u8], declared: Option<&str>, html: bool) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return finish(enc, &bytes[bom_len..]);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded {
            text: s.to_string(),
            from: None,
            bad_share: 0.0,
        };
    }
    let declared = declared
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        .or_else(|| if html { meta_charset(bytes) } else { None })
        .filter(|e| *e != UTF_8);
    let enc = declared.unwrap_or_else(|| {
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(bytes, true);
        det.guess(None, chardetng::Utf8Detection::Deny)
    });
    finish(enc, bytes)
}

fn finish(enc: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, _) = enc.decode_without_bom_handling(bytes);
    let total = text.chars().count().max(1);
    let bad = text.chars().filter(|&c| c == '\u{FFFD}').count();
    Decoded {
        from: (enc != UTF_8).then(|| enc.name()),
        bad_share: bad as f64 / total as f64,
        text: text.into_owned(),
    }
}

/// The charset an HTML page declares in its first 2 KiB.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(2048)];
    let lower = head.to_ascii_lowercase();
    let pos = lower.windows(8).position(|w| w == b"charset=")?;
    let rest = &lower[pos + 8..];
    let rest = rest
        .strip_prefix(b"\"")
        .or(rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_'))
        .unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1256_arabic_is_detected() {
        let arabic = "قال المرشد الأعلى إن المفاوضات مع النظام الصهيوني خطأ كبير لا يغتفر، وإن المقاومة هي الطريق الوحيد.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(arabic);
        let d = decode_text(&bytes, None, false);
        assert_eq!(d.from, Some("windows-1256"));
        assert_eq!(d.text, arabic);
    }

    #[test]
    fn declared_meta_charset_wins() {
        let page = b"<html><head><meta charset=\"iso-8859-1\"></head><body>caf\xe9</body></html>";
        let d = decode_text(page, None, true);
        assert!(d.text.contains("café"));
        assert_eq!(d.from, Some("windows-1252"));
    }
}
