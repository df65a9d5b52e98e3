//! One key per outlet, whether the input names it by host (`www.reuters.com`), by URL or by
//! site name ("The Iran News Gazette").

/// The outlet key for a name or host as given (`www.Reuters.com` → `reuters.com`, "The Iran
/// News Gazette" → `iran-news-gazette`): what an article's outlet is stored as.
pub fn key(name: &str) -> Option<String> {
    let n = name.trim();
    if n.is_empty() {
        return None;
    }
    if n.contains("://") {
        return key_from_url(n);
    }
    if !n.contains(char::is_whitespace) && n.contains('.') {
        return Some(host_key(n));
    }
    let slug = slug(
        n.strip_prefix("The ")
            .or(n.strip_prefix("the "))
            .unwrap_or(n),
    );
    (!slug.is_empty()).then_some(slug)
}

/// The outlet key from a URL's host.
pub(super) fn key_from_url(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    parsed.host_str().map(host_key).filter(|h| !h.is_empty())
}

/// Lower case, no port, no `www.`, `m.`, `amp.` or `mobile.` prefix.
fn host_key(host: &str) -> String {
    let mut h = host.trim().trim_end_matches('.').to_lowercase();
    if let Some(i) = h.find(':') {
        h.truncate(i);
    }
    for prefix in ["www.", "m.", "amp.", "mobile."] {
        if let Some(rest) = h.strip_prefix(prefix) {
            if rest.contains('.') {
                h = rest.to_string();
            }
        }
    }
    h
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_urls_and_names_agree() {
        assert_eq!(key("www.Reuters.com").as_deref(), Some("reuters.com"));
        assert_eq!(
            key_from_url("https://m.reuters.com:443/world/x").as_deref(),
            Some("reuters.com")
        );
        assert_eq!(
            key("The iran News Gazette").as_deref(),
            Some("iran-news-gazette")
        );
        assert_eq!(key("  ").as_deref(), None);
    }
}
