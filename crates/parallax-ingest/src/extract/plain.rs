//! Plain text as scraped: optional header lines (`date 2018-04-06`, `title: …`, `url …`), stray
//! markup debris such as a `|  |` line, an optional headline, then the body.

use parallax_model::DateOrigin;

use super::{date, Date};

/// What a scraped text file yields.
pub(super) struct Scraped {
    pub(super) text: String,
    pub(super) title: Option<String>,
    pub(super) published: Option<Date>,
    pub(super) outlet: Option<String>,
}

/// Splits header, headline and body. The body is rebuilt as paragraphs separated by one blank
/// line; debris lines are dropped (they stay in the original bytes).
pub(super) fn parse(raw: &str) -> Scraped {
    let mut published = None;
    let mut title = None;
    let mut outlet = None;
    let mut paras: Vec<String> = Vec::new();
    let mut in_header = true;
    for span in parallax_text::paragraphs(raw) {
        let p = span.slice(raw);
        // A paragraph may hold several lines: treat header lines one by one.
        let mut kept: Vec<&str> = Vec::new();
        for line in p.lines() {
            let l = line.trim();
            if is_debris(l) {
                continue;
            }
            if in_header {
                if let Some((key, value)) = header_line(l) {
                    match key {
                        "date" | "published" | "pubdate" => {
                            published =
                                published.or_else(|| date::parse(value, DateOrigin::TextHeader))
                        }
                        "title" | "headline" => title = title.or(Some(value.to_string())),
                        "outlet" | "site" | "publisher" => {
                            outlet = outlet.or(Some(value.to_string()))
                        }
                        _ => {}
                    }
                    continue;
                }
            }
            kept.push(l);
        }
        if kept.is_empty() {
            continue;
        }
        in_header = false;
        paras.push(kept.join("\n"));
    }
    // A first short line without closing punctuation, followed by more text, is the headline.
    if title.is_none() && paras.len() >= 2 && is_headline(&paras[0]) {
        title = Some(paras.remove(0));
    }
    Scraped {
        text: paras.join("\n\n"),
        title,
        published,
        outlet,
    }
}

/// A line with no letters or digits (`|  |`, `* * *`, `---`).
fn is_debris(line: &str) -> bool {
    !line.is_empty() && !line.chars().any(char::is_alphanumeric)
}

/// `date 2018-04-06`, `Date: 2018-04-06`, `title: …`.
fn header_line(line: &str) -> Option<(&'static str, &str)> {
    const KEYS: [&str; 8] = [
        "date",
        "published",
        "pubdate",
        "title",
        "headline",
        "outlet",
        "site",
        "publisher",
    ];
    let lower = line.to_ascii_lowercase();
    for key in KEYS {
        if let Some(rest) = lower.strip_prefix(key) {
            let sep = rest.chars().next()?;
            if sep == ':' || sep == ' ' || sep == '\t' {
                let value = line[key.len() + sep.len_utf8()..].trim();
                let value = value.strip_prefix(':').unwrap_or(value).trim();
                if value.is_empty() || value.len() > 300 {
                    return None;
                }
                // "date" lines must really hold a date; other keys must be short.
                if key == "date" || key == "published" || key == "pubdate" {
                    date::parse(value, DateOrigin::TextHeader)?;
                } else if sep == ' ' {
                    // "Title of the Republic…" is prose, not a header: require a colon.
                    return None;
                }
                return Some((key, value));
            }
        }
    }
    None
}

fn is_headline(p: &str) -> bool {
    let one_line = !p.contains('\n');
    let short = p.chars().count() <= 160;
    let open = !p.ends_with(['.', '!', '?', '"', '”', '»', '…', ':', ';', ',']);
    one_line && short && open && p.split_whitespace().count() >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_debris_and_headline() {
        let raw = "|  | \n\n\nLeader: A headline about Palestine\n\nTehran, The leader said talks are a sin.\n\nSource: IRNA";
        let s = parse(raw);
        assert_eq!(
            s.title.as_deref(),
            Some("Leader: A headline about Palestine")
        );
        assert!(s.published.is_none());
        assert_eq!(
            s.text,
            "Tehran, The leader said talks are a sin.\n\nSource: IRNA"
        );
    }

    #[test]
    fn date_header() {
        let raw = " date 2018-04-06 \n\nIn response to an earlier letter, the Imam said so.";
        let s = parse(raw);
        assert_eq!(s.published.unwrap().iso, "2018-04-06");
        assert_eq!(
            s.text,
            "In response to an earlier letter, the Imam said so."
        );
        assert!(s.title.is_none());
    }
}
