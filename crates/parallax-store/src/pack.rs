//! Compact binary encoding of paragraph lists: millions of rows make JSON too slow here.

use parallax_model::{Paragraph, ParagraphRole, Span};

const RECORD: usize = 17;

fn role_byte(r: ParagraphRole) -> u8 {
    match r {
        ParagraphRole::Body => 0,
        ParagraphRole::Credit => 1,
        ParagraphRole::SiteBlurb => 2,
    }
}

/// Packs paragraphs as (start u32, end u32, hash u64, role u8), little-endian.
pub(crate) fn pack(paragraphs: &[Paragraph]) -> Vec<u8> {
    let mut out = Vec::with_capacity(paragraphs.len() * RECORD);
    for p in paragraphs {
        out.extend_from_slice(&(p.span.start as u32).to_le_bytes());
        out.extend_from_slice(&(p.span.end as u32).to_le_bytes());
        out.extend_from_slice(&p.hash.to_le_bytes());
        out.push(role_byte(p.role));
    }
    out
}

/// The inverse of [`pack`]; `None` when the bytes are not a packed list or do not fit `text_len`.
pub(crate) fn unpack(bytes: &[u8], text_len: usize) -> Option<Vec<Paragraph>> {
    if !bytes.len().is_multiple_of(RECORD) {
        return None;
    }
    bytes
        .chunks_exact(RECORD)
        .map(|c| {
            let start = u32::from_le_bytes(c[0..4].try_into().ok()?) as usize;
            let end = u32::from_le_bytes(c[4..8].try_into().ok()?) as usize;
            let hash = u64::from_le_bytes(c[8..16].try_into().ok()?);
            let role = match c[16] {
                0 => ParagraphRole::Body,
                1 => ParagraphRole::Credit,
                2 => ParagraphRole::SiteBlurb,
                _ => return None,
            };
            (start <= end && end <= text_len).then_some(Paragraph {
                span: Span::new(start, end),
                hash,
                role,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let ps = vec![
            Paragraph {
                span: Span::new(0, 5),
                hash: u64::MAX,
                role: ParagraphRole::Body,
            },
            Paragraph {
                span: Span::new(7, 9),
                hash: 3,
                role: ParagraphRole::SiteBlurb,
            },
        ];
        assert_eq!(unpack(&pack(&ps), 9).unwrap(), ps);
        assert!(unpack(&pack(&ps), 8).is_none());
        assert!(unpack(&[1, 2, 3], 100).is_none());
    }
}
