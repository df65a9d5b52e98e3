//! Publication dates from the many ways inputs write them. A date we cannot read stays missing:
//! nothing here ever falls back to "now".

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use parallax_model::{DateOrigin, Published};
use regex::Regex;

/// Parses a date or timestamp; `None` when it is not one we can read or it is implausible.
pub(super) fn parse(raw: &str, origin: DateOrigin) -> Option<Published> {
    let s = raw.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    let iso = parse_iso(s)?;
    Some(Published { iso, origin })
}

fn plausible(d: NaiveDate) -> bool {
    use chrono::Datelike;
    (1900..=2100).contains(&d.year())
}

fn parse_iso(s: &str) -> Option<String> {
    // Epoch seconds or milliseconds.
    if s.len() >= 9 && s.len() <= 13 && s.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = s.parse().ok()?;
        let secs = if s.len() == 13 { n / 1000 } else { n };
        let dt = DateTime::<Utc>::from_timestamp(secs, 0)?;
        return plausible(dt.date_naive()).then(|| dt.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        let utc = dt.with_timezone(&Utc);
        return plausible(utc.date_naive()).then(|| utc.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        let utc = dt.with_timezone(&Utc);
        return plausible(utc.date_naive()).then(|| utc.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S %z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            let utc = dt.with_timezone(&Utc);
            return plausible(utc.date_naive())
                .then(|| utc.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        }
    }
    // A time without a zone is kept as written, without pretending it is UTC.
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return plausible(dt.date()).then(|| dt.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    let day_formats = [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%Y.%m.%d",
        "%d.%m.%Y",
        "%B %d, %Y",
        "%b %d, %Y",
        "%b. %d, %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%A, %B %d, %Y",
        "%a, %d %b %Y",
        "%Y%m%d",
    ];
    for fmt in day_formats {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return plausible(d).then(|| d.format("%Y-%m-%d").to_string());
        }
    }
    // A longer string that starts with an ISO day ("2018-04-06 (updated)").
    static LEADING_DAY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(\d{4}-\d{2}-\d{2})\b").unwrap());
    let caps = LEADING_DAY.captures(s)?;
    let d = NaiveDate::parse_from_str(&caps[1], "%Y-%m-%d").ok()?;
    plausible(d).then(|| d.format("%Y-%m-%d").to_string())
}

/// A day written in a URL path: `/2018/04/06/`, `/2018-04-06-`, `/20180406/`.
pub(super) fn from_url(url: &str) -> Option<Published> {
    static URL_DAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"/((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)")
            .unwrap()
    });
    let path_start = url.find("://").map(|i| i + 3).unwrap_or(0);
    let path = &url[path_start..];
    let path = &path[path.find('/').unwrap_or(path.len())..];
    let c = URL_DAY.captures(path)?;
    let d = NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?;
    plausible(d).then(|| Published {
        iso: d.format("%Y-%m-%d").to_string(),
        origin: DateOrigin::Url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        parse(s, DateOrigin::Record).map(|p| p.iso)
    }

    #[test]
    fn formats() {
        assert_eq!(iso("2018-04-06").as_deref(), Some("2018-04-06"));
        assert_eq!(
            iso("2018-04-06T09:30:00+02:00").as_deref(),
            Some("2018-04-06T07:30:00Z")
        );
        assert_eq!(
            iso("2024-01-05 13:00:00").as_deref(),
            Some("2024-01-05T13:00:00")
        );
        assert_eq!(
            iso("Fri, 06 Apr 2018 10:00:00 GMT").as_deref(),
            Some("2018-04-06T10:00:00Z")
        );
        assert_eq!(iso("April 6, 2018").as_deref(), Some("2018-04-06"));
        assert_eq!(iso("1523008800").as_deref(), Some("2018-04-06T10:00:00Z"));
        assert_eq!(iso("yesterday"), None);
        assert_eq!(iso("3018-04-06"), None);
    }

    #[test]
    fn url_days() {
        let d = from_url("https://example.com/news/2018/04/06/leader-letter").unwrap();
        assert_eq!(d.iso, "2018-04-06");
        assert!(from_url("https://example.com/2018/99/99/x").is_none());
        assert!(from_url("https://example.com/item/12345678").is_none());
    }
}
