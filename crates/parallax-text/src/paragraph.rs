//! Paragraph and line splitting with byte offsets.

use parallax_model::Span;

/// Lines of `text` without their line terminator (`\n` or `\r\n`), as spans.
pub fn lines(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let rest = &text[pos..];
        let (len, advance) = match rest.find('\n') {
            Some(i) => (i, i + 1),
            None => (rest.len(), rest.len()),
        };
        let mut end = pos + len;
        if end > pos && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        let span = Span::new(pos, end);
        pos += advance;
        Some(span)
    })
}

/// Paragraphs: runs of non-blank lines separated by blank lines, trimmed of surrounding
/// whitespace. A text without blank lines is split on single line breaks instead, since
/// many scrapers emit one paragraph per line.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let has_blank_line = {
        let mut prev_blank = false;
        let mut seen_text = false;
        let mut found = false;
        for l in lines(text) {
            let blank = l.slice(text).trim().is_empty();
            if blank && seen_text {
                prev_blank = true;
            } else if !blank {
                if prev_blank {
                    found = true;
                    break;
                }
                seen_text = true;
            }
        }
        found
    };
    let mut out = Vec::new();
    let mut current: Option<Span> = None;
    for l in lines(text) {
        let line = l.slice(text);
        if line.trim().is_empty() {
            if let Some(p) = current.take() {
                out.push(p);
            }
            continue;
        }
        let trimmed = trim_span(text, l);
        match current.as_mut() {
            Some(p) if has_blank_line => p.end = trimmed.end,
            Some(_) => {
                out.extend(current.replace(trimmed));
            }
            None => current = Some(trimmed),
        }
    }
    out.extend(current);
    out
}

/// `span` without leading and trailing whitespace.
fn trim_span(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.end - (s.len() - s.trim_end().len());
    Span::new(start, end.max(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_separate_paragraphs() {
        let text = "  A first\nline continues.\n\n\n  Second.  \r\n";
        let got: Vec<&str> = paragraphs(text).iter().map(|s| s.slice(text)).collect();
        assert_eq!(got, ["A first\nline continues.", "Second."]);
    }

    #[test]
    fn single_newlines_split_when_no_blank_lines() {
        let text = "One.\nTwo.\nThree.";
        assert_eq!(paragraphs(text).len(), 3);
    }

    #[test]
    fn crlf_lines() {
        let text = "a\r\nb";
        let got: Vec<&str> = lines(text).map(|s| s.slice(text)).collect();
        assert_eq!(got, ["a", "b"]);
    }
}
