//! What an ingest run is told: size limits, field names of JSON Lines input, languages.

use crate::IngestError;

/// Names of the JSON Lines fields Parallax reads. Defaults are the field names themselves;
/// `--map text=body` makes the `text` field come from `body`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap {
    /// Record id (optional in the input).
    pub id: String,
    /// Page URL.
    pub url: String,
    /// Outlet name or host.
    pub outlet: String,
    /// Publication date.
    pub date: String,
    /// Headline.
    pub title: String,
    /// Clean text of the article.
    pub text: String,
    /// Raw HTML of the page, used when there is no text.
    pub html: String,
    /// Declared language.
    pub lang: String,
}

impl Default for FieldMap {
    fn default() -> Self {
        Self {
            id: "id".into(),
            url: "url".into(),
            outlet: "outlet".into(),
            date: "date".into(),
            title: "title".into(),
            text: "text".into(),
            html: "html".into(),
            lang: "lang".into(),
        }
    }
}

impl FieldMap {
    /// Applies `field=name` entries (comma-separated lists are accepted) on top of the defaults.
    pub fn parse(entries: &[String]) -> Result<Self, IngestError> {
        let mut map = Self::default();
        for entry in entries.iter().flat_map(|e| e.split(',')) {
            let entry = entry.trim();
            if entry.is_empty() {
                continue;
            }
            let Some((field, name)) = entry.split_once('=') else {
                return Err(IngestError::FieldMap {
                    entry: entry.into(),
                    reason: "expected FIELD=NAME, e.g. text=body".into(),
                });
            };
            let name = name.trim().to_string();
            if name.is_empty() {
                return Err(IngestError::FieldMap {
                    entry: entry.into(),
                    reason: "the input field name is empty".into(),
                });
            }
            let slot = match field.trim() {
                "id" => &mut map.id,
                "url" => &mut map.url,
                "outlet" => &mut map.outlet,
                "date" => &mut map.date,
                "title" => &mut map.title,
                "text" => &mut map.text,
                "html" => &mut map.html,
                "lang" => &mut map.lang,
                other => {
                    return Err(IngestError::FieldMap {
                        entry: entry.into(),
                        reason: format!(
                            "unknown field {other:?}; known: id, url, outlet, date, title, text, html, lang"
                        ),
                    })
                }
            };
            *slot = name;
        }
        Ok(map)
    }
}

/// Settings of one ingest run.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Largest document (file, JSON line, WARC record) accepted, in bytes.
    pub max_document_bytes: usize,
    /// JSON Lines field names.
    pub fields: FieldMap,
    /// ISO 639-1 codes the language identifier chooses from; empty means every built-in one.
    pub languages: Vec<String>,
    /// How the main text of HTML pages is extracted.
    pub html: crate::HtmlChoice,
}

impl Default for IngestOptions {
    fn default() -> Self {
        Self {
            max_document_bytes: 64 << 20,
            fields: FieldMap::default(),
            languages: Vec::new(),
            html: crate::HtmlChoice::Combined,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_overrides_named_fields_only() {
        let m = FieldMap::parse(&["text=body, date=published_at".into()]).unwrap();
        assert_eq!(m.text, "body");
        assert_eq!(m.date, "published_at");
        assert_eq!(m.title, "title");
    }

    #[test]
    fn map_rejects_unknown_fields() {
        let err = FieldMap::parse(&["body=text".into()]).unwrap_err();
        assert!(err.to_string().contains("unknown field \"body\""), "{err}");
        assert!(FieldMap::parse(&["text".into()]).is_err());
    }
}
